/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: signers, claims, revocations and check statuses
 * as JSON and as text for people (shared by verify, inspect, cbam, ...). */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

json_t *cli_signer_json(const dpp_signer_info *s)
{
    char kid[2 * DPP_KID_LEN + 1];
    json_t *o = json_object();
    const char *role = dpp_role_name(s->role), *src = dpp_key_source_name(s->source);
    cli_hex(s->kid, DPP_KID_LEN, kid);
    json_object_set_new(o, "source", src != NULL ? json_string(src) : json_null());
    json_object_set_new(o, "role", role != NULL ? json_string(role) : json_null());
    json_object_set_new(o, "kid", json_string(kid));
    if (s->scheme[0] != '\0') {
        char opk[2 * DPP_KID_LEN + 1];
        cli_hex(s->scheme_operator, DPP_KID_LEN, opk);
        json_object_set_new(o, "scheme", cli_json_text(s->scheme));
        json_object_set_new(o, "scheme_operator", json_string(opk));
    }
    if (s->party.name[0] != '\0') {
        json_t *p = json_object();
        json_object_set_new(p, "name", cli_json_text(s->party.name));
        json_object_set_new(p, "country", cli_json_text(s->party.country));
        if (s->party.operator_id.scheme[0] != '\0') {
            json_t *id = json_object();
            json_object_set_new(id, "scheme", cli_json_text(s->party.operator_id.scheme));
            json_object_set_new(id, "value", cli_json_text(s->party.operator_id.value));
            json_object_set_new(p, "operator_id", id);
        }
        json_object_set_new(o, "party", p);
    } else {
        json_object_set_new(o, "party", json_null());
    }
    return o;
}

json_t *cli_claims_mask_json(uint32_t mask)
{
    json_t *a = json_array();
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++)
        if ((mask & DPP_CLAIM_BIT(c)) != 0 && dpp_claim_name(c) != NULL) json_array_append_new(a, json_string(dpp_claim_name(c)));
    return a;
}

void cli_claims_mask_text(uint32_t mask, char *out, size_t cap)
{
    size_t o = 0;
    if (cap == 0) return;
    out[0] = '\0';
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++) {
        int n;
        if ((mask & DPP_CLAIM_BIT(c)) == 0 || dpp_claim_name(c) == NULL) continue;
        n = snprintf(out + o, cap - o, "%s%s", o == 0 ? "" : ", ", dpp_claim_name(c));
        if (n < 0 || (size_t)n >= cap - o) break;
        o += (size_t)n;
    }
}

void cli_uuid_text(const uint8_t id[16], char out[37])
{
    char hex[33];
    cli_hex(id, 16, hex);
    (void)snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

json_t *cli_claims_json(const dpp_claims *c)
{
    char t[40], kid[2 * DPP_KID_LEN + 1];
    const char *alg = dpp_alg_name(c->alg);
    json_t *o = json_object();
    json_object_set_new(o, "iss", c->iss[0] != '\0' ? cli_json_text(c->iss) : json_null());
    json_object_set_new(o, "iat", json_integer((json_int_t)c->iat));
    cli_format_time(c->iat, t, sizeof t);
    json_object_set_new(o, "iat_utc", json_string(t));
    if (c->has_exp) {
        json_object_set_new(o, "exp", json_integer((json_int_t)c->exp));
        cli_format_time(c->exp, t, sizeof t);
        json_object_set_new(o, "exp_utc", json_string(t));
    } else {
        json_object_set_new(o, "exp", json_null());
        json_object_set_new(o, "exp_utc", json_null());
    }
    json_object_set_new(o, "alg", alg != NULL ? json_string(alg) : json_null());
    cli_hex(c->kid, DPP_KID_LEN, kid);
    json_object_set_new(o, "kid", json_string(kid));
    json_object_set_new(o, "compressed", json_boolean(c->compressed));
    json_object_set_new(o, "link_uri", c->has_link && c->link_uri[0] != '\0' ? cli_json_text(c->link_uri) : json_null());
    if (c->has_link_sha256) {
        char h[65];
        cli_hex(c->link_sha256, 32, h);
        json_object_set_new(o, "link_sha256", json_string(h));
    } else {
        json_object_set_new(o, "link_sha256", json_null());
    }
    json_object_set_new(o, "n_attestations", json_integer((json_int_t)c->n_attestations));
    json_object_set_new(o, "form", json_string(cli_form_name(c->form)));
    json_object_set_new(o, "resolver", c->resolver[0] != '\0' ? cli_json_text(c->resolver) : json_null());
    if (c->has_status) { /* CWT claim -266 (spec/trust.md 6.4): only when present */
        char id[2 * sizeof c->status_list_id + 1];
        json_t *st = json_object();
        cli_hex(c->status_list_id, sizeof c->status_list_id, id);
        json_object_set_new(st, "list_id", json_string(id));
        json_object_set_new(st, "index", json_integer((json_int_t)c->status_index));
        json_object_set_new(o, "status", st);
    }
    return o;
}

/* Case-insensitive comparison of ASCII (no locale). */
static int strncasecmp_ascii(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y || x == 0) return x - y;
    }
    return 0;
}

