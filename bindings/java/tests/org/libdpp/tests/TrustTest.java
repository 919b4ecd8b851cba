// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libdpp.Algorithm;
import org.libdpp.Attestation;
import org.libdpp.Claim;
import org.libdpp.DppException;
import org.libdpp.DppKeyException;
import org.libdpp.EncodeOptions;
import org.libdpp.Encoder;
import org.libdpp.InvalidException;
import org.libdpp.Key;
import org.libdpp.ListInfo;
import org.libdpp.Passport;
import org.libdpp.Revocation;
import org.libdpp.RevocationList;
import org.libdpp.RevokedException;
import org.libdpp.Signer;
import org.libdpp.Trust;
import org.libdpp.TrustList;
import org.libdpp.TrustListException;
import org.libdpp.TrustStore;
import org.libdpp.UntrustedException;
import org.libdpp.UsageException;
import org.libdpp.Verifier;
import org.libdpp.VerifyResult;

/** Trust lists, revocation lists and attestation (spec/trust.md). */
class TrustTest {
    static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    static final Duration DAY = Duration.ofDays(1);
    static Key operator;
    static Key maker;
    static Key certifier;
    static Key other;

    @BeforeAll
    static void keys() throws DppException {
        operator = Key.generate(Algorithm.ES256);
        maker = Key.generate(Algorithm.ES256);
        certifier = Key.generate(Algorithm.ES256);
        other = Key.generate(Algorithm.ES256);
    }

    static byte[] list(long sequence, Instant issuedAt, Instant nextUpdate) throws DppException {
        try (TrustList tl = new TrustList()) {
            byte[] kid = tl.add(new TrustList.Entry(maker, "manufacturer", "ACME Steel", "CN")
                                    .identifier("LEI", "5493001KJTIIGC8Y1R12"));
            assertArrayEquals(maker.kid(), kid);
            tl.add(new TrustList.Entry(certifier.publicPem().getBytes(StandardCharsets.UTF_8), "certifier", "Cert Body",
                                       "DE").claims("footprint"));
            assertEquals(2, tl.size());
            return tl.sign(operator, sequence, issuedAt, nextUpdate);
        }
    }

    static byte[] list() throws DppException {
        return list(5, NOW.minus(DAY), NOW.plus(DAY));
    }

    static byte[] revocations(long sequence) throws DppException {
        try (RevocationList rl = new RevocationList()) {
            rl.addKey(maker.kid(), "key-compromise", LocalDate.of(2023, 1, 1));
            rl.addPassport(UUID.fromString("00000000-0000-4000-8000-000000000001"), "recall", LocalDate.of(2023, 2, 1));
            rl.addBatch("06901234567892", "B-1", "fraud", LocalDate.of(2022, 1, 1));
            assertEquals(3, rl.size());
            return rl.sign(operator, sequence, NOW.minus(DAY), NOW.plus(DAY));
        }
    }

    static TrustStore store() throws DppException {
        TrustStore ts = new TrustStore();
        ts.pinOperator(operator);
        ts.loadList(list(), NOW, 0);
        return ts;
    }

    @Test
    void vocabulary() {
        assertEquals(List.of("manufacturer", "certifier", "cbam-verifier", "operator"), Trust.roleNames());
        assertTrue(Trust.claimNames().contains("footprint"));
        assertEquals(List.of("product", "batch", "item", "passport"), Trust.bindingNames());
        assertTrue(Trust.reasonNames().contains("key-compromise"));
    }

