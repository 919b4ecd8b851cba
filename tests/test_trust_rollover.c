/* Operator key rollover (spec/trust.md 3.9): a trust list carries the
 * chain of rollover statements from old operator keys to the key that
 * signed it; a verifier pinning an old key follows it, pins the successor
 * and retires the old key; a chain that skips a step, a forged statement,
 * a retired or revoked operator key are each refused with their own code. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"
#include "trustfx.h"

#define NOW TFX_NOW

typedef struct fx {
    dpp_key *op[4]; /* generations of one operator's key */
    dpp_key *evil;
    dpp_key *maker;
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t text_len;
    uint8_t st[4][DPP_ROLLOVER_MAX_LEN]; /* st[i]: op[i] -> op[i + 1] */
    size_t st_len[4];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    dpp_passport p;
    dpp_diag d;
    if (f == NULL) return -1;
    for (int i = 0; i < 4; i++) f->op[i] = fx_key(DPP_ALG_EDDSA);
    f->evil = fx_key(DPP_ALG_EDDSA);
    f->maker = fx_key(DPP_ALG_ES256);
    for (int i = 0; i < 3; i++)
        if (dpp_rollover_sign(f->op[i], f->op[i + 1], f->st[i], sizeof f->st[i], &f->st_len[i], &d) != DPP_OK)
            fail_msg("rollover: %s", d.msg);
    fx_example_passport(&p);
    tfx_encode(&p, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    for (int i = 0; i < 4; i++) dpp_key_free(f->op[i]);
    dpp_key_free(f->evil);
    dpp_key_free(f->maker);
    free(f);
    return 0;
}

/* A list with the maker, signed by op, carrying the statements given. */
static uint8_t *list_by(const fx *f, const dpp_key *op, uint64_t seq, const int *chain, size_t n_chain, size_t *len)
{
    dpp_trustlist *tl = NULL;
    dpp_trustlist_entry *e = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Maker", "DE");
    dpp_diag d;
    uint8_t *out;
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    if (dpp_trustlist_add(tl, e, &d) != DPP_OK) fail_msg("add: %s", d.msg);
    for (size_t i = 0; i < n_chain; i++)
        if (dpp_trustlist_add_rollover(tl, f->st[chain[i]], f->st_len[chain[i]], &d) != DPP_OK)
            fail_msg("add_rollover: %s", d.msg);
    assert_int_equal(dpp_trustlist_rollover_count(tl), n_chain);
    out = tfx_sign_list(tl, op, seq, NOW - 10, NOW + 3600, len);
    dpp_trustlist_free(tl);
    free(e);
    return out;
}

static dpp_err load(dpp_trust *t, const uint8_t *l, size_t n, dpp_diag *d)
{
    dpp_list_policy pol = {NOW, 0, 0};
    return dpp_trust_load_list(t, l, n, &pol, NULL, d);
}

static void verifier_follows_one_rollover_then_retires_the_old_key(void **state)
{
    fx *f = *state;
    size_t n1 = 0, n2 = 0, n3 = 0;
    const int c01[] = {0};
    uint8_t *l1 = list_by(f, f->op[0], 1, NULL, 0, &n1);
    uint8_t *l2 = list_by(f, f->op[1], 2, c01, 1, &n2);
    uint8_t *l3 = list_by(f, f->op[0], 3, NULL, 0, &n3);
    dpp_verified v;
    dpp_report rep;
    dpp_diag d;
    dpp_trust *t = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, f->op[0]), DPP_OK);
    assert_int_equal(load(t, l1, n1, &d), DPP_OK);
    /* without the chain the new key is unknown */
    {
        size_t n = 0;
        uint8_t *bare = list_by(f, f->op[1], 2, NULL, 0, &n);
        assert_int_equal(load(t, bare, n, &d), DPP_ERR_LIST_UNPINNED);
        free(bare);
    }
    if (load(t, l2, n2, &d) != DPP_OK) fail_msg("rollover: %s", d.msg);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &v, &rep), DPP_OK);
    /* the old key handed over: a newer list signed by it is refused */
    assert_int_equal(load(t, l3, n3, &d), DPP_ERR_OPERATOR_RETIRED);
    assert_non_null(strstr(d.msg, "handed over"));
    /* the new key stays pinned */
    assert_int_equal(load(t, l2, n2, &d), DPP_OK);
    /* pinning the old key again is the verifier's own decision: it signs again */
    assert_int_equal(dpp_trust_pin_operator(t, f->op[0]), DPP_OK);
    assert_int_equal(load(t, l3, n3, &d), DPP_OK);
    dpp_trust_free(t);
    free(l1);
    free(l2);
    free(l3);
}

