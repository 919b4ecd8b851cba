/* Status lists (spec/trust.md 6.4): the passport's status claim (-266),
 * whole and delta lists under the signed-list envelope, the verifier's
 * one-bit check, partitions by list id with their own sequence and
 * staleness, and every rejection with its own code. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"
#include "status_internal.h"
#include "trustfx.h"

#define NOW TFX_NOW
#define NBITS 1000000u

typedef struct fx {
    dpp_key *op, *maker;
    dpp_passport p;
    uint8_t id[DPP_STATUS_LIST_ID_LEN], id2[DPP_STATUS_LIST_ID_LEN];
    dpp_verified v;
    dpp_report rep;
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t text_len;
} fx;

static void encode_with_status(fx *f, const uint8_t id[DPP_STATUS_LIST_ID_LEN], uint32_t index)
{
    dpp_encode_ex_opts o;
    dpp_diag d;
    memset(&o, 0, sizeof o);
    o.base.iat = NOW - 100;
    o.base.compress = DPP_COMPRESS_AUTO;
    o.has_status = true;
    memcpy(o.status_list_id, id, DPP_STATUS_LIST_ID_LEN);
    o.status_index = index;
    if (dpp_encode_ex(&f->p, f->maker, &o, f->text, sizeof f->text, &f->text_len, NULL, &d) != DPP_OK)
        fail_msg("encode_ex: %s", d.msg);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    uint8_t kid[DPP_KID_LEN];
    if (f == NULL) return -1;
    f->op = fx_key(DPP_ALG_EDDSA);
    f->maker = fx_key(DPP_ALG_ES256);
    fx_example_passport(&f->p);
    dpp_key_kid(f->maker, kid);
    assert_int_equal(dpp_status_list_id(kid, 2026, f->id), DPP_OK);
    assert_int_equal(dpp_status_list_id(kid, 2027, f->id2), DPP_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    dpp_key_free(f->op);
    dpp_key_free(f->maker);
    free(f);
    return 0;
}

static uint8_t *sign_whole(const fx *f, const dpp_status_list *sl, uint64_t seq, int64_t next, size_t *len)
{
    dpp_list_header h = {seq, NOW - 10, next};
    dpp_diag d;
    size_t need = 0;
    uint8_t *out;
    if (dpp_status_list_sign(sl, f->op, &h, NULL, 0, &need, &d) != DPP_OK) fail_msg("size: %s", d.msg);
    out = malloc(need);
    assert_non_null(out);
    if (dpp_status_list_sign(sl, f->op, &h, out, need, len, &d) != DPP_OK) fail_msg("sign: %s", d.msg);
    assert_int_equal(*len, need);
    return out;
}

static uint8_t *sign_delta(const fx *f, const dpp_status_list *a, uint64_t base, const dpp_status_list *b,
                           uint64_t seq, size_t *len)
{
    dpp_list_header h = {seq, NOW - 5, NOW + 3600};
    dpp_diag d;
    size_t need = 0;
    uint8_t *out;
    if (dpp_status_list_sign_delta(a, base, b, f->op, &h, NULL, 0, &need, &d) != DPP_OK) fail_msg("size: %s", d.msg);
    out = malloc(need);
    assert_non_null(out);
    if (dpp_status_list_sign_delta(a, base, b, f->op, &h, out, need, len, &d) != DPP_OK) fail_msg("delta: %s", d.msg);
    return out;
}

static dpp_trust *store(const fx *f)
{
    dpp_trust *t = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_add_key(t, f->maker), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
    return t;
}

static dpp_err load(dpp_trust *t, const uint8_t *l, size_t n, dpp_diag *d)
{
    dpp_list_policy pol = {NOW, 0, 0};
    return dpp_trust_load_status(t, l, n, &pol, NULL, d);
}

/* xorshift: a reproducible 1% sample */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void a_million_passports_one_percent_revoked_fit_in_150_kb(void **state)
{
    fx *f = *state;
    dpp_status_list *sl = NULL;
    uint64_t s = 88172645463325252ull;
    size_t len = 0, set = 0;
    uint8_t *l;
    dpp_status_part_info pi;
    dpp_diag d;
    dpp_trust *t = store(f);
    assert_int_equal(dpp_status_list_new(f->id, NBITS, &sl), DPP_OK);
    while (set < NBITS / 100) {
        size_t i = (size_t)(rnd(&s) % NBITS);
        bool b = false;
        assert_int_equal(dpp_status_list_get(sl, i, &b), DPP_OK);
        if (b) continue;
        assert_int_equal(dpp_status_list_set(sl, i, true), DPP_OK);
        set++;
    }
    l = sign_whole(f, sl, 1, NOW + 3600, &len);
    print_message("status list: %zu passports, %zu revoked: %zu bytes signed (%.2f bytes per revoked entry)\n",
                  (size_t)NBITS, set, len, (double)len / (double)set);
    assert_true(len <= 150u * 1024u);
    if (load(t, l, len, &d) != DPP_OK) fail_msg("load: %s", d.msg);
    assert_int_equal(dpp_trust_status_count(t), 1);
    assert_int_equal(dpp_trust_status_info(t, f->id, NOW, &pi), DPP_OK);
    assert_int_equal(pi.n_bits, NBITS);
    assert_int_equal(pi.n_set, set);
    assert_int_equal(pi.sequence, 1);
    assert_false(pi.stale);
    for (size_t i = 0; i < NBITS; i += 997) {
        bool a = false, b = false;
        assert_int_equal(dpp_status_list_get(sl, i, &a), DPP_OK);
        assert_int_equal(dpp_trust_status_get(t, f->id, i, &b), DPP_OK);
        assert_int_equal(a, b);
    }
    assert_int_equal(dpp_trust_status_get(t, f->id, NBITS, &pi.stale), DPP_ERR_STATUS_INDEX);
    assert_int_equal(dpp_trust_status_get(t, f->id2, 0, &pi.stale), DPP_ERR_NOT_FOUND);
    dpp_status_list_free(sl);
    dpp_trust_free(t);
    free(l);
}

