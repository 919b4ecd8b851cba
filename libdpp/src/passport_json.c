/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The JSON form of a passport (spec/passport.schema.json), with jansson.
 *
 * Both directions walk the same field tables (k_passport and its children
 * below), so the member names, their order and the struct layout are stated
 * once. from_json converts types and shapes only (UUID text -> 16 bytes,
 * GTIN-8/12/13 -> 14 digits, enum names -> values, decimals, dates, the
 * extensions object -> deterministic CBOR) and leaves every content rule to
 * the validator (passport_check.h). It goes on after a problem and lists
 * them all in document order: the conversion walks members in document
 * order, the validator's problems are placed by the member they name (see
 * "JSON -> struct" below). to_json validates first, so whatever it writes
 * from_json accepts again.
 *
 * Memory: jansson allocates the document tree; it is freed before return.
 * Threads: no state is kept between calls.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "codes.h"
#include "diag.h"
#include "dpp/dpp_passport.h"
#include "ext.h"
#include "passport_check.h"

/** Largest accepted JSON text, in bytes. */
#define PJ_MAX_INPUT ((size_t)256 * 1024)
/** Longest member name or value quoted in a message (bytes, before "..."). */
#define PJ_QUOTE_LEN 40
#define PJ_PATH_LEN 160
#define PJ_NOFLAG SIZE_MAX

/* jansson's dump flags for to_json: 2-space indent, members in insertion
 * order, UTF-8 kept as is (no JSON_ENSURE_ASCII), '/' not escaped. */
