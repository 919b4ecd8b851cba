/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for COSE_Sign1 (cose.c): the COSE working group vectors, sign/verify
 * round trips, tampering, and every structural error. Negative messages are
 * built here by a test-only encoder that signs whatever headers it is given. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include "dpp/dpp_cose.h"
#include "dpp/dpp_key.h"
#include "cbor_write.h"
#include "cose_internal.h"
#include "crypto.h"
#include "key_internal.h"

/* The COSE WG vectors, vendored in tests/data/cose-examples (SOURCE.md). */
#define VECTORS DPP_TEST_DATA_DIR "/cose-examples"

static const dpp_alg k_algs[] = {DPP_ALG_ES256, DPP_ALG_ES384, DPP_ALG_EDDSA, DPP_ALG_PS256};
#define N_ALGS (sizeof k_algs / sizeof k_algs[0])

/* ---- small helpers ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Hex -> bytes; returns the length. */
static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = strlen(hex);
    assert_int_equal(n % 2, 0);
    assert_true(n / 2 <= cap);
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        assert_true(hi >= 0 && lo >= 0);
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    return n / 2;
}

/* base64url (no padding) -> bytes; returns the length. */
static size_t unb64url(const char *s, uint8_t *out, size_t cap)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    uint32_t acc = 0;
    int bits = 0;
    size_t n = 0;
    for (const char *p = s; *p != '\0'; p++) {
        const char *q = strchr(alphabet, *p);
        assert_non_null(q);
        acc = (acc << 6) | (uint32_t)(q - alphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            assert_true(n < cap);
            out[n++] = (uint8_t)(acc >> bits);
        }
    }
    return n;
}

/* Loads a key with libdpp from OpenSSL's DER SubjectPublicKeyInfo. */
static dpp_err load_pkey(EVP_PKEY *pk, dpp_key **out)
{
    unsigned char *der = NULL;
    int n = i2d_PUBKEY(pk, &der);
    dpp_err rc;
    assert_true(n > 0);
    rc = dpp_key_load(der, (size_t)n, out, NULL);
    OPENSSL_free(der);
    return rc;
}

/* Builds a public EVP_PKEY from the vector's JWK-style key. */
static EVP_PKEY *jwk_to_pkey(json_t *key)
{
    const char *kty = json_string_value(json_object_get(key, "kty"));
    const char *crv = json_string_value(json_object_get(key, "crv"));
    EVP_PKEY *pk = NULL;
    assert_non_null(kty);
    assert_non_null(crv);
    if (strcmp(kty, "EC") == 0) {
        uint8_t pub[1 + 2 * 66];
        size_t xl = unb64url(json_string_value(json_object_get(key, "x")), pub + 1, 66);
        size_t yl = unb64url(json_string_value(json_object_get(key, "y")), pub + 1 + xl, 66);
        OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
        OSSL_PARAM *params;
        EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
        assert_int_equal(xl, yl);
        pub[0] = 0x04;
        assert_int_equal(OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, crv, 0), 1);
        assert_int_equal(OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, pub, 1 + xl + yl), 1);
        params = OSSL_PARAM_BLD_to_param(b);
        assert_non_null(params);
        assert_int_equal(EVP_PKEY_fromdata_init(c), 1);
        assert_int_equal(EVP_PKEY_fromdata(c, &pk, EVP_PKEY_PUBLIC_KEY, params), 1);
        OSSL_PARAM_free(params);
        OSSL_PARAM_BLD_free(b);
        EVP_PKEY_CTX_free(c);
    } else {
        uint8_t x[57];
        size_t xl;
        assert_string_equal(kty, "OKP");
        xl = unhex(json_string_value(json_object_get(key, "x_hex")), x, sizeof x);
        pk = EVP_PKEY_new_raw_public_key(strcmp(crv, "Ed25519") == 0 ? EVP_PKEY_ED25519 : EVP_PKEY_ED448, NULL, x,
                                         xl);
    }
    assert_non_null(pk);
    return pk;
}

typedef struct vec {
    json_t *root;
    uint8_t msg[1024];
    size_t msg_len;
    uint8_t tbs[1024];
    size_t tbs_len;
    uint8_t aad[64];
    size_t aad_len;
    EVP_PKEY *pk;
} vec;

static void vec_load(vec *v, const char *rel)
{
    char path[512];
    json_error_t err;
    json_t *sign0, *ext, *inter;
    snprintf(path, sizeof path, "%s/%s", VECTORS, rel);
    v->root = json_load_file(path, 0, &err);
    if (v->root == NULL) fail_msg("%s: %s", path, err.text);
    v->msg_len = unhex(json_string_value(json_object_get(json_object_get(v->root, "output"), "cbor")), v->msg,
                       sizeof v->msg);
    sign0 = json_object_get(json_object_get(v->root, "input"), "sign0");
    assert_non_null(sign0);
    v->pk = jwk_to_pkey(json_object_get(sign0, "key"));
    ext = json_object_get(sign0, "external");
    v->aad_len = ext != NULL ? unhex(json_string_value(ext), v->aad, sizeof v->aad) : 0;
    inter = json_object_get(v->root, "intermediates");
    v->tbs_len = unhex(json_string_value(json_object_get(inter, "ToBeSign_hex")), v->tbs, sizeof v->tbs);
}

static void vec_free(vec *v)
{
    json_decref(v->root);
    EVP_PKEY_free(v->pk);
}

/* Checks that our Sig_structure for the parsed vector equals ToBeSign_hex. */
static void assert_tbs(const vec *v, const dpp_cose_sign1 *m, const dpp_cose_opts *o)
{
    uint8_t tbs[DPP_COSE_SIG_STRUCTURE_MAX];
    size_t len = 0, sz = 0;
    assert_int_equal(dpp_cose_sig_structure(m, o, tbs, sizeof tbs, &len), DPP_OK);
    assert_int_equal(len, v->tbs_len);
    assert_memory_equal(tbs, v->tbs, len);
    assert_int_equal(dpp_cose_sig_structure(m, o, NULL, 0, &sz), DPP_OK);
    assert_int_equal(sz, len);
    assert_int_equal(dpp_cose_sig_structure(m, o, tbs, len - 1, &sz), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(sz, 0);
}

/* ---- COSE working group vectors ---- */

static void wg_pass_vectors(void **state)
{
    const char *files[] = {"sign1-tests/sign-pass-02.json", "sign1-tests/sign-pass-03.json",
                           "ecdsa-examples/ecdsa-sig-01.json", "ecdsa-examples/ecdsa-sig-02.json",
                           "eddsa-examples/eddsa-sig-01.json"};
    (void)state;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        vec v;
        dpp_key *k = NULL;
        dpp_cose_sign1 m;
        dpp_diag d;
        dpp_cose_opts o;
        dpp_err rc;
        memset(&o, 0, sizeof o);
        vec_load(&v, files[i]);
        o.aad.ptr = v.aad_len ? v.aad : NULL;
        o.aad.len = v.aad_len;
        assert_int_equal(load_pkey(v.pk, &k), DPP_OK);
        rc = dpp_cose_sign1_verify(v.msg, v.msg_len, k, &o, &m, &d);
        if (rc != DPP_OK) fail_msg("%s: %s %s", files[i], dpp_err_name(rc), d.msg);
        assert_int_equal(d.err, DPP_OK);
        assert_true(m.alg_protected);
        assert_int_equal(m.alg, (int64_t)dpp_key_alg(k));
        assert_false(m.kid_protected);
        assert_non_null(m.kid.ptr);
        assert_false(m.unprotected_empty);
        assert_int_equal(m.payload.len, 20);
        assert_memory_equal(m.payload.ptr, "This is the content.", 20);
        assert_ptr_equal(m.payload.ptr, v.msg + v.msg_len - m.signature.len - 2 - 20); /* borrowed from msg */
        assert_int_equal(m.tagged, strstr(files[i], "pass-03") == NULL);
        assert_false(m.cwt_tagged);
        assert_tbs(&v, &m, &o);
        /* parse + verify_parsed gives the same */
        assert_int_equal(dpp_cose_sign1_parse(v.msg, v.msg_len, &o, &m, NULL), DPP_OK);
        assert_int_equal(dpp_cose_sign1_verify_parsed(&m, k, &o, NULL), DPP_OK);
        dpp_key_free(k);
        vec_free(&v);
    }
}

