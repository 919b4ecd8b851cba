/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The passport's CBOR form (spec/payload.cddl `passport`): a strict decoder
 * over cb_reader and a deterministic encoder over cw_writer. The extension
 * map is checked by ext.c; the content rules are passport.c's.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "diag.h"
#include "ext.h"
#include "passport_cbor.h"

#define PATH_LEN 64
#define GTIN_MAX UINT64_C(99999999999999) /* 14 digits */
#define CN_MAX UINT64_C(99999999)         /* 8 digits */
#define CAS_MIN UINT64_C(10000)           /* 5 digits: "NN-NN-N" */
#define CAS_MAX UINT64_C(9999999999)      /* 10 digits: "NNNNNNN-NN-N" */
#define TAG_DECIMAL 4

#define TRY(call)                         \
    do {                                  \
        dpp_err try_err_ = (call);        \
        if (try_err_ != DPP_OK) return try_err_; \
    } while (0)

/* ======================================================================
 * Decoder
 * ====================================================================== */

typedef struct rd {
    cb_reader *r;
    dpp_diag *diag;
} rd;

/* Writes v as exactly `digits` decimal digits (zero-padded) and a NUL. */
static void put_digits(char *dst, uint64_t v, int digits)
{
    dst[digits] = '\0';
    for (int i = digits - 1; i >= 0; i--) {
        dst[i] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    }
}

/* The label of the passport map itself in messages ("passport: ..."): not a
 * field, so diag->path stays empty for it (dpp_common.h). */
static const char k_root[] = "passport";

/* diag->path for path: empty for the passport map itself. */
static void rd_path(rd *d, dpp_path path)
{
    if (path.a == k_root) dpp_diag_set_path(d->diag, NULL);
}

/* Records a failure at off: the reader's sticky error, and the diag with
 * the message "<path>: <fmt...>" and the path. */
static dpp_err rd_fail_at(rd *d, dpp_err err, size_t off, dpp_path path, const char *fmt, ...) DPP_PRINTF(5, 6);
static dpp_err rd_fail_at(rd *d, dpp_err err, size_t off, dpp_path path, const char *fmt, ...)
{
    char msg[DPP_DIAG_MSG_LEN];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    (void)dpp_cb_fail(d->r, err, off);
    (void)dpp_diag_set_at(d->diag, err, off, path, "%s", msg);
    rd_path(d, path);
    return err;
}

/* Next item; a CBOR-level error is reported with the path being read. */
static dpp_err rd_next(rd *d, dpp_path path, cb_item *it)
{
    if (dpp_cb_next(d->r, it) == DPP_OK) return DPP_OK;
    (void)dpp_diag_set_at(d->diag, d->r->err, d->r->err_off, path, "%s at offset %zu", dpp_err_str(d->r->err),
                          d->r->err_off);
    rd_path(d, path);
    return d->r->err;
}

/* Next item, which must have type t. */
static dpp_err rd_typed(rd *d, dpp_path path, cb_item *it, cb_type t)
{
    TRY(rd_next(d, path, it));
    if (it->type != t)
        return rd_fail_at(d, DPP_ERR_SCHEMA_TYPE, it->off, path, "expected %s, got %s", dpp_cb_type_name(t),
                       dpp_cb_type_name(it->type));
    return DPP_OK;
}

/* A text string of 1..cap bytes, copied NUL-terminated into dst[cap + 1]. */
static dpp_err rd_text(rd *d, dpp_path path, char *dst, size_t cap)
{
    cb_item it;
    TRY(rd_typed(d, path, &it, CB_TSTR));
    if (it.v == 0) return rd_fail_at(d, DPP_ERR_SCHEMA_RANGE, it.off, path, "empty string (omit the field instead)");
    if (it.v > cap)
        return rd_fail_at(d, DPP_ERR_SCHEMA_RANGE, it.off, path, "%" PRIu64 " bytes, at most %zu", it.v, cap);
    if (memchr(it.ptr, '\0', (size_t)it.v) != NULL)
        return rd_fail_at(d, DPP_ERR_SCHEMA_FORMAT, it.off, path, "contains a control character");
    memcpy(dst, it.ptr, (size_t)it.v);
    dst[it.v] = '\0';
    return DPP_OK;
}

/* An unsigned integer in min..max. */
static dpp_err rd_uint(rd *d, dpp_path path, uint64_t min, uint64_t max, uint64_t *out)
{
    cb_item it;
    TRY(rd_typed(d, path, &it, CB_UINT));
    if (it.v < min || it.v > max)
        return rd_fail_at(d, DPP_ERR_SCHEMA_RANGE, it.off, path, "%" PRIu64 " is out of range %" PRIu64 "..%" PRIu64,
                       it.v, min, max);
    *out = it.v;
    return DPP_OK;
}

static dpp_err rd_enum(rd *d, dpp_path path, int max, int *out)
{
    uint64_t v = 0;
    TRY(rd_uint(d, path, 1, (uint64_t)max, &v));
    *out = (int)v;
    return DPP_OK;
}

static dpp_err rd_date(rd *d, dpp_path path, dpp_date *out)
{
    uint64_t v = 0;
    TRY(rd_uint(d, path, 0, DPP_DATE_MAX, &v));
    *out = (dpp_date)v;
    return DPP_OK;
}

/* An integer item (uint or negint) with |v| <= DPP_DECIMAL_MAX_MANTISSA. */
static dpp_err dec_int(rd *d, dpp_path path, const cb_item *it, int64_t *out)
{
    if (it->type != CB_UINT && it->type != CB_NEGINT)
        return rd_fail_at(d, DPP_ERR_SCHEMA_TYPE, it->off, path, "mantissa must be an integer, got %s",
                       dpp_cb_type_name(it->type));
    if (!dpp_cb_item_int64(it, out) || *out < -DPP_DECIMAL_MAX_MANTISSA || *out > DPP_DECIMAL_MAX_MANTISSA)
        return rd_fail_at(d, DPP_ERR_SCHEMA_RANGE, it->off, path, "|mantissa| exceeds 10^18-1");
    return DPP_OK;
}

