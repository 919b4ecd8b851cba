/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_TRUST_H
#define DPP_TRUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_list.h"
#include "dpp/dpp_revocation.h"
#include "dpp/dpp_roles.h"
#include "dpp/dpp_status.h"
#include "dpp/dpp_trustlist.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_trust.h
 * @brief The trust store (spec/trust.md): every dpp_trust_* call. What a
 *        verifier trusts, from which dpp_verify() (dpp_verify.h) evaluates
 *        signer window, role, scope, revocation and attestations.
 *
 * A store holds, sorted by kid for O(log n) lookup: pinned keys (any role,
 * any scope, no window: the pinned-key mode), trust-list entries
 * (dpp_trust_load_list), certificates chained to pinned CAs
 * (dpp_trust_add_cert), plus pinned operator keys and at most one
 * revocation list (dpp_trust_load_revocations).
 *
 * Threads: a dpp_trust may be shared by threads that verify at once, as long
 * as none modifies it meanwhile.
 */

/** The trust store; created by dpp_trust_new(). */
typedef struct dpp_trust dpp_trust;

/* ---- Store and pinned keys ---- */

DPP_API DPP_NODISCARD dpp_err dpp_trust_new(dpp_trust **out);
DPP_API void dpp_trust_free(dpp_trust *trust);
/** Adds a public (or private) key or certificate key; the store keeps its own
 *  reference. Adding the same key twice is a no-op. */
DPP_API DPP_NODISCARD dpp_err dpp_trust_add_key(dpp_trust *trust, const dpp_key *key);
/** Loads PEM/DER bytes (see dpp_key_load()) and adds the key. */
DPP_API DPP_NODISCARD dpp_err dpp_trust_add_bytes(dpp_trust *trust, const uint8_t *data, size_t len, dpp_diag *diag);
DPP_API size_t dpp_trust_count(const dpp_trust *trust);

/* ---- Signed trust lists ---- */

/**
 * Pins a trust-list operator key (public part kept). Trust and revocation
 * lists are accepted only when signed by a pinned operator key. Pinned
 * operator keys do not sign passports: they are not passport signers.
 */
DPP_API DPP_NODISCARD dpp_err dpp_trust_pin_operator(dpp_trust *trust, const dpp_key *operator_key);

/**
 * Verifies a signed trust list against the pinned operator keys and the
 * policy, then replaces the store's trust-list entries with its entries
 * (pinned keys and certificates added otherwise stay). On failure the store
 * is unchanged. info (may be NULL) is filled on success: keep
 * info->sequence as the next policy.min_sequence.
 * Errors, in the order checked:
 *  DPP_ERR_TOO_LARGE (> DPP_LIST_MAX_LEN), DPP_ERR_LIST_UNSIGNED (a bare CBOR
 *  map, or an empty signature), COSE errors (DPP_ERR_COSE_*, DPP_ERR_CBOR_*,
 *  DPP_ERR_ALG_*, DPP_ERR_KID_MISSING), DPP_ERR_LIST_UNPINNED (kid of no
 *  pinned operator key), DPP_ERR_SIGNATURE (tampered list),
 *  DPP_ERR_LIST_FORMAT (content, or a revocation list given as a trust
 *  list), DPP_ERR_LIST_ROLLBACK, DPP_ERR_NOT_YET_VALID (issued_at > now +
 *  DPP_IAT_SKEW_SECONDS), DPP_ERR_LIST_STALE, DPP_ERR_INVALID_ARG (no pins,
 *  NULL policy, negative grace).
 */
DPP_API DPP_NODISCARD dpp_err dpp_trust_load_list(dpp_trust *trust, const uint8_t *data, size_t len,
                                                  const dpp_list_policy *policy, dpp_list_info *info,
                                                  dpp_diag *diag);

/** Uses an already verified dpp_trustlist (from dpp_trustlist_parse) as dpp_trust_load_list does. */
DPP_API DPP_NODISCARD dpp_err dpp_trust_use_list(dpp_trust *trust, const dpp_trustlist *tl, dpp_diag *diag);

