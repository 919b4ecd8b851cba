/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for dpp_key (key.c) and the crypto port (crypto_ossl.c). Keys the
 * library must reject, and every independent check (kid, signatures,
 * certificate fields), are made with OpenSSL directly here. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "dpp/dpp_key.h"
#include "crypto.h"
#include "key_internal.h"

static const dpp_alg k_algs[] = {DPP_ALG_ES256, DPP_ALG_ES384, DPP_ALG_EDDSA, DPP_ALG_PS256};
#define N_ALGS (sizeof k_algs / sizeof k_algs[0])

/* ---- helpers (OpenSSL, independent of libdpp) ---- */

static EVP_PKEY *ossl_keygen(const char *type, const char *curve, size_t rsa_bits)
{
    EVP_PKEY *pk = NULL;
    if (strcmp(type, "RSA-PSS") == 0) {
        EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
        assert_non_null(c);
        assert_int_equal(EVP_PKEY_keygen_init(c), 1);
        assert_int_equal(EVP_PKEY_CTX_set_rsa_keygen_bits(c, (int)rsa_bits), 1);
        assert_int_equal(EVP_PKEY_keygen(c, &pk), 1);
        EVP_PKEY_CTX_free(c);
    } else if (curve != NULL) pk = EVP_PKEY_Q_keygen(NULL, NULL, type, curve);
    else if (rsa_bits != 0) pk = EVP_PKEY_Q_keygen(NULL, NULL, type, rsa_bits);
    else pk = EVP_PKEY_Q_keygen(NULL, NULL, type);
    assert_non_null(pk);
    return pk;
}

typedef enum form { PEM_PRIV, PEM_PUB, DER_PRIV, DER_PUB, PEM_TRAD_PRIV } form;

/* Serialises pk in the given form into a malloc'd buffer. */
static uint8_t *ossl_export(EVP_PKEY *pk, form f, size_t *len)
{
    uint8_t *out = NULL;
    if (f == DER_PUB || f == DER_PRIV) {
        unsigned char *p = NULL;
        int n = f == DER_PUB ? i2d_PUBKEY(pk, &p) : i2d_PrivateKey(pk, &p);
        assert_true(n > 0);
        out = malloc((size_t)n);
        assert_non_null(out);
        memcpy(out, p, (size_t)n);
        OPENSSL_free(p);
        *len = (size_t)n;
    } else {
        BIO *b = BIO_new(BIO_s_mem());
        char *d = NULL;
        long n;
        assert_non_null(b);
        if (f == PEM_PUB) assert_int_equal(PEM_write_bio_PUBKEY(b, pk), 1);
        else if (f == PEM_PRIV) assert_int_equal(PEM_write_bio_PrivateKey(b, pk, NULL, NULL, 0, NULL, NULL), 1);
        else assert_int_equal(PEM_write_bio_PrivateKey_traditional(b, pk, NULL, NULL, 0, NULL, NULL), 1);
        n = BIO_get_mem_data(b, &d);
        assert_true(n > 0);
        out = malloc((size_t)n);
        assert_non_null(out);
        memcpy(out, d, (size_t)n);
        *len = (size_t)n;
        BIO_free(b);
    }
    return out;
}

/* SHA-256 over i2d_PUBKEY, first 8 bytes: the kid, computed without libdpp. */
static void ossl_kid(EVP_PKEY *pk, uint8_t kid[DPP_KID_LEN])
{
    unsigned char *der = NULL;
    unsigned char md[32];
    unsigned int mdlen = 0;
    int n = i2d_PUBKEY(pk, &der);
    assert_true(n > 0);
    assert_int_equal(EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL), 1);
    memcpy(kid, md, DPP_KID_LEN);
    OPENSSL_free(der);
}

static EVP_PKEY *ossl_read_pubkey_pem(const char *pem, size_t len)
{
    BIO *b = BIO_new_mem_buf(pem, (int)len);
    EVP_PKEY *pk = PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);
    BIO_free(b);
    assert_non_null(pk);
    return pk;
}

static EVP_PKEY *ossl_read_privkey_pem(const char *pem, size_t len)
{
    BIO *b = BIO_new_mem_buf(pem, (int)len);
    EVP_PKEY *pk = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
    BIO_free(b);
    assert_non_null(pk);
    return pk;
}

static dpp_err load_form(EVP_PKEY *pk, form f, dpp_key **out, dpp_diag *diag)
{
    size_t len = 0;
    uint8_t *buf = ossl_export(pk, f, &len);
    dpp_err rc = dpp_key_load(buf, len, out, diag);
    free(buf);
    return rc;
}

/* Exports key's private PEM with libdpp (size mode first). */
static char *dpp_priv_pem(const dpp_key *k, size_t *len)
{
    size_t n = 0, n2 = 0;
    char *buf;
    assert_int_equal(dpp_key_private_pem(k, NULL, 0, &n), DPP_OK);
    assert_true(n > 0);
    buf = malloc(n + 1);
    assert_non_null(buf);
    assert_int_equal(dpp_key_private_pem(k, buf, n + 1, &n2), DPP_OK);
    assert_int_equal(n2, n);
    assert_int_equal(strlen(buf), n);
    *len = n;
    return buf;
}

static char *dpp_pub_pem(const dpp_key *k, size_t *len)
{
    size_t n = 0, n2 = 0;
    char *buf;
    assert_int_equal(dpp_key_public_pem(k, NULL, 0, &n), DPP_OK);
    buf = malloc(n + 1);
    assert_non_null(buf);
    assert_int_equal(dpp_key_public_pem(k, buf, n + 1, &n2), DPP_OK);
    assert_int_equal(n2, n);
    *len = n;
    return buf;
}

static uint8_t *dpp_pub_der(const dpp_key *k, size_t *len)
{
    size_t n = 0, n2 = 0;
    uint8_t *buf;
    assert_int_equal(dpp_key_public_der(k, NULL, 0, &n), DPP_OK);
    buf = malloc(n);
    assert_non_null(buf);
    assert_int_equal(dpp_key_public_der(k, buf, n, &n2), DPP_OK);
    assert_int_equal(n2, n);
    *len = n;
    return buf;
}

static char *dpp_cert(const dpp_key *k, const char *cn, int64_t nb, int64_t na, size_t *len)
{
    size_t n = 0, n2 = 0;
    char *buf;
    dpp_diag d;
    assert_int_equal(dpp_key_self_signed_cert(k, cn, nb, na, NULL, 0, &n, &d), DPP_OK);
    assert_int_equal(d.err, DPP_OK);
    buf = malloc(n + 1);
    assert_non_null(buf);
    assert_int_equal(dpp_key_self_signed_cert(k, cn, nb, na, buf, n + 1, &n2, &d), DPP_OK);
    /* The size query is exact except for ECDSA, where it is an upper bound
     * (the DER signature length varies by up to 2 bytes per integer). */
    if (dpp_key_alg(k) == DPP_ALG_ES256 || dpp_key_alg(k) == DPP_ALG_ES384) {
        assert_true(n2 <= n);
        assert_true(n - n2 <= 8);
    } else {
        assert_int_equal(n2, n);
    }
    assert_int_equal(strlen(buf), n2);
    *len = n2;
    return buf;
}

static void assert_kid_equal(const dpp_key *a, const uint8_t want[DPP_KID_LEN])
{
    uint8_t kid[DPP_KID_LEN];
    dpp_key_kid(a, kid);
    assert_memory_equal(kid, want, DPP_KID_LEN);
}

/* ---- names ---- */