/* decimal = int / #6.4([exponent: -18..-1, mantissa: int]) */
static dpp_err rd_dec(rd *d, dpp_path path, dpp_decimal *out)
{
    cb_item it;
    int64_t e, m;
    TRY(rd_next(d, path, &it));
    if (it.type == CB_UINT || it.type == CB_NEGINT) {
        TRY(dec_int(d, path, &it, &m));
        out->mantissa = m;
        out->exponent = 0;
        return DPP_OK;
    }
    if (it.type != CB_TAG || it.v != TAG_DECIMAL)
        return rd_fail_at(d, DPP_ERR_SCHEMA_TYPE, it.off, path, "expected an integer or a decimal fraction (tag 4), got %s", it.type == CB_TAG ? "another tag" : dpp_cb_type_name(it.type));
    TRY(rd_next(d, path, &it));
    if (it.type != CB_ARRAY || it.v != 2)
        return rd_fail_at(d, DPP_ERR_SCHEMA_TYPE, it.off, path, "a decimal fraction must be [exponent, mantissa]");
    TRY(rd_next(d, path, &it));
    if (it.type != CB_UINT && it.type != CB_NEGINT)
        return rd_fail_at(d, DPP_ERR_SCHEMA_TYPE, it.off, path, "exponent must be an integer, got %s",
                       dpp_cb_type_name(it.type));
    if (!dpp_cb_item_int64(&it, &e) || e < DPP_DECIMAL_MIN_EXPONENT || e > -1)
        return rd_fail_at(d, DPP_ERR_SCHEMA_RANGE, it.off, path, "exponent out of range -18..-1");
    TRY(rd_next(d, path, &it));
    TRY(dec_int(d, path, &it, &m));
    out->mantissa = m;
    out->exponent = (int8_t)e;
    return DPP_OK;
}

/* An array head with exactly n entries (fixed-shape tuples). */
static dpp_err rd_tuple(rd *d, dpp_path path, uint64_t n)
{
    cb_item it;
    TRY(rd_typed(d, path, &it, CB_ARRAY));
    if (it.v != n)
        return rd_fail_at(d, DPP_ERR_SCHEMA_TYPE, it.off, path,
                          "expected an array of %" PRIu64 ", got %" PRIu64 " entries", n, it.v);
    return DPP_OK;
}

/* A list head with 1..max entries, checked before any entry is read. */
static dpp_err rd_list(rd *d, dpp_path path, size_t max, size_t *n)
{
    cb_item it;
    TRY(rd_typed(d, path, &it, CB_ARRAY));
    if (it.v == 0) return rd_fail_at(d, DPP_ERR_SCHEMA_RANGE, it.off, path, "empty array (omit the field instead)");
    if (it.v > max)
        return rd_fail_at(d, DPP_ERR_SCHEMA_RANGE, it.off, path, "%" PRIu64 " entries, at most %zu", it.v, max);
    *n = (size_t)it.v;
    return DPP_OK;
}

/* identifier = [scheme, value] */
static dpp_err rd_identifier(rd *d, dpp_path path, dpp_identifier *id)
{
    TRY(rd_tuple(d, path, 2));
    TRY(rd_text(d, dpp_path_field(path, "scheme"), id->scheme, DPP_MAX_SCHEME));
    return rd_text(d, dpp_path_field(path, "value"), id->value, DPP_MAX_ID);
}

/* Map walking: keys must be unsigned integers 1..max_key, strictly
 * increasing in encoded order; the label names the map in messages. */
typedef struct map_walk {
    dpp_path label;
    size_t head_off;
    uint64_t n, i;
    size_t prev_off, prev_len;
    uint32_t seen; /* bit k: key k present */
} map_walk;

static dpp_err map_begin(rd *d, dpp_path label, map_walk *m)
{
    cb_item it;
    TRY(rd_typed(d, label, &it, CB_MAP));
    memset(m, 0, sizeof *m);
    m->label = label;
    m->head_off = it.off;
    m->n = it.v;
    return DPP_OK;
}

/* Reads the next key into *key; returns false (with *err) at the end or on error. */
static bool map_key(rd *d, map_walk *m, unsigned max_key, unsigned *key, dpp_err *err)
{
    cb_item k;
    dpp_err oe;
    *err = DPP_OK;
    if (m->i >= m->n) return false;
    m->i++;
    *err = rd_next(d, m->label, &k);
    if (*err != DPP_OK) return false;
    oe = dpp_cb_key_order(m->i > 1 ? d->r->buf + m->prev_off : NULL, m->prev_len, d->r->buf + k.off, k.end - k.off);
    if (oe != DPP_OK) {
        if (k.type == CB_UINT)
            *err = rd_fail_at(d, oe, k.off, m->label, "key %" PRIu64 " %s", k.v,
                           oe == DPP_ERR_CBOR_DUPLICATE_KEY ? "is repeated" : "is out of order");
        else
            *err = rd_fail_at(d, oe, k.off, m->label, "key at offset %zu %s", k.off,
                           oe == DPP_ERR_CBOR_DUPLICATE_KEY ? "is repeated" : "is out of order");
        return false;
    }
    m->prev_off = k.off;
    m->prev_len = k.end - k.off;
    if (k.type != CB_UINT || k.v < 1 || k.v > max_key) {
        if (k.type == CB_UINT || k.type == CB_NEGINT) {
            int64_t v = 0;
            if (dpp_cb_item_int64(&k, &v))
                *err = rd_fail_at(d, DPP_ERR_SCHEMA_UNKNOWN_FIELD, k.off, m->label, "unknown key %" PRId64, v);
            else
                *err = rd_fail_at(d, DPP_ERR_SCHEMA_UNKNOWN_FIELD, k.off, m->label, "unknown key");
        } else {
            *err = rd_fail_at(d, DPP_ERR_SCHEMA_UNKNOWN_FIELD, k.off, m->label, "unknown key (%s)",
                           dpp_cb_type_name(k.type));
        }
        return false;
    }
    *key = (unsigned)k.v;
    m->seen |= UINT32_C(1) << k.v;
    return true;
}

/* Checks the required keys: names[k] is the field name of key k. */
static dpp_err map_end(rd *d, const map_walk *m, dpp_path prefix, uint32_t required, const char *const *names)
{
    for (unsigned k = 1; k < 32; k++) {
        if ((required & (UINT32_C(1) << k)) != 0 && (m->seen & (UINT32_C(1) << k)) == 0)
            return rd_fail_at(d, DPP_ERR_SCHEMA_MISSING, m->head_off, dpp_path_field(prefix, names[k]),
                              "missing (key %u)", k);
    }
    return DPP_OK;
}

#define BIT(k) (UINT32_C(1) << (k))

static dpp_err rd_party(rd *d, dpp_party *p)
{
    static const char *const names[] = {"", "name", "country", "operator_id"};
    map_walk m;
    unsigned k;
    dpp_err err;
    TRY(map_begin(d, DPP_PATH("manufacturer"), &m));
    while (map_key(d, &m, 3, &k, &err)) {
        if (k == 1) TRY(rd_text(d, DPP_PATH("manufacturer.name"), p->name, DPP_MAX_NAME));
        else if (k == 2) TRY(rd_text(d, DPP_PATH("manufacturer.country"), p->country, 2));
        else TRY(rd_identifier(d, DPP_PATH("manufacturer.operator_id"), &p->operator_id));
    }
    TRY(err);
    return map_end(d, &m, DPP_PATH("manufacturer"), BIT(1) | BIT(2), names);
}

