/* SPDX-License-Identifier: Apache-2.0 */
/* key_check.c: the portable key decisions, from facts alone (no backend
 * key needed), and its Ed25519 arithmetic against an OpenSSL BIGNUM
 * reference on edge and random inputs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto.h"
#include "key_check.h"

/* ---- Ed25519 ---- */

/* The reference: is y (sign bit cleared, canonical) on the curve? Computed
 * with OpenSSL BIGNUMs as x^2 = (y^2 - 1) / (d y^2 + 1) having a root. */
static int ref_on_curve(const uint8_t pub[32])
{
    uint8_t y[32];
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *p = BN_new(), *by = BN_new(), *t = BN_new(), *u = BN_new(), *v = BN_new(), *d = BN_new(), *r;
    int on;

    memcpy(y, pub, 32);
    y[31] &= 0x7f;
    assert_non_null(ctx);
    assert_true(p != NULL && by != NULL && t != NULL && u != NULL && v != NULL && d != NULL);
    assert_int_equal(BN_set_word(p, 0), 1);
    assert_int_equal(BN_set_bit(p, 255), 1);
    assert_int_equal(BN_sub_word(p, 19), 1);
    assert_non_null(BN_lebin2bn(y, 32, by));
    assert_int_equal(BN_nnmod(by, by, p, ctx), 1);
    assert_int_equal(BN_set_word(u, 121666), 1);
    assert_non_null(BN_mod_inverse(d, u, p, ctx));
    assert_int_equal(BN_mul_word(d, 121665), 1);
    assert_int_equal(BN_nnmod(d, d, p, ctx), 1);
    assert_int_equal(BN_sub(d, p, d), 1);
    assert_int_equal(BN_mod_sqr(t, by, p, ctx), 1);
    assert_non_null(BN_copy(u, t));
    assert_int_equal(BN_mod_sub(u, u, BN_value_one(), p, ctx), 1);
    assert_int_equal(BN_mod_mul(v, d, t, p, ctx), 1);
    assert_int_equal(BN_mod_add(v, v, BN_value_one(), p, ctx), 1);
    assert_non_null(BN_mod_inverse(v, v, p, ctx));
    assert_int_equal(BN_mod_mul(t, u, v, p, ctx), 1);
    r = BN_mod_sqrt(NULL, t, p, ctx);
    on = r != NULL;
    BN_free(r);
    BN_free(p);
    BN_free(by);
    BN_free(t);
    BN_free(u);
    BN_free(v);
    BN_free(d);
    BN_CTX_free(ctx);
    return on;
}

/* y with the sign bit cleared >= p = 2^255 - 19. */
static int non_canonical(const uint8_t pub[32])
{
    if ((pub[31] & 0x7f) != 0x7f) return 0;
    for (int i = 30; i >= 1; i--)
        if (pub[i] != 0xff) return 0;
    return pub[0] >= 0xed;
}

/* The checker agrees with the reference on a canonical key that is not of
 * small order. */
static void expect_like_reference(const uint8_t pub[32])
{
    dpp_diag d;
    dpp_err err = dpp_key_ed25519_check(pub, &d);
    if (err == DPP_ERR_KEY_WEAK && strstr(d.msg, "small-order") != NULL) return; /* covered below */
    if (non_canonical(pub)) {
        assert_int_equal(err, DPP_ERR_KEY_WEAK);
        return;
    }
    if (ref_on_curve(pub)) {
        assert_int_equal(err, DPP_OK);
    } else {
        assert_int_equal(err, DPP_ERR_KEY_WEAK);
        assert_string_equal(d.msg, "Ed25519 public key is not a point on the curve");
    }
}

