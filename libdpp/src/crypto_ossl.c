/* SPDX-License-Identifier: Apache-2.0 */
/* The crypto port (crypto.h) on OpenSSL 3, part 1: digest, randomness,
 * keys, sign and verify (part 2, certificates: crypto_ossl_x509.c). With
 * crypto_ossl_x509.c the only file of libdpp that includes OpenSSL headers.
 * It reports facts and does what it is told; the decisions are in key.c,
 * key_check.c and x509.c. */
#include "crypto.h"
#include "timeutil.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "crypto_ossl.h"

/* PS256 salt length (RFC 8230 section 2: the hash length). */
#define PSS_SALT_LEN 32
/* A DER ECDSA-Sig-Value for P-384 is at most 30 66 02 31 <49> 02 31 <49> = 104 bytes. */
#define ECDSA_DER_MAX 128
/* Initialised contexts kept per key and operation (see struct dpp_crypto_key). */
#define CACHE_SLOTS 4

enum { OP_VERIFY = 0, OP_SIGN = 1 };

/* ---- time ---- */

/* ASN1_TIME -> seconds since the epoch. 1 on success. */
int dpp_crypto_ossl_time(const struct asn1_string_st *t, int64_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    *out = dpp_days_from_civil((int64_t)tm.tm_year + 1900, (unsigned)tm.tm_mon + 1u, (unsigned)tm.tm_mday) * 86400 +
           (int64_t)tm.tm_hour * 3600 + (int64_t)tm.tm_min * 60 + tm.tm_sec;
    return 1;
}

/* ---- digest and randomness ---- */

dpp_err dpp_crypto_sha256(const uint8_t *data, size_t len, uint8_t out[DPP_SHA256_LEN])
{
    dpp_err rc = DPP_OK;
    unsigned int n = 0;

    if (out == NULL || (data == NULL && len != 0)) return DPP_ERR_INVALID_ARG;
    if (data == NULL) data = (const uint8_t *)"";
    if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1 || n != DPP_SHA256_LEN) {
        memset(out, 0, DPP_SHA256_LEN);
        rc = DPP_ERR_CRYPTO_BACKEND;
    }
    ERR_clear_error();
    return rc;
}

dpp_err dpp_crypto_random(uint8_t *out, size_t len)
{
    dpp_err rc = DPP_OK;
    if (out == NULL || len > INT32_MAX) return DPP_ERR_INVALID_ARG;
    if (RAND_bytes(out, (int)len) != 1) rc = DPP_ERR_CRYPTO_BACKEND;
    ERR_clear_error();
    return rc;
}

/* ---- keys ---- */

/*
 * What a key keeps between operations, one per operation in progress:
 *  - ES256, ES384, PS256 (hash, then sign or verify the digest): an
 *    EVP_PKEY_CTX initialised once for the operation with the digest (and
 *    PSS parameters) set, and a digest context with the fetched EVP_MD,
 *    re-initialised per message (cheap when the digest is the same);
 *  - EdDSA (PureEdDSA has no separate hash step): an EVP_MD_CTX set up once
 *    with EVP_DigestSignInit/EVP_DigestVerifyInit, copied into `work` for
 *    each message, so the template is never finalised.
 */
typedef struct op_ctx {
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *hash;
    EVP_MD *md;
    EVP_MD_CTX *tmpl;
    EVP_MD_CTX *work;
} op_ctx;

/*
 * The cache of op_ctx is lock-free: a thread takes a context out of a slot
 * (atomic exchange) and puts it back into an empty slot (compare-and-swap),
 * so a key shared by threads stays safe to use; at most CACHE_SLOTS
 * contexts per operation are kept. The slots are the only part of a bound
 * key that is written.
 */
struct dpp_crypto_key {
    EVP_PKEY *pkey;
    dpp_alg alg;
    size_t sig_len;
    bool is_private;
    bool bound;
    _Atomic(op_ctx *) cache[2][CACHE_SLOTS];
};

