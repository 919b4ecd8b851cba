/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Repeated verification and encoding do not grow memory, and a
 * verification makes the same small number of heap allocations every time,
 * all freed before it returns, with a heap peak of at most 16 KiB.
 *
 * Every allocation of the process is counted: this test program defines
 * malloc, calloc, realloc, free and the aligned variants, forwarding to
 * glibc's __libc_* functions (symbol interposition sends libdpp's,
 * OpenSSL's and zlib's allocations through them). Under AddressSanitizer,
 * whose runtime owns malloc, only the sanitizer's count of allocated bytes
 * is compared. Under valgrind, whose allocator replaces these functions, the
 * loops are shorter and valgrind's own leak check is what catches growth
 * (the test notices that nothing is counted and says so).
 *   - 100,000 ES256 verifications (2,000 EdDSA, 1,000 ES384 and PS256, and
 *     10,000 failing ones): after a warm-up, live heap blocks and bytes are
 *     back at their baseline exactly;
 *   - each verification: the same allocation count every time, nothing
 *     left live, peak <= 16 KiB above the level before it;
 *   - 5,000 encodings: no growth either.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpp/dpp.h"
#include "fixtures.h"

#if defined(__SANITIZE_ADDRESS__)
#define MG_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MG_ASAN 1
#endif
#endif
#ifndef MG_ASAN
#define MG_ASAN 0
#endif

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifdef RUNNING_ON_VALGRIND
#define UNDER_VALGRIND (RUNNING_ON_VALGRIND != 0)
#else
#define UNDER_VALGRIND 0
#endif

#define NOW INT64_C(1767312000)
#define IAT (NOW - 86400)
#define PEAK_LIMIT 16384

/* ---- counting allocator ---- */

typedef struct mg_counts {
    uint64_t allocs, frees;
    int64_t live, peak;
} mg_counts;

#if MG_ASAN
size_t __sanitizer_get_current_allocated_bytes(void);

static mg_counts mg_get(void)
{
    mg_counts c = {0, 0, (int64_t)__sanitizer_get_current_allocated_bytes(), 0};
    return c;
}

static void mg_reset_peak(void) {}
#else
#include <malloc.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

static uint64_t g_allocs, g_frees;
static int64_t g_live, g_peak;