static void alg_names(void **state)
{
    dpp_alg a = DPP_ALG_ES256;
    (void)state;
    assert_string_equal(dpp_alg_name(DPP_ALG_ES256), "ES256");
    assert_string_equal(dpp_alg_name(DPP_ALG_ES384), "ES384");
    assert_string_equal(dpp_alg_name(DPP_ALG_EDDSA), "EdDSA");
    assert_string_equal(dpp_alg_name(DPP_ALG_PS256), "PS256");
    assert_null(dpp_alg_name((dpp_alg)-36));
    assert_null(dpp_alg_name((dpp_alg)0));
    for (size_t i = 0; i < N_ALGS; i++) {
        assert_int_equal(dpp_alg_from_name(dpp_alg_name(k_algs[i]), &a), DPP_OK);
        assert_int_equal(a, k_algs[i]);
    }
    assert_int_equal((int)DPP_ALG_ES256, -7);
    assert_int_equal((int)DPP_ALG_ES384, -35);
    assert_int_equal((int)DPP_ALG_EDDSA, -8);
    assert_int_equal((int)DPP_ALG_PS256, -37);
    assert_int_equal(dpp_alg_from_name("es256", &a), DPP_ERR_ALG_UNSUPPORTED); /* case-sensitive */
    assert_int_equal((int)a, 0);
    assert_int_equal(dpp_alg_from_name("ES512", &a), DPP_ERR_ALG_UNSUPPORTED);
    assert_int_equal(dpp_alg_from_name("", &a), DPP_ERR_ALG_UNSUPPORTED);
    assert_int_equal(dpp_alg_from_name(NULL, &a), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_alg_from_name("ES256", NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_kid_len(), DPP_KID_LEN);
    assert_int_equal(DPP_KID_LEN, 8);
}

/* ---- generate / export / load round trips ---- */

static void round_trip_all_algs(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++) {
        dpp_key *k = NULL, *k2 = NULL, *kp = NULL, *kd = NULL;
        dpp_diag d;
        uint8_t kid[DPP_KID_LEN], want[DPP_KID_LEN];
        size_t plen = 0, publen = 0, derlen = 0;
        char *priv, *pub;
        uint8_t *der;
        EVP_PKEY *opk;

        assert_int_equal(dpp_key_generate(k_algs[i], &k, &d), DPP_OK);
        assert_int_equal(d.err, DPP_OK);
        assert_string_equal(d.msg, "");
        assert_non_null(k);
        assert_int_equal(dpp_key_alg(k), k_algs[i]);
        assert_true(dpp_key_is_private(k));
        assert_false(dpp_key_validity(k, NULL, NULL));

        /* private PEM (PKCS#8) round trip */
        priv = dpp_priv_pem(k, &plen);
        assert_non_null(strstr(priv, "-----BEGIN PRIVATE KEY-----\n"));
        assert_int_equal(dpp_key_load((const uint8_t *)priv, plen, &k2, &d), DPP_OK);
        assert_int_equal(dpp_key_alg(k2), k_algs[i]);
        assert_true(dpp_key_is_private(k2));

        /* The kid, computed independently from the same key with OpenSSL. */
        opk = ossl_read_privkey_pem(priv, plen);
        ossl_kid(opk, want);
        dpp_key_kid(k, kid);
        assert_memory_equal(kid, want, DPP_KID_LEN);
        assert_kid_equal(k2, want);

        /* public PEM and DER: public-only keys, same kid */
        pub = dpp_pub_pem(k, &publen);
        assert_non_null(strstr(pub, "-----BEGIN PUBLIC KEY-----\n"));
        assert_null(strstr(pub, "PRIVATE"));
        assert_int_equal(dpp_key_load((const uint8_t *)pub, publen, &kp, &d), DPP_OK);
        assert_false(dpp_key_is_private(kp));
        assert_int_equal(dpp_key_alg(kp), k_algs[i]);
        assert_kid_equal(kp, want);
        {
            /* OpenSSL reads the public PEM back to the same key */
            EVP_PKEY *opub = ossl_read_pubkey_pem(pub, publen);
            uint8_t okid[DPP_KID_LEN];
            assert_int_equal(EVP_PKEY_eq(opub, opk), 1);
            ossl_kid(opub, okid);
            assert_memory_equal(okid, want, DPP_KID_LEN);
            EVP_PKEY_free(opub);
        }
        der = dpp_pub_der(k, &derlen);
        {
            /* the DER export equals OpenSSL's own SPKI encoding */
            unsigned char *od = NULL;
            int on = i2d_PUBKEY(opk, &od);
            assert_int_equal((size_t)on, derlen);
            assert_memory_equal(od, der, derlen);
            OPENSSL_free(od);
        }
        assert_int_equal(dpp_key_load(der, derlen, &kd, &d), DPP_OK);
        assert_false(dpp_key_is_private(kd));
        assert_kid_equal(kd, want);
        {
            /* private export of a public key */
            size_t n = 99;
            char small[8] = "x";
            assert_int_equal(dpp_key_private_pem(kp, NULL, 0, &n), DPP_ERR_KEY_NOT_PRIVATE);
            assert_int_equal(n, 0);
            assert_int_equal(dpp_key_private_pem(kp, small, sizeof small, &n), DPP_ERR_KEY_NOT_PRIVATE);
            assert_string_equal(small, "");
        }
        assert_int_equal(dpp_key_sig_len(k), k_algs[i] == DPP_ALG_ES384 ? 96u : k_algs[i] == DPP_ALG_PS256 ? 256u : 64u);

        EVP_PKEY_free(opk);
        free(priv);
        free(pub);
        free(der);
        dpp_key_free(k);
        dpp_key_free(k2);
        dpp_key_free(kp);
        dpp_key_free(kd);
    }
}

/* Keys made by OpenSSL in every accepted container load with the right alg
 * and the independently computed kid. */
static void load_openssl_forms(void **state)
{
    struct {
        const char *type;
        const char *curve;
        size_t bits;
        dpp_alg alg;
    } cases[] = {
        {"EC", "P-256", 0, DPP_ALG_ES256},
        {"EC", "P-384", 0, DPP_ALG_ES384},
        {"ED25519", NULL, 0, DPP_ALG_EDDSA},
        {"RSA", NULL, 2048, DPP_ALG_PS256},
        {"RSA", NULL, 3072, DPP_ALG_PS256},
    };
    const form forms[] = {PEM_PRIV, PEM_PUB, DER_PRIV, DER_PUB, PEM_TRAD_PRIV};
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EVP_PKEY *pk = ossl_keygen(cases[i].type, cases[i].curve, cases[i].bits);
        uint8_t want[DPP_KID_LEN];
        ossl_kid(pk, want);
        for (size_t j = 0; j < sizeof forms / sizeof forms[0]; j++) {
            dpp_key *k = NULL;
            dpp_diag d;
            bool priv = forms[j] != PEM_PUB && forms[j] != DER_PUB;
            if (forms[j] == PEM_TRAD_PRIV && cases[i].alg == DPP_ALG_EDDSA) continue; /* no traditional form */
            assert_int_equal(load_form(pk, forms[j], &k, &d), DPP_OK);
            assert_int_equal(dpp_key_alg(k), cases[i].alg);
            assert_int_equal(dpp_key_is_private(k), priv);
            assert_kid_equal(k, want);
            if (cases[i].bits == 3072) assert_int_equal(dpp_key_sig_len(k), 384);
            dpp_key_free(k);
        }
        EVP_PKEY_free(pk);
    }
}

/* A P-256 SPKI with a compressed point gives the same kid as the usual
 * uncompressed encoding: the kid is canonical. */
static void compressed_point_same_kid(void **state)
{
    EVP_PKEY *pk = ossl_keygen("EC", "P-256", 0);
    uint8_t want[DPP_KID_LEN];
    unsigned char *der = NULL;
    int n;
    dpp_key *k = NULL;
    (void)state;
    ossl_kid(pk, want);
    assert_int_equal(EVP_PKEY_set_utf8_string_param(pk, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                                    OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_COMPRESSED),
                     1);
    n = i2d_PUBKEY(pk, &der);
    assert_int_equal(n, 59); /* 26 bytes of header + 33-byte compressed point */
    assert_int_equal(dpp_key_load(der, (size_t)n, &k, NULL), DPP_OK);
    assert_kid_equal(k, want);
    dpp_key_free(k);
    OPENSSL_free(der);
    EVP_PKEY_free(pk);
}

/* "openssl ecparam -genkey" output: an EC PARAMETERS block, then the key. */
static void pem_with_leading_blocks(void **state)
{
    EVP_PKEY *pk = ossl_keygen("EC", "P-256", 0);
    size_t len = 0;
    uint8_t *key = ossl_export(pk, PEM_TRAD_PRIV, &len);
    static const char params[] = "Some text before\n-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n"
                                 "-----END EC PARAMETERS-----\n";
    size_t total = sizeof params - 1 + len;
    uint8_t *buf = malloc(total);
    dpp_key *k = NULL;
    dpp_diag d;
    uint8_t want[DPP_KID_LEN];
    (void)state;
    assert_non_null(buf);
    memcpy(buf, params, sizeof params - 1);
    memcpy(buf + sizeof params - 1, key, len);
    /* Text before the first block and an EC PARAMETERS block are skipped. */
    assert_int_equal(dpp_key_load(buf, total, &k, &d), DPP_OK);
    ossl_kid(pk, want);
    assert_kid_equal(k, want);
    assert_true(dpp_key_is_private(k));
    dpp_key_free(k);
    /* Input starting with a SEQUENCE byte is DER, even if it holds "-----BEGIN". */
    buf[0] = 0x30;
    assert_int_equal(dpp_key_load(buf, total, &k, &d), DPP_ERR_KEY_FORMAT);
    assert_null(k);
    assert_non_null(strstr(d.msg, "DER"));
    free(buf);
    free(key);
    EVP_PKEY_free(pk);
}

