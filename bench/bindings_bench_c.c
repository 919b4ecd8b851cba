/* SPDX-License-Identifier: Apache-2.0 */
/*
 * C baseline for bench/bindings_bench.py: verifies one passport text in a loop.
 * After a warm-up, runs ROUNDS rounds of SECONDS each and prints one line per
 * round: "<calls> <wall seconds> <process CPU seconds>".
 * Usage: bindings_bench_c PUBKEY.pem TEXT.txt SECONDS NOW ROUNDS
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dpp/dpp.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
        fclose(f);
        return NULL;
    }
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL) {
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) n--;
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long run(const char *text, size_t text_len, const dpp_trust *trust, int64_t at, dpp_verified *out, double secs,
                double *wall, double *cpu)
{
    double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    long calls = 0;
    do {
        for (int i = 0; i < 50; i++, calls++) {
            if (dpp_verify(text, text_len, trust, at, out, NULL) != DPP_OK) {
                fprintf(stderr, "verification failed\n");
                exit(1);
            }
        }
        *wall = clock_s(CLOCK_MONOTONIC) - w0;
    } while (*wall < secs);
    *cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    return calls;
}

int main(int argc, char **argv)
{
    size_t pem_len = 0, text_len = 0;
    char *pem, *text;
    dpp_trust *trust = NULL;
    dpp_verified *out;
    double secs, wall, cpu;
    int64_t at;
    int rounds;
    if (argc != 6) {
        fprintf(stderr, "usage: %s PUBKEY.pem TEXT.txt SECONDS NOW ROUNDS\n", argv[0]);
        return 64;
    }
    pem = slurp(argv[1], &pem_len);
    text = slurp(argv[2], &text_len);
    secs = atof(argv[3]);
    at = (int64_t)atoll(argv[4]);
    rounds = atoi(argv[5]);
    out = malloc(sizeof *out);
    if (pem == NULL || text == NULL || out == NULL || dpp_trust_new(&trust) != DPP_OK ||
        dpp_trust_add_bytes(trust, (const uint8_t *)pem, pem_len, NULL) != DPP_OK) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    (void)run(text, text_len, trust, at, out, 0.5, &wall, &cpu); /* warm-up */
    for (int r = 0; r < rounds; r++) {
        long calls = run(text, text_len, trust, at, out, secs, &wall, &cpu);
        printf("%ld %.6f %.6f\n", calls, wall, cpu);
    }
    dpp_trust_free(trust);
    free(out);
    free(pem);
    free(text);
    return 0;
}
