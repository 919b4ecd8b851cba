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

#define M(name, ...) \
    static void name(dpp_passport *p) { __VA_ARGS__; }

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
M(m_cbam_no_price, p->cbam.has_carbon_price = false; p->cbam.carbon_price_currency[0] = '\0';
  p->cbam.carbon_price_instrument = (dpp_price_instrument)0; p->cbam.carbon_price = dec(-1, 5))
M(m_cbam_absent_garbage, p->has_cbam = false; memset(&p->cbam, 0xff, sizeof p->cbam))
/* cbam: the communication template data */
M(m_cbam_ef_without_elec, p->cbam.has_electricity_ef = true; p->cbam.electricity_ef = dec(589, -3))
M(m_cbam_src_without_elec, strcpy(p->cbam.electricity_ef_source, "Mix"))
M(m_cbam_elec_ok, p->cbam.has_electricity = true; p->cbam.electricity = dec(34559, -5);
  strcpy(p->cbam.electricity_ef_source, "Mix"))
M(m_cbam_prec_count, p->cbam.n_precursors = DPP_MAX_PRECURSORS + 1)
M(m_cbam_prec_cn_unterminated, p->cbam.n_precursors = 1; memset(p->cbam.precursors[0].cn_code, '7', 9))
M(m_cbam_prec_see_missing_ok, p->cbam.n_precursors = 1; strcpy(p->cbam.precursors[0].cn_code, "72011011"))
M(m_cbam_see_unit_unterminated, memset(p->cbam.see_unit, 't', sizeof p->cbam.see_unit))
M(m_cbam_see_unit_kg, strcpy(p->cbam.see_unit, "kgCO2e/t"))
M(m_cbam_inst_name_missing, p->cbam.has_installation = true; strcpy(p->cbam.installation.country, "CN"))
M(m_cbam_inst_absent_garbage, p->cbam.has_installation = false;
  memset(&p->cbam.installation, 0xff, sizeof p->cbam.installation))
M(m_cbam_inst_lon_big, p->cbam.has_installation = true; strcpy(p->cbam.installation.name, "I");
  strcpy(p->cbam.installation.country, "CN"); p->cbam.installation.has_coordinates = true;
  p->cbam.installation.longitude = dec(18000001, -5))
M(m_cbam_rebate_type_alone, strcpy(p->cbam.rebate_type, "Tax deduction"))
M(m_cbam_effective_no_price, p->cbam.has_carbon_price = false; p->cbam.has_effective_price = true;
  p->cbam.effective_price = dec(5, 0))
M(m_cbam_verifier_state_lower, p->cbam.has_verifier = true; strcpy(p->cbam.verifier.name, "V");
  strcpy(p->cbam.verifier.accreditation_state, "de"))
/* extensions */
M(m_ext_too_long, p->ext_len = DPP_MAX_EXT_LEN + 1)
M(m_ext_none, p->ext_len = 0; memset(p->ext, 0xff, sizeof p->ext))
M(m_ext_bstr, static const uint8_t e[] = {0xa1, 0x61, 'a', 0x41, 0x00}; memcpy(p->ext, e, sizeof e);
  p->ext_len = sizeof e)
M(m_ext_trailing, p->ext[p->ext_len++] = 0x00)
M(m_ext_truncated, p->ext_len--)

#define OKC(fn) {#fn, fn, DPP_OK, ""}
#define BAD(fn, e, msg) {#fn, fn, DPP_ERR_SCHEMA_##e, msg}

