/* SPDX-License-Identifier: Apache-2.0 */
/* COSE_Sign1 (RFC 9052): parse, verify, sign. No OpenSSL here: crypto goes
 * through crypto.h. Parsing uses the bounded reader and never allocates. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dpp/dpp_cose.h"
#include "cbor_read.h"
#include "cbor_write.h"
#include "cose_internal.h"
#include "crypto.h"
#include "diag.h"
#include "key_internal.h"

#define TAG_COSE_SIGN1 18
#define TAG_CWT 61

#define HDR_ALG 1
#define HDR_CRIT 2
#define HDR_KID 4

#define KNOWN_FLAGS (DPP_COSE_TAGGED | DPP_COSE_INCLUDE_KID | DPP_COSE_ALLOW_UNPROTECTED_ALG | DPP_COSE_STRICT)

/* Protected header we write: A2 01 <alg, <= 2 bytes> 04 48 <8-byte kid>. */
#define PROT_HDR_MAX 16

/* One header label seen so far: an integer (type CB_UINT/CB_NEGINT, v as
 * read) or a text string (type CB_TSTR, ptr/v). */
typedef struct hdr_label {
    cb_type type;
    uint64_t v;
    const uint8_t *ptr;
} hdr_label;

typedef struct hdr_state {
    hdr_label labels[2 * DPP_COSE_MAX_HDR_LABELS];
    size_t n; /* labels recorded, protected bucket first */
    dpp_cose_sign1 *out;
} hdr_state;

static bool alg_supported(int64_t alg)
{
    return alg == DPP_ALG_ES256 || alg == DPP_ALG_ES384 || alg == DPP_ALG_EDDSA || alg == DPP_ALG_PS256;
}

static const char *alg_label(int64_t alg)
{
    const char *s = alg_supported(alg) ? dpp_alg_name((dpp_alg)alg) : NULL;
    return s != NULL ? s : "unsupported";
}

static const char *bucket_name(bool prot) { return prot ? "protected header" : "unprotected header"; }

static bool label_equal(const hdr_label *a, const hdr_label *b)
{
    if (a->type != b->type || a->v != b->v) return false;
    return a->type != CB_TSTR || a->v == 0 || memcmp(a->ptr, b->ptr, (size_t)a->v) == 0;
}

static dpp_err check_opts(const dpp_cose_opts *opts, unsigned *flags, dpp_diag *diag)
{
    *flags = 0;
    if (opts == NULL) return DPP_OK;
    if ((opts->flags & ~KNOWN_FLAGS) != 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.flags: unknown bits 0x%x",
                            opts->flags & ~KNOWN_FLAGS);
    if (opts->aad.ptr == NULL && opts->aad.len != 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts.aad: NULL pointer with length %zu",
                            opts->aad.len);
    if (opts->aad.len > DPP_COSE_MAX_AAD_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "opts.aad: %zu bytes, limit %d", opts->aad.len,
                            DPP_COSE_MAX_AAD_LEN);
    *flags = opts->flags;
    return DPP_OK;
}

/* Reader error -> diag, with the offset translated to the whole message. */
static dpp_err reader_fail(const cb_reader *r, size_t base, const char *where, dpp_diag *diag)
{
    return dpp_diag_set(diag, r->err, base + r->err_off, "%s: %s at offset %zu", where, dpp_err_name(r->err),
                        base + r->err_off);
}

/*
 * Reads the pairs of one header map (head already read) into h->out.
 * base: offset of r's buffer within the whole message (for diagnostics).
 */
