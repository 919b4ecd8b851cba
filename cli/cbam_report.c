/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: the report as JSON, CSV and HTML with an inline SVG bar chart. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cbam_report.h"
#include "report.h"
#include "util.h"

const char *cbam_status_name(cbam_status s)
{
    switch (s) {
    case CBAM_OK: return "ok";
    case CBAM_OUT_OF_SCOPE: return "out_of_scope";
    case CBAM_NO_PASSPORT: return "no_passport";
    case CBAM_NOT_VERIFIED: return "not_verified";
    case CBAM_NO_CBAM_DATA: return "no_cbam_data";
    case CBAM_CN_MISMATCH: return "cn_mismatch";
    case CBAM_ORIGIN_MISMATCH: return "origin_mismatch";
    }
    return "?";
}

bool cbam_status_is_exception(cbam_status s) { return s != CBAM_OK && s != CBAM_OUT_OF_SCOPE; }

void cbam_who_text(const dpp_signer_info *si, char *out, size_t cap)
{
    char who[DPP_MAX_NAME + 80];
    if (cap == 0) return;
    cli_party_text(si, who, sizeof who);
    if (si->scheme[0] != '\0')
        (void)snprintf(out, cap, "%s (scheme %s)", who, si->scheme);
    else
        (void)snprintf(out, cap, "%s", who);
}

/* Rounded to 6 decimals, so that JSON shows 12.3 rather than 12.299999999. */
static json_t *num(double x) { return json_real(round(x * 1e6) / 1e6); }

static json_t *str_or_null(const char *s) { return (s != NULL && s[0] != '\0') ? json_string(s) : json_null(); }

static json_t *totals_json(const cbam_totals *t, bool has_price)
{
    json_t *o = json_object();
    json_object_set_new(o, "lines", json_integer((json_int_t)t->n_lines));
    json_object_set_new(o, "quantity", num(t->qty));
    json_object_set_new(o, "embedded_tco2e", num(t->embedded));
    json_object_set_new(o, "actual_verified_tco2e", num(t->actual_verified));
    json_object_set_new(o, "carbon_price_paid_eur", num(t->price_eur));
    json_object_set_new(o, "certificates_tco2e", num(t->certificates));
    json_object_set_new(o, "self_declared_lines", json_integer((json_int_t)t->n_self_declared));
    json_object_set_new(o, "self_declared_tco2e", num(t->self_declared));
    json_object_set_new(o, "attested_lines", json_integer((json_int_t)t->n_attested));
    json_object_set_new(o, "default_lines", json_integer((json_int_t)t->n_default));
    json_object_set_new(o, "self_declared_basis_lines", json_integer((json_int_t)t->n_self));
    json_object_set_new(o, "free_allocation_adjustment_tco2e", num(t->faa));
    json_object_set_new(o, "certificates_eur", has_price ? num(t->eur) : json_null());
    json_object_set_new(o, "on_default_values", json_pack("{s:o,s:o,s:o,s:o}", "embedded_tco2e",
                                                          num(t->embedded_default), "free_allocation_adjustment_tco2e",
                                                          num(t->faa_default), "certificates_tco2e",
                                                          num(t->certificates_default), "certificates_eur",
                                                          has_price ? num(t->eur_default) : json_null()));
    json_object_set_new(o, "saving_certificates", num(t->certificates_default - t->certificates));
    json_object_set_new(o, "saving_eur", has_price ? num(t->eur_default - t->eur) : json_null());
    return o;
}

