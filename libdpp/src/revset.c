/* SPDX-License-Identifier: Apache-2.0 */
/* The compact revocation set (spec/trust.md 6.5, revocation list key 9):
 * revoked passport ids and batches reduced to salted 64-bit hashes, sorted,
 * gaps Golomb-Rice coded with k = 64 - bitlen(n), and a (reason, date)
 * table indexed with w = bitlen(m - 1) bits per entry. Building it, the
 * strict decoder (every error names the payload offset), and the lookup: a
 * binary search over restart points kept in memory (one per 16 entries)
 * plus at most 15 Rice decodes after one SHA-256 of the key (the crypto port's). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "diag.h"
#include "revocation_internal.h"

#define REASON_MAX DPP_REASON_WITHDRAWN

static const char k_domain[] = "dpp-revset-v1";

static unsigned bitlen(uint64_t v)
{
    unsigned n = 0;
    while (v != 0) {
        n++;
        v >>= 1;
    }
    return n;
}

unsigned dpp_revset_rice_k(size_t n) { return 64u - bitlen((uint64_t)n); }

/* ---- bits, most significant first ---- */

/* The 64 bits of buf from bit pos on; bits past the end read as 0. Every
 * buffer read here is followed by DPP_REVSET_PAD zero bytes. */
static uint64_t peek64(const uint8_t *buf, size_t len, uint64_t pos)
{
    size_t byte = (size_t)(pos >> 3);
    unsigned sh = (unsigned)(pos & 7);
    const uint8_t *p = buf + byte;
    uint64_t hi;
    if (byte > len) return 0;
    hi = ((uint64_t)p[0] << 56) | ((uint64_t)p[1] << 48) | ((uint64_t)p[2] << 40) | ((uint64_t)p[3] << 32) |
         ((uint64_t)p[4] << 24) | ((uint64_t)p[5] << 16) | ((uint64_t)p[6] << 8) | (uint64_t)p[7];
    if (sh == 0) return hi;
    return (hi << sh) | ((uint64_t)p[8] >> (8 - sh));
}

static unsigned leading_ones(uint64_t x)
{
    unsigned n = 0;
    if (x == UINT64_MAX) return 64;
#if defined(__GNUC__) || defined(__clang__)
    n = (unsigned)__builtin_clzll(~x);
#else
    while (x & (UINT64_C(1) << 63)) {
        n++;
        x <<= 1;
    }
#endif
    return n;
}

/* Writes the low nbits (0..64) of v at bit *pos of a zeroed buffer. */
static void put_bits(uint8_t *buf, uint64_t *pos, uint64_t v, unsigned nbits)
{
    for (unsigned i = nbits; i > 0; i--) {
        if ((v >> (i - 1)) & 1u) buf[*pos >> 3] = (uint8_t)(buf[*pos >> 3] | (0x80u >> (*pos & 7)));
        (*pos)++;
    }
}

static uint64_t get_bits(const uint8_t *buf, size_t len, uint64_t pos, unsigned nbits)
{
    return nbits == 0 ? 0 : peek64(buf, len, pos) >> (64 - nbits);
}

typedef enum { RICE_OK, RICE_TRUNCATED, RICE_OVERLONG } rice_res;

/* Decodes the Rice code at *pos (q ones, a zero, k bits): its gap. */
static rice_res rice_next(const uint8_t *buf, size_t len, uint64_t *pos, unsigned k, uint64_t *gap)
{
    uint64_t total = (uint64_t)len * 8, q = 0, qmax = UINT64_MAX >> k;
    for (;;) {
        unsigned ones;
        if (*pos >= total) return RICE_TRUNCATED;
        ones = leading_ones(peek64(buf, len, *pos));
        if (ones > total - *pos) ones = (unsigned)(total - *pos);
        q += ones;
        *pos += ones;
        if (q > qmax) return RICE_OVERLONG;
        if (ones < 64) break;
    }
    if (*pos >= total) return RICE_TRUNCATED; /* no terminating zero */
    (*pos)++;
    if (k > total - *pos) return RICE_TRUNCATED;
    *gap = (q << k) | get_bits(buf, len, *pos, k);
    *pos += k;
    return RICE_OK;
}

