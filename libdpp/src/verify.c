/* SPDX-License-Identifier: Apache-2.0 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cbor_read.h"
#include "codes.h"
#include "compress.h"
#include "cose_internal.h"
#include "diag.h"
#include "dict_v1.h"
#include "dpp/dpp_base45.h"
#include "dpp/dpp_cose.h"
#include "dpp/dpp_encode.h"
#include "dpp/dpp_verify.h"
#include "passport_cbor.h"
#include "report.h"
#include "timeutil.h"
#include "transport.h"
#include "trust_internal.h"
#include "wire.h"

const char *dpp_check_name(dpp_check check)
{
    switch (check) {
    case DPP_CHECK_PREFIX: return "prefix";
    case DPP_CHECK_BASE45: return "base45";
    case DPP_CHECK_INFLATE: return "inflate";
    case DPP_CHECK_COSE: return "cose";
    case DPP_CHECK_ALG: return "alg";
    case DPP_CHECK_KID: return "kid";
    case DPP_CHECK_SIGNATURE: return "signature";
    case DPP_CHECK_KEY_VALIDITY: return "key_validity";
    case DPP_CHECK_CLAIMS: return "claims";
    case DPP_CHECK_IAT: return "iat";
    case DPP_CHECK_EXP: return "exp";
    case DPP_CHECK_SCHEMA: return "schema";
    case DPP_CHECK_SIGNER_WINDOW: return "signer_window";
    case DPP_CHECK_ROLE: return "role";
    case DPP_CHECK_SCOPE: return "scope";
    case DPP_CHECK_REVOCATION: return "revocation";
    case DPP_CHECK_ATTESTATION: return "attestation";
    case DPP_CHECK_LINK: return "link";
    case DPP_CHECK_COUNT: break;
    }
    return "unknown";
}

/* Parsed CWT claims plus the passport-level outcome. */
typedef struct claims_result {
    dpp_err passport_err; /* schema-level error, reported at the schema check */
    dpp_diag passport_diag;
    dpp_bytes passport_cbor; /* the passport map's bytes inside the payload */
    size_t n_att;
    dpp_att_view att[DPP_MAX_ATTESTATIONS];
} claims_result;

/* -263: [1*4 attestation] */
static dpp_err read_attestations(cb_reader *r, dpp_claims *claims, claims_result *res, dpp_diag *diag)
{
    cb_item a;
    if (cb_next(r, &a) != DPP_OK)
        return dpp_diag_set(diag, r->err, r->err_off, "CWT claims: %s at offset %zu", dpp_err_str(r->err), r->err_off);
    if (a.type != CB_ARRAY || a.v == 0 || a.v > DPP_MAX_ATTESTATIONS)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, a.off, "CWT claims: attestations (-263) must be an array of 1..%d",
                            DPP_MAX_ATTESTATIONS);
    for (uint64_t i = 0; i < a.v; i++) {
        dpp_att_view *v = &res->att[i];
        dpp_attestation_ref *ref = &claims->attestations[i];
        dpp_err err = dpp_att_read(r, v, diag);
        if (err != DPP_OK) {
            if (diag != NULL) {
                char msg[DPP_DIAG_MSG_LEN];
                memcpy(msg, diag->msg, sizeof msg);
                dpp_diag_set(diag, err, diag->offset, "CWT claims: attestations[%" PRIu64 "]: %s", i, msg);
            }
            return err;
        }
        memcpy(ref->kid, v->sig.kid.ptr, DPP_KID_LEN);
        ref->alg = (dpp_alg)v->sig.alg;
        ref->binding = v->binding;
        ref->claims = v->claims;
    }
    res->n_att = (size_t)a.v;
    claims->n_attestations = (size_t)a.v;
    return DPP_OK;
}

/* -264: [uri, ? sha256] */
static dpp_err read_link(cb_reader *r, dpp_claims *claims, dpp_diag *diag)
{
    cb_item a, u, h;
    if (cb_next(r, &a) != DPP_OK || a.type != CB_ARRAY || a.v < 1 || a.v > 2 || cb_next(r, &u) != DPP_OK) {
        if (r->err != DPP_OK)
            return dpp_diag_set(diag, r->err, r->err_off, "CWT claims: %s at offset %zu", dpp_err_str(r->err), r->err_off);
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, a.off, "CWT claims: link (-264) must be [uri, ? sha256]");
    }
    if (u.type != CB_TSTR || u.v == 0 || u.v > DPP_MAX_LINK_URI || !dpp_text_valid((const char *)u.ptr, (size_t)u.v))
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, u.off,
                            "CWT claims: link uri must be 1..%d bytes of text without control or bidi characters",
                            DPP_MAX_LINK_URI);
    memcpy(claims->link_uri, u.ptr, (size_t)u.v);
    claims->link_uri[u.v] = '\0';
    claims->has_link = true;
    if (a.v == 2) {
        if (cb_next(r, &h) != DPP_OK)
            return dpp_diag_set(diag, r->err, r->err_off, "CWT claims: %s at offset %zu", dpp_err_str(r->err), r->err_off);
        if (h.type != CB_BSTR || h.v != sizeof claims->link_sha256)
            return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, h.off, "CWT claims: link digest must be a 32-byte bstr");
        memcpy(claims->link_sha256, h.ptr, sizeof claims->link_sha256);
        claims->has_link_sha256 = true;
    }
    return DPP_OK;
}

/* -265: resolver, host and optional path prefix, in dpp_resolver_normalize()'s form */
static dpp_err read_resolver(cb_reader *r, dpp_claims *claims, dpp_diag *diag)
{
    cb_item u;
    char norm[DPP_MAX_RESOLVER_LEN + 1];
    dpp_diag d;
    if (cb_next(r, &u) != DPP_OK)
        return dpp_diag_set(diag, r->err, r->err_off, "CWT claims: %s at offset %zu", dpp_err_str(r->err), r->err_off);
    if (u.type != CB_TSTR || u.v == 0 || u.v > DPP_MAX_RESOLVER_LEN)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, u.off, "CWT claims: resolver (-265) must be text of 1..%d bytes",
                            DPP_MAX_RESOLVER_LEN);
    /* The signed form is the normalised one: anything else is refused, so a
     * resolver compares byte for byte. */
    if (dpp_resolver_normalize((const char *)u.ptr, (size_t)u.v, norm, sizeof norm, &d) != DPP_OK ||
        strlen(norm) != (size_t)u.v || memcmp(norm, u.ptr, (size_t)u.v) != 0)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, u.off,
                            "CWT claims: resolver (-265) is not a lower-case host with optional path prefix");
    memcpy(claims->resolver, u.ptr, (size_t)u.v);
    claims->resolver[u.v] = '\0';
    return DPP_OK;
}

