/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam export: verified passports of one installation to the CBAM
 * communication template's summary (v2.1.1 layout: the sheets
 * Summary_Communication and A_InstData, the template's cell positions),
 * written with libxlsxwriter. The workbook is written into a private
 * temporary directory, then placed with cli_write_atomic() (outputs never
 * destroy inputs). Mapping: spec/cbam-template.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "args.h"
#include "cbam_xlsx.h"
#include "io.h"
#include "text.h"
#include "timeparse.h"
#include "trust_opts.h"
#include "util.h"
#include <dpp/dpp_cbam.h>

/* The workbook written (read back from the temporary directory). */
#define XLSX_EXPORT_MAX (16u * 1024u * 1024u)

typedef struct xfmt {
    lxw_format *bold, *see, *share, *money, *date, *text;
} xfmt;

/* Template labels of Summary_Communication section 1 (D12..D21). */
static const char *const k_inst_labels[] = {
    "Name of the installation (English name):",
    "Street, Number:",
    "Economic activity:",
    "Country:", /* the template's label of the city row */
    "Country:",
    "UNLOCODE:",
    "Coordinates of the main emission source (latitude):",
    "Coordinates of the main emission source (longitude):",
    "Reporting period start:",
    "Reporting period end:",
};

/* Product table headers (row 25), by column. */
static const struct {
    unsigned col;
    const char *text;
} k_heads[] = {
    {CBT_C_PROCESS, "Production process from which the products arise"},
    {CBT_C_CATEGORY, "Type of aggregated good or precursor"},
    {CBT_C_CN, "CN Codes"},
    {CBT_C_CN_NAME, "CN Name"},
    {CBT_C_NAME, "Product name \n(used for communication with reporting declarant, e.g. on invoices)"},
    {CBT_C_SEE_DIR, "SEE (direct)"},
    {CBT_C_SEE_IND, "SEE (indirect)"},
    {CBT_C_SEE_TOT, "SEE (total)"},
    {CBT_C_UNIT, "Unit"},
    {CBT_C_DEFAULT, "Share of emissions by default value"},
    {CBT_C_EF_SOURCE, "Source for electricity EF"},
    {CBT_C_ELEC, "Embedded electricity (MWh/t)"},
    {CBT_C_INSTRUMENT, "Type of instrument (carbon pricing)"},
    {CBT_C_CP_SHARE, "Share of total embedded emissions covered by the carbon price"},
    {CBT_C_CP_COVERED, "Embedded emissions covered by the carbon price"},
    {CBT_C_CURRENCY, "Currency"},
    {CBT_C_CP_DUE, "Carbon price (CP) due (per produced t or MWh)"},
    {CBT_C_REBATE_TYPE, "Type of rebate"},
    {CBT_C_RB_SHARE, "Share of embedded emissions covered by the rebate"},
    {CBT_C_RB_COVERED, "Embedded emissions covered by rebate"},
    {CBT_C_REBATE, "Amount of rebate (per produced t or MWh)"},
    {CBT_C_EFFECTIVE, "Result: Effective CP due (per produced t or MWh)"},
};

static double dec_double(dpp_decimal d)
{
    char t[32];
    if (dpp_decimal_format(d, t, sizeof t) == 0) return 0.0;
    return strtod(t, NULL);
}

static bool xlsx_ref_ok(const char *ref, unsigned *col, unsigned *row)
{
    return dpp_cbam_cell_parse(ref, strlen(ref), col, row);
}

/* Cell helpers: 1-based row and column, as in cbam_xlsx.h. */
static void put_str(lxw_worksheet *ws, unsigned row, unsigned col, const char *s, lxw_format *f)
{
    if (s != NULL && s[0] != '\0') (void)worksheet_write_string(ws, (lxw_row_t)(row - 1u), (lxw_col_t)(col - 1u), s, f);
}

static void put_num(lxw_worksheet *ws, unsigned row, unsigned col, dpp_decimal d, lxw_format *f)
{
    (void)worksheet_write_number(ws, (lxw_row_t)(row - 1u), (lxw_col_t)(col - 1u), dec_double(d), f);
}

static void put_ref_str(lxw_worksheet *ws, const char *ref, const char *s, lxw_format *f)
{
    unsigned col, row;
    if (xlsx_ref_ok(ref, &col, &row)) put_str(ws, row, col, s, f);
}

static void put_date(lxw_worksheet *ws, const char *ref, dpp_date d, lxw_format *f)
{
    unsigned col, row;
    if (xlsx_ref_ok(ref, &col, &row))
        (void)worksheet_write_number(ws, (lxw_row_t)(row - 1u), (lxw_col_t)(col - 1u), (double)d + 25569.0, f);
}

