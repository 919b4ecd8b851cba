/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Pictures of labels: PNG (libpng), JPEG (libjpeg, EXIF orientation
 * applied), WebP (libwebp), TIFF (libtiff), BMP (parsed here), GIF (giflib,
 * first frame) and HEIF/HEIC (libheif) decoded to 8-bit grayscale, then
 * scanned for QR codes (ZXing-C++, zbar). TIFF, GIF, HEIF and lossless (or
 * alpha) WebP are decoded whole, so they have the lower limit
 * CLI_IMAGE_MAX_BUFFERED, checked on the header's dimensions like the others.
 *
 * Pictures are untrusted and small files can declare huge images, so:
 *  - the declared dimensions are checked straight after the header, before
 *    any pixel buffer exists (CLI_IMAGE_MAX_SIDE, CLI_IMAGE_MAX_PIXELS);
 *  - large photos are decoded at a reduced scale (JPEG: libjpeg's N/8 IDCT
 *    scaling; PNG: row by row, box-filtered into a bounded buffer), so the
 *    decoded picture has at most CLI_IMAGE_MAX_DECODED pixels;
 *  - formats that are buffered whole (progressive/multi-scan JPEG,
 *    interlaced PNG) have a lower limit, CLI_IMAGE_MAX_BUFFERED, and libjpeg
 *    a memory cap; a JPEG may have at most CLI_IMAGE_MAX_SCANS scans;
 *  - the end of the data inside the image is an error ("truncated"), as is
 *    corrupt entropy-coded data, not a picture with a grey bottom.
 *
 * With DPP_IMAGE_DECODE_ONLY only cli_image_gray() is compiled (no zbar):
 * the fuzz target fuzz/fuzz_image.c builds this file that way.
 */
#include "image.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DPP_IMAGE_DECODE_ONLY
#include "common.h"
#include "util.h"
#endif

#if defined(DPP_CLI_HAVE_IMAGE) || defined(DPP_IMAGE_DECODE_ONLY)
#include <jerror.h>
#include <jpeglib.h>
#include <png.h>
#include <stdarg.h>
#ifdef DPP_CLI_HAVE_WEBP
#include <webp/decode.h>
#endif
#ifdef DPP_CLI_HAVE_TIFF
#include <tiffio.h>
#endif
#ifdef DPP_CLI_HAVE_GIF
#include <gif_lib.h>
#endif
#ifdef DPP_CLI_HAVE_HEIF
#include <libheif/heif.h>
#endif

/* Refuses declared dimensions over the hard limits. */
static int check_dims(const char *fmt, unsigned long w, unsigned long h, char *msg, size_t cap)
{
    if (w == 0 || h == 0 || w > CLI_IMAGE_MAX_SIDE || h > CLI_IMAGE_MAX_SIDE ||
        (unsigned long long)w * h > CLI_IMAGE_MAX_PIXELS) {
        (void)snprintf(msg, cap, "%s image is %lux%lu pixels; the limit is %u pixels per side and %llu megapixels in all",
                       fmt, w, h, CLI_IMAGE_MAX_SIDE, CLI_IMAGE_MAX_PIXELS / 1000000ull);
        return -1;
    }
    return 0;
}

static int refuse_buffered(const char *what, unsigned long w, unsigned long h, char *msg, size_t cap)
{
    unsigned long long px = (unsigned long long)w * h;
    (void)snprintf(msg, cap, "%s is %lux%lu pixels (%llu.%llu megapixels); such images are read whole, up to %llu megapixels",
                   what, w, h, px / 1000000ull, px % 1000000ull / 100000ull, CLI_IMAGE_MAX_BUFFERED / 1000000ull);
    return -1;
}

/* ---- Box-filter downsampling of grayscale rows into a bounded buffer ---- */

typedef struct shrink {
    unsigned w, h, f;      /* source size, factor */
    unsigned ow, oh;       /* output size */
    unsigned y;            /* source rows taken */
    uint32_t *acc;         /* per output column: sum of the current band */
    uint8_t *out;
} shrink;

/* Smallest integer factor f with ceil(w/f) * ceil(h/f) <= max. */
static unsigned shrink_factor(unsigned w, unsigned h, unsigned long long max)
{
    unsigned f = 1;
    while ((unsigned long long)((w + f - 1) / f) * ((h + f - 1) / f) > max) f++;
    return f;
}

/* Adds one source row of gray values; emits an output row every f rows. */
static void shrink_row(shrink *s, const uint8_t *g)
{
    unsigned rows_in, oy = s->y / s->f;
    for (unsigned x = 0; x < s->w; x++) s->acc[x / s->f] += g[x];
    s->y++;
    if (s->y % s->f != 0 && s->y != s->h) return;
    rows_in = s->y - oy * s->f;
    for (unsigned ox = 0; ox < s->ow; ox++) {
        unsigned cols_in = s->w - ox * s->f < s->f ? s->w - ox * s->f : s->f;
        uint32_t n = (uint32_t)cols_in * rows_in;
        s->out[(size_t)oy * s->ow + ox] = (uint8_t)((s->acc[ox] + n / 2) / n);
        s->acc[ox] = 0;
    }
}

/* Gray + alpha (8 bits each) composited onto white. */
static void ga_to_gray(const uint8_t *ga, uint8_t *g, unsigned w)
{
    for (unsigned x = 0; x < w; x++) {
        unsigned v = ga[2 * x], a = ga[2 * x + 1];
        g[x] = (uint8_t)((v * a + 255u * (255u - a) + 127u) / 255u);
    }
}

/* ---- PNG ---- */

typedef struct png_ctx {
    const uint8_t *data;
    size_t len, pos;
    bool truncated;
    char msg[200];
} png_ctx;

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
    png_ctx *c = png_get_io_ptr(png);
    if (n > c->len - c->pos) {
        c->truncated = true;
        png_error(png, "truncated");
    }
    memcpy(out, c->data + c->pos, n);
    c->pos += n;
}

