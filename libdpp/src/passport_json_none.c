/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The passport's JSON form left out (CMake DPP_WITH_JSON=OFF): the functions
 * stay in the ABI, so a program or binding built against a full libdpp still
 * links, and say DPP_ERR_UNSUPPORTED. Their outputs are cleared as the real
 * ones clear them on failure. Nothing here needs jansson.
 */
#include <string.h>

#include "diag.h"
#include "dpp/dpp_passport.h"

#define NO_JSON "the passport JSON form is not built into this libdpp (DPP_WITH_JSON=OFF)"

dpp_err dpp_passport_from_json(const char *json, size_t json_len, dpp_passport *out, dpp_diag *diag)
{
    (void)json;
    (void)json_len;
    if (out != NULL) memset(out, 0, sizeof *out);
    return dpp_diag_set(diag, DPP_ERR_UNSUPPORTED, SIZE_MAX, NO_JSON);
}

dpp_err dpp_passport_from_json_all(const char *json, size_t json_len, dpp_passport *out, dpp_diag_list *errs)
{
    (void)json;
    (void)json_len;
    if (out != NULL) memset(out, 0, sizeof *out);
    if (errs != NULL) {
        errs->count = 0;
        errs->total = 0;
        if (errs->items == NULL && errs->cap > 0) return DPP_ERR_INVALID_ARG;
        errs->total = 1;
        if (errs->cap > 0) {
            (void)dpp_diag_set(&errs->items[0], DPP_ERR_UNSUPPORTED, SIZE_MAX, NO_JSON);
            errs->count = 1;
        }
    }
    return DPP_ERR_UNSUPPORTED;
}

dpp_err dpp_passport_to_json(const dpp_passport *p, char *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    (void)p;
    if (out_len != NULL) *out_len = 0;
    if (out != NULL && out_cap > 0) out[0] = '\0';
    return dpp_diag_set(diag, DPP_ERR_UNSUPPORTED, SIZE_MAX, NO_JSON);
}
