// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
    private final List<byte[]> attestations;
    private final String linkUri;
    private final byte[] linkSha256;
    private final String resolver;
    /** null: the default ({@link Form#LINK} with a resolver, else {@link Form#TEXT}). */
    private final Form form;

    private EncodeOptions(Instant issuedAt, Instant expires, String issuer, Compression compression) {
        this(issuedAt, expires, issuer, compression, Collections.emptyList(), null, null, null, null);
    }

    private EncodeOptions(Instant issuedAt, Instant expires, String issuer, Compression compression,
                          List<byte[]> attestations, String linkUri, byte[] linkSha256, String resolver, Form form) {
        this.issuedAt = issuedAt;
        this.expires = expires;
        this.issuer = issuer;
        this.compression = compression;
        this.attestations = attestations;
        this.linkUri = linkUri;
        this.linkSha256 = linkSha256;
        this.resolver = resolver;
        this.form = form;
    }

    private EncodeOptions with(Instant iat, Instant exp, String iss, Compression c) {
        return new EncodeOptions(iat, exp, iss, c, attestations, linkUri, linkSha256, resolver, form);
    }

    /**
     * The issuer's resolver, signed (as CWT claim -265) so the passport may travel as a
     * GS1 Digital Link on that domain (spec/link.md). Unless {@link #withForm} says
     * otherwise, the encoder then writes the link, like {@code dpp encode --link-base}.
     *
     * @param url the resolver, e.g. "https://id.example.com" or "https://example.com/dpp"
     *            (normalised to "id.example.com" by the library), or null for none
     * @return a copy with this resolver
     * @throws IllegalArgumentException for an empty resolver
     */
    public EncodeOptions withResolver(String url) {
        if (url != null && url.isEmpty()) throw new IllegalArgumentException("resolver must not be empty (null: none)");
        return new EncodeOptions(issuedAt, expires, issuer, compression, attestations, linkUri, linkSha256, url, form);
    }

    /**
     * @param f the output form ({@link Form#LINK} needs a resolver, else the encoder
     *          throws {@link UsageException}), or null for the default: a link when a
     *          resolver is set, else text
     * @return a copy with this output form
     */
    public EncodeOptions withForm(Form f) {
        return new EncodeOptions(issuedAt, expires, issuer, compression, attestations, linkUri, linkSha256, resolver,
                                 f);
    }

    /** @return the resolver, or null */
    public String resolver() {
        return resolver;
    }

    /** @return the output form: as set, or by default {@link Form#LINK} with a resolver, else {@link Form#TEXT} */
    public Form form() {
        return form != null ? form : resolver != null ? Form.LINK : Form.TEXT;
    }

    /**
     * @param list attestations from {@link Encoder#attest}, at most 4 (each must fit the passport)
     * @return a copy carrying these attestations
     */
    public EncodeOptions withAttestations(List<byte[]> list) {
        Objects.requireNonNull(list, "attestations");
        List<byte[]> copy = new ArrayList<>(list.size());
        for (byte[] a : list) copy.add(Objects.requireNonNull(a, "attestation").clone());
        return new EncodeOptions(issuedAt, expires, issuer, compression, Collections.unmodifiableList(copy), linkUri,
                                 linkSha256, resolver, form);
    }

    /**
     * @param uri    the full passport's URI (1..255 bytes), or null for no link
     * @param sha256 SHA-256 of the full passport document (32 bytes), or null
     * @return a copy carrying this link to the full passport
     */
    public EncodeOptions withLink(String uri, byte[] sha256) {
        if (uri == null && sha256 != null) throw new IllegalArgumentException("a link digest needs a link URI");
        return new EncodeOptions(issuedAt, expires, issuer, compression, attestations, uri,
                                 sha256 == null ? null : sha256.clone(), resolver, form);
    }

    /** @return the attestations to carry (unmodifiable; empty for none) */
    public List<byte[]> attestations() {
        List<byte[]> out = new ArrayList<>(attestations.size());
        for (byte[] a : attestations) out.add(a.clone());
        return Collections.unmodifiableList(out);
    }

    /** @return the link URI, or null */
    public String linkUri() {
        return linkUri;
    }

    /** @return the link digest, or null */
    public byte[] linkSha256() {
        return linkSha256 == null ? null : linkSha256.clone();
    }

    boolean hasTrustClaims() {
        return !attestations.isEmpty() || linkUri != null || resolver != null || form() != Form.TEXT;
    }

    /** The attestations as the glue takes them: each a 2-byte big-endian length then its bytes. */
    byte[] packedAttestations() {
        int n = 0;
        for (byte[] a : attestations) {
            if (a.length == 0 || a.length > 0xffff) throw new IllegalArgumentException("attestation of " + a.length
                                                                                        + " bytes is empty or too large");
            n += 2 + a.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] a : attestations) {
            out[o++] = (byte) (a.length >> 8);
            out[o++] = (byte) a.length;
            System.arraycopy(a, 0, out, o, a.length);
            o += a.length;
        }
        return out;
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
        return with(Objects.requireNonNull(iat, "iat"), expires, issuer, compression);
    }

    /**
     * @param exp the expiry (later than issued-at), or null for none
     * @return a copy with this expiry
     */
    public EncodeOptions withExpires(Instant exp) {
        return with(issuedAt, exp, issuer, compression);
    }

    /**
     * @param iss the issuer (at most 64 bytes of UTF-8), or null for none
     * @return a copy with this issuer
     */
    public EncodeOptions withIssuer(String iss) {
        return with(issuedAt, expires, iss, compression);
    }

    /**
     * @param c the compression mode
     * @return a copy with this compression mode
     */
    public EncodeOptions withCompression(Compression c) {
        return with(issuedAt, expires, issuer, Objects.requireNonNull(c, "compression"));
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
            + ", " + compression + (resolver != null ? ", resolver=" + resolver : "") + ", " + form().wireName() + "]";
    }
}
