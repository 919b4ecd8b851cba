/* SPDX-License-Identifier: Apache-2.0 */
/* Base45 (RFC 9285): RFC examples, strict decoding, every error path,
 * exhaustive short inputs and seeded random round trips. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dpp/dpp_base45.h"

static const char k_alpha[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* Independent of base45.c: position in the RFC 9285 table, or -1. */
static int ref_value(unsigned char c)
{
    const char *p;
    if (c == '\0') {
        return -1;
    }
    p = strchr(k_alpha, c);
    return p == NULL ? -1 : (int)(p - k_alpha);
}

static void expect_encode(const char *bytes, const char *text)
{
    char out[64];
    size_t len = 99;
    size_t n = strlen(bytes);
    memset(out, 0, sizeof out);
    assert_int_equal(dpp_base45_encode((const uint8_t *)bytes, n, out, sizeof out, &len), DPP_OK);
    assert_int_equal(len, strlen(text));
    assert_int_equal(len, DPP_BASE45_ENCODED_LEN(n));
    assert_memory_equal(out, text, len);
    assert_int_equal(out[len], 0); /* no NUL written, and nothing past len */
}

static void expect_decode(const char *text, const char *bytes)
{
    uint8_t out[64];
    size_t len = 99;
    dpp_diag diag;
    memset(&diag, 0x5A, sizeof diag);
    assert_int_equal(dpp_base45_decode(text, strlen(text), out, sizeof out, &len, &diag), DPP_OK);
    assert_int_equal(len, strlen(bytes));
    assert_memory_equal(out, bytes, len);
    assert_int_equal(diag.err, DPP_OK);
    assert_int_equal(diag.offset, SIZE_MAX);
    assert_string_equal(diag.msg, "");
}

static void rfc9285_examples(void **state)
{
    (void)state;
    expect_encode("AB", "BB8");
    expect_encode("Hello!!", "%69 VD92EX0");
    expect_encode("base-45", "UJCLQE7W581");
    expect_encode("ietf!", "QED8WEX0");
    expect_decode("BB8", "AB");
    expect_decode("%69 VD92EX0", "Hello!!");
    expect_decode("UJCLQE7W581", "base-45");
    expect_decode("QED8WEX0", "ietf!");
}

/* RFC 9285 section 4.2: "GGW" is 65536, which must be rejected. */
static void rfc9285_ggw_rejected(void **state)
{
    uint8_t out[8] = {0};
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    assert_int_equal(dpp_base45_decode("GGW", 3, out, sizeof out, &len, &diag), DPP_ERR_BASE45);
    assert_int_equal(len, 0);
    assert_int_equal(diag.err, DPP_ERR_BASE45);
    assert_int_equal(diag.offset, 0);
    assert_non_null(strstr(diag.msg, "65536"));
    assert_non_null(strstr(diag.msg, "65535"));
    /* also without diag */
    assert_int_equal(dpp_base45_decode("GGW", 3, out, sizeof out, &len, NULL), DPP_ERR_BASE45);
}

static void boundary_values(void **state)
{
    uint8_t out[8];
    size_t len = 0;
    dpp_diag diag;
    (void)state;
    /* 65535 = 15 + 16*45 + 32*2025 */
    expect_encode("\xFF\xFF", "FGW");
    assert_int_equal(dpp_base45_decode("FGW", 3, out, sizeof out, &len, NULL), DPP_OK);
    assert_int_equal(len, 2);
    assert_int_equal(out[0], 0xFF);
    assert_int_equal(out[1], 0xFF);
    /* 255 = 30 + 5*45 as the final pair */
    expect_encode("\xFF", "U5");
    assert_int_equal(dpp_base45_decode("U5", 2, out, sizeof out, &len, NULL), DPP_OK);
    assert_int_equal(len, 1);
    assert_int_equal(out[0], 0xFF);
    /* 256 in the final pair, after a good triple */
    assert_int_equal(dpp_base45_decode("BB8V5", 5, out, sizeof out, &len, &diag), DPP_ERR_BASE45);
    assert_int_equal(diag.offset, 3);
    assert_non_null(strstr(diag.msg, "final pair at offset 3"));
    assert_non_null(strstr(diag.msg, "256"));
    /* largest pair value */
    assert_int_equal(dpp_base45_decode("::", 2, out, sizeof out, &len, &diag), DPP_ERR_BASE45);
    assert_non_null(strstr(diag.msg, "2024"));
    /* largest triple value, second group */
    assert_int_equal(dpp_base45_decode("BB8:::", 6, out, sizeof out, &len, &diag), DPP_ERR_BASE45);
    assert_int_equal(diag.offset, 3);
    assert_non_null(strstr(diag.msg, "triple at offset 3 has value 91124"));
    /* zero */
    {
        const uint8_t z[2] = {0, 0};
        char t[4] = {0};
        assert_int_equal(dpp_base45_encode(z, 2, t, 3, &len), DPP_OK);
        assert_int_equal(len, 3);
        assert_memory_equal(t, "000", 3);
    }
}