static void op_ctx_free(op_ctx *c)
{
    if (c == NULL) return;
    EVP_PKEY_CTX_free(c->pctx);
    EVP_MD_CTX_free(c->hash);
    EVP_MD_free(c->md);
    EVP_MD_CTX_free(c->tmpl);
    EVP_MD_CTX_free(c->work);
    OPENSSL_free(c);
}

/* Wraps pkey (ownership taken, also on failure). NULL when out of memory. */
static dpp_crypto_key *key_new(EVP_PKEY *pkey)
{
    dpp_crypto_key *k;
    if (pkey == NULL) return NULL;
    k = OPENSSL_zalloc(sizeof *k);
    if (k == NULL) {
        EVP_PKEY_free(pkey);
        return NULL;
    }
    for (int op = 0; op < 2; op++)
        for (int i = 0; i < CACHE_SLOTS; i++) atomic_init(&k->cache[op][i], NULL);
    k->pkey = pkey;
    return k;
}

void dpp_crypto_key_free(dpp_crypto_key *key)
{
    if (key == NULL) return;
    for (int op = 0; op < 2; op++)
        for (int i = 0; i < CACHE_SLOTS; i++) op_ctx_free(atomic_exchange(&key->cache[op][i], NULL));
    EVP_PKEY_free(key->pkey);
    OPENSSL_clear_free(key, sizeof *key);
    ERR_clear_error();
}

struct evp_pkey_st *dpp_crypto_ossl_pkey(const dpp_crypto_key *key) { return key != NULL ? key->pkey : NULL; }

/* A pem_password_cb that refuses: encrypted PEM never prompts. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return -1;
}

/* The facts of an SPKI whose key OpenSSL could not decode. */
static void spki_facts(const X509_PUBKEY *xpk, dpp_crypto_spki *out)
{
    ASN1_OBJECT *alg = NULL;
    const unsigned char *pk = NULL;
    int pklen = 0, ptype = V_ASN1_UNDEF, nid;
    X509_ALGOR *pa = NULL;
    const void *pval = NULL;

    memset(out, 0, sizeof *out);
    if (xpk == NULL || X509_PUBKEY_get0_param(&alg, &pk, &pklen, &pa, xpk) != 1 || pa == NULL ||
        OBJ_obj2nid(alg) != NID_X9_62_id_ecPublicKey)
        return;
    X509_ALGOR_get0(NULL, &ptype, &pval, pa);
    if (ptype != V_ASN1_OBJECT || pval == NULL) return;
    nid = OBJ_obj2nid(pval);
    if (nid == NID_X9_62_prime256v1) out->curve = DPP_CRYPTO_CURVE_P256;
    else if (nid == NID_secp384r1) out->curve = DPP_CRYPTO_CURVE_P384;
    else return;
    if (pk != NULL && pklen > 0) {
        out->point_len = (size_t)pklen;
        out->point_first = pk[0];
    }
}

dpp_err dpp_crypto_ossl_cert_key(struct x509_st *cert, dpp_crypto_parsed *out)
{
    EVP_PKEY *pkey = X509_get0_pubkey(cert);
    if (pkey == NULL || EVP_PKEY_up_ref(pkey) != 1) {
        out->found = DPP_CRYPTO_FOUND_CERT_BAD_KEY;
        spki_facts(X509_get_X509_PUBKEY(cert), &out->spki);
        return DPP_OK;
    }
    out->key = key_new(pkey);
    if (out->key == NULL) return DPP_ERR_NO_MEMORY;
    out->found = DPP_CRYPTO_FOUND_CERT;
    out->validity_ok = dpp_crypto_ossl_time(X509_get0_notBefore(cert), &out->not_before) &&
                       dpp_crypto_ossl_time(X509_get0_notAfter(cert), &out->not_after);
    return DPP_OK;
}

