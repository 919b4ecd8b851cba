/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the trust store's layout (trust.c) and the store helpers that
 * trust.c, trust_x509.c and trust_policy.c share.
 *
 * Entries are kept sorted by kid (equal kids in insertion order), so a
 * verifier finds the candidates of a kid by binary search. The revocation
 * index is three sorted arrays (revocation_internal.h). Nothing here
 * allocates on the verification path.
 */
#ifndef DPP_SRC_TRUST_INTERNAL_H
#define DPP_SRC_TRUST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_key.h"
#include "dpp/dpp_roles.h"
#include "dpp/dpp_trust.h"
#include "revocation_internal.h"

/* Hard cap on pinned keys added one by one (trust lists have their own). */
#define DPP_TRUST_MAX_KEYS 4096
/* Largest DER SubjectPublicKeyInfo of an accepted key (RSA-4096: 550). */
#define DPP_SPKI_MAX_LEN 1024

typedef struct dpp_trust_entry {
    dpp_key *key;
    uint8_t kid[DPP_KID_LEN];
    dpp_key_source source;
    dpp_role role;              /* DPP_ROLE_ANY for pinned keys */
    bool has_nb, has_na;        /* trust-list window, evaluated at the signing time (iat) */
    int64_t nb, na;
    bool has_chain_window;      /* X.509: validity of the whole chain, evaluated at now */
    int64_t chain_nb, chain_na;
    dpp_scope *scope;           /* owned; NULL: unrestricted */
    dpp_party party;
    uint8_t *spki;              /* owned DER SubjectPublicKeyInfo: same-key comparison */
    size_t spki_len;
} dpp_trust_entry;

struct dpp_crypto_cas; /* the crypto port's pinned-CA set (crypto.h), only x509.c looks inside */

struct dpp_trust {
    dpp_trust_entry *keys;      /* sorted by kid */
    size_t n, cap;
    size_t n_pinned;            /* entries with source PINNED (cap DPP_TRUST_MAX_KEYS) */
    dpp_key **operators;        /* pinned trust-list operator keys */
    size_t n_ops, cap_ops;
    struct dpp_crypto_cas *cas; /* pinned CAs; NULL if none */
    size_t n_cas;
    bool has_revocations;
    dpp_rev_index rev;
};

/** Index of the first entry whose kid is >= kid (binary search). */
size_t dpp_trust_lower_bound(const dpp_trust *t, const uint8_t kid[DPP_KID_LEN]);

/** Inserts *e after the entries with the same kid; takes ownership of its
 *  pointers on success (and only then). */
dpp_err dpp_trust_insert(dpp_trust *t, dpp_trust_entry *e);

/** Frees an entry's owned pointers and zeroes it. */
void dpp_trust_entry_clear(dpp_trust_entry *e);

/** Removes every entry from this source. */
void dpp_trust_remove_source(dpp_trust *t, dpp_key_source source);

/** Fills e->key (a new reference to key), kid, spki; zeroes the rest. */
dpp_err dpp_trust_entry_init(dpp_trust_entry *e, const dpp_key *key, dpp_key_source source);

#endif
