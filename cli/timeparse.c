/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: times and durations on the command line, and
 * times shown to people. */
#include "timeparse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dpp/dpp.h>

#include "util.h"

/* ------------------------------------------------------------------------ */
/* Time                                                                     */
/* ------------------------------------------------------------------------ */

/* Reads exactly n digits at *p. */
static bool digits(const char **p, int n, long *out)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return true;
}

int cli_parse_time(const char *s, int64_t now, int64_t *out)
{
    const char *p = s;
    dpp_date day;
    long h = 0, mi = 0, se = 0, oh = 0, om = 0;
    int sign = 0;
    int64_t t;

    if (strcmp(s, "now") == 0) {
        *out = now;
        return 0;
    }
    if (s[0] == '@') {
        char *end = NULL;
        long long v;
        errno = 0;
        if (s[1] == '\0') return -1;
        v = strtoll(s + 1, &end, 10);
        if (errno != 0 || *end != '\0' || v < 0) return -1;
        *out = (int64_t)v;
        return 0;
    }
    /* The date: a real calendar day of 1970..9999 (libdpp's date type). */
    if (strnlen(s, 10) < 10 || dpp_date_parse(s, 10, &day) != DPP_OK) return -1;
    p += 10;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi)) return -1;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &se)) return -1;
            if (*p == '.' || *p == ',') {
                p++;
                if (*p < '0' || *p > '9') return -1;
                while (*p >= '0' && *p <= '9') p++; /* fractions are dropped */
            }
        }
        if (h > 23 || mi > 59 || se > 60) return -1;
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            sign = *p == '+' ? 1 : -1;
            p++;
            if (!digits(&p, 2, &oh)) return -1;
            if (*p == ':') p++;
            if (*p != '\0' && !digits(&p, 2, &om)) return -1;
            if (oh > 23 || om > 59) return -1;
        }
    }
    if (*p != '\0') return -1;
    t = (int64_t)day * 86400 + h * 3600 + mi * 60 + se;
    t -= sign * (oh * 3600 + om * 60);
    if (t < 0) return -1;
    *out = t;
    return 0;
}

int cli_parse_duration(const char *s, int64_t *out)
{
    char *end = NULL;
    unsigned long long v;
    int64_t mul;
    if (s[0] < '0' || s[0] > '9') return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s) return -1;
    switch (*end) {
    case 's': mul = 1; break;
    case 'm': mul = 60; break;
    case 'h': mul = 3600; break;
    case 'd': mul = 86400; break;
    case 'w': mul = 7 * 86400; break;
    case 'y': mul = 365 * 86400; break;
    default: return -1;
    }
    if (end[1] != '\0' || v == 0 || v > (unsigned long long)(INT64_MAX / mul) / 4) return -1;
    *out = (int64_t)v * mul;
    return 0;
}

void cli_format_time(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (cap == 0) return;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        (void)snprintf(out, cap, "@%lld", (long long)t);
}
