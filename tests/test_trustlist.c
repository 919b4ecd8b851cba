/* Signed trust lists: build, sign, parse, load (pinning, rollback, staleness,
 * tampering), and the passport signer checks they drive (unknown signer,
 * validity window, role, scope); pinned-key mode; the X.509 alternative. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cbor_write.h"
#include "cose_internal.h"
#include "fixtures.h"
#include "signed_list.h"
#include "trust_internal.h"
#include "trustfx.h"

#define NOW TFX_NOW

typedef struct fx {
    dpp_key *op;    /* trust-list operator (Ed25519: deterministic list bytes) */
    dpp_key *op2;   /* another operator, not pinned */
    dpp_key *maker; /* manufacturer (ES256) */
    dpp_key *body;  /* certification body (ES256) */
    dpp_passport p;
    dpp_verified v;
    dpp_report rep;
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t text_len;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (f == NULL) return -1;
    f->op = fx_key(DPP_ALG_EDDSA);
    f->op2 = fx_key(DPP_ALG_EDDSA);
    f->maker = fx_key(DPP_ALG_ES256);
    f->body = fx_key(DPP_ALG_ES256);
    fx_example_passport(&f->p);
    tfx_encode(&f->p, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    dpp_key_free(f->op);
    dpp_key_free(f->op2);
    dpp_key_free(f->maker);
    dpp_key_free(f->body);
    free(f);
    return 0;
}

/* A list with the manufacturer (window, scope) and the body. */
static dpp_trustlist *two_party_list(const fx *f)
{
    dpp_trustlist *tl = NULL;
    dpp_trustlist_entry *m = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Jinding Steel", "CN");
    dpp_trustlist_entry *b = tfx_entry(f->body, DPP_ROLE_CERTIFIER, "TUV Example", "DE");
    dpp_diag d;
    m->has_not_before = true;
    m->not_before = NOW - 86400;
    m->has_not_after = true;
    m->not_after = NOW + 86400;
    snprintf(m->party.operator_id.scheme, sizeof m->party.operator_id.scheme, "USCC");
    snprintf(m->party.operator_id.value, sizeof m->party.operator_id.value, "91320200MA1XYZ1234");
    m->scope.n_gtin_prefixes = 2;
    snprintf(m->scope.gtin_prefixes[0], 15, "0694825");
    snprintf(m->scope.gtin_prefixes[1], 15, "0400638");
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    if (dpp_trustlist_add(tl, m, &d) != DPP_OK) fail_msg("add: %s", d.msg);
    if (dpp_trustlist_add(tl, b, &d) != DPP_OK) fail_msg("add: %s", d.msg);
    free(m);
    free(b);
    return tl;
}

static dpp_err verify(fx *f, const dpp_trust *t)
{
    return dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep);
}