static void png_fail(png_structp png, png_const_charp m)
{
    png_ctx *c = png_get_error_ptr(png);
    (void)snprintf(c->msg, sizeof c->msg, "%s", m != NULL ? m : "error");
    png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp m)
{
    (void)png;
    (void)m;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int png_gray(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w, unsigned *h,
                    bool *scaled, char *msg, size_t cap)
{
    png_ctx c;
    png_structp png = NULL;
    png_infop info = NULL;
    shrink s;
    uint8_t *volatile out = NULL, *volatile row = NULL, *volatile grow = NULL, *volatile whole = NULL;
    uint32_t *volatile acc = NULL;
    png_bytep *volatile rows = NULL;
    png_uint_32 pw, ph;
    int ctype, interlace;

    /* IHDR is the first chunk: check its dimensions before libpng runs. */
    if (len >= 24 && memcmp(data + 12, "IHDR", 4) == 0 && check_dims("PNG", be32(data + 16), be32(data + 20), msg, cap) != 0)
        return -1;
    memset(&c, 0, sizeof c);
    c.data = data;
    c.len = len;
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &c, png_fail, png_quiet);
    if (png != NULL) info = png_create_info_struct(png);
    if (png == NULL || info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        (void)snprintf(msg, cap, "out of memory");
        return -1;
    }
    if (setjmp(png_jmpbuf(png)) != 0) {
        if (c.truncated)
            (void)snprintf(msg, cap, "not a readable PNG image: truncated (the file ends at byte %zu, before the end of the image)",
                           len);
        else if (strcmp(c.msg, "Not enough image data") == 0) /* the IDAT chunks end too soon */
            (void)snprintf(msg, cap,
                           "not a readable PNG image: truncated (the image data ends at byte %zu of %zu, before the "
                           "end of the image)",
                           c.pos, len);
        else
            (void)snprintf(msg, cap, "not a readable PNG image (%s)", c.msg);
        png_destroy_read_struct(&png, &info, NULL);
        free(out);
        free(row);
        free(grow);
        free(whole);
        free(acc);
        free(rows);
        return -1;
    }
    png_set_read_fn(png, &c, png_read_mem);
    png_set_user_limits(png, CLI_IMAGE_MAX_SIDE, CLI_IMAGE_MAX_SIDE);
    png_set_chunk_cache_max(png, CLI_IMAGE_PNG_MAX_CHUNKS);
    png_set_chunk_malloc_max(png, CLI_IMAGE_PNG_MAX_CHUNK);
    png_read_info(png, info);
    pw = png_get_image_width(png, info);
    ph = png_get_image_height(png, info);
    ctype = png_get_color_type(png, info);
    interlace = png_get_interlace_type(png, info);
    if (check_dims("PNG", pw, ph, msg, cap) != 0) goto refuse;
    if (interlace != PNG_INTERLACE_NONE && (unsigned long long)pw * ph > CLI_IMAGE_MAX_BUFFERED) {
        (void)refuse_buffered("interlaced PNG image", pw, ph, msg, cap);
        goto refuse;
    }
    /* Any layout to 8-bit gray + alpha. */
    png_set_expand(png);
    png_set_scale_16(png);
    if ((ctype & PNG_COLOR_MASK_COLOR) != 0) png_set_rgb_to_gray_fixed(png, 1, -1, -1);
    if ((ctype & PNG_COLOR_MASK_ALPHA) == 0 && !png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    (void)png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_channels(png, info) != 2 || png_get_bit_depth(png, info) != 8 ||
        png_get_rowbytes(png, info) != (size_t)pw * 2) {
        (void)snprintf(msg, cap, "PNG image: unsupported pixel layout (colour type %d)", ctype);
        goto refuse;
    }
    memset(&s, 0, sizeof s);
    s.w = pw;
    s.h = ph;
    s.f = shrink_factor(pw, ph, max);
    s.ow = (pw + s.f - 1) / s.f;
    s.oh = (ph + s.f - 1) / s.f;
    out = malloc((size_t)s.ow * s.oh);
    acc = calloc(s.ow, sizeof *acc);
    grow = malloc(pw);
    if (interlace == PNG_INTERLACE_NONE) {
        row = malloc((size_t)pw * 2);
    } else {
        whole = malloc((size_t)pw * ph * 2);
        rows = malloc((size_t)ph * sizeof *rows);
    }
    if (out == NULL || acc == NULL || grow == NULL || (row == NULL && (whole == NULL || rows == NULL))) {
        (void)snprintf(msg, cap, "out of memory");
        goto refuse;
    }
    s.out = out;
    s.acc = acc;
    if (interlace == PNG_INTERLACE_NONE) {
        for (png_uint_32 y = 0; y < ph; y++) {
            png_read_row(png, row, NULL);
            ga_to_gray(row, grow, pw);
            shrink_row(&s, grow);
        }
    } else {
        for (png_uint_32 y = 0; y < ph; y++) rows[y] = whole + (size_t)y * pw * 2;
        png_read_image(png, rows);
        for (png_uint_32 y = 0; y < ph; y++) {
            ga_to_gray(rows[y], grow, pw);
            shrink_row(&s, grow);
        }
    }
    png_destroy_read_struct(&png, &info, NULL);
    free(row);
    free(grow);
    free(whole);
    free(acc);
    free(rows);
    *gray = out;
    *w = s.ow;
    *h = s.oh;
    *scaled = s.f > 1;
    return 0;
refuse:
    png_destroy_read_struct(&png, &info, NULL);
    free(out);
    free(row);
    free(grow);
    free(whole);
    free(acc);
    free(rows);
    return -1;
}

/* ---- JPEG ---- */

enum { JPEG_FAIL_ERROR = 0, JPEG_FAIL_TRUNCATED, JPEG_FAIL_CORRUPT, JPEG_FAIL_SCANS };

typedef struct jpeg_ctx {
    struct jpeg_error_mgr pub; /* first: libjpeg's err pointer is this struct */
    struct jpeg_progress_mgr progress;
    jmp_buf jb;
    int kind;
    size_t len, end; /* file length; where the image data ends (truncated) */
    char msg[JMSG_LENGTH_MAX];
} jpeg_ctx;

static void jpeg_fail(j_common_ptr ci)
{
    jpeg_ctx *c = (jpeg_ctx *)(void *)ci->err;
    (*ci->err->format_message)(ci, c->msg);
    longjmp(c->jb, 1);
}

/* Warnings about the data are errors: libjpeg would go on with grey pixels.
 * Trace messages (level >= 0) and harmless warnings are ignored. */
static void jpeg_message(j_common_ptr ci, int level)
{
    jpeg_ctx *c = (jpeg_ctx *)(void *)ci->err;
    int code = ci->err->msg_code;
    if (level >= 0) return;
    if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER) {
        /* The file ends, or a marker comes, before the image data does. */
        c->kind = JPEG_FAIL_TRUNCATED;
        if (code == JWRN_HIT_MARKER && ci->is_decompressor) {
            const struct jpeg_source_mgr *src = ((j_decompress_ptr)(void *)ci)->src;
            if (src != NULL && src->bytes_in_buffer <= c->len) c->end = c->len - src->bytes_in_buffer;
        }
        longjmp(c->jb, 1);
    }
    if (code == JWRN_MUST_RESYNC || code == JWRN_HUFF_BAD_CODE ||
        code == JWRN_NOT_SEQUENTIAL || code == JWRN_BOGUS_PROGRESSION) {
        c->kind = JPEG_FAIL_CORRUPT;
        (*ci->err->format_message)(ci, c->msg);
        longjmp(c->jb, 1);
    }
}

/* Called once per row of blocks while scans are read: bounds their number. */
static void jpeg_progress(j_common_ptr ci)
{
    jpeg_ctx *c = (jpeg_ctx *)(void *)ci->err;
    if (ci->is_decompressor && ((j_decompress_ptr)(void *)ci)->input_scan_number > CLI_IMAGE_MAX_SCANS) {
        c->kind = JPEG_FAIL_SCANS;
        longjmp(c->jb, 1);
    }
}

static int exif_orientation(const uint8_t *d, size_t n);
static uint8_t *orient_gray(const uint8_t *g, unsigned *w, unsigned *h, int o);

