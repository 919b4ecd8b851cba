/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The transport layer (spec/README.md sections 4 and 13): COSE_Sign1 bytes
 * <-> "DPP1:" + Base45 text, or <-> a GS1 Digital Link URI whose fragment
 * carries the same bytes as decimal digits.
 *
 * The body (zlib with preset dictionary v1 when shorter, else the COSE
 * message) is the same in both forms; only its spelling differs:
 *
 *   text   "DPP1:" Base45(body)                        QR alphanumeric mode
 *   link   https://host[/prefix]/01/gtin[/10/b][/21/s] "#1" LLLL digits(body)
 *
 * digits(body): 12 bytes at a time as a 29-digit big-endian number
 * (2^96 < 10^29); a last group of k = 1..11 bytes as 3, 5, 8, 10, 13, 15,
 * 17, 20, 22, 25 or 27 digits, the fewest that hold 256^k values. The digit
 * count alone tells the byte count, every other count is a truncation, and a
 * group above its byte range is refused, so each body has exactly one
 * spelling. QR numeric mode stores 3 digits in 10 bits: 8.06 bits per body
 * byte, against 8.25 for Base45 in alphanumeric mode, and digits need no
 * escaping in a URI. The fragment is "1" (format version 1), the body length
 * in bytes as four digits (a cut link is then always told from a damaged
 * one), then the digits: the whole fragment is one numeric segment.
 */
#include "transport.h"

#include <stdio.h>
#include <string.h>

#include "compress.h"
#include "diag.h"
#include "dict_v1.h"
#include "dpp/dpp_base45.h"
#include "gs1dl.h"
#include "report.h"

size_t dpp_max_link_len(void) { return DPP_MAX_LINK_LEN; }

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

static bool starts_nocase(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k) return false;
    for (size_t i = 0; i < k; i++)
        if (lower(s[i]) != lit[i]) return false;
    return true;
}

dpp_form dpp_form_of(const char *text, size_t len)
{
    if (text != NULL && starts_nocase(text, len, "https:")) return DPP_FORM_LINK;
    return DPP_FORM_TEXT;
}

/* ---- the payload digits ---- */

/* Digits for a group of k = 0..12 bytes: the fewest that hold 256^k values. */
#define GROUP_BYTES 12u
#define GROUP_DIGITS 29u
static const unsigned char k_group_digits[GROUP_BYTES + 1] = {0, 3, 5, 8, 10, 13, 15, 17, 20, 22, 25, 27, 29};

size_t dpp_link_digits_len(size_t nbytes)
{
    return (nbytes / GROUP_BYTES) * GROUP_DIGITS + k_group_digits[nbytes % GROUP_BYTES];
}

/* A group as a 96-bit number in three 32-bit limbs, most significant first. */
static void group_load(const uint8_t *in, size_t k, uint32_t v[3])
{
    uint8_t b[GROUP_BYTES] = {0};
    memcpy(b + GROUP_BYTES - k, in, k); /* right-aligned: leading zero bytes */
    for (int l = 0; l < 3; l++)
        v[l] = (uint32_t)b[4 * l] << 24 | (uint32_t)b[4 * l + 1] << 16 | (uint32_t)b[4 * l + 2] << 8 | b[4 * l + 3];
}

/* "00" "01" ... "99" */
static const char k_pairs[201] = "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
                                 "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/* v /= 10^9; returns the remainder (a constant divisor: the compiler
 * multiplies instead of dividing). */
static uint32_t group_div_1e9(uint32_t v[3])
{
    uint64_t rem = 0;
    for (int l = 0; l < 3; l++) {
        uint64_t cur = (rem << 32) | v[l];
        v[l] = (uint32_t)(cur / 1000000000u);
        rem = cur % 1000000000u;
    }
    return (uint32_t)rem;
}

