/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vector_tool: drives libdpp's public API for tests/vectors/check_vectors.py.
 * Unlike the dpp CLI it passes the passport text through byte for byte (no
 * white space trimming), which the transport vectors need.
 *
 *   vector_tool verify TEXT_FILE NOW TRUSTED_KEY_FILE...
 *       one JSON object on stdout:
 *       {"error": null | "DPP_ERR_...", "check": null | "<dpp_check_name>",
 *        "message": "...", "claims": {...} | null, "passport": {...} | null}
 *   vector_tool encode KEY_FILE PASSPORT_JSON_FILE IAT EXP|- ISS|- never|always|auto
 *       the passport text on stdout (no line end), or "ERR DPP_ERR_..."
 *   vector_tool keygen ES256|ES384|EdDSA|PS256 PRIV.pem PUB.pem
 *       a fresh key pair (for the Node interop test)
 *   vector_tool png TEXT_FILE OUT.png
 *       the QR code of the text (ECC M, 8 px per module, 4-module border)
 *   vector_tool lists OPERATOR_KEY OUT_DIR ENTRY_KEY...
 *       signed trust lists (one entry per ENTRY_KEY, roles and scopes varied)
 *       and revocation lists, written as OUT_DIR/trustlist-N.cose and
 *       OUT_DIR/revlist-N.cose: seeds for the list fuzzers (fuzz/make_corpus.py)
 *
 * Exit status: 0 the command ran (whatever libdpp decided), 2 usage or I/O.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpp/dpp.h"
#include "dpp/dpp_revocation.h"
#include "dpp/dpp_trustlist.h"

#define VT_MAX_FILE (1024u * 1024u)

static int usage(void)
{
    fputs("usage: vector_tool verify TEXT_FILE NOW TRUSTED_KEY_FILE...\n"
          "       vector_tool encode KEY_FILE PASSPORT_JSON_FILE IAT EXP|- ISS|- never|always|auto\n"
          "       vector_tool keygen ES256|ES384|EdDSA|PS256 PRIV.pem PUB.pem\n"
          "       vector_tool png TEXT_FILE OUT.png\n"
          "       vector_tool lists OPERATOR_KEY OUT_DIR ENTRY_KEY...\n",
          stderr);
    return 2;
}

static int read_file(const char *path, char **out, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n;

    *out = NULL;
    *out_len = 0;
    if (f == NULL) {
        fprintf(stderr, "vector_tool: %s: %s\n", path, strerror(errno));
        return 2;
    }
    buf = malloc(VT_MAX_FILE + 1u);
    if (buf == NULL) {
        fclose(f);
        return 2;
    }
    n = fread(buf, 1, VT_MAX_FILE + 1u, f);
    if (ferror(f) || n > VT_MAX_FILE) {
        fprintf(stderr, "vector_tool: %s: read error or too large\n", path);
        fclose(f);
        free(buf);
        return 2;
    }
    fclose(f);
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return 0;
}

static int parse_i64(const char *s, int64_t *out)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0') {
        fprintf(stderr, "vector_tool: not an integer: %s\n", s);
        return 2;
    }
    *out = (int64_t)v;
    return 0;
}

/* Writes s as a JSON string (ASCII escapes for controls, '"' and '\'). */
static void json_str(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\') {
            printf("\\%c", *p);
        } else if (*p < 0x20) {
            printf("\\u%04x", *p);
        } else {
            putchar(*p);
        }
    }
    putchar('"');
}

