// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libdpp.Algorithm;
import org.libdpp.Base45;
import org.libdpp.CheckStatus;
import org.libdpp.Claims;
import org.libdpp.Compression;
import org.libdpp.Cose;
import org.libdpp.CoseMessage;
import org.libdpp.Dpp;
import org.libdpp.DppException;
import org.libdpp.Ecc;
import org.libdpp.EncodeOptions;
import org.libdpp.EncodeResult;
import org.libdpp.Encoder;
import org.libdpp.Inspection;
import org.libdpp.Key;
import org.libdpp.Passport;
import org.libdpp.QrCode;
import org.libdpp.TrustStore;
import org.libdpp.Validity;
import org.libdpp.Verifier;
import org.libdpp.VerifyReport;
import org.libdpp.VerifyResult;

/** Every public API with exact expected values. */
class ApiTest {
    @Test
    void libraryFacts() {
        assertEquals("0.1.0", Dpp.libraryVersion());
        assertEquals("DPP1:", Dpp.PREFIX);
        assertEquals(4296, Dpp.maxTextLength());
        assertEquals(4096, Dpp.maxCoseLength());
        assertEquals("DPP_ERR_SIGNATURE", Dpp.errorName(46));
        assertEquals(List.of("prefix", "base45", "inflate", "cose", "alg", "kid", "signature", "key_validity",
                             "claims", "iat", "exp", "schema"), VerifyReport.checkNames().subList(0, 12));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void generateEncodeVerifyEveryAlgorithm(Algorithm alg) throws Exception {
        Key k = Fixtures.key(alg);
        assertEquals(alg, k.algorithm());
        assertTrue(k.isPrivate());
        assertEquals(8, k.kid().length);
        assertTrue(k.publicPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertTrue(k.privatePem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        try (Key pub = k.publicKey(); TrustStore trust = new TrustStore(List.of(pub))) {
            assertFalse(pub.isPrivate());
            assertArrayEquals(k.kid(), pub.kid());
            String text = Encoder.encode(Fixtures.passport(), k, EncodeOptions.defaults().withIssuedAt(Fixtures.IAT));
            assertTrue(text.startsWith("DPP1:"));
            VerifyResult r = new Verifier(trust).verify(text, Fixtures.IAT.plusSeconds(60));
            assertEquals(Fixtures.passport(), r.passport());
            Claims c = r.claims();
            assertEquals(Fixtures.IAT, c.issuedAt());
            assertEquals(alg, c.algorithm());
            assertArrayEquals(k.kid(), c.kid());
            assertTrue(c.expires().isEmpty() && c.issuer().isEmpty());
            VerifyReport rep = r.report();
            assertTrue(rep.isOk());
            assertEquals(0, rep.getCode());
            assertEquals("DPP_OK", rep.getName());
            assertNull(rep.getFailedCheck());
            assertEquals(CheckStatus.PASS, rep.status("signature"));
            assertEquals(CheckStatus.SKIPPED, rep.status("exp"));
        }
    }

    @Test
    void kidIsSha256OfSpki() throws Exception {
        Key k = Fixtures.key(Algorithm.ES256);
        byte[] h = MessageDigest.getInstance("SHA-256").digest(k.publicDer());
        assertArrayEquals(Arrays.copyOf(h, 8), k.kid());
        assertEquals(k.kidHex(), String.format("%016x", new java.math.BigInteger(1, k.kid())));
    }

    @Test
    void keyLoadFormsAndFile(@TempDir Path dir) throws Exception {
        Key k = Fixtures.key(Algorithm.EDDSA);
        try (Key a = Key.load(k.publicPem()); Key b = Key.load(k.publicDer()); Key c = Key.load(k.privatePem())) {
            assertArrayEquals(k.kid(), a.kid());
            assertArrayEquals(k.kid(), b.kid());
            assertTrue(c.isPrivate() && !a.isPrivate());
        }
        Path f = dir.resolve("k.pem");
        Files.writeString(f, k.privatePem());
        try (Key d = Key.fromFile(f)) {
            assertArrayEquals(k.kid(), d.kid());
        }
    }

    @Test
    void certificateValidity() throws Exception {
        Key k = Fixtures.key(Algorithm.EDDSA);
        String cert = k.selfSignedCert("Test Issuer", Instant.ofEpochSecond(1_704_067_200L),
                                       Instant.ofEpochSecond(1_900_000_000L));
        assertTrue(cert.startsWith("-----BEGIN CERTIFICATE-----\n"));
        try (Key c = Key.load(cert)) {
            Validity v = c.validity().orElseThrow();
            assertEquals(Instant.ofEpochSecond(1_704_067_200L), v.notBefore());
            assertEquals(Instant.ofEpochSecond(1_900_000_000L), v.notAfter());
            assertTrue(v.contains(Instant.ofEpochSecond(1_800_000_000L)) && !v.contains(Fixtures.IAT));
            assertArrayEquals(k.kid(), c.kid());
        }
        assertTrue(k.validity().isEmpty());
    }

    @Test
    void keyToStringHasNoSecretAndCloseWorks() throws Exception {
        Key k = Key.generate(Algorithm.ES256);
        assertEquals("Key[ES256 private kid=" + k.kidHex() + "]", k.toString());
        k.close();
        assertTrue(k.isClosed());
        assertEquals("Key[closed]", k.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, k::kid);
        assertEquals("Key is closed", e.getMessage());
        assertThrows(IllegalStateException.class, k::publicPem);
        k.close(); // idempotent
    }

    @Test
    void trustStore(@TempDir Path dir) throws Exception {
        Key a = Fixtures.key(Algorithm.ES256);
        Key b = Fixtures.key(Algorithm.EDDSA);
        try (TrustStore t = new TrustStore()) {
            assertEquals(0, t.size());
            t.add(a);
            t.add(a); // no-op
            t.addPem(b.publicPem());
            Path f = dir.resolve("p384.der");
            Files.write(f, Fixtures.key(Algorithm.ES384).publicDer());
            t.addFile(f);
            t.add(Fixtures.key(Algorithm.PS256).publicDer());
            assertEquals(4, t.size());
            assertEquals("TrustStore[keys=4]", t.toString());
        }
    }

    @Test
    void trustStoreOutlivesItsKeys() throws Exception {
        Key k = Key.generate(Algorithm.EDDSA);
        String text = Encoder.encode(Fixtures.passport(), k);
        try (TrustStore t = new TrustStore(List.of(k))) {
            k.close();
            assertEquals(Algorithm.EDDSA, new Verifier(t).verify(text).claims().algorithm());
        }
    }

    @Test
    void closedTrustStore() throws Exception {
        TrustStore t = new TrustStore();
        t.close();
        assertTrue(t.isClosed());
        assertEquals("TrustStore[closed]", t.toString());
        assertThrows(IllegalStateException.class, () -> new Verifier(t).verify("DPP1:"));
        assertThrows(IllegalStateException.class, () -> t.add(Fixtures.key(Algorithm.ES256)));
    }

    @Test
    void passportForms() throws Exception {
        Passport p = Fixtures.passport();
        String json = Files.readString(Fixtures.EXAMPLE_JSON);
        assertEquals(p, Passport.fromJson(json));
        assertEquals(p, Passport.fromJson(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(p, Passport.fromCbor(p.toCbor()));
        assertEquals(p.toJson(), Passport.fromJson(p.toJson()).toJson());
        assertEquals(p.hashCode(), Passport.fromJson(json).hashCode());
        assertEquals(14, p.gtin().length());
        assertTrue(p.toJson().contains("\"name\": \"" + p.name() + "\""));
        assertTrue(p.toJson().contains("\"id\": \"" + p.id() + "\""));
        assertTrue(p.toJson().contains("\"country\": \"" + p.manufacturerCountry() + "\""));
        assertTrue(p.toJson().contains("\"name\": \"" + p.manufacturerName() + "\""));
        assertEquals(p.batch().isPresent(), p.toJson().contains("\"batch\""));
        assertEquals(p.productionDate().isPresent(), p.toJson().contains("\"production_date\""));
        assertEquals("Passport[gtin=" + p.gtin() + ", name=" + p.name() + "]", p.toString());
    }

    @Test
    void encodeOptionsAndSizes() throws Exception {
        Key k = Fixtures.key(Algorithm.ES256);
        Instant exp = Instant.parse("2030-01-01T00:00:00Z");
        EncodeOptions o = EncodeOptions.defaults().withIssuedAt(Fixtures.IAT).withExpires(exp).withIssuer("ACME Steel")
            .withCompression(Compression.ALWAYS);
        EncodeResult er = Encoder.encodeWithSizes(Fixtures.passport(), k, o);
        assertEquals(er.text().length(), er.sizes().text());
        assertEquals(Fixtures.passport().toCbor().length, er.sizes().payload());
        assertTrue(er.sizes().usedZlib() && er.sizes().compressed() > 0 && er.sizes().cose() > er.sizes().claims());
        try (TrustStore t = new TrustStore(List.of(k))) {
            Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
            VerifyResult r = new Verifier(t, clock).verify(er.text());
            assertEquals(exp, r.claims().expires().orElseThrow());
            assertEquals("ACME Steel", r.claims().issuer().orElseThrow());
            assertTrue(r.claims().compressed());
            assertEquals(CheckStatus.PASS, r.report().status("exp"));
        }
    }

    @Test
    void coseTransportRoundTrip() throws Exception {
        Key k = Fixtures.key(Algorithm.ES256);
        byte[] cose = Encoder.encodeCose(Fixtures.passport(), k, EncodeOptions.defaults().withIssuedAt(Fixtures.IAT));
        assertEquals((byte) 0xD2, cose[0]);
        try (TrustStore t = new TrustStore(List.of(k))) {
            for (Compression c : Compression.values()) {
                String text = Encoder.textFromCose(cose, c);
                assertArrayEquals(cose, Encoder.coseFromText(text));
                assertEquals(Fixtures.passport(), new Verifier(t).verify(text, Fixtures.IAT).passport());
            }
        }
        assertEquals("DPP1:" + Base45.encode(cose), Encoder.textFromCose(cose, Compression.NEVER));
    }

    @Test
    void checkAndInspect() throws Exception {
        Key k = Fixtures.key(Algorithm.ES256);
        String text = Encoder.encode(Fixtures.passport(), k, EncodeOptions.defaults().withIssuedAt(Fixtures.IAT));
        try (TrustStore t = new TrustStore(List.of(k))) {
            Verifier v = new Verifier(t);
            assertTrue(v.check(text, Fixtures.IAT).isOk());
            VerifyReport bad = v.check("DPP1:AAA", Fixtures.IAT);
            assertFalse(bad.isOk());
            assertEquals("cose", bad.getFailedCheck());
            assertEquals("DPP_ERR_CBOR_MALFORMED", bad.getName());
            assertEquals(CheckStatus.SKIPPED, bad.status("inflate"));
            assertEquals(CheckStatus.NOT_RUN, bad.status("signature"));
            assertThrows(IllegalArgumentException.class, () -> bad.status("nope"));
        }
        Inspection i = Verifier.inspect(text);
        assertEquals(Fixtures.passport(), i.passportUnverified());
        assertEquals(Fixtures.IAT, i.claimsUnverified().issuedAt());
        assertTrue(i.toString().startsWith("Inspection[UNVERIFIED"));
    }

    @Test
    void coseGeneric() throws Exception {
        for (Algorithm alg : Algorithm.values()) {
            Key k = Fixtures.key(alg);
            byte[] aad = "context".getBytes(StandardCharsets.UTF_8);
            byte[] msg = Cose.sign("hello".getBytes(StandardCharsets.UTF_8), k,
                                   EnumSet.of(Cose.Flag.TAGGED, Cose.Flag.INCLUDE_KID), aad);
            CoseMessage m = Cose.verify(msg, k, EnumSet.of(Cose.Flag.TAGGED), aad);
            assertTrue(m.isVerified() && m.isTagged() && m.isAlgProtected() && m.isKidProtected());
            assertEquals("hello", new String(m.payload().orElseThrow(), StandardCharsets.UTF_8));
            assertEquals(alg.coseId(), m.alg().getAsLong());
            assertArrayEquals(k.kid(), m.kid().orElseThrow());
            CoseMessage p = Cose.parse(msg, EnumSet.noneOf(Cose.Flag.class));
            assertFalse(p.isVerified());
            assertArrayEquals(m.signature(), p.signature());
        }
        byte[] plain = Cose.sign(new byte[0], Fixtures.key(Algorithm.EDDSA), EnumSet.noneOf(Cose.Flag.class), new byte[0]);
        assertEquals((byte) 0x84, plain[0]);
        CoseMessage m = Cose.verify(plain, Fixtures.key(Algorithm.EDDSA));
        assertTrue(m.kid().isEmpty() && !m.isTagged() && m.payload().orElseThrow().length == 0);
    }

    @Test
    void base45Rfc9285() throws Exception {
        String[][] vectors = {{"AB", "BB8"}, {"Hello!!", "%69 VD92EX0"}, {"base-45", "UJCLQE7W581"}, {"", ""}};
        for (String[] v : vectors) {
            assertEquals(v[1], Base45.encode(v[0].getBytes(StandardCharsets.UTF_8)));
            assertEquals(v[0], new String(Base45.decode(v[1]), StandardCharsets.UTF_8));
        }
    }

    @Test
    void qrCode() throws Exception {
        String text = Encoder.encode(Fixtures.passport(), Fixtures.key(Algorithm.ES256));
        QrCode q = QrCode.encode(text, Ecc.M);
        assertEquals(4 * q.version() + 17, q.size());
        assertEquals(Ecc.M, q.ecc());
        assertTrue(q.mask() >= 0 && q.mask() <= 7);
        boolean[][] m = q.modules();
        assertEquals(q.size(), m.length);
        assertTrue(m[0][0] && m[0][6] && m[6][0] && !m[1][1] && m[3][3]);
        assertEquals(m[2][5], q.isDark(5, 2));
        assertFalse(q.isDark(-1, 0));
        String svg = q.toSvg(4, 4);
        assertTrue(svg.contains("</svg>"));
        byte[] png = q.toPng(2, 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
        assertEquals((q.size() + 2 + 1) / 2, q.toTerminal(1).split("\n").length);
        assertEquals(1, QrCode.encode("hello", Ecc.L).version());
        assertNotEquals(q.version(), 0);
    }
}
