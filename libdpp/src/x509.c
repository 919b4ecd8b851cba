/* SPDX-License-Identifier: Apache-2.0 */
/* The X.509 alternative to trust lists: pinned CA certificates, signer
 * certificates verified against them once when added (chain, basic
 * constraints, key usage, role policy), and certificate DER extraction for
 * trust-list entries. spec/trust.md section 4. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "codes.h"
#include "diag.h"
#include "dpp/dpp_trustlist.h"
#include "key_internal.h"
#include "trust_internal.h"
#include "x509_internal.h"

/* Longest chain bundle accepted (bytes) and most certificates in it. */
#define CHAIN_MAX_LEN (256u * 1024u)
#define CHAIN_MAX_CERTS 16
/* Most pinned CA certificates in one store. */
#define MAX_CAS 256

void dpp_x509_store_free(struct x509_store_st *store) { X509_STORE_free(store); }

static bool looks_like_pem(const uint8_t *p, size_t n)
{
    static const char tag[] = "-----BEGIN";
    for (size_t i = 0; i + sizeof tag - 1 <= n; i++)
        if (memcmp(p + i, tag, sizeof tag - 1) == 0) return true;
    return false;
}

/* Reads every certificate of data (PEM bundle, or one DER certificate) into
 * a new stack. At least one certificate, at most max. */
static dpp_err read_certs(const uint8_t *data, size_t len, size_t max, STACK_OF(X509) **out, const char *what,
                          dpp_diag *diag)
{
    STACK_OF(X509) *sk = sk_X509_new_null();
    dpp_err err = DPP_OK;

    *out = NULL;
    if (sk == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    if (looks_like_pem(data, len)) {
        BIO *bio = BIO_new_mem_buf(data, (int)len);
        X509 *x;
        if (bio == NULL) {
            err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
            goto done;
        }
        while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
            if ((size_t)sk_X509_num(sk) >= max || sk_X509_push(sk, x) <= 0) {
                X509_free(x);
                err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "%s: more than %zu certificates", what, max);
                break;
            }
        }
        BIO_free(bio);
    } else {
        const unsigned char *p = data;
        X509 *x = d2i_X509(NULL, &p, (long)len);
        if (x != NULL && p == data + len) {
            if (sk_X509_push(sk, x) <= 0) {
                X509_free(x);
                err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
            }
        } else {
            X509_free(x);
        }
    }
    if (err == DPP_OK && sk_X509_num(sk) == 0)
        err = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "%s: no X.509 certificate (PEM or DER) found", what);
done:
    if (err != DPP_OK) sk_X509_pop_free(sk, X509_free);
    else *out = sk;
    ERR_clear_error();
    return err;
}

dpp_err dpp_x509_cert_der(const uint8_t *data, size_t len, uint8_t *out, size_t out_cap, size_t *out_len,
                          dpp_diag *diag)
{
    STACK_OF(X509) *sk = NULL;
    unsigned char *der = NULL;
    int n;
    dpp_err err;

    *out_len = 0;
    if (len > DPP_KEY_MAX_INPUT_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "certificate: %zu bytes, limit %d", len,
                            DPP_KEY_MAX_INPUT_LEN);
    err = read_certs(data, len, 64, &sk, "certificate", diag);
    if (err != DPP_OK) return err;
    n = i2d_X509(sk_X509_value(sk, 0), &der);
    if (n <= 0 || der == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "certificate: cannot encode as DER");
    } else if ((size_t)n > out_cap) {
        err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "certificate: %d bytes DER, limit %zu", n, out_cap);
    } else {
        memcpy(out, der, (size_t)n);
        *out_len = (size_t)n;
    }
    OPENSSL_free(der);
    sk_X509_pop_free(sk, X509_free);
    ERR_clear_error();
    return err;
}

dpp_err dpp_trust_add_ca(dpp_trust *trust, const uint8_t *data, size_t len, dpp_diag *diag)
{
    STACK_OF(X509) *sk = NULL;
    dpp_err err;

    dpp_diag_clear(diag);
    if (trust == NULL || data == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust or data is NULL");
    if (len > CHAIN_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "CA file: %zu bytes, limit %u", len, CHAIN_MAX_LEN);
    err = read_certs(data, len, CHAIN_MAX_CERTS, &sk, "CA certificate", diag);
    if (err != DPP_OK) return err;
    if (trust->n_cas + (size_t)sk_X509_num(sk) > MAX_CAS) {
        err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "at most %d pinned CA certificates", MAX_CAS);
        goto done;
    }
    for (int i = 0; i < sk_X509_num(sk); i++) {
        X509 *ca = sk_X509_value(sk, i);
        /* A pinned CA must be able to issue certificates. */
        char what[32];
        if (X509_check_ca(ca) == 0) {
            err = dpp_diag_set(diag, DPP_ERR_CERT_CHAIN, SIZE_MAX,
                               "CA certificate %d is not a CA (basicConstraints CA:TRUE and keyCertSign needed)", i);
            goto done;
        }
        /* A CA with a weak key (e.g. Ed25519 of small order, RSA e = 1)
         * would let anyone forge the certificates it issues. */
        (void)snprintf(what, sizeof what, "CA certificate %d", i);
        err = dpp_key_check_cert(ca, what, diag);
        if (err != DPP_OK) goto done;
    }
    if (trust->cas == NULL) {
        trust->cas = X509_STORE_new();
        if (trust->cas == NULL) {
            err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
            goto done;
        }
    }
    for (int i = 0; i < sk_X509_num(sk); i++) {
        if (X509_STORE_add_cert(trust->cas, sk_X509_value(sk, i)) != 1) {
            /* Adding the same CA twice is not an error. */
            unsigned long e = ERR_peek_last_error();
            if (ERR_GET_REASON(e) != X509_R_CERT_ALREADY_IN_HASH_TABLE) {
                err = dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "cannot pin CA certificate %d", i);
                goto done;
            }
            continue;
        }
        trust->n_cas++;
    }
