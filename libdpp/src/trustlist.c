/* SPDX-License-Identifier: Apache-2.0 */
/* Signed trust lists: the document (build, edit) and its payload codec (the
 * entries, key 6) under the shared signed-list envelope (signed_list.c).
 * Loading a list into a trust store is trust.c. Format: spec/trust.md
 * section 3, spec/trust.cddl. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "codes.h"
#include "diag.h"
#include "dpp/dpp_trustlist.h"
#include "rollover_internal.h"
#include "signed_list.h"
#include "trustlist_internal.h"
#include "x509_internal.h"

#define ROLE_MAX DPP_ROLE_OPERATOR

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

/* ---- entries ---- */

struct dpp_trustlist {
    tl_item *items; /* sorted by (kid, role) */
    size_t n, cap;
    uint8_t *chain[DPP_TRUSTLIST_MAX_ROLLOVERS]; /* operator chain (key 7), oldest first */
    size_t chain_len[DPP_TRUSTLIST_MAX_ROLLOVERS];
    size_t n_chain;
};

static void item_clear(tl_item *it)
{
    free(it->key_der);
    dpp_key_free(it->key);
    free(it->scope);
    memset(it, 0, sizeof *it);
}

dpp_err dpp_trustlist_new(dpp_trustlist **out)
{
    if (out == NULL) return DPP_ERR_INVALID_ARG;
    *out = calloc(1, sizeof **out);
    return *out == NULL ? DPP_ERR_NO_MEMORY : DPP_OK;
}

void dpp_trustlist_free(dpp_trustlist *tl)
{
    if (tl == NULL) return;
    for (size_t i = 0; i < tl->n; i++) item_clear(&tl->items[i]);
    free(tl->items);
    for (size_t i = 0; i < tl->n_chain; i++) free(tl->chain[i]);
    free(tl);
}

dpp_err dpp_trustlist_add_rollover(dpp_trustlist *tl, const uint8_t *stmt, size_t len, dpp_diag *diag)
{
    uint8_t kid[DPP_KID_LEN];
    dpp_err err;
    dpp_diag_clear(diag);
    if (tl == NULL || stmt == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "list or statement is NULL");
    if (tl->n_chain >= DPP_TRUSTLIST_MAX_ROLLOVERS)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "operator chain: at most %u rollovers",
                            DPP_TRUSTLIST_MAX_ROLLOVERS);
    err = dpp_rollover_open(stmt, len, NULL, kid, NULL, diag);
    if (err != DPP_OK) return err;
    tl->chain[tl->n_chain] = malloc(len);
    if (tl->chain[tl->n_chain] == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    memcpy(tl->chain[tl->n_chain], stmt, len);
    tl->chain_len[tl->n_chain++] = len;
    return DPP_OK;
}

size_t dpp_trustlist_rollover_count(const dpp_trustlist *tl) { return tl == NULL ? 0 : tl->n_chain; }

size_t dpp_trustlist_rollovers(const dpp_trustlist *tl, const uint8_t *const **stmts, const size_t **lens)
{
    *stmts = (const uint8_t *const *)tl->chain;
    *lens = tl->chain_len;
    return tl->n_chain;
}

size_t dpp_trustlist_count(const dpp_trustlist *tl) { return tl == NULL ? 0 : tl->n; }

static bool scope_empty(const dpp_scope *s)
{
    return s->claims == 0 && s->n_gtin_prefixes == 0 && s->n_categories == 0 && s->n_resolvers == 0;
}

/* Encoded-order comparison of two text strings (length first, then bytes). */
static int tstr_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn) return an < bn ? -1 : 1;
    return memcmp(a, b, an);
}

