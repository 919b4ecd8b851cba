/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the passport's CBOR form (spec/payload.cddl `passport`) on top of
 * an open reader or writer, so that the COSE/CWT layers can read and write
 * the passport in the same pass as the claims around it.
 */
#ifndef DPP_SRC_PASSPORT_CBOR_H
#define DPP_SRC_PASSPORT_CBOR_H

#include "cbor_read.h"
#include "cbor_write.h"
#include "dpp/dpp_passport.h"

/**
 * Decodes the passport map at r's position into *out (zeroed first, and
 * zeroed again on failure). r should be strict. Checks the encoding and the
 * wire-level rules: key order, duplicate and unknown keys, types, payload
 * version, string lengths against the struct capacities, empty optional
 * strings and lists, list sizes (before reading the entries), decimal,
 * date and enum ranges, and the extension map. It does NOT run
 * dpp_passport_validate() (check digits, code lists, cross-field rules):
 * callers do. On success r is just past the map; trailing bytes are the
 * caller's business. diag->offset is an offset in r->buf.
 */
dpp_err dpp_passport_read(cb_reader *r, dpp_passport *out, dpp_diag *diag);

/**
 * Writes *p as the deterministic passport map. No validation: callers run
 * dpp_passport_validate() first (for an invalid passport the output is
 * unspecified, but nothing outside *p is read). Errors stick in w.
 */
void dpp_passport_write(cw_writer *w, const dpp_passport *p);

#endif
