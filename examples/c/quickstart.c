/*
 * quickstart: sign a passport, print the size of every layer, render a QR,
 * and verify the text again, using only the public libdpp API.
 *
 *   quickstart PASSPORT.json PRIVATE_KEY.pem [--iat N] [--png OUT.png] [--hex]
 *
 * With --hex it also prints each layer in hex (the spec's worked example is
 * produced this way with a fixed Ed25519 test key, whose signatures are
 * deterministic).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dpp/dpp.h>

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (1L << 20) && fseek(f, 0, SEEK_SET) == 0) {
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

static void hex(const char *label, const uint8_t *p, size_t n)
{
    printf("%s (%zu bytes):\n", label, n);
    for (size_t i = 0; i < n; i++) printf("%02x%s", p[i], (i % 32 == 31 || i + 1 == n) ? "\n" : "");
}

int main(int argc, char **argv)
{
    static dpp_passport passport;
    static dpp_verified verified;
    char text[DPP_MAX_TEXT_LEN + 1];
    uint8_t cose[DPP_MAX_COSE_LEN], cbor[DPP_MAX_COSE_LEN];
    size_t json_len = 0, pem_len = 0, text_len = 0, cose_len = 0, cbor_len = 0;
    char *json = NULL, *pem = NULL;
    const char *png_path = NULL;
    int64_t iat = (int64_t)time(NULL);
    int want_hex = 0, rc = 1;
    dpp_key *key = NULL;
    dpp_trust *trust = NULL;
    dpp_diag diag = {0};
    dpp_report report;
    dpp_encode_sizes sizes;
    static dpp_qr qr;

    if (argc < 3) {
        fprintf(stderr, "usage: %s PASSPORT.json PRIVATE_KEY.pem [--iat N] [--png OUT.png] [--hex]\n", argv[0]);
        return 64;
    }
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--iat") == 0 && i + 1 < argc) iat = strtoll(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--png") == 0 && i + 1 < argc) png_path = argv[++i];
        else if (strcmp(argv[i], "--hex") == 0) want_hex = 1;
        else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return 64;
        }
    }
    json = read_file(argv[1], &json_len);
    pem = read_file(argv[2], &pem_len);
    if (json == NULL || pem == NULL) {
        fprintf(stderr, "cannot read %s\n", json == NULL ? argv[1] : argv[2]);
        goto done;
    }

    /* 1. JSON -> passport model (validated) */
    if (dpp_passport_from_json(json, json_len, &passport, &diag) != DPP_OK) goto fail;
    /* 2. load the signing key */
    if (dpp_key_load((const uint8_t *)pem, pem_len, &key, &diag) != DPP_OK) goto fail;
    /* 3. sign: passport -> CWT -> COSE_Sign1 -> zlib? -> Base45 -> "DPP1:" */
    dpp_encode_opts opts = {iat, false, 0, NULL, DPP_COMPRESS_AUTO};
    if (dpp_encode(&passport, key, &opts, text, sizeof text, &text_len, &sizes, &diag) != DPP_OK) goto fail;
    /* 4. a QR symbol at ECC M */
    if (dpp_qr_encode(text, text_len, DPP_ECC_M, &qr, &diag) != DPP_OK) goto fail;

    printf("passport CBOR   %zu bytes\n", sizes.payload);
    printf("CWT claims      %zu bytes\n", sizes.claims);
    printf("COSE_Sign1      %zu bytes (%s)\n", sizes.cose, dpp_alg_name(dpp_key_alg(key)));
    printf("zlib            %zu bytes (%s)\n", sizes.compressed, sizes.used_zlib ? "used" : "not used: no gain");
    printf("text            %zu characters\n", sizes.text);
    printf("QR              version %d (%dx%d modules), ECC M, mask %d\n", qr.version, qr.size, qr.size, qr.mask);

    if (want_hex) {
        if (dpp_passport_to_cbor(&passport, cbor, sizeof cbor, &cbor_len, &diag) != DPP_OK) goto fail;
        if (dpp_cose_from_text(text, text_len, cose, sizeof cose, &cose_len, &diag) != DPP_OK) goto fail;
        hex("passport CBOR", cbor, cbor_len);
        hex("COSE_Sign1", cose, cose_len);
        printf("text:\n%s\n", text);
    }
    if (png_path != NULL) {
        static uint8_t png[65536]; /* a label at 4 px per module takes a few KiB */
        size_t png_len = 0;
        FILE *f;
        if (dpp_qr_to_png(&qr, 4, 4, png, sizeof png, &png_len) != DPP_OK) {
            fprintf(stderr, "PNG rendering failed\n");
            goto done;
        }
        f = fopen(png_path, "wb");
        if (f == NULL || fwrite(png, 1, png_len, f) != png_len) {
            fprintf(stderr, "cannot write %s\n", png_path);
            if (f) fclose(f);
            goto done;
        }
        fclose(f);
        printf("QR written to %s\n", png_path);
    }

    /* 5. verify the text against a trust store holding the signer's key */
    if (dpp_trust_new(&trust) != DPP_OK || dpp_trust_add_key(trust, key) != DPP_OK) goto done;
    if (dpp_verify(text, text_len, trust, iat, &verified, &report) != DPP_OK) {
        diag = report.diag;
        goto fail;
    }
    for (int c = 0; c < DPP_CHECK_COUNT; c++)
        printf("  %-13s %s\n", dpp_check_name((dpp_check)c),
               report.status[c] == DPP_CHECK_PASS ? "pass" : report.status[c] == DPP_CHECK_SKIPPED ? "skipped" : "FAIL");
    printf("VERIFIED: %s (GTIN %s)\n", verified.passport.name, verified.passport.gtin);
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "error: %s: %s\n", dpp_err_name(diag.err), diag.msg);
done:
    dpp_trust_free(trust);
    dpp_key_free(key);
    free(json);
    free(pem);
    return rc;
}
