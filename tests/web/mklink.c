/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp_web_mklink: makes and checks hybrid passport links for the web tests
 * (tests/web): signs a passport with a fresh key as a GS1 Digital Link on a
 * resolver, and verifies a link against that key, as a user's tools would.
 *
 *   dpp_web_mklink make PASSPORT.json RESOLVER OUT_DIR [--batch B] [--serial S]
 *       writes OUT_DIR/link.txt (the link, no newline) and OUT_DIR/key.pem
 *       (the signer's public key); --batch/--serial replace the passport's.
 *   dpp_web_mklink verify KEY.pem LINK
 *       exit 0 when dpp_verify() accepts LINK (every check passed), 1 with
 *       the failing check and message otherwise.
 * Not part of libdpp; built only with the tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dpp/dpp.h"

static int usage(void)
{
    fprintf(stderr, "usage: dpp_web_mklink make PASSPORT.json RESOLVER OUT_DIR [--batch B] [--serial S]\n"
                    "       dpp_web_mklink verify KEY.pem LINK\n"
                    "       dpp_web_mklink qr TEXT OUT.pgm   (the QR symbol, 4 px per module, 4-module quiet zone)\n");
    return 2;
}

static int fail(const char *what, dpp_err e, const dpp_diag *d)
{
    fprintf(stderr, "dpp_web_mklink: %s: %s%s%s\n", what, dpp_err_name(e), d != NULL ? ": " : "",
            d != NULL ? d->msg : "");
    return 1;
}

/* Whole file into a malloc'd NUL-terminated buffer, or NULL. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
            buf[n] = '\0';
            *len = (size_t)n;
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

static int write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char path[4096];
    FILE *f;
    int ok;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) return 0;
    f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        return 0;
    }
    ok = fwrite(data, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
    return ok;
}

static int set_field(char *dst, size_t cap, const char *v, const char *name)
{
    size_t n = strlen(v);
    if (n >= cap) {
        fprintf(stderr, "dpp_web_mklink: %s longer than %zu characters\n", name, cap - 1);
        return 0;
    }
    memcpy(dst, v, n + 1);
    return 1;
}

static int cmd_make(int argc, char **argv)
{
    static dpp_passport p;
    static char link[DPP_MAX_LINK_LEN + 1];
    char pem[8192];
    size_t json_len = 0, link_len = 0, pem_len = 0;
    char *json;
    dpp_key *key = NULL;
    dpp_encode_ex_opts opts;
    dpp_diag d;
    dpp_err e;
    int rc = 1;

    if (argc < 5) return usage();
    json = read_file(argv[2], &json_len);
    if (json == NULL) {
        perror(argv[2]);
        return 1;
    }
    e = dpp_passport_from_json(json, json_len, &p, &d);
    free(json);
    if (e != DPP_OK) return fail(argv[2], e, &d);
    for (int i = 5; i < argc; i += 2) {
        if (i + 1 >= argc) return usage();
        if (strcmp(argv[i], "--batch") == 0) {
            if (!set_field(p.batch, sizeof p.batch, argv[i + 1], "batch")) return 1;
        } else if (strcmp(argv[i], "--serial") == 0) {
            if (!set_field(p.serial, sizeof p.serial, argv[i + 1], "serial")) return 1;
        } else {
            return usage();
        }
    }

    memset(&opts, 0, sizeof opts);
    opts.base.iat = (int64_t)time(NULL);
    opts.base.compress = DPP_COMPRESS_AUTO;
    opts.resolver = argv[3];
    opts.form = DPP_FORM_LINK;
    e = dpp_key_generate(DPP_ALG_ES256, &key, &d);
    if (e != DPP_OK) return fail("dpp_key_generate", e, &d);
    e = dpp_encode_ex(&p, key, &opts, link, sizeof link, &link_len, NULL, &d);
    if (e != DPP_OK) {
        rc = fail("dpp_encode_ex", e, &d);
    } else if ((e = dpp_key_public_pem(key, pem, sizeof pem, &pem_len)) != DPP_OK) {
        rc = fail("dpp_key_public_pem", e, NULL);
    } else if (write_file(argv[4], "link.txt", link, link_len) && write_file(argv[4], "key.pem", pem, pem_len)) {
        printf("%s\n", link);
        rc = 0;
    }
    dpp_key_free(key);
    return rc;
}

static int cmd_verify(int argc, char **argv)
{
    static dpp_verified v;
    static dpp_report r;
    size_t pem_len = 0;
    char *pem;
    dpp_trust *trust = NULL;
    dpp_diag d;
    dpp_err e;

    if (argc != 4) return usage();
    pem = read_file(argv[2], &pem_len);
    if (pem == NULL) {
        perror(argv[2]);
        return 1;
    }
    e = dpp_trust_new(&trust);
    if (e == DPP_OK) e = dpp_trust_add_bytes(trust, (const uint8_t *)pem, pem_len, &d);
    free(pem);
    if (e != DPP_OK) {
        dpp_trust_free(trust);
        return fail("trust store", e, &d);
    }
    e = dpp_verify(argv[3], strlen(argv[3]), trust, (int64_t)time(NULL), &v, &r);
    dpp_trust_free(trust);
    if (e != DPP_OK) {
        fprintf(stderr, "dpp_web_mklink: verify: check %s: %s: %s\n", dpp_check_name(r.failed), dpp_err_name(e),
                r.diag.msg);
        return 1;
    }
    printf("verified: form %s, resolver %s, gtin %s, check link %s\n",
           v.claims.form == DPP_FORM_LINK ? "link" : "text", v.claims.resolver, v.passport.gtin,
           r.status[DPP_CHECK_LINK] == DPP_CHECK_PASS ? "passed" : "not passed");
    return v.claims.form == DPP_FORM_LINK && r.status[DPP_CHECK_LINK] == DPP_CHECK_PASS ? 0 : 1;
}

/* The QR symbol of a text as a binary PGM (tests/web/pwa_test.py turns it
 * into the fake camera's video). */
static int cmd_qr(int argc, char **argv)
{
    static dpp_qr qr;
    dpp_diag d;
    dpp_err e;
    FILE *f;
    int px = 4, border = 4, side;
    if (argc != 4) return usage();
    e = dpp_qr_encode(argv[2], strlen(argv[2]), DPP_ECC_M, &qr, &d);
    if (e != DPP_OK) return fail("dpp_qr_encode", e, &d);
    side = (qr.size + 2 * border) * px;
    f = fopen(argv[3], "wb");
    if (f == NULL) {
        perror(argv[3]);
        return 1;
    }
    fprintf(f, "P5\n%d %d\n255\n", side, side);
    for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
            int mx = x / px - border, my = y / px - border;
            fputc(dpp_qr_module(&qr, mx, my) ? 0 : 255, f);
        }
    }
    if (fclose(f) != 0) {
        perror(argv[3]);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "qr") == 0) return cmd_qr(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "make") == 0) return cmd_make(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "verify") == 0) return cmd_verify(argc, argv);
    return usage();
}
