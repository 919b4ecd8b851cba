/* SPDX-License-Identifier: Apache-2.0 */
/* Exact decimals and calendar dates of the passport data model. */
#include <stdbool.h>
#include <string.h>

#include "codes.h"
#include "timeutil.h"
#include "dpp/dpp_passport.h"

bool dpp_decimal_valid(dpp_decimal d)
{
    return d.exponent >= DPP_DECIMAL_MIN_EXPONENT && d.exponent <= 0 && d.mantissa >= -DPP_DECIMAL_MAX_MANTISSA &&
           d.mantissa <= DPP_DECIMAL_MAX_MANTISSA;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/*
 * Grammar: "-"? ("0" | [1-9][0-9]*) ("." [0-9]+)?
 * The syntax is checked over the whole text first (FORMAT), then the size
 * (RANGE): at most 18 fraction digits and at most 18 significant digits.
 * "-0", "-0.00" are rejected: a zero mantissa has no sign, so they could not
 * be written back as they were read.
 */
dpp_err dpp_decimal_parse(const char *text, size_t len, dpp_decimal *out)
{
    size_t i = 0, int_start, int_end, frac_digits = 0, sig = 0;
    bool neg = false, seen_nonzero = false;
    uint64_t mag = 0;

    if (out != NULL) memset(out, 0, sizeof *out);
    if (text == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    if (i < len && text[i] == '-') {
        neg = true;
        i++;
    }
    int_start = i;
    while (i < len && is_digit(text[i])) i++;
    int_end = i;
    if (int_end == int_start) return DPP_ERR_SCHEMA_FORMAT;              /* "", "-", ".5", "+1" */
    if (text[int_start] == '0' && int_end - int_start > 1) return DPP_ERR_SCHEMA_FORMAT; /* "01" */
    if (i < len && text[i] == '.') {
        size_t f0 = ++i;
        while (i < len && is_digit(text[i])) i++;
        frac_digits = i - f0;
        if (frac_digits == 0) return DPP_ERR_SCHEMA_FORMAT; /* "5." */
    }
    if (i != len) return DPP_ERR_SCHEMA_FORMAT; /* "1e3", trailing bytes */
    if (frac_digits > (size_t)-DPP_DECIMAL_MIN_EXPONENT) return DPP_ERR_SCHEMA_RANGE;

    for (i = int_start; i < len; i++) {
        if (text[i] == '.') continue;
        if (text[i] != '0') seen_nonzero = true;
        if (!seen_nonzero) continue;
        if (++sig > 18) return DPP_ERR_SCHEMA_RANGE; /* |mantissa| > 10^18 - 1 */
        mag = mag * 10u + (uint64_t)(text[i] - '0');
    }
    if (neg && mag == 0) return DPP_ERR_SCHEMA_FORMAT; /* negative zero */
    out->mantissa = neg ? -(int64_t)mag : (int64_t)mag;
    out->exponent = (int8_t)(-(int)frac_digits);
    return DPP_OK;
}

size_t dpp_decimal_format(dpp_decimal d, char *out, size_t out_cap)
{
    char digits[20];
    size_t nd = 0, k, len, pos = 0;
    uint64_t mag;

    if (out == NULL) return 0;
    if (!dpp_decimal_valid(d)) {
        if (out_cap > 0) out[0] = '\0';
        return 0;
    }
    mag = d.mantissa < 0 ? (uint64_t)(-d.mantissa) : (uint64_t)d.mantissa;
    do {
        digits[nd++] = (char)('0' + (int)(mag % 10u));
        mag /= 10u;
    } while (mag > 0);
    k = (size_t)(-(int)d.exponent); /* fraction digits */
    /* sign + integer part (at least "0") + '.' + k fraction digits */
    len = (d.mantissa < 0 ? 1u : 0u) + (nd > k ? nd - k : 1u) + (k > 0 ? k + 1 : 0u);
    if (out_cap < len + 1) {
        if (out_cap > 0) out[0] = '\0';
        return 0;
    }
    if (d.mantissa < 0) out[pos++] = '-';
    if (nd > k) {
        for (size_t i = nd; i-- > k;) out[pos++] = digits[i];
    } else {
        out[pos++] = '0';
    }
    if (k > 0) {
        out[pos++] = '.';
        for (size_t i = k; i-- > 0;) out[pos++] = i < nd ? digits[i] : '0';
    }
    out[pos] = '\0';
    return len;
}

/* Magnitude as significant digits (most significant first, trailing zeros
 * stripped) and the decimal position of the first digit: value =
 * 0.d1d2d3... * 10^point. Returns the digit count (0 for zero). */
static size_t dec_digits(dpp_decimal d, char digits[20], int *point)
{
    uint64_t mag = d.mantissa < 0 ? 0u - (uint64_t)d.mantissa : (uint64_t)d.mantissa;
    int exp = d.exponent;
    char rev[20];
    size_t nd = 0;

    *point = 0;
    if (mag == 0) return 0;
    while (mag % 10u == 0) {
        mag /= 10u;
        exp++;
    }
    while (mag > 0) {
        rev[nd++] = (char)('0' + (int)(mag % 10u));
        mag /= 10u;
    }
    for (size_t i = 0; i < nd; i++) digits[i] = rev[nd - 1 - i];
    *point = (int)nd + exp;
    return nd;
}

/* Compares |a| and |b| without arithmetic that could overflow: by the
 * position of the leading digit, then digit by digit. Works for any int64
 * mantissa and int8 exponent. */
static int cmp_mag(dpp_decimal a, dpp_decimal b)
{
    char da[20], db[20];
    int pa, pb;
    size_t na = dec_digits(a, da, &pa);
    size_t nb = dec_digits(b, db, &pb);
    size_t n;
    int c;

    if (na == 0 || nb == 0) return (na > 0) - (nb > 0);
    if (pa != pb) return pa < pb ? -1 : 1;
    n = na < nb ? na : nb;
    c = memcmp(da, db, n);
    if (c != 0) return c < 0 ? -1 : 1;
    return (na > nb) - (na < nb);
}

int dpp_decimal_cmp(dpp_decimal a, dpp_decimal b)
{
    int sa = (a.mantissa > 0) - (a.mantissa < 0);
    int sb = (b.mantissa > 0) - (b.mantissa < 0);
    if (sa != sb) return sa < sb ? -1 : 1;
    if (sa == 0) return 0;
    return sa > 0 ? cmp_mag(a, b) : -cmp_mag(a, b);
}

/* ---- Dates ---- */

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int k_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && is_leap(y)) ? 29 : k_days[m - 1];
}