static int jpeg_gray(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w, unsigned *h,
                     bool *scaled, int *orient, char *msg, size_t cap)
{
    struct jpeg_decompress_struct ci;
    jpeg_ctx c;
    uint8_t *volatile buf = NULL;
    unsigned num;

    memset(&ci, 0, sizeof ci);
    memset(&c, 0, sizeof c);
    ci.err = jpeg_std_error(&c.pub);
    c.pub.error_exit = jpeg_fail;
    c.pub.emit_message = jpeg_message;
    c.progress.progress_monitor = jpeg_progress;
    c.len = c.end = len;
    if (setjmp(c.jb) != 0) {
        switch (c.kind) {
        case JPEG_FAIL_TRUNCATED:
            if (c.end < len)
                (void)snprintf(msg, cap,
                               "not a readable JPEG image: truncated (the image data ends at byte %zu of %zu, before "
                               "the end of the image)",
                               c.end, len);
            else
                (void)snprintf(msg, cap,
                               "not a readable JPEG image: truncated (the file ends at byte %zu, before the end of the "
                               "image)",
                               len);
            break;
        case JPEG_FAIL_CORRUPT: (void)snprintf(msg, cap, "not a readable JPEG image: corrupt data (%s)", c.msg); break;
        case JPEG_FAIL_SCANS:
            (void)snprintf(msg, cap, "not a readable JPEG image: more than %d scans (the limit)", CLI_IMAGE_MAX_SCANS);
            break;
        default: (void)snprintf(msg, cap, "not a readable JPEG image (%s)", c.msg); break;
        }
        jpeg_destroy_decompress(&ci);
        free(buf);
        return -1;
    }
    jpeg_create_decompress(&ci);
    ci.mem->max_memory_to_use = CLI_IMAGE_JPEG_MAX_MEMORY;
    ci.progress = &c.progress;
    jpeg_mem_src(&ci, data, (unsigned long)len);
    /* APP1 segments (at most 64 KiB each, within the file): EXIF orientation */
    jpeg_save_markers(&ci, JPEG_APP0 + 1, 0xffff);
    (void)jpeg_read_header(&ci, TRUE);
    *orient = 1;
    for (jpeg_saved_marker_ptr mk = ci.marker_list; mk != NULL && *orient == 1; mk = mk->next)
        if (mk->marker == JPEG_APP0 + 1 && mk->data != NULL) *orient = exif_orientation(mk->data, mk->data_length);
    /* Nothing large is allocated yet: check what the header declares. */
    if (check_dims("JPEG", ci.image_width, ci.image_height, msg, cap) != 0) goto refuse;
    if (jpeg_has_multiple_scans(&ci) &&
        (unsigned long long)ci.image_width * ci.image_height > CLI_IMAGE_MAX_BUFFERED) {
        (void)refuse_buffered(ci.progressive_mode ? "progressive JPEG image" : "multi-scan JPEG image", ci.image_width,
                              ci.image_height, msg, cap);
        goto refuse;
    }
    ci.out_color_space = JCS_GRAYSCALE;
    /* Largest N/8 scale whose output fits max (1/8 always fits
     * CLI_IMAGE_MAX_DECODED, given CLI_IMAGE_MAX_PIXELS). */
    for (num = 8; num > 1; num--) {
        unsigned long long ow = ((unsigned long long)ci.image_width * num + 7) / 8;
        unsigned long long oh = ((unsigned long long)ci.image_height * num + 7) / 8;
        if (ow * oh <= max) break;
    }
    ci.scale_num = num;
    ci.scale_denom = 8;
    jpeg_calc_output_dimensions(&ci);
    if (ci.output_components != 1 ||
        (unsigned long long)ci.output_width * ci.output_height > CLI_IMAGE_MAX_DECODED) {
        (void)snprintf(msg, cap, "JPEG image cannot be read as grayscale (%d components)", ci.num_components);
        goto refuse;
    }
    (void)jpeg_start_decompress(&ci);
    buf = malloc((size_t)ci.output_width * ci.output_height);
    if (buf == NULL) {
        (void)snprintf(msg, cap, "out of memory");
        goto refuse;
    }
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW row = buf + (size_t)ci.output_scanline * ci.output_width;
        if (jpeg_read_scanlines(&ci, &row, 1) != 1) {
            /* Only a suspending source returns 0 rows; the memory source never does. */
            (void)snprintf(msg, cap, "not a readable JPEG image: no data for row %u", ci.output_scanline);
            goto refuse;
        }
    }
    *w = ci.output_width;
    *h = ci.output_height;
    *scaled = num < 8;
    if (*orient > 1) {
        uint8_t *turned = orient_gray(buf, w, h, *orient);
        if (turned == NULL) {
            (void)snprintf(msg, cap, "out of memory");
            goto refuse;
        }
        free(buf);
        buf = turned;
    }
    /* Not jpeg_finish_decompress(): every row is read; what follows the
     * image (a missing EOI, trailing bytes) does not matter. */
    jpeg_destroy_decompress(&ci);
    *gray = buf;
    return 0;
refuse:
    jpeg_destroy_decompress(&ci);
    free(buf);
    return -1;
}

/* ---- Helpers for the formats below ---- */

static int shrink_init(shrink *s, unsigned w, unsigned h, unsigned long long max)
{
    memset(s, 0, sizeof *s);
    s->w = w;
    s->h = h;
    s->f = shrink_factor(w, h, max);
    s->ow = (w + s->f - 1) / s->f;
    s->oh = (h + s->f - 1) / s->f;
    s->out = malloc((size_t)s->ow * s->oh);
    s->acc = calloc(s->ow, sizeof *s->acc);
    if (s->out == NULL || s->acc == NULL) {
        free(s->out);
        free(s->acc);
        s->out = NULL;
        s->acc = NULL;
        return -1;
    }
    return 0;
}

static void shrink_take(shrink *s, uint8_t **gray, unsigned *w, unsigned *h, bool *scaled)
{
    free(s->acc);
    s->acc = NULL;
    *gray = s->out;
    s->out = NULL;
    *w = s->ow;
    *h = s->oh;
    *scaled = s->f > 1;
}

static void shrink_free(shrink *s)
{
    free(s->acc);
    free(s->out);
    s->acc = NULL;
    s->out = NULL;
}

/* Colour with alpha to gray (Rec. 601 luma), composited onto white. */
static uint8_t rgba_gray(unsigned r, unsigned g, unsigned b, unsigned a)
{
    unsigned v = (r * 299u + g * 587u + b * 114u + 500u) / 1000u;
    return (uint8_t)((v * a + 255u * (255u - a) + 127u) / 255u);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[1] << 8 | p[0]);
}

/* ---- JPEG EXIF orientation ---- */

/* The orientation (1..8) of an APP1 "Exif" segment's IFD0, 1 when there is
 * none or it is malformed; every offset is checked against the segment. */
static int exif_orientation(const uint8_t *d, size_t n)
{
    bool le;
    uint32_t ifd;
    unsigned count;
    if (n < 6 + 8 || memcmp(d, "Exif\0\0", 6) != 0) return 1;
    d += 6;
    n -= 6;
    if (d[0] == 'I' && d[1] == 'I') le = true;
    else if (d[0] == 'M' && d[1] == 'M') le = false;
    else return 1;
    if ((le ? le16(d + 2) : (uint16_t)(d[2] << 8 | d[3])) != 42) return 1;
    ifd = le ? le32(d + 4) : be32(d + 4);
    if (ifd > n - 2) return 1;
    count = le ? le16(d + ifd) : (unsigned)(d[ifd] << 8 | d[ifd + 1]);
    for (unsigned i = 0; i < count; i++) {
        size_t e = (size_t)ifd + 2 + (size_t)12 * i;
        unsigned tag, type, v;
        uint32_t cnt;
        if (e + 12 > n) break;
        tag = le ? le16(d + e) : (unsigned)(d[e] << 8 | d[e + 1]);
        if (tag != 0x0112) continue;
        type = le ? le16(d + e + 2) : (unsigned)(d[e + 2] << 8 | d[e + 3]);
        cnt = le ? le32(d + e + 4) : be32(d + e + 4);
        if (type != 3 || cnt != 1) return 1;
        v = le ? le16(d + e + 8) : (unsigned)(d[e + 8] << 8 | d[e + 9]);
        return v >= 1 && v <= 8 ? (int)v : 1;
    }
    return 1;
}

/* The picture as it is meant to be seen: orientation o (2..8) applied.
 * Returns the new buffer (w, h updated) or NULL (out of memory). */
static uint8_t *orient_gray(const uint8_t *g, unsigned *w, unsigned *h, int o)
{
    unsigned sw = *w, sh = *h, ow = o >= 5 ? sh : sw, oh = o >= 5 ? sw : sh;
    uint8_t *out = malloc((size_t)sw * sh);
    if (out == NULL) return NULL;
    for (unsigned y = 0; y < oh; y++)
        for (unsigned x = 0; x < ow; x++) {
            unsigned sx, sy;
            switch (o) {
            case 2: sx = sw - 1 - x; sy = y; break;
            case 3: sx = sw - 1 - x; sy = sh - 1 - y; break;
            case 4: sx = x; sy = sh - 1 - y; break;
            case 5: sx = y; sy = x; break;
            case 6: sx = y; sy = sh - 1 - x; break;
            case 7: sx = sw - 1 - y; sy = sh - 1 - x; break;
            case 8: sx = sw - 1 - y; sy = x; break;
            default: sx = x; sy = y; break;
            }
            out[(size_t)y * ow + x] = g[(size_t)sy * sw + sx];
        }
    *w = ow;
    *h = oh;
    return out;
}

/* ---- BMP (parsed here: uncompressed 8-bit palette, 24- and 32-bit) ---- */

