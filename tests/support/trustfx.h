/* Test helpers for the trust layer (test_trustlist, test_revocation, test_attest). */
#ifndef DPP_TEST_TRUSTFX_H
#define DPP_TEST_TRUSTFX_H

#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp.h"
#include "dpp/dpp_attest.h"
#include "dpp/dpp_revocation.h"
#include "dpp/dpp_trustlist.h"

#define TFX_NOW 1790000000LL /* 2026-09-21 */

/* A heap entry for key's public part (asserting success). Free with free(). */
dpp_trustlist_entry *tfx_entry(const dpp_key *key, dpp_role role, const char *name, const char *country);
/* Signs a trust list (asserting success); malloc'd bytes. */
uint8_t *tfx_sign_list(const dpp_trustlist *tl, const dpp_key *op, uint64_t seq, int64_t iat, int64_t next,
                       size_t *len);
/* Signs a revocation list (asserting success); malloc'd bytes. */
uint8_t *tfx_sign_revlist(const dpp_revlist *rl, const dpp_key *op, uint64_t seq, int64_t iat, int64_t next,
                          size_t *len);
/* A store pinning op and holding the given signed trust list (asserting success). */
dpp_trust *tfx_trust_with_list(const dpp_key *op, const uint8_t *list, size_t len);
/* Encodes p with key at iat, with attestations (asserting success). */
void tfx_encode(const dpp_passport *p, const dpp_key *key, int64_t iat, const dpp_bytes *atts, size_t n_atts,
                char *text, size_t cap, size_t *len);
/* Signs an arbitrary CWT claims payload with key (tag 18, kid) into text; returns the text length. */
size_t tfx_sign_claims(const dpp_key *key, const uint8_t *claims, size_t len, char *text, size_t cap);
/* Asserts the report failed exactly at check c with err, and nothing after it ran. */
void tfx_assert_failed(const dpp_report *rep, const dpp_verified *v, dpp_check c, dpp_err err);
/* Lower-case hex of n bytes into out (2n+1 bytes). */
void tfx_hex(const uint8_t *p, size_t n, char *out);

#endif
