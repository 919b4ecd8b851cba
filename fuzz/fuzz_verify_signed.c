/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the verifier past the signature. The input is taken as the
 * COSE payload (the CWT claims set); the harness signs it with the vectors'
 * Ed25519 key (dpp_cose_sign1_sign, protected {alg, kid}, tag 18), wraps it
 * (dpp_text_from_cose) and verifies the text. Random inputs therefore reach
 * the claims, time and schema checks and the passport decoder, which an
 * unsigned fuzzer never gets past the signature to.
 *
 * The text is verified twice: against the pinned test keys, and against a
 * trust store built from a signed trust list (the signer as a manufacturer
 * with a validity window and a scope) and a revocation list (a passport id
 * and a batch), so the role, scope, window and revocation checks run too.
 *
 * Properties:
 *  - a correctly signed message never fails before the claims check;
 *  - the trust list only adds restrictions: whatever verifies with it
 *    verifies with the pinned key, with the same passport;
 *  - on failure *out is all zero bytes;
 *  - round trip: when it verifies, re-encoding the verified passport with
 *    the same claims (dpp_encode, no compression) gives the same text byte
 *    for byte (Ed25519 and deterministic CBOR make the encoding unique),
 *    provided the claims are ones an encoder may write (iat > 0, exp > iat).
 */
#include "fuzz_common.h"
#include "fuzz_keys.h"

#include "dpp/dpp.h"
#include "dpp/dpp_revocation.h"
#include "dpp/dpp_trustlist.h"

static dpp_trust *g_trust;
static dpp_trust *g_list_trust;
static dpp_key *g_key;