static int bmp_gray(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w, unsigned *h,
                    bool *scaled, char *msg, size_t cap)
{
    uint32_t off, dib, comp, ncol = 0;
    int32_t bw, bh;
    unsigned bpp, uw, uh;
    unsigned long long stride, need;
    uint8_t pal[256];
    uint8_t *row = NULL;
    shrink s;

    if (len < 14 + 40) {
        (void)snprintf(msg, cap, "not a readable BMP image: truncated (the file ends at byte %zu, inside the 54-byte headers)",
                       len);
        return -1;
    }
    off = le32(data + 10);
    dib = le32(data + 14);
    if (dib < 40 || dib > 124) {
        (void)snprintf(msg, cap, "BMP image: unsupported info header of %u bytes (40 to 124 are read)", (unsigned)dib);
        return -1;
    }
    bw = (int32_t)le32(data + 18);
    bh = (int32_t)le32(data + 22);
    if (bw <= 0 || bh == 0 || bh == INT32_MIN) {
        (void)snprintf(msg, cap, "BMP image is %ldx%ld pixels: not a valid size", (long)bw, (long)bh);
        return -1;
    }
    uw = (unsigned)bw;
    uh = bh < 0 ? (unsigned)-bh : (unsigned)bh;
    if (check_dims("BMP", uw, uh, msg, cap) != 0) return -1;
    bpp = le16(data + 28);
    comp = le32(data + 30);
    if (le16(data + 26) != 1) {
        (void)snprintf(msg, cap, "not a readable BMP image: %u planes (1 expected)", (unsigned)le16(data + 26));
        return -1;
    }
    if (comp != 0) {
        (void)snprintf(msg, cap, "BMP image: compression %u is not supported (uncompressed 8-, 24- and 32-bit images are read)",
                       (unsigned)comp);
        return -1;
    }
    if (bpp != 8 && bpp != 24 && bpp != 32) {
        (void)snprintf(msg, cap, "BMP image: %u bits per pixel is not supported (8, 24 and 32 are)", bpp);
        return -1;
    }
    if (bpp == 8) {
        ncol = le32(data + 46);
        if (ncol == 0) ncol = 256;
        if (ncol > 256) {
            (void)snprintf(msg, cap, "not a readable BMP image: palette of %u colours (at most 256)", (unsigned)ncol);
            return -1;
        }
        if ((unsigned long long)14 + dib + 4ull * ncol > off) {
            (void)snprintf(msg, cap, "not a readable BMP image: the palette overlaps the pixels (which start at byte %u)",
                           (unsigned)off);
            return -1;
        }
        if ((unsigned long long)14 + dib + 4ull * ncol > len) {
            (void)snprintf(msg, cap, "not a readable BMP image: truncated (the file ends at byte %zu, inside the palette)", len);
            return -1;
        }
        for (uint32_t i = 0; i < ncol; i++) {
            const uint8_t *p = data + 14 + dib + 4 * i;
            pal[i] = rgba_gray(p[2], p[1], p[0], 255);
        }
    } else if ((unsigned long long)14 + dib > off) {
        (void)snprintf(msg, cap, "not a readable BMP image: the pixels start at byte %u, inside the headers", (unsigned)off);
        return -1;
    }
    stride = ((unsigned long long)uw * bpp + 31) / 32 * 4;
    need = (unsigned long long)off + stride * uh;
    if (need > len) {
        (void)snprintf(msg, cap, "not a readable BMP image: truncated (the file ends at byte %zu; the pixels end at byte %llu)",
                       len, need);
        return -1;
    }
    row = malloc(uw);
    if (row == NULL || shrink_init(&s, uw, uh, max) != 0) {
        free(row);
        (void)snprintf(msg, cap, "out of memory");
        return -1;
    }
    for (unsigned y = 0; y < uh; y++) {
        const uint8_t *p = data + off + stride * (bh < 0 ? y : uh - 1 - y);
        for (unsigned x = 0; x < uw; x++) {
            if (bpp == 8) {
                if (p[x] >= ncol) {
                    (void)snprintf(msg, cap, "not a readable BMP image: colour %u of row %u is beyond the palette of %u",
                                   p[x], y, (unsigned)ncol);
                    free(row);
                    shrink_free(&s);
                    return -1;
                }
                row[x] = pal[p[x]];
            } else {
                const uint8_t *q = p + (size_t)x * (bpp / 8);
                row[x] = rgba_gray(q[2], q[1], q[0], 255);
            }
        }
        shrink_row(&s, row);
    }
    free(row);
    shrink_take(&s, gray, w, h, scaled);
    return 0;
}

/* ---- WebP (libwebp) ---- */
#ifdef DPP_CLI_HAVE_WEBP
static int webp_gray(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w, unsigned *h,
                     bool *scaled, char *msg, size_t cap)
{
    WebPDecoderConfig cfg;
    VP8StatusCode st;
    int iw = 0, ih = 0;
    unsigned f, ow, oh;
    uint8_t *out;

    if (!WebPInitDecoderConfig(&cfg)) {
        (void)snprintf(msg, cap, "WebP decoder version mismatch");
        return -1;
    }
    st = WebPGetFeatures(data, len, &cfg.input);
    if (st == VP8_STATUS_NOT_ENOUGH_DATA) {
        (void)snprintf(msg, cap, "not a readable WebP image: truncated (the file ends at byte %zu, inside the header)", len);
        return -1;
    }
    if (st != VP8_STATUS_OK || !WebPGetInfo(data, len, &iw, &ih)) {
        (void)snprintf(msg, cap, "not a readable WebP image (bad header, status %d)", (int)st);
        return -1;
    }
    /* Nothing is decoded yet: check what the header declares. */
    if (check_dims("WebP", (unsigned long)iw, (unsigned long)ih, msg, cap) != 0) return -1;
    if (cfg.input.has_animation) {
        (void)snprintf(msg, cap, "WebP image: animated images are not supported");
        return -1;
    }
    /* Lossless pictures and alpha planes are decoded whole. */
    if ((cfg.input.format == 2 || cfg.input.has_alpha) && (unsigned long long)iw * (unsigned)ih > CLI_IMAGE_MAX_BUFFERED)
        return refuse_buffered(cfg.input.format == 2 ? "lossless WebP image" : "WebP image with alpha", (unsigned long)iw,
                               (unsigned long)ih, msg, cap);
    f = shrink_factor((unsigned)iw, (unsigned)ih, max);
    ow = ((unsigned)iw + f - 1) / f;
    oh = ((unsigned)ih + f - 1) / f;
    if (f > 1) {
        cfg.options.use_scaling = 1;
        cfg.options.scaled_width = (int)ow;
        cfg.options.scaled_height = (int)oh;
    }
    cfg.output.colorspace = MODE_RGBA;
    st = WebPDecode(data, len, &cfg);
    if (st != VP8_STATUS_OK) {
        if (st == VP8_STATUS_NOT_ENOUGH_DATA)
            (void)snprintf(msg, cap, "not a readable WebP image: truncated (the file ends at byte %zu, before the end of the image)",
                           len);
        else
            (void)snprintf(msg, cap, "not a readable WebP image: corrupt data (status %d)", (int)st);
        WebPFreeDecBuffer(&cfg.output);
        return -1;
    }
    if (cfg.output.width != (int)ow || cfg.output.height != (int)oh) {
        WebPFreeDecBuffer(&cfg.output);
        (void)snprintf(msg, cap, "not a readable WebP image: decoded size differs from the header");
        return -1;
    }
    out = malloc((size_t)ow * oh);
    if (out == NULL) {
        WebPFreeDecBuffer(&cfg.output);
        (void)snprintf(msg, cap, "out of memory");
        return -1;
    }
    for (unsigned y = 0; y < oh; y++) {
        const uint8_t *p = cfg.output.u.RGBA.rgba + (size_t)y * (size_t)cfg.output.u.RGBA.stride;
        for (unsigned x = 0; x < ow; x++, p += 4) out[(size_t)y * ow + x] = rgba_gray(p[0], p[1], p[2], p[3]);
    }
    WebPFreeDecBuffer(&cfg.output);
    *gray = out;
    *w = ow;
    *h = oh;
    *scaled = f > 1;
    return 0;
}
#endif

