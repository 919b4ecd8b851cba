// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * The content of a passport text decoded WITHOUT verification
 * ({@link Verifier#inspect(String)}): for display and debugging only. Nothing
 * here is authenticated; the accessor names say so on purpose.
 */
public final class Inspection {
    private final Passport passport;
    private final Claims claims;
    private final NativeResult nat;

    /** Takes ownership of r (freed when this object is unreachable). */
    Inspection(Passport passport, Claims claims, NativeResult r) {
        this.passport = passport;
        this.claims = claims;
        this.nat = r;
        Natives.CLEANER.register(this, r::delete);
    }

    /**
     * The UNTP credential of this NOT verified passport (as {@link VerifyResult#toUntp(String)},
     * but every claim is described "NOT VERIFIED" and none has evidence): for handing on data
     * that cannot be verified here, never the default.
     *
     * @param issuer the credential issuer's URI, or null for {@code urn:dpp:kid:<hex>}
     * @return the credential's JSON text
     * @throws DppException if it cannot be written
     */
    public String toUntpUnverified(String issuer) throws DppException {
        try {
            return Natives.str(DppNative.dppb_untp_export(nat, issuer == null ? new byte[0]
                                                                            : Natives.utf8(issuer, "issuer")));
        } finally {
            java.lang.ref.Reference.reachabilityFence(this);
        }
    }

    /** @return the decoded (schema-valid) but UNVERIFIED passport */
    public Passport passportUnverified() {
        return passport;
    }

    /** @return the decoded but UNVERIFIED claims */
    public Claims claimsUnverified() {
        return claims;
    }

    @Override
    public String toString() {
        return "Inspection[UNVERIFIED " + passport + "]";
    }
}