static bool all_digits(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* Checks a party; path names it in messages. */
static dpp_err party_check(const dpp_party *p, const char *path, dpp_err code, dpp_diag *diag)
{
    size_t n = strnlen(p->name, sizeof p->name);
    if (n == 0 || n > DPP_MAX_NAME || !dpp_text_valid(p->name, n))
        return dpp_diag_set(diag, code, SIZE_MAX, "%s.party.name: 1..%d bytes of text without control or bidi characters",
                            path, DPP_MAX_NAME);
    if (!dpp_code_country(p->country, strnlen(p->country, sizeof p->country))) {
        char q[DPP_DIAG_QUOTE_CAP];
        return dpp_diag_set(diag, code, SIZE_MAX, "%s.party.country: \"%s\" is not an assigned ISO 3166-1 code",
                            path, dpp_diag_quote(q, sizeof q, p->country, strnlen(p->country, 2)));
    }
    {
        size_t sn = strnlen(p->operator_id.scheme, sizeof p->operator_id.scheme);
        size_t vn = strnlen(p->operator_id.value, sizeof p->operator_id.value);
        if (sn == 0 && vn == 0) return DPP_OK;
        if (!dpp_code_scheme(p->operator_id.scheme, sn))
            return dpp_diag_set(diag, code, SIZE_MAX, "%s.party.identifier.scheme: not [A-Z0-9-]{1,16}", path);
        if (vn == 0 || vn > DPP_MAX_ID || !dpp_text_valid(p->operator_id.value, vn))
            return dpp_diag_set(diag, code, SIZE_MAX, "%s.party.identifier.value: 1..%d bytes of text", path,
                                DPP_MAX_ID);
    }
    return DPP_OK;
}

/* Checks a scope (sorted and unique lists are required when strict_order). */
static dpp_err scope_check(const dpp_scope *s, const char *path, bool strict_order, dpp_err code, dpp_diag *diag)
{
    if ((s->claims & ~DPP_CLAIM_ALL_MASK) != 0)
        return dpp_diag_set(diag, code, SIZE_MAX, "%s.scope.claims: bits 0x%" PRIx32 " name no claim", path,
                            s->claims & ~DPP_CLAIM_ALL_MASK);
    if (s->n_gtin_prefixes > DPP_SCOPE_MAX_PREFIXES || s->n_categories > DPP_SCOPE_MAX_CATEGORIES)
        return dpp_diag_set(diag, code, SIZE_MAX, "%s.scope: at most %d GTIN prefixes and %d categories", path,
                            DPP_SCOPE_MAX_PREFIXES, DPP_SCOPE_MAX_CATEGORIES);
    for (size_t i = 0; i < s->n_gtin_prefixes; i++) {
        const char *g = s->gtin_prefixes[i];
        size_t n = strnlen(g, sizeof s->gtin_prefixes[i]);
        if (n > 14 || !all_digits(g, n))
            return dpp_diag_set(diag, code, SIZE_MAX, "%s.scope.gtin_prefixes[%zu]: 1..14 digits", path, i);
        if (strict_order && i > 0) {
            const char *p = s->gtin_prefixes[i - 1];
            if (tstr_cmp(p, strlen(p), g, n) >= 0)
                return dpp_diag_set(diag, code, SIZE_MAX, "%s.scope.gtin_prefixes[%zu]: not sorted or repeated", path,
                                    i);
        }
    }
    for (size_t i = 0; i < s->n_categories; i++) {
        const char *c = s->categories[i];
        size_t n = strnlen(c, sizeof s->categories[i]);
        if (n == 0 || n > DPP_MAX_CATEGORY || !dpp_text_valid(c, n))
            return dpp_diag_set(diag, code, SIZE_MAX, "%s.scope.categories[%zu]: 1..%d bytes of text", path, i,
                                DPP_MAX_CATEGORY);
        if (strict_order && i > 0) {
            const char *p = s->categories[i - 1];
            if (tstr_cmp(p, strlen(p), c, n) >= 0)
                return dpp_diag_set(diag, code, SIZE_MAX, "%s.scope.categories[%zu]: not sorted or repeated", path, i);
        }
    }
    if (s->n_resolvers > DPP_SCOPE_MAX_RESOLVERS)
        return dpp_diag_set(diag, code, SIZE_MAX, "%s.scope: at most %d resolvers", path, DPP_SCOPE_MAX_RESOLVERS);
    for (size_t i = 0; i < s->n_resolvers; i++) {
        const char *c = s->resolvers[i];
        size_t n = strnlen(c, sizeof s->resolvers[i]);
        char norm[DPP_MAX_RESOLVER_LEN + 1];
        if (n == 0 || n > DPP_MAX_RESOLVER_LEN ||
            dpp_resolver_normalize(c, n, norm, sizeof norm, NULL) != DPP_OK || strcmp(norm, c) != 0)
            return dpp_diag_set(diag, code, SIZE_MAX,
                                "%s.scope.resolvers[%zu]: not a lower-case host with optional path (\"id.example.com\")",
                                path, i);
        if (strict_order && i > 0) {
            const char *p = s->resolvers[i - 1];
            if (tstr_cmp(p, strlen(p), c, n) >= 0)
                return dpp_diag_set(diag, code, SIZE_MAX, "%s.scope.resolvers[%zu]: not sorted or repeated", path, i);
        }
    }
    return DPP_OK;
}

static int cmp_prefix(const void *a, const void *b)
{
    const char *x = a, *y = b;
    return tstr_cmp(x, strlen(x), y, strlen(y));
}

static int cmp_category(const void *a, const void *b)
{
    const char *x = a, *y = b;
    return tstr_cmp(x, strlen(x), y, strlen(y));
}

/* Sorts the scope's lists and drops repeats (the canonical form). */
static void scope_normalise(dpp_scope *s)
{
    size_t j;
    qsort(s->gtin_prefixes, s->n_gtin_prefixes, sizeof s->gtin_prefixes[0], cmp_prefix);
    for (size_t i = j = 0; i < s->n_gtin_prefixes; i++) {
        if (j > 0 && strcmp(s->gtin_prefixes[j - 1], s->gtin_prefixes[i]) == 0) continue;
        if (j != i) memcpy(s->gtin_prefixes[j], s->gtin_prefixes[i], sizeof s->gtin_prefixes[0]);
        j++;
    }
    s->n_gtin_prefixes = j;
    qsort(s->resolvers, s->n_resolvers, sizeof s->resolvers[0], cmp_category);
    for (size_t i = j = 0; i < s->n_resolvers; i++) {
        if (j > 0 && strcmp(s->resolvers[j - 1], s->resolvers[i]) == 0) continue;
        if (j != i) memcpy(s->resolvers[j], s->resolvers[i], sizeof s->resolvers[0]);
        j++;
    }
    s->n_resolvers = j;
    qsort(s->categories, s->n_categories, sizeof s->categories[0], cmp_category);
    for (size_t i = j = 0; i < s->n_categories; i++) {
        if (j > 0 && strcmp(s->categories[j - 1], s->categories[i]) == 0) continue;
        if (j != i) memcpy(s->categories[j], s->categories[i], sizeof s->categories[0]);
        j++;
    }
    s->n_categories = j;
}

/*
 * Validates entry fields and builds an item (key loaded, kid computed).
 * code: DPP_ERR_INVALID_ARG when adding, DPP_ERR_LIST_FORMAT when parsing.
 */
static dpp_err item_from_entry(const dpp_trustlist_entry *e, const char *path, dpp_err code, bool strict_order, tl_item *it,
                               dpp_diag *diag)
{
    dpp_diag kd;
    int64_t nb, na;
    dpp_err err;

    memset(it, 0, sizeof *it);
    if (e->key_len == 0 || e->key_len > DPP_TRUSTLIST_MAX_KEY_LEN)
        return dpp_diag_set(diag, code, SIZE_MAX, "%s.key: %zu bytes; 1..%u needed", path, e->key_len,
                            DPP_TRUSTLIST_MAX_KEY_LEN);
    err = dpp_key_load(e->key, e->key_len, &it->key, &kd);
    if (err != DPP_OK) /* a weak key keeps its own code, when adding and when loading a list */
        return dpp_diag_set(diag, err == DPP_ERR_KEY_WEAK ? err : code, SIZE_MAX, "%s.key: %s", path, kd.msg);
    if (dpp_key_is_private(it->key)) {
        err = dpp_diag_set(diag, code, SIZE_MAX, "%s.key: a private key; a trust list holds public keys", path);
        goto fail;
    }
    if (dpp_key_validity(it->key, &nb, &na) != e->is_certificate) {
        err = dpp_diag_set(diag, code, SIZE_MAX, "%s.key: %s", path,
                           e->is_certificate ? "not a DER certificate" : "a certificate given as a public key");
        goto fail;
    }
    if (e->key[0] != 0x30) { /* DER SEQUENCE: PEM is not accepted inside a list */
        err = dpp_diag_set(diag, code, SIZE_MAX, "%s.key: must be DER", path);
        goto fail;
    }
    dpp_key_kid(it->key, it->kid);
    err = party_check(&e->party, path, code, diag);
    if (err != DPP_OK) goto fail;
    if ((int)e->role < DPP_ROLE_MANUFACTURER || (int)e->role > ROLE_MAX) {
        err = dpp_diag_set(diag, code, SIZE_MAX, "%s.role: %d is not manufacturer, certifier, cbam-verifier or operator",
                           path, (int)e->role);
        goto fail;
    }
    if ((e->has_not_before && e->not_before < 0) || (e->has_not_after && e->not_after < 0) ||
        (e->has_not_before && e->has_not_after && e->not_after <= e->not_before)) {
        err = dpp_diag_set(diag, code, SIZE_MAX, "%s: validity window must be >= 0 with not_before < not_after", path);
        goto fail;
    }
    err = scope_check(&e->scope, path, strict_order, code, diag);
    if (err != DPP_OK) goto fail;

    it->key_der = malloc(e->key_len);
    if (it->key_der == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto fail;
    }
    memcpy(it->key_der, e->key, e->key_len);
    it->key_len = e->key_len;
    it->is_cert = e->is_certificate;
    it->party = e->party;
    it->role = e->role;
    it->has_nb = e->has_not_before;
    it->nb = e->has_not_before ? e->not_before : 0;
    it->has_na = e->has_not_after;
    it->na = e->has_not_after ? e->not_after : 0;
    if (!scope_empty(&e->scope)) {
        it->scope = malloc(sizeof *it->scope);
        if (it->scope == NULL) {
            err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
            goto fail;
        }
        *it->scope = e->scope;
        if (!strict_order) scope_normalise(it->scope);
    }
    return DPP_OK;
fail:
    item_clear(it);
    return err;
}

static int item_cmp(const tl_item *a, const tl_item *b)
{
    int c = memcmp(a->kid, b->kid, DPP_KID_LEN);
    if (c != 0) return c;
    return (a->role > b->role) - (a->role < b->role);
}

static dpp_err list_reserve(dpp_trustlist *tl, size_t want)
{
    if (want <= tl->cap) return DPP_OK;
    {
        size_t ncap = tl->cap == 0 ? 16 : tl->cap;
        tl_item *ni;
        while (ncap < want) ncap *= 2;
        ni = realloc(tl->items, ncap * sizeof *ni);
        if (ni == NULL) return DPP_ERR_NO_MEMORY;
        tl->items = ni;
        tl->cap = ncap;
    }
    return DPP_OK;
}

dpp_err dpp_trustlist_add(dpp_trustlist *tl, const dpp_trustlist_entry *e, dpp_diag *diag)
{
    tl_item it;
    size_t at;
    char kh[2 * DPP_KID_LEN + 1];
    dpp_err err;

    dpp_diag_clear(diag);
    if (tl == NULL || e == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "list or entry is NULL");
    if (tl->n >= DPP_TRUSTLIST_MAX_ENTRIES)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "trust list already holds %u entries",
                            DPP_TRUSTLIST_MAX_ENTRIES);
    err = item_from_entry(e, "entry", DPP_ERR_INVALID_ARG, false, &it, diag);
    if (err != DPP_OK) return err;
    {
        size_t lo = 0, hi = tl->n; /* lower bound of (kid, role) */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (item_cmp(&tl->items[mid], &it) < 0) lo = mid + 1;
            else hi = mid;
        }
        at = lo;
    }
    if (at < tl->n && item_cmp(&tl->items[at], &it) == 0) {
        kid_hex(it.kid, DPP_KID_LEN, kh);
        item_clear(&it);
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                            "the list already has an entry for kid %s as %s; remove it first", kh,
                            dpp_role_name(e->role));
    }
    if (list_reserve(tl, tl->n + 1) != DPP_OK) {
        item_clear(&it);
        return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    }
    memmove(&tl->items[at + 1], &tl->items[at], (tl->n - at) * sizeof tl->items[0]);
    tl->items[at] = it;
    tl->n++;
    return DPP_OK;
}

