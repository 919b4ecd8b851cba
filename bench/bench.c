/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp_bench: libdpp against its ceiling and its peers, in one run.
 *
 * Every comparison is measured round-robin: the variants of a group run in
 * turn, one short slice each (--slice-ms, default 200 ms), for --rounds
 * rounds, starting each round with the next variant; ratios are taken per
 * round and their median reported, so a slow phase of the (shared, noisy)
 * machine hits both sides of a ratio alike. Single-threaded work is timed
 * in thread CPU time; batch runs in wall time (and their CPU time).
 *
 * Groups:
 *   crypto  per algorithm: raw OpenSSL EVP sign and verify of the same
 *           Sig_structure bytes (new EVP_MD_CTX per message, the usual use
 *           of the API), libdpp's full encode (passport struct -> text) and
 *           full verify (text -> passport + report);
 *   qr      dpp_qr_encode() against QR-Code-generator with Mask_AUTO (the
 *           same segment, version and ECC), and QR-Code-generator with one
 *           fixed mask (the floor); rendering to SVG and PNG;
 *   hybrid  ES256 and EdDSA: the GS1 Digital Link form (dpp_encode_ex with
 *           a resolver, DPP_FORM_LINK) against DPP1: text, without and with
 *           the resolver claim: encode, verify and QR symbol rates, and the
 *           link's cost relative to DPP1 per round (target <= 1.05);
 *   batch   `dpp encode --batch` and `dpp verify --batch` at --jobs 1 and 2
 *           (--cli PATH);
 *   peers   Python binding and Java binding verify rates against the
 *           reference Python pipeline (bench/reference_verify.py) and C,
 *           through worker processes that time slices on request
 *           (--python-path, --jar).
 * Output: a table on standard output and JSON (--json FILE).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <qrcodegen.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/rsa.h>

#include "bench_util.h"
#include "crypto_ossl.h"
#include "key_internal.h"

extern char **environ;

#define MAX_ROUNDS 64
#define MAX_VARIANTS 8

/* ---- options ---- */

typedef struct options {
    int rounds;
    double slice;
    const char *json_path;
    const char *passport_path;
    const char *groups;
    const char *cli;
    const char *python;
    const char *python_path; /* PYTHONPATH holding the binding's package */
    const char *bench_dir;   /* where reference_verify.py and the Java class are */
    const char *java;
    const char *jar;         /* dpp.jar (its JNI library next to it) */
    const char *java_classes; /* directory with JavaVerifyBench.class */
    long batch_n;
    int batch_rounds;
    const char *tmp;
    const char *profile; /* "verify" or "encode": only run that, for perf/callgrind */
    long profile_n;
} options;

static bool group_on(const options *o, const char *g)
{
    const char *p = o->groups;
    size_t n = strlen(g);
    if (p == NULL || strcmp(p, "all") == 0) return true;
    while (*p != '\0') {
        if (strncmp(p, g, n) == 0 && (p[n] == ',' || p[n] == '\0')) return true;
        p = strchr(p, ',');
        if (p == NULL) break;
        p++;
    }
    return false;
}

/* ---- round-robin machinery ---- */

typedef void (*op_fn)(void *ctx);

typedef struct variant {
    const char *id;
    op_fn fn;
    void *ctx;
    long per_slice;
    double rate[MAX_ROUNDS]; /* ops per CPU second, one per round */
    int n;
} variant;

static void calibrate(variant *v, double slice)
{
    long ops = 0;
    double t0 = bench_cpu(), t;
    do { /* warm-up and estimate: about a quarter slice */
        v->fn(v->ctx);
        ops++;
        t = bench_cpu() - t0;
    } while (t < slice / 4);
    v->per_slice = (long)((double)ops / t * slice);
    if (v->per_slice < 1) v->per_slice = 1;
}

static void run_group(variant *vs, int n, int rounds, double slice)
{
    for (int i = 0; i < n; i++) calibrate(&vs[i], slice);
    for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < n; k++) {
            variant *v = &vs[(k + r) % n];
            double t0 = bench_cpu(), t;
            for (long i = 0; i < v->per_slice; i++) v->fn(v->ctx);
            t = bench_cpu() - t0;
            v->rate[v->n++] = (double)v->per_slice / (t > 0 ? t : 1e-9);
        }
    }
}

static bench_stats rate_stats(const variant *v) { return bench_stats_of(v->rate, v->n); }

static bench_stats ratio_stats(const variant *a, const variant *b)
{
    double r[MAX_ROUNDS];
    int n = a->n < b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) r[i] = a->rate[i] / b->rate[i];
    return bench_stats_of(r, n);
}

/* ---- JSON output (flat: one object of named results) ---- */

static FILE *g_json;
static bool g_json_first = true;

static void json_key(const char *key)
{
    if (g_json == NULL) return;
    fprintf(g_json, "%s\n  \"%s\": ", g_json_first ? "{" : ",", key);
    g_json_first = false;
}

static void json_stats(const char *key, bench_stats s, const char *unit)
{
    if (g_json == NULL) return;
    json_key(key);
    fprintf(g_json, "{\"median\": %.6g, \"min\": %.6g, \"max\": %.6g, \"n\": %d, \"unit\": \"%s\"}", s.median, s.min,
            s.max, s.n, unit);
}

static void json_num(const char *key, double v)
{
    if (g_json == NULL) return;
    json_key(key);
    fprintf(g_json, "%.6g", v);
}

static void json_str(const char *key, const char *v)
{
    if (g_json == NULL) return;
    json_key(key);
    fputc('"', g_json);
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\') fputc('\\', g_json);
        if ((unsigned char)*p >= 0x20) fputc(*p, g_json);
    }
    fputc('"', g_json);
}

static void print_rate(const char *label, bench_stats s)
{
    printf("  %-44s %12.0f /s  (min %10.0f, max %10.0f)  %9.2f us/op\n", label, s.median, s.min, s.max,
           1e6 / s.median);
}

static void print_ratio(const char *label, bench_stats s, double target, bool at_least)
{
    bool met = at_least ? s.median >= target : s.median <= target;
    printf("  %-44s %12.3f     (min %10.3f, max %10.3f)  target %s %.2f: %s\n", label, s.median, s.min, s.max,
           at_least ? ">=" : "<=", target, met ? "MET" : "NOT MET");
}