static void the_verifier_checks_the_passports_bit(void **state)
{
    fx *f = *state;
    dpp_status_list *sl = NULL, *other = NULL;
    size_t len = 0, len2 = 0;
    uint8_t *l, *l2;
    dpp_diag d;
    dpp_trust *t = store(f);
    assert_int_equal(dpp_status_list_new(f->id, 1000, &sl), DPP_OK);
    assert_int_equal(dpp_status_list_set(sl, 41, true), DPP_OK);
    l = sign_whole(f, sl, 1, NOW + 3600, &len);
    /* no status list loaded: the claim is not checked */
    encode_with_status(f, f->id, 41);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    assert_true(f->v.claims.has_status);
    assert_memory_equal(f->v.claims.status_list_id, f->id, DPP_STATUS_LIST_ID_LEN);
    assert_int_equal(f->v.claims.status_index, 41);
    assert_int_equal(f->rep.status[DPP_CHECK_REVOCATION], DPP_CHECK_SKIPPED);
    if (load(t, l, len, &d) != DPP_OK) fail_msg("load: %s", d.msg);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_ERR_STATUS_REVOKED);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_REVOCATION, DPP_ERR_STATUS_REVOKED);
    assert_true(f->rep.revoked);
    assert_non_null(strstr(f->rep.diag.msg, "bit 41"));
    encode_with_status(f, f->id, 40);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_REVOCATION], DPP_CHECK_PASS);
    encode_with_status(f, f->id, 1000);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_ERR_STATUS_INDEX);
    encode_with_status(f, f->id2, 1);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_ERR_STATUS_LIST_MISSING);
    /* a second part (another period): both held, each its own */
    assert_int_equal(dpp_status_list_new(f->id2, 64, &other), DPP_OK);
    l2 = sign_whole(f, other, 5, NOW - 1, &len2);
    {
        dpp_list_policy pol = {NOW, 0, 100};
        dpp_status_part_info pi;
        assert_int_equal(dpp_trust_load_status(t, l2, len2, &pol, NULL, &d), DPP_OK);
        assert_int_equal(dpp_trust_status_count(t), 2);
        assert_int_equal(dpp_trust_status_info(t, f->id2, NOW, &pi), DPP_OK);
        assert_true(pi.stale);
        assert_int_equal(pi.sequence, 5);
        assert_int_equal(dpp_trust_status_info(t, f->id, NOW, &pi), DPP_OK);
        assert_false(pi.stale);
    }
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    /* a passport without the claim is not affected */
    tfx_encode(&f->p, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    assert_false(f->v.claims.has_status);
    dpp_status_list_free(sl);
    dpp_status_list_free(other);
    dpp_trust_free(t);
    free(l);
    free(l2);
}