static void build_sign_parse_round_trip(void **state)
{
    fx *f = *state;
    dpp_trustlist *tl = two_party_list(f), *back = NULL, *seen = NULL;
    dpp_trustlist_entry *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    dpp_list_info info;
    dpp_diag d;
    size_t len = 0, len2 = 0;
    uint8_t *list = tfx_sign_list(tl, f->op, 7, NOW - 10, NOW + 3600, &len);
    uint8_t *again = tfx_sign_list(tl, f->op, 7, NOW - 10, NOW + 3600, &len2);
    uint8_t opkid[DPP_KID_LEN];

    /* Ed25519 and deterministic CBOR: the same list gives the same bytes */
    assert_int_equal(len, len2);
    assert_memory_equal(list, again, len);
    assert_int_equal(list[0], 0xd2); /* tag 18 */
    assert_int_equal(dpp_trustlist_count(tl), 2);

    assert_int_equal(dpp_trustlist_parse(list, len, f->op, NULL, &back, &info, &d), DPP_OK);
    assert_int_equal(info.sequence, 7);
    assert_int_equal(info.issued_at, NOW - 10);
    assert_int_equal(info.next_update, NOW + 3600);
    assert_int_equal(info.n_entries, 2);
    assert_false(info.past_next_update);
    dpp_key_kid(f->op, opkid);
    assert_memory_equal(info.signer_kid, opkid, DPP_KID_LEN);
    assert_int_equal(dpp_trustlist_count(back), 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(dpp_trustlist_get(tl, i, a), DPP_OK);
        assert_int_equal(dpp_trustlist_get(back, i, b), DPP_OK);
        assert_memory_equal(a, b, sizeof *a);
    }
    /* sorted by kid */
    assert_int_equal(dpp_trustlist_get(back, 0, a), DPP_OK);
    assert_int_equal(dpp_trustlist_get(back, 1, b), DPP_OK);
    assert_true(memcmp(a->kid, b->kid, DPP_KID_LEN) < 0);
    /* the manufacturer entry kept everything */
    if (a->role != DPP_ROLE_MANUFACTURER) {
        dpp_trustlist_entry *t = a;
        a = b;
        b = t;
    }
    assert_string_equal(a->party.name, "Jinding Steel");
    assert_string_equal(a->party.operator_id.scheme, "USCC");
    assert_true(a->has_not_after);
    assert_int_equal(a->not_after, NOW + 86400);
    assert_int_equal(a->scope.n_gtin_prefixes, 2);
    assert_string_equal(a->scope.gtin_prefixes[0], "0400638"); /* normalised: sorted */
    assert_false(a->is_certificate);
    assert_int_equal(b->role, DPP_ROLE_CERTIFIER);
    assert_int_equal(dpp_trustlist_get(back, 2, a), DPP_ERR_INVALID_ARG);

    /* re-signing the parsed list gives the same bytes */
    free(again);
    again = tfx_sign_list(back, f->op, 7, NOW - 10, NOW + 3600, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(list, again, len);

    /* inspect needs no key, even for a list signed by anyone */
    assert_int_equal(dpp_trustlist_inspect(list, len, &seen, &info, &d), DPP_OK);
    assert_int_equal(dpp_trustlist_count(seen), 2);
    /* parse with the wrong key */
    dpp_trustlist_free(seen);
    seen = NULL;
    assert_int_equal(dpp_trustlist_parse(list, len, f->op2, NULL, &seen, &info, &d), DPP_ERR_LIST_UNPINNED);
    assert_null(seen);
    assert_int_equal(info.sequence, 0);

    /* size mode and small buffers */
    {
        dpp_list_header h = {7, NOW - 10, NOW + 3600};
        size_t n = 0;
        assert_int_equal(dpp_trustlist_sign(tl, f->op, &h, list, len - 1, &n, &d), DPP_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(dpp_trustlist_sign(tl, f->maker, &h, NULL, 0, &n, &d), DPP_OK); /* ES256 works too */
        h.next_update = h.issued_at;
        assert_int_equal(dpp_trustlist_sign(tl, f->op, &h, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
        assert_non_null(strstr(d.msg, "next_update"));
        h.next_update = NOW + 3600;
        h.sequence = 0;
        assert_int_equal(dpp_trustlist_sign(tl, f->op, &h, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
        {
            dpp_key *pub = NULL;
            char pem[512];
            assert_int_equal(dpp_key_public_pem(f->op, pem, sizeof pem, &n), DPP_OK);
            assert_int_equal(dpp_key_load((const uint8_t *)pem, n, &pub, NULL), DPP_OK);
            h.sequence = 1;
            assert_int_equal(dpp_trustlist_sign(tl, pub, &h, NULL, 0, &n, &d), DPP_ERR_KEY_NOT_PRIVATE);
            dpp_key_free(pub);
        }
    }
    free(list);
    free(again);
    free(a);
    free(b);
    dpp_trustlist_free(tl);
    dpp_trustlist_free(back);
}

static void passport_verifies_with_roles(void **state)
{
    fx *f = *state;
    dpp_trustlist *tl = two_party_list(f);
    size_t len = 0;
    uint8_t *list = tfx_sign_list(tl, f->op, 1, NOW - 10, NOW + 3600, &len);
    dpp_trust *t = tfx_trust_with_list(f->op, list, len);
    uint8_t kid[DPP_KID_LEN];

    assert_int_equal(dpp_trust_count(t), 2);
    if (verify(f, t) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    assert_int_equal(f->rep.status[DPP_CHECK_SIGNER_WINDOW], DPP_CHECK_PASS);
    assert_int_equal(f->rep.status[DPP_CHECK_ROLE], DPP_CHECK_PASS);
    assert_int_equal(f->rep.status[DPP_CHECK_SCOPE], DPP_CHECK_PASS);
    assert_int_equal(f->rep.status[DPP_CHECK_REVOCATION], DPP_CHECK_SKIPPED);
    assert_int_equal(f->rep.status[DPP_CHECK_ATTESTATION], DPP_CHECK_SKIPPED);
    assert_int_equal(f->rep.failed_attestation, -1);
    assert_int_equal(f->v.signer.source, DPP_SOURCE_LIST);
    assert_int_equal(f->v.signer.role, DPP_ROLE_MANUFACTURER);
    assert_string_equal(f->v.signer.party.name, "Jinding Steel");
    assert_string_equal(f->v.signer.party.country, "CN");
    assert_string_equal(f->v.signer.party.operator_id.value, "91320200MA1XYZ1234");
    dpp_key_kid(f->maker, kid);
    assert_memory_equal(f->v.signer.kid, kid, DPP_KID_LEN);
    /* nothing attested: everything self-declared */
    assert_int_equal(f->v.claims_attested, 0);
    assert_int_equal(f->v.claims_present, dpp_passport_claim_mask(&f->p));
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_FOOTPRINT), -1);

    /* a list without windows or scopes: those checks are skipped */
    {
        dpp_trustlist *plain = NULL;
        dpp_trustlist_entry *m = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Jinding Steel", "CN");
        uint8_t *l2;
        size_t l2len = 0;
        dpp_trust *t2;
        assert_int_equal(dpp_trustlist_new(&plain), DPP_OK);
        assert_int_equal(dpp_trustlist_add(plain, m, NULL), DPP_OK);
        l2 = tfx_sign_list(plain, f->op, 2, NOW - 10, NOW + 3600, &l2len);
        t2 = tfx_trust_with_list(f->op, l2, l2len);
        assert_int_equal(verify(f, t2), DPP_OK);
        assert_int_equal(f->rep.status[DPP_CHECK_SIGNER_WINDOW], DPP_CHECK_SKIPPED);
        assert_int_equal(f->rep.status[DPP_CHECK_ROLE], DPP_CHECK_PASS);
        assert_int_equal(f->rep.status[DPP_CHECK_SCOPE], DPP_CHECK_SKIPPED);
        dpp_trust_free(t2);
        dpp_trustlist_free(plain);
        free(l2);
        free(m);
    }
    dpp_trust_free(t);
    dpp_trustlist_free(tl);
    free(list);
}

static void pinned_key_mode_skips_trust_checks(void **state)
{
    fx *f = *state;
    dpp_trust *t = fx_trust(f->maker);
    assert_int_equal(verify(f, t), DPP_OK);
    for (int c = DPP_CHECK_SIGNER_WINDOW; c < DPP_CHECK_COUNT; c++)
        assert_int_equal(f->rep.status[c], DPP_CHECK_SKIPPED);
    assert_int_equal(f->v.signer.source, DPP_SOURCE_PINNED);
    assert_int_equal(f->v.signer.role, DPP_ROLE_ANY);
    assert_string_equal(f->v.signer.party.name, "");
    assert_string_equal(dpp_check_name(DPP_CHECK_SIGNER_WINDOW), "signer_window");
    assert_string_equal(dpp_check_name(DPP_CHECK_ROLE), "role");
    assert_string_equal(dpp_check_name(DPP_CHECK_SCOPE), "scope");
    assert_string_equal(dpp_check_name(DPP_CHECK_REVOCATION), "revocation");
    assert_string_equal(dpp_check_name(DPP_CHECK_ATTESTATION), "attestation");
    dpp_trust_free(t);
}

/* The rejections of a passport's signer: unknown, window, role, scope. */
static void signer_rejections(void **state)
{
    fx *f = *state;
    dpp_trustlist *tl = two_party_list(f);
    size_t len = 0;
    uint8_t *list = tfx_sign_list(tl, f->op, 1, NOW - 10, NOW + 3600, &len);
    dpp_trust *t = tfx_trust_with_list(f->op, list, len);
    dpp_key *stranger = fx_key(DPP_ALG_ES256);

    /* unknown signer */
    tfx_encode(&f->p, stranger, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
    assert_int_equal(verify(f, t), DPP_ERR_KID_UNKNOWN);
    assert_int_equal(f->rep.failed, DPP_CHECK_KID);

    /* expired entry: signed after its not_after */
    tfx_encode(&f->p, f->maker, NOW + 86400 + 1, NULL, 0, f->text, sizeof f->text, &f->text_len);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW + 86400 + 1, &f->v, &f->rep), DPP_ERR_SIGNER_NOT_VALID);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_SIGNER_WINDOW, DPP_ERR_SIGNER_NOT_VALID);
    assert_non_null(strstr(f->rep.diag.msg, "Jinding Steel"));
    /* not yet valid entry: signed before not_before */
    tfx_encode(&f->p, f->maker, NOW - 86400 - 1, NULL, 0, f->text, sizeof f->text, &f->text_len);
    assert_int_equal(verify(f, t), DPP_ERR_SIGNER_NOT_VALID);
    /* the window is evaluated at the signing time, not at verification */
    tfx_encode(&f->p, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
    assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW + 30 * 86400, &f->v, &f->rep), DPP_OK);

    /* wrong role: the certification body's key signs a passport */
    tfx_encode(&f->p, f->body, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
    assert_int_equal(verify(f, t), DPP_ERR_ROLE);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ROLE, DPP_ERR_ROLE);
    assert_non_null(strstr(f->rep.diag.msg, "certifier"));
    assert_int_equal(f->rep.status[DPP_CHECK_SIGNER_WINDOW], DPP_CHECK_SKIPPED);

    /* out of scope: a GTIN outside the manufacturer's prefixes */
    {
        dpp_passport *q = malloc(sizeof *q);
        *q = f->p;
        memcpy(q->gtin, "05012345678900", 15);
        tfx_encode(q, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
        assert_int_equal(verify(f, t), DPP_ERR_SCOPE);
        tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_SCOPE, DPP_ERR_SCOPE);
        assert_non_null(strstr(f->rep.diag.msg, "05012345678900"));
        assert_int_equal(f->rep.status[DPP_CHECK_ROLE], DPP_CHECK_PASS);
        free(q);
    }
    dpp_trust_free(t);
    dpp_trustlist_free(tl);
    free(list);

    /* scope by category and by declared claims */
    {
        dpp_trustlist *l2 = NULL;
        dpp_trustlist_entry *m = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Jinding Steel", "CN");
        dpp_passport *q = malloc(sizeof *q);
        uint8_t *b;
        size_t bl = 0;
        dpp_trust *t2;
        m->scope.n_categories = 1;
        snprintf(m->scope.categories[0], sizeof m->scope.categories[0], "steel");
        m->scope.claims = DPP_CLAIM_BIT(DPP_CLAIM_MATERIALS) | DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT) |
                          DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATIONS) | DPP_CLAIM_BIT(DPP_CLAIM_FACILITY) |
                          DPP_CLAIM_BIT(DPP_CLAIM_EXTENSIONS);
        assert_int_equal(dpp_trustlist_new(&l2), DPP_OK);
        assert_int_equal(dpp_trustlist_add(l2, m, NULL), DPP_OK);
        b = tfx_sign_list(l2, f->op, 1, NOW - 10, NOW + 3600, &bl);
        t2 = tfx_trust_with_list(f->op, b, bl);
        *q = f->p;
        /* no category: outside a category scope */
        tfx_encode(q, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
        assert_int_equal(verify(f, t2), DPP_ERR_SCOPE);
        assert_non_null(strstr(f->rep.diag.msg, "category"));
        /* right category, but a cbam block the scope does not allow */
        snprintf(q->category, sizeof q->category, "steel");
        tfx_encode(q, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
        assert_true(q->has_cbam);
        assert_int_equal(verify(f, t2), DPP_ERR_SCOPE);
        assert_non_null(strstr(f->rep.diag.msg, "cbam"));
        /* without the cbam block it is inside the scope */
        q->has_cbam = false;
        tfx_encode(q, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
        if (verify(f, t2) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
        assert_int_equal(f->rep.status[DPP_CHECK_SCOPE], DPP_CHECK_PASS);
        dpp_trust_free(t2);
        dpp_trustlist_free(l2);
        free(b);
        free(m);
        free(q);
    }
    dpp_key_free(stranger);
}

/* One key listed with two roles may act in either. */
static void same_key_two_roles(void **state)
{
    fx *f = *state;
    dpp_trustlist *tl = NULL;
    dpp_trustlist_entry *a = tfx_entry(f->maker, DPP_ROLE_CERTIFIER, "Jinding Lab", "CN");
    dpp_trustlist_entry *b = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Jinding Steel", "CN");
    size_t len = 0;
    uint8_t *list;
    dpp_trust *t;
    dpp_diag d;
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    assert_int_equal(dpp_trustlist_add(tl, a, NULL), DPP_OK);
    assert_int_equal(dpp_trustlist_add(tl, b, NULL), DPP_OK);
    /* the same (kid, role) twice is refused */
    assert_int_equal(dpp_trustlist_add(tl, b, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "already"));
    list = tfx_sign_list(tl, f->op, 1, NOW - 10, NOW + 3600, &len);
    t = tfx_trust_with_list(f->op, list, len);
    if (verify(f, t) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    assert_int_equal(f->v.signer.role, DPP_ROLE_MANUFACTURER);
    assert_string_equal(f->v.signer.party.name, "Jinding Steel");
    /* remove by role, then by any role */
    {
        uint8_t kid[DPP_KID_LEN];
        size_t removed = 9;
        dpp_key_kid(f->maker, kid);
        assert_int_equal(dpp_trustlist_remove(tl, kid, DPP_ROLE_MANUFACTURER, &removed), DPP_OK);
        assert_int_equal(removed, 1);
        assert_int_equal(dpp_trustlist_remove(tl, kid, DPP_ROLE_MANUFACTURER, &removed), DPP_ERR_NOT_FOUND);
        assert_int_equal(removed, 0);
        assert_int_equal(dpp_trustlist_remove(tl, kid, DPP_ROLE_ANY, &removed), DPP_OK);
        assert_int_equal(removed, 1);
        assert_int_equal(dpp_trustlist_count(tl), 0);
    }
    /* reloading a list without the manufacturer drops it from the store */
    free(list);
    list = tfx_sign_list(tl, f->op, 2, NOW - 10, NOW + 3600, &len);
    {
        dpp_list_policy pol = {NOW, 1, 0};
        assert_int_equal(dpp_trust_load_list(t, list, len, &pol, NULL, NULL), DPP_OK);
        assert_int_equal(dpp_trust_count(t), 0);
    }
    assert_int_equal(verify(f, t), DPP_ERR_KID_UNKNOWN);
    dpp_trust_free(t);
    dpp_trustlist_free(tl);
    free(list);
    free(a);
    free(b);
}

/* The rejections of a list: unsigned, unpinned, tampered, rollback, stale. */
static void list_rejections(void **state)
{
    fx *f = *state;
    dpp_trustlist *tl = two_party_list(f);
    size_t len = 0, olen = 0;
    uint8_t *list = tfx_sign_list(tl, f->op, 5, NOW - 10, NOW + 3600, &len);
    uint8_t *other = tfx_sign_list(tl, f->op2, 5, NOW - 10, NOW + 3600, &olen);
    dpp_trust *t = NULL;
    dpp_list_policy pol = {NOW, 0, 0};
    dpp_list_info info;
    dpp_diag d;

    dpp_trustlist_free(tl);
    tl = NULL;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    /* no operator pinned */
    assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "pinned"));
    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK); /* twice: no-op */

    /* signed by an operator that is not pinned */
    assert_int_equal(dpp_trust_load_list(t, other, olen, &pol, &info, &d), DPP_ERR_LIST_UNPINNED);
    assert_non_null(strstr(d.msg, "not a pinned operator key"));
    assert_int_equal(dpp_trust_count(t), 0);

    /* unsigned: the bare payload map */
    {
        dpp_cose_sign1 m;
        dpp_cose_opts o = {DPP_COSE_TAGGED, {NULL, 0}};
        assert_int_equal(dpp_cose_sign1_parse_cap(list, len, DPP_LIST_MAX_LEN, &o, &m, NULL), DPP_OK);
        assert_int_equal(dpp_trust_load_list(t, m.payload.ptr, m.payload.len, &pol, &info, &d), DPP_ERR_LIST_UNSIGNED);
        assert_non_null(strstr(d.msg, "not signed"));
        /* unsigned: an empty signature */
        {
            uint8_t *e = malloc(len);
            cw_writer w;
            uint8_t kid[DPP_KID_LEN];
            uint8_t prot[16];
            size_t pl;
            dpp_key_kid(f->op, kid);
            dpp_cw_init(&w, prot, sizeof prot);
            dpp_cw_map(&w, 2);
            dpp_cw_uint(&w, 1);
            dpp_cw_int(&w, DPP_ALG_EDDSA);
            dpp_cw_uint(&w, 4);
            dpp_cw_bstr(&w, kid, sizeof kid);
            pl = w.len;
            dpp_cw_init(&w, e, len);
            dpp_cw_tag(&w, 18);
            dpp_cw_array(&w, 4);
            dpp_cw_bstr(&w, prot, pl);
            dpp_cw_map(&w, 0);
            dpp_cw_bstr(&w, m.payload.ptr, m.payload.len);
            dpp_cw_bstr(&w, "", 0);
            assert_int_equal(dpp_cw_err(&w), DPP_OK);
            assert_int_equal(dpp_trust_load_list(t, e, w.len, &pol, &info, &d), DPP_ERR_LIST_UNSIGNED);
            assert_non_null(strstr(d.msg, "empty"));
            free(e);
        }
    }

    /* tampered: one byte of the payload changed (the operator's name) */
    {
        uint8_t *bad = malloc(len);
        const char *needle = "TUV Example";
        memcpy(bad, list, len);
        for (size_t i = 0; i + strlen(needle) <= len; i++) {
            if (memcmp(bad + i, needle, strlen(needle)) == 0) {
                bad[i] = 'X';
                break;
            }
        }
        assert_int_equal(dpp_trust_load_list(t, bad, len, &pol, &info, &d), DPP_ERR_SIGNATURE);
        assert_non_null(strstr(d.msg, "changed after signing"));
        /* inspect still decodes it, and says nothing is verified */
        {
            dpp_trustlist *seen = NULL;
            assert_int_equal(dpp_trustlist_inspect(bad, len, &seen, &info, &d), DPP_OK);
            dpp_trustlist_free(seen);
        }
        free(bad);
    }

    /* rollback: the caller saw sequence 6 already */
    pol.min_sequence = 6;
    assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), DPP_ERR_LIST_ROLLBACK);
    assert_non_null(strstr(d.msg, "older"));
    pol.min_sequence = 5; /* the same list again is fine */
    assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), DPP_OK);
    assert_int_equal(info.sequence, 5);
    assert_int_equal(dpp_trust_count(t), 2);

    /* stale: past next_update + grace */
    pol.now = NOW + 3600 + 101;
    pol.grace_seconds = 100;
    assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), DPP_ERR_LIST_STALE);
    assert_non_null(strstr(d.msg, "grace"));
    /* within the grace period: accepted, and flagged */
    pol.now = NOW + 3600 + 100;
    assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), DPP_OK);
    assert_true(info.past_next_update);
    pol.now = NOW + 3600;
    assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), DPP_OK);
    assert_false(info.past_next_update);
    /* issued in the future */
    pol.now = NOW - 10 - DPP_IAT_SKEW_SECONDS - 1;
    assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), DPP_ERR_NOT_YET_VALID);
    /* negative grace */
    pol.now = NOW;
    pol.grace_seconds = -1;
    assert_int_equal(dpp_trust_load_list(t, list, len, &pol, &info, &d), DPP_ERR_INVALID_ARG);
    /* a failed load leaves the store as it was */
    assert_int_equal(dpp_trust_count(t), 2);

    /* a revocation list is not a trust list */
    {
        dpp_revlist *rl = NULL;
        size_t rlen = 0;
        uint8_t *r;
        pol.grace_seconds = 0;
        assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
        r = tfx_sign_revlist(rl, f->op, 9, NOW - 10, NOW + 3600, &rlen);
        assert_int_equal(dpp_trust_load_list(t, r, rlen, &pol, &info, &d), DPP_ERR_LIST_FORMAT);
        assert_non_null(strstr(d.msg, "revocation list, not a trust list"));
        assert_int_equal(dpp_trustlist_inspect(r, rlen, &tl, &info, &d), DPP_ERR_LIST_FORMAT);
        assert_null(tl);
        dpp_revlist_free(rl);
        free(r);
    }
    /* too large, NULL arguments */
    assert_int_equal(dpp_trust_load_list(t, list, (size_t)DPP_LIST_MAX_LEN + 1, &pol, &info, &d), DPP_ERR_TOO_LARGE);
    assert_int_equal(dpp_trust_load_list(t, list, len, NULL, &info, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trust_load_list(NULL, list, len, &pol, &info, &d), DPP_ERR_INVALID_ARG);
    dpp_trust_free(t);
    free(list);
    free(other);
}