done:
    sk_X509_pop_free(sk, X509_free);
    ERR_clear_error();
    return err;
}

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool asn1_epoch(const ASN1_TIME *t, int64_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) return false;
    *out = days_from_civil(tm.tm_year + 1900LL, tm.tm_mon + 1LL, tm.tm_mday) * 86400 + tm.tm_hour * 3600LL +
           tm.tm_min * 60LL + tm.tm_sec;
    return true;
}

/* The role named by the signer certificate's policies. */
static dpp_err policy_role(X509 *leaf, dpp_role *role, dpp_diag *diag)
{
    static const struct {
        const char *oid;
        dpp_role role;
    } k_map[] = {
        {DPP_OID_POLICY_MANUFACTURER, DPP_ROLE_MANUFACTURER},
        {DPP_OID_POLICY_CERTIFIER, DPP_ROLE_CERTIFIER},
        {DPP_OID_POLICY_CBAM_VERIFIER, DPP_ROLE_CBAM_VERIFIER},
    };
    CERTIFICATEPOLICIES *pols = X509_get_ext_d2i(leaf, NID_certificate_policies, NULL, NULL);
    size_t found = 0;
    dpp_err err = DPP_OK;

    *role = DPP_ROLE_ANY;
    for (int i = 0; pols != NULL && i < sk_POLICYINFO_num(pols); i++) {
        POLICYINFO *pi = sk_POLICYINFO_value(pols, i);
        char oid[80];
        if (OBJ_obj2txt(oid, (int)sizeof oid, pi->policyid, 1) <= 0) continue;
        for (size_t j = 0; j < sizeof k_map / sizeof k_map[0]; j++) {
            if (strcmp(oid, k_map[j].oid) == 0) {
                *role = k_map[j].role;
                found++;
            }
        }
    }
    if (found == 0)
        err = dpp_diag_set(diag, DPP_ERR_CERT_POLICY, SIZE_MAX,
                           "signer certificate has no libdpp role policy (%s, %s or %s)", DPP_OID_POLICY_MANUFACTURER,
                           DPP_OID_POLICY_CERTIFIER, DPP_OID_POLICY_CBAM_VERIFIER);
    else if (found > 1)
        err = dpp_diag_set(diag, DPP_ERR_CERT_POLICY, SIZE_MAX, "signer certificate names %zu libdpp role policies; one is allowed",
                           found);
    CERTIFICATEPOLICIES_free(pols);
    return err;
}

/* Subject CN (else O) and C into a party (left empty when unusable). */
static void subject_party(X509 *leaf, dpp_party *p)
{
    X509_NAME *nm = X509_get_subject_name(leaf);
    char buf[256];
    int n;
    memset(p, 0, sizeof *p);
    n = X509_NAME_get_text_by_NID(nm, NID_commonName, buf, (int)sizeof buf);
    if (n <= 0) n = X509_NAME_get_text_by_NID(nm, NID_organizationName, buf, (int)sizeof buf);
    if (n > 0 && (size_t)n <= DPP_MAX_NAME && dpp_text_valid(buf, (size_t)n)) memcpy(p->name, buf, (size_t)n + 1);
    n = X509_NAME_get_text_by_NID(nm, NID_countryName, buf, (int)sizeof buf);
    if (n == 2 && dpp_code_country(buf, 2)) memcpy(p->country, buf, 3);
}

