/* SPDX-License-Identifier: Apache-2.0 */
/* Internal: operator key rollover statements (rollover.c, spec/trust.md 3.9). */
#ifndef DPP_SRC_ROLLOVER_INTERNAL_H
#define DPP_SRC_ROLLOVER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_key.h"
#include "dpp/dpp_trustlist.h"

/**
 * Parses a rollover statement: kid gets the announcing (current) key's kid.
 * With signer != NULL also verifies its signature with signer and loads the
 * successor into *successor (a new key). Errors: DPP_ERR_LIST_FORMAT,
 * DPP_ERR_TOO_LARGE, DPP_ERR_SIGNATURE, DPP_ERR_KEY_WEAK.
 */
dpp_err dpp_rollover_open(const uint8_t *stmt, size_t len, const dpp_key *signer, uint8_t kid[DPP_KID_LEN],
                          dpp_key **successor, dpp_diag *diag);

/** Result of following an operator chain. */
typedef struct dpp_rollover_walk {
    dpp_key *successor; /* the key that signed the list (owned) */
    uint8_t retired[DPP_TRUSTLIST_MAX_ROLLOVERS][DPP_KID_LEN]; /* keys handed over from, in order */
    size_t n_retired;
} dpp_rollover_walk;

/**
 * Follows the n statements (oldest first) from the first one signed by a
 * pinned key, each next one signed by the successor of the one before,
 * to signer_kid. Errors: DPP_ERR_ROLLOVER_GAP (a statement not signed by
 * the previous successor, or the chain ends before signer_kid),
 * DPP_ERR_LIST_UNPINNED (no statement signed by a pinned key), statement
 * errors of dpp_rollover_open.
 */
dpp_err dpp_rollover_follow(const uint8_t *const *stmts, const size_t *lens, size_t n, const dpp_key *const *pins,
                            size_t n_pins, const uint8_t signer_kid[DPP_KID_LEN], dpp_rollover_walk *walk,
                            dpp_diag *diag);

#endif
