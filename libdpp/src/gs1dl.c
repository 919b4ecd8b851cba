/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GS1 Digital Link URIs: strict, bounded parsing and canonical building
 * (the profile is described in gs1dl.h), and the value checks of the GS1
 * Barcode Syntax Dictionary (the table is generated: gs1_syntax_table.c).
 */
#include "gs1dl.h"

#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "diag.h"

#define DL_KNOWN_FLAGS (DPP_DL_ONLY_GTIN | DPP_DL_NO_QUERY | DPP_DL_GTIN14 | DPP_DL_NO_PREFIX)
/* Most path segments: a full prefix (255 bytes, so at most 128 one-byte
 * segments) plus the key and every qualifier, as AI/value pairs. */
#define DL_MAX_SEGMENTS (128 + 2 * (1 + DPP_DL_MAX_QUALIFIERS))
/* Longest raw value quoted in a message. */
#define DL_QUOTE_MAX 40

/* ---------------------------------------------------------------- chars */

static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(int c) { return c >= 'a' && c <= 'z'; }
static bool is_alnum(int c) { return is_digit(c) || is_upper(c) || is_lower(c); }
static bool is_unreserved(int c) { return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
static bool is_sub_delim(int c) { return c != '\0' && strchr("!$&'()*+,;=", c) != NULL; }
static bool is_hex(int c) { return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }
static bool is_hex_upper(int c) { return is_digit(c) || (c >= 'A' && c <= 'F'); }
static int hex_val(int c)
{
    if (is_digit(c)) return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return c - 'a' + 10;
}
static char to_lower(char c) { return is_upper(c) ? (char)(c - 'A' + 'a') : c; }
static char to_upper(char c) { return is_lower(c) ? (char)(c - 'a' + 'A') : c; }

static bool in_cset82(int c) { return is_alnum(c) || (c != '\0' && strchr("!\"%&'()*+,-./:;<=>?_", c) != NULL); }
static bool in_cset39(int c) { return is_digit(c) || is_upper(c) || c == '#' || c == '-' || c == '/'; }
static bool in_cset64(int c) { return is_alnum(c) || c == '-' || c == '_'; }

static const char *cset_name(uint8_t cset)
{
    switch (cset) {
    case GS1_CSET_N: return "digits";
    case GS1_CSET_X: return "GS1 set 82";
    case GS1_CSET_Y: return "GS1 set 39";
    case GS1_CSET_Z: return "base64url";
    default: return "?";
    }
}

/* A printable rendering of byte c for messages: "'A'" or "0x01". */
static void char_str(int c, char buf[8])
{
    if (c > 0x20 && c < 0x7F && c != '\'')
        (void)snprintf(buf, 8, "'%c'", c);
    else
        (void)snprintf(buf, 8, "0x%02X", (unsigned)(c & 0xFF));
}

/* ------------------------------------------------------------ the table */

const gs1_ai_def *dpp_gs1_ai_lookup(const char *ai, size_t n)
{
    if (ai == NULL || n < 2 || n > 4) return NULL;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(ai[i])) return NULL;
    for (size_t i = 0; i < dpp_gs1_ai_table_len; i++) {
        const gs1_ai_def *d = &dpp_gs1_ai_table[i];
        if (strlen(d->lo) != n) continue;
        if (memcmp(d->lo, ai, n) <= 0 && memcmp(ai, d->hi, n) <= 0) return d;
    }
    return NULL;
}

/* ---------------------------------------------------------------- linters */

static unsigned num(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10u + (unsigned)(s[i] - '0');
    return v;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i])) return false;
    return true;
}

static unsigned days_in_month(unsigned year, unsigned month, bool two_digit_year)
{
    static const unsigned k_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = two_digit_year ? (year % 4u == 0) /* YY: 00 is 2000 */
                               : ((year % 4u == 0 && year % 100u != 0) || year % 400u == 0);
    return (month == 2 && leap) ? 29u : k_days[month - 1];
}

static bool date_ok(const char *s, size_t n, bool day0)
{
    size_t yl = n - 4;
    unsigned y, m, d;
    if ((n != 6 && n != 8) || !all_digits(s, n)) return false;
    y = num(s, yl);
    m = num(s + yl, 2);
    d = num(s + yl + 2, 2);
    if (m < 1 || m > 12) return false;
    if (d == 0) return day0;
    return d <= days_in_month(y, m, yl == 2);
}

