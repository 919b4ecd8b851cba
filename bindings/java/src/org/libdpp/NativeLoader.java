// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads the JNI library libdpp_jni once, before the first native call.
 *
 * <p>Search order: the file named by the system property {@code org.libdpp.native}
 * (if set); {@code libdpp_jni.so} in the directory of the jar (or class directory)
 * holding this class; the copy inside the jar, at
 * {@code org/libdpp/native/<os>-<arch>/} (see {@link #platform()}), extracted to a
 * new directory that only this user can open (made by
 * {@link Files#createTempDirectory}, mode 0700, under {@code java.io.tmpdir}) and
 * removed again once loaded; then {@code System.loadLibrary("dpp_jni")}, which
 * searches {@code java.library.path} (Debian: {@code /usr/lib/<triplet>/jni}).
 * If all fail, the error lists every place tried.
 */
final class NativeLoader {
    static final String LIBRARY = "dpp_jni";
    static final String PATH_PROPERTY = "org.libdpp.native";
    private static boolean loaded;

    private NativeLoader() {}

    static synchronized void load() {
        if (loaded) return;
        List<String> tried = new ArrayList<>();
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null && !explicit.isEmpty()) {
            try {
                System.load(new File(explicit).getAbsolutePath());
                loaded = true;
                return;
            } catch (UnsatisfiedLinkError e) {
                tried.add(explicit + " (-D" + PATH_PROPERTY + "): " + e.getMessage());
            }
        }
        File besideJar = besideJar();
        if (besideJar != null) {
            if (besideJar.isFile()) {
                try {
                    System.load(besideJar.getAbsolutePath());
                    loaded = true;
                    return;
                } catch (UnsatisfiedLinkError e) {
                    tried.add(besideJar + ": " + e.getMessage());
                }
            } else {
                tried.add(besideJar + ": no such file");
            }
        }
        if (loadEmbedded(tried)) {
            loaded = true;
            return;
        }
        try {
            System.loadLibrary(LIBRARY);
            loaded = true;
            return;
        } catch (UnsatisfiedLinkError e) {
            tried.add("java.library.path=" + System.getProperty("java.library.path") + ": " + e.getMessage());
        }
        StringBuilder msg = new StringBuilder();
        msg.append("libdpp: cannot load the JNI library ").append(System.mapLibraryName(LIBRARY))
           .append(" for ").append(platform())
           .append(". Use a dpp.jar built for this platform, put the library next to dpp.jar, or run java with")
           .append(" -Djava.library.path=<dir containing it>")
           .append(" or -D").append(PATH_PROPERTY).append("=<path to it>. Tried:");
        for (String t : tried) msg.append("\n  - ").append(t);
        throw new UnsatisfiedLinkError(msg.toString());
    }

    /**
     * Platform directory inside the jar: {@code os.name} and {@code os.arch} in lower
     * case, normalised as the build names them (cmake/DppJavaPackage.cmake), e.g.
     * {@code linux-x86_64}, {@code linux-aarch64}, {@code macos-aarch64}.
     */
    static String platform() {
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) os = "linux";
        else if (os.startsWith("mac") || os.startsWith("darwin")) os = "macos";
        else if (os.startsWith("windows")) os = "windows";
        else os = os.replaceAll("[^a-z0-9]+", "");
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x64")) arch = "x86_64";
        else if (arch.equals("arm64") || arch.equals("aarch64")) arch = "aarch64";
        else arch = arch.replaceAll("[^a-z0-9_]+", "");
        return os + "-" + arch;
    }

    /** Extracts the library shipped inside the jar to a private directory and loads it. */
    private static boolean loadEmbedded(List<String> tried) {
        String name = System.mapLibraryName(LIBRARY);
        String resource = "/org/libdpp/native/" + platform() + "/" + name;
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                tried.add("jar resource " + resource + ": not in this jar");
                return false;
            }
            Path dir = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempDirectory("libdpp-jni-",
                      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory("libdpp-jni-");
            Path lib = dir.resolve(name);
            try {
                Files.copy(in, lib);   // a new file in a new private directory; never replaces
                System.load(lib.toAbsolutePath().toString());
                return true;
            } catch (UnsatisfiedLinkError e) {
                tried.add("jar resource " + resource + " extracted to " + lib + ": " + e.getMessage()
                          + " (a java.io.tmpdir mounted noexec? set -Djava.io.tmpdir=<dir>)");
                return false;
            } finally {
                // Once loaded, the mapping outlives the file (POSIX); where the file
                // cannot be removed while in use, it goes when the JVM exits.
                try {
                    Files.deleteIfExists(lib);
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    dir.toFile().deleteOnExit();   // deleted in reverse order: lib, then dir
                    lib.toFile().deleteOnExit();
                }
            }
        } catch (IOException | SecurityException e) {
            tried.add("jar resource " + resource + ": cannot extract: " + e);
            return false;
        }
    }

    private static File besideJar() {
        try {
            CodeSource cs = NativeLoader.class.getProtectionDomain().getCodeSource();
            if (cs == null) return null;
            URL url = cs.getLocation();
            if (url == null || !"file".equals(url.getProtocol())) return null;
            File f = new File(url.toURI());
            File dir = f.isDirectory() ? f : f.getParentFile();
            return dir == null ? null : new File(dir, System.mapLibraryName(LIBRARY));
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
