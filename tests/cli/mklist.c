/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test helper for the dpp CLI tests (not installed): makes signed trust
 * lists, revocation lists and attestations with libdpp's public API, so the
 * tests of 'dpp verify --operator/--trust LIST/--revocations' and
 * 'dpp encode --attestation' have inputs.
 *
 *   mklist trust OPKEY OUT SEQ ISSUED NEXT [KEYFILE,ROLE,NAME,CC[,NB,NA[,GTINPREFIX]]]...
 *   mklist revoke OPKEY OUT SEQ ISSUED NEXT [passport,UUID,REASON,DATE | key,KIDHEX,REASON,DATE
 *                                            | batch,GTIN,BATCH,REASON,DATE]...
 *   mklist attest KEY PASSPORT.json CLAIMS BINDING OUT
 *   mklist status OPKEY OUT SEQ ISSUED NEXT NBITS LISTIDHEX [INDEX]...   (a whole status list, INDEX bits set)
 *   mklist encode-status KEY PASSPORT.json IAT LISTIDHEX INDEX OUT       (passport text with a status claim)
 *   mklist status-delta OPKEY OUT SEQ ISSUED NEXT NBITS LISTIDHEX BASESEQ BEFORE AFTER
 *                                            (a delta from the list with bits BEFORE set to AFTER set;
 *                                             each a comma-separated index list, "-" for none)
 *
 * Times are seconds since the epoch ("-" = none); CLAIMS is a '+'-joined
 * list of claim names (e.g. footprint+cbam).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dpp/dpp.h>
#include <dpp/dpp_attest.h>
#include <dpp/dpp_revocation.h>
#include <dpp/dpp_trustlist.h>

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
        fprintf(stderr, "mklist: cannot read %s\n", path);
        exit(2);
    }
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "mklist: cannot read %s\n", path);
        exit(2);
    }
    buf[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void spit(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "mklist: cannot write %s\n", path);
        exit(2);
    }
}

static void check(dpp_err err, const dpp_diag *d, const char *what)
{
    if (err == DPP_OK) return;
    fprintf(stderr, "mklist: %s: %s: %s\n", what, dpp_err_name(err), d != NULL ? d->msg : "");
    exit(1);
}

static dpp_key *load_key(const char *path)
{
    size_t n;
    uint8_t *b = slurp(path, &n);
    dpp_key *k = NULL;
    dpp_diag d;
    check(dpp_key_load(b, n, &k, &d), &d, path);
    free(b);
    return k;
}

/* Splits s at commas in place into f[0..max-1]; the fields past the count
 * are NULL. Exits with a message when there are fewer than min fields. */
