// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the JNI library libdpp_jni once, before the first native call.
 *
 * <p>Search order: the file named by the system property {@code org.libdpp.native}
 * (if set); {@code libdpp_jni.so} in the directory of the jar (or class directory)
 * holding this class; then {@code System.loadLibrary("dpp_jni")}, which searches
 * {@code java.library.path}. If all fail, the error lists every place tried.
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
        try {
            System.loadLibrary(LIBRARY);
            loaded = true;
            return;
        } catch (UnsatisfiedLinkError e) {
            tried.add("java.library.path=" + System.getProperty("java.library.path") + ": " + e.getMessage());
        }
        StringBuilder msg = new StringBuilder();
        msg.append("libdpp: cannot load the JNI library ").append(System.mapLibraryName(LIBRARY))
           .append(". Put it next to dpp.jar, or run java with -Djava.library.path=<dir containing it>")
           .append(" or -D").append(PATH_PROPERTY).append("=<path to it>. Tried:");
        for (String t : tried) msg.append("\n  - ").append(t);
        throw new UnsatisfiedLinkError(msg.toString());
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
