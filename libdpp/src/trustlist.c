/* SPDX-License-Identifier: Apache-2.0 */
/* Signed trust lists: the document (build, edit, sign, parse, inspect), the
 * signed-list envelope shared with revocation lists, and loading a list into
 * a trust store. Format: spec/trust.md section 3, spec/trust.cddl. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "codes.h"
#include "cose_internal.h"
#include "diag.h"
#include "dpp/dpp_cose.h"
#include "dpp/dpp_trustlist.h"
#include "timeutil.h"
#include "trust_internal.h"
#include "x509_internal.h"

#define LIST_VERSION 1
#define ROLE_MAX DPP_ROLE_OPERATOR

static const char k_aad_trust[] = "dpp-trust-list-v1";
static const char k_aad_revocation[] = "dpp-revocation-list-v1";

static dpp_bytes list_aad(int type)
{
    dpp_bytes b;
    if (type == DPP_LIST_TYPE_TRUST) {
        b.ptr = (const uint8_t *)k_aad_trust;
        b.len = sizeof k_aad_trust - 1;
    } else {
        b.ptr = (const uint8_t *)k_aad_revocation;
        b.len = sizeof k_aad_revocation - 1;
    }
    return b;
}

static const char *list_type_name(int type) { return type == DPP_LIST_TYPE_TRUST ? "trust" : "revocation"; }

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
    if (cb_next(r, &k) != DPP_OK || cb_next(r, &it) != DPP_OK)
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
            /* A list of the other type verifies under its own AAD: say so. */
            dpp_cose_opts other = opts;
            int otype = type == DPP_LIST_TYPE_TRUST ? DPP_LIST_TYPE_REVOCATION : DPP_LIST_TYPE_TRUST;
            other.aad = list_aad(otype);
            for (size_t i = 0; i < n_pins; i++) {
                uint8_t pk[DPP_KID_LEN];
                dpp_key_kid(pins[i], pk);
                if (memcmp(pk, m.kid.ptr, DPP_KID_LEN) == 0 &&
                    dpp_cose_sign1_verify_ex(&m, NULL, pins[i], &other, NULL) == DPP_OK)
                    return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "this is a %s list, not a %s list",
                                        list_type_name(otype), list_type_name(type));
            }
            if (last == DPP_ERR_SIGNATURE)
                return dpp_diag_set(diag, DPP_ERR_SIGNATURE, SIZE_MAX,
                                    "%s list signature does not verify with the pinned operator key %s "
                                    "(the list was changed after signing)",
                                    list_type_name(type), kh);
            return last;
        }
    }

    cb_init(r, m.payload.ptr, m.payload.len, true);
    if (cb_next(r, &head) != DPP_OK)
        return dpp_diag_set(diag, r->err, r->err_off, "list: %s at offset %zu", dpp_err_name(r->err), r->err_off);
    if (head.type != CB_MAP || head.v < 5)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, head.off, "list: payload is not a map with keys 1..5");
    if ((err = hdr_uint(r, 1, "version", &version, diag)) != DPP_OK) return err;
    if (version != LIST_VERSION)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "list: version %" PRIu64 " (this library reads 1)",
                            version);
    if ((err = hdr_uint(r, 2, "type", &ltype, diag)) != DPP_OK) return err;
    if (ltype != (uint64_t)type) {
        if (ltype == DPP_LIST_TYPE_TRUST || ltype == DPP_LIST_TYPE_REVOCATION)
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

/* ---- entries ---- */

typedef struct tl_item {
    uint8_t kid[DPP_KID_LEN];
    bool is_cert;
    uint8_t *key_der;
    size_t key_len;
    dpp_key *key;
    dpp_party party;
    dpp_role role;
    bool has_nb, has_na;
    int64_t nb, na;
    dpp_scope *scope; /* NULL: unrestricted */
} tl_item;

struct dpp_trustlist {
    tl_item *items; /* sorted by (kid, role) */
    size_t n, cap;
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
    free(tl);
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
static dpp_err item_from_entry(const dpp_tl_entry *e, const char *path, dpp_err code, bool strict_order, tl_item *it,
                               dpp_diag *diag)
{
    dpp_diag kd;
    int64_t nb, na;
    dpp_err err;

    memset(it, 0, sizeof *it);
    if (e->key_len == 0 || e->key_len > DPP_TL_MAX_KEY_LEN)
        return dpp_diag_set(diag, code, SIZE_MAX, "%s.key: %zu bytes; 1..%u needed", path, e->key_len,
                            DPP_TL_MAX_KEY_LEN);
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

dpp_err dpp_trustlist_add(dpp_trustlist *tl, const dpp_tl_entry *e, dpp_diag *diag)
{
    tl_item it;
    size_t at;
    char kh[2 * DPP_KID_LEN + 1];
    dpp_err err;

    dpp_diag_clear(diag);
    if (tl == NULL || e == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "list or entry is NULL");
    if (tl->n >= DPP_TL_MAX_ENTRIES)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "trust list already holds %u entries",
                            DPP_TL_MAX_ENTRIES);
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

dpp_err dpp_trustlist_get(const dpp_trustlist *tl, size_t index, dpp_tl_entry *out)
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

dpp_err dpp_tl_entry_set_key(dpp_tl_entry *e, const uint8_t *data, size_t len, dpp_diag *diag)
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
    cw_map(w, has_id ? 3 : 2);
    cw_uint(w, 1);
    cw_cstr(w, p->name);
    cw_uint(w, 2);
    cw_cstr(w, p->country);
    if (has_id) {
        cw_uint(w, 3);
        cw_array(w, 2);
        cw_cstr(w, p->operator_id.scheme);
        cw_cstr(w, p->operator_id.value);
    }
}

static void write_scope(cw_writer *w, const dpp_scope *s)
{
    cw_map(w, (size_t)(s->claims != 0) + (size_t)(s->n_gtin_prefixes != 0) + (size_t)(s->n_categories != 0) +
                  (size_t)(s->n_resolvers != 0));
    if (s->claims != 0) {
        cw_uint(w, 1);
        cw_uint(w, s->claims);
    }
    if (s->n_gtin_prefixes != 0) {
        cw_uint(w, 2);
        cw_array(w, s->n_gtin_prefixes);
        for (size_t i = 0; i < s->n_gtin_prefixes; i++) cw_cstr(w, s->gtin_prefixes[i]);
    }
    if (s->n_categories != 0) {
        cw_uint(w, 3);
        cw_array(w, s->n_categories);
        for (size_t i = 0; i < s->n_categories; i++) cw_cstr(w, s->categories[i]);
    }
    if (s->n_resolvers != 0) {
        cw_uint(w, 4);
        cw_array(w, s->n_resolvers);
        for (size_t i = 0; i < s->n_resolvers; i++) cw_cstr(w, s->resolvers[i]);
    }
}

static void write_item(cw_writer *w, const tl_item *it)
{
    cw_map(w, 4u + (size_t)it->has_nb + (size_t)it->has_na + (size_t)(it->scope != NULL));
    cw_uint(w, 1);
    cw_bstr(w, it->kid, DPP_KID_LEN);
    cw_uint(w, it->is_cert ? 3 : 2);
    cw_bstr(w, it->key_der, it->key_len);
    cw_uint(w, 4);
    write_party(w, &it->party);
    cw_uint(w, 5);
    cw_uint(w, (uint64_t)it->role);
    if (it->has_nb) {
        cw_uint(w, 6);
        cw_uint(w, (uint64_t)it->nb);
    }
    if (it->has_na) {
        cw_uint(w, 7);
        cw_uint(w, (uint64_t)it->na);
    }
    if (it->scope != NULL) {
        cw_uint(w, 8);
        write_scope(w, it->scope);
    }
}

static void write_list(cw_writer *w, const dpp_trustlist *tl, const dpp_list_header *h)
{
    cw_map(w, 6);
    cw_uint(w, 1);
    cw_uint(w, LIST_VERSION);
    cw_uint(w, 2);
    cw_uint(w, DPP_LIST_TYPE_TRUST);
    cw_uint(w, 3);
    cw_uint(w, h->sequence);
    cw_uint(w, 4);
    cw_uint(w, (uint64_t)h->issued_at);
    cw_uint(w, 5);
    cw_uint(w, (uint64_t)h->next_update);
    cw_uint(w, 6);
    cw_array(w, tl->n);
    for (size_t i = 0; i < tl->n; i++) write_item(w, &tl->items[i]);
}

dpp_err dpp_trustlist_sign(const dpp_trustlist *tl, const dpp_key *operator_key, const dpp_list_header *hdr,
                           uint8_t *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    cw_writer w;
    uint8_t *payload = NULL;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (tl == NULL || operator_key == NULL || out_len == NULL || (out == NULL && out_cap != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "list, key and out_len must not be NULL");
    err = dpp_list_header_check(hdr, diag);
    if (err != DPP_OK) return err;
    if (!dpp_key_is_private(operator_key))
        return dpp_diag_set(diag, DPP_ERR_KEY_NOT_PRIVATE, SIZE_MAX, "signing a list needs the operator's private key");
    cw_init(&w, NULL, 0);
    write_list(&w, tl, hdr);
    if (w.len > DPP_LIST_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "list payload is %zu bytes; the limit is %u", w.len,
                            DPP_LIST_MAX_LEN);
    payload = malloc(w.len == 0 ? 1 : w.len);
    if (payload == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    cw_init(&w, payload, w.len);
    write_list(&w, tl, hdr);
    if (cw_err(&w) != DPP_OK) {
        err = dpp_diag_set(diag, cw_err(&w), SIZE_MAX, "cannot encode the list");
        goto done;
    }
    err = dpp_list_sign(payload, w.len, DPP_LIST_TYPE_TRUST, operator_key, out, out_cap, out_len, diag);
done:
    free(payload);
    return err;
}

/* ---- decoding ---- */

#define RD_FAIL(r, diag, what)                                                                                  \
    dpp_diag_set(diag, (r)->err, (r)->err_off, "%s: %s at offset %zu", what, dpp_err_name((r)->err), (r)->err_off)

/* Reads a text item into buf (cap bytes incl. NUL), 1..max bytes. */
static dpp_err rd_text(cb_reader *r, char *buf, size_t cap, size_t max, const char *path, const char *field,
                       dpp_diag *diag)
{
    cb_item it;
    if (cb_next(r, &it) != DPP_OK) return RD_FAIL(r, diag, path);
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
    if (cb_next(r, &k) != DPP_OK) return RD_FAIL(r, diag, path);
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
    if (cb_next(r, &it) != DPP_OK) return RD_FAIL(r, diag, path);
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
            if (cb_next(r, &a) != DPP_OK) return RD_FAIL(r, diag, path);
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
    if (cb_next(r, &a) != DPP_OK) return RD_FAIL(r, diag, path);
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
    if (cb_next(r, &it) != DPP_OK) return RD_FAIL(r, diag, path);
    if (it.type != CB_MAP || it.v == 0 || it.v > 4)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, it.off, "%s.scope: a map of 1..4 entries expected", path);
    for (uint64_t i = 0; i < it.v; i++) {
        cb_item v;
        if ((err = rd_key(r, &prev, i == 0, path, &key, diag)) != DPP_OK) return err;
        if (key == 1) {
            if (cb_next(r, &v) != DPP_OK) return RD_FAIL(r, diag, path);
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
    if (cb_next(r, v) != DPP_OK) return RD_FAIL(r, diag, path);
    if (v->type != CB_BSTR) return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v->off, "%s.%s: not a bstr", path, field);
    return DPP_OK;
}

/* Reads one entry into *e (heap, reused) and builds the item. */
static dpp_err rd_entry(cb_reader *r, size_t index, dpp_tl_entry *e, tl_item *out, dpp_diag *diag)
{
    char path[32];
    cb_item it, v;
    uint64_t prev = 0, key = 0;
    uint8_t kid[DPP_KID_LEN];
    bool have_kid = false, have_key = false, have_party = false, have_role = false;
    dpp_err err;

    (void)snprintf(path, sizeof path, "entries[%zu]", index);
    memset(e, 0, sizeof *e);
    if (cb_next(r, &it) != DPP_OK) return RD_FAIL(r, diag, path);
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
            if (v.v == 0 || v.v > DPP_TL_MAX_KEY_LEN)
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v.off, "%s.key: 1..%u bytes expected", path,
                                    DPP_TL_MAX_KEY_LEN);
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
            if (cb_next(r, &v) != DPP_OK) return RD_FAIL(r, diag, path);
            if (v.type != CB_UINT || v.v < DPP_ROLE_MANUFACTURER || v.v > ROLE_MAX)
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v.off, "%s.role: 1..4 expected", path);
            e->role = (dpp_role)v.v;
            have_role = true;
            break;
        case 6:
        case 7:
            if (cb_next(r, &v) != DPP_OK) return RD_FAIL(r, diag, path);
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

static dpp_err list_decode(const uint8_t *data, size_t len, bool verify, const dpp_key *const *pins, size_t n_pins,
                           const dpp_list_policy *policy, dpp_trustlist **out, dpp_list_info *info, dpp_diag *diag)
{
    cb_reader r;
    cb_item k, a;
    uint64_t n_rest = 0;
    dpp_list_info li;
    dpp_trustlist *tl = NULL;
    dpp_tl_entry *scratch = NULL;
    dpp_err err;

    err = dpp_list_open(data, len, DPP_LIST_TYPE_TRUST, verify, pins, n_pins, policy, &r, &n_rest, &li, diag);
    if (err != DPP_OK) return err;
    if (n_rest != 1) return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "trust list: keys 1..6 expected");
    if (cb_next(&r, &k) != DPP_OK || cb_next(&r, &a) != DPP_OK) return RD_FAIL(&r, diag, "trust list");
    if (k.type != CB_UINT || k.v != 6 || a.type != CB_ARRAY)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, k.off, "trust list: key 6 (entries) must be an array");
    if (a.v > DPP_TL_MAX_ENTRIES)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, a.off, "trust list: %" PRIu64 " entries; the limit is %u", a.v,
                            DPP_TL_MAX_ENTRIES);
    err = dpp_trustlist_new(&tl);
    if (err == DPP_OK) err = list_reserve(tl, (size_t)a.v);
    scratch = malloc(sizeof *scratch);
    if (err != DPP_OK || scratch == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    for (uint64_t i = 0; i < a.v; i++) {
        tl_item it;
        err = rd_entry(&r, (size_t)i, scratch, &it, diag);
        if (err != DPP_OK) goto done;
        if (tl->n > 0 && item_cmp(&tl->items[tl->n - 1], &it) >= 0) {
            item_clear(&it);
            err = dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX,
                               "entries[%" PRIu64 "]: not sorted by (kid, role), or repeated", i);
            goto done;
        }
        tl->items[tl->n++] = it;
    }
    if (cb_finish(&r) != DPP_OK) {
        err = RD_FAIL(&r, diag, "trust list");
        goto done;
    }
    li.n_entries = tl->n;
    if (info != NULL) *info = li;
    *out = tl;
    tl = NULL;
    dpp_diag_clear(diag);
done:
    free(scratch);
    dpp_trustlist_free(tl);
    return err;
}