/* ---- certificates ---- */

static void cert_round_trip_all_algs(void **state)
{
    /* 2020-02-29T12:34:56Z and 2050-01-01T00:00:00Z (GeneralizedTime range). */
    const int64_t nb = 1582979696, na = 2524608000;
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++) {
        dpp_key *k = NULL, *kc = NULL, *kder = NULL;
        size_t len = 0;
        char *pem;
        int64_t a = 0, b = 0;
        uint8_t kid[DPP_KID_LEN];
        BIO *bio;
        X509 *x;
        EVP_PKEY *xpk;

        assert_int_equal(dpp_key_generate(k_algs[i], &k, NULL), DPP_OK);
        pem = dpp_cert(k, "Test Signer \xc3\xa9", nb, na, &len);
        assert_non_null(strstr(pem, "-----BEGIN CERTIFICATE-----\n"));

        assert_int_equal(dpp_key_load((const uint8_t *)pem, len, &kc, NULL), DPP_OK);
        assert_false(dpp_key_is_private(kc));
        assert_int_equal(dpp_key_alg(kc), k_algs[i]);
        assert_true(dpp_key_validity(kc, &a, &b));
        assert_int_equal(a, nb);
        assert_int_equal(b, na);
        dpp_key_kid(k, kid);
        assert_kid_equal(kc, kid); /* private key, its public key, its certificate: one kid */

        /* Check the certificate with OpenSSL. */
        bio = BIO_new_mem_buf(pem, (int)len);
        x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
        BIO_free(bio);
        assert_non_null(x);
        assert_int_equal(X509_get_version(x), X509_VERSION_3);
        xpk = X509_get0_pubkey(x);
        assert_int_equal(X509_verify(x, xpk), 1); /* self-signed */
        {
            ASN1_BIT_STRING *ku;
            int crit = 0;
            ku = X509_get_ext_d2i(x, NID_key_usage, &crit, NULL);
            assert_non_null(ku);
            assert_int_equal(crit, 1);
            assert_int_equal(ASN1_BIT_STRING_get_bit(ku, 0), 1); /* digitalSignature */
            assert_int_equal(ASN1_BIT_STRING_get_bit(ku, 5), 0); /* not keyCertSign */
            ASN1_BIT_STRING_free(ku);
            assert_int_equal(X509_get_key_usage(x), KU_DIGITAL_SIGNATURE);
        }
        {
            int sig_nid = X509_get_signature_nid(x);
            int want = k_algs[i] == DPP_ALG_EDDSA   ? NID_ED25519
                       : k_algs[i] == DPP_ALG_PS256 ? NID_sha256WithRSAEncryption
                                                     : NID_ecdsa_with_SHA256;
            assert_int_equal(sig_nid, want);
        }
        {
            char cn[80];
            X509_NAME *subj = X509_get_subject_name(x);
            assert_int_equal(X509_NAME_get_text_by_NID(subj, NID_commonName, cn, sizeof cn), 14);
            assert_string_equal(cn, "Test Signer \xc3\xa9");
            assert_int_equal(X509_NAME_cmp(subj, X509_get_issuer_name(x)), 0);
            assert_int_equal(ASN1_INTEGER_get(X509_get0_serialNumber(x)) != 0, 1);
        }
        {
            /* DER of the same certificate loads too */
            unsigned char *der = NULL;
            int n = i2d_X509(x, &der);
            int64_t a2 = 0, b2 = 0;
            assert_true(n > 0);
            assert_int_equal(dpp_key_load(der, (size_t)n, &kder, NULL), DPP_OK);
            assert_true(dpp_key_validity(kder, &a2, &b2));
            assert_int_equal(a2, nb);
            assert_int_equal(b2, na);
            assert_kid_equal(kder, kid);
            OPENSSL_free(der);
        }
        X509_free(x);
        free(pem);
        dpp_key_free(k);
        dpp_key_free(kc);
        dpp_key_free(kder);
    }
}

/* Validity of a certificate made by OpenSSL, UTCTime and GeneralizedTime,
 * read back exactly. */
static void cert_validity_from_openssl(void **state)
{
    const struct {
        const char *nb;
        const char *na;
        int64_t want_nb;
        int64_t want_na;
    } cases[] = {
        {"700101000000Z", "491231235959Z", 0, 2524607999},
        {"20000229000000Z", "99991231235959Z", 951782400, INT64_C(253402300799)},
        {"19500101000000Z", "20380119031408Z", -631152000, 2147483648},
    };
    EVP_PKEY *pk = ossl_keygen("EC", "P-256", 0);
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        X509 *x = X509_new();
        unsigned char *der = NULL;
        int n;
        dpp_key *k = NULL;
        int64_t a = 1, b = 1;
        assert_non_null(x);
        assert_int_equal(X509_set_version(x, X509_VERSION_3), 1);
        assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), 7), 1);
        assert_int_equal(X509_set_pubkey(x, pk), 1);
        assert_int_equal(ASN1_TIME_set_string(X509_getm_notBefore(x), cases[i].nb), 1);
        assert_int_equal(ASN1_TIME_set_string(X509_getm_notAfter(x), cases[i].na), 1);
        assert_true(X509_sign(x, pk, EVP_sha256()) > 0);
        n = i2d_X509(x, &der);
        assert_true(n > 0);
        assert_int_equal(dpp_key_load(der, (size_t)n, &k, NULL), DPP_OK);
        assert_true(dpp_key_validity(k, &a, &b));
        assert_int_equal(a, cases[i].want_nb);
        assert_int_equal(b, cases[i].want_na);
        dpp_key_free(k);
        OPENSSL_free(der);
        X509_free(x);
    }
    EVP_PKEY_free(pk);
}

