/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the passport extension map (payload.cddl `extensions`):
 *   { 1*32 (nonempty_tstr => ext_value) }, top-level keys 1..64 bytes,
 *   ext_value = int / tstr / bool / null / [* ext_value]
 *             / { * nonempty_tstr => ext_value },
 *   containers nested at most 4 levels below the extensions map,
 *   deterministically encoded (shortest heads, definite lengths, keys sorted
 *   bytewise, no duplicates), at most DPP_MAX_EXT_LEN encoded bytes.
 * Implemented in ext.c (depends only on the reader and diag).
 */
#ifndef DPP_SRC_EXT_H
#define DPP_SRC_EXT_H

#include <stddef.h>
#include <stdint.h>

#include "cbor_read.h"
#include "dpp/dpp_common.h"

#define DPP_EXT_MAX_ENTRIES 32 /* entries of the top-level map */
#define DPP_EXT_MAX_KEY 64     /* bytes of a top-level key */
#define DPP_EXT_MAX_NESTED_KEY 255 /* bytes of a key in a nested map */
#define DPP_EXT_MAX_DEPTH 4    /* container levels below the extensions map */

/**
 * Reads one extensions map from r, which must be strict and positioned at
 * the map's head, and checks it against the rules above. On success r is
 * just past the map; the map's bytes are r->buf[start, r->pos).
 * Errors: DPP_ERR_SCHEMA_TYPE (not a map, non-text key, bstr/tag/float
 * value), DPP_ERR_SCHEMA_RANGE (entry count, key length, total size),
 * DPP_ERR_CBOR_DEPTH (nesting), DPP_ERR_CBOR_DUPLICATE_KEY,
 * DPP_ERR_CBOR_NOT_DETERMINISTIC, DPP_ERR_CBOR_MALFORMED. diag->msg starts
 * with "extensions", diag->offset is an offset in r->buf.
 */
dpp_err dpp_ext_read(cb_reader *r, dpp_diag *diag);

/**
 * Checks that buf[0, len) is exactly one valid extensions map (as above,
 * plus DPP_ERR_CBOR_TRAILING for bytes after it). len == 0 is
 * DPP_ERR_SCHEMA_RANGE (an absent map is not checked by callers).
 * diag->offset is an offset in buf.
 */
dpp_err dpp_ext_check(const uint8_t *buf, size_t len, dpp_diag *diag);

#endif
