/* SPDX-License-Identifier: Apache-2.0 */
/* dpp_verify() and dpp_inspect(): the verification pipeline as an
 * orchestrator. Transport (transport.c), COSE profile (here), signer and
 * trust policy (trust_policy.c), CWT claims (cwt.c), passport schema
 * (passport.c), link binding (transport.c); each check recorded in the
 * dpp_report in the order of dpp_check. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cwt.h"
#include "diag.h"
#include "dpp/dpp_cose.h"
#include "dpp/dpp_verify.h"
#include "report.h"
#include "timeutil.h"
#include "transport.h"
#include "trust_policy.h"

static dpp_check cose_err_check(dpp_err err)
{
    if (err == DPP_ERR_ALG_UNSUPPORTED || err == DPP_ERR_ALG_MISSING || err == DPP_ERR_ALG_UNPROTECTED)
        return DPP_CHECK_ALG;
    return DPP_CHECK_COSE;
}

/* Profile checks on the protected/unprotected headers (alg, kid). */
static dpp_err check_headers(const dpp_cose_sign1 *m, dpp_report *rep, dpp_diag *diag)
{
    /* Closed protected header: only alg (1) and kid (4). The parser has read
     * both (strictly, so the map head is one byte); any other label makes the
     * map larger than the labels found. */
    unsigned known = (m->has_alg && m->alg_protected ? 1u : 0u) + (m->kid.len > 0 && m->kid_protected ? 1u : 0u);
    if (m->protected_hdr.len > 0 && m->protected_hdr.ptr[0] != 0xa0 + known) {
        dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX,
                     "protected header may hold only alg (1) and kid (4) in a passport");
        return report_fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_STRUCTURE);
    }
    if (!m->has_alg) {
        dpp_diag_set(diag, DPP_ERR_ALG_MISSING, SIZE_MAX, "protected header has no alg (label 1)");
        return report_fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_MISSING);
    }
    if (!m->alg_protected) {
        dpp_diag_set(diag, DPP_ERR_ALG_UNPROTECTED, SIZE_MAX, "alg appears only in the unprotected header");
        return report_fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_UNPROTECTED);
    }
    if (dpp_alg_name((dpp_alg)m->alg) == NULL) {
        dpp_diag_set(diag, DPP_ERR_ALG_UNSUPPORTED, SIZE_MAX, "alg %lld is not ES256, ES384, EdDSA or PS256",
                     (long long)m->alg);
        return report_fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_UNSUPPORTED);
    }
    if (m->kid.len == 0 || !m->kid_protected) {
        report_mark(rep, DPP_CHECK_ALG, DPP_CHECK_PASS);
        dpp_diag_set(diag, DPP_ERR_KID_MISSING, SIZE_MAX, "protected header has no kid (label 4)");
        return report_fail(rep, DPP_CHECK_KID, DPP_ERR_KID_MISSING);
    }
    if (!m->unprotected_empty) {
        dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX, "unprotected header must be empty in a passport");
        return report_fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_STRUCTURE);
    }
    report_mark(rep, DPP_CHECK_ALG, DPP_CHECK_PASS);
    return DPP_OK;
}

static dpp_err unwrap_and_parse(const char *text, size_t text_len, uint8_t *cose, dpp_cose_sign1 *m,
                                dpp_transport_info *tinfo, dpp_report *rep, dpp_diag *diag)
{
    size_t cose_len = 0;
    dpp_cose_opts opts = {DPP_COSE_TAGGED | DPP_COSE_STRICT, {NULL, 0}};
    dpp_err err = dpp_transport_unwrap(text, text_len, cose, DPP_MAX_COSE_LEN, &cose_len, tinfo, rep, diag);
    if (err != DPP_OK) return err;
    err = dpp_cose_sign1_parse(cose, cose_len, &opts, m, diag);
    if (err != DPP_OK) {
        dpp_check c = cose_err_check(err);
        /* An alg the parser refuses (a text alg, say) is an alg failure of a
         * structurally sound message. */
        if (c == DPP_CHECK_ALG) report_mark(rep, DPP_CHECK_COSE, DPP_CHECK_PASS);
        return report_fail(rep, c, err);
    }
    /* The passport profile is narrower than COSE: tag 18 directly (no CWT
     * tag 61 around it) and an attached payload. */
    if (m->cwt_tagged) {
        dpp_diag_set(diag, DPP_ERR_COSE_TAG, 0, "a passport is a COSE_Sign1 with tag 18 only; tag 61 is not allowed");
        return report_fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_TAG);
    }
    if (m->detached) {
        dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX, "COSE_Sign1 payload is nil; a passport carries its payload");
        return report_fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_STRUCTURE);
    }
    report_mark(rep, DPP_CHECK_COSE, DPP_CHECK_PASS);
    return DPP_OK;
}

