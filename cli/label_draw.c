/* SPDX-License-Identifier: Apache-2.0 */
/* dpp label: the layout (portrait or landscape, QR as large as the space
 * allows, text sized to fit) and the drawing with cairo and pango. */
#include "label.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "common.h"
#include "util.h"

typedef struct lay {
    double W, H, m;            /* points */
    bool landscape;
    bool raster;
    double title_pt, body_pt, mono_pt;
    double qr_x, qr_y, qr_side;
    PangoLayout *title, *caption, *summary, *fb_head, *fb_text, *hri;
    double title_y, caption_y, summary_y, fb_head_y, fb_text_y, col_x, col_w;
    double hri_y, hri_w;
    double sep_y;
} lay;

static PangoLayout *mk_layout(cairo_t *cr, bool raster, const char *family, double pt, bool bold, double width, const char *markup,
                              bool plain)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(family);
    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (!raster) {
        /* Vector output: exact (unhinted) metrics. Raster output keeps
         * hinted metrics, so glyphs sit on whole pixels and spacing is even. */
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(pango_layout_get_context(l), fo);
        cairo_font_options_destroy(fo);
        pango_layout_context_changed(l);
    }
    pango_layout_set_width(l, width < 0 ? -1 : (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    if (plain) pango_layout_set_text(l, markup, -1);
    else pango_layout_set_markup(l, markup, -1);
    return l;
}

static double lh(PangoLayout *l)
{
    int w, h;
    if (l == NULL) return 0;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void lay_free(lay *L)
{
    if (L->title) g_object_unref(L->title);
    if (L->caption) g_object_unref(L->caption);
    if (L->summary) g_object_unref(L->summary);
    if (L->fb_head) g_object_unref(L->fb_head);
    if (L->fb_text) g_object_unref(L->fb_text);
    if (L->hri) g_object_unref(L->hri);
    L->title = L->caption = L->summary = L->fb_head = L->fb_text = L->hri = NULL;
}

#define SANS "DejaVu Sans, Noto Sans CJK SC, Sans"
#define MONO "DejaVu Sans Mono, Noto Sans Mono, Monospace"

/* The fallback text broken into lines of `per` characters, spaces made
 * visible (U+2423), so a line end never hides a space. */
static char *break_text(const char *t, size_t n, size_t per)
{
    size_t cap = n * 3 + n / (per ? per : 1) + 2, o = 0;
    char *s = cli_xmalloc(cap);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && i % per == 0) s[o++] = '\n';
        if (t[i] == ' ') {
            memcpy(s + o, "\xe2\x90\xa3", 3);
            o += 3;
        } else {
            s[o++] = t[i];
        }
    }
    s[o] = '\0';
    return s;
}

/* Width in points of text laid out on one line with l's font. */
static double text_width(PangoLayout *l, const char *t, size_t n)
{
    int w, h;
    pango_layout_set_text(l, t, (int)n);
    pango_layout_get_size(l, &w, &h);
    return (double)w / PANGO_SCALE;
}

/* The human-readable link for a column maxw points wide, centred, broken
 * into lines only before a '/': preferably before a path prefix segment or
 * an AI, so that "/10/H25-03147" stays on one line; between an AI and its
 * value only when the pair alone is too wide. Each line is as full as
 * fits. NULL if one segment ("/H25-03147", the host) alone is wider than
 * maxw (the caller then tries a smaller type). */