static dpp_err rd_facility(rd *d, dpp_facility *f)
{
    static const char *const names[] = {"", "id", "name"};
    map_walk m;
    unsigned k;
    dpp_err err;
    TRY(map_begin(d, DPP_PATH("facility"), &m));
    while (map_key(d, &m, 2, &k, &err)) {
        if (k == 1) TRY(rd_identifier(d, DPP_PATH("facility.id"), &f->id));
        else TRY(rd_text(d, DPP_PATH("facility.name"), f->name, DPP_MAX_NAME));
    }
    TRY(err);
    return map_end(d, &m, DPP_PATH("facility"), BIT(1), names);
}

static dpp_err rd_material(rd *d, dpp_path pfx, dpp_material *mat)
{
    static const char *const names[] = {"",     "name",      "cas",            "mass_fraction",   "mass",
                                        "mass_unit", "recycled_share", "renewable_share", "origin", "hazardous"};
    dpp_path pb;
    map_walk m;
    unsigned k;
    dpp_err err;
    TRY(map_begin(d, pfx, &m));
    while (map_key(d, &m, 9, &k, &err)) {
        pb = dpp_path_field(pfx, names[k]);
        switch (k) {
        case 1: TRY(rd_text(d, pb, mat->name, DPP_MAX_NAME)); break;
        case 2: {
            uint64_t v;
            TRY(rd_uint(d, pb, CAS_MIN, CAS_MAX, &v));
            (void)dpp_cas_format(v, mat->cas, sizeof mat->cas);
            break;
        }
        case 3:
            TRY(rd_dec(d, pb, &mat->mass_fraction));
            mat->has_mass_fraction = true;
            break;
        case 4:
            TRY(rd_dec(d, pb, &mat->mass));
            mat->has_mass = true;
            break;
        case 5: TRY(rd_text(d, pb, mat->mass_unit, DPP_MAX_UNIT)); break;
        case 6:
            TRY(rd_dec(d, pb, &mat->recycled_share));
            mat->has_recycled_share = true;
            break;
        case 7:
            TRY(rd_dec(d, pb, &mat->renewable_share));
            mat->has_renewable_share = true;
            break;
        case 8: TRY(rd_text(d, pb, mat->origin, 2)); break;
        default: {
            cb_item it;
            TRY(rd_next(d, pb, &it));
            if (it.type != CB_TRUE)
                return rd_fail_at(d, DPP_ERR_SCHEMA_TYPE, it.off, pb, "expected true (absent means false), got %s",
                               dpp_cb_type_name(it.type));
            mat->hazardous = true;
            break;
        }
        }
    }
    TRY(err);
    return map_end(d, &m, pfx, BIT(1), names);
}

static dpp_err rd_footprint(rd *d, dpp_footprint *f)
{
    static const char *const names[] = {"",       "total",         "declared_unit",  "boundary",
                                        "method", "stages",        "period_start",   "primary_share",
                                        "electricity_ef", "electricity_ef_source", "verification"};
    map_walk m;
    unsigned k;
    dpp_err err;
    int e;
    TRY(map_begin(d, DPP_PATH("footprint"), &m));
    while (map_key(d, &m, 10, &k, &err)) {
        switch (k) {
        case 1: TRY(rd_dec(d, DPP_PATH("footprint.total"), &f->total)); break;
        case 2: TRY(rd_text(d, DPP_PATH("footprint.declared_unit"), f->declared_unit, DPP_MAX_UNIT)); break;
        case 3:
            TRY(rd_enum(d, DPP_PATH("footprint.boundary"), 4, &e));
            f->boundary = (dpp_boundary)e;
            break;
        case 4:
            TRY(rd_enum(d, DPP_PATH("footprint.method"), 7, &e));
            f->method = (dpp_method)e;
            break;
        case 5:
            TRY(rd_list(d, DPP_PATH("footprint.stages"), DPP_MAX_STAGES, &f->n_stages));
            for (size_t i = 0; i < f->n_stages; i++) {
                dpp_path pfx = {"footprint.stages", i, NULL};
                TRY(rd_tuple(d, pfx, 2));
                TRY(rd_enum(d, dpp_path_field(pfx, "stage"), 5, &e));
                f->stages[i].stage = (dpp_stage_kind)e;
                TRY(rd_dec(d, dpp_path_field(pfx, "value"), &f->stages[i].value));
            }
            break;
        case 6:
            TRY(rd_tuple(d, DPP_PATH("footprint.period_start"), 2));
            TRY(rd_date(d, DPP_PATH("footprint.period_start"), &f->period_start));
            TRY(rd_date(d, DPP_PATH("footprint.period_end"), &f->period_end));
            break;
        case 7:
            TRY(rd_dec(d, DPP_PATH("footprint.primary_share"), &f->primary_share));
            f->has_primary_share = true;
            break;
        case 8:
            TRY(rd_dec(d, DPP_PATH("footprint.electricity_ef"), &f->electricity_ef));
            f->has_electricity_ef = true;
            break;
        case 9:
            TRY(rd_text(d, DPP_PATH("footprint.electricity_ef_source"), f->electricity_ef_source, DPP_MAX_SOURCE));
            break;
        default:
            TRY(rd_enum(d, DPP_PATH("footprint.verification"), 2, &e));
            f->verification = (dpp_verification)e;
            break;
        }
    }
    TRY(err);
    return map_end(d, &m, DPP_PATH("footprint"), BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(6) | BIT(10), names);
}

static dpp_err rd_certification(rd *d, dpp_path pfx, dpp_certification *c)
{
    static const char *const names[] = {"", "scheme", "certificate_id", "issuer", "valid_from", "valid_until", "scope"};
    dpp_path pb;
    map_walk m;
    unsigned k;
    dpp_err err;
    TRY(map_begin(d, pfx, &m));
    while (map_key(d, &m, 6, &k, &err)) {
        pb = dpp_path_field(pfx, names[k]);
        switch (k) {
        case 1: TRY(rd_text(d, pb, c->scheme, DPP_MAX_ID)); break;
        case 2: TRY(rd_text(d, pb, c->certificate_id, DPP_MAX_ID)); break;
        case 3: TRY(rd_text(d, pb, c->issuer, DPP_MAX_NAME)); break;
        case 4:
            TRY(rd_date(d, pb, &c->valid_from));
            c->has_valid_from = true;
            break;
        case 5:
            TRY(rd_date(d, pb, &c->valid_until));
            c->has_valid_until = true;
            break;
        default: TRY(rd_text(d, pb, c->scope, DPP_MAX_SCOPE)); break;
        }
    }
    TRY(err);
    return map_end(d, &m, pfx, BIT(1) | BIT(2) | BIT(3), names);
}

/* ---- the CBAM block's communication template data (keys 9..19) ---- */