/* ---- hashing ---- */

dpp_err dpp_revset_hash(const uint8_t salt[DPP_REVLIST_SALT_LEN], int kind, const uint8_t *key, size_t key_len,
                        uint64_t *out)
{
    uint8_t buf[sizeof k_domain - 1 + DPP_REVLIST_SALT_LEN + 1 + 8 + 1 + DPP_MAX_BATCH];
    size_t n = 0;
    if (key_len > 9 + DPP_MAX_BATCH) return DPP_ERR_INVALID_ARG;
    memcpy(buf, k_domain, sizeof k_domain - 1);
    n += sizeof k_domain - 1;
    memcpy(buf + n, salt, DPP_REVLIST_SALT_LEN);
    n += DPP_REVLIST_SALT_LEN;
    buf[n++] = (uint8_t)kind;
    memcpy(buf + n, key, key_len);
    n += key_len;
    {
        /* SHA-256 from the crypto port (OpenSSL, or the browser build's own) */
        uint8_t dg[DPP_SHA256_LEN];
        uint64_t v = 0;
        dpp_err err = dpp_crypto_sha256(buf, n, dg);
        if (err != DPP_OK) return err;
        for (int i = 0; i < 8; i++) v = (v << 8) | dg[i];
        *out = v;
    }
    return DPP_OK;
}

size_t dpp_revset_batch_key(uint64_t gtin, const char *batch, size_t batch_len, uint8_t out[9 + DPP_MAX_BATCH])
{
    for (int i = 0; i < 8; i++) out[i] = (uint8_t)(gtin >> (56 - 8 * i));
    out[8] = (uint8_t)batch_len;
    memcpy(out + 9, batch, batch_len);
    return 9 + batch_len;
}

/* ---- the set ---- */

void dpp_revset_free(dpp_revset *s)
{
    free(s->meta);
    free(s->codes);
    free(s->metaidx);
    free(s->rs_val);
    free(s->rs_bit);
    memset(s, 0, sizeof *s);
}

static dpp_err dup_bytes(uint8_t **dst, const uint8_t *src, size_t n)
{
    *dst = NULL;
    if (n == 0) return DPP_OK;
    *dst = malloc(n);
    if (*dst == NULL) return DPP_ERR_NO_MEMORY;
    memcpy(*dst, src, n);
    return DPP_OK;
}

/* A copy followed by DPP_REVSET_PAD zero bytes (for peek64). */
static dpp_err dup_padded(uint8_t **dst, const uint8_t *src, size_t n)
{
    *dst = calloc(n + DPP_REVSET_PAD, 1);
    if (*dst == NULL) return DPP_ERR_NO_MEMORY;
    if (n > 0) memcpy(*dst, src, n);
    return DPP_OK;
}

dpp_err dpp_revset_copy(dpp_revset *dst, const dpp_revset *src)
{
    memset(dst, 0, sizeof *dst);
    if (!src->present) return DPP_OK;
    *dst = *src;
    dst->meta = dst->codes = dst->metaidx = NULL;
    dst->rs_val = NULL;
    dst->rs_bit = NULL;
    if (dup_bytes(&dst->meta, src->meta, src->n_meta * 3) != DPP_OK ||
        dup_padded(&dst->codes, src->codes, src->codes_len) != DPP_OK ||
        dup_padded(&dst->metaidx, src->metaidx, src->metaidx_len) != DPP_OK)
        goto oom;
    dst->rs_val = malloc(src->n_blocks * sizeof *dst->rs_val);
    dst->rs_bit = malloc(src->n_blocks * sizeof *dst->rs_bit);
    if (dst->rs_val == NULL || dst->rs_bit == NULL) goto oom;
    memcpy(dst->rs_val, src->rs_val, src->n_blocks * sizeof *dst->rs_val);
    memcpy(dst->rs_bit, src->rs_bit, src->n_blocks * sizeof *dst->rs_bit);
    return DPP_OK;
oom:
    dpp_revset_free(dst);
    return DPP_ERR_NO_MEMORY;
}

