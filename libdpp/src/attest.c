/* SPDX-License-Identifier: Apache-2.0 */
/* Third-party attestations (a COSE_Sign1 with a detached payload rebuilt from
 * the passport), the full-passport link check, and the claim ranges of an
 * encoded passport. spec/trust.md sections 5 and 7. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "cose_internal.h"
#include "crypto.h"
#include "diag.h"
#include "dpp/dpp_attest.h"
#include "dpp/dpp_digest.h"
#include "attest_internal.h"
#include "dpp/dpp_verify.h"

static const char k_att_aad[] = "dpp-attestation-v1";
const dpp_bytes dpp_att_aad = {(const uint8_t *)k_att_aad, sizeof k_att_aad - 1};

/* Most claim identifiers in one attestation. */
#define ATT_MAX_CLAIMS 16

size_t dpp_max_attestation_len(void) { return DPP_MAX_ATTESTATION_LEN; }

/* ---- claims inside an encoded passport ---- */

dpp_err dpp_claim_ranges_find(const uint8_t *pc, size_t pc_len, dpp_claim_ranges *out)
{
    cb_reader r;
    cb_item map, k;
    size_t id_start = SIZE_MAX, id_end = 0;

    memset(out, 0, sizeof *out);
    dpp_cb_init(&r, pc, pc_len, true);
    if (dpp_cb_next(&r, &map) != DPP_OK) return r.err;
    if (map.type != CB_MAP) return DPP_ERR_SCHEMA_TYPE;
    for (uint64_t i = 0; i < map.v; i++) {
        size_t kstart, vstart;
        if (dpp_cb_next(&r, &k) != DPP_OK) return r.err;
        if (k.type != CB_UINT) return DPP_ERR_SCHEMA_UNKNOWN_FIELD;
        kstart = k.off;
        vstart = r.pos;
        if (k.v == DPP_CLAIM_CERTIFICATIONS) {
            cb_item arr;
            if (dpp_cb_next(&r, &arr) != DPP_OK) return r.err;
            if (arr.type != CB_ARRAY) return DPP_ERR_SCHEMA_TYPE;
            for (uint64_t j = 0; j < arr.v; j++) {
                size_t s = r.pos;
                if (dpp_cb_skip(&r, NULL) != DPP_OK) return r.err;
                if (j < DPP_MAX_CERTIFICATIONS) {
                    out->claim[DPP_CLAIM_CERTIFICATION_0 + j].ptr = pc + s;
                    out->claim[DPP_CLAIM_CERTIFICATION_0 + j].len = r.pos - s;
                }
            }
        } else if (dpp_cb_skip(&r, NULL) != DPP_OK) {
            return r.err;
        }
        if (k.v >= 2 && k.v <= 8) {
            if (id_start == SIZE_MAX) id_start = kstart;
            id_end = r.pos;
        } else if (k.v >= DPP_CLAIM_MANUFACTURER && k.v <= DPP_CLAIM_EXTENSIONS) {
            out->claim[k.v].ptr = pc + vstart;
            out->claim[k.v].len = r.pos - vstart;
        }
    }
    if (id_start != SIZE_MAX) {
        out->claim[DPP_CLAIM_IDENTITY].ptr = pc + id_start;
        out->claim[DPP_CLAIM_IDENTITY].len = id_end - id_start;
    }
    return dpp_cb_finish(&r);
}

/* ---- structure ---- */

#define ATT_FAIL(r, diag)                                                                                       \
    dpp_diag_set(diag, (r)->err, (r)->err_off, "attestation: %s at offset %zu", dpp_err_name((r)->err), (r)->err_off)