static dpp_err rd_cbam_installation(rd *d, dpp_cbam_installation *in)
{
    static const char *const names[] = {"",         "name",    "street",      "city",     "postcode",
                                        "country",  "unlocode", "coordinates", "activity", "operator_id"};
    static const dpp_path pfx = {"cbam.installation", DPP_PATH_NO_INDEX, NULL};
    map_walk m;
    unsigned k;
    dpp_err err;
    TRY(map_begin(d, pfx, &m));
    while (map_key(d, &m, 9, &k, &err)) {
        dpp_path pb = dpp_path_field(pfx, names[k]);
        switch (k) {
        case 1: TRY(rd_text(d, pb, in->name, DPP_MAX_NAME)); break;
        case 2: TRY(rd_text(d, pb, in->street, DPP_MAX_ADDRESS)); break;
        case 3: TRY(rd_text(d, pb, in->city, DPP_MAX_ADDRESS)); break;
        case 4: TRY(rd_text(d, pb, in->postcode, DPP_MAX_POSTCODE)); break;
        case 5: TRY(rd_text(d, pb, in->country, 2)); break;
        case 6: TRY(rd_text(d, pb, in->unlocode, 5)); break;
        case 7:
            TRY(rd_tuple(d, pb, 2));
            TRY(rd_dec(d, DPP_PATH("cbam.installation.coordinates.latitude"), &in->latitude));
            TRY(rd_dec(d, DPP_PATH("cbam.installation.coordinates.longitude"), &in->longitude));
            in->has_coordinates = true;
            break;
        case 8: TRY(rd_text(d, pb, in->activity, DPP_MAX_ACTIVITY)); break;
        default: TRY(rd_identifier(d, DPP_PATH("cbam.installation.operator_id"), &in->operator_id)); break;
        }
    }
    TRY(err);
    return map_end(d, &m, pfx, BIT(1) | BIT(5), names);
}

static dpp_err rd_cbam_electricity(rd *d, dpp_cbam *c)
{
    static const char *const names[] = {"", "consumed", "emission_factor", "source"};
    static const dpp_path pfx = {"cbam.electricity", DPP_PATH_NO_INDEX, NULL};
    map_walk m;
    unsigned k;
    dpp_err err;
    TRY(map_begin(d, pfx, &m));
    while (map_key(d, &m, 3, &k, &err)) {
        dpp_path pb = dpp_path_field(pfx, names[k]);
        if (k == 1) {
            TRY(rd_dec(d, pb, &c->electricity));
        } else if (k == 2) {
            TRY(rd_dec(d, pb, &c->electricity_ef));
            c->has_electricity_ef = true;
        } else {
            TRY(rd_text(d, pb, c->electricity_ef_source, DPP_MAX_SOURCE));
        }
    }
    TRY(err);
    c->has_electricity = true;
    return map_end(d, &m, pfx, BIT(1), names);
}

static dpp_err rd_cbam_precursor(rd *d, dpp_path pfx, dpp_cbam_precursor *pc)
{
    static const char *const names[] = {"", "cn_code", "quantity", "see_direct", "see_indirect"};
    map_walk m;
    unsigned k;
    dpp_err err;
    uint64_t v;
    TRY(map_begin(d, pfx, &m));
    while (map_key(d, &m, 4, &k, &err)) {
        dpp_path pb = dpp_path_field(pfx, names[k]);
        switch (k) {
        case 1:
            TRY(rd_uint(d, pb, 0, CN_MAX, &v));
            put_digits(pc->cn_code, v, 8);
            break;
        case 2:
            TRY(rd_dec(d, pb, &pc->quantity));
            pc->has_quantity = true;
            break;
        case 3: TRY(rd_dec(d, pb, &pc->see_direct)); break;
        default:
            TRY(rd_dec(d, pb, &pc->see_indirect));
            pc->has_see_indirect = true;
            break;
        }
    }
    TRY(err);
    return map_end(d, &m, pfx, BIT(1) | BIT(3), names);
}

static dpp_err rd_cbam_price_details(rd *d, dpp_cbam *c)
{
    static const char *const names[] = {"", "covered", "rebate", "rebate_type", "rebate_covered", "effective"};
    static const dpp_path pfx = {"cbam.carbon_price", DPP_PATH_NO_INDEX, NULL};
    map_walk m;
    unsigned k;
    dpp_err err;
    TRY(map_begin(d, pfx, &m));
    if (m.n == 0) return rd_fail_at(d, DPP_ERR_SCHEMA_RANGE, m.head_off, pfx, "empty price details map (key 18)");
    while (map_key(d, &m, 5, &k, &err)) {
        dpp_path pb = dpp_path_field(pfx, names[k]);
        switch (k) {
        case 1:
            TRY(rd_dec(d, pb, &c->price_covered));
            c->has_price_covered = true;
            break;
        case 2:
            TRY(rd_dec(d, pb, &c->rebate));
            c->has_rebate = true;
            break;
        case 3: TRY(rd_text(d, pb, c->rebate_type, DPP_MAX_REBATE_TYPE)); break;
        case 4:
            TRY(rd_dec(d, pb, &c->rebate_covered));
            c->has_rebate_covered = true;
            break;
        default:
            TRY(rd_dec(d, pb, &c->effective_price));
            c->has_effective_price = true;
            break;
        }
    }
    return err;
}

static dpp_err rd_cbam_verifier(rd *d, dpp_cbam_verifier *vf)
{
    static const char *const names[] = {"",        "name", "country", "accreditation_state", "accreditation_body",
                                        "accreditation_id"};
    static const dpp_path pfx = {"cbam.verifier", DPP_PATH_NO_INDEX, NULL};
    map_walk m;
    unsigned k;
    dpp_err err;
    TRY(map_begin(d, pfx, &m));
    while (map_key(d, &m, 5, &k, &err)) {
        dpp_path pb = dpp_path_field(pfx, names[k]);
        switch (k) {
        case 1: TRY(rd_text(d, pb, vf->name, DPP_MAX_NAME)); break;
        case 2: TRY(rd_text(d, pb, vf->country, 2)); break;
        case 3: TRY(rd_text(d, pb, vf->accreditation_state, 2)); break;
        case 4: TRY(rd_text(d, pb, vf->accreditation_body, DPP_MAX_NAME)); break;
        default: TRY(rd_text(d, pb, vf->accreditation_id, DPP_MAX_ID)); break;
        }
    }
    TRY(err);
    return map_end(d, &m, pfx, BIT(1), names);
}