static void ed25519_random_against_reference(void **state)
{
    uint8_t pub[32];
    size_t on = 0;
    (void)state;
    for (int i = 0; i < 2000; i++) {
        dpp_diag d;
        assert_int_equal(RAND_bytes(pub, sizeof pub), 1);
        expect_like_reference(pub);
        if (dpp_key_ed25519_check(pub, &d) == DPP_OK) on++;
    }
    /* About half of all y are on the curve: both answers were exercised. */
    assert_true(on > 800 && on < 1200);
}

static void ed25519_real_keys_pass(void **state)
{
    (void)state;
    for (int i = 0; i < 200; i++) {
        EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        uint8_t pub[32];
        size_t n = sizeof pub;
        dpp_diag d;
        assert_non_null(pk);
        assert_int_equal(EVP_PKEY_get_raw_public_key(pk, pub, &n), 1);
        assert_int_equal(dpp_key_ed25519_check(pub, &d), DPP_OK);
        EVP_PKEY_free(pk);
    }
}

static void ed25519_edges(void **state)
{
    uint8_t pub[32];
    dpp_diag d;
    (void)state;
    /* y = p .. 2^255 - 1, either sign bit: never canonical; y = p and
     * p + 1 are the small-order y = 0 and y = 1 in disguise. */
    for (int low = 0xed; low <= 0xff; low++) {
        for (int sign = 0; sign < 2; sign++) {
            memset(pub, 0xff, sizeof pub);
            pub[0] = (uint8_t)low;
            pub[31] = sign ? 0xff : 0x7f;
            assert_int_equal(dpp_key_ed25519_check(pub, &d), DPP_ERR_KEY_WEAK);
            if (low == 0xed)
                assert_string_equal(d.msg, "Ed25519 public key is a small-order point (order 4), non-canonically encoded");
            else if (low == 0xee)
                assert_string_equal(d.msg, "Ed25519 public key is a small-order point (order 1), non-canonically encoded");
            else
                assert_string_equal(d.msg, "Ed25519 public key is not canonically encoded (y >= 2^255 - 19)");
        }
    }
    /* y = p - 1 (order 2), y = 1 (identity), y = 0 (order 4), with the sign bit set */
    memset(pub, 0xff, sizeof pub);
    pub[0] = 0xec;
    assert_int_equal(dpp_key_ed25519_check(pub, &d), DPP_ERR_KEY_WEAK);
    assert_string_equal(d.msg, "Ed25519 public key is a small-order point (order 2)");
    memset(pub, 0, sizeof pub);
    pub[0] = 1;
    pub[31] = 0x80;
    assert_int_equal(dpp_key_ed25519_check(pub, &d), DPP_ERR_KEY_WEAK);
    assert_string_equal(d.msg, "Ed25519 public key is a small-order point (order 1)");
    /* y = 2 .. 300 and p - 300 .. p - 2: small values and values near p,
     * where reduction and carries are exercised. */
    for (unsigned v = 2; v <= 300; v++) {
        memset(pub, 0, sizeof pub);
        pub[0] = (uint8_t)v;
        pub[1] = (uint8_t)(v >> 8);
        expect_like_reference(pub);
        memset(pub, 0xff, sizeof pub);
        pub[31] = 0x7f;
        /* p - v = 2^255 - 19 - v */
        {
            unsigned borrow = 19 + v, acc;
            for (int i = 0; i < 32 && borrow != 0; i++) {
                acc = (unsigned)pub[i] + 256u - (borrow & 0xffu);
                pub[i] = (uint8_t)acc;
                borrow = (borrow >> 8) + (acc < 256u ? 1u : 0u);
            }
        }
        expect_like_reference(pub);
    }
}

/* ---- the algorithm from facts ---- */

