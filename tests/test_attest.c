/* Third-party attestation inside the QR and the link to the full passport:
 * the end-to-end scenario (operator, manufacturer, certification body,
 * verifier), every attestation rejection with its code, what an
 * attestation adds to the QR, and the full-document check. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cbor_write.h"
#include "fixtures.h"
#include "passport_cbor.h"
#include "attest_internal.h"
#include "trustfx.h"

#define NOW TFX_NOW
#define ATT_MAX DPP_MAX_ATTESTATION_LEN

typedef struct fx {
    dpp_key *op;    /* trust-list operator */
    dpp_key *maker; /* manufacturer, ES256 */
    dpp_key *body;  /* certification body, ES256 */
    dpp_key *cbamv; /* CBAM verifier, ES256 */
    dpp_trust *trust;
    dpp_passport p;
    dpp_verified v;
    dpp_report rep;
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t text_len;
    uint8_t att[ATT_MAX];
    size_t att_len;
} fx;

/* The operator's list: one manufacturer, one certification body, one CBAM verifier. */
static uint8_t *operator_list(const fx *f, void (*tweak)(dpp_trustlist_entry *body), size_t *len)
{
    dpp_trustlist *tl = NULL;
    dpp_trustlist_entry *m = tfx_entry(f->maker, DPP_ROLE_MANUFACTURER, "Jinding Steel", "CN");
    dpp_trustlist_entry *b = tfx_entry(f->body, DPP_ROLE_CERTIFIER, "TUV Example", "DE");
    dpp_trustlist_entry *c = tfx_entry(f->cbamv, DPP_ROLE_CBAM_VERIFIER, "CBAM Verify GmbH", "DE");
    uint8_t *list;
    dpp_diag d;
    if (tweak != NULL) tweak(b);
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    if (dpp_trustlist_add(tl, m, &d) != DPP_OK) fail_msg("%s", d.msg);
    if (dpp_trustlist_add(tl, b, &d) != DPP_OK) fail_msg("%s", d.msg);
    if (dpp_trustlist_add(tl, c, &d) != DPP_OK) fail_msg("%s", d.msg);
    list = tfx_sign_list(tl, f->op, 1, NOW - 3600, NOW + 7 * 86400, len);
    dpp_trustlist_free(tl);
    free(m);
    free(b);
    free(c);
    return list;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    uint8_t *list;
    size_t len = 0;
    if (f == NULL) return -1;
    f->op = fx_key(DPP_ALG_EDDSA);
    f->maker = fx_key(DPP_ALG_ES256);
    f->body = fx_key(DPP_ALG_ES256);
    f->cbamv = fx_key(DPP_ALG_ES256);
    fx_example_passport(&f->p);
    list = operator_list(f, NULL, &len);
    f->trust = tfx_trust_with_list(f->op, list, len);
    free(list);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    dpp_trust_free(f->trust);
    dpp_key_free(f->op);
    dpp_key_free(f->maker);
    dpp_key_free(f->body);
    dpp_key_free(f->cbamv);
    free(f);
    return 0;
}

static void attest(fx *f, const dpp_passport *p, const dpp_key *k, uint32_t claims, dpp_binding b)
{
    dpp_diag d;
    size_t need = 0;
    if (dpp_attest(p, k, claims, b, NULL, 0, &need, &d) != DPP_OK) fail_msg("attest size: %s", d.msg);
    if (dpp_attest(p, k, claims, b, f->att, sizeof f->att, &f->att_len, &d) != DPP_OK) fail_msg("attest: %s", d.msg);
    assert_int_equal(f->att_len, need);
}

static dpp_err issue_and_verify(fx *f, const dpp_passport *p, const dpp_trust *t)
{
    dpp_bytes a = {f->att, f->att_len};
    tfx_encode(p, f->maker, NOW - 100, &a, 1, f->text, sizeof f->text, &f->text_len);
    return dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep);
}

/* Signs {6: iat, -262: p, -263: [att]} with the manufacturer, bypassing the
 * encoder's own checks (a dishonest or buggy manufacturer). */
static dpp_err forge_and_verify(fx *f, const dpp_passport *p, const uint8_t *att, size_t att_len)
{
    uint8_t claims[DPP_MAX_COSE_LEN];
    cw_writer w;
    dpp_cw_init(&w, claims, sizeof claims);
    dpp_cw_map(&w, 3);
    dpp_cw_uint(&w, 6);
    dpp_cw_uint(&w, (uint64_t)NOW - 100);
    dpp_cw_int(&w, -262);
    dpp_passport_write(&w, p);
    dpp_cw_int(&w, -263);
    dpp_cw_array(&w, 1);
    dpp_cw_raw(&w, att, att_len);
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    f->text_len = tfx_sign_claims(f->maker, claims, w.len, f->text, sizeof f->text);
    return dpp_verify(f->text, f->text_len, f->trust, NOW, &f->v, &f->rep);
}

/*
 * The scenario of the issue: the operator lists a manufacturer and a
 * certification body; the manufacturer issues a passport whose footprint the
 * body attests; the verifier's report shows the footprint verified by that
 * body and the rest as self-declared.
 */
