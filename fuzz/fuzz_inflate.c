/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the zlib layer (dpp_zlib_inflate, internal compress.h).
 * Properties: the output never exceeds the cap; on failure the output
 * length is 0 and the buffer is all zero bytes; a stream it accepts is
 * accepted by zlib's own uncompress() with the same result (so the strict
 * checks only ever remove inputs); accepted output compresses and inflates
 * back to itself.
 */
#include "fuzz_common.h"

#include <zlib.h>

#include "compress.h"
#include "dpp/dpp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t out[DPP_MAX_COSE_LEN], ref[DPP_MAX_COSE_LEN + 1], z[DPP_MAX_COSE_LEN * 2], again[DPP_MAX_COSE_LEN];
    size_t n = 0, zn = 0, an = 0;
    uLongf refn = sizeof ref;
    dpp_diag diag;
    dpp_err e;
    int rc;

    memset(out, 0xA5, sizeof out);
    e = dpp_zlib_inflate(data, size, out, sizeof out, &n, &diag);
    if (e != DPP_OK) {
        FUZZ_ASSERT_MSG(e == DPP_ERR_INFLATE || e == DPP_ERR_TOO_LARGE, e, &diag);
        FUZZ_ASSERT(n == 0);
        FUZZ_ASSERT(diag.err == e);
        /* bytes not written keep 0xA5; written ones must have been wiped */
        for (size_t i = 0; i < sizeof out; i++) {
            FUZZ_ASSERT(out[i] == 0 || out[i] == 0xA5);
        }
        return 0;
    }
    FUZZ_ASSERT(n <= DPP_MAX_COSE_LEN);
    rc = uncompress(ref, &refn, data, (uLong)size);
    FUZZ_ASSERT(rc == Z_OK);
    FUZZ_ASSERT(refn == n && memcmp(ref, out, n) == 0);

    e = dpp_zlib_compress(out, n, z, sizeof z, &zn);
    FUZZ_ASSERT(e == DPP_OK);
    e = dpp_zlib_inflate(z, zn, again, sizeof again, &an, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(an == n && memcmp(again, out, n) == 0);
    return 0;
}
