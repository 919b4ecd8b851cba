/* X.509 chains to pinned CAs with CA policy constraints and CRLs
 * (dpp_trust_add_ca / dpp_trust_add_crl / dpp_trust_add_cert, issue 22).
 * Every certificate and CRL is made here, at test time, with OpenSSL.
 *
 *   test_x509                 the cmocka tests
 *   test_x509 --write DIR     also writes the cases (PEM files and
 *                             DIR/cases.json with the error name the native
 *                             library gives each), for the WebAssembly build's
 *                             test (tests/web/wasm_x509.test.mjs)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "dpp/dpp.h"

#define NOW 1790000000LL /* 2026-09-21 */
#define DAY 86400LL

static const char *g_write_dir;

/* ---- making certificates and CRLs ---- */

static EVP_PKEY *new_key(void)
{
    EVP_PKEY *k = EVP_EC_gen("P-256");
    assert_non_null(k);
    return k;
}

static void add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (ext == NULL) fail_msg("extension %s = %s", OBJ_nid2sn(nid), value);
    assert_int_equal(X509_add_ext(cert, ext, -1), 1);
    X509_EXTENSION_free(ext);
}

static void set_time(ASN1_TIME *t, int64_t epoch)
{
    assert_non_null(ASN1_TIME_adj(t, 0, (int)(epoch / DAY), (long)(epoch % DAY)));
}

/* A certificate: CA or signer (role policy), self-signed when issuer is
 * NULL. policy: a certificatePolicies OID or NULL; constraints: a
 * policyConstraints value or NULL. */
static X509 *mk_cert(EVP_PKEY *subject, const char *cn, EVP_PKEY *issuer_key, X509 *issuer, bool ca, long serial,
                     const char *policy, const char *constraints)
{
    X509 *x = X509_new();
    X509_NAME *nm;
    X509 *ctx_issuer;
    assert_non_null(x);
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
    set_time(X509_getm_notBefore(x), NOW - 30 * DAY);
    set_time(X509_getm_notAfter(x), NOW + 365 * DAY);
    X509_set_pubkey(x, subject);
    nm = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(nm, "C", MBSTRING_ASC, (const unsigned char *)"DE", -1, -1, 0);
    X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(x, issuer != NULL ? X509_get_subject_name(issuer) : nm);
    ctx_issuer = issuer != NULL ? issuer : x;
    add_ext(x, ctx_issuer, NID_subject_key_identifier, "hash");
    add_ext(x, ctx_issuer, NID_authority_key_identifier, "keyid:always");
    add_ext(x, ctx_issuer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    add_ext(x, ctx_issuer, NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    if (policy != NULL) {
        CERTIFICATEPOLICIES *pols = sk_POLICYINFO_new_null();
        POLICYINFO *pi = POLICYINFO_new();
        assert_non_null(pols);
        assert_non_null(pi);
        ASN1_OBJECT_free(pi->policyid);
        pi->policyid = OBJ_txt2obj(policy, 1);
        assert_non_null(pi->policyid);
        sk_POLICYINFO_push(pols, pi);
        assert_int_equal(X509_add1_ext_i2d(x, NID_certificate_policies, pols, 0, X509V3_ADD_DEFAULT), 1);
        CERTIFICATEPOLICIES_free(pols);
    }
    if (constraints != NULL) add_ext(x, ctx_issuer, NID_policy_constraints, constraints);
    assert_true(X509_sign(x, issuer_key != NULL ? issuer_key : subject, EVP_sha256()) > 0);
    return x;
}

/* A v2 CRL in issuer's name, signed by key, revoking the serial numbers
 * of revoked (n of them), current from this_update to next_update. */
static X509_CRL *mk_crl(X509 *issuer, EVP_PKEY *key, const long *revoked, size_t n, int64_t this_update,
                        int64_t next_update)
{
    X509_CRL *c = X509_CRL_new();
    ASN1_TIME *tu = ASN1_TIME_new(), *nu = ASN1_TIME_new();
    X509V3_CTX ctx;
    X509_EXTENSION *ext;
    assert_non_null(c);
    X509_CRL_set_version(c, 1);
    X509_CRL_set_issuer_name(c, X509_get_subject_name(issuer));
    set_time(tu, this_update);
    set_time(nu, next_update);
    X509_CRL_set1_lastUpdate(c, tu);
    X509_CRL_set1_nextUpdate(c, nu);
    for (size_t i = 0; i < n; i++) {
        X509_REVOKED *r = X509_REVOKED_new();
        ASN1_INTEGER *s = ASN1_INTEGER_new();
        ASN1_INTEGER_set(s, revoked[i]);
        X509_REVOKED_set_serialNumber(r, s);
        X509_REVOKED_set_revocationDate(r, tu);
        X509_CRL_add0_revoked(c, r);
        ASN1_INTEGER_free(s);
    }
    X509V3_set_ctx(&ctx, issuer, NULL, NULL, c, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_authority_key_identifier, "keyid:always");
    assert_non_null(ext);
    X509_CRL_add_ext(c, ext, -1);
    X509_EXTENSION_free(ext);
    {
        ASN1_INTEGER *num = ASN1_INTEGER_new();
        ASN1_INTEGER_set(num, 1);
        X509_CRL_add1_ext_i2d(c, NID_crl_number, num, 0, 0);
        ASN1_INTEGER_free(num);
    }
    X509_CRL_sort(c);
    assert_true(X509_CRL_sign(c, key, EVP_sha256()) > 0);
    ASN1_TIME_free(tu);
    ASN1_TIME_free(nu);
    return c;
}

typedef struct blob {
    char *p;
    size_t n;
} blob;

static blob bio_blob(BIO *bio)
{
    char *p;
    long n = BIO_get_mem_data(bio, &p);
    blob b;
    assert_true(n >= 0);
    b.p = malloc((size_t)n + 1);
    assert_non_null(b.p);
    memcpy(b.p, p, (size_t)n);
    b.p[n] = '\0';
    b.n = (size_t)n;
    BIO_free(bio);
    return b;
}

static blob cert_pem(X509 *x)
{
    BIO *bio = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_X509(bio, x), 1);
    return bio_blob(bio);
}

static blob crl_pem(X509_CRL *c)
{
    BIO *bio = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_X509_CRL(bio, c), 1);
    return bio_blob(bio);
}