/* Sets out->key from pkey (taken) with found f. */
static dpp_err found_key(EVP_PKEY *pkey, dpp_crypto_found f, dpp_crypto_parsed *out)
{
    out->key = key_new(pkey);
    if (out->key == NULL) return DPP_ERR_NO_MEMORY;
    out->found = f;
    return DPP_OK;
}

/* Each try gets a fresh read-only memory BIO over the input. */
static BIO *mem_bio(const uint8_t *data, size_t len) { return BIO_new_mem_buf(data, (int)len); }

static dpp_err parse_pem(const uint8_t *data, size_t len, dpp_crypto_parsed *out)
{
    BIO *bio;
    EVP_PKEY *pkey;
    X509 *cert;
    X509_PUBKEY *xpk;
    dpp_err rc;

    if ((bio = mem_bio(data, len)) == NULL) return DPP_ERR_NO_MEMORY;
    pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    if (pkey != NULL) return found_key(pkey, DPP_CRYPTO_FOUND_PRIVATE, out);
    ERR_clear_error();

    if ((bio = mem_bio(data, len)) == NULL) return DPP_ERR_NO_MEMORY;
    pkey = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    if (pkey != NULL) return found_key(pkey, DPP_CRYPTO_FOUND_PUBLIC, out);
    ERR_clear_error();

    if ((bio = mem_bio(data, len)) == NULL) return DPP_ERR_NO_MEMORY;
    cert = PEM_read_bio_X509(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    if (cert != NULL) {
        rc = dpp_crypto_ossl_cert_key(cert, out);
        X509_free(cert);
        return rc;
    }
    ERR_clear_error();

    if ((bio = mem_bio(data, len)) == NULL) return DPP_ERR_NO_MEMORY;
    xpk = PEM_read_bio_X509_PUBKEY(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    spki_facts(xpk, &out->spki);
    X509_PUBKEY_free(xpk);
    return DPP_OK;
}

static dpp_err parse_der(const uint8_t *data, size_t len, dpp_crypto_parsed *out)
{
    const unsigned char *p;
    const unsigned char *end = data + len;
    EVP_PKEY *pkey;
    X509 *cert;
    X509_SIG *enc;
    X509_PUBKEY *xpk;
    long n = (long)len;

    /* An EncryptedPrivateKeyInfo never reaches a decoder that might want a
     * passphrase. */
    p = data;
    enc = d2i_X509_SIG(NULL, &p, n);
    if (enc != NULL) {
        X509_SIG_free(enc);
        out->found = DPP_CRYPTO_FOUND_ENCRYPTED;
        return DPP_OK;
    }

    p = data;
    pkey = d2i_AutoPrivateKey(NULL, &p, n);
    if (pkey != NULL && p == end) return found_key(pkey, DPP_CRYPTO_FOUND_PRIVATE, out);
    EVP_PKEY_free(pkey);
    ERR_clear_error();

    p = data;
    pkey = d2i_PUBKEY(NULL, &p, n);
    if (pkey != NULL && p == end) return found_key(pkey, DPP_CRYPTO_FOUND_PUBLIC, out);
    EVP_PKEY_free(pkey);
    ERR_clear_error();

    /* A SubjectPublicKeyInfo OpenSSL parses but cannot decode (an EC point
     * off its curve); a certificate never parses as one. */
    p = data;
    xpk = d2i_X509_PUBKEY(NULL, &p, n);
    if (xpk != NULL && p == end) {
        spki_facts(xpk, &out->spki);
        X509_PUBKEY_free(xpk);
        return DPP_OK;
    }
    X509_PUBKEY_free(xpk);
    ERR_clear_error();

    p = data;
    cert = d2i_X509(NULL, &p, n);
    if (cert != NULL && p == end) {
        dpp_err rc = dpp_crypto_ossl_cert_key(cert, out);
        X509_free(cert);
        return rc;
    }
    X509_free(cert);
    return DPP_OK;
}

dpp_err dpp_crypto_key_parse(const uint8_t *data, size_t len, bool pem, dpp_crypto_parsed *out)
{
    dpp_err rc;
    if (out == NULL) return DPP_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (data == NULL || len == 0 || len > INT32_MAX) return DPP_ERR_INVALID_ARG;
    rc = pem ? parse_pem(data, len, out) : parse_der(data, len, out);
    if (rc != DPP_OK) {
        dpp_crypto_key_free(out->key);
        memset(out, 0, sizeof *out);
    }
    ERR_clear_error();
    return rc;
}

dpp_err dpp_crypto_key_generate(dpp_alg alg, unsigned rsa_bits, dpp_crypto_key **out)
{
    EVP_PKEY *pkey = NULL;

    if (out == NULL) return DPP_ERR_INVALID_ARG;
    *out = NULL;
    switch (alg) {
    case DPP_ALG_ES256: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"); break;
    case DPP_ALG_ES384: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384"); break;
    case DPP_ALG_EDDSA: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"); break;
    case DPP_ALG_PS256: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)rsa_bits); break;
    default: return DPP_ERR_INVALID_ARG;
    }
    ERR_clear_error();
    if (pkey == NULL) return DPP_ERR_CRYPTO_BACKEND;
    *out = key_new(pkey);
    return *out != NULL ? DPP_OK : DPP_ERR_NO_MEMORY;
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

static dpp_crypto_curve curve_of_name(const char *name)
{
    int nid = OBJ_sn2nid(name);
    if (nid == NID_undef) nid = EC_curve_nist2nid(name);
    if (nid == NID_X9_62_prime256v1) return DPP_CRYPTO_CURVE_P256;
    if (nid == NID_secp384r1) return DPP_CRYPTO_CURVE_P384;
    return DPP_CRYPTO_CURVE_OTHER;
}

void dpp_crypto_key_facts_get(const dpp_crypto_key *key, dpp_crypto_key_facts *f)
{
    const EVP_PKEY *pkey;
    const char *name;
    int id;

    memset(f, 0, sizeof *f);
    if (key == NULL || key->pkey == NULL) return;
    pkey = key->pkey;
    id = EVP_PKEY_get_base_id(pkey);
    name = EVP_PKEY_get0_type_name(pkey);
    if (name != NULL) (void)snprintf(f->type_name, sizeof f->type_name, "%s", name);
    f->has_private = has_private(pkey);
    if (id == EVP_PKEY_EC) {
        char enc[32] = "";
        size_t n = 0;
        f->kty = DPP_CRYPTO_KTY_EC;
        f->ec_explicit = EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_ENCODING, enc, sizeof enc, &n) == 1 &&
                         strcmp(enc, OSSL_PKEY_EC_ENCODING_GROUP) != 0;
        f->ec_named = EVP_PKEY_get_group_name(pkey, f->curve_name, sizeof f->curve_name, &n) == 1;
        if (f->ec_named) f->curve = curve_of_name(f->curve_name);
        else f->curve_name[0] = '\0';
    } else if (id == EVP_PKEY_ED25519) {
        size_t n = sizeof f->ed25519_pub;
        f->kty = DPP_CRYPTO_KTY_ED25519;
        f->ed25519_ok = EVP_PKEY_get_raw_public_key(pkey, f->ed25519_pub, &n) == 1 && n == sizeof f->ed25519_pub;
        if (!f->ed25519_ok) memset(f->ed25519_pub, 0, sizeof f->ed25519_pub);
    } else if (id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS) {
        BIGNUM *e = NULL;
        f->kty = id == EVP_PKEY_RSA ? DPP_CRYPTO_KTY_RSA : DPP_CRYPTO_KTY_RSA_PSS;
        f->rsa_bits = EVP_PKEY_get_bits(pkey);
        f->rsa_size = EVP_PKEY_get_size(pkey);
        if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) == 1 && e != NULL) {
            f->rsa_e_ok = true;
            f->rsa_e_bits = BN_num_bits(e);
            f->rsa_e_odd = BN_is_odd(e) != 0;
            if (f->rsa_e_bits <= 64) f->rsa_e_word = (uint64_t)BN_get_word(e);
        }
        BN_free(e);
    }
    ERR_clear_error();
}

