/* SPDX-License-Identifier: Apache-2.0 */
/* The trust store (sorted by kid): pinned keys, pinned operator keys, and
 * loading signed trust and revocation lists into it (their envelope and
 * payload codecs are signed_list.c, trustlist.c and revocation.c). What a
 * verifier does with the store is trust_policy.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "dpp/dpp_trust.h"
#include "revocation_internal.h"
#include "trust_internal.h"
#include "trustlist_internal.h"
#include "x509_internal.h"

/* ---- the store ---- */

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

void dpp_trust_entry_clear(dpp_trust_entry *e)
{
    if (e == NULL) return;
    dpp_key_free(e->key);
    free(e->scope);
    free(e->spki);
    memset(e, 0, sizeof *e);
}

void dpp_trust_free(dpp_trust *trust)
{
    if (trust == NULL) return;
    for (size_t i = 0; i < trust->n; i++) dpp_trust_entry_clear(&trust->keys[i]);
    free(trust->keys);
    for (size_t i = 0; i < trust->n_ops; i++) dpp_key_free(trust->operators[i]);
    free(trust->operators);
    dpp_x509_store_free(trust->cas);
    dpp_rev_index_free(&trust->rev);
    free(trust);
}

dpp_err dpp_trust_entry_init(dpp_trust_entry *e, const dpp_key *key, dpp_key_source source)
{
    uint8_t der[DPP_SPKI_MAX_LEN];
    size_t len = 0;
    memset(e, 0, sizeof *e);
    if (dpp_key_public_der(key, der, sizeof der, &len) != DPP_OK) return DPP_ERR_KEY_TYPE;
    e->spki = malloc(len);
    if (e->spki == NULL) return DPP_ERR_NO_MEMORY;
    memcpy(e->spki, der, len);
    e->spki_len = len;
    e->key = dpp_key_ref(key);
    dpp_key_kid(key, e->kid);
    e->source = source;
    e->role = DPP_ROLE_ANY;
    return DPP_OK;
}

size_t dpp_trust_lower_bound(const dpp_trust *t, const uint8_t kid[DPP_KID_LEN])
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(t->keys[mid].kid, kid, DPP_KID_LEN) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* First index whose kid is > kid. */
static size_t upper_bound(const dpp_trust *t, const uint8_t kid[DPP_KID_LEN])
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(t->keys[mid].kid, kid, DPP_KID_LEN) <= 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

dpp_err dpp_trust_insert(dpp_trust *t, dpp_trust_entry *e)
{
    size_t at;
    if (t->n == t->cap) {
        size_t ncap = t->cap == 0 ? 8 : t->cap * 2;
        dpp_trust_entry *nk;
        if (ncap > SIZE_MAX / sizeof *nk) return DPP_ERR_NO_MEMORY;
        nk = realloc(t->keys, ncap * sizeof *nk);
        if (nk == NULL) return DPP_ERR_NO_MEMORY;
        t->keys = nk;
        t->cap = ncap;
    }
    at = upper_bound(t, e->kid);
    memmove(&t->keys[at + 1], &t->keys[at], (t->n - at) * sizeof t->keys[0]);
    t->keys[at] = *e;
    t->n++;
    if (e->source == DPP_SOURCE_PINNED) t->n_pinned++;
    memset(e, 0, sizeof *e);
    return DPP_OK;
}

void dpp_trust_remove_source(dpp_trust *t, dpp_key_source source)
{
    size_t j = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (t->keys[i].source == source) {
            dpp_trust_entry_clear(&t->keys[i]);
            continue;
        }
        t->keys[j++] = t->keys[i];
    }
    t->n = j;
    if (source == DPP_SOURCE_PINNED) t->n_pinned = 0;
}

