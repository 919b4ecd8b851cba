/* SPDX-License-Identifier: Apache-2.0 */
/* Overflow-free time checks at the ends of the int64_t range, and the ISO
 * 8601 rendering of times in messages (libdpp/src/timeutil.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "dpp/dpp.h"
#include "dpp/dpp_trustlist.h"
#include "fixtures.h"
#include "timeutil.h"
#include "trustfx.h"

static void iso_known_values(void **state)
{
    const struct {
        int64_t t;
        const char *want;
    } cases[] = {
        {0, "1970-01-01T00:00:00Z"},
        {-1, "1969-12-31T23:59:59Z"},
        {951782400, "2000-02-29T00:00:00Z"},
        {1772600767, "2026-03-04T05:06:07Z"},
        {-62167219200, "0000-01-01T00:00:00Z"},
        {-62167219201, "-0001-12-31T23:59:59Z"},
        {253402300799, "9999-12-31T23:59:59Z"},
        {253402300800, "+10000-01-01T00:00:00Z"},
        {INT64_MAX, "+292277026596-12-04T15:30:07Z"},
        {INT64_MIN, "-292277022657-01-27T08:29:52Z"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[DPP_TIME_ISO_LEN];
        assert_ptr_equal(dpp_time_iso(cases[i].t, buf), buf);
        assert_string_equal(buf, cases[i].want);
    }
}

/* Agrees with the C library wherever the C library has an answer. */
static void iso_matches_gmtime(void **state)
{
    (void)state;
    for (int64_t t = -5000000000LL; t < 5000000000LL; t += 86399 * 37 + 13) {
        char a[DPP_TIME_ISO_LEN], b[64];
        time_t tt = (time_t)t;
        struct tm tm;
        assert_non_null(gmtime_r(&tt, &tm));
        assert_true(strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0);
        if (tm.tm_year + 1900 < 1000) continue; /* strftime does not pad years */
        assert_string_equal(dpp_time_iso(t, a), b);
    }
}

/* The one civil-date conversion (dates, certificate times, messages):
 * known days, and both directions agree with each other and with timegm
 * over 1600..2400 and around the edges. */