static dpp_err read_header_map(cb_reader *r, const cb_item *head, bool prot, size_t base, hdr_state *h,
                               dpp_diag *diag)
{
    const char *where = bucket_name(prot);
    dpp_cose_sign1 *out = h->out;
    const uint8_t *prev = NULL;
    size_t prev_len = 0;
    size_t first = h->n;

    if (head->v > DPP_COSE_MAX_HDR_LABELS)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, base + head->off, "%s: %" PRIu64 " labels, limit %d", where,
                            head->v, DPP_COSE_MAX_HDR_LABELS);
    for (uint64_t i = 0; i < head->v; i++) {
        cb_item k;
        cb_item v;
        hdr_label lab;
        int64_t num = 0;
        bool is_int;

        if (dpp_cb_next(r, &k) != DPP_OK) return reader_fail(r, base, where, diag);
        if (k.type != CB_UINT && k.type != CB_NEGINT && k.type != CB_TSTR)
            return dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, base + k.off,
                                "%s: label at offset %zu is not an int or tstr", where, base + k.off);
        if (r->strict) {
            dpp_err e = dpp_cb_key_order(prev, prev_len, r->buf + k.off, k.end - k.off);
            if (e != DPP_OK)
                return dpp_diag_set(diag, e, base + k.off, "%s: label at offset %zu %s", where, base + k.off,
                                    e == DPP_ERR_CBOR_DUPLICATE_KEY ? "repeats a label" : "out of canonical order");
            prev = r->buf + k.off;
            prev_len = k.end - k.off;
        }
        lab.type = k.type;
        lab.v = k.v;
        lab.ptr = k.ptr;
        for (size_t j = 0; j < h->n; j++) {
            if (!label_equal(&h->labels[j], &lab)) continue;
            if (j >= first)
                return dpp_diag_set(diag, DPP_ERR_CBOR_DUPLICATE_KEY, base + k.off,
                                    "%s: label at offset %zu repeats a label", where, base + k.off);
            return dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, base + k.off,
                                "unprotected header: label at offset %zu is also in the protected header",
                                base + k.off);
        }
        h->labels[h->n++] = lab; /* n < 2 * cap: each bucket holds at most cap labels */

        is_int = k.type != CB_TSTR && dpp_cb_item_int64(&k, &num);
        if (is_int && num == HDR_CRIT)
            return dpp_diag_set(diag, DPP_ERR_CRIT_UNSUPPORTED, base + k.off,
                                "%s: crit (label 2) names headers this library does not understand", where);
        if (is_int && num == HDR_ALG) {
            int64_t alg = 0;
            if (dpp_cb_next(r, &v) != DPP_OK) return reader_fail(r, base, where, diag);
            if (v.type == CB_TSTR) {
                char q[DPP_DIAG_QUOTE_CAP];
                return dpp_diag_set(diag, DPP_ERR_ALG_UNSUPPORTED, base + v.off,
                                    "%s: alg is the text \"%s\"; only integer algs are supported", where,
                                    dpp_diag_quote(q, 48, v.ptr, (size_t)v.v));
            }
            if (v.type != CB_UINT && v.type != CB_NEGINT)
                return dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, base + v.off, "%s: alg is not an integer",
                                    where);
            if (!dpp_cb_item_int64(&v, &alg))
                return dpp_diag_set(diag, DPP_ERR_ALG_UNSUPPORTED, base + v.off, "%s: alg out of range", where);
            out->has_alg = true;
            out->alg_protected = prot;
            out->alg = alg;
        } else if (is_int && num == HDR_KID) {
            if (dpp_cb_next(r, &v) != DPP_OK) return reader_fail(r, base, where, diag);
            if (v.type != CB_BSTR)
                return dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, base + v.off, "%s: kid is not a bstr", where);
            out->kid.ptr = v.ptr;
            out->kid.len = (size_t)v.v;
            out->kid_protected = prot;
        } else if (dpp_cb_skip(r, NULL) != DPP_OK) {
            return reader_fail(r, base, where, diag);
        }
    }
    return DPP_OK;
}

/* Parses the protected bstr's content [p, p+n) at offset base. */
static dpp_err read_protected(const uint8_t *p, size_t n, size_t base, bool strict, hdr_state *h, dpp_diag *diag)
{
    cb_reader pr;
    cb_item head;
    dpp_err rc;

    if (n == 0) return DPP_OK; /* zero-length bstr: no protected header */
    dpp_cb_init(&pr, p, n, strict);
    if (dpp_cb_next(&pr, &head) != DPP_OK) return reader_fail(&pr, base, "protected header", diag);
    if (head.type != CB_MAP)
        return dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, base, "protected header: content is not a map");
    rc = read_header_map(&pr, &head, true, base, h, diag);
    if (rc != DPP_OK) return rc;
    if (dpp_cb_finish(&pr) != DPP_OK)
        return dpp_diag_set(diag, DPP_ERR_CBOR_TRAILING, base + pr.err_off,
                            "protected header: %zu bytes after the map", n - pr.err_off);
    return DPP_OK;
}

dpp_err dpp_cose_sign1_parse(const uint8_t *msg, size_t msg_len, const dpp_cose_opts *opts, dpp_cose_sign1 *out,
                             dpp_diag *diag)
{
    return dpp_cose_sign1_parse_cap(msg, msg_len, DPP_MAX_COSE_LEN, opts, out, diag);
}