#define PJ_DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* Enumerations are stored through an int; every dpp enum has int's size. */
_Static_assert(sizeof(dpp_boundary) == sizeof(int), "enum size");
_Static_assert(sizeof(dpp_method) == sizeof(int), "enum size");
_Static_assert(sizeof(dpp_stage_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(dpp_verification) == sizeof(int), "enum size");
_Static_assert(sizeof(dpp_cbam_method) == sizeof(int), "enum size");
_Static_assert(sizeof(dpp_price_instrument) == sizeof(int), "enum size");

/* ------------------------------------------------------------------------ */
/* Field tables                                                             */
/* ------------------------------------------------------------------------ */

typedef enum pj_kind {
    PJ_TEXT,    /* char[cap + 1], NUL-terminated; "" = absent */
    PJ_UUID,    /* uint8_t[16] <-> "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
    PJ_GTIN,    /* char[15] (14 digits) <-> "digits" (8, 12, 13 or 14 in JSON) */
    PJ_DECIMAL, /* dpp_decimal <-> "12.50" (or a JSON number on input) */
    PJ_DATE,    /* dpp_date <-> "YYYY-MM-DD" */
    PJ_ENUM,    /* int-sized enum <-> one of the names in enums */
    PJ_BOOL,    /* bool <-> true/false; written only when true */
    PJ_OBJECT,  /* nested object: sub's fields at base + off */
    PJ_ARRAY,   /* array of sub objects: elements at base + off + i * elem */
    PJ_EXT      /* uint8_t[DPP_MAX_EXT_LEN] CBOR map <-> JSON object */
} pj_kind;

/* An enumeration's names: codes.c's tables (dpp_<enum>_names). */
typedef dpp_code_name pj_enum;

typedef struct pj_obj pj_obj;

typedef struct pj_field {
    const char *name;
    pj_kind kind;
    bool required;
    size_t off;  /* offset of the value from the parent's base */
    size_t flag; /* bool has_* flag (PJ_DECIMAL, PJ_DATE, PJ_OBJECT), size_t count
                    (PJ_ARRAY) or size_t length (PJ_EXT); PJ_NOFLAG if none */
    size_t cap;  /* PJ_TEXT: capacity in bytes without the NUL; PJ_ARRAY: max entries */
    size_t elem; /* PJ_ARRAY: element size */
    const pj_obj *sub;
    const pj_enum *enums;
} pj_field;

struct pj_obj {
    const pj_field *fields;
    size_t n;
};

#define PJ_CAP(T, m) (sizeof(((T *)0)->m) - 1)
#define PJ_COUNT(T, m) (sizeof(((T *)0)->m) / sizeof(((T *)0)->m[0]))
#define PJ_ELEM(T, m) sizeof(((T *)0)->m[0])

#define F_TEXT(name, T, m, req) {name, PJ_TEXT, req, offsetof(T, m), PJ_NOFLAG, PJ_CAP(T, m), 0, NULL, NULL}
#define F_DEC(name, T, m) {name, PJ_DECIMAL, true, offsetof(T, m), PJ_NOFLAG, 0, 0, NULL, NULL}
#define F_DEC_OPT(name, T, m, has) {name, PJ_DECIMAL, false, offsetof(T, m), offsetof(T, has), 0, 0, NULL, NULL}
#define F_DATE(name, T, m) {name, PJ_DATE, true, offsetof(T, m), PJ_NOFLAG, 0, 0, NULL, NULL}
#define F_DATE_OPT(name, T, m, has) {name, PJ_DATE, false, offsetof(T, m), offsetof(T, has), 0, 0, NULL, NULL}
#define F_ENUM(name, T, m, tab) {name, PJ_ENUM, true, offsetof(T, m), PJ_NOFLAG, 0, 0, NULL, tab}
#define F_OBJ(name, T, m, req, sub) {name, PJ_OBJECT, req, offsetof(T, m), PJ_NOFLAG, 0, 0, &sub, NULL}
#define F_OBJ_OPT(name, T, m, has, sub) {name, PJ_OBJECT, false, offsetof(T, m), offsetof(T, has), 0, 0, &sub, NULL}
#define F_ARRAY(name, T, m, count, sub) \
    {name, PJ_ARRAY, false, offsetof(T, m), offsetof(T, count), PJ_COUNT(T, m), PJ_ELEM(T, m), &sub, NULL}
#define PJ_OBJ(tab) {tab, sizeof tab / sizeof tab[0]}

static const pj_field k_identifier_f[] = {
    F_TEXT("scheme", dpp_identifier, scheme, true),
    F_TEXT("value", dpp_identifier, value, true),
};
static const pj_obj k_identifier = PJ_OBJ(k_identifier_f);

static const pj_field k_party_f[] = {
    F_TEXT("name", dpp_party, name, true),
    F_TEXT("country", dpp_party, country, true),
    F_OBJ("operator_id", dpp_party, operator_id, false, k_identifier),
};
static const pj_obj k_party = PJ_OBJ(k_party_f);

static const pj_field k_facility_f[] = {
    F_OBJ("id", dpp_facility, id, true, k_identifier),
    F_TEXT("name", dpp_facility, name, false),
};
static const pj_obj k_facility = PJ_OBJ(k_facility_f);

static const pj_field k_material_f[] = {
    F_TEXT("name", dpp_material, name, true),
    F_TEXT("cas", dpp_material, cas, false),
    F_DEC_OPT("mass_fraction", dpp_material, mass_fraction, has_mass_fraction),
    F_DEC_OPT("mass", dpp_material, mass, has_mass),
    F_TEXT("mass_unit", dpp_material, mass_unit, false),
    F_DEC_OPT("recycled_share", dpp_material, recycled_share, has_recycled_share),
    F_DEC_OPT("renewable_share", dpp_material, renewable_share, has_renewable_share),
    F_TEXT("origin", dpp_material, origin, false),
    {"hazardous", PJ_BOOL, false, offsetof(dpp_material, hazardous), PJ_NOFLAG, 0, 0, NULL, NULL},
};
static const pj_obj k_material = PJ_OBJ(k_material_f);

static const pj_field k_stage_f[] = {
    F_ENUM("stage", dpp_stage, stage, dpp_stage_kind_names),
    F_DEC("value", dpp_stage, value),
};
static const pj_obj k_stage_o = PJ_OBJ(k_stage_f);

static const pj_field k_footprint_f[] = {
    F_DEC("total", dpp_footprint, total),
    F_TEXT("declared_unit", dpp_footprint, declared_unit, true),
    F_ENUM("boundary", dpp_footprint, boundary, dpp_boundary_names),
    F_ENUM("method", dpp_footprint, method, dpp_method_names),
    F_ARRAY("stages", dpp_footprint, stages, n_stages, k_stage_o),
    F_DATE("period_start", dpp_footprint, period_start),
    F_DATE("period_end", dpp_footprint, period_end),
    F_DEC_OPT("primary_share", dpp_footprint, primary_share, has_primary_share),
    F_DEC_OPT("electricity_ef", dpp_footprint, electricity_ef, has_electricity_ef),
    F_TEXT("electricity_ef_source", dpp_footprint, electricity_ef_source, false),
    F_ENUM("verification", dpp_footprint, verification, dpp_verification_names),
};
static const pj_obj k_footprint = PJ_OBJ(k_footprint_f);

static const pj_field k_certification_f[] = {
    F_TEXT("scheme", dpp_certification, scheme, true),
    F_TEXT("certificate_id", dpp_certification, certificate_id, true),
    F_TEXT("issuer", dpp_certification, issuer, true),
    F_DATE_OPT("valid_from", dpp_certification, valid_from, has_valid_from),
    F_DATE_OPT("valid_until", dpp_certification, valid_until, has_valid_until),
    F_TEXT("scope", dpp_certification, scope, false),
};
static const pj_obj k_certification = PJ_OBJ(k_certification_f);

/* "carbon_price" is an object in JSON but flat fields of dpp_cbam: its base
 * is the dpp_cbam itself (offset 0), its presence flag has_carbon_price. */
static const pj_field k_carbon_price_f[] = {
    F_DEC("amount", dpp_cbam, carbon_price),
    F_TEXT("currency", dpp_cbam, carbon_price_currency, true),
    F_ENUM("instrument", dpp_cbam, carbon_price_instrument, dpp_price_instrument_names),
    F_DEC_OPT("covered", dpp_cbam, price_covered, has_price_covered),
    F_DEC_OPT("rebate", dpp_cbam, rebate, has_rebate),
    F_TEXT("rebate_type", dpp_cbam, rebate_type, false),
    F_DEC_OPT("rebate_covered", dpp_cbam, rebate_covered, has_rebate_covered),
    F_DEC_OPT("effective", dpp_cbam, effective_price, has_effective_price),
};
static const pj_obj k_carbon_price = PJ_OBJ(k_carbon_price_f);

/* The CBAM block's communication template data. "electricity" is, like
 * "carbon_price", flat fields of dpp_cbam (base offset 0). */
static const pj_field k_coordinates_f[] = {
    F_DEC("latitude", dpp_cbam_installation, latitude),
    F_DEC("longitude", dpp_cbam_installation, longitude),
};
static const pj_obj k_coordinates = PJ_OBJ(k_coordinates_f);

static const pj_field k_period_f[] = {
    F_DATE("start", dpp_cbam, period_start),
    F_DATE("end", dpp_cbam, period_end),
};
static const pj_obj k_period = PJ_OBJ(k_period_f);

static const pj_field k_cbam_installation_f[] = {
    F_TEXT("name", dpp_cbam_installation, name, true),
    F_TEXT("street", dpp_cbam_installation, street, false),
    F_TEXT("city", dpp_cbam_installation, city, false),
    F_TEXT("postcode", dpp_cbam_installation, postcode, false),
    F_TEXT("country", dpp_cbam_installation, country, true),
    F_TEXT("unlocode", dpp_cbam_installation, unlocode, false),
    {"coordinates", PJ_OBJECT, false, 0, offsetof(dpp_cbam_installation, has_coordinates), 0, 0, &k_coordinates,
     NULL},
    F_TEXT("activity", dpp_cbam_installation, activity, false),
    F_OBJ("operator_id", dpp_cbam_installation, operator_id, false, k_identifier),
};
static const pj_obj k_cbam_installation = PJ_OBJ(k_cbam_installation_f);

static const pj_field k_electricity_f[] = {
    F_DEC("consumed", dpp_cbam, electricity),
    F_DEC_OPT("emission_factor", dpp_cbam, electricity_ef, has_electricity_ef),
    F_TEXT("source", dpp_cbam, electricity_ef_source, false),
};
static const pj_obj k_electricity = PJ_OBJ(k_electricity_f);

static const pj_field k_precursor_f[] = {
    F_TEXT("cn_code", dpp_cbam_precursor, cn_code, true),
    F_DEC_OPT("quantity", dpp_cbam_precursor, quantity, has_quantity),
    F_DEC("see_direct", dpp_cbam_precursor, see_direct),
    F_DEC_OPT("see_indirect", dpp_cbam_precursor, see_indirect, has_see_indirect),
};
static const pj_obj k_precursor = PJ_OBJ(k_precursor_f);

static const pj_field k_cbam_verifier_f[] = {
    F_TEXT("name", dpp_cbam_verifier, name, true),
    F_TEXT("country", dpp_cbam_verifier, country, false),
    F_TEXT("accreditation_state", dpp_cbam_verifier, accreditation_state, false),
    F_TEXT("accreditation_body", dpp_cbam_verifier, accreditation_body, false),
    F_TEXT("accreditation_id", dpp_cbam_verifier, accreditation_id, false),
};
static const pj_obj k_cbam_verifier = PJ_OBJ(k_cbam_verifier_f);

static const pj_field k_cbam_f[] = {
    F_TEXT("cn_code", dpp_cbam, cn_code, true),
    F_TEXT("origin", dpp_cbam, origin, true),
    F_TEXT("installation_id", dpp_cbam, installation_id, false),
    F_TEXT("route", dpp_cbam, route, false),
    F_DEC("see_direct", dpp_cbam, see_direct),
    F_DEC_OPT("see_indirect", dpp_cbam, see_indirect, has_see_indirect),
    F_ENUM("method", dpp_cbam, method, dpp_cbam_method_names),
    {"carbon_price", PJ_OBJECT, false, 0, offsetof(dpp_cbam, has_carbon_price), 0, 0, &k_carbon_price, NULL},
    F_OBJ_OPT("installation", dpp_cbam, installation, has_installation, k_cbam_installation),
    {"period", PJ_OBJECT, false, 0, offsetof(dpp_cbam, has_period), 0, 0, &k_period, NULL},
    F_TEXT("process", dpp_cbam, process, false),
    F_TEXT("goods_category", dpp_cbam, goods_category, false),
    F_DEC_OPT("see_total", dpp_cbam, see_total, has_see_total),
    F_TEXT("see_unit", dpp_cbam, see_unit, false),
    F_DEC_OPT("default_share", dpp_cbam, default_share, has_default_share),
    {"electricity", PJ_OBJECT, false, 0, offsetof(dpp_cbam, has_electricity), 0, 0, &k_electricity, NULL},
    F_ARRAY("precursors", dpp_cbam, precursors, n_precursors, k_precursor),
    F_OBJ_OPT("verifier", dpp_cbam, verifier, has_verifier, k_cbam_verifier),
};
static const pj_obj k_cbam = PJ_OBJ(k_cbam_f);

static const pj_field k_passport_f[] = {
    {"id", PJ_UUID, true, offsetof(dpp_passport, id), PJ_NOFLAG, 0, 0, NULL, NULL},
    {"gtin", PJ_GTIN, true, offsetof(dpp_passport, gtin), PJ_NOFLAG, PJ_CAP(dpp_passport, gtin), 0, NULL, NULL},
    F_TEXT("batch", dpp_passport, batch, false),
    F_TEXT("serial", dpp_passport, serial, false),
    F_TEXT("name", dpp_passport, name, true),
    F_TEXT("category", dpp_passport, category, false),
    F_DATE_OPT("production_date", dpp_passport, production_date, has_production_date),
    F_OBJ("manufacturer", dpp_passport, manufacturer, true, k_party),
    F_OBJ_OPT("facility", dpp_passport, facility, has_facility, k_facility),
    F_ARRAY("materials", dpp_passport, materials, n_materials, k_material),
    F_OBJ_OPT("footprint", dpp_passport, footprint, has_footprint, k_footprint),
    F_ARRAY("certifications", dpp_passport, certifications, n_certifications, k_certification),
    F_OBJ_OPT("cbam", dpp_passport, cbam, has_cbam, k_cbam),
    {"extensions", PJ_EXT, false, offsetof(dpp_passport, ext), offsetof(dpp_passport, ext_len),
     sizeof(((dpp_passport *)0)->ext), 0, NULL, NULL},
};
static const pj_obj k_passport = PJ_OBJ(k_passport_f);

static void put_int(unsigned char *at, int v) { memcpy(at, &v, sizeof v); }
static int get_int(const unsigned char *at)
{
    int v;
    memcpy(&v, at, sizeof v);
    return v;
}
static void put_bool(unsigned char *at, bool v) { memcpy(at, &v, sizeof v); }
static bool get_bool(const unsigned char *at)
{
    bool v;
    memcpy(&v, at, sizeof v);
    return v;
}
static void put_size(unsigned char *at, size_t v) { memcpy(at, &v, sizeof v); }
static size_t get_size(const unsigned char *at)
{
    size_t v;
    memcpy(&v, at, sizeof v);
    return v;
}

/* ------------------------------------------------------------------------ */
/* Paths and messages                                                       */
/* ------------------------------------------------------------------------ */

typedef struct pj_path {
    char buf[PJ_PATH_LEN];
    size_t len;
} pj_path;

/* Copies at most max bytes of s (cut at a UTF-8 character boundary) into
 * dst, control characters replaced by '?', "..." appended if cut. */
static void quote_into(char *dst, size_t cap, const char *s, size_t n, size_t max)
{
    /* Escaped (controls, C1, bidi; see dpp_diag_quote), at most max bytes of s. */
    if (cap == 0) return;
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) n--; /* s[max] exists */
        (void)dpp_diag_quote(dst, cap > 3 ? cap - 3 : cap, s, n);
        if (cap > 3) strcat(dst, "...");
        return;
    }
    (void)dpp_diag_quote(dst, cap, s, n);
}

