/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: loads the regulation's data files (data/cbam/) and looks up
 * benchmarks, default values and factors. spec/cbam.md section 5. */
#include "cbam_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cbam_csv.h"
#include "util.h"

#define CBAM_MAX_DATA_FILE (8u * 1024u * 1024u)

/* Opens dir/name as CSV with the header cols (in this order). */
static int load(const char *dir, const char *name, const char *const *cols, size_t n_cols, cbam_csv *c,
                char *path, size_t path_cap)
{
    int rc;
    (void)snprintf(path, path_cap, "%s/%s", dir, name);
    rc = cbam_csv_read(path, CBAM_MAX_DATA_FILE, CBAM_MAX_DATA_ROWS, c);
    if (rc != CLI_EX_OK) return rc;
    if (c->sep != ',' || c->n == 0 || c->recs[0].n != n_cols) goto bad;
    for (size_t i = 0; i < n_cols; i++)
        if (strcmp(c->recs[0].f[i], cols[i]) != 0) goto bad;
    for (size_t k = 1; k < c->n; k++)
        if (c->recs[k].n != n_cols) {
            cli_err_at(path, c->recs[k].line, "%zu fields, the header names %zu", c->recs[k].n, n_cols);
            cbam_csv_free(c);
            return CLI_EX_NOINPUT;
        }
    return CLI_EX_OK;
bad:
    cli_err_at(path, c->n ? c->recs[0].line : 0, "not a dpp CBAM data file (header must be '%s,...')", cols[0]);
    cbam_csv_free(c);
    return CLI_EX_NOINPUT;
}

static int num_field(const char *path, unsigned long line, const char *name, const char *s, double *out)
{
    const char *why = cbam_csv_number(s, '.', out);
    if (why != NULL) {
        cli_err_at(path, line, "%s: '%s' is not a number: %s", name, s, why);
        return CLI_EX_NOINPUT;
    }
    return CLI_EX_OK;
}

static int text_field(const char *path, unsigned long line, const char *name, const char *s, char *out,
                      size_t cap)
{
    if (strlen(s) >= cap) {
        cli_err_at(path, line, "%s: '%s' is longer than %zu bytes", name, s, cap - 1);
        return CLI_EX_NOINPUT;
    }
    memcpy(out, s, strlen(s) + 1);
    return CLI_EX_OK;
}

static int cn_field(const char *path, unsigned long line, const char *s, char out[9])
{
    size_t n = strlen(s);
    if ((n != 4 && n != 6 && n != 8) || strspn(s, "0123456789") != n) {
        cli_err_at(path, line, "cn_code: '%s' is not 4, 6 or 8 digits", s);
        return CLI_EX_NOINPUT;
    }
    memcpy(out, s, n + 1);
    return CLI_EX_OK;
}