dpp_err dpp_cose_sign1_parse_cap(const uint8_t *msg, size_t msg_len, size_t max_len, const dpp_cose_opts *opts,
                                 dpp_cose_sign1 *out, dpp_diag *diag)
{
    cb_reader r;
    cb_item it;
    hdr_state h;
    unsigned flags = 0;
    dpp_err rc;

    if (out != NULL) memset(out, 0, sizeof *out);
    if (out == NULL || msg == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "msg or out is NULL");
    rc = check_opts(opts, &flags, diag);
    if (rc != DPP_OK) return rc;
    if (msg_len == 0) return dpp_diag_set(diag, DPP_ERR_CBOR_MALFORMED, 0, "COSE_Sign1: empty input");
    if (msg_len > max_len)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "COSE_Sign1: %zu bytes, limit %zu", msg_len, max_len);

    h.n = 0;
    h.out = out;
    dpp_cb_init(&r, msg, msg_len, (flags & DPP_COSE_STRICT) != 0);

    if (dpp_cb_next(&r, &it) != DPP_OK) goto reader_error;
    if (it.type == CB_TAG && it.v == TAG_CWT) {
        out->cwt_tagged = true;
        if (dpp_cb_next(&r, &it) != DPP_OK) goto reader_error;
    }
    if (it.type == CB_TAG && it.v == TAG_COSE_SIGN1) {
        out->tagged = true;
        if (dpp_cb_next(&r, &it) != DPP_OK) goto reader_error;
    }
    if (it.type == CB_TAG) {
        rc = dpp_diag_set(diag, DPP_ERR_COSE_TAG, it.off, "COSE_Sign1: unexpected tag %" PRIu64 " at offset %zu",
                          it.v, it.off);
        goto done;
    }
    if ((flags & DPP_COSE_TAGGED) && !out->tagged) {
        rc = dpp_diag_set(diag, DPP_ERR_COSE_TAG, it.off, "COSE_Sign1: tag 18 required");
        goto done;
    }
    if (it.type != CB_ARRAY || it.v != 4) {
        rc = dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, it.off, "COSE_Sign1: not an array of 4 elements");
        goto done;
    }

    /* [0] protected: bstr .cbor header_map (or empty) */
    if (dpp_cb_next(&r, &it) != DPP_OK) goto reader_error;
    if (it.type != CB_BSTR) {
        rc = dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, it.off, "COSE_Sign1[0] protected header: not a bstr");
        goto done;
    }
    out->protected_hdr.ptr = it.ptr;
    out->protected_hdr.len = (size_t)it.v;
    rc = read_protected(it.ptr, (size_t)it.v, it.end - (size_t)it.v, r.strict, &h, diag);
    if (rc != DPP_OK) goto done;

    /* [1] unprotected: header_map */
    if (dpp_cb_next(&r, &it) != DPP_OK) goto reader_error;
    if (it.type != CB_MAP) {
        rc = dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, it.off, "COSE_Sign1[1] unprotected header: not a map");
        goto done;
    }
    out->unprotected_empty = it.v == 0;
    /* A label in both buckets is rejected, so an alg or kid found here was
     * not in the protected header. */
    rc = read_header_map(&r, &it, false, 0, &h, diag);
    if (rc != DPP_OK) goto done;

    /* [2] payload: bstr / nil */
    if (dpp_cb_next(&r, &it) != DPP_OK) goto reader_error;
    if (it.type == CB_BSTR) {
        out->payload.ptr = it.ptr;
        out->payload.len = (size_t)it.v;
    } else if (it.type == CB_NULL) {
        out->detached = true;
    } else {
        rc = dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, it.off, "COSE_Sign1[2] payload: not a bstr or nil");
        goto done;
    }

    /* [3] signature: bstr */
    if (dpp_cb_next(&r, &it) != DPP_OK) goto reader_error;
    if (it.type != CB_BSTR) {
        rc = dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, it.off, "COSE_Sign1[3] signature: not a bstr");
        goto done;
    }
    out->signature.ptr = it.ptr;
    out->signature.len = (size_t)it.v;

    if (dpp_cb_finish(&r) != DPP_OK) {
        rc = dpp_diag_set(diag, DPP_ERR_CBOR_TRAILING, r.err_off, "COSE_Sign1: %zu trailing bytes at offset %zu",
                          msg_len - r.err_off, r.err_off);
        goto done;
    }
    dpp_diag_clear(diag);
    return DPP_OK;

