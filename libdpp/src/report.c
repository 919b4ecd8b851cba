/* SPDX-License-Identifier: Apache-2.0 */
/* The verification report's vocabulary: the names of the checks
 * (dpp_verify.h); recording outcomes is report.h. */
#include "dpp/dpp_verify.h"

const char *dpp_check_name(dpp_check check)
{
    switch (check) {
    case DPP_CHECK_PREFIX: return "prefix";
    case DPP_CHECK_BASE45: return "base45";
    case DPP_CHECK_INFLATE: return "inflate";
    case DPP_CHECK_COSE: return "cose";
    case DPP_CHECK_ALG: return "alg";
    case DPP_CHECK_KID: return "kid";
    case DPP_CHECK_SIGNATURE: return "signature";
    case DPP_CHECK_KEY_VALIDITY: return "key_validity";
    case DPP_CHECK_CLAIMS: return "claims";
    case DPP_CHECK_IAT: return "iat";
    case DPP_CHECK_EXP: return "exp";
    case DPP_CHECK_SCHEMA: return "schema";
    case DPP_CHECK_SIGNER_WINDOW: return "signer_window";
    case DPP_CHECK_ROLE: return "role";
    case DPP_CHECK_SCOPE: return "scope";
    case DPP_CHECK_REVOCATION: return "revocation";
    case DPP_CHECK_ATTESTATION: return "attestation";
    case DPP_CHECK_LINK: return "link";
    case DPP_CHECK_COUNT: break;
    }
    return "unknown";
}
