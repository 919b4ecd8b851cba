/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_VERIFY_H
#define DPP_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_revocation.h"
#include "dpp/dpp_roles.h"
#include "dpp/dpp_transport.h"
#include "dpp/dpp_trust.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_verify.h
 * @brief Passport verification: text in, verified passport
 *        plus a report of every check out, or the exact check that failed.
 *
 * A verified result (dpp_verified) is produced only by dpp_verify(). Reading a
 * passport without verifying it is dpp_inspect(), which fills a different
 * type (dpp_unverified), so the two cannot be mixed up.
 *
 * Threads: a dpp_trust may be shared by threads that verify at once, as long
 * as none modifies it meanwhile.
 */

/** The checks, in the order they run. */
typedef enum dpp_check {
    DPP_CHECK_PREFIX = 0,
    DPP_CHECK_BASE45 = 1,
    DPP_CHECK_INFLATE = 2,
    DPP_CHECK_COSE = 3,
    DPP_CHECK_ALG = 4,
    DPP_CHECK_KID = 5,
    DPP_CHECK_SIGNATURE = 6,
    DPP_CHECK_KEY_VALIDITY = 7,
    DPP_CHECK_CLAIMS = 8,
    DPP_CHECK_IAT = 9,
    DPP_CHECK_EXP = 10,
    DPP_CHECK_SCHEMA = 11,
    /* Trust layer (spec/trust.md section 8). For a pinned signer, signer_window,
     * role and scope are SKIPPED; revocation is SKIPPED without a revocation
     * list; attestation is SKIPPED when the passport carries none. */
    DPP_CHECK_SIGNER_WINDOW = 12, /**< iat inside the signer's trust-list validity window */
    DPP_CHECK_ROLE = 13,          /**< the signer's role may sign passports */
    DPP_CHECK_SCOPE = 14,         /**< GTIN prefix, category and declared claims within scope */
    DPP_CHECK_REVOCATION = 15,    /**< signer kid, passport id, batch not revoked */
    DPP_CHECK_ATTESTATION = 16,   /**< every attestation carried verifies and is allowed */
    /* Link form (spec/link.md). For a link, check "prefix" covers the URI and
     * the fragment's start, check "base45" the fragment's digits (errors
     * DPP_ERR_DL_*), and this check, last, the binding: domain, GTIN and
     * qualifiers are the signed ones. SKIPPED for DPP1: text. */
    DPP_CHECK_LINK = 17,          /**< the link's binding to the signed passport */
    DPP_CHECK_COUNT = 18
} dpp_check;

typedef enum dpp_check_status {
    DPP_CHECK_NOT_RUN = 0,
    DPP_CHECK_PASS = 1,
    DPP_CHECK_FAIL = 2,
    DPP_CHECK_SKIPPED = 3 /**< not applicable (e.g. no exp claim, key not a certificate) */
} dpp_check_status;

/** Short stable name of a check, e.g. "signature". */
DPP_API const char *dpp_check_name(dpp_check check);

typedef struct dpp_report {
    dpp_check_status status[DPP_CHECK_COUNT];
    dpp_err err;          /**< DPP_OK, or the error of the failing check */
    dpp_check failed;     /**< the failing check, if err != DPP_OK */
    dpp_diag diag;        /**< detail of the failure */
    bool revoked;         /**< err is DPP_ERR_REVOKED: what matched (kind, reason, date) */
    dpp_revocation revocation;
    int failed_attestation; /**< index of the failing attestation, or -1 */
    /** revoked: the scheme whose revocation list matched ("" the default one, dpp_trust.h). */
    char revoked_by[DPP_SCHEME_NAME_MAX + 1];
} dpp_report;

/** CWT claims and signing details. */
typedef struct dpp_claims {
    int64_t iat;
    bool has_exp;
    int64_t exp;
    char iss[65];         /**< empty when absent */
    dpp_alg alg;
    uint8_t kid[DPP_KID_LEN];
    bool compressed;      /**< the transport used zlib */
    /* Link to the full passport (CWT claim -264), optional. */
    bool has_link;
    char link_uri[DPP_MAX_LINK_URI + 1]; /**< empty when absent */
    bool has_link_sha256;
    uint8_t link_sha256[32];             /**< SHA-256 of the full passport document */
    /* Attestations carried (CWT claim -263), in passport order. */
    size_t n_attestations;
    dpp_attestation_ref attestations[DPP_MAX_ATTESTATIONS];
    /* Resolver the passport may be carried under as a link (CWT claim -265),
     * host and optional path prefix, e.g. "id.example.com"; empty when absent. */
    char resolver[DPP_MAX_RESOLVER_LEN + 1];
    dpp_form form;        /**< the transport form the text was in */
    /* Status-list entry (CWT claim -266): list id and index; has_status false when absent. */
    bool has_status;
    uint8_t status_list_id[8];
    uint32_t status_index;
} dpp_claims;