/*
 * Decodes the CWT claims set {? 1 iss, ? 4 exp, 6 iat, -262 passport}
 * strictly. CBOR and claim errors are returned; a schema error inside the
 * passport is left in res for the schema check, which runs last.
 */
static dpp_err read_claims_once(const dpp_bytes *payload, dpp_claims *claims, dpp_passport *passport,
                                claims_result *res, dpp_diag *diag)
{
    cb_reader r;
    cb_item it, key;
    const uint8_t *prev = NULL;
    size_t prev_len = 0;
    bool have_iat = false, have_passport = false;
    uint64_t n_claims;

    memset(res, 0, sizeof *res);
    res->passport_err = DPP_OK;
    dpp_diag_clear(&res->passport_diag);
    cb_init(&r, payload->ptr, payload->len, true);
    if (cb_next(&r, &it) != DPP_OK)
        return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
    if (it.type != CB_MAP)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, it.off, "CWT claims: payload is not a map");
    n_claims = it.v;
    for (uint64_t i = 0; i < n_claims; i++) {
        int64_t k;
        dpp_err oe;
        if (cb_next(&r, &key) != DPP_OK)
            return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
        if (!cb_item_int64(&key, &k))
            return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, key.off, "CWT claims: claim key at offset %zu is not an integer",
                                key.off);
        oe = cb_key_order(prev, prev_len, r.buf + key.off, key.end - key.off);
        if (oe != DPP_OK)
            return dpp_diag_set(diag, oe, key.off, "CWT claims: claim %lld at offset %zu %s", (long long)k, key.off,
                                oe == DPP_ERR_CBOR_DUPLICATE_KEY ? "is repeated" : "is out of order");
        prev = r.buf + key.off;
        prev_len = key.end - key.off;
        if (k == DPP_CWT_ISS) {
            if (cb_next(&r, &it) != DPP_OK) break;
            if (it.type != CB_TSTR || it.v == 0 || it.v >= sizeof claims->iss)
                return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, it.off, "CWT claims: iss must be text of 1..%zu bytes",
                                    sizeof claims->iss - 1);
            /* No control characters (NUL included): the verified iss must read
             * exactly as signed when handed on as a C string. */
            if (!dpp_text_valid((const char *)it.ptr, (size_t)it.v)) {
                size_t at = 0;
                uint32_t cp = 0;
                char why[96];
                dpp_text_fault f = dpp_text_check((const char *)it.ptr, (size_t)it.v, &at, &cp);
                return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, it.off, "CWT claims: iss %s",
                                    f == DPP_TEXT_BIDI ? dpp_text_fault_msg(f, at, cp, why, sizeof why)
                                                       : "contains a control character");
            }
            memcpy(claims->iss, it.ptr, (size_t)it.v);
            claims->iss[it.v] = '\0';
        } else if (k == DPP_CWT_EXP || k == DPP_CWT_IAT) {
            if (cb_next(&r, &it) != DPP_OK) break;
            if (it.type != CB_UINT || it.v > (uint64_t)INT64_MAX)
                return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, it.off, "CWT claims: %s must be an unsigned integer",
                                    k == DPP_CWT_EXP ? "exp" : "iat");
            if (k == DPP_CWT_EXP) {
                claims->has_exp = true;
                claims->exp = (int64_t)it.v;
            } else {
                have_iat = true;
                claims->iat = (int64_t)it.v;
            }
        } else if (k == DPP_CWT_PASSPORT) {
            size_t start = r.pos;
            dpp_err pe = dpp_passport_read(&r, passport, &res->passport_diag);
            res->passport_cbor.ptr = r.buf + start;
            res->passport_cbor.len = r.pos - start;
            if (pe != DPP_OK) {
                if (dpp_err_is_schema(pe)) {
                    res->passport_err = pe;
                    /* The rest of the claims cannot be read past a bad passport. */
                    have_passport = true;
                    return DPP_OK;
                }
                if (diag != NULL) *diag = res->passport_diag;
                return pe;
            }
            have_passport = true;
        } else if (k == DPP_CWT_ATTESTATIONS) {
            oe = read_attestations(&r, claims, res, diag);
            if (oe != DPP_OK) return oe;
        } else if (k == DPP_CWT_LINK) {
            oe = read_link(&r, claims, diag);
            if (oe != DPP_OK) return oe;
        } else if (k == DPP_CWT_RESOLVER) {
            oe = read_resolver(&r, claims, diag);
            if (oe != DPP_OK) return oe;
        } else {
            return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, key.off, "CWT claims: unknown claim %lld", (long long)k);
        }
    }
    if (r.err != DPP_OK)
        return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
    if (cb_finish(&r) != DPP_OK)
        return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %zu trailing bytes", payload->len - r.err_off);
    if (!have_iat) return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, SIZE_MAX, "CWT claims: iat (6) is missing");
    if (!have_passport)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, SIZE_MAX, "CWT claims: passport claim (-262) is missing");
    return DPP_OK;
}

/*
 * The claims set, in one pass when it is good. A CBOR-level defect (not
 * well-formed, a long head, too deep, trailing bytes) is reported as such
 * wherever it sits, before any claims or schema rule: so when the pass finds
 * anything wrong, a generic pass over the whole claims set looks for such a
 * defect and, if there is one, reports it instead. A pass that finds nothing
 * wrong has read every byte with the strict reader (extensions, attestations
 * and the link included) and needs no second look.
 */
