/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Rendering a dpp_qr: SVG text, PNG bytes (libpng) and terminal text.
 *
 * All three take a quiet zone of `border` modules, 0..16 (4 is what ISO/IEC
 * 18004 asks for), and reject a dpp_qr that is not self-consistent (version,
 * size and the module buffer's own size byte must agree).
 *
 * SVG: one <path> holding, per row, one rectangle for each horizontal run of
 *   dark modules ("M x y h w v p h -w z", absolute user units), over a white
 *   background <rect>; viewBox "0 0 N N" with N = (size + 2*border)*module_px,
 *   width/height N, shape-rendering="crispEdges". module_px 1..64.
 *
 * PNG: 8-bit grayscale, 0 = dark module, 255 = light, module_px 1..64 pixels
 *   per module; written through png_set_write_fn() straight into the caller's
 *   buffer (or only counted, for the size query), like the text renderers.
 *   libpng errors longjmp back into qrpng_write_image() and become
 *   DPP_ERR_BUFFER_TOO_SMALL (the buffer ran out: writing stops there) or
 *   DPP_ERR_NO_MEMORY (libpng's own state); its warnings are dropped,
 *   nothing is printed. libpng and zlib allocate their state inside the
 *   call and free it before returning; the caller gets nothing to free.
 *
 * Terminal: the text is meant for a terminal that shows dark characters on a
 *   light background (the usual "light" profile), like the symbol itself:
 *   glyph ink = dark module, background = light module. No inversion is done.
 *   Each character cell holds two module rows: the upper module in the cell's
 *   top half, the lower one in the bottom half:
 *       dark/dark   U+2588 FULL BLOCK        (E2 96 88)
 *       dark/light  U+2580 UPPER HALF BLOCK  (E2 96 80)
 *       light/dark  U+2584 LOWER HALF BLOCK  (E2 96 84)
 *       light/light U+0020 SPACE
 *   There are ceil((size + 2*border) / 2) lines of size + 2*border cells, each
 *   ending in "\n"; with an odd row count the last line's lower half is light.
 *   The quiet zone is written as spaces (never trimmed), so with border >= 2
 *   the text starts with a line of spaces; with border 0 it starts with
 *   U+2588 (the top-left finder). On a light-on-dark terminal the symbol shows
 *   inverted; use a light profile (or the PNG/SVG) for scanners that do not
 *   read inverted codes.
 */
#include "dpp/dpp_qr.h"

#ifdef DPP_WITH_PNG
#include <png.h>
#include <setjmp.h>
#endif
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

#define DPP_QR_MODULE_PX_MAX 64
#define DPP_QR_BORDER_MAX 16

static bool qr_is_valid(const dpp_qr *qr)
{
    return qr != NULL && qr->version >= 1 && qr->version <= 40 && qr->size == qr->version * 4 + 17 &&
           qr->modules[0] == (uint8_t)qr->size;
}

/* Module (x, y) in quiet-zone coordinates: light outside the symbol. */
static bool dark_at(const dpp_qr *qr, int border, int x, int y)
{
    return dpp_qr_module(qr, x - border, y - border) == 1;
}

/* ---- text output with size mode ---- */

typedef struct text_out {
    char *buf;  /* NULL: size-calculation mode */
    size_t cap; /* room for text, NUL excluded */
    size_t len; /* bytes produced (counted even past cap) */
} text_out;

static void text_init(text_out *t, char *buf, size_t cap)
{
    t->buf = buf;
    t->cap = cap > 0 ? cap - 1u : 0u; /* keep one byte for the NUL */
    t->len = 0;
}

static void text_put(text_out *t, const char *s, size_t n)
{
    if (t->buf != NULL && t->len <= t->cap && n <= t->cap - t->len) {
        memcpy(t->buf + t->len, s, n);
    }
    t->len += n; /* lengths stay far below SIZE_MAX: a v40 SVG is < 1 MiB */
}

static void text_printf(text_out *t, const char *fmt, ...) DPP_PRINTF(2, 3);
static void text_printf(text_out *t, const char *fmt, ...)
{
    char tmp[96];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0 && (size_t)n < sizeof tmp) {
        text_put(t, tmp, (size_t)n);
    }
}

static dpp_err text_finish(text_out *t, char *out, size_t out_cap, size_t *out_len)
{
    if (out == NULL) {
        *out_len = t->len;
        return DPP_OK;
    }
    if (out_cap == 0 || t->len > out_cap - 1u) {
        if (out_cap > 0) {
            memset(out, 0, out_cap < t->len ? out_cap : t->len); /* no partial text */
        }
        return DPP_ERR_BUFFER_TOO_SMALL;
    }
    out[t->len] = '\0';
    *out_len = t->len;
    return DPP_OK;
}

/* Zeroes the outputs, then checks what every text renderer takes. */
static dpp_err check_text_args(const dpp_qr *qr, int border, char *out, size_t out_cap, size_t *out_len)
{
    if (out_len != NULL) {
        *out_len = 0;
    }
    if (out != NULL && out_cap > 0) {
        out[0] = '\0'; /* callers may print out after a failure */
    }
    if (out_len == NULL || !qr_is_valid(qr) || border < 0 || border > DPP_QR_BORDER_MAX) {
        return DPP_ERR_INVALID_ARG;
    }
    return DPP_OK;
}

dpp_err dpp_qr_to_svg(const dpp_qr *qr, int module_px, int border, char *out, size_t out_cap, size_t *out_len)
{
    text_out t;
    dpp_err err;
    int side;
    int x;
    int y;

    err = check_text_args(qr, border, out, out_cap, out_len);
    if (err != DPP_OK) {
        return err;
    }
    if (module_px < 1 || module_px > DPP_QR_MODULE_PX_MAX) {
        return DPP_ERR_INVALID_ARG;
    }
    side = (qr->size + 2 * border) * module_px;
    text_init(&t, out, out_cap);
    text_printf(&t, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 %d %d\"", side, side);
    text_printf(&t, " width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">\n", side, side);
    text_printf(&t, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#FFFFFF\"/>\n", side, side);
    text_put(&t, "<path fill=\"#000000\" d=\"", 24);
    for (y = 0; y < qr->size; y++) {
        x = 0;
        while (x < qr->size) {
            int run;
            if (dpp_qr_module(qr, x, y) == 0) {
                x++;
                continue;
            }
            for (run = 1; x + run < qr->size && dpp_qr_module(qr, x + run, y) == 1; run++) {
            }
            text_printf(&t, "M%d %dh%dv%dh-%dz", (x + border) * module_px, (y + border) * module_px,
                        run * module_px, module_px, run * module_px);
            x += run;
        }
    }
    text_put(&t, "\"/>\n</svg>\n", 11);
    return text_finish(&t, out, out_cap, out_len);
}

dpp_err dpp_qr_to_term(const dpp_qr *qr, int border, char *out, size_t out_cap, size_t *out_len)
{
    static const char k_full[3] = {'\xE2', '\x96', '\x88'};  /* U+2588 */
    static const char k_upper[3] = {'\xE2', '\x96', '\x80'}; /* U+2580 */
    static const char k_lower[3] = {'\xE2', '\x96', '\x84'}; /* U+2584 */
    text_out t;
    dpp_err err;
    int side;
    int x;
    int y;

    err = check_text_args(qr, border, out, out_cap, out_len);
    if (err != DPP_OK) {
        return err;
    }
    side = qr->size + 2 * border;
    text_init(&t, out, out_cap);
    for (y = 0; y < side; y += 2) {
        for (x = 0; x < side; x++) {
            bool top = dark_at(qr, border, x, y);
            bool bottom = y + 1 < side && dark_at(qr, border, x, y + 1);
            if (top && bottom) {
                text_put(&t, k_full, 3);
            } else if (top) {
                text_put(&t, k_upper, 3);
            } else if (bottom) {
                text_put(&t, k_lower, 3);
            } else {
                text_put(&t, " ", 1);
            }
        }
        text_put(&t, "\n", 1);
    }
    return text_finish(&t, out, out_cap, out_len);
}

/* ---- PNG ---- */

#ifdef DPP_WITH_PNG

/* Where the PNG bytes go: the caller's buffer (buf NULL: size only). The
 * length is counted even past cap, so a size query and a render see the
 * same bytes. */
typedef struct qrpng_mem {
    uint8_t *buf;
    size_t cap;
    size_t len;
    bool too_small; /* bytes did not fit: stop, DPP_ERR_BUFFER_TOO_SMALL */
} qrpng_mem;

static void qrpng_mem_write(png_structp png, png_bytep data, size_t n)
{
    qrpng_mem *m = (qrpng_mem *)png_get_io_ptr(png);
    if (n > SIZE_MAX / 2u - m->len) {
        png_error(png, "PNG output too large");
    }
    if (m->buf != NULL) {
        if (n > m->cap - m->len) {
            m->too_small = true;
            png_error(png, "buffer too small"); /* no point compressing the rest */
        }
        memcpy(m->buf + m->len, data, n);
    }
    m->len += n;
}

static void qrpng_mem_flush(png_structp png)
{
    (void)png;
}

static void qrpng_on_error(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void qrpng_on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/*
 * Everything that can longjmp happens in here, so the caller's locals are
 * never live across setjmp(); only `row` and `mem` (owned by the caller) are
 * touched, through pointers that do not change. Returns false on a libpng error.
 */
static bool qrpng_write_image(png_structp png, png_infop info, const dpp_qr *qr, int module_px, int border,
                            png_bytep row, qrpng_mem *mem)
{
    int modules = qr->size + 2 * border;
    png_uint_32 side = (png_uint_32)(modules * module_px);

    if (setjmp(png_jmpbuf(png))) {
        return false;
    }
    png_set_write_fn(png, mem, qrpng_mem_write, qrpng_mem_flush);
    png_set_IHDR(png, info, side, side, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int my = 0; my < modules; my++) {
        for (int mx = 0; mx < modules; mx++) {
            memset(row + (size_t)mx * (size_t)module_px, dark_at(qr, border, mx, my) ? 0x00 : 0xFF,
                   (size_t)module_px);
        }
        for (int r = 0; r < module_px; r++) {
            png_write_row(png, row);
        }
    }
    png_write_end(png, info);
    return true;
}

dpp_err dpp_qr_to_png(const dpp_qr *qr, int module_px, int border, uint8_t *out, size_t out_cap, size_t *out_len)
{
    png_structp png = NULL;
    png_infop info = NULL;
    png_bytep row = NULL;
    qrpng_mem mem = {out, out_cap, 0, false};
    dpp_err err = DPP_OK;

    if (out_len != NULL) {
        *out_len = 0;
    }
    if (out_len == NULL || !qr_is_valid(qr) || module_px < 1 || module_px > DPP_QR_MODULE_PX_MAX || border < 0 ||
        border > DPP_QR_BORDER_MAX) {
        return DPP_ERR_INVALID_ARG;
    }

    row = malloc((size_t)(qr->size + 2 * border) * (size_t)module_px);
    if (row == NULL) {
        err = DPP_ERR_NO_MEMORY;
        goto done;
    }
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, qrpng_on_error, qrpng_on_warning);
    if (png == NULL) {
        err = DPP_ERR_NO_MEMORY;
        goto done;
    }
    info = png_create_info_struct(png);
    if (info == NULL) {
        err = DPP_ERR_NO_MEMORY;
        goto done;
    }
    if (!qrpng_write_image(png, info, qr, module_px, border, row, &mem)) {
        err = mem.too_small ? DPP_ERR_BUFFER_TOO_SMALL : DPP_ERR_NO_MEMORY;
        goto done;
    }
    *out_len = mem.len;

done:
    if (err != DPP_OK && out != NULL && out_cap > 0) {
        memset(out, 0, out_cap); /* no partial image (the text renderers do the same) */
    }
    if (png != NULL) {
        png_destroy_write_struct(&png, info != NULL ? &info : NULL);
    }
    free(row);
    return err;
}

#else /* DPP_WITH_PNG */

/* Built without libpng (DPP_WITH_PNG=OFF): in the ABI, but unsupported. */
dpp_err dpp_qr_to_png(const dpp_qr *qr, int module_px, int border, uint8_t *out, size_t out_cap, size_t *out_len)
{
    (void)qr;
    (void)module_px;
    (void)border;
    (void)out;
    (void)out_cap;
    if (out_len != NULL) {
        *out_len = 0;
    }
    return DPP_ERR_UNSUPPORTED;
}

#endif /* DPP_WITH_PNG */

void dpp_free(void *p)
{
    free(p);
}
