/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "cbor_read.h"
#include "compress.h"
#include "diag.h"
#include "dpp/dpp_base45.h"
#include "dpp/dpp_cose.h"
#include "dpp/dpp_encode.h"
#include "dpp/dpp_verify.h"
#include "passport_cbor.h"
#include "trust_internal.h"
#include "wire.h"

const char *dpp_check_name(dpp_check check)
{
    switch (check) {
    case DPP_CHECK_PREFIX: return "prefix";
    case DPP_CHECK_BASE45: return "base45";
    case DPP_CHECK_INFLATE: return "inflate";
    case DPP_CHECK_COSE: return "cose";
    case DPP_CHECK_ALG: return "alg";
    case DPP_CHECK_KID: return "kid";
    case DPP_CHECK_SIGNATURE: return "signature";
    case DPP_CHECK_KEY_VALIDITY: return "key_validity";
    case DPP_CHECK_CLAIMS: return "claims";
    case DPP_CHECK_IAT: return "iat";
    case DPP_CHECK_EXP: return "exp";
    case DPP_CHECK_SCHEMA: return "schema";
    case DPP_CHECK_COUNT: break;
    }
    return "unknown";
}

static void mark(dpp_report *rep, dpp_check c, dpp_check_status s)
{
    if (rep != NULL) rep->status[c] = s;
}

/* Records a failed check; returns err. The diag was filled by the caller. */
static dpp_err fail(dpp_report *rep, dpp_check c, dpp_err err)
{
    if (rep != NULL) {
        rep->status[c] = DPP_CHECK_FAIL;
        rep->err = err;
        rep->failed = c;
    }
    return err;
}

/* "DPP" + one or more digits + ":" is a versioned prefix; only version 1 is known. */
static dpp_err check_prefix(const char *text, size_t len, dpp_diag *diag)
{
    size_t i = 3;
    if (len >= DPP_PREFIX_LEN && memcmp(text, DPP_PREFIX, DPP_PREFIX_LEN) == 0) return DPP_OK;
    if (len >= 5 && memcmp(text, "DPP", 3) == 0 && text[3] >= '0' && text[3] <= '9') {
        while (i < len && i < 12 && text[i] >= '0' && text[i] <= '9') i++;
        if (i < len && text[i] == ':')
            return dpp_diag_set(diag, DPP_ERR_PREFIX_VERSION, 0,
                                "prefix \"%.*s\" names an unsupported format version (this library reads DPP1:)",
                                (int)(i + 1), text);
    }
    return dpp_diag_set(diag, DPP_ERR_PREFIX, 0, "text does not start with the context prefix \"DPP1:\"");
}

dpp_err dpp_wire_unwrap(const char *text, size_t text_len, uint8_t *out, size_t out_cap, size_t *out_len,
                        bool *compressed, dpp_report *rep, dpp_diag *diag)
{
    uint8_t raw[DPP_MAX_TEXT_LEN];
    size_t raw_len = 0;
    dpp_err err;

    *out_len = 0;
    *compressed = false;
    if (text == NULL || out == NULL || out_cap < DPP_MAX_COSE_LEN)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "text or out is NULL, or out_cap < %d",
                            DPP_MAX_COSE_LEN);
    if (text_len > DPP_MAX_TEXT_LEN) {
        dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "text is %zu characters; the limit is %d", text_len,
                     DPP_MAX_TEXT_LEN);
        return fail(rep, DPP_CHECK_PREFIX, DPP_ERR_TOO_LARGE);
    }
    err = check_prefix(text, text_len, diag);
    if (err != DPP_OK) return fail(rep, DPP_CHECK_PREFIX, err);
    mark(rep, DPP_CHECK_PREFIX, DPP_CHECK_PASS);

    err = dpp_base45_decode(text + DPP_PREFIX_LEN, text_len - DPP_PREFIX_LEN, raw, sizeof raw, &raw_len, diag);
    if (err == DPP_OK && raw_len == 0) err = dpp_diag_set(diag, DPP_ERR_BASE45, DPP_PREFIX_LEN, "no data after the prefix");
    if (err != DPP_OK) {
        if (diag != NULL && diag->offset != SIZE_MAX) diag->offset += DPP_PREFIX_LEN;
        return fail(rep, DPP_CHECK_BASE45, err == DPP_ERR_BASE45 ? err : DPP_ERR_BASE45);
    }
    mark(rep, DPP_CHECK_BASE45, DPP_CHECK_PASS);

    if (dpp_zlib_looks_like(raw, raw_len)) {
        err = dpp_zlib_inflate(raw, raw_len, out, DPP_MAX_COSE_LEN, out_len, diag);
        if (err != DPP_OK) return fail(rep, DPP_CHECK_INFLATE, err);
        *compressed = true;
        mark(rep, DPP_CHECK_INFLATE, DPP_CHECK_PASS);
    } else {
        if (raw_len > DPP_MAX_COSE_LEN) {
            dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "COSE message is %zu bytes; the limit is %d", raw_len,
                         DPP_MAX_COSE_LEN);
            return fail(rep, DPP_CHECK_INFLATE, DPP_ERR_TOO_LARGE);
        }
        memcpy(out, raw, raw_len);
        *out_len = raw_len;
        mark(rep, DPP_CHECK_INFLATE, DPP_CHECK_SKIPPED);
    }
    return DPP_OK;
}

