/* SPDX-License-Identifier: Apache-2.0 */
/* The crypto port (crypto.h) on OpenSSL 3 EVP. */
#include "crypto.h"

#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "key_internal.h"

/* PS256 salt length (RFC 8230 section 2: the hash length). */
#define PSS_SALT_LEN 32
/* A DER ECDSA-Sig-Value for P-384 is at most 30 66 02 31 <49> 02 31 <49> = 104 bytes. */
#define ECDSA_DER_MAX 128

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

/*
 * What a key keeps between operations (key_internal.h), one per operation
 * in progress:
 *  - ES256, ES384, PS256 (hash, then sign or verify the digest): an
 *    EVP_PKEY_CTX initialised once for the operation with the digest (and
 *    PSS parameters) set, and a digest context with the fetched EVP_MD,
 *    re-initialised per message (cheap when the digest is the same);
 *  - EdDSA (PureEdDSA has no separate hash step): an EVP_MD_CTX set up once
 *    with EVP_DigestSignInit/EVP_DigestVerifyInit, copied into `work` for
 *    each message, so the template is never finalised.
 */
struct dpp_crypto_ctx {
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *hash;
    EVP_MD *md;
    EVP_MD_CTX *tmpl;
    EVP_MD_CTX *work;
};

void dpp_crypto_ctx_free(struct dpp_crypto_ctx *c)
{
    if (c == NULL) return;
    EVP_PKEY_CTX_free(c->pctx);
    EVP_MD_CTX_free(c->hash);
    EVP_MD_free(c->md);
    EVP_MD_CTX_free(c->tmpl);
    EVP_MD_CTX_free(c->work);
    OPENSSL_free(c);
}

/* A context for (key, op): from the key's cache, or made now. NULL if
 * OpenSSL fails. */
static struct dpp_crypto_ctx *ctx_get(const dpp_key *key, dpp_key_op op)
{
    struct dpp_crypto_ctx *c = dpp_key_cache_take(key, op);
    EVP_PKEY *pkey = dpp_key_evp(key);
    dpp_alg alg = dpp_key_alg(key);
    int ok;

    if (c != NULL) return c;
    c = OPENSSL_zalloc(sizeof *c);
    if (c == NULL) return NULL;
    if (alg == DPP_ALG_EDDSA) {
        c->tmpl = EVP_MD_CTX_new();
        c->work = EVP_MD_CTX_new();
        ok = c->tmpl != NULL && c->work != NULL &&
             (op == DPP_KEY_OP_SIGN ? EVP_DigestSignInit(c->tmpl, NULL, NULL, NULL, pkey)
                                    : EVP_DigestVerifyInit(c->tmpl, NULL, NULL, NULL, pkey)) == 1;
    } else {
        c->md = EVP_MD_fetch(NULL, alg == DPP_ALG_ES384 ? "SHA384" : "SHA256", NULL);
        c->hash = EVP_MD_CTX_new();
        c->pctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
        ok = c->md != NULL && c->hash != NULL && c->pctx != NULL &&
             (op == DPP_KEY_OP_SIGN ? EVP_PKEY_sign_init(c->pctx) : EVP_PKEY_verify_init(c->pctx)) == 1 &&
             EVP_PKEY_CTX_set_signature_md(c->pctx, c->md) == 1 && (alg != DPP_ALG_PS256 || set_pss(c->pctx));
    }
    if (!ok) {
        dpp_crypto_ctx_free(c);
        return NULL;
    }
    return c;
}

/* Returns c to the key's cache (or frees it when the cache is full, or when
 * OpenSSL failed on it, since its state is then unknown). */
static void ctx_release(const dpp_key *key, dpp_key_op op, struct dpp_crypto_ctx *c, bool reusable)
{
    if (c == NULL) return;
    if (!reusable || !dpp_key_cache_put(key, op, c)) dpp_crypto_ctx_free(c);
}

/* Digest of msg with the context's EVP_MD. 1 on success. */
static int ctx_digest(struct dpp_crypto_ctx *c, const uint8_t *msg, size_t msg_len, uint8_t *dg, unsigned *dg_len)
{
    return EVP_DigestInit_ex2(c->hash, c->md, NULL) == 1 && EVP_DigestUpdate(c->hash, msg, msg_len) == 1 &&
           EVP_DigestFinal_ex(c->hash, dg, dg_len) == 1;
}

dpp_err dpp_crypto_sign(const dpp_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t sig_cap,
                        size_t *sig_len)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    struct dpp_crypto_ctx *c = NULL;
    bool reusable = false;
    dpp_alg alg;
    size_t need;
    size_t w;
    uint8_t der[ECDSA_DER_MAX];
    uint8_t dg[EVP_MAX_MD_SIZE];
    unsigned dg_len = 0;

    if (sig_len != NULL) *sig_len = 0;
    if (key == NULL || sig == NULL || sig_len == NULL || (msg == NULL && msg_len != 0)) return DPP_ERR_INVALID_ARG;
    if (!dpp_key_is_private(key)) return DPP_ERR_KEY_NOT_PRIVATE;
    alg = dpp_key_alg(key);
    need = dpp_key_sig_len(key);
    if (dpp_key_evp(key) == NULL || need == 0) return DPP_ERR_INVALID_ARG;
    if (sig_cap < need) return DPP_ERR_BUFFER_TOO_SMALL;
    if (msg == NULL) msg = (const uint8_t *)""; /* OpenSSL wants a pointer even for 0 bytes */

    c = ctx_get(key, DPP_KEY_OP_SIGN);
    if (c == NULL) goto done;
    w = ecdsa_width(alg);
    if (alg == DPP_ALG_EDDSA) {
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
    if (rc != DPP_OK && sig != NULL && sig_cap > 0) memset(sig, 0, sig_cap < need ? sig_cap : need);
    ctx_release(key, DPP_KEY_OP_SIGN, c, reusable);
    OPENSSL_cleanse(der, sizeof der);
    OPENSSL_cleanse(dg, sizeof dg);
    ERR_clear_error();
    return rc;
}

dpp_err dpp_crypto_verify(const dpp_key *key, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                          size_t sig_len)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    struct dpp_crypto_ctx *c = NULL;
    bool reusable = false;
    dpp_alg alg;
    size_t w;
    uint8_t der[ECDSA_DER_MAX];
    const uint8_t *vsig = sig;
    size_t vsig_len = sig_len;
    uint8_t dg[EVP_MAX_MD_SIZE];
    unsigned dg_len = 0;
    int ok;

    if (key == NULL || (msg == NULL && msg_len != 0) || (sig == NULL && sig_len != 0)) return DPP_ERR_INVALID_ARG;
    if (dpp_key_evp(key) == NULL) return DPP_ERR_INVALID_ARG;
    /* The length is fixed by the key: anything else is a bad signature,
     * decided before OpenSSL sees it. */
    if (sig_len != dpp_key_sig_len(key) || sig_len == 0) return DPP_ERR_SIGNATURE;
    alg = dpp_key_alg(key);
    if (msg == NULL) msg = (const uint8_t *)"";

    w = ecdsa_width(alg);
    if (w != 0) {
        ecdsa_raw_to_der(sig, w, der, &vsig_len);
        vsig = der;
    }

    c = ctx_get(key, DPP_KEY_OP_VERIFY);
    if (c == NULL) goto done;
    if (alg == DPP_ALG_EDDSA) {
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
    ctx_release(key, DPP_KEY_OP_VERIFY, c, reusable);
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