static bool csumalpha_ok(const char *s, size_t n)
{
    static const char k_cset82[] = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    static const char k_cset32[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    unsigned sum = 0;
    unsigned primes[DPP_DL_MAX_VALUE_LEN];
    size_t np = 0;
    if (n < 2 || n - 2 > DPP_DL_MAX_VALUE_LEN) return false;
    /* the first n - 2 primes: weights from the right */
    for (unsigned p = 2; np < n - 2; p++) {
        bool prime = true;
        for (unsigned q = 2; q * q <= p; q++)
            if (p % q == 0) { prime = false; break; }
        if (prime) primes[np++] = p;
    }
    for (size_t i = 0; i < n - 2; i++) {
        const char *at = s[i] != '\0' ? strchr(k_cset82, s[i]) : NULL;
        if (at == NULL) return false;
        sum += (unsigned)(at - k_cset82) * primes[n - 3 - i];
    }
    sum %= 1021u;
    return s[n - 2] == k_cset32[sum >> 5] && s[n - 1] == k_cset32[sum & 31u];
}

static bool iban_ok(const char *s, size_t n)
{
    unsigned rem = 0;
    if (n < 5 || n > 34 || !is_upper(s[0]) || !is_upper(s[1]) || !is_digit(s[2]) || !is_digit(s[3])) return false;
    for (size_t k = 0; k < n; k++) {
        char c = s[(k + 4) % n]; /* rearranged: BBAN first, then country and check digits */
        if (is_digit(c))
            rem = (rem * 10u + (unsigned)(c - '0')) % 97u;
        else if (is_upper(c))
            rem = (rem * 100u + (unsigned)(c - 'A' + 10)) % 97u;
        else
            return false;
    }
    return rem == 1u;
}

/* Runs linter l over one component s[0..n); on failure writes why. */
static bool lint_ok(gs1_linter l, const char *s, size_t n, char *why, size_t cap)
{
    switch (l) {
    case GS1_LINT_NONE: return true;
    case GS1_LINT_CSUM: {
        int want;
        if (n < 2 || !all_digits(s, n)) break;
        want = dpp_gtin_check_digit(s, n - 1);
        if (s[n - 1] - '0' == want) return true;
        (void)snprintf(why, cap, "check digit %c wrong, expected %d", s[n - 1], want);
        return false;
    }
    case GS1_LINT_CSUMALPHA:
        if (csumalpha_ok(s, n)) return true;
        (void)snprintf(why, cap, "check character pair wrong");
        return false;
    case GS1_LINT_GCPPOS1:
        if (n >= 4 && all_digits(s, 4)) return true;
        (void)snprintf(why, cap, "does not start with a GS1 Company Prefix (4 digits)");
        return false;
    case GS1_LINT_GCPPOS2:
        if (n >= 5 && all_digits(s + 1, 4)) return true;
        (void)snprintf(why, cap, "no GS1 Company Prefix (4 digits) at position 2");
        return false;
    case GS1_LINT_YYMMD0: if (n == 6 && date_ok(s, n, true)) return true; break;
    case GS1_LINT_YYMMDD: if (n == 6 && date_ok(s, n, false)) return true; break;
    case GS1_LINT_YYYYMMDD: if (n == 8 && date_ok(s, n, false)) return true; break;
    case GS1_LINT_HH: if (n == 2 && all_digits(s, 2) && num(s, 2) <= 23) return true; break;
    case GS1_LINT_MI:
    case GS1_LINT_SS: if (n == 2 && all_digits(s, 2) && num(s, 2) <= 59) return true; break;
    case GS1_LINT_HHMI:
        if (n == 4 && all_digits(s, 4) && num(s, 2) <= 23 && num(s + 2, 2) <= 59) return true;
        break;
    case GS1_LINT_YESNO: if (n == 1 && (s[0] == '0' || s[0] == '1')) return true; break;
    case GS1_LINT_ZERO: if (n == 1 && s[0] == '0') return true; break;
    case GS1_LINT_NONZERO:
        for (size_t i = 0; i < n; i++)
            if (s[i] != '0') return true;
        break;
    case GS1_LINT_WINDING: if (n == 1 && (s[0] == '0' || s[0] == '1' || s[0] == '9')) return true; break;
    case GS1_LINT_HYPHEN: if (n == 1 && s[0] == '-') return true; break;
    case GS1_LINT_ISO5218:
        if (n == 1 && (s[0] == '0' || s[0] == '1' || s[0] == '2' || s[0] == '9')) return true;
        break;
    case GS1_LINT_NOZEROPREFIX: if (n >= 1 && !(n > 1 && s[0] == '0')) return true; break;
    case GS1_LINT_HASNONDIGIT:
        if (!all_digits(s, n)) return true;
        break;
    case GS1_LINT_PIECEOFTOTAL:
        if (n >= 2 && n % 2 == 0 && all_digits(s, n)) {
            unsigned piece = num(s, n / 2), total = num(s + n / 2, n / 2);
            if (piece >= 1 && piece <= total) return true;
        }
        break;
    case GS1_LINT_PCENC:
        for (size_t i = 0; i < n; i++)
            if (s[i] == '%' && (i + 2 >= n || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))) goto fail;
        return true;
    case GS1_LINT_LATITUDE:
    case GS1_LINT_LONGITUDE:
        if (n == 10 && all_digits(s, n)) {
            uint64_t v = 0;
            for (size_t i = 0; i < n; i++) v = v * 10u + (uint64_t)(s[i] - '0');
            if (v <= (l == GS1_LINT_LATITUDE ? 1800000000u : 3600000000u)) return true;
        }
        break;
    case GS1_LINT_POSINSEQSLASH:
        if (n == 3 && s[1] == '/' && s[0] >= '1' && s[0] <= '9' && s[2] >= '1' && s[2] <= '9' && s[0] <= s[2])
            return true;
        break;
    case GS1_LINT_IMPORTERIDX: if (n == 1 && (is_alnum(s[0]) || s[0] == '-' || s[0] == '_')) return true; break;
    case GS1_LINT_IBAN: if (iban_ok(s, n)) return true; break;
    /* Not enforced (see gs1dl.h): the code lists are not built in; the
     * component's set and length were checked by the caller. */
    case GS1_LINT_ISO3166:
    case GS1_LINT_ISO3166999:
    case GS1_LINT_ISO3166ALPHA2:
    case GS1_LINT_ISO4217:
    case GS1_LINT_PACKAGETYPE:
    case GS1_LINT_MEDIATYPE:
    case GS1_LINT_COUPONCODE:
    case GS1_LINT_COUPONPOSOFFER: return true;
    }
fail:
    (void)snprintf(why, cap, "fails the GS1 '%s' check", dpp_gs1_linter_name(l));
    return false;
}

const char *dpp_gs1_linter_name(gs1_linter l)
{
    switch (l) {
    case GS1_LINT_NONE: return "none";
    case GS1_LINT_CSUM: return "csum";
    case GS1_LINT_CSUMALPHA: return "csumalpha";
    case GS1_LINT_GCPPOS1: return "gcppos1";
    case GS1_LINT_GCPPOS2: return "gcppos2";
    case GS1_LINT_YYMMD0: return "yymmd0";
    case GS1_LINT_YYMMDD: return "yymmdd";
    case GS1_LINT_YYYYMMDD: return "yyyymmdd";
    case GS1_LINT_HH: return "hh";
    case GS1_LINT_MI: return "mi";
    case GS1_LINT_SS: return "ss";
    case GS1_LINT_HHMI: return "hhmi";
    case GS1_LINT_YESNO: return "yesno";
    case GS1_LINT_ZERO: return "zero";
    case GS1_LINT_NONZERO: return "nonzero";
    case GS1_LINT_WINDING: return "winding";
    case GS1_LINT_HYPHEN: return "hyphen";
    case GS1_LINT_ISO5218: return "iso5218";
    case GS1_LINT_NOZEROPREFIX: return "nozeroprefix";
    case GS1_LINT_HASNONDIGIT: return "hasnondigit";
    case GS1_LINT_PIECEOFTOTAL: return "pieceoftotal";
    case GS1_LINT_PCENC: return "pcenc";
    case GS1_LINT_LATITUDE: return "latitude";
    case GS1_LINT_LONGITUDE: return "longitude";
    case GS1_LINT_POSINSEQSLASH: return "posinseqslash";
    case GS1_LINT_IMPORTERIDX: return "importeridx";
    case GS1_LINT_IBAN: return "iban";
    case GS1_LINT_ISO3166: return "iso3166";
    case GS1_LINT_ISO3166999: return "iso3166999";
    case GS1_LINT_ISO3166ALPHA2: return "iso3166alpha2";
    case GS1_LINT_ISO4217: return "iso4217";
    case GS1_LINT_PACKAGETYPE: return "packagetype";
    case GS1_LINT_MEDIATYPE: return "mediatype";
    case GS1_LINT_COUPONCODE: return "couponcode";
    case GS1_LINT_COUPONPOSOFFER: return "couponposoffer";
    }
    return "?";
}