dpp_crypto_check dpp_crypto_key_public_check(const dpp_crypto_key *key, char *reason, size_t cap)
{
    EVP_PKEY_CTX *pctx;
    dpp_crypto_check res = DPP_CRYPTO_CHECK_OK;

    if (reason != NULL && cap > 0) reason[0] = '\0';
    if (key == NULL || key->pkey == NULL) return DPP_CRYPTO_CHECK_FAILED;
    pctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL);
    if (pctx == NULL) {
        ERR_clear_error();
        return DPP_CRYPTO_CHECK_NO_MEMORY;
    }
    if (EVP_PKEY_public_check(pctx) != 1) {
        unsigned long e = ERR_peek_last_error();
        const char *r = ERR_reason_error_string(e);
        int reason_code = ERR_GET_REASON(e);
        int id = EVP_PKEY_get_base_id(key->pkey);
        if (id == EVP_PKEY_EC && reason_code == EC_R_POINT_AT_INFINITY) res = DPP_CRYPTO_CHECK_INFINITY;
        else if (id == EVP_PKEY_EC && reason_code == EC_R_POINT_IS_NOT_ON_CURVE) res = DPP_CRYPTO_CHECK_NOT_ON_CURVE;
        else res = DPP_CRYPTO_CHECK_FAILED;
        if (reason != NULL && cap > 0) (void)snprintf(reason, cap, "%s", r != NULL ? r : "unknown reason");
    }
    EVP_PKEY_CTX_free(pctx);
    ERR_clear_error();
    return res;
}

