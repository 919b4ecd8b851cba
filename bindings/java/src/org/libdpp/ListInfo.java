// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.time.Instant;

/** What a loaded trust or revocation list says about itself (from {@link TrustStore#loadList}). */
public final class ListInfo {
    private final long sequence;
    private final Instant issuedAt;
    private final Instant nextUpdate;
    private final long entries;
    private final boolean pastNextUpdate;
    private final byte[] signerKid;

    private ListInfo(long sequence, Instant issuedAt, Instant nextUpdate, long entries, boolean pastNextUpdate,
                     byte[] signerKid) {
        this.sequence = sequence;
        this.issuedAt = issuedAt;
        this.nextUpdate = nextUpdate;
        this.entries = entries;
        this.pastNextUpdate = pastNextUpdate;
        this.signerKid = signerKid;
    }

    /** Copies the loader's result and frees it. */
    static ListInfo from(NativeListInfo i) {
        try {
            // sequence is a uint64: longValue() keeps its 64 bits (read it with Long.toUnsignedString)
            return new ListInfo(i.getSequence().longValue(), Instant.ofEpochSecond(i.getIssued_at()),
                                Instant.ofEpochSecond(i.getNext_update()), i.getEntries(), i.getPast_next_update() != 0,
                                i.getSigner_kid());
        } finally {
            i.delete();
        }
    }

    /** @return the list's sequence number: pass it as the next minimum sequence */
    public long sequence() {
        return sequence;
    }

    /** @return when the list was signed */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** @return when a newer list is due */
    public Instant nextUpdate() {
        return nextUpdate;
    }

    /** @return trust-list entries, or revocations of every kind */
    public long entries() {
        return entries;
    }

    /** @return true if the list was accepted only thanks to the grace period (fetch a new one) */
    public boolean isPastNextUpdate() {
        return pastNextUpdate;
    }

    /** @return the kid of the operator key that signed the list */
    public byte[] signerKid() {
        return signerKid.clone();
    }

    @Override
    public String toString() {
        return "ListInfo[sequence=" + sequence + ", issuedAt=" + issuedAt + ", nextUpdate=" + nextUpdate + ", entries="
            + entries + (pastNextUpdate ? ", past next update" : "") + ", signer=" + Hex.of(signerKid) + "]";
    }
}
