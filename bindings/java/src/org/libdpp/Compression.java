// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * Whether the transport compresses the COSE message with zlib and the
 * format's preset dictionary v1 (spec/README.md section 4.3, Appendix C).
 * Verifiers also accept streams without the dictionary, written before it
 * was adopted; encoders no longer write them.
 */
public enum Compression {
    /** zlib with preset dictionary v1, only when strictly shorter than the COSE message (the default). */
    AUTO,
    /** Never compress: the text carries the COSE message itself. */
    NEVER,
    /** Always zlib with preset dictionary v1, even when not shorter. */
    ALWAYS
}
