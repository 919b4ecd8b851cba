// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.Objects;

/** Base45 (RFC 9285), the text layer of passport text. */
public final class Base45 {
    private Base45() {}

    /**
     * @param data bytes to encode
     * @return the Base45 text
     * @throws DppException if the input is too large
     */
    public static String encode(byte[] data) throws DppException {
        Objects.requireNonNull(data, "data");
        return Natives.str(DppNative.dppb_base45_encode(data));
    }

    /**
     * Strict decoding.
     *
     * @param text Base45 text
     * @return the decoded bytes
     * @throws MalformedException with the offset of the first bad character
     * @throws DppException for other failures
     */
    public static byte[] decode(String text) throws DppException {
        return DppNative.dppb_base45_decode(Natives.utf8(text, "text"));
    }
}