static dpp_err read_claims(const dpp_bytes *payload, dpp_claims *claims, dpp_passport *passport,
                           claims_result *res, dpp_diag *diag)
{
    cb_reader r;
    dpp_err err = read_claims_once(payload, claims, passport, res, diag);
    if (err == DPP_OK && res->passport_err == DPP_OK) return DPP_OK;
    cb_init(&r, payload->ptr, payload->len, true);
    if (cb_skip(&r, NULL) == DPP_OK && cb_finish(&r) == DPP_OK) return err;
    memset(claims, 0, sizeof *claims);
    memset(passport, 0, sizeof *passport);
    memset(res, 0, sizeof *res);
    res->passport_err = DPP_OK;
    dpp_diag_clear(&res->passport_diag);
    return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
}

static dpp_check cose_err_check(dpp_err err)
{
    if (err == DPP_ERR_ALG_UNSUPPORTED || err == DPP_ERR_ALG_MISSING || err == DPP_ERR_ALG_UNPROTECTED)
        return DPP_CHECK_ALG;
    return DPP_CHECK_COSE;
}

/* Profile checks on the protected/unprotected headers (alg, kid). */
static dpp_err check_headers(const dpp_cose_sign1 *m, dpp_report *rep, dpp_diag *diag)
{
    /* Closed protected header: only alg (1) and kid (4). The parser has read
     * both (strictly, so the map head is one byte); any other label makes the
     * map larger than the labels found. */
    unsigned known = (m->has_alg && m->alg_protected ? 1u : 0u) + (m->kid.len > 0 && m->kid_protected ? 1u : 0u);
    if (m->protected_hdr.len > 0 && m->protected_hdr.ptr[0] != 0xa0 + known) {
        dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX,
                     "protected header may hold only alg (1) and kid (4) in a passport");
        return report_fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_STRUCTURE);
    }
    if (!m->has_alg) {
        dpp_diag_set(diag, DPP_ERR_ALG_MISSING, SIZE_MAX, "protected header has no alg (label 1)");
        return report_fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_MISSING);
    }
    if (!m->alg_protected) {
        dpp_diag_set(diag, DPP_ERR_ALG_UNPROTECTED, SIZE_MAX, "alg appears only in the unprotected header");
        return report_fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_UNPROTECTED);
    }
    if (dpp_alg_name((dpp_alg)m->alg) == NULL) {
        dpp_diag_set(diag, DPP_ERR_ALG_UNSUPPORTED, SIZE_MAX, "alg %lld is not ES256, ES384, EdDSA or PS256",
                     (long long)m->alg);
        return report_fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_UNSUPPORTED);
    }
    if (m->kid.len == 0 || !m->kid_protected) {
        report_mark(rep, DPP_CHECK_ALG, DPP_CHECK_PASS);
        dpp_diag_set(diag, DPP_ERR_KID_MISSING, SIZE_MAX, "protected header has no kid (label 4)");
        return report_fail(rep, DPP_CHECK_KID, DPP_ERR_KID_MISSING);
    }
    if (!m->unprotected_empty) {
        dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX, "unprotected header must be empty in a passport");
        return report_fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_STRUCTURE);
    }
    report_mark(rep, DPP_CHECK_ALG, DPP_CHECK_PASS);
    return DPP_OK;
}

static void hex8(const uint8_t *p, size_t n, char *out)
{
    static const char k[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n && i < 32; i++) {
        out[2 * i] = k[p[i] >> 4];
        out[2 * i + 1] = k[p[i] & 15];
    }
    out[2 * i] = '\0';
}

/* Finds the trusted entry whose key verifies the message: every key with
 * the kid is tried (kids are truncated hashes and may collide). The
 * candidates are found by binary search. */
static dpp_err check_signature(const dpp_cose_sign1 *m, const dpp_trust *trust, const dpp_trust_entry **signer,
                               dpp_report *rep, dpp_diag *diag)
{
    dpp_cose_opts opts = {DPP_COSE_TAGGED | DPP_COSE_STRICT, {NULL, 0}};
    size_t candidates = 0, mismatched = 0;
    char kidhex[65];

    hex8(m->kid.ptr, m->kid.len, kidhex);
    if (m->kid.len == DPP_KID_LEN) {
        for (size_t i = dpp_trust_lower_bound(trust, m->kid.ptr);
             i < trust->n && memcmp(m->kid.ptr, trust->keys[i].kid, DPP_KID_LEN) == 0; i++) {
            const dpp_key *k = trust->keys[i].key;
            candidates++;
            if ((int64_t)dpp_key_alg(k) != m->alg) {
                mismatched++;
                continue;
            }
            if (dpp_cose_sign1_verify_parsed(m, k, &opts, NULL) == DPP_OK) {
                *signer = &trust->keys[i];
                report_mark(rep, DPP_CHECK_KID, DPP_CHECK_PASS);
                report_mark(rep, DPP_CHECK_SIGNATURE, DPP_CHECK_PASS);
                return DPP_OK;
            }
        }
    }
    if (candidates == 0) {
        dpp_diag_set(diag, DPP_ERR_KID_UNKNOWN, SIZE_MAX, "no trusted key has kid %s", kidhex);
        return report_fail(rep, DPP_CHECK_KID, DPP_ERR_KID_UNKNOWN);
    }
    report_mark(rep, DPP_CHECK_KID, DPP_CHECK_PASS);
    if (mismatched == candidates) {
        dpp_diag_set(diag, DPP_ERR_ALG_KEY_MISMATCH, SIZE_MAX, "alg %s does not match the trusted key with kid %s",
                     dpp_alg_name((dpp_alg)m->alg), kidhex);
        return report_fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_KEY_MISMATCH);
    }
    dpp_diag_set(diag, DPP_ERR_SIGNATURE, SIZE_MAX, "signature does not verify with the trusted key(s) of kid %s",
                 kidhex);
    return report_fail(rep, DPP_CHECK_SIGNATURE, DPP_ERR_SIGNATURE);
}

