/* Test helpers shared by test_encode.c and test_verify.c. */
#ifndef DPP_TEST_FIXTURES_H
#define DPP_TEST_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp.h"

/* Reads a whole file under the source tree into a malloc'd NUL-terminated buffer. */
char *fx_read_file(const char *relpath, size_t *len);
/* zlib's own deflate of in (zlib format) with these settings and, unless
 * dict is NULL, that preset dictionary set first; asserts success and
 * returns the stream's length. */
size_t fx_deflate(const uint8_t *in, size_t n, int level, int wbits, int mem_level, const uint8_t *dict,
                  size_t dict_len, uint8_t *out, size_t cap);
/* Loads examples/passport.json (asserting success). */
void fx_example_passport(dpp_passport *p);
/* Generates a key (asserting success). */
dpp_key *fx_key(dpp_alg alg);
/* A trust store holding the public part of key. */
dpp_trust *fx_trust(const dpp_key *key);

/*
 * Test-only "evil signer": builds and signs arbitrary COSE_Sign1 messages
 * with an Ed25519 key so each structural defect can be produced with a
 * valid signature. protected_hdr/unprotected/payload are raw CBOR bytes.
 * tag: 18 for a normal message, 0 for none, other values as given.
 */
size_t fx_evil_cose(const dpp_key *ed25519, uint64_t tag, const uint8_t *protected_hdr, size_t prot_len,
                    const uint8_t *unprotected, size_t unprot_len, const uint8_t *payload, size_t payload_len,
                    uint8_t *out, size_t out_cap);
/* Text ("DPP1:" + Base45, no compression) for a COSE message. */
void fx_text(const uint8_t *cose, size_t cose_len, char *out, size_t out_cap);

#endif