static size_t path_key(pj_path *p, const char *key, size_t key_len)
{
    size_t old = p->len;
    char q[PJ_QUOTE_LEN * 2];
    int n;
    quote_into(q, sizeof q, key, key_len, PJ_QUOTE_LEN);
    n = snprintf(p->buf + p->len, sizeof p->buf - p->len, "%s%s", p->len == 0 ? "" : ".", q);
    if (n > 0) p->len += (size_t)n;
    if (p->len >= sizeof p->buf) p->len = sizeof p->buf - 1;
    return old;
}

static size_t path_index(pj_path *p, size_t i)
{
    size_t old = p->len;
    int n = snprintf(p->buf + p->len, sizeof p->buf - p->len, "[%zu]", i);
    if (n > 0) p->len += (size_t)n;
    if (p->len >= sizeof p->buf) p->len = sizeof p->buf - 1;
    return old;
}

static void path_pop(pj_path *p, size_t old)
{
    p->len = old;
    p->buf[old] = '\0';
}

/* Sets diag to "<path>: <message>" and returns err. */
static dpp_err fail(dpp_diag *diag, const pj_path *path, dpp_err err, const char *fmt, ...) DPP_PRINTF(4, 5);
static dpp_err fail(dpp_diag *diag, const pj_path *path, dpp_err err, const char *fmt, ...)
{
    char msg[DPP_DIAG_MSG_LEN];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    (void)dpp_diag_set(diag, err, SIZE_MAX, "%s: %s", path->len == 0 ? "passport" : path->buf, msg);
    dpp_diag_set_path(diag, path->buf); /* empty for the whole passport */
    return err;
}

/* ------------------------------------------------------------------------ */
/* Scalar conversions                                                       */
/* ------------------------------------------------------------------------ */

/*
 * The shortest decimal text that reads back as d (%.*e with growing
 * precision; 17 significant digits always suffice), written without an
 * exponent, e.g. 1.85 -> "1.85", 1e-7 -> "0.0000001", 2e3 -> "2000".
 * The digits are taken from snprintf's output character by character, so
 * the locale's radix character does not matter. Returns false if the value
 * is too large or too small to be written in at most 40 characters (it would
 * be out of the decimal range anyway).
 */
static bool real_to_text(double d, char *out, size_t cap)
{
    char buf[48], digits[24];
    int prec, exp10 = 0, nd = 0, point, i, o = 0;
    const char *e;
    bool neg, eneg = false;

    for (prec = 0; prec < 17; prec++) {
        (void)snprintf(buf, sizeof buf, "%.*e", prec, d);
        if (strtod(buf, NULL) == d) break;
    }
    neg = buf[0] == '-';
    for (e = buf; *e != '\0' && *e != 'e' && *e != 'E'; e++) {
        if (*e >= '0' && *e <= '9' && nd < (int)sizeof digits - 1) digits[nd++] = *e;
    }
    if (*e == '\0' || nd == 0) return false;
    e++;
    if (*e == '-' || *e == '+') eneg = *e++ == '-';
    for (; *e >= '0' && *e <= '9'; e++) {
        exp10 = exp10 * 10 + (*e - '0');
        if (exp10 > 400) return false;
    }
    if (eneg) exp10 = -exp10;
    /* The shortest form has no trailing zeros (else one digit fewer would
     * read back as the same value), so nd > 1 implies a nonzero digit. */
    if (nd == 1 && digits[0] == '0') {
        neg = false; /* -0.0 */
        exp10 = 0;
    }
    if (exp10 > 20 || exp10 < -20) return false;
    point = exp10 + 1; /* digits before the decimal point */
    if (cap < 48) return false;
    if (neg) out[o++] = '-';
    if (point <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (i = 0; i < -point; i++) out[o++] = '0';
        for (i = 0; i < nd; i++) out[o++] = digits[i];
    } else {
        for (i = 0; i < point; i++) out[o++] = i < nd ? digits[i] : '0';
        if (nd > point) {
            out[o++] = '.';
            for (i = point; i < nd; i++) out[o++] = digits[i];
        }
    }
    out[o] = '\0';
    return true;
}

/* ------------------------------------------------------------------------ */
/* JSON -> struct                                                           */
/* ------------------------------------------------------------------------ */

/*
 * Problems are listed in document order (dpp_passport_from_json_all). The
 * conversion below walks every object's members in document order (jansson
 * keeps insertion order) and reports as it goes; dpp_passport_check() then
 * reports in schema order, so each problem carries a sort key: the position
 * of the value it names, as the path of member ordinals (and array indexes)
 * from the root, PJ_POS_LEVELS levels of PJ_POS_BITS each, most significant
 * first. Level values are ordinal + 1; 0 means "this value itself" (before
 * its members), PJ_POS_END "after its last member" (where a missing member
 * is reported). Deeper levels, or ordinals above PJ_POS_MAXORD, fold into
 * the same key; equal keys keep the order reported, which for the
 * conversion is document order. While problems are collected the key lives
 * in the list entry's offset (no other storage); it is reset to SIZE_MAX
 * before returning.
 */
#define PJ_POS_LEVELS 4u
#define PJ_POS_BITS (SIZE_MAX > 0xffffffffu ? 16u : 8u)
#define PJ_POS_END (((size_t)1 << PJ_POS_BITS) - 1u)
#define PJ_POS_MAXORD (PJ_POS_END - 1u)

typedef struct pj_pos {
    size_t level[PJ_POS_LEVELS];
    size_t depth; /* may exceed PJ_POS_LEVELS; deeper levels are not kept */
} pj_pos;

