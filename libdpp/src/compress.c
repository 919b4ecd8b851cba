/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The zlib layer: RFC 1950 streams, written by libdpp's own deflate encoder
 * and read back strictly with zlib's inflate.
 *
 * Writing. A signed passport is a few hundred bytes, and for that size
 * zlib's deflate spends its time on set-up and Huffman tree building, not on
 * compressing: about 180k instructions a call (measured with callgrind,
 * zlib 1.2.13, level 9), more than half an ECDSA P-256 signature. For such
 * inputs zlib ends up emitting one block with the fixed Huffman code anyway
 * (same output with Z_FIXED). So libdpp encodes that block itself:
 *  - LZ77 matches from hash chains over the whole input (and the preset
 *    dictionary, when one is used), every non-dominated (length, distance)
 *    candidate per position;
 *  - an optimal parse for the fixed code: a shortest-path pass over the
 *    positions with the exact bit cost of each literal and match, so the
 *    block is the smallest fixed-code block those candidates allow (never
 *    larger than zlib's level-9 lazy parse with the fixed code);
 *  - a stored block instead when that is smaller (incompressible input);
 *  - from 1024 bytes of input on, zlib (level 9, 4 KiB window, memLevel 6)
 *    is run as well and the shorter stream kept, since a dynamic Huffman
 *    block can then win.
 * The output is an ordinary zlib stream (CMF 0x48: deflate with a 4 KiB
 * window; FLG: level 9), read by any RFC 1950 decoder; tests/test_deflate.c
 * checks it against zlib's inflate and against zlib's own output size.
 * Work space: one allocation of about 12 KiB for a 400-byte input (at most
 * 74 KiB at the 4096-byte cap), freed before returning.
 *
 * Reading. zlib's inflate with its state in a caller-stack arena (zalloc and
 * zfree hooks): no heap allocation at all. A stream that is inflated in one
 * call never needs inflate's window, only its state (about 7 KiB); a preset
 * dictionary needs the window too.
 */
#include "compress.h"

#include <limits.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "diag.h"

/* The zlib fallback for larger inputs (see above). */
#define DPP_ZLIB_LEVEL 9
#define DPP_ZLIB_WINDOW_BITS 12
#define DPP_ZLIB_MEM_LEVEL 6
#define DPP_ZLIB_FALLBACK_FROM 1024

/* ---- the deflate encoder ---- */

#define DEFL_MIN_MATCH 3
#define DEFL_MAX_MATCH 258
#define DEFL_MAX_DIST 32768
#define DEFL_HASH_BITS 12
#define DEFL_HASH_SIZE (1u << DEFL_HASH_BITS)
#define DEFL_CHAIN 128 /* candidates looked at per position */
#define DEFL_NONE 0xFFFFu

static const uint16_t k_len_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                        31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint16_t k_dist_base[30] = {1,   2,   3,    4,    5,    7,    9,    13,    17,    25,
                                         33,  49,  65,   97,   129,  193,  257,  385,   513,   769,
                                         1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};

static unsigned floor_log2(unsigned v) /* v > 0 */
{
    unsigned n = 0;
    while (v >>= 1) n++;
    return n;
}

/* Length 3..258 -> index 0..28 of the length codes 257..285. */
static unsigned len_index(unsigned len)
{
    unsigned v = len - 3u, n;
    if (len == 258u) return 28u;
    if (v < 8u) return v;
    n = floor_log2(v);
    return 4u * n - 4u + ((v >> (n - 2u)) & 3u);
}

static unsigned len_extra_bits(unsigned idx) { return idx < 8u || idx == 28u ? 0u : (idx >> 2) - 1u; }

/* Distance 1..32768 -> distance code 0..29. */
static unsigned dist_code(unsigned dist)
{
    unsigned v = dist - 1u, n;
    if (v < 4u) return v;
    n = floor_log2(v);
    return 2u * n + ((v >> (n - 1u)) & 1u);
}

static unsigned dist_extra_bits(unsigned code) { return code < 4u ? 0u : (code >> 1) - 1u; }

/* Bits of a match with the fixed code: length symbol (7 bits for 257..279,
 * 8 for 280..285) and its extra bits; distance symbol (5) and extra bits. */
static unsigned len_cost(unsigned len)
{
    unsigned li = len_index(len);
    return (li <= 22u ? 7u : 8u) + len_extra_bits(li);
}

static unsigned dist_cost(unsigned dist) { return 5u + dist_extra_bits(dist_code(dist)); }