json_t *cbam_report_json(const cbam_report *r)
{
    json_t *o = json_object(), *lines = json_array(), *groups = json_array(), *exc = json_array(), *t;
    char at[40];
    cli_format_time(r->at, at, sizeof at);
    json_object_set_new(o, "period", json_string(r->period));
    json_object_set_new(o, "checked_at", json_string(at));
    json_object_set_new(o, "certificate_price_eur", r->has_cert_price ? num(r->cert_price) : json_null());
    {
        json_t *rules = json_object();
        char sep[2] = {r->separator, '\0'}, dec[2] = {r->decimal_mark, '\0'};
        json_object_set_new(rules, "year", json_integer(r->year));
        json_object_set_new(rules, "cbam_factor", num(r->cbam_factor));
        json_object_set_new(rules, "cbam_factor_source", json_string(r->cbam_factor_source));
        json_object_set_new(rules, "cscf", num(r->cscf));
        json_object_set_new(rules, "cscf_source", json_string(r->cscf_source));
        json_object_set_new(rules, "de_minimis_t", num(r->de_minimis_t));
        json_object_set_new(rules, "de_minimis_source", json_string(r->de_minimis_source));
        json_object_set_new(rules, "de_minimis_mass_t", num(r->de_minimis_mass));
        json_object_set_new(rules, "de_minimis_mass_from", json_string(r->has_annual_mass ? "--annual-mass" : "lines"));
        json_object_set_new(rules, "de_minimis_exempt", json_boolean(r->de_minimis_exempt));
        json_object_set_new(rules, "lines_separator", json_string(sep));
        json_object_set_new(rules, "lines_decimal_mark", json_string(dec));
        json_object_set_new(o, "rules", rules);
    }
    for (size_t i = 0; i < r->n_lines; i++) {
        const cbam_line *l = &r->lines[i];
        const cbam_scan *s = l->scan >= 0 ? &r->scans[l->scan] : NULL;
        json_t *j = json_object();
        json_object_set_new(j, "line", json_integer((json_int_t)l->src_line));
        json_object_set_new(j, "cn_code", json_string(l->cn));
        json_object_set_new(j, "origin", json_string(l->origin));
        json_object_set_new(j, "quantity", num(l->qty));
        json_object_set_new(j, "unit", json_string(l->sector != NULL ? l->sector->unit : "t"));
        json_object_set_new(j, "sector", l->sector != NULL ? json_string(l->sector->sector) : json_null());
        json_object_set_new(j, "status", json_string(cbam_status_name(l->status)));
        json_object_set_new(j, "reason", str_or_null(l->reason));
        json_object_set_new(j, "matched_by", str_or_null(l->match));
        json_object_set_new(j, "passport_id", s != NULL && s->decoded ? json_string(s->id_text) : json_null());
        json_object_set_new(j, "scan", s != NULL ? json_string(s->source) : json_null());
        json_object_set_new(j, "verified", json_boolean(s != NULL && s->verified));
        json_object_set_new(j, "error", s != NULL && !s->verified ? json_string(dpp_err_name(s->err)) : json_null());
        json_object_set_new(j, "method", str_or_null(l->method));
        json_object_set_new(j, "attested", json_boolean(l->attested));
        json_object_set_new(j, "attester", s != NULL && l->attested ? json_string(s->attester) : json_null());
        /* Figures of a verified passport are the manufacturer's word unless a
         * CBAM verifier attested them: said explicitly, not left to infer. */
        json_object_set_new(j, "self_declared", json_boolean(l->verified_figures && !l->attested));
        {
            json_t *by = json_array();
            if (s != NULL && l->attested) json_array_append_new(by, json_string(s->attester));
            json_object_set_new(j, "attested_by", by);
        }
        /* As dpp verify --json: "scheme" and "scheme_operator" name the trust
         * scheme that recognised the signer and the CBAM verifier (absent for
         * the default scheme, pinned keys and certificates). */
        json_object_set_new(j, "signer", s != NULL && s->verified ? cli_signer_json(&s->signer) : json_null());
        json_object_set_new(j, "cbam_attester",
                            s != NULL && l->attested ? cli_signer_json(&s->attester_info) : json_null());
        if (s != NULL && s->revoked && s->revoked_by[0] != '\0')
            json_object_set_new(j, "revoked_by_scheme", json_string(s->revoked_by));
        json_object_set_new(j, "installation", str_or_null(l->installation));
        if (l->has_figures && l->sector != NULL) {
            json_object_set_new(j, "direct_tco2e", num(l->direct));
            json_object_set_new(j, "indirect_tco2e", num(l->indirect));
            json_object_set_new(j, "embedded_tco2e", num(l->embedded));
            json_object_set_new(j, "carbon_price_paid_eur", l->no_rate ? json_null() : num(l->price_eur));
            json_object_set_new(j, "certificates_tco2e", num(l->certificates));
            json_object_set_new(j, "certificates_eur", r->has_cert_price ? num(l->certificates * r->cert_price)
                                                                           : json_null());
            json_object_set_new(j, "basis", str_or_null(l->basis));
            json_object_set_new(j, "carbon_price_cover_tco2e", num(l->cover));
            json_object_set_new(
                j, "free_allocation",
                l->has_bm ? json_pack("{s:s,s:s,s:o,s:i,s:s,s:o}", "column", "B", "route", l->bm_route, "bmg_tco2e_per_t",
                                      num(l->bmg), "benchmark_row", (json_int_t)l->bm_row, "rule", l->bm_note,
                                      "adjustment_tco2e", num(l->faa))
                          : json_pack("{s:s,s:o}", "rule", l->bm_note != NULL ? l->bm_note : "none",
                                      "adjustment_tco2e", num(0.0)));
            if (l->has_dv) {
                json_t *dv = json_object();
                json_object_set_new(dv, "country", json_string(l->dv_country));
                json_object_set_new(dv, "cn_code", json_string(l->dv_cn));
                json_object_set_new(dv, "source", json_string(l->dv_source));
                json_object_set_new(dv, "see_tco2e_per_t", num(l->dv_total));
                json_object_set_new(dv, "markup", num(l->dv_markup));
                json_object_set_new(dv, "see_with_markup", num(l->dv_marked));
                json_object_set_new(dv, "embedded_tco2e", num(l->embedded_default));
                json_object_set_new(dv, "benchmark_route", json_string(l->bm_default_route));
                json_object_set_new(dv, "bmg_tco2e_per_t", l->has_bm_default ? num(l->bmg_default) : json_null());
                json_object_set_new(dv, "free_allocation_adjustment_tco2e", num(l->faa_default));
                json_object_set_new(dv, "certificates_tco2e", num(l->certificates_default));
                json_object_set_new(dv, "certificates_eur", r->has_cert_price
                                                                ? num(l->certificates_default * r->cert_price)
                                                                : json_null());
                json_object_set_new(dv, "saving_certificates", num(l->certificates_default - l->certificates));
                json_object_set_new(j, "on_default_values", dv);
            } else {
                json_object_set_new(j, "on_default_values", json_null());
            }
        } else {
            json_object_set_new(j, "embedded_tco2e", json_null());
        }
        json_array_append_new(lines, j);
        if (cbam_status_is_exception(l->status)) {
            json_t *e = json_object();
            json_object_set_new(e, "line", json_integer((json_int_t)l->src_line));
            json_object_set_new(e, "kind", json_string(cbam_status_name(l->status)));
            json_object_set_new(e, "cn_code", json_string(l->cn));
            json_object_set_new(e, "origin", json_string(l->origin));
            json_object_set_new(e, "quantity", num(l->qty));
            json_object_set_new(e, "reason", json_string(l->reason));
            if (s != NULL && s->revoked && s->revoked_by[0] != '\0')
                json_object_set_new(e, "revoked_by_scheme", json_string(s->revoked_by));
            json_array_append_new(exc, e);
        }
    }
    for (size_t i = 0; i < r->n_groups; i++) {
        const cbam_group *g = &r->groups[i];
        json_t *j = json_object();
        json_object_set_new(j, "cn_code", json_string(g->cn));
        json_object_set_new(j, "origin", json_string(g->origin));
        json_object_set_new(j, "installation", str_or_null(g->installation));
        json_object_set_new(j, "sector", json_string(g->sector->sector));
        json_object_set_new(j, "rule", json_string(g->sector->indirect ? "direct+indirect" : "direct"));
        json_object_set_new(j, "lines", json_integer((json_int_t)g->n_lines));
        json_object_set_new(j, "quantity", num(g->qty));
        json_object_set_new(j, "unit", json_string(g->sector->unit));
        json_object_set_new(j, "direct_tco2e", num(g->direct));
        json_object_set_new(j, "indirect_tco2e", num(g->indirect));
        json_object_set_new(j, "embedded_tco2e", num(g->embedded));
        json_object_set_new(j, "actual_verified_share", g->embedded > 0 ? num(g->actual_verified / g->embedded)
                                                                         : json_null());
        json_object_set_new(j, "carbon_price_paid_eur", num(g->price_eur));
        json_object_set_new(j, "certificates_tco2e", num(g->certificates));
        json_array_append_new(groups, j);
    }
    json_object_set_new(o, "lines", lines);
    json_object_set_new(o, "groups", groups);
    json_object_set_new(o, "exceptions", exc);
    exc = json_array();
    for (size_t i = 0; i < r->n_scans; i++) {
        const cbam_scan *s = &r->scans[i];
        json_t *j;
        if (s->used) continue;
        j = json_object();
        json_object_set_new(j, "scan", json_string(s->source));
        json_object_set_new(j, "passport_id", s->decoded ? json_string(s->id_text) : json_null());
        json_object_set_new(j, "verified", json_boolean(s->verified));
        json_object_set_new(j, "error", s->verified ? json_null() : json_string(dpp_err_name(s->err)));
        json_object_set_new(j, "message", s->verified ? json_null() : json_string(s->message));
        json_array_append_new(exc, j);
    }
    json_object_set_new(o, "unmatched_scans", exc);
    t = json_object();
    json_object_set_new(t, "without_exceptions", totals_json(&r->counted, r->has_cert_price));
    json_object_set_new(t, "with_exceptions", totals_json(&r->all, r->has_cert_price));
    json_object_set_new(json_object_get(t, "with_exceptions"), "lines_without_figures",
                        json_integer((json_int_t)r->n_no_figures));
    json_object_set_new(json_object_get(t, "with_exceptions"), "quantity_without_figures", num(r->qty_no_figures));
    json_object_set_new(o, "totals", t);
    return o;
}