/* Walks the codes once: checks them (strict) and fills the restart points.
 * data_off: payload offset of codes[0] for messages. */
static dpp_err walk_codes(dpp_revset *s, size_t data_off, dpp_diag *diag)
{
    uint64_t pos = 0, v = 0, total = (uint64_t)s->codes_len * 8;
    size_t nb = (s->n + DPP_REVSET_BLOCK - 1) / DPP_REVSET_BLOCK;
    s->rs_val = malloc(nb * sizeof *s->rs_val);
    s->rs_bit = malloc(nb * sizeof *s->rs_bit);
    if (s->rs_val == NULL || s->rs_bit == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    s->n_blocks = nb;
    for (size_t i = 0; i < s->n; i++) {
        uint64_t gap = 0, at = pos;
        rice_res rr = rice_next(s->codes, s->codes_len, &pos, s->k, &gap);
        if (rr == RICE_TRUNCATED)
            return dpp_diag_set(diag, DPP_ERR_REVSET_CODE, data_off + (size_t)(at >> 3),
                                "revocation list: hashed entries: code %zu of %zu (bit %" PRIu64
                                ", offset %zu) runs past the end of the %zu-byte codes",
                                i, s->n, at, data_off + (size_t)(at >> 3), s->codes_len);
        if (rr == RICE_OVERLONG || gap > UINT64_MAX - v)
            return dpp_diag_set(diag, DPP_ERR_REVSET_CODE, data_off + (size_t)(at >> 3),
                                "revocation list: hashed entries: code %zu (bit %" PRIu64
                                ", offset %zu) is overlong: the value passes 2^64 - 1",
                                i, at, data_off + (size_t)(at >> 3));
        if (i > 0 && gap == 0)
            return dpp_diag_set(diag, DPP_ERR_REVSET_ORDER, data_off + (size_t)(at >> 3),
                                "revocation list: hashed entries: hash %zu (bit %" PRIu64
                                ", offset %zu) is not above hash %zu (a gap of 0)",
                                i, at, data_off + (size_t)(at >> 3), i - 1);
        v += gap;
        if (i % DPP_REVSET_BLOCK == 0) {
            s->rs_val[i / DPP_REVSET_BLOCK] = v;
            s->rs_bit[i / DPP_REVSET_BLOCK] = (uint32_t)pos;
        }
    }
    if ((pos + 7) / 8 != s->codes_len)
        return dpp_diag_set(diag, DPP_ERR_REVSET_TRAILING, data_off + (size_t)((pos + 7) / 8),
                            "revocation list: hashed entries: %zu bytes after the last code (offset %zu)",
                            s->codes_len - (size_t)((pos + 7) / 8), data_off + (size_t)((pos + 7) / 8));
    if (pos < total && get_bits(s->codes, s->codes_len, pos, (unsigned)(total - pos)) != 0)
        return dpp_diag_set(diag, DPP_ERR_REVSET_TRAILING, data_off + s->codes_len - 1,
                            "revocation list: hashed entries: padding bits after the last code are not zero "
                            "(offset %zu)",
                            data_off + s->codes_len - 1);
    return DPP_OK;
}

static dpp_err check_metaidx(dpp_revset *s, size_t data_off, dpp_diag *diag)
{
    uint64_t bits = (uint64_t)s->n * s->w, need = (bits + 7) / 8;
    uint8_t *used;
    if (s->metaidx_len != need)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, data_off,
                            "revocation list: hashed entries: metaidx is %zu bytes; %zu entries x %u bits need %" PRIu64,
                            s->metaidx_len, s->n, s->w, need);
    if (bits % 8 != 0 && get_bits(s->metaidx, s->metaidx_len, bits, (unsigned)(8 - bits % 8)) != 0)
        return dpp_diag_set(diag, DPP_ERR_REVSET_TRAILING, data_off + s->metaidx_len - 1,
                            "revocation list: hashed entries: metaidx padding bits are not zero (offset %zu)",
                            data_off + s->metaidx_len - 1);
    used = calloc(s->n_meta, 1);
    if (used == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
    for (size_t i = 0; i < s->n; i++) {
        uint64_t ix = get_bits(s->metaidx, s->metaidx_len, (uint64_t)i * s->w, s->w);
        if (ix >= s->n_meta) {
            free(used);
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, data_off + (size_t)((uint64_t)i * s->w / 8),
                                "revocation list: hashed entries: metaidx[%zu] = %" PRIu64 " is not below m = %zu",
                                i, ix, s->n_meta);
        }
        used[ix] = 1;
    }
    for (size_t j = 0; j < s->n_meta; j++)
        if (!used[j]) {
            free(used);
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, data_off,
                                "revocation list: hashed entries: meta record %zu is used by no entry", j);
        }
    free(used);
    return DPP_OK;
}

