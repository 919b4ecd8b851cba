/* SPDX-License-Identifier: Apache-2.0 */
/* QR symbols and their renderings: version choice, capacity limits, mask
 * reporting, module reads, SVG, PNG (decoded back with zbarimg) and terminal
 * text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <qrcodegen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dpp/dpp_base45.h"
#include "dpp/dpp_qr.h"

static const char k_alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* n characters of the QR alphanumeric set, never all digits. */
static char *alnum_text(size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        s[i] = k_alnum[(i * 7 + 10) % 45];
    }
    s[n] = '\0';
    return s;
}

static char *byte_text(size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        s[i] = (char)('a' + i % 26);
    }
    s[n] = '\0';
    return s;
}

/* "DPP1:" + Base45 of n pseudo-random bytes: what the encoder produces. */
static char *dpp_text(size_t nbytes, uint32_t seed, size_t *len)
{
    uint8_t *raw = malloc(nbytes);
    size_t b45len = 0;
    char *s = malloc(5 + DPP_BASE45_ENCODED_LEN(nbytes) + 1);
    uint32_t x = seed;
    assert_non_null(raw);
    assert_non_null(s);
    for (size_t i = 0; i < nbytes; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        raw[i] = (uint8_t)(x >> 24);
    }
    memcpy(s, "DPP1:", 5);
    assert_int_equal(dpp_base45_encode(raw, nbytes, s + 5, DPP_BASE45_ENCODED_LEN(nbytes), &b45len), DPP_OK);
    s[5 + b45len] = '\0';
    *len = 5 + b45len;
    free(raw);
    return s;
}

static void expect_version(size_t n, dpp_ecc ecc, int version)
{
    char *s = alnum_text(n);
    dpp_qr *qr = malloc(sizeof *qr);
    dpp_diag diag;
    assert_non_null(qr);
    assert_int_equal(dpp_qr_encode(s, n, ecc, qr, &diag), DPP_OK);
    assert_int_equal(qr->version, version);
    assert_int_equal(qr->size, 4 * version + 17);
    assert_int_equal(qr->ecc, ecc);
    assert_in_range(qr->mask, 0, 7);
    assert_int_equal(diag.err, DPP_OK);
    assert_string_equal(diag.msg, "");
    free(qr);
    free(s);
}

/* Alphanumeric capacities at ECC M (ISO/IEC 18004 table 7). */
static void version_selection_ecc_m(void **state)
{
    static const struct {
        int version;
        size_t cap;
    } table[] = {{10, 311}, {11, 366}, {12, 419}, {13, 483}, {14, 528}, {15, 600}};
    (void)state;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        expect_version(table[i].cap, DPP_ECC_M, table[i].version);
        expect_version(table[i].cap + 1, DPP_ECC_M, table[i].version + 1);
    }
    expect_version(1, DPP_ECC_M, 1);
    expect_version(20, DPP_ECC_M, 1);   /* 1-M holds 20 */
    expect_version(21, DPP_ECC_M, 2);
    expect_version(25, DPP_ECC_L, 1);   /* 1-L holds 25 */
    expect_version(10, DPP_ECC_H, 1);   /* 1-H holds 10 */
    expect_version(11, DPP_ECC_H, 2);
}