void dpp_link_digits_encode(const uint8_t *in, size_t n, char *out)
{
    size_t i = 0;
    while (i < n) {
        size_t k = n - i < GROUP_BYTES ? n - i : GROUP_BYTES;
        size_t d = k_group_digits[k];
        uint32_t v[3];
        group_load(in + i, k, v);
        /* nine digits per long division, from the right */
        for (size_t end = d; end > 0;) {
            size_t take = end >= 9u ? 9u : end;
            uint32_t chunk = group_div_1e9(v);
            size_t j = 0;
            for (; j + 2u <= take; j += 2u) { /* two digits a step, from a table */
                const char *pair = k_pairs + 2u * (chunk % 100u);
                chunk /= 100u;
                out[end - 2 - j] = pair[0];
                out[end - 1 - j] = pair[1];
            }
            if (j < take) out[end - 1 - j] = (char)('0' + (int)chunk);
            end -= take;
        }
        out += d;
        i += k;
    }
}

dpp_err dpp_link_digits_decode(const char *in, size_t n, uint8_t *out, size_t out_cap, size_t *out_len,
                               dpp_diag *diag)
{
    size_t rem = n % GROUP_DIGITS, k_last = 0, pos = 0, o = 0;
    *out_len = 0;
    if (n == 0) return dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, 0, "link payload: no digits after the version");
    for (size_t j = 0; j < n; j++)
        if (in[j] < '0' || in[j] > '9')
            return dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, j,
                                "link payload: character %zu of the payload digits is not a decimal digit", j + 1);
    for (size_t k = 0; k < GROUP_BYTES; k++)
        if (k_group_digits[k] == rem) k_last = k + 1u;
    if (k_last == 0)
        return dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, n,
                            "link payload: %zu digits is no whole number of byte groups (truncated?)", n);
    if ((n / GROUP_DIGITS) * GROUP_BYTES + (k_last - 1u) > out_cap)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "link payload: %zu digits exceed %zu bytes", n,
                            out_cap);
    while (pos < n) {
        size_t d = n - pos >= GROUP_DIGITS ? GROUP_DIGITS : rem;
        size_t k = d == GROUP_DIGITS ? GROUP_BYTES : k_last - 1u;
        uint32_t v[3] = {0, 0, 0};
        bool over = false;
        /* up to nine digits at a time: v = v * 10^take + chunk */
        for (size_t j = 0; j < d;) {
            size_t take = d - j >= 9u ? 9u : d - j;
            uint64_t carry = 0, scale = 1;
            for (size_t t = 0; t < take; t++, j++) {
                carry = carry * 10u + (uint64_t)(in[pos + j] - '0'); /* digits checked above */
                scale *= 10u;
            }
            for (int l = 2; l >= 0; l--) {
                uint64_t cur = (uint64_t)v[l] * scale + carry; /* < 2^32 * 10^9 + 2^63: fits */
                v[l] = (uint32_t)cur;
                carry = cur >> 32;
            }
            if (carry != 0) over = true;
        }
        /* canonical: below 256^k */
        if (!over && k < GROUP_BYTES) {
            size_t bits = 8u * k;
            if (bits < 32u) over = v[0] != 0 || v[1] != 0 || (v[2] >> bits) != 0;
            else if (bits < 64u) over = v[0] != 0 || (bits > 32u ? (v[1] >> (bits - 32u)) != 0 : v[1] != 0);
            else over = bits > 64u ? (v[0] >> (bits - 64u)) != 0 : v[0] != 0;
        }
        if (over)
            return dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, pos,
                                "link payload: the %zu digits from character %zu of the payload digits exceed %zu bytes",
                                d, pos + 1, k);
        for (size_t j = 0; j < k; j++) {
            size_t shift = 8u * (k - 1u - j); /* bit position of this byte in the 96-bit value */
            uint32_t limb = v[2 - shift / 32u];
            out[o + j] = (uint8_t)(limb >> (shift % 32u));
        }
        o += k;
        pos += d;
    }
    *out_len = o;
    return DPP_OK;
}

/* ---- resolver ---- */