static int cmd_verify(int argc, char **argv)
{
    dpp_trust *trust = NULL;
    dpp_verified *v = NULL;
    dpp_report rep;
    dpp_diag diag;
    char *text = NULL, *json = NULL;
    size_t text_len = 0, json_len = 0;
    int64_t now = 0;
    dpp_err err;
    int rc;

    if (argc < 4) {
        return usage();
    }
    rc = parse_i64(argv[2], &now);
    if (rc == 0) {
        rc = read_file(argv[1], &text, &text_len);
    }
    if (rc != 0) {
        return rc;
    }
    if (dpp_trust_new(&trust) != DPP_OK) {
        rc = 2;
        goto done;
    }
    for (int i = 3; i < argc; i++) {
        char *pem = NULL;
        size_t pem_len = 0;
        rc = read_file(argv[i], &pem, &pem_len);
        if (rc != 0) {
            goto done;
        }
        err = dpp_trust_add_bytes(trust, (const uint8_t *)pem, pem_len, &diag);
        free(pem);
        if (err != DPP_OK) {
            fprintf(stderr, "vector_tool: %s: %s: %s\n", argv[i], dpp_err_name(err), diag.msg);
            rc = 2;
            goto done;
        }
    }
    v = malloc(sizeof *v);
    if (v == NULL) {
        rc = 2;
        goto done;
    }
    err = dpp_verify(text, text_len, trust, now, v, &rep);
    if (err != DPP_OK) {
        printf("{\"error\": \"%s\", \"check\": \"%s\", \"message\": ", dpp_err_name(err), dpp_check_name(rep.failed));
        json_str(rep.diag.msg);
        printf(", \"claims\": null, \"passport\": null}\n");
        rc = 0;
        goto done;
    }
    err = dpp_passport_to_json(&v->passport, NULL, 0, &json_len, &diag);
    if (err == DPP_OK) {
        json = malloc(json_len + 1u);
        err = json == NULL ? DPP_ERR_NO_MEMORY : dpp_passport_to_json(&v->passport, json, json_len + 1u, &json_len, &diag);
    }
    if (err != DPP_OK) {
        fprintf(stderr, "vector_tool: to_json: %s\n", dpp_err_name(err));
        rc = 2;
        goto done;
    }
    printf("{\"error\": null, \"check\": null, \"message\": \"\", \"claims\": {\"iat\": %" PRId64 ", \"exp\": ",
           v->claims.iat);
    if (v->claims.has_exp) {
        printf("%" PRId64, v->claims.exp);
    } else {
        printf("null");
    }
    printf(", \"iss\": ");
    if (v->claims.iss[0] != '\0') {
        json_str(v->claims.iss);
    } else {
        printf("null");
    }
    printf(", \"alg\": \"%s\", \"kid\": \"", dpp_alg_name(v->claims.alg));
    for (size_t i = 0; i < DPP_KID_LEN; i++) {
        printf("%02x", v->claims.kid[i]);
    }
    printf("\", \"compressed\": %s}, \"passport\": %s}\n", v->claims.compressed ? "true" : "false", json);
    rc = 0;
done:
    free(json);
    free(v);
    free(text);
    dpp_trust_free(trust);
    return rc;
}

static int cmd_encode(int argc, char **argv)
{
    dpp_key *key = NULL;
    dpp_passport *p = NULL;
    char *pem = NULL, *json = NULL;
    size_t pem_len = 0, json_len = 0, text_len = 0;
    char text[DPP_MAX_TEXT_LEN + 1];
    dpp_encode_opts opts;
    dpp_diag diag;
    dpp_err err;
    int rc;

    if (argc != 7) {
        return usage();
    }
    memset(&opts, 0, sizeof opts);
    rc = parse_i64(argv[3], &opts.iat);
    if (rc == 0 && strcmp(argv[4], "-") != 0) {
        opts.has_exp = true;
        rc = parse_i64(argv[4], &opts.exp);
    }
    if (rc != 0) {
        return rc;
    }
    opts.iss = strcmp(argv[5], "-") != 0 ? argv[5] : NULL;
    if (strcmp(argv[6], "never") == 0) {
        opts.compress = DPP_COMPRESS_NEVER;
    } else if (strcmp(argv[6], "always") == 0) {
        opts.compress = DPP_COMPRESS_ALWAYS;
    } else if (strcmp(argv[6], "auto") == 0) {
        opts.compress = DPP_COMPRESS_AUTO;
    } else {
        return usage();
    }
    rc = read_file(argv[1], &pem, &pem_len);
    if (rc == 0) {
        rc = read_file(argv[2], &json, &json_len);
    }
    if (rc != 0) {
        goto done;
    }
    err = dpp_key_load((const uint8_t *)pem, pem_len, &key, &diag);
    p = malloc(sizeof *p);
    if (err == DPP_OK && p == NULL) {
        err = DPP_ERR_NO_MEMORY;
    }
    if (err == DPP_OK) {
        err = dpp_passport_from_json(json, json_len, p, &diag);
    }
    if (err == DPP_OK) {
        err = dpp_encode(p, key, &opts, text, sizeof text, &text_len, NULL, &diag);
    }
    if (err != DPP_OK) {
        printf("ERR %s\n", dpp_err_name(err));
        fprintf(stderr, "vector_tool: %s\n", diag.msg);
    } else {
        fwrite(text, 1, text_len, stdout);
    }
    rc = 0;
done:
    if (pem != NULL) {
        volatile char *vp = pem; /* test keys only, but wipe like real ones */
        for (size_t i = 0; i < pem_len; i++) {
            vp[i] = 0;
        }
    }
    free(pem);
    free(json);
    free(p);
    dpp_key_free(key);
    return rc;
}