static int split(char *s, char **f, int max, int min, const char *what)
{
    int n = 0;
    for (int i = 0; i < max; i++) f[i] = NULL;
    while (n < max) {
        f[n++] = s;
        s = strchr(s, ',');
        if (s == NULL) break;
        *s++ = '\0';
    }
    if (n < min) {
        fprintf(stderr, "mklist: %s entry needs at least %d comma-separated fields, got %d\n", what, min, n);
        exit(2);
    }
    return n;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void unhex(const char *s, uint8_t *out, size_t n)
{
    size_t o = 0;
    for (; *s && o < n; s++) {
        int h, l;
        if (*s == '-') continue;
        h = hexval(s[0]);
        l = hexval(s[1]);
        if (h < 0 || l < 0) break;
        out[o++] = (uint8_t)(h << 4 | l);
        s++;
    }
    if (o != n) {
        fprintf(stderr, "mklist: bad hex\n");
        exit(2);
    }
}

static void header(char **argv, dpp_list_header *h)
{
    h->sequence = strtoull(argv[0], NULL, 10);
    h->issued_at = strtoll(argv[1], NULL, 10);
    h->next_update = strtoll(argv[2], NULL, 10);
}

static int do_trust(int argc, char **argv)
{
    dpp_key *op = load_key(argv[0]);
    dpp_trustlist *tl = NULL;
    dpp_list_header h;
    dpp_diag d;
    size_t n = 0;
    uint8_t *out;
    header(argv + 2, &h);
    check(dpp_trustlist_new(&tl), NULL, "new");
    for (int i = 5; i < argc; i++) {
        char *f[8];
        int nf = split(argv[i], f, 8, 2, "trust");
        dpp_trustlist_entry *e = calloc(1, sizeof *e);
        size_t kl;
        uint8_t *kb;
        if (e == NULL) {
            fprintf(stderr, "mklist: out of memory\n");
            exit(2);
        }
        kb = slurp(f[0], &kl);
        check(dpp_trustlist_entry_set_key(e, kb, kl, &d), &d, f[0]);
        free(kb);
        check(dpp_role_from_name(f[1], &e->role), NULL, "role");
        snprintf(e->party.name, sizeof e->party.name, "%s", nf > 2 ? f[2] : "Party");
        snprintf(e->party.country, sizeof e->party.country, "%s", nf > 3 ? f[3] : "DE");
        if (nf > 4 && strcmp(f[4], "-") != 0) e->has_not_before = true, e->not_before = strtoll(f[4], NULL, 10);
        if (nf > 5 && strcmp(f[5], "-") != 0) e->has_not_after = true, e->not_after = strtoll(f[5], NULL, 10);
        if (nf > 6 && f[6][0] != '\0') {
            e->scope.n_gtin_prefixes = 1;
            snprintf(e->scope.gtin_prefixes[0], sizeof e->scope.gtin_prefixes[0], "%s", f[6]);
        }
        check(dpp_trustlist_add(tl, e, &d), &d, "add");
        free(e);
    }
    check(dpp_trustlist_sign(tl, op, &h, NULL, 0, &n, &d), &d, "size");
    out = malloc(n);
    check(dpp_trustlist_sign(tl, op, &h, out, n, &n, &d), &d, "sign");
    spit(argv[1], out, n);
    free(out);
    dpp_trustlist_free(tl);
    dpp_key_free(op);
    return 0;
}

static int do_revoke(int argc, char **argv)
{
    dpp_key *op = load_key(argv[0]);
    dpp_revlist *rl = NULL;
    dpp_list_header h;
    dpp_diag d;
    size_t n = 0;
    uint8_t *out;
    header(argv + 2, &h);
    check(dpp_revlist_new(&rl), NULL, "new");
    for (int i = 5; i < argc; i++) {
        char *f[6];
        int nf = split(argv[i], f, 6, 4, "revocation"), k = 2;
        dpp_revocation r;
        memset(&r, 0, sizeof r);
        if (strcmp(f[0], "passport") == 0) {
            r.kind = DPP_REVOKED_PASSPORT;
            unhex(f[1], r.passport_id, 16);
        } else if (strcmp(f[0], "key") == 0) {
            r.kind = DPP_REVOKED_KEY;
            unhex(f[1], r.kid, DPP_KID_LEN);
        } else {
            r.kind = DPP_REVOKED_BATCH;
            snprintf(r.gtin, sizeof r.gtin, "%s", f[1]);
            snprintf(r.batch, sizeof r.batch, "%s", f[2]);
            k = 3;
        }
        if (nf <= k + 1) {
            fprintf(stderr, "mklist: revocation needs REASON,DATE\n");
            return 2;
        }
        check(dpp_revocation_reason_from_name(f[k], &r.reason), NULL, "reason");
        check(dpp_date_parse(f[k + 1], strlen(f[k + 1]), &r.date), NULL, "date");
        check(dpp_revlist_add(rl, &r, &d), &d, "add");
    }
    check(dpp_revlist_sign(rl, op, &h, NULL, 0, &n, &d), &d, "size");
    out = malloc(n);
    check(dpp_revlist_sign(rl, op, &h, out, n, &n, &d), &d, "sign");
    spit(argv[1], out, n);
    free(out);
    dpp_revlist_free(rl);
    dpp_key_free(op);
    return 0;
}

static int do_attest(char **argv)
{
    dpp_key *k = load_key(argv[0]);
    size_t jl, n = 0;
    uint8_t *json = slurp(argv[1], &jl), out[DPP_MAX_ATTESTATION_LEN];
    dpp_passport *p = calloc(1, sizeof *p);
    dpp_diag d;
    uint32_t claims = 0;
    dpp_binding b;
    char *names = argv[2], *tok;
    check(dpp_passport_from_json((const char *)json, jl, p, &d), &d, argv[1]);
    for (tok = strtok(names, "+"); tok != NULL; tok = strtok(NULL, "+")) {
        unsigned c;
        check(dpp_claim_from_name(tok, &c), NULL, tok);
        claims |= DPP_CLAIM_BIT(c);
    }
    check(dpp_binding_from_name(argv[3], &b), NULL, "binding");
    check(dpp_attest(p, k, claims, b, out, sizeof out, &n, &d), &d, "attest");
    spit(argv[4], out, n);
    free(json);
    free(p);
    dpp_key_free(k);
    return 0;
}

static int do_status(int argc, char **argv)
{
    dpp_key *op = load_key(argv[0]);
    dpp_status_list *sl = NULL;
    dpp_list_header h;
    uint8_t id[DPP_STATUS_LIST_ID_LEN];
    dpp_diag d;
    size_t n = 0;
    uint8_t *out;
    header(argv + 2, &h);
    unhex(argv[6], id, sizeof id);
    check(dpp_status_list_new(id, (size_t)strtoull(argv[5], NULL, 10), &sl), NULL, "status new");
    for (int i = 7; i < argc; i++) check(dpp_status_list_set(sl, (size_t)strtoull(argv[i], NULL, 10), true), NULL, "set");
    check(dpp_status_list_sign(sl, op, &h, NULL, 0, &n, &d), &d, "size");
    out = malloc(n);
    check(dpp_status_list_sign(sl, op, &h, out, n, &n, &d), &d, "sign");
    spit(argv[1], out, n);
    free(out);
    dpp_status_list_free(sl);
    dpp_key_free(op);
    return 0;
}

static void set_bits(dpp_status_list *sl, const char *list)
{
    const char *p = list;
    if (strcmp(list, "-") == 0) return;
    while (*p != '\0') {
        char *end;
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p) break;
        check(dpp_status_list_set(sl, (size_t)v, true), NULL, "set");
        p = *end == ',' ? end + 1 : end;
    }
}