/* Keys 9..19 of the CBAM map. */
static dpp_err rd_cbam_template(rd *d, unsigned k, dpp_cbam *c)
{
    uint64_t v;
    switch (k) {
    case 9:
        TRY(rd_cbam_installation(d, &c->installation));
        c->has_installation = true;
        break;
    case 10:
        TRY(rd_tuple(d, DPP_PATH("cbam.period"), 2));
        TRY(rd_date(d, DPP_PATH("cbam.period.start"), &c->period_start));
        TRY(rd_date(d, DPP_PATH("cbam.period.end"), &c->period_end));
        c->has_period = true;
        break;
    case 11: TRY(rd_text(d, DPP_PATH("cbam.process"), c->process, DPP_MAX_PROCESS)); break;
    case 12: TRY(rd_text(d, DPP_PATH("cbam.goods_category"), c->goods_category, DPP_MAX_CATEGORY)); break;
    case 13:
        TRY(rd_dec(d, DPP_PATH("cbam.see_total"), &c->see_total));
        c->has_see_total = true;
        break;
    case 14:
        TRY(rd_uint(d, DPP_PATH("cbam.see_unit"), 1, 2, &v));
        (void)snprintf(c->see_unit, sizeof c->see_unit, "%s", v == 1 ? "tCO2e/t" : "tCO2e/MWh");
        break;
    case 15:
        TRY(rd_dec(d, DPP_PATH("cbam.default_share"), &c->default_share));
        c->has_default_share = true;
        break;
    case 16: TRY(rd_cbam_electricity(d, c)); break;
    case 17:
        TRY(rd_list(d, DPP_PATH("cbam.precursors"), DPP_MAX_PRECURSORS, &c->n_precursors));
        for (size_t i = 0; i < c->n_precursors; i++)
            TRY(rd_cbam_precursor(d, (dpp_path){"cbam.precursors", i, NULL}, &c->precursors[i]));
        break;
    case 18: TRY(rd_cbam_price_details(d, c)); break;
    default:
        TRY(rd_cbam_verifier(d, &c->verifier));
        c->has_verifier = true;
        break;
    }
    return DPP_OK;
}

static dpp_err rd_cbam(rd *d, dpp_cbam *c)
{
    static const char *const names[] = {
        "",           "cn_code",        "origin",         "installation_id", "route",     "see_direct",
        "see_indirect", "method",       "carbon_price",   "installation",    "period",    "process",
        "goods_category", "see_total",  "see_unit",       "default_share",   "electricity", "precursors",
        "carbon_price", "verifier"};
    map_walk m;
    unsigned k;
    dpp_err err;
    int e;
    uint64_t v;
    TRY(map_begin(d, DPP_PATH("cbam"), &m));
    while (map_key(d, &m, 19, &k, &err)) {
        if (k >= 9) {
            TRY(rd_cbam_template(d, k, c));
            continue;
        }
        switch (k) {
        case 1:
            TRY(rd_uint(d, DPP_PATH("cbam.cn_code"), 0, CN_MAX, &v));
            put_digits(c->cn_code, v, 8);
            break;
        case 2: TRY(rd_text(d, DPP_PATH("cbam.origin"), c->origin, 2)); break;
        case 3: TRY(rd_text(d, DPP_PATH("cbam.installation_id"), c->installation_id, DPP_MAX_ID)); break;
        case 4: TRY(rd_text(d, DPP_PATH("cbam.route"), c->route, DPP_MAX_ROUTE)); break;
        case 5: TRY(rd_dec(d, DPP_PATH("cbam.see_direct"), &c->see_direct)); break;
        case 6:
            TRY(rd_dec(d, DPP_PATH("cbam.see_indirect"), &c->see_indirect));
            c->has_see_indirect = true;
            break;
        case 7:
            TRY(rd_enum(d, DPP_PATH("cbam.method"), 3, &e));
            c->method = (dpp_cbam_method)e;
            break;
        default:
            TRY(rd_tuple(d, DPP_PATH("cbam.carbon_price"), 3));
            TRY(rd_dec(d, DPP_PATH("cbam.carbon_price.amount"), &c->carbon_price));
            TRY(rd_text(d, DPP_PATH("cbam.carbon_price.currency"), c->carbon_price_currency, 3));
            TRY(rd_enum(d, DPP_PATH("cbam.carbon_price.instrument"), 5, &e));
            c->carbon_price_instrument = (dpp_price_instrument)e;
            c->has_carbon_price = true;
            break;
        }
    }
    TRY(err);
    return map_end(d, &m, DPP_PATH("cbam"), BIT(1) | BIT(2) | BIT(5) | BIT(7), names);
}

static dpp_err rd_passport(rd *d, dpp_passport *p)
{
    static const char *const names[] = {"",         "version",  "id",     "gtin",    "batch",         "serial",
                                        "name",     "category", "production_date",   "manufacturer",  "facility",
                                        "materials", "footprint", "certifications", "cbam",          "extensions"};
    map_walk m;
    unsigned k;
    dpp_err err;
    cb_item it;
    uint64_t v;
    TRY(map_begin(d, DPP_PATH(k_root), &m));
    while (map_key(d, &m, 15, &k, &err)) {
        switch (k) {
        case 1:
            TRY(rd_typed(d, DPP_PATH("version"), &it, CB_UINT));
            if (it.v != DPP_PASSPORT_VERSION)
                return rd_fail_at(d, DPP_ERR_PAYLOAD_VERSION, it.off,
                               DPP_PATH("version"), "%" PRIu64 " is not supported (expected %d)", it.v, DPP_PASSPORT_VERSION);
            break;
        case 2:
            TRY(rd_typed(d, DPP_PATH("id"), &it, CB_BSTR));
            if (it.v != sizeof p->id)
                return rd_fail_at(d, DPP_ERR_SCHEMA_RANGE, it.off, DPP_PATH("id"), "%" PRIu64 " bytes, expected 16", it.v);
            memcpy(p->id, it.ptr, sizeof p->id);
            break;
        case 3:
            TRY(rd_uint(d, DPP_PATH("gtin"), 0, GTIN_MAX, &v));
            put_digits(p->gtin, v, 14);
            break;
        case 4: TRY(rd_text(d, DPP_PATH("batch"), p->batch, DPP_MAX_BATCH)); break;
        case 5: TRY(rd_text(d, DPP_PATH("serial"), p->serial, DPP_MAX_SERIAL)); break;
        case 6: TRY(rd_text(d, DPP_PATH("name"), p->name, DPP_MAX_NAME)); break;
        case 7: TRY(rd_text(d, DPP_PATH("category"), p->category, DPP_MAX_CATEGORY)); break;
        case 8:
            TRY(rd_date(d, DPP_PATH("production_date"), &p->production_date));
            p->has_production_date = true;
            break;
        case 9: TRY(rd_party(d, &p->manufacturer)); break;
        case 10:
            TRY(rd_facility(d, &p->facility));
            p->has_facility = true;
            break;
        case 11:
            TRY(rd_list(d, DPP_PATH("materials"), DPP_MAX_MATERIALS, &p->n_materials));
            for (size_t i = 0; i < p->n_materials; i++) {
                TRY(rd_material(d, (dpp_path){"materials", i, NULL}, &p->materials[i]));
            }
            break;
        case 12:
            TRY(rd_footprint(d, &p->footprint));
            p->has_footprint = true;
            break;
        case 13:
            TRY(rd_list(d, DPP_PATH("certifications"), DPP_MAX_CERTIFICATIONS, &p->n_certifications));
            for (size_t i = 0; i < p->n_certifications; i++) {
                TRY(rd_certification(d, (dpp_path){"certifications", i, NULL}, &p->certifications[i]));
            }
            break;
        case 14:
            TRY(rd_cbam(d, &p->cbam));
            p->has_cbam = true;
            break;
        default: {
            size_t start = d->r->pos;
            TRY(dpp_ext_read(d->r, d->diag));
            /* dpp_ext_read caps the map at DPP_MAX_EXT_LEN bytes. */
            p->ext_len = d->r->pos - start;
            memcpy(p->ext, d->r->buf + start, p->ext_len);
            break;
        }
        }
    }
    TRY(err);
    return map_end(d, &m, (dpp_path){NULL, DPP_PATH_NO_INDEX, NULL}, BIT(1) | BIT(2) | BIT(3) | BIT(6) | BIT(9), names);
}

