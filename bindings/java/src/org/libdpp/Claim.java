// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.Optional;

/**
 * A claim of a verified passport (e.g. {@code "footprint"}, {@code "cbam"},
 * {@code "certifications[0]"}) together with who vouches for it. A verified
 * signature proves who <em>declared</em> the claim; only a verified attestation
 * ({@link #attestedBy()}) means a third party vouches for it. The passport's own
 * wording, such as a footprint's {@code "verification": "third-party-verified"}, is
 * {@link #declaredVerification()}: the manufacturer's statement, checked by nobody.
 * Obtained from {@link VerifyResult#claim(String)}.
 */
public final class Claim {
    private final String name;
    private final Attestation attestation;
    private final String declaredVerification;

    Claim(String name, Attestation attestation, String declaredVerification) {
        this.name = name;
        this.attestation = attestation;
        this.declaredVerification = declaredVerification == null || declaredVerification.isEmpty()
                ? null : declaredVerification;
    }

    /** @return the claim name (see {@link Trust#claimNames()}) */
    public String name() {
        return name;
    }

    /** @return the attester whose verified attestation covers this claim, if any */
    public Optional<Signer> attestedBy() {
        return attestation == null ? Optional.empty() : Optional.of(attestation.attester());
    }

    /** @return the verified attestation covering this claim, if any */
    public Optional<Attestation> attestation() {
        return Optional.ofNullable(attestation);
    }

    /** @return true when no verified attestation covers the claim: the manufacturer's word only */
    public boolean isSelfDeclared() {
        return attestation == null;
    }

    /**
     * @return for {@code "footprint"}, the passport's declared {@code verification} value
     *         (not checked by anyone); empty for other claims
     */
    public Optional<String> declaredVerification() {
        return Optional.ofNullable(declaredVerification);
    }

    @Override
    public String toString() {
        String who = attestation == null ? "self-declared by the manufacturer, no attestation"
                : "attested by " + attestation.attester().partyName();
        return name + ": " + who
                + (declaredVerification == null ? "" : " (the passport says '" + declaredVerification + "')");
    }
}