/* ---- crypto group ---- */

typedef struct crypto_ctx {
    bench_fixture *f;
    const dpp_passport *p;
    EVP_PKEY *pkey;
    const EVP_MD *md;
    uint8_t der_sig[600]; /* the signature as OpenSSL verifies it */
    size_t der_sig_len;
    dpp_verified *verified;
    dpp_report report;
} crypto_ctx;

static void die_ossl(const char *what)
{
    fprintf(stderr, "bench: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(2);
}

static void set_pss(EVP_PKEY_CTX *pc)
{
    if (EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) <= 0 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(pc, EVP_sha256()) <= 0 || EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 32) <= 0)
        die_ossl("PSS parameters");
}

static void op_raw_sign(void *vctx)
{
    crypto_ctx *c = vctx;
    uint8_t sig[600];
    size_t n = sizeof sig;
    EVP_PKEY_CTX *pc = NULL;
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    if (m == NULL || EVP_DigestSignInit(m, &pc, c->md, NULL, c->pkey) != 1) die_ossl("EVP_DigestSignInit");
    if (c->f->alg == DPP_ALG_PS256) set_pss(pc);
    if (EVP_DigestSign(m, sig, &n, c->f->tbs, c->f->tbs_len) != 1) die_ossl("EVP_DigestSign");
    EVP_MD_CTX_free(m);
}

static void op_raw_verify(void *vctx)
{
    crypto_ctx *c = vctx;
    EVP_PKEY_CTX *pc = NULL;
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    if (m == NULL || EVP_DigestVerifyInit(m, &pc, c->md, NULL, c->pkey) != 1) die_ossl("EVP_DigestVerifyInit");
    if (c->f->alg == DPP_ALG_PS256) set_pss(pc);
    if (EVP_DigestVerify(m, c->der_sig, c->der_sig_len, c->f->tbs, c->f->tbs_len) != 1) die_ossl("EVP_DigestVerify");
    EVP_MD_CTX_free(m);
}

static void op_dpp_encode(void *vctx)
{
    crypto_ctx *c = vctx;
    dpp_encode_opts opts = {BENCH_IAT, false, 0, NULL, DPP_COMPRESS_AUTO};
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t len = 0;
    dpp_err e = dpp_encode(c->p, c->f->key, &opts, text, sizeof text, &len, NULL, NULL);
    if (e != DPP_OK) bench_check(e, NULL, "dpp_encode");
}

static void op_dpp_verify(void *vctx)
{
    crypto_ctx *c = vctx;
    dpp_err e = dpp_verify(c->f->text, c->f->text_len, c->f->trust, BENCH_NOW, c->verified, &c->report);
    if (e != DPP_OK) bench_check(e, &c->report.diag, "dpp_verify");
}

/* The COSE signature (r || s for ECDSA) as OpenSSL's DER. */
static void der_signature(crypto_ctx *c)
{
    dpp_cose_opts copts = {DPP_COSE_TAGGED | DPP_COSE_STRICT, {NULL, 0}};
    dpp_cose_sign1 m;
    dpp_diag d;
    bench_check(dpp_cose_sign1_parse(c->f->cose, c->f->cose_len, &copts, &m, &d), &d, "dpp_cose_sign1_parse");
    if (c->f->alg == DPP_ALG_ES256 || c->f->alg == DPP_ALG_ES384) {
        int w = (int)m.signature.len / 2, n;
        ECDSA_SIG *es = ECDSA_SIG_new();
        unsigned char *p = c->der_sig;
        if (es == NULL ||
            ECDSA_SIG_set0(es, BN_bin2bn(m.signature.ptr, w, NULL), BN_bin2bn(m.signature.ptr + w, w, NULL)) != 1)
            die_ossl("ECDSA_SIG");
        n = i2d_ECDSA_SIG(es, &p);
        if (n <= 0) die_ossl("i2d_ECDSA_SIG");
        c->der_sig_len = (size_t)n;
        ECDSA_SIG_free(es);
    } else {
        memcpy(c->der_sig, m.signature.ptr, m.signature.len);
        c->der_sig_len = m.signature.len;
    }
}

typedef struct crypto_result {
    variant v[4]; /* raw sign, dpp encode, raw verify, dpp verify */
} crypto_result;

static void bench_crypto(const options *o, const dpp_passport *p, bench_fixture *fx)
{
    static crypto_ctx ctx[BENCH_NALGS];
    static crypto_result res[BENCH_NALGS];
    static char ids[BENCH_NALGS][4][48];
    static const char *names[4] = {"raw_evp_sign", "dpp_encode", "raw_evp_verify", "dpp_verify"};
    static const op_fn fns[4] = {op_raw_sign, op_dpp_encode, op_raw_verify, op_dpp_verify};

    printf("\n== crypto ceiling: raw OpenSSL EVP (new EVP_MD_CTX per message) vs libdpp, same bytes ==\n");
    printf("   (ops per CPU second of one thread; %d rounds of %.0f ms slices, interleaved)\n", o->rounds,
           o->slice * 1e3);
    for (int a = 0; a < BENCH_NALGS; a++) {
        crypto_ctx *c = &ctx[a];
        const char *aid = bench_alg_id(bench_algs[a]);
        char key[96];
        c->f = &fx[a];
        c->p = p;
        c->pkey = dpp_crypto_ossl_pkey(dpp_key_crypto(fx[a].key));
        c->md = bench_algs[a] == DPP_ALG_ES384 ? EVP_sha384() : bench_algs[a] == DPP_ALG_EDDSA ? NULL : EVP_sha256();
        c->verified = malloc(sizeof *c->verified);
        if (c->verified == NULL) abort();
        der_signature(c);
        for (int k = 0; k < 4; k++) {
            snprintf(ids[a][k], sizeof ids[a][k], "%s.%s", aid, names[k]);
            res[a].v[k].id = ids[a][k];
            res[a].v[k].fn = fns[k];
            res[a].v[k].ctx = c;
        }
        /* sanity: each op once */
        for (int k = 0; k < 4; k++) fns[k](c);
        run_group(res[a].v, 4, o->rounds, o->slice);

        printf(" %s (Sig_structure %zu bytes; COSE %zu, text %zu characters)\n", dpp_alg_name(bench_algs[a]),
               fx[a].tbs_len, fx[a].cose_len, fx[a].text_len);
        for (int k = 0; k < 4; k++) {
            bench_stats s = rate_stats(&res[a].v[k]);
            print_rate(names[k], s);
            snprintf(key, sizeof key, "%.60s.rate", ids[a][k]);
            json_stats(key, s, "ops/s");
        }
        {
            bench_stats se = ratio_stats(&res[a].v[1], &res[a].v[0]);
            bench_stats sv = ratio_stats(&res[a].v[3], &res[a].v[2]);
            print_ratio("encode / raw sign", se, 0.90, true);
            print_ratio("verify / raw verify", sv, 0.95, true);
            snprintf(key, sizeof key, "%s.encode_over_raw_sign", aid);
            json_stats(key, se, "ratio");
            snprintf(key, sizeof key, "%s.verify_over_raw_verify", aid);
            json_stats(key, sv, "ratio");
        }
        fflush(stdout);
    }
    for (int a = 0; a < BENCH_NALGS; a++) free(ctx[a].verified);
}