    @Test
    void buildSignAndLoadWithPin() throws DppException {
        byte[] signed = list();
        assertEquals((byte) 0xD2, signed[0]);
        try (TrustStore ts = new TrustStore()) {
            ts.pinOperator(operator);
            ListInfo info = ts.loadList(signed, NOW, 0);
            assertEquals(5, info.sequence());
            assertEquals(2, info.entries());
            assertEquals(NOW.minus(DAY), info.issuedAt());
            assertEquals(NOW.plus(DAY), info.nextUpdate());
            assertFalse(info.isPastNextUpdate());
            assertArrayEquals(operator.kid(), info.signerKid());
        }
        try (TrustStore ts = new TrustStore()) {
            ts.pinOperator(other);
            TrustListException e = assertThrows(TrustListException.class, () -> ts.loadList(signed, NOW, 0));
            assertEquals("DPP_ERR_LIST_UNPINNED", e.getName());
            e = assertThrows(TrustListException.class, () -> ts.loadList(new byte[] {(byte) 0xa0}, NOW, 0));
            assertEquals("DPP_ERR_LIST_UNSIGNED", e.getName());
        }
    }

    @Test
    void passportVerifiedThroughList() throws Exception {
        Passport p = Fixtures.passport();
        try (TrustStore ts = store()) {
            String text = Encoder.encode(p, maker, EncodeOptions.defaults().withIssuedAt(NOW));
            VerifyResult r = new Verifier(ts).verify(text, NOW.plusSeconds(60));
            assertEquals("trust-list", r.signer().source());
            assertEquals("manufacturer", r.signer().role());
            assertEquals("ACME Steel", r.signer().partyName());
            assertEquals("CN", r.signer().country());
            assertEquals("LEI", r.signer().identifierScheme());
            assertEquals("5493001KJTIIGC8Y1R12", r.signer().identifierValue());
            assertArrayEquals(maker.kid(), r.signer().kid());
            assertTrue(r.attestations().isEmpty());
            assertTrue(r.linkUri().isEmpty());
            // The passport says "third-party-verified" of its footprint; with no
            // attestation that is the manufacturer's word, and the API says so.
            assertEquals(Optional.of("third-party-verified"), r.passport().declaredFootprintVerification());
            Claim fp = r.claim("footprint").orElseThrow();
            assertTrue(fp.isSelfDeclared());
            assertTrue(fp.attestedBy().isEmpty());
            assertEquals(Optional.of("third-party-verified"), fp.declaredVerification());
            assertEquals("footprint: self-declared by the manufacturer, no attestation "
                         + "(the passport says 'third-party-verified')", fp.toString());
            assertTrue(r.claim("cbam").orElseThrow().declaredVerification().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> r.claim("verification"));
            String bad = Encoder.encode(p, certifier, EncodeOptions.defaults().withIssuedAt(NOW));
            UntrustedException e = assertThrows(UntrustedException.class,
                                                () -> new Verifier(ts).verify(bad, NOW.plusSeconds(60)));
            assertEquals("DPP_ERR_ROLE", e.getName());
            assertEquals("role", e.getCheck());
        }
    }

