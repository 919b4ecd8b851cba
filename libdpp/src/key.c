/* SPDX-License-Identifier: Apache-2.0 */
/* dpp_key: generate, load (PEM/DER key or certificate), export, kid. The
 * crypto work is the port's (crypto.h); what a key must be is key_check.c. */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dpp/dpp_key.h"
#include "crypto.h"
#include "diag.h"
#include "key_check.h"
#include "key_internal.h"

struct dpp_key {
    atomic_size_t refs_;
    dpp_crypto_key *ck_;
    dpp_alg alg_;
    bool is_private_;
    bool has_validity_;
    int64_t not_before_;
    int64_t not_after_;
    size_t sig_len_;
    uint8_t kid_[DPP_KID_LEN];
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

/* Zeroes n bytes in a way the compiler keeps. */
static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n-- > 0) *v++ = 0;
}

/*
 * Wraps ck (ownership taken, also on failure) in a new dpp_key: the
 * algorithm from its facts, the weak-key check, the kid. validity, if not
 * NULL, is a certificate's (parsed->validity_ok and the window).
 */
static dpp_err key_wrap(dpp_crypto_key *ck, bool is_private, const dpp_crypto_parsed *cert, dpp_key **out,
                        dpp_diag *diag)
{
    dpp_err rc;
    dpp_key *k = NULL;
    dpp_crypto_key_facts f;
    uint8_t *spki = NULL;
    size_t spki_len = 0;
    uint8_t digest[DPP_SHA256_LEN];
    dpp_alg alg = DPP_ALG_ES256;
    size_t sig_len = 0;

    dpp_crypto_key_facts_get(ck, &f);
    rc = dpp_key_classify(&f, &alg, &sig_len, diag);
    if (rc != DPP_OK) goto done;
    if (dpp_crypto_key_bind(ck, alg, sig_len, is_private) != DPP_OK) {
        rc = dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "cannot set EC point format");
        goto done;
    }
    rc = dpp_key_weak_check(ck, &f, diag);
    if (rc != DPP_OK) goto done;
    if (is_private && !f.has_private) {
        rc = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "private key container without private key material");
        goto done;
    }
    k = calloc(1, sizeof *k);
    if (k == NULL) {
        rc = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    atomic_init(&k->refs_, 1);
    k->alg_ = alg;
    k->sig_len_ = sig_len;
    k->is_private_ = is_private;
    if (cert != NULL) {
        if (!cert->validity_ok) {
            rc = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "certificate validity period unreadable");
            goto done;
        }
        k->not_before_ = cert->not_before;
        k->not_after_ = cert->not_after;
        k->has_validity_ = true;
    }
    /* kid: the first 8 bytes of SHA-256 over the DER SubjectPublicKeyInfo */
    if (dpp_crypto_key_export(ck, DPP_CRYPTO_FORM_SPKI_DER, NULL, 0, &spki_len) != DPP_OK || spki_len == 0 ||
        (spki = malloc(spki_len)) == NULL ||
        dpp_crypto_key_export(ck, DPP_CRYPTO_FORM_SPKI_DER, spki, spki_len, &spki_len) != DPP_OK) {
        rc = dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "cannot encode SubjectPublicKeyInfo");
        goto done;
    }
    rc = dpp_crypto_sha256(spki, spki_len, digest);
    if (rc != DPP_OK) {
        dpp_diag_set(diag, rc, SIZE_MAX, "SHA-256 failed");
        goto done;
    }
    memcpy(k->kid_, digest, DPP_KID_LEN);
    k->ck_ = ck;
    ck = NULL;
    *out = k;
    k = NULL;
    dpp_diag_clear(diag);
done:
    free(spki);
    free(k);
    dpp_crypto_key_free(ck);
    return rc;
}

/* ---- generate ---- */

dpp_err dpp_key_generate(dpp_alg alg, dpp_key **out, dpp_diag *diag)
{
    dpp_crypto_key *ck = NULL;
    dpp_err rc;

    if (out != NULL) *out = NULL;
    if (out == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out is NULL");
    if (dpp_alg_name(alg) == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "alg %d: not ES256, ES384, EdDSA or PS256",
                            (int)alg);
    rc = dpp_crypto_key_generate(alg, DPP_KEY_RSA_MIN_BITS, &ck);
    if (rc == DPP_ERR_NO_MEMORY) return dpp_diag_set(diag, rc, SIZE_MAX, "out of memory");
    if (rc != DPP_OK) return dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "key generation failed");
    return key_wrap(ck, true, NULL, out, diag);
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

static dpp_err load(const uint8_t *data, size_t len, dpp_key **out, dpp_diag *diag)
{
    bool pem = looks_like_pem(data, len);
    const char *form = pem ? "PEM" : "DER";
    dpp_crypto_parsed p;
    dpp_err rc;

    if (pem && (mem_contains(data, len, "-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
                mem_contains(data, len, "Proc-Type: 4,ENCRYPTED")))
        return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "PEM: encrypted private keys are not supported");
    rc = dpp_crypto_key_parse(data, len, pem, &p);
    if (rc != DPP_OK) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    switch (p.found) {
    case DPP_CRYPTO_FOUND_ENCRYPTED:
        return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "DER: encrypted private keys are not supported");
    case DPP_CRYPTO_FOUND_PRIVATE: return key_wrap(p.key, true, NULL, out, diag);
    case DPP_CRYPTO_FOUND_PUBLIC: return key_wrap(p.key, false, NULL, out, diag);
    case DPP_CRYPTO_FOUND_CERT: return key_wrap(p.key, false, &p, out, diag);
    case DPP_CRYPTO_FOUND_CERT_BAD_KEY:
        rc = dpp_key_spki_diagnose(&p.spki, diag);
        if (rc != DPP_OK) return rc;
        return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "%s certificate: public key unreadable", form);
    case DPP_CRYPTO_FOUND_NONE: break;
    }
    /* A public key the backend parses but cannot decode: an EC point off
     * its curve is a weak key, not a format error. */
    rc = dpp_key_spki_diagnose(&p.spki, diag);
    if (rc != DPP_OK) return rc;
    if (pem)
        return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "PEM: no readable private key, public key or certificate");
    return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX,
                        "DER (%zu bytes): not a private key, SubjectPublicKeyInfo or X.509 certificate", len);
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
    return load(data, len, out, diag);
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
    dpp_crypto_key_free(key->ck_);
    wipe(key, sizeof *key);
    free(key);
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