/* ---- QR group ---- */

typedef struct qr_ctx {
    const char *text;
    size_t len;
    dpp_qr *qr;
    int fixed_mask;
    char *svg;
    size_t svg_cap;
} qr_ctx;

static void op_qr_dpp(void *vctx)
{
    qr_ctx *c = vctx;
    dpp_err e = dpp_qr_encode(c->text, c->len, DPP_ECC_M, c->qr, NULL);
    if (e != DPP_OK) bench_check(e, NULL, "dpp_qr_encode");
}

/* QR-Code-generator on its own, as dpp_qr_encode() used it before: text
 * copy, alphanumeric segment, smallest version, ECC M not boosted. */
static void qrcodegen_with_mask(qr_ctx *c, enum qrcodegen_Mask mask)
{
    char copy[DPP_MAX_TEXT_LEN + 1];
    uint8_t segbuf[DPP_QR_BUFFER_LEN], temp[qrcodegen_BUFFER_LEN_MAX];
    struct qrcodegen_Segment seg;
    memcpy(copy, c->text, c->len);
    copy[c->len] = '\0';
    seg = qrcodegen_makeAlphanumeric(copy, segbuf);
    if (!qrcodegen_encodeSegmentsAdvanced(&seg, 1, qrcodegen_Ecc_MEDIUM, qrcodegen_VERSION_MIN, qrcodegen_VERSION_MAX,
                                          mask, false, temp, c->qr->modules)) {
        fprintf(stderr, "bench: qrcodegen failed\n");
        exit(2);
    }
}

static void op_qr_auto(void *vctx) { qrcodegen_with_mask(vctx, qrcodegen_Mask_AUTO); }

static void op_qr_fixed(void *vctx)
{
    qr_ctx *c = vctx;
    qrcodegen_with_mask(c, (enum qrcodegen_Mask)c->fixed_mask);
}

static void op_svg(void *vctx)
{
    qr_ctx *c = vctx;
    size_t n = 0;
    dpp_err e = dpp_qr_to_svg(c->qr, 1, 4, c->svg, c->svg_cap, &n);
    if (e != DPP_OK) bench_check(e, NULL, "dpp_qr_to_svg");
}

static void op_png(void *vctx)
{
    qr_ctx *c = vctx;
    static uint8_t png[1 << 18]; /* one render into a caller buffer, as before into a grown one */
    size_t n = 0;
    dpp_err e = dpp_qr_to_png(c->qr, 4, 4, png, sizeof png, &n);
    if (e != DPP_OK) bench_check(e, NULL, "dpp_qr_to_png");
}

static void bench_qr(const options *o, const bench_fixture *f)
{
    static variant gen[3], ren[2];
    qr_ctx cg = {f->text, f->text_len, NULL, 0, NULL, 0}, cr;
    dpp_qr *label = malloc(sizeof *label), *scratch1 = malloc(sizeof *scratch1), *scratch2 = malloc(sizeof *scratch2);
    qr_ctx c_auto, c_fixed;
    size_t svg_len = 0;
    dpp_diag d;

    if (label == NULL || scratch1 == NULL || scratch2 == NULL) abort();
    bench_check(dpp_qr_encode(f->text, f->text_len, DPP_ECC_M, label, &d), &d, "dpp_qr_encode");
    cg.qr = scratch1;
    c_auto = cg;
    c_auto.qr = scratch2;
    c_fixed = c_auto;
    c_fixed.fixed_mask = label->mask;

    /* identity check before timing */
    op_qr_auto(&c_auto);
    if (memcmp(c_auto.qr->modules, label->modules,
               (size_t)qrcodegen_BUFFER_LEN_FOR_VERSION(label->version)) != 0) {
        fprintf(stderr, "bench: dpp_qr_encode and Mask_AUTO differ\n");
        exit(2);
    }

    printf("\n== QR symbol for the ES256 example text (%zu characters): version %d, ECC M, mask %d ==\n", f->text_len,
           label->version, label->mask);
    gen[0] = (variant){"qr.dpp_qr_encode", op_qr_dpp, &cg, 0, {0}, 0};
    gen[1] = (variant){"qr.qrcodegen_auto", op_qr_auto, &c_auto, 0, {0}, 0};
    gen[2] = (variant){"qr.qrcodegen_fixed_mask", op_qr_fixed, &c_fixed, 0, {0}, 0};
    run_group(gen, 3, o->rounds, o->slice);
    print_rate("dpp_qr_encode (fast mask choice)", rate_stats(&gen[0]));
    print_rate("QR-Code-generator, Mask_AUTO", rate_stats(&gen[1]));
    print_rate("QR-Code-generator, fixed mask (floor)", rate_stats(&gen[2]));
    print_ratio("dpp_qr_encode / Mask_AUTO speed-up", ratio_stats(&gen[0], &gen[1]), 5.0, true);
    json_num("qr.version", label->version);
    json_stats("qr.dpp_qr_encode.rate", rate_stats(&gen[0]), "ops/s");
    json_stats("qr.qrcodegen_auto.rate", rate_stats(&gen[1]), "ops/s");
    json_stats("qr.qrcodegen_fixed_mask.rate", rate_stats(&gen[2]), "ops/s");
    json_stats("qr.speedup_over_auto", ratio_stats(&gen[0], &gen[1]), "ratio");

    bench_check(dpp_qr_to_svg(label, 1, 4, NULL, 0, &svg_len), NULL, "dpp_qr_to_svg size");
    cr = cg;
    cr.qr = label;
    cr.svg_cap = svg_len + 1;
    cr.svg = malloc(cr.svg_cap);
    if (cr.svg == NULL) abort();
    ren[0] = (variant){"render.svg", op_svg, &cr, 0, {0}, 0};
    ren[1] = (variant){"render.png", op_png, &cr, 0, {0}, 0};
    run_group(ren, 2, o->rounds, o->slice);
    printf(" rendering the symbol (%d x %d modules, quiet zone 4)\n", label->size, label->size);
    print_rate("SVG (dpp_qr_to_svg, 1 unit/module)", rate_stats(&ren[0]));
    print_rate("PNG (dpp_qr_to_png, 4 px/module)", rate_stats(&ren[1]));
    json_stats("render.svg.rate", rate_stats(&ren[0]), "ops/s");
    json_stats("render.png.rate", rate_stats(&ren[1]), "ops/s");
    free(cr.svg);
    free(label);
    free(scratch1);
    free(scratch2);
}