/* Steps shared by dpp_verify and dpp_inspect up to the parsed COSE message. */
static dpp_err unwrap_and_parse(const char *text, size_t text_len, uint8_t *cose, dpp_cose_sign1 *m,
                                dpp_transport_info *tinfo, dpp_report *rep, dpp_diag *diag)
{
    size_t cose_len = 0;
    dpp_cose_opts opts = {DPP_COSE_TAGGED | DPP_COSE_STRICT, {NULL, 0}};
    dpp_err err = dpp_transport_unwrap(text, text_len, cose, DPP_MAX_COSE_LEN, &cose_len, tinfo, rep, diag);
    if (err != DPP_OK) return err;
    err = dpp_cose_sign1_parse(cose, cose_len, &opts, m, diag);
    if (err != DPP_OK) {
        dpp_check c = cose_err_check(err);
        /* An alg the parser refuses (a text alg, say) is an alg failure of a
         * structurally sound message. */
        if (c == DPP_CHECK_ALG) report_mark(rep, DPP_CHECK_COSE, DPP_CHECK_PASS);
        return report_fail(rep, c, err);
    }
    /* The passport profile is narrower than COSE: tag 18 directly (no CWT
     * tag 61 around it) and an attached payload. */
    if (m->cwt_tagged) {
        dpp_diag_set(diag, DPP_ERR_COSE_TAG, 0, "a passport is a COSE_Sign1 with tag 18 only; tag 61 is not allowed");
        return report_fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_TAG);
    }
    if (m->detached) {
        dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX, "COSE_Sign1 payload is nil; a passport carries its payload");
        return report_fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_STRUCTURE);
    }
    report_mark(rep, DPP_CHECK_COSE, DPP_CHECK_PASS);
    return DPP_OK;
}

static void fill_claims_sig(dpp_claims *c, const dpp_cose_sign1 *m, const dpp_transport_info *t)
{
    c->alg = (dpp_alg)m->alg;
    if (m->kid.len == DPP_KID_LEN) memcpy(c->kid, m->kid.ptr, DPP_KID_LEN);
    c->compressed = t->compressed;
    c->form = t->form;
}

/* ---- trust layer ---- */

/* How far one trust entry gets for an act: 0 failed its window, 1 its role,
 * 2 its scope, 3 passed all. */
enum { STAGE_WINDOW = 0, STAGE_ROLE = 1, STAGE_SCOPE = 2, STAGE_PASS = 3 };

typedef struct entry_eval {
    int stage;
    dpp_err err;
    dpp_check_status window, role, scope; /* statuses when it passed */
} entry_eval;

/* The party's name for messages, quoted safely into q (names come from a
 * trust list or a certificate). */
static const char *party_label(const dpp_trust_entry *e, char q[DPP_DIAG_QUOTE_CAP])
{
    if (e->party.name[0] != '\0') return dpp_diag_quote(q, DPP_DIAG_QUOTE_CAP, e->party.name, strlen(e->party.name));
    return dpp_key_source_name(e->source);
}

static bool gtin_in_scope(const dpp_scope *s, const char *gtin)
{
    if (s->n_gtin_prefixes == 0) return true;
    for (size_t i = 0; i < s->n_gtin_prefixes; i++) {
        size_t n = strlen(s->gtin_prefixes[i]);
        if (strncmp(gtin, s->gtin_prefixes[i], n) == 0) return true;
    }
    return false;
}

static bool category_in_scope(const dpp_scope *s, const char *category)
{
    if (s->n_categories == 0) return true;
    for (size_t i = 0; i < s->n_categories; i++)
        if (strcmp(category, s->categories[i]) == 0) return true;
    return false;
}

/* Claims a role may attest (attesters) at most. */
static uint32_t role_attest_mask(dpp_role role)
{
    switch (role) {
    case DPP_ROLE_ANY: return DPP_CLAIM_ALL_MASK;
    case DPP_ROLE_CERTIFIER: return DPP_CLAIM_ALL_MASK & ~DPP_CLAIM_BIT(DPP_CLAIM_CBAM);
    case DPP_ROLE_CBAM_VERIFIER: return DPP_CLAIM_BIT(DPP_CLAIM_CBAM);
    case DPP_ROLE_MANUFACTURER:
    case DPP_ROLE_OPERATOR: break;
    }
    return 0;
}

/* A scope's claim bits, with "the certification list" covering single ones. */
static uint32_t expand_claims(uint32_t m)
{
    if (m & DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATIONS)) m |= (uint32_t)0xffu << DPP_CLAIM_CERTIFICATION_0;
    return m;
}

static void claims_list(uint32_t m, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (unsigned c = 0; c <= DPP_CLAIM_MAX && n < cap; c++) {
        int k;
        if ((m & DPP_CLAIM_BIT(c)) == 0) continue;
        k = snprintf(out + n, cap - n, "%s%s", n > 0 ? ", " : "", dpp_claim_name(c));
        if (k < 0) break;
        n += (size_t)k;
    }
}

/*
 * Evaluates one entry for an act at signing time iat: signing passport p
 * (attest_claims == 0) or attesting attest_claims of p. what names the act
 * in messages ("passport signer", "attestation 0").
 */
static bool resolver_in_scope(const dpp_scope *s, const char *resolver)
{
    if (s->n_resolvers == 0 || resolver == NULL || resolver[0] == '\0') return true;
    for (size_t i = 0; i < s->n_resolvers; i++) {
        size_t n = strlen(s->resolvers[i]);
        if (strncmp(resolver, s->resolvers[i], n) == 0 && (resolver[n] == '\0' || resolver[n] == '/')) return true;
    }
    return false;
}