static void civil_days_both_ways(void **state)
{
    int64_t y;
    unsigned m, d;
    (void)state;
    assert_int_equal(dpp_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(dpp_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(dpp_days_from_civil(2024, 2, 29), 19782);
    assert_int_equal(dpp_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(dpp_days_from_civil(0, 3, 1), -719468);
    for (int64_t day = -200000; day <= 200000; day += 7) {
        dpp_civil_from_days(day, &y, &m, &d);
        assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
        assert_int_equal(dpp_days_from_civil(y, m, d), day);
        if (day % 1001 == 0) {
            struct tm tm;
            time_t t = (time_t)(day * 86400);
            assert_non_null(gmtime_r(&t, &tm));
            assert_int_equal(y, tm.tm_year + 1900);
            assert_int_equal(m, (unsigned)tm.tm_mon + 1);
            assert_int_equal(d, (unsigned)tm.tm_mday);
        }
    }
    dpp_civil_from_days((int64_t)1 << 45, &y, &m, &d); /* far beyond any real time: still a date */
    assert_int_equal(dpp_days_from_civil(y, m, d), (int64_t)1 << 45);
}

static void after_never_overflows(void **state)
{
    (void)state;
    assert_false(dpp_time_after(INT64_MAX, INT64_MAX, 300));
    assert_false(dpp_time_after(INT64_MAX, INT64_MAX - 300, 300));
    assert_true(dpp_time_after(INT64_MAX, INT64_MAX - 301, 300));
    assert_true(dpp_time_after(INT64_MIN + 301, INT64_MIN, 300));
    assert_false(dpp_time_after(INT64_MIN + 300, INT64_MIN, 300));
    assert_true(dpp_time_after(0, INT64_MIN, 300));
    assert_false(dpp_time_after(INT64_MIN, INT64_MAX, 0));
    assert_true(dpp_time_after(1, 0, 0));
    assert_int_equal(dpp_time_diff(INT64_MAX, INT64_MIN), UINT64_MAX);
    assert_int_equal(dpp_time_diff(5, -5), 10);
}

typedef struct fx {
    dpp_passport p;
    dpp_key *key;
    dpp_trust *trust;
    char text[DPP_MAX_TEXT_LEN + 1];
    dpp_verified v;
    dpp_report rep;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (f == NULL) return -1;
    fx_example_passport(&f->p);
    f->key = fx_key(DPP_ALG_EDDSA);
    f->trust = fx_trust(f->key);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    dpp_key_free(f->key);
    dpp_trust_free(f->trust);
    free(f);
    return 0;
}

static size_t encode(fx *f, int64_t iat, bool has_exp, int64_t exp)
{
    dpp_encode_opts o = {iat, has_exp, exp, NULL, DPP_COMPRESS_AUTO};
    size_t n = 0;
    assert_int_equal(dpp_encode(&f->p, f->key, &o, f->text, sizeof f->text, &n, NULL, NULL), DPP_OK);
    return n;
}

/* now = INT64_MAX used to overflow now + 300 in the iat check (UBSan abort;
 * NOT_YET_VALID in a release build). */
static void verify_at_extreme_times(void **state)
{
    fx *f = *state;
    const int64_t iat = 1772600767; /* 2026-03-04T05:06:07Z */
    size_t n = encode(f, iat, false, 0);

    assert_int_equal(dpp_verify(f->text, n, f->trust, INT64_MAX, &f->v, &f->rep), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_IAT], DPP_CHECK_PASS);
    assert_int_equal(dpp_verify(f->text, n, f->trust, INT64_MAX - 300, &f->v, &f->rep), DPP_OK);
    assert_int_equal(dpp_verify(f->text, n, f->trust, INT64_MIN, &f->v, &f->rep), DPP_ERR_NOT_YET_VALID);
    assert_string_equal(f->rep.diag.msg, "issued at 2026-03-04T05:06:07Z, later than the validation time "
                                         "-292277022657-01-27T08:29:52Z plus 300 s skew");
    assert_int_equal(dpp_verify(f->text, n, f->trust, iat - 301, &f->v, &f->rep), DPP_ERR_NOT_YET_VALID);
    assert_int_equal(dpp_verify(f->text, n, f->trust, iat - 300, &f->v, &f->rep), DPP_OK);

    /* exp = INT64_MAX: never expired, even at now = INT64_MAX - 1 */
    n = encode(f, iat, true, INT64_MAX);
    assert_int_equal(dpp_verify(f->text, n, f->trust, INT64_MAX - 1, &f->v, &f->rep), DPP_OK);
    assert_int_equal(dpp_verify(f->text, n, f->trust, INT64_MAX, &f->v, &f->rep), DPP_ERR_EXPIRED);
    assert_string_equal(f->rep.diag.msg, "expired at +292277026596-12-04T15:30:07Z, validation time "
                                         "+292277026596-12-04T15:30:07Z");

    n = encode(f, iat, true, iat + 1);
    assert_int_equal(dpp_verify(f->text, n, f->trust, INT64_MAX, &f->v, &f->rep), DPP_ERR_EXPIRED);
    assert_string_equal(f->rep.diag.msg,
                        "expired at 2026-03-04T05:06:08Z, validation time +292277026596-12-04T15:30:07Z");
    assert_int_equal(dpp_verify(f->text, n, f->trust, INT64_MIN, &f->v, &f->rep), DPP_ERR_NOT_YET_VALID);
}

/* The list freshness checks at the ends of the range. */
static void list_at_extreme_times(void **state)
{
    dpp_trustlist *tl = NULL;
    dpp_key *op = fx_key(DPP_ALG_EDDSA), *signer = fx_key(DPP_ALG_EDDSA);
    dpp_trustlist_entry *e = tfx_entry(signer, DPP_ROLE_MANUFACTURER, "Acme", "DE");
    const int64_t iat = 1772600767, next = iat + 86400;
    dpp_list_policy pol;
    dpp_list_info info;
    dpp_diag d;
    dpp_trust *t = NULL;
    uint8_t *list;
    size_t len = 0;
    (void)state;
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    assert_int_equal(dpp_trustlist_add(tl, e, NULL), DPP_OK);
    list = tfx_sign_list(tl, op, 3, iat, next, &len);
    memset(&pol, 0, sizeof pol);
    pol.grace_seconds = INT64_MAX;

    const int64_t nows[] = {INT64_MAX, INT64_MIN, INT64_MAX - 300, INT64_MIN + 300};
    const dpp_err want[] = {DPP_OK, DPP_ERR_NOT_YET_VALID, DPP_OK, DPP_ERR_NOT_YET_VALID};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(dpp_trust_new(&t), DPP_OK);
        assert_int_equal(dpp_trust_pin_operator(t, op), DPP_OK);
        pol.now = nows[i];
        assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), want[i]);
        dpp_trust_free(t);
    }
    /* stale at INT64_MAX with a finite grace; the message uses ISO times */
    pol.grace_seconds = 7 * 86400;
    pol.now = INT64_MAX;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, op), DPP_OK);
    assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), DPP_ERR_LIST_STALE);
    assert_string_equal(d.msg, "trust list next update was due at 2026-03-05T05:06:07Z; validation time "
                               "+292277026596-12-04T15:30:07Z is past it by more than the 604800 s grace period");
    pol.now = INT64_MIN;
    assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), DPP_ERR_NOT_YET_VALID);
    assert_string_equal(d.msg, "trust list issued at 2026-03-04T05:06:07Z, later than the validation time "
                               "-292277022657-01-27T08:29:52Z plus 300 s skew");
    dpp_trust_free(t);
    free(list);
    free(e);
    dpp_trustlist_free(tl);
    dpp_key_free(op);
    dpp_key_free(signer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iso_known_values),
        cmocka_unit_test(iso_matches_gmtime),
        cmocka_unit_test(civil_days_both_ways),
        cmocka_unit_test(after_never_overflows),
        cmocka_unit_test_setup_teardown(verify_at_extreme_times, setup, teardown),
        cmocka_unit_test(list_at_extreme_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