/* ---- hybrid group: the GS1 Digital Link form against the DPP1: form ---- */

/* One way of carrying the example passport: plain DPP1: text (no resolver
 * claim), DPP1: text of the passport signed with a resolver, or the link. */
typedef struct hybrid_ctx {
    const bench_fixture *f;
    const dpp_passport *p;
    const char *resolver; /* NULL: none */
    dpp_form form;
    char text[DPP_MAX_LINK_LEN + 1]; /* signed once: what verify and QR take */
    size_t text_len;
    dpp_verified *verified;
    dpp_report report;
    dpp_qr *qr;
} hybrid_ctx;

#define BENCH_RESOLVER "https://id.example.com"

static void hybrid_opts(const hybrid_ctx *c, dpp_encode_ex_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->base = (dpp_encode_opts){BENCH_IAT, false, 0, NULL, DPP_COMPRESS_AUTO};
    opts->resolver = c->resolver;
    opts->form = c->form;
}

static void op_hybrid_encode(void *vctx)
{
    hybrid_ctx *c = vctx;
    dpp_encode_ex_opts opts;
    char out[DPP_MAX_LINK_LEN + 1];
    size_t len = 0;
    dpp_err e;
    hybrid_opts(c, &opts);
    e = dpp_encode_ex(c->p, c->f->key, &opts, out, sizeof out, &len, NULL, NULL);
    if (e != DPP_OK) bench_check(e, NULL, "dpp_encode_ex");
}

static void op_hybrid_verify(void *vctx)
{
    hybrid_ctx *c = vctx;
    dpp_err e = dpp_verify(c->text, c->text_len, c->f->trust, BENCH_NOW, c->verified, &c->report);
    if (e != DPP_OK) bench_check(e, &c->report.diag, "dpp_verify");
}

static void op_hybrid_qr(void *vctx)
{
    hybrid_ctx *c = vctx;
    dpp_err e = dpp_qr_encode(c->text, c->text_len, DPP_ECC_M, c->qr, NULL);
    if (e != DPP_OK) bench_check(e, NULL, "dpp_qr_encode");
}

/* Per round: (rate of DPP1) / (rate of the link), the link's cost relative
 * to DPP1's (1.05 = 5% more time per operation). */
static void hybrid_ratio(const char *aid, const char *op, const char *base_id, const char *label, const variant *link,
                         const variant *base, bool target)
{
    char key[96];
    bench_stats s = ratio_stats(base, link);
    if (target) print_ratio(label, s, 1.05, false);
    else printf("  %-44s %12.3f     (min %10.3f, max %10.3f)\n", label, s.median, s.min, s.max);
    snprintf(key, sizeof key, "hybrid.%s.%s_link_cost_over_%s", aid, op, base_id);
    json_stats(key, s, "ratio");
}