/* ---- Several schemes at once (mutual recognition, spec/trust.md 3.8) ---- */

/**
 * A named trust scheme: its own pinned operator keys, its own trust list and
 * its own revocation list, loaded next to the default scheme (the calls
 * above) and to every other named scheme. A scheme is created by the first
 * call that names it; at most 16. name: 1..DPP_SCHEME_NAME_MAX printable
 * ASCII bytes (DPP_ERR_INVALID_ARG otherwise).
 *
 * Rules when schemes disagree (spec/trust.md 3.8):
 *  - recognition: a key may sign (or attest) when ANY one of its entries, in
 *    any scheme, passes window, role and scope for that act on its own
 *    (entries are not combined); the report's dpp_signer_info.scheme names
 *    the scheme of that entry (the first scheme named, default first, when
 *    several recognise it);
 *  - revocation: a key, passport or batch revoked by ANY loaded revocation
 *    list is revoked, whichever scheme recognised the key
 *    (dpp_report.revoked_by names the scheme).
 */
DPP_API DPP_NODISCARD dpp_err dpp_trust_scheme_pin_operator(dpp_trust *trust, const char *scheme,
                                                            const dpp_key *operator_key);

/**
 * dpp_trust_load_list() for a named scheme: verified against that scheme's
 * pins only; replaces that scheme's entries (other schemes' stay). A list
 * signed by an operator key pinned for ANOTHER scheme only is
 * DPP_ERR_LIST_WRONG_SCHEME; other errors as dpp_trust_load_list().
 */
DPP_API DPP_NODISCARD dpp_err dpp_trust_scheme_load_list(dpp_trust *trust, const char *scheme, const uint8_t *data,
                                                         size_t len, const dpp_list_policy *policy,
                                                         dpp_list_info *info, dpp_diag *diag);

/** dpp_trust_load_revocations() for a named scheme (its pins; errors as dpp_trust_scheme_load_list()). */
DPP_API DPP_NODISCARD dpp_err dpp_trust_scheme_load_revocations(dpp_trust *trust, const char *scheme,
                                                                const uint8_t *data, size_t len,
                                                                const dpp_list_policy *policy, dpp_list_info *info,
                                                                dpp_diag *diag);

/** Named schemes in the store (the default scheme not counted). */
DPP_API size_t dpp_trust_scheme_count(const dpp_trust *trust);

/* ---- Revocation lists ---- */

/**
 * Verifies a signed revocation list against the pinned operator keys
 * (dpp_trust_pin_operator) and the policy, and makes it the store's
 * revocation list (replacing an earlier one). From then on dpp_verify()
 * runs the revocation check (DPP_ERR_REVOKED). Errors as
 * dpp_trust_load_list(); a trust list given here is DPP_ERR_LIST_FORMAT.
 */
DPP_API DPP_NODISCARD dpp_err dpp_trust_load_revocations(dpp_trust *trust, const uint8_t *data, size_t len,
                                                         const dpp_list_policy *policy, dpp_list_info *info,
                                                         dpp_diag *diag);

/** Uses an already verified dpp_revlist as dpp_trust_load_revocations does. */
DPP_API DPP_NODISCARD dpp_err dpp_trust_use_revocations(dpp_trust *trust, const dpp_revlist *rl, dpp_diag *diag);

/**
 * Looks r up (by kind and kid / id / (GTIN, batch)) in the store's
 * revocation list: DPP_OK and *found (reason, date filled in) if revoked,
 * DPP_ERR_NOT_FOUND if not, DPP_ERR_INVALID_ARG if no list is loaded.
 * Binary search; no allocation.
 */
DPP_API DPP_NODISCARD dpp_err dpp_trust_find_revocation(const dpp_trust *trust, const dpp_revocation *r,
                                                        dpp_revocation *found);

/* ---- Status lists (spec/trust.md 6.4) ---- */

