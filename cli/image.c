/* SPDX-License-Identifier: Apache-2.0 */
#include "image.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "util.h"

#ifdef DPP_CLI_HAVE_ZBAR
#include <jpeglib.h>
#include <png.h>
#include <zbar.h>

/* Caps on decoded pictures: a phone photo is ~12-50 Mpx. */
#define IMG_MAX_SIDE 20000u
#define IMG_MAX_PIXELS (100u * 1000u * 1000u)

static int check_dims(unsigned long w, unsigned long h, char *msg, size_t cap)
{
    if (w == 0 || h == 0 || w > IMG_MAX_SIDE || h > IMG_MAX_SIDE || w * h > IMG_MAX_PIXELS) {
        (void)snprintf(msg, cap, "image is %lux%lu pixels; the limit is %u per side and %u in all", w, h, IMG_MAX_SIDE,
                       IMG_MAX_PIXELS);
        return -1;
    }
    return 0;
}

static int png_gray(const uint8_t *data, size_t len, uint8_t **gray, unsigned *w, unsigned *h, char *msg, size_t cap)
{
    png_image img;
    png_color white = {255, 255, 255};
    uint8_t *buf;

    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len)) {
        (void)snprintf(msg, cap, "not a readable PNG image (%s)", img.message);
        return -1;
    }
    if (check_dims(img.width, img.height, msg, cap) != 0) {
        png_image_free(&img);
        return -1;
    }
    img.format = PNG_FORMAT_GRAY; /* alpha is composited onto white */
    buf = cli_xmalloc((size_t)img.width * img.height);
    if (!png_image_finish_read(&img, &white, buf, 0, NULL)) {
        (void)snprintf(msg, cap, "not a readable PNG image (%s)", img.message);
        free(buf);
        png_image_free(&img);
        return -1;
    }
    *gray = buf;
    *w = img.width;
    *h = img.height;
    return 0;
}

typedef struct jpeg_err {
    struct jpeg_error_mgr pub;
    jmp_buf jb;
    char msg[JMSG_LENGTH_MAX];
} jpeg_err;

static void jpeg_fail(j_common_ptr ci)
{
    jpeg_err *e = (jpeg_err *)(void *)ci->err;
    (*ci->err->format_message)(ci, e->msg);
    longjmp(e->jb, 1);
}

static void jpeg_quiet(j_common_ptr ci) { (void)ci; }

static int jpeg_gray(const uint8_t *data, size_t len, uint8_t **gray, unsigned *w, unsigned *h, char *msg, size_t cap)
{
    struct jpeg_decompress_struct ci;
    jpeg_err je;
    uint8_t *volatile buf = NULL;

    memset(&ci, 0, sizeof ci);
    memset(&je, 0, sizeof je);
    ci.err = jpeg_std_error(&je.pub);
    je.pub.error_exit = jpeg_fail;
    je.pub.output_message = jpeg_quiet;
    if (setjmp(je.jb) != 0) {
        (void)snprintf(msg, cap, "not a readable JPEG image (%s)", je.msg);
        jpeg_destroy_decompress(&ci);
        free(buf);
        return -1;
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, data, (unsigned long)len);
    (void)jpeg_read_header(&ci, TRUE);
    ci.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&ci);
    if (check_dims(ci.output_width, ci.output_height, msg, cap) != 0 || ci.output_components != 1) {
        if (ci.output_components != 1) (void)snprintf(msg, cap, "JPEG cannot be read as grayscale");
        jpeg_destroy_decompress(&ci);
        return -1;
    }
    buf = cli_xmalloc((size_t)ci.output_width * ci.output_height);
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW row = buf + (size_t)ci.output_scanline * ci.output_width;
        (void)jpeg_read_scanlines(&ci, &row, 1);
    }
    jpeg_finish_decompress(&ci);
    *w = ci.output_width;
    *h = ci.output_height;
    jpeg_destroy_decompress(&ci);
    *gray = buf;
    return 0;
}

