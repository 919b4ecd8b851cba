// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libdpp.Algorithm;
import org.libdpp.EncodeOptions;
import org.libdpp.Encoder;
import org.libdpp.Key;
import org.libdpp.TrustStore;
import org.libdpp.Verifier;
import org.libdpp.VerifyResult;

/**
 * examples/java/VerifyScan.java, the native-library loader, and round trips with
 * the Python bindings and the dpp CLI.
 */
class ExampleTest {
    private static final Path EXAMPLE = Fixtures.ROOT.resolve("examples/java/VerifyScan.java");
    private static final Path PY_EXAMPLE = Fixtures.ROOT.resolve("examples/python/verify_scan.py");

    static final class Result {
        final int code;
        final String out;

        Result(int code, String out) {
            this.code = code;
            this.out = out;
        }
    }

    static Result run(List<String> cmd, Map<String, String> env, Path cwd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (env != null) pb.environment().putAll(env);
        if (cwd != null) pb.directory(cwd.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS)); // a hang guard only (loaded machines are slow)
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static String java() {
        String env = Fixtures.env("DPP_JAVA");
        return env != null ? env : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String jar() {
        String env = Fixtures.env("DPP_JAR");
        return env != null ? env : System.getProperty("java.class.path").split(File.pathSeparator)[0];
    }

    private Path label(Path dir) throws Exception {
        Key k = Fixtures.key(Algorithm.ES256);
        Files.writeString(dir.resolve("issuer.pub.pem"), k.publicPem());
        Files.writeString(dir.resolve("label.txt"),
            Encoder.encode(Fixtures.passport(), k, EncodeOptions.defaults().withIssuedAt(Fixtures.IAT)) + "\n");
        return dir;
    }

    private List<String> example(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-cp", jar(), EXAMPLE.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void demo() throws Exception {
        Result r = run(example("--demo"), null, Fixtures.ROOT);
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("VERIFIED") && r.out.contains("signed: ES256"), r.out);
    }

