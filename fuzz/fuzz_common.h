/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by the libFuzzer harnesses in fuzz/: the property check macro and
 * small helpers. Each harness defines LLVMFuzzerTestOneInput(); it is linked
 * either with libFuzzer (clang -fsanitize=fuzzer) or with replay_main.c
 * (any compiler), which feeds it the files of a corpus.
 *
 * A violated property calls abort(): libFuzzer reports it as a crash and
 * saves the input; the replay driver dies and its ctest fails.
 */
#ifndef DPP_FUZZ_COMMON_H
#define DPP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpp/dpp_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_ASSERT(cond)                                                                                 \
    do {                                                                                                  \
        if (!(cond)) {                                                                                    \
            fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond);                 \
            abort();                                                                                      \
        }                                                                                                 \
    } while (0)

/* Same, printing libdpp's error name and diagnostic. */
#define FUZZ_ASSERT_MSG(cond, err, diagp)                                                                 \
    do {                                                                                                  \
        if (!(cond)) {                                                                                    \
            fprintf(stderr, "%s:%d: property violated: %s (%s: %s)\n", __FILE__, __LINE__, #cond,         \
                    dpp_err_name(err), fuzz_diag_msg(diagp));                                             \
            abort();                                                                                      \
        }                                                                                                 \
    } while (0)

static inline const char *fuzz_diag_msg(const dpp_diag *d) { return d != NULL ? d->msg : ""; }

/* 1 when the n bytes at p are all zero. */
static inline int fuzz_all_zero(const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0) {
            return 0;
        }
    }
    return 1;
}

/* A NUL-terminated heap copy of the input (harnesses that take text). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = (char *)malloc(size + 1u);
    if (s == NULL) {
        abort();
    }
    if (size != 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    return s;
}

#endif