static bool rd(cb_reader *r, cb_item *it, cb_type want)
{
    return dpp_cb_next(r, it) == DPP_OK && it->type == want;
}

static size_t data_off(const cb_item *it) { return it->end - (size_t)it->v; }

dpp_err dpp_revset_read(cb_reader *r, const cb_item *arr, dpp_revset *s, dpp_diag *diag)
{
    cb_item salt, n, meta, codes, mi;
    dpp_err err;
    memset(s, 0, sizeof *s);
    if (arr->type != CB_ARRAY || arr->v != 5)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, arr->off,
                            "revocation list: hashed entries (key 9) must be [salt, n, meta, codes, metaidx]");
    if (!rd(r, &salt, CB_BSTR) || salt.v != DPP_REVLIST_SALT_LEN) goto shape;
    if (!rd(r, &n, CB_UINT)) goto shape;
    if (!rd(r, &meta, CB_BSTR) || !rd(r, &codes, CB_BSTR) || !rd(r, &mi, CB_BSTR)) goto shape;
    if (n.v == 0)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, n.off, "revocation list: hashed entries: n is 0 (offset %zu)",
                            n.off);
    if (n.v > DPP_REVLIST_MAX_ENTRIES)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, n.off,
                            "revocation list: hashed entries: n = %" PRIu64 " at offset %zu; the limit is %u", n.v,
                            n.off, DPP_REVLIST_MAX_ENTRIES);
    if (meta.v == 0 || meta.v % 3 != 0 || meta.v / 3 > n.v)
        return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, meta.off,
                            "revocation list: hashed entries: meta (offset %zu) must be 1..n records of 3 bytes",
                            meta.off);
    for (size_t j = 0; j < meta.v / 3; j++) {
        const uint8_t *p = meta.ptr + 3 * j;
        if (p[0] > REASON_MAX)
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, data_off(&meta) + 3 * j,
                                "revocation list: hashed entries: meta[%zu]: reason %u is not 0..%d", j, p[0],
                                REASON_MAX);
        if (j > 0 && memcmp(p - 3, p, 3) >= 0)
            return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, data_off(&meta) + 3 * j,
                                "revocation list: hashed entries: meta[%zu] (offset %zu) not sorted, or repeated", j,
                                data_off(&meta) + 3 * j);
    }
    s->present = true;
    memcpy(s->salt, salt.ptr, DPP_REVLIST_SALT_LEN);
    s->n = (size_t)n.v;
    s->k = dpp_revset_rice_k(s->n);
    s->n_meta = (size_t)meta.v / 3;
    s->w = bitlen((uint64_t)s->n_meta - 1);
    s->codes_len = (size_t)codes.v;
    s->metaidx_len = (size_t)mi.v;
    if (dup_bytes(&s->meta, meta.ptr, (size_t)meta.v) != DPP_OK ||
        dup_padded(&s->codes, codes.ptr, s->codes_len) != DPP_OK ||
        dup_padded(&s->metaidx, mi.ptr, s->metaidx_len) != DPP_OK) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto fail;
    }
    err = walk_codes(s, data_off(&codes), diag);
    if (err == DPP_OK) err = check_metaidx(s, data_off(&mi), diag);
    if (err == DPP_OK) return DPP_OK;
fail:
    dpp_revset_free(s);
    return err;