/* Parsed CWT claims plus the passport-level outcome. */
typedef struct claims_result {
    dpp_err passport_err; /* schema-level error, reported at the schema check */
    dpp_diag passport_diag;
} claims_result;

/*
 * Decodes the CWT claims set {? 1 iss, ? 4 exp, 6 iat, -262 passport}
 * strictly. CBOR and claim errors are returned; a schema error inside the
 * passport is left in res for the schema check, which runs last.
 */
static dpp_err read_claims(const dpp_bytes *payload, dpp_claims *claims, dpp_passport *passport,
                           claims_result *res, dpp_diag *diag)
{
    cb_reader r;
    cb_item it, key;
    const uint8_t *prev = NULL;
    size_t prev_len = 0;
    bool have_iat = false, have_passport = false;
    uint64_t n_claims;

    res->passport_err = DPP_OK;
    dpp_diag_clear(&res->passport_diag);
    /* First the generic CBOR rules over the whole claims set (well-formed,
     * shortest heads, depth cap, no trailing bytes), so that a CBOR-level
     * defect is reported as such wherever it sits, before any schema rule. */
    cb_init(&r, payload->ptr, payload->len, true);
    if (cb_skip(&r, NULL) != DPP_OK || cb_finish(&r) != DPP_OK)
        return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
    cb_init(&r, payload->ptr, payload->len, true);
    if (cb_next(&r, &it) != DPP_OK)
        return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
    if (it.type != CB_MAP)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, it.off, "CWT claims: payload is not a map");
    n_claims = it.v;
    for (uint64_t i = 0; i < n_claims; i++) {
        int64_t k;
        dpp_err oe;
        if (cb_next(&r, &key) != DPP_OK)
            return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
        if (!cb_item_int64(&key, &k))
            return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, key.off, "CWT claims: claim key at offset %zu is not an integer",
                                key.off);
        oe = cb_key_order(prev, prev_len, r.buf + key.off, key.end - key.off);
        if (oe != DPP_OK)
            return dpp_diag_set(diag, oe, key.off, "CWT claims: claim %lld at offset %zu %s", (long long)k, key.off,
                                oe == DPP_ERR_CBOR_DUPLICATE_KEY ? "is repeated" : "is out of order");
        prev = r.buf + key.off;
        prev_len = key.end - key.off;
        if (k == DPP_CWT_ISS) {
            if (cb_next(&r, &it) != DPP_OK) break;
            if (it.type != CB_TSTR || it.v == 0 || it.v >= sizeof claims->iss)
                return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, it.off, "CWT claims: iss must be text of 1..%zu bytes",
                                    sizeof claims->iss - 1);
            memcpy(claims->iss, it.ptr, (size_t)it.v);
            claims->iss[it.v] = '\0';
        } else if (k == DPP_CWT_EXP || k == DPP_CWT_IAT) {
            if (cb_next(&r, &it) != DPP_OK) break;
            if (it.type != CB_UINT || it.v > (uint64_t)INT64_MAX)
                return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, it.off, "CWT claims: %s must be an unsigned integer",
                                    k == DPP_CWT_EXP ? "exp" : "iat");
            if (k == DPP_CWT_EXP) {
                claims->has_exp = true;
                claims->exp = (int64_t)it.v;
            } else {
                have_iat = true;
                claims->iat = (int64_t)it.v;
            }
        } else if (k == DPP_CWT_PASSPORT) {
            dpp_err pe = dpp_passport_read(&r, passport, &res->passport_diag);
            if (pe != DPP_OK) {
                if (dpp_err_is_schema(pe)) {
                    res->passport_err = pe;
                    /* The rest of the claims cannot be read past a bad passport. */
                    have_passport = true;
                    return DPP_OK;
                }
                if (diag != NULL) *diag = res->passport_diag;
                return pe;
            }
            have_passport = true;
        } else {
            return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, key.off, "CWT claims: unknown claim %lld", (long long)k);
        }
    }
    if (r.err != DPP_OK)
        return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %s at offset %zu", dpp_err_str(r.err), r.err_off);
    if (cb_finish(&r) != DPP_OK)
        return dpp_diag_set(diag, r.err, r.err_off, "CWT claims: %zu trailing bytes", payload->len - r.err_off);
    if (!have_iat) return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, SIZE_MAX, "CWT claims: iat (6) is missing");
    if (!have_passport)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, SIZE_MAX, "CWT claims: passport claim (-262) is missing");
    return DPP_OK;
}

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
        return fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_STRUCTURE);
    }
    if (!m->has_alg) {
        dpp_diag_set(diag, DPP_ERR_ALG_MISSING, SIZE_MAX, "protected header has no alg (label 1)");
        return fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_MISSING);
    }
    if (!m->alg_protected) {
        dpp_diag_set(diag, DPP_ERR_ALG_UNPROTECTED, SIZE_MAX, "alg appears only in the unprotected header");
        return fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_UNPROTECTED);
    }
    if (dpp_alg_name((dpp_alg)m->alg) == NULL) {
        dpp_diag_set(diag, DPP_ERR_ALG_UNSUPPORTED, SIZE_MAX, "alg %lld is not ES256, ES384, EdDSA or PS256",
                     (long long)m->alg);
        return fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_UNSUPPORTED);
    }
    if (m->kid.len == 0 || !m->kid_protected) {
        mark(rep, DPP_CHECK_ALG, DPP_CHECK_PASS);
        dpp_diag_set(diag, DPP_ERR_KID_MISSING, SIZE_MAX, "protected header has no kid (label 4)");
        return fail(rep, DPP_CHECK_KID, DPP_ERR_KID_MISSING);
    }
    if (!m->unprotected_empty) {
        dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX, "unprotected header must be empty in a passport");
        return fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_STRUCTURE);
    }
    mark(rep, DPP_CHECK_ALG, DPP_CHECK_PASS);
    return DPP_OK;
}

