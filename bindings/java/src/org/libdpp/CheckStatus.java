// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/** How one verification check ended. */
public enum CheckStatus {
    /** The check did not run (an earlier check failed). */
    NOT_RUN,
    /** The check passed. */
    PASS,
    /** The check failed. */
    FAIL,
    /** The check does not apply (e.g. no exp claim, key not from a certificate). */
    SKIPPED
}