dpp_err dpp_trustlist_remove(dpp_trustlist *tl, const uint8_t kid[DPP_KID_LEN], dpp_role role, size_t *removed)
{
    size_t j = 0, n = 0;
    if (removed != NULL) *removed = 0;
    if (tl == NULL || kid == NULL) return DPP_ERR_INVALID_ARG;
    for (size_t i = 0; i < tl->n; i++) {
        if (memcmp(tl->items[i].kid, kid, DPP_KID_LEN) == 0 && (role == DPP_ROLE_ANY || tl->items[i].role == role)) {
            item_clear(&tl->items[i]);
            n++;
            continue;
        }
        tl->items[j++] = tl->items[i];
    }
    tl->n = j;
    if (removed != NULL) *removed = n;
    return n == 0 ? DPP_ERR_NOT_FOUND : DPP_OK;
}

dpp_err dpp_trustlist_get(const dpp_trustlist *tl, size_t index, dpp_trustlist_entry *out)
{
    const tl_item *it;
    if (out != NULL) memset(out, 0, sizeof *out);
    if (tl == NULL || out == NULL || index >= tl->n) return DPP_ERR_INVALID_ARG;
    it = &tl->items[index];
    memcpy(out->kid, it->kid, DPP_KID_LEN);
    out->is_certificate = it->is_cert;
    out->key_len = it->key_len;
    memcpy(out->key, it->key_der, it->key_len);
    out->party = it->party;
    out->role = it->role;
    out->has_not_before = it->has_nb;
    out->not_before = it->nb;
    out->has_not_after = it->has_na;
    out->not_after = it->na;
    if (it->scope != NULL) out->scope = *it->scope;
    return DPP_OK;
}