static void fill_claims_sig(dpp_claims *c, const dpp_cose_sign1 *m, const dpp_transport_info *t)
{
    c->alg = (dpp_alg)m->alg;
    if (m->kid.len == DPP_KID_LEN) memcpy(c->kid, m->kid.ptr, DPP_KID_LEN);
    c->compressed = t->compressed;
    c->form = t->form;
}

static bool trim_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

size_t dpp_text_trim(const char *text, size_t len, size_t *start)
{
    size_t a = 0;
    if (start != NULL) *start = 0;
    if (text == NULL) return 0;
    while (a < len && trim_ws(text[a])) a++;
    while (len > a && trim_ws(text[len - 1])) len--;
    if (start != NULL) *start = a;
    return len - a;
}

/* unwrap_and_parse on the trimmed text, offsets in diag counted from text. */
static dpp_err unwrap_trimmed(const char *text, size_t text_len, uint8_t *cose, dpp_cose_sign1 *m,
                              dpp_transport_info *tinfo, dpp_report *rep, dpp_diag *diag)
{
    size_t start = 0, n = dpp_text_trim(text, text_len, &start);
    dpp_err err = unwrap_and_parse(text + start, n, cose, m, tinfo, rep, diag);
    if (err != DPP_OK && diag != NULL && diag->offset != SIZE_MAX && start > 0) diag->offset += start;
    return err;
}

/* Checks iat and exp of the decoded claims at validation time now. */
static dpp_err check_times(const dpp_claims *c, int64_t now, dpp_report *rep, dpp_diag *diag)
{
    char t_a[DPP_TIME_ISO_LEN], t_now[DPP_TIME_ISO_LEN];
    if (dpp_time_after(c->iat, now, DPP_IAT_SKEW_SECONDS)) {
        dpp_diag_set(diag, DPP_ERR_NOT_YET_VALID, SIZE_MAX, "issued at %s, later than the validation time %s plus %d s skew",
                     dpp_time_iso(c->iat, t_a), dpp_time_iso(now, t_now), DPP_IAT_SKEW_SECONDS);
        return report_fail(rep, DPP_CHECK_IAT, DPP_ERR_NOT_YET_VALID);
    }
    report_mark(rep, DPP_CHECK_IAT, DPP_CHECK_PASS);
    if (!c->has_exp) {
        report_mark(rep, DPP_CHECK_EXP, DPP_CHECK_SKIPPED);
    } else if (c->exp <= now) {
        dpp_diag_set(diag, DPP_ERR_EXPIRED, SIZE_MAX, "expired at %s, validation time %s", dpp_time_iso(c->exp, t_a),
                     dpp_time_iso(now, t_now));
        return report_fail(rep, DPP_CHECK_EXP, DPP_ERR_EXPIRED);
    } else {
        report_mark(rep, DPP_CHECK_EXP, DPP_CHECK_PASS);
    }
    return DPP_OK;
}

/* The schema check: an error the claims reader left aside, else the passport's rules. */
static dpp_err check_schema(const dpp_cwt_read *cres, const dpp_passport *p, dpp_diag *diag)
{
    if (cres->passport_err == DPP_OK) return dpp_passport_validate(p, diag);
    if (diag != NULL) *diag = cres->passport_diag;
    return cres->passport_err;
}