/* Entries the builder refuses, each naming the field. */
static void entry_validation(void **state)
{
    fx *f = *state;
    dpp_trustlist *tl = NULL;
    dpp_trustlist_entry *e = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Jinding Steel", "CN");
    dpp_trustlist_entry *x = malloc(sizeof *x);
    dpp_diag d;
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);

#define REFUSE(stmt, needle)                                                                                    \
    do {                                                                                                        \
        *x = *e;                                                                                                \
        stmt;                                                                                                   \
        assert_int_equal(dpp_trustlist_add(tl, x, &d), DPP_ERR_INVALID_ARG);                                    \
        if (strstr(d.msg, needle) == NULL) fail_msg("'%s' not in '%s'", needle, d.msg);                         \
    } while (0)

    REFUSE(memcpy(x->party.country, "XK", 3), "country");
    REFUSE(x->party.name[0] = '\0', "name");
    REFUSE(x->party.name[0] = '\x01', "name");
    REFUSE(x->role = DPP_ROLE_ANY, "role");
    REFUSE(x->role = (dpp_role)9, "role");
    REFUSE((x->has_not_before = true, x->not_before = 10, x->has_not_after = true, x->not_after = 10), "window");
    REFUSE((x->has_not_before = true, x->not_before = -1), "window");
    REFUSE((x->scope.n_gtin_prefixes = 1, memcpy(x->scope.gtin_prefixes[0], "12a", 4)), "gtin_prefixes");
    REFUSE((x->scope.n_gtin_prefixes = 1, x->scope.gtin_prefixes[0][0] = '\0'), "gtin_prefixes");
    REFUSE(x->scope.n_gtin_prefixes = DPP_SCOPE_MAX_PREFIXES + 1, "at most");
    REFUSE((x->scope.n_categories = 1, x->scope.categories[0][0] = '\0'), "categories");
    REFUSE(x->scope.claims = DPP_CLAIM_BIT(5), "claims");
    REFUSE(x->key_len = 0, "key");
    REFUSE(x->key[5] ^= 0xff, "key");
    REFUSE(x->is_certificate = true, "certificate");
    REFUSE((memcpy(x->party.operator_id.scheme, "us cc", 6), memcpy(x->party.operator_id.value, "1", 2)), "scheme");
    REFUSE(memcpy(x->party.operator_id.scheme, "USCC", 5), "identifier.value");
    /* a private key is refused */
    {
        char pem[4096];
        size_t n = 0;
        *x = *e;
        assert_int_equal(dpp_key_private_pem(f->maker, pem, sizeof pem, &n), DPP_OK);
        /* set_key keeps only the public part of a private key */
        assert_int_equal(dpp_trustlist_entry_set_key(x, (const uint8_t *)pem, n, &d), DPP_OK);
        assert_false(x->is_certificate);
        assert_int_equal(x->key_len, e->key_len);
        assert_memory_equal(x->key, e->key, e->key_len);
    }
    assert_int_equal(dpp_trustlist_entry_set_key(x, (const uint8_t *)"junk", 4, &d), DPP_ERR_KEY_FORMAT);
    /* duplicates in a scope are dropped; the entry is accepted */
    *x = *e;
    x->scope.n_gtin_prefixes = 3;
    memcpy(x->scope.gtin_prefixes[0], "9", 2);
    memcpy(x->scope.gtin_prefixes[1], "123", 4);
    memcpy(x->scope.gtin_prefixes[2], "9", 2);
    assert_int_equal(dpp_trustlist_add(tl, x, &d), DPP_OK);
    assert_int_equal(dpp_trustlist_get(tl, 0, x), DPP_OK);
    assert_int_equal(x->scope.n_gtin_prefixes, 2);
    assert_string_equal(x->scope.gtin_prefixes[0], "9");
    assert_string_equal(x->scope.gtin_prefixes[1], "123");
    assert_int_equal(dpp_trustlist_add(NULL, e, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trustlist_remove(tl, NULL, DPP_ROLE_ANY, NULL), DPP_ERR_INVALID_ARG);
    dpp_trustlist_free(tl);
    free(e);
    free(x);
#undef REFUSE
}

