/* SPDX-License-Identifier: Apache-2.0 */
/* The signed-list envelope shared by trust lists and revocation lists
 * (spec/trust.md sections 3 and 6): open, verify against pinned operator
 * keys, header, freshness and rollback policy, encode and sign. The body of
 * each type is its payload codec's (trustlist.c, revocation.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "cose_internal.h"
#include "diag.h"
#include "dpp/dpp_cose.h"
#include "signed_list.h"
#include "timeutil.h"

#define LIST_VERSION 1

static const char k_aad_trust[] = "dpp-trust-list-v1";
static const char k_aad_revocation[] = "dpp-revocation-list-v1";
static const char k_aad_status[] = "dpp-status-list-v1";

static dpp_bytes list_aad(int type)
{
    dpp_bytes b;
    if (type == DPP_LIST_TYPE_TRUST) {
        b.ptr = (const uint8_t *)k_aad_trust;
        b.len = sizeof k_aad_trust - 1;
    } else if (type == DPP_LIST_TYPE_REVOCATION) {
        b.ptr = (const uint8_t *)k_aad_revocation;
        b.len = sizeof k_aad_revocation - 1;
    } else {
        b.ptr = (const uint8_t *)k_aad_status;
        b.len = sizeof k_aad_status - 1;
    }
    return b;
}

static const char *list_type_name(int type)
{
    return type == DPP_LIST_TYPE_TRUST ? "trust" : type == DPP_LIST_TYPE_REVOCATION ? "revocation" : "status";
}

static void kid_hex(const uint8_t *kid, size_t n, char out[2 * DPP_KID_LEN + 1])
{
    static const char k[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n && i < DPP_KID_LEN; i++) {
        out[2 * i] = k[kid[i] >> 4];
        out[2 * i + 1] = k[kid[i] & 15];
    }
    out[2 * i] = '\0';
}

/* ---- the signed-list envelope ---- */

dpp_err dpp_list_header_check(const dpp_list_header *hdr, dpp_diag *diag)
{
    if (hdr == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "list header is NULL");
    if (hdr->sequence == 0 || hdr->sequence > (uint64_t)INT64_MAX)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "header.sequence: must be 1..2^63-1");
    if (hdr->issued_at <= 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "header.issued_at: must be > 0");
    if (hdr->next_update <= hdr->issued_at)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                            "header.next_update: %lld is not after issued_at %lld", (long long)hdr->next_update,
                            (long long)hdr->issued_at);
    return DPP_OK;
}

dpp_err dpp_list_sign(const uint8_t *payload, size_t payload_len, int type, const dpp_key *key, uint8_t *out,
                      size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    dpp_cose_opts opts;
    opts.flags = DPP_COSE_TAGGED | DPP_COSE_INCLUDE_KID;
    opts.aad = list_aad(type);
    return dpp_cose_sign1_sign_ex(payload, payload_len, false, DPP_LIST_MAX_LEN, key, &opts, out, out_cap, out_len,
                                  diag);
}

static dpp_err hdr_uint(cb_reader *r, int64_t want_key, const char *what, uint64_t *v, dpp_diag *diag)
{
    cb_item k, it;
    if (dpp_cb_next(r, &k) != DPP_OK || dpp_cb_next(r, &it) != DPP_OK)
        return dpp_diag_set(diag, r->err, r->err_off, "list: %s at offset %zu", dpp_err_name(r->err), r->err_off);
    if (k.type != CB_UINT || k.v != (uint64_t)want_key)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, k.off, "list: key %lld (%s) missing at offset %zu",
                            (long long)want_key, what, k.off);
    if (it.type != CB_UINT || it.v > (uint64_t)INT64_MAX)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, it.off, "list: %s is not an unsigned integer", what);
    *v = it.v;
    return DPP_OK;
}