static const rule_case k_rules[] = {
    BAD(m_id_zero, MISSING, "id: missing (all-zero UUID)"),
    BAD(m_gtin_empty, MISSING, "gtin: missing"),
    BAD(m_gtin_13, FORMAT, "gtin: \"4006381333931\" must be 14 digits (left-pad GTIN-8/12/13 with zeros)"),
    BAD(m_gtin_letter, FORMAT, "gtin: \"0400638133393X\" must be 14 digits (left-pad GTIN-8/12/13 with zeros)"),
    BAD(m_gtin_check, CHECK_DIGIT, "gtin: check digit is 3, expected 1"),
    BAD(m_gtin_unterminated, RANGE, "gtin: longer than 14 bytes (no NUL terminator)"),
    OKC(m_gtin_zeros),
    BAD(m_batch_space, FORMAT, "batch: character outside the GS1 AI 82 set"),
    BAD(m_batch_hash, FORMAT, "batch: character outside the GS1 AI 82 set"),
    BAD(m_batch_unterminated, RANGE, "batch: longer than 20 bytes (no NUL terminator)"),
    OKC(m_batch_all82),
    OKC(m_batch_empty),
    BAD(m_serial_utf8, FORMAT, "serial: character outside the GS1 AI 82 set"),
    BAD(m_name_empty, MISSING, "name: missing"),
    BAD(m_name_tab, FORMAT, "name: contains a control character"),
    BAD(m_name_newline, FORMAT, "name: contains a control character"),
    BAD(m_name_del, FORMAT, "name: contains a control character"),
    BAD(m_name_c1, FORMAT, "name: contains a control character"),
    BAD(m_name_bad_utf8, FORMAT, "name: not valid UTF-8"),
    BAD(m_name_overlong, FORMAT, "name: not valid UTF-8"),
    BAD(m_name_surrogate, FORMAT, "name: not valid UTF-8"),
    BAD(m_name_truncated_utf8, FORMAT, "name: not valid UTF-8"),
    OKC(m_name_max),
    BAD(m_name_unterminated, RANGE, "name: longer than 96 bytes (no NUL terminator)"),
    BAD(m_category_cr, FORMAT, "category: contains a control character"),
    BAD(m_category_unterminated, RANGE, "category: longer than 48 bytes (no NUL terminator)"),
    BAD(m_prod_date_neg, RANGE, "production_date: day -1 is out of range 0..2932896 (1970-01-01..9999-12-31)"),
    BAD(m_prod_date_big, RANGE, "production_date: day 2932897 is out of range 0..2932896 (1970-01-01..9999-12-31)"),
    OKC(m_prod_date_ignored),
    BAD(m_mf_name_empty, MISSING, "manufacturer.name: missing"),
    BAD(m_mf_country_empty, MISSING, "manufacturer.country: missing"),
    BAD(m_mf_country_xx, FORMAT, "manufacturer.country: \"XX\" is not an ISO 3166-1 alpha-2 code"),
    BAD(m_mf_country_xk, FORMAT, "manufacturer.country: \"XK\" is not an ISO 3166-1 alpha-2 code"),
    BAD(m_mf_country_lower, FORMAT, "manufacturer.country: \"de\" is not an ISO 3166-1 alpha-2 code"),
    BAD(m_mf_country_one, FORMAT, "manufacturer.country: \"D\" is not an ISO 3166-1 alpha-2 code"),
    BAD(m_mf_country_ctrl, FORMAT, "manufacturer.country: contains a control character"),
    BAD(m_mf_country_unterminated, RANGE, "manufacturer.country: longer than 2 bytes (no NUL terminator)"),
    BAD(m_op_scheme_empty, MISSING, "manufacturer.operator_id.scheme: missing"),
    BAD(m_op_value_empty, MISSING, "manufacturer.operator_id.value: missing"),
    OKC(m_op_both_empty),
    BAD(m_op_scheme_lower, FORMAT,
        "manufacturer.operator_id.scheme: \"eori\" is not an identifier scheme ([A-Z0-9-]{1,16})"),
    BAD(m_op_scheme_space, FORMAT,
        "manufacturer.operator_id.scheme: \"EO RI\" is not an identifier scheme ([A-Z0-9-]{1,16})"),
    BAD(m_op_scheme_unterminated, RANGE, "manufacturer.operator_id.scheme: longer than 16 bytes (no NUL terminator)"),
    BAD(m_op_value_ctrl, FORMAT, "manufacturer.operator_id.value: contains a control character"),
    BAD(m_fac_id_empty, MISSING, "facility.id.scheme: missing"),
    BAD(m_fac_value_empty, MISSING, "facility.id.value: missing"),
    BAD(m_fac_name_ctrl, FORMAT, "facility.name: contains a control character"),
    OKC(m_fac_name_empty),
    OKC(m_fac_absent_garbage),
    BAD(m_mat_count, RANGE, "materials: 17 entries, at most 16"),
    OKC(m_mat_none),
    BAD(m_mat1_name_empty, MISSING, "materials[1].name: missing"),
    BAD(m_mat_cas_check, CHECK_DIGIT, "materials[0].cas: check digit is 5, expected 6"),
    BAD(m_mat_cas_nohyphen, FORMAT, "materials[0].cas: \"7439896\" is not a CAS Registry Number (NNNNNNN-NN-N)"),
    BAD(m_mat_cas_leading0, FORMAT, "materials[0].cas: \"0439-89-6\" is not a CAS Registry Number (NNNNNNN-NN-N)"),
    BAD(m_mat_cas_short, FORMAT, "materials[0].cas: \"7-89-6\" is not a CAS Registry Number (NNNNNNN-NN-N)"),
    OKC(m_mat_cas_empty),
    BAD(m_mat_no_amount, MISSING, "materials[0].mass_fraction: missing (mass_fraction or mass is required)"),
    OKC(m_mat_mass_only),
    BAD(m_mat_fraction_big, RANGE, "materials[0].mass_fraction: 1.2 is out of range 0..1"),
    BAD(m_mat_fraction_neg, RANGE, "materials[0].mass_fraction: -0.1 is out of range 0..1"),
    BAD(m_mat_fraction_bad, RANGE,
        "materials[0].mass_fraction: not a valid decimal (mantissa 1, exponent -19; |mantissa| <= 10^18-1, "
        "exponent -18..0)"),
    BAD(m_mat_mass_zero, RANGE, "materials[0].mass: 0.000 must be greater than 0"),
    BAD(m_mat_mass_neg, RANGE, "materials[0].mass: -5 must be greater than 0"),
    BAD(m_mat_mass_no_unit, MISSING, "materials[0].mass_unit: missing (required with mass)"),
    BAD(m_mat_unit_no_mass, MISSING, "materials[0].mass: missing (required with mass_unit)"),
    BAD(m_mat_unit_lower, FORMAT, "materials[0].mass_unit: \"kg\" is not a UN/CEFACT Rec 20 unit code ([A-Z0-9]{2,3})"),
    BAD(m_mat_unit_one, FORMAT, "materials[0].mass_unit: \"K\" is not a UN/CEFACT Rec 20 unit code ([A-Z0-9]{2,3})"),
    BAD(m_mat_unit_unterminated, RANGE, "materials[0].mass_unit: longer than 3 bytes (no NUL terminator)"),
    BAD(m_mat_recycled_big, RANGE, "materials[2].recycled_share: 1.2 is out of range 0..1"),
    OKC(m_mat_recycled_one),
    BAD(m_mat_renewable_bad, RANGE,
        "materials[0].renewable_share: not a valid decimal (mantissa 1, exponent 1; |mantissa| <= 10^18-1, "
        "exponent -18..0)"),
    OKC(m_mat_renewable_ignored),
    BAD(m_mat_origin_zz, FORMAT, "materials[0].origin: \"ZZ\" is not an ISO 3166-1 alpha-2 code"),
    OKC(m_mat_origin_empty),
    BAD(m_mat_sum_over, RANGE, "materials: mass fractions sum to 1.01, more than 1"),
    BAD(m_mat_sum_tiny_over, RANGE, "materials: mass fractions sum to 1.000000000000000001, more than 1"),
    BAD(m_mat_sum_16, RANGE, "materials: mass fractions sum to 16, more than 1"),
    OKC(m_mat_sum_16_exact),
    BAD(m_fp_total_neg, RANGE, "footprint.total: -1 is negative, must be >= 0"),
    OKC(m_fp_total_zero),
    BAD(m_fp_total_bad, RANGE,
        "footprint.total: not a valid decimal (mantissa 1000000000000000000, exponent 0; |mantissa| <= 10^18-1, "
        "exponent -18..0)"),
    BAD(m_fp_unit_empty, MISSING, "footprint.declared_unit: missing"),
    BAD(m_fp_unit_bad, FORMAT, "footprint.declared_unit: \"T-E\" is not a UN/CEFACT Rec 20 unit code ([A-Z0-9]{2,3})"),
    BAD(m_fp_boundary_zero, MISSING, "footprint.boundary: missing"),
    BAD(m_fp_boundary_big, RANGE, "footprint.boundary: 5 is out of range 1..4"),
    BAD(m_fp_method_big, RANGE, "footprint.method: 8 is out of range 1..7"),
    BAD(m_fp_method_neg, RANGE, "footprint.method: -1 is out of range 1..7"),
    BAD(m_fp_stages_count, RANGE, "footprint.stages: 7 entries, at most 5"),
    BAD(m_fp_stage_big, RANGE, "footprint.stages[1].stage: 6 is out of range 1..5"),
    BAD(m_fp_stage_zero, RANGE, "footprint.stages[0].stage: 0 is out of range 1..5"),
    BAD(m_fp_stage_equal, RANGE, "footprint.stages[1].stage: 1 after 1 (stages must be strictly increasing)"),
    BAD(m_fp_stage_down, RANGE, "footprint.stages[1].stage: 2 after 4 (stages must be strictly increasing)"),
    BAD(m_fp_stage_value_bad, RANGE,
        "footprint.stages[1].value: not a valid decimal (mantissa 1, exponent -20; |mantissa| <= 10^18-1, "
        "exponent -18..0)"),
    OKC(m_fp_stage_value_neg),
    BAD(m_fp_period_order, RANGE, "footprint.period_end: 2022-12-31 is before period_start 2023-01-01"),
    OKC(m_fp_period_same),
    BAD(m_fp_period_neg, RANGE, "footprint.period_start: day -5 is out of range 0..2932896 (1970-01-01..9999-12-31)"),
    BAD(m_fp_period_big, RANGE,
        "footprint.period_end: day 2932897 is out of range 0..2932896 (1970-01-01..9999-12-31)"),
    BAD(m_fp_primary_big, RANGE, "footprint.primary_share: 1.01 is out of range 0..1"),
    BAD(m_fp_ef_neg, RANGE, "footprint.electricity_ef: -0.1 is negative, must be >= 0"),
    BAD(m_fp_source_ctrl, FORMAT, "footprint.electricity_ef_source: contains a control character"),
    BAD(m_fp_verif_zero, MISSING, "footprint.verification: missing"),
    BAD(m_fp_verif_big, RANGE, "footprint.verification: 3 is out of range 1..2"),
    OKC(m_fp_absent_garbage),
    BAD(m_cert_count, RANGE, "certifications: 9 entries, at most 8"),
    BAD(m_cert_scheme_empty, MISSING, "certifications[0].scheme: missing"),
    BAD(m_cert_id_empty, MISSING, "certifications[0].certificate_id: missing"),
    BAD(m_cert_issuer_empty, MISSING, "certifications[0].issuer: missing"),
    BAD(m_cert_until_before, RANGE, "certifications[0].valid_until: 2021-12-31 is before valid_from 2022-01-01"),
    OKC(m_cert_until_only),
    BAD(m_cert_from_neg, RANGE,
        "certifications[0].valid_from: day -1 is out of range 0..2932896 (1970-01-01..9999-12-31)"),
    BAD(m_cert_until_big, RANGE,
        "certifications[0].valid_until: day 3000000 is out of range 0..2932896 (1970-01-01..9999-12-31)"),
    BAD(m_cert_scope_unterminated, RANGE, "certifications[0].scope: longer than 96 bytes (no NUL terminator)"),
    BAD(m_cert2_issuer_ctrl, FORMAT, "certifications[1].issuer: contains a control character"),
    BAD(m_cbam_cn_empty, MISSING, "cbam.cn_code: missing"),
    BAD(m_cbam_cn_short, FORMAT, "cbam.cn_code: \"7208390\" must be 8 digits"),
    BAD(m_cbam_cn_letter, FORMAT, "cbam.cn_code: \"7208390A\" must be 8 digits"),
    BAD(m_cbam_origin_xk, FORMAT, "cbam.origin: \"XK\" is not an ISO 3166-1 alpha-2 code"),
    BAD(m_cbam_origin_empty, MISSING, "cbam.origin: missing"),
    BAD(m_cbam_inst_ctrl, FORMAT, "cbam.installation_id: contains a control character"),
    BAD(m_cbam_route_unterminated, RANGE, "cbam.route: longer than 32 bytes (no NUL terminator)"),
    BAD(m_cbam_see_6dp, RANGE, "cbam.see_direct: 1.000001 has more than 5 decimal places"),
    BAD(m_cbam_see_6dp_zero, RANGE, "cbam.see_direct: 1.000000 has more than 5 decimal places"),
    BAD(m_cbam_see_neg, RANGE, "cbam.see_direct: -1 is negative, must be >= 0"),
    BAD(m_cbam_see_ind_6dp, RANGE, "cbam.see_indirect: 0.000001 has more than 5 decimal places"),
    OKC(m_cbam_see_ind_ignored),
    BAD(m_cbam_method_zero, MISSING, "cbam.method: missing"),
    BAD(m_cbam_method_big, RANGE, "cbam.method: 4 is out of range 1..3"),
    BAD(m_cbam_price_neg, RANGE, "cbam.carbon_price.amount: -1 is negative, must be >= 0"),
    OKC(m_cbam_price_6dp),
    BAD(m_cbam_cur_empty, MISSING, "cbam.carbon_price.currency: missing"),
    BAD(m_cbam_cur_lower, FORMAT, "cbam.carbon_price.currency: \"eur\" is not an ISO 4217 code ([A-Z]{3})"),
    BAD(m_cbam_cur_short, FORMAT, "cbam.carbon_price.currency: \"EU\" is not an ISO 4217 code ([A-Z]{3})"),
    BAD(m_cbam_instr_zero, MISSING, "cbam.carbon_price.instrument: missing"),
    BAD(m_cbam_instr_big, RANGE, "cbam.carbon_price.instrument: 6 is out of range 1..5"),
    OKC(m_cbam_no_price),
    OKC(m_cbam_absent_garbage),
    BAD(m_cbam_ef_without_elec, MISSING,
        "cbam.electricity.consumed: missing (required with the emission factor and its source)"),
    BAD(m_cbam_src_without_elec, MISSING,
        "cbam.electricity.consumed: missing (required with the emission factor and its source)"),
    OKC(m_cbam_elec_ok),
    BAD(m_cbam_prec_count, RANGE, "cbam.precursors: 7 entries, at most 6"),
    BAD(m_cbam_prec_cn_unterminated, RANGE, "cbam.precursors[0].cn_code: longer than 8 bytes (no NUL terminator)"),
    OKC(m_cbam_prec_see_missing_ok),
    BAD(m_cbam_see_unit_unterminated, RANGE, "cbam.see_unit: longer than 9 bytes (no NUL terminator)"),
    BAD(m_cbam_see_unit_kg, RANGE, "cbam.see_unit: \"kgCO2e/t\" is not one of \"tCO2e/t\", \"tCO2e/MWh\""),
    BAD(m_cbam_inst_name_missing, MISSING, "cbam.installation.name: missing"),
    OKC(m_cbam_inst_absent_garbage),
    BAD(m_cbam_inst_lon_big, RANGE, "cbam.installation.coordinates.longitude: 180.00001 is out of range -180..180"),
    BAD(m_cbam_rebate_type_alone, MISSING, "cbam.carbon_price.rebate: missing (required with rebate_type)"),
    BAD(m_cbam_effective_no_price, MISSING, "cbam.carbon_price.amount: missing (required with effective)"),
    BAD(m_cbam_verifier_state_lower, FORMAT,
        "cbam.verifier.accreditation_state: \"de\" is not an ISO 3166-1 alpha-2 code"),
    BAD(m_ext_too_long, RANGE, "extensions: 1025 bytes, at most 1024"),
    OKC(m_ext_none),
    BAD(m_ext_bstr, TYPE, "extensions: a byte string is not allowed in an extension value"),
    {"m_ext_trailing", m_ext_trailing, DPP_ERR_CBOR_TRAILING, "extensions: 1 bytes after the map"},
    {"m_ext_truncated", m_ext_truncated, DPP_ERR_CBOR_MALFORMED, "extensions: malformed or forbidden CBOR at offset 7"},
};