static void pos_push(pj_pos *p, size_t v)
{
    if (p->depth < PJ_POS_LEVELS) p->level[p->depth] = v;
    p->depth++;
}

/* The level value of ordinal or index i. */
static size_t pos_ord(size_t i) { return i < PJ_POS_MAXORD ? i + 1 : PJ_POS_MAXORD; }

static size_t pos_key(const pj_pos *p)
{
    size_t k = 0;
    for (size_t i = 0; i < PJ_POS_LEVELS; i++) k = (k << PJ_POS_BITS) | (i < p->depth ? p->level[i] : 0);
    return k;
}

typedef struct pj_in {
    pj_path path;
    pj_pos pos;          /* of the value at path */
    dpp_diag_list *list; /* NULL: only first_err is kept */
    size_t found;        /* problems reported (not dropped) */
    size_t first_key;
    dpp_err first_err;
} pj_in;

/* Records a problem at key. Returns the list entry to write its message
 * into, or NULL if it does not make the first list->cap. */
static dpp_diag *in_slot(pj_in *c, size_t key, dpp_err err)
{
    dpp_diag_list *l = c->list;
    size_t i;
    if (c->found == 0 || key < c->first_key) {
        c->first_key = key;
        c->first_err = err;
    }
    c->found++;
    if (l == NULL) return NULL;
    l->total++;
    if (l->cap == 0 || (l->count == l->cap && key >= l->items[l->count - 1].offset)) return NULL;
    /* Insert after every entry with a key <= key; when full, the last goes. */
    i = l->count < l->cap ? l->count++ : l->cap - 1;
    while (i > 0 && l->items[i - 1].offset > key) {
        l->items[i] = l->items[i - 1];
        i--;
    }
    l->items[i].err = err;
    l->items[i].offset = key;
    l->items[i].line = l->items[i].column = 0;
    l->items[i].msg[0] = '\0';
    l->items[i].path[0] = '\0';
    return &l->items[i];
}

/* Reports "<path>: <message>" at the current position; returns err. */
static dpp_err in_fail(pj_in *c, dpp_err err, const char *fmt, ...) DPP_PRINTF(3, 4);
static dpp_err in_fail(pj_in *c, dpp_err err, const char *fmt, ...)
{
    dpp_diag *d = in_slot(c, pos_key(&c->pos), err);
    if (d != NULL) {
        char msg[DPP_DIAG_MSG_LEN];
        va_list ap;
        size_t key = d->offset;
        va_start(ap, fmt);
        (void)vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        (void)dpp_diag_set(d, err, key, "%s: %s", c->path.len == 0 ? "passport" : c->path.buf, msg);
        dpp_diag_set_path(d, c->path.buf); /* empty for the whole passport */
    }
    return err;
}

#define IN_FAIL(c, err, ...) in_fail((c), (err), __VA_ARGS__)

/* Enters member ordinal ord named key (path and position); returns the mark
 * for in_leave(). */
static size_t in_enter_key(pj_in *c, const char *key, size_t key_len, size_t ord)
{
    pos_push(&c->pos, pos_ord(ord));
    return path_key(&c->path, key, key_len);
}

static size_t in_enter_index(pj_in *c, size_t i)
{
    pos_push(&c->pos, pos_ord(i));
    return path_index(&c->path, i);
}

/* Enters the missing member name: its position is the end of the object. */
static size_t in_enter_missing(pj_in *c, const char *name)
{
    pos_push(&c->pos, PJ_POS_END);
    return path_key(&c->path, name, strlen(name));
}

static void in_leave(pj_in *c, size_t mark)
{
    c->pos.depth--;
    path_pop(&c->path, mark);
}

static dpp_err get_string(pj_in *c, json_t *v, const char *what, const char **s, size_t *n)
{
    *s = "";
    *n = 0;
    if (!json_is_string(v)) return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "expected %s", what);
    *s = json_string_value(v);
    *n = json_string_length(v);
    /* jansson rejects \u0000 unless JSON_ALLOW_NUL; checked again here. */
    if (memchr(*s, '\0', *n) != NULL) return IN_FAIL(c, DPP_ERR_SCHEMA_FORMAT, "contains a NUL character");
    return DPP_OK;
}

static dpp_err in_text(pj_in *c, const pj_field *f, json_t *v, unsigned char *base)
{
    const char *s = NULL;
    size_t n = 0;
    dpp_err err = get_string(c, v, "a string", &s, &n);
    if (err != DPP_OK) return err;
    if (n == 0) {
        if (f->required)
            return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "empty string; 1 to %zu bytes are required", f->cap);
        return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "empty string (1 to %zu bytes); omit the member if there is no value",
                       f->cap);
    }
    if (n > f->cap) return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%zu bytes is longer than the limit of %zu bytes", n, f->cap);
    memcpy(base + f->off, s, n);
    base[f->off + n] = '\0';
    return DPP_OK;
}

static dpp_err in_uuid(pj_in *c, const pj_field *f, json_t *v, unsigned char *base)
{
    const char *s = NULL;
    size_t n = 0;
    char q[PJ_QUOTE_LEN * 2];
    dpp_err err = get_string(c, v, "a UUID string", &s, &n);
    if (err != DPP_OK) return err;
    if (!dpp_uuid_parse(s, n, base + f->off)) {
        quote_into(q, sizeof q, s, n, PJ_QUOTE_LEN);
        return IN_FAIL(c, DPP_ERR_SCHEMA_FORMAT, "\"%s\" is not a UUID (expected 8-4-4-4-12 hexadecimal digits)", q);
    }
    return DPP_OK;
}

static dpp_err in_gtin(pj_in *c, const pj_field *f, json_t *v, unsigned char *base)
{
    const char *s = NULL;
    size_t n = 0;
    char q[PJ_QUOTE_LEN * 2], digits[15];
    dpp_err err = get_string(c, v, "a string of digits", &s, &n);
    if (err != DPP_OK) return err;
    /* GTIN-8/12/13 become GTIN-14 by left-padding with zeros. A wrong check
     * digit is left for dpp_passport_validate() to report. */
    if (dpp_gtin_normalize(s, n, digits, NULL, NULL) == DPP_ERR_SCHEMA_FORMAT || f->cap + 1 != sizeof digits) {
        quote_into(q, sizeof q, s, n, PJ_QUOTE_LEN);
        return IN_FAIL(c, DPP_ERR_SCHEMA_FORMAT, "\"%s\" is not a GTIN (expected 8, 12, 13 or 14 digits)", q);
    }
    memcpy(base + f->off, digits, sizeof digits);
    return DPP_OK;
}

static dpp_err in_decimal(pj_in *c, json_t *v, dpp_decimal *out)
{
    char text[64], q[PJ_QUOTE_LEN * 2];
    const char *s = NULL;
    size_t n = 0;
    dpp_err err;

    if (json_is_string(v)) {
        err = get_string(c, v, "a decimal string or number", &s, &n);
        if (err != DPP_OK) return err;
    } else if (json_is_integer(v)) {
        int k = snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        if (k <= 0 || (size_t)k >= sizeof text) return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "integer out of range");
        s = text;
        n = (size_t)k;
    } else if (json_is_real(v)) {
        if (!real_to_text(json_real_value(v), text, sizeof text))
            return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%g is out of the decimal range (at most 18 digits)",
                           json_real_value(v));
        s = text;
        n = strlen(text);
    } else {
        return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "expected a decimal string or number");
    }
    err = dpp_decimal_parse(s, n, out);
    if (err == DPP_OK) return DPP_OK;
    quote_into(q, sizeof q, s, n, PJ_QUOTE_LEN);
    if (err == DPP_ERR_SCHEMA_RANGE)
        return IN_FAIL(c, err, "%s is out of range (at most 18 significant digits, 18 after the point)", q);
    return IN_FAIL(c, DPP_ERR_SCHEMA_FORMAT, "\"%s\" is not a decimal number (expected e.g. \"12.50\")", q);
}

