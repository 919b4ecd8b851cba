/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: signed revocation-list parsing (dpp_revlist_inspect, which
 * checks the structure and every entry but not the signature, and
 * dpp_revlist_parse with the vectors' Ed25519 key as operator key).
 * Properties:
 *  - on failure *out is NULL and *info all zero bytes;
 *  - an accepted list has at most 3 * DPP_RL_MAX_ENTRIES revocations and each can be
 *    read back;
 *  - idempotence: signing the decoded list with the test operator key and
 *    decoding that again gives a list that signs to the same bytes (Ed25519
 *    signatures are deterministic);
 *  - parse (signature checked) never accepts what inspect refuses.
 */
#include "fuzz_common.h"
#include "fuzz_keys.h"

#include "dpp/dpp.h"
#include "dpp/dpp_revocation.h"

static dpp_key *g_key;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_key = fuzz_signing_key();
    return 0;
}

static uint8_t *sign_list(const dpp_revlist *tl, size_t *len)
{
    dpp_list_header hdr = {7u, INT64_C(1764547200), INT64_C(1767225600)};
    dpp_diag diag;
    uint8_t *buf;
    dpp_err e;

    e = dpp_revlist_sign(tl, g_key, &hdr, NULL, 0, len, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    buf = malloc(*len != 0 ? *len : 1u);
    FUZZ_ASSERT(buf != NULL);
    e = dpp_revlist_sign(tl, g_key, &hdr, buf, *len, len, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dpp_revocation entry;
    dpp_revlist *tl = NULL, *again = NULL, *parsed = NULL;
    dpp_list_info info;
    dpp_diag diag;
    uint8_t *s1 = NULL, *s2 = NULL;
    size_t n1 = 0, n2 = 0;
    dpp_err e, pe;

    if (g_key == NULL) {
        g_key = fuzz_signing_key();
    }
    memset(&info, 0xA5, sizeof info);
    e = dpp_revlist_inspect(data, size, &tl, &info, &diag);
    pe = dpp_revlist_parse(data, size, g_key, NULL, &parsed, NULL, NULL);
    if (pe == DPP_OK) {
        FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    }
    dpp_revlist_free(parsed);
    if (e != DPP_OK) {
        FUZZ_ASSERT(tl == NULL);
        FUZZ_ASSERT_MSG(fuzz_all_zero(&info, sizeof info), e, &diag);
        FUZZ_ASSERT(diag.err == e);
        return 0;
    }
    FUZZ_ASSERT(tl != NULL);
    FUZZ_ASSERT(dpp_revlist_count(tl) <= 3u * (size_t)DPP_RL_MAX_ENTRIES);
    FUZZ_ASSERT(info.n_entries == dpp_revlist_count(tl));
    for (size_t i = 0; i < dpp_revlist_count(tl); i++) {
        e = dpp_revlist_get(tl, i, &entry);
        FUZZ_ASSERT(e == DPP_OK);
        FUZZ_ASSERT(entry.kind >= DPP_REVOKED_KEY && entry.kind <= DPP_REVOKED_BATCH);
    }
    s1 = sign_list(tl, &n1);
    e = dpp_revlist_parse(s1, n1, g_key, NULL, &again, NULL, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(dpp_revlist_count(again) == dpp_revlist_count(tl));
    s2 = sign_list(again, &n2);
    FUZZ_ASSERT(n1 == n2 && memcmp(s1, s2, n1) == 0);
    free(s1);
    free(s2);
    dpp_revlist_free(again);
    dpp_revlist_free(tl);
    return 0;
}