/**
 * Verifies a signed status list, whole or delta, against the pinned
 * operator keys of every scheme (dpp_trust_pin_operator,
 * dpp_trust_scheme_pin_operator) and the policy,
 * and keeps it as the part with its list id (up to DPP_STATUS_MAX_PARTS):
 * a whole list replaces the part; a delta applies to the held part whose
 * sequence is the delta's base (else DPP_ERR_STATUS_DELTA_BASE: fetch the
 * whole list). A sequence below the held part's is DPP_ERR_LIST_ROLLBACK.
 * On failure the store is unchanged.
 *
 * From then on dpp_verify() checks, within the revocation check, every
 * passport carrying a status claim (-266): one bit, O(1), no allocation.
 * DPP_ERR_STATUS_REVOKED when the bit is set, DPP_ERR_STATUS_INDEX when the
 * index is past the list's end, DPP_ERR_STATUS_LIST_MISSING when status
 * lists are loaded but not the passport's. A passport without the claim, or
 * a store without status lists, skips it (id/kid/batch revocation still runs).
 */
DPP_API DPP_NODISCARD dpp_err dpp_trust_load_status(dpp_trust *trust, const uint8_t *data, size_t len,
                                                    const dpp_list_policy *policy, dpp_list_info *info,
                                                    dpp_diag *diag);

/** Status list parts held. */
DPP_API size_t dpp_trust_status_count(const dpp_trust *trust);

/** The held part with this id (staleness at now): DPP_ERR_NOT_FOUND if none. */
DPP_API DPP_NODISCARD dpp_err dpp_trust_status_info(const dpp_trust *trust, const uint8_t id[DPP_STATUS_LIST_ID_LEN],
                                                    int64_t now, dpp_status_part_info *out);

/** Bit index of the held part id: DPP_ERR_NOT_FOUND (no such part), DPP_ERR_STATUS_INDEX. No allocation. */
DPP_API DPP_NODISCARD dpp_err dpp_trust_status_get(const dpp_trust *trust, const uint8_t id[DPP_STATUS_LIST_ID_LEN],
                                                   size_t index, bool *revoked);

/** SHA-256 of the held part id as it stands (n_bits as 4 bytes big-endian ||
 *  the bitstring): the digest a rollback state keeps for a status list
 *  (dpp_liststate.h, kind DPP_LIST_KIND_STATUS). DPP_ERR_NOT_FOUND if no such part. */
DPP_API DPP_NODISCARD dpp_err dpp_trust_status_digest(const dpp_trust *trust,
                                                      const uint8_t id[DPP_STATUS_LIST_ID_LEN], uint8_t out[32]);

/* ---- X.509 alternative ---- */

/** Certificate policy OIDs that carry a role (placeholder arc under the example arc 2.999, spec/trust.md 4; still accepted). */
#define DPP_OID_POLICY_MANUFACTURER "2.999.4711.1.1"
#define DPP_OID_POLICY_CERTIFIER "2.999.4711.1.2"
#define DPP_OID_POLICY_CBAM_VERIFIER "2.999.4711.1.3"

/**
 * The same roles under 2.25, the arc of OIDs derived from UUIDs (ITU-T
 * X.667 | ISO/IEC 9834-8: "2.25." + the UUID as one unsigned decimal
 * integer), usable without registering an arc (spec/trust.md 4.1):
 *  manufacturer  20a70004-e4d3-48cc-8d07-42453741e3e1
 *  certifier     a55ab0a9-ecf3-4840-95b9-85624fd08482
 *  cbam-verifier 27d417dd-ac20-4cc4-8651-38e8a7750962
 */
#define DPP_OID_POLICY_MANUFACTURER_UUID "2.25.43402409828223283574833853215675638753"
#define DPP_OID_POLICY_CERTIFIER_UUID "2.25.219793509188761533614134557121044317314"
#define DPP_OID_POLICY_CBAM_VERIFIER_UUID "2.25.52941142827736371981927435673170938210"

