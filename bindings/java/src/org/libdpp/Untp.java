// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * UNTP Digital Product Passport credentials (UNTP DPP 0.6.1, spec/untp.md): reading
 * one into a {@link Passport}. Writing one is {@link VerifyResult#toUntp(String)}
 * (verified) or {@link Inspection#toUntpUnverified(String)}.
 */
public final class Untp {
    private Untp() {}

    /** A member of the credential that a passport cannot carry. */
    public static final class NotCarried {
        private final String member;
        private final String message;

        NotCarried(String member, String message) {
            this.member = member;
            this.message = message;
        }

        /** @return the UNTP member, e.g. {@code "credentialSubject.product.dimensions"} */
        public String member() {
            return member;
        }

        /** @return {@code "<member>: not carried: <why>"} */
        public String message() {
            return message;
        }

        @Override
        public String toString() {
            return message;
        }
    }

    /** What {@link #importCredential(String, String)} read. */
    public static final class Import {
        private final Passport passport;
        private final List<NotCarried> notCarried;
        private final long totalNotCarried;

        Import(Passport passport, List<NotCarried> notCarried, long totalNotCarried) {
            this.passport = passport;
            this.notCarried = notCarried;
            this.totalNotCarried = totalNotCarried;
        }

        /** @return the validated passport */
        public Passport passport() {
            return passport;
        }

        /** @return the credential's members the passport cannot hold, in input order (unmodifiable) */
        public List<NotCarried> notCarried() {
            return notCarried;
        }

        /** @return how many members were not carried; more than {@code notCarried().size()} when the list was full */
        public long totalNotCarried() {
            return totalNotCarried;
        }
    }

    /**
     * Reads a UNTP DPP credential (0.6.x JSON, at most 1 MiB) into a validated passport.
     *
     * @param json    the credential's JSON text
     * @param country the manufacturer's country (ISO 3166-1 alpha-2) to use when the
     *                credential gives none (UNTP has no party country), or null
     * @return the passport and what could not be carried
     * @throws SchemaException not JSON ({@code DPP_ERR_JSON_SYNTAX}, with
     *         {@link DppException#getLine()}), a member of the wrong type, a passport field
     *         the credential lacks ({@code DPP_ERR_SCHEMA_MISSING}, {@link DppException#getPath()}
     *         e.g. {@code "gtin"}) or a value the passport cannot hold
     * @throws DppException for other failures (too large: {@code DPP_ERR_TOO_LARGE})
     */
    public static Import importCredential(String json, String country) throws DppException {
        Objects.requireNonNull(json, "json");
        NativeUntp u = DppNative.dppb_untp_import(Natives.utf8(json, "json"),
                                                  country == null ? new byte[0] : Natives.utf8(country, "country"));
        try {
            long n = DppNative.dppb_untp_dropped_count(u);
            List<NotCarried> list = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                list.add(new NotCarried(Natives.str(DppNative.dppb_untp_dropped_path(u, i)),
                                        Natives.str(DppNative.dppb_untp_dropped_message(u, i))));
            }
            return new Import(Passport.consume(DppNative.dppb_untp_passport(u)), Collections.unmodifiableList(list),
                              DppNative.dppb_untp_dropped_total(u));
        } finally {
            u.delete();
        }
    }
}