static bool is_unreserved(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

static dpp_err check_host(const char *h, size_t n, dpp_diag *diag)
{
    size_t label = 0, labels = 1;
    bool all_digits = true;
    if (n == 0) return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, 0, "resolver: host is empty");
    if (n > 253) return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, 0, "resolver: host is %zu characters; at most 253", n);
    for (size_t i = 0; i < n; i++) {
        char c = h[i];
        if (c == '.') {
            if (label == 0 || h[i - 1] == '-')
                return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i, "resolver: empty or malformed DNS label at offset %zu",
                                    i);
            label = 0;
            labels++;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i,
                                "resolver: host character at offset %zu is not a letter, digit, '-' or '.'", i);
        if (c == '-' && label == 0)
            return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i, "resolver: DNS label starts with '-' at offset %zu", i);
        if (!(c >= '0' && c <= '9')) all_digits = false;
        if (++label > 63) return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i, "resolver: DNS label longer than 63");
    }
    if (label == 0 || h[n - 1] == '-')
        return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, n, "resolver: host ends with '.' or '-'");
    if (labels < 2) return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, 0, "resolver: host needs a domain (a.b)");
    if (all_digits) return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, 0, "resolver: IP addresses are not allowed");
    return DPP_OK;
}

dpp_err dpp_resolver_normalize(const char *in, size_t in_len, char *out, size_t out_cap, dpp_diag *diag)
{
    char buf[DPP_MAX_RESOLVER_LEN + 1];
    size_t i = 0, n = 0, host_len;
    dpp_err err;

    dpp_diag_clear(diag);
    if (in == NULL || out == NULL || out_cap < DPP_MAX_RESOLVER_LEN + 1)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "in or out is NULL, or out_cap < %d",
                            DPP_MAX_RESOLVER_LEN + 1);
    out[0] = '\0';
    if (starts_nocase(in, in_len, "https://")) i = 8;
    else if (starts_nocase(in, in_len, "http://"))
        return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, 0, "resolver: scheme must be https");
    else if (memchr(in, ':', in_len) != NULL && (memchr(in, '/', in_len) == NULL ||
                                                 (const char *)memchr(in, ':', in_len) < (const char *)memchr(in, '/', in_len)))
        return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, 0, "resolver: only https://host[/path] is allowed (no port, no other scheme)");
    if (in_len > i && in[in_len - 1] == '/') in_len--; /* one trailing slash */
    if (in_len - i > DPP_MAX_RESOLVER_LEN)
        return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, SIZE_MAX, "resolver: %zu characters; at most %d", in_len - i,
                            DPP_MAX_RESOLVER_LEN);
    for (; i < in_len && in[i] != '/'; i++) buf[n++] = lower(in[i]);
    host_len = n;
    err = check_host(buf, host_len, diag);
    if (err != DPP_OK) return err;
    while (i < in_len) { /* "/" segment, repeated */
        size_t seg = 0;
        bool digits = true;
        buf[n++] = in[i++];
        for (; i < in_len && in[i] != '/'; i++, seg++) {
            if (!is_unreserved(in[i]))
                return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i,
                                    "resolver: path character at offset %zu is not an unreserved URI character", i);
            if (!(in[i] >= '0' && in[i] <= '9')) digits = false;
            buf[n++] = in[i];
        }
        if (seg == 0) return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i, "resolver: empty path segment at offset %zu", i);
        if (digits)
            return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i,
                                "resolver: path segment of digits only would read as a GS1 application identifier");
    }
    buf[n] = '\0';
    if (n < 4) return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, 0, "resolver: %zu characters; at least 4", n);
    memcpy(out, buf, n + 1);
    return DPP_OK;
}

/* ---- text form ---- */

/* "DPP" + one or more digits + ":" is a versioned prefix; only version 1 is known. */
static dpp_err check_prefix(const char *text, size_t len, size_t off, dpp_diag *diag)
{
    size_t i = 3;
    if (len >= DPP_PREFIX_LEN && memcmp(text, DPP_PREFIX, DPP_PREFIX_LEN) == 0) return DPP_OK;
    if (len >= 5 && memcmp(text, "DPP", 3) == 0 && text[3] >= '0' && text[3] <= '9') {
        while (i < len && i < 12 && text[i] >= '0' && text[i] <= '9') i++;
        if (i < len && text[i] == ':')
            return dpp_diag_set(diag, DPP_ERR_PREFIX_VERSION, off,
                                "prefix \"%.*s\" names an unsupported format version (this library reads DPP1:)",
                                (int)(i + 1), text);
    }
    return dpp_diag_set(diag, DPP_ERR_PREFIX, off,
                        "text does not start with the context prefix \"DPP1:\" or with https://");
}