int cbam_data_load(const char *dir, cbam_data *d)
{
    static const char *const bm_cols[] = {"cn_code", "sector", "column", "route", "bmg_tco2e_per_t", "source_row"};
    static const char *const dv_cols[] = {"country", "cn_code", "sector", "variant", "direct",
                                          "indirect", "total", "route", "source"};
    static const char *const f_cols[] = {"kind", "key", "year", "value", "source"};
    static const char *const r_cols[] = {"route", "sector", "indicator"};
    char path[600];
    cbam_csv c;
    int rc;
    memset(d, 0, sizeof *d);
    (void)snprintf(d->dir, sizeof d->dir, "%s", dir);

    if ((rc = load(dir, "benchmarks.csv", bm_cols, 6, &c, path, sizeof path)) != CLI_EX_OK) return rc;
    d->bm = cli_xmalloc(c.n * sizeof *d->bm);
    for (size_t k = 1; k < c.n && rc == CLI_EX_OK; k++) {
        const cbam_csv_rec *r = &c.recs[k];
        cbam_bm *b = &d->bm[d->n_bm];
        double row = 0;
        memset(b, 0, sizeof *b);
        if ((rc = cn_field(path, r->line, r->f[0], b->cn)) != CLI_EX_OK) break;
        if (strcmp(r->f[2], "A") != 0 && strcmp(r->f[2], "B") != 0) {
            cli_err_at(path, r->line, "column: '%s' is not A or B", r->f[2]);
            rc = CLI_EX_NOINPUT;
            break;
        }
        b->col = r->f[2][0];
        if ((rc = text_field(path, r->line, "route", r->f[3], b->route, sizeof b->route)) != CLI_EX_OK ||
            (rc = num_field(path, r->line, "bmg_tco2e_per_t", r->f[4], &b->bmg)) != CLI_EX_OK ||
            (rc = num_field(path, r->line, "source_row", r->f[5], &row)) != CLI_EX_OK)
            break;
        b->row = (unsigned long)row;
        d->n_bm++;
    }
    cbam_csv_free(&c);
    if (rc != CLI_EX_OK) goto fail;

    if ((rc = load(dir, "default_values.csv", dv_cols, 9, &c, path, sizeof path)) != CLI_EX_OK) goto fail;
    d->dv = cli_xmalloc(c.n * sizeof *d->dv);
    for (size_t k = 1; k < c.n && rc == CLI_EX_OK; k++) {
        const cbam_csv_rec *r = &c.recs[k];
        cbam_dv *v = &d->dv[d->n_dv];
        memset(v, 0, sizeof *v);
        if (strcmp(r->f[0], "*") != 0 && (strlen(r->f[0]) != 2 || r->f[0][0] < 'A' || r->f[0][0] > 'Z')) {
            cli_err_at(path, r->line, "country: '%s' is not an ISO 3166-1 alpha-2 code or '*'", r->f[0]);
            rc = CLI_EX_NOINPUT;
            break;
        }
        memcpy(v->country, r->f[0], strlen(r->f[0]) + 1);
        if ((rc = cn_field(path, r->line, r->f[1], v->cn)) != CLI_EX_OK ||
            (rc = text_field(path, r->line, "sector", r->f[2], v->sector, sizeof v->sector)) != CLI_EX_OK ||
            (rc = text_field(path, r->line, "variant", r->f[3], v->variant, sizeof v->variant)) != CLI_EX_OK ||
            (rc = num_field(path, r->line, "total", r->f[6], &v->total)) != CLI_EX_OK ||
            (rc = text_field(path, r->line, "route", r->f[7], v->route, sizeof v->route)) != CLI_EX_OK ||
            (rc = text_field(path, r->line, "source", r->f[8], v->source, sizeof v->source)) != CLI_EX_OK)
            break;
        d->n_dv++;
    }
    cbam_csv_free(&c);
    if (rc != CLI_EX_OK) goto fail;

    if ((rc = load(dir, "factors.csv", f_cols, 5, &c, path, sizeof path)) != CLI_EX_OK) goto fail;
    d->fac = cli_xmalloc(c.n * sizeof *d->fac);
    for (size_t k = 1; k < c.n && rc == CLI_EX_OK; k++) {
        const cbam_csv_rec *r = &c.recs[k];
        cbam_factor *f = &d->fac[d->n_fac];
        double y = 0;
        memset(f, 0, sizeof *f);
        if ((rc = text_field(path, r->line, "kind", r->f[0], f->kind, sizeof f->kind)) != CLI_EX_OK ||
            (rc = text_field(path, r->line, "key", r->f[1], f->key, sizeof f->key)) != CLI_EX_OK ||
            (rc = num_field(path, r->line, "year", r->f[2], &y)) != CLI_EX_OK ||
            (rc = num_field(path, r->line, "value", r->f[3], &f->value)) != CLI_EX_OK ||
            (rc = text_field(path, r->line, "source", r->f[4], f->source, sizeof f->source)) != CLI_EX_OK)
            break;
        if (y < 2026 || y > 2100) {
            cli_err_at(path, r->line, "year: '%s' is not a year 2026..2100", r->f[2]);
            rc = CLI_EX_NOINPUT;
            break;
        }
        f->year = (int)y;
        d->n_fac++;
    }
    cbam_csv_free(&c);
    if (rc != CLI_EX_OK) goto fail;

    if ((rc = load(dir, "routes.csv", r_cols, 3, &c, path, sizeof path)) != CLI_EX_OK) goto fail;
    d->routes = cli_xmalloc(c.n * sizeof *d->routes);
    for (size_t k = 1; k < c.n && rc == CLI_EX_OK; k++) {
        const cbam_csv_rec *r = &c.recs[k];
        cbam_route *t = &d->routes[d->n_routes];
        if ((rc = text_field(path, r->line, "route", r->f[0], t->name, sizeof t->name)) != CLI_EX_OK ||
            (rc = text_field(path, r->line, "indicator", r->f[2], t->indicator, sizeof t->indicator)) != CLI_EX_OK)
            break;
        d->n_routes++;
    }
    cbam_csv_free(&c);
    if (rc != CLI_EX_OK) goto fail;
    return CLI_EX_OK;
fail:
    cbam_data_free(d);
    return rc;
}

