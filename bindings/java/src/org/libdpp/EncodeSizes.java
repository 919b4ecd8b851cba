// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/** Sizes of each layer of an encoded passport (bytes; the text in characters). */
public final class EncodeSizes {
    private final long payload;
    private final long claims;
    private final long cose;
    private final long compressed;
    private final boolean usedZlib;
    private final long text;

    EncodeSizes(NativeSizes s) {
        this.payload = s.getPayload();
        this.claims = s.getClaims();
        this.cose = s.getCose();
        this.compressed = s.getCompressed();
        this.usedZlib = s.getUsed_zlib() != 0;
        this.text = s.getText();
    }

    /** @return the passport CBOR size */
    public long payload() {
        return payload;
    }

    /** @return the CWT claims set size */
    public long claims() {
        return claims;
    }

    /** @return the COSE_Sign1 message size */
    public long cose() {
        return cose;
    }

    /** @return the zlib stream size (0 if not attempted) */
    public long compressed() {
        return compressed;
    }

    /** @return true if the text carries the zlib stream */
    public boolean usedZlib() {
        return usedZlib;
    }

    /** @return the output length in characters: prefix + Base45, or the whole link */
    public long text() {
        return text;
    }

    @Override
    public String toString() {
        return "EncodeSizes[payload=" + payload + ", claims=" + claims + ", cose=" + cose + ", compressed=" + compressed
            + (usedZlib ? " (used)" : "") + ", text=" + text + "]";
    }
}
