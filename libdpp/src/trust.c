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
#include "rollover_internal.h"
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
    for (size_t s = 0; s <= trust->n_schemes; s++) {
        dpp_trust_scheme *sc = &trust->schemes[s];
        for (size_t i = 0; i < sc->n_ops; i++) dpp_key_free(sc->operators[i]);
        free(sc->operators);
        dpp_rev_index_free(&sc->rev);
    }
    for (size_t i = 0; i < trust->n_status; i++) free(trust->status[i].bits);
    free(trust->status);
    dpp_x509_store_free(trust->cas);
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

void dpp_trust_remove_scheme_list(dpp_trust *t, uint16_t s)
{
    size_t j = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (t->keys[i].source == DPP_SOURCE_LIST && t->keys[i].scheme == s) {
            dpp_trust_entry_clear(&t->keys[i]);
            continue;
        }
        t->keys[j++] = t->keys[i];
    }
    t->n = j;
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

/* Pins operator_key (its public part) into scheme sc. */
static dpp_err pin_into(dpp_trust_scheme *sc, const dpp_key *operator_key)
{
    uint8_t kid[DPP_KID_LEN], okid[DPP_KID_LEN];
    uint8_t der[DPP_SPKI_MAX_LEN];
    size_t der_len = 0;
    dpp_key *pub = NULL;
    dpp_key_kid(operator_key, kid);
    for (size_t i = 0; i < sc->n_ops; i++) {
        dpp_key_kid(sc->operators[i], okid);
        if (memcmp(kid, okid, DPP_KID_LEN) == 0 && dpp_key_alg(sc->operators[i]) == dpp_key_alg(operator_key))
            return DPP_OK;
    }
    if (sc->n_ops >= MAX_OPERATORS) return DPP_ERR_TOO_LARGE;
    if (sc->n_ops == sc->cap_ops) {
        size_t ncap = sc->cap_ops == 0 ? 4 : sc->cap_ops * 2;
        dpp_key **no = realloc(sc->operators, ncap * sizeof *no);
        if (no == NULL) return DPP_ERR_NO_MEMORY;
        sc->operators = no;
        sc->cap_ops = ncap;
    }
    /* Keep only the public part: the store never signs. */
    if (dpp_key_public_der(operator_key, der, sizeof der, &der_len) != DPP_OK) return DPP_ERR_KEY_TYPE;
    if (dpp_key_load(der, der_len, &pub, NULL) != DPP_OK) return DPP_ERR_KEY_TYPE;
    sc->operators[sc->n_ops++] = pub;
    return DPP_OK;
}

/* An explicit pin is the verifier's own decision: it also lifts an earlier
 * retirement of that key (spec/trust.md 3.9). */
static dpp_err pin_explicit(dpp_trust_scheme *sc, const dpp_key *operator_key)
{
    uint8_t kid[DPP_KID_LEN];
    size_t j = 0;
    dpp_err err = pin_into(sc, operator_key);
    if (err != DPP_OK) return err;
    dpp_key_kid(operator_key, kid);
    for (size_t i = 0; i < sc->n_retired; i++)
        if (memcmp(sc->retired[i], kid, DPP_KID_LEN) != 0) memcpy(sc->retired[j++], sc->retired[i], DPP_KID_LEN);
    sc->n_retired = j;
    return DPP_OK;
}

dpp_err dpp_trust_pin_operator(dpp_trust *trust, const dpp_key *operator_key)
{
    if (trust == NULL || operator_key == NULL) return DPP_ERR_INVALID_ARG;
    return pin_explicit(&trust->schemes[0], operator_key);
}

/* ---- named schemes ---- */

const char *dpp_trust_scheme_label(const dpp_trust *t, uint16_t s)
{
    return s <= t->n_schemes ? t->schemes[s].name : "";
}

size_t dpp_trust_scheme_count(const dpp_trust *trust) { return trust == NULL ? 0 : trust->n_schemes; }