static dpp_err in_date(pj_in *c, json_t *v, dpp_date *out)
{
    const char *s = NULL;
    size_t n = 0;
    char q[PJ_QUOTE_LEN * 2];
    dpp_err err = get_string(c, v, "a date string \"YYYY-MM-DD\"", &s, &n);
    if (err != DPP_OK) return err;
    err = dpp_date_parse(s, n, out);
    if (err == DPP_OK) return DPP_OK;
    quote_into(q, sizeof q, s, n, PJ_QUOTE_LEN);
    if (err != DPP_ERR_SCHEMA_RANGE) err = DPP_ERR_SCHEMA_FORMAT;
    return IN_FAIL(c, err, "\"%s\" is not a valid date (YYYY-MM-DD, years 1970 to 9999)", q);
}

static dpp_err in_enum(pj_in *c, const pj_field *f, json_t *v, unsigned char *base)
{
    const char *s = NULL;
    size_t n = 0, i, o = 0;
    char q[PJ_QUOTE_LEN * 2], names[160];
    dpp_err err = get_string(c, v, "a string", &s, &n);
    if (err != DPP_OK) return err;
    for (i = 0; f->enums[i].name != NULL; i++) {
        if (strlen(f->enums[i].name) == n && memcmp(f->enums[i].name, s, n) == 0) {
            put_int(base + f->off, f->enums[i].value);
            return DPP_OK;
        }
    }
    names[0] = '\0';
    for (i = 0; f->enums[i].name != NULL; i++) {
        int k = snprintf(names + o, sizeof names - o, "%s\"%s\"", i == 0 ? "" : ", ", f->enums[i].name);
        if (k < 0 || (size_t)k >= sizeof names - o) break;
        o += (size_t)k;
    }
    quote_into(q, sizeof q, s, n, PJ_QUOTE_LEN);
    return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "\"%s\" is not one of %s", q, names);
}

/* ---- extensions: JSON -> deterministic CBOR ---- */

typedef struct pj_key {
    const char *s;
    size_t n;
    json_t *v;
} pj_key;

/* Deterministic order of text keys: by encoded bytes, which for text
 * strings is shorter first, then bytewise. */
static int key_cmp(const void *a, const void *b)
{
    const pj_key *x = a, *y = b;
    if (x->n != y->n) return x->n < y->n ? -1 : 1;
    return memcmp(x->s, y->s, x->n);
}

static dpp_err first_of(dpp_err a, dpp_err b) { return a != DPP_OK ? a : b; }

static dpp_err ext_scan_value(pj_in *c, json_t *v, unsigned depth);

/* Reports every problem among the members of container v, which is at
 * nesting level `level` below "extensions" (the extensions object is 0), in
 * document order. Returns the first one's code, or DPP_OK. */
static dpp_err ext_scan_container(pj_in *c, json_t *v, unsigned level)
{
    dpp_err err = DPP_OK;
    size_t i = 0;
    if (json_is_object(v)) {
        size_t n = json_object_size(v);
        /* Each entry takes at least 2 encoded bytes: bounds the work below. */
        if (n > DPP_MAX_EXT_LEN / 2)
            return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%zu members; the encoded extensions are limited to %d bytes", n,
                           DPP_MAX_EXT_LEN);
        for (void *it = json_object_iter(v); it != NULL; it = json_object_iter_next(v, it), i++) {
            size_t mark = in_enter_key(c, json_object_iter_key(it), json_object_iter_key_len(it), i);
            err = first_of(err, ext_scan_value(c, json_object_iter_value(it), level));
            in_leave(c, mark);
        }
    } else {
        size_t n = json_array_size(v);
        if (n > DPP_MAX_EXT_LEN)
            return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%zu entries; the encoded extensions are limited to %d bytes", n,
                           DPP_MAX_EXT_LEN);
        for (i = 0; i < n; i++) {
            size_t mark = in_enter_index(c, i);
            err = first_of(err, ext_scan_value(c, json_array_get(v, i), level));
            in_leave(c, mark);
        }
    }
    return err;
}

/* v is held by a container at nesting level depth. */
static dpp_err ext_scan_value(pj_in *c, json_t *v, unsigned depth)
{
    char text[64];
    switch (json_typeof(v)) {
    case JSON_OBJECT:
    case JSON_ARRAY:
        if (depth + 1 > (unsigned)DPP_EXT_MAX_DEPTH)
            return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "nested deeper than %u levels below \"extensions\"",
                           (unsigned)DPP_EXT_MAX_DEPTH);
        return ext_scan_container(c, v, depth + 1);
    case JSON_STRING:
        if (memchr(json_string_value(v), '\0', json_string_length(v)) != NULL)
            return IN_FAIL(c, DPP_ERR_SCHEMA_FORMAT, "contains a NUL character");
        return DPP_OK;
    case JSON_REAL:
        if (real_to_text(json_real_value(v), text, sizeof text))
            return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE,
                           "non-integer numbers are not allowed in extensions; write it as a string, e.g. \"%s\"",
                           text);
        return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "non-integer numbers are not allowed in extensions; write it as a string");
    case JSON_INTEGER:
    case JSON_TRUE:
    case JSON_FALSE:
    case JSON_NULL: break;
    }
    return DPP_OK;
}

/* Encodes a value that ext_scan_value() accepted. Only running out of
 * memory is reported here; running out of room is the writer's sticky
 * error, checked by the caller. */
static dpp_err ext_value(pj_in *c, cw_writer *w, json_t *v);

static dpp_err ext_object(pj_in *c, cw_writer *w, json_t *obj)
{
    size_t n = json_object_size(obj), i = 0;
    pj_key *keys = NULL;
    dpp_err err = DPP_OK;

    if (n > DPP_MAX_EXT_LEN / 2) return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "too many members"); /* scanned before */
    if (n > 0) {
        keys = malloc(n * sizeof *keys);
        if (keys == NULL) return IN_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
    }
    for (void *it = json_object_iter(obj); it != NULL && i < n; it = json_object_iter_next(obj, it), i++) {
        keys[i].s = json_object_iter_key(it);
        keys[i].n = json_object_iter_key_len(it);
        keys[i].v = json_object_iter_value(it);
    }
    if (i > 0) qsort(keys, i, sizeof *keys, key_cmp);
    dpp_cw_map(w, i);
    for (size_t j = 0; j < i && err == DPP_OK && dpp_cw_err(w) == DPP_OK; j++) {
        dpp_cw_tstr(w, keys[j].s, keys[j].n);
        err = ext_value(c, w, keys[j].v);
    }
    free(keys);
    return err;
}

static dpp_err ext_value(pj_in *c, cw_writer *w, json_t *v)
{
    dpp_err err = DPP_OK;
    switch (json_typeof(v)) {
    case JSON_OBJECT: return ext_object(c, w, v);
    case JSON_ARRAY: {
        size_t n = json_array_size(v);
        dpp_cw_array(w, n);
        for (size_t i = 0; i < n && err == DPP_OK && dpp_cw_err(w) == DPP_OK; i++)
            err = ext_value(c, w, json_array_get(v, i));
        return err;
    }
    case JSON_STRING: dpp_cw_tstr(w, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: dpp_cw_int(w, (int64_t)json_integer_value(v)); break;
    case JSON_REAL: return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "non-integer number"); /* scanned before */
    case JSON_TRUE: dpp_cw_bool(w, true); break;
    case JSON_FALSE: dpp_cw_bool(w, false); break;
    case JSON_NULL: dpp_cw_null(w); break;
    }
    return DPP_OK;
}

