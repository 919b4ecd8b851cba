/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A counting allocator for one program (the bench_mem benchmark): that
 * program defines malloc, free, calloc, realloc and the aligned variants
 * (count_alloc.c), which forward to glibc's own __libc_* functions and keep
 * counts. Symbol interposition routes every allocation of the process
 * through them: libdpp's, OpenSSL's, zlib's, libc's. Sizes are usable sizes
 * (malloc_usable_size), i.e. what each block really occupies.
 * Not for sanitizer builds (ASan brings its own malloc).
 */
#ifndef DPP_BENCH_COUNT_ALLOC_H
#define DPP_BENCH_COUNT_ALLOC_H

#include <stddef.h>
#include <stdint.h>

typedef struct count_alloc_stats {
    uint64_t allocs;     /* malloc/calloc/realloc(NULL)/aligned calls that returned memory */
    uint64_t frees;      /* free of a non-NULL pointer (realloc moves count as both) */
    int64_t live_bytes;  /* bytes in live blocks */
    int64_t peak_bytes;  /* highest live_bytes since the last count_alloc_reset_peak() */
} count_alloc_stats;

count_alloc_stats count_alloc_get(void);
/** Sets the peak to the current live bytes. */
void count_alloc_reset_peak(void);

#endif
