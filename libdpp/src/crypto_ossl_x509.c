/* SPDX-License-Identifier: Apache-2.0 */
/* The crypto port (crypto.h) on OpenSSL 3, part 2: certificates (the
 * self-signed one dpp_key_self_signed_cert() makes, reading, facts, the
 * pinned-CA store and chain verification). Part 1 is crypto_ossl.c. */
#include "crypto.h"

#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "crypto_ossl.h"
#include "dpp/dpp_trust.h"

/* Sets an X.509 time from seconds since the epoch without going through a
 * (possibly 32-bit) time_t. */
static int set_x509_time(ASN1_TIME *t, int64_t epoch)
{
    return ASN1_TIME_adj(t, 0, (int)(epoch / 86400), (long)(epoch % 86400)) != NULL;
}

/* ---- self-signed certificate ---- */

/* Length of "-----BEGIN CERTIFICATE-----\n", base64 in 64-char lines each
 * ending in "\n", "-----END CERTIFICATE-----\n" for der_len bytes of DER. */
static size_t cert_pem_len(size_t der_len)
{
    size_t b64 = 4 * ((der_len + 2) / 3);
    return (sizeof "-----BEGIN CERTIFICATE-----\n" - 1) + b64 + (b64 + 63) / 64 +
           (sizeof "-----END CERTIFICATE-----\n" - 1);
}

dpp_err dpp_crypto_self_signed_cert(const dpp_crypto_key *key, const char *cn, size_t cn_len,
                                    const uint8_t *serial, size_t serial_len, int64_t not_before,
                                    int64_t not_after, char *out, size_t out_cap, size_t *out_len)
{
    dpp_err rc = DPP_ERR_CRYPTO_BACKEND;
    X509 *x = NULL;
    X509_NAME *name;
    ASN1_BIT_STRING *ku = NULL;
    BIGNUM *bn = NULL;
    BIO *bio = NULL;
    EVP_PKEY *pkey = dpp_crypto_ossl_pkey(key);

    if (out_len == NULL || key == NULL || pkey == NULL || cn == NULL || serial == NULL || serial_len == 0 ||
        serial_len > 20 || cn_len > INT32_MAX)
        return DPP_ERR_INVALID_ARG;
    *out_len = 0;
    if ((x = X509_new()) == NULL || (ku = ASN1_BIT_STRING_new()) == NULL || (bio = BIO_new(BIO_s_mem())) == NULL) {
        rc = DPP_ERR_NO_MEMORY;
        goto done;
    }
    if (X509_set_version(x, X509_VERSION_3) != 1) goto done;
    if ((bn = BN_bin2bn(serial, (int)serial_len, NULL)) == NULL) goto done;
    if (BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) == NULL) goto done;
    if (X509_set_pubkey(x, pkey) != 1) goto done;
    name = X509_get_subject_name(x);
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, (int)cn_len, -1, 0) != 1) {
        rc = DPP_ERR_INVALID_ARG;
        goto done;
    }
    if (X509_set_issuer_name(x, name) != 1) goto done;
    if (!set_x509_time(X509_getm_notBefore(x), not_before) || !set_x509_time(X509_getm_notAfter(x), not_after))
        goto done;
    if (ASN1_BIT_STRING_set_bit(ku, 0, 1) != 1) goto done; /* digitalSignature */
    if (X509_add1_ext_i2d(x, NID_key_usage, ku, 1, X509V3_ADD_DEFAULT) != 1) goto done;
    if (X509_sign(x, pkey, EVP_PKEY_get_base_id(pkey) == EVP_PKEY_ED25519 ? NULL : EVP_sha256()) <= 0)
        goto done;
    if (out == NULL) {
        /* Size mode. An ECDSA signature's DER length varies from one
         * signature to the next, so report the length the PEM has when the
         * signature takes its maximum length: an upper bound for any call. */
        const ASN1_BIT_STRING *sig = NULL;
        int der_len = i2d_X509(x, NULL);
        int max_sig = EVP_PKEY_get_size(pkey);
        X509_get0_signature(&sig, NULL, x);
        if (der_len <= 0 || sig == NULL || max_sig < sig->length) goto done;
        *out_len = cert_pem_len((size_t)der_len + (size_t)(max_sig - sig->length));
        rc = DPP_OK;
        goto done;
    }
    if (PEM_write_bio_X509(bio, x) != 1) goto done;
    rc = dpp_crypto_ossl_bio_text(bio, out, out_cap, out_len);
