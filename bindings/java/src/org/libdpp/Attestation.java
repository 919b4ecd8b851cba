// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.List;

/** A verified third-party attestation carried by a passport (see {@link VerifyResult#attestations()}). */
public final class Attestation {
    private final List<String> claims;
    private final String binding;
    private final byte[] kid;
    private final Signer attester;

    Attestation(List<String> claims, String binding, byte[] kid, Signer attester) {
        this.claims = claims;
        this.binding = binding;
        this.kid = kid;
        this.attester = attester;
    }

    /** @return names of the attested claims (unmodifiable) */
    public List<String> claims() {
        return claims;
    }

    /** @return what the attestation is bound to: "product", "batch", "item" or "passport" */
    public String binding() {
        return binding;
    }

    /** @return the attester's key identifier */
    public byte[] kid() {
        return kid.clone();
    }

    /** @return who attested */
    public Signer attester() {
        return attester;
    }

    @Override
    public String toString() {
        return "Attestation[" + claims + ", " + binding + ", by " + attester + "]";
    }
}