static entry_eval eval_entry(const dpp_trust_entry *e, int64_t iat, const dpp_passport *p, uint32_t attest_claims,
                             const char *resolver, const char *what, dpp_diag *diag)
{
    entry_eval ev;
    bool attest = attest_claims != 0;
    char q[DPP_DIAG_QUOTE_CAP], q2[DPP_DIAG_QUOTE_CAP];
    memset(&ev, 0, sizeof ev);
    ev.stage = STAGE_WINDOW;

    if (e->has_nb || e->has_na) {
        if ((e->has_nb && iat < e->nb) || (e->has_na && iat > e->na)) {
            char t_at[DPP_TIME_ISO_LEN], t_nb[DPP_TIME_ISO_LEN], t_na[DPP_TIME_ISO_LEN];
            ev.err = dpp_diag_set(diag, DPP_ERR_SIGNER_NOT_VALID, SIZE_MAX,
                                  "%s %s: signed at %s, outside its trust-list validity window %s..%s", what,
                                  party_label(e, q), dpp_time_iso(iat, t_at), e->has_nb ? dpp_time_iso(e->nb, t_nb) : "",
                                  e->has_na ? dpp_time_iso(e->na, t_na) : "");
            return ev;
        }
        ev.window = DPP_CHECK_PASS;
    } else {
        ev.window = DPP_CHECK_SKIPPED;
    }
    ev.stage = STAGE_ROLE;
    if (e->role == DPP_ROLE_ANY) {
        ev.role = DPP_CHECK_SKIPPED;
    } else if (!attest && e->role != DPP_ROLE_MANUFACTURER) {
        ev.err = dpp_diag_set(diag, DPP_ERR_ROLE, SIZE_MAX, "%s %s has the role %s; only a manufacturer signs passports",
                              what, party_label(e, q), dpp_role_name(e->role));
        return ev;
    } else if (attest && (attest_claims & ~expand_claims(role_attest_mask(e->role))) != 0) {
        char list[128];
        claims_list(attest_claims & ~expand_claims(role_attest_mask(e->role)), list, sizeof list);
        ev.err = dpp_diag_set(diag, DPP_ERR_ROLE, SIZE_MAX, "%s by %s: the role %s may not attest %s", what,
                              party_label(e, q), dpp_role_name(e->role), list);
        return ev;
    } else {
        ev.role = DPP_CHECK_PASS;
    }
    ev.stage = STAGE_SCOPE;
    if (e->scope == NULL) {
        ev.scope = DPP_CHECK_SKIPPED;
    } else {
        const dpp_scope *sc = e->scope;
        uint32_t allowed = expand_claims(sc->claims);
        if (!gtin_in_scope(sc, p->gtin)) {
            ev.err = dpp_diag_set(diag, DPP_ERR_SCOPE, SIZE_MAX, "%s %s: GTIN %s matches none of its %zu GTIN prefixes",
                                  what, party_label(e, q), dpp_diag_quote(q2, sizeof q2, p->gtin, strnlen(p->gtin, sizeof p->gtin)),
                                  sc->n_gtin_prefixes);
            return ev;
        }
        if (!category_in_scope(sc, p->category)) {
            ev.err = dpp_diag_set(diag, DPP_ERR_SCOPE, SIZE_MAX, "%s %s: category \"%s\" is not in its scope", what,
                                  party_label(e, q), dpp_diag_quote(q2, sizeof q2, p->category, strnlen(p->category, sizeof p->category)));
            return ev;
        }
        if (!resolver_in_scope(sc, resolver)) {
            ev.err = dpp_diag_set(diag, DPP_ERR_DL_DOMAIN_SCOPE, SIZE_MAX,
                                  "%s %s: resolver \"%s\" is not among its %zu allowed resolvers", what,
                                  party_label(e, q), resolver, sc->n_resolvers);
            return ev;
        }
        if (sc->claims != 0) {
            /* A manufacturer always declares identity and itself. */
            uint32_t used = attest ? attest_claims
                                   : dpp_passport_claim_mask(p) & ~(DPP_CLAIM_BIT(DPP_CLAIM_IDENTITY) |
                                                                    DPP_CLAIM_BIT(DPP_CLAIM_MANUFACTURER));
            if ((used & ~allowed) != 0) {
                char list[128];
                claims_list(used & ~allowed, list, sizeof list);
                ev.err = dpp_diag_set(diag, DPP_ERR_SCOPE, SIZE_MAX, "%s %s: %s outside its scope", what,
                                      party_label(e, q), list);
                return ev;
            }
        }
        ev.scope = DPP_CHECK_PASS;
    }
    ev.stage = STAGE_PASS;
    return ev;
}

/*
 * Evaluates every entry holding the same key as chosen (same kid and SPKI):
 * a key listed twice (two roles) may act in either. Returns the best
 * evaluation; *best is the entry it came from. diag gets the best failure.
 */
static entry_eval eval_key(const dpp_trust *trust, const dpp_trust_entry *chosen, int64_t iat, const dpp_passport *p,
                           uint32_t attest_claims, const char *resolver, const char *what,
                           const dpp_trust_entry **best, dpp_diag *diag)
{
    entry_eval top;
    dpp_diag tmp;
    bool have = false;
    *best = chosen;
    memset(&top, 0, sizeof top);
    for (size_t i = dpp_trust_lower_bound(trust, chosen->kid);
         i < trust->n && memcmp(trust->keys[i].kid, chosen->kid, DPP_KID_LEN) == 0; i++) {
        const dpp_trust_entry *e = &trust->keys[i];
        entry_eval ev;
        if (e->spki_len != chosen->spki_len || memcmp(e->spki, chosen->spki, e->spki_len) != 0) continue;
        ev = eval_entry(e, iat, p, attest_claims, resolver, what, &tmp);
        if (!have || ev.stage > top.stage) {
            top = ev;
            *best = e;
            have = true;
            if (diag != NULL && ev.stage != STAGE_PASS) *diag = tmp;
        }
        if (ev.stage == STAGE_PASS) break;
    }
    return top;
}

static void signer_info(const dpp_trust_entry *e, dpp_signer_info *out)
{
    memset(out, 0, sizeof *out);
    out->source = e->source;
    out->role = e->role;
    out->party = e->party;
    memcpy(out->kid, e->kid, DPP_KID_LEN);
}

static dpp_err check_signer_entry(const dpp_trust *trust, const dpp_trust_entry *signer, const dpp_verified *v,
                                  const dpp_trust_entry **best, dpp_report *rep, dpp_diag *diag)
{
    entry_eval ev = eval_key(trust, signer, v->claims.iat, &v->passport, 0, v->claims.resolver, "passport signer",
                              best, diag);
    static const dpp_check order[] = {DPP_CHECK_SIGNER_WINDOW, DPP_CHECK_ROLE, DPP_CHECK_SCOPE};
    if (ev.stage == STAGE_PASS) {
        report_mark(rep, DPP_CHECK_SIGNER_WINDOW, ev.window);
        report_mark(rep, DPP_CHECK_ROLE, ev.role);
        report_mark(rep, DPP_CHECK_SCOPE, ev.scope);
        return DPP_OK;
    }
    if (ev.stage > STAGE_WINDOW) report_mark(rep, DPP_CHECK_SIGNER_WINDOW, ev.window);
    if (ev.stage > STAGE_ROLE) report_mark(rep, DPP_CHECK_ROLE, ev.role);
    return report_fail(rep, order[ev.stage], ev.err);
}

