/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: GS1 Digital Link URIs (dpp_dl_parse, dpp_dl_build; internal).
 * Properties: on failure the error is a DL code (or TOO_LARGE), diag names it
 * and *out is zeroed; the query and fragment spans lie inside the input;
 * round trip: a parsed link built again (lower and upper case) parses back to
 * the same host, prefix, key and qualifiers, and building that gives the same
 * text; the size query agrees with the build; one byte less of room is
 * refused, not overrun; the hybrid profile accepts a subset of the generic
 * one with the same fields.
 */
#include "fuzz_common.h"

#include "gs1dl.h"

static void same_fields(const dpp_dl *a, const dpp_dl *b)
{
    FUZZ_ASSERT(strcmp(a->host, b->host) == 0 && a->host_len == b->host_len);
    FUZZ_ASSERT(strcmp(a->prefix, b->prefix) == 0 && a->prefix_len == b->prefix_len);
    FUZZ_ASSERT(strcmp(a->key.ai, b->key.ai) == 0 && strcmp(a->key.value, b->key.value) == 0);
    FUZZ_ASSERT(a->key.value_len == b->key.value_len);
    FUZZ_ASSERT(a->nqual == b->nqual);
    for (size_t i = 0; i < a->nqual; i++) {
        FUZZ_ASSERT(strcmp(a->qual[i].ai, b->qual[i].ai) == 0);
        FUZZ_ASSERT(a->qual[i].value_len == b->qual[i].value_len);
        FUZZ_ASSERT(memcmp(a->qual[i].value, b->qual[i].value, a->qual[i].value_len + 1) == 0);
    }
}

static void round_trip(const dpp_dl *dl, unsigned bflags)
{
    char *out, *tight, *again;
    size_t need = 0, n = 0, m = 0;
    dpp_dl back;
    dpp_diag diag;
    dpp_err e = dpp_dl_build(dl, bflags, NULL, 0, &need, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(need > 0 && need <= DPP_DL_MAX_URI_LEN);
    out = malloc(need + 1);
    again = malloc(need + 1);
    tight = malloc(need);
    FUZZ_ASSERT(out != NULL && again != NULL && tight != NULL);
    e = dpp_dl_build(dl, bflags, out, need + 1, &n, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(n == need && out[n] == '\0' && strlen(out) == n);
    e = dpp_dl_build(dl, bflags, tight, need, &m, &diag);
    FUZZ_ASSERT(e == DPP_ERR_BUFFER_TOO_SMALL && m == need);
    e = dpp_dl_parse(out, n, 0, &back, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(!back.has_query && !back.has_fragment && back.path_end == n);
    same_fields(dl, &back);
    e = dpp_dl_build(&back, bflags, again, need + 1, &m, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(m == n && memcmp(out, again, n + 1) == 0);
    FUZZ_ASSERT(dpp_dl_is_qr_alnum(out, n) == dpp_dl_is_qr_alnum(again, m));
    free(out);
    free(again);
    free(tight);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *uri = malloc(size > 0 ? size : 1); /* exactly the input: no NUL after it */
    dpp_dl dl, hyb;
    dpp_diag diag;
    dpp_err e, eh;
    FUZZ_ASSERT(uri != NULL);
    if (size > 0) memcpy(uri, data, size);

    e = dpp_dl_parse(uri, size, 0, &dl, &diag);
    if (e != DPP_OK) {
        FUZZ_ASSERT(dpp_err_is_dl(e) || e == DPP_ERR_TOO_LARGE);
        FUZZ_ASSERT(diag.err == e && diag.msg[0] != '\0');
        FUZZ_ASSERT(diag.offset == SIZE_MAX || diag.offset <= size);
        FUZZ_ASSERT(dl.host[0] == '\0' && dl.nqual == 0 && dl.key.ai[0] == '\0' && !dl.has_query);
    }
    eh = dpp_dl_parse(uri, size, DPP_DL_HYBRID, &hyb, &diag);
    if (eh == DPP_OK) {
        /* the hybrid profile is a restriction of the generic one */
        FUZZ_ASSERT(e == DPP_OK);
        FUZZ_ASSERT(strcmp(hyb.key.ai, "01") == 0 && hyb.key.value_len == 14 && !hyb.has_query);
        same_fields(&dl, &hyb);
    } else {
        FUZZ_ASSERT(dpp_err_is_dl(eh) || eh == DPP_ERR_TOO_LARGE);
        FUZZ_ASSERT(diag.err == eh && diag.msg[0] != '\0');
        FUZZ_ASSERT(hyb.host[0] == '\0' && hyb.nqual == 0 && hyb.key.ai[0] == '\0');
    }
    if (e != DPP_OK) goto done;
    FUZZ_ASSERT(dl.path_end <= size);
    if (dl.has_query) FUZZ_ASSERT(dl.query_off > 0 && uri[dl.query_off - 1] == '?' && dl.query_off + dl.query_len <= size);
    if (dl.has_fragment)
        FUZZ_ASSERT(dl.fragment_off > 0 && uri[dl.fragment_off - 1] == '#' && dl.fragment_off + dl.fragment_len == size);
    FUZZ_ASSERT(dl.nqual <= DPP_DL_MAX_QUALIFIERS);
    round_trip(&dl, 0);
    round_trip(&dl, DPP_DL_BUILD_UPPER);
done:
    free(uri);
    return 0;
}
