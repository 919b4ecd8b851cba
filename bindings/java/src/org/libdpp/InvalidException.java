// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * Well-formed, but the signature or its algorithm is not acceptable: bad signature,
 * missing, unsupported or unprotected alg, alg not matching the key, unknown critical header;
 * or a link that does not match the signed passport (spec/link.md section 4): another
 * domain than the signed resolver, or a passport signed without one
 * ({@code DPP_ERR_DL_DOMAIN}, also from {@link Dpp#convert} to a link), another GTIN
 * ({@code DPP_ERR_DL_PRIMARY_KEY}), another or a missing batch or serial
 * ({@code DPP_ERR_DL_QUALIFIER}): codes 147..149.
 */
public class InvalidException extends VerifyException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     * @param report the report of the failed verification, or null
     */
    public InvalidException(int code, String detail, long offset, VerifyReport report) {
        super(code, detail, offset, report);
    }
}
