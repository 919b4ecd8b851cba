// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.libdpp.Algorithm;
import org.libdpp.Base45;
import org.libdpp.CheckStatus;
import org.libdpp.Compression;
import org.libdpp.Cose;
import org.libdpp.Dpp;
import org.libdpp.DppException;
import org.libdpp.RevokedException;
import org.libdpp.TrustListException;
import org.libdpp.DppKeyException;
import org.libdpp.Ecc;
import org.libdpp.EncodeOptions;
import org.libdpp.Encoder;
import org.libdpp.ExpiredException;
import org.libdpp.InvalidException;
import org.libdpp.Key;
import org.libdpp.MalformedException;
import org.libdpp.Passport;
import org.libdpp.QrCode;
import org.libdpp.QrException;
import org.libdpp.SchemaException;
import org.libdpp.TrustStore;
import org.libdpp.UntrustedException;
import org.libdpp.UsageException;
import org.libdpp.Verifier;
import org.libdpp.VerifyException;

/** Every error kind, and bad input from Java: the right exception, never a JVM crash. */
class ErrorTest {
    private static String text() throws Exception {
        return Encoder.encode(Fixtures.passport(), Fixtures.key(Algorithm.ES256),
                              EncodeOptions.defaults().withIssuedAt(Fixtures.IAT));
    }

    private static VerifyException rejected(String text, TrustStore trust, Instant now) {
        VerifyException e = assertThrows(VerifyException.class, () -> new Verifier(trust).verify(text, now));
        assertNotNull(e.getReport());
        assertEquals(e.getCode(), e.getReport().getCode());
        assertEquals(e.getName(), e.getReport().getName());
        assertEquals(e.getDetail(), e.getReport().getMessage());
        assertEquals(CheckStatus.FAIL, e.getReport().status(e.getCheck()));
        assertEquals(e.getName() + ": " + e.getDetail(), e.getMessage());
        return e;
    }

    private static TrustStore trust() throws Exception {
        return new TrustStore(List.of(Fixtures.key(Algorithm.ES256)));
    }

    @Test
    void classForCodes() {
        assertEquals(UsageException.class, DppException.classFor(1));
        assertEquals(MalformedException.class, DppException.classFor(22));
        assertEquals(InvalidException.class, DppException.classFor(46));
        assertEquals(UntrustedException.class, DppException.classFor(45));
        assertEquals(UntrustedException.class, DppException.classFor(49));
        assertEquals(ExpiredException.class, DppException.classFor(47));
        assertEquals(SchemaException.class, DppException.classFor(64));
        assertEquals(DppKeyException.class, DppException.classFor(80));
        assertEquals(QrException.class, DppException.classFor(90));
        assertEquals(DppException.class, DppException.classFor(999));
        for (int c = 0; c < 256; c++) {
            String n = Dpp.errorName(c);
            if (n.equals("DPP_ERR_REVOKED")) assertEquals(RevokedException.class, DppException.classFor(c));
            if (n.equals("DPP_ERR_SCOPE")) assertEquals(UntrustedException.class, DppException.classFor(c));
            if (n.equals("DPP_ERR_LIST_STALE")) assertEquals(TrustListException.class, DppException.classFor(c));
            if (n.equals("DPP_ERR_ATTESTATION_SIGNATURE")) assertEquals(InvalidException.class, DppException.classFor(c));
        }
        DppException e = new DppException(46, null, -5);
        assertEquals("DPP_ERR_SIGNATURE", e.getName());
        assertEquals(-1, e.getOffset());
        assertTrue(e.getDetail().length() > 0);
    }

    @Test
    void malformed() throws Exception {
        try (TrustStore t = trust()) {
            assertEquals("DPP_ERR_PREFIX", rejected("", t, Fixtures.IAT).getName());
            assertEquals("DPP_ERR_PREFIX_VERSION", rejected("DPP2:ABC", t, Fixtures.IAT).getName());
            VerifyException e = rejected("DPP1:abc", t, Fixtures.IAT);
            assertInstanceOf(MalformedException.class, e);
            assertEquals("DPP_ERR_BASE45", e.getName());
            assertEquals("base45", e.getCheck());
            VerifyException big = rejected("DPP1:" + "A".repeat(5_000_000), t, Fixtures.IAT);
            assertEquals("DPP_ERR_TOO_LARGE", big.getName());
            assertTrue(big.getDetail().contains("4296"));
        }
    }

