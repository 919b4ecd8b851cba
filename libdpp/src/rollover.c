/* SPDX-License-Identifier: Apache-2.0 */
/* Operator key rollover statements (spec/trust.md 3.9): a COSE_Sign1 by
 * the current operator key announcing its successor, carried in a trust
 * list's operator chain (key 7), and the walk a verifier does from the keys
 * it pins to the key that signed a list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "cose_internal.h"
#include "diag.h"
#include "dpp/dpp_cose.h"
#include "dpp/dpp_trustlist.h"
#include "rollover_internal.h"
#include "trust_internal.h"

static const char k_aad[] = "dpp-operator-rollover-v1";

static dpp_cose_opts rollover_opts(unsigned flags)
{
    dpp_cose_opts o;
    o.flags = flags;
    o.aad.ptr = (const uint8_t *)k_aad;
    o.aad.len = sizeof k_aad - 1;
    return o;
}

dpp_err dpp_rollover_sign(const dpp_key *old_key, const dpp_key *new_key, uint8_t *out, size_t out_cap,
                          size_t *out_len, dpp_diag *diag)
{
    uint8_t der[DPP_SPKI_MAX_LEN], payload[DPP_SPKI_MAX_LEN + 16];
    uint8_t ko[DPP_KID_LEN], kn[DPP_KID_LEN];
    size_t der_len = 0;
    cw_writer w;
    dpp_cose_opts opts = rollover_opts(DPP_COSE_TAGGED | DPP_COSE_INCLUDE_KID);

    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (old_key == NULL || new_key == NULL || out_len == NULL || (out == NULL && out_cap != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "old_key, new_key and out_len must not be NULL");
    if (!dpp_key_is_private(old_key))
        return dpp_diag_set(diag, DPP_ERR_KEY_NOT_PRIVATE, SIZE_MAX,
                            "a rollover is signed with the current operator's private key");
    dpp_key_kid(old_key, ko);
    dpp_key_kid(new_key, kn);
    if (memcmp(ko, kn, DPP_KID_LEN) == 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "new_key: the successor is the current key");
    if (dpp_key_public_der(new_key, der, sizeof der, &der_len) != DPP_OK)
        return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX, "new_key: no public key of a supported type");
    dpp_cw_init(&w, payload, sizeof payload);
    dpp_cw_map(&w, 1);
    dpp_cw_uint(&w, 1);
    dpp_cw_bstr(&w, der, der_len);
    if (dpp_cw_err(&w) != DPP_OK) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "cannot encode the rollover");
    return dpp_cose_sign1_sign_ex(payload, w.len, false, DPP_ROLLOVER_MAX_LEN, old_key, &opts, out, out_cap, out_len,
                                  diag);
}

dpp_err dpp_rollover_open(const uint8_t *stmt, size_t len, const dpp_key *signer, uint8_t kid[DPP_KID_LEN],
                          dpp_key **successor, dpp_diag *diag)
{
    dpp_cose_opts opts = rollover_opts(DPP_COSE_TAGGED | DPP_COSE_STRICT);
    dpp_cose_sign1 m;
    cb_reader r;
    cb_item head, k, v;
    uint8_t nk[DPP_KID_LEN];
    dpp_err err;

    if (successor != NULL) *successor = NULL;
    if (len > DPP_ROLLOVER_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "rollover: %zu bytes; the limit is %u", len,
                            DPP_ROLLOVER_MAX_LEN);
    err = dpp_cose_sign1_parse_cap(stmt, len, DPP_ROLLOVER_MAX_LEN, &opts, &m, diag);
    if (err != DPP_OK) return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "rollover: not a COSE_Sign1");
    if (m.detached || m.signature.len == 0 || !m.has_alg || !m.alg_protected || m.kid.len != DPP_KID_LEN ||
        !m.kid_protected)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX,
                            "rollover: needs a payload, a signature and a protected alg and 8-byte kid");
    memcpy(kid, m.kid.ptr, DPP_KID_LEN);
    if (signer != NULL) {
        if ((int64_t)dpp_key_alg(signer) != m.alg || dpp_cose_sign1_verify_ex(&m, NULL, signer, &opts, NULL) != DPP_OK)
            return dpp_diag_set(diag, DPP_ERR_SIGNATURE, SIZE_MAX,
                                "rollover signature does not verify with the operator key it names");
    }
    dpp_cb_init(&r, m.payload.ptr, m.payload.len, true);
    if (dpp_cb_next(&r, &head) != DPP_OK || head.type != CB_MAP || head.v != 1 || dpp_cb_next(&r, &k) != DPP_OK ||
        k.type != CB_UINT || k.v != 1 || dpp_cb_next(&r, &v) != DPP_OK || v.type != CB_BSTR ||
        dpp_cb_finish(&r) != DPP_OK)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "rollover: payload is not {1: successor key}");
    if (successor == NULL) return DPP_OK;
    err = dpp_key_load_public(v.ptr, (size_t)v.v, successor, NULL);
    if (err != DPP_OK)
        return dpp_diag_set(diag, err == DPP_ERR_KEY_WEAK ? err : DPP_ERR_LIST_FORMAT, SIZE_MAX,
                            "rollover: the successor key does not load: %s", dpp_err_str(err));
    dpp_key_kid(*successor, nk);
    if (memcmp(nk, kid, DPP_KID_LEN) == 0) {
        dpp_key_free(*successor);
        *successor = NULL;
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "rollover: the successor is the current key");
    }
    return DPP_OK;
}

static bool is_pinned(const dpp_key *const *pins, size_t n, const uint8_t kid[DPP_KID_LEN], const dpp_key **hit)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t k[DPP_KID_LEN];
        dpp_key_kid(pins[i], k);
        if (memcmp(k, kid, DPP_KID_LEN) == 0) {
            *hit = pins[i];
            return true;
        }
    }
    return false;
}

static void hex(const uint8_t *p, char out[2 * DPP_KID_LEN + 1])
{
    static const char k[] = "0123456789abcdef";
    for (size_t i = 0; i < DPP_KID_LEN; i++) {
        out[2 * i] = k[p[i] >> 4];
        out[2 * i + 1] = k[p[i] & 15];
    }
    out[2 * DPP_KID_LEN] = '\0';
}

dpp_err dpp_rollover_follow(const uint8_t *const *stmts, const size_t *lens, size_t n, const dpp_key *const *pins,
                            size_t n_pins, const uint8_t signer_kid[DPP_KID_LEN], dpp_rollover_walk *walk,
                            dpp_diag *diag)
{
    const dpp_key *cur = NULL;
    dpp_key *owned = NULL; /* cur when it came from a statement */
    char a[2 * DPP_KID_LEN + 1], b[2 * DPP_KID_LEN + 1];
    dpp_err err = DPP_OK;

    memset(walk, 0, sizeof *walk);
    for (size_t i = 0; i < n && err == DPP_OK; i++) {
        uint8_t kid[DPP_KID_LEN];
        const dpp_key *pin = NULL;
        dpp_key *next = NULL;
        err = dpp_rollover_open(stmts[i], lens[i], NULL, kid, NULL, diag);
        if (err != DPP_OK) break;
        if (cur == NULL) {
            /* Statements before the first key we pin are history. */
            if (!is_pinned(pins, n_pins, kid, &pin)) continue;
            cur = pin;
        } else {
            uint8_t ck[DPP_KID_LEN];
            dpp_key_kid(cur, ck);
            if (memcmp(ck, kid, DPP_KID_LEN) != 0) {
                hex(ck, a);
                hex(kid, b);
                err = dpp_diag_set(diag, DPP_ERR_ROLLOVER_GAP, SIZE_MAX,
                                   "operator chain[%zu] is signed by %s, but the key before it handed over to %s: a "
                                   "step is missing",
                                   i, b, a);
                break;
            }
        }
        err = dpp_rollover_open(stmts[i], lens[i], cur, kid, &next, diag);
        if (err != DPP_OK) break;
        dpp_key_kid(cur, walk->retired[walk->n_retired++]);
        dpp_key_free(owned);
        owned = next;
        cur = next;
    }
    if (err == DPP_OK && cur == NULL) {
        hex(signer_kid, a);
        err = dpp_diag_set(diag, DPP_ERR_LIST_UNPINNED, SIZE_MAX,
                           "trust list is signed by kid %s, which is not a pinned operator key, and its operator "
                           "chain starts from no pinned key",
                           a);
    }
    if (err == DPP_OK) {
        uint8_t ck[DPP_KID_LEN];
        dpp_key_kid(cur, ck);
        if (memcmp(ck, signer_kid, DPP_KID_LEN) != 0) {
            hex(signer_kid, a);
            hex(ck, b);
            err = dpp_diag_set(diag, DPP_ERR_ROLLOVER_GAP, SIZE_MAX,
                               "trust list is signed by %s, but its operator chain ends at %s: a step is missing", a,
                               b);
        }
    }
    if (err != DPP_OK) {
        dpp_key_free(owned);
        memset(walk, 0, sizeof *walk);
        return err;
    }
    walk->successor = owned;
    return DPP_OK;
}