static void cert_errors(void **state)
{
    dpp_key *k = NULL, *kp = NULL;
    dpp_diag d;
    size_t n = 5;
    char small[64];
    size_t publen = 0;
    char *pub;
    char cn65[66];
    (void)state;
    assert_int_equal(dpp_key_generate(DPP_ALG_EDDSA, &k, NULL), DPP_OK);
    pub = dpp_pub_pem(k, &publen);
    assert_int_equal(dpp_key_load((const uint8_t *)pub, publen, &kp, NULL), DPP_OK);

    assert_int_equal(dpp_key_self_signed_cert(kp, "x", 0, 1, NULL, 0, &n, &d), DPP_ERR_KEY_NOT_PRIVATE);
    assert_int_equal(d.err, DPP_ERR_KEY_NOT_PRIVATE);
    assert_non_null(strstr(d.msg, "private key"));
    assert_int_equal(n, 0);
    assert_int_equal(dpp_key_self_signed_cert(NULL, "x", 0, 1, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_key_self_signed_cert(k, NULL, 0, 1, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_key_self_signed_cert(k, "x", 0, 1, NULL, 0, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_key_self_signed_cert(k, "", 0, 1, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "common_name"));
    memset(cn65, 'a', 65);
    cn65[65] = '\0';
    assert_int_equal(dpp_key_self_signed_cert(k, cn65, 0, 1, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "65 bytes"));
    cn65[64] = '\0'; /* 64 is the limit and accepted */
    assert_int_equal(dpp_key_self_signed_cert(k, cn65, 0, 1, NULL, 0, &n, &d), DPP_OK);
    assert_int_equal(dpp_key_self_signed_cert(k, "bad \xff utf8", 0, 1, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "UTF-8"));
    assert_int_equal(dpp_key_self_signed_cert(k, "x", 10, 9, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "validity"));
    assert_int_equal(dpp_key_self_signed_cert(k, "x", -1, 9, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_key_self_signed_cert(k, "x", 0, INT64_C(253402300800), NULL, 0, &n, &d),
                     DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_key_self_signed_cert(k, "x", 0, INT64_C(253402300799), NULL, 0, &n, &d), DPP_OK);
    assert_int_equal(dpp_key_self_signed_cert(k, "x", 0, 1, small, sizeof small, &n, &d), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(d.err, DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 0);
    assert_string_equal(small, "");
    free(pub);
    dpp_key_free(k);
    dpp_key_free(kp);
}

/* ---- rejected keys ---- */

static void unsupported_key_types(void **state)
{
    struct {
        const char *type;
        const char *curve;
        size_t bits;
        const char *msg_part;
    } cases[] = {
        {"EC", "P-521", 0, "secp521r1"},
        {"EC", "secp256k1", 0, "secp256k1"},
        {"EC", "brainpoolP256r1", 0, "brainpoolP256r1"},
        {"ED448", NULL, 0, "ED448"},
        {"X25519", NULL, 0, "X25519"},
        {"RSA", NULL, 4104, "4104 bits"},
        {"RSA-PSS", NULL, 2048, "RSA-PSS"},
    };
    const form forms[] = {PEM_PRIV, PEM_PUB, DER_PRIV, DER_PUB};
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EVP_PKEY *pk = ossl_keygen(cases[i].type, cases[i].curve, cases[i].bits);
        for (size_t j = 0; j < sizeof forms / sizeof forms[0]; j++) {
            dpp_key *k = (dpp_key *)&k; /* must be reset to NULL */
            dpp_diag d;
            dpp_err rc;
            if (forms[j] == DER_PRIV && strcmp(cases[i].type, "RSA-PSS") == 0) continue; /* no "traditional" form */
            rc = load_form(pk, forms[j], &k, &d);
            if (rc != DPP_ERR_KEY_TYPE) fail_msg("%s form %d: %d %s", cases[i].msg_part, (int)forms[j], (int)rc, d.msg);
            assert_null(k);
            assert_int_equal(d.err, DPP_ERR_KEY_TYPE);
            if (strstr(d.msg, cases[i].msg_part) == NULL) fail_msg("%s: diag \"%s\"", cases[i].msg_part, d.msg);
        }
        EVP_PKEY_free(pk);
    }
    assert_int_equal(ERR_peek_error(), 0);
}

/* ---- weak keys: DPP_ERR_KEY_WEAK in every form (spec §5.2) ---- */

/* The DER SubjectPublicKeyInfo of an Ed25519 public key (RFC 8410). */
static size_t spki_ed25519(const uint8_t pub[32], uint8_t out[44])
{
    static const uint8_t hdr[12] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    memcpy(out, hdr, sizeof hdr);
    memcpy(out + sizeof hdr, pub, 32);
    return 44;
}

/* The DER SubjectPublicKeyInfo of an EC point (any bytes) on P-256 or P-384. */
static size_t spki_ec(bool p384, const uint8_t *pt, size_t pt_len, uint8_t *out)
{
    static const uint8_t alg256[] = {0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                                     0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    static const uint8_t alg384[] = {0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d,
                                     0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
    const uint8_t *alg = p384 ? alg384 : alg256;
    size_t alg_len = p384 ? sizeof alg384 : sizeof alg256, n = 0;
    size_t body = alg_len + 3 + pt_len;
    assert_true(body < 128);
    out[n++] = 0x30;
    out[n++] = (uint8_t)body;
    memcpy(out + n, alg, alg_len);
    n += alg_len;
    out[n++] = 0x03;
    out[n++] = (uint8_t)(pt_len + 1);
    out[n++] = 0x00;
    memcpy(out + n, pt, pt_len);
    return n + pt_len;
}

/* An RSA public key with modulus n and exponent e, or (priv not NULL) a
 * private key with priv's d, primes and CRT values but exponent e. */
static EVP_PKEY *rsa_from(const BIGNUM *n, unsigned long e, const EVP_PKEY *priv)
{
    static const char *const k_priv[] = {OSSL_PKEY_PARAM_RSA_D,         OSSL_PKEY_PARAM_RSA_FACTOR1,
                                         OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
                                         OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
    BIGNUM *v[6] = {NULL};
    OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
    OSSL_PARAM *ps;
    BIGNUM *be = BN_new();
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    EVP_PKEY *pk = NULL;
    assert_non_null(b);
    assert_non_null(be);
    assert_non_null(c);
    assert_int_equal(BN_set_word(be, e), 1);
    assert_int_equal(OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, n), 1);
    assert_int_equal(OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, be), 1);
    for (size_t i = 0; priv != NULL && i < 6; i++) {
        assert_int_equal(EVP_PKEY_get_bn_param(priv, k_priv[i], &v[i]), 1);
        assert_int_equal(OSSL_PARAM_BLD_push_BN(b, k_priv[i], v[i]), 1);
    }
    ps = OSSL_PARAM_BLD_to_param(b);
    assert_non_null(ps);
    assert_int_equal(EVP_PKEY_fromdata_init(c), 1);
    assert_int_equal(EVP_PKEY_fromdata(c, &pk, priv != NULL ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, ps), 1);
    for (size_t i = 0; i < 6; i++) BN_clear_free(v[i]);
    OSSL_PARAM_free(ps);
    OSSL_PARAM_BLD_free(b);
    BN_free(be);
    EVP_PKEY_CTX_free(c);
    return pk;
}

static size_t der_of_pub(EVP_PKEY *pk, uint8_t *out, size_t cap)
{
    unsigned char *p = NULL;
    int n = i2d_PUBKEY(pk, &p);
    assert_true(n > 0 && (size_t)n <= cap);
    memcpy(out, p, (size_t)n);
    OPENSSL_free(p);
    return (size_t)n;
}

/* PEM of DER bytes under the given label (malloc'd, NUL-terminated). */
static char *pem_wrap(const uint8_t *der, size_t len, const char *label, size_t *out_len)
{
    BIO *b = BIO_new(BIO_s_mem());
    char *d = NULL, *out;
    long n;
    assert_non_null(b);
    assert_true(PEM_write_bio(b, label, "", der, (long)len) > 0);
    n = BIO_get_mem_data(b, &d);
    out = malloc((size_t)n + 1);
    assert_non_null(out);
    memcpy(out, d, (size_t)n);
    out[n] = '\0';
    *out_len = (size_t)n;
    BIO_free(b);
    return out;
}

/* A DER certificate whose SubjectPublicKeyInfo is spki (any bytes OpenSSL
 * parses as an SPKI, decodable or not), signed by a throwaway Ed25519 key. */
static uint8_t *cert_with_spki(const uint8_t *spki, size_t spki_len, size_t *out_len)
{
    EVP_PKEY *signer = ossl_keygen("ED25519", NULL, 0);
    const unsigned char *p = spki;
    X509_PUBKEY *src = d2i_X509_PUBKEY(NULL, &p, (long)spki_len);
    X509 *x = X509_new();
    ASN1_OBJECT *alg = NULL;
    const unsigned char *pk = NULL;
    int pklen = 0, ptype = V_ASN1_UNDEF;
    X509_ALGOR *pa = NULL;
    const void *pval = NULL;
    void *pdup = NULL;
    unsigned char *enc, *der = NULL;
    int n;
    uint8_t *out;

    assert_non_null(src);
    assert_non_null(x);
    assert_int_equal(X509_set_version(x, X509_VERSION_3), 1);
    assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), 7), 1);
    assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
    assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
    assert_int_equal(X509_set_pubkey(x, signer), 1);
    assert_int_equal(X509_PUBKEY_get0_param(&alg, &pk, &pklen, &pa, src), 1);
    X509_ALGOR_get0(NULL, &ptype, &pval, pa);
    if (ptype == V_ASN1_OBJECT) pdup = OBJ_dup(pval);
    else ptype = V_ASN1_UNDEF;
    enc = OPENSSL_memdup(pk, (size_t)pklen);
    assert_non_null(enc);
    assert_int_equal(X509_PUBKEY_set0_param(X509_get_X509_PUBKEY(x), OBJ_dup(alg), ptype, pdup, enc, pklen), 1);
    assert_true(X509_sign(x, signer, NULL) > 0);
    n = i2d_X509(x, &der);
    assert_true(n > 0);
    out = malloc((size_t)n);
    assert_non_null(out);
    memcpy(out, der, (size_t)n);
    *out_len = (size_t)n;
    OPENSSL_free(der);
    X509_free(x);
    X509_PUBKEY_free(src);
    EVP_PKEY_free(signer);
    return out;
}

/* The SPKI must be refused as DER, as PEM, and inside a certificate (DER
 * and PEM), with DPP_ERR_KEY_WEAK and a message holding want. */
static void assert_weak_everywhere(const char *what, const uint8_t *spki, size_t spki_len, const char *want)
{
    size_t pem_len = 0, cert_len = 0, cpem_len = 0;
    char *pem = pem_wrap(spki, spki_len, "PUBLIC KEY", &pem_len);
    uint8_t *cert = cert_with_spki(spki, spki_len, &cert_len);
    char *cpem = pem_wrap(cert, cert_len, "CERTIFICATE", &cpem_len);
    const struct {
        const char *form;
        const uint8_t *p;
        size_t n;
    } forms[] = {{"DER", spki, spki_len},
                 {"PEM", (const uint8_t *)pem, pem_len},
                 {"certificate DER", cert, cert_len},
                 {"certificate PEM", (const uint8_t *)cpem, cpem_len}};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        dpp_key *k = (dpp_key *)&k;
        dpp_diag d;
        dpp_err rc = dpp_key_load(forms[i].p, forms[i].n, &k, &d);
        if (rc != DPP_ERR_KEY_WEAK)
            fail_msg("%s (%s): %s, want DPP_ERR_KEY_WEAK (%s)", what, forms[i].form, dpp_err_name(rc), d.msg);
        assert_null(k);
        assert_int_equal(d.err, DPP_ERR_KEY_WEAK);
        if (strstr(d.msg, want) == NULL) fail_msg("%s (%s): \"%s\" not in \"%s\"", what, forms[i].form, want, d.msg);
    }
    assert_int_equal(ERR_peek_error(), 0);
    free(pem);
    free(cert);
    free(cpem);
}

static void weak_ed25519_keys(void **state)
{
    /* little-endian y with the sign bit of x in the top bit of the last byte */
    static const struct {
        const char *name;
        const char *hex;
        const char *want;
    } cases[] = {
        {"identity", "0100000000000000000000000000000000000000000000000000000000000000", "small-order point (order 1)"},
        {"identity, sign bit", "0100000000000000000000000000000000000000000000000000000000000080",
         "small-order point (order 1)"},
        {"identity, y = p + 1", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
         "small-order point (order 1), non-canonically encoded"},
        {"order 2", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "small-order point (order 2)"},
        {"order 2, sign bit", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
         "small-order point (order 2)"},
        {"order 4", "0000000000000000000000000000000000000000000000000000000000000000", "small-order point (order 4)"},
        {"order 4, sign bit", "0000000000000000000000000000000000000000000000000000000000000080",
         "small-order point (order 4)"},
        {"order 4, y = p", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
         "small-order point (order 4), non-canonically encoded"},
        {"order 4, y = p, sign bit", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
         "small-order point (order 4), non-canonically encoded"},
        {"order 8 a", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
         "small-order point (order 8)"},
        {"order 8 b", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
         "small-order point (order 8)"},
        {"order 8 c", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
         "small-order point (order 8)"},
        {"order 8 d", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
         "small-order point (order 8)"},
        {"y = p + 3", "f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "not canonically encoded"},
        {"y = 2, off the curve", "0200000000000000000000000000000000000000000000000000000000000000",
         "not a point on the curve"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t pub[32], spki[44];
        for (size_t j = 0; j < 32; j++) {
            unsigned v = 0;
            assert_int_equal(sscanf(cases[i].hex + 2 * j, "%2x", &v), 1);
            pub[j] = (uint8_t)v;
        }
        assert_weak_everywhere(cases[i].name, spki, spki_ed25519(pub, spki), cases[i].want);
    }
    /* a real Ed25519 key still loads */
    {
        EVP_PKEY *pk = ossl_keygen("ED25519", NULL, 0);
        dpp_key *k = NULL;
        assert_int_equal(load_form(pk, DER_PUB, &k, NULL), DPP_OK);
        dpp_key_free(k);
        EVP_PKEY_free(pk);
    }
}

static void weak_ec_keys(void **state)
{
    (void)state;
    for (int c = 0; c < 2; c++) {
        bool p384 = c == 1;
        const char *curve = p384 ? "P-384" : "P-256";
        size_t fl = p384 ? 48 : 32;
        EVP_PKEY *pk = ossl_keygen("EC", curve, 0);
        EC_GROUP *g = EC_GROUP_new_by_curve_name(p384 ? NID_secp384r1 : NID_X9_62_prime256v1);
        EC_POINT *pt = EC_POINT_new(g);
        uint8_t spki[160], der[160], point[1 + 2 * 48];
        size_t der_len = der_of_pub(pk, der, sizeof der), n;
        char name[64], want[64];
        const uint8_t zero = 0x00;

        /* the point at infinity: the one-byte encoding 00 (BIT STRING 03 02 00 00) */
        (void)snprintf(want, sizeof want, "%s public key is the point at infinity", curve);
        (void)snprintf(name, sizeof name, "%s infinity", curve);
        assert_weak_everywhere(name, spki, spki_ec(p384, &zero, 1, spki), want);

        /* an uncompressed point off the curve: a real key with y's last bit flipped */
        n = 1 + 2 * fl;
        memcpy(point, der + der_len - n, n);
        assert_int_equal(point[0], 0x04);
        point[n - 1] ^= 0x01;
        (void)snprintf(want, sizeof want, "%s public key is not a point on the curve", curve);
        (void)snprintf(name, sizeof name, "%s off the curve", curve);
        assert_weak_everywhere(name, spki, spki_ec(p384, point, n, spki), want);

        /* a compressed x for which no y exists */
        point[0] = 0x02;
        for (int i = 0; i < 256; i++) {
            point[fl] = (uint8_t)i;
            if (EC_POINT_oct2point(g, pt, point, 1 + fl, NULL) != 1) break;
        }
        ERR_clear_error();
        assert_int_equal(EC_POINT_oct2point(g, pt, point, 1 + fl, NULL), 0);
        ERR_clear_error();
        (void)snprintf(name, sizeof name, "%s compressed, no such point", curve);
        assert_weak_everywhere(name, spki, spki_ec(p384, point, 1 + fl, spki), want);

        EC_POINT_free(pt);
        EC_GROUP_free(g);
        EVP_PKEY_free(pk);
    }
}

static void weak_rsa_keys(void **state)
{
    EVP_PKEY *pk = ossl_keygen("RSA", NULL, 2048);
    BIGNUM *n = NULL;
    static const struct {
        unsigned long e;
        const char *want;
    } exps[] = {
        {1, "RSA public exponent 1: need an odd exponent >= 3"},
        {2, "RSA public exponent 2: need an odd exponent >= 3"},
        {65536, "RSA public exponent 65536: need an odd exponent >= 3"},
    };
    (void)state;
    assert_int_equal(EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_N, &n), 1);
    for (size_t i = 0; i < sizeof exps / sizeof exps[0]; i++) {
        EVP_PKEY *w = rsa_from(n, exps[i].e, NULL);
        uint8_t der[600];
        char name[32];
        (void)snprintf(name, sizeof name, "RSA e = %lu", exps[i].e);
        assert_weak_everywhere(name, der, der_of_pub(w, der, sizeof der), exps[i].want);
        EVP_PKEY_free(w);
    }
    /* e = 3 is weak-looking but allowed (odd, >= 3) */
    {
        EVP_PKEY *w = rsa_from(n, 3, NULL);
        dpp_key *k = NULL;
        assert_int_equal(load_form(w, DER_PUB, &k, NULL), DPP_OK);
        dpp_key_free(k);
        EVP_PKEY_free(w);
    }
    /* a private key with e = 1 is refused too (its signatures are its messages) */
    {
        EVP_PKEY *w = rsa_from(n, 1, pk);
        const form forms[] = {PEM_PRIV, DER_PRIV};
        for (size_t j = 0; j < 2; j++) {
            dpp_key *k = (dpp_key *)&k;
            dpp_diag dg;
            assert_int_equal(load_form(w, forms[j], &k, &dg), DPP_ERR_KEY_WEAK);
            assert_null(k);
            assert_non_null(strstr(dg.msg, "RSA public exponent 1: need an odd exponent >= 3"));
        }
        EVP_PKEY_free(w);
    }
    /* moduli under 2048 bits, in every form, private keys included */
    {
        const size_t bits[] = {1024, 2040};
        const form forms[] = {PEM_PRIV, PEM_PUB, DER_PRIV, DER_PUB};
        for (size_t i = 0; i < 2; i++) {
            EVP_PKEY *s = ossl_keygen("RSA", NULL, bits[i]);
            uint8_t der[600];
            char want[64], name[32];
            (void)snprintf(want, sizeof want, "RSA modulus of %zu bits: need >= 2048", bits[i]);
            (void)snprintf(name, sizeof name, "RSA %zu bits", bits[i]);
            assert_weak_everywhere(name, der, der_of_pub(s, der, sizeof der), want);
            for (size_t j = 0; j < sizeof forms / sizeof forms[0]; j++) {
                dpp_key *k = (dpp_key *)&k;
                dpp_diag dg;
                assert_int_equal(load_form(s, forms[j], &k, &dg), DPP_ERR_KEY_WEAK);
                assert_null(k);
                if (strstr(dg.msg, want) == NULL) fail_msg("form %d: \"%s\"", (int)forms[j], dg.msg);
            }
            EVP_PKEY_free(s);
        }
    }
    BN_free(n);
    EVP_PKEY_free(pk);
}

/* An EC key with explicit (non-named) parameters, even for the P-256 curve. */
static void explicit_ec_params_rejected(void **state)
{
    EVP_PKEY *pk = ossl_keygen("EC", "P-256", 0);
    dpp_key *k = NULL;
    dpp_diag d;
    (void)state;
    assert_int_equal(EVP_PKEY_set_utf8_string_param(pk, OSSL_PKEY_PARAM_EC_ENCODING, OSSL_PKEY_EC_ENCODING_EXPLICIT),
                     1);
    assert_int_equal(load_form(pk, DER_PUB, &k, &d), DPP_ERR_KEY_TYPE);
    assert_null(k);
    assert_non_null(strstr(d.msg, "explicit"));
    EVP_PKEY_free(pk);
}

static void unsupported_cert_key(void **state)
{
    EVP_PKEY *pk = ossl_keygen("EC", "P-521", 0);
    X509 *x = X509_new();
    unsigned char *der = NULL;
    int n;
    dpp_key *k = NULL;
    dpp_diag d;
    (void)state;
    assert_int_equal(X509_set_pubkey(x, pk), 1);
    assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
    assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
    assert_true(X509_sign(x, pk, EVP_sha512()) > 0);
    n = i2d_X509(x, &der);
    assert_int_equal(dpp_key_load(der, (size_t)n, &k, &d), DPP_ERR_KEY_TYPE);
    assert_null(k);
    assert_non_null(strstr(d.msg, "secp521r1"));
    OPENSSL_free(der);
    X509_free(x);
    EVP_PKEY_free(pk);
}

static void garbage_inputs(void **state)
{
    static const uint8_t garbage[] = {0x30, 0x03, 0x02, 0x01, 0x05};
    static const char bad_pem[] = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
    static const char no_end[] = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n";
    dpp_key *k = NULL;
    dpp_diag d;
    EVP_PKEY *pk = ossl_keygen("EC", "P-256", 0);
    uint8_t *der;
    size_t len = 0;
    (void)state;

    assert_int_equal(dpp_key_load(garbage, sizeof garbage, &k, &d), DPP_ERR_KEY_FORMAT);
    assert_null(k);
    assert_int_equal(d.err, DPP_ERR_KEY_FORMAT);
    assert_non_null(strstr(d.msg, "DER (5 bytes)"));
    assert_int_equal(dpp_key_load((const uint8_t *)"hello", 5, &k, &d), DPP_ERR_KEY_FORMAT);
    assert_int_equal(dpp_key_load((const uint8_t *)"", 0, &k, &d), DPP_ERR_KEY_FORMAT);
    assert_non_null(strstr(d.msg, "empty"));
    assert_int_equal(dpp_key_load(NULL, 0, &k, &d), DPP_ERR_KEY_FORMAT);
    assert_int_equal(dpp_key_load((const uint8_t *)bad_pem, sizeof bad_pem - 1, &k, &d), DPP_ERR_KEY_FORMAT);
    assert_non_null(strstr(d.msg, "PEM"));
    assert_int_equal(dpp_key_load((const uint8_t *)no_end, sizeof no_end - 1, &k, &d), DPP_ERR_KEY_FORMAT);
    assert_null(k);

    /* every truncation of a DER public key and of a DER private key */
    for (int f = 0; f < 2; f++) {
        der = ossl_export(pk, f == 0 ? DER_PUB : DER_PRIV, &len);
        for (size_t n = 1; n < len; n++) {
            dpp_err rc = dpp_key_load(der, n, &k, &d);
            if (rc != DPP_ERR_KEY_FORMAT) fail_msg("truncated to %zu of %zu: %d", n, len, (int)rc);
            assert_null(k);
        }
        /* one trailing byte is rejected too */
        {
            uint8_t *ext = malloc(len + 1);
            assert_non_null(ext);
            memcpy(ext, der, len);
            ext[len] = 0;
            assert_int_equal(dpp_key_load(ext, len + 1, &k, &d), DPP_ERR_KEY_FORMAT);
            free(ext);
        }
        free(der);
    }
    /* truncated PEM */
    der = ossl_export(pk, PEM_PUB, &len);
    assert_int_equal(dpp_key_load(der, len / 2, &k, &d), DPP_ERR_KEY_FORMAT);
    free(der);
    EVP_PKEY_free(pk);
    assert_int_equal(ERR_peek_error(), 0); /* libdpp left no OpenSSL errors behind */
}

static void encrypted_keys_rejected(void **state)
{
    EVP_PKEY *pk = ossl_keygen("EC", "P-256", 0);
    dpp_key *k = NULL;
    dpp_diag d;
    BIO *b;
    char *data = NULL;
    long n;
    (void)state;

    /* PKCS#8 encrypted PEM */
    b = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_PKCS8PrivateKey(b, pk, EVP_aes_256_cbc(), NULL, 0, NULL, (void *)"secret"), 1);
    n = BIO_get_mem_data(b, &data);
    assert_int_equal(dpp_key_load((const uint8_t *)data, (size_t)n, &k, &d), DPP_ERR_KEY_FORMAT);
    assert_null(k);
    assert_non_null(strstr(d.msg, "encrypted"));
    BIO_free(b);

    /* traditional encrypted PEM (Proc-Type: 4,ENCRYPTED) */
    b = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_PrivateKey_traditional(b, pk, EVP_aes_128_cbc(), NULL, 0, NULL, (void *)"secret"),
                     1);
    n = BIO_get_mem_data(b, &data);
    assert_non_null(strstr(data, "Proc-Type: 4,ENCRYPTED"));
    assert_int_equal(dpp_key_load((const uint8_t *)data, (size_t)n, &k, &d), DPP_ERR_KEY_FORMAT);
    assert_non_null(strstr(d.msg, "encrypted"));
    BIO_free(b);

    /* PKCS#8 encrypted DER */
    b = BIO_new(BIO_s_mem());
    assert_int_equal(i2d_PKCS8PrivateKey_bio(b, pk, EVP_aes_256_cbc(), NULL, 0, NULL, (void *)"secret"), 1);
    n = BIO_get_mem_data(b, &data);
    assert_int_equal(dpp_key_load((const uint8_t *)data, (size_t)n, &k, &d), DPP_ERR_KEY_FORMAT);
    assert_non_null(strstr(d.msg, "encrypted"));
    BIO_free(b);
    EVP_PKEY_free(pk);
    assert_int_equal(ERR_peek_error(), 0);
}