dpp_err dpp_trustlist_entry_set_key(dpp_trustlist_entry *e, const uint8_t *data, size_t len, dpp_diag *diag)
{
    dpp_key *k = NULL;
    size_t n = 0;
    dpp_err err;

    dpp_diag_clear(diag);
    if (e == NULL || data == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "entry or data is NULL");
    err = dpp_key_load(data, len, &k, diag);
    if (err != DPP_OK) return err;
    e->key_len = 0;
    if (dpp_key_validity(k, NULL, NULL)) {
        err = dpp_x509_cert_der(data, len, e->key, sizeof e->key, &n, diag);
        e->is_certificate = true;
    } else {
        err = dpp_key_public_der(k, e->key, sizeof e->key, &n);
        if (err != DPP_OK) err = dpp_diag_set(diag, err, SIZE_MAX, "cannot encode the public key");
        e->is_certificate = false;
    }
    if (err == DPP_OK) {
        e->key_len = n;
        dpp_key_kid(k, e->kid);
    }
    dpp_key_free(k);
    return err;
}

/* ---- encoding ---- */

static void write_party(cw_writer *w, const dpp_party *p)
{
    bool has_id = p->operator_id.scheme[0] != '\0';
    dpp_cw_map(w, has_id ? 3 : 2);
    dpp_cw_uint(w, 1);
    dpp_cw_cstr(w, p->name);
    dpp_cw_uint(w, 2);
    dpp_cw_cstr(w, p->country);
    if (has_id) {
        dpp_cw_uint(w, 3);
        dpp_cw_array(w, 2);
        dpp_cw_cstr(w, p->operator_id.scheme);
        dpp_cw_cstr(w, p->operator_id.value);
    }
}