static const char *instrument_label(dpp_price_instrument i)
{
    switch (i) {
    case DPP_PRICE_ETS: return "Emission trading system";
    case DPP_PRICE_CARBON_TAX: return "Carbon Tax";
    case DPP_PRICE_LEVY: return "Levy";
    case DPP_PRICE_FEE: return "Fee";
    case DPP_PRICE_OTHER: return "Other";
    }
    return "Other";
}

/* "CNABC" -> "CN ABC", the template's form. */
static void unlocode_shown(const char *u, char out[8])
{
    if (strlen(u) == 5) (void)snprintf(out, 8, "%.2s %.3s", u, u + 2);
    else (void)snprintf(out, 8, "%s", u);
}

static void coord_shown(dpp_decimal d, char out[40])
{
    char t[32];
    (void)dpp_decimal_format(d, t, sizeof t);
    (void)snprintf(out, 40, "%s\xc2\xb0", t);
}

static void write_installation(lxw_worksheet *sum, lxw_worksheet *inst, const dpp_cbam *c, const xfmt *f)
{
    const dpp_cbam_installation *in = &c->installation;
    char u[8], lat[40], lon[40];
    put_str(sum, 8, 4, "Summary of the installation and production processes", f->bold);
    put_str(sum, 10, 4, "Installation details", f->bold);
    put_str(sum, 11, 4, "Parameter", f->bold);
    put_str(sum, 11, 7, "Value", f->bold);
    for (unsigned i = 0; i < sizeof k_inst_labels / sizeof k_inst_labels[0]; i++)
        put_str(sum, 12u + i, 4, k_inst_labels[i], NULL);
    put_ref_str(sum, CBT_INST_COUNTRY, c->origin, NULL);
    if (c->has_installation) {
        put_ref_str(sum, CBT_INST_NAME, in->name, NULL);
        put_ref_str(sum, CBT_INST_STREET, in->street, NULL);
        put_ref_str(sum, CBT_INST_ACTIVITY, in->activity, NULL);
        put_ref_str(sum, CBT_INST_CITY, in->city, NULL);
        put_ref_str(sum, CBT_INST_COUNTRY, in->country, NULL);
        unlocode_shown(in->unlocode, u);
        put_ref_str(sum, CBT_INST_UNLOCODE, u, NULL);
        if (in->has_coordinates) {
            coord_shown(in->latitude, lat);
            coord_shown(in->longitude, lon);
            put_ref_str(sum, CBT_INST_LAT, lat, NULL);
            put_ref_str(sum, CBT_INST_LON, lon, NULL);
        }
        /* A_InstData section 2, column I (the country's code also in S26) */
        put_str(inst, 17, 4, "About the installation", f->bold);
        put_str(inst, 20, 9, in->name, NULL);
        put_str(inst, 21, 9, in->street, NULL);
        put_str(inst, 22, 9, in->activity, NULL);
        put_ref_str(inst, CBT_INST_POSTCODE, in->postcode, NULL);
        put_str(inst, 25, 9, in->city, NULL);
        put_str(inst, 26, 9, in->country, NULL);
        put_str(inst, 26, 19, in->country, NULL);
        put_str(inst, 27, 9, u, NULL);
        if (in->has_coordinates) {
            put_str(inst, 28, 9, lat, NULL);
            put_str(inst, 29, 9, lon, NULL);
        }
    }
    if (c->has_period) {
        put_date(sum, CBT_PERIOD_START, c->period_start, f->date);
        put_date(sum, CBT_PERIOD_END, c->period_end, f->date);
        put_str(inst, 9, 4, "Reporting period", f->bold);
        put_date(inst, "I9", c->period_start, f->date);
        put_date(inst, "L9", c->period_end, f->date);
    }
    if (c->has_verifier) {
        put_str(inst, 34, 4, "Verifier of the report", f->bold);
        put_ref_str(inst, CBT_VERIFIER_NAME, c->verifier.name, NULL);
        put_ref_str(inst, CBT_VERIFIER_COUNTRY, c->verifier.country, NULL);
        put_ref_str(inst, CBT_VERIFIER_ACCR_STATE, c->verifier.accreditation_state, NULL);
        put_ref_str(inst, CBT_VERIFIER_ACCR_BODY, c->verifier.accreditation_body, NULL);
        put_ref_str(inst, CBT_VERIFIER_ACCR_ID, c->verifier.accreditation_id, NULL);
    }
}

