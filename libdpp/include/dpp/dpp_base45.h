/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_BASE45_H
#define DPP_BASE45_H

#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_base45.h
 * @brief Base45 (RFC 9285): the text layer, in the QR alphanumeric alphabet.
 * Pure functions; no allocation; thread-safe.
 */

/** Exact encoded length of n bytes: 3*(n/2) + 2*(n%2). */
#define DPP_BASE45_ENCODED_LEN(n) (3u * ((n) / 2u) + 2u * ((n) % 2u))

/** Encodes; writes no NUL. out == NULL: size-calculation mode. */
DPP_API DPP_NODISCARD dpp_err dpp_base45_encode(const uint8_t *in, size_t in_len, char *out, size_t out_cap,
                                                size_t *out_len);

/**
 * Decodes strictly: characters outside the 45-character alphabet, a length
 * of 1 mod 3, and triples/pairs whose value exceeds 65535/255 are
 * DPP_ERR_BASE45 (diag gives the offset). out == NULL: size only.
 */
DPP_API DPP_NODISCARD dpp_err dpp_base45_decode(const char *in, size_t in_len, uint8_t *out, size_t out_cap,
                                                size_t *out_len, dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_BASE45_H */