static int do_status_delta(char **argv)
{
    dpp_key *op = load_key(argv[0]);
    dpp_status_list *before = NULL, *after = NULL;
    dpp_list_header h;
    uint8_t id[DPP_STATUS_LIST_ID_LEN];
    dpp_diag d;
    size_t n = 0, bits = (size_t)strtoull(argv[5], NULL, 10);
    uint8_t *out;
    header(argv + 2, &h);
    unhex(argv[6], id, sizeof id);
    check(dpp_status_list_new(id, bits, &before), NULL, "status new");
    check(dpp_status_list_new(id, bits, &after), NULL, "status new");
    set_bits(before, argv[8]);
    set_bits(after, argv[9]);
    check(dpp_status_list_sign_delta(before, strtoull(argv[7], NULL, 10), after, op, &h, NULL, 0, &n, &d), &d, "size");
    out = malloc(n);
    check(dpp_status_list_sign_delta(before, strtoull(argv[7], NULL, 10), after, op, &h, out, n, &n, &d), &d, "sign");
    spit(argv[1], out, n);
    free(out);
    dpp_status_list_free(before);
    dpp_status_list_free(after);
    dpp_key_free(op);
    return 0;
}

static int do_encode_status(char **argv)
{
    dpp_key *k = load_key(argv[0]);
    size_t jl, n = 0;
    uint8_t *json = slurp(argv[1], &jl);
    dpp_passport *p = calloc(1, sizeof *p);
    dpp_encode_ex_opts o;
    char text[DPP_MAX_TEXT_LEN + 1];
    dpp_diag d;
    check(dpp_passport_from_json((const char *)json, jl, p, &d), &d, argv[1]);
    memset(&o, 0, sizeof o);
    o.base.iat = strtoll(argv[2], NULL, 10);
    o.base.compress = DPP_COMPRESS_AUTO;
    o.has_status = true;
    unhex(argv[3], o.status_list_id, sizeof o.status_list_id);
    o.status_index = (uint32_t)strtoul(argv[4], NULL, 10);
    check(dpp_encode_ex(p, k, &o, text, sizeof text, &n, NULL, &d), &d, "encode");
    spit(argv[5], (const uint8_t *)text, n);
    free(json);
    free(p);
    dpp_key_free(k);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 9 && strcmp(argv[1], "status") == 0) return do_status(argc - 2, argv + 2);
    if (argc == 8 && strcmp(argv[1], "encode-status") == 0) return do_encode_status(argv + 2);
    if (argc == 12 && strcmp(argv[1], "status-delta") == 0) return do_status_delta(argv + 2);
    if (argc >= 7 && strcmp(argv[1], "trust") == 0) return do_trust(argc - 2, argv + 2);
    if (argc >= 7 && strcmp(argv[1], "revoke") == 0) return do_revoke(argc - 2, argv + 2);
    if (argc == 7 && strcmp(argv[1], "attest") == 0) return do_attest(argv + 2);
    fprintf(stderr, "usage: see the comment at the top of tests/cli/mklist.c\n");
    return 2;
}
