/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: what the rest of libdpp may know about a dpp_key besides the
 * public accessors in dpp_key.h. OpenSSL headers are not included here: the
 * EVP_PKEY is only forward-declared (OpenSSL's own struct tag), so only
 * key.c and crypto_ossl.c ever look inside it.
 */
#ifndef DPP_SRC_KEY_INTERNAL_H
#define DPP_SRC_KEY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "dpp/dpp_key.h"

/** Smallest RSA modulus accepted (bits; smaller keys are DPP_ERR_KEY_WEAK)
 *  and largest (larger keys are DPP_ERR_KEY_TYPE). */
#define DPP_KEY_RSA_MIN_BITS 2048
#define DPP_KEY_RSA_MAX_BITS 4096

/** Longest input dpp_key_load() accepts (bytes); longer is DPP_ERR_TOO_LARGE. */
#define DPP_KEY_MAX_INPUT_LEN 65536

struct evp_pkey_st; /* OpenSSL's EVP_PKEY */
struct x509_st;     /* OpenSSL's X509 */

/**
 * The weak-key check of dpp_key_load() (which every dpp_key passes) for the
 * public key of a certificate that does not become a dpp_key: a pinned CA
 * or a chain certificate, of any key type. DPP_OK; DPP_ERR_KEY_WEAK for a
 * small-order, non-canonical or off-curve Ed25519 key, an EC point at
 * infinity or off its curve, RSA with e = 1, an even e or a modulus under
 * 2048 bits, or any key OpenSSL's public-key check refuses;
 * DPP_ERR_KEY_FORMAT when the key is unreadable. diag: "<what>: <reason>".
 */
dpp_err dpp_key_check_cert(const struct x509_st *cert, const char *what, dpp_diag *diag);

/** The key's EVP_PKEY, borrowed for as long as the key lives. Never NULL
 *  for a key made by dpp_key_generate()/dpp_key_load(). */
struct evp_pkey_st *dpp_key_evp(const dpp_key *key);

/** Length in bytes of a COSE signature made with this key: 64 (ES256,
 *  EdDSA), 96 (ES384) or the RSA modulus length (PS256, 256..512). */
size_t dpp_key_sig_len(const dpp_key *key);

/*
 * A small cache of initialised OpenSSL contexts kept inside each key, so a
 * signature or verification does not set up OpenSSL's provider context
 * again each time (crypto_ossl.c). The contents are opaque here
 * (struct dpp_crypto_ctx, freed with dpp_crypto_ctx_free()). Lock-free: a
 * thread takes a context out of a slot (atomic exchange) and puts it back
 * into an empty slot (compare-and-swap), so a key shared by threads stays
 * safe to use; at most DPP_KEY_CACHE_SLOTS contexts per operation are kept.
 */
#define DPP_KEY_CACHE_SLOTS 4
typedef enum dpp_key_op { DPP_KEY_OP_VERIFY = 0, DPP_KEY_OP_SIGN = 1 } dpp_key_op;
struct dpp_crypto_ctx;

/** A cached context for op, or NULL when none is free (the caller makes one). */
struct dpp_crypto_ctx *dpp_key_cache_take(const dpp_key *key, dpp_key_op op);

/** Gives ctx back to the key's cache; false (ctx not taken) when every slot
 *  is occupied, and the caller frees it. */
bool dpp_key_cache_put(const dpp_key *key, dpp_key_op op, struct dpp_crypto_ctx *ctx);

#endif