static int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int rc = 0;

    if (f == NULL) {
        fprintf(stderr, "vector_tool: %s: %s\n", path, strerror(errno));
        return 2;
    }
    if (fwrite(data, 1, len, f) != len) {
        rc = 2;
    }
    if (fclose(f) != 0) {
        rc = 2;
    }
    return rc;
}

static int cmd_keygen(int argc, char **argv)
{
    dpp_key *key = NULL;
    dpp_alg alg;
    char *pem = NULL;
    size_t len = 0;
    dpp_diag diag;
    int rc = 2;

    if (argc != 4 || dpp_alg_from_name(argv[1], &alg) != DPP_OK) {
        return usage();
    }
    if (dpp_key_generate(alg, &key, &diag) != DPP_OK) {
        fprintf(stderr, "vector_tool: keygen: %s\n", diag.msg);
        return 2;
    }
    if (dpp_key_private_pem(key, NULL, 0, &len) != DPP_OK || (pem = malloc(len + 1u)) == NULL ||
        dpp_key_private_pem(key, pem, len + 1u, &len) != DPP_OK || write_file(argv[2], pem, len) != 0) {
        goto done;
    }
    memset(pem, 0, len);
    free(pem);
    pem = NULL;
    if (dpp_key_public_pem(key, NULL, 0, &len) != DPP_OK || (pem = malloc(len + 1u)) == NULL ||
        dpp_key_public_pem(key, pem, len + 1u, &len) != DPP_OK || write_file(argv[3], pem, len) != 0) {
        goto done;
    }
    rc = 0;
done:
    if (pem != NULL) {
        volatile char *vp = pem;
        for (size_t i = 0; i < len; i++) {
            vp[i] = 0;
        }
    }
    free(pem);
    dpp_key_free(key);
    return rc;
}

static int cmd_png(int argc, char **argv)
{
    static dpp_qr qr;
    uint8_t *png = NULL;
    size_t png_len = 0;
    char *text = NULL;
    size_t text_len = 0;
    dpp_diag diag;
    int rc;

    if (argc != 3) {
        return usage();
    }
    rc = read_file(argv[1], &text, &text_len);
    if (rc != 0) {
        return rc;
    }
    rc = 2;
    if (dpp_qr_encode(text, text_len, DPP_ECC_M, &qr, &diag) != DPP_OK) {
        fprintf(stderr, "vector_tool: qr: %s\n", diag.msg);
    } else if (dpp_qr_to_png(&qr, 8, 4, &png, &png_len) == DPP_OK) {
        rc = write_file(argv[2], png, png_len);
    }
    dpp_free(png);
    free(text);
    return rc;
}

static int load_key_file(const char *path, dpp_key **key)
{
    char *pem = NULL;
    size_t len = 0;
    dpp_diag diag;
    int rc = read_file(path, &pem, &len);

    *key = NULL;
    if (rc != 0) {
        return rc;
    }
    if (dpp_key_load((const uint8_t *)pem, len, key, &diag) != DPP_OK) {
        fprintf(stderr, "vector_tool: %s: %s\n", path, diag.msg);
        rc = 2;
    }
    free(pem);
    return rc;
}

static int write_signed(const char *dir, const char *stem, int n, dpp_err err, const uint8_t *buf, size_t len,
                        const dpp_diag *diag)
{
    char path[4096];

    if (err != DPP_OK) {
        fprintf(stderr, "vector_tool: %s %d: %s: %s\n", stem, n, dpp_err_name(err), diag->msg);
        return 2;
    }
    snprintf(path, sizeof path, "%s/%s-%d.cose", dir, stem, n);
    return write_file(path, buf, len);
}