static void bench_hybrid(const options *o, const dpp_passport *p, const bench_fixture *fx)
{
    static const char *ids[3] = {"text", "text_resolver", "link"};
    static const char *names[3] = {"DPP1: text (no resolver claim)", "DPP1: text, signed with resolver",
                                   "link (GS1 Digital Link, #1 + digits)"};
    static hybrid_ctx ctx[3];
    static variant enc[3], ver[3], qr[3];
    static const dpp_alg algs[2] = {DPP_ALG_ES256, DPP_ALG_EDDSA};

    printf("\n== hybrid form: link against DPP1: text, same passport, same key, in turn ==\n");
    printf("   (ops per CPU second of one thread; resolver %s; link cost = DPP1 rate / link rate, target <= 1.05)\n",
           BENCH_RESOLVER);
    for (int a = 0; a < 2; a++) {
        const bench_fixture *f = NULL;
        const char *aid = bench_alg_id(algs[a]);
        char key[96];
        for (int i = 0; i < BENCH_NALGS; i++)
            if (fx[i].alg == algs[a]) f = &fx[i];
        if (f == NULL) continue;
        for (int k = 0; k < 3; k++) {
            hybrid_ctx *c = &ctx[k];
            dpp_encode_ex_opts opts;
            dpp_diag d;
            c->f = f;
            c->p = p;
            c->resolver = k == 0 ? NULL : BENCH_RESOLVER;
            c->form = k == 2 ? DPP_FORM_LINK : DPP_FORM_TEXT;
            if (c->verified == NULL) c->verified = malloc(sizeof *c->verified);
            if (c->qr == NULL) c->qr = malloc(sizeof *c->qr);
            if (c->verified == NULL || c->qr == NULL) abort();
            hybrid_opts(c, &opts);
            bench_check(dpp_encode_ex(p, f->key, &opts, c->text, sizeof c->text, &c->text_len, NULL, &d), &d,
                        "dpp_encode_ex");
            /* sanity: the form is what was asked, verifies, and the link check ran only for the link */
            op_hybrid_verify(c);
            op_hybrid_qr(c);
            if (c->verified->claims.form != c->form ||
                c->report.status[DPP_CHECK_LINK] != (k == 2 ? DPP_CHECK_PASS : DPP_CHECK_SKIPPED)) {
                fprintf(stderr, "bench: hybrid %s: unexpected form or link check\n", ids[k]);
                exit(2);
            }
            enc[k] = (variant){ids[k], op_hybrid_encode, c, 0, {0}, 0};
            ver[k] = (variant){ids[k], op_hybrid_verify, c, 0, {0}, 0};
            qr[k] = (variant){ids[k], op_hybrid_qr, c, 0, {0}, 0};
        }
        run_group(enc, 3, o->rounds, o->slice);
        run_group(ver, 3, o->rounds, o->slice);
        run_group(qr, 3, o->rounds, o->slice);

        printf(" %s: text %zu characters (with resolver %zu), link %zu characters; QR version %d / %d / %d (ECC M)\n",
               dpp_alg_name(algs[a]), ctx[0].text_len, ctx[1].text_len, ctx[2].text_len, ctx[0].qr->version,
               ctx[1].qr->version, ctx[2].qr->version);
        for (int k = 0; k < 3; k++) {
            snprintf(key, sizeof key, "hybrid.%s.%s.chars", aid, ids[k]);
            json_num(key, (double)ctx[k].text_len);
            snprintf(key, sizeof key, "hybrid.%s.%s.qr_version", aid, ids[k]);
            json_num(key, ctx[k].qr->version);
        }
        for (int g = 0; g < 3; g++) {
            variant *vs = g == 0 ? enc : g == 1 ? ver : qr;
            static const char *ops[3] = {"encode", "verify", "qr"};
            static const char *what[3] = {"encode (dpp_encode_ex)", "verify (dpp_verify)", "QR symbol (dpp_qr_encode)"};
            char label[96];
            printf("  %s\n", what[g]);
            for (int k = 0; k < 3; k++) {
                snprintf(label, sizeof label, "  %s", names[k]);
                print_rate(label, rate_stats(&vs[k]));
                snprintf(key, sizeof key, "hybrid.%s.%s.%s.rate", aid, ops[g], ids[k]);
                json_stats(key, rate_stats(&vs[k]), "ops/s");
            }
            snprintf(label, sizeof label, "  link cost / DPP1 %s", ops[g]);
            hybrid_ratio(aid, ops[g], "text", label, &vs[2], &vs[0], g < 2);
            snprintf(label, sizeof label, "  link cost / DPP1 with resolver, %s", ops[g]);
            hybrid_ratio(aid, ops[g], "text_resolver", label, &vs[2], &vs[1], g < 2);
        }
        fflush(stdout);
    }
    for (int k = 0; k < 3; k++) {
        free(ctx[k].verified);
        free(ctx[k].qr);
    }
}

/* ---- processes ---- */

/* Runs argv, stdout to out_path (or /dev/null); returns the exit status and
 * the child's wall and CPU (user + system) seconds. */
static int run_process(char *const argv[], const char *out_path, double *wall, double *cpu)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status = 0;
    struct rusage ru;
    double t0;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path != NULL ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    t0 = bench_wall();
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
        fprintf(stderr, "bench: cannot run %s: %s\n", argv[0], strerror(errno));
        exit(2);
    }
    if (wait4(pid, &status, 0, &ru) != pid) {
        fprintf(stderr, "bench: wait4 failed\n");
        exit(2);
    }
    *wall = bench_wall() - t0;
    *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec * 1e-6;
    posix_spawn_file_actions_destroy(&fa);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* ---- batch group ---- */

static void write_pem(const char *path, const dpp_key *key, bool private_part)
{
    char pem[16384];
    size_t n = 0;
    dpp_err e = private_part ? dpp_key_private_pem(key, pem, sizeof pem, &n) : dpp_key_public_pem(key, pem, sizeof pem, &n);
    bench_check(e, NULL, "PEM export");
    bench_write_file(path, pem, n);
}

/* The passport JSON on one line (drops the newlines; the example has none
 * inside strings). */
static char *one_line(const char *json)
{
    size_t n = strlen(json), k = 0;
    char *s = malloc(n + 1);
    if (s == NULL) abort();
    for (size_t i = 0; i < n; i++)
        if (json[i] != '\n' && json[i] != '\r') s[k++] = json[i];
    s[k] = '\0';
    return s;
}