/* Exactly the version-40 capacity encodes; one more is DPP_ERR_QR_CAPACITY. */
static void capacity_limits_per_ecc(void **state)
{
    static const struct {
        dpp_ecc ecc;
        const char *name;
        size_t alnum;
        size_t bytes;
    } table[] = {{DPP_ECC_L, "L", 4296, 2953},
                 {DPP_ECC_M, "M", 3391, 2331},
                 {DPP_ECC_Q, "Q", 2420, 1663},
                 {DPP_ECC_H, "H", 1852, 1273}};
    dpp_qr *qr = malloc(sizeof *qr);
    char want[160];
    (void)state;
    assert_non_null(qr);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        dpp_diag diag;
        char *a = alnum_text(table[i].alnum + 1);
        char *b = byte_text(table[i].bytes + 1);

        assert_int_equal(dpp_qr_encode(a, table[i].alnum, table[i].ecc, qr, NULL), DPP_OK);
        assert_int_equal(qr->version, 40);
        assert_int_equal(qr->size, 177);
        assert_int_equal(qr->ecc, table[i].ecc);
        assert_int_equal(dpp_qr_encode(a, table[i].alnum + 1, table[i].ecc, qr, &diag), DPP_ERR_QR_CAPACITY);
        assert_int_equal(diag.err, DPP_ERR_QR_CAPACITY);
        snprintf(want, sizeof want, "text is %zu characters; QR version 40 at ECC %s holds at most %zu",
                 table[i].alnum + 1, table[i].name, table[i].alnum);
        assert_non_null(strstr(diag.msg, want));
        assert_non_null(strstr(diag.msg, "alphanumeric"));
        assert_int_equal(qr->version, 0); /* output zeroed on failure */
        assert_int_equal(qr->size, 0);

        assert_int_equal(dpp_qr_encode(b, table[i].bytes, table[i].ecc, qr, NULL), DPP_OK);
        assert_int_equal(qr->version, 40);
        assert_int_equal(dpp_qr_encode(b, table[i].bytes + 1, table[i].ecc, qr, &diag), DPP_ERR_QR_CAPACITY);
        snprintf(want, sizeof want, "text is %zu characters; QR version 40 at ECC %s holds at most %zu",
                 table[i].bytes + 1, table[i].name, table[i].bytes);
        assert_non_null(strstr(diag.msg, want));
        assert_non_null(strstr(diag.msg, "byte"));
        free(a);
        free(b);
    }
    free(qr);
}

static void capacity_huge_length(void **state)
{
    char *a = alnum_text(5000);
    dpp_qr *qr = malloc(sizeof *qr);
    dpp_diag diag;
    (void)state;
    assert_non_null(qr);
    assert_int_equal(dpp_qr_encode(a, 4297, DPP_ECC_L, qr, &diag), DPP_ERR_QR_CAPACITY);
    assert_non_null(strstr(diag.msg, "text is 4297 characters; QR version 40 at ECC L holds at most 4296"));
    assert_int_equal(dpp_qr_encode(a, 5000, DPP_ECC_M, qr, &diag), DPP_ERR_QR_CAPACITY);
    assert_non_null(strstr(diag.msg, "text is 5000 characters; QR version 40 at ECC M holds at most 3391"));
    /* a length beyond every capacity is refused without reading the text */
    assert_int_equal(dpp_qr_encode("abc", SIZE_MAX, DPP_ECC_H, qr, &diag), DPP_ERR_QR_CAPACITY);
    assert_non_null(strstr(diag.msg, "at ECC H holds at most 1852"));
    assert_int_equal(qr->version, 0);
    free(a);
    free(qr);
}

/* Compare every module with what QR-Code-generator draws for the same request. */
static void assert_same_symbol(const dpp_qr *qr, const uint8_t *ref)
{
    assert_int_equal(qrcodegen_getSize(ref), qr->size);
    for (int y = 0; y < qr->size; y++) {
        for (int x = 0; x < qr->size; x++) {
            assert_int_equal(dpp_qr_module(qr, x, y), qrcodegen_getModule(ref, x, y) ? 1 : 0);
        }
    }
}

static bool same_modules(const dpp_qr *qr, const uint8_t *ref)
{
    for (int y = 0; y < qr->size; y++) {
        for (int x = 0; x < qr->size; x++) {
            if (dpp_qr_module(qr, x, y) != (qrcodegen_getModule(ref, x, y) ? 1 : 0)) {
                return false;
            }
        }
    }
    return true;
}

/* The recorded mask is the one in the symbol: re-encoding with that fixed
 * mask gives the same modules, any other mask does not. Many texts, so that
 * several different masks are exercised. */
static void mask_is_reported(void **state)
{
    uint8_t *temp = malloc(qrcodegen_BUFFER_LEN_MAX);
    uint8_t *ref = malloc(qrcodegen_BUFFER_LEN_MAX);
    dpp_qr *qr = malloc(sizeof *qr);
    unsigned seen = 0;
    (void)state;
    assert_non_null(temp);
    assert_non_null(ref);
    assert_non_null(qr);
    for (int t = 0; t < 48; t++) {
        char text[64];
        size_t n;
        dpp_ecc ecc = (dpp_ecc)(t % 4);
        snprintf(text, sizeof text, "DPP1:%d-MASK TEST %d", t * 7919, t);
        n = strlen(text);
        assert_int_equal(dpp_qr_encode(text, n, ecc, qr, NULL), DPP_OK);
        assert_int_equal(qr->ecc, ecc);
        seen |= 1u << qr->mask;
        for (int m = 0; m < 8; m++) {
            assert_true(qrcodegen_encodeText(text, temp, ref, (enum qrcodegen_Ecc)ecc, 1, 40,
                                             (enum qrcodegen_Mask)m, false));
            assert_int_equal(same_modules(qr, ref), m == qr->mask);
        }
    }
    assert_true(__builtin_popcount(seen) >= 5);
    free(temp);
    free(ref);
    free(qr);
}