static void rev_from_record(dpp_revocation_kind kind, const uint8_t *key, size_t klen, const uint8_t *meta,
                            dpp_revocation *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    if (kind == DPP_REVOKED_KEY) memcpy(out->kid, key, klen);
    else memcpy(out->passport_id, key, klen);
    out->reason = (dpp_revocation_reason)meta[0];
    out->date = (dpp_date)(((unsigned)meta[1] << 8) | meta[2]);
}

static const char *reason_label(dpp_revocation_reason r)
{
    const char *s = dpp_revocation_reason_name(r);
    return s != NULL ? s : "unknown";
}

/* Is this kid revoked for a signature made at iat? (superseded and
 * cessation revoke from their date on; every other reason always) */
static bool kid_revoked(const dpp_trust *trust, const uint8_t kid[DPP_KID_LEN], int64_t iat, dpp_revocation *hit)
{
    const uint8_t *rec = dpp_rev_find_kid(&trust->rev, kid);
    if (rec == NULL) return false;
    rev_from_record(DPP_REVOKED_KEY, rec, DPP_KID_LEN, rec + DPP_KID_LEN, hit);
    if ((hit->reason == DPP_REASON_SUPERSEDED || hit->reason == DPP_REASON_CESSATION) &&
        iat < (int64_t)hit->date * 86400)
        return false;
    return true;
}

static dpp_err revoked(dpp_report *rep, const dpp_revocation *hit, dpp_diag *diag, const char *what)
{
    char date[11] = "?";
    (void)dpp_date_format(hit->date, date, sizeof date);
    dpp_diag_set(diag, DPP_ERR_REVOKED, SIZE_MAX, "%s revoked on %s, reason: %s", what, date,
                 reason_label(hit->reason));
    if (rep != NULL) {
        rep->revoked = true;
        rep->revocation = *hit;
    }
    return DPP_ERR_REVOKED;
}

static dpp_err check_revocation(const dpp_trust *trust, const dpp_verified *v, dpp_report *rep, dpp_diag *diag)
{
    dpp_revocation hit;
    const uint8_t *rec;
    char what[64];
    if (!trust->has_revocations) {
        report_mark(rep, DPP_CHECK_REVOCATION, DPP_CHECK_SKIPPED);
        return DPP_OK;
    }
    if (kid_revoked(trust, v->claims.kid, v->claims.iat, &hit)) {
        char kh[17];
        hex8(v->claims.kid, DPP_KID_LEN, kh);
        (void)snprintf(what, sizeof what, "signer key %s", kh);
        return report_fail(rep, DPP_CHECK_REVOCATION, revoked(rep, &hit, diag, what));
    }
    rec = dpp_rev_find_id(&trust->rev, v->passport.id);
    if (rec != NULL) {
        rev_from_record(DPP_REVOKED_PASSPORT, rec, 16, rec + 16, &hit);
        return report_fail(rep, DPP_CHECK_REVOCATION, revoked(rep, &hit, diag, "passport"));
    }
    if (v->passport.batch[0] != '\0') {
        uint64_t g = 0;
        const dpp_rev_batch *b;
        for (size_t i = 0; i < 14 && v->passport.gtin[i] != '\0'; i++) g = g * 10 + (uint64_t)(v->passport.gtin[i] - '0');
        b = dpp_rev_find_batch(&trust->rev, g, v->passport.batch, strlen(v->passport.batch));
        if (b != NULL) {
            memset(&hit, 0, sizeof hit);
            hit.kind = DPP_REVOKED_BATCH;
            memcpy(hit.gtin, v->passport.gtin, sizeof hit.gtin);
            memcpy(hit.batch, v->passport.batch, sizeof hit.batch);
            hit.reason = (dpp_revocation_reason)b->reason;
            hit.date = (dpp_date)b->date;
            (void)snprintf(what, sizeof what, "batch %s of GTIN %s", v->passport.batch, v->passport.gtin);
            return report_fail(rep, DPP_CHECK_REVOCATION, revoked(rep, &hit, diag, what));
        }
    }
    report_mark(rep, DPP_CHECK_REVOCATION, DPP_CHECK_PASS);
    return DPP_OK;
}