/* body (zlib or COSE) -> COSE in out; marks the inflate check. */
static dpp_err unwrap_body(const uint8_t *raw, size_t raw_len, uint8_t *out, size_t *out_len, bool *compressed,
                           dpp_report *rep, dpp_diag *diag)
{
    dpp_err err;
    if (dpp_zlib_looks_like(raw, raw_len)) {
        /* FDICT = 0, or FDICT = 1 naming preset dictionary v1 (section 4.3) */
        err = dpp_zlib_inflate_dict(raw, raw_len, dpp_dict_v1, dpp_dict_v1_len, out, DPP_MAX_COSE_LEN, out_len, diag);
        if (err != DPP_OK) return report_fail(rep, DPP_CHECK_INFLATE, err);
        *compressed = true;
        report_mark(rep, DPP_CHECK_INFLATE, DPP_CHECK_PASS);
        return DPP_OK;
    }
    if (raw_len > DPP_MAX_COSE_LEN) {
        dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "COSE message is %zu bytes; the limit is %d", raw_len,
                     DPP_MAX_COSE_LEN);
        return report_fail(rep, DPP_CHECK_INFLATE, DPP_ERR_TOO_LARGE);
    }
    memcpy(out, raw, raw_len);
    *out_len = raw_len;
    report_mark(rep, DPP_CHECK_INFLATE, DPP_CHECK_SKIPPED);
    return DPP_OK;
}

/* "DPP1:" + Base45 -> body bytes; marks prefix and base45. */
static dpp_err decode_text(const char *text, size_t text_len, uint8_t *raw, size_t raw_cap, size_t *raw_len,
                           dpp_report *rep, dpp_diag *diag)
{
    dpp_err err;
    if (text_len > DPP_MAX_TEXT_LEN) {
        dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "text is %zu characters; the limit is %d", text_len,
                     DPP_MAX_TEXT_LEN);
        return report_fail(rep, DPP_CHECK_PREFIX, DPP_ERR_TOO_LARGE);
    }
    err = check_prefix(text, text_len, 0, diag);
    if (err != DPP_OK) return report_fail(rep, DPP_CHECK_PREFIX, err);
    report_mark(rep, DPP_CHECK_PREFIX, DPP_CHECK_PASS);

    err = dpp_base45_decode(text + DPP_PREFIX_LEN, text_len - DPP_PREFIX_LEN, raw, raw_cap, raw_len, diag);
    if (err == DPP_OK && *raw_len == 0) err = dpp_diag_set(diag, DPP_ERR_BASE45, DPP_PREFIX_LEN, "no data after the prefix");
    if (err != DPP_OK) {
        if (diag != NULL && diag->offset != SIZE_MAX) diag->offset += DPP_PREFIX_LEN;
        return report_fail(rep, DPP_CHECK_BASE45, err == DPP_ERR_BASE45 ? err : DPP_ERR_BASE45);
    }
    report_mark(rep, DPP_CHECK_BASE45, DPP_CHECK_PASS);
    return DPP_OK;
}

/* ---- link form ---- */

