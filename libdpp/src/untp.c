/* SPDX-License-Identifier: Apache-2.0 */
/*
 * UNTP Digital Product Passport 0.6.1 (dpp_untp.h), with jansson: a verified
 * passport out as a UNTP credential, a UNTP credential in as a passport.
 * spec/untp.md is the mapping table; keep the two in step.
 *
 * Export truthfulness: a claim gets a conformityEvidence only when the
 * verification result says a verified attestation covers it
 * (dpp_claim_attested_by()); the export re-decodes the original text and
 * refuses it unless it carries the verified passport, so the digest and the
 * link in the credential point at the proof of what the credential says.
 *
 * Memory: jansson allocates the document trees; they are freed before
 * return. Threads: no state is kept between calls.
 */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "diag.h"
#include "dpp/dpp_digest.h"
#include "dpp/dpp_encode.h"
#include "dpp/dpp_untp.h"
#include "timeutil.h"

#define UNTP_CONTEXT_VC "https://www.w3.org/ns/credentials/v2"
#define UNTP_CONTEXT_DPP "https://test.uncefact.org/vocabulary/untp/dpp/" DPP_UNTP_VERSION "/"
#define UNTP_CONTEXT_DPP_06 "https://test.uncefact.org/vocabulary/untp/dpp/0.6."
#define UNTP_GS1_DL "https://id.gs1.org"
#define UNTP_CAS_ID "https://commonchemistry.cas.org/detail?cas_rn="
#define UNTP_CAS_SCHEME "CAS Registry Number"
#define UNTP_LINK_TYPE "urn:dpp:link-type:signed-passport"
#define UNTP_DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
#define UNTP_TEXT_LEN 640

size_t dpp_untp_max_input(void) { return DPP_UNTP_MAX_INPUT; }
size_t dpp_untp_max_output(void) { return DPP_UNTP_MAX_OUTPUT; }

/* ------------------------------------------------------------------------ */
/* Shared helpers                                                           */
/* ------------------------------------------------------------------------ */

static void hex(const uint8_t *p, size_t n, char *out)
{
    static const char k[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = k[p[i] >> 4];
        out[2 * i + 1] = k[p[i] & 15];
    }
    out[2 * n] = '\0';
}

/* Percent-encodes s[0, n) into a fresh string: RFC 3986 unreserved
 * characters and the ones in keep stay, every other byte becomes %HH. */
static char *pct(const char *s, size_t n, const char *keep)
{
    static const char k[] = "0123456789ABCDEF";
    char *o = malloc(3 * n + 1), *w = o;
    if (o == NULL) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~' || (c != 0 && strchr(keep, c) != NULL)) {
            *w++ = (char)c;
        } else {
            *w++ = '%';
            *w++ = k[c >> 4];
            *w++ = k[c & 15];
        }
    }
    *w = '\0';
    return o;
}

/* ------------------------------------------------------------------------ */
/* Export: passport -> UNTP credential                                      */
/* ------------------------------------------------------------------------ */

typedef struct ux {
    const dpp_passport *p;
    const dpp_claims *c;
    const dpp_verified *v; /* NULL: not verified */
    char uuid[37];
    char cred_id[48];
    char *orig_uri; /* the signed original as a URI */
    char cose_hex[65];
    bool oom;
} ux;

static json_t *chk(ux *x, json_t *j)
{
    if (j == NULL) x->oom = true;
    return j;
}

static void put(ux *x, json_t *o, const char *k, json_t *v)
{
    if (v == NULL) {
        x->oom = true;
        return;
    }
    if (json_object_set_new(o, k, v) != 0) x->oom = true;
}

static void add(ux *x, json_t *a, json_t *v)
{
    if (v == NULL) {
        x->oom = true;
        return;
    }
    if (json_array_append_new(a, v) != 0) x->oom = true;
}

static void put_str(ux *x, json_t *o, const char *k, const char *s)
{
    if (s != NULL && s[0] != '\0') put(x, o, k, json_string(s));
}

static json_t *types(ux *x, const char *a, const char *b)
{
    json_t *t = chk(x, json_array());
    if (t == NULL) return NULL;
    add(x, t, json_string(a));
    if (b != NULL) add(x, t, json_string(b));
    return t;
}

/* A decimal as a JSON number (IEEE double, written with 15 significant digits). */
static json_t *num(ux *x, dpp_decimal d)
{
    char buf[32];
    if (dpp_decimal_format(d, buf, sizeof buf) == 0) return chk(x, json_real(0));
    return chk(x, json_real(strtod(buf, NULL)));
}

static void put_date(ux *x, json_t *o, const char *k, dpp_date d)
{
    char buf[11];
    if (dpp_date_format(d, buf, sizeof buf) != 0) put(x, o, k, json_string(buf));
}

static json_t *measure(ux *x, dpp_decimal d, const char *unit)
{
    json_t *m = chk(x, json_object());
    if (m == NULL) return NULL;
    put(x, m, "value", num(x, d));
    put(x, m, "unit", json_string(unit));
    return m;
}

static void metric(ux *x, json_t *arr, const char *name, dpp_decimal d, const char *unit)
{
    json_t *m = chk(x, json_object());
    if (m == NULL) return;
    put(x, m, "metricName", json_string(name));
    put(x, m, "metricValue", measure(x, d, unit));
    add(x, arr, m);
}

/* The URI of a party or facility identifier: GS1 Digital Link for a GLN
 * (AI 417 for a party, 414 for a location), else a dpp URN. */
static json_t *id_uri(ux *x, const dpp_identifier *id, const char *gln_ai, const char *kind, const char *fallback)
{
    char buf[300];
    char *enc;
    if (id->scheme[0] == '\0') {
        enc = pct(fallback, strlen(fallback), "");
        if (enc == NULL) return chk(x, NULL);
        (void)snprintf(buf, sizeof buf, "urn:dpp:%s:name:%s", kind, enc);
    } else if (strcmp(id->scheme, "GLN") == 0) {
        enc = pct(id->value, strlen(id->value), "");
        if (enc == NULL) return chk(x, NULL);
        (void)snprintf(buf, sizeof buf, UNTP_GS1_DL "/%s/%s", gln_ai, enc);
    } else {
        enc = pct(id->value, strlen(id->value), "");
        if (enc == NULL) return chk(x, NULL);
        (void)snprintf(buf, sizeof buf, "urn:dpp:%s:%s:%s", kind, id->scheme, enc);
    }
    free(enc);
    return chk(x, json_string(buf));
}

static json_t *id_scheme(ux *x, const char *scheme)
{
    char buf[64];
    json_t *s = chk(x, json_object());
    if (s == NULL) return NULL;
    (void)snprintf(buf, sizeof buf, "urn:dpp:scheme:%s", scheme);
    put(x, s, "type", types(x, "IdentifierScheme", NULL));
    put(x, s, "id", json_string(buf));
    put(x, s, "name", json_string(scheme));
    return s;
}

static json_t *party(ux *x, const dpp_party *m)
{
    json_t *o = chk(x, json_object());
    if (o == NULL) return NULL;
    put(x, o, "id", id_uri(x, &m->operator_id, "417", "party", m->name));
    put(x, o, "name", json_string(m->name));
    if (m->operator_id.scheme[0] != '\0') {
        put(x, o, "registeredId", json_string(m->operator_id.value));
        put(x, o, "idScheme", id_scheme(x, m->operator_id.scheme));
    }
    /* UNTP 0.6.1 parties have no country; this member (allowed: the party
     * object is open) keeps the passport's required manufacturer country. */
    put(x, o, "addressCountry", json_string(m->country));
    return o;
}

