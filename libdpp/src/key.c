/* SPDX-License-Identifier: Apache-2.0 */
/* dpp_key: generate, load (PEM/DER key or certificate), export, kid. */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "dpp/dpp_key.h"
#include "crypto.h"
#include "diag.h"
#include "key_internal.h"

struct dpp_key {
    atomic_size_t refs_;
    EVP_PKEY *pkey_;
    dpp_alg alg_;
    bool is_private_;
    bool has_validity_;
    int64_t not_before_;
    int64_t not_after_;
    size_t sig_len_;
    uint8_t kid_[DPP_KID_LEN];
    /* initialised OpenSSL contexts, per operation (key_internal.h) */
    _Atomic(struct dpp_crypto_ctx *) cache_[2][DPP_KEY_CACHE_SLOTS];
};

/* Longest CN accepted (RFC 5280 ub-common-name). */
#define CN_MAX_LEN 64
/* 9999-12-31T23:59:59Z, the last second an X.509 GeneralizedTime can hold. */
#define TIME_MAX_EPOCH INT64_C(253402300799)
#define SERIAL_LEN 16

/* ---- small helpers ---- */

size_t dpp_kid_len(void) { return DPP_KID_LEN; }

const char *dpp_alg_name(dpp_alg alg)
{
    switch (alg) {
    case DPP_ALG_ES256: return "ES256";
    case DPP_ALG_ES384: return "ES384";
    case DPP_ALG_EDDSA: return "EdDSA";
    case DPP_ALG_PS256: return "PS256";
    }
    return NULL;
}

dpp_err dpp_alg_from_name(const char *name, dpp_alg *out)
{
    static const dpp_alg all[] = {DPP_ALG_ES256, DPP_ALG_ES384, DPP_ALG_EDDSA, DPP_ALG_PS256};
    if (out != NULL) *out = (dpp_alg)0;
    if (name == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (strcmp(name, dpp_alg_name(all[i])) == 0) {
            *out = all[i];
            return DPP_OK;
        }
    }
    return DPP_ERR_ALG_UNSUPPORTED;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;                                   /* [0, 399] */
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  /* [0, 365] */
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

/* ASN1_TIME -> seconds since the epoch. 1 on success. */
static int asn1_time_to_epoch(const ASN1_TIME *t, int64_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    *out = days_from_civil((int64_t)tm.tm_year + 1900, (int64_t)tm.tm_mon + 1, tm.tm_mday) * 86400 +
           (int64_t)tm.tm_hour * 3600 + (int64_t)tm.tm_min * 60 + tm.tm_sec;
    return 1;
}

/* A pem_password_cb that refuses: encrypted PEM never prompts. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return -1;
}

/* True if the EVP_PKEY holds private key material. */
static bool has_private(const EVP_PKEY *pkey)
{
    BIGNUM *bn = NULL;
    size_t n = 0;
    bool r = false;
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_EC: r = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &bn) == 1; break;
    case EVP_PKEY_RSA: r = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_D, &bn) == 1; break;
    case EVP_PKEY_ED25519: r = EVP_PKEY_get_raw_private_key(pkey, NULL, &n) == 1 && n > 0; break;
    default: break;
    }
    BN_clear_free(bn);
    return r;
}

/*
 * Decides the algorithm (and signature length) for pkey, or rejects the key
 * type with DPP_ERR_KEY_TYPE. For EC keys it also fixes the point encoding
 * to uncompressed, so the kid does not depend on how the key was stored.
 */
static dpp_err classify(EVP_PKEY *pkey, dpp_alg *alg, size_t *sig_len, dpp_diag *diag)
{
    int id = EVP_PKEY_get_base_id(pkey);
    if (id == EVP_PKEY_EC) {
        char group[64] = "";
        char enc[32] = "";
        size_t n = 0;
        int nid;
        if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_ENCODING, enc, sizeof enc, &n) == 1 &&
            strcmp(enc, OSSL_PKEY_EC_ENCODING_GROUP) != 0)
            return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX,
                                "EC key with explicit curve parameters: only named P-256 and P-384 are supported");
        if (EVP_PKEY_get_group_name(pkey, group, sizeof group, &n) != 1)
            return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX, "EC key without a named curve");
        nid = OBJ_sn2nid(group);
        if (nid == NID_undef) nid = EC_curve_nist2nid(group);
        if (nid == NID_X9_62_prime256v1) {
            *alg = DPP_ALG_ES256;
            *sig_len = 64;
        } else if (nid == NID_secp384r1) {
            *alg = DPP_ALG_ES384;
            *sig_len = 96;
        } else {
            return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX,
                                "EC curve %s not supported (P-256 or P-384 only)", group);
        }
        if (EVP_PKEY_set_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                           OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED) != 1)
            return dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "cannot set EC point format");
        return DPP_OK;
    }
    if (id == EVP_PKEY_ED25519) {
        *alg = DPP_ALG_EDDSA;
        *sig_len = 64;
        return DPP_OK;
    }
    if (id == EVP_PKEY_RSA) {
        int bits = EVP_PKEY_get_bits(pkey);
        int size = EVP_PKEY_get_size(pkey);
        if (bits > 0 && bits < DPP_KEY_RSA_MIN_BITS)
            return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "RSA modulus of %d bits: need >= %d", bits,
                                DPP_KEY_RSA_MIN_BITS);
        if (bits < DPP_KEY_RSA_MIN_BITS || bits > DPP_KEY_RSA_MAX_BITS || size <= 0 ||
            (size_t)size > DPP_CRYPTO_MAX_SIG_LEN)
            return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX, "RSA key of %d bits: need %d..%d bits", bits,
                                DPP_KEY_RSA_MIN_BITS, DPP_KEY_RSA_MAX_BITS);
        *alg = DPP_ALG_PS256;
        *sig_len = (size_t)size;
        return DPP_OK;
    }
    {
        const char *name = EVP_PKEY_get0_type_name(pkey);
        if (id == EVP_PKEY_RSA_PSS) name = "RSA-PSS (restricted)";
        return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX,
                            "key type %s not supported (P-256, P-384, Ed25519 or RSA >= 2048 bits)",
                            name != NULL ? name : "unknown");
    }
}