static void classify_from_facts(void **state)
{
    dpp_crypto_key_facts f;
    dpp_alg alg;
    size_t sl;
    dpp_diag d;
    (void)state;

    memset(&f, 0, sizeof f);
    f.kty = DPP_CRYPTO_KTY_EC;
    f.ec_named = true;
    f.curve = DPP_CRYPTO_CURVE_P256;
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_OK);
    assert_int_equal(alg, DPP_ALG_ES256);
    assert_int_equal(sl, 64);
    f.curve = DPP_CRYPTO_CURVE_P384;
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_OK);
    assert_int_equal(alg, DPP_ALG_ES384);
    assert_int_equal(sl, 96);
    f.curve = DPP_CRYPTO_CURVE_OTHER;
    strcpy(f.curve_name, "secp256k1");
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_ERR_KEY_TYPE);
    assert_string_equal(d.msg, "EC curve secp256k1 not supported (P-256 or P-384 only)");
    f.ec_named = false;
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_ERR_KEY_TYPE);
    assert_string_equal(d.msg, "EC key without a named curve");
    f.ec_explicit = true;
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_ERR_KEY_TYPE);
    assert_string_equal(d.msg, "EC key with explicit curve parameters: only named P-256 and P-384 are supported");

    memset(&f, 0, sizeof f);
    f.kty = DPP_CRYPTO_KTY_ED25519;
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_OK);
    assert_int_equal(alg, DPP_ALG_EDDSA);
    assert_int_equal(sl, 64);

    memset(&f, 0, sizeof f);
    f.kty = DPP_CRYPTO_KTY_RSA;
    f.rsa_bits = 3072;
    f.rsa_size = 384;
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_OK);
    assert_int_equal(alg, DPP_ALG_PS256);
    assert_int_equal(sl, 384);
    f.rsa_bits = 1024;
    f.rsa_size = 128;
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_ERR_KEY_WEAK);
    assert_string_equal(d.msg, "RSA modulus of 1024 bits: need >= 2048");
    f.rsa_bits = 8192;
    f.rsa_size = 1024;
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_ERR_KEY_TYPE);
    assert_string_equal(d.msg, "RSA key of 8192 bits: need 2048..4096 bits");

    memset(&f, 0, sizeof f);
    f.kty = DPP_CRYPTO_KTY_RSA_PSS;
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_ERR_KEY_TYPE);
    assert_string_equal(d.msg, "key type RSA-PSS (restricted) not supported (P-256, P-384, Ed25519 or RSA >= 2048 bits)");
    f.kty = DPP_CRYPTO_KTY_OTHER;
    strcpy(f.type_name, "X25519");
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_ERR_KEY_TYPE);
    assert_string_equal(d.msg, "key type X25519 not supported (P-256, P-384, Ed25519 or RSA >= 2048 bits)");
    f.type_name[0] = '\0';
    assert_int_equal(dpp_key_classify(&f, &alg, &sl, &d), DPP_ERR_KEY_TYPE);
    assert_string_equal(d.msg, "key type unknown not supported (P-256, P-384, Ed25519 or RSA >= 2048 bits)");
}

/* ---- weak RSA exponents and undecodable EC points, from facts ---- */