/* Finds (or, when create, adds) the scheme called name: *idx its index. */
static dpp_err scheme_find(dpp_trust *t, const char *name, bool create, uint16_t *idx, dpp_diag *diag)
{
    size_t n;
    if (name == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "scheme name is NULL");
    n = strlen(name);
    if (n == 0 || n > DPP_SCHEME_NAME_MAX)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "scheme name: %zu bytes, must be 1..%d", n,
                            DPP_SCHEME_NAME_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || (unsigned char)name[i] > 0x7e)
            return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                                "scheme name: byte %zu is not printable ASCII", i);
    for (size_t s = 1; s <= t->n_schemes; s++) {
        if (strcmp(t->schemes[s].name, name) == 0) {
            *idx = (uint16_t)s;
            return DPP_OK;
        }
    }
    if (!create) return dpp_diag_set(diag, DPP_ERR_NOT_FOUND, SIZE_MAX, "no scheme named %s", name);
    if (t->n_schemes >= DPP_TRUST_MAX_SCHEMES)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "scheme %s: a store holds at most %d schemes", name,
                            DPP_TRUST_MAX_SCHEMES);
    t->n_schemes++;
    memcpy(t->schemes[t->n_schemes].name, name, n + 1);
    *idx = (uint16_t)t->n_schemes;
    return DPP_OK;
}

dpp_err dpp_trust_scheme_pin_operator(dpp_trust *trust, const char *scheme, const dpp_key *operator_key)
{
    uint16_t s = 0;
    dpp_err err;
    if (trust == NULL || operator_key == NULL) return DPP_ERR_INVALID_ARG;
    err = scheme_find(trust, scheme, true, &s, NULL);
    if (err != DPP_OK) return err;
    return pin_explicit(&trust->schemes[s], operator_key);
}

/* After an UNPINNED failure for scheme s: is the list's signer pinned for
 * another scheme? Then say which (DPP_ERR_LIST_WRONG_SCHEME). */
static dpp_err wrong_scheme(const dpp_trust *t, uint16_t s, const uint8_t kid[DPP_KID_LEN], dpp_err err,
                            dpp_diag *diag)
{
    for (size_t o = 0; o <= t->n_schemes; o++) {
        if (o == s) continue;
        for (size_t i = 0; i < t->schemes[o].n_ops; i++) {
            uint8_t k[DPP_KID_LEN];
            dpp_key_kid(t->schemes[o].operators[i], k);
            if (memcmp(k, kid, DPP_KID_LEN) == 0)
                return dpp_diag_set(diag, DPP_ERR_LIST_WRONG_SCHEME, SIZE_MAX,
                                    "list is signed by an operator key of scheme %s%s%s, not of scheme %s%s%s",
                                    o == 0 ? "(default)" : "\"", t->schemes[o].name, o == 0 ? "" : "\"",
                                    s == 0 ? "(default)" : "\"", t->schemes[s].name, s == 0 ? "" : "\"");
        }
    }
    return err;
}

/* ---- trust lists ---- */

static dpp_err use_list(dpp_trust *trust, uint16_t scheme, const dpp_trustlist *tl, dpp_diag *diag)
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
            e.scheme = scheme;
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
    dpp_trust_remove_scheme_list(trust, scheme);
    trust->schemes[scheme].has_list = false;
    for (size_t i = 0; i < tmp->n && err == DPP_OK; i++) err = dpp_trust_insert(trust, &tmp->keys[i]);
    if (err != DPP_OK) {
        /* Only an allocation failure gets here; drop the partial list. */
        dpp_trust_remove_scheme_list(trust, scheme);
        err = dpp_diag_set(diag, err, SIZE_MAX, "cannot load the trust list: %s", dpp_err_str(err));
    }
    dpp_trust_free(tmp);
    return err;
}

dpp_err dpp_trust_use_list(dpp_trust *trust, const dpp_trustlist *tl, dpp_diag *diag)
{
    dpp_err err = use_list(trust, 0, tl, diag);
    if (err == DPP_OK) {
        trust->schemes[0].has_list = true;
        memset(trust->schemes[0].list_kid, 0, DPP_KID_LEN);
    }
    return err;
}

