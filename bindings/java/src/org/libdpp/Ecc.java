// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/** QR error-correction levels. */
public enum Ecc {
    /** About 7% recovery. */
    L,
    /** About 15% recovery (the default). */
    M,
    /** About 25% recovery. */
    Q,
    /** About 30% recovery. */
    H
}
