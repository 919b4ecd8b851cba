/* SPDX-License-Identifier: Apache-2.0 */
/* WebP pictures (libwebp): lossy ones scaled while decoding; lossless and alpha ones are decoded whole
 * (DPP_SCAN_MAX_BUFFERED); animated ones refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

#include "image_internal.h"

int scan_webp(const uint8_t *data, size_t len, uint64_t max, scan_pic *pic, dpp_diag *d)
{
    WebPDecoderConfig cfg;
    VP8StatusCode st;
    int iw = 0, ih = 0;
    unsigned f, ow, oh;
    uint8_t *out;

    if (!WebPInitDecoderConfig(&cfg)) {
        (void)scan_fail(d, DPP_ERR_IMAGE_FORMAT, SIZE_MAX, "WebP decoder version mismatch");
        return -1;
    }
    st = WebPGetFeatures(data, len, &cfg.input);
    if (st == VP8_STATUS_NOT_ENOUGH_DATA) {
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, len,
                        "not a readable WebP image: truncated (the file ends at byte %zu, inside the header)", len);
        return -1;
    }
    if (st != VP8_STATUS_OK || !WebPGetInfo(data, len, &iw, &ih)) {
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable WebP image (bad header, status %d)",
                        (int)st);
        return -1;
    }
    /* Nothing is decoded yet: check what the header declares. */
    if (scan_check_dims("WebP", (unsigned long)iw, (unsigned long)ih, d) != 0) return -1;
    if (cfg.input.has_animation) {
        (void)scan_fail(d, DPP_ERR_IMAGE_FORMAT, SIZE_MAX, "WebP image: animated images are not supported");
        return -1;
    }
    /* Lossless pictures and alpha planes are decoded whole. */
    if ((cfg.input.format == 2 || cfg.input.has_alpha) && (unsigned long long)iw * (unsigned)ih > DPP_SCAN_MAX_BUFFERED)
        return scan_refuse_buffered(cfg.input.format == 2 ? "lossless WebP image" : "WebP image with alpha",
                                    (unsigned long)iw, (unsigned long)ih, d);
    f = scan_shrink_factor((unsigned)iw, (unsigned)ih, max);
    ow = ((unsigned)iw + f - 1) / f;
    oh = ((unsigned)ih + f - 1) / f;
    if (f > 1) {
        cfg.options.use_scaling = 1;
        cfg.options.scaled_width = (int)ow;
        cfg.options.scaled_height = (int)oh;
    }
    cfg.output.colorspace = MODE_RGBA;
    st = WebPDecode(data, len, &cfg);
    if (st != VP8_STATUS_OK) {
        if (st == VP8_STATUS_NOT_ENOUGH_DATA)
            (void)scan_fail(
                d, DPP_ERR_IMAGE_CORRUPT, len,
                "not a readable WebP image: truncated (the file ends at byte %zu, before the end of the image)", len);
        else
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable WebP image: corrupt data (status %d)",
                            (int)st);
        WebPFreeDecBuffer(&cfg.output);
        return -1;
    }
    if (cfg.output.width != (int)ow || cfg.output.height != (int)oh) {
        WebPFreeDecBuffer(&cfg.output);
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX,
                        "not a readable WebP image: decoded size differs from the header");
        return -1;
    }
    out = malloc((size_t)ow * oh);
    if (out == NULL) {
        WebPFreeDecBuffer(&cfg.output);
        (void)scan_no_memory(d);
        return -1;
    }
    for (unsigned y = 0; y < oh; y++) {
        const uint8_t *p = cfg.output.u.RGBA.rgba + (size_t)y * (size_t)cfg.output.u.RGBA.stride;
        for (unsigned x = 0; x < ow; x++, p += 4) out[(size_t)y * ow + x] = scan_rgba_gray(p[0], p[1], p[2], p[3]);
    }
    WebPFreeDecBuffer(&cfg.output);
    pic->gray = out;
    pic->w = ow;
    pic->h = oh;
    pic->scaled = f > 1;
    return 0;
}