dpp_err dpp_crypto_key_bind(dpp_crypto_key *key, dpp_alg alg, size_t sig_len, bool is_private)
{
    if (key == NULL || key->pkey == NULL || sig_len == 0 || sig_len > DPP_CRYPTO_MAX_SIG_LEN) return DPP_ERR_INVALID_ARG;
    if ((alg == DPP_ALG_ES256 || alg == DPP_ALG_ES384) &&
        EVP_PKEY_set_utf8_string_param(key->pkey, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                       OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED) != 1) {
        ERR_clear_error();
        return DPP_ERR_CRYPTO_BACKEND;
    }
    key->alg = alg;
    key->sig_len = sig_len;
    key->is_private = is_private;
    key->bound = true;
    return DPP_OK;
}

dpp_err dpp_crypto_ossl_bio_text(struct bio_st *bio, char *out, size_t out_cap, size_t *out_len)
{
    char *p = NULL;
    long n = BIO_get_mem_data(bio, &p);
    if (n <= 0 || p == NULL) return DPP_ERR_CRYPTO_BACKEND;
    *out_len = (size_t)n;
    if (out != NULL) {
        if (out_cap < (size_t)n + 1) return DPP_ERR_BUFFER_TOO_SMALL;
        memcpy(out, p, (size_t)n);
        out[n] = '\0';
    }
    return DPP_OK;
}

dpp_err dpp_crypto_key_export(const dpp_crypto_key *key, dpp_crypto_form form, uint8_t *out, size_t out_cap,
                              size_t *out_len)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    BIO *bio = NULL;
    int ok;

    if (out_len == NULL || key == NULL || key->pkey == NULL) return DPP_ERR_INVALID_ARG;
    *out_len = 0;
    if (form == DPP_CRYPTO_FORM_SPKI_DER) {
        int n = i2d_PUBKEY(key->pkey, NULL);
        if (n <= 0) goto done;
        *out_len = (size_t)n;
        rc = DPP_OK;
        if (out != NULL) {
            unsigned char *p = out;
            if (out_cap < (size_t)n) rc = DPP_ERR_BUFFER_TOO_SMALL;
            else if (i2d_PUBKEY(key->pkey, &p) != n) rc = DPP_ERR_CRYPTO_BACKEND;
        }
        goto done;
    }
    if (form == DPP_CRYPTO_FORM_PKCS8_PEM && !key->is_private) return DPP_ERR_KEY_NOT_PRIVATE;
    /* BIO_s_mem frees its buffer with OPENSSL_clear_free, so no copy of a
     * private key is left behind in freed memory. */
    bio = BIO_new(BIO_s_mem());
    if (bio == NULL) {
        rc = DPP_ERR_NO_MEMORY;
        goto done;
    }
    if (form == DPP_CRYPTO_FORM_PKCS8_PEM) ok = PEM_write_bio_PrivateKey(bio, key->pkey, NULL, NULL, 0, NULL, NULL);
    else ok = PEM_write_bio_PUBKEY(bio, key->pkey);
    if (ok != 1) goto done;
    rc = dpp_crypto_ossl_bio_text(bio, (char *)out, out_cap, out_len);