dpp_err dpp_att_read(cb_reader *r, dpp_att_view *out, dpp_diag *diag)
{
    cb_item a, c, b, t;
    size_t sig_start;
    int64_t prev = -1;
    dpp_cose_opts opts = {DPP_COSE_STRICT, {NULL, 0}};
    dpp_err err;

    memset(out, 0, sizeof *out);
    if (dpp_cb_next(r, &a) != DPP_OK) return ATT_FAIL(r, diag);
    if (a.type != CB_ARRAY || (a.v != 4 && a.v != 5))
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, a.off,
                            "attestation: not an array [claims, binding, product tag, COSE_Sign1, ? signed_at]");
    if (dpp_cb_next(r, &c) != DPP_OK) return ATT_FAIL(r, diag);
    if (c.type != CB_ARRAY || c.v == 0 || c.v > ATT_MAX_CLAIMS)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, c.off, "attestation: claims must be an array of 1..%d ids",
                            ATT_MAX_CLAIMS);
    for (uint64_t i = 0; i < c.v; i++) {
        cb_item id;
        if (dpp_cb_next(r, &id) != DPP_OK) return ATT_FAIL(r, diag);
        if (id.type != CB_UINT || id.v > DPP_CLAIM_MAX || dpp_claim_name((unsigned)id.v) == NULL)
            return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, id.off, "attestation: claims[%" PRIu64 "] is not a claim id",
                                i);
        if ((int64_t)id.v <= prev)
            return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, id.off,
                                "attestation: claim ids must be strictly increasing");
        prev = (int64_t)id.v;
        out->claims |= DPP_CLAIM_BIT(id.v);
    }
    if (dpp_cb_next(r, &b) != DPP_OK) return ATT_FAIL(r, diag);
    if (b.type != CB_UINT || b.v > DPP_BINDING_PASSPORT)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, b.off, "attestation: binding must be 0..3");
    out->binding = (dpp_binding)b.v;
    if (dpp_cb_next(r, &t) != DPP_OK) return ATT_FAIL(r, diag);
    if (t.type != CB_BSTR || t.v != sizeof out->tag)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, t.off, "attestation: product tag must be a 4-byte bstr");
    memcpy(out->tag, t.ptr, sizeof out->tag);
    sig_start = r->pos;
    if (dpp_cb_skip(r, NULL) != DPP_OK) return ATT_FAIL(r, diag);
    err = dpp_cose_sign1_parse(r->buf + sig_start, r->pos - sig_start, &opts, &out->sig, diag);
    if (err != DPP_OK) return err;
    if (out->sig.tagged || out->sig.cwt_tagged || !out->sig.detached)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, sig_start,
                            "attestation: the signature must be an untagged COSE_Sign1 with a nil payload");
    if (!out->sig.has_alg || !out->sig.alg_protected || dpp_alg_name((dpp_alg)out->sig.alg) == NULL)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, sig_start,
                            "attestation: protected header needs alg ES256, ES384, EdDSA or PS256");
    if (out->sig.kid.len != DPP_KID_LEN || !out->sig.kid_protected || !out->sig.unprotected_empty)
        return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, sig_start,
                            "attestation: protected header needs an 8-byte kid; unprotected header must be empty");
    if (a.v == 5) {
        cb_item st;
        if (dpp_cb_next(r, &st) != DPP_OK) return ATT_FAIL(r, diag);
        if (st.type != CB_UINT || st.v == 0 || st.v > (uint64_t)INT64_MAX)
            return dpp_diag_set(diag, DPP_ERR_CWT_CLAIMS, st.off,
                                "attestation: signed_at must be seconds since the epoch, > 0");
        out->has_signed_at = true;
        out->signed_at = (int64_t)st.v;
    }
    return DPP_OK;
}

static uint64_t gtin_value(const char *g)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 14 && g[i] >= '0' && g[i] <= '9'; i++) v = v * 10 + (uint64_t)(g[i] - '0');
    return v;
}

/* The binding map of passport p at this binding level. */
static void write_binding(cw_writer *w, dpp_binding binding, const dpp_passport *p)
{
    dpp_cw_map(w, binding == DPP_BINDING_PRODUCT ? 1 : 2);
    dpp_cw_uint(w, 1);
    dpp_cw_uint(w, gtin_value(p->gtin));
    if (binding == DPP_BINDING_BATCH) {
        dpp_cw_uint(w, 2);
        dpp_cw_cstr(w, p->batch);
    } else if (binding == DPP_BINDING_ITEM) {
        dpp_cw_uint(w, 3);
        dpp_cw_cstr(w, p->serial);
    } else if (binding == DPP_BINDING_PASSPORT) {
        dpp_cw_uint(w, 4);
        dpp_cw_bstr(w, p->id, sizeof p->id);
    }
}