static void hex8(const uint8_t *p, size_t n, char *out)
{
    static const char k[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n && i < 32; i++) {
        out[2 * i] = k[p[i] >> 4];
        out[2 * i + 1] = k[p[i] & 15];
    }
    out[2 * i] = '\0';
}

/* Finds the trusted key that verifies the message: every key with the kid
 * is tried (kids are truncated hashes and may collide). */
static dpp_err check_signature(const dpp_cose_sign1 *m, const dpp_trust *trust, const dpp_key **signer,
                               dpp_report *rep, dpp_diag *diag)
{
    dpp_cose_opts opts = {DPP_COSE_TAGGED | DPP_COSE_STRICT, {NULL, 0}};
    size_t candidates = 0, mismatched = 0;
    char kidhex[65];

    hex8(m->kid.ptr, m->kid.len, kidhex);
    for (size_t i = 0; i < trust->n; i++) {
        const dpp_key *k = trust->keys[i].key;
        if (m->kid.len != DPP_KID_LEN || memcmp(m->kid.ptr, trust->keys[i].kid, DPP_KID_LEN) != 0) continue;
        candidates++;
        if ((int64_t)dpp_key_alg(k) != m->alg) {
            mismatched++;
            continue;
        }
        if (dpp_cose_sign1_verify_parsed(m, k, &opts, NULL) == DPP_OK) {
            *signer = k;
            mark(rep, DPP_CHECK_KID, DPP_CHECK_PASS);
            mark(rep, DPP_CHECK_SIGNATURE, DPP_CHECK_PASS);
            return DPP_OK;
        }
    }
    if (candidates == 0) {
        dpp_diag_set(diag, DPP_ERR_KID_UNKNOWN, SIZE_MAX, "no trusted key has kid %s", kidhex);
        return fail(rep, DPP_CHECK_KID, DPP_ERR_KID_UNKNOWN);
    }
    mark(rep, DPP_CHECK_KID, DPP_CHECK_PASS);
    if (mismatched == candidates) {
        dpp_diag_set(diag, DPP_ERR_ALG_KEY_MISMATCH, SIZE_MAX, "alg %s does not match the trusted key with kid %s",
                     dpp_alg_name((dpp_alg)m->alg), kidhex);
        mark(rep, DPP_CHECK_ALG, DPP_CHECK_FAIL);
        return fail(rep, DPP_CHECK_SIGNATURE, DPP_ERR_ALG_KEY_MISMATCH);
    }
    dpp_diag_set(diag, DPP_ERR_SIGNATURE, SIZE_MAX, "signature does not verify with the trusted key(s) of kid %s",
                 kidhex);
    return fail(rep, DPP_CHECK_SIGNATURE, DPP_ERR_SIGNATURE);
}

