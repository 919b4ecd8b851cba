/* SPDX-License-Identifier: Apache-2.0 */
/* dpp label: the SVG (title, passport text and summary as metadata) and
 * PNG (print size in a pHYs chunk) files. */
#include "label.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <cairo-svg.h>
#include <png.h>
#include <pango/pangocairo.h>
#include <zlib.h>

#include "common.h"
#include "util.h"

typedef struct buf {
    unsigned char *p;
    size_t n, cap;
} buf;

static cairo_status_t buf_write(void *closure, const unsigned char *data, unsigned int len)
{
    buf *b = closure;
    if (b->n + len > b->cap) {
        size_t nc = b->cap == 0 ? 65536 : b->cap;
        unsigned char *np;
        while (nc < b->n + len) nc *= 2;
        np = realloc(b->p, nc);
        if (np == NULL) return CAIRO_STATUS_NO_MEMORY;
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
    return CAIRO_STATUS_SUCCESS;
}

static void xml_escape(label_sb *b, const char *t)
{
    char one[2] = {0, 0};
    for (; *t != '\0'; t++) {
        if (strncmp(t, "\xe2\x81\xa0", 3) == 0) t += 2; /* WORD JOINER: layout only */
        else if (strncmp(t, "\xe2\x80\x83", 3) == 0) t += 2, label_sb_add(b, "   "); /* em space */
        else if (*t == '<') label_sb_add(b, "&lt;");
        else if (*t == '>') label_sb_add(b, "&gt;");
        else if (*t == '&') label_sb_add(b, "&amp;");
        else if (*t == '"') label_sb_add(b, "&quot;");
        else {
            one[0] = *t;
            label_sb_add(b, one);
        }
    }
}

/* Inserts <title> and <desc> (the passport text) after the root <svg ...>. */
static char *svg_with_desc(const buf *svg, const label_in *in, const label_layout *L, size_t *out_len)
{
    label_sb b = {NULL, 0, 0};
    const char *root;
    char *doc = cli_xmalloc(svg->n + 1), *text = cli_xmalloc(in->text_len + 1);
    size_t at;
    memcpy(doc, svg->p, svg->n);
    doc[svg->n] = '\0';
    memcpy(text, in->text, in->text_len);
    text[in->text_len] = '\0';
    root = strstr(doc, "<svg");
    root = root != NULL ? strchr(root, '>') : NULL;
    if (root == NULL) {
        free(text);
        *out_len = svg->n;
        return doc;
    }
    at = (size_t)(root - doc) + 1;
    {
        char save = doc[at];
        doc[at] = '\0';
        label_sb_add(&b, doc);
        doc[at] = save;
    }
    label_sb_add(&b, "\n<title>Digital product passport: ");
    xml_escape(&b, in->passport->name);
    label_sb_add(&b, "</title>\n<desc>");
    xml_escape(&b, text);
    label_sb_add(&b, "</desc>");
    for (int i = 0; i < L->nb; i++)
        if (strcmp(L->b[i].what, "link") == 0) {
            /* the human-readable link under the code, line by line as printed */
            label_sb_add(&b, "\n<metadata id=\"dpp-link-text\">");
            xml_escape(&b, pango_layout_get_text(L->b[i].pl));
            label_sb_add(&b, "</metadata>");
        }
    {
        /* What the label states as plain text (the drawing has glyph
         * outlines only): identifiers, then the summary as printed; for
         * search, screen readers and checks. */
        bool any = false;
        for (int i = 0; i < L->nb; i++)
            if (strcmp(L->b[i].what, "ids") == 0 || strcmp(L->b[i].what, "summary") == 0) {
                label_sb_add(&b, any ? "\n" : "\n<metadata id=\"dpp-summary\">");
                xml_escape(&b, pango_layout_get_text(L->b[i].pl));
                any = true;
            }
        if (any) label_sb_add(&b, "</metadata>");
    }
    label_sb_add(&b, doc + at);
    free(doc);
    free(text);
    *out_len = b.n;
    return b.s;
}

/* ---- the raster, and PNG from it via libpng ----
 *
 * Each thread keeps its raster (an A8 surface, ink = 255) from label to
 * label: a run's labels all have the same size, so it is cleared, not
 * allocated and faulted in again, and it is a quarter of an RGB24 surface.
 *
 * libpng filters and zlib compresses every byte of every row, so the
 * bytes per row are the cost of a PNG: it is as few grey levels as the
 * resolution needs (png_bits). Labels are mostly white, and their QR rows
 * repeat: every row is filtered "Up" (a row equal to the one above
 * becomes zeros) and zlib runs its run-length strategy (Z_RLE), which
 * finds those runs at a fraction of the cost of its default search. */

/* From 300 dpi on, black and white (1 bit: a pixel is black where the
 * text covers at least half of it), as a label printer prints it: at
 * 0.085 mm a dot the stair steps of a glyph edge are below what the eye
 * resolves on the label, and the PNG is half the bytes (and time) of 4
 * grey levels. Below, 4 grey levels (2 bits) for the edges of the text
 * (side by side with the 16 levels of before, no difference to see at
 * print size). */
static int png_bits(double dpi) { return dpi >= 299.5 ? 1 : 2; }

typedef struct raster_cache {
    cairo_surface_t *sf;
    unsigned char *row; /* one PNG row */
    size_t row_cap;
} raster_cache;

static pthread_key_t g_cache_key;
static pthread_once_t g_cache_once = PTHREAD_ONCE_INIT;
static bool g_cache_ok;

static void cache_free(void *p)
{
    raster_cache *c = p;
    if (c == NULL) return;
    if (c->sf != NULL) cairo_surface_destroy(c->sf);
    free(c->row);
    free(c);
}

static void cache_key_make(void) { g_cache_ok = pthread_key_create(&g_cache_key, cache_free) == 0; }

/* This thread's cache (freed when the thread ends, or by
 * label_raster_release), or NULL when there is no thread-specific
 * storage. */
static raster_cache *cache_get(void)
{
    raster_cache *c;
    (void)pthread_once(&g_cache_once, cache_key_make);
    if (!g_cache_ok) return NULL;
    c = pthread_getspecific(g_cache_key);
    if (c == NULL) {
        c = cli_xmalloc(sizeof *c);
        memset(c, 0, sizeof *c);
        if (pthread_setspecific(g_cache_key, c) != 0) {
            free(c);
            return NULL;
        }
    }
    return c;
}

void label_raster_release(void)
{
    raster_cache *c;
    (void)pthread_once(&g_cache_once, cache_key_make);
    if (!g_cache_ok) return;
    c = pthread_getspecific(g_cache_key);
    cache_free(c);
    (void)pthread_setspecific(g_cache_key, NULL);
}

static void png_write_buf(png_structp png, png_bytep data, size_t len)
{
    (void)buf_write(png_get_io_ptr(png), data, (unsigned)len);
}

static void png_flush_buf(png_structp png) { (void)png; }

static void png_fail(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

/* One A8 row (ink 0..255) as bits-deep grey (white = all ones), MSB
 * first, through lvl (ink -> grey level), in whole bytes of 8 pixels.
 * Blank stretches (8 pixels of no ink at a time) take the short way. */
static void grey_row(const unsigned char *src, int w, int bits, const unsigned char *lvl, unsigned char *row,
                     size_t rb)
{
    int per = 8 / bits;
    memset(row, 0xff, rb);
    for (int x = 0; x < w; x += 8) {
        unsigned char p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        uint64_t v;
        if (x + 8 <= w) memcpy(p, src + x, 8);
        else memcpy(p, src + x, (size_t)(w - x));
        memcpy(&v, p, 8);
        if (v == 0) continue;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (bits == 1) {
            /* pixel i's ink bit (>= 128) at bit 8i; the multiplication
             * gathers them, pixel 0 in the top bit; white is 1 */
            uint64_t hi = (v >> 7) & 0x0101010101010101u;
            row[x / 8] = (unsigned char)~((hi * 0x8040201008040201u) >> 56);
            continue;
        }
#endif
        for (int k = 0; k < 8; k += per) {
            unsigned byte = 0;
            for (int i = 0; i < per; i++) byte = byte << bits | lvl[p[k + i]];
            row[(size_t)(x + k) / (size_t)per] = (unsigned char)byte;
        }
    }
}

/* The label_raster() surface as a bits-deep grey PNG with a pHYs chunk at
 * dpi so that it prints at size. 0 or -2. */
static int png_from_a8(cairo_surface_t *sf, double dpi, int bits, raster_cache *c, buf *b)
{
    int w = cairo_image_surface_get_width(sf), h = cairo_image_surface_get_height(sf);
    int stride = cairo_image_surface_get_stride(sf);
    const unsigned char *px;
    png_uint_32 ppm = (png_uint_32)lround(dpi / 0.0254);
    size_t rb = ((size_t)w + 7) / 8 * (size_t)bits; /* whole bytes of 8 pixels (grey_row) */
    unsigned maxv = (1u << bits) - 1;
    unsigned char lvl[256];
    unsigned char *volatile row = NULL;
    bool own = true;
    png_structp png;
    png_infop info;

    cairo_surface_flush(sf);
    px = cairo_image_surface_get_data(sf);
    if (px == NULL) return -2;
    if (c != NULL) {
        if (c->row_cap < rb) {
            free(c->row);
            c->row = cli_xmalloc(rb);
            c->row_cap = rb;
        }
        row = c->row;
        own = false;
    } else {
        row = cli_xmalloc(rb);
    }
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, NULL);
    if (png == NULL) {
        if (own) free(row);
        return -2;
    }
    info = png_create_info_struct(png);
    if (info == NULL || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        if (own) free(row);
        return -2;
    }
    png_set_write_fn(png, b, png_write_buf, png_flush_buf);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, bits, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
    png_set_compression_strategy(png, Z_RLE);
    png_set_compression_level(png, 1);
    png_set_compression_buffer_size(png, 1u << 16);
    png_write_info(png, info);
    for (unsigned v = 0; v < 256; v++) lvl[v] = (unsigned char)(maxv - (v * maxv + 127) / 255);
    for (int y = 0; y < h; y++) {
        /* a row like the one before (blank, or a QR module's) is not
         * converted again: libpng copies the row it is given */
        const unsigned char *src = px + (size_t)y * (size_t)stride;
        if (y == 0 || memcmp(src, src - stride, (size_t)w) != 0) grey_row(src, w, bits, lvl, row, rb);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    if (own) free(row);
    return 0;
}

int label_render_svg(const label_in *in, const label_layout *L, unsigned char **out, size_t *out_len)
{
    buf b = {NULL, 0, 0};
    cairo_surface_t *sf = cairo_svg_surface_create_for_stream(buf_write, &b, L->W, L->H);
    cairo_t *cr = cairo_create(sf);
    int rc = 0;
    label_paint(cr, L, in, 0, 0);
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) rc = -2;
    cairo_surface_destroy(sf);
    if (rc == 0) *out = (unsigned char *)svg_with_desc(&b, in, L, out_len);
    free(b.p);
    return rc;
}

cairo_surface_t *label_raster(const label_in *in, const label_layout *L, unsigned flags)
{
    double k = L->dpi / 72.0;
    int wpx = (int)lround(L->W * k), hpx = (int)lround(L->H * k);
    raster_cache *c = cache_get();
    cairo_surface_t *sf = c != NULL ? c->sf : NULL;
    cairo_t *cr;
    if (sf != NULL && (cairo_image_surface_get_width(sf) != wpx || cairo_image_surface_get_height(sf) != hpx)) {
        cairo_surface_destroy(sf);
        sf = c->sf = NULL;
    }
    if (sf == NULL) {
        sf = cairo_image_surface_create(CAIRO_FORMAT_A8, wpx, hpx); /* zeroed */
        if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(sf);
            return NULL;
        }
        if (c != NULL) c->sf = sf;
    } else {
        /* the last label's ink: one clear, no painting */
        cairo_surface_flush(sf);
        memset(cairo_image_surface_get_data(sf), 0,
               (size_t)cairo_image_surface_get_stride(sf) * (size_t)hpx);
        cairo_surface_mark_dirty(sf);
    }
    cr = cairo_create(sf);
    cairo_scale(cr, k, k);
    label_paint(cr, L, in, k, LABEL_PAINT_INK | flags);
    cairo_destroy(cr);
    if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
        if (c != NULL) c->sf = NULL;
        cairo_surface_destroy(sf);
        return NULL;
    }
    if (c != NULL) cairo_surface_reference(sf); /* the caller's reference; the cache keeps its own */
    return sf;
}

int label_render_png(const label_in *in, const label_layout *L, unsigned char **out, size_t *out_len)
{
    buf b = {NULL, 0, 0};
    int bits = png_bits(L->dpi);
    cairo_surface_t *sf = label_raster(in, L, bits == 1 ? LABEL_PAINT_MONO : 0);
    int rc;
    if (sf == NULL) return -2;
    rc = png_from_a8(sf, L->dpi, bits, cache_get(), &b);
    cairo_surface_destroy(sf);
    if (rc != 0) {
        free(b.p);
        return rc;
    }
    *out = b.p;
    *out_len = b.n;
    return 0;
}
