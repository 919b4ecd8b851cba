/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the picture decoders of libdpp_scan (dpp_scan_gray(): PNG,
 * JPEG, BMP and, when built, WebP, TIFF, GIF, HEIF), which read photos of
 * labels given to 'dpp verify --image' and the bindings. Only the decoders
 * (libdpp/scan/image_*.c) are instrumented, not libpng, libjpeg, ...
 * Properties: on success a picture of 1..DPP_SCAN_MAX_DECODED pixels whose
 * every byte is readable (ASan), and a second decode gives the same pixels;
 * on failure a picture error (or out of memory), no picture, zero
 * dimensions and a non-empty message. Inputs declaring huge pictures are
 * refused or scaled down (the harness runs with -rss_limit_mb, which
 * catches unbounded buffers).
 */
#include "fuzz_common.h"

#include "dpp/dpp_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *g = NULL, *g2 = NULL;
    unsigned w = 7, h = 7, w2 = 0, h2 = 0;
    dpp_diag d, d2;
    dpp_err rc, rc2;
    unsigned sum = 0;

    memset(&d, 'x', sizeof d);
    rc = dpp_scan_gray(data, size, 0, &g, &w, &h, &d);
    if (rc != DPP_OK) {
        FUZZ_ASSERT(dpp_err_is_image(rc) || rc == DPP_ERR_NO_MEMORY);
        FUZZ_ASSERT(d.err == rc);
        FUZZ_ASSERT(g == NULL && w == 0 && h == 0);
        FUZZ_ASSERT(d.msg[0] != '\0' && memchr(d.msg, '\0', sizeof d.msg) != NULL);
        return 0;
    }
    FUZZ_ASSERT(g != NULL && w > 0 && h > 0);
    FUZZ_ASSERT((unsigned long long)w * h <= DPP_SCAN_MAX_DECODED);
    for (size_t i = 0; i < (size_t)w * h; i++) sum += g[i]; /* every pixel readable */
    (void)sum;
    rc2 = dpp_scan_gray(data, size, 0, &g2, &w2, &h2, &d2);
    FUZZ_ASSERT(rc2 == DPP_OK && w2 == w && h2 == h && g2 != NULL);
    FUZZ_ASSERT(memcmp(g, g2, (size_t)w * h) == 0);
    free(g);
    free(g2);
    return 0;
}
