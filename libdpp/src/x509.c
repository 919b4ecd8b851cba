/* SPDX-License-Identifier: Apache-2.0 */
/* The X.509 alternative to trust lists: pinned CA certificates, signer
 * certificates verified against them once when added (chain, basic
 * constraints, key usage, role policy), and certificate DER extraction for
 * trust-list entries. spec/trust.md section 4. Facts come from the crypto
 * port; the trust store is trust_x509.c's. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "diag.h"
#include "dpp/dpp_trust.h"
#include "key_check.h"
#include "key_internal.h"
#include "timeutil.h"
#include "x509_internal.h"

/* Longest chain bundle accepted (bytes) and most certificates in it. */
#define CHAIN_MAX_LEN (256u * 1024u)
#define CHAIN_MAX_CERTS 16
/* Room for a policy OID in dotted form. */
#define OID_TEXT_LEN 80

void dpp_x509_store_free(dpp_crypto_cas *store) { dpp_crypto_cas_free(store); }

static bool looks_like_pem(const uint8_t *p, size_t n)
{
    static const char tag[] = "-----BEGIN";
    for (size_t i = 0; i + sizeof tag - 1 <= n; i++)
        if (memcmp(p + i, tag, sizeof tag - 1) == 0) return true;
    return false;
}

/* A list of certificates (owned handles). */
typedef struct cert_list {
    dpp_crypto_cert **c;
    size_t n;
} cert_list;

/* Reads every certificate of data (PEM bundle, or one DER certificate). At
 * least one certificate, at most max. */
static dpp_err read_certs(const uint8_t *data, size_t len, size_t max, cert_list *out, const char *what, dpp_diag *diag)
{
    dpp_err err = dpp_crypto_certs_read(data, len, looks_like_pem(data, len), max, &out->c, &out->n);
    if (err == DPP_ERR_TOO_LARGE) return dpp_diag_set(diag, err, SIZE_MAX, "%s: more than %zu certificates", what, max);
    if (err != DPP_OK) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    if (out->n == 0) {
        dpp_crypto_certs_free(out->c, 0);
        out->c = NULL;
        return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "%s: no X.509 certificate (PEM or DER) found", what);
    }
    return DPP_OK;
}

dpp_err dpp_x509_cert_der(const uint8_t *data, size_t len, uint8_t *out, size_t out_cap, size_t *out_len,
                          dpp_diag *diag)
{
    cert_list certs = {NULL, 0};
    size_t n = 0;
    dpp_err err;

    *out_len = 0;
    if (len > DPP_KEY_MAX_INPUT_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "certificate: %zu bytes, limit %d", len,
                            DPP_KEY_MAX_INPUT_LEN);
    err = read_certs(data, len, 64, &certs, "certificate", diag);
    if (err != DPP_OK) return err;
    err = dpp_crypto_cert_der(certs.c[0], out, out_cap, &n);
    if (err == DPP_ERR_BUFFER_TOO_SMALL)
        err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "certificate: %zu bytes DER, limit %zu", n, out_cap);
    else if (err != DPP_OK)
        err = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "certificate: cannot encode as DER");
    else
        *out_len = n;
    dpp_crypto_certs_free(certs.c, certs.n);
    return err;
}

dpp_err dpp_x509_pin_cas(dpp_crypto_cas **store, size_t n_pinned, const uint8_t *data, size_t len, size_t *n_added,
                         dpp_diag *diag)
{
    cert_list certs = {NULL, 0};
    dpp_err err;

    *n_added = 0;
    if (len > CHAIN_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "CA file: %zu bytes, limit %u", len, CHAIN_MAX_LEN);
    err = read_certs(data, len, CHAIN_MAX_CERTS, &certs, "CA certificate", diag);
    if (err != DPP_OK) return err;
    if (n_pinned + certs.n > DPP_X509_MAX_CAS) {
        err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "at most %d pinned CA certificates", DPP_X509_MAX_CAS);
        goto done;
    }
    for (size_t i = 0; i < certs.n; i++) {
        dpp_crypto_cert_facts f;
        char what[48];
        dpp_crypto_cert_facts_get(certs.c[i], &f);
        /* A pinned CA must be able to issue certificates. */
        if (!f.is_ca) {
            err = dpp_diag_set(diag, DPP_ERR_CERT_CHAIN, SIZE_MAX,
                               "CA certificate %zu is not a CA (basicConstraints CA:TRUE and keyCertSign needed)", i);
            goto done;
        }
        /* A CA with a weak key (e.g. Ed25519 of small order, RSA e = 1)
         * would let anyone forge the certificates it issues. */
        (void)snprintf(what, sizeof what, "CA certificate %zu", i);
        err = dpp_key_check_cert(certs.c[i], what, diag);
        if (err != DPP_OK) goto done;
    }
    if (*store == NULL && dpp_crypto_cas_new(store) != DPP_OK) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < certs.n; i++) {
        bool added = false;
        if (dpp_crypto_cas_add(*store, certs.c[i], &added) != DPP_OK) {
            err = dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "cannot pin CA certificate %zu", i);
            goto done;
        }
        if (added) (*n_added)++;
    }