static void wg_pass_01_unprotected_alg(void **state)
{
    vec v;
    dpp_key *k = NULL;
    dpp_cose_sign1 m;
    dpp_diag d;
    dpp_cose_opts o = {DPP_COSE_ALLOW_UNPROTECTED_ALG, {NULL, 0}};
    (void)state;
    vec_load(&v, "sign1-tests/sign-pass-01.json");
    assert_int_equal(load_pkey(v.pk, &k), DPP_OK);
    /* Default: an alg only in the unprotected header is refused. */
    assert_int_equal(dpp_cose_sign1_verify(v.msg, v.msg_len, k, NULL, &m, &d), DPP_ERR_ALG_UNPROTECTED);
    assert_int_equal(d.err, DPP_ERR_ALG_UNPROTECTED);
    assert_non_null(strstr(d.msg, "unprotected"));
    assert_false(m.has_alg); /* zeroed on failure */
    /* Allowed, it still does not verify: the protected bstr is h'A0' (an
     * empty map) but the vector was signed over h'' ("ChangeProtected": "a0",
     * cose-wg/Examples issue 107). RFC 9052 section 4.4 signs the protected
     * bytes as received, so the Sig_structure carries h'A0'. */
    assert_int_equal(dpp_cose_sign1_parse(v.msg, v.msg_len, &o, &m, &d), DPP_OK);
    assert_true(m.has_alg);
    assert_false(m.alg_protected);
    assert_int_equal(m.alg, -7);
    assert_int_equal(m.protected_hdr.len, 1);
    assert_int_equal(m.protected_hdr.ptr[0], 0xa0);
    assert_int_equal(m.kid.len, 2);
    assert_memory_equal(m.kid.ptr, "11", 2);
    {
        uint8_t tbs[DPP_COSE_SIG_STRUCTURE_MAX];
        size_t len = 0;
        assert_int_equal(dpp_cose_sig_structure(&m, &o, tbs, sizeof tbs, &len), DPP_OK);
        assert_int_equal(len, v.tbs_len + 1); /* h'A0' where the vector has h'' */
        assert_memory_equal(tbs, v.tbs, 12);   /* 84 6A "Signature1" */
        assert_int_equal(tbs[12], 0x41);
        assert_int_equal(tbs[13], 0xa0);
        assert_memory_equal(tbs + 14, v.tbs + 13, v.tbs_len - 13);
    }
    assert_int_equal(dpp_cose_sign1_verify(v.msg, v.msg_len, k, &o, &m, &d), DPP_ERR_SIGNATURE);
    dpp_key_free(k);
    vec_free(&v);
}

