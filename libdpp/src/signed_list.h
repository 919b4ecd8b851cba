/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the signed-list envelope shared by trust lists (trustlist.c) and
 * revocation lists (revocation.c), spec/trust.md sections 3 and 6: a
 * COSE_Sign1 (tag 18, protected {1: alg, 4: kid}, external AAD per type) by
 * an operator key, over the map {1: version 1, 2: type, 3: sequence,
 * 4: issued_at, 5: next_update, 6..: the type's body}. signed_list.c does
 * the envelope (size cap, unsigned check, operator pinning, signature,
 * header, freshness and rollback policy, signing); a payload codec does the
 * body keys.
 */
#ifndef DPP_SRC_SIGNED_LIST_H
#define DPP_SRC_SIGNED_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_list.h"

#define DPP_LIST_TYPE_TRUST 1
#define DPP_LIST_TYPE_REVOCATION 2
#define DPP_LIST_TYPE_STATUS 3

/** A payload codec: the body of one list type, after key 5. */
typedef struct dpp_list_codec {
    int type;                                           /**< DPP_LIST_TYPE_* */
    size_t (*body_pairs)(const void *doc);              /**< map pairs the body writes */
    void (*write_body)(cw_writer *w, const void *doc);  /**< writes those pairs */
    /** Reads the n_rest pairs at r into a new document (freed on failure). */
    dpp_err (*read_body)(cb_reader *r, uint64_t n_rest, void **doc, dpp_diag *diag);
    size_t (*count)(const void *doc);                   /**< dpp_list_info.n_entries */
    void (*free_doc)(void *doc);
} dpp_list_codec;

/** Validates a list header to sign. */
dpp_err dpp_list_header_check(const dpp_list_header *hdr, dpp_diag *diag);

/**
 * Opens a signed list of the given type: size cap, unsigned check, COSE
 * parse, then (when verify; no pins is DPP_ERR_INVALID_ARG) pinned-kid lookup
 * and signature check with the type's external AAD, then the common header
 * and the policy (when not NULL). On success *r is a strict reader over the
 * payload positioned after key 5, *n_rest the number of map pairs left,
 * info filled (n_entries 0).
 */
dpp_err dpp_list_open(const uint8_t *data, size_t len, int type, bool verify, const dpp_key *const *pins,
                      size_t n_pins, const dpp_list_policy *policy, cb_reader *r, uint64_t *n_rest,
                      dpp_list_info *info, dpp_diag *diag);

/** Signs payload (a list map) with the type's AAD into out (size mode when out == NULL). */
dpp_err dpp_list_sign(const uint8_t *payload, size_t payload_len, int type, const dpp_key *key, uint8_t *out,
                      size_t out_cap, size_t *out_len, dpp_diag *diag);

/** dpp_list_open, the codec's body, the end of the payload: a new document in *out. */
dpp_err dpp_list_decode(const dpp_list_codec *c, const uint8_t *data, size_t len, bool verify,
                        const dpp_key *const *pins, size_t n_pins, const dpp_list_policy *policy, void **out,
                        dpp_list_info *info, dpp_diag *diag);

/** The typed front-ends' parse (one operator key) and inspect (no verification). */
dpp_err dpp_list_parse_with(const dpp_list_codec *c, const uint8_t *data, size_t len, const dpp_key *operator_key,
                            const dpp_list_policy *policy, void **out, dpp_list_info *info, dpp_diag *diag);
dpp_err dpp_list_inspect_with(const dpp_list_codec *c, const uint8_t *data, size_t len, void **out,
                              dpp_list_info *info, dpp_diag *diag);

/** Encodes doc under hdr and signs it with the operator's private key
 *  (out == NULL: exact size in *out_len). */
dpp_err dpp_list_sign_with(const dpp_list_codec *c, const void *doc, const dpp_key *operator_key,
                           const dpp_list_header *hdr, uint8_t *out, size_t out_cap, size_t *out_len,
                           dpp_diag *diag);

#endif
