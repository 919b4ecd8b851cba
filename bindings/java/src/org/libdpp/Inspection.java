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

    Inspection(Passport passport, Claims claims) {
        this.passport = passport;
        this.claims = claims;
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
