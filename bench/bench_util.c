/* SPDX-License-Identifier: Apache-2.0 */
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cose_internal.h"

const dpp_alg bench_algs[BENCH_NALGS] = {DPP_ALG_ES256, DPP_ALG_ES384, DPP_ALG_EDDSA, DPP_ALG_PS256};

const char *bench_alg_id(dpp_alg alg)
{
    switch (alg) {
    case DPP_ALG_ES256: return "es256";
    case DPP_ALG_ES384: return "es384";
    case DPP_ALG_EDDSA: return "eddsa";
    case DPP_ALG_PS256: return "ps256";
    }
    return "unknown";
}

double bench_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

double bench_wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

bench_stats bench_stats_of(const double *v, int n)
{
    bench_stats s = {0, 0, 0, n};
    double *c;
    if (n <= 0) return s;
    c = malloc(sizeof *c * (size_t)n);
    if (c == NULL) abort();
    memcpy(c, v, sizeof *c * (size_t)n);
    qsort(c, (size_t)n, sizeof *c, cmp_double);
    s.min = c[0];
    s.max = c[n - 1];
    s.median = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    free(c);
    return s;
}

char *bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        exit(2);
    }
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    buf[n] = '\0';
    if (len != NULL) *len = (size_t)n;
    return buf;
}

void bench_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "bench: cannot write %s\n", path);
        exit(2);
    }
}

void bench_check(dpp_err err, const dpp_diag *diag, const char *what)
{
    if (err == DPP_OK) return;
    fprintf(stderr, "bench: %s failed: %s: %s\n", what, dpp_err_name(err),
            diag != NULL && diag->msg[0] ? diag->msg : dpp_err_str(err));
    exit(2);
}

void bench_load_passport(const char *path, dpp_passport *p)
{
    size_t len = 0;
    char *json = bench_read_file(path, &len);
    dpp_diag d;
    bench_check(dpp_passport_from_json(json, len, p, &d), &d, "dpp_passport_from_json");
    free(json);
}

void bench_fixture_init(bench_fixture *f, dpp_alg alg, const dpp_passport *p)
{
    dpp_encode_opts opts = {BENCH_IAT, false, 0, NULL, DPP_COMPRESS_AUTO};
    dpp_cose_opts copts = {DPP_COSE_TAGGED | DPP_COSE_STRICT, {NULL, 0}};
    dpp_cose_sign1 m;
    dpp_diag d;

    memset(f, 0, sizeof *f);
    f->alg = alg;
    bench_check(dpp_key_generate(alg, &f->key, &d), &d, "dpp_key_generate");
    bench_check(dpp_trust_new(&f->trust), NULL, "dpp_trust_new");
    bench_check(dpp_trust_add_key(f->trust, f->key), NULL, "dpp_trust_add_key");
    bench_check(dpp_encode(p, f->key, &opts, f->text, sizeof f->text, &f->text_len, &f->sizes, &d), &d, "dpp_encode");
    bench_check(dpp_cose_from_text(f->text, f->text_len, f->cose, sizeof f->cose, &f->cose_len, &d), &d,
                "dpp_cose_from_text");
    bench_check(dpp_cose_sign1_parse(f->cose, f->cose_len, &copts, &m, &d), &d, "dpp_cose_sign1_parse");
    bench_check(dpp_cose_sig_structure(&m, NULL, f->tbs, sizeof f->tbs, &f->tbs_len), NULL, "dpp_cose_sig_structure");
}

void bench_fixture_free(bench_fixture *f)
{
    dpp_trust_free(f->trust);
    dpp_key_free(f->key);
    memset(f, 0, sizeof *f);
}
