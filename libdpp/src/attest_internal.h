/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: attestations (attest.c) as the CWT reader (cwt.c) and the trust
 * policy (trust_policy.c) use them: the claims' byte ranges in an encoded
 * passport, a parsed attestation, and its detached payload.
 */
#ifndef DPP_SRC_ATTEST_INTERNAL_H
#define DPP_SRC_ATTEST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cbor_read.h"
#include "dpp/dpp_cose.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_roles.h"

/** The byte ranges of each claim in an encoded passport map (index = claim id). */
typedef struct dpp_claim_ranges {
    dpp_bytes claim[DPP_CLAIM_MAX + 1];
} dpp_claim_ranges;

/** Finds the claims' ranges in the deterministic passport CBOR pc. */
dpp_err dpp_claim_ranges_find(const uint8_t *pc, size_t pc_len, dpp_claim_ranges *out);

/** A parsed attestation (views into the message). */
typedef struct dpp_att_view {
    uint32_t claims;
    dpp_binding binding;
    uint8_t tag[4];
    dpp_cose_sign1 sig;
    bool has_signed_at;   /* optional 5th element, signed in the payload */
    int64_t signed_at;
} dpp_att_view;

/** Parses an attestation at r (strict reader); on success r is past it. */
dpp_err dpp_att_read(cb_reader *r, dpp_att_view *out, dpp_diag *diag);

/** Checks the binding and claims of a against passport p (already
 *  decoded) and builds the detached payload into buf. */
dpp_err dpp_att_payload(const dpp_att_view *a, const dpp_passport *p, const dpp_claim_ranges *ranges,
                        uint8_t *buf, size_t cap, size_t *len, dpp_diag *diag);

/** Room for any attestation payload. */
#define DPP_ATT_PAYLOAD_MAX 1024

/** The external AAD of attestations. */
extern const dpp_bytes dpp_att_aad;

#endif