    @Test
    void attestedFootprintReportedPerClaim() throws Exception {
        Passport p = Fixtures.passport();
        byte[] att = Encoder.attest(p, certifier, "passport", "footprint");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("full".getBytes(StandardCharsets.UTF_8));
        try (TrustStore ts = store()) {
            String text = Encoder.encode(p, maker, EncodeOptions.defaults().withIssuedAt(NOW)
                                                       .withAttestations(List.of(att))
                                                       .withLink("https://example.com/p/1", digest));
            VerifyResult r = new Verifier(ts).verify(text, NOW.plusSeconds(60));
            assertEquals(1, r.attestations().size());
            Attestation a = r.attestations().get(0);
            assertEquals(List.of("footprint"), a.claims());
            assertEquals("passport", a.binding());
            assertArrayEquals(certifier.kid(), a.kid());
            assertEquals("certifier", a.attester().role());
            assertEquals("Cert Body", a.attester().partyName());
            assertEquals(List.of("footprint"), List.copyOf(r.attestedClaims().keySet()));
            assertEquals("DE", r.attestedClaims().get("footprint").attester().country());
            Claim fp = r.claim("footprint").orElseThrow();
            assertFalse(fp.isSelfDeclared());
            assertEquals("Cert Body", fp.attestedBy().orElseThrow().partyName());
            assertEquals("footprint: attested by Cert Body (the passport says 'third-party-verified')", fp.toString());
            assertTrue(r.claim("materials").orElseThrow().isSelfDeclared());
            assertFalse(r.selfDeclared().contains("footprint"));
            assertTrue(r.selfDeclared().contains("materials"));
            assertEquals("https://example.com/p/1", r.linkUri().orElseThrow());
            assertArrayEquals(digest, r.linkSha256());

            byte[] outOfScope = Encoder.attest(p, certifier, "passport", "materials");
            String t2 = Encoder.encode(p, maker, EncodeOptions.defaults().withIssuedAt(NOW)
                                                     .withAttestations(List.of(outOfScope)));
            UntrustedException e = assertThrows(UntrustedException.class,
                                                () -> new Verifier(ts).verify(t2, NOW.plusSeconds(60)));
            assertEquals("DPP_ERR_SCOPE", e.getName());
            assertEquals(0, e.getReport().failedAttestation());
        }
        InvalidException e = assertThrows(InvalidException.class,
                                          () -> Encoder.attest(p, certifier, "passport", "facility"));
        assertEquals("DPP_ERR_ATTESTATION_CLAIM", e.getName());
        assertThrows(IllegalArgumentException.class, () -> Encoder.attest(p, certifier, "passport", "nope"));
        assertThrows(IllegalArgumentException.class, () -> Encoder.attest(p, certifier, "galaxy", "footprint"));
    }

    @Test
    void mutualRecognitionNamesTheScheme() throws Exception {
        Passport p = Fixtures.passport();
        Key euOp = Key.generate(Algorithm.EDDSA);
        byte[] euList;
        try (TrustList tl = new TrustList()) {
            tl.add(new TrustList.Entry(other, "manufacturer", "Other Maker", "FR"));
            euList = tl.sign(euOp, 1, NOW.minus(DAY), NOW.plus(DAY));
        }
        try (TrustStore ts = store()) {
            assertEquals(0, ts.schemeCount());
            ts.pinOperator("eu-dpp", euOp);
            TrustListException wrong = assertThrows(TrustListException.class,
                                                    () -> ts.loadList("eu-dpp", list(), NOW, 0, Trust.DEFAULT_GRACE));
            assertEquals("DPP_ERR_LIST_WRONG_SCHEME", wrong.getName());
            assertEquals(1, ts.loadList("eu-dpp", euList, NOW, 0, Trust.DEFAULT_GRACE).entries());
            assertEquals(1, ts.schemeCount());
            EncodeOptions at = EncodeOptions.defaults().withIssuedAt(NOW);
            Signer mine = new Verifier(ts).verify(Encoder.encode(p, maker, at), NOW.plusSeconds(60)).signer();
            assertFalse(mine.trustScheme().isPresent());
            assertArrayEquals(operator.kid(), mine.schemeOperator());
            Signer theirs = new Verifier(ts).verify(Encoder.encode(p, other, at), NOW.plusSeconds(60)).signer();
            assertEquals("eu-dpp", theirs.trustScheme().orElseThrow());
            assertArrayEquals(euOp.kid(), theirs.schemeOperator());
            byte[] revs;
            try (RevocationList rl = new RevocationList()) {
                rl.addKey(maker.kid(), "key-compromise", LocalDate.of(2023, 1, 1));
                revs = rl.sign(euOp, 1, NOW.minus(DAY), NOW.plus(DAY));
            }
            ts.loadRevocations("eu-dpp", revs, NOW, 0, Trust.DEFAULT_GRACE);
            RevokedException e = assertThrows(RevokedException.class,
                () -> new Verifier(ts).verify(Encoder.encode(p, maker, at), NOW.plusSeconds(60)));
            assertEquals("eu-dpp", e.getReport().revocation().orElseThrow().scheme().orElseThrow());
            UsageException bad = assertThrows(UsageException.class, () -> ts.pinOperator("", euOp));
            assertTrue(bad.getDetail().contains("scheme name"), bad.getDetail());
        }
    }

