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
    /** The subject: kid, passport id bytes, or "GTIN\0batch". */
    private final byte[] subject;
    /** The named scheme whose revocation list matched, or null (the default scheme's). */
    private String scheme;

    private Revocation(String kind, String reason, LocalDate date, byte[] subject) {
        this.kind = kind;
        this.reason = reason;
        this.date = date;
        this.subject = subject;
    }

    static Revocation from(NativeResult r) {
        int kind = DppNative.dppb_result_revocation_kind(r);
        if (kind == 0) return null;
        String reason = DppNative.dppb_revocation_reason_name(DppNative.dppb_result_revocation_reason(r));
        Revocation rev = new Revocation(DppNative.dppb_revocation_kind_name(kind),
                                        reason == null ? "unspecified" : reason,
                                        LocalDate.ofEpochDay(DppNative.dppb_result_revocation_date(r)),
                                        DppNative.dppb_result_revocation_subject(r));
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
        return kind.equals("batch") ? Natives.str(subject).split("\0", -1)[0] : null;
    }

    /** @return the revoked batch (kind "batch"), else null */
    public String batch() {
        if (!kind.equals("batch")) return null;
        String[] f = Natives.str(subject).split("\0", -1);
        return f.length > 1 ? f[1] : "";
    }

    @Override
    public String toString() {
        return "Revocation[" + kind + ", " + reason + ", " + date + "]";
    }
}
