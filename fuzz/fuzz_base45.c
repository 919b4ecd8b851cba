/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: Base45 decoding (dpp_base45_decode).
 * Properties: size-only mode agrees with the real decode; a decode that
 * succeeds re-encodes to exactly the input (strict Base45 has one encoding
 * per byte string); on failure the output length is 0 and diag names the
 * error; a too-small buffer is reported, never overrun.
 */
#include "fuzz_common.h"

#include "dpp/dpp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *out;
    char *back;
    size_t n_size = 0, n = 0, m = 0;
    dpp_diag diag;
    dpp_err e1, e2, e3;

    out = malloc(size + 1u);
    back = malloc(size + 1u);
    FUZZ_ASSERT(out != NULL && back != NULL);
    e1 = dpp_base45_decode((const char *)data, size, NULL, 0, &n_size, &diag);
    e2 = dpp_base45_decode((const char *)data, size, out, size + 1u, &n, &diag);
    FUZZ_ASSERT(e1 == e2);
    if (e2 != DPP_OK) {
        FUZZ_ASSERT(e2 == DPP_ERR_BASE45);
        FUZZ_ASSERT(diag.err == e2 && diag.msg[0] != '\0');
        FUZZ_ASSERT(n == 0);
        goto done;
    }
    FUZZ_ASSERT(n == n_size);
    FUZZ_ASSERT(n == (size / 3u) * 2u + (size % 3u == 2u ? 1u : 0u));
    e3 = dpp_base45_encode(out, n, back, size + 1u, &m);
    FUZZ_ASSERT(e3 == DPP_OK);
    FUZZ_ASSERT(m == size && memcmp(back, data, size) == 0);
    if (n > 0) {
        /* one byte short: must be refused, not overrun (ASan checks) */
        uint8_t *tight = malloc(n - 1u + 1u);
        size_t t = 0;
        FUZZ_ASSERT(tight != NULL);
        e3 = dpp_base45_decode((const char *)data, size, tight, n - 1u, &t, &diag);
        FUZZ_ASSERT(e3 == DPP_ERR_BUFFER_TOO_SMALL);
        free(tight);
    }
done:
    free(out);
    free(back);
    return 0;
}
