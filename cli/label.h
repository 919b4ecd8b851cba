/* SPDX-License-Identifier: Apache-2.0 */
/* dpp label: what the label shows (label_summary.c), where it goes and
 * whether the code stays scannable (label_layout.c), the drawing
 * (label_draw.c), the files: SVG and PNG (label_output.c), PDF
 * (label_pdf.c), ZPL II (label_zpl.c), and the batch (label_batch.c).
 * Only built with cairo and pango (DPP_CLI_HAVE_LABEL). */
#ifndef DPP_CLI_LABEL_H
#define DPP_CLI_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include <dpp/dpp.h>
#include <jansson.h>

#define MM (72.0 / 25.4) /* points per millimetre */
#define QR_BORDER 4      /* quiet zone, modules */
#define LABEL_MIN_MODULE_MM 0.33     /* default smallest module after rounding */
#define LABEL_MIN_MODULE_FLOOR 0.25  /* --min-module may not go below */

/* The fallback text for people (when the code cannot be scanned). */
typedef enum label_fallback {
    LABEL_FB_AUTO = 0, /* short on stock of at least 100x150 mm, else off */
    LABEL_FB_OFF,
    LABEL_FB_SHORT,    /* passport id, GTIN/batch and a fingerprint of the text */
    LABEL_FB_FULL      /* the whole passport text, grouped */
} label_fallback;

/* What a run prints on: the same for every label of the run. */
typedef struct label_spec {
    double w_mm, h_mm;
    unsigned dpi;          /* dots of the raster outputs (PNG, ZPL); 0: vector only */
    bool printer_dots;     /* ZPL: whole dots per mm (203 -> 8/mm = 203.2 dpi, 300 -> 12/mm, 600 -> 24/mm) */
    double min_module_mm;  /* >= LABEL_MIN_MODULE_FLOOR */
    label_fallback fallback;
    dpp_ecc ecc;           /* for the caption and the suggestions */
} label_spec;

typedef struct label_in {
    const char *text; /* passport text */
    size_t text_len;
    const dpp_qr *qr;
    const dpp_passport *passport;
    dpp_claims claims;
    char *ids;        /* pango markup: GTIN, batch, serial (label_ids) */
    char *summary;    /* pango markup, the full summary */
    char *summary_short; /* pango markup, the essentials */
    char *fb_short;   /* plain: the short fallback text */
    bool is_link;     /* text is a GS1 Digital Link */
    char hri[DPP_MAX_LINK_LEN + 1]; /* its human-readable form (cli_link_hri) */
} label_in;

/* A growing NUL-terminated string (exits on out of memory). */
typedef struct label_sb {
    char *s;
    size_t n, cap;
} label_sb;
void label_sb_add(label_sb *b, const char *t);
/** Appends t escaped for pango markup with U+2060 WORD JOINER between its
 *  characters: an identifier is never broken across lines. */
void label_sb_id(label_sb *b, const char *t);

/** The summary under the code as pango markup (malloc'd): passport id,
 *  manufacturer, footprint, CBAM, certifications, issuer, dates, each
 *  claim with who vouches for it as far as the label can tell. short_form:
 *  passport id, manufacturer and the signing date only. */
char *label_summary(const dpp_passport *p, const dpp_claims *c, bool short_form);
/** "GTIN ...\nBatch ...\nSerial ..." fields, one per line, markup (malloc'd). */
char *label_ids(const dpp_passport *p);
/** The short fallback text (plain, malloc'd). */
char *label_fallback_short(const label_in *in);
/** Fills the malloc'd strings of in from its passport and claims. */
void label_in_prepare(label_in *in);
void label_in_release(label_in *in);

/* ---- layout ---- */

#define LABEL_MAX_NOTES 8
#define LABEL_NOTE_LEN 160

typedef struct label_block {
    const char *what;   /* "title", "ids", "qr", "link", "caption", "summary", "fallback-head", "fallback" */
    PangoLayout *pl;    /* NULL for the QR */
    double ox, oy;      /* where the layout is drawn (points) */
    double x, y, w, h;  /* points: its ink and logical extents, never left */
} label_block;

#define LABEL_MAX_BLOCKS 8

typedef struct label_layout {
    double W, H;        /* points */
    double dpi;         /* the exact dots per inch (see printer_dots); 0: vector */
    PangoContext *ctx;
    label_block b[LABEL_MAX_BLOCKS];
    int nb;
    /* The QR: its box (quiet zone included) and module size. */
    double qr_x, qr_y, mod_pt;
    int modules;        /* symbol size + 2 quiet zones */
    int mod_dots;       /* dots per module at dpi (0 without dpi) */
    double module_mm;
    bool sep;           /* a rule above the fallback block */
    double sep_y, sep_x0, sep_x1;
    int unknown;        /* characters without a glyph */
    char notes[LABEL_MAX_NOTES][LABEL_NOTE_LEN]; /* what was shrunk or dropped */
    int n_notes;
} label_layout;

