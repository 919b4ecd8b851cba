/* SPDX-License-Identifier: Apache-2.0 */
/* The zlib layer: compression settings, strict inflate, every error path;
 * dpp_zlib_inflate() (no dictionary) and dpp_zlib_inflate_dict() with
 * preset dictionary v1, as the verifier calls it (spec/README.md 4.3). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "compress.h"
#include "dict_v1.h"

/* zlib.compressobj(9, DEFLATED, 12, 6) of b"hello", made with Python's zlib. */
static const uint8_t k_hello_w12[] = {0x48, 0xC7, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x07,
                                      0x00, 0x06, 0x2C, 0x02, 0x15};
/* zlib.compress(b"hello"): default window and level, header 78 9C. */
static const uint8_t k_hello_default[] = {0x78, 0x9C, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x07,
                                          0x00, 0x06, 0x2C, 0x02, 0x15};

/* A ~400-byte CBOR-like message: COSE_Sign1 head, text claims, a signature. */
static size_t make_cbor_like(uint8_t *buf, size_t cap)
{
    static const char *const texts[] = {"https://dpp.example.com", "LOT-2024-07-A", "SN00012345",
                                        "CellPack 48V 20Ah industrial battery", "battery", "ACME Batteries GmbH",
                                        "DE", "LEI", "5299009N55YRQC69CN12", "Lithium iron phosphate",
                                        "Graphite", "Aluminium", "KWH", "ISO 14001", "CERT-004711",
                                        "TUV Example Certification Body",
                                        "https://dpp.example.com/passport/4006381333931"};
    size_t n = 0;
    static const uint8_t head[] = {0xD2, 0x84, 0x4C, 0xA2, 0x01, 0x26, 0x04, 0x48, 1, 2, 3, 4, 5, 6, 7, 8, 0xA0,
                                   0x59, 0x01, 0x40, 0xA3, 0x01, 0x77};
    memcpy(buf, head, sizeof head);
    n += sizeof head;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t l = strlen(texts[i]);
        buf[n++] = (uint8_t)(0x60 + l);
        memcpy(buf + n, texts[i], l);
        n += l;
        buf[n++] = (uint8_t)(i + 1);
    }
    buf[n++] = 0x58;
    buf[n++] = 64;
    for (int i = 0; i < 64; i++) {
        buf[n++] = (uint8_t)(i * 73 + 11); /* signature-like bytes */
    }
    assert_true(n <= cap);
    return n;
}

/* Incompressible filler (xorshift32). */
static void fill_random(uint8_t *buf, size_t n, uint32_t seed)
{
    uint32_t x = seed != 0 ? seed : 1u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)(x >> 24);
    }
}

static void compress_settings_header_and_bytes(void **state)
{
    uint8_t out[64];
    size_t len = 0;
    (void)state;
    assert_int_equal(dpp_zlib_compress((const uint8_t *)"hello", 5, out, sizeof out, &len), DPP_OK);
    /* CMF 0x48: deflate, 4 KiB window; FLG 0xC7: level 9, no dictionary */
    assert_int_equal(len, sizeof k_hello_w12);
    assert_memory_equal(out, k_hello_w12, sizeof k_hello_w12);
}

static void round_trip_cbor_like(void **state)
{
    uint8_t in[600];
    uint8_t z[600];
    uint8_t back[600];
    size_t n = make_cbor_like(in, sizeof in);
    size_t zlen = 0;
    size_t blen = 0;
    uLongf ulen = sizeof back;
    dpp_diag diag;
    (void)state;
    assert_true(n >= 380 && n <= 450);
    assert_int_equal(dpp_zlib_compress(in, n, z, n - 1, &zlen), DPP_OK); /* compression pays */
    assert_true(zlen < n);
    assert_true(dpp_zlib_looks_like(z, zlen));
    assert_int_equal(dpp_zlib_inflate(z, zlen, back, sizeof back, &blen, &diag), DPP_OK);
    assert_int_equal(blen, n);
    assert_memory_equal(back, in, n);
    assert_int_equal(diag.err, DPP_OK);
    assert_string_equal(diag.msg, "");
    /* plain zlib reads it too */
    memset(back, 0, sizeof back);
    assert_int_equal(uncompress(back, &ulen, z, (uLong)zlen), Z_OK);
    assert_int_equal(ulen, n);
    assert_memory_equal(back, in, n);
}