static void a_verifier_that_missed_a_list_follows_two_steps(void **state)
{
    fx *f = *state;
    size_t n = 0, n1 = 0;
    const int chain[] = {0, 1, 2};
    uint8_t *l = list_by(f, f->op[3], 9, chain, 3, &n);
    uint8_t *old = list_by(f, f->op[1], 10, NULL, 0, &n1);
    dpp_diag d;
    dpp_trust *t = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    /* pins op[1]: statement 0 is history, 1 and 2 are followed */
    assert_int_equal(dpp_trust_pin_operator(t, f->op[1]), DPP_OK);
    if (load(t, l, n, &d) != DPP_OK) fail_msg("chain: %s", d.msg);
    assert_int_equal(load(t, old, n1, &d), DPP_ERR_OPERATOR_RETIRED);
    dpp_trust_free(t);
    free(l);
    free(old);
}

static void a_chain_that_skips_a_step_is_refused(void **state)
{
    fx *f = *state;
    size_t n = 0;
    const int gap[] = {0, 2};  /* op0->op1, op2->op3: op1->op2 missing */
    const int short_[] = {0}; /* op0->op1 only, list signed by op3 */
    uint8_t *l = list_by(f, f->op[3], 2, gap, 2, &n);
    dpp_diag d;
    dpp_trust *t = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, f->op[0]), DPP_OK);
    assert_int_equal(load(t, l, n, &d), DPP_ERR_ROLLOVER_GAP);
    assert_non_null(strstr(d.msg, "operator chain[1]"));
    free(l);
    l = list_by(f, f->op[3], 2, short_, 1, &n);
    assert_int_equal(load(t, l, n, &d), DPP_ERR_ROLLOVER_GAP);
    assert_non_null(strstr(d.msg, "chain ends at"));
    /* a failed rollover changes nothing: op0 still signs */
    free(l);
    l = list_by(f, f->op[0], 3, NULL, 0, &n);
    assert_int_equal(load(t, l, n, &d), DPP_OK);
    dpp_trust_free(t);
    free(l);
}

static void forged_statements_are_refused(void **state)
{
    fx *f = *state;
    size_t n = 0, sl = 0;
    uint8_t st[DPP_ROLLOVER_MAX_LEN], k0[DPP_KID_LEN], ke[DPP_KID_LEN];
    dpp_trustlist *tl = NULL;
    dpp_trustlist_entry *e = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Maker", "DE");
    uint8_t *l;
    dpp_diag d;
    dpp_trust *t = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, f->op[0]), DPP_OK);
    /* evil announces itself as op0's successor, signing with its own key but op0's kid */
    assert_int_equal(dpp_rollover_sign(f->evil, f->op[3], st, sizeof st, &sl, &d), DPP_OK);
    dpp_key_kid(f->op[0], k0);
    dpp_key_kid(f->evil, ke);
    for (size_t i = 0; i + DPP_KID_LEN <= sl; i++)
        if (memcmp(st + i, ke, DPP_KID_LEN) == 0) memcpy(st + i, k0, DPP_KID_LEN);
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    assert_int_equal(dpp_trustlist_add(tl, e, &d), DPP_OK);
    assert_int_equal(dpp_trustlist_add_rollover(tl, st, sl, &d), DPP_OK);
    l = tfx_sign_list(tl, f->op[3], 2, NOW - 10, NOW + 3600, &n);
    assert_int_equal(load(t, l, n, &d), DPP_ERR_SIGNATURE);
    assert_non_null(strstr(d.msg, "rollover signature"));
    free(l);
    dpp_trustlist_free(tl);
    free(e);
    /* a statement from a key pinned nowhere starts no chain */
    {
        const int c2[] = {2};
        l = list_by(f, f->op[3], 2, c2, 1, &n);
        assert_int_equal(load(t, l, n, &d), DPP_ERR_LIST_UNPINNED);
        free(l);
    }
    /* statement checks */
    assert_int_equal(dpp_rollover_sign(f->op[0], f->op[0], st, sizeof st, &sl, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    assert_int_equal(dpp_trustlist_add_rollover(tl, (const uint8_t *)"\xa0", 1, &d), DPP_ERR_LIST_FORMAT);
    dpp_trustlist_free(tl);
    dpp_trust_free(t);
}

static void two_pinned_keys_and_a_revoked_operator_key(void **state)
{
    fx *f = *state;
    size_t n0 = 0, n1 = 0, nr = 0;
    uint8_t *l0 = list_by(f, f->op[0], 1, NULL, 0, &n0);
    uint8_t *l1 = list_by(f, f->op[1], 2, NULL, 0, &n1);
    dpp_revlist *rl = NULL;
    dpp_revocation r;
    dpp_list_policy pol = {NOW, 0, 0};
    uint8_t *rev;
    dpp_diag d;
    dpp_trust *t = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    /* a transition period: both keys pinned, either signs */
    assert_int_equal(dpp_trust_pin_operator(t, f->op[0]), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, f->op[1]), DPP_OK);
    assert_int_equal(load(t, l0, n0, &d), DPP_OK);
    assert_int_equal(load(t, l1, n1, &d), DPP_OK);
    assert_int_equal(load(t, l0, n0, &d), DPP_OK);
    /* op1 revokes op0's key: lists signed by op0 are refused */
    memset(&r, 0, sizeof r);
    r.kind = DPP_REVOKED_KEY;
    dpp_key_kid(f->op[0], r.kid);
    r.reason = DPP_REASON_KEY_COMPROMISE;
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    rev = tfx_sign_revlist(rl, f->op[1], 1, NOW - 10, NOW + 3600, &nr);
    assert_int_equal(dpp_trust_load_revocations(t, rev, nr, &pol, NULL, &d), DPP_OK);
    assert_int_equal(load(t, l0, n0, &d), DPP_ERR_OPERATOR_RETIRED);
    assert_non_null(strstr(d.msg, "revocation list revokes"));
    assert_int_equal(load(t, l1, n1, &d), DPP_OK);
    /* nor may op0 sign the revocation list that would lift its own revocation */
    {
        dpp_revlist *empty = NULL;
        size_t ne = 0;
        uint8_t *by0;
        assert_int_equal(dpp_revlist_new(&empty), DPP_OK);
        by0 = tfx_sign_revlist(empty, f->op[0], 2, NOW - 10, NOW + 3600, &ne);
        assert_int_equal(dpp_trust_load_revocations(t, by0, ne, &pol, NULL, &d), DPP_ERR_OPERATOR_RETIRED);
        assert_non_null(strstr(d.msg, "revocation list is signed by operator key"));
        /* the revocation stands: op0's trust list is still refused */
        assert_int_equal(load(t, l0, n0, &d), DPP_ERR_OPERATOR_RETIRED);
        dpp_revlist_free(empty);
        free(by0);
    }
    dpp_revlist_free(rl);
    dpp_trust_free(t);
    free(rev);
    free(l0);
    free(l1);
}

