/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_ATTEST_H
#define DPP_ATTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_roles.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_attest.h
 * @brief Third-party attestation inside the QR payload, and the link to the
 *        full passport (spec/trust.md sections 5 and 7).
 *
 * An attestation is a certification body's COSE_Sign1 with a detached
 * payload: the payload, which the verifier rebuilds from the passport, holds
 * the product binding (GTIN, and batch, serial or passport id) and the
 * SHA-256 digest of the deterministic CBOR of each attested claim. It binds
 * exactly those claims of exactly that product: changing an attested figure
 * or moving the attestation to another product breaks it; changing an
 * unattested field does not.
 *
 * Workflow: the manufacturer fills the passport and sends it to the body;
 * the body checks the figures and calls dpp_attest(); the manufacturer signs
 * the passport with the attestation(s) with dpp_encode_ex() (dpp_encode.h). A verifier
 * calls dpp_verify() as always; dpp_verified says per claim who attested it.
 */

/** Largest encoded attestation (PS256 with a 4096-bit key, every claim). */
#define DPP_MAX_ATTESTATION_LEN 640
DPP_API size_t dpp_max_attestation_len(void);

/**
 * Attests claims (a mask of DPP_CLAIM_BIT()s, every one present in p) of
 * passport p with the attester's private key, bound per binding (BATCH needs
 * p->batch, ITEM p->serial). Writes the attestation (CBOR, spec/trust.cddl
 * `attestation`) to out; out == NULL gives the exact size. Validates p.
 * Errors: DPP_ERR_INVALID_ARG (empty or unknown claims, binding),
 * DPP_ERR_ATTESTATION_CLAIM (a claim absent from p), DPP_ERR_ATTESTATION_PRODUCT
 * (binding needs a batch/serial p lacks), DPP_ERR_SCHEMA_*, DPP_ERR_KEY_NOT_PRIVATE,
 * DPP_ERR_BUFFER_TOO_SMALL.
 */
DPP_API DPP_NODISCARD dpp_err dpp_attest(const dpp_passport *p, const dpp_key *key, uint32_t claims,
                                         dpp_binding binding, uint8_t *out, size_t out_cap, size_t *out_len,
                                         dpp_diag *diag);

/**
 * dpp_attest() with the attestation's own signing time signed_at (seconds
 * since the epoch; 0: none, as dpp_attest()). It is signed with the claims
 * (a fifth element of the attestation, spec/trust.md 5.7), and the verifier
 * evaluates the attester's trust-list window at signed_at instead of the
 * passport's iat: DPP_ERR_ATTESTATION_TIME outside it, or when signed_at is
 * later than the validation time (plus DPP_IAT_SKEW_SECONDS).
 * Errors as dpp_attest(), DPP_ERR_INVALID_ARG (negative signed_at).
 */
DPP_API DPP_NODISCARD dpp_err dpp_attest_at(const dpp_passport *p, const dpp_key *key, uint32_t claims,
                                            dpp_binding binding, int64_t signed_at, uint8_t *out, size_t out_cap,
                                            size_t *out_len, dpp_diag *diag);

/** Decodes an attestation's structure WITHOUT verifying anything (display). */
DPP_API DPP_NODISCARD dpp_err dpp_attestation_peek(const uint8_t *att, size_t att_len, dpp_attestation_ref *out,
                                                   dpp_diag *diag);

/**
 * Checks, without any key, that an attestation fits passport p: its claims
 * are present and its product binding matches p (the encoder runs this for
 * every attestation). Errors: DPP_ERR_ATTESTATION_CLAIM, DPP_ERR_ATTESTATION_PRODUCT,
 * structure errors (DPP_ERR_CWT_CLAIMS, DPP_ERR_CBOR_*, DPP_ERR_COSE_*).
 */
DPP_API DPP_NODISCARD dpp_err dpp_attestation_match(const uint8_t *att, size_t att_len, const dpp_passport *p,
                                                    dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_ATTEST_H */
