/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: QR codes in a grayscale picture with ZXing-C++
 * (cli/scan_zxing.cpp, the only C++ in the project; a C interface). */
#ifndef DPP_CLI_SCAN_ZXING_H
#define DPP_CLI_SCAN_ZXING_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One QR symbol found in a picture. */
typedef struct cli_qr_sym {
    char *text;    /**< the symbol's bytes, malloc'd, NUL-terminated */
    size_t len;    /**< bytes in text (the symbol may hold a NUL) */
    int x, y;      /**< centre of the symbol in the picture's pixels */
    int mirrored;  /**< read from a mirror image of the code */
} cli_qr_sym;

/** Most symbols one call reports. */
#define CLI_QR_MAX_SYMS 16

/** Finds the QR codes in w x h 8-bit gray pixels (row stride w) with
 *  ZXing-C++ (harder search, rotations, mirror images, its own downscaled
 *  passes). Fills out[0, n) (n <= cap) and returns n; -1 when ZXing failed
 *  (out of memory, an exception), with nothing to free. Each text is
 *  malloc'd: the caller frees them. */
int cli_zxing_scan(const uint8_t *gray, unsigned w, unsigned h, cli_qr_sym *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