static void empty_input(void **state)
{
    char t[4] = "xyz";
    uint8_t b[4] = {7, 7, 7, 7};
    size_t len = 99;
    (void)state;
    assert_int_equal(dpp_base45_encode(NULL, 0, t, sizeof t, &len), DPP_OK);
    assert_int_equal(len, 0);
    assert_int_equal(t[0], 'x');
    len = 99;
    assert_int_equal(dpp_base45_decode(NULL, 0, b, sizeof b, &len, NULL), DPP_OK);
    assert_int_equal(len, 0);
    assert_int_equal(b[0], 7);
    len = 99;
    assert_int_equal(dpp_base45_decode("", 0, NULL, 0, &len, NULL), DPP_OK);
    assert_int_equal(len, 0);
}

static void invalid_characters(void **state)
{
    uint8_t out[8];
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    assert_int_equal(dpp_base45_decode("BBa", 3, out, sizeof out, &len, &diag), DPP_ERR_BASE45);
    assert_int_equal(len, 0);
    assert_int_equal(diag.err, DPP_ERR_BASE45);
    assert_int_equal(diag.offset, 2);
    assert_non_null(strstr(diag.msg, "0x61 at offset 2"));
    assert_int_equal(dpp_base45_decode("BB8B\0B", 6, out, sizeof out, &len, &diag), DPP_ERR_BASE45);
    assert_int_equal(diag.offset, 4);
    assert_non_null(strstr(diag.msg, "0x00 at offset 4"));
    assert_int_equal(dpp_base45_decode("\xFF" "B", 2, out, sizeof out, &len, &diag), DPP_ERR_BASE45);
    assert_int_equal(diag.offset, 0);
    assert_non_null(strstr(diag.msg, "0xff"));
    /* '=' padding, '#', and lower case are all outside the alphabet */
    assert_int_equal(dpp_base45_decode("BB=", 3, out, sizeof out, &len, NULL), DPP_ERR_BASE45);
    assert_int_equal(dpp_base45_decode("#B", 2, out, sizeof out, &len, NULL), DPP_ERR_BASE45);
    assert_int_equal(dpp_base45_decode("bb8", 3, out, sizeof out, &len, NULL), DPP_ERR_BASE45);
}

static void length_one_mod_three(void **state)
{
    uint8_t out[8];
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    assert_int_equal(dpp_base45_decode("BB8B", 4, out, sizeof out, &len, &diag), DPP_ERR_BASE45);
    assert_int_equal(len, 0);
    assert_int_equal(diag.offset, 3);
    assert_non_null(strstr(diag.msg, "length 4 is 1 mod 3"));
    assert_int_equal(dpp_base45_decode("A", 1, out, sizeof out, &len, &diag), DPP_ERR_BASE45);
    assert_int_equal(diag.offset, 0);
    /* size mode validates too */
    assert_int_equal(dpp_base45_decode("BB8B", 4, NULL, 0, &len, NULL), DPP_ERR_BASE45);
}

static void size_mode(void **state)
{
    size_t len = 0;
    (void)state;
    assert_int_equal(dpp_base45_encode((const uint8_t *)"Hello!!", 7, NULL, 0, &len), DPP_OK);
    assert_int_equal(len, 11);
    assert_int_equal(dpp_base45_encode((const uint8_t *)"Hello!!", 7, NULL, 999, &len), DPP_OK);
    assert_int_equal(len, 11);
    assert_int_equal(dpp_base45_decode("%69 VD92EX0", 11, NULL, 0, &len, NULL), DPP_OK);
    assert_int_equal(len, 7);
    /* size mode still rejects bad text */
    assert_int_equal(dpp_base45_decode("GGW", 3, NULL, 0, &len, NULL), DPP_ERR_BASE45);
    assert_int_equal(len, 0);
}

