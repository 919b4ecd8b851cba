/* SPDX-License-Identifier: Apache-2.0 */
/* The counting allocator (count_alloc.h), glibc only. */
#include "count_alloc.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

static uint64_t g_allocs, g_frees;
static int64_t g_live, g_peak;

static void note_alloc(void *p)
{
    int64_t live;
    if (p == NULL) return;
    __atomic_add_fetch(&g_allocs, 1, __ATOMIC_RELAXED);
    live = __atomic_add_fetch(&g_live, (int64_t)malloc_usable_size(p), __ATOMIC_RELAXED);
    {
        int64_t peak = __atomic_load_n(&g_peak, __ATOMIC_RELAXED);
        while (live > peak && !__atomic_compare_exchange_n(&g_peak, &peak, live, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
        }
    }
}

static void note_free(void *p)
{
    if (p == NULL) return;
    __atomic_add_fetch(&g_frees, 1, __ATOMIC_RELAXED);
    __atomic_sub_fetch(&g_live, (int64_t)malloc_usable_size(p), __ATOMIC_RELAXED);
}

count_alloc_stats count_alloc_get(void)
{
    count_alloc_stats s;
    s.allocs = __atomic_load_n(&g_allocs, __ATOMIC_RELAXED);
    s.frees = __atomic_load_n(&g_frees, __ATOMIC_RELAXED);
    s.live_bytes = __atomic_load_n(&g_live, __ATOMIC_RELAXED);
    s.peak_bytes = __atomic_load_n(&g_peak, __ATOMIC_RELAXED);
    return s;
}

void count_alloc_reset_peak(void) { __atomic_store_n(&g_peak, __atomic_load_n(&g_live, __ATOMIC_RELAXED), __ATOMIC_RELAXED); }

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

void *realloc(void *old, size_t n)
{
    size_t before = old != NULL ? malloc_usable_size(old) : 0;
    void *p;
    if (old == NULL) return malloc(n);
    if (n == 0) {
        free(old);
        return NULL;
    }
    p = __libc_realloc(old, n);
    if (p == NULL) return NULL;
    /* a realloc is one free and one allocation */
    __atomic_add_fetch(&g_frees, 1, __ATOMIC_RELAXED);
    __atomic_sub_fetch(&g_live, (int64_t)before, __ATOMIC_RELAXED);
    note_alloc(p);
    return p;
}

void free(void *p)
{
    note_free(p);
    __libc_free(p);
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
