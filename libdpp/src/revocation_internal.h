/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the revocation index (revocation.c), the body of a dpp_revlist
 * and of a trust store's revocation list. Three sorted arrays; lookups are
 * binary searches and never allocate.
 */
#ifndef DPP_SRC_REVOCATION_INTERNAL_H
#define DPP_SRC_REVOCATION_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_key.h"
#include "dpp/dpp_list.h"
#include "dpp/dpp_revocation.h"

/* A revoked batch, decoded. */
typedef struct dpp_rev_batch {
    uint64_t gtin;
    uint8_t batch_len;
    char batch[DPP_MAX_BATCH];
    uint8_t reason;
    uint16_t date;
} dpp_rev_batch;

/* Record sizes of the packed revocation sections (spec/trust.md 6.1). */
#define DPP_REV_KID_REC 11      /* kid(8) reason(1) date(2, big-endian days) */
#define DPP_REV_ID_REC 19       /* id(16) reason(1) date(2) */

/* The revocation data of a list: also the body of a dpp_revlist. */
typedef struct dpp_rev_index {
    uint8_t *kids;              /* n_kids records, sorted by kid, unique */
    size_t n_kids, cap_kids;
    uint8_t *ids;               /* n_ids records, sorted by id, unique */
    size_t n_ids, cap_ids;
    dpp_rev_batch *batches;     /* sorted by (gtin, batch bytes, length), unique */
    size_t n_batches, cap_batches;
} dpp_rev_index;

void dpp_rev_index_free(dpp_rev_index *r);
/** Deep copy into *dst (zeroed first). */
dpp_err dpp_rev_index_copy(dpp_rev_index *dst, const dpp_rev_index *src);
/** The record of kid / id, or NULL. */
const uint8_t *dpp_rev_find_kid(const dpp_rev_index *r, const uint8_t kid[DPP_KID_LEN]);
const uint8_t *dpp_rev_find_id(const dpp_rev_index *r, const uint8_t id[16]);
const dpp_rev_batch *dpp_rev_find_batch(const dpp_rev_index *r, uint64_t gtin, const char *batch, size_t batch_len);
/** Looks r up by kind and kid / id / (GTIN, batch): DPP_OK and *found, DPP_ERR_NOT_FOUND, or
 *  DPP_ERR_INVALID_ARG for a bad kind or batch key (dpp_trust_find_revocation's body). */
dpp_err dpp_rev_index_lookup(const dpp_rev_index *x, const dpp_revocation *r, dpp_revocation *found);

/** The index of a list (for a trust store to copy or take over). */
dpp_rev_index *dpp_revlist_index(dpp_revlist *rl);
const dpp_rev_index *dpp_revlist_index_const(const dpp_revlist *rl);

/** Decodes a signed revocation list (verified against pins when verify). */
dpp_err dpp_revlist_decode(const uint8_t *data, size_t len, bool verify, const dpp_key *const *pins, size_t n_pins,
                           const dpp_list_policy *policy, dpp_revlist **out, dpp_list_info *info, dpp_diag *diag);

#endif
