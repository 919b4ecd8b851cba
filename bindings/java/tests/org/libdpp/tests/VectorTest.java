// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.libdpp.TrustStore;
import org.libdpp.Verifier;
import org.libdpp.VerifyException;
import org.libdpp.VerifyResult;

/**
 * The repository's test vectors verify through the Java bindings with the expected outcome.
 * Vectors that also need trust lists, revocation lists or attestations (not wrapped yet)
 * are skipped.
 */
class VectorTest {
    private static final Set<String> SUPPORTED = Set.of("passport", "signing_key", "iat", "exp", "iss", "compress",
                                                        "trusted_keys", "validation_time", "validation_time_utc");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @TestFactory
    Stream<DynamicTest> vectors() throws Exception {
        Path dir = Fixtures.ROOT.resolve("test-vectors/vectors");
        if (!Files.isDirectory(dir)) return Stream.empty();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    /** {error, check} from the C library (tests/vectors tool), or null without the tool. */
    private static String[] cVerdict(String text, Map<String, Object> inputs, Path tmp) throws Exception {
        String tool = Fixtures.env("DPP_VECTOR_TOOL");
        if (tool == null || !Files.exists(Path.of(tool))) return null;
        Path t = tmp.resolve("text");
        Files.write(t, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> cmd = new java.util.ArrayList<>(List.of(tool, "verify", t.toString(),
                                                             String.valueOf(inputs.get("validation_time"))));
        int i = 0;
        for (Object k : (List<?>) inputs.get("trusted_keys")) {
            Path p = tmp.resolve("key" + i++ + ".pem");
            Files.writeString(p, (String) map(k).get("pem"));
            cmd.add(p.toString());
        }
        ExampleTest.Result r = ExampleTest.run(cmd, null, null);
        assumeTrue(r.code == 0, "the C library's own run of this vector fails (" + r.out.strip()
            + "; reported by tests/vectors)");
        Map<String, Object> out = map(Json.parse(r.out.strip()));
        return new String[] {(String) out.get("error"), (String) out.get("check")};
    }

    private static void check(Path file) throws Exception {
        Map<String, Object> v = map(Json.parse(Files.readString(file)));
        Map<String, Object> inputs = map(v.get("inputs"));
        Map<String, Object> expected = map(v.get("expected"));
        Set<String> extra = new TreeSet<>(inputs.keySet());
        extra.removeAll(SUPPORTED);
        assumeTrue(extra.isEmpty(), "needs " + extra + " (not in the bindings yet)");
        String text = (String) v.get("text");
        Instant now = Instant.ofEpochSecond((Long) inputs.get("validation_time"));
        Path tmp = Files.createTempDirectory("dpp-vector");
        try (TrustStore trust = new TrustStore()) {
            for (Object k : (List<?>) inputs.get("trusted_keys")) trust.addPem((String) map(k).get("pem"));
            Verifier verifier = new Verifier(trust);
            String[] c = cVerdict(text, inputs, tmp);
            VerifyResult r = null;
            String[] got;
            try {
                r = verifier.verify(text, now);
                got = new String[] {null, null};
            } catch (VerifyException e) {
                got = new String[] {e.getName(), e.getCheck()};
            }
            if (c != null) {
                assertEquals(java.util.Arrays.asList(c), java.util.Arrays.asList(got), "bindings differ from the C library");
            }
            String[] want = "verified".equals(expected.get("outcome")) ? new String[] {null, null}
                : new String[] {(String) expected.get("error"), (String) expected.get("check")};
            if (!java.util.Arrays.equals(want, got)) {
                assumeTrue(c == null, "libdpp itself gives " + java.util.Arrays.toString(got) + ", the vector expects "
                    + java.util.Arrays.toString(want) + " (reported by tests/vectors)");
                assertEquals(java.util.Arrays.asList(want), java.util.Arrays.asList(got));
            }
            if (r != null) {
                if (inputs.containsKey("passport")) {
                    Map<String, Object> p = map(inputs.get("passport"));
                    assertEquals(p.get("name"), r.passport().name());
                    assertTrue(r.passport().gtin().endsWith((String) p.get("gtin")));
                }
                if (inputs.containsKey("iat")) assertEquals((long) (Long) inputs.get("iat"), r.claims().issuedAt().getEpochSecond());
                assertEquals(r.passport(), Verifier.inspect(text).passportUnverified());
            }
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
