/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_TRUSTLIST_H
#define DPP_TRUSTLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_list.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_roles.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_trustlist.h
 * @brief Signed trust lists (spec/trust.md section 3): build, sign, parse and
 *        inspect them. Loading one into a trust store against pinned
 *        operator keys, and the X.509 alternative, are in dpp_trust.h; the
 *        envelope types shared with revocation lists in dpp_list.h.
 *
 * A trust list is a COSE_Sign1 (tag 18) over a CBOR map of entries, signed
 * by a trust-list operator whose public key the verifier pins. Each entry
 * binds a key to a party, a role, a validity window and a scope.
 *
 * Workflow:
 *  - operator: dpp_trustlist_new(), dpp_trustlist_entry_set_key() + fill the entry,
 *    dpp_trustlist_add(), ..., dpp_trustlist_sign();
 *  - editing an existing list: dpp_trustlist_parse() (verifies with the
 *    operator's key), dpp_trustlist_add()/_remove(), dpp_trustlist_sign()
 *    with a higher sequence number;
 *  - verifier: dpp_trust_pin_operator(), dpp_trust_load_list() (dpp_trust.h)
 *    with the sequence number seen last, then dpp_verify() (dpp_verify.h).
 *
 * Memory: a dpp_trustlist owns copies of everything added; dpp_trustlist_entry is
 * a plain struct (about 5 KiB: keep it on the heap or in static storage).
 * Threads: a dpp_trustlist must not be modified while another thread reads it.
 */

/* ---- Limits (each has a function twin; a test checks them) ---- */

/** Most entries in one trust list. */
#define DPP_TRUSTLIST_MAX_ENTRIES 65536u
/** Longest key (DER SubjectPublicKeyInfo) or certificate (DER) in an entry. */
#define DPP_TRUSTLIST_MAX_KEY_LEN 4096u
DPP_API size_t dpp_trustlist_max_entries(void);
DPP_API size_t dpp_trustlist_max_key_len(void);

/** One trust-list entry. Zero it, then fill it (dpp_trustlist_entry_set_key() for the key). */
typedef struct dpp_trustlist_entry {
    uint8_t kid[DPP_KID_LEN]; /**< output only: computed from the key */
    bool is_certificate;      /**< key holds a DER X.509 certificate, else a DER SubjectPublicKeyInfo */
    size_t key_len;
    uint8_t key[DPP_TRUSTLIST_MAX_KEY_LEN];
    dpp_party party;          /**< name and country required; identifier optional */
    dpp_role role;            /**< MANUFACTURER, CERTIFIER, CBAM_VERIFIER or OPERATOR (not ANY) */
    bool has_not_before;
    int64_t not_before;       /**< seconds since the epoch */
    bool has_not_after;
    int64_t not_after;        /**< > not_before when both are set */
    dpp_scope scope;
} dpp_trustlist_entry;

/**
 * Sets e->key, e->key_len, e->is_certificate and e->kid from PEM or DER
 * bytes: a public key, a private key (only its public part is kept) or an
 * X.509 certificate (kept whole). Errors: DPP_ERR_KEY_FORMAT, DPP_ERR_KEY_TYPE,
 * DPP_ERR_TOO_LARGE (certificate > DPP_TRUSTLIST_MAX_KEY_LEN).
 */
DPP_API DPP_NODISCARD dpp_err dpp_trustlist_entry_set_key(dpp_trustlist_entry *e, const uint8_t *data, size_t len,
                                                   dpp_diag *diag);

/* ---- The trust-list document ---- */

typedef struct dpp_trustlist dpp_trustlist;

DPP_API DPP_NODISCARD dpp_err dpp_trustlist_new(dpp_trustlist **out);
DPP_API void dpp_trustlist_free(dpp_trustlist *tl);

/**
 * Validates e (key parseable and matching is_certificate, not a private key;
 * party; role not ANY; window; scope: prefixes of 1..14 digits, categories
 * 1..48 bytes, claim bits that exist) and adds a copy. The list stays sorted
 * by (kid, role). Errors: DPP_ERR_INVALID_ARG (field named in diag, or an
 * entry with the same kid and role exists), DPP_ERR_KEY_*, DPP_ERR_TOO_LARGE
 * (DPP_TRUSTLIST_MAX_ENTRIES), DPP_ERR_NO_MEMORY.
 */
DPP_API DPP_NODISCARD dpp_err dpp_trustlist_add(dpp_trustlist *tl, const dpp_trustlist_entry *e, dpp_diag *diag);

/**
 * Removes the entries with this kid and role (role DPP_ROLE_ANY: every role).
 * *removed (may be NULL) gets the count. DPP_ERR_NOT_FOUND if none matched.
 */
DPP_API DPP_NODISCARD dpp_err dpp_trustlist_remove(dpp_trustlist *tl, const uint8_t kid[DPP_KID_LEN], dpp_role role,
                                                   size_t *removed);

DPP_API size_t dpp_trustlist_count(const dpp_trustlist *tl);

/** Copies entry index (0..count-1, in list order) into *out. */
DPP_API DPP_NODISCARD dpp_err dpp_trustlist_get(const dpp_trustlist *tl, size_t index, dpp_trustlist_entry *out);

/**
 * Signs the list with the operator's private key: COSE_Sign1 tag 18,
 * protected {1: alg, 4: kid}, external AAD "dpp-trust-list-v1" (spec/trust.md).
 * out == NULL: exact size in *out_len. An empty list is allowed.
 * Errors: DPP_ERR_INVALID_ARG (header), DPP_ERR_KEY_NOT_PRIVATE,
 * DPP_ERR_BUFFER_TOO_SMALL, DPP_ERR_TOO_LARGE (DPP_LIST_MAX_LEN).
 */
DPP_API DPP_NODISCARD dpp_err dpp_trustlist_sign(const dpp_trustlist *tl, const dpp_key *operator_key,
                                                 const dpp_list_header *hdr, uint8_t *out, size_t out_cap,
                                                 size_t *out_len, dpp_diag *diag);

/**
 * Verifies a signed list with one operator public key and decodes it into a
 * new dpp_trustlist (for editing and display). policy may be NULL: then no
 * freshness or rollback check. Errors as dpp_trust_load_list().
 */
DPP_API DPP_NODISCARD dpp_err dpp_trustlist_parse(const uint8_t *data, size_t len, const dpp_key *operator_key,
                                                  const dpp_list_policy *policy, dpp_trustlist **out,
                                                  dpp_list_info *info, dpp_diag *diag);

/**
 * Decodes a signed list WITHOUT verifying its signature or freshness, for
 * display only ("dpp trust show" of an unknown list). The structure and
 * every entry are still checked.
 */
DPP_API DPP_NODISCARD dpp_err dpp_trustlist_inspect(const uint8_t *data, size_t len, dpp_trustlist **out,
                                                    dpp_list_info *info, dpp_diag *diag);

/* ---- Operator key rollover (spec/trust.md 3.9) ---- */

/** Most rollover statements in one trust list's operator chain. */
#define DPP_TRUSTLIST_MAX_ROLLOVERS 16u
/** Largest rollover statement (bytes). */
#define DPP_ROLLOVER_MAX_LEN 2048u

/**
 * Signs a rollover statement: the current operator key old_key (private)
 * announces new_key (its public part is used) as its successor. A
 * COSE_Sign1 (tag 18, protected {1: alg, 4: kid of old_key}, external AAD
 * "dpp-operator-rollover-v1") over {1: successor SubjectPublicKeyInfo DER}.
 * out == NULL: exact size in *out_len. Errors: DPP_ERR_INVALID_ARG (same
 * key), DPP_ERR_KEY_NOT_PRIVATE, DPP_ERR_KEY_TYPE, DPP_ERR_BUFFER_TOO_SMALL.
 */
DPP_API DPP_NODISCARD dpp_err dpp_rollover_sign(const dpp_key *old_key, const dpp_key *new_key, uint8_t *out,
                                                size_t out_cap, size_t *out_len, dpp_diag *diag);

/**
 * Appends a rollover statement to the list's operator chain (key 7, oldest
 * first; the list signed by the newest key). Its structure is checked here,
 * its signature by the verifier that follows the chain. Errors:
 * DPP_ERR_LIST_FORMAT, DPP_ERR_TOO_LARGE (DPP_TRUSTLIST_MAX_ROLLOVERS,
 * DPP_ROLLOVER_MAX_LEN), DPP_ERR_NO_MEMORY.
 */
DPP_API DPP_NODISCARD dpp_err dpp_trustlist_add_rollover(dpp_trustlist *tl, const uint8_t *stmt, size_t len,
                                                         dpp_diag *diag);

/** Rollover statements in the list's operator chain. */
DPP_API size_t dpp_trustlist_rollover_count(const dpp_trustlist *tl);

#ifdef __cplusplus
}
#endif

#endif /* DPP_TRUSTLIST_H */
