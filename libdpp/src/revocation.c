/* SPDX-License-Identifier: Apache-2.0 */
/* Signed revocation lists: the document (revoked kids, passport ids and
 * batches, kept in sorted arrays: binary-search lookups, no allocation when
 * verifying) and its payload codec (keys 6..8) under the shared signed-list
 * envelope (signed_list.c). Loading a list into a trust store is trust.c.
 * Format: spec/trust.md section 6, spec/trust.cddl. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "codes.h"
#include "diag.h"
#include "dpp/dpp_revocation.h"
#include "revocation_internal.h"
#include "signed_list.h"

#define REASON_MAX DPP_REASON_WITHDRAWN
#define DATE_MAX 65535

struct dpp_revlist {
    dpp_rev_index idx;
};

const char *dpp_revocation_reason_name(dpp_revocation_reason reason)
{
    switch (reason) {
    case DPP_REASON_UNSPECIFIED: return "unspecified";
    case DPP_REASON_KEY_COMPROMISE: return "key-compromise";
    case DPP_REASON_SUPERSEDED: return "superseded";
    case DPP_REASON_CESSATION: return "cessation";
    case DPP_REASON_RECALL: return "recall";
    case DPP_REASON_FRAUD: return "fraud";
    case DPP_REASON_WITHDRAWN: return "withdrawn";
    }
    return NULL;
}

dpp_err dpp_revocation_reason_from_name(const char *name, dpp_revocation_reason *out)
{
    if (name == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    for (int r = 0; r <= REASON_MAX; r++) {
        if (strcmp(name, dpp_revocation_reason_name((dpp_revocation_reason)r)) == 0) {
            *out = (dpp_revocation_reason)r;
            return DPP_OK;
        }
    }
    return DPP_ERR_INVALID_ARG;
}

const char *dpp_revocation_kind_name(dpp_revocation_kind kind)
{
    switch (kind) {
    case DPP_REVOKED_KEY: return "key";
    case DPP_REVOKED_PASSPORT: return "passport";
    case DPP_REVOKED_BATCH: return "batch";
    case DPP_REVOKED_HASHED: return "hashed";
    }
    return "unknown";
}

/* ---- the index ---- */

void dpp_rev_index_free(dpp_rev_index *r)
{
    free(r->kids);
    free(r->ids);
    free(r->batches);
    dpp_revset_free(&r->hashed);
    memset(r, 0, sizeof *r);
}

dpp_err dpp_rev_index_copy(dpp_rev_index *dst, const dpp_rev_index *src)
{
    memset(dst, 0, sizeof *dst);
    if (src->n_kids > 0) {
        dst->kids = malloc(src->n_kids * DPP_REV_KID_REC);
        if (dst->kids == NULL) goto oom;
        memcpy(dst->kids, src->kids, src->n_kids * DPP_REV_KID_REC);
        dst->n_kids = dst->cap_kids = src->n_kids;
    }
    if (src->n_ids > 0) {
        dst->ids = malloc(src->n_ids * DPP_REV_ID_REC);
        if (dst->ids == NULL) goto oom;
        memcpy(dst->ids, src->ids, src->n_ids * DPP_REV_ID_REC);
        dst->n_ids = dst->cap_ids = src->n_ids;
    }
    if (src->n_batches > 0) {
        dst->batches = malloc(src->n_batches * sizeof *dst->batches);
        if (dst->batches == NULL) goto oom;
        memcpy(dst->batches, src->batches, src->n_batches * sizeof *dst->batches);
        dst->n_batches = dst->cap_batches = src->n_batches;
    }
    if (dpp_revset_copy(&dst->hashed, &src->hashed) != DPP_OK) goto oom;
    return DPP_OK;
oom:
    dpp_rev_index_free(dst);
    return DPP_ERR_NO_MEMORY;
}

/* Lower bound over fixed-size records keyed by their first klen bytes. */
static size_t rec_lower(const uint8_t *recs, size_t n, size_t rec, const uint8_t *key, size_t klen)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(recs + mid * rec, key, klen) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

