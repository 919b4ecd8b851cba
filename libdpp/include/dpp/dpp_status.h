/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_STATUS_H
#define DPP_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_list.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_status.h
 * @brief Status lists (spec/trust.md section 6.4), W3C Bitstring Status
 *        List style: an issuer gives each passport an index in one of its
 *        lists (CWT claim -266, dpp_encode_ex_opts.status_*), and publishes,
 *        per list, a signed, zlib-compressed bitstring in which bit i set
 *        means "passport with index i is revoked". A verifier holding the
 *        list checks one bit (dpp_trust_load_status(), dpp_trust.h).
 *
 * A status list travels in the signed-list envelope of dpp_list.h (type 3,
 * external AAD "dpp-status-list-v1"), signed by a trust-list operator key,
 * either whole or as a delta (the indexes set and cleared since sequence
 * N). Lists are partitioned by their 8-byte list id: dpp_status_list_id()
 * derives one per issuer key and period, so a verifier fetches only the
 * parts that concern it; each part has its own sequence and staleness.
 */

/** Length of a status list id. */
#define DPP_STATUS_LIST_ID_LEN 8
/** Most bits (passports) in one status list: 2^24. */
#define DPP_STATUS_MAX_BITS 16777216u
/** Most status lists (parts) one trust store holds. */
#define DPP_STATUS_MAX_PARTS 4096u
DPP_API size_t dpp_status_max_bits(void);

/**
 * The recommended list id of an issuer key's list for a period (for
 * example the year, or year * 100 + month):
 * SHA-256("dpp-status-v1" || kid || period as 4 bytes big-endian)[0..8].
 */
DPP_API DPP_NODISCARD dpp_err dpp_status_list_id(const uint8_t kid[DPP_KID_LEN], uint32_t period,
                                                 uint8_t out[DPP_STATUS_LIST_ID_LEN]);

/** A status list document (issuer side, and a parsed list). */
typedef struct dpp_status_list dpp_status_list;

/** A list of n_bits cleared bits (1..DPP_STATUS_MAX_BITS, else DPP_ERR_INVALID_ARG). */
DPP_API DPP_NODISCARD dpp_err dpp_status_list_new(const uint8_t id[DPP_STATUS_LIST_ID_LEN], size_t n_bits,
                                                  dpp_status_list **out);
DPP_API void dpp_status_list_free(dpp_status_list *sl);
/** Sets (revoked) or clears bit index; DPP_ERR_STATUS_INDEX past the end. */
DPP_API DPP_NODISCARD dpp_err dpp_status_list_set(dpp_status_list *sl, size_t index, bool revoked);
/** Reads bit index; DPP_ERR_STATUS_INDEX past the end. */
DPP_API DPP_NODISCARD dpp_err dpp_status_list_get(const dpp_status_list *sl, size_t index, bool *revoked);
DPP_API size_t dpp_status_list_bits(const dpp_status_list *sl);
/** Copies the list id into out. */
DPP_API void dpp_status_list_get_id(const dpp_status_list *sl, uint8_t out[DPP_STATUS_LIST_ID_LEN]);

/**
 * Signs the whole list: {6: id, 7: n_bits, 8: zlib(bitstring)}, bit i at
 * byte i / 8, bit 7 - i % 8 (most significant first). out == NULL: exact
 * size in *out_len. Errors as dpp_trustlist_sign().
 */
DPP_API DPP_NODISCARD dpp_err dpp_status_list_sign(const dpp_status_list *sl, const dpp_key *operator_key,
                                                   const dpp_list_header *hdr, uint8_t *out, size_t out_cap,
                                                   size_t *out_len, dpp_diag *diag);

/**
 * Signs the delta from before (the list as published under base_sequence)
 * to now: {6: id, 7: n_bits, 9: base_sequence, ? 10: indexes set, ? 11:
 * indexes cleared}, each a bstr of LEB128 gaps (spec/trust.md 6.4): a few
 * bytes per change. hdr->sequence must be > base_sequence. Errors: as
 * dpp_status_list_sign(), DPP_ERR_INVALID_ARG (different id or size, or no
 * change).
 */
DPP_API DPP_NODISCARD dpp_err dpp_status_list_sign_delta(const dpp_status_list *before, uint64_t base_sequence,
                                                         const dpp_status_list *now, const dpp_key *operator_key,
                                                         const dpp_list_header *hdr, uint8_t *out, size_t out_cap,
                                                         size_t *out_len, dpp_diag *diag);

/**
 * Verifies a whole (not delta) signed status list with one operator key
 * and decodes it. policy may be NULL. Errors as dpp_trustlist_parse(); a
 * delta is DPP_ERR_LIST_FORMAT.
 */
DPP_API DPP_NODISCARD dpp_err dpp_status_list_parse(const uint8_t *data, size_t len, const dpp_key *operator_key,
                                                    const dpp_list_policy *policy, dpp_status_list **out,
                                                    dpp_list_info *info, dpp_diag *diag);

/** The list id of a signed status list, whole or delta, WITHOUT verifying
 *  anything (to name the list in messages and in a rollback state). Errors as
 *  dpp_status_list_parse() for a list that cannot be decoded. */
DPP_API DPP_NODISCARD dpp_err dpp_status_list_peek_id(const uint8_t *data, size_t len,
                                                      uint8_t id[DPP_STATUS_LIST_ID_LEN], dpp_diag *diag);

/** What a trust store holds of one status list (dpp_trust_status_info()). */
typedef struct dpp_status_part_info {
    uint8_t id[DPP_STATUS_LIST_ID_LEN];
    size_t n_bits;
    size_t n_set;          /**< bits set (revoked passports) */
    uint64_t sequence;     /**< of the last full list or delta applied */
    int64_t issued_at;
    int64_t next_update;
    bool stale;            /**< now > next_update: fetch a newer part */
} dpp_status_part_info;

#ifdef __cplusplus
}
#endif

#endif /* DPP_STATUS_H */