static unsigned literal_cost(uint8_t b) { return b < 144u ? 8u : 9u; }

typedef struct bit_writer {
    uint8_t *out;
    size_t cap, len;
    uint64_t acc;
    unsigned nbits;
} bit_writer;

/* n <= 16 bits; whole bytes leave the accumulator four at a time. */
static inline void put_bits(bit_writer *w, uint32_t v, unsigned n)
{
    w->acc |= (uint64_t)v << w->nbits;
    w->nbits += n;
    if (w->nbits >= 32u) {
        for (unsigned i = 0; i < 4u; i++, w->len++)
            if (w->len < w->cap) w->out[w->len] = (uint8_t)(w->acc >> (8u * i));
        w->acc >>= 32;
        w->nbits -= 32u;
    }
}

/* A Huffman code of n <= 12 bits: written most significant bit first, so
 * reversed (nibble by nibble) into the LSB-first stream. */
static inline void put_code(bit_writer *w, uint32_t code, unsigned n)
{
    static const uint8_t rev4[16] = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
    uint32_t r = (uint32_t)rev4[code & 15u] << 8 | (uint32_t)rev4[(code >> 4) & 15u] << 4 | rev4[(code >> 8) & 15u];
    put_bits(w, r >> (12u - n), n);
}

/* Literal/length symbol 0..287 with the fixed code (RFC 1951 3.2.6):
 * 8 bits for 0..143 and 280..287, 9 for 144..255, 7 for 256..279. */
static inline void put_symbol(bit_writer *w, unsigned sym)
{
    if (sym < 144u) put_code(w, 0x30u + sym, 8);
    else if (sym < 256u) put_code(w, 0x190u + (sym - 144u), 9);
    else if (sym < 280u) put_code(w, sym - 256u, 7);
    else put_code(w, 0xC0u + (sym - 280u), 8);
}

/* Pads to a byte boundary and writes out the accumulator. */
static void flush_bits(bit_writer *w)
{
    for (; w->nbits > 0; w->nbits = w->nbits > 8u ? w->nbits - 8u : 0u, w->len++) {
        if (w->len < w->cap) w->out[w->len] = (uint8_t)w->acc;
        w->acc >>= 8;
    }
}

/* Work space of one encode, for `total` bytes (dictionary + input) of which
 * the last n are encoded. */
typedef struct defl_work {
    uint16_t head[DEFL_HASH_SIZE];
    uint16_t *prev;      /* [total] previous position with the same hash */
    uint32_t *cost;      /* [n + 1] bits to encode in[0..i) */
    uint16_t *step_len;  /* [n + 1] how in[..i) ends: 1 = literal, else match length */
    uint16_t *step_dist; /* [n + 1] its distance */
} defl_work;

static unsigned hash3(const uint8_t *p)
{
    uint32_t v = ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
    return (unsigned)((v * 2654435761u) >> (32 - DEFL_HASH_BITS));
}

static void insert_pos(defl_work *wk, const uint8_t *buf, size_t total, size_t pos)
{
    unsigned h;
    if (pos + DEFL_MIN_MATCH > total) return;
    h = hash3(buf + pos);
    wk->prev[pos] = wk->head[h];
    wk->head[h] = (uint16_t)pos;
}

/* The optimal fixed-code parse of buf[start..total): fills cost/step_*. */
static void parse(defl_work *wk, const uint8_t *buf, size_t start, size_t total)
{
    size_t n = total - start;

    for (size_t i = 0; i <= n; i++) wk->cost[i] = UINT32_MAX;
    wk->cost[0] = 0;
    for (size_t p = 0; p < start; p++) insert_pos(wk, buf, total, p);
    for (size_t i = 0; i < n; i++) {
        size_t p = start + i;
        uint32_t base = wk->cost[i];
        size_t max_len = total - p < DEFL_MAX_MATCH ? total - p : DEFL_MAX_MATCH;
        uint32_t lit = base + literal_cost(buf[p]);

        if (lit < wk->cost[i + 1]) {
            wk->cost[i + 1] = lit;
            wk->step_len[i + 1] = 1;
            wk->step_dist[i + 1] = 0;
        }
        if (max_len >= DEFL_MIN_MATCH) {
            /* Candidates come nearest first; one is worth looking at only if
             * it is longer than every nearer one (a nearer match of the same
             * length never costs more bits). */
            size_t best = DEFL_MIN_MATCH - 1;
            unsigned chain = DEFL_CHAIN;
            uint16_t c = wk->head[hash3(buf + p)];
            while (c != DEFL_NONE && chain-- > 0) {
                size_t dist = p - c, len = 0;
                if (dist > DEFL_MAX_DIST) break;
                if (buf[c + best] == buf[p + best]) {
                    uint32_t dbase;
                    while (len < max_len && buf[c + len] == buf[p + len]) len++;
                    dbase = base + dist_cost((unsigned)dist);
                    for (size_t l = best + 1; l <= len; l++) {
                        uint32_t v = dbase + len_cost((unsigned)l);
                        if (v < wk->cost[i + l]) {
                            wk->cost[i + l] = v;
                            wk->step_len[i + l] = (uint16_t)l;
                            wk->step_dist[i + l] = (uint16_t)dist;
                        }
                    }
                    if (len > best) best = len;
                    if (best == max_len) break;
                }
                c = wk->prev[c];
            }
        }
        insert_pos(wk, buf, total, p);
    }
}

