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

/* ---- PNG: 4-bit grey (16 levels: enough for antialiased text), written here ---- */

static void be32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void png_chunk(buf *b, const char *type, const unsigned char *data, size_t n)
{
    unsigned char h[8], c[4];
    unsigned long crc;
    be32(h, (unsigned long)n);
    memcpy(h + 4, type, 4);
    (void)buf_write(b, h, 8);
    if (n > 0) (void)buf_write(b, data, (unsigned)n);
    crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)type, 4);
    if (n > 0) crc = crc32(crc, data, (uInt)n);
    be32(c, crc);
    (void)buf_write(b, c, 4);
}

/* ---- A run-length deflate stream (RFC 1951, fixed Huffman codes) ----
 *
 * Labels are mostly white: zlib's deflate spends most of a label's time
 * looking for matches in two megabytes of 0xFF. Here every run of equal
 * bytes is one literal and copies at distance 1 (found a machine word at
 * a time), everything else a literal; the Adler-32 of a run is computed in
 * closed form. About 2x larger than zlib at level 6, 5x faster. */

typedef struct bw {
    unsigned char *p; /* room for every byte written (sized by the caller) */
    size_t n;
    uint64_t acc;
    unsigned nb;
    uint16_t code[288]; /* fixed Huffman codes, bit-reversed */
    unsigned char len[288];
} bw;

static void bw_put(bw *w, uint32_t bits, unsigned n) /* LSB first */
{
    w->acc |= (uint64_t)bits << w->nb;
    w->nb += n;
    while (w->nb >= 8) {
        w->p[w->n++] = (unsigned char)w->acc;
        w->acc >>= 8;
        w->nb -= 8;
    }
}

static uint32_t rev(uint32_t v, unsigned n)
{
    uint32_t r = 0;
    for (unsigned i = 0; i < n; i++) r = (r << 1) | ((v >> i) & 1u);
    return r;
}

static void bw_init(bw *w, unsigned char *p)
{
    memset(w, 0, sizeof *w);
    w->p = p;
    for (unsigned sym = 0; sym < 288; sym++) {
        uint32_t c;
        unsigned n;
        if (sym < 144) c = 0x30 + sym, n = 8;
        else if (sym < 256) c = 0x190 + sym - 144, n = 9;
        else if (sym < 280) c = sym - 256, n = 7;
        else c = 0xc0 + sym - 280, n = 8;
        w->code[sym] = (uint16_t)rev(c, n);
        w->len[sym] = (unsigned char)n;
    }
}

/* Fixed Huffman code of a literal/length symbol. */
static void put_sym(bw *w, unsigned sym) { bw_put(w, w->code[sym], w->len[sym]); }

/* A copy of len (3..258) bytes at distance 1. */
static void put_copy(bw *w, unsigned len)
{
    static const unsigned short base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                            31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    static const unsigned char extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                            2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    unsigned i = 28;
    while (base[i] > len) i--;
    put_sym(w, 257 + i);
    if (extra[i] > 0) bw_put(w, len - base[i], extra[i]);
    bw_put(w, 0, 5); /* distance code 0: distance 1 */
}

/* Adler-32 with the modulo deferred as zlib does (5552 bytes at most
 * between reductions); a run of n equal bytes in closed form. */
typedef struct adler {
    uint64_t a, b;
    unsigned pending;
} adler;

#define ADLER_MOD 65521u

static void adler_reduce(adler *ad)
{
    ad->a %= ADLER_MOD;
    ad->b %= ADLER_MOD;
    ad->pending = 0;
}

static void adler_run(adler *ad, unsigned v, size_t n) /* n bytes of value v */
{
    if (n < 64) {
        if (ad->pending + n >= 5552) adler_reduce(ad);
        /* b += n*a + v*n(n+1)/2 ; a += n*v, without a modulo */
        ad->b += n * ad->a + v * (n * (n + 1) / 2);
        ad->a += v * n;
        ad->pending += (unsigned)n;
        return;
    }
    adler_reduce(ad);
    {
        uint64_t nn = n % ADLER_MOD;
        /* b += n*a + v*n(n+1)/2 ; a += n*v */
        ad->b = (ad->b + nn * ad->a + (uint64_t)v * ((n * (n + 1) / 2) % ADLER_MOD)) % ADLER_MOD;
        ad->a = (ad->a + (uint64_t)v * nn) % ADLER_MOD;
    }
}

/* Bytes of p equal to p[0] from the start (at most max). */
static size_t run_len(const unsigned char *p, size_t max)
{
    size_t i = 1;
    uint64_t pat;
    memset(&pat, p[0], sizeof pat);
    while (i + 8 <= max) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        if (v != pat) break;
        i += 8;
    }
    while (i < max && p[i] == p[0]) i++;
    return i;
}

/* Encodes data (one PNG row at a time) into the open block. */
static void rle_data(bw *w, adler *ad, const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t r;
        if (i + 3 >= n || p[i + 1] != p[i] || p[i + 2] != p[i] || p[i + 3] != p[i]) {
            /* not a run of 4 or more (antialiased edges): a literal, the
             * fast path */
            unsigned v = p[i++];
            w->acc |= (uint64_t)w->code[v] << w->nb;
            w->nb += w->len[v];
            if (w->nb >= 32) {
                w->p[w->n] = (unsigned char)w->acc;
                w->p[w->n + 1] = (unsigned char)(w->acc >> 8);
                w->p[w->n + 2] = (unsigned char)(w->acc >> 16);
                w->p[w->n + 3] = (unsigned char)(w->acc >> 24);
                w->n += 4;
                w->acc >>= 32;
                w->nb -= 32;
            }
            ad->a += v;
            ad->b += ad->a;
            if (++ad->pending >= 5552) adler_reduce(ad);
            continue;
        }
        r = run_len(p + i, n - i);
        put_sym(w, p[i]);
        adler_run(ad, p[i], r);
        for (size_t left = r - 1; left > 0;) {
            if (left < 3) {
                put_sym(w, p[i]);
                left--;
                continue;
            }
            {
                unsigned k = left > 258 ? 258 : (unsigned)left;
                if (left - k > 0 && left - k < 3) k -= 3; /* leave a copy of 3 for the rest */
                put_copy(w, k);
                left -= k;
            }
        }
        i += r;
    }
}