static void end_to_end(void **state)
{
    fx *f = *state;
    const unsigned self[] = {DPP_CLAIM_IDENTITY, DPP_CLAIM_MANUFACTURER, DPP_CLAIM_FACILITY, DPP_CLAIM_MATERIALS,
                             DPP_CLAIM_CERTIFICATIONS, DPP_CLAIM_CERTIFICATION_0, DPP_CLAIM_CBAM,
                             DPP_CLAIM_EXTENSIONS};
    int by;
    uint8_t kid[DPP_KID_LEN];

    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
    if (issue_and_verify(f, &f->p, f->trust) != DPP_OK) fail_msg("%s", f->rep.diag.msg);

    for (int c = 0; c < DPP_CHECK_COUNT; c++) {
        dpp_check_status want = DPP_CHECK_PASS;
        if (c == DPP_CHECK_KEY_VALIDITY || c == DPP_CHECK_EXP || c == DPP_CHECK_SIGNER_WINDOW ||
            c == DPP_CHECK_SCOPE || c == DPP_CHECK_REVOCATION || c == DPP_CHECK_LINK)
            want = DPP_CHECK_SKIPPED;
        if (c == DPP_CHECK_INFLATE && !f->v.claims.compressed) want = DPP_CHECK_SKIPPED;
        if (f->rep.status[c] != want)
            fail_msg("check %s: %d, want %d", dpp_check_name((dpp_check)c), (int)f->rep.status[c], (int)want);
    }
    /* the passport's signer */
    assert_int_equal(f->v.signer.role, DPP_ROLE_MANUFACTURER);
    assert_string_equal(f->v.signer.party.name, "Jinding Steel");
    /* the attestation as carried */
    assert_int_equal(f->v.claims.n_attestations, 1);
    dpp_key_kid(f->body, kid);
    assert_memory_equal(f->v.claims.attestations[0].kid, kid, DPP_KID_LEN);
    assert_int_equal(f->v.claims.attestations[0].alg, DPP_ALG_ES256);
    assert_int_equal(f->v.claims.attestations[0].binding, DPP_BINDING_BATCH);
    assert_int_equal(f->v.claims.attestations[0].claims, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT));
    /* the footprint: verified by the body */
    by = dpp_claim_attested_by(&f->v, DPP_CLAIM_FOOTPRINT);
    assert_int_equal(by, 0);
    assert_string_equal(f->v.attesters[by].party.name, "TUV Example");
    assert_string_equal(f->v.attesters[by].party.country, "DE");
    assert_int_equal(f->v.attesters[by].role, DPP_ROLE_CERTIFIER);
    assert_int_equal(f->v.attesters[by].source, DPP_SOURCE_LIST);
    assert_memory_equal(f->v.attesters[by].kid, kid, DPP_KID_LEN);
    assert_int_equal(f->v.claims_attested, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT));
    /* everything else: only self-declared */
    for (size_t i = 0; i < sizeof self / sizeof self[0]; i++) {
        assert_true(f->v.claims_present & DPP_CLAIM_BIT(self[i]));
        assert_int_equal(dpp_claim_attested_by(&f->v, self[i]), -1);
    }
    assert_int_equal(f->v.claims_present & ~f->v.claims_attested,
                     dpp_passport_claim_mask(&f->p) & ~DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT));
    /* the passport itself is unchanged by carrying an attestation */
    assert_memory_equal(&f->v.passport, &f->p, sizeof f->p);

    /* dpp_inspect shows the attestation, unverified */
    {
        dpp_unverified *u = calloc(1, sizeof *u);
        assert_int_equal(dpp_inspect(f->text, f->text_len, u, NULL), DPP_OK);
        assert_int_equal(u->claims_unverified.n_attestations, 1);
        assert_int_equal(u->claims_unverified.attestations[0].claims, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT));
        free(u);
    }
    /* peek at the attestation bytes */
    {
        dpp_attestation_ref ref;
        assert_int_equal(dpp_attestation_peek(f->att, f->att_len, &ref, NULL), DPP_OK);
        assert_memory_equal(ref.kid, kid, DPP_KID_LEN);
        assert_int_equal(ref.binding, DPP_BINDING_BATCH);
        assert_int_equal(ref.claims, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT));
        assert_int_equal(dpp_attestation_peek(f->att, f->att_len - 1, &ref, NULL), DPP_ERR_CBOR_MALFORMED);
        assert_int_equal(ref.claims, 0);
        {
            uint8_t x[ATT_MAX + 1];
            memcpy(x, f->att, f->att_len);
            x[f->att_len] = 0x00;
            assert_int_equal(dpp_attestation_peek(x, f->att_len + 1, &ref, NULL), DPP_ERR_CBOR_TRAILING);
            assert_int_equal(dpp_attestation_peek(x, sizeof x, &ref, NULL), DPP_ERR_TOO_LARGE);
            assert_int_equal(dpp_attestation_peek(NULL, 0, &ref, NULL), DPP_ERR_INVALID_ARG);
            assert_int_equal(dpp_attestation_peek(x, 1, NULL, NULL), DPP_ERR_INVALID_ARG);
            assert_int_equal(dpp_attestation_match(f->att, f->att_len, NULL, NULL), DPP_ERR_INVALID_ARG);
        }
    }
}

/* Changing an attested figure breaks the attestation; changing an
 * unattested field does not. */
static void attested_figure_changed(void **state)
{
    fx *f = *state;
    dpp_passport *q = malloc(sizeof *q);
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);

    /* an unattested field (a material's share, the product name) */
    *q = f->p;
    snprintf(q->name, sizeof q->name, "Hot-rolled coil, relabelled");
    q->materials[0].mass_fraction.mantissa -= 1;
    if (issue_and_verify(f, q, f->trust) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_FOOTPRINT), 0);

    /* the attested total, lowered after attestation */
    *q = f->p;
    q->footprint.total.mantissa -= 1;
    assert_int_equal(issue_and_verify(f, q, f->trust), DPP_ERR_ATTESTATION_SIGNATURE);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_ATTESTATION_SIGNATURE);
    assert_int_equal(f->rep.failed_attestation, 0);
    assert_non_null(strstr(f->rep.diag.msg, "footprint"));
    assert_non_null(strstr(f->rep.diag.msg, "changed after attestation"));
    /* any field of the block counts: a stage value, the verification flag */
    *q = f->p;
    q->footprint.stages[0].value.mantissa += 1;
    assert_int_equal(issue_and_verify(f, q, f->trust), DPP_ERR_ATTESTATION_SIGNATURE);
    *q = f->p;
    q->footprint.verification = q->footprint.verification == DPP_VERIFICATION_THIRD_PARTY
                                    ? DPP_VERIFICATION_SELF_DECLARED
                                    : DPP_VERIFICATION_THIRD_PARTY;
    assert_int_equal(issue_and_verify(f, q, f->trust), DPP_ERR_ATTESTATION_SIGNATURE);

    /* a corrupted attestation signature */
    f->att[f->att_len - 1] ^= 1;
    assert_int_equal(issue_and_verify(f, &f->p, f->trust), DPP_ERR_ATTESTATION_SIGNATURE);
    free(q);
}