dpp_err dpp_gs1_check_value(const gs1_ai_def *def, const char *value, size_t n, char *why, size_t why_cap,
                        size_t *pos)
{
    char tmp[8];
    char local[160];
    size_t at = 0, minlen = 0, maxlen = 0;
    if (why == NULL || why_cap == 0) {
        why = local;
        why_cap = sizeof local;
    }
    why[0] = '\0';
    if (pos != NULL) *pos = 0;
    if (def == NULL || (value == NULL && n > 0)) return DPP_ERR_INVALID_ARG;
    for (size_t i = 0; i < def->ncomp; i++) {
        if (!def->comp[i].optional) minlen += def->comp[i].min;
        maxlen += def->comp[i].max;
    }
    if (n < minlen || n > maxlen) goto bad_length;
    for (size_t i = 0; i < def->ncomp; i++) {
        const gs1_component *c = &def->comp[i];
        size_t rem = n - at, take;
        if (rem == 0 && c->optional) break;
        if (c->min == c->max) {
            if (rem < c->min) goto bad_length;
            take = c->min;
        } else {
            if (rem < c->min || rem > c->max) goto bad_length;
            take = rem;
        }
        for (size_t k = 0; k < take; k++) {
            int ch = (unsigned char)value[at + k];
            bool ok;
            switch (c->cset) {
            case GS1_CSET_N: ok = is_digit(ch); break;
            case GS1_CSET_X: ok = in_cset82(ch); break;
            case GS1_CSET_Y: ok = in_cset39(ch); break;
            default:
                /* base64url; "=" only as padding at the end, at most two */
                ok = in_cset64(ch);
                if (ch == '=' && take - k <= 2) {
                    ok = true;
                    for (size_t j = k; j < take; j++)
                        if (value[at + j] != '=') ok = false;
                }
                break;
            }
            if (!ok) {
                char_str(ch, tmp);
                (void)snprintf(why, why_cap, "character %s at value position %zu not allowed in %s", tmp,
                               at + k + 1, cset_name(c->cset));
                if (pos != NULL) *pos = at + k;
                return DPP_ERR_DL_AI_VALUE;
            }
        }
        for (size_t k = 0; k < GS1_MAX_LINTERS && c->lint[k] != GS1_LINT_NONE; k++) {
            char w[96];
            if (!lint_ok((gs1_linter)c->lint[k], value + at, take, w, sizeof w)) {
                if (def->ncomp > 1)
                    (void)snprintf(why, why_cap, "component %zu (value positions %zu..%zu): %s", i + 1, at + 1,
                                   at + take, w);
                else
                    (void)snprintf(why, why_cap, "%s", w);
                if (pos != NULL) *pos = at;
                return DPP_ERR_DL_AI_VALUE;
            }
        }
        at += take;
    }
    if (at == n) return DPP_OK;
bad_length:
    if (minlen == maxlen)
        (void)snprintf(why, why_cap, "length %zu, GS1 requires %zu", n, minlen);
    else
        (void)snprintf(why, why_cap, "length %zu, GS1 allows %zu..%zu", n, minlen, maxlen);
    if (pos != NULL) *pos = 0;
    return DPP_ERR_DL_AI_VALUE;
}

/* ------------------------------------------------------- shared checks */

/* Where a check runs: the URI being parsed (base = offset of the checked
 * text in it) or a field given to the builder (no offsets). */
typedef struct dl_ctx {
    dpp_diag *diag;
    bool in_uri;
    size_t base;
} dl_ctx;

static size_t ctx_off(const dl_ctx *cx, size_t i) { return cx->in_uri ? cx->base + i : SIZE_MAX; }

/* "'abc'" (truncated) for messages; the text is printable ASCII or shown in hex. */
static const char *quote(const char *s, size_t n, char *buf, size_t cap)
{
    size_t k = 0;
    bool printable = true;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F) printable = false;
    if (!printable) {
        (void)snprintf(buf, cap, "(%zu bytes, not printable)", n);
        return buf;
    }
    buf[k++] = '\'';
    for (size_t i = 0; i < n && k + 5 < cap && i < DL_QUOTE_MAX; i++) buf[k++] = s[i];
    if (n > DL_QUOTE_MAX && k + 5 < cap) {
        buf[k++] = '.';
        buf[k++] = '.';
        buf[k++] = '.';
    }
    buf[k++] = '\'';
    buf[k] = '\0';
    return buf;
}

/* Host: LDH labels; writes the lower-case host into out[DPP_DL_MAX_HOST_LEN + 1]. */
static dpp_err check_host(const dl_ctx *cx, const char *h, size_t n, char *out)
{
    size_t label_start = 0, labels = 0;
    bool last_all_digits = true;
    if (n == 0) return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, 0), "link host: empty");
    for (size_t i = 0; i < n; i++) {
        char c = h[i];
        if (c == '@')
            return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, i),
                                "link host: userinfo ('@') not allowed");
        if (c == ':')
            return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, i), "link host: port (':') not allowed");
        if (c == '[' || c == ']')
            return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, i), "link host: IP literal not allowed");
    }
    if (n > DPP_DL_MAX_HOST_LEN)
        return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, 0), "link host: %zu bytes, at most %d", n,
                            DPP_DL_MAX_HOST_LEN);
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? h[i] : '.';
        if (c == '.') {
            size_t ll = i - label_start;
            if (ll == 0)
                return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, i < n ? i : n - 1),
                                    "link host: empty label (leading, trailing or double '.')");
            if (ll > 63)
                return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, label_start),
                                    "link host: label of %zu bytes, at most 63", ll);
            if (h[label_start] == '-' || h[i - 1] == '-')
                return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, label_start),
                                    "link host: label starts or ends with '-'");
            last_all_digits = all_digits(h + label_start, ll);
            labels++;
            label_start = i + 1;
        } else if (!is_alnum(c) && c != '-') {
            char t[8];
            char_str((unsigned char)c, t);
            return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, i),
                                "link host: character %s not allowed (letters, digits, '-' and '.' only)", t);
        }
        if (i < n) out[i] = to_lower(c);
    }
    out[n] = '\0';
    if (labels < 2)
        return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, 0),
                            "link host: a domain name of at least two labels is required");
    if (last_all_digits)
        return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, 0),
                            "link host: top-level label all digits (IP addresses are not allowed)");
    return DPP_OK;
}

