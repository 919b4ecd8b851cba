/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the CWT claims set of a passport (spec/README.md section 4.1,
 * spec/trust.md 5.1 and 7): every claim key, the writer (encode.c) and the
 * strict reader (verify.c). Nothing here signs or verifies.
 */
#ifndef DPP_SRC_CWT_H
#define DPP_SRC_CWT_H

#include <stddef.h>
#include <stdint.h>

#include "attest_internal.h"
#include "cbor_write.h"
#include "dpp/dpp_encode.h"
#include "dpp/dpp_verify.h"

/* Claim keys. */
#define DPP_CWT_ISS 1
#define DPP_CWT_EXP 4
#define DPP_CWT_IAT 6
#define DPP_CWT_PASSPORT (-262)
#define DPP_CWT_ATTESTATIONS (-263)
#define DPP_CWT_LINK (-264)
#define DPP_CWT_RESOLVER (-265)
#define DPP_CWT_STATUS (-266) /* [list id bstr(8), index uint] (spec/trust.md 6.4) */

/** Longest iss claim (bytes). */
#define DPP_CWT_MAX_ISS 64

/* ---- writing ---- */

/**
 * Validates every claim to write, in this order: opts (iat, exp, iss,
 * compress), the passport p (claim -262, dpp_passport_validate()), and when
 * x is not NULL the trust-layer options (attestations matched against p,
 * link, form, resolver, normalised into resolver; "" when none). Errors:
 * DPP_ERR_INVALID_ARG naming the "opts." field, schema errors, or the
 * attestation's error.
 */
dpp_err dpp_cwt_check_opts(const dpp_encode_opts *opts, const dpp_encode_ex_opts *x, const dpp_passport *p,
                           char resolver[DPP_MAX_RESOLVER_LEN + 1], dpp_diag *diag);

/** Writes {? 1 iss, ? 4 exp, 6 iat, -262 passport, ? -263, ? -264, ? -265} in
 *  deterministic key order. x may be NULL; resolver "" for none. */
void dpp_cwt_write(cw_writer *w, const dpp_passport *p, const dpp_encode_opts *opts, const char *resolver,
                   const dpp_encode_ex_opts *x);

/* ---- reading ---- */

/** What the reader leaves beside dpp_claims and the passport. */
typedef struct dpp_cwt_read {
    dpp_err passport_err;    /* schema-level error, reported at the schema check */
    dpp_diag passport_diag;
    dpp_bytes passport_cbor; /* the passport map's bytes inside the payload */
    size_t n_att;
    dpp_att_view att[DPP_MAX_ATTESTATIONS];
} dpp_cwt_read;

/**
 * Decodes the claims set strictly into claims and passport. CBOR and claim
 * errors are returned (a CBOR-level defect anywhere wins over a claim or
 * schema error); a schema error inside the passport is left in res for the
 * schema check, which runs last.
 */
dpp_err dpp_cwt_read_claims(const dpp_bytes *payload, dpp_claims *claims, dpp_passport *passport, dpp_cwt_read *res,
                            dpp_diag *diag);

#endif
