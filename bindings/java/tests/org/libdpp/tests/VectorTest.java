// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.libdpp.DppException;
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

    private static void check(Path file) throws Exception {
        Map<String, Object> v = map(Json.parse(Files.readString(file)));
        Map<String, Object> inputs = map(v.get("inputs"));
        Map<String, Object> expected = map(v.get("expected"));
        Set<String> extra = new TreeSet<>(inputs.keySet());
        extra.removeAll(SUPPORTED);
        assumeTrue(extra.isEmpty(), "needs " + extra + " (not in the bindings yet)");
        String text = (String) v.get("text");
        Instant now = Instant.ofEpochSecond((Long) inputs.get("validation_time"));
        try (TrustStore trust = new TrustStore()) {
            for (Object k : (List<?>) inputs.get("trusted_keys")) trust.addPem((String) map(k).get("pem"));
            Verifier verifier = new Verifier(trust);
            if ("verified".equals(expected.get("outcome"))) {
                VerifyResult r = verifier.verify(text, now);
                if (inputs.containsKey("passport")) {
                    Map<String, Object> p = map(inputs.get("passport"));
                    assertEquals(p.get("name"), r.passport().name());
                    assertTrue(r.passport().gtin().endsWith((String) p.get("gtin")));
                }
                if (inputs.containsKey("iat")) assertEquals((long) (Long) inputs.get("iat"), r.claims().issuedAt().getEpochSecond());
                assertEquals(r.passport(), Verifier.inspect(text).passportUnverified());
            } else {
                VerifyException e = assertThrows(VerifyException.class, () -> verifier.verify(text, now));
                assertEquals(expected.get("error"), e.getName(), e.getMessage());
                if (expected.get("check") != null) assertEquals(expected.get("check"), e.getCheck());
                assertEquals(DppException.classFor(e.getCode()), e.getClass());
            }
        }
    }
}
