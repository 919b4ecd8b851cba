/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: what a key must be to enter libdpp (spec §5.2), decided from
 * the facts the crypto port reports (crypto.h): the algorithm a key gets,
 * and the weak-key checks every key goes through (dpp_key_load() and
 * dpp_key_generate() for each dpp_key, dpp_key_check_cert() for CA and
 * chain certificates). Portable: no crypto library is needed here.
 */
#ifndef DPP_SRC_KEY_CHECK_H
#define DPP_SRC_KEY_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"

/** Smallest RSA modulus accepted (bits; smaller keys are DPP_ERR_KEY_WEAK)
 *  and largest (larger keys are DPP_ERR_KEY_TYPE). */
#define DPP_KEY_RSA_MIN_BITS 2048
#define DPP_KEY_RSA_MAX_BITS 4096

/**
 * The algorithm (and signature length) of a key: P-256 -> ES256 (64),
 * P-384 -> ES384 (96), Ed25519 -> EdDSA (64), RSA of 2048..4096 bits ->
 * PS256 (modulus length). DPP_ERR_KEY_TYPE for anything else (explicit
 * curve parameters, other curves and key types, RSA over 4096 bits),
 * DPP_ERR_KEY_WEAK for RSA under 2048 bits.
 */
dpp_err dpp_key_classify(const dpp_crypto_key_facts *f, dpp_alg *alg, size_t *sig_len, dpp_diag *diag);

/**
 * The weak-key check of a public key of any type: an Ed25519 key of small
 * order, not canonical or not on the curve; an EC point at infinity or off
 * its curve; an RSA key with e = 1, an even e or a modulus under 2048 bits;
 * anything the backend's public-key check refuses. DPP_OK,
 * DPP_ERR_KEY_WEAK, DPP_ERR_KEY_FORMAT (unreadable), DPP_ERR_NO_MEMORY.
 */
dpp_err dpp_key_weak_check(const dpp_crypto_key *key, const dpp_crypto_key_facts *f, dpp_diag *diag);

/**
 * For an SPKI the backend could not decode: a P-256 or P-384 key whose
 * point has the right shape (00, or 02/03 || x, or 04/06/07 || x || y) but
 * is not a point of the curve is DPP_ERR_KEY_WEAK. DPP_OK means "no
 * diagnosis": the caller reports its own error.
 */
dpp_err dpp_key_spki_diagnose(const dpp_crypto_spki *s, dpp_diag *diag);

/**
 * An Ed25519 public key (RFC 8032 §5.1.3 encoding) must not be a point of
 * small order (whatever its sign bit and even when y >= p), must be
 * canonical (y < p = 2^255 - 19) and must be on the curve
 * (x^2 = (y^2 - 1) / (d y^2 + 1) has a root). DPP_OK or DPP_ERR_KEY_WEAK.
 */
dpp_err dpp_key_ed25519_check(const uint8_t pub[DPP_CRYPTO_ED25519_LEN], dpp_diag *diag);

/**
 * The weak-key check for the public key of a certificate that does not
 * become a dpp_key (a pinned CA or a chain certificate), of any key type.
 * DPP_OK; DPP_ERR_KEY_WEAK or DPP_ERR_KEY_FORMAT (unreadable key), diag
 * "<what>: <reason>".
 */
dpp_err dpp_key_check_cert(const dpp_crypto_cert *cert, const char *what, dpp_diag *diag);

#endif
