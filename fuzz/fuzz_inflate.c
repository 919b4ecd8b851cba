/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the zlib layer (dpp_zlib_inflate_dict with preset dictionary
 * v1, as the verifier calls it; internal compress.h).
 * Properties: the output never exceeds the cap; on failure the output
 * length is 0 and the buffer is all zero bytes; it agrees with zlib's own
 * inflate (zlib format, the dictionary given when the stream asks for it):
 * a stream it accepts zlib accepts with the same bytes, and a stream zlib
 * inflates completely, within the cap and with nothing after it, it accepts
 * too (so the strict checks remove only what the spec forbids: nothing, for
 * a well-formed stream); accepted output compresses (with the dictionary)
 * and inflates back to itself.
 */
#include "fuzz_common.h"

#include <zlib.h>

#include "compress.h"
#include "dict_v1.h"
#include "dpp/dpp.h"

/* zlib's own reading: 1 = a complete stream with nothing after it and at
 * most cap bytes of output (in *n), 0 = anything else. */
static int zlib_reads(const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *n)
{
    z_stream zs;
    int rc, ok = 0;
    memset(&zs, 0, sizeof zs);
    /* the window the header announces, as the spec reads it (a larger one
     * would let the stream refer further back than it says, e.g. far into
     * the dictionary) */
    if (len < 2 || (in[0] >> 4) > 7 || inflateInit2(&zs, (int)(in[0] >> 4) + 8) != Z_OK) return 0;
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    rc = inflate(&zs, Z_FINISH);
    if (rc == Z_NEED_DICT && zs.adler == DPP_DICT_V1_ID &&
        inflateSetDictionary(&zs, dpp_dict_v1, (uInt)dpp_dict_v1_len) == Z_OK)
        rc = inflate(&zs, Z_FINISH);
    if (rc == Z_STREAM_END && zs.avail_in == 0) {
        ok = 1;
        *n = (size_t)zs.total_out;
    }
    (void)inflateEnd(&zs);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t out[DPP_MAX_COSE_LEN], ref[DPP_MAX_COSE_LEN], z[DPP_MAX_COSE_LEN * 2], again[DPP_MAX_COSE_LEN];
    size_t n = 0, zn = 0, an = 0, refn = 0;
    dpp_diag diag;
    dpp_err e;
    int zok;

    memset(out, 0xA5, sizeof out);
    e = dpp_zlib_inflate_dict(data, size, dpp_dict_v1, dpp_dict_v1_len, out, sizeof out, &n, &diag);
    zok = zlib_reads(data, size, ref, sizeof ref, &refn);
    if (e != DPP_OK) {
        FUZZ_ASSERT_MSG(e == DPP_ERR_INFLATE || e == DPP_ERR_TOO_LARGE, e, &diag);
        FUZZ_ASSERT(n == 0);
        FUZZ_ASSERT(diag.err == e);
        /* bytes not written keep 0xA5; written ones must have been wiped */
        for (size_t i = 0; i < sizeof out; i++) {
            FUZZ_ASSERT(out[i] == 0 || out[i] == 0xA5);
        }
        FUZZ_ASSERT_MSG(!zok, e, &diag); /* zlib reads it completely: so must we */
        return 0;
    }
    FUZZ_ASSERT(n <= DPP_MAX_COSE_LEN);
    FUZZ_ASSERT(zok);
    FUZZ_ASSERT(refn == n && memcmp(ref, out, n) == 0);

    e = dpp_zlib_compress_dict(out, n, dpp_dict_v1, dpp_dict_v1_len, z, sizeof z, &zn);
    FUZZ_ASSERT(e == DPP_OK);
    e = dpp_zlib_inflate_dict(z, zn, dpp_dict_v1, dpp_dict_v1_len, again, sizeof again, &an, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(an == n && memcmp(again, out, n) == 0);
    return 0;
}
