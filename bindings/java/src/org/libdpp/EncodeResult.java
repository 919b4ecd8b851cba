// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/** The text of an encoded passport with the sizes of its layers. */
public final class EncodeResult {
    private final String text;
    private final EncodeSizes sizes;

    EncodeResult(String text, EncodeSizes sizes) {
        this.text = text;
        this.sizes = sizes;
    }

    /** @return the passport text ("DPP1:...") or link ("HTTPS://...#1...") */
    public String text() {
        return text;
    }

    /** @return the sizes of each layer */
    public EncodeSizes sizes() {
        return sizes;
    }

    @Override
    public String toString() {
        return "EncodeResult[" + sizes + "]";
    }
}