/* Prefix "/seg/seg" (n may be 0). */
static dpp_err check_prefix(const dl_ctx *cx, const char *p, size_t n)
{
    size_t seg_start = 1;
    if (n == 0) return DPP_OK;
    if (n > DPP_DL_MAX_PREFIX_LEN)
        return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, 0),
                            "link path prefix: %zu bytes, at most %d", n, DPP_DL_MAX_PREFIX_LEN);
    if (p[0] != '/')
        return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, 0), "link path prefix: must start with '/'");
    for (size_t i = 1; i <= n; i++) {
        char c = i < n ? p[i] : '/';
        if (c == '/') {
            size_t sl = i - seg_start;
            if (sl == 0)
                return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, i),
                                    "link path prefix: empty segment");
            if ((sl == 1 && p[seg_start] == '.') || (sl == 2 && p[seg_start] == '.' && p[seg_start + 1] == '.'))
                return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, seg_start),
                                    "link path prefix: '.' and '..' segments not allowed");
            seg_start = i + 1;
        } else if (c == '%') {
            return dpp_diag_set(cx->diag, DPP_ERR_DL_PERCENT, ctx_off(cx, i),
                                "link path prefix: percent-encoding not allowed (unreserved characters only)");
        } else if (!is_unreserved(c)) {
            char t[8];
            char_str((unsigned char)c, t);
            return dpp_diag_set(cx->diag, DPP_ERR_DL_SYNTAX, ctx_off(cx, i),
                                "link path prefix: character %s not allowed (unreserved characters only)", t);
        }
    }
    return DPP_OK;
}

/* Percent-decodes an AI value raw[0..n) into out[0..DPP_DL_MAX_VALUE_LEN]
 * (NUL-terminated) with the canonical-spelling rules. part: "link path" or
 * "link query". */
static dpp_err decode_value(const dl_ctx *cx, const char *part, const char *ai, const char *raw, size_t n,
                            char *out, size_t *out_n)
{
    size_t k = 0, enc_dots = 0, first_enc_dot = 0;
    bool in_path = strcmp(part, "link path") == 0;
    char q[64];
    *out_n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)raw[i];
        if (k == DPP_DL_MAX_VALUE_LEN)
            return dpp_diag_set(cx->diag, DPP_ERR_DL_AI_VALUE, ctx_off(cx, 0),
                                "%s: AI %s value %s at offset %zu: longer than %d characters", part, ai,
                                quote(raw, n, q, sizeof q), ctx_off(cx, 0), DPP_DL_MAX_VALUE_LEN);
        if (c == '%') {
            int v;
            if (n - i < 3 || !is_hex(raw[i + 1]) || !is_hex(raw[i + 2]))
                return dpp_diag_set(cx->diag, DPP_ERR_DL_PERCENT, ctx_off(cx, i),
                                    "%s: AI %s value %s: '%%' at offset %zu not followed by two hex digits", part,
                                    ai, quote(raw, n, q, sizeof q), ctx_off(cx, i));
            if (!is_hex_upper(raw[i + 1]) || !is_hex_upper(raw[i + 2]))
                return dpp_diag_set(cx->diag, DPP_ERR_DL_PERCENT, ctx_off(cx, i),
                                    "%s: AI %s value %s: '%%%c%c' at offset %zu: write hex digits in upper case",
                                    part, ai, quote(raw, n, q, sizeof q), raw[i + 1], raw[i + 2], ctx_off(cx, i));
            v = hex_val(raw[i + 1]) * 16 + hex_val(raw[i + 2]);
            if (v == 0)
                return dpp_diag_set(cx->diag, DPP_ERR_DL_PERCENT, ctx_off(cx, i),
                                    "%s: AI %s value %s: '%%00' at offset %zu not allowed", part, ai,
                                    quote(raw, n, q, sizeof q), ctx_off(cx, i));
            if (v == '.' && in_path) {
                /* "%2E" only where a literal "." or ".." would be a dot-segment (checked below) */
                if (enc_dots++ == 0) first_enc_dot = i;
            } else if (is_unreserved(v))
                return dpp_diag_set(cx->diag, DPP_ERR_DL_PERCENT, ctx_off(cx, i),
                                    "%s: AI %s value %s: needless percent-encoding '%%%c%c' of '%c' at offset %zu",
                                    part, ai, quote(raw, n, q, sizeof q), raw[i + 1], raw[i + 2], v,
                                    ctx_off(cx, i));
            out[k++] = (char)v;
            i += 2;
        } else if (is_unreserved(c)) {
            out[k++] = (char)c;
        } else {
            return dpp_diag_set(cx->diag, DPP_ERR_DL_PERCENT, ctx_off(cx, i),
                                "%s: AI %s value %s: character '%c' at offset %zu must be percent-encoded (%%%02X)",
                                part, ai, quote(raw, n, q, sizeof q), c, ctx_off(cx, i), (unsigned)c);
        }
    }
    if (enc_dots > 0 && !(enc_dots == k && k <= 2))
        return dpp_diag_set(cx->diag, DPP_ERR_DL_PERCENT, ctx_off(cx, first_enc_dot),
                            "%s: AI %s value %s: needless percent-encoding '%%2E' of '.' at offset %zu (only the "
                            "values '.' and '..' are written %%2E)",
                            part, ai, quote(raw, n, q, sizeof q), ctx_off(cx, first_enc_dot));
    out[k] = '\0';
    *out_n = k;
    return DPP_OK;
}

/* Checks a decoded value against the dictionary; for the key 01, pads a
 * GTIN-8/12/13 to 14 digits first (in place; val has room for 14 + NUL). */
