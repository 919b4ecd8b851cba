/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Native side of the browser benchmark (bench/web_bench.sh, tests/web/pwa_test.py):
 * verifications per second of one passport text with the native library,
 * the same loop the page runs with the WebAssembly build.
 *
 *   dpp_web_bench_native TEXT_FILE NOW SECONDS KEY.pem...
 * prints {"per_second": N, "ms_per_verification": M, "n": COUNT}
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dpp/dpp.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        if (fread(buf, 1, (size_t)n, f) == (size_t)n) {
            *len = (size_t)n;
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    dpp_trust *trust = NULL;
    dpp_verified *v = malloc(sizeof *v);
    dpp_report rep;
    dpp_diag d;
    size_t text_len = 0;
    char *text;
    long long now;
    double budget, t0, el;
    long n = 0;
    int rc = 1;

    if (argc < 5 || v == NULL) {
        fputs("usage: dpp_web_bench_native TEXT_FILE NOW SECONDS KEY.pem...\n", stderr);
        free(v);
        return 2;
    }
    text = slurp(argv[1], &text_len);
    now = strtoll(argv[2], NULL, 10);
    budget = strtod(argv[3], NULL);
    if (text == NULL) {
        perror(argv[1]);
        goto done;
    }
    if (dpp_trust_new(&trust) != DPP_OK) goto done;
    for (int i = 4; i < argc; i++) {
        size_t kl = 0;
        char *k = slurp(argv[i], &kl);
        dpp_err e;
        if (k == NULL) {
            perror(argv[i]);
            goto done;
        }
        e = dpp_trust_add_bytes(trust, (const uint8_t *)k, kl, &d);
        free(k);
        if (e != DPP_OK) {
            fprintf(stderr, "%s: %s\n", argv[i], dpp_err_name(e));
            goto done;
        }
    }
    for (int i = 0; i < 20; i++) {
        if (dpp_verify(text, text_len, trust, (int64_t)now, v, &rep) != DPP_OK) break; /* reported below */
    }
    t0 = seconds();
    do {
        dpp_err e = dpp_verify(text, text_len, trust, (int64_t)now, v, &rep);
        if (e != DPP_OK) {
            fprintf(stderr, "verify: %s: %s\n", dpp_err_name(e), rep.diag.msg);
            goto done;
        }
        n++;
        el = seconds() - t0;
    } while (el < budget);
    printf("{\"per_second\": %.1f, \"ms_per_verification\": %.4f, \"n\": %ld}\n", (double)n / el, el * 1000.0 / (double)n,
           n);
    rc = 0;
done:
    free(text);
    free(v);
    dpp_trust_free(trust);
    return rc;
}
