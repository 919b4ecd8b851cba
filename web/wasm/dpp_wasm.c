/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The WebAssembly module's exports (web/build.sh): a trust store, keys and
 * signed lists loaded into it, and dpp_verify. Each call returns JSON
 * (UTF-8, NUL-terminated, in a buffer that stays valid until the next
 * call); web/dpp.js turns it into the JavaScript API. Names are the C
 * library's: dpp_err_name, dpp_check_name, dpp_role_name, ...
 */
#include <emscripten.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpp/dpp.h"

/* the exports (called from JavaScript only) */
dpp_trust *dpp_wasm_trust_new(void);
void dpp_wasm_trust_free(dpp_trust *t);
const char *dpp_wasm_version(void);
const char *dpp_wasm_add_key(dpp_trust *t, const uint8_t *data, size_t len);
const char *dpp_wasm_pin_operator(dpp_trust *t, const uint8_t *data, size_t len);
const char *dpp_wasm_load_list(dpp_trust *t, const uint8_t *data, size_t len, int revocations, double now,
                               double min_sequence, double grace);
const char *dpp_wasm_verify(const dpp_trust *t, const char *text, size_t len, double now);
const char *dpp_wasm_add_crl(dpp_trust *t, const uint8_t *data, size_t len, double now);
const char *dpp_wasm_add_cert_chain(dpp_trust *t, const uint8_t *cert, size_t cert_len, const uint8_t *chain,
                                    size_t chain_len);
const char *dpp_wasm_scheme_pin_operator(dpp_trust *t, const uint8_t *name, size_t name_len, const uint8_t *data,
                                         size_t len);
const char *dpp_wasm_load_list_ex(dpp_trust *t, const uint8_t *data, size_t len, int kind, const uint8_t *name,
                                  size_t name_len, double now, double min_sequence, double grace);
const char *dpp_wasm_add_ca(dpp_trust *t, const uint8_t *data, size_t len);

static char *g_out;

static const char *emit(json_t *j)
{
    free(g_out);
    g_out = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return g_out != NULL ? g_out : "{\"error\":\"DPP_ERR_NO_MEMORY\",\"message\":\"out of memory\"}";
}

static json_t *str_or_null(const char *s) { return s != NULL && s[0] != '\0' ? json_string(s) : json_null(); }

static json_t *hex(const uint8_t *b, size_t n)
{
    char h[2 * 32 + 1];
    if (n > 32) n = 32;
    for (size_t i = 0; i < n; i++) snprintf(h + 2 * i, 3, "%02x", b[i]);
    h[2 * n] = '\0';
    return json_string(h);
}

/* {"error": name|null, "message", "path"} */
static json_t *result(dpp_err err, const dpp_diag *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "error", err == DPP_OK ? json_null() : json_string(dpp_err_name(err)));
    json_object_set_new(o, "message", json_string(err == DPP_OK ? "" : d->msg));
    json_object_set_new(o, "path", json_string(err == DPP_OK ? "" : d->path));
    return o;
}

static json_t *claim_names(uint32_t mask)
{
    json_t *a = json_array();
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++) {
        const char *n = (mask & DPP_CLAIM_BIT(c)) ? dpp_claim_name(c) : NULL;
        if (n != NULL) json_array_append_new(a, json_string(n));
    }
    return a;
}

static json_t *party(const dpp_party *p)
{
    json_t *o;
    if (p->name[0] == '\0' && p->country[0] == '\0') return json_null();
    o = json_object();
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "country", str_or_null(p->country));
    if (p->operator_id.scheme[0] != '\0') {
        json_t *id = json_object();
        json_object_set_new(id, "scheme", json_string(p->operator_id.scheme));
        json_object_set_new(id, "value", json_string(p->operator_id.value));
        json_object_set_new(o, "operator_id", id);
    }
    return o;
}

static json_t *signer(const dpp_signer_info *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "source", str_or_null(dpp_key_source_name(s->source)));
    json_object_set_new(o, "role", str_or_null(dpp_role_name(s->role)));
    json_object_set_new(o, "party", party(&s->party));
    json_object_set_new(o, "kid", hex(s->kid, DPP_KID_LEN));
    return o;
}

