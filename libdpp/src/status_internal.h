/* SPDX-License-Identifier: Apache-2.0 */
/* Internal: status lists (status_list.c) as a trust store holds them
 * (trust_status.c) and the verifier reads them (trust_policy.c). */
#ifndef DPP_SRC_STATUS_INTERNAL_H
#define DPP_SRC_STATUS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_list.h"
#include "dpp/dpp_status.h"

struct dpp_status_list {
    uint8_t id[DPP_STATUS_LIST_ID_LEN];
    size_t n_bits;
    uint8_t *bits;          /* whole list: nbytes(n_bits); NULL for a delta */
    bool delta;
    uint64_t base;          /* delta: the sequence it applies to */
    uint32_t *set, *clr;    /* delta: indexes set / cleared, increasing */
    size_t n_set, n_clr;
};

/** One status list a store holds. */
typedef struct dpp_status_part {
    uint8_t id[DPP_STATUS_LIST_ID_LEN];
    size_t n_bits;
    uint8_t *bits;
    uint64_t sequence;
    int64_t issued_at, next_update;
} dpp_status_part;

/** Bit i (most significant first): O(1), no allocation. */
static inline bool dpp_status_bit(const uint8_t *bits, size_t i)
{
    return (bits[i >> 3] & (0x80u >> (i & 7))) != 0;
}

/** Decodes a signed status list, whole or delta (verified against pins when verify). */
dpp_err dpp_status_decode(const uint8_t *data, size_t len, bool verify, const dpp_key *const *pins, size_t n_pins,
                          const dpp_list_policy *policy, dpp_status_list **out, dpp_list_info *info, dpp_diag *diag);

/** Applies doc (whole: takes its bits; delta: flips bits) to part; held says
 *  whether part holds a list already. Errors: DPP_ERR_LIST_ROLLBACK,
 *  DPP_ERR_STATUS_DELTA_BASE. On error part is unchanged. */
dpp_err dpp_status_apply(dpp_status_part *part, bool held, dpp_status_list *doc, const dpp_list_info *li,
                         dpp_diag *diag);

#endif