static json_t *product(ux *x)
{
    const dpp_passport *p = x->p;
    json_t *o = chk(x, json_object());
    char buf[160];
    if (o == NULL) return NULL;
    put(x, o, "type", types(x, "Product", NULL));
    {
        char *b = pct(p->batch, strlen(p->batch), ""), *s = pct(p->serial, strlen(p->serial), "");
        if (b != NULL && s != NULL) {
            (void)snprintf(buf, sizeof buf, UNTP_GS1_DL "/01/%s%s%s%s%s", p->gtin, b[0] ? "/10/" : "", b,
                           s[0] ? "/21/" : "", s);
            put(x, o, "id", json_string(buf));
        } else {
            x->oom = true;
        }
        free(b);
        free(s);
    }
    put(x, o, "name", json_string(p->name));
    put(x, o, "registeredId", json_string(p->gtin));
    {
        json_t *s = chk(x, json_object());
        if (s != NULL) {
            put(x, s, "type", types(x, "IdentifierScheme", NULL));
            put(x, s, "id", json_string(UNTP_GS1_DL "/01/"));
            put(x, s, "name", json_string("Global Trade Item Number (GTIN)"));
            put(x, o, "idScheme", s);
        }
    }
    put_str(x, o, "batchNumber", p->batch);
    if (p->category[0] != '\0') {
        json_t *a = chk(x, json_array()), *c = chk(x, json_object());
        char *enc = pct(p->category, strlen(p->category), "");
        if (a != NULL && c != NULL && enc != NULL) {
            (void)snprintf(buf, sizeof buf, "urn:dpp:category:%s", enc);
            put(x, c, "type", types(x, "Classification", NULL));
            put(x, c, "id", json_string(buf));
            put(x, c, "name", json_string(p->category));
            add(x, a, c);
            c = NULL;
            put(x, o, "productCategory", a);
            a = NULL;
        } else {
            x->oom = true;
        }
        json_decref(a);
        json_decref(c);
        free(enc);
    }
    {
        /* The signed original: the offline proof of everything below. */
        json_t *a = chk(x, json_array()), *l = chk(x, json_object());
        char name[200];
        if (a != NULL && l != NULL) {
            (void)snprintf(name, sizeof name, "Signed passport (COSE_Sign1, SHA-256 %s)%s", x->cose_hex,
                           x->v != NULL ? ": the offline proof of this credential"
                                        : ": NOT VERIFIED by the exporter");
            put(x, l, "type", types(x, "Link", NULL));
            put(x, l, "linkURL", json_string(x->orig_uri));
            put(x, l, "linkName", json_string(name));
            put(x, l, "linkType", json_string(UNTP_LINK_TYPE));
            add(x, a, l);
            l = NULL;
            put(x, o, "furtherInformation", a);
            a = NULL;
        } else {
            x->oom = true;
        }
        json_decref(a);
        json_decref(l);
    }
    put(x, o, "producedByParty", party(x, &p->manufacturer));
    if (p->has_facility) {
        json_t *f = chk(x, json_object());
        if (f != NULL) {
            put(x, f, "id", id_uri(x, &p->facility.id, "414", "facility", ""));
            put(x, f, "name", json_string(p->facility.name[0] ? p->facility.name : p->facility.id.value));
            put(x, f, "registeredId", json_string(p->facility.id.value));
            put(x, f, "idScheme", id_scheme(x, p->facility.id.scheme));
            put(x, o, "producedAtFacility", f);
        }
    }
    if (p->has_production_date) put_date(x, o, "productionDate", p->production_date);
    if (p->has_cbam) put_str(x, o, "countryOfProduction", p->cbam.origin);
    put_str(x, o, "serialNumber", p->serial);
    return o;
}

/* Who vouches for claim: the sentence the claim's description ends with,
 * and the attestation's index (-1: none). */
static int vouch(const ux *x, unsigned claim, char *out, size_t cap)
{
    int i;
    char kid[2 * DPP_KID_LEN + 1];
    if (x->v == NULL) {
        (void)snprintf(out, cap, "NOT VERIFIED: the signature and trust of the passport were not checked.");
        return -1;
    }
    i = dpp_claim_attested_by(x->v, claim);
    if (i < 0) {
        (void)snprintf(out, cap, "Self-declared by the signer of the passport; no third-party attestation.");
        return -1;
    }
    hex(x->v->attesters[i].kid, DPP_KID_LEN, kid);
    (void)snprintf(out, cap, "Attested by %s (%s, %s key %s); the attestation in the signed passport verified.",
                   x->v->attesters[i].party.name[0] ? x->v->attesters[i].party.name : "a pinned key",
                   dpp_role_name(x->v->attesters[i].role) ? dpp_role_name(x->v->attesters[i].role) : "?",
                   dpp_key_source_name(x->v->attesters[i].source), kid);
    return i;
}

static void claim_footprint(ux *x, json_t *cl, char *what, size_t cap)
{
    const dpp_footprint *f = &x->p->footprint;
    char a[11], b[11], unit[24];
    json_t *vals = chk(x, json_array());
    if (vals == NULL) return;
    (void)dpp_date_format(f->period_start, a, sizeof a);
    (void)dpp_date_format(f->period_end, b, sizeof b);
    (void)snprintf(what, cap, "Product carbon footprint per %s, %s, %s, reference period %s to %s; the passport states '%s'.",
                   f->declared_unit, dpp_boundary_name(f->boundary) ? dpp_boundary_name(f->boundary) : "?",
                   dpp_method_name(f->method) ? dpp_method_name(f->method) : "?", a, b,
                   dpp_verification_name(f->verification) ? dpp_verification_name(f->verification) : "?");
    (void)snprintf(unit, sizeof unit, "kgCO2e/%s", f->declared_unit);
    metric(x, vals, "Carbon footprint", f->total, unit);
    for (size_t i = 0; i < f->n_stages && i < DPP_MAX_STAGES; i++) {
        char name[64];
        (void)snprintf(name, sizeof name, "Carbon footprint: %s",
                       dpp_stage_kind_name(f->stages[i].stage) ? dpp_stage_kind_name(f->stages[i].stage) : "?");
        metric(x, vals, name, f->stages[i].value, unit);
    }
    if (f->has_primary_share) metric(x, vals, "Primary data share", f->primary_share, "C62");
    if (f->has_electricity_ef) metric(x, vals, "Electricity emission factor", f->electricity_ef, "kgCO2e/KWH");
    put(x, cl, "declaredValue", vals);
}

static void claim_materials(ux *x, json_t *cl, char *what, size_t cap)
{
    json_t *vals = chk(x, json_array());
    if (vals == NULL) return;
    (void)snprintf(what, cap, "Material composition: %zu materials (materialsProvenance).", x->p->n_materials);
    for (size_t i = 0; i < x->p->n_materials && i < DPP_MAX_MATERIALS; i++) {
        const dpp_material *m = &x->p->materials[i];
        char name[DPP_MAX_NAME + 32];
        /* The renewable share has no member in a UNTP Material: here only. */
        if (m->has_renewable_share) {
            (void)snprintf(name, sizeof name, "Renewable share: %s", m->name);
            metric(x, vals, name, m->renewable_share, "C62");
        }
        if (m->has_recycled_share) {
            (void)snprintf(name, sizeof name, "Recycled share: %s", m->name);
            metric(x, vals, name, m->recycled_share, "C62");
        }
    }
    if (json_array_size(vals) > 0) put(x, cl, "declaredValue", vals);
    else json_decref(vals);
}