/**
 * Writes the X.667 OID of a UUID (16 bytes, network order) into out:
 * "2.25." and the 128-bit value in decimal, no leading zeros (at most 44
 * characters plus NUL). DPP_ERR_BUFFER_TOO_SMALL when cap is short.
 */
DPP_API DPP_NODISCARD dpp_err dpp_oid_from_uuid(const uint8_t uuid[16], char *out, size_t cap);

/** Pins a CA certificate (PEM or DER; a PEM file may hold several). */
DPP_API DPP_NODISCARD dpp_err dpp_trust_add_ca(dpp_trust *trust, const uint8_t *data, size_t len, dpp_diag *diag);

/**
 * Adds a signer certificate (PEM or DER) after verifying, now and once, that
 * it chains to a pinned CA through the intermediates in chain (PEM bundle,
 * may be NULL/0): signatures, CA basic constraints and key usage of the
 * issuers, digitalSignature key usage of the signer, and a libdpp role
 * policy OID in the signer certificate. The chain's validity (the
 * intersection of the periods of every certificate on it) is checked at
 * each verification (check key_validity). The role comes from the policy;
 * the scope is unrestricted. Errors: DPP_ERR_KEY_FORMAT, DPP_ERR_CERT_CHAIN
 * (diag names the crypto backend's reason), DPP_ERR_CERT_REVOKED (CRLs
 * loaded with dpp_trust_add_crl() revoke a certificate of the chain),
 * DPP_ERR_CERT_POLICY, DPP_ERR_KEY_TYPE, DPP_ERR_INVALID_ARG (no CA pinned).
 */
DPP_API DPP_NODISCARD dpp_err dpp_trust_add_cert(dpp_trust *trust, const uint8_t *cert, size_t cert_len,
                                                 const uint8_t *chain, size_t chain_len, dpp_diag *diag);

/** Largest CRL file dpp_trust_add_crl() reads (bytes). */
#define DPP_CRL_MAX_LEN (1024 * 1024)
/** Most revoked certificates one CRL may list. */
#define DPP_CRL_MAX_ENTRIES 32768

/**
 * Adds the certificate revocation lists (RFC 5280 section 5) of data: PEM
 * (one or more "X509 CRL" blocks) or one DER CRL; at most DPP_CRL_MAX_LEN
 * bytes, DPP_CRL_MAX_ENTRIES entries per CRL, 64 CRLs per store. Each CRL
 * is judged at now, the verification time: thisUpdate not after now +
 * DPP_IAT_SKEW_SECONDS, nextUpdate present and not before now. A CRL whose
 * issuer is a pinned CA must be signed by it; a CRL of an intermediate CA
 * is checked against that CA's key when a chain through it is verified.
 * Nothing is added unless every CRL of data passes.
 *
 * From then on dpp_trust_add_cert() checks every certificate of a chain
 * (signer and CAs, the pinned CA excepted) against its issuer's CRL and
 * refuses the chain when one is revoked (DPP_ERR_CERT_REVOKED) or when an
 * issuer on the path has no CRL here (DPP_ERR_CERT_CHAIN: fail closed).
 * Add CRLs before the certificates they judge: certificates added earlier
 * are not re-checked.
 *
 * Errors: DPP_ERR_TOO_LARGE, DPP_ERR_KEY_FORMAT (no CRL, or none readable;
 * no nextUpdate), DPP_ERR_CRL_EXPIRED (nextUpdate before now),
 * DPP_ERR_NOT_YET_VALID (thisUpdate after now + skew), DPP_ERR_SIGNATURE
 * (issued in the name of a pinned CA, not signed by it),
 * DPP_ERR_INVALID_ARG, DPP_ERR_NO_MEMORY.
 */
DPP_API DPP_NODISCARD dpp_err dpp_trust_add_crl(dpp_trust *trust, const uint8_t *data, size_t len, int64_t now,
                                                dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_TRUST_H */
