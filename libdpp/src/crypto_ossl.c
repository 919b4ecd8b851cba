/* SPDX-License-Identifier: Apache-2.0 */
/* The crypto port (crypto.h) on OpenSSL 3 EVP. */
#include "crypto.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "key_internal.h"

/* PS256 salt length (RFC 8230 section 2: the hash length). */
#define PSS_SALT_LEN 32
/* A DER ECDSA-Sig-Value for P-384: 30 81 xx 02 31 <49> 02 31 <49> = 105 bytes. */
#define ECDSA_DER_MAX 128

/* Width of r and s in the COSE form, 0 if alg is not ECDSA. */
static size_t ecdsa_width(dpp_alg alg)
{
    if (alg == DPP_ALG_ES256) return 32;
    if (alg == DPP_ALG_ES384) return 48;
    return 0;
}

/* Digest for alg; NULL for EdDSA (PureEdDSA hashes internally). */
static const EVP_MD *alg_md(dpp_alg alg)
{
    switch (alg) {
    case DPP_ALG_ES256: return EVP_sha256();
    case DPP_ALG_ES384: return EVP_sha384();
    case DPP_ALG_PS256: return EVP_sha256();
    case DPP_ALG_EDDSA: return NULL;
    }
    return NULL;
}

/* Sets RSASSA-PSS parameters on a sign/verify context. 1 on success. */
static int set_pss(EVP_PKEY_CTX *pctx)
{
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, PSS_SALT_LEN) > 0;
}

/*
 * r || s (2 * w bytes) -> DER ECDSA-Sig-Value in der[0..*der_len).
 * Returns DPP_OK or DPP_ERR_CRYPTO_BACKEND.
 */
static dpp_err ecdsa_raw_to_der(const uint8_t *raw, size_t w, uint8_t *der, size_t der_cap, size_t *der_len)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    ECDSA_SIG *es = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, (int)w, NULL);
    BIGNUM *s = BN_bin2bn(raw + w, (int)w, NULL);
    unsigned char *p = der;
    int n;

    if (es == NULL || r == NULL || s == NULL) goto done;
    if (ECDSA_SIG_set0(es, r, s) != 1) goto done;
    r = NULL; /* owned by es now */
    s = NULL;
    n = i2d_ECDSA_SIG(es, NULL);
    if (n <= 0 || (size_t)n > der_cap) goto done; /* check the exact range written */
    if (i2d_ECDSA_SIG(es, &p) != n) goto done;
    *der_len = (size_t)n;
    rc = DPP_OK;
done:
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(es);
    return rc;
}

/* DER ECDSA-Sig-Value -> r || s (2 * w bytes). DPP_OK or DPP_ERR_CRYPTO_BACKEND. */
static dpp_err ecdsa_der_to_raw(const uint8_t *der, size_t der_len, size_t w, uint8_t *raw)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    const unsigned char *p = der;
    ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    const BIGNUM *r = NULL;
    const BIGNUM *s = NULL;

    if (es == NULL || p != der + der_len) goto done;
    ECDSA_SIG_get0(es, &r, &s);
    if (r == NULL || s == NULL) goto done;
    /* BN_bn2binpad fails (-1) if the number needs more than w bytes. */
    if (BN_bn2binpad(r, raw, (int)w) != (int)w) goto done;
    if (BN_bn2binpad(s, raw + w, (int)w) != (int)w) goto done;
    rc = DPP_OK;
done:
    ECDSA_SIG_free(es);
    return rc;
}