static void write_line(lxw_worksheet *ws, unsigned row, const dpp_passport *p, const xfmt *f)
{
    const dpp_cbam *c = &p->cbam;
    put_str(ws, row, CBT_C_PROCESS, c->process, NULL);
    put_str(ws, row, CBT_C_CATEGORY, c->goods_category, NULL);
    put_str(ws, row, CBT_C_CN, c->cn_code, f->text);
    put_str(ws, row, CBT_C_NAME, p->name, NULL);
    put_num(ws, row, CBT_C_SEE_DIR, c->see_direct, f->see);
    if (c->has_see_indirect) put_num(ws, row, CBT_C_SEE_IND, c->see_indirect, f->see);
    if (c->has_see_total) put_num(ws, row, CBT_C_SEE_TOT, c->see_total, f->see);
    put_str(ws, row, CBT_C_UNIT, c->see_unit[0] != '\0' ? c->see_unit : "tCO2e/t", NULL);
    if (c->has_default_share) put_num(ws, row, CBT_C_DEFAULT, c->default_share, f->share);
    if (c->has_electricity) {
        put_str(ws, row, CBT_C_EF_SOURCE, c->electricity_ef_source, NULL);
        put_num(ws, row, CBT_C_ELEC, c->electricity, f->see);
    }
    if (c->has_carbon_price) {
        put_str(ws, row, CBT_C_INSTRUMENT, instrument_label(c->carbon_price_instrument), NULL);
        if (c->has_price_covered) {
            put_num(ws, row, CBT_C_CP_COVERED, c->price_covered, f->see);
            put_str(ws, row, CBT_C_CP_COV_UNIT, "tCO2e/t", NULL);
        }
        put_str(ws, row, CBT_C_CURRENCY, c->carbon_price_currency, NULL);
        put_num(ws, row, CBT_C_CP_DUE, c->carbon_price, f->money);
        put_str(ws, row, CBT_C_REBATE_TYPE, c->rebate_type, NULL);
        if (c->has_rebate_covered) {
            put_num(ws, row, CBT_C_RB_COVERED, c->rebate_covered, f->see);
            put_str(ws, row, CBT_C_RB_COV_UNIT, "tCO2e/t", NULL);
        }
        if (c->has_rebate) put_num(ws, row, CBT_C_REBATE, c->rebate, f->money);
        if (c->has_effective_price) put_num(ws, row, CBT_C_EFFECTIVE, c->effective_price, f->money);
    }
}

/* Section 2: the goods categories with their route, and the processes. */
static void write_goods(lxw_worksheet *ws, dpp_passport *const *ps, size_t n)
{
    unsigned g = 0, pr = 0;
    for (size_t i = 0; i < n; i++) {
        const dpp_cbam *c = &ps[i]->cbam;
        bool seen_g = false, seen_p = false;
        for (size_t j = 0; j < i; j++) {
            seen_g = seen_g || strcmp(ps[j]->cbam.goods_category, c->goods_category) == 0;
            seen_p = seen_p || strcmp(ps[j]->cbam.process, c->process) == 0;
        }
        if (!seen_g && c->goods_category[0] != '\0' && g < CBT_GOODS_LAST_ROW - CBT_GOODS_FIRST_ROW + 1u) {
            put_str(ws, CBT_GOODS_FIRST_ROW + g, 9, c->goods_category, NULL);
            put_str(ws, CBT_GOODS_FIRST_ROW + g, 10, c->route, NULL);
            g++;
        }
        if (!seen_p && c->process[0] != '\0' && pr < CBT_GOODS_LAST_ROW - CBT_GOODS_FIRST_ROW + 1u) {
            put_str(ws, CBT_GOODS_FIRST_ROW + pr, 17, c->process, NULL);
            put_str(ws, CBT_GOODS_FIRST_ROW + pr, 18, c->goods_category, NULL);
            pr++;
        }
    }
}

