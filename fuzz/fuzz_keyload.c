/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: key loading, the one place every public key enters libdpp,
 * weak-key refusal (DPP_ERR_KEY_WEAK) included.
 *
 * The first input byte selects the path, the rest is the key material:
 *   0  dpp_key_load() of the bytes as they are (PEM or DER, auto-detected)
 *   1  the bytes wrapped as PEM "PUBLIC KEY" (an SPKI in DER inside)
 *   2  the bytes wrapped as PEM "CERTIFICATE"
 *   3  the bytes wrapped as PEM "PRIVATE KEY"
 *   4  dpp_trust_add_bytes() (pinning), then dpp_trustlist_entry_set_key()
 *   5  dpp_trust_add_ca() (a CA certificate: the X.509 weak-key check)
 *   6  dpp_trust_add_crl() of the bytes as they are (PEM or DER CRL)
 *   7  dpp_trust_add_crl() of the bytes wrapped as PEM "X509 CRL"
 * Properties:
 *  - on failure *out is NULL, diag carries the same error, and the error is
 *    one a key loader may give (key range 80..89, TOO_LARGE, NO_MEMORY);
 *  - on success the key has a supported algorithm and signature length, and
 *    its public DER reloads (it is not weak: a loaded key is never refused
 *    later) with the same kid and algorithm;
 *  - pinning and trust-list entries agree with dpp_key_load() on the error
 *    (a private key may also be DPP_ERR_KEY_NOT_PUBLIC where a public key
 *    belongs); pinning a CA sets diag to its result;
 *  - a CRL is accepted or refused with a CRL error (crl_error), diag set to
 *    it; an accepted CRL with no CA pinned leaves every chain unverifiable.
 */
#include "fuzz_common.h"

#include "dpp/dpp.h"
#include "dpp/dpp_trustlist.h"

#define MAX_WRAPPED 16384

static int loader_error(dpp_err e)
{
    return (e >= 80 && e < 90) || e == DPP_ERR_TOO_LARGE || e == DPP_ERR_NO_MEMORY;
}

/* "-----BEGIN <label>-----\n" base64 in 64-column lines "-----END <label>-----\n" */
static size_t pem_wrap(const char *label, const uint8_t *p, size_t n, char *out, size_t cap)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0, col = 0;
    int w = snprintf(out, cap, "-----BEGIN %s-----\n", label);
    if (w < 0 || (size_t)w >= cap) return 0;
    o = (size_t)w;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        size_t k = n - i < 3 ? n - i : 3;
        if (k > 1) v |= (uint32_t)p[i + 1] << 8;
        if (k > 2) v |= p[i + 2];
        if (o + 6 >= cap) return 0;
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = k > 1 ? b64[(v >> 6) & 63] : '=';
        out[o++] = k > 2 ? b64[v & 63] : '=';
        col += 4;
        if (col == 64) {
            out[o++] = '\n';
            col = 0;
        }
    }
    if (col != 0 && o < cap) out[o++] = '\n';
    w = snprintf(out + o, cap - o, "-----END %s-----\n", label);
    if (w < 0 || (size_t)w >= cap - o) return 0;
    return o + (size_t)w;
}

static int crl_error(dpp_err e)
{
    return e == DPP_ERR_KEY_FORMAT || e == DPP_ERR_TOO_LARGE || e == DPP_ERR_NO_MEMORY || e == DPP_ERR_CRL_EXPIRED ||
           e == DPP_ERR_NOT_YET_VALID || e == DPP_ERR_SIGNATURE;
}

/* dpp_trust_add_crl() at a fixed time (2026-09-21), twice (the same CRL
 * again is not an error). */
static void add_crl(const uint8_t *p, size_t n)
{
    dpp_trust *t = NULL;
    dpp_diag diag;
    dpp_err e;
    FUZZ_ASSERT(dpp_trust_new(&t) == DPP_OK);
    e = dpp_trust_add_crl(t, n > 0 ? p : (const uint8_t *)"", n, 1790000000, &diag);
    FUZZ_ASSERT(diag.err == e);
    FUZZ_ASSERT_MSG(e == DPP_OK || crl_error(e), e, &diag);
    if (e == DPP_OK) {
        e = dpp_trust_add_crl(t, p, n, 1790000000, &diag);
        FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    }
    dpp_trust_free(t);
}

