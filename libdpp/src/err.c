/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dpp/dpp_common.h"
#include "diag.h"

uint32_t dpp_version_number(void)
{
    return ((uint32_t)DPP_VERSION_MAJOR << 16) | ((uint32_t)DPP_VERSION_MINOR << 8) |
           (uint32_t)DPP_VERSION_PATCH;
}

const char *dpp_version_string(void) { return DPP_VERSION_STRING; }

size_t dpp_max_text_len(void) { return DPP_MAX_TEXT_LEN; }
size_t dpp_max_cose_len(void) { return DPP_MAX_COSE_LEN; }
unsigned dpp_max_cbor_depth(void) { return DPP_MAX_CBOR_DEPTH; }
unsigned dpp_iat_skew_seconds(void) { return DPP_IAT_SKEW_SECONDS; }

#define NAME_CASE(e) \
    case e:          \
        return #e

/* No default label on purpose: -Wswitch names an enumerator without a case. */
const char *dpp_err_name(dpp_err err)
{
    switch (err) {
        NAME_CASE(DPP_OK);
        NAME_CASE(DPP_ERR_INVALID_ARG);
        NAME_CASE(DPP_ERR_BUFFER_TOO_SMALL);
        NAME_CASE(DPP_ERR_NO_MEMORY);
        NAME_CASE(DPP_ERR_CRYPTO_BACKEND);
        NAME_CASE(DPP_ERR_UNSUPPORTED);
        NAME_CASE(DPP_ERR_PREFIX);
        NAME_CASE(DPP_ERR_PREFIX_VERSION);
        NAME_CASE(DPP_ERR_BASE45);
        NAME_CASE(DPP_ERR_INFLATE);
        NAME_CASE(DPP_ERR_TOO_LARGE);
        NAME_CASE(DPP_ERR_CBOR_MALFORMED);
        NAME_CASE(DPP_ERR_CBOR_NOT_DETERMINISTIC);
        NAME_CASE(DPP_ERR_CBOR_DUPLICATE_KEY);
        NAME_CASE(DPP_ERR_CBOR_TRAILING);
        NAME_CASE(DPP_ERR_CBOR_DEPTH);
        NAME_CASE(DPP_ERR_COSE_TAG);
        NAME_CASE(DPP_ERR_COSE_STRUCTURE);
        NAME_CASE(DPP_ERR_CWT_CLAIMS);
        NAME_CASE(DPP_ERR_ALG_MISSING);
        NAME_CASE(DPP_ERR_ALG_UNSUPPORTED);
        NAME_CASE(DPP_ERR_ALG_UNPROTECTED);
        NAME_CASE(DPP_ERR_ALG_KEY_MISMATCH);
        NAME_CASE(DPP_ERR_KID_MISSING);
        NAME_CASE(DPP_ERR_KID_UNKNOWN);
        NAME_CASE(DPP_ERR_SIGNATURE);
        NAME_CASE(DPP_ERR_NOT_YET_VALID);
        NAME_CASE(DPP_ERR_EXPIRED);
        NAME_CASE(DPP_ERR_KEY_NOT_VALID);
        NAME_CASE(DPP_ERR_CRIT_UNSUPPORTED);
        NAME_CASE(DPP_ERR_SCHEMA_MISSING);
        NAME_CASE(DPP_ERR_SCHEMA_TYPE);
        NAME_CASE(DPP_ERR_SCHEMA_RANGE);
        NAME_CASE(DPP_ERR_SCHEMA_FORMAT);
        NAME_CASE(DPP_ERR_SCHEMA_CHECK_DIGIT);
        NAME_CASE(DPP_ERR_SCHEMA_UNKNOWN_FIELD);
        NAME_CASE(DPP_ERR_JSON_SYNTAX);
        NAME_CASE(DPP_ERR_PAYLOAD_VERSION);
        NAME_CASE(DPP_ERR_KEY_FORMAT);
        NAME_CASE(DPP_ERR_KEY_TYPE);
        NAME_CASE(DPP_ERR_KEY_NOT_PRIVATE);
        NAME_CASE(DPP_ERR_KEY_WEAK);
        NAME_CASE(DPP_ERR_KEY_NOT_PUBLIC);
        NAME_CASE(DPP_ERR_QR_CAPACITY);
        NAME_CASE(DPP_ERR_LIST_UNSIGNED);
        NAME_CASE(DPP_ERR_LIST_UNPINNED);
        NAME_CASE(DPP_ERR_LIST_ROLLBACK);
        NAME_CASE(DPP_ERR_LIST_STALE);
        NAME_CASE(DPP_ERR_LIST_FORMAT);
        NAME_CASE(DPP_ERR_SIGNER_NOT_VALID);
        NAME_CASE(DPP_ERR_ROLE);
        NAME_CASE(DPP_ERR_SCOPE);
        NAME_CASE(DPP_ERR_REVOKED);
        NAME_CASE(DPP_ERR_ATTESTER_UNKNOWN);
        NAME_CASE(DPP_ERR_ATTESTATION_PRODUCT);
        NAME_CASE(DPP_ERR_ATTESTATION_SIGNATURE);
        NAME_CASE(DPP_ERR_ATTESTATION_CLAIM);
        NAME_CASE(DPP_ERR_CERT_CHAIN);
        NAME_CASE(DPP_ERR_CERT_POLICY);
        NAME_CASE(DPP_ERR_LINK_MISSING);
        NAME_CASE(DPP_ERR_DOCUMENT_MISMATCH);
        NAME_CASE(DPP_ERR_NOT_FOUND);
        NAME_CASE(DPP_ERR_STATE_FILE);
        NAME_CASE(DPP_ERR_LIST_WRONG_SCHEME);
        NAME_CASE(DPP_ERR_ROLLOVER_GAP);
        NAME_CASE(DPP_ERR_OPERATOR_RETIRED);
        NAME_CASE(DPP_ERR_STATUS_REVOKED);
        NAME_CASE(DPP_ERR_STATUS_LIST_MISSING);
        NAME_CASE(DPP_ERR_STATUS_INDEX);
        NAME_CASE(DPP_ERR_STATUS_DELTA_BASE);
        NAME_CASE(DPP_ERR_ATTESTATION_TIME);
        NAME_CASE(DPP_ERR_CERT_REVOKED);
        NAME_CASE(DPP_ERR_CRL_EXPIRED);
        NAME_CASE(DPP_ERR_REVSET_ORDER);
        NAME_CASE(DPP_ERR_REVSET_CODE);
        NAME_CASE(DPP_ERR_REVSET_TRAILING);
        NAME_CASE(DPP_ERR_DL_SYNTAX);
        NAME_CASE(DPP_ERR_DL_PERCENT);
        NAME_CASE(DPP_ERR_DL_AI);
        NAME_CASE(DPP_ERR_DL_AI_VALUE);
        NAME_CASE(DPP_ERR_DL_QUALIFIER_ORDER);
        NAME_CASE(DPP_ERR_DL_QUERY);
        NAME_CASE(DPP_ERR_DL_PAYLOAD);
        NAME_CASE(DPP_ERR_DL_DOMAIN);
        NAME_CASE(DPP_ERR_DL_PRIMARY_KEY);
        NAME_CASE(DPP_ERR_DL_QUALIFIER);
        NAME_CASE(DPP_ERR_DL_DOMAIN_SCOPE);
        NAME_CASE(DPP_ERR_IMAGE_FORMAT);
        NAME_CASE(DPP_ERR_IMAGE_TOO_LARGE);
        NAME_CASE(DPP_ERR_IMAGE_CORRUPT);
        NAME_CASE(DPP_ERR_IMAGE_NO_CODE);
        NAME_CASE(DPP_ERR_IMAGE_NOT_PASSPORT);
        NAME_CASE(DPP_ERR_IMAGE_AMBIGUOUS);
        NAME_CASE(DPP_ERR_XLSX_NOT_ZIP);
        NAME_CASE(DPP_ERR_XLSX_ZIP);
        NAME_CASE(DPP_ERR_XLSX_BOMB);
        NAME_CASE(DPP_ERR_XLSX_PART);
        NAME_CASE(DPP_ERR_XLSX_XML);
        NAME_CASE(DPP_ERR_XLSX_CELL);
        NAME_CASE(DPP_ERR_CBAM_TEMPLATE);
        NAME_CASE(DPP_ERR_CBAM_VALUE);
    }
    return "DPP_ERR_UNKNOWN";
}

