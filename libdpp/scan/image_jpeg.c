/* SPDX-License-Identifier: Apache-2.0 */
/* JPEG pictures (libjpeg): decoded straight to gray at the largest N/8
 * scale that fits, EXIF orientation applied. The header's dimensions are
 * checked before anything large is allocated; progressive and multi-scan
 * pictures (buffered whole by libjpeg) have the lower DPP_SCAN_MAX_BUFFERED
 * limit, at most DPP_SCAN_MAX_SCANS scans, and libjpeg a memory cap.
 * Warnings about the data are errors, not a picture with a grey bottom. */
#include <stdio.h>
/* stdio.h before jpeglib.h */
#include <jerror.h>
#include <jpeglib.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

enum { JPEG_FAIL_ERROR = 0, JPEG_FAIL_TRUNCATED, JPEG_FAIL_CORRUPT, JPEG_FAIL_SCANS };

typedef struct jpeg_ctx {
    struct jpeg_error_mgr pub; /* first: libjpeg's err pointer is this struct */
    struct jpeg_progress_mgr progress;
    jmp_buf jb;
    int kind;
    size_t len, end; /* file length; where the image data ends (truncated) */
    uint8_t *buf;    /* here, not a local: it is set after setjmp() */
    char msg[JMSG_LENGTH_MAX];
} jpeg_ctx;

static void jpeg_fail(j_common_ptr ci)
{
    jpeg_ctx *c = (jpeg_ctx *)(void *)ci->err;
    (*ci->err->format_message)(ci, c->msg);
    longjmp(c->jb, 1);
}

/* Warnings about the data are errors: libjpeg would go on with grey pixels.
 * Trace messages (level >= 0) and harmless warnings are ignored. */
static void jpeg_message(j_common_ptr ci, int level)
{
    jpeg_ctx *c = (jpeg_ctx *)(void *)ci->err;
    int code = ci->err->msg_code;
    if (level >= 0) return;
    if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER) {
        /* The file ends, or a marker comes, before the image data does. */
        c->kind = JPEG_FAIL_TRUNCATED;
        if (code == JWRN_HIT_MARKER && ci->is_decompressor) {
            const struct jpeg_source_mgr *src = ((j_decompress_ptr)(void *)ci)->src;
            if (src != NULL && src->bytes_in_buffer <= c->len) c->end = c->len - src->bytes_in_buffer;
        }
        longjmp(c->jb, 1);
    }
    if (code == JWRN_MUST_RESYNC || code == JWRN_HUFF_BAD_CODE || code == JWRN_NOT_SEQUENTIAL ||
        code == JWRN_BOGUS_PROGRESSION) {
        c->kind = JPEG_FAIL_CORRUPT;
        (*ci->err->format_message)(ci, c->msg);
        longjmp(c->jb, 1);
    }
}

/* Called once per row of blocks while scans are read: bounds their number. */
static void jpeg_progress(j_common_ptr ci)
{
    jpeg_ctx *c = (jpeg_ctx *)(void *)ci->err;
    if (ci->is_decompressor && ((j_decompress_ptr)(void *)ci)->input_scan_number > DPP_SCAN_MAX_SCANS) {
        c->kind = JPEG_FAIL_SCANS;
        longjmp(c->jb, 1);
    }
}