static void load_arg_errors(void **state)
{
    dpp_key *k = NULL;
    dpp_diag d;
    uint8_t *big = calloc(1, DPP_KEY_MAX_INPUT_LEN + 1);
    (void)state;
    assert_non_null(big);
    assert_int_equal(dpp_key_load((const uint8_t *)"x", 1, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_key_load(NULL, 3, &k, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_key_load(big, DPP_KEY_MAX_INPUT_LEN + 1, &k, &d), DPP_ERR_TOO_LARGE);
    assert_non_null(strstr(d.msg, "65536"));
    assert_int_equal(dpp_key_load(big, DPP_KEY_MAX_INPUT_LEN, &k, NULL), DPP_ERR_KEY_FORMAT);
    assert_int_equal(dpp_key_generate((dpp_alg)-36, &k, &d), DPP_ERR_INVALID_ARG);
    assert_null(k);
    assert_non_null(strstr(d.msg, "-36"));
    assert_int_equal(dpp_key_generate(DPP_ALG_ES256, NULL, &d), DPP_ERR_INVALID_ARG);
    free(big);
}

static void export_errors(void **state)
{
    dpp_key *k = NULL;
    size_t n = 0, need = 0;
    char pem[1024];
    uint8_t der[256];
    (void)state;
    assert_int_equal(dpp_key_generate(DPP_ALG_ES256, &k, NULL), DPP_OK);

    assert_int_equal(dpp_key_public_pem(k, NULL, 0, &need), DPP_OK);
    assert_int_equal(need, 178); /* 91-byte SPKI: 27 + 124 base64 + 2 newlines + 25 */
    /* out_cap must include the NUL */
    n = 7;
    assert_int_equal(dpp_key_public_pem(k, pem, need, &n), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 0);
    assert_string_equal(pem, "");
    assert_int_equal(dpp_key_public_pem(k, pem, need + 1, &n), DPP_OK);
    assert_int_equal(n, need);
    assert_int_equal(pem[need], '\0');
    assert_int_equal(dpp_key_public_pem(NULL, pem, sizeof pem, &n), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_key_public_pem(k, pem, sizeof pem, NULL), DPP_ERR_INVALID_ARG);

    assert_int_equal(dpp_key_private_pem(k, NULL, 0, &need), DPP_OK);
    assert_int_equal(dpp_key_private_pem(k, pem, need, &n), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(dpp_key_private_pem(k, pem, need + 1, &n), DPP_OK);
    assert_int_equal(dpp_key_private_pem(NULL, pem, sizeof pem, &n), DPP_ERR_INVALID_ARG);

    assert_int_equal(dpp_key_public_der(k, NULL, 0, &need), DPP_OK);
    assert_int_equal(need, 91);
    assert_int_equal(dpp_key_public_der(k, der, need - 1, &n), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 0);
    assert_int_equal(dpp_key_public_der(k, der, need, &n), DPP_OK);
    assert_int_equal(n, 91);
    assert_int_equal(der[0], 0x30);
    assert_int_equal(dpp_key_public_der(NULL, der, sizeof der, &n), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_key_public_der(k, der, sizeof der, NULL), DPP_ERR_INVALID_ARG);
    dpp_key_free(k);
}

static void null_accessors_and_refcount(void **state)
{
    dpp_key *k = NULL, *r1, *r2;
    uint8_t kid[DPP_KID_LEN], kid2[DPP_KID_LEN];
    int64_t a = 5, b = 5;
    (void)state;
    assert_int_equal((int)dpp_key_alg(NULL), 0);
    assert_false(dpp_key_is_private(NULL));
    memset(kid, 0xaa, sizeof kid);
    dpp_key_kid(NULL, kid);
    memset(kid2, 0, sizeof kid2);
    assert_memory_equal(kid, kid2, DPP_KID_LEN);
    dpp_key_kid(NULL, NULL); /* no crash */
    assert_false(dpp_key_validity(NULL, &a, &b));
    assert_int_equal(a, 0);
    assert_int_equal(b, 0);
    assert_null(dpp_key_ref(NULL));
    dpp_key_free(NULL);
    assert_null(dpp_key_crypto(NULL));
    assert_int_equal(dpp_key_sig_len(NULL), 0);

    assert_int_equal(dpp_key_generate(DPP_ALG_EDDSA, &k, NULL), DPP_OK);
    r1 = dpp_key_ref(k);
    r2 = dpp_key_ref(r1);
    assert_ptr_equal(r1, k);
    assert_ptr_equal(r2, k);
    dpp_key_kid(k, kid);
    dpp_key_free(k);  /* two references left */
    dpp_key_free(r1); /* one left: still usable */
    dpp_key_kid(r2, kid2);
    assert_memory_equal(kid, kid2, DPP_KID_LEN);
    assert_int_equal(dpp_key_alg(r2), DPP_ALG_EDDSA);
    dpp_key_free(r2); /* freed; valgrind/ASan check there is no leak */
}

/* ---- crypto port ---- */

/* Checks a COSE signature from libdpp with OpenSSL directly: r||s -> DER for
 * ECDSA, PSS with salt length exactly 32 for PS256. */
static int ossl_verify_cose_sig(EVP_PKEY *pk, dpp_alg alg, const uint8_t *msg, size_t len, const uint8_t *sig,
                                size_t sig_len)
{
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = NULL;
    unsigned char der[160], *p = der;
    const uint8_t *vs = sig;
    size_t vl = sig_len;
    const EVP_MD *md = alg == DPP_ALG_ES384 ? EVP_sha384() : alg == DPP_ALG_EDDSA ? NULL : EVP_sha256();
    int ok;
    if (alg == DPP_ALG_ES256 || alg == DPP_ALG_ES384) {
        size_t w = sig_len / 2;
        ECDSA_SIG *es = ECDSA_SIG_new();
        assert_int_equal(ECDSA_SIG_set0(es, BN_bin2bn(sig, (int)w, NULL), BN_bin2bn(sig + w, (int)w, NULL)), 1);
        vl = (size_t)i2d_ECDSA_SIG(es, &p);
        vs = der;
        ECDSA_SIG_free(es);
    }
    assert_int_equal(EVP_DigestVerifyInit(m, &pc, md, NULL, pk), 1);
    if (alg == DPP_ALG_PS256) {
        assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING), 1);
        assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 32), 1);
        assert_int_equal(EVP_PKEY_CTX_set_rsa_mgf1_md(pc, EVP_sha256()), 1);
    }
    ok = EVP_DigestVerify(m, vs, vl, msg, len);
    EVP_MD_CTX_free(m);
    ERR_clear_error();
    return ok;
}

