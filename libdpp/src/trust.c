/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "dpp/dpp_verify.h"
#include "trust_internal.h"

/* Hard cap on keys in one store: verification scans candidates linearly
 * by kid, and a store is meant for a trust list, not a key database. */
#define DPP_TRUST_MAX_KEYS 4096

dpp_err dpp_trust_new(dpp_trust **out)
{
    dpp_trust *t;
    if (out == NULL) return DPP_ERR_INVALID_ARG;
    *out = NULL;
    t = calloc(1, sizeof *t);
    if (t == NULL) return DPP_ERR_NO_MEMORY;
    *out = t;
    return DPP_OK;
}

void dpp_trust_free(dpp_trust *trust)
{
    if (trust == NULL) return;
    for (size_t i = 0; i < trust->n; i++) dpp_key_free(trust->keys[i].key);
    free(trust->keys);
    free(trust);
}

dpp_err dpp_trust_add_key(dpp_trust *trust, const dpp_key *key)
{
    uint8_t kid[DPP_KID_LEN];
    uint8_t der_new[2600], der_old[2600];
    size_t len_new = 0, len_old = 0;
    if (trust == NULL || key == NULL) return DPP_ERR_INVALID_ARG;
    dpp_key_kid(key, kid);
    if (dpp_key_public_der(key, der_new, sizeof der_new, &len_new) != DPP_OK) return DPP_ERR_KEY_TYPE;
    for (size_t i = 0; i < trust->n; i++) {
        if (memcmp(trust->keys[i].kid, kid, DPP_KID_LEN) != 0) continue;
        if (dpp_key_public_der(trust->keys[i].key, der_old, sizeof der_old, &len_old) == DPP_OK &&
            len_old == len_new && memcmp(der_old, der_new, len_new) == 0) {
            int64_t a0, a1, b0, b1;
            bool va = dpp_key_validity(trust->keys[i].key, &a0, &a1);
            bool vb = dpp_key_validity(key, &b0, &b1);
            /* Same public key and same validity: nothing to add. */
            if (va == vb && (!va || (a0 == b0 && a1 == b1))) return DPP_OK;
        }
    }
    if (trust->n >= DPP_TRUST_MAX_KEYS) return DPP_ERR_TOO_LARGE;
    if (trust->n == trust->cap) {
        size_t ncap = trust->cap == 0 ? 8 : trust->cap * 2;
        dpp_trust_entry *nk = realloc(trust->keys, ncap * sizeof *nk);
        if (nk == NULL) return DPP_ERR_NO_MEMORY;
        trust->keys = nk;
        trust->cap = ncap;
    }
    trust->keys[trust->n].key = dpp_key_ref(key);
    memcpy(trust->keys[trust->n].kid, kid, DPP_KID_LEN);
    trust->n++;
    return DPP_OK;
}

dpp_err dpp_trust_add_bytes(dpp_trust *trust, const uint8_t *data, size_t len, dpp_diag *diag)
{
    dpp_key *key = NULL;
    dpp_err err;
    dpp_diag_clear(diag);
    if (trust == NULL || data == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust or data is NULL");
    err = dpp_key_load(data, len, &key, diag);
    if (err != DPP_OK) return err;
    err = dpp_trust_add_key(trust, key);
    dpp_key_free(key);
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "cannot add key to trust store: %s", dpp_err_str(err));
    return DPP_OK;
}

size_t dpp_trust_count(const dpp_trust *trust) { return trust == NULL ? 0 : trust->n; }