done:
    dpp_crypto_certs_free(certs.c, certs.n);
    return err;
}

/* A CRL at now: current (thisUpdate not in the future beyond the skew,
 * nextUpdate present and not passed). */
static dpp_err crl_current(const dpp_crypto_crl_facts *f, size_t i, int64_t now, dpp_diag *diag)
{
    char a[DPP_TIME_ISO_LEN], b[DPP_TIME_ISO_LEN];
    if (!f->this_update_ok)
        return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "CRL %zu (%s): thisUpdate unreadable", i, f->issuer);
    if (!f->has_next_update)
        return dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX,
                            "CRL %zu (%s): no nextUpdate (RFC 5280 5.1.2.5 requires one)", i, f->issuer);
    if (dpp_time_after(f->this_update, now, DPP_IAT_SKEW_SECONDS))
        return dpp_diag_set(diag, DPP_ERR_NOT_YET_VALID, SIZE_MAX,
                            "CRL %zu (%s): thisUpdate %s is after the verification time %s", i, f->issuer,
                            dpp_time_iso(f->this_update, a), dpp_time_iso(now, b));
    if (f->next_update < now)
        return dpp_diag_set(diag, DPP_ERR_CRL_EXPIRED, SIZE_MAX,
                            "CRL %zu (%s) expired: nextUpdate %s is before the verification time %s; fetch a "
                            "current CRL",
                            i, f->issuer, dpp_time_iso(f->next_update, a), dpp_time_iso(now, b));
    return DPP_OK;
}

dpp_err dpp_x509_add_crls(dpp_crypto_cas **store, size_t n_held, const uint8_t *data, size_t len, int64_t now,
                          size_t *n_added, dpp_diag *diag)
{
    dpp_crypto_crl **crls = NULL;
    size_t n = 0;
    dpp_err err;

    *n_added = 0;
    if (len > DPP_CRL_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "CRL file: %zu bytes, limit %d", len, DPP_CRL_MAX_LEN);
    err = dpp_crypto_crls_read(data, len, looks_like_pem(data, len), DPP_X509_MAX_CRLS, DPP_CRL_MAX_ENTRIES, &crls, &n);
    if (err == DPP_ERR_TOO_LARGE)
        return dpp_diag_set(diag, err, SIZE_MAX, "CRL file: more than %d CRLs, or a CRL with more than %d entries",
                            DPP_X509_MAX_CRLS, DPP_CRL_MAX_ENTRIES);
    if (err != DPP_OK) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    if (n == 0) {
        err = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "CRL: no X.509 CRL (PEM \"X509 CRL\" or DER) found");
        goto done;
    }
    if (n_held + n > DPP_X509_MAX_CRLS) {
        err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "at most %d CRLs", DPP_X509_MAX_CRLS);
        goto done;
    }
    if (*store == NULL && dpp_crypto_cas_new(store) != DPP_OK) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        dpp_crypto_crl_facts f;
        dpp_crypto_crl_facts_get(crls[i], &f);
        err = crl_current(&f, i, now, diag);
        if (err != DPP_OK) goto done;
        /* Issued by a pinned CA: its signature now. Else the issuer must be
         * on a path, and the chain verification checks it there. */
        err = dpp_crypto_cas_crl_check(*store, crls[i]);
        if (err == DPP_ERR_SIGNATURE) {
            err = dpp_diag_set(diag, err, SIZE_MAX, "CRL %zu (%s): not signed by the pinned CA of that name", i,
                               f.issuer);
            goto done;
        }
        if (err != DPP_OK && err != DPP_ERR_NOT_FOUND) {
            err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
            goto done;
        }
        err = DPP_OK;
    }
    for (size_t i = 0; i < n; i++) {
        bool added = false;
        if (dpp_crypto_cas_add_crl(*store, crls[i], &added) != DPP_OK) {
            err = dpp_diag_set(diag, DPP_ERR_CRYPTO_BACKEND, SIZE_MAX, "cannot add CRL %zu", i);
            goto done;
        }
        if (added) (*n_added)++;
    }
done:
    dpp_crypto_crls_free(crls, n);
    return err;
}

/* The role named by the signer certificate's policies: exactly one of
 * libdpp's policy OIDs. */