    @Test
    void revokedKidThrowsRevokedException() throws Exception {
        Passport p = Fixtures.passport();
        try (TrustStore ts = store()) {
            String text = Encoder.encode(p, maker, EncodeOptions.defaults().withIssuedAt(NOW));
            assertEquals("SKIPPED", new Verifier(ts).verify(text, NOW.plusSeconds(60)).report().getChecks()
                                        .get("revocation").name());
            assertEquals(3, ts.loadRevocations(revocations(1), NOW, 0).entries());
            RevokedException e = assertThrows(RevokedException.class,
                                              () -> new Verifier(ts).verify(text, NOW.plusSeconds(60)));
            assertInstanceOf(UntrustedException.class, e);
            assertEquals("DPP_ERR_REVOKED", e.getName());
            assertEquals("revocation", e.getCheck());
            Revocation rev = e.getReport().revocation().orElseThrow();
            assertEquals("key", rev.kind());
            assertEquals("key-compromise", rev.reason());
            assertEquals(LocalDate.of(2023, 1, 1), rev.date());
            assertArrayEquals(maker.kid(), rev.kid());
            assertNull(rev.passportId());
            // copy on write keeps pin, list and revocations
            ts.add(other);
            assertThrows(RevokedException.class, () -> new Verifier(ts).verify(text, NOW.plusSeconds(60)));
            String own = Encoder.encode(p, other, EncodeOptions.defaults().withIssuedAt(NOW));
            assertEquals("pinned", new Verifier(ts).verify(own, NOW.plusSeconds(60)).signer().source());
        }
    }

    @Test
    void revokedPassportAndBatchAreTyped() throws Exception {
        Passport p = Fixtures.passport();
        String text = Encoder.encode(p, maker, EncodeOptions.defaults().withIssuedAt(NOW));
        for (int kind = 0; kind < 2; kind++) {
            byte[] signed;
            try (RevocationList rl = new RevocationList()) {
                if (kind == 0) rl.addPassport(UUID.fromString(p.id()), "fraud", LocalDate.of(2022, 1, 8));
                else rl.addBatch(p.gtin(), p.batch().orElseThrow(), "recall", LocalDate.of(2022, 1, 9));
                signed = rl.sign(operator, 2, NOW.minus(DAY), NOW.plus(DAY));
            }
            try (TrustStore ts = store()) {
                ListInfo info = ts.loadRevocations(signed, NOW, 0);
                assertEquals(2, info.sequence());
                assertEquals(1, info.entries());
                assertArrayEquals(operator.kid(), info.signerKid());
                RevokedException e = assertThrows(RevokedException.class,
                                                  () -> new Verifier(ts).verify(text, NOW.plusSeconds(60)));
                Revocation rev = e.getReport().revocation().orElseThrow();
                assertNull(rev.kid());
                if (kind == 0) {
                    assertEquals("passport", rev.kind());
                    assertEquals(UUID.fromString(p.id()), rev.passportId());
                    assertNull(rev.gtin());
                    assertNull(rev.batch());
                } else {
                    assertEquals("batch", rev.kind());
                    assertEquals(LocalDate.of(2022, 1, 9), rev.date());
                    assertEquals(p.gtin(), rev.gtin());
                    assertEquals(p.batch().orElseThrow(), rev.batch());
                    assertNull(rev.passportId());
                }
            }
        }
    }

