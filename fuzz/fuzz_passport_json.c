/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: passport JSON parsing (dpp_passport_from_json).
 * Properties:
 *  - on failure *out is all zero bytes and diag carries the same error,
 *    one of the schema/JSON errors;
 *  - an accepted passport validates, encodes to CBOR that decodes back to
 *    the same CBOR, and its JSON form is a fixed point: writing, reading
 *    and writing again gives the same text (spec section 8.4).
 */
#include "fuzz_common.h"

#include "dpp/dpp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dpp_passport p, q;
    static uint8_t c1[DPP_MAX_COSE_LEN], c2[DPP_MAX_COSE_LEN];
    static char j1[1 << 16], j2[1 << 16];
    size_t n1 = 0, n2 = 0, l1 = 0, l2 = 0;
    dpp_diag diag;
    dpp_err e;
    char *in;

    in = fuzz_strndup(data, size);
    memset(&p, 0xA5, sizeof p);
    e = dpp_passport_from_json(in, size, &p, &diag);
    if (e != DPP_OK) {
        FUZZ_ASSERT_MSG(fuzz_all_zero(&p, sizeof p), e, &diag);
        FUZZ_ASSERT(diag.err == e);
        FUZZ_ASSERT_MSG(dpp_err_is_schema(e) || e == DPP_ERR_TOO_LARGE, e, &diag);
        goto done;
    }
    e = dpp_passport_validate(&p, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    e = dpp_passport_to_cbor(&p, c1, sizeof c1, &n1, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    e = dpp_passport_from_cbor(c1, n1, &q, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    e = dpp_passport_to_cbor(&q, c2, sizeof c2, &n2, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(n1 == n2 && memcmp(c1, c2, n1) == 0);

    e = dpp_passport_to_json(&p, j1, sizeof j1, &l1, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    e = dpp_passport_from_json(j1, l1, &q, &diag);
    if (e != DPP_OK) {
        fprintf(stderr, "JSON written by libdpp does not read back: %s: %s\n%s\n", dpp_err_name(e), diag.msg, j1);
        abort();
    }
    e = dpp_passport_to_json(&q, j2, sizeof j2, &l2, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(l1 == l2 && memcmp(j1, j2, l1) == 0);
    e = dpp_passport_to_cbor(&q, c2, sizeof c2, &n2, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(n1 == n2 && memcmp(c1, c2, n1) == 0);
done:
    free(in);
    return 0;
}