const uint8_t *dpp_rev_find_kid(const dpp_rev_index *r, const uint8_t kid[DPP_KID_LEN])
{
    size_t i = rec_lower(r->kids, r->n_kids, DPP_REV_KID_REC, kid, DPP_KID_LEN);
    if (i < r->n_kids && memcmp(r->kids + i * DPP_REV_KID_REC, kid, DPP_KID_LEN) == 0)
        return r->kids + i * DPP_REV_KID_REC;
    return NULL;
}

const uint8_t *dpp_rev_find_id(const dpp_rev_index *r, const uint8_t id[16])
{
    size_t i = rec_lower(r->ids, r->n_ids, DPP_REV_ID_REC, id, 16);
    if (i < r->n_ids && memcmp(r->ids + i * DPP_REV_ID_REC, id, 16) == 0) return r->ids + i * DPP_REV_ID_REC;
    return NULL;
}

/* Order of batches: GTIN, then batch length, then batch bytes (the order of
 * their CBOR encodings). */
static int batch_cmp(uint64_t ga, const char *ba, size_t la, uint64_t gb, const char *bb, size_t lb)
{
    if (ga != gb) return ga < gb ? -1 : 1;
    if (la != lb) return la < lb ? -1 : 1;
    return memcmp(ba, bb, la);
}

static size_t batch_lower(const dpp_rev_index *r, uint64_t gtin, const char *batch, size_t len)
{
    size_t lo = 0, hi = r->n_batches;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const dpp_rev_batch *b = &r->batches[mid];
        if (batch_cmp(b->gtin, b->batch, b->batch_len, gtin, batch, len) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

const dpp_rev_batch *dpp_rev_find_batch(const dpp_rev_index *r, uint64_t gtin, const char *batch, size_t batch_len)
{
    size_t i = batch_lower(r, gtin, batch, batch_len);
    if (i < r->n_batches) {
        const dpp_rev_batch *b = &r->batches[i];
        if (batch_cmp(b->gtin, b->batch, b->batch_len, gtin, batch, batch_len) == 0) return b;
    }
    return NULL;
}

static uint64_t gtin_value(const char *g)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 14 && g[i] >= '0' && g[i] <= '9'; i++) v = v * 10 + (uint64_t)(g[i] - '0');
    return v;
}

static void rec_meta(uint8_t *p, dpp_revocation_reason reason, dpp_date date)
{
    p[0] = (uint8_t)reason;
    p[1] = (uint8_t)((unsigned)date >> 8);
    p[2] = (uint8_t)((unsigned)date & 0xff);
}

static void rec_read_meta(const uint8_t *p, dpp_revocation *out)
{
    out->reason = (dpp_revocation_reason)p[0];
    out->date = (dpp_date)(((unsigned)p[1] << 8) | p[2]);
}

/* Inserts or replaces a fixed-size record; appending in order is O(1). */
static dpp_err rec_put(uint8_t **recs, size_t *n, size_t *cap, size_t rec, const uint8_t *r, size_t klen)
{
    size_t at;
    if (*n > 0 && memcmp(*recs + (*n - 1) * rec, r, klen) < 0) at = *n;
    else at = rec_lower(*recs, *n, rec, r, klen);
    if (at < *n && memcmp(*recs + at * rec, r, klen) == 0) {
        memcpy(*recs + at * rec, r, rec);
        return DPP_OK;
    }
    if (*n >= DPP_REVLIST_MAX_ENTRIES) return DPP_ERR_TOO_LARGE;
    if (*n == *cap) {
        size_t ncap = *cap == 0 ? 64 : *cap * 2;
        uint8_t *nr = realloc(*recs, ncap * rec);
        if (nr == NULL) return DPP_ERR_NO_MEMORY;
        *recs = nr;
        *cap = ncap;
    }
    memmove(*recs + (at + 1) * rec, *recs + at * rec, (*n - at) * rec);
    memcpy(*recs + at * rec, r, rec);
    (*n)++;
    return DPP_OK;
}

