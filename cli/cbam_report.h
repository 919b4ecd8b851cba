/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: the receipt check's data model and its renderings (JSON, CSV,
 * HTML with an inline SVG chart). Rules: spec/cbam.md. */
#ifndef DPP_CLI_CBAM_REPORT_H
#define DPP_CLI_CBAM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include <dpp/dpp.h>

#define CBAM_MAX_LINES 10000u /* declaration lines */
#define CBAM_MAX_SCANS 10000u /* scans (text lines and images) */
#define CBAM_MAX_RATES 256u
#define CBAM_MAX_FIELD 64u    /* longest CSV field */

/** Status of a declaration line (spec/cbam.md section 4). */
typedef enum cbam_status {
    CBAM_OK = 0,           /* verified passport, CBAM block matches: counted */
    CBAM_OUT_OF_SCOPE,     /* CN code not in Annex I: listed, not counted */
    CBAM_NO_PASSPORT,      /* exception: no scan backs the line */
    CBAM_NOT_VERIFIED,     /* exception: the backing passport failed verification */
    CBAM_NO_CBAM_DATA,     /* exception: in scope, verified passport without CBAM block */
    CBAM_CN_MISMATCH,      /* exception: CBAM block's CN code differs */
    CBAM_ORIGIN_MISMATCH   /* exception: CBAM block's origin differs */
} cbam_status;

/** A scan: the passport text and what verification said. */
typedef struct cbam_scan {
    char source[80];     /* "scans.txt:3" or the image path */
    bool verified;
    bool decoded;        /* contents readable (verified, or dpp_inspect succeeded) */
    dpp_err err;
    char failed_check[32];
    char message[256];
    uint8_t id[16];
    char id_text[37];
    char gtin[15];
    char name[DPP_MAX_NAME + 1];
    bool has_cbam;
    dpp_cbam cbam;
    bool attested;       /* cbam claim attested by a CBAM verifier (verified scans only) */
    char attester[DPP_MAX_NAME + 1];
    /* Who signed and who attested the cbam claim, as the trust store knows
     * them: .scheme names the scheme that recognised each ("" the default
     * scheme, pinned keys, certificates; spec/trust.md 3.8). */
    dpp_signer_info signer;          /* verified scans */
    dpp_signer_info attester_info;   /* attested scans */
    bool revoked;                    /* failed on a revocation */
    char revoked_by[DPP_SCHEME_NAME_MAX + 1]; /* revoked: the scheme whose list revoked it ("" default) */
    bool used;
} cbam_scan;

/** The sector rule of a CN code (spec/cbam.md section 3). */
typedef struct cbam_sector {
    const char *prefix;   /* CN code prefix */
    const char *sector;   /* "iron_steel", "aluminium", ... */
    bool indirect;        /* indirect emissions are embedded emissions */
    const char *unit;     /* "t" or "MWh" */
} cbam_sector;

typedef struct cbam_line {
    unsigned long src_line;    /* line number in the CSV */
    char cn[9];
    char origin[3];
    char qty_text[CBAM_MAX_FIELD];
    double qty;
    char passport_id[37];      /* optional */
    char gtin[15];             /* optional */
    const cbam_sector *sector; /* NULL: out of scope */
    int scan;                  /* index into scans, -1: none */
    const char *match;         /* "passport_id", "gtin", "cn_origin" or NULL */
    cbam_status status;
    char reason[640];
    bool has_figures;          /* see values available (verified or not) */
    bool verified_figures;     /* from a verified, matching passport */
    const char *method;        /* "actual", "default", "mixed" */
    bool attested;
    char installation[DPP_MAX_ID + 1];
    double direct, indirect, embedded; /* tCO2e for the line's quantity */
    bool has_price;
    bool no_rate;              /* the price's currency has no exchange rate */
    double price_eur;          /* carbon price paid, EUR */
    double certificates;       /* tCO2e needing certificates */
    /* The regulation's adjustments (spec/cbam.md 5): what the figures rest
     * on, the free allocation adjustment, and the same line on default values. */
    const char *basis;         /* "attested", "self_declared" or "default" */
    double cover;              /* tCO2e the carbon price paid covers */
    bool has_bm;
    double bmg;                /* benchmark, tCO2e/t */
    char bm_route[12];
    unsigned long bm_row;      /* row of the Commission's sheet */
    const char *bm_note;
    double faa;                /* free allocation adjustment, tCO2e */
    bool has_dv;
    char dv_country[3];        /* "*": Other Countries and Territories */
    char dv_cn[9];
    char dv_source[48];
    double dv_total, dv_markup, dv_marked; /* tCO2e/t, share, tCO2e/t */
    bool has_bm_default;
    double bmg_default;
    char bm_default_route[12];
    double embedded_default, faa_default, certificates_default;
} cbam_line;

typedef struct cbam_group {
    char cn[9];
    char origin[3];
    char installation[DPP_MAX_ID + 1];
    const cbam_sector *sector;
    size_t n_lines;
    double qty, direct, indirect, embedded, actual_verified, price_eur, certificates;
    double faa, certificates_default;
} cbam_group;

typedef struct cbam_totals {
    size_t n_lines;
    double qty, embedded, actual_verified, price_eur, certificates;
    double faa, embedded_default, faa_default, certificates_default;
    double eur, eur_default;    /* certificates x certificate price */
    size_t n_attested, n_default, n_self; /* lines by basis (disjoint) */
    size_t n_self_declared;  /* lines with verified figures no CBAM verifier attested */
    double self_declared;    /* their embedded emissions (the manufacturer's word only) */
} cbam_totals;

typedef struct cbam_report {
    const char *period;
    int64_t at;
    bool has_cert_price;
    double cert_price;
    cbam_line *lines;
    size_t n_lines;
    cbam_scan *scans;
    size_t n_scans;
    cbam_group *groups;
    size_t n_groups;
    cbam_totals counted;   /* lines with status OK (without exceptions) */
    cbam_totals all;       /* every in-scope line; exceptions with their unverified figures */
    size_t n_exceptions;
    size_t n_no_figures;   /* in-scope lines without any figures */
    double qty_no_figures;
    char separator, decimal_mark; /* of the declaration CSV */
    /* The regulation's constants for the period's year (data/cbam/factors.csv). */
    int year;
    const char *data_dir;
    double cbam_factor, cscf;
    const char *cbam_factor_source, *cscf_source;
    double de_minimis_t, de_minimis_mass;
    const char *de_minimis_source;
    bool has_annual_mass;  /* --annual-mass given */
    bool de_minimis_exempt;
} cbam_report;

/** Stable names. */
const char *cbam_status_name(cbam_status s);
bool cbam_status_is_exception(cbam_status s);

/** Who signed or attested, for people: the party (or the key) and, when a
 *  named scheme recognised it, " (scheme NAME)" (spec/trust.md 3.8). */
void cbam_who_text(const dpp_signer_info *si, char *out, size_t cap);

/** The report as JSON. */
json_t *cbam_report_json(const cbam_report *r);
/** Groups and totals as CSV into f. */
void cbam_report_csv(FILE *f, const cbam_report *r);
/** The HTML report (with the inline SVG chart) into f. */
void cbam_report_html(FILE *f, const cbam_report *r);
/** The SVG chart alone (embedded emissions per CN code and origin). */
void cbam_report_svg(FILE *f, const cbam_report *r);

#endif