/* A list signed by the operator whose content breaks spec/trust.cddl. */
static void list_format_errors(void **state)
{
    fx *f = *state;
    uint8_t payload[2048], *signed_list = malloc(8192);
    dpp_trustlist_entry *e = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Jinding Steel", "CN");
    dpp_trust *t = NULL;
    dpp_list_policy pol = {NOW, 0, 0};
    cw_writer w;
    size_t n = 0;
    dpp_diag d;
    enum { OK, BAD_VERSION, NO_ENTRIES, KID_MISMATCH, UNKNOWN_KEY, UNSORTED, ROLE_ZERO, EXTRA_KEY, TYPE_ZERO };
    static const dpp_err want[] = {DPP_OK, DPP_ERR_LIST_FORMAT, DPP_ERR_LIST_FORMAT, DPP_ERR_LIST_FORMAT,
                                   DPP_ERR_LIST_FORMAT, DPP_ERR_LIST_FORMAT, DPP_ERR_LIST_FORMAT, DPP_ERR_LIST_FORMAT,
                                   DPP_ERR_LIST_FORMAT};
    static const char *const needle[] = {"", "version", "keys 1..6", "kid", "unknown key", "sorted", "role",
                                         "key 7 (operator chain)", "unknown type"};
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
    for (int c = OK; c <= TYPE_ZERO; c++) {
        uint8_t kid[DPP_KID_LEN];
        memcpy(kid, e->kid, DPP_KID_LEN);
        if (c == KID_MISMATCH) kid[0] ^= 1;
        dpp_cw_init(&w, payload, sizeof payload);
        dpp_cw_map(&w, c == NO_ENTRIES ? 5 : c == EXTRA_KEY ? 7 : 6);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, c == BAD_VERSION ? 2 : 1);
        dpp_cw_uint(&w, 2);
        dpp_cw_uint(&w, c == TYPE_ZERO ? 0 : 1);
        dpp_cw_uint(&w, 3);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, 4);
        dpp_cw_uint(&w, (uint64_t)NOW - 10);
        dpp_cw_uint(&w, 5);
        dpp_cw_uint(&w, (uint64_t)NOW + 10);
        if (c != NO_ENTRIES) {
            size_t reps = c == UNSORTED ? 2 : 1;
            dpp_cw_uint(&w, 6);
            dpp_cw_array(&w, reps);
            for (size_t r = 0; r < reps; r++) {
                dpp_cw_map(&w, c == UNKNOWN_KEY ? 5 : 4);
                dpp_cw_uint(&w, 1);
                dpp_cw_bstr(&w, kid, DPP_KID_LEN);
                dpp_cw_uint(&w, 2);
                dpp_cw_bstr(&w, e->key, e->key_len);
                dpp_cw_uint(&w, 4);
                dpp_cw_map(&w, 2);
                dpp_cw_uint(&w, 1);
                dpp_cw_cstr(&w, "Jinding Steel");
                dpp_cw_uint(&w, 2);
                dpp_cw_cstr(&w, "CN");
                dpp_cw_uint(&w, 5);
                dpp_cw_uint(&w, c == ROLE_ZERO ? 0 : 1);
                if (c == UNKNOWN_KEY) {
                    dpp_cw_uint(&w, 9);
                    dpp_cw_uint(&w, 0);
                }
            }
        }
        if (c == EXTRA_KEY) {
            dpp_cw_uint(&w, 7);
            dpp_cw_uint(&w, 0);
        }
        assert_int_equal(dpp_cw_err(&w), DPP_OK);
        assert_int_equal(dpp_list_sign(payload, w.len, DPP_LIST_TYPE_TRUST, f->op, signed_list, 8192, &n, &d), DPP_OK);
        assert_int_equal(dpp_trust_load_list(t, signed_list, n, &pol, NULL, &d), want[c]);
        if (strstr(d.msg, needle[c]) == NULL) fail_msg("case %d: '%s' not in '%s'", c, needle[c], d.msg);
    }
    assert_int_equal(dpp_trust_count(t), 1); /* from the OK case */
    /* non-deterministic CBOR in the payload is a CBOR error */
    dpp_cw_init(&w, payload, sizeof payload);
    dpp_cw_raw(&w, "\xa6\x01\x01\x02\x01\x03\x01\x04\x1a\x00\x00\x00\x01\x05\x1a\x00\x00\x00\x02\x06\x80", 21);
    assert_int_equal(dpp_list_sign(payload, w.len, DPP_LIST_TYPE_TRUST, f->op, signed_list, 8192, &n, &d), DPP_OK);
    pol.now = 1;
    assert_int_equal(dpp_trust_load_list(t, signed_list, n, &pol, NULL, &d), DPP_ERR_CBOR_NOT_DETERMINISTIC);
    dpp_trust_free(t);
    free(signed_list);
    free(e);
}

/* Writes a trust-list payload whose single entry (or header) has defect c. */
enum {
    E_OK, E_NOT_MAP, E_KID_LEN, E_KEY_AND_CERT, E_KEY_EMPTY, E_NB_TEXT, E_NO_ROLE, E_PARTY_SMALL, E_PARTY_ID,
    E_PARTY_KEY, E_PARTY_NO_COUNTRY, E_NAME_LONG, E_SCOPE_EMPTY, E_SCOPE_ZERO, E_SCOPE_KEY, E_SCOPE_NO_PREFIX,
    E_SCOPE_UNSORTED, E_CAT_UNSORTED, E_KEY_ORDER, E_KEY_REPEAT, E_KEY_TEXT, E_PEM_KEY, E_PRIVATE_KEY,
    E_ENTRIES_MAP, E_HDR_MISSING, E_HDR_TEXT, E_HDR_SEQ0, E_NOT_PAYLOAD_MAP, E_TRAILING, E_COUNT
};

static size_t bad_payload(int c, const dpp_trustlist_entry *e, const uint8_t *der, size_t der_len, uint8_t *out, size_t cap)
{
    cw_writer w;
    char longname[98];
    memset(longname, 'a', 97);
    longname[97] = '\0';
    dpp_cw_init(&w, out, cap);
    if (c == E_NOT_PAYLOAD_MAP) {
        dpp_cw_array(&w, 0);
        return w.len;
    }
    dpp_cw_map(&w, 6);
    dpp_cw_uint(&w, 1);
    dpp_cw_uint(&w, 1);
    if (c == E_HDR_MISSING) {
        dpp_cw_uint(&w, 3);
        dpp_cw_uint(&w, 1);
    } else {
        dpp_cw_uint(&w, 2);
        if (c == E_HDR_TEXT) dpp_cw_cstr(&w, "trust");
        else dpp_cw_uint(&w, 1);
    }
    dpp_cw_uint(&w, 3);
    dpp_cw_uint(&w, c == E_HDR_SEQ0 ? 0 : 1);
    dpp_cw_uint(&w, 4);
    dpp_cw_uint(&w, (uint64_t)NOW - 10);
    dpp_cw_uint(&w, 5);
    dpp_cw_uint(&w, (uint64_t)NOW + 10);
    dpp_cw_uint(&w, 6);
    if (c == E_ENTRIES_MAP) {
        dpp_cw_map(&w, 0);
        return w.len;
    }
    dpp_cw_array(&w, 1);
    if (c == E_NOT_MAP) {
        dpp_cw_array(&w, 0);
        return w.len;
    }
    {
        size_t n = 4;
        if (c == E_KEY_AND_CERT || c == E_NB_TEXT || c == E_SCOPE_EMPTY || c == E_SCOPE_ZERO || c == E_SCOPE_KEY ||
            c == E_SCOPE_NO_PREFIX || c == E_SCOPE_UNSORTED || c == E_CAT_UNSORTED || c == E_KEY_REPEAT)
            n = 5;
        dpp_cw_map(&w, n);
    }
    if (c == E_KEY_TEXT) {
        dpp_cw_cstr(&w, "kid");
        dpp_cw_bstr(&w, e->kid, 8);
        return w.len;
    }
    dpp_cw_uint(&w, 1);
    dpp_cw_bstr(&w, e->kid, c == E_KID_LEN ? 7 : 8);
    dpp_cw_uint(&w, 2);
    if (c == E_KEY_EMPTY) dpp_cw_bstr(&w, "", 0);
    else dpp_cw_bstr(&w, der, der_len);
    if (c == E_KEY_AND_CERT) {
        dpp_cw_uint(&w, 3);
        dpp_cw_bstr(&w, der, der_len);
    }
    if (c == E_KEY_ORDER) {
        dpp_cw_uint(&w, 5);
        dpp_cw_uint(&w, 1);
    }
    dpp_cw_uint(&w, 4);
    if (c == E_PARTY_SMALL) {
        dpp_cw_map(&w, 1);
        dpp_cw_uint(&w, 1);
        dpp_cw_cstr(&w, "X");
    } else if (c == E_PARTY_ID || c == E_PARTY_KEY || c == E_PARTY_NO_COUNTRY) {
        dpp_cw_map(&w, c == E_PARTY_NO_COUNTRY ? 2 : 3);
        dpp_cw_uint(&w, 1);
        dpp_cw_cstr(&w, "Jinding Steel");
        if (c != E_PARTY_NO_COUNTRY) {
            dpp_cw_uint(&w, 2);
            dpp_cw_cstr(&w, "CN");
        }
        if (c == E_PARTY_KEY) {
            dpp_cw_uint(&w, 4);
            dpp_cw_uint(&w, 0);
        } else {
            dpp_cw_uint(&w, 3);
            if (c == E_PARTY_ID) dpp_cw_cstr(&w, "USCC 1");
            else {
                dpp_cw_array(&w, 2);
                dpp_cw_cstr(&w, "USCC");
                dpp_cw_cstr(&w, "1");
            }
        }
    } else {
        dpp_cw_map(&w, 2);
        dpp_cw_uint(&w, 1);
        dpp_cw_cstr(&w, c == E_NAME_LONG ? longname : "Jinding Steel");
        dpp_cw_uint(&w, 2);
        dpp_cw_cstr(&w, "CN");
    }
    if (c == E_KEY_REPEAT) {
        dpp_cw_uint(&w, 4);
        dpp_cw_map(&w, 2);
        dpp_cw_uint(&w, 1);
        dpp_cw_cstr(&w, "Jinding Steel");
        dpp_cw_uint(&w, 2);
        dpp_cw_cstr(&w, "CN");
    }
    if (c != E_NO_ROLE && c != E_KEY_ORDER) {
        dpp_cw_uint(&w, 5);
        dpp_cw_uint(&w, 1);
    } else if (c == E_NO_ROLE) {
        dpp_cw_uint(&w, 7);
        dpp_cw_uint(&w, 1);
    }
    if (c == E_NB_TEXT) {
        dpp_cw_uint(&w, 6);
        dpp_cw_cstr(&w, "yesterday");
    }
    if (c == E_SCOPE_EMPTY || c == E_SCOPE_ZERO || c == E_SCOPE_KEY || c == E_SCOPE_NO_PREFIX ||
        c == E_SCOPE_UNSORTED || c == E_CAT_UNSORTED) {
        dpp_cw_uint(&w, 8);
        if (c == E_SCOPE_EMPTY) {
            dpp_cw_map(&w, 0);
        } else {
            dpp_cw_map(&w, 1);
            if (c == E_SCOPE_ZERO) {
                dpp_cw_uint(&w, 1);
                dpp_cw_uint(&w, 0);
            } else if (c == E_SCOPE_KEY) {
                dpp_cw_uint(&w, 5); /* 4 is resolvers */
                dpp_cw_uint(&w, 0);
            } else if (c == E_SCOPE_NO_PREFIX) {
                dpp_cw_uint(&w, 2);
                dpp_cw_array(&w, 0);
            } else if (c == E_SCOPE_UNSORTED) {
                dpp_cw_uint(&w, 2);
                dpp_cw_array(&w, 2);
                dpp_cw_cstr(&w, "2");
                dpp_cw_cstr(&w, "1");
            } else {
                dpp_cw_uint(&w, 3);
                dpp_cw_array(&w, 2);
                dpp_cw_cstr(&w, "steel");
                dpp_cw_cstr(&w, "coil");
            }
        }
    }
    if (c == E_TRAILING) dpp_cw_uint(&w, 0);
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    return w.len;
}

