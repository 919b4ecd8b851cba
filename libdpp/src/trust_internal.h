/* SPDX-License-Identifier: Apache-2.0 */
/* Internal: the trust store's layout, shared by trust.c and verify.c. */
#ifndef DPP_SRC_TRUST_INTERNAL_H
#define DPP_SRC_TRUST_INTERNAL_H

#include "dpp/dpp_key.h"

typedef struct dpp_trust_entry {
    dpp_key *key;
    uint8_t kid[DPP_KID_LEN];
} dpp_trust_entry;

struct dpp_trust {
    dpp_trust_entry *keys;
    size_t n, cap;
};

#endif