static blob crl_der(X509_CRL *c)
{
    BIO *bio = BIO_new(BIO_s_mem());
    assert_int_equal(i2d_X509_CRL_bio(bio, c), 1);
    return bio_blob(bio);
}

/* ---- the PKI ---- */

/* Root (pinned) -> Issuing CA (anyPolicy; requireExplicitPolicy:0,
 * inhibitPolicyMapping:0) -> signer (manufacturer role policy). */
enum {
    F_ROOT, F_INTER, F_LEAF, F_OTHER_LEAF,
    F_CRL_ROOT, F_CRL_ROOT_REV_INTER, F_CRL_INTER, F_CRL_INTER_REV_LEAF, F_CRL_INTER_EXPIRED, F_CRL_INTER_FUTURE,
    F_CRL_ROOT_FORGED, F_CRL_INTER_FORGED, F_CRL_INTER_DER, F_CRL_GARBAGE, F_CRL_BOTH,
    F_INTER_NOPOL, F_LEAF_NOPOL, F_INTER_ROLE, F_LEAF_ROLE, F_INTER_OTHER, F_LEAF_OTHER, F_INTER_OTHER_NC,
    F_LEAF_OTHER_NC,
    F_COUNT
};
static const char *const k_file[F_COUNT] = {
    "root.pem", "inter.pem", "leaf.pem", "other-leaf.pem",
    "root.crl.pem", "root-revokes-inter.crl.pem", "inter.crl.pem", "inter-revokes-leaf.crl.pem",
    "inter-expired.crl.pem", "inter-future.crl.pem", "root-forged.crl.pem", "inter-forged.crl.pem",
    "inter.crl.der", "garbage.crl.pem", "root-and-inter.crl.pem", "inter-nopolicy.pem", "leaf-nopolicy.pem",
    "inter-role.pem", "leaf-role.pem", "inter-other.pem", "leaf-other.pem", "inter-other-nc.pem", "leaf-other-nc.pem",
};

typedef struct pki {
    blob f[F_COUNT];
} pki;

static pki g_pki;

#define LEAF_SERIAL 1001
#define INTER_SERIAL 101

