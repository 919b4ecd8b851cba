/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_REVOCATION_H
#define DPP_REVOCATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_list.h"
#include "dpp/dpp_roles.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_revocation.h
 * @brief Signed revocation lists (spec/trust.md section 6): revoked keys
 *        (by kid), revoked passports (by id) and revoked batches (GTIN +
 *        batch), each with a reason and a date. Same operator model as trust
 *        lists: a COSE_Sign1 by a pinned operator key, with a sequence number
 *        and a next-update time.
 *
 * The sections are sorted, so a verifier finds an entry by binary search;
 * kids and passport ids are fixed-size records, 11 and 19 bytes each.
 * The compact form (spec/trust.md 6.5, dpp_revlist_sign_compact()) keeps
 * passport ids and batches as salted 64-bit hashes, Golomb-Rice coded:
 * about 6..8 bytes per entry instead of 19..25, a false-positive chance of
 * n / 2^64 per lookup and no false negatives.
 * Loading a list into a trust store and looking revocations up there:
 * dpp_trust_load_revocations(), dpp_trust_find_revocation() (dpp_trust.h).
 * Threads: a dpp_revlist must not be modified while another thread reads it.
 */

/** Why something was revoked. */
typedef enum dpp_revocation_reason {
    DPP_REASON_UNSPECIFIED = 0,
    DPP_REASON_KEY_COMPROMISE = 1, /**< key: every signature rejected, whatever its date */
    DPP_REASON_SUPERSEDED = 2,     /**< key: signatures with iat >= date rejected */
    DPP_REASON_CESSATION = 3,      /**< key: party stopped operating; iat >= date rejected */
    DPP_REASON_RECALL = 4,         /**< passport/batch: product recalled */
    DPP_REASON_FRAUD = 5,          /**< counterfeit product or false data */
    DPP_REASON_WITHDRAWN = 6       /**< issued in error, replaced, or accreditation withdrawn */
} dpp_revocation_reason;

/** "unspecified", "key-compromise", "superseded", "cessation", "recall", "fraud", "withdrawn". */
DPP_API const char *dpp_revocation_reason_name(dpp_revocation_reason reason);
DPP_API DPP_NODISCARD dpp_err dpp_revocation_reason_from_name(const char *name, dpp_revocation_reason *out);

typedef enum dpp_revocation_kind {
    DPP_REVOKED_KEY = 1,      /**< by kid: passports and attestations signed with it */
    DPP_REVOKED_PASSPORT = 2, /**< by passport id */
    DPP_REVOKED_BATCH = 3,    /**< by GTIN + batch */
    DPP_REVOKED_HASHED = 4    /**< a passport id or batch of a compact list, known only by its 64-bit hash
                                   (big-endian in passport_id[0..8]); dpp_revlist_get() only */
} dpp_revocation_kind;

/** "key", "passport", "batch", "hashed". */
DPP_API const char *dpp_revocation_kind_name(dpp_revocation_kind kind);

/** One revocation. Only the fields of its kind are used. */
typedef struct dpp_revocation {
    dpp_revocation_kind kind;
    uint8_t kid[DPP_KID_LEN];         /**< KEY */
    uint8_t passport_id[16];          /**< PASSPORT */
    char gtin[15];                    /**< BATCH: 14 digits */
    char batch[DPP_MAX_BATCH + 1];    /**< BATCH: 1..20 bytes, GS1 AI 82 set */
    dpp_revocation_reason reason;
    dpp_date date;                    /**< effective date, days since 1970-01-01 (0..65535) */
} dpp_revocation;

/** Most revocations of each kind in one list. */
#define DPP_REVLIST_MAX_ENTRIES 1000000u
DPP_API size_t dpp_revlist_max_entries(void);

typedef struct dpp_revlist dpp_revlist;

DPP_API DPP_NODISCARD dpp_err dpp_revlist_new(dpp_revlist **out);
DPP_API void dpp_revlist_free(dpp_revlist *rl);

/**
 * Adds a revocation (checked: kind, reason, date, GTIN check digit, batch
 * characters). Adding one whose kid / id / (GTIN, batch) is already listed
 * replaces its reason and date. Errors: DPP_ERR_INVALID_ARG, DPP_ERR_TOO_LARGE,
 * DPP_ERR_NO_MEMORY.
 */
DPP_API DPP_NODISCARD dpp_err dpp_revlist_add(dpp_revlist *rl, const dpp_revocation *r, dpp_diag *diag);

/** Removes the revocation with r's kind and kid / id / (GTIN, batch); DPP_ERR_NOT_FOUND if absent. */
DPP_API DPP_NODISCARD dpp_err dpp_revlist_remove(dpp_revlist *rl, const dpp_revocation *r);

/** Total revocations (keys, then passports, then batches, each sorted). */
DPP_API size_t dpp_revlist_count(const dpp_revlist *rl);
DPP_API DPP_NODISCARD dpp_err dpp_revlist_get(const dpp_revlist *rl, size_t index, dpp_revocation *out);

/** Signs the list (external AAD "dpp-revocation-list-v1"); out == NULL: exact size. */
DPP_API DPP_NODISCARD dpp_err dpp_revlist_sign(const dpp_revlist *rl, const dpp_key *operator_key,
                                               const dpp_list_header *hdr, uint8_t *out, size_t out_cap,
                                               size_t *out_len, dpp_diag *diag);

/** Bytes of the salt of a compact list. */
#define DPP_REVLIST_SALT_LEN 16

/**
 * Signs the list in the compact form (spec/trust.md 6.5): kids as in
 * dpp_revlist_sign(), passport ids and batches as one set of 64-bit hashes
 * SHA-256("dpp-revset-v1" || salt || kind || key) (body key 9). Give a fresh
 * random salt for every list signed (DPP_REVLIST_SALT_LEN bytes; the same
 * salt gives the same bytes, so the size query with out == NULL is exact).
 * A list that already holds a compact set (read from a compact list) cannot be
 * re-hashed: DPP_ERR_INVALID_ARG (dpp_revlist_sign() writes it unchanged).
 * Readers before this version refuse key 9 (DPP_ERR_LIST_FORMAT).
 */
DPP_API DPP_NODISCARD dpp_err dpp_revlist_sign_compact(const dpp_revlist *rl, const dpp_key *operator_key,
                                                       const dpp_list_header *hdr,
                                                       const uint8_t salt[DPP_REVLIST_SALT_LEN], uint8_t *out,
                                                       size_t out_cap, size_t *out_len, dpp_diag *diag);

/** True if the list holds a compact (hashed) set: its entries are DPP_REVOKED_HASHED and cannot be edited. */
DPP_API bool dpp_revlist_is_compact(const dpp_revlist *rl);

/** Verifies with one operator key and decodes (policy may be NULL: no freshness checks). */
DPP_API DPP_NODISCARD dpp_err dpp_revlist_parse(const uint8_t *data, size_t len, const dpp_key *operator_key,
                                                const dpp_list_policy *policy, dpp_revlist **out,
                                                dpp_list_info *info, dpp_diag *diag);

/** Decodes WITHOUT verifying signature or freshness (display only). */
DPP_API DPP_NODISCARD dpp_err dpp_revlist_inspect(const uint8_t *data, size_t len, dpp_revlist **out,
                                                  dpp_list_info *info, dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_REVOCATION_H */
