/* SPDX-License-Identifier: Apache-2.0 */
/* The JSON form of a passport: dpp_passport_from_json / dpp_passport_to_json,
 * the bundled examples and spec/passport.schema.json. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpp/dpp_passport.h"

#define EXAMPLE "examples/passport-full.json" /* every block, for the field tests */
#define EXAMPLE_QR "examples/passport.json"  /* the bundled label example */
#define EXAMPLE_MIN "examples/passport-minimal.json"
#define SCHEMA "spec/passport.schema.json"

static const dpp_passport k_zero; /* all zero: what a failed from_json leaves */

/* ------------------------------------------------------------------------ */
/* helpers                                                                  */
/* ------------------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len != NULL) *len = (size_t)n;
    return buf;
}

static json_t *load_json_file(const char *path)
{
    json_error_t e;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
    if (j == NULL) fail_msg("%s:%d:%d: %s", path, e.line, e.column, e.text);
    return j;
}

static dpp_passport *new_passport(void)
{
    dpp_passport *p = calloc(1, sizeof *p);
    assert_non_null(p);
    return p;
}

/* from_json of a NUL-terminated text; checks the failure contract. */
static dpp_err parse(const char *text, dpp_passport *p, dpp_diag *d)
{
    dpp_err err;
    memset(p, 0xA5, sizeof *p); /* from_json must zero it */
    memset(d, 0xA5, sizeof *d);
    err = dpp_passport_from_json(text, strlen(text), p, d);
    assert_int_equal(d->err, err);
    if (err != DPP_OK) {
        assert_memory_equal(p, &k_zero, sizeof *p);
        assert_true(d->msg[0] != '\0');
    } else {
        assert_string_equal(d->msg, "");
    }
    return err;
}

static dpp_err parse_doc(json_t *doc, dpp_passport *p, dpp_diag *d)
{
    char *text = json_dumps(doc, JSON_COMPACT);
    dpp_err err;
    assert_non_null(text);
    err = parse(text, p, d);
    free(text);
    return err;
}

/* to_json into a fresh heap string (size mode first, then exact size). */
static char *to_json(const dpp_passport *p)
{
    dpp_diag d;
    size_t need = 0, len = 0;
    char *out;
    dpp_err err = dpp_passport_to_json(p, NULL, 0, &need, &d);
    if (err != DPP_OK) fail_msg("to_json size: %s", d.msg);
    assert_true(need > 0);
    out = malloc(need + 1);
    assert_non_null(out);
    err = dpp_passport_to_json(p, out, need + 1, &len, &d);
    if (err != DPP_OK) fail_msg("to_json: %s", d.msg);
    assert_int_equal(len, need);
    assert_int_equal(strlen(out), need);
    return out;
}

/*
 * Navigation of "a.b[2].c" in a jansson document. Returns the parent
 * container of the last segment, with *key set (object member) or *index
 * set (array element, *key = NULL). Asserts the path exists up to the parent.
 */
static json_t *parent_of(json_t *root, const char *path, char *key, size_t key_cap, size_t *index, bool *is_index)
{
    json_t *cur = root;
    const char *s = path;
    for (;;) {
        if (*s == '[') {
            char *end;
            size_t i = (size_t)strtoul(s + 1, &end, 10);
            assert_true(*end == ']');
            s = end + 1;
            if (*s == '\0') {
                *index = i;
                *is_index = true;
                return cur;
            }
            cur = json_array_get(cur, i);
        } else {
            size_t n = strcspn(s, ".[");
            assert_true(n < key_cap);
            memcpy(key, s, n);
            key[n] = '\0';
            s += n;
            if (*s == '\0') {
                *is_index = false;
                return cur;
            }
            cur = json_object_get(cur, key);
        }
        if (*s == '.') s++;
        if (cur == NULL) fail_msg("path %s does not exist", path);
    }
}

/* diag->path is the field the message starts with ("<path>: ..."), and
 * empty when the message names the whole passport or no field. */
static void assert_path_of_msg(const dpp_diag *d)
{
    const char *colon = strstr(d->msg, ": ");
    size_t n = colon == NULL ? 0 : (size_t)(colon - d->msg);
    if (memchr(d->path, '\0', sizeof d->path) == NULL) fail_msg("path not set for \"%s\"", d->msg);
    if (n == 8 && strncmp(d->msg, "passport", 8) == 0) n = 0;
    if (strlen(d->path) != n || strncmp(d->path, d->msg, n) != 0)
        fail_msg("path \"%s\" does not name the field of \"%s\"", d->path, d->msg);
}

/* Sets path to v (reference stolen); v == NULL deletes the member. */
static void set_path(json_t *root, const char *path, json_t *v)
{
    char key[128];
    size_t index = 0;
    bool is_index = false;
    json_t *parent = parent_of(root, path, key, sizeof key, &index, &is_index);
    if (is_index) {
        assert_non_null(v);
        assert_int_equal(json_array_set_new(parent, index, v), 0);
    } else if (v == NULL) {
        assert_int_equal(json_object_del(parent, key), 0);
    } else {
        assert_int_equal(json_object_set_new(parent, key, v), 0);
    }
}

/* The bundled example with every optional member set as well. */
static json_t *full_doc(void)
{
    json_t *doc = load_json_file(EXAMPLE);
    set_path(doc, "serial", json_string("SN-000117"));
    set_path(doc, "category", json_string("Steel"));
    set_path(doc, "facility.name", json_string("Plant 2"));
    set_path(doc, "materials[0].mass", json_string("820.5"));
    set_path(doc, "materials[0].mass_unit", json_string("KGM"));
    set_path(doc, "materials[0].recycled_share", json_string("0"));
    set_path(doc, "materials[0].renewable_share", json_string("0.01"));
    set_path(doc, "materials[0].origin", json_string("AU"));
    set_path(doc, "materials[0].hazardous", json_true());
    set_path(doc, "footprint.electricity_ef", json_string("0.5703"));
    set_path(doc, "footprint.electricity_ef_source", json_string("MEE 2022"));
    set_path(doc, "certifications[0].valid_from", json_string("2024-01-15"));
    set_path(doc, "certifications[0].valid_until", json_string("2027-01-14"));
    set_path(doc, "certifications[0].scope", json_string("Hot rolling"));
    set_path(doc, "cbam.installation_id", json_string("CN-HB-0042"));
    set_path(doc, "cbam.route", json_string("BF-BOF"));
    set_path(doc, "cbam.see_indirect", json_string("0.20355"));
    set_path(doc, "cbam.carbon_price.covered", json_string("0.915"));
    set_path(doc, "cbam.carbon_price.rebate", json_string("2.00"));
    set_path(doc, "cbam.carbon_price.rebate_type", json_string("Tax deduction"));
    set_path(doc, "cbam.carbon_price.rebate_covered", json_string("1.18044"));
    set_path(doc, "cbam.carbon_price.effective", json_string("12.85"));
    set_path(doc, "cbam.installation",
             json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:{s:s,s:s},s:s,s:{s:s,s:s}}", "name", "Jinding Steel Works No. 2",
                       "street", "Gangcheng Road 1", "city", "Tangshan", "postcode", "063000", "country", "CN",
                       "unlocode", "CNTGS", "coordinates", "latitude", "39.6309", "longitude", "118.1802", "activity",
                       "Iron & steel production", "operator_id", "scheme", "USCC", "value", "91130200MA0CXXXX1X"));
    set_path(doc, "cbam.period", json_pack("{s:s,s:s}", "start", "2024-01-01", "end", "2024-12-31"));
    set_path(doc, "cbam.process", json_string("Bubble approach"));
    set_path(doc, "cbam.goods_category", json_string("Iron or steel products"));
    set_path(doc, "cbam.see_total", json_string("2.12355"));
    set_path(doc, "cbam.see_unit", json_string("tCO2e/t"));
    set_path(doc, "cbam.default_share", json_string("0.05"));
    set_path(doc, "cbam.electricity",
             json_pack("{s:s,s:s,s:s}", "consumed", "0.34559", "emission_factor", "0.589", "source", "Mix"));
    set_path(doc, "cbam.precursors",
             json_pack("[{s:s,s:s,s:s,s:s}]", "cn_code", "72011011", "quantity", "0.94", "see_direct", "1.61244",
                       "see_indirect", "0.0312"));
    set_path(doc, "cbam.verifier",
             json_pack("{s:s,s:s,s:s,s:s,s:s}", "name", "Verifica CBAM GmbH", "country", "DE", "accreditation_state",
                       "DE", "accreditation_body", "DAkkS", "accreditation_id", "D-VS-12345-01-00"));
    return doc;
}

/* Applies one change to the full document and expects err and a message
 * containing msg_part (exactly msg when exact). */
static void expect_change(const char *path, json_t *v, dpp_err err, const char *msg, bool exact)
{
    json_t *doc = full_doc();
    dpp_passport *p = new_passport();
    dpp_diag d;
    dpp_err got;
    set_path(doc, path, v);
    got = parse_doc(doc, p, &d);
    if (got != err || (exact ? strcmp(d.msg, msg) != 0 : strstr(d.msg, msg) == NULL))
        fail_msg("%s: got %s \"%s\", expected %s \"%s\"", path, dpp_err_name(got), d.msg, dpp_err_name(err), msg);
    assert_path_of_msg(&d);
    json_decref(doc);
    free(p);
}

/* Parses the full document with one change; returns the passport. */
static dpp_passport *parse_change(const char *path, json_t *v)
{
    json_t *doc = full_doc();
    dpp_passport *p = new_passport();
    dpp_diag d;
    set_path(doc, path, v);
    if (parse_doc(doc, p, &d) != DPP_OK) fail_msg("%s: %s", path, d.msg);
    json_decref(doc);
    return p;
}

/* ------------------------------------------------------------------------ */
/* The member table: every path of the JSON form                            */
/* ------------------------------------------------------------------------ */

typedef enum kind { K_ID, K_GTIN, K_TEXT, K_DEC, K_DATE, K_ENUM, K_BOOL, K_OBJ, K_ARR, K_EXT } kind;

typedef struct member {
    const char *path; /* "[]" marks array elements */
    kind k;
    bool required;    /* within its parent object */
    size_t cap;       /* K_TEXT: capacity in bytes; K_ARR: max entries */
} member;