done:
    BIO_free(bio);
    ERR_clear_error();
    return rc;
}

/* ---- sign and verify ---- */

/* Width of r and s in the COSE form, 0 if alg is not ECDSA. */
static size_t ecdsa_width(dpp_alg alg)
{
    if (alg == DPP_ALG_ES256) return 32;
    if (alg == DPP_ALG_ES384) return 48;
    return 0;
}

/* Sets RSASSA-PSS parameters on a sign/verify context. 1 on success. */
static int set_pss(EVP_PKEY_CTX *pctx)
{
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, PSS_SALT_LEN) > 0;
}

/*
 * r || s (2 * w bytes, w <= 48) -> DER ECDSA-Sig-Value in der[0..*der_len):
 * SEQUENCE { INTEGER r, INTEGER s }, each the shortest two's-complement form
 * (leading zeros dropped, a 0x00 added before a high bit). At most
 * 2 + 2 * (2 + 49) = 104 bytes, so every length is one byte.
 */
static size_t der_integer(const uint8_t *v, size_t w, uint8_t *out)
{
    size_t i = 0, n, k = 0;
    while (i + 1 < w && v[i] == 0) i++;
    n = w - i;
    out[k++] = 0x02;
    out[k++] = (uint8_t)(n + (v[i] >= 0x80 ? 1u : 0u));
    if (v[i] >= 0x80) out[k++] = 0x00;
    memcpy(out + k, v + i, n);
    return k + n;
}

static void ecdsa_raw_to_der(const uint8_t *raw, size_t w, uint8_t der[ECDSA_DER_MAX], size_t *der_len)
{
    size_t n = 2;
    n += der_integer(raw, w, der + n);
    n += der_integer(raw + w, w, der + n);
    der[0] = 0x30;
    der[1] = (uint8_t)(n - 2);
    *der_len = n;
}

/* One INTEGER of a DER ECDSA-Sig-Value at der[*pos], into w bytes (left
 * padded). DPP_OK or DPP_ERR_CRYPTO_BACKEND (not the form OpenSSL writes). */
static dpp_err der_read_integer(const uint8_t *der, size_t der_len, size_t *pos, size_t w, uint8_t *out)
{
    size_t p = *pos, n;
    if (p + 2 > der_len || der[p] != 0x02) return DPP_ERR_CRYPTO_BACKEND;
    n = der[p + 1];
    p += 2;
    if (n == 0 || n > der_len - p || (der[p] & 0x80u) != 0) return DPP_ERR_CRYPTO_BACKEND;
    if (der[p] == 0 && n > 1) { /* sign byte */
        p++;
        n--;
    }
    if (n > w) return DPP_ERR_CRYPTO_BACKEND;
    memset(out, 0, w - n);
    memcpy(out + (w - n), der + p, n);
    *pos = p + n;
    return DPP_OK;
}