done:
    BIO_free(bio);
    BN_free(bn);
    ASN1_BIT_STRING_free(ku);
    X509_free(x);
    ERR_clear_error();
    return rc;
}

/* ---- X.509 ---- */

/* A dpp_crypto_cert is an X509, a dpp_crypto_cas an X509_STORE. */
static X509 *x509_of(const dpp_crypto_cert *c) { return (X509 *)(uintptr_t)c; }
static X509_STORE *store_of(dpp_crypto_cas *s) { return (X509_STORE *)s; }

void dpp_crypto_certs_free(dpp_crypto_cert **certs, size_t n)
{
    if (certs == NULL) return;
    for (size_t i = 0; i < n; i++) X509_free(x509_of(certs[i]));
    OPENSSL_free(certs);
}

/* Appends x (taken) to *arr of *n (capacity max). */
static dpp_err push_cert(dpp_crypto_cert **arr, size_t *n, size_t max, X509 *x)
{
    if (*n >= max) {
        X509_free(x);
        return DPP_ERR_TOO_LARGE;
    }
    arr[(*n)++] = (dpp_crypto_cert *)x;
    return DPP_OK;
}

dpp_err dpp_crypto_certs_read(const uint8_t *data, size_t len, bool pem, size_t max, dpp_crypto_cert ***certs,
                              size_t *n)
{
    dpp_crypto_cert **arr;
    dpp_err err = DPP_OK;

    if (certs == NULL || n == NULL) return DPP_ERR_INVALID_ARG;
    *certs = NULL;
    *n = 0;
    if (data == NULL || len > INT32_MAX || max == 0 || max > 4096) return DPP_ERR_INVALID_ARG;
    arr = OPENSSL_zalloc(max * sizeof *arr);
    if (arr == NULL) return DPP_ERR_NO_MEMORY;
    if (pem) {
        BIO *bio = BIO_new_mem_buf(data, (int)len);
        X509 *x;
        if (bio == NULL) {
            err = DPP_ERR_NO_MEMORY;
            goto done;
        }
        while (err == DPP_OK && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL)
            err = push_cert(arr, n, max, x);
        BIO_free(bio);
    } else {
        const unsigned char *p = data;
        X509 *x = d2i_X509(NULL, &p, (long)len);
        if (x != NULL && p == data + len) err = push_cert(arr, n, max, x);
        else X509_free(x);
    }
done:
    if (err != DPP_OK) {
        dpp_crypto_certs_free(arr, *n);
        *n = 0;
    } else {
        *certs = arr;
    }
    ERR_clear_error();
    return err;
}

void dpp_crypto_cert_facts_get(const dpp_crypto_cert *cert, dpp_crypto_cert_facts *f)
{
    X509 *x = x509_of(cert);
    X509_NAME *nm;

    memset(f, 0, sizeof *f);
    f->cn_len = f->o_len = f->c_len = -1;
    if (x == NULL) return;
    f->is_ca = X509_check_ca(x) != 0;
    f->has_key_usage = (X509_get_extension_flags(x) & EXFLAG_KUSAGE) != 0;
    f->ku_digital_signature = f->has_key_usage && (X509_get_key_usage(x) & KU_DIGITAL_SIGNATURE) != 0;
    f->validity_ok = dpp_crypto_ossl_time(X509_get0_notBefore(x), &f->not_before) &&
                     dpp_crypto_ossl_time(X509_get0_notAfter(x), &f->not_after);
    nm = X509_get_subject_name(x);
    f->cn_len = X509_NAME_get_text_by_NID(nm, NID_commonName, f->cn, (int)sizeof f->cn);
    f->o_len = X509_NAME_get_text_by_NID(nm, NID_organizationName, f->o, (int)sizeof f->o);
    f->c_len = X509_NAME_get_text_by_NID(nm, NID_countryName, f->c, (int)sizeof f->c);
    ERR_clear_error();
}

bool dpp_crypto_cert_policy(const dpp_crypto_cert *cert, size_t i, char *oid, size_t cap)
{
    CERTIFICATEPOLICIES *pols;
    bool r = false;

    if (oid == NULL || cap == 0 || cap > INT32_MAX) return false;
    oid[0] = '\0';
    pols = X509_get_ext_d2i(x509_of(cert), NID_certificate_policies, NULL, NULL);
    if (pols != NULL && i < (size_t)sk_POLICYINFO_num(pols)) {
        POLICYINFO *pi = sk_POLICYINFO_value(pols, (int)i);
        if (OBJ_obj2txt(oid, (int)cap, pi->policyid, 1) <= 0) oid[0] = '\0';
        r = true;
    }
    CERTIFICATEPOLICIES_free(pols);
    ERR_clear_error();
    return r;
}

