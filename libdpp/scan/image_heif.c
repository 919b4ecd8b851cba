/* SPDX-License-Identifier: Apache-2.0 */
/* HEIF/HEIC pictures (libheif): the primary image, decoded to its luma plane, read whole (DPP_SCAN_MAX_BUFFERED). */
#include <libheif/heif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

int scan_heif(const uint8_t *data, size_t len, uint64_t max, scan_pic *pic, dpp_diag *d)
{
    struct heif_context *ctx = heif_context_alloc();
    struct heif_image_handle *hd = NULL;
    struct heif_image *img = NULL;
    struct heif_error e;
    const uint8_t *plane;
    int iw, ih, stride = 0, bpp = 1;
    enum heif_channel chan = heif_channel_Y;
    bool rgb = false;
    uint8_t *row = NULL;
    scan_shrink s;
    int rc = -1;

    if (ctx == NULL) {
        (void)scan_no_memory(d);
        return -1;
    }
    /* libheif's own limit (its square), above ours: ours names the size. */
    heif_context_set_maximum_image_size_limit(ctx, 2 * (int)DPP_SCAN_MAX_SIDE);
    e = heif_context_read_from_memory_without_copy(ctx, data, len, NULL);
    if (e.code != heif_error_Ok) {
        if (e.subcode == heif_suberror_End_of_data)
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, len,
                            "not a readable HEIF image: truncated (the file ends at byte %zu)", len);
        else
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable HEIF image (%s)",
                            e.message != NULL ? e.message : "?");
        goto done;
    }
    e = heif_context_get_primary_image_handle(ctx, &hd);
    if (e.code != heif_error_Ok) {
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable HEIF image (%s)",
                        e.message != NULL ? e.message : "?");
        goto done;
    }
    iw = heif_image_handle_get_width(hd);
    ih = heif_image_handle_get_height(hd);
    /* Nothing is decoded yet: check what the header declares. */
    if (scan_check_dims("HEIF", (unsigned long)(iw < 0 ? 0 : iw), (unsigned long)(ih < 0 ? 0 : ih), d) != 0) goto done;
    if ((unsigned long long)iw * (unsigned)ih > DPP_SCAN_MAX_BUFFERED) {
        (void)scan_refuse_buffered("HEIF image", (unsigned long)iw, (unsigned long)ih, d);
        goto done;
    }
    /* Phones and encoders write YCbCr 4:2:0: decoded as that (no colour
     * conversion), its luma plane is the gray picture; anything else is
     * decoded to RGB and made gray here. */
    e = heif_decode_image(hd, &img, heif_colorspace_YCbCr, heif_chroma_420, NULL);
    if (e.code != heif_error_Ok && e.subcode != heif_suberror_End_of_data) {
        rgb = true;
        e = heif_decode_image(hd, &img, heif_colorspace_RGB, heif_chroma_interleaved_RGB, NULL);
    }
    if (e.code != heif_error_Ok) {
        if (e.subcode == heif_suberror_End_of_data)
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, len,
                            "not a readable HEIF image: truncated (the file ends at byte %zu)", len);
        else
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable HEIF image: corrupt data (%s)",
                            e.message != NULL ? e.message : "?");
        goto done;
    }
    if (rgb) {
        chan = heif_channel_interleaved;
        bpp = 3;
    }
    iw = heif_image_get_width(img, chan);
    ih = heif_image_get_height(img, chan);
    plane = heif_image_get_plane_readonly(img, chan, &stride);
    if (plane == NULL || iw <= 0 || ih <= 0 || stride / bpp < iw ||
        heif_image_get_bits_per_pixel_range(img, chan) != 8 ||
        (unsigned long long)iw * (unsigned)ih > DPP_SCAN_MAX_BUFFERED) {
        (void)scan_fail(d, DPP_ERR_IMAGE_FORMAT, SIZE_MAX, "HEIF image: unsupported pixel layout");
        goto done;
    }
    if (scan_shrink_init(&s, (unsigned)iw, (unsigned)ih, max) != 0) {
        (void)scan_no_memory(d);
        goto done;
    }
    if (rgb) {
        row = malloc((size_t)iw);
        if (row == NULL) {
            scan_shrink_free(&s);
            (void)scan_no_memory(d);
            goto done;
        }
    }
    for (int y = 0; y < ih; y++) {
        const uint8_t *q = plane + (size_t)y * (size_t)stride;
        if (rgb) {
            for (int x = 0; x < iw; x++, q += 3) row[x] = scan_rgba_gray(q[0], q[1], q[2], 255);
            scan_shrink_row(&s, row);
        } else {
            scan_shrink_row(&s, q);
        }
    }
    scan_shrink_take(&s, pic);
    rc = 0;
done:
    free(row);
    if (img != NULL) heif_image_release(img);
    if (hd != NULL) heif_image_handle_release(hd);
    heif_context_free(ctx);
    return rc;
}
