// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which verification checks ran and how they ended; the checks are, in order:
 * prefix, base45, inflate, cose, alg, kid, signature, key_validity, claims, iat,
 * exp, schema, the trust layer's signer_window, role, scope, revocation, attestation,
 * and link (a link's domain, GTIN and qualifiers are the signed ones; skipped for
 * {@code "DPP1:"} text). {@link #checkNames()} gives the list of the linked library.
 */
public final class VerifyReport implements Serializable {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    private static final CheckStatus[] STATUS = CheckStatus.values();
    private static final List<String> CHECKS;

    static {
        int n = DppNative.dppb_check_count();
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) names.add(DppNative.dppb_check_name(i));
        CHECKS = Collections.unmodifiableList(names);
    }

    /** Check name to status, in run order. */
    private final LinkedHashMap<String, CheckStatus> checks;
    /** The error code, 0 when ok. */
    private final int code;
    /** The error's name. */
    private final String name;
    /** The failing check, or null. */
    private final String failedCheck;
    /** The detail message. */
    private final String message;
    /** Byte offset of the problem, or -1. */
    private final long offset;
    /** The revocation that rejected the passport, or null. */
    private Revocation revocation;
    /** The passport field a failure is about, or "". */
    private String path = "";
    /** Index of the failing attestation, or -1. */
    private int failedAttestation = -1;

    private VerifyReport(LinkedHashMap<String, CheckStatus> checks, int code, String name, String failedCheck,
                         String message, long offset) {
        this.checks = checks;
        this.code = code;
        this.name = name;
        this.failedCheck = failedCheck;
        this.message = message;
        this.offset = offset;
    }

    static VerifyReport from(NativeResult r) {
        LinkedHashMap<String, CheckStatus> m = new LinkedHashMap<>();
        byte[] st = DppNative.dppb_result_statuses(r);
        for (int i = 0; i < CHECKS.size(); i++) {
            int s = i < st.length ? st[i] : 0;
            m.put(CHECKS.get(i), s >= 0 && s < STATUS.length ? STATUS[s] : CheckStatus.NOT_RUN);
        }
        int code = DppNative.dppb_result_err(r);
        int failed = DppNative.dppb_result_failed_check(r);
        VerifyReport rep = new VerifyReport(m, code, DppNative.dppb_err_name(code),
                                            code != 0 && failed >= 0 && failed < CHECKS.size() ? CHECKS.get(failed) : null,
                                            code != 0 ? Natives.str(DppNative.dppb_result_message(r)) : "",
                                            DppNative.dppb_result_offset(r));
        rep.revocation = Revocation.from(r);
        rep.failedAttestation = DppNative.dppb_result_failed_attestation(r);
        rep.path = code != 0 ? Natives.str(DppNative.dppb_result_path(r)) : "";
        return rep;
    }

    /** @return the names of all checks, in the order they run */
    public static List<String> checkNames() {
        return CHECKS;
    }

    /** @return true if the passport verified */
    public boolean isOk() {
        return code == 0;
    }

    /** @return check name to status, in the order the checks run (unmodifiable) */
    public Map<String, CheckStatus> getChecks() {
        return Collections.unmodifiableMap(checks);
    }

    /**
     * @param check a check name, e.g. "signature"
     * @return its status
     * @throws IllegalArgumentException for an unknown name
     */
    public CheckStatus status(String check) {
        CheckStatus s = checks.get(check);
        if (s == null) throw new IllegalArgumentException("unknown check \"" + check + "\"; known: " + CHECKS);
        return s;
    }

    /** @return the error code (0 when ok) */
    public int getCode() {
        return code;
    }

    /** @return the error's name ("DPP_OK" when ok) */
    public String getName() {
        return name;
    }

    /** @return the failing check's name, or null when ok */
    public String getFailedCheck() {
        return failedCheck;
    }

    /** @return the library's detail message ("" when ok) */
    public String getMessage() {
        return message;
    }

    /** @return the revocation that rejected the passport ({@code DPP_ERR_REVOKED}), if any */
    public java.util.Optional<Revocation> revocation() {
        return java.util.Optional.ofNullable(revocation);
    }

    /** @return index of the attestation that failed the attestation check, or -1 */
    public int failedAttestation() {
        return failedAttestation;
    }

    /** @return the byte offset of the problem in the decoded input, or -1 */
    public long getOffset() {
        return offset;
    }

    /** @return the passport field a failure is about (e.g. {@code "materials[2].name"}), or "" */
    public String getPath() {
        return path;
    }

    @Override
    public String toString() {
        return isOk() ? "VerifyReport[ok " + checks + "]"
                      : "VerifyReport[" + name + " at " + failedCheck + ": " + message + "]";
    }
}