/** The result of a successful verification. */
typedef struct dpp_verified {
    dpp_passport passport;
    dpp_claims claims;
    dpp_signer_info signer;  /**< who signed the passport (role, party) */
    /** attesters[i] attested claims.attestations[i] (every one verified). */
    dpp_signer_info attesters[DPP_MAX_ATTESTATIONS];
    uint32_t claims_present;  /**< DPP_CLAIM_BIT()s of the claims in the passport */
    uint32_t claims_attested; /**< those covered by a verified attestation; the rest are self-declared */
} dpp_verified;

/**
 * Index (into v->claims.attestations / v->attesters) of the attestation that
 * covers claim, or -1 if the claim is only self-declared (or absent). A
 * single certification (DPP_CLAIM_CERTIFICATION_0 + i) is also covered by
 * an attestation of the whole list (DPP_CLAIM_CERTIFICATIONS).
 */
DPP_API int dpp_claim_attested_by(const dpp_verified *v, unsigned claim);

/** The result of dpp_inspect(): NOT verified. */
typedef struct dpp_unverified {
    dpp_passport passport_unverified;
    dpp_claims claims_unverified;
} dpp_unverified;

/**
 * Verifies passport text against the trust store at time `now` (seconds
 * since the epoch). On success returns DPP_OK and fills *out. On failure
 * returns the failing check's error, zeroes *out, and report says which check
 * failed and why. report may be NULL.
 *
 * Trust layer (spec/trust.md): the signer's trust entry (window at iat, role
 * manufacturer, scope), revocation (when the store has a revocation list),
 * and every attestation the passport carries (known attester, product
 * binding, signature over the attested claims, attester's window, role,
 * scope, revocation) are checked; any failure rejects the passport.
 * Allocation-free: lookups are binary searches over the store.
 * Surrounding whitespace is ignored (dpp_text_trim()).
 */
DPP_API DPP_NODISCARD dpp_err dpp_verify(const char *text, size_t text_len, const dpp_trust *trust, int64_t now,
                                         dpp_verified *out, dpp_report *report);

/**
 * Decodes passport text WITHOUT checking the signature, trust or time: for
 * display and debugging only. Structure, CBOR strictness and schema are
 * still checked. Surrounding whitespace is ignored (dpp_text_trim()).
 */
DPP_API DPP_NODISCARD dpp_err dpp_inspect(const char *text, size_t text_len, dpp_unverified *out, dpp_diag *diag);

/**
 * Checks a fetched full passport document against the digest the verified
 * label carries. DPP_OK if SHA-256(doc) equals v->claims.link_sha256;
 * DPP_ERR_LINK_MISSING if the label has no digest; DPP_ERR_DOCUMENT_MISMATCH
 * otherwise (diag gives both digests in hex).
 */
DPP_API DPP_NODISCARD dpp_err dpp_verify_full_document(const dpp_verified *v, const uint8_t *doc, size_t doc_len,
                                                       dpp_diag *diag);

/**
 * The surrounding-whitespace rule of dpp_verify() and dpp_inspect(), which
 * apply it to their text first: space, tab, CR and LF are dropped from both
 * ends (a file written by `dpp encode` ends in "\n", Windows tools add
 * "\r\n"). Nothing inside the text is touched, and no other character is
 * dropped. Trimming a trailing space never loses data: space is a Base45
 * character, but never the last one of valid Base45 text (the last character
 * of a group is its most significant digit, at most 32 for 3 characters and
 * 5 for 2; space is 36), and a Digital Link URI holds no space. Returns the
 * trimmed length; *start (may be NULL) gets the offset of its first byte.
 * Error offsets in diagnostics count from the untrimmed text.
 */
DPP_API size_t dpp_text_trim(const char *text, size_t len, size_t *start);

#ifdef __cplusplus
}
#endif

#endif /* DPP_VERIFY_H */