const char *dpp_err_str(dpp_err err)
{
    switch (err) {
    case DPP_OK: return "success";
    case DPP_ERR_INVALID_ARG: return "invalid argument";
    case DPP_ERR_BUFFER_TOO_SMALL: return "output buffer too small";
    case DPP_ERR_NO_MEMORY: return "out of memory";
    case DPP_ERR_CRYPTO_BACKEND: return "cryptographic backend failure";
    case DPP_ERR_UNSUPPORTED: return "feature not built into this library";
    case DPP_ERR_PREFIX: return "context prefix missing or wrong";
    case DPP_ERR_PREFIX_VERSION: return "unsupported passport format version";
    case DPP_ERR_BASE45: return "invalid Base45 text";
    case DPP_ERR_INFLATE: return "compressed data is broken";
    case DPP_ERR_TOO_LARGE: return "input exceeds a size limit";
    case DPP_ERR_CBOR_MALFORMED: return "malformed or forbidden CBOR";
    case DPP_ERR_CBOR_NOT_DETERMINISTIC: return "CBOR is not deterministically encoded";
    case DPP_ERR_CBOR_DUPLICATE_KEY: return "CBOR map has a duplicate key";
    case DPP_ERR_CBOR_TRAILING: return "trailing bytes after the CBOR item";
    case DPP_ERR_CBOR_DEPTH: return "CBOR nesting too deep";
    case DPP_ERR_COSE_TAG: return "wrong CBOR tag for a COSE_Sign1 message";
    case DPP_ERR_COSE_STRUCTURE: return "not a valid COSE_Sign1 structure";
    case DPP_ERR_CWT_CLAIMS: return "CWT claims set malformed";
    case DPP_ERR_ALG_MISSING: return "algorithm missing from the protected header";
    case DPP_ERR_ALG_UNSUPPORTED: return "algorithm not supported or not allowed";
    case DPP_ERR_ALG_UNPROTECTED: return "algorithm given only in the unprotected header";
    case DPP_ERR_ALG_KEY_MISMATCH: return "algorithm does not match the key";
    case DPP_ERR_KID_MISSING: return "key identifier missing from the protected header";
    case DPP_ERR_KID_UNKNOWN: return "signer key is not in the trust store";
    case DPP_ERR_SIGNATURE: return "signature does not verify";
    case DPP_ERR_NOT_YET_VALID: return "passport issued in the future";
    case DPP_ERR_EXPIRED: return "passport expired";
    case DPP_ERR_KEY_NOT_VALID: return "signer certificate not valid at the validation time";
    case DPP_ERR_CRIT_UNSUPPORTED: return "unsupported critical header parameter";
    case DPP_ERR_SCHEMA_MISSING: return "required field missing";
    case DPP_ERR_SCHEMA_TYPE: return "field has the wrong type";
    case DPP_ERR_SCHEMA_RANGE: return "value out of range";
    case DPP_ERR_SCHEMA_FORMAT: return "code has the wrong format";
    case DPP_ERR_SCHEMA_CHECK_DIGIT: return "check digit wrong";
    case DPP_ERR_SCHEMA_UNKNOWN_FIELD: return "unknown field";
    case DPP_ERR_JSON_SYNTAX: return "JSON syntax error";
    case DPP_ERR_PAYLOAD_VERSION: return "unsupported passport payload version";
    case DPP_ERR_KEY_FORMAT: return "key or certificate cannot be parsed";
    case DPP_ERR_KEY_TYPE: return "key type not supported";
    case DPP_ERR_KEY_NOT_PRIVATE: return "a private key is needed";
    case DPP_ERR_KEY_WEAK: return "public key is degenerate or too weak";
    case DPP_ERR_KEY_NOT_PUBLIC: return "a private key was given where a public key belongs";
    case DPP_ERR_QR_CAPACITY: return "text too long for a QR symbol";
    case DPP_ERR_LIST_UNSIGNED: return "list is not signed";
    case DPP_ERR_LIST_UNPINNED: return "list is signed by a key that is not pinned";
    case DPP_ERR_LIST_ROLLBACK: return "list is older than the one already seen (rollback)";
    case DPP_ERR_LIST_STALE: return "list is past its next-update time and grace period";
    case DPP_ERR_LIST_FORMAT: return "list content is malformed";
    case DPP_ERR_SIGNER_NOT_VALID: return "signing time outside the signer's validity window";
    case DPP_ERR_ROLE: return "signer's role does not allow this";
    case DPP_ERR_SCOPE: return "product or claim outside the signer's scope";
    case DPP_ERR_REVOKED: return "revoked";
    case DPP_ERR_ATTESTER_UNKNOWN: return "attesting key is not in the trust store";
    case DPP_ERR_ATTESTATION_PRODUCT: return "attestation was made for another product";
    case DPP_ERR_ATTESTATION_SIGNATURE: return "attestation does not verify over the attested claims";
    case DPP_ERR_ATTESTATION_CLAIM: return "attestation names a claim the passport does not have";
    case DPP_ERR_CERT_CHAIN: return "certificate does not chain to a pinned CA";
    case DPP_ERR_CERT_POLICY: return "certificate carries no libdpp role policy";
    case DPP_ERR_LINK_MISSING: return "passport carries no full-document digest";
    case DPP_ERR_DOCUMENT_MISMATCH: return "full document does not match the signed digest";
    case DPP_ERR_NOT_FOUND: return "no matching list entry";
    case DPP_ERR_STATE_FILE: return "list state file unreadable, malformed or not writable";
    case DPP_ERR_LIST_WRONG_SCHEME: return "list signed by an operator key pinned for another trust scheme";
    case DPP_ERR_ROLLOVER_GAP: return "operator key chain skips a step: a successor not announced by the key before it";
    case DPP_ERR_OPERATOR_RETIRED: return "list signed by an operator key that an accepted rollover retired";
    case DPP_ERR_STATUS_REVOKED: return "the passport's bit in its status list is set";
    case DPP_ERR_STATUS_LIST_MISSING: return "status lists are loaded but none for the passport's list";
    case DPP_ERR_STATUS_INDEX: return "status-list index beyond the list's length";
    case DPP_ERR_STATUS_DELTA_BASE: return "status delta does not apply to the held list's sequence";
    case DPP_ERR_ATTESTATION_TIME: return "attestation signing time outside the attester's validity window";
    case DPP_ERR_CERT_REVOKED: return "a certificate of the chain is revoked by its issuer's CRL";
    case DPP_ERR_CRL_EXPIRED: return "CRL is not current at the verification time (past nextUpdate)";
    case DPP_ERR_REVSET_ORDER: return "compact revocation set: hashes not strictly increasing";
    case DPP_ERR_REVSET_CODE: return "compact revocation set: a code is truncated or overlong";
    case DPP_ERR_REVSET_TRAILING: return "compact revocation set: bits or bytes after the last code";
    case DPP_ERR_DL_SYNTAX: return "link is not in a form the hybrid format allows";
    case DPP_ERR_DL_PERCENT: return "link has bad or needless percent-encoding";
    case DPP_ERR_DL_AI: return "link has an unknown or disallowed GS1 application identifier";
    case DPP_ERR_DL_AI_VALUE: return "link has a GS1 value that breaks the syntax dictionary";
    case DPP_ERR_DL_QUALIFIER_ORDER: return "link qualifiers repeated or out of order";
    case DPP_ERR_DL_QUERY: return "link has a query string the hybrid format does not allow";
    case DPP_ERR_DL_PAYLOAD: return "link carries no complete passport in its fragment";
    case DPP_ERR_DL_DOMAIN: return "link domain differs from the signed resolver domain";
    case DPP_ERR_DL_PRIMARY_KEY: return "link GTIN differs from the signed passport";
    case DPP_ERR_DL_QUALIFIER: return "link qualifier does not match the signed passport";
    case DPP_ERR_DL_DOMAIN_SCOPE: return "signer is not allowed to use this resolver domain";
    case DPP_ERR_IMAGE_FORMAT: return "not a picture format that is read";
    case DPP_ERR_IMAGE_TOO_LARGE: return "picture larger than the limit";
    case DPP_ERR_IMAGE_CORRUPT: return "picture truncated or corrupt";
    case DPP_ERR_IMAGE_NO_CODE: return "no QR code found in the picture";
    case DPP_ERR_IMAGE_NOT_PASSPORT: return "the QR code holds no passport";
    case DPP_ERR_IMAGE_AMBIGUOUS: return "the picture holds two different passports";
    case DPP_ERR_XLSX_NOT_ZIP: return "not an .xlsx workbook (ZIP package)";
    case DPP_ERR_XLSX_ZIP: return "damaged or unsupported ZIP entry in the workbook";
    case DPP_ERR_XLSX_BOMB: return "workbook part inflates past its limit (zip bomb)";
    case DPP_ERR_XLSX_PART: return "part or sheet missing from the workbook";
    case DPP_ERR_XLSX_XML: return "workbook part is malformed XML or has a DOCTYPE";
    case DPP_ERR_XLSX_CELL: return "workbook cell cannot be read";
    case DPP_ERR_CBAM_TEMPLATE: return "not a filled CBAM communication template";
    case DPP_ERR_CBAM_VALUE: return "template cell value cannot fill its passport field";
    }
    return "unknown libdpp error";
}