/* The URI before "#", in the hybrid profile, into the view the binding check reads. */
static dpp_err parse_link(const char *uri, size_t len, dpp_link_view *v, dpp_diag *diag)
{
    dpp_dl dl;
    const char *q;
    dpp_err err = dpp_dl_parse(uri, len, DPP_DL_HYBRID, &dl, diag);
    if (err == DPP_ERR_TOO_LARGE) err = dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, SIZE_MAX,
                                                     "link: the part before '#' is %zu characters; at most %d", len,
                                                     DPP_DL_MAX_URI_LEN);
    if (err != DPP_OK) return err;
    if (dl.host_len + dl.prefix_len > DPP_MAX_RESOLVER_LEN)
        return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, SIZE_MAX, "link: host and path prefix exceed %d characters",
                            DPP_MAX_RESOLVER_LEN);
    /* the resolver rule (section 2): no prefix segment of digits only */
    for (size_t i = 0; i < dl.prefix_len;) {
        size_t j = i + 1, digits = 0;
        while (j < dl.prefix_len && dl.prefix[j] != '/') {
            if (dl.prefix[j] >= '0' && dl.prefix[j] <= '9') digits++;
            j++;
        }
        if (digits == j - i - 1)
            return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, SIZE_MAX,
                                "link path: prefix segment \"%.*s\" is digits only (it would read as a GS1 AI)",
                                (int)(j - i - 1), dl.prefix + i + 1);
        i = j;
    }
    memcpy(v->host, dl.host, dl.host_len + 1);
    memcpy(v->prefix, dl.prefix, dl.prefix_len + 1);
    memcpy(v->gtin, dl.key.value, sizeof v->gtin - 1);
    v->gtin[sizeof v->gtin - 1] = '\0';
    /* the qualifiers of 01 are at most 20 characters (dictionary X..20) */
    if ((q = dpp_dl_qualifier(&dl, "22")) != NULL) {
        v->has_cpv = true;
        (void)snprintf(v->cpv, sizeof v->cpv, "%s", q);
    }
    if ((q = dpp_dl_qualifier(&dl, "10")) != NULL) {
        v->has_batch = true;
        (void)snprintf(v->batch, sizeof v->batch, "%s", q);
    }
    if ((q = dpp_dl_qualifier(&dl, "21")) != NULL) {
        v->has_serial = true;
        (void)snprintf(v->serial, sizeof v->serial, "%s", q);
    }
    return DPP_OK;
}

/* The link's URI part (no fragment) for a target: scheme and host in upper
 * case, so that a QR symbol can hold them in alphanumeric mode (section 13.3). */
static dpp_err build_link(const dpp_link_target *t, char *out, size_t cap, size_t *out_len, dpp_diag *diag)
{
    char host[DPP_MAX_RESOLVER_LEN + 1];
    const char *slash = strchr(t->resolver, '/');
    size_t hl = slash != NULL ? (size_t)(slash - t->resolver) : strlen(t->resolver);
    dpp_dl_gtin_fields f;
    memcpy(host, t->resolver, hl);
    host[hl] = '\0';
    f.host = host;
    f.prefix = slash;
    f.gtin = t->gtin;
    f.cpv = NULL;
    f.lot = t->batch[0] != '\0' ? t->batch : NULL;
    f.serial = t->serial[0] != '\0' ? t->serial : NULL;
    return dpp_dl_build_gtin(&f, DPP_DL_BUILD_UPPER, out, cap, out_len, diag);
}

/* Link -> body bytes. The URI and fragment start are check "prefix" (the
 * form), the digits check "base45" (the body's spelling); check "link" is
 * the binding, after the signature. */
