/* SPDX-License-Identifier: Apache-2.0 */
#include "cbor_read.h"

#include <string.h>

void dpp_cb_init(cb_reader *r, const uint8_t *buf, size_t len, bool strict)
{
    r->buf = buf;
    r->len = buf == NULL ? 0 : len;
    r->pos = 0;
    r->strict = strict;
    r->err = DPP_OK;
    r->err_off = 0;
}

const char *dpp_cb_type_name(cb_type t)
{
    switch (t) {
    case CB_UINT: return "an unsigned integer";
    case CB_NEGINT: return "a negative integer";
    case CB_BSTR: return "a byte string";
    case CB_TSTR: return "a text string";
    case CB_ARRAY: return "an array";
    case CB_MAP: return "a map";
    case CB_TAG: return "a tag";
    case CB_FALSE: return "false";
    case CB_TRUE: return "true";
    case CB_NULL: return "null";
    }
    return "an unknown item";
}

dpp_err dpp_cb_fail(cb_reader *r, dpp_err err, size_t off)
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

/*
 * One head. The head is decoded here rather than with libcbor 0.8: its
 * streaming decoder (cbor_stream_decode) and cbor_load reject tags 6..20 as
 * malformed, COSE_Sign1's tag 18 among them; cbor_load allocates by the
 * declared length before reading the items (5 input bytes declaring an
 * array of 2^28 - 1 entries make it ask malloc for 2 GiB); and the
 * streaming decoder's per-item callback dispatch was the largest cost of
 * reading a passport outside the signature check (see bench/RESULTS.md).
 * tests/test_cbor_read.c checks every head, and whole items, against libcbor.
 * The rules are those of cbor_read.h; the order of the checks fixes which
 * error a doubly bad head gets: an incomplete item is malformed before it is
 * non-deterministic.
 */
dpp_err dpp_cb_next(cb_reader *r, cb_item *it)
{
    const uint8_t *h;
    size_t left, hl;
    uint8_t major, ai;
    unsigned w;

    memset(it, 0, sizeof *it);
    if (r->err != DPP_OK) return r->err;
    it->off = r->pos;
    left = r->len - r->pos;
    if (left == 0) return dpp_cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
    h = r->buf + r->pos;
    major = (uint8_t)(h[0] >> 5);
    ai = (uint8_t)(h[0] & 0x1f);
    /* 28..30 are reserved, 31 is an indefinite length or "break". */
    if (ai >= 28) return dpp_cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
    w = head_arg_width(h[0]);
    hl = 1u + w;
    if (left < hl) return dpp_cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
    it->v = head_arg(h, w);

    switch (major) {
    case 0: it->type = CB_UINT; break;
    case 1: it->type = CB_NEGINT; break;
    case 2:
    case 3:
        if (it->v > left - hl) return dpp_cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
        it->type = major == 2 ? CB_BSTR : CB_TSTR;
        it->ptr = h + hl;
        hl += (size_t)it->v;
        break;
    case 4: it->type = CB_ARRAY; break;
    case 5: it->type = CB_MAP; break;
    case 6: it->type = CB_TAG; break;
    default:
        /* Simple values: only false, true and null, in one byte; floats,
         * undefined and every other simple value are rejected. */
        it->v = 0;
        if (ai == 20) it->type = CB_FALSE;
        else if (ai == 21) it->type = CB_TRUE;
        else if (ai == 22) it->type = CB_NULL;
        else return dpp_cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
        break;
    }
    if (major != 7 && r->strict && w != min_width(it->v))
        return dpp_cb_fail(r, DPP_ERR_CBOR_NOT_DETERMINISTIC, r->pos);

    switch (it->type) {
    case CB_TSTR:
        if (!dpp_cb_utf8_valid(it->ptr, (size_t)it->v)) return dpp_cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
        break;
    case CB_ARRAY:
        if (it->v > left - hl) return dpp_cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
        break;
    case CB_MAP:
        if (it->v > (left - hl) / 2) return dpp_cb_fail(r, DPP_ERR_CBOR_MALFORMED, r->pos);
        break;
    default: break;
    }
    r->pos += hl;
    it->end = r->pos;
    return DPP_OK;
}

dpp_err dpp_cb_skip(cb_reader *r, const cb_item *first)
{
    /* pending[d] = items still to read at depth d. */
    uint64_t pending[DPP_MAX_CBOR_DEPTH + 1];
    unsigned depth = 0;
    cb_item it;

    if (first != NULL) {
        it = *first;
    } else if (dpp_cb_next(r, &it) != DPP_OK) {
        return r->err;
    }
    for (;;) {
        uint64_t children = 0;
        if (it.type == CB_ARRAY) children = it.v;
        else if (it.type == CB_MAP) children = it.v * 2; /* v <= len/2: no overflow */
        else if (it.type == CB_TAG) children = 1;
        if (children > 0) {
            if (depth >= DPP_MAX_CBOR_DEPTH) return dpp_cb_fail(r, DPP_ERR_CBOR_DEPTH, it.off);
            pending[++depth] = children;
        }
        while (depth > 0 && pending[depth] == 0) depth--;
        if (depth == 0) return DPP_OK;
        pending[depth]--;
        if (dpp_cb_next(r, &it) != DPP_OK) return r->err;
    }
}

bool dpp_cb_item_int64(const cb_item *it, int64_t *out)
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

dpp_err dpp_cb_read_int(cb_reader *r, int64_t *out, cb_item *it)
{
    if (dpp_cb_next(r, it) != DPP_OK) return r->err;
    if (!dpp_cb_item_int64(it, out)) return dpp_cb_fail(r, DPP_ERR_SCHEMA_TYPE, it->off);
    return DPP_OK;
}

dpp_err dpp_cb_key_order(const uint8_t *prev, size_t prev_len, const uint8_t *cur, size_t cur_len)
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

dpp_err dpp_cb_finish(cb_reader *r)
{
    if (r->err != DPP_OK) return r->err;
    if (r->pos != r->len) return dpp_cb_fail(r, DPP_ERR_CBOR_TRAILING, r->pos);
    return DPP_OK;
}

bool dpp_cb_utf8_valid(const uint8_t *p, size_t n)
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