EMSCRIPTEN_KEEPALIVE dpp_trust *dpp_wasm_trust_new(void)
{
    dpp_trust *t = NULL;
    return dpp_trust_new(&t) == DPP_OK ? t : NULL;
}

EMSCRIPTEN_KEEPALIVE void dpp_wasm_trust_free(dpp_trust *t) { dpp_trust_free(t); }

EMSCRIPTEN_KEEPALIVE const char *dpp_wasm_version(void) { return dpp_version_string(); }

/* A trusted key or certificate (PEM or DER), as dpp_trust_add_bytes. */
EMSCRIPTEN_KEEPALIVE const char *dpp_wasm_add_key(dpp_trust *t, const uint8_t *data, size_t len)
{
    dpp_diag d;
    memset(&d, 0, sizeof d);
    return emit(result(dpp_trust_add_bytes(t, data, len, &d), &d));
}

/* An operator key the signed lists must be signed with. */
EMSCRIPTEN_KEEPALIVE const char *dpp_wasm_pin_operator(dpp_trust *t, const uint8_t *data, size_t len)
{
    dpp_diag d;
    dpp_key *k = NULL;
    dpp_err err;
    memset(&d, 0, sizeof d);
    err = dpp_key_load_public(data, len, &k, &d);
    if (err == DPP_OK) {
        err = dpp_trust_pin_operator(t, k);
        if (err != DPP_OK) snprintf(d.msg, sizeof d.msg, "operator key: cannot pin");
    }
    dpp_key_free(k);
    return emit(result(err, &d));
}

/* A signed trust list (revocations = 0) or revocation list (1). */
EMSCRIPTEN_KEEPALIVE const char *dpp_wasm_load_list(dpp_trust *t, const uint8_t *data, size_t len, int revocations,
                                                    double now, double min_sequence, double grace)
{
    dpp_diag d;
    dpp_list_policy pol;
    dpp_list_info info;
    dpp_err err;
    json_t *o;

    memset(&d, 0, sizeof d);
    memset(&info, 0, sizeof info);
    pol.now = (int64_t)now;
    pol.min_sequence = (uint64_t)min_sequence;
    pol.grace_seconds = (int64_t)grace;
    err = revocations ? dpp_trust_load_revocations(t, data, len, &pol, &info, &d)
                      : dpp_trust_load_list(t, data, len, &pol, &info, &d);
    o = result(err, &d);
    if (err == DPP_OK) {
        json_object_set_new(o, "sequence", json_real((double)info.sequence));
        json_object_set_new(o, "issued_at", json_integer(info.issued_at));
        json_object_set_new(o, "next_update", json_integer(info.next_update));
        json_object_set_new(o, "signer_kid", hex(info.signer_kid, DPP_KID_LEN));
        json_object_set_new(o, "entries", json_integer((json_int_t)info.n_entries));
        json_object_set_new(o, "past_next_update", json_boolean(info.past_next_update));
    }
    return emit(o);
}

/* A pinned CA certificate (PEM or DER), as dpp_trust_add_ca (spec/trust.md 4). */
EMSCRIPTEN_KEEPALIVE const char *dpp_wasm_add_ca(dpp_trust *t, const uint8_t *data, size_t len)
{
    dpp_diag d;
    memset(&d, 0, sizeof d);
    return emit(result(dpp_trust_add_ca(t, data, len, &d), &d));
}

/* A scheme name from JavaScript bytes (not NUL-terminated): 1..63 bytes, else false. */
static bool scheme_name(const uint8_t *name, size_t name_len, char out[64], dpp_diag *d)
{
    if (name_len == 0 || name_len > 63 || memchr(name, 0, name_len) != NULL) {
        snprintf(d->msg, sizeof d->msg, "scheme: a name of 1..63 bytes");
        return false;
    }
    memcpy(out, name, name_len);
    out[name_len] = '\0';
    return true;
}

