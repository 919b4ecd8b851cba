/* SPDX-License-Identifier: Apache-2.0 */
/* Internal: filling a dpp_diag. */
#ifndef DPP_SRC_DIAG_H
#define DPP_SRC_DIAG_H

#include "dpp/dpp_common.h"

#if defined(__GNUC__) || defined(__clang__)
#define DPP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DPP_PRINTF(a, b)
#endif

/** Sets diag (if not NULL) and returns err, so callers can `return dpp_diag_set(...)`.
 *  offset is SIZE_MAX when no input offset applies. */
dpp_err dpp_diag_set(dpp_diag *diag, dpp_err err, size_t offset, const char *fmt, ...)
    DPP_PRINTF(4, 5);
/** Writes "prefix.name" (or "name" when prefix is empty) into buf,
 *  truncated to cap - 1 bytes; returns buf. For field paths in messages. */
const char *dpp_diag_path(char *buf, size_t cap, const char *prefix, const char *name);
/** Sets diag to DPP_OK with an empty message. */
void dpp_diag_clear(dpp_diag *diag);

#endif