/* ---- weak keys (spec §5.2): refused wherever a key enters ---- */

/* The canonical encodings (sign bit clear) of the y coordinates of the
 * Ed25519 points of small order, with that order: y = 1 (the identity),
 * y = p - 1, y = 0, and the two y of the points of order 8. A public key
 * whose y reduces modulo p to one of these is a point of order 1, 2, 4 or 8
 * whatever its sign bit: with it, R = identity and S = 0 verify any message. */
static const struct {
    uint8_t y[32];
    int order;
} k_ed25519_small[] = {
    {{0x01}, 1},
    {{0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
     2},
    {{0x00}, 4},
    {{0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
      0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
     8},
    {{0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
      0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
     8},
};

#define ED25519_LEN 32

/*
 * An Ed25519 public key (RFC 8032 §5.1.3 encoding) must not be a point of
 * small order, must be canonical (y < p) and must be on the curve
 * (x^2 = (y^2 - 1) / (d y^2 + 1) has a root). DPP_OK or DPP_ERR_KEY_WEAK.
 */
static dpp_err ed25519_check(const uint8_t pub[ED25519_LEN], dpp_diag *diag)
{
    uint8_t y[ED25519_LEN], yr[ED25519_LEN];
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *p, *by, *t, *u, *v, *d, *root = NULL;
    dpp_err err = DPP_ERR_CRYPTO_BACKEND;
    bool non_canonical;

    memcpy(y, pub, ED25519_LEN);
    y[ED25519_LEN - 1] &= 0x7f; /* the sign bit of x */
    if (ctx == NULL) goto done;
    BN_CTX_start(ctx);
    p = BN_CTX_get(ctx);
    by = BN_CTX_get(ctx);
    t = BN_CTX_get(ctx);
    u = BN_CTX_get(ctx);
    v = BN_CTX_get(ctx);
    d = BN_CTX_get(ctx);
    if (d == NULL) goto done;
    /* p = 2^255 - 19 */
    if (BN_set_word(p, 0) != 1 || BN_set_bit(p, 255) != 1 || BN_sub_word(p, 19) != 1) goto done;
    if (BN_lebin2bn(y, ED25519_LEN, by) == NULL) goto done;
    non_canonical = BN_cmp(by, p) >= 0;
    if (BN_nnmod(t, by, p, ctx) != 1 || BN_bn2lebinpad(t, yr, ED25519_LEN) != ED25519_LEN) goto done;
    for (size_t i = 0; i < sizeof k_ed25519_small / sizeof k_ed25519_small[0]; i++) {
        if (memcmp(yr, k_ed25519_small[i].y, ED25519_LEN) == 0) {
            err = dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "Ed25519 public key is a small-order point (order %d)%s",
                               k_ed25519_small[i].order, non_canonical ? ", non-canonically encoded" : "");
            goto done;
        }
    }
    if (non_canonical) {
        err = dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX,
                           "Ed25519 public key is not canonically encoded (y >= 2^255 - 19)");
        goto done;
    }
    /* d = -121665 / 121666; u = y^2 - 1; v = d y^2 + 1; x^2 = u / v. */
    if (BN_set_word(u, 121666) != 1 || BN_mod_inverse(d, u, p, ctx) == NULL || BN_mul_word(d, 121665) != 1 ||
        BN_nnmod(d, d, p, ctx) != 1 || BN_sub(d, p, d) != 1)
        goto done;
    if (BN_mod_sqr(t, by, p, ctx) != 1 || BN_copy(u, t) == NULL || BN_mod_sub(u, u, BN_value_one(), p, ctx) != 1 ||
        BN_mod_mul(v, d, t, p, ctx) != 1 || BN_mod_add(v, v, BN_value_one(), p, ctx) != 1 ||
        BN_mod_inverse(v, v, p, ctx) == NULL || BN_mod_mul(t, u, v, p, ctx) != 1)
        goto done;
    root = BN_mod_sqrt(NULL, t, p, ctx);
    if (root == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "Ed25519 public key is not a point on the curve");
        goto done;
    }
    err = DPP_OK;
done:
    if (err == DPP_ERR_CRYPTO_BACKEND) dpp_diag_set(diag, err, SIZE_MAX, "Ed25519 public key check failed");
    BN_free(root);
    if (ctx != NULL) BN_CTX_end(ctx);
    BN_CTX_free(ctx);
    ERR_clear_error();
    return err;
}

