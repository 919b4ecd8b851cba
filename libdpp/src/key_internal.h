/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: what the rest of libdpp may know about a dpp_key besides the
 * public accessors in dpp_key.h. OpenSSL headers are not included here: the
 * EVP_PKEY is only forward-declared (OpenSSL's own struct tag), so only
 * key.c and crypto_ossl.c ever look inside it.
 */
#ifndef DPP_SRC_KEY_INTERNAL_H
#define DPP_SRC_KEY_INTERNAL_H

#include <stddef.h>

#include "dpp/dpp_key.h"

/** Largest RSA modulus accepted (bits); larger keys are DPP_ERR_KEY_TYPE. */
#define DPP_KEY_RSA_MIN_BITS 2048
#define DPP_KEY_RSA_MAX_BITS 4096

/** Longest input dpp_key_load() accepts (bytes); longer is DPP_ERR_TOO_LARGE. */
#define DPP_KEY_MAX_INPUT_LEN 65536

struct evp_pkey_st; /* OpenSSL's EVP_PKEY */

/** The key's EVP_PKEY, borrowed for as long as the key lives. Never NULL
 *  for a key made by dpp_key_generate()/dpp_key_load(). */
struct evp_pkey_st *dpp_key_evp(const dpp_key *key);

/** Length in bytes of a COSE signature made with this key: 64 (ES256,
 *  EdDSA), 96 (ES384) or the RSA modulus length (PS256, 256..512). */
size_t dpp_key_sig_len(const dpp_key *key);

#endif