static PangoLayout *hri_layout(cairo_t *cr, const lay *L, const char *hri, double pt, double maxw)
{
    PangoLayout *l = mk_layout(cr, L->raster, SANS, pt, false, -1, "", true);
    size_t n = strlen(hri), start = 0, o = 0, nb = 0, seg = 0;
    size_t *brk = cli_xmalloc((n + 1) * sizeof *brk); /* break offsets: before a '/', and n */
    bool *pref = cli_xmalloc((n + 1) * sizeof *pref);  /* a preferred break */
    char *out = cli_xmalloc(2 * n + 1);
    bool in_ais = false;
    /* Path segments after the host: prefix segments (never all digits),
     * then AI, value, AI, value... from the first all-digit one (01). */
    for (size_t i = 0; i < n; i++) {
        size_t j = i + 1;
        bool digits = true;
        if (hri[i] != '/') continue;
        while (j < n && hri[j] != '/') digits = digits && hri[j] >= '0' && hri[j] <= '9', j++;
        if (!in_ais && digits && j > i + 1) in_ais = true, seg = 0;
        brk[nb] = i;
        pref[nb++] = !in_ais || seg % 2 == 0;
        if (in_ais) seg++;
    }
    brk[nb] = n;
    pref[nb++] = true;
    /* one point of slack so that pango's own wrapping never applies */
    maxw -= 1.0;
    while (start < n) {
        size_t fit = 0;
        for (int pass = 0; pass < 2 && fit == 0; pass++)
            for (size_t k = 0; k < nb; k++) {
                if (brk[k] <= start || (pass == 0 && !pref[k])) continue;
                if (text_width(l, hri + start, brk[k] - start) > maxw) break;
                fit = brk[k];
            }
        if (fit == 0) {
            free(out);
            free(brk);
            free(pref);
            g_object_unref(l);
            return NULL;
        }
        if (o > 0) out[o++] = '\n';
        memcpy(out + o, hri + start, fit - start);
        o += fit - start;
        start = fit;
    }
    out[o] = '\0';
    pango_layout_set_width(l, (int)((maxw + 1.0) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, out, -1);
    free(out);
    free(brk);
    free(pref);
    return l;
}

/* Lays the label out at font scale s; 0 if the QR modules are large enough. */
static int layout(cairo_t *cr, const label_in *in, lay *L, double s, double *module_mm)
{
    double W_mm = L->W / MM, gap = 1.6 * MM, cw, avail, char_w, text_h, hri_h;
    int modules = in->qr->size + 2 * QR_BORDER;
    char *title_m, *fb;
    size_t per;
    PangoLayout *probe;
    int pw, ph;

    lay_free(L);
    L->m = 4 * MM;
    L->landscape = L->W > 1.2 * L->H;
    L->title_pt = fmin(fmax(W_mm * (L->landscape ? 0.08 : 0.13), 9.0), 20.0) * s;
    L->body_pt = fmax(5.5, W_mm * (L->landscape ? 0.045 : 0.072)) * s;
    L->mono_pt = fmax(4.5, W_mm * (L->landscape ? 0.034 : 0.052)) * s;

    if (L->landscape) {
        L->qr_side = fmin(L->H - 2 * L->m - 3 * MM, L->W * 0.45);
        L->col_x = L->m + L->qr_side + 2 * L->m;
        cw = L->W - L->col_x - L->m;
    } else {
        L->col_x = L->m;
        cw = L->W - 2 * L->m;
    }
    L->col_w = cw;

    title_m = g_markup_escape_text(in->passport->name[0] != '\0' ? in->passport->name : "?", -1);
    L->title = mk_layout(cr, L->raster, SANS, L->title_pt, true, cw, title_m, false);
    g_free(title_m);
    pango_layout_set_height(L->title, -2); /* at most two lines */
    pango_layout_set_ellipsize(L->title, PANGO_ELLIPSIZE_END);
    L->caption = mk_layout(cr, L->raster, SANS, L->body_pt * 0.85, false, L->landscape ? L->qr_side : cw,
                           "Digital product passport · scan to verify offline", true);
    pango_layout_set_alignment(L->caption, PANGO_ALIGN_CENTER);
    L->summary = mk_layout(cr, L->raster, SANS, L->body_pt, false, cw, in->summary, false);
    if (in->is_link) {
        /* GS1 Digital Link: its human-readable form under the symbol; no
         * fallback block (the full link is in the SVG's <desc>). */
        L->hri_w = L->landscape ? L->qr_side : cw;
        L->hri = hri_layout(cr, L, in->hri, L->body_pt * 0.9, L->hri_w);
        if (L->hri == NULL) return -1;
        goto placed_text;
    }
    L->fb_head = mk_layout(cr, L->raster, SANS, L->body_pt * 0.8, false, cw,
                           "Passport text (if the code cannot be scanned; \xe2\x90\xa3 = space):", true);

    /* Characters per line of the monospace block. */
    probe = mk_layout(cr, L->raster, MONO, L->mono_pt, false, -1, "0000000000", true);
    pango_layout_get_size(probe, &pw, &ph);
    g_object_unref(probe);
    char_w = (double)pw / PANGO_SCALE / 10.0;
    per = char_w > 0 ? (size_t)floor(cw / char_w) : 40;
    if (per < 8) per = 8;
    fb = break_text(in->text, in->text_len, per);
    L->fb_text = mk_layout(cr, L->raster, MONO, L->mono_pt, false, -1, fb, true);
    free(fb);

placed_text:
    hri_h = L->hri != NULL ? lh(L->hri) + 0.5 * gap : 0;
    if (L->hri != NULL) text_h = lh(L->title) + gap + lh(L->summary);
    else text_h = lh(L->title) + gap + lh(L->summary) + gap + lh(L->fb_head) + 0.5 * gap + lh(L->fb_text);
    if (L->landscape) {
        double cap_h = lh(L->caption);
        L->qr_side = fmin(L->qr_side, L->H - 2 * L->m - cap_h - hri_h - 0.5 * gap);
        L->qr_x = L->m;
        L->qr_y = L->m;
        L->hri_y = L->qr_y + L->qr_side + 0.5 * gap;
        L->caption_y = L->qr_y + L->qr_side + 0.5 * gap + hri_h;
        L->title_y = L->m;
        L->summary_y = L->title_y + lh(L->title) + gap;
        L->sep_y = L->summary_y + lh(L->summary) + 0.5 * gap;
        L->fb_head_y = L->sep_y + 0.5 * gap;
        L->fb_text_y = L->fb_head_y + lh(L->fb_head) + 0.5 * gap;
        if (text_h > L->H - 2 * L->m) return -1;
    } else {
        avail = L->H - 2 * L->m - text_h - lh(L->caption) - hri_h - 2.5 * gap;
        L->qr_side = fmin(cw, avail);
        if (L->qr_side <= 0) return -1;
        /* Title at the top, the text blocks at the bottom, the QR centred
         * in the space between them. */
        L->title_y = L->m;
        L->fb_text_y = L->H - L->m - lh(L->fb_text);
        L->fb_head_y = L->fb_text_y - 0.5 * gap - lh(L->fb_head);
        L->sep_y = L->fb_head_y - 0.5 * gap;
        L->summary_y = L->sep_y - 0.5 * gap - lh(L->summary);
        if (L->hri != NULL) L->summary_y = L->H - L->m - lh(L->summary);
        L->qr_x = (L->W - L->qr_side) / 2;
        L->qr_y = L->title_y + lh(L->title) + gap + (avail - L->qr_side) / 2;
        L->hri_y = L->qr_y + L->qr_side + 0.5 * gap;
        L->caption_y = L->qr_y + L->qr_side + 0.5 * gap + hri_h;
    }
    *module_mm = L->qr_side / MM / modules;
    return *module_mm >= MIN_MODULE_MM ? 0 : -1;
}

static void draw_qr(cairo_t *cr, const lay *L, const dpp_qr *qr, double px_per_pt)
{
    int modules = qr->size + 2 * QR_BORDER;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (px_per_pt > 0) {
        /* Raster: whole pixels per module, no antialiasing. */
        double side_px = L->qr_side * px_per_pt;
        int mpx = (int)floor(side_px / modules);
        double x0, y0;
        if (mpx < 1) mpx = 1;
        x0 = floor(L->qr_x * px_per_pt + (side_px - mpx * modules) / 2) + QR_BORDER * mpx;
        y0 = floor(L->qr_y * px_per_pt + (side_px - mpx * modules) / 2) + QR_BORDER * mpx;
        cairo_identity_matrix(cr);
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
        for (int y = 0; y < qr->size; y++)
            for (int x = 0; x < qr->size;) {
                int run = 0;
                while (x + run < qr->size && dpp_qr_module(qr, x + run, y)) run++;
                if (run > 0) {
                    cairo_rectangle(cr, x0 + x * mpx, y0 + y * mpx, run * mpx, mpx);
                    x += run;
                } else {
                    x++;
                }
            }
    } else {
        double mod = L->qr_side / modules;
        double x0 = L->qr_x + QR_BORDER * mod, y0 = L->qr_y + QR_BORDER * mod;
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
    cairo_fill(cr);
    cairo_restore(cr);
}

static void show(cairo_t *cr, PangoLayout *l, double x, double y)
{
    cairo_move_to(cr, x, y);
    pango_cairo_update_layout(cr, l);
    pango_cairo_show_layout(cr, l);
}

static int count_unknown(const lay *L)
{
    return pango_layout_get_unknown_glyphs_count(L->title) + pango_layout_get_unknown_glyphs_count(L->summary) +
           (L->fb_text != NULL ? pango_layout_get_unknown_glyphs_count(L->fb_text) : 0) +
           pango_layout_get_unknown_glyphs_count(L->caption) +
           (L->fb_head != NULL ? pango_layout_get_unknown_glyphs_count(L->fb_head) : 0) +
           (L->hri != NULL ? pango_layout_get_unknown_glyphs_count(L->hri) : 0);
}

/* Draws the whole label on cr (user space in points). px_per_pt > 0 for
 * raster output. Returns 0, or -1 if it does not fit (message printed). */
int label_draw(cairo_t *cr, const label_in *in, double W, double H, double px_per_pt, int *unknown)
{
    lay L;
    double s = 1.0, module_mm = 0;
    int fit = -1;

    memset(&L, 0, sizeof L);
    L.W = W;
    L.H = H;
    L.raster = px_per_pt > 0;
    for (int tries = 0; tries < 8 && fit != 0; tries++, s *= 0.9) fit = layout(cr, in, &L, s, &module_mm);
    if (fit != 0) {
        lay_free(&L);
        return -1;
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    show(cr, L.title, L.col_x, L.title_y);
    draw_qr(cr, &L, in->qr, px_per_pt);
    show(cr, L.caption, L.landscape ? L.qr_x : L.col_x, L.caption_y);
    show(cr, L.summary, L.col_x, L.summary_y);
    if (L.hri != NULL) {
        (void)snprintf(in->hri_lines, 2 * sizeof in->hri, "%s", pango_layout_get_text(L.hri));
        /* centred under the symbol */
        show(cr, L.hri, L.landscape ? L.qr_x + (L.qr_side - L.hri_w) / 2 : L.col_x, L.hri_y);
    } else {
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, L.col_x, L.sep_y);
        cairo_line_to(cr, L.col_x + L.col_w, L.sep_y);
        cairo_stroke(cr);
        show(cr, L.fb_head, L.col_x, L.fb_head_y);
        show(cr, L.fb_text, L.col_x, L.fb_text_y);
    }
    *unknown = count_unknown(&L);
    lay_free(&L);
    return 0;
}

