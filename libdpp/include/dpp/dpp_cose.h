/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_COSE_H
#define DPP_COSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_cose.h
 * @brief Generic COSE_Sign1 (RFC 9052) signing and verification, for any
 *        payload, not only passports.
 *
 * Security rules, always on:
 *  - the algorithm comes from the key; an alg in the protected header must
 *    equal it (DPP_ERR_ALG_KEY_MISMATCH); an alg found only in the
 *    unprotected header is rejected (DPP_ERR_ALG_UNPROTECTED) unless
 *    DPP_COSE_ALLOW_UNPROTECTED_ALG is given, and even then must match the key;
 *  - a crit header (label 2) naming any label is rejected (DPP_ERR_CRIT_UNSUPPORTED);
 *  - parsing is bounded (DPP_MAX_COSE_LEN, DPP_MAX_CBOR_DEPTH) and never allocates;
 *    external AAD is capped at 4096 bytes (DPP_ERR_TOO_LARGE);
 *  - the Sig_structure signs the protected bstr exactly as received (RFC 9052
 *    section 4.4): a protected header sent as an empty map (h'A0', h'B800',
 *    ...) is signed as those bytes, never rewritten to h''. A message signed
 *    over h'' but sent with h'A0' does not verify (DPP_ERR_SIGNATURE); the COSE
 *    WG vector sign1-tests/sign-pass-01.json is such a message (cose-wg/Examples
 *    issue 107). The signer writes h'' for an empty protected header.
 * Returned views point into the message passed in (borrowed from it).
 */

/** Option flags for dpp_cose_opts.flags. */
#define DPP_COSE_TAGGED 0x01u          /**< sign: emit tag 18; verify: require tag 18 */
#define DPP_COSE_INCLUDE_KID 0x02u     /**< sign: put the key's kid in the protected header */
#define DPP_COSE_ALLOW_UNPROTECTED_ALG 0x04u /**< verify: accept alg only in the unprotected header */
#define DPP_COSE_STRICT 0x08u          /**< verify: require deterministic CBOR throughout */

typedef struct dpp_cose_opts {
    unsigned flags;
    dpp_bytes aad; /**< external additional authenticated data; {NULL, 0} for none */
} dpp_cose_opts;

/** A parsed COSE_Sign1 message. All views borrow from the message. */
typedef struct dpp_cose_sign1 {
    bool tagged;         /**< carried tag 18 */
    bool cwt_tagged;     /**< was wrapped in CWT tag 61 */
    bool has_alg;        /**< alg present (see alg_protected) */
    bool alg_protected;  /**< alg came from the protected header */
    int64_t alg;
    dpp_bytes kid;       /**< {NULL, 0} when absent */
    bool kid_protected;
    bool unprotected_empty;
    dpp_bytes protected_hdr; /**< the protected bstr's content */
    dpp_bytes payload;   /**< {NULL, 0} and detached=true for a nil payload */
    bool detached;
    dpp_bytes signature;
} dpp_cose_sign1;

/**
 * Parses (does NOT verify) a COSE_Sign1 message, tagged (18), untagged, or
 * inside a CWT tag (61). Errors: DPP_ERR_COSE_TAG, DPP_ERR_COSE_STRUCTURE,
 * DPP_ERR_CBOR_*, DPP_ERR_TOO_LARGE, DPP_ERR_CRIT_UNSUPPORTED.
 */
DPP_API DPP_NODISCARD dpp_err dpp_cose_sign1_parse(const uint8_t *msg, size_t msg_len, const dpp_cose_opts *opts,
                                                   dpp_cose_sign1 *out, dpp_diag *diag);

/**
 * Verifies msg with key. On success *out (if not NULL) holds the parsed
 * message; on failure *out is zeroed. Validity of a certificate key is not
 * checked here (see dpp_key_validity()).
 */
DPP_API DPP_NODISCARD dpp_err dpp_cose_sign1_verify(const uint8_t *msg, size_t msg_len, const dpp_key *key,
                                                    const dpp_cose_opts *opts, dpp_cose_sign1 *out,
                                                    dpp_diag *diag);

/** Verifies an already parsed message (as dpp_cose_sign1_verify does). */
DPP_API DPP_NODISCARD dpp_err dpp_cose_sign1_verify_parsed(const dpp_cose_sign1 *msg, const dpp_key *key,
                                                           const dpp_cose_opts *opts, dpp_diag *diag);

/**
 * Signs payload with key (which must be private): protected header {1: alg}
 * plus {4: kid} with DPP_COSE_INCLUDE_KID, unprotected header {}.
 * out == NULL gives size-calculation mode (an upper bound for RSA-PSS/ECDSA
 * is not needed: the size is exact, the signature length is fixed by the key).
 */
DPP_API DPP_NODISCARD dpp_err dpp_cose_sign1_sign(const uint8_t *payload, size_t payload_len, const dpp_key *key,
                                                  const dpp_cose_opts *opts, uint8_t *out, size_t out_cap,
                                                  size_t *out_len, dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_COSE_H */
