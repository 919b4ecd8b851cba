/* SPDX-License-Identifier: Apache-2.0 */
/* Pictures of labels to 8-bit gray: the format told apart by its magic
 * bytes, then its decoder (image_<format>.c). Formats whose library was not
 * found at build time (WebP, TIFF, GIF, HEIF: DPP_SCAN_HAVE_<FORMAT>) are
 * refused by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

static bool is_heif(const uint8_t *d, size_t n)
{
    static const char brands[][5] = {"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif"};
    if (n < 12 || memcmp(d + 4, "ftyp", 4) != 0) return false;
    for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
        if (memcmp(d + 8, brands[i], 4) == 0) return true;
    return false;
}

#define FORMATS "PNG, JPEG, WebP, TIFF, BMP, GIF or HEIF/HEIC"

#if !defined(DPP_SCAN_HAVE_WEBP) || !defined(DPP_SCAN_HAVE_TIFF) || !defined(DPP_SCAN_HAVE_GIF) ||                     \
    !defined(DPP_SCAN_HAVE_HEIF)
static int unsupported(const char *fmt, dpp_diag *d)
{
    return scan_fail(d, DPP_ERR_IMAGE_FORMAT, SIZE_MAX, "%s image: this dpp was built without %s support", fmt, fmt);
}
#endif

dpp_err scan_decode(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d)
{
    static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    int rc;
    memset(p, 0, sizeof *p);
    p->orientation = 1;
    scan_diag_clear(d);
    if (data == NULL && len > 0) {
        (void)scan_fail(d, DPP_ERR_INVALID_ARG, SIZE_MAX, "no picture data (NULL with a length of %zu)", len);
        return d->err;
    }
    if (max == 0 || max > DPP_SCAN_MAX_DECODED) max = DPP_SCAN_MAX_DECODED;
    if (len >= 8 && memcmp(data, png_sig, 8) == 0)
        rc = scan_png(data, len, max, p, d);
    else if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
        rc = scan_jpeg(data, len, max, p, d);
    else if (len >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0)
#ifdef DPP_SCAN_HAVE_WEBP
        rc = scan_webp(data, len, max, p, d);
#else
        rc = unsupported("WebP", d);
#endif
    else if (len >= 4 && (memcmp(data, "II*\0", 4) == 0 || memcmp(data, "MM\0*", 4) == 0))
#ifdef DPP_SCAN_HAVE_TIFF
        rc = scan_tiff(data, len, max, p, d);
#else
        rc = unsupported("TIFF", d);
#endif
    else if (len >= 6 && (memcmp(data, "GIF87a", 6) == 0 || memcmp(data, "GIF89a", 6) == 0))
#ifdef DPP_SCAN_HAVE_GIF
        rc = scan_gif(data, len, max, p, d);
#else
        rc = unsupported("GIF", d);
#endif
    else if (is_heif(data, len))
#ifdef DPP_SCAN_HAVE_HEIF
        rc = scan_heif(data, len, max, p, d);
#else
        rc = unsupported("HEIF", d);
#endif
    else if (len >= 2 && data[0] == 'B' && data[1] == 'M')
        rc = scan_bmp(data, len, max, p, d);
    else
        rc = scan_fail(d, DPP_ERR_IMAGE_FORMAT, SIZE_MAX, "not a supported image (" FORMATS ")");
    if (rc != 0) {
        free(p->gray);
        memset(p, 0, sizeof *p);
        p->orientation = 1;
        if (d->err == DPP_OK) (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable image");
        return d->err;
    }
    return DPP_OK;
}

dpp_err dpp_scan_gray(const uint8_t *data, size_t len, uint64_t max_pixels, uint8_t **gray, unsigned *w, unsigned *h,
                      dpp_diag *diag)
{
    dpp_diag local;
    dpp_diag *d = diag != NULL ? diag : &local;
    scan_pic p;
    dpp_err err;
    if (gray != NULL) *gray = NULL;
    if (w != NULL) *w = 0;
    if (h != NULL) *h = 0;
    if (gray == NULL || w == NULL || h == NULL) {
        (void)scan_fail(d, DPP_ERR_INVALID_ARG, SIZE_MAX, "gray, w and h must not be NULL");
        return DPP_ERR_INVALID_ARG;
    }
    err = scan_decode(data, len, max_pixels, &p, d);
    if (err != DPP_OK) return err;
    *gray = p.gray;
    *w = p.w;
    *h = p.h;
    return DPP_OK;
}