/* OpenSSL's reason for the last failure, for a message. */
static const char *ossl_reason(void)
{
    const char *r = ERR_reason_error_string(ERR_peek_last_error());
    return r != NULL ? r : "unknown reason";
}

/* "P-256", "P-384" or the curve's own name, for messages. */
static const char *ec_label(const EVP_PKEY *pkey, char *buf, size_t cap)
{
    size_t n = 0;
    int nid;
    if (EVP_PKEY_get_group_name(pkey, buf, cap, &n) != 1) return "EC";
    nid = OBJ_sn2nid(buf);
    if (nid == NID_undef) nid = EC_curve_nist2nid(buf);
    if (nid == NID_X9_62_prime256v1) return "P-256";
    if (nid == NID_secp384r1) return "P-384";
    return buf;
}

/* An RSA public key: exponent odd and >= 3, modulus >= 2048 bits, then
 * OpenSSL's check (odd composite modulus without small factors). */
static dpp_err rsa_check(EVP_PKEY *pkey, dpp_diag *diag)
{
    BIGNUM *e = NULL;
    int bits = EVP_PKEY_get_bits(pkey);
    dpp_err err = DPP_OK;

    if (bits < DPP_KEY_RSA_MIN_BITS)
        return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "RSA modulus of %d bits: need >= %d", bits,
                            DPP_KEY_RSA_MIN_BITS);
    if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) != 1 || e == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "RSA public exponent unreadable");
    } else if (BN_is_zero(e) || BN_is_one(e) || !BN_is_odd(e)) {
        if (BN_num_bits(e) <= 64)
            err = dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "RSA public exponent %llu: need an odd exponent >= 3",
                               (unsigned long long)BN_get_word(e));
        else
            err = dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX,
                               "RSA public exponent of %d bits is even: need an odd exponent >= 3", BN_num_bits(e));
    }
    BN_free(e);
    ERR_clear_error();
    return err;
}

/* OpenSSL's public-key check (EC: on the curve, not infinity, in the
 * subgroup; RSA: sane modulus and exponent; others: what the provider
 * checks). */
static dpp_err ossl_public_check(EVP_PKEY *pkey, dpp_diag *diag)
{
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    char buf[64];
    int ok;
    dpp_err err = DPP_OK;

    if (pctx == NULL) {
        ERR_clear_error();
        return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    }
    ok = EVP_PKEY_public_check(pctx);
    if (ok != 1) {
        int id = EVP_PKEY_get_base_id(pkey);
        int reason = ERR_GET_REASON(ERR_peek_last_error());
        if (id == EVP_PKEY_EC && reason == EC_R_POINT_AT_INFINITY)
            err = dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key is the point at infinity",
                               ec_label(pkey, buf, sizeof buf));
        else if (id == EVP_PKEY_EC && reason == EC_R_POINT_IS_NOT_ON_CURVE)
            err = dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key is not a point on the curve",
                               ec_label(pkey, buf, sizeof buf));
        else if (id == EVP_PKEY_EC)
            err = dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key fails the public-key check (%s)",
                               ec_label(pkey, buf, sizeof buf), ossl_reason());
        else
            err = dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key fails the public-key check (%s)",
                               id == EVP_PKEY_RSA ? "RSA" : "the", ossl_reason());
    }
    EVP_PKEY_CTX_free(pctx);
    ERR_clear_error();
    return err;
}

/*
 * The one weak-key check every key goes through (key_wrap() for each
 * dpp_key, dpp_key_check_cert() for CA and chain certificates): an Ed25519
 * key of small order, not canonical or not on the curve; an EC point at
 * infinity or off the curve; an RSA key with e = 1, an even e or a modulus
 * under 2048 bits; anything OpenSSL's public-key check refuses.
 */