void cbam_data_free(cbam_data *d)
{
    free(d->bm);
    free(d->dv);
    free(d->fac);
    free(d->routes);
    memset(d, 0, sizeof *d);
}

const cbam_factor *cbam_factor_for(const cbam_data *d, const char *kind, const char *key, int year)
{
    const cbam_factor *best = NULL;
    for (size_t i = 0; i < d->n_fac; i++) {
        const cbam_factor *f = &d->fac[i];
        if (strcmp(f->kind, kind) != 0 || strcmp(f->key, key) != 0 || f->year > year) continue;
        if (best == NULL || f->year > best->year) best = f;
    }
    return best;
}

const char *cbam_route_indicator(const cbam_data *d, const char *route)
{
    if (route == NULL || route[0] == '\0') return "";
    for (size_t i = 0; i < d->n_routes; i++)
        if (strcasecmp(d->routes[i].name, route) == 0) return d->routes[i].indicator;
    return "";
}

const cbam_bm *cbam_bm_find(const cbam_data *d, const char *cn, char col, const char *route, const char **note)
{
    const cbam_bm *low = NULL, *match = NULL;
    size_t n = 0;
    for (size_t i = 0; i < d->n_bm; i++) {
        const cbam_bm *b = &d->bm[i];
        if (b->col != col || strcmp(b->cn, cn) != 0) continue;
        n++;
        if (low == NULL || b->bmg < low->bmg) low = b;
        /* "(F)(1)" rows match the route "(F)" too */
        if (route != NULL && route[0] != '\0' && strncmp(b->route, route, strlen(route)) == 0 && match == NULL)
            match = b;
    }
    if (n == 0) {
        *note = "no benchmark for this CN code";
        return NULL;
    }
    if (n == 1) {
        *note = "the CN code's benchmark";
        return low;
    }
    if (match != NULL) {
        *note = "benchmark of the production route";
        return match;
    }
    *note = "production route unknown: the lowest of the CN code's benchmarks";
    return low;
}

const cbam_dv *cbam_dv_find(const cbam_data *d, const char *country, const char *cn, const char *route)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *cc = pass == 0 ? country : "*";
        const cbam_dv *best = NULL, *match = NULL;
        size_t best_len = 0;
        for (size_t i = 0; i < d->n_dv; i++) {
            const cbam_dv *v = &d->dv[i];
            size_t l = strlen(v->cn);
            if (strcmp(v->country, cc) != 0 || strncmp(cn, v->cn, l) != 0 || l < best_len) continue;
            if (l > best_len) {
                best_len = l;
                best = NULL;
                match = NULL;
            }
            if (best == NULL || v->total < best->total) best = v;
            if (route != NULL && route[0] != '\0' && strcmp(v->route, route) == 0 && match == NULL) match = v;
        }
        if (best != NULL) return match != NULL ? match : best;
    }
    return NULL;
}
