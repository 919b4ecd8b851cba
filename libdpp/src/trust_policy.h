/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the trust policy (trust_policy.c), what dpp_verify() asks of the
 * trust store (spec/trust.md section 8): which trusted key signed, whether
 * its certificate is valid now, and whether the signer's window, role and
 * scope, the revocation list and every attestation allow the passport.
 * Each function records its checks in rep (may be NULL) and fills diag.
 */
#ifndef DPP_SRC_TRUST_POLICY_H
#define DPP_SRC_TRUST_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "attest_internal.h"
#include "dpp/dpp_cose.h"
#include "dpp/dpp_verify.h"
#include "trust_internal.h"

/** Checks kid and signature: the trusted entry whose key verifies m (every
 *  key with the kid is tried; kids are truncated hashes and may collide). */
dpp_err dpp_policy_find_signer(const dpp_trust *trust, const dpp_cose_sign1 *m, const dpp_trust_entry **signer,
                               dpp_report *rep, dpp_diag *diag);

/** Check key_validity: a certificate signer (or its chain) valid at now; SKIPPED for a bare key. */
dpp_err dpp_policy_key_validity(const dpp_trust_entry *signer, int64_t now, dpp_report *rep, dpp_diag *diag);

/**
 * Checks signer_window, role, scope, revocation and attestation for the
 * decoded out->passport / out->claims signed by signer: the n_att
 * attestations att (their claims located in passport_cbor) at validation
 * time now. On success fills out->signer, out->attesters and
 * out->claims_attested.
 */
dpp_err dpp_policy_check(const dpp_trust *trust, const dpp_trust_entry *signer, const dpp_att_view *att, size_t n_att,
                         const dpp_bytes *passport_cbor, int64_t now, dpp_verified *out, dpp_report *rep,
                         dpp_diag *diag);

#endif
