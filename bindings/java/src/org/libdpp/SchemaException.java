// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * The passport content is invalid (codes 60..79): a field is missing, has the wrong
 * type or shape, is out of range, or the JSON is not well-formed. Thrown by verification for
 * signed content and by the {@link Passport} factories for unsigned content.
 */
public class SchemaException extends VerifyException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     * @param report the report of the failed verification, or null
     */
    public SchemaException(int code, String detail, long offset, VerifyReport report) {
        super(code, detail, offset, report);
    }
}
