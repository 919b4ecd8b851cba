/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: passport CBOR decoding (dpp_passport_from_cbor).
 * Properties:
 *  - on failure *out is all zero bytes and diag carries the same error;
 *  - CBOR round trip (spec section 8.4): a decoded passport re-encodes to
 *    exactly the input bytes;
 *  - JSON round trip: its JSON form parses back to a passport with the same
 *    CBOR encoding, and the size-only modes agree with the real output.
 */
#include "fuzz_common.h"

#include "dpp/dpp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dpp_passport p, q;
    static uint8_t out[DPP_MAX_COSE_LEN];
    static char json[1 << 16];
    uint8_t *copy;
    size_t n = 0, n_size = 0, jn = 0, jn_size = 0;
    dpp_diag diag;
    dpp_err e;

    copy = malloc(size != 0 ? size : 1u);
    FUZZ_ASSERT(copy != NULL);
    if (size != 0) {
        memcpy(copy, data, size);
    }
    memset(&p, 0xA5, sizeof p);
    e = dpp_passport_from_cbor(copy, size, &p, &diag);
    if (e != DPP_OK) {
        FUZZ_ASSERT_MSG(fuzz_all_zero(&p, sizeof p), e, &diag);
        FUZZ_ASSERT(diag.err == e);
        FUZZ_ASSERT(dpp_err_is_malformed(e) || dpp_err_is_schema(e));
        goto done;
    }
    e = dpp_passport_validate(&p, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    e = dpp_passport_to_cbor(&p, NULL, 0, &n_size, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    e = dpp_passport_to_cbor(&p, out, sizeof out, &n, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(n == n_size);
    FUZZ_ASSERT(n == size && memcmp(out, copy, size) == 0);

    e = dpp_passport_to_json(&p, NULL, 0, &jn_size, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(jn_size < sizeof json);
    e = dpp_passport_to_json(&p, json, sizeof json, &jn, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(jn == jn_size && json[jn] == '\0' && strlen(json) == jn);
    e = dpp_passport_from_json(json, jn, &q, &diag);
    if (e != DPP_OK) {
        fprintf(stderr, "JSON written by libdpp does not read back: %s: %s\n%s\n", dpp_err_name(e), diag.msg, json);
        abort();
    }
    e = dpp_passport_to_cbor(&q, out, sizeof out, &n, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(n == size && memcmp(out, copy, size) == 0);
done:
    free(copy);
    return 0;
}