/* Same symbol as QR-Code-generator's own alphanumeric and byte encoders
 * (smallest version, fixed ECC, automatic mask): the mode choice is right. */
static void modes_match_reference(void **state)
{
    uint8_t *temp = malloc(qrcodegen_BUFFER_LEN_MAX);
    uint8_t *ref = malloc(qrcodegen_BUFFER_LEN_MAX);
    dpp_qr *qr = malloc(sizeof *qr);
    char *a = alnum_text(483);
    char *b = byte_text(200);
    static const char with_nul[] = {'D', 'P', 'P', '\0', 'x'};
    (void)state;
    assert_non_null(temp);
    assert_non_null(ref);
    assert_non_null(qr);

    assert_int_equal(dpp_qr_encode(a, 483, DPP_ECC_M, qr, NULL), DPP_OK);
    assert_true(qrcodegen_encodeText(a, temp, ref, qrcodegen_Ecc_MEDIUM, 1, 40, qrcodegen_Mask_AUTO, false));
    assert_same_symbol(qr, ref);
    assert_int_equal(qr->version, 13);

    assert_int_equal(dpp_qr_encode(b, 200, DPP_ECC_Q, qr, NULL), DPP_OK);
    memcpy(temp, b, 200);
    assert_true(qrcodegen_encodeBinary(temp, 200, ref, qrcodegen_Ecc_QUARTILE, 1, 40, qrcodegen_Mask_AUTO, false));
    assert_same_symbol(qr, ref);

    /* one lower-case letter turns 483 characters into byte mode: version 17 at M */
    a[100] = 'a';
    assert_int_equal(dpp_qr_encode(a, 483, DPP_ECC_M, qr, NULL), DPP_OK);
    assert_int_equal(qr->version, 17);
    memcpy(temp, a, 483);
    assert_true(qrcodegen_encodeBinary(temp, 483, ref, qrcodegen_Ecc_MEDIUM, 1, 40, qrcodegen_Mask_AUTO, false));
    assert_same_symbol(qr, ref);

    /* bytes after a NUL are encoded too (byte mode) */
    assert_int_equal(dpp_qr_encode(with_nul, sizeof with_nul, DPP_ECC_L, qr, NULL), DPP_OK);
    memcpy(temp, with_nul, sizeof with_nul);
    assert_true(qrcodegen_encodeBinary(temp, sizeof with_nul, ref, qrcodegen_Ecc_LOW, 1, 40, qrcodegen_Mask_AUTO,
                                       false));
    assert_same_symbol(qr, ref);

    /* the caller's text is not modified */
    assert_int_equal(b[0], 'a');
    assert_int_equal(b[199], 'a' + 199 % 26);
    free(a);
    free(b);
    free(temp);
    free(ref);
    free(qr);
}