static void note_alloc(void *p)
{
    int64_t live, peak;
    if (p == NULL) return;
    __atomic_add_fetch(&g_allocs, 1, __ATOMIC_RELAXED);
    live = __atomic_add_fetch(&g_live, (int64_t)malloc_usable_size(p), __ATOMIC_RELAXED);
    peak = __atomic_load_n(&g_peak, __ATOMIC_RELAXED);
    while (live > peak && !__atomic_compare_exchange_n(&g_peak, &peak, live, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
    }
}

static void note_free(void *p)
{
    if (p == NULL) return;
    __atomic_add_fetch(&g_frees, 1, __ATOMIC_RELAXED);
    __atomic_sub_fetch(&g_live, (int64_t)malloc_usable_size(p), __ATOMIC_RELAXED);
}

void *malloc(size_t n)
{
    void *p = __libc_malloc(n);
    note_alloc(p);
    return p;
}

void *calloc(size_t n, size_t size)
{
    void *p = __libc_calloc(n, size);
    note_alloc(p);
    return p;
}

void free(void *p)
{
    note_free(p);
    __libc_free(p);
}

void *realloc(void *old, size_t n)
{
    size_t before;
    void *p;
    if (old == NULL) return malloc(n);
    if (n == 0) {
        free(old);
        return NULL;
    }
    before = malloc_usable_size(old);
    p = __libc_realloc(old, n);
    if (p == NULL) return NULL;
    __atomic_add_fetch(&g_frees, 1, __ATOMIC_RELAXED);
    __atomic_sub_fetch(&g_live, (int64_t)before, __ATOMIC_RELAXED);
    note_alloc(p);
    return p;
}

void *memalign(size_t align, size_t n)
{
    void *p = __libc_memalign(align, n);
    note_alloc(p);
    return p;
}

void *aligned_alloc(size_t align, size_t n) { return memalign(align, n); }

int posix_memalign(void **out, size_t align, size_t n)
{
    void *p = memalign(align, n);
    if (p == NULL) return ENOMEM;
    *out = p;
    return 0;
}

static mg_counts mg_get(void)
{
    mg_counts c;
    c.allocs = __atomic_load_n(&g_allocs, __ATOMIC_RELAXED);
    c.frees = __atomic_load_n(&g_frees, __ATOMIC_RELAXED);
    c.live = __atomic_load_n(&g_live, __ATOMIC_RELAXED);
    c.peak = __atomic_load_n(&g_peak, __ATOMIC_RELAXED);
    return c;
}

static void mg_reset_peak(void) { __atomic_store_n(&g_peak, __atomic_load_n(&g_live, __ATOMIC_RELAXED), __ATOMIC_RELAXED); }
#endif

/* ---- fixtures ---- */

typedef struct mg_fx {
    dpp_passport p;
    dpp_verified v;
    dpp_report rep;
    char text[DPP_MAX_TEXT_LEN + 1];
    char bad[DPP_MAX_TEXT_LEN + 1];
    size_t len, bad_len;
} mg_fx;

static int mg_setup(void **state)
{
    mg_fx *f = calloc(1, sizeof *f);
    if (f == NULL) return -1;
    fx_example_passport(&f->p);
    *state = f;
    return 0;
}

static int mg_teardown(void **state)
{
    free(*state);
    return 0;
}

static void encode_text(mg_fx *f, const dpp_key *key)
{
    dpp_encode_opts opts = {IAT, false, 0, NULL, DPP_COMPRESS_AUTO};
    uint8_t cose[DPP_MAX_COSE_LEN];
    size_t cose_len = 0, bad_len = 0;
    dpp_diag d;
    assert_int_equal(dpp_encode(&f->p, key, &opts, f->text, sizeof f->text, &f->len, NULL, &d), DPP_OK);
    /* the same passport with one signature bit flipped: fails at "signature" */
    assert_int_equal(dpp_encode_cose(&f->p, key, &opts, cose, sizeof cose, &cose_len, &d), DPP_OK);
    cose[cose_len - 1] ^= 0x01;
    assert_int_equal(dpp_text_from_cose(cose, cose_len, DPP_COMPRESS_NEVER, f->bad, sizeof f->bad, &bad_len, &d),
                     DPP_OK);
    f->bad_len = bad_len;
}

static void verify_ok(mg_fx *f, const dpp_trust *t)
{
    if (dpp_verify(f->text, f->len, t, NOW, &f->v, &f->rep) != DPP_OK)
        fail_msg("verification failed: %s: %s", dpp_err_name(f->rep.err), f->rep.diag.msg);
}

/* n verifications of alg: growth, per-call count and peak. */
static void check_verify(mg_fx *f, dpp_alg alg, long n)
{
    dpp_key *key = fx_key(alg);
    dpp_trust *t = fx_trust(key);
    mg_counts base, end;
    uint64_t amin = UINT64_MAX, amax = 0;
    int64_t pmax = 0;

    encode_text(f, key);
    for (int i = 0; i < 200; i++) verify_ok(f, t); /* warm-up: key contexts cached, OpenSSL initialised */
    base = mg_get();
    for (long i = 0; i < n; i++) {
        mg_counts a, b;
        mg_reset_peak();
        a = mg_get();
        verify_ok(f, t);
        b = mg_get();
        if (!MG_ASAN) {
            uint64_t k = b.allocs - a.allocs;
            if (k < amin) amin = k;
            if (k > amax) amax = k;
            if (b.peak - a.live > pmax) pmax = b.peak - a.live;
            if (b.live != a.live) fail_msg("%s verification %ld left %lld bytes live", dpp_alg_name(alg), i,
                                           (long long)(b.live - a.live));
        }
    }
    end = mg_get();
    if (!MG_ASAN && end.allocs == base.allocs) {
        /* nothing counted: valgrind's malloc is in use (OpenSSL allocates in every verification) */
        printf("test_mem_growth: %s: %ld verifications; allocations not counted here (valgrind's allocator), "
               "valgrind's leak check applies\n", dpp_alg_name(alg), n);
        assert_true(UNDER_VALGRIND);
        dpp_trust_free(t);
        dpp_key_free(key);
        return;
    }
    if (MG_ASAN)
        printf("test_mem_growth: %s: %ld verifications; sanitizer's allocated bytes %lld -> %lld\n", dpp_alg_name(alg),
               n, (long long)base.live, (long long)end.live);
    else
        printf("test_mem_growth: %s: %ld verifications, %llu..%llu allocations each, peak %lld bytes; live %lld -> "
               "%lld bytes\n",
               dpp_alg_name(alg), n, (unsigned long long)amin, (unsigned long long)amax, (long long)pmax,
               (long long)base.live, (long long)end.live);
    assert_int_equal(end.live, base.live);
    if (!MG_ASAN) {
        assert_int_equal(end.allocs - end.frees, base.allocs - base.frees);
        assert_int_equal(amin, amax); /* a fixed number of allocations */
        assert_true(amax <= 256);
        assert_true(pmax <= PEAK_LIMIT);
    }
    dpp_trust_free(t);
    dpp_key_free(key);
}

static void verify_es256_no_growth(void **state) { check_verify(*state, DPP_ALG_ES256, UNDER_VALGRIND ? 300 : 100000); }
static void verify_eddsa_no_growth(void **state) { check_verify(*state, DPP_ALG_EDDSA, UNDER_VALGRIND ? 100 : 2000); }
static void verify_es384_no_growth(void **state) { check_verify(*state, DPP_ALG_ES384, UNDER_VALGRIND ? 30 : 1000); }
static void verify_ps256_no_growth(void **state) { check_verify(*state, DPP_ALG_PS256, UNDER_VALGRIND ? 100 : 1000); }

/* Failing verifications (bad signature, malformed text) free everything too. */
static void failures_no_growth(void **state)
{
    mg_fx *f = *state;
    dpp_key *key = fx_key(DPP_ALG_ES256);
    dpp_trust *t = fx_trust(key);
    long n = UNDER_VALGRIND ? 200 : 10000;
    mg_counts base, end;
    encode_text(f, key);
    for (int i = 0; i < 100; i++) verify_ok(f, t);
    base = mg_get();
    for (long i = 0; i < n; i++) {
        assert_int_equal(dpp_verify(f->bad, f->bad_len, t, NOW, &f->v, &f->rep), DPP_ERR_SIGNATURE);
        assert_int_equal(dpp_verify(f->text, f->len - 7, t, NOW, &f->v, &f->rep) >= 20, true);
    }
    end = mg_get();
    assert_int_equal(end.live, base.live);
    if (!MG_ASAN) assert_int_equal(end.allocs - end.frees, base.allocs - base.frees);
    dpp_trust_free(t);
    dpp_key_free(key);
}

static void encode_no_growth(void **state)
{
    mg_fx *f = *state;
    dpp_key *key = fx_key(DPP_ALG_ES256);
    long n = UNDER_VALGRIND ? 200 : 5000;
    mg_counts base, end;
    for (int i = 0; i < 100; i++) encode_text(f, key);
    base = mg_get();
    for (long i = 0; i < n; i++) encode_text(f, key);
    end = mg_get();
    assert_int_equal(end.live, base.live);
    if (!MG_ASAN) assert_int_equal(end.allocs - end.frees, base.allocs - base.frees);
    dpp_key_free(key);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(verify_es256_no_growth, mg_setup, mg_teardown),
        cmocka_unit_test_setup_teardown(verify_eddsa_no_growth, mg_setup, mg_teardown),
        cmocka_unit_test_setup_teardown(verify_es384_no_growth, mg_setup, mg_teardown),
        cmocka_unit_test_setup_teardown(verify_ps256_no_growth, mg_setup, mg_teardown),
        cmocka_unit_test_setup_teardown(failures_no_growth, mg_setup, mg_teardown),
        cmocka_unit_test_setup_teardown(encode_no_growth, mg_setup, mg_teardown),
    };
    return cmocka_run_group_tests_name("mem_growth", tests, NULL, NULL);
}