/* An operator key pinned for the named scheme only (spec/trust.md 3.8). */
EMSCRIPTEN_KEEPALIVE const char *dpp_wasm_scheme_pin_operator(dpp_trust *t, const uint8_t *name, size_t name_len,
                                                              const uint8_t *data, size_t len)
{
    dpp_diag d;
    dpp_key *k = NULL;
    char sn[64];
    dpp_err err = DPP_ERR_INVALID_ARG;
    memset(&d, 0, sizeof d);
    if (scheme_name(name, name_len, sn, &d)) {
        err = dpp_key_load_public(data, len, &k, &d);
        if (err == DPP_OK) {
            err = dpp_trust_scheme_pin_operator(t, sn, k);
            if (err != DPP_OK) snprintf(d.msg, sizeof d.msg, "operator key: cannot pin for scheme %s", sn);
        }
    }
    dpp_key_free(k);
    return emit(result(err, &d));
}

/* A signed list of kind 0 (trust), 1 (revocation) or 2 (status, every scheme's pins), for the default scheme
 * (name_len 0) or a named one (trust and revocation lists). */
EMSCRIPTEN_KEEPALIVE const char *dpp_wasm_load_list_ex(dpp_trust *t, const uint8_t *data, size_t len, int kind,
                                                       const uint8_t *name, size_t name_len, double now,
                                                       double min_sequence, double grace)
{
    dpp_diag d;
    dpp_list_policy pol;
    dpp_list_info info;
    dpp_err err = DPP_ERR_INVALID_ARG;
    char sn[64];
    json_t *o;

    memset(&d, 0, sizeof d);
    memset(&info, 0, sizeof info);
    pol.now = (int64_t)now;
    pol.min_sequence = (uint64_t)min_sequence;
    pol.grace_seconds = (int64_t)grace;
    if (name_len != 0 && (kind == 2 || !scheme_name(name, name_len, sn, &d))) {
        if (kind == 2) snprintf(d.msg, sizeof d.msg, "a status list has no scheme");
    } else if (kind == 0) {
        err = name_len != 0 ? dpp_trust_scheme_load_list(t, sn, data, len, &pol, &info, &d)
                            : dpp_trust_load_list(t, data, len, &pol, &info, &d);
    } else if (kind == 1) {
        err = name_len != 0 ? dpp_trust_scheme_load_revocations(t, sn, data, len, &pol, &info, &d)
                            : dpp_trust_load_revocations(t, data, len, &pol, &info, &d);
    } else if (kind == 2) {
        err = dpp_trust_load_status(t, data, len, &pol, &info, &d);
    } else {
        snprintf(d.msg, sizeof d.msg, "kind: 0 trust, 1 revocation or 2 status");
    }
    o = result(err, &d);
    if (err == DPP_OK) {
        json_object_set_new(o, "sequence", json_real((double)info.sequence));
        json_object_set_new(o, "issued_at", json_integer(info.issued_at));
        json_object_set_new(o, "next_update", json_integer(info.next_update));
        json_object_set_new(o, "signer_kid", hex(info.signer_kid, DPP_KID_LEN));
        json_object_set_new(o, "past_next_update", json_boolean(info.past_next_update));
    }
    return emit(o);
}

static const char *status_name(dpp_check_status s)
{
    switch (s) {
    case DPP_CHECK_PASS: return "pass";
    case DPP_CHECK_FAIL: return "fail";
    case DPP_CHECK_SKIPPED: return "skipped";
    case DPP_CHECK_NOT_RUN: break;
    }
    return "not-run";
}

