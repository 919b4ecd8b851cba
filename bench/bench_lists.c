/* Revocation forms at marketplace scale (issue 22), in one run:
 *  - bytes per entry and lookup time of each form at 10^4, 10^5, 10^6
 *    entries: revoked kids, revoked passport ids, revoked batches (today's
 *    fixed-size records) and the status list (one bit per passport, 1 %
 *    revoked: "entries" are the passports, a hundredth of them revoked);
 *  - the compact form of the id and batch lists (spec/trust.md 6.5: salted
 *    64-bit hashes, Golomb-Rice coded), with one (reason, date) for all
 *    entries and with reasons and dates spread over a year;
 *  - verify throughput of a passport carrying a status claim with a
 *    10^6-passport status list loaded, against the same store without it.
 * Usage: dpp_bench_lists [--quick] (--quick: 10^4 and 10^5 only). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "dpp/dpp.h"

#define ISSUED INT64_C(1767225600)
#define NOW (ISSUED + 3600)

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void put_be64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (56 - 8 * i));
}

static uint8_t *sign_rev(const dpp_revlist *rl, const dpp_key *op, bool compact, size_t *len)
{
    static const uint8_t salt[DPP_REVLIST_SALT_LEN] = {0x5a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    dpp_list_header h = {1, ISSUED, ISSUED + 86400};
    dpp_diag d;
    size_t need = 0;
    uint8_t *out;
    if (compact) bench_check(dpp_revlist_sign_compact(rl, op, &h, salt, NULL, 0, &need, &d), &d, "revlist size");
    else bench_check(dpp_revlist_sign(rl, op, &h, NULL, 0, &need, &d), &d, "revlist size");
    out = malloc(need);
    if (out == NULL) exit(1);
    if (compact) bench_check(dpp_revlist_sign_compact(rl, op, &h, salt, out, need, len, &d), &d, "revlist sign");
    else bench_check(dpp_revlist_sign(rl, op, &h, out, need, len, &d), &d, "revlist sign");
    return out;
}

typedef struct row {
    const char *form;
    size_t n;
    size_t bytes;
    size_t n_revoked; /* status list: bits set */
    double ns_lookup;
} row;

#define LOOKUPS 1000000

/* kind 0 kids, 1 passport ids, 2 batches; form 0 exact records, 1 compact,
 * 2 compact with 3 reasons x 365 dates (1,095 (reason, date) pairs) */
static row rev_form(int kind, int form, size_t n, const dpp_key *op)
{
    static const char *const names[3][3] = {
        {"revoked kids", "", ""},
        {"revoked passport ids", "revoked passport ids, compact", "revoked passport ids, compact, dates over a year"},
        {"revoked batches", "revoked batches, compact", "revoked batches, compact, dates over a year"}};
    static const dpp_revocation_reason reasons[3] = {DPP_REASON_RECALL, DPP_REASON_FRAUD, DPP_REASON_WITHDRAWN};
    dpp_revlist *rl = NULL;
    dpp_trust *t = NULL;
    dpp_list_policy pol = {NOW, 0, 0};
    dpp_diag d;
    uint64_t *keys = malloc(n * sizeof *keys);
    size_t len = 0, hits = 0;
    uint8_t *signed_list;
    double t0, t1;
    row r;
    if (keys == NULL) exit(1);
    for (size_t i = 0; i < n; i++) keys[i] = rnd();
    qsort(keys, n, sizeof *keys, cmp_u64);
    bench_check(dpp_revlist_new(&rl), NULL, "revlist");
    for (size_t i = 0; i < n; i++) {
        dpp_revocation v;
        memset(&v, 0, sizeof v);
        v.reason = form == 2 ? reasons[i % 3] : DPP_REASON_RECALL;
        v.date = form == 2 ? (dpp_date)(20000 + (i / 3) % 365) : 20000;
        if (kind == 0) {
            v.kind = DPP_REVOKED_KEY;
            put_be64(v.kid, keys[i]);
        } else if (kind == 1) {
            v.kind = DPP_REVOKED_PASSPORT;
            put_be64(v.passport_id, keys[i]);
            put_be64(v.passport_id + 8, keys[i] * 31u);
        } else {
            v.kind = DPP_REVOKED_BATCH;
            memcpy(v.gtin, "04006381333931", 15);
            (void)snprintf(v.batch, sizeof v.batch, "L%09u", (unsigned)(i % 1000000000u)); /* equal lengths: in order */
        }
        bench_check(dpp_revlist_add(rl, &v, &d), &d, "revlist add");
    }
    signed_list = sign_rev(rl, op, form != 0, &len);
    bench_check(dpp_trust_new(&t), NULL, "trust");
    bench_check(dpp_trust_pin_operator(t, op), NULL, "pin");
    bench_check(dpp_trust_load_revocations(t, signed_list, len, &pol, NULL, &d), &d, "load");
    t0 = bench_cpu();
    for (size_t i = 0; i < LOOKUPS; i++) {
        dpp_revocation q, found;
        size_t j = (size_t)(rnd() % n);
        memset(&q, 0, sizeof q);
        q.kind = kind == 0 ? DPP_REVOKED_KEY : kind == 1 ? DPP_REVOKED_PASSPORT : DPP_REVOKED_BATCH;
        if (kind == 0) put_be64(q.kid, (i & 1) ? keys[j] : rnd());
        else if (kind == 1) {
            uint64_t k = (i & 1) ? keys[j] : rnd();
            put_be64(q.passport_id, k);
            put_be64(q.passport_id + 8, k * 31u);
        } else {
            memcpy(q.gtin, "04006381333931", 15);
            (void)snprintf(q.batch, sizeof q.batch, "%c%09u", (i & 1) ? 'L' : 'M', (unsigned)(j % 1000000000u));
        }
        hits += dpp_trust_find_revocation(t, &q, &found) == DPP_OK;
    }
    t1 = bench_cpu();
    if (hits < LOOKUPS / 2 - 10) fprintf(stderr, "bench_lists: only %zu hits\n", hits);
    r.form = names[kind][form];
    r.n = n;
    r.n_revoked = n;
    r.bytes = len;
    r.ns_lookup = (t1 - t0) * 1e9 / LOOKUPS;
    dpp_trust_free(t);
    dpp_revlist_free(rl);
    free(signed_list);
    free(keys);
    return r;
}

