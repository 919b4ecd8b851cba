/* SPDX-License-Identifier: Apache-2.0 */
/* TIFF pictures (libtiff), read whole (DPP_SCAN_MAX_BUFFERED), from memory, every libtiff allocation capped at
 * DPP_SCAN_TIFF_MAX_ALLOC. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

#include "image_internal.h"

typedef struct tiff_mem {
    const uint8_t *data;
    size_t len, pos;
    bool short_read;
    char msg[200];
} tiff_mem;

static tmsize_t tiff_read(thandle_t hd, void *buf, tmsize_t n)
{
    tiff_mem *m = (tiff_mem *)hd;
    size_t want = n < 0 ? 0 : (size_t)n, left = m->pos < m->len ? m->len - m->pos : 0;
    size_t k = want < left ? want : left;
    if (k < want) m->short_read = true;
    if (k > 0) memcpy(buf, m->data + m->pos, k);
    m->pos += k;
    return (tmsize_t)k;
}

static tmsize_t tiff_write(thandle_t hd, void *buf, tmsize_t n)
{
    (void)hd;
    (void)buf;
    (void)n;
    return -1;
}

static toff_t tiff_seek(thandle_t hd, toff_t off, int whence)
{
    tiff_mem *m = (tiff_mem *)hd;
    uint64_t base = whence == SEEK_CUR ? m->pos : whence == SEEK_END ? m->len : 0;
    if (off > UINT64_MAX - base || base + off > SIZE_MAX) return (toff_t)-1;
    m->pos = (size_t)(base + off);
    return base + off;
}

static int tiff_close(thandle_t hd)
{
    (void)hd;
    return 0;
}

static toff_t tiff_size(thandle_t hd) { return ((tiff_mem *)hd)->len; }

static int tiff_map(thandle_t hd, void **base, toff_t *size)
{
    (void)hd;
    (void)base;
    (void)size;
    return 0;
}

static void tiff_unmap(thandle_t hd, void *base, toff_t size)
{
    (void)hd;
    (void)base;
    (void)size;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 0)))
#endif
static int
tiff_error(TIFF *t, void *user, const char *module, const char *fmt, va_list ap)
{
    tiff_mem *m = user;
    (void)t;
    (void)module;
    if (m != NULL && m->msg[0] == '\0') (void)vsnprintf(m->msg, sizeof m->msg, fmt, ap);
    return 1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 0)))
#endif
static int
tiff_warning(TIFF *t, void *user, const char *module, const char *fmt, va_list ap)
{
    (void)t;
    (void)user;
    (void)module;
    (void)fmt;
    (void)ap;
    return 1;
}

int scan_tiff(const uint8_t *data, size_t len, uint64_t max, scan_pic *pic, dpp_diag *d)
{
    tiff_mem m;
    TIFFOpenOptions *opts;
    TIFF *t;
    uint32_t tw = 0, th = 0;
    uint32_t *raster = NULL;
    uint8_t *row = NULL;
    scan_shrink s;

    memset(&m, 0, sizeof m);
    m.data = data;
    m.len = len;
    opts = TIFFOpenOptionsAlloc();
    if (opts == NULL) {
        (void)scan_no_memory(d);
        return -1;
    }
    TIFFOpenOptionsSetMaxSingleMemAlloc(opts, DPP_SCAN_TIFF_MAX_ALLOC);
    TIFFOpenOptionsSetErrorHandlerExtR(opts, tiff_error, &m);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, tiff_warning, &m);
    t = TIFFClientOpenExt("image", "rm", (thandle_t)&m, tiff_read, tiff_write, tiff_seek, tiff_close, tiff_size,
                          tiff_map, tiff_unmap, opts);
    TIFFOpenOptionsFree(opts);
    if (t == NULL) {
        if (m.short_read)
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, len,
                            "not a readable TIFF image: truncated (the file ends at byte %zu, inside the header)", len);
        else
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable TIFF image (%s)",
                            m.msg[0] != '\0' ? m.msg : "bad header");
        return -1;
    }
    if (TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &tw) != 1 || TIFFGetField(t, TIFFTAG_IMAGELENGTH, &th) != 1) {
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable TIFF image: no width or length");
        goto fail;
    }
    /* Nothing is decoded yet: check what the directory declares. */
    if (scan_check_dims("TIFF", tw, th, d) != 0) goto fail;
    if ((unsigned long long)tw * th > DPP_SCAN_MAX_BUFFERED) {
        (void)scan_refuse_buffered("TIFF image", tw, th, d);
        goto fail;
    }
    raster = malloc((size_t)tw * th * sizeof *raster);
    row = malloc(tw);
    if (raster == NULL || row == NULL || scan_shrink_init(&s, tw, th, max) != 0) {
        (void)scan_no_memory(d);
        goto fail;
    }
    if (TIFFReadRGBAImageOriented(t, tw, th, raster, ORIENTATION_TOPLEFT, 1) != 1) {
        if (m.short_read)
            (void)scan_fail(
                d, DPP_ERR_IMAGE_CORRUPT, len,
                "not a readable TIFF image: truncated (the file ends at byte %zu, before the end of the image)", len);
        else
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable TIFF image: corrupt data (%s)",
                            m.msg[0] != '\0' ? m.msg : "unreadable");
        scan_shrink_free(&s);
        goto fail;
    }
    for (uint32_t y = 0; y < th; y++) {
        const uint32_t *p = raster + (size_t)y * tw;
        for (uint32_t x = 0; x < tw; x++)
            row[x] = scan_rgba_gray(TIFFGetR(p[x]), TIFFGetG(p[x]), TIFFGetB(p[x]), TIFFGetA(p[x]));
        scan_shrink_row(&s, row);
    }
    TIFFClose(t);
    free(raster);
    free(row);
    scan_shrink_take(&s, pic);
    return 0;
fail:
    TIFFClose(t);
    free(raster);
    free(row);
    return -1;
}
