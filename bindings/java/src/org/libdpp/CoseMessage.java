// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.Optional;
import java.util.OptionalLong;

/** A parsed COSE_Sign1 message from {@link Cose#verify} or {@link Cose#parse}. */
public final class CoseMessage {
    private final boolean verified;
    private final byte[] payload;
    private final Long alg;
    private final boolean algProtected;
    private final byte[] kid;
    private final boolean kidProtected;
    private final boolean tagged;
    private final boolean cwtTagged;
    private final byte[] protectedHeader;
    private final boolean unprotectedEmpty;
    private final byte[] signature;

    private CoseMessage(NativeCose c) {
        verified = DppNative.dppb_cose_verified(c) != 0;
        payload = DppNative.dppb_cose_detached(c) != 0 ? null : DppNative.dppb_cose_payload(c);
        alg = DppNative.dppb_cose_has_alg(c) != 0 ? DppNative.dppb_cose_alg(c) : null;
        algProtected = DppNative.dppb_cose_alg_protected(c) != 0;
        kid = DppNative.dppb_cose_has_kid(c) != 0 ? DppNative.dppb_cose_kid(c) : null;
        kidProtected = DppNative.dppb_cose_kid_protected(c) != 0;
        tagged = DppNative.dppb_cose_tagged(c) != 0;
        cwtTagged = DppNative.dppb_cose_cwt_tagged(c) != 0;
        protectedHeader = DppNative.dppb_cose_protected(c);
        unprotectedEmpty = DppNative.dppb_cose_unprotected_empty(c) != 0;
        signature = DppNative.dppb_cose_signature(c);
    }

    static CoseMessage consume(NativeCose c) {
        try {
            return new CoseMessage(c);
        } finally {
            c.delete();
        }
    }

    /** @return true only for a message from {@link Cose#verify} */
    public boolean isVerified() {
        return verified;
    }

    /** @return the payload (a copy), or empty for a detached payload */
    public Optional<byte[]> payload() {
        return payload == null ? Optional.empty() : Optional.of(payload.clone());
    }

    /** @return the COSE algorithm id, if present */
    public OptionalLong alg() {
        return alg == null ? OptionalLong.empty() : OptionalLong.of(alg);
    }

    /** @return true if the alg came from the protected header */
    public boolean isAlgProtected() {
        return algProtected;
    }

    /** @return the key identifier (a copy), if present */
    public Optional<byte[]> kid() {
        return kid == null ? Optional.empty() : Optional.of(kid.clone());
    }

    /** @return true if the kid came from the protected header */
    public boolean isKidProtected() {
        return kidProtected;
    }

    /** @return true if the message carried COSE tag 18 */
    public boolean isTagged() {
        return tagged;
    }

    /** @return true if the message was wrapped in CWT tag 61 */
    public boolean isCwtTagged() {
        return cwtTagged;
    }

    /** @return the protected header bstr's content (a copy) */
    public byte[] protectedHeader() {
        return protectedHeader.clone();
    }

    /** @return true if the unprotected header map is empty */
    public boolean isUnprotectedEmpty() {
        return unprotectedEmpty;
    }

    /** @return the signature bytes (a copy) */
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public String toString() {
        return "CoseMessage[" + (verified ? "verified" : "UNVERIFIED") + ", alg=" + alg
            + (kid != null ? ", kid=" + Hex.of(kid) : "") + ", payload=" + (payload == null ? "detached" : payload.length + " bytes")
            + "]";
    }
}
