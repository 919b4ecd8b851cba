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
    private final byte[] text;

    /** text: the (UTF-8) text inspected, decoded again by {@link #toUntpUnverified(String)}. */
    Inspection(Passport passport, Claims claims, byte[] text) {
        this.passport = passport;
        this.claims = claims;
        this.text = text;
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
        byte[] iss = issuer == null ? new byte[0] : Natives.utf8(issuer, "issuer");
        NativeResult r = DppNative.dppb_inspect(text);
        try {
            return Natives.str(DppNative.dppb_untp_export(r, iss));
        } finally {
            r.delete();
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