static void bench_batch(const options *o, const bench_fixture *f)
{
    char keyp[512], pubp[512], injson[512], intext[512], outdir[512], outres[512], njobs[8];
    char *json, *line;
    FILE *fj, *ft;
    double rate[4][MAX_ROUNDS], cpu[4][MAX_ROUNDS];
    static const char *names[4] = {"encode --jobs 1", "encode --jobs 2", "verify --jobs 1", "verify --jobs 2"};
    static const char *ids[4] = {"batch.encode_jobs1", "batch.encode_jobs2", "batch.verify_jobs1", "batch.verify_jobs2"};
    int rounds = o->batch_rounds;
    struct stat st;

    if (o->cli == NULL || stat(o->cli, &st) != 0) {
        printf("\n== batch: skipped (no dpp CLI; pass --cli PATH) ==\n");
        json_str("batch.skipped", "no dpp CLI");
        return;
    }
    snprintf(keyp, sizeof keyp, "%s/signer.pem", o->tmp);
    snprintf(pubp, sizeof pubp, "%s/signer.pub.pem", o->tmp);
    snprintf(injson, sizeof injson, "%s/passports.jsonl", o->tmp);
    snprintf(intext, sizeof intext, "%s/scans.txt", o->tmp);
    snprintf(outdir, sizeof outdir, "%s/encode-out", o->tmp);
    snprintf(outres, sizeof outres, "%s/verify-out.jsonl", o->tmp);
    write_pem(keyp, f->key, true);
    write_pem(pubp, f->key, false);
    chmod(keyp, 0600);
    json = bench_read_file(o->passport_path, NULL);
    line = one_line(json);
    fj = fopen(injson, "w");
    ft = fopen(intext, "w");
    if (fj == NULL || ft == NULL) abort();
    for (long i = 0; i < o->batch_n; i++) {
        fprintf(fj, "%s\n", line);
        fprintf(ft, "%s\n", f->text);
    }
    fclose(fj);
    fclose(ft);
    free(line);
    free(json);
    mkdir(outdir, 0755);

    printf("\n== batch: %ld records per run, %d rounds, wall time (CPU time in brackets) ==\n", o->batch_n, rounds);
    for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 4; k++) {
            int v = (k + r) % 4;
            double wall, c;
            int rc;
            snprintf(njobs, sizeof njobs, "%d", v % 2 == 0 ? 1 : 2);
            if (v < 2) {
                char *argv[] = {(char *)o->cli, "encode", "--key", keyp, "--batch", injson, "--out", outdir,
                                "--jobs", njobs, "--iat", "@1767225600", "--quiet", "--force", NULL};
                rc = run_process(argv, NULL, &wall, &c);
            } else {
                char *argv[] = {(char *)o->cli, "verify", "--trust", pubp, "--batch", intext, "--out", outres,
                                "--jobs", njobs, "--at", "@1767312000", "--quiet", "--force", NULL};
                rc = run_process(argv, NULL, &wall, &c);
            }
            if (rc != 0) {
                fprintf(stderr, "bench: dpp %s exited with %d\n", names[v], rc);
                exit(2);
            }
            rate[v][r] = (double)o->batch_n / wall;
            cpu[v][r] = c / wall;
        }
    }
    for (int v = 0; v < 4; v++) {
        bench_stats s = bench_stats_of(rate[v], rounds), u = bench_stats_of(cpu[v], rounds);
        char key[80];
        printf("  dpp %-40s %12.0f /s  (min %10.0f, max %10.0f)  [%.2f CPUs busy]\n", names[v], s.median, s.min,
               s.max, u.median);
        snprintf(key, sizeof key, "%s.rate", ids[v]);
        json_stats(key, s, "records/s (wall)");
        snprintf(key, sizeof key, "%s.cpus_busy", ids[v]);
        json_stats(key, u, "CPU s / wall s");
    }
    for (int k = 0; k < 2; k++) {
        double sc[MAX_ROUNDS];
        for (int r = 0; r < rounds; r++) sc[r] = rate[2 * k + 1][r] / rate[2 * k][r];
        print_ratio(k == 0 ? "encode scaling, 2 jobs / 1 job" : "verify scaling, 2 jobs / 1 job",
                    bench_stats_of(sc, rounds), 1.8, true);
        json_stats(k == 0 ? "batch.encode_scaling" : "batch.verify_scaling", bench_stats_of(sc, rounds), "ratio");
    }
    {
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        double la[3] = {0, 0, 0};
        FILE *lf = fopen("/proc/loadavg", "r");
        if (lf != NULL) {
            if (fscanf(lf, "%lf %lf %lf", &la[0], &la[1], &la[2]) != 3) la[0] = -1;
            fclose(lf);
        }
        printf("  (%ld online CPUs; load average %.2f at the end of the batch runs)\n", ncpu, la[0]);
        json_num("batch.online_cpus", (double)ncpu);
        json_num("batch.loadavg_1min", la[0]);
    }
}

/* ---- peers: Python and Java worker processes ---- */

typedef struct worker {
    const char *id;
    const char *label;
    pid_t pid;
    FILE *to, *from;
    bool ok;
    double rate[MAX_ROUNDS];
    int n;
} worker;

/* Starts argv with pipes on stdin/stdout; waits for its "ready" line. */
static bool worker_start(worker *w, char *const argv[])
{
    int in[2], out[2];
    posix_spawn_file_actions_t fa;
    char line[512];

    if (pipe(in) != 0 || pipe(out) != 0) return false;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    if (posix_spawnp(&w->pid, argv[0], &fa, NULL, argv, environ) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return false;
    }
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    w->to = fdopen(in[1], "w");
    w->from = fdopen(out[0], "r");
    if (w->to == NULL || w->from == NULL) return false;
    if (fgets(line, sizeof line, w->from) == NULL || strncmp(line, "ready", 5) != 0) {
        fprintf(stderr, "bench: worker %s did not start (%s)\n", w->id, line);
        return false;
    }
    printf("  worker %-26s %s", w->id, line + 5);
    w->ok = true;
    return true;
}

/* One timed slice of `seconds` CPU seconds; the worker answers "OPS CPU". */
static double worker_slice(worker *w, double seconds)
{
    char line[256];
    double ops = 0, cpu = 0;
    fprintf(w->to, "run %.3f\n", seconds);
    fflush(w->to);
    if (fgets(line, sizeof line, w->from) == NULL || sscanf(line, "%lf %lf", &ops, &cpu) != 2 || cpu <= 0) {
        fprintf(stderr, "bench: worker %s failed\n", w->id);
        w->ok = false;
        return 0;
    }
    return ops / cpu;
}

static void worker_stop(worker *w)
{
    int status;
    if (w->to != NULL) {
        fprintf(w->to, "quit\n");
        fclose(w->to);
    }
    if (w->from != NULL) fclose(w->from);
    if (w->pid > 0) waitpid(w->pid, &status, 0);
}