static dpp_err pkey_weak_check(EVP_PKEY *pkey, dpp_diag *diag)
{
    int id = EVP_PKEY_get_base_id(pkey);
    if (id == EVP_PKEY_ED25519) {
        uint8_t raw[ED25519_LEN];
        size_t n = sizeof raw;
        if (EVP_PKEY_get_raw_public_key(pkey, raw, &n) != 1 || n != sizeof raw) {
            ERR_clear_error();
            return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "Ed25519 public key unreadable");
        }
        return ed25519_check(raw, diag);
    }
    if (id == EVP_PKEY_RSA) {
        dpp_err err = rsa_check(pkey, diag);
        if (err != DPP_OK) return err;
    }
    return ossl_public_check(pkey, diag);
}

/*
 * For a SubjectPublicKeyInfo OpenSSL could not decode: a P-256 or P-384 key
 * whose point has the right shape (00, or 02/03 || x, or 04/06/07 || x || y)
 * but is not a point of the curve is DPP_ERR_KEY_WEAK. DPP_OK means "no
 * diagnosis": the caller reports its own error.
 */
static dpp_err spki_diagnose(const X509_PUBKEY *xpk, dpp_diag *diag)
{
    ASN1_OBJECT *alg = NULL;
    const unsigned char *pk = NULL;
    int pklen = 0, ptype = V_ASN1_UNDEF;
    X509_ALGOR *pa = NULL;
    const void *pval = NULL;
    const char *curve;
    int fl, nid;

    if (xpk == NULL || X509_PUBKEY_get0_param(&alg, &pk, &pklen, &pa, xpk) != 1 || pa == NULL ||
        OBJ_obj2nid(alg) != NID_X9_62_id_ecPublicKey)
        return DPP_OK;
    X509_ALGOR_get0(NULL, &ptype, &pval, pa);
    if (ptype != V_ASN1_OBJECT || pval == NULL) return DPP_OK;
    nid = OBJ_obj2nid(pval);
    if (nid == NID_X9_62_prime256v1) {
        curve = "P-256";
        fl = 32;
    } else if (nid == NID_secp384r1) {
        curve = "P-384";
        fl = 48;
    } else {
        return DPP_OK;
    }
    if (pk == NULL || pklen < 1) return DPP_OK;
    if (pklen == 1 && pk[0] == 0x00)
        return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key is the point at infinity", curve);
    if ((pklen == 1 + fl && (pk[0] == 0x02 || pk[0] == 0x03)) ||
        (pklen == 1 + 2 * fl && (pk[0] == 0x04 || pk[0] == 0x06 || pk[0] == 0x07)))
        return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key is not a point on the curve", curve);
    return DPP_OK;
}

dpp_err dpp_key_check_cert(const struct x509_st *cert, const char *what, dpp_diag *diag)
{
    EVP_PKEY *pkey;
    dpp_diag d;
    dpp_err err;

    if (cert == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "certificate is NULL");
    pkey = X509_get0_pubkey(cert);
    if (pkey == NULL) {
        err = spki_diagnose(X509_get_X509_PUBKEY(cert), &d);
        if (err == DPP_OK) err = dpp_diag_set(&d, DPP_ERR_KEY_FORMAT, SIZE_MAX, "public key unreadable");
    } else {
        err = pkey_weak_check(pkey, &d);
    }
    ERR_clear_error();
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "%s: %s", what, d.msg);
    return DPP_OK;
}

/*
 * Wraps pkey (ownership taken, also on failure) in a new dpp_key. cert, if
 * not NULL, supplies the validity period.
 */
static dpp_err key_wrap(EVP_PKEY *pkey, bool is_private, const X509 *cert, dpp_key **out, dpp_diag *diag)
{
    dpp_err rc;
    dpp_key *k = NULL;
    unsigned char *spki = NULL;
    int spki_len;
    uint8_t digest[DPP_SHA256_LEN];
    dpp_alg alg = DPP_ALG_ES256;
    size_t sig_len = 0;

    rc = classify(pkey, &alg, &sig_len, diag);
    if (rc != DPP_OK) goto done;
    rc = pkey_weak_check(pkey, diag);
    if (rc != DPP_OK) goto done;
    if (is_private && !has_private(pkey)) {
        rc = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "private key container without private key material");
        goto done;
    }
    k = calloc(1, sizeof *k);
    if (k == NULL) {
        rc = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    atomic_init(&k->refs_, 1);
    for (int op = 0; op < 2; op++)
        for (int i = 0; i < DPP_KEY_CACHE_SLOTS; i++) atomic_init(&k->cache_[op][i], NULL);
    k->alg_ = alg;
    k->sig_len_ = sig_len;
    k->is_private_ = is_private;
    if (cert != NULL) {
        if (!asn1_time_to_epoch(X509_get0_notBefore(cert), &k->not_before_) ||
            !asn1_time_to_epoch(X509_get0_notAfter(cert), &k->not_after_)) {
            rc = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "certificate validity period unreadable");
            goto done;
        }
        k->has_validity_ = true;
    }
    spki_len = i2d_PUBKEY(pkey, &spki);
    if (spki_len <= 0 || spki == NULL) {
        rc = dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "cannot encode SubjectPublicKeyInfo");
        goto done;
    }
    rc = dpp_crypto_sha256(spki, (size_t)spki_len, digest);
    if (rc != DPP_OK) {
        dpp_diag_set(diag, rc, SIZE_MAX, "SHA-256 failed");
        goto done;
    }
    memcpy(k->kid_, digest, DPP_KID_LEN);
    k->pkey_ = pkey;
    pkey = NULL;
    *out = k;
    k = NULL;
    dpp_diag_clear(diag);
