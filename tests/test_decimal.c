/* SPDX-License-Identifier: Apache-2.0 */
/* Exact decimals and dates: dpp_decimal_parse/format/cmp, dpp_date_parse/format. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "dpp/dpp_passport.h"

#define MAXM DPP_DECIMAL_MAX_MANTISSA

typedef struct dec_ok_case {
    const char *text;
    int64_t mantissa;
    int exponent;
} dec_ok_case;

static const dec_ok_case k_dec_ok[] = {
    {"0", 0, 0},
    {"12", 12, 0},
    {"-1", -1, 0},
    {"100", 100, 0},
    {"-0.50", -50, -2},
    {"0.5", 5, -1},
    {"12.50", 1250, -2},
    {"0.000001", 1, -6},
    {"0.0", 0, -1},
    {"0.00", 0, -2},
    {"1.000", 1000, -3},
    {"999999999999999999", MAXM, 0},
    {"-999999999999999999", -MAXM, 0},
    {"0.999999999999999999", MAXM, -18},
    {"-0.999999999999999999", -MAXM, -18},
    {"0.000000000000000001", 1, -18},
    {"0.000000000000000000", 0, -18},
    {"99999999999999999.9", MAXM, -1},
    {"123456789.123456789", 123456789123456789LL, -9},
    {"0.100000000000000000", 100000000000000000LL, -18},
};

static void decimal_parse_accepts_and_formats_back(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof k_dec_ok / sizeof k_dec_ok[0]; i++) {
        const dec_ok_case *c = &k_dec_ok[i];
        dpp_decimal d = {77, 7};
        char buf[32];
        size_t n;
        print_message("case %s\n", c->text);
        assert_int_equal(dpp_decimal_parse(c->text, strlen(c->text), &d), DPP_OK);
        assert_true(d.mantissa == c->mantissa);
        assert_int_equal(d.exponent, c->exponent);
        memset(buf, 'x', sizeof buf);
        n = dpp_decimal_format(d, buf, sizeof buf);
        assert_int_equal(n, strlen(c->text));
        assert_string_equal(buf, c->text);
        /* exactly len + 1 bytes is enough, len is not */
        assert_int_equal(dpp_decimal_format(d, buf, n + 1), n);
        assert_string_equal(buf, c->text);
        assert_int_equal(dpp_decimal_format(d, buf, n), 0);
        assert_string_equal(buf, "");
    }
}

typedef struct dec_bad_case {
    const char *text;
    size_t len; /* 0: strlen */
    dpp_err err;
} dec_bad_case;

static const dec_bad_case k_dec_bad[] = {
    {"", 0, DPP_ERR_SCHEMA_FORMAT},
    {"+1", 0, DPP_ERR_SCHEMA_FORMAT},
    {".5", 0, DPP_ERR_SCHEMA_FORMAT},
    {"-.5", 0, DPP_ERR_SCHEMA_FORMAT},
    {"5.", 0, DPP_ERR_SCHEMA_FORMAT},
    {"1e3", 0, DPP_ERR_SCHEMA_FORMAT},
    {"1.5E3", 0, DPP_ERR_SCHEMA_FORMAT},
    {"01", 0, DPP_ERR_SCHEMA_FORMAT},
    {"00", 0, DPP_ERR_SCHEMA_FORMAT},
    {"-01", 0, DPP_ERR_SCHEMA_FORMAT},
    {"00.5", 0, DPP_ERR_SCHEMA_FORMAT},
    {"-", 0, DPP_ERR_SCHEMA_FORMAT},
    {"--1", 0, DPP_ERR_SCHEMA_FORMAT},
    {"1-", 0, DPP_ERR_SCHEMA_FORMAT},
    {"1.2.3", 0, DPP_ERR_SCHEMA_FORMAT},
    {" 1", 0, DPP_ERR_SCHEMA_FORMAT},
    {"1 ", 0, DPP_ERR_SCHEMA_FORMAT},
    {"0x10", 0, DPP_ERR_SCHEMA_FORMAT},
    {"1,5", 0, DPP_ERR_SCHEMA_FORMAT},
    {"NaN", 0, DPP_ERR_SCHEMA_FORMAT},
    {"\xef\xbc\x91", 0, DPP_ERR_SCHEMA_FORMAT}, /* fullwidth digit one */
    {"1\0", 2, DPP_ERR_SCHEMA_FORMAT},           /* embedded NUL */
    {"-0", 0, DPP_ERR_SCHEMA_FORMAT},            /* negative zero cannot be written back */
    {"-0.00", 0, DPP_ERR_SCHEMA_FORMAT},
    {"10000000000000000000x", 0, DPP_ERR_SCHEMA_FORMAT}, /* syntax is checked before size */
    {"1000000000000000000", 0, DPP_ERR_SCHEMA_RANGE},    /* 10^18 */
    {"-1000000000000000000", 0, DPP_ERR_SCHEMA_RANGE},
    {"99999999999999999999999999", 0, DPP_ERR_SCHEMA_RANGE},
    {"123456789012345678.9", 0, DPP_ERR_SCHEMA_RANGE},  /* 19 significant digits */
    {"1.000000000000000000", 0, DPP_ERR_SCHEMA_RANGE},  /* 19 significant digits */
    {"0.0000000000000000001", 0, DPP_ERR_SCHEMA_RANGE}, /* 19 fraction digits */
    {"0.0000000000000000000", 0, DPP_ERR_SCHEMA_RANGE},
};

