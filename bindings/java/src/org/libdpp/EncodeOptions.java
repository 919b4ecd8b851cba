// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.time.Instant;
import java.util.Objects;

/**
 * Claims and transport options for {@link Encoder}: an immutable value; each
 * {@code with*} method returns a modified copy.
 *
 * <pre>{@code
 * EncodeOptions o = EncodeOptions.defaults().withIssuer("ACME").withExpires(Instant.parse("2030-01-01T00:00:00Z"));
 * }</pre>
 */
public final class EncodeOptions {
    private final Instant issuedAt;
    private final Instant expires;
    private final String issuer;
    private final Compression compression;

    private EncodeOptions(Instant issuedAt, Instant expires, String issuer, Compression compression) {
        this.issuedAt = issuedAt;
        this.expires = expires;
        this.issuer = issuer;
        this.compression = compression;
    }

    /** @return issued-at = the time of encoding, no expiry, no issuer, {@link Compression#AUTO} */
    public static EncodeOptions defaults() {
        return new EncodeOptions(null, null, null, Compression.AUTO);
    }

    /**
     * @param iat the issued-at time
     * @return a copy with this issued-at time
     */
    public EncodeOptions withIssuedAt(Instant iat) {
        return new EncodeOptions(Objects.requireNonNull(iat, "iat"), expires, issuer, compression);
    }

    /**
     * @param exp the expiry (later than issued-at), or null for none
     * @return a copy with this expiry
     */
    public EncodeOptions withExpires(Instant exp) {
        return new EncodeOptions(issuedAt, exp, issuer, compression);
    }

    /**
     * @param iss the issuer (at most 64 bytes of UTF-8), or null for none
     * @return a copy with this issuer
     */
    public EncodeOptions withIssuer(String iss) {
        return new EncodeOptions(issuedAt, expires, iss, compression);
    }

    /**
     * @param c the compression mode
     * @return a copy with this compression mode
     */
    public EncodeOptions withCompression(Compression c) {
        return new EncodeOptions(issuedAt, expires, issuer, Objects.requireNonNull(c, "compression"));
    }

    /** @return the issued-at time, or null for "now" */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** @return the expiry, or null */
    public Instant expires() {
        return expires;
    }

    /** @return the issuer, or null */
    public String issuer() {
        return issuer;
    }

    /** @return the compression mode */
    public Compression compression() {
        return compression;
    }

    long iatSeconds() {
        return (issuedAt != null ? issuedAt : Instant.now()).getEpochSecond();
    }

    @Override
    public String toString() {
        return "EncodeOptions[iat=" + (issuedAt == null ? "now" : issuedAt) + ", exp=" + expires + ", iss=" + issuer
            + ", " + compression + "]";
    }
}