/* Makes an OpenSSL signature (PSS salt 32 / DER -> r||s by hand) to check
 * that libdpp verifies signatures it did not make. */
static size_t ossl_sign_cose(EVP_PKEY *pk, dpp_alg alg, const uint8_t *msg, size_t len, uint8_t *out)
{
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = NULL;
    unsigned char sig[600];
    size_t sl = sizeof sig;
    const EVP_MD *md = alg == DPP_ALG_ES384 ? EVP_sha384() : alg == DPP_ALG_EDDSA ? NULL : EVP_sha256();
    assert_int_equal(EVP_DigestSignInit(m, &pc, md, NULL, pk), 1);
    if (alg == DPP_ALG_PS256) {
        assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING), 1);
        assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 32), 1);
        assert_int_equal(EVP_PKEY_CTX_set_rsa_mgf1_md(pc, EVP_sha256()), 1);
    }
    assert_int_equal(EVP_DigestSign(m, sig, &sl, msg, len), 1);
    EVP_MD_CTX_free(m);
    if (alg == DPP_ALG_ES256 || alg == DPP_ALG_ES384) {
        int w = alg == DPP_ALG_ES256 ? 32 : 48;
        const unsigned char *p = sig;
        ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)sl);
        const BIGNUM *r, *s;
        assert_non_null(es);
        ECDSA_SIG_get0(es, &r, &s);
        assert_int_equal(BN_bn2binpad(r, out, w), w);
        assert_int_equal(BN_bn2binpad(s, out + w, w), w);
        ECDSA_SIG_free(es);
        return (size_t)(2 * w);
    }
    memcpy(out, sig, sl);
    return sl;
}

