// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.Objects;

/**
 * Signs passports into passport text ({@code "DPP1:"} + Base45) or COSE messages.
 * Stateless and thread-safe.
 */
public final class Encoder {
    private Encoder() {}

    /**
     * Signs a passport with default options (issued now, no expiry, no issuer, AUTO compression).
     *
     * @param passport the passport
     * @param key      a private key
     * @return the passport text
     * @throws DppException if signing fails (e.g. {@link DppKeyException} for a public key)
     */
    public static String encode(Passport passport, Key key) throws DppException {
        return encode(passport, key, EncodeOptions.defaults());
    }

    /**
     * Signs a passport.
     *
     * @param passport the passport
     * @param key      a private key
     * @param options  claims and compression
     * @return the passport text
     * @throws DppException if signing fails
     */
    public static String encode(Passport passport, Key key, EncodeOptions options) throws DppException {
        return run(passport, key, options, null);
    }

    /**
     * Signs a passport and reports the size of each layer.
     *
     * @param passport the passport
     * @param key      a private key
     * @param options  claims and compression
     * @return the text and sizes
     * @throws DppException if signing fails
     */
    public static EncodeResult encodeWithSizes(Passport passport, Key key, EncodeOptions options)
        throws DppException {
        NativeSizes sizes = new NativeSizes();
        try {
            String text = run(passport, key, options, sizes);
            return new EncodeResult(text, new EncodeSizes(sizes));
        } finally {
            sizes.delete();
        }
    }

    private static String run(Passport passport, Key key, EncodeOptions options, NativeSizes sizes)
        throws DppException {
        Objects.requireNonNull(passport, "passport");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        byte[] iss = options.issuer() == null ? new byte[0] : Natives.utf8(options.issuer(), "issuer");
        long exp = options.expires() == null ? 0 : options.expires().getEpochSecond();
        NativePassport p = passport.toNative();
        try {
            NativeKey k = key.acquire();
            try {
                return Natives.str(DppNative.dppb_encode(p, k, options.iatSeconds(), options.expires() != null ? 1 : 0,
                                                         exp, options.issuer() != null ? 1 : 0, iss,
                                                         options.compression().ordinal(), sizes));
            } finally {
                key.release();
            }
        } finally {
            p.delete();
        }
    }

    /**
     * Signs a passport into the COSE_Sign1 message (before zlib and Base45).
     *
     * @param passport the passport
     * @param key      a private key
     * @param options  claims (compression is ignored)
     * @return the COSE message
     * @throws DppException if signing fails
     */
    public static byte[] encodeCose(Passport passport, Key key, EncodeOptions options) throws DppException {
        Objects.requireNonNull(passport, "passport");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        byte[] iss = options.issuer() == null ? new byte[0] : Natives.utf8(options.issuer(), "issuer");
        long exp = options.expires() == null ? 0 : options.expires().getEpochSecond();
        NativePassport p = passport.toNative();
        try {
            NativeKey k = key.acquire();
            try {
                return DppNative.dppb_encode_cose(p, k, options.iatSeconds(), options.expires() != null ? 1 : 0, exp,
                                                  options.issuer() != null ? 1 : 0, iss);
            } finally {
                key.release();
            }
        } finally {
            p.delete();
        }
    }

    /**
     * Transport for an existing COSE message: zlib (per mode), Base45, prefix.
     *
     * @param cose        the COSE message
     * @param compression the compression mode
     * @return the passport text
     * @throws DppException if the message is too large
     */
    public static String textFromCose(byte[] cose, Compression compression) throws DppException {
        Objects.requireNonNull(cose, "cose");
        Objects.requireNonNull(compression, "compression");
        return Natives.str(DppNative.dppb_text_from_cose(cose, compression.ordinal()));
    }

    /**
     * Reverse transport WITHOUT verification: prefix, Base45 and zlib removed.
     *
     * @param text the passport text
     * @return the COSE message
     * @throws MalformedException if the text is not valid passport text
     * @throws DppException for other failures
     */
    public static byte[] coseFromText(String text) throws DppException {
        return DppNative.dppb_cose_from_text(Natives.utf8(text, "text"));
    }
}