/* Verifies attestation i; on success fills out->attesters[i]. */
static dpp_err check_one_attestation(const dpp_trust *trust, const dpp_trust_entry *signer, int64_t now, size_t i,
                                     const dpp_att_view *a, const dpp_claim_ranges *ranges, dpp_verified *out,
                                     dpp_report *rep, dpp_diag *diag)
{
    uint8_t payload[DPP_ATT_PAYLOAD_MAX];
    size_t payload_len = 0, candidates = 0;
    dpp_bytes detached;
    dpp_cose_opts opts;
    const dpp_trust_entry *attester = NULL, *best = NULL;
    entry_eval ev;
    char kh[17], what[32];
    dpp_revocation hit;
    dpp_err err;

    hex8(a->sig.kid.ptr, DPP_KID_LEN, kh);
    (void)snprintf(what, sizeof what, "attestation %zu", i);
    for (size_t j = dpp_trust_lower_bound(trust, a->sig.kid.ptr);
         j < trust->n && memcmp(trust->keys[j].kid, a->sig.kid.ptr, DPP_KID_LEN) == 0; j++)
        candidates++;
    if (candidates == 0)
        return dpp_diag_set(diag, DPP_ERR_ATTESTER_UNKNOWN, SIZE_MAX, "attestation %zu: no trusted key has kid %s", i,
                            kh);
    err = dpp_att_payload(a, &out->passport, ranges, payload, sizeof payload, &payload_len, diag);
    if (err != DPP_OK) {
        if (diag != NULL) {
            char msg[DPP_DIAG_MSG_LEN];
            memcpy(msg, diag->msg, sizeof msg);
            dpp_diag_set(diag, err, SIZE_MAX, "attestation %zu: %s", i, msg);
        }
        return err;
    }
    detached.ptr = payload;
    detached.len = payload_len;
    opts.flags = DPP_COSE_STRICT;
    opts.aad = dpp_att_aad;
    for (size_t j = dpp_trust_lower_bound(trust, a->sig.kid.ptr);
         j < trust->n && memcmp(trust->keys[j].kid, a->sig.kid.ptr, DPP_KID_LEN) == 0; j++) {
        const dpp_key *k = trust->keys[j].key;
        if ((int64_t)dpp_key_alg(k) != a->sig.alg) continue;
        if (dpp_cose_sign1_verify_ex(&a->sig, &detached, k, &opts, NULL) == DPP_OK) {
            attester = &trust->keys[j];
            break;
        }
    }
    if (attester == NULL) {
        char list[128];
        claims_list(a->claims, list, sizeof list);
        return dpp_diag_set(diag, DPP_ERR_ATTESTATION_SIGNATURE, SIZE_MAX,
                            "attestation %zu by kid %s does not verify over %s: an attested claim was changed after "
                            "attestation, or the attestation is forged",
                            i, kh, list);
    }
    /* Third party means another key than the passport's signer, whatever the roles. */
    if (attester->spki_len == signer->spki_len && memcmp(attester->spki, signer->spki, signer->spki_len) == 0)
        return dpp_diag_set(diag, DPP_ERR_ROLE, SIZE_MAX,
                            "attestation %zu is signed with the passport signer's own key: not a third-party "
                            "attestation",
                            i);
    ev = eval_key(trust, attester, out->claims.iat, &out->passport, a->claims, NULL, what, &best, diag);
    if (ev.stage != STAGE_PASS) return ev.err;
    {
        /* A certificate attester must be valid at the validation time, as a signer's is. */
        int64_t nb = best->chain_nb, na = best->chain_na;
        bool has = best->has_chain_window;
        if (!has) has = dpp_key_validity(best->key, &nb, &na);
        char t_nb[DPP_TIME_ISO_LEN], t_na[DPP_TIME_ISO_LEN], t_now[DPP_TIME_ISO_LEN];
        if (has && (now < nb || now > na))
            return dpp_diag_set(diag, DPP_ERR_KEY_NOT_VALID, SIZE_MAX,
                                "attestation %zu: attester certificate%s is valid from %s to %s, not at %s", i,
                                best->has_chain_window ? " chain" : "", dpp_time_iso(nb, t_nb), dpp_time_iso(na, t_na),
                                dpp_time_iso(now, t_now));
    }
    if (trust->has_revocations && kid_revoked(trust, a->sig.kid.ptr, out->claims.iat, &hit)) {
        char lbl[48];
        (void)snprintf(lbl, sizeof lbl, "attestation %zu: attester key %s", i, kh);
        return revoked(rep, &hit, diag, lbl);
    }
    signer_info(best, &out->attesters[i]);
    return DPP_OK;
}

static dpp_err check_attestations(const dpp_trust *trust, const dpp_trust_entry *signer, const claims_result *cres,
                                  int64_t now, dpp_verified *out, dpp_report *rep, dpp_diag *diag)
{
    dpp_claim_ranges ranges;
    dpp_err err;
    if (cres->n_att == 0) {
        report_mark(rep, DPP_CHECK_ATTESTATION, DPP_CHECK_SKIPPED);
        return DPP_OK;
    }
    err = dpp_claim_ranges_find(cres->passport_cbor.ptr, cres->passport_cbor.len, &ranges);
    if (err != DPP_OK) {
        dpp_diag_set(diag, err, SIZE_MAX, "attestation: cannot locate the claims in the passport");
        return report_fail(rep, DPP_CHECK_ATTESTATION, err);
    }
    for (size_t i = 0; i < cres->n_att; i++) {
        err = check_one_attestation(trust, signer, now, i, &cres->att[i], &ranges, out, rep, diag);
        if (err != DPP_OK) {
            if (rep != NULL) rep->failed_attestation = (int)i;
            return report_fail(rep, DPP_CHECK_ATTESTATION, err);
        }
        out->claims_attested |= expand_claims(cres->att[i].claims);
    }
    out->claims_attested &= out->claims_present;
    report_mark(rep, DPP_CHECK_ATTESTATION, DPP_CHECK_PASS);
    return DPP_OK;
}

static bool trim_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

size_t dpp_text_trim(const char *text, size_t len, size_t *start)
{
    size_t a = 0;
    if (start != NULL) *start = 0;
    if (text == NULL) return 0;
    while (a < len && trim_ws(text[a])) a++;
    while (len > a && trim_ws(text[len - 1])) len--;
    if (start != NULL) *start = a;
    return len - a;
}

/* unwrap_and_parse on the trimmed text, offsets in diag counted from text. */
static dpp_err unwrap_trimmed(const char *text, size_t text_len, uint8_t *cose, dpp_cose_sign1 *m,
                              dpp_transport_info *tinfo, dpp_report *rep, dpp_diag *diag)
{
    size_t start = 0, n = dpp_text_trim(text, text_len, &start);
    dpp_err err = unwrap_and_parse(text + start, n, cose, m, tinfo, rep, diag);
    if (err != DPP_OK && diag != NULL && diag->offset != SIZE_MAX && start > 0) diag->offset += start;
    return err;
}

