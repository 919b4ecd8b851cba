/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp label: where everything goes, and the scannability rule.
 *
 * Portrait stock:            Landscape stock (wider than 1.2 x tall):
 *   product name (<= 2 lines)   QR    | product name
 *   GTIN / batch / serial       link  | GTIN / batch / serial
 *   QR (quiet zone included)    caption | summary
 *   human-readable link               | fallback
 *   caption (ECC, module size)
 *   summary
 *   fallback text
 *
 * The QR module is a whole number of dots at the raster resolution (PNG,
 * ZPL), the same in every output of the run, and at least min_module_mm;
 * the quiet zone (4 modules) is part of the QR box and no other box may
 * touch it. The product name and the identifiers are never made smaller;
 * when the QR does not get its modules, the secondary text gives way, step
 * by step, each step reported: the fallback text is shortened, then
 * dropped; the summary made smaller (once), then cut to its essentials,
 * then dropped; the product name held to one line. If even that does not
 * do, the label is refused with what would work.
 *
 * Text is laid out with unhinted metrics and unrounded glyph positions (so
 * SVG and PDF get the font's real spacing, and every output the same line
 * breaks). Identifiers carry WORD JOINERs (label_sb_id) and are checked
 * not to be broken.
 */
#include "label.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "util.h"

#define SANS "DejaVu Sans, Noto Sans CJK SC, Sans"
#define MONO "DejaVu Sans Mono, Noto Sans Mono, Monospace"
#define WJ "\xe2\x81\xa0"

static const struct {
    const char *name;
    double w, h;
} k_stock[] = {{"62x100", 62, 100}, {"100x62", 100, 62}, {"100x150", 100, 150}, {"102x152", 102, 152},
               {"a6", 105, 148}};
static const unsigned k_dpis[] = {203, 300, 600};

/* One attempt's choices. */
typedef struct fitp {
    label_fallback fb; /* OFF, SHORT or FULL */
    double body_scale;
    int summary;       /* 2 full, 1 short, 0 none */
    int title_lines;
} fitp;