static void wg_pass_02_needs_aad(void **state)
{
    vec v;
    dpp_key *k = NULL;
    dpp_cose_opts o = {0, {(const uint8_t *)"\x11\xaa\x22\xbb\x33\xcc\x44\xdd\x55\x00\x66\x99", 12}};
    (void)state;
    vec_load(&v, "sign1-tests/sign-pass-02.json");
    assert_int_equal(v.aad_len, 12);
    assert_int_equal(load_pkey(v.pk, &k), DPP_OK);
    assert_int_equal(dpp_cose_sign1_verify(v.msg, v.msg_len, k, &o, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_cose_sign1_verify(v.msg, v.msg_len, k, NULL, NULL, NULL), DPP_ERR_SIGNATURE);
    o.aad.len = 11;
    assert_int_equal(dpp_cose_sign1_verify(v.msg, v.msg_len, k, &o, NULL, NULL), DPP_ERR_SIGNATURE);
    dpp_key_free(k);
    vec_free(&v);
}

static void wg_pass_03_untagged(void **state)
{
    vec v;
    dpp_key *k = NULL;
    dpp_diag d;
    dpp_cose_opts o = {DPP_COSE_TAGGED, {NULL, 0}};
    (void)state;
    vec_load(&v, "sign1-tests/sign-pass-03.json");
    assert_int_equal(load_pkey(v.pk, &k), DPP_OK);
    assert_int_equal(v.msg[0], 0x84);
    assert_int_equal(dpp_cose_sign1_verify(v.msg, v.msg_len, k, &o, NULL, &d), DPP_ERR_COSE_TAG);
    assert_non_null(strstr(d.msg, "tag 18 required"));
    dpp_key_free(k);
    vec_free(&v);
}

static void wg_fail_vectors(void **state)
{
    /* sign-fail-05 is not among the published files. */
    const struct {
        const char *file;
        dpp_err want;
        const char *msg_part;
    } cases[] = {
        {"sign1-tests/sign-fail-01.json", DPP_ERR_COSE_TAG, "tag 998"},            /* wrong CBOR tag */
        {"sign1-tests/sign-fail-02.json", DPP_ERR_SIGNATURE, "does not verify"},   /* payload changed */
        {"sign1-tests/sign-fail-03.json", DPP_ERR_ALG_UNSUPPORTED, "-999"},        /* alg -999 */
        {"sign1-tests/sign-fail-04.json", DPP_ERR_ALG_UNSUPPORTED, "\"unknown\""}, /* alg "unknown" */
        {"sign1-tests/sign-fail-06.json", DPP_ERR_SIGNATURE, "does not verify"},   /* protected attr added */
        {"sign1-tests/sign-fail-07.json", DPP_ERR_SIGNATURE, "does not verify"},   /* protected attr removed */
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vec v;
        dpp_key *k = NULL;
        dpp_cose_sign1 m;
        dpp_diag d;
        dpp_err rc;
        vec_load(&v, cases[i].file);
        assert_true(json_is_true(json_object_get(v.root, "fail")));
        assert_int_equal(load_pkey(v.pk, &k), DPP_OK);
        memset(&m, 0x5a, sizeof m);
        rc = dpp_cose_sign1_verify(v.msg, v.msg_len, k, NULL, &m, &d);
        if (rc != cases[i].want) fail_msg("%s: got %s (%s)", cases[i].file, dpp_err_name(rc), d.msg);
        assert_int_equal(d.err, cases[i].want);
        if (strstr(d.msg, cases[i].msg_part) == NULL) fail_msg("%s: diag \"%s\"", cases[i].file, d.msg);
        {
            dpp_cose_sign1 zero;
            memset(&zero, 0, sizeof zero);
            assert_memory_equal(&m, &zero, sizeof m); /* zeroed on failure */
        }
        dpp_key_free(k);
        vec_free(&v);
    }
    assert_int_equal(ERR_peek_error(), 0);
}

/* ES512 (P-521) and Ed448 are outside the supported set. */
static void wg_unsupported_vectors(void **state)
{
    vec v;
    dpp_key *k = NULL, *k256 = NULL;
    dpp_diag d;
    dpp_cose_sign1 m;
    (void)state;

    /* ecdsa-sig-03: P-521 key, alg ES512 (-36). The key cannot be loaded,
     * and the message is refused for its alg with any key. */
    vec_load(&v, "ecdsa-examples/ecdsa-sig-03.json");
    assert_int_equal(load_pkey(v.pk, &k), DPP_ERR_KEY_TYPE);
    assert_null(k);
    assert_int_equal(dpp_key_generate(DPP_ALG_ES256, &k256, NULL), DPP_OK);
    assert_int_equal(dpp_cose_sign1_parse(v.msg, v.msg_len, NULL, &m, NULL), DPP_OK);
    assert_int_equal(m.alg, -36);
    assert_int_equal(m.signature.len, 132);
    assert_tbs(&v, &m, NULL);
    assert_int_equal(dpp_cose_sign1_verify(v.msg, v.msg_len, k256, NULL, NULL, &d), DPP_ERR_ALG_UNSUPPORTED);
    assert_non_null(strstr(d.msg, "-36"));
    vec_free(&v);

    /* ecdsa-sig-04: a P-256 key used with ES512 (-36, SHA-512). */
    vec_load(&v, "ecdsa-examples/ecdsa-sig-04.json");
    assert_int_equal(load_pkey(v.pk, &k), DPP_OK);
    assert_int_equal(dpp_key_alg(k), DPP_ALG_ES256);
    assert_int_equal(dpp_cose_sign1_verify(v.msg, v.msg_len, k, NULL, NULL, &d), DPP_ERR_ALG_UNSUPPORTED);
    dpp_key_free(k);
    k = NULL;
    vec_free(&v);

    /* eddsa-sig-02: Ed448. */
    vec_load(&v, "eddsa-examples/eddsa-sig-02.json");
    assert_int_equal(load_pkey(v.pk, &k), DPP_ERR_KEY_TYPE);
    assert_null(k);
    assert_int_equal(dpp_cose_sign1_parse(v.msg, v.msg_len, NULL, &m, NULL), DPP_OK);
    assert_int_equal(m.alg, -8);
    assert_int_equal(m.signature.len, 114);
    assert_tbs(&v, &m, NULL);
    vec_free(&v);
    dpp_key_free(k256);
}

/* ---- a test-only encoder ("evil signer") ---- */

typedef struct evil {
    const char *prot_hex;    /* protected bstr content */
    const char *unprot_hex;  /* raw unprotected map; NULL: A0 */
    const char *payload;     /* NULL: nil (detached) */
    const char *prefix_hex;  /* tags before the array; NULL: none */
    int sig_delta;           /* -1: drop the last signature byte, +1: add one */
    const char *suffix_hex;  /* bytes after the message; NULL: none */
    const char *signed_prot_hex; /* protected bytes in the Sig_structure; NULL: prot_hex */
} evil;

/* Writes a COSE_Sign1 with exactly the given parts, signed (over the given
 * protected bytes, as an independent Sig_structure) with key. */
static size_t evil_make(const evil *e, const dpp_key *key, uint8_t *out, size_t cap)
{
    uint8_t prot[512], unprot[512], pre[16], suf[16], tbs[2048], sig[DPP_CRYPTO_MAX_SIG_LEN + 1];
    uint8_t sprot[512];
    size_t pl = unhex(e->prot_hex, prot, sizeof prot);
    size_t spl = unhex(e->signed_prot_hex != NULL ? e->signed_prot_hex : e->prot_hex, sprot, sizeof sprot);
    size_t ul = unhex(e->unprot_hex != NULL ? e->unprot_hex : "a0", unprot, sizeof unprot);
    size_t prel = e->prefix_hex != NULL ? unhex(e->prefix_hex, pre, sizeof pre) : 0;
    size_t sufl = e->suffix_hex != NULL ? unhex(e->suffix_hex, suf, sizeof suf) : 0;
    size_t payl = e->payload != NULL ? strlen(e->payload) : 0;
    size_t sl = 0;
    cw_writer w;

    /* Sig_structure, written independently of cose.c */
    dpp_cw_init(&w, tbs, sizeof tbs);
    dpp_cw_array(&w, 4);
    dpp_cw_cstr(&w, "Signature1");
    dpp_cw_bstr(&w, sprot, spl);
    dpp_cw_bstr(&w, NULL, 0);
    dpp_cw_bstr(&w, e->payload, payl);
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    assert_int_equal(dpp_key_sign(key, tbs, w.len, sig, sizeof sig, &sl), DPP_OK);
    if (e->sig_delta < 0) sl--;
    if (e->sig_delta > 0) sig[sl++] = 0;

    dpp_cw_init(&w, out, cap);
    dpp_cw_raw(&w, pre, prel);
    dpp_cw_array(&w, 4);
    dpp_cw_bstr(&w, prot, pl);
    dpp_cw_raw(&w, unprot, ul);
    if (e->payload != NULL) dpp_cw_bstr(&w, e->payload, payl);
    else dpp_cw_null(&w);
    dpp_cw_bstr(&w, sig, sl);
    dpp_cw_raw(&w, suf, sufl);
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    return w.len;
}

static dpp_key *g_keys[N_ALGS];

static int group_setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++) {
        if (dpp_key_generate(k_algs[i], &g_keys[i], NULL) != DPP_OK) return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++) dpp_key_free(g_keys[i]);
    return 0;
}

static dpp_key *public_of(const dpp_key *k)
{
    uint8_t der[1024];
    size_t n = 0;
    dpp_key *p = NULL;
    assert_int_equal(dpp_key_public_der(k, der, sizeof der, &n), DPP_OK);
    assert_int_equal(dpp_key_load(der, n, &p, NULL), DPP_OK);
    return p;
}

/* ---- sign / verify ---- */

