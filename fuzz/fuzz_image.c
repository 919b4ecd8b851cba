/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the CLI's picture decoders (cli/image.c, cli_image_gray():
 * PNG with libpng, JPEG with libjpeg), which read photos of labels given to
 * 'dpp verify --image'. Built from cli/image.c with DPP_IMAGE_DECODE_ONLY
 * (no zbar). Only image.c is instrumented, not libpng/libjpeg.
 * Properties: on success a picture of 1..CLI_IMAGE_MAX_DECODED pixels whose
 * every byte is readable (ASan), and a second decode gives the same pixels;
 * on failure no picture, zero dimensions and a non-empty message that fits
 * the buffer. Inputs declaring huge pictures are refused or scaled down
 * (the harness runs with -rss_limit_mb, which catches unbounded buffers).
 */
#include "fuzz_common.h"

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *g = NULL, *g2 = NULL;
    unsigned w = 7, h = 7, w2 = 0, h2 = 0;
    char msg[256], msg2[256];
    int rc, rc2;
    unsigned sum = 0;

    memset(msg, 'x', sizeof msg);
    rc = cli_image_gray(data, size, &g, &w, &h, msg, sizeof msg);
    if (rc != 0) {
        FUZZ_ASSERT(rc == -1);
        FUZZ_ASSERT(g == NULL && w == 0 && h == 0);
        FUZZ_ASSERT(msg[0] != '\0' && memchr(msg, '\0', sizeof msg) != NULL);
        return 0;
    }
    FUZZ_ASSERT(g != NULL && w > 0 && h > 0);
    FUZZ_ASSERT((unsigned long long)w * h <= CLI_IMAGE_MAX_DECODED);
    for (size_t i = 0; i < (size_t)w * h; i++) sum += g[i]; /* every pixel readable */
    (void)sum;
    rc2 = cli_image_gray(data, size, &g2, &w2, &h2, msg2, sizeof msg2);
    FUZZ_ASSERT(rc2 == 0 && w2 == w && h2 == h && g2 != NULL);
    FUZZ_ASSERT(memcmp(g, g2, (size_t)w * h) == 0);
    free(g);
    free(g2);
    return 0;
}