static void claim_cert(ux *x, json_t *cl, size_t i, char *what, size_t cap)
{
    const dpp_certification *c = &x->p->certifications[i];
    char from[11] = "", until[11] = "";
    if (c->has_valid_from) (void)dpp_date_format(c->valid_from, from, sizeof from);
    if (c->has_valid_until) (void)dpp_date_format(c->valid_until, until, sizeof until);
    (void)snprintf(what, cap, "%s certificate %s issued by %s%s%s%s%s%s%s.", c->scheme, c->certificate_id, c->issuer,
                   from[0] ? ", valid from " : "", from, until[0] ? ", valid until " : "", until,
                   c->scope[0] ? ", scope: " : "", c->scope);
    if (c->has_valid_from) put_date(x, cl, "assessmentDate", c->valid_from);
}

static void claim_cbam(ux *x, json_t *cl, char *what, size_t cap)
{
    const dpp_cbam *c = &x->p->cbam;
    const char *unit = c->see_unit[0] ? c->see_unit : "tCO2e/t";
    json_t *vals = chk(x, json_array()), *reg = chk(x, json_object()), *adm = chk(x, json_object());
    if (vals == NULL || reg == NULL || adm == NULL) {
        json_decref(vals);
        json_decref(reg);
        json_decref(adm);
        return;
    }
    (void)snprintf(what, cap, "CBAM (Regulation (EU) 2023/956) embedded emissions of CN %s, origin %s, %s values%s%s%s%s%s%s.",
                   c->cn_code, c->origin, dpp_cbam_method_name(c->method) ? dpp_cbam_method_name(c->method) : "?",
                   c->route[0] ? ", route " : "", c->route, c->installation_id[0] ? ", installation " : "",
                   c->installation_id, c->has_installation ? ", " : "",
                   c->has_installation ? c->installation.name : "");
    metric(x, vals, "Specific embedded emissions, direct", c->see_direct, unit);
    if (c->has_see_indirect) metric(x, vals, "Specific embedded emissions, indirect", c->see_indirect, unit);
    if (c->has_see_total) metric(x, vals, "Specific embedded emissions, total", c->see_total, unit);
    if (c->has_default_share) metric(x, vals, "Share based on default values", c->default_share, "C62");
    if (c->has_electricity) metric(x, vals, "Electricity consumed", c->electricity, "MWh/t");
    if (c->has_electricity_ef) metric(x, vals, "Electricity emission factor", c->electricity_ef, "tCO2e/MWh");
    for (size_t i = 0; i < c->n_precursors && i < DPP_MAX_PRECURSORS; i++) {
        char name[64];
        (void)snprintf(name, sizeof name, "Precursor CN %s, direct", c->precursors[i].cn_code);
        metric(x, vals, name, c->precursors[i].see_direct, "tCO2e/t");
    }
    if (c->has_carbon_price) {
        char name[80];
        (void)snprintf(name, sizeof name, "Carbon price due (%s)",
                       dpp_price_instrument_name(c->carbon_price_instrument)
                           ? dpp_price_instrument_name(c->carbon_price_instrument)
                           : "?");
        metric(x, vals, name, c->carbon_price, c->carbon_price_currency);
        if (c->has_effective_price) metric(x, vals, "Effective carbon price due", c->effective_price, c->carbon_price_currency);
    }
    put(x, cl, "declaredValue", vals);
    put(x, reg, "type", types(x, "Regulation", NULL));
    put(x, reg, "id", json_string("https://eur-lex.europa.eu/eli/reg/2023/956/oj"));
    put(x, reg, "name", json_string("Regulation (EU) 2023/956 (Carbon Border Adjustment Mechanism)"));
    put(x, adm, "id", json_string("https://taxation-customs.ec.europa.eu/carbon-border-adjustment-mechanism_en"));
    put(x, adm, "name", json_string("European Commission"));
    put(x, reg, "administeredBy", adm);
    put(x, cl, "referenceRegulation", reg);
}

typedef enum { K_PLAIN, K_FOOTPRINT, K_MATERIALS, K_CERT, K_CBAM } claim_kind;

static void one_claim(ux *x, json_t *arr, unsigned claim, const char *frag, const char *topic, claim_kind kind,
                      size_t index, const char *plain)
{
    json_t *cl = chk(x, json_object());
    char id[96], what[UNTP_TEXT_LEN], who[300], desc[UNTP_TEXT_LEN + 300];
    int att;
    if (cl == NULL) return;
    what[0] = '\0';
    (void)snprintf(id, sizeof id, "%s#%s", x->cred_id, frag);
    put(x, cl, "type", types(x, "Claim", "Declaration"));
    put(x, cl, "id", json_string(id));
    switch (kind) {
    case K_FOOTPRINT: claim_footprint(x, cl, what, sizeof what); break;
    case K_MATERIALS: claim_materials(x, cl, what, sizeof what); break;
    case K_CERT: claim_cert(x, cl, index, what, sizeof what); break;
    case K_CBAM: claim_cbam(x, cl, what, sizeof what); break;
    case K_PLAIN: (void)snprintf(what, sizeof what, "%s", plain); break;
    }
    att = vouch(x, claim, who, sizeof who);
    (void)snprintf(desc, sizeof desc, "%s %s", what, who);
    put(x, cl, "description", json_string(desc));
    put(x, cl, "conformance", json_true());
    put(x, cl, "conformityTopic", json_string(topic));
    if (att >= 0) {
        json_t *ev = chk(x, json_object());
        char name[DPP_MAX_NAME + 80];
        if (ev != NULL) {
            (void)snprintf(name, sizeof name, "Third-party attestation by %s inside the signed passport",
                           x->v->attesters[att].party.name[0] ? x->v->attesters[att].party.name : "a pinned key");
            put(x, ev, "type", types(x, "SecureLink", "Link"));
            put(x, ev, "linkURL", json_string(x->orig_uri));
            put(x, ev, "linkName", json_string(name));
            put(x, ev, "linkType", json_string(UNTP_LINK_TYPE));
            put(x, ev, "hashDigest", json_string(x->cose_hex));
            put(x, ev, "hashMethod", json_string("SHA-256"));
            put(x, ev, "encryptionMethod", json_string("none"));
            put(x, cl, "conformityEvidence", ev);
        }
    }
    add(x, arr, cl);
}

static json_t *claims(ux *x)
{
    const dpp_passport *p = x->p;
    uint32_t mask = dpp_passport_claim_mask(p);
    json_t *a = chk(x, json_array());
    if (a == NULL) return NULL;
    one_claim(x, a, DPP_CLAIM_IDENTITY, "identity", "governance.transparency", K_PLAIN, 0,
              "Product identity: GTIN, batch, serial, name, category and production date.");
    one_claim(x, a, DPP_CLAIM_MANUFACTURER, "manufacturer", "governance.transparency", K_PLAIN, 0,
              "Manufacturer: name, country and identifier (producedByParty).");
    if (mask & DPP_CLAIM_BIT(DPP_CLAIM_FACILITY))
        one_claim(x, a, DPP_CLAIM_FACILITY, "facility", "governance.transparency", K_PLAIN, 0,
                  "Production facility (producedAtFacility).");
    if (mask & DPP_CLAIM_BIT(DPP_CLAIM_MATERIALS))
        one_claim(x, a, DPP_CLAIM_MATERIALS, "materials", "circularity.content", K_MATERIALS, 0, NULL);
    if (mask & DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT))
        one_claim(x, a, DPP_CLAIM_FOOTPRINT, "footprint", "environment.emissions", K_FOOTPRINT, 0, NULL);
    for (size_t i = 0; i < p->n_certifications && i < DPP_MAX_CERTIFICATIONS; i++) {
        char frag[24];
        (void)snprintf(frag, sizeof frag, "certification-%zu", i);
        one_claim(x, a, DPP_CLAIM_CERTIFICATION_0 + (unsigned)i, frag, "governance.compliance", K_CERT, i, NULL);
    }
    if (mask & DPP_CLAIM_BIT(DPP_CLAIM_CBAM))
        one_claim(x, a, DPP_CLAIM_CBAM, "cbam", "environment.emissions", K_CBAM, 0, NULL);
    if (mask & DPP_CLAIM_BIT(DPP_CLAIM_EXTENSIONS))
        one_claim(x, a, DPP_CLAIM_EXTENSIONS, "extensions", "governance.transparency", K_PLAIN, 0,
                  "Extension data (not mapped to UNTP members; read it from the signed passport).");
    return a;
}