/* An attestation cannot be lifted onto another product (or batch, item, passport). */
static void attestation_moved_to_another_product(void **state)
{
    fx *f = *state;
    dpp_passport *q = malloc(sizeof *q);
    dpp_diag d;
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);

    /* same footprint, another GTIN: the encoder refuses it ... */
    *q = f->p;
    memcpy(q->gtin, "04006381333931", 15);
    {
        dpp_encode_ex_opts o;
        size_t n = 0;
        memset(&o, 0, sizeof o);
        o.base.iat = NOW - 100;
        o.n_attestations = 1;
        o.attestations[0].ptr = f->att;
        o.attestations[0].len = f->att_len;
        assert_int_equal(dpp_encode_ex(q, f->maker, &o, f->text, sizeof f->text, &n, NULL, &d),
                         DPP_ERR_ATTESTATION_PRODUCT);
        assert_non_null(strstr(d.msg, "opts.attestations[0]"));
        assert_int_equal(f->text[0], '\0');
        assert_int_equal(dpp_attestation_match(f->att, f->att_len, q, &d), DPP_ERR_ATTESTATION_PRODUCT);
        assert_int_equal(dpp_attestation_match(f->att, f->att_len, &f->p, &d), DPP_OK);
    }
    /* ... and the verifier rejects a passport signed with it anyway */
    assert_int_equal(forge_and_verify(f, q, f->att, f->att_len), DPP_ERR_ATTESTATION_PRODUCT);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_ATTESTATION_PRODUCT);
    assert_non_null(strstr(f->rep.diag.msg, "another batch"));
    /* another batch of the same product */
    *q = f->p;
    snprintf(q->batch, sizeof q->batch, "H25-03148");
    assert_int_equal(forge_and_verify(f, q, f->att, f->att_len), DPP_ERR_ATTESTATION_PRODUCT);
    /* no batch at all */
    q->batch[0] = '\0';
    assert_int_equal(forge_and_verify(f, q, f->att, f->att_len), DPP_ERR_ATTESTATION_PRODUCT);
    assert_non_null(strstr(f->rep.diag.msg, "no batch"));
    /* the unchanged passport still verifies through the same path */
    assert_int_equal(forge_and_verify(f, &f->p, f->att, f->att_len), DPP_OK);

    /* a product-level attestation covers every batch of the GTIN */
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_PRODUCT);
    *q = f->p;
    snprintf(q->batch, sizeof q->batch, "H25-09999");
    q->id[0] ^= 0xff;
    if (issue_and_verify(f, q, f->trust) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    /* a passport-level attestation covers only that passport id */
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_PASSPORT);
    assert_int_equal(issue_and_verify(f, &f->p, f->trust), DPP_OK);
    assert_int_equal(forge_and_verify(f, q, f->att, f->att_len), DPP_ERR_ATTESTATION_PRODUCT);
    /* an item-level attestation needs a serial */
    *q = f->p;
    snprintf(q->serial, sizeof q->serial, "SN-0001");
    attest(f, q, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_ITEM);
    assert_int_equal(issue_and_verify(f, q, f->trust), DPP_OK);
    snprintf(q->serial, sizeof q->serial, "SN-0002");
    assert_int_equal(forge_and_verify(f, q, f->att, f->att_len), DPP_ERR_ATTESTATION_PRODUCT);
    q->serial[0] = '\0';
    assert_int_equal(dpp_attest(q, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_ITEM, f->att,
                                sizeof f->att, &f->att_len, &d),
                     DPP_ERR_ATTESTATION_PRODUCT);
    free(q);
}

static void attester_rejections(void **state)
{
    fx *f = *state;
    dpp_key *stranger = fx_key(DPP_ALG_ES256);
    dpp_passport *q = malloc(sizeof *q);

    /* unknown attester */
    attest(f, &f->p, stranger, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
    assert_int_equal(issue_and_verify(f, &f->p, f->trust), DPP_ERR_ATTESTER_UNKNOWN);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_ATTESTER_UNKNOWN);

    /* wrong role: the manufacturer attests its own footprint */
    attest(f, &f->p, f->maker, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
    assert_int_equal(issue_and_verify(f, &f->p, f->trust), DPP_ERR_ROLE);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_ROLE);
    assert_non_null(strstr(f->rep.diag.msg, "own key"));
    /* wrong role: the certification body attests CBAM emissions */
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_CBAM), DPP_BINDING_BATCH);
    assert_int_equal(issue_and_verify(f, &f->p, f->trust), DPP_ERR_ROLE);
    assert_non_null(strstr(f->rep.diag.msg, "cbam"));
    /* wrong role: the CBAM verifier attests the footprint */
    attest(f, &f->p, f->cbamv, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT) | DPP_CLAIM_BIT(DPP_CLAIM_CBAM), DPP_BINDING_BATCH);
    assert_int_equal(issue_and_verify(f, &f->p, f->trust), DPP_ERR_ROLE);
    /* right role: the CBAM verifier attests CBAM */
    attest(f, &f->p, f->cbamv, DPP_CLAIM_BIT(DPP_CLAIM_CBAM), DPP_BINDING_BATCH);
    if (issue_and_verify(f, &f->p, f->trust) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    assert_int_equal(f->v.attesters[dpp_claim_attested_by(&f->v, DPP_CLAIM_CBAM)].role, DPP_ROLE_CBAM_VERIFIER);

    /* attested claim absent from the passport */
    *q = f->p;
    attest(f, q, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FACILITY), DPP_BINDING_BATCH);
    q->has_facility = false;
    assert_int_equal(forge_and_verify(f, q, f->att, f->att_len), DPP_ERR_ATTESTATION_CLAIM);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_ATTESTATION_CLAIM);
    assert_non_null(strstr(f->rep.diag.msg, "facility"));
    dpp_key_free(stranger);
    free(q);
}

