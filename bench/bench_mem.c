/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp_bench_mem: heap use of verification and encoding, and whether repeated
 * verification grows memory. Every allocation of the process is counted
 * (count_alloc.c interposes malloc and friends): libdpp's, OpenSSL's,
 * zlib's. For each algorithm, after a warm-up (the first operations with a
 * key set up and cache its OpenSSL contexts, and OpenSSL initialises
 * itself):
 *   - allocations per operation (min and max over --samples operations:
 *     equal means a fixed number), bytes still live after it (must be 0),
 *     and the peak of live heap bytes above the level before it;
 *   - growth: --growth N verifications (default 1,000,000, ES256), with the
 *     live heap bytes, live blocks and the process RSS before and after.
 * Output: a table and JSON (--json FILE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "count_alloc.h"

typedef struct op_stats {
    uint64_t allocs_min, allocs_max;
    int64_t peak_min, peak_max;
    int64_t leak_max; /* live bytes after minus before, largest seen */
} op_stats;

static dpp_verified g_verified;

static void do_verify(const bench_fixture *f)
{
    dpp_report rep;
    dpp_err e = dpp_verify(f->text, f->text_len, f->trust, BENCH_NOW, &g_verified, &rep);
    if (e != DPP_OK) bench_check(e, &rep.diag, "dpp_verify");
}

static void do_encode(const bench_fixture *f, const dpp_passport *p)
{
    dpp_encode_opts opts = {BENCH_IAT, false, 0, NULL, DPP_COMPRESS_AUTO};
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t len = 0;
    dpp_err e = dpp_encode(p, f->key, &opts, text, sizeof text, &len, NULL, NULL);
    if (e != DPP_OK) bench_check(e, NULL, "dpp_encode");
}

static op_stats measure(const bench_fixture *f, const dpp_passport *p, bool verify, int samples)
{
    op_stats s = {UINT64_MAX, 0, INT64_MAX, 0, 0};
    for (int i = 0; i < 50; i++) verify ? do_verify(f) : do_encode(f, p); /* warm-up */
    for (int i = 0; i < samples; i++) {
        count_alloc_stats a, b;
        count_alloc_reset_peak();
        a = count_alloc_get();
        verify ? do_verify(f) : do_encode(f, p);
        b = count_alloc_get();
        {
            uint64_t n = b.allocs - a.allocs;
            int64_t peak = b.peak_bytes - a.live_bytes, leak = b.live_bytes - a.live_bytes;
            if (n < s.allocs_min) s.allocs_min = n;
            if (n > s.allocs_max) s.allocs_max = n;
            if (peak < s.peak_min) s.peak_min = peak;
            if (peak > s.peak_max) s.peak_max = peak;
            if (leak > s.leak_max) s.leak_max = leak;
        }
    }
    return s;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    if (f == NULL) return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "VmRSS:", 6) == 0) kib = strtol(line + 6, NULL, 10);
    fclose(f);
    return kib;
}

