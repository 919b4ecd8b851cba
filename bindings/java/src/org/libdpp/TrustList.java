// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.lang.ref.Cleaner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A trust list being built by its operator (spec/trust.md section 3): entries binding a
 * key to a party, a role, a validity window and a scope. {@link #sign} produces the
 * signed list that {@link TrustStore#loadList} loads.
 *
 * <pre>{@code
 * try (TrustList tl = new TrustList()) {
 *     tl.add(new TrustList.Entry(makerKey, "manufacturer", "ACME Steel", "CN"));
 *     byte[] signed = tl.sign(operatorKey, 1, Instant.now(), Instant.now().plus(Duration.ofDays(30)));
 * }
 * }</pre>
 *
 * <p>Not thread-safe while being modified. Close it to free native memory at once.
 */
public final class TrustList implements AutoCloseable {
    /** One entry to add: a key, a role and a party, plus an optional window and scope. */
    public static final class Entry {
        private final byte[] key;
        private final String role;
        private final String name;
        private final String country;
        private String scheme;
        private String value;
        private Instant notBefore;
        private Instant notAfter;
        private final List<String> claims = new ArrayList<>();
        private final List<String> gtinPrefixes = new ArrayList<>();
        private final List<String> categories = new ArrayList<>();
        private final List<String> resolvers = new ArrayList<>();

        /**
         * @param key     the key (its public part is listed)
         * @param role    one of {@link Trust#roleNames()}
         * @param name    the party's name
         * @param country the party's ISO 3166-1 alpha-2 country code
         * @throws DppException if the key cannot be exported
         */
        public Entry(Key key, String role, String name, String country) throws DppException {
            this(Objects.requireNonNull(key, "key").publicDer(), role, name, country);
        }

        /**
         * @param key     PEM or DER public key or X.509 certificate
         * @param role    one of {@link Trust#roleNames()}
         * @param name    the party's name
         * @param country the party's country code
         */
        public Entry(byte[] key, String role, String name, String country) {
            this.key = Objects.requireNonNull(key, "key").clone();
            this.role = Objects.requireNonNull(role, "role");
            this.name = Objects.requireNonNull(name, "name");
            this.country = Objects.requireNonNull(country, "country");
        }

        /**
         * @param idScheme identifier scheme, e.g. "LEI"
         * @param idValue  identifier value
         * @return this entry
         */
        public Entry identifier(String idScheme, String idValue) {
            this.scheme = Objects.requireNonNull(idScheme, "scheme");
            this.value = Objects.requireNonNull(idValue, "value");
            return this;
        }

        /**
         * @param from start of the entry's validity, or null
         * @param to   end of the entry's validity, or null
         * @return this entry
         */
        public Entry window(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        /**
         * @param names claims the party may attest or declare (see {@link Trust#claimNames()}); none: any
         * @return this entry
         */
        public Entry claims(String... names) {
            claims.addAll(Arrays.asList(names));
            return this;
        }

        /**
         * @param prefixes GTIN prefixes (1..14 digits) the party may sign for
         * @return this entry
         */
        public Entry gtinPrefixes(String... prefixes) {
            gtinPrefixes.addAll(Arrays.asList(prefixes));
            return this;
        }

        /**
         * @param names product categories the party may sign for
         * @return this entry
         */
        public Entry categories(String... names) {
            categories.addAll(Arrays.asList(names));
            return this;
        }

        /**
         * Resolvers the party may sign into its passports (at most 4; none: any). A
         * signed resolver is allowed if it equals one or lies under one's path
         * ("example.com" allows "example.com/dpp", not "id.example.com"); a passport
         * signed with another fails check "scope" with {@link UntrustedException}
         * {@code DPP_ERR_DL_DOMAIN_SCOPE}, in either form.
         *
         * @param urls resolvers, e.g. "https://id.example.com" (normalised like the encoder does)
         * @return this entry
         */
        public Entry resolvers(String... urls) {
            resolvers.addAll(Arrays.asList(urls));
            return this;
        }
    }

    private final NativeRef<NativeTrustList> ref;
    private final Cleaner.Cleanable cleanable;

    /**
     * An empty list.
     *
     * @throws DppException if the native list cannot be created
     */
    public TrustList() throws DppException {
        this(DppNative.dppb_trustlist_new());
    }

    private TrustList(NativeTrustList tl) {
        ref = new NativeRef<>(tl, NativeTrustList::delete);
        cleanable = Natives.CLEANER.register(this, ref);
    }

    /**
     * Verifies a signed list with the operator's key (no freshness check) and decodes it
     * for editing: {@link #add}/{@link #remove}, then {@link #sign} with a higher sequence.
     *
     * @param data     the signed list
     * @param operator the operator's key
     * @return the decoded list
     * @throws DppException if the list does not verify or is malformed
     */
    public static TrustList parse(byte[] data, Key operator) throws DppException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(operator, "operator");
        NativeKey k = operator.acquire();
        try {
            return new TrustList(DppNative.dppb_trustlist_parse(data, k));
        } finally {
            operator.release();
        }
    }

    /**
     * Removes the entries of a kid with a role.
     *
     * @param kid  the key identifier (8 bytes)
     * @param role one of {@link Trust#roleNames()}, or null for every role
     * @return how many entries were removed
     * @throws DppException {@code DPP_ERR_NOT_FOUND} if none matched
     */
    public int remove(byte[] kid, String role) throws DppException {
        Objects.requireNonNull(kid, "kid");
        int r = role == null ? 0 : Trust.roleId(role);
        NativeTrustList tl = ref.acquire("TrustList");
        try {
            return (int) DppNative.dppb_trustlist_remove(tl, kid, r);
        } finally {
            ref.release();
        }
    }

    /**
     * Adds an entry.
     *
     * @param e the entry
     * @return the kid of the entry's key
     * @throws DppException if a field is invalid (named in the message) or the entry exists
     */
    public byte[] add(Entry e) throws DppException {
        Objects.requireNonNull(e, "entry");
        long mask = Trust.claimMask(e.claims);
        NativeEntry ne = DppNative.dppb_entry_new(e.key, Trust.roleId(e.role));
        try {
            DppNative.dppb_entry_set_party(ne, 0, Natives.utf8(e.name, "name"));
            DppNative.dppb_entry_set_party(ne, 1, Natives.utf8(e.country, "country"));
            if (e.scheme != null) {
                DppNative.dppb_entry_set_party(ne, 2, Natives.utf8(e.scheme, "scheme"));
                DppNative.dppb_entry_set_party(ne, 3, Natives.utf8(e.value, "value"));
            }
            DppNative.dppb_entry_set_window(ne, e.notBefore != null ? 1 : 0,
                                            e.notBefore != null ? e.notBefore.getEpochSecond() : 0,
                                            e.notAfter != null ? 1 : 0, e.notAfter != null ? e.notAfter.getEpochSecond() : 0);
            DppNative.dppb_entry_set_claims(ne, mask);
            for (String p : e.gtinPrefixes) DppNative.dppb_entry_add_gtin_prefix(ne, Natives.utf8(p, "gtin prefix"));
            for (String c : e.categories) DppNative.dppb_entry_add_category(ne, Natives.utf8(c, "category"));
            for (String u : e.resolvers) DppNative.dppb_entry_add_resolver(ne, Natives.utf8(u, "resolver"));
            NativeTrustList tl = ref.acquire("TrustList");
            try {
                DppNative.dppb_trustlist_add(tl, ne);
            } finally {
                ref.release();
            }
            return DppNative.dppb_entry_kid(ne);
        } finally {
            ne.delete();
        }
    }

    /** @return the number of entries */
    public int size() {
        NativeTrustList tl = ref.acquire("TrustList");
        try {
            return (int) DppNative.dppb_trustlist_count(tl);
        } finally {
            ref.release();
        }
    }

    /**
     * Signs the list with the operator's private key (COSE_Sign1).
     *
     * @param operator   the operator's private key (pinned by verifiers)
     * @param sequence   at least 1, higher than every list signed before
     * @param issuedAt   signing time
     * @param nextUpdate when the list becomes stale (plus the verifier's grace)
     * @return the signed list
     * @throws DppException if the key is not private or the header is invalid
     */
    public byte[] sign(Key operator, long sequence, Instant issuedAt, Instant nextUpdate) throws DppException {
        Objects.requireNonNull(operator, "operator");
        long iat = Natives.epoch(issuedAt, "issuedAt");
        long next = Natives.epoch(nextUpdate, "nextUpdate");
        NativeTrustList tl = ref.acquire("TrustList");
        try {
            NativeKey k = operator.acquire();
            try {
                return DppNative.dppb_trustlist_sign(tl, k, sequence, iat, next);
            } finally {
                operator.release();
            }
        } finally {
            ref.release();
        }
    }

    /** Frees the native list (idempotent). */
    @Override
    public void close() {
        cleanable.clean();
    }
}