static dpp_err batch_put(dpp_rev_index *x, const dpp_rev_batch *b)
{
    size_t at = batch_lower(x, b->gtin, b->batch, b->batch_len);
    if (at < x->n_batches &&
        batch_cmp(x->batches[at].gtin, x->batches[at].batch, x->batches[at].batch_len, b->gtin, b->batch,
                  b->batch_len) == 0) {
        x->batches[at] = *b;
        return DPP_OK;
    }
    if (x->n_batches >= DPP_REVLIST_MAX_ENTRIES) return DPP_ERR_TOO_LARGE;
    if (x->n_batches == x->cap_batches) {
        size_t ncap = x->cap_batches == 0 ? 16 : x->cap_batches * 2;
        dpp_rev_batch *nb = realloc(x->batches, ncap * sizeof *nb);
        if (nb == NULL) return DPP_ERR_NO_MEMORY;
        x->batches = nb;
        x->cap_batches = ncap;
    }
    memmove(&x->batches[at + 1], &x->batches[at], (x->n_batches - at) * sizeof *b);
    x->batches[at] = *b;
    x->n_batches++;
    return DPP_OK;
}

/* ---- the document ---- */

dpp_err dpp_revlist_new(dpp_revlist **out)
{
    if (out == NULL) return DPP_ERR_INVALID_ARG;
    *out = calloc(1, sizeof **out);
    return *out == NULL ? DPP_ERR_NO_MEMORY : DPP_OK;
}

void dpp_revlist_free(dpp_revlist *rl)
{
    if (rl == NULL) return;
    dpp_rev_index_free(&rl->idx);
    free(rl);
}

size_t dpp_revlist_count(const dpp_revlist *rl)
{
    return rl == NULL ? 0 : rl->idx.n_kids + rl->idx.n_ids + rl->idx.n_batches + rl->idx.hashed.n;
}

/* Checks r's batch key and fills b. */
static dpp_err batch_key(const dpp_revocation *r, dpp_rev_batch *b, dpp_diag *diag)
{
    char norm[15];
    size_t gl = strnlen(r->gtin, sizeof r->gtin), bl = strnlen(r->batch, sizeof r->batch);
    memset(b, 0, sizeof *b);
    if (dpp_gtin_normalize(r->gtin, gl, norm, NULL, NULL) != DPP_OK)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "revocation.gtin: \"%.14s\" is not a valid GTIN",
                            r->gtin);
    if (bl == 0 || bl > DPP_MAX_BATCH || !dpp_code_gs1_ai82(r->batch, bl))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                            "revocation.batch: 1..%d characters of the GS1 AI 82 set", DPP_MAX_BATCH);
    b->gtin = gtin_value(norm);
    b->batch_len = (uint8_t)bl;
    memcpy(b->batch, r->batch, bl);
    return DPP_OK;
}

dpp_err dpp_revlist_add(dpp_revlist *rl, const dpp_revocation *r, dpp_diag *diag)
{
    uint8_t rec[DPP_REV_ID_REC];
    dpp_err err;
    dpp_diag_clear(diag);
    if (rl == NULL || r == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "list or revocation is NULL");
    if ((int)r->reason < 0 || (int)r->reason > REASON_MAX)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "revocation.reason: %d is not 0..%d", (int)r->reason,
                            REASON_MAX);
    if (r->date < 0 || r->date > DATE_MAX)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "revocation.date: %d is not 0..%d days",
                            (int)r->date, DATE_MAX);
    switch (r->kind) {
    case DPP_REVOKED_KEY:
        memcpy(rec, r->kid, DPP_KID_LEN);
        rec_meta(rec + DPP_KID_LEN, r->reason, r->date);
        err = rec_put(&rl->idx.kids, &rl->idx.n_kids, &rl->idx.cap_kids, DPP_REV_KID_REC, rec, DPP_KID_LEN);
        break;
    case DPP_REVOKED_PASSPORT:
        memcpy(rec, r->passport_id, 16);
        rec_meta(rec + 16, r->reason, r->date);
        err = rec_put(&rl->idx.ids, &rl->idx.n_ids, &rl->idx.cap_ids, DPP_REV_ID_REC, rec, 16);
        break;
    case DPP_REVOKED_BATCH: {
        dpp_rev_batch b;
        err = batch_key(r, &b, diag);
        if (err != DPP_OK) return err;
        b.reason = (uint8_t)r->reason;
        b.date = (uint16_t)r->date;
        err = batch_put(&rl->idx, &b);
        break;
    }
    default: return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "revocation.kind: %d is not 1..3", (int)r->kind);
    }
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "cannot add the revocation: %s", dpp_err_str(err));
    return DPP_OK;
}

