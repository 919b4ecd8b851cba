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

    static ListInfo parse(String text) {
        String[] f = text.split(" ");
        byte[] kid = new byte[f[5].length() / 2];
        for (int i = 0; i < kid.length; i++) kid[i] = (byte) Integer.parseInt(f[5].substring(2 * i, 2 * i + 2), 16);
        return new ListInfo(Long.parseUnsignedLong(f[0]), Instant.ofEpochSecond(Long.parseLong(f[1])),
                            Instant.ofEpochSecond(Long.parseLong(f[2])), Long.parseLong(f[3]), f[4].equals("1"), kid);
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