static void every_rule(void **state)
{
    dpp_passport *p = malloc(sizeof *p);
    (void)state;
    assert_non_null(p);
    for (size_t i = 0; i < sizeof k_rules / sizeof k_rules[0]; i++) {
        const rule_case *c = &k_rules[i];
        dpp_diag diag;
        dpp_err err;
        make_full(p);
        c->mutate(p);
        memset(&diag, 0x55, sizeof diag);
        err = dpp_passport_validate(p, &diag);
        if (err != c->err || diag.err != c->err || strcmp(diag.msg, c->msg) != 0)
            fail_msg("%s: got %s \"%s\", want %s \"%s\"", c->label, dpp_err_name(err), diag.msg, dpp_err_name(c->err),
                     c->msg);
        assert_path_of_msg(&diag);
        /* diag may be NULL and the result is the same */
        assert_int_equal(dpp_passport_validate(p, NULL), c->err);
    }
    free(p);
}

/* The first error in field order is reported. */
static void first_error_wins(void **state)
{
    dpp_passport *p = malloc(sizeof *p);
    dpp_diag diag;
    (void)state;
    assert_non_null(p);
    make_full(p);
    p->cbam.method = (dpp_cbam_method)9;
    p->materials[1].name[0] = '\0';
    strcpy(p->gtin, "04006381333932");
    assert_int_equal(dpp_passport_validate(p, &diag), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_string_equal(diag.msg, "gtin: check digit is 2, expected 1");
    assert_true(diag.offset == SIZE_MAX);
    strcpy(p->gtin, "04006381333931");
    assert_int_equal(dpp_passport_validate(p, &diag), DPP_ERR_SCHEMA_MISSING);
    assert_string_equal(diag.msg, "materials[1].name: missing");
    assert_string_equal(diag.path, "materials[1].name");
    p->materials[1].name[0] = 'C';
    assert_int_equal(dpp_passport_validate(p, &diag), DPP_ERR_SCHEMA_RANGE);
    assert_string_equal(diag.msg, "cbam.method: 9 is out of range 1..3");
    assert_string_equal(diag.path, "cbam.method");
    /* success and misuse leave the path empty */
    p->cbam.method = DPP_CBAM_ACTUAL;
    memset(&diag, 0x55, sizeof diag);
    assert_int_equal(dpp_passport_validate(p, &diag), DPP_OK);
    assert_string_equal(diag.path, "");
    assert_string_equal(diag.msg, "");
    assert_int_equal(dpp_passport_validate(NULL, &diag), DPP_ERR_INVALID_ARG);
    assert_string_equal(diag.path, "");
    free(p);
}

/* dpp_passport_validate_all: every problem, one per field, in schema order;
 * rules that need a field already found wrong are skipped; the list keeps
 * the first cap and counts them all. */
static void validate_lists_every_problem(void **state)
{
    static const char *const want[] = {
        "gtin: check digit is 2, expected 1",
        "materials[0].mass_fraction: 1.5 is out of range 0..1",
        "materials[1].name: missing",
        "footprint.period_end: day -5 is out of range 0..2932896 (1970-01-01..9999-12-31)",
        "cbam.method: 9 is out of range 1..3",
    };
    static const dpp_err want_err[] = {DPP_ERR_SCHEMA_CHECK_DIGIT, DPP_ERR_SCHEMA_RANGE, DPP_ERR_SCHEMA_MISSING,
                                       DPP_ERR_SCHEMA_RANGE, DPP_ERR_SCHEMA_RANGE};
    dpp_passport *p = malloc(sizeof *p);
    dpp_diag items[8], one;
    dpp_diag_list l = {items, 8, 99, 99};
    (void)state;
    assert_non_null(p);
    make_full(p);
    assert_int_equal(dpp_passport_validate_all(p, &l), DPP_OK);
    assert_int_equal(l.count, 0);
    assert_int_equal(l.total, 0);

    strcpy(p->gtin, "04006381333932");
    p->materials[0].mass_fraction = dec(15, -1); /* and the sum 1.55 > 1: not reported again */
    p->materials[1].name[0] = '\0';
    p->footprint.period_end = -5; /* and before period_start: not reported again */
    p->cbam.method = (dpp_cbam_method)9;
    assert_int_equal(dpp_passport_validate_all(p, &l), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_int_equal(l.count, 5);
    assert_int_equal(l.total, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(items[i].err, want_err[i]);
        assert_string_equal(items[i].msg, want[i]);
        assert_true(items[i].offset == SIZE_MAX);
        assert_path_of_msg(&items[i]);
    }
    assert_string_equal(items[1].path, "materials[0].mass_fraction");
    assert_string_equal(items[3].path, "footprint.period_end");
    /* The single-problem form gives the first. */
    assert_int_equal(dpp_passport_validate(p, &one), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_string_equal(one.msg, want[0]);

    /* A short list keeps the first ones and counts all. */
    l.cap = 2;
    assert_int_equal(dpp_passport_validate_all(p, &l), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_int_equal(l.count, 2);
    assert_int_equal(l.total, 5);
    assert_string_equal(items[1].msg, want[1]);
    l.items = NULL;
    l.cap = 0;
    assert_int_equal(dpp_passport_validate_all(p, &l), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_int_equal(l.count, 0);
    assert_int_equal(l.total, 5);
    assert_int_equal(dpp_passport_validate_all(p, NULL), DPP_ERR_SCHEMA_CHECK_DIGIT);

    /* Misuse. */
    l.cap = 1;
    assert_int_equal(dpp_passport_validate_all(p, &l), DPP_ERR_INVALID_ARG);
    l.items = items;
    assert_int_equal(dpp_passport_validate_all(NULL, &l), DPP_ERR_INVALID_ARG);
    assert_int_equal(l.count, 1);
    assert_int_equal(items[0].err, DPP_ERR_INVALID_ARG);

    /* Two-field rules are still checked when both fields are right. */
    make_full(p);
    p->materials[0].mass_fraction = dec(99, -2); /* sum 1.04 */
    p->footprint.period_end = 19000;             /* before period_start */
    p->certifications[0].valid_until = 18000;    /* before valid_from */
    l.cap = 8;
    assert_int_equal(dpp_passport_validate_all(p, &l), DPP_ERR_SCHEMA_RANGE);
    assert_int_equal(l.count, 3);
    assert_string_equal(items[0].msg, "materials: mass fractions sum to 1.04, more than 1");
    assert_string_equal(items[0].path, "materials");
    assert_string_equal(items[2].path, "certifications[0].valid_until");
    assert_string_equal(items[1].msg, "footprint.period_end: 2022-01-08 is before period_start 2023-01-01");
    assert_string_equal(items[2].msg, "certifications[0].valid_until: 2019-04-14 is before valid_from 2022-01-01");
    free(p);
}

/* ---- Extension map checker (ext.h) ---- */

typedef struct ext_case {
    const char *label;
    const char *hex;
    dpp_err err;
    const char *msg; /* prefix */
} ext_case;

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

static const ext_case k_ext_cases[] = {
    {"one int", "a1 61 61 01", DPP_OK, ""},
    {"all value types", "a6 61 61 00 61 62 38 63 61 63 60 61 64 f4 61 65 f5 61 66 f6", DPP_OK, ""},
    {"int64 limits", "a2 61 61 1b 7fffffffffffffff 61 62 3b 7fffffffffffffff", DPP_OK, ""},
    {"NUL in a text value", "a1 61 61 62 6100", DPP_ERR_SCHEMA_FORMAT, "extensions: text contains a NUL character"},
    {"NUL in a nested key", "a1 61 61 a1 62 7400 01", DPP_ERR_SCHEMA_FORMAT,
     "extensions: a key contains a NUL character"},
    {"uint64 beyond int64", "a1 61 61 1b 8000000000000000", DPP_ERR_SCHEMA_RANGE,
     "extensions: integer outside the signed 64-bit range"},
    {"negint beyond int64", "a1 61 61 3b 8000000000000000", DPP_ERR_SCHEMA_RANGE,
     "extensions: integer outside the signed 64-bit range"},
    {"depth 4", "a1 61 61 81 81 81 a1 61 62 01", DPP_OK, ""},
    {"depth 4 maps", "a1 61 61 a1 61 61 a1 61 61 a1 61 61 a1 61 61 01", DPP_OK, ""},
    {"nested empty containers", "a2 61 61 80 61 62 a0", DPP_OK, ""},
    {"shorter key first", "a2 61 62 01 62 61 61 02", DPP_OK, ""},
    {"depth 5", "a1 61 61 81 81 81 81 81 01", DPP_ERR_SCHEMA_RANGE, "extensions: nested deeper than 4 levels"},
    {"depth 5 maps", "a1 61 61 a1 61 61 a1 61 61 a1 61 61 a1 61 61 a1 61 61 01", DPP_ERR_SCHEMA_RANGE,
     "extensions: nested deeper than 4 levels"},
    {"not a map", "81 01", DPP_ERR_SCHEMA_TYPE, "extensions: expected a map, got an array"},
    {"empty map", "a0", DPP_ERR_SCHEMA_RANGE, "extensions: empty map"},
    {"int key", "a1 01 01", DPP_ERR_SCHEMA_TYPE, "extensions: map keys must be text strings, got an unsigned integer"},
    {"nested int key", "a1 61 61 a1 01 01", DPP_ERR_SCHEMA_TYPE, "extensions: map keys must be text strings"},
    {"empty key", "a1 60 01", DPP_ERR_SCHEMA_RANGE, "extensions: key of 0 bytes, must be 1..64"},
    {"nested empty key", "a1 61 61 a1 60 01", DPP_ERR_SCHEMA_RANGE, "extensions: key of 0 bytes, must be 1..255"},
    {"bstr value", "a1 61 61 41 00", DPP_ERR_SCHEMA_TYPE, "extensions: a byte string is not allowed"},
    {"tag value", "a1 61 61 c1 01", DPP_ERR_SCHEMA_TYPE, "extensions: a tag is not allowed"},
    {"float value", "a1 61 61 f9 3c00", DPP_ERR_CBOR_MALFORMED, "extensions: malformed or forbidden CBOR at offset 3"},
    {"undefined value", "a1 61 61 f7", DPP_ERR_CBOR_MALFORMED, "extensions: malformed"},
    {"indefinite array", "a1 61 61 9f 01 ff", DPP_ERR_CBOR_MALFORMED, "extensions: malformed"},
    {"non-minimal int", "a1 61 61 18 01", DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "extensions: CBOR is not deterministically encoded at offset 3"},
    {"unsorted keys", "a2 61 62 01 61 61 02", DPP_ERR_CBOR_NOT_DETERMINISTIC, "extensions: key \"a\" is out of order"},
    {"longer key first", "a2 62 61 61 01 61 62 02", DPP_ERR_CBOR_NOT_DETERMINISTIC,
     "extensions: key \"b\" is out of order"},
    {"duplicate keys", "a2 61 61 01 61 61 02", DPP_ERR_CBOR_DUPLICATE_KEY, "extensions: key \"a\" is repeated"},
    {"nested duplicate", "a1 61 61 a2 61 78 01 61 78 02", DPP_ERR_CBOR_DUPLICATE_KEY,
     "extensions: key \"x\" is repeated"},
    {"bad utf8 value", "a1 61 61 61 ff", DPP_ERR_CBOR_MALFORMED, "extensions: malformed"},
    {"trailing", "a1 61 61 01 00", DPP_ERR_CBOR_TRAILING, "extensions: 1 bytes after the map"},
    {"truncated", "a2 61 61 01", DPP_ERR_CBOR_MALFORMED, "extensions: malformed"},
};

static void ext_checker(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof k_ext_cases / sizeof k_ext_cases[0]; i++) {
        const ext_case *c = &k_ext_cases[i];
        uint8_t buf[256];
        size_t n = unhex(c->hex, buf, sizeof buf);
        dpp_diag diag;
        dpp_err err;
        memset(&diag, 0, sizeof diag);
        err = dpp_ext_check(buf, n, &diag);
        if (err != c->err || (c->err != DPP_OK && strncmp(diag.msg, c->msg, strlen(c->msg)) != 0))
            fail_msg("%s: got %s \"%s\", want %s \"%s...\"", c->label, dpp_err_name(err), diag.msg,
                     dpp_err_name(c->err), c->msg);
    }
}

/* Writes a text string head + bytes. */
static size_t put_tstr(uint8_t *out, const char *s, size_t n)
{
    size_t h = 0;
    if (n < 24) {
        out[h++] = (uint8_t)(0x60 + n);
    } else if (n < 256) {
        out[h++] = 0x78;
        out[h++] = (uint8_t)n;
    } else {
        out[h++] = 0x79;
        out[h++] = (uint8_t)(n >> 8);
        out[h++] = (uint8_t)n;
    }
    memcpy(out + h, s, n);
    return h + n;
}

/* {"k00": 0, "k01": 1, ...} with n entries (keys sorted: same length). */
static size_t ext_with_entries(uint8_t *out, unsigned n)
{
    size_t pos = 0;
    out[pos++] = n < 24 ? (uint8_t)(0xa0 + n) : 0xb8;
    if (n >= 24) out[pos++] = (uint8_t)n;
    for (unsigned i = 0; i < n; i++) {
        char key[4] = {'k', (char)('0' + i / 10u), (char)('0' + i % 10u), '\0'};
        pos += put_tstr(out + pos, key, 3);
        out[pos++] = 0x01;
    }
    return pos;
}

static void ext_limits(void **state)
{
    uint8_t buf[2048];
    char key[1100];
    size_t n;
    dpp_diag diag;
    (void)state;

    n = ext_with_entries(buf, 32);
    assert_int_equal(dpp_ext_check(buf, n, &diag), DPP_OK);
    n = ext_with_entries(buf, 33);
    assert_int_equal(dpp_ext_check(buf, n, &diag), DPP_ERR_SCHEMA_RANGE);
    assert_string_equal(diag.msg, "extensions: 33 entries, at most 32");
    assert_int_equal(diag.offset, 0);

    memset(key, 'k', sizeof key);
    buf[0] = 0xa1; /* {64-byte key: 1} */
    n = 1 + put_tstr(buf + 1, key, 64);
    buf[n++] = 0x01;
    assert_int_equal(dpp_ext_check(buf, n, &diag), DPP_OK);
    n = 1 + put_tstr(buf + 1, key, 65);
    buf[n++] = 0x01;
    assert_int_equal(dpp_ext_check(buf, n, &diag), DPP_ERR_SCHEMA_RANGE);
    assert_string_equal(diag.msg, "extensions: key of 65 bytes, must be 1..64");
    assert_int_equal(diag.offset, 1);

    /* nested keys may have up to 255 bytes */
    buf[0] = 0xa1;
    buf[1] = 0x61;
    buf[2] = 'a';
    buf[3] = 0xa1;
    n = 4 + put_tstr(buf + 4, key, 255);
    buf[n++] = 0x01;
    assert_int_equal(dpp_ext_check(buf, n, &diag), DPP_OK);
    n = 4 + put_tstr(buf + 4, key, 256);
    buf[n++] = 0x01;
    assert_int_equal(dpp_ext_check(buf, n, &diag), DPP_ERR_SCHEMA_RANGE);
    assert_string_equal(diag.msg, "extensions: key of 256 bytes, must be 1..255");

    /* whole map: 1024 bytes accepted, 1025 rejected ({"a": text}: 1 + 2 + 3 + text) */
    buf[0] = 0xa1;
    buf[1] = 0x61;
    buf[2] = 'a';
    n = 3 + put_tstr(buf + 3, key, 1024 - 6);
    assert_int_equal(n, 1024);
    assert_int_equal(dpp_ext_check(buf, n, &diag), DPP_OK);
    n = 3 + put_tstr(buf + 3, key, 1025 - 6);
    assert_int_equal(dpp_ext_check(buf, n, &diag), DPP_ERR_SCHEMA_RANGE);
    assert_string_equal(diag.msg, "extensions: more than 1024 encoded bytes");

    assert_int_equal(dpp_ext_check(NULL, 0, &diag), DPP_ERR_SCHEMA_RANGE);
    assert_int_equal(dpp_ext_check(buf, 0, NULL), DPP_ERR_SCHEMA_RANGE);
}

/* ---- codes.h ---- */

static void country_list(void **state)
{
    static const char *const assigned[] = {"CN", "DE", "FR", "IN", "VN", "TR", "UA", "KR", "US", "GB", "BR",
                                           "EG", "ZA", "AD", "ZW", "AX", "BQ", "CW", "SS", "SX", "TL", "ME",
                                           "RS", "PS", "TW", "HK", "MO", "EH", "AQ", "UM", "BV", "HM", "GS"};
    static const char *const not_assigned[] = {"XK", "EU", "UK", "AN", "CS", "YU", "ZZ", "AA", "QM", "XA",
                                               "EZ", "UN", "AC", "TA", "IC", "DG", "EA", "FX", "SU", "TP"};
    unsigned count = 0;
    char cc[2];
    (void)state;
    for (char a = 'A'; a <= 'Z'; a++) {
        for (char b = 'A'; b <= 'Z'; b++) {
            cc[0] = a;
            cc[1] = b;
            count += dpp_code_country(cc, 2) ? 1u : 0u;
        }
    }
    assert_int_equal(count, DPP_COUNTRY_COUNT);
    assert_int_equal(count, 249);
    for (size_t i = 0; i < sizeof assigned / sizeof assigned[0]; i++) {
        print_message("%s\n", assigned[i]);
        assert_true(dpp_code_country(assigned[i], 2));
    }
    for (size_t i = 0; i < sizeof not_assigned / sizeof not_assigned[0]; i++) {
        print_message("%s\n", not_assigned[i]);
        assert_false(dpp_code_country(not_assigned[i], 2));
    }
    assert_false(dpp_code_country("de", 2));
    assert_false(dpp_code_country("De", 2));
    assert_false(dpp_code_country("D", 1));
    assert_false(dpp_code_country("DEU", 3));
    assert_false(dpp_code_country("DE", 3));
    assert_false(dpp_code_country(NULL, 2));
    assert_false(dpp_code_country("", 0));
}

static void shapes(void **state)
{
    (void)state;
    assert_true(dpp_code_currency("EUR", 3));
    assert_true(dpp_code_currency("CNY", 3));
    assert_false(dpp_code_currency("eur", 3));
    assert_false(dpp_code_currency("EU", 2));
    assert_false(dpp_code_currency("EURO", 4));
    assert_false(dpp_code_currency("E1R", 3));
    assert_false(dpp_code_currency(NULL, 3));

    assert_true(dpp_code_unit("KGM", 3));
    assert_true(dpp_code_unit("H87", 3));
    assert_true(dpp_code_unit("C62", 3));
    assert_true(dpp_code_unit("KWH", 3));
    assert_true(dpp_code_unit("TNE", 3));
    assert_true(dpp_code_unit("58", 2));
    assert_false(dpp_code_unit("kgm", 3));
    assert_false(dpp_code_unit("K", 1));
    assert_false(dpp_code_unit("KGMS", 4));
    assert_false(dpp_code_unit("KG ", 3));
    assert_false(dpp_code_unit("", 0));

    assert_true(dpp_code_scheme("EORI", 4));
    assert_true(dpp_code_scheme("GLN", 3));
    assert_true(dpp_code_scheme("X", 1));
    assert_true(dpp_code_scheme("ISO-15459-1", 11));
    assert_true(dpp_code_scheme("ABCDEFGHIJKLMNOP", 16));
    assert_false(dpp_code_scheme("ABCDEFGHIJKLMNOPQ", 17));
    assert_false(dpp_code_scheme("eori", 4));
    assert_false(dpp_code_scheme("EO RI", 5));
    assert_false(dpp_code_scheme("EO_RI", 5));
    assert_false(dpp_code_scheme("", 0));

    assert_true(dpp_code_cn("72083900", 8));
    assert_true(dpp_code_cn("01012100", 8));
    assert_false(dpp_code_cn("7208390", 7));
    assert_false(dpp_code_cn("720839001", 9));
    assert_false(dpp_code_cn("7208390a", 8));
    assert_false(dpp_code_cn("7208 900", 8));
}

static void gs1_ai82_set(void **state)
{
    static const char k_set[] = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    unsigned count = 0;
    (void)state;
    assert_int_equal(strlen(k_set), 82);
    assert_true(dpp_code_gs1_ai82(k_set, 82));
    for (unsigned c = 0; c < 256; c++) {
        char ch = (char)c;
        bool ok = dpp_code_gs1_ai82(&ch, 1);
        count += ok ? 1u : 0u;
        assert_int_equal(ok, c != 0 && strchr(k_set, (int)c) != NULL);
    }
    assert_int_equal(count, 82);
    assert_true(dpp_code_gs1_ai82("", 0));
    assert_true(dpp_code_gs1_ai82(NULL, 0));
    assert_false(dpp_code_gs1_ai82("AB\0", 3));
}

static void text_validity(void **state)
{
    (void)state;
    assert_true(dpp_text_valid("钢卷 热轧", strlen("钢卷 热轧")));
    assert_true(dpp_text_valid("TÜV Süd", strlen("TÜV Süd")));
    assert_true(dpp_text_valid("\xc2\xa0", 2));             /* U+00A0, first after C1 */
    assert_true(dpp_text_valid("\xf0\x9f\x98\x80", 4));     /* U+1F600 */
    assert_true(dpp_text_valid("\xf4\x8f\xbf\xbf", 4));     /* U+10FFFF */
    assert_true(dpp_text_valid("~ !", 3));
    assert_true(dpp_text_valid("", 0));
    assert_false(dpp_text_valid("a\tb", 3));
    assert_false(dpp_text_valid("a\0b", 3));
    assert_false(dpp_text_valid("\x1f", 1));
    assert_false(dpp_text_valid("\x7f", 1));
    assert_false(dpp_text_valid("\xc2\x80", 2));            /* U+0080 */
    assert_false(dpp_text_valid("\xc2\x9f", 2));            /* U+009F */
    assert_false(dpp_text_valid("\xc0\xaf", 2));            /* overlong */
    assert_false(dpp_text_valid("\xe0\x80\xaf", 3));        /* overlong */
    assert_false(dpp_text_valid("\xed\xa0\x80", 3));        /* surrogate */
    assert_false(dpp_text_valid("\xf4\x90\x80\x80", 4));    /* > U+10FFFF */
    assert_false(dpp_text_valid("\xe9\x92", 2));            /* truncated */
    assert_false(dpp_text_valid("\x80", 1));                /* lone continuation */
    assert_false(dpp_text_valid("\xff", 1));
    assert_false(dpp_text_valid(NULL, 1));
}

static void gtin_codes(void **state)
{
    char out[15];
    int got = 99, want = 99;
    (void)state;
    assert_int_equal(dpp_gtin_check_digit("400638133393", 12), 1);
    assert_int_equal(dpp_gtin_check_digit("9638507", 7), 4);
    assert_int_equal(dpp_gtin_check_digit("03600029145", 11), 2);
    assert_int_equal(dpp_gtin_check_digit("", 0), -1);
    assert_int_equal(dpp_gtin_check_digit("12a", 3), -1);

    assert_int_equal(dpp_gtin_normalize("96385074", 8, out, &got, &want), DPP_OK);
    assert_string_equal(out, "00000096385074");
    assert_int_equal(got, 4);
    assert_int_equal(want, 4);
    assert_int_equal(dpp_gtin_normalize("036000291452", 12, out, NULL, NULL), DPP_OK);
    assert_string_equal(out, "00036000291452");
    assert_int_equal(dpp_gtin_normalize("4006381333931", 13, out, NULL, NULL), DPP_OK);
    assert_string_equal(out, "04006381333931");
    assert_int_equal(dpp_gtin_normalize("04006381333931", 14, out, NULL, NULL), DPP_OK);
    assert_string_equal(out, "04006381333931");
    assert_int_equal(dpp_gtin_normalize("10012345000017", 14, out, NULL, NULL), DPP_OK);

    assert_int_equal(dpp_gtin_normalize("4006381333937", 13, out, &got, &want), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_string_equal(out, "04006381333937");
    assert_int_equal(got, 7);
    assert_int_equal(want, 1);
    assert_int_equal(dpp_gtin_normalize("96385075", 8, out, &got, &want), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_int_equal(want, 4);

    assert_int_equal(dpp_gtin_normalize("400638133393", 12, out, &got, &want), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_int_equal(dpp_gtin_normalize("123456789", 9, out, &got, &want), DPP_ERR_SCHEMA_FORMAT);
    assert_string_equal(out, "");
    assert_int_equal(got, -1);
    assert_int_equal(dpp_gtin_normalize("12345678901", 11, out, NULL, NULL), DPP_ERR_SCHEMA_FORMAT);
    assert_int_equal(dpp_gtin_normalize("040063813339311", 15, out, NULL, NULL), DPP_ERR_SCHEMA_FORMAT);
    assert_int_equal(dpp_gtin_normalize("400638133393a", 13, out, NULL, NULL), DPP_ERR_SCHEMA_FORMAT);
    assert_int_equal(dpp_gtin_normalize("-4006381333931", 14, out, NULL, NULL), DPP_ERR_SCHEMA_FORMAT);
    assert_int_equal(dpp_gtin_normalize(NULL, 13, out, NULL, NULL), DPP_ERR_SCHEMA_FORMAT);
}

static void cas_codes(void **state)
{
    uint64_t v = 1;
    int got = 99, want = 99;
    char out[13];
    static const char *const bad[] = {"7-89-6",   "12345678-89-6", "0439-89-6", "7439-8-96", "7439_89_6",
                                      "7439-89-", "7439-89-66",    "743989-6",  "",          "7439-89-6 ",
                                      "a439-89-6", "7439--89-6",   "-7439-89-6"};
    (void)state;
    assert_int_equal(dpp_cas_parse("7439-89-6", 9, &v, &got, &want), DPP_OK);
    assert_true(v == 7439896u);
    assert_int_equal(got, 6);
    assert_int_equal(want, 6);
    assert_int_equal(dpp_cas_parse("7732-18-5", 9, &v, NULL, NULL), DPP_OK);
    assert_true(v == 7732185u);
    assert_int_equal(dpp_cas_parse("50-00-0", 7, &v, NULL, NULL), DPP_OK);
    assert_true(v == 50000u);
    assert_int_equal(dpp_cas_parse("1234567-89-5", 12, &v, NULL, NULL), DPP_OK);
    assert_true(v == 1234567895u);
    assert_int_equal(dpp_cas_parse("7439-89-5", 9, &v, &got, &want), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_true(v == 7439895u);
    assert_int_equal(got, 5);
    assert_int_equal(want, 6);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        print_message("bad CAS \"%s\"\n", bad[i]);
        assert_int_equal(dpp_cas_parse(bad[i], strlen(bad[i]), &v, &got, &want), DPP_ERR_SCHEMA_FORMAT);
        assert_true(v == 0);
    }
    assert_int_equal(dpp_cas_check_digit(743989u), 6);
    assert_int_equal(dpp_cas_check_digit(744044u), 0);

    assert_int_equal(dpp_cas_format(7439896u, out, sizeof out), 9);
    assert_string_equal(out, "7439-89-6");
    assert_int_equal(dpp_cas_format(50000u, out, sizeof out), 7);
    assert_string_equal(out, "50-00-0");
    assert_int_equal(dpp_cas_format(1234567895u, out, sizeof out), 12);
    assert_string_equal(out, "1234567-89-5");
    assert_int_equal(dpp_cas_format(9999u, out, sizeof out), 0);
    assert_int_equal(dpp_cas_format(10000000000u, out, sizeof out), 0);
    assert_int_equal(dpp_cas_format(7439896u, out, 9), 0);
    assert_int_equal(dpp_cas_format(7439896u, out, 10), 9);
    assert_int_equal(dpp_cas_format(7439896u, NULL, 10), 0);
}

static void uuid_codes(void **state)
{
    static const uint8_t want[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                     0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    static const char *const bad[] = {
        "00112233445566778899aabbccddeeff",      "00112233-4455-6677-8899-aabbccddeef",
        "00112233-4455-6677-8899-aabbccddeeff0", "{00112233-4455-6677-8899-aabbccddeeff}",
        "0011223-34455-6677-8899-aabbccddeeff",  "00112233-4455-6677-8899-aabbccddeegf",
        "00112233_4455-6677-8899-aabbccddeeff",  "00112233-4455-6677-8899+aabbccddeeff",
        " 0112233-4455-6677-8899-aabbccddeeff",
    };
    uint8_t id[16];
    char out[37];
    (void)state;
    assert_true(dpp_uuid_parse("00112233-4455-6677-8899-AABBCCDDEEFF", 36, id));
    assert_memory_equal(id, want, 16);
    assert_true(dpp_uuid_parse("00112233-4455-6677-8899-aabbccddeeff", 36, id));
    assert_memory_equal(id, want, 16);
    dpp_uuid_format(id, out);
    assert_string_equal(out, "00112233-4455-6677-8899-aabbccddeeff");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(id, 0x5a, sizeof id);
        print_message("bad UUID \"%s\"\n", bad[i]);
        assert_false(dpp_uuid_parse(bad[i], strlen(bad[i]), id));
        assert_int_equal(id[0], 0x5a); /* untouched on failure */
    }
    assert_false(dpp_uuid_parse(NULL, 36, id));
}


/* ---- Enumeration names (dpp_<enum>_name / _from_name) ---- */

typedef struct enum_names {
    const char *label;
    int max; /* values are 1..max */
    const char *(*name)(int v);
    dpp_err (*from)(const char *s, size_t n, int *v);
    const char *const *want; /* the JSON form's names, in value order */
} enum_names;

/* int adapters over the typed functions */
#define ADAPT(e)                                                            \
    static const char *name_##e(int v) { return dpp_##e##_name((dpp_##e)v); } \
    static dpp_err from_##e(const char *s, size_t n, int *v)                  \
    {                                                                         \
        dpp_##e out = (dpp_##e)77;                                            \
        dpp_err err = dpp_##e##_from_name(s, n, &out);                        \
        *v = (int)out;                                                        \
        return err;                                                           \
    }
ADAPT(boundary)
ADAPT(method)
ADAPT(stage_kind)
ADAPT(verification)
ADAPT(cbam_method)
ADAPT(price_instrument)

static const char *const k_boundary_w[] = {"cradle-to-gate", "cradle-to-grave", "gate-to-gate", "cradle-to-cradle"};
static const char *const k_method_w[] = {"ISO 14067", "GHG Protocol", "PEF",         "PAS 2050",
                                         "GB/T 24067", "PACT",        "EU 2023/1542"};
static const char *const k_stage_w[] = {"raw-materials", "production", "distribution", "use", "end-of-life"};
static const char *const k_verif_w[] = {"self-declared", "third-party-verified"};
static const char *const k_cbam_w[] = {"actual", "default", "mixed"};
static const char *const k_instr_w[] = {"ets", "carbon-tax", "levy", "fee", "other"};

static const enum_names k_enum_names[] = {
    {"boundary", 4, name_boundary, from_boundary, k_boundary_w},
    {"method", 7, name_method, from_method, k_method_w},
    {"stage_kind", 5, name_stage_kind, from_stage_kind, k_stage_w},
    {"verification", 2, name_verification, from_verification, k_verif_w},
    {"cbam_method", 3, name_cbam_method, from_cbam_method, k_cbam_w},
    {"price_instrument", 5, name_price_instrument, from_price_instrument, k_instr_w},
};

static void enum_names_round_trip(void **state)
{
    (void)state;
    for (size_t e = 0; e < sizeof k_enum_names / sizeof k_enum_names[0]; e++) {
        const enum_names *t = &k_enum_names[e];
        int v = 0;
        for (int i = 1; i <= t->max; i++) {
            const char *n = t->name(i);
            if (n == NULL || strcmp(n, t->want[i - 1]) != 0)
                fail_msg("%s %d: name \"%s\", want \"%s\"", t->label, i, n ? n : "(null)", t->want[i - 1]);
            /* no NUL needed: a longer buffer cut at len */
            {
                char buf[64];
                snprintf(buf, sizeof buf, "%sXYZ", n);
                assert_int_equal(t->from(buf, strlen(n), &v), DPP_OK);
                assert_int_equal(v, i);
            }
            /* a prefix, a longer string and another case are not names */
            assert_int_equal(t->from(n, strlen(n) - 1, &v), DPP_ERR_SCHEMA_RANGE);
            assert_int_equal(v, 77); /* untouched */
            {
                char up[64];
                size_t k;
                for (k = 0; n[k] != '\0'; k++) up[k] = (n[k] >= 'a' && n[k] <= 'z') ? (char)(n[k] - 32) : n[k];
                up[k] = '\0';
                if (strcmp(up, n) != 0) assert_int_equal(t->from(up, k, &v), DPP_ERR_SCHEMA_RANGE);
                up[k] = ' ';
                assert_int_equal(t->from(up, k + 1, &v), DPP_ERR_SCHEMA_RANGE);
            }
        }
        /* values outside the enumeration, "unset" 0 among them, have no name */
        assert_null(t->name(0));
        assert_null(t->name(t->max + 1));
        assert_null(t->name(-1));
        assert_int_equal(t->from("", 0, &v), DPP_ERR_SCHEMA_RANGE);
        assert_int_equal(t->from(NULL, 0, &v), DPP_ERR_SCHEMA_RANGE);
        assert_int_equal(t->from(NULL, 3, &v), DPP_ERR_INVALID_ARG);
    }
    assert_int_equal(dpp_boundary_from_name("gate-to-gate", 12, NULL), DPP_ERR_INVALID_ARG);
}

/* The names are the JSON form's: what dpp_passport_to_json() writes for
 * each field is the field's dpp_<enum>_name(). */
static void enum_names_match_json(void **state)
{
    dpp_passport *p = malloc(sizeof *p);
    char *j = malloc(16384);
    size_t n = 0;
    char pat[96];
    (void)state;
    assert_non_null(p);
    assert_non_null(j);
    make_full(p);
    p->footprint.boundary = DPP_BOUNDARY_GATE_TO_GATE;
    p->footprint.method = DPP_METHOD_GBT_24067;
    p->footprint.verification = DPP_VERIFICATION_THIRD_PARTY;
    p->cbam.method = DPP_CBAM_MIXED;
    p->cbam.carbon_price_instrument = DPP_PRICE_CARBON_TAX;
    assert_int_equal(dpp_passport_to_json(p, j, 16384, &n, NULL), DPP_OK);
#define HAS_MEMBER(key, val)                                  \
    snprintf(pat, sizeof pat, "\"%s\": \"%s\"", key, val); \
    if (strstr(j, pat) == NULL) fail_msg("%s not in the JSON form", pat)
    HAS_MEMBER("boundary", dpp_boundary_name(p->footprint.boundary));
    HAS_MEMBER("method", dpp_method_name(p->footprint.method));
    HAS_MEMBER("verification", dpp_verification_name(p->footprint.verification));
    HAS_MEMBER("stage", dpp_stage_kind_name(p->footprint.stages[1].stage));
    HAS_MEMBER("method", dpp_cbam_method_name(p->cbam.method));
    HAS_MEMBER("instrument", dpp_price_instrument_name(p->cbam.carbon_price_instrument));
#undef HAS_MEMBER
    free(j);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_and_minimal_are_valid),
        cmocka_unit_test(init_zero_fills),
        cmocka_unit_test(every_rule),
        cmocka_unit_test(first_error_wins),
        cmocka_unit_test(validate_lists_every_problem),
        cmocka_unit_test(ext_checker),
        cmocka_unit_test(ext_limits),
        cmocka_unit_test(country_list),
        cmocka_unit_test(shapes),
        cmocka_unit_test(gs1_ai82_set),
        cmocka_unit_test(text_validity),
        cmocka_unit_test(gtin_codes),
        cmocka_unit_test(cas_codes),
        cmocka_unit_test(uuid_codes),
        cmocka_unit_test(enum_names_round_trip),
        cmocka_unit_test(enum_names_match_json),
    };
    return cmocka_run_group_tests_name("test_passport", tests, NULL, NULL);
}
