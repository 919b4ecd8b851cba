/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp_link_sizes: QR versions of the two transport forms of one signed
 * passport, and of the link spellings that were tried before choosing the
 * one in spec/README.md section 13.
 *
 *   dpp_link_sizes [--resolver URL] [--ecc L|M|Q|H] [--quiet] INPUT...
 *
 * INPUT: passport JSON (*.json) or JSON Lines (*.jsonl). Each passport is
 * signed once (ES256, fresh key, resolver claim) and the one signature is
 * spelled as:
 *   text      "DPP1:" + Base45, one alphanumeric segment (what dpp_qr_encode does)
 *   link      the chosen link: HTTPS://HOST upper case, mixed segments by
 *             dpp_qr_encode (alphanumeric URI, byte "#", numeric digits)
 *   lower     the same link with scheme and host in lower case (mixed segments)
 *   bytes     the chosen link as one byte segment (no segmentation)
 *   b64url    URI + "#DPP1:" + base64url(body): alphanumeric URI + one byte segment
 *   b45pct    URI + "#DPP1:" + Base45 with " " and "%" percent-encoded:
 *             alphanumeric URI, byte "#", alphanumeric fragment
 * Prints one line per passport (unless --quiet), then the distribution of QR
 * versions per spelling and the mean characters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrcodegen.h>

#include "bench_util.h"
#include "dpp/dpp.h"
#include "transport.h"

#define MAX_V 41
enum { S_TEXT, S_LINK, S_LOWER, S_BYTES, S_B64, S_B45PCT, S_N };
static const char *const k_names[S_N] = {"text", "link", "lower", "bytes", "b64url", "b45pct"};

static int qr_version_segs(struct qrcodegen_Segment *segs, size_t n, dpp_ecc ecc)
{
    static uint8_t temp[qrcodegen_BUFFER_LEN_MAX], qr[qrcodegen_BUFFER_LEN_MAX];
    if (!qrcodegen_encodeSegmentsAdvanced(segs, n, (enum qrcodegen_Ecc)ecc, 1, 40, qrcodegen_Mask_0, false, temp, qr))
        return 0;
    return (qrcodegen_getSize(qr) - 17) / 4;
}

static int qr_version_lib(const char *s, size_t n, dpp_ecc ecc)
{
    static dpp_qr qr;
    if (dpp_qr_encode(s, n, ecc, &qr, NULL) != DPP_OK) return 0;
    return qr.version;
}

/* URI (alphanumeric when it can be) + '#' + rest in the given mode. */
static int version_split(const char *uri, size_t ulen, const char *rest, size_t rlen, int rest_alnum, dpp_ecc ecc)
{
    static uint8_t b0[8192], b1[8192], b2[8192];
    static char u[8192], r[16384];
    struct qrcodegen_Segment segs[3];
    memcpy(u, uri, ulen);
    u[ulen] = '\0';
    memcpy(r, rest, rlen);
    r[rlen] = '\0';
    segs[0] = qrcodegen_isAlphanumeric(u) ? qrcodegen_makeAlphanumeric(u, b0)
                                          : qrcodegen_makeBytes((const uint8_t *)u, ulen, b0);
    if (rest_alnum) {
        segs[1] = qrcodegen_makeBytes((const uint8_t *)"#", 1, b1);
        segs[2] = qrcodegen_makeAlphanumeric(r, b2);
        return qr_version_segs(segs, 3, ecc);
    }
    {
        static char hr[16385];
        hr[0] = '#';
        memcpy(hr + 1, r, rlen);
        segs[1] = qrcodegen_makeBytes((const uint8_t *)hr, rlen + 1, b1);
        return qr_version_segs(segs, 2, ecc);
    }
}

static size_t b64url(const uint8_t *in, size_t n, char *out)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        size_t k = n - i < 3 ? n - i : 3;
        if (k > 1) v |= (uint32_t)in[i + 1] << 8;
        if (k > 2) v |= in[i + 2];
        out[o++] = a[(v >> 18) & 63];
        out[o++] = a[(v >> 12) & 63];
        if (k > 1) out[o++] = a[(v >> 6) & 63];
        if (k > 2) out[o++] = a[v & 63];
    }
    return o;
}

typedef struct acc {
    long hist[S_N][MAX_V];
    double chars[S_N];
    long n, link_le_text_plus1;
} acc;