dpp_err dpp_revlist_remove(dpp_revlist *rl, const dpp_revocation *r)
{
    dpp_rev_index *x;
    if (rl == NULL || r == NULL) return DPP_ERR_INVALID_ARG;
    x = &rl->idx;
    if (r->kind == DPP_REVOKED_KEY || r->kind == DPP_REVOKED_PASSPORT) {
        bool key = r->kind == DPP_REVOKED_KEY;
        uint8_t *recs = key ? x->kids : x->ids;
        size_t *n = key ? &x->n_kids : &x->n_ids;
        size_t rec = key ? DPP_REV_KID_REC : DPP_REV_ID_REC, klen = key ? DPP_KID_LEN : 16;
        const uint8_t *k = key ? r->kid : r->passport_id;
        size_t i = rec_lower(recs, *n, rec, k, klen);
        if (i >= *n || memcmp(recs + i * rec, k, klen) != 0) return DPP_ERR_NOT_FOUND;
        memmove(recs + i * rec, recs + (i + 1) * rec, (*n - i - 1) * rec);
        (*n)--;
        return DPP_OK;
    }
    if (r->kind == DPP_REVOKED_BATCH) {
        dpp_rev_batch b;
        size_t i;
        if (batch_key(r, &b, NULL) != DPP_OK) return DPP_ERR_INVALID_ARG;
        i = batch_lower(x, b.gtin, b.batch, b.batch_len);
        if (i >= x->n_batches ||
            batch_cmp(x->batches[i].gtin, x->batches[i].batch, x->batches[i].batch_len, b.gtin, b.batch,
                      b.batch_len) != 0)
            return DPP_ERR_NOT_FOUND;
        memmove(&x->batches[i], &x->batches[i + 1], (x->n_batches - i - 1) * sizeof b);
        x->n_batches--;
        return DPP_OK;
    }
    return DPP_ERR_INVALID_ARG;
}

static void batch_to_revocation(const dpp_rev_batch *b, dpp_revocation *out)
{
    uint64_t g = b->gtin;
    out->kind = DPP_REVOKED_BATCH;
    for (int i = 13; i >= 0; i--) {
        out->gtin[i] = (char)('0' + (int)(g % 10));
        g /= 10;
    }
    out->gtin[14] = '\0';
    memcpy(out->batch, b->batch, b->batch_len);
    out->batch[b->batch_len] = '\0';
    out->reason = (dpp_revocation_reason)b->reason;
    out->date = (dpp_date)b->date;
}