dpp_err dpp_passport_read(cb_reader *r, dpp_passport *out, dpp_diag *diag)
{
    rd d;
    dpp_err err;
    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (r == NULL || out == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "reader and passport must not be NULL");
    d.r = r;
    d.diag = diag;
    err = rd_passport(&d, out);
    if (err != DPP_OK) memset(out, 0, sizeof *out);
    return err;
}

/* ======================================================================
 * Encoder
 * ====================================================================== */

static size_t field_len(const char *s, size_t size)
{
    const char *z = memchr(s, '\0', size);
    return z == NULL ? size : (size_t)(z - s);
}

#define HAS(field) (field_len((field), sizeof(field)) > 0)

static void w_text(cw_writer *w, const char *s, size_t size) { dpp_cw_tstr(w, s, field_len(s, size)); }
#define W_TEXT(w, field) w_text((w), (field), sizeof(field))

/* Digits of a text field as an integer (hyphens skipped). */
static uint64_t w_digits(const char *s, size_t size)
{
    uint64_t v = 0;
    for (size_t i = 0; i < size && s[i] != '\0'; i++)
        if (s[i] >= '0' && s[i] <= '9') v = v * 10u + (uint64_t)(s[i] - '0');
    return v;
}

static void w_dec(cw_writer *w, dpp_decimal d)
{
    if (d.exponent == 0) {
        dpp_cw_int(w, d.mantissa);
        return;
    }
    dpp_cw_tag(w, TAG_DECIMAL);
    dpp_cw_array(w, 2);
    dpp_cw_int(w, d.exponent);
    dpp_cw_int(w, d.mantissa);
}

static void w_identifier(cw_writer *w, const dpp_identifier *id)
{
    dpp_cw_array(w, 2);
    W_TEXT(w, id->scheme);
    W_TEXT(w, id->value);
}

static void w_material(cw_writer *w, const dpp_material *m)
{
    size_t n = 1u + HAS(m->cas) + m->has_mass_fraction + m->has_mass + HAS(m->mass_unit) + m->has_recycled_share +
               m->has_renewable_share + HAS(m->origin) + m->hazardous;
    dpp_cw_map(w, n);
    dpp_cw_uint(w, 1);
    W_TEXT(w, m->name);
    if (HAS(m->cas)) {
        dpp_cw_uint(w, 2);
        dpp_cw_uint(w, w_digits(m->cas, sizeof m->cas));
    }
    if (m->has_mass_fraction) {
        dpp_cw_uint(w, 3);
        w_dec(w, m->mass_fraction);
    }
    if (m->has_mass) {
        dpp_cw_uint(w, 4);
        w_dec(w, m->mass);
    }
    if (HAS(m->mass_unit)) {
        dpp_cw_uint(w, 5);
        W_TEXT(w, m->mass_unit);
    }
    if (m->has_recycled_share) {
        dpp_cw_uint(w, 6);
        w_dec(w, m->recycled_share);
    }
    if (m->has_renewable_share) {
        dpp_cw_uint(w, 7);
        w_dec(w, m->renewable_share);
    }
    if (HAS(m->origin)) {
        dpp_cw_uint(w, 8);
        W_TEXT(w, m->origin);
    }
    if (m->hazardous) {
        dpp_cw_uint(w, 9);
        dpp_cw_bool(w, true);
    }
}

static void w_footprint(cw_writer *w, const dpp_footprint *f)
{
    size_t ns = f->n_stages > DPP_MAX_STAGES ? DPP_MAX_STAGES : f->n_stages;
    size_t n = 6u + (ns > 0) + f->has_primary_share + f->has_electricity_ef + HAS(f->electricity_ef_source);
    dpp_cw_map(w, n);
    dpp_cw_uint(w, 1);
    w_dec(w, f->total);
    dpp_cw_uint(w, 2);
    W_TEXT(w, f->declared_unit);
    dpp_cw_uint(w, 3);
    dpp_cw_uint(w, (uint64_t)f->boundary);
    dpp_cw_uint(w, 4);
    dpp_cw_uint(w, (uint64_t)f->method);
    if (ns > 0) {
        dpp_cw_uint(w, 5);
        dpp_cw_array(w, ns);
        for (size_t i = 0; i < ns; i++) {
            dpp_cw_array(w, 2);
            dpp_cw_uint(w, (uint64_t)f->stages[i].stage);
            w_dec(w, f->stages[i].value);
        }
    }
    dpp_cw_uint(w, 6);
    dpp_cw_array(w, 2);
    dpp_cw_uint(w, (uint64_t)f->period_start);
    dpp_cw_uint(w, (uint64_t)f->period_end);
    if (f->has_primary_share) {
        dpp_cw_uint(w, 7);
        w_dec(w, f->primary_share);
    }
    if (f->has_electricity_ef) {
        dpp_cw_uint(w, 8);
        w_dec(w, f->electricity_ef);
    }
    if (HAS(f->electricity_ef_source)) {
        dpp_cw_uint(w, 9);
        W_TEXT(w, f->electricity_ef_source);
    }
    dpp_cw_uint(w, 10);
    dpp_cw_uint(w, (uint64_t)f->verification);
}

static void w_certification(cw_writer *w, const dpp_certification *c)
{
    size_t n = 3u + c->has_valid_from + c->has_valid_until + HAS(c->scope);
    dpp_cw_map(w, n);
    dpp_cw_uint(w, 1);
    W_TEXT(w, c->scheme);
    dpp_cw_uint(w, 2);
    W_TEXT(w, c->certificate_id);
    dpp_cw_uint(w, 3);
    W_TEXT(w, c->issuer);
    if (c->has_valid_from) {
        dpp_cw_uint(w, 4);
        dpp_cw_uint(w, (uint64_t)c->valid_from);
    }
    if (c->has_valid_until) {
        dpp_cw_uint(w, 5);
        dpp_cw_uint(w, (uint64_t)c->valid_until);
    }
    if (HAS(c->scope)) {
        dpp_cw_uint(w, 6);
        W_TEXT(w, c->scope);
    }
}