reader_error:
    rc = reader_fail(&r, 0, "COSE_Sign1", diag);
done:
    memset(out, 0, sizeof *out);
    return rc;
}

dpp_err dpp_cose_sig_structure(const dpp_cose_sign1 *msg, const dpp_cose_opts *opts, uint8_t *buf, size_t cap,
                               size_t *len)
{
    cw_writer w;
    static const char context[] = "Signature1";
    dpp_bytes prot;
    dpp_bytes aad = {NULL, 0};

    if (len != NULL) *len = 0;
    if (msg == NULL || len == NULL || msg->detached) return DPP_ERR_INVALID_ARG;
    if ((msg->protected_hdr.ptr == NULL && msg->protected_hdr.len != 0) ||
        (msg->payload.ptr == NULL && msg->payload.len != 0))
        return DPP_ERR_INVALID_ARG;
    if (opts != NULL) aad = opts->aad;
    if (aad.ptr == NULL && aad.len != 0) return DPP_ERR_INVALID_ARG;
    /* RFC 9052 section 4.4: body_protected is the protected bstr exactly as
     * received. An empty map sent as h'A0' (or B800, ...) is signed as those
     * bytes, never rewritten to h'': rewriting would let anyone swap one
     * encoding for another under the same signature. */
    prot = msg->protected_hdr;

    dpp_cw_init(&w, buf, cap);
    dpp_cw_array(&w, 4);
    dpp_cw_tstr(&w, context, sizeof context - 1);
    dpp_cw_bstr(&w, prot.ptr, prot.len);
    dpp_cw_bstr(&w, aad.ptr, aad.len);
    dpp_cw_bstr(&w, msg->payload.ptr, msg->payload.len);
    if (dpp_cw_err(&w) != DPP_OK) return dpp_cw_err(&w);
    *len = w.len;
    return DPP_OK;
}

dpp_err dpp_cose_sign1_verify_parsed(const dpp_cose_sign1 *msg, const dpp_key *key, const dpp_cose_opts *opts,
                                     dpp_diag *diag)
{
    return dpp_cose_sign1_verify_ex(msg, NULL, key, opts, diag);
}

dpp_err dpp_cose_sign1_verify_ex(const dpp_cose_sign1 *msg, const dpp_bytes *detached, const dpp_key *key,
                                 const dpp_cose_opts *opts, dpp_diag *diag)
{
    uint8_t stack_tbs[DPP_COSE_SIG_STRUCTURE_MAX];
    uint8_t *tbs = stack_tbs;
    size_t tbs_len = 0;
    unsigned flags = 0;
    dpp_alg key_alg;
    dpp_cose_sign1 m;
    size_t want;
    dpp_err rc;

    if (msg == NULL || key == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "msg or key is NULL");
    rc = check_opts(opts, &flags, diag);
    if (rc != DPP_OK) return rc;
    if (msg->detached && detached == NULL)
        return dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX,
                            "COSE_Sign1: detached payload (nil) cannot be verified by this API");
    if (!msg->detached && detached != NULL)
        return dpp_diag_set(diag, DPP_ERR_COSE_STRUCTURE, SIZE_MAX,
                            "COSE_Sign1: payload is attached, but a detached payload was supplied");
    if (detached != NULL && detached->ptr == NULL && detached->len != 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "detached payload: NULL pointer with a length");
    if (!msg->has_alg) return dpp_diag_set(diag, DPP_ERR_ALG_MISSING, SIZE_MAX, "COSE_Sign1: no alg header");
    if (!msg->alg_protected && !(flags & DPP_COSE_ALLOW_UNPROTECTED_ALG))
        return dpp_diag_set(diag, DPP_ERR_ALG_UNPROTECTED, SIZE_MAX,
                            "COSE_Sign1: alg %" PRId64 " is only in the unprotected header", msg->alg);
    if (!alg_supported(msg->alg))
        return dpp_diag_set(diag, DPP_ERR_ALG_UNSUPPORTED, SIZE_MAX,
                            "COSE_Sign1: alg %" PRId64 " not supported (ES256, ES384, EdDSA, PS256)", msg->alg);
    key_alg = dpp_key_alg(key);
    if (msg->alg != (int64_t)key_alg)
        return dpp_diag_set(diag, DPP_ERR_ALG_KEY_MISMATCH, SIZE_MAX,
                            "COSE_Sign1: alg %s (%" PRId64 ") but the key is for %s (%d)", alg_label(msg->alg),
                            msg->alg, alg_label(key_alg), (int)key_alg);
    want = dpp_key_sig_len(key);
    if (msg->signature.len != want)
        return dpp_diag_set(diag, DPP_ERR_SIGNATURE, SIZE_MAX, "signature: %zu bytes, %s needs %zu",
                            msg->signature.len, alg_label(key_alg), want);
    m = *msg;
    if (detached != NULL) {
        m.detached = false;
        m.payload = *detached;
    }
    rc = dpp_cose_sig_structure(&m, opts, tbs, sizeof stack_tbs, &tbs_len);
    if (rc == DPP_ERR_BUFFER_TOO_SMALL) {
        /* Only large payloads (signed lists) get here; passports never do. */
        rc = dpp_cose_sig_structure(&m, opts, NULL, SIZE_MAX, &tbs_len);
        if (rc == DPP_OK) {
            tbs = malloc(tbs_len);
            if (tbs == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "Sig_structure: out of memory");
            rc = dpp_cose_sig_structure(&m, opts, tbs, tbs_len, &tbs_len);
        }
    }
    if (rc != DPP_OK) {
        rc = dpp_diag_set(diag, rc, SIZE_MAX, "COSE_Sign1: invalid message views");
        goto done;
    }
    rc = dpp_key_verify(key, tbs, tbs_len, msg->signature.ptr, msg->signature.len);
    if (rc == DPP_ERR_SIGNATURE) {
        dpp_diag_set(diag, rc, SIZE_MAX, "signature: does not verify (%s)", alg_label(key_alg));
        goto done;
    }
    if (rc != DPP_OK) {
        dpp_diag_set(diag, rc, SIZE_MAX, "signature: verification failed in the backend");
        goto done;
    }
    dpp_diag_clear(diag);