dpp_err dpp_revlist_get(const dpp_revlist *rl, size_t index, dpp_revocation *out)
{
    const dpp_rev_index *x;
    if (out != NULL) memset(out, 0, sizeof *out);
    if (rl == NULL || out == NULL || index >= dpp_revlist_count(rl)) return DPP_ERR_INVALID_ARG;
    x = &rl->idx;
    if (index < x->n_kids) {
        const uint8_t *p = x->kids + index * DPP_REV_KID_REC;
        out->kind = DPP_REVOKED_KEY;
        memcpy(out->kid, p, DPP_KID_LEN);
        rec_read_meta(p + DPP_KID_LEN, out);
        return DPP_OK;
    }
    index -= x->n_kids;
    if (index < x->n_ids) {
        const uint8_t *p = x->ids + index * DPP_REV_ID_REC;
        out->kind = DPP_REVOKED_PASSPORT;
        memcpy(out->passport_id, p, 16);
        rec_read_meta(p + 16, out);
        return DPP_OK;
    }
    index -= x->n_ids;
    if (index < x->n_batches) {
        batch_to_revocation(&x->batches[index], out);
        return DPP_OK;
    }
    {
        uint64_t h = 0;
        uint8_t reason = 0;
        uint16_t date = 0;
        dpp_err err = dpp_revset_get(&x->hashed, index - x->n_batches, &h, &reason, &date);
        if (err != DPP_OK) return err;
        out->kind = DPP_REVOKED_HASHED;
        for (int i = 0; i < 8; i++) out->passport_id[i] = (uint8_t)(h >> (56 - 8 * i));
        out->reason = (dpp_revocation_reason)reason;
        out->date = (dpp_date)date;
        return DPP_OK;
    }
}

bool dpp_revlist_is_compact(const dpp_revlist *rl) { return rl != NULL && rl->idx.hashed.present; }

/* ---- encoding ---- */

static size_t body_pairs(const void *doc)
{
    const dpp_rev_index *x = &((const dpp_revlist *)doc)->idx;
    return (size_t)(x->n_kids > 0) + (size_t)(x->n_ids > 0) + (size_t)(x->n_batches > 0) + (size_t)x->hashed.present;
}

static void write_body(cw_writer *w, const void *doc)
{
    const dpp_rev_index *x = &((const dpp_revlist *)doc)->idx;
    if (x->n_kids > 0) {
        dpp_cw_uint(w, 6);
        dpp_cw_bstr(w, x->kids, x->n_kids * DPP_REV_KID_REC);
    }
    if (x->n_ids > 0) {
        dpp_cw_uint(w, 7);
        dpp_cw_bstr(w, x->ids, x->n_ids * DPP_REV_ID_REC);
    }
    if (x->n_batches > 0) {
        dpp_cw_uint(w, 8);
        dpp_cw_array(w, x->n_batches);
        for (size_t i = 0; i < x->n_batches; i++) {
            const dpp_rev_batch *b = &x->batches[i];
            dpp_cw_array(w, 4);
            dpp_cw_uint(w, b->gtin);
            dpp_cw_tstr(w, b->batch, b->batch_len);
            dpp_cw_uint(w, b->reason);
            dpp_cw_uint(w, b->date);
        }
    }
    if (x->hashed.present) {
        dpp_cw_uint(w, 9);
        dpp_revset_write(w, &x->hashed);
    }
}

/* ---- decoding ---- */

#define RD_FAIL(r, diag)                                                                                        \
    dpp_diag_set(diag, (r)->err, (r)->err_off, "revocation list: %s at offset %zu", dpp_err_name((r)->err),   \
                 (r)->err_off)

/* Checks a packed section: record count, order, reasons. */
static dpp_err rd_packed(const cb_item *v, size_t rec, size_t klen, const char *what, uint8_t **out, size_t *n,
                         dpp_diag *diag)
{
    size_t count;
    if (v->type != CB_BSTR || v->v == 0 || v->v % rec != 0)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v->off, "revocation list: %s must be a bstr of n x %zu bytes, n >= 1",
                            what, rec);
    count = (size_t)(v->v / rec);
    if (count > DPP_REVLIST_MAX_ENTRIES)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, v->off, "revocation list: %zu %s; the limit is %u", count, what,
                            DPP_REVLIST_MAX_ENTRIES);
    for (size_t i = 0; i < count; i++) {
        const uint8_t *p = v->ptr + i * rec;
        if (p[klen] > REASON_MAX)
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v->off, "revocation list: %s[%zu]: reason %u is not 0..%d",
                                what, i, p[klen], REASON_MAX);
        if (i > 0 && memcmp(p - rec, p, klen) >= 0)
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v->off, "revocation list: %s[%zu]: not sorted, or repeated",
                                what, i);
    }
    *out = malloc((size_t)v->v);
    if (*out == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    memcpy(*out, v->ptr, (size_t)v->v);
    *n = count;
    return DPP_OK;
}