static dpp_err check_value(const dl_ctx *cx, const char *part, const gs1_ai_def *def, const char *ai, bool is_key,
                           unsigned flags, char *val, size_t *vn, const char *raw, size_t raw_n)
{
    char why[160];
    char q[64];
    size_t pos = 0;
    dpp_err e;
    if (is_key && strcmp(ai, "01") == 0 && !(flags & DPP_DL_GTIN14) &&
        (*vn == 8 || *vn == 12 || *vn == 13) && all_digits(val, *vn)) {
        size_t pad = 14 - *vn;
        memmove(val + pad, val, *vn + 1);
        memset(val, '0', pad);
        *vn = 14;
    }
    e = dpp_gs1_check_value(def, val, *vn, why, sizeof why, &pos);
    if (e == DPP_OK) return DPP_OK;
    if (is_key && strcmp(ai, "01") == 0 && (flags & DPP_DL_GTIN14) && *vn != 14)
        (void)snprintf(why, sizeof why, "length %zu, this form requires a GTIN of 14 digits", *vn);
    return dpp_diag_set(cx->diag, e, ctx_off(cx, 0), "%s: AI %s value %s at offset %zu: %s", part, ai,
                        quote(raw, raw_n, q, sizeof q), ctx_off(cx, 0), why);
}

static bool is_qualifier_of(const gs1_dlpkey_def *k, const char *ai)
{
    for (size_t s = 0; s < k->nseq; s++)
        for (size_t i = 0; i < k->seq[s].n; i++)
            if (strcmp(k->seq[s].ai[i], ai) == 0) return true;
    return false;
}

/* True if ais[0..n) is an ordered subsequence of one of k's sequences. */
static bool qualifiers_in_order(const gs1_dlpkey_def *k, const dpp_dl_elem *q, size_t n)
{
    for (size_t s = 0; s < k->nseq; s++) {
        size_t at = 0, i;
        for (i = 0; i < n; i++) {
            while (at < k->seq[s].n && strcmp(k->seq[s].ai[at], q[i].ai) != 0) at++;
            if (at == k->seq[s].n) break;
            at++;
        }
        if (i == n) return true;
    }
    return false;
}

/* "22, 10, 21 | 235" */
static void qualifier_list(const gs1_dlpkey_def *k, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t s = 0; s < k->nseq; s++)
        for (size_t i = 0; i < k->seq[s].n; i++) {
            int w = snprintf(buf + n, cap - n, "%s%s", i > 0 ? ", " : (s > 0 ? " | " : ""), k->seq[s].ai[i]);
            if (w < 0 || (size_t)w >= cap - n) return;
            n += (size_t)w;
        }
    if (n == 0) (void)snprintf(buf, cap, "none");
}

/* AI segment ai[0..n) -> its entry, or an error naming it. */
static dpp_err check_ai(const dl_ctx *cx, const char *part, const char *ai, size_t n, const gs1_ai_def **def)
{
    char q[64];
    *def = dpp_gs1_ai_lookup(ai, n);
    if (*def != NULL) return DPP_OK;
    if (n >= 2 && n <= 4 && all_digits(ai, n))
        return dpp_diag_set(cx->diag, DPP_ERR_DL_AI, ctx_off(cx, 0),
                            "%s: unknown AI %s at offset %zu (not in the GS1 syntax dictionary)", part,
                            quote(ai, n, q, sizeof q), ctx_off(cx, 0));
    return dpp_diag_set(cx->diag, DPP_ERR_DL_AI, ctx_off(cx, 0),
                        "%s: segment %s at offset %zu is not an AI (2 to 4 digits; short names such as 'gtin' "
                        "are not accepted)",
                        part, quote(ai, n, q, sizeof q), ctx_off(cx, 0));
}

/* Checks that quals[k].ai may follow the key and quals[0..k) (AI only; the
 * value is checked separately). */
static dpp_err check_qualifier(const dl_ctx *cx, const gs1_ai_def *keydef, const char *keyai,
                               const dpp_dl_elem *quals, size_t k)
{
    char list[64];
    const gs1_dlpkey_def *kd = &dpp_gs1_dlpkey_table[keydef->dlpkey];
    if (!is_qualifier_of(kd, quals[k].ai)) {
        qualifier_list(kd, list, sizeof list);
        return dpp_diag_set(cx->diag, DPP_ERR_DL_AI, ctx_off(cx, 0),
                            "link path: AI %s at offset %zu is not a qualifier of primary key %s (%s); allowed: %s",
                            quals[k].ai, ctx_off(cx, 0), keyai, keydef->title, list);
    }
    if (!qualifiers_in_order(kd, quals, k + 1)) {
        qualifier_list(kd, list, sizeof list);
        return dpp_diag_set(cx->diag, DPP_ERR_DL_QUALIFIER_ORDER, ctx_off(cx, 0),
                            "link path: qualifier AI %s at offset %zu repeated or out of order; after %s the order "
                            "is %s ('|' separates alternatives)",
                            quals[k].ai, ctx_off(cx, 0), keyai, list);
    }
    return DPP_OK;
}

/* ---------------------------------------------------------------- parse */

typedef struct seg {
    size_t off, len;
} seg;

static dpp_err parse_elem(const char *uri, const seg *ai, const seg *val, bool is_key, unsigned flags,
                          dpp_dl_elem *el, const gs1_ai_def **def, dpp_diag *diag)
{
    dl_ctx cx = {diag, true, ai->off};
    dpp_err e = check_ai(&cx, "link path", uri + ai->off, ai->len, def);
    if (e != DPP_OK) return e;
    memcpy(el->ai, uri + ai->off, ai->len);
    el->ai[ai->len] = '\0';
    el->offset = val->off;
    cx.base = val->off;
    e = decode_value(&cx, "link path", el->ai, uri + val->off, val->len, el->value, &el->value_len);
    if (e != DPP_OK) return e;
    return check_value(&cx, "link path", *def, el->ai, is_key, flags, el->value, &el->value_len, uri + val->off,
                       val->len);
}