static void rsa_exponents_from_facts(void **state)
{
    static const struct {
        int bits;
        bool odd;
        uint64_t word;
        const char *msg;
    } cases[] = {
        {0, false, 0, "RSA public exponent 0: need an odd exponent >= 3"},
        {1, true, 1, "RSA public exponent 1: need an odd exponent >= 3"},
        {17, false, 65536, "RSA public exponent 65536: need an odd exponent >= 3"},
        {64, false, UINT64_C(0x8000000000000000), "RSA public exponent 9223372036854775808: need an odd exponent >= 3"},
        {65, false, 0, "RSA public exponent of 65 bits is even: need an odd exponent >= 3"},
    };
    dpp_crypto_key_facts f;
    dpp_diag d;
    (void)state;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(&f, 0, sizeof f);
        f.kty = DPP_CRYPTO_KTY_RSA;
        f.rsa_bits = 2048;
        f.rsa_e_ok = true;
        f.rsa_e_bits = cases[i].bits;
        f.rsa_e_odd = cases[i].odd;
        f.rsa_e_word = cases[i].word;
        assert_int_equal(dpp_key_weak_check(NULL, &f, &d), DPP_ERR_KEY_WEAK);
        assert_string_equal(d.msg, cases[i].msg);
    }
    memset(&f, 0, sizeof f);
    f.kty = DPP_CRYPTO_KTY_RSA;
    f.rsa_bits = 2047;
    assert_int_equal(dpp_key_weak_check(NULL, &f, &d), DPP_ERR_KEY_WEAK);
    assert_string_equal(d.msg, "RSA modulus of 2047 bits: need >= 2048");
    f.rsa_bits = 2048;
    assert_int_equal(dpp_key_weak_check(NULL, &f, &d), DPP_ERR_KEY_FORMAT);
    assert_string_equal(d.msg, "RSA public exponent unreadable");
    memset(&f, 0, sizeof f);
    f.kty = DPP_CRYPTO_KTY_ED25519;
    assert_int_equal(dpp_key_weak_check(NULL, &f, &d), DPP_ERR_KEY_FORMAT);
    assert_string_equal(d.msg, "Ed25519 public key unreadable");
}

static void spki_diagnosis(void **state)
{
    static const struct {
        dpp_crypto_curve curve;
        size_t len;
        uint8_t first;
        dpp_err want;
        const char *msg;
    } cases[] = {
        {DPP_CRYPTO_CURVE_P256, 1, 0x00, DPP_ERR_KEY_WEAK, "P-256 public key is the point at infinity"},
        {DPP_CRYPTO_CURVE_P384, 1, 0x00, DPP_ERR_KEY_WEAK, "P-384 public key is the point at infinity"},
        {DPP_CRYPTO_CURVE_P256, 65, 0x04, DPP_ERR_KEY_WEAK, "P-256 public key is not a point on the curve"},
        {DPP_CRYPTO_CURVE_P256, 65, 0x06, DPP_ERR_KEY_WEAK, "P-256 public key is not a point on the curve"},
        {DPP_CRYPTO_CURVE_P256, 33, 0x03, DPP_ERR_KEY_WEAK, "P-256 public key is not a point on the curve"},
        {DPP_CRYPTO_CURVE_P384, 97, 0x07, DPP_ERR_KEY_WEAK, "P-384 public key is not a point on the curve"},
        {DPP_CRYPTO_CURVE_P384, 49, 0x02, DPP_ERR_KEY_WEAK, "P-384 public key is not a point on the curve"},
        /* wrong shapes and other keys: no diagnosis, the caller's format error */
        {DPP_CRYPTO_CURVE_P256, 64, 0x04, DPP_OK, NULL},
        {DPP_CRYPTO_CURVE_P256, 65, 0x05, DPP_OK, NULL},
        {DPP_CRYPTO_CURVE_P384, 65, 0x04, DPP_OK, NULL},
        {DPP_CRYPTO_CURVE_P256, 1, 0x04, DPP_OK, NULL},
        {DPP_CRYPTO_CURVE_P256, 0, 0x00, DPP_OK, NULL},
        {DPP_CRYPTO_CURVE_NONE, 65, 0x04, DPP_OK, NULL},
        {DPP_CRYPTO_CURVE_OTHER, 1, 0x00, DPP_OK, NULL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dpp_crypto_spki s = {cases[i].curve, cases[i].len, cases[i].first};
        dpp_diag d;
        memset(&d, 0, sizeof d);
        assert_int_equal(dpp_key_spki_diagnose(&s, &d), cases[i].want);
        if (cases[i].msg != NULL) assert_string_equal(d.msg, cases[i].msg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ed25519_random_against_reference),
        cmocka_unit_test(ed25519_real_keys_pass),
        cmocka_unit_test(ed25519_edges),
        cmocka_unit_test(classify_from_facts),
        cmocka_unit_test(rsa_exponents_from_facts),
        cmocka_unit_test(spki_diagnosis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