static void bench_peers(const options *o, bench_fixture *fx)
{
    /* ES256 and EdDSA: the algorithms of the Python reference figures */
    static const int algs[2] = {0, 2};
    for (int ai = 0; ai < 2; ai++) {
        bench_fixture *f = &fx[algs[ai]];
        const char *aid = bench_alg_id(f->alg);
        char textp[512], pubp[512], nows[32], refpy[512], bindpy[512], key[96];
        worker w[3];
        variant c;
        crypto_ctx cc;
        double slice = o->slice < 0.5 ? 0.5 : o->slice;
        int nw = 0;

        memset(w, 0, sizeof w);
        memset(&cc, 0, sizeof cc);
        snprintf(textp, sizeof textp, "%s/%s.txt", o->tmp, aid);
        snprintf(pubp, sizeof pubp, "%s/%s.pub.pem", o->tmp, aid);
        snprintf(nows, sizeof nows, "%lld", (long long)BENCH_NOW);
        snprintf(refpy, sizeof refpy, "%s/reference_verify.py", o->bench_dir);
        snprintf(bindpy, sizeof bindpy, "%s/binding_verify.py", o->bench_dir);
        bench_write_file(textp, f->text, f->text_len);
        write_pem(pubp, f->key, false);

        printf("\n== peers, %s: Python binding and Java binding vs the reference Python pipeline and C ==\n",
               dpp_alg_name(f->alg));
        {
            char *argv[] = {(char *)o->python, refpy, "--worker", "--text", textp, "--trust", pubp, "--now", nows, NULL};
            w[nw].id = "python_reference";
            w[nw].label = "reference Python (cbor2 + cryptography)";
            if (worker_start(&w[nw], argv)) nw++;
            else printf("  reference Python pipeline: NOT AVAILABLE\n");
        }
        if (o->python_path != NULL) {
            char *argv[] = {(char *)o->python, bindpy, "--worker", "--text", textp, "--trust", pubp, "--now", nows,
                            "--path", (char *)o->python_path, NULL};
            w[nw].id = "python_binding";
            w[nw].label = "Python binding (dpp.verify)";
            if (worker_start(&w[nw], argv)) nw++;
            else printf("  Python binding: NOT AVAILABLE (worker failed)\n");
        } else {
            printf("  Python binding: NOT MEASURED (no --python-path)\n");
        }
        if (o->jar != NULL && o->java_classes != NULL) {
            char cp[1024];
            snprintf(cp, sizeof cp, "%s:%s", o->jar, o->java_classes);
            {
                char *argv[] = {(char *)o->java, "-cp", cp, "JavaVerifyBench", "--text", textp, "--trust", pubp,
                                "--now", nows, NULL};
                w[nw].id = "java_binding";
                w[nw].label = "Java binding (Verifier.verify)";
                if (worker_start(&w[nw], argv)) nw++;
                else printf("  Java binding: NOT AVAILABLE (worker failed)\n");
            }
        } else {
            printf("  Java binding: NOT MEASURED (no --jar/--java-classes)\n");
        }

        cc.f = f;
        cc.verified = malloc(sizeof *cc.verified);
        if (cc.verified == NULL) abort();
        c = (variant){"c", op_dpp_verify, &cc, 0, {0}, 0};
        calibrate(&c, slice);
        for (int i = 0; i < nw; i++) (void)worker_slice(&w[i], slice / 2); /* warm-up (JIT) */
        for (int r = 0; r < o->rounds; r++) {
            for (int k = 0; k <= nw; k++) {
                int v = (k + r) % (nw + 1);
                if (v == nw) {
                    double t0 = bench_cpu(), t;
                    for (long i = 0; i < c.per_slice; i++) op_dpp_verify(&cc);
                    t = bench_cpu() - t0;
                    c.rate[c.n++] = (double)c.per_slice / t;
                } else if (w[v].ok) {
                    double rr = worker_slice(&w[v], slice);
                    if (w[v].ok) w[v].rate[w[v].n++] = rr;
                }
            }
        }
        print_rate("C dpp_verify", rate_stats(&c));
        snprintf(key, sizeof key, "peers.%s.c.rate", aid);
        json_stats(key, rate_stats(&c), "ops/s");
        for (int i = 0; i < nw; i++) {
            if (w[i].n == 0) continue;
            print_rate(w[i].label, bench_stats_of(w[i].rate, w[i].n));
            snprintf(key, sizeof key, "peers.%s.%s.rate", aid, w[i].id);
            json_stats(key, bench_stats_of(w[i].rate, w[i].n), "ops/s");
        }
        {
            worker *ref = NULL, *pb = NULL, *jb = NULL;
            for (int i = 0; i < nw; i++) {
                if (strcmp(w[i].id, "python_reference") == 0) ref = &w[i];
                if (strcmp(w[i].id, "python_binding") == 0) pb = &w[i];
                if (strcmp(w[i].id, "java_binding") == 0) jb = &w[i];
            }
            if (ref != NULL && pb != NULL && ref->n > 0 && pb->n > 0) {
                double r[MAX_ROUNDS];
                int n = ref->n < pb->n ? ref->n : pb->n;
                for (int i = 0; i < n; i++) r[i] = pb->rate[i] / ref->rate[i];
                print_ratio("Python binding / reference Python", bench_stats_of(r, n), 1.7, true);
                snprintf(key, sizeof key, "peers.%s.python_binding_over_reference", aid);
                json_stats(key, bench_stats_of(r, n), "ratio");
            }
            if (ref != NULL && ref->n > 0) {
                double r[MAX_ROUNDS];
                int n = ref->n < c.n ? ref->n : c.n;
                for (int i = 0; i < n; i++) r[i] = c.rate[i] / ref->rate[i];
                print_ratio("C / reference Python (for scale)", bench_stats_of(r, n), 1.0, true);
                snprintf(key, sizeof key, "peers.%s.c_over_reference", aid);
                json_stats(key, bench_stats_of(r, n), "ratio");
            }
            if (jb != NULL && jb->n > 0) {
                double r[MAX_ROUNDS];
                int n = jb->n < c.n ? jb->n : c.n;
                for (int i = 0; i < n; i++) r[i] = c.rate[i] / jb->rate[i];
                print_ratio("C / Java binding (slowdown)", bench_stats_of(r, n), 1.3, false);
                snprintf(key, sizeof key, "peers.%s.c_over_java", aid);
                json_stats(key, bench_stats_of(r, n), "ratio");
            }
        }
        for (int i = 0; i < nw; i++) worker_stop(&w[i]);
        free(cc.verified);
        fflush(stdout);
    }
}

