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

#include "cbor_read.h"
#include "cbor_write.h"
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

/* The compact set (key 9, spec/trust.md 6.5): salted 64-bit hashes of
 * revoked passport ids and batches, Golomb-Rice coded (revset.c). The wire
 * fields are kept as read; the restart points are built when loading. */
#define DPP_REVSET_BLOCK 16     /* entries per restart point (memory only) */
#define DPP_REVSET_PAD 9        /* zero bytes after codes and metaidx in memory (whole-word reads) */
typedef struct dpp_rev_set {
    bool present;
    uint8_t salt[DPP_REVLIST_SALT_LEN];
    size_t n;                   /* entries, 1..DPP_REVLIST_MAX_ENTRIES */
    unsigned k;                 /* Rice parameter: 64 - bitlen(n) */
    unsigned w;                 /* bits per meta index: bitlen(n_meta - 1) */
    uint8_t *meta;              /* n_meta x reason(1) date(2) */
    size_t n_meta;
    uint8_t *codes;             /* the Rice codes as on the wire */
    size_t codes_len;
    uint8_t *metaidx;           /* n x w bits as on the wire */
    size_t metaidx_len;
    uint64_t *rs_val;           /* per block b: value of entry 16 b */
    uint32_t *rs_bit;           /* per block b: bit offset after entry 16 b's code (codes < 2^29 bits) */
    size_t n_blocks;
} dpp_revset;

/* The revocation data of a list: also the body of a dpp_revlist. */
typedef struct dpp_rev_index {
    uint8_t *kids;              /* n_kids records, sorted by kid, unique */
    size_t n_kids, cap_kids;
    uint8_t *ids;               /* n_ids records, sorted by id, unique */
    size_t n_ids, cap_ids;
    dpp_rev_batch *batches;     /* sorted by (gtin, batch bytes, length), unique */
    size_t n_batches, cap_batches;
    dpp_revset hashed;          /* key 9: compact hashed passports and batches */
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

/* ---- the compact set (revset.c) ---- */
void dpp_revset_free(dpp_revset *s);
dpp_err dpp_revset_copy(dpp_revset *dst, const dpp_revset *src);
/** k = 64 - bitlen(n). */
unsigned dpp_revset_rice_k(size_t n);
/** h = SHA-256("dpp-revset-v1" || salt || kind || key)[0..8], big-endian. */
dpp_err dpp_revset_hash(const uint8_t salt[DPP_REVLIST_SALT_LEN], int kind, const uint8_t *key, size_t key_len,
                        uint64_t *out);
/** The hashed key of a batch: GTIN (8 bytes BE) || length || bytes; returns its length. */
size_t dpp_revset_batch_key(uint64_t gtin, const char *batch, size_t batch_len, uint8_t out[9 + DPP_MAX_BATCH]);
/** The set of x's passport ids and batches under salt (kids are not hashed). */
dpp_err dpp_revset_build(const dpp_rev_index *x, const uint8_t salt[DPP_REVLIST_SALT_LEN], dpp_revset *s,
                         dpp_diag *diag);
/** Reads key 9's value (arr, the array head already read) strictly. */
dpp_err dpp_revset_read(cb_reader *r, const cb_item *arr, dpp_revset *s, dpp_diag *diag);
void dpp_revset_write(cw_writer *w, const dpp_revset *s);
/** Is h in the set? Its reason and date. No allocation. */
bool dpp_revset_find(const dpp_revset *s, uint64_t h, uint8_t *reason, uint16_t *date);
/** Entry index (in hash order). */
dpp_err dpp_revset_get(const dpp_revset *s, size_t index, uint64_t *h, uint8_t *reason, uint16_t *date);
/** A passport id / a batch in the compact set of r? (reason, date on a hit) */
bool dpp_rev_find_hashed_id(const dpp_rev_index *r, const uint8_t id[16], uint8_t *reason, uint16_t *date);
bool dpp_rev_find_hashed_batch(const dpp_rev_index *r, uint64_t gtin, const char *batch, size_t batch_len,
                               uint8_t *reason, uint16_t *date);

/** The index of a list (for a trust store to copy or take over). */
dpp_rev_index *dpp_revlist_index(dpp_revlist *rl);
const dpp_rev_index *dpp_revlist_index_const(const dpp_revlist *rl);

/** Decodes a signed revocation list (verified against pins when verify). */
dpp_err dpp_revlist_decode(const uint8_t *data, size_t len, bool verify, const dpp_key *const *pins, size_t n_pins,
                           const dpp_list_policy *policy, dpp_revlist **out, dpp_list_info *info, dpp_diag *diag);

#endif