/* After a rollover the old key's other lists are refused as retired, not as unpinned. */
static void a_retired_key_signs_no_revocation_list(void **state)
{
    fx *f = *state;
    size_t n = 0, nr = 0;
    const int chain[] = {0};
    uint8_t *l = list_by(f, f->op[1], 2, chain, 1, &n);
    dpp_revlist *rl = NULL;
    dpp_list_policy pol = {NOW, 0, 0};
    uint8_t *rev;
    dpp_diag d;
    dpp_trust *t = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, f->op[0]), DPP_OK);
    assert_int_equal(load(t, l, n, &d), DPP_OK);
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    rev = tfx_sign_revlist(rl, f->op[0], 1, NOW - 10, NOW + 3600, &nr);
    assert_int_equal(dpp_trust_load_revocations(t, rev, nr, &pol, NULL, &d), DPP_ERR_OPERATOR_RETIRED);
    assert_non_null(strstr(d.msg, "handed over to its successor"));
    free(rev);
    rev = tfx_sign_revlist(rl, f->op[1], 1, NOW - 10, NOW + 3600, &nr);
    assert_int_equal(dpp_trust_load_revocations(t, rev, nr, &pol, NULL, &d), DPP_OK);
    dpp_revlist_free(rl);
    dpp_trust_free(t);
    free(rev);
    free(l);
}

static void chain_survives_parse_and_a_list_without_one_is_unchanged(void **state)
{
    fx *f = *state;
    size_t n = 0, n0 = 0;
    const int chain[] = {0, 1};
    uint8_t *l = list_by(f, f->op[2], 1, chain, 2, &n);
    uint8_t *l0 = list_by(f, f->op[2], 1, NULL, 0, &n0);
    dpp_trustlist *back = NULL;
    dpp_diag d;
    assert_int_equal(dpp_trustlist_parse(l, n, f->op[2], NULL, &back, NULL, &d), DPP_OK);
    assert_int_equal(dpp_trustlist_rollover_count(back), 2);
    dpp_trustlist_free(back);
    /* key 7 only when there is a chain: the list without one is shorter by exactly key 7 */
    assert_true(n > n0 + f->st_len[0] + f->st_len[1]);
    assert_int_equal(dpp_trustlist_parse(l0, n0, f->op[2], NULL, &back, NULL, &d), DPP_OK);
    assert_int_equal(dpp_trustlist_rollover_count(back), 0);
    dpp_trustlist_free(back);
    free(l);
    free(l0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(verifier_follows_one_rollover_then_retires_the_old_key, setup, teardown),
        cmocka_unit_test_setup_teardown(a_verifier_that_missed_a_list_follows_two_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(a_chain_that_skips_a_step_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(forged_statements_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(two_pinned_keys_and_a_revoked_operator_key, setup, teardown),
        cmocka_unit_test_setup_teardown(a_retired_key_signs_no_revocation_list, setup, teardown),
        cmocka_unit_test_setup_teardown(chain_survives_parse_and_a_list_without_one_is_unchanged, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