bool dpp_date_valid(dpp_date d) { return d >= 0 && d <= DPP_DATE_MAX; }

dpp_err dpp_date_parse(const char *text, size_t len, dpp_date *out)
{
    int y = 0, m, d;

    if (out != NULL) *out = 0;
    if (text == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    if (len != 10 || text[4] != '-' || text[7] != '-') return DPP_ERR_SCHEMA_FORMAT;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !is_digit(text[i])) return DPP_ERR_SCHEMA_FORMAT;
    for (size_t i = 0; i < 4; i++) y = y * 10 + (text[i] - '0');
    m = (text[5] - '0') * 10 + (text[6] - '0');
    d = (text[8] - '0') * 10 + (text[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return DPP_ERR_SCHEMA_FORMAT;
    if (y < 1970) return DPP_ERR_SCHEMA_RANGE; /* a calendar date, but before the epoch */
    *out = (dpp_date)dpp_days_from_civil(y, (unsigned)m, (unsigned)d);
    return DPP_OK;
}

size_t dpp_date_format(dpp_date d, char *out, size_t out_cap)
{
    int64_t y64;
    unsigned m, day;
    int v;

    if (out == NULL || out_cap < 11 || !dpp_date_valid(d)) {
        if (out != NULL && out_cap > 0) out[0] = '\0';
        return 0;
    }
    dpp_civil_from_days(d, &y64, &m, &day);
    v = (int)y64; /* 1970..9999: DPP_DATE_MAX */
    for (int i = 3; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + day / 10);
    out[9] = (char)('0' + day % 10);
    out[10] = '\0';
    return 10;
}
