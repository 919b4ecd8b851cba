/* SPDX-License-Identifier: Apache-2.0 */
/* libdpp_cbam's own interfaces between its files: the numbers of the
 * workbook (cbam_number.c) and the result being built (cbam_result.c). */
#ifndef DPP_CBAM_INTERNAL_H
#define DPP_CBAM_INTERNAL_H

#include <stddef.h>

#include "dpp/dpp_cbam.h"

/**
 * An Excel number as written in the workbook part ("0.20355398249999998")
 * to an exact decimal: the shortest decimal text that reads back as the
 * same binary double, then rounded half away from zero to `places`
 * fraction digits, trailing zeros dropped. Returns 0, or -1 if text is not
 * a finite number or the result is out of the decimal range.
 */
int dpp_cbam_number_to_decimal(const char *text, unsigned places, dpp_decimal *out);

/** An empty result, or NULL when out of memory. */
dpp_cbam_import *dpp_cbam_result_new(void);
/** Appends a copy of the note: DPP_OK or DPP_ERR_NO_MEMORY. */
dpp_err dpp_cbam_result_add_note(dpp_cbam_import *im, const dpp_cbam_note *note);
/** Appends a copy of the passport of worksheet row `row`, line number `line`. */
dpp_err dpp_cbam_result_add_passport(dpp_cbam_import *im, const dpp_passport *p, unsigned row, unsigned line);
/** Counts one more product line (made into a passport or skipped). */
void dpp_cbam_result_count_line(dpp_cbam_import *im);

#endif
