/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: the figures of each declaration line and the totals
 * (cbam_assess.h). Rules and legal sources: spec/cbam.md. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbam_assess.h"
#include "common.h"
#include "util.h"

/* The scan backing line l: by passport id, else GTIN, else CN code + origin
 * (verified scans with a CBAM block first). */
static void match_line(cbam_report *r, cbam_line *l)
{
    if (l->passport_id[0] != '\0') {
        l->match = "passport_id";
        for (size_t i = 0; i < r->n_scans; i++)
            if (r->scans[i].decoded && strcmp(r->scans[i].id_text, l->passport_id) == 0) {
                l->scan = (int)i;
                return;
            }
        return;
    }
    if (l->gtin[0] != '\0') {
        l->match = "gtin";
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < r->n_scans; i++)
                if (r->scans[i].decoded && (pass == 1 || r->scans[i].verified) &&
                    strcmp(r->scans[i].gtin, l->gtin) == 0) {
                    l->scan = (int)i;
                    return;
                }
        return;
    }
    l->match = "cn_origin";
    /* Pass 0: verified and not yet used; 1: verified; 2: any readable. */
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < r->n_scans; i++) {
            const cbam_scan *s = &r->scans[i];
            if (!s->decoded || !s->has_cbam || (pass < 2 && !s->verified) || (pass == 0 && s->used)) continue;
            if (strcmp(s->cbam.cn_code, l->cn) == 0 && strcmp(s->cbam.origin, l->origin) == 0) {
                l->scan = (int)i;
                return;
            }
        }
}

static const cbam_rate *find_rate(const cbam_rate *rates, size_t n, const char *cur)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rates[i].cur, cur) == 0) return &rates[i];
    return NULL;
}

/* Status, figures and price of line l (spec/cbam.md 4-6). */
void cbam_assess_line(cbam_report *r, cbam_line *l, const cbam_rate *rates, size_t n_rates)
{
    const cbam_scan *s;
    match_line(r, l);
    s = l->scan >= 0 ? &r->scans[l->scan] : NULL;
    if (s != NULL) r->scans[l->scan].used = true;
    if (l->sector == NULL) {
        l->status = CBAM_OUT_OF_SCOPE;
        (void)snprintf(l->reason, sizeof l->reason, "CN %s is not a good listed in Annex I", l->cn);
        return;
    }
    if (s == NULL) {
        l->status = CBAM_NO_PASSPORT;
        if (strcmp(l->match, "passport_id") == 0)
            (void)snprintf(l->reason, sizeof l->reason, "no scan of passport %s", l->passport_id);
        else if (strcmp(l->match, "gtin") == 0)
            (void)snprintf(l->reason, sizeof l->reason, "no scan of GTIN %s", l->gtin);
        else
            (void)snprintf(l->reason, sizeof l->reason, "no scan with CBAM data for CN %s from %s", l->cn, l->origin);
        return;
    }
    if (s->has_cbam) {
        const dpp_cbam *c = &s->cbam;
        l->has_figures = true;
        l->method = dpp_cbam_method_name(c->method) != NULL ? dpp_cbam_method_name(c->method) : "?";
        (void)snprintf(l->installation, sizeof l->installation, "%s", c->installation_id);
        l->direct = l->qty * cbam_dec_value(c->see_direct);
        l->indirect = c->has_see_indirect ? l->qty * cbam_dec_value(c->see_indirect) : 0.0;
        l->embedded = l->direct + (l->sector->indirect ? l->indirect : 0.0);
        if (c->has_carbon_price) {
            const cbam_rate *rt = strcmp(c->carbon_price_currency, "EUR") == 0 ? NULL
                             : find_rate(rates, n_rates, c->carbon_price_currency);
            double amount = l->qty * cbam_dec_value(c->carbon_price);
            l->has_price = true;
            if (strcmp(c->carbon_price_currency, "EUR") == 0) l->price_eur = amount;
            else if (rt != NULL) l->price_eur = amount * rt->eur;
            else l->no_rate = true;
        }
    }
    if (!s->verified) {
        /* A revocation in any scheme wins (spec/trust.md 3.8): the reason
         * names the scheme (the library's message usually does already). */
        char by[DPP_SCHEME_NAME_MAX + 32] = "";
        if (s->revoked && s->revoked_by[0] != '\0') {
            (void)snprintf(by, sizeof by, "scheme %s", s->revoked_by);
            if (strstr(s->message, by) == NULL)
                (void)snprintf(by, sizeof by, "; revoked by scheme %s", s->revoked_by);
            else
                by[0] = '\0';
        }
        l->status = CBAM_NOT_VERIFIED;
        (void)snprintf(l->reason, sizeof l->reason, "passport %s (%s) did not verify: %s check failed: %s (%s)%s",
                       s->decoded ? s->id_text : "?", s->source, s->failed_check, s->message, dpp_err_name(s->err),
                       by);
        return;
    }
    if (!s->has_cbam) {
        l->status = CBAM_NO_CBAM_DATA;
        (void)snprintf(l->reason, sizeof l->reason, "passport %s has no CBAM data for in-scope CN %s", s->id_text,
                       l->cn);
        return;
    }
    if (strcmp(s->cbam.cn_code, l->cn) != 0) {
        l->status = CBAM_CN_MISMATCH;
        (void)snprintf(l->reason, sizeof l->reason, "passport %s declares CN %s, the line CN %s", s->id_text,
                       s->cbam.cn_code, l->cn);
        return;
    }
    if (strcmp(s->cbam.origin, l->origin) != 0) {
        l->status = CBAM_ORIGIN_MISMATCH;
        (void)snprintf(l->reason, sizeof l->reason, "passport %s declares origin %s, the line origin %s", s->id_text,
                       s->cbam.origin, l->origin);
        return;
    }
    l->status = CBAM_OK;
    l->verified_figures = true;
    l->attested = s->attested;
    if (l->no_rate)
        (void)snprintf(l->reason, sizeof l->reason, "no exchange rate for %s: carbon price paid not deducted",
                       s->cbam.carbon_price_currency);
}

