/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp label: ZPL II for thermal label printers at 203, 300 or 600 dpi.
 *
 *   ^XA ^CI28 ^PW ^LL ^LH0,0      UTF-8, print width and label length
 *   ^FO x,y ^GFA,...^FS           the QR: one graphic field, each module
 *                                 exactly mod_dots x mod_dots dots
 *   ^FO x,y ^GFA,...^FS           each text block, rendered by pango at the
 *                                 printer's dpi and thresholded (text as
 *                                 graphics: no printer font, so the layout,
 *                                 CJK included, is the one of the PNG)
 *   ^FO x,y ^GB w,h,t^FS          the rule above the fallback text
 *   ^XZ
 *
 * Graphic data uses ZPL's ASCII compression: repeat counts (G..Y = 1..19,
 * g..z = 20..400), ',' for the rest of a row white, ':' for a row equal to
 * the one before.
 */
#include "label.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "util.h"

/* A repeat count: g..z = 20..400 (multiples of 20), G..Y = 1..19. */
static size_t put_count(char *o, size_t n)
{
    size_t k = 0;
    while (n >= 400) o[k++] = 'z', n -= 400;
    if (n >= 20) o[k++] = (char)('g' + n / 20 - 1), n %= 20;
    if (n > 0) o[k++] = (char)('G' + n - 1);
    return k;
}

/* One row of packed bits as compressed hex into o (room: 4 * bpr + 2);
 * returns the length. */
static size_t put_row(char *o, const unsigned char *bits, size_t bpr, char *hex)
{
    static const char hx[] = "0123456789ABCDEF";
    size_t nd = 2 * bpr, end, k = 0;
    for (size_t i = 0; i < bpr; i++) {
        hex[2 * i] = hx[bits[i] >> 4];
        hex[2 * i + 1] = hx[bits[i] & 15];
    }
    end = nd;
    while (end > 0 && hex[end - 1] == '0') end--;
    for (size_t i = 0; i < end;) {
        size_t r = 1;
        char c = hex[i];
        while (i + r < end && hex[i + r] == c) r++;
        if (r > 1) k += put_count(o + k, r);
        o[k++] = c;
        i += r;
    }
    if (end < nd) o[k++] = ',';
    o[k] = '\0';
    return k;
}

/* Fills the packed bits (zeroed, MSB first) of row y; or returns true
 * when row y is known to equal row y - 1 (bits untouched). */
typedef bool (*row_fn)(const void *ctx, int y, int w, unsigned char *bits);

static void graphic_field(label_sb *b, int fx, int fy, int w, int h, row_fn rowf, const void *ctx)
{
    size_t bpr = ((size_t)w + 7) / 8, total = bpr * (size_t)h;
    unsigned char *cur = cli_xmalloc(bpr), *prev = cli_xmalloc(bpr), *t;
    char *txt = cli_xmalloc(4 * bpr + 8), *hex = cli_xmalloc(2 * bpr + 1), head[96];
    (void)snprintf(head, sizeof head, "^FO%d,%d^GFA,%zu,%zu,%zu,", fx, fy, total, total, bpr);
    label_sb_add(b, head);
    for (int y = 0; y < h; y++) {
        bool same;
        memset(cur, 0, bpr);
        same = rowf(ctx, y, w, cur) && y > 0;
        if (!same && y > 0) same = memcmp(cur, prev, bpr) == 0;
        if (same) {
            memcpy(cur, prev, bpr);
            label_sb_add(b, ":");
        } else {
            (void)put_row(txt, cur, bpr, hex);
            label_sb_add(b, txt);
        }
        t = prev, prev = cur, cur = t;
    }
    label_sb_add(b, "^FS\n");
    free(cur);
    free(prev);
    free(txt);
    free(hex);
}

typedef struct qr_src {
    const dpp_qr *qr;
    int md;
} qr_src;