dpp_err dpp_list_open(const uint8_t *data, size_t len, int type, bool verify, const dpp_key *const *pins,
                      size_t n_pins, const dpp_list_policy *policy, cb_reader *r, uint64_t *n_rest,
                      dpp_list_info *info, dpp_diag *diag)
{
    dpp_cose_opts opts;
    dpp_cose_sign1 m;
    cb_item head;
    uint64_t version = 0, ltype = 0, seq = 0, issued = 0, next = 0;
    char kh[2 * DPP_KID_LEN + 1];
    dpp_err err;

    memset(info, 0, sizeof *info);
    *n_rest = 0;
    if (data == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "list data is NULL");
    if (len > DPP_LIST_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "list is %zu bytes; the limit is %u", len,
                            DPP_LIST_MAX_LEN);
    if (len > 0 && (data[0] >> 5) == 5)
        return dpp_diag_set(diag, DPP_ERR_LIST_UNSIGNED, 0,
                            "%s list: a bare CBOR map, not a COSE_Sign1: the list is not signed",
                            list_type_name(type));
    opts.flags = DPP_COSE_TAGGED | DPP_COSE_STRICT;
    opts.aad = list_aad(type);
    err = dpp_cose_sign1_parse_cap(data, len, DPP_LIST_MAX_LEN, &opts, &m, diag);
    if (err != DPP_OK) return err;
    if (m.detached)
        return dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX, "%s list: payload is nil", list_type_name(type));
    if (m.signature.len == 0)
        return dpp_diag_set(diag, DPP_ERR_LIST_UNSIGNED, SIZE_MAX, "%s list: the signature is empty",
                            list_type_name(type));
    if (!m.has_alg) return dpp_diag_set(diag, DPP_ERR_ALG_MISSING, SIZE_MAX, "list: protected header has no alg");
    if (!m.alg_protected)
        return dpp_diag_set(diag, DPP_ERR_ALG_UNPROTECTED, SIZE_MAX, "list: alg only in the unprotected header");
    if (m.kid.len != DPP_KID_LEN || !m.kid_protected)
        return dpp_diag_set(diag, DPP_ERR_KID_MISSING, SIZE_MAX, "list: protected header has no 8-byte kid");
    memcpy(info->signer_kid, m.kid.ptr, DPP_KID_LEN);
    kid_hex(m.kid.ptr, DPP_KID_LEN, kh);

    if (verify) {
        size_t candidates = 0;
        bool ok = false;
        dpp_err last = DPP_ERR_SIGNATURE;
        if (n_pins == 0 || pins == NULL)
            return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "no trust-list operator key is pinned");
        for (size_t i = 0; i < n_pins && !ok; i++) {
            uint8_t pk[DPP_KID_LEN];
            dpp_key_kid(pins[i], pk);
            if (memcmp(pk, m.kid.ptr, DPP_KID_LEN) != 0) continue;
            candidates++;
            last = dpp_cose_sign1_verify_ex(&m, NULL, pins[i], &opts, diag);
            ok = last == DPP_OK;
        }
        if (candidates == 0)
            return dpp_diag_set(diag, DPP_ERR_LIST_UNPINNED, SIZE_MAX,
                                "%s list is signed by kid %s, which is not a pinned operator key",
                                list_type_name(type), kh);
        if (!ok) {
            /* A list of another type verifies under its own AAD: say so. */
            dpp_cose_opts other = opts;
            for (int otype = DPP_LIST_TYPE_TRUST; otype <= DPP_LIST_TYPE_STATUS; otype++) {
                if (otype == type) continue;
                other.aad = list_aad(otype);
                for (size_t i = 0; i < n_pins; i++) {
                    uint8_t pk[DPP_KID_LEN];
                    dpp_key_kid(pins[i], pk);
                    if (memcmp(pk, m.kid.ptr, DPP_KID_LEN) == 0 &&
                        dpp_cose_sign1_verify_ex(&m, NULL, pins[i], &other, NULL) == DPP_OK)
                        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "this is a %s list, not a %s list",
                                            list_type_name(otype), list_type_name(type));
                }
            }
            if (last == DPP_ERR_SIGNATURE)
                return dpp_diag_set(diag, DPP_ERR_SIGNATURE, SIZE_MAX,
                                    "%s list signature does not verify with the pinned operator key %s "
                                    "(the list was changed after signing)",
                                    list_type_name(type), kh);
            return last;
        }
    }

    dpp_cb_init(r, m.payload.ptr, m.payload.len, true);
    if (dpp_cb_next(r, &head) != DPP_OK)
        return dpp_diag_set(diag, r->err, r->err_off, "list: %s at offset %zu", dpp_err_name(r->err), r->err_off);
    if (head.type != CB_MAP || head.v < 5)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, head.off, "list: payload is not a map with keys 1..5");
    if ((err = hdr_uint(r, 1, "version", &version, diag)) != DPP_OK) return err;
    if (version != LIST_VERSION)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "list: version %" PRIu64 " (this library reads 1)",
                            version);
    if ((err = hdr_uint(r, 2, "type", &ltype, diag)) != DPP_OK) return err;
    if (ltype != (uint64_t)type) {
        if (ltype >= DPP_LIST_TYPE_TRUST && ltype <= DPP_LIST_TYPE_STATUS)
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "this is a %s list, not a %s list",
                                list_type_name((int)ltype), list_type_name(type));
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "list: unknown type %" PRIu64, ltype);
    }
    if ((err = hdr_uint(r, 3, "sequence", &seq, diag)) != DPP_OK) return err;
    if ((err = hdr_uint(r, 4, "issued_at", &issued, diag)) != DPP_OK) return err;
    if ((err = hdr_uint(r, 5, "next_update", &next, diag)) != DPP_OK) return err;
    if (seq == 0 || issued == 0 || next <= issued)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX,
                            "list: sequence must be >= 1 and 0 < issued_at < next_update");
    info->sequence = seq;
    info->issued_at = (int64_t)issued;
    info->next_update = (int64_t)next;

    if (policy != NULL) {
        if (policy->grace_seconds < 0)
            return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "policy.grace_seconds is negative");
        if (seq < policy->min_sequence)
            return dpp_diag_set(diag, DPP_ERR_LIST_ROLLBACK, SIZE_MAX,
                                "%s list sequence %" PRIu64 " is older than %" PRIu64 ", the last one accepted",
                                list_type_name(type), seq, policy->min_sequence);
        char t_a[DPP_TIME_ISO_LEN], t_now[DPP_TIME_ISO_LEN];
        if (dpp_time_after((int64_t)issued, policy->now, DPP_IAT_SKEW_SECONDS))
            return dpp_diag_set(diag, DPP_ERR_NOT_YET_VALID, SIZE_MAX,
                                "%s list issued at %s, later than the validation time %s plus %d s skew",
                                list_type_name(type), dpp_time_iso((int64_t)issued, t_a), dpp_time_iso(policy->now, t_now),
                                DPP_IAT_SKEW_SECONDS);
        if (policy->now > (int64_t)next && dpp_time_diff(policy->now, (int64_t)next) > (uint64_t)policy->grace_seconds)
            return dpp_diag_set(diag, DPP_ERR_LIST_STALE, SIZE_MAX,
                                "%s list next update was due at %s; validation time %s is past it by more than the "
                                "%lld s grace period",
                                list_type_name(type), dpp_time_iso((int64_t)next, t_a), dpp_time_iso(policy->now, t_now),
                                (long long)policy->grace_seconds);
        info->past_next_update = policy->now > (int64_t)next;
    }
    *n_rest = head.v - 5;
    return DPP_OK;
}

