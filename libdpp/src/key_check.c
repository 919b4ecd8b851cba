/* SPDX-License-Identifier: Apache-2.0 */
/* What a key must be to enter libdpp: the algorithm it gets and the weak-key
 * checks (spec §5.2), decided from the crypto port's facts (key_check.h). */
#include "key_check.h"

#include <stdbool.h>
#include <string.h>

#include "diag.h"

/* ---- the algorithm ---- */

dpp_err dpp_key_classify(const dpp_crypto_key_facts *f, dpp_alg *alg, size_t *sig_len, dpp_diag *diag)
{
    const char *name;

    switch (f->kty) {
    case DPP_CRYPTO_KTY_EC:
        if (f->ec_explicit)
            return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX,
                                "EC key with explicit curve parameters: only named P-256 and P-384 are supported");
        if (!f->ec_named) return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX, "EC key without a named curve");
        if (f->curve == DPP_CRYPTO_CURVE_P256) {
            *alg = DPP_ALG_ES256;
            *sig_len = 64;
        } else if (f->curve == DPP_CRYPTO_CURVE_P384) {
            *alg = DPP_ALG_ES384;
            *sig_len = 96;
        } else {
            return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX, "EC curve %s not supported (P-256 or P-384 only)",
                                f->curve_name);
        }
        return DPP_OK;
    case DPP_CRYPTO_KTY_ED25519:
        *alg = DPP_ALG_EDDSA;
        *sig_len = 64;
        return DPP_OK;
    case DPP_CRYPTO_KTY_RSA:
        if (f->rsa_bits > 0 && f->rsa_bits < DPP_KEY_RSA_MIN_BITS)
            return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "RSA modulus of %d bits: need >= %d", f->rsa_bits,
                                DPP_KEY_RSA_MIN_BITS);
        if (f->rsa_bits < DPP_KEY_RSA_MIN_BITS || f->rsa_bits > DPP_KEY_RSA_MAX_BITS || f->rsa_size <= 0 ||
            (size_t)f->rsa_size > DPP_CRYPTO_MAX_SIG_LEN)
            return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX, "RSA key of %d bits: need %d..%d bits", f->rsa_bits,
                                DPP_KEY_RSA_MIN_BITS, DPP_KEY_RSA_MAX_BITS);
        *alg = DPP_ALG_PS256;
        *sig_len = (size_t)f->rsa_size;
        return DPP_OK;
    case DPP_CRYPTO_KTY_RSA_PSS:
    case DPP_CRYPTO_KTY_OTHER:
        break;
    }
    name = f->kty == DPP_CRYPTO_KTY_RSA_PSS ? "RSA-PSS (restricted)" : f->type_name[0] != '\0' ? f->type_name : "unknown";
    return dpp_diag_set(diag, DPP_ERR_KEY_TYPE, SIZE_MAX,
                        "key type %s not supported (P-256, P-384, Ed25519 or RSA >= 2048 bits)", name);
}

/* ---- Ed25519: arithmetic modulo p = 2^255 - 19 ---- */

/* A field element: 8 little-endian 32-bit limbs, kept below p. Not constant
 * time: it only ever sees public keys. */
typedef struct fe {
    uint32_t v[8];
} fe;

static const fe k_p = {{0xffffffedu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu,
                        0x7fffffffu}};

static int fe_cmp(const fe *a, const fe *b)
{
    for (int i = 7; i >= 0; i--)
        if (a->v[i] != b->v[i]) return a->v[i] < b->v[i] ? -1 : 1;
    return 0;
}

/* r = a - b for a >= b (as integers below 2^256). */
static void fe_sub_raw(fe *r, const fe *a, const fe *b)
{
    uint64_t borrow = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t d = (uint64_t)a->v[i] - b->v[i] - borrow;
        r->v[i] = (uint32_t)d;
        borrow = (d >> 32) & 1u;
    }
}

/* r = a + b as integers (the carry out is returned). */
static uint32_t fe_add_raw(fe *r, const fe *a, const fe *b)
{
    uint64_t carry = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t s = (uint64_t)a->v[i] + b->v[i] + carry;
        r->v[i] = (uint32_t)s;
        carry = s >> 32;
    }
    return (uint32_t)carry;
}

/* Adds c * 2^256 = 38 c (mod p) until nothing carries out, then subtracts
 * p while r >= p. */
static void fe_fold(fe *r, uint64_t c)
{
    while (c != 0) {
        uint64_t acc = c * 38u;
        c = 0;
        for (int i = 0; i < 8 && acc != 0; i++) {
            acc += r->v[i];
            r->v[i] = (uint32_t)acc;
            acc >>= 32;
        }
        c = acc;
    }
    while (fe_cmp(r, &k_p) >= 0) fe_sub_raw(r, r, &k_p);
}

static void fe_add(fe *r, const fe *a, const fe *b) { fe_fold(r, fe_add_raw(r, a, b)); }