static void sign_verify_all_algs(void **state)
{
    static const uint8_t payload[] = "\xa1\x01\x63" "abc";
    const dpp_cose_opts variants[] = {
        {0, {NULL, 0}},
        {DPP_COSE_TAGGED, {NULL, 0}},
        {DPP_COSE_TAGGED | DPP_COSE_INCLUDE_KID, {(const uint8_t *)"aad-bytes", 9}},
        {DPP_COSE_INCLUDE_KID | DPP_COSE_STRICT, {NULL, 0}},
    };
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++) {
        dpp_key *pub = public_of(g_keys[i]);
        uint8_t kid[DPP_KID_LEN];
        dpp_key_kid(g_keys[i], kid);
        for (size_t j = 0; j < sizeof variants / sizeof variants[0]; j++) {
            const dpp_cose_opts *o = &variants[j];
            uint8_t buf[1024];
            size_t need = 0, len = 0;
            dpp_cose_sign1 m;
            dpp_diag d;
            bool tagged = (o->flags & DPP_COSE_TAGGED) != 0, with_kid = (o->flags & DPP_COSE_INCLUDE_KID) != 0;
            size_t sl = dpp_key_sig_len(g_keys[i]);
            size_t pos = 0;

            assert_int_equal(dpp_cose_sign1_sign(payload, sizeof payload - 1, g_keys[i], o, NULL, 0, &need, &d),
                             DPP_OK);
            assert_int_equal(dpp_cose_sign1_sign(payload, sizeof payload - 1, g_keys[i], o, buf, need - 1, &len, &d),
                             DPP_ERR_BUFFER_TOO_SMALL);
            assert_int_equal(len, 0);
            assert_int_equal(dpp_cose_sign1_sign(payload, sizeof payload - 1, g_keys[i], o, buf, need, &len, &d),
                             DPP_OK);
            assert_int_equal(d.err, DPP_OK);
            assert_int_equal(len, need); /* size mode is exact */

            /* Exact layout: [D2] 84 <bstr {1: alg[, 4: kid]}> A0 46 <payload> <sig bstr> */
            if (tagged) assert_int_equal(buf[pos++], 0xd2);
            assert_int_equal(buf[pos++], 0x84);
            {
                uint8_t prot[32];
                size_t pl = 0;
                cw_writer w;
                dpp_cw_init(&w, prot, sizeof prot);
                dpp_cw_map(&w, with_kid ? 2 : 1);
                dpp_cw_uint(&w, 1);
                dpp_cw_int(&w, (int64_t)k_algs[i]);
                if (with_kid) {
                    dpp_cw_uint(&w, 4);
                    dpp_cw_bstr(&w, kid, sizeof kid);
                }
                pl = w.len;
                assert_int_equal(buf[pos++], 0x40 + pl);
                assert_memory_equal(buf + pos, prot, pl);
                pos += pl;
            }
            assert_int_equal(buf[pos++], 0xa0);
            assert_int_equal(buf[pos++], 0x46);
            assert_memory_equal(buf + pos, payload, 6);
            pos += 6;
            if (sl == 64) assert_memory_equal(buf + pos, "\x58\x40", 2);
            else if (sl == 96) assert_memory_equal(buf + pos, "\x58\x60", 2);
            else assert_memory_equal(buf + pos, "\x59\x01\x00", 3);
            pos += sl < 256 ? 2 : 3;
            assert_int_equal(pos + sl, len);

            /* verify with the public key, and parse what it says */
            assert_int_equal(dpp_cose_sign1_verify(buf, len, pub, o, &m, &d), DPP_OK);
            assert_int_equal(m.tagged, tagged);
            assert_true(m.has_alg);
            assert_true(m.alg_protected);
            assert_int_equal(m.alg, (int64_t)k_algs[i]);
            assert_true(m.unprotected_empty);
            assert_false(m.detached);
            assert_int_equal(m.payload.len, 6);
            assert_ptr_equal(m.payload.ptr, buf + pos - (sl < 256 ? 2 : 3) - 6);
            assert_int_equal(m.signature.len, sl);
            if (with_kid) {
                assert_int_equal(m.kid.len, DPP_KID_LEN);
                assert_memory_equal(m.kid.ptr, kid, DPP_KID_LEN);
                assert_true(m.kid_protected);
            } else {
                assert_null(m.kid.ptr);
                assert_int_equal(m.kid.len, 0);
            }
            /* the private key verifies too; the strict reader accepts our output */
            {
                dpp_cose_opts strict = *o;
                strict.flags |= DPP_COSE_STRICT;
                assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[i], &strict, NULL, NULL), DPP_OK);
            }
            /* AAD must match */
            {
                dpp_cose_opts other = *o;
                other.aad.ptr = (const uint8_t *)"other-aad";
                other.aad.len = 9;
                assert_int_equal(dpp_cose_sign1_verify(buf, len, pub, &other, NULL, &d), DPP_ERR_SIGNATURE);
            }
        }
        dpp_key_free(pub);
    }
}

/* A fixed Ed25519 key (RFC 8032 test 1): the whole message is byte-exact. */
static void sign_ed25519_golden(void **state)
{
    static const uint8_t seed[32] = {0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
                                     0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
                                     0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60};
    EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof seed);
    unsigned char *der = NULL;
    int n = i2d_PrivateKey(pk, &der);
    dpp_key *k = NULL;
    uint8_t out[256], tbs[64], want[256];
    size_t len = 0, tl, wl, sl = 64;
    EVP_MD_CTX *mc = EVP_MD_CTX_new();
    dpp_cose_opts o = {DPP_COSE_TAGGED, {NULL, 0}};
    (void)state;
    assert_int_equal(dpp_key_load(der, (size_t)n, &k, NULL), DPP_OK);
    assert_int_equal(dpp_cose_sign1_sign((const uint8_t *)"This is the content.", 20, k, &o, out, sizeof out, &len,
                                         NULL),
                     DPP_OK);
    /* ["Signature1", h'A10127', h'', h'546869...'] */
    tl = unhex("846A5369676E61747572653143A101274054546869732069732074686520636F6E74656E742E", tbs, sizeof tbs);
    wl = unhex("D28443A10127A054546869732069732074686520636F6E74656E742E5840", want, sizeof want);
    assert_int_equal(EVP_DigestSignInit(mc, NULL, NULL, NULL, pk), 1);
    assert_int_equal(EVP_DigestSign(mc, want + wl, &sl, tbs, tl), 1);
    assert_int_equal(sl, 64);
    assert_int_equal(len, wl + 64);
    assert_memory_equal(out, want, len);
    EVP_MD_CTX_free(mc);
    OPENSSL_free(der);
    EVP_PKEY_free(pk);
    dpp_key_free(k);
}

static void tampering(void **state)
{
    static const uint8_t payload[] = "payload bytes";
    const dpp_cose_opts o = {DPP_COSE_TAGGED | DPP_COSE_INCLUDE_KID, {NULL, 0}};
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++) {
        uint8_t buf[1024];
        size_t len = 0;
        dpp_cose_sign1 m;
        dpp_diag d;
        size_t prot_off, pay_off, sig_off;
        assert_int_equal(dpp_cose_sign1_sign(payload, sizeof payload - 1, g_keys[i], &o, buf, sizeof buf, &len, NULL),
                         DPP_OK);
        assert_int_equal(dpp_cose_sign1_parse(buf, len, &o, &m, NULL), DPP_OK);
        prot_off = (size_t)(m.kid.ptr - buf);
        pay_off = (size_t)(m.payload.ptr - buf);
        sig_off = (size_t)(m.signature.ptr - buf);
        /* kid byte inside the protected header, each payload byte, and
         * first/middle/last signature bytes */
        {
            size_t offs[3 + 3] = {prot_off, prot_off + 7, pay_off, sig_off, sig_off + m.signature.len / 2,
                                  sig_off + m.signature.len - 1};
            for (size_t j = 0; j < 6; j++) {
                buf[offs[j]] ^= 0x04;
                assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[i], &o, NULL, &d), DPP_ERR_SIGNATURE);
                assert_non_null(strstr(d.msg, "signature"));
                buf[offs[j]] ^= 0x04;
            }
            for (size_t j = 0; j < m.payload.len; j++) {
                buf[pay_off + j] ^= 0x80;
                assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[i], &o, NULL, NULL), DPP_ERR_SIGNATURE);
                buf[pay_off + j] ^= 0x80;
            }
        }
        assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[i], &o, NULL, NULL), DPP_OK);

        /* a different key of the same type */
        {
            dpp_key *other = NULL;
            assert_int_equal(dpp_key_generate(k_algs[i], &other, NULL), DPP_OK);
            assert_int_equal(dpp_cose_sign1_verify(buf, len, other, &o, NULL, &d), DPP_ERR_SIGNATURE);
            dpp_key_free(other);
        }
        /* a key of every other type */
        for (size_t j = 0; j < N_ALGS; j++) {
            if (j == i) continue;
            assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[j], &o, NULL, &d), DPP_ERR_ALG_KEY_MISMATCH);
            assert_non_null(strstr(d.msg, dpp_alg_name(k_algs[i])));
            assert_non_null(strstr(d.msg, dpp_alg_name(k_algs[j])));
        }
    }
}

static void signature_length(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++) {
        uint8_t buf[1024];
        size_t len;
        dpp_diag d;
        /* {1: alg} for ES256 (-7), ES384 (-35), EdDSA (-8), PS256 (-37) */
        static const char *const prots[N_ALGS] = {"a10126", "a1013822", "a10127", "a1013824"};
        evil e = {prots[i], NULL, "content", "d2", 0, NULL, NULL};
        len = evil_make(&e, g_keys[i], buf, sizeof buf);
        assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[i], NULL, NULL, &d), DPP_OK);
        e.sig_delta = -1;
        len = evil_make(&e, g_keys[i], buf, sizeof buf);
        assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[i], NULL, NULL, &d), DPP_ERR_SIGNATURE);
        assert_non_null(strstr(d.msg, "bytes"));
        e.sig_delta = 1;
        len = evil_make(&e, g_keys[i], buf, sizeof buf);
        assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[i], NULL, NULL, &d), DPP_ERR_SIGNATURE);
    }
}

