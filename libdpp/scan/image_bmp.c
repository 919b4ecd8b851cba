/* SPDX-License-Identifier: Apache-2.0 */
/* BMP pictures, parsed here: uncompressed 8-bit palette, 24- and 32-bit; every offset checked against the file before
 * it is read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

int scan_bmp(const uint8_t *data, size_t len, uint64_t max, scan_pic *pic, dpp_diag *d)
{
    uint32_t off, dib, comp, ncol = 0;
    int32_t bw, bh;
    unsigned bpp, uw, uh;
    unsigned long long stride, need;
    uint8_t pal[256];
    uint8_t *row = NULL;
    scan_shrink s;

    if (len < 14 + 40) {
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, len,
                        "not a readable BMP image: truncated (the file ends at byte %zu, inside the 54-byte headers)",
                        len);
        return -1;
    }
    off = scan_le32(data + 10);
    dib = scan_le32(data + 14);
    if (dib < 40 || dib > 124) {
        (void)scan_fail(d, DPP_ERR_IMAGE_FORMAT, SIZE_MAX,
                        "BMP image: unsupported info header of %u bytes (40 to 124 are read)", (unsigned)dib);
        return -1;
    }
    bw = (int32_t)scan_le32(data + 18);
    bh = (int32_t)scan_le32(data + 22);
    if (bw <= 0 || bh == 0 || bh == INT32_MIN) {
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "BMP image is %ldx%ld pixels: not a valid size", (long)bw,
                        (long)bh);
        return -1;
    }
    uw = (unsigned)bw;
    uh = bh < 0 ? (unsigned)-bh : (unsigned)bh;
    if (scan_check_dims("BMP", uw, uh, d) != 0) return -1;
    bpp = scan_le16(data + 28);
    comp = scan_le32(data + 30);
    if (scan_le16(data + 26) != 1) {
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable BMP image: %u planes (1 expected)",
                        (unsigned)scan_le16(data + 26));
        return -1;
    }
    if (comp != 0) {
        (void)scan_fail(d, DPP_ERR_IMAGE_FORMAT, SIZE_MAX,
                        "BMP image: compression %u is not supported (uncompressed 8-, 24- and 32-bit images are read)",
                        (unsigned)comp);
        return -1;
    }
    if (bpp != 8 && bpp != 24 && bpp != 32) {
        (void)scan_fail(d, DPP_ERR_IMAGE_FORMAT, SIZE_MAX,
                        "BMP image: %u bits per pixel is not supported (8, 24 and 32 are)", bpp);
        return -1;
    }
    if (bpp == 8) {
        ncol = scan_le32(data + 46);
        if (ncol == 0) ncol = 256;
        if (ncol > 256) {
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX,
                            "not a readable BMP image: palette of %u colours (at most 256)", (unsigned)ncol);
            return -1;
        }
        if ((unsigned long long)14 + dib + 4ull * ncol > off) {
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX,
                            "not a readable BMP image: the palette overlaps the pixels (which start at byte %u)",
                            (unsigned)off);
            return -1;
        }
        if ((unsigned long long)14 + dib + 4ull * ncol > len) {
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, len,
                            "not a readable BMP image: truncated (the file ends at byte %zu, inside the palette)", len);
            return -1;
        }
        for (uint32_t i = 0; i < ncol; i++) {
            const uint8_t *p = data + 14 + dib + 4 * i;
            pal[i] = scan_rgba_gray(p[2], p[1], p[0], 255);
        }
    } else if ((unsigned long long)14 + dib > off) {
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX,
                        "not a readable BMP image: the pixels start at byte %u, inside the headers", (unsigned)off);
        return -1;
    }
    stride = ((unsigned long long)uw * bpp + 31) / 32 * 4;
    need = (unsigned long long)off + stride * uh;
    if (need > len) {
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, len,
                        "not a readable BMP image: truncated (the file ends at byte %zu; the pixels end at byte %llu)",
                        len, need);
        return -1;
    }
    row = malloc(uw);
    if (row == NULL || scan_shrink_init(&s, uw, uh, max) != 0) {
        free(row);
        (void)scan_no_memory(d);
        return -1;
    }
    for (unsigned y = 0; y < uh; y++) {
        const uint8_t *p = data + off + stride * (bh < 0 ? y : uh - 1 - y);
        for (unsigned x = 0; x < uw; x++) {
            if (bpp == 8) {
                if (p[x] >= ncol) {
                    (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX,
                                    "not a readable BMP image: colour %u of row %u is beyond the palette of %u", p[x],
                                    y, (unsigned)ncol);
                    free(row);
                    scan_shrink_free(&s);
                    return -1;
                }
                row[x] = pal[p[x]];
            } else {
                const uint8_t *q = p + (size_t)x * (bpp / 8);
                row[x] = scan_rgba_gray(q[2], q[1], q[0], 255);
            }
        }
        scan_shrink_row(&s, row);
    }
    free(row);
    scan_shrink_take(&s, pic);
    return 0;
}