shape:
    if (r->err != DPP_OK)
        return dpp_diag_set(diag, r->err, r->err_off, "revocation list: %s at offset %zu", dpp_err_name(r->err),
                            r->err_off);
    return dpp_diag_set(diag, DPP_ERR_LIST_FORMAT, arr->off,
                        "revocation list: hashed entries (offset %zu): [salt: bstr of 16, n: uint, meta: bstr, "
                        "codes: bstr, metaidx: bstr] expected",
                        arr->off);
}

void dpp_revset_write(cw_writer *w, const dpp_revset *s)
{
    dpp_cw_array(w, 5);
    dpp_cw_bstr(w, s->salt, DPP_REVLIST_SALT_LEN);
    dpp_cw_uint(w, s->n);
    dpp_cw_bstr(w, s->meta, s->n_meta * 3);
    dpp_cw_bstr(w, s->codes, s->codes_len);
    dpp_cw_bstr(w, s->metaidx, s->metaidx_len);
}

/* ---- lookup ---- */

static void entry_meta(const dpp_revset *s, size_t i, uint8_t *reason, uint16_t *date)
{
    uint64_t ix = get_bits(s->metaidx, s->metaidx_len, (uint64_t)i * s->w, s->w);
    const uint8_t *p = s->meta + 3 * (size_t)ix;
    *reason = p[0];
    *date = (uint16_t)(((unsigned)p[1] << 8) | p[2]);
}

bool dpp_revset_find(const dpp_revset *s, uint64_t h, uint8_t *reason, uint16_t *date)
{
    size_t lo = 0, hi, i, end;
    uint64_t v, pos;
    if (!s->present || s->n == 0 || h < s->rs_val[0]) return false;
    hi = s->n_blocks;
    while (hi - lo > 1) { /* last block whose first value <= h */
        size_t mid = lo + (hi - lo) / 2;
        if (s->rs_val[mid] <= h) lo = mid;
        else hi = mid;
    }
    v = s->rs_val[lo];
    pos = s->rs_bit[lo];
    i = lo * DPP_REVSET_BLOCK;
    end = i + DPP_REVSET_BLOCK < s->n ? i + DPP_REVSET_BLOCK : s->n;
    while (v < h && i + 1 < end) {
        uint64_t gap = 0;
        if (rice_next(s->codes, s->codes_len, &pos, s->k, &gap) != RICE_OK) return false;
        v += gap;
        i++;
    }
    if (v != h) return false;
    entry_meta(s, i, reason, date);
    return true;
}

dpp_err dpp_revset_get(const dpp_revset *s, size_t index, uint64_t *h, uint8_t *reason, uint16_t *date)
{
    size_t b, i;
    uint64_t v, pos;
    if (!s->present || index >= s->n) return DPP_ERR_INVALID_ARG;
    b = index / DPP_REVSET_BLOCK;
    v = s->rs_val[b];
    pos = s->rs_bit[b];
    for (i = b * DPP_REVSET_BLOCK; i < index; i++) {
        uint64_t gap = 0;
        if (rice_next(s->codes, s->codes_len, &pos, s->k, &gap) != RICE_OK) return DPP_ERR_INVALID_ARG;
        v += gap;
    }
    *h = v;
    entry_meta(s, index, reason, date);
    return DPP_OK;
}

/* ---- building ---- */

typedef struct hm {
    uint64_t h;
    uint32_t meta; /* reason << 16 | date */
} hm;