static void make_pki(pki *k)
{
    EVP_PKEY *rk = new_key(), *ik = new_key(), *lk = new_key(), *bad = new_key();
    X509 *root = mk_cert(rk, "CRL Test Root", NULL, NULL, true, 1, NULL, NULL);
    X509 *inter = mk_cert(ik, "CRL Test Issuing CA", rk, root, true, INTER_SERIAL, "2.5.29.32.0",
                          "critical,requireExplicitPolicy:0,inhibitPolicyMapping:0");
    X509 *inter_nopol = mk_cert(ik, "CRL Test Issuing CA", rk, root, true, INTER_SERIAL + 1, NULL,
                                "critical,requireExplicitPolicy:0");
    X509 *leaf = mk_cert(lk, "Jinding Steel", ik, inter, false, LEAF_SERIAL, DPP_OID_POLICY_MANUFACTURER_UUID, NULL);
    X509 *other = mk_cert(lk, "Other Steel", ik, inter, false, LEAF_SERIAL + 1, DPP_OID_POLICY_MANUFACTURER, NULL);
    X509 *leaf_np = mk_cert(lk, "Under no policy", ik, inter_nopol, false, LEAF_SERIAL + 2,
                            DPP_OID_POLICY_MANUFACTURER, NULL);
    /* issuing CAs asserting a role policy themselves: the leaf's role
     * (explicit policy required), another role (required / not) */
    X509 *i_role = mk_cert(ik, "Role CA", rk, root, true, 201, DPP_OID_POLICY_MANUFACTURER_UUID,
                           "critical,requireExplicitPolicy:0");
    X509 *i_other = mk_cert(ik, "Other Role CA", rk, root, true, 202, DPP_OID_POLICY_CERTIFIER,
                            "critical,requireExplicitPolicy:0");
    X509 *i_other_nc = mk_cert(ik, "Other Role CA, no constraint", rk, root, true, 203, DPP_OID_POLICY_CERTIFIER,
                               NULL);
    X509 *l_role = mk_cert(lk, "Role Leaf", ik, i_role, false, 2001, DPP_OID_POLICY_MANUFACTURER_UUID, NULL);
    X509 *l_other = mk_cert(lk, "Other Leaf", ik, i_other, false, 2002, DPP_OID_POLICY_MANUFACTURER, NULL);
    X509 *l_other_nc = mk_cert(lk, "Other Leaf NC", ik, i_other_nc, false, 2003, DPP_OID_POLICY_MANUFACTURER, NULL);
    const long rev_leaf[] = {LEAF_SERIAL, 999}, rev_inter[] = {INTER_SERIAL};
    X509_CRL *c;

    k->f[F_ROOT] = cert_pem(root);
    k->f[F_INTER] = cert_pem(inter);
    k->f[F_LEAF] = cert_pem(leaf);
    k->f[F_OTHER_LEAF] = cert_pem(other);
    k->f[F_INTER_NOPOL] = cert_pem(inter_nopol);
    k->f[F_LEAF_NOPOL] = cert_pem(leaf_np);
    k->f[F_INTER_ROLE] = cert_pem(i_role);
    k->f[F_LEAF_ROLE] = cert_pem(l_role);
    k->f[F_INTER_OTHER] = cert_pem(i_other);
    k->f[F_LEAF_OTHER] = cert_pem(l_other);
    k->f[F_INTER_OTHER_NC] = cert_pem(i_other_nc);
    k->f[F_LEAF_OTHER_NC] = cert_pem(l_other_nc);
    X509_free(i_role);
    X509_free(i_other);
    X509_free(i_other_nc);
    X509_free(l_role);
    X509_free(l_other);
    X509_free(l_other_nc);
    c = mk_crl(root, rk, NULL, 0, NOW - DAY, NOW + 7 * DAY);
    k->f[F_CRL_ROOT] = crl_pem(c);
    X509_CRL_free(c);
    c = mk_crl(root, rk, rev_inter, 1, NOW - DAY, NOW + 7 * DAY);
    k->f[F_CRL_ROOT_REV_INTER] = crl_pem(c);
    X509_CRL_free(c);
    c = mk_crl(inter, ik, NULL, 0, NOW - DAY, NOW + 7 * DAY);
    k->f[F_CRL_INTER] = crl_pem(c);
    k->f[F_CRL_INTER_DER] = crl_der(c);
    X509_CRL_free(c);
    c = mk_crl(inter, ik, rev_leaf, 2, NOW - DAY, NOW + 7 * DAY);
    k->f[F_CRL_INTER_REV_LEAF] = crl_pem(c);
    X509_CRL_free(c);
    c = mk_crl(inter, ik, NULL, 0, NOW - 10 * DAY, NOW - 3 * DAY);
    k->f[F_CRL_INTER_EXPIRED] = crl_pem(c);
    X509_CRL_free(c);
    c = mk_crl(inter, ik, NULL, 0, NOW + DAY, NOW + 7 * DAY);
    k->f[F_CRL_INTER_FUTURE] = crl_pem(c);
    X509_CRL_free(c);
    c = mk_crl(root, bad, NULL, 0, NOW - DAY, NOW + 7 * DAY); /* the root's name, another key */
    k->f[F_CRL_ROOT_FORGED] = crl_pem(c);
    X509_CRL_free(c);
    c = mk_crl(inter, bad, NULL, 0, NOW - DAY, NOW + 7 * DAY); /* the issuing CA's name, another key */
    k->f[F_CRL_INTER_FORGED] = crl_pem(c);
    X509_CRL_free(c);
    {
        static const char garbage[] = "-----BEGIN X509 CRL-----\nMIIBnotbase64atall!!\n-----END X509 CRL-----\n";
        k->f[F_CRL_GARBAGE].n = sizeof garbage - 1;
        k->f[F_CRL_GARBAGE].p = malloc(sizeof garbage);
        memcpy(k->f[F_CRL_GARBAGE].p, garbage, sizeof garbage);
    }
    {
        blob a = k->f[F_CRL_ROOT], b = k->f[F_CRL_INTER_REV_LEAF];
        blob both = {malloc(a.n + b.n + 1), a.n + b.n};
        memcpy(both.p, a.p, a.n);
        memcpy(both.p + a.n, b.p, b.n + 1);
        k->f[F_CRL_BOTH] = both;
    }
    X509_free(root);
    X509_free(inter);
    X509_free(inter_nopol);
    X509_free(leaf);
    X509_free(other);
    X509_free(leaf_np);
    EVP_PKEY_free(rk);
    EVP_PKEY_free(ik);
    EVP_PKEY_free(lk);
    EVP_PKEY_free(bad);
}