static void measure(const dpp_passport *p, const dpp_key *key, const char *resolver, dpp_ecc ecc, acc *a, int quiet)
{
    static char text[DPP_MAX_LINK_LEN + 1], link[DPP_MAX_LINK_LEN + 1], alt[16384], body_b[8192];
    static uint8_t raw[DPP_MAX_TEXT_LEN];
    dpp_encode_ex_opts o;
    dpp_transport_info info;
    dpp_diag d;
    size_t tn = 0, ln = 0, raw_len = 0, uri_len, k;
    int v[S_N];
    const char *hash;

    memset(&o, 0, sizeof o);
    o.base.iat = BENCH_IAT;
    o.base.compress = DPP_COMPRESS_AUTO;
    o.resolver = resolver;
    o.form = DPP_FORM_LINK;
    bench_check(dpp_encode_ex(p, key, &o, link, sizeof link, &ln, NULL, &d), &d, "encode link");
    bench_check(dpp_transport_convert(link, ln, DPP_FORM_TEXT, text, sizeof text, &tn, &d), &d, "convert");
    bench_check(dpp_transport_decode(text, tn, raw, sizeof raw, &raw_len, &info, NULL, &d), &d, "decode");
    hash = strchr(link, '#');
    uri_len = (size_t)(hash - link);

    v[S_TEXT] = qr_version_lib(text, tn, ecc);
    v[S_LINK] = qr_version_lib(link, ln, ecc);
    a->chars[S_TEXT] += (double)tn;
    a->chars[S_LINK] += (double)ln;
    /* lower-case scheme and host */
    memcpy(alt, link, ln + 1);
    for (k = 0; k < 8; k++) alt[k] = (char)(alt[k] >= 'A' && alt[k] <= 'Z' ? alt[k] + 32 : alt[k]);
    for (k = 8; k < uri_len && alt[k] != '/'; k++) alt[k] = (char)(alt[k] >= 'A' && alt[k] <= 'Z' ? alt[k] + 32 : alt[k]);
    v[S_LOWER] = qr_version_lib(alt, ln, ecc);
    a->chars[S_LOWER] += (double)ln;
    /* one byte segment */
    {
        static uint8_t b[8192];
        struct qrcodegen_Segment s = qrcodegen_makeBytes((const uint8_t *)link, ln, b);
        v[S_BYTES] = qr_version_segs(&s, 1, ecc);
        a->chars[S_BYTES] += (double)ln;
    }
    /* base64url fragment */
    memcpy(body_b, "1", 1);
    k = 1 + b64url(raw, raw_len, body_b + 1);
    v[S_B64] = version_split(link, uri_len, body_b, k, 0, ecc);
    a->chars[S_B64] += (double)(uri_len + 1 + k);
    /* Base45 with space and % escaped */
    {
        size_t m = 0;
        memcpy(alt, "DPP1:", 5);
        m = 5;
        for (size_t i = 5; i < tn; i++) {
            if (text[i] == ' ') {
                memcpy(alt + m, "%20", 3);
                m += 3;
            } else if (text[i] == '%') {
                memcpy(alt + m, "%25", 3);
                m += 3;
            } else {
                alt[m++] = text[i];
            }
        }
        v[S_B45PCT] = version_split(link, uri_len, alt, m, 1, ecc);
        a->chars[S_B45PCT] += (double)(uri_len + 1 + m);
    }
    for (int s = 0; s < S_N; s++) a->hist[s][v[s] > 0 && v[s] < MAX_V ? v[s] : 0]++;
    a->n++;
    if (v[S_LINK] <= v[S_TEXT] + 1) a->link_le_text_plus1++;
    if (!quiet) {
        printf("%-40.40s text %4zu v%-2d link %4zu v%-2d lower v%-2d bytes v%-2d b64url v%-2d b45pct v%-2d\n", p->name,
               tn, v[S_TEXT], ln, v[S_LINK], v[S_LOWER], v[S_BYTES], v[S_B64], v[S_B45PCT]);
    }
}

int main(int argc, char **argv)
{
    const char *resolver = "https://id.example.com";
    dpp_ecc ecc = DPP_ECC_M;
    int quiet = 0;
    dpp_key *key = NULL;
    dpp_diag d;
    acc *a = calloc(1, sizeof *a);
    if (a == NULL) return 1;
    bench_check(dpp_key_generate(DPP_ALG_ES256, &key, &d), &d, "keygen");
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--resolver") == 0 && i + 1 < argc) {
            resolver = argv[++i];
        } else if (strcmp(argv[i], "--ecc") == 0 && i + 1 < argc) {
            const char *e = argv[++i];
            ecc = e[0] == 'L' ? DPP_ECC_L : e[0] == 'Q' ? DPP_ECC_Q : e[0] == 'H' ? DPP_ECC_H : DPP_ECC_M;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            quiet = 1;
        } else {
            size_t len = 0;
            char *data = bench_read_file(argv[i], &len);
            size_t n = strlen(argv[i]);
            if (n > 6 && strcmp(argv[i] + n - 6, ".jsonl") == 0) {
                char *line = data, *nl;
                while (line < data + len && (nl = strchr(line, '\n')) != NULL) {
                    dpp_passport p;
                    if (nl > line) {
                        bench_check(dpp_passport_from_json(line, (size_t)(nl - line), &p, &d), &d, "passport");
                        measure(&p, key, resolver, ecc, a, quiet);
                    }
                    line = nl + 1;
                }
            } else {
                dpp_passport p;
                bench_check(dpp_passport_from_json(data, len, &p, &d), &d, "passport");
                measure(&p, key, resolver, ecc, a, quiet);
            }
            free(data);
        }
    }
    printf("\n%ld passports, resolver %s, ECC %c\n", a->n, resolver, "LMQH"[ecc]);
    printf("%-8s %10s  QR versions (count)\n", "spelling", "mean chars");
    for (int s = 0; s < S_N; s++) {
        printf("%-8s %10.1f ", k_names[s], a->n ? a->chars[s] / (double)a->n : 0.0);
        for (int v = 1; v < MAX_V; v++)
            if (a->hist[s][v]) printf(" v%d:%ld", v, a->hist[s][v]);
        printf("\n");
    }
    printf("link within one version of text: %ld of %ld\n", a->link_le_text_plus1, a->n);
    dpp_key_free(key);
    free(a);
    return 0;
}