static dpp_err decode_link(const char *text, size_t text_len, uint8_t *raw, size_t raw_cap, size_t *raw_len,
                           dpp_transport_info *info, dpp_report *rep, dpp_diag *diag)
{
    size_t hash, frag, announced = 0;
    const char *h;
    dpp_err err;

    if (text_len > DPP_MAX_LINK_LEN) {
        dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "link is %zu characters; the limit is %d", text_len,
                     DPP_MAX_LINK_LEN);
        return report_fail(rep, DPP_CHECK_PREFIX, DPP_ERR_TOO_LARGE);
    }
    h = memchr(text, '#', text_len);
    hash = h != NULL ? (size_t)(h - text) : text_len;
    err = parse_link(text, hash, &info->link, diag);
    if (err != DPP_OK) return report_fail(rep, DPP_CHECK_PREFIX, err);
    if (h == NULL) {
        dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, text_len,
                     "link carries no passport: no '#' fragment (a plain product link, not a signed passport)");
        return report_fail(rep, DPP_CHECK_PREFIX, DPP_ERR_DL_PAYLOAD);
    }
    frag = hash + 1;
    if (memchr(text + frag, '#', text_len - frag) != NULL) {
        size_t second = (size_t)((const char *)memchr(text + frag, '#', text_len - frag) - text);
        dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, second, "link has a second '#' at offset %zu", second);
        return report_fail(rep, DPP_CHECK_PREFIX, DPP_ERR_DL_SYNTAX);
    }
    if (frag == text_len) {
        dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, frag, "link fragment is empty: no passport after '#'");
        return report_fail(rep, DPP_CHECK_PREFIX, DPP_ERR_DL_PAYLOAD);
    }
    if (text[frag] < '0' || text[frag] > '9') {
        dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, frag,
                     "link fragment at offset %zu does not start with the format version digit 1", frag);
        return report_fail(rep, DPP_CHECK_PREFIX, DPP_ERR_DL_PAYLOAD);
    }
    if (text[frag] != '1') {
        dpp_diag_set(diag, DPP_ERR_PREFIX_VERSION, frag,
                     "link fragment names format version %c (this library reads version 1)", text[frag]);
        return report_fail(rep, DPP_CHECK_PREFIX, DPP_ERR_PREFIX_VERSION);
    }
    frag += 1;
    report_mark(rep, DPP_CHECK_PREFIX, DPP_CHECK_PASS);
    /* four digits: the body's length in bytes, so that a cut link is told apart from a damaged one */
    for (size_t i = 0; i < 4; i++) {
        if (frag + i >= text_len || text[frag + i] < '0' || text[frag + i] > '9') {
            dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, frag + i,
                         "link payload is truncated or malformed: no 4-digit length after the version digit");
            return report_fail(rep, DPP_CHECK_BASE45, DPP_ERR_DL_PAYLOAD);
        }
        announced = announced * 10u + (size_t)(text[frag + i] - '0');
    }
    frag += 4;
    err = dpp_link_digits_decode(text + frag, text_len - frag, raw, raw_cap, raw_len, diag);
    if (err == DPP_OK && *raw_len != announced)
        err = dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, SIZE_MAX,
                           "link payload is truncated: %zu bytes announced, the digits hold %zu", announced, *raw_len);
    else if (err == DPP_ERR_DL_PAYLOAD && announced > 0 && dpp_link_digits_len(announced) > text_len - frag)
        err = dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, text_len,
                           "link payload is truncated: %zu bytes announced need %zu digits, the link has %zu",
                           announced, dpp_link_digits_len(announced), text_len - frag);
    if (err != DPP_OK) {
        if (diag != NULL && diag->offset != SIZE_MAX && diag->offset != text_len) diag->offset += frag;
        return report_fail(rep, DPP_CHECK_BASE45, err);
    }
    report_mark(rep, DPP_CHECK_BASE45, DPP_CHECK_PASS);
    return DPP_OK;
}

dpp_err dpp_transport_decode(const char *text, size_t text_len, uint8_t *raw, size_t raw_cap, size_t *raw_len,
                             dpp_transport_info *info, dpp_report *rep, dpp_diag *diag)
{
    *raw_len = 0;
    memset(info, 0, sizeof *info);
    info->form = dpp_form_of(text, text_len);
    if (info->form == DPP_FORM_LINK) return decode_link(text, text_len, raw, raw_cap, raw_len, info, rep, diag);
    return decode_text(text, text_len, raw, raw_cap, raw_len, rep, diag);
}