dpp_err dpp_verify(const char *text, size_t text_len, const dpp_trust *trust, int64_t now, dpp_verified *out,
                   dpp_report *report)
{
    uint8_t cose[DPP_MAX_COSE_LEN];
    dpp_cose_sign1 m;
    dpp_report local;
    dpp_report *rep = report != NULL ? report : &local;
    dpp_diag *diag = &rep->diag;
    const dpp_trust_entry *signer = NULL;
    dpp_cwt_read cres;
    dpp_transport_info tinfo;
    dpp_err err;

    memset(rep, 0, sizeof *rep);
    rep->failed_attestation = -1;
    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (text == NULL || trust == NULL || out == NULL) {
        dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "text, trust and out must not be NULL");
        rep->err = DPP_ERR_INVALID_ARG;
        return DPP_ERR_INVALID_ARG;
    }
    /* transport and COSE, then the signer (trust store) */
    err = unwrap_trimmed(text, text_len, cose, &m, &tinfo, rep, diag);
    if (err == DPP_OK) err = check_headers(&m, rep, diag);
    if (err == DPP_OK) err = dpp_policy_find_signer(trust, &m, &signer, rep, diag);
    if (err == DPP_OK) err = dpp_policy_key_validity(signer, now, rep, diag);
    /* CWT claims and the passport */
    if (err == DPP_OK) {
        err = dpp_cwt_read_claims(&m.payload, &out->claims, &out->passport, &cres, diag);
        if (err != DPP_OK) err = report_fail(rep, DPP_CHECK_CLAIMS, err);
        else report_mark(rep, DPP_CHECK_CLAIMS, DPP_CHECK_PASS);
    }
    if (err == DPP_OK) err = check_times(&out->claims, now, rep, diag);
    if (err == DPP_OK) {
        err = check_schema(&cres, &out->passport, diag);
        if (err != DPP_OK) err = report_fail(rep, DPP_CHECK_SCHEMA, err);
        else report_mark(rep, DPP_CHECK_SCHEMA, DPP_CHECK_PASS);
    }
    /* trust policy: signer window, role, scope, revocation, attestations */
    if (err == DPP_OK) {
        fill_claims_sig(&out->claims, &m, &tinfo);
        out->claims_present = dpp_passport_claim_mask(&out->passport);
        err = dpp_policy_check(trust, signer, cres.att, cres.n_att, &cres.passport_cbor, now, out, rep, diag);
    }
    /* the link form's binding */
    if (err == DPP_OK && tinfo.form == DPP_FORM_LINK) {
        err = dpp_link_check_binding(&tinfo.link, out->claims.resolver, &out->passport, diag);
        if (err != DPP_OK) err = report_fail(rep, DPP_CHECK_LINK, err);
        else report_mark(rep, DPP_CHECK_LINK, DPP_CHECK_PASS);
    } else if (err == DPP_OK) {
        report_mark(rep, DPP_CHECK_LINK, DPP_CHECK_SKIPPED); /* DPP1: text */
    }
    if (err != DPP_OK) {
        memset(out, 0, sizeof *out);
        rep->err = err;
        return err;
    }
    rep->err = DPP_OK;
    return DPP_OK;
}

dpp_err dpp_inspect(const char *text, size_t text_len, dpp_unverified *out, dpp_diag *diag)
{
    uint8_t cose[DPP_MAX_COSE_LEN];
    dpp_cose_sign1 m;
    dpp_cwt_read cres;
    dpp_transport_info tinfo;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (text == NULL || out == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "text and out must not be NULL");
    err = unwrap_trimmed(text, text_len, cose, &m, &tinfo, NULL, diag);
    if (err == DPP_OK)
        err = dpp_cwt_read_claims(&m.payload, &out->claims_unverified, &out->passport_unverified, &cres, diag);
    if (err == DPP_OK) err = check_schema(&cres, &out->passport_unverified, diag);
    if (err != DPP_OK) {
        memset(out, 0, sizeof *out);
        return err;
    }
    if (m.has_alg) out->claims_unverified.alg = (dpp_alg)m.alg;
    if (m.kid.len == DPP_KID_LEN) memcpy(out->claims_unverified.kid, m.kid.ptr, DPP_KID_LEN);
    out->claims_unverified.compressed = tinfo.compressed;
    out->claims_unverified.form = tinfo.form;
    return DPP_OK;
}
