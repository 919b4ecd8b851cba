/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: what the rest of libdpp may know about a dpp_key besides the
 * public accessors in dpp_key.h. A dpp_key wraps a key of the crypto port
 * (crypto.h) with what libdpp decided about it: algorithm, signature
 * length, kid, certificate validity.
 */
#ifndef DPP_SRC_KEY_INTERNAL_H
#define DPP_SRC_KEY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "dpp/dpp_key.h"

/** Longest input dpp_key_load() accepts (bytes); longer is DPP_ERR_TOO_LARGE. */
#define DPP_KEY_MAX_INPUT_LEN 65536

/** The port's key, borrowed for as long as the key lives. Never NULL for a
 *  key made by dpp_key_generate()/dpp_key_load(). */
const dpp_crypto_key *dpp_key_crypto(const dpp_key *key);

/** Length in bytes of a COSE signature made with this key: 64 (ES256,
 *  EdDSA), 96 (ES384) or the RSA modulus length (PS256, 256..512). */
size_t dpp_key_sig_len(const dpp_key *key);

/**
 * Signs msg with key (which must be private), in the COSE form of crypto.h.
 * sig must hold dpp_key_sig_len(key) bytes; *sig_len receives exactly that.
 * Errors: DPP_ERR_INVALID_ARG, DPP_ERR_KEY_NOT_PRIVATE,
 * DPP_ERR_BUFFER_TOO_SMALL, DPP_ERR_CRYPTO_BACKEND.
 */
dpp_err dpp_key_sign(const dpp_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t sig_cap,
                     size_t *sig_len);

/**
 * Verifies sig over msg with key. DPP_OK or DPP_ERR_SIGNATURE (also for a
 * signature of the wrong length, decided before the backend is called);
 * DPP_ERR_INVALID_ARG, DPP_ERR_CRYPTO_BACKEND (the backend failed).
 */
dpp_err dpp_key_verify(const dpp_key *key, const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len);

#endif
