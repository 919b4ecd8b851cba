// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * The signer is not trusted: no kid, no trusted key with this kid, the signer's
 * certificate is not valid at the validation time, or its trust-list entry does not
 * allow the role, the product, a claim or the signed resolver domain
 * ({@code DPP_ERR_DL_DOMAIN_SCOPE}, code 150).
 */
public class UntrustedException extends VerifyException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     * @param report the report of the failed verification, or null
     */
    public UntrustedException(int code, String detail, long offset, VerifyReport report) {
        super(code, detail, offset, report);
    }
}
