// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/** Signature algorithms; each is tied to one key type. */
public enum Algorithm {
    /** ECDSA with P-256 and SHA-256 (COSE -7). */
    ES256(-7, "ES256"),
    /** ECDSA with P-384 and SHA-384 (COSE -35). */
    ES384(-35, "ES384"),
    /** Ed25519 (COSE -8). */
    EDDSA(-8, "EdDSA"),
    /** RSASSA-PSS with SHA-256, RSA of at least 2048 bits (COSE -37). */
    PS256(-37, "PS256");

    private final int coseId;
    private final String coseName;

    Algorithm(int coseId, String coseName) {
        this.coseId = coseId;
        this.coseName = coseName;
    }

    /** @return the COSE algorithm identifier, e.g. -7 */
    public int coseId() {
        return coseId;
    }

    /** @return the COSE name, e.g. "ES256" or "EdDSA" */
    public String coseName() {
        return coseName;
    }

    /**
     * @param id a COSE algorithm identifier
     * @return the algorithm
     * @throws IllegalArgumentException if libdpp does not support it
     */
    public static Algorithm fromCoseId(int id) {
        for (Algorithm a : values()) if (a.coseId == id) return a;
        throw new IllegalArgumentException("unsupported COSE algorithm " + id);
    }

    /**
     * @param name a COSE name as printed by {@link #coseName()} (case-sensitive)
     * @return the algorithm
     * @throws IllegalArgumentException for other names
     */
    public static Algorithm fromCoseName(String name) {
        for (Algorithm a : values()) if (a.coseName.equals(name)) return a;
        throw new IllegalArgumentException("unknown algorithm \"" + name + "\" (expected ES256, ES384, EdDSA or PS256)");
    }
}