/* CSV field: installation ids may hold commas or quotes; a leading = + - @
 * gets a ' so that spreadsheets do not run it as a formula. */
static void csv_field(FILE *f, const char *s)
{
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) fputc('"', f);
    if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') fputc('\'', f);
    for (; *s != '\0'; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    if (quote) fputc('"', f);
}

/* Appends "WHAT: SCHEME" to out (separated by "; ") unless already there. */
static void add_scheme(char *out, size_t cap, const char *what, const char *scheme)
{
    char tok[DPP_SCHEME_NAME_MAX + 16];
    size_t n = strlen(out);
    const char *p;
    if (scheme[0] == '\0') return;
    (void)snprintf(tok, sizeof tok, "%s: %s", what, scheme);
    for (p = strstr(out, tok); p != NULL; p = strstr(p + 1, tok))
        if ((p == out || p[-1] == ' ') && (p[strlen(tok)] == '\0' || p[strlen(tok)] == ';')) return;
    if (n + (n > 0 ? 2 : 0) + strlen(tok) >= cap) return; /* full: the JSON has every line */
    (void)snprintf(out + n, cap - n, "%s%s", n > 0 ? "; " : "", tok);
}

/* The named schemes that recognised the signers and CBAM verifiers of the
 * group's lines, e.g. "signer: cn-cnas; attester: eu-ab"; "" when every one
 * came from the default scheme (or a pinned key or certificate). */