static dpp_err in_ext(pj_in *c, const pj_field *f, json_t *v, unsigned char *base)
{
    cw_writer w;
    dpp_err err;
    if (!json_is_object(v)) return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "expected an object");
    if (json_object_size(v) == 0)
        return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "empty object; omit the member if there are no extensions");
    err = ext_scan_container(c, v, 0);
    if (err != DPP_OK) return err;
    dpp_cw_init(&w, base + f->off, f->cap);
    err = ext_object(c, &w, v);
    if (err == DPP_OK && dpp_cw_err(&w) != DPP_OK)
        err = IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "the encoded extensions exceed the limit of %d bytes",
                      DPP_MAX_EXT_LEN);
    if (err != DPP_OK) return err;
    put_size(base + f->flag, w.len);
    return DPP_OK;
}

/* ---- objects ---- */

/*
 * A value that fails to convert is replaced by null in the document, after
 * its problem is reported. No null survives conversion (null is no member's
 * type), so a null found later marks a rejected value: see pj_resolve().
 * Containers whose own type and size are right are kept, and so are their
 * presence flags and counts, so that dpp_passport_check() still sees their
 * other members.
 */
static dpp_err in_object(pj_in *c, const pj_obj *desc, json_t *obj, unsigned char *base);

static const pj_field *find_field(const pj_obj *desc, const char *key, size_t key_len)
{
    for (size_t i = 0; i < desc->n; i++) {
        const char *name = desc->fields[i].name;
        if (strlen(name) == key_len && memcmp(name, key, key_len) == 0) return &desc->fields[i];
    }
    return NULL;
}

static dpp_err in_array(pj_in *c, const pj_field *f, json_t *v, unsigned char *base)
{
    size_t n, i;
    if (!json_is_array(v)) return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "expected an array");
    n = json_array_size(v);
    if (n == 0)
        return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "empty array (1 to %zu entries); omit the member if there are none",
                       f->cap);
    if (n > f->cap) return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%zu entries; the limit is %zu", n, f->cap);
    for (i = 0; i < n; i++) {
        size_t mark = in_enter_index(c, i);
        if (in_object(c, f->sub, json_array_get(v, i), base + f->off + i * f->elem) != DPP_OK)
            (void)json_array_set(v, i, json_null());
        in_leave(c, mark);
    }
    put_size(base + f->flag, n);
    return DPP_OK;
}

static dpp_err in_field(pj_in *c, const pj_field *f, json_t *v, unsigned char *base)
{
    dpp_err err = DPP_OK;
    switch (f->kind) {
    case PJ_TEXT: return in_text(c, f, v, base);
    case PJ_UUID: return in_uuid(c, f, v, base);
    case PJ_GTIN: return in_gtin(c, f, v, base);
    case PJ_DECIMAL: {
        dpp_decimal d;
        err = in_decimal(c, v, &d);
        if (err == DPP_OK) memcpy(base + f->off, &d, sizeof d);
        break;
    }
    case PJ_DATE: {
        dpp_date d;
        err = in_date(c, v, &d);
        if (err == DPP_OK) memcpy(base + f->off, &d, sizeof d);
        break;
    }
    case PJ_ENUM: return in_enum(c, f, v, base);
    case PJ_BOOL:
        if (!json_is_boolean(v)) return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "expected true or false");
        put_bool(base + f->off, json_is_true(v));
        return DPP_OK;
    case PJ_OBJECT: err = in_object(c, f->sub, v, base + f->off); break;
    case PJ_ARRAY: return in_array(c, f, v, base);
    case PJ_EXT: return in_ext(c, f, v, base);
    }
    if (err == DPP_OK && f->flag != PJ_NOFLAG) put_bool(base + f->flag, true);
    return err;
}

/* Converts obj's members in document order, reporting each unknown or bad
 * one, then each missing required one. Fails only if obj is no object. */
static dpp_err in_object(pj_in *c, const pj_obj *desc, json_t *obj, unsigned char *base)
{
    size_t ord = 0;
    if (!json_is_object(obj)) return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "expected an object");
    for (void *it = json_object_iter(obj); it != NULL; it = json_object_iter_next(obj, it), ord++) {
        const char *key = json_object_iter_key(it);
        size_t key_len = json_object_iter_key_len(it);
        const pj_field *f = find_field(desc, key, key_len);
        size_t mark = in_enter_key(c, key, key_len, ord);
        if (f == NULL)
            (void)IN_FAIL(c, DPP_ERR_SCHEMA_UNKNOWN_FIELD, "unknown field");
        else if (in_field(c, f, json_object_iter_value(it), base) != DPP_OK)
            (void)json_object_iter_set(obj, it, json_null());
        in_leave(c, mark);
    }
    for (size_t i = 0; i < desc->n; i++) {
        const pj_field *f = &desc->fields[i];
        if (f->required && json_object_get(obj, f->name) == NULL) {
            size_t mark = in_enter_missing(c, f->name);
            (void)IN_FAIL(c, DPP_ERR_SCHEMA_MISSING, "missing");
            in_leave(c, mark);
        }
    }
    return DPP_OK;
}

/* ---- validation problems, placed in the document ---- */

/*
 * Walks a validation problem's path (dpp_path: "a" may hold several
 * dot-separated names, then an optional index, then the name "b") through
 * the converted document. Returns false if the problem follows from one
 * the conversion reported: a value on the path was rejected (it is null
 * now), or a required member on it is missing. Else *key gets the position
 * of the value the path names, or, when a member on it is absent, of the
 * end of the object that lacks it.
 */
static bool pj_resolve(json_t *root, dpp_path path, size_t *key)
{
    const char *parts[2] = {path.a, path.b};
    const pj_obj *desc = &k_passport;
    json_t *node = root;
    pj_pos pos;
    pos.depth = 0;
    for (int part = 0; part < 2; part++) {
        const char *s = parts[part];
        if (part == 1 && path.index != DPP_PATH_NO_INDEX) {
            if (!json_is_array(node)) return false;
            if (path.index >= json_array_size(node)) {
                pos_push(&pos, PJ_POS_END);
                break;
            }
            pos_push(&pos, pos_ord(path.index));
            node = json_array_get(node, path.index);
            if (json_is_null(node)) return false;
        }
        while (s != NULL && *s != '\0') {
            const char *dot = strchr(s, '.');
            size_t n = dot != NULL ? (size_t)(dot - s) : strlen(s), ord = 0;
            const pj_field *f = desc != NULL ? find_field(desc, s, n) : NULL;
            void *it;
            if (!json_is_object(node)) return false;
            for (it = json_object_iter(node); it != NULL; it = json_object_iter_next(node, it), ord++) {
                if (json_object_iter_key_len(it) == n && memcmp(json_object_iter_key(it), s, n) == 0) break;
            }
            if (it == NULL) {
                if (f != NULL && f->required) return false;
                pos_push(&pos, PJ_POS_END);
                *key = pos_key(&pos);
                return true;
            }
            pos_push(&pos, pos_ord(ord));
            node = json_object_iter_value(it);
            if (json_is_null(node)) return false;
            desc = f != NULL ? f->sub : NULL;
            s = dot != NULL ? dot + 1 : NULL;
        }
    }
    *key = pos_key(&pos);
    return true;
}

typedef struct pj_checked {
    pj_in *c;
    json_t *root;
} pj_checked;

/* dpp_check_sink: places a validation problem at its member's position. */
static void on_check(void *ctx, const dpp_diag *d, dpp_path path, dpp_path other)
{
    pj_checked *k = ctx;
    size_t key, other_key;
    dpp_diag *slot;
    if (!pj_resolve(k->root, path, &key)) return;
    if (other.a != NULL && !pj_resolve(k->root, other, &other_key)) return;
    slot = in_slot(k->c, key, d->err);
    if (slot != NULL) {
        memcpy(slot->msg, d->msg, sizeof slot->msg);
        slot->msg[sizeof slot->msg - 1] = '\0';
        memcpy(slot->path, d->path, sizeof slot->path);
        slot->path[sizeof slot->path - 1] = '\0';
    }
}

