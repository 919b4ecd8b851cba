/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The zlib layer: RFC 1950 streams written with zlib's deflate at level 9
 * and read back strictly with zlib's inflate.
 *
 * Writing. Compression parameters (measured with zlib 1.2.13 on CWT/COSE_Sign1
 * messages built per spec/payload.cddl: 60 messages of 431..469 bytes, plus
 * 800..4000-byte inputs):
 *   windowBits  9: 448.4 bytes average for ~450-byte input (zlib keeps 262
 *                  bytes of lookahead, so a 512-byte window reaches back only
 *                  250 bytes);
 *   windowBits 10..15, memLevel 3..9: 446.2 (identical output);
 *   at 3000..4000 bytes windowBits 12 is best, and memLevel <= 4 loses
 *   2-3% (the literal buffer, 2^(memLevel+6) symbols, forces extra blocks).
 * Chosen: windowBits 12 (the whole 4096-byte input cap in reach) and
 * memLevel 6 (a 4096-symbol literal buffer), about 54 KiB of deflate state
 * instead of 256 KiB at the defaults. These are the settings
 * spec/README.md section 4.3 recommends for reproducible texts (level 9,
 * window bits 12, memory level 6, dictionary v1 set first), which
 * tests/test_deflate.c checks byte for byte against zlib up to the cap and
 * tests/interop against Python's zlib. (Memory level 8 writes the same
 * bytes until an input has 4095 literal symbols, where the smaller literal
 * buffer ends a block: only incompressible inputs near the cap.) The
 * stream header has CINFO = 4.
 *
 * Cost, for the record: for a 400-byte message zlib's deflate takes about
 * 180k instructions (callgrind; most of it per-call set-up and Huffman tree
 * building, for a block that ends up using the fixed code), about 40% of a
 * whole dpp_encode(). An encoder of libdpp's own (an optimal parse for the
 * fixed code) was measured at a quarter of that with the same sizes, but it
 * writes different bytes than zlib, and byte-identical texts across
 * implementations are what section 4.3 asks for; so zlib it is.
 *
 * Reading. zlib's inflate with its state in a caller-stack arena (zalloc and
 * zfree hooks): no heap allocation for a well-formed stream.
 */
#include "compress.h"

#include <limits.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "diag.h"
#include "dict_v1.h"

#define DPP_ZLIB_LEVEL 9
#define DPP_ZLIB_WINDOW_BITS 12
#define DPP_ZLIB_MEM_LEVEL 6

dpp_err dpp_zlib_compress_dict(const uint8_t *in, size_t in_len, const uint8_t *dict, size_t dict_len, uint8_t *out,
                               size_t out_cap, size_t *out_len)
{
    z_stream zs;
    bool started = false;
    dpp_err err = DPP_OK;
    int rc;

    if (out_len != NULL) {
        *out_len = 0;
    }
    if (out_len == NULL || out == NULL || (in == NULL && in_len != 0) || (dict == NULL && dict_len != 0) ||
        (dict != NULL && dict_len == 0)) {
        return DPP_ERR_INVALID_ARG;
    }
    if (in_len > DPP_MAX_COSE_LEN || dict_len > DPP_ZLIB_MAX_DICT_LEN) {
        return DPP_ERR_TOO_LARGE;
    }

    memset(&zs, 0, sizeof zs); /* zalloc/zfree/opaque = Z_NULL: zlib's allocator */
    rc = deflateInit2(&zs, DPP_ZLIB_LEVEL, Z_DEFLATED, DPP_ZLIB_WINDOW_BITS, DPP_ZLIB_MEM_LEVEL,
                      Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) {
        err = rc == Z_MEM_ERROR ? DPP_ERR_NO_MEMORY : DPP_ERR_INVALID_ARG;
        goto done;
    }
    started = true;
    if (dict != NULL && deflateSetDictionary(&zs, dict, (uInt)dict_len) != Z_OK) {
        err = DPP_ERR_INVALID_ARG; /* not reached: a fresh stream takes any dictionary */
        goto done;
    }

    /* zlib's API is not const-correct; deflate never writes through next_in. */
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)in_len;
    zs.next_out = out;
    zs.avail_out = out_cap > UINT_MAX ? UINT_MAX : (uInt)out_cap;

    rc = deflate(&zs, Z_FINISH);
    if (rc == Z_STREAM_END) {
        *out_len = (size_t)zs.total_out;
    } else if (rc == Z_OK || rc == Z_BUF_ERROR) {
        err = DPP_ERR_BUFFER_TOO_SMALL; /* out filled before the stream ended */
    } else {
        err = rc == Z_MEM_ERROR ? DPP_ERR_NO_MEMORY : DPP_ERR_INVALID_ARG;
    }