static const member k_members[] = {
    {"id", K_ID, true, 0},
    {"gtin", K_GTIN, true, 0},
    {"batch", K_TEXT, false, DPP_MAX_BATCH},
    {"serial", K_TEXT, false, DPP_MAX_SERIAL},
    {"name", K_TEXT, true, DPP_MAX_NAME},
    {"category", K_TEXT, false, DPP_MAX_CATEGORY},
    {"production_date", K_DATE, false, 0},
    {"manufacturer", K_OBJ, true, 0},
    {"manufacturer.name", K_TEXT, true, DPP_MAX_NAME},
    {"manufacturer.country", K_TEXT, true, 2},
    {"manufacturer.operator_id", K_OBJ, false, 0},
    {"manufacturer.operator_id.scheme", K_TEXT, true, DPP_MAX_SCHEME},
    {"manufacturer.operator_id.value", K_TEXT, true, DPP_MAX_ID},
    {"facility", K_OBJ, false, 0},
    {"facility.id", K_OBJ, true, 0},
    {"facility.id.scheme", K_TEXT, true, DPP_MAX_SCHEME},
    {"facility.id.value", K_TEXT, true, DPP_MAX_ID},
    {"facility.name", K_TEXT, false, DPP_MAX_NAME},
    {"materials", K_ARR, false, DPP_MAX_MATERIALS},
    {"materials[].name", K_TEXT, true, DPP_MAX_NAME},
    {"materials[].cas", K_TEXT, false, 12},
    {"materials[].mass_fraction", K_DEC, false, 0},
    {"materials[].mass", K_DEC, false, 0},
    {"materials[].mass_unit", K_TEXT, false, DPP_MAX_UNIT},
    {"materials[].recycled_share", K_DEC, false, 0},
    {"materials[].renewable_share", K_DEC, false, 0},
    {"materials[].origin", K_TEXT, false, 2},
    {"materials[].hazardous", K_BOOL, false, 0},
    {"footprint", K_OBJ, false, 0},
    {"footprint.total", K_DEC, true, 0},
    {"footprint.declared_unit", K_TEXT, true, DPP_MAX_UNIT},
    {"footprint.boundary", K_ENUM, true, 0},
    {"footprint.method", K_ENUM, true, 0},
    {"footprint.stages", K_ARR, false, DPP_MAX_STAGES},
    {"footprint.stages[].stage", K_ENUM, true, 0},
    {"footprint.stages[].value", K_DEC, true, 0},
    {"footprint.period_start", K_DATE, true, 0},
    {"footprint.period_end", K_DATE, true, 0},
    {"footprint.primary_share", K_DEC, false, 0},
    {"footprint.electricity_ef", K_DEC, false, 0},
    {"footprint.electricity_ef_source", K_TEXT, false, DPP_MAX_SOURCE},
    {"footprint.verification", K_ENUM, true, 0},
    {"certifications", K_ARR, false, DPP_MAX_CERTIFICATIONS},
    {"certifications[].scheme", K_TEXT, true, DPP_MAX_ID},
    {"certifications[].certificate_id", K_TEXT, true, DPP_MAX_ID},
    {"certifications[].issuer", K_TEXT, true, DPP_MAX_NAME},
    {"certifications[].valid_from", K_DATE, false, 0},
    {"certifications[].valid_until", K_DATE, false, 0},
    {"certifications[].scope", K_TEXT, false, DPP_MAX_SCOPE},
    {"cbam", K_OBJ, false, 0},
    {"cbam.cn_code", K_TEXT, true, 8},
    {"cbam.origin", K_TEXT, true, 2},
    {"cbam.installation_id", K_TEXT, false, DPP_MAX_ID},
    {"cbam.route", K_TEXT, false, DPP_MAX_ROUTE},
    {"cbam.see_direct", K_DEC, true, 0},
    {"cbam.see_indirect", K_DEC, false, 0},
    {"cbam.method", K_ENUM, true, 0},
    {"cbam.carbon_price", K_OBJ, false, 0},
    {"cbam.carbon_price.amount", K_DEC, true, 0},
    {"cbam.carbon_price.currency", K_TEXT, true, 3},
    {"cbam.carbon_price.instrument", K_ENUM, true, 0},
    {"cbam.carbon_price.covered", K_DEC, false, 0},
    {"cbam.carbon_price.rebate", K_DEC, false, 0},
    {"cbam.carbon_price.rebate_type", K_TEXT, false, DPP_MAX_REBATE_TYPE},
    {"cbam.carbon_price.rebate_covered", K_DEC, false, 0},
    {"cbam.carbon_price.effective", K_DEC, false, 0},
    {"cbam.installation", K_OBJ, false, 0},
    {"cbam.installation.name", K_TEXT, true, DPP_MAX_NAME},
    {"cbam.installation.street", K_TEXT, false, DPP_MAX_ADDRESS},
    {"cbam.installation.city", K_TEXT, false, DPP_MAX_ADDRESS},
    {"cbam.installation.postcode", K_TEXT, false, DPP_MAX_POSTCODE},
    {"cbam.installation.country", K_TEXT, true, 2},
    {"cbam.installation.unlocode", K_TEXT, false, 5},
    {"cbam.installation.coordinates", K_OBJ, false, 0},
    {"cbam.installation.coordinates.latitude", K_DEC, true, 0},
    {"cbam.installation.coordinates.longitude", K_DEC, true, 0},
    {"cbam.installation.activity", K_TEXT, false, DPP_MAX_ACTIVITY},
    {"cbam.installation.operator_id", K_OBJ, false, 0},
    {"cbam.installation.operator_id.scheme", K_TEXT, true, DPP_MAX_SCHEME},
    {"cbam.installation.operator_id.value", K_TEXT, true, DPP_MAX_ID},
    {"cbam.period", K_OBJ, false, 0},
    {"cbam.period.start", K_DATE, true, 0},
    {"cbam.period.end", K_DATE, true, 0},
    {"cbam.process", K_TEXT, false, DPP_MAX_PROCESS},
    {"cbam.goods_category", K_TEXT, false, DPP_MAX_CATEGORY},
    {"cbam.see_total", K_DEC, false, 0},
    {"cbam.see_unit", K_TEXT, false, DPP_MAX_SEE_UNIT},
    {"cbam.default_share", K_DEC, false, 0},
    {"cbam.electricity", K_OBJ, false, 0},
    {"cbam.electricity.consumed", K_DEC, true, 0},
    {"cbam.electricity.emission_factor", K_DEC, false, 0},
    {"cbam.electricity.source", K_TEXT, false, DPP_MAX_SOURCE},
    {"cbam.precursors", K_ARR, false, DPP_MAX_PRECURSORS},
    {"cbam.precursors[].cn_code", K_TEXT, true, 8},
    {"cbam.precursors[].quantity", K_DEC, false, 0},
    {"cbam.precursors[].see_direct", K_DEC, true, 0},
    {"cbam.precursors[].see_indirect", K_DEC, false, 0},
    {"cbam.verifier", K_OBJ, false, 0},
    {"cbam.verifier.name", K_TEXT, true, DPP_MAX_NAME},
    {"cbam.verifier.country", K_TEXT, false, 2},
    {"cbam.verifier.accreditation_state", K_TEXT, false, 2},
    {"cbam.verifier.accreditation_body", K_TEXT, false, DPP_MAX_NAME},
    {"cbam.verifier.accreditation_id", K_TEXT, false, DPP_MAX_ID},
    {"extensions", K_EXT, false, 0},
};
#define N_MEMBERS (sizeof k_members / sizeof k_members[0])

typedef struct enum_case {
    const char *path;
    const char *names[8];
} enum_case;

static const enum_case k_enums[] = {
    {"footprint.boundary", {"cradle-to-gate", "cradle-to-grave", "gate-to-gate", "cradle-to-cradle", NULL}},
    {"footprint.method",
     {"ISO 14067", "GHG Protocol", "PEF", "PAS 2050", "GB/T 24067", "PACT", "EU 2023/1542", NULL}},
    {"footprint.stages[].stage", {"raw-materials", "production", "distribution", "use", "end-of-life", NULL}},
    {"footprint.verification", {"self-declared", "third-party-verified", NULL}},
    {"cbam.method", {"actual", "default", "mixed", NULL}},
    {"cbam.carbon_price.instrument", {"ets", "carbon-tax", "levy", "fee", "other", NULL}},
};

/* "materials[].name" -> "materials[0].name" */
static void concrete(const char *path, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *s = path; *s != '\0' && o + 2 < cap; s++) {
        out[o++] = *s;
        if (s[0] == '[' && s[1] == ']') out[o++] = '0';
    }
    out[o] = '\0';
}

