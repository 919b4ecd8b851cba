// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * The API was used wrongly (bad argument) or the environment failed (out of memory,
 * crypto backend): codes 1..19.
 */
public class UsageException extends DppException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     */
    public UsageException(int code, String detail, long offset) {
        super(code, detail, offset);
    }
}
