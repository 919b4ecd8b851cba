/* libdpp_scan (libdpp/scan): every picture format decodes (the small
 * pictures of fuzz/corpus/image, checked against an independent decoder's
 * size and mean gray), bad pictures get their own error code and a message
 * naming the limit or offset, and QR codes drawn into pictures made here
 * (8-bit BMP) are read: a passport, light on dark, a URL, two passports,
 * a passport beside a URL, no code at all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dpp/dpp.h"
#include "dpp/dpp_scan.h"

/* Passport texts as the scanner sees them (it tells passports apart by
 * their form; dpp_verify() checks them afterwards). */
#define PASSPORT_A "DPP1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEPWK G2EP4J0B3KD"
#define PASSPORT_B "DPP1:NCFOXN%TS3DH0YOJ58S S-O5B+O30K3/XIV0W23NTDEPWK G2EP4J0B3KD"
#define SHOP_URL "https://shop.example.com/products/4012345000016"

static uint8_t *read_all(const char *rel, size_t *len)
{
    char path[1024];
    FILE *f;
    uint8_t *buf;
    long n;
    (void)snprintf(path, sizeof path, "%s/%s", DPP_SOURCE_DIR, rel);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* ---- pictures made here: 8-bit gray BMP ---- */

typedef struct canvas {
    unsigned w, h;
    uint8_t *px; /* top-down rows */
} canvas;

static canvas canvas_new(unsigned w, unsigned h, uint8_t fill)
{
    canvas c = {w, h, malloc((size_t)w * h)};
    assert_non_null(c.px);
    memset(c.px, fill, (size_t)w * h);
    return c;
}

/* Draws text's QR code with its top left corner at (x0, y0), m px per module. */
static void draw_qr(canvas *c, const char *text, unsigned x0, unsigned y0, unsigned m, uint8_t dark)
{
    dpp_qr qr;
    assert_int_equal(dpp_qr_encode(text, strlen(text), DPP_ECC_M, &qr, NULL), DPP_OK);
    assert_true(x0 + (unsigned)qr.size * m <= c->w && y0 + (unsigned)qr.size * m <= c->h);
    for (int y = 0; y < qr.size; y++)
        for (int x = 0; x < qr.size; x++)
            if (dpp_qr_module(&qr, x, y))
                for (unsigned dy = 0; dy < m; dy++)
                    memset(c->px + (size_t)(y0 + (unsigned)y * m + dy) * c->w + x0 + (unsigned)x * m, dark, m);
}

static void put_le(uint8_t *p, uint32_t v, int n)
{
    for (int i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* The canvas as an uncompressed 8-bit BMP with a gray palette. */
static uint8_t *to_bmp(const canvas *c, size_t *len)
{
    uint32_t stride = (c->w + 3u) & ~3u, off = 14 + 40 + 256 * 4;
    size_t n = off + (size_t)stride * c->h;
    uint8_t *b = calloc(1, n);
    assert_non_null(b);
    b[0] = 'B';
    b[1] = 'M';
    put_le(b + 2, (uint32_t)n, 4);
    put_le(b + 10, off, 4);
    put_le(b + 14, 40, 4);
    put_le(b + 18, c->w, 4);
    put_le(b + 22, c->h, 4); /* bottom-up */
    put_le(b + 26, 1, 2);
    put_le(b + 28, 8, 2);
    put_le(b + 46, 256, 4);
    for (unsigned i = 0; i < 256; i++) memset(b + 54 + 4 * i, (int)i, 3);
    for (unsigned y = 0; y < c->h; y++)
        memcpy(b + off + (size_t)(c->h - 1 - y) * stride, c->px + (size_t)y * c->w, c->w);
    *len = n;
    return b;
}

static dpp_err scan_canvas(canvas *c, dpp_scan_result *r, dpp_diag *d)
{
    size_t n;
    uint8_t *bmp = to_bmp(c, &n);
    dpp_err e = dpp_scan_image(bmp, n, r, d);
    free(bmp);
    free(c->px);
    c->px = NULL;
    return e;
}

/* ---- decoding ---- */

typedef struct sample {
    const char *file;
    unsigned w, h;
    double mean; /* Pillow's gray mean (Rec. 601), alpha composited onto white */
    double tol;
} sample;

static const sample k_samples[] = {
    {"gray.png", 9, 7, 127.50, 1.0}, /* 16-bit (ImageMagick's mean) */
    {"gray16.png", 9, 7, 127.50, 1.0},
    {"gray-alpha.png", 9, 7, 190.24, 2.0},
    {"rgba.png", 9, 7, 169.99, 1.5},          /* gAMA chunk: libpng mixes Rec. 709 in linear light */
    {"palette-trns.png", 9, 7, 209.85, 1.5},  /* gAMA chunk, as rgba.png */
    {"rgb-interlaced.png", 9, 7, 85.67, 1.5}, /* gAMA chunk, as rgba.png */
    {"gray-baseline.jpg", 8, 8, 127.0, 1.0},
    {"gray-progressive.jpg", 8, 8, 127.0, 1.0},
    {"color-420.jpg", 16, 16, 52.81, 2.0},
    {"color-progressive.jpg", 16, 16, 52.81, 2.0},
    {"exif-orientation-6.jpg", 24, 16, 203.95, 3.0}, /* stored 16x24, turned by the EXIF orientation */
    {"color-24.bmp", 24, 16, 205.90, 1.0},
    {"palette-8.bmp", 24, 16, 205.90, 1.0},
    {"gray.webp", 24, 16, 205.29, 2.0},
    {"gray-lossless.webp", 24, 16, 205.90, 1.0},
    {"gray.tif", 24, 16, 205.90, 1.0},
    {"color-lzw.tif", 24, 16, 205.90, 1.0},
    {"gray.gif", 24, 16, 205.90, 1.0},
    {"gray.heic", 24, 16, 205.90, 6.0},
};

static void every_format_decodes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof k_samples / sizeof k_samples[0]; i++) {
        const sample *s = &k_samples[i];
        char rel[256];
        size_t len;
        uint8_t *data, *g = NULL;
        unsigned w = 0, h = 0;
        dpp_diag d;
        dpp_err e;
        (void)snprintf(rel, sizeof rel, "fuzz/corpus/image/%s", s->file);
        data = read_all(rel, &len);
        e = dpp_scan_gray(data, len, 0, &g, &w, &h, &d);
        if (e == DPP_ERR_IMAGE_FORMAT && strstr(d.msg, "built without") != NULL) {
            print_message("skipped %s: %s\n", s->file, d.msg); /* optional format not built */
            free(data);
            continue;
        }
        if (e != DPP_OK) print_message("%s: %s\n", s->file, d.msg);
        assert_int_equal(e, DPP_OK);
        assert_int_equal(d.err, DPP_OK);
        assert_string_equal(d.msg, "");
        assert_int_equal(w, s->w);
        assert_int_equal(h, s->h);
        {
            double sum = 0;
            for (size_t k = 0; k < (size_t)w * h; k++) sum += g[k];
            sum /= (double)w * h;
            if (sum < s->mean - s->tol || sum > s->mean + s->tol) print_message("%s: mean %.2f\n", s->file, sum);
            assert_true(sum >= s->mean - s->tol && sum <= s->mean + s->tol);
        }
        free(g);
        free(data);
    }
}

/* A large picture comes out at most max_pixels (the reduced scale). */
static void large_pictures_are_scaled_down(void **state)
{
    canvas c = canvas_new(1200, 900, 255);
    size_t n;
    uint8_t *bmp, *g = NULL;
    unsigned w = 0, h = 0;
    (void)state;
    draw_qr(&c, PASSPORT_A, 100, 100, 8, 0);
    bmp = to_bmp(&c, &n);
    assert_int_equal(dpp_scan_gray(bmp, n, 300000, &g, &w, &h, NULL), DPP_OK);
    assert_true((uint64_t)w * h <= 300000);
    assert_int_equal(w, 600); /* factor 2 */
    assert_int_equal(h, 450);
    assert_int_equal(g[(size_t)20 * w + 20], 255); /* outside the code */
    assert_int_equal(g[(size_t)52 * w + 52], 0);   /* a finder pattern's corner */
    free(g);
    assert_int_equal(dpp_scan_gray(bmp, n, 0, &g, &w, &h, NULL), DPP_OK);
    assert_int_equal(w, 1200);
    assert_int_equal(h, 900);
    free(g);
    free(bmp);
    free(c.px);
}

static void expect_error(const uint8_t *data, size_t len, dpp_err want, const char *msg_part, size_t offset)
{
    uint8_t *g = (uint8_t *)"x";
    unsigned w = 5, h = 5;
    dpp_diag d;
    dpp_scan_result r;
    dpp_err e = dpp_scan_gray(data, len, 0, &g, &w, &h, &d);
    if (e != want || strstr(d.msg, msg_part) == NULL) print_message("got %s: %s\n", dpp_err_name(e), d.msg);
    assert_int_equal(e, want);
    assert_int_equal(d.err, want);
    assert_non_null(strstr(d.msg, msg_part));
    assert_int_equal(d.offset, offset);
    assert_null(g);
    assert_int_equal(w, 0);
    assert_int_equal(h, 0);
    /* dpp_scan_image() says the same */
    e = dpp_scan_image(data, len, &r, &d);
    assert_int_equal(e, want);
    assert_null(r.text);
    assert_non_null(strstr(d.msg, msg_part));
    assert_non_null(strstr(r.note, msg_part));
    dpp_scan_result_free(&r);
}

static void bad_pictures_have_their_own_codes(void **state)
{
    size_t len;
    uint8_t *data;
    (void)state;
    /* unknown format */
    expect_error((const uint8_t *)"hello, world", 12, DPP_ERR_IMAGE_FORMAT,
                 "not a supported image (PNG, JPEG, WebP, TIFF, BMP, GIF or HEIF/HEIC)", SIZE_MAX);
    expect_error((const uint8_t *)"", 0, DPP_ERR_IMAGE_FORMAT, "not a supported image", SIZE_MAX);
    /* declared size over the limits, before anything is decoded */
    data = read_all("fuzz/corpus/image/huge-30000x30000.png", &len);
    expect_error(data, len, DPP_ERR_IMAGE_TOO_LARGE,
                 "PNG image is 30000x30000 pixels; the limit is 20000 pixels per side and 200 megapixels in all",
                 SIZE_MAX);
    free(data);
    data = read_all("fuzz/corpus/image/huge-30000x30000-progressive.jpg", &len);
    expect_error(data, len, DPP_ERR_IMAGE_TOO_LARGE, "JPEG image is 30000x30000 pixels", SIZE_MAX);
    free(data);
    /* truncated: the message and the offset say where the data ends */
    data = read_all("fuzz/corpus/image/truncated.png", &len);
    expect_error(data, len, DPP_ERR_IMAGE_CORRUPT, "not a readable PNG image: truncated", len);
    free(data);
    data = read_all("fuzz/corpus/image/palette-8.bmp", &len);
    {
        char want[160];
        (void)snprintf(want, sizeof want,
                       "not a readable BMP image: truncated (the file ends at byte %zu; the pixels end at byte %zu)",
                       len - 100, len);
        expect_error(data, len - 100, DPP_ERR_IMAGE_CORRUPT, want, len - 100);
    }
    free(data);
    data = read_all("fuzz/corpus/image/gray-baseline.jpg", &len);
    expect_error(data, len / 2, DPP_ERR_IMAGE_CORRUPT, "not a readable JPEG image: truncated (the file ends at byte",
                 len / 2);
    free(data);
    /* an unsupported variant of a format read */
    {
        canvas c = canvas_new(8, 8, 255);
        size_t n;
        uint8_t *bmp = to_bmp(&c, &n);
        put_le(bmp + 30, 1, 4); /* RLE8 */
        expect_error(bmp, n, DPP_ERR_IMAGE_FORMAT, "BMP image: compression 1 is not supported", SIZE_MAX);
        free(bmp);
        free(c.px);
    }
}

static void null_arguments(void **state)
{
    dpp_scan_result r;
    dpp_diag d;
    uint8_t *g;
    unsigned w, h;
    (void)state;
    assert_int_equal(dpp_scan_image(NULL, 5, &r, &d), DPP_ERR_INVALID_ARG);
    assert_null(r.text);
    assert_int_equal(dpp_scan_image((const uint8_t *)"BM", 2, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_scan_gray((const uint8_t *)"BM", 2, 0, &g, NULL, &h, &d), DPP_ERR_INVALID_ARG);
    assert_null(g);
    assert_int_equal(dpp_scan_gray(NULL, 3, 0, &g, &w, &h, NULL), DPP_ERR_INVALID_ARG);
    dpp_scan_result_free(NULL);
}

/* ---- scanning ---- */

static void passport_in_a_picture(void **state)
{
    canvas c = canvas_new(600, 500, 250);
    dpp_scan_result r;
    dpp_diag d;
    (void)state;
    draw_qr(&c, PASSPORT_A "\r\n", 150, 120, 4, 20);
    assert_int_equal(scan_canvas(&c, &r, &d), DPP_OK);
    assert_int_equal(d.err, DPP_OK);
    assert_string_equal(r.text, PASSPORT_A); /* white space after it removed */
    assert_int_equal(r.len, strlen(PASSPORT_A));
    assert_int_equal(r.codes, 1);
    assert_string_equal(r.note, "");
    assert_int_equal(r.width, 600);
    assert_int_equal(r.height, 500);
    assert_int_equal(r.orientation, 1);
    assert_true(strncmp(r.how, "ZXing", 5) == 0 || strcmp(r.how, "zbar") == 0);
    dpp_scan_result_free(&r);
    assert_null(r.text);
}

static void light_on_dark_code(void **state)
{
    canvas c = canvas_new(600, 500, 10);
    dpp_scan_result r;
    (void)state;
    draw_qr(&c, PASSPORT_B, 150, 120, 4, 240);
    assert_int_equal(scan_canvas(&c, &r, NULL), DPP_OK);
    assert_string_equal(r.text, PASSPORT_B);
    dpp_scan_result_free(&r);
}

static void no_code(void **state)
{
    canvas c = canvas_new(300, 200, 200);
    dpp_scan_result r;
    dpp_diag d;
    (void)state;
    assert_int_equal(scan_canvas(&c, &r, &d), DPP_ERR_IMAGE_NO_CODE);
    assert_string_equal(d.msg, "no QR code found in the image");
    assert_string_equal(r.note, "no QR code found in the image");
    assert_int_equal(r.codes, 0);
    assert_null(r.text);
}

static void code_that_holds_a_url(void **state)
{
    canvas c = canvas_new(500, 400, 255);
    dpp_scan_result r;
    dpp_diag d;
    (void)state;
    draw_qr(&c, SHOP_URL, 100, 80, 4, 0);
    assert_int_equal(scan_canvas(&c, &r, &d), DPP_ERR_IMAGE_NOT_PASSPORT);
    assert_string_equal(d.msg, "the QR code holds a URL that is not a passport link: " SHOP_URL);
    assert_int_equal(r.codes, 1);
    assert_null(r.text);
}

/* Text quoted in a message never carries terminal or bidi controls. */
static void quoted_text_is_escaped(void **state)
{
    canvas c = canvas_new(500, 400, 255);
    dpp_scan_result r;
    dpp_diag d;
    (void)state;
    draw_qr(&c,
            "Lot 7 \xe2\x80\xae"
            "evil \xc2\x9b"
            "2J",
            100, 80, 4, 0);
    assert_int_equal(scan_canvas(&c, &r, &d), DPP_ERR_IMAGE_NOT_PASSPORT);
    assert_string_equal(d.msg, "the QR code holds text that is not a passport: \"Lot 7 \\u202eevil \\u009b2J\"");
}

static void two_different_passports(void **state)
{
    canvas c = canvas_new(900, 400, 255);
    dpp_scan_result r;
    dpp_diag d;
    (void)state;
    draw_qr(&c, PASSPORT_A, 40, 80, 4, 0);
    draw_qr(&c, PASSPORT_B, 560, 80, 4, 0);
    assert_int_equal(scan_canvas(&c, &r, &d), DPP_ERR_IMAGE_AMBIGUOUS);
    assert_non_null(strstr(d.msg, "the image holds 2 different passports (QR codes at the "));
    assert_non_null(strstr(d.msg, "photograph or crop one label at a time"));
    assert_non_null(strstr(d.msg, "left"));
    assert_non_null(strstr(d.msg, "right"));
    assert_null(r.text);
}

static void passport_beside_a_url(void **state)
{
    canvas c = canvas_new(900, 400, 255);
    dpp_scan_result r;
    (void)state;
    draw_qr(&c, SHOP_URL, 40, 80, 4, 0);
    draw_qr(&c, PASSPORT_A, 560, 80, 4, 0);
    assert_int_equal(scan_canvas(&c, &r, NULL), DPP_OK);
    assert_string_equal(r.text, PASSPORT_A);
    assert_int_equal(r.codes, 2);
    assert_string_equal(r.note, "2 QR codes found; using the passport at the right of the picture (another, at the "
                                "left, holds a URL that is not a passport link: " SHOP_URL ")");
    dpp_scan_result_free(&r);
}

static void error_codes_are_in_the_image_range(void **state)
{
    (void)state;
    assert_true(dpp_err_is_image(DPP_ERR_IMAGE_FORMAT));
    assert_true(dpp_err_is_image(DPP_ERR_IMAGE_AMBIGUOUS));
    assert_string_equal(dpp_err_name(DPP_ERR_IMAGE_NO_CODE), "DPP_ERR_IMAGE_NO_CODE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_format_decodes),
        cmocka_unit_test(large_pictures_are_scaled_down),
        cmocka_unit_test(bad_pictures_have_their_own_codes),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(passport_in_a_picture),
        cmocka_unit_test(light_on_dark_code),
        cmocka_unit_test(no_code),
        cmocka_unit_test(code_that_holds_a_url),
        cmocka_unit_test(quoted_text_is_escaped),
        cmocka_unit_test(two_different_passports),
        cmocka_unit_test(passport_beside_a_url),
        cmocka_unit_test(error_codes_are_in_the_image_range),
    };
    return cmocka_run_group_tests_name("dpp_scan", tests, NULL, NULL);
}