static void decimal_parse_rejects(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof k_dec_bad / sizeof k_dec_bad[0]; i++) {
        const dec_bad_case *c = &k_dec_bad[i];
        dpp_decimal d = {77, 7};
        size_t len = c->len != 0 ? c->len : strlen(c->text);
        print_message("case \"%s\"\n", c->text);
        assert_int_equal(dpp_decimal_parse(c->text, len, &d), c->err);
        assert_true(d.mantissa == 0); /* zeroed on failure */
        assert_int_equal(d.exponent, 0);
    }
}

static void decimal_parse_bad_args(void **state)
{
    dpp_decimal d = {5, -1};
    (void)state;
    assert_int_equal(dpp_decimal_parse(NULL, 1, &d), DPP_ERR_INVALID_ARG);
    assert_true(d.mantissa == 0);
    assert_int_equal(dpp_decimal_parse("1", 1, NULL), DPP_ERR_INVALID_ARG);
    /* len limits the text: "12.5" read as 2 bytes is "12" */
    assert_int_equal(dpp_decimal_parse("12.5", 2, &d), DPP_OK);
    assert_true(d.mantissa == 12);
    assert_int_equal(d.exponent, 0);
}

static void decimal_format_rejects(void **state)
{
    char buf[64];
    dpp_decimal bad[] = {
        {1, 1}, {1, -19}, {MAXM + 1, 0}, {-MAXM - 1, -3}, {INT64_MIN, 0}, {INT64_MAX, -18},
    };
    dpp_decimal longest = {-MAXM, -18};
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        strcpy(buf, "junk");
        assert_int_equal(dpp_decimal_format(bad[i], buf, sizeof buf), 0);
        assert_string_equal(buf, "");
    }
    assert_int_equal(dpp_decimal_format(longest, NULL, 64), 0);
    /* the documented worst case: 21 characters plus NUL = 22 bytes */
    assert_int_equal(dpp_decimal_format(longest, buf, 22), 21);
    assert_string_equal(buf, "-0.999999999999999999");
    assert_int_equal(dpp_decimal_format(longest, buf, 21), 0);
    assert_int_equal(dpp_decimal_format(longest, buf, 0), 0);
}

/* Deterministic pseudo-random decimals: format then parse gives the same
 * struct back, and the text parses to a value equal under cmp. */
static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 11;
}

static void decimal_random_round_trip(void **state)
{
    uint64_t seed = 20240229u;
    (void)state;
    print_message("seed %llu\n", (unsigned long long)seed);
    for (int i = 0; i < 200000; i++) {
        dpp_decimal d, back;
        char buf[32];
        size_t n;
        uint64_t digits = lcg(&seed) % 19; /* 0..18 digits of mantissa */
        uint64_t m = lcg(&seed);
        uint64_t lim = 1;
        for (uint64_t k = 0; k < digits; k++) lim *= 10u;
        m = digits == 0 ? 0 : m % lim;
        d.mantissa = (lcg(&seed) & 1u) != 0 && m != 0 ? -(int64_t)m : (int64_t)m;
        d.exponent = (int8_t)(-(int)(lcg(&seed) % 19u));
        n = dpp_decimal_format(d, buf, sizeof buf);
        assert_true(n > 0);
        assert_int_equal(strlen(buf), n);
        assert_int_equal(dpp_decimal_parse(buf, n, &back), DPP_OK);
        assert_true(back.mantissa == d.mantissa);
        assert_int_equal(back.exponent, d.exponent);
        assert_int_equal(dpp_decimal_cmp(back, d), 0);
    }
}

