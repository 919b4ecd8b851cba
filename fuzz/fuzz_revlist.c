/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: signed revocation-list parsing (dpp_revlist_inspect, which
 * checks the structure and every entry but not the signature, and
 * dpp_revlist_parse with the vectors' Ed25519 key as operator key).
 * The properties are those of fuzz_signed_list.h, with at most
 * 4 * DPP_REVLIST_MAX_ENTRIES revocations (kids, ids, batches and the
 * compact hashed set, key 9: spec/trust.md 6.5), each of a known kind.
 * Two seeds are compact lists (corpus/revlist/2f7d0f4b..., 74bd9ab3...: made
 * with 'dpp revoke sign --compact' and test-vectors/keys/ed25519.pem).
 */
#include "dpp/dpp.h"
#include "dpp/dpp_revocation.h"

#define LIST(fn) dpp_revlist_##fn
typedef dpp_revlist list_t;
typedef dpp_revocation entry_t;
#define LIST_MAX (4u * (size_t)DPP_REVLIST_MAX_ENTRIES)
#define ENTRY_OK(e) ((e).kind >= DPP_REVOKED_KEY && (e).kind <= DPP_REVOKED_HASHED)

#include "fuzz_signed_list.h"
