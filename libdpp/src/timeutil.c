/* SPDX-License-Identifier: Apache-2.0 */
#include "timeutil.h"

#include <stdio.h>

/* Both conversions count days from 0000-03-01 in 400-year eras of 146097
 * days, with March as the first month, so a leap day is the era's last. */
int64_t dpp_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;                                                        /* 0..399 */
    doy = (153 * ((int64_t)m + (m > 2 ? -3 : 9)) + 2) / 5 + (int64_t)d - 1;     /* 0..365 */
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                                /* 0..146096 */
    return era * 146097 + doe - 719468;
}

void dpp_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + 719468, era, doe, yoe, doy, mp;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;                                      /* 0..146096 */
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0..365 */
    mp = (5 * doy + 2) / 153;                                    /* 0..11, March first */
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

const char *dpp_time_iso(int64_t t, char out[DPP_TIME_ISO_LEN])
{
    /* Floor division: the time of day is always 0..86399. |days| is below
     * 2^47, so nothing comes near the int64_t range. */
    int64_t days = t / 86400, sod = t % 86400, y;
    unsigned m, d;

    if (sod < 0) {
        sod += 86400;
        days -= 1;
    }
    dpp_civil_from_days(days, &y, &m, &d);
    if (y >= 0 && y <= 9999)
        (void)snprintf(out, DPP_TIME_ISO_LEN, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d,
                       (unsigned)(sod / 3600), (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
    else
        (void)snprintf(out, DPP_TIME_ISO_LEN, "%+05lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d,
                       (unsigned)(sod / 3600), (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
    return out;
}