/* Steps shared by dpp_verify and dpp_inspect up to the parsed COSE message. */
static dpp_err unwrap_and_parse(const char *text, size_t text_len, uint8_t *cose, dpp_cose_sign1 *m,
                                bool *compressed, dpp_report *rep, dpp_diag *diag)
{
    size_t cose_len = 0;
    dpp_cose_opts opts = {DPP_COSE_TAGGED | DPP_COSE_STRICT, {NULL, 0}};
    dpp_err err = dpp_wire_unwrap(text, text_len, cose, DPP_MAX_COSE_LEN, &cose_len, compressed, rep, diag);
    if (err != DPP_OK) return err;
    err = dpp_cose_sign1_parse(cose, cose_len, &opts, m, diag);
    if (err != DPP_OK) return fail(rep, cose_err_check(err), err);
    /* The passport profile is narrower than COSE: tag 18 directly (no CWT
     * tag 61 around it) and an attached payload. */
    if (m->cwt_tagged) {
        dpp_diag_set(diag, DPP_ERR_COSE_TAG, 0, "a passport is a COSE_Sign1 with tag 18 only; tag 61 is not allowed");
        return fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_TAG);
    }
    if (m->detached) {
        dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX, "COSE_Sign1 payload is nil; a passport carries its payload");
        return fail(rep, DPP_CHECK_COSE, DPP_ERR_COSE_STRUCTURE);
    }
    mark(rep, DPP_CHECK_COSE, DPP_CHECK_PASS);
    return DPP_OK;
}

static void fill_claims_sig(dpp_claims *c, const dpp_cose_sign1 *m, bool compressed)
{
    c->alg = (dpp_alg)m->alg;
    if (m->kid.len == DPP_KID_LEN) memcpy(c->kid, m->kid.ptr, DPP_KID_LEN);
    c->compressed = compressed;
}