static void crypto_sign_verify(void **state)
{
    static const uint8_t msg[] = "the message to sign";
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++) {
        dpp_key *k = NULL, *kp = NULL;
        uint8_t sig[DPP_CRYPTO_MAX_SIG_LEN + 1], osig[600];
        size_t sl = 0, osl, want, plen = 0;
        char *pem;
        EVP_PKEY *opk;
        assert_int_equal(dpp_key_generate(k_algs[i], &k, NULL), DPP_OK);
        pem = dpp_priv_pem(k, &plen);
        opk = ossl_read_privkey_pem(pem, plen);
        want = dpp_key_sig_len(k);

        assert_int_equal(dpp_key_sign(k, msg, sizeof msg, sig, sizeof sig, &sl), DPP_OK);
        assert_int_equal(sl, want);
        assert_int_equal(ossl_verify_cose_sig(opk, k_algs[i], msg, sizeof msg, sig, sl), 1);
        assert_int_equal(dpp_key_verify(k, msg, sizeof msg, sig, sl), DPP_OK);

        /* the public key alone verifies */
        {
            size_t publen = 0;
            char *pub = dpp_pub_pem(k, &publen);
            assert_int_equal(dpp_key_load((const uint8_t *)pub, publen, &kp, NULL), DPP_OK);
            assert_int_equal(dpp_key_verify(kp, msg, sizeof msg, sig, sl), DPP_OK);
            assert_int_equal(dpp_key_sign(kp, msg, sizeof msg, sig, sizeof sig, &sl), DPP_ERR_KEY_NOT_PRIVATE);
            assert_int_equal(sl, 0);
            sl = want;
            free(pub);
        }
        /* a signature made by OpenSSL verifies */
        osl = ossl_sign_cose(opk, k_algs[i], msg, sizeof msg, osig);
        assert_int_equal(osl, want);
        assert_int_equal(dpp_key_verify(kp, msg, sizeof msg, osig, osl), DPP_OK);

        /* wrong message, flipped bits in several places, wrong lengths */
        assert_int_equal(dpp_key_verify(kp, msg, sizeof msg - 1, sig, sl), DPP_ERR_SIGNATURE);
        for (size_t pos = 0; pos < sl; pos += sl / 4) {
            sig[pos] ^= 0x01;
            assert_int_equal(dpp_key_verify(kp, msg, sizeof msg, sig, sl), DPP_ERR_SIGNATURE);
            sig[pos] ^= 0x01;
        }
        sig[sl - 1] ^= 0x80;
        assert_int_equal(dpp_key_verify(kp, msg, sizeof msg, sig, sl), DPP_ERR_SIGNATURE);
        sig[sl - 1] ^= 0x80;
        assert_int_equal(dpp_key_verify(kp, msg, sizeof msg, sig, sl - 1), DPP_ERR_SIGNATURE);
        assert_int_equal(dpp_key_verify(kp, msg, sizeof msg, sig, sl + 1), DPP_ERR_SIGNATURE);
        assert_int_equal(dpp_key_verify(kp, msg, sizeof msg, sig, 0), DPP_ERR_SIGNATURE);
        assert_int_equal(dpp_key_verify(kp, msg, sizeof msg, NULL, 0), DPP_ERR_SIGNATURE);
        /* all-zero and all-0xff signatures (r = 0, values >= the order or modulus) */
        memset(sig, 0, want);
        assert_int_equal(dpp_key_verify(kp, msg, sizeof msg, sig, want), DPP_ERR_SIGNATURE);
        memset(sig, 0xff, want);
        assert_int_equal(dpp_key_verify(kp, msg, sizeof msg, sig, want), DPP_ERR_SIGNATURE);
        assert_int_equal(ERR_peek_error(), 0); /* the queue was cleared */

        /* empty message */
        assert_int_equal(dpp_key_sign(k, NULL, 0, sig, sizeof sig, &sl), DPP_OK);
        assert_int_equal(dpp_key_verify(kp, NULL, 0, sig, sl), DPP_OK);
        assert_int_equal(dpp_key_verify(kp, (const uint8_t *)"", 0, sig, sl), DPP_OK);

        /* argument errors */
        assert_int_equal(dpp_key_sign(k, msg, sizeof msg, sig, want - 1, &sl), DPP_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(dpp_key_sign(NULL, msg, sizeof msg, sig, sizeof sig, &sl), DPP_ERR_INVALID_ARG);
        assert_int_equal(dpp_key_sign(k, NULL, 3, sig, sizeof sig, &sl), DPP_ERR_INVALID_ARG);
        assert_int_equal(dpp_key_sign(k, msg, sizeof msg, NULL, sizeof sig, &sl), DPP_ERR_INVALID_ARG);
        assert_int_equal(dpp_key_sign(k, msg, sizeof msg, sig, sizeof sig, NULL), DPP_ERR_INVALID_ARG);
        assert_int_equal(dpp_key_verify(NULL, msg, sizeof msg, sig, want), DPP_ERR_INVALID_ARG);
        assert_int_equal(dpp_key_verify(k, NULL, 1, sig, want), DPP_ERR_INVALID_ARG);
        assert_int_equal(dpp_key_verify(k, msg, sizeof msg, NULL, want), DPP_ERR_INVALID_ARG);

        free(pem);
        EVP_PKEY_free(opk);
        dpp_key_free(k);
        dpp_key_free(kp);
    }
}

