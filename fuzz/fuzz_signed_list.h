/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The body shared by the two signed-list fuzz targets (fuzz_trustlist.c,
 * fuzz_revlist.c): the lists have the same API shape, dpp_<kind>_inspect /
 * _parse / _sign / _count / _get / _free. The including file defines
 *   LIST(fn)        the function name for the kind, e.g. dpp_trustlist_##fn
 *   list_t          the list type
 *   entry_t         the entry type
 *   LIST_MAX        the most entries an accepted list may hold
 *   ENTRY_OK(e)     a property every entry read back must have
 * Properties:
 *  - on failure *out is NULL and *info all zero bytes;
 *  - an accepted list has at most LIST_MAX entries and each can be read back
 *    and satisfies ENTRY_OK;
 *  - idempotence: signing the decoded list with the test operator key and
 *    decoding that again gives a list that signs to the same bytes (Ed25519
 *    signatures are deterministic);
 *  - parse (signature checked) never accepts what inspect refuses.
 */
#ifndef DPP_FUZZ_SIGNED_LIST_H
#define DPP_FUZZ_SIGNED_LIST_H

#include "fuzz_common.h"
#include "fuzz_keys.h"

static dpp_key *g_key;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_key = fuzz_signing_key();
    return 0;
}

static uint8_t *sign_list(const list_t *tl, size_t *len)
{
    dpp_list_header hdr = {7u, INT64_C(1764547200), INT64_C(1767225600)};
    dpp_diag diag;
    uint8_t *buf;
    dpp_err e;

    e = LIST(sign)(tl, g_key, &hdr, NULL, 0, len, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    buf = malloc(*len != 0 ? *len : 1u);
    FUZZ_ASSERT(buf != NULL);
    e = LIST(sign)(tl, g_key, &hdr, buf, *len, len, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static entry_t entry;
    list_t *tl = NULL, *again = NULL, *parsed = NULL;
    dpp_list_info info;
    dpp_diag diag;
    uint8_t *s1 = NULL, *s2 = NULL;
    size_t n1 = 0, n2 = 0;
    dpp_err e, pe;

    if (g_key == NULL) {
        g_key = fuzz_signing_key();
    }
    memset(&info, 0xA5, sizeof info);
    e = LIST(inspect)(data, size, &tl, &info, &diag);
    pe = LIST(parse)(data, size, g_key, NULL, &parsed, NULL, NULL);
    if (pe == DPP_OK) {
        FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    }
    LIST(free)(parsed);
    if (e != DPP_OK) {
        FUZZ_ASSERT(tl == NULL);
        FUZZ_ASSERT_MSG(fuzz_all_zero(&info, sizeof info), e, &diag);
        FUZZ_ASSERT(diag.err == e);
        return 0;
    }
    FUZZ_ASSERT(tl != NULL);
    FUZZ_ASSERT(LIST(count)(tl) <= LIST_MAX);
    FUZZ_ASSERT(info.n_entries == LIST(count)(tl));
    for (size_t i = 0; i < LIST(count)(tl); i++) {
        e = LIST(get)(tl, i, &entry);
        FUZZ_ASSERT(e == DPP_OK);
        FUZZ_ASSERT(ENTRY_OK(entry));
    }
    s1 = sign_list(tl, &n1);
    e = LIST(parse)(s1, n1, g_key, NULL, &again, NULL, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(LIST(count)(again) == LIST(count)(tl));
    s2 = sign_list(again, &n2);
    FUZZ_ASSERT(n1 == n2 && memcmp(s1, s2, n1) == 0);
    free(s1);
    free(s2);
    LIST(free)(again);
    LIST(free)(tl);
    return 0;
}

#endif
