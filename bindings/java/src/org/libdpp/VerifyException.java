// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * A passport text or COSE message was rejected. The subclass tells why; when
 * the failure came from {@link Verifier#verify(String)}, {@link #getReport()}
 * says which check failed.
 */
public class VerifyException extends DppException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The report of the failed verification, or null. */
    private final VerifyReport report;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     * @param report the report of the failed verification, or null
     */
    public VerifyException(int code, String detail, long offset, VerifyReport report) {
        super(code, detail, offset);
        this.report = report;
    }

    /** @return the report of the failed verification, or null if the error did not come from one */
    public VerifyReport getReport() {
        return report;
    }

    /** @return the name of the failing check (see {@link VerifyReport#getChecks()}), or null */
    public String getCheck() {
        return report == null ? null : report.getFailedCheck();
    }
}