/* DER ECDSA-Sig-Value (from OpenSSL) -> r || s (2 * w bytes). */
static dpp_err ecdsa_der_to_raw(const uint8_t *der, size_t der_len, size_t w, uint8_t *raw)
{
    size_t pos = 2;
    if (der_len < 2 || der[0] != 0x30 || der[1] >= 0x80 || (size_t)der[1] != der_len - 2)
        return DPP_ERR_CRYPTO_BACKEND;
    if (der_read_integer(der, der_len, &pos, w, raw) != DPP_OK ||
        der_read_integer(der, der_len, &pos, w, raw + w) != DPP_OK || pos != der_len)
        return DPP_ERR_CRYPTO_BACKEND;
    return DPP_OK;
}

/* A context for (key, op): from the key's cache, or made now. NULL if
 * OpenSSL fails. The cache slots are atomics, so the const is cast away
 * only for them. */
static op_ctx *ctx_get(const dpp_crypto_key *key, int op)
{
    dpp_crypto_key *k = (dpp_crypto_key *)key;
    op_ctx *c;
    int ok;

    for (int i = 0; i < CACHE_SLOTS; i++) {
        c = atomic_exchange(&k->cache[op][i], NULL);
        if (c != NULL) return c;
    }
    c = OPENSSL_zalloc(sizeof *c);
    if (c == NULL) return NULL;
    if (key->alg == DPP_ALG_EDDSA) {
        c->tmpl = EVP_MD_CTX_new();
        c->work = EVP_MD_CTX_new();
        ok = c->tmpl != NULL && c->work != NULL &&
             (op == OP_SIGN ? EVP_DigestSignInit(c->tmpl, NULL, NULL, NULL, key->pkey)
                            : EVP_DigestVerifyInit(c->tmpl, NULL, NULL, NULL, key->pkey)) == 1;
    } else {
        c->md = EVP_MD_fetch(NULL, key->alg == DPP_ALG_ES384 ? "SHA384" : "SHA256", NULL);
        c->hash = EVP_MD_CTX_new();
        c->pctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL);
        ok = c->md != NULL && c->hash != NULL && c->pctx != NULL &&
             (op == OP_SIGN ? EVP_PKEY_sign_init(c->pctx) : EVP_PKEY_verify_init(c->pctx)) == 1 &&
             EVP_PKEY_CTX_set_signature_md(c->pctx, c->md) == 1 && (key->alg != DPP_ALG_PS256 || set_pss(c->pctx));
    }
    if (!ok) {
        op_ctx_free(c);
        return NULL;
    }
    return c;
}

/* Returns c to the key's cache (or frees it when the cache is full, or when
 * OpenSSL failed on it, since its state is then unknown). */
static void ctx_release(const dpp_crypto_key *key, int op, op_ctx *c, bool reusable)
{
    dpp_crypto_key *k = (dpp_crypto_key *)key;
    if (c == NULL) return;
    if (reusable) {
        for (int i = 0; i < CACHE_SLOTS; i++) {
            op_ctx *expected = NULL;
            if (atomic_compare_exchange_strong(&k->cache[op][i], &expected, c)) return;
        }
    }
    op_ctx_free(c);
}

/* Digest of msg with the context's EVP_MD. 1 on success. */
static int ctx_digest(op_ctx *c, const uint8_t *msg, size_t msg_len, uint8_t *dg, unsigned *dg_len)
{
    return EVP_DigestInit_ex2(c->hash, c->md, NULL) == 1 && EVP_DigestUpdate(c->hash, msg, msg_len) == 1 &&
           EVP_DigestFinal_ex(c->hash, dg, dg_len) == 1;
}