/* Length of the UTF-8 sequence that starts with byte c (1 for ASCII and
 * for bytes that cannot start a sequence). */
static size_t utf8_seq_len(unsigned char c)
{
    if (c >= 0xc2 && c <= 0xdf) return 2;
    if (c >= 0xe0 && c <= 0xef) return 3;
    if (c >= 0xf0 && c <= 0xf4) return 4;
    return 1;
}

/* msg holds len bytes after a truncating vsnprintf: drops an incomplete
 * UTF-8 sequence at the end, so a cut never leaves half a character (which
 * would make the whole message invalid UTF-8, e.g. for JSON output). */
static void cut_to_char(char *msg, size_t len)
{
    size_t i = len, k = 0;
    while (i > 0 && k < 3 && ((unsigned char)msg[i - 1] & 0xc0u) == 0x80u) {
        i--;
        k++;
    }
    if (i == 0) return;
    if (utf8_seq_len((unsigned char)msg[i - 1]) > len - (i - 1)) msg[i - 1] = '\0';
}

/* vsnprintf into msg[cap], cut back to a character boundary if truncated. */
DPP_PRINTF(3, 0) static void format_msg(char *msg, size_t cap, const char *fmt, va_list ap)
{
    int r = vsnprintf(msg, cap, fmt, ap);
    if (r < 0) {
        msg[0] = '\0';
        return;
    }
    if ((size_t)r >= cap) cut_to_char(msg, cap - 1);
}

