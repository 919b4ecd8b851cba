/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The JSON form of a passport (spec/passport.schema.json), with jansson.
 *
 * Both directions walk the same field tables (k_passport and its children
 * below), so the member names, their order and the struct layout are stated
 * once. from_json converts types and shapes only (UUID text -> 16 bytes,
 * GTIN-8/12/13 -> 14 digits, enum names -> values, decimals, dates, the
 * extensions object -> deterministic CBOR) and leaves every content rule to
 * dpp_passport_validate(). to_json validates first, so whatever it writes
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

typedef struct pj_enum {
    const char *name; /* NULL ends the table */
    int value;
} pj_enum;

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

static const pj_enum k_boundary[] = {{"cradle-to-gate", DPP_BOUNDARY_CRADLE_TO_GATE},
                                     {"cradle-to-grave", DPP_BOUNDARY_CRADLE_TO_GRAVE},
                                     {"gate-to-gate", DPP_BOUNDARY_GATE_TO_GATE},
                                     {"cradle-to-cradle", DPP_BOUNDARY_CRADLE_TO_CRADLE},
                                     {NULL, 0}};
static const pj_enum k_method[] = {{"ISO 14067", DPP_METHOD_ISO_14067},
                                   {"GHG Protocol", DPP_METHOD_GHG_PROTOCOL},
                                   {"PEF", DPP_METHOD_PEF},
                                   {"PAS 2050", DPP_METHOD_PAS_2050},
                                   {"GB/T 24067", DPP_METHOD_GBT_24067},
                                   {"PACT", DPP_METHOD_PACT},
                                   {"EU 2023/1542", DPP_METHOD_EU_BATTERY},
                                   {NULL, 0}};
static const pj_enum k_stage[] = {{"raw-materials", DPP_STAGE_RAW_MATERIALS},
                                  {"production", DPP_STAGE_PRODUCTION},
                                  {"distribution", DPP_STAGE_DISTRIBUTION},
                                  {"use", DPP_STAGE_USE},
                                  {"end-of-life", DPP_STAGE_END_OF_LIFE},
                                  {NULL, 0}};
static const pj_enum k_verification[] = {{"self-declared", DPP_VERIFICATION_SELF_DECLARED},
                                         {"third-party-verified", DPP_VERIFICATION_THIRD_PARTY},
                                         {NULL, 0}};
static const pj_enum k_cbam_method[] = {
    {"actual", DPP_CBAM_ACTUAL}, {"default", DPP_CBAM_DEFAULT}, {"mixed", DPP_CBAM_MIXED}, {NULL, 0}};
static const pj_enum k_instrument[] = {{"ets", DPP_PRICE_ETS},   {"carbon-tax", DPP_PRICE_CARBON_TAX},
                                       {"levy", DPP_PRICE_LEVY}, {"fee", DPP_PRICE_FEE},
                                       {"other", DPP_PRICE_OTHER}, {NULL, 0}};

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
    F_ENUM("stage", dpp_stage, stage, k_stage),
    F_DEC("value", dpp_stage, value),
};
static const pj_obj k_stage_o = PJ_OBJ(k_stage_f);

static const pj_field k_footprint_f[] = {
    F_DEC("total", dpp_footprint, total),
    F_TEXT("declared_unit", dpp_footprint, declared_unit, true),
    F_ENUM("boundary", dpp_footprint, boundary, k_boundary),
    F_ENUM("method", dpp_footprint, method, k_method),
    F_ARRAY("stages", dpp_footprint, stages, n_stages, k_stage_o),
    F_DATE("period_start", dpp_footprint, period_start),
    F_DATE("period_end", dpp_footprint, period_end),
    F_DEC_OPT("primary_share", dpp_footprint, primary_share, has_primary_share),
    F_DEC_OPT("electricity_ef", dpp_footprint, electricity_ef, has_electricity_ef),
    F_TEXT("electricity_ef_source", dpp_footprint, electricity_ef_source, false),
    F_ENUM("verification", dpp_footprint, verification, k_verification),
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
    F_ENUM("instrument", dpp_cbam, carbon_price_instrument, k_instrument),
};
static const pj_obj k_carbon_price = PJ_OBJ(k_carbon_price_f);

