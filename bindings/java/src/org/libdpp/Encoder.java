// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.Objects;

/**
 * Signs passports into passport text ({@code "DPP1:"} + Base45), GS1 Digital Links
 * ({@link EncodeOptions#withResolver(String)}, spec/link.md) or COSE messages.
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
     * @param options  claims, compression, resolver and form
     * @return the passport text, or the link (up to {@link Dpp#maxLinkLength()} characters)
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
                if (options.hasTrustClaims()) {
                    byte[] uri = options.linkUri() == null ? new byte[0] : Natives.utf8(options.linkUri(), "link");
                    byte[] digest = options.linkSha256() == null ? new byte[0] : options.linkSha256();
                    byte[] res = options.resolver() == null ? new byte[0] : Natives.utf8(options.resolver(), "resolver");
                    return Natives.str(DppNative.dppb_encode_ex(p, k, options.iatSeconds(),
                                                                options.expires() != null ? 1 : 0, exp,
                                                                options.issuer() != null ? 1 : 0, iss,
                                                                options.compression().ordinal(),
                                                                options.packedAttestations(), uri, digest, res,
                                                                options.form().ordinal(), sizes));
                }
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
     * Attests claims of a passport as a certification body (spec/trust.md section 5): the
     * result goes into {@link EncodeOptions#withAttestations(java.util.List)}.
     *
     * @param passport the passport whose figures were checked
     * @param key      the attester's private key
     * @param binding  what the attestation is bound to: "product", "batch", "item" or "passport"
     * @param claims   claim names (see {@link Trust#claimNames()}), each present in the passport
     * @return the attestation bytes
     * @throws DppException if a claim is absent ({@code DPP_ERR_ATTESTATION_CLAIM}), the key is
     *                      not private, or the binding needs a batch/serial the passport lacks
     */
    public static byte[] attest(Passport passport, Key key, String binding, String... claims) throws DppException {
        Objects.requireNonNull(passport, "passport");
        Objects.requireNonNull(key, "key");
        int b = Trust.bindingId(binding);
        long mask = Trust.claimMask(java.util.Arrays.asList(Objects.requireNonNull(claims, "claims")));
        if (mask == 0) throw new IllegalArgumentException("claims must name at least one claim");
        NativePassport p = passport.toNative();
        try {
            NativeKey k = key.acquire();
            try {
                return DppNative.dppb_attest(p, k, mask, b);
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
     * Reverse transport WITHOUT verification: prefix, Base45 (or a link's URI and
     * fragment digits) and zlib removed.
     *
     * @param text the passport text or link
     * @return the COSE message
     * @throws MalformedException if the text is not valid passport text
     * @throws DppException for other failures
     */
    public static byte[] coseFromText(String text) throws DppException {
        return DppNative.dppb_cose_from_text(Natives.utf8(text, "text"));
    }
}