static json_t *materials(ux *x)
{
    json_t *a = chk(x, json_array());
    if (a == NULL) return NULL;
    for (size_t i = 0; i < x->p->n_materials && i < DPP_MAX_MATERIALS; i++) {
        const dpp_material *m = &x->p->materials[i];
        json_t *o = chk(x, json_object());
        if (o == NULL) break;
        put(x, o, "type", types(x, "Material", NULL));
        put(x, o, "name", json_string(m->name));
        put_str(x, o, "originCountry", m->origin);
        if (m->cas[0] != '\0') {
            json_t *t = chk(x, json_object());
            char id[80];
            if (t != NULL) {
                (void)snprintf(id, sizeof id, UNTP_CAS_ID "%s", m->cas);
                put(x, t, "type", types(x, "Classification", NULL));
                put(x, t, "id", json_string(id));
                put(x, t, "code", json_string(m->cas));
                put(x, t, "name", json_string(m->name));
                put(x, t, "schemeID", json_string("https://commonchemistry.cas.org/"));
                put(x, t, "schemeName", json_string(UNTP_CAS_SCHEME));
                put(x, o, "materialType", t);
            }
        }
        if (m->has_mass_fraction) put(x, o, "massFraction", num(x, m->mass_fraction));
        if (m->has_mass) put(x, o, "mass", measure(x, m->mass, m->mass_unit));
        if (m->has_recycled_share) put(x, o, "recycledMassFraction", num(x, m->recycled_share));
        put(x, o, "hazardous", json_boolean(m->hazardous));
        add(x, a, o);
    }
    return a;
}

static json_t *credential(ux *x, const char *issuer_id)
{
    const dpp_passport *p = x->p;
    json_t *o = chk(x, json_object()), *iss, *cs, *ctx;
    char buf[DPP_TIME_ISO_LEN], kid[2 * DPP_KID_LEN + 1], iid[64];
    if (o == NULL) return NULL;
    put(x, o, "type", types(x, "DigitalProductPassport", "VerifiableCredential"));
    ctx = chk(x, json_array());
    if (ctx != NULL) {
        add(x, ctx, json_string(UNTP_CONTEXT_VC));
        add(x, ctx, json_string(UNTP_CONTEXT_DPP));
        put(x, o, "@context", ctx);
    }
    put(x, o, "id", json_string(x->cred_id));
    iss = chk(x, json_object());
    if (iss != NULL) {
        const char *name = p->manufacturer.name;
        if (x->v != NULL && x->v->signer.source != DPP_SOURCE_PINNED && x->v->signer.party.name[0] != '\0')
            name = x->v->signer.party.name;
        hex(x->c->kid, DPP_KID_LEN, kid);
        (void)snprintf(iid, sizeof iid, "urn:dpp:kid:%s", kid);
        put(x, iss, "type", types(x, "CredentialIssuer", NULL));
        put(x, iss, "id", json_string(issuer_id != NULL && issuer_id[0] != '\0' ? issuer_id : iid));
        put(x, iss, "name", json_string(name));
        put(x, o, "issuer", iss);
    }
    put(x, o, "validFrom", json_string(dpp_time_iso(x->c->iat, buf)));
    if (x->c->has_exp) put(x, o, "validUntil", json_string(dpp_time_iso(x->c->exp, buf)));
    cs = chk(x, json_object());
    if (cs != NULL) {
        put(x, cs, "type", types(x, "ProductPassport", NULL));
        put(x, cs, "product", product(x));
        put(x, cs, "granularityLevel",
            json_string(p->serial[0] ? "item" : p->batch[0] ? "batch" : "model"));
        put(x, cs, "conformityClaim", claims(x));
        if (p->has_footprint && p->footprint.has_primary_share &&
            (p->footprint.boundary == DPP_BOUNDARY_CRADLE_TO_GATE ||
             p->footprint.boundary == DPP_BOUNDARY_CRADLE_TO_GRAVE)) {
            json_t *e = chk(x, json_object());
            if (e != NULL) {
                put(x, e, "type", types(x, "EmissionsPerformance", NULL));
                put(x, e, "carbonFootprint", num(x, p->footprint.total));
                put(x, e, "declaredUnit", json_string(p->footprint.declared_unit));
                put(x, e, "operationalScope",
                    json_string(p->footprint.boundary == DPP_BOUNDARY_CRADLE_TO_GATE ? "CradleToGate"
                                                                                      : "CradleToGrave"));
                put(x, e, "primarySourcedRatio", num(x, p->footprint.primary_share));
                put(x, cs, "emissionsScorecard", e);
            }
        }
        if (p->n_materials > 0) put(x, cs, "materialsProvenance", materials(x));
        put(x, o, "credentialSubject", cs);
    }
    return o;
}

static bool issuer_ok(const char *s)
{
    size_t n = strlen(s), i = 0;
    if (n > DPP_UNTP_MAX_ISSUER_ID) return false;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (i > 0 && s[i] >= '0' && s[i] <= '9'))) i++;
    if (i == 0 || i >= n || s[i] != ':' || i + 1 == n) return false;
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f) return false;
    return true;
}