done:
    OPENSSL_free(spki);
    free(k);
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    return rc;
}

/* ---- generate ---- */

dpp_err dpp_key_generate(dpp_alg alg, dpp_key **out, dpp_diag *diag)
{
    EVP_PKEY *pkey = NULL;
    dpp_err rc;

    if (out != NULL) *out = NULL;
    if (out == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out is NULL");
    switch (alg) {
    case DPP_ALG_ES256: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"); break;
    case DPP_ALG_ES384: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384"); break;
    case DPP_ALG_EDDSA: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"); break;
    case DPP_ALG_PS256: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)DPP_KEY_RSA_MIN_BITS); break;
    default:
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "alg %d: not ES256, ES384, EdDSA or PS256",
                            (int)alg);
    }
    if (pkey == NULL) {
        ERR_clear_error();
        return dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "key generation failed");
    }
    rc = key_wrap(pkey, true, NULL, out, diag);
    ERR_clear_error();
    return rc;
}

/* ---- load ---- */

static bool mem_contains(const uint8_t *p, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (m == 0 || n < m) return false;
    for (size_t i = 0; i + m <= n; i++) {
        if (p[i] == (uint8_t)needle[0] && memcmp(p + i, needle, m) == 0) return true;
    }
    return false;
}

/* DER keys and certificates are SEQUENCEs (first byte 0x30); anything else
 * holding "-----BEGIN" is PEM, which may have text before its first block
 * (e.g. the output of "openssl x509 -text"). */
static bool looks_like_pem(const uint8_t *p, size_t n)
{
    return n > 0 && p[0] != 0x30 && mem_contains(p, n, "-----BEGIN");
}

/* Each try gets a fresh read-only memory BIO over the input. */
static BIO *mem_bio(const uint8_t *data, size_t len) { return BIO_new_mem_buf(data, (int)len); }

static dpp_err load_pem(const uint8_t *data, size_t len, dpp_key **out, dpp_diag *diag)
{
    BIO *bio = NULL;
    EVP_PKEY *pkey = NULL;
    X509 *cert = NULL;
    X509_PUBKEY *xpk = NULL;
    dpp_err rc;

    if (mem_contains(data, len, "-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
        mem_contains(data, len, "Proc-Type: 4,ENCRYPTED"))
        return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "PEM: encrypted private keys are not supported");

    if ((bio = mem_bio(data, len)) == NULL) goto oom;
    pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    if (pkey != NULL) {
        rc = key_wrap(pkey, true, NULL, out, diag);
        goto done;
    }
    ERR_clear_error();

    if ((bio = mem_bio(data, len)) == NULL) goto oom;
    pkey = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    if (pkey != NULL) {
        rc = key_wrap(pkey, false, NULL, out, diag);
        goto done;
    }
    ERR_clear_error();

    if ((bio = mem_bio(data, len)) == NULL) goto oom;
    cert = PEM_read_bio_X509(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    if (cert != NULL) {
        pkey = X509_get0_pubkey(cert);
        if (pkey == NULL || EVP_PKEY_up_ref(pkey) != 1) {
            pkey = NULL;
            rc = spki_diagnose(X509_get_X509_PUBKEY(cert), diag);
            if (rc == DPP_OK)
                rc = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "PEM certificate: public key unreadable");
            goto done;
        }
        rc = key_wrap(pkey, false, cert, out, diag);
        goto done;
    }
    ERR_clear_error();

    /* A PUBLIC KEY block OpenSSL parses but cannot decode: an EC point off
     * its curve is a weak key, not a format error. */
    if ((bio = mem_bio(data, len)) == NULL) goto oom;
    xpk = PEM_read_bio_X509_PUBKEY(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    rc = spki_diagnose(xpk, diag);
    if (rc != DPP_OK) goto done;
    rc = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX,
                      "PEM: no readable private key, public key or certificate");
done:
    X509_PUBKEY_free(xpk);
    X509_free(cert);
    ERR_clear_error();
    return rc;
oom:
    ERR_clear_error();
    return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
}

