// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.UUID;

/** The revocation that rejected a passport ({@link VerifyReport#revocation()}). */
public final class Revocation implements Serializable {
    private static final long serialVersionUID = 1L;
    /** "key", "passport" or "batch". */
    private final String kind;
    /** The reason's name. */
    private final String reason;
    /** The effective date. */
    private final LocalDate date;
    /** The subject: kid (kind "key") or passport id bytes (kind "passport"), else empty. */
    private final byte[] subject;
    /** The batch's GTIN (kind "batch"), else "". */
    private final String gtin;
    /** The batch (kind "batch"), else "". */
    private final String batch;
    /** The named scheme whose revocation list matched, or null (the default scheme's). */
    private String scheme;

    private Revocation(String kind, String reason, LocalDate date, byte[] subject, String gtin, String batch) {
        this.kind = kind;
        this.reason = reason;
        this.date = date;
        this.subject = subject;
        this.gtin = gtin;
        this.batch = batch;
    }

    static Revocation from(NativeResult r) {
        int kind = DppNative.dppb_result_revocation_kind(r);
        if (kind == 0) return null;
        String reason = DppNative.dppb_revocation_reason_name(DppNative.dppb_result_revocation_reason(r));
        Revocation rev = new Revocation(DppNative.dppb_revocation_kind_name(kind),
                                        reason == null ? "unspecified" : reason,
                                        LocalDate.ofEpochDay(DppNative.dppb_result_revocation_date(r)),
                                        DppNative.dppb_result_revocation_subject(r),
                                        Natives.str(DppNative.dppb_result_revocation_gtin(r)),
                                        Natives.str(DppNative.dppb_result_revocation_batch(r)));
        String by = Natives.str(DppNative.dppb_result_revoked_by(r));
        rev.scheme = by.isEmpty() ? null : by;
        return rev;
    }

    /** @return the named trust scheme whose revocation list matched, or empty for the default scheme's list */
    public java.util.Optional<String> scheme() {
        return java.util.Optional.ofNullable(scheme);
    }

    /** @return "key", "passport" or "batch" */
    public String kind() {
        return kind;
    }

    /** @return the reason, e.g. "key-compromise" */
    public String reason() {
        return reason;
    }

    /** @return the effective date */
    public LocalDate date() {
        return date;
    }

    /** @return the revoked key's kid (kind "key"), else null */
    public byte[] kid() {
        return kind.equals("key") ? subject.clone() : null;
    }

    /** @return the revoked passport's id (kind "passport"), else null */
    public UUID passportId() {
        if (!kind.equals("passport") || subject.length != 16) return null;
        ByteBuffer b = ByteBuffer.wrap(subject);
        return new UUID(b.getLong(), b.getLong());
    }

    /** @return the revoked batch's GTIN (kind "batch"), else null */
    public String gtin() {
        return kind.equals("batch") ? gtin : null;
    }

    /** @return the revoked batch (kind "batch"), else null */
    public String batch() {
        return kind.equals("batch") ? batch : null;
    }

    @Override
    public String toString() {
        return "Revocation[" + kind + ", " + reason + ", " + date + "]";
    }
}
