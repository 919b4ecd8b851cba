/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam import: a filled CBAM communication template (v2.1.1) to one
 * passport JSON per product line of its Summary_Communication sheet.
 * Cells are read with xlsx_read.c; every value a passport field takes is
 * named by its cell in messages, and every filled cell of the summary that
 * has no passport field is listed ("not mapped"). Mapping and rounding:
 * spec/cbam-template.md. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cbam_xlsx.h"
#include "io.h"
#include "util.h"
#include "xlsx_read.h"

#define IMPORT_MAX_GTINS CBT_MAX_PRODUCTS
#define IMPORT_PLACEHOLDER_GTIN "00000000000000"

/* ---- numbers ---- */

int cbt_number_to_decimal(const char *text, unsigned places, dpp_decimal *out)
{
    char buf[48], digits[24];
    const char *p, *e;
    char *end;
    double v;
    int prec, nd = 0, exp10 = 0, keep;
    bool neg, eneg = false;
    int64_t m = 0;
    int8_t ex;

    if (text == NULL || places > 18) return -1;
    while (*text == ' ') text++;
    errno = 0;
    v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v)) return -1;
    if (v == 0.0) {
        *out = (dpp_decimal){0, 0};
        return 0;
    }
    for (prec = 0; prec < 17; prec++) {
        (void)snprintf(buf, sizeof buf, "%.*e", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    neg = buf[0] == '-';
    for (p = buf; *p != '\0' && *p != 'e' && *p != 'E'; p++)
        if (*p >= '0' && *p <= '9' && nd < (int)sizeof digits) digits[nd++] = *p;
    if (*p == '\0' || nd == 0) return -1;
    e = p + 1;
    if (*e == '-' || *e == '+') eneg = *e++ == '-';
    for (; *e >= '0' && *e <= '9'; e++) {
        exp10 = exp10 * 10 + (*e - '0');
        if (exp10 > 400) return -1;
    }
    if (eneg) exp10 = -exp10;
    /* digit i has the weight 10^(exp10 - i); keep those >= 10^-places. */
    keep = exp10 + (int)places + 1;
    if (keep > 18) return -1;
    for (int i = 0; i < keep; i++) m = m * 10 + (i < nd ? digits[i] - '0' : 0);
    if (keep >= 0 && keep < nd && digits[keep] >= '5') m++;
    ex = (int8_t)(-(int)places);
    while (ex < 0 && m % 10 == 0) {
        m /= 10;
        ex++;
    }
    if (m > DPP_DECIMAL_MAX_MANTISSA) return -1;
    out->mantissa = neg ? -m : m;
    out->exponent = ex;
    if (m == 0) out->exponent = 0;
    return 0;
}

/* ---- the import ---- */

typedef struct imp {
    xlsx_sheet *sum;  /* Summary_Communication */
    xlsx_sheet *inst; /* A_InstData (optional) */
    unsigned long problems; /* cells that could not be used */
    unsigned long unmapped; /* filled cells without a passport field */
    bool quiet;
} imp;

static const char *cell_text(const xlsx_sheet *s, unsigned row, unsigned col)
{
    const xlsx_cell *c = xlsx_cell_at(s, row, col);
    if (c->type == XLSX_EMPTY || c->text == NULL) return NULL;
    /* A formula's "" (the template's IF(...="","",...)) is an empty cell. */
    if (c->type == XLSX_STRING && c->text[0] == '\0') return NULL;
    return c->text;
}

static const char *ref_text(const xlsx_sheet *s, const char *ref, unsigned *row, unsigned *col)
{
    if (!xlsx_parse_ref(ref, strlen(ref), col, row)) return NULL;
    return cell_text(s, *row, *col);
}

/* Reports a cell that could not be used: "dpp: SHEET!REF: message". */
static void cell_problem(imp *im, const xlsx_sheet *s, unsigned row, unsigned col, const char *fmt, ...)
    CLI_PRINTF(5, 6);
static void cell_problem(imp *im, const xlsx_sheet *s, unsigned row, unsigned col, const char *fmt, ...)
{
    char ref[16], msg[400];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    xlsx_format_ref(col, row, ref, sizeof ref);
    cli_err("cbam import: %s!%s: %s", xlsx_sheet_title(s), ref, msg);
    im->problems++;
}

static void cell_unmapped(imp *im, const xlsx_sheet *s, unsigned row, unsigned col, const char *what)
{
    char ref[16], shown[48];
    const char *t = cell_text(s, row, col);
    if (t == NULL) return;
    im->unmapped++;
    if (im->quiet) return;
    xlsx_format_ref(col, row, ref, sizeof ref);
    (void)snprintf(shown, sizeof shown, "%s", t);
    for (char *c = shown; *c != '\0'; c++)
        if ((unsigned char)*c < 0x20) *c = ' ';
    (void)fprintf(stderr, "dpp: cbam import: %s!%s: not mapped (%s: '%s%s')\n", xlsx_sheet_title(s), ref, what, shown,
                  strlen(t) >= sizeof shown ? "..." : "");
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
static bool get_text(imp *im, const xlsx_sheet *s, unsigned row, unsigned col, char *dst, size_t cap)
{
    const char *t = cell_text(s, row, col);
    if (t == NULL) return false;
    if (strlen(t) > cap) {
        cell_problem(im, s, row, col, "%zu bytes, the passport field holds at most %zu", strlen(t), cap);
        return false;
    }
    (void)copy_cut(dst, cap, t);
    return true;
}

/* A number cell to a decimal with `places` fraction digits. */
static bool get_dec(imp *im, const xlsx_sheet *s, unsigned row, unsigned col, unsigned places, dpp_decimal *out)
{
    const xlsx_cell *c = xlsx_cell_at(s, row, col);
    const char *t = cell_text(s, row, col);
    if (t == NULL) return false;
    if ((c->type != XLSX_NUMBER && c->type != XLSX_STRING) || cbt_number_to_decimal(t, places, out) != 0) {
        cell_problem(im, s, row, col, "'%.40s' is not a number", t);
        return false;
    }
    return true;
}

/* A date cell: an Excel serial day (1900 date system) or "YYYY-MM-DD". */
static bool get_date(imp *im, const xlsx_sheet *s, const char *ref, dpp_date *out)
{
    unsigned row, col;
    const char *t = ref_text(s, ref, &row, &col);
    const xlsx_cell *c;
    if (t == NULL) return false;
    c = xlsx_cell_at(s, row, col);
    if (c->type == XLSX_NUMBER) {
        char *end;
        double v = strtod(t, &end);
        /* serial 25569 is 1970-01-01 */
        if (*end == '\0' && isfinite(v) && v == floor(v) && v >= 25569.0 && v <= 25569.0 + 2932896.0) /* 9999-12-31 */ {
            *out = (dpp_date)(v - 25569.0);
            return true;
        }
    } else if (dpp_date_parse(t, strlen(t), out) == DPP_OK) {
        return true;
    }
    cell_problem(im, s, row, col, "'%.40s' is not a date (a whole day from 1970-01-01 on)", t);
    return false;
}

/* "16.6911279°" (or a number cell) to a decimal with up to 8 places. */
static bool get_coordinate(imp *im, const xlsx_sheet *s, const char *ref, dpp_decimal *out)
{
    char buf[48];
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
    if (n > 0 && cbt_number_to_decimal(buf, 8, out) == 0) return true;
    cell_problem(im, s, row, col, "'%.40s' is not a coordinate in decimal degrees (e.g. 16.6911279°)", t);
    return false;
}

/* A country: two letters, or a name whose code the template put in column S. */
static bool get_country(imp *im, const xlsx_sheet *s, const char *ref, char dst[3])
{
    unsigned row, col;
    const char *t = ref_text(s, ref, &row, &col);
    const char *code;
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
    cell_problem(im, s, row, col, "'%.40s' is not an ISO 3166-1 alpha-2 code", t);
    return false;
}

static bool is_none(const char *t) { return t == NULL || strcmp(t, "None") == 0 || strcmp(t, "none") == 0; }

static bool is_zero_number(const xlsx_sheet *s, unsigned row, unsigned col)
{
    const char *t = cell_text(s, row, col);
    char *end;
    return t != NULL && xlsx_cell_at(s, row, col)->type == XLSX_NUMBER && strtod(t, &end) == 0.0 && *end == '\0';
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

    if (!xlsx_parse_ref(CBT_INST_NAME, 3, &col, &row) || !get_text(im, s, row, col, in->name, DPP_MAX_NAME))
        return;
    c->has_installation = true;
    (void)xlsx_parse_ref(CBT_INST_STREET, 3, &col, &row);
    (void)get_text(im, s, row, col, in->street, DPP_MAX_ADDRESS);
    (void)xlsx_parse_ref(CBT_INST_ACTIVITY, 3, &col, &row);
    (void)get_text(im, s, row, col, in->activity, DPP_MAX_ACTIVITY);
    (void)xlsx_parse_ref(CBT_INST_CITY, 3, &col, &row);
    (void)get_text(im, s, row, col, in->city, DPP_MAX_ADDRESS);
    (void)get_country(im, s, CBT_INST_COUNTRY, in->country);
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
            cell_problem(im, s, row, col, "'%.20s' is not a UN/LOCODE (2 + 3 characters)", t);
            in->unlocode[0] = '\0';
        } else {
            in->unlocode[5] = '\0';
        }
    }
    {
        dpp_decimal lat, lon;
        bool a = get_coordinate(im, s, CBT_INST_LAT, &lat);
        bool b = get_coordinate(im, s, CBT_INST_LON, &lon);
        if (a && b) {
            in->has_coordinates = true;
            in->latitude = lat;
            in->longitude = lon;
        }
    }
    if (get_date(im, s, CBT_PERIOD_START, &c->period_start) && get_date(im, s, CBT_PERIOD_END, &c->period_end))
        c->has_period = true;
    if (im->inst != NULL) {
        const xlsx_sheet *a = im->inst;
        (void)xlsx_parse_ref(CBT_INST_POSTCODE, 3, &col, &row);
        (void)get_text(im, a, row, col, in->postcode, DPP_MAX_POSTCODE);
        (void)xlsx_parse_ref(CBT_VERIFIER_NAME, 3, &col, &row);
        if (get_text(im, a, row, col, c->verifier.name, DPP_MAX_NAME)) {
            c->has_verifier = true;
            (void)get_country(im, a, CBT_VERIFIER_COUNTRY, c->verifier.country);
            (void)get_country(im, a, CBT_VERIFIER_ACCR_STATE, c->verifier.accreditation_state);
            (void)xlsx_parse_ref(CBT_VERIFIER_ACCR_BODY, 3, &col, &row);
            (void)get_text(im, a, row, col, c->verifier.accreditation_body, DPP_MAX_NAME);
            (void)xlsx_parse_ref(CBT_VERIFIER_ACCR_ID, 3, &col, &row);
            (void)get_text(im, a, row, col, c->verifier.accreditation_id, DPP_MAX_ID);
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
                cell_problem(im, im->sum, r, c, "route of %zu bytes, at most %d", strlen(t), DPP_MAX_ROUTE);
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
        for (size_t i = 0; i < n && k < 8; i++)
            if (t[i] != ' ') c->cn_code[k++] = t[i];
        c->cn_code[k] = '\0';
        if (k != 8) {
            cell_problem(im, s, row, CBT_C_CN, "CN code '%.20s' is not 8 digits", t != NULL ? t : "");
            return false;
        }
    }
    memcpy(c->origin, shared->installation.country, sizeof c->origin);
    if (c->origin[0] == '\0') {
        cell_problem(im, s, 16, 7, "no country of the installation (needed as the goods' origin)");
        return false;
    }
    (void)get_text(im, s, row, CBT_C_PROCESS, c->process, DPP_MAX_PROCESS);
    if (get_text(im, s, row, CBT_C_CATEGORY, c->goods_category, DPP_MAX_CATEGORY)) route_of(im, c->goods_category, c->route);
    t = cell_text(s, row, CBT_C_NAME);
    if (t == NULL) t = cell_text(s, row, CBT_C_CN_NAME);
    if (t == NULL) {
        cell_problem(im, s, row, CBT_C_NAME, "no product name (column H) nor CN name (column G)");
        return false;
    }
    if (copy_cut(p->name, DPP_MAX_NAME, t) && !im->quiet)
        (void)fprintf(stderr, "dpp: cbam import: %s!H%u: product name cut to %d bytes\n", xlsx_sheet_title(s), row,
                      DPP_MAX_NAME);
    if (!get_dec(im, s, row, CBT_C_SEE_DIR, CBT_PLACES_SEE, &c->see_direct)) {
        if (cell_text(s, row, CBT_C_SEE_DIR) == NULL)
            cell_problem(im, s, row, CBT_C_SEE_DIR, "no specific direct embedded emissions");
        return false;
    }
    c->has_see_indirect = get_dec(im, s, row, CBT_C_SEE_IND, CBT_PLACES_SEE, &c->see_indirect);
    c->has_see_total = get_dec(im, s, row, CBT_C_SEE_TOT, CBT_PLACES_SEE, &c->see_total);
    t = cell_text(s, row, CBT_C_UNIT);
    if (t != NULL) {
        if (strcmp(t, "tCO2e/t") == 0 || strcmp(t, "tCO2e/MWh") == 0) (void)copy_cut(c->see_unit, DPP_MAX_SEE_UNIT, t);
        else cell_problem(im, s, row, CBT_C_UNIT, "unit '%.20s' is not tCO2e/t or tCO2e/MWh", t);
    }
    c->method = DPP_CBAM_ACTUAL;
    if (get_dec(im, s, row, CBT_C_DEFAULT, CBT_PLACES_SHARE, &c->default_share)) {
        static const dpp_decimal zero = {0, 0}, one = {1, 0};
        c->has_default_share = true;
        if (dpp_decimal_cmp(c->default_share, one) >= 0) c->method = DPP_CBAM_DEFAULT;
        else if (dpp_decimal_cmp(c->default_share, zero) > 0) c->method = DPP_CBAM_MIXED;
    }
    if (get_dec(im, s, row, CBT_C_ELEC, CBT_PLACES_SEE, &c->electricity)) {
        c->has_electricity = true;
        (void)get_text(im, s, row, CBT_C_EF_SOURCE, c->electricity_ef_source, DPP_MAX_SOURCE);
    } else {
        cell_unmapped(im, s, row, CBT_C_EF_SOURCE, "electricity EF source without embedded electricity");
    }
    for (unsigned col = CBT_C_QUAL_FIRST; col <= CBT_C_QUAL_LAST; col++) {
        char what[96];
        const char *head = cell_text(s, CBT_PRODUCT_HEADER_ROW, col);
        (void)snprintf(what, sizeof what, "qualifying parameter '%.60s'", head != NULL ? head : "?");
        for (char *q = what; *q != '\0'; q++)
            if ((unsigned char)*q < 0x20) *q = ' ';
        cell_unmapped(im, s, row, col, what);
    }
    /* Carbon price: the template's formulas write 0 where nothing is due. */
    t = cell_text(s, row, CBT_C_INSTRUMENT);
    if (!is_none(t)) {
        if (!instrument_of(t, &c->carbon_price_instrument)) {
            cell_problem(im, s, row, CBT_C_INSTRUMENT, "carbon pricing instrument '%.40s' is not known", t);
        } else if (get_text(im, s, row, CBT_C_CURRENCY, c->carbon_price_currency, 3) &&
                   get_dec(im, s, row, CBT_C_CP_DUE, CBT_PLACES_MONEY, &c->carbon_price)) {
            c->has_carbon_price = true;
            c->has_price_covered = get_dec(im, s, row, CBT_C_CP_COVERED, CBT_PLACES_SEE, &c->price_covered);
            c->has_rebate = get_dec(im, s, row, CBT_C_REBATE, CBT_PLACES_MONEY, &c->rebate);
            if (c->has_rebate) (void)get_text(im, s, row, CBT_C_REBATE_TYPE, c->rebate_type, DPP_MAX_REBATE_TYPE);
            c->has_rebate_covered = get_dec(im, s, row, CBT_C_RB_COVERED, CBT_PLACES_SEE, &c->rebate_covered);
            c->has_effective_price = get_dec(im, s, row, CBT_C_EFFECTIVE, CBT_PLACES_MONEY, &c->effective_price);
            cell_unmapped(im, s, row, CBT_C_CP_SHARE, "share covered by the carbon price (follows from the amounts)");
            cell_unmapped(im, s, row, CBT_C_RB_SHARE, "share covered by the rebate (follows from the amounts)");
        } else {
            cell_problem(im, s, row, CBT_C_CP_DUE, "carbon price instrument without currency (AP) and amount (AQ)");
        }
    } else {
        static const unsigned price_cols[] = {CBT_C_CP_SHARE, CBT_C_CP_COVERED, CBT_C_CURRENCY,  CBT_C_CP_DUE,
                                              CBT_C_REBATE_TYPE, CBT_C_RB_SHARE, CBT_C_RB_COVERED, CBT_C_REBATE,
                                              CBT_C_EFFECTIVE};
        for (size_t i = 0; i < sizeof price_cols / sizeof price_cols[0]; i++)
            if (!is_zero_number(s, row, price_cols[i]))
                cell_unmapped(im, s, row, price_cols[i], "carbon price data without an instrument (column AL)");
    }
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

static void usage_import(FILE *f)
{
    (void)fprintf(f,
                  "usage: dpp cbam import TEMPLATE.xlsx [--out DIR] [--gtin GTIN]... [--manufacturer NAME]\n"
                  "                       [--qr] [--quiet] [--force]\n"
                  "Reads a filled CBAM communication template (v2.1.1) and writes one passport JSON per\n"
                  "product line of its Summary_Communication sheet into DIR (default: the current\n"
                  "directory), named LINE-CNCODE.json. The template has no GTIN: --gtin gives them in line\n"
                  "order (else the placeholder 00000000000000, with a warning). Cells that cannot be read\n"
                  "are reported as SHEET!CELL; filled cells without a passport field are listed as\n"
                  "'not mapped' (--quiet: counted only). --qr also writes LINE-CNCODE.qr.json, the\n"
                  "label's passport: the CBAM fields that belong in the QR code (the full document goes\n"
                  "behind 'dpp encode --link URI --link-doc FULL.json'). Exit 0, 1 if a line was skipped, 4 for a\n"
                  "workbook that cannot be read. Mapping and rounding: spec/cbam-template.md.\n");
}

int cmd_cbam_import(int argc, char **argv)
{
    enum { O_HELP = 1, O_OUT, O_GTIN, O_QUIET, O_FORCE, O_MANUFACTURER, O_QR };
    static const cli_opt opts[] = {{"help", 'h', false, O_HELP}, {"out", 'o', true, O_OUT},
                                   {"gtin", 0, true, O_GTIN},    {"quiet", 'q', false, O_QUIET},
                                   {"force", 0, false, O_FORCE}, {"manufacturer", 0, true, O_MANUFACTURER},
                                   {"qr", 0, false, O_QR},       {NULL, 0, false, 0}};
    cli_args a;
    const char *arg, *in_path = NULL, *out_dir = ".", *gtins[IMPORT_MAX_GTINS], *manufacturer = NULL;
    size_t n_gtins = 0, n_written = 0, n_lines = 0;
    bool force = false, qr = false;
    int id, rc = CLI_EX_OK;
    uint8_t *data = NULL, digest[32];
    size_t len = 0;
    xlsx_book *book = NULL;
    xlsx_diag xd;
    imp im;
    dpp_cbam shared;
    dpp_passport *p = NULL;
    char *json = NULL;

    memset(&im, 0, sizeof im);
    cli_args_init(&a, "cbam import", argc, argv);
    while ((id = cli_args_next(&a, opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: usage_import(stdout); return CLI_EX_OK;
        case O_OUT: out_dir = arg; break;
        case O_GTIN:
            if (n_gtins == IMPORT_MAX_GTINS) return cli_usage_err("cbam import", "--gtin: at most %u", CBT_MAX_PRODUCTS);
            gtins[n_gtins++] = arg;
            break;
        case O_QUIET: im.quiet = true; break;
        case O_FORCE: force = true; break;
        case O_MANUFACTURER: manufacturer = arg; break;
        case O_QR: qr = true; break;
        case 0:
            if (in_path != NULL) return cli_usage_err("cbam import", "one workbook at a time ('%s')", arg);
            in_path = arg;
            break;
        default: return -id;
        }
    }
    if (in_path == NULL) return cli_usage_err("cbam import", "TEMPLATE.xlsx is required");
    if (manufacturer != NULL && (strlen(manufacturer) == 0 || strlen(manufacturer) > DPP_MAX_NAME))
        return cli_usage_err("cbam import", "--manufacturer: 1 to %d bytes", DPP_MAX_NAME);

    rc = cli_read_file(in_path, XLSX_MAX_FILE, &data, &len);
    if (rc != CLI_EX_OK) return rc;
    if (dpp_sha256(data, len, digest) != DPP_OK) memset(digest, 0, sizeof digest);
    if (xlsx_open_mem(data, len, &book, &xd) != XLSX_OK ||
        xlsx_load_sheet(book, CBT_SHEET_SUMMARY, &im.sum, &xd) != XLSX_OK) {
        cli_err("cbam import: %s: %s", cli_path_shown(in_path), xd.msg);
        rc = xd.err == XLSX_E_IO ? CLI_EX_NOINPUT : CLI_EX_MALFORMED;
        goto done;
    }
    if (xlsx_load_sheet(book, CBT_SHEET_INST, &im.inst, &xd) != XLSX_OK) {
        if (xd.err != XLSX_E_SHEET) {
            cli_err("cbam import: %s: %s", cli_path_shown(in_path), xd.msg);
            rc = CLI_EX_MALFORMED;
            goto done;
        }
        cli_warn("cbam import: %s: no sheet %s: no post code or verifier", cli_path_shown(in_path), CBT_SHEET_INST);
    }
    memset(&shared, 0, sizeof shared);
    read_installation(&im, &shared);
    if (!shared.has_installation) {
        cli_err("cbam import: %s!%s: no installation name: not a filled communication template", CBT_SHEET_SUMMARY,
                CBT_INST_NAME);
        rc = CLI_EX_MALFORMED;
        goto done;
    }
    report_summary_unmapped(&im);
    p = cli_xmalloc(sizeof *p);
    json = cli_xmalloc(64u * 1024u);
    for (unsigned row = CBT_PRODUCT_FIRST_ROW; row <= CBT_PRODUCT_LAST_ROW; row++) {
        char path[4096], ref[16];
        dpp_diag d;
        size_t jl;
        bool any = false;
        for (unsigned col = CBT_C_PROCESS; col <= CBT_C_EFF_UNIT && !any; col++)
            any = cell_text(im.sum, row, col) != NULL && !is_zero_number(im.sum, row, col) &&
                  !(col == CBT_C_CP_COV_UNIT || col == CBT_C_RB_COV_UNIT);
        if (!any) continue;
        n_lines++;
        dpp_passport_init(p);
        if (!read_line(&im, row, &shared, p)) {
            cli_err("cbam import: %s row %u: line skipped", CBT_SHEET_SUMMARY, row);
            rc = CLI_EX_INVALID;
            continue;
        }
        line_id(digest, row, p->id);
        if (n_written < n_gtins) {
            char g[15];
            if (!gtin14(gtins[n_written], g)) {
                rc = cli_usage_err("cbam import", "--gtin '%s' is not a GTIN with a valid check digit", gtins[n_written]);
                goto done;
            }
            memcpy(p->gtin, g, sizeof p->gtin);
        } else {
            memcpy(p->gtin, IMPORT_PLACEHOLDER_GTIN, sizeof p->gtin);
            if (!im.quiet) cli_warn("cbam import: row %u: no --gtin for this line: placeholder GTIN %s", row, IMPORT_PLACEHOLDER_GTIN);
        }
        (void)copy_cut(p->manufacturer.name, DPP_MAX_NAME, manufacturer != NULL ? manufacturer : shared.installation.name);
        memcpy(p->manufacturer.country, shared.installation.country, 3);
        if (dpp_passport_to_json(p, json, 64u * 1024u, &jl, &d) != DPP_OK) {
            xlsx_format_ref(CBT_C_CN, row, ref, sizeof ref);
            cli_err("cbam import: %s row %u: the passport is not valid: %s", CBT_SHEET_SUMMARY, row, d.msg);
            rc = CLI_EX_INVALID;
            continue;
        }
        json[jl++] = '\n';
        {
            const xlsx_cell *no = xlsx_cell_at(im.sum, row, CBT_C_NO);
            unsigned long line_no = row - CBT_PRODUCT_FIRST_ROW + 1u;
            if (no->type == XLSX_NUMBER && no->text != NULL) {
                unsigned long v = strtoul(no->text, NULL, 10);
                if (v >= 1 && v <= CBT_MAX_PRODUCTS) line_no = v;
            }
            if ((size_t)snprintf(path, sizeof path, "%s/%03lu-%s.json", out_dir, line_no, p->cbam.cn_code) >=
                sizeof path) {
                rc = cli_usage_err("cbam import", "--out: path too long");
                goto done;
            }
        }
        if (cli_write_atomic(path, json, jl, 0, force ? CLI_W_FORCE : 0u) != CLI_EX_OK) {
            rc = CLI_EX_CANTCREAT;
            goto done;
        }
        n_written++;
        if (!im.quiet) (void)printf("%s\n", path);
        if (qr) {
            /* the label's passport (dpp_passport_cbam_qr): NNN-CN.qr.json */
            size_t pl = strlen(path);
            if (dpp_passport_cbam_qr(p, p) != DPP_OK || dpp_passport_to_json(p, json, 64u * 1024u, &jl, &d) != DPP_OK ||
                pl + 3 >= sizeof path) {
                cli_err("cbam import: %s row %u: cannot make the label passport", CBT_SHEET_SUMMARY, row);
                rc = CLI_EX_SOFTWARE;
                goto done;
            }
            json[jl++] = '\n';
            memcpy(path + pl - 5, ".qr.json", 9);
            if (cli_write_atomic(path, json, jl, 0, force ? CLI_W_FORCE : 0u) != CLI_EX_OK) {
                rc = CLI_EX_CANTCREAT;
                goto done;
            }
            if (!im.quiet) (void)printf("%s\n", path);
        }
    }
    if (n_lines == 0) {
        cli_err("cbam import: %s: no product lines in rows %u..%u", CBT_SHEET_SUMMARY, CBT_PRODUCT_FIRST_ROW,
                CBT_PRODUCT_LAST_ROW);
        rc = CLI_EX_INVALID;
    }
    if (n_gtins > n_written && rc == CLI_EX_OK)
        cli_warn("cbam import: %zu --gtin given, %zu passports written", n_gtins, n_written);
    (void)fprintf(stderr, "dpp: cbam import: %zu of %zu product lines written, %lu cells not mapped, %lu problems\n",
                  n_written, n_lines, im.unmapped, im.problems);
done:
    free(json);
    free(p);
    xlsx_sheet_free(im.sum);
    xlsx_sheet_free(im.inst);
    xlsx_close(book);
    free(data);
    return rc;
}
