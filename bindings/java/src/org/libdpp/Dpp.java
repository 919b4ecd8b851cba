// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

/**
 * Facts about the linked libdpp library.
 *
 * <p>Start with {@link Key}, {@link TrustStore}, {@link Passport}, {@link Encoder} and
 * {@link Verifier}. All classes are thread-safe; {@link Key} and {@link TrustStore} hold
 * native memory and implement {@link AutoCloseable}. Every libdpp failure is a checked
 * {@link DppException}; bad Java arguments (null) throw the usual
 * {@link NullPointerException}, use after close throws {@link IllegalStateException}.
 */
public final class Dpp {
    /** Context prefix of passport text, format version 1. */
    public static final String PREFIX = "DPP1:";

    private Dpp() {}

    /** @return the version of the linked C library, e.g. "0.1.0" */
    public static String libraryVersion() {
        return DppNative.dppb_version();
    }

    /** @return the longest {@code "DPP1:"} passport text accepted by verification, in characters */
    public static long maxTextLength() {
        return DppNative.dppb_max_text_len();
    }

    /** @return the longest link accepted by verification and written by the encoder, in characters */
    public static long maxLinkLength() {
        return DppNative.dppb_max_link_len();
    }

    /**
     * Re-spells a signed passport in the other transport form WITHOUT verifying or
     * re-signing it: the COSE message (and its compression) is carried over byte for
     * byte, so converting a text to a link and back gives the same text.
     *
     * @param text the passport as {@code "DPP1:"} text or as a link
     * @param to   the form to write
     * @return the passport in that form; a link's domain, GTIN and qualifiers come
     *         from the passport's own signed claims
     * @throws InvalidException {@code DPP_ERR_DL_DOMAIN} converting to a link a passport
     *                          signed without a resolver
     * @throws DppException     ({@link MalformedException}, {@link SchemaException}) if the
     *                          text cannot be decoded
     */
    public static String convert(String text, Form to) throws DppException {
        java.util.Objects.requireNonNull(to, "to");
        return Natives.str(DppNative.dppb_transport_convert(Natives.utf8(text, "text"), to.ordinal()));
    }

    /**
     * The form verification reads a text as: {@link Form#LINK} if it starts with
     * "https:" (any letter case), else {@link Form#TEXT}. Nothing else is checked.
     *
     * @param text a passport text or link
     * @return its form
     */
    public static Form formOf(String text) {
        return Form.of(DppNative.dppb_form_of(Natives.utf8(text, "text")));
    }

    /**
     * A resolver as it is signed and compared (spec/link.md section 2):
     * "https://ID.Example.com/dpp/" becomes "id.example.com/dpp".
     *
     * @param resolver the resolver as a user gives it
     * @return the normalised resolver
     * @throws MalformedException {@code DPP_ERR_DL_SYNTAX} naming the part that is not allowed
     * @throws DppException       for other failures
     */
    public static String normalizeResolver(String resolver) throws DppException {
        return Natives.str(DppNative.dppb_resolver_normalize(Natives.utf8(resolver, "resolver")));
    }

    /** @return the largest COSE message accepted, in bytes */
    public static long maxCoseLength() {
        return DppNative.dppb_max_cose_len();
    }

    /**
     * @param code a {@code dpp_err} code
     * @return its enumerator name, e.g. "DPP_ERR_SIGNATURE"
     */
    public static String errorName(int code) {
        return DppNative.dppb_err_name(code);
    }

    /**
     * @param code a {@code dpp_err} code
     * @return one English sentence describing it
     */
    public static String errorString(int code) {
        return DppNative.dppb_err_str(code);
    }
}