int cli_image_gray(const uint8_t *data, size_t len, uint8_t **gray, unsigned *w, unsigned *h, char *msg, size_t cap)
{
    static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    *gray = NULL;
    *w = *h = 0;
    if (len >= 8 && memcmp(data, png_sig, 8) == 0) return png_gray(data, len, gray, w, h, msg, cap);
    if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
        return jpeg_gray(data, len, gray, w, h, msg, cap);
    (void)snprintf(msg, cap, "not a PNG or JPEG image");
    return -1;
}

/* Scans one grayscale picture; returns a malloc'd copy of the chosen
 * symbol's text, or NULL. */
static char *scan(const uint8_t *gray, unsigned w, unsigned h, size_t *len)
{
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_t *img = zbar_image_create();
    const zbar_symbol_t *s, *pick = NULL;
    char *out = NULL;

    if (sc == NULL || img == NULL) goto done;
    (void)zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    (void)zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, w, h);
    zbar_image_set_data(img, gray, (unsigned long)w * h, NULL);
    if (zbar_scan_image(sc, img) <= 0) goto done;
    for (s = zbar_image_first_symbol(img); s != NULL; s = zbar_symbol_next(s)) {
        if (zbar_symbol_get_type(s) != ZBAR_QRCODE) continue;
        if (pick == NULL) pick = s;
        if (strncmp(zbar_symbol_get_data(s), "DPP", 3) == 0) {
            pick = s;
            break;
        }
    }
    if (pick != NULL) {
        size_t n = zbar_symbol_get_data_length(pick);
        out = cli_xmalloc(n + 1);
        memcpy(out, zbar_symbol_get_data(pick), n);
        out[n] = '\0';
        *len = n;
    }
done:
    if (img != NULL) zbar_image_destroy(img);
    if (sc != NULL) zbar_image_scanner_destroy(sc);
    return out;
}

/* Halves a picture (2x2 box filter); zbar finds codes in large photos more
 * reliably at a moderate size. */
static uint8_t *halve(const uint8_t *g, unsigned w, unsigned h, unsigned *ow, unsigned *oh)
{
    unsigned nw = w / 2, nh = h / 2;
    uint8_t *o = cli_xmalloc((size_t)nw * nh);
    for (unsigned y = 0; y < nh; y++)
        for (unsigned x = 0; x < nw; x++) {
            const uint8_t *p = g + (size_t)(2 * y) * w + 2 * x;
            o[(size_t)y * nw + x] = (uint8_t)((p[0] + p[1] + p[w] + p[w + 1] + 2) / 4);
        }
    *ow = nw;
    *oh = nh;
    return o;
}

int cli_image_qr(const char *path, char **text, size_t *len)
{
    uint8_t *data = NULL, *gray = NULL;
    size_t n = 0;
    unsigned w = 0, h = 0;
    char msg[256];
    int rc = cli_read_file(path, CLI_MAX_IMAGE_FILE, &data, &n);

    *text = NULL;
    *len = 0;
    if (rc != CLI_EX_OK) return rc;
    if (cli_image_gray(data, n, &gray, &w, &h, msg, sizeof msg) != 0) {
        free(data);
        cli_err_at(path, 0, "%s", msg);
        return CLI_EX_NOINPUT;
    }
    free(data);
    *text = scan(gray, w, h, len);
    while (*text == NULL && w >= 400 && h >= 400) {
        unsigned nw, nh;
        uint8_t *half = halve(gray, w, h, &nw, &nh);
        free(gray);
        gray = half;
        w = nw;
        h = nh;
        *text = scan(gray, w, h, len);
    }
    free(gray);
    if (*text == NULL) {
        cli_err_at(path, 0, "no QR code found in the image");
        return CLI_EX_NOINPUT;
    }
    *len = cli_trim(*text, *len);
    return CLI_EX_OK;
}

#else /* !DPP_CLI_HAVE_ZBAR */

int cli_image_gray(const uint8_t *data, size_t len, uint8_t **gray, unsigned *w, unsigned *h, char *msg, size_t cap)
{
    (void)data;
    (void)len;
    *gray = NULL;
    *w = *h = 0;
    (void)snprintf(msg, cap, "this dpp was built without image support (libzbar, libpng, libjpeg)");
    return -1;
}

int cli_image_qr(const char *path, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    cli_err_at(path, 0, "this dpp was built without image support (libzbar, libpng, libjpeg)");
    return CLI_EX_SOFTWARE;
}

#endif