typedef struct cmp_case {
    dpp_decimal a, b;
    int want; /* sign */
} cmp_case;

static int sgn(int v) { return (v > 0) - (v < 0); }

static void decimal_cmp_by_value(void **state)
{
    static const cmp_case cases[] = {
        {{150, -2}, {15, -1}, 0},                   /* 1.50 == 1.5 */
        {{15, -1}, {151, -2}, -1},                  /* 1.5 < 1.51 */
        {{-2, 0}, {-15, -1}, -1},                   /* -2 < -1.5 */
        {{0, 0}, {0, -3}, 0},                       /* 0 == 0.000 */
        {{0, 0}, {-1, -1}, 1},                      /* 0 > -0.1 */
        {{0, -18}, {1, -18}, -1},
        {{MAXM, 0}, {MAXM, -18}, 1},
        {{1, 0}, {MAXM, -18}, 1},                   /* 1 > 0.999...9 */
        {{1000000, -6}, {1, 0}, 0},                 /* 1.000000 == 1 */
        {{MAXM, -1}, {MAXM, 0}, -1},
        {{-MAXM, -18}, {-1, 0}, 1},                 /* -0.99.. > -1 */
        {{100000000000000000LL, -18}, {1, -1}, 0},  /* 0.1 == 0.1 */
        {{123, -2}, {1229999, -6}, 1},              /* 1.23 > 1.229999 */
        /* outside the valid range, still no overflow */
        {{INT64_MIN, 0}, {INT64_MAX, 0}, -1},
        {{INT64_MIN, 0}, {INT64_MIN, -1}, -1},
        {{INT64_MAX, 0}, {INT64_MAX, -18}, 1},
        {{1, 127}, {INT64_MAX, 0}, 1},
        {{1, -128}, {0, 0}, 1},
        {{-1, 127}, {INT64_MIN, -128}, -1},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("case %zu\n", i);
        assert_int_equal(sgn(dpp_decimal_cmp(cases[i].a, cases[i].b)), cases[i].want);
        assert_int_equal(sgn(dpp_decimal_cmp(cases[i].b, cases[i].a)), -cases[i].want);
        assert_int_equal(dpp_decimal_cmp(cases[i].a, cases[i].a), 0);
    }
}

/* cmp agrees with exact integer comparison on a grid of small values. */
static void decimal_cmp_matches_integer_order(void **state)
{
    (void)state;
    for (int64_t x = -300; x <= 300; x += 7) {
        for (int64_t y = -300; y <= 300; y += 11) {
            for (int ea = 0; ea <= 3; ea++) {
                for (int eb = 0; eb <= 3; eb++) {
                    /* a = x * 10^-ea, b = y * 10^-eb; compare x*10^(3-ea) with y*10^(3-eb) */
                    int64_t sa = x, sb = y;
                    dpp_decimal a = {x, (int8_t)-ea}, b = {y, (int8_t)-eb};
                    for (int k = ea; k < 3; k++) sa *= 10;
                    for (int k = eb; k < 3; k++) sb *= 10;
                    assert_int_equal(sgn(dpp_decimal_cmp(a, b)), (sa > sb) - (sa < sb));
                }
            }
        }
    }
}

/* ---- dates ---- */

typedef struct date_case {
    const char *text;
    dpp_err err;
    dpp_date days;
} date_case;