    @Test
    void invalidSignature() throws Exception {
        byte[] cose = Encoder.coseFromText(text());
        cose[cose.length - 1] ^= 1;
        try (TrustStore t = trust()) {
            VerifyException e = rejected(Encoder.textFromCose(cose, Compression.NEVER), t, Fixtures.IAT);
            assertInstanceOf(InvalidException.class, e);
            assertEquals("DPP_ERR_SIGNATURE", e.getName());
            assertEquals("signature", e.getCheck());
            assertEquals(CheckStatus.NOT_RUN, e.getReport().status("claims"));
        }
    }

    @Test
    void untrusted() throws Exception {
        try (TrustStore other = new TrustStore(List.of(Key.generate(Algorithm.ES256)))) {
            VerifyException e = rejected(text(), other, Fixtures.IAT);
            assertInstanceOf(UntrustedException.class, e);
            assertEquals("DPP_ERR_KID_UNKNOWN", e.getName());
        }
        Key k = Fixtures.key(Algorithm.EDDSA);
        String cert = k.selfSignedCert("Old", Instant.ofEpochSecond(1_600_000_000L), Instant.ofEpochSecond(1_650_000_000L));
        String text = Encoder.encode(Fixtures.passport(), k, EncodeOptions.defaults().withIssuedAt(Fixtures.IAT));
        try (TrustStore t = new TrustStore()) {
            t.addPem(cert);
            VerifyException e = rejected(text, t, Fixtures.IAT);
            assertEquals("DPP_ERR_KEY_NOT_VALID", e.getName());
            assertEquals("key_validity", e.getCheck());
        }
    }

    @Test
    void expiredAndNotYetValid() throws Exception {
        Key k = Fixtures.key(Algorithm.ES256);
        String text = Encoder.encode(Fixtures.passport(), k,
            EncodeOptions.defaults().withIssuedAt(Fixtures.IAT).withExpires(Fixtures.IAT.plusSeconds(3600)));
        try (TrustStore t = trust()) {
            new Verifier(t).verify(text, Fixtures.IAT.plusSeconds(3599));
            VerifyException e = rejected(text, t, Fixtures.IAT.plusSeconds(3600));
            assertInstanceOf(ExpiredException.class, e);
            assertEquals("DPP_ERR_EXPIRED", e.getName());
            VerifyException f = rejected(text, t, Fixtures.IAT.minusSeconds(301));
            assertInstanceOf(ExpiredException.class, f);
            assertEquals("DPP_ERR_NOT_YET_VALID", f.getName());
            assertEquals("iat", f.getCheck());
        }
    }

    @Test
    void schema() throws Exception {
        SchemaException e = assertThrows(SchemaException.class, () -> Passport.fromJson("{}"));
        assertEquals("DPP_ERR_SCHEMA_MISSING", e.getName());
        assertNull(e.getReport());
        assertEquals("DPP_ERR_JSON_SYNTAX", assertThrows(SchemaException.class, () -> Passport.fromJson("{x")).getName());
        // the place of a syntax error, as data too (dpp_diag.line/column)
        SchemaException syn = assertThrows(SchemaException.class, () -> Passport.fromJson("{\n  \"id\": tru\n}"));
        assertEquals(2, syn.getLine());
        assertEquals(11, syn.getColumn());
        assertTrue(syn.getDetail().endsWith(" (line 2, column 11)"), syn.getDetail());
        SchemaException missing = assertThrows(SchemaException.class, () -> Passport.fromJson("{\"id\": \"x\"}"));
        assertEquals(0, missing.getLine());
        assertEquals(0, missing.getColumn());
        String json = Fixtures.passport().toJson().replaceFirst("\"gtin\": \"(\\d{13})(\\d)\"", "\"gtin\": \"$1X\"");
        assertThrows(SchemaException.class, () -> Passport.fromJson(json));
        assertThrows(DppException.class, () -> Passport.fromCbor(new byte[] {(byte) 0xa0}));
    }

    @Test
    void keys() throws Exception {
        DppKeyException e = assertThrows(DppKeyException.class, () -> Key.load(new byte[] {1, 2, 3}));
        assertEquals("DPP_ERR_KEY_FORMAT", e.getName());
        assertEquals(80, e.getCode());
        assertTrue(e.getDetail().contains("3 bytes"));
        try (Key pub = Fixtures.key(Algorithm.ES256).publicKey()) {
            assertEquals("DPP_ERR_KEY_NOT_PRIVATE", assertThrows(DppKeyException.class, pub::privatePem).getName());
            assertThrows(DppKeyException.class, () -> Encoder.encode(Fixtures.passport(), pub));
            assertThrows(DppKeyException.class, () -> Cose.sign(new byte[1], pub));
        }
        assertThrows(DppKeyException.class, () -> Key.load(""));
    }

