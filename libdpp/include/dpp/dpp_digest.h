/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_DIGEST_H
#define DPP_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_digest.h
 * @brief SHA-256, for the digests callers handle themselves: a full
 *        passport document (dpp_encode_ex_opts.link_sha256) and a signed
 *        list's bytes (dpp_liststate_check()).
 */

/** SHA-256 of data (the digest of a full passport document). */
DPP_API DPP_NODISCARD dpp_err dpp_sha256(const uint8_t *data, size_t len, uint8_t out[32]);

#ifdef __cplusplus
}
#endif

#endif /* DPP_DIGEST_H */