static PangoContext *new_ctx(void)
{
    PangoContext *c = pango_font_map_create_context(pango_cairo_font_map_get_default());
    cairo_font_options_t *fo = cairo_font_options_create();
    /* Exact advances: no metric hinting, no rounding of glyph positions
     * to whole units (which in vector output runs words together). */
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(c, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(c, FALSE);
    return c;
}

static PangoLayout *mk(PangoContext *c, const char *family, double pt, bool bold, double width, const char *s,
                       bool markup)
{
    PangoLayout *l = pango_layout_new(c);
    PangoFontDescription *fd = pango_font_description_from_string(family);
    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, width < 0 ? -1 : (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    if (markup) pango_layout_set_markup(l, s, -1);
    else pango_layout_set_text(l, s, -1);
    return l;
}

static double lw(PangoLayout *l)
{
    PangoRectangle ink, log;
    pango_layout_get_extents(l, &ink, &log);
    return (double)log.width / PANGO_SCALE;
}

static double lh(PangoLayout *l)
{
    PangoRectangle ink, log;
    if (l == NULL) return 0;
    pango_layout_get_extents(l, &ink, &log);
    return (double)log.height / PANGO_SCALE;
}

/* A line of l starts or ends inside an identifier (next to a WORD JOINER). */
static bool breaks_identifier(PangoLayout *l)
{
    const char *t = pango_layout_get_text(l);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    bool bad = false;
    size_t n = strlen(t);
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        size_t i = (size_t)line->start_index;
        if (i == 0 || i > n) continue;
        if (t[i - 1] == '\n') continue; /* a forced break */
        if ((i >= 3 && memcmp(t + i - 3, WJ, 3) == 0) || (i + 3 <= n && memcmp(t + i, WJ, 3) == 0)) bad = true;
    } while (!bad && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return bad;
}

static void lay_clear(label_layout *L)
{
    for (int i = 0; i < L->nb; i++)
        if (L->b[i].pl != NULL) g_object_unref(L->b[i].pl);
    L->nb = 0;
}

void label_layout_free(label_layout *L)
{
    lay_clear(L);
    if (L->ctx != NULL) g_object_unref(L->ctx);
    L->ctx = NULL;
}

/* Adds a text block drawn at (x, y); its box is the union of its ink and
 * logical extents. */
static label_block *add(label_layout *L, const char *what, PangoLayout *pl, double x, double y)
{
    PangoRectangle ink, log;
    label_block *b = &L->b[L->nb++];
    double x0, y0, x1, y1;
    pango_layout_get_extents(pl, &ink, &log);
    x0 = fmin(ink.x, log.x) / (double)PANGO_SCALE;
    y0 = fmin(ink.y, log.y) / (double)PANGO_SCALE;
    x1 = fmax(ink.x + ink.width, log.x + log.width) / (double)PANGO_SCALE;
    y1 = fmax(ink.y + ink.height, log.y + log.height) / (double)PANGO_SCALE;
    b->what = what;
    b->pl = pl;
    b->ox = x;
    b->oy = y;
    b->x = x + x0;
    b->y = y + y0;
    b->w = x1 - x0;
    b->h = y1 - y0;
    return b;
}

/* The human-readable link centred in a column maxw points wide, broken
 * only before a '/': preferably before a path prefix segment or an AI, so
 * that "/10/H25-03147" stays on one line. NULL if one segment alone is
 * wider than maxw. */
static PangoLayout *hri_layout(PangoContext *c, const char *hri, double pt, double maxw)
{
    PangoLayout *l = mk(c, SANS, pt, false, -1, "", false);
    size_t n = strlen(hri), start = 0, o = 0, nb = 0, seg = 0;
    size_t *brk = cli_xmalloc((n + 1) * sizeof *brk);
    bool *pref = cli_xmalloc((n + 1) * sizeof *pref);
    char *out = cli_xmalloc(2 * n + 1);
    bool in_ais = false;
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
    while (start < n) {
        size_t fit = 0;
        for (int pass = 0; pass < 2 && fit == 0; pass++)
            for (size_t k = 0; k < nb; k++) {
                if (brk[k] <= start || (pass == 0 && !pref[k])) continue;
                pango_layout_set_text(l, hri + start, (int)(brk[k] - start));
                if (lw(l) > maxw) break;
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
    pango_layout_set_width(l, (int)(maxw * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, out, -1);
    free(out);
    free(brk);
    free(pref);
    return l;
}

/* The identifier fields (one per line in in->ids) joined on as few lines
 * as fit cw. NULL if one field alone is wider. */
static PangoLayout *ids_layout(PangoContext *c, const char *ids, double pt, double cw)
{
    PangoLayout *l = mk(c, SANS, pt, false, -1, "", true);
    label_sb out = {NULL, 0, 0}, line = {NULL, 0, 0};
    const char *p = ids;
    bool bad = false;
    while (*p != '\0' && !bad) {
        const char *e = strchr(p, '\n');
        size_t k = e != NULL ? (size_t)(e - p) : strlen(p);
        char *field = g_strndup(p, k);
        label_sb trial = {NULL, 0, 0};
        if (line.n > 0) {
            label_sb_add(&trial, line.s);
            label_sb_add(&trial, "\xe2\x80\x83"); /* em space */
        }
        label_sb_add(&trial, field);
        pango_layout_set_markup(l, trial.s, -1);
        if (lw(l) <= cw) {
            free(line.s);
            line = trial;
        } else {
            free(trial.s);
            if (line.n > 0) {
                label_sb_add(&out, line.s);
                label_sb_add(&out, "\n");
                free(line.s);
                line.s = NULL;
                line.n = line.cap = 0;
            }
            pango_layout_set_markup(l, field, -1);
            if (lw(l) > cw) bad = true;
            label_sb_add(&line, field);
        }
        g_free(field);
        p += k;
        if (*p == '\n') p++;
    }
    if (line.n > 0) label_sb_add(&out, line.s);
    free(line.s);
    if (bad || out.s == NULL) {
        free(out.s);
        g_object_unref(l);
        return NULL;
    }
    pango_layout_set_markup(l, out.s, -1);
    free(out.s);
    return l;
}

/* The passport text broken into lines of `per` characters, in groups of
 * 4, spaces in it made visible (U+2423). */
static char *grouped_text(const char *t, size_t n, size_t per)
{
    size_t cap = n * 4 + n / 4 + 8, o = 0;
    char *s = cli_xmalloc(cap);
    size_t col = 0;
    per -= per % 5; /* "xxxx " units */
    if (per < 5) per = 5;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && i % 4 == 0) {
            if (col + 5 > per) {
                s[o++] = '\n';
                col = 0;
            } else {
                s[o++] = ' ';
                col++;
            }
        }
        if (t[i] == ' ') {
            memcpy(s + o, "\xe2\x90\xa3", 3);
            o += 3;
        } else {
            s[o++] = t[i];
        }
        col++;
    }
    s[o] = '\0';
    return s;
}

static double exact_dpi(const label_spec *sp)
{
    return sp->printer_dots ? round(sp->dpi / 25.4) * 25.4 : (double)sp->dpi;
}

static double snap(const label_layout *L, double v)
{
    return L->dpi > 0 ? round(v * L->dpi / 72.0) * 72.0 / L->dpi : v;
}

/* One attempt: 0 fits; -1 the QR modules are too small; -2 text does not
 * fit (too wide, too tall, or an identifier would be broken). */
static int attempt(const label_in *in, const label_spec *sp, const fitp *f, label_layout *L)
{
    double W = L->W, H = L->H, s = fmin(sp->w_mm, sp->h_mm);
    double m = 3 * MM, edge = 1.5 * MM, gap = 1.2 * MM, cw, side, box;
    double title_pt = fmin(fmax(s * 0.11, 10.0), 18.0), ids_pt = fmin(fmax(s * 0.09, 8.0), 12.0);
    double body_pt = fmax(fmin(fmax(s * 0.065, 5.5), 8.0) * f->body_scale, 5.0);
    double cap_pt = fmax(body_pt * 0.85, 5.0), mono_pt = fmax(fmin(s * 0.05, 6.0), 4.5);
    bool landscape = W > 1.2 * H;
    PangoContext *c = L->ctx;
    PangoLayout *title, *ids, *hri = NULL, *cap, *sum = NULL, *fbh = NULL, *fbt = NULL;
    char *title_m, capt[96], eccn = "LMQH"[sp->ecc >= DPP_ECC_L && sp->ecc <= DPP_ECC_H ? sp->ecc - DPP_ECC_L : 2];
    double under_w, under_h, col_x, y, avail = 0;
    int rc = 0;

    lay_clear(L);
    L->sep = false;
    L->modules = in->qr->size + 2 * QR_BORDER;
    cw = landscape ? 0 : W - 2 * m;
    if (landscape) {
        side = fmin(H - 2 * edge, W * 0.5);
        under_w = side;
    } else {
        under_w = cw;
        side = W - 2 * edge;
    }

    title_m = g_markup_escape_text(in->passport->name[0] != '\0' ? in->passport->name : "?", -1);
    title = mk(c, SANS, title_pt, true, 1, title_m, true); /* width set below */
    g_free(title_m);
    pango_layout_set_height(title, -f->title_lines);
    pango_layout_set_ellipsize(title, PANGO_ELLIPSIZE_END);
    (void)snprintf(capt, sizeof capt, "Scan to verify \xc2\xb7 QR ECC %c", eccn);
    cap = mk(c, SANS, cap_pt, false, under_w, capt, false);
    pango_layout_set_alignment(cap, PANGO_ALIGN_CENTER);
    if (in->is_link) {
        hri = hri_layout(c, in->hri, fmax(body_pt * 0.95, 6.0), under_w);
        if (hri == NULL) rc = -2;
    }
    under_h = lh(cap) + 0.3 * gap + (hri != NULL ? lh(hri) + 0.3 * gap : 0);
    if (landscape) side = fmin(side, H - 2 * edge - under_h);

    /* The text column. */
    if (landscape) {
        col_x = edge + side + gap;
        cw = W - col_x - m;
    } else {
        col_x = m;
    }
    if (cw <= 0) rc = -1;
    pango_layout_set_width(title, (int)(fmax(cw, 1) * PANGO_SCALE));
    ids = ids_layout(c, in->ids, ids_pt, fmax(cw, 1));
    if (ids == NULL) rc = -2;
    if (f->summary > 0) {
        sum = mk(c, SANS, body_pt, false, fmax(cw, 1), f->summary == 2 ? in->summary : in->summary_short, true);
        if (breaks_identifier(sum)) rc = rc ? rc : -2;
    }
    if (f->fb != LABEL_FB_OFF) {
        if (f->fb == LABEL_FB_FULL) {
            PangoLayout *probe = mk(c, MONO, mono_pt, false, -1, "0000000000", false);
            double char_w = lw(probe) / 10.0;
            size_t per = char_w > 0 ? (size_t)floor(cw / char_w) : 40;
            char *g = grouped_text(in->text, in->text_len, per < 10 ? 10 : per);
            g_object_unref(probe);
            fbh = mk(c, SANS, cap_pt, false, fmax(cw, 1), "Passport text (\xe2\x90\xa3 = space):", false);
            fbt = mk(c, MONO, mono_pt, false, -1, g, false);
            free(g);
        } else {
            fbh = mk(c, SANS, cap_pt, false, fmax(cw, 1), "If the code does not scan, look up:", false);
            fbt = mk(c, MONO, fmax(body_pt, 5.5), false, -1, in->fb_short, false);
        }
    }

    /* Place the column (top down) and, for portrait, the QR between the
     * identifiers and the bottom blocks. */
    y = m;
    add(L, "title", title, col_x, y);
    y += lh(title) + 0.4 * gap;
    if (ids != NULL) {
        add(L, "ids", ids, col_x, y);
        y += lh(ids) + gap;
    }
    if (landscape) {
        if (sum != NULL) {
            add(L, "summary", sum, col_x, y);
            y += lh(sum) + 0.5 * gap;
        }
        if (fbt != NULL) {
            L->sep = true, L->sep_y = y, L->sep_x0 = col_x, L->sep_x1 = col_x + cw;
            y += 0.5 * gap;
            add(L, "fallback-head", fbh, col_x, y);
            y += lh(fbh) + 0.3 * gap;
            add(L, "fallback", fbt, col_x, y);
            y += lh(fbt);
        }
        if (y > H - m) rc = rc ? rc : -2;
        box = side;
        L->qr_x = snap(L, edge);
        L->qr_y = snap(L, edge);
    } else {
        double bottom = H - m;
        if (fbt != NULL) {
            bottom -= lh(fbt);
            add(L, "fallback", fbt, col_x, bottom);
            bottom -= 0.3 * gap + lh(fbh);
            add(L, "fallback-head", fbh, col_x, bottom);
            bottom -= 0.5 * gap;
            L->sep = true, L->sep_y = bottom, L->sep_x0 = col_x, L->sep_x1 = col_x + cw;
            bottom -= 0.5 * gap;
        }
        if (sum != NULL) {
            bottom -= lh(sum);
            add(L, "summary", sum, col_x, bottom);
            bottom -= gap;
        }
        avail = bottom - y - under_h;
        box = fmin(side, avail);
        if (box <= 0) box = 0, rc = rc ? rc : -1;
        side = box;
    }
    /* The module: whole dots at dpi. */
    if (L->dpi > 0) {
        int dots = (int)floor(side * L->dpi / 72.0 + 1e-6);
        L->mod_dots = dots / L->modules;
        L->mod_pt = L->mod_dots * 72.0 / L->dpi;
    } else {
        L->mod_dots = 0;
        L->mod_pt = side / L->modules;
    }
    L->module_mm = L->mod_pt / MM;
    box = L->mod_pt * L->modules;
    if (landscape) {
        L->qr_x = snap(L, edge);
        L->qr_y = snap(L, edge);
    } else {
        /* centred across, and in the space between the identifiers and
         * the bottom blocks */
        L->qr_x = snap(L, (W - box) / 2);
        L->qr_y = snap(L, y + (avail - box) / 2);
    }
    {
        label_block *q = &L->b[L->nb++];
        q->what = "qr", q->pl = NULL;
        q->ox = q->x = L->qr_x, q->oy = q->y = L->qr_y, q->w = q->h = box;
    }
    y = L->qr_y + box + 0.3 * gap;
    if (hri != NULL) {
        add(L, "link", hri, landscape ? L->qr_x + (box - under_w) / 2 : col_x, y);
        y += lh(hri) + 0.3 * gap;
    }
    add(L, "caption", cap, landscape ? L->qr_x + (box - under_w) / 2 : col_x, y);
    if (!landscape && y + lh(cap) > H - m + 0.01) rc = rc ? rc : -1;
    if (landscape && y + lh(cap) > H - edge + 0.01) rc = rc ? rc : -1;

    /* Every box inside the label, the text no wider than its column, no
     * two boxes overlapping. */
    for (int i = 0; i < L->nb && rc == 0; i++) {
        const label_block *b = &L->b[i];
        if (b->x < -0.01 || b->y < -0.01 || b->x + b->w > W + 0.01 || b->y + b->h > H + 0.01) rc = -2;
        for (int j = 0; j < i && rc == 0; j++) {
            const label_block *o = &L->b[j];
            if (b->x < o->x + o->w - 0.01 && o->x < b->x + b->w - 0.01 && b->y < o->y + o->h - 0.01 &&
                o->y < b->y + b->h - 0.01)
                rc = strcmp(b->what, "qr") == 0 || strcmp(o->what, "qr") == 0 ? -1 : -2;
        }
    }
    if (rc == 0 && L->module_mm + 1e-9 < sp->min_module_mm) rc = -1;
    if (rc == 0) {
        L->unknown = 0;
        for (int i = 0; i < L->nb; i++)
            if (L->b[i].pl != NULL) L->unknown += pango_layout_get_unknown_glyphs_count(L->b[i].pl);
        if (pango_layout_is_ellipsized(title)) {
            (void)snprintf(L->notes[L->n_notes++], LABEL_NOTE_LEN, "product name cut to %d line%s (ellipsis)",
                           f->title_lines, f->title_lines > 1 ? "s" : "");
        }
    }
    return rc;
}

static label_fallback fb_resolve(const label_spec *sp)
{
    if (sp->fallback != LABEL_FB_AUTO) return sp->fallback;
    return fmin(sp->w_mm, sp->h_mm) >= 100 && fmax(sp->w_mm, sp->h_mm) >= 150 ? LABEL_FB_SHORT : LABEL_FB_OFF;
}

/* The steps, weakest first; notes for each step taken. 0, -1 or -2 as
 * attempt(). */
static int fit(const label_in *in, const label_spec *sp, label_layout *L, bool quiet)
{
    fitp f = {fb_resolve(sp), 1.0, 2, 2};
    char notes[8][LABEL_NOTE_LEN];
    int nn = 0, rc = -1;
    for (int step = 0;; step++) {
        bool changed = true;
        L->n_notes = 0;
        switch (step) {
        case 0: break;
        case 1:
            changed = f.fb == LABEL_FB_FULL;
            if (changed) {
                f.fb = LABEL_FB_SHORT;
                (void)snprintf(notes[nn++], LABEL_NOTE_LEN, "fallback text shortened to the passport id and "
                                                            "fingerprint (the full text does not fit)");
            }
            break;
        case 2:
            changed = f.fb != LABEL_FB_OFF;
            if (changed) {
                f.fb = LABEL_FB_OFF;
                (void)snprintf(notes[nn++], LABEL_NOTE_LEN, "fallback text dropped");
            }
            break;
        case 3:
            f.body_scale = 0.85;
            (void)snprintf(notes[nn++], LABEL_NOTE_LEN, "summary and caption type reduced to 85%%");
            break;
        case 4:
            f.summary = 1;
            (void)snprintf(notes[nn++], LABEL_NOTE_LEN,
                           "summary shortened to passport id, manufacturer and signing date");
            break;
        case 5:
            f.summary = 0;
            (void)snprintf(notes[nn++], LABEL_NOTE_LEN, "summary dropped");
            break;
        case 6:
            f.title_lines = 1;
            (void)snprintf(notes[nn++], LABEL_NOTE_LEN, "product name held to one line");
            break;
        default: return rc;
        }
        if (!changed) continue;
        rc = attempt(in, sp, &f, L);
        if (rc == 0) {
            /* attempt()'s own notes (ellipsis) after the steps */
            int own = L->n_notes;
            char tmp[2][LABEL_NOTE_LEN];
            for (int i = 0; i < own && i < 2; i++) memcpy(tmp[i], L->notes[i], LABEL_NOTE_LEN);
            L->n_notes = 0;
            for (int i = 0; i < nn && L->n_notes < LABEL_MAX_NOTES; i++)
                memcpy(L->notes[L->n_notes++], notes[i], LABEL_NOTE_LEN);
            for (int i = 0; i < own && i < 2 && L->n_notes < LABEL_MAX_NOTES; i++)
                memcpy(L->notes[L->n_notes++], tmp[i], LABEL_NOTE_LEN);
            return 0;
        }
        (void)quiet;
    }
}

/* The module (mm) that spec gives for in, or a negative value. */
static double try_spec(const label_in *in, const label_spec *sp)
{
    label_layout T;
    int rc;
    memset(&T, 0, sizeof T);
    T.W = sp->w_mm * MM;
    T.H = sp->h_mm * MM;
    T.dpi = exact_dpi(sp);
    T.ctx = new_ctx();
    rc = fit(in, sp, &T, true);
    label_layout_free(&T);
    return rc == 0 ? T.module_mm : -1;
}

static void suggestions(const label_in *in, const label_spec *sp, char *out, size_t cap)
{
    size_t o = 0;
    int n = 0;
    label_spec t;
    out[0] = '\0';
#define SUGG(...)                                                                                                      \
    do {                                                                                                               \
        int k_ = snprintf(out + o, cap - o, __VA_ARGS__);                                                              \
        if (k_ > 0 && (size_t)k_ < cap - o) o += (size_t)k_;                                                           \
        n++;                                                                                                           \
    } while (0)
    if (sp->dpi > 0)
        for (size_t i = 0; i < sizeof k_dpis / sizeof k_dpis[0]; i++) {
            double mm;
            if (k_dpis[i] <= sp->dpi) continue;
            t = *sp;
            t.dpi = k_dpis[i];
            mm = try_spec(in, &t);
            if (mm > 0) {
                SUGG("%s--dpi %u (module %.3f mm)", n ? ", " : "", k_dpis[i], mm);
                break;
            }
        }
    for (size_t i = 0; i < sizeof k_stock / sizeof k_stock[0]; i++) {
        double mm;
        if (k_stock[i].w * k_stock[i].h < sp->w_mm * sp->h_mm) continue;
        if (k_stock[i].w == sp->w_mm && k_stock[i].h == sp->h_mm) continue;
        t = *sp;
        t.w_mm = k_stock[i].w;
        t.h_mm = k_stock[i].h;
        mm = try_spec(in, &t);
        if (mm > 0) {
            SUGG("%s--size %s (module %.3f mm)", n ? ", " : "", k_stock[i].name, mm);
            break;
        }
    }
    for (int e = (int)sp->ecc - 1; e >= (int)DPP_ECC_L; e--) {
        dpp_qr *qr = cli_xmalloc(sizeof *qr);
        dpp_diag d;
        label_in t_in = *in;
        double mm = -1;
        if (dpp_qr_encode(in->text, in->text_len, (dpp_ecc)e, qr, &d) == DPP_OK) {
            t = *sp;
            t.ecc = (dpp_ecc)e;
            t_in.qr = qr;
            mm = try_spec(&t_in, &t);
        }
        free(qr);
        if (mm > 0) {
            SUGG("%s--ecc %c (module %.3f mm, less damage tolerated)", n ? ", " : "", "LMQH"[e - (int)DPP_ECC_L],
                 mm);
            break;
        }
    }
#undef SUGG
    if (n == 0)
        (void)snprintf(out, cap, "no offered stock size (62x100, 100x62, 100x150, 102x152, a6), dpi or ECC level "
                                 "would: use less data (e.g. the link form with --link-base)");
}

int label_layout_make(const label_in *in, const label_spec *sp, label_layout *L, char *why, size_t why_cap)
{
    int rc;
    memset(L, 0, sizeof *L);
    L->W = sp->w_mm * MM;
    L->H = sp->h_mm * MM;
    L->dpi = exact_dpi(sp);
    L->ctx = new_ctx();
    rc = fit(in, sp, L, false);
    if (rc != 0) {
        char sug[400];
        char where[64];
        if (sp->dpi > 0) (void)snprintf(where, sizeof where, "%gx%g mm at %u dpi", sp->w_mm, sp->h_mm, sp->dpi);
        else (void)snprintf(where, sizeof where, "%gx%g mm", sp->w_mm, sp->h_mm);
        suggestions(in, sp, sug, sizeof sug);
        if (rc == -1)
            (void)snprintf(why, why_cap,
                           "the QR code (%dx%d modules, ECC %c, quiet zone %d modules) cannot get modules of at "
                           "least %.2f mm on %s, even with the secondary text dropped (it gets %.3f mm%s); "
                           "would work: %s",
                           in->qr->size, in->qr->size, "LMQH"[sp->ecc - DPP_ECC_L], QR_BORDER, sp->min_module_mm,
                           where, L->module_mm, sp->dpi > 0 ? " after rounding to whole dots" : "", sug);
        else
            (void)snprintf(why, why_cap,
                           "the product name, GTIN/batch/serial or the link do not fit %s at a readable size "
                           "(identifiers are not broken across lines); would work: %s",
                           where, sug);
        label_layout_free(L);
        return -1;
    }
    return 0;
}
