// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A verified passport; only produced by a successful {@link Verifier#verify(String)}.
 * Besides the passport, claims and report it tells who signed the passport and who
 * attested which of its claims (spec/trust.md).
 */
public final class VerifyResult {
    private final Passport passport;
    private final Claims claims;
    private final VerifyReport report;
    private final Signer signer;
    private final List<Attestation> attestations;
    private final List<String> claimsPresent;
    private final Map<String, Attestation> attested;
    private final String linkUri;
    private final byte[] linkSha256;
    /** Verifies the same text again (for {@link #toUntp()}: no native memory is kept meanwhile). */
    interface Again {
        NativeResult run() throws DppException;
    }

    private final Again again;

    VerifyResult(Passport passport, Claims claims, VerifyReport report, NativeResult r, Again again) {
        this.passport = passport;
        this.claims = claims;
        this.report = report;
        this.signer = Signer.from(r, -1);
        int n = DppNative.dppb_result_n_attestations(r);
        List<Attestation> atts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String b = DppNative.dppb_binding_name(DppNative.dppb_result_attestation_binding(r, i));
            atts.add(new Attestation(Trust.claimNames(DppNative.dppb_result_attestation_claims(r, i)),
                                     b == null ? "" : b, DppNative.dppb_result_attestation_kid(r, i),
                                     Signer.from(r, i)));
        }
        this.attestations = Collections.unmodifiableList(atts);
        this.claimsPresent = Trust.claimNames(DppNative.dppb_result_claims_present(r));
        Map<String, Attestation> m = new LinkedHashMap<>();
        for (String c : claimsPresent) {
            int i = DppNative.dppb_result_claim_attested_by(r, Trust.claimId(c));
            if (i >= 0 && i < atts.size()) m.put(c, atts.get(i));
        }
        this.attested = Collections.unmodifiableMap(m);
        String uri = Natives.str(DppNative.dppb_result_link_uri(r));
        this.linkUri = uri.isEmpty() ? null : uri;
        byte[] d = DppNative.dppb_result_link_sha256(r);
        this.linkSha256 = d.length == 0 ? null : d;
        this.again = again;
    }

    /**
     * The passport as a UNTP Digital Product Passport credential (UNTP DPP 0.6.1,
     * JSON-LD), issued by {@code urn:dpp:kid:<hex>} (the signing key's id).
     *
     * @return the credential's JSON text
     * @throws DppException if it cannot be written
     * @see #toUntp(String)
     */
    public String toUntp() throws DppException {
        return toUntp(null);
    }

    /**
     * The passport as a UNTP Digital Product Passport credential (UNTP DPP 0.6.1,
     * JSON-LD, spec/untp.md). The credential is not signed: it names the signed
     * original (the text or link given to {@link Verifier#verify(String)}) and its
     * SHA-256, so a platform can verify it again; claims a verified attestation covers
     * carry it as conformity evidence, the others are described as self-declared.
     *
     * <p>The export verifies the original again with the same {@link Verifier} (its trust
     * store, and this result's validation time), so this object keeps no native memory; it
     * throws if that store was closed ({@link IllegalStateException}) or no longer accepts
     * the passport.
     *
     * @param issuer the credential issuer's URI (e.g. {@code "did:web:example.com"}), or
     *               null for {@code urn:dpp:kid:<hex>}
     * @return the credential's JSON text
     * @throws UsageException for a bad issuer ({@code DPP_ERR_INVALID_ARG})
     * @throws DppException if it cannot be written
     */
    public String toUntp(String issuer) throws DppException {
        byte[] iss = issuer == null ? new byte[0] : Natives.utf8(issuer, "issuer");
        NativeResult r = again.run();
        try {
            int code = DppNative.dppb_result_err(r);
            if (code != 0) {
                VerifyReport rep = VerifyReport.from(r);
                throw DppException.create(code, rep.getMessage(), rep.getOffset(), rep);
            }
            return Natives.str(DppNative.dppb_untp_export(r, iss));
        } finally {
            r.delete();
        }
    }

    /** @return the verified passport */
    public Passport passport() {
        return passport;
    }

    /** @return the claims and signing details */
    public Claims claims() {
        return claims;
    }

    /** @return the report (every check passed or was skipped) */
    public VerifyReport report() {
        return report;
    }

    /** @return who signed the passport (source, role, party) */
    public Signer signer() {
        return signer;
    }

    /** @return the verified attestations the passport carries, in passport order */
    public List<Attestation> attestations() {
        return attestations;
    }

    /** @return names of the claims in the passport (see {@link Trust#claimNames()}) */
    public List<String> claimsPresent() {
        return claimsPresent;
    }

    /**
     * A claim with who vouches for it: {@link Claim#attestedBy()} is set only when a
     * verified attestation covers it; otherwise it is {@link Claim#isSelfDeclared()
     * self-declared}, whatever the passport says of itself (e.g. a footprint's
     * {@code "third-party-verified"}, see {@link Claim#declaredVerification()}).
     *
     * @param name a claim name, e.g. {@code "footprint"}, {@code "cbam"}, {@code "certifications[0]"}
     * @return the claim, or empty if the passport does not have it
     * @throws IllegalArgumentException for an unknown claim name
     */
    public Optional<Claim> claim(String name) {
        Trust.claimId(name); // rejects unknown names
        if (!claimsPresent.contains(name)) return Optional.empty();
        String declared = name.equals("footprint") ? passport.declaredFootprintVerification().orElse(null) : null;
        return Optional.of(new Claim(name, attested.get(name), declared));
    }

    /** @return claim name to the attestation covering it, for every attested claim present (who attested what) */
    public Map<String, Attestation> attestedClaims() {
        return attested;
    }

    /** @return names of the claims present that no attestation covers */
    public List<String> selfDeclared() {
        List<String> out = new ArrayList<>();
        for (String c : claimsPresent) if (!attested.containsKey(c)) out.add(c);
        return Collections.unmodifiableList(out);
    }

    /** @return the form the verified input was in (same as {@code claims().form()}) */
    public Form form() {
        return claims.form();
    }

    /**
     * @return the signed resolver, "" when there is none (same as {@code claims().resolver()});
     *         a verified link's domain is this one
     */
    public String resolver() {
        return claims.resolver();
    }

    /** @return the full passport's URI, if the label links to it */
    public Optional<String> linkUri() {
        return Optional.ofNullable(linkUri);
    }

    /** @return SHA-256 of the full passport document, or null if the label carries none */
    public byte[] linkSha256() {
        return linkSha256 == null ? null : linkSha256.clone();
    }

    @Override
    public String toString() {
        return "VerifyResult[" + passport + ", " + claims + ", " + signer + "]";
    }
}
