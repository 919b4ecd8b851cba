/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: the figures of each declaration line and the totals (embedded
 * emissions, free-allocation adjustment, carbon price paid, certificates on
 * actual data and on default values). Rules and legal sources: spec/cbam.md. */
#ifndef DPP_CLI_CBAM_ASSESS_H
#define DPP_CLI_CBAM_ASSESS_H

#include <stddef.h>

#include "cbam_input.h"
#include "cbam_report.h"
#include "cbam_rules.h"

/** Matches line l to its verified passports and computes its figures
 *  (rates: the carbon-price exchange rates, n_rates of them). */
void cbam_assess_line(cbam_report *r, cbam_line *l, const cbam_rate *rates, size_t n_rates);
/** De minimis, certificates per line (with the year's data d), totals and
 *  the groups by CN code, origin and installation. */
void cbam_aggregate(cbam_report *r, const cbam_data *d);

#endif
