/* The strict bounded CBOR reader and the checked writer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cbor.h>

#include "cbor_read.h"
#include "cbor_write.h"

static dpp_err read_one(const uint8_t *b, size_t n, bool strict, cb_item *it)
{
    cb_reader r;
    dpp_cb_init(&r, b, n, strict);
    if (dpp_cb_next(&r, it) != DPP_OK) return r.err;
    if (dpp_cb_skip(&r, it) != DPP_OK) return r.err;
    return dpp_cb_finish(&r);
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
    dpp_cb_init(&r, u, sizeof u, true);
    assert_int_equal(dpp_cb_next(&r, &it), DPP_OK);
    assert_int_equal(it.type, CB_UINT);
    assert_int_equal(it.v, 1200);
    assert_int_equal(it.end, 3);
    dpp_cb_init(&r, n, sizeof n, true);
    assert_int_equal(dpp_cb_read_int(&r, &v, &it), DPP_OK);
    assert_int_equal(v, -262);
    dpp_cb_init(&r, t, sizeof t, true);
    assert_int_equal(dpp_cb_next(&r, &it), DPP_OK);
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
    assert_int_equal(dpp_cb_key_order(NULL, 0, k1, 1), DPP_OK);
    assert_int_equal(dpp_cb_key_order(k1, 1, k4, 1), DPP_OK);
    assert_int_equal(dpp_cb_key_order(k4, 1, k1, 1), DPP_ERR_CBOR_NOT_DETERMINISTIC);
    assert_int_equal(dpp_cb_key_order(k4, 1, k4, 1), DPP_ERR_CBOR_DUPLICATE_KEY);
    assert_int_equal(dpp_cb_key_order(k4, 1, k24, 2), DPP_OK);
    assert_int_equal(dpp_cb_key_order(k24, 2, kn, 3), DPP_OK); /* negatives after positives */
    assert_int_equal(dpp_cb_key_order(ta, 2, tb, 2), DPP_OK);
    assert_int_equal(dpp_cb_key_order(tb, 2, taa, 3), DPP_OK); /* shorter text first */
    assert_int_equal(dpp_cb_key_order(taa, 3, tb, 2), DPP_ERR_CBOR_NOT_DETERMINISTIC);
}

