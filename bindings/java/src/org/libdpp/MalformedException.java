// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * Not a well-formed signed passport: prefix, Base45, zlib, CBOR, COSE or CWT structure
 * (codes 20..39). Retrying cannot help.
 */
public class MalformedException extends VerifyException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     * @param report the report of the failed verification, or null
     */
    public MalformedException(int code, String detail, long offset, VerifyReport report) {
        super(code, detail, offset, report);
    }
}