static void w_cbam_installation(cw_writer *w, const dpp_cbam_installation *in)
{
    size_t n = 2u + HAS(in->street) + HAS(in->city) + HAS(in->postcode) + HAS(in->unlocode) + in->has_coordinates +
               HAS(in->activity) + HAS(in->operator_id.scheme);
    dpp_cw_map(w, n);
    dpp_cw_uint(w, 1);
    W_TEXT(w, in->name);
    if (HAS(in->street)) {
        dpp_cw_uint(w, 2);
        W_TEXT(w, in->street);
    }
    if (HAS(in->city)) {
        dpp_cw_uint(w, 3);
        W_TEXT(w, in->city);
    }
    if (HAS(in->postcode)) {
        dpp_cw_uint(w, 4);
        W_TEXT(w, in->postcode);
    }
    dpp_cw_uint(w, 5);
    W_TEXT(w, in->country);
    if (HAS(in->unlocode)) {
        dpp_cw_uint(w, 6);
        W_TEXT(w, in->unlocode);
    }
    if (in->has_coordinates) {
        dpp_cw_uint(w, 7);
        dpp_cw_array(w, 2);
        w_dec(w, in->latitude);
        w_dec(w, in->longitude);
    }
    if (HAS(in->activity)) {
        dpp_cw_uint(w, 8);
        W_TEXT(w, in->activity);
    }
    if (HAS(in->operator_id.scheme)) {
        dpp_cw_uint(w, 9);
        w_identifier(w, &in->operator_id);
    }
}

static void w_cbam_precursor(cw_writer *w, const dpp_cbam_precursor *pc)
{
    dpp_cw_map(w, 2u + pc->has_quantity + pc->has_see_indirect);
    dpp_cw_uint(w, 1);
    dpp_cw_uint(w, w_digits(pc->cn_code, sizeof pc->cn_code));
    if (pc->has_quantity) {
        dpp_cw_uint(w, 2);
        w_dec(w, pc->quantity);
    }
    dpp_cw_uint(w, 3);
    w_dec(w, pc->see_direct);
    if (pc->has_see_indirect) {
        dpp_cw_uint(w, 4);
        w_dec(w, pc->see_indirect);
    }
}

static void w_cbam_verifier(cw_writer *w, const dpp_cbam_verifier *vf)
{
    dpp_cw_map(w, 1u + HAS(vf->country) + HAS(vf->accreditation_state) + HAS(vf->accreditation_body) +
                      HAS(vf->accreditation_id));
    dpp_cw_uint(w, 1);
    W_TEXT(w, vf->name);
    if (HAS(vf->country)) {
        dpp_cw_uint(w, 2);
        W_TEXT(w, vf->country);
    }
    if (HAS(vf->accreditation_state)) {
        dpp_cw_uint(w, 3);
        W_TEXT(w, vf->accreditation_state);
    }
    if (HAS(vf->accreditation_body)) {
        dpp_cw_uint(w, 4);
        W_TEXT(w, vf->accreditation_body);
    }
    if (HAS(vf->accreditation_id)) {
        dpp_cw_uint(w, 5);
        W_TEXT(w, vf->accreditation_id);
    }
}

/* Number of the CBAM map's keys 9..19 present. */
static size_t n_cbam_template(const dpp_cbam *c)
{
    size_t np = c->n_precursors > DPP_MAX_PRECURSORS ? DPP_MAX_PRECURSORS : c->n_precursors;
    bool details = c->has_price_covered || c->has_rebate || HAS(c->rebate_type) || c->has_rebate_covered ||
                   c->has_effective_price;
    return (size_t)c->has_installation + c->has_period + HAS(c->process) + HAS(c->goods_category) +
           c->has_see_total + HAS(c->see_unit) + c->has_default_share + c->has_electricity + (np > 0) + details +
           c->has_verifier;
}

static void w_cbam_template(cw_writer *w, const dpp_cbam *c)
{
    size_t np = c->n_precursors > DPP_MAX_PRECURSORS ? DPP_MAX_PRECURSORS : c->n_precursors;
    size_t nd = (size_t)c->has_price_covered + c->has_rebate + HAS(c->rebate_type) + c->has_rebate_covered +
                c->has_effective_price;
    if (c->has_installation) {
        dpp_cw_uint(w, 9);
        w_cbam_installation(w, &c->installation);
    }
    if (c->has_period) {
        dpp_cw_uint(w, 10);
        dpp_cw_array(w, 2);
        dpp_cw_uint(w, (uint64_t)c->period_start);
        dpp_cw_uint(w, (uint64_t)c->period_end);
    }
    if (HAS(c->process)) {
        dpp_cw_uint(w, 11);
        W_TEXT(w, c->process);
    }
    if (HAS(c->goods_category)) {
        dpp_cw_uint(w, 12);
        W_TEXT(w, c->goods_category);
    }
    if (c->has_see_total) {
        dpp_cw_uint(w, 13);
        w_dec(w, c->see_total);
    }
    if (HAS(c->see_unit)) {
        dpp_cw_uint(w, 14);
        dpp_cw_uint(w, strcmp(c->see_unit, "tCO2e/MWh") == 0 ? 2u : 1u);
    }
    if (c->has_default_share) {
        dpp_cw_uint(w, 15);
        w_dec(w, c->default_share);
    }
    if (c->has_electricity) {
        dpp_cw_uint(w, 16);
        dpp_cw_map(w, 1u + c->has_electricity_ef + HAS(c->electricity_ef_source));
        dpp_cw_uint(w, 1);
        w_dec(w, c->electricity);
        if (c->has_electricity_ef) {
            dpp_cw_uint(w, 2);
            w_dec(w, c->electricity_ef);
        }
        if (HAS(c->electricity_ef_source)) {
            dpp_cw_uint(w, 3);
            W_TEXT(w, c->electricity_ef_source);
        }
    }
    if (np > 0) {
        dpp_cw_uint(w, 17);
        dpp_cw_array(w, np);
        for (size_t i = 0; i < np; i++) w_cbam_precursor(w, &c->precursors[i]);
    }
    if (nd > 0) {
        dpp_cw_uint(w, 18);
        dpp_cw_map(w, nd);
        if (c->has_price_covered) {
            dpp_cw_uint(w, 1);
            w_dec(w, c->price_covered);
        }
        if (c->has_rebate) {
            dpp_cw_uint(w, 2);
            w_dec(w, c->rebate);
        }
        if (HAS(c->rebate_type)) {
            dpp_cw_uint(w, 3);
            W_TEXT(w, c->rebate_type);
        }
        if (c->has_rebate_covered) {
            dpp_cw_uint(w, 4);
            w_dec(w, c->rebate_covered);
        }
        if (c->has_effective_price) {
            dpp_cw_uint(w, 5);
            w_dec(w, c->effective_price);
        }
    }
    if (c->has_verifier) {
        dpp_cw_uint(w, 19);
        w_cbam_verifier(w, &c->verifier);
    }
}