static void writer_heads_and_bounds(void **state)
{
    uint8_t buf[32];
    cw_writer w;
    static const uint8_t expect[] = {0xa2, 0x01, 0x19, 0x04, 0xb0, 0x39, 0x01, 0x05, 0x62, 'h', 'i'};
    (void)state;
    dpp_cw_init(&w, buf, sizeof buf);
    dpp_cw_map(&w, 2);
    dpp_cw_uint(&w, 1);
    dpp_cw_uint(&w, 1200);
    dpp_cw_int(&w, -262);
    dpp_cw_cstr(&w, "hi");
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    assert_int_equal(w.len, sizeof expect);
    assert_memory_equal(buf, expect, sizeof expect);
    /* size mode counts the same bytes */
    dpp_cw_init(&w, NULL, 0);
    dpp_cw_map(&w, 2);
    dpp_cw_uint(&w, 1);
    dpp_cw_uint(&w, 1200);
    dpp_cw_int(&w, -262);
    dpp_cw_cstr(&w, "hi");
    assert_int_equal(w.len, sizeof expect);
    /* sticky overflow */
    dpp_cw_init(&w, buf, 3);
    dpp_cw_uint(&w, 1200);
    dpp_cw_uint(&w, 1);
    assert_int_equal(dpp_cw_err(&w), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(w.len, 3);
    dpp_cw_init(&w, buf, sizeof buf);
    dpp_cw_int(&w, INT64_MIN);
    assert_int_equal(w.len, 9);
    assert_int_equal(buf[0], 0x3b);
    assert_int_equal(buf[1], 0x7f);
    /* insert places a head in front */
    dpp_cw_init(&w, buf, sizeof buf);
    dpp_cw_uint(&w, 5);
    dpp_cw_insert(&w, 0, "\x81", 1);
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


/* ---- Oracle: libcbor's streaming decoder ----
 * dpp_cb_next() decodes heads itself; this reference classifies the same bytes
 * with libcbor's cbor_stream_decode (plus the strict rules dpp_cb_next adds) and
 * the test below checks that both agree on every input. */
/* Context filled by the libcbor streaming callbacks for one head. */
typedef struct cb_tok {
    cb_item *it;
    int kind;       /* 0: none, 1: ok, 2: forbidden type */
    unsigned width; /* argument width in bytes: 0 (inline), 1, 2, 4, 8 */
} cb_tok;

#define TOK(ctx) ((cb_tok *)(ctx))

static void set_num(void *ctx, cb_type t, uint64_t v, unsigned width)
{
    TOK(ctx)->it->type = t;
    TOK(ctx)->it->v = v;
    TOK(ctx)->kind = 1;
    TOK(ctx)->width = width;
}
static void on_u8(void *c, uint8_t v) { set_num(c, CB_UINT, v, 1); }
static void on_u16(void *c, uint16_t v) { set_num(c, CB_UINT, v, 2); }
static void on_u32(void *c, uint32_t v) { set_num(c, CB_UINT, v, 4); }
static void on_u64(void *c, uint64_t v) { set_num(c, CB_UINT, v, 8); }
static void on_n8(void *c, uint8_t v) { set_num(c, CB_NEGINT, v, 1); }
static void on_n16(void *c, uint16_t v) { set_num(c, CB_NEGINT, v, 2); }
static void on_n32(void *c, uint32_t v) { set_num(c, CB_NEGINT, v, 4); }
static void on_n64(void *c, uint64_t v) { set_num(c, CB_NEGINT, v, 8); }
static void on_bstr(void *c, cbor_data d, size_t n)
{
    set_num(c, CB_BSTR, n, 0);
    TOK(c)->it->ptr = d;
}
static void on_tstr(void *c, cbor_data d, size_t n)
{
    set_num(c, CB_TSTR, n, 0);
    TOK(c)->it->ptr = d;
}
static void on_array(void *c, size_t n) { set_num(c, CB_ARRAY, n, 0); }
static void on_map(void *c, size_t n) { set_num(c, CB_MAP, n, 0); }
static void on_tag(void *c, uint64_t v) { set_num(c, CB_TAG, v, 0); }
static void on_null(void *c) { set_num(c, CB_NULL, 0, 0); }
static void on_bool(void *c, bool b) { set_num(c, b ? CB_TRUE : CB_FALSE, 0, 0); }
static void on_forbidden(void *c) { TOK(c)->kind = 2; }
static void on_forbidden_f(void *c, float f)
{
    (void)f;
    TOK(c)->kind = 2;
}
static void on_forbidden_d(void *c, double d)
{
    (void)d;
    TOK(c)->kind = 2;
}

static const struct cbor_callbacks k_ref_callbacks = {
    .uint8 = on_u8,
    .uint16 = on_u16,
    .uint32 = on_u32,
    .uint64 = on_u64,
    .negint8 = on_n8,
    .negint16 = on_n16,
    .negint32 = on_n32,
    .negint64 = on_n64,
    .byte_string_start = on_forbidden,
    .byte_string = on_bstr,
    .string = on_tstr,
    .string_start = on_forbidden,
    .indef_array_start = on_forbidden,
    .array_start = on_array,
    .indef_map_start = on_forbidden,
    .map_start = on_map,
    .tag = on_tag,
    .float2 = on_forbidden_f,
    .float4 = on_forbidden_f,
    .float8 = on_forbidden_d,
    .undefined = on_forbidden,
    .null = on_null,
    .boolean = on_bool,
    .indef_break = on_forbidden,
};


static unsigned ref_width(uint8_t ib)
{
    uint8_t ai = ib & 0x1f;
    return ai < 24 ? 0u : ai == 24 ? 1u : ai == 25 ? 2u : ai == 26 ? 4u : 8u;
}

static uint64_t ref_arg(const uint8_t *p, unsigned width)
{
    uint64_t v = 0;
    if (width == 0) return p[0] & 0x1f;
    for (unsigned i = 0; i < width; i++) v = (v << 8) | p[1 + i];
    return v;
}

static unsigned ref_min_width(uint64_t v)
{
    return v < 24 ? 0u : v <= 0xff ? 1u : v <= 0xffff ? 2u : v <= 0xffffffffu ? 4u : 8u;
}

/* One head at b[0..n): DPP_OK with *it and *used, or the error. */
static dpp_err ref_next(const uint8_t *b, size_t n, bool strict, cb_item *it, size_t *used)
{
    cb_tok tok;
    struct cbor_decoder_result res;
    memset(it, 0, sizeof *it);
    if (n == 0) return DPP_ERR_CBOR_MALFORMED;
    if ((b[0] >> 5) == 6) { /* libcbor 0.8 rejects tags 6..20: tags by hand, as before */
        unsigned w = ref_width(b[0]);
        if ((b[0] & 0x1f) >= 28 || n < 1u + w) return DPP_ERR_CBOR_MALFORMED;
        it->type = CB_TAG;
        it->v = ref_arg(b, w);
        if (strict && w != ref_min_width(it->v)) return DPP_ERR_CBOR_NOT_DETERMINISTIC;
        *used = 1u + w;
        return DPP_OK;
    }
    tok.it = it;
    tok.kind = 0;
    tok.width = 0;
    res = cbor_stream_decode(b, n, &k_ref_callbacks, &tok);
    if (res.status != CBOR_DECODER_FINISHED || tok.kind != 1 || res.read == 0 || res.read > n)
        return DPP_ERR_CBOR_MALFORMED;
    if ((b[0] >> 5) == 7 && (b[0] & 0x1f) >= 24) return DPP_ERR_CBOR_MALFORMED;
    if ((b[0] >> 5) != 7 && strict && ref_width(b[0]) != ref_min_width(ref_arg(b, ref_width(b[0]))))
        return DPP_ERR_CBOR_NOT_DETERMINISTIC;
    if (it->type == CB_TSTR && !dpp_cb_utf8_valid(it->ptr, (size_t)it->v)) return DPP_ERR_CBOR_MALFORMED;
    if (it->type == CB_ARRAY && it->v > n - res.read) return DPP_ERR_CBOR_MALFORMED;
    if (it->type == CB_MAP && it->v > (n - res.read) / 2) return DPP_ERR_CBOR_MALFORMED;
    *used = res.read;
    return DPP_OK;
}

static void agree(const uint8_t *b, size_t n, bool strict)
{
    cb_reader r;
    cb_item a, want;
    size_t used = 0;
    dpp_err e_ref = ref_next(b, n, strict, &want, &used);
    dpp_err e;
    dpp_cb_init(&r, b, n, strict);
    e = dpp_cb_next(&r, &a);
    if (e != e_ref) {
        fprintf(stderr, "disagree on %zu bytes starting %02x (strict %d): dpp_cb_next %s, libcbor %s\n", n,
                n ? b[0] : 0, (int)strict, dpp_err_str(e), dpp_err_str(e_ref));
        fail();
    }
    if (e != DPP_OK) return;
    assert_int_equal(a.type, want.type);
    assert_true(a.v == want.v);
    assert_ptr_equal(a.ptr, want.ptr);
    assert_int_equal(a.off, 0);
    assert_int_equal(a.end, used);
}

/* Every initial byte with every argument-byte pattern that matters, short
 * and long strings, truncated at every length, strict and not; then random
 * inputs. */
static void heads_agree_with_libcbor(void **state)
{
    static const uint8_t fills[] = {0x00, 0x01, 0x17, 0x18, 0x7f, 0x80, 0xc3, 0xff};
    uint8_t b[48];
    uint64_t x = 0x9e3779b97f4a7c15u;
    (void)state;
    for (unsigned ib = 0; ib < 256; ib++) {
        for (size_t f = 0; f < sizeof fills; f++) {
            for (size_t first = 0; first < sizeof fills; first++) {
                memset(b, fills[f], sizeof b);
                b[0] = (uint8_t)ib;
                b[1] = fills[first];
                for (size_t n = 0; n <= 12; n++) {
                    agree(b, n, true);
                    agree(b, n, false);
                }
                agree(b, sizeof b, true);
                agree(b, sizeof b, false);
            }
        }
    }
    for (unsigned i = 0; i < 200000; i++) {
        size_t n;
        for (size_t k = 0; k < sizeof b; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b[k] = (uint8_t)x;
        }
        /* bias lengths and heads toward the interesting small values */
        if ((x & 3u) == 0u) b[1] = (uint8_t)(x >> 8) & 0x1f;
        n = (size_t)(x >> 32) % (sizeof b + 1);
        agree(b, n, (x & 16u) != 0u);
    }
}

/* ---- Whole items against libcbor's cbor_load / cbor_serialize ----
 * Random documents written with our writer (dpp_cw_*), and single-byte
 * mutations of them. Whenever the strict reader accepts an input (one item,
 * nothing after it), libcbor must load it completely and serialize it back
 * to the same bytes: the reader accepts nothing an independent decoder
 * reads differently, and what the writer produces is canonical CBOR to
 * libcbor too. (Tags 6..20, which libcbor 0.8 refuses as malformed although
 * COSE_Sign1 is tag 18, are left out of the documents; see ARCHITECTURE.md.) */

static uint64_t xs(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void gen_item(cw_writer *w, uint64_t *x, int depth)
{
    static const uint64_t tags[] = {0, 1, 2, 3, 4, 5, 21, 24, 32, 1000, 55799, 65536, 4294967296u};
    static const uint64_t nums[] = {0, 1, 23, 24, 255, 256, 65535, 65536, 4294967295u, 4294967296u, UINT64_MAX};
    char text[24];
    uint64_t r = xs(x);
    unsigned kind = (unsigned)(r % (depth >= 4 ? 6u : 9u));
    switch (kind) {
    case 0: dpp_cw_uint(w, r & 1u ? nums[(r >> 8) % 11u] : (r >> 16) % 300u); break;
    case 1: dpp_cw_int(w, -1 - (int64_t)((r >> 8) % 70000u)); break;
    case 2: dpp_cw_bstr(w, &r, (size_t)((r >> 8) % 9u)); break;
    case 3: {
        size_t n = (size_t)((r >> 8) % 24u);
        for (size_t i = 0; i < n; i++) text[i] = (char)('a' + (int)((r >> (i % 50)) % 26u));
        dpp_cw_tstr(w, text, n);
        break;
    }
    case 4: dpp_cw_bool(w, (r >> 8) & 1u); break;
    case 5: dpp_cw_null(w); break;
    case 6: {
        size_t n = (size_t)((r >> 8) % 5u);
        dpp_cw_array(w, n);
        for (size_t i = 0; i < n; i++) gen_item(w, x, depth + 1);
        break;
    }
    case 7: {
        size_t n = (size_t)((r >> 8) % 4u);
        dpp_cw_map(w, n);
        for (size_t i = 0; i < 2 * n; i++) gen_item(w, x, depth + 1);
        break;
    }
    default:
        dpp_cw_tag(w, tags[(r >> 8) % 13u]);
        gen_item(w, x, depth + 1);
        break;
    }
}

/* 1 if the strict reader accepts buf as exactly one item. */
static int strict_accepts(const uint8_t *buf, size_t n)
{
    cb_reader r;
    dpp_cb_init(&r, buf, n, true);
    return dpp_cb_skip(&r, NULL) == DPP_OK && dpp_cb_finish(&r) == DPP_OK;
}

/* 1 if buf (accepted by the strict reader) holds a tag 6..20. */
static int has_tag_6_to_20(const uint8_t *buf, size_t n)
{
    cb_reader r;
    cb_item it;
    dpp_cb_init(&r, buf, n, true);
    while (r.pos < n && dpp_cb_next(&r, &it) == DPP_OK)
        if (it.type == CB_TAG && it.v >= 6 && it.v <= 20) return 1;
    return 0;
}

static void libcbor_reads_the_same(const uint8_t *buf, size_t n)
{
    struct cbor_load_result res;
    cbor_item_t *item = cbor_load(buf, n, &res);
    unsigned char *out = NULL;
    size_t out_size = 0, out_len;
    if (item == NULL) fail_msg("libcbor rejects %zu bytes the strict reader accepts (error %d at %zu)", n,
                               (int)res.error.code, res.error.position);
    assert_int_equal(res.read, n);
    out_len = cbor_serialize_alloc(item, &out, &out_size);
    assert_int_equal(out_len, n);
    assert_memory_equal(out, buf, n);
    free(out);
    cbor_decref(&item);
}

static void items_agree_with_libcbor(void **state)
{
    uint8_t doc[2048], mut[2048];
    uint64_t x = 0x2545f4914f6cdd1du;
    unsigned accepted_mutants = 0, refused_tags = 0;
    (void)state;
    for (unsigned i = 0; i < 3000; i++) {
        cw_writer w;
        dpp_cw_init(&w, doc, sizeof doc);
        gen_item(&w, &x, 0);
        if (dpp_cw_err(&w) != DPP_OK) continue; /* too large: skip */
        assert_true(strict_accepts(doc, w.len));
        libcbor_reads_the_same(doc, w.len);
        for (unsigned m = 0; m < 8; m++) {
            uint64_t r = xs(&x);
            size_t at = (size_t)(r % w.len);
            memcpy(mut, doc, w.len);
            mut[at] = (uint8_t)(r >> 32);
            if (!strict_accepts(mut, w.len)) continue;
            accepted_mutants++;
            if (has_tag_6_to_20(mut, w.len)) {
                /* libcbor 0.8 refuses these tags as malformed (COSE_Sign1 is 18) */
                struct cbor_load_result res;
                assert_null(cbor_load(mut, w.len, &res));
                assert_int_equal(res.error.code, CBOR_ERR_MALFORMATED);
                refused_tags++;
                continue;
            }
            libcbor_reads_the_same(mut, w.len);
        }
    }
    assert_true(accepted_mutants > 1000); /* the mutants exercised the reader */
    assert_true(refused_tags > 0);
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
        cmocka_unit_test(heads_agree_with_libcbor),
        cmocka_unit_test(items_agree_with_libcbor),
    };
    return cmocka_run_group_tests_name("cbor_read", tests, NULL, NULL);
}
