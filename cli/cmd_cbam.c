/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: an importer's receipt check. Verifies every scan of a shipment,
 * matches the passports to the customs declaration lines, and computes the
 * CBAM figures (embedded emissions, carbon price paid, certificates) per CN
 * code, origin and installation. Rules and legal sources: spec/cbam.md. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cbam_assess.h"
#include "cbam_input.h"
#include "cbam_xlsx.h"
#include "cbam_report.h"
#include "cbam_rules.h"
#include "cmds.h"
#include "help.h"
#include "common.h"
#include "image.h"
#include "util.h"


enum {
    O_HELP = 1, O_TRUST, O_OPERATOR, O_REVOCATIONS, O_LINES, O_SCANS, O_IMAGE, O_PERIOD, O_RATES, O_CERT_PRICE, O_AT,
    O_OUT, O_CSV, O_JSON, O_QUIET, O_FORCE, O_DATA, O_ANNUAL_MASS, O_TRUST_LIST, O_SCHEME_REVOCATIONS
};
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP},       {"trust", 't', true, O_TRUST},       {"operator", 0, true, O_OPERATOR},
    {"pin", 0, true, O_OPERATOR},       {"revocations", 0, true, O_REVOCATIONS}, {"lines", 0, true, O_LINES},
    {"scans", 0, true, O_SCANS},        {"image", 0, true, O_IMAGE},         {"period", 0, true, O_PERIOD},
    {"rates", 0, true, O_RATES},        {"certificate-price", 0, true, O_CERT_PRICE}, {"at", 0, true, O_AT},
    {"out", 'o', true, O_OUT},          {"csv", 0, true, O_CSV},             {"json", 0, true, O_JSON},
    {"quiet", 'q', false, O_QUIET},     {"force", 0, false, O_FORCE},        {"cbam-data", 0, true, O_DATA},
    {"annual-mass", 0, true, O_ANNUAL_MASS}, {"trust-list", 0, true, O_TRUST_LIST},
    {"scheme-revocations", 0, true, O_SCHEME_REVOCATIONS}, {NULL, 0, false, 0},
};

#define CBAM_MAX_IMAGES 64
static void check_scan(cbam_scan *s, char *text, size_t len, const dpp_trust *trust, int64_t at, dpp_verified *v,
                       dpp_unverified *u)
{
    dpp_report rep;
    dpp_err err;
    len = cli_trim(text, len);
    err = dpp_verify(text, len, trust, at, v, &rep);
    s->err = err;
    if (err == DPP_OK) {
        int idx = dpp_claim_attested_by(v, DPP_CLAIM_CBAM);
        s->verified = s->decoded = true;
        memcpy(s->id, v->passport.id, 16);
        memcpy(s->gtin, v->passport.gtin, sizeof s->gtin);
        memcpy(s->name, v->passport.name, sizeof s->name);
        s->has_cbam = v->passport.has_cbam;
        s->cbam = v->passport.cbam;
        s->signer = v->signer;
        if (idx >= 0 && idx < DPP_MAX_ATTESTATIONS && v->attesters[idx].role == DPP_ROLE_CBAM_VERIFIER) {
            s->attested = true;
            s->attester_info = v->attesters[idx];
            if (v->attesters[idx].party.name[0] != '\0')
                memcpy(s->attester, v->attesters[idx].party.name, sizeof s->attester);
            else /* a pinned key: named by its kid */
                cli_party_text(&v->attesters[idx], s->attester, sizeof s->attester);
        }
    } else {
        dpp_diag d;
        (void)snprintf(s->failed_check, sizeof s->failed_check, "%s", dpp_check_name(rep.failed));
        (void)snprintf(s->message, sizeof s->message, "%s", rep.diag.msg[0] ? rep.diag.msg : dpp_err_str(err));
        if (rep.revoked) {
            s->revoked = true;
            memcpy(s->revoked_by, rep.revoked_by, sizeof s->revoked_by);
            s->revoked_by[sizeof s->revoked_by - 1] = '\0';
        }
        if (dpp_inspect(text, len, u, &d) == DPP_OK) {
            s->decoded = true;
            memcpy(s->id, u->passport_unverified.id, 16);
            memcpy(s->gtin, u->passport_unverified.gtin, sizeof s->gtin);
            memcpy(s->name, u->passport_unverified.name, sizeof s->name);
            s->has_cbam = u->passport_unverified.has_cbam;
            s->cbam = u->passport_unverified.cbam;
        }
    }
    if (s->decoded) cli_uuid_text(s->id, s->id_text);
}

