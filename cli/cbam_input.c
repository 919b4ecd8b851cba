/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: the importer's input files (the declaration lines and exchange
 * rates as CSV), the CBAM sectors by CN code, and amounts. */
#include "cbam_input.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbam_csv.h"
#include "common.h"
#include "util.h"

/* CBAM Annex I goods by CN code prefix, most specific first (spec/cbam.md 3). */
static const cbam_sector k_sectors[] = {
    {"28041000", "hydrogen", false, "t"},     {"27160000", "electricity", false, "MWh"},
    {"25070080", "cement", true, "t"},        {"283421", "fertilisers", true, "t"},
    {"2523", "cement", true, "t"},            {"2808", "fertilisers", true, "t"},
    {"2814", "fertilisers", true, "t"},       {"3102", "fertilisers", true, "t"},
    {"3105", "fertilisers", true, "t"},       {"72", "iron_steel", false, "t"},
    {"73", "iron_steel", false, "t"},         {"76", "aluminium", false, "t"},
};

const cbam_sector *cbam_sector_of(const char *cn)
{
    for (size_t i = 0; i < sizeof k_sectors / sizeof k_sectors[0]; i++)
        if (strncmp(cn, k_sectors[i].prefix, strlen(k_sectors[i].prefix)) == 0) return &k_sectors[i];
    return NULL;
}

double cbam_dec_value(dpp_decimal d)
{
    double v = (double)d.mantissa;
    for (int e = d.exponent; e < 0; e++) v /= 10.0;
    return v;
}

/* A non-negative decimal number "123", "1.5"; 0 on success. */
int cbam_parse_amount(const char *s, double *out)
{
    size_t digits = 0, dots = 0;
    char *end = NULL;
    for (const char *p = s; *p != '\0'; p++) {
        if (isdigit((unsigned char)*p)) digits++;
        else if (*p == '.') dots++;
        else return -1;
    }
    if (digits == 0 || dots > 1 || digits > 15) return -1;
    *out = strtod(s, &end);
    return (end != NULL && *end == '\0') ? 0 : -1;
}

/* Next line of buf (NUL-terminated, modified); NULL at the end. */
char *cbam_next_line(char **cur)
{
    char *s = *cur, *nl;
    if (s == NULL || *s == '\0') return NULL;
    nl = strchr(s, '\n');
    if (nl != NULL) {
        *nl = '\0';
        *cur = nl + 1;
    } else {
        *cur = s + strlen(s);
    }
    if (nl != NULL && nl > s && nl[-1] == '\r') nl[-1] = '\0';
    return s;
}

bool cbam_is_blank_or_comment(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return *s == '\0' || *s == '#';
}

/* CN code: 8 digits, spaces and dots ignored ("7208 39 00"). */
static int parse_cn(const char *s, char out[9])
{
    size_t n = 0;
    for (; *s != '\0'; s++) {
        if (*s == ' ' || *s == '.') continue;
        if (!isdigit((unsigned char)*s) || n == 8) return -1;
        out[n++] = *s;
    }
    out[n] = '\0';
    return n == 8 ? 0 : -1;
}

