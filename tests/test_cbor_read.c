/* The strict bounded CBOR reader and the checked writer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cbor_read.h"
#include "cbor_write.h"

static dpp_err read_one(const uint8_t *b, size_t n, bool strict, cb_item *it)
{
    cb_reader r;
    cb_init(&r, b, n, strict);
    if (cb_next(&r, it) != DPP_OK) return r.err;
    if (cb_skip(&r, it) != DPP_OK) return r.err;
    return cb_finish(&r);
}

#define EXPECT(err, strict, ...)                                              \
    do {                                                                      \
        static const uint8_t b_[] = {__VA_ARGS__};                            \
        cb_item it_;                                                          \
        assert_int_equal(read_one(b_, sizeof b_, (strict), &it_), (err));     \
    } while (0)

static void accepts_basic_items(void **state)
{
    cb_item it;
    cb_reader r;
    static const uint8_t u[] = {0x19, 0x04, 0xb0};      /* 1200 */
    static const uint8_t n[] = {0x39, 0x01, 0x05};      /* -262 */
    static const uint8_t t[] = {0x63, 'a', 'b', 'c'};
    int64_t v;
    (void)state;
    cb_init(&r, u, sizeof u, true);
    assert_int_equal(cb_next(&r, &it), DPP_OK);
    assert_int_equal(it.type, CB_UINT);
    assert_int_equal(it.v, 1200);
    assert_int_equal(it.end, 3);
    cb_init(&r, n, sizeof n, true);
    assert_int_equal(cb_read_int(&r, &v, &it), DPP_OK);
    assert_int_equal(v, -262);
    cb_init(&r, t, sizeof t, true);
    assert_int_equal(cb_next(&r, &it), DPP_OK);
    assert_int_equal(it.type, CB_TSTR);
    assert_int_equal(it.v, 3);
    assert_memory_equal(it.ptr, "abc", 3);
    EXPECT(DPP_OK, true, 0xf4);
    EXPECT(DPP_OK, true, 0xf5);
    EXPECT(DPP_OK, true, 0xf6);
    EXPECT(DPP_OK, true, 0xa2, 0x01, 0x80, 0x02, 0xa0); /* {1: [], 2: {}} */
    EXPECT(DPP_OK, true, 0xc4, 0x82, 0x21, 0x19, 0x01, 0x2c); /* 4([-2, 300]) */
    /* every one-byte tag head, including 6..20 which libcbor 0.8 refuses */
    for (uint8_t tg = 0xc0; tg <= 0xd7; tg++) {
        uint8_t b[2] = {tg, 0x00};
        assert_int_equal(read_one(b, 2, true, &it), DPP_OK);
        assert_int_equal(it.type, CB_TAG);
        assert_int_equal(it.v, tg - 0xc0u);
    }
    EXPECT(DPP_OK, true, 0xd8, 0x3d, 0x00);                   /* tag 61 */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xd8);               /* truncated tag */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xdc, 0x00);         /* reserved ai */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xd2);               /* tag without content */
}

static void rejects_forbidden_types(void **state)
{
    (void)state;
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xf9, 0x3c, 0x00);              /* half float */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xfa, 0x3f, 0x80, 0x00, 0x00);  /* float */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xfb, 0, 0, 0, 0, 0, 0, 0, 0);  /* double */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xf7);                          /* undefined */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xf8, 0x20);                    /* simple(32) */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xe0);                          /* simple(0) */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x9f, 0xff);                    /* indefinite array */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xbf, 0xff);                    /* indefinite map */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x5f, 0x41, 0x00, 0xff);        /* indefinite bstr */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x7f, 0x61, 0x61, 0xff);        /* indefinite tstr */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xff);                          /* lone break */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x1c);                          /* reserved ai 28 */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x62, 0xc3, 0x28);              /* bad UTF-8 */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x63, 0xed, 0xa0, 0x80);        /* surrogate */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x62, 0xc0, 0x80);              /* overlong NUL */
}

static void rejects_truncation_and_huge_counts(void **state)
{
    (void)state;
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x19, 0x01);             /* short uint16 */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x43, 0x01, 0x02);       /* bstr short */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x82, 0x01);             /* array short */
    /* declared counts far beyond the bytes present are rejected up front */
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x9b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xbb, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00);
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    EXPECT(DPP_ERR_CBOR_MALFORMED, true, 0xa1, 0x01);             /* map missing value */
}

static void strict_mode_requires_shortest_heads(void **state)
{
    (void)state;
    EXPECT(DPP_ERR_CBOR_NOT_DETERMINISTIC, true, 0x18, 0x17);     /* 23 in 2 bytes */
    EXPECT(DPP_ERR_CBOR_NOT_DETERMINISTIC, true, 0x19, 0x00, 0xff);
    EXPECT(DPP_ERR_CBOR_NOT_DETERMINISTIC, true, 0x38, 0x00);     /* -1 long */
    EXPECT(DPP_ERR_CBOR_NOT_DETERMINISTIC, true, 0x58, 0x01, 0x00);
    EXPECT(DPP_ERR_CBOR_NOT_DETERMINISTIC, true, 0x98, 0x00);
    EXPECT(DPP_ERR_CBOR_NOT_DETERMINISTIC, true, 0xd8, 0x12, 0x00); /* tag 18 long */
    EXPECT(DPP_OK, false, 0x18, 0x17);                            /* lenient mode */
    EXPECT(DPP_OK, true, 0x18, 0x18);
    EXPECT(DPP_OK, true, 0x19, 0x01, 0x00);
}