static dpp_err policy_role(const dpp_crypto_cert *leaf, dpp_role *role, dpp_diag *diag)
{
    static const struct {
        const char *oid;
        dpp_role role;
    } k_map[] = {
        {DPP_OID_POLICY_MANUFACTURER, DPP_ROLE_MANUFACTURER},
        {DPP_OID_POLICY_CERTIFIER, DPP_ROLE_CERTIFIER},
        {DPP_OID_POLICY_CBAM_VERIFIER, DPP_ROLE_CBAM_VERIFIER},
        {DPP_OID_POLICY_MANUFACTURER_UUID, DPP_ROLE_MANUFACTURER},
        {DPP_OID_POLICY_CERTIFIER_UUID, DPP_ROLE_CERTIFIER},
        {DPP_OID_POLICY_CBAM_VERIFIER_UUID, DPP_ROLE_CBAM_VERIFIER},
    };
    char oid[OID_TEXT_LEN];
    size_t found = 0;
    unsigned roles = 0;

    *role = DPP_ROLE_ANY;
    for (size_t i = 0; dpp_crypto_cert_policy(leaf, i, oid, sizeof oid); i++) {
        for (size_t j = 0; j < sizeof k_map / sizeof k_map[0]; j++) {
            if (oid[0] != '\0' && strcmp(oid, k_map[j].oid) == 0) {
                *role = k_map[j].role;
                /* the same role under both arcs counts once */
                if ((roles & (1u << (unsigned)k_map[j].role)) == 0) found++;
                roles |= 1u << (unsigned)k_map[j].role;
            }
        }
    }
    if (found == 0)
        return dpp_diag_set(diag, DPP_ERR_CERT_POLICY, SIZE_MAX,
                            "signer certificate has no libdpp role policy (%s, %s or %s, or their 2.25 forms)",
                            DPP_OID_POLICY_MANUFACTURER,
                            DPP_OID_POLICY_CERTIFIER, DPP_OID_POLICY_CBAM_VERIFIER);
    if (found > 1)
        return dpp_diag_set(diag, DPP_ERR_CERT_POLICY, SIZE_MAX,
                            "signer certificate names %zu libdpp role policies; one is allowed", found);
    return DPP_OK;
}