/* Free allocation adjustment, certificates, and the same line on default
 * values (spec/cbam.md 5). */
static void certificates(const cbam_report *r, const cbam_data *d, cbam_line *l)
{
    const char *ind = "";
    const cbam_bm *bm;
    const cbam_dv *dv;
    const cbam_factor *mk;
    double sefa_f = r->cbam_factor * r->cscf;
    l->cover = (r->has_cert_price && !l->no_rate) ? l->price_eur / r->cert_price : 0.0;
    if (!l->has_figures) return;
    l->basis = (l->method != NULL && strcmp(l->method, "default") == 0) ? "default"
               : l->attested                                          ? "attested"
                                                                      : "self_declared";
    if (l->scan >= 0 && r->scans[l->scan].has_cbam) ind = cbam_route_indicator(d, r->scans[l->scan].cbam.route);
    dv = cbam_dv_find(d, l->origin, l->cn, ind);
    /* Without a route of its own, the route the default value rests on. */
    bool from_dv = ind[0] == '\0' && dv != NULL && dv->route[0] != '\0';
    if (from_dv) ind = dv->route;
    bm = cbam_bm_find(d, l->cn, 'B', ind, &l->bm_note);
    if (from_dv && bm != NULL && strncmp(bm->route, ind, strlen(ind)) == 0 && bm->route[0] != '\0')
        l->bm_note = "passport route unknown: the route of the default value";
    if (bm != NULL) {
        l->has_bm = true;
        l->bmg = bm->bmg;
        l->bm_row = bm->row;
        memcpy(l->bm_route, bm->route, sizeof l->bm_route);
        l->faa = l->qty * bm->bmg * sefa_f;
    }
    l->certificates = l->embedded - l->faa - l->cover;
    if (l->certificates < 0) l->certificates = 0;
    if (dv != NULL) {
        const char *note = NULL;
        const cbam_bm *bd = cbam_bm_find(d, l->cn, 'B', dv->route, &note);
        mk = cbam_factor_for(d, "markup", dv->sector, r->year);
        l->has_dv = true;
        memcpy(l->dv_country, dv->country, sizeof l->dv_country);
        memcpy(l->dv_cn, dv->cn, sizeof l->dv_cn);
        memcpy(l->dv_source, dv->source, sizeof l->dv_source);
        l->dv_total = dv->total;
        l->dv_markup = mk != NULL ? mk->value : 0.0;
        l->dv_marked = dv->total * (1.0 + l->dv_markup);
        l->embedded_default = l->qty * l->dv_marked;
        if (bd != NULL) {
            l->has_bm_default = true;
            l->bmg_default = bd->bmg;
            memcpy(l->bm_default_route, bd->route, sizeof l->bm_default_route);
            l->faa_default = l->qty * bd->bmg * sefa_f;
        }
        l->certificates_default = l->embedded_default - l->faa_default - l->cover;
        if (l->certificates_default < 0) l->certificates_default = 0;
    }
    if (r->de_minimis_exempt) l->certificates = l->certificates_default = 0.0;
}

