// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * Facts about the linked libdpp library.
 *
 * <p>Start with {@link Key}, {@link TrustStore}, {@link Passport}, {@link Encoder} and
 * {@link Verifier}. All classes are thread-safe; {@link Key} and {@link TrustStore} hold
 * native memory and implement {@link AutoCloseable}. Every libdpp failure is a checked
 * {@link DppException}; bad Java arguments (null) throw the usual
 * {@link NullPointerException}, use after close throws {@link IllegalStateException}.
 */
public final class Dpp {
    /** Context prefix of passport text, format version 1. */
    public static final String PREFIX = "DPP1:";

    private Dpp() {}

    /** @return the version of the linked C library, e.g. "0.1.0" */
    public static String libraryVersion() {
        return DppNative.dppb_version();
    }

    /** @return the longest passport text accepted by verification, in characters */
    public static long maxTextLength() {
        return DppNative.dppb_max_text_len();
    }

    /** @return the largest COSE message accepted, in bytes */
    public static long maxCoseLength() {
        return DppNative.dppb_max_cose_len();
    }

    /**
     * @param code a {@code dpp_err} code
     * @return its enumerator name, e.g. "DPP_ERR_SIGNATURE"
     */
    public static String errorName(int code) {
        return DppNative.dppb_err_name(code);
    }

    /**
     * @param code a {@code dpp_err} code
     * @return one English sentence describing it
     */
    public static String errorString(int code) {
        return DppNative.dppb_err_str(code);
    }
}