static void fe_sub(fe *r, const fe *a, const fe *b)
{
    if (fe_cmp(a, b) >= 0) {
        fe_sub_raw(r, a, b);
    } else {
        fe t;
        (void)fe_add_raw(&t, a, &k_p); /* a + p < 2^256 */
        fe_sub_raw(r, &t, b);
    }
}

static void fe_mul(fe *r, const fe *a, const fe *b)
{
    uint32_t t[16] = {0};
    uint64_t carry;
    fe lo;

    for (int i = 0; i < 8; i++) {
        carry = 0;
        for (int j = 0; j < 8; j++) {
            uint64_t s = (uint64_t)t[i + j] + (uint64_t)a->v[i] * b->v[j] + carry;
            t[i + j] = (uint32_t)s;
            carry = s >> 32;
        }
        t[i + 8] = (uint32_t)carry;
    }
    /* t = lo + 2^256 hi = lo + 38 hi (mod p) */
    carry = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t s = (uint64_t)t[i] + (uint64_t)t[i + 8] * 38u + carry;
        lo.v[i] = (uint32_t)s;
        carry = s >> 32;
    }
    fe_fold(&lo, carry);
    *r = lo;
}

/* r = a^e, e given as 32 little-endian bytes. */
static void fe_pow(fe *r, const fe *a, const uint8_t e[32])
{
    fe x = {{1}};
    for (int bit = 255; bit >= 0; bit--) {
        fe_mul(&x, &x, &x);
        if ((e[bit / 8] >> (bit % 8)) & 1u) fe_mul(&x, &x, a);
    }
    *r = x;
}

static void fe_from_bytes(fe *r, const uint8_t b[32])
{
    for (int i = 0; i < 8; i++)
        r->v[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 | (uint32_t)b[4 * i + 2] << 16 |
                  (uint32_t)b[4 * i + 3] << 24;
}

static void fe_to_bytes(uint8_t b[32], const fe *a)
{
    for (int i = 0; i < 8; i++) {
        b[4 * i] = (uint8_t)a->v[i];
        b[4 * i + 1] = (uint8_t)(a->v[i] >> 8);
        b[4 * i + 2] = (uint8_t)(a->v[i] >> 16);
        b[4 * i + 3] = (uint8_t)(a->v[i] >> 24);
    }
}

static bool fe_is_zero(const fe *a)
{
    for (int i = 0; i < 8; i++)
        if (a->v[i] != 0) return false;
    return true;
}

/* (p - 1) / 2 = 2^254 - 10 (Euler's criterion) and p - 2 (inverse), little-endian. */
static const uint8_t k_exp_half[32] = {0xf6, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f};
static const uint8_t k_exp_inv[32] = {0xeb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};

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

dpp_err dpp_key_ed25519_check(const uint8_t pub[DPP_CRYPTO_ED25519_LEN], dpp_diag *diag)
{
    static const fe one = {{1}};
    uint8_t y[32], yr[32];
    fe by, t, u, v, d;
    bool non_canonical;

    memcpy(y, pub, sizeof y);
    y[31] &= 0x7f; /* the sign bit of x */
    fe_from_bytes(&by, y);
    non_canonical = fe_cmp(&by, &k_p) >= 0;
    if (non_canonical) fe_sub_raw(&by, &by, &k_p); /* y < 2^255 < 2p */
    fe_to_bytes(yr, &by);
    for (size_t i = 0; i < sizeof k_ed25519_small / sizeof k_ed25519_small[0]; i++) {
        if (memcmp(yr, k_ed25519_small[i].y, sizeof yr) == 0)
            return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "Ed25519 public key is a small-order point (order %d)%s",
                                k_ed25519_small[i].order, non_canonical ? ", non-canonically encoded" : "");
    }
    if (non_canonical)
        return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX,
                            "Ed25519 public key is not canonically encoded (y >= 2^255 - 19)");
    /* d = -121665 / 121666; u = y^2 - 1; v = d y^2 + 1; x^2 = u / v has a
     * root iff u / v is 0 or a square (Euler: (u / v)^((p - 1) / 2) = 1). */
    {
        fe a = {{121666}}, b = {{121665}};
        fe_pow(&d, &a, k_exp_inv);
        fe_mul(&d, &d, &b);
        fe_sub(&d, &(fe){{0}}, &d);
    }
    fe_mul(&t, &by, &by);
    fe_sub(&u, &t, &one);
    fe_mul(&v, &d, &t);
    fe_add(&v, &v, &one);
    fe_pow(&v, &v, k_exp_inv);
    fe_mul(&t, &u, &v);
    if (!fe_is_zero(&t)) {
        fe_pow(&t, &t, k_exp_half);
        if (fe_cmp(&t, &one) != 0)
            return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "Ed25519 public key is not a point on the curve");
    }
    return DPP_OK;
}

/* ---- the weak-key checks ---- */