static dpp_err rd_batches(cb_reader *r, const cb_item *a, dpp_rev_index *x, dpp_diag *diag)
{
    if (a->type != CB_ARRAY || a->v == 0)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, a->off, "revocation list: batches must be a nonempty array");
    if (a->v > DPP_REVLIST_MAX_ENTRIES)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, a->off, "revocation list: %" PRIu64 " batches; the limit is %u",
                            a->v, DPP_REVLIST_MAX_ENTRIES);
    x->batches = malloc((size_t)a->v * sizeof *x->batches);
    if (x->batches == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    x->cap_batches = (size_t)a->v;
    for (uint64_t i = 0; i < a->v; i++) {
        cb_item h, g, b, rs, d;
        dpp_rev_batch *nb = &x->batches[x->n_batches];
        char digits[15];
        if (dpp_cb_next(r, &h) != DPP_OK || h.type != CB_ARRAY || h.v != 4 || dpp_cb_next(r, &g) != DPP_OK ||
            dpp_cb_next(r, &b) != DPP_OK || dpp_cb_next(r, &rs) != DPP_OK || dpp_cb_next(r, &d) != DPP_OK) {
            if (r->err != DPP_OK) return RD_FAIL(r, diag);
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, h.off, "revocation list: batches[%" PRIu64 "]: [gtin, batch, reason, date] expected", i);
        }
        if (g.type != CB_UINT || g.v > 99999999999999ULL || b.type != CB_TSTR || b.v == 0 || b.v > DPP_MAX_BATCH ||
            !dpp_code_gs1_ai82((const char *)b.ptr, (size_t)b.v) || rs.type != CB_UINT || rs.v > REASON_MAX ||
            d.type != CB_UINT || d.v > DATE_MAX)
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, h.off, "revocation list: batches[%" PRIu64 "]: a field is out of range", i);
        {
            uint64_t gv = g.v;
            for (int j = 13; j >= 0; j--) {
                digits[j] = (char)('0' + (int)(gv % 10));
                gv /= 10;
            }
            digits[14] = '\0';
            if (dpp_gtin_check_digit(digits, 13) != digits[13] - '0')
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, g.off,
                                    "revocation list: batches[%" PRIu64 "]: GTIN %s check digit wrong", i, digits);
        }
        nb->gtin = g.v;
        nb->batch_len = (uint8_t)b.v;
        memcpy(nb->batch, b.ptr, (size_t)b.v);
        nb->reason = (uint8_t)rs.v;
        nb->date = (uint16_t)d.v;
        if (x->n_batches > 0) {
            const dpp_rev_batch *pb = nb - 1;
            if (batch_cmp(pb->gtin, pb->batch, pb->batch_len, nb->gtin, nb->batch, nb->batch_len) >= 0)
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, h.off,
                                    "revocation list: batches[%" PRIu64 "]: not sorted, or repeated", i);
        }
        x->n_batches++;
    }
    return DPP_OK;
}

