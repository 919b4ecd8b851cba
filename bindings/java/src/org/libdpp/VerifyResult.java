// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/** A verified passport; only produced by a successful {@link Verifier#verify(String)}. */
public final class VerifyResult {
    private final Passport passport;
    private final Claims claims;
    private final VerifyReport report;

    VerifyResult(Passport passport, Claims claims, VerifyReport report) {
        this.passport = passport;
        this.claims = claims;
        this.report = report;
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

    @Override
    public String toString() {
        return "VerifyResult[" + passport + ", " + claims + "]";
    }
}
