/* SPDX-License-Identifier: Apache-2.0 */
/* Status lists (spec/trust.md 6.4): the document (a bitstring), its payload
 * codec under the shared signed-list envelope (signed_list.c, type 3), whole
 * (zlib-compressed bitstring) or delta (LEB128 gaps of the indexes set and
 * cleared since a base sequence), and applying one to a held part. Loading
 * into a trust store is trust_status.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "diag.h"
#include "dpp/dpp_digest.h"
#include "dpp/dpp_status.h"
#include "signed_list.h"
#include "status_internal.h"

size_t dpp_status_max_bits(void) { return DPP_STATUS_MAX_BITS; }

dpp_err dpp_status_list_id(const uint8_t kid[DPP_KID_LEN], uint32_t period, uint8_t out[DPP_STATUS_LIST_ID_LEN])
{
    static const char tag[] = "dpp-status-v1";
    uint8_t buf[sizeof tag - 1 + DPP_KID_LEN + 4], d[32];
    dpp_err err;
    if (kid == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    memcpy(buf, tag, sizeof tag - 1);
    memcpy(buf + sizeof tag - 1, kid, DPP_KID_LEN);
    for (int i = 0; i < 4; i++) buf[sizeof tag - 1 + DPP_KID_LEN + (size_t)i] = (uint8_t)(period >> (24 - 8 * i));
    err = dpp_sha256(buf, sizeof buf, d);
    if (err == DPP_OK) memcpy(out, d, DPP_STATUS_LIST_ID_LEN);
    return err;
}

/* ---- the document ---- */

static size_t nbytes(size_t n_bits) { return (n_bits + 7) / 8; }

dpp_err dpp_status_list_new(const uint8_t id[DPP_STATUS_LIST_ID_LEN], size_t n_bits, dpp_status_list **out)
{
    dpp_status_list *sl;
    if (out == NULL) return DPP_ERR_INVALID_ARG;
    *out = NULL;
    if (id == NULL || n_bits == 0 || n_bits > DPP_STATUS_MAX_BITS) return DPP_ERR_INVALID_ARG;
    sl = calloc(1, sizeof *sl);
    if (sl == NULL) return DPP_ERR_NO_MEMORY;
    sl->bits = calloc(1, nbytes(n_bits));
    if (sl->bits == NULL) {
        free(sl);
        return DPP_ERR_NO_MEMORY;
    }
    memcpy(sl->id, id, DPP_STATUS_LIST_ID_LEN);
    sl->n_bits = n_bits;
    *out = sl;
    return DPP_OK;
}

void dpp_status_list_free(dpp_status_list *sl)
{
    if (sl == NULL) return;
    free(sl->bits);
    free(sl->set);
    free(sl->clr);
    free(sl);
}

dpp_err dpp_status_list_set(dpp_status_list *sl, size_t index, bool revoked)
{
    if (sl == NULL || sl->bits == NULL) return DPP_ERR_INVALID_ARG;
    if (index >= sl->n_bits) return DPP_ERR_STATUS_INDEX;
    if (revoked) sl->bits[index >> 3] |= (uint8_t)(0x80u >> (index & 7));
    else sl->bits[index >> 3] &= (uint8_t) ~(0x80u >> (index & 7));
    return DPP_OK;
}

dpp_err dpp_status_list_get(const dpp_status_list *sl, size_t index, bool *revoked)
{
    if (sl == NULL || revoked == NULL || sl->bits == NULL) return DPP_ERR_INVALID_ARG;
    if (index >= sl->n_bits) return DPP_ERR_STATUS_INDEX;
    *revoked = dpp_status_bit(sl->bits, index);
    return DPP_OK;
}

size_t dpp_status_list_bits(const dpp_status_list *sl) { return sl == NULL ? 0 : sl->n_bits; }

void dpp_status_list_get_id(const dpp_status_list *sl, uint8_t out[DPP_STATUS_LIST_ID_LEN])
{
    if (sl != NULL && out != NULL) memcpy(out, sl->id, DPP_STATUS_LIST_ID_LEN);
}

/* ---- LEB128 gap coding of a strictly increasing index list ---- */