static void write_scope(cw_writer *w, const dpp_scope *s)
{
    dpp_cw_map(w, (size_t)(s->claims != 0) + (size_t)(s->n_gtin_prefixes != 0) + (size_t)(s->n_categories != 0) +
                  (size_t)(s->n_resolvers != 0));
    if (s->claims != 0) {
        dpp_cw_uint(w, 1);
        dpp_cw_uint(w, s->claims);
    }
    if (s->n_gtin_prefixes != 0) {
        dpp_cw_uint(w, 2);
        dpp_cw_array(w, s->n_gtin_prefixes);
        for (size_t i = 0; i < s->n_gtin_prefixes; i++) dpp_cw_cstr(w, s->gtin_prefixes[i]);
    }
    if (s->n_categories != 0) {
        dpp_cw_uint(w, 3);
        dpp_cw_array(w, s->n_categories);
        for (size_t i = 0; i < s->n_categories; i++) dpp_cw_cstr(w, s->categories[i]);
    }
    if (s->n_resolvers != 0) {
        dpp_cw_uint(w, 4);
        dpp_cw_array(w, s->n_resolvers);
        for (size_t i = 0; i < s->n_resolvers; i++) dpp_cw_cstr(w, s->resolvers[i]);
    }
}

static void write_item(cw_writer *w, const tl_item *it)
{
    dpp_cw_map(w, 4u + (size_t)it->has_nb + (size_t)it->has_na + (size_t)(it->scope != NULL));
    dpp_cw_uint(w, 1);
    dpp_cw_bstr(w, it->kid, DPP_KID_LEN);
    dpp_cw_uint(w, it->is_cert ? 3 : 2);
    dpp_cw_bstr(w, it->key_der, it->key_len);
    dpp_cw_uint(w, 4);
    write_party(w, &it->party);
    dpp_cw_uint(w, 5);
    dpp_cw_uint(w, (uint64_t)it->role);
    if (it->has_nb) {
        dpp_cw_uint(w, 6);
        dpp_cw_uint(w, (uint64_t)it->nb);
    }
    if (it->has_na) {
        dpp_cw_uint(w, 7);
        dpp_cw_uint(w, (uint64_t)it->na);
    }
    if (it->scope != NULL) {
        dpp_cw_uint(w, 8);
        write_scope(w, it->scope);
    }
}

/* ---- decoding ---- */

#define RD_FAIL(r, diag, what)                                                                                  \
    dpp_diag_set(diag, (r)->err, (r)->err_off, "%s: %s at offset %zu", what, dpp_err_name((r)->err), (r)->err_off)

/* Reads a text item into buf (cap bytes incl. NUL), 1..max bytes. */
static dpp_err rd_text(cb_reader *r, char *buf, size_t cap, size_t max, const char *path, const char *field,
                       dpp_diag *diag)
{
    cb_item it;
    if (dpp_cb_next(r, &it) != DPP_OK) return RD_FAIL(r, diag, path);
    if (it.type != CB_TSTR || it.v == 0 || it.v > max || it.v >= cap)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, it.off, "%s.%s: text of 1..%zu bytes expected", path, field, max);
    memcpy(buf, it.ptr, (size_t)it.v);
    buf[it.v] = '\0';
    return DPP_OK;
}

/* Reads a map key that must be an unsigned integer, in strictly increasing order. */
static dpp_err rd_key(cb_reader *r, uint64_t *prev, bool first, const char *path, uint64_t *key, dpp_diag *diag)
{
    cb_item k;
    if (dpp_cb_next(r, &k) != DPP_OK) return RD_FAIL(r, diag, path);
    if (k.type != CB_UINT)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, k.off, "%s: key at offset %zu is not an unsigned integer", path,
                            k.off);
    if (!first && k.v <= *prev)
        return dpp_diag_set(diag, k.v == *prev ? DPP_ERR_CBOR_DUPLICATE_KEY : DPP_ERR_CBOR_NOT_DETERMINISTIC, k.off,
                            "%s: key %" PRIu64 " at offset %zu %s", path, k.v, k.off,
                            k.v == *prev ? "is repeated" : "is out of order");
    *prev = k.v;
    *key = k.v;
    return DPP_OK;
}