dpp_err dpp_trust_add_cert(dpp_trust *trust, const uint8_t *cert, size_t cert_len, const uint8_t *chain,
                           size_t chain_len, dpp_diag *diag)
{
    STACK_OF(X509) *leafs = NULL, *untrusted = NULL;
    X509_STORE_CTX *ctx = NULL;
    X509 *leaf;
    unsigned char *der = NULL;
    int der_len;
    dpp_key *key = NULL;
    dpp_trust_entry e;
    dpp_role role = DPP_ROLE_ANY;
    int64_t nb = INT64_MIN, na = INT64_MAX;
    dpp_err err;

    memset(&e, 0, sizeof e);
    dpp_diag_clear(diag);
    if (trust == NULL || cert == NULL || (chain == NULL && chain_len != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust or cert is NULL");
    if (trust->cas == NULL || trust->n_cas == 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "no CA certificate is pinned (dpp_trust_add_ca)");
    if (cert_len > DPP_KEY_MAX_INPUT_LEN || chain_len > CHAIN_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "certificate or chain too large");
    /* The signer file may carry its chain after it (fullchain.pem). */
    err = read_certs(cert, cert_len, CHAIN_MAX_CERTS, &leafs, "signer certificate", diag);
    if (err != DPP_OK) return err;
    leaf = sk_X509_value(leafs, 0);
    err = dpp_key_check_cert(leaf, "signer certificate", diag);
    if (err != DPP_OK) goto done;
    if (chain_len > 0) {
        err = read_certs(chain, chain_len, CHAIN_MAX_CERTS, &untrusted, "chain", diag);
        if (err != DPP_OK) goto done;
    } else {
        untrusted = sk_X509_new_null();
        if (untrusted == NULL) {
            err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
            goto done;
        }
    }
    while (sk_X509_num(leafs) > 1) {
        X509 *x = sk_X509_pop(leafs);
        if (sk_X509_num(untrusted) >= CHAIN_MAX_CERTS || sk_X509_push(untrusted, x) <= 0) {
            X509_free(x);
            err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "more than %d chain certificates", CHAIN_MAX_CERTS);
            goto done;
        }
    }
    ctx = X509_STORE_CTX_new();
    if (ctx == NULL || X509_STORE_CTX_init(ctx, trust->cas, leaf, untrusted) != 1) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "cannot set up chain verification");
        goto done;
    }
    /* The time is checked at each verification against the chain's window. */
    X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx), X509_V_FLAG_NO_CHECK_TIME | X509_V_FLAG_X509_STRICT);
    if (X509_verify_cert(ctx) != 1) {
        int code = X509_STORE_CTX_get_error(ctx);
        err = dpp_diag_set(diag, DPP_ERR_CERT_CHAIN, SIZE_MAX,
                           "signer certificate does not chain to a pinned CA: %s (depth %d)",
                           X509_verify_cert_error_string(code), X509_STORE_CTX_get_error_depth(ctx));
        goto done;
    }
    {
        STACK_OF(X509) *path = X509_STORE_CTX_get0_chain(ctx);
        for (int i = 0; i < sk_X509_num(path); i++) {
            X509 *x = sk_X509_value(path, i);
            int64_t a, b;
            if (i > 0) { /* the issuers' keys: a weak one could sign anything */
                char what[40];
                (void)snprintf(what, sizeof what, "chain certificate %d", i);
                err = dpp_key_check_cert(x, what, diag);
                if (err != DPP_OK) goto done;
            }
            if (!asn1_epoch(X509_get0_notBefore(x), &a) || !asn1_epoch(X509_get0_notAfter(x), &b)) {
                err = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "chain certificate %d: validity unreadable", i);
                goto done;
            }
            if (a > nb) nb = a;
            if (b < na) na = b;
        }
    }
    if ((X509_get_extension_flags(leaf) & EXFLAG_KUSAGE) == 0 || (X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE) == 0) {
        err = dpp_diag_set(diag, DPP_ERR_CERT_CHAIN, SIZE_MAX,
                           "signer certificate: keyUsage must be present and include digitalSignature");
        goto done;
    }
    err = policy_role(leaf, &role, diag);
    if (err != DPP_OK) goto done;
    der_len = i2d_X509(leaf, &der);
    if (der_len <= 0 || der == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "signer certificate: cannot encode as DER");
        goto done;
    }
    err = dpp_key_load(der, (size_t)der_len, &key, diag);
    if (err != DPP_OK) goto done;
    err = dpp_trust_entry_init(&e, key, DPP_SOURCE_X509);
    if (err != DPP_OK) {
        dpp_diag_set(diag, err, SIZE_MAX, "cannot add the certificate: %s", dpp_err_str(err));
        goto done;
    }
    e.role = role;
    e.has_chain_window = true;
    e.chain_nb = nb;
    e.chain_na = na;
    subject_party(leaf, &e.party);
    /* The same certificate added twice: keep one. */
    for (size_t i = dpp_trust_lower_bound(trust, e.kid);
         i < trust->n && memcmp(trust->keys[i].kid, e.kid, DPP_KID_LEN) == 0; i++) {
        const dpp_trust_entry *o = &trust->keys[i];
        if (o->source == DPP_SOURCE_X509 && o->role == e.role && o->chain_nb == nb && o->chain_na == na &&
            o->spki_len == e.spki_len && memcmp(o->spki, e.spki, e.spki_len) == 0)
            goto done;
    }
    err = dpp_trust_insert(trust, &e);
    if (err != DPP_OK) dpp_diag_set(diag, err, SIZE_MAX, "cannot add the certificate: %s", dpp_err_str(err));
done:
    dpp_trust_entry_clear(&e);
    dpp_key_free(key);
    OPENSSL_free(der);
    X509_STORE_CTX_free(ctx);
    sk_X509_pop_free(untrusted, X509_free);
    sk_X509_pop_free(leafs, X509_free);
    ERR_clear_error();
    return err;
}
