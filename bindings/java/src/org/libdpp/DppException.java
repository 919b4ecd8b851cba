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
 *   <li>{@link TrustListException}: a trust or revocation list cannot be used;</li>
 *   <li>{@link ImageException}: a picture of a label cannot be used (160..169).</li>
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
    /** The passport field the problem is about, or "". */
    private String path = "";
    /** 1-based line of a syntax error in a text input (dpp_diag.line), 0 otherwise. */
    private long line;
    /** 1-based column of that syntax error (dpp_diag.column), 0 otherwise. */
    private long column;

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
     * The passport field the problem is about, as the library names it in
     * {@code dpp_diag.path} (for example {@code "materials[2].name"}), so callers never
     * parse {@link #getDetail()}.
     *
     * @return the field path, or "" when the problem is not about one field
     */
    public String getPath() {
        return path;
    }

    /**
     * The line of a syntax error in a text input ({@code dpp_diag.line}; JSON: as jansson
     * counts), so callers need not parse the " (line L, column C)" of {@link #getDetail()}.
     *
     * @return the 1-based line, or 0 when the error is not a syntax error with a place
     */
    public long getLine() {
        return line;
    }

    /**
     * The column of a syntax error in a text input ({@code dpp_diag.column}).
     *
     * @return the 1-based column (characters), or 0 when the error has no place
     */
    public long getColumn() {
        return column;
    }

    /**
     * The exception class libdpp uses for an error code.
     *
     * @param code a {@code dpp_err} code
     * @return the subclass of DppException thrown for it
     */
    public static Class<? extends DppException> classFor(int code) {
        return ErrorMap.classFor(code); // generated by bindings/common/gen_errors.py, as Python's map
    }

    /** Builds the exception for a code (report may be null). */
    static DppException create(int code, String detail, long offset, VerifyReport report) {
        DppException e = make(code, detail, offset, report);
        if (report != null) e.path = report.getPath();
        return e;
    }

    private static DppException make(int code, String detail, long offset, VerifyReport report) {
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
        if (c == ImageException.class) return new ImageException(code, detail, offset);
        return new DppException(code, detail, offset);
    }

    /** Called from the JNI code when a libdpp call fails. */
    static DppException fromNative(int code, byte[] utf8Detail, long offset, byte[] utf8Path, long line,
                                   long column) {
        DppException e = create(code, Natives.str(utf8Detail), offset, null);
        e.path = Natives.str(utf8Path);
        e.line = line > 0 ? line : 0;
        e.column = line > 0 ? column : 0;
        return e;
    }
}