static dpp_err rd_party(cb_reader *r, dpp_party *p, const char *path, dpp_diag *diag)
{
    cb_item it;
    uint64_t prev = 0, key = 0;
    bool have1 = false, have2 = false;
    dpp_err err;
    memset(p, 0, sizeof *p);
    if (dpp_cb_next(r, &it) != DPP_OK) return RD_FAIL(r, diag, path);
    if (it.type != CB_MAP || it.v < 2 || it.v > 3)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, it.off, "%s.party: a map of 2 or 3 entries expected", path);
    for (uint64_t i = 0; i < it.v; i++) {
        if ((err = rd_key(r, &prev, i == 0, path, &key, diag)) != DPP_OK) return err;
        if (key == 1) {
            if ((err = rd_text(r, p->name, sizeof p->name, DPP_MAX_NAME, path, "party.name", diag)) != DPP_OK) return err;
            have1 = true;
        } else if (key == 2) {
            if ((err = rd_text(r, p->country, sizeof p->country, 2, path, "party.country", diag)) != DPP_OK) return err;
            have2 = true;
        } else if (key == 3) {
            cb_item a;
            if (dpp_cb_next(r, &a) != DPP_OK) return RD_FAIL(r, diag, path);
            if (a.type != CB_ARRAY || a.v != 2)
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, a.off, "%s.party.identifier: [scheme, value] expected",
                                    path);
            if ((err = rd_text(r, p->operator_id.scheme, sizeof p->operator_id.scheme, DPP_MAX_SCHEME, path,
                               "party.identifier.scheme", diag)) != DPP_OK)
                return err;
            if ((err = rd_text(r, p->operator_id.value, sizeof p->operator_id.value, DPP_MAX_ID, path,
                               "party.identifier.value", diag)) != DPP_OK)
                return err;
        } else {
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "%s.party: unknown key %" PRIu64, path, key);
        }
    }
    if (!have1 || !have2)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "%s.party: name (1) and country (2) are required",
                            path);
    return DPP_OK;
}

static dpp_err rd_text_list(cb_reader *r, char *base, size_t stride, size_t max_items, size_t max_len, size_t *n,
                            const char *path, const char *field, dpp_diag *diag)
{
    cb_item a;
    dpp_err err;
    if (dpp_cb_next(r, &a) != DPP_OK) return RD_FAIL(r, diag, path);
    if (a.type != CB_ARRAY || a.v == 0 || a.v > max_items)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, a.off, "%s.scope.%s: an array of 1..%zu texts expected", path,
                            field, max_items);
    for (uint64_t i = 0; i < a.v; i++) {
        err = rd_text(r, base + i * stride, stride, max_len, path, field, diag);
        if (err != DPP_OK) return err;
    }
    *n = (size_t)a.v;
    return DPP_OK;
}

static dpp_err rd_scope(cb_reader *r, dpp_scope *s, const char *path, dpp_diag *diag)
{
    cb_item it;
    uint64_t prev = 0, key = 0;
    dpp_err err;
    memset(s, 0, sizeof *s);
    if (dpp_cb_next(r, &it) != DPP_OK) return RD_FAIL(r, diag, path);
    if (it.type != CB_MAP || it.v == 0 || it.v > 4)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, it.off, "%s.scope: a map of 1..4 entries expected", path);
    for (uint64_t i = 0; i < it.v; i++) {
        cb_item v;
        if ((err = rd_key(r, &prev, i == 0, path, &key, diag)) != DPP_OK) return err;
        if (key == 1) {
            if (dpp_cb_next(r, &v) != DPP_OK) return RD_FAIL(r, diag, path);
            if (v.type != CB_UINT || v.v == 0 || v.v > UINT32_MAX)
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v.off, "%s.scope.claims: a nonzero 32-bit mask expected",
                                    path);
            s->claims = (uint32_t)v.v;
        } else if (key == 2) {
            err = rd_text_list(r, &s->gtin_prefixes[0][0], sizeof s->gtin_prefixes[0], DPP_SCOPE_MAX_PREFIXES, 14,
                               &s->n_gtin_prefixes, path, "gtin_prefixes", diag);
            if (err != DPP_OK) return err;
        } else if (key == 3) {
            err = rd_text_list(r, &s->categories[0][0], sizeof s->categories[0], DPP_SCOPE_MAX_CATEGORIES,
                               DPP_MAX_CATEGORY, &s->n_categories, path, "categories", diag);
            if (err != DPP_OK) return err;
        } else if (key == 4) {
            err = rd_text_list(r, &s->resolvers[0][0], sizeof s->resolvers[0], DPP_SCOPE_MAX_RESOLVERS,
                               DPP_MAX_RESOLVER_LEN, &s->n_resolvers, path, "resolvers", diag);
            if (err != DPP_OK) return err;
        } else {
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "%s.scope: unknown key %" PRIu64, path, key);
        }
    }
    return DPP_OK;
}

static dpp_err rd_bstr(cb_reader *r, const char *path, const char *field, cb_item *v, dpp_diag *diag)
{
    if (dpp_cb_next(r, v) != DPP_OK) return RD_FAIL(r, diag, path);
    if (v->type != CB_BSTR) return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v->off, "%s.%s: not a bstr", path, field);
    return DPP_OK;
}

