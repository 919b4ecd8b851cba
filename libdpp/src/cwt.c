/* SPDX-License-Identifier: Apache-2.0 */
/* The CWT claims set of a passport: option checks and writer (for encode.c),
 * strict reader (for verify.c). Keys and layout: cwt.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "codes.h"
#include "cwt.h"
#include "dpp/dpp_status.h"
#include "diag.h"
#include "dpp/dpp_attest.h"
#include "passport_cbor.h"
#include "transport.h"

/* ---- writing ---- */

static dpp_err check_opts(const dpp_encode_opts *opts, dpp_diag *diag)
{
    if (opts->iat <= 0) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.iat: must be > 0 (seconds since the epoch)");
    if (opts->has_exp && opts->exp <= opts->iat)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.exp: %lld is not after iat %lld",
                            (long long)opts->exp, (long long)opts->iat);
    if (opts->iss != NULL) {
        size_t n = strlen(opts->iss);
        if (n == 0 || n > DPP_CWT_MAX_ISS)
            return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.iss: length %zu is outside 1..%d bytes", n, DPP_CWT_MAX_ISS);
        if (!dpp_text_valid(opts->iss, n))
            return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                                "opts.iss: not valid UTF-8, or contains a control or bidi character");
    }
    if (opts->compress != DPP_COMPRESS_AUTO && opts->compress != DPP_COMPRESS_NEVER &&
        opts->compress != DPP_COMPRESS_ALWAYS)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.compress: unknown mode %d", (int)opts->compress);
    return DPP_OK;
}

/* Checks the trust-layer options against the (validated) passport. */
static dpp_err check_ex(const dpp_encode_ex_opts *x, const dpp_passport *p, char resolver[DPP_MAX_RESOLVER_LEN + 1],
                        dpp_diag *diag)
{
    if (x->n_attestations > DPP_MAX_ATTESTATIONS)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.n_attestations: %zu, at most %d",
                            x->n_attestations, DPP_MAX_ATTESTATIONS);
    for (size_t i = 0; i < x->n_attestations; i++) {
        dpp_err err;
        if (x->attestations[i].ptr == NULL || x->attestations[i].len == 0)
            return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.attestations[%zu] is empty", i);
        err = dpp_attestation_match(x->attestations[i].ptr, x->attestations[i].len, p, diag);
        if (err != DPP_OK) {
            if (diag != NULL) {
                char msg[DPP_DIAG_MSG_LEN];
                (void)snprintf(msg, sizeof msg, "%s", diag->msg);
                dpp_diag_set(diag, err, SIZE_MAX, "opts.attestations[%zu]: %s", i, msg);
            }
            return err;
        }
    }
    if (x->link_uri != NULL) {
        size_t n = strlen(x->link_uri);
        if (n == 0 || n > DPP_MAX_LINK_URI || !dpp_text_valid(x->link_uri, n))
            return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                                "opts.link_uri: 1..%d bytes of text without control or bidi characters", DPP_MAX_LINK_URI);
    } else if (x->has_link_sha256) {
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.has_link_sha256 needs opts.link_uri");
    }
    if (x->form != DPP_FORM_TEXT && x->form != DPP_FORM_LINK)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.form: unknown form %d", (int)x->form);
    if (x->resolver != NULL) {
        dpp_err err = dpp_resolver_normalize(x->resolver, strlen(x->resolver), resolver, DPP_MAX_RESOLVER_LEN + 1, diag);
        if (err != DPP_OK) {
            if (diag != NULL) {
                char msg[DPP_DIAG_MSG_LEN];
                (void)snprintf(msg, sizeof msg, "%s", diag->msg);
                dpp_diag_set(diag, err, SIZE_MAX, "opts.%s", msg);
            }
            return err;
        }
    } else if (x->form == DPP_FORM_LINK) {
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.form is DPP_FORM_LINK but opts.resolver is NULL");
    }
    if (x->has_status && x->status_index >= DPP_STATUS_MAX_BITS)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.status_index: %u, must be < %u",
                            (unsigned)x->status_index, DPP_STATUS_MAX_BITS);
    return DPP_OK;
}


