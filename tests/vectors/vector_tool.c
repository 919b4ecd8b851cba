/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vector_tool: drives libdpp's public API for tests/vectors/check_vectors.py.
 * It hands the passport text to dpp_verify byte for byte, so the vectors with
 * white space around the text (spec section 4.1) test libdpp's own trimming.
 *
 *   vector_tool verify TEXT_FILE NOW [LIST OPTIONS] [TRUSTED_KEY_FILE...]
 *       LIST OPTIONS: --operator KEY (pin a list operator key; repeatable),
 *       --trust-list FILE, --revocation-list FILE (signed lists, loaded in
 *       this order before verifying), --min-sequence N, --grace SECONDS
 *       (list policy; default 0 and 0). One JSON object on stdout:
 *       {"error": null | "DPP_ERR_...", "check": null | "<dpp_check_name>",
 *        "message": "...", "claims": {...} | null, "passport": {...} | null}
 *       (claims: iat, exp, iss, alg, kid, compressed, resolver, form);
 *       a list that does not load gives check "trust_list" or
 *       "revocation_list" and the loader's error, a trusted key that does
 *       not load check "trusted_keys" (e.g. DPP_ERR_KEY_WEAK)
 *   vector_tool encode-ex KEY PASSPORT_JSON_FILE IAT never|always|auto [ATTESTER_KEY CLAIMS BINDING]...
 *       dpp_encode_ex() with attestations made by dpp_attest() (CLAIMS:
 *       comma-separated dpp_claim_name()s; BINDING: dpp_binding_name())
 *   vector_tool mklist SPEC.json OUT.cose
 *       builds and signs a trust list or revocation list described in JSON
 *       (see tests/vectors/README.md); key paths are relative to the cwd
 *   vector_tool encode KEY_FILE PASSPORT_JSON_FILE IAT EXP|- ISS|- never|always|auto [RESOLVER|- [text|link]]
 *       the passport text on stdout (no line end), or "ERR DPP_ERR_..."; with
 *       RESOLVER (signed as CWT claim -265, dpp_encode_ex) and "link" the
 *       passport in the link form (spec/link.md)
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
#include "dpp/dpp_attest.h"
#include "dpp/dpp_revocation.h"
#include "dpp/dpp_trustlist.h"

#include <jansson.h>

#define VT_MAX_FILE (1024u * 1024u)