static int read_scans(const char *path, cbam_report *r, const dpp_trust *trust, int64_t at, dpp_verified *v,
                      dpp_unverified *u)
{
    uint8_t *data = NULL;
    size_t len = 0;
    char *cur, *s;
    unsigned long lineno = 0;
    int rc = cli_read_file(path, CBAM_MAX_SCAN_FILE, &data, &len);
    if (rc != CLI_EX_OK) return rc;
    cur = (char *)data;
    while ((s = cbam_next_line(&cur)) != NULL) {
        cbam_scan *sc;
        lineno++;
        if (cbam_is_blank_or_comment(s)) continue;
        if (r->n_scans == CBAM_MAX_SCANS) {
            cli_err_at(path, lineno, "more than %u scans", CBAM_MAX_SCANS);
            rc = CLI_EX_NOINPUT;
            break;
        }
        sc = &r->scans[r->n_scans++];
        memset(sc, 0, sizeof *sc);
        (void)snprintf(sc->source, sizeof sc->source, "%.60s:%lu", path, lineno);
        check_scan(sc, s, strlen(s), trust, at, v, u);
    }
    free(data);
    return rc;
}

static int write_out(const char *path, void (*fn)(FILE *, const cbam_report *), const cbam_report *r, unsigned flags)
{
    char *buf = NULL;
    size_t len = 0;
    int rc;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL) {
        cli_err("out of memory");
        return CLI_EX_SOFTWARE;
    }
    fn(f, r);
    if (fclose(f) != 0) {
        free(buf);
        cli_err("out of memory");
        return CLI_EX_SOFTWARE;
    }
    rc = cli_write_atomic(path, buf, len, 0, flags);
    free(buf);
    return rc;
}

static void json_render(FILE *f, const cbam_report *r)
{
    json_t *o = cbam_report_json(r);
    (void)json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    fputc('\n', f);
    json_decref(o);
}