/* ---- TIFF (libtiff) ---- */
#ifdef DPP_CLI_HAVE_TIFF
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

static toff_t tiff_size(thandle_t hd)
{
    return ((tiff_mem *)hd)->len;
}

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
static int tiff_error(TIFF *t, void *user, const char *module, const char *fmt, va_list ap)
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
static int tiff_warning(TIFF *t, void *user, const char *module, const char *fmt, va_list ap)
{
    (void)t;
    (void)user;
    (void)module;
    (void)fmt;
    (void)ap;
    return 1;
}

static int tiff_gray(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w, unsigned *h,
                     bool *scaled, char *msg, size_t cap)
{
    tiff_mem m;
    TIFFOpenOptions *opts;
    TIFF *t;
    uint32_t tw = 0, th = 0;
    uint32_t *raster = NULL;
    uint8_t *row = NULL;
    shrink s;

    memset(&m, 0, sizeof m);
    m.data = data;
    m.len = len;
    opts = TIFFOpenOptionsAlloc();
    if (opts == NULL) {
        (void)snprintf(msg, cap, "out of memory");
        return -1;
    }
    TIFFOpenOptionsSetMaxSingleMemAlloc(opts, CLI_IMAGE_TIFF_MAX_ALLOC);
    TIFFOpenOptionsSetErrorHandlerExtR(opts, tiff_error, &m);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, tiff_warning, &m);
    t = TIFFClientOpenExt("image", "rm", (thandle_t)&m, tiff_read, tiff_write, tiff_seek, tiff_close, tiff_size, tiff_map,
                          tiff_unmap, opts);
    TIFFOpenOptionsFree(opts);
    if (t == NULL) {
        if (m.short_read)
            (void)snprintf(msg, cap, "not a readable TIFF image: truncated (the file ends at byte %zu, inside the header)", len);
        else
            (void)snprintf(msg, cap, "not a readable TIFF image (%s)", m.msg[0] != '\0' ? m.msg : "bad header");
        return -1;
    }
    if (TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &tw) != 1 || TIFFGetField(t, TIFFTAG_IMAGELENGTH, &th) != 1) {
        (void)snprintf(msg, cap, "not a readable TIFF image: no width or length");
        goto fail;
    }
    /* Nothing is decoded yet: check what the directory declares. */
    if (check_dims("TIFF", tw, th, msg, cap) != 0) goto fail;
    if ((unsigned long long)tw * th > CLI_IMAGE_MAX_BUFFERED) {
        (void)refuse_buffered("TIFF image", tw, th, msg, cap);
        goto fail;
    }
    raster = malloc((size_t)tw * th * sizeof *raster);
    row = malloc(tw);
    if (raster == NULL || row == NULL || shrink_init(&s, tw, th, max) != 0) {
        (void)snprintf(msg, cap, "out of memory");
        goto fail;
    }
    if (TIFFReadRGBAImageOriented(t, tw, th, raster, ORIENTATION_TOPLEFT, 1) != 1) {
        if (m.short_read)
            (void)snprintf(msg, cap, "not a readable TIFF image: truncated (the file ends at byte %zu, before the end of the image)",
                           len);
        else
            (void)snprintf(msg, cap, "not a readable TIFF image: corrupt data (%s)", m.msg[0] != '\0' ? m.msg : "unreadable");
        shrink_free(&s);
        goto fail;
    }
    for (uint32_t y = 0; y < th; y++) {
        const uint32_t *p = raster + (size_t)y * tw;
        for (uint32_t x = 0; x < tw; x++)
            row[x] = rgba_gray(TIFFGetR(p[x]), TIFFGetG(p[x]), TIFFGetB(p[x]), TIFFGetA(p[x]));
        shrink_row(&s, row);
    }
    TIFFClose(t);
    free(raster);
    free(row);
    shrink_take(&s, gray, w, h, scaled);
    return 0;
fail:
    TIFFClose(t);
    free(raster);
    free(row);
    return -1;
}
#endif

/* ---- GIF (giflib): the first frame ---- */
#ifdef DPP_CLI_HAVE_GIF
typedef struct gif_mem {
    const uint8_t *data;
    size_t len, pos;
    bool short_read;
} gif_mem;

static int gif_read(GifFileType *g, GifByteType *out, int n)
{
    gif_mem *m = g->UserData;
    size_t want = n < 0 ? 0 : (size_t)n, left = m->len - m->pos, k = want < left ? want : left;
    if (k < want) m->short_read = true;
    if (k > 0) memcpy(out, m->data + m->pos, k);
    m->pos += k;
    return (int)k;
}

static int gif_gray(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w, unsigned *h,
                    bool *scaled, char *msg, size_t cap)
{
    gif_mem m = {data, len, 0, false};
    int err = 0, trans = -1;
    GifFileType *g = DGifOpen(&m, gif_read, &err);
    uint8_t *idx = NULL, *row = NULL;
    unsigned fw, fh;
    const ColorMapObject *map;
    uint8_t pal[256];
    shrink s;

    if (g == NULL) {
        if (m.short_read)
            (void)snprintf(msg, cap, "not a readable GIF image: truncated (the file ends at byte %zu, inside the header)", len);
        else
            (void)snprintf(msg, cap, "not a readable GIF image (%s)", GifErrorString(err) != NULL ? GifErrorString(err) : "?");
        return -1;
    }
    if (check_dims("GIF", (unsigned long)(g->SWidth < 0 ? 0 : g->SWidth), (unsigned long)(g->SHeight < 0 ? 0 : g->SHeight),
                   msg, cap) != 0)
        goto fail;
    for (;;) {
        GifRecordType rt;
        if (DGifGetRecordType(g, &rt) != GIF_OK) goto gif_err;
        if (rt == IMAGE_DESC_RECORD_TYPE) break;
        if (rt == TERMINATE_RECORD_TYPE) {
            (void)snprintf(msg, cap, "not a readable GIF image: it holds no image");
            goto fail;
        }
        if (rt == EXTENSION_RECORD_TYPE) {
            int code = 0;
            GifByteType *ext = NULL;
            if (DGifGetExtension(g, &code, &ext) != GIF_OK) goto gif_err;
            if (code == GRAPHICS_EXT_FUNC_CODE && ext != NULL && ext[0] >= 4 && (ext[1] & 1) != 0) trans = ext[4];
            while (ext != NULL)
                if (DGifGetExtensionNext(g, &ext) != GIF_OK) goto gif_err;
        }
    }
    if (DGifGetImageDesc(g) != GIF_OK) goto gif_err;
    fw = g->Image.Width < 0 ? 0u : (unsigned)g->Image.Width;
    fh = g->Image.Height < 0 ? 0u : (unsigned)g->Image.Height;
    if (check_dims("GIF frame", fw, fh, msg, cap) != 0) goto fail;
    /* The frame is read whole (interlaced rows come out of order). */
    if ((unsigned long long)fw * fh > CLI_IMAGE_MAX_BUFFERED) {
        (void)refuse_buffered("GIF image", fw, fh, msg, cap);
        goto fail;
    }
    map = g->Image.ColorMap != NULL ? g->Image.ColorMap : g->SColorMap;
    if (map == NULL || map->ColorCount <= 0 || map->ColorCount > 256) {
        (void)snprintf(msg, cap, "not a readable GIF image: no colour map");
        goto fail;
    }
    for (int i = 0; i < map->ColorCount; i++)
        pal[i] = i == trans ? 255 : rgba_gray(map->Colors[i].Red, map->Colors[i].Green, map->Colors[i].Blue, 255);
    idx = malloc((size_t)fw * fh);
    row = malloc(fw);
    if (idx == NULL || row == NULL) {
        (void)snprintf(msg, cap, "out of memory");
        goto fail;
    }
    if (g->Image.Interlace) {
        static const unsigned start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
        for (int p = 0; p < 4; p++)
            for (unsigned y = start[p]; y < fh; y += step[p])
                if (DGifGetLine(g, idx + (size_t)y * fw, (int)fw) != GIF_OK) goto gif_err;
    } else {
        for (unsigned y = 0; y < fh; y++)
            if (DGifGetLine(g, idx + (size_t)y * fw, (int)fw) != GIF_OK) goto gif_err;
    }
    if (shrink_init(&s, fw, fh, max) != 0) {
        (void)snprintf(msg, cap, "out of memory");
        goto fail;
    }
    for (unsigned y = 0; y < fh; y++) {
        const uint8_t *p = idx + (size_t)y * fw;
        for (unsigned x = 0; x < fw; x++) {
            if (p[x] >= map->ColorCount) {
                (void)snprintf(msg, cap, "not a readable GIF image: colour %u of row %u is beyond the colour map of %d",
                               p[x], y, map->ColorCount);
                shrink_free(&s);
                goto fail;
            }
            row[x] = pal[p[x]];
        }
        shrink_row(&s, row);
    }
    (void)DGifCloseFile(g, &err);
    free(idx);
    free(row);
    shrink_take(&s, gray, w, h, scaled);
    return 0;
gif_err:
    if (m.short_read || g->Error == D_GIF_ERR_READ_FAILED)
        (void)snprintf(msg, cap, "not a readable GIF image: truncated (the file ends at byte %zu, before the end of the image)",
                       len);
    else
        (void)snprintf(msg, cap, "not a readable GIF image: corrupt data (%s)",
                       GifErrorString(g->Error) != NULL ? GifErrorString(g->Error) : "?");
fail:
    (void)DGifCloseFile(g, &err);
    free(idx);
    free(row);
    return -1;
}
#endif