/* ---- structural errors: hand-made messages, one defect each ---- */

typedef struct bad_case {
    const char *name;
    evil e;
    unsigned flags;
    dpp_err want;
    const char *msg_part;
} bad_case;

static void header_errors(void **state)
{
    const bad_case cases[] = {
        {"crit in protected", {"a2012602810f", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CRIT_UNSUPPORTED, "crit"},
        {"crit in unprotected", {"a10126", "a1028103", "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CRIT_UNSUPPORTED,
         "unprotected header: crit"},
        {"empty crit", {"a201260280", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CRIT_UNSUPPORTED, "crit"},
        {"alg tstr", {"a101654553323536", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_ALG_UNSUPPORTED, "\"ES256\""},
        {"alg bstr", {"a1014126", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE, "alg is not an integer"},
        {"alg huge", {"a1013bffffffffffffffff", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_ALG_UNSUPPORTED, "range"},
        {"alg -36", {"a1013823", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_ALG_UNSUPPORTED, "-36"},
        {"alg 0", {"a10100", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_ALG_UNSUPPORTED, "alg 0"},
        {"no alg", {"a1044100", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_ALG_MISSING, "no alg"},
        {"no headers", {"", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_ALG_MISSING, "no alg"},
        {"alg unprotected", {"", "a10126", "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_ALG_UNPROTECTED, "unprotected"},
        {"kid int", {"a201260401", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE, "kid is not a bstr"},
        {"kid tstr unprot", {"a10126", "a1046131", "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE, "kid"},
        {"map count exceeds content", {"a301260126", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CBOR_MALFORMED,
         "protected header: DPP_ERR_CBOR_MALFORMED"},
        {"duplicate alg", {"a201260126", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CBOR_DUPLICATE_KEY,
         "repeats a label"},
        {"duplicate alg long form", {"a20126180126", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CBOR_DUPLICATE_KEY,
         "repeats"},
        {"duplicate tstr labels", {"a301266161006161f5", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CBOR_DUPLICATE_KEY,
         "repeats"},
        {"duplicate unprot kid", {"a10126", "a2044101044102", "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CBOR_DUPLICATE_KEY,
         "unprotected header"},
        {"alg in both", {"a10126", "a10126", "x", NULL, 0, NULL, NULL}, DPP_COSE_ALLOW_UNPROTECTED_ALG,
         DPP_ERR_COSE_STRUCTURE, "also in the protected"},
        {"kid in both", {"a201260441aa", "a10441aa", "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE,
         "also in the protected"},
        {"tstr label in both", {"a2012661610a", "a1616101", "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE,
         "also in the protected"},
        {"bstr label", {"a201264101f5", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE, "not an int or tstr"},
        {"array label", {"a10126", "a18001", "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE, "not an int or tstr"},
        {"float in value", {"a2012603f93c00", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CBOR_MALFORMED, "protected"},
        {"undefined in unprot", {"a10126", "a105f7", "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CBOR_MALFORMED, "unprotected"},
        {"indefinite map", {"a10126", "bf05f5ff", "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CBOR_MALFORMED, "COSE_Sign1"},
        {"protected not a map", {"8101", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE, "not a map"},
        {"protected int", {"01", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE, "not a map"},
        {"protected trailing", {"a1012600", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CBOR_TRAILING, "1 bytes after"},
        {"protected truncated", {"a201", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_CBOR_MALFORMED, "protected header"},
        {"unprotected not a map", {"a10126", "80", "x", NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE,
         "[1] unprotected header: not a map"},
        {"unknown labels skipped", {"a3012603183d1864a101820102", "a22164746578746" "26b32a10102", "x", NULL, 0, NULL, NULL},
         0, DPP_OK, ""},
        {"deep value", {"a20126186481818181818181818181818181818181" "8100", NULL, "x", NULL, 0, NULL, NULL}, 0,
         DPP_ERR_CBOR_DEPTH, "protected"},
        {"detached", {"a10126", NULL, NULL, NULL, 0, NULL, NULL}, 0, DPP_ERR_COSE_STRUCTURE, "detached"},
        {"tag 61 then 18", {"a10126", NULL, "x", "d83dd2", 0, NULL, NULL}, DPP_COSE_TAGGED, DPP_OK, ""},
        {"tag 61 only", {"a10126", NULL, "x", "d83d", 0, NULL, NULL}, 0, DPP_OK, ""},
        {"tag 61 only, tagged required", {"a10126", NULL, "x", "d83d", 0, NULL, NULL}, DPP_COSE_TAGGED, DPP_ERR_COSE_TAG,
         "tag 18 required"},
        {"tag 18 then 61", {"a10126", NULL, "x", "d2d83d", 0, NULL, NULL}, 0, DPP_ERR_COSE_TAG, "tag 61"},
        {"tag 18 twice", {"a10126", NULL, "x", "d2d2", 0, NULL, NULL}, 0, DPP_ERR_COSE_TAG, "tag 18"},
        {"tag 61 twice", {"a10126", NULL, "x", "d83dd83d", 0, NULL, NULL}, 0, DPP_ERR_COSE_TAG, "tag 61"},
        {"tag 98", {"a10126", NULL, "x", "d862", 0, NULL, NULL}, 0, DPP_ERR_COSE_TAG, "tag 98"},
        {"tag 17", {"a10126", NULL, "x", "d1", 0, NULL, NULL}, 0, DPP_ERR_COSE_TAG, "tag 17"},
        {"trailing byte", {"a10126", NULL, "x", "d2", 0, "00", NULL}, 0, DPP_ERR_CBOR_TRAILING, "1 trailing bytes"},
        {"trailing message", {"a10126", NULL, "x", NULL, 0, "84404040", NULL}, 0, DPP_ERR_CBOR_TRAILING, "trailing"},
        /* strict (deterministic) mode */
        {"strict ok", {"a2012604420102", NULL, "x", "d2", 0, NULL, NULL}, DPP_COSE_STRICT, DPP_OK, ""},
        {"unsorted", {"a2044201020126", NULL, "x", "d2", 0, NULL, NULL}, 0, DPP_OK, ""},
        {"unsorted strict", {"a2044201020126", NULL, "x", "d2", 0, NULL, NULL}, DPP_COSE_STRICT,
         DPP_ERR_CBOR_NOT_DETERMINISTIC, "canonical order"},
        {"unsorted unprot strict", {"a10126", "a2056161044100", "x", NULL, 0, NULL, NULL}, DPP_COSE_STRICT,
         DPP_ERR_CBOR_NOT_DETERMINISTIC, "unprotected header"},
        {"long alg head", {"a1013806", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_OK, ""},
        {"long alg head strict", {"a1013806", NULL, "x", NULL, 0, NULL, NULL}, DPP_COSE_STRICT,
         DPP_ERR_CBOR_NOT_DETERMINISTIC, "protected header"},
        {"long tag head strict", {"a10126", NULL, "x", "d812", 0, NULL, NULL}, DPP_COSE_STRICT,
         DPP_ERR_CBOR_NOT_DETERMINISTIC, "COSE_Sign1"},
        {"long map head", {"b8010126", NULL, "x", NULL, 0, NULL, NULL}, 0, DPP_OK, ""},
        {"long map head strict", {"b8010126", NULL, "x", NULL, 0, NULL, NULL}, DPP_COSE_STRICT,
         DPP_ERR_CBOR_NOT_DETERMINISTIC, ""},
        {"duplicate strict", {"a201260126", NULL, "x", NULL, 0, NULL, NULL}, DPP_COSE_STRICT, DPP_ERR_CBOR_DUPLICATE_KEY,
         "repeats"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[1024];
        size_t len;
        dpp_diag d;
        dpp_cose_opts o = {cases[i].flags, {NULL, 0}};
        dpp_err rc;
        dpp_cose_sign1 m;
        len = evil_make(&cases[i].e, g_keys[0], buf, sizeof buf);
        memset(&m, 0x5a, sizeof m);
        rc = dpp_cose_sign1_verify(buf, len, g_keys[0], &o, &m, &d);
        if (rc != cases[i].want) fail_msg("%s: got %s (%s)", cases[i].name, dpp_err_name(rc), d.msg);
        assert_int_equal(d.err, rc);
        if (strstr(d.msg, cases[i].msg_part) == NULL) fail_msg("%s: diag \"%s\"", cases[i].name, d.msg);
        if (rc != DPP_OK) {
            dpp_cose_sign1 zero;
            memset(&zero, 0, sizeof zero);
            assert_memory_equal(&m, &zero, sizeof m);
        } else {
            assert_string_equal(d.msg, "");
        }
    }
}

/* An empty protected map, sent as h'A0' (or a longer empty-map head), is
 * h'' in the Sig_structure (RFC 9052 section 3), as sign-pass-01 shows. */
static void empty_protected_map(void **state)
{
    const struct {
        const char *sent;
        const char *signed_as;
        unsigned flags;
        dpp_err want;
    } cases[] = {
        /* RFC 9052 section 4.4: the protected bytes are signed as received. */
        {"a0", "a0", 0, DPP_OK},
        {"b800", "b800", 0, DPP_OK},
        {"ba00000000", "ba00000000", 0, DPP_OK},
        {"b90000", "b90000", 0, DPP_OK},
        {"b800", "b800", DPP_COSE_STRICT, DPP_ERR_CBOR_NOT_DETERMINISTIC},
        {"", "", 0, DPP_OK},
        {"a0", "", 0, DPP_ERR_SIGNATURE}, /* never rewritten to h'' */
        {"b800", "", 0, DPP_ERR_SIGNATURE},
        {"b800", "a0", 0, DPP_ERR_SIGNATURE},
        {"", "a0", 0, DPP_ERR_SIGNATURE},
        {"a1a0", "", 0, DPP_ERR_CBOR_MALFORMED}, /* not an empty map */
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[512];
        size_t len;
        dpp_cose_sign1 m;
        dpp_diag d;
        dpp_cose_opts o = {DPP_COSE_ALLOW_UNPROTECTED_ALG | cases[i].flags, {NULL, 0}};
        evil e = {cases[i].sent, "a10126", "x", NULL, 0, NULL, cases[i].signed_as};
        dpp_err rc;
        len = evil_make(&e, g_keys[0], buf, sizeof buf);
        rc = dpp_cose_sign1_verify(buf, len, g_keys[0], &o, &m, &d);
        if (rc != cases[i].want) fail_msg("sent %s signed %s: %s (%s)", cases[i].sent, cases[i].signed_as,
                                          dpp_err_name(rc), d.msg);
        if (rc == DPP_OK) {
            assert_false(m.alg_protected);
            assert_int_equal(m.protected_hdr.len, strlen(cases[i].sent) / 2);
        }
    }
}

/* Top-level shapes that never get as far as headers. */
static void structure_errors(void **state)
{
    const struct {
        const char *hex;
        dpp_err want;
        const char *msg_part;
    } cases[] = {
        {"a0", DPP_ERR_COSE_STRUCTURE, "not an array of 4"},
        {"83404040", DPP_ERR_COSE_STRUCTURE, "not an array of 4"},
        {"8540a0404040", DPP_ERR_COSE_STRUCTURE, "not an array of 4"},
        {"d28340a040", DPP_ERR_COSE_STRUCTURE, "not an array of 4"},
        {"84a0a04040", DPP_ERR_COSE_STRUCTURE, "[0] protected header: not a bstr"},
        {"84f6a04040", DPP_ERR_COSE_STRUCTURE, "[0] protected header"},
        {"84406040", DPP_ERR_CBOR_MALFORMED, "COSE_Sign1"},
        {"8440604040", DPP_ERR_COSE_STRUCTURE, "[1] unprotected header: not a map"},
        {"8440a0014040", DPP_ERR_COSE_STRUCTURE, "[2] payload"},
        {"8440a060" "40", DPP_ERR_COSE_STRUCTURE, "[2] payload"},
        {"8440a040f6", DPP_ERR_COSE_STRUCTURE, "[3] signature: not a bstr"},
        {"8440a04060", DPP_ERR_COSE_STRUCTURE, "[3] signature"},
        {"8440a04040", DPP_ERR_ALG_MISSING, "no alg"},
        {"8440a0f640", DPP_ERR_COSE_STRUCTURE, "detached"},
        {"8440a040", DPP_ERR_CBOR_MALFORMED, "COSE_Sign1"},
        {"8440a0405f", DPP_ERR_CBOR_MALFORMED, "COSE_Sign1"},
        {"9f40a04040ff", DPP_ERR_CBOR_MALFORMED, "COSE_Sign1"},
        {"8440a04040ff", DPP_ERR_CBOR_TRAILING, "1 trailing bytes at offset 5"},
        {"c1", DPP_ERR_COSE_TAG, "unexpected tag 1 at offset 0"},
        {"d2", DPP_ERR_CBOR_MALFORMED, "COSE_Sign1"},
        {"d83d", DPP_ERR_CBOR_MALFORMED, "COSE_Sign1"},
        {"d2f6", DPP_ERR_COSE_STRUCTURE, "not an array"},
        {"d903e68440a04040", DPP_ERR_COSE_TAG, "tag 998 at offset 0"},
        {"fa00000000", DPP_ERR_CBOR_MALFORMED, "offset 0"},
        {"d28444a1012600a04040", DPP_ERR_CBOR_TRAILING, "protected header: 1 bytes after the map"},
        {"d28443a10126a1a0004040", DPP_ERR_COSE_STRUCTURE, "not an int or tstr"},
        {"8441ffa04040", DPP_ERR_CBOR_MALFORMED, "protected header"},
        {"8440a0404640", DPP_ERR_CBOR_MALFORMED, "COSE_Sign1"},
        {"8440a161614040f6", DPP_ERR_COSE_STRUCTURE, "[3] signature"},
        {"8440a16162ff4040", DPP_ERR_CBOR_MALFORMED, "unprotected header"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[64];
        size_t len = unhex(cases[i].hex, buf, sizeof buf);
        dpp_diag d;
        dpp_cose_sign1 m;
        dpp_err rc = dpp_cose_sign1_verify(buf, len, g_keys[0], NULL, &m, &d);
        if (rc != cases[i].want) fail_msg("%s: got %s (%s)", cases[i].hex, dpp_err_name(rc), d.msg);
        assert_int_equal(d.err, rc);
        if (strstr(d.msg, cases[i].msg_part) == NULL) fail_msg("%s: diag \"%s\"", cases[i].hex, d.msg);
    }
}

static void limits_and_args(void **state)
{
    uint8_t *big = calloc(1, DPP_MAX_COSE_LEN + 2);
    uint8_t buf[DPP_MAX_COSE_LEN + 16];
    dpp_cose_sign1 m;
    dpp_diag d;
    size_t len = 5;
    dpp_cose_opts bad_flags = {0x10, {NULL, 0}};
    dpp_cose_opts bad_aad = {0, {NULL, 3}};
    dpp_cose_opts big_aad = {0, {big, DPP_MAX_COSE_LEN + 1}};
    dpp_key *pub = public_of(g_keys[0]);
    size_t hdr;
    (void)state;
    assert_non_null(big);

    /* parse */
    assert_int_equal(dpp_cose_sign1_parse(big, DPP_MAX_COSE_LEN + 1, NULL, &m, &d), DPP_ERR_TOO_LARGE);
    assert_non_null(strstr(d.msg, "4097 bytes, limit 4096"));
    assert_int_equal(dpp_cose_sign1_parse(big, 0, NULL, &m, &d), DPP_ERR_CBOR_MALFORMED);
    assert_non_null(strstr(d.msg, "empty"));
    assert_int_equal(dpp_cose_sign1_parse(NULL, 5, NULL, &m, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sign1_parse(big, 5, NULL, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sign1_parse(big, 5, &bad_flags, &m, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "0x10"));
    /* verify */
    assert_int_equal(dpp_cose_sign1_verify(big, 5, NULL, NULL, &m, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sign1_verify_parsed(NULL, g_keys[0], NULL, &d), DPP_ERR_INVALID_ARG);
    memset(&m, 0, sizeof m);
    assert_int_equal(dpp_cose_sign1_verify_parsed(&m, NULL, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sign1_verify_parsed(&m, g_keys[0], &bad_aad, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sign1_verify_parsed(&m, g_keys[0], &big_aad, &d), DPP_ERR_TOO_LARGE);
    /* sig_structure */
    assert_int_equal(dpp_cose_sig_structure(NULL, NULL, buf, sizeof buf, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sig_structure(&m, NULL, buf, sizeof buf, NULL), DPP_ERR_INVALID_ARG);
    m.detached = true;
    assert_int_equal(dpp_cose_sig_structure(&m, NULL, buf, sizeof buf, &len), DPP_ERR_INVALID_ARG);
    m.detached = false;
    m.payload.len = 3;
    assert_int_equal(dpp_cose_sig_structure(&m, NULL, buf, sizeof buf, &len), DPP_ERR_INVALID_ARG);
    m.payload.len = 0;
    assert_int_equal(dpp_cose_sig_structure(&m, &bad_aad, buf, sizeof buf, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sig_structure(&m, NULL, buf, sizeof buf, &len), DPP_OK);
    assert_int_equal(len, 15);
    assert_memory_equal(buf, "\x84\x6aSignature1\x40\x40\x40", 15);

    /* sign */
    assert_int_equal(dpp_cose_sign1_sign(big, 3, NULL, NULL, buf, sizeof buf, &len, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sign1_sign(big, 3, g_keys[0], NULL, buf, sizeof buf, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sign1_sign(NULL, 3, g_keys[0], NULL, buf, sizeof buf, &len, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sign1_sign(big, 3, g_keys[0], &bad_flags, buf, sizeof buf, &len, &d),
                     DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sign1_sign(big, 3, g_keys[0], &bad_aad, buf, sizeof buf, &len, &d),
                     DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cose_sign1_sign(big, 3, pub, NULL, buf, sizeof buf, &len, &d), DPP_ERR_KEY_NOT_PRIVATE);
    assert_int_equal(d.err, DPP_ERR_KEY_NOT_PRIVATE);
    assert_int_equal(len, 0);
    assert_int_equal(dpp_cose_sign1_sign(big, DPP_MAX_COSE_LEN + 1, g_keys[0], NULL, NULL, 0, &len, &d),
                     DPP_ERR_TOO_LARGE);
    /* The largest payload whose message fits exactly in DPP_MAX_COSE_LEN:
     * 84 43 A10126 A0 59 xxxx <payload> 58 40 <64> = 1+4+1+3+n+2+64. */
    hdr = 1 + 4 + 1 + 3 + 2 + 64;
    assert_int_equal(dpp_cose_sign1_sign(big, DPP_MAX_COSE_LEN - hdr, g_keys[0], NULL, NULL, 0, &len, &d), DPP_OK);
    assert_int_equal(len, DPP_MAX_COSE_LEN);
    assert_int_equal(dpp_cose_sign1_sign(big, DPP_MAX_COSE_LEN - hdr, g_keys[0], NULL, buf, sizeof buf, &len, &d),
                     DPP_OK);
    assert_int_equal(dpp_cose_sign1_verify(buf, len, pub, NULL, NULL, &d), DPP_OK);
    assert_int_equal(dpp_cose_sign1_sign(big, DPP_MAX_COSE_LEN - hdr + 1, g_keys[0], NULL, NULL, 0, &len, &d),
                     DPP_ERR_TOO_LARGE);
    assert_non_null(strstr(d.msg, "4097 bytes"));
    /* the largest AAD is accepted */
    big_aad.aad.len = DPP_MAX_COSE_LEN;
    assert_int_equal(dpp_cose_sign1_sign(big, 10, g_keys[2], &big_aad, buf, sizeof buf, &len, &d), DPP_OK);
    assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[2], &big_aad, NULL, &d), DPP_OK);
    big_aad.aad.len = DPP_MAX_COSE_LEN + 1;
    assert_int_equal(dpp_cose_sign1_sign(big, 10, g_keys[2], &big_aad, buf, sizeof buf, &len, &d),
                     DPP_ERR_TOO_LARGE);
    /* an empty payload */
    assert_int_equal(dpp_cose_sign1_sign(NULL, 0, g_keys[2], NULL, buf, sizeof buf, &len, &d), DPP_OK);
    assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[2], NULL, &m, &d), DPP_OK);
    assert_int_equal(m.payload.len, 0);
    assert_false(m.detached);
    assert_int_equal(ERR_peek_error(), 0);
    dpp_key_free(pub);
    free(big);
}

/* A Sig_structure larger than the stack buffer (a hand-made
 * dpp_cose_sign1, or a large list via the _ex functions) is built on the
 * heap and checked like any other: a zero signature does not verify. */
static void verify_parsed_oversized(void **state)
{
    size_t n = DPP_COSE_SIG_STRUCTURE_MAX;
    uint8_t *big = calloc(1, n);
    dpp_cose_sign1 m;
    dpp_diag d;
    dpp_cose_opts o;
    uint8_t sig[64] = {0};
    (void)state;
    assert_non_null(big);
    memset(&m, 0, sizeof m);
    m.has_alg = true;
    m.alg_protected = true;
    m.alg = DPP_ALG_EDDSA;
    m.payload.ptr = big;
    m.payload.len = n;
    m.signature.ptr = sig;
    m.signature.len = 64;
    memset(&o, 0, sizeof o);
    assert_int_equal(dpp_cose_sign1_verify_parsed(&m, g_keys[2], &o, &d), DPP_ERR_SIGNATURE);
    assert_non_null(strstr(d.msg, "does not verify"));
    free(big);
}

/* Internal: dpp_cose_sign1_sign_ex / parse_cap / verify_ex, for messages
 * above DPP_MAX_COSE_LEN (signed lists). */
static void large_messages(void **state)
{
    const size_t cap = 65536, plen = 20000;
    uint8_t *payload = malloc(plen);
    uint8_t *buf = malloc(cap);
    size_t need = 0, len = 0;
    dpp_cose_sign1 m;
    dpp_diag d;
    const dpp_cose_opts o = {DPP_COSE_TAGGED | DPP_COSE_INCLUDE_KID, {(const uint8_t *)"aad-bytes", 9}};
    (void)state;
    assert_non_null(payload);
    assert_non_null(buf);
    for (size_t i = 0; i < plen; i++) payload[i] = (uint8_t)(i * 7);
    for (size_t a = 0; a < N_ALGS; a++) {
        assert_int_equal(dpp_cose_sign1_sign_ex(payload, plen, false, cap, g_keys[a], &o, NULL, 0, &need, &d),
                         DPP_OK);
        assert_int_equal(dpp_cose_sign1_sign_ex(payload, plen, false, cap, g_keys[a], &o, buf, cap, &len, &d),
                         DPP_OK);
        assert_int_equal(len, need);
        /* the public API refuses it by size; the capped parser takes it */
        assert_int_equal(dpp_cose_sign1_verify(buf, len, g_keys[a], &o, NULL, &d), DPP_ERR_TOO_LARGE);
        assert_int_equal(dpp_cose_sign1_parse_cap(buf, len, len - 1, &o, &m, &d), DPP_ERR_TOO_LARGE);
        assert_non_null(strstr(d.msg, "limit"));
        assert_int_equal(dpp_cose_sign1_parse_cap(buf, len, cap, &o, &m, &d), DPP_OK);
        assert_int_equal(m.payload.len, plen);
        assert_int_equal(dpp_cose_sign1_verify_parsed(&m, g_keys[a], &o, &d), DPP_OK);
        assert_int_equal(dpp_cose_sign1_verify_ex(&m, NULL, g_keys[a], &o, &d), DPP_OK);
        buf[(size_t)(m.payload.ptr - buf) + plen - 1] ^= 1; /* last payload byte */
        assert_int_equal(dpp_cose_sign1_verify_parsed(&m, g_keys[a], &o, &d), DPP_ERR_SIGNATURE);
    }
    assert_int_equal(dpp_cose_sign1_sign_ex(payload, plen, false, plen, g_keys[0], &o, NULL, 0, &need, &d),
                     DPP_ERR_TOO_LARGE);
    assert_int_equal(dpp_cose_sign1_sign_ex(payload, plen, false, plen - 1, g_keys[0], &o, NULL, 0, &need, &d),
                     DPP_ERR_TOO_LARGE);
    free(payload);
    free(buf);
}

/* Internal: a detached (nil) payload, signed and verified with the
 * payload supplied separately. */
static void detached_payload(void **state)
{
    static const uint8_t payload[] = "detached content";
    uint8_t buf[512];
    size_t need = 0, len = 0;
    dpp_cose_sign1 m;
    dpp_diag d;
    const dpp_cose_opts o = {DPP_COSE_TAGGED, {NULL, 0}};
    dpp_bytes good = {payload, sizeof payload - 1};
    dpp_bytes bad = {payload, sizeof payload - 2};
    dpp_bytes null_len = {NULL, 3};
    (void)state;
    for (size_t a = 0; a < N_ALGS; a++) {
        assert_int_equal(dpp_cose_sign1_sign_ex(payload, sizeof payload - 1, true, DPP_MAX_COSE_LEN, g_keys[a], &o,
                                                NULL, 0, &need, &d),
                         DPP_OK);
        assert_int_equal(dpp_cose_sign1_sign_ex(payload, sizeof payload - 1, true, DPP_MAX_COSE_LEN, g_keys[a], &o,
                                                buf, sizeof buf, &len, &d),
                         DPP_OK);
        assert_int_equal(len, need);
        for (size_t i = 0; i + sizeof payload - 1 <= len; i++) /* not carried */
            assert_memory_not_equal(buf + i, payload, sizeof payload - 1);
        assert_int_equal(dpp_cose_sign1_parse(buf, len, &o, &m, &d), DPP_OK);
        assert_true(m.detached);
        assert_null(m.payload.ptr);
        assert_int_equal(dpp_cose_sign1_verify_parsed(&m, g_keys[a], &o, &d), DPP_ERR_COSE_STRUCTURE);
        assert_non_null(strstr(d.msg, "detached"));
        assert_int_equal(dpp_cose_sign1_verify_ex(&m, &good, g_keys[a], &o, &d), DPP_OK);
        assert_int_equal(dpp_cose_sign1_verify_ex(&m, &bad, g_keys[a], &o, &d), DPP_ERR_SIGNATURE);
        assert_int_equal(dpp_cose_sign1_verify_ex(&m, &null_len, g_keys[a], &o, &d), DPP_ERR_INVALID_ARG);
    }
    /* a detached payload offered for an attached message */
    assert_int_equal(dpp_cose_sign1_sign(payload, sizeof payload - 1, g_keys[0], &o, buf, sizeof buf, &len, &d),
                     DPP_OK);
    assert_int_equal(dpp_cose_sign1_parse(buf, len, &o, &m, &d), DPP_OK);
    assert_int_equal(dpp_cose_sign1_verify_ex(&m, &good, g_keys[0], &o, &d), DPP_ERR_COSE_STRUCTURE);
    assert_non_null(strstr(d.msg, "attached"));
}

/* Every 1- and 2-byte input: an error code, never DPP_OK, never a crash. */
static void all_short_inputs(void **state)
{
    const unsigned flag_sets[] = {0, DPP_COSE_STRICT | DPP_COSE_TAGGED};
    (void)state;
    for (size_t f = 0; f < 2; f++) {
        dpp_cose_opts o = {flag_sets[f], {NULL, 0}};
        for (unsigned a = 0; a < 256; a++) {
            uint8_t in[2] = {(uint8_t)a, 0};
            dpp_cose_sign1 m;
            dpp_diag d;
            dpp_err rc = dpp_cose_sign1_parse(in, 1, &o, &m, &d);
            assert_true(rc >= 20 && rc < 60);
            assert_int_equal(d.err, rc);
            assert_int_equal(dpp_cose_sign1_verify(in, 1, g_keys[0], &o, NULL, NULL), rc);
            for (unsigned b = 0; b < 256; b++) {
                in[1] = (uint8_t)b;
                rc = dpp_cose_sign1_parse(in, 2, &o, &m, &d);
                if (!(rc >= 20 && rc < 60)) fail_msg("%02x %02x: %d", a, b, (int)rc);
                assert_int_equal(d.err, rc);
                assert_false(m.has_alg);
                assert_null(m.signature.ptr);
            }
        }
    }
}

/* Every truncation of a valid message fails cleanly. */
static void all_truncations(void **state)
{
    uint8_t buf[1024];
    size_t len = 0;
    const dpp_cose_opts o = {DPP_COSE_TAGGED | DPP_COSE_INCLUDE_KID, {NULL, 0}};
    (void)state;
    assert_int_equal(dpp_cose_sign1_sign((const uint8_t *)"abc", 3, g_keys[0], &o, buf, sizeof buf, &len, NULL),
                     DPP_OK);
    for (size_t n = 0; n < len; n++) {
        dpp_cose_sign1 m;
        dpp_err rc = dpp_cose_sign1_parse(buf, n, &o, &m, NULL);
        if (rc == DPP_OK) fail_msg("truncated to %zu parses", n);
        assert_true(dpp_err_is_malformed(rc));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wg_pass_vectors),
        cmocka_unit_test(wg_pass_01_unprotected_alg),
        cmocka_unit_test(wg_pass_02_needs_aad),
        cmocka_unit_test(wg_pass_03_untagged),
        cmocka_unit_test(wg_fail_vectors),
        cmocka_unit_test(wg_unsupported_vectors),
        cmocka_unit_test(sign_verify_all_algs),
        cmocka_unit_test(sign_ed25519_golden),
        cmocka_unit_test(tampering),
        cmocka_unit_test(signature_length),
        cmocka_unit_test(header_errors),
        cmocka_unit_test(empty_protected_map),
        cmocka_unit_test(structure_errors),
        cmocka_unit_test(limits_and_args),
        cmocka_unit_test(verify_parsed_oversized),
        cmocka_unit_test(large_messages),
        cmocka_unit_test(detached_payload),
        cmocka_unit_test(all_short_inputs),
        cmocka_unit_test(all_truncations),
    };
    return cmocka_run_group_tests_name("test_cose", tests, group_setup, group_teardown);
}