static bool kid_in(const uint8_t (*kids)[DPP_KID_LEN], size_t n, const uint8_t kid[DPP_KID_LEN])
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(kids[i], kid, DPP_KID_LEN) == 0) return true;
    return false;
}

/* Hands scheme sc over from the operator key kid: unpinned and remembered as retired. */
static void retire(dpp_trust_scheme *sc, const uint8_t kid[DPP_KID_LEN])
{
    size_t j = 0;
    for (size_t i = 0; i < sc->n_ops; i++) {
        uint8_t k[DPP_KID_LEN];
        dpp_key_kid(sc->operators[i], k);
        if (memcmp(k, kid, DPP_KID_LEN) == 0) {
            dpp_key_free(sc->operators[i]);
            continue;
        }
        sc->operators[j++] = sc->operators[i];
    }
    sc->n_ops = j;
    if (!kid_in((const uint8_t(*)[DPP_KID_LEN])sc->retired, sc->n_retired, kid) && sc->n_retired < DPP_TRUST_MAX_RETIRED)
        memcpy(sc->retired[sc->n_retired++], kid, DPP_KID_LEN);
}

/* A list (what: "trust", "revocation") signed by a retired operator key or
 * one the scheme's revocation list revokes is refused (spec/trust.md 3.9). */
dpp_err dpp_trust_operator_retired(const dpp_trust_scheme *sc, const char *what, const uint8_t kid[DPP_KID_LEN],
                                   dpp_diag *diag)
{
    char kh[2 * DPP_KID_LEN + 1];
    static const char k[] = "0123456789abcdef";
    for (size_t i = 0; i < DPP_KID_LEN; i++) {
        kh[2 * i] = k[kid[i] >> 4];
        kh[2 * i + 1] = k[kid[i] & 15];
    }
    kh[2 * DPP_KID_LEN] = '\0';
    if (kid_in((const uint8_t(*)[DPP_KID_LEN])sc->retired, sc->n_retired, kid))
        return dpp_diag_set(diag, DPP_ERR_OPERATOR_RETIRED, SIZE_MAX,
                            "%s list is signed by operator key %s, which handed over to its successor in an "
                            "accepted rollover: lists signed by it are no longer accepted",
                            what, kh);
    if (sc->has_revocations && dpp_rev_find_kid(&sc->rev, kid) != NULL)
        return dpp_diag_set(diag, DPP_ERR_OPERATOR_RETIRED, SIZE_MAX,
                            "%s list is signed by operator key %s, which the scheme's revocation list revokes", what,
                            kh);
    return DPP_OK;
}