static size_t leb_len(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

static size_t leb_put(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

/* Encodes idx[0..n) (strictly increasing) into a new buffer. */
static dpp_err gaps_encode(const uint32_t *idx, size_t n, uint8_t **out, size_t *len)
{
    size_t total = 0;
    uint8_t *p;
    for (size_t i = 0; i < n; i++) total += leb_len(i == 0 ? idx[0] : (uint64_t)idx[i] - idx[i - 1] - 1);
    p = malloc(total == 0 ? 1 : total);
    if (p == NULL) return DPP_ERR_NO_MEMORY;
    *len = 0;
    for (size_t i = 0; i < n; i++) *len += leb_put(p + *len, i == 0 ? idx[0] : (uint64_t)idx[i] - idx[i - 1] - 1);
    *out = p;
    return DPP_OK;
}

/* Decodes gaps into a new index array, each < n_bits, shortest LEB128 only. */
static dpp_err gaps_decode(const uint8_t *p, size_t len, size_t n_bits, const char *what, uint32_t **out, size_t *n,
                           dpp_diag *diag)
{
    size_t count = 0, k = 0;
    uint64_t prev = 0;
    uint32_t *idx;
    for (size_t i = 0; i < len; i++)
        if ((p[i] & 0x80) == 0) count++;
    if (len == 0 || (p[len - 1] & 0x80) != 0)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "status list: %s: empty or truncated", what);
    if (count > n_bits)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "status list: %s: %zu indexes for %zu bits", what,
                            count, n_bits);
    idx = malloc(count * sizeof *idx);
    if (idx == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    for (size_t i = 0; i < len;) {
        uint64_t v = 0;
        unsigned shift = 0;
        size_t start = i;
        for (;;) {
            uint8_t b = p[i++];
            if (shift > 28 || (shift > 0 && b == 0 && (p[i - 1] & 0x80) == 0)) {
                free(idx);
                return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, start, "status list: %s: bad gap at byte %zu", what,
                                    start);
            }
            v |= (uint64_t)(b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) break;
        }
        v = k == 0 ? v : prev + 1 + v;
        if (v >= n_bits) {
            free(idx);
            return dpp_diag_set(diag, DPP_ERR_STATUS_INDEX, start, "status list: %s: index %" PRIu64
                                " is past the list's %zu bits", what, v, n_bits);
        }
        idx[k++] = (uint32_t)v;
        prev = v;
    }
    *out = idx;
    *n = k;
    return DPP_OK;
}

/* ---- the payload codec (type 3) ---- */

/* What write_body writes: a whole list or a delta, already encoded. */
typedef struct status_out {
    const uint8_t *id;
    size_t n_bits;
    bool delta;
    uint64_t base;
    const uint8_t *z, *set, *clr; /* whole: z; delta: set and/or clr (NULL: absent) */
    size_t z_len, set_len, clr_len;
} status_out;

static size_t out_pairs(const void *doc)
{
    const status_out *o = doc;
    if (!o->delta) return 3;
    return 3u + (o->set != NULL) + (o->clr != NULL);
}

static void out_write(cw_writer *w, const void *doc)
{
    const status_out *o = doc;
    dpp_cw_uint(w, 6);
    dpp_cw_bstr(w, o->id, DPP_STATUS_LIST_ID_LEN);
    dpp_cw_uint(w, 7);
    dpp_cw_uint(w, o->n_bits);
    if (!o->delta) {
        dpp_cw_uint(w, 8);
        dpp_cw_bstr(w, o->z, o->z_len);
        return;
    }
    dpp_cw_uint(w, 9);
    dpp_cw_uint(w, o->base);
    if (o->set != NULL) {
        dpp_cw_uint(w, 10);
        dpp_cw_bstr(w, o->set, o->set_len);
    }
    if (o->clr != NULL) {
        dpp_cw_uint(w, 11);
        dpp_cw_bstr(w, o->clr, o->clr_len);
    }
}

#define RD_FAIL(r, diag)                                                                                            \
    dpp_diag_set(diag, (r)->err, (r)->err_off, "status list: %s at offset %zu", dpp_err_name((r)->err), (r)->err_off)

