/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal COSE_Sign1 helpers for the passport encoder and verifier, so a
 * message is parsed once: parse with dpp_cose_sign1_parse(), read the kid
 * from the result, pick the key, then dpp_cose_sign1_verify_parsed().
 */
#ifndef DPP_SRC_COSE_INTERNAL_H
#define DPP_SRC_COSE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_cose.h"

/** Most labels accepted in one header bucket (DPP_ERR_TOO_LARGE beyond). */
#define DPP_COSE_MAX_HDR_LABELS 32

/** Largest external AAD accepted (DPP_ERR_TOO_LARGE beyond). */
#define DPP_COSE_MAX_AAD_LEN DPP_MAX_COSE_LEN

/** Room for any Sig_structure libdpp builds: protected header and payload
 *  come from a message of at most DPP_MAX_COSE_LEN bytes, the AAD is at
 *  most DPP_COSE_MAX_AAD_LEN, plus heads and "Signature1". */
#define DPP_COSE_SIG_STRUCTURE_MAX (DPP_MAX_COSE_LEN + DPP_COSE_MAX_AAD_LEN + 64)

/**
 * Writes the Sig_structure (RFC 9052 section 4.4)
 *   ["Signature1", body_protected, external_aad, payload]
 * for msg into buf. body_protected is msg->protected_hdr as received, except
 * that a protected header holding an empty map is written as a zero-length
 * bstr (RFC 9052 section 3: the form used in cryptographic computations).
 * opts may be NULL (no AAD). buf == NULL gives the size only.
 * Errors: DPP_ERR_INVALID_ARG (NULL msg/len, detached payload, AAD NULL with
 * a length), DPP_ERR_BUFFER_TOO_SMALL.
 */
dpp_err dpp_cose_sig_structure(const dpp_cose_sign1 *msg, const dpp_cose_opts *opts, uint8_t *buf, size_t cap,
                               size_t *len);

#endif