static dpp_err load_list(dpp_trust *trust, uint16_t s, const uint8_t *data, size_t len, const dpp_list_policy *policy,
                         dpp_list_info *info, dpp_diag *diag)
{
    dpp_trust_scheme *sc = &trust->schemes[s];
    dpp_trustlist *tl = NULL;
    dpp_list_info li;
    dpp_rollover_walk walk;
    bool walked = false;
    const uint8_t *const *stmts;
    const size_t *lens;
    size_t n_chain;
    dpp_err err;

    memset(&walk, 0, sizeof walk);
    err = dpp_trustlist_decode(data, len, true, (const dpp_key *const *)sc->operators, sc->n_ops, policy, &tl, &li,
                               diag);
    if (err == DPP_ERR_LIST_UNPINNED || (err == DPP_ERR_INVALID_ARG && sc->n_ops == 0 && data != NULL)) {
        dpp_trustlist *peek = NULL;
        dpp_diag pd;
        dpp_err ei = dpp_trustlist_inspect(data, len, &peek, &li, &pd);
        if (ei != DPP_OK) {
            /* A malformed list (its operator chain included) is a format
             * error whoever signed it (spec/trust.md 3.9). */
            err = ei;
            if (diag != NULL) *diag = pd;
        } else {
            dpp_err e2 = dpp_trust_operator_retired(sc, "trust", li.signer_kid, diag);
            n_chain = dpp_trustlist_rollovers(peek, &stmts, &lens);
            if (e2 != DPP_OK) {
                err = e2;
            } else if (n_chain > 0 && sc->n_ops > 0) {
                /* Follow the operator chain from a pinned key to the list's signer. */
                err = dpp_rollover_follow(stmts, lens, n_chain, (const dpp_key *const *)sc->operators, sc->n_ops,
                                          li.signer_kid, &walk, diag);
                if (err == DPP_OK) {
                    const dpp_key *pin = walk.successor;
                    walked = true;
                    err = dpp_trustlist_decode(data, len, true, &pin, 1, policy, &tl, &li, diag);
                } else if (err == DPP_ERR_LIST_UNPINNED) {
                    err = wrong_scheme(trust, s, li.signer_kid, err, diag);
                }
            } else {
                err = wrong_scheme(trust, s, li.signer_kid, err, diag);
            }
        }
        dpp_trustlist_free(peek);
    }
    if (err == DPP_OK) err = dpp_trust_operator_retired(sc, "trust", li.signer_kid, diag);
    if (err == DPP_OK && !walked && (n_chain = dpp_trustlist_rollovers(tl, &stmts, &lens)) > 0) {
        /* Signed by a pinned key: a chain from another pinned key to it still retires that key. */
        if (dpp_rollover_follow(stmts, lens, n_chain, (const dpp_key *const *)sc->operators, sc->n_ops,
                                li.signer_kid, &walk, NULL) == DPP_OK)
            walked = true;
    }
    if (err == DPP_OK) err = use_list(trust, s, tl, diag);
    dpp_trustlist_free(tl);
    if (err == DPP_OK && walked) {
        /* Commit the rollover: pin the signer, retire the keys it replaced. */
        err = pin_into(sc, walk.successor);
        if (err != DPP_OK) err = dpp_diag_set(diag, err, SIZE_MAX, "cannot pin the successor operator key");
        for (size_t i = 0; err == DPP_OK && i < walk.n_retired; i++)
            if (memcmp(walk.retired[i], li.signer_kid, DPP_KID_LEN) != 0) retire(sc, walk.retired[i]);
    }
    dpp_key_free(walk.successor);
    if (err != DPP_OK) return err;
    sc->has_list = true;
    memcpy(sc->list_kid, li.signer_kid, DPP_KID_LEN);
    if (info != NULL) *info = li;
    return DPP_OK;
}

/* What every list-loading call checks first: clears diag and *info, checks
 * the arguments and, for a named scheme (named: the dpp_trust_scheme_*
 * calls), finds or creates it; *s is the scheme's index (0: the default). */
