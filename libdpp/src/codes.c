/* SPDX-License-Identifier: Apache-2.0 */
#include "codes.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

/* Officially assigned ISO 3166-1 alpha-2 codes, sorted, two letters each.
 * Exceptionally reserved (EU, UK, ...), user-assigned (XK, AA, QM..QZ, XA..XZ,
 * ZZ) and deleted codes (AN, CS, ...) are not in the list. */
static const char k_countries[] =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQ"
    "BRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDM"
    "DODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGS"
    "GTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKN"
    "KPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQ"
    "MRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPM"
    "PNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSV"
    "SXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVI"
    "VNVUWFWSYEYTZAZMZW";

_Static_assert(sizeof k_countries - 1 == 2 * DPP_COUNTRY_COUNT, "country list size");

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

bool dpp_code_country(const char *s, size_t n)
{
    size_t lo = 0, hi = DPP_COUNTRY_COUNT;
    if (s == NULL || n != 2 || !is_upper(s[0]) || !is_upper(s[1])) return false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(k_countries + 2 * mid, s, 2);
        if (c == 0) return true;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

bool dpp_code_currency(const char *s, size_t n)
{
    if (s == NULL || n != 3) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_upper(s[i])) return false;
    return true;
}

bool dpp_code_unit(const char *s, size_t n)
{
    if (s == NULL || n < 2 || n > 3) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_upper(s[i]) && !is_digit(s[i])) return false;
    return true;
}

bool dpp_code_scheme(const char *s, size_t n)
{
    if (s == NULL || n < 1 || n > 16) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_upper(s[i]) && !is_digit(s[i]) && s[i] != '-') return false;
    return true;
}

bool dpp_code_gs1_ai82(const char *s, size_t n)
{
    static const char k_punct[] = "!\"%&'()*+,-./:;<=>?_";
    if (s == NULL) return n == 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_digit(c) || is_upper(c) || is_lower(c)) continue;
        if (c == '\0' || strchr(k_punct, c) == NULL) return false;
    }
    return true;
}

bool dpp_code_cn(const char *s, size_t n)
{
    if (s == NULL || n != 8) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i])) return false;
    return true;
}

dpp_text_fault dpp_text_check(const char *s, size_t n, size_t *at, uint32_t *cp_out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    dpp_text_fault f = DPP_TEXT_OK;
    uint32_t cp = 0;
    if (s == NULL) return n == 0 ? DPP_TEXT_OK : DPP_TEXT_UTF8;
    while (i < n) {
        unsigned c = p[i];
        size_t k;
        cp = c;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) {
                f = DPP_TEXT_CONTROL;
                break;
            }
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            k = 1;
            cp = c & 0x1fu;
        } else if (c >= 0xe0 && c <= 0xef) {
            k = 2;
            cp = c & 0x0fu;
        } else if (c >= 0xf0 && c <= 0xf4) {
            k = 3;
            cp = c & 0x07u;
        } else {
            f = DPP_TEXT_UTF8;
            break;
        }
        if (n - i <= k) {
            f = DPP_TEXT_UTF8;
            break;
        }
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xc0u) != 0x80u) {
                f = DPP_TEXT_UTF8;
                break;
            }
            cp = (cp << 6) | (p[i + j] & 0x3fu);
        }
        if (f != DPP_TEXT_OK) break;
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) {
            f = DPP_TEXT_UTF8;
            break;
        }
        if (cp >= 0x80 && cp <= 0x9f) {
            f = DPP_TEXT_CONTROL;
            break;
        }
        if (dpp_char_is_bidi_control(cp)) {
            f = DPP_TEXT_BIDI;
            break;
        }
        i += k + 1;
    }
    if (at != NULL) *at = i;
    if (cp_out != NULL) *cp_out = f == DPP_TEXT_OK ? 0 : cp;
    return f;
}

bool dpp_text_valid(const char *s, size_t n) { return dpp_text_check(s, n, NULL, NULL) == DPP_TEXT_OK; }

const char *dpp_text_fault_msg(dpp_text_fault f, size_t at, uint32_t cp, char *buf, size_t cap)
{
    switch (f) {
    case DPP_TEXT_OK: (void)snprintf(buf, cap, "valid text"); break;
    case DPP_TEXT_UTF8: (void)snprintf(buf, cap, "not valid UTF-8"); break;
    case DPP_TEXT_CONTROL: (void)snprintf(buf, cap, "contains a control character"); break;
    case DPP_TEXT_BIDI:
        (void)snprintf(buf, cap, "contains the bidirectional control character U+%04" PRIX32 " at byte %zu", cp, at);
        break;
    }
    return buf;
}

