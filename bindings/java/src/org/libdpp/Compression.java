// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/** Whether the transport compresses the COSE message with zlib. */
public enum Compression {
    /** zlib only when the result is shorter (the default). */
    AUTO,
    /** Never compress. */
    NEVER,
    /** Always compress. */
    ALWAYS
}
