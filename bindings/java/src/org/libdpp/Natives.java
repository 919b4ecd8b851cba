// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/** Shared helpers of the public classes. */
final class Natives {
    /** Frees native objects of instances that were not closed. */
    static final Cleaner CLEANER = Cleaner.create();

    private Natives() {}

    static byte[] utf8(String s, String what) {
        Objects.requireNonNull(s, what);
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static long epoch(Instant t, String what) {
        Objects.requireNonNull(t, what);
        return t.getEpochSecond();
    }

    /** For native calls that can only fail on programming errors inside this package. */
    static IllegalStateException internal(DppException e) {
        return new IllegalStateException("libdpp internal error: " + e.getMessage(), e);
    }
}
