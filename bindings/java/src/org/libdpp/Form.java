// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.Locale;
import java.util.Objects;

/**
 * The two transport forms of one signed passport (spec/link.md): {@code "DPP1:"} text
 * and the GS1 Digital Link on the issuer's resolver domain, which a phone camera opens
 * and a verifier checks offline. Both carry the same COSE_Sign1 message;
 * {@link Dpp#convert(String, Form)} re-spells one as the other without re-signing.
 */
public enum Form {
    /** {@code "DPP1:"} + Base45, for QR alphanumeric mode. */
    TEXT("text"),
    /** {@code HTTPS://ID.EXAMPLE.COM/01/<GTIN>[/10/<batch>][/21/<serial>]#1<length><digits>}. */
    LINK("link");

    private final String wireName;

    Form(String wireName) {
        this.wireName = wireName;
    }

    /** @return "text" or "link", as the CLI and the Python binding spell it */
    public String wireName() {
        return wireName;
    }

    /**
     * @param name "text" or "link" (any letter case)
     * @return the form
     * @throws IllegalArgumentException for another name
     */
    public static Form fromName(String name) {
        Objects.requireNonNull(name, "name");
        for (Form f : values()) if (f.wireName.equals(name.toLowerCase(Locale.ROOT))) return f;
        throw new IllegalArgumentException("form must be \"text\" or \"link\", not \"" + name + "\"");
    }

    /** The form of a native result or glue code (0 text, 1 link). */
    static Form of(int id) {
        return id == 1 ? LINK : TEXT;
    }
}
