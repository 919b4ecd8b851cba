/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp_sizes: where the bytes of a passport label go, and what a preset
 * deflate dictionary changes.
 *
 *   dpp_sizes [--dict FILE] [--alg ES256] [--json OUT] [--quiet] INPUT...
 *
 * INPUT is a passport JSON file (*.json) or JSON Lines (*.jsonl, one
 * passport per line). Each passport is signed (one fresh key of --alg,
 * iat fixed) and measured at every layer: passport CBOR, CWT claims,
 * COSE_Sign1, zlib (libdpp's encoder, no dictionary), zlib with the preset
 * dictionary (--dict FILE, default the built-in dict_v1), the text
 * ("DPP1:" + Base45 of the shortest body, as the encoder chooses it) and the
 * QR version at ECC M, without and with the dictionary. For the
 * zlib layer also zlib's own level-9 size, for comparison.
 * Prints one line per passport (unless --quiet), then totals and the
 * distribution of QR versions before and after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bench_util.h"
#include "compress.h"
#include "dict_v1.h"

#define MAX_V 41

typedef struct row {
    size_t payload, claims, cose, z, zd, zlib9, text, textd;
    int qr, qrd;
} row;

typedef struct totals {
    double payload, claims, cose, z, zd, zlib9, text, textd;
    long n, used_z, used_zd;
    long hist[MAX_V], histd[MAX_V];
} totals;

static size_t zlib9_size(const uint8_t *in, size_t n)
{
    uint8_t out[DPP_MAX_COSE_LEN + 64];
    uLongf len = sizeof out;
    if (compress2(out, &len, in, (uLong)n, 9) != Z_OK) return 0;
    return (size_t)len;
}

static size_t b45_text_len(size_t body) { return DPP_PREFIX_LEN + DPP_BASE45_ENCODED_LEN(body); }

static int qr_version_for(size_t text_len)
{
    static char text[DPP_MAX_TEXT_LEN + 1];
    static dpp_qr qr;
    memset(text, 'A', text_len);
    memcpy(text, "DPP1:", 5);
    if (dpp_qr_encode(text, text_len, DPP_ECC_M, &qr, NULL) != DPP_OK) return 0;
    return qr.version;
}

static bool measure(const char *json, size_t len, const dpp_key *key, const uint8_t *dict, size_t dict_len, row *r,
                    char *err, size_t err_cap)
{
    static dpp_passport p;
    dpp_encode_opts opts = {BENCH_IAT, false, 0, NULL, DPP_COMPRESS_NEVER};
    dpp_encode_sizes sz;
    static char text[DPP_MAX_TEXT_LEN + 1];
    uint8_t cose[DPP_MAX_COSE_LEN], z[DPP_MAX_COSE_LEN + 64];
    size_t n = 0, cose_len = 0;
    dpp_diag d;
    dpp_err e;

    memset(r, 0, sizeof *r);
    if ((e = dpp_passport_from_json(json, len, &p, &d)) != DPP_OK ||
        (e = dpp_encode(&p, key, &opts, text, sizeof text, &n, &sz, &d)) != DPP_OK ||
        (e = dpp_encode_cose(&p, key, &opts, cose, sizeof cose, &cose_len, &d)) != DPP_OK) {
        snprintf(err, err_cap, "%s: %s", dpp_err_name(e), d.msg);
        return false;
    }
    r->payload = sz.payload;
    r->claims = sz.claims;
    r->cose = cose_len;
    if (dpp_zlib_compress(cose, cose_len, z, sizeof z, &r->z) != DPP_OK) r->z = SIZE_MAX;
    if (dpp_zlib_compress_dict(cose, cose_len, dict, dict_len, z, sizeof z, &r->zd) != DPP_OK) r->zd = SIZE_MAX;
    r->zlib9 = zlib9_size(cose, cose_len);
    r->text = b45_text_len(r->z < r->cose ? r->z : r->cose);
    {
        size_t best = r->cose;
        if (r->z < best) best = r->z;
        if (r->zd < best) best = r->zd;
        r->textd = b45_text_len(best);
    }
    r->qr = qr_version_for(r->text);
    r->qrd = qr_version_for(r->textd);
    return true;
}

static void add(totals *t, const row *r)
{
    t->n++;
    t->payload += (double)r->payload;
    t->claims += (double)r->claims;
    t->cose += (double)r->cose;
    t->z += (double)r->z;
    t->zd += (double)r->zd;
    t->zlib9 += (double)r->zlib9;
    t->text += (double)r->text;
    t->textd += (double)r->textd;
    t->used_z += r->z < r->cose;
    t->used_zd += r->zd < r->cose && r->zd < r->z;
    if (r->qr > 0 && r->qr < MAX_V) t->hist[r->qr]++;
    if (r->qrd > 0 && r->qrd < MAX_V) t->histd[r->qrd]++;
}

static void print_row(const char *name, const row *r)
{
    printf("%-28.28s %7zu %6zu %5zu %5zu %6zu %9zu %5zu %5zu %4d %4d\n", name, r->payload, r->claims, r->cose, r->z,
           r->zlib9, r->zd, r->text, r->textd, r->qr, r->qrd);
}

int main(int argc, char **argv)
{
    const char *dict_path = NULL, *json_path = NULL;
    dpp_alg alg = DPP_ALG_ES256;
    bool quiet = false;
    uint8_t *dict = NULL;
    size_t dict_len = 0;
    dpp_key *key = NULL;
    dpp_diag d;
    totals t;
    FILE *js = NULL;
    long bad = 0;

    memset(&t, 0, sizeof t);
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
        } else if (i + 1 < argc && strcmp(argv[i], "--dict") == 0) {
            dict_path = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--json") == 0) {
            json_path = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--alg") == 0) {
            bench_check(dpp_alg_from_name(argv[++i], &alg), NULL, "--alg");
        } else {
            break;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: dpp_sizes [--dict FILE] [--alg ALG] [--json OUT] [--quiet] INPUT.json|INPUT.jsonl...\n");
        return 2;
    }
    if (dict_path != NULL) {
        dict = (uint8_t *)bench_read_file(dict_path, &dict_len);
    } else {
        dict = malloc(dpp_dict_v1_len);
        if (dict == NULL) return 2;
        memcpy(dict, dpp_dict_v1, dpp_dict_v1_len);
        dict_len = dpp_dict_v1_len;
    }
    bench_check(dpp_key_generate(alg, &key, &d), &d, "dpp_key_generate");
    if (json_path != NULL && (js = fopen(json_path, "w")) == NULL) {
        perror(json_path);
        return 2;
    }
    if (!quiet)
        printf("%-28s %7s %6s %5s %5s %6s %9s %5s %5s %4s %4s\n", "passport", "payload", "claims", "cose", "zlib",
               "zlib9", "zlib+dict", "text", "textD", "QR", "QRd");
    if (js != NULL) fprintf(js, "{\"alg\": \"%s\", \"dict_bytes\": %zu, \"passports\": [", dpp_alg_name(alg), dict_len);
    for (; i < argc; i++) {
        size_t flen = 0, ln = strlen(argv[i]);
        char *data = bench_read_file(argv[i], &flen);
        bool lines = ln > 6 && strcmp(argv[i] + ln - 6, ".jsonl") == 0;
        char *p = data;
        long lineno = 0;
        while (p < data + flen) {
            char *end = lines ? strchr(p, '\n') : data + flen;
            char name[64], err[300];
            row r;
            if (end == NULL) end = data + flen;
            lineno++;
            if (end > p) {
                const char *base = strrchr(argv[i], '/');
                base = base != NULL ? base + 1 : argv[i];
                if (lines) snprintf(name, sizeof name, "%.40s:%ld", base, lineno);
                else snprintf(name, sizeof name, "%.60s", base);
                if (measure(p, (size_t)(end - p), key, dict, dict_len, &r, err, sizeof err)) {
                    add(&t, &r);
                    if (!quiet) print_row(name, &r);
                    if (js != NULL)
                        fprintf(js,
                                "%s\n {\"name\": \"%s\", \"payload\": %zu, \"claims\": %zu, \"cose\": %zu, "
                                "\"zlib\": %zu, \"zlib_dict\": %zu, \"zlib9\": %zu, \"text\": %zu, \"text_dict\": %zu, "
                                "\"qr_m\": %d, \"qr_m_dict\": %d}",
                                t.n > 1 ? "," : "", name, r.payload, r.claims, r.cose, r.z, r.zd, r.zlib9, r.text,
                                r.textd, r.qr, r.qrd);
                } else {
                    fprintf(stderr, "dpp_sizes: %s: %s\n", name, err);
                    bad++;
                }
            }
            p = end + 1;
        }
        free(data);
    }
    if (t.n > 0) {
        printf("\n%ld passports (%s, dictionary %zu bytes); mean sizes:\n", t.n, dpp_alg_name(alg), dict_len);
        printf("  payload %.1f, claims %.1f, COSE %.1f, zlib %.1f (zlib's own level 9: %.1f), zlib+dict %.1f bytes\n",
               t.payload / (double)t.n, t.claims / (double)t.n, t.cose / (double)t.n, t.z / (double)t.n,
               t.zlib9 / (double)t.n, t.zd / (double)t.n);
        printf("  text %.1f -> %.1f characters (%.1f%%); zlib used by %ld, zlib+dict by %ld of %ld\n",
               t.text / (double)t.n, t.textd / (double)t.n, 100.0 * (t.textd - t.text) / t.text, t.used_z, t.used_zd,
               t.n);
        printf("  QR version at ECC M   before   after\n");
        for (int v = 1; v < MAX_V; v++)
            if (t.hist[v] || t.histd[v]) printf("      %2d               %6ld   %6ld\n", v, t.hist[v], t.histd[v]);
    }
    if (js != NULL) {
        fprintf(js, "\n], \"qr_hist\": {");
        for (int v = 1, first = 1; v < MAX_V; v++)
            if (t.hist[v] || t.histd[v]) {
                fprintf(js, "%s\"%d\": [%ld, %ld]", first ? "" : ", ", v, t.hist[v], t.histd[v]);
                first = 0;
            }
        fprintf(js, "}, \"rejected\": %ld}\n", bad);
        fclose(js);
    }
    dpp_key_free(key);
    free(dict);
    return bad > 0 ? 1 : 0;
}
