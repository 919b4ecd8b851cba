/* SPDX-License-Identifier: Apache-2.0 */
/* Internal: a trust list's entries (trustlist.c) as a trust store loads them (trust.c). */
#ifndef DPP_SRC_TRUSTLIST_INTERNAL_H
#define DPP_SRC_TRUSTLIST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_key.h"
#include "dpp/dpp_list.h"
#include "dpp/dpp_trustlist.h"

/** One validated entry, key loaded. */
typedef struct tl_item {
    uint8_t kid[DPP_KID_LEN];
    bool is_cert;
    uint8_t *key_der;
    size_t key_len;
    dpp_key *key;
    dpp_party party;
    dpp_role role;
    bool has_nb, has_na;
    int64_t nb, na;
    dpp_scope *scope; /* NULL: unrestricted */
} tl_item;

/** The entries, sorted by (kid, role); *n gets the count. */
const tl_item *dpp_trustlist_items(const dpp_trustlist *tl, size_t *n);

/** The operator chain (key 7): n statements, oldest first. */
size_t dpp_trustlist_rollovers(const dpp_trustlist *tl, const uint8_t *const **stmts, const size_t **lens);

/** Decodes a signed trust list (verified against pins when verify). */
dpp_err dpp_trustlist_decode(const uint8_t *data, size_t len, bool verify, const dpp_key *const *pins, size_t n_pins,
                             const dpp_list_policy *policy, dpp_trustlist **out, dpp_list_info *info, dpp_diag *diag);

#endif