static const member *find_member(const char *path)
{
    for (size_t i = 0; i < N_MEMBERS; i++)
        if (strcmp(k_members[i].path, path) == 0) return &k_members[i];
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* examples and round trips                                                 */
/* ------------------------------------------------------------------------ */

static void example_parses(void **state)
{
    static const uint8_t id[16] = {0x3f, 0x6c, 0x2a, 0x9e, 0x8b, 0x1d, 0x4c, 0x57,
                                   0x9e, 0x2a, 0x71, 0xd0, 0x4b, 0x5f, 0x8c, 0x13};
    /* {"grade": "S355JR", "thickness_mm": "2.75"}: keys shorter first */
    static const uint8_t ext[] = {0xA2, 0x65, 'g', 'r', 'a', 'd', 'e', 0x66, 'S', '3', '5', '5', 'J', 'R',
                                  0x6C, 't', 'h', 'i', 'c', 'k', 'n', 'e', 's', 's', '_', 'm', 'm',
                                  0x64, '2', '.', '7', '5'};
    char *text = read_file(EXAMPLE, NULL);
    dpp_passport *p = new_passport();
    dpp_diag d;
    dpp_decimal sum = {0, 0};
    (void)state;

    if (parse(text, p, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_memory_equal(p->id, id, 16);
    assert_string_equal(p->gtin, "06948251000018");
    assert_string_equal(p->batch, "H25-03147");
    assert_true(p->has_production_date);
    assert_string_equal(p->manufacturer.country, "CN");
    assert_string_equal(p->manufacturer.operator_id.scheme, "USCC");
    assert_string_equal(p->manufacturer.operator_id.value, "91130200MA0GQ8L5XH");
    assert_true(p->has_facility);
    assert_string_equal(p->facility.id.scheme, "GLN");
    assert_int_equal(p->n_materials, 6);
    assert_string_equal(p->materials[0].cas, "7439-89-6");
    assert_true(p->materials[0].has_mass_fraction);
    assert_int_equal(p->materials[0].mass_fraction.mantissa, 82);
    assert_int_equal(p->materials[0].mass_fraction.exponent, -2);
    assert_true(p->materials[1].has_recycled_share);
    assert_false(p->materials[0].has_recycled_share);
    assert_string_equal(p->materials[5].cas, "7429-90-5");
    assert_true(p->has_footprint);
    assert_int_equal(p->footprint.boundary, DPP_BOUNDARY_CRADLE_TO_GRAVE);
    assert_int_equal(p->footprint.method, DPP_METHOD_ISO_14067);
    assert_int_equal(p->footprint.verification, DPP_VERIFICATION_THIRD_PARTY);
    assert_string_equal(p->footprint.declared_unit, "TNE");
    assert_int_equal(p->footprint.n_stages, 4);
    assert_int_equal(p->footprint.stages[0].stage, DPP_STAGE_RAW_MATERIALS);
    assert_int_equal(p->footprint.stages[3].stage, DPP_STAGE_END_OF_LIFE);
    for (size_t i = 0; i < p->footprint.n_stages; i++) {
        assert_int_equal(p->footprint.stages[i].value.exponent, 0);
        sum.mantissa += p->footprint.stages[i].value.mantissa;
    }
    assert_int_equal(dpp_decimal_cmp(sum, p->footprint.total), 0); /* stages sum to the total */
    assert_int_equal(p->n_certifications, 2);
    assert_string_equal(p->certifications[1].scheme, "ResponsibleSteel");
    assert_true(p->has_cbam);
    assert_string_equal(p->cbam.cn_code, "72083900");
    assert_int_equal(p->cbam.method, DPP_CBAM_ACTUAL);
    assert_int_equal(p->cbam.see_direct.mantissa, 192);
    assert_int_equal(p->cbam.see_direct.exponent, -2);
    assert_true(p->cbam.has_see_indirect);
    assert_true(p->cbam.has_carbon_price);
    assert_string_equal(p->cbam.carbon_price_currency, "CNY");
    assert_int_equal(p->cbam.carbon_price_instrument, DPP_PRICE_ETS);
    assert_int_equal(p->ext_len, sizeof ext);
    assert_memory_equal(p->ext, ext, sizeof ext);
    free(text);
    free(p);
}

static void minimal_example_parses(void **state)
{
    char *text = read_file(EXAMPLE_MIN, NULL);
    dpp_passport *p = new_passport();
    dpp_diag d;
    (void)state;
    if (parse(text, p, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_string_equal(p->gtin, "06901234567892");
    assert_string_equal(p->name, "\xe7\x83\xad\xe8\xbd\xa7\xe9\x92\xa2\xe5\x8d\xb7"); /* 热轧钢卷 */
    assert_string_equal(p->manufacturer.country, "CN");
    assert_false(p->has_production_date);
    assert_false(p->has_facility);
    assert_false(p->has_footprint);
    assert_false(p->has_cbam);
    assert_int_equal(p->n_materials, 0);
    assert_int_equal(p->n_certifications, 0);
    assert_int_equal(p->ext_len, 0);
    assert_string_equal(p->batch, "");
    free(text);
    free(p);
}

/* The example files are written exactly as to_json writes them (plus a
 * final newline), so they are fixed points. */
/* The bundled label example carries what the README promises: 6 materials,
 * a footprint with 4 stages, 2 certifications and a CBAM block. */
static void label_example_content(void **state)
{
    char *text = read_file(EXAMPLE_QR, NULL);
    dpp_passport *p = new_passport();
    dpp_diag d;
    (void)state;
    if (parse(text, p, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_int_equal(p->n_materials, 6);
    assert_true(p->has_footprint);
    assert_int_equal(p->footprint.n_stages, 4);
    assert_int_equal(p->n_certifications, 2);
    assert_true(p->has_cbam);
    assert_string_equal(p->cbam.cn_code, "72083900");
    free(text);
    free(p);
}

static void examples_are_normalised(void **state)
{
    const char *files[] = {EXAMPLE, EXAMPLE_MIN, EXAMPLE_QR};
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        size_t len;
        char *text = read_file(files[i], &len);
        dpp_passport *p = new_passport();
        dpp_diag d;
        char *out;
        if (parse(text, p, &d) != DPP_OK) fail_msg("%s", d.msg);
        out = to_json(p);
        assert_true(len > 0 && text[len - 1] == '\n');
        text[len - 1] = '\0';
        assert_string_equal(out, text);
        free(out);
        free(text);
        free(p);
    }
}

/* x -> p1 -> j1 -> p2 -> j2: j1 == j2 and p1 == p2. */
static void check_round_trip(const char *x, const char *expect_j1)
{
    dpp_passport *p1 = new_passport(), *p2 = new_passport();
    dpp_diag d;
    char *j1, *j2;
    if (parse(x, p1, &d) != DPP_OK) fail_msg("%s", d.msg);
    j1 = to_json(p1);
    if (expect_j1 != NULL) assert_string_equal(j1, expect_j1);
    if (parse(j1, p2, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_memory_equal(p1, p2, sizeof *p1);
    j2 = to_json(p2);
    assert_string_equal(j1, j2);
    free(j1);
    free(j2);
    free(p1);
    free(p2);
}

static void round_trip_full(void **state)
{
    json_t *doc = full_doc();
    char *text = json_dumps(doc, JSON_COMPACT);
    (void)state;
    check_round_trip(text, NULL);
    free(text);
    json_decref(doc);
}

/* Input that is not in normal form: GTIN-13, an upper-case UUID, numbers
 * for decimals, unsorted extension keys, hazardous false. One pass of
 * from_json/to_json normalises it; the second changes nothing. */
static void round_trip_normalises(void **state)
{
    const char *x = "{\"extensions\":{\"zz\":1,\"a\":[true,null],\"b\":{\"y\":2,\"x\":\"s\"}},"
                    "\"manufacturer\":{\"country\":\"IN\",\"name\":\"Tata Steel\","
                    "\"operator_id\":{\"scheme\":\"IEC\",\"value\":\"0388001234\"}},"
                    "\"name\":\"HR coil\",\"gtin\":\"8901234567890\","
                    "\"id\":\"3F6C2A9E-8B1D-4C57-9E2A-71D04B5F8C13\","
                    "\"materials\":[{\"hazardous\":false,\"mass_fraction\":0.5,\"name\":\"Fe\"},"
                    "{\"name\":\"Scrap\",\"mass\":12,\"mass_unit\":\"KGM\"}]}";
    const char *want = "{\n"
                       "  \"id\": \"3f6c2a9e-8b1d-4c57-9e2a-71d04b5f8c13\",\n"
                       "  \"gtin\": \"08901234567890\",\n"
                       "  \"name\": \"HR coil\",\n"
                       "  \"manufacturer\": {\n"
                       "    \"name\": \"Tata Steel\",\n"
                       "    \"country\": \"IN\",\n"
                       "    \"operator_id\": {\n"
                       "      \"scheme\": \"IEC\",\n"
                       "      \"value\": \"0388001234\"\n"
                       "    }\n"
                       "  },\n"
                       "  \"materials\": [\n"
                       "    {\n"
                       "      \"name\": \"Fe\",\n"
                       "      \"mass_fraction\": \"0.5\"\n"
                       "    },\n"
                       "    {\n"
                       "      \"name\": \"Scrap\",\n"
                       "      \"mass\": \"12\",\n"
                       "      \"mass_unit\": \"KGM\"\n"
                       "    }\n"
                       "  ],\n"
                       "  \"extensions\": {\n"
                       "    \"a\": [\n"
                       "      true,\n"
                       "      null\n"
                       "    ],\n"
                       "    \"b\": {\n"
                       "      \"x\": \"s\",\n"
                       "      \"y\": 2\n"
                       "    },\n"
                       "    \"zz\": 1\n"
                       "  }\n"
                       "}";
    (void)state;
    check_round_trip(x, want);
}

/* from_json(to_json(p)) == p for a passport built in C. */
static void round_trip_from_struct(void **state)
{
    dpp_passport *p = new_passport(), *q = new_passport();
    dpp_diag d;
    char *j;
    (void)state;
    dpp_passport_init(p);
    for (int i = 0; i < 16; i++) p->id[i] = (uint8_t)(0x10 + i);
    strcpy(p->gtin, "04006381333931");
    strcpy(p->name, "Coil \xe9\x92\xa2"); /* "Coil 钢" */
    strcpy(p->manufacturer.name, "M");
    strcpy(p->manufacturer.country, "DE");
    p->has_footprint = true;
    p->footprint.total.mantissa = 1250;
    p->footprint.total.exponent = -2;
    strcpy(p->footprint.declared_unit, "KGM");
    p->footprint.boundary = DPP_BOUNDARY_GATE_TO_GATE;
    p->footprint.method = DPP_METHOD_GBT_24067;
    p->footprint.n_stages = 1;
    p->footprint.stages[0].stage = DPP_STAGE_USE;
    p->footprint.stages[0].value.mantissa = -5;
    p->footprint.stages[0].value.exponent = -18;
    p->footprint.period_start = 0;
    p->footprint.period_end = 2932896;
    p->footprint.verification = DPP_VERIFICATION_SELF_DECLARED;
    j = to_json(p);
    assert_non_null(strstr(j, "\"total\": \"12.50\""));
    assert_non_null(strstr(j, "\"value\": \"-0.000000000000000005\""));
    assert_non_null(strstr(j, "\"period_start\": \"1970-01-01\""));
    assert_non_null(strstr(j, "\"period_end\": \"9999-12-31\""));
    assert_non_null(strstr(j, "\"method\": \"GB/T 24067\"")); /* '/' not escaped */
    assert_non_null(strstr(j, "\"name\": \"Coil \xe9\x92\xa2\""));  /* UTF-8 not \u-escaped */
    if (parse(j, q, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_memory_equal(p, q, sizeof *p);
    free(j);
    free(p);
    free(q);
}

/* ------------------------------------------------------------------------ */
/* to_json                                                                  */
/* ------------------------------------------------------------------------ */

static void to_json_format(void **state)
{
    json_t *doc = full_doc();
    dpp_passport *p = new_passport();
    dpp_diag d;
    char *j;
    const char *order[] = {"\"id\"",         "\"gtin\"",      "\"batch\"",     "\"serial\"",         "\"name\"",
                           "\"category\"",   "\"production_date\"", "\"manufacturer\"", "\"facility\"",
                           "\"materials\"",  "\"footprint\"", "\"certifications\"", "\"cbam\"",      "\"extensions\""};
    const char *prev = NULL;
    (void)state;
    assert_int_equal(parse_doc(doc, p, &d), DPP_OK);
    j = to_json(p);
    assert_true(strncmp(j, "{\n  \"id\": \"", 11) == 0); /* 2-space indent */
    assert_int_equal(j[strlen(j) - 1], '}');             /* no trailing newline */
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        char pat[40];
        const char *at;
        snprintf(pat, sizeof pat, "\n  %s: ", order[i]); /* top level */
        at = strstr(j, pat);
        if (at == NULL) fail_msg("%s missing", order[i]);
        assert_true(prev == NULL || at > prev);
        prev = at;
    }
    assert_non_null(strstr(j, "      \"hazardous\": true\n")); /* hazardous written when true */
    assert_non_null(strstr(j, "\"mass_fraction\": \"0.82\""));   /* decimals as strings */
    assert_non_null(strstr(j, "\"recycled_share\": \"0\""));
    assert_null(strstr(j, "\\u"));
    free(j);
    free(p);
    json_decref(doc);
}

static void to_json_omits_absent(void **state)
{
    char *text = read_file(EXAMPLE_MIN, NULL);
    dpp_passport *p = new_passport();
    dpp_diag d;
    char *j;
    (void)state;
    assert_int_equal(parse(text, p, &d), DPP_OK);
    j = to_json(p);
    assert_null(strstr(j, "batch"));
    assert_null(strstr(j, "operator_id"));
    assert_null(strstr(j, "materials"));
    assert_null(strstr(j, "extensions"));
    assert_null(strstr(j, "hazardous"));
    assert_non_null(strstr(j, "\xe6\xb4\xa5\xe9\xbc\x8e")); /* 津鼎 as raw UTF-8 */
    free(j);
    free(text);
    free(p);
}

static void to_json_buffer_sizes(void **state)
{
    char *text = read_file(EXAMPLE, NULL);
    dpp_passport *p = new_passport();
    dpp_diag d;
    size_t need = 0, len = 99;
    char *buf;
    (void)state;
    assert_int_equal(parse(text, p, &d), DPP_OK);
    assert_int_equal(dpp_passport_to_json(p, NULL, 0, &need, &d), DPP_OK);
    assert_int_equal(need, strlen(text) - 1); /* the file adds a newline */
    buf = malloc(need + 1);
    assert_non_null(buf);
    /* out_cap must include the NUL */
    memset(buf, 'x', need + 1);
    assert_int_equal(dpp_passport_to_json(p, buf, need, &len, &d), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(d.err, DPP_ERR_BUFFER_TOO_SMALL);
    assert_non_null(strstr(d.msg, "needs"));
    assert_int_equal(dpp_passport_to_json(p, buf, 0, &len, &d), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(dpp_passport_to_json(p, buf, need + 1, &len, &d), DPP_OK);
    assert_int_equal(len, need);
    assert_int_equal(buf[need], '\0');
    assert_int_equal(memcmp(buf, text, need), 0);
    /* diag may be NULL */
    assert_int_equal(dpp_passport_to_json(p, buf, need + 1, &len, NULL), DPP_OK);
    free(buf);
    free(text);
    free(p);
}

static void to_json_errors(void **state)
{
    dpp_passport *p = new_passport();
    dpp_diag d;
    size_t len = 7;
    char buf[16];
    (void)state;
    assert_int_equal(dpp_passport_to_json(NULL, buf, sizeof buf, &len, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_int_equal(dpp_passport_to_json(p, buf, sizeof buf, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(d.err, DPP_ERR_INVALID_ARG);
    /* an invalid passport is not written (validated first) */
    memset(buf, 'x', sizeof buf);
    assert_int_equal(dpp_passport_to_json(p, buf, sizeof buf, &len, &d), DPP_ERR_SCHEMA_MISSING);
    assert_int_equal(buf[0], '\0');
    assert_non_null(strstr(d.msg, "id: missing"));
    free(p);
}

/* An extension integer beyond int64 (legal CBOR) is refused by validation,
 * so to_json (which validates first) never meets one. */
static void to_json_ext_uint64(void **state)
{
    static const uint8_t ext[] = {0xA1, 0x61, 'n', 0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    char *text = read_file(EXAMPLE_MIN, NULL);
    dpp_passport *p = new_passport();
    dpp_diag d;
    size_t len;
    (void)state;
    assert_int_equal(parse(text, p, &d), DPP_OK);
    memcpy(p->ext, ext, sizeof ext);
    p->ext_len = sizeof ext;
    assert_int_equal(dpp_passport_validate(p, &d), DPP_ERR_SCHEMA_RANGE);
    assert_string_equal(d.msg, "extensions: integer outside the signed 64-bit range");
    assert_int_equal(dpp_passport_to_json(p, NULL, 0, &len, &d), DPP_ERR_SCHEMA_RANGE);
    /* -2^64 likewise */
    p->ext[3] = 0x3B;
    assert_int_equal(dpp_passport_validate(p, &d), DPP_ERR_SCHEMA_RANGE);
    free(text);
    free(p);
}

/* ------------------------------------------------------------------------ */
/* conversions                                                              */
/* ------------------------------------------------------------------------ */

static void every_enum_spelling(void **state)
{
    (void)state;
    for (size_t e = 0; e < sizeof k_enums / sizeof k_enums[0]; e++) {
        char path[64];
        concrete(k_enums[e].path, path, sizeof path);
        for (int i = 0; k_enums[e].names[i] != NULL; i++) {
            dpp_passport *p;
            char *j, pat[64];
            int v = 0;
            if (e == 2 && i > 0) continue; /* stages must increase: covered below */
            p = parse_change(path, json_string(k_enums[e].names[i]));
            j = to_json(p);
            if (e == 0) v = (int)p->footprint.boundary;
            if (e == 1) v = (int)p->footprint.method;
            if (e == 2) v = (int)p->footprint.stages[0].stage;
            if (e == 3) v = (int)p->footprint.verification;
            if (e == 4) v = (int)p->cbam.method;
            if (e == 5) v = (int)p->cbam.carbon_price_instrument;
            assert_int_equal(v, i + 1); /* enumerators are 1.. in spelling order */
            snprintf(pat, sizeof pat, "\"%s\"", k_enums[e].names[i]);
            assert_non_null(strstr(j, pat));
            free(j);
            free(p);
        }
    }
    /* the stage names other than the first, as a single stage */
    for (int i = 0; k_enums[2].names[i] != NULL; i++) {
        json_t *stages = json_pack("[{s:s,s:s}]", "stage", k_enums[2].names[i], "value", "1");
        dpp_passport *p = parse_change("footprint.stages", stages);
        assert_int_equal(p->footprint.n_stages, 1);
        assert_int_equal((int)p->footprint.stages[0].stage, i + 1);
        free(p);
    }
    expect_change("footprint.boundary", json_string("Cradle-to-gate"), DPP_ERR_SCHEMA_RANGE,
                  "footprint.boundary: \"Cradle-to-gate\" is not one of \"cradle-to-gate\", \"cradle-to-grave\", "
                  "\"gate-to-gate\", \"cradle-to-cradle\"",
                  true);
    expect_change("cbam.carbon_price.instrument", json_string(""), DPP_ERR_SCHEMA_RANGE,
                  "cbam.carbon_price.instrument: \"\" is not one of", false);
    expect_change("footprint.method", json_string("ISO14067"), DPP_ERR_SCHEMA_RANGE, "\"GB/T 24067\"", false);
    expect_change("footprint.stages[0].stage", json_integer(1), DPP_ERR_SCHEMA_TYPE,
                  "footprint.stages[0].stage: expected a string", true);
}

typedef struct dec_case {
    json_t *(*make)(const char *);
    const char *in;
    int64_t mantissa;
    int exponent;
    const char *out;
} dec_case;

static json_t *mk_str(const char *s) { return json_string(s); }
static json_t *mk_int(const char *s) { return json_integer((json_int_t)strtoll(s, NULL, 10)); }
static json_t *mk_real(const char *s) { return json_real(strtod(s, NULL)); }

static void decimal_forms(void **state)
{
    static const dec_case ok[] = {
        {mk_str, "12.50", 1250, -2, "12.50"},
        {mk_str, "0", 0, 0, "0"},
        {mk_str, "0.000000000000000001", 1, -18, "0.000000000000000001"},
        {mk_str, "999999999999999999", 999999999999999999, 0, "999999999999999999"},
        {mk_str, "-3.5", -35, -1, "-3.5"},
        {mk_int, "12", 12, 0, "12"},
        {mk_int, "-7", -7, 0, "-7"},
        {mk_int, "999999999999999999", 999999999999999999, 0, "999999999999999999"},
        {mk_real, "1.85", 185, -2, "1.85"},
        {mk_real, "0.1", 1, -1, "0.1"},
        {mk_real, "2.50", 25, -1, "2.5"},
        {mk_real, "1e-7", 1, -7, "0.0000001"},
        {mk_real, "2000.0", 2000, 0, "2000"},
        {mk_real, "-0.0", 0, 0, "0"},
        {mk_real, "-12.75", -1275, -2, "-12.75"},
        {mk_real, "0.30000000000000004", 30000000000000004, -17, "0.30000000000000004"},
        {mk_real, "123456.789", 123456789, -3, "123456.789"},
        {mk_real, "1e17", 100000000000000000, 0, "100000000000000000"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        dpp_passport *p = parse_change("footprint.stages[0].value", ok[i].make(ok[i].in));
        char *j, pat[80];
        if (p->footprint.stages[0].value.mantissa != ok[i].mantissa ||
            p->footprint.stages[0].value.exponent != ok[i].exponent)
            fail_msg("%s: got %lld e%d", ok[i].in, (long long)p->footprint.stages[0].value.mantissa,
                     p->footprint.stages[0].value.exponent);
        j = to_json(p);
        snprintf(pat, sizeof pat, "\"value\": \"%s\"", ok[i].out);
        if (strstr(j, pat) == NULL) fail_msg("%s: %s not in output", ok[i].in, pat);
        free(j);
        free(p);
    }
    /* the real parsing must agree with the exact string form */
    {
        dpp_passport *p = parse_change("footprint.total", json_real(2390.0));
        assert_int_equal(p->footprint.total.mantissa, 2390);
        assert_int_equal(p->footprint.total.exponent, 0);
        free(p);
    }
    /* errors */
    expect_change("footprint.total", json_true(), DPP_ERR_SCHEMA_TYPE,
                  "footprint.total: expected a decimal string or number", true);
    expect_change("footprint.total", json_null(), DPP_ERR_SCHEMA_TYPE,
                  "footprint.total: expected a decimal string or number", true);
    expect_change("materials[2].mass_fraction", json_pack("[s]", "0.1"), DPP_ERR_SCHEMA_TYPE,
                  "materials[2].mass_fraction: expected a decimal string or number", true);
    expect_change("footprint.total", json_string("1e3"), DPP_ERR_SCHEMA_FORMAT,
                  "footprint.total: \"1e3\" is not a decimal number (expected e.g. \"12.50\")", true);
    expect_change("footprint.total", json_string("-0"), DPP_ERR_SCHEMA_FORMAT, "\"-0\" is not a decimal", false);
    expect_change("footprint.total", json_string(".5"), DPP_ERR_SCHEMA_FORMAT, "\".5\" is not a decimal", false);
    expect_change("footprint.total", json_string(""), DPP_ERR_SCHEMA_FORMAT, "\"\" is not a decimal", false);
    expect_change("footprint.total", json_string(" 1"), DPP_ERR_SCHEMA_FORMAT, "is not a decimal", false);
    expect_change("footprint.total", json_string("0.0000000000000000001"), DPP_ERR_SCHEMA_RANGE,
                  "footprint.total: 0.0000000000000000001 is out of range", false);
    expect_change("footprint.total", json_string("1000000000000000000"), DPP_ERR_SCHEMA_RANGE,
                  "1000000000000000000 is out of range", false);
    expect_change("footprint.total", json_integer(1000000000000000000LL), DPP_ERR_SCHEMA_RANGE,
                  "footprint.total: 1000000000000000000 is out of range", false);
    expect_change("footprint.total", json_real(1e20), DPP_ERR_SCHEMA_RANGE,
                  "footprint.total: 100000000000000000000 is out of range", false);
    expect_change("footprint.total", json_real(1e21), DPP_ERR_SCHEMA_RANGE,
                  "footprint.total: 1e+21 is out of the decimal range", false);
    expect_change("footprint.total", json_real(1e300), DPP_ERR_SCHEMA_RANGE, "is out of the decimal range", false);
    expect_change("footprint.total", json_real(1e-19), DPP_ERR_SCHEMA_RANGE, "0.0000000000000000001 is out of range",
                  false);
    expect_change("footprint.total", json_real(1e-300), DPP_ERR_SCHEMA_RANGE, "is out of the decimal range", false);
}

static void uuid_and_gtin(void **state)
{
    dpp_passport *p;
    (void)state;
    /* GTIN-8, -12, -13 and -14 all become 14 digits */
    p = parse_change("gtin", json_string("96385074"));
    assert_string_equal(p->gtin, "00000096385074");
    free(p);
    p = parse_change("gtin", json_string("036000291452"));
    assert_string_equal(p->gtin, "00036000291452");
    free(p);
    p = parse_change("gtin", json_string("4006381333931"));
    assert_string_equal(p->gtin, "04006381333931");
    free(p);
    p = parse_change("gtin", json_string("10614141000415"));
    assert_string_equal(p->gtin, "10614141000415");
    free(p);
    expect_change("gtin", json_string("400638133393"), DPP_ERR_SCHEMA_CHECK_DIGIT, "gtin: check digit", false);
    expect_change("gtin", json_string("123456789"), DPP_ERR_SCHEMA_FORMAT,
                  "gtin: \"123456789\" is not a GTIN (expected 8, 12, 13 or 14 digits)", true);
    expect_change("gtin", json_string("400638133393A"), DPP_ERR_SCHEMA_FORMAT, "is not a GTIN", false);
    expect_change("gtin", json_string("040063813339310"), DPP_ERR_SCHEMA_FORMAT, "is not a GTIN", false);
    expect_change("gtin", json_integer(4006381333931LL), DPP_ERR_SCHEMA_TYPE, "gtin: expected a string of digits",
                  true);
    /* UUIDs: either case in, lower case out */
    p = parse_change("id", json_string("ABCDEF01-2345-6789-ABCD-EF0123456789"));
    assert_int_equal(p->id[0], 0xAB);
    assert_int_equal(p->id[15], 0x89);
    {
        char *j = to_json(p);
        assert_non_null(strstr(j, "\"id\": \"abcdef01-2345-6789-abcd-ef0123456789\""));
        free(j);
    }
    free(p);
    expect_change("id", json_string("abcdef0123456789abcdef0123456789"), DPP_ERR_SCHEMA_FORMAT,
                  "id: \"abcdef0123456789abcdef0123456789\" is not a UUID (expected 8-4-4-4-12 hexadecimal digits)",
                  true);
    expect_change("id", json_string("abcdef01-2345-6789-abcd-ef012345678g"), DPP_ERR_SCHEMA_FORMAT,
                  "is not a UUID", false);
    expect_change("id", json_string("{abcdef01-2345-6789-abcd-ef0123456789}"), DPP_ERR_SCHEMA_FORMAT,
                  "is not a UUID", false);
    expect_change("id", json_string("00000000-0000-0000-0000-000000000000"), DPP_ERR_SCHEMA_MISSING, "id: missing",
                  false);
    expect_change("id", json_integer(1), DPP_ERR_SCHEMA_TYPE, "id: expected a UUID string", true);
}

static void dates_and_bools(void **state)
{
    dpp_passport *p;
    (void)state;
    p = parse_change("production_date", json_string("2024-02-29"));
    assert_int_equal(p->production_date, 19782);
    free(p);
    expect_change("production_date", json_string("2023-02-29"), DPP_ERR_SCHEMA_FORMAT,
                  "production_date: \"2023-02-29\" is not a valid date (YYYY-MM-DD, years 1970 to 9999)", true);
    expect_change("production_date", json_string("1969-12-31"), DPP_ERR_SCHEMA_RANGE,
                  "production_date: \"1969-12-31\" is not a valid date", false);
    expect_change("certifications[1].valid_until", json_string("2024-1-01"), DPP_ERR_SCHEMA_FORMAT,
                  "certifications[1].valid_until: \"2024-1-01\" is not a valid date", false);
    expect_change("footprint.period_end", json_integer(20240101), DPP_ERR_SCHEMA_TYPE,
                  "footprint.period_end: expected a date string \"YYYY-MM-DD\"", true);
    /* a validator rule after conversion: the period must not end before it starts */
    expect_change("footprint.period_end", json_string("2023-12-31"), DPP_ERR_SCHEMA_RANGE,
                  "footprint.period_end", false);
    p = parse_change("materials[3].hazardous", json_false());
    assert_false(p->materials[3].hazardous);
    free(p);
    p = parse_change("materials[3].hazardous", json_true());
    assert_true(p->materials[3].hazardous);
    free(p);
    expect_change("materials[3].hazardous", json_string("yes"), DPP_ERR_SCHEMA_TYPE,
                  "materials[3].hazardous: expected true or false", true);
    expect_change("materials[3].hazardous", json_integer(1), DPP_ERR_SCHEMA_TYPE, "expected true or false", false);
}

static void chinese_text(void **state)
{
    /* 钢 is 3 bytes: 32 fit the 96-byte name exactly, 33 do not */
    char name[33 * 3 + 1] = "";
    dpp_passport *p;
    char *j;
    (void)state;
    for (int i = 0; i < 32; i++) strcat(name, "\xe9\x92\xa2");
    p = parse_change("name", json_string(name));
    assert_string_equal(p->name, name);
    j = to_json(p);
    assert_non_null(strstr(j, name));
    free(j);
    free(p);
    strcat(name, "\xe9\x92\xa2");
    expect_change("name", json_string(name), DPP_ERR_SCHEMA_RANGE,
                  "name: 99 bytes is longer than the limit of 96 bytes", true);
    /* \u escapes in the input are decoded to UTF-8 */
    {
        const char *x = "{\"id\":\"3f6c2a9e-8b1d-4c57-9e2a-71d04b5f8c13\",\"gtin\":\"06901234567892\","
                        "\"name\":\"\\u70ed\\u8f67\",\"manufacturer\":{\"name\":\"\\u6d25\",\"country\":\"CN\"}}";
        dpp_passport *q = new_passport();
        dpp_diag d;
        assert_int_equal(parse(x, q, &d), DPP_OK);
        assert_string_equal(q->name, "\xe7\x83\xad\xe8\xbd\xa7"); /* 热轧 */
        j = to_json(q);
        assert_non_null(strstr(j, "\"name\": \"\xe7\x83\xad\xe8\xbd\xa7\""));
        free(j);
        free(q);
    }
    /* control characters are the validator's business */
    expect_change("manufacturer.name", json_string("Jinding\tSteel"), DPP_ERR_SCHEMA_FORMAT, "manufacturer.name",
                  false);
}

/* ------------------------------------------------------------------------ */
/* extensions                                                               */
/* ------------------------------------------------------------------------ */

static void extensions_round_trip(void **state)
{
    /* keys: "b" (1 byte) < "aa" < "zz" < "long" (shorter first, then bytewise) */
    json_t *ext = json_pack("{s:i, s:[i,i,s,b,b,n,{s:{s:[]}}], s:{s:i,s:i}, s:I, s:I}", "zz", 1, "b", 1, -2, "x", 1,
                            0, "y", "k", "aa", "c", 2, "bb", 3, "long", (json_int_t)INT64_MAX, "min",
                            (json_int_t)INT64_MIN);
    static const uint8_t want[] = {
        0xA5,                                                             /* map(5) */
        0x61, 'b', 0x87, 0x01, 0x21, 0x61, 'x', 0xF5, 0xF4, 0xF6,         /* "b": [1,-2,"x",true,false,null, */
        0xA1, 0x61, 'y', 0xA1, 0x61, 'k', 0x80,                           /*       {"y":{"k":[]}}] */
        0x62, 'a', 'a', 0xA2, 0x61, 'c', 0x02, 0x62, 'b', 'b', 0x03,       /* "aa": {"c":2,"bb":3} */
        0x62, 'z', 'z', 0x01,                                             /* "zz": 1 */
        0x63, 'm', 'i', 'n', 0x3B, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, /* "min": INT64_MIN */
        0x64, 'l', 'o', 'n', 'g', 0x1B, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, /* "long": INT64_MAX */
    };
    dpp_passport *p, *q = new_passport();
    dpp_diag d;
    char *j;
    const char *b, *aa, *zz, *mn, *lg;
    (void)state;
    assert_non_null(ext);
    p = parse_change("extensions", ext);
    assert_int_equal(p->ext_len, sizeof want);
    assert_memory_equal(p->ext, want, sizeof want);
    j = to_json(p);
    b = strstr(j, "\"b\": [");
    aa = strstr(j, "\"aa\": {");
    zz = strstr(j, "\"zz\": 1");
    mn = strstr(j, "\"min\": -9223372036854775808");
    lg = strstr(j, "\"long\": 9223372036854775807");
    assert_true(b != NULL && aa != NULL && zz != NULL && mn != NULL && lg != NULL);
    assert_true(b < aa && aa < zz && zz < mn && mn < lg);
    assert_non_null(strstr(j, "\"c\": 2,\n      \"bb\": 3"));
    assert_int_equal(parse(j, q, &d), DPP_OK);
    assert_memory_equal(p, q, sizeof *p);
    free(j);
    free(p);
    free(q);
}

static void extensions_limits(void **state)
{
    dpp_passport *p;
    json_t *big;
    char key[8];
    (void)state;
    /* 4 levels of containers below "extensions" are allowed, 5 are not */
    p = parse_change("extensions", json_pack("{s:[[[[i]]]]}", "a", 1));
    assert_int_equal(p->ext_len, 8);
    free(p);
    p = parse_change("extensions", json_pack("{s:{s:{s:{s:{}}}}}", "a", "b", "c", "d"));
    free(p);
    expect_change("extensions", json_pack("{s:[[[[[i]]]]]}", "a", 1), DPP_ERR_SCHEMA_RANGE,
                  "extensions.a[0][0][0][0]: nested deeper than 4 levels below \"extensions\"", true);
    expect_change("extensions", json_pack("{s:{s:{s:{s:{s:{}}}}}}", "a", "b", "c", "d", "e"), DPP_ERR_SCHEMA_RANGE,
                  "extensions.a.b.c.d.e: nested deeper than 4 levels", false);
    /* non-integer numbers */
    expect_change("extensions", json_pack("{s:{s:f}}", "a", "ratio", 0.25), DPP_ERR_SCHEMA_TYPE,
                  "extensions.a.ratio: non-integer numbers are not allowed in extensions; write it as a string, "
                  "e.g. \"0.25\"",
                  true);
    expect_change("extensions", json_pack("{s:[i,f]}", "a", 1, 1e300), DPP_ERR_SCHEMA_TYPE,
                  "extensions.a[1]: non-integer numbers are not allowed in extensions; write it as a string", true);
    /* shape */
    expect_change("extensions", json_object(), DPP_ERR_SCHEMA_RANGE,
                  "extensions: empty object; omit the member if there are no extensions", true);
    expect_change("extensions", json_pack("[i]", 1), DPP_ERR_SCHEMA_TYPE, "extensions: expected an object", true);
    expect_change("extensions", json_string("x"), DPP_ERR_SCHEMA_TYPE, "extensions: expected an object", true);
    /* size: just over 1024 encoded bytes */
    big = json_object();
    {
        char val[1100];
        memset(val, 'v', sizeof val);
        val[1014] = '\0'; /* A1 61 'k' 79 03 F6 + 1014 bytes = 1020 */
        assert_int_equal(json_object_set_new(big, "k", json_string(val)), 0);
        p = parse_change("extensions", json_deep_copy(big));
        assert_int_equal(p->ext_len, 1020);
        free(p);
        val[1014] = 'v';
        val[1019] = '\0'; /* 1025 */
        assert_int_equal(json_object_set_new(big, "k", json_string(val)), 0);
        expect_change("extensions", big, DPP_ERR_SCHEMA_RANGE,
                      "extensions: the encoded extensions exceed the limit of 1024 bytes", true);
    }
    /* many members: bounded before sorting */
    big = json_object();
    for (int i = 0; i < 600; i++) {
        snprintf(key, sizeof key, "k%d", i);
        json_object_set_new(big, key, json_null());
    }
    expect_change("extensions", big, DPP_ERR_SCHEMA_RANGE, "600 members", false);
    big = json_array();
    for (int i = 0; i < 1100; i++) json_array_append_new(big, json_null());
    expect_change("extensions", json_pack("{s:o}", "a", big), DPP_ERR_SCHEMA_RANGE, "extensions.a: 1100 entries",
                  false);
    /* 33 top-level keys encode fine but break the map's rules (validator) */
    big = json_object();
    for (int i = 0; i < 33; i++) {
        snprintf(key, sizeof key, "k%d", i);
        json_object_set_new(big, key, json_true());
    }
    expect_change("extensions", big, DPP_ERR_SCHEMA_RANGE, "extensions", false);
    /* keys: empty, and longer than 64 bytes at the top (validator) */
    expect_change("extensions", json_pack("{s:i}", "", 1), DPP_ERR_SCHEMA_RANGE, "extensions", false);
}

/* ------------------------------------------------------------------------ */
/* errors at every level                                                    */
/* ------------------------------------------------------------------------ */

static void unknown_member_everywhere(void **state)
{
    const char *objects[] = {"",
                             "manufacturer",
                             "manufacturer.operator_id",
                             "facility",
                             "facility.id",
                             "materials[1]",
                             "footprint",
                             "footprint.stages[3]",
                             "certifications[1]",
                             "cbam",
                             "cbam.carbon_price",
                             "cbam.installation",
                             "cbam.installation.coordinates",
                             "cbam.installation.operator_id",
                             "cbam.period",
                             "cbam.electricity",
                             "cbam.precursors[0]",
                             "cbam.verifier"};
    (void)state;
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        char path[80], msg[100];
        snprintf(path, sizeof path, "%s%scolour", objects[i], objects[i][0] ? "." : "");
        snprintf(msg, sizeof msg, "%s: unknown field", path);
        expect_change(path, json_string("red"), DPP_ERR_SCHEMA_UNKNOWN_FIELD, msg, true);
    }
    /* names are case-sensitive; the first unknown member in document order is named */
    expect_change("Name", json_string("x"), DPP_ERR_SCHEMA_UNKNOWN_FIELD, "Name: unknown field", true);
    /* control characters in a member name are not echoed: escaped (dpp_diag_quote) */
    expect_change("materials[0].a\nb", json_true(), DPP_ERR_SCHEMA_UNKNOWN_FIELD,
                  "materials[0].a\\x0ab: unknown field", true);
    /* long names are shortened */
    expect_change("cbam.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", json_true(),
                  DPP_ERR_SCHEMA_UNKNOWN_FIELD, "cbam.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...: unknown field", true);
}

static void missing_member_everywhere(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_MEMBERS; i++) {
        char path[80], msg[100];
        if (!k_members[i].required) continue;
        concrete(k_members[i].path, path, sizeof path);
        snprintf(msg, sizeof msg, "%s: missing", path);
        expect_change(path, NULL, DPP_ERR_SCHEMA_MISSING, msg, true);
    }
}

static void wrong_type_everywhere(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_MEMBERS; i++) {
        char path[80], msg[120];
        json_t *v = NULL;
        const char *what = "";
        const member *m = &k_members[i];
        concrete(m->path, path, sizeof path);
        switch (m->k) {
        case K_ID: v = json_integer(7); what = "a UUID string"; break;
        case K_GTIN: v = json_real(1.5); what = "a string of digits"; break;
        case K_TEXT: v = json_integer(7); what = "a string"; break;
        case K_DEC: v = json_false(); what = "a decimal string or number"; break;
        case K_DATE: v = json_null(); what = "a date string \"YYYY-MM-DD\""; break;
        case K_ENUM: v = json_object(); what = "a string"; break;
        case K_BOOL: v = json_string("true"); what = "true or false"; break;
        case K_OBJ:
        case K_EXT: v = json_array(); what = "an object"; break;
        case K_ARR: v = json_object(); what = "an array"; break;
        default: fail();
        }
        snprintf(msg, sizeof msg, "%s: expected %s", path, what);
        expect_change(path, v, DPP_ERR_SCHEMA_TYPE, msg, true);
    }
    /* array elements that are not objects */
    expect_change("materials[4]", json_string("Carbon"), DPP_ERR_SCHEMA_TYPE, "materials[4]: expected an object",
                  true);
    expect_change("footprint.stages[2]", json_null(), DPP_ERR_SCHEMA_TYPE, "footprint.stages[2]: expected an object",
                  true);
    expect_change("certifications[0]", json_pack("[]"), DPP_ERR_SCHEMA_TYPE, "certifications[0]: expected an object",
                  true);
}

static void text_lengths_everywhere(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_MEMBERS; i++) {
        char path[80], msg[160], *val;
        const member *m = &k_members[i];
        if (m->k != K_TEXT) continue;
        concrete(m->path, path, sizeof path);
        val = malloc(m->cap + 2);
        assert_non_null(val);
        memset(val, 'A', m->cap + 1);
        val[m->cap + 1] = '\0';
        snprintf(msg, sizeof msg, "%s: %zu bytes is longer than the limit of %zu bytes", path, m->cap + 1, m->cap);
        expect_change(path, json_string(val), DPP_ERR_SCHEMA_RANGE, msg, true);
        free(val);
        snprintf(msg, sizeof msg, "%s: empty string", path);
        expect_change(path, json_string(""), DPP_ERR_SCHEMA_RANGE, msg, false);
    }
    /* exactly at the limit is accepted (a 96-byte product name) */
    {
        char val[DPP_MAX_NAME + 1];
        dpp_passport *p;
        memset(val, 'n', DPP_MAX_NAME);
        val[DPP_MAX_NAME] = '\0';
        p = parse_change("materials[2].name", json_string(val));
        assert_string_equal(p->materials[2].name, val);
        free(p);
    }
    expect_change("batch", json_string(""), DPP_ERR_SCHEMA_RANGE,
                  "batch: empty string (1 to 20 bytes); omit the member if there is no value", true);
    expect_change("name", json_string(""), DPP_ERR_SCHEMA_RANGE, "name: empty string; 1 to 96 bytes are required",
                  true);
}

static void list_lengths(void **state)
{
    json_t *doc, *arr;
    dpp_passport *p = new_passport();
    dpp_diag d;
    (void)state;
    /* 16 materials are fine, 17 are not */
    doc = full_doc();
    arr = json_object_get(doc, "materials");
    while (json_array_size(arr) > 1) json_array_remove(arr, 1);
    set_path(doc, "materials[0].mass_fraction", json_string("0.05"));
    for (int i = 1; i < DPP_MAX_MATERIALS; i++) json_array_append_new(arr, json_pack("{s:s,s:s}", "name", "M", "mass_fraction", "0.05"));
    if (parse_doc(doc, p, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_int_equal(p->n_materials, DPP_MAX_MATERIALS);
    json_array_append_new(arr, json_pack("{s:s,s:s}", "name", "M", "mass_fraction", "0.05"));
    assert_int_equal(parse_doc(doc, p, &d), DPP_ERR_SCHEMA_RANGE);
    assert_string_equal(d.msg, "materials: 17 entries; the limit is 16");
    json_decref(doc);
    /* 7 stages, 9 certifications */
    arr = json_array();
    for (int i = 0; i < 7; i++) json_array_append_new(arr, json_pack("{s:s,s:s}", "stage", "use", "value", "1"));
    expect_change("footprint.stages", arr, DPP_ERR_SCHEMA_RANGE, "footprint.stages: 7 entries; the limit is 5", true);
    arr = json_array();
    for (int i = 0; i < 9; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "scheme", "S", "certificate_id", "C", "issuer", "I"));
    expect_change("certifications", arr, DPP_ERR_SCHEMA_RANGE, "certifications: 9 entries; the limit is 8", true);
    /* empty lists */
    expect_change("materials", json_array(), DPP_ERR_SCHEMA_RANGE,
                  "materials: empty array (1 to 16 entries); omit the member if there are none", true);
    expect_change("footprint.stages", json_array(), DPP_ERR_SCHEMA_RANGE, "footprint.stages: empty array", false);
    expect_change("certifications", json_array(), DPP_ERR_SCHEMA_RANGE, "certifications: empty array", false);
    free(p);
}

/* The CBAM block's communication template data (issue 18): every rule with
 * its path and limit, and the round trip JSON -> CBOR -> JSON. */
static void cbam_template_rules(void **state)
{
    json_t *doc, *arr;
    dpp_passport *p = new_passport(), *q = new_passport();
    dpp_diag d;
    uint8_t cbor[DPP_MAX_COSE_LEN];
    size_t n, jl;
    char *j1, *j2;
    (void)state;
    expect_change("cbam.installation.coordinates.latitude", json_string("90.5"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.installation.coordinates.latitude: 90.5 is out of range -90..90", true);
    expect_change("cbam.installation.coordinates.longitude", json_string("-180.01"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.installation.coordinates.longitude: -180.01 is out of range -180..180", true);
    expect_change("cbam.installation.unlocode", json_string("DEHAM"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.installation.unlocode: \"DEHAM\" is not in the installation's country CN", true);
    expect_change("cbam.installation.unlocode", json_string("CN AB"), DPP_ERR_SCHEMA_FORMAT,
                  "cbam.installation.unlocode: \"CN AB\" is not a UN/LOCODE (country code and 3 letters or digits "
                  "2-9, no space)",
                  true);
    expect_change("cbam.installation.country", json_string("XK"), DPP_ERR_SCHEMA_FORMAT,
                  "cbam.installation.country: \"XK\" is not an ISO 3166-1 alpha-2 code", true);
    expect_change("cbam.see_unit", json_string("kgCO2e/t"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.see_unit: \"kgCO2e/t\" is not one of \"tCO2e/t\", \"tCO2e/MWh\"", true);
    expect_change("cbam.see_total", json_string("2.123456"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.see_total: 2.123456 has more than 5 decimal places", true);
    expect_change("cbam.default_share", json_string("1.2"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.default_share: 1.2 is out of range 0..1", true);
    expect_change("cbam.electricity.consumed", json_string("-0.1"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.electricity.consumed: -0.1 is negative, must be >= 0", true);
    expect_change("cbam.electricity.emission_factor", json_string("-1"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.electricity.emission_factor: -1 is negative, must be >= 0", true);
    expect_change("cbam.period.end", json_string("2023-12-31"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.period.end: 2023-12-31 is before start 2024-01-01", true);
    expect_change("cbam.precursors[0].cn_code", json_string("7201101A"), DPP_ERR_SCHEMA_FORMAT,
                  "cbam.precursors[0].cn_code: \"7201101A\" must be 8 digits", true);
    expect_change("cbam.precursors[0].quantity", json_string("0"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.precursors[0].quantity: 0 must be greater than 0", true);
    expect_change("cbam.precursors[0].see_direct", json_string("1.000001"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.precursors[0].see_direct: 1.000001 has more than 5 decimal places", true);
    expect_change("cbam.precursors[0].see_indirect", json_string("-0.5"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.precursors[0].see_indirect: -0.5 is negative, must be >= 0", true);
    expect_change("cbam.carbon_price.rebate", json_string("-2"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.carbon_price.rebate: -2 is negative, must be >= 0", true);
    expect_change("cbam.carbon_price.effective", json_string("-0.01"), DPP_ERR_SCHEMA_RANGE,
                  "cbam.carbon_price.effective: -0.01 is negative, must be >= 0", true);
    expect_change("cbam.carbon_price.rebate", NULL, DPP_ERR_SCHEMA_MISSING,
                  "cbam.carbon_price.rebate: missing (required with rebate_type)", true);
    expect_change("cbam.verifier.accreditation_state", json_string("EU"), DPP_ERR_SCHEMA_FORMAT,
                  "cbam.verifier.accreditation_state: \"EU\" is not an ISO 3166-1 alpha-2 code", true);
    /* 6 precursors are fine, 7 are not */
    doc = full_doc();
    arr = json_object_get(json_object_get(doc, "cbam"), "precursors");
    for (int i = 1; i < DPP_MAX_PRECURSORS; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s}", "cn_code", "26011200", "see_direct", "0.2"));
    if (parse_doc(doc, p, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_int_equal(p->cbam.n_precursors, DPP_MAX_PRECURSORS);
    json_array_append_new(arr, json_pack("{s:s,s:s}", "cn_code", "26011200", "see_direct", "0.2"));
    assert_int_equal(parse_doc(doc, p, &d), DPP_ERR_SCHEMA_RANGE);
    assert_string_equal(d.msg, "cbam.precursors: 7 entries; the limit is 6");
    assert_string_equal(d.path, "cbam.precursors");
    json_decref(doc);
    /* every new member survives JSON -> struct -> CBOR -> struct -> JSON */
    doc = full_doc();
    if (parse_doc(doc, p, &d) != DPP_OK) fail_msg("%s", d.msg);
    json_decref(doc);
    assert_true(p->cbam.has_installation && p->cbam.installation.has_coordinates && p->cbam.has_period &&
                p->cbam.has_see_total && p->cbam.has_default_share && p->cbam.has_electricity &&
                p->cbam.has_electricity_ef && p->cbam.has_price_covered && p->cbam.has_rebate &&
                p->cbam.has_rebate_covered && p->cbam.has_effective_price && p->cbam.has_verifier);
    assert_string_equal(p->cbam.installation.unlocode, "CNTGS");
    assert_string_equal(p->cbam.installation.operator_id.scheme, "USCC");
    assert_int_equal(p->cbam.installation.latitude.mantissa, 396309);
    assert_int_equal(p->cbam.installation.latitude.exponent, -4);
    assert_string_equal(p->cbam.see_unit, "tCO2e/t");
    assert_string_equal(p->cbam.precursors[0].cn_code, "72011011");
    assert_string_equal(p->cbam.rebate_type, "Tax deduction");
    assert_string_equal(p->cbam.verifier.accreditation_id, "D-VS-12345-01-00");
    assert_int_equal(dpp_passport_to_cbor(p, cbor, sizeof cbor, &n, &d), DPP_OK);
    assert_int_equal(dpp_passport_from_cbor(cbor, n, q, &d), DPP_OK);
    assert_memory_equal(p, q, sizeof *p);
    j1 = to_json(p);
    j2 = to_json(q);
    assert_string_equal(j1, j2);
    jl = strlen(j1);
    assert_int_equal(dpp_passport_from_json(j1, jl, q, &d), DPP_OK);
    assert_memory_equal(p, q, sizeof *p);
    free(j1);
    free(j2);
    /* the label's passport keeps the QR fields only, and stays valid */
    {
        size_t n_qr;
        assert_int_equal(dpp_passport_cbam_qr(p, q), DPP_OK);
        assert_false(q->cbam.has_installation || q->cbam.has_electricity || q->cbam.has_verifier ||
                     q->cbam.has_rebate || q->cbam.has_price_covered || q->cbam.has_rebate_covered);
        assert_int_equal(q->cbam.n_precursors, 0);
        assert_string_equal(q->cbam.process, "");
        assert_true(q->cbam.has_period && q->cbam.has_see_total && q->cbam.has_default_share &&
                    q->cbam.has_effective_price && q->cbam.has_carbon_price);
        assert_string_equal(q->cbam.see_unit, "tCO2e/t");
        assert_int_equal(dpp_passport_to_cbor(q, cbor, sizeof cbor, &n_qr, &d), DPP_OK);
        assert_true(n_qr + 300 < n);
        assert_int_equal(dpp_passport_cbam_qr(q, q), DPP_OK); /* in place, idempotent */
        assert_int_equal(dpp_passport_cbam_qr(NULL, q), DPP_ERR_INVALID_ARG);
    }
    free(p);
    free(q);
}

/* Validation happens after conversion; its failure also zeroes out. */
static void validator_runs(void **state)
{
    (void)state;
    expect_change("materials[0].mass_fraction", json_string("0.9"), DPP_ERR_SCHEMA_RANGE,
                  "materials: mass fractions sum to", false);
    expect_change("materials[0].cas", json_string("7439-89-5"), DPP_ERR_SCHEMA_CHECK_DIGIT, "materials[0].cas", false);
    expect_change("manufacturer.country", json_string("XX"), DPP_ERR_SCHEMA_FORMAT, "manufacturer.country", false);
    expect_change("cbam.cn_code", json_string("7208390"), DPP_ERR_SCHEMA_FORMAT, "cbam.cn_code", false);
    expect_change("footprint.stages[1].stage", json_string("raw-materials"), DPP_ERR_SCHEMA_RANGE,
                  "footprint.stages[1].stage", false);
}

/* ------------------------------------------------------------------------ */
/* every problem, in document order (dpp_passport_from_json_all)            */
/* ------------------------------------------------------------------------ */

typedef struct want_diag {
    dpp_err err;
    const char *msg;
} want_diag;

/* from_json_all into items[cap]; checks the list contract and, when want is
 * not NULL, that the list holds exactly want[0, n_want) (n_want <= cap). */
static dpp_err parse_all(const char *text, dpp_diag *items, size_t cap, dpp_diag_list *l, const want_diag *want,
                         size_t n_want)
{
    dpp_passport *p = new_passport();
    dpp_err err;
    memset(p, 0xA5, sizeof *p);
    if (items != NULL) memset(items, 0xA5, cap * sizeof *items);
    l->items = items;
    l->cap = cap;
    l->count = 77;
    l->total = 77;
    err = dpp_passport_from_json_all(text, strlen(text), p, l);
    assert_true(l->count <= l->cap);
    assert_true(l->count <= l->total);
    if (err == DPP_OK) {
        assert_int_equal(l->total, 0);
    } else {
        assert_memory_equal(p, &k_zero, sizeof *p);
        assert_true(l->total > 0);
        if (l->count > 0) assert_int_equal(items[0].err, err);
    }
    for (size_t i = 0; i < l->count; i++) {
        if (items[i].err != DPP_ERR_JSON_SYNTAX) assert_true(items[i].offset == SIZE_MAX);
        if (items[i].err != DPP_ERR_JSON_SYNTAX) assert_path_of_msg(&items[i]);
        else assert_string_equal(items[i].path, "");
        if (want != NULL && (i >= n_want || items[i].err != want[i].err || strcmp(items[i].msg, want[i].msg) != 0))
            fail_msg("problem %zu: got %s \"%s\", expected %s \"%s\"", i, dpp_err_name(items[i].err), items[i].msg,
                     i < n_want ? dpp_err_name(want[i].err) : "nothing", i < n_want ? want[i].msg : "");
    }
    if (want != NULL) assert_int_equal(l->count, n_want);
    free(p);
    return err;
}

/* Five problems of five kinds, from both the conversion (unknown member,
 * wrong type, missing member) and the validator (check digit, range). */
static const char k_five[] = "{\n"
                             "  \"id\": \"3f6c2a9e-8b1d-4c57-9e2a-71d04b5f8c13\",\n"
                             "  \"gtin\": \"06948251000019\",\n"
                             "  \"colour\": \"red\",\n"
                             "  \"name\": \"Hot-rolled coil\",\n"
                             "  \"production_date\": 20250314,\n"
                             "  \"manufacturer\": {\"name\": \"Jinding Steel\", \"country\": \"CN\"},\n"
                             "  \"materials\": [\n"
                             "    {\"name\": \"Pig iron\", \"mass_fraction\": \"0.82\"},\n"
                             "    {\"name\": \"Steel scrap\", \"mass_fraction\": \"0.16\", \"recycled_share\": \"1.5\"},\n"
                             "    {\"mass_fraction\": \"0.01\"}\n"
                             "  ]\n"
                             "}\n";
static const want_diag k_five_want[] = {
    {DPP_ERR_SCHEMA_CHECK_DIGIT, "gtin: check digit is 9, expected 8"},
    {DPP_ERR_SCHEMA_UNKNOWN_FIELD, "colour: unknown field"},
    {DPP_ERR_SCHEMA_TYPE, "production_date: expected a date string \"YYYY-MM-DD\""},
    {DPP_ERR_SCHEMA_RANGE, "materials[1].recycled_share: 1.5 is out of range 0..1"},
    {DPP_ERR_SCHEMA_MISSING, "materials[2].name: missing"},
};

static void all_problems_in_document_order(void **state)
{
    dpp_diag items[DPP_DIAG_LIST_CAP];
    dpp_diag_list l;
    dpp_passport *p = new_passport();
    dpp_diag d;
    (void)state;
    assert_int_equal(parse_all(k_five, items, DPP_DIAG_LIST_CAP, &l, k_five_want, 5), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_int_equal(l.total, 5);

    /* The one-problem API reports the first in document order (it used to
     * report the unknown member, found before any validation). */
    assert_int_equal(parse(k_five, p, &d), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_string_equal(d.msg, "gtin: check digit is 9, expected 8");
    assert_true(d.offset == SIZE_MAX);

    /* A valid text lists nothing. */
    assert_int_equal(parse_all("{\"id\": \"3f6c2a9e-8b1d-4c57-9e2a-71d04b5f8c13\", \"gtin\": \"06948251000018\", "
                               "\"name\": \"X\", \"manufacturer\": {\"name\": \"Y\", \"country\": \"CN\"}}",
                               items, DPP_DIAG_LIST_CAP, &l, NULL, 0),
                     DPP_OK);
    free(p);
}

/* A short list keeps the first problems in document order and counts all,
 * including problems found after the list was full that belong before its
 * end, and problems that belong after it. */
static void problem_list_cap(void **state)
{
    enum { N_UNKNOWN = 70 };
    dpp_diag items[DPP_DIAG_LIST_CAP];
    want_diag want[DPP_DIAG_LIST_CAP];
    char names[DPP_DIAG_LIST_CAP][32];
    char *text = malloc(4096);
    size_t o = 0;
    dpp_diag_list l;
    (void)state;
    assert_non_null(text);

    assert_int_equal(parse_all(k_five, items, 3, &l, k_five_want, 3), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_int_equal(l.total, 5);
    assert_int_equal(parse_all(k_five, items, 1, &l, k_five_want, 1), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_int_equal(l.total, 5);
    assert_int_equal(parse_all(k_five, NULL, 0, &l, NULL, 0), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_int_equal(l.total, 5);
    assert_int_equal(l.count, 0);
    assert_int_equal(dpp_passport_from_json_all(k_five, strlen(k_five), &(dpp_passport){0}, NULL),
                     DPP_ERR_SCHEMA_CHECK_DIGIT);

    /* The validator's gtin problem comes first, then 63 of the 70 unknown
     * members; the last unknown ones and the bad country after them are
     * counted only. */
    o += (size_t)snprintf(text + o, 4096 - o, "{\"id\": \"3f6c2a9e-8b1d-4c57-9e2a-71d04b5f8c13\", "
                                              "\"gtin\": \"06948251000019\", \"name\": \"X\"");
    for (int i = 0; i < N_UNKNOWN; i++) o += (size_t)snprintf(text + o, 4096 - o, ", \"x%02d\": %d", i, i);
    o += (size_t)snprintf(text + o, 4096 - o, ", \"manufacturer\": {\"name\": \"Y\", \"country\": \"XX\"}}");
    assert_true(o < 4096);
    want[0].err = DPP_ERR_SCHEMA_CHECK_DIGIT;
    want[0].msg = "gtin: check digit is 9, expected 8";
    for (int i = 1; i < DPP_DIAG_LIST_CAP; i++) {
        (void)snprintf(names[i], sizeof names[i], "x%02d: unknown field", i - 1);
        want[i].err = DPP_ERR_SCHEMA_UNKNOWN_FIELD;
        want[i].msg = names[i];
    }
    assert_int_equal(parse_all(text, items, DPP_DIAG_LIST_CAP, &l, want, DPP_DIAG_LIST_CAP),
                     DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_int_equal(l.total, N_UNKNOWN + 2);
    free(text);
}

/* Problems of the validator sit where their member is, among those of the
 * conversion; a missing member is reported at the end of its object; a
 * rule comparing two members at the one it names. */
static void problems_placed_by_member(void **state)
{
    static const char text[] =
        "{\"id\": \"3f6c2a9e-8b1d-4c57-9e2a-71d04b5f8c13\", \"gtin\": \"06948251000018\", \"name\": \"X\","
        " \"manufacturer\": {\"country\": \"XX\", \"operator_id\": {\"value\": \"V\", \"scheme\": \"eori\"}},"
        " \"footprint\": {\"period_end\": \"2024-01-01\", \"total\": \"-1\", \"declared_unit\": \"KGM\","
        " \"boundary\": \"cradle-to-gate\", \"method\": \"PEF\", \"period_start\": \"2024-12-31\","
        " \"verification\": \"self-declared\", \"colour\": 1},"
        " \"extensions\": {\"z\": 1.5, \"a\": [[[[[1]]]]], \"m\": 2.5}}";
    static const want_diag want[] = {
        {DPP_ERR_SCHEMA_FORMAT, "manufacturer.country: \"XX\" is not an ISO 3166-1 alpha-2 code"},
        {DPP_ERR_SCHEMA_FORMAT,
         "manufacturer.operator_id.scheme: \"eori\" is not an identifier scheme ([A-Z0-9-]{1,16})"},
        {DPP_ERR_SCHEMA_MISSING, "manufacturer.name: missing"},
        {DPP_ERR_SCHEMA_RANGE, "footprint.period_end: 2024-01-01 is before period_start 2024-12-31"},
        {DPP_ERR_SCHEMA_RANGE, "footprint.total: -1 is negative, must be >= 0"},
        {DPP_ERR_SCHEMA_UNKNOWN_FIELD, "footprint.colour: unknown field"},
        {DPP_ERR_SCHEMA_TYPE,
         "extensions.z: non-integer numbers are not allowed in extensions; write it as a string, e.g. \"1.5\""},
        {DPP_ERR_SCHEMA_RANGE, "extensions.a[0][0][0][0]: nested deeper than 4 levels below \"extensions\""},
        {DPP_ERR_SCHEMA_TYPE,
         "extensions.m: non-integer numbers are not allowed in extensions; write it as a string, e.g. \"2.5\""},
    };
    dpp_diag items[DPP_DIAG_LIST_CAP];
    dpp_diag_list l;
    (void)state;
    assert_int_equal(parse_all(text, items, DPP_DIAG_LIST_CAP, &l, want, sizeof want / sizeof want[0]),
                     DPP_ERR_SCHEMA_FORMAT);
    assert_int_equal(l.total, sizeof want / sizeof want[0]);
}

/* A problem that only follows from another is not listed: the members of a
 * value of the wrong type, a member the conversion already found missing,
 * a rule needing a rejected value. */
static void consequences_not_listed(void **state)
{
    static const char text[] =
        "{\"gtin\": \"06948251000018\", \"name\": \"X\", \"manufacturer\": \"Jinding\","
        " \"materials\": [{\"name\": \"A\", \"mass\": \"heavy\", \"mass_unit\": \"KGM\"}, 7,"
        " {\"name\": \"B\", \"mass_unit\": \"KGM\"}],"
        " \"footprint\": {\"total\": \"1\", \"declared_unit\": \"KGM\", \"boundary\": \"cradle-to-gate\","
        " \"method\": \"PEF\", \"period_start\": \"2024-01-01\", \"period_end\": \"1024-01-01\","
        " \"verification\": \"self-declared\"},"
        " \"certifications\": [{\"scheme\": \"ISO 14001\", \"certificate_id\": \"C\", \"issuer\": \"I\","
        " \"valid_from\": \"2024-02-30\", \"valid_until\": \"2023-01-01\"}]}";
    static const want_diag want[] = {
        {DPP_ERR_SCHEMA_TYPE, "manufacturer: expected an object"},
        {DPP_ERR_SCHEMA_FORMAT, "materials[0].mass: \"heavy\" is not a decimal number (expected e.g. \"12.50\")"},
        {DPP_ERR_SCHEMA_TYPE, "materials[1]: expected an object"},
        /* real problems of the kinds left out above */
        {DPP_ERR_SCHEMA_MISSING, "materials[2].mass_fraction: missing (mass_fraction or mass is required)"},
        {DPP_ERR_SCHEMA_MISSING, "materials[2].mass: missing (required with mass_unit)"},
        {DPP_ERR_SCHEMA_RANGE,
         "footprint.period_end: \"1024-01-01\" is not a valid date (YYYY-MM-DD, years 1970 to 9999)"},
        {DPP_ERR_SCHEMA_FORMAT,
         "certifications[0].valid_from: \"2024-02-30\" is not a valid date (YYYY-MM-DD, years 1970 to 9999)"},
        {DPP_ERR_SCHEMA_MISSING, "id: missing"},
    };
    dpp_diag items[DPP_DIAG_LIST_CAP];
    dpp_diag_list l;
    (void)state;
    assert_int_equal(parse_all(text, items, DPP_DIAG_LIST_CAP, &l, want, sizeof want / sizeof want[0]),
                     DPP_ERR_SCHEMA_TYPE);
    assert_int_equal(l.total, sizeof want / sizeof want[0]);
}

/* Problems that stop everything are listed alone, with their offset. */
static void only_problem_listed(void **state)
{
    dpp_diag items[4];
    dpp_diag_list l;
    (void)state;
    assert_int_equal(parse_all("{\"name\": 1,, \"x\": 2}", items, 4, &l, NULL, 0), DPP_ERR_JSON_SYNTAX);
    assert_int_equal(l.count, 1);
    assert_int_equal(l.total, 1);
    assert_int_equal(items[0].offset, 12);
    assert_int_equal(parse_all("[1, 2]", items, 4, &l, NULL, 0), DPP_ERR_SCHEMA_TYPE);
    assert_int_equal(l.total, 1);
    assert_string_equal(items[0].msg, "passport: expected an object");
    l.items = NULL;
    l.cap = 1;
    assert_int_equal(dpp_passport_from_json_all("{}", 2, &(dpp_passport){0}, &l), DPP_ERR_INVALID_ARG);
    l.items = items;
    assert_int_equal(dpp_passport_from_json_all(NULL, 2, &(dpp_passport){0}, &l), DPP_ERR_INVALID_ARG);
    assert_int_equal(l.count, 1);
    assert_int_equal(l.total, 1);
}

/* ------------------------------------------------------------------------ */
/* syntax, garbage, sizes                                                   */
/* ------------------------------------------------------------------------ */

static void expect_text(const char *text, size_t len, dpp_err err, const char *msg_part)
{
    dpp_passport *p = new_passport();
    dpp_diag d;
    dpp_err got;
    memset(p, 0x5A, sizeof *p);
    got = dpp_passport_from_json(text, len, p, &d);
    if (got != err || strstr(d.msg, msg_part) == NULL)
        fail_msg("got %s \"%s\", expected %s \"%s\"", dpp_err_name(got), d.msg, dpp_err_name(err), msg_part);
    assert_int_equal(d.err, err);
    assert_memory_equal(p, &k_zero, sizeof *p);
    free(p);
}

static void syntax_errors(void **state)
{
    static const char nul_raw[] = "{\"name\":\"a\0b\"}";
    dpp_passport *p = new_passport();
    dpp_diag d;
    const char *text;
    (void)state;

    text = "{\n  \"id\": tru\n}";
    assert_int_equal(dpp_passport_from_json(text, strlen(text), p, &d), DPP_ERR_JSON_SYNTAX);
    assert_string_equal(d.msg, "JSON syntax error: invalid token near 'tru'");
    assert_int_equal(d.offset, 13); /* jansson's byte position */
    assert_int_equal(d.line, 2);    /* where, as data (jansson's line and column) */
    assert_int_equal(d.column, 11);
    assert_string_equal(d.path, "");
    /* a later problem of another kind clears the position */
    text = "{}";
    assert_int_equal(dpp_passport_from_json(text, strlen(text), p, &d), DPP_ERR_SCHEMA_MISSING);
    assert_int_equal(d.line, 0);
    assert_int_equal(d.column, 0);

    expect_text("{\"name\":\"a\",\"name\":\"b\"}", 23, DPP_ERR_JSON_SYNTAX, "duplicate object key near '\"name\"'");
    expect_text("{\"materials\":[{\"name\":\"a\",\"name\":\"b\"}]}", 39, DPP_ERR_JSON_SYNTAX,
                "duplicate object key");
    expect_text("{\"name\":\"a\\u0000b\"}", 19, DPP_ERR_JSON_SYNTAX, "\\u0000 is not allowed");
    expect_text(nul_raw, sizeof nul_raw - 1, DPP_ERR_JSON_SYNTAX, "control character 0x0");
    expect_text("", 0, DPP_ERR_JSON_SYNTAX, "JSON syntax error: '[' or '{' expected near end of file");
    assert_int_equal(dpp_passport_from_json("", 0, p, &d), DPP_ERR_JSON_SYNTAX);
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 0);
    expect_text("   ", 3, DPP_ERR_JSON_SYNTAX, "'[' or '{' expected");
    expect_text("{}x", 3, DPP_ERR_JSON_SYNTAX, "end of file expected");
    expect_text("{\"name\":\"\xff\"}", 12, DPP_ERR_JSON_SYNTAX, "unable to decode byte 0xff");
    expect_text("{\"name\":\"\xc0\xaf\"}", 13, DPP_ERR_JSON_SYNTAX, "unable to decode");
    expect_text("{\"gtin\":99999999999999999999999}", 32, DPP_ERR_JSON_SYNTAX, "too big integer");
    expect_text("\"just a string\"", 15, DPP_ERR_JSON_SYNTAX, "'[' or '{' expected");
    expect_text("[1,2]", 5, DPP_ERR_SCHEMA_TYPE, "passport: expected an object");
    expect_text("{}", 2, DPP_ERR_SCHEMA_MISSING, "id: missing");
    /* a length shorter than the text: only the first bytes are read */
    expect_text("{}garbage", 2, DPP_ERR_SCHEMA_MISSING, "id: missing");
    /* a control character inside jansson's quoted context is not echoed */
    expect_text("{\"a\":\x01}", 7, DPP_ERR_JSON_SYNTAX, "JSON syntax error: ");
    assert_int_equal(dpp_passport_from_json("{\"a\":\x01}", 7, p, &d), DPP_ERR_JSON_SYNTAX);
    for (const char *c = d.msg; *c != '\0'; c++) assert_true((unsigned char)*c >= 0x20);

    /* arguments */
    assert_int_equal(dpp_passport_from_json(NULL, 0, p, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(d.err, DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_passport_from_json("{}", 2, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_passport_from_json("{}", 2, p, NULL), DPP_ERR_SCHEMA_MISSING); /* diag may be NULL */
    free(p);
}

static void input_sizes(void **state)
{
    size_t len, cap = 256 * 1024;
    char *min = read_file(EXAMPLE_MIN, &len);
    char *big = malloc(cap + 2);
    dpp_passport *p = new_passport();
    dpp_diag d;
    (void)state;
    assert_non_null(big);
    /* exactly 256 KiB (the example padded with spaces) is accepted */
    memset(big, ' ', cap + 1);
    memcpy(big, min, len);
    big[cap + 1] = '\0';
    assert_int_equal(dpp_passport_from_json(big, cap, p, &d), DPP_OK);
    /* one byte more is not, before any parsing */
    assert_int_equal(dpp_passport_from_json(big, cap + 1, p, &d), DPP_ERR_TOO_LARGE);
    assert_string_equal(d.msg, "JSON text is 262145 bytes; the limit is 262144");
    assert_memory_equal(p, &k_zero, sizeof *p);
    assert_int_equal(dpp_passport_from_json(big, SIZE_MAX, p, &d), DPP_ERR_TOO_LARGE);
    /* deep nesting inside the limit: jansson's depth cap, no crash */
    for (size_t i = 0; i < cap / 2; i++) {
        big[i] = '[';
        big[cap / 2 + i] = ']';
    }
    assert_int_equal(dpp_passport_from_json(big, cap, p, &d), DPP_ERR_JSON_SYNTAX);
    assert_non_null(strstr(d.msg, "maximum parsing depth"));
    free(big);
    free(min);
    free(p);
}

/* Mutated examples: every outcome is OK or a specific error with a
 * message, and failure leaves the output zeroed. */
static void garbage_inputs(void **state)
{
    size_t len;
    char *text = read_file(EXAMPLE, &len);
    char *buf = malloc(len + 1);
    dpp_passport *p = new_passport();
    dpp_diag d;
    uint32_t seed = 0x2545F491u, x;
    int ok = 0;
    (void)state;
    assert_non_null(buf);
    print_message("garbage_inputs seed 0x%08x\n", (unsigned)seed);
    x = seed;
    for (int round = 0; round < 3000; round++) {
        size_t n = len;
        dpp_err err;
        memcpy(buf, text, len);
        for (int k = 0; k < 1 + round % 4; k++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[x % len] = (char)(x >> 24);
        }
        if (round % 7 == 0) n = (x >> 8) % len; /* truncated */
        err = dpp_passport_from_json(buf, n, p, &d);
        assert_int_equal(d.err, err);
        if (err == DPP_OK) {
            char *j = to_json(p);
            dpp_passport *q = new_passport();
            ok++;
            assert_int_equal(dpp_passport_from_json(j, strlen(j), q, &d), DPP_OK);
            assert_memory_equal(p, q, sizeof *p);
            free(q);
            free(j);
        } else {
            assert_true(err == DPP_ERR_JSON_SYNTAX || (err >= 60 && err < 80));
            assert_true(d.msg[0] != '\0');
            assert_memory_equal(p, &k_zero, sizeof *p);
        }
    }
    assert_true(ok > 0);
    free(buf);
    free(text);
    free(p);
}

/* ------------------------------------------------------------------------ */
/* spec/passport.schema.json                                                */
/* ------------------------------------------------------------------------ */

static json_t *resolve(json_t *schema, json_t *node)
{
    for (int hops = 0; hops < 8; hops++) {
        json_t *ref = json_object_get(node, "$ref");
        const char *r;
        if (ref == NULL) return node;
        r = json_string_value(ref);
        assert_non_null(r);
        assert_true(strncmp(r, "#/$defs/", 8) == 0);
        node = json_object_get(json_object_get(schema, "$defs"), r + 8);
        if (node == NULL) fail_msg("unresolved %s", r);
    }
    fail_msg("$ref loop");
    return NULL;
}

/* A keyword of the node itself, else of what its $ref points to. */
static json_t *keyword(json_t *schema, json_t *node, const char *kw)
{
    json_t *v = json_object_get(node, kw);
    return v != NULL ? v : json_object_get(resolve(schema, node), kw);
}

/* The schema node of a member path ("a.b[].c"), and its parent object node. */
static json_t *schema_node(json_t *schema, const char *path, json_t **parent, const char **name)
{
    json_t *obj = schema;
    char seg[64];
    const char *s = path;
    json_t *node = NULL;
    for (;;) {
        size_t n = strcspn(s, ".[");
        json_t *props;
        assert_true(n < sizeof seg);
        memcpy(seg, s, n);
        seg[n] = '\0';
        obj = resolve(schema, obj);
        props = json_object_get(obj, "properties");
        node = json_object_get(props, seg);
        if (node == NULL) return NULL;
        *parent = obj;
        *name = s;
        s += n;
        if (s[0] == '[') {
            node = json_object_get(resolve(schema, node), "items");
            assert_non_null(node);
            s += 2;
        }
        if (*s == '\0') return node;
        assert_true(*s == '.');
        s++;
        obj = node;
    }
}

static bool in_required(json_t *obj, const char *name, size_t n)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(obj, "required"), i, v)
    {
        if (strlen(json_string_value(v)) == n && strncmp(json_string_value(v), name, n) == 0) return true;
    }
    return false;
}

static void schema_matches_code(void **state)
{
    json_t *schema = load_json_file(SCHEMA);
    (void)state;
    assert_string_equal(json_string_value(json_object_get(schema, "$schema")),
                        "https://json-schema.org/draft/2020-12/schema");
    assert_true(json_is_false(json_object_get(schema, "additionalProperties")));
    for (size_t i = 0; i < N_MEMBERS; i++) {
        const member *m = &k_members[i];
        json_t *parent = NULL, *node, *v;
        const char *name = NULL;
        size_t name_len;
        node = schema_node(schema, m->path, &parent, &name);
        if (node == NULL) fail_msg("%s is not in the schema", m->path);
        name_len = strcspn(name, ".[");
        /* required in the schema exactly when required in the code */
        if (in_required(parent, name, name_len) != m->required)
            fail_msg("%s: required mismatch", m->path);
        if (!json_is_false(json_object_get(parent, "additionalProperties")))
            fail_msg("%s: parent allows additional properties", m->path);
        if (!json_is_string(json_object_get(node, "description")) &&
            !json_is_string(keyword(schema, node, "description")))
            fail_msg("%s: no description", m->path);
        switch (m->k) {
        case K_TEXT:
            v = keyword(schema, node, "maxLength");
            if (json_integer_value(v) != (json_int_t)m->cap) fail_msg("%s: maxLength is not %zu", m->path, m->cap);
            break;
        case K_ARR:
            v = keyword(schema, node, "maxItems");
            if (json_integer_value(v) != (json_int_t)m->cap) fail_msg("%s: maxItems is not %zu", m->path, m->cap);
            assert_int_equal(json_integer_value(keyword(schema, node, "minItems")), 1);
            break;
        case K_OBJ:
            assert_true(json_is_false(keyword(schema, node, "additionalProperties")));
            break;
        default: break;
        }
    }
    /* enum spellings */
    for (size_t e = 0; e < sizeof k_enums / sizeof k_enums[0]; e++) {
        json_t *parent, *node, *list;
        const char *name;
        size_t n = 0;
        node = schema_node(schema, k_enums[e].path, &parent, &name);
        assert_non_null(node);
        list = keyword(schema, node, "enum");
        assert_true(json_is_array(list));
        while (k_enums[e].names[n] != NULL) {
            assert_string_equal(json_string_value(json_array_get(list, n)), k_enums[e].names[n]);
            n++;
        }
        assert_int_equal(json_array_size(list), n);
    }
    /* patterns the brief fixes */
    assert_string_equal(json_string_value(keyword(schema, json_object_get(json_object_get(schema, "properties"), "gtin"), "pattern")),
                        "^[0-9]{8}$|^[0-9]{12,14}$");
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(schema, "$defs"), "country"), "pattern")),
                        "^[A-Z]{2}$");
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(schema, "$defs"), "unit"), "pattern")),
                        "^[A-Z0-9]{2,3}$");
    json_decref(schema);
}

/* Every property in the schema (outside extensions) is in the table. */
static void walk_schema(json_t *schema, json_t *node, const char *prefix, int *count)
{
    const char *key;
    json_t *prop;
    node = resolve(schema, node);
    json_object_foreach(json_object_get(node, "properties"), key, prop)
    {
        char path[128];
        json_t *r = resolve(schema, prop);
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", key);
        if (json_is_string(json_object_get(r, "type")) && strcmp(json_string_value(json_object_get(r, "type")), "array") == 0) {
            if (find_member(path) == NULL) fail_msg("schema has %s, the code does not", path);
            (*count)++;
            strcat(path, "[]");
            walk_schema(schema, json_object_get(r, "items"), path, count);
            continue;
        }
        if (find_member(path) == NULL) fail_msg("schema has %s, the code does not", path);
        (*count)++;
        if (strcmp(path, "extensions") != 0) walk_schema(schema, prop, path, count);
    }
}

/* Every member path in a document (outside extensions) is in the table. */
static void walk_doc(json_t *v, const char *prefix, int *count, bool *seen)
{
    const char *key;
    json_t *child;
    json_object_foreach(v, key, child)
    {
        char path[128];
        const member *m;
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", key);
        m = find_member(path);
        if (m == NULL) fail_msg("to_json wrote %s, which is not in the table", path);
        seen[m - k_members] = true;
        (*count)++;
        if (json_is_array(child)) {
            size_t i;
            json_t *e;
            strcat(path, "[]");
            json_array_foreach(child, i, e) walk_doc(e, path, count, seen);
        } else if (json_is_object(child) && strcmp(path, "extensions") != 0) {
            walk_doc(child, path, count, seen);
        }
    }
}

static void table_matches_schema_and_output(void **state)
{
    json_t *schema = load_json_file(SCHEMA), *doc = full_doc(), *out;
    dpp_passport *p = new_passport();
    dpp_diag d;
    bool seen[N_MEMBERS] = {false};
    int n_schema = 0, n_doc = 0;
    char *j;
    json_error_t e;
    (void)state;
    walk_schema(schema, schema, "", &n_schema);
    assert_int_equal(n_schema, (int)N_MEMBERS);
    /* the full document uses every member; to_json writes each back */
    assert_int_equal(parse_doc(doc, p, &d), DPP_OK);
    j = to_json(p);
    out = json_loads(j, JSON_REJECT_DUPLICATES, &e);
    assert_non_null(out);
    walk_doc(out, "", &n_doc, seen);
    for (size_t i = 0; i < N_MEMBERS; i++)
        if (!seen[i]) fail_msg("to_json did not write %s", k_members[i].path);
    json_decref(out);
    free(j);
    free(p);
    json_decref(doc);
    json_decref(schema);
}


/* dpp_diag.path names the member as data: conversion problems, validation
 * problems placed by member, extensions, the whole document. */
static void diag_paths(void **state)
{
    dpp_diag items[8];
    dpp_diag_list l;
    dpp_passport *p = new_passport();
    dpp_diag d;
    json_t *doc;
    (void)state;
    doc = full_doc();
    set_path(doc, "materials[0].recycled_share", json_string("1.5"));
    set_path(doc, "footprint.stages[0].stage", json_string("mining"));
    set_path(doc, "extensions", json_pack("{s:{s:f}}", "acme", "rating", 1.5));
    {
        char *text = json_dumps(doc, JSON_PRESERVE_ORDER);
        assert_non_null(text);
        l.items = items;
        l.cap = 8;
        assert_int_not_equal(dpp_passport_from_json_all(text, strlen(text), p, &l), DPP_OK);
        assert_int_equal(l.count, 3);
        assert_string_equal(items[0].path, "materials[0].recycled_share"); /* validation, placed by member */
        assert_string_equal(items[1].path, "footprint.stages[0].stage");  /* conversion */
        assert_string_equal(items[2].path, "extensions.acme.rating");     /* inside the extensions */
        free(text);
    }
    json_decref(doc);
    /* the whole document, a syntax error, an argument: no field */
    memset(&d, 0x55, sizeof d);
    assert_int_equal(dpp_passport_from_json("[]", 2, p, &d), DPP_ERR_SCHEMA_TYPE);
    assert_string_equal(d.msg, "passport: expected an object");
    assert_string_equal(d.path, "");
    memset(&d, 0x55, sizeof d);
    assert_int_equal(dpp_passport_from_json("{", 1, p, &d), DPP_ERR_JSON_SYNTAX);
    assert_string_equal(d.path, "");
    memset(&d, 0x55, sizeof d);
    assert_int_equal(dpp_passport_from_json(NULL, 1, p, &d), DPP_ERR_INVALID_ARG);
    assert_string_equal(d.path, "");
    free(p);
}

/* tests/data/passport-full.cbor is examples/passport-full.json in CBOR: the
 * fixture of the tests that run in a build without JSON
 * (scripts/check-minimal-build.sh, tests/support/fixtures.c). Regenerate it
 * when the example changes. */
static void example_cbor_fixture_matches(void **state)
{
    size_t jlen = 0, clen = 0, n = 0;
    char *json = read_file(EXAMPLE, &jlen);
    char *cbor = read_file("tests/data/passport-full.cbor", &clen);
    dpp_passport *p = new_passport();
    uint8_t out[DPP_MAX_COSE_LEN];
    dpp_diag d;
    (void)state;
    if (dpp_passport_from_json(json, jlen, p, &d) != DPP_OK) fail_msg("%s", d.msg);
    assert_int_equal(dpp_passport_to_cbor(p, out, sizeof out, &n, &d), DPP_OK);
    assert_int_equal(n, clen);
    assert_memory_equal(out, cbor, n);
    free(json);
    free(cbor);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diag_paths),
        cmocka_unit_test(example_cbor_fixture_matches),
        cmocka_unit_test(example_parses),
        cmocka_unit_test(minimal_example_parses),
        cmocka_unit_test(examples_are_normalised),
        cmocka_unit_test(label_example_content),
        cmocka_unit_test(round_trip_full),
        cmocka_unit_test(round_trip_normalises),
        cmocka_unit_test(round_trip_from_struct),
        cmocka_unit_test(to_json_format),
        cmocka_unit_test(to_json_omits_absent),
        cmocka_unit_test(to_json_buffer_sizes),
        cmocka_unit_test(to_json_errors),
        cmocka_unit_test(to_json_ext_uint64),
        cmocka_unit_test(every_enum_spelling),
        cmocka_unit_test(decimal_forms),
        cmocka_unit_test(uuid_and_gtin),
        cmocka_unit_test(dates_and_bools),
        cmocka_unit_test(chinese_text),
        cmocka_unit_test(extensions_round_trip),
        cmocka_unit_test(extensions_limits),
        cmocka_unit_test(unknown_member_everywhere),
        cmocka_unit_test(missing_member_everywhere),
        cmocka_unit_test(wrong_type_everywhere),
        cmocka_unit_test(text_lengths_everywhere),
        cmocka_unit_test(list_lengths),
        cmocka_unit_test(cbam_template_rules),
        cmocka_unit_test(validator_runs),
        cmocka_unit_test(all_problems_in_document_order),
        cmocka_unit_test(problem_list_cap),
        cmocka_unit_test(problems_placed_by_member),
        cmocka_unit_test(consequences_not_listed),
        cmocka_unit_test(only_problem_listed),
        cmocka_unit_test(syntax_errors),
        cmocka_unit_test(input_sizes),
        cmocka_unit_test(garbage_inputs),
        cmocka_unit_test(schema_matches_code),
        cmocka_unit_test(table_matches_schema_and_output),
    };
    return cmocka_run_group_tests_name("test_passport_json", tests, NULL, NULL);
}
