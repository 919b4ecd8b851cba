/* SPDX-License-Identifier: Apache-2.0 */
/* dpp_untp.h: UNTP DPP 0.6.1 export and import (libdpp/src/untp.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "dpp/dpp_untp.h"
#include "fixtures.h"

typedef struct fx {
    dpp_key *key;
    dpp_trust *trust;
    dpp_passport p;
    char text[DPP_MAX_TEXT_LEN + 1];
    dpp_verified v;
} fx;

static void sign(fx *f, const dpp_passport *p, char *text, size_t cap)
{
    dpp_encode_opts o;
    size_t n = 0;
    memset(&o, 0, sizeof o);
    o.iat = 1767225600; /* 2026-01-01 */
    assert_int_equal(dpp_encode(p, f->key, &o, text, cap, &n, NULL, NULL), DPP_OK);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    dpp_report rep;
    assert_non_null(f);
    f->key = fx_key(DPP_ALG_ES256);
    f->trust = fx_trust(f->key);
    fx_example_passport(&f->p);
    sign(f, &f->p, f->text, sizeof f->text);
    assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, 1767225700, &f->v, &rep), DPP_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    dpp_key_free(f->key);
    dpp_trust_free(f->trust);
    free(f);
    return 0;
}

static char *export_ok(const fx *f, const char *issuer)
{
    size_t n = 0, m = 0;
    char *out;
    dpp_diag d;
    assert_int_equal(dpp_untp_export(&f->v, f->text, strlen(f->text), issuer, NULL, 0, &n, &d), DPP_OK);
    out = malloc(n + 1);
    assert_non_null(out);
    assert_int_equal(dpp_untp_export(&f->v, f->text, strlen(f->text), issuer, out, n + 1, &m, &d), DPP_OK);
    assert_int_equal(m, n);
    assert_int_equal(strlen(out), n);
    return out;
}