static void encode_invalid_arguments(void **state)
{
    dpp_qr *qr = malloc(sizeof *qr);
    dpp_diag diag;
    (void)state;
    assert_non_null(qr);
    memset(qr, 0x5A, sizeof *qr);
    assert_int_equal(dpp_qr_encode(NULL, 3, DPP_ECC_M, qr, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(diag.err, DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(diag.msg, "text is NULL"));
    assert_int_equal(qr->version, 0); /* zeroed on entry */
    assert_int_equal(qr->modules[0], 0);
    assert_int_equal(dpp_qr_encode("ABC", 3, DPP_ECC_M, NULL, &diag), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(diag.msg, "out is NULL"));
    assert_int_equal(dpp_qr_encode("ABC", 3, (dpp_ecc)4, qr, &diag), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(diag.msg, "ecc 4"));
    assert_int_equal(dpp_qr_encode("ABC", 3, (dpp_ecc)-1, qr, &diag), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(diag.msg, "ecc -1"));
    /* empty text is refused: a passport text is never empty */
    assert_int_equal(dpp_qr_encode("", 0, DPP_ECC_M, qr, &diag), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(diag.msg, "text is empty"));
    assert_int_equal(qr->version, 0);
    assert_int_equal(dpp_qr_encode(NULL, 0, DPP_ECC_M, qr, NULL), DPP_ERR_INVALID_ARG);
    free(qr);
}

static void module_reads(void **state)
{
    dpp_qr *qr = malloc(sizeof *qr);
    dpp_qr *bad = malloc(sizeof *bad);
    int s;
    (void)state;
    assert_non_null(qr);
    assert_non_null(bad);
    assert_int_equal(dpp_qr_encode("DPP1:BB8", 8, DPP_ECC_M, qr, NULL), DPP_OK);
    assert_int_equal(qr->version, 1);
    s = qr->size;
    /* the three finder patterns: dark ring, light ring, dark 3x3 core, light separator */
    static const int corners[3][2] = {{0, 0}, {14, 0}, {0, 14}};
    for (int c = 0; c < 3; c++) {
        int ox = corners[c][0];
        int oy = corners[c][1];
        for (int dy = -1; dy <= 7; dy++) {
            for (int dx = -1; dx <= 7; dx++) {
                int x = ox + dx;
                int y = oy + dy;
                int ring = dx < 0 || dy < 0 || dx > 6 || dy > 6
                               ? -1
                               : (abs(dx - 3) > abs(dy - 3) ? abs(dx - 3) : abs(dy - 3));
                if (x < 0 || y < 0 || x >= s || y >= s) {
                    continue;
                }
                assert_int_equal(dpp_qr_module(qr, x, y), ring == 3 || (ring >= 0 && ring <= 1) ? 1 : 0);
            }
        }
    }
    /* timing patterns and the always-dark module */
    for (int i = 8; i < s - 8; i++) {
        assert_int_equal(dpp_qr_module(qr, i, 6), i % 2 == 0);
        assert_int_equal(dpp_qr_module(qr, 6, i), i % 2 == 0);
    }
    assert_int_equal(dpp_qr_module(qr, 8, s - 8), 1);
    /* outside the symbol: light */
    assert_int_equal(dpp_qr_module(qr, -1, 0), 0);
    assert_int_equal(dpp_qr_module(qr, 0, -1), 0);
    assert_int_equal(dpp_qr_module(qr, s, 0), 0);
    assert_int_equal(dpp_qr_module(qr, 0, s), 0);
    assert_int_equal(dpp_qr_module(qr, 1 << 30, 1 << 30), 0);
    assert_int_equal(dpp_qr_module(NULL, 0, 0), 0);
    /* a dpp_qr that is not self-consistent reads as all light */
    memcpy(bad, qr, sizeof *bad);
    bad->version = 2;
    assert_int_equal(dpp_qr_module(bad, 0, 0), 0);
    memcpy(bad, qr, sizeof *bad);
    bad->size = 25;
    assert_int_equal(dpp_qr_module(bad, 0, 0), 0);
    memcpy(bad, qr, sizeof *bad);
    bad->modules[0] = 25;
    assert_int_equal(dpp_qr_module(bad, 0, 0), 0);
    memset(bad, 0, sizeof *bad);
    assert_int_equal(dpp_qr_module(bad, 0, 0), 0);
    free(qr);
    free(bad);
}

/* ---- SVG ---- */

static dpp_qr *encode_or_fail(const char *text, dpp_ecc ecc)
{
    dpp_qr *qr = malloc(sizeof *qr);
    assert_non_null(qr);
    assert_int_equal(dpp_qr_encode(text, strlen(text), ecc, qr, NULL), DPP_OK);
    return qr;
}

static char *svg_of(const dpp_qr *qr, int px, int border, size_t *len)
{
    size_t need = 0;
    char *svg;
    assert_int_equal(dpp_qr_to_svg(qr, px, border, NULL, 0, &need), DPP_OK);
    svg = malloc(need + 1);
    assert_non_null(svg);
    assert_int_equal(dpp_qr_to_svg(qr, px, border, svg, need + 1, len), DPP_OK);
    assert_int_equal(*len, need);
    assert_int_equal(strlen(svg), need);
    return svg;
}

/* Rebuilds the module grid from the path's "Mx yhWvPh-Wz" rectangles. */
static void check_svg_path(const char *svg, const dpp_qr *qr, int px, int border)
{
    int n = qr->size + 2 * border;
    unsigned char *grid = calloc((size_t)(n * n), 1);
    const char *d = strstr(svg, " d=\"");
    assert_non_null(grid);
    assert_non_null(d);
    d += 4;
    while (*d != '"') {
        int x, y, w, h, w2, used = 0;
        assert_int_equal(sscanf(d, "M%d %dh%dv%dh-%dz%n", &x, &y, &w, &h, &w2, &used), 5);
        assert_true(used > 0);
        assert_int_equal(h, px);
        assert_int_equal(w2, w);
        assert_int_equal(x % px, 0);
        assert_int_equal(y % px, 0);
        assert_int_equal(w % px, 0);
        for (int i = 0; i < w / px; i++) {
            size_t at = (size_t)(y / px * n + x / px + i);
            assert_true(at < (size_t)(n * n));
            assert_int_equal(grid[at], 0); /* no overlaps */
            grid[at] = 1;
        }
        d += used;
    }
    for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
            assert_int_equal(grid[y * n + x], dpp_qr_module(qr, x - border, y - border));
        }
    }
    free(grid);
}