/* jansson's message quotes the input: escape it (dpp_diag_quote). */
static void sanitize(char *s, size_t cap)
{
    char tmp[JSON_ERROR_TEXT_LENGTH];
    (void)dpp_diag_quote(tmp, sizeof tmp < cap ? sizeof tmp : cap, s, strlen(s));
    memcpy(s, tmp, strlen(tmp) + 1);
}

/* The one problem of a call that cannot go on (bad argument, oversized or
 * unparsable text): errs gets it alone. */
static dpp_err only_problem(dpp_diag_list *errs, dpp_err err, size_t offset, const char *fmt, ...) DPP_PRINTF(4, 5);
static dpp_err only_problem(dpp_diag_list *errs, dpp_err err, size_t offset, const char *fmt, ...)
{
    if (errs == NULL) return err;
    errs->total = 1;
    if (errs->cap > 0) {
        char msg[DPP_DIAG_MSG_LEN];
        va_list ap;
        va_start(ap, fmt);
        (void)vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        (void)dpp_diag_set(&errs->items[0], err, offset, "%s", msg);
        errs->count = 1;
    }
    return err;
}

dpp_err dpp_passport_from_json_all(const char *json, size_t json_len, dpp_passport *out, dpp_diag_list *errs)
{
    json_error_t jerr;
    json_t *root = NULL;
    pj_in c;
    pj_checked k;

    if (out != NULL) memset(out, 0, sizeof *out);
    if (errs != NULL) {
        errs->count = 0;
        errs->total = 0;
        if (errs->items == NULL && errs->cap > 0) return DPP_ERR_INVALID_ARG;
    }
    if (json == NULL || out == NULL)
        return only_problem(errs, DPP_ERR_INVALID_ARG, SIZE_MAX, "json and out must not be NULL");
    if (json_len > PJ_MAX_INPUT)
        return only_problem(errs, DPP_ERR_TOO_LARGE, SIZE_MAX, "JSON text is %zu bytes; the limit is %zu", json_len,
                            PJ_MAX_INPUT);

    root = json_loadb(json, json_len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        size_t pos = jerr.position < 0 ? SIZE_MAX : (size_t)jerr.position;
        enum json_error_code code = json_error_code(&jerr);
        jerr.text[JSON_ERROR_TEXT_LENGTH - 1] = '\0'; /* it held the error code */
        sanitize(jerr.text, sizeof jerr.text);
        if (code == json_error_out_of_memory)
            return only_problem(errs, DPP_ERR_NO_MEMORY, pos, "out of memory while parsing JSON");
        (void)only_problem(errs, DPP_ERR_JSON_SYNTAX, pos, "JSON syntax error: %s", jerr.text);
        if (errs != NULL && errs->count > 0) { /* where, as data: callers print FILE:LINE:COLUMN */
            errs->items[0].line = jerr.line > 0 ? (size_t)jerr.line : 0;
            errs->items[0].column = jerr.column > 0 ? (size_t)jerr.column : 0;
        }
        return DPP_ERR_JSON_SYNTAX;
    }

    memset(&c, 0, sizeof c);
    c.list = errs;
    /* An object whose members are all rejected or missing would only add
     * consequences: validation runs on a root object. */
    if (in_object(&c, &k_passport, root, (unsigned char *)out) == DPP_OK) {
        k.c = &c;
        k.root = root;
        (void)dpp_passport_check(out, on_check, &k);
    }
    json_decref(root);
    if (c.found == 0) return DPP_OK;
    memset(out, 0, sizeof *out);
    if (errs != NULL) {
        for (size_t i = 0; i < errs->count; i++) errs->items[i].offset = SIZE_MAX; /* held the sort keys */
    }
    return c.first_err;
}

dpp_err dpp_passport_from_json(const char *json, size_t json_len, dpp_passport *out, dpp_diag *diag)
{
    dpp_diag_list one = {diag, diag != NULL ? 1u : 0u, 0, 0};
    dpp_err err;
    dpp_diag_clear(diag);
    err = dpp_passport_from_json_all(json, json_len, out, &one);
    if (err == DPP_OK) dpp_diag_clear(diag);
    return err;
}

/* ------------------------------------------------------------------------ */
/* struct -> JSON                                                           */
/* ------------------------------------------------------------------------ */

typedef struct pj_out {
    pj_path path;
    dpp_diag *diag;
    dpp_err err; /* first error; later steps do nothing */
} pj_out;

#define OUT_FAIL(c, e, ...) ((c)->err == DPP_OK ? ((c)->err = fail((c)->diag, &(c)->path, (e), __VA_ARGS__)) : (c)->err)

/* Adds v (reference stolen) to obj as key; NULL v means an error is set. */
static void out_set(pj_out *c, json_t *obj, const char *key, json_t *v)
{
    if (v == NULL) {
        (void)OUT_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory"); /* no-op if an error is set */
        return;
    }
    if (c->err != DPP_OK) {
        json_decref(v);
        return;
    }
    /* json_object_set_new() releases v itself when it fails. */
    if (json_object_set_new(obj, key, v) != 0) (void)OUT_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
}

static json_t *out_string(pj_out *c, const char *s, size_t n)
{
    json_t *v;
    if (!dpp_cb_utf8_valid((const uint8_t *)s, n)) {
        (void)OUT_FAIL(c, DPP_ERR_SCHEMA_FORMAT, "not valid UTF-8");
        return NULL;
    }
    v = json_stringn(s, n);
    if (v == NULL) (void)OUT_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
    return v;
}

/* Length of the text field at p (capacity cap + 1); SIZE_MAX if no NUL. */
static size_t text_len(const unsigned char *p, size_t cap)
{
    const unsigned char *z = memchr(p, '\0', cap + 1);
    return z == NULL ? SIZE_MAX : (size_t)(z - p);
}

static json_t *ext_to_json(pj_out *c, cb_reader *r, unsigned depth);

static json_t *ext_container(pj_out *c, cb_reader *r, const cb_item *it, unsigned depth)
{
    json_t *v = it->type == CB_MAP ? json_object() : json_array();
    if (v == NULL) {
        (void)OUT_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
        return NULL;
    }
    for (uint64_t i = 0; i < it->v && c->err == DPP_OK; i++) {
        size_t mark;
        json_t *child;
        if (it->type == CB_MAP) {
            cb_item k;
            if (dpp_cb_next(r, &k) != DPP_OK || k.type != CB_TSTR || k.v == 0 || memchr(k.ptr, '\0', (size_t)k.v) != NULL) {
                (void)OUT_FAIL(c, DPP_ERR_CBOR_MALFORMED, "a key is not a non-empty text string without NUL");
                break;
            }
            mark = path_key(&c->path, (const char *)k.ptr, (size_t)k.v);
            child = ext_to_json(c, r, depth);
            if (child != NULL && json_object_setn_new(v, (const char *)k.ptr, (size_t)k.v, child) != 0)
                (void)OUT_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
        } else {
            mark = path_index(&c->path, (size_t)i);
            child = ext_to_json(c, r, depth);
            if (child != NULL && json_array_append_new(v, child) != 0)
                (void)OUT_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
        }
        if (c->err == DPP_OK) path_pop(&c->path, mark);
    }
    if (c->err != DPP_OK) {
        json_decref(v);
        return NULL;
    }
    return v;
}