/* ---- the cases ---- */

#define MAX_CRLS 3

typedef struct xcase {
    const char *name;
    int crls[MAX_CRLS]; /* -1: none */
    int leaf, chain;
    dpp_err expect;     /* of the first call that fails (add_crl or add_cert), DPP_OK if none */
    const char *msg;    /* a part of the diag message */
} xcase;

static const xcase k_cases[] = {
    {"no CRL", {-1, -1, -1}, F_LEAF, F_INTER, DPP_OK, NULL},
    {"current CRLs, nothing revoked", {F_CRL_ROOT, F_CRL_INTER, -1}, F_LEAF, F_INTER, DPP_OK, NULL},
    {"DER CRL", {F_CRL_ROOT, F_CRL_INTER_DER, -1}, F_LEAF, F_INTER, DPP_OK, NULL},
    {"leaf revoked", {F_CRL_ROOT, F_CRL_INTER_REV_LEAF, -1}, F_LEAF, F_INTER, DPP_ERR_CERT_REVOKED, "depth 0"},
    {"leaf revoked, two CRLs in one file", {F_CRL_BOTH, -1, -1}, F_LEAF, F_INTER, DPP_ERR_CERT_REVOKED, "depth 0"},
    {"other leaf not revoked", {F_CRL_ROOT, F_CRL_INTER_REV_LEAF, -1}, F_OTHER_LEAF, F_INTER, DPP_OK, NULL},
    {"intermediate revoked", {F_CRL_ROOT_REV_INTER, F_CRL_INTER, -1}, F_LEAF, F_INTER, DPP_ERR_CERT_REVOKED,
     "depth 1"},
    {"CRL expired", {F_CRL_ROOT, F_CRL_INTER_EXPIRED, -1}, F_LEAF, F_INTER, DPP_ERR_CRL_EXPIRED, "nextUpdate"},
    {"CRL not yet current", {F_CRL_INTER_FUTURE, -1, -1}, F_LEAF, F_INTER, DPP_ERR_NOT_YET_VALID, "thisUpdate"},
    {"root CRL signed by the wrong key", {F_CRL_ROOT_FORGED, -1, -1}, F_LEAF, F_INTER, DPP_ERR_SIGNATURE,
     "not signed by the pinned CA"},
    {"issuing CA CRL signed by the wrong key", {F_CRL_ROOT, F_CRL_INTER_FORGED, -1}, F_LEAF, F_INTER,
     DPP_ERR_CERT_CHAIN, "CRL"},
    {"no CRL for the issuing CA", {F_CRL_ROOT, -1, -1}, F_LEAF, F_INTER, DPP_ERR_CERT_CHAIN, "CRL"},
    {"CRL garbage", {F_CRL_GARBAGE, -1, -1}, F_LEAF, F_INTER, DPP_ERR_KEY_FORMAT, "no X.509 CRL"},
    {"a certificate is no CRL", {F_ROOT, -1, -1}, F_LEAF, F_INTER, DPP_ERR_KEY_FORMAT, "no X.509 CRL"},
    {"constraining CA without policies", {-1, -1, -1}, F_LEAF_NOPOL, F_INTER_NOPOL, DPP_ERR_CERT_CHAIN, "polic"},
    {"CA asserting the leaf's role, explicit policy", {-1, -1, -1}, F_LEAF_ROLE, F_INTER_ROLE, DPP_OK, NULL},
    {"CA asserting another role, explicit policy", {-1, -1, -1}, F_LEAF_OTHER, F_INTER_OTHER, DPP_ERR_CERT_CHAIN,
     "polic"},
    {"CA asserting another role, no constraint", {-1, -1, -1}, F_LEAF_OTHER_NC, F_INTER_OTHER_NC, DPP_OK, NULL},
    {"leaf with the wrong chain", {-1, -1, -1}, F_LEAF, F_INTER_ROLE, DPP_ERR_CERT_CHAIN, "pinned CA"},
    {"leaf without its chain", {-1, -1, -1}, F_LEAF, F_LEAF, DPP_ERR_CERT_CHAIN, "pinned CA"},
};
#define N_CASES (sizeof k_cases / sizeof k_cases[0])

