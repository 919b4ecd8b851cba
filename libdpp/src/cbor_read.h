/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: a strict, bounded, allocation-free CBOR pull reader.
 *
 * It decodes each head itself (cbor_read.c says why not with libcbor's
 * streaming decoder; libcbor writes, see cbor_write.h) and applies the
 * checks a verifier needs:
 *  - only unsigned/negative integers, byte and text strings (definite length),
 *    arrays and maps (definite length), tags, false, true and null;
 *    floats, undefined, simple values and indefinite lengths are rejected
 *    (DPP_ERR_CBOR_MALFORMED);
 *  - in strict mode every head must use its shortest form
 *    (DPP_ERR_CBOR_NOT_DETERMINISTIC);
 *  - a declared array/map count larger than the bytes left is rejected before
 *    anything else happens (each element needs at least one byte);
 *  - text strings must be valid UTF-8;
 *  - nesting deeper than DPP_MAX_CBOR_DEPTH is rejected (DPP_ERR_CBOR_DEPTH).
 * The reader never reads outside [buf, buf+len).
 */
#ifndef DPP_SRC_CBOR_READ_H
#define DPP_SRC_CBOR_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

typedef enum cb_type {
    CB_UINT = 0,   /* v = value */
    CB_NEGINT = 1, /* v = n, the value is -1 - n */
    CB_BSTR = 2,   /* v = length, ptr = data */
    CB_TSTR = 3,   /* v = length, ptr = data (valid UTF-8) */
    CB_ARRAY = 4,  /* v = count */
    CB_MAP = 5,    /* v = pair count */
    CB_TAG = 6,    /* v = tag number */
    CB_FALSE = 7,
    CB_TRUE = 8,
    CB_NULL = 9
} cb_type;

typedef struct cb_item {
    cb_type type;
    uint64_t v;
    const uint8_t *ptr; /* string data, else NULL */
    size_t off;         /* offset of the item's head */
    size_t end;         /* offset just past the head (and string data) */
} cb_item;

typedef struct cb_reader {
    const uint8_t *buf;
    size_t len;
    size_t pos;
    bool strict;   /* deterministic-encoding checks on */
    dpp_err err;   /* first error, sticky */
    size_t err_off;
} cb_reader;

void dpp_cb_init(cb_reader *r, const uint8_t *buf, size_t len, bool strict);

/** The item type for messages: "an unsigned integer", "a map", ... */
const char *dpp_cb_type_name(cb_type t);

/** Reads the next item head (and string data). Sticky error. */
dpp_err dpp_cb_next(cb_reader *r, cb_item *it);

/** Skips one complete data item (with its children), checking it as dpp_cb_next
 *  does, iteratively, with the depth cap. If first is not NULL, it is the
 *  already-read head of the item to skip. */
dpp_err dpp_cb_skip(cb_reader *r, const cb_item *first);

/** Reads an integer (uint or negint) that fits int64_t. */
dpp_err dpp_cb_read_int(cb_reader *r, int64_t *out, cb_item *it);

/** Value of an integer item, if it fits int64_t; false otherwise. */
bool dpp_cb_item_int64(const cb_item *it, int64_t *out);

/**
 * Map key order check for deterministic encoding: keys' encoded bytes must
 * be strictly increasing in bytewise lexicographic order (RFC 8949 4.2.1).
 * prev may be NULL for the first key. Returns DPP_OK,
 * DPP_ERR_CBOR_DUPLICATE_KEY or DPP_ERR_CBOR_NOT_DETERMINISTIC.
 */
dpp_err dpp_cb_key_order(const uint8_t *prev, size_t prev_len, const uint8_t *cur, size_t cur_len);

/** Sets the sticky error if none is set; returns the (first) error. */
dpp_err dpp_cb_fail(cb_reader *r, dpp_err err, size_t off);

/** Marks the end of input: trailing bytes are DPP_ERR_CBOR_TRAILING. */
dpp_err dpp_cb_finish(cb_reader *r);

/** True if [p, p+n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool dpp_cb_utf8_valid(const uint8_t *p, size_t n);

#endif