/* Computes the 4-byte product tag of p at this binding level. */
static dpp_err product_tag(dpp_binding binding, const dpp_passport *p, uint8_t tag[4])
{
    uint8_t buf[64], h[DPP_SHA256_LEN];
    cw_writer w;
    dpp_err err;
    dpp_cw_init(&w, buf, sizeof buf);
    write_binding(&w, binding, p);
    if (dpp_cw_err(&w) != DPP_OK) return dpp_cw_err(&w);
    err = dpp_crypto_sha256(buf, w.len, h);
    if (err == DPP_OK) memcpy(tag, h, 4);
    return err;
}

static const char *binding_field(dpp_binding b)
{
    return b == DPP_BINDING_BATCH ? "batch" : b == DPP_BINDING_ITEM ? "serial" : "id";
}

dpp_err dpp_att_payload(const dpp_att_view *a, const dpp_passport *p, const dpp_claim_ranges *ranges, uint8_t *buf,
                        size_t cap, size_t *len, dpp_diag *diag)
{
    uint8_t tag[4];
    cw_writer w;
    unsigned n = 0;
    dpp_err err;

    *len = 0;
    if ((a->binding == DPP_BINDING_BATCH && p->batch[0] == '\0') ||
        (a->binding == DPP_BINDING_ITEM && p->serial[0] == '\0'))
        return dpp_diag_set(diag, DPP_ERR_ATTESTATION_PRODUCT, SIZE_MAX,
                            "attestation is bound to a %s, but the passport has no %s",
                            dpp_binding_name(a->binding), binding_field(a->binding));
    err = product_tag(a->binding, p, tag);
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "attestation: cannot compute the product tag");
    if (memcmp(tag, a->tag, sizeof tag) != 0)
        return dpp_diag_set(diag, DPP_ERR_ATTESTATION_PRODUCT, SIZE_MAX,
                            "attestation was made for another %s (product tag %02x%02x%02x%02x, this passport's is "
                            "%02x%02x%02x%02x)",
                            dpp_binding_name(a->binding), a->tag[0], a->tag[1], a->tag[2], a->tag[3], tag[0], tag[1],
                            tag[2], tag[3]);
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++) {
        if ((a->claims & DPP_CLAIM_BIT(c)) == 0) continue;
        if (ranges->claim[c].len == 0)
            return dpp_diag_set(diag, DPP_ERR_ATTESTATION_CLAIM, SIZE_MAX,
                                "attestation covers %s, which the passport does not have", dpp_claim_name(c));
        n++;
    }
    dpp_cw_init(&w, buf, cap);
    dpp_cw_array(&w, a->has_signed_at ? 3 : 2);
    write_binding(&w, a->binding, p);
    dpp_cw_array(&w, n);
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++) {
        uint8_t h[DPP_SHA256_LEN];
        if ((a->claims & DPP_CLAIM_BIT(c)) == 0) continue;
        err = dpp_crypto_sha256(ranges->claim[c].ptr, ranges->claim[c].len, h);
        if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "attestation: SHA-256 failed");
        dpp_cw_array(&w, 2);
        dpp_cw_uint(&w, c);
        dpp_cw_bstr(&w, h, sizeof h);
    }
    if (a->has_signed_at) dpp_cw_uint(&w, (uint64_t)a->signed_at);
    if (dpp_cw_err(&w) != DPP_OK) return dpp_diag_set(diag, dpp_cw_err(&w), SIZE_MAX, "attestation payload too large");
    *len = w.len;
    return DPP_OK;
}

/* ---- public API ---- */

dpp_err dpp_attest(const dpp_passport *p, const dpp_key *key, uint32_t claims, dpp_binding binding, uint8_t *out,
                   size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    return dpp_attest_at(p, key, claims, binding, 0, out, out_cap, out_len, diag);
}

