/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The passport extension map (ext.h): a checker over the strict reader,
 * shared by the validator (passport.c), the CBOR codec (passport_cbor.c)
 * and the JSON codec (passport_json.c). It depends on nothing passport-level,
 * so none of those files depends on another through it.
 */
#include "ext.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "dpp/dpp_passport.h" /* DPP_MAX_EXT_LEN */

#define TRY(call)                                \
    do {                                         \
        dpp_err try_err_ = (call);               \
        if (try_err_ != DPP_OK) return try_err_; \
    } while (0)

/* Records a failure at off: the reader's sticky error, and the diag with
 * the message "extensions: <fmt...>" (path "extensions"). */
static dpp_err ext_fail(cb_reader *r, dpp_diag *diag, dpp_err err, size_t off, const char *fmt, ...) DPP_PRINTF(5, 6);
static dpp_err ext_fail(cb_reader *r, dpp_diag *diag, dpp_err err, size_t off, const char *fmt, ...)
{
    char msg[DPP_DIAG_MSG_LEN];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    (void)dpp_cb_fail(r, err, off);
    return dpp_diag_set_at(diag, err, off, DPP_PATH("extensions"), "%s", msg);
}

/* Next item; a CBOR-level error is reported at "extensions". */
static dpp_err ext_next(cb_reader *r, dpp_diag *diag, cb_item *it)
{
    if (dpp_cb_next(r, it) == DPP_OK) return DPP_OK;
    return dpp_diag_set_at(diag, r->err, r->err_off, DPP_PATH("extensions"), "%s at offset %zu", dpp_err_str(r->err),
                           r->err_off);
}

dpp_err dpp_ext_read(cb_reader *r, dpp_diag *diag)
{
    struct frame {
        bool is_map;
        uint64_t left; /* entries (maps: pairs) still to read */
        size_t prev_off, prev_len;
    } st[DPP_EXT_MAX_DEPTH + 1];
    int depth = 0;
    size_t start = r->pos;
    cb_item it;

    TRY(ext_next(r, diag, &it));
    if (it.type != CB_MAP)
        return ext_fail(r, diag, DPP_ERR_SCHEMA_TYPE, it.off, "expected %s, got %s", dpp_cb_type_name(CB_MAP),
                        dpp_cb_type_name(it.type));
    if (it.v == 0) return ext_fail(r, diag, DPP_ERR_SCHEMA_RANGE, it.off, "empty map (omit the field instead)");
    if (it.v > DPP_EXT_MAX_ENTRIES)
        return ext_fail(r, diag, DPP_ERR_SCHEMA_RANGE, it.off, "%" PRIu64 " entries, at most %d", it.v,
                       DPP_EXT_MAX_ENTRIES);
    st[0].is_map = true;
    st[0].left = it.v;
    st[0].prev_len = 0;
    while (depth >= 0) {
        struct frame *f = &st[depth];
        if (f->left == 0) {
            depth--;
            continue;
        }
        if (f->is_map) {
            cb_item k;
            size_t max_key = depth == 0 ? DPP_EXT_MAX_KEY : DPP_EXT_MAX_NESTED_KEY;
            dpp_err oe;
            TRY(ext_next(r, diag, &k));
            if (k.type != CB_TSTR)
                return ext_fail(r, diag, DPP_ERR_SCHEMA_TYPE, k.off, "map keys must be text strings, got %s",
                               dpp_cb_type_name(k.type));
            if (k.v == 0 || k.v > max_key)
                return ext_fail(r, diag, DPP_ERR_SCHEMA_RANGE, k.off, "key of %" PRIu64 " bytes, must be 1..%zu",
                               k.v, max_key);
            if (memchr(k.ptr, 0, (size_t)k.v) != NULL)
                return ext_fail(r, diag, DPP_ERR_SCHEMA_FORMAT, k.off, "a key contains a NUL character");
            oe = dpp_cb_key_order(f->prev_len > 0 ? r->buf + f->prev_off : NULL, f->prev_len, r->buf + k.off,
                              k.end - k.off);
            if (oe != DPP_OK)
            {
                char q[DPP_DIAG_QUOTE_CAP];
                return ext_fail(r, diag, oe, k.off, "key \"%s\" %s",
                               dpp_diag_quote(q, 48, k.ptr, (size_t)k.v),
                               oe == DPP_ERR_CBOR_DUPLICATE_KEY ? "is repeated" : "is out of order");
            }
            f->prev_off = k.off;
            f->prev_len = k.end - k.off;
        }
        f->left--;
        TRY(ext_next(r, diag, &it));
        switch (it.type) {
        case CB_UINT:
        case CB_NEGINT:
            /* Extension integers are signed 64-bit, as in the JSON form. */
            if (it.v > (uint64_t)INT64_MAX)
                return ext_fail(r, diag, DPP_ERR_SCHEMA_RANGE, it.off,
                               "integer outside the signed 64-bit range");
            break;
        case CB_TSTR:
            /* NUL cannot be carried by the JSON form or a C string. */
            if (memchr(it.ptr, 0, (size_t)it.v) != NULL)
                return ext_fail(r, diag, DPP_ERR_SCHEMA_FORMAT, it.off, "text contains a NUL character");
            break;
        case CB_FALSE:
        case CB_TRUE:
        case CB_NULL: break;
        case CB_BSTR:
        case CB_TAG:
            return ext_fail(r, diag, DPP_ERR_SCHEMA_TYPE, it.off, "%s is not allowed in an extension value",
                           dpp_cb_type_name(it.type));
        case CB_ARRAY:
        case CB_MAP:
            if (depth + 1 > DPP_EXT_MAX_DEPTH)
                return ext_fail(r, diag, DPP_ERR_SCHEMA_RANGE, it.off, "nested deeper than %d levels",
                               DPP_EXT_MAX_DEPTH);
            depth++;
            st[depth].is_map = it.type == CB_MAP;
            st[depth].left = it.v;
            st[depth].prev_len = 0;
            break;
        }
        if (r->pos - start > DPP_MAX_EXT_LEN)
            return ext_fail(r, diag, DPP_ERR_SCHEMA_RANGE, start, "more than %d encoded bytes", DPP_MAX_EXT_LEN);
    }
    return DPP_OK;
}

dpp_err dpp_ext_check(const uint8_t *buf, size_t len, dpp_diag *diag)
{
    cb_reader r;
    if (buf == NULL || len == 0) return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, DPP_PATH("extensions"), "empty");
    dpp_cb_init(&r, buf, len, true);
    TRY(dpp_ext_read(&r, diag));
    if (dpp_cb_finish(&r) != DPP_OK)
        return dpp_diag_set_at(diag, r.err, r.err_off, DPP_PATH("extensions"), "%zu bytes after the map",
                               len - r.err_off);
    return DPP_OK;
}

