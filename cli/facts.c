/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: the key facts of a passport for people, and the
 * passport as JSON with who vouches for each claim. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

json_t *cli_passport_json(const dpp_passport *p)
{
    size_t need = 0;
    char *buf;
    json_t *v;
    if (dpp_passport_to_json(p, NULL, 0, &need, NULL) != DPP_OK) return NULL;
    buf = cli_xmalloc(need + 1);
    if (dpp_passport_to_json(p, buf, need + 1, &need, NULL) != DPP_OK) {
        free(buf);
        return NULL;
    }
    v = json_loadb(buf, need, 0, NULL);
    free(buf);
    return v;
}

/* Every fact is text from the passport or its signer: shown escaped. */
static void fact(FILE *f, const char *prefix, const char *label, const char *value)
{
    if (value == NULL || value[0] == '\0') return;
    fprintf(f, "%s%-14s ", prefix, label);
    cli_put_safe(f, value);
    fputc('\n', f);
}

void cli_passport_json_provenance(json_t *pj, const dpp_verified *v)
{
    json_t *fp = json_object_get(pj, "footprint"), *cb = json_object_get(pj, "cbam"),
           *certs = json_object_get(pj, "certifications"), *ce;
    size_t i;
    if (json_is_object(fp)) cli_claim_provenance_json(fp, v, DPP_CLAIM_FOOTPRINT);
    if (json_is_object(cb)) cli_claim_provenance_json(cb, v, DPP_CLAIM_CBAM);
    if (json_is_array(certs))
        json_array_foreach(certs, i, ce) {
            if (json_is_object(ce)) cli_claim_provenance_json(ce, v, DPP_CLAIM_CERTIFICATION_0 + (unsigned)i);
        }
}

void cli_print_facts(FILE *f, const char *prefix, const dpp_passport *p, const dpp_claims *c)
{
    cli_print_facts_ex(f, prefix, p, c, NULL);
}

/* The text forms of the passport's typed values (the same spellings as its
 * JSON form): a decimal, a date, an enumeration name ("?" if unknown). */
static const char *dec(dpp_decimal d, char *out, size_t cap)
{
    return dpp_decimal_format(d, out, cap) > 0 ? out : "?";
}

static const char *date_text(dpp_date d, char *out, size_t cap)
{
    return dpp_date_format(d, out, cap) > 0 ? out : "?";
}

static const char *name_or_q(const char *name) { return name != NULL ? name : "?"; }

static void print_manufacturer(FILE *f, const char *prefix, const dpp_party *m, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s (%s)", m->name[0] != '\0' ? m->name : "?", m->country[0] != '\0' ? m->country : "?");
    if ((m->operator_id.scheme[0] != '\0' || m->operator_id.value[0] != '\0') && n > 0 && (size_t)n < cap)
        (void)snprintf(buf + n, cap - (size_t)n, ", %s %s", m->operator_id.scheme, m->operator_id.value);
    fact(f, prefix, "Manufacturer", buf);
}

static void print_footprint(FILE *f, const char *prefix, const dpp_footprint *fp, const dpp_verified *v, char *buf,
                            size_t cap)
{
    char who[DPP_MAX_NAME + 120], total[32], d1[16], d2[16];
    /* "verification" is what the passport says, not a check: shown as
     * such, next to who actually vouches for the figure. */
    cli_claim_provenance(v, DPP_CLAIM_FOOTPRINT, who, sizeof who);
    (void)snprintf(buf, cap, "%s kgCO2e per %s (%s, %s, %s to %s; %s; the passport says '%s')",
                   dec(fp->total, total, sizeof total), fp->declared_unit[0] != '\0' ? fp->declared_unit : "?",
                   name_or_q(dpp_boundary_name(fp->boundary)), name_or_q(dpp_method_name(fp->method)),
                   date_text(fp->period_start, d1, sizeof d1), date_text(fp->period_end, d2, sizeof d2), who,
                   name_or_q(dpp_verification_name(fp->verification)));
    fact(f, prefix, "Footprint", buf);
}

static void print_cbam(FILE *f, const char *prefix, const dpp_cbam *cb, const dpp_verified *v, char *buf, size_t cap)
{
    char who[DPP_MAX_NAME + 120], x[32];
    const char *method = dpp_cbam_method_name(cb->method);
    int n = snprintf(buf, cap, "CN %s, origin %s, SEE direct %s tCO2e/t", cb->cn_code[0] ? cb->cn_code : "?",
                     cb->origin[0] ? cb->origin : "?", dec(cb->see_direct, x, sizeof x));
    if (cb->has_see_indirect && n > 0 && (size_t)n < cap)
        n += snprintf(buf + n, cap - (size_t)n, ", indirect %s", dec(cb->see_indirect, x, sizeof x));
    if (method != NULL && n > 0 && (size_t)n < cap) n += snprintf(buf + n, cap - (size_t)n, " (%s values)", method);
    cli_claim_provenance(v, DPP_CLAIM_CBAM, who, sizeof who);
    if (n > 0 && (size_t)n < cap) (void)snprintf(buf + n, cap - (size_t)n, "; %s", who);
    fact(f, prefix, "CBAM", buf);
}

