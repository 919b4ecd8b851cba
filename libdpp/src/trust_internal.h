/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the trust store's layout and the helpers shared by trust.c,
 * trustlist.c, revocation.c, x509.c, attest.c and verify.c.
 *
 * Entries are kept sorted by kid (equal kids in insertion order), so a
 * verifier finds the candidates of a kid by binary search. The revocation
 * index is three sorted arrays; lookups are binary searches. Nothing here
 * allocates on the verification path.
 */
#ifndef DPP_SRC_TRUST_INTERNAL_H
#define DPP_SRC_TRUST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cbor_read.h"
#include "dpp/dpp_cose.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_revocation.h"
#include "dpp/dpp_trustlist.h"
#include "dpp/dpp_verify.h"

/* CWT claims of the trust layer (spec/trust.md 5.1 and 7). */
#define DPP_CWT_ATTESTATIONS (-263)
#define DPP_CWT_LINK (-264)

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

/* A revoked batch, decoded. */
typedef struct dpp_rev_batch {
    uint64_t gtin;
    uint8_t batch_len;
    char batch[DPP_MAX_BATCH];
    uint8_t reason;
    uint16_t date;
} dpp_rev_batch;

/* Record sizes of the packed revocation sections (spec/trust.md 6.1). */
#define DPP_REV_KID_REC 11      /* kid(8) reason(1) date(2, big-endian days) */
#define DPP_REV_ID_REC 19       /* id(16) reason(1) date(2) */

/* The revocation data of a list: also the body of a dpp_revlist. */
typedef struct dpp_rev_index {
    uint8_t *kids;              /* n_kids records, sorted by kid, unique */
    size_t n_kids, cap_kids;
    uint8_t *ids;               /* n_ids records, sorted by id, unique */
    size_t n_ids, cap_ids;
    dpp_rev_batch *batches;     /* sorted by (gtin, batch bytes, length), unique */
    size_t n_batches, cap_batches;
} dpp_rev_index;

struct x509_store_st; /* OpenSSL's X509_STORE, only x509.c looks inside */

struct dpp_trust {
    dpp_trust_entry *keys;      /* sorted by kid */
    size_t n, cap;
    size_t n_pinned;            /* entries with source PINNED (cap DPP_TRUST_MAX_KEYS) */
    dpp_key **operators;        /* pinned trust-list operator keys */
    size_t n_ops, cap_ops;
    struct x509_store_st *cas;  /* pinned CAs; NULL if none */
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

/* ---- revocation index (revocation.c) ---- */

void dpp_rev_index_free(dpp_rev_index *r);
/** Deep copy into *dst (zeroed first). */
dpp_err dpp_rev_index_copy(dpp_rev_index *dst, const dpp_rev_index *src);
/** The record of kid / id, or NULL. */
const uint8_t *dpp_rev_find_kid(const dpp_rev_index *r, const uint8_t kid[DPP_KID_LEN]);
const uint8_t *dpp_rev_find_id(const dpp_rev_index *r, const uint8_t id[16]);
const dpp_rev_batch *dpp_rev_find_batch(const dpp_rev_index *r, uint64_t gtin, const char *batch, size_t batch_len);

/* ---- signed lists (trustlist.c) ---- */

#define DPP_LIST_TYPE_TRUST 1
#define DPP_LIST_TYPE_REVOCATION 2

/**
 * Opens a signed list of the given type: size cap, unsigned check, COSE
 * parse, then (when verify; no pins is DPP_ERR_INVALID_ARG) pinned-kid lookup and signature check
 * with the type's external AAD, then the common header {1: 1, 2: type,
 * 3: seq, 4: issued_at, 5: next_update} and the policy (when not NULL).
 * On success *r is a strict reader over the payload positioned after key 5,
 * *n_rest the number of map pairs left, info filled.
 */
dpp_err dpp_list_open(const uint8_t *data, size_t len, int type, bool verify, const dpp_key *const *pins,
                      size_t n_pins, const dpp_list_policy *policy, cb_reader *r, uint64_t *n_rest,
                      dpp_list_info *info, dpp_diag *diag);

/** Signs payload (a list map) with the type's AAD into out (size mode when out == NULL). */
dpp_err dpp_list_sign(const uint8_t *payload, size_t payload_len, int type, const dpp_key *key, uint8_t *out,
                      size_t out_cap, size_t *out_len, dpp_diag *diag);

/** Validates a list header to sign. */
dpp_err dpp_list_header_check(const dpp_list_header *hdr, dpp_diag *diag);

/* ---- attestation helpers (attest.c) ---- */

/** The byte ranges of each claim in an encoded passport map (index = claim id). */
typedef struct dpp_claim_ranges {
    dpp_bytes claim[DPP_CLAIM_MAX + 1];
} dpp_claim_ranges;

/** Finds the claims' ranges in the deterministic passport CBOR pc. */
dpp_err dpp_claim_ranges_find(const uint8_t *pc, size_t pc_len, dpp_claim_ranges *out);

/** A parsed attestation (views into the message). */
typedef struct dpp_att_view {
    uint32_t claims;
    dpp_binding binding;
    uint8_t tag[4];
    dpp_cose_sign1 sig;
} dpp_att_view;

/** Parses an attestation at r (strict reader); on success r is past it. */
dpp_err dpp_att_read(cb_reader *r, dpp_att_view *out, dpp_diag *diag);

/** Checks the binding and claims of a against passport p (already
 *  decoded) and, if pc != NULL, builds the detached payload into buf. */
dpp_err dpp_att_payload(const dpp_att_view *a, const dpp_passport *p, const dpp_claim_ranges *ranges,
                        uint8_t *buf, size_t cap, size_t *len, dpp_diag *diag);

/** Room for any attestation payload. */
#define DPP_ATT_PAYLOAD_MAX 1024

/** The external AAD of attestations. */
extern const dpp_bytes dpp_att_aad;

#endif