static const pj_field k_cbam_f[] = {
    F_TEXT("cn_code", dpp_cbam, cn_code, true),
    F_TEXT("origin", dpp_cbam, origin, true),
    F_TEXT("installation_id", dpp_cbam, installation_id, false),
    F_TEXT("route", dpp_cbam, route, false),
    F_DEC("see_direct", dpp_cbam, see_direct),
    F_DEC_OPT("see_indirect", dpp_cbam, see_indirect, has_see_indirect),
    F_ENUM("method", dpp_cbam, method, k_cbam_method),
    {"carbon_price", PJ_OBJECT, false, 0, offsetof(dpp_cbam, has_carbon_price), 0, 0, &k_carbon_price, NULL},
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
    return dpp_diag_set(diag, err, SIZE_MAX, "%s: %s", path->len == 0 ? "passport" : path->buf, msg);
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

typedef struct pj_in {
    pj_path path;
    dpp_diag *diag;
} pj_in;

#define IN_FAIL(c, err, ...) fail((c)->diag, &(c)->path, (err), __VA_ARGS__)

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

static dpp_err ext_value(pj_in *c, cw_writer *w, json_t *v, unsigned depth);

static dpp_err ext_object(pj_in *c, cw_writer *w, json_t *obj, unsigned depth)
{
    size_t n = json_object_size(obj), i = 0;
    pj_key *keys = NULL;
    const char *k;
    json_t *v;
    dpp_err err = DPP_OK;

    /* Each entry takes at least 2 encoded bytes: bounds the work below. */
    if (n > DPP_MAX_EXT_LEN / 2)
        return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%zu members; the encoded extensions are limited to %d bytes", n,
                       DPP_MAX_EXT_LEN);
    if (n > 0) {
        keys = malloc(n * sizeof *keys);
        if (keys == NULL) return IN_FAIL(c, DPP_ERR_NO_MEMORY, "out of memory");
    }
    json_object_foreach(obj, k, v)
    {
        if (i < n) {
            keys[i].s = k;
            keys[i].n = strlen(k);
            keys[i].v = v;
            i++;
        }
    }
    if (i > 0) qsort(keys, i, sizeof *keys, key_cmp);
    cw_map(w, i);
    for (size_t j = 0; j < i && err == DPP_OK; j++) {
        size_t mark = path_key(&c->path, keys[j].s, keys[j].n);
        cw_tstr(w, keys[j].s, keys[j].n);
        err = ext_value(c, w, keys[j].v, depth);
        if (err == DPP_OK) path_pop(&c->path, mark);
    }
    free(keys);
    return err;
}

static dpp_err ext_array(pj_in *c, cw_writer *w, json_t *arr, unsigned depth)
{
    size_t n = json_array_size(arr);
    dpp_err err = DPP_OK;
    if (n > DPP_MAX_EXT_LEN)
        return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%zu entries; the encoded extensions are limited to %d bytes", n,
                       DPP_MAX_EXT_LEN);
    cw_array(w, n);
    for (size_t i = 0; i < n && err == DPP_OK; i++) {
        size_t mark = path_index(&c->path, i);
        err = ext_value(c, w, json_array_get(arr, i), depth);
        if (err == DPP_OK) path_pop(&c->path, mark);
    }
    return err;
}

/* depth: nesting level of the container holding v (the extensions object is 0). */
static dpp_err ext_value(pj_in *c, cw_writer *w, json_t *v, unsigned depth)
{
    dpp_err err = DPP_OK;
    char text[64];
    switch (json_typeof(v)) {
    case JSON_OBJECT:
    case JSON_ARRAY:
        if (depth + 1 > (unsigned)DPP_EXT_MAX_DEPTH)
            return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "nested deeper than %u levels below \"extensions\"",
                           (unsigned)DPP_EXT_MAX_DEPTH);
        err = json_is_object(v) ? ext_object(c, w, v, depth + 1) : ext_array(c, w, v, depth + 1);
        break;
    case JSON_STRING:
        if (memchr(json_string_value(v), '\0', json_string_length(v)) != NULL)
            return IN_FAIL(c, DPP_ERR_SCHEMA_FORMAT, "contains a NUL character");
        cw_tstr(w, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER: cw_int(w, (int64_t)json_integer_value(v)); break;
    case JSON_REAL:
        if (real_to_text(json_real_value(v), text, sizeof text))
            return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE,
                           "non-integer numbers are not allowed in extensions; write it as a string, e.g. \"%s\"",
                           text);
        return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE,
                       "non-integer numbers are not allowed in extensions; write it as a string");
    case JSON_TRUE: cw_bool(w, true); break;
    case JSON_FALSE: cw_bool(w, false); break;
    case JSON_NULL: cw_null(w); break;
    }
    if (err != DPP_OK) return err;
    if (cw_err(w) != DPP_OK)
        return dpp_diag_set(c->diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX,
                            "extensions: the encoded extensions exceed the limit of %d bytes", DPP_MAX_EXT_LEN);
    return DPP_OK;
}

static dpp_err in_ext(pj_in *c, const pj_field *f, json_t *v, unsigned char *base)
{
    cw_writer w;
    dpp_err err;
    if (!json_is_object(v)) return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "expected an object");
    if (json_object_size(v) == 0)
        return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "empty object; omit the member if there are no extensions");
    cw_init(&w, base + f->off, f->cap);
    err = ext_object(c, &w, v, 0);
    if (err == DPP_OK && cw_err(&w) != DPP_OK)
        err = IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "the encoded extensions exceed the limit of %d bytes",
                      DPP_MAX_EXT_LEN);
    if (err != DPP_OK) return err;
    put_size(base + f->flag, w.len);
    return DPP_OK;
}

/* ---- objects ---- */

static dpp_err in_object(pj_in *c, const pj_obj *desc, json_t *obj, unsigned char *base);

