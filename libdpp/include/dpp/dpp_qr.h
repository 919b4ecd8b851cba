/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_QR_H
#define DPP_QR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_qr.h
 * @brief QR symbols for passport text (via nayuki's QR-Code-generator) and
 *        their rendering to SVG, PNG and terminal text.
 *
 * Every argument is validated before QR-Code-generator is called (it checks
 * its own preconditions only with assert()). No global state; thread-safe.
 */

typedef enum dpp_ecc {
    DPP_ECC_L = 0, /**< ~7% recovery */
    DPP_ECC_M = 1, /**< ~15%, the default */
    DPP_ECC_Q = 2, /**< ~25% */
    DPP_ECC_H = 3  /**< ~30% */
} dpp_ecc;

/** Largest symbol side in modules (version 40). */
#define DPP_QR_MAX_SIZE 177
/** Bytes of a dpp_qr's module buffer (QR-Code-generator's BUFFER_LEN_MAX). */
#define DPP_QR_BUFFER_LEN 3918

/** A QR symbol. Plain data: copy with `=`. */
typedef struct dpp_qr {
    int version;  /**< 1..40 */
    int size;     /**< modules per side = 4*version + 17 */
    dpp_ecc ecc;
    int mask;     /**< 0..7, the mask used */
    uint8_t modules[DPP_QR_BUFFER_LEN]; /**< QR-Code-generator's buffer; read with dpp_qr_module() */
} dpp_qr;

/**
 * Encodes text (passport text: the QR alphanumeric alphabet, so alphanumeric
 * mode is used; other text falls back to byte mode) into the smallest version
 * that fits at the given ECC level. Text too long gives DPP_ERR_QR_CAPACITY
 * with its length and the limit in diag.
 */
DPP_API DPP_NODISCARD dpp_err dpp_qr_encode(const char *text, size_t text_len, dpp_ecc ecc, dpp_qr *out,
                                            dpp_diag *diag);

/** 1 for a dark module, 0 for light or outside the symbol. */
DPP_API int dpp_qr_module(const dpp_qr *qr, int x, int y);

/*
 * Rendering. All three renderers follow the library's output convention
 * (the one of dpp_passport_to_cbor(), dpp_passport_to_json(), dpp_encode()):
 * the caller owns the buffer. out == NULL is a size query: *out_len gets the
 * exact size and nothing is written. Otherwise the result is written to
 * out[0, out_cap) and *out_len gets its length; if it does not fit, the call
 * returns DPP_ERR_BUFFER_TOO_SMALL with *out_len = 0 and no partial output
 * (what was written is zeroed). The same arguments give the same bytes, so
 * a size query followed by a call with that size always succeeds. Text
 * outputs (SVG, terminal) are NUL-terminated: out_cap must include the NUL,
 * *out_len excludes it. Nothing is allocated for the caller to free.
 * Errors: DPP_ERR_INVALID_ARG (qr NULL or inconsistent, module_px outside
 * 1..64, border outside 0..16, out_len NULL), DPP_ERR_BUFFER_TOO_SMALL,
 * DPP_ERR_NO_MEMORY (PNG: libpng's own state), DPP_ERR_UNSUPPORTED (PNG in a
 * build without libpng, DPP_WITH_PNG=OFF).
 */

/**
 * SVG document: one path, dark modules of `module_px` user units, a quiet zone of
 * `border` modules (>= 4 recommended). out == NULL: size only.
 * *out_len excludes the NUL; out_cap must include it.
 */
DPP_API DPP_NODISCARD dpp_err dpp_qr_to_svg(const dpp_qr *qr, int module_px, int border, char *out, size_t out_cap,
                                            size_t *out_len);

/**
 * 8-bit grayscale PNG (libpng), module_px pixels per module, `border` modules
 * of quiet zone. out == NULL: size only (the image is compressed to count
 * its bytes; a caller with a generous buffer, e.g. 64 KiB for a label at
 * 4 px per module, renders once and learns the size from *out_len).
 */
DPP_API DPP_NODISCARD dpp_err dpp_qr_to_png(const dpp_qr *qr, int module_px, int border, uint8_t *out,
                                            size_t out_cap, size_t *out_len);

/**
 * Terminal text: two modules per character cell using Unicode half blocks
 * (dark on light), with a quiet zone of `border` modules. out == NULL: size only.
 */
DPP_API DPP_NODISCARD dpp_err dpp_qr_to_term(const dpp_qr *qr, int border, char *out, size_t out_cap,
                                             size_t *out_len);

/** free(). No libdpp function returns memory for the caller to release any
 *  more (dpp_qr_to_png() writes into the caller's buffer); kept so that
 *  existing programs still link. NULL is fine. */
DPP_API void dpp_free(void *p);

#ifdef __cplusplus
}
#endif

#endif /* DPP_QR_H */
