/* SPDX-License-Identifier: Apache-2.0 */
/* The passport's CBOR form: golden bytes, round trips, every decode error,
 * all short inputs (dpp_passport_to_cbor/from_cbor, dpp_passport_read/write). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_read.h"
#include "cbor_write.h"
#include "dpp/dpp_passport.h"
#include "passport_cbor.h"

#define MAXM DPP_DECIMAL_MAX_MANTISSA

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (const char *s = hex; *s != '\0';) {
        unsigned v;
        if (*s == ' ') {
            s++;
            continue;
        }
        if (sscanf(s, "%2x", &v) != 1 || n >= cap) fail_msg("bad hex in test: %s", hex);
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}

static dpp_decimal dec(int64_t m, int e)
{
    dpp_decimal d;
    d.mantissa = m;
    d.exponent = (int8_t)e;
    return d;
}

/* Zeroes the padding after a decimal's exponent, so that memcmp compares
 * values only: struct assignment (d = dec(...)) may copy indeterminate
 * padding bytes into the expected passports built by the tests. */
static void zero_pad(dpp_decimal *d)
{
    size_t start = offsetof(dpp_decimal, exponent) + sizeof d->exponent;
    memset((unsigned char *)d + start, 0, sizeof *d - start);
}

static void canon(dpp_passport *p)
{
    for (size_t i = 0; i < DPP_MAX_MATERIALS; i++) {
        zero_pad(&p->materials[i].mass_fraction);
        zero_pad(&p->materials[i].mass);
        zero_pad(&p->materials[i].recycled_share);
        zero_pad(&p->materials[i].renewable_share);
    }
    zero_pad(&p->footprint.total);
    for (size_t i = 0; i < DPP_MAX_STAGES; i++) zero_pad(&p->footprint.stages[i].value);
    zero_pad(&p->footprint.primary_share);
    zero_pad(&p->footprint.electricity_ef);
    zero_pad(&p->cbam.see_direct);
    zero_pad(&p->cbam.see_indirect);
    zero_pad(&p->cbam.carbon_price);
}

/* memcmp of two passports after canon() on the expected one; the decoded
 * one must already have zero padding (it was zeroed before being filled). */
static void assert_same_passport(dpp_passport *want, const dpp_passport *got)
{
    canon(want);
    assert_memory_equal(got, want, sizeof *want);
}

static dpp_passport *new_passport(void)
{
    dpp_passport *p = malloc(sizeof *p);
    assert_non_null(p);
    dpp_passport_init(p);
    return p;
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != 0) return false;
    return true;
}

/* ---- Golden bytes ----
 * Written by hand from spec/payload.cddl (not produced by the encoder):
 * {1: 1, 2: h'00112233445566778899aabbccddeeff', 3: 4006381333931, 4: "L1",
 *  6: "Steel coil", 8: 19782, 9: {1: "ACME", 2: "DE"},
 *  11: [{1: "Iron", 2: 7439896, 3: 4([-2, 95]), 9: true}],
 *  12: {1: 4([-2, 185]), 2: "TNE", 3: 1, 4: 1, 5: [[1, 4([-1, 12])], [5, -1]],
 *       6: [19358, 19722], 10: 2},
 *  14: {1: 72083900, 2: "CN", 5: 2, 7: 1}} */
static const char k_golden_hex[] =
    "aa"
    "01 01"
    "02 50 00112233445566778899aabbccddeeff"
    "03 1b 000003a4ceefadab"
    "04 62 4c31"
    "06 6a 537465656c20636f696c"
    "08 19 4d46"
    "09 a2 01 64 41434d45 02 62 4445"
    "0b 81 a4 01 64 49726f6e 02 1a 00718618 03 c4 82 21 18 5f 09 f5"
    "0c a7 01 c4 82 21 18 b9 02 63 544e45 03 01 04 01 05 82 82 01 c4 82 20 0c 82 05 20"
    "   06 82 19 4b9e 19 4d0a 0a 02"
    "0e a4 01 1a 044be9bc 02 62 434e 05 02 07 01";