static size_t count_of(const char *s, const char *sub)
{
    size_t c = 0;
    for (const char *p = strstr(s, sub); p != NULL; p = strstr(p + 1, sub)) {
        c++;
    }
    return c;
}

static void svg_document(void **state)
{
    dpp_qr *qr = encode_or_fail("DPP1:BB8", DPP_ECC_M);
    size_t len = 0;
    char *svg = svg_of(qr, 4, 4, &len);
    (void)state;
    assert_int_equal(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39), 0);
    assert_non_null(strstr(svg, "viewBox=\"0 0 116 116\"")); /* (21 + 2*4) * 4 */
    assert_non_null(strstr(svg, "width=\"116\" height=\"116\""));
    assert_non_null(strstr(svg, "shape-rendering=\"crispEdges\""));
    assert_non_null(strstr(svg, "<rect x=\"0\" y=\"0\" width=\"116\" height=\"116\" fill=\"#FFFFFF\"/>"));
    assert_int_equal(count_of(svg, "<path"), 1);
    assert_int_equal(count_of(svg, "<"), 4); /* svg, rect, path, /svg */
    assert_int_equal(count_of(svg, ">"), 4);
    assert_int_equal(count_of(svg, "/>"), 2);
    assert_int_equal(strcmp(svg + len - 7, "</svg>\n"), 0);
    check_svg_path(svg, qr, 4, 4);
    free(svg);

    /* other scales and borders, and a large symbol */
    svg = svg_of(qr, 1, 0, &len);
    assert_non_null(strstr(svg, "viewBox=\"0 0 21 21\""));
    check_svg_path(svg, qr, 1, 0);
    free(svg);
    free(qr);
    {
        char *a = alnum_text(4296);
        dpp_qr *big = malloc(sizeof *big);
        assert_non_null(big);
        assert_int_equal(dpp_qr_encode(a, 4296, DPP_ECC_L, big, NULL), DPP_OK);
        assert_int_equal(big->version, 40);
        svg = svg_of(big, 64, 16, &len);
        assert_non_null(strstr(svg, "viewBox=\"0 0 13376 13376\"")); /* the largest: (177+32)*64 */
        check_svg_path(svg, big, 64, 16);
        free(svg);
        free(big);
        free(a);
    }
}