dpp_err dpp_crypto_sign(const dpp_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t sig_cap,
                        size_t *sig_len)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    EVP_MD_CTX *mctx = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    EVP_PKEY *pkey;
    dpp_alg alg;
    size_t need;
    size_t w;
    uint8_t der[ECDSA_DER_MAX];
    size_t der_len = sizeof der;

    if (sig_len != NULL) *sig_len = 0;
    if (key == NULL || sig == NULL || sig_len == NULL || (msg == NULL && msg_len != 0)) return DPP_ERR_INVALID_ARG;
    if (!dpp_key_is_private(key)) return DPP_ERR_KEY_NOT_PRIVATE;
    pkey = dpp_key_evp(key);
    alg = dpp_key_alg(key);
    need = dpp_key_sig_len(key);
    if (pkey == NULL || need == 0) return DPP_ERR_INVALID_ARG;
    if (sig_cap < need) return DPP_ERR_BUFFER_TOO_SMALL;
    if (msg == NULL) msg = (const uint8_t *)""; /* OpenSSL wants a pointer even for 0 bytes */

    mctx = EVP_MD_CTX_new();
    if (mctx == NULL) goto done;
    if (EVP_DigestSignInit(mctx, &pctx, alg_md(alg), NULL, pkey) != 1) goto done;
    if (alg == DPP_ALG_PS256 && !set_pss(pctx)) goto done;

    w = ecdsa_width(alg);
    if (w != 0) {
        if (EVP_DigestSign(mctx, der, &der_len, msg, msg_len) != 1) goto done;
        rc = ecdsa_der_to_raw(der, der_len, w, sig);
        if (rc != DPP_OK) goto done;
    } else {
        size_t n = sig_cap;
        if (EVP_DigestSign(mctx, sig, &n, msg, msg_len) != 1) goto done;
        if (n != need) goto done; /* RSA and Ed25519 signatures have a fixed length */
    }
    *sig_len = need;
    rc = DPP_OK;
done:
    if (rc != DPP_OK && sig != NULL && sig_cap > 0) memset(sig, 0, sig_cap < need ? sig_cap : need);
    EVP_MD_CTX_free(mctx); /* frees pctx too */
    OPENSSL_cleanse(der, sizeof der);
    ERR_clear_error();
    return rc;
}

dpp_err dpp_crypto_verify(const dpp_key *key, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                          size_t sig_len)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    EVP_MD_CTX *mctx = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    EVP_PKEY *pkey;
    dpp_alg alg;
    size_t w;
    uint8_t der[ECDSA_DER_MAX];
    const uint8_t *vsig = sig;
    size_t vsig_len = sig_len;
    int ok;

    if (key == NULL || (msg == NULL && msg_len != 0) || (sig == NULL && sig_len != 0)) return DPP_ERR_INVALID_ARG;
    pkey = dpp_key_evp(key);
    if (pkey == NULL) return DPP_ERR_INVALID_ARG;
    /* The length is fixed by the key: anything else is a bad signature,
     * decided before OpenSSL sees it. */
    if (sig_len != dpp_key_sig_len(key) || sig_len == 0) return DPP_ERR_SIGNATURE;
    alg = dpp_key_alg(key);
    if (msg == NULL) msg = (const uint8_t *)"";

    w = ecdsa_width(alg);
    if (w != 0) {
        rc = ecdsa_raw_to_der(sig, w, der, sizeof der, &vsig_len);
        if (rc != DPP_OK) goto done;
        vsig = der;
        rc = DPP_ERR_CRYPTO_BACKEND;
    }

    mctx = EVP_MD_CTX_new();
    if (mctx == NULL) goto done;
    if (EVP_DigestVerifyInit(mctx, &pctx, alg_md(alg), NULL, pkey) != 1) goto done;
    if (alg == DPP_ALG_PS256 && !set_pss(pctx)) goto done;
    ok = EVP_DigestVerify(mctx, vsig, vsig_len, msg, msg_len);
    if (ok == 1) rc = DPP_OK;
    else if (ok == 0) rc = DPP_ERR_SIGNATURE;
    /* else: a negative value is an internal failure, DPP_ERR_CRYPTO_BACKEND */
done:
    EVP_MD_CTX_free(mctx);
    ERR_clear_error();
    return rc;
}

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
