/* SPDX-License-Identifier: Apache-2.0 */
/* The European Commission's CBAM communication template for installations,
 * version 2.1.1 (the operator's workbook): where its cells are. Read by
 * libdpp_cbam's import (cbam_import.c) and by the dpp tool's export
 * (cli/cbam_xlsx_export.c); macros only. The mapping to passport fields is
 * documented in spec/cbam-template.md. */
#ifndef DPP_CBAM_TEMPLATE_H
#define DPP_CBAM_TEMPLATE_H

/* ---- Template v2.1.1 layout ---- */
#define CBT_SHEET_SUMMARY "Summary_Communication"
#define CBT_SHEET_INST "A_InstData"
/* Summary_Communication section 1: installation details, column G. */
#define CBT_INST_NAME "G12"
#define CBT_INST_STREET "G13"
#define CBT_INST_ACTIVITY "G14"
#define CBT_INST_CITY "G15"
#define CBT_INST_COUNTRY "G16"
#define CBT_INST_UNLOCODE "G17"
#define CBT_INST_LAT "G18"
#define CBT_INST_LON "G19"
#define CBT_PERIOD_START "G20"
#define CBT_PERIOD_END "G21"
/* Section 2: goods (column I) and their routes (J..O), rows 12..21. */
#define CBT_GOODS_FIRST_ROW 12u
#define CBT_GOODS_LAST_ROW 21u
/* Summary of products: header row 25, product lines 26..125 (numbered 1..100 in column C). */
#define CBT_PRODUCT_HEADER_ROW 25u
#define CBT_PRODUCT_FIRST_ROW 26u
#define CBT_PRODUCT_LAST_ROW 125u
#define CBT_MAX_PRODUCTS 100u
/* A_InstData: the post code and the verifier (column I). */
#define CBT_INST_POSTCODE "I23"
#define CBT_VERIFIER_NAME "I37"
#define CBT_VERIFIER_COUNTRY "I41"
#define CBT_VERIFIER_ACCR_STATE "I51"
#define CBT_VERIFIER_ACCR_BODY "I52"
#define CBT_VERIFIER_ACCR_ID "I53"

/* Product line columns (1-based: A = 1). */
enum {
    CBT_C_NO = 3,          /* C  line number */
    CBT_C_PROCESS = 4,     /* D  production process */
    CBT_C_CATEGORY = 5,    /* E  aggregated goods category */
    CBT_C_CN = 6,          /* F  CN code */
    CBT_C_CN_NAME = 7,     /* G  CN name */
    CBT_C_NAME = 8,        /* H  product name */
    CBT_C_SEE_DIR = 9,     /* I  SEE direct */
    CBT_C_SEE_IND = 10,    /* J  SEE indirect */
    CBT_C_SEE_TOT = 11,    /* K  SEE total */
    CBT_C_UNIT = 12,       /* L  unit */
    CBT_C_DEFAULT = 13,    /* M  share of emissions by default values */
    CBT_C_EF_SOURCE = 14,  /* N  source for the electricity EF */
    CBT_C_ELEC = 15,       /* O  embedded electricity, MWh/t */
    CBT_C_QUAL_FIRST = 16, /* P  first qualifying parameter */
    CBT_C_QUAL_LAST = 37,  /* AK last qualifying parameter */
    CBT_C_INSTRUMENT = 38, /* AL type of instrument */
    CBT_C_CP_SHARE = 39,   /* AM share covered by the carbon price */
    CBT_C_CP_COVERED = 40, /* AN embedded emissions covered */
    CBT_C_CP_COV_UNIT = 41, /* AO its unit */
    CBT_C_CURRENCY = 42,   /* AP currency */
    CBT_C_CP_DUE = 43,     /* AQ carbon price due per t */
    CBT_C_CP_UNIT = 44,    /* AR its unit */
    CBT_C_REBATE_TYPE = 45, /* AS type of rebate */
    CBT_C_RB_SHARE = 46,   /* AT share covered by the rebate */
    CBT_C_RB_COVERED = 47, /* AU embedded emissions covered by the rebate */
    CBT_C_RB_COV_UNIT = 48, /* AV its unit */
    CBT_C_REBATE = 49,     /* AW amount of rebate per t */
    CBT_C_RB_UNIT = 50,    /* AX its unit */
    CBT_C_EFFECTIVE = 51,  /* AY effective carbon price due per t */
    CBT_C_EFF_UNIT = 52    /* AZ its unit */
};

/* Decimal places kept from the workbook's numbers (spec/cbam-template.md):
 * emissions per tonne and MWh per tonne 5 (the CBAM block's limit; the
 * template shows 3), shares 4 (it shows 0% / 0.00%), money 2. */
#define CBT_PLACES_SEE 5u
#define CBT_PLACES_SHARE 4u
#define CBT_PLACES_MONEY 2u

#endif