/* A trust store that knows the signer only through signed lists; aborts on failure. */
static dpp_trust *list_trust_new(void)
{
    static dpp_trustlist_entry e;
    static uint8_t buf[16384];
    dpp_list_header hdr = {1u, INT64_C(1764460800), INT64_C(1769817600)};
    dpp_list_policy pol = {FUZZ_NOW, 0u, 0};
    dpp_key *op = fuzz_load_key(FUZZ_PRIV_OPERATOR);
    dpp_trustlist *tl = NULL;
    dpp_revlist *rl = NULL;
    dpp_trust *t = NULL;
    dpp_revocation r;
    dpp_diag diag;
    size_t len = 0;

    memset(&e, 0, sizeof e);
    memset(&r, 0, sizeof r);
    if (dpp_trust_new(&t) != DPP_OK || dpp_trust_pin_operator(t, op) != DPP_OK || dpp_trustlist_new(&tl) != DPP_OK ||
        dpp_revlist_new(&rl) != DPP_OK ||
        dpp_trustlist_entry_set_key(&e, (const uint8_t *)FUZZ_PUB_ED25519, strlen(FUZZ_PUB_ED25519), &diag) != DPP_OK) {
        abort();
    }
    memcpy(e.party.name, "Fuzz Steel", 11);
    memcpy(e.party.country, "CN", 3);
    e.role = DPP_ROLE_MANUFACTURER;
    e.has_not_before = true;
    e.not_before = INT64_C(1000000000);
    e.has_not_after = true;
    e.not_after = INT64_C(1798761600);
    e.scope.n_gtin_prefixes = 2;
    memcpy(e.scope.gtin_prefixes[0], "069", 4);
    memcpy(e.scope.gtin_prefixes[1], "04006381", 9);
    if (dpp_trustlist_add(tl, &e, &diag) != DPP_OK ||
        dpp_trustlist_sign(tl, op, &hdr, buf, sizeof buf, &len, &diag) != DPP_OK ||
        dpp_trust_load_list(t, buf, len, &pol, NULL, &diag) != DPP_OK) {
        fprintf(stderr, "list_trust_new: trust list: %s\n", diag.msg);
        abort();
    }
    r.kind = DPP_REVOKED_PASSPORT;
    memcpy(r.passport_id, "\x0b\x9e\x7c\x4d\x2f\x31\x4a\x8e\xb5\xd6\x6c\x1f\x0e\x2a\x9d\x47", 16);
    r.reason = DPP_REASON_RECALL;
    r.date = 20000;
    if (dpp_revlist_add(rl, &r, &diag) != DPP_OK) {
        abort();
    }
    r.kind = DPP_REVOKED_BATCH;
    memcpy(r.gtin, "06948251000018", 15);
    memcpy(r.batch, "H25-03147", 10);
    r.reason = DPP_REASON_FRAUD;
    if (dpp_revlist_add(rl, &r, &diag) != DPP_OK ||
        dpp_revlist_sign(rl, op, &hdr, buf, sizeof buf, &len, &diag) != DPP_OK ||
        dpp_trust_load_revocations(t, buf, len, &pol, NULL, &diag) != DPP_OK) {
        fprintf(stderr, "list_trust_new: revocation list: %s\n", diag.msg);
        abort();
    }
    dpp_revlist_free(rl);
    dpp_trustlist_free(tl);
    dpp_key_free(op);
    return t;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_trust = fuzz_trust_new();
    g_list_trust = list_trust_new();
    g_key = fuzz_signing_key();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t cose[DPP_MAX_COSE_LEN];
    static char text[DPP_MAX_TEXT_LEN + 1], text2[DPP_MAX_TEXT_LEN + 1];
    static dpp_verified v;
    static uint8_t list_cbor[DPP_MAX_COSE_LEN];
    size_t list_len = 0;
    bool list_ok;
    dpp_cose_opts opts = {DPP_COSE_TAGGED | DPP_COSE_INCLUDE_KID, {NULL, 0}};
    dpp_encode_opts eo;
    dpp_report rep;
    dpp_diag diag;
    size_t cose_len = 0, text_len = 0, text2_len = 0;
    dpp_err err;

    if (g_trust == NULL) {
        g_trust = fuzz_trust_new();
        g_list_trust = list_trust_new();
        g_key = fuzz_signing_key();
    }
    if (size > DPP_MAX_COSE_LEN) {
        return 0;
    }
    err = dpp_cose_sign1_sign(data, size, g_key, &opts, cose, sizeof cose, &cose_len, &diag);
    if (err == DPP_ERR_TOO_LARGE || err == DPP_ERR_BUFFER_TOO_SMALL) {
        return 0;
    }
    FUZZ_ASSERT_MSG(err == DPP_OK, err, &diag);
    err = dpp_text_from_cose(cose, cose_len, DPP_COMPRESS_NEVER, text, sizeof text, &text_len, &diag);
    if (err == DPP_ERR_TOO_LARGE || err == DPP_ERR_BUFFER_TOO_SMALL) {
        return 0;
    }
    FUZZ_ASSERT_MSG(err == DPP_OK, err, &diag);

    /* with the trust lists */
    memset(&v, 0x5A, sizeof v);
    err = dpp_verify(text, text_len, g_list_trust, FUZZ_NOW, &v, &rep);
    FUZZ_ASSERT(err == rep.err);
    if (err != DPP_OK) {
        FUZZ_ASSERT_MSG(fuzz_all_zero(&v, sizeof v), err, &rep.diag);
        FUZZ_ASSERT_MSG(rep.failed >= DPP_CHECK_CLAIMS, err, &rep.diag);
        FUZZ_ASSERT(rep.status[rep.failed] == DPP_CHECK_FAIL);
    } else {
        err = dpp_passport_to_cbor(&v.passport, list_cbor, sizeof list_cbor, &list_len, &diag);
        FUZZ_ASSERT_MSG(err == DPP_OK, err, &diag);
    }
    list_ok = rep.err == DPP_OK;

    /* with the pinned key */
    memset(&v, 0xA5, sizeof v);
    err = dpp_verify(text, text_len, g_trust, FUZZ_NOW, &v, &rep);
    FUZZ_ASSERT(err == rep.err);
    if (err != DPP_OK) {
        FUZZ_ASSERT_MSG(fuzz_all_zero(&v, sizeof v), err, &rep.diag);
        FUZZ_ASSERT_MSG(rep.failed >= DPP_CHECK_CLAIMS, err, &rep.diag);
        FUZZ_ASSERT_MSG(!list_ok, err, &rep.diag); /* the list accepted what the pinned key refuses */
        return 0;
    }
    if (list_ok) {
        static uint8_t pinned_cbor[DPP_MAX_COSE_LEN];
        size_t pinned_len = 0;
        err = dpp_passport_to_cbor(&v.passport, pinned_cbor, sizeof pinned_cbor, &pinned_len, &diag);
        FUZZ_ASSERT_MSG(err == DPP_OK, err, &diag);
        FUZZ_ASSERT(pinned_len == list_len && memcmp(pinned_cbor, list_cbor, list_len) == 0);
    }
    if (v.claims.iat <= 0 || (v.claims.has_exp && v.claims.exp <= v.claims.iat)) {
        return 0;
    }
    memset(&eo, 0, sizeof eo);
    eo.iat = v.claims.iat;
    eo.has_exp = v.claims.has_exp;
    eo.exp = v.claims.exp;
    eo.iss = v.claims.iss[0] != '\0' ? v.claims.iss : NULL;
    eo.compress = DPP_COMPRESS_NEVER;
    err = dpp_encode(&v.passport, g_key, &eo, text2, sizeof text2, &text2_len, NULL, &diag);
    FUZZ_ASSERT_MSG(err == DPP_OK, err, &diag);
    if (text2_len != text_len || memcmp(text, text2, text_len) != 0) {
        fprintf(stderr, "round trip differs:\n in:  %s\n out: %s\n", text, text2);
        abort();
    }
    return 0;
}
