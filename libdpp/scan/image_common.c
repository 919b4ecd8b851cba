/* SPDX-License-Identifier: Apache-2.0 */
/* What the picture decoders share: failure messages, the size limits,
 * box-filter downsampling of rows into a bounded buffer, gray conversion. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

int scan_fail(dpp_diag *d, dpp_err err, size_t offset, const char *fmt, ...)
{
    va_list ap;
    int n;
    d->err = err;
    d->offset = offset;
    d->path[0] = '\0'; /* no passport field: a picture */
    va_start(ap, fmt);
    n = vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    if (n < 0) {
        d->msg[0] = '\0';
    } else if ((size_t)n >= sizeof d->msg) {
        /* cut: never in the middle of a UTF-8 character */
        size_t k = sizeof d->msg - 1;
        while (k > 0 && ((unsigned char)d->msg[k] & 0xc0) == 0x80) k--;
        d->msg[k] = '\0';
    }
    return -1;
}

void scan_diag_clear(dpp_diag *d)
{
    d->err = DPP_OK;
    d->offset = SIZE_MAX;
    d->msg[0] = '\0';
    d->path[0] = '\0';
}

int scan_no_memory(dpp_diag *d) { return scan_fail(d, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory"); }

int scan_check_dims(const char *fmt, unsigned long w, unsigned long h, dpp_diag *d)
{
    if (w == 0 || h == 0 || w > DPP_SCAN_MAX_SIDE || h > DPP_SCAN_MAX_SIDE ||
        (unsigned long long)w * h > DPP_SCAN_MAX_PIXELS)
        return scan_fail(d, w == 0 || h == 0 ? DPP_ERR_IMAGE_CORRUPT : DPP_ERR_IMAGE_TOO_LARGE, SIZE_MAX,
                         "%s image is %lux%lu pixels; the limit is %u pixels per side and %llu megapixels in all", fmt,
                         w, h, DPP_SCAN_MAX_SIDE, DPP_SCAN_MAX_PIXELS / 1000000ull);
    return 0;
}

int scan_refuse_buffered(const char *what, unsigned long w, unsigned long h, dpp_diag *d)
{
    unsigned long long px = (unsigned long long)w * h;
    return scan_fail(d, DPP_ERR_IMAGE_TOO_LARGE, SIZE_MAX,
                     "%s is %lux%lu pixels (%llu.%llu megapixels); such images are read whole, up to %llu megapixels",
                     what, w, h, px / 1000000ull, px % 1000000ull / 100000ull, DPP_SCAN_MAX_BUFFERED / 1000000ull);
}

unsigned scan_shrink_factor(unsigned w, unsigned h, uint64_t max)
{
    unsigned f = 1;
    while ((uint64_t)((w + f - 1) / f) * ((h + f - 1) / f) > max) f++;
    return f;
}

int scan_shrink_init(scan_shrink *s, unsigned w, unsigned h, uint64_t max)
{
    memset(s, 0, sizeof *s);
    s->w = w;
    s->h = h;
    s->f = scan_shrink_factor(w, h, max);
    s->ow = (w + s->f - 1) / s->f;
    s->oh = (h + s->f - 1) / s->f;
    s->out = malloc((size_t)s->ow * s->oh);
    s->acc = calloc(s->ow, sizeof *s->acc);
    if (s->out == NULL || s->acc == NULL) {
        scan_shrink_free(s);
        return -1;
    }
    return 0;
}

void scan_shrink_row(scan_shrink *s, const uint8_t *g)
{
    unsigned rows_in, oy = s->y / s->f, full = s->w / s->f;
    if (s->f == 1) { /* no reduction: a copy */
        memcpy(s->out + (size_t)s->y * s->ow, g, s->w);
        s->y++;
        return;
    }
    /* column sums of the band, f source columns at a time (no division) */
    for (unsigned ox = 0; ox < full; ox++) {
        uint32_t sum = 0;
        for (unsigned k = 0; k < s->f; k++) sum += g[ox * s->f + k];
        s->acc[ox] += sum;
    }
    for (unsigned x = full * s->f; x < s->w; x++) s->acc[full] += g[x];
    s->y++;
    if (s->y % s->f != 0 && s->y != s->h) return;
    rows_in = s->y - oy * s->f;
    if (rows_in == s->f && (s->f & (s->f - 1)) == 0) { /* whole f x f blocks, f a power of 2: a shift */
        unsigned sh = 0, half = s->f * s->f / 2;
        while ((1u << sh) < s->f * s->f) sh++;
        for (unsigned ox = 0; ox < full; ox++) {
            s->out[(size_t)oy * s->ow + ox] = (uint8_t)((s->acc[ox] + half) >> sh);
            s->acc[ox] = 0;
        }
    } else {
        full = 0;
    }
    for (unsigned ox = full; ox < s->ow; ox++) {
        unsigned cols_in = s->w - ox * s->f < s->f ? s->w - ox * s->f : s->f;
        uint32_t n = (uint32_t)cols_in * rows_in;
        s->out[(size_t)oy * s->ow + ox] = (uint8_t)((s->acc[ox] + n / 2) / n);
        s->acc[ox] = 0;
    }
}

void scan_shrink_take(scan_shrink *s, scan_pic *p)
{
    free(s->acc);
    s->acc = NULL;
    p->gray = s->out;
    s->out = NULL;
    p->w = s->ow;
    p->h = s->oh;
    p->scaled = s->f > 1;
}

void scan_shrink_free(scan_shrink *s)
{
    free(s->acc);
    free(s->out);
    s->acc = NULL;
    s->out = NULL;
}

void scan_ga_to_gray(const uint8_t *ga, uint8_t *g, unsigned w)
{
    for (unsigned x = 0; x < w; x++) {
        unsigned v = ga[2 * x], a = ga[2 * x + 1];
        g[x] = (uint8_t)((v * a + 255u * (255u - a) + 127u) / 255u);
    }
}
