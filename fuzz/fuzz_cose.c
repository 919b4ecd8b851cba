/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: COSE_Sign1 parsing (dpp_cose_sign1_parse) under every option
 * combination, and verification with the vectors' Ed25519 key.
 *
 * The first input byte selects the flags (TAGGED, ALLOW_UNPROTECTED_ALG,
 * STRICT), the rest is the message. Properties:
 *  - on failure *out is all zero bytes and diag carries the same error;
 *  - on success every view (protected header, payload, signature, kid)
 *    lies inside the message, detached <=> payload is {NULL, 0}, a tagged
 *    message was not also CWT-tagged when TAGGED is required, and the
 *    Sig_structure can be built for it;
 *  - parsing is a pure function: a second parse gives the same result;
 *  - the strict parse accepts a subset of what the lax parse accepts;
 *  - dpp_cose_sign1_verify() fails with *out zeroed, or succeeds only on a
 *    message the parser accepts.
 */
#include "fuzz_common.h"
#include "fuzz_keys.h"

#include "cose_internal.h"
#include "dpp/dpp.h"

static dpp_key *g_pub;

static dpp_key *load_pub(void)
{
    dpp_key *k = NULL;
    dpp_diag diag;
    if (dpp_key_load((const uint8_t *)FUZZ_PUB_ED25519, strlen(FUZZ_PUB_ED25519), &k, &diag) != DPP_OK) {
        abort();
    }
    return k;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_pub = load_pub();
    return 0;
}

static int inside(dpp_bytes b, const uint8_t *msg, size_t len)
{
    if (b.ptr == NULL) {
        return b.len == 0;
    }
    return b.ptr >= msg && b.len <= len && (size_t)(b.ptr - msg) <= len - b.len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t sig_buf[DPP_COSE_SIG_STRUCTURE_MAX];
    dpp_cose_sign1 m, m2, lax;
    dpp_cose_opts opts = {0, {NULL, 0}}, lax_opts = {DPP_COSE_ALLOW_UNPROTECTED_ALG, {NULL, 0}};
    dpp_diag diag;
    dpp_err e, e2;
    const uint8_t *msg;
    uint8_t *copy;
    size_t len, sl = 0;

    if (g_pub == NULL) {
        g_pub = load_pub();
    }
    if (size < 1) {
        return 0;
    }
    opts.flags = data[0] & (DPP_COSE_TAGGED | DPP_COSE_ALLOW_UNPROTECTED_ALG | DPP_COSE_STRICT);
    /* an exact-size heap copy, so ASan sees any read past the end */
    len = size - 1u;
    copy = malloc(len != 0 ? len : 1u);
    FUZZ_ASSERT(copy != NULL);
    if (len != 0) {
        memcpy(copy, data + 1, len);
    }
    msg = copy;

    memset(&m, 0x5A, sizeof m);
    e = dpp_cose_sign1_parse(msg, len, &opts, &m, &diag);
    if (e != DPP_OK) {
        FUZZ_ASSERT_MSG(fuzz_all_zero(&m, sizeof m), e, &diag);
        FUZZ_ASSERT(diag.err == e);
        /* malformed input, or a header the profile refuses (crit, alg unprotected or not an integer) */
        FUZZ_ASSERT_MSG(dpp_err_is_malformed(e) || e == DPP_ERR_CRIT_UNSUPPORTED || e == DPP_ERR_ALG_UNPROTECTED ||
                            e == DPP_ERR_ALG_UNSUPPORTED,
                        e, &diag);
    } else {
        FUZZ_ASSERT(inside(m.protected_hdr, msg, len));
        FUZZ_ASSERT(inside(m.payload, msg, len));
        FUZZ_ASSERT(inside(m.signature, msg, len));
        FUZZ_ASSERT(inside(m.kid, msg, len));
        FUZZ_ASSERT(!m.detached || (m.payload.ptr == NULL && m.payload.len == 0));
        if (opts.flags & DPP_COSE_TAGGED) {
            FUZZ_ASSERT(m.tagged);
        }
        if (!m.detached) {
            e2 = dpp_cose_sig_structure(&m, NULL, NULL, 0, &sl);
            FUZZ_ASSERT_MSG(e2 == DPP_OK, e2, NULL);
            FUZZ_ASSERT(sl <= sizeof sig_buf);
            e2 = dpp_cose_sig_structure(&m, NULL, sig_buf, sizeof sig_buf, &sl);
            FUZZ_ASSERT(e2 == DPP_OK);
        }
    }
    memset(&m2, 0x33, sizeof m2);
    e2 = dpp_cose_sign1_parse(msg, len, &opts, &m2, NULL);
    FUZZ_ASSERT(e2 == e);
    if (e == DPP_OK) {
        FUZZ_ASSERT(m2.payload.ptr == m.payload.ptr && m2.payload.len == m.payload.len);
        FUZZ_ASSERT(m2.signature.ptr == m.signature.ptr && m2.alg == m.alg && m2.has_alg == m.has_alg);
        /* strict and tagged only remove inputs */
        e2 = dpp_cose_sign1_parse(msg, len, &lax_opts, &lax, NULL);
        FUZZ_ASSERT_MSG(e2 == DPP_OK, e2, NULL);
    }

    memset(&m2, 0x77, sizeof m2);
    e2 = dpp_cose_sign1_verify(msg, len, g_pub, &opts, &m2, &diag);
    if (e2 != DPP_OK) {
        FUZZ_ASSERT_MSG(fuzz_all_zero(&m2, sizeof m2), e2, &diag);
    } else {
        FUZZ_ASSERT(e == DPP_OK);
    }
    free(copy);
    return 0;
}