dpp_err dpp_verify(const char *text, size_t text_len, const dpp_trust *trust, int64_t now, dpp_verified *out,
                   dpp_report *report)
{
    uint8_t cose[DPP_MAX_COSE_LEN];
    dpp_cose_sign1 m;
    dpp_report local;
    dpp_report *rep = report != NULL ? report : &local;
    dpp_diag *diag = &rep->diag;
    const dpp_trust_entry *signer = NULL, *signer_best = NULL;
    claims_result cres;
    dpp_transport_info tinfo;
    int64_t nb, na;
    dpp_err err;

    memset(rep, 0, sizeof *rep);
    rep->failed_attestation = -1;
    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (text == NULL || trust == NULL || out == NULL) {
        dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "text, trust and out must not be NULL");
        rep->err = DPP_ERR_INVALID_ARG;
        return DPP_ERR_INVALID_ARG;
    }

    err = unwrap_trimmed(text, text_len, cose, &m, &tinfo, rep, diag);
    if (err == DPP_OK) err = check_headers(&m, rep, diag);
    if (err == DPP_OK) err = check_signature(&m, trust, &signer, rep, diag);
    if (err == DPP_OK) {
        bool has = signer->has_chain_window;
        nb = signer->chain_nb;
        na = signer->chain_na;
        if (!has) has = dpp_key_validity(signer->key, &nb, &na);
        if (has) {
            if (now < nb || now > na) {
                char t_nb[DPP_TIME_ISO_LEN], t_na[DPP_TIME_ISO_LEN], t_now[DPP_TIME_ISO_LEN];
                dpp_diag_set(diag, DPP_ERR_KEY_NOT_VALID, SIZE_MAX, "signer certificate%s is valid from %s to %s, not at %s",
                             signer->has_chain_window ? " chain" : "", dpp_time_iso(nb, t_nb), dpp_time_iso(na, t_na),
                             dpp_time_iso(now, t_now));
                err = report_fail(rep, DPP_CHECK_KEY_VALIDITY, DPP_ERR_KEY_NOT_VALID);
            } else {
                report_mark(rep, DPP_CHECK_KEY_VALIDITY, DPP_CHECK_PASS);
            }
        } else {
            report_mark(rep, DPP_CHECK_KEY_VALIDITY, DPP_CHECK_SKIPPED);
        }
    }
    if (err == DPP_OK) {
        err = read_claims(&m.payload, &out->claims, &out->passport, &cres, diag);
        if (err != DPP_OK) err = report_fail(rep, DPP_CHECK_CLAIMS, err);
        else report_mark(rep, DPP_CHECK_CLAIMS, DPP_CHECK_PASS);
    }
    if (err == DPP_OK) {
        if (dpp_time_after(out->claims.iat, now, DPP_IAT_SKEW_SECONDS)) {
            char t_iat[DPP_TIME_ISO_LEN], t_now[DPP_TIME_ISO_LEN];
            dpp_diag_set(diag, DPP_ERR_NOT_YET_VALID, SIZE_MAX,
                         "issued at %s, later than the validation time %s plus %d s skew",
                         dpp_time_iso(out->claims.iat, t_iat), dpp_time_iso(now, t_now), DPP_IAT_SKEW_SECONDS);
            err = report_fail(rep, DPP_CHECK_IAT, DPP_ERR_NOT_YET_VALID);
        } else {
            report_mark(rep, DPP_CHECK_IAT, DPP_CHECK_PASS);
        }
    }
    if (err == DPP_OK) {
        if (!out->claims.has_exp) {
            report_mark(rep, DPP_CHECK_EXP, DPP_CHECK_SKIPPED);
        } else if (out->claims.exp <= now) {
            char t_exp[DPP_TIME_ISO_LEN], t_now[DPP_TIME_ISO_LEN];
            dpp_diag_set(diag, DPP_ERR_EXPIRED, SIZE_MAX, "expired at %s, validation time %s",
                         dpp_time_iso(out->claims.exp, t_exp), dpp_time_iso(now, t_now));
            err = report_fail(rep, DPP_CHECK_EXP, DPP_ERR_EXPIRED);
        } else {
            report_mark(rep, DPP_CHECK_EXP, DPP_CHECK_PASS);
        }
    }
    if (err == DPP_OK) {
        err = cres.passport_err;
        if (err != DPP_OK) *diag = cres.passport_diag;
        else err = dpp_passport_validate(&out->passport, diag);
        if (err != DPP_OK) err = report_fail(rep, DPP_CHECK_SCHEMA, err);
        else report_mark(rep, DPP_CHECK_SCHEMA, DPP_CHECK_PASS);
    }
    if (err == DPP_OK) {
        fill_claims_sig(&out->claims, &m, &tinfo);
        out->claims_present = dpp_passport_claim_mask(&out->passport);
        err = check_signer_entry(trust, signer, out, &signer_best, rep, diag);
    }
    if (err == DPP_OK) err = check_revocation(trust, out, rep, diag);
    if (err == DPP_OK) err = check_attestations(trust, signer, &cres, now, out, rep, diag);
    if (err == DPP_OK && tinfo.form == DPP_FORM_LINK) {
        err = dpp_link_check_binding(&tinfo.link, out->claims.resolver, &out->passport, diag);
        if (err != DPP_OK) err = report_fail(rep, DPP_CHECK_LINK, err);
        else report_mark(rep, DPP_CHECK_LINK, DPP_CHECK_PASS);
    } else if (err == DPP_OK) {
        report_mark(rep, DPP_CHECK_LINK, DPP_CHECK_SKIPPED); /* DPP1: text */
    }
    if (err != DPP_OK) {
        memset(out, 0, sizeof *out);
        rep->err = err;
        return err;
    }
    signer_info(signer_best, &out->signer);
    rep->err = DPP_OK;
    return DPP_OK;
}

dpp_err dpp_inspect(const char *text, size_t text_len, dpp_unverified *out, dpp_diag *diag)
{
    uint8_t cose[DPP_MAX_COSE_LEN];
    dpp_cose_sign1 m;
    claims_result cres;
    dpp_transport_info tinfo;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (text == NULL || out == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "text and out must not be NULL");
    err = unwrap_trimmed(text, text_len, cose, &m, &tinfo, NULL, diag);
    if (err == DPP_OK) err = read_claims(&m.payload, &out->claims_unverified, &out->passport_unverified, &cres, diag);
    if (err == DPP_OK) {
        err = cres.passport_err;
        if (err != DPP_OK) {
            if (diag != NULL) *diag = cres.passport_diag;
        } else {
            err = dpp_passport_validate(&out->passport_unverified, diag);
        }
    }
    if (err != DPP_OK) {
        memset(out, 0, sizeof *out);
        return err;
    }
    if (m.has_alg) out->claims_unverified.alg = (dpp_alg)m.alg;
    if (m.kid.len == DPP_KID_LEN) memcpy(out->claims_unverified.kid, m.kid.ptr, DPP_KID_LEN);
    out->claims_unverified.compressed = tinfo.compressed;
    out->claims_unverified.form = tinfo.form;
    return DPP_OK;
}
