/* SPDX-License-Identifier: Apache-2.0 */
/* dpp label: the SVG (title, passport text and summary as metadata) and
 * PNG (print size in a pHYs chunk) files. */
#include "label.h"

#include <math.h>
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

/* ---- PNG: 4-bit grey (16 levels: enough for antialiased text), via libpng ----
 *
 * Labels are mostly white, and their QR rows repeat: every row is filtered
 * "Up" (a row equal to the one above becomes zeros) and zlib runs its
 * run-length strategy (Z_RLE), which finds those runs at a fraction of the
 * cost of its default search. */

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

/* The label_raster() surface (ink in its green byte) as a grey PNG with a
 * pHYs chunk at dpi so that it prints at size. 0 or -2. */
static int png_from_a8(cairo_surface_t *sf, double dpi, buf *b)
{
    int w = cairo_image_surface_get_width(sf), h = cairo_image_surface_get_height(sf);
    int stride = cairo_image_surface_get_stride(sf);
    const unsigned char *px;
    png_uint_32 ppm = (png_uint_32)lround(dpi / 0.0254);
    unsigned char lvl[256];
    size_t rb = ((size_t)w + 1) / 2; /* two pixels a byte */
    unsigned char *volatile row = NULL;
    png_structp png;
    png_infop info;

    cairo_surface_flush(sf);
    px = cairo_image_surface_get_data(sf);
    if (px == NULL) return -2;
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, NULL);
    if (png == NULL) return -2;
    info = png_create_info_struct(png);
    if (info == NULL || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        return -2;
    }
    row = cli_xmalloc(rb);
    for (int v = 0; v < 256; v++) lvl[v] = (unsigned char)((255 - v + 8) / 17); /* ink -> 0..15 */
    png_set_write_fn(png, b, png_write_buf, png_flush_buf);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 4, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
    png_set_compression_strategy(png, Z_RLE);
    png_set_compression_level(png, 1);
    png_set_compression_buffer_size(png, 1u << 16);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        /* RGB24 pixels as native 32-bit words 0x00RRGGBB; the ink is white */
        const uint32_t *src = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
        for (int x = 0; x + 1 < w; x += 2)
            row[x / 2] = (unsigned char)(lvl[(src[x] >> 8) & 0xffu] << 4 | lvl[(src[x + 1] >> 8) & 0xffu]);
        if (w % 2 != 0) row[rb - 1] = (unsigned char)(lvl[(src[w - 1] >> 8) & 0xffu] << 4);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
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
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, wpx, hpx);
    cairo_t *cr = cairo_create(sf);
    cairo_scale(cr, k, k);
    label_paint(cr, L, in, k, LABEL_PAINT_INK | flags);
    cairo_destroy(cr);
    if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(sf);
        return NULL;
    }
    return sf;
}

int label_render_png(const label_in *in, const label_layout *L, unsigned char **out, size_t *out_len)
{
    buf b = {NULL, 0, 0};
    cairo_surface_t *sf = label_raster(in, L, 0);
    int rc;
    if (sf == NULL) return -2;
    rc = png_from_a8(sf, L->dpi, &b);
    cairo_surface_destroy(sf);
    if (rc != 0) {
        free(b.p);
        return rc;
    }
    *out = b.p;
    *out_len = b.n;
    return 0;
}
