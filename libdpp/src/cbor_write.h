/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: a checked writer over a caller buffer with a sticky error.
 * buf == NULL is size-calculation mode: nothing is written, len counts.
 * Heads are written with libcbor's allocation-free cbor_encode_*(), which
 * always choose the shortest form (deterministic encoding).
 */
#ifndef DPP_SRC_CBOR_WRITE_H
#define DPP_SRC_CBOR_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

typedef struct cw_writer {
    uint8_t *buf; /* NULL: size-calculation mode */
    size_t cap;   /* invariant: len <= cap */
    size_t len;
    dpp_err err; /* first error; later calls do nothing */
} cw_writer;

void dpp_cw_init(cw_writer *w, uint8_t *buf, size_t cap);
void dpp_cw_raw(cw_writer *w, const void *src, size_t n);
void dpp_cw_uint(cw_writer *w, uint64_t v);
void dpp_cw_int(cw_writer *w, int64_t v);
void dpp_cw_bstr(cw_writer *w, const void *p, size_t n);
void dpp_cw_tstr(cw_writer *w, const char *s, size_t n);
/** Text string from a NUL-terminated C string. */
void dpp_cw_cstr(cw_writer *w, const char *s);
void dpp_cw_array(cw_writer *w, size_t n);
void dpp_cw_map(cw_writer *w, size_t n);
void dpp_cw_tag(cw_writer *w, uint64_t tag);
void dpp_cw_bool(cw_writer *w, bool b);
void dpp_cw_null(cw_writer *w);
/** Inserts n bytes at pos, moving the tail right (for heads known late). */
void dpp_cw_insert(cw_writer *w, size_t pos, const void *src, size_t n);
/** Returns the sticky error. */
static inline dpp_err dpp_cw_err(const cw_writer *w) { return w->err; }

#endif