/* The label_raster() surface (ink in its green byte) as a grey PNG with a pHYs chunk at dpi so
 * that it prints at size. 0 or -2. */
static int png_from_a8(cairo_surface_t *sf, double dpi, buf *b)
{
    int w = cairo_image_surface_get_width(sf), h = cairo_image_surface_get_height(sf);
    int stride = cairo_image_surface_get_stride(sf);
    const unsigned char *px;
    unsigned char ihdr[13], phys[9], *row;
    unsigned long ppm = (unsigned long)lround(dpi / 0.0254);
    unsigned char *zp, lvl[256], *prev, *upr, *t, *tmp;
    size_t zcap, rb;
    bw bits;
    adler ad = {1, 0, 0};

    cairo_surface_flush(sf);
    px = cairo_image_surface_get_data(sf);
    if (px == NULL) return -2;
    (void)buf_write(b, (const unsigned char *)"\x89PNG\r\n\x1a\n", 8);
    be32(ihdr, (unsigned long)w);
    be32(ihdr + 4, (unsigned long)h);
    ihdr[8] = 4, ihdr[9] = 0, ihdr[10] = 0, ihdr[11] = 0, ihdr[12] = 0; /* 4-bit grey */
    png_chunk(b, "IHDR", ihdr, 13);
    be32(phys, ppm);
    be32(phys + 4, ppm);
    phys[8] = 1; /* metre */
    png_chunk(b, "pHYs", phys, 9);

    /* zlib header (deflate, 32 KiB window, no dictionary), one final
     * fixed-Huffman block (at most 9 bits a byte), Adler-32. */
    rb = ((size_t)w + 1) / 2 + 1; /* filter byte + two pixels a byte */
    zcap = rb * (size_t)h / 8 * 9 + (size_t)h + 64;
    for (int v = 0; v < 256; v++) lvl[v] = (unsigned char)((255 - v + 8) / 17); /* ink -> 0..15 */
    zp = cli_xmalloc(zcap);
    zp[0] = 0x78, zp[1] = 0x01;
    bw_init(&bits, zp);
    bits.n = 2;
    bw_put(&bits, 1, 1); /* BFINAL */
    bw_put(&bits, 1, 2); /* BTYPE 01: fixed codes */
    row = cli_xmalloc(rb);
    tmp = cli_xmalloc((size_t)w);
    prev = cli_xmalloc(rb);
    upr = cli_xmalloc(rb);
    for (int y = 0; y < h; y++) {
        const unsigned char *src0 = px + (size_t)y * (size_t)stride;
        unsigned char *src = tmp;
        for (int x = 0; x < w; x++) src[x] = src0[4 * x + 1]; /* ink: the green byte of white-on-black */
        row[0] = 0; /* filter: none */
        size_t x0 = 0;
        uint64_t word;
        /* a white row (most of them): no conversion, one run */
        while (x0 + 8 <= (size_t)w && (memcpy(&word, src + x0, 8), word == 0)) x0 += 8;
        while (x0 < (size_t)w && src[x0] == 0) x0++;
        if (x0 == (size_t)w) {
            memset(row + 1, 0xff, rb - 1);
            if (w % 2 != 0) row[rb - 1] = 0xf0;
        } else {
            for (int x = 0; x + 1 < w; x += 2) row[x / 2 + 1] = (unsigned char)(lvl[src[x]] << 4 | lvl[src[x + 1]]);
            if (w % 2 != 0) row[rb - 1] = (unsigned char)(lvl[src[w - 1]] << 4);
        }
        if (y > 0 && memcmp(row + 1, prev + 1, rb - 1) == 0) {
            /* the same as the row above (the QR's module rows): filter Up,
             * all zero, one run */
            memset(upr + 1, 0, rb - 1);
            upr[0] = 2;
            rle_data(&bits, &ad, upr, rb);
        } else {
            row[0] = 0;
            rle_data(&bits, &ad, row, rb);
            t = prev, prev = row, row = t;
        }
    }
    free(row);
    free(tmp);
    free(prev);
    free(upr);
    put_sym(&bits, 256); /* end of block */
    if (bits.nb > 0) bw_put(&bits, 0, 8 - bits.nb);
    adler_reduce(&ad);
    be32(zp + bits.n, (unsigned long)((ad.b << 16) | ad.a));
    png_chunk(b, "IDAT", zp, bits.n + 4);
    free(zp);
    png_chunk(b, "IEND", NULL, 0);
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

cairo_surface_t *label_raster(const label_in *in, const label_layout *L, bool mono)
{
    double k = L->dpi / 72.0;
    int wpx = (int)lround(L->W * k), hpx = (int)lround(L->H * k);
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, wpx, hpx);
    cairo_t *cr = cairo_create(sf);
    cairo_scale(cr, k, k);
    label_paint(cr, L, in, k, LABEL_PAINT_INK | (mono ? LABEL_PAINT_MONO : 0u));
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
    cairo_surface_t *sf = label_raster(in, L, false);
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
