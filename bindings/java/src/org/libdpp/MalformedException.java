// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * Not a well-formed signed passport: prefix, Base45, zlib, CBOR, COSE or CWT structure
 * (codes 20..39), or a link that breaks the GS1 Digital Link grammar of spec/link.md or
 * carries a cut or broken payload ({@code DPP_ERR_DL_SYNTAX}, {@code _PERCENT},
 * {@code _AI}, {@code _AI_VALUE}, {@code _QUALIFIER_ORDER}, {@code _QUERY},
 * {@code _PAYLOAD}: codes 140..146). Retrying cannot help.
 */
public class MalformedException extends VerifyException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param code   the {@code dpp_err} code
     * @param detail the library's detail message
     * @param offset byte offset of the problem, or -1
     * @param report the report of the failed verification, or null
     */
    public MalformedException(int code, String detail, long offset, VerifyReport report) {
        super(code, detail, offset, report);
    }
}