dpp_err dpp_attest_at(const dpp_passport *p, const dpp_key *key, uint32_t claims, dpp_binding binding,
                      int64_t signed_at, uint8_t *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    uint8_t pc[DPP_MAX_COSE_LEN], payload[DPP_ATT_PAYLOAD_MAX], sig1[DPP_MAX_ATTESTATION_LEN];
    size_t pc_len = 0, payload_len = 0, sig1_len = 0;
    dpp_claim_ranges ranges;
    dpp_att_view a;
    dpp_cose_opts opts;
    cw_writer w;
    unsigned n = 0;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (p == NULL || key == NULL || out_len == NULL || (out == NULL && out_cap != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "passport, key and out_len must not be NULL");
    if (claims == 0 || (claims & ~DPP_CLAIM_ALL_MASK) != 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "claims: 0x%" PRIx32 " is empty or names no claim",
                            claims);
    if ((int)binding < DPP_BINDING_PRODUCT || (int)binding > DPP_BINDING_PASSPORT)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "binding: %d is not 0..3", (int)binding);
    if (!dpp_key_is_private(key))
        return dpp_diag_set(diag, DPP_ERR_KEY_NOT_PRIVATE, SIZE_MAX, "attesting needs the attester's private key");
    err = dpp_passport_to_cbor(p, pc, sizeof pc, &pc_len, diag);
    if (err != DPP_OK) return err;
    err = dpp_claim_ranges_find(pc, pc_len, &ranges);
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "cannot find the claims in the passport CBOR");
    if (signed_at < 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "signed_at: %lld is negative", (long long)signed_at);
    memset(&a, 0, sizeof a);
    a.claims = claims;
    a.binding = binding;
    a.has_signed_at = signed_at > 0;
    a.signed_at = signed_at;
    if ((binding == DPP_BINDING_BATCH && p->batch[0] == '\0') || (binding == DPP_BINDING_ITEM && p->serial[0] == '\0'))
        return dpp_diag_set(diag, DPP_ERR_ATTESTATION_PRODUCT, SIZE_MAX, "binding %s: the passport has no %s",
                            dpp_binding_name(binding), binding_field(binding));
    err = product_tag(binding, p, a.tag);
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "cannot compute the product tag");
    err = dpp_att_payload(&a, p, &ranges, payload, sizeof payload, &payload_len, diag);
    if (err != DPP_OK) return err;
    opts.flags = DPP_COSE_INCLUDE_KID;
    opts.aad = dpp_att_aad;
    err = dpp_cose_sign1_sign_ex(payload, payload_len, true, sizeof sig1, key, &opts, out == NULL ? NULL : sig1,
                                 out == NULL ? 0 : sizeof sig1, &sig1_len, diag);
    if (err != DPP_OK) return err;

    dpp_cw_init(&w, out, out == NULL ? 0 : out_cap);
    if (out == NULL) dpp_cw_init(&w, NULL, 0);
    dpp_cw_array(&w, a.has_signed_at ? 5 : 4);
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++) n += (claims & DPP_CLAIM_BIT(c)) != 0;
    dpp_cw_array(&w, n);
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++)
        if (claims & DPP_CLAIM_BIT(c)) dpp_cw_uint(&w, c);
    dpp_cw_uint(&w, (uint64_t)binding);
    dpp_cw_bstr(&w, a.tag, sizeof a.tag);
    if (out == NULL) {
        cw_writer tail;
        dpp_cw_init(&tail, NULL, 0);
        if (a.has_signed_at) dpp_cw_uint(&tail, (uint64_t)signed_at);
        *out_len = w.len + sig1_len + tail.len;
        return DPP_OK;
    }
    dpp_cw_raw(&w, sig1, sig1_len);
    if (a.has_signed_at) dpp_cw_uint(&w, (uint64_t)signed_at);
    if (dpp_cw_err(&w) != DPP_OK)
        return dpp_diag_set(diag, DPP_ERR_BUFFER_TOO_SMALL, SIZE_MAX, "out: %zu bytes, need %zu", out_cap,
                            w.len + sig1_len);
    *out_len = w.len;
    return DPP_OK;
}

/* Parses a whole attestation buffer. */
static dpp_err att_parse(const uint8_t *att, size_t att_len, dpp_att_view *a, dpp_diag *diag)
{
    cb_reader r;
    dpp_err err;
    if (att == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "attestation is NULL");
    if (att_len > DPP_MAX_ATTESTATION_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "attestation: %zu bytes, limit %d", att_len,
                            DPP_MAX_ATTESTATION_LEN);
    dpp_cb_init(&r, att, att_len, true);
    err = dpp_att_read(&r, a, diag);
    if (err != DPP_OK) return err;
    if (dpp_cb_finish(&r) != DPP_OK)
        return dpp_diag_set(diag, DPP_ERR_CBOR_TRAILING, r.err_off, "attestation: trailing bytes at offset %zu",
                            r.err_off);
    return DPP_OK;
}

