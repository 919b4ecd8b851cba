/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: the regulation's data (benchmarks, default values, CBAM
 * factor, mark-ups, de minimis; data/cbam/ CSV files) and their lookups.
 * Rules and legal sources: spec/cbam.md section 5. */
#ifndef DPP_CLI_CBAM_RULES_H
#define DPP_CLI_CBAM_RULES_H

#include <stdbool.h>
#include <stddef.h>

#define CBAM_MAX_DATA_ROWS 100000u

typedef struct cbam_bm {
    char cn[9];
    char col;          /* 'A' or 'B' */
    char route[12];    /* "(C)", "(F)(1)" or "" */
    double bmg;        /* tCO2e/t */
    unsigned long row; /* row of the Commission's sheet */
} cbam_bm;

typedef struct cbam_dv {
    char country[3];   /* ISO alpha-2 or "*" (Other Countries and Territories) */
    char cn[9];        /* 4, 6 or 8 digits: a CN prefix */
    char sector[16];
    char variant[8];   /* "white"/"grey" for some cement codes */
    double total;      /* tCO2e/t before mark-up */
    char route[12];
    char source[48];   /* sheet!row */
} cbam_dv;

typedef struct cbam_factor {
    char kind[16];
    char key[16];
    int year;
    double value;
    char source[160];
} cbam_factor;

typedef struct cbam_route {
    char name[32];
    char indicator[12];
} cbam_route;

typedef struct cbam_data {
    char dir[512];
    cbam_bm *bm;
    size_t n_bm;
    cbam_dv *dv;
    size_t n_dv;
    cbam_factor *fac;
    size_t n_fac;
    cbam_route *routes;
    size_t n_routes;
} cbam_data;

/** Loads dir/{benchmarks,default_values,factors,routes}.csv; exit code. */
int cbam_data_load(const char *dir, cbam_data *d);
void cbam_data_free(cbam_data *d);

/** The factor of kind/key for year (the latest row with year <= year), or NULL. */
const cbam_factor *cbam_factor_for(const cbam_data *d, const char *kind, const char *key, int year);
/** The route indicator of a passport route ("BF-BOF" -> "(C)"), or "". */
const char *cbam_route_indicator(const cbam_data *d, const char *route);

/** The benchmark of column col for CN code cn: the row with route indicator
 *  route when cn has several, else the lowest (*note says which rule). */
const cbam_bm *cbam_bm_find(const cbam_data *d, const char *cn, char col, const char *route, const char **note);
/** The default value for cn from country (longest CN prefix; the country
 *  "*" when the country has none): the row of route when several match,
 *  else the lowest total. */
const cbam_dv *cbam_dv_find(const cbam_data *d, const char *country, const char *cn, const char *route);

#endif
