/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: UNTP DPP import (dpp_untp_import).
 * Properties:
 *  - on failure *out is all zero bytes and diag carries the same error, one
 *    of the schema/JSON errors (or DPP_ERR_TOO_LARGE);
 *  - an accepted passport validates and writes as passport JSON;
 *  - every "not carried" entry has code DPP_ERR_SCHEMA_UNKNOWN_FIELD and a
 *    message starting with its path; count <= cap <= total.
 * Odd-sized inputs also pass a default country.
 */
#include "fuzz_common.h"

#include "dpp/dpp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dpp_passport p;
    static dpp_diag items[8];
    static char j[1 << 16];
    dpp_diag_list dl = {items, 8, 0, 0};
    size_t n = 0;
    dpp_diag diag;
    dpp_err e;
    char *in;

    in = fuzz_strndup(data, size);
    memset(&p, 0xA5, sizeof p);
    e = dpp_untp_import(in, size, (size & 1) ? "DE" : NULL, &p, &dl, &diag);
    FUZZ_ASSERT(dl.count <= dl.cap && dl.count <= dl.total);
    for (size_t i = 0; i < dl.count; i++) {
        size_t pl = strlen(items[i].path);
        FUZZ_ASSERT(items[i].err == DPP_ERR_SCHEMA_UNKNOWN_FIELD);
        FUZZ_ASSERT(pl > 0 && strncmp(items[i].msg, items[i].path, pl) == 0);
    }
    if (e != DPP_OK) {
        FUZZ_ASSERT_MSG(fuzz_all_zero(&p, sizeof p), e, &diag);
        FUZZ_ASSERT(diag.err == e);
        FUZZ_ASSERT_MSG(dpp_err_is_schema(e) || e == DPP_ERR_TOO_LARGE, e, &diag);
        goto done;
    }
    e = dpp_passport_validate(&p, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    e = dpp_passport_to_json(&p, j, sizeof j, &n, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
done:
    free(in);
    return 0;
}
