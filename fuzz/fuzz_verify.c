/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: full verification from text (dpp_verify), and the unverified
 * reader (dpp_inspect) on the same input.
 *
 * Trusted keys: the test keys of test-vectors/keys (fuzz_keys.h), so inputs
 * from the vector corpus reach every check. Properties:
 *  - the return value equals report.err; on failure exactly one check has
 *    status FAIL and it is report.failed, the checks before it passed or were
 *    skipped, the checks after it did not run, and *out is all zero bytes;
 *  - on success every check passed or was skipped, and dpp_inspect() returns
 *    the same passport and claims (inspect never accepts less);
 *  - when dpp_inspect() fails, *out is all zero bytes.
 */
#include "fuzz_common.h"
#include "fuzz_keys.h"

#include "dpp/dpp.h"

static dpp_trust *g_trust;

/* Two passports are the same when their CBOR encodings are. */
static void fuzz_same_passport(const dpp_passport *a, const dpp_passport *b)
{
    static uint8_t ca[DPP_MAX_COSE_LEN], cb[DPP_MAX_COSE_LEN];
    size_t na = 0, nb = 0;
    dpp_diag diag;
    dpp_err e;

    e = dpp_passport_to_cbor(a, ca, sizeof ca, &na, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    e = dpp_passport_to_cbor(b, cb, sizeof cb, &nb, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    FUZZ_ASSERT(na == nb && memcmp(ca, cb, na) == 0);
}

static void fuzz_same_claims(const dpp_claims *a, const dpp_claims *b)
{
    FUZZ_ASSERT(a->iat == b->iat && a->has_exp == b->has_exp && a->exp == b->exp);
    FUZZ_ASSERT(strcmp(a->iss, b->iss) == 0 && a->alg == b->alg && a->compressed == b->compressed);
    FUZZ_ASSERT(memcmp(a->kid, b->kid, sizeof a->kid) == 0);
}

/*
 * The one legitimate exception to "checks after the failing one did not
 * run": the key/alg comparison happens after the kid lookup (spec section 12
 * step 7), so "kid" has passed when "alg" fails with DPP_ERR_ALG_KEY_MISMATCH.
 */
static void alg_key_mismatch_order(dpp_report *rep)
{
    if (rep->err == DPP_ERR_ALG_KEY_MISMATCH && rep->failed == DPP_CHECK_ALG &&
        rep->status[DPP_CHECK_KID] == DPP_CHECK_PASS) {
        rep->status[DPP_CHECK_KID] = DPP_CHECK_NOT_RUN;
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_trust = fuzz_trust_new();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dpp_verified v;
    static dpp_unverified u;
    dpp_report rep;
    dpp_diag diag;
    dpp_err err, ierr;
    char *text;

    if (g_trust == NULL) {
        g_trust = fuzz_trust_new();
    }
    text = fuzz_strndup(data, size);
    memset(&v, 0xA5, sizeof v);
    err = dpp_verify(text, size, g_trust, FUZZ_NOW, &v, &rep);
    FUZZ_ASSERT(err == rep.err);
    if (err != DPP_OK) {
        FUZZ_ASSERT_MSG(fuzz_all_zero(&v, sizeof v), err, &rep.diag);
        FUZZ_ASSERT(rep.failed < DPP_CHECK_COUNT);
        FUZZ_ASSERT(rep.diag.err == err);
        alg_key_mismatch_order(&rep);
        for (int c = 0; c < DPP_CHECK_COUNT; c++) {
            if (!(c < (int)rep.failed ? (rep.status[c] == DPP_CHECK_PASS || rep.status[c] == DPP_CHECK_SKIPPED)
                                      : c == (int)rep.failed ? rep.status[c] == DPP_CHECK_FAIL
                                                             : rep.status[c] == DPP_CHECK_NOT_RUN)) {
                fprintf(stderr, "check %s has status %d; failed check %s, %s: %s\n", dpp_check_name((dpp_check)c),
                        (int)rep.status[c], dpp_check_name(rep.failed), dpp_err_name(err), rep.diag.msg);
            }
            if (c < (int)rep.failed) {
                FUZZ_ASSERT(rep.status[c] == DPP_CHECK_PASS || rep.status[c] == DPP_CHECK_SKIPPED);
            } else if (c == (int)rep.failed) {
                FUZZ_ASSERT(rep.status[c] == DPP_CHECK_FAIL);
            } else {
                FUZZ_ASSERT(rep.status[c] == DPP_CHECK_NOT_RUN);
            }
        }
        FUZZ_ASSERT(memchr(rep.diag.msg, '\0', sizeof rep.diag.msg) != NULL);
        FUZZ_ASSERT(dpp_err_name(err) != NULL);
    } else {
        /* the checks up to schema ran and passed (or did not apply); no check failed */
        for (int c = 0; c < DPP_CHECK_COUNT; c++) {
            FUZZ_ASSERT(rep.status[c] != DPP_CHECK_FAIL);
            if (c <= DPP_CHECK_SCHEMA) {
                FUZZ_ASSERT(rep.status[c] == DPP_CHECK_PASS || rep.status[c] == DPP_CHECK_SKIPPED);
            }
        }
    }

    memset(&u, 0x5A, sizeof u);
    ierr = dpp_inspect(text, size, &u, &diag);
    if (ierr != DPP_OK) {
        FUZZ_ASSERT_MSG(fuzz_all_zero(&u, sizeof u), ierr, &diag);
        FUZZ_ASSERT(diag.err == ierr);
        /* inspect skips signature, trust and time checks, nothing else */
        FUZZ_ASSERT_MSG(err != DPP_OK, ierr, &diag);
    } else if (err == DPP_OK) {
        fuzz_same_passport(&u.passport_unverified, &v.passport);
        fuzz_same_claims(&u.claims_unverified, &v.claims);
    }
    free(text);
    return 0;
}