/* depth: nesting level of the container holding the next item. */
static json_t *ext_to_json(pj_out *c, cb_reader *r, unsigned depth)
{
    cb_item it;
    int64_t iv;
    json_t *v = NULL;
    if (dpp_cb_next(r, &it) != DPP_OK) {
        (void)OUT_FAIL(c, r->err, "malformed CBOR at byte %zu", r->err_off);
        return NULL;
    }
    switch (it.type) {
    case CB_UINT:
    case CB_NEGINT:
        if (!dpp_cb_item_int64(&it, &iv)) {
            (void)OUT_FAIL(c, DPP_ERR_SCHEMA_RANGE, "integer does not fit 64 bits");
            return NULL;
        }
        v = json_integer((json_int_t)iv);
        break;
    case CB_TSTR:
        if (memchr(it.ptr, '\0', (size_t)it.v) != NULL) {
            (void)OUT_FAIL(c, DPP_ERR_SCHEMA_FORMAT, "text contains a NUL character");
            return NULL;
        }
        return out_string(c, (const char *)it.ptr, (size_t)it.v);
    case CB_ARRAY:
    case CB_MAP:
        if (depth + 1 > (unsigned)DPP_EXT_MAX_DEPTH) {
            (void)OUT_FAIL(c, DPP_ERR_CBOR_DEPTH, "nested deeper than %u levels below \"extensions\"",
                           (unsigned)DPP_EXT_MAX_DEPTH);
            return NULL;
        }
        return ext_container(c, r, &it, depth + 1);
    case CB_FALSE: v = json_false(); break;
    case CB_TRUE: v = json_true(); break;
    case CB_NULL: v = json_null(); break;
    case CB_BSTR:
    case CB_TAG:
        (void)OUT_FAIL(c, DPP_ERR_SCHEMA_TYPE, "byte strings and tags have no JSON form");
        return NULL;
    }
    if (v == NULL) (void)OUT_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
    return v;
}

static json_t *out_ext(pj_out *c, const uint8_t *ext, size_t len)
{
    cb_reader r;
    cb_item first;
    json_t *v;
    if (len > DPP_MAX_EXT_LEN) {
        (void)OUT_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%zu bytes; the limit is %d", len, DPP_MAX_EXT_LEN);
        return NULL;
    }
    dpp_cb_init(&r, ext, len, true);
    if (dpp_cb_next(&r, &first) != DPP_OK || first.type != CB_MAP) {
        (void)OUT_FAIL(c, DPP_ERR_CBOR_MALFORMED, "not a CBOR map");
        return NULL;
    }
    v = ext_container(c, &r, &first, 0);
    if (v != NULL && dpp_cb_finish(&r) != DPP_OK) {
        (void)OUT_FAIL(c, DPP_ERR_CBOR_TRAILING, "bytes after the map");
        json_decref(v);
        v = NULL;
    }
    return v;
}

static json_t *out_object(pj_out *c, const pj_obj *desc, const unsigned char *base);

/* True if an optional object without a presence flag has any content. */
static bool obj_present(const pj_obj *desc, const unsigned char *base)
{
    for (size_t i = 0; i < desc->n; i++) {
        if (desc->fields[i].kind == PJ_TEXT && base[desc->fields[i].off] != '\0') return true;
    }
    return false;
}

static json_t *out_field(pj_out *c, const pj_field *f, const unsigned char *base, bool *present)
{
    char buf[48];
    size_t n, i;
    *present = true;
    switch (f->kind) {
    case PJ_TEXT:
    case PJ_GTIN:
        n = text_len(base + f->off, f->cap);
        if (n == SIZE_MAX) {
            (void)OUT_FAIL(c, DPP_ERR_SCHEMA_RANGE, "not NUL-terminated within %zu bytes", f->cap);
            return NULL;
        }
        if (n == 0 && f->kind == PJ_TEXT) {
            *present = false;
            return NULL;
        }
        return out_string(c, (const char *)(base + f->off), n);
    case PJ_UUID:
        dpp_uuid_format(base + f->off, buf);
        return out_string(c, buf, 36);
    case PJ_DECIMAL: {
        dpp_decimal d;
        if (f->flag != PJ_NOFLAG && !get_bool(base + f->flag)) break;
        memcpy(&d, base + f->off, sizeof d);
        n = dpp_decimal_format(d, buf, sizeof buf);
        if (n == 0) {
            (void)OUT_FAIL(c, DPP_ERR_SCHEMA_RANGE, "decimal out of range");
            return NULL;
        }
        return out_string(c, buf, n);
    }
    case PJ_DATE: {
        dpp_date d;
        if (f->flag != PJ_NOFLAG && !get_bool(base + f->flag)) break;
        memcpy(&d, base + f->off, sizeof d);
        n = dpp_date_format(d, buf, sizeof buf);
        if (n == 0) {
            (void)OUT_FAIL(c, DPP_ERR_SCHEMA_RANGE, "date out of range");
            return NULL;
        }
        return out_string(c, buf, n);
    }
    case PJ_ENUM: {
        int e = get_int(base + f->off);
        for (i = 0; f->enums[i].name != NULL; i++) {
            if (f->enums[i].value == e) return out_string(c, f->enums[i].name, strlen(f->enums[i].name));
        }
        (void)OUT_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%d is not a known value", e);
        return NULL;
    }
    case PJ_BOOL:
        if (!get_bool(base + f->off)) break;
        return json_true();
    case PJ_OBJECT:
        if (f->flag != PJ_NOFLAG ? !get_bool(base + f->flag) : !f->required && !obj_present(f->sub, base + f->off))
            break;
        return out_object(c, f->sub, base + f->off);
    case PJ_ARRAY: {
        json_t *arr;
        n = get_size(base + f->flag);
        if (n == 0) break;
        if (n > f->cap) {
            (void)OUT_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%zu entries; the limit is %zu", n, f->cap);
            return NULL;
        }
        arr = json_array();
        if (arr == NULL) {
            (void)OUT_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
            return NULL;
        }
        for (i = 0; i < n && c->err == DPP_OK; i++) {
            size_t mark = path_index(&c->path, i);
            json_t *e = out_object(c, f->sub, base + f->off + i * f->elem);
            if (e != NULL && json_array_append_new(arr, e) != 0) (void)OUT_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
            if (c->err == DPP_OK) path_pop(&c->path, mark);
        }
        if (c->err != DPP_OK) {
            json_decref(arr);
            return NULL;
        }
        return arr;
    }
    case PJ_EXT:
        n = get_size(base + f->flag);
        if (n == 0) break;
        return out_ext(c, base + f->off, n);
    }
    *present = false;
    return NULL;
}

static json_t *out_object(pj_out *c, const pj_obj *desc, const unsigned char *base)
{
    json_t *obj = json_object();
    if (obj == NULL) {
        (void)OUT_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < desc->n && c->err == DPP_OK; i++) {
        const pj_field *f = &desc->fields[i];
        size_t mark = path_key(&c->path, f->name, strlen(f->name));
        bool present;
        json_t *v = out_field(c, f, base, &present);
        if (present) out_set(c, obj, f->name, v);
        if (c->err == DPP_OK) path_pop(&c->path, mark);
    }
    if (c->err != DPP_OK) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

dpp_err dpp_passport_to_json(const dpp_passport *p, char *out, size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    pj_out c;
    json_t *root = NULL;
    size_t need;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (out != NULL && out_cap > 0) out[0] = '\0';
    if (p == NULL || out_len == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "p and out_len must not be NULL");

    err = dpp_passport_validate(p, diag);
    if (err != DPP_OK) return err;

    c.path.len = 0;
    c.path.buf[0] = '\0';
    c.diag = diag;
    c.err = DPP_OK;
    root = out_object(&c, &k_passport, (const unsigned char *)p);
    if (root == NULL) {
        err = c.err != DPP_OK ? c.err : dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        goto done;
    }
    need = json_dumpb(root, NULL, 0, PJ_DUMP_FLAGS);
    if (need == 0) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "JSON serialisation failed");
        goto done;
    }
    if (out == NULL) {
        *out_len = need;
        goto done;
    }
    if (out_cap < need + 1) {
        err = dpp_diag_set(diag, DPP_ERR_BUFFER_TOO_SMALL, SIZE_MAX, "output needs %zu bytes, buffer has %zu",
                           need + 1, out_cap);
        goto done;
    }
    if (json_dumpb(root, out, need, PJ_DUMP_FLAGS) != need) {
        out[0] = '\0';
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "JSON serialisation failed");
        goto done;
    }
    out[need] = '\0';
    *out_len = need;
done:
    json_decref(root);
    return err;
}