dpp_err dpp_cwt_check_opts(const dpp_encode_opts *opts, const dpp_encode_ex_opts *x, const dpp_passport *p,
                           char resolver[DPP_MAX_RESOLVER_LEN + 1], dpp_diag *diag)
{
    dpp_err err = check_opts(opts, diag);
    resolver[0] = '\0';
    if (err == DPP_OK) err = dpp_passport_validate(p, diag);
    if (err == DPP_OK && x != NULL) err = check_ex(x, p, resolver, diag);
    return err;
}

/* CWT claims: {? 1: iss, ? 4: exp, 6: iat, -262: passport,
 * ? -263: attestations, ? -264: link, ? -265: resolver}, keys in deterministic order. x may be
 * NULL (no trust-layer claims). */
void dpp_cwt_write(cw_writer *w, const dpp_passport *p, const dpp_encode_opts *opts, const char *resolver,
                   const dpp_encode_ex_opts *x)
{
    bool att = x != NULL && x->n_attestations > 0, link = x != NULL && x->link_uri != NULL;
    bool res = resolver != NULL && resolver[0] != '\0';
    bool st = x != NULL && x->has_status;
    dpp_cw_map(w, 2u + (opts->iss != NULL) + (opts->has_exp ? 1u : 0u) + (size_t)att + (size_t)link + (size_t)res +
                      (size_t)st);
    if (opts->iss != NULL) {
        dpp_cw_uint(w, DPP_CWT_ISS);
        dpp_cw_cstr(w, opts->iss);
    }
    if (opts->has_exp) {
        dpp_cw_uint(w, DPP_CWT_EXP);
        dpp_cw_uint(w, (uint64_t)opts->exp);
    }
    dpp_cw_uint(w, DPP_CWT_IAT);
    dpp_cw_uint(w, (uint64_t)opts->iat);
    dpp_cw_int(w, DPP_CWT_PASSPORT);
    dpp_passport_write(w, p);
    if (att) {
        dpp_cw_int(w, DPP_CWT_ATTESTATIONS);
        dpp_cw_array(w, x->n_attestations);
        for (size_t i = 0; i < x->n_attestations; i++) dpp_cw_raw(w, x->attestations[i].ptr, x->attestations[i].len);
    }
    if (link) {
        dpp_cw_int(w, DPP_CWT_LINK);
        dpp_cw_array(w, x->has_link_sha256 ? 2 : 1);
        dpp_cw_cstr(w, x->link_uri);
        if (x->has_link_sha256) dpp_cw_bstr(w, x->link_sha256, sizeof x->link_sha256);
    }
    if (res) {
        dpp_cw_int(w, DPP_CWT_RESOLVER);
        dpp_cw_cstr(w, resolver);
    }
    if (st) {
        dpp_cw_int(w, DPP_CWT_STATUS);
        dpp_cw_array(w, 2);
        dpp_cw_bstr(w, x->status_list_id, sizeof x->status_list_id);
        dpp_cw_uint(w, x->status_index);
    }
}

/* ---- reading ---- */