    @Test
    void verifiesFileAndExitCodes(@TempDir Path dir) throws Exception {
        label(dir);
        String pem = dir.resolve("issuer.pub.pem").toString();
        String at = String.valueOf(Fixtures.IAT.getEpochSecond());
        Result r = run(example("--trust", pem, "--at", at, "--in", dir.resolve("label.txt").toString()), null, null);
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.startsWith("VERIFIED " + Fixtures.passport().name() + " (GTIN " + Fixtures.passport().gtin() + ")"),
                   r.out);
        Files.writeString(dir.resolve("other.pem"), Key.generate(Algorithm.EDDSA).publicPem());
        r = run(example("--trust", dir.resolve("other.pem").toString(), "--at", at, "--in",
                        dir.resolve("label.txt").toString()), null, null);
        assertEquals(2, r.code, r.out);
        assertTrue(r.out.contains("REJECTED DPP_ERR_KID_UNKNOWN at check 'kid'"), r.out);
        r = run(example("--trust", pem, "DPP1:???"), null, null);
        assertEquals(4, r.code, r.out);
        r = run(example(), null, null);
        assertEquals(64, r.code, r.out);
    }

    private static String readmeBlock(String readme, String kind) {
        int start = readme.indexOf("<!-- readme-example: " + kind + " -->");
        int body = readme.indexOf('\n', readme.indexOf("```", start)) + 1;
        return readme.substring(body, readme.indexOf("```", body));
    }

    @Test
    void readmeJavaExampleRuns(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Fixtures.ROOT.resolve("bindings/README.md"));
        String label = null;
        for (String line : readmeBlock(readme, "python").split("\n")) {
            if (line.startsWith("label = ")) label = line.substring("label = ".length());
        }
        assertTrue(label != null && label.startsWith("\"DPP1:"), "no label in the README's Python example");
        String block = readmeBlock(readme, "java");
        assertEquals(5, block.strip().split("\n").length, block);
        Files.writeString(dir.resolve("ReadmeExample.java"),
            "import java.nio.file.Path;\nimport org.libdpp.*;\n"
            + "public class ReadmeExample { public static void main(String[] a) throws Exception {\n"
            + "String label = " + label + ";\n" + block + "}}\n");
        Result r = run(List.of(java(), "-Dstdout.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-cp", jar(),
                               dir.resolve("ReadmeExample.java").toString()), null, Fixtures.ROOT);
        assertEquals(0, r.code, r.out);
        assertEquals("热轧钢卷 06901234567892 6883392581360a50", r.out.strip());
    }

    /** A copy of dpp.jar without the JNI library inside (a jar built with DPP_JAVA_EMBED_JNI=OFF). */
    private static boolean copyWithoutNative(Path from, Path to) throws Exception {
        boolean dropped = false;
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(from));
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().startsWith("org/libdpp/native/")) {
                    dropped = true;
                    continue;
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        return dropped;
    }

    @Test
    void missingNativeLibraryHasAClearMessage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Probe.java"),
            "public class Probe { public static void main(String[] a) throws Exception {"
            + " System.out.println(org.libdpp.Dpp.libraryVersion()); } }");
        String probe = dir.resolve("Probe.java").toString();
        // dpp.jar alone (nothing next to it, nothing on java.library.path) loads the copy inside it
        Path withJni = Files.createDirectory(dir.resolve("embedded")).resolve("dpp.jar");
        Files.copy(Path.of(jar()).toAbsolutePath(), withJni);
        boolean embedded;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(withJni.toFile())) {
            embedded = z.stream().anyMatch(e -> e.getName().startsWith("org/libdpp/native/"));
        }
        Result r;
        if (embedded) {
            r = run(List.of(java(), "-Djava.library.path=" + dir, "-cp", withJni.toString(), probe), null, dir);
            assertEquals(0, r.code, r.out);
            assertTrue(r.out.startsWith("0.1.0"), r.out);
        }
        // a jar without it, and the library nowhere: the error says what was tried and what to do
        Path lonely = Files.createDirectory(dir.resolve("lonely")).resolve("dpp.jar");
        if (embedded) {
            assertTrue(copyWithoutNative(withJni, lonely));
        } else {
            Files.copy(Path.of(jar()).toAbsolutePath(), lonely);
        }
        r = run(List.of(java(), "-Djava.library.path=" + dir, "-cp", lonely.toString(), probe), null, dir);
        assertTrue(r.code != 0, r.out);
        assertTrue(r.out.contains("libdpp: cannot load the JNI library libdpp_jni.so"), r.out);
        assertTrue(r.out.contains("put the library next to dpp.jar"), r.out);
        assertTrue(r.out.contains("-Djava.library.path=<dir containing it>"), r.out);
        assertTrue(r.out.contains(lonely.resolveSibling("libdpp_jni.so") + ": no such file"), r.out);
        assertTrue(r.out.contains("/org/libdpp/native/"), r.out);
        assertTrue(r.out.contains(": not in this jar"), r.out);
        assertTrue(r.out.contains("java.library.path=" + dir), r.out);
        // ... and with -Dorg.libdpp.native pointing at the real library it loads.
        Path so = Path.of(jar()).toAbsolutePath().resolveSibling("libdpp_jni.so");
        r = run(List.of(java(), "-Dorg.libdpp.native=" + so, "-cp", lonely.toString(), probe), null, dir);
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.startsWith("0.1.0"), r.out);
    }

    @Test
    void javaLabelVerifiedByPythonExample(@TempDir Path dir) throws Exception {
        String python = Fixtures.env("DPP_PYTHON");
        String pythonPath = Fixtures.env("DPP_PYTHONPATH");
        assumeTrue(python != null && pythonPath != null, "Python bindings not built (DPP_PYTHON unset)");
        label(dir);
        Result r = run(List.of(python, PY_EXAMPLE.toString(), "--trust", dir.resolve("issuer.pub.pem").toString(),
                               "--at", String.valueOf(Fixtures.IAT.getEpochSecond()), "--in",
                               dir.resolve("label.txt").toString()),
                       Map.of("PYTHONPATH", pythonPath), null);
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.startsWith("VERIFIED " + Fixtures.passport().name()), r.out);
    }

    @Test
    void pythonLabelVerifiedByJava(@TempDir Path dir) throws Exception {
        String python = Fixtures.env("DPP_PYTHON");
        String pythonPath = Fixtures.env("DPP_PYTHONPATH");
        assumeTrue(python != null && pythonPath != null, "Python bindings not built (DPP_PYTHON unset)");
        Key k = Fixtures.key(Algorithm.EDDSA);
        Files.writeString(dir.resolve("k.pem"), k.privatePem());
        String script = "import dpp, sys\n"
            + "k = dpp.Key.from_file(sys.argv[1])\n"
            + "print(dpp.encode(dpp.Passport.from_file(sys.argv[2]), k, iat=" + Fixtures.IAT.getEpochSecond()
            + ", iss='python'))\n";
        Result r = run(List.of(python, "-c", script, dir.resolve("k.pem").toString(), Fixtures.EXAMPLE_JSON.toString()),
                       Map.of("PYTHONPATH", pythonPath), null);
        assertEquals(0, r.code, r.out);
        try (TrustStore t = new TrustStore(List.of(k))) {
            VerifyResult v = new Verifier(t).verify(r.out.trim(), Fixtures.IAT);
            assertEquals(Fixtures.passport(), v.passport());
            assertEquals("python", v.claims().issuer().orElseThrow());
        }
    }

    @Test
    void cliRoundTrip(@TempDir Path dir) throws Exception {
        String cli = Fixtures.env("DPP_CLI");
        assumeTrue(cli != null && Files.exists(Path.of(cli)), "dpp CLI not built (DPP_CLI unset)");
        Key k = Fixtures.key(Algorithm.ES256);
        Files.writeString(dir.resolve("k.pem"), k.privatePem());
        label(dir);
        Result r = run(List.of(cli, "encode", "--key", dir.resolve("k.pem").toString(), Fixtures.EXAMPLE_JSON.toString()),
                       null, null);
        assertEquals(0, r.code, r.out);
        try (TrustStore t = new TrustStore(List.of(k))) {
            assertEquals(Fixtures.passport(), new Verifier(t).verify(r.out.trim()).passport());
        }
        r = run(List.of(cli, "verify", "--trust", dir.resolve("issuer.pub.pem").toString(), "--in",
                        dir.resolve("label.txt").toString()), null, null);
        assertEquals(0, r.code, r.out);
    }
}