static void group_schemes(const cbam_report *r, const cbam_group *g, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < r->n_lines; i++) {
        const cbam_line *l = &r->lines[i];
        const cbam_scan *s = l->scan >= 0 ? &r->scans[l->scan] : NULL;
        if (l->status != CBAM_OK || s == NULL || strcmp(l->cn, g->cn) != 0 || strcmp(l->origin, g->origin) != 0 ||
            strcmp(l->installation, g->installation) != 0)
            continue;
        add_scheme(out, cap, "signer", s->signer.scheme);
        if (l->attested) add_scheme(out, cap, "attester", s->attester_info.scheme);
    }
}

void cbam_report_csv(FILE *f, const cbam_report *r)
{
    char schemes[512];
    fputs("cn_code,origin,installation,sector,rule,lines,quantity,unit,direct_tco2e,indirect_tco2e,embedded_tco2e,"
          "actual_verified_share,carbon_price_paid_eur,certificates_tco2e,free_allocation_tco2e,"
          "certificates_on_defaults_tco2e,schemes\n",
          f);
    for (size_t i = 0; i < r->n_groups; i++) {
        const cbam_group *g = &r->groups[i];
        fprintf(f, "%s,%s,", g->cn, g->origin);
        csv_field(f, g->installation);
        fprintf(f, ",%s,%s,%zu,%.3f,%s,%.3f,%.3f,%.3f,%.4f,%.2f,%.3f,%.3f,%.3f,", g->sector->sector,
                g->sector->indirect ? "direct+indirect" : "direct", g->n_lines, g->qty, g->sector->unit, g->direct,
                g->indirect, g->embedded, g->embedded > 0 ? g->actual_verified / g->embedded : 0.0, g->price_eur,
                g->certificates, g->faa, g->certificates_default);
        group_schemes(r, g, schemes, sizeof schemes);
        csv_field(f, schemes);
        fputc('\n', f);
    }
    fprintf(f, "TOTAL,,without exceptions,,,%zu,%.3f,,,,%.3f,%.4f,%.2f,%.3f,%.3f,%.3f,\n", r->counted.n_lines,
            r->counted.qty, r->counted.embedded,
            r->counted.embedded > 0 ? r->counted.actual_verified / r->counted.embedded : 0.0, r->counted.price_eur,
            r->counted.certificates, r->counted.faa, r->counted.certificates_default);
    fprintf(f, "TOTAL,,with exceptions,,,%zu,%.3f,,,,%.3f,%.4f,%.2f,%.3f,%.3f,%.3f,\n", r->all.n_lines, r->all.qty,
            r->all.embedded, r->all.embedded > 0 ? r->all.actual_verified / r->all.embedded : 0.0, r->all.price_eur,
            r->all.certificates, r->all.faa, r->all.certificates_default);
}

