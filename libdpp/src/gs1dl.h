/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: GS1 Digital Link URIs (the hybrid form's transport), parsed and
 * built strictly, with the AI rules of the GS1 Barcode Syntax Dictionary.
 *
 * Memory: nothing here allocates. dpp_dl holds fixed-size copies of every
 * field, so it does not borrow the input; the query and fragment are given as
 * spans (offset, length) into the URI the caller passed. Threads: no state.
 *
 * The profile (what dpp_dl_parse() accepts), in URI order:
 *
 *  - at most DPP_DL_MAX_URI_LEN bytes, all printable ASCII (0x21..0x7E): a
 *    space, control byte, DEL, non-ASCII byte or backslash anywhere is
 *    DPP_ERR_DL_SYNTAX at its offset; nothing past the length is read;
 *  - scheme "https" in any letter case ("HTTPS://" is what a QR code in
 *    alphanumeric mode carries), then "//";
 *  - host: a DNS name (RFC 3986 reg-name restricted to LDH labels): labels of
 *    1..63 letters, digits and hyphens, not starting or ending with a hyphen,
 *    separated by single dots, at least two labels, the last not all digits
 *    (so no IPv4 literal), at most 253 bytes, no trailing dot; any letter
 *    case, returned in lower case. Userinfo ("@"), a port (":"), an IP literal
 *    ("[") or an empty host is DPP_ERR_DL_SYNTAX;
 *  - path: "/" segments, none empty (so no "//" and no trailing "/"), none
 *    "." or "..". The primary key is found as the GS1 Digital Link standard
 *    does: reading the segments from the end two at a time, the first pair
 *    whose first segment is a primary-key AI (dictionary attribute "dlpkey")
 *    is the key; the pairs after it are its qualifiers; the segments before
 *    it are a custom path prefix (unless DPP_DL_NO_PREFIX). No pair with a
 *    primary key is DPP_ERR_DL_AI. (The generator checks that no qualifier AI
 *    is also a primary key, so this reading is unambiguous.)
 *    Prefix segments: RFC 3986 unreserved characters only (letters, digits,
 *    "-", ".", "_", "~"); a "%" there is DPP_ERR_DL_PERCENT, anything else
 *    DPP_ERR_DL_SYNTAX. At most DPP_DL_MAX_PREFIX_LEN bytes.
 *    Qualifiers: each AI must be one of the key's "dlpkey=" qualifiers, else
 *    DPP_ERR_DL_AI (unknown AI, or one that is not a qualifier of this key);
 *    together they must be an ordered subsequence of one of the key's
 *    alternative sequences (01: "22,10,21" or "235"), each at most once, else
 *    DPP_ERR_DL_QUALIFIER_ORDER. Nothing is sorted or reordered.
 *  - AI values (path and query): percent-decoded, then checked against the
 *    dictionary entry: components, lengths, character sets (N digits, X the
 *    82-character set, Y the 39-character set, Z base64url) and linters,
 *    else DPP_ERR_DL_AI_VALUE. The AI 01 in the path may be a GTIN-8, -12,
 *    -13 or -14 (as the GS1 Digital Link grammar allows); it is checked and
 *    returned left-padded to 14 digits (DPP_DL_GTIN14 refuses the short forms).
 *  - percent-encoding (one canonical spelling, DPP_ERR_DL_PERCENT otherwise):
 *    an AI value carries RFC 3986 unreserved characters literally and every
 *    other character as "%" and two UPPER-CASE hex digits; a literal
 *    character that must be encoded, an encoded unreserved character
 *    (needless), lower-case hex, a "%" not followed by two hex digits, and
 *    "%00" are refused. One exception: the path values "." and ".." are
 *    written "%2E" and "%2E%2E" (literally they would be dot-segments, which
 *    are refused); "%2E" anywhere else is needless. Since the path is split
 *    at literal "/" before decoding, "%2F" is a "/" inside a value, never a
 *    separator.
 *  - query ("?" to "#" or the end): refused whole with DPP_DL_NO_QUERY
 *    (DPP_ERR_DL_QUERY). Otherwise "&"-separated "key=value" attributes, at
 *    most DPP_DL_MAX_ATTRS, none empty, no key twice: a key of digits is an
 *    AI, which must exist, carry the dictionary's "?" flag (allowed as a
 *    Digital Link attribute) and not be in the path (DPP_ERR_DL_AI), and its
 *    value is checked as above; any other key (linkType, custom ones) is
 *    unreserved characters, with a value of RFC 3986 query characters other
 *    than "&" (percent-encoding well-formed, not decoded). Malformed
 *    structure is DPP_ERR_DL_QUERY. Only the span is returned.
 *  - fragment ("#" to the end): RFC 3986 fragment characters, percent-encoding
 *    well-formed (not decoded; the caller decodes the payload); a second "#"
 *    is DPP_ERR_DL_SYNTAX. Only the span is returned.
 *
 * Linters: every linter the dictionary names is listed in gs1_linter below
 * (the generator fails on a name missing there). Most are enforced; those
 * needing an external code list or registry only check the shape the
 * dictionary gives them (set and length) and are documented as such at
 * gs1_linter: iso3166, iso3166999, iso3166alpha2, iso4217, packagetype,
 * mediatype, couponcode, couponposoffer; gcppos1/gcppos2 check, as GS1's
 * reference linters do without a GCP lookup service, that the 4 digits of the
 * shortest GS1 Company Prefix are present.
 */
