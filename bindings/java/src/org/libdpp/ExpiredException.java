// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * The passport is outside its validity period: expired ({@code exp} reached) or not
 * yet valid ({@code iat} in the future beyond the allowed skew).
 */
public class ExpiredException extends VerifyException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     * @param report the report of the failed verification, or null
     */
    public ExpiredException(int code, String detail, long offset, VerifyReport report) {
        super(code, detail, offset, report);
    }
}
