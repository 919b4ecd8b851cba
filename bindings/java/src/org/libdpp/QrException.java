// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * The text does not fit in any allowed QR symbol (codes 90..99).
 */
public class QrException extends DppException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     */
    public QrException(int code, String detail, long offset) {
        super(code, detail, offset);
    }
}