/* A status list of n_passports with 1 % set: its signed bytes. */
static uint8_t *status_bytes(const uint8_t id[8], size_t n_passports, const dpp_key *op, size_t *len, size_t *n_set)
{
    dpp_status_list *sl = NULL;
    dpp_list_header h = {1, ISSUED, ISSUED + 86400};
    dpp_diag d;
    size_t need = 0, set = 0;
    uint8_t *out;
    bench_check(dpp_status_list_new(id, n_passports, &sl), NULL, "status new");
    while (set < n_passports / 100) {
        size_t i = (size_t)(rnd() % n_passports);
        bool b = false;
        bench_check(dpp_status_list_get(sl, i, &b), NULL, "status get");
        if (b) continue;
        bench_check(dpp_status_list_set(sl, i, true), NULL, "status set");
        set++;
    }
    bench_check(dpp_status_list_sign(sl, op, &h, NULL, 0, &need, &d), &d, "status size");
    out = malloc(need);
    if (out == NULL) exit(1);
    bench_check(dpp_status_list_sign(sl, op, &h, out, need, len, &d), &d, "status sign");
    dpp_status_list_free(sl);
    *n_set = set;
    return out;
}

static row status_form(size_t n_passports, const dpp_key *op, const uint8_t id[8])
{
    size_t len = 0, n_set = 0, hits = 0;
    uint8_t *sb = status_bytes(id, n_passports, op, &len, &n_set);
    dpp_trust *t = NULL;
    dpp_list_policy pol = {NOW, 0, 0};
    dpp_diag d;
    double t0, t1;
    row r;
    bench_check(dpp_trust_new(&t), NULL, "trust");
    bench_check(dpp_trust_pin_operator(t, op), NULL, "pin");
    bench_check(dpp_trust_load_status(t, sb, len, &pol, NULL, &d), &d, "load status");
    t0 = bench_cpu();
    for (size_t i = 0; i < LOOKUPS; i++) {
        bool b = false;
        bench_check(dpp_trust_status_get(t, id, (size_t)(rnd() % n_passports), &b), NULL, "status lookup");
        hits += b;
    }
    t1 = bench_cpu();
    (void)hits;
    r.form = "status list: passports, 1 % revoked";
    r.n = n_passports;
    r.n_revoked = n_set;
    r.bytes = len;
    r.ns_lookup = (t1 - t0) * 1e9 / LOOKUPS;
    dpp_trust_free(t);
    free(sb);
    return r;
}

/* Verifications per second of text against t, over rounds. */
static double verify_rate(const char *text, size_t text_len, const dpp_trust *t, int n)
{
    dpp_verified v;
    dpp_report rep;
    double t0 = bench_cpu(), t1;
    for (int i = 0; i < n; i++)
        if (dpp_verify(text, text_len, t, NOW, &v, &rep) != DPP_OK) {
            fprintf(stderr, "bench_lists: verify failed: %s\n", rep.diag.msg);
            exit(1);
        }
    t1 = bench_cpu();
    return (double)n / (t1 - t0);
}