/* ---- documents through a payload codec ---- */

dpp_err dpp_list_decode(const dpp_list_codec *c, const uint8_t *data, size_t len, bool verify,
                        const dpp_key *const *pins, size_t n_pins, const dpp_list_policy *policy, void **out,
                        dpp_list_info *info, dpp_diag *diag)
{
    cb_reader r;
    uint64_t n_rest = 0;
    dpp_list_info li;
    void *doc = NULL;
    dpp_err err;

    err = dpp_list_open(data, len, c->type, verify, pins, n_pins, policy, &r, &n_rest, &li, diag);
    if (err != DPP_OK) return err;
    err = c->read_body(&r, n_rest, &doc, diag);
    if (err != DPP_OK) return err;
    if (dpp_cb_finish(&r) != DPP_OK) {
        err = dpp_diag_set(diag, r.err, r.err_off, "%s list: %s at offset %zu", list_type_name(c->type),
                           dpp_err_name(r.err), r.err_off);
        c->free_doc(doc);
        return err;
    }
    li.n_entries = c->count(doc);
    if (info != NULL) *info = li;
    *out = doc;
    dpp_diag_clear(diag);
    return DPP_OK;
}

dpp_err dpp_list_parse_with(const dpp_list_codec *c, const uint8_t *data, size_t len, const dpp_key *operator_key,
                            const dpp_list_policy *policy, void **out, dpp_list_info *info, dpp_diag *diag)
{
    dpp_diag_clear(diag);
    if (info != NULL) memset(info, 0, sizeof *info);
    if (out != NULL) *out = NULL;
    if (out == NULL || operator_key == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out and operator_key must not be NULL");
    return dpp_list_decode(c, data, len, true, &operator_key, 1, policy, out, info, diag);
}

dpp_err dpp_list_inspect_with(const dpp_list_codec *c, const uint8_t *data, size_t len, void **out,
                              dpp_list_info *info, dpp_diag *diag)
{
    dpp_diag_clear(diag);
    if (info != NULL) memset(info, 0, sizeof *info);
    if (out != NULL) *out = NULL;
    if (out == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out must not be NULL");
    return dpp_list_decode(c, data, len, false, NULL, 0, NULL, out, info, diag);
}

static void write_list(cw_writer *w, const dpp_list_codec *c, const void *doc, const dpp_list_header *h)
{
    dpp_cw_map(w, 5u + c->body_pairs(doc));
    dpp_cw_uint(w, 1);
    dpp_cw_uint(w, LIST_VERSION);
    dpp_cw_uint(w, 2);
    dpp_cw_uint(w, (uint64_t)c->type);
    dpp_cw_uint(w, 3);
    dpp_cw_uint(w, h->sequence);
    dpp_cw_uint(w, 4);
    dpp_cw_uint(w, (uint64_t)h->issued_at);
    dpp_cw_uint(w, 5);
    dpp_cw_uint(w, (uint64_t)h->next_update);
    c->write_body(w, doc);
}

dpp_err dpp_list_sign_with(const dpp_list_codec *c, const void *doc, const dpp_key *operator_key,
                           const dpp_list_header *hdr, uint8_t *out, size_t out_cap, size_t *out_len,
                           dpp_diag *diag)
{
    cw_writer w;
    uint8_t *payload = NULL;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (doc == NULL || operator_key == NULL || out_len == NULL || (out == NULL && out_cap != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "list, key and out_len must not be NULL");
    err = dpp_list_header_check(hdr, diag);
    if (err != DPP_OK) return err;
    if (!dpp_key_is_private(operator_key))
        return dpp_diag_set(diag, DPP_ERR_KEY_NOT_PRIVATE, SIZE_MAX, "signing a list needs the operator's private key");
    dpp_cw_init(&w, NULL, 0);
    write_list(&w, c, doc, hdr);
    if (w.len > DPP_LIST_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "list payload is %zu bytes; the limit is %u", w.len,
                            DPP_LIST_MAX_LEN);
    payload = malloc(w.len == 0 ? 1 : w.len);
    if (payload == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    dpp_cw_init(&w, payload, w.len);
    write_list(&w, c, doc, hdr);
    if (dpp_cw_err(&w) != DPP_OK) err = dpp_diag_set(diag, dpp_cw_err(&w), SIZE_MAX, "cannot encode the list");
    else err = dpp_list_sign(payload, w.len, c->type, operator_key, out, out_cap, out_len, diag);
    free(payload);
    return err;
}