static void buffer_too_small(void **state)
{
    char t[16];
    uint8_t b[16];
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    memset(t, '#', sizeof t);
    assert_int_equal(dpp_base45_encode((const uint8_t *)"Hello!!", 7, t, 10, &len), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
    assert_int_equal(t[0], '#'); /* nothing written */
    assert_int_equal(dpp_base45_encode((const uint8_t *)"Hello!!", 7, t, 11, &len), DPP_OK);
    assert_int_equal(len, 11);

    memset(b, 0xAA, sizeof b);
    len = 99;
    assert_int_equal(dpp_base45_decode("%69 VD92EX0", 11, b, 6, &len, &diag), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
    assert_int_equal(diag.err, DPP_ERR_BUFFER_TOO_SMALL);
    assert_non_null(strstr(diag.msg, "7"));
    assert_non_null(strstr(diag.msg, "out_cap 6"));
    for (size_t i = 0; i < sizeof b; i++) {
        assert_int_equal(b[i], 0xAA); /* nothing written */
    }
    assert_int_equal(dpp_base45_decode("%69 VD92EX0", 11, b, 7, &len, NULL), DPP_OK);
    assert_int_equal(len, 7);
    assert_int_equal(b[7], 0xAA);
    /* a Base45 error wins over a small buffer */
    assert_int_equal(dpp_base45_decode("GGW", 3, b, 1, &len, &diag), DPP_ERR_BASE45);
    /* out_cap 0 with a non-NULL out is a capacity question, not size mode */
    assert_int_equal(dpp_base45_decode("BB8", 3, b, 0, &len, NULL), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(dpp_base45_encode((const uint8_t *)"AB", 2, t, 0, &len), DPP_ERR_BUFFER_TOO_SMALL);
}

static void no_partial_output_on_error(void **state)
{
    uint8_t b[8];
    size_t len = 99;
    (void)state;
    memset(b, 0xAA, sizeof b);
    /* "AB" decodes first, then GGW fails: the written bytes are cleared */
    assert_int_equal(dpp_base45_decode("BB8GGW", 6, b, sizeof b, &len, NULL), DPP_ERR_BASE45);
    assert_int_equal(len, 0);
    assert_int_equal(b[0], 0);
    assert_int_equal(b[1], 0);
    assert_int_equal(b[2], 0xAA);
}

static void invalid_arguments(void **state)
{
    char t[8];
    uint8_t b[8];
    size_t len = 99;
    dpp_diag diag;
    (void)state;
    assert_int_equal(dpp_base45_encode((const uint8_t *)"AB", 2, t, sizeof t, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_base45_encode(NULL, 2, t, sizeof t, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    len = 99;
    /* the encoded length of SIZE_MAX bytes does not fit a size_t (nothing is read) */
    assert_int_equal(dpp_base45_encode((const uint8_t *)"AB", SIZE_MAX, NULL, 0, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_int_equal(dpp_base45_decode("BB8", 3, b, sizeof b, NULL, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(diag.err, DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(diag.msg, "out_len"));
    len = 99;
    assert_int_equal(dpp_base45_decode(NULL, 3, b, sizeof b, &len, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_non_null(strstr(diag.msg, "in is NULL"));
}

/* Every 1-character input fails; every 2-character input decodes to the
 * one byte it denotes, or fails with DPP_ERR_BASE45 (QCBOR-style). */
static void exhaustive_short_inputs(void **state)
{
    size_t ok = 0;
    (void)state;
    for (int c = 0; c < 256; c++) {
        char in[1] = {(char)c};
        uint8_t out[4] = {0};
        size_t len = 99;
        assert_int_equal(dpp_base45_decode(in, 1, out, sizeof out, &len, NULL), DPP_ERR_BASE45);
        assert_int_equal(len, 0);
    }
    for (int c0 = 0; c0 < 256; c0++) {
        for (int c1 = 0; c1 < 256; c1++) {
            char in[2] = {(char)c0, (char)c1};
            uint8_t out[4] = {0};
            size_t len = 99;
            dpp_diag diag;
            int v0 = ref_value((unsigned char)c0);
            int v1 = ref_value((unsigned char)c1);
            dpp_err err = dpp_base45_decode(in, 2, out, sizeof out, &len, &diag);
            if (v0 >= 0 && v1 >= 0 && v0 + 45 * v1 <= 255) {
                assert_int_equal(err, DPP_OK);
                assert_int_equal(len, 1);
                assert_int_equal(out[0], v0 + 45 * v1);
                ok++;
            } else {
                assert_int_equal(err, DPP_ERR_BASE45);
                assert_int_equal(len, 0);
                assert_int_equal(out[0], 0);
                assert_int_equal(diag.offset, v0 < 0 ? 0u : (v1 < 0 ? 1u : 0u));
            }
        }
    }
    assert_int_equal(ok, 256); /* each byte has exactly one pair */
}

/* Every triple over the alphabet: valid exactly when its value is <= 65535. */
static void exhaustive_alphabet_triples(void **state)
{
    size_t ok = 0;
    (void)state;
    for (int a = 0; a < 45; a++) {
        for (int b = 0; b < 45; b++) {
            for (int c = 0; c < 45; c++) {
                char in[3] = {k_alpha[a], k_alpha[b], k_alpha[c]};
                uint8_t out[2] = {0, 0};
                size_t len = 99;
                long n = a + 45L * b + 2025L * c;
                dpp_err err = dpp_base45_decode(in, 3, out, sizeof out, &len, NULL);
                if (n <= 65535) {
                    assert_int_equal(err, DPP_OK);
                    assert_int_equal(len, 2);
                    assert_int_equal(out[0] * 256 + out[1], n);
                    ok++;
                } else {
                    assert_int_equal(err, DPP_ERR_BASE45);
                }
            }
        }
    }
    assert_int_equal(ok, 65536);
}

static uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return x;
}

static void random_round_trips(void **state)
{
    uint64_t seed = (uint64_t)time(NULL);
    uint64_t s;
    const char *env = getenv("DPP_TEST_SEED");
    (void)state;
    if (env != NULL) {
        seed = strtoull(env, NULL, 10);
    }
    printf("test_base45: random seed %llu (set DPP_TEST_SEED to repeat)\n", (unsigned long long)seed);
    s = seed * 2654435761u + 1u;
    for (int iter = 0; iter < 2000; iter++) {
        uint8_t in[400];
        char text[600];
        uint8_t back[400];
        size_t n = (size_t)(xorshift(&s) % (sizeof in + 1));
        size_t tlen = 0;
        size_t blen = 0;
        for (size_t i = 0; i < n; i++) {
            in[i] = (uint8_t)xorshift(&s);
        }
        assert_int_equal(dpp_base45_encode(in, n, text, sizeof text, &tlen), DPP_OK);
        assert_int_equal(tlen, DPP_BASE45_ENCODED_LEN(n));
        for (size_t i = 0; i < tlen; i++) {
            assert_true(ref_value((unsigned char)text[i]) >= 0);
        }
        assert_int_equal(dpp_base45_decode(text, tlen, back, sizeof back, &blen, NULL), DPP_OK);
        assert_int_equal(blen, n);
        if (n > 0) {
            assert_memory_equal(back, in, n);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc9285_examples),
        cmocka_unit_test(rfc9285_ggw_rejected),
        cmocka_unit_test(boundary_values),
        cmocka_unit_test(empty_input),
        cmocka_unit_test(invalid_characters),
        cmocka_unit_test(length_one_mod_three),
        cmocka_unit_test(size_mode),
        cmocka_unit_test(buffer_too_small),
        cmocka_unit_test(no_partial_output_on_error),
        cmocka_unit_test(invalid_arguments),
        cmocka_unit_test(exhaustive_short_inputs),
        cmocka_unit_test(exhaustive_alphabet_triples),
        cmocka_unit_test(random_round_trips),
    };
    return cmocka_run_group_tests_name("test_base45", tests, NULL, NULL);
}
