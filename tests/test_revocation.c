/* Signed revocation lists: build, sign, parse, load; revoked kid, passport
 * and batch reported as DPP_ERR_REVOKED with reason and date; the dated
 * reasons (superseded, cessation); list rejections; the size of 100,000
 * entries. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "cbor_write.h"
#include "fixtures.h"
#include "signed_list.h"
#include "trustfx.h"

#define NOW TFX_NOW
#define DAY 86400

typedef struct fx {
    dpp_key *op, *op2, *maker;
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
    free(f);
    return 0;
}

static dpp_revocation rev_kid(const dpp_key *k, dpp_revocation_reason reason, dpp_date date)
{
    dpp_revocation r;
    memset(&r, 0, sizeof r);
    r.kind = DPP_REVOKED_KEY;
    dpp_key_kid(k, r.kid);
    r.reason = reason;
    r.date = date;
    return r;
}

static dpp_revocation rev_id(const uint8_t id[16], dpp_revocation_reason reason, dpp_date date)
{
    dpp_revocation r;
    memset(&r, 0, sizeof r);
    r.kind = DPP_REVOKED_PASSPORT;
    memcpy(r.passport_id, id, 16);
    r.reason = reason;
    r.date = date;
    return r;
}

static dpp_revocation rev_batch(const char *gtin, const char *batch, dpp_revocation_reason reason, dpp_date date)
{
    dpp_revocation r;
    memset(&r, 0, sizeof r);
    r.kind = DPP_REVOKED_BATCH;
    snprintf(r.gtin, sizeof r.gtin, "%s", gtin);
    snprintf(r.batch, sizeof r.batch, "%s", batch);
    r.reason = reason;
    r.date = date;
    return r;
}

/* A store pinning f->op, trusting the maker (pinned), with revocation list rl. */
static dpp_trust *store_with(const fx *f, const dpp_revlist *rl)
{
    dpp_trust *t = fx_trust(f->maker);
    size_t len = 0;
    uint8_t *list = tfx_sign_revlist(rl, f->op, 3, NOW - 10, NOW + 3600, &len);
    dpp_list_policy pol = {NOW, 0, 0};
    dpp_list_info info;
    dpp_diag d;
    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
    if (dpp_trust_load_revocations(t, list, len, &pol, &info, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_int_equal(info.sequence, 3);
    assert_int_equal(info.n_entries, dpp_revlist_count(rl));
    free(list);
    return t;
}

static dpp_err verify(fx *f, const dpp_trust *t)
{
    return dpp_verify(f->text, f->text_len, t, NOW, &f->v, &f->rep);
}

static void round_trip_sorted(void **state)
{
    fx *f = *state;
    dpp_revlist *rl = NULL, *back = NULL;
    uint8_t ids[3][16];
    dpp_revocation r, g;
    size_t len = 0;
    uint8_t *list;
    dpp_list_info info;
    dpp_diag d;
    memset(ids, 0, sizeof ids);
    ids[0][0] = 9;
    ids[1][0] = 1;
    ids[2][0] = 5;
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    for (int i = 0; i < 3; i++) {
        r = rev_id(ids[i], DPP_REASON_RECALL, (dpp_date)(20000 + i));
        assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    }
    r = rev_kid(f->maker, DPP_REASON_KEY_COMPROMISE, 20100);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    r = rev_batch("06948251000018", "H25-03147", DPP_REASON_FRAUD, 20200);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    r = rev_batch("6948251000018", "A1", DPP_REASON_RECALL, 20201); /* GTIN-13: normalised */
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    assert_int_equal(dpp_revlist_count(rl), 6);
    /* re-adding replaces reason and date */
    r = rev_id(ids[1], DPP_REASON_WITHDRAWN, 20300);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    assert_int_equal(dpp_revlist_count(rl), 6);

    /* order: kids, passports (sorted by id), batches (by GTIN, batch length, bytes) */
    assert_int_equal(dpp_revlist_get(rl, 0, &g), DPP_OK);
    assert_int_equal(g.kind, DPP_REVOKED_KEY);
    assert_int_equal(g.reason, DPP_REASON_KEY_COMPROMISE);
    assert_int_equal(g.date, 20100);
    assert_int_equal(dpp_revlist_get(rl, 1, &g), DPP_OK);
    assert_int_equal(g.kind, DPP_REVOKED_PASSPORT);
    assert_int_equal(g.passport_id[0], 1);
    assert_int_equal(g.reason, DPP_REASON_WITHDRAWN);
    assert_int_equal(g.date, 20300);
    assert_int_equal(dpp_revlist_get(rl, 3, &g), DPP_OK);
    assert_int_equal(g.passport_id[0], 9);
    assert_int_equal(dpp_revlist_get(rl, 4, &g), DPP_OK);
    assert_int_equal(g.kind, DPP_REVOKED_BATCH);
    assert_string_equal(g.batch, "A1");
    assert_string_equal(g.gtin, "06948251000018");
    assert_int_equal(dpp_revlist_get(rl, 5, &g), DPP_OK);
    assert_string_equal(g.batch, "H25-03147");
    assert_int_equal(g.reason, DPP_REASON_FRAUD);
    assert_int_equal(dpp_revlist_get(rl, 6, &g), DPP_ERR_INVALID_ARG);

    list = tfx_sign_revlist(rl, f->op, 4, NOW - 10, NOW + 3600, &len);
    assert_int_equal(dpp_revlist_parse(list, len, f->op, NULL, &back, &info, &d), DPP_OK);
    assert_int_equal(info.n_entries, 6);
    assert_int_equal(info.sequence, 4);
    for (size_t i = 0; i < 6; i++) {
        dpp_revocation a, b;
        assert_int_equal(dpp_revlist_get(rl, i, &a), DPP_OK);
        assert_int_equal(dpp_revlist_get(back, i, &b), DPP_OK);
        assert_memory_equal(&a, &b, sizeof a);
    }
    /* deterministic: re-signing the parsed list gives the same bytes */
    {
        size_t len2 = 0;
        uint8_t *again = tfx_sign_revlist(back, f->op, 4, NOW - 10, NOW + 3600, &len2);
        assert_int_equal(len, len2);
        assert_memory_equal(list, again, len);
        free(again);
    }
    dpp_revlist_free(back);
    back = NULL;
    assert_int_equal(dpp_revlist_parse(list, len, f->op2, NULL, &back, &info, &d), DPP_ERR_LIST_UNPINNED);
    assert_int_equal(dpp_revlist_inspect(list, len, &back, &info, &d), DPP_OK);
    assert_int_equal(dpp_revlist_count(back), 6);

    /* remove */
    r = rev_id(ids[2], DPP_REASON_UNSPECIFIED, 0);
    assert_int_equal(dpp_revlist_remove(rl, &r), DPP_OK);
    assert_int_equal(dpp_revlist_remove(rl, &r), DPP_ERR_NOT_FOUND);
    r = rev_batch("06948251000018", "A1", DPP_REASON_UNSPECIFIED, 0);
    assert_int_equal(dpp_revlist_remove(rl, &r), DPP_OK);
    assert_int_equal(dpp_revlist_remove(rl, &r), DPP_ERR_NOT_FOUND);
    r = rev_kid(f->maker, DPP_REASON_UNSPECIFIED, 0);
    assert_int_equal(dpp_revlist_remove(rl, &r), DPP_OK);
    assert_int_equal(dpp_revlist_count(rl), 3);

    /* invalid revocations */
    r = rev_batch("06948251000019", "A1", DPP_REASON_RECALL, 1);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "gtin"));
    r = rev_batch("06948251000018", "A 1", DPP_REASON_RECALL, 1);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "batch"));
    r = rev_id(ids[0], (dpp_revocation_reason)7, 1);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "reason"));
    r = rev_id(ids[0], DPP_REASON_RECALL, 65536);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "date"));
    r.kind = (dpp_revocation_kind)0;
    r.date = 1;
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "kind"));

    assert_string_equal(dpp_revocation_reason_name(DPP_REASON_KEY_COMPROMISE), "key-compromise");
    assert_null(dpp_revocation_reason_name((dpp_revocation_reason)42));
    {
        dpp_revocation_reason rr;
        assert_int_equal(dpp_revocation_reason_from_name("recall", &rr), DPP_OK);
        assert_int_equal(rr, DPP_REASON_RECALL);
        assert_int_equal(dpp_revocation_reason_from_name("oops", &rr), DPP_ERR_INVALID_ARG);
    }
    assert_string_equal(dpp_revocation_kind_name(DPP_REVOKED_BATCH), "batch");
    dpp_revlist_free(rl);
    dpp_revlist_free(back);
    free(list);
}

