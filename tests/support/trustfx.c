#include "trustfx.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

dpp_trustlist_entry *tfx_entry(const dpp_key *key, dpp_role role, const char *name, const char *country)
{
    dpp_trustlist_entry *e = calloc(1, sizeof *e);
    char pem[4096];
    size_t n = 0;
    dpp_diag d;
    assert_non_null(e);
    assert_int_equal(dpp_key_public_pem(key, pem, sizeof pem, &n), DPP_OK);
    if (dpp_trustlist_entry_set_key(e, (const uint8_t *)pem, n, &d) != DPP_OK) fail_msg("set_key: %s", d.msg);
    e->role = role;
    snprintf(e->party.name, sizeof e->party.name, "%s", name);
    snprintf(e->party.country, sizeof e->party.country, "%s", country);
    return e;
}

uint8_t *tfx_sign_list(const dpp_trustlist *tl, const dpp_key *op, uint64_t seq, int64_t iat, int64_t next,
                       size_t *len)
{
    dpp_list_header h = {seq, iat, next};
    size_t need = 0;
    uint8_t *buf;
    dpp_diag d;
    if (dpp_trustlist_sign(tl, op, &h, NULL, 0, &need, &d) != DPP_OK) fail_msg("sign size: %s", d.msg);
    buf = malloc(need);
    assert_non_null(buf);
    if (dpp_trustlist_sign(tl, op, &h, buf, need, len, &d) != DPP_OK) fail_msg("sign: %s", d.msg);
    assert_int_equal(*len, need);
    return buf;
}

uint8_t *tfx_sign_revlist(const dpp_revlist *rl, const dpp_key *op, uint64_t seq, int64_t iat, int64_t next,
                          size_t *len)
{
    dpp_list_header h = {seq, iat, next};
    size_t need = 0;
    uint8_t *buf;
    dpp_diag d;
    if (dpp_revlist_sign(rl, op, &h, NULL, 0, &need, &d) != DPP_OK) fail_msg("sign size: %s", d.msg);
    buf = malloc(need);
    assert_non_null(buf);
    if (dpp_revlist_sign(rl, op, &h, buf, need, len, &d) != DPP_OK) fail_msg("sign: %s", d.msg);
    assert_int_equal(*len, need);
    return buf;
}

dpp_trust *tfx_trust_with_list(const dpp_key *op, const uint8_t *list, size_t len)
{
    dpp_trust *t = NULL;
    dpp_list_policy pol = {TFX_NOW, 0, 0};
    dpp_diag d;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_pin_operator(t, op), DPP_OK);
    if (dpp_trust_load_list(t, list, len, &pol, NULL, &d) != DPP_OK) fail_msg("load list: %s", d.msg);
    return t;
}

void tfx_encode(const dpp_passport *p, const dpp_key *key, int64_t iat, const dpp_bytes *atts, size_t n_atts,
                char *text, size_t cap, size_t *len)
{
    dpp_encode_ex_opts o;
    dpp_diag d;
    memset(&o, 0, sizeof o);
    o.base.iat = iat;
    o.base.compress = DPP_COMPRESS_AUTO;
    o.n_attestations = n_atts;
    for (size_t i = 0; i < n_atts; i++) o.attestations[i] = atts[i];
    if (dpp_encode_ex(p, key, &o, text, cap, len, NULL, &d) != DPP_OK) fail_msg("encode_ex: %s", d.msg);
}

size_t tfx_sign_claims(const dpp_key *key, const uint8_t *claims, size_t len, char *text, size_t cap)
{
    uint8_t cose[DPP_MAX_COSE_LEN];
    size_t n = 0, tn = 0;
    dpp_cose_opts o = {DPP_COSE_TAGGED | DPP_COSE_INCLUDE_KID, {NULL, 0}};
    dpp_diag d;
    if (dpp_cose_sign1_sign(claims, len, key, &o, cose, sizeof cose, &n, &d) != DPP_OK) fail_msg("sign: %s", d.msg);
    if (dpp_text_from_cose(cose, n, DPP_COMPRESS_AUTO, text, cap, &tn, &d) != DPP_OK) fail_msg("text: %s", d.msg);
    return tn;
}

void tfx_assert_failed(const dpp_report *rep, const dpp_verified *v, dpp_check c, dpp_err err)
{
    if (rep->err != err)
        fail_msg("expected %s at %s, got %s at %s: %s", dpp_err_name(err), dpp_check_name(c), dpp_err_name(rep->err),
                 dpp_check_name(rep->failed), rep->diag.msg);
    assert_int_equal(rep->failed, c);
    assert_int_equal(rep->status[c], DPP_CHECK_FAIL);
    assert_int_equal(rep->diag.err, err);
    assert_true(strlen(rep->diag.msg) > 0);
    for (int i = (int)c + 1; i < DPP_CHECK_COUNT; i++)
        if (rep->status[i] != DPP_CHECK_NOT_RUN)
            fail_msg("check %s ran after %s failed", dpp_check_name((dpp_check)i), dpp_check_name(c));
    for (int i = 0; i < (int)c; i++)
        if (rep->status[i] != DPP_CHECK_PASS && rep->status[i] != DPP_CHECK_SKIPPED)
            fail_msg("check %s before %s is %d", dpp_check_name((dpp_check)i), dpp_check_name(c), (int)rep->status[i]);
    assert_int_equal(v->passport.name[0], 0);
    assert_int_equal(v->claims.iat, 0);
}

void tfx_hex(const uint8_t *p, size_t n, char *out)
{
    static const char k[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = k[p[i] >> 4];
        out[2 * i + 1] = k[p[i] & 15];
    }
    out[2 * n] = '\0';
}