dpp_err dpp_crypto_cert_key(const dpp_crypto_cert *cert, dpp_crypto_parsed *out)
{
    dpp_err rc;
    if (out == NULL) return DPP_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (cert == NULL) return DPP_ERR_INVALID_ARG;
    rc = dpp_crypto_ossl_cert_key(x509_of(cert), out);
    ERR_clear_error();
    return rc;
}

dpp_err dpp_crypto_cert_der(const dpp_crypto_cert *cert, uint8_t *out, size_t out_cap, size_t *out_len)
{
    dpp_err rc = DPP_OK;
    int n;

    if (out_len == NULL || cert == NULL) return DPP_ERR_INVALID_ARG;
    *out_len = 0;
    n = i2d_X509(x509_of(cert), NULL);
    if (n <= 0) {
        rc = DPP_ERR_KEY_FORMAT;
    } else {
        *out_len = (size_t)n;
        if (out == NULL || out_cap < (size_t)n) {
            rc = DPP_ERR_BUFFER_TOO_SMALL;
        } else {
            unsigned char *p = out;
            if (i2d_X509(x509_of(cert), &p) != n) rc = DPP_ERR_KEY_FORMAT;
        }
    }
    ERR_clear_error();
    return rc;
}

dpp_err dpp_crypto_cas_new(dpp_crypto_cas **out)
{
    if (out == NULL) return DPP_ERR_INVALID_ARG;
    *out = (dpp_crypto_cas *)X509_STORE_new();
    ERR_clear_error();
    return *out != NULL ? DPP_OK : DPP_ERR_NO_MEMORY;
}

void dpp_crypto_cas_free(dpp_crypto_cas *cas) { X509_STORE_free(store_of(cas)); }

dpp_err dpp_crypto_cas_add(dpp_crypto_cas *cas, const dpp_crypto_cert *ca, bool *added)
{
    dpp_err rc = DPP_OK;
    if (added != NULL) *added = false;
    if (cas == NULL || ca == NULL || added == NULL) return DPP_ERR_INVALID_ARG;
    if (X509_STORE_add_cert(store_of(cas), x509_of(ca)) == 1) {
        *added = true;
    } else if (ERR_GET_REASON(ERR_peek_last_error()) != X509_R_CERT_ALREADY_IN_HASH_TABLE) {
        rc = DPP_ERR_CRYPTO_BACKEND; /* adding the same CA twice is not an error */
    }
    ERR_clear_error();
    return rc;
}

/* ---- CRLs ---- */

/* A dpp_crypto_crl is an X509_CRL. */
static X509_CRL *crl_of(const dpp_crypto_crl *c) { return (X509_CRL *)(uintptr_t)c; }

void dpp_crypto_crls_free(dpp_crypto_crl **crls, size_t n)
{
    if (crls == NULL) return;
    for (size_t i = 0; i < n; i++) X509_CRL_free(crl_of(crls[i]));
    OPENSSL_free(crls);
}

/* Appends crl (taken) to arr of *n (capacity max), if it lists at most
 * max_entries revoked certificates. */
static dpp_err push_crl(dpp_crypto_crl **arr, size_t *n, size_t max, size_t max_entries, X509_CRL *crl)
{
    STACK_OF(X509_REVOKED) *rev = X509_CRL_get_REVOKED(crl);
    if (*n >= max || (rev != NULL && (size_t)sk_X509_REVOKED_num(rev) > max_entries)) {
        X509_CRL_free(crl);
        return DPP_ERR_TOO_LARGE;
    }
    arr[(*n)++] = (dpp_crypto_crl *)crl;
    return DPP_OK;
}