static dpp_err export_common(const dpp_passport *p, const dpp_claims *c, const dpp_verified *v, const char *original,
                             size_t original_len, const char *issuer_id, char *out, size_t out_cap, size_t *out_len,
                             dpp_diag *diag)
{
    dpp_unverified *u = NULL;
    uint8_t *cose = NULL, *cb1 = NULL, *cb2 = NULL, digest[32];
    size_t cose_len = 0, n1 = 0, n2 = 0, start = 0, tlen;
    json_t *doc = NULL;
    char *s = NULL;
    dpp_err err;
    ux x;

    if (out_len != NULL) *out_len = 0;
    if (out != NULL && out_cap > 0) out[0] = '\0';
    dpp_diag_clear(diag);
    if (out_len == NULL || original == NULL || (out == NULL && out_cap != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out_len and original must not be NULL");
    if (issuer_id != NULL && issuer_id[0] != '\0' && !issuer_ok(issuer_id))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                            "issuer_id: not a URI of printable ASCII with a scheme (e.g. did:web:example.com), "
                            "at most %zu bytes",
                            (size_t)DPP_UNTP_MAX_ISSUER_ID);
    memset(&x, 0, sizeof x);
    x.p = p;
    x.c = c;
    x.v = v;
    tlen = dpp_text_trim(original, original_len, &start);

    /* The original must carry exactly this passport, key id and iat. */
    u = malloc(sizeof *u);
    cose = malloc(DPP_MAX_COSE_LEN);
    cb1 = malloc(DPP_MAX_COSE_LEN);
    cb2 = malloc(DPP_MAX_COSE_LEN);
    if (u == NULL || cose == NULL || cb1 == NULL || cb2 == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    err = dpp_inspect(original, original_len, u, diag);
    if (err != DPP_OK) goto done;
    err = dpp_cose_from_text(original, original_len, cose, DPP_MAX_COSE_LEN, &cose_len, diag);
    if (err != DPP_OK) goto done;
    if (dpp_passport_to_cbor(p, cb1, DPP_MAX_COSE_LEN, &n1, NULL) != DPP_OK ||
        dpp_passport_to_cbor(&u->passport_unverified, cb2, DPP_MAX_COSE_LEN, &n2, NULL) != DPP_OK || n1 != n2 ||
        memcmp(cb1, cb2, n1) != 0 || memcmp(c->kid, u->claims_unverified.kid, DPP_KID_LEN) != 0 ||
        c->iat != u->claims_unverified.iat) {
        err = dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                           "original: not the signed text the passport was read from (passport, kid or iat differ)");
        goto done;
    }
    err = dpp_sha256(cose, cose_len, digest);
    if (err != DPP_OK) {
        (void)dpp_diag_set(diag, err, SIZE_MAX, "SHA-256 failed");
        goto done;
    }
    hex(digest, 32, x.cose_hex);
    dpp_uuid_format(p->id, x.uuid);
    (void)snprintf(x.cred_id, sizeof x.cred_id, "urn:uuid:%s", x.uuid);
    if (dpp_form_of(original + start, tlen) == DPP_FORM_LINK) {
        x.orig_uri = malloc(tlen + 1);
        if (x.orig_uri != NULL) {
            memcpy(x.orig_uri, original + start, tlen);
            x.orig_uri[tlen] = '\0';
        }
    } else {
        char *enc = pct(original + start, tlen, ":");
        if (enc != NULL) {
            size_t n = strlen(enc) + 32;
            x.orig_uri = malloc(n);
            if (x.orig_uri != NULL) (void)snprintf(x.orig_uri, n, "data:text/plain;charset=utf-8,%s", enc);
            free(enc);
        }
    }
    if (x.orig_uri == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    doc = credential(&x, issuer_id);
    if (doc != NULL && !x.oom) s = json_dumps(doc, UNTP_DUMP_FLAGS);
    if (s == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory building the UNTP credential");
        goto done;
    }
    n1 = strlen(s);
    if (n1 > DPP_UNTP_MAX_OUTPUT) {
        err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "UNTP credential: %zu bytes, over the %zu-byte limit",
                           n1, (size_t)DPP_UNTP_MAX_OUTPUT);
        goto done;
    }
    if (out == NULL) {
        *out_len = n1;
    } else if (out_cap < n1 + 1) {
        err = dpp_diag_set(diag, DPP_ERR_BUFFER_TOO_SMALL, SIZE_MAX, "out: %zu bytes needed, %zu given", n1 + 1,
                           out_cap);
    } else {
        memcpy(out, s, n1 + 1);
        *out_len = n1;
    }
done:
    free(s);
    json_decref(doc);
    free(x.orig_uri);
    free(u);
    free(cose);
    free(cb1);
    free(cb2);
    return err;
}

dpp_err dpp_untp_export(const dpp_verified *v, const char *original, size_t original_len, const char *issuer_id,
                        char *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    if (v == NULL) {
        if (out_len != NULL) *out_len = 0;
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "v must not be NULL");
    }
    return export_common(&v->passport, &v->claims, v, original, original_len, issuer_id, out, out_cap, out_len,
                         diag);
}

dpp_err dpp_untp_export_unverified(const dpp_unverified *u, const char *original, size_t original_len,
                                   const char *issuer_id, char *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    if (u == NULL) {
        if (out_len != NULL) *out_len = 0;
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "u must not be NULL");
    }
    return export_common(&u->passport_unverified, &u->claims_unverified, NULL, original, original_len, issuer_id,
                         out, out_cap, out_len, diag);
}

/* ------------------------------------------------------------------------ */
/* Import: UNTP credential -> passport                                      */
/* ------------------------------------------------------------------------ */

typedef struct ui {
    dpp_diag_list *dropped;
    dpp_diag *diag;
    dpp_err err; /* first failure */
} ui;

/* Path of member k (or element i when k is NULL) of the member at base. */
static void sub_path(char *out, size_t cap, const char *base, const char *k, size_t i)
{
    char q[DPP_DIAG_QUOTE_CAP];
    if (k == NULL) (void)snprintf(out, cap, "%s[%zu]", base, i);
    else if (base[0] == '\0') (void)snprintf(out, cap, "%s", dpp_diag_quote(q, sizeof q, k, strlen(k)));
    else (void)snprintf(out, cap, "%s.%s", base, dpp_diag_quote(q, sizeof q, k, strlen(k)));
}

static void drop(ui *u, const char *path, const char *why)
{
    dpp_diag *d;
    if (u->dropped == NULL) return;
    u->dropped->total++;
    if (u->dropped->count >= u->dropped->cap) return;
    d = &u->dropped->items[u->dropped->count++];
    (void)dpp_diag_set(d, DPP_ERR_SCHEMA_UNKNOWN_FIELD, SIZE_MAX, "%s: not carried: %s", path, why);
    dpp_diag_set_path(d, path);
}

/* Fails the import (first failure wins): field is the passport field, src
 * the UNTP member. */
static void fail(ui *u, dpp_err err, const char *field, const char *src, const char *fmt, ...) DPP_PRINTF(5, 6);
static void fail(ui *u, dpp_err err, const char *field, const char *src, const char *fmt, ...)
{
    char why[200];
    va_list ap;
    if (u->err != DPP_OK) return;
    va_start(ap, fmt);
    (void)vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    u->err = dpp_diag_set(u->diag, err, SIZE_MAX, "%s: %s (UNTP %s)", field, why, src);
    dpp_diag_set_path(u->diag, field);
}

/* Lists every member of o not named in known (NULL-terminated) as dropped,
 * with why. */
static void drop_others(ui *u, json_t *o, const char *base, const char *const *known, const char *why)
{
    const char *k;
    json_t *val;
    char path[DPP_DIAG_PATH_LEN];
    json_object_foreach(o, k, val) {
        bool hit = false;
        (void)val;
        for (size_t i = 0; known[i] != NULL && !hit; i++) hit = strcmp(known[i], k) == 0;
        if (hit) continue;
        sub_path(path, sizeof path, base, k, 0);
        drop(u, path, why);
    }
}

/* Member k of o as an object/array/string; NULL if absent; a failure if
 * present with another type. */
static json_t *get(ui *u, json_t *o, const char *k, const char *base, json_type want, const char *field)
{
    json_t *v = o != NULL ? json_object_get(o, k) : NULL;
    char path[DPP_DIAG_PATH_LEN];
    if (v == NULL) return NULL;
    if (json_typeof(v) != want && !(want == JSON_REAL && json_is_number(v)) &&
        !(want == JSON_TRUE && json_is_boolean(v))) {
        static const char *const names[] = {"an object", "an array", "a string", "a number", "a number",
                                            "a boolean", "a boolean", "null"};
        sub_path(path, sizeof path, base, k, 0);
        fail(u, DPP_ERR_SCHEMA_TYPE, field, path, "must be %s", names[want]);
        return NULL;
    }
    return v;
}

