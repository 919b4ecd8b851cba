/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: signed revocation-list parsing (dpp_revlist_inspect, which
 * checks the structure and every entry but not the signature, and
 * dpp_revlist_parse with the vectors' Ed25519 key as operator key).
 * The properties are those of fuzz_signed_list.h, with at most
 * 3 * DPP_REVLIST_MAX_ENTRIES revocations, each of a known kind.
 */
#include "dpp/dpp.h"
#include "dpp/dpp_revocation.h"

#define LIST(fn) dpp_revlist_##fn
typedef dpp_revlist list_t;
typedef dpp_revocation entry_t;
#define LIST_MAX (3u * (size_t)DPP_REVLIST_MAX_ENTRIES)
#define ENTRY_OK(e) ((e).kind >= DPP_REVOKED_KEY && (e).kind <= DPP_REVOKED_BATCH)

#include "fuzz_signed_list.h"