static void deltas_apply_in_proportion_to_the_change(void **state)
{
    fx *f = *state;
    dpp_status_list *a = NULL, *b = NULL, *c = NULL;
    size_t lw = 0, ld = 0, ld2 = 0;
    uint8_t *w, *dl, *dl2;
    dpp_diag d;
    dpp_trust *t = store(f);
    assert_int_equal(dpp_status_list_new(f->id, NBITS, &a), DPP_OK);
    assert_int_equal(dpp_status_list_new(f->id, NBITS, &b), DPP_OK);
    assert_int_equal(dpp_status_list_new(f->id, NBITS, &c), DPP_OK);
    for (size_t i = 0; i < NBITS; i += 101) {
        assert_int_equal(dpp_status_list_set(a, i, true), DPP_OK);
        assert_int_equal(dpp_status_list_set(b, i, true), DPP_OK);
        assert_int_equal(dpp_status_list_set(c, i, true), DPP_OK);
    }
    /* b: 100 more revoked, one suspension lifted */
    for (size_t i = 0; i < 100; i++) assert_int_equal(dpp_status_list_set(b, 7 + i * 9973, true), DPP_OK);
    assert_int_equal(dpp_status_list_set(b, 0, false), DPP_OK);
    w = sign_whole(f, a, 1, NOW + 3600, &lw);
    dl = sign_delta(f, a, 1, b, 2, &ld);
    print_message("status delta: 101 changes in %zu bytes (whole list %zu bytes)\n", ld, lw);
    assert_true(ld < 600);
    /* a delta before the whole list: nothing to apply it to */
    assert_int_equal(load(t, dl, ld, &d), DPP_ERR_STATUS_DELTA_BASE);
    assert_int_equal(load(t, w, lw, &d), DPP_OK);
    encode_with_status(f, f->id, 7 + 5 * 9973);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    if (load(t, dl, ld, &d) != DPP_OK) fail_msg("delta: %s", d.msg);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_ERR_STATUS_REVOKED);
    encode_with_status(f, f->id, 0);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep), DPP_OK);
    for (size_t i = 0; i < NBITS; i += 1009) {
        bool x = false, y = false;
        assert_int_equal(dpp_status_list_get(b, i, &x), DPP_OK);
        assert_int_equal(dpp_trust_status_get(t, f->id, i, &y), DPP_OK);
        assert_int_equal(x, y);
    }
    /* the same delta again: its base (1) is no longer what is held (2) */
    assert_int_equal(load(t, dl, ld, &d), DPP_ERR_STATUS_DELTA_BASE);
    assert_non_null(strstr(d.msg, "fetch the whole list"));
    /* the old whole list: rollback */
    assert_int_equal(load(t, w, lw, &d), DPP_ERR_LIST_ROLLBACK);
    /* a delta from 2 to 3 applies */
    assert_int_equal(dpp_status_list_set(c, 5, true), DPP_OK);
    dl2 = sign_delta(f, b, 2, c, 3, &ld2);
    assert_int_equal(load(t, dl2, ld2, &d), DPP_OK);
    /* argument checks */
    {
        dpp_list_header h = {3, NOW, NOW + 1};
        size_t n = 0;
        assert_int_equal(dpp_status_list_sign_delta(a, 1, a, f->op, &h, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
        assert_int_equal(dpp_status_list_sign_delta(a, 3, b, f->op, &h, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    }
    dpp_status_list_free(a);
    dpp_status_list_free(b);
    dpp_status_list_free(c);
    dpp_trust_free(t);
    free(w);
    free(dl);
    free(dl2);
}

static void malformed_lists_are_refused(void **state)
{
    fx *f = *state;
    dpp_status_list *sl = NULL, *back = NULL;
    dpp_list_info info;
    size_t len = 0, tl_len = 0;
    uint8_t *l;
    dpp_diag d;
    dpp_trust *t = store(f);
    dpp_list_policy pol = {NOW, 0, 0};
    assert_int_equal(dpp_status_list_new(f->id, 13, &sl), DPP_OK);
    assert_int_equal(dpp_status_list_set(sl, 12, true), DPP_OK);
    assert_int_equal(dpp_status_list_set(sl, 13, true), DPP_ERR_STATUS_INDEX);
    l = sign_whole(f, sl, 1, NOW + 3600, &len);
    assert_int_equal(dpp_status_list_parse(l, len, f->op, NULL, &back, &info, &d), DPP_OK);
    assert_int_equal(dpp_status_list_bits(back), 13);
    {
        bool b = false;
        assert_int_equal(dpp_status_list_get(back, 12, &b), DPP_OK);
        assert_true(b);
    }
    dpp_status_list_free(back);
    /* a status list is neither a trust list nor a revocation list */
    assert_int_equal(dpp_trust_load_list(t, l, len, &pol, NULL, &d), DPP_ERR_LIST_FORMAT);
    assert_non_null(strstr(d.msg, "status list, not a trust list"));
    assert_int_equal(dpp_trust_load_revocations(t, l, len, &pol, NULL, &d), DPP_ERR_LIST_FORMAT);
    /* nor the other way round */
    {
        dpp_trustlist *tl = NULL;
        uint8_t *tlb;
        assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
        tlb = tfx_sign_list(tl, f->op, 1, NOW - 10, NOW + 3600, &tl_len);
        assert_int_equal(load(t, tlb, tl_len, &d), DPP_ERR_LIST_FORMAT);
        assert_non_null(strstr(d.msg, "trust list, not a status list"));
        dpp_trustlist_free(tl);
        free(tlb);
    }
    /* an operator pinned for a named scheme only may publish status lists too */
    {
        dpp_trust *ts = NULL;
        assert_int_equal(dpp_trust_new(&ts), DPP_OK);
        assert_int_equal(dpp_trust_load_status(ts, l, len, &pol, NULL, &d), DPP_ERR_INVALID_ARG);
        assert_int_equal(dpp_trust_scheme_pin_operator(ts, "eu", f->op), DPP_OK);
        if (dpp_trust_load_status(ts, l, len, &pol, NULL, &d) != DPP_OK) fail_msg("scheme pin: %s", d.msg);
        dpp_trust_free(ts);
    }
    /* tampering */
    l[len / 2] ^= 1;
    assert_int_equal(load(t, l, len, &d), DPP_ERR_SIGNATURE);
    /* sizes and ids */
    assert_int_equal(dpp_status_list_new(f->id, 0, &back), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_status_list_new(f->id, DPP_STATUS_MAX_BITS + 1u, &back), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_status_max_bits(), DPP_STATUS_MAX_BITS);
    assert_memory_not_equal(f->id, f->id2, DPP_STATUS_LIST_ID_LEN);
    {
        dpp_encode_ex_opts o;
        memset(&o, 0, sizeof o);
        o.base.iat = NOW;
        o.has_status = true;
        o.status_index = DPP_STATUS_MAX_BITS;
        assert_int_equal(dpp_encode_ex(&f->p, f->maker, &o, f->text, sizeof f->text, &f->text_len, NULL, &d),
                         DPP_ERR_INVALID_ARG);
    }
    dpp_status_list_free(sl);
    dpp_trust_free(t);
    free(l);
}

/* Every single-byte change and every truncation of a whole list, a delta
 * and a rollover statement decodes to a result or an error: no crash, no
 * leak (the decoders run without the signature check here). */
static void mutations_do_not_crash(void **state)
{
    fx *f = *state;
    dpp_status_list *a = NULL, *b = NULL, *out = NULL;
    size_t lw = 0, ld = 0, ls = 0;
    uint8_t *w, *dl, st[DPP_ROLLOVER_MAX_LEN];
    const uint8_t *bufs[3];
    size_t lens[3];
    dpp_diag d;
    size_t ok = 0;
    assert_int_equal(dpp_status_list_new(f->id, 300, &a), DPP_OK);
    assert_int_equal(dpp_status_list_new(f->id, 300, &b), DPP_OK);
    assert_int_equal(dpp_status_list_set(a, 3, true), DPP_OK);
    assert_int_equal(dpp_status_list_set(b, 200, true), DPP_OK);
    w = sign_whole(f, a, 1, NOW + 3600, &lw);
    dl = sign_delta(f, a, 1, b, 2, &ld);
    assert_int_equal(dpp_rollover_sign(f->op, f->maker, st, sizeof st, &ls, &d), DPP_OK);
    bufs[0] = w;
    lens[0] = lw;
    bufs[1] = dl;
    lens[1] = ld;
    bufs[2] = st;
    lens[2] = ls;
    for (size_t k = 0; k < 3; k++) {
        uint8_t *m = malloc(lens[k]);
        assert_non_null(m);
        for (size_t i = 0; i < lens[k]; i++) {
            for (int mode = 0; mode < 3; mode++) {
                size_t n = lens[k];
                dpp_err e;
                memcpy(m, bufs[k], n);
                if (mode == 0) m[i] ^= 0x01;
                else if (mode == 1) m[i] ^= 0x80;
                else n = i;
                if (k < 2) {
                    e = dpp_status_decode(m, n, false, NULL, 0, NULL, &out, NULL, &d);
                    if (e == DPP_OK) {
                        ok++;
                        dpp_status_list_free(out);
                        out = NULL;
                    }
                } else {
                    dpp_trustlist *tl = NULL;
                    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
                    e = dpp_trustlist_add_rollover(tl, m, n, &d);
                    ok += e == DPP_OK;
                    dpp_trustlist_free(tl);
                }
                assert_true(e == DPP_OK || d.msg[0] != '\0');
            }
        }
        free(m);
    }
    assert_true(ok > 0); /* signature bytes may change freely here */
    dpp_status_list_free(a);
    dpp_status_list_free(b);
    free(w);
    free(dl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_million_passports_one_percent_revoked_fit_in_150_kb, setup, teardown),
        cmocka_unit_test_setup_teardown(the_verifier_checks_the_passports_bit, setup, teardown),
        cmocka_unit_test_setup_teardown(deltas_apply_in_proportion_to_the_change, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_lists_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(mutations_do_not_crash, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