done:
    if (tbs != stack_tbs) free(tbs);
    return rc;
}

dpp_err dpp_cose_sign1_verify(const uint8_t *msg, size_t msg_len, const dpp_key *key, const dpp_cose_opts *opts,
                              dpp_cose_sign1 *out, dpp_diag *diag)
{
    dpp_cose_sign1 m;
    dpp_err rc;

    if (out != NULL) memset(out, 0, sizeof *out);
    if (key == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "key is NULL");
    rc = dpp_cose_sign1_parse(msg, msg_len, opts, &m, diag);
    if (rc != DPP_OK) return rc;
    rc = dpp_cose_sign1_verify_parsed(&m, key, opts, diag);
    if (rc != DPP_OK) return rc;
    if (out != NULL) *out = m;
    return DPP_OK;
}

/* Writes the protected header {1: alg} or {1: alg, 4: kid} into p. */
static dpp_err write_protected(const dpp_key *key, bool with_kid, uint8_t *p, size_t cap, size_t *len)
{
    cw_writer w;
    dpp_cw_init(&w, p, cap);
    dpp_cw_map(&w, with_kid ? 2 : 1);
    dpp_cw_uint(&w, HDR_ALG);
    dpp_cw_int(&w, (int64_t)dpp_key_alg(key));
    if (with_kid) {
        uint8_t kid[DPP_KID_LEN];
        dpp_key_kid(key, kid);
        dpp_cw_uint(&w, HDR_KID);
        dpp_cw_bstr(&w, kid, sizeof kid);
    }
    *len = w.len;
    return dpp_cw_err(&w);
}

/* Writes the whole message; sig == NULL (size mode) leaves its bytes out. */
static void write_message(cw_writer *w, bool tagged, const uint8_t *prot, size_t prot_len, const uint8_t *payload,
                          size_t payload_len, bool detached, const uint8_t *sig, size_t sig_len)
{
    if (tagged) dpp_cw_tag(w, TAG_COSE_SIGN1);
    dpp_cw_array(w, 4);
    dpp_cw_bstr(w, prot, prot_len);
    dpp_cw_map(w, 0);
    if (detached) dpp_cw_null(w);
    else dpp_cw_bstr(w, payload, payload_len);
    dpp_cw_bstr(w, sig, sig_len);
}

dpp_err dpp_cose_sign1_sign(const uint8_t *payload, size_t payload_len, const dpp_key *key,
                            const dpp_cose_opts *opts, uint8_t *out, size_t out_cap, size_t *out_len,
                            dpp_diag *diag)
{
    return dpp_cose_sign1_sign_ex(payload, payload_len, false, DPP_MAX_COSE_LEN, key, opts, out, out_cap, out_len,
                                  diag);
}

