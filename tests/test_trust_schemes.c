/* Mutual recognition (spec/trust.md 3.8): several trust schemes loaded at
 * once, each with its own operator pin, trust list and revocation list; a
 * passport verifies when any scheme recognises its signer and attesters,
 * the report names the scheme; revocation in any scheme wins. */
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
    dpp_key *op_eu, *op_cn; /* the two schemes' operators */
    dpp_key *maker, *body;
    dpp_passport p;
    dpp_verified v;
    dpp_report rep;
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t text_len;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (f == NULL) return -1;
    f->op_eu = fx_key(DPP_ALG_EDDSA);
    f->op_cn = fx_key(DPP_ALG_EDDSA);
    f->maker = fx_key(DPP_ALG_ES256);
    f->body = fx_key(DPP_ALG_ES256);
    fx_example_passport(&f->p);
    tfx_encode(&f->p, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    dpp_key_free(f->op_eu);
    dpp_key_free(f->op_cn);
    dpp_key_free(f->maker);
    dpp_key_free(f->body);
    free(f);
    return 0;
}

/* A list signed by op holding key with role (and, when gtin != NULL, a
 * one-prefix GTIN scope). */
static uint8_t *list_of(const dpp_key *op, const dpp_key *key, dpp_role role, const char *name, const char *gtin,
                        size_t *len)
{
    dpp_trustlist *tl = NULL;
    dpp_trustlist_entry *e = tfx_entry(key, role, name, "DE");
    dpp_diag d;
    uint8_t *out;
    if (gtin != NULL) {
        e->scope.n_gtin_prefixes = 1;
        snprintf(e->scope.gtin_prefixes[0], 15, "%s", gtin);
    }
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    if (dpp_trustlist_add(tl, e, &d) != DPP_OK) fail_msg("add: %s", d.msg);
    out = tfx_sign_list(tl, op, 1, NOW - 10, NOW + 3600, len);
    dpp_trustlist_free(tl);
    free(e);
    return out;
}

static void load(dpp_trust *t, const char *scheme, const dpp_key *op, const uint8_t *list, size_t len)
{
    dpp_list_policy pol = {NOW, 0, 0};
    dpp_diag d;
    assert_int_equal(dpp_trust_scheme_pin_operator(t, scheme, op), DPP_OK);
    if (dpp_trust_scheme_load_list(t, scheme, list, len, &pol, NULL, &d) != DPP_OK) fail_msg("load %s: %s", scheme, d.msg);
}

static void kid_of(const dpp_key *k, uint8_t kid[DPP_KID_LEN]) { dpp_key_kid(k, kid); }

static void signer_recognised_by_the_second_scheme_only(void **state)
{
    fx *f = *state;
    size_t l1 = 0, l2 = 0;
    uint8_t *eu = list_of(f->op_eu, f->body, DPP_ROLE_CERTIFIER, "TUV", NULL, &l1);
    uint8_t *cn = list_of(f->op_cn, f->maker, DPP_ROLE_MANUFACTURER, "Jinding", NULL, &l2);
    uint8_t opk[DPP_KID_LEN];
    dpp_trust *t = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    load(t, "eu-ab", f->op_eu, eu, l1);
    /* the EU scheme alone does not know the maker */
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_ERR_KID_UNKNOWN);
    load(t, "cn-cnca", f->op_cn, cn, l2);
    assert_int_equal(dpp_trust_scheme_count(t), 2);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    assert_string_equal(f->v.signer.scheme, "cn-cnca");
    kid_of(f->op_cn, opk);
    assert_memory_equal(f->v.signer.scheme_operator, opk, DPP_KID_LEN);
    assert_string_equal(f->v.signer.party.name, "Jinding");
    /* reloading one scheme keeps the other's entries */
    load(t, "eu-ab", f->op_eu, eu, l1);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    dpp_trust_free(t);
    free(eu);
    free(cn);
}