static void body_certs_only(dpp_trustlist_entry *b)
{
    b->scope.claims = DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATIONS);
}

static void body_other_prefix(dpp_trustlist_entry *b)
{
    b->scope.n_gtin_prefixes = 1;
    memcpy(b->scope.gtin_prefixes[0], "0400638", 8);
}

static void body_expired(dpp_trustlist_entry *b)
{
    b->has_not_after = true;
    b->not_after = NOW - 1000;
}

static void body_as_manufacturer(dpp_trustlist_entry *b)
{
    b->role = DPP_ROLE_MANUFACTURER;
}

static void body_window_ends_before_now(dpp_trustlist_entry *b)
{
    b->has_not_before = true;
    b->not_before = NOW - 5000;
    b->has_not_after = true;
    b->not_after = NOW - 2000;
}

static void attest_at(fx *f, int64_t at)
{
    dpp_diag d;
    size_t need = 0;
    if (dpp_attest_at(&f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH, at, NULL, 0, &need, &d) !=
        DPP_OK)
        fail_msg("attest_at size: %s", d.msg);
    if (dpp_attest_at(&f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH, at, f->att,
                      sizeof f->att, &f->att_len, &d) != DPP_OK)
        fail_msg("attest_at: %s", d.msg);
    assert_int_equal(f->att_len, need);
}

/* An attestation's own signing time (spec/trust.md 5.7): the attester's
 * window is evaluated at it, not at the passport's iat. */
static void attestation_signing_time(void **state)
{
    fx *f = *state;
    uint8_t *list;
    size_t len = 0, plain_len;
    dpp_attestation_ref ref;
    dpp_trust *t;

    /* the body's entry ended before the passport was signed (iat NOW - 100) */
    list = operator_list(f, body_window_ends_before_now, &len);
    t = tfx_trust_with_list(f->op, list, len);
    free(list);
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
    plain_len = f->att_len;
    assert_int_equal(issue_and_verify(f, &f->p, t), DPP_ERR_SIGNER_NOT_VALID);
    /* attested while the body was accredited: verifies */
    attest_at(f, NOW - 3000);
    assert_int_equal(f->att_len, plain_len + 5); /* a 5th element: uint32 time */
    assert_int_equal(dpp_attestation_peek(f->att, f->att_len, &ref, NULL), DPP_OK);
    assert_true(ref.has_signed_at);
    assert_int_equal(ref.signed_at, NOW - 3000);
    if (issue_and_verify(f, &f->p, t) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    assert_true(f->v.claims.attestations[0].has_signed_at);
    assert_int_equal(f->v.claims.attestations[0].signed_at, NOW - 3000);
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_FOOTPRINT), 0);
    /* attested after the accreditation ended */
    attest_at(f, NOW - 1000);
    assert_int_equal(issue_and_verify(f, &f->p, t), DPP_ERR_ATTESTATION_TIME);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_ATTESTATION_TIME);
    assert_non_null(strstr(f->rep.diag.msg, "outside its trust-list validity window"));
    /* before it began */
    attest_at(f, NOW - 6000);
    assert_int_equal(issue_and_verify(f, &f->p, t), DPP_ERR_ATTESTATION_TIME);
    dpp_trust_free(t);
    /* in the future */
    attest_at(f, NOW + 3600);
    assert_int_equal(issue_and_verify(f, &f->p, f->trust), DPP_ERR_ATTESTATION_TIME);
    assert_non_null(strstr(f->rep.diag.msg, "later than the validation time"));
    /* the time is signed: changing it breaks the signature */
    attest_at(f, NOW - 3000);
    f->att[f->att_len - 1] ^= 1;
    assert_int_equal(forge_and_verify(f, &f->p, f->att, f->att_len), DPP_ERR_ATTESTATION_SIGNATURE);
    assert_int_equal(dpp_attest_at(&f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH, -1, NULL, 0,
                                   &len, NULL),
                     DPP_ERR_INVALID_ARG);
}

