// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
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