static void the_scheme_that_grants_the_role_and_scope_wins(void **state)
{
    fx *f = *state;
    size_t l1 = 0, l2 = 0;
    /* EU lists the maker as a certifier (no passport signing); CN as a
     * manufacturer but scoped to other GTINs; then CN with the right scope. */
    uint8_t *eu = list_of(f->op_eu, f->maker, DPP_ROLE_CERTIFIER, "Maker as certifier", NULL, &l1);
    uint8_t *cn_bad = list_of(f->op_cn, f->maker, DPP_ROLE_MANUFACTURER, "Maker elsewhere", "999", &l2);
    uint8_t *cn = NULL;
    dpp_trust *t = NULL;
    char prefix[8];
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    load(t, "eu", f->op_eu, eu, l1);
    load(t, "cn", f->op_cn, cn_bad, l2);
    /* neither entry passes on its own: entries are not combined; the best failure (scope, from cn) is reported */
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_ERR_SCOPE);
    free(cn_bad);
    snprintf(prefix, sizeof prefix, "%.4s", f->p.gtin);
    cn = list_of(f->op_cn, f->maker, DPP_ROLE_MANUFACTURER, "Maker", prefix, &l2);
    load(t, "cn", f->op_cn, cn, l2);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    assert_string_equal(f->v.signer.scheme, "cn");
    assert_int_equal(f->v.signer.role, DPP_ROLE_MANUFACTURER);
    dpp_trust_free(t);
    free(eu);
    free(cn);
}

static void both_recognise_first_named_is_reported(void **state)
{
    fx *f = *state;
    size_t l1 = 0, l2 = 0;
    uint8_t *eu = list_of(f->op_eu, f->maker, DPP_ROLE_MANUFACTURER, "EU name", NULL, &l1);
    uint8_t *cn = list_of(f->op_cn, f->maker, DPP_ROLE_MANUFACTURER, "CN name", NULL, &l2);
    dpp_trust *t = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    load(t, "cn", f->op_cn, cn, l2);
    load(t, "eu", f->op_eu, eu, l1);
    /* reload cn after eu: insertion order changes, the report does not */
    load(t, "cn", f->op_cn, cn, l2);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    assert_string_equal(f->v.signer.scheme, "cn");
    assert_string_equal(f->v.signer.party.name, "CN name");
    dpp_trust_free(t);
    free(eu);
    free(cn);
}

static void attester_from_another_scheme(void **state)
{
    fx *f = *state;
    size_t l1 = 0, l2 = 0, att_len = 0;
    uint8_t att[1024];
    dpp_bytes b;
    dpp_diag d;
    uint8_t *eu = list_of(f->op_eu, f->body, DPP_ROLE_CERTIFIER, "TUV", NULL, &l1);
    uint8_t *cn = list_of(f->op_cn, f->maker, DPP_ROLE_MANUFACTURER, "Jinding", NULL, &l2);
    dpp_trust *t = NULL;
    if (dpp_attest(&f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_PRODUCT, att, sizeof att, &att_len,
                   &d) != DPP_OK)
        fail_msg("attest: %s", d.msg);
    b.ptr = att;
    b.len = att_len;
    tfx_encode(&f->p, f->maker, NOW - 100, &b, 1, f->text, sizeof f->text, &f->text_len);
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    load(t, "cn", f->op_cn, cn, l2);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_ERR_ATTESTER_UNKNOWN);
    load(t, "eu", f->op_eu, eu, l1);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    assert_string_equal(f->v.signer.scheme, "cn");
    assert_string_equal(f->v.attesters[0].scheme, "eu");
    dpp_trust_free(t);
    free(eu);
    free(cn);
}

static void revocation_in_any_scheme_wins(void **state)
{
    fx *f = *state;
    size_t l1 = 0, l2 = 0, lr = 0;
    uint8_t *eu = list_of(f->op_eu, f->body, DPP_ROLE_CERTIFIER, "TUV", NULL, &l1);
    uint8_t *cn = list_of(f->op_cn, f->maker, DPP_ROLE_MANUFACTURER, "Jinding", NULL, &l2);
    dpp_revlist *rl = NULL;
    dpp_revocation r;
    dpp_list_policy pol = {NOW, 0, 0};
    dpp_diag d;
    uint8_t *rev;
    dpp_trust *t = NULL;
    memset(&r, 0, sizeof r);
    r.kind = DPP_REVOKED_KEY;
    kid_of(f->maker, r.kid);
    r.reason = DPP_REASON_KEY_COMPROMISE;
    r.date = 20000;
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    rev = tfx_sign_revlist(rl, f->op_eu, 1, NOW - 10, NOW + 3600, &lr);
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    load(t, "cn", f->op_cn, cn, l2);
    load(t, "eu", f->op_eu, eu, l1);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    /* EU revokes the key CN recognises: revoked */
    if (dpp_trust_scheme_load_revocations(t, "eu", rev, lr, &pol, NULL, &d) != DPP_OK) fail_msg("rev: %s", d.msg);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_ERR_REVOKED);
    assert_true(f->rep.revoked);
    assert_string_equal(f->rep.revoked_by, "eu");
    assert_non_null(strstr(f->rep.diag.msg, "scheme eu"));
    {
        dpp_revocation found;
        assert_int_equal(dpp_trust_find_revocation(t, &r, &found), DPP_OK);
        assert_int_equal(found.reason, DPP_REASON_KEY_COMPROMISE);
    }
    /* a revocation list signed by the EU operator is not CN's */
    assert_int_equal(dpp_trust_scheme_load_revocations(t, "cn", rev, lr, &pol, NULL, &d), DPP_ERR_LIST_WRONG_SCHEME);
    dpp_revlist_free(rl);
    dpp_trust_free(t);
    free(rev);
    free(eu);
    free(cn);
}

