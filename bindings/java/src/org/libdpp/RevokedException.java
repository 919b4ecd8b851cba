// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * The signer's key, the passport or its batch is revoked ({@code DPP_ERR_REVOKED}).
 */
public class RevokedException extends UntrustedException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     * @param report the report of the failed verification, or null
     */
    public RevokedException(int code, String detail, long offset, VerifyReport report) {
        super(code, detail, offset, report);
    }
}