/** Lays the label out by the scannability rule: the QR modules, rounded to
 *  whole dots at spec->dpi, at least spec->min_module_mm, the quiet zone 4
 *  modules free of anything else; when the full layout cannot, the
 *  secondary text is shortened, reduced or dropped (each step a note).
 *  Returns 0, or -1 with why set to the refusal (what is needed and which
 *  stock size, dpi or ECC level would work). */
int label_layout_make(const label_in *in, const label_spec *spec, label_layout *L, char *why, size_t why_cap);
void label_layout_free(label_layout *L);

enum {
    LABEL_PAINT_MONO = 1, /* no antialiasing of lines (1-bit outputs threshold the text's at half cover) */
    LABEL_PAINT_INK = 2,  /* ink as alpha on a cleared A8 surface (label_raster): no background */
    LABEL_PAINT_NO_QR = 4 /* the text only (ZPL writes the QR from its modules) */
};
/** Draws the label on cr (user space in points, origin at the label's
 *  corner). px_per_pt > 0: raster (the QR on whole pixels, no
 *  antialiasing); flags: LABEL_PAINT_*. */
void label_paint(cairo_t *cr, const label_layout *L, const label_in *in, double px_per_pt, unsigned flags);

/* ---- outputs (*out malloc'd; 0 or -2 = cairo/zlib failed) ---- */

/** The label at L->dpi on an A8 surface holding the ink (255 = black), the
 *  QR written straight into its pixels, or NULL. The surface is this
 *  thread's, reused by its next call (cleared, not allocated again): the
 *  caller destroys its reference, and calls label_raster at most once at
 *  a time. */
cairo_surface_t *label_raster(const label_in *in, const label_layout *L, unsigned flags);
/** Frees this thread's raster (a worker thread's is freed when it ends). */
void label_raster_release(void);
int label_render_svg(const label_in *in, const label_layout *L, unsigned char **out, size_t *out_len);
int label_render_png(const label_in *in, const label_layout *L, unsigned char **out, size_t *out_len);
/** ZPL II: the QR as one ^GF graphic field at whole dots per module, the
 *  text rendered to graphic fields (no printer font), ^CI28. */
int label_render_zpl(const label_in *in, const label_layout *L, unsigned char **out, size_t *out_len);

/* PDF: one label per page at the stock size, or N-up on a sheet. */
typedef struct label_sheet {
    double w_mm, h_mm;      /* 0: one label per page at stock size */
    int cols, rows;         /* 0: as many as fit */
    double margin_mm, gap_mm;
} label_sheet;

typedef struct label_pdf label_pdf;
/** A PDF written to f as labels are added (f stays the caller's). Returns
 *  NULL with why set when the stock does not fit the sheet. */
label_pdf *label_pdf_open(FILE *f, const label_spec *spec, const label_sheet *sheet, char *why, size_t why_cap);
/** Adds a label (drawn from L) or a recorded label (label_pdf_record);
 *  *page and *slot get where it went (1-based). */
void label_pdf_add(label_pdf *p, const label_layout *L, const label_in *in, int *page, int *slot);
cairo_surface_t *label_pdf_record(const label_layout *L, const label_in *in);
void label_pdf_add_recorded(label_pdf *p, cairo_surface_t *rec, int *page, int *slot);
/** Finishes the document; 0 or -2. */
int label_pdf_close(label_pdf *p);
/** Per sheet: columns and rows that fit (for messages). */
void label_sheet_grid(const label_spec *spec, const label_sheet *sheet, int *cols, int *rows);

/** Drops this thread's font map (fontconfig keeps its own caches) and
 *  raster. */
void label_cleanup(void);

/* ---- one label's data, from a passport (signed here) or a signed text
 *      (label_batch.c) ---- */

struct enc_opts;
typedef struct label_item {
    char *text;        /* ENC_MAX_OUT */
    size_t text_len;
    dpp_passport *p;
    dpp_qr *qr;
    label_in in;
} label_item;

/** Signs p with key and eo, encodes the QR at eo->ecc, fills it->in. */
dpp_err label_item_sign(label_item *it, const dpp_passport *p, const dpp_key *key, const struct enc_opts *eo,
                        dpp_diag *d);
/** Decodes (does not verify) a signed text or link; QR at ecc. */
dpp_err label_item_text(label_item *it, const char *text, size_t len, dpp_ecc ecc, dpp_diag *d);
void label_item_free(label_item *it);
/** The label's facts for a JSON record: ecc, module_mm, module_dots,
 *  notes, missing_glyphs. */
void label_facts_json(json_t *o, const label_layout *L, const label_spec *spec);

/* ---- the batch (label_batch.c) ---- */

enum { LABEL_F_SVG = 1, LABEL_F_PNG = 2, LABEL_F_PDF = 4, LABEL_F_ZPL = 8 };

typedef struct label_batch_opts {
    const char *in_path;
    const char *dir;
    const dpp_key *key;     /* NULL: the lines are signed texts */
    const struct enc_opts *eo;
    label_spec spec;
    label_sheet sheet;
    unsigned formats;       /* LABEL_F_* */
    unsigned jobs;
    bool resume, force, quiet;
} label_batch_opts;

int label_batch(const label_batch_opts *o);

#endif