/* ECDSA r||s edge: r or s with leading zero bytes is still fixed width, and
 * a signature from the wrong-size curve is rejected by length. */
static void crypto_ecdsa_widths(void **state)
{
    dpp_key *k256 = NULL, *k384 = NULL;
    uint8_t sig[96];
    size_t sl = 0;
    int seen_short = 0;
    (void)state;
    assert_int_equal(dpp_key_generate(DPP_ALG_ES256, &k256, NULL), DPP_OK);
    assert_int_equal(dpp_key_generate(DPP_ALG_ES384, &k384, NULL), DPP_OK);
    /* Sign until r or s has a leading zero byte (p = 1/128 per try). */
    for (int i = 0; i < 2000 && !seen_short; i++) {
        uint8_t m[4] = {(uint8_t)i, (uint8_t)(i >> 8), 1, 2};
        assert_int_equal(dpp_key_sign(k256, m, sizeof m, sig, sizeof sig, &sl), DPP_OK);
        assert_int_equal(sl, 64);
        if (sig[0] == 0 || sig[32] == 0) {
            seen_short = 1;
            assert_int_equal(dpp_key_verify(k256, m, sizeof m, sig, sl), DPP_OK);
        }
    }
    assert_true(seen_short);
    assert_int_equal(dpp_key_sign(k384, sig, 10, sig, sizeof sig, &sl), DPP_OK);
    assert_int_equal(sl, 96);
    assert_int_equal(dpp_key_verify(k256, sig, 10, sig, 96), DPP_ERR_SIGNATURE);
    assert_int_equal(dpp_key_verify(k384, sig, 10, sig, 64), DPP_ERR_SIGNATURE);
    dpp_key_free(k256);
    dpp_key_free(k384);
}

/* PS256 uses salt length 32 exactly: a PSS signature with another salt
 * length (20, or the maximum) is rejected. */
static void crypto_pss_salt_len(void **state)
{
    EVP_PKEY *pk = ossl_keygen("RSA", NULL, 2048);
    dpp_key *k = NULL;
    static const uint8_t msg[] = "pss";
    const int salts[] = {20, RSA_PSS_SALTLEN_MAX, 0};
    (void)state;
    assert_int_equal(load_form(pk, DER_PUB, &k, NULL), DPP_OK);
    for (size_t i = 0; i < sizeof salts / sizeof salts[0]; i++) {
        EVP_MD_CTX *m = EVP_MD_CTX_new();
        EVP_PKEY_CTX *pc = NULL;
        uint8_t sig[256];
        size_t sl = sizeof sig;
        assert_int_equal(EVP_DigestSignInit(m, &pc, EVP_sha256(), NULL, pk), 1);
        assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING), 1);
        assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, salts[i]), 1);
        assert_int_equal(EVP_DigestSign(m, sig, &sl, msg, sizeof msg), 1);
        EVP_MD_CTX_free(m);
        assert_int_equal(dpp_key_verify(k, msg, sizeof msg, sig, sl), DPP_ERR_SIGNATURE);
    }
    /* PKCS#1 v1.5 with SHA-256 is not PS256 either */
    {
        EVP_MD_CTX *m = EVP_MD_CTX_new();
        uint8_t sig[256];
        size_t sl = sizeof sig;
        assert_int_equal(EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL, pk), 1);
        assert_int_equal(EVP_DigestSign(m, sig, &sl, msg, sizeof msg), 1);
        EVP_MD_CTX_free(m);
        assert_int_equal(dpp_key_verify(k, msg, sizeof msg, sig, sl), DPP_ERR_SIGNATURE);
    }
    ERR_clear_error();
    dpp_key_free(k);
    EVP_PKEY_free(pk);
}

static void crypto_sha256(void **state)
{
    /* FIPS 180-2 test vectors */
    static const uint8_t abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                                    0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                                    0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    static const uint8_t empty[32] = {0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
                                      0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
                                      0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};
    uint8_t out[32];
    (void)state;
    assert_int_equal(dpp_crypto_sha256((const uint8_t *)"abc", 3, out), DPP_OK);
    assert_memory_equal(out, abc, 32);
    assert_int_equal(dpp_crypto_sha256(NULL, 0, out), DPP_OK);
    assert_memory_equal(out, empty, 32);
    assert_int_equal(dpp_crypto_sha256(NULL, 1, out), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_crypto_sha256((const uint8_t *)"abc", 3, NULL), DPP_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alg_names),
        cmocka_unit_test(round_trip_all_algs),
        cmocka_unit_test(load_openssl_forms),
        cmocka_unit_test(compressed_point_same_kid),
        cmocka_unit_test(pem_with_leading_blocks),
        cmocka_unit_test(cert_round_trip_all_algs),
        cmocka_unit_test(cert_validity_from_openssl),
        cmocka_unit_test(cert_errors),
        cmocka_unit_test(unsupported_key_types),
        cmocka_unit_test(weak_ed25519_keys),
        cmocka_unit_test(weak_ec_keys),
        cmocka_unit_test(weak_rsa_keys),
        cmocka_unit_test(explicit_ec_params_rejected),
        cmocka_unit_test(unsupported_cert_key),
        cmocka_unit_test(garbage_inputs),
        cmocka_unit_test(encrypted_keys_rejected),
        cmocka_unit_test(load_arg_errors),
        cmocka_unit_test(export_errors),
        cmocka_unit_test(null_accessors_and_refcount),
        cmocka_unit_test(crypto_sign_verify),
        cmocka_unit_test(crypto_ecdsa_widths),
        cmocka_unit_test(crypto_pss_salt_len),
        cmocka_unit_test(crypto_sha256),
    };
    return cmocka_run_group_tests_name("test_key", tests, NULL, NULL);
}
