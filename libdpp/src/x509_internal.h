/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the X.509 side of the trust store (x509.c, the only file besides
 * key.c and crypto_ossl.c that includes OpenSSL headers). The CA store is
 * OpenSSL's X509_STORE, only forward-declared here.
 */
#ifndef DPP_SRC_X509_INTERNAL_H
#define DPP_SRC_X509_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

struct x509_store_st; /* OpenSSL's X509_STORE */

/** Frees a CA store (NULL is fine). */
void dpp_x509_store_free(struct x509_store_st *store);

/**
 * Writes the DER encoding of the X.509 certificate in data (PEM or DER; the
 * first certificate of a PEM file) to out. DPP_ERR_KEY_FORMAT if data holds
 * no certificate, DPP_ERR_TOO_LARGE if it does not fit out_cap.
 */
dpp_err dpp_x509_cert_der(const uint8_t *data, size_t len, uint8_t *out, size_t out_cap, size_t *out_len,
                          dpp_diag *diag);

#endif