static const pj_field *find_field(const pj_obj *desc, const char *key)
{
    for (size_t i = 0; i < desc->n; i++) {
        if (strcmp(desc->fields[i].name, key) == 0) return &desc->fields[i];
    }
    return NULL;
}

static dpp_err in_array(pj_in *c, const pj_field *f, json_t *v, unsigned char *base)
{
    size_t n, i;
    dpp_err err;
    if (!json_is_array(v)) return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "expected an array");
    n = json_array_size(v);
    if (n == 0)
        return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "empty array (1 to %zu entries); omit the member if there are none",
                       f->cap);
    if (n > f->cap) return IN_FAIL(c, DPP_ERR_SCHEMA_RANGE, "%zu entries; the limit is %zu", n, f->cap);
    for (i = 0; i < n; i++) {
        size_t mark = path_index(&c->path, i);
        err = in_object(c, f->sub, json_array_get(v, i), base + f->off + i * f->elem);
        if (err != DPP_OK) return err;
        path_pop(&c->path, mark);
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

static dpp_err in_object(pj_in *c, const pj_obj *desc, json_t *obj, unsigned char *base)
{
    const char *key;
    json_t *v;
    if (!json_is_object(obj)) return IN_FAIL(c, DPP_ERR_SCHEMA_TYPE, "expected an object");
    json_object_foreach(obj, key, v)
    {
        if (find_field(desc, key) == NULL) {
            (void)path_key(&c->path, key, strlen(key));
            return IN_FAIL(c, DPP_ERR_SCHEMA_UNKNOWN_FIELD, "unknown field");
        }
    }
    for (size_t i = 0; i < desc->n; i++) {
        const pj_field *f = &desc->fields[i];
        size_t mark = path_key(&c->path, f->name, strlen(f->name));
        dpp_err err;
        v = json_object_get(obj, f->name);
        if (v == NULL) {
            if (f->required) return IN_FAIL(c, DPP_ERR_SCHEMA_MISSING, "missing");
            path_pop(&c->path, mark);
            continue;
        }
        err = in_field(c, f, v, base);
        if (err != DPP_OK) return err;
        path_pop(&c->path, mark);
    }
    return DPP_OK;
}

/* jansson's message quotes the input: escape it (dpp_diag_quote). */
static void sanitize(char *s, size_t cap)
{
    char tmp[JSON_ERROR_TEXT_LENGTH];
    (void)dpp_diag_quote(tmp, sizeof tmp < cap ? sizeof tmp : cap, s, strlen(s));
    memcpy(s, tmp, strlen(tmp) + 1);
}

dpp_err dpp_passport_from_json(const char *json, size_t json_len, dpp_passport *out, dpp_diag *diag)
{
    json_error_t jerr;
    json_t *root = NULL;
    pj_in c;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out != NULL) memset(out, 0, sizeof *out);
    if (json == NULL || out == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "json and out must not be NULL");
    if (json_len > PJ_MAX_INPUT)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "JSON text is %zu bytes; the limit is %zu", json_len,
                            PJ_MAX_INPUT);

    root = json_loadb(json, json_len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        size_t pos = jerr.position < 0 ? SIZE_MAX : (size_t)jerr.position;
        enum json_error_code code = json_error_code(&jerr);
        jerr.text[JSON_ERROR_TEXT_LENGTH - 1] = '\0'; /* it held the error code */
        sanitize(jerr.text, sizeof jerr.text);
        if (code == json_error_out_of_memory)
            return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, pos, "out of memory while parsing JSON");
        return dpp_diag_set(diag, DPP_ERR_JSON_SYNTAX, pos, "JSON syntax error at line %d, column %d: %s", jerr.line,
                            jerr.column, jerr.text);
    }

    c.path.len = 0;
    c.path.buf[0] = '\0';
    c.diag = diag;
    err = in_object(&c, &k_passport, root, (unsigned char *)out);
    if (err == DPP_OK) err = dpp_passport_validate(out, diag);
    json_decref(root);
    if (err != DPP_OK) memset(out, 0, sizeof *out);
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
    if (!cb_utf8_valid((const uint8_t *)s, n)) {
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
            if (cb_next(r, &k) != DPP_OK || k.type != CB_TSTR || k.v == 0 || memchr(k.ptr, '\0', (size_t)k.v) != NULL) {
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
    if (cb_next(r, &it) != DPP_OK) {
        (void)OUT_FAIL(c, r->err, "malformed CBOR at byte %zu", r->err_off);
        return NULL;
    }
    switch (it.type) {
    case CB_UINT:
    case CB_NEGINT:
        if (!cb_item_int64(&it, &iv)) {
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
    cb_init(&r, ext, len, true);
    if (cb_next(&r, &first) != DPP_OK || first.type != CB_MAP) {
        (void)OUT_FAIL(c, DPP_ERR_CBOR_MALFORMED, "not a CBOR map");
        return NULL;
    }
    v = ext_container(c, &r, &first, 0);
    if (v != NULL && cb_finish(&r) != DPP_OK) {
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