static void trailing_bytes_and_depth(void **state)
{
    uint8_t deep[DPP_MAX_CBOR_DEPTH + 2];
    cb_item it;
    (void)state;
    EXPECT(DPP_ERR_CBOR_TRAILING, true, 0x01, 0x02);
    /* DPP_MAX_CBOR_DEPTH nested arrays are fine, one more is not */
    memset(deep, 0x81, sizeof deep);
    deep[DPP_MAX_CBOR_DEPTH] = 0x00;
    assert_int_equal(read_one(deep, DPP_MAX_CBOR_DEPTH + 1, true, &it), DPP_OK);
    deep[DPP_MAX_CBOR_DEPTH] = 0x81;
    deep[DPP_MAX_CBOR_DEPTH + 1] = 0x00;
    assert_int_equal(read_one(deep, DPP_MAX_CBOR_DEPTH + 2, true, &it), DPP_ERR_CBOR_DEPTH);
}

static void key_order_rules(void **state)
{
    static const uint8_t k1[] = {0x01}, k4[] = {0x04}, k24[] = {0x18, 0x18}, kn[] = {0x39, 0x01, 0x05};
    static const uint8_t ta[] = {0x61, 'a'}, tb[] = {0x61, 'b'}, taa[] = {0x62, 'a', 'a'};
    (void)state;
    assert_int_equal(cb_key_order(NULL, 0, k1, 1), DPP_OK);
    assert_int_equal(cb_key_order(k1, 1, k4, 1), DPP_OK);
    assert_int_equal(cb_key_order(k4, 1, k1, 1), DPP_ERR_CBOR_NOT_DETERMINISTIC);
    assert_int_equal(cb_key_order(k4, 1, k4, 1), DPP_ERR_CBOR_DUPLICATE_KEY);
    assert_int_equal(cb_key_order(k4, 1, k24, 2), DPP_OK);
    assert_int_equal(cb_key_order(k24, 2, kn, 3), DPP_OK); /* negatives after positives */
    assert_int_equal(cb_key_order(ta, 2, tb, 2), DPP_OK);
    assert_int_equal(cb_key_order(tb, 2, taa, 3), DPP_OK); /* shorter text first */
    assert_int_equal(cb_key_order(taa, 3, tb, 2), DPP_ERR_CBOR_NOT_DETERMINISTIC);
}

static void writer_heads_and_bounds(void **state)
{
    uint8_t buf[32];
    cw_writer w;
    static const uint8_t expect[] = {0xa2, 0x01, 0x19, 0x04, 0xb0, 0x39, 0x01, 0x05, 0x62, 'h', 'i'};
    (void)state;
    cw_init(&w, buf, sizeof buf);
    cw_map(&w, 2);
    cw_uint(&w, 1);
    cw_uint(&w, 1200);
    cw_int(&w, -262);
    cw_cstr(&w, "hi");
    assert_int_equal(cw_err(&w), DPP_OK);
    assert_int_equal(w.len, sizeof expect);
    assert_memory_equal(buf, expect, sizeof expect);
    /* size mode counts the same bytes */
    cw_init(&w, NULL, 0);
    cw_map(&w, 2);
    cw_uint(&w, 1);
    cw_uint(&w, 1200);
    cw_int(&w, -262);
    cw_cstr(&w, "hi");
    assert_int_equal(w.len, sizeof expect);
    /* sticky overflow */
    cw_init(&w, buf, 3);
    cw_uint(&w, 1200);
    cw_uint(&w, 1);
    assert_int_equal(cw_err(&w), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(w.len, 3);
    cw_init(&w, buf, sizeof buf);
    cw_int(&w, INT64_MIN);
    assert_int_equal(w.len, 9);
    assert_int_equal(buf[0], 0x3b);
    assert_int_equal(buf[1], 0x7f);
    /* insert places a head in front */
    cw_init(&w, buf, sizeof buf);
    cw_uint(&w, 5);
    cw_insert(&w, 0, "\x81", 1);
    assert_int_equal(w.len, 2);
    assert_memory_equal(buf, "\x81\x05", 2);
}

/* Every 1- and 2-byte input: no crash, and a definite verdict. */
static void exhaustive_short_inputs(void **state)
{
    uint8_t b[2];
    cb_item it;
    size_t ok = 0;
    (void)state;
    for (unsigned i = 0; i < 256; i++) {
        b[0] = (uint8_t)i;
        if (read_one(b, 1, true, &it) == DPP_OK) ok++;
        for (unsigned j = 0; j < 256; j++) {
            b[1] = (uint8_t)j;
            (void)read_one(b, 2, true, &it);
        }
    }
    /* single-byte items accepted: 0..23, -1..-24, "" , h'', [], {}, false, true, null */
    assert_int_equal(ok, 24 + 24 + 1 + 1 + 1 + 1 + 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_basic_items),
        cmocka_unit_test(rejects_forbidden_types),
        cmocka_unit_test(rejects_truncation_and_huge_counts),
        cmocka_unit_test(strict_mode_requires_shortest_heads),
        cmocka_unit_test(trailing_bytes_and_depth),
        cmocka_unit_test(key_order_rules),
        cmocka_unit_test(writer_heads_and_bounds),
        cmocka_unit_test(exhaustive_short_inputs),
    };
    return cmocka_run_group_tests_name("cbor_read", tests, NULL, NULL);
}