int main(int argc, char **argv)
{
    static dpp_passport passport;
    static bench_fixture fx[BENCH_NALGS];
    const char *json_path = NULL, *passport_path = "examples/passport.json";
    long growth = 1000000;
    int samples = 1000;
    FILE *js = NULL;

    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--growth") == 0) growth = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--samples") == 0) samples = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--json") == 0) json_path = argv[i + 1];
        else if (strcmp(argv[i], "--passport") == 0) passport_path = argv[i + 1];
        else {
            fprintf(stderr, "usage: dpp_bench_mem [--growth N] [--samples N] [--json FILE] [--passport FILE]\n");
            return 2;
        }
    }
    if ((argc - 1) % 2 != 0 || samples < 1 || growth < 0) {
        fprintf(stderr, "usage: dpp_bench_mem [--growth N] [--samples N] [--json FILE] [--passport FILE]\n");
        return 2;
    }
    if (json_path != NULL && (js = fopen(json_path, "w")) == NULL) {
        perror(json_path);
        return 2;
    }
    bench_load_passport(passport_path, &passport);
    for (int a = 0; a < BENCH_NALGS; a++) bench_fixture_init(&fx[a], bench_algs[a], &passport);

    printf("== heap per operation (all allocations of the process; usable sizes; %d samples after warm-up) ==\n",
           samples);
    printf("  %-8s %-7s %16s %22s %14s\n", "alg", "op", "allocations", "peak bytes above start", "left live");
    if (js != NULL) fprintf(js, "{\n  \"samples\": %d", samples);
    for (int a = 0; a < BENCH_NALGS; a++) {
        for (int v = 1; v >= 0; v--) {
            op_stats s = measure(&fx[a], &passport, v != 0, samples);
            const char *op = v ? "verify" : "encode";
            printf("  %-8s %-7s %7llu..%-7llu %10lld..%-10lld %14lld\n", dpp_alg_name(bench_algs[a]), op,
                   (unsigned long long)s.allocs_min, (unsigned long long)s.allocs_max, (long long)s.peak_min,
                   (long long)s.peak_max, (long long)s.leak_max);
            if (js != NULL)
                fprintf(js,
                        ",\n  \"%s.%s\": {\"allocs_min\": %llu, \"allocs_max\": %llu, \"peak_bytes_min\": %lld, "
                        "\"peak_bytes_max\": %lld, \"left_live_max\": %lld}",
                        bench_alg_id(bench_algs[a]), op, (unsigned long long)s.allocs_min,
                        (unsigned long long)s.allocs_max, (long long)s.peak_min, (long long)s.peak_max,
                        (long long)s.leak_max);
        }
    }

    if (growth > 0) {
        const bench_fixture *f = &fx[0];
        count_alloc_stats a, b;
        long rss0, rss1;
        double t0;
        for (int i = 0; i < 1000; i++) do_verify(f);
        a = count_alloc_get();
        rss0 = rss_kib();
        t0 = bench_wall();
        for (long i = 0; i < growth; i++) do_verify(f);
        b = count_alloc_get();
        rss1 = rss_kib();
        printf("\n== growth: %ld ES256 verifications (%.1f s) ==\n", growth, bench_wall() - t0);
        printf("  live heap bytes   %12lld -> %-12lld (%+lld)\n", (long long)a.live_bytes, (long long)b.live_bytes,
               (long long)(b.live_bytes - a.live_bytes));
        printf("  live heap blocks  %12lld -> %-12lld (%+lld)\n", (long long)(a.allocs - a.frees),
               (long long)(b.allocs - b.frees), (long long)((b.allocs - b.frees) - (a.allocs - a.frees)));
        printf("  RSS (KiB)         %12ld -> %-12ld (%+ld)\n", rss0, rss1, rss1 - rss0);
        printf("  allocations made  %12llu (%.2f per verification)\n", (unsigned long long)(b.allocs - a.allocs),
               (double)(b.allocs - a.allocs) / (double)growth);
        if (js != NULL)
            fprintf(js,
                    ",\n  \"growth\": {\"verifications\": %ld, \"live_bytes_before\": %lld, \"live_bytes_after\": %lld, "
                    "\"live_blocks_before\": %lld, \"live_blocks_after\": %lld, \"rss_kib_before\": %ld, "
                    "\"rss_kib_after\": %ld, \"allocs_per_verification\": %.4f}",
                    growth, (long long)a.live_bytes, (long long)b.live_bytes, (long long)(a.allocs - a.frees),
                    (long long)(b.allocs - b.frees), rss0, rss1, (double)(b.allocs - a.allocs) / (double)growth);
    }
    if (js != NULL) {
        fprintf(js, "\n}\n");
        fclose(js);
    }
    for (int a = 0; a < BENCH_NALGS; a++) bench_fixture_free(&fx[a]);
    return 0;
}