static bool qr_row(const void *ctx, int y, int w, unsigned char *bits)
{
    const qr_src *q = ctx;
    (void)w;
    if (y % q->md != 0) return true; /* the same module row as the dot row before */
    for (int mx = 0; mx < q->qr->size; mx++)
        if (dpp_qr_module(q->qr, mx, y / q->md))
            for (int x = mx * q->md; x < (mx + 1) * q->md; x++) bits[x >> 3] |= (unsigned char)(0x80u >> (x & 7));
    return false;
}

typedef struct ras_src {
    const unsigned char *px;
    int stride, x0, y0;
} ras_src;

static bool ras_row(const void *ctx, int y, int w, unsigned char *bits)
{
    const ras_src *r = ctx;
    const unsigned char *p = r->px + (size_t)(r->y0 + y) * (size_t)r->stride + (size_t)r->x0;
    for (int x = 0; x < w; x++) /* A8, the ink */
        if (p[x] >= 128) bits[x >> 3] |= (unsigned char)(0x80u >> (x & 7));
    return false;
}

int label_render_zpl(const label_in *in, const label_layout *L, unsigned char **out, size_t *out_len)
{
    label_sb b = {NULL, 0, 0};
    double k = L->dpi / 72.0;
    int wd = (int)lround(L->W * k), hd = (int)lround(L->H * k);
    char t[160];
    cairo_surface_t *sf;
    const unsigned char *px;
    int stride, sw, sh;

    if (L->dpi == 0 || L->mod_dots <= 0) return -2;
    sf = label_raster(in, L, LABEL_PAINT_MONO | LABEL_PAINT_NO_QR);
    if (sf == NULL) return -2;
    cairo_surface_flush(sf);
    px = cairo_image_surface_get_data(sf);
    stride = cairo_image_surface_get_stride(sf);
    sw = cairo_image_surface_get_width(sf);
    sh = cairo_image_surface_get_height(sf);
    (void)snprintf(t, sizeof t, "^XA\n^CI28\n^PW%d\n^LL%d\n^LH0,0\n", wd, hd);
    label_sb_add(&b, t);
    for (int i = 0; i < L->nb; i++) {
        const label_block *bl = &L->b[i];
        if (bl->pl == NULL) {
            qr_src q = {in->qr, L->mod_dots};
            int n = in->qr->size * L->mod_dots;
            int x0 = (int)lround(L->qr_x * k) + QR_BORDER * L->mod_dots;
            int y0 = (int)lround(L->qr_y * k) + QR_BORDER * L->mod_dots;
            graphic_field(&b, x0, y0, n, n, qr_row, &q);
        } else {
            int x0 = (int)floor(bl->x * k), y0 = (int)floor(bl->y * k);
            int x1 = (int)ceil((bl->x + bl->w) * k), y1 = (int)ceil((bl->y + bl->h) * k);
            ras_src r;
            if (x0 < 0) x0 = 0;
            if (y0 < 0) y0 = 0;
            if (x1 > sw) x1 = sw;
            if (y1 > sh) y1 = sh;
            if (x1 <= x0 || y1 <= y0) continue;
            r.px = px, r.stride = stride, r.x0 = x0, r.y0 = y0;
            graphic_field(&b, x0, y0, x1 - x0, y1 - y0, ras_row, &r);
        }
    }
    if (L->sep) {
        int th = (int)lround(fmax(1.0, 0.5 * k));
        (void)snprintf(t, sizeof t, "^FO%ld,%ld^GB%ld,%d,%d^FS\n", lround(L->sep_x0 * k),
                       lround(L->sep_y * k - th / 2.0), lround((L->sep_x1 - L->sep_x0) * k), th, th);
        label_sb_add(&b, t);
    }
    label_sb_add(&b, "^XZ\n");
    cairo_surface_destroy(sf);
    *out = (unsigned char *)b.s;
    *out_len = b.n;
    return 0;
}