static void esc(FILE *f, const char *s)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* Bars: embedded emissions per CN code and origin (installations summed). */
typedef struct bar {
    char label[16];
    double value;
} bar;

void cbam_report_svg(FILE *f, const cbam_report *r)
{
    bar bars[64];
    size_t n = 0;
    double max = 0.0;
    const double left = 150.0, width = 420.0, row = 28.0;
    double height;
    for (size_t i = 0; i < r->n_groups; i++) {
        char label[16];
        size_t k;
        (void)snprintf(label, sizeof label, "%s %s", r->groups[i].cn, r->groups[i].origin);
        for (k = 0; k < n; k++)
            if (strcmp(bars[k].label, label) == 0) break;
        if (k == n) {
            if (n == sizeof bars / sizeof bars[0]) continue;
            memcpy(bars[n].label, label, sizeof label);
            bars[n++].value = 0.0;
        }
        bars[k].value += r->groups[i].embedded;
    }
    for (size_t k = 0; k < n; k++)
        if (bars[k].value > max) max = bars[k].value;
    height = 50.0 + row * (double)(n > 0 ? n : 1);
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"680\" height=\"%.0f\" viewBox=\"0 0 680 %.0f\" "
            "role=\"img\" aria-label=\"Embedded emissions per CN code and origin\">\n",
            height, height);
    fprintf(f, "<rect width=\"680\" height=\"%.0f\" fill=\"#ffffff\"/>\n", height);
    fputs("<text x=\"10\" y=\"20\" font-family=\"sans-serif\" font-size=\"14\" font-weight=\"bold\">"
          "Embedded emissions (tCO2e) per CN code and origin, verified lines</text>\n",
          f);
    if (n == 0)
        fputs("<text x=\"10\" y=\"50\" font-family=\"sans-serif\" font-size=\"12\">no verified lines</text>\n", f);
    for (size_t k = 0; k < n; k++) {
        double y = 34.0 + row * (double)k, w = max > 0 ? width * bars[k].value / max : 0.0;
        fprintf(f, "<text x=\"10\" y=\"%.1f\" font-family=\"monospace\" font-size=\"12\">%s</text>\n", y + 15.0,
                bars[k].label);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"20\" fill=\"#1f5fa8\"/>\n", left, y, w);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-family=\"sans-serif\" font-size=\"12\">%.3f</text>\n",
                left + w + 6.0, y + 15.0, bars[k].value);
    }
    fputs("</svg>\n", f);
}

static void html_totals_row(FILE *f, const char *label, const cbam_totals *t)
{
    fprintf(f,
            "<tr class=\"total\"><th colspan=\"4\">%s</th><td>%.3f</td><td></td><td>%.3f</td><td>%.1f%%</td>"
            "<td>%.2f</td><td>%.3f</td></tr>\n",
            label, t->qty, t->embedded, t->embedded > 0 ? 100.0 * t->actual_verified / t->embedded : 0.0,
            t->price_eur, t->certificates);
}

