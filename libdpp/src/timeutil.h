/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_TIMEUTIL_H
#define DPP_TIMEUTIL_H

/*
 * Internal: time comparisons that cannot overflow, and ISO 8601 formatting
 * for messages. Every time in libdpp is int64_t seconds since the epoch and
 * may be anywhere in [INT64_MIN, INT64_MAX] (a caller's "now", a claim, a
 * certificate bound); never write `a + b` or `a - b` on two of them.
 */

#include <stdbool.h>
#include <stdint.h>

/** Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12,
 *  d 1..31; not checked: callers validate the date first). The one civil
 *  calendar conversion of libdpp, with dpp_civil_from_days(). */
int64_t dpp_days_from_civil(int64_t y, unsigned m, unsigned d);
/** The date of day `days` since 1970-01-01 (any value with |days| < 2^60). */
void dpp_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/** Room for any dpp_time_iso() result, NUL included. */
#define DPP_TIME_ISO_LEN 32

/** t > base + slack, for slack >= 0, without computing base + slack when it
 *  would overflow (then nothing is later). */
static inline bool dpp_time_after(int64_t t, int64_t base, int64_t slack)
{
    if (slack < 0) slack = 0;
    if (base > INT64_MAX - slack) return false;
    return t > base + slack;
}

/** later - earlier for later >= earlier, exact as an unsigned number. */
static inline uint64_t dpp_time_diff(int64_t later, int64_t earlier)
{
    return (uint64_t)later - (uint64_t)earlier;
}

/**
 * Writes t as "YYYY-MM-DDTHH:MM:SSZ" (UTC, proleptic Gregorian) into out and
 * returns out. Years outside 0000..9999 use ISO 8601's expanded form with a
 * sign ("+292277026596-12-04T15:30:07Z"); every int64_t has a result. No
 * libc time functions, no shared state.
 */
const char *dpp_time_iso(int64_t t, char out[DPP_TIME_ISO_LEN]);

#endif /* DPP_TIMEUTIL_H */
