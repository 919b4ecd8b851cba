// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.libdpp.Algorithm;
import org.libdpp.EncodeOptions;
import org.libdpp.Encoder;
import org.libdpp.Key;
import org.libdpp.TrustStore;
import org.libdpp.Verifier;
import org.libdpp.VerifyException;

/**
 * Native memory stays stable over many verifications. Each result holds ~13 KiB of
 * native memory while it is built, so a leak of it would add ~260 MB over 20,000 calls;
 * the test command fixes and pre-touches the JVM heap (-Xms192m -Xmx192m -XX:+AlwaysPreTouch) so
 * heap growth does not show up as RSS growth, and the loop is warmed up first.
 */
class LeakTest {
    private static long rss() throws Exception {
        String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
        return Long.parseLong(f[1]) * 4096L;
    }

    @Test
    void verifyDoesNotLeakNativeMemory() throws Exception {
        if (!Files.exists(Path.of("/proc/self/statm"))) return;
        Key k = Fixtures.key(Algorithm.PS256);
        String good = Encoder.encode(Fixtures.passport(), k, EncodeOptions.defaults().withIssuedAt(Fixtures.IAT));
        String bad = good.substring(0, good.length() - 4) + "0000";
        try (TrustStore t = new TrustStore(List.of(k))) {
            Verifier v = new Verifier(t);
            Runnable batch = () -> {
                for (int i = 0; i < 5_000; i++) {
                    try {
                        v.verify(i % 10 == 9 ? bad : good, Fixtures.IAT);
                    } catch (VerifyException e) {
                        // expected for the tampered text
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            };
            batch.run();
            System.gc();
            long before = rss();
            for (int i = 0; i < 4; i++) batch.run();
            System.gc();
            long after = rss();
            System.out.printf("LeakTest: 20000 verify calls, RSS %.1f MB -> %.1f MB%n", before / 1e6, after / 1e6);
            assertTrue(after - before < 64L * 1024 * 1024, "RSS grew by " + (after - before) / 1e6 + " MB");
        }
    }
}
