/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the passport's validation rules (passport.c) reporting every
 * problem, not only the first, so that dpp_passport_validate_all() and
 * dpp_passport_from_json_all() can list them all.
 */
#ifndef DPP_SRC_PASSPORT_CHECK_H
#define DPP_SRC_PASSPORT_CHECK_H

#include "diag.h"
#include "dpp/dpp_passport.h"

/**
 * Receives one problem: d is the complete diagnostic ("path: problem"),
 * path the field it names. A rule that compares two fields (mass_unit with
 * mass, period_end with period_start, ...) also names the other one in
 * other (other.a == NULL when there is none), so a caller that knows one of
 * them was rejected earlier can drop the problem as a consequence of that.
 */
typedef void (*dpp_check_sink)(void *ctx, const dpp_diag *d, dpp_path path, dpp_path other);

/**
 * Runs every validation rule of dpp_passport_validate() on p (not NULL),
 * calling sink for each problem in schema order (at most one per field;
 * a rule that needs a field already found wrong is skipped). Returns the
 * first problem's code, or DPP_OK. Safe on any struct content.
 */
dpp_err dpp_passport_check(const dpp_passport *p, dpp_check_sink sink, void *ctx);

#endif