static void test_export_args(void **state)
{
    fx *f = *state;
    char buf[16];
    size_t n = 99;
    dpp_diag d;
    assert_int_equal(dpp_untp_export(NULL, f->text, strlen(f->text), NULL, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(n, 0);
    assert_int_equal(dpp_untp_export(&f->v, NULL, 0, NULL, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_untp_export(&f->v, f->text, strlen(f->text), NULL, NULL, 0, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_untp_export(&f->v, f->text, strlen(f->text), "no scheme", NULL, 0, &n, &d),
                     DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "issuer_id"));
    assert_int_equal(dpp_untp_export(&f->v, f->text, strlen(f->text), "did:web:a b", NULL, 0, &n, &d),
                     DPP_ERR_INVALID_ARG);
    /* Too small: nothing written, *out_len 0. */
    memset(buf, 'x', sizeof buf);
    assert_int_equal(dpp_untp_export(&f->v, f->text, strlen(f->text), NULL, buf, sizeof buf, &n, &d),
                     DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 0);
    assert_int_equal(buf[0], '\0');
    /* Garbage original: the decoder's code. */
    assert_int_equal(dpp_untp_export(&f->v, "DPP1:%%%", 8, NULL, NULL, 0, &n, &d), DPP_ERR_BASE45);
}

static void test_export_exact_buffer(void **state)
{
    fx *f = *state;
    size_t n = 0, m = 0;
    char *out;
    dpp_diag d;
    assert_int_equal(dpp_untp_export(&f->v, f->text, strlen(f->text), NULL, NULL, 0, &n, &d), DPP_OK);
    out = malloc(n + 1);
    assert_non_null(out);
    assert_int_equal(dpp_untp_export(&f->v, f->text, strlen(f->text), NULL, out, n, &m, &d),
                     DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(dpp_untp_export(&f->v, f->text, strlen(f->text), NULL, out, n + 1, &m, &d), DPP_OK);
    assert_int_equal(m, n);
    free(out);
}

static void test_export_refuses_another_original(void **state)
{
    fx *f = *state;
    dpp_passport q = f->p;
    char other[DPP_MAX_TEXT_LEN + 1];
    size_t n = 0;
    dpp_diag d;
    (void)snprintf(q.name, sizeof q.name, "%s", "Another product");
    sign(f, &q, other, sizeof other);
    assert_int_equal(dpp_untp_export(&f->v, other, strlen(other), NULL, NULL, 0, &n, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(strncmp(d.msg, "original: ", 10), 0);
}

static void test_export_references_the_cose_digest(void **state)
{
    fx *f = *state;
    char *out = export_ok(f, "did:web:maker.example.com");
    uint8_t cose[DPP_MAX_COSE_LEN], dg[32];
    size_t cose_len = 0;
    char hexs[65], name[200];
    json_t *doc, *prod, *link, *claims, *c;
    size_t i;
    assert_int_equal(dpp_cose_from_text(f->text, strlen(f->text), cose, sizeof cose, &cose_len, NULL), DPP_OK);
    assert_int_equal(dpp_sha256(cose, cose_len, dg), DPP_OK);
    for (i = 0; i < 32; i++) (void)snprintf(hexs + 2 * i, 3, "%02x", dg[i]);
    doc = json_loads(out, 0, NULL);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "issuer"), "id")),
                        "did:web:maker.example.com");
    prod = json_object_get(json_object_get(doc, "credentialSubject"), "product");
    link = json_array_get(json_object_get(prod, "furtherInformation"), 0);
    (void)snprintf(name, sizeof name, "Signed passport (COSE_Sign1, SHA-256 %s)", hexs);
    assert_non_null(strstr(json_string_value(json_object_get(link, "linkName")), name));
    /* No attestation: no claim has evidence, every one is self-declared. */
    claims = json_object_get(json_object_get(doc, "credentialSubject"), "conformityClaim");
    assert_true(json_array_size(claims) >= 5);
    json_array_foreach(claims, i, c) {
        assert_null(json_object_get(c, "conformityEvidence"));
        assert_non_null(strstr(json_string_value(json_object_get(c, "description")), "Self-declared"));
    }
    json_decref(doc);
    free(out);
}

static void test_export_unverified(void **state)
{
    fx *f = *state;
    dpp_unverified *u = calloc(1, sizeof *u);
    size_t n = 0;
    char *out;
    dpp_diag d;
    assert_non_null(u);
    assert_int_equal(dpp_inspect(f->text, strlen(f->text), u, &d), DPP_OK);
    assert_int_equal(dpp_untp_export_unverified(u, f->text, strlen(f->text), NULL, NULL, 0, &n, &d), DPP_OK);
    out = malloc(n + 1);
    assert_non_null(out);
    assert_int_equal(dpp_untp_export_unverified(u, f->text, strlen(f->text), NULL, out, n + 1, &n, &d), DPP_OK);
    assert_non_null(strstr(out, "NOT VERIFIED"));
    assert_null(strstr(out, "Self-declared"));
    assert_null(strstr(out, "conformityEvidence"));
    assert_int_equal(dpp_untp_export_unverified(NULL, f->text, strlen(f->text), NULL, NULL, 0, &n, &d),
                     DPP_ERR_INVALID_ARG);
    free(out);
    free(u);
}

static void test_round_trip(void **state)
{
    fx *f = *state;
    char *out = export_ok(f, NULL);
    dpp_passport q;
    dpp_diag items[64];
    dpp_diag_list dl = {items, 64, 0, 0};
    dpp_diag d;
    assert_int_equal(dpp_untp_import(out, strlen(out), NULL, &q, &dl, &d), DPP_OK);
    assert_memory_equal(q.id, f->p.id, 16);
    assert_string_equal(q.gtin, f->p.gtin);
    assert_string_equal(q.batch, f->p.batch);
    assert_string_equal(q.name, f->p.name);
    assert_string_equal(q.manufacturer.name, f->p.manufacturer.name);
    assert_string_equal(q.manufacturer.country, f->p.manufacturer.country);
    assert_int_equal(q.n_materials, f->p.n_materials);
    for (size_t i = 0; i < q.n_materials; i++) {
        assert_string_equal(q.materials[i].name, f->p.materials[i].name);
        assert_string_equal(q.materials[i].cas, f->p.materials[i].cas);
        assert_int_equal(q.materials[i].has_mass_fraction, f->p.materials[i].has_mass_fraction);
        if (q.materials[i].has_mass_fraction)
            assert_int_equal(dpp_decimal_cmp(q.materials[i].mass_fraction, f->p.materials[i].mass_fraction), 0);
    }
    assert_false(q.has_footprint); /* not carried back */
    assert_true(dl.total >= 1);
    free(out);
}

/* ---- import: bad input gets a specific code and path ---- */

static const char k_head[] =
    "{\"type\":[\"DigitalProductPassport\",\"VerifiableCredential\"],"
    "\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://test.uncefact.org/vocabulary/untp/dpp/0.6.1/\"],"
    "\"id\":\"urn:uuid:6f1c2d3e-4a5b-4c6d-8e7f-101112131415\","
    "\"issuer\":{\"id\":\"did:web:x.example\",\"name\":\"Acme\"},"
    "\"credentialSubject\":{\"product\":{\"id\":\"https://id.gs1.org/01/04006381333931\",";

static dpp_err imp(const char *tail, const char *country, dpp_passport *q, dpp_diag_list *dl, dpp_diag *d)
{
    char buf[8192];
    (void)snprintf(buf, sizeof buf, "%s%s", k_head, tail);
    return dpp_untp_import(buf, strlen(buf), country, q, dl, d);
}

static void test_import_minimal(void **state)
{
    dpp_passport q;
    dpp_diag d;
    (void)state;
    assert_int_equal(imp("\"name\":\"Bolt\",\"countryOfProduction\":\"DE\"}}}", NULL, &q, NULL, &d), DPP_OK);
    assert_string_equal(q.gtin, "04006381333931");
    assert_string_equal(q.manufacturer.name, "Acme"); /* the issuer's name, no producedByParty */
    assert_string_equal(q.manufacturer.country, "DE");
    /* default country, only when the credential has none */
    assert_int_equal(imp("\"name\":\"Bolt\"}}}", "FR", &q, NULL, &d), DPP_OK);
    assert_string_equal(q.manufacturer.country, "FR");
}

static void test_import_errors(void **state)
{
    static const struct {
        const char *tail;
        dpp_err err;
        const char *path;
    } k[] = {
        {"\"name\":\"Bolt\"}}}", DPP_ERR_SCHEMA_MISSING, "manufacturer.country"},
        {"\"name\":7,\"countryOfProduction\":\"DE\"}}}", DPP_ERR_SCHEMA_TYPE, "name"},
        {"\"countryOfProduction\":\"DE\"}}}", DPP_ERR_SCHEMA_MISSING, "name"},
        {"\"name\":\"Bolt\",\"countryOfProduction\":\"DEU\"}}}", DPP_ERR_SCHEMA_RANGE, "manufacturer.country"},
        {"\"name\":\"Bolt\",\"countryOfProduction\":\"DE\",\"productionDate\":\"2024-02-30\"}}}",
         DPP_ERR_SCHEMA_FORMAT, "production_date"},
        {"\"name\":\"Bolt\",\"countryOfProduction\":\"DE\"},\"materialsProvenance\":[{\"name\":\"Fe\"},3]}}",
         DPP_ERR_SCHEMA_TYPE, "materials[1]"},
        {"\"name\":\"Bolt\",\"countryOfProduction\":\"DE\"},\"materialsProvenance\":[{\"name\":\"Fe\","
         "\"massFraction\":1e300}]}}",
         DPP_ERR_SCHEMA_RANGE, "materials[0].mass_fraction"},
        {"\"name\":\"Bolt\",\"countryOfProduction\":\"DE\"},\"materialsProvenance\":[{\"name\":\"Fe\","
         "\"massFraction\":1.5}]}}",
         DPP_ERR_SCHEMA_RANGE, "materials[0].mass_fraction"},
        {"\"name\":\"Bolt\",\"countryOfProduction\":\"DE\"},\"materialsProvenance\":[{}]}}", DPP_ERR_SCHEMA_MISSING,
         "materials[0].name"},
        {"\"name\":\"Bolt\",\"countryOfProduction\":\"DE\",\"productCategory\":\"x\"}}}", DPP_ERR_SCHEMA_TYPE,
         "category"},
    };
    dpp_passport q;
    dpp_diag d;
    (void)state;
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        dpp_err e = imp(k[i].tail, NULL, &q, NULL, &d);
        if (e != k[i].err || strcmp(d.path, k[i].path) != 0)
            fail_msg("case %zu: got %s path '%s' (%s), want %s '%s'", i, dpp_err_name(e), d.path, d.msg,
                     dpp_err_name(k[i].err), k[i].path);
        assert_int_equal(q.gtin[0], '\0'); /* zeroed on failure */
    }
}

static void test_import_name_too_long(void **state)
{
    char tail[400];
    dpp_passport q;
    dpp_diag d;
    (void)state;
    (void)snprintf(tail, sizeof tail, "\"name\":\"%0*d\",\"countryOfProduction\":\"DE\"}}}", DPP_MAX_NAME + 1, 0);
    assert_int_equal(imp(tail, NULL, &q, NULL, &d), DPP_ERR_SCHEMA_RANGE);
    assert_string_equal(d.path, "name");
    assert_non_null(strstr(d.msg, "credentialSubject.product.name"));
}

static void test_import_whole_document_errors(void **state)
{
    static const char env[] = "{\"type\":[\"EnvelopedVerifiableCredential\"],\"id\":\"data:x\"}";
    static const char other[] = "{\"type\":[\"DigitalProductPassport\"],\"@context\":"
                                "[\"https://test.uncefact.org/vocabulary/untp/dpp/0.5.0/\"]}";
    dpp_passport q;
    dpp_diag d;
    char *big;
    (void)state;
    assert_int_equal(dpp_untp_import("{\n  \"a\": ", 10, NULL, &q, NULL, &d), DPP_ERR_JSON_SYNTAX);
    assert_int_equal(d.line, 2);
    assert_int_equal(dpp_untp_import("[]", 2, NULL, &q, NULL, &d), DPP_ERR_SCHEMA_TYPE);
    assert_int_equal(dpp_untp_import("{\"a\":1,\"a\":2}", 13, NULL, &q, NULL, &d), DPP_ERR_JSON_SYNTAX);
    assert_int_equal(dpp_untp_import(env, strlen(env), NULL, &q, NULL, &d), DPP_ERR_SCHEMA_FORMAT);
    assert_non_null(strstr(d.msg, "enveloped"));
    assert_int_equal(dpp_untp_import(other, strlen(other), NULL, &q, NULL, &d), DPP_ERR_SCHEMA_FORMAT);
    assert_non_null(strstr(d.msg, "@context"));
    big = malloc(DPP_UNTP_MAX_INPUT + 1);
    assert_non_null(big);
    memset(big, ' ', DPP_UNTP_MAX_INPUT + 1);
    assert_int_equal(dpp_untp_import(big, DPP_UNTP_MAX_INPUT + 1, NULL, &q, NULL, &d), DPP_ERR_TOO_LARGE);
    free(big);
    assert_int_equal(dpp_untp_import("{}", 2, "xx", &q, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_untp_import("{}", 2, NULL, NULL, NULL, &d), DPP_ERR_INVALID_ARG);
}

static void test_import_dropped_list_and_caps(void **state)
{
    char tail[4096];
    size_t w;
    dpp_passport q;
    dpp_diag items[2];
    dpp_diag_list dl = {items, 2, 0, 0};
    dpp_diag d;
    (void)state;
    w = (size_t)snprintf(tail, sizeof tail, "\"name\":\"Bolt\",\"countryOfProduction\":\"DE\",\"dimensions\":{}},"
                                            "\"materialsProvenance\":[");
    for (int i = 0; i < 20; i++)
        w += (size_t)snprintf(tail + w, sizeof tail - w, "%s{\"name\":\"m%d\",\"massFraction\":0.0005}",
                              i ? "," : "", i);
    (void)snprintf(tail + w, sizeof tail - w, "]}}");
    assert_int_equal(imp(tail, NULL, &q, &dl, &d), DPP_OK);
    assert_int_equal(q.n_materials, DPP_MAX_MATERIALS);
    assert_int_equal(q.materials[0].mass_fraction.mantissa, 5);
    assert_int_equal(q.materials[0].mass_fraction.exponent, -4);
    assert_int_equal(dl.count, 2);
    assert_int_equal(dl.total, 1 + 1 + 4 + 1); /* dimensions, product.id, 4 materials past 16, issuer */
    assert_int_equal(items[0].err, DPP_ERR_SCHEMA_UNKNOWN_FIELD);
    assert_string_equal(items[0].path, "credentialSubject.product.id");
    assert_string_equal(items[1].path, "credentialSubject.product.dimensions");
    assert_non_null(strstr(items[1].msg, "credentialSubject.product.dimensions: not carried: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_args),
        cmocka_unit_test(test_export_exact_buffer),
        cmocka_unit_test(test_export_refuses_another_original),
        cmocka_unit_test(test_export_references_the_cose_digest),
        cmocka_unit_test(test_export_unverified),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_import_minimal),
        cmocka_unit_test(test_import_errors),
        cmocka_unit_test(test_import_name_too_long),
        cmocka_unit_test(test_import_whole_document_errors),
        cmocka_unit_test(test_import_dropped_list_and_caps),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
