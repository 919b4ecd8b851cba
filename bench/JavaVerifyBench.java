// SPDX-License-Identifier: Apache-2.0
// dpp_bench worker for the Java binding: verifies the passport text with
// Verifier.verify() and reads the passport name, timed in slices of this
// thread's CPU time on request (the protocol of bench/reference_verify.py:
// "ready INFO", then "run SECONDS" -> "OPERATIONS CPU_SECONDS", "quit").
//
//   javac -cp dpp.jar -d CLASSES bench/JavaVerifyBench.java
//   java -cp dpp.jar:CLASSES JavaVerifyBench --text FILE --trust KEY.pem --now SECONDS
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.libdpp.DppException;
import org.libdpp.TrustStore;
import org.libdpp.Verifier;

public final class JavaVerifyBench {
    private JavaVerifyBench() {}

    public static void main(String[] args) throws Exception {
        String textPath = null, trustPath = null;
        long now = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--text": textPath = args[i + 1]; break;
                case "--trust": trustPath = args[i + 1]; break;
                case "--now": now = Long.parseLong(args[i + 1]); break;
                default: throw new IllegalArgumentException(args[i]);
            }
        }
        String text = Files.readString(Path.of(textPath), StandardCharsets.US_ASCII).strip();
        TrustStore trust = new TrustStore();
        trust.addPem(Files.readString(Path.of(trustPath), StandardCharsets.US_ASCII));
        Verifier verifier = new Verifier(trust);
        Instant at = Instant.ofEpochSecond(now);
        String name = verifier.verify(text, at).passport().name();
        int mid = text.length() / 2;
        String bad = text.substring(0, mid) + (text.charAt(mid) == '0' ? '1' : '0') + text.substring(mid + 1);
        try {
            verifier.verify(bad, at);
            System.err.println("JavaVerifyBench: a tampered text verified");
            System.exit(1);
        } catch (DppException expected) {
            // rejected, as it must be
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.println("ready Java " + System.getProperty("java.version") + ", passport '" + name + "'");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        long sink = 0;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split("\\s+");
            if (cmd.length == 0 || cmd[0].equals("quit")) break;
            if (!cmd[0].equals("run")) continue;
            long budget = (long) (Double.parseDouble(cmd[1]) * 1e9);
            long ops = 0;
            long t0 = mx.getCurrentThreadCpuTime(), t;
            do {
                for (int k = 0; k < 8; k++) sink += verifier.verify(text, at).passport().name().length();
                ops += 8;
                t = mx.getCurrentThreadCpuTime() - t0;
            } while (t < budget);
            System.out.println(ops + " " + (t / 1e9));
            System.out.flush();
        }
        if (sink == 42) System.err.println();
    }
}