static void a_list_is_checked_against_its_own_scheme_pins(void **state)
{
    fx *f = *state;
    size_t l1 = 0;
    uint8_t *eu = list_of(f->op_eu, f->maker, DPP_ROLE_MANUFACTURER, "M", NULL, &l1);
    dpp_list_policy pol = {NOW, 0, 0};
    dpp_diag d;
    dpp_trust *t = NULL;
    char longname[DPP_SCHEME_NAME_MAX + 2];
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_scheme_pin_operator(t, "eu", f->op_eu), DPP_OK);
    assert_int_equal(dpp_trust_scheme_pin_operator(t, "cn", f->op_cn), DPP_OK);
    assert_int_equal(dpp_trust_scheme_load_list(t, "cn", eu, l1, &pol, NULL, &d), DPP_ERR_LIST_WRONG_SCHEME);
    assert_non_null(strstr(d.msg, "scheme \"eu\""));
    /* the default scheme has no pins, the key is eu's */
    assert_int_equal(dpp_trust_load_list(t, eu, l1, &pol, NULL, &d), DPP_ERR_LIST_WRONG_SCHEME);
    /* a key pinned nowhere stays UNPINNED */
    {
        size_t l2 = 0;
        uint8_t *stray = list_of(f->maker, f->body, DPP_ROLE_CERTIFIER, "B", NULL, &l2);
        assert_int_equal(dpp_trust_scheme_pin_operator(t, "x", f->body), DPP_OK);
        assert_int_equal(dpp_trust_scheme_load_list(t, "x", stray, l2, &pol, NULL, &d), DPP_ERR_LIST_UNPINNED);
        free(stray);
    }
    assert_int_equal(dpp_trust_scheme_load_list(t, "eu", eu, l1, &pol, NULL, &d), DPP_OK);
    /* names */
    assert_int_equal(dpp_trust_scheme_pin_operator(t, "", f->op_eu), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trust_scheme_pin_operator(t, "tab\there", f->op_eu), DPP_ERR_INVALID_ARG);
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(dpp_trust_scheme_pin_operator(t, longname, f->op_eu), DPP_ERR_INVALID_ARG);
    for (int i = 0; i < 20; i++) {
        char nm[8];
        snprintf(nm, sizeof nm, "s%d", i);
        dpp_err e = dpp_trust_scheme_pin_operator(t, nm, f->op_eu);
        assert_true(e == DPP_OK || e == DPP_ERR_TOO_LARGE);
    }
    assert_true(dpp_trust_scheme_count(t) <= 16);
    dpp_trust_free(t);
    free(eu);
}

static void default_scheme_unchanged(void **state)
{
    fx *f = *state;
    size_t l1 = 0, l2 = 0;
    uint8_t *eu = list_of(f->op_eu, f->maker, DPP_ROLE_MANUFACTURER, "M", NULL, &l1);
    uint8_t *cn = list_of(f->op_cn, f->body, DPP_ROLE_CERTIFIER, "B", NULL, &l2);
    dpp_list_policy pol = {NOW, 0, 0};
    dpp_diag d;
    dpp_trust *t = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, f->op_eu), DPP_OK);
    assert_int_equal(dpp_trust_load_list(t, eu, l1, &pol, NULL, &d), DPP_OK);
    load(t, "cn", f->op_cn, cn, l2);
    /* reloading the default list leaves the named scheme's entry */
    assert_int_equal(dpp_trust_load_list(t, eu, l1, &pol, NULL, &d), DPP_OK);
    assert_int_equal(dpp_trust_count(t), 2);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    assert_string_equal(f->v.signer.scheme, "");
    dpp_trust_free(t);
    free(eu);
    free(cn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(signer_recognised_by_the_second_scheme_only, setup, teardown),
        cmocka_unit_test_setup_teardown(the_scheme_that_grants_the_role_and_scope_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(both_recognise_first_named_is_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(attester_from_another_scheme, setup, teardown),
        cmocka_unit_test_setup_teardown(revocation_in_any_scheme_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(a_list_is_checked_against_its_own_scheme_pins, setup, teardown),
        cmocka_unit_test_setup_teardown(default_scheme_unchanged, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
