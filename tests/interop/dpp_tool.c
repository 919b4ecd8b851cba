/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp_tool: a minimal command-line wrapper over libdpp's public API, used by
 * the Python interoperability tests (tests/interop/test_interop.py).
 *
 *   dpp_tool encode KEY.pem PASSPORT.json IAT [EXP]   -> passport text on stdout
 *   dpp_tool verify PUB.pem NOW TEXT                  -> "OK\n" + passport JSON,
 *                                                        or "ERR <DPP_ERR_NAME>\n"
 *   dpp_tool keygen ALG OUT_PRIV.pem OUT_PUB.pem      -> ALG: ES256 ES384 EdDSA PS256
 *
 * Exit status: 0 success, 1 a libdpp error (named on stdout, detail on
 * stderr), 2 usage or I/O error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpp/dpp.h"

#define TOOL_MAX_FILE (1024u * 1024u)

static int usage(void)
{
    fputs("usage: dpp_tool encode KEY.pem PASSPORT.json IAT [EXP]\n"
          "       dpp_tool verify PUB.pem NOW TEXT\n"
          "       dpp_tool keygen ES256|ES384|EdDSA|PS256 OUT_PRIV.pem OUT_PUB.pem\n",
          stderr);
    return 2;
}

/* Prints "ERR <name>" on stdout and the detail on stderr; returns 1. */
static int report_err(dpp_err err, const dpp_diag *diag)
{
    printf("ERR %s\n", dpp_err_name(err));
    if (diag != NULL && diag->msg[0] != '\0') {
        fprintf(stderr, "dpp_tool: %s: %s\n", dpp_err_name(err), diag->msg);
    } else {
        fprintf(stderr, "dpp_tool: %s: %s\n", dpp_err_name(err), dpp_err_str(err));
    }
    return 1;
}

/* Reads a whole file (at most TOOL_MAX_FILE bytes) into a NUL-terminated heap buffer. */
static int read_file(const char *path, char **out, size_t *out_len)
{
    FILE *f = NULL;
    char *buf = NULL;
    size_t len = 0;
    int rc = 2;

    *out = NULL;
    *out_len = 0;
    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "dpp_tool: %s: %s\n", path, strerror(errno));
        goto done;
    }
    buf = malloc(TOOL_MAX_FILE + 1u);
    if (buf == NULL) {
        fputs("dpp_tool: out of memory\n", stderr);
        goto done;
    }
    len = fread(buf, 1, TOOL_MAX_FILE + 1u, f);
    if (ferror(f) || len > TOOL_MAX_FILE) {
        fprintf(stderr, "dpp_tool: %s: read error or larger than %u bytes\n", path, TOOL_MAX_FILE);
        goto done;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    buf = NULL;
    rc = 0;
done:
    free(buf);
    if (f != NULL) {
        fclose(f);
    }
    return rc;
}

static int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int rc = 0;

    if (f == NULL) {
        fprintf(stderr, "dpp_tool: %s: %s\n", path, strerror(errno));
        return 2;
    }
    if (fwrite(data, 1, len, f) != len) {
        rc = 2;
    }
    if (fclose(f) != 0) {
        rc = 2;
    }
    if (rc != 0) {
        fprintf(stderr, "dpp_tool: %s: write error\n", path);
    }
    return rc;
}

/* Parses a decimal int64 (optional leading '-'); 0 on success. */
static int parse_i64(const char *s, int64_t *out)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0') {
        fprintf(stderr, "dpp_tool: not an integer: %s\n", s);
        return 2;
    }
    *out = (int64_t)v;
    return 0;
}

static int load_key_file(const char *path, dpp_key **key)
{
    char *data = NULL;
    size_t len = 0;
    dpp_diag diag;
    dpp_err err;
    int rc;

    *key = NULL;
    rc = read_file(path, &data, &len);
    if (rc != 0) {
        return rc;
    }
    err = dpp_key_load((const uint8_t *)data, len, key, &diag);
    free(data);
    if (err != DPP_OK) {
        return report_err(err, &diag);
    }
    return 0;
}

static int cmd_encode(int argc, char **argv)
{
    dpp_key *key = NULL;
    dpp_passport *p = NULL;
    char *json = NULL;
    size_t json_len = 0;
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t text_len = 0;
    dpp_encode_opts opts;
    dpp_diag diag;
    dpp_err err;
    int rc;

    if (argc != 4 && argc != 5) {
        return usage();
    }
    memset(&opts, 0, sizeof opts);
    opts.compress = DPP_COMPRESS_AUTO;
    rc = parse_i64(argv[3], &opts.iat);
    if (rc == 0 && argc == 5) {
        opts.has_exp = true;
        rc = parse_i64(argv[4], &opts.exp);
    }
    if (rc != 0) {
        return rc;
    }
    rc = load_key_file(argv[1], &key);
    if (rc != 0) {
        goto done;
    }
    rc = read_file(argv[2], &json, &json_len);
    if (rc != 0) {
        goto done;
    }
    p = malloc(sizeof *p);
    if (p == NULL) {
        rc = 2;
        goto done;
    }
    err = dpp_passport_from_json(json, json_len, p, &diag);
    if (err != DPP_OK) {
        rc = report_err(err, &diag);
        goto done;
    }
    err = dpp_encode(p, key, &opts, text, sizeof text, &text_len, NULL, &diag);
    if (err != DPP_OK) {
        rc = report_err(err, &diag);
        goto done;
    }
    printf("%s\n", text);
    rc = 0;
done:
    free(p);
    free(json);
    dpp_key_free(key);
    return rc;
}