dpp_err dpp_transport_unwrap(const char *text, size_t text_len, uint8_t *out, size_t out_cap, size_t *out_len,
                             dpp_transport_info *info, dpp_report *rep, dpp_diag *diag)
{
    uint8_t raw[DPP_MAX_TEXT_LEN];
    size_t raw_len = 0;
    dpp_err err;

    *out_len = 0;
    memset(info, 0, sizeof *info);
    if (text == NULL || out == NULL || out_cap < DPP_MAX_COSE_LEN)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "text or out is NULL, or out_cap < %d",
                            DPP_MAX_COSE_LEN);
    err = dpp_transport_decode(text, text_len, raw, sizeof raw, &raw_len, info, rep, diag);
    if (err != DPP_OK) return err;
    err = unwrap_body(raw, raw_len, out, out_len, &info->compressed, rep, diag);
    if (err == DPP_ERR_INFLATE && info->form == DPP_FORM_LINK && diag != NULL && diag->offset == raw_len &&
        strstr(diag->msg, "truncated") != NULL) {
        /* digits that parse but stop inside the stream: the link was cut */
        dpp_diag_set(diag, DPP_ERR_DL_PAYLOAD, text_len, "link payload is truncated: the zlib stream ends early");
        return report_fail(rep, DPP_CHECK_INFLATE, DPP_ERR_DL_PAYLOAD);
    }
    return err;
}

/* ---- wrapping ---- */

dpp_err dpp_transport_spell(const uint8_t *body, size_t body_len, const dpp_link_target *link, char *out,
                            size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    char url[DPP_DL_MAX_URI_LEN + 1];
    size_t b45len = 0, need, url_len = 0;
    dpp_err err;

    *out_len = 0;
    if (link == NULL) {
        b45len = DPP_BASE45_ENCODED_LEN(body_len);
        need = DPP_PREFIX_LEN + b45len;
        if (need > DPP_MAX_TEXT_LEN)
            return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "text would be %zu characters; the limit is %d",
                                need, DPP_MAX_TEXT_LEN);
    } else {
        err = build_link(link, url, sizeof url, &url_len, diag);
        if (err != DPP_OK) return err;
        need = url_len + DPP_LINK_MARKER_LEN + 4u + dpp_link_digits_len(body_len);
        if (need > DPP_MAX_LINK_LEN)
            return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "link would be %zu characters; the limit is %d",
                                need, DPP_MAX_LINK_LEN);
    }
    if (out == NULL) {
        *out_len = need;
        return DPP_OK;
    }
    if (out_cap < need + 1)
        return dpp_diag_set(diag, DPP_ERR_BUFFER_TOO_SMALL, SIZE_MAX, "output needs %zu bytes, buffer has %zu",
                            need + 1, out_cap);
    if (link == NULL) {
        memcpy(out, DPP_PREFIX, DPP_PREFIX_LEN);
        err = dpp_base45_encode(body, body_len, out + DPP_PREFIX_LEN, out_cap - DPP_PREFIX_LEN, &b45len);
        if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "Base45 encoding failed");
    } else {
        memcpy(out, url, url_len);
        memcpy(out + url_len, DPP_LINK_MARKER, DPP_LINK_MARKER_LEN);
        (void)snprintf(out + url_len + DPP_LINK_MARKER_LEN, 5, "%04u", (unsigned)body_len); /* <= 4096 */
        dpp_link_digits_encode(body, body_len, out + url_len + DPP_LINK_MARKER_LEN + 4u);
    }
    out[need] = '\0';
    *out_len = need;
    return DPP_OK;
}