/* Query attributes: "k=v&k=v". */
static dpp_err parse_query(const char *uri, size_t off, size_t n, const dpp_dl *dl, dpp_diag *diag)
{
    seg keys[DPP_DL_MAX_ATTRS];
    size_t nattr = 0, start = off, end = off + n;
    char q[64];
    if (n == 0) return dpp_diag_set(diag, DPP_ERR_DL_QUERY, off, "link query: empty after '?'");
    for (size_t i = off; i <= end; i++) {
        size_t eq, klen, vlen;
        const char *k;
        if (i < end && uri[i] != '&') continue;
        if (i == start)
            return dpp_diag_set(diag, DPP_ERR_DL_QUERY, start, "link query: empty attribute at offset %zu", start);
        if (nattr == DPP_DL_MAX_ATTRS)
            return dpp_diag_set(diag, DPP_ERR_DL_QUERY, start, "link query: more than %d attributes",
                                DPP_DL_MAX_ATTRS);
        for (eq = start; eq < i && uri[eq] != '='; eq++) {
        }
        k = uri + start;
        klen = eq - start;
        if (eq == i)
            return dpp_diag_set(diag, DPP_ERR_DL_QUERY, start, "link query: attribute %s at offset %zu has no '='",
                                quote(k, i - start, q, sizeof q), start);
        if (klen == 0)
            return dpp_diag_set(diag, DPP_ERR_DL_QUERY, start, "link query: attribute at offset %zu has no name",
                                start);
        vlen = i - eq - 1;
        for (size_t j = 0; j < nattr; j++)
            if (keys[j].len == klen && memcmp(uri + keys[j].off, k, klen) == 0)
                return dpp_diag_set(diag, DPP_ERR_DL_QUERY, start, "link query: attribute %s at offset %zu repeated",
                                    quote(k, klen, q, sizeof q), start);
        keys[nattr].off = start;
        keys[nattr].len = klen;
        nattr++;
        if (all_digits(k, klen)) {
            const gs1_ai_def *def;
            dl_ctx cx = {diag, true, start};
            char ai[5];
            char val[DPP_DL_MAX_VALUE_LEN + 1];
            size_t vn;
            dpp_err e = check_ai(&cx, "link query", k, klen, &def);
            if (e != DPP_OK) return e;
            memcpy(ai, k, klen);
            ai[klen] = '\0';
            if (!(def->flags & GS1_F_DLATTR))
                return dpp_diag_set(diag, DPP_ERR_DL_AI, start,
                                    "link query: AI %s (%s) at offset %zu is not allowed as a Digital Link attribute",
                                    ai, def->title, start);
            if (strcmp(ai, dl->key.ai) == 0 || dpp_dl_qualifier(dl, ai) != NULL)
                return dpp_diag_set(diag, DPP_ERR_DL_QUERY, start,
                                    "link query: AI %s at offset %zu repeats an AI of the path", ai, start);
            cx.base = eq + 1;
            e = decode_value(&cx, "link query", ai, uri + eq + 1, vlen, val, &vn);
            if (e != DPP_OK) return e;
            e = check_value(&cx, "link query", def, ai, false, 0, val, &vn, uri + eq + 1, vlen);
            if (e != DPP_OK) return e;
        } else {
            for (size_t j = 0; j < klen; j++)
                if (!is_unreserved(k[j]))
                    return dpp_diag_set(diag, DPP_ERR_DL_QUERY, start + j,
                                        "link query: attribute name %s: character '%c' at offset %zu not allowed",
                                        quote(k, klen, q, sizeof q), k[j], start + j);
            if (vlen == 0)
                return dpp_diag_set(diag, DPP_ERR_DL_QUERY, eq, "link query: attribute %s at offset %zu has no value",
                                    quote(k, klen, q, sizeof q), start);
            for (size_t j = eq + 1; j < i; j++) {
                char c = uri[j];
                if (c == '%') {
                    if (i - j < 3 || !is_hex(uri[j + 1]) || !is_hex(uri[j + 2]))
                        return dpp_diag_set(diag, DPP_ERR_DL_PERCENT, j,
                                            "link query: '%%' at offset %zu not followed by two hex digits", j);
                    j += 2;
                } else if (!is_unreserved(c) && !is_sub_delim(c) && c != ':' && c != '@' && c != '/' && c != '?') {
                    return dpp_diag_set(diag, DPP_ERR_DL_QUERY, j,
                                        "link query: character '%c' at offset %zu not allowed in a query", c, j);
                }
            }
        }
        start = i + 1;
    }
    return DPP_OK;
}

