/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_LIST_H
#define DPP_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_list.h
 * @brief What trust lists (dpp_trustlist.h) and revocation lists
 *        (dpp_revocation.h) share: the signed envelope's limits, header,
 *        self-description and freshness policy (spec/trust.md sections 3
 *        and 6). Loading either kind into a trust store is dpp_trust.h.
 *
 * Both kinds are a COSE_Sign1 (tag 18) by a trust-list operator whose key the
 * verifier pins, over a CBOR map holding the list type, a sequence number,
 * issued-at and next-update times, and the kind's entries.
 */

/** Largest signed trust or revocation list accepted (bytes). */
#define DPP_LIST_MAX_LEN (32u * 1024u * 1024u)
/** A suggested grace period past next_update (7 days), for callers that have no policy. */
#define DPP_LIST_DEFAULT_GRACE_SECONDS 604800
DPP_API size_t dpp_list_max_len(void);

/** List kinds (the same values as the lists' own type field). */
typedef enum dpp_list_kind {
    DPP_LIST_KIND_TRUST = 1,      /**< trust list */
    DPP_LIST_KIND_REVOCATION = 2, /**< revocation list */
    DPP_LIST_KIND_STATUS = 3      /**< status list (dpp_status.h) */
} dpp_list_kind;

/** Header of a list to sign. */
typedef struct dpp_list_header {
    uint64_t sequence;   /**< >= 1; every new list must have a higher one */
    int64_t issued_at;   /**< seconds since the epoch, > 0 */
    int64_t next_update; /**< > issued_at: the list is stale after this (plus the verifier's grace) */
} dpp_list_header;

/** What a parsed or loaded list says about itself. */
typedef struct dpp_list_info {
    uint64_t sequence;
    int64_t issued_at;
    int64_t next_update;
    uint8_t signer_kid[DPP_KID_LEN]; /**< kid in the list's protected header */
    size_t n_entries;                /**< trust list: entries; revocation list: all revocations */
    bool past_next_update;           /**< accepted only thanks to the grace period: fetch a new list */
} dpp_list_info;

/** Freshness policy when loading a list. */
typedef struct dpp_list_policy {
    int64_t now;           /**< validation time, seconds since the epoch */
    uint64_t min_sequence; /**< highest sequence the caller accepted before (0: none); lower is
                                DPP_ERR_LIST_ROLLBACK, equal is accepted */
    int64_t grace_seconds; /**< >= 0: a list is DPP_ERR_LIST_STALE once now > next_update + grace */
} dpp_list_policy;

#ifdef __cplusplus
}
#endif

#endif /* DPP_LIST_H */
