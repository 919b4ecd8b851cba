/* SPDX-License-Identifier: Apache-2.0 */
#include "cbor_write.h"

#include <string.h>

#include <cbor.h>

void dpp_cw_init(cw_writer *w, uint8_t *buf, size_t cap)
{
    w->buf = buf;
    w->cap = buf == NULL ? SIZE_MAX : cap;
    w->len = 0;
    w->err = DPP_OK;
}

void dpp_cw_raw(cw_writer *w, const void *src, size_t n)
{
    if (w->err != DPP_OK) return;
    if (n > w->cap - w->len) {
        w->err = DPP_ERR_BUFFER_TOO_SMALL;
        return;
    }
    if (w->buf != NULL && n != 0) memcpy(w->buf + w->len, src, n);
    w->len += n;
}

/* Encodes a head into a 9-byte scratch, then appends it. */
#define CW_HEAD(w, call)                      \
    do {                                      \
        unsigned char h_[9];                  \
        size_t n_ = (call);                   \
        if (n_ == 0) {                        \
            if ((w)->err == DPP_OK) (w)->err = DPP_ERR_INVALID_ARG; \
            return;                           \
        }                                     \
        dpp_cw_raw((w), h_, n_);                  \
    } while (0)

void dpp_cw_uint(cw_writer *w, uint64_t v) { CW_HEAD(w, cbor_encode_uint(v, h_, sizeof h_)); }

void dpp_cw_int(cw_writer *w, int64_t v)
{
    if (v >= 0) {
        dpp_cw_uint(w, (uint64_t)v);
    } else {
        uint64_t n = (uint64_t)(-(v + 1)); /* no overflow for INT64_MIN */
        CW_HEAD(w, cbor_encode_negint(n, h_, sizeof h_));
    }
}

void dpp_cw_bstr(cw_writer *w, const void *p, size_t n)
{
    if (w->err != DPP_OK) return;
    {
        unsigned char h_[9];
        size_t hn = cbor_encode_bytestring_start(n, h_, sizeof h_);
        dpp_cw_raw(w, h_, hn);
    }
    dpp_cw_raw(w, p, n);
}

void dpp_cw_tstr(cw_writer *w, const char *s, size_t n)
{
    if (w->err != DPP_OK) return;
    {
        unsigned char h_[9];
        size_t hn = cbor_encode_string_start(n, h_, sizeof h_);
        dpp_cw_raw(w, h_, hn);
    }
    dpp_cw_raw(w, s, n);
}

void dpp_cw_cstr(cw_writer *w, const char *s) { dpp_cw_tstr(w, s, strlen(s)); }
void dpp_cw_array(cw_writer *w, size_t n) { CW_HEAD(w, cbor_encode_array_start(n, h_, sizeof h_)); }
void dpp_cw_map(cw_writer *w, size_t n) { CW_HEAD(w, cbor_encode_map_start(n, h_, sizeof h_)); }
void dpp_cw_tag(cw_writer *w, uint64_t tag) { CW_HEAD(w, cbor_encode_tag(tag, h_, sizeof h_)); }
void dpp_cw_bool(cw_writer *w, bool b) { CW_HEAD(w, cbor_encode_bool(b, h_, sizeof h_)); }
void dpp_cw_null(cw_writer *w) { CW_HEAD(w, cbor_encode_null(h_, sizeof h_)); }

void dpp_cw_insert(cw_writer *w, size_t pos, const void *src, size_t n)
{
    if (w->err != DPP_OK) return;
    if (pos > w->len) {
        w->err = DPP_ERR_INVALID_ARG;
        return;
    }
    if (n > w->cap - w->len) {
        w->err = DPP_ERR_BUFFER_TOO_SMALL;
        return;
    }
    if (w->buf != NULL && n != 0) {
        memmove(w->buf + pos + n, w->buf + pos, w->len - pos);
        memcpy(w->buf + pos, src, n);
    }
    w->len += n;
}
