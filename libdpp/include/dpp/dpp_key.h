/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_KEY_H
#define DPP_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_key.h
 * @brief Signing and verification keys: generate, load (PEM/DER private key,
 *        public key or X.509 certificate), export, key identifier.
 *
 * The algorithm is fixed by the key type, never chosen separately, so a key
 * cannot be used with an algorithm it was not made for:
 * P-256 -> ES256, P-384 -> ES384, Ed25519 -> EdDSA, RSA >= 2048 bits -> PS256.
 *
 * A dpp_key is immutable after creation; it may be shared between threads.
 * Secret key material is never written to diagnostics.
 */

/** COSE algorithm identifiers (RFC 9053 / IANA COSE registry). */
typedef enum dpp_alg {
    DPP_ALG_ES256 = -7,
    DPP_ALG_ES384 = -35,
    DPP_ALG_EDDSA = -8,
    DPP_ALG_PS256 = -37
} dpp_alg;

/** Length of a key identifier: the first 8 bytes of SHA-256 over the
 *  DER SubjectPublicKeyInfo. */
#define DPP_KID_LEN 8
DPP_API size_t dpp_kid_len(void);

typedef struct dpp_key dpp_key;

/** "ES256", "ES384", "EdDSA", "PS256"; NULL for other values. */
DPP_API const char *dpp_alg_name(dpp_alg alg);
/** Parses a name as printed by dpp_alg_name() (case-sensitive). */
DPP_API DPP_NODISCARD dpp_err dpp_alg_from_name(const char *name, dpp_alg *out);

/** Generates a fresh key pair for alg (PS256: RSA 2048). */
DPP_API DPP_NODISCARD dpp_err dpp_key_generate(dpp_alg alg, dpp_key **out, dpp_diag *diag);

/**
 * Loads a key from PEM or DER bytes, detected automatically: a private key
 * (PKCS#8 or traditional), a public key (SubjectPublicKeyInfo) or an X.509
 * certificate (whose public key is used and whose validity period is kept).
 * Encrypted private keys are not supported (DPP_ERR_KEY_FORMAT), and no
 * password prompt ever happens. Input is capped at 64 KiB (DPP_ERR_TOO_LARGE);
 * DER must be consumed exactly; RSA keys must have at most 4096 bits and EC
 * keys a named curve (else DPP_ERR_KEY_TYPE).
 *
 * Weak or degenerate keys are DPP_ERR_KEY_WEAK, the public half of a private
 * key included (spec §5.2): an Ed25519 point of small order (the identity
 * and the other 7 points of order 2, 4 or 8, in any encoding: with any
 * sign bit or with y >= p), any non-canonical or off-curve Ed25519 point; an
 * EC point at infinity or not on its curve; RSA with e = 1, an even e or a
 * modulus under 2048 bits; anything OpenSSL's EVP_PKEY_public_check()
 * refuses. The diag names the defect, e.g. "Ed25519 public key is a
 * small-order point (order 8)", "P-256 public key is the point at
 * infinity", "RSA public exponent 1: need an odd exponent >= 3", "RSA
 * modulus of 1024 bits: need >= 2048".
 */
DPP_API DPP_NODISCARD dpp_err dpp_key_load(const uint8_t *data, size_t len, dpp_key **out, dpp_diag *diag);

/**
 * dpp_key_load() for a key that must be public (a verification key, a pinned
 * operator key): a private key is refused with DPP_ERR_KEY_NOT_PUBLIC, "a
 * private key was given where a public key belongs; give its public part",
 * so a secret never ends up in a verifier's configuration by mistake.
 * Public keys and certificates load as with dpp_key_load().
 */
DPP_API DPP_NODISCARD dpp_err dpp_key_load_public(const uint8_t *data, size_t len, dpp_key **out,
                                                  dpp_diag *diag);

/** Releases the key (NULL is fine). Private key memory is cleansed by OpenSSL. */
DPP_API void dpp_key_free(dpp_key *key);

/** A new reference-counted handle to the same key (release with dpp_key_free). */
DPP_API dpp_key *dpp_key_ref(const dpp_key *key);

DPP_API dpp_alg dpp_key_alg(const dpp_key *key);
DPP_API bool dpp_key_is_private(const dpp_key *key);
/** Writes the DPP_KID_LEN-byte key identifier into kid. */
DPP_API void dpp_key_kid(const dpp_key *key, uint8_t kid[DPP_KID_LEN]);

/** True if the key came from a certificate; then *not_before and *not_after
 *  (seconds since the epoch) are set. */
DPP_API bool dpp_key_validity(const dpp_key *key, int64_t *not_before, int64_t *not_after);

/** Public key as PEM SubjectPublicKeyInfo. out == NULL: size only.
 *  *out_len excludes the NUL; out_cap must include it. */
DPP_API DPP_NODISCARD dpp_err dpp_key_public_pem(const dpp_key *key, char *out, size_t out_cap, size_t *out_len);
/** Private key as unencrypted PKCS#8 PEM (DPP_ERR_KEY_NOT_PRIVATE for public keys). */
DPP_API DPP_NODISCARD dpp_err dpp_key_private_pem(const dpp_key *key, char *out, size_t out_cap, size_t *out_len);
/** DER SubjectPublicKeyInfo. */
DPP_API DPP_NODISCARD dpp_err dpp_key_public_der(const dpp_key *key, uint8_t *out, size_t out_cap, size_t *out_len);

/**
 * A self-signed X.509 certificate (PEM) for a private key: subject
 * CN=common_name, validity [not_before, not_after] in seconds since the epoch,
 * serial random, digitalSignature key usage. With out == NULL the size
 * returned is exact for Ed25519 and RSA and an upper bound for ECDSA (whose
 * DER signature length varies).
 */
DPP_API DPP_NODISCARD dpp_err dpp_key_self_signed_cert(const dpp_key *key, const char *common_name,
                                                       int64_t not_before, int64_t not_after, char *out,
                                                       size_t out_cap, size_t *out_len, dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_KEY_H */