dpp_err dpp_oid_from_uuid(const uint8_t uuid[16], char *out, size_t cap)
{
    uint8_t v[16];
    char digits[40];
    size_t nd = 0;
    bool zero;
    if (uuid == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    memcpy(v, uuid, sizeof v);
    /* repeated division of the 128-bit big-endian value by 10 */
    do {
        unsigned rem = 0;
        zero = true;
        for (size_t i = 0; i < sizeof v; i++) {
            unsigned cur = (rem << 8) | v[i];
            v[i] = (uint8_t)(cur / 10u);
            rem = cur % 10u;
            if (v[i] != 0) zero = false;
        }
        digits[nd++] = (char)('0' + rem);
    } while (!zero);
    if (cap < 5 + nd + 1) return DPP_ERR_BUFFER_TOO_SMALL;
    memcpy(out, "2.25.", 5);
    for (size_t i = 0; i < nd; i++) out[5 + i] = digits[nd - 1 - i];
    out[5 + nd] = '\0';
    return DPP_OK;
}

/* Subject CN (else O) and C into a party (left empty when unusable). */
static void subject_party(const dpp_crypto_cert_facts *f, dpp_party *p)
{
    const char *name = f->cn;
    int n = f->cn_len;
    memset(p, 0, sizeof *p);
    if (n <= 0) {
        name = f->o;
        n = f->o_len;
    }
    if (n > 0 && (size_t)n <= DPP_MAX_NAME && dpp_text_valid(name, (size_t)n)) memcpy(p->name, name, (size_t)n + 1);
    if (f->c_len == 2 && dpp_code_country(f->c, 2)) memcpy(p->country, f->c, 3);
}

/* The certificates a path may use besides the pinned CAs: those of the
 * chain file, then those after the signer in its own file (last first).
 * Borrowed into *arr (free() it); at most CHAIN_MAX_CERTS. */
static dpp_err untrusted_set(const cert_list *leafs, const cert_list *chain, dpp_crypto_cert ***arr, size_t *n,
                             dpp_diag *diag)
{
    size_t total = chain->n + leafs->n - 1;
    *arr = NULL;
    *n = 0;
    if (total > CHAIN_MAX_CERTS)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "more than %d chain certificates", CHAIN_MAX_CERTS);
    if (total == 0) return DPP_OK;
    *arr = malloc(total * sizeof **arr);
    if (*arr == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    for (size_t i = 0; i < chain->n; i++) (*arr)[(*n)++] = chain->c[i];
    for (size_t i = leafs->n - 1; i > 0; i--) (*arr)[(*n)++] = leafs->c[i];
    return DPP_OK;
}

dpp_err dpp_x509_signer_read(dpp_crypto_cas *store, const uint8_t *cert, size_t cert_len, const uint8_t *chain,
                             size_t chain_len, dpp_x509_signer *out, dpp_diag *diag)
{
    cert_list leafs = {NULL, 0}, chain_certs = {NULL, 0};
    dpp_crypto_cert **untrusted = NULL;
    size_t n_untrusted = 0;
    dpp_crypto_chain path = {NULL, 0, NULL, 0};
    dpp_crypto_cert_facts leaf_facts;
    uint8_t *der = NULL;
    size_t der_len = 0;
    int64_t nb = INT64_MIN, na = INT64_MAX;
    dpp_err err;

    memset(out, 0, sizeof *out);
    if (cert_len > DPP_KEY_MAX_INPUT_LEN || chain_len > CHAIN_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "certificate or chain too large");
    /* The signer file may carry its chain after it (fullchain.pem). */
    err = read_certs(cert, cert_len, CHAIN_MAX_CERTS, &leafs, "signer certificate", diag);
    if (err != DPP_OK) return err;
    err = dpp_key_check_cert(leafs.c[0], "signer certificate", diag);
    if (err != DPP_OK) goto done;
    if (chain_len > 0) {
        err = read_certs(chain, chain_len, CHAIN_MAX_CERTS, &chain_certs, "chain", diag);
        if (err != DPP_OK) goto done;
    }
    err = untrusted_set(&leafs, &chain_certs, &untrusted, &n_untrusted, diag);
    if (err != DPP_OK) goto done;
    err = dpp_crypto_chain_verify(store, leafs.c[0], untrusted, n_untrusted, &path);
    if (err == DPP_ERR_CERT_CHAIN) {
        err = dpp_diag_set(diag, err, SIZE_MAX, "signer certificate does not chain to a pinned CA: %s (depth %d)",
                           path.error != NULL ? path.error : "unknown reason", path.depth);
        goto done;
    }
    if (err == DPP_ERR_CERT_REVOKED) {
        err = dpp_diag_set(diag, err, SIZE_MAX, "%s is revoked by its issuer's CRL (depth %d)",
                           path.depth == 0 ? "signer certificate" : "a CA certificate of its chain", path.depth);
        goto done;
    }
    if (err != DPP_OK) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "cannot set up chain verification");
        goto done;
    }
    /* The chain's window is the intersection of its certificates' windows;
     * the time is checked against it at each verification. */
    for (size_t i = 0; i < path.n; i++) {
        dpp_crypto_cert_facts f;
        if (i > 0) { /* the issuers' keys: a weak one could sign anything */
            char what[48];
            (void)snprintf(what, sizeof what, "chain certificate %zu", i);
            err = dpp_key_check_cert(path.path[i], what, diag);
            if (err != DPP_OK) goto done;
        }
        dpp_crypto_cert_facts_get(path.path[i], &f);
        if (!f.validity_ok) {
            err = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "chain certificate %zu: validity unreadable", i);
            goto done;
        }
        if (f.not_before > nb) nb = f.not_before;
        if (f.not_after < na) na = f.not_after;
    }
    dpp_crypto_cert_facts_get(leafs.c[0], &leaf_facts);
    if (!leaf_facts.has_key_usage || !leaf_facts.ku_digital_signature) {
        err = dpp_diag_set(diag, DPP_ERR_CERT_CHAIN, SIZE_MAX,
                           "signer certificate: keyUsage must be present and include digitalSignature");
        goto done;
    }
    err = policy_role(leafs.c[0], &out->role, diag);
    if (err != DPP_OK) goto done;
    if (dpp_crypto_cert_der(leafs.c[0], NULL, 0, &der_len) != DPP_ERR_BUFFER_TOO_SMALL || der_len == 0 ||
        (der = malloc(der_len)) == NULL || dpp_crypto_cert_der(leafs.c[0], der, der_len, &der_len) != DPP_OK) {
        err = dpp_diag_set(diag, DPP_ERR_KEY_FORMAT, SIZE_MAX, "signer certificate: cannot encode as DER");
        goto done;
    }
    err = dpp_key_load(der, der_len, &out->key, diag);
    if (err != DPP_OK) goto done;
    out->chain_nb = nb;
    out->chain_na = na;
    subject_party(&leaf_facts, &out->party);
done:
    if (err != DPP_OK) {
        dpp_key_free(out->key);
        memset(out, 0, sizeof *out);
    }
    free(der);
    dpp_crypto_certs_free(path.path, path.n);
    free(untrusted);
    dpp_crypto_certs_free(chain_certs.c, chain_certs.n);
    dpp_crypto_certs_free(leafs.c, leafs.n);
    return err;
}