int dpp_gtin_check_digit(const char *s, size_t n)
{
    unsigned sum = 0;
    if (s == NULL || n == 0) return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[n - 1 - i]; /* i = 0 is the digit next to the check digit: weight 3 */
        if (!is_digit(c)) return -1;
        sum += (unsigned)(c - '0') * ((i % 2 == 0) ? 3u : 1u);
    }
    return (int)((10u - sum % 10u) % 10u);
}

dpp_err dpp_gtin_normalize(const char *s, size_t n, char out[15], int *got, int *expected)
{
    int want;
    out[0] = '\0';
    if (got != NULL) *got = -1;
    if (expected != NULL) *expected = -1;
    if (s == NULL || (n != 8 && n != 12 && n != 13 && n != 14)) return DPP_ERR_SCHEMA_FORMAT;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i])) return DPP_ERR_SCHEMA_FORMAT;
    memset(out, '0', 14 - n);
    memcpy(out + (14 - n), s, n);
    out[14] = '\0';
    want = dpp_gtin_check_digit(out, 13);
    if (got != NULL) *got = out[13] - '0';
    if (expected != NULL) *expected = want;
    return (out[13] - '0' == want) ? DPP_OK : DPP_ERR_SCHEMA_CHECK_DIGIT;
}

int dpp_cas_check_digit(uint64_t v)
{
    unsigned sum = 0;
    unsigned pos = 1;
    while (v > 0) {
        sum += (unsigned)(v % 10u) * pos;
        v /= 10u;
        pos++;
    }
    return (int)(sum % 10u);
}

dpp_err dpp_cas_parse(const char *s, size_t n, uint64_t *value, int *got, int *expected)
{
    size_t first = 0;
    uint64_t v = 0;
    int want;
    *value = 0;
    if (got != NULL) *got = -1;
    if (expected != NULL) *expected = -1;
    if (s == NULL) return DPP_ERR_SCHEMA_FORMAT;
    /* Shape: [1-9][0-9]{1,6} '-' [0-9]{2} '-' [0-9] */
    while (first < n && is_digit(s[first])) first++;
    if (first < 2 || first > 7 || s[0] == '0' || n != first + 5) return DPP_ERR_SCHEMA_FORMAT;
    if (s[first] != '-' || !is_digit(s[first + 1]) || !is_digit(s[first + 2]) || s[first + 3] != '-' ||
        !is_digit(s[first + 4]))
        return DPP_ERR_SCHEMA_FORMAT;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '-') v = v * 10u + (uint64_t)(s[i] - '0');
    *value = v;
    want = dpp_cas_check_digit(v / 10u);
    if (got != NULL) *got = (int)(v % 10u);
    if (expected != NULL) *expected = want;
    return ((int)(v % 10u) == want) ? DPP_OK : DPP_ERR_SCHEMA_CHECK_DIGIT;
}

size_t dpp_cas_format(uint64_t value, char *out, size_t out_cap)
{
    char digits[11];
    size_t nd = 0, len, pos = 0;
    if (value < 10000u || value > 9999999999u) return 0;
    for (uint64_t v = value; v > 0; v /= 10u) digits[nd++] = (char)('0' + (int)(v % 10u));
    /* digits[] is reversed: [0] check digit, [1..2] middle group, [3..] first group */
    len = nd + 2;
    if (out == NULL || out_cap < len + 1) return 0;
    for (size_t i = nd; i-- > 3;) out[pos++] = digits[i];
    out[pos++] = '-';
    out[pos++] = digits[2];
    out[pos++] = digits[1];
    out[pos++] = '-';
    out[pos++] = digits[0];
    out[pos] = '\0';
    return len;
}

static int hex_val(char c)
{
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool dpp_uuid_parse(const char *s, size_t n, uint8_t out[16])
{
    size_t j = 0;
    uint8_t tmp[16];
    if (s == NULL || n != 36) return false;
    for (size_t i = 0; i < 36;) {
        int hi, lo;
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
            i++;
            continue;
        }
        hi = hex_val(s[i]);
        lo = hex_val(s[i + 1]);
        if (hi < 0 || lo < 0) return false;
        tmp[j++] = (uint8_t)(hi * 16 + lo);
        i += 2;
    }
    memcpy(out, tmp, sizeof tmp);
    return true;
}

