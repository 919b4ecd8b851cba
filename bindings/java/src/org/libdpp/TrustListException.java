// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * A trust or revocation list is unsigned, signed by an unpinned key, rolled back,
 * stale or malformed ({@code DPP_ERR_LIST_*}), or the list state file that records the
 * last sequence seen cannot be read or written ({@code DPP_ERR_STATE_FILE}).
 */
public class TrustListException extends DppException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     */
    public TrustListException(int code, String detail, long offset) {
        super(code, detail, offset);
    }
}