static dpp_err parse_inner(const char *uri, size_t len, unsigned flags, dpp_dl *out, dpp_diag *diag)
{
    static const char k_scheme[] = "https://";
    seg segs[DL_MAX_SEGMENTS];
    size_t nseg = 0, hash = len, qmark, auth, auth_end, path_end, key;
    dpp_err e;

    /* 1. characters */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)uri[i];
        if (c <= 0x20 || c >= 0x7F)
            return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i,
                                "link: byte 0x%02X at offset %zu (space, control or non-ASCII) not allowed", c, i);
        if (strchr("\"<>\\^`{|}", c) != NULL)
            return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i, "link: character '%c' at offset %zu not allowed in a URI",
                                c, i);
        if (c == '#' && hash == len) hash = i;
    }
    qmark = hash;
    for (size_t i = 0; i < hash; i++)
        if (uri[i] == '?') {
            qmark = i;
            break;
        }
    path_end = qmark;
    out->path_end = path_end;

    /* 2. scheme */
    if (path_end < sizeof k_scheme - 1) goto bad_scheme;
    for (size_t i = 0; i < sizeof k_scheme - 1; i++)
        if (to_lower(uri[i]) != k_scheme[i]) goto bad_scheme;

    /* 3. host */
    auth = sizeof k_scheme - 1;
    for (auth_end = auth; auth_end < path_end && uri[auth_end] != '/'; auth_end++) {
    }
    {
        dl_ctx cx = {diag, true, auth};
        e = check_host(&cx, uri + auth, auth_end - auth, out->host);
        if (e != DPP_OK) return e;
        out->host_len = auth_end - auth;
    }

    /* 4. path segments */
    if (auth_end == path_end)
        return dpp_diag_set(diag, DPP_ERR_DL_AI, auth_end, "link path: missing (no GS1 primary key)");
    for (size_t i = auth_end + 1, start = auth_end + 1; i <= path_end; i++) {
        size_t sl;
        if (i < path_end && uri[i] != '/') continue;
        sl = i - start;
        if (sl == 0)
            return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i,
                                "link path: empty segment at offset %zu (double or trailing '/')", i);
        if ((sl == 1 && uri[start] == '.') || (sl == 2 && uri[start] == '.' && uri[start + 1] == '.'))
            return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, start,
                                "link path: '.' or '..' segment at offset %zu not allowed", start);
        if (nseg == DL_MAX_SEGMENTS)
            return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, start, "link path: more than %d segments",
                                DL_MAX_SEGMENTS);
        segs[nseg].off = start;
        segs[nseg].len = sl;
        nseg++;
        start = i + 1;
    }

    /* 5. the primary key: the rightmost AI/value pair, reading pairs from the end */
    key = SIZE_MAX;
    for (size_t i = nseg; i >= 2; i -= 2) {
        const gs1_ai_def *d = dpp_gs1_ai_lookup(uri + segs[i - 2].off, segs[i - 2].len);
        if (d != NULL && d->dlpkey >= 0) {
            key = i - 2;
            break;
        }
    }
    if (key == SIZE_MAX)
        return dpp_diag_set(diag, DPP_ERR_DL_AI, auth_end,
                            "link path: no GS1 Digital Link primary key (such as 01) in AI/value pairs read from "
                            "the end of the path");
    {
        const gs1_ai_def *kdef, *qdef;
        dl_ctx cx = {diag, true, auth_end};
        size_t plen = segs[key].off - 1 - auth_end;
        if (plen > 0 && (flags & DPP_DL_NO_PREFIX))
            return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, auth_end,
                                "link path: custom path prefix before the primary key not allowed in this form");
        e = check_prefix(&cx, uri + auth_end, plen);
        if (e != DPP_OK) return e;
        memcpy(out->prefix, uri + auth_end, plen);
        out->prefix[plen] = '\0';
        out->prefix_len = plen;

        e = parse_elem(uri, &segs[key], &segs[key + 1], true, flags, &out->key, &kdef, diag);
        if (e != DPP_OK) return e;
        if ((flags & DPP_DL_ONLY_GTIN) && strcmp(out->key.ai, "01") != 0)
            return dpp_diag_set(diag, DPP_ERR_DL_AI, segs[key].off,
                                "link path: primary key AI %s (%s) at offset %zu; this form needs AI 01 (GTIN)",
                                out->key.ai, kdef->title, segs[key].off);
        for (size_t i = key + 2; i < nseg; i += 2) {
            size_t k = out->nqual;
            dpp_dl_elem *q;
            dl_ctx qc = {diag, true, segs[i].off};
            e = check_ai(&qc, "link path", uri + segs[i].off, segs[i].len, &qdef);
            if (e != DPP_OK) return e;
            if (k == DPP_DL_MAX_QUALIFIERS)
                return dpp_diag_set(diag, DPP_ERR_DL_QUALIFIER_ORDER, segs[i].off,
                                    "link path: more than %d qualifiers", DPP_DL_MAX_QUALIFIERS);
            q = &out->qual[k];
            memcpy(q->ai, uri + segs[i].off, segs[i].len);
            q->ai[segs[i].len] = '\0';
            e = check_qualifier(&qc, kdef, out->key.ai, out->qual, k);
            if (e != DPP_OK) return e;
            e = parse_elem(uri, &segs[i], &segs[i + 1], false, flags, q, &qdef, diag);
            if (e != DPP_OK) return e;
            out->nqual = k + 1;
        }
    }

    /* 6. query */
    if (qmark < hash) {
        out->has_query = true;
        out->query_off = qmark + 1;
        out->query_len = hash - qmark - 1;
        if (flags & DPP_DL_NO_QUERY)
            return dpp_diag_set(diag, DPP_ERR_DL_QUERY, qmark,
                                "link query: a query string ('?' at offset %zu) is not allowed in this form", qmark);
        e = parse_query(uri, out->query_off, out->query_len, out, diag);
        if (e != DPP_OK) return e;
    }

    /* 7. fragment: RFC 3986 characters, percent-encoding well-formed */
    if (hash < len) {
        out->has_fragment = true;
        out->fragment_off = hash + 1;
        out->fragment_len = len - hash - 1;
        for (size_t i = hash + 1; i < len; i++) {
            char c = uri[i];
            if (c == '%') {
                if (len - i < 3 || !is_hex(uri[i + 1]) || !is_hex(uri[i + 2]))
                    return dpp_diag_set(diag, DPP_ERR_DL_PERCENT, i,
                                        "link fragment: '%%' at offset %zu not followed by two hex digits", i);
                i += 2;
            } else if (!is_unreserved(c) && !is_sub_delim(c) && c != ':' && c != '@' && c != '/' && c != '?') {
                return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, i,
                                    "link fragment: character '%c' at offset %zu not allowed", c, i);
            }
        }
    }
    return DPP_OK;

bad_scheme:
    return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, 0, "link scheme: must be 'https://' (any letter case)");
}

dpp_err dpp_dl_parse(const char *uri, size_t len, unsigned flags, dpp_dl *out, dpp_diag *diag)
{
    dpp_err e;
    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (out == NULL || (uri == NULL && len > 0) || (flags & ~DL_KNOWN_FLAGS) != 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "link: NULL argument or unknown flag");
    if (len > DPP_DL_MAX_URI_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "link: %zu bytes, at most %d", len,
                            DPP_DL_MAX_URI_LEN);
    if (len == 0) return dpp_diag_set(diag, DPP_ERR_DL_SYNTAX, 0, "link: empty");
    e = parse_inner(uri, len, flags, out, diag);
    if (e != DPP_OK) memset(out, 0, sizeof *out);
    return e;
}

const char *dpp_dl_qualifier(const dpp_dl *dl, const char *ai)
{
    if (dl == NULL || ai == NULL) return NULL;
    for (size_t i = 0; i < dl->nqual && i < DPP_DL_MAX_QUALIFIERS; i++)
        if (strcmp(dl->qual[i].ai, ai) == 0) return dl->qual[i].value;
    return NULL;
}

/* ---------------------------------------------------------------- build */

typedef struct writer {
    char *out;
    size_t cap, n;
} writer;

static void put_c(writer *w, char c)
{
    if (w->out != NULL && w->n < w->cap) w->out[w->n] = c;
    w->n++;
}

static void put_s(writer *w, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) put_c(w, s[i]);
}

static void put_value(writer *w, const char *v, size_t n)
{
    static const char k_hex[] = "0123456789ABCDEF";
    /* "." and ".." would be dot-segments: their dots are encoded */
    bool dots = (n == 1 && v[0] == '.') || (n == 2 && v[0] == '.' && v[1] == '.');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (is_unreserved(c) && !dots) {
            put_c(w, (char)c);
        } else {
            put_c(w, '%');
            put_c(w, k_hex[c >> 4]);
            put_c(w, k_hex[c & 15u]);
        }
    }
}

/* Copies a builder element and looks its AI up (the value is checked by
 * build_value, after the caller has checked where the AI may stand). */
static dpp_err build_ai(const dl_ctx *cx, const dpp_dl_elem *in, dpp_dl_elem *el, const gs1_ai_def **def)
{
    size_t ailen = strnlen(in->ai, sizeof in->ai);
    size_t vlen = strnlen(in->value, sizeof in->value);
    if (ailen == sizeof in->ai || vlen == sizeof in->value || vlen != in->value_len)
        return dpp_diag_set(cx->diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                            "link: AI or value not NUL-terminated, or value_len wrong");
    memset(el, 0, sizeof *el);
    memcpy(el->ai, in->ai, ailen + 1);
    memcpy(el->value, in->value, vlen + 1);
    el->value_len = vlen;
    return check_ai(cx, "link path", in->ai, ailen, def);
}