/* Reads one entry into *e (heap, reused) and builds the item. */
static dpp_err rd_entry(cb_reader *r, size_t index, dpp_trustlist_entry *e, tl_item *out, dpp_diag *diag)
{
    char path[32];
    cb_item it, v;
    uint64_t prev = 0, key = 0;
    uint8_t kid[DPP_KID_LEN];
    bool have_kid = false, have_key = false, have_party = false, have_role = false;
    dpp_err err;

    (void)snprintf(path, sizeof path, "entries[%zu]", index);
    memset(e, 0, sizeof *e);
    if (dpp_cb_next(r, &it) != DPP_OK) return RD_FAIL(r, diag, path);
    if (it.type != CB_MAP || it.v < 4 || it.v > 7)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, it.off, "%s: a map of 4..7 entries expected", path);
    for (uint64_t i = 0; i < it.v; i++) {
        if ((err = rd_key(r, &prev, i == 0, path, &key, diag)) != DPP_OK) return err;
        switch (key) {
        case 1:
            if ((err = rd_bstr(r, path, "kid", &v, diag)) != DPP_OK) return err;
            if (v.v != DPP_KID_LEN)
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v.off, "%s.kid: %d bytes expected", path, DPP_KID_LEN);
            memcpy(kid, v.ptr, DPP_KID_LEN);
            have_kid = true;
            break;
        case 2:
        case 3:
            if (have_key)
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "%s: both a key (2) and a certificate (3)",
                                    path);
            if ((err = rd_bstr(r, path, key == 2 ? "key" : "certificate", &v, diag)) != DPP_OK) return err;
            if (v.v == 0 || v.v > DPP_TRUSTLIST_MAX_KEY_LEN)
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v.off, "%s.key: 1..%u bytes expected", path,
                                    DPP_TRUSTLIST_MAX_KEY_LEN);
            memcpy(e->key, v.ptr, (size_t)v.v);
            e->key_len = (size_t)v.v;
            e->is_certificate = key == 3;
            have_key = true;
            break;
        case 4:
            if ((err = rd_party(r, &e->party, path, diag)) != DPP_OK) return err;
            have_party = true;
            break;
        case 5:
            if (dpp_cb_next(r, &v) != DPP_OK) return RD_FAIL(r, diag, path);
            if (v.type != CB_UINT || v.v < DPP_ROLE_MANUFACTURER || v.v > ROLE_MAX)
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v.off, "%s.role: 1..4 expected", path);
            e->role = (dpp_role)v.v;
            have_role = true;
            break;
        case 6:
        case 7:
            if (dpp_cb_next(r, &v) != DPP_OK) return RD_FAIL(r, diag, path);
            if (v.type != CB_UINT || v.v > (uint64_t)INT64_MAX)
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v.off, "%s.%s: an unsigned integer expected", path,
                                    key == 6 ? "not_before" : "not_after");
            if (key == 6) {
                e->has_not_before = true;
                e->not_before = (int64_t)v.v;
            } else {
                e->has_not_after = true;
                e->not_after = (int64_t)v.v;
            }
            break;
        case 8:
            if ((err = rd_scope(r, &e->scope, path, diag)) != DPP_OK) return err;
            break;
        default:
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "%s: unknown key %" PRIu64, path, key);
        }
    }
    if (!have_kid || !have_key || !have_party || !have_role)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "%s: kid, key or certificate, party and role are required",
                            path);
    err = item_from_entry(e, path, DPP_ERR_LIST_FORMAT, true, out, diag);
    if (err != DPP_OK) return err;
    if (memcmp(kid, out->kid, DPP_KID_LEN) != 0) {
        item_clear(out);
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "%s.kid: does not match the key's kid", path);
    }
    return DPP_OK;
}