EMSCRIPTEN_KEEPALIVE const char *dpp_wasm_verify(const dpp_trust *t, const char *text, size_t len, double now)
{
    dpp_verified *v = malloc(sizeof *v);
    dpp_report rep;
    dpp_err err;
    json_t *o, *checks;
    char *pj = NULL;
    size_t pj_len = 0;

    if (v == NULL) return emit(NULL);
    memset(&rep, 0, sizeof rep);
    err = dpp_verify(text, len, t, (int64_t)now, v, &rep);
    o = result(err, &rep.diag);
    json_object_set_new(o, "check", err == DPP_OK ? json_null() : json_string(dpp_check_name(rep.failed)));
    checks = json_array();
    for (int c = 0; c < DPP_CHECK_COUNT; c++) {
        json_t *e = json_object();
        json_object_set_new(e, "name", json_string(dpp_check_name((dpp_check)c)));
        json_object_set_new(e, "status", json_string(status_name(rep.status[c])));
        json_array_append_new(checks, e);
    }
    json_object_set_new(o, "checks", checks);
    if (err != DPP_OK) {
        if (rep.revoked) {
            json_t *r = json_object();
            char date[16];
            json_object_set_new(r, "kind", str_or_null(dpp_revocation_kind_name(rep.revocation.kind)));
            json_object_set_new(r, "reason", str_or_null(dpp_revocation_reason_name(rep.revocation.reason)));
            dpp_date_format(rep.revocation.date, date, sizeof date);
            json_object_set_new(r, "date", json_string(date));
            json_object_set_new(o, "revocation", r);
        }
        if (rep.failed_attestation >= 0) json_object_set_new(o, "failed_attestation", json_integer(rep.failed_attestation));
        free(v);
        return emit(o);
    }
    {
        dpp_diag d;
        json_t *c = json_object(), *atts = json_array();
        if (dpp_passport_to_json(&v->passport, NULL, 0, &pj_len, &d) == DPP_OK && (pj = malloc(pj_len + 1)) != NULL &&
            dpp_passport_to_json(&v->passport, pj, pj_len + 1, &pj_len, &d) == DPP_OK) {
            json_t *pp = json_loads(pj, 0, NULL);
            json_object_set_new(o, "passport", pp != NULL ? pp : json_null());
        } else {
            json_object_set_new(o, "passport", json_null());
        }
        free(pj);
        json_object_set_new(c, "iat", json_integer(v->claims.iat));
        json_object_set_new(c, "exp", v->claims.has_exp ? json_integer(v->claims.exp) : json_null());
        json_object_set_new(c, "iss", str_or_null(v->claims.iss));
        json_object_set_new(c, "alg", json_string(dpp_alg_name(v->claims.alg)));
        json_object_set_new(c, "kid", hex(v->claims.kid, DPP_KID_LEN));
        json_object_set_new(c, "compressed", json_boolean(v->claims.compressed));
        json_object_set_new(c, "resolver", str_or_null(v->claims.resolver));
        json_object_set_new(c, "form", json_string(v->claims.form == DPP_FORM_LINK ? "link" : "text"));
        json_object_set_new(c, "link_uri", v->claims.has_link ? json_string(v->claims.link_uri) : json_null());
        json_object_set_new(o, "claims", c);
        json_object_set_new(o, "signer", signer(&v->signer));
        for (size_t i = 0; i < v->claims.n_attestations && i < DPP_MAX_ATTESTATIONS; i++) {
            const dpp_attestation_ref *a = &v->claims.attestations[i];
            json_t *e = json_object();
            json_object_set_new(e, "kid", hex(a->kid, DPP_KID_LEN));
            json_object_set_new(e, "alg", str_or_null(dpp_alg_name(a->alg)));
            json_object_set_new(e, "binding", str_or_null(dpp_binding_name(a->binding)));
            json_object_set_new(e, "claims", claim_names(a->claims));
            json_object_set_new(e, "attester", signer(&v->attesters[i]));
            json_array_append_new(atts, e);
        }
        json_object_set_new(o, "attestations", atts);
        json_object_set_new(o, "claims_present", claim_names(v->claims_present));
        json_object_set_new(o, "claims_attested", claim_names(v->claims_attested));
        json_object_set_new(o, "claims_self_declared", claim_names(v->claims_present & ~v->claims_attested));
    }
    free(v);
    return emit(o);
}

/* CRLs (PEM or DER) judged at now, as dpp_trust_add_crl. */
EMSCRIPTEN_KEEPALIVE const char *dpp_wasm_add_crl(dpp_trust *t, const uint8_t *data, size_t len, double now)
{
    dpp_diag d;
    memset(&d, 0, sizeof d);
    return emit(result(dpp_trust_add_crl(t, data, len, (int64_t)now, &d), &d));
}

/* A signer certificate chained to a pinned CA through the intermediates in chain (may be empty), as
 * dpp_trust_add_cert. */
EMSCRIPTEN_KEEPALIVE const char *dpp_wasm_add_cert_chain(dpp_trust *t, const uint8_t *cert, size_t cert_len,
                                                         const uint8_t *chain, size_t chain_len)
{
    dpp_diag d;
    memset(&d, 0, sizeof d);
    return emit(result(dpp_trust_add_cert(t, cert, cert_len, chain, chain_len, &d), &d));
}