static int cmd_verify(int argc, char **argv)
{
    dpp_trust *trust = NULL;
    dpp_verified *v = NULL;
    dpp_report report;
    char *pem = NULL;
    size_t pem_len = 0;
    char *json = NULL;
    size_t json_len = 0;
    int64_t now = 0;
    dpp_diag diag;
    dpp_err err;
    int rc;

    if (argc != 4) {
        return usage();
    }
    rc = parse_i64(argv[2], &now);
    if (rc != 0) {
        return rc;
    }
    rc = read_file(argv[1], &pem, &pem_len);
    if (rc != 0) {
        return rc;
    }
    err = dpp_trust_new(&trust);
    if (err != DPP_OK) {
        rc = report_err(err, NULL);
        goto done;
    }
    err = dpp_trust_add_bytes(trust, (const uint8_t *)pem, pem_len, &diag);
    if (err != DPP_OK) {
        rc = report_err(err, &diag);
        goto done;
    }
    v = malloc(sizeof *v);
    if (v == NULL) {
        rc = 2;
        goto done;
    }
    err = dpp_verify(argv[3], strlen(argv[3]), trust, now, v, &report);
    if (err != DPP_OK) {
        fprintf(stderr, "dpp_tool: failed check: %s\n", dpp_check_name(report.failed));
        rc = report_err(err, &report.diag);
        goto done;
    }
    err = dpp_passport_to_json(&v->passport, NULL, 0, &json_len, &diag);
    if (err != DPP_OK) {
        rc = report_err(err, &diag);
        goto done;
    }
    json = malloc(json_len + 1u);
    if (json == NULL) {
        rc = 2;
        goto done;
    }
    err = dpp_passport_to_json(&v->passport, json, json_len + 1u, &json_len, &diag);
    if (err != DPP_OK) {
        rc = report_err(err, &diag);
        goto done;
    }
    printf("OK\n%s\n", json);
    rc = 0;
done:
    free(json);
    free(v);
    free(pem);
    dpp_trust_free(trust);
    return rc;
}

static int cmd_keygen(int argc, char **argv)
{
    dpp_key *key = NULL;
    dpp_alg alg;
    char *pem = NULL;
    size_t len = 0;
    dpp_diag diag;
    dpp_err err;
    int rc = 0;

    if (argc != 4) {
        return usage();
    }
    err = dpp_alg_from_name(argv[1], &alg);
    if (err != DPP_OK) {
        return report_err(err, NULL);
    }
    err = dpp_key_generate(alg, &key, &diag);
    if (err != DPP_OK) {
        return report_err(err, &diag);
    }
    /* private key */
    err = dpp_key_private_pem(key, NULL, 0, &len);
    if (err == DPP_OK) {
        pem = malloc(len + 1u);
        err = pem == NULL ? DPP_ERR_NO_MEMORY : dpp_key_private_pem(key, pem, len + 1u, &len);
    }
    if (err != DPP_OK) {
        rc = report_err(err, NULL);
        goto done;
    }
    rc = write_file(argv[2], pem, len);
    if (rc != 0) {
        goto done;
    }
    free(pem);
    pem = NULL;
    /* public key */
    err = dpp_key_public_pem(key, NULL, 0, &len);
    if (err == DPP_OK) {
        pem = malloc(len + 1u);
        err = pem == NULL ? DPP_ERR_NO_MEMORY : dpp_key_public_pem(key, pem, len + 1u, &len);
    }
    if (err != DPP_OK) {
        rc = report_err(err, NULL);
        goto done;
    }
    rc = write_file(argv[3], pem, len);
done:
    if (pem != NULL) {
        /* private key text: wipe before release */
        volatile char *vp = pem;
        for (size_t i = 0; i < len; i++) {
            vp[i] = 0;
        }
    }
    free(pem);
    dpp_key_free(key);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        return usage();
    }
    if (strcmp(argv[1], "encode") == 0) {
        return cmd_encode(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "verify") == 0) {
        return cmd_verify(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "keygen") == 0) {
        return cmd_keygen(argc - 1, argv + 1);
    }
    return usage();
}