    @Test
    void usage() throws Exception {
        Key k = Fixtures.key(Algorithm.EDDSA);
        UsageException e = assertThrows(UsageException.class,
            () -> k.selfSignedCert("a\0b", Instant.EPOCH, Instant.ofEpochSecond(1)));
        assertEquals("DPP_ERR_INVALID_ARG", e.getName());
        assertTrue(e.getDetail().contains("NUL"));
        assertThrows(DppException.class, () -> Encoder.encode(Fixtures.passport(), k,
            EncodeOptions.defaults().withIssuer("x".repeat(65))));
        assertThrows(DppException.class, () -> Encoder.encode(Fixtures.passport(), k,
            EncodeOptions.defaults().withIssuedAt(Fixtures.IAT).withExpires(Fixtures.IAT.minusSeconds(1))));
    }

    @Test
    void qrAndBase45() throws Exception {
        assertEquals("DPP_ERR_QR_CAPACITY", assertThrows(QrException.class, () -> QrCode.encode("A".repeat(5000), Ecc.H)).getName());
        MalformedException e = assertThrows(MalformedException.class, () -> Base45.decode("GGW"));
        assertEquals("DPP_ERR_BASE45", e.getName());
        QrCode q = QrCode.encode("x");
        assertThrows(DppException.class, () -> q.toSvg(0, 4));
    }

    @Test
    void nullArgumentsThrowNullPointerException() throws Exception {
        Key k = Fixtures.key(Algorithm.ES256);
        try (TrustStore t = trust()) {
            Verifier v = new Verifier(t);
            assertThrows(NullPointerException.class, () -> v.verify((String) null));
            assertThrows(NullPointerException.class, () -> v.verify("DPP1:", null));
            assertThrows(NullPointerException.class, () -> new Verifier(null));
            assertThrows(NullPointerException.class, () -> t.add((Key) null));
            assertThrows(NullPointerException.class, () -> t.add((byte[]) null));
            assertThrows(NullPointerException.class, () -> Key.load((byte[]) null));
            assertThrows(NullPointerException.class, () -> Key.load((String) null));
            assertThrows(NullPointerException.class, () -> Key.generate(null));
            assertThrows(NullPointerException.class, () -> Passport.fromJson((String) null));
            assertThrows(NullPointerException.class, () -> Passport.fromCbor(null));
            assertThrows(NullPointerException.class, () -> Encoder.encode(null, k));
            assertThrows(NullPointerException.class, () -> Encoder.encode(Fixtures.passport(), null));
            assertThrows(NullPointerException.class, () -> Cose.sign(null, k));
            assertThrows(NullPointerException.class, () -> Cose.verify(new byte[0], k, null, new byte[0]));
            assertThrows(NullPointerException.class, () -> Base45.decode(null));
            assertThrows(NullPointerException.class, () -> Verifier.inspect(null));
            assertThrows(NullPointerException.class, () -> QrCode.encode(null));
            assertThrows(NullPointerException.class, () -> k.selfSignedCert(null, Instant.EPOCH, Instant.EPOCH));
        }
    }

    @Test
    void emptyAndHugeInputs() throws Exception {
        assertThrows(SchemaException.class, () -> Passport.fromJson(""));
        assertThrows(MalformedException.class, () -> Verifier.inspect(""));
        assertThrows(MalformedException.class, () -> Encoder.coseFromText(""));
        assertThrows(MalformedException.class, () -> Cose.parse(new byte[0], EnumSet.noneOf(Cose.Flag.class)));
        assertEquals(0, Base45.decode("").length);
        String huge = "x".repeat(50_000_000);
        MalformedException e = assertThrows(MalformedException.class, () -> Passport.fromJson(huge));
        assertEquals("DPP_ERR_TOO_LARGE", e.getName());
        assertThrows(MalformedException.class, () -> Verifier.inspect(huge));
        assertThrows(QrException.class, () -> QrCode.encode(huge));
        assertThrows(MalformedException.class, () -> Encoder.textFromCose(new byte[100_000], Compression.AUTO));
        assertThrows(DppException.class, () -> Key.load(new byte[1_000_000]));
        String weird = "DPP1:\u0000\uD83D\uDE00\uDFFF";  // NUL, emoji, lone surrogate
        try (TrustStore t = trust()) {
            assertInstanceOf(MalformedException.class, rejected(weird, t, Fixtures.IAT));
        }
        byte[] raw = "DPP1:".getBytes(StandardCharsets.UTF_8);
        try (TrustStore t = trust()) {
            assertThrows(VerifyException.class, () -> new Verifier(t).verify(raw, Fixtures.IAT));
        }
    }
}
