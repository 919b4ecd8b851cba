// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.time.Instant;
import java.util.Objects;

/** The validity period of a certificate: {@code [notBefore, notAfter]}. */
public final class Validity {
    private final Instant notBefore;
    private final Instant notAfter;

    Validity(Instant notBefore, Instant notAfter) {
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    /** @return the start of the period */
    public Instant notBefore() {
        return notBefore;
    }

    /** @return the end of the period */
    public Instant notAfter() {
        return notAfter;
    }

    /**
     * @param t a point in time
     * @return true if t lies within the period (both ends included)
     */
    public boolean contains(Instant t) {
        return !t.isBefore(notBefore) && !t.isAfter(notAfter);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Validity)) return false;
        Validity v = (Validity) o;
        return notBefore.equals(v.notBefore) && notAfter.equals(v.notAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(notBefore, notAfter);
    }

    @Override
    public String toString() {
        return "Validity[" + notBefore + " .. " + notAfter + "]";
    }
}
