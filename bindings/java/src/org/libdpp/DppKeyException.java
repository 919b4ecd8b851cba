// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * A key or certificate cannot be used: unparsable, unsupported type, a public key
 * where a private key is needed, a weak or degenerate key ({@code DPP_ERR_KEY_WEAK}), a
 * private key where a public one belongs ({@code DPP_ERR_KEY_NOT_PUBLIC}) (codes 80..89),
 * or a certificate that does not chain or carries no role policy.
 */
public class DppKeyException extends DppException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     */
    public DppKeyException(int code, String detail, long offset) {
        super(code, detail, offset);
    }
}