void cli_print_facts_ex(FILE *f, const char *prefix, const dpp_passport *p, const dpp_claims *c, const dpp_verified *v)
{
    char who[DPP_MAX_NAME + 120];
    char buf[1024], t[40], kid[2 * DPP_KID_LEN + 1];

    fact(f, prefix, "Product", p->name);
    fact(f, prefix, "Category", p->category);
    fact(f, prefix, "GTIN", p->gtin);
    fact(f, prefix, "Batch", p->batch);
    fact(f, prefix, "Serial", p->serial);
    cli_uuid_text(p->id, t);
    fact(f, prefix, "Passport id", t);
    if (p->has_production_date) fact(f, prefix, "Produced", date_text(p->production_date, t, sizeof t));
    print_manufacturer(f, prefix, &p->manufacturer, buf, sizeof buf);
    if (p->has_facility) {
        (void)snprintf(buf, sizeof buf, "%s%s%s %s", p->facility.name, p->facility.name[0] != '\0' ? ", " : "",
                       p->facility.id.scheme, p->facility.id.value);
        fact(f, prefix, "Facility", buf);
    }
    if (p->n_materials > 0) {
        size_t o = 0;
        for (size_t i = 0; i < p->n_materials && i < DPP_MAX_MATERIALS; i++) {
            const char *name = p->materials[i].name[0] != '\0' ? p->materials[i].name : "?";
            int n = snprintf(buf + o, sizeof buf - o, "%s%s", i == 0 ? "" : ", ", name);
            if (n < 0 || (size_t)n >= sizeof buf - o) break;
            o += (size_t)n;
        }
        fact(f, prefix, "Materials", buf);
    }
    if (p->has_footprint) print_footprint(f, prefix, &p->footprint, v, buf, sizeof buf);
    if (p->has_cbam) print_cbam(f, prefix, &p->cbam, v, buf, sizeof buf);
    for (size_t i = 0; i < p->n_certifications && i < DPP_MAX_CERTIFICATIONS; i++) {
        const dpp_certification *ce = &p->certifications[i];
        char until[16] = "";
        cli_claim_provenance(v, DPP_CLAIM_CERTIFICATION_0 + (unsigned)i, who, sizeof who);
        if (ce->has_valid_until) (void)date_text(ce->valid_until, until, sizeof until);
        (void)snprintf(buf, sizeof buf, "%s %s by %s%s%s; %s", ce->scheme[0] ? ce->scheme : "?",
                       ce->certificate_id[0] ? ce->certificate_id : "?", ce->issuer[0] ? ce->issuer : "?",
                       ce->has_valid_until ? ", until " : "", until, who);
        fact(f, prefix, i == 0 ? "Certification" : "", buf);
    }
    if (c != NULL) {
        fact(f, prefix, "Issuer", c->iss);
        cli_format_time(c->iat, t, sizeof t);
        fact(f, prefix, "Issued", t);
        if (c->has_exp) cli_format_time(c->exp, t, sizeof t);
        fact(f, prefix, "Expires", c->has_exp ? t : "never (no exp claim)");
        cli_hex(c->kid, DPP_KID_LEN, kid);
        (void)snprintf(buf, sizeof buf, "%s, kid %s%s", dpp_alg_name(c->alg) ? dpp_alg_name(c->alg) : "?", kid,
                       c->compressed ? ", zlib-compressed" : "");
        fact(f, prefix, "Signature", buf);
        if (c->form == DPP_FORM_LINK)
            (void)snprintf(buf, sizeof buf, "link (GS1 Digital Link), signed resolver %s", c->resolver);
        else if (c->resolver[0] != '\0')
            (void)snprintf(buf, sizeof buf, "text (DPP1:), signed resolver %s ('dpp convert --to link')",
                           c->resolver);
        else
            (void)snprintf(buf, sizeof buf, "text (DPP1:), no resolver");
        fact(f, prefix, "Form", buf);
        if (c->has_link && c->link_uri[0] != '\0') {
            char h[65] = "";
            if (c->has_link_sha256) cli_hex(c->link_sha256, 32, h);
            (void)snprintf(buf, sizeof buf, "%s%s%s", c->link_uri, c->has_link_sha256 ? ", SHA-256 " : "", h);
            fact(f, prefix, "Full passport", buf);
        }
    }
}