static dpp_err rd_pair(cb_reader *r, uint64_t want, cb_type type, const char *what, cb_item *v, dpp_diag *diag)
{
    cb_item k;
    if (dpp_cb_next(r, &k) != DPP_OK || dpp_cb_next(r, v) != DPP_OK) return RD_FAIL(r, diag);
    if (k.type != CB_UINT || k.v != want || v->type != type)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, k.off, "status list: key %" PRIu64 " (%s) expected at offset %zu",
                            want, what, k.off);
    return DPP_OK;
}

/* Inflates a whole list's bitstring: exactly nbytes(n_bits) bytes, no padding bits set. */
static dpp_err inflate_bits(const uint8_t *z, size_t z_len, size_t n_bits, uint8_t **out, dpp_diag *diag)
{
    size_t nb = nbytes(n_bits);
    uLongf got = (uLongf)nb;
    uLong used = (uLong)z_len;
    uint8_t *bits = malloc(nb);
    int zr;
    if (bits == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    zr = uncompress2(bits, &got, z, &used);
    if (zr != Z_OK || got != nb || used != z_len) {
        free(bits);
        if (zr == Z_BUF_ERROR && got == nb)
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX,
                                "status list: the bitstring inflates to more than %zu bytes (%zu bits)", nb, n_bits);
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX,
                            "status list: key 8 is not one zlib stream of exactly %zu bytes", nb);
    }
    if ((n_bits & 7) != 0 && (bits[nb - 1] & (uint8_t)(0xffu >> (n_bits & 7))) != 0) {
        free(bits);
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "status list: bits past index %zu are set",
                            n_bits - 1);
    }
    *out = bits;
    return DPP_OK;
}

static dpp_err read_body(cb_reader *r, uint64_t n_rest, void **doc, dpp_diag *diag)
{
    cb_item v, k, third;
    dpp_status_list *sl = NULL;
    dpp_err err;

    if (n_rest < 3 || n_rest > 5)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "status list: keys 6, 7 and 8 (or 9..11) expected");
    sl = calloc(1, sizeof *sl);
    if (sl == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    if ((err = rd_pair(r, 6, CB_BSTR, "list id", &v, diag)) != DPP_OK) goto fail;
    if (v.v != DPP_STATUS_LIST_ID_LEN) {
        err = dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, v.off, "status list: id must be %d bytes", DPP_STATUS_LIST_ID_LEN);
        goto fail;
    }
    memcpy(sl->id, v.ptr, DPP_STATUS_LIST_ID_LEN);
    if ((err = rd_pair(r, 7, CB_UINT, "size in bits", &v, diag)) != DPP_OK) goto fail;
    if (v.v == 0 || v.v > DPP_STATUS_MAX_BITS) {
        err = dpp_diag_set(diag, DPP_ERR_TOO_LARGE, v.off, "status list: %" PRIu64 " bits; must be 1..%u", v.v,
                           DPP_STATUS_MAX_BITS);
        goto fail;
    }
    sl->n_bits = (size_t)v.v;
    if (dpp_cb_next(r, &k) != DPP_OK || dpp_cb_next(r, &third) != DPP_OK) {
        err = RD_FAIL(r, diag);
        goto fail;
    }
    if (k.type == CB_UINT && k.v == 8 && third.type == CB_BSTR && n_rest == 3) {
        err = inflate_bits(third.ptr, (size_t)third.v, sl->n_bits, &sl->bits, diag);
        if (err != DPP_OK) goto fail;
    } else if (k.type == CB_UINT && k.v == 9 && third.type == CB_UINT && n_rest >= 4) {
        sl->delta = true;
        sl->base = third.v;
        for (uint64_t i = 3; i < n_rest; i++) {
            cb_item kk, b;
            if (dpp_cb_next(r, &kk) != DPP_OK || dpp_cb_next(r, &b) != DPP_OK) {
                err = RD_FAIL(r, diag);
                goto fail;
            }
            if (kk.type != CB_UINT || (kk.v != 10 && kk.v != 11) || b.type != CB_BSTR ||
                (kk.v == 10 && (sl->set != NULL || sl->clr != NULL)) || (kk.v == 11 && sl->clr != NULL)) {
                err = dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, kk.off,
                                   "status list: delta keys are 10 (set) and 11 (cleared), bstr, in order");
                goto fail;
            }
            if (kk.v == 10) err = gaps_decode(b.ptr, (size_t)b.v, sl->n_bits, "set", &sl->set, &sl->n_set, diag);
            else err = gaps_decode(b.ptr, (size_t)b.v, sl->n_bits, "cleared", &sl->clr, &sl->n_clr, diag);
            if (err != DPP_OK) goto fail;
        }
    } else {
        err = dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, k.off,
                           "status list: key 8 (bitstring) or 9 (delta base) with 10/11 expected at offset %zu", k.off);
        goto fail;
    }
    *doc = sl;
    return DPP_OK;