static void w_cbam(cw_writer *w, const dpp_cbam *c)
{
    size_t n = 4u + HAS(c->installation_id) + HAS(c->route) + c->has_see_indirect + c->has_carbon_price +
               n_cbam_template(c);
    dpp_cw_map(w, n);
    dpp_cw_uint(w, 1);
    dpp_cw_uint(w, w_digits(c->cn_code, sizeof c->cn_code));
    dpp_cw_uint(w, 2);
    W_TEXT(w, c->origin);
    if (HAS(c->installation_id)) {
        dpp_cw_uint(w, 3);
        W_TEXT(w, c->installation_id);
    }
    if (HAS(c->route)) {
        dpp_cw_uint(w, 4);
        W_TEXT(w, c->route);
    }
    dpp_cw_uint(w, 5);
    w_dec(w, c->see_direct);
    if (c->has_see_indirect) {
        dpp_cw_uint(w, 6);
        w_dec(w, c->see_indirect);
    }
    dpp_cw_uint(w, 7);
    dpp_cw_uint(w, (uint64_t)c->method);
    if (c->has_carbon_price) {
        dpp_cw_uint(w, 8);
        dpp_cw_array(w, 3);
        w_dec(w, c->carbon_price);
        W_TEXT(w, c->carbon_price_currency);
        dpp_cw_uint(w, (uint64_t)c->carbon_price_instrument);
    }
    w_cbam_template(w, c);
}

void dpp_passport_write(cw_writer *w, const dpp_passport *p)
{
    size_t nm = p->n_materials > DPP_MAX_MATERIALS ? DPP_MAX_MATERIALS : p->n_materials;
    size_t nc = p->n_certifications > DPP_MAX_CERTIFICATIONS ? DPP_MAX_CERTIFICATIONS : p->n_certifications;
    size_t ne = p->ext_len > DPP_MAX_EXT_LEN ? DPP_MAX_EXT_LEN : p->ext_len;
    size_t n = 5u + HAS(p->batch) + HAS(p->serial) + HAS(p->category) + p->has_production_date + p->has_facility +
               (nm > 0) + p->has_footprint + (nc > 0) + p->has_cbam + (ne > 0);

    dpp_cw_map(w, n);
    dpp_cw_uint(w, 1);
    dpp_cw_uint(w, DPP_PASSPORT_VERSION);
    dpp_cw_uint(w, 2);
    dpp_cw_bstr(w, p->id, sizeof p->id);
    dpp_cw_uint(w, 3);
    dpp_cw_uint(w, w_digits(p->gtin, sizeof p->gtin));
    if (HAS(p->batch)) {
        dpp_cw_uint(w, 4);
        W_TEXT(w, p->batch);
    }
    if (HAS(p->serial)) {
        dpp_cw_uint(w, 5);
        W_TEXT(w, p->serial);
    }
    dpp_cw_uint(w, 6);
    W_TEXT(w, p->name);
    if (HAS(p->category)) {
        dpp_cw_uint(w, 7);
        W_TEXT(w, p->category);
    }
    if (p->has_production_date) {
        dpp_cw_uint(w, 8);
        dpp_cw_uint(w, (uint64_t)p->production_date);
    }
    dpp_cw_uint(w, 9);
    dpp_cw_map(w, HAS(p->manufacturer.operator_id.scheme) ? 3 : 2);
    dpp_cw_uint(w, 1);
    W_TEXT(w, p->manufacturer.name);
    dpp_cw_uint(w, 2);
    W_TEXT(w, p->manufacturer.country);
    if (HAS(p->manufacturer.operator_id.scheme)) {
        dpp_cw_uint(w, 3);
        w_identifier(w, &p->manufacturer.operator_id);
    }
    if (p->has_facility) {
        dpp_cw_uint(w, 10);
        dpp_cw_map(w, HAS(p->facility.name) ? 2 : 1);
        dpp_cw_uint(w, 1);
        w_identifier(w, &p->facility.id);
        if (HAS(p->facility.name)) {
            dpp_cw_uint(w, 2);
            W_TEXT(w, p->facility.name);
        }
    }
    if (nm > 0) {
        dpp_cw_uint(w, 11);
        dpp_cw_array(w, nm);
        for (size_t i = 0; i < nm; i++) w_material(w, &p->materials[i]);
    }
    if (p->has_footprint) {
        dpp_cw_uint(w, 12);
        w_footprint(w, &p->footprint);
    }
    if (nc > 0) {
        dpp_cw_uint(w, 13);
        dpp_cw_array(w, nc);
        for (size_t i = 0; i < nc; i++) w_certification(w, &p->certifications[i]);
    }
    if (p->has_cbam) {
        dpp_cw_uint(w, 14);
        w_cbam(w, &p->cbam);
    }
    if (ne > 0) {
        dpp_cw_uint(w, 15);
        dpp_cw_raw(w, p->ext, ne);
    }
}

/* ======================================================================
 * Public API
 * ====================================================================== */

dpp_err dpp_passport_to_cbor(const dpp_passport *p, uint8_t *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    cw_writer w;
    size_t need;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (p == NULL || out_len == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "passport and out_len must not be NULL");
    err = dpp_passport_validate(p, diag);
    if (err != DPP_OK) return err;

    dpp_cw_init(&w, NULL, 0);
    dpp_passport_write(&w, p);
    if (dpp_cw_err(&w) != DPP_OK)
        return dpp_diag_set(diag, dpp_cw_err(&w), SIZE_MAX, "passport: CBOR encoding failed (%s)", dpp_err_str(dpp_cw_err(&w)));
    need = w.len;
    if (need > DPP_MAX_COSE_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "passport: encoded size %zu bytes exceeds %d", need,
                            DPP_MAX_COSE_LEN);
    if (out == NULL) {
        *out_len = need;
        return DPP_OK;
    }
    if (out_cap < need)
        return dpp_diag_set(diag, DPP_ERR_BUFFER_TOO_SMALL, SIZE_MAX, "passport: needs %zu bytes, buffer has %zu", need,
                            out_cap);
    dpp_cw_init(&w, out, out_cap);
    dpp_passport_write(&w, p);
    if (dpp_cw_err(&w) != DPP_OK)
        return dpp_diag_set(diag, dpp_cw_err(&w), SIZE_MAX, "passport: CBOR encoding failed (%s)", dpp_err_str(dpp_cw_err(&w)));
    *out_len = w.len;
    return DPP_OK;
}

dpp_err dpp_passport_from_cbor(const uint8_t *cbor, size_t cbor_len, dpp_passport *out, dpp_diag *diag)
{
    cb_reader r;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (cbor == NULL || out == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "cbor and out must not be NULL");
    if (cbor_len > DPP_MAX_COSE_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "passport: %zu bytes, at most %d", cbor_len,
                            DPP_MAX_COSE_LEN);
    dpp_cb_init(&r, cbor, cbor_len, true);
    err = dpp_passport_read(&r, out, diag);
    if (err != DPP_OK) goto done;
    if (dpp_cb_finish(&r) != DPP_OK) {
        err = dpp_diag_set(diag, r.err, r.err_off, "passport: %zu trailing bytes at offset %zu", cbor_len - r.err_off,
                           r.err_off);
        goto done;
    }
    err = dpp_passport_validate(out, diag);
done:
    if (err != DPP_OK) memset(out, 0, sizeof *out);
    return err;
}