static int group_cmp(const void *a, const void *b)
{
    const cbam_group *x = a, *y = b;
    int c = strcmp(x->cn, y->cn);
    if (c == 0) c = strcmp(x->origin, y->origin);
    if (c == 0) c = strcmp(x->installation, y->installation);
    return c;
}

static void add_totals(cbam_totals *t, const cbam_line *l)
{
    bool av = l->verified_figures && l->attested && l->method != NULL && strcmp(l->method, "actual") == 0;
    t->n_lines++;
    t->qty += l->qty;
    t->embedded += l->embedded;
    t->actual_verified += av ? l->embedded : 0.0;
    if (l->verified_figures && !l->attested) {
        t->n_self_declared++;
        t->self_declared += l->embedded;
    }
    t->price_eur += l->price_eur;
    t->certificates += l->certificates;
    t->faa += l->faa;
    if (l->basis != NULL && strcmp(l->basis, "attested") == 0) t->n_attested++;
    if (l->basis != NULL && strcmp(l->basis, "default") == 0) t->n_default++;
    if (l->basis != NULL && strcmp(l->basis, "self_declared") == 0) t->n_self++;
    /* Lines without a default value count at their actual figures in the
     * default scenario, so that the two totals compare like with like. */
    t->embedded_default += l->has_dv ? l->embedded_default : l->embedded;
    t->faa_default += l->has_dv ? l->faa_default : l->faa;
    t->certificates_default += l->has_dv ? l->certificates_default : l->certificates;
}

/* De minimis (Art. 2a, Annex VII point 1): the in-scope net mass of the
 * year without electricity and hydrogen, or --annual-mass. */
static void de_minimis(cbam_report *r)
{
    if (!r->has_annual_mass) {
        r->de_minimis_mass = 0.0;
        for (size_t i = 0; i < r->n_lines; i++) {
            const cbam_line *l = &r->lines[i];
            if (l->sector == NULL || strcmp(l->sector->sector, "electricity") == 0 ||
                strcmp(l->sector->sector, "hydrogen") == 0)
                continue;
            r->de_minimis_mass += l->qty;
        }
    }
    r->de_minimis_exempt = r->de_minimis_t > 0 && r->de_minimis_mass <= r->de_minimis_t;
}

void cbam_aggregate(cbam_report *r, const cbam_data *d)
{
    r->groups = cli_xmalloc((r->n_lines + 1) * sizeof *r->groups);
    de_minimis(r);
    for (size_t i = 0; i < r->n_lines; i++) {
        cbam_line *l = &r->lines[i];
        cbam_group *g = NULL;
        if (l->sector == NULL) continue;
        certificates(r, d, l);
        if (cbam_status_is_exception(l->status)) r->n_exceptions++;
        if (!l->has_figures) {
            r->n_no_figures++;
            r->qty_no_figures += l->qty;
        }
        add_totals(&r->all, l);
        if (l->status != CBAM_OK) continue;
        add_totals(&r->counted, l);
        for (size_t k = 0; k < r->n_groups; k++)
            if (strcmp(r->groups[k].cn, l->cn) == 0 && strcmp(r->groups[k].origin, l->origin) == 0 &&
                strcmp(r->groups[k].installation, l->installation) == 0)
                g = &r->groups[k];
        if (g == NULL) {
            g = &r->groups[r->n_groups++];
            memset(g, 0, sizeof *g);
            memcpy(g->cn, l->cn, sizeof g->cn);
            memcpy(g->origin, l->origin, sizeof g->origin);
            memcpy(g->installation, l->installation, sizeof g->installation);
            g->sector = l->sector;
        }
        g->n_lines++;
        g->qty += l->qty;
        g->direct += l->direct;
        g->indirect += l->indirect;
        g->embedded += l->embedded;
        g->actual_verified +=
            (l->attested && l->method != NULL && strcmp(l->method, "actual") == 0) ? l->embedded : 0.0;
        g->price_eur += l->price_eur;
        g->certificates += l->certificates;
        g->faa += l->faa;
        g->certificates_default += l->has_dv ? l->certificates_default : l->certificates;
    }
    if (r->n_groups > 1) qsort(r->groups, r->n_groups, sizeof *r->groups, group_cmp);
    if (r->has_cert_price) {
        r->counted.eur = r->counted.certificates * r->cert_price;
        r->counted.eur_default = r->counted.certificates_default * r->cert_price;
        r->all.eur = r->all.certificates * r->cert_price;
        r->all.eur_default = r->all.certificates_default * r->cert_price;
    }
}

/* Writes what fn renders into path (atomically). */