/* Body: {? 6: kids, ? 7: passports, ? 8: batches, ? 9: hashed} after the envelope's keys. */
static dpp_err read_body(cb_reader *r, uint64_t n_rest, void **doc, dpp_diag *diag)
{
    uint64_t prev = 5;
    dpp_revlist *rl = NULL;
    dpp_err err = DPP_OK;

    if (dpp_revlist_new(&rl) != DPP_OK) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    for (uint64_t i = 0; i < n_rest; i++) {
        cb_item k, v;
        if (dpp_cb_next(r, &k) != DPP_OK || dpp_cb_next(r, &v) != DPP_OK) {
            err = RD_FAIL(r, diag);
            goto done;
        }
        if (k.type != CB_UINT || k.v <= prev || k.v > 9) {
            err = dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, k.off,
                               "revocation list: key at offset %zu is not 6, 7, 8 or 9 in increasing order", k.off);
            goto done;
        }
        prev = k.v;
        if (k.v == 6) err = rd_packed(&v, DPP_REV_KID_REC, DPP_KID_LEN, "kids", &rl->idx.kids, &rl->idx.n_kids, diag);
        else if (k.v == 7) err = rd_packed(&v, DPP_REV_ID_REC, 16, "passports", &rl->idx.ids, &rl->idx.n_ids, diag);
        else if (k.v == 8) err = rd_batches(r, &v, &rl->idx, diag);
        else err = dpp_revset_read(r, &v, &rl->idx.hashed, diag);
        if (err != DPP_OK) goto done;
        rl->idx.cap_kids = rl->idx.n_kids;
        rl->idx.cap_ids = rl->idx.n_ids;
    }
    *doc = rl;
    rl = NULL;
done:
    dpp_revlist_free(rl);
    return err;
}

static size_t doc_count(const void *doc) { return dpp_revlist_count(doc); }
static void doc_free(void *doc) { dpp_revlist_free(doc); }

static const dpp_list_codec k_codec = {DPP_LIST_TYPE_REVOCATION, body_pairs, write_body, read_body, doc_count,
                                       doc_free};

dpp_err dpp_revlist_sign(const dpp_revlist *rl, const dpp_key *operator_key, const dpp_list_header *hdr,
                         uint8_t *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    return dpp_list_sign_with(&k_codec, rl, operator_key, hdr, out, out_cap, out_len, diag);
}

dpp_err dpp_revlist_sign_compact(const dpp_revlist *rl, const dpp_key *operator_key, const dpp_list_header *hdr,
                                 const uint8_t salt[DPP_REVLIST_SALT_LEN], uint8_t *out, size_t out_cap,
                                 size_t *out_len, dpp_diag *diag)
{
    dpp_revlist view;
    dpp_err err;
    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (rl == NULL || salt == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "list and salt must not be NULL");
    if (rl->idx.hashed.present)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX,
                            "the list already holds a compact (hashed) set: sign the exact list it was made from");
    /* A view: the kids as they are, the ids and batches as one hashed set. */
    memset(&view, 0, sizeof view);
    view.idx.kids = rl->idx.kids;
    view.idx.n_kids = rl->idx.n_kids;
    err = dpp_revset_build(&rl->idx, salt, &view.idx.hashed, diag);
    if (err != DPP_OK) return err;
    err = dpp_list_sign_with(&k_codec, &view, operator_key, hdr, out, out_cap, out_len, diag);
    dpp_revset_free(&view.idx.hashed);
    return err;
}

bool dpp_rev_find_hashed_id(const dpp_rev_index *r, const uint8_t id[16], uint8_t *reason, uint16_t *date)
{
    uint64_t h;
    if (!r->hashed.present || dpp_revset_hash(r->hashed.salt, DPP_REVOKED_PASSPORT, id, 16, &h) != DPP_OK)
        return false;
    return dpp_revset_find(&r->hashed, h, reason, date);
}

bool dpp_rev_find_hashed_batch(const dpp_rev_index *r, uint64_t gtin, const char *batch, size_t batch_len,
                               uint8_t *reason, uint16_t *date)
{
    uint8_t key[9 + DPP_MAX_BATCH];
    uint64_t h;
    if (!r->hashed.present || batch_len == 0 || batch_len > DPP_MAX_BATCH) return false;
    if (dpp_revset_hash(r->hashed.salt, DPP_REVOKED_BATCH, key, dpp_revset_batch_key(gtin, batch, batch_len, key),
                        &h) != DPP_OK)
        return false;
    return dpp_revset_find(&r->hashed, h, reason, date);
}