static void entry_parse_errors(void **state)
{
    fx *f = *state;
    static const struct {
        dpp_err err;
        const char *needle;
    } want[E_COUNT] = {
        [E_OK] = {DPP_OK, ""},
        [E_NOT_MAP] = {DPP_ERR_LIST_FORMAT, "a map of 4..7 entries"},
        [E_KID_LEN] = {DPP_ERR_LIST_FORMAT, "kid: 8 bytes"},
        [E_KEY_AND_CERT] = {DPP_ERR_LIST_FORMAT, "both a key"},
        [E_KEY_EMPTY] = {DPP_ERR_LIST_FORMAT, "key: 1..4096"},
        [E_NB_TEXT] = {DPP_ERR_LIST_FORMAT, "not_before: an unsigned integer"},
        [E_NO_ROLE] = {DPP_ERR_LIST_FORMAT, "are required"},
        [E_PARTY_SMALL] = {DPP_ERR_LIST_FORMAT, "party: a map of 2 or 3"},
        [E_PARTY_ID] = {DPP_ERR_LIST_FORMAT, "[scheme, value]"},
        [E_PARTY_KEY] = {DPP_ERR_LIST_FORMAT, "party: unknown key 4"},
        [E_PARTY_NO_COUNTRY] = {DPP_ERR_LIST_FORMAT, "name (1) and country (2) are required"},
        [E_NAME_LONG] = {DPP_ERR_LIST_FORMAT, "party.name: text of 1..96"},
        [E_SCOPE_EMPTY] = {DPP_ERR_LIST_FORMAT, "scope: a map of 1..4"},
        [E_SCOPE_ZERO] = {DPP_ERR_LIST_FORMAT, "nonzero 32-bit mask"},
        [E_SCOPE_KEY] = {DPP_ERR_LIST_FORMAT, "scope: unknown key 5"},
        [E_SCOPE_NO_PREFIX] = {DPP_ERR_LIST_FORMAT, "an array of 1..16 texts"},
        [E_SCOPE_UNSORTED] = {DPP_ERR_LIST_FORMAT, "gtin_prefixes[1]: not sorted"},
        [E_CAT_UNSORTED] = {DPP_ERR_LIST_FORMAT, "categories[1]: not sorted"},
        [E_KEY_ORDER] = {DPP_ERR_CBOR_NOT_DETERMINISTIC, "out of order"},
        [E_KEY_REPEAT] = {DPP_ERR_CBOR_DUPLICATE_KEY, "is repeated"},
        [E_KEY_TEXT] = {DPP_ERR_LIST_FORMAT, "is not an unsigned integer"},
        [E_PEM_KEY] = {DPP_ERR_LIST_FORMAT, "must be DER"},
        [E_PRIVATE_KEY] = {DPP_ERR_LIST_FORMAT, "a private key"},
        [E_ENTRIES_MAP] = {DPP_ERR_LIST_FORMAT, "must be an array"},
        [E_HDR_MISSING] = {DPP_ERR_LIST_FORMAT, "key 2 (type) missing"},
        [E_HDR_TEXT] = {DPP_ERR_LIST_FORMAT, "type is not an unsigned integer"},
        [E_HDR_SEQ0] = {DPP_ERR_LIST_FORMAT, "sequence must be >= 1"},
        [E_NOT_PAYLOAD_MAP] = {DPP_ERR_LIST_FORMAT, "not a map with keys 1..5"},
        [E_TRAILING] = {DPP_ERR_CBOR_TRAILING, "trust list"},
    };
    dpp_trustlist_entry *e = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Jinding Steel", "CN");
    uint8_t *payload = malloc(8192), *signed_list = malloc(16384), priv[4096];
    char pem[4096];
    size_t pem_len = 0, priv_len = 0, n = 0;
    dpp_trustlist *tl = NULL;
    dpp_diag d;
    /* PKCS#8 DER of the private key, from its PEM */
    {
        char body[4096];
        size_t bl = 0;
        const char *p;
        assert_int_equal(dpp_key_private_pem(f->maker, pem, sizeof pem, &pem_len), DPP_OK);
        p = strchr(pem, '\n') + 1;
        while (*p != '-') {
            if (*p != '\n') body[bl++] = *p;
            p++;
        }
        body[bl] = '\0';
        priv_len = (size_t)EVP_DecodeBlock(priv, (const unsigned char *)body, (int)bl);
        while (bl > 0 && body[bl - 1] == '=') {
            priv_len--;
            bl--;
        }
    }
    assert_int_equal(dpp_key_public_pem(f->maker, pem, sizeof pem, &pem_len), DPP_OK);
    for (int c = 0; c < E_COUNT; c++) {
        size_t len;
        const uint8_t *key = e->key;
        size_t key_len = e->key_len;
        if (c == E_PEM_KEY) {
            key = (const uint8_t *)pem;
            key_len = pem_len;
        } else if (c == E_PRIVATE_KEY) {
            key = priv;
            key_len = priv_len;
        }
        len = bad_payload(c, e, key, key_len, payload, 8192);
        assert_int_equal(dpp_list_sign(payload, len, DPP_LIST_TYPE_TRUST, f->op, signed_list, 16384, &n, &d), DPP_OK);
        if (dpp_trustlist_parse(signed_list, n, f->op, NULL, &tl, NULL, &d) != want[c].err)
            fail_msg("case %d: got %s (%s)", c, dpp_err_name(d.err), d.msg);
        if (strstr(d.msg, want[c].needle) == NULL) fail_msg("case %d: '%s' not in '%s'", c, want[c].needle, d.msg);
        if (c == E_OK) assert_non_null(tl);
        else assert_null(tl);
        dpp_trustlist_free(tl);
        tl = NULL;
    }

    /* COSE envelope errors, before any signature check */
    {
        static const struct {
            const char *msg;
            size_t len;
            dpp_err err;
        } env[] = {
            /* 18([h'A10126', {}, nil, h'00']): payload nil */
            {"\xd2\x84\x43\xa1\x01\x26\xa0\xf6\x41\x00", 10, DPP_ERR_COSE_STRUCTURE},
            /* 18([h'', {1: -8}, h'A0', h'00']): alg unprotected */
            {"\xd2\x84\x40\xa1\x01\x27\x41\xa0\x41\x00", 10, DPP_ERR_ALG_UNPROTECTED},
            /* 18([h'', {}, h'A0', h'00']): no alg */
            {"\xd2\x84\x40\xa0\x41\xa0\x41\x00", 8, DPP_ERR_ALG_MISSING},
            /* 18([h'A10127', {}, h'A0', h'00']): no kid */
            {"\xd2\x84\x43\xa1\x01\x27\xa0\x41\xa0\x41\x00", 11, DPP_ERR_KID_MISSING},
            /* untagged */
            {"\x84\x43\xa1\x01\x27\xa0\x41\xa0\x41\x00", 10, DPP_ERR_COSE_TAG},
        };
        for (size_t i = 0; i < sizeof env / sizeof env[0]; i++) {
            dpp_err err = dpp_trustlist_inspect((const uint8_t *)env[i].msg, env[i].len, &tl, NULL, &d);
            if (err != env[i].err) fail_msg("envelope %zu: got %s (%s)", i, dpp_err_name(err), d.msg);
        }
    }
    assert_int_equal(dpp_trustlist_parse(signed_list, n, NULL, NULL, &tl, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trustlist_inspect(signed_list, n, NULL, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trustlist_inspect(NULL, 0, &tl, NULL, &d), DPP_ERR_INVALID_ARG);
    {
        dpp_list_header h = {1, 0, 10};
        size_t m = 0;
        assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
        assert_int_equal(dpp_trustlist_sign(tl, f->op, &h, NULL, 0, &m, &d), DPP_ERR_INVALID_ARG);
        assert_non_null(strstr(d.msg, "issued_at"));
        assert_int_equal(dpp_trustlist_sign(tl, NULL, &h, NULL, 0, &m, &d), DPP_ERR_INVALID_ARG);
        assert_int_equal(dpp_trustlist_sign(tl, f->op, NULL, NULL, 0, &m, &d), DPP_ERR_INVALID_ARG);
        assert_int_equal(dpp_trust_use_list(NULL, tl, &d), DPP_ERR_INVALID_ARG);
        dpp_trustlist_free(tl);
    }
    free(payload);
    free(signed_list);
    free(e);
}

/*
 * Keys that verify anything: the Ed25519 identity point (01 00..00) as a
 * "manufacturer" key makes R = identity, S = 0 a valid signature of every
 * message. The forged passport verifies with OpenSSL directly (the attack is
 * real); libdpp refuses the key wherever it could enter: pinned as PEM or
 * DER, as a trust-list entry when the list is built, and when a signed list
 * holding it is loaded. Nothing is trusted, so the forgery is never VERIFIED.
 */
static void weak_key_forgery_refused(void **state)
{
    fx *f = *state;
    static const uint8_t spki[44] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, 0x01};
    dpp_key *real = fx_key(DPP_ALG_EDDSA);
    dpp_encode_opts o = {NOW - 100, false, 0, NULL, DPP_COMPRESS_NEVER};
    uint8_t cose[DPP_MAX_COSE_LEN], tbs[DPP_MAX_COSE_LEN + 32], md[32], weak_kid[DPP_KID_LEN];
    uint8_t *payload = malloc(8192), *signed_list = malloc(16384);
    unsigned int mdlen = 0;
    size_t n = 0, text_len = 0, pem_len = 0, tbs_len = 0, plen;
    char text[DPP_MAX_TEXT_LEN + 1], pem[256];
    dpp_trust *t = NULL;
    dpp_trustlist *tl = NULL;
    dpp_trustlist_entry *e = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Forger Ltd", "CN");
    dpp_diag d;
    dpp_err err;

    assert_int_equal(EVP_Digest(spki, sizeof spki, md, &mdlen, EVP_sha256(), NULL), 1);
    memcpy(weak_kid, md, DPP_KID_LEN);

    /* A genuine EdDSA passport, then: kid := the identity key's kid, signature := R = identity, S = 0. */
    assert_int_equal(dpp_encode_cose(&f->p, real, &o, cose, sizeof cose, &n, &d), DPP_OK);
    /* 18([h'A2 01 27 04 48 <kid>', {}, payload, h'<64 bytes>']) */
    assert_memory_equal(cose, "\xd2\x84\x4d\xa2\x01\x27\x04\x48", 8);
    assert_memory_equal(cose + 16, "\xa0", 1);
    assert_memory_equal(cose + n - 66, "\x58\x40", 2);
    memcpy(cose + 8, weak_kid, DPP_KID_LEN);
    memset(cose + n - 64, 0, 64);
    cose[n - 64] = 0x01;
    /* Sig_structure = ["Signature1", protected, h'', payload] */
    plen = n - 66 - 17;
    memcpy(tbs, "\x84\x6aSignature1", 12);
    memcpy(tbs + 12, cose + 2, 14);
    tbs[26] = 0x40;
    memcpy(tbs + 27, cose + 17, plen);
    tbs_len = 27 + plen;
    {
        EVP_PKEY *id = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, spki + 12, 32);
        EVP_MD_CTX *m = EVP_MD_CTX_new();
        assert_non_null(id);
        assert_int_equal(EVP_DigestVerifyInit(m, NULL, NULL, NULL, id), 1);
        /* OpenSSL alone accepts the forgery */
        assert_int_equal(EVP_DigestVerify(m, cose + n - 64, 64, tbs, tbs_len), 1);
        EVP_MD_CTX_free(m);
        EVP_PKEY_free(id);
    }
    assert_int_equal(dpp_text_from_cose(cose, n, DPP_COMPRESS_NEVER, text, sizeof text, &text_len, &d), DPP_OK);

    /* pinned, as DER and as PEM */
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    err = dpp_trust_add_bytes(t, spki, sizeof spki, &d);
    if (err != DPP_ERR_KEY_WEAK) fail_msg("DER pin: %s (%s)", dpp_err_name(err), d.msg);
    assert_string_equal(d.msg, "Ed25519 public key is a small-order point (order 1)");
    {
        static const char b64[] = "MCowBQYDK2VwAyEAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        pem_len = (size_t)snprintf(pem, sizeof pem, "-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----\n", b64);
    }
    assert_int_equal(dpp_trust_add_bytes(t, (const uint8_t *)pem, pem_len, &d), DPP_ERR_KEY_WEAK);
    assert_string_equal(d.msg, "Ed25519 public key is a small-order point (order 1)");
    assert_int_equal(dpp_trust_count(t), 0);
    /* the forged passport is not VERIFIED: its signer is unknown */
    assert_int_equal(dpp_verify(text, text_len, t, NOW, &f->v, &f->rep), DPP_ERR_KID_UNKNOWN);
    dpp_trust_free(t);

    /* a trust-list entry: refused by dpp_trustlist_entry_set_key and by dpp_trustlist_add */
    assert_int_equal(dpp_trustlist_entry_set_key(e, spki, sizeof spki, &d), DPP_ERR_KEY_WEAK);
    memcpy(e->key, spki, sizeof spki);
    e->key_len = sizeof spki;
    e->is_certificate = false;
    memcpy(e->kid, weak_kid, DPP_KID_LEN);
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    assert_int_equal(dpp_trustlist_add(tl, e, &d), DPP_ERR_KEY_WEAK);
    assert_string_equal(d.msg, "entry.key: Ed25519 public key is a small-order point (order 1)");
    assert_int_equal(dpp_trustlist_count(tl), 0);
    dpp_trustlist_free(tl);
    tl = NULL;

    /* a list signed by the pinned operator that holds the key: parsing and loading fail */
    n = bad_payload(E_OK, e, spki, sizeof spki, payload, 8192);
    assert_int_equal(dpp_list_sign(payload, n, DPP_LIST_TYPE_TRUST, f->op, signed_list, 16384, &n, &d), DPP_OK);
    assert_int_equal(dpp_trustlist_parse(signed_list, n, f->op, NULL, &tl, NULL, &d), DPP_ERR_KEY_WEAK);
    assert_null(tl);
    assert_non_null(strstr(d.msg, "key: Ed25519 public key is a small-order point (order 1)"));
    {
        dpp_list_policy pol;
        memset(&pol, 0, sizeof pol);
        pol.now = NOW;
        assert_int_equal(dpp_trust_new(&t), DPP_OK);
        assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
        assert_int_equal(dpp_trust_load_list(t, signed_list, n, &pol, NULL, &d), DPP_ERR_KEY_WEAK);
        assert_non_null(strstr(d.msg, "small-order point"));
        assert_int_equal(dpp_verify(text, text_len, t, NOW, &f->v, &f->rep), DPP_ERR_KID_UNKNOWN);
        dpp_trust_free(t);
    }
    free(payload);
    free(signed_list);
    free(e);
    dpp_key_free(real);
}