/* Body: {6: [* entry]} after the envelope's keys. */
static dpp_err read_body(cb_reader *r, uint64_t n_rest, void **doc, dpp_diag *diag)
{
    cb_item k, a;
    dpp_trustlist *tl = NULL;
    dpp_trustlist_entry *scratch = NULL;
    dpp_err err;

    if (n_rest != 1 && n_rest != 2)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "trust list: keys 1..6 (and 7) expected");
    if (dpp_cb_next(r, &k) != DPP_OK || dpp_cb_next(r, &a) != DPP_OK) return RD_FAIL(r, diag, "trust list");
    if (k.type != CB_UINT || k.v != 6 || a.type != CB_ARRAY)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, k.off, "trust list: key 6 (entries) must be an array");
    if (a.v > DPP_TRUSTLIST_MAX_ENTRIES)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, a.off, "trust list: %" PRIu64 " entries; the limit is %u", a.v,
                            DPP_TRUSTLIST_MAX_ENTRIES);
    err = dpp_trustlist_new(&tl);
    if (err == DPP_OK) err = list_reserve(tl, (size_t)a.v);
    scratch = malloc(sizeof *scratch);
    if (err != DPP_OK || scratch == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    for (uint64_t i = 0; i < a.v; i++) {
        tl_item it;
        err = rd_entry(r, (size_t)i, scratch, &it, diag);
        if (err != DPP_OK) goto done;
        if (tl->n > 0 && item_cmp(&tl->items[tl->n - 1], &it) >= 0) {
            item_clear(&it);
            err = dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX,
                               "entries[%" PRIu64 "]: not sorted by (kid, role), or repeated", i);
            goto done;
        }
        tl->items[tl->n++] = it;
    }
    if (n_rest == 2) {
        /* 7: operator chain, [+ bstr] of rollover statements */
        if (dpp_cb_next(r, &k) != DPP_OK || dpp_cb_next(r, &a) != DPP_OK) {
            err = RD_FAIL(r, diag, "trust list");
            goto done;
        }
        if (k.type != CB_UINT || k.v != 7 || a.type != CB_ARRAY || a.v == 0) {
            err = dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, k.off, "trust list: key 7 (operator chain) must be a non-empty array");
            goto done;
        }
        if (a.v > DPP_TRUSTLIST_MAX_ROLLOVERS) {
            err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, a.off, "trust list: %" PRIu64 " rollovers; the limit is %u", a.v,
                               DPP_TRUSTLIST_MAX_ROLLOVERS);
            goto done;
        }
        for (uint64_t i = 0; i < a.v; i++) {
            cb_item b;
            if (dpp_cb_next(r, &b) != DPP_OK) {
                err = RD_FAIL(r, diag, "trust list");
                goto done;
            }
            if (b.type != CB_BSTR) {
                err = dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, b.off, "operator_chain[%" PRIu64 "]: not a bstr", i);
                goto done;
            }
            err = dpp_trustlist_add_rollover(tl, b.ptr, (size_t)b.v, diag);
            if (err != DPP_OK) goto done;
        }
    }
    *doc = tl;
    tl = NULL;
done:
    free(scratch);
    dpp_trustlist_free(tl);
    return err;
}

static size_t body_pairs(const void *doc)
{
    const dpp_trustlist *tl = doc;
    return tl->n_chain > 0 ? 2 : 1;
}

static void write_body(cw_writer *w, const void *doc)
{
    const dpp_trustlist *tl = doc;
    dpp_cw_uint(w, 6);
    dpp_cw_array(w, tl->n);
    for (size_t i = 0; i < tl->n; i++) write_item(w, &tl->items[i]);
    if (tl->n_chain > 0) {
        dpp_cw_uint(w, 7);
        dpp_cw_array(w, tl->n_chain);
        for (size_t i = 0; i < tl->n_chain; i++) dpp_cw_bstr(w, tl->chain[i], tl->chain_len[i]);
    }
}

static size_t doc_count(const void *doc) { return dpp_trustlist_count(doc); }
static void doc_free(void *doc) { dpp_trustlist_free(doc); }

static const dpp_list_codec k_codec = {DPP_LIST_TYPE_TRUST, body_pairs, write_body, read_body, doc_count, doc_free};

dpp_err dpp_trustlist_sign(const dpp_trustlist *tl, const dpp_key *operator_key, const dpp_list_header *hdr,
                           uint8_t *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    return dpp_list_sign_with(&k_codec, tl, operator_key, hdr, out, out_cap, out_len, diag);
}

dpp_err dpp_trustlist_decode(const uint8_t *data, size_t len, bool verify, const dpp_key *const *pins, size_t n_pins,
                             const dpp_list_policy *policy, dpp_trustlist **out, dpp_list_info *info, dpp_diag *diag)
{
    void *doc = NULL;
    dpp_err err = dpp_list_decode(&k_codec, data, len, verify, pins, n_pins, policy, &doc, info, diag);
    if (err == DPP_OK) *out = doc;
    return err;
}

dpp_err dpp_trustlist_parse(const uint8_t *data, size_t len, const dpp_key *operator_key,
                            const dpp_list_policy *policy, dpp_trustlist **out, dpp_list_info *info, dpp_diag *diag)
{
    void *doc = NULL;
    dpp_err err = dpp_list_parse_with(&k_codec, data, len, operator_key, policy, out != NULL ? &doc : NULL, info, diag);
    if (out != NULL) *out = doc;
    return err;
}

dpp_err dpp_trustlist_inspect(const uint8_t *data, size_t len, dpp_trustlist **out, dpp_list_info *info,
                              dpp_diag *diag)
{
    void *doc = NULL;
    dpp_err err = dpp_list_inspect_with(&k_codec, data, len, out != NULL ? &doc : NULL, info, diag);
    if (out != NULL) *out = doc;
    return err;
}

const tl_item *dpp_trustlist_items(const dpp_trustlist *tl, size_t *n)
{
    *n = tl->n;
    return tl->items;
}