dpp_err dpp_diag_set(dpp_diag *diag, dpp_err err, size_t offset, const char *fmt, ...)
{
    if (diag != NULL) {
        va_list ap;
        diag->err = err;
        diag->offset = offset;
        diag->line = diag->column = 0;
        diag->path[0] = '\0';
        va_start(ap, fmt);
        format_msg(diag->msg, sizeof diag->msg, fmt, ap);
        va_end(ap);
    }
    return err;
}

/* One character of p[i, n): its length, and its code point in *cp; 0 if the
 * bytes at i are not valid UTF-8 (overlong, surrogate, > U+10FFFF, cut). */
static size_t utf8_decode(const unsigned char *p, size_t n, size_t i, uint32_t *cp)
{
    size_t k = utf8_seq_len(p[i]);
    uint32_t v;
    if (p[i] < 0x80) {
        *cp = p[i];
        return 1;
    }
    if (k == 1 || n - i < k) return 0;
    v = p[i] & (k == 2 ? 0x1fu : k == 3 ? 0x0fu : 0x07u);
    for (size_t j = 1; j < k; j++) {
        if ((p[i + j] & 0xc0u) != 0x80u) return 0;
        v = (v << 6) | (p[i + j] & 0x3fu);
    }
    if ((k == 3 && v < 0x800) || (k == 4 && (v < 0x10000 || v > 0x10ffff)) || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return k;
}

bool dpp_char_is_bidi_control(uint32_t cp)
{
    return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

const char *dpp_diag_quote(char *buf, size_t cap, const void *data, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = data;
    size_t i = 0, o = 0;
    if (cap == 0) return buf;
    if (p == NULL) n = 0;
    while (i < n) {
        char e[8];
        size_t el, k;
        uint32_t cp = 0;
        k = utf8_decode(p, n, i, &cp);
        if (k == 0 || cp < 0x20 || cp == 0x7f) {
            /* A control byte or a byte that is not UTF-8: \xHH. */
            e[0] = '\\';
            e[1] = 'x';
            e[2] = hex[p[i] >> 4];
            e[3] = hex[p[i] & 15u];
            el = 4;
            k = 1;
        } else if ((cp >= 0x80 && cp <= 0x9f) || dpp_char_is_bidi_control(cp)) {
            /* C1 controls and bidi controls: \uHHHH. */
            e[0] = '\\';
            e[1] = 'u';
            for (int j = 0; j < 4; j++) e[2 + j] = hex[(cp >> (12 - 4 * j)) & 15u];
            el = 6;
        } else {
            memcpy(e, p + i, k);
            el = k;
        }
        /* Room for this character and, if more follows, "...". */
        if (o + el + (i + k < n ? 3 : 0) > cap - 1) {
            size_t dots = cap - 1 - o < 3 ? cap - 1 - o : 3;
            memcpy(buf + o, "...", dots);
            o += dots;
            break;
        }
        memcpy(buf + o, e, el);
        o += el;
        i += k;
    }
    buf[o] = '\0';
    return buf;
}

static size_t put(char *buf, size_t cap, size_t n, const char *s, size_t len)
{
    if (len > cap - 1 - n) len = cap - 1 - n;
    memcpy(buf + n, s, len);
    return n + len;
}

const char *dpp_path_str(dpp_path p, char *buf, size_t cap)
{
    size_t n = 0;
    if (cap == 0) return buf;
    if (p.a != NULL) n = put(buf, cap, n, p.a, strlen(p.a));
    if (p.index != DPP_PATH_NO_INDEX) {
        char t[24];
        size_t k = sizeof t, v = p.index;
        t[--k] = ']';
        do {
            t[--k] = (char)('0' + (int)(v % 10u));
            v /= 10u;
        } while (v != 0);
        t[--k] = '[';
        n = put(buf, cap, n, t + k, sizeof t - k);
    }
    if (p.b != NULL) {
        if (n > 0) n = put(buf, cap, n, ".", 1);
        n = put(buf, cap, n, p.b, strlen(p.b));
    }
    buf[n] = '\0';
    return buf;
}

dpp_err dpp_diag_set_at(dpp_diag *diag, dpp_err err, size_t offset, dpp_path path, const char *fmt, ...)
{
    if (diag != NULL) {
        size_t n = strlen(dpp_path_str(path, diag->msg, sizeof diag->msg));
        va_list ap;
        n = put(diag->msg, sizeof diag->msg, n, ": ", 2);
        va_start(ap, fmt);
        format_msg(diag->msg + n, sizeof diag->msg - n, fmt, ap);
        va_end(ap);
        diag->err = err;
        diag->offset = offset;
        diag->line = diag->column = 0;
        (void)dpp_path_str(path, diag->path, sizeof diag->path);
    }
    return err;
}

void dpp_diag_set_path(dpp_diag *diag, const char *path)
{
    size_t n;
    if (diag == NULL) return;
    n = path == NULL ? 0 : strlen(path);
    if (n > sizeof diag->path - 1) {
        n = sizeof diag->path - 1;
        while (n > 0 && ((unsigned char)path[n] & 0xc0u) == 0x80u) n--; /* whole characters only */
    }
    if (n > 0) memcpy(diag->path, path, n);
    diag->path[n] = '\0';
}

void dpp_diag_clear(dpp_diag *diag)
{
    if (diag != NULL) {
        diag->err = DPP_OK;
        diag->offset = SIZE_MAX;
        diag->line = diag->column = 0;
        diag->msg[0] = '\0';
        diag->path[0] = '\0';
    }
}
