/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: what only the OpenSSL port has beyond crypto.h, shared by its
 * two files (crypto_ossl.c: keys; crypto_ossl_x509.c: certificates, which
 * uses part 1 and never the other way). Nothing else in libdpp uses it; the
 * benchmark (bench/bench.c) borrows a key's EVP_PKEY to time raw OpenSSL
 * against libdpp on the same key.
 */
#ifndef DPP_SRC_CRYPTO_OSSL_H
#define DPP_SRC_CRYPTO_OSSL_H

#include "crypto.h"

/* OpenSSL's own struct tags: EVP_PKEY, X509, ASN1_TIME, BIO. */
struct evp_pkey_st;
struct x509_st;
struct asn1_string_st;
struct bio_st;

/** The key's EVP_PKEY, borrowed for as long as the key lives. */
struct evp_pkey_st *dpp_crypto_ossl_pkey(const dpp_crypto_key *key);

/** The public key of cert as dpp_crypto_cert_key() reports it. */
dpp_err dpp_crypto_ossl_cert_key(struct x509_st *cert, dpp_crypto_parsed *out);

/** An ASN1_TIME as seconds since the epoch. 1 on success. */
int dpp_crypto_ossl_time(const struct asn1_string_st *t, int64_t *out);

/** Copies a memory BIO's contents as a NUL-terminated string into out
 *  (out == NULL: measures). *out_len is set either way;
 *  DPP_ERR_BUFFER_TOO_SMALL, DPP_ERR_CRYPTO_BACKEND. */
dpp_err dpp_crypto_ossl_bio_text(struct bio_st *bio, char *out, size_t out_cap, size_t *out_len);

#endif
