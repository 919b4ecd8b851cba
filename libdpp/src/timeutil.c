/* SPDX-License-Identifier: Apache-2.0 */
#include "timeutil.h"

#include <stdio.h>

const char *dpp_time_iso(int64_t t, char out[DPP_TIME_ISO_LEN])
{
    /* Floor division: the time of day is always 0..86399. */
    int64_t days = t / 86400, sod = t % 86400;
    int64_t z, era, doe, yoe, doy, mp, y;
    unsigned m, d;

    if (sod < 0) {
        sod += 86400;
        days -= 1;
    }
    /* Days since 0000-03-01 split into 400-year eras of 146097 days. |days|
     * is below 2^47, so nothing here comes near the int64_t range. */
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;                                      /* 0..146096 */
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0..365 */
    mp = (5 * doy + 2) / 153;                                    /* 0..11, March first */
    d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    y = yoe + era * 400 + (m <= 2 ? 1 : 0);

    if (y >= 0 && y <= 9999)
        (void)snprintf(out, DPP_TIME_ISO_LEN, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d,
                       (unsigned)(sod / 3600), (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
    else
        (void)snprintf(out, DPP_TIME_ISO_LEN, "%+05lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d,
                       (unsigned)(sod / 3600), (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
    return out;
}
