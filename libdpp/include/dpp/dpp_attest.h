/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_ATTEST_H
#define DPP_ATTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_encode.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_roles.h"
#include "dpp/dpp_verify.h"

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
 * the passport with the attestation(s) with dpp_encode_ex(). A verifier
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

/** dpp_encode_opts plus the trust-layer claims. Zero it, then fill it. */
typedef struct dpp_encode_ex_opts {
    dpp_encode_opts base;
    size_t n_attestations;                         /**< 0..DPP_MAX_ATTESTATIONS */
    dpp_bytes attestations[DPP_MAX_ATTESTATIONS];  /**< from dpp_attest(), borrowed for the call */
    const char *link_uri;                          /**< full passport URI (1..255 bytes, no control
                                                        characters), or NULL for no link */
    bool has_link_sha256;                          /**< needs link_uri */
    uint8_t link_sha256[32];                       /**< dpp_sha256() of the full passport document */
    /** Resolver the passport may travel under as a GS1 Digital Link
     *  ("https://id.example.com", optionally with a path prefix; normalised
     *  with dpp_resolver_normalize() and signed as CWT claim -265), or NULL. */
    const char *resolver;
    /** Output form of dpp_encode_ex(): DPP_FORM_TEXT ("DPP1:" + Base45) or
     *  DPP_FORM_LINK (needs resolver; out needs DPP_MAX_LINK_LEN + 1 bytes). */
    dpp_form form;
} dpp_encode_ex_opts;

/**
 * dpp_encode() with attestations (CWT claim -263), a full-passport link
 * (CWT claim -264) and a resolver (CWT claim -265, which also allows the
 * link form). Each attestation is checked with dpp_attestation_match().
 * With no attestation and no link the output equals dpp_encode()'s.
 */
DPP_API DPP_NODISCARD dpp_err dpp_encode_ex(const dpp_passport *p, const dpp_key *key,
                                            const dpp_encode_ex_opts *opts, char *out, size_t out_cap,
                                            size_t *out_len, dpp_encode_sizes *sizes, dpp_diag *diag);

/** The same, writing the COSE_Sign1 message (see dpp_encode_cose()). */
DPP_API DPP_NODISCARD dpp_err dpp_encode_cose_ex(const dpp_passport *p, const dpp_key *key,
                                                 const dpp_encode_ex_opts *opts, uint8_t *out, size_t out_cap,
                                                 size_t *out_len, dpp_diag *diag);

/** SHA-256 of data (the digest of a full passport document). */
DPP_API DPP_NODISCARD dpp_err dpp_sha256(const uint8_t *data, size_t len, uint8_t out[32]);

/**
 * Checks a fetched full passport document against the digest the verified
 * label carries. DPP_OK if SHA-256(doc) equals v->claims.link_sha256;
 * DPP_ERR_LINK_MISSING if the label has no digest; DPP_ERR_DOCUMENT_MISMATCH
 * otherwise (diag gives both digests in hex).
 */
DPP_API DPP_NODISCARD dpp_err dpp_verify_full_document(const dpp_verified *v, const uint8_t *doc, size_t doc_len,
                                                       dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_ATTEST_H */