/* ---- HEIF/HEIC (libheif) ---- */
#ifdef DPP_CLI_HAVE_HEIF
static int heif_gray(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w, unsigned *h,
                     bool *scaled, char *msg, size_t cap)
{
    struct heif_context *ctx = heif_context_alloc();
    struct heif_image_handle *hd = NULL;
    struct heif_image *img = NULL;
    struct heif_error e;
    const uint8_t *plane;
    int iw, ih, stride = 0;
    shrink s;
    int rc = -1;

    if (ctx == NULL) {
        (void)snprintf(msg, cap, "out of memory");
        return -1;
    }
    /* libheif's own limit (its square), above ours: ours names the size. */
    heif_context_set_maximum_image_size_limit(ctx, 2 * (int)CLI_IMAGE_MAX_SIDE);
    e = heif_context_read_from_memory_without_copy(ctx, data, len, NULL);
    if (e.code != heif_error_Ok) {
        if (e.subcode == heif_suberror_End_of_data)
            (void)snprintf(msg, cap, "not a readable HEIF image: truncated (the file ends at byte %zu)", len);
        else
            (void)snprintf(msg, cap, "not a readable HEIF image (%s)", e.message != NULL ? e.message : "?");
        goto done;
    }
    e = heif_context_get_primary_image_handle(ctx, &hd);
    if (e.code != heif_error_Ok) {
        (void)snprintf(msg, cap, "not a readable HEIF image (%s)", e.message != NULL ? e.message : "?");
        goto done;
    }
    iw = heif_image_handle_get_width(hd);
    ih = heif_image_handle_get_height(hd);
    /* Nothing is decoded yet: check what the header declares. */
    if (check_dims("HEIF", (unsigned long)(iw < 0 ? 0 : iw), (unsigned long)(ih < 0 ? 0 : ih), msg, cap) != 0) goto done;
    if ((unsigned long long)iw * (unsigned)ih > CLI_IMAGE_MAX_BUFFERED) {
        (void)refuse_buffered("HEIF image", (unsigned long)iw, (unsigned long)ih, msg, cap);
        goto done;
    }
    e = heif_decode_image(hd, &img, heif_colorspace_monochrome, heif_chroma_monochrome, NULL);
    if (e.code != heif_error_Ok) {
        if (e.subcode == heif_suberror_End_of_data)
            (void)snprintf(msg, cap, "not a readable HEIF image: truncated (the file ends at byte %zu)", len);
        else
            (void)snprintf(msg, cap, "not a readable HEIF image: corrupt data (%s)", e.message != NULL ? e.message : "?");
        goto done;
    }
    iw = heif_image_get_width(img, heif_channel_Y);
    ih = heif_image_get_height(img, heif_channel_Y);
    plane = heif_image_get_plane_readonly(img, heif_channel_Y, &stride);
    if (plane == NULL || iw <= 0 || ih <= 0 || stride < iw || heif_image_get_bits_per_pixel_range(img, heif_channel_Y) != 8 ||
        (unsigned long long)iw * (unsigned)ih > CLI_IMAGE_MAX_BUFFERED) {
        (void)snprintf(msg, cap, "HEIF image: unsupported pixel layout");
        goto done;
    }
    if (shrink_init(&s, (unsigned)iw, (unsigned)ih, max) != 0) {
        (void)snprintf(msg, cap, "out of memory");
        goto done;
    }
    for (int y = 0; y < ih; y++) shrink_row(&s, plane + (size_t)y * (size_t)stride);
    shrink_take(&s, gray, w, h, scaled);
    rc = 0;
done:
    if (img != NULL) heif_image_release(img);
    if (hd != NULL) heif_image_handle_release(hd);
    heif_context_free(ctx);
    return rc;
}
#endif

static bool is_heif(const uint8_t *d, size_t n)
{
    static const char brands[][5] = {"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif"};
    if (n < 12 || memcmp(d + 4, "ftyp", 4) != 0) return false;
    for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
        if (memcmp(d + 8, brands[i], 4) == 0) return true;
    return false;
}

#define FORMATS "PNG, JPEG, WebP, TIFF, BMP, GIF or HEIF/HEIC"

#if !defined(DPP_CLI_HAVE_WEBP) || !defined(DPP_CLI_HAVE_TIFF) || !defined(DPP_CLI_HAVE_GIF) || !defined(DPP_CLI_HAVE_HEIF)
static int unsupported(const char *fmt, char *msg, size_t cap)
{
    (void)snprintf(msg, cap, "%s image: this dpp was built without %s support", fmt, fmt);
    return -1;
}
#endif

static int image_decode(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w,
                        unsigned *h, bool *scaled, int *orient, char *msg, size_t cap)
{
    static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    int rc;
    *gray = NULL;
    *w = *h = 0;
    *scaled = false;
    *orient = 1;
    if (max == 0 || max > CLI_IMAGE_MAX_DECODED) max = CLI_IMAGE_MAX_DECODED;
    if (len >= 8 && memcmp(data, png_sig, 8) == 0) rc = png_gray(data, len, max, gray, w, h, scaled, msg, cap);
    else if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
        rc = jpeg_gray(data, len, max, gray, w, h, scaled, orient, msg, cap);
    else if (len >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0)
#ifdef DPP_CLI_HAVE_WEBP
        rc = webp_gray(data, len, max, gray, w, h, scaled, msg, cap);
#else
        rc = unsupported("WebP", msg, cap);
#endif
    else if (len >= 4 && (memcmp(data, "II*\0", 4) == 0 || memcmp(data, "MM\0*", 4) == 0))
#ifdef DPP_CLI_HAVE_TIFF
        rc = tiff_gray(data, len, max, gray, w, h, scaled, msg, cap);
#else
        rc = unsupported("TIFF", msg, cap);
#endif
    else if (len >= 6 && (memcmp(data, "GIF87a", 6) == 0 || memcmp(data, "GIF89a", 6) == 0))
#ifdef DPP_CLI_HAVE_GIF
        rc = gif_gray(data, len, max, gray, w, h, scaled, msg, cap);
#else
        rc = unsupported("GIF", msg, cap);
#endif
    else if (is_heif(data, len))
#ifdef DPP_CLI_HAVE_HEIF
        rc = heif_gray(data, len, max, gray, w, h, scaled, msg, cap);
#else
        rc = unsupported("HEIF", msg, cap);
#endif
    else if (len >= 2 && data[0] == 'B' && data[1] == 'M')
        rc = bmp_gray(data, len, max, gray, w, h, scaled, msg, cap);
    else {
        (void)snprintf(msg, cap, "not a supported image (" FORMATS ")");
        rc = -1;
    }
    if (rc != 0) {
        *gray = NULL;
        *w = *h = 0;
    }
    return rc;
}