/* -263: [1*4 attestation] */
static dpp_err read_attestations(cb_reader *r, dpp_claims *claims, dpp_cwt_read *res, dpp_diag *diag)
{
    cb_item a;
    if (dpp_cb_next(r, &a) != DPP_OK)
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
        ref->has_signed_at = v->has_signed_at;
        ref->signed_at = v->signed_at;
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
    if (dpp_cb_next(r, &a) != DPP_OK || a.type != CB_ARRAY || a.v < 1 || a.v > 2 || dpp_cb_next(r, &u) != DPP_OK) {
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
        if (dpp_cb_next(r, &h) != DPP_OK)
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
    if (dpp_cb_next(r, &u) != DPP_OK)
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

/* -266: status-list entry [list id bstr(8), index uint < DPP_STATUS_MAX_BITS] */
static dpp_err read_status(cb_reader *r, dpp_claims *claims, dpp_diag *diag)
{
    cb_item a, id, ix;
    if (dpp_cb_next(r, &a) != DPP_OK)
        return dpp_diag_set(diag, r->err, r->err_off, "CWT claims: %s at offset %zu", dpp_err_str(r->err), r->err_off);
    if (a.type != CB_ARRAY || a.v != 2)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, a.off, "CWT claims: status (-266) must be [list id, index]");
    if (dpp_cb_next(r, &id) != DPP_OK || dpp_cb_next(r, &ix) != DPP_OK)
        return dpp_diag_set(diag, r->err, r->err_off, "CWT claims: %s at offset %zu", dpp_err_str(r->err), r->err_off);
    if (id.type != CB_BSTR || id.v != sizeof claims->status_list_id)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, id.off, "CWT claims: status (-266) list id must be 8 bytes");
    if (ix.type != CB_UINT || ix.v >= DPP_STATUS_MAX_BITS)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, ix.off, "CWT claims: status (-266) index must be < %u",
                            DPP_STATUS_MAX_BITS);
    claims->has_status = true;
    memcpy(claims->status_list_id, id.ptr, sizeof claims->status_list_id);
    claims->status_index = (uint32_t)ix.v;
    return DPP_OK;
}

/*
 * Decodes the CWT claims set {? 1 iss, ? 4 exp, 6 iat, -262 passport}
 * strictly. CBOR and claim errors are returned; a schema error inside the
 * passport is left in res for the schema check, which runs last.
 */
static dpp_err read_claims_once(const dpp_bytes *payload, dpp_claims *claims, dpp_passport *passport,
                                dpp_cwt_read *res, dpp_diag *diag)
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
    dpp_cb_init(&r, payload->ptr, payload->len, true);
    if (dpp_cb_next(&r, &it) != DPP_OK)
        return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
    if (it.type != CB_MAP)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, it.off, "CWT claims: payload is not a map");
    n_claims = it.v;
    for (uint64_t i = 0; i < n_claims; i++) {
        int64_t k;
        dpp_err oe;
        if (dpp_cb_next(&r, &key) != DPP_OK)
            return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
        if (!dpp_cb_item_int64(&key, &k))
            return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, key.off, "CWT claims: claim key at offset %zu is not an integer",
                                key.off);
        oe = dpp_cb_key_order(prev, prev_len, r.buf + key.off, key.end - key.off);
        if (oe != DPP_OK)
            return dpp_diag_set(diag, oe, key.off, "CWT claims: claim %lld at offset %zu %s", (long long)k, key.off,
                                oe == DPP_ERR_CBOR_DUPLICATE_KEY ? "is repeated" : "is out of order");
        prev = r.buf + key.off;
        prev_len = key.end - key.off;
        if (k == DPP_CWT_ISS) {
            if (dpp_cb_next(&r, &it) != DPP_OK) break;
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
            if (dpp_cb_next(&r, &it) != DPP_OK) break;
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
        } else if (k == DPP_CWT_STATUS) {
            oe = read_status(&r, claims, diag);
            if (oe != DPP_OK) return oe;
        } else {
            return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, key.off, "CWT claims: unknown claim %lld", (long long)k);
        }
    }
    if (r.err != DPP_OK)
        return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
    if (dpp_cb_finish(&r) != DPP_OK)
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
dpp_err dpp_cwt_read_claims(const dpp_bytes *payload, dpp_claims *claims, dpp_passport *passport, dpp_cwt_read *res,
                            dpp_diag *diag)
{
    cb_reader r;
    dpp_err err = read_claims_once(payload, claims, passport, res, diag);
    if (err == DPP_OK && res->passport_err == DPP_OK) return DPP_OK;
    dpp_cb_init(&r, payload->ptr, payload->len, true);
    if (dpp_cb_skip(&r, NULL) == DPP_OK && dpp_cb_finish(&r) == DPP_OK) return err;
    memset(claims, 0, sizeof *claims);
    memset(passport, 0, sizeof *passport);
    memset(res, 0, sizeof *res);
    res->passport_err = DPP_OK;
    dpp_diag_clear(&res->passport_diag);
    return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
}