dpp_err dpp_revlist_decode(const uint8_t *data, size_t len, bool verify, const dpp_key *const *pins, size_t n_pins,
                           const dpp_list_policy *policy, dpp_revlist **out, dpp_list_info *info, dpp_diag *diag)
{
    void *doc = NULL;
    dpp_err err = dpp_list_decode(&k_codec, data, len, verify, pins, n_pins, policy, &doc, info, diag);
    if (err == DPP_OK) *out = doc;
    return err;
}

dpp_err dpp_revlist_parse(const uint8_t *data, size_t len, const dpp_key *operator_key, const dpp_list_policy *policy,
                          dpp_revlist **out, dpp_list_info *info, dpp_diag *diag)
{
    void *doc = NULL;
    dpp_err err = dpp_list_parse_with(&k_codec, data, len, operator_key, policy, out != NULL ? &doc : NULL, info, diag);
    if (out != NULL) *out = doc;
    return err;
}

dpp_err dpp_revlist_inspect(const uint8_t *data, size_t len, dpp_revlist **out, dpp_list_info *info, dpp_diag *diag)
{
    void *doc = NULL;
    dpp_err err = dpp_list_inspect_with(&k_codec, data, len, out != NULL ? &doc : NULL, info, diag);
    if (out != NULL) *out = doc;
    return err;
}

dpp_rev_index *dpp_revlist_index(dpp_revlist *rl) { return &rl->idx; }
const dpp_rev_index *dpp_revlist_index_const(const dpp_revlist *rl) { return &rl->idx; }

dpp_err dpp_rev_index_lookup(const dpp_rev_index *x, const dpp_revocation *r, dpp_revocation *found)
{
    const uint8_t *p;
    switch (r->kind) {
    case DPP_REVOKED_KEY:
        p = dpp_rev_find_kid(x, r->kid);
        if (p == NULL) return DPP_ERR_NOT_FOUND;
        if (found != NULL) {
            found->kind = DPP_REVOKED_KEY;
            memcpy(found->kid, p, DPP_KID_LEN);
            rec_read_meta(p + DPP_KID_LEN, found);
        }
        return DPP_OK;
    case DPP_REVOKED_PASSPORT:
        p = dpp_rev_find_id(x, r->passport_id);
        if (p == NULL) {
            uint8_t reason = 0;
            uint16_t date = 0;
            if (!dpp_rev_find_hashed_id(x, r->passport_id, &reason, &date)) return DPP_ERR_NOT_FOUND;
            if (found != NULL) {
                found->kind = DPP_REVOKED_PASSPORT;
                memcpy(found->passport_id, r->passport_id, 16);
                found->reason = (dpp_revocation_reason)reason;
                found->date = (dpp_date)date;
            }
            return DPP_OK;
        }
        if (found != NULL) {
            found->kind = DPP_REVOKED_PASSPORT;
            memcpy(found->passport_id, p, 16);
            rec_read_meta(p + 16, found);
        }
        return DPP_OK;
    case DPP_REVOKED_BATCH: {
        dpp_rev_batch b;
        const dpp_rev_batch *hit;
        if (batch_key(r, &b, NULL) != DPP_OK) return DPP_ERR_INVALID_ARG;
        hit = dpp_rev_find_batch(x, b.gtin, b.batch, b.batch_len);
        if (hit == NULL) {
            uint8_t reason = 0;
            uint16_t date = 0;
            if (!dpp_rev_find_hashed_batch(x, b.gtin, b.batch, b.batch_len, &reason, &date)) return DPP_ERR_NOT_FOUND;
            b.reason = reason;
            b.date = date;
            hit = &b;
        }
        if (found != NULL) batch_to_revocation(hit, found);
        return DPP_OK;
    }
    case DPP_REVOKED_HASHED: break; /* a hash is not a key to look up */
    }
    return DPP_ERR_INVALID_ARG;
}