static int cmd_lists(int argc, char **argv)
{
    static dpp_tl_entry e;
    static uint8_t buf[1u << 20];
    dpp_key *op = NULL;
    dpp_trustlist *tl = NULL;
    dpp_revlist *rl = NULL;
    dpp_list_header hdr = {1u, INT64_C(1764547200), INT64_C(1767225600)};
    dpp_revocation r;
    dpp_diag diag;
    size_t len = 0;
    dpp_err err;
    int rc, n = 0;

    if (argc < 4) {
        return usage();
    }
    rc = load_key_file(argv[1], &op);
    if (rc != 0) {
        return rc;
    }
    rc = 2;
    if (dpp_trustlist_new(&tl) != DPP_OK || dpp_revlist_new(&rl) != DPP_OK) {
        goto done;
    }
    /* the empty list, then one more entry per key */
    err = dpp_trustlist_sign(tl, op, &hdr, buf, sizeof buf, &len, &diag);
    if (write_signed(argv[2], "trustlist", n++, err, buf, len, &diag) != 0) {
        goto done;
    }
    for (int i = 3; i < argc; i++) {
        char *pem = NULL;
        size_t pem_len = 0;
        memset(&e, 0, sizeof e);
        if (read_file(argv[i], &pem, &pem_len) != 0) {
            goto done;
        }
        err = dpp_tl_entry_set_key(&e, (const uint8_t *)pem, pem_len, &diag);
        free(pem);
        if (err != DPP_OK) {
            fprintf(stderr, "vector_tool: %s: %s\n", argv[i], diag.msg);
            goto done;
        }
        snprintf(e.party.name, sizeof e.party.name, "Test party %d", i - 2);
        memcpy(e.party.country, i % 2 ? "CN" : "DE", 3);
        e.role = (dpp_role)(1 + (i - 3) % 3);
        if (i % 2 == 0) {
            e.has_not_before = true;
            e.not_before = INT64_C(1735689600);
            e.has_not_after = true;
            e.not_after = INT64_C(1798761599);
            e.scope.n_gtin_prefixes = 1;
            memcpy(e.scope.gtin_prefixes[0], "0690123", 8);
            e.scope.n_categories = 1;
            memcpy(e.scope.categories[0], "Steel products", 15);
            e.scope.claims = DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT) | DPP_CLAIM_BIT(DPP_CLAIM_MATERIALS);
        }
        err = dpp_trustlist_add(tl, &e, &diag);
        if (err != DPP_OK) {
            fprintf(stderr, "vector_tool: add %s: %s\n", argv[i], diag.msg);
            goto done;
        }
        hdr.sequence++;
        err = dpp_trustlist_sign(tl, op, &hdr, buf, sizeof buf, &len, &diag);
        if (write_signed(argv[2], "trustlist", n++, err, buf, len, &diag) != 0) {
            goto done;
        }
    }
    /* revocation lists: empty, one of each kind */
    n = 0;
    err = dpp_revlist_sign(rl, op, &hdr, buf, sizeof buf, &len, &diag);
    if (write_signed(argv[2], "revlist", n++, err, buf, len, &diag) != 0) {
        goto done;
    }
    for (int kind = DPP_REVOKED_KEY; kind <= DPP_REVOKED_BATCH; kind++) {
        memset(&r, 0, sizeof r);
        r.kind = (dpp_revocation_kind)kind;
        memset(r.kid, 0x11 * kind, sizeof r.kid);
        memset(r.passport_id, 0x22 * kind, sizeof r.passport_id);
        memcpy(r.gtin, "06901234567892", 15);
        memcpy(r.batch, "B-2025/11", 10);
        r.reason = kind == DPP_REVOKED_KEY ? DPP_REASON_KEY_COMPROMISE : DPP_REASON_RECALL;
        r.date = 20454;
        err = dpp_revlist_add(rl, &r, &diag);
        if (err != DPP_OK) {
            fprintf(stderr, "vector_tool: revlist_add: %s\n", diag.msg);
            goto done;
        }
        hdr.sequence++;
        err = dpp_revlist_sign(rl, op, &hdr, buf, sizeof buf, &len, &diag);
        if (write_signed(argv[2], "revlist", n++, err, buf, len, &diag) != 0) {
            goto done;
        }
    }
    rc = 0;
done:
    dpp_revlist_free(rl);
    dpp_trustlist_free(tl);
    dpp_key_free(op);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "lists") == 0) {
        return cmd_lists(argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "keygen") == 0) {
        return cmd_keygen(argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "png") == 0) {
        return cmd_png(argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "verify") == 0) {
        return cmd_verify(argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "encode") == 0) {
        return cmd_encode(argc - 1, argv + 1);
    }
    return usage();
}