static void verification_reports_revoked(void **state)
{
    fx *f = *state;
    dpp_revlist *rl = NULL;
    dpp_revocation r;
    dpp_trust *t;
    dpp_diag d;
    uint8_t other[16] = {1, 2, 3};

    /* a list that revokes something else: the check passes */
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    r = rev_id(other, DPP_REASON_RECALL, 20000);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    t = store_with(f, rl);
    assert_int_equal(verify(f, t), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_REVOCATION], DPP_CHECK_PASS);
    assert_false(f->rep.revoked);
    dpp_trust_free(t);

    /* revoked passport */
    r = rev_id(f->p.id, DPP_REASON_RECALL, 20300);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    t = store_with(f, rl);
    assert_int_equal(verify(f, t), DPP_ERR_REVOKED);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_REVOCATION, DPP_ERR_REVOKED);
    assert_true(f->rep.revoked);
    assert_int_equal(f->rep.revocation.kind, DPP_REVOKED_PASSPORT);
    assert_int_equal(f->rep.revocation.reason, DPP_REASON_RECALL);
    assert_int_equal(f->rep.revocation.date, 20300);
    assert_memory_equal(f->rep.revocation.passport_id, f->p.id, 16);
    assert_non_null(strstr(f->rep.diag.msg, "passport revoked on 2025-07-31, reason: recall"));
    dpp_trust_free(t);
    assert_int_equal(dpp_revlist_remove(rl, &r), DPP_OK);

    /* revoked batch */
    r = rev_batch(f->p.gtin, f->p.batch, DPP_REASON_FRAUD, 20100);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    t = store_with(f, rl);
    assert_int_equal(verify(f, t), DPP_ERR_REVOKED);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_REVOCATION, DPP_ERR_REVOKED);
    assert_int_equal(f->rep.revocation.kind, DPP_REVOKED_BATCH);
    assert_string_equal(f->rep.revocation.batch, f->p.batch);
    assert_string_equal(f->rep.revocation.gtin, f->p.gtin);
    assert_int_equal(f->rep.revocation.reason, DPP_REASON_FRAUD);
    assert_non_null(strstr(f->rep.diag.msg, "fraud"));
    assert_non_null(strstr(f->rep.diag.msg, f->p.batch));
    /* the public lookup finds the same */
    {
        dpp_revocation found;
        assert_int_equal(dpp_trust_find_revocation(t, &r, &found), DPP_OK);
        assert_int_equal(found.reason, DPP_REASON_FRAUD);
        r = rev_batch(f->p.gtin, "OTHER", DPP_REASON_FRAUD, 0);
        assert_int_equal(dpp_trust_find_revocation(t, &r, &found), DPP_ERR_NOT_FOUND);
    }
    dpp_trust_free(t);
    r = rev_batch(f->p.gtin, f->p.batch, DPP_REASON_FRAUD, 0);
    assert_int_equal(dpp_revlist_remove(rl, &r), DPP_OK);

    /* revoked signer key: key compromise rejects whatever the date */
    r = rev_kid(f->maker, DPP_REASON_KEY_COMPROMISE, 30000); /* a date after the passport */
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    t = store_with(f, rl);
    assert_int_equal(verify(f, t), DPP_ERR_REVOKED);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_REVOCATION, DPP_ERR_REVOKED);
    assert_int_equal(f->rep.revocation.kind, DPP_REVOKED_KEY);
    assert_int_equal(f->rep.revocation.reason, DPP_REASON_KEY_COMPROMISE);
    assert_non_null(strstr(f->rep.diag.msg, "signer key"));
    dpp_trust_free(t);

    /* superseded: passports signed before the date stay valid */
    r = rev_kid(f->maker, DPP_REASON_SUPERSEDED, (dpp_date)(NOW / DAY + 1));
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    t = store_with(f, rl);
    assert_int_equal(verify(f, t), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_REVOCATION], DPP_CHECK_PASS);
    dpp_trust_free(t);
    r = rev_kid(f->maker, DPP_REASON_CESSATION, (dpp_date)((NOW - 100) / DAY));
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    t = store_with(f, rl);
    assert_int_equal(verify(f, t), DPP_ERR_REVOKED);
    assert_int_equal(f->rep.revocation.reason, DPP_REASON_CESSATION);
    dpp_trust_free(t);

    /* no revocation list: the check is skipped */
    t = fx_trust(f->maker);
    assert_int_equal(verify(f, t), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_REVOCATION], DPP_CHECK_SKIPPED);
    assert_int_equal(dpp_trust_find_revocation(t, &r, NULL), DPP_ERR_INVALID_ARG);
    /* dpp_trust_use_revocations with a document */
    assert_int_equal(dpp_trust_use_revocations(t, rl, &d), DPP_OK);
    assert_int_equal(verify(f, t), DPP_ERR_REVOKED);
    dpp_trust_free(t);
    dpp_revlist_free(rl);
}

