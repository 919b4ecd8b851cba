/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_ENCODE_H
#define DPP_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_passport.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_encode.h
 * @brief Passport -> signed text ("DPP1:" + Base45): CWT claims, COSE_Sign1,
 *        zlib with preset dictionary v1 when it makes the output shorter,
 *        Base45, context prefix.
 */

/** The context prefix of format version 1. */
#define DPP_PREFIX "DPP1:"
#define DPP_PREFIX_LEN 5

/**
 * Compression of the COSE message (spec/README.md section 4.3): a zlib
 * stream with preset dictionary v1 (FDICT set, DICTID 0xa9549d2d; spec
 * Appendix C). Encoders never write streams without the dictionary;
 * verifiers still accept them.
 */
typedef enum dpp_compress {
    DPP_COMPRESS_AUTO = 0,  /**< zlib with preset dictionary v1, only when strictly
                                 shorter than the COSE message (default) */
    DPP_COMPRESS_NEVER = 1, /**< the COSE message itself */
    DPP_COMPRESS_ALWAYS = 2 /**< zlib with preset dictionary v1, even when not shorter */
} dpp_compress;

typedef struct dpp_encode_opts {
    int64_t iat;             /**< issued-at, seconds since the epoch; required (> 0) */
    bool has_exp;
    int64_t exp;             /**< expiry, > iat */
    const char *iss;         /**< optional issuer (CWT claim 1), <= 64 bytes; NULL for none */
    dpp_compress compress;
} dpp_encode_opts;

/** Sizes of each layer of an encoded passport (bytes; text in characters). */
typedef struct dpp_encode_sizes {
    size_t payload;    /**< passport CBOR */
    size_t claims;     /**< CWT claims set */
    size_t cose;       /**< COSE_Sign1 message */
    size_t compressed; /**< zlib stream with preset dictionary v1; 0 if not
                            attempted (NEVER) or, in AUTO, not shorter */
    bool used_zlib;
    size_t text;       /**< prefix + Base45 */
} dpp_encode_sizes;

/**
 * Validates and signs the passport; writes the text (NUL-terminated) to out.
 * out == NULL: size-calculation mode is not offered here (signatures are
 * randomized); use DPP_MAX_TEXT_LEN + 1 bytes. sizes may be NULL.
 */
DPP_API DPP_NODISCARD dpp_err dpp_encode(const dpp_passport *p, const dpp_key *key, const dpp_encode_opts *opts,
                                         char *out, size_t out_cap, size_t *out_len, dpp_encode_sizes *sizes,
                                         dpp_diag *diag);

/**
 * The same, but writes the COSE_Sign1 message (before compression and Base45)
 * to out. Use dpp_text_from_cose() for the remaining transport steps.
 */
DPP_API DPP_NODISCARD dpp_err dpp_encode_cose(const dpp_passport *p, const dpp_key *key,
                                              const dpp_encode_opts *opts, uint8_t *out, size_t out_cap,
                                              size_t *out_len, dpp_diag *diag);

/** Transport for an existing COSE message: zlib with preset dictionary v1 (per mode), Base45, prefix. */
DPP_API DPP_NODISCARD dpp_err dpp_text_from_cose(const uint8_t *cose, size_t cose_len, dpp_compress mode, char *out,
                                                 size_t out_cap, size_t *out_len, dpp_diag *diag);

/**
 * Reverse transport, no verification: strips the prefix, Base45-decodes and
 * inflates (a zlib stream without a dictionary or with preset dictionary v1;
 * bounded by DPP_MAX_COSE_LEN) into out, which needs
 * DPP_MAX_COSE_LEN bytes.
 */
DPP_API DPP_NODISCARD dpp_err dpp_cose_from_text(const char *text, size_t text_len, uint8_t *out, size_t out_cap,
                                                 size_t *out_len, dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_ENCODE_H */