/* Copies string member k of o into dst[cap + 1]; false if absent or failed. */
static bool get_text(ui *u, json_t *o, const char *k, const char *base, const char *field, char *dst, size_t cap)
{
    json_t *v = get(u, o, k, base, JSON_STRING, field);
    char path[DPP_DIAG_PATH_LEN];
    size_t n;
    if (v == NULL) return false;
    n = json_string_length(v);
    if (n > cap || memchr(json_string_value(v), 0, n) != NULL) {
        sub_path(path, sizeof path, base, k, 0);
        fail(u, DPP_ERR_SCHEMA_RANGE, field, path, "%zu bytes, more than the %zu the passport holds (or a NUL)", n,
             cap);
        return false;
    }
    memcpy(dst, json_string_value(v), n);
    dst[n] = '\0';
    return true;
}

/* A JSON number as an exact decimal of at most 15 significant digits. */
static bool num_to_dec(json_t *j, dpp_decimal *out)
{
    if (json_is_integer(j)) {
        json_int_t i = json_integer_value(j);
        if (i > DPP_DECIMAL_MAX_MANTISSA || i < -DPP_DECIMAL_MAX_MANTISSA) return false;
        out->mantissa = (int64_t)i;
        out->exponent = 0;
        return true;
    } else {
        double d = json_real_value(j);
        char buf[40], *e;
        int64_t m = 0;
        long ex;
        bool neg;
        if (!isfinite(d)) return false;
        if (d == 0) {
            out->mantissa = 0;
            out->exponent = 0;
            return true;
        }
        (void)snprintf(buf, sizeof buf, "%.14e", d); /* [-]d.ddddddddddddddde[+-]XX */
        neg = buf[0] == '-';
        e = strchr(buf, 'e');
        if (e == NULL) return false;
        for (const char *q = buf + (neg ? 1 : 0); q < e; q++)
            if (*q >= '0' && *q <= '9') m = m * 10 + (*q - '0');
        ex = strtol(e + 1, NULL, 10) - 14;
        while (m % 10 == 0 && ex < 0) {
            m /= 10;
            ex++;
        }
        while (ex > 0) {
            if (m > DPP_DECIMAL_MAX_MANTISSA / 10) return false;
            m *= 10;
            ex--;
        }
        if (ex < DPP_DECIMAL_MIN_EXPONENT) return false;
        out->mantissa = neg ? -m : m;
        out->exponent = (int8_t)ex;
        return true;
    }
}

static bool get_dec(ui *u, json_t *o, const char *k, const char *base, const char *field, dpp_decimal *dst)
{
    json_t *v = get(u, o, k, base, JSON_REAL, field);
    char path[DPP_DIAG_PATH_LEN];
    if (v == NULL) return false;
    if (!num_to_dec(v, dst)) {
        sub_path(path, sizeof path, base, k, 0);
        fail(u, DPP_ERR_SCHEMA_RANGE, field, path, "not a number the passport's decimals hold");
        return false;
    }
    return true;
}

/* GS1 Digital Link path value of ai ("/01/", "/10/", "/21/") in uri,
 * percent-decoded into out[cap + 1]; false if absent or malformed. */
