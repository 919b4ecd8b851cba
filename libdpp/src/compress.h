/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the zlib layer (RFC 1950 streams) between COSE and Base45.
 * zlib's deflate allocates its own state inside each call and frees it
 * before returning; inflate keeps its state in the caller's stack frame (no
 * heap allocation for a well-formed stream). No global state.
 */
#ifndef DPP_SRC_COMPRESS_H
#define DPP_SRC_COMPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

/** Longest preset dictionary accepted. */
#define DPP_ZLIB_MAX_DICT_LEN 4096

/**
 * Compresses in[0:in_len] into a complete RFC 1950 zlib stream at level 9
 * (window 4 KiB, memLevel 6: see compress.c for the measurement).
 * in_len must be <= DPP_MAX_COSE_LEN (else DPP_ERR_TOO_LARGE).
 * DPP_ERR_BUFFER_TOO_SMALL when the stream does not fit out_cap: callers
 * pass out_cap = in_len - 1 to learn that compression did not pay.
 * Errors: DPP_ERR_INVALID_ARG (NULL pointers), DPP_ERR_NO_MEMORY.
 * On error *out_len is 0 and any bytes already written to out are zeroed.
 */
dpp_err dpp_zlib_compress(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len);

/**
 * The same with a preset dictionary (RFC 1950 FDICT/DICTID; zlib's
 * deflateSetDictionary): matches may reach back into dict[0:dict_len]
 * (1..DPP_ZLIB_MAX_DICT_LEN bytes, of which the last 4096 - 262 are in the
 * 4 KiB window); the header carries FDICT and the dictionary's Adler-32.
 * dict == NULL (dict_len 0) is dpp_zlib_compress().
 */
dpp_err dpp_zlib_compress_dict(const uint8_t *in, size_t in_len, const uint8_t *dict, size_t dict_len, uint8_t *out,
                               size_t out_cap, size_t *out_len);

/**
 * Inflates one zlib stream that must occupy exactly in[0:in_len], into
 * out[0:out_cap] only (nothing larger is ever allocated).
 *  - DPP_ERR_INFLATE: empty or short input, bad header (CM != 8, CINFO > 7,
 *    FCHECK), preset dictionary (FDICT), corrupt or truncated data, wrong
 *    Adler-32, bytes after the Adler-32. diag names the offset.
 *  - DPP_ERR_TOO_LARGE: output would exceed out_cap (diag names the cap), or
 *    in_len > UINT_MAX.
 *  - DPP_ERR_INVALID_ARG, DPP_ERR_NO_MEMORY.
 * On error *out_len is 0 and any bytes already written to out are zeroed.
 */
dpp_err dpp_zlib_inflate(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len,
                         dpp_diag *diag);

/**
 * dpp_zlib_inflate() that also accepts FDICT, but only with the DICTID of
 * dict[0:dict_len] (DPP_ERR_INFLATE naming both DICTIDs otherwise); a
 * stream without FDICT is read as usual. DPP_ERR_INVALID_ARG if dict is
 * NULL or not 1..DPP_ZLIB_MAX_DICT_LEN bytes.
 */
dpp_err dpp_zlib_inflate_dict(const uint8_t *in, size_t in_len, const uint8_t *dict, size_t dict_len, uint8_t *out,
                              size_t out_cap, size_t *out_len, dpp_diag *diag);

/** True when in[0], in[1] form a valid zlib header (CM = 8, CINFO <= 7,
 *  FCHECK correct; FDICT may be set, dpp_zlib_inflate() rejects it). */
bool dpp_zlib_looks_like(const uint8_t *in, size_t in_len);

#endif