static dpp_err build_value(const dl_ctx *cx, const gs1_ai_def *def, bool is_key, dpp_dl_elem *el)
{
    char raw[DPP_DL_MAX_VALUE_LEN + 1];
    memcpy(raw, el->value, el->value_len + 1);
    return check_value(cx, "link path", def, el->ai, is_key, 0, el->value, &el->value_len, raw, strlen(raw));
}

dpp_err dpp_dl_build(const dpp_dl *dl, unsigned flags, char *out, size_t cap, size_t *out_len, dpp_diag *diag)
{
    dl_ctx cx = {diag, false, 0};
    char host[DPP_DL_MAX_HOST_LEN + 1];
    dpp_dl_elem key, quals[DPP_DL_MAX_QUALIFIERS];
    const gs1_ai_def *kdef, *qdef;
    size_t hlen, plen;
    writer w = {out, cap, 0};
    dpp_err e;

    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (dl == NULL || out_len == NULL || (out == NULL && cap > 0) || (flags & ~DPP_DL_BUILD_UPPER) != 0 ||
        dl->nqual > DPP_DL_MAX_QUALIFIERS)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "link: NULL argument, unknown flag or nqual too big");
    if (out != NULL && cap > 0) out[0] = '\0';
    hlen = strnlen(dl->host, sizeof dl->host);
    plen = strnlen(dl->prefix, sizeof dl->prefix);
    if (hlen == sizeof dl->host || plen == sizeof dl->prefix)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "link: host or prefix not NUL-terminated");
    e = check_host(&cx, dl->host, hlen, host);
    if (e != DPP_OK) return e;
    e = check_prefix(&cx, dl->prefix, plen);
    if (e != DPP_OK) return e;
    e = build_ai(&cx, &dl->key, &key, &kdef);
    if (e != DPP_OK) return e;
    if (kdef->dlpkey < 0)
        return dpp_diag_set(diag, DPP_ERR_DL_AI, SIZE_MAX, "link path: AI %s (%s) is not a Digital Link primary key",
                            key.ai, kdef->title);
    e = build_value(&cx, kdef, true, &key);
    if (e != DPP_OK) return e;
    for (size_t i = 0; i < dl->nqual; i++) {
        e = build_ai(&cx, &dl->qual[i], &quals[i], &qdef);
        if (e != DPP_OK) return e;
        e = check_qualifier(&cx, kdef, key.ai, quals, i);
        if (e != DPP_OK) return e;
        e = build_value(&cx, qdef, false, &quals[i]);
        if (e != DPP_OK) return e;
    }

    put_s(&w, (flags & DPP_DL_BUILD_UPPER) ? "HTTPS://" : "https://", 8);
    for (size_t i = 0; i < hlen; i++) put_c(&w, (flags & DPP_DL_BUILD_UPPER) ? to_upper(host[i]) : host[i]);
    put_s(&w, dl->prefix, plen);
    put_c(&w, '/');
    put_s(&w, key.ai, strlen(key.ai));
    put_c(&w, '/');
    put_value(&w, key.value, key.value_len);
    for (size_t i = 0; i < dl->nqual; i++) {
        put_c(&w, '/');
        put_s(&w, quals[i].ai, strlen(quals[i].ai));
        put_c(&w, '/');
        put_value(&w, quals[i].value, quals[i].value_len);
    }
    *out_len = w.n;
    if (out == NULL) return DPP_OK;
    if (w.n >= cap) {
        if (cap > 0) memset(out, 0, cap);
        return dpp_diag_set(diag, DPP_ERR_BUFFER_TOO_SMALL, SIZE_MAX, "link: needs %zu bytes and a NUL, buffer has %zu",
                            w.n, cap);
    }
    out[w.n] = '\0';
    return DPP_OK;
}

static dpp_err copy_field(const char *what, const char *s, char *dst, size_t cap, size_t *n, dpp_diag *diag)
{
    size_t len = strnlen(s, cap);
    if (len == cap)
        return dpp_diag_set(diag, strcmp(what, "host") == 0 ? DPP_ERR_DL_SYNTAX : DPP_ERR_DL_AI_VALUE, SIZE_MAX,
                            "link %s: longer than %zu bytes", what, cap - 1);
    memcpy(dst, s, len + 1);
    if (n != NULL) *n = len;
    return DPP_OK;
}

dpp_err dpp_dl_build_gtin(const dpp_dl_gtin_fields *in, unsigned flags, char *out, size_t cap, size_t *out_len,
                          dpp_diag *diag)
{
    static const char *const k_ai[3] = {"22", "10", "21"};
    dpp_dl dl;
    const char *vals[3];
    dpp_err e;
    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (in == NULL || in->host == NULL || in->gtin == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "link: NULL fields, host or GTIN");
    memset(&dl, 0, sizeof dl);
    e = copy_field("host", in->host, dl.host, sizeof dl.host, &dl.host_len, diag);
    if (e == DPP_OK && in->prefix != NULL)
        e = copy_field("path prefix", in->prefix, dl.prefix, sizeof dl.prefix, &dl.prefix_len, diag);
    if (e == DPP_OK) e = copy_field("GTIN", in->gtin, dl.key.value, sizeof dl.key.value, &dl.key.value_len, diag);
    if (e != DPP_OK) return e;
    memcpy(dl.key.ai, "01", 3);
    vals[0] = in->cpv;
    vals[1] = in->lot;
    vals[2] = in->serial;
    for (size_t i = 0; i < 3; i++) {
        dpp_dl_elem *q;
        if (vals[i] == NULL) continue;
        q = &dl.qual[dl.nqual++];
        memcpy(q->ai, k_ai[i], 3);
        e = copy_field(i == 0 ? "AI 22 value" : (i == 1 ? "AI 10 value" : "AI 21 value"), vals[i], q->value,
                       sizeof q->value, &q->value_len, diag);
        if (e != DPP_OK) return e;
    }
    return dpp_dl_build(&dl, flags, out, cap, out_len, diag);
}

bool dpp_dl_is_qr_alnum(const char *s, size_t n)
{
    if (s == NULL) return n == 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!is_digit(c) && !is_upper(c) && (c == '\0' || strchr(" $%*+-./:", c) == NULL)) return false;
    }
    return true;
}