done:
    if (started) {
        if (err != DPP_OK && zs.total_out != 0) {
            memset(out, 0, (size_t)zs.total_out);
        }
        (void)deflateEnd(&zs);
    }
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
    size_t used, hdr;
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
        want = dict == dpp_dict_v1 && dict_len == dpp_dict_v1_len
                   ? DPP_DICT_V1_ID /* known; tests/test_deflate.c checks it is the Adler-32 */
                   : (uint32_t)adler32(adler32(0L, Z_NULL, 0), dict, (uInt)dict_len);
        got = (uint32_t)in[2] << 24 | (uint32_t)in[3] << 16 | (uint32_t)in[4] << 8 | in[5];
        if (got != want) {
            return dpp_diag_set(diag, DPP_ERR_INFLATE, 2,
                                "zlib header: DICTID 0x%08x is not the known dictionary's 0x%08x", (unsigned)got,
                                (unsigned)want);
        }
    }

    /* The header (and DICTID) is checked above, so the deflate data is read
     * raw and the Adler-32 trailer checked here: zlib's own check of a preset
     * dictionary would hash its 1,277 bytes on every call to learn what the
     * DICTID already says. */
    hdr = (in[1] & 0x20u) != 0u ? 6u : 2u;
    arena.used = 0;
    memset(&zs, 0, sizeof zs);
    zs.zalloc = arena_alloc;
    zs.zfree = arena_free;
    zs.opaque = &arena;
    /* zlib format; the window the header announces (CINFO + 8 bits) */
    rc = inflateInit2(&zs, -((int)(in[0] >> 4) + 8));
    if (rc != Z_OK) {
        err = dpp_diag_set(diag, rc == Z_MEM_ERROR ? DPP_ERR_NO_MEMORY : DPP_ERR_INFLATE, SIZE_MAX,
                           "inflateInit2 failed (%d)", rc);
        goto done;
    }
    started = true;

    if (hdr == 6u && inflateSetDictionary(&zs, dict, (uInt)dict_len) != Z_OK) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "zlib could not take the preset dictionary");
        goto done;
    }
    zs.next_in = (Bytef *)(uintptr_t)(in + hdr); /* inflate never writes through next_in */
    zs.avail_in = (uInt)(in_len - hdr);
    zs.next_out = out;
    zs.avail_out = out_cap > UINT_MAX ? UINT_MAX : (uInt)out_cap;

    rc = inflate(&zs, Z_FINISH);
    used = in_len - zs.avail_in;
    switch (rc) {
    case Z_STREAM_END:
        /* The Adler-32 of the inflated data (not of the dictionary), big
         * endian, then nothing. */
        if (zs.avail_in < 4u) {
            err = dpp_diag_set(diag, DPP_ERR_INFLATE, in_len, "zlib stream truncated at offset %zu", in_len);
            goto done;
        }
        {
            const uint8_t *t = in + used;
            uint32_t want = (uint32_t)t[0] << 24 | (uint32_t)t[1] << 16 | (uint32_t)t[2] << 8 | t[3];
            uint32_t got = (uint32_t)adler32(adler32(0L, Z_NULL, 0), out, (uInt)zs.total_out);
            used += 4u;
            zs.avail_in -= 4u;
            if (got != want) {
                err = dpp_diag_set(diag, DPP_ERR_INFLATE, used, "corrupt zlib stream near offset %zu: incorrect data check",
                                   used);
                goto done;
            }
        }
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
