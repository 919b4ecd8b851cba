/* SPDX-License-Identifier: Apache-2.0 */
/* libdpp_scan, internal: the picture decoders (image_*.c) and what they
 * share: failure messages, limits, row downsampling, gray conversion. */
#ifndef DPP_SCAN_IMAGE_INTERNAL_H
#define DPP_SCAN_IMAGE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_scan.h"

#if defined(__GNUC__) || defined(__clang__)
#define SCAN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SCAN_PRINTF(a, b)
#endif

/** A decoded picture: 8-bit gray, w x h, row stride w. */
typedef struct scan_pic {
    uint8_t *gray; /**< malloc'd */
    unsigned w, h;
    bool scaled;     /**< decoded at a reduced scale */
    int orientation; /**< EXIF orientation applied (1: none) */
} scan_pic;

/** Sets d (never NULL here) to err with the message fmt (cut at a UTF-8
 *  character boundary when it does not fit); returns -1 for the
 *  decoders' "return scan_fail(...)". offset: SIZE_MAX when none applies. */
int scan_fail(dpp_diag *d, dpp_err err, size_t offset, const char *fmt, ...) SCAN_PRINTF(4, 5);

/** d as after a call that succeeded: DPP_OK, no offset, empty message and path. */
void scan_diag_clear(dpp_diag *d);

/** Refuses declared dimensions over DPP_SCAN_MAX_SIDE / DPP_SCAN_MAX_PIXELS
 *  (or zero): 0, or -1 with d set ("FMT image is WxH pixels; the limit ..."). */
int scan_check_dims(const char *fmt, unsigned long w, unsigned long h, dpp_diag *d);
/** Refuses a picture that would be buffered whole above DPP_SCAN_MAX_BUFFERED
 *  ("WHAT is WxH pixels (...); such images are read whole, up to ..."). */
int scan_refuse_buffered(const char *what, unsigned long w, unsigned long h, dpp_diag *d);
/** "out of memory" (DPP_ERR_NO_MEMORY). */
int scan_no_memory(dpp_diag *d);

/* ---- Box-filter downsampling of gray rows into a bounded buffer ---- */

typedef struct scan_shrink {
    unsigned w, h, f; /* source size, integer factor */
    unsigned ow, oh;  /* output size */
    unsigned y;       /* source rows taken */
    uint32_t *acc;    /* per output column: sum of the current band */
    uint8_t *out;
} scan_shrink;

/** Smallest integer factor f with ceil(w/f) * ceil(h/f) <= max. */
unsigned scan_shrink_factor(unsigned w, unsigned h, uint64_t max);
/** Allocates the output (and the accumulator) for a w x h source: 0 or -1. */
int scan_shrink_init(scan_shrink *s, unsigned w, unsigned h, uint64_t max);
/** Adds one source row of w gray values; emits an output row every f rows. */
void scan_shrink_row(scan_shrink *s, const uint8_t *g);
/** Hands the output over to p (all h rows must have been added). */
void scan_shrink_take(scan_shrink *s, scan_pic *p);
void scan_shrink_free(scan_shrink *s);

/** Gray + alpha (8 bits each) rows composited onto white. */
void scan_ga_to_gray(const uint8_t *ga, uint8_t *g, unsigned w);
/** Colour with alpha to gray (Rec. 601 luma), composited onto white. */
static inline uint8_t scan_rgba_gray(unsigned r, unsigned g, unsigned b, unsigned a)
{
    unsigned v = (r * 299u + g * 587u + b * 114u + 500u) / 1000u;
    return (uint8_t)((v * a + 255u * (255u - a) + 127u) / 255u);
}

static inline uint32_t scan_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint32_t scan_le32(const uint8_t *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}
static inline uint16_t scan_le16(const uint8_t *p) { return (uint16_t)(p[1] << 8 | p[0]); }

/* ---- EXIF orientation (image_exif.c) ---- */

/** The orientation (1..8) in an APP1 "Exif" segment's IFD0; 1 when there is
 *  none or the segment is malformed. Every offset is checked against n. */
int scan_exif_orientation(const uint8_t *d, size_t n);
/** The picture as meant to be seen: orientation o (2..8) applied to p
 *  (p->gray replaced, w and h updated). 0, or -1 out of memory. */
int scan_orient(scan_pic *p, int o);

/* ---- The decoders: 0 and *p filled, or -1 and d set. max: most pixels
 * of the decoded picture (already clamped to DPP_SCAN_MAX_DECODED). ---- */

int scan_png(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d);
int scan_jpeg(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d);
int scan_bmp(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d);
int scan_webp(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d);
int scan_tiff(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d);
int scan_gif(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d);
int scan_heif(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d);

/** Any format: tells them apart by their magic bytes. max 0 or above
 *  DPP_SCAN_MAX_DECODED: DPP_SCAN_MAX_DECODED. Returns DPP_OK, or the error
 *  (d set, p->gray NULL). */
dpp_err scan_decode(const uint8_t *data, size_t len, uint64_t max, scan_pic *p, dpp_diag *d);

#endif
