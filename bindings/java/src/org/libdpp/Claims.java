// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.time.Instant;
import java.util.Optional;

/** CWT claims and signing details of a passport text. */
public final class Claims {
    private final Instant issuedAt;
    private final Instant expires;
    private final String issuer;
    private final Algorithm algorithm;
    private final byte[] kid;
    private final boolean compressed;
    private final Form form;
    private final String resolver;

    private Claims(Instant issuedAt, Instant expires, String issuer, Algorithm algorithm, byte[] kid,
                   boolean compressed, Form form, String resolver) {
        this.issuedAt = issuedAt;
        this.expires = expires;
        this.issuer = issuer;
        this.algorithm = algorithm;
        this.kid = kid;
        this.compressed = compressed;
        this.form = form;
        this.resolver = resolver;
    }

    static Claims from(NativeResult r) {
        String iss = Natives.str(DppNative.dppb_result_iss(r));
        return new Claims(Instant.ofEpochSecond(DppNative.dppb_result_iat(r)),
                          DppNative.dppb_result_has_exp(r) != 0 ? Instant.ofEpochSecond(DppNative.dppb_result_exp(r)) : null,
                          iss.isEmpty() ? null : iss,
                          Algorithm.fromCoseId(DppNative.dppb_result_alg(r)),
                          DppNative.dppb_result_kid(r),
                          DppNative.dppb_result_compressed(r) != 0,
                          Form.of(DppNative.dppb_result_form(r)),
                          Natives.str(DppNative.dppb_result_resolver(r)));
    }

    /** @return the issued-at time ({@code iat}) */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** @return the expiry ({@code exp}), if any */
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    /** @return the issuer ({@code iss}), if any */
    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /** @return the signature algorithm */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** @return the signing key's identifier (a fresh copy) */
    public byte[] kid() {
        return kid.clone();
    }

    /** @return the key identifier as lowercase hex */
    public String kidHex() {
        return Hex.of(kid);
    }

    /** @return true if the transport used zlib */
    public boolean compressed() {
        return compressed;
    }

    /** @return the transport form the input was in: {@code "DPP1:"} text or a link */
    public Form form() {
        return form;
    }

    /**
     * @return the signed resolver the passport may travel under as a link (CWT claim
     *         -265, e.g. "id.example.com"), or "" when it has none; a verified link's
     *         domain is this one
     */
    public String resolver() {
        return resolver;
    }

    @Override
    public String toString() {
        return "Claims[iat=" + issuedAt + (expires != null ? ", exp=" + expires : "")
            + (issuer != null ? ", iss=" + issuer : "") + ", alg=" + algorithm.coseName() + ", kid=" + kidHex()
            + (compressed ? ", zlib" : "") + ", " + form.wireName() + (resolver.isEmpty() ? "" : ", resolver=" + resolver)
            + "]";
    }
}