dpp_err dpp_trustlist_parse(const uint8_t *data, size_t len, const dpp_key *operator_key,
                            const dpp_list_policy *policy, dpp_trustlist **out, dpp_list_info *info, dpp_diag *diag)
{
    dpp_diag_clear(diag);
    if (info != NULL) memset(info, 0, sizeof *info);
    if (out != NULL) *out = NULL;
    if (out == NULL || operator_key == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out and operator_key must not be NULL");
    return list_decode(data, len, true, &operator_key, 1, policy, out, info, diag);
}

dpp_err dpp_trustlist_inspect(const uint8_t *data, size_t len, dpp_trustlist **out, dpp_list_info *info,
                              dpp_diag *diag)
{
    dpp_diag_clear(diag);
    if (info != NULL) memset(info, 0, sizeof *info);
    if (out != NULL) *out = NULL;
    if (out == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out must not be NULL");
    return list_decode(data, len, false, NULL, 0, NULL, out, info, diag);
}

/* ---- into a trust store ---- */

dpp_err dpp_trust_use_list(dpp_trust *trust, const dpp_trustlist *tl, dpp_diag *diag)
{
    dpp_trust *tmp = NULL;
    dpp_trust_entry e;
    dpp_err err = DPP_OK;

    dpp_diag_clear(diag);
    if (trust == NULL || tl == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust or list is NULL");
    /* Build the new entries aside, so a failure leaves the store unchanged. */
    if (dpp_trust_new(&tmp) != DPP_OK) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    for (size_t i = 0; i < tl->n && err == DPP_OK; i++) {
        const tl_item *it = &tl->items[i];
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
    err = list_decode(data, len, true, (const dpp_key *const *)trust->operators, trust->n_ops, policy, &tl, &li,
                      diag);
    if (err != DPP_OK) return err;
    err = dpp_trust_use_list(trust, tl, diag);
    dpp_trustlist_free(tl);
    if (err == DPP_OK && info != NULL) *info = li;
    return err;
}