/* Runs one case on a fresh store; returns the error of the first failing call. */
static dpp_err run_case(const xcase *c, dpp_diag *d)
{
    dpp_trust *t = NULL;
    dpp_err err;
    const pki *k = &g_pki;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    err = dpp_trust_add_ca(t, (const uint8_t *)k->f[F_ROOT].p, k->f[F_ROOT].n, d);
    assert_int_equal(err, DPP_OK);
    for (size_t i = 0; i < MAX_CRLS && c->crls[i] >= 0 && err == DPP_OK; i++)
        err = dpp_trust_add_crl(t, (const uint8_t *)k->f[c->crls[i]].p, k->f[c->crls[i]].n, NOW, d);
    if (err == DPP_OK)
        err = dpp_trust_add_cert(t, (const uint8_t *)k->f[c->leaf].p, k->f[c->leaf].n,
                                 (const uint8_t *)k->f[c->chain].p, k->f[c->chain].n, d);
    if (err == DPP_OK) assert_int_equal(dpp_trust_count(t), 1);
    dpp_trust_free(t);
    return err;
}

static void chain_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_CASES; i++) {
        dpp_diag d;
        dpp_err err = run_case(&k_cases[i], &d);
        if (err != k_cases[i].expect)
            fail_msg("%s: %s, expected %s (%s)", k_cases[i].name, dpp_err_name(err), dpp_err_name(k_cases[i].expect),
                     d.msg);
        if (k_cases[i].msg != NULL && strstr(d.msg, k_cases[i].msg) == NULL)
            fail_msg("%s: message '%s' lacks '%s'", k_cases[i].name, d.msg, k_cases[i].msg);
    }
}