static void make_golden(dpp_passport *p)
{
    static const uint8_t id[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    dpp_passport_init(p);
    memcpy(p->id, id, 16);
    strcpy(p->gtin, "04006381333931");
    strcpy(p->batch, "L1");
    strcpy(p->name, "Steel coil");
    p->has_production_date = true;
    p->production_date = 19782;
    strcpy(p->manufacturer.name, "ACME");
    strcpy(p->manufacturer.country, "DE");
    p->n_materials = 1;
    strcpy(p->materials[0].name, "Iron");
    strcpy(p->materials[0].cas, "7439-89-6");
    p->materials[0].has_mass_fraction = true;
    p->materials[0].mass_fraction = dec(95, -2);
    p->materials[0].hazardous = true;
    p->has_footprint = true;
    p->footprint.total = dec(185, -2);
    strcpy(p->footprint.declared_unit, "TNE");
    p->footprint.boundary = DPP_BOUNDARY_CRADLE_TO_GATE;
    p->footprint.method = DPP_METHOD_ISO_14067;
    p->footprint.n_stages = 2;
    p->footprint.stages[0].stage = DPP_STAGE_RAW_MATERIALS;
    p->footprint.stages[0].value = dec(12, -1);
    p->footprint.stages[1].stage = DPP_STAGE_END_OF_LIFE;
    p->footprint.stages[1].value = dec(-1, 0);
    p->footprint.period_start = 19358;
    p->footprint.period_end = 19722;
    p->footprint.verification = DPP_VERIFICATION_THIRD_PARTY;
    p->has_cbam = true;
    strcpy(p->cbam.cn_code, "72083900");
    strcpy(p->cbam.origin, "CN");
    p->cbam.see_direct = dec(2, 0);
    p->cbam.method = DPP_CBAM_ACTUAL;
}

static void golden_encode(void **state)
{
    uint8_t want[256], out[256];
    size_t want_len = unhex(k_golden_hex, want, sizeof want);
    size_t len = 12345;
    dpp_passport *p = new_passport();
    dpp_diag diag;
    (void)state;
    make_golden(p);

    /* size mode gives the exact size */
    assert_int_equal(dpp_passport_to_cbor(p, NULL, 0, &len, &diag), DPP_OK);
    assert_int_equal(len, want_len);
    assert_int_equal(dpp_passport_to_cbor(p, out, sizeof out, &len, &diag), DPP_OK);
    assert_int_equal(diag.err, DPP_OK);
    assert_int_equal(len, want_len);
    assert_memory_equal(out, want, want_len);

    /* exact capacity works, one byte less does not */
    assert_int_equal(dpp_passport_to_cbor(p, out, want_len, &len, NULL), DPP_OK);
    len = 99;
    assert_int_equal(dpp_passport_to_cbor(p, out, want_len - 1, &len, &diag), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
    assert_int_equal(diag.err, DPP_ERR_BUFFER_TOO_SMALL);
    assert_non_null(strstr(diag.msg, "needs 140 bytes"));
    free(p);
}

static void golden_decode(void **state)
{
    uint8_t in[256];
    size_t n = unhex(k_golden_hex, in, sizeof in);
    dpp_passport *want = new_passport();
    dpp_passport *got = new_passport();
    dpp_diag diag;
    (void)state;
    make_golden(want);
    memset(got, 0xa5, sizeof *got);
    assert_int_equal(dpp_passport_from_cbor(in, n, got, &diag), DPP_OK);
    assert_int_equal(diag.err, DPP_OK);
    assert_string_equal(diag.msg, "");
    assert_same_passport(want, got);
    /* spot checks, so that a failure names the field */
    assert_string_equal(got->gtin, "04006381333931");
    assert_string_equal(got->materials[0].cas, "7439-89-6");
    assert_string_equal(got->cbam.cn_code, "72083900");
    assert_true(got->footprint.stages[1].value.mantissa == -1);
    assert_int_equal(got->footprint.stages[1].value.exponent, 0);
    free(want);
    free(got);
}

/* Leading zeros of GTIN and CN code are restored on decode. */
static void leading_zeros_restored(void **state)
{
    /* {1:1, 2:id, 3:96385074, 6:"X", 9:{1:"M", 2:"CN"}, 14:{1:1012100, 2:"CN", 5:0, 7:2}} */
    uint8_t in[128], out[128];
    size_t n = unhex("a6 01 01 02 50 00112233445566778899aabbccddeeff 03 1a 05beb832 06 61 58"
                     " 09 a2 01 61 4d 02 62 434e 0e a4 01 1a 000f7184 02 62 434e 05 00 07 02",
                     in, sizeof in);
    size_t len;
    dpp_passport *p = new_passport();
    (void)state;
    assert_int_equal(dpp_passport_from_cbor(in, n, p, NULL), DPP_OK);
    assert_string_equal(p->gtin, "00000096385074");
    assert_string_equal(p->cbam.cn_code, "01012100");
    assert_int_equal(p->cbam.method, DPP_CBAM_DEFAULT);
    assert_int_equal(dpp_passport_to_cbor(p, out, sizeof out, &len, NULL), DPP_OK);
    assert_int_equal(len, n);
    assert_memory_equal(out, in, n);
    free(p);
}

/* "钢卷 热轧" is carried as its UTF-8 bytes. */
static void utf8_name_round_trips(void **state)
{
    static const char name[] = "钢卷 热轧";
    static const uint8_t want[] = {0x06, 0x6d, 0xe9, 0x92, 0xa2, 0xe5, 0x8d, 0xb7, 0x20,
                                   0xe7, 0x83, 0xad, 0xe8, 0xbd, 0xa7};
    uint8_t out[512];
    size_t len;
    dpp_passport *p = new_passport();
    dpp_passport *back = new_passport();
    (void)state;
    make_golden(p);
    strcpy(p->name, name);
    assert_int_equal(dpp_passport_to_cbor(p, out, sizeof out, &len, NULL), DPP_OK);
    /* key 6 follows map head (1), version (2), id (18), gtin (10) and batch (4) */
    assert_memory_equal(out + 35, want, sizeof want);
    assert_int_equal(dpp_passport_from_cbor(out, len, back, NULL), DPP_OK);
    assert_string_equal(back->name, name);
    assert_same_passport(p, back);
    free(p);
    free(back);
}

/* ---- A maximal passport: every field, every list at its limit ---- */

static const uint8_t k_ext_big_prefix[] = {0xa1, 0x61, 'a', 0x79, 0x03, 0xfa}; /* {"a": 1018-byte text} */

/* full_strings: every text at its capacity (too big for the 4096-byte cap);
 * else shorter texts that keep the encoding under DPP_MAX_COSE_LEN. */
static void make_max(dpp_passport *p, bool full_strings)
{
    /* 32 x U+94A2 = 96 bytes of UTF-8 */
    char cjk96[DPP_MAX_NAME + 1] = "";
    for (int i = 0; i < 32; i++) strcat(cjk96, "\xe9\x92\xa2");

#define FILL(field, ch, short_len)                                                       \
    do {                                                                                 \
        size_t n_ = full_strings ? sizeof(field) - 1 : (short_len);                     \
        memset((field), (ch), n_);                                                       \
        (field)[n_] = '\0';                                                              \
    } while (0)

    dpp_passport_init(p);
    for (int i = 0; i < 16; i++) p->id[i] = (uint8_t)(0xf0 + i);
    strcpy(p->gtin, "10012345000017");
    FILL(p->batch, 'B', DPP_MAX_BATCH);
    FILL(p->serial, 'S', DPP_MAX_SERIAL);
    strcpy(p->name, cjk96);
    FILL(p->category, 'c', DPP_MAX_CATEGORY);
    p->has_production_date = true;
    p->production_date = 2932896;
    FILL(p->manufacturer.name, 'm', 40);
    strcpy(p->manufacturer.country, "VN");
    FILL(p->manufacturer.operator_id.scheme, 'E', DPP_MAX_SCHEME);
    FILL(p->manufacturer.operator_id.value, 'v', DPP_MAX_ID);
    p->has_facility = true;
    FILL(p->facility.id.scheme, 'G', 3);
    FILL(p->facility.id.value, 'f', 13);
    FILL(p->facility.name, 'F', 20);

    p->n_materials = DPP_MAX_MATERIALS;
    for (size_t i = 0; i < DPP_MAX_MATERIALS; i++) {
        dpp_material *m = &p->materials[i];
        FILL(m->name, (char)('a' + i), 6);
        strcpy(m->cas, i % 2 == 0 ? "1234567-89-5" : "50-00-0");
        m->has_mass_fraction = true;
        m->mass_fraction = dec(625, -4); /* 16 x 0.0625 = 1 exactly */
        m->has_mass = true;
        m->mass = i == 0 ? dec(MAXM, 0) : dec((int64_t)i + 1, -(int)i);
        strcpy(m->mass_unit, i % 2 == 0 ? "KGM" : "H87");
        m->has_recycled_share = true;
        m->recycled_share = i == 0 ? dec(MAXM, -18) : dec(1, 0);
        m->has_renewable_share = true;
        m->renewable_share = dec(0, -18);
        strcpy(m->origin, "TR");
        m->hazardous = (i % 3) == 0;
    }

    p->has_footprint = true;
    p->footprint.total = dec(MAXM, -18);
    strcpy(p->footprint.declared_unit, "KWH");
    p->footprint.boundary = DPP_BOUNDARY_CRADLE_TO_CRADLE;
    p->footprint.method = DPP_METHOD_EU_BATTERY;
    p->footprint.n_stages = 5; /* 5 kinds, strictly increasing: the most a valid passport can hold */
    for (size_t i = 0; i < 5; i++) {
        p->footprint.stages[i].stage = (dpp_stage_kind)(i + 1);
        p->footprint.stages[i].value = i == 0 ? dec(-MAXM, -18) : dec(-(int64_t)i * 1000, -3);
    }
    p->footprint.period_start = 0;
    p->footprint.period_end = 2932896;
    p->footprint.has_primary_share = true;
    p->footprint.primary_share = dec(1, 0);
    p->footprint.has_electricity_ef = true;
    p->footprint.electricity_ef = dec(MAXM, 0);
    FILL(p->footprint.electricity_ef_source, 'e', DPP_MAX_SOURCE);
    p->footprint.verification = DPP_VERIFICATION_SELF_DECLARED;

    p->n_certifications = DPP_MAX_CERTIFICATIONS;
    for (size_t i = 0; i < DPP_MAX_CERTIFICATIONS; i++) {
        dpp_certification *c = &p->certifications[i];
        FILL(c->scheme, (char)('A' + i), 9);
        FILL(c->certificate_id, (char)('0' + i), 8);
        FILL(c->issuer, 'i', 7);
        c->has_valid_from = true;
        c->valid_from = (dpp_date)(18000 + i);
        c->has_valid_until = true;
        c->valid_until = (dpp_date)(18000 + i);
        FILL(c->scope, 's', 5);
    }

    p->has_cbam = true;
    strcpy(p->cbam.cn_code, "00000001");
    strcpy(p->cbam.origin, "UA");
    FILL(p->cbam.installation_id, 'I', DPP_MAX_ID);
    FILL(p->cbam.route, 'R', DPP_MAX_ROUTE);
    p->cbam.see_direct = dec(MAXM, -5);
    p->cbam.has_see_indirect = true;
    p->cbam.see_indirect = dec(0, -5);
    p->cbam.method = DPP_CBAM_MIXED;
    p->cbam.has_carbon_price = true;
    p->cbam.carbon_price = dec(MAXM, -18);
    strcpy(p->cbam.carbon_price_currency, "KRW");
    p->cbam.carbon_price_instrument = DPP_PRICE_OTHER;

    if (full_strings) {
        memcpy(p->ext, k_ext_big_prefix, sizeof k_ext_big_prefix);
        memset(p->ext + sizeof k_ext_big_prefix, 'x', DPP_MAX_EXT_LEN - sizeof k_ext_big_prefix);
        p->ext_len = DPP_MAX_EXT_LEN;
    } else {
        /* {"a": [1, -1, "t", true, false, null, {"b": [[]]}], "bb": {}}: 4 levels deep */
        static const uint8_t e[] = {0xa2, 0x61, 'a',  0x87, 0x01, 0x20, 0x61, 't',  0xf5, 0xf4,
                                    0xf6, 0xa1, 0x61, 'b',  0x81, 0x80, 0x62, 'b',  'b',  0xa0};
        memcpy(p->ext, e, sizeof e);
        p->ext_len = sizeof e;
    }
#undef FILL
}

static void max_round_trip_public(void **state)
{
    uint8_t *out = malloc(DPP_MAX_COSE_LEN);
    uint8_t *again = malloc(DPP_MAX_COSE_LEN);
    size_t len = 0, len2 = 0, size_only = 0;
    dpp_passport *p = new_passport();
    dpp_passport *back = new_passport();
    dpp_diag diag;
    (void)state;
    assert_non_null(out);
    assert_non_null(again);
    make_max(p, false);
    assert_int_equal(dpp_passport_validate(p, &diag), DPP_OK);
    assert_int_equal(dpp_passport_to_cbor(p, NULL, 0, &size_only, &diag), DPP_OK);
    assert_int_equal(dpp_passport_to_cbor(p, out, DPP_MAX_COSE_LEN, &len, &diag), DPP_OK);
    assert_int_equal(len, size_only);
    print_message("maximal passport (short texts): %zu bytes\n", len);
    memset(back, 0x5a, sizeof *back);
    assert_int_equal(dpp_passport_from_cbor(out, len, back, &diag), DPP_OK);
    assert_same_passport(p, back);
    /* and the decoded struct encodes to the same bytes */
    assert_int_equal(dpp_passport_to_cbor(back, again, DPP_MAX_COSE_LEN, &len2, &diag), DPP_OK);
    assert_int_equal(len2, len);
    assert_memory_equal(again, out, len);
    free(out);
    free(again);
    free(p);
    free(back);
}

/* Every text at capacity, a 1024-byte extension map: beyond the 4096-byte
 * cap of the public API, so through dpp_passport_write/read. */
static void max_round_trip_full_capacity(void **state)
{
    enum { CAP = 16384 };
    uint8_t *buf = malloc(CAP);
    size_t len = 77;
    cw_writer w;
    cb_reader r;
    dpp_passport *p = new_passport();
    dpp_passport *back = new_passport();
    dpp_diag diag;
    (void)state;
    assert_non_null(buf);
    make_max(p, true);
    assert_int_equal(strlen(p->name), DPP_MAX_NAME);
    assert_int_equal(dpp_passport_validate(p, &diag), DPP_OK);
    dpp_cw_init(&w, buf, CAP);
    dpp_passport_write(&w, p);
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    print_message("maximal passport (full texts): %zu bytes\n", w.len);
    assert_true(w.len > DPP_MAX_COSE_LEN);
    dpp_cb_init(&r, buf, w.len, true);
    memset(back, 0x5a, sizeof *back);
    assert_int_equal(dpp_passport_read(&r, back, &diag), DPP_OK);
    assert_int_equal(r.pos, w.len);
    assert_same_passport(p, back);
    assert_int_equal(back->ext_len, DPP_MAX_EXT_LEN);

    /* the public API refuses to produce more than DPP_MAX_COSE_LEN bytes */
    assert_int_equal(dpp_passport_to_cbor(p, NULL, 0, &len, &diag), DPP_ERR_TOO_LARGE);
    assert_int_equal(len, 0);
    assert_non_null(strstr(diag.msg, "exceeds 4096"));
    /* and to read more */
    assert_int_equal(dpp_passport_from_cbor(buf, w.len, back, &diag), DPP_ERR_TOO_LARGE);
    assert_true(all_zero(back, sizeof *back));
    free(buf);
    free(p);
    free(back);
}

/* dpp_passport_read leaves the reader just past the map (for the CWT layer). */
static void read_inside_larger_item(void **state)
{
    uint8_t buf[512];
    size_t n = 0;
    cw_writer w;
    cb_reader r;
    cb_item it;
    dpp_passport *p = new_passport();
    dpp_passport *back = new_passport();
    (void)state;
    make_golden(p);
    dpp_cw_init(&w, buf, sizeof buf);
    dpp_cw_map(&w, 2);
    dpp_cw_uint(&w, 6);
    dpp_cw_uint(&w, 1700000000u);
    dpp_cw_int(&w, -262);
    dpp_passport_write(&w, p);
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    n = w.len;
    dpp_cb_init(&r, buf, n, true);
    for (int i = 0; i < 4; i++) assert_int_equal(dpp_cb_next(&r, &it), DPP_OK);
    assert_int_equal(it.type, CB_NEGINT);
    assert_int_equal(dpp_passport_read(&r, back, NULL), DPP_OK);
    assert_int_equal(dpp_cb_finish(&r), DPP_OK);
    assert_same_passport(p, back);
    /* argument checks */
    assert_int_equal(dpp_passport_read(NULL, back, NULL), DPP_ERR_INVALID_ARG);
    assert_true(all_zero(back, sizeof *back));
    assert_int_equal(dpp_passport_read(&r, NULL, NULL), DPP_ERR_INVALID_ARG);
    free(p);
    free(back);
}

/* ---- API arguments and failure outputs ---- */

static void api_arguments(void **state)
{
    uint8_t buf[256];
    size_t len = 5;
    dpp_passport *p = new_passport();
    dpp_diag diag;
    (void)state;
    make_golden(p);
    assert_int_equal(dpp_passport_to_cbor(NULL, buf, sizeof buf, &len, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_int_equal(diag.err, DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_passport_to_cbor(p, buf, sizeof buf, NULL, &diag), DPP_ERR_INVALID_ARG);
    /* validation runs first */
    p->name[0] = '\0';
    len = 5;
    assert_int_equal(dpp_passport_to_cbor(p, buf, sizeof buf, &len, &diag), DPP_ERR_SCHEMA_MISSING);
    assert_int_equal(len, 0);
    assert_string_equal(diag.msg, "name: missing");
    assert_int_equal(dpp_passport_to_cbor(p, NULL, 0, &len, &diag), DPP_ERR_SCHEMA_MISSING);

    assert_int_equal(dpp_passport_from_cbor(NULL, 3, p, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_passport_from_cbor(buf, 3, NULL, &diag), DPP_ERR_INVALID_ARG);
    memset(p, 0x77, sizeof *p);
    assert_int_equal(dpp_passport_from_cbor(buf, 0, p, &diag), DPP_ERR_CBOR_MALFORMED);
    assert_true(all_zero(p, sizeof *p));
    assert_int_equal(dpp_passport_from_cbor(buf, DPP_MAX_COSE_LEN + 1, p, &diag), DPP_ERR_TOO_LARGE);
    free(p);
}

/* ---- Every decode error ---- */

#define ID16 "02 50 00112233445566778899aabbccddeeff "
#define GTIN "03 1b 000003a4ceefadab "
#define NAME "06 61 58 "
#define MANU "09 a2 01 61 4d 02 62 434e "
/* 43 bytes; the next key is at offset 43 */
#define BASE5 "a5 01 01 " ID16 GTIN NAME MANU
#define BASE6 "a6 01 01 " ID16 GTIN NAME MANU
#define FF20 "ffffffffffffffffffffffffffffffffffffffff"
/* a CBAM map {1: 0, 2: "CN", 5: 0, 7: 1} with room for one more key: the
 * next key is at offset 55 */
#define CBAM5 "0e a5 01 00 02 62 434e 05 00 07 01 "
#define NOOFF ((size_t)-1)
#define ANYOFF ((size_t)-2)

typedef struct decode_case {
    const char *label;
    const char *hex;
    dpp_err err;
    const char *msg; /* prefix of diag.msg */
    size_t offset;   /* ANYOFF: not checked */
} decode_case;

static const decode_case k_decode[] = {
    {"valid base", BASE5, DPP_OK, "", NOOFF},
    /* structure and determinism */
    {"empty input", "", DPP_ERR_CBOR_MALFORMED, "passport: malformed or forbidden CBOR at offset 0", 0},
    {"top-level array", "80", DPP_ERR_SCHEMA_TYPE, "passport: expected a map, got an array", 0},
    {"top-level tag", "c0 a0", DPP_ERR_SCHEMA_TYPE, "passport: expected a map, got a tag", 0},
    {"non-minimal int", "a5 01 18 01 " ID16 GTIN NAME MANU, DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "version: CBOR is not deterministically encoded at offset 2", 2},
    {"non-minimal map head", "b8 05 01 01 " ID16 GTIN NAME MANU, DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "passport: CBOR is not deterministically encoded at offset 0", 0},
    {"non-minimal string head", "a5 01 01 " ID16 GTIN "06 78 01 58 " MANU, DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "name: CBOR is not deterministically encoded at offset 32", 32},
    {"non-minimal key", "a5 01 01 " ID16 GTIN "18 06 61 58 " MANU, DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "passport: CBOR is not deterministically encoded at offset 31", 31},
    {"indefinite map", "bf 01 01 " ID16 GTIN NAME MANU "ff", DPP_ERR_CBOR_MALFORMED,
     "passport: malformed or forbidden CBOR at offset 0", 0},
    {"indefinite array", BASE6 "0b 9f a2 01 61 41 03 00 ff", DPP_ERR_CBOR_MALFORMED,
     "materials: malformed or forbidden CBOR at offset 44", 44},
    {"indefinite string", "a5 01 01 " ID16 GTIN "06 7f 61 58 ff " MANU, DPP_ERR_CBOR_MALFORMED,
     "name: malformed or forbidden CBOR at offset 32", 32},
    {"float", "a5 01 f9 3c00 " ID16 GTIN NAME MANU, DPP_ERR_CBOR_MALFORMED,
     "version: malformed or forbidden CBOR at offset 2", 2},
    {"undefined", "a5 01 01 " ID16 GTIN "06 f7 " MANU, DPP_ERR_CBOR_MALFORMED, "name: malformed", 32},
    {"simple value", "a5 01 01 " ID16 GTIN "06 f0 " MANU, DPP_ERR_CBOR_MALFORMED, "name: malformed", 32},
    {"invalid UTF-8", "a5 01 01 " ID16 GTIN "06 61 ff " MANU, DPP_ERR_CBOR_MALFORMED,
     "name: malformed or forbidden CBOR at offset 32", 32},
    {"truncated", "a5 01 01 " ID16 GTIN NAME "09 a2 01 61 4d 02 62 43", DPP_ERR_CBOR_MALFORMED,
     "manufacturer.country: malformed or forbidden CBOR at offset 40", 40},
    {"trailing bytes", BASE5 "00", DPP_ERR_CBOR_TRAILING, "passport: 1 trailing bytes at offset 43", 43},
    {"trailing item", BASE5 "a0 a0", DPP_ERR_CBOR_TRAILING, "passport: 2 trailing bytes at offset 43", 43},
    {"duplicate key", "a6 01 01 01 01 " ID16 GTIN NAME MANU, DPP_ERR_CBOR_DUPLICATE_KEY, "passport: key 1 is repeated",
     3},
    {"unsorted keys", "a5 " ID16 "01 01 " GTIN NAME MANU, DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "passport: key 1 is out of order", 19},
    {"unsorted nested keys", "a5 01 01 " ID16 GTIN NAME "09 a2 02 62 434e 01 61 4d", DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "manufacturer: key 1 is out of order", 40},
    {"duplicate nested key", "a5 01 01 " ID16 GTIN NAME "09 a2 01 61 4d 01 61 4d", DPP_ERR_CBOR_DUPLICATE_KEY,
     "manufacturer: key 1 is repeated", 39},
    /* unknown keys */
    {"unknown key 16", BASE6 "10 01", DPP_ERR_SCHEMA_UNKNOWN_FIELD, "passport: unknown key 16", 43},
    {"unknown key 0", "a6 00 01 01 01 " ID16 GTIN NAME MANU, DPP_ERR_SCHEMA_UNKNOWN_FIELD, "passport: unknown key 0",
     1},
    {"unknown negative key", BASE6 "20 01", DPP_ERR_SCHEMA_UNKNOWN_FIELD, "passport: unknown key -1", 43},
    {"unknown text key", BASE6 "61 61 01", DPP_ERR_SCHEMA_UNKNOWN_FIELD, "passport: unknown key (a text string)", 43},
    {"unknown bstr key", BASE6 "41 00 01", DPP_ERR_SCHEMA_UNKNOWN_FIELD, "passport: unknown key (a byte string)", 43},
    {"unknown map key", BASE6 "a0 01", DPP_ERR_SCHEMA_UNKNOWN_FIELD, "passport: unknown key (a map)", 43},
    {"unknown huge key", BASE6 "1b ffffffffffffffff 01", DPP_ERR_SCHEMA_UNKNOWN_FIELD, "passport: unknown key", 43},
    {"unknown manufacturer key", "a5 01 01 " ID16 GTIN NAME "09 a3 01 61 4d 02 62 434e 04 01",
     DPP_ERR_SCHEMA_UNKNOWN_FIELD, "manufacturer: unknown key 4", 43},
    {"unknown material key", BASE6 "0b 81 a2 01 61 41 0a 01", DPP_ERR_SCHEMA_UNKNOWN_FIELD,
     "materials[0]: unknown key 10", 49},
    /* version */
    {"version 2", "a5 01 02 " ID16 GTIN NAME MANU, DPP_ERR_PAYLOAD_VERSION, "version: 2 is not supported (expected 1)",
     2},
    {"version 0", "a5 01 00 " ID16 GTIN NAME MANU, DPP_ERR_PAYLOAD_VERSION, "version: 0 is not supported", 2},
    {"version text", "a5 01 61 31 " ID16 GTIN NAME MANU, DPP_ERR_SCHEMA_TYPE,
     "version: expected an unsigned integer, got a text string", 2},
    {"version missing", "a4 " ID16 GTIN NAME MANU, DPP_ERR_SCHEMA_MISSING, "version: missing (key 1)", 0},
    /* wrong types */
    {"name is uint", "a5 01 01 " ID16 GTIN "06 01 " MANU, DPP_ERR_SCHEMA_TYPE,
     "name: expected a text string, got an unsigned integer", 32},
    {"name is tagged", "a5 01 01 " ID16 GTIN "06 c0 61 58 " MANU, DPP_ERR_SCHEMA_TYPE,
     "name: expected a text string, got a tag", 32},
    {"name is bstr", "a5 01 01 " ID16 GTIN "06 41 58 " MANU, DPP_ERR_SCHEMA_TYPE,
     "name: expected a text string, got a byte string", 32},
    {"gtin is text", "a5 01 01 " ID16 "03 6e 3034303036333831333333393331 " NAME MANU, DPP_ERR_SCHEMA_TYPE,
     "gtin: expected an unsigned integer, got a text string", 22},
    {"gtin is bignum", "a5 01 01 " ID16 "03 c2 48 000003a4ceefadab " NAME MANU, DPP_ERR_SCHEMA_TYPE,
     "gtin: expected an unsigned integer, got a tag", 22},
    {"id is text", "a5 01 01 02 61 61 " GTIN NAME MANU, DPP_ERR_SCHEMA_TYPE,
     "id: expected a byte string, got a text string", 4},
    {"manufacturer is array", "a5 01 01 " ID16 GTIN NAME "09 80", DPP_ERR_SCHEMA_TYPE,
     "manufacturer: expected a map, got an array", 35},
    {"materials is map", BASE6 "0b a0", DPP_ERR_SCHEMA_TYPE, "materials: expected an array, got a map", 44},
    {"material is array", BASE6 "0b 81 80", DPP_ERR_SCHEMA_TYPE, "materials[0]: expected a map, got an array", 45},
    {"hazardous false", BASE6 "0b 81 a3 01 61 41 03 00 09 f4", DPP_ERR_SCHEMA_TYPE,
     "materials[0].hazardous: expected true (absent means false), got false", 52},
    {"hazardous 1", BASE6 "0b 81 a3 01 61 41 03 00 09 01", DPP_ERR_SCHEMA_TYPE,
     "materials[0].hazardous: expected true (absent means false), got an unsigned integer", 52},
    {"date negative", "a6 01 01 " ID16 GTIN NAME "08 20 " MANU, DPP_ERR_SCHEMA_TYPE,
     "production_date: expected an unsigned integer, got a negative integer", 35},
    {"identifier of 3", "a5 01 01 " ID16 GTIN NAME "09 a3 01 61 4d 02 62 434e 03 83 61 41 61 42 61 43",
     DPP_ERR_SCHEMA_TYPE, "manufacturer.operator_id: expected an array of 2, got 3 entries", 44},
    {"identifier is map", "a5 01 01 " ID16 GTIN NAME "09 a3 01 61 4d 02 62 434e 03 a0", DPP_ERR_SCHEMA_TYPE,
     "manufacturer.operator_id: expected an array, got a map", 44},
    /* empty optional and required strings, empty lists */
    {"empty batch", "a6 01 01 " ID16 GTIN "04 60 " NAME MANU, DPP_ERR_SCHEMA_RANGE,
     "batch: empty string (omit the field instead)", 32},
    {"empty name", "a5 01 01 " ID16 GTIN "06 60 " MANU, DPP_ERR_SCHEMA_RANGE, "name: empty string", 32},
    {"empty category", "a6 01 01 " ID16 GTIN NAME "07 60 " MANU, DPP_ERR_SCHEMA_RANGE, "category: empty string",
     35},
    {"empty scope", BASE6 "0d 81 a4 01 61 41 02 61 42 03 61 43 06 60", DPP_ERR_SCHEMA_RANGE,
     "certifications[0].scope: empty string", 56},
    {"empty materials", BASE6 "0b 80", DPP_ERR_SCHEMA_RANGE, "materials: empty array (omit the field instead)", 44},
    {"empty certifications", BASE6 "0d 80", DPP_ERR_SCHEMA_RANGE, "certifications: empty array", 44},
    {"empty stages", BASE6 "0c a7 01 00 02 63 544e45 03 01 04 01 05 80 06 82 00 00 0a 01", DPP_ERR_SCHEMA_RANGE,
     "footprint.stages: empty array", 57},
    {"empty extensions", BASE6 "0f a0", DPP_ERR_SCHEMA_RANGE, "extensions: empty map (omit the field instead)", 44},
    /* lengths and counts */
    {"batch 21 bytes", "a6 01 01 " ID16 GTIN "04 75 414141414141414141414141414141414141414141 " NAME MANU,
     DPP_ERR_SCHEMA_RANGE, "batch: 21 bytes, at most 20", 32},
    {"country 3 bytes", "a5 01 01 " ID16 GTIN NAME "09 a2 01 61 4d 02 63 444555", DPP_ERR_SCHEMA_RANGE,
     "manufacturer.country: 3 bytes, at most 2", 40},
    {"scheme 17 bytes",
     "a5 01 01 " ID16 GTIN NAME "09 a3 01 61 4d 02 62 434e 03 82 71 4141414141414141414141414141414141 61 76",
     DPP_ERR_SCHEMA_RANGE, "manufacturer.operator_id.scheme: 17 bytes, at most 16", 45},
    {"id 15 bytes", "a5 01 01 02 4f 00112233445566778899aabbccddee " GTIN NAME MANU, DPP_ERR_SCHEMA_RANGE,
     "id: 15 bytes, expected 16", 4},
    {"17 materials declared", BASE6 "0b 91 " FF20, DPP_ERR_SCHEMA_RANGE, "materials: 17 entries, at most 16", 44},
    {"9 certifications declared", BASE6 "0d 89 " FF20, DPP_ERR_SCHEMA_RANGE, "certifications: 9 entries, at most 8",
     44},
    {"7 stages declared", BASE6 "0c a7 01 00 02 63 544e45 03 01 04 01 05 87 " FF20, DPP_ERR_SCHEMA_RANGE,
     "footprint.stages: 7 entries, at most 5", 57},
    {"65535 materials declared, few bytes", BASE6 "0b 99 ffff 01", DPP_ERR_CBOR_MALFORMED,
     "materials: malformed or forbidden CBOR at offset 44", 44},
    {"2^64-1 materials declared", BASE6 "0b 9b ffffffffffffffff", DPP_ERR_CBOR_MALFORMED,
     "materials: malformed or forbidden CBOR at offset 44", 44},
    {"huge map declared", "bb ffffffffffffffff 01 01", DPP_ERR_CBOR_MALFORMED,
     "passport: malformed or forbidden CBOR at offset 0", 0},
    {"huge string declared", "a5 01 01 " ID16 GTIN "06 7b 00000000ffffffff 58 " MANU, DPP_ERR_CBOR_MALFORMED,
     "name: malformed or forbidden CBOR at offset 32", 32},
    /* value ranges */
    {"gtin 15 digits", "a5 01 01 " ID16 "03 1b 00005af3107a4000 " NAME MANU, DPP_ERR_SCHEMA_RANGE,
     "gtin: 100000000000000 is out of range 0..99999999999999", 22},
    {"date too late", "a6 01 01 " ID16 GTIN NAME "08 1a 002cc0a1 " MANU, DPP_ERR_SCHEMA_RANGE,
     "production_date: 2932897 is out of range 0..2932896", 35},
    {"cas 4 digits", BASE6 "0b 81 a3 01 61 41 02 19 270f 03 00", DPP_ERR_SCHEMA_RANGE,
     "materials[0].cas: 9999 is out of range 10000..9999999999", 50},
    {"cas 11 digits", BASE6 "0b 81 a3 01 61 41 02 1b 00000002540be400 03 00", DPP_ERR_SCHEMA_RANGE,
     "materials[0].cas: 10000000000 is out of range 10000..9999999999", 50},
    {"boundary 5", BASE6 "0c a6 01 00 02 63 544e45 03 05 04 01 06 82 00 00 0a 01", DPP_ERR_SCHEMA_RANGE,
     "footprint.boundary: 5 is out of range 1..4", 53},
    {"boundary 0", BASE6 "0c a6 01 00 02 63 544e45 03 00 04 01 06 82 00 00 0a 01", DPP_ERR_SCHEMA_RANGE,
     "footprint.boundary: 0 is out of range 1..4", 53},
    {"method 8", BASE6 "0c a6 01 00 02 63 544e45 03 01 04 08 06 82 00 00 0a 01", DPP_ERR_SCHEMA_RANGE,
     "footprint.method: 8 is out of range 1..7", 55},
    {"verification 3", BASE6 "0c a6 01 00 02 63 544e45 03 01 04 01 06 82 00 00 0a 03", DPP_ERR_SCHEMA_RANGE,
     "footprint.verification: 3 is out of range 1..2", 61},
    {"stage 6", BASE6 "0c a7 01 00 02 63 544e45 03 01 04 01 05 81 82 06 00 06 82 00 00 0a 01", DPP_ERR_SCHEMA_RANGE,
     "footprint.stages[0].stage: 6 is out of range 1..5", 59},
    {"stage tuple of 3", BASE6 "0c a7 01 00 02 63 544e45 03 01 04 01 05 81 83 01 00 00 06 82 00 00 0a 01",
     DPP_ERR_SCHEMA_TYPE, "footprint.stages[0]: expected an array of 2, got 3 entries", 58},
    {"period of 3", BASE6 "0c a6 01 00 02 63 544e45 03 01 04 01 06 83 00 00 00 0a 01", DPP_ERR_SCHEMA_TYPE,
     "footprint.period_start: expected an array of 2, got 3 entries", 57},
    {"cn code 9 digits", BASE6 "0e a4 01 1a 05f5e100 02 62 434e 05 00 07 01", DPP_ERR_SCHEMA_RANGE,
     "cbam.cn_code: 100000000 is out of range 0..99999999", 46},
    {"cbam method 4", BASE6 "0e a4 01 00 02 62 434e 05 00 07 04", DPP_ERR_SCHEMA_RANGE,
     "cbam.method: 4 is out of range 1..3", 54},
    {"carbon price of 2", BASE6 "0e a5 01 00 02 62 434e 05 00 07 01 08 82 00 63 455552", DPP_ERR_SCHEMA_TYPE,
     "cbam.carbon_price: expected an array of 3, got 2 entries", 56},
    {"instrument 6", BASE6 "0e a5 01 00 02 62 434e 05 00 07 01 08 83 00 63 455552 06", DPP_ERR_SCHEMA_RANGE,
     "cbam.carbon_price.instrument: 6 is out of range 1..5", 62},
    /* decimals (as materials[0].mass_fraction, whose value starts at offset 50) */
    {"decimal exponent 0", BASE6 "0b 81 a2 01 61 41 03 c4 82 00 05", DPP_ERR_SCHEMA_RANGE,
     "materials[0].mass_fraction: exponent out of range -18..-1", 52},
    {"decimal exponent -19", BASE6 "0b 81 a2 01 61 41 03 c4 82 32 05", DPP_ERR_SCHEMA_RANGE,
     "materials[0].mass_fraction: exponent out of range -18..-1", 52},
    {"decimal exponent +1", BASE6 "0b 81 a2 01 61 41 03 c4 82 01 05", DPP_ERR_SCHEMA_RANGE,
     "materials[0].mass_fraction: exponent out of range -18..-1", 52},
    {"decimal exponent huge", BASE6 "0b 81 a2 01 61 41 03 c4 82 3b ffffffffffffffff 05", DPP_ERR_SCHEMA_RANGE,
     "materials[0].mass_fraction: exponent out of range -18..-1", 52},
    {"decimal exponent text", BASE6 "0b 81 a2 01 61 41 03 c4 82 61 31 05", DPP_ERR_SCHEMA_TYPE,
     "materials[0].mass_fraction: exponent must be an integer, got a text string", 52},
    {"decimal mantissa 10^18", BASE6 "0b 81 a2 01 61 41 03 c4 82 21 1b 0de0b6b3a7640000", DPP_ERR_SCHEMA_RANGE,
     "materials[0].mass_fraction: |mantissa| exceeds 10^18-1", 53},
    {"decimal mantissa -10^18", BASE6 "0b 81 a2 01 61 41 03 c4 82 21 3b 0de0b6b3a763ffff", DPP_ERR_SCHEMA_RANGE,
     "materials[0].mass_fraction: |mantissa| exceeds 10^18-1", 53},
    {"decimal mantissa -2^64", BASE6 "0b 81 a2 01 61 41 03 c4 82 21 3b ffffffffffffffff", DPP_ERR_SCHEMA_RANGE,
     "materials[0].mass_fraction: |mantissa| exceeds 10^18-1", 53},
    {"decimal mantissa bignum", BASE6 "0b 81 a2 01 61 41 03 c4 82 21 c2 41 01", DPP_ERR_SCHEMA_TYPE,
     "materials[0].mass_fraction: mantissa must be an integer, got a tag", 53},
    {"decimal plain 10^18", BASE6 "0b 81 a2 01 61 41 03 1b 0de0b6b3a7640000", DPP_ERR_SCHEMA_RANGE,
     "materials[0].mass_fraction: |mantissa| exceeds 10^18-1", 50},
    {"bigfloat tag", BASE6 "0b 81 a2 01 61 41 03 c5 82 21 05", DPP_ERR_SCHEMA_TYPE,
     "materials[0].mass_fraction: expected an integer or a decimal fraction (tag 4), got another tag", 50},
    {"decimal as text", BASE6 "0b 81 a2 01 61 41 03 64 302e3935", DPP_ERR_SCHEMA_TYPE,
     "materials[0].mass_fraction: expected an integer or a decimal fraction (tag 4), got a text string", 50},
    {"decimal as float", BASE6 "0b 81 a2 01 61 41 03 fb 3fee666666666666", DPP_ERR_CBOR_MALFORMED,
     "materials[0].mass_fraction: malformed or forbidden CBOR at offset 50", 50},
    {"decimal array of 3", BASE6 "0b 81 a2 01 61 41 03 c4 83 21 05 05", DPP_ERR_SCHEMA_TYPE,
     "materials[0].mass_fraction: a decimal fraction must be [exponent, mantissa]", 51},
    {"decimal array of 1", BASE6 "0b 81 a2 01 61 41 03 c4 81 21", DPP_ERR_SCHEMA_TYPE,
     "materials[0].mass_fraction: a decimal fraction must be [exponent, mantissa]", 51},
    {"decimal tag non-minimal", BASE6 "0b 81 a2 01 61 41 03 d8 04 82 21 05", DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "materials[0].mass_fraction: CBOR is not deterministically encoded at offset 50", 50},
    {"decimal mantissa non-minimal", BASE6 "0b 81 a2 01 61 41 03 c4 82 21 18 05", DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "materials[0].mass_fraction: CBOR is not deterministically encoded at offset 53", 53},
    /* missing required keys */
    {"name missing", "a4 01 01 " ID16 GTIN MANU, DPP_ERR_SCHEMA_MISSING, "name: missing (key 6)", 0},
    {"gtin missing", "a4 01 01 " ID16 NAME MANU, DPP_ERR_SCHEMA_MISSING, "gtin: missing (key 3)", 0},
    {"manufacturer missing", "a4 01 01 " ID16 GTIN NAME, DPP_ERR_SCHEMA_MISSING, "manufacturer: missing (key 9)", 0},
    {"country missing", "a5 01 01 " ID16 GTIN NAME "09 a1 01 61 4d", DPP_ERR_SCHEMA_MISSING,
     "manufacturer.country: missing (key 2)", 35},
    {"material name missing", BASE6 "0b 81 a1 03 00", DPP_ERR_SCHEMA_MISSING, "materials[0].name: missing (key 1)", 45},
    {"facility id missing", BASE6 "0a a1 02 61 46", DPP_ERR_SCHEMA_MISSING, "facility.id: missing (key 1)", 44},
    {"footprint verification missing", BASE6 "0c a5 01 00 02 63 544e45 03 01 04 01 06 82 00 00",
     DPP_ERR_SCHEMA_MISSING, "footprint.verification: missing (key 10)", 44},
    {"certification issuer missing", BASE6 "0d 81 a2 01 61 41 02 61 42", DPP_ERR_SCHEMA_MISSING,
     "certifications[0].issuer: missing (key 3)", 45},
    {"cbam method missing", BASE6 "0e a3 01 00 02 62 434e 05 00", DPP_ERR_SCHEMA_MISSING,
     "cbam.method: missing (key 7)", 44},
    /* text content */
    {"NUL in text", "a5 01 01 " ID16 GTIN "06 63 610062 " MANU, DPP_ERR_SCHEMA_FORMAT,
     "name: contains a control character", 32},
    /* extension map inside the passport */
    {"extensions depth 5", BASE6 "0f a1 61 61 81 81 81 81 81 01", DPP_ERR_SCHEMA_RANGE,
     "extensions: nested deeper than 4 levels", 51},
    {"extensions deep nesting", BASE6 "0f a1 61 61 81 81 81 81 81 81 81 81 81 81 81 81 81 81 81 81 81 81 81 81 01",
     DPP_ERR_SCHEMA_RANGE, "extensions: nested deeper than 4 levels", 51},
    {"extensions is array", BASE6 "0f 81 01", DPP_ERR_SCHEMA_TYPE, "extensions: expected a map, got an array", 44},
    {"extensions bstr value", BASE6 "0f a1 61 61 40", DPP_ERR_SCHEMA_TYPE, "extensions: a byte string is not allowed",
     47},
    {"extensions unsorted", BASE6 "0f a2 61 62 01 61 61 01", DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "extensions: key \"a\" is out of order", 48},
    /* decodes, then fails validation (no offset) */
    {"gtin check digit", "a5 01 01 " ID16 "03 1b 000003a4ceefadac " NAME MANU, DPP_ERR_SCHEMA_CHECK_DIGIT,
     "gtin: check digit is 2, expected 1", NOOFF},
    {"cas check digit", BASE6 "0b 81 a3 01 61 41 02 1a 00718617 03 00", DPP_ERR_SCHEMA_CHECK_DIGIT,
     "materials[0].cas: check digit is 5, expected 6", NOOFF},
    {"country XK", "a5 01 01 " ID16 GTIN NAME "09 a2 01 61 4d 02 62 584b", DPP_ERR_SCHEMA_FORMAT,
     "manufacturer.country: \"XK\" is not an ISO 3166-1 alpha-2 code", NOOFF},
    {"tab in name", "a5 01 01 " ID16 GTIN "06 63 610962 " MANU, DPP_ERR_SCHEMA_FORMAT,
     "name: contains a control character", NOOFF},
    {"material without amount", BASE6 "0b 81 a1 01 61 41", DPP_ERR_SCHEMA_MISSING,
     "materials[0].mass_fraction: missing (mass_fraction or mass is required)", NOOFF},
    {"5 stages, repeated kind", BASE6 "0c a7 01 00 02 63 544e45 03 01 04 01 05 85 82 01 00 82 02 00 82 03 00 82 04 00 "
                                "82 04 00 06 82 00 00 0a 01",
     DPP_ERR_SCHEMA_RANGE, "footprint.stages[4].stage: 4 after 4 (stages must be strictly increasing)", NOOFF},
    {"period reversed", BASE6 "0c a6 01 00 02 63 544e45 03 01 04 01 06 82 01 00 0a 01", DPP_ERR_SCHEMA_RANGE,
     "footprint.period_end: 1970-01-01 is before period_start 1970-01-02", NOOFF},
    {"see 6 decimals", BASE6 "0e a4 01 00 02 62 434e 05 c4 82 25 01 07 01", DPP_ERR_SCHEMA_RANGE,
     "cbam.see_direct: 0.000001 has more than 5 decimal places", NOOFF},
    {"all-zero id", "a5 01 01 02 50 00000000000000000000000000000000 " GTIN NAME MANU, DPP_ERR_SCHEMA_MISSING,
     "id: missing (all-zero UUID)", NOOFF},
    /* the CBAM block's communication template data (keys 9..19) */
    {"cbam template fields valid", BASE6 CBAM5 "09 a3 01 61 58 05 62 434e 06 65 434e414243", DPP_OK, "", NOOFF},
    {"cbam key 20", BASE6 CBAM5 "14 00", DPP_ERR_SCHEMA_UNKNOWN_FIELD, "cbam: unknown key 20", 55},
    {"cbam see_unit 3", BASE6 CBAM5 "0e 03", DPP_ERR_SCHEMA_RANGE, "cbam.see_unit: 3 is out of range 1..2", 56},
    {"cbam installation country missing", BASE6 CBAM5 "09 a1 01 61 58", DPP_ERR_SCHEMA_MISSING,
     "cbam.installation.country: missing (key 5)", 56},
    {"cbam installation unknown key 10", BASE6 CBAM5 "09 a3 01 61 58 05 62 434e 0a 00", DPP_ERR_SCHEMA_UNKNOWN_FIELD,
     "cbam.installation: unknown key 10", 64},
    {"cbam period of 3", BASE6 CBAM5 "0a 83 00 00 00", DPP_ERR_SCHEMA_TYPE,
     "cbam.period: expected an array of 2, got 3 entries", 56},
    {"cbam 7 precursors", BASE6 CBAM5 "11 87 a0 a0 a0 a0 a0 a0 a0", DPP_ERR_SCHEMA_RANGE, "cbam.precursors: 7 entries, at most 6", 56},
    {"cbam precursor see_direct missing", BASE6 CBAM5 "11 81 a1 01 00", DPP_ERR_SCHEMA_MISSING,
     "cbam.precursors[0].see_direct: missing (key 3)", 57},
    {"cbam electricity consumed missing", BASE6 CBAM5 "10 a1 02 00", DPP_ERR_SCHEMA_MISSING,
     "cbam.electricity.consumed: missing (key 1)", 56},
    {"cbam empty price details", BASE6 CBAM5 "12 a0", DPP_ERR_SCHEMA_RANGE,
     "cbam.carbon_price: empty price details map (key 18)", 56},
    {"cbam verifier name missing", BASE6 CBAM5 "13 a1 02 62 4445", DPP_ERR_SCHEMA_MISSING,
     "cbam.verifier.name: missing (key 1)", 56},
    {"cbam price details without price", BASE6 CBAM5 "12 a1 01 00", DPP_ERR_SCHEMA_MISSING,
     "cbam.carbon_price.amount: missing (required with covered)", NOOFF},
    {"cbam unlocode lower case", BASE6 CBAM5 "09 a3 01 61 58 05 62 434e 06 65 636e616263", DPP_ERR_SCHEMA_FORMAT,
     "cbam.installation.unlocode: \"cnabc\" is not a UN/LOCODE", NOOFF},
    {"cbam unlocode other country", BASE6 CBAM5 "09 a3 01 61 58 05 62 434e 06 65 4445484d42", DPP_ERR_SCHEMA_RANGE,
     "cbam.installation.unlocode: \"DEHMB\" is not in the installation's country CN", NOOFF},
    {"cbam latitude 91", BASE6 CBAM5 "09 a3 01 61 58 05 62 434e 07 82 18 5b 00", DPP_ERR_SCHEMA_RANGE,
     "cbam.installation.coordinates.latitude: 91 is out of range -90..90", NOOFF},
    {"cbam period reversed", BASE6 CBAM5 "0a 82 01 00", DPP_ERR_SCHEMA_RANGE,
     "cbam.period.end: 1970-01-01 is before start 1970-01-02", NOOFF},
    {"cbam default share 2", BASE6 CBAM5 "0f 02", DPP_ERR_SCHEMA_RANGE, "cbam.default_share: 2 is out of range 0..1",
     NOOFF},
};

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

static void every_decode_error(void **state)
{
    dpp_passport *p = new_passport();
    uint8_t *in = malloc(DPP_MAX_COSE_LEN);
    unsigned failures = 0;
    (void)state;
    assert_non_null(in);
    for (size_t i = 0; i < sizeof k_decode / sizeof k_decode[0]; i++) {
        const decode_case *c = &k_decode[i];
        size_t n = unhex(c->hex, in, DPP_MAX_COSE_LEN);
        dpp_diag diag;
        dpp_err err;
        memset(p, 0x6b, sizeof *p);
        memset(&diag, 0x6b, sizeof diag);
        err = dpp_passport_from_cbor(in, n, p, &diag);
        if (err != c->err || diag.err != c->err || strncmp(diag.msg, c->msg, strlen(c->msg)) != 0 ||
            (c->offset != ANYOFF && diag.offset != c->offset))
        {
            print_error("%s: got %s \"%s\" offset %zu, want %s \"%s...\" offset %zu\n", c->label,
                        dpp_err_name(err), diag.msg, diag.offset, dpp_err_name(c->err), c->msg, c->offset);
            failures++;
        }
        assert_path_of_msg(&diag);
        if (err != DPP_OK && !all_zero(p, sizeof *p)) {
            print_error("%s: output not zeroed\n", c->label);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
    free(in);
    free(p);
}

/* Every proper prefix of a valid encoding is rejected as malformed CBOR. */
static void every_truncation(void **state)
{
    uint8_t in[256];
    size_t n = unhex(k_golden_hex, in, sizeof in);
    dpp_passport *p = new_passport();
    (void)state;
    for (size_t k = 0; k < n; k++) {
        dpp_err err = dpp_passport_from_cbor(in, k, p, NULL);
        if (err != DPP_ERR_CBOR_MALFORMED) fail_msg("prefix %zu: %s", k, dpp_err_name(err));
        if (!all_zero(p, sizeof *p)) fail_msg("prefix %zu: output not zeroed", k);
    }
    free(p);
}

/* All 1- and 2-byte inputs: an error in the malformed or schema range, a
 * zeroed output, no crash. */
static void all_short_inputs(void **state)
{
    dpp_passport *p = new_passport();
    uint8_t in[2];
    unsigned counts[100] = {0};
    (void)state;
    for (unsigned len = 1; len <= 2; len++) {
        unsigned total = len == 1 ? 256u : 65536u;
        for (unsigned v = 0; v < total; v++) {
            dpp_err err;
            in[0] = (uint8_t)(len == 1 ? v : v >> 8);
            in[1] = (uint8_t)v;
            memset(p, 0x33, 64);
            err = dpp_passport_from_cbor(in, len, p, NULL);
            if (!dpp_err_is_malformed(err) && !dpp_err_is_schema(err))
                fail_msg("input %02x%s: %s", in[0], len == 2 ? "+1" : "", dpp_err_name(err));
            if (!all_zero(p, 64) || !all_zero((const uint8_t *)p + sizeof *p - 64, 64))
                fail_msg("input of %u bytes, value %u: output not zeroed", len, v);
            counts[err]++;
        }
    }
    /* the obvious ones land where expected */
    assert_int_equal(dpp_passport_from_cbor((const uint8_t *)"\xa0", 1, p, NULL), DPP_ERR_SCHEMA_MISSING);
    assert_int_equal(dpp_passport_from_cbor((const uint8_t *)"\x80", 1, p, NULL), DPP_ERR_SCHEMA_TYPE);
    assert_int_equal(dpp_passport_from_cbor((const uint8_t *)"\xa1", 1, p, NULL), DPP_ERR_CBOR_MALFORMED);
    assert_int_equal(dpp_passport_from_cbor((const uint8_t *)"\xa0\x00", 2, p, NULL), DPP_ERR_SCHEMA_MISSING);
    assert_int_equal(dpp_passport_from_cbor((const uint8_t *)"\xa1\x10", 2, p, NULL), DPP_ERR_CBOR_MALFORMED);
    print_message("malformed %u, schema type %u, missing %u\n", counts[DPP_ERR_CBOR_MALFORMED],
                  counts[DPP_ERR_SCHEMA_TYPE], counts[DPP_ERR_SCHEMA_MISSING]);
    assert_true(counts[DPP_ERR_CBOR_MALFORMED] > 0);
    free(p);
}

/* Random byte mutations of a maximal encoding: decoding never crashes, and
 * whatever decodes re-encodes to exactly the input (strict decoder +
 * deterministic encoder = one encoding per passport). */
static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 17;
}

static void random_mutations(void **state)
{
    uint8_t *orig = malloc(DPP_MAX_COSE_LEN);
    uint8_t *buf = malloc(DPP_MAX_COSE_LEN);
    uint8_t *again = malloc(DPP_MAX_COSE_LEN);
    size_t len = 0;
    uint64_t seed = 424242u;
    unsigned ok = 0;
    dpp_passport *p = new_passport();
    (void)state;
    assert_non_null(orig);
    assert_non_null(buf);
    assert_non_null(again);
    make_max(p, false);
    assert_int_equal(dpp_passport_to_cbor(p, orig, DPP_MAX_COSE_LEN, &len, NULL), DPP_OK);
    print_message("seed %llu\n", (unsigned long long)seed);
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = len, len2 = 0;
        int flips = 1 + (int)(lcg(&seed) % 3u);
        dpp_err err;
        memcpy(buf, orig, len);
        for (int f = 0; f < flips; f++) buf[lcg(&seed) % len] = (uint8_t)lcg(&seed);
        if (lcg(&seed) % 4u == 0) n = (size_t)(lcg(&seed) % len);
        err = dpp_passport_from_cbor(buf, n, p, NULL);
        if (err != DPP_OK) {
            if (!dpp_err_is_malformed(err) && !dpp_err_is_schema(err)) fail_msg("iter %d: %s", iter, dpp_err_name(err));
            continue;
        }
        ok++;
        assert_int_equal(dpp_passport_to_cbor(p, again, DPP_MAX_COSE_LEN, &len2, NULL), DPP_OK);
        if (len2 != n || memcmp(again, buf, n) != 0) fail_msg("iter %d: accepted input does not re-encode", iter);
    }
    print_message("%u of 3000 mutants decoded\n", ok);
    free(orig);
    free(buf);
    free(again);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(golden_encode),
        cmocka_unit_test(golden_decode),
        cmocka_unit_test(leading_zeros_restored),
        cmocka_unit_test(utf8_name_round_trips),
        cmocka_unit_test(max_round_trip_public),
        cmocka_unit_test(max_round_trip_full_capacity),
        cmocka_unit_test(read_inside_larger_item),
        cmocka_unit_test(api_arguments),
        cmocka_unit_test(every_decode_error),
        cmocka_unit_test(every_truncation),
        cmocka_unit_test(all_short_inputs),
        cmocka_unit_test(random_mutations),
    };
    return cmocka_run_group_tests_name("test_passport_cbor", tests, NULL, NULL);
}
