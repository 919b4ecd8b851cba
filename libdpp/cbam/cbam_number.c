/* SPDX-License-Identifier: Apache-2.0 */
/* The numbers of a workbook (cbam_internal.h): Excel writes a double's
 * text ("0.20355398249999998"); the passport takes an exact decimal with a
 * documented number of places (spec/cbam-template.md). */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cbam_internal.h"

int dpp_cbam_number_to_decimal(const char *text, unsigned places, dpp_decimal *out)
{
    char buf[48], digits[24];
    const char *p, *e;
    char *end;
    double v;
    int prec, nd = 0, exp10 = 0, keep;
    bool neg, eneg = false;
    int64_t m = 0;
    int8_t ex;

    if (text == NULL || places > 18) return -1;
    while (*text == ' ') text++;
    errno = 0;
    v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v)) return -1;
    if (v == 0.0) {
        *out = (dpp_decimal){0, 0};
        return 0;
    }
    for (prec = 0; prec < 17; prec++) {
        (void)snprintf(buf, sizeof buf, "%.*e", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    neg = buf[0] == '-';
    for (p = buf; *p != '\0' && *p != 'e' && *p != 'E'; p++)
        if (*p >= '0' && *p <= '9' && nd < (int)sizeof digits) digits[nd++] = *p;
    if (*p == '\0' || nd == 0) return -1;
    e = p + 1;
    if (*e == '-' || *e == '+') eneg = *e++ == '-';
    for (; *e >= '0' && *e <= '9'; e++) {
        exp10 = exp10 * 10 + (*e - '0');
        if (exp10 > 400) return -1;
    }
    if (eneg) exp10 = -exp10;
    /* digit i has the weight 10^(exp10 - i); keep those >= 10^-places. */
    keep = exp10 + (int)places + 1;
    if (keep > 18) return -1;
    for (int i = 0; i < keep; i++) m = m * 10 + (i < nd ? digits[i] - '0' : 0);
    if (keep >= 0 && keep < nd && digits[keep] >= '5') m++;
    ex = (int8_t)(-(int)places);
    while (ex < 0 && m % 10 == 0) {
        m /= 10;
        ex++;
    }
    if (m > DPP_DECIMAL_MAX_MANTISSA) return -1;
    out->mantissa = neg ? -m : m;
    out->exponent = ex;
    if (m == 0) out->exponent = 0;
    return 0;
}
