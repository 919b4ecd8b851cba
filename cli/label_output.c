/* SPDX-License-Identifier: Apache-2.0 */
/* dpp label: the SVG (title, passport text and summary as metadata) and
 * PNG (print size in a pHYs chunk) files. */
#include "label.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-svg.h>
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
        if (*t == '<') label_sb_add(b, "&lt;");
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
static char *svg_with_desc(const buf *svg, const label_in *in, size_t *out_len)
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
    if (in->is_link && in->hri_lines[0] != '\0') {
        /* the human-readable link under the code, line by line as printed */
        label_sb_add(&b, "\n<metadata id=\"dpp-link-text\">");
        xml_escape(&b, in->hri_lines);
        label_sb_add(&b, "</metadata>");
    }
    {
        /* The summary as plain text (the drawing has glyph outlines only):
         * for search, screen readers and checks of what the label states. */
        char *plain = NULL;
        if (in->summary != NULL && pango_parse_markup(in->summary, -1, 0, NULL, &plain, NULL, NULL) && plain != NULL) {
            label_sb_add(&b, "\n<metadata id=\"dpp-summary\">");
            xml_escape(&b, plain);
            label_sb_add(&b, "</metadata>");
        }
        g_free(plain);
    }
    label_sb_add(&b, doc + at);
    free(doc);
    free(text);
    *out_len = b.n;
    return b.s;
}

/* Adds a pHYs chunk (dots per metre) after IHDR so the PNG prints at size. */
static unsigned char *png_with_dpi(const buf *png, unsigned dpi, size_t *out_len)
{
    unsigned char chunk[21], *out;
    unsigned long ppm = (unsigned long)lround(dpi / 0.0254), crc;
    const size_t ihdr_end = 8 + 25;
    if (png->n < ihdr_end || memcmp(png->p + 12, "IHDR", 4) != 0) {
        out = cli_xmalloc(png->n);
        memcpy(out, png->p, png->n);
        *out_len = png->n;
        return out;
    }
    chunk[0] = 0, chunk[1] = 0, chunk[2] = 0, chunk[3] = 9;
    memcpy(chunk + 4, "pHYs", 4);
    for (int i = 0; i < 2; i++) {
        chunk[8 + 4 * i] = (unsigned char)(ppm >> 24);
        chunk[9 + 4 * i] = (unsigned char)(ppm >> 16);
        chunk[10 + 4 * i] = (unsigned char)(ppm >> 8);
        chunk[11 + 4 * i] = (unsigned char)ppm;
    }
    chunk[16] = 1; /* unit: metre */
    crc = crc32(crc32(0L, Z_NULL, 0), chunk + 4, 13); /* over type and data */
    chunk[17] = (unsigned char)(crc >> 24);
    chunk[18] = (unsigned char)(crc >> 16);
    chunk[19] = (unsigned char)(crc >> 8);
    chunk[20] = (unsigned char)crc;
    out = cli_xmalloc(png->n + 21);
    memcpy(out, png->p, ihdr_end);
    memcpy(out + ihdr_end, chunk, 21);
    memcpy(out + ihdr_end + 21, png->p + ihdr_end, png->n - ihdr_end);
    *out_len = png->n + 21;
    return out;
}

int label_render_svg(const label_in *in, double W, double H, unsigned char **out, size_t *out_len, int *unknown)
{
    buf b = {NULL, 0, 0};
    cairo_surface_t *sf = cairo_svg_surface_create_for_stream(buf_write, &b, W, H);
    cairo_t *cr = cairo_create(sf);
    int rc = label_draw(cr, in, W, H, 0, unknown);
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    if (rc == 0 && cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) rc = -2;
    cairo_surface_destroy(sf);
    if (rc == 0) *out = (unsigned char *)svg_with_desc(&b, in, out_len);
    free(b.p);
    return rc;
}

int label_render_png(const label_in *in, double W, double H, unsigned dpi, unsigned char **out, size_t *out_len,
                      int *unknown)
{
    buf b = {NULL, 0, 0};
    double k = dpi / 72.0;
    int wpx = (int)lround(W * k), hpx = (int)lround(H * k);
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, wpx, hpx);
    cairo_t *cr = cairo_create(sf);
    int rc;
    cairo_scale(cr, k, k);
    rc = label_draw(cr, in, W, H, k, unknown);
    cairo_destroy(cr);
    if (rc == 0 && cairo_surface_write_to_png_stream(sf, buf_write, &b) != CAIRO_STATUS_SUCCESS) rc = -2;
    cairo_surface_destroy(sf);
    if (rc == 0) *out = png_with_dpi(&b, dpi, out_len);
    free(b.p);
    return rc;
}

void label_cleanup(void) { pango_cairo_font_map_set_default(NULL); }