static void print_summary(const cbam_report *r)
{
    printf("CBAM receipt check, period %s: %zu lines, %zu scans\n", cli_safe(r->period), r->n_lines, r->n_scans);
    printf("  %-8s %-2s %-20s %12s %14s %8s %14s\n", "CN", "CC", "Installation", "Quantity", "Embedded tCO2e",
           "Actual%", "Certificates");
    for (size_t i = 0; i < r->n_groups; i++) {
        const cbam_group *g = &r->groups[i];
        printf("  %-8s %-2s %-20.20s %12.3f %14.3f %7.1f%% %14.3f\n", cli_safe(g->cn), cli_safe(g->origin),
               g->installation[0] ? cli_safe(g->installation) : "-", g->qty, g->embedded,
               g->embedded > 0 ? 100.0 * g->actual_verified / g->embedded : 0.0, g->certificates);
    }
    printf("  Year %d: CBAM factor %.3f, CSCF %.3f; de minimis %.0f t: %.3f t in scope%s\n", r->year, r->cbam_factor,
           r->cscf, r->de_minimis_t, r->de_minimis_mass, r->de_minimis_exempt ? ", EXEMPT (no certificates)" : "");
    printf("  Total without exceptions: %.3f tCO2e embedded, %.3f free allocation adjustment, %.3f tCO2e needing "
           "certificates (%zu %s)\n",
           r->counted.embedded, r->counted.faa, r->counted.certificates, r->counted.n_lines,
           r->counted.n_lines == 1 ? "line" : "lines");
    printf("  On default values:        %.3f tCO2e embedded, %.3f tCO2e needing certificates; actual data save "
           "%.3f certificates",
           r->counted.embedded_default, r->counted.certificates_default,
           r->counted.certificates_default - r->counted.certificates);
    if (r->has_cert_price)
        printf(" = %.2f EUR (%.2f against %.2f EUR)", r->counted.eur_default - r->counted.eur, r->counted.eur,
               r->counted.eur_default);
    printf("\n  Data basis:               %zu attested, %zu self-declared, %zu default\n", r->counted.n_attested,
           r->counted.n_self, r->counted.n_default);
    printf("  Total with exceptions:    %.3f tCO2e embedded (unverified figures included), %.3f t without any "
           "figures (%zu %s)\n",
           r->all.embedded, r->qty_no_figures, r->n_no_figures, r->n_no_figures == 1 ? "line" : "lines");
    /* A verified passport proves who declared the figures, not that they are
     * right: only a CBAM verifier's attestation vouches for them. */
    printf("  Self-declared:            %.3f of %.3f tCO2e counted (%zu %s) are the manufacturer's figures, no CBAM "
           "verifier attestation\n",
           r->counted.self_declared, r->counted.embedded, r->counted.n_self_declared,
           r->counted.n_self_declared == 1 ? "line" : "lines");
    for (size_t i = 0; i < r->n_lines; i++)
        if (cbam_status_is_exception(r->lines[i].status))
            printf("  EXCEPTION line %lu (CN %s, %s): %s: %s\n", r->lines[i].src_line, cli_safe(r->lines[i].cn),
                   cli_safe(r->lines[i].origin), cbam_status_name(r->lines[i].status), cli_safe(r->lines[i].reason));
    for (size_t i = 0; i < r->n_scans; i++)
        if (!r->scans[i].used)
            printf("  UNMATCHED SCAN %s: %s%s\n", cli_safe(r->scans[i].source),
                   r->scans[i].verified ? "verified, passport " : "not verified: ",
                   cli_safe(r->scans[i].verified ? r->scans[i].id_text : r->scans[i].message));
    printf(r->n_exceptions == 0 ? "ALL LINES BACKED\n" : "EXCEPTIONS: %zu\n", r->n_exceptions);
}