dpp_err dpp_crypto_sign(const dpp_crypto_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t sig_cap,
                        size_t *sig_len)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    op_ctx *c = NULL;
    bool reusable = false;
    size_t need;
    size_t w;
    uint8_t der[ECDSA_DER_MAX];
    uint8_t dg[EVP_MAX_MD_SIZE];
    unsigned dg_len = 0;

    if (sig_len != NULL) *sig_len = 0;
    if (key == NULL || sig == NULL || sig_len == NULL || (msg == NULL && msg_len != 0)) return DPP_ERR_INVALID_ARG;
    if (!key->is_private) return DPP_ERR_KEY_NOT_PRIVATE;
    need = key->sig_len;
    if (key->pkey == NULL || !key->bound || need == 0) return DPP_ERR_INVALID_ARG;
    if (sig_cap < need) return DPP_ERR_BUFFER_TOO_SMALL;
    if (msg == NULL) msg = (const uint8_t *)""; /* OpenSSL wants a pointer even for 0 bytes */

    c = ctx_get(key, OP_SIGN);
    if (c == NULL) goto done;
    w = ecdsa_width(key->alg);
    if (key->alg == DPP_ALG_EDDSA) {
        size_t n = sig_cap;
        if (EVP_MD_CTX_copy_ex(c->work, c->tmpl) != 1 || EVP_DigestSign(c->work, sig, &n, msg, msg_len) != 1)
            goto done;
        reusable = true;
        if (n != need) goto done; /* Ed25519 signatures have a fixed length */
    } else {
        size_t n = w != 0 ? sizeof der : sig_cap;
        if (!ctx_digest(c, msg, msg_len, dg, &dg_len) || EVP_PKEY_sign(c->pctx, w != 0 ? der : sig, &n, dg, dg_len) != 1)
            goto done;
        reusable = true;
        if (w != 0) {
            rc = ecdsa_der_to_raw(der, n, w, sig);
            if (rc != DPP_OK) goto done;
            rc = DPP_ERR_CRYPTO_BACKEND;
        } else if (n != need) {
            goto done; /* RSA signatures are as long as the modulus */
        }
    }
    *sig_len = need;
    rc = DPP_OK;
done:
    if (rc != DPP_OK) memset(sig, 0, sig_cap < need ? sig_cap : need);
    ctx_release(key, OP_SIGN, c, reusable);
    OPENSSL_cleanse(der, sizeof der);
    OPENSSL_cleanse(dg, sizeof dg);
    ERR_clear_error();
    return rc;
}

dpp_err dpp_crypto_verify(const dpp_crypto_key *key, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                          size_t sig_len)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    op_ctx *c = NULL;
    bool reusable = false;
    size_t w;
    uint8_t der[ECDSA_DER_MAX];
    const uint8_t *vsig = sig;
    size_t vsig_len = sig_len;
    uint8_t dg[EVP_MAX_MD_SIZE];
    unsigned dg_len = 0;
    int ok;

    if (key == NULL || (msg == NULL && msg_len != 0) || (sig == NULL && sig_len != 0)) return DPP_ERR_INVALID_ARG;
    if (key->pkey == NULL || !key->bound) return DPP_ERR_INVALID_ARG;
    /* The length is fixed by the key: anything else is a bad signature,
     * decided before OpenSSL sees it. */
    if (sig_len != key->sig_len || sig_len == 0) return DPP_ERR_SIGNATURE;
    if (msg == NULL) msg = (const uint8_t *)"";

    w = ecdsa_width(key->alg);
    if (w != 0) {
        ecdsa_raw_to_der(sig, w, der, &vsig_len);
        vsig = der;
    }

    c = ctx_get(key, OP_VERIFY);
    if (c == NULL) goto done;
    if (key->alg == DPP_ALG_EDDSA) {
        if (EVP_MD_CTX_copy_ex(c->work, c->tmpl) != 1) goto done;
        ok = EVP_DigestVerify(c->work, vsig, vsig_len, msg, msg_len);
    } else {
        if (!ctx_digest(c, msg, msg_len, dg, &dg_len)) goto done;
        ok = EVP_PKEY_verify(c->pctx, vsig, vsig_len, dg, dg_len);
    }
    if (ok == 1) rc = DPP_OK;
    else if (ok == 0) rc = DPP_ERR_SIGNATURE;
    /* else: a negative value is an internal failure, DPP_ERR_CRYPTO_BACKEND */
    reusable = ok >= 0;
done:
    ctx_release(key, OP_VERIFY, c, reusable);
    ERR_clear_error();
    return rc;
}