int cli_image_gray_max(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w,
                       unsigned *h, bool *scaled, char *msg, size_t cap)
{
    int orient;
    return image_decode(data, len, max, gray, w, h, scaled, &orient, msg, cap);
}

int cli_image_gray(const uint8_t *data, size_t len, uint8_t **gray, unsigned *w, unsigned *h, char *msg, size_t cap)
{
    bool scaled;
    return cli_image_gray_max(data, len, CLI_IMAGE_MAX_DECODED, gray, w, h, &scaled, msg, cap);
}

#ifndef DPP_IMAGE_DECODE_ONLY
#include <strings.h>

#include "scan_zxing.h"
#ifdef DPP_CLI_HAVE_ZBAR
#include <zbar.h>
#endif

/* ---- Scanning: ZXing-C++ first, zbar as the last resort ---- */

/* The QR codes found so far (distinct texts), and how each was read. */
typedef struct found {
    cli_qr_sym sym[CLI_QR_MAX_SYMS];
    const char *how[CLI_QR_MAX_SYMS];
    unsigned pw[CLI_QR_MAX_SYMS], ph[CLI_QR_MAX_SYMS]; /* size of the picture it was read in */
    size_t n;
} found;

static bool is_passport(const char *t, size_t n)
{
    if (n >= 3 && memcmp(t, "DPP", 3) == 0) return true;
    /* the link form: the passport is in the fragment ("https:...#1...") */
    return dpp_form_of(t, n) == DPP_FORM_LINK && strstr(t, DPP_LINK_MARKER) != NULL;
}

/* Keeps sym (taking its text) unless the same text is already there. */
static void add(found *f, cli_qr_sym *sym, const char *how, unsigned w, unsigned h)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->sym[i].len == sym->len && memcmp(f->sym[i].text, sym->text, sym->len) == 0) {
            free(sym->text);
            return;
        }
    if (f->n == CLI_QR_MAX_SYMS) {
        free(sym->text);
        return;
    }
    f->sym[f->n] = *sym;
    f->how[f->n] = how;
    f->pw[f->n] = w;
    f->ph[f->n] = h;
    f->n++;
}

static bool has_passport(const found *f)
{
    for (size_t i = 0; i < f->n; i++)
        if (is_passport(f->sym[i].text, f->sym[i].len)) return true;
    return false;
}

static void free_found(found *f)
{
    for (size_t i = 0; i < f->n; i++) free(f->sym[i].text);
    f->n = 0;
}

#ifdef DPP_CLI_HAVE_ZXING
static void pass_zxing(found *f, const uint8_t *g, unsigned w, unsigned h, const char *how)
{
    cli_qr_sym s[CLI_QR_MAX_SYMS];
    int n = cli_zxing_scan(g, w, h, s, CLI_QR_MAX_SYMS);
    for (int i = 0; i < n; i++) add(f, &s[i], how, w, h);
}
#endif

#ifdef DPP_CLI_HAVE_ZBAR
/* zbar on one picture; every QR symbol goes to f. */
static void zbar_once(found *f, const uint8_t *gray, unsigned w, unsigned h)
{
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_t *img = zbar_image_create();

    if (sc == NULL || img == NULL) goto done;
    (void)zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    (void)zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, w, h);
    zbar_image_set_data(img, gray, (unsigned long)w * h, NULL);
    if (zbar_scan_image(sc, img) <= 0) goto done;
    for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s != NULL; s = zbar_symbol_next(s)) {
        cli_qr_sym q;
        unsigned n = zbar_symbol_get_loc_size(s);
        long sx = 0, sy = 0;
        if (zbar_symbol_get_type(s) != ZBAR_QRCODE) continue;
        memset(&q, 0, sizeof q);
        q.len = zbar_symbol_get_data_length(s);
        q.text = cli_xmalloc(q.len + 1);
        memcpy(q.text, zbar_symbol_get_data(s), q.len);
        q.text[q.len] = '\0';
        for (unsigned i = 0; i < n; i++) {
            sx += zbar_symbol_get_loc_x(s, i);
            sy += zbar_symbol_get_loc_y(s, i);
        }
        if (n > 0) {
            q.x = (int)(sx / (long)n);
            q.y = (int)(sy / (long)n);
        }
        add(f, &q, "zbar", w, h);
    }
done:
    if (img != NULL) zbar_image_destroy(img);
    if (sc != NULL) zbar_image_scanner_destroy(sc);
}

/* Halves a picture (2x2 box filter). */
static uint8_t *halve(const uint8_t *g, unsigned w, unsigned h, unsigned *ow, unsigned *oh)
{
    unsigned nw = w / 2, nh = h / 2;
    uint8_t *o = cli_xmalloc((size_t)nw * nh);
    for (unsigned y = 0; y < nh; y++)
        for (unsigned x = 0; x < nw; x++) {
            const uint8_t *p = g + (size_t)(2 * y) * w + 2 * x;
            o[(size_t)y * nw + x] = (uint8_t)((p[0] + p[1] + p[w] + p[w + 1] + 2) / 4);
        }
    *ow = nw;
    *oh = nh;
    return o;
}

/* zbar at the given size, then at halves of it (zbar finds codes in large
 * photos more reliably at a moderate size) until it finds a passport. */
static void pass_zbar(found *f, const uint8_t *g, unsigned w, unsigned h)
{
    uint8_t *own = NULL;
    zbar_once(f, g, w, h);
    while (!has_passport(f) && w >= 400 && h >= 400) {
        unsigned nw, nh;
        uint8_t *half = halve(g, w, h, &nw, &nh);
        free(own);
        g = own = half;
        w = nw;
        h = nh;
        zbar_once(f, g, w, h);
    }
    free(own);
}
#endif

static uint8_t *inverted(const uint8_t *g, unsigned w, unsigned h)
{
    size_t n = (size_t)w * h;
    uint8_t *o = cli_xmalloc(n);
    for (size_t i = 0; i < n; i++) o[i] = (uint8_t)(255u - g[i]);
    return o;
}

/* Where a symbol is, for people: "top left", "centre", ... */
static const char *where(const found *f, size_t i)
{
    static const char *const names[3][3] = {{"top left", "top", "top right"},
                                            {"left", "centre", "right"},
                                            {"bottom left", "bottom", "bottom right"}};
    unsigned cx = f->pw[i] > 0 ? (unsigned)(f->sym[i].x < 0 ? 0 : f->sym[i].x) * 3u / f->pw[i] : 1u;
    unsigned cy = f->ph[i] > 0 ? (unsigned)(f->sym[i].y < 0 ? 0 : f->sym[i].y) * 3u / f->ph[i] : 1u;
    return names[cy > 2 ? 2 : cy][cx > 2 ? 2 : cx];
}

/* What a symbol that is not a passport holds, for people. */
static void describe(const cli_qr_sym *s, char *out, size_t cap)
{
    bool text = true;
    for (size_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->text[i];
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) text = false;
    }
    if (s->len == 0)
        (void)snprintf(out, cap, "nothing (it is empty)");
    else if (text && (strncasecmp(s->text, "https://", 8) == 0 || strncasecmp(s->text, "http://", 7) == 0))
        (void)snprintf(out, cap, "a URL that is not a passport link: %.300s%s", s->text, s->len > 300 ? "..." : "");
    else if (text)
        (void)snprintf(out, cap, "text that is not a passport: \"%.300s%s\"", s->text, s->len > 300 ? "..." : "");
    else
        (void)snprintf(out, cap, "%zu bytes of binary data, not a passport", s->len);
}

/* Two passport texts are the same passport when they are equal, or when
 * one is the other converted to the other form. */