int scan_jpeg(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d)
{
    struct jpeg_decompress_struct ci;
    jpeg_ctx c;
    volatile unsigned num = 8;
    volatile int orient = 1;

    memset(&ci, 0, sizeof ci);
    memset(&c, 0, sizeof c);
    ci.err = jpeg_std_error(&c.pub);
    c.pub.error_exit = jpeg_fail;
    c.pub.emit_message = jpeg_message;
    c.progress.progress_monitor = jpeg_progress;
    c.len = c.end = len;
    if (setjmp(c.jb) != 0) {
        switch (c.kind) {
        case JPEG_FAIL_TRUNCATED:
            if (c.end < len)
                (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, c.end,
                                "not a readable JPEG image: truncated (the image data ends at byte %zu of %zu, before "
                                "the end of the image)",
                                c.end, len);
            else
                (void)scan_fail(
                    d, DPP_ERR_IMAGE_CORRUPT, len,
                    "not a readable JPEG image: truncated (the file ends at byte %zu, before the end of the "
                    "image)",
                    len);
            break;
        case JPEG_FAIL_CORRUPT:
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable JPEG image: corrupt data (%s)", c.msg);
            break;
        case JPEG_FAIL_SCANS:
            (void)scan_fail(d, DPP_ERR_IMAGE_TOO_LARGE, SIZE_MAX,
                            "not a readable JPEG image: more than %d scans (the limit)", DPP_SCAN_MAX_SCANS);
            break;
        default: (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable JPEG image (%s)", c.msg); break;
        }
        goto refuse;
    }
    jpeg_create_decompress(&ci);
    ci.mem->max_memory_to_use = DPP_SCAN_JPEG_MAX_MEMORY;
    ci.progress = &c.progress;
    jpeg_mem_src(&ci, data, (unsigned long)len);
    /* APP1 segments (at most 64 KiB each, within the file): EXIF orientation */
    jpeg_save_markers(&ci, JPEG_APP0 + 1, 0xffff);
    (void)jpeg_read_header(&ci, TRUE);
    for (jpeg_saved_marker_ptr mk = ci.marker_list; mk != NULL && orient == 1; mk = mk->next)
        if (mk->marker == JPEG_APP0 + 1 && mk->data != NULL) orient = scan_exif_orientation(mk->data, mk->data_length);
    /* Nothing large is allocated yet: check what the header declares. */
    if (scan_check_dims("JPEG", ci.image_width, ci.image_height, d) != 0) goto refuse;
    if (jpeg_has_multiple_scans(&ci) && (uint64_t)ci.image_width * ci.image_height > DPP_SCAN_MAX_BUFFERED) {
        (void)scan_refuse_buffered(ci.progressive_mode ? "progressive JPEG image" : "multi-scan JPEG image",
                                   ci.image_width, ci.image_height, d);
        goto refuse;
    }
    ci.out_color_space = JCS_GRAYSCALE;
    /* The fast integer IDCT costs less on a large photo, where noise and blur
     * dominate its error anyway; on a small picture (at most DPP_SCAN_FIRST
     * pixels, cheap to decode either way) its ringing can cost a fine QR code
     * (a clean 4 px-per-module label at quality 80 is lost), so use the
     * accurate one there. */
    ci.dct_method =
        (uint64_t)ci.image_width * ci.image_height > DPP_SCAN_FIRST ? JDCT_IFAST : JDCT_ISLOW;
    /* Largest N/8 scale whose output fits max (1/8 always fits
     * DPP_SCAN_MAX_DECODED, given DPP_SCAN_MAX_PIXELS). */
    for (num = 8; num > 1; num--) {
        uint64_t ow = ((uint64_t)ci.image_width * num + 7) / 8;
        uint64_t oh = ((uint64_t)ci.image_height * num + 7) / 8;
        if (ow * oh <= max) break;
    }
    ci.scale_num = num;
    ci.scale_denom = 8;
    jpeg_calc_output_dimensions(&ci);
    if (ci.output_components != 1 || (uint64_t)ci.output_width * ci.output_height > DPP_SCAN_MAX_DECODED) {
        (void)scan_fail(d, DPP_ERR_IMAGE_FORMAT, SIZE_MAX, "JPEG image cannot be read as grayscale (%d components)",
                        ci.num_components);
        goto refuse;
    }
    (void)jpeg_start_decompress(&ci);
    c.buf = malloc((size_t)ci.output_width * ci.output_height);
    if (c.buf == NULL) {
        (void)scan_no_memory(d);
        goto refuse;
    }
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW row = c.buf + (size_t)ci.output_scanline * ci.output_width;
        if (jpeg_read_scanlines(&ci, &row, 1) != 1) {
            /* Only a suspending source returns 0 rows; the memory source never does. */
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable JPEG image: no data for row %u",
                            ci.output_scanline);
            goto refuse;
        }
    }
    p->gray = c.buf;
    c.buf = NULL;
    p->w = ci.output_width;
    p->h = ci.output_height;
    p->scaled = num < 8;
    p->orientation = orient;
    /* Not jpeg_finish_decompress(): every row is read; what follows the
     * image (a missing EOI, trailing bytes) does not matter. */
    jpeg_destroy_decompress(&ci);
    if (orient > 1 && scan_orient(p, orient) != 0) {
        free(p->gray);
        p->gray = NULL;
        return scan_no_memory(d);
    }
    return 0;
refuse:
    jpeg_destroy_decompress(&ci);
    free(c.buf);
    return -1;
}
