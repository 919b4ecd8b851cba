/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_UNTP_H
#define DPP_UNTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_verify.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_untp.h
 * @brief The UN Transparency Protocol's Digital Product Passport (UNTP DPP
 *        0.6.1, a W3C Verifiable Credential in JSON-LD): a verified passport
 *        out as a UNTP credential, a UNTP credential in as a passport.
 *        spec/untp.md has the mapping table, both ways, and what cannot be
 *        carried.
 *
 * The exported credential is NOT signed: its proof is the signed passport it
 * references. Every export names that original (product.furtherInformation:
 * the hybrid link, or the "DPP1:" text as a data: URI, with the SHA-256 of
 * the COSE_Sign1 message in the link name), so a platform can go back to the
 * offline proof and verify it with dpp_verify().
 *
 * Claims: each claim of the passport (identity, manufacturer, facility,
 * materials, footprint, each certification, cbam, extensions) becomes one
 * UNTP conformityClaim. Only a claim a verified third-party attestation
 * covers (dpp_claim_attested_by() >= 0) gets a conformityEvidence (a
 * SecureLink to the signed original with hashMethod SHA-256) and a
 * description naming the attester; every other claim is described as
 * self-declared by the signer and has no evidence. An export of an
 * unverified passport (dpp_untp_export_unverified()) marks every claim
 * "NOT VERIFIED" and has no evidence at all.
 *
 * Built only with the JSON form (CMake DPP_WITH_JSON=ON, jansson); without
 * it every function here returns DPP_ERR_UNSUPPORTED.
 *
 * Threads: reentrant, no state kept.
 */

/** The UNTP DPP version written and read. */
#define DPP_UNTP_VERSION "0.6.1"
/** Largest UNTP credential dpp_untp_import() reads (bytes). */
#define DPP_UNTP_MAX_INPUT ((size_t)1024 * 1024)
/** Largest credential dpp_untp_export() writes (bytes, without the NUL). */
#define DPP_UNTP_MAX_OUTPUT ((size_t)256 * 1024)
/** Most array elements dpp_untp_import() looks at in one UNTP array
 *  (conformityClaim, productCategory, ...); later ones are listed as not carried. */
#define DPP_UNTP_MAX_ARRAY 256
/** Longest issuer id accepted by the export (bytes). */
#define DPP_UNTP_MAX_ISSUER_ID 512

DPP_API size_t dpp_untp_max_input(void);
DPP_API size_t dpp_untp_max_output(void);

/**
 * Writes the UNTP DPP 0.6.1 credential of a verified passport.
 *
 * v: the result of dpp_verify() on original[0, original_len) (the "DPP1:"
 *   text or the hybrid link, as verified; surrounding whitespace ignored).
 *   The export decodes original again and refuses it
 *   (DPP_ERR_INVALID_ARG, "original: ...") unless it carries exactly v's
 *   passport, signing key id and iat, so the reference and the digest in
 *   the credential are the proof of what it says.
 * issuer_id: the credential issuer's URI (UNTP wants a W3C DID, e.g.
 *   "did:web:example.com"); NULL or "" gives "urn:dpp:kid:<hex>", the
 *   signing key's id. At most DPP_UNTP_MAX_ISSUER_ID bytes, printable ASCII
 *   with a scheme ("did:...", "https:..."), else DPP_ERR_INVALID_ARG.
 * out: UTF-8 JSON, NUL-terminated, 2-space indented. out == NULL gives
 *   size-calculation mode (*out_len gets the length without the NUL;
 *   out_cap must include it). A too-small buffer gives
 *   DPP_ERR_BUFFER_TOO_SMALL with *out_len = 0 and no partial output.
 * Numbers: UNTP numbers are JSON numbers; a decimal with more than 15
 * significant digits is rounded to 15 (spec/untp.md).
 * Errors: DPP_ERR_INVALID_ARG, DPP_ERR_BUFFER_TOO_SMALL, DPP_ERR_NO_MEMORY,
 * DPP_ERR_TOO_LARGE (over DPP_UNTP_MAX_OUTPUT), the decoding errors of
 * original, DPP_ERR_UNSUPPORTED (no JSON in this build).
 */
DPP_API DPP_NODISCARD dpp_err dpp_untp_export(const dpp_verified *v, const char *original, size_t original_len,
                                              const char *issuer_id, char *out, size_t out_cap, size_t *out_len,
                                              dpp_diag *diag);

/**
 * dpp_untp_export() for a passport that was NOT verified (the result of
 * dpp_inspect() on original): every claim is described "NOT VERIFIED: the
 * signature and trust were not checked", no claim has conformityEvidence,
 * and the link to the original says so. For tools that must hand on data
 * they cannot verify; never the default.
 */
DPP_API DPP_NODISCARD dpp_err dpp_untp_export_unverified(const dpp_unverified *u, const char *original,
                                                         size_t original_len, const char *issuer_id, char *out,
                                                         size_t out_cap, size_t *out_len, dpp_diag *diag);

/**
 * Maps a UNTP DPP credential (0.6.x JSON, at most DPP_UNTP_MAX_INPUT bytes)
 * into *out (zeroed first, and again on failure) and validates it.
 *
 * country: the manufacturer's country (ISO 3166-1 alpha-2) to use when the
 *   credential gives none (UNTP has no party country: the import takes
 *   product.producedByParty.addressCountry, then product.countryOfProduction);
 *   NULL for none.
 * dropped (may be NULL): every member of the credential that cannot be
 *   carried in a passport, one entry each, err DPP_ERR_SCHEMA_UNKNOWN_FIELD,
 *   path the UNTP member ("credentialSubject.product.dimensions"), msg
 *   "<path>: not carried: <why>" (see dpp_diag_list for count/total/cap).
 * diag: the reason a passport could not be made: DPP_ERR_JSON_SYNTAX
 *   (offset, line, column), DPP_ERR_TOO_LARGE, DPP_ERR_SCHEMA_TYPE (a UNTP
 *   member of the wrong JSON type), DPP_ERR_SCHEMA_MISSING (a passport field
 *   the credential does not give, e.g. "gtin", "manufacturer.country"),
 *   DPP_ERR_SCHEMA_RANGE / _FORMAT / _CHECK_DIGIT (a value the passport
 *   cannot hold), or dpp_passport_validate()'s code. path is the passport
 *   field; msg also names the UNTP member it came from.
 */
DPP_API DPP_NODISCARD dpp_err dpp_untp_import(const char *json, size_t json_len, const char *country,
                                              dpp_passport *out, dpp_diag_list *dropped, dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_UNTP_H */