static bool same_passport(const cli_qr_sym *a, const cli_qr_sym *b)
{
    char *buf;
    size_t n = 0;
    bool same = false;
    if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0) return true;
    buf = cli_xmalloc(DPP_MAX_LINK_LEN + 1);
    if (dpp_transport_convert(a->text, a->len, DPP_FORM_TEXT, buf, DPP_MAX_LINK_LEN + 1, &n, NULL) == DPP_OK) {
        char *buf2 = cli_xmalloc(DPP_MAX_LINK_LEN + 1);
        size_t n2 = 0;
        if (dpp_transport_convert(b->text, b->len, DPP_FORM_TEXT, buf2, DPP_MAX_LINK_LEN + 1, &n2, NULL) == DPP_OK)
            same = n == n2 && memcmp(buf, buf2, n) == 0;
        free(buf2);
    }
    free(buf);
    return same;
}

int cli_image_scan(const uint8_t *data, size_t len, cli_image_result *res)
{
    found f;
    uint8_t *small = NULL, *full = NULL, *inv = NULL;
    unsigned sw = 0, sh = 0, fw = 0, fh = 0;
    bool scaled = false, full_scaled = false;
    size_t pick = SIZE_MAX, passports = 0;
    int rc = CLI_EX_OK;

    memset(res, 0, sizeof *res);
    memset(&f, 0, sizeof f);
    /* A reduced scale first (cheap, and enough for most labels), the full
     * scale only when that finds no passport. */
    if (image_decode(data, len, CLI_IMAGE_SCAN_FIRST, &small, &sw, &sh, &scaled, &res->orientation, res->msg,
                     sizeof res->msg) != 0)
        return CLI_EX_NOINPUT;
    res->width = sw;
    res->height = sh;
#ifdef DPP_CLI_HAVE_ZXING
    pass_zxing(&f, small, sw, sh, scaled ? "ZXing, reduced scale" : "ZXing");
#endif
    if (!has_passport(&f) && scaled) {
        if (cli_image_gray_max(data, len, CLI_IMAGE_MAX_DECODED, &full, &fw, &fh, &full_scaled, res->msg,
                               sizeof res->msg) != 0) {
            rc = CLI_EX_NOINPUT;
            goto done;
        }
#ifdef DPP_CLI_HAVE_ZXING
        pass_zxing(&f, full, fw, fh, "ZXing");
#endif
    }
#ifdef DPP_CLI_HAVE_ZXING
    /* light-on-dark codes (laser-marked metal, negative prints) */
    if (!has_passport(&f)) {
        inv = inverted(small, sw, sh);
        pass_zxing(&f, inv, sw, sh, "ZXing, inverted");
        free(inv);
        inv = NULL;
    }
    if (!has_passport(&f) && full != NULL) {
        inv = inverted(full, fw, fh);
        pass_zxing(&f, inv, fw, fh, "ZXing, inverted");
    }
#endif
#ifdef DPP_CLI_HAVE_ZBAR
    /* zbar last, from the full scale down (it reads some small-module codes
     * that ZXing misses; on a 12 MP photo it costs several times ZXing) */
    if (!has_passport(&f)) {
        if (full != NULL) pass_zbar(&f, full, fw, fh);
        else pass_zbar(&f, small, sw, sh);
    }
#endif
    res->codes = f.n;
    for (size_t i = 0; i < f.n; i++) {
        if (!is_passport(f.sym[i].text, f.sym[i].len)) continue;
        if (pick == SIZE_MAX) {
            pick = i;
            passports = 1;
        } else if (!same_passport(&f.sym[pick], &f.sym[i])) {
            passports++;
        }
    }
    if (f.n == 0) {
        (void)snprintf(res->msg, sizeof res->msg, "no QR code found in the image");
        rc = CLI_EX_NOINPUT;
    } else if (pick == SIZE_MAX) {
        char what[400];
        describe(&f.sym[0], what, sizeof what);
        if (f.n == 1)
            (void)snprintf(res->msg, sizeof res->msg, "the QR code holds %s", what);
        else
            (void)snprintf(res->msg, sizeof res->msg, "none of the %zu QR codes holds a passport; the one at the %s holds %s",
                           f.n, where(&f, 0), what);
        rc = CLI_EX_MALFORMED;
    } else if (passports > 1) {
        size_t other = pick + 1;
        while (other < f.n && (!is_passport(f.sym[other].text, f.sym[other].len) || same_passport(&f.sym[pick], &f.sym[other])))
            other++;
        (void)snprintf(res->msg, sizeof res->msg,
                       "the image holds %zu different passports (QR codes at the %s and at the %s); photograph or crop "
                       "one label at a time",
                       passports, where(&f, pick), other < f.n ? where(&f, other) : "?");
        rc = CLI_EX_NOINPUT;
    } else {
        res->text = f.sym[pick].text;
        res->len = f.sym[pick].len;
        f.sym[pick].text = NULL;
        f.sym[pick].len = 0;
        (void)snprintf(res->how, sizeof res->how, "%s%s", f.how[pick], f.sym[pick].mirrored ? ", mirrored" : "");
        if (f.n > 1) {
            char what[400];
            size_t other = pick == 0 ? 1 : 0;
            describe(&f.sym[other], what, sizeof what);
            (void)snprintf(res->note, sizeof res->note,
                           "%zu QR codes found; using the passport at the %s of the picture (another, at the %s, holds "
                           "%s)",
                           f.n, where(&f, pick), where(&f, other),
                           is_passport(f.sym[other].text, f.sym[other].len) ? "the same passport in the other form" : what);
        }
        res->len = cli_trim(res->text, res->len);
    }
done:
    free_found(&f);
    free(small);
    free(full);
    free(inv);
    return rc;
}

void cli_image_result_free(cli_image_result *res)
{
    free(res->text);
    res->text = NULL;
    res->len = 0;
}

int cli_image_qr(const char *path, char **text, size_t *len)
{
    uint8_t *data = NULL;
    size_t n = 0;
    cli_image_result res;
    int rc = cli_read_file(path, CLI_MAX_IMAGE_FILE, &data, &n);

    *text = NULL;
    *len = 0;
    if (rc != CLI_EX_OK) return rc;
    rc = cli_image_scan(data, n, &res);
    free(data);
    if (rc != CLI_EX_OK) {
        cli_err_at(path, 0, "%s", res.msg);
        return rc;
    }
    if (res.note[0] != '\0') cli_err_at(path, 0, "%s", res.note);
    /* for benchmarks: which pass read the passport */
    if (getenv("DPP_SCAN_TRACE") != NULL) {
        cli_err_at(path, 0, "read with %s", res.how);
        cli_err_at(path, 0, "first pass on a %ux%u picture, EXIF orientation %d", res.width, res.height, res.orientation);
    }
    *text = res.text;
    *len = res.len;
    return CLI_EX_OK;
}
#endif /* !DPP_IMAGE_DECODE_ONLY */

#else /* !DPP_CLI_HAVE_IMAGE */

#define NO_IMAGE "this dpp was built without image support (libpng, libjpeg and ZXing-C++ or zbar)"

int cli_image_gray_max(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w,
                       unsigned *h, bool *scaled, char *msg, size_t cap)
{
    (void)data;
    (void)len;
    (void)max;
    *gray = NULL;
    *w = *h = 0;
    *scaled = false;
    (void)snprintf(msg, cap, NO_IMAGE);
    return -1;
}

int cli_image_gray(const uint8_t *data, size_t len, uint8_t **gray, unsigned *w, unsigned *h, char *msg, size_t cap)
{
    bool scaled;
    return cli_image_gray_max(data, len, 0, gray, w, h, &scaled, msg, cap);
}

int cli_image_scan(const uint8_t *data, size_t len, cli_image_result *res)
{
    (void)data;
    (void)len;
    memset(res, 0, sizeof *res);
    (void)snprintf(res->msg, sizeof res->msg, NO_IMAGE);
    return CLI_EX_SOFTWARE;
}

void cli_image_result_free(cli_image_result *res)
{
    free(res->text);
    res->text = NULL;
}

int cli_image_qr(const char *path, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    cli_err_at(path, 0, NO_IMAGE);
    return CLI_EX_SOFTWARE;
}

#endif