dpp_err dpp_crypto_crls_read(const uint8_t *data, size_t len, bool pem, size_t max, size_t max_entries,
                             dpp_crypto_crl ***crls, size_t *n)
{
    dpp_crypto_crl **arr;
    dpp_err err = DPP_OK;

    if (crls == NULL || n == NULL) return DPP_ERR_INVALID_ARG;
    *crls = NULL;
    *n = 0;
    if (data == NULL || len > INT32_MAX || max == 0 || max > 4096) return DPP_ERR_INVALID_ARG;
    arr = OPENSSL_zalloc(max * sizeof *arr);
    if (arr == NULL) return DPP_ERR_NO_MEMORY;
    if (pem) {
        BIO *bio = BIO_new_mem_buf(data, (int)len);
        X509_CRL *c;
        if (bio == NULL) {
            err = DPP_ERR_NO_MEMORY;
            goto done;
        }
        while (err == DPP_OK && (c = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL)) != NULL)
            err = push_crl(arr, n, max, max_entries, c);
        BIO_free(bio);
    } else {
        const unsigned char *p = data;
        X509_CRL *c = d2i_X509_CRL(NULL, &p, (long)len);
        if (c != NULL && p == data + len) err = push_crl(arr, n, max, max_entries, c);
        else X509_CRL_free(c);
    }
done:
    if (err != DPP_OK) {
        dpp_crypto_crls_free(arr, *n);
        *n = 0;
    } else {
        *crls = arr;
    }
    ERR_clear_error();
    return err;
}

void dpp_crypto_crl_facts_get(const dpp_crypto_crl *crl, dpp_crypto_crl_facts *f)
{
    X509_CRL *c = crl_of(crl);
    const ASN1_TIME *nu;
    STACK_OF(X509_REVOKED) *rev;

    memset(f, 0, sizeof *f);
    if (c == NULL) return;
    f->this_update_ok = dpp_crypto_ossl_time(X509_CRL_get0_lastUpdate(c), &f->this_update) != 0;
    nu = X509_CRL_get0_nextUpdate(c);
    f->has_next_update = nu != NULL && dpp_crypto_ossl_time(nu, &f->next_update) != 0;
    rev = X509_CRL_get_REVOKED(c);
    f->n_revoked = rev != NULL ? (size_t)sk_X509_REVOKED_num(rev) : 0;
    if (X509_NAME_oneline(X509_CRL_get_issuer(c), f->issuer, (int)sizeof f->issuer) == NULL) f->issuer[0] = '\0';
    ERR_clear_error();
}

dpp_err dpp_crypto_cas_crl_check(dpp_crypto_cas *cas, const dpp_crypto_crl *crl)
{
    STACK_OF(X509) *named = NULL;
    dpp_err rc = DPP_ERR_NOT_FOUND;

    if (cas == NULL || crl == NULL) return DPP_ERR_INVALID_ARG;
    {
        X509_STORE_CTX *ctx = X509_STORE_CTX_new();
        if (ctx == NULL) return DPP_ERR_NO_MEMORY;
        if (X509_STORE_CTX_init(ctx, store_of(cas), NULL, NULL) == 1)
            named = X509_STORE_CTX_get1_certs(ctx, X509_CRL_get_issuer(crl_of(crl)));
        X509_STORE_CTX_free(ctx);
    }
    for (int i = 0; named != NULL && i < sk_X509_num(named); i++) {
        EVP_PKEY *pk = X509_get0_pubkey(sk_X509_value(named, i));
        rc = DPP_ERR_SIGNATURE;
        if (pk != NULL && X509_CRL_verify(crl_of(crl), pk) == 1) {
            rc = DPP_OK;
            break;
        }
    }
    sk_X509_pop_free(named, X509_free);
    ERR_clear_error();
    return rc;
}

dpp_err dpp_crypto_cas_add_crl(dpp_crypto_cas *cas, const dpp_crypto_crl *crl, bool *added)
{
    dpp_err rc = DPP_OK;
    if (added != NULL) *added = false;
    if (cas == NULL || crl == NULL || added == NULL) return DPP_ERR_INVALID_ARG;
    if (X509_STORE_add_crl(store_of(cas), crl_of(crl)) == 1) {
        *added = true;
    } else if (ERR_GET_REASON(ERR_peek_last_error()) != X509_R_CERT_ALREADY_IN_HASH_TABLE) {
        rc = DPP_ERR_CRYPTO_BACKEND;
    }
    /* Revocation of every certificate of a path, from then on. */
    if (rc == DPP_OK &&
        X509_STORE_set_flags(store_of(cas), X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL) != 1)
        rc = DPP_ERR_CRYPTO_BACKEND;
    ERR_clear_error();
    return rc;
}

