/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_ENCODE_H
#define DPP_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_roles.h"
#include "dpp/dpp_transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_encode.h
 * @brief Passport -> signed text ("DPP1:" + Base45): CWT claims, COSE_Sign1,
 *        zlib with preset dictionary v1 when it makes the output shorter,
 *        Base45, context prefix. dpp_encode_ex() adds the trust-layer
 *        claims (attestations from dpp_attest(), full-passport link,
 *        resolver) and the link form.
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

/** dpp_encode_opts plus the trust-layer claims. Zero it, then fill it. */
typedef struct dpp_encode_ex_opts {
    dpp_encode_opts base;
    size_t n_attestations;                         /**< 0..DPP_MAX_ATTESTATIONS */
    dpp_bytes attestations[DPP_MAX_ATTESTATIONS];  /**< from dpp_attest(), borrowed for the call */
    const char *link_uri;                          /**< full passport URI (1..255 bytes, no control
                                                        characters), or NULL for no link */
    bool has_link_sha256;                          /**< needs link_uri */
    uint8_t link_sha256[32];                       /**< dpp_sha256() of the full passport document */
    /** Resolver the passport may travel under as a GS1 Digital Link
     *  ("https://id.example.com", optionally with a path prefix; normalised
     *  with dpp_resolver_normalize() and signed as CWT claim -265), or NULL. */
    const char *resolver;
    /** Output form of dpp_encode_ex(): DPP_FORM_TEXT ("DPP1:" + Base45) or
     *  DPP_FORM_LINK (needs resolver; out needs DPP_MAX_LINK_LEN + 1 bytes). */
    dpp_form form;
    /** Status-list entry (CWT claim -266, spec/trust.md 6.4): the issuer's
     *  list id (dpp_status_list_id(), dpp_status.h) and this passport's
     *  index in it (< DPP_STATUS_MAX_BITS). has_status false: no claim. */
    bool has_status;
    uint8_t status_list_id[8];
    uint32_t status_index;
} dpp_encode_ex_opts;

/**
 * dpp_encode() with attestations (CWT claim -263), a full-passport link
 * (CWT claim -264) and a resolver (CWT claim -265, which also allows the
 * link form). Each attestation is checked with dpp_attestation_match().
 * With no attestation and no link the output equals dpp_encode()'s.
 */
DPP_API DPP_NODISCARD dpp_err dpp_encode_ex(const dpp_passport *p, const dpp_key *key,
                                            const dpp_encode_ex_opts *opts, char *out, size_t out_cap,
                                            size_t *out_len, dpp_encode_sizes *sizes, dpp_diag *diag);

/** The same, writing the COSE_Sign1 message (see dpp_encode_cose()). */
DPP_API DPP_NODISCARD dpp_err dpp_encode_cose_ex(const dpp_passport *p, const dpp_key *key,
                                                 const dpp_encode_ex_opts *opts, uint8_t *out, size_t out_cap,
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
