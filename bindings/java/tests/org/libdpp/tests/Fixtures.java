// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.libdpp.Algorithm;
import org.libdpp.DppException;
import org.libdpp.Key;
import org.libdpp.Passport;

/** Shared test data: one key per algorithm, the example passport, a fixed time. */
final class Fixtures {
    static final Instant IAT = Instant.ofEpochSecond(1_700_000_000L);
    static final Path ROOT = Path.of(System.getenv().getOrDefault("DPP_SOURCE_DIR", "."));
    static final Path EXAMPLE_JSON = ROOT.resolve("examples").resolve("passport.json");
    private static Map<Algorithm, Key> keys;
    private static Passport passport;

    private Fixtures() {}

    static synchronized Key key(Algorithm alg) throws DppException {
        if (keys == null) keys = new EnumMap<>(Algorithm.class);
        Key k = keys.get(alg);
        if (k == null) {
            k = Key.generate(alg);
            keys.put(alg, k);
        }
        return k;
    }

    static synchronized Passport passport() throws IOException, DppException {
        if (passport == null) passport = Passport.fromFile(EXAMPLE_JSON);
        return passport;
    }

    static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