static void svg_buffer_and_arguments(void **state)
{
    dpp_qr *qr = encode_or_fail("DPP1:BB8", DPP_ECC_M);
    size_t need = 0;
    size_t len = 99;
    char *buf;
    (void)state;
    assert_int_equal(dpp_qr_to_svg(qr, 4, 4, NULL, 0, &need), DPP_OK);
    buf = malloc(need + 1);
    assert_non_null(buf);
    memset(buf, 'q', need + 1);
    /* out_cap must include the NUL */
    assert_int_equal(dpp_qr_to_svg(qr, 4, 4, buf, need, &len), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[need], 'q'); /* nothing past out_cap */
    assert_int_equal(dpp_qr_to_svg(qr, 4, 4, buf, 1, &len), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(dpp_qr_to_svg(qr, 4, 4, buf, 0, &len), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(dpp_qr_to_svg(qr, 4, 4, buf, need + 1, &len), DPP_OK);
    assert_int_equal(len, need);

    len = 99;
    assert_int_equal(dpp_qr_to_svg(qr, 0, 4, buf, need + 1, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(dpp_qr_to_svg(qr, 65, 4, buf, need + 1, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_svg(qr, 4, -1, buf, need + 1, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_svg(qr, 4, 17, buf, need + 1, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_svg(NULL, 4, 4, buf, need + 1, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_svg(qr, 4, 4, buf, need + 1, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_svg(qr, 64, 16, NULL, 0, &len), DPP_OK);
    assert_int_equal(dpp_qr_to_svg(qr, 1, 0, NULL, 0, &len), DPP_OK);
    qr->modules[0] = 0; /* not self-consistent */
    assert_int_equal(dpp_qr_to_svg(qr, 4, 4, NULL, 0, &len), DPP_ERR_INVALID_ARG);
    free(buf);
    free(qr);
}

/* ---- PNG ---- */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Writes the PNG to a temporary file and returns what `zbarimg --raw -q`
 * prints (malloc()ed). zbarimg missing or failing is a test failure. */
static char *zbar_decode(const uint8_t *png, size_t png_len)
{
    char dir[] = "/tmp/dpp_test_qr_XXXXXX";
    char path[64];
    char cmd[128];
    FILE *f;
    FILE *p;
    char *text = calloc(1, 16384);
    size_t got;
    int status;
    assert_non_null(text);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/qr.png", dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(png, 1, png_len, f), png_len);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "zbarimg --nodbus --raw -q '%s'", path);
    p = popen(cmd, "r");
    assert_non_null(p);
    got = fread(text, 1, 16383, p);
    status = pclose(p);
    text[got] = '\0';
    remove(path);
    rmdir(dir);
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        fail_msg("zbarimg failed (status %d; exit 127 means it is not installed: apt install zbar-tools)", status);
    }
    return text;
}

/* Renders with the size query, then into a buffer of exactly that size. */
static uint8_t *render_png(const dpp_qr *qr, int px, int border, size_t *png_len)
{
    size_t need = 0;
    uint8_t *png;
    assert_int_equal(dpp_qr_to_png(qr, px, border, NULL, 0, &need), DPP_OK);
    assert_true(need > 0);
    png = malloc(need);
    assert_non_null(png);
    assert_int_equal(dpp_qr_to_png(qr, px, border, png, need, png_len), DPP_OK);
    assert_int_equal(*png_len, need);
    return png;
}

static void png_round_trip(const char *text, size_t len, dpp_ecc ecc, int px, int border)
{
    dpp_qr *qr = malloc(sizeof *qr);
    uint8_t *png = NULL;
    size_t png_len = 0;
    char *decoded;
    uint32_t side;
    assert_non_null(qr);
    assert_int_equal(dpp_qr_encode(text, len, ecc, qr, NULL), DPP_OK);
    png = render_png(qr, px, border, &png_len);
    /* signature, IHDR: width, height, bit depth 8, colour type 0 (gray) */
    assert_true(png_len > 33);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(png + 12, "IHDR", 4);
    side = (uint32_t)((qr->size + 2 * border) * px);
    assert_int_equal(be32(png + 16), side);
    assert_int_equal(be32(png + 20), side);
    assert_int_equal(png[24], 8);
    assert_int_equal(png[25], 0);
    assert_memory_equal(png + png_len - 8, "IEND", 4);
    decoded = zbar_decode(png, png_len);
    assert_int_equal(strlen(decoded), len + 1);
    assert_memory_equal(decoded, text, len);
    assert_int_equal(decoded[len], '\n');
    free(decoded);
    free(png);
    free(qr);
}

static void png_scans_back(void **state)
{
    size_t len = 0;
    char *text = dpp_text(366, 20240901u, &len); /* 5 + 549 characters */
    (void)state;
    assert_int_equal(len, 554);
    png_round_trip(text, len, DPP_ECC_M, 4, 4);
    png_round_trip(text, len, DPP_ECC_H, 3, 4);
    png_round_trip("DPP1:BB8", 8, DPP_ECC_M, 6, 4);
    png_round_trip("DPP1:BB8", 8, DPP_ECC_L, 2, 16); /* zbar cannot resolve 1-pixel modules */
    png_round_trip("https://example.com/dpp?id=42", 29, DPP_ECC_Q, 5, 4); /* byte mode */
    free(text);
}

/* The caller's buffer: a generous one renders in one call with the same
 * bytes as the size query promised; every shorter one is
 * DPP_ERR_BUFFER_TOO_SMALL with *out_len = 0 and nothing left in it. */
static void png_caller_buffer(void **state)
{
    dpp_qr *qr = encode_or_fail("DPP1:BB8", DPP_ECC_M);
    size_t want_len = 0, len = 99;
    uint8_t *want = render_png(qr, 3, 4, &want_len);
    uint8_t *big = malloc(want_len + 100), *buf;
    (void)state;
    assert_non_null(big);
    assert_int_equal(dpp_qr_to_png(qr, 3, 4, big, want_len + 100, &len), DPP_OK);
    assert_int_equal(len, want_len);
    assert_memory_equal(big, want, want_len);
    for (size_t cap = 0; cap < want_len; cap += (cap < 64 || cap + 64 > want_len) ? 1 : 37) {
        buf = malloc(cap + 1);
        assert_non_null(buf);
        memset(buf, 0xAA, cap + 1);
        len = 99;
        assert_int_equal(dpp_qr_to_png(qr, 3, 4, buf, cap, &len), DPP_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, 0);
        for (size_t i = 0; i < cap; i++)
            if (buf[i] != 0) fail_msg("cap %zu: byte %zu left as %02x", cap, i, buf[i]);
        assert_int_equal(buf[cap], 0xAA); /* nothing past out_cap */
        free(buf);
    }
    free(big);
    free(want);
    free(qr);
}

static void png_arguments(void **state)
{
    dpp_qr *qr = encode_or_fail("DPP1:BB8", DPP_ECC_M);
    uint8_t *png = malloc(1u << 20);
    size_t len = 99, cap = 1u << 20;
    (void)state;
    assert_non_null(png);
    assert_int_equal(dpp_qr_to_png(qr, 0, 4, png, cap, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_int_equal(dpp_qr_to_png(qr, 65, 4, png, cap, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_png(qr, 4, -1, png, cap, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_png(qr, 4, 17, png, cap, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_png(NULL, 4, 4, png, cap, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_png(qr, 4, 4, png, cap, NULL), DPP_ERR_INVALID_ARG);
    /* the limits themselves are accepted */
    assert_int_equal(dpp_qr_to_png(qr, 64, 16, png, cap, &len), DPP_OK);
    assert_int_equal(be32(png + 16), (21 + 32) * 64);
    assert_int_equal(dpp_qr_to_png(qr, 1, 0, png, cap, &len), DPP_OK);
    assert_int_equal(be32(png + 16), 21);
    assert_int_equal(dpp_qr_to_png(qr, 1, 0, NULL, 0, &len), DPP_OK); /* size query */
    assert_true(len > 33);
    qr->version = 3; /* not self-consistent */
    assert_int_equal(dpp_qr_to_png(qr, 4, 4, png, cap, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    dpp_free(NULL);
    free(png);
    free(qr);
}

/* ---- terminal ---- */

static const char k_full[] = "\xE2\x96\x88";
static const char k_upper[] = "\xE2\x96\x80";
static const char k_lower[] = "\xE2\x96\x84";

static char *term_of(const dpp_qr *qr, int border, size_t *len)
{
    size_t need = 0;
    char *t;
    assert_int_equal(dpp_qr_to_term(qr, border, NULL, 0, &need), DPP_OK);
    t = malloc(need + 1);
    assert_non_null(t);
    assert_int_equal(dpp_qr_to_term(qr, border, t, need + 1, len), DPP_OK);
    assert_int_equal(*len, need);
    assert_int_equal(strlen(t), need);
    return t;
}

/* Parses the text back into module rows and compares with the symbol. */
static void check_term(const char *t, const dpp_qr *qr, int border)
{
    int n = qr->size + 2 * border;
    int lines = 0;
    const char *p = t;
    while (*p != '\0') {
        int cells = 0;
        while (*p != '\n') {
            int top;
            int bottom;
            assert_true(*p != '\0');
            if (*p == ' ') {
                top = 0;
                bottom = 0;
                p += 1;
            } else if (strncmp(p, k_full, 3) == 0) {
                top = 1;
                bottom = 1;
                p += 3;
            } else if (strncmp(p, k_upper, 3) == 0) {
                top = 1;
                bottom = 0;
                p += 3;
            } else {
                assert_int_equal(strncmp(p, k_lower, 3), 0);
                top = 0;
                bottom = 1;
                p += 3;
            }
            assert_int_equal(top, dpp_qr_module(qr, cells - border, 2 * lines - border));
            assert_int_equal(bottom, dpp_qr_module(qr, cells - border, 2 * lines + 1 - border));
            cells++;
        }
        assert_int_equal(cells, n);
        p++;
        lines++;
    }
    assert_int_equal(lines, (n + 1) / 2);
}

static void term_text(void **state)
{
    dpp_qr *qr = encode_or_fail("DPP1:BB8", DPP_ECC_M);
    size_t len = 0;
    char *t;
    char spaces[40];
    (void)state;
    /* border 4: 29 rows -> 15 lines of 29 cells, quiet lines of spaces first and last */
    t = term_of(qr, 4, &len);
    memset(spaces, ' ', 29);
    spaces[29] = '\n';
    assert_memory_equal(t, spaces, 30);
    assert_memory_equal(t, spaces, 30);
    assert_memory_equal(t + 30, spaces, 30);
    assert_memory_equal(t + len - 30, spaces, 30);
    assert_int_equal(count_of(t, "\n"), 15);
    assert_int_equal(t[len - 1], '\n');
    check_term(t, qr, 4);
    free(t);

    /* border 0: starts with the top-left finder, rows 0 and 1 */
    t = term_of(qr, 0, &len);
    assert_int_equal(strncmp(t, "\xE2\x96\x88\xE2\x96\x80\xE2\x96\x80\xE2\x96\x80\xE2\x96\x80\xE2\x96\x80\xE2\x96\x88 ",
                             22),
                     0);
    assert_int_equal(count_of(t, "\n"), 11); /* 21 rows: the last line's lower half is light */
    check_term(t, qr, 0);
    /* last line is row 20 only: bottom-left finder's last row (7 dark), so upper halves */
    assert_non_null(strstr(t, "\n\xE2\x96\x80\xE2\x96\x80\xE2\x96\x80\xE2\x96\x80\xE2\x96\x80\xE2\x96\x80\xE2\x96\x80 "));
    free(t);

    t = term_of(qr, 1, &len);
    check_term(t, qr, 1);
    assert_int_equal(count_of(t, "\n"), 12);
    free(t);
    free(qr);
}

static void term_buffer_and_arguments(void **state)
{
    dpp_qr *qr = encode_or_fail("DPP1:BB8", DPP_ECC_M);
    size_t need = 0;
    size_t len = 99;
    char *buf;
    (void)state;
    assert_int_equal(dpp_qr_to_term(qr, 2, NULL, 0, &need), DPP_OK);
    buf = malloc(need + 1);
    assert_non_null(buf);
    memset(buf, 'q', need + 1);
    assert_int_equal(dpp_qr_to_term(qr, 2, buf, need, &len), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[need], 'q');
    assert_int_equal(dpp_qr_to_term(qr, 2, buf, need + 1, &len), DPP_OK);
    assert_int_equal(len, need);
    assert_int_equal(dpp_qr_to_term(qr, -1, buf, need + 1, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(dpp_qr_to_term(qr, 17, buf, need + 1, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_term(NULL, 2, buf, need + 1, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_term(qr, 2, buf, need + 1, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_qr_to_term(qr, 16, NULL, 0, &len), DPP_OK);
    qr->size = 0;
    assert_int_equal(dpp_qr_to_term(qr, 2, NULL, 0, &len), DPP_ERR_INVALID_ARG);
    free(buf);
    free(qr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_selection_ecc_m),
        cmocka_unit_test(capacity_limits_per_ecc),
        cmocka_unit_test(capacity_huge_length),
        cmocka_unit_test(mask_is_reported),
        cmocka_unit_test(modes_match_reference),
        cmocka_unit_test(encode_invalid_arguments),
        cmocka_unit_test(module_reads),
        cmocka_unit_test(svg_document),
        cmocka_unit_test(svg_buffer_and_arguments),
        cmocka_unit_test(png_scans_back),
        cmocka_unit_test(png_caller_buffer),
        cmocka_unit_test(png_arguments),
        cmocka_unit_test(term_text),
        cmocka_unit_test(term_buffer_and_arguments),
    };
    return cmocka_run_group_tests_name("test_qr", tests, NULL, NULL);
}
