// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.libdpp.Attestation;
import org.libdpp.DppException;
import org.libdpp.Key;
import org.libdpp.Trust;
import org.libdpp.TrustStore;
import org.libdpp.Verifier;
import org.libdpp.VerifyException;
import org.libdpp.VerifyResult;

/**
 * The repository's test vectors verify through the Java bindings with the expected outcome,
 * the trust-layer vectors (pinned operator keys, signed trust and revocation lists,
 * attestations) included, and the same verdict as the C library (tests/vectors tool).
 */
class VectorTest {
    private static final Set<String> SUPPORTED = Set.of("passport", "signing_key", "iat", "exp", "iss", "compress",
                                                        "trusted_keys", "validation_time", "validation_time_utc",
                                                        "operator_keys", "trust_list", "revocation_list",
                                                        "list_policy", "attestations",
                                                        // the link form (spec/link.md): signed resolver, form written
                                                        "resolver", "form",
                                                        // issue 22 (test-vectors/README.md): named schemes'
                                                        // operators, the lists loaded in order, X.509 CA and
                                                        // signer certificates; "status" is informative
                                                        "scheme_operator_keys", "lists", "ca_certificates",
                                                        "signer_certificates", "status");
    /**
     * The "requires" tags (test-vectors/README.md) these bindings implement: all of them. A tag
     * naming a layer the bindings cannot apply goes to UNAVAILABLE (tag, reason): its vectors
     * are skipped with the reason.
     */
    private static final Set<String> IMPLEMENTS = Set.of("trust-lists", "attestations", "status-lists", "rollover",
                                                         "schemes", "attestation-time", "compact-revocations",
                                                         "x509");
    private static final Map<String, String> UNAVAILABLE = Map.of();
    /** The signed lists, in the order they are loaded: input name, vector_tool option. */
    private static final String[][] LISTS = {{"trust_list", "--trust-list"}, {"revocation_list", "--revocation-list"}};

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @TestFactory
    Stream<DynamicTest> vectors() throws Exception {
        Path dir = Fixtures.ROOT.resolve("test-vectors/vectors");
        assertTrue(Files.isDirectory(dir), dir + " is missing (DPP_SOURCE_DIR)");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static byte[] unhex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x & 0xff));
        return sb.toString();
    }

    /**
     * {error, check, signer_scheme, revoked_by} from the C library (tests/vectors tool), or null
     * without the tool; the inputs go to the tool as tests/vectors/check_vectors.py passes them.
     */
    private static String[] cVerdict(String text, Map<String, Object> inputs, Path tmp) throws Exception {
        String tool = Fixtures.env("DPP_VECTOR_TOOL");
        if (tool == null || !Files.exists(Path.of(tool))) return null;
        Path t = tmp.resolve("text");
        Files.write(t, text.getBytes(StandardCharsets.UTF_8));
        List<String> cmd = new ArrayList<>(List.of(tool, "verify", t.toString(),
                                                   String.valueOf(inputs.get("validation_time"))));
        int i = 0;
        for (Object k : (List<?>) inputs.getOrDefault("operator_keys", List.of())) {
            Path p = tmp.resolve("operator" + i++ + ".pem");
            Files.writeString(p, (String) map(k).get("pem"));
            cmd.add("--operator");
            cmd.add(p.toString());
        }
        for (String[] l : LISTS) {
            if (!inputs.containsKey(l[0])) continue;
            Path p = tmp.resolve(l[0] + ".cose");
            Files.write(p, unhex((String) map(inputs.get(l[0])).get("cose")));
            cmd.add(l[1]);
            cmd.add(p.toString());
        }
        Map<String, Object> schemes = map(inputs.getOrDefault("scheme_operator_keys", Map.of()));
        for (String name : new TreeSet<>(schemes.keySet())) {
            for (Object k : (List<?>) schemes.get(name)) {
                Path p = tmp.resolve("scheme" + i++ + ".pem");
                Files.writeString(p, (String) map(k).get("pem"));
                cmd.addAll(List.of("--scheme-operator", name, p.toString()));
            }
        }
        for (Object o : (List<?>) inputs.getOrDefault("lists", List.of())) { // in order, after the two above
            Map<String, Object> l = map(o);
            Path p = tmp.resolve("list" + i++ + ".cose");
            Files.write(p, unhex((String) l.get("cose")));
            cmd.addAll(List.of("--list", (String) l.get("kind"), l.get("scheme") == null ? "-" : (String) l.get("scheme"),
                               p.toString()));
        }
        for (String[] c : new String[][] {{"ca_certificates", "--ca"}, {"signer_certificates", "--cert"}}) {
            for (Object o : (List<?>) inputs.getOrDefault(c[0], List.of())) {
                Path p = tmp.resolve("cert" + i++ + ".pem");
                Files.writeString(p, (String) map(o).get("pem"));
                cmd.add(c[1]);
                cmd.add(p.toString());
            }
        }
        if (inputs.containsKey("list_policy")) {
            Map<String, Object> pol = map(inputs.get("list_policy"));
            cmd.addAll(List.of("--min-sequence", String.valueOf(pol.get("min_sequence")),
                               "--grace", String.valueOf(pol.get("grace_seconds"))));
        }
        i = 0;
        for (Object k : (List<?>) inputs.get("trusted_keys")) {
            Path p = tmp.resolve("key" + i++ + ".pem");
            Files.writeString(p, (String) map(k).get("pem"));
            cmd.add(p.toString());
        }
        ExampleTest.Result r = ExampleTest.run(cmd, null, null);
        assumeTrue(r.code == 0, "the C library's own run of this vector fails (" + r.out.strip()
            + "; reported by tests/vectors)");
        Map<String, Object> out = map(Json.parse(r.out.strip()));
        return new String[] {(String) out.get("error"), (String) out.get("check"), (String) out.get("signer_scheme"),
                             (String) out.get("revoked_by")};
    }

    /**
     * Builds the store as tests/vectors and the web harness do: pinned operators (default
     * scheme, then the named schemes in sorted order), CA then signer certificates, trusted
     * keys, then the signed lists (trust list, revocation list, then inputs.lists in order).
     * Returns {error, check} for the first input refused (check ca_certificates,
     * signer_certificates, trusted_keys, or trust_list / revocation_list / status_list after
     * the list's kind), else null.
     */
    private static String[] build(TrustStore trust, Map<String, Object> inputs, Instant now) throws Exception {
        for (Object k : (List<?>) inputs.getOrDefault("operator_keys", List.of())) {
            try (Key op = Key.load((String) map(k).get("pem"))) {
                trust.pinOperator(op);
            }
        }
        Map<String, Object> schemes = map(inputs.getOrDefault("scheme_operator_keys", Map.of()));
        for (String name : new TreeSet<>(schemes.keySet())) {
            for (Object k : (List<?>) schemes.get(name)) {
                try (Key op = Key.load((String) map(k).get("pem"))) {
                    trust.pinOperator(name, op);
                }
            }
        }
        String which = "ca_certificates";
        try {
            for (Object o : (List<?>) inputs.getOrDefault("ca_certificates", List.of())) {
                trust.addCa(((String) map(o).get("pem")).getBytes(StandardCharsets.UTF_8));
            }
            which = "signer_certificates";
            for (Object o : (List<?>) inputs.getOrDefault("signer_certificates", List.of())) {
                trust.addCert(((String) map(o).get("pem")).getBytes(StandardCharsets.UTF_8), new byte[0]);
            }
            which = "trusted_keys"; // a trusted key the library refuses (key-weak-*: DPP_ERR_KEY_WEAK)
            for (Object k : (List<?>) inputs.get("trusted_keys")) trust.addPem((String) map(k).get("pem"));
        } catch (DppException e) {
            return new String[] {e.getName(), which};
        }
        Map<String, Object> pol = map(inputs.getOrDefault("list_policy", Map.of()));
        long minSeq = (Long) pol.getOrDefault("min_sequence", 0L);
        Duration grace = pol.containsKey("grace_seconds") ? Duration.ofSeconds((Long) pol.get("grace_seconds"))
                                                          : Trust.DEFAULT_GRACE;
        List<Map<String, Object>> lists = new ArrayList<>();
        for (String[] l : LISTS) {
            if (!inputs.containsKey(l[0])) continue;
            Map<String, Object> m = new java.util.HashMap<>(map(inputs.get(l[0])));
            m.put("kind", l[0].equals("trust_list") ? "trust" : "revocation");
            m.put("scheme", null);
            lists.add(m);
        }
        for (Object o : (List<?>) inputs.getOrDefault("lists", List.of())) lists.add(map(o));
        for (Map<String, Object> l : lists) {
            String kind = (String) l.get("kind");
            String scheme = (String) l.get("scheme");
            byte[] data = unhex((String) l.get("cose"));
            try {
                if (kind.equals("status")) {
                    trust.loadStatus(data, now, minSeq, grace);
                } else if (kind.equals("trust")) {
                    if (scheme == null) trust.loadList(data, now, minSeq, grace);
                    else trust.loadList(scheme, data, now, minSeq, grace);
                } else if (kind.equals("revocation")) {
                    if (scheme == null) trust.loadRevocations(data, now, minSeq, grace);
                    else trust.loadRevocations(scheme, data, now, minSeq, grace);
                } else {
                    throw new AssertionError("list kind " + kind + " unknown to this runner: add it");
                }
            } catch (DppException e) {
                return new String[] {e.getName(), kind + "_list"};
            }
        }
        return null;
    }

    private static void check(Path file) throws Exception {
        Map<String, Object> v = map(Json.parse(Files.readString(file)));
        Map<String, Object> inputs = map(v.get("inputs"));
        Map<String, Object> expected = map(v.get("expected"));
        Set<String> extra = new TreeSet<>(inputs.keySet());
        extra.removeAll(SUPPORTED);
        assertTrue(extra.isEmpty(), "vector input(s) " + extra + " unknown to this runner: add them");
        Set<String> tags = new TreeSet<>();
        for (Object o : (List<?>) v.getOrDefault("requires", List.of())) tags.add((String) o);
        Set<String> unknown = new TreeSet<>(tags);
        unknown.removeAll(IMPLEMENTS);
        unknown.removeAll(UNAVAILABLE.keySet());
        assertTrue(unknown.isEmpty(), "requires tag(s) " + unknown + " unknown to this runner: add them");
        for (String tag : tags) {
            assumeTrue(!UNAVAILABLE.containsKey(tag), "requires " + tag + ": " + UNAVAILABLE.get(tag));
        }
        String text = (String) v.get("text");
        Instant now = Instant.ofEpochSecond((Long) inputs.get("validation_time"));
        Path tmp = Files.createTempDirectory("dpp-vector");
        try (TrustStore trust = new TrustStore()) {
            String[] c = cVerdict(text, inputs, tmp);
            VerifyResult r = null;
            // signer scheme and revoked-by as vector_tool prints them ("" the default scheme; the
            // signer's only when verified, revoked-by "" for any rejection by verify without a revocation)
            String signerScheme = null;
            String revokedBy = null;
            String[] got = build(trust, inputs, now);
            if (got == null) {
                try {
                    r = new Verifier(trust).verify(text, now);
                    got = new String[] {null, null};
                    signerScheme = r.signer().trustScheme().orElse("");
                } catch (VerifyException e) {
                    got = new String[] {e.getName(), e.getCheck()};
                    revokedBy = e.getReport() == null ? ""
                        : e.getReport().revocation().map(x -> x.scheme().orElse("")).orElse("");
                }
            }
            if (c != null) {
                assertEquals(Arrays.asList(c[0], c[1]), Arrays.asList(got), "bindings differ from the C library");
                if (r != null) assertEquals(c[2], signerScheme, "signer scheme: bindings differ from the C library");
                assertEquals(c[3], revokedBy, "revoked by: bindings differ from the C library");
            }
            String[] want = "verified".equals(expected.get("outcome")) ? new String[] {null, null}
                : new String[] {(String) expected.get("error"), (String) expected.get("check")};
            if (!Arrays.equals(want, got)) {
                assumeTrue(c == null, "libdpp itself gives " + Arrays.toString(got) + ", the vector expects "
                    + Arrays.toString(want) + " (reported by tests/vectors)");
                assertEquals(Arrays.asList(want), Arrays.asList(got));
            }
            if (expected.containsKey("signer_scheme")) {
                assertEquals(expected.get("signer_scheme"), signerScheme, "signer scheme");
            }
            if (expected.containsKey("revoked_by")) assertEquals(expected.get("revoked_by"), revokedBy, "revoked by");
            if (r != null) checkResult(r, inputs, text);
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void checkResult(VerifyResult r, Map<String, Object> inputs, String text) throws Exception {
        if (inputs.containsKey("passport")) {
            Map<String, Object> p = map(inputs.get("passport"));
            assertEquals(p.get("name"), r.passport().name());
            assertTrue(r.passport().gtin().endsWith((String) p.get("gtin")));
        }
        if (inputs.containsKey("iat")) assertEquals((long) (Long) inputs.get("iat"), r.claims().issuedAt().getEpochSecond());
        assertEquals(r.passport(), Verifier.inspect(text).passportUnverified());
        // who attested what: each attestation of the inputs, verified, in order
        List<String> want = new ArrayList<>();
        for (Object o : (List<?>) inputs.getOrDefault("attestations", List.of())) {
            Map<String, Object> a = map(o);
            want.add(a.get("claims") + " " + a.get("binding") + " " + map(a.get("attester_key")).get("kid"));
        }
        List<String> got = new ArrayList<>();
        for (Attestation a : r.attestations()) got.add(a.claims() + " " + a.binding() + " " + hex(a.kid()));
        assertEquals(want, got, "attestations");
        // the signer, as the trust list names it
        if (inputs.containsKey("trust_list") && inputs.containsKey("signing_key")) {
            String signerPub = ((String) map(inputs.get("signing_key")).get("file")).replace(".pem", ".pub.pem");
            Map<String, Object> content = map(map(inputs.get("trust_list")).get("content"));
            for (Object o : (List<?>) content.get("entries")) {
                Map<String, Object> e = map(o);
                if (signerPub.equals(e.get("key"))) {
                    assertEquals(e.get("role"), r.signer().role());
                    assertEquals(map(e.get("party")).get("name"), r.signer().partyName());
                }
            }
        }
    }
}