/* Lookups stay binary searches with many entries; every kid is found. */
static void many_entries(void **state)
{
    fx *f = *state;
    enum { N = 200 };
    dpp_key *keys[N];
    dpp_trustlist *tl = NULL;
    dpp_trust *t;
    uint8_t *list;
    size_t len = 0;
    (void)f;
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    for (size_t i = 0; i < N; i++) {
        char name[32];
        dpp_trustlist_entry *e;
        keys[i] = fx_key(DPP_ALG_EDDSA);
        snprintf(name, sizeof name, "Maker %zu", i);
        e = tfx_entry(keys[i], DPP_ROLE_MANUFACTURER, name, "DE");
        assert_int_equal(dpp_trustlist_add(tl, e, NULL), DPP_OK);
        free(e);
    }
    list = tfx_sign_list(tl, f->op, 1, NOW - 10, NOW + 3600, &len);
    t = tfx_trust_with_list(f->op, list, len);
    assert_int_equal(dpp_trust_count(t), N);
    for (size_t i = 1; i < N; i++) assert_true(memcmp(t->keys[i - 1].kid, t->keys[i].kid, DPP_KID_LEN) <= 0);
    for (size_t i = 0; i < N; i += 37) {
        char name[32];
        tfx_encode(&f->p, keys[i], NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
        assert_int_equal(verify(f, t), DPP_OK);
        snprintf(name, sizeof name, "Maker %zu", i);
        assert_string_equal(f->v.signer.party.name, name);
    }
    /* pinned keys and list entries live side by side */
    assert_int_equal(dpp_trust_add_key(t, f->maker), DPP_OK);
    assert_int_equal(dpp_trust_count(t), N + 1);
    tfx_encode(&f->p, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
    assert_int_equal(verify(f, t), DPP_OK);
    assert_int_equal(f->v.signer.source, DPP_SOURCE_PINNED);
    printf("# trust list with %d Ed25519 entries: %zu bytes (%zu per entry)\n", N, len, len / N);
    for (size_t i = 0; i < N; i++) dpp_key_free(keys[i]);
    dpp_trust_free(t);
    dpp_trustlist_free(tl);
    free(list);
}

static void names_and_limits(void **state)
{
    dpp_role r;
    unsigned c;
    dpp_binding b;
    (void)state;
    assert_string_equal(dpp_role_name(DPP_ROLE_CBAM_VERIFIER), "cbam-verifier");
    assert_null(dpp_role_name((dpp_role)77));
    assert_int_equal(dpp_role_from_name("certification-body", &r), DPP_OK);
    assert_int_equal(r, DPP_ROLE_CERTIFIER);
    assert_int_equal(dpp_role_from_name("operator", &r), DPP_OK);
    assert_int_equal(r, DPP_ROLE_OPERATOR);
    assert_int_equal(dpp_role_from_name("boss", &r), DPP_ERR_INVALID_ARG);
    assert_string_equal(dpp_claim_name(DPP_CLAIM_CERTIFICATION_0 + 3), "certifications[3]");
    assert_null(dpp_claim_name(2));
    assert_null(dpp_claim_name(24));
    assert_int_equal(dpp_claim_from_name("certifications[7]", &c), DPP_OK);
    assert_int_equal(c, 23);
    assert_int_equal(dpp_claim_from_name("cbam", &c), DPP_OK);
    assert_int_equal(c, DPP_CLAIM_CBAM);
    assert_int_equal(dpp_claim_from_name("price", &c), DPP_ERR_INVALID_ARG);
    for (unsigned i = 0; i <= DPP_CLAIM_MAX; i++)
        assert_int_equal(dpp_claim_name(i) != NULL, (DPP_CLAIM_ALL_MASK & DPP_CLAIM_BIT(i)) != 0);
    assert_int_equal(dpp_binding_from_name("batch", &b), DPP_OK);
    assert_int_equal(b, DPP_BINDING_BATCH);
    assert_int_equal(dpp_binding_from_name("lot", &b), DPP_ERR_INVALID_ARG);
    assert_string_equal(dpp_key_source_name(DPP_SOURCE_X509), "x509");
    assert_int_equal(dpp_list_max_len(), DPP_LIST_MAX_LEN);
    assert_int_equal(dpp_trustlist_max_entries(), DPP_TRUSTLIST_MAX_ENTRIES);
    assert_int_equal(dpp_trustlist_max_key_len(), DPP_TRUSTLIST_MAX_KEY_LEN);
    assert_int_equal(dpp_scope_max_prefixes(), DPP_SCOPE_MAX_PREFIXES);
    assert_int_equal(dpp_scope_max_categories(), DPP_SCOPE_MAX_CATEGORIES);
    assert_int_equal(dpp_max_attestations(), DPP_MAX_ATTESTATIONS);
    assert_int_equal(dpp_max_link_uri(), DPP_MAX_LINK_URI);
    assert_int_equal(dpp_revlist_max_entries(), DPP_REVLIST_MAX_ENTRIES);
    assert_int_equal(dpp_max_attestation_len(), DPP_MAX_ATTESTATION_LEN);
}

/* ---- X.509 ---- */

static EVP_PKEY *evp_of(const dpp_key *k)
{
    char pem[4096];
    size_t n = 0;
    BIO *bio;
    EVP_PKEY *pk;
    assert_int_equal(dpp_key_private_pem(k, pem, sizeof pem, &n), DPP_OK);
    bio = BIO_new_mem_buf(pem, (int)n);
    pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    assert_non_null(pk);
    return pk;
}

static void add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    assert_non_null(ext);
    assert_int_equal(X509_add_ext(cert, ext, -1), 1);
    X509_EXTENSION_free(ext);
}

/* A certificate for subject signed by issuer (NULL: self-signed). */
static X509 *mk_cert(EVP_PKEY *subject, const char *cn, EVP_PKEY *issuer_key, X509 *issuer, bool ca,
                     const char *policy, const char *ku, int64_t nb, int64_t na)
{
    X509 *x = X509_new();
    X509_NAME *nm;
    static long serial = 1;
    assert_non_null(x);
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
    ASN1_TIME_set(X509_getm_notBefore(x), (time_t)nb);
    ASN1_TIME_set(X509_getm_notAfter(x), (time_t)na);
    X509_set_pubkey(x, subject);
    nm = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(nm, "C", MBSTRING_ASC, (const unsigned char *)"DE", -1, -1, 0);
    X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(x, issuer != NULL ? X509_get_subject_name(issuer) : nm);
    add_ext(x, issuer != NULL ? issuer : x, NID_subject_key_identifier, "hash");
    add_ext(x, issuer != NULL ? issuer : x, NID_authority_key_identifier, "keyid:always");
    add_ext(x, issuer != NULL ? issuer : x, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    if (ku != NULL) add_ext(x, issuer != NULL ? issuer : x, NID_key_usage, ku);
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
    assert_true(X509_sign(x, issuer_key != NULL ? issuer_key : subject, EVP_sha256()) > 0);
    return x;
}

static char *pem_of(X509 *x, size_t *len)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *p, *out;
    long n;
    PEM_write_bio_X509(bio, x);
    n = BIO_get_mem_data(bio, &p);
    out = malloc((size_t)n + 1);
    memcpy(out, p, (size_t)n);
    out[n] = '\0';
    *len = (size_t)n;
    BIO_free(bio);
    return out;
}

static void x509_alternative(void **state)
{
    fx *f = *state;
    dpp_key *ca_k = fx_key(DPP_ALG_ES256), *int_k = fx_key(DPP_ALG_ES256), *rogue_k = fx_key(DPP_ALG_ES256);
    EVP_PKEY *ca = evp_of(ca_k), *inter = evp_of(int_k), *rogue = evp_of(rogue_k), *maker = evp_of(f->maker),
             *body = evp_of(f->body);
    int64_t nb = NOW - 86400, na = NOW + 86400;
    X509 *ca_c = mk_cert(ca, "Example Root", NULL, NULL, true, NULL, "critical,keyCertSign,cRLSign", nb - 86400,
                         na + 86400 * 10);
    X509 *int_c = mk_cert(inter, "Example Issuing CA", ca, ca_c, true, NULL, "critical,keyCertSign,cRLSign", nb,
                          na + 86400 * 5);
    X509 *rogue_c = mk_cert(rogue, "Rogue Root", NULL, NULL, true, NULL, "critical,keyCertSign", nb, na);
    X509 *maker_c = mk_cert(maker, "Jinding Steel", inter, int_c, false, DPP_OID_POLICY_MANUFACTURER,
                            "critical,digitalSignature", nb, na + 86400 * 20);
    X509 *body_c = mk_cert(body, "TUV Example", inter, int_c, false, DPP_OID_POLICY_CERTIFIER,
                           "critical,digitalSignature", nb, na);
    X509 *nopol_c = mk_cert(maker, "No Policy", inter, int_c, false, "1.2.3.4", "critical,digitalSignature", nb, na);
    X509 *noku_c = mk_cert(maker, "No KU", inter, int_c, false, DPP_OID_POLICY_MANUFACTURER,
                           "critical,keyEncipherment", nb, na);
    X509 *rogue_leaf = mk_cert(maker, "Jinding Steel", rogue, rogue_c, false, DPP_OID_POLICY_MANUFACTURER,
                               "critical,digitalSignature", nb, na);
    size_t ca_n, int_n, mk_n, bd_n, np_n, nk_n, rg_n;
    char *ca_pem = pem_of(ca_c, &ca_n), *int_pem = pem_of(int_c, &int_n), *mk_pem = pem_of(maker_c, &mk_n),
         *bd_pem = pem_of(body_c, &bd_n), *np_pem = pem_of(nopol_c, &np_n), *nk_pem = pem_of(noku_c, &nk_n),
         *rg_pem = pem_of(rogue_leaf, &rg_n);
    dpp_trust *t = NULL;
    dpp_diag d;

    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    /* no CA pinned yet */
    assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)mk_pem, mk_n, (const uint8_t *)int_pem, int_n, &d),
                     DPP_ERR_INVALID_ARG);
    /* a leaf is not a CA */
    assert_int_equal(dpp_trust_add_ca(t, (const uint8_t *)mk_pem, mk_n, &d), DPP_ERR_CERT_CHAIN);
    assert_int_equal(dpp_trust_add_ca(t, (const uint8_t *)ca_pem, ca_n, &d), DPP_OK);
    assert_int_equal(dpp_trust_add_ca(t, (const uint8_t *)ca_pem, ca_n, &d), DPP_OK); /* twice is fine */
    assert_int_equal(dpp_trust_add_ca(t, (const uint8_t *)"junk", 4, &d), DPP_ERR_KEY_FORMAT);

    /* the intermediate is missing: no chain */
    assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)mk_pem, mk_n, NULL, 0, &d), DPP_ERR_CERT_CHAIN);
    assert_non_null(strstr(d.msg, "pinned CA"));
    /* a leaf under another root */
    assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)rg_pem, rg_n, NULL, 0, &d), DPP_ERR_CERT_CHAIN);
    /* no role policy */
    assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)np_pem, np_n, (const uint8_t *)int_pem, int_n, &d),
                     DPP_ERR_CERT_POLICY);
    /* no digitalSignature */
    assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)nk_pem, nk_n, (const uint8_t *)int_pem, int_n, &d),
                     DPP_ERR_CERT_CHAIN);
    assert_non_null(strstr(d.msg, "digitalSignature"));
    assert_int_equal(dpp_trust_count(t), 0);

    /* the manufacturer: leaf + intermediate in one file (fullchain) */
    {
        size_t n = mk_n + int_n;
        char *full = malloc(n);
        memcpy(full, mk_pem, mk_n);
        memcpy(full + mk_n, int_pem, int_n);
        if (dpp_trust_add_cert(t, (const uint8_t *)full, n, NULL, 0, &d) != DPP_OK) fail_msg("%s", d.msg);
        free(full);
    }
    assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)bd_pem, bd_n, (const uint8_t *)int_pem, int_n, &d), DPP_OK);
    assert_int_equal(dpp_trust_count(t), 2);
    /* the same certificate again: kept once */
    assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)bd_pem, bd_n, (const uint8_t *)int_pem, int_n, &d), DPP_OK);
    assert_int_equal(dpp_trust_count(t), 2);
    /* two role policies in one certificate */
    {
        X509 *two = mk_cert(maker, "Two Roles", inter, int_c, false, DPP_OID_POLICY_CERTIFIER,
                            "critical,digitalSignature", nb, na);
        CERTIFICATEPOLICIES *pols = X509_get_ext_d2i(two, NID_certificate_policies, NULL, NULL);
        POLICYINFO *pi = POLICYINFO_new();
        size_t tn = 0;
        char *tp;
        int loc = X509_get_ext_by_NID(two, NID_certificate_policies, -1);
        pi->policyid = OBJ_txt2obj(DPP_OID_POLICY_MANUFACTURER, 1);
        sk_POLICYINFO_push(pols, pi);
        X509_EXTENSION_free(X509_delete_ext(two, loc));
        assert_int_equal(X509_add1_ext_i2d(two, NID_certificate_policies, pols, 0, X509V3_ADD_DEFAULT), 1);
        assert_true(X509_sign(two, inter, EVP_sha256()) > 0);
        CERTIFICATEPOLICIES_free(pols);
        tp = pem_of(two, &tn);
        assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)tp, tn, (const uint8_t *)int_pem, int_n, &d),
                         DPP_ERR_CERT_POLICY);
        assert_non_null(strstr(d.msg, "one is allowed"));
        free(tp);
        X509_free(two);
    }
    /* the role policies under 2.25 (X.667, UUID-derived), alone or next to the placeholder of the same role */
    {
        X509 *u1 = mk_cert(body, "TUV UUID", inter, int_c, false, DPP_OID_POLICY_CERTIFIER_UUID,
                           "critical,digitalSignature", nb, na);
        X509 *u2 = mk_cert(maker, "Both Arcs", inter, int_c, false, DPP_OID_POLICY_MANUFACTURER_UUID,
                           "critical,digitalSignature", nb, na);
        CERTIFICATEPOLICIES *pols = X509_get_ext_d2i(u2, NID_certificate_policies, NULL, NULL);
        POLICYINFO *pi = POLICYINFO_new();
        int loc = X509_get_ext_by_NID(u2, NID_certificate_policies, -1);
        size_t n1 = 0, n2 = 0;
        char *p1, *p2;
        dpp_trust *tu = NULL;
        pi->policyid = OBJ_txt2obj(DPP_OID_POLICY_MANUFACTURER, 1);
        sk_POLICYINFO_push(pols, pi);
        X509_EXTENSION_free(X509_delete_ext(u2, loc));
        assert_int_equal(X509_add1_ext_i2d(u2, NID_certificate_policies, pols, 0, X509V3_ADD_DEFAULT), 1);
        assert_true(X509_sign(u2, inter, EVP_sha256()) > 0);
        CERTIFICATEPOLICIES_free(pols);
        p1 = pem_of(u1, &n1);
        p2 = pem_of(u2, &n2);
        assert_int_equal(dpp_trust_new(&tu), DPP_OK);
        assert_int_equal(dpp_trust_add_ca(tu, (const uint8_t *)ca_pem, ca_n, &d), DPP_OK);
        if (dpp_trust_add_cert(tu, (const uint8_t *)p1, n1, (const uint8_t *)int_pem, int_n, &d) != DPP_OK)
            fail_msg("2.25 certifier: %s", d.msg);
        if (dpp_trust_add_cert(tu, (const uint8_t *)p2, n2, (const uint8_t *)int_pem, int_n, &d) != DPP_OK)
            fail_msg("both arcs: %s", d.msg);
        tfx_encode(&f->p, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
        if (verify(f, tu) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
        assert_int_equal(f->v.signer.role, DPP_ROLE_MANUFACTURER);
        assert_string_equal(f->v.signer.party.name, "Both Arcs");
        dpp_trust_free(tu);
        free(p1);
        free(p2);
        X509_free(u1);
        X509_free(u2);
    }
    /* CA policy constraints: an issuing CA requiring an explicit policy from
     * itself on (requireExplicitPolicy:0; a trust anchor's own constraints
     * are not path processing, RFC 5280 6.1) is accepted when it carries
     * anyPolicy, and refused when it carries no policy at all (spec/trust.md 4.1) */
    {
        dpp_key *r_k = fx_key(DPP_ALG_ES256), *i_k = fx_key(DPP_ALG_ES256);
        EVP_PKEY *rk = evp_of(r_k), *ik = evp_of(i_k);
        X509 *root = mk_cert(rk, "Policy Root", NULL, NULL, true, "2.5.29.32.0", "critical,keyCertSign,cRLSign",
                             nb - 86400, na + 86400 * 10);
        X509 *i_any, *i_none, *l_any, *l_none;
        size_t rn = 0, ian = 0, inn = 0, lan = 0, lnn = 0;
        char *rp, *iap, *inp, *lap, *lnp;
        dpp_trust *tp = NULL;
        i_any = mk_cert(ik, "Issuing anyPolicy", rk, root, true, "2.5.29.32.0", "critical,keyCertSign,cRLSign", nb,
                        na + 86400);
        i_none = mk_cert(ik, "Issuing no policy", rk, root, true, NULL, "critical,keyCertSign,cRLSign", nb,
                         na + 86400);
        add_ext(i_any, root, NID_policy_constraints, "critical,requireExplicitPolicy:0");
        add_ext(i_none, root, NID_policy_constraints, "critical,requireExplicitPolicy:0");
        assert_true(X509_sign(i_any, rk, EVP_sha256()) > 0);
        assert_true(X509_sign(i_none, rk, EVP_sha256()) > 0);
        l_any = mk_cert(maker, "Under anyPolicy", ik, i_any, false, DPP_OID_POLICY_MANUFACTURER_UUID,
                        "critical,digitalSignature", nb, na);
        l_none = mk_cert(maker, "Under no policy", ik, i_none, false, DPP_OID_POLICY_MANUFACTURER_UUID,
                         "critical,digitalSignature", nb, na);
        rp = pem_of(root, &rn);
        iap = pem_of(i_any, &ian);
        inp = pem_of(i_none, &inn);
        lap = pem_of(l_any, &lan);
        lnp = pem_of(l_none, &lnn);
        assert_int_equal(dpp_trust_new(&tp), DPP_OK);
        assert_int_equal(dpp_trust_add_ca(tp, (const uint8_t *)rp, rn, &d), DPP_OK);
        if (dpp_trust_add_cert(tp, (const uint8_t *)lap, lan, (const uint8_t *)iap, ian, &d) != DPP_OK)
            fail_msg("explicit policy chain: %s", d.msg);
        assert_int_equal(dpp_trust_add_cert(tp, (const uint8_t *)lnp, lnn, (const uint8_t *)inp, inn, &d),
                         DPP_ERR_CERT_CHAIN);
        assert_non_null(strstr(d.msg, "polic"));
        dpp_trust_free(tp);
        free(rp);
        free(iap);
        free(inp);
        free(lap);
        free(lnp);
        X509_free(root);
        X509_free(i_any);
        X509_free(i_none);
        X509_free(l_any);
        X509_free(l_none);
        EVP_PKEY_free(rk);
        EVP_PKEY_free(ik);
        dpp_key_free(r_k);
        dpp_key_free(i_k);
    }
    {
        /* ITU-T X.667 clause 6.3's example, and the library's own constants */
        static const uint8_t ex[16] = {0xf8, 0x1d, 0x4f, 0xae, 0x7d, 0xec, 0x11, 0xd0,
                                       0xa7, 0x65, 0x00, 0xa0, 0xc9, 0x1e, 0x6b, 0xf6};
        static const uint8_t mf[16] = {0x20, 0xa7, 0x00, 0x04, 0xe4, 0xd3, 0x48, 0xcc,
                                       0x8d, 0x07, 0x42, 0x45, 0x37, 0x41, 0xe3, 0xe1};
        static const uint8_t zero[16] = {0};
        char oid[48];
        assert_int_equal(dpp_oid_from_uuid(ex, oid, sizeof oid), DPP_OK);
        assert_string_equal(oid, "2.25.329800735698586629295641978511506172918");
        assert_int_equal(dpp_oid_from_uuid(mf, oid, sizeof oid), DPP_OK);
        assert_string_equal(oid, DPP_OID_POLICY_MANUFACTURER_UUID);
        assert_int_equal(dpp_oid_from_uuid(zero, oid, sizeof oid), DPP_OK);
        assert_string_equal(oid, "2.25.0");
        assert_int_equal(dpp_oid_from_uuid(ex, oid, 44), DPP_ERR_BUFFER_TOO_SMALL);
    }
    assert_int_equal(dpp_trust_add_cert(NULL, (const uint8_t *)bd_pem, bd_n, NULL, 0, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)bd_pem, 70000, NULL, 0, &d), DPP_ERR_TOO_LARGE);
    assert_int_equal(dpp_trust_add_cert(t, (const uint8_t *)"junk", 4, NULL, 0, &d), DPP_ERR_KEY_FORMAT);
    assert_int_equal(dpp_trust_add_ca(NULL, (const uint8_t *)ca_pem, ca_n, &d), DPP_ERR_INVALID_ARG);

    tfx_encode(&f->p, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
    if (verify(f, t) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    assert_int_equal(f->v.signer.source, DPP_SOURCE_X509);
    assert_int_equal(f->v.signer.role, DPP_ROLE_MANUFACTURER);
    assert_string_equal(f->v.signer.party.name, "Jinding Steel");
    assert_string_equal(f->v.signer.party.country, "DE");
    assert_int_equal(f->rep.status[DPP_CHECK_KEY_VALIDITY], DPP_CHECK_PASS);
    assert_int_equal(f->rep.status[DPP_CHECK_ROLE], DPP_CHECK_PASS);
    assert_int_equal(f->rep.status[DPP_CHECK_SCOPE], DPP_CHECK_SKIPPED);
    /* the chain's window is the intersection: the intermediate ends first */
    assert_int_equal(dpp_verify(f->text, f->text_len, t, na + 86400 * 5 + 1, &f->v, &f->rep), DPP_ERR_KEY_NOT_VALID);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_KEY_VALIDITY, DPP_ERR_KEY_NOT_VALID);
    assert_non_null(strstr(f->rep.diag.msg, "chain"));
    assert_int_equal(dpp_verify(f->text, f->text_len, t, na + 86400 * 5, &f->v, &f->rep), DPP_OK);
    /* the certification body's certificate cannot sign passports */
    tfx_encode(&f->p, f->body, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
    assert_int_equal(verify(f, t), DPP_ERR_ROLE);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ROLE, DPP_ERR_ROLE);

    /* a trust-list entry may carry a certificate instead of a key */
    {
        dpp_trustlist_entry *e = calloc(1, sizeof *e);
        dpp_trustlist *tl = NULL, *back = NULL;
        uint8_t *list;
        size_t len = 0;
        assert_int_equal(dpp_trustlist_entry_set_key(e, (const uint8_t *)mk_pem, mk_n, &d), DPP_OK);
        assert_true(e->is_certificate);
        e->role = DPP_ROLE_MANUFACTURER;
        memcpy(e->party.name, "Jinding Steel", 14);
        memcpy(e->party.country, "CN", 3);
        assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
        assert_int_equal(dpp_trustlist_add(tl, e, &d), DPP_OK);
        list = tfx_sign_list(tl, f->op, 1, NOW - 10, NOW + 3600, &len);
        assert_int_equal(dpp_trustlist_parse(list, len, f->op, NULL, &back, NULL, &d), DPP_OK);
        assert_int_equal(dpp_trustlist_get(back, 0, e), DPP_OK);
        assert_true(e->is_certificate);
        dpp_trust_free(t);
        t = tfx_trust_with_list(f->op, list, len);
        tfx_encode(&f->p, f->maker, NOW - 100, NULL, 0, f->text, sizeof f->text, &f->text_len);
        assert_int_equal(verify(f, t), DPP_OK);
        assert_int_equal(f->rep.status[DPP_CHECK_KEY_VALIDITY], DPP_CHECK_PASS);
        dpp_trustlist_free(tl);
        dpp_trustlist_free(back);
        free(list);
        free(e);
    }
    dpp_trust_free(t);
    X509_free(ca_c);
    X509_free(int_c);
    X509_free(rogue_c);
    X509_free(maker_c);
    X509_free(body_c);
    X509_free(nopol_c);
    X509_free(noku_c);
    X509_free(rogue_leaf);
    EVP_PKEY_free(ca);
    EVP_PKEY_free(inter);
    EVP_PKEY_free(rogue);
    EVP_PKEY_free(maker);
    EVP_PKEY_free(body);
    free(ca_pem);
    free(int_pem);
    free(mk_pem);
    free(bd_pem);
    free(np_pem);
    free(nk_pem);
    free(rg_pem);
    dpp_key_free(ca_k);
    dpp_key_free(int_k);
    dpp_key_free(rogue_k);
    assert_int_equal(ERR_peek_error(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(build_sign_parse_round_trip),
        cmocka_unit_test(passport_verifies_with_roles),
        cmocka_unit_test(pinned_key_mode_skips_trust_checks),
        cmocka_unit_test(signer_rejections),
        cmocka_unit_test(same_key_two_roles),
        cmocka_unit_test(list_rejections),
        cmocka_unit_test(entry_validation),
        cmocka_unit_test(list_format_errors),
        cmocka_unit_test(entry_parse_errors),
        cmocka_unit_test(weak_key_forgery_refused),
        cmocka_unit_test(many_entries),
        cmocka_unit_test(names_and_limits),
        cmocka_unit_test(x509_alternative),
    };
    return cmocka_run_group_tests_name("dpp_trustlist", tests, setup, teardown);
}
