/* SPDX-License-Identifier: Apache-2.0 */
/* dpp_cbam_import_xlsx(): a filled CBAM communication template (v2.1.1) to
 * one passport per product line of its Summary_Communication sheet. Cells
 * are read with xlsx_read.c; every cell that cannot fill its passport field
 * becomes a note naming its sheet and cell (DPP_CBAM_NOTE_PROBLEM), and every
 * filled cell of the summary that has no passport field is listed
 * (DPP_CBAM_NOTE_UNMAPPED). Mapping and rounding: spec/cbam-template.md. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "dpp/dpp.h"

#include "cbam_internal.h"
#include "cbam_template.h"
#include "xlsx_read.h"

_Static_assert(CBT_MAX_PRODUCTS == DPP_CBAM_MAX_LINES, "one passport per product line of the template");

typedef struct imp {
    xlsx_sheet *sum;        /* Summary_Communication */
    xlsx_sheet *inst;       /* A_InstData (optional) */
    dpp_cbam_import *res;   /* the notes go here */
    unsigned row;           /* the product line being read, 0: the workbook */
    unsigned long problems; /* cells that could not be used */
    bool strict;
    dpp_err fatal;          /* strict: the first problem; or out of memory */
    dpp_diag *diag;
} imp;

static void diag_set(dpp_diag *d, dpp_err e, const char *path, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void diag_set(dpp_diag *d, dpp_err e, const char *path, const char *fmt, ...)
{
    va_list ap;
    if (d == NULL) return;
    d->err = e;
    d->offset = SIZE_MAX;
    d->line = d->column = 0;
    va_start(ap, fmt);
    (void)vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    (void)snprintf(d->path, sizeof d->path, "%s", path != NULL ? path : "");
}

/* Copies at most n bytes of t into dst[n + 1], cut at a UTF-8 character
 * boundary; returns dst. */
static const char *clip(char *dst, size_t n, const char *t)
{
    size_t k = strlen(t);
    if (k > n) {
        k = n;
        while (k > 0 && ((unsigned char)t[k] & 0xc0u) == 0x80u) k--;
    }
    memcpy(dst, t, k);
    dst[k] = '\0';
    return dst;
}

static void add_note(imp *im, const dpp_cbam_note *n)
{
    if (dpp_cbam_result_add_note(im->res, n) != DPP_OK && im->fatal == DPP_OK) {
        im->fatal = DPP_ERR_NO_MEMORY;
        diag_set(im->diag, DPP_ERR_NO_MEMORY, NULL, "%s!%s: out of memory for the notes", n->sheet, n->cell);
    }
}

static void note_at(dpp_cbam_note *n, dpp_cbam_note_kind kind, const imp *im, const xlsx_sheet *s, unsigned row,
                    unsigned col)
{
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->row = im->row;
    if (s != NULL) (void)snprintf(n->sheet, sizeof n->sheet, "%s", dpp_xlsx_sheet_title(s));
    if (row > 0 && col > 0) dpp_cbam_cell_format(col, row, n->cell, sizeof n->cell);
}

static const char *cell_text(const xlsx_sheet *s, unsigned row, unsigned col)
{
    const xlsx_cell *c = dpp_xlsx_cell_at(s, row, col);
    if (c->type == XLSX_EMPTY || c->text == NULL) return NULL;
    /* A formula's "" (the template's IF(...="","",...)) is an empty cell. */
    if (c->type == XLSX_STRING && c->text[0] == '\0') return NULL;
    return c->text;
}

static const char *ref_text(const xlsx_sheet *s, const char *ref, unsigned *row, unsigned *col)
{
    if (!dpp_cbam_cell_parse(ref, strlen(ref), col, row)) return NULL;
    return cell_text(s, *row, *col);
}

/* A cell that could not be used: a PROBLEM note; with strict, the failure. */
static void cell_problem(imp *im, const xlsx_sheet *s, unsigned row, unsigned col, dpp_err err, const char *field,
                         const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void cell_problem(imp *im, const xlsx_sheet *s, unsigned row, unsigned col, dpp_err err, const char *field,
                         const char *fmt, ...)
{
    dpp_cbam_note n;
    va_list ap;
    note_at(&n, DPP_CBAM_NOTE_PROBLEM, im, s, row, col);
    n.err = err;
    (void)snprintf(n.field, sizeof n.field, "%s", field);
    va_start(ap, fmt);
    (void)vsnprintf(n.reason, sizeof n.reason, fmt, ap);
    va_end(ap);
    im->problems++;
    if (im->strict && im->fatal == DPP_OK) {
        im->fatal = err;
        diag_set(im->diag, err, field, "%s!%s: %s", n.sheet, n.cell, n.reason);
    }
    add_note(im, &n);
}

static void cell_unmapped(imp *im, const xlsx_sheet *s, unsigned row, unsigned col, const char *what)
{
    dpp_cbam_note n;
    const char *t = cell_text(s, row, col);
    if (t == NULL) return;
    note_at(&n, DPP_CBAM_NOTE_UNMAPPED, im, s, row, col);
    (void)snprintf(n.reason, sizeof n.reason, "%s", what);
    (void)clip(n.value, DPP_CBAM_NOTE_VALUE, t);
    n.value_cut = strlen(t) > DPP_CBAM_NOTE_VALUE;
    for (char *c = n.value; *c != '\0'; c++)
        if ((unsigned char)*c < 0x20) *c = ' ';
    add_note(im, &n);
}

/* Copies text into dst[cap + 1], cut at a UTF-8 character boundary;
 * returns true if it was cut. */
static bool copy_cut(char *dst, size_t cap, const char *text)
{
    size_t n = strlen(text);
    bool cut = n > cap;
    if (cut) {
        n = cap;
        while (n > 0 && ((unsigned char)text[n] & 0xc0u) == 0x80u) n--;
    }
    memcpy(dst, text, n);
    dst[n] = '\0';
    return cut;
}

/* A text cell into a field of capacity cap; an over-long value is a problem. */
static bool get_text(imp *im, const xlsx_sheet *s, unsigned row, unsigned col, char *dst, size_t cap,
                     const char *field)
{
    const char *t = cell_text(s, row, col);
    if (t == NULL) return false;
    if (strlen(t) > cap) {
        cell_problem(im, s, row, col, DPP_ERR_CBAM_VALUE, field, "%zu bytes, the passport field holds at most %zu",
                     strlen(t), cap);
        return false;
    }
    (void)copy_cut(dst, cap, t);
    return true;
}

/* get_text() of an A1 reference. */
static bool get_text_ref(imp *im, const xlsx_sheet *s, const char *ref, char *dst, size_t cap, const char *field)
{
    unsigned row, col;
    return dpp_cbam_cell_parse(ref, strlen(ref), &col, &row) && get_text(im, s, row, col, dst, cap, field);
}

/* A number cell to a decimal with `places` fraction digits. */
static bool get_dec(imp *im, const xlsx_sheet *s, unsigned row, unsigned col, unsigned places, dpp_decimal *out,
                    const char *field)
{
    const xlsx_cell *c = dpp_xlsx_cell_at(s, row, col);
    const char *t = cell_text(s, row, col);
    char v[48];
    if (t == NULL) return false;
    if ((c->type != XLSX_NUMBER && c->type != XLSX_STRING) || dpp_cbam_number_to_decimal(t, places, out) != 0) {
        cell_problem(im, s, row, col, DPP_ERR_CBAM_VALUE, field, "'%s' is not a number", clip(v, 40, t));
        return false;
    }
    return true;
}

/* A date cell: an Excel serial day (1900 date system) or "YYYY-MM-DD". */
static bool get_date(imp *im, const xlsx_sheet *s, const char *ref, dpp_date *out, const char *field)
{
    unsigned row, col;
    const char *t = ref_text(s, ref, &row, &col);
    const xlsx_cell *c;
    char v[48];
    if (t == NULL) return false;
    c = dpp_xlsx_cell_at(s, row, col);
    if (c->type == XLSX_NUMBER) {
        char *end;
        double d = strtod(t, &end);
        /* serial 25569 is 1970-01-01 */
        if (*end == '\0' && isfinite(d) && d == floor(d) && d >= 25569.0 && d <= 25569.0 + 2932896.0) /* 9999-12-31 */ {
            *out = (dpp_date)(d - 25569.0);
            return true;
        }
    } else if (dpp_date_parse(t, strlen(t), out) == DPP_OK) {
        return true;
    }
    cell_problem(im, s, row, col, DPP_ERR_CBAM_VALUE, field, "'%s' is not a date (a whole day from 1970-01-01 on)",
                 clip(v, 40, t));
    return false;
}

/* "16.6911279°" (or a number cell) to a decimal with up to 8 places. */
static bool get_coordinate(imp *im, const xlsx_sheet *s, const char *ref, dpp_decimal *out, const char *field)
{
    char buf[48], v[48];
    unsigned row, col;
    size_t n;
    const char *t = ref_text(s, ref, &row, &col);
    if (t == NULL) return false;
    n = strlen(t);
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, t, n);
    buf[n] = '\0';
    while (n > 0 && buf[n - 1] == ' ') buf[--n] = '\0';
    if (n >= 2 && (unsigned char)buf[n - 2] == 0xc2 && (unsigned char)buf[n - 1] == 0xb0) buf[n -= 2] = '\0'; /* ° */
    if (n > 0 && dpp_cbam_number_to_decimal(buf, 8, out) == 0) return true;
    cell_problem(im, s, row, col, DPP_ERR_CBAM_VALUE, field,
                 "'%s' is not a coordinate in decimal degrees (e.g. 16.6911279°)", clip(v, 40, t));
    return false;
}

/* A country: two letters, or a name whose code the template put in column S. */
static bool get_country(imp *im, const xlsx_sheet *s, const char *ref, char dst[3], const char *field)
{
    unsigned row, col;
    const char *t = ref_text(s, ref, &row, &col);
    const char *code;
    char v[48];
    if (t == NULL) return false;
    if (strlen(t) == 2 && t[0] >= 'A' && t[0] <= 'Z' && t[1] >= 'A' && t[1] <= 'Z') {
        memcpy(dst, t, 3);
        return true;
    }
    code = cell_text(s, row, 19); /* column S: the code of a country chosen by name */
    if (code != NULL && strlen(code) == 2) {
        memcpy(dst, code, 3);
        return true;
    }
    cell_problem(im, s, row, col, DPP_ERR_CBAM_VALUE, field, "'%s' is not an ISO 3166-1 alpha-2 code", clip(v, 40, t));
    return false;
}

static bool is_none(const char *t) { return t == NULL || strcmp(t, "None") == 0 || strcmp(t, "none") == 0; }

static bool is_zero_number(const xlsx_sheet *s, unsigned row, unsigned col)
{
    const char *t = cell_text(s, row, col);
    char *end;
    return t != NULL && dpp_xlsx_cell_at(s, row, col)->type == XLSX_NUMBER && strtod(t, &end) == 0.0 && *end == '\0';
}

/* The template's instrument names (c_CodeLists) to the passport's. */
static bool instrument_of(const char *t, dpp_price_instrument *out)
{
    char low[64];
    size_t n = strlen(t);
    if (n >= sizeof low) n = sizeof low - 1;
    for (size_t i = 0; i < n; i++) low[i] = (char)((t[i] >= 'A' && t[i] <= 'Z') ? t[i] + 32 : t[i]);
    low[n] = '\0';
    if (strstr(low, "tax") != NULL) *out = DPP_PRICE_CARBON_TAX;
    else if (strstr(low, "trading") != NULL || strcmp(low, "ets") == 0) *out = DPP_PRICE_ETS;
    else if (strstr(low, "levy") != NULL) *out = DPP_PRICE_LEVY;
    else if (strstr(low, "fee") != NULL) *out = DPP_PRICE_FEE;
    else if (strstr(low, "other") != NULL) *out = DPP_PRICE_OTHER;
    else return false;
    return true;
}

/* Fills the installation, its period and verifier (shared by every line). */
static void read_installation(imp *im, dpp_cbam *c)
{
    const xlsx_sheet *s = im->sum;
    unsigned row, col;
    dpp_cbam_installation *in = &c->installation;
    const char *t;

    if (!get_text_ref(im, s, CBT_INST_NAME, in->name, DPP_MAX_NAME, "cbam.installation.name")) return;
    c->has_installation = true;
    (void)get_text_ref(im, s, CBT_INST_STREET, in->street, DPP_MAX_ADDRESS, "cbam.installation.street");
    (void)get_text_ref(im, s, CBT_INST_ACTIVITY, in->activity, DPP_MAX_ACTIVITY, "cbam.installation.activity");
    (void)get_text_ref(im, s, CBT_INST_CITY, in->city, DPP_MAX_ADDRESS, "cbam.installation.city");
    (void)get_country(im, s, CBT_INST_COUNTRY, in->country, "cbam.installation.country");
    t = ref_text(s, CBT_INST_UNLOCODE, &row, &col);
    if (t != NULL) {
        /* "CN ABC" (the template's form) -> "CNABC" */
        size_t o = 0;
        for (const char *p = t; *p != '\0'; p++) {
            if (*p == ' ') continue;
            if (o == 5) {
                o = 6;
                break;
            }
            in->unlocode[o++] = *p;
        }
        if (o != 5) {
            char v[24];
            cell_problem(im, s, row, col, DPP_ERR_CBAM_VALUE, "cbam.installation.unlocode",
                         "'%s' is not a UN/LOCODE (2 + 3 characters)", clip(v, 20, t));
            in->unlocode[0] = '\0';
        } else {
            in->unlocode[5] = '\0';
        }
    }
    {
        dpp_decimal lat, lon;
        bool a = get_coordinate(im, s, CBT_INST_LAT, &lat, "cbam.installation.coordinates.latitude");
        bool b = get_coordinate(im, s, CBT_INST_LON, &lon, "cbam.installation.coordinates.longitude");
        if (a && b) {
            in->has_coordinates = true;
            in->latitude = lat;
            in->longitude = lon;
        }
    }
    if (get_date(im, s, CBT_PERIOD_START, &c->period_start, "cbam.period.start") &&
        get_date(im, s, CBT_PERIOD_END, &c->period_end, "cbam.period.end"))
        c->has_period = true;
    if (im->inst != NULL) {
        const xlsx_sheet *a = im->inst;
        (void)get_text_ref(im, a, CBT_INST_POSTCODE, in->postcode, DPP_MAX_POSTCODE, "cbam.installation.postcode");
        if (get_text_ref(im, a, CBT_VERIFIER_NAME, c->verifier.name, DPP_MAX_NAME, "cbam.verifier.name")) {
            c->has_verifier = true;
            (void)get_country(im, a, CBT_VERIFIER_COUNTRY, c->verifier.country, "cbam.verifier.country");
            (void)get_country(im, a, CBT_VERIFIER_ACCR_STATE, c->verifier.accreditation_state,
                              "cbam.verifier.accreditation_state");
            (void)get_text_ref(im, a, CBT_VERIFIER_ACCR_BODY, c->verifier.accreditation_body, DPP_MAX_NAME,
                               "cbam.verifier.accreditation_body");
            (void)get_text_ref(im, a, CBT_VERIFIER_ACCR_ID, c->verifier.accreditation_id, DPP_MAX_ID,
                               "cbam.verifier.accreditation_id");
        }
    }
}

/* Installation-level cells of the summary that have no passport field. */
static void report_summary_unmapped(imp *im)
{
    static const struct {
        const char *ref, *what;
    } cells[] = {
        {"Z13", "installation emissions, calculation-based"}, {"AB13", "total PFC emissions"},
        {"AD13", "measurement-based emissions"},             {"AF13", "other emissions"},
        {"AH15", "total direct emissions"},                  {"AH16", "total indirect emissions"},
        {"AH17", "total emissions"},                         {"AC19", "data quality"},
        {"AC20", "justification for default values"},        {"AC21", "quality assurance"},
        {"AL13", "additional information"},
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        unsigned row, col;
        const char *t = ref_text(im->sum, cells[i].ref, &row, &col);
        if (t != NULL && !(strcmp(cells[i].ref, "AL13") == 0 && is_none(t)))
            cell_unmapped(im, im->sum, row, col, cells[i].what);
    }
}

/* The first route of goods category cat in section 2, into route. */
static void route_of(imp *im, const char *cat, char *route)
{
    for (unsigned r = CBT_GOODS_FIRST_ROW; r <= CBT_GOODS_LAST_ROW; r++) {
        const char *g = cell_text(im->sum, r, 9); /* I */
        if (g == NULL || strcmp(g, cat) != 0) continue;
        for (unsigned c = 10; c <= 15; c++) { /* J..O */
            const char *t = cell_text(im->sum, r, c);
            if (t == NULL) continue;
            if (strlen(t) > DPP_MAX_ROUTE) {
                cell_problem(im, im->sum, r, c, DPP_ERR_CBAM_VALUE, "cbam.route", "route of %zu bytes, at most %d",
                             strlen(t), DPP_MAX_ROUTE);
                return;
            }
            (void)copy_cut(route, DPP_MAX_ROUTE, t);
            return;
        }
        return;
    }
}

/* Passport id: a UUID (version 8, RFC 9562) from the SHA-256 of the
 * workbook's digest and the row, so importing the same file again gives
 * the same ids. */
static void line_id(const uint8_t book_digest[32], unsigned row, uint8_t id[16])
{
    uint8_t in[48 + 4], h[32];
    memcpy(in, "dpp cbam import v1\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    memcpy(in + 16, book_digest, 32);
    in[48] = (uint8_t)(row >> 24);
    in[49] = (uint8_t)(row >> 16);
    in[50] = (uint8_t)(row >> 8);
    in[51] = (uint8_t)row;
    if (dpp_sha256(in, sizeof in, h) != DPP_OK) memset(h, 0x5a, sizeof h);
    memcpy(id, h, 16);
    id[6] = (uint8_t)((id[6] & 0x0fu) | 0x80u);
    id[8] = (uint8_t)((id[8] & 0x3fu) | 0x80u);
}

/* The carbon price columns of a line (AL..AZ). */
static void read_price(imp *im, unsigned row, dpp_cbam *c)
{
    const xlsx_sheet *s = im->sum;
    const char *t = cell_text(s, row, CBT_C_INSTRUMENT);
    char v[48];
    /* The template's formulas write 0 where nothing is due. */
    if (is_none(t)) {
        static const unsigned price_cols[] = {CBT_C_CP_SHARE, CBT_C_CP_COVERED, CBT_C_CURRENCY,  CBT_C_CP_DUE,
                                              CBT_C_REBATE_TYPE, CBT_C_RB_SHARE, CBT_C_RB_COVERED, CBT_C_REBATE,
                                              CBT_C_EFFECTIVE};
        for (size_t i = 0; i < sizeof price_cols / sizeof price_cols[0]; i++)
            if (!is_zero_number(s, row, price_cols[i]))
                cell_unmapped(im, s, row, price_cols[i], "carbon price data without an instrument (column AL)");
        return;
    }
    if (!instrument_of(t, &c->carbon_price_instrument)) {
        cell_problem(im, s, row, CBT_C_INSTRUMENT, DPP_ERR_CBAM_VALUE, "cbam.carbon_price.instrument",
                     "carbon pricing instrument '%s' is not known", clip(v, 40, t));
    } else if (get_text(im, s, row, CBT_C_CURRENCY, c->carbon_price_currency, 3, "cbam.carbon_price.currency") &&
               get_dec(im, s, row, CBT_C_CP_DUE, CBT_PLACES_MONEY, &c->carbon_price, "cbam.carbon_price.amount")) {
        c->has_carbon_price = true;
        c->has_price_covered = get_dec(im, s, row, CBT_C_CP_COVERED, CBT_PLACES_SEE, &c->price_covered,
                                       "cbam.carbon_price.covered");
        c->has_rebate = get_dec(im, s, row, CBT_C_REBATE, CBT_PLACES_MONEY, &c->rebate, "cbam.carbon_price.rebate");
        if (c->has_rebate)
            (void)get_text(im, s, row, CBT_C_REBATE_TYPE, c->rebate_type, DPP_MAX_REBATE_TYPE,
                           "cbam.carbon_price.rebate_type");
        c->has_rebate_covered = get_dec(im, s, row, CBT_C_RB_COVERED, CBT_PLACES_SEE, &c->rebate_covered,
                                        "cbam.carbon_price.rebate_covered");
        c->has_effective_price = get_dec(im, s, row, CBT_C_EFFECTIVE, CBT_PLACES_MONEY, &c->effective_price,
                                         "cbam.carbon_price.effective");
        cell_unmapped(im, s, row, CBT_C_CP_SHARE, "share covered by the carbon price (follows from the amounts)");
        cell_unmapped(im, s, row, CBT_C_RB_SHARE, "share covered by the rebate (follows from the amounts)");
    } else {
        cell_problem(im, s, row, CBT_C_CP_DUE, DPP_ERR_CBAM_VALUE, "cbam.carbon_price.amount",
                     "carbon price instrument without currency (AP) and amount (AQ)");
    }
}

/* One product line (row) into p; false if the line cannot make a passport. */
static bool read_line(imp *im, unsigned row, const dpp_cbam *shared, dpp_passport *p)
{
    const xlsx_sheet *s = im->sum;
    dpp_cbam *c = &p->cbam;
    const char *t;
    unsigned long before = im->problems;

    p->has_cbam = true;
    *c = *shared;
    t = cell_text(s, row, CBT_C_CN);
    {
        size_t n = t != NULL ? strlen(t) : 0, k = 0;
        char v[24];
        for (size_t i = 0; i < n && k < 8; i++)
            if (t[i] != ' ') c->cn_code[k++] = t[i];
        c->cn_code[k] = '\0';
        if (k != 8) {
            cell_problem(im, s, row, CBT_C_CN, DPP_ERR_CBAM_VALUE, "cbam.cn_code", "CN code '%s' is not 8 digits",
                         clip(v, 20, t != NULL ? t : ""));
            return false;
        }
    }
    memcpy(c->origin, shared->installation.country, sizeof c->origin);
    if (c->origin[0] == '\0') {
        cell_problem(im, s, 16, 7, DPP_ERR_CBAM_VALUE, "cbam.origin",
                     "no country of the installation (needed as the goods' origin)");
        return false;
    }
    (void)get_text(im, s, row, CBT_C_PROCESS, c->process, DPP_MAX_PROCESS, "cbam.process");
    if (get_text(im, s, row, CBT_C_CATEGORY, c->goods_category, DPP_MAX_CATEGORY, "cbam.goods_category"))
        route_of(im, c->goods_category, c->route);
    t = cell_text(s, row, CBT_C_NAME);
    if (t == NULL) t = cell_text(s, row, CBT_C_CN_NAME);
    if (t == NULL) {
        cell_problem(im, s, row, CBT_C_NAME, DPP_ERR_CBAM_VALUE, "name",
                     "no product name (column H) nor CN name (column G)");
        return false;
    }
    if (copy_cut(p->name, DPP_MAX_NAME, t)) {
        dpp_cbam_note n;
        note_at(&n, DPP_CBAM_NOTE_NOTICE, im, s, row, CBT_C_NAME);
        (void)snprintf(n.field, sizeof n.field, "name");
        (void)snprintf(n.reason, sizeof n.reason, "product name cut to %d bytes", DPP_MAX_NAME);
        add_note(im, &n);
    }
    if (!get_dec(im, s, row, CBT_C_SEE_DIR, CBT_PLACES_SEE, &c->see_direct, "cbam.see_direct")) {
        if (cell_text(s, row, CBT_C_SEE_DIR) == NULL)
            cell_problem(im, s, row, CBT_C_SEE_DIR, DPP_ERR_CBAM_VALUE, "cbam.see_direct",
                         "no specific direct embedded emissions");
        return false;
    }
    c->has_see_indirect = get_dec(im, s, row, CBT_C_SEE_IND, CBT_PLACES_SEE, &c->see_indirect, "cbam.see_indirect");
    c->has_see_total = get_dec(im, s, row, CBT_C_SEE_TOT, CBT_PLACES_SEE, &c->see_total, "cbam.see_total");
    t = cell_text(s, row, CBT_C_UNIT);
    if (t != NULL) {
        char v[24];
        if (strcmp(t, "tCO2e/t") == 0 || strcmp(t, "tCO2e/MWh") == 0) (void)copy_cut(c->see_unit, DPP_MAX_SEE_UNIT, t);
        else
            cell_problem(im, s, row, CBT_C_UNIT, DPP_ERR_CBAM_VALUE, "cbam.see_unit",
                         "unit '%s' is not tCO2e/t or tCO2e/MWh", clip(v, 20, t));
    }
    c->method = DPP_CBAM_ACTUAL;
    if (get_dec(im, s, row, CBT_C_DEFAULT, CBT_PLACES_SHARE, &c->default_share, "cbam.default_share")) {
        static const dpp_decimal zero = {0, 0}, one = {1, 0};
        c->has_default_share = true;
        if (dpp_decimal_cmp(c->default_share, one) >= 0) c->method = DPP_CBAM_DEFAULT;
        else if (dpp_decimal_cmp(c->default_share, zero) > 0) c->method = DPP_CBAM_MIXED;
    }
    if (get_dec(im, s, row, CBT_C_ELEC, CBT_PLACES_SEE, &c->electricity, "cbam.electricity.consumed")) {
        c->has_electricity = true;
        (void)get_text(im, s, row, CBT_C_EF_SOURCE, c->electricity_ef_source, DPP_MAX_SOURCE,
                       "cbam.electricity.ef_source");
    } else {
        cell_unmapped(im, s, row, CBT_C_EF_SOURCE, "electricity EF source without embedded electricity");
    }
    for (unsigned col = CBT_C_QUAL_FIRST; col <= CBT_C_QUAL_LAST; col++) {
        char what[96], h[64];
        const char *head = cell_text(s, CBT_PRODUCT_HEADER_ROW, col);
        (void)snprintf(what, sizeof what, "qualifying parameter '%s'", clip(h, 60, head != NULL ? head : "?"));
        for (char *q = what; *q != '\0'; q++)
            if ((unsigned char)*q < 0x20) *q = ' ';
        cell_unmapped(im, s, row, col, what);
    }
    read_price(im, row, c);
    return im->problems == before;
}

/* A GTIN-8/12/13/14 with a valid check digit, as 14 digits in out. */
static bool gtin14(const char *s, char out[15])
{
    size_t n = strlen(s);
    int sum = 0;
    if (n != 8 && n != 12 && n != 13 && n != 14) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    memset(out, '0', 14 - n);
    memcpy(out + 14 - n, s, n);
    out[14] = '\0';
    for (int i = 12; i >= 0; i--) sum += (out[i] - '0') * ((12 - i) % 2 == 0 ? 3 : 1);
    return (10 - sum % 10) % 10 == out[13] - '0';
}

static dpp_err err_of(xlsx_err e)
{
    switch (e) {
    case XLSX_OK: return DPP_OK;
    case XLSX_E_TOO_LARGE: return DPP_ERR_TOO_LARGE;
    case XLSX_E_NOT_ZIP: return DPP_ERR_XLSX_NOT_ZIP;
    case XLSX_E_ZIP: return DPP_ERR_XLSX_ZIP;
    case XLSX_E_BOMB: return DPP_ERR_XLSX_BOMB;
    case XLSX_E_PART:
    case XLSX_E_SHEET: return DPP_ERR_XLSX_PART;
    case XLSX_E_XML: return DPP_ERR_XLSX_XML;
    case XLSX_E_CELL: return DPP_ERR_XLSX_CELL;
    case XLSX_E_MEMORY: return DPP_ERR_NO_MEMORY;
    case XLSX_E_IO: break;
    }
    return DPP_ERR_INVALID_ARG;
}

static dpp_err check_opts(const dpp_cbam_import_opts *o, char (*gtins)[15], dpp_diag *diag)
{
    char v[24];
    if (o->n_gtins > 0 && o->gtins == NULL) {
        diag_set(diag, DPP_ERR_INVALID_ARG, "gtin", "gtins is NULL with n_gtins %zu", o->n_gtins);
        return DPP_ERR_INVALID_ARG;
    }
    if (o->n_gtins > DPP_CBAM_MAX_LINES) {
        diag_set(diag, DPP_ERR_INVALID_ARG, "gtin", "%zu GTINs, at most %u (one per product line)", o->n_gtins,
                 DPP_CBAM_MAX_LINES);
        return DPP_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < o->n_gtins; i++) {
        if (o->gtins[i] == NULL || !gtin14(o->gtins[i], gtins[i])) {
            diag_set(diag, DPP_ERR_SCHEMA_CHECK_DIGIT, "gtin", "gtin '%s' is not a GTIN with a valid check digit",
                     clip(v, 20, o->gtins[i] != NULL ? o->gtins[i] : "(null)"));
            return DPP_ERR_SCHEMA_CHECK_DIGIT;
        }
    }
    if (o->manufacturer != NULL && (o->manufacturer[0] == '\0' || strlen(o->manufacturer) > DPP_MAX_NAME)) {
        diag_set(diag, DPP_ERR_INVALID_ARG, "manufacturer.name", "manufacturer: 1 to %d bytes", DPP_MAX_NAME);
        return DPP_ERR_INVALID_ARG;
    }
    return DPP_OK;
}

/* The product lines of the summary, rows 26..125. */
static void read_lines(imp *im, const dpp_cbam *shared, const dpp_cbam_import_opts *o, char (*gtins)[15],
                       const uint8_t digest[32], dpp_passport *p)
{
    for (unsigned row = CBT_PRODUCT_FIRST_ROW; row <= CBT_PRODUCT_LAST_ROW && im->fatal == DPP_OK; row++) {
        size_t made = dpp_cbam_import_passport_count(im->res);
        dpp_cbam_note n;
        dpp_diag d;
        bool any = false;
        for (unsigned col = CBT_C_PROCESS; col <= CBT_C_EFF_UNIT && !any; col++)
            any = cell_text(im->sum, row, col) != NULL && !is_zero_number(im->sum, row, col) &&
                  !(col == CBT_C_CP_COV_UNIT || col == CBT_C_RB_COV_UNIT);
        if (!any) continue;
        im->row = row;
        dpp_cbam_result_count_line(im->res);
        memset(p, 0, sizeof *p);
        dpp_passport_init(p);
        note_at(&n, DPP_CBAM_NOTE_SKIPPED, im, im->sum, 0, 0);
        if (!read_line(im, row, shared, p)) {
            (void)snprintf(n.reason, sizeof n.reason, "line skipped");
            add_note(im, &n);
            continue;
        }
        line_id(digest, row, p->id);
        if (made < o->n_gtins) {
            memcpy(p->gtin, gtins[made], sizeof p->gtin);
        } else {
            dpp_cbam_note g;
            memcpy(p->gtin, DPP_CBAM_PLACEHOLDER_GTIN, sizeof p->gtin);
            note_at(&g, DPP_CBAM_NOTE_NOTICE, im, NULL, 0, 0);
            (void)snprintf(g.field, sizeof g.field, "gtin");
            (void)snprintf(g.reason, sizeof g.reason, "no GTIN for this line: placeholder GTIN %s",
                           DPP_CBAM_PLACEHOLDER_GTIN);
            add_note(im, &g);
        }
        (void)copy_cut(p->manufacturer.name, DPP_MAX_NAME,
                       o->manufacturer != NULL ? o->manufacturer : shared->installation.name);
        memcpy(p->manufacturer.country, shared->installation.country, 3);
        if (dpp_passport_validate(p, &d) != DPP_OK) {
            n.err = d.err;
            (void)snprintf(n.field, sizeof n.field, "%s", d.path);
            (void)snprintf(n.reason, sizeof n.reason, "the passport is not valid: %s", d.msg);
            if (im->strict && im->fatal == DPP_OK) {
                im->fatal = d.err;
                diag_set(im->diag, d.err, d.path, "%s row %u: %.200s", CBT_SHEET_SUMMARY, row, n.reason);
            }
            add_note(im, &n);
            continue;
        }
        {
            const xlsx_cell *no = dpp_xlsx_cell_at(im->sum, row, CBT_C_NO);
            unsigned long line_no = row - CBT_PRODUCT_FIRST_ROW + 1u;
            if (no->type == XLSX_NUMBER && no->text != NULL) {
                unsigned long v = strtoul(no->text, NULL, 10);
                if (v >= 1 && v <= CBT_MAX_PRODUCTS) line_no = v;
            }
            if (dpp_cbam_result_add_passport(im->res, p, row, (unsigned)line_no) != DPP_OK && im->fatal == DPP_OK) {
                im->fatal = DPP_ERR_NO_MEMORY;
                diag_set(im->diag, DPP_ERR_NO_MEMORY, NULL, "%s row %u: out of memory", CBT_SHEET_SUMMARY, row);
            }
        }
    }
    im->row = 0;
}

dpp_err dpp_cbam_import_xlsx(const uint8_t *data, size_t len, const dpp_cbam_import_opts *opts,
                             dpp_cbam_import **out, dpp_diag *diag)
{
    static const dpp_cbam_import_opts none = {NULL, 0, NULL, false};
    const dpp_cbam_import_opts *o = opts != NULL ? opts : &none;
    char gtins[DPP_CBAM_MAX_LINES][15];
    uint8_t digest[32];
    xlsx_book *book = NULL;
    xlsx_diag xd;
    imp im;
    dpp_cbam shared;
    dpp_passport *p = NULL;
    dpp_err e;

    if (diag != NULL) memset(diag, 0, sizeof *diag);
    if (out == NULL || (data == NULL && len > 0)) {
        diag_set(diag, DPP_ERR_INVALID_ARG, NULL, "%s is NULL", out == NULL ? "out" : "data");
        return DPP_ERR_INVALID_ARG;
    }
    *out = NULL;
    e = check_opts(o, gtins, diag);
    if (e != DPP_OK) return e;
    if (data == NULL) data = (const uint8_t *)"";
    memset(&im, 0, sizeof im);
    im.strict = o->strict;
    im.diag = diag;
    im.res = dpp_cbam_result_new();
    p = malloc(sizeof *p);
    if (im.res == NULL || p == NULL) {
        diag_set(diag, DPP_ERR_NO_MEMORY, NULL, "out of memory");
        e = DPP_ERR_NO_MEMORY;
        goto done;
    }
    xmlInitParser();
    if (dpp_sha256(data, len, digest) != DPP_OK) memset(digest, 0, sizeof digest);
    if (dpp_xlsx_open_mem(data, len, &book, &xd) != XLSX_OK ||
        dpp_xlsx_load_sheet(book, CBT_SHEET_SUMMARY, &im.sum, &xd) != XLSX_OK) {
        e = err_of(xd.err);
        diag_set(diag, e, NULL, "%s", xd.msg);
        goto done;
    }
    if (dpp_xlsx_load_sheet(book, CBT_SHEET_INST, &im.inst, &xd) != XLSX_OK) {
        dpp_cbam_note n;
        if (xd.err != XLSX_E_SHEET) {
            e = err_of(xd.err);
            diag_set(diag, e, NULL, "%s", xd.msg);
            goto done;
        }
        note_at(&n, DPP_CBAM_NOTE_WARNING, &im, NULL, 0, 0);
        (void)snprintf(n.sheet, sizeof n.sheet, "%s", CBT_SHEET_INST);
        (void)snprintf(n.reason, sizeof n.reason, "no sheet %s: no post code or verifier", CBT_SHEET_INST);
        add_note(&im, &n);
    }
    memset(&shared, 0, sizeof shared);
    read_installation(&im, &shared);
    if (im.fatal == DPP_OK && !shared.has_installation) {
        e = DPP_ERR_CBAM_TEMPLATE;
        diag_set(diag, e, "cbam.installation.name", "%s!%s: no installation name: not a filled communication template",
                 CBT_SHEET_SUMMARY, CBT_INST_NAME);
        goto done;
    }
    if (im.fatal == DPP_OK) report_summary_unmapped(&im);
    if (im.fatal == DPP_OK) read_lines(&im, &shared, o, gtins, digest, p);
    if (im.fatal != DPP_OK) {
        e = im.fatal; /* diag was set where it happened */
        goto done;
    }
    if (o->strict && dpp_cbam_import_lines(im.res) == 0) {
        e = DPP_ERR_CBAM_TEMPLATE;
        diag_set(diag, e, NULL, "%s: no product lines in rows %u..%u", CBT_SHEET_SUMMARY, CBT_PRODUCT_FIRST_ROW,
                 CBT_PRODUCT_LAST_ROW);
        goto done;
    }
    *out = im.res;
    im.res = NULL;
    e = DPP_OK;
done:
    free(p);
    dpp_xlsx_sheet_free(im.sum);
    dpp_xlsx_sheet_free(im.inst);
    dpp_xlsx_close(book);
    dpp_cbam_import_free(im.res);
    return e;
}