static const date_case k_dates[] = {
    {"1970-01-01", DPP_OK, 0},
    {"1970-01-02", DPP_OK, 1},
    {"1972-02-29", DPP_OK, 789},
    {"2000-02-29", DPP_OK, 11016}, /* divisible by 400: leap */
    {"2000-03-01", DPP_OK, 11017},
    {"2023-06-15", DPP_OK, 19523},
    {"2024-02-29", DPP_OK, 19782},
    {"2024-12-31", DPP_OK, 20088},
    {"2038-01-19", DPP_OK, 24855},
    {"2100-03-01", DPP_OK, 47541},
    {"9999-12-31", DPP_OK, 2932896},
    {"2023-02-29", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2100-02-29", DPP_ERR_SCHEMA_FORMAT, 0}, /* divisible by 100: not leap */
    {"1900-02-29", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2000-02-30", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2024-04-31", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2024-06-31", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2024-13-01", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2024-00-10", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2024-01-00", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2024-01-32", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2024-1-01", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2024/01/01", DPP_ERR_SCHEMA_FORMAT, 0},
    {"20240101", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2024-01-01T00", DPP_ERR_SCHEMA_FORMAT, 0},
    {"2024-01-0a", DPP_ERR_SCHEMA_FORMAT, 0},
    {"+024-01-01", DPP_ERR_SCHEMA_FORMAT, 0},
    {"-024-01-01", DPP_ERR_SCHEMA_FORMAT, 0},
    {"10000-01-01", DPP_ERR_SCHEMA_FORMAT, 0},
    {"", DPP_ERR_SCHEMA_FORMAT, 0},
    {"1969-12-31", DPP_ERR_SCHEMA_RANGE, 0},
    {"0001-01-01", DPP_ERR_SCHEMA_RANGE, 0},
    {"0000-01-01", DPP_ERR_SCHEMA_RANGE, 0},
};

static void date_parse_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof k_dates / sizeof k_dates[0]; i++) {
        const date_case *c = &k_dates[i];
        dpp_date d = 12345;
        print_message("case %s\n", c->text);
        assert_int_equal(dpp_date_parse(c->text, strlen(c->text), &d), c->err);
        assert_int_equal(d, c->days); /* 0 on failure */
        if (c->err == DPP_OK) {
            char buf[11];
            assert_int_equal(dpp_date_format(d, buf, sizeof buf), 10);
            assert_string_equal(buf, c->text);
        }
    }
    assert_int_equal(dpp_date_parse(NULL, 10, &(dpp_date){0}), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_date_parse("2024-01-01", 10, NULL), DPP_ERR_INVALID_ARG);
}

/* Every representable date formats and parses back; the texts strictly
 * increase, so no day is skipped or repeated. */
static void date_every_day_round_trips(void **state)
{
    char prev[11] = "";
    (void)state;
    for (dpp_date d = 0; d <= 2932896; d++) {
        char buf[11];
        dpp_date back = -1;
        if (dpp_date_format(d, buf, sizeof buf) != 10) fail_msg("format failed for %ld", (long)d);
        if (dpp_date_parse(buf, 10, &back) != DPP_OK || back != d) fail_msg("round trip failed for %s", buf);
        if (d > 0 && strcmp(prev, buf) >= 0) fail_msg("%s does not follow %s", buf, prev);
        memcpy(prev, buf, sizeof buf);
    }
    assert_string_equal(prev, "9999-12-31");
}

static void date_format_rejects(void **state)
{
    char buf[16] = "junk";
    (void)state;
    assert_int_equal(dpp_date_format(-1, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(dpp_date_format(2932897, buf, sizeof buf), 0);
    assert_int_equal(dpp_date_format(INT32_MAX, buf, sizeof buf), 0);
    assert_int_equal(dpp_date_format(0, buf, 10), 0);
    assert_int_equal(dpp_date_format(0, NULL, 11), 0);
    assert_int_equal(dpp_date_format(0, buf, 11), 10);
    assert_string_equal(buf, "1970-01-01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decimal_parse_accepts_and_formats_back),
        cmocka_unit_test(decimal_parse_rejects),
        cmocka_unit_test(decimal_parse_bad_args),
        cmocka_unit_test(decimal_format_rejects),
        cmocka_unit_test(decimal_random_round_trip),
        cmocka_unit_test(decimal_cmp_by_value),
        cmocka_unit_test(decimal_cmp_matches_integer_order),
        cmocka_unit_test(date_parse_cases),
        cmocka_unit_test(date_every_day_round_trips),
        cmocka_unit_test(date_format_rejects),
    };
    return cmocka_run_group_tests_name("test_decimal", tests, NULL, NULL);
}