dpp_err dpp_cose_sign1_sign_ex(const uint8_t *payload, size_t payload_len, bool detached, size_t max_len,
                               const dpp_key *key, const dpp_cose_opts *opts, uint8_t *out, size_t out_cap,
                               size_t *out_len, dpp_diag *diag)
{
    uint8_t prot[PROT_HDR_MAX];
    size_t prot_len = 0;
    uint8_t stack_tbs[DPP_COSE_SIG_STRUCTURE_MAX];
    uint8_t *tbs = stack_tbs;
    size_t tbs_len = 0;
    uint8_t sig[DPP_CRYPTO_MAX_SIG_LEN];
    size_t sig_len;
    size_t total;
    unsigned flags = 0;
    bool tagged;
    cw_writer w;
    dpp_cose_sign1 m;
    dpp_err rc;

    if (out_len != NULL) *out_len = 0;
    if (key == NULL || out_len == NULL || (payload == NULL && payload_len != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "key or out_len is NULL, or payload NULL");
    rc = check_opts(opts, &flags, diag);
    if (rc != DPP_OK) return rc;
    if (!dpp_key_is_private(key))
        return dpp_diag_set(diag, DPP_ERR_KEY_NOT_PRIVATE, SIZE_MAX, "signing needs a private key");
    if (payload_len > max_len)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "payload: %zu bytes, limit %zu", payload_len,
                            max_len);
    tagged = (flags & DPP_COSE_TAGGED) != 0;
    sig_len = dpp_key_sig_len(key);
    if (sig_len == 0 || sig_len > sizeof sig)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "key: no signature length");
    rc = write_protected(key, (flags & DPP_COSE_INCLUDE_KID) != 0, prot, sizeof prot, &prot_len);
    if (rc != DPP_OK) return dpp_diag_set(diag, rc, SIZE_MAX, "protected header: cannot encode");

    /* The size is exact without signing: the signature length is fixed. */
    dpp_cw_init(&w, NULL, 0);
    write_message(&w, tagged, prot, prot_len, payload, payload_len, detached, NULL, sig_len);
    total = w.len;
    if (total > max_len)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "COSE_Sign1 would be %zu bytes, limit %zu", total,
                            max_len);
    if (out == NULL) {
        *out_len = total;
        dpp_diag_clear(diag);
        return DPP_OK;
    }
    if (out_cap < total)
        return dpp_diag_set(diag, DPP_ERR_BUFFER_TOO_SMALL, SIZE_MAX, "out: %zu bytes, need %zu", out_cap, total);

    memset(&m, 0, sizeof m);
    m.protected_hdr.ptr = prot;
    m.protected_hdr.len = prot_len;
    m.payload.ptr = payload;
    m.payload.len = payload_len;
    rc = dpp_cose_sig_structure(&m, opts, tbs, sizeof stack_tbs, &tbs_len);
    if (rc == DPP_ERR_BUFFER_TOO_SMALL) {
        rc = dpp_cose_sig_structure(&m, opts, NULL, SIZE_MAX, &tbs_len);
        if (rc == DPP_OK) {
            tbs = malloc(tbs_len);
            if (tbs == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "Sig_structure: out of memory");
            rc = dpp_cose_sig_structure(&m, opts, tbs, tbs_len, &tbs_len);
        }
    }
    if (rc != DPP_OK) {
        rc = dpp_diag_set(diag, rc, SIZE_MAX, "Sig_structure: cannot encode");
        goto done;
    }
    rc = dpp_key_sign(key, tbs, tbs_len, sig, sizeof sig, &sig_len);
    if (rc != DPP_OK) {
        rc = dpp_diag_set(diag, rc, SIZE_MAX, "signing failed in the backend");
        goto done;
    }

    dpp_cw_init(&w, out, out_cap);
    write_message(&w, tagged, prot, prot_len, payload, payload_len, detached, sig, sig_len);
    if (dpp_cw_err(&w) != DPP_OK || w.len != total) {
        rc = dpp_diag_set(diag, DPP_ERR_BUFFER_TOO_SMALL, SIZE_MAX, "out: cannot write %zu bytes", total);
        goto done;
    }
    *out_len = total;
    dpp_diag_clear(diag);
done:
    if (tbs != stack_tbs) free(tbs);
    return rc;
}