    @Test
    void staleListRejected() throws DppException {
        byte[] stale = list(5, NOW.minus(DAY.multipliedBy(10)), NOW.minus(DAY.multipliedBy(8)));
        try (TrustStore ts = new TrustStore()) {
            ts.pinOperator(operator);
            TrustListException e = assertThrows(TrustListException.class, () -> ts.loadList(stale, NOW, 0));
            assertEquals("DPP_ERR_LIST_STALE", e.getName());
            assertTrue(ts.loadList(stale, NOW, 0, DAY.multipliedBy(9)).isPastNextUpdate());
            byte[] rl = revocations(1);
            e = assertThrows(TrustListException.class,
                             () -> ts.loadRevocations(rl, NOW.plus(DAY.multipliedBy(10)), 0));
            assertEquals("DPP_ERR_LIST_STALE", e.getName());
        }
    }

    @Test
    void rollbackRejected() throws DppException {
        try (TrustStore ts = new TrustStore()) {
            ts.pinOperator(operator);
            long seen = ts.loadList(list(7, NOW.minus(DAY), NOW.plus(DAY)), NOW, 0).sequence();
            byte[] older = list(6, NOW.minus(DAY), NOW.plus(DAY));
            TrustListException e = assertThrows(TrustListException.class, () -> ts.loadList(older, NOW, seen));
            assertEquals("DPP_ERR_LIST_ROLLBACK", e.getName());
            assertEquals(7, ts.loadList(list(7, NOW.minus(DAY), NOW.plus(DAY)), NOW, seen).sequence());
            byte[] rl = revocations(2);
            e = assertThrows(TrustListException.class, () -> ts.loadRevocations(rl, NOW, 3));
            assertEquals("DPP_ERR_LIST_ROLLBACK", e.getName());
        }
    }

    @Test
    void parseEditAndResign() throws DppException {
        byte[] resigned;
        try (TrustList tl = TrustList.parse(list(), operator)) {
            assertEquals(2, tl.size());
            assertEquals(1, tl.remove(certifier.kid(), "certifier"));
            DppException e = assertThrows(DppException.class, () -> tl.remove(certifier.kid(), null));
            assertEquals("DPP_ERR_NOT_FOUND", e.getName());
            resigned = tl.sign(operator, 6, NOW.minus(DAY), NOW.plus(DAY));
        }
        try (TrustStore ts = new TrustStore()) {
            ts.pinOperator(operator);
            assertEquals(1, ts.loadList(resigned, NOW, 5).entries());
        }
    }

    @Test
    void badArguments() throws DppException {
        TrustList tl = new TrustList();
        {
            assertThrows(IllegalArgumentException.class, () -> tl.add(new TrustList.Entry(maker, "king", "x", "DE")));
            assertThrows(UsageException.class, () -> tl.add(new TrustList.Entry(maker, "manufacturer", "", "DE")));
            assertThrows(NullPointerException.class, () -> new TrustList.Entry(maker, "manufacturer", null, "DE"));
            assertThrows(DppKeyException.class,
                         () -> tl.add(new TrustList.Entry(new byte[] {1, 2}, "manufacturer", "x", "DE")));
            assertThrows(UsageException.class, () -> tl.sign(operator, 0, NOW, NOW.plus(DAY)));
            tl.close();
            assertThrows(IllegalStateException.class, tl::size);
        }
        try (RevocationList rl = new RevocationList()) {
            assertThrows(UsageException.class, () -> rl.addKey(new byte[3], "key-compromise", LocalDate.of(2023, 1, 1)));
            assertThrows(IllegalArgumentException.class, () -> rl.addKey(maker.kid(), "bored", LocalDate.of(2023, 1, 1)));
            assertThrows(NullPointerException.class, () -> rl.addKey(maker.kid(), "recall", null));
        }
        try (TrustStore ts = new TrustStore()) {
            assertThrows(NullPointerException.class, () -> ts.pinOperator(null));
            assertThrows(UsageException.class, () -> ts.loadList(list(), NOW, 0)); // no operator pinned
            assertThrows(NullPointerException.class, () -> ts.loadList(null, NOW, 0));
            assertThrows(IllegalArgumentException.class, () -> ts.loadList(new byte[1], NOW, -1));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vector(String name) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readString(
            Fixtures.ROOT.resolve("test-vectors/vectors").resolve(name + ".json")));
    }

