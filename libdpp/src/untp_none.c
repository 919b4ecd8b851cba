/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The UNTP mapping left out with the JSON form (CMake DPP_WITH_JSON=OFF):
 * the functions stay in the ABI and say DPP_ERR_UNSUPPORTED, clearing their
 * outputs as the real ones do on failure. Nothing here needs jansson.
 */
#include <string.h>

#include "diag.h"
#include "dpp/dpp_untp.h"

#define NO_UNTP "the UNTP mapping needs the JSON form, not built into this libdpp (DPP_WITH_JSON=OFF)"

size_t dpp_untp_max_input(void) { return DPP_UNTP_MAX_INPUT; }
size_t dpp_untp_max_output(void) { return DPP_UNTP_MAX_OUTPUT; }

static dpp_err no_export(char *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    if (out_len != NULL) *out_len = 0;
    if (out != NULL && out_cap > 0) out[0] = '\0';
    return dpp_diag_set(diag, DPP_ERR_UNSUPPORTED, SIZE_MAX, NO_UNTP);
}

dpp_err dpp_untp_export(const dpp_verified *v, const char *original, size_t original_len, const char *issuer_id,
                        char *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    (void)v;
    (void)original;
    (void)original_len;
    (void)issuer_id;
    return no_export(out, out_cap, out_len, diag);
}

dpp_err dpp_untp_export_unverified(const dpp_unverified *u, const char *original, size_t original_len,
                                   const char *issuer_id, char *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    (void)u;
    (void)original;
    (void)original_len;
    (void)issuer_id;
    return no_export(out, out_cap, out_len, diag);
}

dpp_err dpp_untp_import(const char *json, size_t json_len, const char *country, dpp_passport *out,
                        dpp_diag_list *dropped, dpp_diag *diag)
{
    (void)json;
    (void)json_len;
    (void)country;
    if (out != NULL) memset(out, 0, sizeof *out);
    if (dropped != NULL) {
        dropped->count = 0;
        dropped->total = 0;
    }
    return dpp_diag_set(diag, DPP_ERR_UNSUPPORTED, SIZE_MAX, NO_UNTP);
}
