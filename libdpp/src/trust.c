/* SPDX-License-Identifier: Apache-2.0 */
/* The trust store (sorted by kid), pinned keys and operator keys, and the
 * trust layer's vocabulary (roles, claims, bindings). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "dpp/dpp_verify.h"
#include "trust_internal.h"
#include "x509_internal.h"

/* ---- vocabulary ---- */

const char *dpp_role_name(dpp_role role)
{
    switch (role) {
    case DPP_ROLE_ANY: return "any";
    case DPP_ROLE_MANUFACTURER: return "manufacturer";
    case DPP_ROLE_CERTIFIER: return "certifier";
    case DPP_ROLE_CBAM_VERIFIER: return "cbam-verifier";
    case DPP_ROLE_OPERATOR: return "operator";
    }
    return NULL;
}

dpp_err dpp_role_from_name(const char *name, dpp_role *out)
{
    static const dpp_role all[] = {DPP_ROLE_ANY, DPP_ROLE_MANUFACTURER, DPP_ROLE_CERTIFIER, DPP_ROLE_CBAM_VERIFIER,
                                   DPP_ROLE_OPERATOR};
    if (name == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (strcmp(name, dpp_role_name(all[i])) == 0) {
            *out = all[i];
            return DPP_OK;
        }
    }
    if (strcmp(name, "certification-body") == 0) {
        *out = DPP_ROLE_CERTIFIER;
        return DPP_OK;
    }
    return DPP_ERR_INVALID_ARG;
}

const char *dpp_claim_name(unsigned claim)
{
    static const char *const certs[] = {"certifications[0]", "certifications[1]", "certifications[2]",
                                        "certifications[3]", "certifications[4]", "certifications[5]",
                                        "certifications[6]", "certifications[7]"};
    switch (claim) {
    case DPP_CLAIM_IDENTITY: return "identity";
    case DPP_CLAIM_MANUFACTURER: return "manufacturer";
    case DPP_CLAIM_FACILITY: return "facility";
    case DPP_CLAIM_MATERIALS: return "materials";
    case DPP_CLAIM_FOOTPRINT: return "footprint";
    case DPP_CLAIM_CERTIFICATIONS: return "certifications";
    case DPP_CLAIM_CBAM: return "cbam";
    case DPP_CLAIM_EXTENSIONS: return "extensions";
    default: break;
    }
    if (claim >= DPP_CLAIM_CERTIFICATION_0 && claim <= DPP_CLAIM_MAX) return certs[claim - DPP_CLAIM_CERTIFICATION_0];
    return NULL;
}

dpp_err dpp_claim_from_name(const char *name, unsigned *out)
{
    if (name == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++) {
        const char *n = dpp_claim_name(c);
        if (n != NULL && strcmp(n, name) == 0) {
            *out = c;
            return DPP_OK;
        }
    }
    return DPP_ERR_INVALID_ARG;
}

uint32_t dpp_passport_claim_mask(const dpp_passport *p)
{
    uint32_t m;
    if (p == NULL) return 0;
    m = DPP_CLAIM_BIT(DPP_CLAIM_IDENTITY) | DPP_CLAIM_BIT(DPP_CLAIM_MANUFACTURER);
    if (p->has_facility) m |= DPP_CLAIM_BIT(DPP_CLAIM_FACILITY);
    if (p->n_materials > 0) m |= DPP_CLAIM_BIT(DPP_CLAIM_MATERIALS);
    if (p->has_footprint) m |= DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT);
    if (p->n_certifications > 0) m |= DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATIONS);
    for (size_t i = 0; i < p->n_certifications && i < DPP_MAX_CERTIFICATIONS; i++)
        m |= DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATION_0 + i);
    if (p->has_cbam) m |= DPP_CLAIM_BIT(DPP_CLAIM_CBAM);
    if (p->ext_len > 0) m |= DPP_CLAIM_BIT(DPP_CLAIM_EXTENSIONS);
    return m;
}

const char *dpp_binding_name(dpp_binding binding)
{
    switch (binding) {
    case DPP_BINDING_PRODUCT: return "product";
    case DPP_BINDING_BATCH: return "batch";
    case DPP_BINDING_ITEM: return "item";
    case DPP_BINDING_PASSPORT: return "passport";
    }
    return NULL;
}

dpp_err dpp_binding_from_name(const char *name, dpp_binding *out)
{
    if (name == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    for (int b = DPP_BINDING_PRODUCT; b <= DPP_BINDING_PASSPORT; b++) {
        if (strcmp(name, dpp_binding_name((dpp_binding)b)) == 0) {
            *out = (dpp_binding)b;
            return DPP_OK;
        }
    }
    return DPP_ERR_INVALID_ARG;
}

const char *dpp_key_source_name(dpp_key_source source)
{
    switch (source) {
    case DPP_SOURCE_NONE: return "none";
    case DPP_SOURCE_PINNED: return "pinned";
    case DPP_SOURCE_LIST: return "trust-list";
    case DPP_SOURCE_X509: return "x509";
    }
    return "unknown";
}

size_t dpp_scope_max_prefixes(void) { return DPP_SCOPE_MAX_PREFIXES; }
size_t dpp_scope_max_categories(void) { return DPP_SCOPE_MAX_CATEGORIES; }
size_t dpp_max_attestations(void) { return DPP_MAX_ATTESTATIONS; }
size_t dpp_max_link_uri(void) { return DPP_MAX_LINK_URI; }
size_t dpp_list_max_len(void) { return DPP_LIST_MAX_LEN; }
size_t dpp_tl_max_entries(void) { return DPP_TL_MAX_ENTRIES; }
size_t dpp_tl_max_key_len(void) { return DPP_TL_MAX_KEY_LEN; }
size_t dpp_rl_max_entries(void) { return DPP_RL_MAX_ENTRIES; }

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