static void check_loaded(dpp_key *k)
{
    uint8_t der[8192], kid[DPP_KID_LEN], kid2[DPP_KID_LEN];
    size_t n = 0;
    dpp_key *back = NULL;
    dpp_diag diag;
    dpp_err e;
    dpp_alg alg = dpp_key_alg(k);

    FUZZ_ASSERT(dpp_alg_name(alg) != NULL);
    FUZZ_ASSERT(dpp_key_public_der(k, der, sizeof der, &n) == DPP_OK && n > 0);
    e = dpp_key_load(der, n, &back, &diag);
    FUZZ_ASSERT_MSG(e == DPP_OK, e, &diag);
    dpp_key_kid(k, kid);
    dpp_key_kid(back, kid2);
    FUZZ_ASSERT(memcmp(kid, kid2, DPP_KID_LEN) == 0);
    FUZZ_ASSERT(dpp_key_alg(back) == alg);
    FUZZ_ASSERT(!dpp_key_is_private(back));
    dpp_key_free(back);
}

static dpp_err load(const uint8_t *p, size_t n)
{
    dpp_key *k = (dpp_key *)&k;
    dpp_diag diag;
    dpp_err e = dpp_key_load(p, n, &k, &diag);
    if (e != DPP_OK) {
        FUZZ_ASSERT(k == NULL);
        FUZZ_ASSERT(diag.err == e);
        FUZZ_ASSERT_MSG(loader_error(e), e, &diag);
        return e;
    }
    FUZZ_ASSERT(k != NULL);
    check_loaded(k);
    dpp_key_free(k);
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char wrapped[MAX_WRAPPED];
    const uint8_t *p;
    size_t n, wn;
    uint8_t sel;

    if (size < 1) return 0;
    sel = data[0] % 8;
    p = data + 1;
    n = size - 1;
    switch (sel) {
    case 0: (void)load(p, n); break;
    case 1:
    case 2:
    case 3:
        wn = pem_wrap(sel == 1 ? "PUBLIC KEY" : sel == 2 ? "CERTIFICATE" : "PRIVATE KEY", p, n, wrapped,
                      sizeof wrapped);
        if (wn > 0) (void)load((const uint8_t *)wrapped, wn);
        break;
    case 4: {
        dpp_trust *t = NULL;
        dpp_trustlist_entry *ent = calloc(1, sizeof *ent);
        dpp_diag diag;
        dpp_err want = load(p, n), e;
        FUZZ_ASSERT(ent != NULL && dpp_trust_new(&t) == DPP_OK);
        e = dpp_trust_add_bytes(t, n > 0 ? p : (const uint8_t *)"", n, &diag);
        /* a loadable private key may be refused where a public key belongs */
        FUZZ_ASSERT_MSG(e == want || (want == DPP_OK && e == DPP_ERR_KEY_NOT_PUBLIC), e, &diag);
        FUZZ_ASSERT(dpp_trust_count(t) == (e == DPP_OK ? 1u : 0u));
        e = dpp_trustlist_entry_set_key(ent, n > 0 ? p : (const uint8_t *)"", n, &diag);
        /* a certificate the entry cannot hold may still fail (size); a refused key never loads */
        if (want != DPP_OK) FUZZ_ASSERT_MSG(e == want, e, &diag);
        dpp_trust_free(t);
        free(ent);
        break;
    }
    case 5: {
        dpp_trust *t = NULL;
        dpp_diag diag;
        dpp_err e;
        FUZZ_ASSERT(dpp_trust_new(&t) == DPP_OK);
        e = dpp_trust_add_ca(t, n > 0 ? p : (const uint8_t *)"", n, &diag);
        FUZZ_ASSERT(diag.err == e);
        dpp_trust_free(t);
        break;
    }
    case 6: add_crl(p, n); break;
    case 7:
        wn = pem_wrap("X509 CRL", p, n, wrapped, sizeof wrapped);
        if (wn > 0) add_crl((const uint8_t *)wrapped, wn);
        break;
    }
    return 0;
}