dpp_err dpp_trust_add_key(dpp_trust *trust, const dpp_key *key)
{
    dpp_trust_entry e;
    dpp_err err;
    if (trust == NULL || key == NULL) return DPP_ERR_INVALID_ARG;
    err = dpp_trust_entry_init(&e, key, DPP_SOURCE_PINNED);
    if (err != DPP_OK) {
        dpp_trust_entry_clear(&e);
        return err;
    }
    for (size_t i = dpp_trust_lower_bound(trust, e.kid);
         i < trust->n && memcmp(trust->keys[i].kid, e.kid, DPP_KID_LEN) == 0; i++) {
        const dpp_trust_entry *o = &trust->keys[i];
        if (o->source == DPP_SOURCE_PINNED && o->spki_len == e.spki_len &&
            memcmp(o->spki, e.spki, e.spki_len) == 0) {
            int64_t a0, a1, b0, b1;
            bool va = dpp_key_validity(o->key, &a0, &a1);
            bool vb = dpp_key_validity(key, &b0, &b1);
            /* Same public key and same validity: nothing to add. */
            if (va == vb && (!va || (a0 == b0 && a1 == b1))) {
                dpp_trust_entry_clear(&e);
                return DPP_OK;
            }
        }
    }
    if (trust->n_pinned >= DPP_TRUST_MAX_KEYS) {
        dpp_trust_entry_clear(&e);
        return DPP_ERR_TOO_LARGE;
    }
    err = dpp_trust_insert(trust, &e);
    dpp_trust_entry_clear(&e);
    return err;
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

/* Most pinned operator keys (a rotation needs two or three). */
#define MAX_OPERATORS 64

dpp_err dpp_trust_pin_operator(dpp_trust *trust, const dpp_key *operator_key)
{
    uint8_t kid[DPP_KID_LEN], okid[DPP_KID_LEN];
    uint8_t der[DPP_SPKI_MAX_LEN];
    size_t der_len = 0;
    dpp_key *pub = NULL;
    if (trust == NULL || operator_key == NULL) return DPP_ERR_INVALID_ARG;
    dpp_key_kid(operator_key, kid);
    for (size_t i = 0; i < trust->n_ops; i++) {
        dpp_key_kid(trust->operators[i], okid);
        if (memcmp(kid, okid, DPP_KID_LEN) == 0 && dpp_key_alg(trust->operators[i]) == dpp_key_alg(operator_key))
            return DPP_OK;
    }
    if (trust->n_ops >= MAX_OPERATORS) return DPP_ERR_TOO_LARGE;
    if (trust->n_ops == trust->cap_ops) {
        size_t ncap = trust->cap_ops == 0 ? 4 : trust->cap_ops * 2;
        dpp_key **no = realloc(trust->operators, ncap * sizeof *no);
        if (no == NULL) return DPP_ERR_NO_MEMORY;
        trust->operators = no;
        trust->cap_ops = ncap;
    }
    /* Keep only the public part: the store never signs. */
    if (dpp_key_public_der(operator_key, der, sizeof der, &der_len) != DPP_OK) return DPP_ERR_KEY_TYPE;
    if (dpp_key_load(der, der_len, &pub, NULL) != DPP_OK) return DPP_ERR_KEY_TYPE;
    trust->operators[trust->n_ops++] = pub;
    return DPP_OK;
}

/* ---- trust lists ---- */

dpp_err dpp_trust_use_list(dpp_trust *trust, const dpp_trustlist *tl, dpp_diag *diag)
{
    dpp_trust *tmp = NULL;
    dpp_trust_entry e;
    const tl_item *items;
    size_t n_items = 0;
    dpp_err err = DPP_OK;

    dpp_diag_clear(diag);
    if (trust == NULL || tl == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust or list is NULL");
    /* Build the new entries aside, so a failure leaves the store unchanged. */
    if (dpp_trust_new(&tmp) != DPP_OK) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    items = dpp_trustlist_items(tl, &n_items);
    for (size_t i = 0; i < n_items && err == DPP_OK; i++) {
        const tl_item *it = &items[i];
        err = dpp_trust_entry_init(&e, it->key, DPP_SOURCE_LIST);
        if (err == DPP_OK) {
            e.role = it->role;
            e.has_nb = it->has_nb;
            e.nb = it->nb;
            e.has_na = it->has_na;
            e.na = it->na;
            e.party = it->party;
            if (it->scope != NULL) {
                e.scope = malloc(sizeof *e.scope);
                if (e.scope == NULL) err = DPP_ERR_NO_MEMORY;
                else *e.scope = *it->scope;
            }
        }
        if (err == DPP_OK) err = dpp_trust_insert(tmp, &e);
        dpp_trust_entry_clear(&e);
    }
    if (err != DPP_OK) {
        dpp_trust_free(tmp);
        return dpp_diag_set(diag, err, SIZE_MAX, "cannot load the trust list: %s", dpp_err_str(err));
    }
    dpp_trust_remove_source(trust, DPP_SOURCE_LIST);
    for (size_t i = 0; i < tmp->n && err == DPP_OK; i++) err = dpp_trust_insert(trust, &tmp->keys[i]);
    if (err != DPP_OK) {
        /* Only an allocation failure gets here; drop the partial list. */
        dpp_trust_remove_source(trust, DPP_SOURCE_LIST);
        err = dpp_diag_set(diag, err, SIZE_MAX, "cannot load the trust list: %s", dpp_err_str(err));
    }
    dpp_trust_free(tmp);
    return err;
}

dpp_err dpp_trust_load_list(dpp_trust *trust, const uint8_t *data, size_t len, const dpp_list_policy *policy,
                            dpp_list_info *info, dpp_diag *diag)
{
    dpp_trustlist *tl = NULL;
    dpp_list_info li;
    dpp_err err;

    dpp_diag_clear(diag);
    if (info != NULL) memset(info, 0, sizeof *info);
    if (trust == NULL || policy == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust and policy must not be NULL");
    err = dpp_trustlist_decode(data, len, true, (const dpp_key *const *)trust->operators, trust->n_ops, policy, &tl,
                               &li, diag);
    if (err != DPP_OK) return err;
    err = dpp_trust_use_list(trust, tl, diag);
    dpp_trustlist_free(tl);
    if (err == DPP_OK && info != NULL) *info = li;
    return err;
}

/* ---- revocation lists ---- */

dpp_err dpp_trust_use_revocations(dpp_trust *trust, const dpp_revlist *rl, dpp_diag *diag)
{
    dpp_rev_index copy;
    dpp_diag_clear(diag);
    if (trust == NULL || rl == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust or list is NULL");
    if (dpp_rev_index_copy(&copy, dpp_revlist_index_const(rl)) != DPP_OK)
        return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    dpp_rev_index_free(&trust->rev);
    trust->rev = copy;
    trust->has_revocations = true;
    return DPP_OK;
}

dpp_err dpp_trust_load_revocations(dpp_trust *trust, const uint8_t *data, size_t len, const dpp_list_policy *policy,
                                   dpp_list_info *info, dpp_diag *diag)
{
    dpp_revlist *rl = NULL;
    dpp_list_info li;
    dpp_err err;

    dpp_diag_clear(diag);
    if (info != NULL) memset(info, 0, sizeof *info);
    if (trust == NULL || policy == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust and policy must not be NULL");
    err = dpp_revlist_decode(data, len, true, (const dpp_key *const *)trust->operators, trust->n_ops, policy, &rl, &li,
                            diag);
    if (err != DPP_OK) return err;
    /* Take the decoded index over: no copy of a large list. */
    dpp_rev_index_free(&trust->rev);
    trust->rev = *dpp_revlist_index(rl);
    memset(dpp_revlist_index(rl), 0, sizeof trust->rev);
    trust->has_revocations = true;
    dpp_revlist_free(rl);
    if (info != NULL) *info = li;
    return DPP_OK;
}

dpp_err dpp_trust_find_revocation(const dpp_trust *trust, const dpp_revocation *r, dpp_revocation *found)
{
    if (found != NULL) memset(found, 0, sizeof *found);
    if (trust == NULL || r == NULL || !trust->has_revocations) return DPP_ERR_INVALID_ARG;
    return dpp_rev_index_lookup(&trust->rev, r, found);
}