/* Limits, arguments, and CRLs applying to later certificates only. */
static void crl_api(void **state)
{
    const pki *k = &g_pki;
    dpp_trust *t = NULL;
    dpp_diag d;
    uint8_t *big;
    (void)state;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_add_crl(NULL, (const uint8_t *)"x", 1, NOW, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trust_add_crl(t, NULL, 0, NOW, &d), DPP_ERR_INVALID_ARG);
    big = calloc(1, DPP_CRL_MAX_LEN + 1);
    assert_non_null(big);
    assert_int_equal(dpp_trust_add_crl(t, big, DPP_CRL_MAX_LEN + 1, NOW, &d), DPP_ERR_TOO_LARGE);
    assert_non_null(strstr(d.msg, "limit"));
    free(big);
    /* an intermediate's CRL may come before any CA is pinned */
    assert_int_equal(dpp_trust_add_crl(t, (const uint8_t *)k->f[F_CRL_INTER_REV_LEAF].p, k->f[F_CRL_INTER_REV_LEAF].n,
                                       NOW, &d),
                     DPP_OK);
    assert_int_equal(dpp_trust_add_ca(t, (const uint8_t *)k->f[F_ROOT].p, k->f[F_ROOT].n, &d), DPP_OK);
    assert_int_equal(dpp_trust_add_crl(t, (const uint8_t *)k->f[F_CRL_ROOT].p, k->f[F_CRL_ROOT].n, NOW, &d), DPP_OK);
    /* the same CRL twice is fine */
    assert_int_equal(dpp_trust_add_crl(t, (const uint8_t *)k->f[F_CRL_ROOT].p, k->f[F_CRL_ROOT].n, NOW, &d), DPP_OK);
    assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)k->f[F_LEAF].p, k->f[F_LEAF].n,
                                        (const uint8_t *)k->f[F_INTER].p, k->f[F_INTER].n, &d),
                     DPP_ERR_CERT_REVOKED);
    assert_non_null(strstr(d.msg, "signer certificate is revoked"));
    assert_int_equal(dpp_trust_count(t), 0);
    /* the expired CRL: judged at the time given, so a time within its window accepts it */
    assert_int_equal(dpp_trust_add_crl(t, (const uint8_t *)k->f[F_CRL_INTER_EXPIRED].p,
                                       k->f[F_CRL_INTER_EXPIRED].n, NOW - 5 * DAY, &d),
                     DPP_OK);
    dpp_trust_free(t);
    /* a CRL listing more than DPP_CRL_MAX_ENTRIES certificates */
    {
        EVP_PKEY *key = new_key();
        X509 *ca = mk_cert(key, "Busy CA", NULL, NULL, true, 7, NULL, NULL);
        long *serials = malloc((DPP_CRL_MAX_ENTRIES + 1) * sizeof *serials);
        X509_CRL *c;
        blob b;
        assert_non_null(serials);
        for (long i = 0; i <= DPP_CRL_MAX_ENTRIES; i++) serials[i] = i + 1;
        c = mk_crl(ca, key, serials, DPP_CRL_MAX_ENTRIES + 1, NOW - DAY, NOW + DAY);
        b = crl_der(c);
        assert_int_equal(dpp_trust_new(&t), DPP_OK);
        assert_int_equal(dpp_trust_add_crl(t, (const uint8_t *)b.p, b.n, NOW, &d), DPP_ERR_TOO_LARGE);
        assert_non_null(strstr(d.msg, "entries"));
        dpp_trust_free(t);
        free(b.p);
        free(serials);
        X509_CRL_free(c);
        X509_free(ca);
        EVP_PKEY_free(key);
    }
}

/* ---- --write DIR: the cases for the WebAssembly build ---- */

static void write_file(const char *dir, const char *name, const blob *b)
{
    char path[4096];
    FILE *f;
    (void)snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b->p, 1, b->n, f), b->n);
    assert_int_equal(fclose(f), 0);
}

static void write_cases(void **state)
{
    char path[4096];
    FILE *f;
    (void)state;
    if (g_write_dir == NULL) skip();
    for (int i = 0; i < F_COUNT; i++) write_file(g_write_dir, k_file[i], &g_pki.f[i]);
    (void)snprintf(path, sizeof path, "%s/cases.json", g_write_dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"now\": %lld, \"ca\": \"%s\", \"cases\": [\n", NOW, k_file[F_ROOT]);
    for (size_t i = 0; i < N_CASES; i++) {
        const xcase *c = &k_cases[i];
        dpp_diag d;
        dpp_err err = run_case(c, &d); /* what the native library says, recorded as such */
        fprintf(f, "  {\"name\": \"%s\", \"crls\": [", c->name);
        for (size_t j = 0; j < MAX_CRLS && c->crls[j] >= 0; j++)
            fprintf(f, "%s\"%s\"", j > 0 ? ", " : "", k_file[c->crls[j]]);
        fprintf(f, "], \"cert\": \"%s\", \"chain\": \"%s\", \"native\": \"%s\"}%s\n", k_file[c->leaf],
                k_file[c->chain], dpp_err_name(err), i + 1 < N_CASES ? "," : "");
    }
    fprintf(f, "]}\n");
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    make_pki(&g_pki);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < F_COUNT; i++) free(g_pki.f[i].p);
    return 0;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chain_cases),
        cmocka_unit_test(crl_api),
        cmocka_unit_test(write_cases),
    };
    if (argc == 3 && strcmp(argv[1], "--write") == 0) g_write_dir = argv[2];
    return cmocka_run_group_tests(tests, setup, teardown);
}