    /** The vector's trusted keys, its operator keys pinned when pin. */
    @SuppressWarnings("unchecked")
    private static TrustStore statusStore(Map<String, Object> v, boolean pin) throws Exception {
        Map<String, Object> inp = (Map<String, Object>) v.get("inputs");
        TrustStore ts = new TrustStore();
        for (Object k : (List<?>) inp.get("trusted_keys")) ts.addPem((String) ((Map<String, Object>) k).get("pem"));
        if (pin) {
            for (Object k : (List<?>) inp.get("operator_keys")) {
                try (Key op = Key.load((String) ((Map<String, Object>) k).get("pem"))) {
                    ts.pinOperator(op);
                }
            }
        }
        return ts;
    }

    @SuppressWarnings("unchecked")
    private static byte[] firstList(Map<String, Object> v) {
        Map<String, Object> inp = (Map<String, Object>) v.get("inputs");
        String hex = (String) ((Map<String, Object>) ((List<?>) inp.get("lists")).get(0)).get("cose");
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Instant vectorNow(Map<String, Object> v) {
        return Instant.ofEpochSecond((Long) ((Map<String, Object>) v.get("inputs")).get("validation_time"));
    }

    @Test
    void statusListRevokesByIndex() throws Exception {
        Map<String, Object> v = vector("status-whole-revoked");
        String text = (String) v.get("text");
        Instant now = vectorNow(v);
        try (TrustStore ts = statusStore(v, true)) {
            assertTrue(new Verifier(ts).verify(text, now).report().isOk()); // no status list yet
            ListInfo info = ts.loadStatus(firstList(v), now, 0);
            assertTrue(info.sequence() > 0);
            RevokedException e = assertThrows(RevokedException.class, () -> new Verifier(ts).verify(text, now));
            assertEquals("DPP_ERR_STATUS_REVOKED", e.getName());
            assertEquals("revocation", e.getCheck());
        }
    }

    @Test
    void statusListBadInputTypedErrors() throws Exception {
        Map<String, Object> v = vector("status-whole-revoked");
        Instant now = vectorNow(v);
        try (TrustStore ts = statusStore(v, false)) { // no operator pinned at all
            assertThrows(UsageException.class, () -> ts.loadStatus(firstList(v), now, 0));
        }
        Map<String, Object> u = vector("status-list-unpinned");
        try (TrustStore ts = statusStore(u, true)) {
            TrustListException e = assertThrows(TrustListException.class,
                                                 () -> ts.loadStatus(firstList(u), vectorNow(u), 0));
            assertEquals("DPP_ERR_LIST_UNPINNED", e.getName());
        }
        Map<String, Object> t = vector("status-list-tampered");
        try (TrustStore ts = statusStore(t, true)) {
            InvalidException e = assertThrows(InvalidException.class, () -> ts.loadStatus(firstList(t), vectorNow(t), 0));
            assertEquals("DPP_ERR_SIGNATURE", e.getName());
        }
        Map<String, Object> d = vector("status-delta-no-base");
        try (TrustStore ts = statusStore(d, true)) {
            TrustListException e = assertThrows(TrustListException.class,
                                                () -> ts.loadStatus(firstList(d), vectorNow(d), 0));
            assertEquals("DPP_ERR_STATUS_DELTA_BASE", e.getName());
            assertThrows(DppException.class, () -> ts.loadStatus(new byte[] {0, 1, 2}, now, 0));
            assertThrows(NullPointerException.class, () -> ts.loadStatus(null, now, 0));
            assertThrows(IllegalArgumentException.class, () -> ts.loadStatus(new byte[1], now, -1));
        }
    }
}