/* "P-256", "P-384" or the curve's own name, for messages. */
static const char *ec_label(const dpp_crypto_key_facts *f)
{
    if (!f->ec_named) return "EC";
    if (f->curve == DPP_CRYPTO_CURVE_P256) return "P-256";
    if (f->curve == DPP_CRYPTO_CURVE_P384) return "P-384";
    return f->curve_name;
}

/* An RSA public key: modulus >= 2048 bits, exponent odd and >= 3. */
static dpp_err rsa_check(const dpp_crypto_key_facts *f, dpp_diag *diag)
{
    if (f->rsa_bits < DPP_KEY_RSA_MIN_BITS)
        return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "RSA modulus of %d bits: need >= %d", f->rsa_bits,
                            DPP_KEY_RSA_MIN_BITS);
    if (!f->rsa_e_ok) return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "RSA public exponent unreadable");
    if (f->rsa_e_bits <= 1 || !f->rsa_e_odd) { /* 0, 1 or even */
        if (f->rsa_e_bits <= 64)
            return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "RSA public exponent %llu: need an odd exponent >= 3",
                                (unsigned long long)f->rsa_e_word);
        return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX,
                            "RSA public exponent of %d bits is even: need an odd exponent >= 3", f->rsa_e_bits);
    }
    return DPP_OK;
}

dpp_err dpp_key_weak_check(const dpp_crypto_key *key, const dpp_crypto_key_facts *f, dpp_diag *diag)
{
    char reason[128];
    dpp_crypto_check res;

    if (f->kty == DPP_CRYPTO_KTY_ED25519) {
        if (!f->ed25519_ok) return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "Ed25519 public key unreadable");
        return dpp_key_ed25519_check(f->ed25519_pub, diag);
    }
    if (f->kty == DPP_CRYPTO_KTY_RSA) {
        dpp_err err = rsa_check(f, diag);
        if (err != DPP_OK) return err;
    }
    /* The backend's own check (EC: on the curve, not infinity, in the
     * subgroup; RSA: sane modulus and exponent; others: what it checks). */
    res = dpp_crypto_key_public_check(key, reason, sizeof reason);
    switch (res) {
    case DPP_CRYPTO_CHECK_OK: return DPP_OK;
    case DPP_CRYPTO_CHECK_NO_MEMORY: return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    case DPP_CRYPTO_CHECK_INFINITY:
        return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key is the point at infinity", ec_label(f));
    case DPP_CRYPTO_CHECK_NOT_ON_CURVE:
        return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key is not a point on the curve", ec_label(f));
    case DPP_CRYPTO_CHECK_FAILED: break;
    }
    return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key fails the public-key check (%s)",
                        f->kty == DPP_CRYPTO_KTY_EC ? ec_label(f) : f->kty == DPP_CRYPTO_KTY_RSA ? "RSA" : "the", reason);
}

dpp_err dpp_key_spki_diagnose(const dpp_crypto_spki *s, dpp_diag *diag)
{
    const char *curve;
    size_t fl;

    if (s->curve == DPP_CRYPTO_CURVE_P256) {
        curve = "P-256";
        fl = 32;
    } else if (s->curve == DPP_CRYPTO_CURVE_P384) {
        curve = "P-384";
        fl = 48;
    } else {
        return DPP_OK;
    }
    if (s->point_len < 1) return DPP_OK;
    if (s->point_len == 1 && s->point_first == 0x00)
        return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key is the point at infinity", curve);
    if ((s->point_len == 1 + fl && (s->point_first == 0x02 || s->point_first == 0x03)) ||
        (s->point_len == 1 + 2 * fl && (s->point_first == 0x04 || s->point_first == 0x06 || s->point_first == 0x07)))
        return dpp_diag_set(diag, DPP_ERR_KEY_WEAK, SIZE_MAX, "%s public key is not a point on the curve", curve);
    return DPP_OK;
}

dpp_err dpp_key_check_cert(const dpp_crypto_cert *cert, const char *what, dpp_diag *diag)
{
    dpp_crypto_parsed p;
    dpp_crypto_key_facts f;
    dpp_diag d;
    dpp_err err;

    if (cert == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "certificate is NULL");
    err = dpp_crypto_cert_key(cert, &p);
    if (err != DPP_OK) {
        dpp_diag_set(&d, err, SIZE_MAX, "out of memory");
    } else if (p.found != DPP_CRYPTO_FOUND_CERT) {
        err = dpp_key_spki_diagnose(&p.spki, &d);
        if (err == DPP_OK) err = dpp_diag_set(&d, DPP_ERR_KEY_FORMAT, SIZE_MAX, "public key unreadable");
    } else {
        dpp_crypto_key_facts_get(p.key, &f);
        err = dpp_key_weak_check(p.key, &f, &d);
    }
    dpp_crypto_key_free(p.key);
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "%s: %s", what, d.msg);
    return DPP_OK;
}