fail:
    dpp_status_list_free(sl);
    return err;
}

static size_t doc_count(const void *doc)
{
    const dpp_status_list *sl = doc;
    return sl->delta ? sl->n_set + sl->n_clr : sl->n_bits;
}

static void doc_free(void *doc) { dpp_status_list_free(doc); }

static const dpp_list_codec k_codec = {DPP_LIST_TYPE_STATUS, out_pairs, out_write, read_body, doc_count, doc_free};

dpp_err dpp_status_list_sign(const dpp_status_list *sl, const dpp_key *operator_key, const dpp_list_header *hdr,
                             uint8_t *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    status_out o;
    uLongf zl;
    uint8_t *z;
    dpp_err err;
    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (sl == NULL || sl->bits == NULL || sl->delta)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "status list is NULL or a delta");
    zl = compressBound((uLong)nbytes(sl->n_bits));
    z = malloc(zl);
    if (z == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    if (compress2(z, &zl, sl->bits, (uLong)nbytes(sl->n_bits), 9) != Z_OK) {
        free(z);
        return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "cannot compress the bitstring");
    }
    memset(&o, 0, sizeof o);
    o.id = sl->id;
    o.n_bits = sl->n_bits;
    o.z = z;
    o.z_len = (size_t)zl;
    err = dpp_list_sign_with(&k_codec, &o, operator_key, hdr, out, out_cap, out_len, diag);
    free(z);
    return err;
}

dpp_err dpp_status_list_sign_delta(const dpp_status_list *before, uint64_t base_sequence, const dpp_status_list *now,
                                   const dpp_key *operator_key, const dpp_list_header *hdr, uint8_t *out,
                                   size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    status_out o;
    uint32_t *set = NULL, *clr = NULL;
    uint8_t *es = NULL, *ec = NULL;
    size_t ns = 0, nc = 0, ls = 0, lc = 0;
    dpp_err err = DPP_OK;

    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (before == NULL || now == NULL || before->bits == NULL || now->bits == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "before and now must be whole status lists");
    if (memcmp(before->id, now->id, DPP_STATUS_LIST_ID_LEN) != 0 || before->n_bits != now->n_bits)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "before and now differ in id or size");
    if (hdr == NULL || base_sequence == 0 || hdr->sequence <= base_sequence)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "header.sequence must be > base_sequence >= 1");
    for (size_t i = 0; i < nbytes(now->n_bits); i++) {
        uint8_t x = before->bits[i] ^ now->bits[i];
        for (unsigned b = 0; x != 0 && b < 8; b++)
            if (x & (0x80u >> b)) {
                if (now->bits[i] & (0x80u >> b)) ns++;
                else nc++;
            }
    }
    if (ns + nc == 0) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "no bit changed: nothing to publish");
    set = malloc((ns + 1) * sizeof *set);
    clr = malloc((nc + 1) * sizeof *clr);
    if (set == NULL || clr == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    ns = nc = 0;
    for (size_t i = 0; i < nbytes(now->n_bits); i++) {
        uint8_t x = before->bits[i] ^ now->bits[i];
        for (unsigned b = 0; x != 0 && b < 8; b++)
            if (x & (0x80u >> b)) {
                if (now->bits[i] & (0x80u >> b)) set[ns++] = (uint32_t)(i * 8 + b);
                else clr[nc++] = (uint32_t)(i * 8 + b);
            }
    }
    if ((ns > 0 && gaps_encode(set, ns, &es, &ls) != DPP_OK) || (nc > 0 && gaps_encode(clr, nc, &ec, &lc) != DPP_OK)) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    memset(&o, 0, sizeof o);
    o.id = now->id;
    o.n_bits = now->n_bits;
    o.delta = true;
    o.base = base_sequence;
    o.set = es;
    o.set_len = ls;
    o.clr = ec;
    o.clr_len = lc;
    err = dpp_list_sign_with(&k_codec, &o, operator_key, hdr, out, out_cap, out_len, diag);
done:
    free(set);
    free(clr);
    free(es);
    free(ec);
    return err;
}