static void list_rejections(void **state)
{
    fx *f = *state;
    dpp_revlist *rl = NULL;
    dpp_trust *t = fx_trust(f->maker);
    dpp_list_policy pol = {NOW, 0, 0};
    size_t len = 0, olen = 0;
    uint8_t *list, *other;
    dpp_diag d;
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    list = tfx_sign_revlist(rl, f->op, 8, NOW - 10, NOW + 3600, &len);
    other = tfx_sign_revlist(rl, f->op2, 8, NOW - 10, NOW + 3600, &olen);
    assert_int_equal(dpp_trust_load_revocations(t, list, len, &pol, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
    assert_int_equal(dpp_trust_load_revocations(t, other, olen, &pol, NULL, &d), DPP_ERR_LIST_UNPINNED);
    pol.min_sequence = 9;
    assert_int_equal(dpp_trust_load_revocations(t, list, len, &pol, NULL, &d), DPP_ERR_LIST_ROLLBACK);
    pol.min_sequence = 0;
    pol.now = NOW + 3601;
    assert_int_equal(dpp_trust_load_revocations(t, list, len, &pol, NULL, &d), DPP_ERR_LIST_STALE);
    pol.now = NOW;
    list[len - 1] ^= 1; /* signature */
    assert_int_equal(dpp_trust_load_revocations(t, list, len, &pol, NULL, &d), DPP_ERR_SIGNATURE);
    list[len - 1] ^= 1;
    /* a trust list is not a revocation list */
    {
        dpp_trustlist *tl = NULL;
        size_t tlen = 0;
        uint8_t *tlb;
        assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
        tlb = tfx_sign_list(tl, f->op, 1, NOW - 10, NOW + 3600, &tlen);
        assert_int_equal(dpp_trust_load_revocations(t, tlb, tlen, &pol, NULL, &d), DPP_ERR_LIST_FORMAT);
        assert_non_null(strstr(d.msg, "trust list, not a revocation list"));
        dpp_trustlist_free(tl);
        free(tlb);
    }
    /* none of the failures installed a list */
    assert_int_equal(verify(f, t), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_REVOCATION], DPP_CHECK_SKIPPED);
    assert_int_equal(dpp_trust_load_revocations(t, list, len, &pol, NULL, &d), DPP_OK);
    assert_int_equal(verify(f, t), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_REVOCATION], DPP_CHECK_PASS);
    dpp_trust_free(t);
    dpp_revlist_free(rl);
    free(list);
    free(other);
}

/* Lists signed by the operator whose sections break the rules. */
static void format_errors(void **state)
{
    fx *f = *state;
    dpp_trust *t = fx_trust(f->maker);
    dpp_list_policy pol = {NOW, 0, 0};
    uint8_t payload[512], signed_list[1024];
    size_t n = 0;
    dpp_diag d;
    static const struct {
        const char *name;
        uint64_t key;
        const char *body; /* raw CBOR of the value */
        size_t body_len;
        const char *needle;
    } cases[] = {
        {"kid record size", 6, "\x4a" "0123456789", 11, "n x 11"},
        {"kids unsorted", 6, "\x56" "BBBBBBBB\x01\x00\x01" "AAAAAAAA\x01\x00\x01", 23, "not sorted"},
        {"kids repeated", 6, "\x56" "AAAAAAAA\x01\x00\x01" "AAAAAAAA\x01\x00\x01", 23, "not sorted"},
        {"bad reason", 6, "\x4b" "AAAAAAAA\x09\x00\x01", 12, "reason 9"},
        {"empty kids", 6, "\x40", 1, "n >= 1"},
        {"ids record size", 7, "\x4b" "AAAAAAAA\x01\x00\x01", 12, "n x 19"},
        {"batch shape", 8, "\x81\x83\x01\x61\x41\x01", 6, "[gtin, batch, reason, date]"},
        {"batch gtin check digit", 8, "\x81\x84\x1b\x00\x00\x06\x51\xc4\x08\x5c\xd3\x62\x41\x31\x01\x01", 16,
         "check digit"},
        {"batch chars", 8, "\x81\x84\x01\x62\x41\x20\x01\x01", 8, "out of range"},
        {"empty batches", 8, "\x80", 1, "nonempty"},
    };
    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cw_writer w;
        dpp_cw_init(&w, payload, sizeof payload);
        dpp_cw_map(&w, 6);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, 2);
        dpp_cw_uint(&w, 2);
        dpp_cw_uint(&w, 3);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, 4);
        dpp_cw_uint(&w, (uint64_t)NOW - 10);
        dpp_cw_uint(&w, 5);
        dpp_cw_uint(&w, (uint64_t)NOW + 10);
        dpp_cw_uint(&w, cases[i].key);
        dpp_cw_raw(&w, cases[i].body, cases[i].body_len);
        assert_int_equal(dpp_cw_err(&w), DPP_OK);
        assert_int_equal(dpp_list_sign(payload, w.len, DPP_LIST_TYPE_REVOCATION, f->op, signed_list,
                                       sizeof signed_list, &n, &d),
                         DPP_OK);
        if (dpp_trust_load_revocations(t, signed_list, n, &pol, NULL, &d) != DPP_ERR_LIST_FORMAT)
            fail_msg("%s: got %s (%s)", cases[i].name, dpp_err_name(d.err), d.msg);
        if (strstr(d.msg, cases[i].needle) == NULL) fail_msg("%s: '%s' not in '%s'", cases[i].name, cases[i].needle, d.msg);
    }
    dpp_trust_free(t);
}