int main(int argc, char **argv)
{
    static const size_t sizes[] = {10000, 100000, 1000000};
    bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    size_t n_sizes = quick ? 2 : 3;
    dpp_key *op = NULL, *maker = NULL;
    uint8_t id[8], kid[8];
    dpp_diag d;

    bench_check(dpp_key_generate(DPP_ALG_EDDSA, &op, &d), &d, "op key");
    bench_check(dpp_key_generate(DPP_ALG_EDDSA, &maker, &d), &d, "maker key");
    dpp_key_kid(maker, kid);
    bench_check(dpp_status_list_id(kid, 2026, id), NULL, "list id");

    printf("# Revocation forms (one run; Ed25519-signed lists; %d lookups each, half hits for the record lists)\n\n",
           LOOKUPS);
    printf("| form | entries | revoked | signed bytes | bytes per entry | bytes per revoked | lookup ns |\n"
           "|---|---:|---:|---:|---:|---:|---:|\n");
    for (size_t s = 0; s < n_sizes; s++) {
        for (int kind = 0; kind < 3; kind++) {
            for (int form = 0; form < (kind == 0 ? 1 : 3); form++) {
                row r = rev_form(kind, form, sizes[s], op);
                printf("| %s | %zu | %zu | %zu | %.3f | %.2f | %.1f |\n", r.form, r.n, r.n_revoked, r.bytes,
                       (double)r.bytes / (double)r.n, (double)r.bytes / (double)r.n_revoked, r.ns_lookup);
                fflush(stdout);
            }
        }
        {
            row r = status_form(sizes[s], op, id);
            printf("| %s | %zu | %zu | %zu | %.3f | %.2f | %.1f |\n", r.form, r.n, r.n_revoked, r.bytes,
                   (double)r.bytes / (double)r.n, (double)r.bytes / (double)r.n_revoked, r.ns_lookup);
            fflush(stdout);
        }
    }

    /* Verify throughput with and without a 10^6-passport status list. */
    {
        dpp_passport p;
        dpp_encode_ex_opts o;
        char text[DPP_MAX_TEXT_LEN + 1];
        size_t text_len = 0, len = 0, n_set = 0;
        uint8_t *sb = status_bytes(id, 1000000, op, &len, &n_set);
        dpp_trust *plain = NULL, *with = NULL;
        dpp_list_policy pol = {NOW, 0, 0};
        double a = 0, b = 0;
        const int rounds = 6, per = 400;
        bench_load_passport(DPP_EXAMPLE_PASSPORT, &p);
        memset(&o, 0, sizeof o);
        o.base.iat = ISSUED;
        o.base.compress = DPP_COMPRESS_AUTO;
        o.has_status = true;
        memcpy(o.status_list_id, id, 8);
        /* an index whose bit is clear */
        for (o.status_index = 0;; o.status_index++) {
            bool set = false;
            bench_check(dpp_trust_new(&with), NULL, "trust");
            bench_check(dpp_trust_pin_operator(with, op), NULL, "pin");
            bench_check(dpp_trust_load_status(with, sb, len, &pol, NULL, &d), &d, "load status");
            bench_check(dpp_trust_status_get(with, id, o.status_index, &set), NULL, "get");
            if (!set) break;
            dpp_trust_free(with);
        }
        bench_check(dpp_encode_ex(&p, maker, &o, text, sizeof text, &text_len, NULL, &d), &d, "encode");
        bench_check(dpp_trust_add_key(with, maker), NULL, "add key");
        bench_check(dpp_trust_new(&plain), NULL, "trust");
        bench_check(dpp_trust_add_key(plain, maker), NULL, "add key");
        bench_check(dpp_trust_pin_operator(plain, op), NULL, "pin");
        (void)verify_rate(text, text_len, plain, per); /* warm up */
        for (int i = 0; i < rounds; i++) {
            a += verify_rate(text, text_len, plain, per);
            b += verify_rate(text, text_len, with, per);
        }
        a /= rounds;
        b /= rounds;
        printf("\n# Verify throughput (Ed25519 passport with a status claim, %d x %d verifications each, "
               "interleaved)\n\n",
               rounds, per);
        printf("| store | verifications/s |\n|---|---:|\n| without a status list | %.0f |\n"
               "| with a 10^6-passport status list (%zu bytes, %zu revoked) | %.0f |\n",
               a, len, n_set, b);
        printf("\nratio with/without: %.4f (%+.2f %%)\n", b / a, (b / a - 1.0) * 100.0);
        dpp_trust_free(plain);
        dpp_trust_free(with);
        free(sb);
    }
    dpp_key_free(op);
    dpp_key_free(maker);
    return 0;
}