static dpp_err load_der(const uint8_t *data, size_t len, dpp_key **out, dpp_diag *diag)
{
    const unsigned char *p;
    const unsigned char *end = data + len;
    EVP_PKEY *pkey = NULL;
    X509 *cert = NULL;
    X509_SIG *enc = NULL;
    X509_PUBKEY *xpk = NULL;
    dpp_err rc;
    long n = (long)len;

    /* An EncryptedPrivateKeyInfo never reaches a decoder that might want a
     * passphrase. */
    p = data;
    enc = d2i_X509_SIG(NULL, &p, n);
    if (enc != NULL) {
        X509_SIG_free(enc);
        ERR_clear_error();
        return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "DER: encrypted private keys are not supported");
    }

    p = data;
    pkey = d2i_AutoPrivateKey(NULL, &p, n);
    if (pkey != NULL && p == end) {
        rc = key_wrap(pkey, true, NULL, out, diag);
        goto done;
    }
    EVP_PKEY_free(pkey);
    ERR_clear_error();

    p = data;
    pkey = d2i_PUBKEY(NULL, &p, n);
    if (pkey != NULL && p == end) {
        rc = key_wrap(pkey, false, NULL, out, diag);
        goto done;
    }
    EVP_PKEY_free(pkey);
    ERR_clear_error();

    /* A SubjectPublicKeyInfo OpenSSL parses but cannot decode: an EC point
     * off its curve is a weak key, not a format error. */
    p = data;
    xpk = d2i_X509_PUBKEY(NULL, &p, n);
    if (xpk != NULL && p == end) {
        rc = spki_diagnose(xpk, diag);
        if (rc != DPP_OK) goto done;
    }
    ERR_clear_error();

    p = data;
    cert = d2i_X509(NULL, &p, n);
    if (cert != NULL && p == end) {
        pkey = X509_get0_pubkey(cert);
        if (pkey == NULL || EVP_PKEY_up_ref(pkey) != 1) {
            pkey = NULL;
            rc = spki_diagnose(X509_get_X509_PUBKEY(cert), diag);
            if (rc == DPP_OK)
                rc = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "DER certificate: public key unreadable");
            goto done;
        }
        rc = key_wrap(pkey, false, cert, out, diag);
        goto done;
    }
    rc = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX,
                      "DER (%zu bytes): not a private key, SubjectPublicKeyInfo or X.509 certificate", len);
done:
    X509_PUBKEY_free(xpk);
    X509_free(cert);
    ERR_clear_error();
    return rc;
}