#ifndef DPP_SRC_GS1DL_H
#define DPP_SRC_GS1DL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

#include "gs1_syntax.h"

/* ---- Digital Link URIs ---- */

/** Longest URI dpp_dl_parse() reads (the QR 40-L alphanumeric capacity). */
#define DPP_DL_MAX_URI_LEN DPP_MAX_TEXT_LEN
/** Longest host name (RFC 1035). */
#define DPP_DL_MAX_HOST_LEN 253
/** Longest custom path prefix ("/a/b"), in bytes. */
#define DPP_DL_MAX_PREFIX_LEN 255
/** Longest decoded AI value of any AI in the dictionary (91-99: X..90). */
#define DPP_DL_MAX_VALUE_LEN 90
/** Most qualifiers after one key (= GS1_DL_MAX_SEQ_LEN). */
#define DPP_DL_MAX_QUALIFIERS GS1_DL_MAX_SEQ_LEN
/** Most query attributes. */
#define DPP_DL_MAX_ATTRS 32

/** dpp_dl_parse() flags. */
#define DPP_DL_ONLY_GTIN 0x01u   /**< the primary key must be AI 01 (else DPP_ERR_DL_AI) */
#define DPP_DL_NO_QUERY 0x02u    /**< any "?" is DPP_ERR_DL_QUERY */
#define DPP_DL_GTIN14 0x04u      /**< AI 01 must have 14 digits (else DPP_ERR_DL_AI_VALUE) */
#define DPP_DL_NO_PREFIX 0x08u   /**< no custom path prefix (else DPP_ERR_DL_SYNTAX) */
/** The hybrid form's profile: GTIN key of 14 digits, no query. */
#define DPP_DL_HYBRID (DPP_DL_ONLY_GTIN | DPP_DL_NO_QUERY | DPP_DL_GTIN14)

/** One AI element of the path. */
typedef struct dpp_dl_elem {
    char ai[5];                             /**< 2..4 digits, NUL-terminated */
    char value[DPP_DL_MAX_VALUE_LEN + 1];   /**< decoded (01: 14 digits), NUL-terminated */
    size_t value_len;
    size_t offset;                          /**< offset of the raw value in the URI */
} dpp_dl_elem;

