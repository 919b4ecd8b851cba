/* SPDX-License-Identifier: Apache-2.0 */
/* Shared helpers of the benchmark programs: clocks, statistics, files,
 * and the fixtures (example passport, keys, texts). Not part of libdpp. */
#ifndef DPP_BENCH_UTIL_H
#define DPP_BENCH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp.h"

/** Seconds of CPU time used by the calling thread. The benchmarks time
 *  single-threaded work with it, so that time the shared machine spends on
 *  other processes is not counted (batch runs use bench_wall()). */
double bench_cpu(void);
/** Monotonic wall-clock seconds. */
double bench_wall(void);

/** Median, min and max of n values (sorts a copy). n > 0. */
typedef struct bench_stats {
    double median, min, max;
    int n;
} bench_stats;
bench_stats bench_stats_of(const double *v, int n);

/** Whole file into a malloc'd NUL-terminated buffer; exits on failure. */
char *bench_read_file(const char *path, size_t *len);
/** Writes a whole file; exits on failure. */
void bench_write_file(const char *path, const void *data, size_t len);

/** Exits with a message when err is not DPP_OK. */
void bench_check(dpp_err err, const dpp_diag *diag, const char *what);

/** The four algorithms, in the order the tables print them. */
#define BENCH_NALGS 4
extern const dpp_alg bench_algs[BENCH_NALGS];
/** "es256", "es384", "eddsa", "ps256". */
const char *bench_alg_id(dpp_alg alg);

/** Per algorithm: key, trust store with its public key, the signed text of
 *  the example passport, and the COSE message and Sig_structure it holds. */
typedef struct bench_fixture {
    dpp_alg alg;
    dpp_key *key;
    dpp_trust *trust;
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t text_len;
    uint8_t cose[DPP_MAX_COSE_LEN];
    size_t cose_len;
    uint8_t tbs[2 * DPP_MAX_COSE_LEN]; /* the Sig_structure: the bytes signed */
    size_t tbs_len;
    dpp_encode_sizes sizes;
} bench_fixture;

/** Signing time used by every fixture (2026-01-01T00:00:00Z) and a
 *  validation time one day later. */
#define BENCH_IAT INT64_C(1767225600)
#define BENCH_NOW (BENCH_IAT + 86400)

/** Loads the passport JSON at path (exits on failure). */
void bench_load_passport(const char *path, dpp_passport *p);
/** Makes f for alg: a fresh key, the text of p and its parts. */
void bench_fixture_init(bench_fixture *f, dpp_alg alg, const dpp_passport *p);
void bench_fixture_free(bench_fixture *f);

#endif