dpp_err dpp_key_load(const uint8_t *data, size_t len, dpp_key **out, dpp_diag *diag)
{
    if (out != NULL) *out = NULL;
    if (out == NULL || (data == NULL && len != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out is NULL or data is NULL");
    if (len == 0) return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "key: empty input");
    if (len > DPP_KEY_MAX_INPUT_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "key: %zu bytes, limit %d", len,
                            DPP_KEY_MAX_INPUT_LEN);
    if (looks_like_pem(data, len)) return load_pem(data, len, out, diag);
    return load_der(data, len, out, diag);
}

dpp_err dpp_key_load_public(const uint8_t *data, size_t len, dpp_key **out, dpp_diag *diag)
{
    dpp_err err = dpp_key_load(data, len, out, diag);
    if (err != DPP_OK) return err;
    if ((*out)->is_private_) {
        dpp_key_free(*out);
        *out = NULL;
        return dpp_diag_set(diag, DPP_ERR_KEY_NOT_PUBLIC, SIZE_MAX,
                            "a private key was given where a public key belongs; give its public part");
    }
    return DPP_OK;
}

/* ---- lifetime and accessors ---- */

void dpp_key_free(dpp_key *key)
{
    if (key == NULL) return;
    if (atomic_fetch_sub(&key->refs_, 1) != 1) return;
    for (int op = 0; op < 2; op++)
        for (int i = 0; i < DPP_KEY_CACHE_SLOTS; i++)
            dpp_crypto_ctx_free(atomic_exchange(&key->cache_[op][i], NULL));
    EVP_PKEY_free(key->pkey_);
    OPENSSL_cleanse(key, sizeof *key);
    free(key);
    ERR_clear_error();
}

dpp_key *dpp_key_ref(const dpp_key *key)
{
    dpp_key *k = (dpp_key *)key; /* only the atomic counter is written */
    if (k == NULL) return NULL;
    atomic_fetch_add(&k->refs_, 1);
    return k;
}

dpp_alg dpp_key_alg(const dpp_key *key) { return key != NULL ? key->alg_ : (dpp_alg)0; }

bool dpp_key_is_private(const dpp_key *key) { return key != NULL && key->is_private_; }

void dpp_key_kid(const dpp_key *key, uint8_t kid[DPP_KID_LEN])
{
    if (kid == NULL) return;
    if (key == NULL) {
        memset(kid, 0, DPP_KID_LEN);
        return;
    }
    memcpy(kid, key->kid_, DPP_KID_LEN);
}

bool dpp_key_validity(const dpp_key *key, int64_t *not_before, int64_t *not_after)
{
    bool has = key != NULL && key->has_validity_;
    if (not_before != NULL) *not_before = has ? key->not_before_ : 0;
    if (not_after != NULL) *not_after = has ? key->not_after_ : 0;
    return has;
}

struct evp_pkey_st *dpp_key_evp(const dpp_key *key) { return key != NULL ? key->pkey_ : NULL; }

size_t dpp_key_sig_len(const dpp_key *key) { return key != NULL ? key->sig_len_ : 0; }

/* The cache slots are the only part of a shared key that is written; they
 * are atomics, so the const is cast away only for them. */
struct dpp_crypto_ctx *dpp_key_cache_take(const dpp_key *key, dpp_key_op op)
{
    dpp_key *k = (dpp_key *)key;
    if (k == NULL) return NULL;
    for (int i = 0; i < DPP_KEY_CACHE_SLOTS; i++) {
        struct dpp_crypto_ctx *c = atomic_exchange(&k->cache_[op][i], NULL);
        if (c != NULL) return c;
    }
    return NULL;
}

bool dpp_key_cache_put(const dpp_key *key, dpp_key_op op, struct dpp_crypto_ctx *ctx)
{
    dpp_key *k = (dpp_key *)key;
    if (k == NULL || ctx == NULL) return false;
    for (int i = 0; i < DPP_KEY_CACHE_SLOTS; i++) {
        struct dpp_crypto_ctx *expected = NULL;
        if (atomic_compare_exchange_strong(&k->cache_[op][i], &expected, ctx)) return true;
    }
    return false;
}

/* ---- export ---- */

/* Copies a memory BIO's contents as a NUL-terminated string (or measures it). */
static dpp_err bio_to_text(BIO *bio, char *out, size_t out_cap, size_t *out_len)
{
    char *p = NULL;
    long n = BIO_get_mem_data(bio, &p);
    if (n <= 0 || p == NULL) return DPP_ERR_CRYPTO_BACKEND;
    if (out != NULL) {
        if (out_cap < (size_t)n + 1) return DPP_ERR_BUFFER_TOO_SMALL;
        memcpy(out, p, (size_t)n);
        out[n] = '\0';
    }
    *out_len = (size_t)n;
    return DPP_OK;
}

static dpp_err pem_export(const dpp_key *key, bool private_part, char *out, size_t out_cap, size_t *out_len)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    BIO *bio = NULL;
    int ok;

    if (out_len != NULL) *out_len = 0;
    if (out != NULL && out_cap > 0) out[0] = '\0';
    if (key == NULL || out_len == NULL) return DPP_ERR_INVALID_ARG;
    if (private_part && !key->is_private_) return DPP_ERR_KEY_NOT_PRIVATE;
    /* BIO_s_mem frees its buffer with OPENSSL_clear_free, so no copy of a
     * private key is left behind in freed memory. */
    bio = BIO_new(BIO_s_mem());
    if (bio == NULL) {
        rc = DPP_ERR_NO_MEMORY;
        goto done;
    }
    if (private_part)
        ok = PEM_write_bio_PrivateKey(bio, key->pkey_, NULL, NULL, 0, NULL, NULL);
    else
        ok = PEM_write_bio_PUBKEY(bio, key->pkey_);
    if (ok != 1) goto done;
    rc = bio_to_text(bio, out, out_cap, out_len);
done:
    BIO_free(bio);
    ERR_clear_error();
    return rc;
}

dpp_err dpp_key_public_pem(const dpp_key *key, char *out, size_t out_cap, size_t *out_len)
{
    return pem_export(key, false, out, out_cap, out_len);
}

dpp_err dpp_key_private_pem(const dpp_key *key, char *out, size_t out_cap, size_t *out_len)
{
    return pem_export(key, true, out, out_cap, out_len);
}

dpp_err dpp_key_public_der(const dpp_key *key, uint8_t *out, size_t out_cap, size_t *out_len)
{
    dpp_err rc = DPP_OK;
    int n;

    if (out_len != NULL) *out_len = 0;
    if (key == NULL || out_len == NULL) return DPP_ERR_INVALID_ARG;
    n = i2d_PUBKEY(key->pkey_, NULL);
    if (n <= 0) {
        rc = DPP_ERR_CRYPTO_BACKEND;
    } else if (out != NULL) {
        unsigned char *p = out;
        if (out_cap < (size_t)n) rc = DPP_ERR_BUFFER_TOO_SMALL;
        else if (i2d_PUBKEY(key->pkey_, &p) != n) rc = DPP_ERR_CRYPTO_BACKEND;
    }
    if (rc == DPP_OK) *out_len = (size_t)n;
    ERR_clear_error();
    return rc;
}

/* Sets an X.509 time from seconds since the epoch without going through a
 * (possibly 32-bit) time_t. */
static int set_x509_time(ASN1_TIME *t, int64_t epoch)
{
    return ASN1_TIME_adj(t, 0, (int)(epoch / 86400), (long)(epoch % 86400)) != NULL;
}

