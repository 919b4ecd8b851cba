/* SPDX-License-Identifier: Apache-2.0 */
/* Internal: filling a dpp_diag. */
#ifndef DPP_SRC_DIAG_H
#define DPP_SRC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

#if defined(__GNUC__) || defined(__clang__)
#define DPP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DPP_PRINTF(a, b)
#endif

/** Sets diag (if not NULL) and returns err, so callers can `return dpp_diag_set(...)`.
 *  offset is SIZE_MAX when no input offset applies. The path is emptied. */
dpp_err dpp_diag_set(dpp_diag *diag, dpp_err err, size_t offset, const char *fmt, ...)
    DPP_PRINTF(4, 5);
/**
 * A field path for messages, kept as its parts and written out only when a
 * message needs it (validation and decoding do not pay for paths that never
 * appear): "a[index].b", where a, "[index]" and b are each optional
 * (a NULL, index DPP_PATH_NO_INDEX, b NULL) and the "." appears only between
 * two parts. E.g. {"materials", 2, "name"} is "materials[2].name",
 * {"manufacturer.operator_id", DPP_PATH_NO_INDEX, "scheme"} is
 * "manufacturer.operator_id.scheme", {"gtin", DPP_PATH_NO_INDEX, NULL} is "gtin".
 */
typedef struct dpp_path {
    const char *a;
    size_t index;
    const char *b;
} dpp_path;
#define DPP_PATH_NO_INDEX SIZE_MAX
/** The path "name". */
#define DPP_PATH(name) ((dpp_path){(name), DPP_PATH_NO_INDEX, NULL})
/** The path p with ".name" appended (p must not have a b part yet). */
static inline dpp_path dpp_path_field(dpp_path p, const char *name)
{
    p.b = name;
    return p;
}
/** Writes p into buf, truncated to cap - 1 bytes; returns buf. */
const char *dpp_path_str(dpp_path p, char *buf, size_t cap);
/** dpp_diag_set() with the message "<path>: <fmt...>" and diag->path set to path. */
dpp_err dpp_diag_set_at(dpp_diag *diag, dpp_err err, size_t offset, dpp_path path, const char *fmt, ...)
    DPP_PRINTF(5, 6);
/**
 * Input bytes quoted in a diag message (text alg values, extension keys,
 * names, GTINs, ... of a passport or list) must never reach a terminal raw:
 * writes p[0, n) into buf[cap], NUL-terminated, with every C0 control,
 * DEL and byte that is not valid UTF-8 as "\xHH", every C1 control
 * (U+0080..U+009F) and bidi control (U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069) as "\uHHHH", and other characters as they are. A copy
 * that does not fit ends with "..." at a character boundary. Returns buf,
 * for use as a "%s" argument. DPP_DIAG_QUOTE_CAP is a good size for buf.
 */
const char *dpp_diag_quote(char *buf, size_t cap, const void *p, size_t n);
#define DPP_DIAG_QUOTE_CAP 100
/** True for the bidirectional formatting controls U+200E, U+200F,
 *  U+202A..U+202E and U+2066..U+2069 (rule T keeps them out of text). */
bool dpp_char_is_bidi_control(uint32_t cp);
/** Sets diag->path (if diag is not NULL) to path (NULL: empty), truncated
 *  to DPP_DIAG_PATH_LEN - 1 bytes. dpp_diag_set() empties it,
 *  dpp_diag_set_at() sets it from its dpp_path. */
void dpp_diag_set_path(dpp_diag *diag, const char *path);
/** Sets diag to DPP_OK with an empty message and path. */
void dpp_diag_clear(dpp_diag *diag);

#endif
