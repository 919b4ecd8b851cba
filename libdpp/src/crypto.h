/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the narrow crypto port. Implemented only by crypto_ossl.c, the
 * one file (with key.c) that includes OpenSSL headers. Everything above it
 * (COSE, passports) talks to the backend only through these functions.
 *
 * Signatures are in COSE form (RFC 9053 / RFC 8230):
 *  - ES256 / ES384: r || s, each left-padded to 32 / 48 bytes; SHA-256 / SHA-384;
 *  - EdDSA (Ed25519): the 64-byte signature (PureEdDSA, no prehash);
 *  - PS256: RSASSA-PSS, SHA-256, MGF1 with SHA-256, salt length 32; the
 *    signature is as long as the modulus.
 * The algorithm always comes from the key (dpp_key_alg()).
 *
 * Every function clears the OpenSSL error queue before it returns.
 * OpenSSL's per-message set-up (provider context, digest fetch) is done once
 * per key and kept in the key (dpp_key_cache_take() in key_internal.h).
 */
#ifndef DPP_SRC_CRYPTO_H
#define DPP_SRC_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"

/** Longest signature any accepted key produces (RSA-4096). */
#define DPP_CRYPTO_MAX_SIG_LEN 512
#define DPP_SHA256_LEN 32

/**
 * Signs msg with key (which must be private). sig must hold
 * dpp_key_sig_len(key) bytes; *sig_len receives exactly that.
 * Errors: DPP_ERR_INVALID_ARG, DPP_ERR_KEY_NOT_PRIVATE,
 * DPP_ERR_BUFFER_TOO_SMALL, DPP_ERR_CRYPTO_BACKEND.
 */
dpp_err dpp_crypto_sign(const dpp_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t sig_cap,
                        size_t *sig_len);

/**
 * Verifies sig over msg with key. DPP_OK or DPP_ERR_SIGNATURE (also for a
 * signature of the wrong length, decided before OpenSSL is called);
 * DPP_ERR_INVALID_ARG, DPP_ERR_CRYPTO_BACKEND (OpenSSL failed unexpectedly).
 */
dpp_err dpp_crypto_verify(const dpp_key *key, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                          size_t sig_len);

struct dpp_crypto_ctx;
/** Frees a context of a key's cache (key_internal.h); NULL is fine. */
void dpp_crypto_ctx_free(struct dpp_crypto_ctx *ctx);

/** SHA-256 of data (data may be NULL when len is 0). */
dpp_err dpp_crypto_sha256(const uint8_t *data, size_t len, uint8_t out[DPP_SHA256_LEN]);

#endif