dpp_err dpp_verify(const char *text, size_t text_len, const dpp_trust *trust, int64_t now, dpp_verified *out,
                   dpp_report *report)
{
    uint8_t cose[DPP_MAX_COSE_LEN];
    dpp_cose_sign1 m;
    dpp_report local;
    dpp_report *rep = report != NULL ? report : &local;
    dpp_diag *diag = &rep->diag;
    const dpp_key *signer = NULL;
    claims_result cres;
    bool compressed = false;
    int64_t nb, na;
    dpp_err err;

    memset(rep, 0, sizeof *rep);
    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (text == NULL || trust == NULL || out == NULL) {
        dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "text, trust and out must not be NULL");
        rep->err = DPP_ERR_INVALID_ARG;
        return DPP_ERR_INVALID_ARG;
    }

    err = unwrap_and_parse(text, text_len, cose, &m, &compressed, rep, diag);
    if (err == DPP_OK) err = check_headers(&m, rep, diag);
    if (err == DPP_OK) err = check_signature(&m, trust, &signer, rep, diag);
    if (err == DPP_OK) {
        if (dpp_key_validity(signer, &nb, &na)) {
            if (now < nb || now > na) {
                dpp_diag_set(diag, DPP_ERR_KEY_NOT_VALID, SIZE_MAX,
                             "signer certificate is valid from %lld to %lld, not at %lld", (long long)nb,
                             (long long)na, (long long)now);
                err = fail(rep, DPP_CHECK_KEY_VALIDITY, DPP_ERR_KEY_NOT_VALID);
            } else {
                mark(rep, DPP_CHECK_KEY_VALIDITY, DPP_CHECK_PASS);
            }
        } else {
            mark(rep, DPP_CHECK_KEY_VALIDITY, DPP_CHECK_SKIPPED);
        }
    }
    if (err == DPP_OK) {
        err = read_claims(&m.payload, &out->claims, &out->passport, &cres, diag);
        if (err != DPP_OK) err = fail(rep, DPP_CHECK_CLAIMS, err);
        else mark(rep, DPP_CHECK_CLAIMS, DPP_CHECK_PASS);
    }
    if (err == DPP_OK) {
        if (out->claims.iat > now + DPP_IAT_SKEW_SECONDS) {
            dpp_diag_set(diag, DPP_ERR_NOT_YET_VALID, SIZE_MAX,
                         "issued at %lld, later than the validation time %lld plus %d s skew",
                         (long long)out->claims.iat, (long long)now, DPP_IAT_SKEW_SECONDS);
            err = fail(rep, DPP_CHECK_IAT, DPP_ERR_NOT_YET_VALID);
        } else {
            mark(rep, DPP_CHECK_IAT, DPP_CHECK_PASS);
        }
    }
    if (err == DPP_OK) {
        if (!out->claims.has_exp) {
            mark(rep, DPP_CHECK_EXP, DPP_CHECK_SKIPPED);
        } else if (out->claims.exp <= now) {
            dpp_diag_set(diag, DPP_ERR_EXPIRED, SIZE_MAX, "expired at %lld; validation time is %lld",
                         (long long)out->claims.exp, (long long)now);
            err = fail(rep, DPP_CHECK_EXP, DPP_ERR_EXPIRED);
        } else {
            mark(rep, DPP_CHECK_EXP, DPP_CHECK_PASS);
        }
    }
    if (err == DPP_OK) {
        err = cres.passport_err;
        if (err != DPP_OK) *diag = cres.passport_diag;
        else err = dpp_passport_validate(&out->passport, diag);
        if (err != DPP_OK) err = fail(rep, DPP_CHECK_SCHEMA, err);
        else mark(rep, DPP_CHECK_SCHEMA, DPP_CHECK_PASS);
    }
    if (err != DPP_OK) {
        memset(out, 0, sizeof *out);
        rep->err = err;
        return err;
    }
    fill_claims_sig(&out->claims, &m, compressed);
    rep->err = DPP_OK;
    return DPP_OK;
}

dpp_err dpp_inspect(const char *text, size_t text_len, dpp_unverified *out, dpp_diag *diag)
{
    uint8_t cose[DPP_MAX_COSE_LEN];
    dpp_cose_sign1 m;
    claims_result cres;
    bool compressed = false;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (text == NULL || out == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "text and out must not be NULL");
    err = unwrap_and_parse(text, text_len, cose, &m, &compressed, NULL, diag);
    if (err == DPP_OK) err = read_claims(&m.payload, &out->claims_unverified, &out->passport_unverified, &cres, diag);
    if (err == DPP_OK) {
        err = cres.passport_err;
        if (err != DPP_OK) {
            if (diag != NULL) *diag = cres.passport_diag;
        } else {
            err = dpp_passport_validate(&out->passport_unverified, diag);
        }
    }
    if (err != DPP_OK) {
        memset(out, 0, sizeof *out);
        return err;
    }
    if (m.has_alg) out->claims_unverified.alg = (dpp_alg)m.alg;
    if (m.kid.len == DPP_KID_LEN) memcpy(out->claims_unverified.kid, m.kid.ptr, DPP_KID_LEN);
    out->claims_unverified.compressed = compressed;
    return DPP_OK;
}
