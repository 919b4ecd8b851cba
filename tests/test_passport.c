/* SPDX-License-Identifier: Apache-2.0 */
/* Passport validation (dpp_passport_validate) and the code-list helpers (codes.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "dpp/dpp_passport.h"
#include "ext.h"

/* ---- A valid passport using every field ---- */

static const uint8_t k_ext_color[] = {0xa1, 0x65, 'c', 'o', 'l', 'o', 'r', 0x63, 'r', 'e', 'd'}; /* {"color": "red"} */

static dpp_decimal dec(int64_t m, int e)
{
    dpp_decimal d;
    d.mantissa = m;
    d.exponent = (int8_t)e;
    return d;
}

static void make_full(dpp_passport *p)
{
    dpp_passport_init(p);
    for (int i = 0; i < 16; i++) p->id[i] = (uint8_t)(i + 1);
    strcpy(p->gtin, "04006381333931");
    strcpy(p->batch, "LOT-2024/07");
    strcpy(p->serial, "SN(42)_x");
    strcpy(p->name, "钢卷 热轧");
    strcpy(p->category, "steel");
    p->has_production_date = true;
    p->production_date = 19782;
    strcpy(p->manufacturer.name, "ACME Steel GmbH");
    strcpy(p->manufacturer.country, "DE");
    strcpy(p->manufacturer.operator_id.scheme, "EORI");
    strcpy(p->manufacturer.operator_id.value, "DE123456789012345");
    p->has_facility = true;
    strcpy(p->facility.id.scheme, "GLN");
    strcpy(p->facility.id.value, "4012345000009");
    strcpy(p->facility.name, "Works 1");

    p->n_materials = 2;
    strcpy(p->materials[0].name, "Iron");
    strcpy(p->materials[0].cas, "7439-89-6");
    p->materials[0].has_mass_fraction = true;
    p->materials[0].mass_fraction = dec(95, -2);
    p->materials[0].has_mass = true;
    p->materials[0].mass = dec(950, 0);
    strcpy(p->materials[0].mass_unit, "KGM");
    p->materials[0].has_recycled_share = true;
    p->materials[0].recycled_share = dec(30, -2);
    p->materials[0].has_renewable_share = true;
    p->materials[0].renewable_share = dec(0, -1);
    strcpy(p->materials[0].origin, "BR");
    strcpy(p->materials[1].name, "Carbon");
    strcpy(p->materials[1].cas, "7440-44-0");
    p->materials[1].has_mass_fraction = true;
    p->materials[1].mass_fraction = dec(5, -2);
    p->materials[1].hazardous = true;

    p->has_footprint = true;
    p->footprint.total = dec(185, -2);
    strcpy(p->footprint.declared_unit, "TNE");
    p->footprint.boundary = DPP_BOUNDARY_CRADLE_TO_GATE;
    p->footprint.method = DPP_METHOD_ISO_14067;
    p->footprint.n_stages = 2;
    p->footprint.stages[0].stage = DPP_STAGE_RAW_MATERIALS;
    p->footprint.stages[0].value = dec(12, -1);
    p->footprint.stages[1].stage = DPP_STAGE_PRODUCTION;
    p->footprint.stages[1].value = dec(65, -2);
    p->footprint.period_start = 19358; /* 2023-01-01 */
    p->footprint.period_end = 19722;   /* 2023-12-31 */
    p->footprint.has_primary_share = true;
    p->footprint.primary_share = dec(4, -1);
    p->footprint.has_electricity_ef = true;
    p->footprint.electricity_ef = dec(38, -2);
    strcpy(p->footprint.electricity_ef_source, "IEA 2023");
    p->footprint.verification = DPP_VERIFICATION_THIRD_PARTY;

    p->n_certifications = 1;
    strcpy(p->certifications[0].scheme, "ISO 14001");
    strcpy(p->certifications[0].certificate_id, "CERT-001");
    strcpy(p->certifications[0].issuer, "TÜV Süd");
    p->certifications[0].has_valid_from = true;
    p->certifications[0].valid_from = 18993; /* 2022-01-01 */
    p->certifications[0].has_valid_until = true;
    p->certifications[0].valid_until = 20088;
    strcpy(p->certifications[0].scope, "Steel production");

    p->has_cbam = true;
    strcpy(p->cbam.cn_code, "72083900");
    strcpy(p->cbam.origin, "CN");
    strcpy(p->cbam.installation_id, "CN-INST-0001");
    strcpy(p->cbam.route, "BF-BOF");
    p->cbam.see_direct = dec(185432, -5);
    p->cbam.has_see_indirect = true;
    p->cbam.see_indirect = dec(12, -2);
    p->cbam.method = DPP_CBAM_ACTUAL;
    p->cbam.has_carbon_price = true;
    p->cbam.carbon_price = dec(1250, -2);
    strcpy(p->cbam.carbon_price_currency, "CNY");
    p->cbam.carbon_price_instrument = DPP_PRICE_ETS;

    memcpy(p->ext, k_ext_color, sizeof k_ext_color);
    p->ext_len = sizeof k_ext_color;
}

