/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal COSE_Sign1 helpers for the passport encoder and verifier, so a
 * message is parsed once: parse with dpp_cose_sign1_parse(), read the kid
 * from the result, pick the key, then dpp_cose_sign1_verify_parsed().
 */
#ifndef DPP_SRC_COSE_INTERNAL_H
#define DPP_SRC_COSE_INTERNAL_H

#include <stdbool.h>
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

/**
 * dpp_cose_sign1_parse() with the length cap max_len instead of
 * DPP_MAX_COSE_LEN (signed trust and revocation lists are larger).
 */
dpp_err dpp_cose_sign1_parse_cap(const uint8_t *msg, size_t msg_len, size_t max_len, const dpp_cose_opts *opts,
                                 dpp_cose_sign1 *out, dpp_diag *diag);

/**
 * Verifies a parsed message with key, as dpp_cose_sign1_verify_parsed()
 * does, with two additions:
 *  - detached: for a message whose payload is nil, the payload to verify
 *    (the caller rebuilds it); must be NULL for an attached payload
 *    (DPP_ERR_COSE_STRUCTURE on either mismatch);
 *  - a Sig_structure larger than DPP_COSE_SIG_STRUCTURE_MAX (large signed
 *    lists) is built on the heap (DPP_ERR_NO_MEMORY); smaller ones, every
 *    passport and attestation included, use the stack only.
 * dpp_cose_sign1_verify_parsed() is this function with detached == NULL.
 */
dpp_err dpp_cose_sign1_verify_ex(const dpp_cose_sign1 *msg, const dpp_bytes *detached, const dpp_key *key,
                                 const dpp_cose_opts *opts, dpp_diag *diag);

/**
 * dpp_cose_sign1_sign() generalised: payload and message may be up to
 * max_len bytes (Sig_structure on the heap when large), and with detached
 * the message carries nil instead of the payload (the signature still
 * covers it). dpp_cose_sign1_sign() is (detached = false, max_len =
 * DPP_MAX_COSE_LEN).
 */
dpp_err dpp_cose_sign1_sign_ex(const uint8_t *payload, size_t payload_len, bool detached, size_t max_len,
                               const dpp_key *key, const dpp_cose_opts *opts, uint8_t *out, size_t out_cap,
                               size_t *out_len, dpp_diag *diag);

#endif
