// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The public keys (or certificates) whose signatures {@link Verifier} accepts.
 *
 * <p>Thread safety: verification only reads the store, so any number of threads
 * may verify with one store at once. {@link #add(Key)} builds a new native store
 * and swaps it in (copy on write), so adding keys while other threads verify is
 * safe too; those threads finish with the keys they started with. Close the store
 * (try-with-resources) to free it at once; otherwise it is freed after it becomes
 * unreachable.
 */
public final class TrustStore implements AutoCloseable {
    /** One change to a native store, replayed into every rebuilt store. */
    interface Op {
        void apply(NativeTrust t) throws DppException;
    }

    /** Everything the Cleaner needs, without a reference to the TrustStore. */
    private static final class State implements Runnable {
        final List<Op> ops = new ArrayList<>();
        final List<NativeKey> keys = new ArrayList<>(); // owned by the ops, freed at close
        volatile NativeRef<NativeTrust> current;

        @Override
        public synchronized void run() {
            NativeRef<NativeTrust> c = current;
            current = null;
            if (c != null) c.close();
            for (NativeKey k : keys) k.delete();
            keys.clear();
            ops.clear();
        }
    }

    private final State state = new State();
    private final Cleaner.Cleanable cleanable;

    /**
     * An empty store.
     *
     * @throws DppException if the native store cannot be created
     */
    public TrustStore() throws DppException {
        state.current = new NativeRef<>(DppNative.dppb_trust_new(), NativeTrust::delete);
        cleanable = Natives.CLEANER.register(this, state);
    }

    /**
     * A store trusting the given keys.
     *
     * @param keys keys to trust (public or private; only the public half is used)
     * @throws DppException if a key cannot be added
     */
    public TrustStore(Iterable<Key> keys) throws DppException {
        this();
        Objects.requireNonNull(keys, "keys");
        for (Key k : keys) add(k);
    }

    /**
     * Applies one more change: builds a new native store with every change so far plus
     * this one and swaps it in; verifications running in other threads keep the old
     * store until they return (copy on write). New trust-store features of the C API
     * (trust lists, revocation lists) are added through here.
     *
     * @param op    the change
     * @param owned a native key the change uses, freed with the store (or null)
     * @throws DppException if the change fails (the store is then unchanged)
     */
    void apply(Op op, NativeKey owned) throws DppException {
        synchronized (state) {
            if (state.current == null) {
                if (owned != null) owned.delete();
                throw new IllegalStateException("TrustStore is closed");
            }
            NativeTrust t = DppNative.dppb_trust_new();
            try {
                for (Op o : state.ops) o.apply(t);
                op.apply(t);
            } catch (DppException | RuntimeException e) {
                t.delete();
                if (owned != null) owned.delete();
                throw e;
            }
            NativeRef<NativeTrust> old = state.current;
            state.ops.add(op);
            if (owned != null) state.keys.add(owned);
            state.current = new NativeRef<>(t, NativeTrust::delete);
            old.close();
        }
    }

    /**
     * Trusts one more key. Adding the same key twice is a no-op.
     *
     * @param key the key (the store keeps its own reference; the Key may be closed afterwards)
     * @throws DppException if the key cannot be added
     */
    public void add(Key key) throws DppException {
        Objects.requireNonNull(key, "key");
        NativeKey nk = key.acquire();
        NativeKey own;
        try {
            own = DppNative.dppb_key_ref(nk);
        } finally {
            key.release();
        }
        apply(t -> DppNative.dppb_trust_add_key(t, own), own);
    }

    /**
     * Trusts the key or certificate in PEM or DER bytes.
     *
     * @param data PEM or DER bytes
     * @throws DppException if the data is not a usable key
     */
    public void add(byte[] data) throws DppException {
        try (Key k = Key.load(data)) {
            add(k);
        }
    }

    /**
     * Trusts the key or certificate in PEM text.
     *
     * @param pem PEM text
     * @throws DppException if the text is not a usable key
     */
    public void addPem(String pem) throws DppException {
        add(Natives.utf8(pem, "pem"));
    }

    /**
     * Trusts the key or certificate in a PEM or DER file.
     *
     * @param path the file
     * @throws IOException if the file cannot be read
     * @throws DppException if the file is not a usable key
     */
    public void addFile(Path path) throws IOException, DppException {
        Objects.requireNonNull(path, "path");
        add(Files.readAllBytes(path));
    }

    /**
     * Pins a trust-list operator's key: trust and revocation lists are accepted only when
     * signed by a pinned operator key. An operator key does not sign passports.
     *
     * @param operator the operator's key (the store keeps its own reference)
     * @throws DppException if the key cannot be pinned
     */
    public void pinOperator(Key operator) throws DppException {
        Objects.requireNonNull(operator, "operator");
        NativeKey nk = operator.acquire();
        NativeKey own;
        try {
            own = DppNative.dppb_key_ref(nk);
        } finally {
            operator.release();
        }
        apply(t -> DppNative.dppb_trust_pin_operator(t, own), own);
    }

    /**
     * Pins an operator key for a named trust scheme (mutual recognition, spec/trust.md 3.8):
     * each scheme's lists are verified against its own pins only, and a key any scheme
     * recognises may sign ({@link Signer#trustScheme()} says which).
     *
     * @param scheme   the scheme's name, 1..63 printable ASCII bytes (at most 16 schemes)
     * @param operator the operator's key
     * @throws UsageException for a bad scheme name
     * @throws DppException if the key cannot be pinned
     */
    public void pinOperator(String scheme, Key operator) throws DppException {
        byte[] name = Natives.utf8(Objects.requireNonNull(scheme, "scheme"), "scheme");
        Objects.requireNonNull(operator, "operator");
        NativeKey nk = operator.acquire();
        NativeKey own;
        try {
            own = DppNative.dppb_key_ref(nk);
        } finally {
            operator.release();
        }
        apply(t -> DppNative.dppb_trust_scheme_pin_operator(t, name, own), own);
    }

    /**
     * {@link #loadList(byte[], Instant, long, Duration)} for a named trust scheme: verified
     * against that scheme's pins only; replaces that scheme's entries (other schemes' stay).
     *
     * @param scheme      the scheme's name
     * @param data        the signed list
     * @param now         validation time
     * @param minSequence the highest sequence number accepted before (0: none)
     * @param grace       how long a list stays usable past its next-update time
     * @return the list's info
     * @throws TrustListException also when signed by another scheme's operator
     *         ({@code DPP_ERR_LIST_WRONG_SCHEME})
     * @throws DppException as loadList
     */
    public ListInfo loadList(String scheme, byte[] data, Instant now, long minSequence, Duration grace)
        throws DppException {
        return loadScheme(scheme, data, now, minSequence, grace, false);
    }

    /**
     * {@link #loadRevocations(byte[], Instant, long, Duration)} for a named trust scheme; a
     * key, passport or batch any loaded list revokes is revoked ({@link Revocation#scheme()}).
     *
     * @param scheme      the scheme's name
     * @param data        the signed list
     * @param now         validation time
     * @param minSequence the highest sequence number accepted before (0: none)
     * @param grace       how long a list stays usable past its next-update time
     * @return the list's info
     * @throws DppException as loadList
     */
    public ListInfo loadRevocations(String scheme, byte[] data, Instant now, long minSequence, Duration grace)
        throws DppException {
        return loadScheme(scheme, data, now, minSequence, grace, true);
    }

    /** @return how many named trust schemes the store has (the default scheme not counted) */
    public long schemeCount() {
        NativeRef<NativeTrust> r = acquire();
        try {
            return DppNative.dppb_trust_scheme_count(r.get());
        } finally {
            r.release();
        }
    }

    private ListInfo loadScheme(String scheme, byte[] data, Instant now, long minSequence, Duration grace,
                                boolean revocations) throws DppException {
        byte[] name = Natives.utf8(Objects.requireNonNull(scheme, "scheme"), "scheme");
        byte[] copy = Objects.requireNonNull(data, "data").clone();
        long t = Natives.epoch(now, "now");
        long g = Objects.requireNonNull(grace, "grace").getSeconds();
        if (minSequence < 0) throw new IllegalArgumentException("minSequence must be >= 0");
        ListInfo[] info = new ListInfo[1];
        if (revocations) {
            apply(s -> info[0] = ListInfo.from(DppNative.dppb_trust_scheme_load_revocations(s, name, copy, t,
                                                                                            minSequence, g)), null);
        } else {
            apply(s -> info[0] = ListInfo.from(DppNative.dppb_trust_scheme_load_list(s, name, copy, t, minSequence,
                                                                                    g)), null);
        }
        return info[0];
    }

    /**
     * Verifies a signed trust list against the pinned operator keys and makes its entries
     * the store's trust-list signers (replacing an earlier list's; pinned keys stay).
     *
     * @param data        the signed list ({@link TrustList#sign})
     * @param now         validation time
     * @param minSequence the highest sequence number accepted before (0: none); lower is a rollback
     * @param grace       how long a list stays usable past its next-update time
     * @return the list's info; keep {@link ListInfo#sequence()} for the next minSequence
     * @throws TrustListException if the list is unsigned, unpinned, rolled back, stale or malformed
     * @throws DppException       for other failures (signature, structure); the store is then unchanged
     */
    public ListInfo loadList(byte[] data, Instant now, long minSequence, Duration grace) throws DppException {
        return loadAny(data, now, minSequence, grace, false);
    }

    /**
     * {@link #loadList(byte[], Instant, long, Duration)} with {@link Trust#DEFAULT_GRACE}.
     *
     * @param data        the signed list
     * @param now         validation time
     * @param minSequence the highest sequence number accepted before (0: none)
     * @return the list's info
     * @throws DppException as loadList
     */
    public ListInfo loadList(byte[] data, Instant now, long minSequence) throws DppException {
        return loadList(data, now, minSequence, Trust.DEFAULT_GRACE);
    }

    /**
     * Verifies a signed revocation list ({@link RevocationList#sign}) like
     * {@link #loadList(byte[], Instant, long, Duration)} and makes it the store's revocation
     * list; from then on verification rejects revoked keys, passports and batches with
     * {@link RevokedException}.
     *
     * @param data        the signed list
     * @param now         validation time
     * @param minSequence the highest sequence number accepted before (0: none)
     * @param grace       how long a list stays usable past its next-update time
     * @return the list's info
     * @throws DppException as loadList
     */
    public ListInfo loadRevocations(byte[] data, Instant now, long minSequence, Duration grace) throws DppException {
        return loadAny(data, now, minSequence, grace, true);
    }

    /**
     * {@link #loadRevocations(byte[], Instant, long, Duration)} with {@link Trust#DEFAULT_GRACE}.
     *
     * @param data        the signed list
     * @param now         validation time
     * @param minSequence the highest sequence number accepted before (0: none)
     * @return the list's info
     * @throws DppException as loadList
     */
    public ListInfo loadRevocations(byte[] data, Instant now, long minSequence) throws DppException {
        return loadRevocations(data, now, minSequence, Trust.DEFAULT_GRACE);
    }

    private ListInfo loadAny(byte[] data, Instant now, long minSequence, Duration grace, boolean revocations)
        throws DppException {
        byte[] copy = Objects.requireNonNull(data, "data").clone();
        long t = Natives.epoch(now, "now");
        long g = Objects.requireNonNull(grace, "grace").getSeconds();
        if (minSequence < 0) throw new IllegalArgumentException("minSequence must be >= 0");
        ListInfo[] info = new ListInfo[1];
        if (revocations) {
            apply(s -> info[0] = ListInfo.from(DppNative.dppb_trust_load_revocations(s, copy, t, minSequence, g)),
                  null);
        } else {
            apply(s -> info[0] = ListInfo.from(DppNative.dppb_trust_load_list(s, copy, t, minSequence, g)), null);
        }
        return info[0];
    }

    /**
     * Verifies a signed status list, whole or delta (spec/trust.md 6.4), against the operator
     * keys pinned for every scheme and keeps it as the part with its list id: a whole list
     * replaces the part, a delta applies to the held part whose sequence is its base. From then
     * on verification checks the passport's status claim (-266): a set bit is a
     * {@link RevokedException} ({@code DPP_ERR_STATUS_REVOKED}).
     *
     * @param data        the signed status list
     * @param now         validation time
     * @param minSequence the highest sequence number accepted before (0: none); lower is a rollback
     * @param grace       how long a list stays usable past its next-update time
     * @return the list's info
     * @throws TrustListException if the list is unpinned, rolled back, stale or malformed, a delta
     *         whose base part is not held ({@code DPP_ERR_STATUS_DELTA_BASE}) or one setting a bit
     *         past the end ({@code DPP_ERR_STATUS_INDEX})
     * @throws DppException       for other failures (signature, structure); the store is then unchanged
     */
    public ListInfo loadStatus(byte[] data, Instant now, long minSequence, Duration grace) throws DppException {
        byte[] copy = Objects.requireNonNull(data, "data").clone();
        long t = Natives.epoch(now, "now");
        long g = Objects.requireNonNull(grace, "grace").getSeconds();
        if (minSequence < 0) throw new IllegalArgumentException("minSequence must be >= 0");
        ListInfo[] info = new ListInfo[1];
        apply(s -> info[0] = ListInfo.from(DppNative.dppb_trust_load_status(s, copy, t, minSequence, g)), null);
        return info[0];
    }

    /**
     * {@link #loadStatus(byte[], Instant, long, Duration)} with {@link Trust#DEFAULT_GRACE}.
     *
     * @param data        the signed status list
     * @param now         validation time
     * @param minSequence the highest sequence number accepted before (0: none)
     * @return the list's info
     * @throws DppException as loadStatus
     */
    public ListInfo loadStatus(byte[] data, Instant now, long minSequence) throws DppException {
        return loadStatus(data, now, minSequence, Trust.DEFAULT_GRACE);
    }

    /**
     * Pins a CA certificate (PEM or DER; a PEM bundle may hold several).
     *
     * @param cert the certificate(s)
     * @throws DppException if the data is not a certificate
     */
    public void addCa(byte[] cert) throws DppException {
        byte[] copy = Objects.requireNonNull(cert, "cert").clone();
        apply(t -> DppNative.dppb_trust_add_ca(t, copy), null);
    }

    /**
     * Trusts a signer certificate after checking once that it chains to a pinned CA
     * through the intermediates in chain and carries a libdpp role policy.
     *
     * @param cert  the signer certificate (PEM or DER)
     * @param chain intermediate certificates (PEM bundle), may be empty
     * @throws DppKeyException if it does not chain ({@code DPP_ERR_CERT_CHAIN}) or has no role policy
     * @throws DppException    for other failures
     */
    public void addCert(byte[] cert, byte[] chain) throws DppException {
        byte[] c = Objects.requireNonNull(cert, "cert").clone();
        byte[] ch = Objects.requireNonNull(chain, "chain").clone();
        apply(t -> DppNative.dppb_trust_add_cert(t, c, ch), null);
    }

    /** @return the number of distinct keys trusted */
    public int size() {
        NativeRef<NativeTrust> r = acquire();
        try {
            return (int) DppNative.dppb_trust_count(r.get());
        } finally {
            r.release();
        }
    }

    /**
     * The current native store, counted as in use; release the returned ref when done.
     * Retries if an add() swapped the store concurrently.
     */
    NativeRef<NativeTrust> acquire() {
        for (;;) {
            NativeRef<NativeTrust> r = state.current;
            if (r == null) throw new IllegalStateException("TrustStore is closed");
            if (r.tryAcquire() != null) return r;
        }
    }

    /** @return true after {@link #close()} */
    public boolean isClosed() {
        return state.current == null;
    }

    /** Frees the native store (idempotent); verifications running in other threads finish first. */
    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return isClosed() ? "TrustStore[closed]" : "TrustStore[keys=" + size() + "]";
    }
}
