/* SPDX-License-Identifier: Apache-2.0 */
#include "cbor_read.h"

#include <string.h>

#include <cbor.h>

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

static const struct cbor_callbacks k_callbacks = {
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

void cb_init(cb_reader *r, const uint8_t *buf, size_t len, bool strict)
{
    r->buf = buf;
    r->len = buf == NULL ? 0 : len;
    r->pos = 0;
    r->strict = strict;
    r->err = DPP_OK;
    r->err_off = 0;
}

dpp_err cb_fail(cb_reader *r, dpp_err err, size_t off)
{
    if (r->err == DPP_OK) {
        r->err = err;
        r->err_off = off;
    }
    return r->err;
}

/* Width in bytes of the argument a head of this initial byte carries. */
static unsigned head_arg_width(uint8_t ib)
{
    uint8_t ai = ib & 0x1f;
    if (ai < 24) return 0;
    if (ai == 24) return 1;
    if (ai == 25) return 2;
    if (ai == 26) return 4;
    return 8;
}

static uint64_t head_arg(const uint8_t *p, unsigned width)
{
    uint64_t v = 0;
    if (width == 0) return p[0] & 0x1f;
    for (unsigned i = 0; i < width; i++) v = (v << 8) | p[1 + i];
    return v;
}

/* Smallest width that can carry v (0 = inline). */
static unsigned min_width(uint64_t v)
{
    if (v < 24) return 0;
    if (v <= 0xff) return 1;
    if (v <= 0xffff) return 2;
    if (v <= 0xffffffffu) return 4;
    return 8;
}

dpp_err cb_next(cb_reader *r, cb_item *it)
{
    cb_tok tok;
    struct cbor_decoder_result res;
    size_t left;

    memset(it, 0, sizeof *it);
    if (r->err != DPP_OK) return r->err;
    it->off = r->pos;
    left = r->len - r->pos;
    if (left == 0) return cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);

    /* libcbor 0.8's streaming decoder rejects tags 6..20 (0xc6..0xd4) as
     * "reserved", which includes COSE_Sign1's tag 18, so tag heads are
     * decoded here; every other item goes through cbor_stream_decode. */
    if ((r->buf[r->pos] >> 5) == 6) {
        const uint8_t *h = r->buf + r->pos;
        uint8_t ai = h[0] & 0x1f;
        unsigned w = head_arg_width(h[0]);
        if (ai >= 28 || left < 1u + w) return cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
        it->type = CB_TAG;
        it->v = head_arg(h, w);
        if (r->strict && w != min_width(it->v)) return cb_fail(r, DPP_ERR_CBOR_NOT_DETERMINISTIC, r->pos);
        r->pos += 1u + w;
        it->end = r->pos;
        return DPP_OK;
    }

    tok.it = it;
    tok.kind = 0;
    tok.width = 0;
    res = cbor_stream_decode(r->buf + r->pos, left, &k_callbacks, &tok);
    if (res.status != CBOR_DECODER_FINISHED || tok.kind != 1 || res.read == 0 || res.read > left)
        return cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);

    {
        const uint8_t *h = r->buf + r->pos;
        unsigned w = head_arg_width(h[0]);
        uint8_t major = (uint8_t)(h[0] >> 5);
        /* Simple values (major 7) are only false/true/null, in one byte. */
        if (major == 7 && (h[0] & 0x1f) >= 24) return cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
        if (major != 7 && r->strict && w != min_width(head_arg(h, w)))
            return cb_fail(r, DPP_ERR_CBOR_NOT_DETERMINISTIC, r->pos);
    }

    switch (it->type) {
    case CB_TSTR:
        if (!cb_utf8_valid(it->ptr, (size_t)it->v)) return cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
        break;
    case CB_ARRAY:
        if (it->v > left - res.read) return cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
        break;
    case CB_MAP:
        if (it->v > (left - res.read) / 2) return cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
        break;
    default: break;
    }
    r->pos += res.read;
    it->end = r->pos;
    return DPP_OK;
}

dpp_err cb_skip(cb_reader *r, const cb_item *first)
{
    /* pending[d] = items still to read at depth d. */
    uint64_t pending[DPP_MAX_CBOR_DEPTH + 1];
    unsigned depth = 0;
    cb_item it;

    if (first != NULL) {
        it = *first;
    } else if (cb_next(r, &it) != DPP_OK) {
        return r->err;
    }
    for (;;) {
        uint64_t children = 0;
        if (it.type == CB_ARRAY) children = it.v;
        else if (it.type == CB_MAP) children = it.v * 2; /* v <= len/2: no overflow */
        else if (it.type == CB_TAG) children = 1;
        if (children > 0) {
            if (depth >= DPP_MAX_CBOR_DEPTH) return cb_fail(r, DPP_ERR_CBOR_DEPTH, it.off);
            pending[++depth] = children;
        }
        while (depth > 0 && pending[depth] == 0) depth--;
        if (depth == 0) return DPP_OK;
        pending[depth]--;
        if (cb_next(r, &it) != DPP_OK) return r->err;
    }
}

bool cb_item_int64(const cb_item *it, int64_t *out)
{
    if (it->type == CB_UINT && it->v <= (uint64_t)INT64_MAX) {
        *out = (int64_t)it->v;
        return true;
    }
    if (it->type == CB_NEGINT && it->v <= (uint64_t)INT64_MAX) {
        *out = -1 - (int64_t)it->v;
        return true;
    }
    return false;
}

dpp_err cb_read_int(cb_reader *r, int64_t *out, cb_item *it)
{
    if (cb_next(r, it) != DPP_OK) return r->err;
    if (!cb_item_int64(it, out)) return cb_fail(r, DPP_ERR_SCHEMA_TYPE, it->off);
    return DPP_OK;
}

dpp_err cb_key_order(const uint8_t *prev, size_t prev_len, const uint8_t *cur, size_t cur_len)
{
    size_t n;
    int c;
    if (prev == NULL) return DPP_OK;
    n = prev_len < cur_len ? prev_len : cur_len;
    c = memcmp(prev, cur, n);
    if (c < 0) return DPP_OK;
    if (c > 0) return DPP_ERR_CBOR_NOT_DETERMINISTIC;
    if (prev_len == cur_len) return DPP_ERR_CBOR_DUPLICATE_KEY;
    return prev_len < cur_len ? DPP_OK : DPP_ERR_CBOR_NOT_DETERMINISTIC;
}

dpp_err cb_finish(cb_reader *r)
{
    if (r->err != DPP_OK) return r->err;
    if (r->pos != r->len) return cb_fail(r, DPP_ERR_CBOR_TRAILING, r->pos);
    return DPP_OK;
}

bool cb_utf8_valid(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            k = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            k = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            k = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i <= k) return false;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (p[i + j] & 0x3f);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += k + 1;
    }
    return true;
}