/* Emits the parse as one final fixed-code block. */
static void emit_fixed(bit_writer *w, const defl_work *wk, const uint8_t *in, size_t n, uint16_t *order)
{
    size_t k = 0;
    /* walk back from the end, then forward */
    for (size_t i = n; i > 0; i -= wk->step_len[i]) order[k++] = (uint16_t)i;
    put_bits(w, 1u, 1); /* BFINAL */
    put_bits(w, 1u, 2); /* BTYPE 01: fixed Huffman codes */
    while (k > 0) {
        size_t end = order[--k];
        unsigned len = wk->step_len[end];
        if (len == 1u) {
            put_symbol(w, in[end - 1]);
        } else {
            unsigned dist = wk->step_dist[end], li = len_index(len), dc = dist_code(dist);
            put_symbol(w, 257u + li);
            put_bits(w, len - k_len_base[li], len_extra_bits(li));
            put_code(w, dc, 5);
            put_bits(w, dist - k_dist_base[dc], dist_extra_bits(dc));
        }
    }
    put_symbol(w, 256u); /* end of block */
    flush_bits(w);
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* zlib header: CM 8, CINFO (window 2^(cinfo+8)), FLEVEL 3, FDICT. */
static size_t put_header(uint8_t *p, unsigned cinfo, const uint8_t *dict, size_t dict_len)
{
    unsigned cmf = (cinfo << 4) | 8u, flg = 0xC0u | (dict != NULL ? 0x20u : 0u);
    flg |= (31u - ((cmf << 8) | flg) % 31u) % 31u; /* FCHECK */
    p[0] = (uint8_t)cmf;
    p[1] = (uint8_t)flg;
    if (dict == NULL) return 2;
    put_be32(p + 2, (uint32_t)adler32(adler32(0L, Z_NULL, 0), dict, (uInt)dict_len));
    return 6;
}

/* The stream zlib writes (see DPP_ZLIB_*), or DPP_ERR_BUFFER_TOO_SMALL. */
static dpp_err zlib_deflate(const uint8_t *in, size_t in_len, const uint8_t *dict, size_t dict_len, uint8_t *out,
                            size_t out_cap, size_t *out_len)
{
    z_stream zs;
    dpp_err err = DPP_OK;
    int rc;

    memset(&zs, 0, sizeof zs);
    rc = deflateInit2(&zs, DPP_ZLIB_LEVEL, Z_DEFLATED, dict != NULL ? 13 : DPP_ZLIB_WINDOW_BITS, DPP_ZLIB_MEM_LEVEL,
                      Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) return rc == Z_MEM_ERROR ? DPP_ERR_NO_MEMORY : DPP_ERR_INVALID_ARG;
    if (dict != NULL && deflateSetDictionary(&zs, dict, (uInt)dict_len) != Z_OK) {
        (void)deflateEnd(&zs);
        return DPP_ERR_INVALID_ARG;
    }
    zs.next_in = (Bytef *)(uintptr_t)in; /* deflate never writes through next_in */
    zs.avail_in = (uInt)in_len;
    zs.next_out = out;
    zs.avail_out = out_cap > UINT_MAX ? UINT_MAX : (uInt)out_cap;
    rc = deflate(&zs, Z_FINISH);
    if (rc == Z_STREAM_END) *out_len = (size_t)zs.total_out;
    else if (rc == Z_OK || rc == Z_BUF_ERROR) err = DPP_ERR_BUFFER_TOO_SMALL;
    else err = rc == Z_MEM_ERROR ? DPP_ERR_NO_MEMORY : DPP_ERR_INVALID_ARG;
    (void)deflateEnd(&zs);
    return err;
}

dpp_err dpp_zlib_compress_dict(const uint8_t *in, size_t in_len, const uint8_t *dict, size_t dict_len, uint8_t *out,
                               size_t out_cap, size_t *out_len)
{
    size_t total, head_len, fixed_bytes, stored_bytes, need, alloc;
    uint8_t *buf = NULL, *block = NULL;
    defl_work wk;
    unsigned cinfo;
    dpp_err err = DPP_OK;

    if (out_len != NULL) *out_len = 0;
    if (out_len == NULL || out == NULL || (in == NULL && in_len != 0) || (dict == NULL && dict_len != 0) ||
        (dict != NULL && dict_len == 0))
        return DPP_ERR_INVALID_ARG;
    if (in_len > DPP_MAX_COSE_LEN || dict_len > DPP_ZLIB_MAX_DICT_LEN) return DPP_ERR_TOO_LARGE;

    total = dict_len + in_len;
    cinfo = total <= 4096u ? 4u : 5u; /* window that covers every distance used */
    /* One allocation: dictionary + input, then the parse arrays. */
    alloc = total + 8u + total * sizeof(uint16_t) + (in_len + 1u) * (sizeof(uint32_t) + 3u * sizeof(uint16_t));
    buf = malloc(alloc);
    if (buf == NULL) return DPP_ERR_NO_MEMORY;
    if (dict_len > 0) memcpy(buf, dict, dict_len);
    if (in_len > 0) memcpy(buf + dict_len, in, in_len);
    {
        uint8_t *p = buf + ((total + 8u) & ~(size_t)7u); /* 8-byte aligned arrays */
        wk.cost = (uint32_t *)(void *)p;
        p += (in_len + 1u) * sizeof(uint32_t);
        wk.prev = (uint16_t *)(void *)p;
        p += total * sizeof(uint16_t);
        wk.step_len = (uint16_t *)(void *)p;
        p += (in_len + 1u) * sizeof(uint16_t);
        wk.step_dist = (uint16_t *)(void *)p;
        p += (in_len + 1u) * sizeof(uint16_t);
        block = p; /* (in_len + 1) * 2 bytes: reused as the emit order */
    }
    memset(wk.head, 0xFF, sizeof wk.head);
    parse(&wk, buf, dict_len, total);

    head_len = dict != NULL ? 6u : 2u;
    fixed_bytes = (3u + wk.cost[in_len] + 7u + 7u) / 8u;
    stored_bytes = 5u + in_len;
    need = head_len + (fixed_bytes <= stored_bytes ? fixed_bytes : stored_bytes) + 4u;

    if (in_len >= DPP_ZLIB_FALLBACK_FROM) {
        /* zlib may do better with a dynamic Huffman block */
        size_t zlen = 0;
        dpp_err ze = zlib_deflate(in, in_len, dict, dict_len, out, out_cap < need ? out_cap : need - 1u, &zlen);
        if (ze == DPP_OK) {
            *out_len = zlen;
            goto done;
        }
        if (ze != DPP_ERR_BUFFER_TOO_SMALL) {
            err = ze;
            goto done;
        }
        memset(out, 0, out_cap < need ? out_cap : need - 1u); /* zlib's partial stream */
    }
    if (need > out_cap) {
        err = DPP_ERR_BUFFER_TOO_SMALL;
        goto done;
    }
    {
        bit_writer w = {out, out_cap, 0, 0, 0};
        w.len = put_header(out, cinfo, dict, dict_len);
        if (fixed_bytes <= stored_bytes) {
            emit_fixed(&w, &wk, in, in_len, (uint16_t *)(void *)block);
        } else {
            put_bits(&w, 1u, 1); /* BFINAL, BTYPE 00: stored */
            put_bits(&w, 0u, 2);
            flush_bits(&w);
            put_bits(&w, (uint32_t)in_len, 16);
            put_bits(&w, (uint32_t)(~in_len & 0xFFFFu), 16);
            if (in_len > 0) memcpy(out + w.len, in, in_len);
            w.len += in_len;
        }
        put_be32(out + w.len, (uint32_t)adler32(adler32(0L, Z_NULL, 0), in_len > 0 ? in : Z_NULL, (uInt)in_len));
        w.len += 4;
        if (w.len != need) { /* not reached: the size was computed exactly */
            err = DPP_ERR_INVALID_ARG;
            goto done;
        }
        *out_len = w.len;
    }
done:
    if (err != DPP_OK) memset(out, 0, out_cap < need ? out_cap : need);
    free(buf);
    return err;
}

dpp_err dpp_zlib_compress(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len)
{
    return dpp_zlib_compress_dict(in, in_len, NULL, 0, out, out_cap, out_len);
}

/* ---- reading ---- */

bool dpp_zlib_looks_like(const uint8_t *in, size_t in_len)
{
    unsigned cmf;
    unsigned flg;

    if (in == NULL || in_len < 2u) {
        return false;
    }
    cmf = in[0];
    flg = in[1];
    return (cmf & 0x0Fu) == 8u && (cmf >> 4) <= 7u && ((cmf << 8) | flg) % 31u == 0u;
}

/*
 * inflate's memory: a bump allocator over a buffer in the caller's frame.
 * inflate asks for its state (sizeof(struct inflate_state): 7160 bytes in
 * zlib 1.2.13 on x86-64) and, only when it needs one, a window of
 * 2^windowBits bytes: with a preset dictionary, or when it stops before the
 * end of the stream (a truncated input). The arena holds the state and a
 * window of up to 8 KiB (the encoder's windows are 4 and 8 KiB); anything
 * that does not fit comes from the heap and is freed by zfree.
 */
#define ARENA_SIZE 16384u
typedef struct zarena {
    alignas(max_align_t) uint8_t mem[ARENA_SIZE];
    size_t used;
} zarena;

static voidpf arena_alloc(voidpf opaque, uInt items, uInt size)
{
    zarena *a = opaque;
    size_t n = (size_t)items * size;
    size_t at = (a->used + (alignof(max_align_t) - 1u)) & ~(size_t)(alignof(max_align_t) - 1u);
    if (size != 0 && n / size != items) return Z_NULL;
    if (at <= ARENA_SIZE && n <= ARENA_SIZE - at) {
        a->used = at + n;
        return a->mem + at;
    }
    return malloc(n);
}

static void arena_free(voidpf opaque, voidpf p)
{
    zarena *a = opaque;
    const uint8_t *q = p;
    if (q < a->mem || q >= a->mem + ARENA_SIZE) free(p);
}

static dpp_err inflate_impl(const uint8_t *in, size_t in_len, const uint8_t *dict, size_t dict_len, uint8_t *out,
                            size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    zarena arena;
    z_stream zs;
    bool started = false;
    dpp_err err = DPP_OK;
    size_t used;
    int rc;

    dpp_diag_clear(diag);
    if (out_len != NULL) {
        *out_len = 0;
    }
    if (out_len == NULL || out == NULL) {
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "%s is NULL", out == NULL ? "out" : "out_len");
    }
    if (in == NULL && in_len != 0) {
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "in is NULL with in_len %zu", in_len);
    }
    if (in_len > UINT_MAX) {
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "zlib input of %zu bytes exceeds %u", in_len,
                            UINT_MAX);
    }
    if (in_len < 2u) {
        return dpp_diag_set(diag, DPP_ERR_INFLATE, in_len, "zlib stream truncated: %zu bytes, no 2-byte header",
                            in_len);
    }
    if ((in[0] & 0x0Fu) != 8u) {
        return dpp_diag_set(diag, DPP_ERR_INFLATE, 0, "zlib header: compression method %u, expected 8 (deflate)",
                            (unsigned)(in[0] & 0x0Fu));
    }
    if ((in[0] >> 4) > 7u) {
        return dpp_diag_set(diag, DPP_ERR_INFLATE, 0, "zlib header: window size field CINFO %u exceeds 7",
                            (unsigned)(in[0] >> 4));
    }
    if ((((unsigned)in[0] << 8) | in[1]) % 31u != 0u) {
        return dpp_diag_set(diag, DPP_ERR_INFLATE, 1, "zlib header: FCHECK wrong (0x%02x%02x is not a multiple of 31)",
                            (unsigned)in[0], (unsigned)in[1]);
    }
    if ((in[1] & 0x20u) != 0u) {
        uint32_t want, got;
        if (dict == NULL) {
            return dpp_diag_set(diag, DPP_ERR_INFLATE, 1, "zlib header: preset dictionary not supported");
        }
        if (in_len < 6u) {
            return dpp_diag_set(diag, DPP_ERR_INFLATE, in_len, "zlib stream truncated: %zu bytes, no DICTID", in_len);
        }
        want = (uint32_t)adler32(adler32(0L, Z_NULL, 0), dict, (uInt)dict_len);
        got = (uint32_t)in[2] << 24 | (uint32_t)in[3] << 16 | (uint32_t)in[4] << 8 | in[5];
        if (got != want) {
            return dpp_diag_set(diag, DPP_ERR_INFLATE, 2,
                                "zlib header: DICTID 0x%08x is not the known dictionary's 0x%08x", (unsigned)got,
                                (unsigned)want);
        }
    }

    arena.used = 0;
    memset(&zs, 0, sizeof zs);
    zs.zalloc = arena_alloc;
    zs.zfree = arena_free;
    zs.opaque = &arena;
    /* zlib format; the window the header announces (CINFO + 8 bits) */
    rc = inflateInit2(&zs, (int)(in[0] >> 4) + 8);
    if (rc != Z_OK) {
        err = dpp_diag_set(diag, rc == Z_MEM_ERROR ? DPP_ERR_NO_MEMORY : DPP_ERR_INFLATE, SIZE_MAX,
                           "inflateInit2 failed (%d)", rc);
        goto done;
    }
    started = true;

    zs.next_in = (Bytef *)(uintptr_t)in; /* inflate never writes through next_in */
    zs.avail_in = (uInt)in_len;
    zs.next_out = out;
    zs.avail_out = out_cap > UINT_MAX ? UINT_MAX : (uInt)out_cap;

    rc = inflate(&zs, Z_FINISH);
    if (rc == Z_NEED_DICT) { /* FDICT with the known DICTID (checked above) */
        if (inflateSetDictionary(&zs, dict, (uInt)dict_len) != Z_OK) {
            err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "zlib could not take the preset dictionary");
            goto done;
        }
        rc = inflate(&zs, Z_FINISH);
    }
    used = in_len - zs.avail_in;
    switch (rc) {
    case Z_STREAM_END:
        if (zs.avail_in != 0) {
            err = dpp_diag_set(diag, DPP_ERR_INFLATE, used, "%u trailing bytes after the zlib stream at offset %zu",
                               (unsigned)zs.avail_in, used);
            goto done;
        }
        *out_len = (size_t)zs.total_out;
        break;
    case Z_DATA_ERROR:
        err = dpp_diag_set(diag, DPP_ERR_INFLATE, used, "corrupt zlib stream near offset %zu: %s", used,
                           zs.msg != NULL ? zs.msg : "data error");
        break;
    case Z_MEM_ERROR:
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "zlib could not allocate its state");
        break;
    case Z_OK:
    case Z_BUF_ERROR:
        /* Stopped early. A valid stream that still has output pending has
         * at least its Adler-32 unread, so input left means a full out. */
        if (zs.avail_out == 0 && zs.avail_in != 0) {
            err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, used, "inflated data exceeds the %zu-byte cap", out_cap);
        } else {
            err = dpp_diag_set(diag, DPP_ERR_INFLATE, in_len, "zlib stream truncated at offset %zu", in_len);
        }
        break;
    default: /* Z_NEED_DICT is excluded by the header check; Z_STREAM_ERROR cannot happen */
        err = dpp_diag_set(diag, DPP_ERR_INFLATE, used, "inflate failed (%d) near offset %zu", rc, used);
        break;
    }

done:
    if (started) {
        if (err != DPP_OK && zs.total_out != 0) {
            memset(out, 0, (size_t)zs.total_out);
        }
        (void)inflateEnd(&zs);
    }
    return err;
}

dpp_err dpp_zlib_inflate(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len,
                         dpp_diag *diag)
{
    return inflate_impl(in, in_len, NULL, 0, out, out_cap, out_len, diag);
}

dpp_err dpp_zlib_inflate_dict(const uint8_t *in, size_t in_len, const uint8_t *dict, size_t dict_len, uint8_t *out,
                              size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    if (dict == NULL || dict_len == 0 || dict_len > DPP_ZLIB_MAX_DICT_LEN) {
        dpp_diag_clear(diag);
        if (out_len != NULL) *out_len = 0;
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "dictionary must be 1..%d bytes",
                            DPP_ZLIB_MAX_DICT_LEN);
    }
    return inflate_impl(in, in_len, dict, dict_len, out, out_cap, out_len, diag);
}