static void make_minimal(dpp_passport *p)
{
    dpp_passport_init(p);
    p->id[15] = 1;
    strcpy(p->gtin, "04006381333931");
    strcpy(p->name, "X");
    strcpy(p->manufacturer.name, "M");
    strcpy(p->manufacturer.country, "CN");
}

static void full_and_minimal_are_valid(void **state)
{
    dpp_passport *p = malloc(sizeof *p);
    dpp_diag diag;
    (void)state;
    assert_non_null(p);
    make_full(p);
    memset(&diag, 0x55, sizeof diag);
    assert_int_equal(dpp_passport_validate(p, &diag), DPP_OK);
    assert_int_equal(diag.err, DPP_OK);
    assert_string_equal(diag.msg, "");
    assert_int_equal(dpp_passport_validate(p, NULL), DPP_OK);
    make_minimal(p);
    assert_int_equal(dpp_passport_validate(p, &diag), DPP_OK);
    assert_int_equal(dpp_passport_validate(NULL, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(diag.err, DPP_ERR_INVALID_ARG);
    free(p);
}

static void init_zero_fills(void **state)
{
    dpp_passport *p = malloc(sizeof *p);
    static const dpp_passport zero;
    (void)state;
    assert_non_null(p);
    memset(p, 0xa5, sizeof *p);
    dpp_passport_init(p);
    assert_memory_equal(p, &zero, sizeof *p);
    dpp_passport_init(NULL); /* no crash */
    free(p);
}

/* ---- Every rule: one mutation of the full passport each ---- */

typedef void (*mutate_fn)(dpp_passport *p);

typedef struct rule_case {
    const char *label;
    mutate_fn mutate;
    dpp_err err; /* DPP_OK: the mutation keeps the passport valid */
    const char *msg;
} rule_case;

#define M(name, body) \
    static void name(dpp_passport *p) { body; }

/* header */
M(m_id_zero, memset(p->id, 0, 16))
M(m_gtin_empty, p->gtin[0] = '\0')
M(m_gtin_13, strcpy(p->gtin, "4006381333931"))
M(m_gtin_letter, strcpy(p->gtin, "0400638133393X"))
M(m_gtin_check, strcpy(p->gtin, "04006381333933"))
M(m_gtin_unterminated, memset(p->gtin, '1', sizeof p->gtin))
M(m_gtin_zeros, strcpy(p->gtin, "00000000000000"))
M(m_batch_space, strcpy(p->batch, "LOT 1"))
M(m_batch_hash, strcpy(p->batch, "LOT#1"))
M(m_batch_unterminated, memset(p->batch, 'A', sizeof p->batch))
M(m_batch_all82, strcpy(p->batch, "!\"%&'()*+,-./:;<=>?_"))
M(m_batch_empty, p->batch[0] = '\0')
M(m_serial_utf8, strcpy(p->serial, "SN-\xc3\xa9"))
M(m_name_empty, p->name[0] = '\0')
M(m_name_tab, strcpy(p->name, "a\tb"))
M(m_name_newline, strcpy(p->name, "a\nb"))
M(m_name_del, strcpy(p->name, "a\x7f"))
M(m_name_c1, strcpy(p->name, "a\xc2\x85"))
M(m_name_bad_utf8, strcpy(p->name, "a\xff"))
M(m_name_overlong, strcpy(p->name, "\xc0\xaf"))
M(m_name_surrogate, strcpy(p->name, "\xed\xa0\x80"))
M(m_name_truncated_utf8, strcpy(p->name, "\xe9\x92"))
M(m_name_max, memset(p->name, 'n', DPP_MAX_NAME); p->name[DPP_MAX_NAME] = '\0')
M(m_name_unterminated, memset(p->name, 'n', sizeof p->name))
M(m_category_cr, strcpy(p->category, "a\rb"))
M(m_category_unterminated, memset(p->category, 'c', sizeof p->category))
M(m_prod_date_neg, p->production_date = -1)
M(m_prod_date_big, p->production_date = 2932897)
M(m_prod_date_ignored, p->has_production_date = false; p->production_date = -7)
/* manufacturer */
M(m_mf_name_empty, p->manufacturer.name[0] = '\0')
M(m_mf_country_empty, p->manufacturer.country[0] = '\0')
M(m_mf_country_xx, strcpy(p->manufacturer.country, "XX"))
M(m_mf_country_xk, strcpy(p->manufacturer.country, "XK"))
M(m_mf_country_lower, strcpy(p->manufacturer.country, "de"))
M(m_mf_country_one, strcpy(p->manufacturer.country, "D"))
M(m_mf_country_ctrl, strcpy(p->manufacturer.country, "D\x01"))
M(m_mf_country_unterminated, memcpy(p->manufacturer.country, "DEU", 3))
M(m_op_scheme_empty, p->manufacturer.operator_id.scheme[0] = '\0')
M(m_op_value_empty, p->manufacturer.operator_id.value[0] = '\0')
M(m_op_both_empty, p->manufacturer.operator_id.scheme[0] = '\0'; p->manufacturer.operator_id.value[0] = '\0')
M(m_op_scheme_lower, strcpy(p->manufacturer.operator_id.scheme, "eori"))
M(m_op_scheme_space, strcpy(p->manufacturer.operator_id.scheme, "EO RI"))
M(m_op_scheme_unterminated, memset(p->manufacturer.operator_id.scheme, 'A', sizeof p->manufacturer.operator_id.scheme))
M(m_op_value_ctrl, strcpy(p->manufacturer.operator_id.value, "DE\x1b"))
/* facility */
M(m_fac_id_empty, memset(&p->facility.id, 0, sizeof p->facility.id))
M(m_fac_value_empty, p->facility.id.value[0] = '\0')
M(m_fac_name_ctrl, strcpy(p->facility.name, "W\x02"))
M(m_fac_name_empty, p->facility.name[0] = '\0')
M(m_fac_absent_garbage, p->has_facility = false; memset(&p->facility, 0xff, sizeof p->facility))
/* materials */
M(m_mat_count, p->n_materials = 17)
M(m_mat_none, p->n_materials = 0)
M(m_mat1_name_empty, p->materials[1].name[0] = '\0')
M(m_mat_cas_check, strcpy(p->materials[0].cas, "7439-89-5"))
M(m_mat_cas_nohyphen, strcpy(p->materials[0].cas, "7439896"))
M(m_mat_cas_leading0, strcpy(p->materials[0].cas, "0439-89-6"))
M(m_mat_cas_short, strcpy(p->materials[0].cas, "7-89-6"))
M(m_mat_cas_empty, p->materials[0].cas[0] = '\0')
M(m_mat_no_amount, p->materials[0].has_mass_fraction = false; p->materials[0].has_mass = false)
M(m_mat_mass_only, p->materials[0].has_mass_fraction = false)
M(m_mat_fraction_big, p->materials[0].mass_fraction = dec(12, -1))
M(m_mat_fraction_neg, p->materials[0].mass_fraction = dec(-1, -1))
M(m_mat_fraction_bad, p->materials[0].mass_fraction = dec(1, -19))
M(m_mat_mass_zero, p->materials[0].mass = dec(0, -3))
M(m_mat_mass_neg, p->materials[0].mass = dec(-5, 0))
M(m_mat_mass_no_unit, p->materials[0].mass_unit[0] = '\0')
M(m_mat_unit_no_mass, p->materials[0].has_mass = false)
M(m_mat_unit_lower, strcpy(p->materials[0].mass_unit, "kg"))
M(m_mat_unit_one, strcpy(p->materials[0].mass_unit, "K"))
M(m_mat_unit_unterminated, memset(p->materials[0].mass_unit, 'K', sizeof p->materials[0].mass_unit))
M(m_mat_recycled_big,
  p->n_materials = 3; p->materials[2] = p->materials[1]; p->materials[2].has_mass_fraction = false;
  p->materials[2].has_mass = true; p->materials[2].mass = dec(1, 0); strcpy(p->materials[2].mass_unit, "GRM");
  p->materials[2].has_recycled_share = true; p->materials[2].recycled_share = dec(12, -1))
M(m_mat_recycled_one, p->materials[0].recycled_share = dec(1, 0))
M(m_mat_renewable_bad, p->materials[0].renewable_share = dec(1, 1))
M(m_mat_renewable_ignored, p->materials[0].has_renewable_share = false; p->materials[0].renewable_share = dec(7, 0))
M(m_mat_origin_zz, strcpy(p->materials[0].origin, "ZZ"))
M(m_mat_origin_empty, p->materials[0].origin[0] = '\0')
M(m_mat_sum_over, p->materials[1].mass_fraction = dec(6, -2))
M(m_mat_sum_tiny_over, p->materials[1].mass_fraction = dec(50000000000000001LL, -18))
M(m_mat_sum_16, p->n_materials = 16;
  for (int i = 0; i < 16; i++) {
      p->materials[i] = p->materials[1];
      p->materials[i].mass_fraction = dec(1, 0);
  })
M(m_mat_sum_16_exact, p->n_materials = 16;
  for (int i = 0; i < 16; i++) {
      p->materials[i] = p->materials[1];
      p->materials[i].mass_fraction = dec(625, -4);
  })
/* footprint */
M(m_fp_total_neg, p->footprint.total = dec(-1, 0))
M(m_fp_total_zero, p->footprint.total = dec(0, 0))
M(m_fp_total_bad, p->footprint.total = dec(DPP_DECIMAL_MAX_MANTISSA + 1, 0))
M(m_fp_unit_empty, p->footprint.declared_unit[0] = '\0')
M(m_fp_unit_bad, strcpy(p->footprint.declared_unit, "T-E"))
M(m_fp_boundary_zero, p->footprint.boundary = (dpp_boundary)0)
M(m_fp_boundary_big, p->footprint.boundary = (dpp_boundary)5)
M(m_fp_method_big, p->footprint.method = (dpp_method)8)
M(m_fp_method_neg, p->footprint.method = (dpp_method)-1)
M(m_fp_stages_count, p->footprint.n_stages = 7)
M(m_fp_stage_big, p->footprint.stages[1].stage = (dpp_stage_kind)6)
M(m_fp_stage_zero, p->footprint.stages[0].stage = (dpp_stage_kind)0)
M(m_fp_stage_equal, p->footprint.stages[1].stage = DPP_STAGE_RAW_MATERIALS)
M(m_fp_stage_down, p->footprint.stages[0].stage = DPP_STAGE_USE)
M(m_fp_stage_value_bad, p->footprint.stages[1].value = dec(1, -20))
M(m_fp_stage_value_neg, p->footprint.stages[1].value = dec(-3, -1))
M(m_fp_period_order, p->footprint.period_start = 19358; p->footprint.period_end = 19357)
M(m_fp_period_same, p->footprint.period_end = p->footprint.period_start)
M(m_fp_period_neg, p->footprint.period_start = -5)
M(m_fp_period_big, p->footprint.period_end = 2932897)
M(m_fp_primary_big, p->footprint.primary_share = dec(101, -2))
M(m_fp_ef_neg, p->footprint.electricity_ef = dec(-1, -1))
M(m_fp_source_ctrl, strcpy(p->footprint.electricity_ef_source, "IEA\x1f"))
M(m_fp_verif_zero, p->footprint.verification = (dpp_verification)0)
M(m_fp_verif_big, p->footprint.verification = (dpp_verification)3)
M(m_fp_absent_garbage, p->has_footprint = false; memset(&p->footprint, 0xff, sizeof p->footprint))
/* certifications */
M(m_cert_count, p->n_certifications = 9)
M(m_cert_scheme_empty, p->certifications[0].scheme[0] = '\0')
M(m_cert_id_empty, p->certifications[0].certificate_id[0] = '\0')
M(m_cert_issuer_empty, p->certifications[0].issuer[0] = '\0')
M(m_cert_until_before, p->certifications[0].valid_from = 18993; p->certifications[0].valid_until = 18992)
M(m_cert_until_only, p->certifications[0].has_valid_from = false; p->certifications[0].valid_until = 0)
M(m_cert_from_neg, p->certifications[0].valid_from = -1)
M(m_cert_until_big, p->certifications[0].valid_until = 3000000)
M(m_cert_scope_unterminated, memset(p->certifications[0].scope, 's', sizeof p->certifications[0].scope))
M(m_cert2_issuer_ctrl, p->n_certifications = 2; p->certifications[1] = p->certifications[0];
  strcpy(p->certifications[1].issuer, "\x7f"))
/* cbam */
M(m_cbam_cn_empty, p->cbam.cn_code[0] = '\0')
M(m_cbam_cn_short, strcpy(p->cbam.cn_code, "7208390"))
M(m_cbam_cn_letter, strcpy(p->cbam.cn_code, "7208390A"))
M(m_cbam_origin_xk, strcpy(p->cbam.origin, "XK"))
M(m_cbam_origin_empty, p->cbam.origin[0] = '\0')
M(m_cbam_inst_ctrl, strcpy(p->cbam.installation_id, "I\x7f"))
M(m_cbam_route_unterminated, memset(p->cbam.route, 'R', sizeof p->cbam.route))
M(m_cbam_see_6dp, p->cbam.see_direct = dec(1000001, -6))
M(m_cbam_see_6dp_zero, p->cbam.see_direct = dec(1000000, -6))
M(m_cbam_see_neg, p->cbam.see_direct = dec(-1, 0))
M(m_cbam_see_ind_6dp, p->cbam.see_indirect = dec(1, -6))
M(m_cbam_see_ind_ignored, p->cbam.has_see_indirect = false; p->cbam.see_indirect = dec(-1, -9))
M(m_cbam_method_zero, p->cbam.method = (dpp_cbam_method)0)
M(m_cbam_method_big, p->cbam.method = (dpp_cbam_method)4)
M(m_cbam_price_neg, p->cbam.carbon_price = dec(-1, 0))
M(m_cbam_price_6dp, p->cbam.carbon_price = dec(1, -6))
M(m_cbam_cur_empty, p->cbam.carbon_price_currency[0] = '\0')
M(m_cbam_cur_lower, strcpy(p->cbam.carbon_price_currency, "eur"))
M(m_cbam_cur_short, strcpy(p->cbam.carbon_price_currency, "EU"))
M(m_cbam_instr_zero, p->cbam.carbon_price_instrument = (dpp_price_instrument)0)
M(m_cbam_instr_big, p->cbam.carbon_price_instrument = (dpp_price_instrument)6)
M(m_cbam_no_price, p->has_carbon_price_dummy_unused = 0)
M(m_cbam_absent_garbage, p->has_cbam = false; memset(&p->cbam, 0xff, sizeof p->cbam))
/* extensions */
M(m_ext_too_long, p->ext_len = DPP_MAX_EXT_LEN + 1)
M(m_ext_none, p->ext_len = 0; memset(p->ext, 0xff, sizeof p->ext))
M(m_ext_bstr, static const uint8_t e[] = {0xa1, 0x61, 'a', 0x41, 0x00}; memcpy(p->ext, e, sizeof e); p->ext_len = sizeof e)
M(m_ext_trailing, p->ext[p->ext_len++] = 0x00)
M(m_ext_truncated, p->ext_len--)