void cbam_report_html(FILE *f, const cbam_report *r)
{
    char at[40];
    cli_format_time(r->at, at, sizeof at);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>CBAM receipt check ", f);
    esc(f, r->period);
    fputs("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
          "th,td{border:1px solid #999;padding:3px 8px;text-align:left}td{text-align:right}"
          "tr.total{font-weight:bold;background:#eee}.exc{color:#a00}</style>\n</head><body>\n",
          f);
    fputs("<h1>CBAM receipt check, period ", f);
    esc(f, r->period);
    fprintf(f, "</h1>\n<p>Checked at %s: %zu declaration lines, %zu scans, %zu exceptions. ", at, r->n_lines,
            r->n_scans, r->n_exceptions);
    if (r->has_cert_price)
        fprintf(f, "CBAM certificate price %.2f EUR/tCO2e.</p>\n", r->cert_price);
    else
        fputs("No certificate price given: no deduction for carbon price paid.</p>\n", f);
    fprintf(f, "<p class=\"self-declared\">%.3f of %.3f tCO2e counted (%zu %s) are self-declared by the "
               "manufacturers: their passports verify, but no CBAM verifier attested the figures.</p>\n",
            r->counted.self_declared, r->counted.embedded, r->counted.n_self_declared,
            r->counted.n_self_declared == 1 ? "line" : "lines");
    fprintf(f, "<p class=\"rules\">Year %d: CBAM factor %.3f (", r->year, r->cbam_factor);
    esc(f, r->cbam_factor_source);
    fprintf(f, "), cross-sectoral correction factor %.3f; de minimis %.0f t net mass (", r->cscf, r->de_minimis_t);
    esc(f, r->de_minimis_source);
    fprintf(f, "): %.3f t in scope%s.</p>\n", r->de_minimis_mass,
            r->de_minimis_exempt ? ": EXEMPT, no certificates are due" : ", not exempt");
    fputs("<h2>Actual data against default values (verified lines)</h2>\n<table>\n<tr><th>Line</th><th>CN code"
          "</th><th>Origin</th><th>Data basis</th><th>SEE actual tCO2e/t</th><th>Default with mark-up</th>"
          "<th>Free allocation tCO2e</th><th>Certificates actual</th><th>Certificates on defaults</th>"
          "<th>Saving EUR</th></tr>\n",
          f);
    for (size_t i = 0; i < r->n_lines; i++) {
        const cbam_line *l = &r->lines[i];
        if (l->status != CBAM_OK) continue;
        fprintf(f, "<tr><td>%lu</td><th>%s</th><th>%s</th><th>%s</th><td>%.5f</td>", l->src_line, l->cn, l->origin,
                l->basis != NULL ? l->basis : "-", l->qty > 0 ? l->embedded / l->qty : 0.0);
        if (l->has_dv) fprintf(f, "<td>%.5f</td>", l->dv_marked);
        else fputs("<td>none</td>", f);
        fprintf(f, "<td>%.3f</td><td>%.3f</td><td>%.3f</td>", l->faa, l->certificates,
                l->has_dv ? l->certificates_default : l->certificates);
        if (r->has_cert_price && l->has_dv)
            fprintf(f, "<td>%.2f</td></tr>\n", (l->certificates_default - l->certificates) * r->cert_price);
        else fputs("<td>-</td></tr>\n", f);
    }
    fprintf(f, "<tr class=\"total\"><th colspan=\"6\">Total (%zu attested, %zu self-declared, %zu default)</th>"
               "<td>%.3f</td><td>%.3f</td><td>%.3f</td>",
            r->counted.n_attested, r->counted.n_self, r->counted.n_default, r->counted.faa,
            r->counted.certificates, r->counted.certificates_default);
    if (r->has_cert_price) fprintf(f, "<td>%.2f</td></tr>\n</table>\n", r->counted.eur_default - r->counted.eur);
    else fputs("<td>-</td></tr>\n</table>\n", f);
    fputs("<h2>Summary per CN code, origin and installation (verified lines)</h2>\n<table>\n"
          "<tr><th>CN code</th><th>Origin</th><th>Installation</th><th>Rule</th><th>Quantity</th><th>Unit</th>"
          "<th>Embedded tCO2e</th><th>Actual, attested</th><th>Carbon price paid EUR</th>"
          "<th>Needing certificates tCO2e</th></tr>\n",
          f);
    for (size_t i = 0; i < r->n_groups; i++) {
        const cbam_group *g = &r->groups[i];
        fprintf(f, "<tr><th>%s</th><th>%s</th><th>", g->cn, g->origin);
        esc(f, g->installation[0] ? g->installation : "-");
        fprintf(f,
                "</th><th>%s: %s</th><td>%.3f</td><td>%s</td><td>%.3f</td><td>%.1f%%</td><td>%.2f</td>"
                "<td>%.3f</td></tr>\n",
                g->sector->sector, g->sector->indirect ? "direct+indirect" : "direct", g->qty, g->sector->unit,
                g->embedded, g->embedded > 0 ? 100.0 * g->actual_verified / g->embedded : 0.0, g->price_eur,
                g->certificates);
    }
    html_totals_row(f, "Total without exceptions", &r->counted);
    html_totals_row(f, "Total with exceptions (their figures unverified)", &r->all);
    fprintf(f, "</table>\n<p>In-scope lines without any emission figures: %zu (%.3f t), not included above.</p>\n",
            r->n_no_figures, r->qty_no_figures);
    fputs("<h2>Chart</h2>\n", f);
    cbam_report_svg(f, r);
    fputs("<h2>Exceptions</h2>\n", f);
    if (r->n_exceptions == 0) fputs("<p>None.</p>\n", f);
    else fputs("<table>\n<tr><th>Line</th><th>CN code</th><th>Origin</th><th>Kind</th><th>Reason</th></tr>\n", f);
    for (size_t i = 0; i < r->n_lines; i++) {
        const cbam_line *l = &r->lines[i];
        if (!cbam_status_is_exception(l->status)) continue;
        fprintf(f, "<tr class=\"exc\"><td>%lu</td><th>%s</th><th>%s</th><th>%s</th><th>", l->src_line, l->cn,
                l->origin, cbam_status_name(l->status));
        esc(f, l->reason);
        fputs("</th></tr>\n", f);
    }
    if (r->n_exceptions != 0) fputs("</table>\n", f);
    for (size_t i = 0; i < r->n_scans; i++) {
        const cbam_scan *s = &r->scans[i];
        if (s->used) continue;
        fputs("<p class=\"exc\">Scan not matched to any line: ", f);
        esc(f, s->source);
        fputs(s->verified ? " (verified, passport " : " (NOT verified: ", f);
        esc(f, s->verified ? s->id_text : s->message);
        fputs(")</p>\n", f);
    }
    fputs("<h2>Lines</h2>\n<table>\n<tr><th>Line</th><th>CN code</th><th>Origin</th><th>Quantity</th>"
          "<th>Status</th><th>Passport</th><th>Method</th><th>Signed by</th><th>Attested by</th>"
          "<th>Embedded tCO2e</th></tr>\n",
          f);
    for (size_t i = 0; i < r->n_lines; i++) {
        const cbam_line *l = &r->lines[i];
        const cbam_scan *s = l->scan >= 0 ? &r->scans[l->scan] : NULL;
        char who[DPP_MAX_NAME + DPP_SCHEME_NAME_MAX + 96];
        fprintf(f, "<tr><td>%lu</td><th>%s</th><th>%s</th><td>%.3f</td><th>%s</th><th>%s</th><th>%s</th><th>",
                l->src_line, l->cn, l->origin, l->qty, cbam_status_name(l->status),
                s != NULL && s->decoded ? s->id_text : "-", l->method != NULL ? l->method : "-");
        if (s != NULL && s->verified) cbam_who_text(&s->signer, who, sizeof who);
        else (void)snprintf(who, sizeof who, "-");
        esc(f, who);
        fputs("</th><th>", f);
        if (s != NULL && l->attested) {
            char name[DPP_MAX_NAME + 1];
            /* the party's name as the other columns show it, with its scheme */
            memcpy(name, s->attester, sizeof name);
            if (s->attester_info.scheme[0] != '\0')
                (void)snprintf(who, sizeof who, "%s (scheme %s)", name, s->attester_info.scheme);
            else
                (void)snprintf(who, sizeof who, "%s", name);
        } else {
            (void)snprintf(who, sizeof who, "%s", l->verified_figures ? "nobody: self-declared by the manufacturer"
                                                                        : "-");
        }
        esc(f, who);
        if (l->has_figures && l->sector != NULL) fprintf(f, "</th><td>%.3f</td></tr>\n", l->embedded);
        else fputs("</th><td>-</td></tr>\n", f);
    }
    fputs("</table>\n<p>Rules and legal sources: libdpp spec/cbam.md (Regulation (EU) 2023/956).</p>\n"
          "</body></html>\n",
          f);
}