int cmd_cbam(int argc, char **argv)
{
    cli_args a;
    cli_trust_args ta;
    const char *arg, *lines_path = NULL, *scans_path = NULL, *period = NULL, *rates_path = NULL, *price_s = NULL;
    const char *at_s = NULL, *html = NULL, *csv = NULL, *json = NULL, *data_dir = NULL, *mass_s = NULL;
    cbam_data data;
    const char *images[CBAM_MAX_IMAGES];
    size_t n_images = 0, n_rates = 0;
    bool quiet = false;
    int64_t at = (int64_t)time(NULL);
    dpp_trust *trust = NULL;
    dpp_verified *v = NULL;
    dpp_unverified *u = NULL;
    cbam_rate *rates = NULL;
    cbam_report r;
    bool force = false;
    int id, rc = CLI_EX_OK;

    /* dpp cbam import|export: the communication template (cbam_xlsx.h) */
    if (argc > 0 && strcmp(argv[0], "import") == 0) return cmd_cbam_import(argc - 1, argv + 1);
    if (argc > 0 && strcmp(argv[0], "export") == 0) return cmd_cbam_export(argc - 1, argv + 1);
    memset(&r, 0, sizeof r);
    memset(&ta, 0, sizeof ta);
    memset(&data, 0, sizeof data);
    ta.grace = DPP_LIST_DEFAULT_GRACE_SECONDS;
    cli_args_init(&a, "cbam", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "cbam"); return CLI_EX_OK;
        case O_TRUST: rc = cli_trust_opt(&ta, "cbam", "trust", arg); if (rc) return rc; break;
        case O_OPERATOR: rc = cli_trust_opt(&ta, "cbam", "operator", arg); if (rc) return rc; break;
        case O_REVOCATIONS: rc = cli_trust_opt(&ta, "cbam", "revocations", arg); if (rc) return rc; break;
        case O_TRUST_LIST: rc = cli_trust_opt(&ta, "cbam", "trust-list", arg); if (rc) return rc; break;
        case O_SCHEME_REVOCATIONS:
            rc = cli_trust_opt(&ta, "cbam", "scheme-revocations", arg);
            if (rc) return rc;
            break;
        case O_LINES: lines_path = arg; break;
        case O_SCANS: scans_path = arg; break;
        case O_IMAGE:
            if (n_images == CBAM_MAX_IMAGES) return cli_usage_err("cbam", "--image: at most %d", CBAM_MAX_IMAGES);
            images[n_images++] = arg;
            break;
        case O_PERIOD: period = arg; break;
        case O_RATES: rates_path = arg; break;
        case O_CERT_PRICE: price_s = arg; break;
        case O_AT: at_s = arg; break;
        case O_OUT: html = arg; break;
        case O_CSV: csv = arg; break;
        case O_JSON: json = arg; break;
        case O_QUIET: quiet = true; break;
        case O_FORCE: force = true; break;
        case O_DATA: data_dir = arg; break;
        case O_ANNUAL_MASS: mass_s = arg; break;
        case 0: return cli_usage_err("cbam", "unexpected argument '%s'", arg);
        default: return -id;
        }
    }
    if (ta.n_trust + ta.n_trust_lists == 0)
        return cli_usage_err("cbam", "--trust FILE or --trust-list [NAME=]LIST,KEY is required");
    if (lines_path == NULL) return cli_usage_err("cbam", "--lines DECL.csv is required");
    if (scans_path == NULL && n_images == 0) return cli_usage_err("cbam", "--scans FILE or --image IMAGE is required");
    if (period == NULL || strlen(period) < 4 || strlen(period) > 16 || strspn(period, "0123456789-Q") != strlen(period))
        return cli_usage_err("cbam", "--period PERIOD is required, e.g. 2026 or 2026-Q1");
    if (at_s != NULL && cli_parse_time(at_s, at, &at) != 0)
        return cli_usage_err("cbam", "--at: '%s' is not an ISO 8601 time", at_s);
    if (price_s != NULL) {
        if (cbam_parse_amount(price_s, &r.cert_price) != 0 || r.cert_price <= 0)
            return cli_usage_err("cbam", "--certificate-price: '%s' is not a positive amount in EUR", price_s);
        r.has_cert_price = true;
    }
    if (mass_s != NULL) {
        if (cbam_parse_amount(mass_s, &r.de_minimis_mass) != 0)
            return cli_usage_err("cbam", "--annual-mass: '%s' is not a mass in tonnes", mass_s);
        r.has_annual_mass = true;
    }
    r.period = period;
    r.at = at;
    if (strspn(period, "0123456789") < 4)
        return cli_usage_err("cbam", "--period: '%s' does not start with a year", period);
    r.year = (period[0] - '0') * 1000 + (period[1] - '0') * 100 + (period[2] - '0') * 10 + (period[3] - '0');
    if (r.year < 2026 || r.year > 2100)
        return cli_usage_err("cbam", "--period: %d is not a year of the definitive period (2026 on)", r.year);
    if (data_dir == NULL) data_dir = getenv("DPP_CBAM_DATA");
    if (data_dir == NULL || data_dir[0] == '\0') data_dir = DPP_CBAM_DATA_DIR;
    rc = cbam_data_load(data_dir, &data);
    if (rc != CLI_EX_OK) {
        cli_err("cbam: the CBAM data (benchmarks, default values, factors) are not in %s: give --cbam-data DIR "
                "(the source tree's data/cbam)", data_dir);
        return rc;
    }
    {
        const cbam_factor *f = cbam_factor_for(&data, "cbam_factor", "", r.year);
        const cbam_factor *c = cbam_factor_for(&data, "cscf", "", r.year);
        const cbam_factor *m = cbam_factor_for(&data, "de_minimis_t", "", r.year);
        if (f == NULL || c == NULL || m == NULL) {
            cli_err_at(data_dir, 0, "factors.csv has no %s for %d", f == NULL ? "cbam_factor" : c == NULL ? "cscf"
                                                                                             : "de_minimis_t", r.year);
            cbam_data_free(&data);
            return CLI_EX_NOINPUT;
        }
        r.cbam_factor = f->value;
        r.cbam_factor_source = f->source;
        r.cscf = c->value;
        r.cscf_source = c->source;
        r.de_minimis_t = m->value;
        r.de_minimis_source = m->source;
        r.data_dir = data.dir;
    }

    rc = cbam_read_lines(lines_path, &r);
    if (rc != CLI_EX_OK) goto done;
    rates = cli_xmalloc(CBAM_MAX_RATES * sizeof *rates);
    if (rates_path != NULL) {
        rc = cbam_read_rates(rates_path, rates, &n_rates);
        if (rc != CLI_EX_OK) goto done;
    }
    rc = cli_trust_build(&ta, "cbam", at, &trust);
    if (rc != CLI_EX_OK) goto done;
    v = cli_xmalloc(sizeof *v);
    u = cli_xmalloc(sizeof *u);
    r.scans = cli_xmalloc(CBAM_MAX_SCANS * sizeof *r.scans);
    if (scans_path != NULL) {
        rc = read_scans(scans_path, &r, trust, at, v, u);
        if (rc != CLI_EX_OK) goto done;
    }
    for (size_t i = 0; i < n_images; i++) {
        char *text = NULL;
        size_t tl = 0;
        cbam_scan *sc;
        rc = cli_image_qr(images[i], &text, &tl);
        if (rc != CLI_EX_OK) goto done;
        if (r.n_scans == CBAM_MAX_SCANS) {
            free(text);
            cli_err_at(images[i], 0, "more than %u scans", CBAM_MAX_SCANS);
            rc = CLI_EX_NOINPUT;
            goto done;
        }
        sc = &r.scans[r.n_scans++];
        memset(sc, 0, sizeof *sc);
        (void)snprintf(sc->source, sizeof sc->source, "%.79s", images[i]);
        check_scan(sc, text, tl, trust, at, v, u);
        free(text);
    }
    for (size_t i = 0; i < r.n_lines; i++) cbam_assess_line(&r, &r.lines[i], rates, n_rates);
    cbam_aggregate(&r, &data);

    /* Every report file is checked before any is written. */
    if ((json != NULL && (rc = cli_output_check(json, force ? CLI_W_FORCE : 0)) != CLI_EX_OK) ||
        (csv != NULL && (rc = cli_output_check(csv, force ? CLI_W_FORCE : 0)) != CLI_EX_OK) ||
        (html != NULL && (rc = cli_output_check(html, force ? CLI_W_FORCE : 0)) != CLI_EX_OK))
        goto done;
    if (json != NULL) {
        rc = write_out(json, json_render, &r, force ? CLI_W_FORCE : 0);
        if (rc != CLI_EX_OK) goto done;
    }
    if (csv != NULL) {
        rc = write_out(csv, cbam_report_csv, &r, force ? CLI_W_FORCE : 0);
        if (rc != CLI_EX_OK) goto done;
    }
    if (html != NULL) {
        rc = write_out(html, cbam_report_html, &r, force ? CLI_W_FORCE : 0);
        if (rc != CLI_EX_OK) goto done;
    }
    if (!quiet && !(json != NULL && strcmp(json, "-") == 0)) print_summary(&r);
    rc = r.n_exceptions == 0 ? CLI_EX_OK : CLI_EX_INVALID;
done:
    free(v);
    free(u);
    free(rates);
    free(r.lines);
    free(r.scans);
    free(r.groups);
    cbam_data_free(&data);
    dpp_trust_free(trust);
    return rc;
}