void dpp_uuid_format(const uint8_t id[16], char out[37])
{
    static const char k_hex[] = "0123456789abcdef";
    size_t pos = 0;
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[pos++] = '-';
        out[pos++] = k_hex[id[i] >> 4];
        out[pos++] = k_hex[id[i] & 15u];
    }
    out[pos] = '\0';
}

/* ---- Enumeration names ---- */

const dpp_code_name dpp_boundary_names[] = {{"cradle-to-gate", DPP_BOUNDARY_CRADLE_TO_GATE},
                                            {"cradle-to-grave", DPP_BOUNDARY_CRADLE_TO_GRAVE},
                                            {"gate-to-gate", DPP_BOUNDARY_GATE_TO_GATE},
                                            {"cradle-to-cradle", DPP_BOUNDARY_CRADLE_TO_CRADLE},
                                            {NULL, 0}};
const dpp_code_name dpp_method_names[] = {{"ISO 14067", DPP_METHOD_ISO_14067},
                                          {"GHG Protocol", DPP_METHOD_GHG_PROTOCOL},
                                          {"PEF", DPP_METHOD_PEF},
                                          {"PAS 2050", DPP_METHOD_PAS_2050},
                                          {"GB/T 24067", DPP_METHOD_GBT_24067},
                                          {"PACT", DPP_METHOD_PACT},
                                          {"EU 2023/1542", DPP_METHOD_EU_BATTERY},
                                          {NULL, 0}};
const dpp_code_name dpp_stage_kind_names[] = {{"raw-materials", DPP_STAGE_RAW_MATERIALS},
                                              {"production", DPP_STAGE_PRODUCTION},
                                              {"distribution", DPP_STAGE_DISTRIBUTION},
                                              {"use", DPP_STAGE_USE},
                                              {"end-of-life", DPP_STAGE_END_OF_LIFE},
                                              {NULL, 0}};
const dpp_code_name dpp_verification_names[] = {{"self-declared", DPP_VERIFICATION_SELF_DECLARED},
                                                {"third-party-verified", DPP_VERIFICATION_THIRD_PARTY},
                                                {NULL, 0}};
const dpp_code_name dpp_cbam_method_names[] = {
    {"actual", DPP_CBAM_ACTUAL}, {"default", DPP_CBAM_DEFAULT}, {"mixed", DPP_CBAM_MIXED}, {NULL, 0}};
const dpp_code_name dpp_price_instrument_names[] = {{"ets", DPP_PRICE_ETS},   {"carbon-tax", DPP_PRICE_CARBON_TAX},
                                                    {"levy", DPP_PRICE_LEVY}, {"fee", DPP_PRICE_FEE},
                                                    {"other", DPP_PRICE_OTHER}, {NULL, 0}};

static const char *code_name(const dpp_code_name *t, int v)
{
    for (; t->name != NULL; t++)
        if (t->value == v) return t->name;
    return NULL;
}

static dpp_err code_from_name(const dpp_code_name *t, const char *s, size_t n, int *out)
{
    if (s == NULL && n != 0) return DPP_ERR_INVALID_ARG;
    for (; t->name != NULL; t++) {
        if (strlen(t->name) == n && (n == 0 || memcmp(t->name, s, n) == 0)) {
            *out = t->value;
            return DPP_OK;
        }
    }
    return DPP_ERR_SCHEMA_RANGE;
}

/* The public pair for one enumeration: dpp_<e>_name() and dpp_<e>_from_name(). */
#define DPP_CODE_NAMES(e)                                                                 \
    const char *dpp_##e##_name(dpp_##e v) { return code_name(dpp_##e##_names, (int)v); } \
    dpp_err dpp_##e##_from_name(const char *name, size_t len, dpp_##e *out)               \
    {                                                                                     \
        int v = 0;                                                                        \
        dpp_err err;                                                                      \
        if (out == NULL) return DPP_ERR_INVALID_ARG;                                      \
        err = code_from_name(dpp_##e##_names, name, len, &v);                             \
        if (err == DPP_OK) *out = (dpp_##e)v;                                             \
        return err;                                                                       \
    }

DPP_CODE_NAMES(boundary)
DPP_CODE_NAMES(method)
DPP_CODE_NAMES(stage_kind)
DPP_CODE_NAMES(verification)
DPP_CODE_NAMES(cbam_method)
DPP_CODE_NAMES(price_instrument)