/* Length of "-----BEGIN CERTIFICATE-----\n", base64 in 64-char lines each
 * ending in "\n", "-----END CERTIFICATE-----\n" for der_len bytes of DER. */
static size_t cert_pem_len(size_t der_len)
{
    size_t b64 = 4 * ((der_len + 2) / 3);
    return (sizeof "-----BEGIN CERTIFICATE-----\n" - 1) + b64 + (b64 + 63) / 64 +
           (sizeof "-----END CERTIFICATE-----\n" - 1);
}

dpp_err dpp_key_self_signed_cert(const dpp_key *key, const char *common_name, int64_t not_before,
                                 int64_t not_after, char *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    X509 *x = NULL;
    X509_NAME *name;
    ASN1_BIT_STRING *ku = NULL;
    BIGNUM *bn = NULL;
    BIO *bio = NULL;
    unsigned char serial[SERIAL_LEN];
    size_t cn_len;
    int id;

    if (out_len != NULL) *out_len = 0;
    if (out != NULL && out_cap > 0) out[0] = '\0';
    if (key == NULL || common_name == NULL || out_len == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "key, common_name or out_len is NULL");
    if (!key->is_private_)
        return dpp_diag_set(diag, DPP_ERR_KEY_NOT_PRIVATE, SIZE_MAX, "self-signed certificate needs a private key");
    cn_len = strlen(common_name);
    if (cn_len == 0 || cn_len > CN_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "common_name: %zu bytes, need 1..%d", cn_len,
                            CN_MAX_LEN);
    if (not_before < 0 || not_after > TIME_MAX_EPOCH || not_before > not_after)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                            "validity: need 0 <= not_before <= not_after <= %lld",
                            (long long)TIME_MAX_EPOCH);

    if ((x = X509_new()) == NULL || (ku = ASN1_BIT_STRING_new()) == NULL || (bio = BIO_new(BIO_s_mem())) == NULL) {
        rc = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    if (X509_set_version(x, X509_VERSION_3) != 1) goto fail;
    /* 16 random bytes, top bit clear (positive) and never all zero. */
    if (RAND_bytes(serial, (int)sizeof serial) != 1) goto fail;
    serial[0] = (unsigned char)((serial[0] & 0x7f) | 0x01);
    if ((bn = BN_bin2bn(serial, (int)sizeof serial, NULL)) == NULL) goto fail;
    if (BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) == NULL) goto fail;
    if (X509_set_pubkey(x, key->pkey_) != 1) goto fail;
    name = X509_get_subject_name(x);
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)common_name, (int)cn_len, -1,
                                   0) != 1) {
        rc = dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "common_name: not valid UTF-8");
        goto done;
    }
    if (X509_set_issuer_name(x, name) != 1) goto fail;
    if (!set_x509_time(X509_getm_notBefore(x), not_before) || !set_x509_time(X509_getm_notAfter(x), not_after))
        goto fail;
    if (ASN1_BIT_STRING_set_bit(ku, 0, 1) != 1) goto fail; /* digitalSignature */
    if (X509_add1_ext_i2d(x, NID_key_usage, ku, 1, X509V3_ADD_DEFAULT) != 1) goto fail;
    id = EVP_PKEY_get_base_id(key->pkey_);
    if (X509_sign(x, key->pkey_, id == EVP_PKEY_ED25519 ? NULL : EVP_sha256()) <= 0) goto fail;
    if (out == NULL) {
        /* Size mode. An ECDSA signature's DER length varies from one
         * signature to the next, so report the length the PEM has when the
         * signature takes its maximum length: an upper bound for any call. */
        const ASN1_BIT_STRING *sig = NULL;
        int der_len = i2d_X509(x, NULL);
        int max_sig = EVP_PKEY_get_size(key->pkey_);
        X509_get0_signature(&sig, NULL, x);
        if (der_len <= 0 || sig == NULL || max_sig < sig->length) goto fail;
        *out_len = cert_pem_len((size_t)der_len + (size_t)(max_sig - sig->length));
        dpp_diag_clear(diag);
        rc = DPP_OK;
        goto done;
    }
    if (PEM_write_bio_X509(bio, x) != 1) goto fail;
    rc = bio_to_text(bio, out, out_cap, out_len);
    if (rc == DPP_ERR_BUFFER_TOO_SMALL) {
        dpp_diag_set(diag, rc, SIZE_MAX, "certificate PEM needs %zu bytes plus the NUL", (size_t)BIO_pending(bio));
        goto done;
    }
    if (rc != DPP_OK) goto fail;
    dpp_diag_clear(diag);
    goto done;
fail:
    rc = dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "OpenSSL failed building the certificate");
done:
    BIO_free(bio);
    BN_free(bn);
    ASN1_BIT_STRING_free(ku);
    X509_free(x);
    ERR_clear_error();
    return rc;
}
