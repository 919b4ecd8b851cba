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
#include "status_internal.h"

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
    uint16_t scheme;            /* trust-list entries: index into dpp_trust.schemes (0: default) */
} dpp_trust_entry;

/* Most named trust schemes in one store (mutual recognition, spec/trust.md 3.8). */
#define DPP_TRUST_MAX_SCHEMES 16

/* Most retired operator kids remembered per scheme. */
#define DPP_TRUST_MAX_RETIRED 64

/* A named trust scheme: its own operator pins, trust list and revocation list. */
typedef struct dpp_trust_scheme {
    char name[DPP_SCHEME_NAME_MAX + 1];
    dpp_key **operators;
    size_t n_ops, cap_ops;
    bool has_list;
    uint8_t list_kid[DPP_KID_LEN]; /* operator kid of the loaded trust list */
    bool has_revocations;
    dpp_rev_index rev;
    uint8_t retired[DPP_TRUST_MAX_RETIRED][DPP_KID_LEN]; /* operator kids handed over from (rollover) */
    size_t n_retired;
} dpp_trust_scheme;

struct dpp_crypto_cas; /* the crypto port's pinned-CA set (crypto.h), only x509.c looks inside */

struct dpp_trust {
    dpp_trust_entry *keys;      /* sorted by kid */
    size_t n, cap;
    size_t n_pinned;            /* entries with source PINNED (cap DPP_TRUST_MAX_KEYS) */
    struct dpp_crypto_cas *cas; /* pinned CAs; NULL if none */
    size_t n_cas;
    size_t n_crls;              /* CRLs held by cas (dpp_trust_add_crl) */
    /* schemes[0] is the default scheme (dpp_trust_pin_operator, _load_list,
     * _load_revocations), schemes[1..] the named ones in the order first named. */
    dpp_trust_scheme schemes[DPP_TRUST_MAX_SCHEMES + 1];
    size_t n_schemes;           /* named schemes */
    bool any_revocations;       /* some scheme has a revocation list */
    dpp_status_part *status;    /* status lists, sorted by id (trust_status.c) */
    size_t n_status, cap_status;
};

/** The held status part with this id, or NULL (binary search). */
const dpp_status_part *dpp_trust_status_find(const dpp_trust *t, const uint8_t id[DPP_STATUS_LIST_ID_LEN]);

/** Name of scheme index s (0: "", the default scheme). */
const char *dpp_trust_scheme_label(const dpp_trust *t, uint16_t s);

/** Index of the first entry whose kid is >= kid (binary search). */
size_t dpp_trust_lower_bound(const dpp_trust *t, const uint8_t kid[DPP_KID_LEN]);

/** Inserts *e after the entries with the same kid; takes ownership of its
 *  pointers on success (and only then). */
dpp_err dpp_trust_insert(dpp_trust *t, dpp_trust_entry *e);

/** Frees an entry's owned pointers and zeroes it. */
void dpp_trust_entry_clear(dpp_trust_entry *e);

/** Removes the trust-list entries of scheme s. */
void dpp_trust_remove_scheme_list(dpp_trust *t, uint16_t s);

/** Removes every entry from this source. */
void dpp_trust_remove_source(dpp_trust *t, dpp_key_source source);

/** Fills e->key (a new reference to key), kid, spki; zeroes the rest. */
dpp_err dpp_trust_entry_init(dpp_trust_entry *e, const dpp_key *key, dpp_key_source source);

/* DPP_ERR_OPERATOR_RETIRED when kid handed scheme sc over in a rollover or
 * sc's revocation list revokes it (spec/trust.md 3.9); what names the list
 * ("trust", "revocation", "status") in the message. */
dpp_err dpp_trust_operator_retired(const dpp_trust_scheme *sc, const char *what, const uint8_t kid[DPP_KID_LEN],
                                   dpp_diag *diag);

#endif