static dpp_err load_start(dpp_trust *trust, bool named, const char *scheme, const dpp_list_policy *policy,
                          dpp_list_info *info, uint16_t *s, dpp_diag *diag)
{
    dpp_diag_clear(diag);
    if (info != NULL) memset(info, 0, sizeof *info);
    *s = 0;
    if (trust == NULL || policy == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust and policy must not be NULL");
    return named ? scheme_find(trust, scheme, true, s, diag) : DPP_OK;
}

dpp_err dpp_trust_load_list(dpp_trust *trust, const uint8_t *data, size_t len, const dpp_list_policy *policy,
                            dpp_list_info *info, dpp_diag *diag)
{
    uint16_t s;
    dpp_err err = load_start(trust, false, NULL, policy, info, &s, diag);
    return err != DPP_OK ? err : load_list(trust, s, data, len, policy, info, diag);
}

dpp_err dpp_trust_scheme_load_list(dpp_trust *trust, const char *scheme, const uint8_t *data, size_t len,
                                   const dpp_list_policy *policy, dpp_list_info *info, dpp_diag *diag)
{
    uint16_t s;
    dpp_err err = load_start(trust, true, scheme, policy, info, &s, diag);
    return err != DPP_OK ? err : load_list(trust, s, data, len, policy, info, diag);
}

/* ---- revocation lists ---- */

static void set_revocations(dpp_trust *trust, uint16_t s, dpp_rev_index *idx)
{
    dpp_trust_scheme *sc = &trust->schemes[s];
    dpp_rev_index_free(&sc->rev);
    sc->rev = *idx;
    sc->has_revocations = true;
    trust->any_revocations = true;
}

dpp_err dpp_trust_use_revocations(dpp_trust *trust, const dpp_revlist *rl, dpp_diag *diag)
{
    dpp_rev_index copy;
    dpp_diag_clear(diag);
    if (trust == NULL || rl == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust or list is NULL");
    if (dpp_rev_index_copy(&copy, dpp_revlist_index_const(rl)) != DPP_OK)
        return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    set_revocations(trust, 0, &copy);
    return DPP_OK;
}

static dpp_err load_revocations(dpp_trust *trust, uint16_t s, const uint8_t *data, size_t len,
                                const dpp_list_policy *policy, dpp_list_info *info, dpp_diag *diag)
{
    dpp_trust_scheme *sc = &trust->schemes[s];
    dpp_revlist *rl = NULL;
    dpp_list_info li;
    dpp_err err;

    err = dpp_revlist_decode(data, len, true, (const dpp_key *const *)sc->operators, sc->n_ops, policy, &rl, &li,
                            diag);
    if (err == DPP_ERR_LIST_UNPINNED || (err == DPP_ERR_INVALID_ARG && sc->n_ops == 0 && data != NULL)) {
        dpp_revlist *peek = NULL;
        if (dpp_revlist_inspect(data, len, &peek, &li, NULL) == DPP_OK) {
            dpp_err e2 = dpp_trust_operator_retired(sc, "revocation", li.signer_kid, diag);
            err = e2 != DPP_OK ? e2 : wrong_scheme(trust, s, li.signer_kid, err, diag);
        }
        dpp_revlist_free(peek);
    } else if (err == DPP_OK) {
        /* A revoked operator key must not sign the list that would lift its
         * own revocation (spec/trust.md 3.9). */
        err = dpp_trust_operator_retired(sc, "revocation", li.signer_kid, diag);
        if (err != DPP_OK) dpp_revlist_free(rl);
    }
    if (err != DPP_OK) return err;
    /* Take the decoded index over: no copy of a large list. */
    set_revocations(trust, s, dpp_revlist_index(rl));
    memset(dpp_revlist_index(rl), 0, sizeof sc->rev);
    dpp_revlist_free(rl);
    if (info != NULL) *info = li;
    return DPP_OK;
}

dpp_err dpp_trust_load_revocations(dpp_trust *trust, const uint8_t *data, size_t len, const dpp_list_policy *policy,
                                   dpp_list_info *info, dpp_diag *diag)
{
    uint16_t s;
    dpp_err err = load_start(trust, false, NULL, policy, info, &s, diag);
    return err != DPP_OK ? err : load_revocations(trust, s, data, len, policy, info, diag);
}

dpp_err dpp_trust_scheme_load_revocations(dpp_trust *trust, const char *scheme, const uint8_t *data, size_t len,
                                          const dpp_list_policy *policy, dpp_list_info *info, dpp_diag *diag)
{
    uint16_t s;
    dpp_err err = load_start(trust, true, scheme, policy, info, &s, diag);
    return err != DPP_OK ? err : load_revocations(trust, s, data, len, policy, info, diag);
}

dpp_err dpp_trust_find_revocation(const dpp_trust *trust, const dpp_revocation *r, dpp_revocation *found)
{
    if (found != NULL) memset(found, 0, sizeof *found);
    if (trust == NULL || r == NULL || !trust->any_revocations) return DPP_ERR_INVALID_ARG;
    for (size_t s = 0; s <= trust->n_schemes; s++) {
        if (!trust->schemes[s].has_revocations) continue;
        dpp_err err = dpp_rev_index_lookup(&trust->schemes[s].rev, r, found);
        if (err != DPP_ERR_NOT_FOUND) return err;
    }
    return DPP_ERR_NOT_FOUND;
}
