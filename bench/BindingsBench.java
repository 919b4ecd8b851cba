// SPDX-License-Identifier: Apache-2.0
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.libdpp.TrustStore;
import org.libdpp.Verifier;

/**
 * Java part of bench/bindings_bench.py: verification throughput through the Java bindings.
 * Usage: java -cp dpp.jar bench/BindingsBench.java PUBKEY.pem TEXT.txt SECONDS NOW ROUNDS THREADS
 * After a warm-up, prints one line per round: "calls wallSeconds processCpuSeconds".
 */
public final class BindingsBench {
    private BindingsBench() {}

    static long loop(Verifier v, String text, Instant at, double secs) throws Exception {
        long calls = 0;
        long end = System.nanoTime() + (long) (secs * 1e9);
        while (System.nanoTime() < end) {
            for (int i = 0; i < 50; i++, calls++) v.verify(text, at).passport().name();
        }
        return calls;
    }

    static double cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime() / 1e9;
    }

    public static void main(String[] args) throws Exception {
        String text = Files.readString(Path.of(args[1])).trim();
        double secs = Double.parseDouble(args[2]);
        Instant at = Instant.ofEpochSecond(Long.parseLong(args[3]));
        int rounds = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);
        try (TrustStore trust = new TrustStore()) {
            trust.addFile(Path.of(args[0]));
            Verifier v = new Verifier(trust);
            loop(v, text, at, 2.0); // JIT warm-up
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int r = 0; r < rounds; r++) {
                double c0 = cpu();
                long start = System.nanoTime();
                List<Future<Long>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) fs.add(pool.submit(() -> loop(v, text, at, secs)));
                long calls = 0;
                for (Future<Long> f : fs) calls += f.get();
                double el = (System.nanoTime() - start) / 1e9;
                System.out.printf("%d %.6f %.6f%n", calls, el, cpu() - c0);
            }
            pool.shutdown();
        }
    }
}
