/* SPDX-License-Identifier: Apache-2.0 */
/* PNG pictures (libpng): the IHDR dimensions checked before libpng runs,
 * rows box-filtered into a bounded buffer as they are read; interlaced
 * pictures are read whole (DPP_SCAN_MAX_BUFFERED). */
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

typedef struct png_ctx {
    const uint8_t *data;
    size_t len, pos;
    bool truncated;
    char msg[200];
    scan_shrink s; /* here, not a local: it is set after setjmp() */
} png_ctx;

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
    png_ctx *c = png_get_io_ptr(png);
    if (n > c->len - c->pos) {
        c->truncated = true;
        png_error(png, "truncated");
    }
    memcpy(out, c->data + c->pos, n);
    c->pos += n;
}

static void png_fail(png_structp png, png_const_charp m)
{
    png_ctx *c = png_get_error_ptr(png);
    (void)snprintf(c->msg, sizeof c->msg, "%s", m != NULL ? m : "error");
    png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp m)
{
    (void)png;
    (void)m;
}

int scan_png(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d)
{
    png_ctx c;
    png_structp png = NULL;
    png_infop info = NULL;
    uint8_t *volatile row = NULL, *volatile grow = NULL, *volatile whole = NULL;
    png_bytep *volatile rows = NULL;
    png_uint_32 pw, ph;
    int ctype, interlace;

    /* IHDR is the first chunk: check its dimensions before libpng runs. */
    if (len >= 24 && memcmp(data + 12, "IHDR", 4) == 0 &&
        scan_check_dims("PNG", scan_be32(data + 16), scan_be32(data + 20), d) != 0)
        return -1;
    memset(&c, 0, sizeof c);
    c.data = data;
    c.len = len;
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &c, png_fail, png_quiet);
    if (png != NULL) info = png_create_info_struct(png);
    if (png == NULL || info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        return scan_no_memory(d);
    }
    if (setjmp(png_jmpbuf(png)) != 0) {
        if (c.truncated)
            (void)scan_fail(
                d, DPP_ERR_IMAGE_CORRUPT, len,
                "not a readable PNG image: truncated (the file ends at byte %zu, before the end of the image)", len);
        else if (strcmp(c.msg, "Not enough image data") == 0) /* the IDAT chunks end too soon */
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, c.pos,
                            "not a readable PNG image: truncated (the image data ends at byte %zu of %zu, before the "
                            "end of the image)",
                            c.pos, len);
        else
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable PNG image (%s)", c.msg);
        goto refuse;
    }
    png_set_read_fn(png, &c, png_read_mem);
    png_set_user_limits(png, DPP_SCAN_MAX_SIDE, DPP_SCAN_MAX_SIDE);
    png_set_chunk_cache_max(png, DPP_SCAN_PNG_MAX_CHUNKS);
    png_set_chunk_malloc_max(png, DPP_SCAN_PNG_MAX_CHUNK);
    png_read_info(png, info);
    pw = png_get_image_width(png, info);
    ph = png_get_image_height(png, info);
    ctype = png_get_color_type(png, info);
    interlace = png_get_interlace_type(png, info);
    if (scan_check_dims("PNG", pw, ph, d) != 0) goto refuse;
    if (interlace != PNG_INTERLACE_NONE && (uint64_t)pw * ph > DPP_SCAN_MAX_BUFFERED) {
        (void)scan_refuse_buffered("interlaced PNG image", pw, ph, d);
        goto refuse;
    }
    /* Any layout to 8-bit gray + alpha. */
    png_set_expand(png);
    png_set_scale_16(png);
    if ((ctype & PNG_COLOR_MASK_COLOR) != 0) png_set_rgb_to_gray_fixed(png, 1, -1, -1);
    if ((ctype & PNG_COLOR_MASK_ALPHA) == 0 && !png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    (void)png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_channels(png, info) != 2 || png_get_bit_depth(png, info) != 8 ||
        png_get_rowbytes(png, info) != (size_t)pw * 2) {
        (void)scan_fail(d, DPP_ERR_IMAGE_FORMAT, SIZE_MAX, "PNG image: unsupported pixel layout (colour type %d)",
                        ctype);
        goto refuse;
    }
    grow = malloc(pw);
    if (interlace == PNG_INTERLACE_NONE) {
        row = malloc((size_t)pw * 2);
    } else {
        whole = malloc((size_t)pw * ph * 2);
        rows = malloc((size_t)ph * sizeof *rows);
    }
    if (grow == NULL || (row == NULL && (whole == NULL || rows == NULL)) || scan_shrink_init(&c.s, pw, ph, max) != 0) {
        (void)scan_no_memory(d);
        goto refuse;
    }
    if (interlace == PNG_INTERLACE_NONE) {
        for (png_uint_32 y = 0; y < ph; y++) {
            png_read_row(png, row, NULL);
            scan_ga_to_gray(row, grow, pw);
            scan_shrink_row(&c.s, grow);
        }
    } else {
        for (png_uint_32 y = 0; y < ph; y++) rows[y] = whole + (size_t)y * pw * 2;
        png_read_image(png, rows);
        for (png_uint_32 y = 0; y < ph; y++) {
            scan_ga_to_gray(rows[y], grow, pw);
            scan_shrink_row(&c.s, grow);
        }
    }
    png_destroy_read_struct(&png, &info, NULL);
    free(row);
    free(grow);
    free(whole);
    free(rows);
    scan_shrink_take(&c.s, p);
    return 0;
refuse:
    png_destroy_read_struct(&png, &info, NULL);
    scan_shrink_free(&c.s);
    free(row);
    free(grow);
    free(whole);
    free(rows);
    return -1;
}
