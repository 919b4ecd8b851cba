/* SPDX-License-Identifier: Apache-2.0 */
/* dpp label: drawing a laid-out label (label_layout.c) with cairo and
 * pango, the same for every output. */
#include "label.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "util.h"

/* The dark modules, as horizontal runs, at (x0, y0) with side mod each. */
static void qr_rects(cairo_t *cr, const dpp_qr *qr, double x0, double y0, double mod)
{
    for (int y = 0; y < qr->size; y++)
        for (int x = 0; x < qr->size;) {
            int run = 0;
            while (x + run < qr->size && dpp_qr_module(qr, x + run, y)) run++;
            if (run > 0) {
                cairo_rectangle(cr, x0 + x * mod, y0 + y * mod, run * mod, mod);
                x += run;
            } else {
                x++;
            }
        }
}

/* The dark modules as ink (255) in an A8 image (w x h pixels), md pixels
 * a module, the symbol's corner at pixel (x0, y0); what falls outside the
 * image is left out. */
static void qr_pixels(unsigned char *px, int stride, int w, int h, const dpp_qr *qr, int x0, int y0, int md)
{
    int sa = x0 < 0 ? 0 : x0, sb = x0 + qr->size * md > w ? w : x0 + qr->size * md; /* the symbol's columns */
    for (int my = 0; my < qr->size; my++) {
        int ya = y0 + my * md, yb = ya + md;
        unsigned char *first;
        if (ya < 0) ya = 0;
        if (yb > h) yb = h;
        if (ya >= yb || sa >= sb) continue;
        first = px + (size_t)ya * (size_t)stride;
        for (int mx = 0; mx < qr->size;) {
            int run = 0, xa, xb;
            while (mx + run < qr->size && dpp_qr_module(qr, mx + run, my)) run++;
            if (run == 0) {
                mx++;
                continue;
            }
            xa = x0 + mx * md, xb = x0 + (mx + run) * md;
            if (xa < 0) xa = 0;
            if (xb > w) xb = w;
            if (xa < xb) memset(first + xa, 255, (size_t)(xb - xa));
            mx += run;
        }
        /* the module's other pixel rows: copies of its first */
        for (int y = ya + 1; y < yb; y++)
            memcpy(px + (size_t)y * (size_t)stride + sa, first + sa, (size_t)(sb - sa));
    }
}

void label_paint(cairo_t *cr, const label_layout *L, const label_in *in, double px_per_pt, unsigned flags)
{
    cairo_surface_t *t = cairo_get_target(cr);
    double ink = (flags & LABEL_PAINT_INK) != 0 ? 1.0 : 0.0;
    cairo_save(cr);
    if ((flags & LABEL_PAINT_INK) == 0) {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, 0, 0, L->W, L->H);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, ink, ink, ink);
    /* On the raster's A8 (ink as alpha) pixman composites glyphs with
     * ADD at a fraction of the cost of OVER; the only difference is where
     * two antialiased glyph edges overlap (a little darker). */
    if ((flags & LABEL_PAINT_INK) != 0 && cairo_surface_get_type(t) == CAIRO_SURFACE_TYPE_IMAGE &&
        cairo_image_surface_get_format(t) == CAIRO_FORMAT_A8)
        cairo_set_operator(cr, CAIRO_OPERATOR_ADD);
    if ((flags & LABEL_PAINT_MONO) != 0) cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    for (int i = 0; i < L->nb; i++) {
        const label_block *b = &L->b[i];
        if (b->pl == NULL) continue;
        cairo_move_to(cr, b->ox, b->oy);
        pango_cairo_show_layout(cr, b->pl);
    }
    if (L->sep) {
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, L->sep_x0, L->sep_y);
        cairo_line_to(cr, L->sep_x1, L->sep_y);
        cairo_stroke(cr);
    }
    if ((flags & LABEL_PAINT_NO_QR) != 0) {
        /* the caller draws the symbol */
    } else if (px_per_pt > 0 && L->mod_dots > 0 && (flags & LABEL_PAINT_INK) != 0 &&
               cairo_surface_get_type(t) == CAIRO_SURFACE_TYPE_IMAGE &&
               cairo_image_surface_get_format(t) == CAIRO_FORMAT_A8) {
        /* The raster (label_raster): the modules written straight into
         * its pixels, whole pixels each, on the pixel grid. */
        int md = L->mod_dots, x0 = (int)lround(L->qr_x * px_per_pt) + QR_BORDER * md;
        int y0 = (int)lround(L->qr_y * px_per_pt) + QR_BORDER * md;
        cairo_surface_flush(t);
        qr_pixels(cairo_image_surface_get_data(t), cairo_image_surface_get_stride(t),
                  cairo_image_surface_get_width(t), cairo_image_surface_get_height(t), in->qr, x0, y0, md);
        cairo_surface_mark_dirty(t);
    } else if (px_per_pt > 0 && L->mod_dots > 0) {
        /* Another raster at the layout's dpi: whole pixels per module,
         * placed on the pixel grid, no antialiasing. */
        double x0 = round(L->qr_x * px_per_pt) + QR_BORDER * L->mod_dots;
        double y0 = round(L->qr_y * px_per_pt) + QR_BORDER * L->mod_dots;
        cairo_save(cr); /* the caller's matrix is a plain scale by px_per_pt */
        cairo_identity_matrix(cr);
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
        qr_rects(cr, in->qr, x0, y0, L->mod_dots);
        cairo_fill(cr);
        cairo_restore(cr);
    } else if (cairo_surface_get_type(t) == CAIRO_SURFACE_TYPE_PDF ||
               cairo_surface_get_type(t) == CAIRO_SURFACE_TYPE_RECORDING) {
        /* PDF: the symbol as an image mask, one sample per module, scaled
         * without interpolation: exact edges at any resolution, and a few
         * hundred bytes instead of thousands of rectangles. */
        int n = in->qr->size, stride = cairo_format_stride_for_width(CAIRO_FORMAT_A8, n);
        unsigned char *px = cli_xmalloc((size_t)stride * (size_t)n);
        cairo_surface_t *img;
        cairo_pattern_t *pat;
        cairo_matrix_t mx;
        double m = L->mod_pt;
        memset(px, 0, (size_t)stride * (size_t)n);
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
                if (dpp_qr_module(in->qr, x, y)) px[(size_t)y * (size_t)stride + (size_t)x] = 255;
        img = cairo_image_surface_create_for_data(px, CAIRO_FORMAT_A8, n, n, stride);
        pat = cairo_pattern_create_for_surface(img);
        cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
        cairo_matrix_init_scale(&mx, 1.0 / m, 1.0 / m);
        cairo_matrix_translate(&mx, -(L->qr_x + QR_BORDER * m), -(L->qr_y + QR_BORDER * m));
        cairo_pattern_set_matrix(pat, &mx);
        cairo_mask(cr, pat);
        cairo_pattern_destroy(pat);
        cairo_surface_finish(img);
        cairo_surface_destroy(img);
        free(px);
    } else {
        double m = L->mod_pt;
        qr_rects(cr, in->qr, L->qr_x + QR_BORDER * m, L->qr_y + QR_BORDER * m, m);
        cairo_fill(cr);
    }
    cairo_restore(cr);
}

void label_cleanup(void)
{
    label_raster_release();
    pango_cairo_font_map_set_default(NULL);
}
