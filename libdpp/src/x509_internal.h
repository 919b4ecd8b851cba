/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the X.509 alternative to trust lists (spec/trust.md section 4),
 * as facts for the trust store: pinned CA certificates checked and pinned,
 * a signer certificate verified against them (chain, basic constraints, key
 * usage, weak keys, role policy) and turned into what a trust entry needs.
 * The trust store itself (trust_x509.c) decides what to keep; this file
 * never touches it. The crypto work is the port's (crypto.h).
 */
#ifndef DPP_SRC_X509_INTERNAL_H
#define DPP_SRC_X509_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_roles.h"

/** Most pinned CA certificates in one store. */
#define DPP_X509_MAX_CAS 256

/** Frees a CA store (NULL is fine). */
void dpp_x509_store_free(dpp_crypto_cas *store);

/**
 * Writes the DER encoding of the X.509 certificate in data (PEM or DER; the
 * first certificate of a PEM file) to out. DPP_ERR_KEY_FORMAT if data holds
 * no certificate, DPP_ERR_TOO_LARGE if it does not fit out_cap.
 */
dpp_err dpp_x509_cert_der(const uint8_t *data, size_t len, uint8_t *out, size_t out_cap, size_t *out_len,
                          dpp_diag *diag);

/**
 * Reads the CA certificates of data (a PEM bundle or one DER certificate),
 * checks each (a CA: basicConstraints CA:TRUE with keyCertSign; no weak
 * key) and pins them into *store (made when NULL), which already holds
 * n_pinned. *n_added counts the certificates that were new, also when an
 * error stops the loop part way. DPP_ERR_TOO_LARGE (file over 256 KiB, more
 * than 16 certificates, more than DPP_X509_MAX_CAS pinned),
 * DPP_ERR_KEY_FORMAT, DPP_ERR_CERT_CHAIN, DPP_ERR_KEY_WEAK,
 * DPP_ERR_NO_MEMORY, DPP_ERR_CRYPTO_BACKEND.
 */
dpp_err dpp_x509_pin_cas(dpp_crypto_cas **store, size_t n_pinned, const uint8_t *data, size_t len, size_t *n_added,
                         dpp_diag *diag);

/** Most CRLs in one store. */
#define DPP_X509_MAX_CRLS 64

/**
 * Reads the CRLs of data (PEM, possibly several "X509 CRL" blocks, or one
 * DER CRL; at most DPP_CRL_MAX_LEN bytes, DPP_CRL_MAX_ENTRIES revoked
 * certificates each), checks each at now (thisUpdate not after now +
 * DPP_IAT_SKEW_SECONDS, nextUpdate present and not before now) and, when
 * its issuer is a pinned CA, its signature; then adds them to *store (made
 * when NULL), which already holds n_held CRLs. *n_added counts the CRLs
 * that were new. Nothing is added unless every CRL of data passes.
 * DPP_ERR_TOO_LARGE, DPP_ERR_KEY_FORMAT (no CRL, no nextUpdate),
 * DPP_ERR_NOT_YET_VALID, DPP_ERR_CRL_EXPIRED, DPP_ERR_SIGNATURE (issuer
 * name pinned, signature not by it), DPP_ERR_NO_MEMORY,
 * DPP_ERR_CRYPTO_BACKEND.
 */
dpp_err dpp_x509_add_crls(dpp_crypto_cas **store, size_t n_held, const uint8_t *data, size_t len, int64_t now,
                          size_t *n_added, dpp_diag *diag);

/** What a signer certificate gives a trust entry. */
typedef struct dpp_x509_signer {
    dpp_key *key;           /* owned: release with dpp_key_free */
    dpp_role role;          /* from the certificate policy */
    int64_t chain_nb;       /* the chain's validity window: latest notBefore */
    int64_t chain_na;       /* and earliest notAfter */
    dpp_party party;        /* subject CN (else O) and C; empty when unusable */
} dpp_x509_signer;

/**
 * Verifies a signer certificate (PEM, optionally followed by its chain; or
 * DER) against the pinned CAs of store, with further chain certificates in
 * chain (may be NULL with chain_len 0): a path to a pinned CA, no weak key
 * on it, keyUsage with digitalSignature, exactly one libdpp role policy.
 * On success *out is filled (zeroed on failure). DPP_ERR_TOO_LARGE,
 * DPP_ERR_KEY_FORMAT, DPP_ERR_KEY_WEAK, DPP_ERR_CERT_CHAIN,
 * DPP_ERR_CERT_REVOKED (store holds CRLs), DPP_ERR_CERT_POLICY,
 * DPP_ERR_NO_MEMORY, and what dpp_key_load() returns.
 */
dpp_err dpp_x509_signer_read(dpp_crypto_cas *store, const uint8_t *cert, size_t cert_len, const uint8_t *chain,
                             size_t chain_len, dpp_x509_signer *out, dpp_diag *diag);

#endif