static bool dl_value(const char *uri, const char *ai, char *out, size_t cap)
{
    const char *s = strstr(uri, ai), *e;
    size_t n = 0;
    if (s == NULL) return false;
    s += strlen(ai);
    e = s + strcspn(s, "/?#");
    for (const char *q = s; q < e; q++) {
        unsigned c = (unsigned char)*q;
        if (c == '%') {
            unsigned hv = 0;
            for (int i = 1; i <= 2; i++) {
                char h = q[i];
                hv <<= 4;
                if (h >= '0' && h <= '9') hv |= (unsigned)(h - '0');
                else if (h >= 'A' && h <= 'F') hv |= (unsigned)(h - 'A' + 10);
                else if (h >= 'a' && h <= 'f') hv |= (unsigned)(h - 'a' + 10);
                else return false;
            }
            c = hv;
            q += 2;
        }
        if (n >= cap || c == 0) return false;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return n > 0;
}

static void import_party(ui *u, json_t *prod, json_t *issuer, const char *country, dpp_passport *p)
{
    static const char *const known[] = {"id", "name", "registeredId", "idScheme", "addressCountry", NULL};
    const char *base = "credentialSubject.product.producedByParty";
    json_t *pb = get(u, prod, "producedByParty", "credentialSubject.product", JSON_OBJECT, "manufacturer");
    char scheme[64] = "";
    if (pb != NULL) {
        json_t *is = get(u, pb, "idScheme", base, JSON_OBJECT, "manufacturer.operator_id");
        (void)get_text(u, pb, "name", base, "manufacturer.name", p->manufacturer.name, DPP_MAX_NAME);
        (void)get_text(u, pb, "addressCountry", base, "manufacturer.country", p->manufacturer.country, 2);
        if (is != NULL && json_is_string(json_object_get(is, "name")) &&
            json_string_length(json_object_get(is, "name")) < sizeof scheme)
            (void)snprintf(scheme, sizeof scheme, "%s", json_string_value(json_object_get(is, "name")));
        if (json_object_get(pb, "registeredId") != NULL) {
            if (dpp_code_scheme(scheme, strlen(scheme))) {
                (void)snprintf(p->manufacturer.operator_id.scheme, sizeof p->manufacturer.operator_id.scheme, "%.16s",
                               scheme);
                (void)get_text(u, pb, "registeredId", base, "manufacturer.operator_id.value",
                               p->manufacturer.operator_id.value, DPP_MAX_ID);
            } else {
                drop(u, "credentialSubject.product.producedByParty.registeredId",
                     "its idScheme.name is not an identifier scheme code ([A-Z0-9-]{1,16}, e.g. EORI, GLN, LEI)");
            }
        }
        if (json_object_get(pb, "id") != NULL)
            drop(u, "credentialSubject.product.producedByParty.id", "the passport keeps the identifier, not its URI");
        drop_others(u, pb, base, known, "no passport field");
    }
    if (p->manufacturer.name[0] == '\0')
        (void)get_text(u, issuer, "name", "issuer", "manufacturer.name", p->manufacturer.name, DPP_MAX_NAME);
    if (p->manufacturer.name[0] == '\0' && u->err == DPP_OK)
        fail(u, DPP_ERR_SCHEMA_MISSING, "manufacturer.name", "credentialSubject.product.producedByParty.name",
             "missing (and issuer.name too)");
    if (p->manufacturer.country[0] == '\0')
        (void)get_text(u, prod, "countryOfProduction", "credentialSubject.product", "manufacturer.country",
                       p->manufacturer.country, 2);
    if (p->manufacturer.country[0] == '\0' && country != NULL)
        (void)snprintf(p->manufacturer.country, sizeof p->manufacturer.country, "%.2s", country);
    if (p->manufacturer.country[0] == '\0' && u->err == DPP_OK)
        fail(u, DPP_ERR_SCHEMA_MISSING, "manufacturer.country", "credentialSubject.product.countryOfProduction",
             "missing: UNTP parties have no country; give producedByParty.addressCountry, countryOfProduction "
             "or a default country");
}

static void import_facility(ui *u, json_t *prod, dpp_passport *p)
{
    static const char *const known[] = {"id", "name", "registeredId", "idScheme", NULL};
    const char *base = "credentialSubject.product.producedAtFacility";
    json_t *f = get(u, prod, "producedAtFacility", "credentialSubject.product", JSON_OBJECT, "facility");
    json_t *is, *nm;
    if (f == NULL) return;
    is = get(u, f, "idScheme", base, JSON_OBJECT, "facility.id.scheme");
    nm = is != NULL ? json_object_get(is, "name") : NULL;
    if (nm == NULL || !json_is_string(nm) || !dpp_code_scheme(json_string_value(nm), json_string_length(nm)) ||
        json_object_get(f, "registeredId") == NULL) {
        drop(u, base, "a passport facility needs an identifier: registeredId with idScheme.name a scheme code "
                      "([A-Z0-9-]{1,16}, e.g. GLN)");
        return;
    }
    p->has_facility = true;
    (void)snprintf(p->facility.id.scheme, sizeof p->facility.id.scheme, "%.16s", json_string_value(nm));
    (void)get_text(u, f, "registeredId", base, "facility.id.value", p->facility.id.value, DPP_MAX_ID);
    (void)get_text(u, f, "name", base, "facility.name", p->facility.name, DPP_MAX_NAME);
    /* The export writes the identifier as the (required) name of a facility
     * without one: read that back as no name. */
    if (strcmp(p->facility.name, p->facility.id.value) == 0) p->facility.name[0] = '\0';
    if (json_object_get(f, "id") != NULL)
        drop(u, "credentialSubject.product.producedAtFacility.id", "the passport keeps the identifier, not its URI");
    drop_others(u, f, base, known, "no passport field");
}

static void import_material(ui *u, json_t *m, const char *base, const char *field, dpp_material *d)
{
    static const char *const known[] = {"type", "name", "originCountry", "massFraction", "mass",
                                        "recycledMassFraction", "hazardous", "materialType", NULL};
    char f[64], path[DPP_DIAG_PATH_LEN];
    json_t *v;
    (void)snprintf(f, sizeof f, "%s.name", field);
    if (!get_text(u, m, "name", base, f, d->name, DPP_MAX_NAME) && u->err == DPP_OK) {
        sub_path(path, sizeof path, base, "name", 0);
        fail(u, DPP_ERR_SCHEMA_MISSING, f, path, "missing");
    }
    (void)snprintf(f, sizeof f, "%s.origin", field);
    (void)get_text(u, m, "originCountry", base, f, d->origin, 2);
    (void)snprintf(f, sizeof f, "%s.mass_fraction", field);
    d->has_mass_fraction = get_dec(u, m, "massFraction", base, f, &d->mass_fraction);
    (void)snprintf(f, sizeof f, "%s.recycled_share", field);
    d->has_recycled_share = get_dec(u, m, "recycledMassFraction", base, f, &d->recycled_share);
    v = get(u, m, "hazardous", base, JSON_TRUE, field);
    d->hazardous = v != NULL && json_is_true(v);
    sub_path(path, sizeof path, base, "mass", 0);
    v = get(u, m, "mass", base, JSON_OBJECT, field);
    if (v != NULL) {
        (void)snprintf(f, sizeof f, "%s.mass", field);
        d->has_mass = get_dec(u, v, "value", path, f, &d->mass);
        (void)snprintf(f, sizeof f, "%s.mass_unit", field);
        (void)get_text(u, v, "unit", path, f, d->mass_unit, DPP_MAX_UNIT);
    }
    sub_path(path, sizeof path, base, "materialType", 0);
    v = get(u, m, "materialType", base, JSON_OBJECT, field);
    if (v != NULL) {
        json_t *sn = json_object_get(v, "schemeName");
        if (sn != NULL && json_is_string(sn) && strcmp(json_string_value(sn), UNTP_CAS_SCHEME) == 0) {
            (void)snprintf(f, sizeof f, "%s.cas", field);
            (void)get_text(u, v, "code", path, f, d->cas, sizeof d->cas - 1);
        } else {
            drop(u, path, "only a CAS Registry Number classification (schemeName \"" UNTP_CAS_SCHEME "\") maps");
        }
    }
    drop_others(u, m, base, known, "no passport field");
}

static void import_subject(ui *u, json_t *cs, json_t *issuer, const char *country, dpp_passport *p)
{
    static const char *const known_prod[] = {"type", "id", "name", "registeredId", "idScheme", "batchNumber",
                                             "serialNumber", "productCategory", "productionDate", "producedByParty",
                                             "producedAtFacility", "countryOfProduction", NULL};
    const char *pb = "credentialSubject.product";
    json_t *prod = get(u, cs, "product", "credentialSubject", JSON_OBJECT, "name");
    json_t *v;
    char gtin[64] = "", path[DPP_DIAG_PATH_LEN];
    int got = 0, want = 0;

    if (prod == NULL) {
        fail(u, DPP_ERR_SCHEMA_MISSING, "gtin", pb, "missing: the credential names no product");
        return;
    }
    /* GTIN: the product's GS1 Digital Link, else a GTIN registeredId. */
    v = get(u, prod, "id", pb, JSON_STRING, "gtin");
    if (v == NULL || !dl_value(json_string_value(v), "/01/", gtin, sizeof gtin - 1)) {
        json_t *r = get(u, prod, "registeredId", pb, JSON_STRING, "gtin");
        if (r != NULL && json_string_length(r) < sizeof gtin)
            (void)snprintf(gtin, sizeof gtin, "%s", json_string_value(r));
    }
    if (gtin[0] == '\0') {
        fail(u, DPP_ERR_SCHEMA_MISSING, "gtin", "credentialSubject.product.id",
             "missing: product.id is no GS1 Digital Link with /01/ and registeredId is no GTIN");
        return;
    }
    {
        dpp_err e = dpp_gtin_normalize(gtin, strlen(gtin), p->gtin, &got, &want);
        if (e == DPP_ERR_SCHEMA_CHECK_DIGIT)
            fail(u, e, "gtin", "credentialSubject.product.id", "check digit %d, expected %d", got, want);
        else if (e != DPP_OK) fail(u, e, "gtin", "credentialSubject.product.id", "not a GTIN-8, -12, -13 or -14");
    }
    if (!get_text(u, prod, "name", pb, "name", p->name, DPP_MAX_NAME) && u->err == DPP_OK)
        fail(u, DPP_ERR_SCHEMA_MISSING, "name", "credentialSubject.product.name", "missing");
    if (!get_text(u, prod, "batchNumber", pb, "batch", p->batch, DPP_MAX_BATCH) && v != NULL)
        (void)dl_value(json_string_value(v), "/10/", p->batch, DPP_MAX_BATCH);
    if (!get_text(u, prod, "serialNumber", pb, "serial", p->serial, DPP_MAX_SERIAL) && v != NULL)
        (void)dl_value(json_string_value(v), "/21/", p->serial, DPP_MAX_SERIAL);
    v = get(u, prod, "productCategory", pb, JSON_ARRAY, "category");
    if (v != NULL && json_array_size(v) > 0) {
        json_t *c0 = json_array_get(v, 0);
        if (!json_is_object(c0)) {
            fail(u, DPP_ERR_SCHEMA_TYPE, "category", "credentialSubject.product.productCategory[0]",
                 "must be an object");
        } else {
            (void)get_text(u, c0, "name", "credentialSubject.product.productCategory[0]", "category", p->category,
                           DPP_MAX_CATEGORY);
            for (size_t i = 1; i < json_array_size(v) && i < DPP_UNTP_MAX_ARRAY; i++) {
                sub_path(path, sizeof path, "credentialSubject.product.productCategory", NULL, i);
                drop(u, path, "the passport has one category (the first classification's name)");
            }
        }
    }
    v = get(u, prod, "productionDate", pb, JSON_STRING, "production_date");
    if (v != NULL) {
        if (dpp_date_parse(json_string_value(v), json_string_length(v), &p->production_date) != DPP_OK)
            fail(u, DPP_ERR_SCHEMA_FORMAT, "production_date", "credentialSubject.product.productionDate",
                 "not a date YYYY-MM-DD in 1970..9999");
        else p->has_production_date = true;
    }
    import_party(u, prod, issuer, country, p);
    import_facility(u, prod, p);
    if (json_object_get(prod, "id") != NULL)
        drop(u, "credentialSubject.product.id", "rebuilt from the GTIN, batch and serial");
    drop_others(u, prod, pb, known_prod, "no passport field");

    v = get(u, cs, "materialsProvenance", "credentialSubject", JSON_ARRAY, "materials");
    if (v != NULL) {
        size_t n = json_array_size(v);
        for (size_t i = 0; i < n && i < DPP_UNTP_MAX_ARRAY && u->err == DPP_OK; i++) {
            json_t *m = json_array_get(v, i);
            char field[32];
            sub_path(path, sizeof path, "credentialSubject.materialsProvenance", NULL, i);
            if (i >= DPP_MAX_MATERIALS) {
                drop(u, path, "the passport holds at most 16 materials");
                continue;
            }
            (void)snprintf(field, sizeof field, "materials[%zu]", i);
            if (!json_is_object(m)) {
                fail(u, DPP_ERR_SCHEMA_TYPE, field, path, "must be an object");
                break;
            }
            import_material(u, m, path, field, &p->materials[p->n_materials++]);
        }
        if (n > DPP_UNTP_MAX_ARRAY) drop(u, "credentialSubject.materialsProvenance", "elements past 256 not read");
    }
    {
        static const char *const why_cs[][2] = {
            {"conformityClaim", "UNTP claims are not passport data (a certification needs its certificate id and "
                                "issuer; footprint and CBAM figures need their method and period)"},
            {"emissionsScorecard", "a passport footprint needs a method, reference period and verification status "
                                   "UNTP 0.6.1 does not give"},
            {"id", "the passport id comes from the credential id"},
            {"granularityLevel", "follows from the batch and serial"},
        };
        for (size_t i = 0; i < sizeof why_cs / sizeof why_cs[0]; i++)
            if (json_object_get(cs, why_cs[i][0]) != NULL) {
                sub_path(path, sizeof path, "credentialSubject", why_cs[i][0], 0);
                drop(u, path, why_cs[i][1]);
            }
    }
    {
        static const char *const known2[] = {"type", "product", "materialsProvenance", "conformityClaim",
                                             "emissionsScorecard", "id", "granularityLevel", NULL};
        drop_others(u, cs, "credentialSubject", known2, "no passport field");
    }
}

static bool has_str(json_t *arr, const char *s, size_t prefix)
{
    size_t i;
    json_t *e;
    if (json_is_string(arr)) return prefix ? strncmp(json_string_value(arr), s, prefix) == 0
                                           : strcmp(json_string_value(arr), s) == 0;
    if (!json_is_array(arr)) return false;
    json_array_foreach(arr, i, e) {
        if (i >= DPP_UNTP_MAX_ARRAY) break;
        if (json_is_string(e) && (prefix ? strncmp(json_string_value(e), s, prefix) == 0
                                         : strcmp(json_string_value(e), s) == 0))
            return true;
    }
    return false;
}

dpp_err dpp_untp_import(const char *json, size_t json_len, const char *country, dpp_passport *out,
                        dpp_diag_list *dropped, dpp_diag *diag)
{
    json_error_t je;
    json_t *root = NULL, *v, *cs, *issuer;
    ui u;
    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (dropped != NULL) {
        dropped->count = 0;
        dropped->total = 0;
        if (dropped->items == NULL && dropped->cap > 0)
            return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "dropped: items is NULL with cap > 0");
    }
    if (out == NULL || (json == NULL && json_len > 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out must not be NULL, json not NULL");
    if (country != NULL && !dpp_code_country(country, strlen(country)))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "country: not an ISO 3166-1 alpha-2 code");
    if (json_len > DPP_UNTP_MAX_INPUT)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "UNTP credential: %zu bytes, over the %zu-byte limit",
                            json_len, (size_t)DPP_UNTP_MAX_INPUT);
    u.dropped = dropped;
    u.diag = diag;
    u.err = DPP_OK;
    root = json_loadb(json != NULL ? json : "", json_len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        u.err = dpp_diag_set(diag, DPP_ERR_JSON_SYNTAX, (size_t)je.position, "UNTP credential: %s", je.text);
        if (diag != NULL) {
            diag->line = je.line > 0 ? (size_t)je.line : 0;
            diag->column = je.column > 0 ? (size_t)je.column : 0;
        }
        goto done;
    }
    if (!json_is_object(root)) {
        u.err = dpp_diag_set(diag, DPP_ERR_SCHEMA_TYPE, SIZE_MAX, "UNTP credential: not a JSON object");
        goto done;
    }
    v = json_object_get(root, "type");
    if (has_str(v, "EnvelopedVerifiableCredential", 0)) {
        u.err = dpp_diag_set(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX,
                             "type: an enveloped (JWT) credential; decode its payload first");
        goto done;
    }
    if (!has_str(v, "DigitalProductPassport", 0)) {
        u.err = dpp_diag_set(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, "type: not a UNTP DigitalProductPassport");
        goto done;
    }
    if (!has_str(json_object_get(root, "@context"), UNTP_CONTEXT_DPP_06, strlen(UNTP_CONTEXT_DPP_06))) {
        u.err = dpp_diag_set(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX,
                             "@context: no UNTP DPP 0.6 context (%s...); other versions are not read",
                             UNTP_CONTEXT_DPP_06);
        goto done;
    }
    /* Passport id: the credential's urn:uuid, else derived from its id. */
    v = get(&u, root, "id", "", JSON_STRING, "id");
    if (v == NULL) {
        fail(&u, DPP_ERR_SCHEMA_MISSING, "id", "id", "missing: the credential has no id");
        goto done;
    }
    {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (!(n == 45 && strncmp(s, "urn:uuid:", 9) == 0 && dpp_uuid_parse(s + 9, 36, out->id))) {
            uint8_t d[32];
            if (dpp_sha256((const uint8_t *)s, n, d) != DPP_OK) {
                u.err = dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "SHA-256 failed");
                goto done;
            }
            memcpy(out->id, d, 16);
            out->id[6] = (uint8_t)((out->id[6] & 0x0f) | 0x80); /* UUID version 8 */
            out->id[8] = (uint8_t)((out->id[8] & 0x3f) | 0x80); /* RFC 9562 variant */
        }
    }
    issuer = get(&u, root, "issuer", "", JSON_OBJECT, "manufacturer");
    cs = get(&u, root, "credentialSubject", "", JSON_OBJECT, "name");
    if (u.err != DPP_OK) goto done;
    if (cs == NULL) {
        fail(&u, DPP_ERR_SCHEMA_MISSING, "gtin", "credentialSubject", "missing: the credential has no subject");
        goto done;
    }
    import_subject(&u, cs, issuer, country, out);
    if (u.err != DPP_OK) goto done;
    if (issuer != NULL) drop(&u, "issuer", "the passport's signer is the key that signs it");
    if (json_object_get(root, "validFrom") != NULL)
        drop(&u, "validFrom", "the passport's signing time (iat) is set when it is signed");
    if (json_object_get(root, "validUntil") != NULL)
        drop(&u, "validUntil", "an expiry (exp) is chosen when the passport is signed");
    {
        static const char *const known2[] = {"type", "@context", "id", "issuer", "credentialSubject", "validFrom",
                                             "validUntil", NULL};
        drop_others(&u, root, "", known2, "no passport field");
    }
    u.err = dpp_passport_validate(out, diag);
done:
    json_decref(root);
    if (u.err != DPP_OK) memset(out, 0, sizeof *out);
    return u.err;
}