dpp_err dpp_crypto_chain_verify(dpp_crypto_cas *cas, const dpp_crypto_cert *leaf, dpp_crypto_cert *const *untrusted,
                                size_t n_untrusted, dpp_crypto_chain *out)
{
    STACK_OF(X509) *sk = NULL;
    X509_STORE_CTX *ctx = NULL;
    dpp_err rc = DPP_ERR_NO_MEMORY;

    if (out == NULL) return DPP_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (cas == NULL || leaf == NULL || (untrusted == NULL && n_untrusted != 0) || n_untrusted > 4096)
        return DPP_ERR_INVALID_ARG;
    /* A certificate that constrains policies but asserts none: refused here,
     * before OpenSSL's policy processing, which in 3.0 leaks the decoded
     * constraints of such a certificate (its policy cache returns early;
     * fixed upstream, openssl/openssl pull request 31678). A libdpp chain
     * carries role policies, so no valid chain looks like this. */
    for (size_t i = 0; i <= n_untrusted; i++) {
        X509 *x = i == 0 ? x509_of(leaf) : x509_of(untrusted[i - 1]);
        if (X509_get_ext_by_NID(x, NID_policy_constraints, -1) >= 0 &&
            X509_get_ext_by_NID(x, NID_certificate_policies, -1) < 0) {
            out->error = "policy constraints without certificate policies";
            out->depth = (int)i;
            return DPP_ERR_CERT_CHAIN;
        }
    }
    sk = sk_X509_new_null();
    if (sk == NULL) goto done;
    for (size_t i = 0; i < n_untrusted; i++)
        if (sk_X509_push(sk, x509_of(untrusted[i])) <= 0) goto done; /* borrowed: freed with sk_X509_free */
    ctx = X509_STORE_CTX_new();
    if (ctx == NULL || X509_STORE_CTX_init(ctx, store_of(cas), x509_of(leaf), sk) != 1) goto done;
    /* The time is checked by the caller against the chain's window. Policy
     * processing (RFC 5280 6.1) honours the CAs' policy constraints
     * (requireExplicitPolicy, inhibitPolicyMapping, inhibitAnyPolicy);
     * without such constraints on the path it changes nothing
     * (spec/trust.md 4.1). */
    X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx),
                                X509_V_FLAG_NO_CHECK_TIME | X509_V_FLAG_X509_STRICT | X509_V_FLAG_POLICY_CHECK);
    /* The user-initial policy set: libdpp's role policies (a CA requiring an
     * explicit policy must let one of them through). */
    {
        static const char *const k_roles[] = {DPP_OID_POLICY_MANUFACTURER,      DPP_OID_POLICY_CERTIFIER,
                                              DPP_OID_POLICY_CBAM_VERIFIER,     DPP_OID_POLICY_MANUFACTURER_UUID,
                                              DPP_OID_POLICY_CERTIFIER_UUID,    DPP_OID_POLICY_CBAM_VERIFIER_UUID};
        for (size_t i = 0; i < sizeof k_roles / sizeof k_roles[0]; i++) {
            ASN1_OBJECT *o = OBJ_txt2obj(k_roles[i], 1);
            if (o == NULL || X509_VERIFY_PARAM_add0_policy(X509_STORE_CTX_get0_param(ctx), o) != 1) {
                ASN1_OBJECT_free(o);
                goto done;
            }
        }
    }
    if (X509_verify_cert(ctx) != 1) {
        int e = X509_STORE_CTX_get_error(ctx);
        out->error = X509_verify_cert_error_string(e);
        out->depth = X509_STORE_CTX_get_error_depth(ctx);
        rc = e == X509_V_ERR_CERT_REVOKED ? DPP_ERR_CERT_REVOKED : DPP_ERR_CERT_CHAIN;
        goto done;
    }
    {
        STACK_OF(X509) *path = X509_STORE_CTX_get0_chain(ctx);
        int np = sk_X509_num(path);
        if (np <= 0) goto done;
        out->path = OPENSSL_zalloc((size_t)np * sizeof *out->path);
        if (out->path == NULL) goto done;
        for (int i = 0; i < np; i++) {
            X509 *x = sk_X509_value(path, i);
            if (X509_up_ref(x) != 1) {
                dpp_crypto_certs_free(out->path, out->n);
                out->path = NULL;
                out->n = 0;
                goto done;
            }
            out->path[out->n++] = (dpp_crypto_cert *)x;
        }
    }
    rc = DPP_OK;
done:
    X509_STORE_CTX_free(ctx);
    sk_X509_free(sk);
    ERR_clear_error();
    return rc;
}
