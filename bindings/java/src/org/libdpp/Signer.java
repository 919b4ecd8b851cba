// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.io.Serializable;

/** Who signed a passport or an attestation, as the trust store knows them. */
public final class Signer implements Serializable {
    private static final long serialVersionUID = 1L;
    /** "pinned", "trust-list" or "x509". */
    private final String source;
    /** "any" for a pinned key, else the role. */
    private final String role;
    /** Party name ("" for a pinned key). */
    private final String name;
    /** ISO 3166-1 alpha-2 ("" for a pinned key). */
    private final String country;
    /** Identifier scheme, or null. */
    private final String identifierScheme;
    /** Identifier value, or null. */
    private final String identifierValue;
    /** Key identifier. */
    private final byte[] kid;
    /** The named trust scheme whose list recognised the key, or null (default scheme / no list). */
    private String trustScheme;
    /** Kid of the operator key that signed that list, or null. */
    private byte[] schemeOperator;

    private Signer(String source, String role, String name, String country, String scheme, String value, byte[] kid) {
        this.source = source;
        this.role = role;
        this.name = name;
        this.country = country;
        this.identifierScheme = scheme;
        this.identifierValue = value;
        this.kid = kid;
    }

    static Signer from(NativeResult r, int who) {
        NativeParty party = DppNative.dppb_result_signer_party(r, who); // a view into r
        String src = DppNative.dppb_key_source_name(DppNative.dppb_result_signer_source(r, who));
        String role = DppNative.dppb_role_name(DppNative.dppb_result_signer_role(r, who));
        Passport.Identifier id = party == null ? null : Passport.Identifier.of(party.getOperator_id());
        Signer s = new Signer(src == null ? "none" : src, role == null ? "any" : role,
                              party == null ? "" : Natives.str(party.getName()),
                              party == null ? "" : Natives.str(party.getCountry()), id == null ? null : id.scheme(),
                              id == null ? null : id.value(), DppNative.dppb_result_signer_kid(r, who));
        String ts = Natives.str(DppNative.dppb_result_signer_scheme(r, who));
        byte[] op = DppNative.dppb_result_signer_scheme_operator(r, who);
        s.trustScheme = ts.isEmpty() ? null : ts;
        s.schemeOperator = op.length == 0 ? null : op;
        return s;
    }

    /**
     * The named trust scheme whose trust list recognised the key (mutual recognition,
     * {@link TrustStore#loadList(String, byte[], Instant, long, Duration)}).
     *
     * @return the scheme, or empty for the default scheme, a pinned key or a certificate
     */
    public java.util.Optional<String> trustScheme() {
        return java.util.Optional.ofNullable(trustScheme);
    }

    /** @return the kid of the operator key that signed the recognising list, or null (pinned keys, certificates) */
    public byte[] schemeOperator() {
        return schemeOperator == null ? null : schemeOperator.clone();
    }

    /** @return where the trust comes from: "pinned", "trust-list" or "x509" */
    public String source() {
        return source;
    }

    /** @return "any" for a pinned key, else "manufacturer", "certifier", "cbam-verifier" */
    public String role() {
        return role;
    }

    /** @return the party's name ("" for a pinned key) */
    public String partyName() {
        return name;
    }

    /** @return the party's country code ("" for a pinned key) */
    public String country() {
        return country;
    }

    /** @return the party's identifier scheme (e.g. "LEI"), or null */
    public String identifierScheme() {
        return identifierScheme;
    }

    /** @return the party's identifier value, or null */
    public String identifierValue() {
        return identifierValue;
    }

    /** @return the key identifier */
    public byte[] kid() {
        return kid.clone();
    }

    @Override
    public String toString() {
        return "Signer[" + source + ", " + role + ", " + name + " (" + country + "), kid=" + Hex.of(kid) + "]";
    }
}