/** A parsed GS1 Digital Link URI. */
typedef struct dpp_dl {
    char host[DPP_DL_MAX_HOST_LEN + 1];     /**< lower case, NUL-terminated */
    size_t host_len;
    char prefix[DPP_DL_MAX_PREFIX_LEN + 1]; /**< "" or "/seg/seg", NUL-terminated */
    size_t prefix_len;
    dpp_dl_elem key;                        /**< the primary key */
    size_t nqual;
    dpp_dl_elem qual[DPP_DL_MAX_QUALIFIERS]; /**< qualifiers, in URI order */
    bool has_query;                         /**< a "?" was present (even if empty) */
    size_t query_off, query_len;            /**< the bytes after "?" up to "#" or the end */
    bool has_fragment;                      /**< a "#" was present (even if empty) */
    size_t fragment_off, fragment_len;      /**< the bytes after "#" */
    size_t path_end;                        /**< offset of "?", "#" or the end: uri[0..path_end) is the
                                                 part without query and fragment */
} dpp_dl;

/**
 * Parses uri[0..len) (need not be NUL-terminated; nothing past len is read).
 * flags: DPP_DL_* above, 0 for the generic GS1 profile.
 * Returns DPP_OK and fills *out; on error *out is zeroed and diag (may be
 * NULL) names the part and offset, e.g. "link path: AI 10 value 'AB%01' at
 * offset 43: character 0x01 at value position 2 not allowed in GS1 set 82".
 * Errors: DPP_ERR_INVALID_ARG (uri or out NULL, unknown flag),
 * DPP_ERR_TOO_LARGE (len > DPP_DL_MAX_URI_LEN), DPP_ERR_DL_SYNTAX,
 * DPP_ERR_DL_PERCENT, DPP_ERR_DL_AI, DPP_ERR_DL_AI_VALUE,
 * DPP_ERR_DL_QUALIFIER_ORDER, DPP_ERR_DL_QUERY.
 */
dpp_err dpp_dl_parse(const char *uri, size_t len, unsigned flags, dpp_dl *out, dpp_diag *diag);

/** The value of qualifier ai ("10") in dl, or NULL if absent. */
const char *dpp_dl_qualifier(const dpp_dl *dl, const char *ai);

/** dpp_dl_build() flag: scheme and host in upper case ("HTTPS://ID.EXAMPLE.COM"). */
#define DPP_DL_BUILD_UPPER 0x01u

/**
 * Writes the canonical URI of dl's host, prefix, key and qualifiers (never a
 * query or fragment; the caller appends "#..."): "https://" host prefix
 * "/" key.ai "/" key.value ("/" ai "/" value)..., values percent-encoded as
 * the profile above requires. Every part is validated as dpp_dl_parse()
 * would (so the output always parses back to the same fields); the GTIN is
 * written with 14 digits. Only host, prefix, key and nqual/qual are read
 * (value_len must match strlen(value)).
 * out[0..cap) receives the URI and a NUL; *out_len its length without the
 * NUL. With out NULL and cap 0, only *out_len is set (size query).
 * Errors: DPP_ERR_INVALID_ARG, DPP_ERR_BUFFER_TOO_SMALL (*out_len still set
 * to the length needed), and the parse errors for a bad field.
 */
dpp_err dpp_dl_build(const dpp_dl *dl, unsigned flags, char *out, size_t cap, size_t *out_len,
                     dpp_diag *diag);

/** The GTIN form's inputs for dpp_dl_build_gtin(); NULL for absent qualifiers. */
typedef struct dpp_dl_gtin_fields {
    const char *host;   /**< resolver domain, any case */
    const char *prefix; /**< NULL, "" or "/seg/seg" */
    const char *gtin;   /**< 14 digits (8, 12 and 13 are padded) */
    const char *cpv;    /**< AI 22 or NULL */
    const char *lot;    /**< AI 10 or NULL */
    const char *serial; /**< AI 21 or NULL */
} dpp_dl_gtin_fields;

/** dpp_dl_build() for the GTIN key 01 with qualifiers 22, 10, 21 in that order. */
dpp_err dpp_dl_build_gtin(const dpp_dl_gtin_fields *in, unsigned flags, char *out, size_t cap,
                          size_t *out_len, dpp_diag *diag);

/** True if s[0..n) uses only the 45 QR alphanumeric characters
 *  (0-9 A-Z space $ % * + - . / :), i.e. fits QR alphanumeric mode. */
bool dpp_dl_is_qr_alnum(const char *s, size_t n);

#endif /* DPP_SRC_GS1DL_H */
