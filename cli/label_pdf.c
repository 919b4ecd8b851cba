/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp label: PDF through cairo's PDF surface, vector throughout (text as
 * embedded font subsets with exact glyph positions, the QR as filled
 * rectangles). Either one label per page at the stock size, or N-up on a
 * sheet (A4, Letter) in a grid centred inside the margins, labels gap
 * apart, a new page when the sheet is full.
 */
#include "label.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "common.h"
#include "util.h"

struct label_pdf {
    FILE *f;
    cairo_surface_t *sf;
    cairo_t *cr;
    double lw, lh;     /* label, points */
    int cols, rows;
    double x0, y0, dx, dy;
    unsigned long n;   /* labels added */
    bool write_err;
};

static cairo_status_t file_write(void *closure, const unsigned char *data, unsigned int len)
{
    label_pdf *p = closure;
    if (fwrite(data, 1, len, p->f) != len) {
        p->write_err = true;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

void label_sheet_grid(const label_spec *spec, const label_sheet *sheet, int *cols, int *rows)
{
    double uw = sheet->w_mm - 2 * sheet->margin_mm, uh = sheet->h_mm - 2 * sheet->margin_mm;
    *cols = uw >= spec->w_mm ? (int)floor((uw + sheet->gap_mm) / (spec->w_mm + sheet->gap_mm) + 1e-9) : 0;
    *rows = uh >= spec->h_mm ? (int)floor((uh + sheet->gap_mm) / (spec->h_mm + sheet->gap_mm) + 1e-9) : 0;
}

label_pdf *label_pdf_open(FILE *f, const label_spec *spec, const label_sheet *sheet, char *why, size_t why_cap)
{
    label_pdf *p = cli_xmalloc(sizeof *p);
    double pw, ph;
    memset(p, 0, sizeof *p);
    p->f = f;
    p->lw = spec->w_mm * MM;
    p->lh = spec->h_mm * MM;
    if (sheet == NULL || sheet->w_mm <= 0) {
        p->cols = p->rows = 1;
        pw = p->lw;
        ph = p->lh;
    } else {
        int fc, fr;
        label_sheet_grid(spec, sheet, &fc, &fr);
        p->cols = sheet->cols > 0 ? sheet->cols : fc;
        p->rows = sheet->rows > 0 ? sheet->rows : fr;
        if (p->cols < 1 || p->rows < 1 || p->cols > fc || p->rows > fr) {
            (void)snprintf(why, why_cap,
                           "%d x %d labels of %gx%g mm do not fit a %gx%g mm sheet with %g mm margins and %g mm "
                           "gaps (at most %d x %d)",
                           p->cols, p->rows, spec->w_mm, spec->h_mm, sheet->w_mm, sheet->h_mm, sheet->margin_mm,
                           sheet->gap_mm, fc, fr);
            free(p);
            return NULL;
        }
        pw = sheet->w_mm * MM;
        ph = sheet->h_mm * MM;
        p->dx = p->lw + sheet->gap_mm * MM;
        p->dy = p->lh + sheet->gap_mm * MM;
        /* the grid centred on the sheet */
        p->x0 = (pw - (p->cols * p->lw + (p->cols - 1) * sheet->gap_mm * MM)) / 2;
        p->y0 = (ph - (p->rows * p->lh + (p->rows - 1) * sheet->gap_mm * MM)) / 2;
    }
    p->sf = cairo_pdf_surface_create_for_stream(file_write, p, pw, ph);
    cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_TITLE, "Digital product passport labels");
    cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_CREATOR, "dpp label");
    p->cr = cairo_create(p->sf);
    return p;
}

/* Moves to the next slot (a new page when the sheet is full). */
static void next_slot(label_pdf *p, int *page, int *slot)
{
    unsigned long per = (unsigned long)p->cols * (unsigned long)p->rows, s = p->n % per;
    if (p->n > 0 && s == 0) cairo_show_page(p->cr);
    cairo_identity_matrix(p->cr);
    cairo_translate(p->cr, p->x0 + (double)(s % (unsigned long)p->cols) * p->dx,
                    p->y0 + (double)(s / (unsigned long)p->cols) * p->dy);
    if (page != NULL) *page = (int)(p->n / per) + 1;
    if (slot != NULL) *slot = (int)s + 1;
    p->n++;
}

void label_pdf_add(label_pdf *p, const label_layout *L, const label_in *in, int *page, int *slot)
{
    next_slot(p, page, slot);
    cairo_save(p->cr);
    cairo_rectangle(p->cr, 0, 0, p->lw, p->lh);
    cairo_clip(p->cr);
    label_paint(p->cr, L, in, 0, 0);
    cairo_restore(p->cr);
}

cairo_surface_t *label_pdf_record(const label_layout *L, const label_in *in)
{
    cairo_rectangle_t ext = {0, 0, L->W, L->H};
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    cairo_t *cr = cairo_create(rec);
    label_paint(cr, L, in, 0, 0);
    cairo_destroy(cr);
    return rec;
}

void label_pdf_add_recorded(label_pdf *p, cairo_surface_t *rec, int *page, int *slot)
{
    next_slot(p, page, slot);
    cairo_save(p->cr);
    cairo_set_source_surface(p->cr, rec, 0, 0);
    cairo_rectangle(p->cr, 0, 0, p->lw, p->lh);
    cairo_fill(p->cr);
    cairo_restore(p->cr);
}

int label_pdf_close(label_pdf *p)
{
    int rc = 0;
    if (p == NULL) return 0;
    cairo_destroy(p->cr);
    cairo_surface_finish(p->sf);
    if (cairo_surface_status(p->sf) != CAIRO_STATUS_SUCCESS || p->write_err) rc = -2;
    cairo_surface_destroy(p->sf);
    free(p);
    return rc;
}