const dpp_crypto_key *dpp_key_crypto(const dpp_key *key) { return key != NULL ? key->ck_ : NULL; }

size_t dpp_key_sig_len(const dpp_key *key) { return key != NULL ? key->sig_len_ : 0; }

/* ---- sign and verify ---- */

dpp_err dpp_key_sign(const dpp_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t sig_cap,
                     size_t *sig_len)
{
    if (sig_len != NULL) *sig_len = 0;
    if (key == NULL || sig == NULL || sig_len == NULL || (msg == NULL && msg_len != 0)) return DPP_ERR_INVALID_ARG;
    if (!key->is_private_) return DPP_ERR_KEY_NOT_PRIVATE;
    if (key->ck_ == NULL || key->sig_len_ == 0) return DPP_ERR_INVALID_ARG;
    if (sig_cap < key->sig_len_) return DPP_ERR_BUFFER_TOO_SMALL;
    return dpp_crypto_sign(key->ck_, msg, msg_len, sig, sig_cap, sig_len);
}

dpp_err dpp_key_verify(const dpp_key *key, const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len)
{
    if (key == NULL || (msg == NULL && msg_len != 0) || (sig == NULL && sig_len != 0)) return DPP_ERR_INVALID_ARG;
    if (key->ck_ == NULL) return DPP_ERR_INVALID_ARG;
    /* The length is fixed by the key: anything else is a bad signature. */
    if (sig_len != key->sig_len_ || sig_len == 0) return DPP_ERR_SIGNATURE;
    return dpp_crypto_verify(key->ck_, msg, msg_len, sig, sig_len);
}

/* ---- export ---- */

static dpp_err pem_export(const dpp_key *key, bool private_part, char *out, size_t out_cap, size_t *out_len)
{
    if (out_len != NULL) *out_len = 0;
    if (out != NULL && out_cap > 0) out[0] = '\0';
    if (key == NULL || out_len == NULL) return DPP_ERR_INVALID_ARG;
    if (private_part && !key->is_private_) return DPP_ERR_KEY_NOT_PRIVATE;
    dpp_err rc = dpp_crypto_key_export(key->ck_, private_part ? DPP_CRYPTO_FORM_PKCS8_PEM : DPP_CRYPTO_FORM_SPKI_PEM,
                                       (uint8_t *)out, out_cap, out_len);
    if (rc != DPP_OK) *out_len = 0;
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
    dpp_err rc;
    if (out_len != NULL) *out_len = 0;
    if (key == NULL || out_len == NULL) return DPP_ERR_INVALID_ARG;
    rc = dpp_crypto_key_export(key->ck_, DPP_CRYPTO_FORM_SPKI_DER, out, out_cap, out_len);
    if (rc != DPP_OK) *out_len = 0;
    return rc;
}

dpp_err dpp_key_self_signed_cert(const dpp_key *key, const char *common_name, int64_t not_before,
                                 int64_t not_after, char *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    uint8_t serial[SERIAL_LEN];
    size_t cn_len;
    dpp_err rc;

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
    /* 16 random bytes, top bit clear (positive) and never all zero. */
    if (dpp_crypto_random(serial, sizeof serial) != DPP_OK)
        return dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "OpenSSL failed building the certificate");
    serial[0] = (uint8_t)((serial[0] & 0x7f) | 0x01);
    rc = dpp_crypto_self_signed_cert(key->ck_, common_name, cn_len, serial, sizeof serial, not_before, not_after,
                                     out, out_cap, out_len);
    switch (rc) {
    case DPP_OK: dpp_diag_clear(diag); return DPP_OK;
    case DPP_ERR_NO_MEMORY: return dpp_diag_set(diag, rc, SIZE_MAX, "out of memory");
    case DPP_ERR_INVALID_ARG: return dpp_diag_set(diag, rc, SIZE_MAX, "common_name: not valid UTF-8");
    case DPP_ERR_BUFFER_TOO_SMALL: {
        size_t need = *out_len;
        *out_len = 0;
        if (out_cap > 0) out[0] = '\0';
        return dpp_diag_set(diag, rc, SIZE_MAX, "certificate PEM needs %zu bytes plus the NUL", need);
    }
    default:
        *out_len = 0;
        return dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "OpenSSL failed building the certificate");
    }
}