static void attester_scope_window_revocation(void **state)
{
    fx *f = *state;
    uint8_t *list;
    size_t len = 0;
    dpp_trust *t;

    /* another manufacturer's key cannot attest */
    list = operator_list(f, body_as_manufacturer, &len);
    t = tfx_trust_with_list(f->op, list, len);
    free(list);
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
    assert_int_equal(issue_and_verify(f, &f->p, t), DPP_ERR_ROLE);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_ROLE);
    assert_non_null(strstr(f->rep.diag.msg, "the role manufacturer may not attest footprint"));
    dpp_trust_free(t);

    /* out of scope by claim */
    list = operator_list(f, body_certs_only, &len);
    t = tfx_trust_with_list(f->op, list, len);
    free(list);
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
    assert_int_equal(issue_and_verify(f, &f->p, t), DPP_ERR_SCOPE);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_SCOPE);
    assert_non_null(strstr(f->rep.diag.msg, "footprint outside its scope"));
    /* a single certification is inside a "certifications" scope */
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATION_0 + 1), DPP_BINDING_BATCH);
    if (issue_and_verify(f, &f->p, t) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_CERTIFICATION_0 + 1), 0);
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_CERTIFICATION_0), -1);
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_CERTIFICATIONS), -1);
    /* the whole list covers each certification */
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATIONS), DPP_BINDING_BATCH);
    assert_int_equal(issue_and_verify(f, &f->p, t), DPP_OK);
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_CERTIFICATION_0), 0);
    assert_true(f->v.claims_attested & DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATION_0));
    dpp_trust_free(t);

    /* out of scope by product */
    list = operator_list(f, body_other_prefix, &len);
    t = tfx_trust_with_list(f->op, list, len);
    free(list);
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
    assert_int_equal(issue_and_verify(f, &f->p, t), DPP_ERR_SCOPE);
    assert_non_null(strstr(f->rep.diag.msg, "GTIN"));
    dpp_trust_free(t);

    /* the body's entry expired before the passport was signed */
    list = operator_list(f, body_expired, &len);
    t = tfx_trust_with_list(f->op, list, len);
    free(list);
    assert_int_equal(issue_and_verify(f, &f->p, t), DPP_ERR_SIGNER_NOT_VALID);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_SIGNER_NOT_VALID);
    assert_non_null(strstr(f->rep.diag.msg, "TUV Example"));
    dpp_trust_free(t);

    /* the body's key revoked */
    {
        dpp_revlist *rl = NULL;
        dpp_revocation r;
        uint8_t *rb;
        size_t rlen = 0;
        dpp_list_policy pol = {NOW, 0, 0};
        memset(&r, 0, sizeof r);
        r.kind = DPP_REVOKED_KEY;
        dpp_key_kid(f->body, r.kid);
        r.reason = DPP_REASON_WITHDRAWN;
        r.date = 20000;
        assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
        assert_int_equal(dpp_revlist_add(rl, &r, NULL), DPP_OK);
        rb = tfx_sign_revlist(rl, f->op, 1, NOW - 10, NOW + 3600, &rlen);
        list = operator_list(f, NULL, &len);
        t = tfx_trust_with_list(f->op, list, len);
        assert_int_equal(dpp_trust_load_revocations(t, rb, rlen, &pol, NULL, NULL), DPP_OK);
        assert_int_equal(issue_and_verify(f, &f->p, t), DPP_ERR_REVOKED);
        tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_REVOKED);
        assert_true(f->rep.revoked);
        assert_int_equal(f->rep.revocation.reason, DPP_REASON_WITHDRAWN);
        assert_non_null(strstr(f->rep.diag.msg, "attester key"));
        assert_int_equal(f->rep.status[DPP_CHECK_REVOCATION], DPP_CHECK_PASS);
        dpp_trust_free(t);
        dpp_revlist_free(rl);
        free(rb);
        free(list);
    }

    /* a pinned key may attest anything (pinned-key mode) */
    t = fx_trust(f->maker);
    assert_int_equal(dpp_trust_add_key(t, f->body), DPP_OK);
    attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_CBAM) | DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
    if (issue_and_verify(f, &f->p, t) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    assert_int_equal(f->v.attesters[0].source, DPP_SOURCE_PINNED);
    assert_int_equal(f->v.attesters[0].role, DPP_ROLE_ANY);
    assert_int_equal(f->rep.status[DPP_CHECK_ATTESTATION], DPP_CHECK_PASS);
    /* ... but never its own passport: that is not a third party */
    attest(f, &f->p, f->maker, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
    assert_int_equal(issue_and_verify(f, &f->p, t), DPP_ERR_ROLE);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_ROLE);
    assert_non_null(strstr(f->rep.diag.msg, "own key"));
    dpp_trust_free(t);

    /* an attester pinned by certificate: its validity is checked at the validation time */
    {
        char pem[8192];
        size_t n = 0;
        t = fx_trust(f->maker);
        assert_int_equal(dpp_key_self_signed_cert(f->body, "TUV Example", NOW - 1000, NOW + 1000, pem, sizeof pem, &n,
                                                  NULL),
                         DPP_OK);
        assert_int_equal(dpp_trust_add_bytes(t, (const uint8_t *)pem, n, NULL), DPP_OK);
        attest(f, &f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
        assert_int_equal(issue_and_verify(f, &f->p, t), DPP_OK);
        assert_int_equal(dpp_verify(f->text, f->text_len, t, NOW + 1001, &f->v, &f->rep), DPP_ERR_KEY_NOT_VALID);
        tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_ATTESTATION, DPP_ERR_KEY_NOT_VALID);
        assert_non_null(strstr(f->rep.diag.msg, "attester certificate"));
        dpp_trust_free(t);
    }
}