static int usage(void)
{
    fputs("usage: vector_tool verify TEXT_FILE NOW [--operator KEY] [--trust-list F] [--revocation-list F]\n"
          "                           [--min-sequence N] [--grace S] [--scheme-operator NAME KEY]\n"
          "                           [--list trust|revocation|status SCHEME|- F] [--ca CA.pem] [--cert CERT.pem]\n"
          "                           [TRUSTED_KEY_FILE...]\n"
          "       vector_tool encode KEY_FILE PASSPORT_JSON_FILE IAT EXP|- ISS|- never|always|auto\n"
          "                          [RESOLVER|- [text|link]]\n"
          "       vector_tool keygen ES256|ES384|EdDSA|PS256 PRIV.pem PUB.pem\n"
          "       vector_tool png TEXT_FILE OUT.png\n"
          "       vector_tool lists OPERATOR_KEY OUT_DIR ENTRY_KEY...\n"
          "       vector_tool mklist SPEC.json OUT.cose\n"
          "       vector_tool encode-ex KEY PASSPORT.json IAT MODE [ATTESTER_KEY CLAIMS BINDING[@SIGNED_AT]]...\n",
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

static int load_list(dpp_trust *trust, const char *path, bool revocations, const dpp_list_policy *pol)
{
    char *data = NULL;
    size_t len = 0;
    dpp_diag diag;
    dpp_err err;
    int rc = read_file(path, &data, &len);

    if (rc != 0) {
        return -1;
    }
    err = revocations ? dpp_trust_load_revocations(trust, (const uint8_t *)data, len, pol, NULL, &diag)
                      : dpp_trust_load_list(trust, (const uint8_t *)data, len, pol, NULL, &diag);
    free(data);
    if (err != DPP_OK) {
        printf("{\"error\": \"%s\", \"check\": \"%s\", \"message\": ", dpp_err_name(err),
               revocations ? "revocation_list" : "trust_list");
        json_str(diag.msg);
        printf(", \"claims\": null, \"passport\": null}\n");
        return 1;
    }
    return 0;
}

/* One element of inputs.lists (test-vectors/README.md): --list KIND SCHEME FILE, loaded in order after
 * --trust-list and --revocation-list. KIND trust, revocation or status; SCHEME "-" for the default one. */
static int load_list_ex(dpp_trust *trust, const char *kind, const char *scheme, const char *path,
                        const dpp_list_policy *pol)
{
    char *data = NULL;
    size_t len = 0;
    dpp_diag diag;
    dpp_err err;
    const char *check;
    bool dflt = strcmp(scheme, "-") == 0;

    if (read_file(path, &data, &len) != 0) {
        return -1;
    }
    if (strcmp(kind, "trust") == 0) {
        check = "trust_list";
        err = dflt ? dpp_trust_load_list(trust, (const uint8_t *)data, len, pol, NULL, &diag)
                   : dpp_trust_scheme_load_list(trust, scheme, (const uint8_t *)data, len, pol, NULL, &diag);
    } else if (strcmp(kind, "revocation") == 0) {
        check = "revocation_list";
        err = dflt ? dpp_trust_load_revocations(trust, (const uint8_t *)data, len, pol, NULL, &diag)
                   : dpp_trust_scheme_load_revocations(trust, scheme, (const uint8_t *)data, len, pol, NULL, &diag);
    } else if (strcmp(kind, "status") == 0 && dflt) {
        check = "status_list";
        err = dpp_trust_load_status(trust, (const uint8_t *)data, len, pol, NULL, &diag);
    } else {
        free(data);
        fprintf(stderr, "vector_tool: --list %s %s: unknown kind (or a status list with a scheme)\n", kind, scheme);
        return -1;
    }
    free(data);
    if (err != DPP_OK) {
        printf("{\"error\": \"%s\", \"check\": \"%s\", \"message\": ", dpp_err_name(err), check);
        json_str(diag.msg);
        printf(", \"claims\": null, \"passport\": null}\n");
        return 1;
    }
    return 0;
}

static int cmd_verify(int argc, char **argv)
{
    dpp_trust *trust = NULL;
    dpp_verified *v = NULL;
    dpp_report rep;
    dpp_diag diag;
    dpp_list_policy pol;
    const char *tl_path = NULL, *rl_path = NULL;
    char *text = NULL, *json = NULL;
    size_t text_len = 0, json_len = 0;
    int64_t now = 0, num = 0;
    dpp_err err;
    int rc;

    if (argc < 3) {
        return usage();
    }
    memset(&pol, 0, sizeof pol);
    rc = parse_i64(argv[2], &now);
    if (rc == 0) {
        rc = read_file(argv[1], &text, &text_len);
    }
    if (rc != 0) {
        return rc;
    }
    pol.now = now;
    if (dpp_trust_new(&trust) != DPP_OK) {
        rc = 2;
        goto done;
    }
    for (int i = 3; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "--trust-list") == 0 || strcmp(a, "--revocation-list") == 0 || strcmp(a, "--operator") == 0 ||
             strcmp(a, "--min-sequence") == 0 || strcmp(a, "--grace") == 0) &&
            i + 1 >= argc) {
            rc = usage();
            goto done;
        }
        if ((strcmp(a, "--list") == 0 && i + 3 >= argc) || (strcmp(a, "--scheme-operator") == 0 && i + 2 >= argc)) {
            rc = usage();
            goto done;
        }
        if ((strcmp(a, "--ca") == 0 || strcmp(a, "--cert") == 0) && i + 1 >= argc) {
            rc = usage();
            goto done;
        }
        if (strcmp(a, "--ca") == 0 || strcmp(a, "--cert") == 0) {
            /* a pinned CA / a signer certificate (spec/trust.md 4); --ca first on the command line */
            char *pem = NULL;
            size_t pem_len = 0;
            bool ca = strcmp(a, "--ca") == 0;
            rc = read_file(argv[++i], &pem, &pem_len);
            if (rc == 0) {
                err = ca ? dpp_trust_add_ca(trust, (const uint8_t *)pem, pem_len, &diag)
                         : dpp_trust_add_cert(trust, (const uint8_t *)pem, pem_len, NULL, 0, &diag);
                free(pem);
                if (err != DPP_OK) {
                    printf("{\"error\": \"%s\", \"check\": \"%s\", \"message\": ", dpp_err_name(err),
                           ca ? "ca_certificates" : "signer_certificates");
                    json_str(diag.msg);
                    printf(", \"claims\": null, \"passport\": null}\n");
                    goto done;
                }
            }
        } else if (strcmp(a, "--list") == 0) {
            i += 3; /* loaded below, after --trust-list and --revocation-list */
        } else if (strcmp(a, "--scheme-operator") == 0) {
            dpp_key *op = NULL;
            rc = load_key_file(argv[i + 2], &op);
            if (rc == 0 && dpp_trust_scheme_pin_operator(trust, argv[i + 1], op) != DPP_OK) {
                rc = 2;
            }
            dpp_key_free(op);
            i += 2;
        } else if (strcmp(a, "--trust-list") == 0) {
            tl_path = argv[++i];
        } else if (strcmp(a, "--revocation-list") == 0) {
            rl_path = argv[++i];
        } else if (strcmp(a, "--min-sequence") == 0) {
            rc = parse_i64(argv[++i], &num);
            pol.min_sequence = (uint64_t)num;
        } else if (strcmp(a, "--grace") == 0) {
            rc = parse_i64(argv[++i], &pol.grace_seconds);
        } else if (strcmp(a, "--operator") == 0) {
            dpp_key *op = NULL;
            rc = load_key_file(argv[++i], &op);
            if (rc == 0 && dpp_trust_pin_operator(trust, op) != DPP_OK) {
                rc = 2;
            }
            dpp_key_free(op);
        } else {
            char *pem = NULL;
            size_t pem_len = 0;
            rc = read_file(a, &pem, &pem_len);
            if (rc == 0) {
                err = dpp_trust_add_bytes(trust, (const uint8_t *)pem, pem_len, &diag);
                if (err != DPP_OK) {
                    /* a trusted key the verifier refuses (e.g. DPP_ERR_KEY_WEAK) */
                    printf("{\"error\": \"%s\", \"check\": \"trusted_keys\", \"message\": ", dpp_err_name(err));
                    json_str(diag.msg);
                    printf(", \"claims\": null, \"passport\": null}\n");
                    free(pem);
                    rc = 0;
                    goto done;
                }
            }
            free(pem);
        }
        if (rc != 0) {
            goto done;
        }
    }
    if (tl_path != NULL || rl_path != NULL) {
        int lr = tl_path != NULL ? load_list(trust, tl_path, false, &pol) : 0;
        if (lr == 0 && rl_path != NULL) {
            lr = load_list(trust, rl_path, true, &pol);
        }
        if (lr != 0) {
            rc = lr < 0 ? 2 : 0;
            goto done;
        }
    }
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--list") == 0) {
            int lr = load_list_ex(trust, argv[i + 1], argv[i + 2], argv[i + 3], &pol);
            if (lr != 0) {
                rc = lr < 0 ? 2 : 0;
                goto done;
            }
            i += 3;
        } else if (strcmp(argv[i], "--scheme-operator") == 0) {
            i += 2;
        } else if (strcmp(argv[i], "--ca") == 0 || strcmp(argv[i], "--cert") == 0 ||
                   strcmp(argv[i], "--trust-list") == 0 || strcmp(argv[i], "--revocation-list") == 0 ||
                   strcmp(argv[i], "--operator") == 0 || strcmp(argv[i], "--min-sequence") == 0 ||
                   strcmp(argv[i], "--grace") == 0) {
            i++;
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
        printf(", \"revoked_by\": "); /* the scheme whose revocation list matched (spec/trust.md 3.8) */
        json_str(rep.revoked_by);
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
    printf("\", \"compressed\": %s, \"resolver\": ", v->claims.compressed ? "true" : "false");
    if (v->claims.resolver[0] != '\0') {
        json_str(v->claims.resolver);
    } else {
        printf("null");
    }
    printf(", \"form\": \"%s\"}, \"signer_scheme\": ", v->claims.form == DPP_FORM_LINK ? "link" : "text");
    json_str(v->signer.scheme); /* the scheme that recognised the signer ("" default, pinned key, certificate) */
    printf(", \"passport\": %s}\n", json);
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
    char text[DPP_MAX_LINK_LEN + 1];
    dpp_encode_ex_opts opts;
    dpp_diag diag;
    dpp_err err;
    int rc;

    if (argc < 7 || argc > 9) {
        return usage();
    }
    memset(&opts, 0, sizeof opts);
    rc = parse_i64(argv[3], &opts.base.iat);
    if (rc == 0 && strcmp(argv[4], "-") != 0) {
        opts.base.has_exp = true;
        rc = parse_i64(argv[4], &opts.base.exp);
    }
    if (rc != 0) {
        return rc;
    }
    opts.base.iss = strcmp(argv[5], "-") != 0 ? argv[5] : NULL;
    if (strcmp(argv[6], "never") == 0) {
        opts.base.compress = DPP_COMPRESS_NEVER;
    } else if (strcmp(argv[6], "always") == 0) {
        opts.base.compress = DPP_COMPRESS_ALWAYS;
    } else if (strcmp(argv[6], "auto") == 0) {
        opts.base.compress = DPP_COMPRESS_AUTO;
    } else {
        return usage();
    }
    /* optional: the resolver claim (-265) and the output form */
    opts.resolver = argc > 7 && strcmp(argv[7], "-") != 0 ? argv[7] : NULL;
    opts.form = DPP_FORM_TEXT;
    if (argc > 8) {
        if (strcmp(argv[8], "link") == 0) {
            opts.form = DPP_FORM_LINK;
        } else if (strcmp(argv[8], "text") != 0) {
            return usage();
        }
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
    if (err == DPP_OK && argc == 7) {
        /* the plain encoder, as before resolvers existed */
        err = dpp_encode(p, key, &opts.base, text, DPP_MAX_TEXT_LEN + 1, &text_len, NULL, &diag);
    } else if (err == DPP_OK) {
        err = dpp_encode_ex(p, key, &opts, text, sizeof text, &text_len, NULL, &diag);
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
    } else if (dpp_qr_to_png(&qr, 8, 4, NULL, 0, &png_len) == DPP_OK && (png = malloc(png_len)) != NULL &&
               dpp_qr_to_png(&qr, 8, 4, png, png_len, &png_len) == DPP_OK) {
        rc = write_file(argv[2], png, png_len);
    }
    free(png);
    free(text);
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
    static dpp_trustlist_entry e;
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
        err = dpp_trustlist_entry_set_key(&e, (const uint8_t *)pem, pem_len, &diag);
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

/* ---- mklist: a signed trust or revocation list from a JSON description ---- */

static int64_t jint(const json_t *o, const char *k, int64_t dflt)
{
    const json_t *v = json_object_get(o, k);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

static const char *jstr(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int hexbytes(const char *hex, uint8_t *out, size_t n)
{
    if (hex == NULL || strlen(hex) != 2u * n) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned b;
        if (sscanf(hex + 2u * i, "%2x", &b) != 1) {
            return -1;
        }
        out[i] = (uint8_t)b;
    }
    return 0;
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    if (src != NULL) {
        snprintf(dst, cap, "%s", src);
    }
}

static int tl_entry_from_json(const json_t *j, dpp_trustlist_entry *e)
{
    const json_t *party = json_object_get(j, "party"), *scope = json_object_get(j, "scope"), *x;
    char *pem = NULL;
    size_t pem_len = 0, i;
    dpp_diag diag;
    unsigned claim;

    memset(e, 0, sizeof *e);
    if (jstr(j, "key") == NULL || read_file(jstr(j, "key"), &pem, &pem_len) != 0) {
        return -1;
    }
    if (dpp_trustlist_entry_set_key(e, (const uint8_t *)pem, pem_len, &diag) != DPP_OK) {
        fprintf(stderr, "vector_tool: %s: %s\n", jstr(j, "key"), diag.msg);
        free(pem);
        return -1;
    }
    free(pem);
    if (jstr(j, "role") == NULL || dpp_role_from_name(jstr(j, "role"), &e->role) != DPP_OK) {
        return -1;
    }
    copy_str(e->party.name, sizeof e->party.name, jstr(party, "name"));
    copy_str(e->party.country, sizeof e->party.country, jstr(party, "country"));
    if (json_object_get(j, "not_before") != NULL) {
        e->has_not_before = true;
        e->not_before = jint(j, "not_before", 0);
    }
    if (json_object_get(j, "not_after") != NULL) {
        e->has_not_after = true;
        e->not_after = jint(j, "not_after", 0);
    }
    json_array_foreach(json_object_get(scope, "gtin_prefixes"), i, x)
    {
        if (i < DPP_SCOPE_MAX_PREFIXES) {
            copy_str(e->scope.gtin_prefixes[i], sizeof e->scope.gtin_prefixes[i], json_string_value(x));
            e->scope.n_gtin_prefixes = i + 1u;
        }
    }
    json_array_foreach(json_object_get(scope, "categories"), i, x)
    {
        if (i < DPP_SCOPE_MAX_CATEGORIES) {
            copy_str(e->scope.categories[i], sizeof e->scope.categories[i], json_string_value(x));
            e->scope.n_categories = i + 1u;
        }
    }
    json_array_foreach(json_object_get(scope, "resolvers"), i, x)
    {
        if (i < DPP_SCOPE_MAX_RESOLVERS) {
            copy_str(e->scope.resolvers[i], sizeof e->scope.resolvers[i], json_string_value(x));
            e->scope.n_resolvers = i + 1u;
        }
    }
    json_array_foreach(json_object_get(scope, "claims"), i, x)
    {
        if (!json_is_string(x) || dpp_claim_from_name(json_string_value(x), &claim) != DPP_OK) {
            return -1;
        }
        e->scope.claims |= DPP_CLAIM_BIT(claim);
    }
    return 0;
}

static int rev_from_json(const json_t *j, dpp_revocation *r)
{
    const char *kind = jstr(j, "kind");

    memset(r, 0, sizeof *r);
    if (kind == NULL || jstr(j, "reason") == NULL ||
        dpp_revocation_reason_from_name(jstr(j, "reason"), &r->reason) != DPP_OK) {
        return -1;
    }
    r->date = (dpp_date)jint(j, "date", 0);
    if (strcmp(kind, "key") == 0) {
        r->kind = DPP_REVOKED_KEY;
        return hexbytes(jstr(j, "kid"), r->kid, sizeof r->kid);
    }
    if (strcmp(kind, "passport") == 0) {
        r->kind = DPP_REVOKED_PASSPORT;
        return hexbytes(jstr(j, "passport_id"), r->passport_id, sizeof r->passport_id);
    }
    if (strcmp(kind, "batch") == 0) {
        r->kind = DPP_REVOKED_BATCH;
        copy_str(r->gtin, sizeof r->gtin, jstr(j, "gtin"));
        copy_str(r->batch, sizeof r->batch, jstr(j, "batch"));
        return 0;
    }
    return -1;
}

/* "operator_chain": [{"from": OLD.pem, "to": NEW.pub.pem}, ...] of a trust list spec (spec/trust.md 3.9). */
static int add_chain(dpp_trustlist *tl, const json_t *chain)
{
    static uint8_t stmt[DPP_ROLLOVER_MAX_LEN];
    const json_t *x;
    size_t i, len = 0;
    dpp_diag diag;

    json_array_foreach(chain, i, x)
    {
        dpp_key *from = NULL, *to = NULL;
        int rc = jstr(x, "from") == NULL || jstr(x, "to") == NULL ? -1 : load_key_file(jstr(x, "from"), &from);
        if (rc == 0) {
            rc = load_key_file(jstr(x, "to"), &to);
        }
        if (rc == 0 && (dpp_rollover_sign(from, to, stmt, sizeof stmt, &len, &diag) != DPP_OK ||
                        dpp_trustlist_add_rollover(tl, stmt, len, &diag) != DPP_OK)) {
            fprintf(stderr, "vector_tool: operator_chain %zu: %s\n", i, diag.msg);
            rc = -1;
        }
        dpp_key_free(from);
        dpp_key_free(to);
        if (rc != 0) {
            return -1;
        }
    }
    return 0;
}

/* A status list spec: "list_id" (hex), "n_bits", "set" (indexes); a delta also has "base_sequence" and
 * "cleared": signed as the change from a list with the cleared bits set to one with the set bits set. */
static dpp_err mk_status(const json_t *spec, const dpp_key *op, const dpp_list_header *hdr, uint8_t *buf, size_t cap,
                         size_t *len, dpp_diag *diag)
{
    uint8_t id[DPP_STATUS_LIST_ID_LEN];
    dpp_status_list *before = NULL, *now = NULL;
    const json_t *x;
    size_t i, n = (size_t)jint(spec, "n_bits", 0);
    bool delta = json_object_get(spec, "base_sequence") != NULL, ok;
    dpp_err err = DPP_ERR_INVALID_ARG;

    ok = jstr(spec, "list_id") != NULL && hexbytes(jstr(spec, "list_id"), id, sizeof id) == 0 &&
         dpp_status_list_new(id, n, &now) == DPP_OK && (!delta || dpp_status_list_new(id, n, &before) == DPP_OK);
    json_array_foreach(json_object_get(spec, "set"), i, x)
    {
        ok = ok && dpp_status_list_set(now, (size_t)json_integer_value(x), true) == DPP_OK;
    }
    json_array_foreach(json_object_get(spec, "cleared"), i, x)
    {
        ok = ok && before != NULL && dpp_status_list_set(before, (size_t)json_integer_value(x), true) == DPP_OK;
    }
    if (!ok) {
        snprintf(diag->msg, sizeof diag->msg, "status list spec: bad list_id, n_bits or index");
    } else if (delta) {
        err = dpp_status_list_sign_delta(before, (uint64_t)jint(spec, "base_sequence", 0), now, op, hdr, buf, cap, len,
                                         diag);
    } else {
        err = dpp_status_list_sign(now, op, hdr, buf, cap, len, diag);
    }
    dpp_status_list_free(before);
    dpp_status_list_free(now);
    return err;
}

static int cmd_mklist(int argc, char **argv)
{
    static dpp_trustlist_entry e;
    static uint8_t buf[1u << 20];
    json_error_t jerr;
    json_t *spec = NULL, *x;
    dpp_key *op = NULL;
    dpp_trustlist *tl = NULL;
    dpp_revlist *rl = NULL;
    dpp_list_header hdr;
    dpp_revocation r;
    dpp_diag diag;
    const char *type;
    size_t len = 0, i;
    dpp_err err = DPP_ERR_INVALID_ARG;
    int rc = 2;

    if (argc != 3) {
        return usage();
    }
    spec = json_load_file(argv[1], 0, &jerr);
    if (spec == NULL) {
        fprintf(stderr, "vector_tool: %s: %s\n", argv[1], jerr.text);
        return 2;
    }
    type = jstr(spec, "type");
    hdr.sequence = (uint64_t)jint(spec, "sequence", 1);
    hdr.issued_at = jint(spec, "issued_at", 0);
    hdr.next_update = jint(spec, "next_update", 0);
    if (type == NULL || jstr(spec, "operator") == NULL || load_key_file(jstr(spec, "operator"), &op) != 0) {
        goto done;
    }
    if (strcmp(type, "trust") == 0) {
        if (dpp_trustlist_new(&tl) != DPP_OK) {
            goto done;
        }
        json_array_foreach(json_object_get(spec, "entries"), i, x)
        {
            if (tl_entry_from_json(x, &e) != 0 || dpp_trustlist_add(tl, &e, &diag) != DPP_OK) {
                fprintf(stderr, "vector_tool: entry %zu: %s\n", i, diag.msg);
                goto done;
            }
        }
        if (add_chain(tl, json_object_get(spec, "operator_chain")) != 0) {
            goto done;
        }
        err = dpp_trustlist_sign(tl, op, &hdr, buf, sizeof buf, &len, &diag);
    } else if (strcmp(type, "revocation") == 0) {
        if (dpp_revlist_new(&rl) != DPP_OK) {
            goto done;
        }
        json_array_foreach(json_object_get(spec, "revocations"), i, x)
        {
            if (rev_from_json(x, &r) != 0 || dpp_revlist_add(rl, &r, &diag) != DPP_OK) {
                fprintf(stderr, "vector_tool: revocation %zu is not valid\n", i);
                goto done;
            }
        }
        if (jstr(spec, "salt") != NULL) { /* the compact form (spec/trust.md 6.5) */
            uint8_t salt[DPP_REVLIST_SALT_LEN];
            err = hexbytes(jstr(spec, "salt"), salt, sizeof salt) != 0
                      ? DPP_ERR_INVALID_ARG
                      : dpp_revlist_sign_compact(rl, op, &hdr, salt, buf, sizeof buf, &len, &diag);
        } else {
            err = dpp_revlist_sign(rl, op, &hdr, buf, sizeof buf, &len, &diag);
        }
    } else if (strcmp(type, "status") == 0) {
        err = mk_status(spec, op, &hdr, buf, sizeof buf, &len, &diag);
    }
    if (err != DPP_OK) {
        fprintf(stderr, "vector_tool: sign: %s: %s\n", dpp_err_name(err), diag.msg);
        goto done;
    }
    rc = write_file(argv[2], buf, len);
done:
    dpp_revlist_free(rl);
    dpp_trustlist_free(tl);
    dpp_key_free(op);
    json_decref(spec);
    return rc;
}

static int cmd_encode_ex(int argc, char **argv)
{
    static uint8_t att[DPP_MAX_ATTESTATIONS][DPP_MAX_ATTESTATION_LEN];
    dpp_encode_ex_opts opts;
    dpp_key *key = NULL;
    dpp_passport *p = NULL;
    char *json = NULL;
    size_t json_len = 0, text_len = 0;
    char text[DPP_MAX_TEXT_LEN + 1];
    dpp_diag diag;
    dpp_err err = DPP_OK;
    int rc;

    if (argc < 5 || (argc - 5) % 3 != 0 || (size_t)(argc - 5) / 3u > DPP_MAX_ATTESTATIONS) {
        return usage();
    }
    memset(&opts, 0, sizeof opts);
    rc = parse_i64(argv[3], &opts.base.iat);
    if (rc != 0) {
        return rc;
    }
    opts.base.compress = strcmp(argv[4], "always") == 0  ? DPP_COMPRESS_ALWAYS
                         : strcmp(argv[4], "never") == 0 ? DPP_COMPRESS_NEVER
                                                         : DPP_COMPRESS_AUTO;
    rc = load_key_file(argv[1], &key);
    if (rc == 0) {
        rc = read_file(argv[2], &json, &json_len);
    }
    p = malloc(sizeof *p);
    if (rc != 0 || p == NULL) {
        rc = 2;
        goto done;
    }
    err = dpp_passport_from_json(json, json_len, p, &diag);
    for (int i = 5; err == DPP_OK && i < argc; i += 3) {
        dpp_key *ak = NULL;
        uint32_t mask = 0;
        dpp_binding binding;
        char names[256], bname[64], *tok, *save = NULL, *at;
        unsigned c;
        size_t n = opts.n_attestations;
        int64_t signed_at = 0;

        snprintf(names, sizeof names, "%s", argv[i + 1]);
        for (tok = strtok_r(names, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
            if (dpp_claim_from_name(tok, &c) != DPP_OK) {
                rc = usage();
                goto done;
            }
            mask |= DPP_CLAIM_BIT(c);
        }
        /* BINDING or BINDING@SIGNED_AT (the attestation's own signing time, spec/trust.md 5.7) */
        snprintf(bname, sizeof bname, "%s", argv[i + 2]);
        at = strchr(bname, '@');
        if (at != NULL) {
            *at = '\0';
        }
        if (dpp_binding_from_name(bname, &binding) != DPP_OK || (at != NULL && parse_i64(at + 1, &signed_at) != 0) ||
            load_key_file(argv[i], &ak) != 0) {
            rc = 2;
            goto done;
        }
        err = dpp_attest_at(p, ak, mask, binding, signed_at, att[n], sizeof att[n], &opts.attestations[n].len, &diag);
        opts.attestations[n].ptr = att[n];
        opts.n_attestations++;
        dpp_key_free(ak);
    }
    if (err == DPP_OK) {
        err = dpp_encode_ex(p, key, &opts, text, sizeof text, &text_len, NULL, &diag);
    }
    if (err != DPP_OK) {
        printf("ERR %s\n", dpp_err_name(err));
        fprintf(stderr, "vector_tool: %s\n", diag.msg);
    } else {
        fwrite(text, 1, text_len, stdout);
    }
    rc = 0;
done:
    free(json);
    free(p);
    dpp_key_free(key);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "encode-ex") == 0) {
        return cmd_encode_ex(argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "mklist") == 0) {
        return cmd_mklist(argc - 1, argv + 1);
    }
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
