/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: the input files (cbam_input.c). */
#ifndef DPP_CLI_CBAM_INPUT_H
#define DPP_CLI_CBAM_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include <dpp/dpp.h>

#include "cbam_report.h"

#define CBAM_MAX_CSV_FILE (4u * 1024u * 1024u)
#define CBAM_MAX_SCAN_FILE (64u * 1024u * 1024u)

/** An exchange rate: EUR per unit of currency cur. */
typedef struct cbam_rate {
    char cur[4];
    double eur;
} cbam_rate;

/** The CBAM sector of a CN code (most specific prefix), or NULL. */
const cbam_sector *cbam_sector_of(const char *cn);
/** A passport decimal as a double (for the report's arithmetic). */
double cbam_dec_value(dpp_decimal d);
/** A non-negative amount ("12.50"); 0 on success. */
int cbam_parse_amount(const char *s, double *out);
/** The next line of *cur (NUL-terminated in place), or NULL at the end. */
char *cbam_next_line(char **cur);
/** Empty, blank or a '#' comment. */
bool cbam_is_blank_or_comment(const char *s);
/** Reads the declaration lines (CSV) into r; returns an exit code. */
int cbam_read_lines(const char *path, cbam_report *r);
/** Reads the exchange rates (CSV); returns an exit code. */
int cbam_read_rates(const char *path, cbam_rate *rates, size_t *n_rates);

#endif
