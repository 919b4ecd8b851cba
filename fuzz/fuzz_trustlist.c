/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: signed trust-list parsing (dpp_trustlist_inspect, which
 * checks the structure and every entry but not the signature, and
 * dpp_trustlist_parse with the vectors' Ed25519 key as operator key).
 * The properties are those of fuzz_signed_list.h, with at most
 * DPP_TRUSTLIST_MAX_ENTRIES entries, each key at most DPP_TRUSTLIST_MAX_KEY_LEN bytes.
 */
#include "dpp/dpp.h"
#include "dpp/dpp_trustlist.h"

#define LIST(fn) dpp_trustlist_##fn
typedef dpp_trustlist list_t;
typedef dpp_trustlist_entry entry_t;
#define LIST_MAX DPP_TRUSTLIST_MAX_ENTRIES
#define ENTRY_OK(e) ((e).key_len <= DPP_TRUSTLIST_MAX_KEY_LEN)

#include "fuzz_signed_list.h"