dpp_err dpp_transport_wrap(const uint8_t *cose, size_t cose_len, dpp_compress mode, const dpp_link_target *link,
                           char *out, size_t out_cap, size_t *out_len, dpp_encode_sizes *sizes, dpp_diag *diag)
{
    uint8_t z[DPP_MAX_COSE_LEN];
    const uint8_t *body = cose;
    size_t body_len = cose_len, zlen = 0;
    dpp_err err;

    if (cose == NULL || out_len == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "cose and out_len must not be NULL");
    *out_len = 0;
    if (out == NULL && out_cap != 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out is NULL but out_cap is not 0");
    if (cose_len == 0 || cose_len > DPP_MAX_COSE_LEN)
        return dpp_diag_set(diag, cose_len == 0 ? DPP_ERR_INVALID_ARG : DPP_ERR_TOO_LARGE, SIZE_MAX,
                            "COSE message is %zu bytes; allowed 1..%d", cose_len, DPP_MAX_COSE_LEN);
    if (mode != DPP_COMPRESS_AUTO && mode != DPP_COMPRESS_NEVER && mode != DPP_COMPRESS_ALWAYS)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "unknown compression mode %d", (int)mode);

    if (mode != DPP_COMPRESS_NEVER) {
        /* AUTO: only a strictly shorter stream is used, so cap it at len-1. */
        size_t cap = mode == DPP_COMPRESS_AUTO ? cose_len - 1 : sizeof z;
        err = dpp_zlib_compress_dict(cose, cose_len, dpp_dict_v1, dpp_dict_v1_len, z, cap, &zlen);
        if (err == DPP_OK) {
            body = z;
            body_len = zlen;
        } else if (!(err == DPP_ERR_BUFFER_TOO_SMALL && mode == DPP_COMPRESS_AUTO)) {
            return dpp_diag_set(diag, err, SIZE_MAX, "zlib compression failed: %s", dpp_err_str(err));
        }
        if (sizes != NULL) sizes->compressed = err == DPP_OK ? zlen : 0;
    }
    if (sizes != NULL) sizes->used_zlib = body == z;
    err = dpp_transport_spell(body, body_len, link, out, out_cap, out_len, diag);
    if (err == DPP_OK && sizes != NULL) sizes->text = *out_len;
    return err;
}

/* ---- binding ---- */

static dpp_err check_qualifier(const char *ai, const char *what, bool in_link, const char *link_v,
                               const char *signed_v, dpp_diag *diag)
{
    if (in_link && signed_v[0] == '\0')
        return dpp_diag_set(diag, DPP_ERR_DL_QUALIFIER, SIZE_MAX,
                            "link has %s (AI %s) \"%s\" but the signed passport has no %s", what, ai, link_v, what);
    if (!in_link && signed_v[0] != '\0')
        return dpp_diag_set(diag, DPP_ERR_DL_QUALIFIER, SIZE_MAX,
                            "signed passport has %s \"%s\" but the link has no /%s/ qualifier", what, signed_v, ai);
    if (in_link && strcmp(link_v, signed_v) != 0)
        return dpp_diag_set(diag, DPP_ERR_DL_QUALIFIER, SIZE_MAX,
                            "link %s (AI %s) \"%s\" differs from the signed \"%s\"", what, ai, link_v, signed_v);
    return DPP_OK;
}

dpp_err dpp_link_check_binding(const dpp_link_view *link, const char *resolver, const dpp_passport *p,
                               dpp_diag *diag)
{
    char mine[2 * DPP_MAX_RESOLVER_LEN + 2];
    dpp_err err;
    if (resolver == NULL || resolver[0] == '\0')
        return dpp_diag_set(diag, DPP_ERR_DL_DOMAIN, SIZE_MAX,
                            "the passport was signed without a resolver (claim -265): it is valid only as DPP1: text");
    (void)snprintf(mine, sizeof mine, "%s%s", link->host, link->prefix);
    if (strcmp(mine, resolver) != 0)
        return dpp_diag_set(diag, DPP_ERR_DL_DOMAIN, SIZE_MAX, "link resolver \"%s\" is not the signed \"%s\"", mine,
                            resolver);
    if (strcmp(link->gtin, p->gtin) != 0)
        return dpp_diag_set(diag, DPP_ERR_DL_PRIMARY_KEY, SIZE_MAX, "link GTIN %s differs from the signed GTIN %s",
                            link->gtin, p->gtin);
    if (link->has_cpv)
        return dpp_diag_set(diag, DPP_ERR_DL_QUALIFIER, SIZE_MAX,
                            "link has a consumer product variant (AI 22) \"%s\"; passports carry none", link->cpv);
    err = check_qualifier("10", "batch", link->has_batch, link->batch, p->batch, diag);
    if (err == DPP_OK) err = check_qualifier("21", "serial", link->has_serial, link->serial, p->serial, diag);
    return err;
}
