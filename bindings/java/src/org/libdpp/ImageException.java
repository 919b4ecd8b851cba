// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * A picture of a label cannot be used (codes 160..169): not a picture format that is
 * read, too large, truncated or corrupt, no QR code in it ({@code DPP_ERR_IMAGE_NO_CODE}),
 * codes holding something else than a passport, or two different passports.
 */
public class ImageException extends DppException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     */
    public ImageException(int code, String detail, long offset) {
        super(code, detail, offset);
    }
}