static int write_workbook(const char *path, dpp_passport *const *ps, size_t n)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *sum, *inst;
    xfmt f;
    lxw_error le;
    if (wb == NULL) return -1;
    /* Sheet order as in the template: A_InstData before the summaries. */
    inst = workbook_add_worksheet(wb, CBT_SHEET_INST);
    sum = workbook_add_worksheet(wb, CBT_SHEET_SUMMARY);
    f.bold = workbook_add_format(wb);
    f.see = workbook_add_format(wb);
    f.share = workbook_add_format(wb);
    f.money = workbook_add_format(wb);
    f.date = workbook_add_format(wb);
    f.text = workbook_add_format(wb);
    if (inst == NULL || sum == NULL || f.bold == NULL || f.see == NULL || f.share == NULL || f.money == NULL ||
        f.date == NULL || f.text == NULL) {
        (void)workbook_close(wb);
        return -1;
    }
    format_set_bold(f.bold);
    format_set_num_format(f.see, "0.00000");
    format_set_num_format(f.share, "0.00%");
    format_set_num_format(f.money, "0.00");
    format_set_num_format(f.date, "yyyy-mm-dd");
    format_set_num_format(f.text, "@");
    worksheet_activate(sum);
    write_installation(sum, inst, &ps[0]->cbam, &f);
    put_str(sum, 10, 9, "Summary of the production processes and production routes, where relevant", f.bold);
    write_goods(sum, ps, n);
    put_str(sum, 23, 4, "Summary of products", f.bold);
    for (size_t i = 0; i < sizeof k_heads / sizeof k_heads[0]; i++)
        put_str(sum, CBT_PRODUCT_HEADER_ROW, k_heads[i].col, k_heads[i].text, f.bold);
    for (unsigned i = 0; i < CBT_MAX_PRODUCTS; i++) {
        (void)worksheet_write_number(sum, (lxw_row_t)(CBT_PRODUCT_FIRST_ROW + i - 1u), CBT_C_NO - 1, (double)(i + 1u),
                                     NULL);
        if (i < n) write_line(sum, CBT_PRODUCT_FIRST_ROW + i, ps[i], &f);
    }
    le = workbook_close(wb);
    return le == LXW_NO_ERROR ? 0 : -1;
}

static bool same_installation(const dpp_cbam *a, const dpp_cbam *b)
{
    if (a->has_installation != b->has_installation) return false;
    if (!a->has_installation) return strcmp(a->origin, b->origin) == 0;
    return strcmp(a->installation.name, b->installation.name) == 0 &&
           strcmp(a->installation.country, b->installation.country) == 0;
}

static void usage_export(FILE *f)
{
    (void)fprintf(f,
                  "usage: dpp cbam export PASSPORT... --out FILE.xlsx --trust FILE [--trust FILE]... [--at TIME]\n"
                  "                       [--unsigned] [--force]\n"
                  "Writes the CBAM communication template's summary (v2.1.1 layout: sheets\n"
                  "Summary_Communication and A_InstData) of the passports, one product line each, in\n"
                  "argument order (at most 100, all of one installation). Each PASSPORT is a file with a\n"
                  "signed passport (DPP1: text or link), verified against --trust (as dpp verify) at\n"
                  "--at (default: now); --unsigned also takes passport JSON files, unverified.\n");
}

/* Reads and verifies one input into *p; returns an exit code. */
static int load_passport(const char *path, const dpp_trust *trust, int64_t at, bool allow_json, dpp_verified *v,
                         dpp_passport *p)
{
    uint8_t *data = NULL;
    size_t len = 0, tl;
    int rc = cli_read_file(path, CLI_MAX_JSON_FILE, &data, &len);
    dpp_diag d;
    dpp_err err;
    if (rc != CLI_EX_OK) return rc;
    tl = cli_trim((char *)data, len);
    if (tl > 0 && data[0] == '{') {
        if (!allow_json) {
            cli_err("cbam export: %s: passport JSON is not signed (sign it with dpp encode, or pass --unsigned)",
                    cli_path_shown(path));
            rc = CLI_EX_INVALID;
        } else if ((err = dpp_passport_from_json((const char *)data, tl, p, &d)) != DPP_OK) {
            cli_err("cbam export: %s: %s", cli_path_shown(path), d.msg);
            rc = cli_exit_for(err);
        }
    } else if (trust == NULL) {
        cli_err("cbam export: %s: --trust is required to verify signed passports", cli_path_shown(path));
        rc = CLI_EX_USAGE;
    } else {
        dpp_report rep;
        err = dpp_verify((const char *)data, tl, trust, at, v, &rep);
        if (err != DPP_OK) {
            cli_err("cbam export: %s: not verified: %s", cli_path_shown(path),
                    rep.diag.msg[0] != '\0' ? rep.diag.msg : dpp_err_str(err));
            rc = cli_exit_for(err);
        } else {
            *p = v->passport;
        }
    }
    free(data);
    if (rc == CLI_EX_OK && !p->has_cbam) {
        cli_err("cbam export: %s: the passport has no CBAM block", cli_path_shown(path));
        rc = CLI_EX_INVALID;
    }
    return rc;
}