static void more_errors(void **state)
{
    fx *f = *state;
    dpp_revlist *rl = NULL, *back = NULL;
    dpp_trust *t = fx_trust(f->maker);
    dpp_list_policy pol = {NOW, 0, 0};
    dpp_list_header h = {1, NOW - 10, NOW + 10};
    uint8_t payload[256], signed_list[1024];
    size_t n = 0;
    dpp_revocation r, found;
    dpp_diag d;
    cw_writer w;

    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
    /* a batch added twice keeps one record, with the new reason */
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    r = rev_batch("06948251000018", "B1", DPP_REASON_RECALL, 100);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    r.reason = DPP_REASON_FRAUD;
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    assert_int_equal(dpp_revlist_count(rl), 1);
    assert_int_equal(dpp_revlist_get(rl, 0, &found), DPP_OK);
    assert_int_equal(found.reason, DPP_REASON_FRAUD);
    r = rev_kid(f->op2, DPP_REASON_SUPERSEDED, 200);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    /* a copy into a store (batches and kids), then lookups of each kind */
    assert_int_equal(dpp_trust_use_revocations(t, rl, &d), DPP_OK);
    assert_int_equal(dpp_trust_find_revocation(t, &r, &found), DPP_OK);
    assert_int_equal(found.kind, DPP_REVOKED_KEY);
    assert_int_equal(found.reason, DPP_REASON_SUPERSEDED);
    assert_int_equal(found.date, 200);
    r = rev_kid(f->maker, DPP_REASON_SUPERSEDED, 200);
    assert_int_equal(dpp_trust_find_revocation(t, &r, &found), DPP_ERR_NOT_FOUND);
    r = rev_batch("06948251000018", "B1", DPP_REASON_UNSPECIFIED, 0);
    assert_int_equal(dpp_trust_find_revocation(t, &r, &found), DPP_OK);
    assert_string_equal(found.batch, "B1");
    r.kind = (dpp_revocation_kind)9;
    assert_int_equal(dpp_trust_find_revocation(t, &r, &found), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_revlist_remove(rl, &r), DPP_ERR_INVALID_ARG);
    assert_string_equal(dpp_revocation_kind_name(DPP_REVOKED_KEY), "key");
    assert_string_equal(dpp_revocation_kind_name(DPP_REVOKED_PASSPORT), "passport");
    assert_string_equal(dpp_revocation_kind_name((dpp_revocation_kind)0), "unknown");

    /* signing and parsing arguments */
    assert_int_equal(dpp_revlist_sign(rl, NULL, &h, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    h.sequence = 0;
    assert_int_equal(dpp_revlist_sign(rl, f->op, &h, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    h.sequence = 1;
    {
        dpp_key *pub = NULL;
        char pem[512];
        size_t m = 0;
        assert_int_equal(dpp_key_public_pem(f->op, pem, sizeof pem, &m), DPP_OK);
        assert_int_equal(dpp_key_load((const uint8_t *)pem, m, &pub, NULL), DPP_OK);
        assert_int_equal(dpp_revlist_sign(rl, pub, &h, NULL, 0, &n, &d), DPP_ERR_KEY_NOT_PRIVATE);
        dpp_key_free(pub);
    }
    assert_int_equal(dpp_revlist_sign(rl, f->op, &h, signed_list, 10, &n, &d), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(dpp_revlist_parse(signed_list, 0, NULL, NULL, &back, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_revlist_inspect(signed_list, 0, NULL, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trust_load_revocations(t, signed_list, 0, NULL, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trust_use_revocations(t, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_revlist_get(rl, 99, &found), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_revlist_add(NULL, &r, &d), DPP_ERR_INVALID_ARG);
    dpp_revlist_free(rl);

    /* unknown section, sections out of order, trailing bytes */
    for (int c = 0; c < 3; c++) {
        dpp_cw_init(&w, payload, sizeof payload);
        dpp_cw_map(&w, c == 1 ? 7 : 6);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, 2);
        dpp_cw_uint(&w, 2);
        dpp_cw_uint(&w, 3);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, 4);
        dpp_cw_uint(&w, (uint64_t)NOW - 10);
        dpp_cw_uint(&w, 5);
        dpp_cw_uint(&w, (uint64_t)NOW + 10);
        if (c == 0) {
            dpp_cw_uint(&w, 10); /* 9 is the compact set since issue 22 */
            dpp_cw_uint(&w, 0);
        } else {
            dpp_cw_uint(&w, 7);
            dpp_cw_bstr(&w, "AAAAAAAAAAAAAAAA\x01\x00\x01", 19);
            if (c == 1) {
                dpp_cw_uint(&w, 6);
                dpp_cw_bstr(&w, "AAAAAAAA\x01\x00\x01", 11);
            } else {
                dpp_cw_uint(&w, 0);
            }
        }
        assert_int_equal(dpp_cw_err(&w), DPP_OK);
        assert_int_equal(dpp_list_sign(payload, w.len, DPP_LIST_TYPE_REVOCATION, f->op, signed_list,
                                       sizeof signed_list, &n, &d),
                         DPP_OK);
        if (c < 2) {
            assert_int_equal(dpp_trust_load_revocations(t, signed_list, n, &pol, NULL, &d), DPP_ERR_LIST_FORMAT);
            assert_non_null(strstr(d.msg, "not 6, 7, 8 or 9 in increasing order"));
        } else {
            assert_int_equal(dpp_trust_load_revocations(t, signed_list, n, &pol, NULL, &d), DPP_ERR_CBOR_TRAILING);
        }
    }
    dpp_trust_free(t);
}

static int cmp16(const void *a, const void *b) { return memcmp(a, b, 16); }
static int cmp8(const void *a, const void *b) { return memcmp(a, b, 8); }

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The size of 100,000 entries of each kind (spec/trust.md 6.2). Records are
 * fixed-size, so the sizes are exact: 11 bytes per kid, 19 per passport id;
 * batches are CBOR arrays, 9 + 2 + len(batch) + 1 + 3 bytes each for
 * 14-digit GTINs above 2^32, batch length < 24 and dates >= 256.
 */
static void size_of_100000_entries(void **state)
{
    fx *f = *state;
    enum { N = 100000 };
    uint8_t(*ids)[16] = malloc((size_t)N * 16);
    uint8_t(*kids)[8] = malloc((size_t)N * 8);
    dpp_revlist *rl = NULL;
    dpp_trust *t = fx_trust(f->maker);
    dpp_list_policy pol = {NOW, 0, 0};
    size_t len_ids = 0, len_kids = 0, len_batches = 0, len_all = 0;
    uint8_t *list;
    uint64_t rnd = 0x9e3779b97f4a7c15ULL;
    double t0, t1;
    dpp_diag d;
    assert_non_null(ids);
    assert_non_null(kids);
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < 16; j++) {
            rnd ^= rnd << 13;
            rnd ^= rnd >> 7;
            rnd ^= rnd << 17;
            ids[i][j] = (uint8_t)rnd;
            if (j < 8) kids[i][j] = (uint8_t)(rnd >> 8);
        }
    }
    qsort(ids, N, 16, cmp16);
    qsort(kids, N, 8, cmp8);

    /* 100,000 passport ids */
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    t0 = seconds();
    for (size_t i = 0; i < N; i++) {
        dpp_revocation r = rev_id(ids[i], DPP_REASON_RECALL, 20000);
        assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    }
    list = tfx_sign_revlist(rl, f->op, 1, NOW - 10, NOW + 3600, &len_ids);
    t1 = seconds();
    /* 19 bytes per record + bstr head (5) + list header and COSE (~100) */
    assert_true(len_ids >= (size_t)N * 19 + 5 && len_ids <= (size_t)N * 19 + 160);
    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
    {
        double l0 = seconds(), l1;
        assert_int_equal(dpp_trust_load_revocations(t, list, len_ids, &pol, NULL, &d), DPP_OK);
        l1 = seconds();
        printf("# 100000 revoked passport ids: %zu bytes; build+sign %.2f s, verify+load %.3f s\n", len_ids, t1 - t0,
               l1 - l0);
    }
    /* a lookup in the middle and at both ends */
    {
        dpp_revocation q = rev_id(ids[N / 2], DPP_REASON_UNSPECIFIED, 0), found;
        assert_int_equal(dpp_trust_find_revocation(t, &q, &found), DPP_OK);
        assert_int_equal(found.reason, DPP_REASON_RECALL);
        q = rev_id(ids[0], DPP_REASON_UNSPECIFIED, 0);
        assert_int_equal(dpp_trust_find_revocation(t, &q, &found), DPP_OK);
        q = rev_id(ids[N - 1], DPP_REASON_UNSPECIFIED, 0);
        assert_int_equal(dpp_trust_find_revocation(t, &q, &found), DPP_OK);
        q.passport_id[15] ^= 0x55;
        assert_int_equal(dpp_trust_find_revocation(t, &q, &found), DPP_ERR_NOT_FOUND);
    }
    /* verification with 100,000 revoked ids loaded: the passport is not among them */
    {
        double v0 = seconds(), v1;
        for (int i = 0; i < 100; i++) assert_int_equal(verify(f, t), DPP_OK);
        v1 = seconds();
        assert_int_equal(f->rep.status[DPP_CHECK_REVOCATION], DPP_CHECK_PASS);
        printf("# verify with 100000 revocations loaded: %.1f us per passport\n", (v1 - v0) * 1e4);
    }
    free(list);
    dpp_revlist_free(rl);

    /* 100,000 kids */
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    for (size_t i = 0; i < N; i++) {
        dpp_revocation r;
        memset(&r, 0, sizeof r);
        r.kind = DPP_REVOKED_KEY;
        memcpy(r.kid, kids[i], 8);
        r.reason = DPP_REASON_KEY_COMPROMISE;
        r.date = 20000;
        assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    }
    list = tfx_sign_revlist(rl, f->op, 1, NOW - 10, NOW + 3600, &len_kids);
    assert_true(len_kids >= (size_t)N * 11 + 5 && len_kids <= (size_t)N * 11 + 160);
    free(list);
    dpp_revlist_free(rl);

    /* 100,000 batches "B000000".."B099999" of one GTIN */
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    for (size_t i = 0; i < N; i++) {
        char b[16];
        dpp_revocation r;
        snprintf(b, sizeof b, "B%06zu", i);
        r = rev_batch("06948251000018", b, DPP_REASON_RECALL, 20000);
        assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    }
    list = tfx_sign_revlist(rl, f->op, 1, NOW - 10, NOW + 3600, &len_batches);
    /* [gtin (9), "B000123" (8), reason (1), date (3)] + array head (1) = 22 bytes */
    assert_true(len_batches >= (size_t)N * 22 + 5 && len_batches <= (size_t)N * 22 + 160);
    free(list);
    dpp_revlist_free(rl);

    /* all three together: 300,000 entries */
    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    for (size_t i = 0; i < N; i++) {
        dpp_revocation r = rev_id(ids[i], DPP_REASON_RECALL, 20000);
        assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
        memset(&r, 0, sizeof r);
        r.kind = DPP_REVOKED_KEY;
        memcpy(r.kid, kids[i], 8);
        r.date = 20000;
        assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    }
    list = tfx_sign_revlist(rl, f->op, 1, NOW - 10, NOW + 3600, &len_all);
    printf("# 100000 revoked kids: %zu bytes; 100000 revoked batches: %zu bytes; 100000 ids + 100000 kids: %zu bytes\n",
           len_kids, len_batches, len_all);
    free(list);
    dpp_revlist_free(rl);
    dpp_trust_free(t);
    free(ids);
    free(kids);
}

/* ---- the compact form (spec/trust.md 6.5) ---- */

static const uint8_t k_salt[DPP_REVLIST_SALT_LEN] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static uint8_t *sign_compact(const dpp_revlist *rl, const dpp_key *op, size_t *len)
{
    dpp_list_header h = {3, NOW - 10, NOW + 3600};
    dpp_diag d;
    size_t need = 0;
    uint8_t *out;
    if (dpp_revlist_sign_compact(rl, op, &h, k_salt, NULL, 0, &need, &d) != DPP_OK) fail_msg("%s", d.msg);
    out = malloc(need);
    assert_non_null(out);
    if (dpp_revlist_sign_compact(rl, op, &h, k_salt, out, need, len, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_int_equal(*len, need);
    return out;
}

/* The 64-bit hash of the spec, computed here from its definition. */
static uint64_t spec_hash(uint8_t kind, const uint8_t *key, size_t key_len)
{
    uint8_t buf[128], dg[32];
    uint64_t h = 0;
    memcpy(buf, "dpp-revset-v1", 13);
    memcpy(buf + 13, k_salt, 16);
    buf[29] = kind;
    memcpy(buf + 30, key, key_len);
    assert_int_equal(dpp_sha256(buf, 30 + key_len, dg), DPP_OK);
    for (int i = 0; i < 8; i++) h = (h << 8) | dg[i];
    return h;
}

static void compact_round_trip(void **state)
{
    fx *f = *state;
    enum { N = 300 };
    dpp_revlist *rl = NULL, *back = NULL;
    dpp_trust *t = fx_trust(f->maker);
    dpp_list_policy pol = {NOW, 0, 0};
    dpp_list_info info;
    dpp_revocation r, g;
    uint8_t id[16], *exact, *compact, *again;
    size_t len_exact = 0, len_compact = 0, len_again = 0, n_hashed = 0;
    uint64_t prev = 0;
    dpp_diag d;

    assert_int_equal(dpp_revlist_new(&rl), DPP_OK);
    for (int i = 0; i < N; i++) {
        memset(id, 0, sizeof id);
        id[0] = (uint8_t)(i >> 8);
        id[1] = (uint8_t)i;
        id[15] = 0x77;
        r = rev_id(id, i % 3 == 0 ? DPP_REASON_FRAUD : DPP_REASON_RECALL, (dpp_date)(20000 + i % 5));
        assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    }
    r = rev_batch("04006381333931", "LOT-7", DPP_REASON_RECALL, 20300);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    r = rev_batch(f->p.gtin, f->p.batch, DPP_REASON_WITHDRAWN, 20301);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    /* batch keys of 16, 17 and 20 bytes: hashed messages of 55, 56 and 59 bytes (one and two SHA-256 blocks) */
    for (int i = 0; i < 3; i++) {
        static const char *const lots[3] = {"ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOPQ", "ABCDEFGHIJKLMNOPQRST"};
        r = rev_batch("04006381333931", lots[i], DPP_REASON_FRAUD, (dpp_date)(20400 + i));
        assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);
    }
    r = rev_kid(f->op2, DPP_REASON_KEY_COMPROMISE, 20100);
    assert_int_equal(dpp_revlist_add(rl, &r, &d), DPP_OK);

    exact = tfx_sign_revlist(rl, f->op, 3, NOW - 10, NOW + 3600, &len_exact);
    compact = sign_compact(rl, f->op, &len_compact);
    /* 19 B per id exact; about 8 B per entry (hash ~7 B at n = 302 plus 4 bits of meta index) compact */
    assert_true(len_compact < len_exact / 2);
    assert_true(len_compact > (size_t)N * 5);

    /* read back: the kid exact, the ids and batches hashed, in hash order */
    if (dpp_revlist_parse(compact, len_compact, f->op, &pol, &back, &info, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_true(dpp_revlist_is_compact(back));
    assert_false(dpp_revlist_is_compact(rl));
    assert_int_equal(dpp_revlist_count(back), N + 6);
    assert_int_equal(info.n_entries, N + 6);
    assert_int_equal(dpp_revlist_get(back, 0, &g), DPP_OK);
    assert_int_equal(g.kind, DPP_REVOKED_KEY);
    for (size_t i = 1; i < dpp_revlist_count(back); i++) {
        uint64_t h = 0;
        assert_int_equal(dpp_revlist_get(back, i, &g), DPP_OK);
        assert_int_equal(g.kind, DPP_REVOKED_HASHED);
        assert_string_equal(dpp_revocation_kind_name(g.kind), "hashed");
        for (int j = 0; j < 8; j++) h = (h << 8) | g.passport_id[j];
        if (i > 1) assert_true(h > prev);
        prev = h;
        n_hashed++;
    }
    assert_int_equal(n_hashed, N + 5);
    /* entry hashes follow the spec's definition (computed with dpp_sha256): the first id's and the long batches' */
    for (int c = 0; c < 4; c++) {
        static const char *const lots[3] = {"ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOPQ", "ABCDEFGHIJKLMNOPQRST"};
        uint8_t key[29];
        uint64_t want, gtin = 4006381333931u;
        bool seen = false;
        if (c == 0) {
            memset(id, 0, sizeof id);
            id[15] = 0x77;
            want = spec_hash(2, id, 16);
        } else {
            size_t bl = strlen(lots[c - 1]);
            for (int j = 0; j < 8; j++) key[j] = (uint8_t)(gtin >> (56 - 8 * j));
            key[8] = (uint8_t)bl;
            memcpy(key + 9, lots[c - 1], bl);
            want = spec_hash(3, key, 9 + bl);
        }
        for (size_t i = 1; i < dpp_revlist_count(back); i++) {
            uint64_t h = 0;
            assert_int_equal(dpp_revlist_get(back, i, &g), DPP_OK);
            for (int j = 0; j < 8; j++) h = (h << 8) | g.passport_id[j];
            if (h == want) {
                seen = true;
                assert_int_equal(g.reason, DPP_REASON_FRAUD);
                assert_int_equal(g.date, c == 0 ? 20000 : 20400 + c - 1);
            }
        }
        if (!seen) fail_msg("hash %d of the spec not in the list", c);
    }
    /* hashed entries cannot be added or re-hashed */
    assert_int_equal(dpp_revlist_add(back, &g, &d), DPP_ERR_INVALID_ARG);
    {
        dpp_list_header h = {4, NOW - 10, NOW + 3600};
        size_t need = 0;
        assert_int_equal(dpp_revlist_sign_compact(back, f->op, &h, k_salt, NULL, 0, &need, &d), DPP_ERR_INVALID_ARG);
    }
    /* re-signing a compact list keeps its set byte for byte */
    again = tfx_sign_revlist(back, f->op, 3, NOW - 10, NOW + 3600, &len_again);
    assert_int_equal(len_again, len_compact);
    assert_memory_equal(again, compact, len_compact);

    /* lookups in a store: every id and both batches with their reason and date, others not */
    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
    if (dpp_trust_load_revocations(t, compact, len_compact, &pol, NULL, &d) != DPP_OK) fail_msg("%s", d.msg);
    for (int i = 0; i < N; i++) {
        dpp_revocation q;
        memset(id, 0, sizeof id);
        id[0] = (uint8_t)(i >> 8);
        id[1] = (uint8_t)i;
        id[15] = 0x77;
        q = rev_id(id, DPP_REASON_UNSPECIFIED, 0);
        assert_int_equal(dpp_trust_find_revocation(t, &q, &g), DPP_OK);
        assert_int_equal(g.kind, DPP_REVOKED_PASSPORT);
        assert_memory_equal(g.passport_id, id, 16);
        assert_int_equal(g.reason, i % 3 == 0 ? DPP_REASON_FRAUD : DPP_REASON_RECALL);
        assert_int_equal(g.date, 20000 + i % 5);
        id[15] = 0x78;
        q = rev_id(id, DPP_REASON_UNSPECIFIED, 0);
        assert_int_equal(dpp_trust_find_revocation(t, &q, &g), DPP_ERR_NOT_FOUND);
    }
    r = rev_batch("04006381333931", "LOT-7", DPP_REASON_UNSPECIFIED, 0);
    assert_int_equal(dpp_trust_find_revocation(t, &r, &g), DPP_OK);
    assert_int_equal(g.kind, DPP_REVOKED_BATCH);
    assert_string_equal(g.batch, "LOT-7");
    assert_int_equal(g.date, 20300);
    r = rev_batch("04006381333931", "LOT-8", DPP_REASON_UNSPECIFIED, 0);
    assert_int_equal(dpp_trust_find_revocation(t, &r, &g), DPP_ERR_NOT_FOUND);
    /* the example passport's batch is revoked through the compact set */
    assert_int_equal(verify(f, t), DPP_ERR_REVOKED);
    assert_true(f->rep.revoked);
    assert_int_equal(f->rep.revocation.kind, DPP_REVOKED_BATCH);
    assert_int_equal(f->rep.revocation.reason, DPP_REASON_WITHDRAWN);
    assert_non_null(strstr(f->rep.diag.msg, "compact"));
    /* a store copy (dpp_trust_use_revocations) works the same */
    {
        dpp_trust *t2 = fx_trust(f->maker);
        assert_int_equal(dpp_trust_use_revocations(t2, back, &d), DPP_OK);
        assert_int_equal(verify(f, t2), DPP_ERR_REVOKED);
        dpp_trust_free(t2);
    }
    dpp_trust_free(t);
    dpp_revlist_free(rl);
    dpp_revlist_free(back);
    free(exact);
    free(compact);
    free(again);
}

/* A hand-made bit writer, MSB first, for the decoder's error cases. */
typedef struct bw {
    uint8_t b[64];
    size_t pos;
} bw;

static void bw_put(bw *w, uint64_t v, unsigned n)
{
    for (unsigned i = n; i > 0; i--) {
        if ((v >> (i - 1)) & 1u) w->b[w->pos / 8] = (uint8_t)(w->b[w->pos / 8] | (0x80u >> (w->pos % 8)));
        w->pos++;
    }
}

/* One Rice code with parameter k: q ones, a zero, k low bits. */
static void bw_rice(bw *w, uint64_t q, uint64_t r, unsigned k)
{
    for (uint64_t i = 0; i < q; i++) bw_put(w, 1, 1);
    bw_put(w, 0, 1);
    bw_put(w, r, k);
}

static size_t bw_len(const bw *w) { return (w->pos + 7) / 8; }

static void compact_decode_errors(void **state)
{
    fx *f = *state;
    dpp_trust *t = fx_trust(f->maker);
    dpp_list_policy pol = {NOW, 0, 0};
    uint8_t payload[512], signed_list[1024];
    static const uint8_t meta1[3] = {4, 0x4e, 0x20}, meta2[6] = {4, 0x4e, 0x20, 5, 0x4e, 0x20};
    dpp_diag d;
    enum { ORDER, TRUNC_UNARY, TRUNC_REM, OVERLONG, WRAP, PAD, EXTRA, N_ZERO, N_CAP, META_UNSORTED, META_REASON,
           META_UNUSED, IDX_RANGE, IDX_PAD, IDX_LEN, SHAPE, N_CASES };
    static const struct {
        dpp_err err;
        const char *needle;
    } want[N_CASES] = {
        {DPP_ERR_REVSET_ORDER, "not above hash 0"},    {DPP_ERR_REVSET_CODE, "runs past the end"},
        {DPP_ERR_REVSET_CODE, "runs past the end"},    {DPP_ERR_REVSET_CODE, "overlong"},
        {DPP_ERR_REVSET_CODE, "overlong"},             {DPP_ERR_REVSET_TRAILING, "padding bits"},
        {DPP_ERR_REVSET_TRAILING, "after the last code"}, {DPP_ERR_LIST_FORMAT, "n is 0"},
        {DPP_ERR_TOO_LARGE, "the limit is 1000000"},   {DPP_ERR_LIST_FORMAT, "not sorted"},
        {DPP_ERR_LIST_FORMAT, "reason 9"},             {DPP_ERR_LIST_FORMAT, "used by no entry"},
        {DPP_ERR_LIST_FORMAT, "is not below m"},       {DPP_ERR_REVSET_TRAILING, "metaidx padding"},
        {DPP_ERR_LIST_FORMAT, "metaidx is"},           {DPP_ERR_LIST_FORMAT, "[salt, n, meta, codes, metaidx]"},
    };
    assert_int_equal(dpp_trust_pin_operator(t, f->op), DPP_OK);
    for (int c = 0; c < N_CASES; c++) {
        bw codes, idx;
        const uint8_t *meta = meta1;
        size_t meta_len = 3, n_sig = 0, codes_off;
        uint64_t n = 2;
        unsigned k;
        cw_writer w;
        uint8_t bad_meta[6];
        memset(&codes, 0, sizeof codes);
        memset(&idx, 0, sizeof idx);
        if (c == OVERLONG || c == N_ZERO || c == N_CAP) n = 1;
        if (c == IDX_RANGE) n = 3;
        k = 64u - (n == 1 ? 1u : 2u); /* 64 - bitlen(n) */
        switch (c) {
        case ORDER: bw_rice(&codes, 0, 5, k); bw_rice(&codes, 0, 0, k); break;
        case TRUNC_UNARY: bw_rice(&codes, 0, 5, k); bw_put(&codes, 3, 2); break;   /* "11" and the end */
        case TRUNC_REM: bw_rice(&codes, 0, 5, k); bw_put(&codes, 0, 10); break;    /* a zero, 9 of 62 bits */
        case OVERLONG: bw_rice(&codes, 2, 0, k); break;                            /* q = 2 > 2^64 >> 63 */
        case WRAP: bw_rice(&codes, 3, (UINT64_C(1) << 62) - 1, k); bw_rice(&codes, 0, 1, k); break;
        case PAD: bw_rice(&codes, 0, 5, k); bw_rice(&codes, 0, 1, k); bw_put(&codes, 1, 1); break;
        case EXTRA: bw_rice(&codes, 0, 5, k); bw_rice(&codes, 0, 1, k); codes.pos = (bw_len(&codes) + 1) * 8; break;
        default:
            bw_rice(&codes, 0, 5, k);
            for (uint64_t i = 1; i < n; i++) bw_rice(&codes, 0, 1, k);
            break;
        }
        if (c == META_UNSORTED || c == META_REASON || c == META_UNUSED || c == IDX_RANGE || c == IDX_PAD ||
            c == IDX_LEN) {
            meta = meta2;
            meta_len = 6;
            bw_put(&idx, 0, 1); /* w = 1 */
            bw_put(&idx, c == META_UNUSED ? 0u : 1u, 1);
            if (c == IDX_PAD) bw_put(&idx, 1, 1);
            if (c == IDX_LEN) idx.pos = 16;
        }
        if (c == META_UNSORTED) {
            memcpy(bad_meta, meta2 + 3, 3);
            memcpy(bad_meta + 3, meta2, 3);
            meta = bad_meta;
        }
        if (c == META_REASON) {
            memcpy(bad_meta, meta2, 6);
            bad_meta[3] = 9;
            meta = bad_meta;
        }
        if (c == IDX_RANGE) { /* three entries, three meta records, w = 2, index 3 */
            memset(&idx, 0, sizeof idx);
            bw_put(&idx, 0, 2);
            bw_put(&idx, 1, 2);
            bw_put(&idx, 3, 2);
        }
        dpp_cw_init(&w, payload, sizeof payload);
        dpp_cw_map(&w, 6);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, 2);
        dpp_cw_uint(&w, 2);
        dpp_cw_uint(&w, 3);
        dpp_cw_uint(&w, 1);
        dpp_cw_uint(&w, 4);
        dpp_cw_uint(&w, (uint64_t)NOW - 10);
        dpp_cw_uint(&w, 5);
        dpp_cw_uint(&w, (uint64_t)NOW + 10);
        dpp_cw_uint(&w, 9);
        dpp_cw_array(&w, c == SHAPE ? 4 : 5);
        dpp_cw_bstr(&w, k_salt, 16);
        dpp_cw_uint(&w, c == N_ZERO ? 0 : c == N_CAP ? 1000001 : n);
        if (c == IDX_RANGE) {
            static const uint8_t meta3[9] = {4, 0x4e, 0x20, 5, 0x4e, 0x20, 6, 0x4e, 0x20};
            dpp_cw_bstr(&w, meta3, 9);
        } else {
            dpp_cw_bstr(&w, meta, meta_len);
        }
        codes_off = w.len + 1 + (bw_len(&codes) >= 24);
        dpp_cw_bstr(&w, codes.b, bw_len(&codes));
        if (c != SHAPE) dpp_cw_bstr(&w, idx.b, bw_len(&idx));
        assert_int_equal(dpp_cw_err(&w), DPP_OK);
        assert_int_equal(dpp_list_sign(payload, w.len, DPP_LIST_TYPE_REVOCATION, f->op, signed_list,
                                       sizeof signed_list, &n_sig, &d),
                         DPP_OK);
        if (dpp_trust_load_revocations(t, signed_list, n_sig, &pol, NULL, &d) != want[c].err)
            fail_msg("case %d: got %s (%s)", c, dpp_err_name(d.err), d.msg);
        if (strstr(d.msg, want[c].needle) == NULL) fail_msg("case %d: '%s' not in '%s'", c, want[c].needle, d.msg);
        assert_true(d.offset < w.len);
        if (c == ORDER) assert_int_equal(d.offset, codes_off + 7); /* the second code starts at bit 63 */
        if (c == OVERLONG) assert_int_equal(d.offset, codes_off);
    }
    dpp_trust_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_sorted),
        cmocka_unit_test(verification_reports_revoked),
        cmocka_unit_test(list_rejections),
        cmocka_unit_test(format_errors),
        cmocka_unit_test(more_errors),
        cmocka_unit_test(size_of_100000_entries),
        cmocka_unit_test(compact_round_trip),
        cmocka_unit_test(compact_decode_errors),
    };
    return cmocka_run_group_tests_name("dpp_revocation", tests, setup, teardown);
}