static int hm_cmp(const void *a, const void *b)
{
    const hm *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->meta < y->meta ? -1 : x->meta > y->meta;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static size_t meta_index(const uint32_t *t, size_t m, uint32_t v)
{
    size_t lo = 0, hi = m;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

dpp_err dpp_revset_build(const dpp_rev_index *x, const uint8_t salt[DPP_REVLIST_SALT_LEN], dpp_revset *s,
                         dpp_diag *diag)
{
    size_t total = x->n_ids + x->n_batches, n = 0, m = 0;
    hm *e = NULL;
    uint32_t *mt = NULL;
    uint64_t bits = 0, pos = 0, prev = 0;
    dpp_err err = DPP_OK;

    memset(s, 0, sizeof *s);
    if (total == 0) return DPP_OK;
    e = malloc(total * sizeof *e);
    mt = malloc(total * sizeof *mt);
    if (e == NULL || mt == NULL) goto oom;
    for (size_t i = 0; i < x->n_ids && err == DPP_OK; i++) {
        const uint8_t *p = x->ids + i * DPP_REV_ID_REC;
        err = dpp_revset_hash(salt, DPP_REVOKED_PASSPORT, p, 16, &e[n].h);
        e[n++].meta = ((uint32_t)p[16] << 16) | ((uint32_t)p[17] << 8) | p[18];
    }
    for (size_t i = 0; i < x->n_batches && err == DPP_OK; i++) {
        const dpp_rev_batch *b = &x->batches[i];
        uint8_t key[9 + DPP_MAX_BATCH];
        size_t kl = dpp_revset_batch_key(b->gtin, b->batch, b->batch_len, key);
        err = dpp_revset_hash(salt, DPP_REVOKED_BATCH, key, kl, &e[n].h);
        e[n++].meta = ((uint32_t)b->reason << 16) | b->date;
    }
    if (err != DPP_OK) {
        err = dpp_diag_set(diag, err, SIZE_MAX, "cannot hash the revocations: %s", dpp_err_str(err));
        goto done;
    }
    qsort(e, n, sizeof *e, hm_cmp);
    {
        size_t o = 0; /* equal hashes: keep the smaller meta (the first) */
        for (size_t i = 0; i < n; i++)
            if (o == 0 || e[i].h != e[o - 1].h) e[o++] = e[i];
        n = o;
    }
    for (size_t i = 0; i < n; i++) mt[i] = e[i].meta;
    qsort(mt, n, sizeof *mt, u32_cmp);
    for (size_t i = 0; i < n; i++)
        if (m == 0 || mt[i] != mt[m - 1]) mt[m++] = mt[i];

    s->present = true;
    memcpy(s->salt, salt, DPP_REVLIST_SALT_LEN);
    s->n = n;
    s->k = dpp_revset_rice_k(n);
    s->n_meta = m;
    s->w = bitlen((uint64_t)m - 1);
    s->meta = malloc(m * 3);
    if (s->meta == NULL) goto oom;
    for (size_t j = 0; j < m; j++) {
        s->meta[3 * j] = (uint8_t)(mt[j] >> 16);
        s->meta[3 * j + 1] = (uint8_t)(mt[j] >> 8);
        s->meta[3 * j + 2] = (uint8_t)mt[j];
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t g = e[i].h - prev;
        bits += (g >> s->k) + 1 + s->k;
        prev = e[i].h;
    }
    s->codes_len = (size_t)((bits + 7) / 8);
    s->codes = calloc(s->codes_len + DPP_REVSET_PAD, 1);
    s->metaidx_len = (size_t)(((uint64_t)n * s->w + 7) / 8);
    s->metaidx = calloc(s->metaidx_len + DPP_REVSET_PAD, 1);
    if (s->codes == NULL || s->metaidx == NULL) goto oom;
    prev = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t g = e[i].h - prev, q = g >> s->k, mpos = (uint64_t)i * s->w;
        while (q >= 64) {
            put_bits(s->codes, &pos, UINT64_MAX, 64);
            q -= 64;
        }
        put_bits(s->codes, &pos, (UINT64_C(1) << q) - 1, (unsigned)q);
        put_bits(s->codes, &pos, 0, 1);
        put_bits(s->codes, &pos, g & (UINT64_MAX >> (64 - s->k)), s->k);
        put_bits(s->metaidx, &mpos, meta_index(mt, m, e[i].meta), s->w);
        prev = e[i].h;
    }
    err = walk_codes(s, 0, diag); /* the restart points (and a self-check) */
    if (err != DPP_OK) dpp_revset_free(s);
    goto done;
oom:
    dpp_revset_free(s);
    err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
done:
    free(e);
    free(mt);
    return err;
}