/* Several attestations by different parties, and malformed ones. */
static void several_and_malformed(void **state)
{
    fx *f = *state;
    uint8_t a1[ATT_MAX], a2[ATT_MAX];
    size_t l1 = 0, l2 = 0;
    dpp_bytes atts[2];
    dpp_diag d;
    assert_int_equal(dpp_attest(&f->p, f->body,
                                DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT) | DPP_CLAIM_BIT(DPP_CLAIM_MATERIALS),
                                DPP_BINDING_BATCH, a1, sizeof a1, &l1, &d),
                     DPP_OK);
    assert_int_equal(dpp_attest(&f->p, f->cbamv, DPP_CLAIM_BIT(DPP_CLAIM_CBAM), DPP_BINDING_PRODUCT, a2, sizeof a2,
                                &l2, &d),
                     DPP_OK);
    atts[0].ptr = a1;
    atts[0].len = l1;
    atts[1].ptr = a2;
    atts[1].len = l2;
    tfx_encode(&f->p, f->maker, NOW - 100, atts, 2, f->text, sizeof f->text, &f->text_len);
    if (dpp_verify(f->text, f->text_len, f->trust, NOW, &f->v, &f->rep) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_FOOTPRINT), 0);
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_MATERIALS), 0);
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_CBAM), 1);
    assert_string_equal(f->v.attesters[1].party.name, "CBAM Verify GmbH");
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_IDENTITY), -1);
    assert_int_equal(dpp_claim_attested_by(&f->v, 99), -1);
    assert_int_equal(dpp_claim_attested_by(NULL, DPP_CLAIM_CBAM), -1);

    /* the second one broken: reported with its index */
    a2[l2 - 1] ^= 1;
    tfx_encode(&f->p, f->maker, NOW - 100, atts, 2, f->text, sizeof f->text, &f->text_len);
    assert_int_equal(dpp_verify(f->text, f->text_len, f->trust, NOW, &f->v, &f->rep), DPP_ERR_ATTESTATION_SIGNATURE);
    assert_int_equal(f->rep.failed_attestation, 1);
    assert_non_null(strstr(f->rep.diag.msg, "attestation 1"));

    /* malformed attestations are claim errors */
    {
        static const struct {
            const char *cbor;
            size_t len;
            const char *needle;
        } bad[] = {
            {"\x83\x81\x0c\x01\x44\x00\x00\x00\x00", 9, "array"},
            {"\x84\x80\x01\x44\x00\x00\x00\x00\x80", 9, "claims"},
            {"\x84\x81\x02\x01\x44\x00\x00\x00\x00\x80", 10, "not a claim id"},
            {"\x84\x82\x0c\x0b\x01\x44\x00\x00\x00\x00\x80", 11, "increasing"},
            {"\x84\x81\x0c\x04\x44\x00\x00\x00\x00\x80", 10, "binding"},
            {"\x84\x81\x0c\x01\x43\x00\x00\x00\x80", 9, "4-byte"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            assert_int_equal(forge_and_verify(f, &f->p, (const uint8_t *)bad[i].cbor, bad[i].len), DPP_ERR_CWT_CLAIMS);
            tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_CLAIMS, DPP_ERR_CWT_CLAIMS);
            if (strstr(f->rep.diag.msg, bad[i].needle) == NULL)
                fail_msg("case %zu: '%s' not in '%s'", i, bad[i].needle, f->rep.diag.msg);
        }
        /* a tagged signature, a signature without alg or without kid */
        {
            uint8_t x[ATT_MAX];
            cw_writer w;
            static const uint8_t sig64[64];
            for (int c = 0; c < 3; c++) {
                dpp_cw_init(&w, x, sizeof x);
                dpp_cw_raw(&w, "\x84\x81\x0c\x01\x44\x00\x00\x00\x00", 9);
                if (c == 0) dpp_cw_tag(&w, 18);
                dpp_cw_array(&w, 4);
                if (c == 0) dpp_cw_bstr(&w, "\xa2\x01\x26\x04\x48\x01\x02\x03\x04\x05\x06\x07\x08", 13);
                if (c == 1) dpp_cw_bstr(&w, "\xa1\x04\x48\x01\x02\x03\x04\x05\x06\x07\x08", 11);
                if (c == 2) dpp_cw_bstr(&w, "\xa1\x01\x26", 3);
                dpp_cw_map(&w, 0);
                dpp_cw_null(&w);
                dpp_cw_bstr(&w, sig64, sizeof sig64);
                assert_int_equal(dpp_cw_err(&w), DPP_OK);
                assert_int_equal(forge_and_verify(f, &f->p, x, w.len), DPP_ERR_CWT_CLAIMS);
                assert_non_null(strstr(f->rep.diag.msg, c == 0 ? "untagged" : c == 1 ? "needs alg" : "8-byte kid"));
            }
        }
        /* an attached payload instead of nil */
        {
            uint8_t x[ATT_MAX];
            size_t n;
            memcpy(x, a1, l1);
            /* find the nil (f6) before the signature bstr (58 40) */
            for (n = l1 - 67; n > 0 && x[n] != 0xf6; n--) {
            }
            assert_int_equal(x[n], 0xf6);
            x[n] = 0x40; /* empty bstr */
            assert_int_equal(forge_and_verify(f, &f->p, x, l1), DPP_ERR_CWT_CLAIMS);
            assert_non_null(strstr(f->rep.diag.msg, "nil payload"));
        }
    }
    /* too many attestations */
    {
        dpp_encode_ex_opts o;
        size_t n = 0;
        memset(&o, 0, sizeof o);
        o.base.iat = NOW;
        o.n_attestations = DPP_MAX_ATTESTATIONS + 1;
        assert_int_equal(dpp_encode_ex(&f->p, f->maker, &o, f->text, sizeof f->text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
        o.n_attestations = 1;
        assert_int_equal(dpp_encode_ex(&f->p, f->maker, &o, f->text, sizeof f->text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
        assert_non_null(strstr(d.msg, "empty"));
        assert_int_equal(dpp_encode_ex(&f->p, f->maker, NULL, f->text, sizeof f->text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    }
}

static void attest_arguments(void **state)
{
    fx *f = *state;
    dpp_passport *q = malloc(sizeof *q);
    size_t n = 0;
    dpp_diag d;
    dpp_key *pub = NULL;
    char pem[512];
    assert_int_equal(dpp_attest(&f->p, f->body, 0, DPP_BINDING_BATCH, f->att, sizeof f->att, &n, &d),
                     DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_attest(&f->p, f->body, DPP_CLAIM_BIT(2), DPP_BINDING_BATCH, f->att, sizeof f->att, &n, &d),
                     DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_attest(&f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), (dpp_binding)4, f->att,
                                sizeof f->att, &n, &d),
                     DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_attest(NULL, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH, f->att,
                                sizeof f->att, &n, &d),
                     DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_attest(&f->p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH, f->att, 10, &n,
                                &d),
                     DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(dpp_key_public_pem(f->body, pem, sizeof pem, &n), DPP_OK);
    assert_int_equal(dpp_key_load((const uint8_t *)pem, n, &pub, NULL), DPP_OK);
    assert_int_equal(dpp_attest(&f->p, pub, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH, f->att,
                                sizeof f->att, &n, &d),
                     DPP_ERR_KEY_NOT_PRIVATE);
    dpp_key_free(pub);
    *q = f->p;
    q->has_cbam = false;
    assert_int_equal(dpp_attest(q, f->cbamv, DPP_CLAIM_BIT(DPP_CLAIM_CBAM), DPP_BINDING_BATCH, f->att, sizeof f->att,
                                &n, &d),
                     DPP_ERR_ATTESTATION_CLAIM);
    assert_non_null(strstr(d.msg, "cbam"));
    q->batch[0] = '\0';
    assert_int_equal(dpp_attest(q, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH, f->att,
                                sizeof f->att, &n, &d),
                     DPP_ERR_ATTESTATION_PRODUCT);
    *q = f->p;
    q->gtin[13] = q->gtin[13] == '0' ? '1' : '0';
    assert_int_equal(dpp_attest(q, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH, f->att,
                                sizeof f->att, &n, &d),
                     DPP_ERR_SCHEMA_CHECK_DIGIT);
    /* every algorithm, every claim at once, within DPP_MAX_ATTESTATION_LEN */
    {
        const dpp_alg algs[] = {DPP_ALG_ES256, DPP_ALG_ES384, DPP_ALG_EDDSA, DPP_ALG_PS256};
        for (size_t i = 0; i < 4; i++) {
            dpp_key *k = fx_key(algs[i]);
            size_t need = 0;
            assert_int_equal(dpp_attest(&f->p, k, dpp_passport_claim_mask(&f->p), DPP_BINDING_PASSPORT, NULL, 0,
                                        &need, &d),
                             DPP_OK);
            assert_true(need <= DPP_MAX_ATTESTATION_LEN);
            printf("# attestation, %s, all %d claims: %zu bytes\n", dpp_alg_name(algs[i]),
                   __builtin_popcount(dpp_passport_claim_mask(&f->p)), need);
            dpp_key_free(k);
        }
    }
    free(q);
}

/*
 * What one ES256 attestation adds to the QR of examples/passport.json
 * (spec/trust.md 5.4).
 */
static void qr_size_of_one_attestation(void **state)
{
    fx *f = *state;
    dpp_passport *p = malloc(sizeof *p);
    dpp_qr *qr = malloc(sizeof *qr);
    char *json;
    size_t jlen = 0, n0 = 0, n1 = 0;
    dpp_encode_sizes s0, s1;
    dpp_encode_ex_opts o;
    int v0, v1;
    dpp_diag d;
    char *t0 = malloc(DPP_MAX_TEXT_LEN + 1), *t1 = malloc(DPP_MAX_TEXT_LEN + 1);

    json = fx_read_file("examples/passport.json", &jlen);
    assert_int_equal(dpp_passport_from_json(json, jlen, p, &d), DPP_OK);
    free(json);
    memset(&o, 0, sizeof o);
    o.base.iat = NOW - 100;
    o.base.compress = DPP_COMPRESS_AUTO;
    assert_int_equal(dpp_encode_ex(p, f->maker, &o, t0, DPP_MAX_TEXT_LEN + 1, &n0, &s0, &d), DPP_OK);
    assert_int_equal(dpp_qr_encode(t0, n0, DPP_ECC_M, qr, &d), DPP_OK);
    v0 = qr->version;
    attest(f, p, f->body, DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT), DPP_BINDING_BATCH);
    o.n_attestations = 1;
    o.attestations[0].ptr = f->att;
    o.attestations[0].len = f->att_len;
    assert_int_equal(dpp_encode_ex(p, f->maker, &o, t1, DPP_MAX_TEXT_LEN + 1, &n1, &s1, &d), DPP_OK);
    assert_int_equal(dpp_qr_encode(t1, n1, DPP_ECC_M, qr, &d), DPP_OK);
    v1 = qr->version;
    /* [[12], 1, h'<tag:4>', [h'A201260448<kid:8>', {}, nil, h'<sig:64>']]:
     * 1 + 2 + 1 + 5 + (1 + 14 + 1 + 1 + 66) = 92 bytes; claim key (3) and array head (1): +4 */
    assert_int_equal(f->att_len, 92);
    assert_int_equal(s1.claims - s0.claims, f->att_len + 4);
    assert_int_equal(s1.cose - s0.cose, s1.claims - s0.claims + (s1.claims >= 256 && s0.claims < 256 ? 1 : 0));
    assert_true(v1 >= v0);
    printf("# examples/passport.json, ES256: without attestation %zu B COSE, %zu chars, QR v%d-M; "
           "with one ES256 footprint attestation %zu B COSE (+%zu), %zu chars (+%zu), QR v%d-M\n",
           s0.cose, n0, v0, s1.cose, s1.cose - s0.cose, n1, n1 - n0, v1);
    /* it verifies */
    assert_int_equal(dpp_verify(t1, n1, f->trust, NOW, &f->v, &f->rep), DPP_OK);
    assert_int_equal(dpp_claim_attested_by(&f->v, DPP_CLAIM_FOOTPRINT), 0);
    free(p);
    free(qr);
    free(t0);
    free(t1);
}

static void full_document_link(void **state)
{
    fx *f = *state;
    static const char doc[] = "{\"full\": \"passport document, as served at the link\"}";
    dpp_encode_ex_opts o;
    dpp_diag d;
    size_t n = 0;
    char hex[65];

    memset(&o, 0, sizeof o);
    o.base.iat = NOW - 100;
    o.link_uri = "https://id.example.com/01/06948251000018/10/H25-03147";
    o.has_link_sha256 = true;
    assert_int_equal(dpp_sha256((const uint8_t *)doc, sizeof doc - 1, o.link_sha256), DPP_OK);
    assert_int_equal(dpp_encode_ex(&f->p, f->maker, &o, f->text, sizeof f->text, &n, NULL, &d), DPP_OK);
    if (dpp_verify(f->text, n, f->trust, NOW, &f->v, &f->rep) != DPP_OK) fail_msg("%s", f->rep.diag.msg);
    assert_true(f->v.claims.has_link);
    assert_string_equal(f->v.claims.link_uri, o.link_uri);
    assert_true(f->v.claims.has_link_sha256);
    assert_memory_equal(f->v.claims.link_sha256, o.link_sha256, 32);
    assert_int_equal(dpp_verify_full_document(&f->v, (const uint8_t *)doc, sizeof doc - 1, &d), DPP_OK);
    /* one byte different */
    assert_int_equal(dpp_verify_full_document(&f->v, (const uint8_t *)doc, sizeof doc - 2, &d),
                     DPP_ERR_DOCUMENT_MISMATCH);
    tfx_hex(o.link_sha256, 32, hex);
    assert_non_null(strstr(d.msg, hex));
    /* SHA-256 of "abc" (FIPS 180-2) */
    {
        uint8_t h[32];
        assert_int_equal(dpp_sha256((const uint8_t *)"abc", 3, h), DPP_OK);
        tfx_hex(h, 32, hex);
        assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_int_equal(dpp_sha256(NULL, 1, h), DPP_ERR_INVALID_ARG);
    }
    /* inspect shows the link too */
    {
        dpp_unverified *u = calloc(1, sizeof *u);
        assert_int_equal(dpp_inspect(f->text, n, u, NULL), DPP_OK);
        assert_string_equal(u->claims_unverified.link_uri, o.link_uri);
        free(u);
    }
    /* a link without a digest */
    o.has_link_sha256 = false;
    assert_int_equal(dpp_encode_ex(&f->p, f->maker, &o, f->text, sizeof f->text, &n, NULL, &d), DPP_OK);
    assert_int_equal(dpp_verify(f->text, n, f->trust, NOW, &f->v, &f->rep), DPP_OK);
    assert_true(f->v.claims.has_link);
    assert_false(f->v.claims.has_link_sha256);
    assert_int_equal(dpp_verify_full_document(&f->v, (const uint8_t *)doc, sizeof doc - 1, &d), DPP_ERR_LINK_MISSING);
    assert_int_equal(dpp_verify_full_document(NULL, (const uint8_t *)doc, sizeof doc - 1, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_verify_full_document(&f->v, NULL, 1, &d), DPP_ERR_INVALID_ARG);
    /* bad options */
    o.link_uri = "";
    assert_int_equal(dpp_encode_ex(&f->p, f->maker, &o, f->text, sizeof f->text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    o.link_uri = "https://x/\n";
    assert_int_equal(dpp_encode_ex(&f->p, f->maker, &o, f->text, sizeof f->text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    o.link_uri = NULL;
    o.has_link_sha256 = true;
    assert_int_equal(dpp_encode_ex(&f->p, f->maker, &o, f->text, sizeof f->text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    /* no trust-layer options: the same bytes as dpp_encode (EdDSA is deterministic) */
    {
        dpp_key *ed = fx_key(DPP_ALG_EDDSA);
        char a[DPP_MAX_TEXT_LEN + 1], b[DPP_MAX_TEXT_LEN + 1];
        size_t na = 0, nb = 0;
        memset(&o, 0, sizeof o);
        o.base.iat = NOW;
        assert_int_equal(dpp_encode(&f->p, ed, &o.base, a, sizeof a, &na, NULL, &d), DPP_OK);
        assert_int_equal(dpp_encode_ex(&f->p, ed, &o, b, sizeof b, &nb, NULL, &d), DPP_OK);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        dpp_key_free(ed);
    }
    /* a malformed link claim */
    {
        uint8_t claims[DPP_MAX_COSE_LEN];
        cw_writer w;
        dpp_cw_init(&w, claims, sizeof claims);
        dpp_cw_map(&w, 3);
        dpp_cw_uint(&w, 6);
        dpp_cw_uint(&w, (uint64_t)NOW - 100);
        dpp_cw_int(&w, -262);
        dpp_passport_write(&w, &f->p);
        dpp_cw_int(&w, -264);
        dpp_cw_array(&w, 2);
        dpp_cw_cstr(&w, "https://x");
        dpp_cw_bstr(&w, "short", 5);
        f->text_len = tfx_sign_claims(f->maker, claims, w.len, f->text, sizeof f->text);
        assert_int_equal(dpp_verify(f->text, f->text_len, f->trust, NOW, &f->v, &f->rep), DPP_ERR_CWT_CLAIMS);
        assert_non_null(strstr(f->rep.diag.msg, "32-byte"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(end_to_end),
        cmocka_unit_test(attested_figure_changed),
        cmocka_unit_test(attestation_moved_to_another_product),
        cmocka_unit_test(attester_rejections),
        cmocka_unit_test(attester_scope_window_revocation),
        cmocka_unit_test(attestation_signing_time),
        cmocka_unit_test(several_and_malformed),
        cmocka_unit_test(attest_arguments),
        cmocka_unit_test(qr_size_of_one_attestation),
        cmocka_unit_test(full_document_link),
    };
    return cmocka_run_group_tests_name("dpp_attest", tests, setup, teardown);
}