dpp_err dpp_status_decode(const uint8_t *data, size_t len, bool verify, const dpp_key *const *pins, size_t n_pins,
                          const dpp_list_policy *policy, dpp_status_list **out, dpp_list_info *info, dpp_diag *diag)
{
    void *doc = NULL;
    dpp_err err = dpp_list_decode(&k_codec, data, len, verify, pins, n_pins, policy, &doc, info, diag);
    if (err == DPP_OK) *out = doc;
    return err;
}

dpp_err dpp_status_list_parse(const uint8_t *data, size_t len, const dpp_key *operator_key,
                              const dpp_list_policy *policy, dpp_status_list **out, dpp_list_info *info,
                              dpp_diag *diag)
{
    void *doc = NULL;
    dpp_err err = dpp_list_parse_with(&k_codec, data, len, operator_key, policy, out != NULL ? &doc : NULL, info, diag);
    if (err == DPP_OK && ((dpp_status_list *)doc)->delta) {
        dpp_status_list_free(doc);
        doc = NULL;
        if (info != NULL) memset(info, 0, sizeof *info);
        err = dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, SIZE_MAX, "status list: this is a delta, not a whole list");
    }
    if (out != NULL) *out = doc;
    return err;
}

dpp_err dpp_status_list_peek_id(const uint8_t *data, size_t len, uint8_t id[DPP_STATUS_LIST_ID_LEN], dpp_diag *diag)
{
    dpp_status_list *doc = NULL;
    dpp_err err;
    dpp_diag_clear(diag);
    if (id == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "id must not be NULL");
    memset(id, 0, DPP_STATUS_LIST_ID_LEN);
    err = dpp_status_decode(data, len, false, NULL, 0, NULL, &doc, NULL, diag);
    if (err != DPP_OK) return err;
    memcpy(id, doc->id, DPP_STATUS_LIST_ID_LEN);
    dpp_status_list_free(doc);
    return DPP_OK;
}

/* ---- a held part ---- */

dpp_err dpp_status_apply(dpp_status_part *part, bool held, dpp_status_list *doc, const dpp_list_info *li,
                         dpp_diag *diag)
{
    if (held && li->sequence < part->sequence)
        return dpp_diag_set(diag, DPP_ERR_LIST_ROLLBACK, SIZE_MAX,
                            "status list sequence %" PRIu64 " is older than %" PRIu64 ", the one held", li->sequence,
                            part->sequence);
    if (!doc->delta) {
        free(part->bits);
        memcpy(part->id, doc->id, DPP_STATUS_LIST_ID_LEN);
        part->bits = doc->bits;
        doc->bits = NULL;
        part->n_bits = doc->n_bits;
    } else {
        if (!held)
            return dpp_diag_set(diag, DPP_ERR_STATUS_DELTA_BASE, SIZE_MAX,
                                "status delta on sequence %" PRIu64 ", but no list with this id is held: fetch the "
                                "whole list",
                                doc->base);
        if (doc->base != part->sequence || doc->n_bits != part->n_bits || li->sequence <= doc->base)
            return dpp_diag_set(diag, DPP_ERR_STATUS_DELTA_BASE, SIZE_MAX,
                                "status delta goes from sequence %" PRIu64 " (%zu bits) to %" PRIu64
                                ", but the list held is sequence %" PRIu64 " (%zu bits): fetch the whole list",
                                doc->base, doc->n_bits, li->sequence, part->sequence, part->n_bits);
        for (size_t i = 0; i < doc->n_set; i++) part->bits[doc->set[i] >> 3] |= (uint8_t)(0x80u >> (doc->set[i] & 7));
        for (size_t i = 0; i < doc->n_clr; i++)
            part->bits[doc->clr[i] >> 3] &= (uint8_t) ~(0x80u >> (doc->clr[i] & 7));
    }
    part->sequence = li->sequence;
    part->issued_at = li->issued_at;
    part->next_update = li->next_update;
    return DPP_OK;
}
