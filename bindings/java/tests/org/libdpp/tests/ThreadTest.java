// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.libdpp.Algorithm;
import org.libdpp.EncodeOptions;
import org.libdpp.Encoder;
import org.libdpp.Key;
import org.libdpp.Passport;
import org.libdpp.TrustStore;
import org.libdpp.Verifier;
import org.libdpp.VerifyException;
import org.libdpp.VerifyResult;

/** Verification from an ExecutorService: correct results, safe close and add. */
class ThreadTest {
    private static String outcome(Verifier v, String text) throws Exception {
        try {
            VerifyResult r = v.verify(text, Fixtures.IAT.plusSeconds(100));
            return "ok " + r.passport().name() + " " + r.claims().algorithm() + " " + r.claims().issuedAt();
        } catch (VerifyException e) {
            return "error " + e.getName();
        }
    }

    @Test
    void parallelVerificationIsCorrect() throws Exception {
        List<Key> keys = new ArrayList<>();
        for (Algorithm a : Algorithm.values()) keys.add(Fixtures.key(a));
        List<String> texts = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        String base = Fixtures.passport().toJson();
        for (int i = 0; i < keys.size(); i++) {
            Passport p = Passport.fromJson(base.replace("\"name\": \"" + Fixtures.passport().name() + "\"",
                                                        "\"name\": \"Product " + i + "\""));
            texts.add(Encoder.encode(p, keys.get(i), EncodeOptions.defaults().withIssuedAt(Fixtures.IAT.plusSeconds(i))));
        }
        String tampered = texts.get(0).substring(0, texts.get(0).length() - 2) + (texts.get(0).endsWith("00") ? "11" : "00");
        texts.add(tampered);
        texts.add(Encoder.encode(Fixtures.passport(), Key.generate(Algorithm.EDDSA)));
        texts.add("DPP1:%%%");
        try (TrustStore trust = new TrustStore(keys)) {
            Verifier v = new Verifier(trust);
            for (String t : texts) expected.add(outcome(v, t));
            for (int i = 0; i < keys.size(); i++) assertTrue(expected.get(i).startsWith("ok Product " + i + " "));
            assertEquals("error DPP_ERR_KID_UNKNOWN", expected.get(texts.size() - 2));
            assertEquals("error DPP_ERR_BASE45", expected.get(texts.size() - 1));

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> futures = new ArrayList<>();
                for (int i = 0; i < 4000; i++) {
                    final int n = i % texts.size();
                    futures.add(pool.submit(() -> outcome(v, texts.get(n)).equals(expected.get(n))));
                }
                int wrong = 0;
                for (Future<Boolean> f : futures) if (!f.get()) wrong++;
                assertEquals(0, wrong, "wrong results from parallel verification");
            } finally {
                pool.shutdown();
                assertTrue(pool.awaitTermination(600, TimeUnit.SECONDS));
            }
        }
    }

    /**
     * Keys added and the store closed while four threads verify. No sleeps: the store is
     * closed once every thread has verified at least once, and each thread then stops
     * on its own when it sees the closed store (IllegalStateException), so the outcome
     * does not depend on how the threads are scheduled.
     */
    @Test
    void addAndCloseWhileVerifying() throws Exception {
        Key k = Key.generate(Algorithm.EDDSA);
        String text = Encoder.encode(Fixtures.passport(), k);
        TrustStore trust = new TrustStore(List.of(k));
        Verifier v = new Verifier(trust);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        CountDownLatch eachVerified = new CountDownLatch(4);
        List<Throwable> errors = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                boolean first = true;
                while (true) {
                    try {
                        v.verify(text);
                        ok.incrementAndGet();
                        if (first) eachVerified.countDown();
                        first = false;
                    } catch (IllegalStateException e) {
                        closed.incrementAndGet(); // the store was closed: expected at the end
                        return;
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                        eachVerified.countDown();
                        return;
                    }
                }
            });
        }
        for (int i = 0; i < 30; i++) trust.add(Key.generate(Algorithm.EDDSA));
        assertEquals(31, trust.size());
        // A hang guard only: each thread verifies once in milliseconds.
        assertTrue(eachVerified.await(600, TimeUnit.SECONDS), "a verifying thread never ran");
        trust.close(); // while verifications are running: freed when they finish
        pool.shutdown();
        assertTrue(pool.awaitTermination(600, TimeUnit.SECONDS), "a thread kept verifying with a closed store");
        assertEquals(List.of(), errors);
        assertEquals(4, closed.get(), "every thread sees the closed store");
        assertTrue(ok.get() >= 4);
    }

    @Test
    void keyClosedWhileSigning() throws Exception {
        Key k = Key.generate(Algorithm.ES256);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger signed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fs.add(pool.submit(() -> {
                try {
                    Encoder.encode(Fixtures.passport(), k);
                    signed.incrementAndGet();
                } catch (IllegalStateException e) {
                    refused.incrementAndGet();
                }
                return null;
            }));
            if (i == 100) k.close();
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        assertTrue(pool.awaitTermination(600, TimeUnit.SECONDS));
        assertEquals(200, signed.get() + refused.get());
        assertTrue(refused.get() > 0);
    }
}