void cli_party_text(const dpp_signer_info *si, char *out, size_t cap)
{
    char kid[2 * DPP_KID_LEN + 1];
    cli_hex(si->kid, DPP_KID_LEN, kid);
    if (si->party.name[0] == '\0')
        (void)snprintf(out, cap, "%s key %s", dpp_key_source_name(si->source), kid);
    else if (si->party.country[0] == '\0')
        (void)snprintf(out, cap, "%s", si->party.name);
    else
        (void)snprintf(out, cap, "%s (%s)", si->party.name, si->party.country);
}

void cli_claim_provenance(const dpp_verified *v, unsigned claim, char *out, size_t cap)
{
    int i = v != NULL ? dpp_claim_attested_by(v, claim) : -1;
    char who[DPP_MAX_NAME + 80];
    if (v == NULL) {
        (void)snprintf(out, cap, "declared by the manufacturer, not verified");
    } else if (i < 0 || i >= DPP_MAX_ATTESTATIONS) {
        (void)snprintf(out, cap, "self-declared by the manufacturer, no attestation");
    } else {
        cli_party_text(&v->attesters[i], who, sizeof who);
        (void)snprintf(out, cap, "attested by %s", who);
    }
}

void cli_claim_provenance_json(json_t *o, const dpp_verified *v, unsigned claim)
{
    int i = dpp_claim_attested_by(v, claim);
    json_t *by = json_array();
    if (i >= 0 && i < DPP_MAX_ATTESTATIONS) json_array_append_new(by, cli_signer_json(&v->attesters[i]));
    json_object_set_new(o, "self_declared", json_boolean(json_array_size(by) == 0));
    json_object_set_new(o, "attested_by", by);
}

int cli_json_print(FILE *f, const json_t *v, bool indent)
{
    size_t flags = JSON_PRESERVE_ORDER | (indent ? JSON_INDENT(2) : JSON_COMPACT);
    if (json_dumpf(v, f, flags) != 0) return -1;
    fputc('\n', f);
    return 0;
}

const char *cli_form_name(dpp_form form) { return form == DPP_FORM_LINK ? "link" : "text"; }

void cli_link_hri(const char *link, size_t len, char *out, size_t cap)
{
    const char *hash = memchr(link, '#', len);
    size_t n = hash != NULL ? (size_t)(hash - link) : len, i = 0, o = 0, slashes = 0;
    if (cap == 0) return;
    if (n >= 8 && strncasecmp_ascii(link, "https://", 8) == 0) i = 8;
    for (; i < n && o + 1 < cap; i++) {
        char c = link[i];
        if (c == '/') slashes++;
        /* the host (before the first '/' after the scheme): lower case */
        if (slashes == 0 && c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        out[o++] = c;
    }
    out[o] = '\0';
}

const char *cli_status_human(dpp_check_status s)
{
    switch (s) {
    case DPP_CHECK_PASS: return "PASS";
    case DPP_CHECK_FAIL: return "FAIL";
    case DPP_CHECK_SKIPPED: return "SKIPPED";
    case DPP_CHECK_NOT_RUN: return "NOT RUN";
    }
    return "?";
}

const char *cli_status_json(dpp_check_status s)
{
    switch (s) {
    case DPP_CHECK_PASS: return "pass";
    case DPP_CHECK_FAIL: return "fail";
    case DPP_CHECK_SKIPPED: return "skipped";
    case DPP_CHECK_NOT_RUN: return "not_run";
    }
    return "?";
}

json_t *cli_revocation_json(const dpp_revocation *r, bool subject)
{
    json_t *o = json_object();
    char b[40];
    const char *kind = dpp_revocation_kind_name(r->kind), *reason = dpp_revocation_reason_name(r->reason);
    json_object_set_new(o, "kind", kind != NULL ? json_string(kind) : json_null());
    if (subject && r->kind == DPP_REVOKED_KEY) {
        cli_hex(r->kid, DPP_KID_LEN, b);
        json_object_set_new(o, "kid", json_string(b));
    } else if (subject && r->kind == DPP_REVOKED_PASSPORT) {
        cli_uuid_text(r->passport_id, b);
        json_object_set_new(o, "passport_id", json_string(b));
    } else if (subject && r->kind == DPP_REVOKED_HASHED) { /* compact list: the 64-bit hash */
        cli_hex(r->passport_id, 8, b);
        json_object_set_new(o, "hash", json_string(b));
    } else if (subject) {
        json_object_set_new(o, "gtin", cli_json_text(r->gtin));
        json_object_set_new(o, "batch", cli_json_text(r->batch));
    }
    json_object_set_new(o, "reason", reason != NULL ? json_string(reason) : json_null());
    json_object_set_new(o, "date", dpp_date_format(r->date, b, sizeof b) == 10 ? json_string(b) : json_null());
    return o;
}