static void round_trip_max_input(void **state)
{
    uint8_t *in = malloc(DPP_MAX_COSE_LEN);
    uint8_t *z = malloc(DPP_MAX_COSE_LEN + 64);
    uint8_t *back = malloc(DPP_MAX_COSE_LEN);
    size_t zlen = 0;
    size_t blen = 0;
    (void)state;
    assert_non_null(in);
    assert_non_null(z);
    assert_non_null(back);
    fill_random(in, DPP_MAX_COSE_LEN, 777u);
    assert_int_equal(dpp_zlib_compress(in, DPP_MAX_COSE_LEN, z, DPP_MAX_COSE_LEN + 64, &zlen), DPP_OK);
    assert_int_equal(dpp_zlib_inflate(z, zlen, back, DPP_MAX_COSE_LEN, &blen, NULL), DPP_OK);
    assert_int_equal(blen, DPP_MAX_COSE_LEN);
    assert_memory_equal(back, in, DPP_MAX_COSE_LEN);
    free(in);
    free(z);
    free(back);
}

static void compress_buffer_too_small(void **state)
{
    uint8_t in[400];
    uint8_t z[512];
    size_t need = 0;
    size_t len = 99;
    (void)state;
    fill_random(in, sizeof in, 12345u);
    assert_int_equal(dpp_zlib_compress(in, sizeof in, z, sizeof z, &need), DPP_OK);
    assert_true(need > sizeof in); /* random data grows */
    memset(z, 0xAA, sizeof z);
    assert_int_equal(dpp_zlib_compress(in, sizeof in, z, sizeof in - 1, &len), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
    for (size_t i = 0; i < sizeof in - 1; i++) {
        assert_int_equal(z[i], 0); /* partial stream wiped */
    }
    assert_int_equal(z[sizeof in - 1], 0xAA); /* nothing past out_cap */
    /* exactly the needed room works, one byte less does not */
    assert_int_equal(dpp_zlib_compress(in, sizeof in, z, need, &len), DPP_OK);
    assert_int_equal(len, need);
    assert_int_equal(dpp_zlib_compress(in, sizeof in, z, need - 1, &len), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(dpp_zlib_compress(in, sizeof in, z, 0, &len), DPP_ERR_BUFFER_TOO_SMALL);
}

static void compress_empty_and_arguments(void **state)
{
    uint8_t z[32];
    uint8_t back[4] = {9, 9, 9, 9};
    size_t len = 99;
    size_t blen = 99;
    uint8_t big[1];
    (void)state;
    assert_int_equal(dpp_zlib_compress(NULL, 0, z, sizeof z, &len), DPP_OK);
    assert_true(len >= 8); /* header, empty final block, Adler-32 of "" = 1 */
    assert_int_equal(z[len - 1], 1);
    assert_int_equal(dpp_zlib_inflate(z, len, back, sizeof back, &blen, NULL), DPP_OK);
    assert_int_equal(blen, 0);
    assert_int_equal(dpp_zlib_inflate(z, len, back, 0, &blen, NULL), DPP_OK); /* zero cap is enough */
    assert_int_equal(back[0], 9);

    len = 99;
    assert_int_equal(dpp_zlib_compress((const uint8_t *)"x", 1, NULL, 10, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_int_equal(dpp_zlib_compress((const uint8_t *)"x", 1, z, sizeof z, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_zlib_compress(NULL, 1, z, sizeof z, &len), DPP_ERR_INVALID_ARG);
    /* above the input cap (nothing is read) */
    assert_int_equal(dpp_zlib_compress(big, DPP_MAX_COSE_LEN + 1, z, sizeof z, &len), DPP_ERR_TOO_LARGE);
    assert_int_equal(len, 0);
}

static void inflate_known_good_streams(void **state)
{
    uint8_t out[16];
    size_t len = 0;
    uint8_t src[300];
    uint8_t z[400];
    uint8_t back[300];
    uLongf zlen = sizeof z;
    (void)state;
    assert_int_equal(dpp_zlib_inflate(k_hello_default, sizeof k_hello_default, out, sizeof out, &len, NULL), DPP_OK);
    assert_int_equal(len, 5);
    assert_memory_equal(out, "hello", 5);
    /* every level of zlib's own compress2() */
    for (size_t i = 0; i < sizeof src; i++) {
        src[i] = (uint8_t)((size_t)(unsigned char)"DPP passport "[i % 13] + i / 50);
    }
    for (int level = 0; level <= 9; level++) {
        zlen = sizeof z;
        assert_int_equal(compress2(z, &zlen, src, sizeof src, level), Z_OK);
        assert_true(dpp_zlib_looks_like(z, zlen));
        memset(back, 0, sizeof back);
        assert_int_equal(dpp_zlib_inflate(z, zlen, back, sizeof back, &len, NULL), DPP_OK);
        assert_int_equal(len, sizeof src);
        assert_memory_equal(back, src, sizeof src);
    }
}

/* 1 MB of 'A' compresses to about 1 KB; inflating must stop at the cap. */
static void inflate_bomb_stops_at_cap(void **state)
{
    size_t big = 1000000;
    uint8_t *src = malloc(big);
    uLongf zlen = compressBound((uLong)big);
    uint8_t *z = malloc(zlen);
    uint8_t out[DPP_MAX_COSE_LEN];
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    assert_non_null(src);
    assert_non_null(z);
    memset(src, 'A', big);
    assert_int_equal(compress2(z, &zlen, src, (uLong)big, 9), Z_OK);
    assert_true(zlen < 2000);
    assert_int_equal(dpp_zlib_inflate(z, zlen, out, sizeof out, &len, &diag), DPP_ERR_TOO_LARGE);
    assert_int_equal(len, 0);
    assert_int_equal(diag.err, DPP_ERR_TOO_LARGE);
    assert_non_null(strstr(diag.msg, "4096-byte cap"));
    for (size_t i = 0; i < sizeof out; i++) {
        assert_int_equal(out[i], 0); /* the 'A's written are wiped */
    }
    free(src);
    free(z);
}

static void inflate_exact_cap(void **state)
{
    uint8_t src[1000];
    uint8_t z[1100];
    uint8_t out[1000];
    uLongf zlen = sizeof z;
    size_t len = 0;
    (void)state;
    for (size_t i = 0; i < sizeof src; i++) {
        src[i] = (uint8_t)(i % 7 == 0 ? 'x' : 'y');
    }
    assert_int_equal(compress2(z, &zlen, src, sizeof src, 9), Z_OK);
    assert_int_equal(dpp_zlib_inflate(z, zlen, out, sizeof src, &len, NULL), DPP_OK);
    assert_int_equal(len, sizeof src);
    assert_memory_equal(out, src, sizeof src);
    assert_int_equal(dpp_zlib_inflate(z, zlen, out, sizeof src - 1, &len, NULL), DPP_ERR_TOO_LARGE);
    assert_int_equal(len, 0);
    assert_int_equal(dpp_zlib_inflate(z, zlen, out, 0, &len, NULL), DPP_ERR_TOO_LARGE);
}

static void inflate_truncated(void **state)
{
    uint8_t out[64];
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    for (size_t cut = 0; cut < sizeof k_hello_w12; cut++) {
        len = 99;
        memset(&diag, 0, sizeof diag);
        assert_int_equal(dpp_zlib_inflate(k_hello_w12, cut, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
        assert_int_equal(len, 0);
        assert_int_equal(diag.err, DPP_ERR_INFLATE);
        assert_non_null(strstr(diag.msg, "truncated"));
        assert_int_equal(diag.offset, cut);
    }
    /* empty input, with and without a pointer */
    assert_int_equal(dpp_zlib_inflate(NULL, 0, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
    assert_non_null(strstr(diag.msg, "0 bytes"));
}

static void inflate_corrupted(void **state)
{
    uint8_t bad[sizeof k_hello_w12];
    uint8_t out[64];
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    /* wrong Adler-32 */
    memcpy(bad, k_hello_w12, sizeof bad);
    bad[sizeof bad - 1] ^= 0x01;
    assert_int_equal(dpp_zlib_inflate(bad, sizeof bad, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
    assert_int_equal(len, 0);
    assert_non_null(strstr(diag.msg, "incorrect data check"));
    assert_true(diag.offset <= sizeof bad);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(out[i], 0); /* "hello" was written, then wiped */
    }
    /* reserved block type 11 in the first deflate byte */
    memcpy(bad, k_hello_w12, sizeof bad);
    bad[2] = 0x07;
    assert_int_equal(dpp_zlib_inflate(bad, sizeof bad, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
    assert_non_null(strstr(diag.msg, "invalid block type"));
    assert_non_null(strstr(diag.msg, "offset 3"));
    assert_int_equal(diag.offset, 3);
    /* Property: any single-bit flip either fails or (padding bits) gives the
     * same output; never different data. */
    for (size_t i = 0; i < sizeof bad * 8; i++) {
        dpp_err err;
        memcpy(bad, k_hello_w12, sizeof bad);
        bad[i / 8] ^= (uint8_t)(1u << (i % 8));
        err = dpp_zlib_inflate(bad, sizeof bad, out, sizeof out, &len, NULL);
        if (err == DPP_OK) {
            assert_int_equal(len, 5);
            assert_memory_equal(out, "hello", 5);
        } else {
            assert_true(err == DPP_ERR_INFLATE || err == DPP_ERR_TOO_LARGE);
            assert_int_equal(len, 0);
        }
    }
}

static void inflate_trailing_bytes(void **state)
{
    uint8_t buf[2 * sizeof k_hello_w12];
    uint8_t out[64];
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    memcpy(buf, k_hello_w12, sizeof k_hello_w12);
    buf[sizeof k_hello_w12] = 0x00;
    assert_int_equal(dpp_zlib_inflate(buf, sizeof k_hello_w12 + 1, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
    assert_int_equal(len, 0);
    assert_int_equal(diag.offset, sizeof k_hello_w12);
    assert_non_null(strstr(diag.msg, "1 trailing bytes"));
    assert_non_null(strstr(diag.msg, "offset 13"));
    assert_int_equal(out[0], 0);
    /* two concatenated streams are not one stream */
    memcpy(buf + sizeof k_hello_w12, k_hello_w12, sizeof k_hello_w12);
    assert_int_equal(dpp_zlib_inflate(buf, sizeof buf, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
    assert_non_null(strstr(diag.msg, "13 trailing bytes"));
}

static void inflate_bad_headers(void **state)
{
    uint8_t buf[sizeof k_hello_w12];
    uint8_t out[64];
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    memcpy(buf, k_hello_w12, sizeof buf);
    /* FDICT: 0x78 0xBB is a valid header that announces a dictionary, which
     * dpp_zlib_inflate() (the variant without one) never accepts; see
     * inflate_dict_v1 for the verifier's variant */
    buf[0] = 0x78;
    buf[1] = 0xBB;
    assert_int_equal(dpp_zlib_inflate(buf, sizeof buf, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
    assert_int_equal(len, 0);
    assert_non_null(strstr(diag.msg, "preset dictionary not supported"));
    assert_int_equal(diag.offset, 1);
    /* CM 7 with a correct FCHECK (0x7709 = 31 * 983) */
    buf[0] = 0x77;
    buf[1] = 0x09;
    assert_int_equal(((buf[0] << 8) | buf[1]) % 31, 0);
    assert_int_equal(dpp_zlib_inflate(buf, sizeof buf, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
    assert_non_null(strstr(diag.msg, "compression method 7"));
    assert_int_equal(diag.offset, 0);
    /* CINFO 8 (a 64 KiB window does not exist) */
    buf[0] = 0x88;
    buf[1] = 0x00;
    while (((buf[0] << 8) | buf[1]) % 31 != 0) {
        buf[1]++;
    }
    assert_int_equal(dpp_zlib_inflate(buf, sizeof buf, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
    assert_non_null(strstr(diag.msg, "CINFO 8"));
    /* FCHECK wrong */
    buf[0] = 0x78;
    buf[1] = 0x9D;
    assert_int_equal(dpp_zlib_inflate(buf, sizeof buf, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
    assert_non_null(strstr(diag.msg, "FCHECK"));
    assert_int_equal(diag.offset, 1);
    /* a COSE_Sign1 tag byte is not a zlib header */
    buf[0] = 0xD2;
    buf[1] = 0x84;
    assert_int_equal(dpp_zlib_inflate(buf, sizeof buf, out, sizeof out, &len, &diag), DPP_ERR_INFLATE);
    assert_non_null(strstr(diag.msg, "compression method 2"));
}

/* The verifier's call: dpp_zlib_inflate_dict() with dictionary v1. */
static void inflate_dict_v1(void **state)
{
    static const uint8_t dictid[4] = {0xA9, 0x54, 0x9D, 0x2D};
    uint8_t in[600], z[700], back[600], buf[sizeof k_hello_w12];
    size_t n = make_cbor_like(in, sizeof in), zlen = 0, plain = 0, blen = 99;
    dpp_diag diag;
    (void)state;
    /* FDICT = 0 streams are read as before */
    assert_int_equal(dpp_zlib_inflate_dict(k_hello_w12, sizeof k_hello_w12, dpp_dict_v1, dpp_dict_v1_len, back,
                                           sizeof back, &blen, &diag),
                     DPP_OK);
    assert_int_equal(blen, 5);
    assert_memory_equal(back, "hello", 5);
    assert_int_equal(dpp_zlib_inflate_dict(k_hello_default, sizeof k_hello_default, dpp_dict_v1, dpp_dict_v1_len,
                                           back, sizeof back, &blen, &diag),
                     DPP_OK);
    assert_int_equal(blen, 5);
    /* a v1 stream: header 48, FDICT, DICTID a9549d2d; shorter than without */
    assert_int_equal(dpp_zlib_compress_dict(in, n, dpp_dict_v1, dpp_dict_v1_len, z, sizeof z, &zlen), DPP_OK);
    assert_int_equal(dpp_zlib_compress(in, n, back, sizeof back, &plain), DPP_OK);
    assert_true(zlen < plain);
    assert_int_equal(z[0], 0x48);
    assert_int_equal(z[1] & 0x20, 0x20);
    assert_memory_equal(z + 2, dictid, 4);
    assert_true(dpp_zlib_looks_like(z, zlen));
    assert_int_equal(dpp_zlib_inflate_dict(z, zlen, dpp_dict_v1, dpp_dict_v1_len, back, sizeof back, &blen, &diag),
                     DPP_OK);
    assert_int_equal(blen, n);
    assert_memory_equal(back, in, n);
    assert_int_equal(diag.err, DPP_OK);
    /* the cap applies while inflating with the dictionary */
    assert_int_equal(dpp_zlib_inflate_dict(z, zlen, dpp_dict_v1, dpp_dict_v1_len, back, n - 1, &blen, &diag),
                     DPP_ERR_TOO_LARGE);
    assert_int_equal(blen, 0);
    /* without the dictionary the same stream is refused */
    assert_int_equal(dpp_zlib_inflate(z, zlen, back, sizeof back, &blen, &diag), DPP_ERR_INFLATE);
    assert_non_null(strstr(diag.msg, "preset dictionary not supported"));
    /* 78 BB: FDICT with DICTID CB 48 CD C9 (the deflate data of "hello") */
    memcpy(buf, k_hello_w12, sizeof buf);
    buf[0] = 0x78;
    buf[1] = 0xBB;
    blen = 99;
    assert_int_equal(dpp_zlib_inflate_dict(buf, sizeof buf, dpp_dict_v1, dpp_dict_v1_len, back, sizeof back, &blen,
                                           &diag),
                     DPP_ERR_INFLATE);
    assert_int_equal(blen, 0);
    assert_int_equal(diag.err, DPP_ERR_INFLATE);
    assert_int_equal(diag.offset, 2);
    assert_non_null(strstr(diag.msg, "DICTID 0xcb48cdc9 is not the known dictionary's 0xa9549d2d"));
    /* FDICT, but the body ends inside the DICTID */
    for (size_t cut = 2; cut < 6; cut++) {
        assert_int_equal(dpp_zlib_inflate_dict(z, cut, dpp_dict_v1, dpp_dict_v1_len, back, sizeof back, &blen, &diag),
                         DPP_ERR_INFLATE);
        assert_non_null(strstr(diag.msg, "no DICTID"));
        assert_int_equal(diag.offset, cut);
    }
    /* the right DICTID and the stream cut after it: truncated */
    assert_int_equal(dpp_zlib_inflate_dict(z, zlen - 1, dpp_dict_v1, dpp_dict_v1_len, back, sizeof back, &blen,
                                           &diag),
                     DPP_ERR_INFLATE);
    assert_non_null(strstr(diag.msg, "truncated"));
    assert_int_equal(blen, 0);
}

static void inflate_invalid_arguments(void **state)
{
    uint8_t out[16];
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    assert_int_equal(dpp_zlib_inflate(k_hello_w12, sizeof k_hello_w12, NULL, 16, &len, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_non_null(strstr(diag.msg, "out is NULL"));
    assert_int_equal(dpp_zlib_inflate(k_hello_w12, sizeof k_hello_w12, out, sizeof out, NULL, &diag),
                     DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(diag.msg, "out_len is NULL"));
    assert_int_equal(dpp_zlib_inflate(NULL, 4, out, sizeof out, &len, &diag), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(diag.msg, "in is NULL"));
    /* zlib counts input in unsigned int: larger inputs are refused before any read */
    if ((uint64_t)SIZE_MAX > (uint64_t)UINT_MAX) {
        assert_int_equal(dpp_zlib_inflate(k_hello_w12, (size_t)UINT_MAX + 1u, out, sizeof out, &len, &diag),
                         DPP_ERR_TOO_LARGE);
        assert_int_equal(len, 0);
    }
    /* NULL diag is fine on every path */
    assert_int_equal(dpp_zlib_inflate(NULL, 4, out, sizeof out, &len, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_zlib_inflate(k_hello_w12, 1, out, sizeof out, &len, NULL), DPP_ERR_INFLATE);
}

static bool ref_header_ok(unsigned b0, unsigned b1)
{
    return (b0 & 15u) == 8u && (b0 >> 4) < 8u && (b0 * 256u + b1) % 31u == 0u;
}

/* Every 2-byte input: looks_like agrees with the RFC 1950 rule, and inflate
 * never succeeds (there is no data after a header) and never crashes. */
static void exhaustive_two_byte_inputs(void **state)
{
    size_t valid = 0;
    (void)state;
    for (unsigned b0 = 0; b0 < 256; b0++) {
        for (unsigned b1 = 0; b1 < 256; b1++) {
            uint8_t in[2] = {(uint8_t)b0, (uint8_t)b1};
            uint8_t out[8];
            size_t len = 99;
            bool ok = ref_header_ok(b0, b1);
            assert_int_equal(dpp_zlib_looks_like(in, 2), ok);
            assert_int_equal(dpp_zlib_inflate(in, 2, out, sizeof out, &len, NULL), DPP_ERR_INFLATE);
            assert_int_equal(len, 0);
            valid += ok ? 1u : 0u;
        }
    }
    assert_int_equal(valid, 66); /* 8 CINFO values x 8 or 9 FLG bytes each */
}

static void looks_like_cases(void **state)
{
    static const uint8_t zl[] = {0x78, 0x9C};
    static const uint8_t zl9[] = {0x78, 0xDA};
    static const uint8_t ours[] = {0x48, 0xC7};
    static const uint8_t dict[] = {0x78, 0xBB};
    static const uint8_t cose[] = {0xD2, 0x84};
    (void)state;
    assert_true(dpp_zlib_looks_like(zl, 2));
    assert_true(dpp_zlib_looks_like(zl9, 2));
    assert_true(dpp_zlib_looks_like(ours, 2));
    assert_true(dpp_zlib_looks_like(dict, 2)); /* valid header; the DICTID decides */
    assert_false(dpp_zlib_looks_like(cose, 2));
    assert_false(dpp_zlib_looks_like(zl, 1));
    assert_false(dpp_zlib_looks_like(zl, 0));
    assert_false(dpp_zlib_looks_like(NULL, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compress_settings_header_and_bytes),
        cmocka_unit_test(round_trip_cbor_like),
        cmocka_unit_test(round_trip_max_input),
        cmocka_unit_test(compress_buffer_too_small),
        cmocka_unit_test(compress_empty_and_arguments),
        cmocka_unit_test(inflate_known_good_streams),
        cmocka_unit_test(inflate_bomb_stops_at_cap),
        cmocka_unit_test(inflate_exact_cap),
        cmocka_unit_test(inflate_truncated),
        cmocka_unit_test(inflate_corrupted),
        cmocka_unit_test(inflate_trailing_bytes),
        cmocka_unit_test(inflate_bad_headers),
        cmocka_unit_test(inflate_dict_v1),
        cmocka_unit_test(inflate_invalid_arguments),
        cmocka_unit_test(exhaustive_two_byte_inputs),
        cmocka_unit_test(looks_like_cases),
    };
    return cmocka_run_group_tests_name("test_compress", tests, NULL, NULL);
}
