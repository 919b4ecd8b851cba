/* SPDX-License-Identifier: Apache-2.0 */
/* libdpp_scan, internal: the QR readers behind a C interface, ZXing-C++
 * (scan_zxing.cpp, the only C++ of the project) and zbar (scan_zbar.c). */
#ifndef DPP_SCAN_READERS_H
#define DPP_SCAN_READERS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One QR symbol found in a picture. */
typedef struct scan_sym {
    char *text;   /**< the symbol's bytes, malloc'd, NUL-terminated */
    size_t len;   /**< bytes in text (the symbol may hold a NUL) */
    int x, y;     /**< centre of the symbol in the picture's pixels */
    int mirrored; /**< read from a mirror image of the code */
} scan_sym;

/** Most symbols one call reports. */
#define SCAN_MAX_SYMS 16

/** How ZXing searches. */
typedef struct scan_zx_opts {
    int try_harder;    /**< denser scanning, more finder-pattern candidates */
    int try_downscale; /**< also its own downscaled passes */
    int try_rotate;    /**< also the picture turned by 90 degrees */
    int histogram;     /**< one threshold from the picture's histogram (GlobalHistogram), not the
                            local average of each pixel's neighbourhood (LocalAverage, ZXing's default) */
} scan_zx_opts;

/** Finds the QR codes in w x h 8-bit gray pixels (row stride w) with
 *  ZXing-C++ (mirror images included). Fills out[0, n) (n <= cap) and
 *  returns n; -1 when ZXing failed (out of memory, an exception), with
 *  nothing to free. *unread (may be NULL): symbols ZXing located but could
 *  not decode. Each text is malloc'd: the caller frees them. */
int scan_zxing(const uint8_t *gray, unsigned w, unsigned h, const scan_zx_opts *o, scan_sym *out, size_t cap,
               size_t *unread);

/** The same with zbar (no mirror images): n, or -1 (out of memory). */
int scan_zbar(const uint8_t *gray, unsigned w, unsigned h, scan_sym *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
