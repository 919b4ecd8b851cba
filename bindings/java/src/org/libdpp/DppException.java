// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * Base class of every error reported by libdpp. It is a checked exception:
 * signing, parsing and verifying can fail on bad input, and callers are
 * expected to handle that.
 *
 * <p>{@link #getCode()} is the library's numeric {@code dpp_err} code,
 * {@link #getName()} its enumerator name (for example {@code "DPP_ERR_SIGNATURE"})
 * and {@link #getDetail()} the library's message naming the field, offset or limit.
 * The subclass tells the kind of failure:
 * <ul>
 *   <li>{@link UsageException}: the API was used wrongly or the environment failed (1..19);</li>
 *   <li>{@link VerifyException} and its subclasses {@link MalformedException},
 *       {@link InvalidException}, {@link UntrustedException} ({@link RevokedException}),
 *       {@link ExpiredException},
 *       {@link SchemaException}: a passport or COSE message was rejected;</li>
 *   <li>{@link DppKeyException}: a key or certificate cannot be used (80..89);</li>
 *   <li>{@link QrException}: the text does not fit in a QR symbol (90..99);</li>
 *   <li>{@link TrustListException}: a trust or revocation list cannot be used.</li>
 * </ul>
 * The link form's codes (140..159, spec/link.md) are verification failures: grammar and
 * payload errors (140..146) are {@link MalformedException}, a link that does not match
 * the signed passport (147..149) {@link InvalidException}, a resolver outside the
 * signer's trust-list scope (150) {@link UntrustedException}. A code this class does
 * not know is a plain DppException (or a {@link VerifyException} from verification).
 */
public class DppException extends Exception {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The {@code dpp_err} code. */
    private final int code;
    /** The code's enumerator name. */
    private final String name;
    /** The library's detail message. */
    private final String detail;
    /** Byte offset of the problem, or -1. */
    private final long offset;

    /**
     * Creates an exception for a libdpp error code.
     *
     * @param code   the {@code dpp_err} code
     * @param detail the detail message ({@code null} or empty: the code's generic sentence)
     * @param offset byte offset of the problem in the input, or -1
     */
    public DppException(int code, String detail, long offset) {
        this(code, DppNative.dppb_err_name(code), detail == null || detail.isEmpty()
                ? DppNative.dppb_err_str(code) : detail, offset, true);
    }

    private DppException(int code, String name, String detail, long offset, boolean unused) {
        super(name + ": " + detail);
        this.code = code;
        this.name = name;
        this.detail = detail;
        this.offset = offset < 0 ? -1 : offset;
    }

    /** @return the library's numeric error code ({@code dpp_err}) */
    public int getCode() {
        return code;
    }

    /** @return the code's enumerator name, for example {@code "DPP_ERR_SIGNATURE"} */
    public String getName() {
        return name;
    }

    /** @return the library's detail message (without the name prefix of {@link #getMessage()}) */
    public String getDetail() {
        return detail;
    }

    /** @return the byte offset in the input where the problem was found, or -1 */
    public long getOffset() {
        return offset;
    }

    /**
     * The exception class libdpp uses for an error code.
     *
     * @param code a {@code dpp_err} code
     * @return the subclass of DppException thrown for it
     */
    public static Class<? extends DppException> classFor(int code) {
        if (Codes.REVOKED.contains(code)) return RevokedException.class;
        if (Codes.UNTRUSTED.contains(code)) return UntrustedException.class;
        if (Codes.EXPIRED.contains(code)) return ExpiredException.class;
        if (Codes.INVALID.contains(code)) return InvalidException.class;
        if (Codes.MALFORMED.contains(code)) return MalformedException.class;
        if (Codes.LIST.contains(code)) return TrustListException.class;
        if (Codes.KEY.contains(code)) return DppKeyException.class;
        if (code >= 1 && code < 20) return UsageException.class;
        if (code >= 20 && code < 40) return MalformedException.class;
        if (code >= 40 && code < 60) return InvalidException.class;
        if (code >= 60 && code < 80) return SchemaException.class;
        if (code >= 80 && code < 90) return DppKeyException.class;
        if (code >= 90 && code < 100) return QrException.class;
        return DppException.class;
    }

    /** Codes looked up by enumerator name, so a renumbered or absent code cannot be misfiled. */
    private static final class Codes {
        static final java.util.Map<String, Integer> BY_NAME = new java.util.HashMap<>();

        static {
            for (int c = 0; c < 256; c++) {
                String n = DppNative.dppb_err_name(c);
                if (n.startsWith("DPP_ERR_") && !n.equals("DPP_ERR_UNKNOWN")) BY_NAME.put(n, c);
            }
        }

        static final java.util.Set<Integer> REVOKED = of("DPP_ERR_REVOKED");
        static final java.util.Set<Integer> UNTRUSTED = of("DPP_ERR_KID_MISSING", "DPP_ERR_KID_UNKNOWN",
            "DPP_ERR_KEY_NOT_VALID", "DPP_ERR_SIGNER_NOT_VALID", "DPP_ERR_ROLE", "DPP_ERR_SCOPE",
            "DPP_ERR_ATTESTER_UNKNOWN", "DPP_ERR_DL_DOMAIN_SCOPE");
        static final java.util.Set<Integer> EXPIRED = of("DPP_ERR_NOT_YET_VALID", "DPP_ERR_EXPIRED");
        static final java.util.Set<Integer> INVALID = of("DPP_ERR_ATTESTATION_PRODUCT",
            "DPP_ERR_ATTESTATION_SIGNATURE", "DPP_ERR_ATTESTATION_CLAIM", "DPP_ERR_LINK_MISSING",
            "DPP_ERR_DOCUMENT_MISMATCH",
            // the link does not match the signed passport (spec/link.md section 4)
            "DPP_ERR_DL_DOMAIN", "DPP_ERR_DL_PRIMARY_KEY", "DPP_ERR_DL_QUALIFIER");
        /** The link breaks the grammar of spec/link.md section 1, or its payload is cut or broken. */
        static final java.util.Set<Integer> MALFORMED = of("DPP_ERR_DL_SYNTAX", "DPP_ERR_DL_PERCENT",
            "DPP_ERR_DL_AI", "DPP_ERR_DL_AI_VALUE", "DPP_ERR_DL_QUALIFIER_ORDER", "DPP_ERR_DL_QUERY",
            "DPP_ERR_DL_PAYLOAD");
        static final java.util.Set<Integer> LIST = of("DPP_ERR_LIST_UNSIGNED", "DPP_ERR_LIST_UNPINNED",
            "DPP_ERR_LIST_ROLLBACK", "DPP_ERR_LIST_STALE", "DPP_ERR_LIST_FORMAT", "DPP_ERR_STATE_FILE");
        static final java.util.Set<Integer> KEY = of("DPP_ERR_CERT_CHAIN", "DPP_ERR_CERT_POLICY",
            "DPP_ERR_KEY_WEAK", "DPP_ERR_KEY_NOT_PUBLIC");

        private static java.util.Set<Integer> of(String... names) {
            java.util.Set<Integer> s = new java.util.HashSet<>();
            for (String n : names) {
                Integer c = BY_NAME.get(n);
                if (c != null) s.add(c);
            }
            return s;
        }
    }

    /** Builds the exception for a code (report may be null). */
    static DppException create(int code, String detail, long offset, VerifyReport report) {
        Class<? extends DppException> c = classFor(code);
        if (c == UsageException.class) return new UsageException(code, detail, offset);
        if (c == MalformedException.class) return new MalformedException(code, detail, offset, report);
        if (c == RevokedException.class) return new RevokedException(code, detail, offset, report);
        if (c == UntrustedException.class) return new UntrustedException(code, detail, offset, report);
        if (c == ExpiredException.class) return new ExpiredException(code, detail, offset, report);
        if (c == InvalidException.class) return new InvalidException(code, detail, offset, report);
        if (c == SchemaException.class) return new SchemaException(code, detail, offset, report);
        if (report != null) return new VerifyException(code, detail, offset, report); // a rejection, whatever the code
        if (c == DppKeyException.class) return new DppKeyException(code, detail, offset);
        if (c == QrException.class) return new QrException(code, detail, offset);
        if (c == TrustListException.class) return new TrustListException(code, detail, offset);
        return new DppException(code, detail, offset);
    }

    /** Called from the JNI code when a libdpp call fails. */
    static DppException fromNative(int code, byte[] utf8Detail, long offset) {
        return create(code, Natives.str(utf8Detail), offset, null);
    }
}