int cbam_read_lines(const char *path, cbam_report *r)
{
    cbam_csv c;
    const cbam_csv_rec *h;
    int rc = cbam_csv_read(path, CBAM_MAX_CSV_FILE, CBAM_MAX_LINES + 1, &c), c_cn, c_qty, c_origin, c_pid, c_gtin;
    if (rc != CLI_EX_OK) return rc;
    r->lines = cli_xmalloc(CBAM_MAX_LINES * sizeof *r->lines);
    r->decimal_mark = c.dec;
    r->separator = c.sep;
    if (c.n == 0) {
        cli_err_at(path, 0, "no header line (cn_code,quantity,origin,...)");
        rc = CLI_EX_NOINPUT;
        goto done;
    }
    h = &c.recs[0];
    c_cn = cbam_csv_col(h, "cn_code");
    c_qty = cbam_csv_col(h, "quantity");
    c_origin = cbam_csv_col(h, "origin");
    c_pid = cbam_csv_col(h, "passport_id");
    c_gtin = cbam_csv_col(h, "gtin");
    if (c_cn < 0 || c_qty < 0 || c_origin < 0) {
        cli_err_at(path, h->line, "the header must name the columns cn_code, quantity and origin");
        rc = CLI_EX_NOINPUT;
        goto done;
    }
    for (size_t k = 1; k < c.n; k++) {
        const cbam_csv_rec *rec = &c.recs[k];
        char *const *f = rec->f;
        size_t nf = rec->n;
        const char *why;
        cbam_line *l;
        if (r->n_lines == CBAM_MAX_LINES) {
            cli_err_at(path, rec->line, "more than %u declaration lines", CBAM_MAX_LINES);
            rc = CLI_EX_NOINPUT;
            goto done;
        }
        l = &r->lines[r->n_lines];
        memset(l, 0, sizeof *l);
        l->src_line = rec->line;
        l->scan = -1;
        if ((size_t)c_cn >= nf || (size_t)c_qty >= nf || (size_t)c_origin >= nf) {
            cli_err_at(path, rec->line, "%zu fields, the header names more", nf);
            rc = CLI_EX_NOINPUT;
            goto done;
        }
        if (parse_cn(f[c_cn], l->cn) != 0) {
            cli_err_at(path, rec->line, "cn_code: '%s' is not an 8-digit CN code", f[c_cn]);
            rc = CLI_EX_NOINPUT;
            goto done;
        }
        why = strlen(f[c_qty]) >= CBAM_MAX_FIELD ? "too long" : cbam_csv_number(f[c_qty], c.dec, &l->qty);
        if (why == NULL && l->qty <= 0) why = "zero";
        if (why != NULL) {
            cli_err_at(path, rec->line, "quantity: '%s' is not a positive decimal number: %s", f[c_qty], why);
            rc = CLI_EX_NOINPUT;
            goto done;
        }
        (void)snprintf(l->qty_text, sizeof l->qty_text, "%s", f[c_qty]);
        if (strlen(f[c_origin]) != 2 || !isupper((unsigned char)f[c_origin][0]) ||
            !isupper((unsigned char)f[c_origin][1])) {
            cli_err_at(path, rec->line, "origin: '%s' is not an ISO 3166-1 alpha-2 code", f[c_origin]);
            rc = CLI_EX_NOINPUT;
            goto done;
        }
        memcpy(l->origin, f[c_origin], 3);
        if (c_pid >= 0 && (size_t)c_pid < nf && f[c_pid][0] != '\0') {
            if (strlen(f[c_pid]) != 36) {
                cli_err_at(path, rec->line, "passport_id: '%s' is not a UUID", f[c_pid]);
                rc = CLI_EX_NOINPUT;
                goto done;
            }
            for (size_t i = 0; i < 36; i++) l->passport_id[i] = (char)tolower((unsigned char)f[c_pid][i]);
        }
        if (c_gtin >= 0 && (size_t)c_gtin < nf && f[c_gtin][0] != '\0') {
            size_t gl = strlen(f[c_gtin]);
            if (gl < 8 || gl > 14 || strspn(f[c_gtin], "0123456789") != gl) {
                cli_err_at(path, rec->line, "gtin: '%s' is not 8 to 14 digits", f[c_gtin]);
                rc = CLI_EX_NOINPUT;
                goto done;
            }
            memset(l->gtin, '0', 14 - gl); /* left-pad to 14 digits, as passports hold it */
            memcpy(l->gtin + 14 - gl, f[c_gtin], gl + 1);
        }
        l->sector = cbam_sector_of(l->cn);
        r->n_lines++;
    }
done:
    cbam_csv_free(&c);
    return rc;
}

int cbam_read_rates(const char *path, cbam_rate *rates, size_t *n_rates)
{
    cbam_csv c;
    int rc = cbam_csv_read(path, CBAM_MAX_CSV_FILE, CBAM_MAX_RATES + 1, &c);
    *n_rates = 0;
    if (rc != CLI_EX_OK) return rc;
    for (size_t k = 0; k < c.n; k++) {
        const cbam_csv_rec *rec = &c.recs[k];
        char *const *f = rec->f;
        const char *why;
        if (k == 0 && strcmp(f[0], "currency") == 0) continue; /* header */
        if (rec->n != 2 || strlen(f[0]) != 3 || !isupper((unsigned char)f[0][0]) ||
            !isupper((unsigned char)f[0][1]) || !isupper((unsigned char)f[0][2])) {
            cli_err_at(path, rec->line, "expected 'CUR,eur_per_unit' with an ISO 4217 code");
            rc = CLI_EX_NOINPUT;
            goto done;
        }
        if (*n_rates == CBAM_MAX_RATES) {
            cli_err_at(path, rec->line, "more than %u rates", CBAM_MAX_RATES);
            rc = CLI_EX_NOINPUT;
            goto done;
        }
        why = cbam_csv_number(f[1], c.dec, &rates[*n_rates].eur);
        if (why == NULL && rates[*n_rates].eur <= 0) why = "zero";
        if (why != NULL) {
            cli_err_at(path, rec->line, "eur_per_unit: '%s' is not a positive decimal number: %s", f[1], why);
            rc = CLI_EX_NOINPUT;
            goto done;
        }
        memcpy(rates[*n_rates].cur, f[0], 4);
        (*n_rates)++;
    }
done:
    cbam_csv_free(&c);
    return rc;
}
