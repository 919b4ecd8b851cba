// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * A revocation list being built by its operator (spec/trust.md section 6): revoked keys
 * (by kid), passports (by id) and batches (GTIN + batch), each with a reason from
 * {@link Trust#reasonNames()} and an effective date. {@link #sign} produces what
 * {@link TrustStore#loadRevocations} loads. Not thread-safe while being modified.
 */
public final class RevocationList implements AutoCloseable {
    private final NativeRef<NativeRevList> ref;
    private final Cleaner.Cleanable cleanable;

    /**
     * An empty list.
     *
     * @throws DppException if the native list cannot be created
     */
    public RevocationList() throws DppException {
        ref = new NativeRef<>(DppNative.dppb_revlist_new(), NativeRevList::delete);
        cleanable = Natives.CLEANER.register(this, ref);
    }

    private void add(int kind, byte[] data, String gtin, String batch, String reason, LocalDate date)
        throws DppException {
        int why = Trust.reasonId(reason);
        long day = Objects.requireNonNull(date, "date").toEpochDay();
        NativeRevList rl = ref.acquire("RevocationList");
        try {
            DppNative.dppb_revlist_add(rl, kind, data, Natives.utf8(gtin, "gtin"), Natives.utf8(batch, "batch"), why,
                                       day);
        } finally {
            ref.release();
        }
    }

    /**
     * Revokes a key: passports and attestations it signed.
     *
     * @param kid    the key's kid (8 bytes)
     * @param reason e.g. "key-compromise"
     * @param date   the effective date
     * @throws DppException if an argument is invalid
     */
    public void addKey(byte[] kid, String reason, LocalDate date) throws DppException {
        add(1, Objects.requireNonNull(kid, "kid").clone(), "", "", reason, date);
    }

    /**
     * Revokes one passport.
     *
     * @param passportId the passport's id
     * @param reason     e.g. "recall"
     * @param date       the effective date
     * @throws DppException if an argument is invalid
     */
    public void addPassport(UUID passportId, String reason, LocalDate date) throws DppException {
        Objects.requireNonNull(passportId, "passportId");
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(passportId.getMostSignificantBits()).putLong(passportId.getLeastSignificantBits());
        add(2, b.array(), "", "", reason, date);
    }

    /**
     * Revokes every passport of a batch.
     *
     * @param gtin   the product's 14-digit GTIN
     * @param batch  the batch
     * @param reason e.g. "recall"
     * @param date   the effective date
     * @throws DppException if an argument is invalid
     */
    public void addBatch(String gtin, String batch, String reason, LocalDate date) throws DppException {
        add(3, new byte[0], Objects.requireNonNull(gtin, "gtin"), Objects.requireNonNull(batch, "batch"), reason, date);
    }

    /** @return the number of revocations */
    public int size() {
        NativeRevList rl = ref.acquire("RevocationList");
        try {
            return (int) DppNative.dppb_revlist_count(rl);
        } finally {
            ref.release();
        }
    }

    /**
     * Signs the list with the operator's private key.
     *
     * @param operator   the operator's private key
     * @param sequence   at least 1, higher than every list signed before
     * @param issuedAt   signing time
     * @param nextUpdate when the list becomes stale
     * @return the signed list
     * @throws DppException if the key is not private or the header is invalid
     */
    public byte[] sign(Key operator, long sequence, Instant issuedAt, Instant nextUpdate) throws DppException {
        Objects.requireNonNull(operator, "operator");
        long iat = Natives.epoch(issuedAt, "issuedAt");
        long next = Natives.epoch(nextUpdate, "nextUpdate");
        NativeRevList rl = ref.acquire("RevocationList");
        try {
            NativeKey k = operator.acquire();
            try {
                return DppNative.dppb_revlist_sign(rl, k, sequence, iat, next);
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