/* ---- main ---- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: dpp_bench [--rounds N] [--slice-ms MS] [--json FILE] [--groups crypto,qr,hybrid,batch,peers]\n"
            "                 [--passport FILE] [--cli PATH] [--batch-n N] [--batch-rounds N]\n"
            "                 [--python PYTHON] [--python-path DIR] [--bench-dir DIR]\n"
            "                 [--java JAVA] [--jar dpp.jar] [--java-classes DIR] [--tmp DIR]\n"
            "       dpp_bench --profile verify|encode|verify_link|encode_link|verify_text_resolver|\n"
            "                           encode_text_resolver [--profile-n N]\n"
            "                 (ES256 loop only, for profilers; *_link: the hybrid form; *_text_resolver:\n"
            "                 DPP1: text of the same passport signed with the resolver)\n");
    exit(2);
}

int main(int argc, char **argv)
{
    options o = {7, 0.2, NULL, "examples/passport.json", "all", NULL, "/usr/bin/python3", NULL, "bench", "java",
                 NULL, NULL, 20000, 3, NULL, NULL, 2000};
    static dpp_passport passport;
    static bench_fixture fx[BENCH_NALGS];
    char tmpl[] = "/tmp/dpp_bench.XXXXXX";
    bool own_tmp = false;

    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL) usage();
        if (strcmp(a, "--rounds") == 0) o.rounds = atoi(v);
        else if (strcmp(a, "--slice-ms") == 0) o.slice = atof(v) / 1e3;
        else if (strcmp(a, "--json") == 0) o.json_path = v;
        else if (strcmp(a, "--groups") == 0) o.groups = v;
        else if (strcmp(a, "--passport") == 0) o.passport_path = v;
        else if (strcmp(a, "--cli") == 0) o.cli = v;
        else if (strcmp(a, "--batch-n") == 0) o.batch_n = atol(v);
        else if (strcmp(a, "--batch-rounds") == 0) o.batch_rounds = atoi(v);
        else if (strcmp(a, "--python") == 0) o.python = v;
        else if (strcmp(a, "--python-path") == 0) o.python_path = v;
        else if (strcmp(a, "--bench-dir") == 0) o.bench_dir = v;
        else if (strcmp(a, "--java") == 0) o.java = v;
        else if (strcmp(a, "--jar") == 0) o.jar = v;
        else if (strcmp(a, "--java-classes") == 0) o.java_classes = v;
        else if (strcmp(a, "--tmp") == 0) o.tmp = v;
        else if (strcmp(a, "--profile") == 0) o.profile = v;
        else if (strcmp(a, "--profile-n") == 0) o.profile_n = atol(v);
        else usage();
    }
    if (o.rounds < 1 || o.rounds > MAX_ROUNDS || o.batch_rounds < 1 || o.batch_rounds > MAX_ROUNDS || o.slice <= 0 ||
        o.batch_n < 1)
        usage();
    if (o.tmp == NULL) {
        if (mkdtemp(tmpl) == NULL) {
            perror("mkdtemp");
            return 2;
        }
        o.tmp = tmpl;
        own_tmp = true;
    }
    signal(SIGPIPE, SIG_IGN);
    if (o.json_path != NULL) {
        g_json = fopen(o.json_path, "w");
        if (g_json == NULL) {
            perror(o.json_path);
            return 2;
        }
    }

    bench_load_passport(o.passport_path, &passport);
    if (o.profile != NULL) { /* ES256 only, nothing printed: for perf record / valgrind --tool=callgrind */
        static crypto_ctx pc;
        bench_fixture_init(&fx[0], DPP_ALG_ES256, &passport);
        pc.f = &fx[0];
        pc.p = &passport;
        pc.verified = malloc(sizeof *pc.verified);
        if (pc.verified == NULL) abort();
        if (strcmp(o.profile, "encode_link") == 0 || strcmp(o.profile, "verify_link") == 0 ||
            strcmp(o.profile, "encode_text_resolver") == 0 || strcmp(o.profile, "verify_text_resolver") == 0) {
            /* the hybrid form: the same passport signed with a resolver, as a link */
            static hybrid_ctx hc;
            dpp_encode_ex_opts hopts;
            dpp_diag d;
            hc.f = &fx[0];
            hc.p = &passport;
            hc.resolver = BENCH_RESOLVER;
            hc.form = strstr(o.profile, "_link") != NULL ? DPP_FORM_LINK : DPP_FORM_TEXT;
            hc.verified = pc.verified;
            hybrid_opts(&hc, &hopts);
            bench_check(dpp_encode_ex(&passport, fx[0].key, &hopts, hc.text, sizeof hc.text, &hc.text_len, NULL, &d),
                        &d, "dpp_encode_ex");
            for (long i = 0; i < o.profile_n; i++)
                o.profile[0] == 'e' ? op_hybrid_encode(&hc) : op_hybrid_verify(&hc);
        } else if (strcmp(o.profile, "encode") == 0 || strcmp(o.profile, "verify") == 0) {
            for (long i = 0; i < o.profile_n; i++)
                o.profile[0] == 'e' ? op_dpp_encode(&pc) : op_dpp_verify(&pc);
        } else {
            usage();
        }
        free(pc.verified);
        bench_fixture_free(&fx[0]);
        if (own_tmp) (void)nftw(o.tmp, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
        return 0;
    }
    for (int a = 0; a < BENCH_NALGS; a++) bench_fixture_init(&fx[a], bench_algs[a], &passport);
    printf("dpp_bench: libdpp %s, %s, rounds %d, slice %.0f ms\n", dpp_version_string(), OPENSSL_VERSION_TEXT,
           o.rounds, o.slice * 1e3);
    json_str("libdpp", dpp_version_string());
    json_str("openssl", OPENSSL_VERSION_TEXT);
    json_num("rounds", o.rounds);
    json_num("slice_ms", o.slice * 1e3);
    json_num("example.payload_bytes", (double)fx[0].sizes.payload);
    json_num("example.es256.cose_bytes", (double)fx[0].sizes.cose);
    json_num("example.es256.text_chars", (double)fx[0].text_len);

    if (group_on(&o, "crypto")) bench_crypto(&o, &passport, fx);
    if (group_on(&o, "qr")) bench_qr(&o, &fx[0]);
    if (group_on(&o, "hybrid")) bench_hybrid(&o, &passport, fx);
    if (group_on(&o, "batch")) bench_batch(&o, &fx[0]);
    if (group_on(&o, "peers")) bench_peers(&o, fx);

    for (int a = 0; a < BENCH_NALGS; a++) bench_fixture_free(&fx[a]);
    if (own_tmp) (void)nftw(o.tmp, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
    if (g_json != NULL) {
        fprintf(g_json, "%s\n}\n", g_json_first ? "{" : "");
        fclose(g_json);
    }
    return 0;
}