dpp_err dpp_attestation_peek(const uint8_t *att, size_t att_len, dpp_attestation_ref *out, dpp_diag *diag)
{
    dpp_att_view a;
    dpp_err err;
    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (out == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out is NULL");
    err = att_parse(att, att_len, &a, diag);
    if (err != DPP_OK) return err;
    memcpy(out->kid, a.sig.kid.ptr, DPP_KID_LEN);
    out->alg = (dpp_alg)a.sig.alg;
    out->binding = a.binding;
    out->claims = a.claims;
    out->has_signed_at = a.has_signed_at;
    out->signed_at = a.signed_at;
    return DPP_OK;
}

dpp_err dpp_attestation_match(const uint8_t *att, size_t att_len, const dpp_passport *p, dpp_diag *diag)
{
    uint8_t pc[DPP_MAX_COSE_LEN], payload[DPP_ATT_PAYLOAD_MAX];
    size_t pc_len = 0, payload_len = 0;
    dpp_claim_ranges ranges;
    dpp_att_view a;
    dpp_err err;

    dpp_diag_clear(diag);
    if (p == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "passport is NULL");
    err = att_parse(att, att_len, &a, diag);
    if (err != DPP_OK) return err;
    err = dpp_passport_to_cbor(p, pc, sizeof pc, &pc_len, diag);
    if (err != DPP_OK) return err;
    err = dpp_claim_ranges_find(pc, pc_len, &ranges);
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "cannot find the claims in the passport CBOR");
    return dpp_att_payload(&a, p, &ranges, payload, sizeof payload, &payload_len, diag);
}

int dpp_claim_attested_by(const dpp_verified *v, unsigned claim)
{
    if (v == NULL || claim > DPP_CLAIM_MAX) return -1;
    for (size_t i = 0; i < v->claims.n_attestations && i < DPP_MAX_ATTESTATIONS; i++) {
        uint32_t m = v->claims.attestations[i].claims;
        if (m & DPP_CLAIM_BIT(claim)) return (int)i;
        if (claim >= DPP_CLAIM_CERTIFICATION_0 && (m & DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATIONS))) return (int)i;
    }
    return -1;
}

dpp_err dpp_sha256(const uint8_t *data, size_t len, uint8_t out[32])
{
    if (out == NULL || (data == NULL && len != 0)) return DPP_ERR_INVALID_ARG;
    return dpp_crypto_sha256(data, len, out);
}

static void hex32(const uint8_t *p, char out[65])
{
    static const char k[] = "0123456789abcdef";
    for (size_t i = 0; i < 32; i++) {
        out[2 * i] = k[p[i] >> 4];
        out[2 * i + 1] = k[p[i] & 15];
    }
    out[64] = '\0';
}

dpp_err dpp_verify_full_document(const dpp_verified *v, const uint8_t *doc, size_t doc_len, dpp_diag *diag)
{
    uint8_t h[DPP_SHA256_LEN];
    char a[65], b[65];
    dpp_err err;
    dpp_diag_clear(diag);
    if (v == NULL || (doc == NULL && doc_len != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "verified passport or document is NULL");
    if (!v->claims.has_link_sha256)
        return dpp_diag_set(diag, DPP_ERR_LINK_MISSING, SIZE_MAX,
                            "the passport carries no digest of the full passport document");
    err = dpp_crypto_sha256(doc, doc_len, h);
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "SHA-256 failed");
    if (memcmp(h, v->claims.link_sha256, sizeof h) != 0) {
        hex32(v->claims.link_sha256, a);
        hex32(h, b);
        return dpp_diag_set(diag, DPP_ERR_DOCUMENT_MISMATCH, SIZE_MAX,
                            "full document SHA-256 is %s; the signed label says %s", b, a);
    }
    return DPP_OK;
}