int cmd_cbam_export(int argc, char **argv)
{
    enum { O_HELP = 1, O_OUT, O_TRUST, O_AT, O_UNSIGNED, O_FORCE };
    static const cli_opt opts[] = {{"help", 'h', false, O_HELP},     {"out", 'o', true, O_OUT},
                                   {"trust", 't', true, O_TRUST},    {"at", 0, true, O_AT},
                                   {"unsigned", 0, false, O_UNSIGNED}, {"force", 0, false, O_FORCE},
                                   {NULL, 0, false, 0}};
    cli_args a;
    cli_trust_args ta;
    const char *arg, *out = NULL, *at_s = NULL, *inputs[CBT_MAX_PRODUCTS];
    size_t n_in = 0;
    bool allow_json = false, force = false;
    int id, rc = CLI_EX_OK;
    int64_t at = (int64_t)time(NULL);
    dpp_trust *trust = NULL;
    dpp_verified *v = NULL;
    dpp_passport *ps[CBT_MAX_PRODUCTS] = {0};
    char dir[] = "/tmp/dpp-cbam-export-XXXXXX", tmp[64];
    bool have_dir = false;
    uint8_t *book = NULL;
    size_t book_len = 0;

    memset(&ta, 0, sizeof ta);
    ta.grace = DPP_LIST_DEFAULT_GRACE_SECONDS;
    ta.no_state = true;
    cli_args_init(&a, "cbam export", argc, argv);
    while ((id = cli_args_next(&a, opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: usage_export(stdout); return CLI_EX_OK;
        case O_OUT: out = arg; break;
        case O_TRUST:
            rc = cli_trust_opt(&ta, "cbam export", "trust", arg);
            if (rc != CLI_EX_OK) return rc;
            break;
        case O_AT: at_s = arg; break;
        case O_UNSIGNED: allow_json = true; break;
        case O_FORCE: force = true; break;
        case 0:
            if (n_in == CBT_MAX_PRODUCTS)
                return cli_usage_err("cbam export", "at most %u passports (the template's product lines)",
                                     CBT_MAX_PRODUCTS);
            inputs[n_in++] = arg;
            break;
        default: return -id;
        }
    }
    if (out == NULL) return cli_usage_err("cbam export", "--out FILE.xlsx is required");
    if (n_in == 0) return cli_usage_err("cbam export", "at least one PASSPORT is required");
    if (at_s != NULL && cli_parse_time(at_s, at, &at) != 0)
        return cli_usage_err("cbam export", "--at: '%s' is not an ISO 8601 time", at_s);
    rc = cli_output_check(out, force ? CLI_W_FORCE : 0u);
    if (rc != CLI_EX_OK) return rc;
    if (ta.n_trust > 0) {
        rc = cli_trust_build(&ta, "cbam export", at, &trust);
        if (rc != CLI_EX_OK) return rc;
    }
    v = cli_xmalloc(sizeof *v);
    for (size_t i = 0; i < n_in; i++) {
        ps[i] = cli_xmalloc(sizeof *ps[i]);
        dpp_passport_init(ps[i]);
        rc = load_passport(inputs[i], trust, at, allow_json, v, ps[i]);
        if (rc != CLI_EX_OK) goto done;
        if (i > 0 && !same_installation(&ps[0]->cbam, &ps[i]->cbam)) {
            cli_err("cbam export: %s: another installation than %s (one workbook per installation)",
                    cli_path_shown(inputs[i]), cli_path_shown(inputs[0]));
            rc = CLI_EX_INVALID;
            goto done;
        }
    }
    if (mkdtemp(dir) == NULL) {
        cli_err("cbam export: cannot create a temporary directory");
        rc = CLI_EX_CANTCREAT;
        goto done;
    }
    have_dir = true;
    (void)snprintf(tmp, sizeof tmp, "%s/summary.xlsx", dir);
    if (write_workbook(tmp, ps, n_in) != 0) {
        cli_err("cbam export: libxlsxwriter could not write the workbook");
        rc = CLI_EX_CANTCREAT;
        goto done;
    }
    rc = cli_read_file(tmp, XLSX_EXPORT_MAX, &book, &book_len);
    if (rc == CLI_EX_OK) rc = cli_write_atomic(out, book, book_len, 0, force ? CLI_W_FORCE : 0u);
    if (rc == CLI_EX_OK)
        (void)fprintf(stderr, "dpp: cbam export: %zu product lines written to %s\n", n_in, cli_path_shown(out));
done:
    if (have_dir) {
        (void)unlink(tmp);
        (void)rmdir(dir);
    }
    free(book);
    for (size_t i = 0; i < n_in; i++) free(ps[i]);
    free(v);
    dpp_trust_free(trust);
    return rc;
}
