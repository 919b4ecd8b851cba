/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the transport layer, both directions and both forms (spec/README.md
 * section 4 and section 13). Everything between the COSE_Sign1 bytes and the
 * characters in the QR symbol lives here: the "DPP1:" prefix, Base45, zlib
 * with preset dictionary v1, the hybrid link (GS1 Digital Link + "#DPP1:" +
 * decimal digits) and the link's binding to the signed passport.
 */
#ifndef DPP_SRC_TRANSPORT_H
#define DPP_SRC_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_encode.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_transport.h"
#include "dpp/dpp_verify.h"

/** What a link said, as parsed (values percent-decoded). */
typedef struct dpp_link_view {
    char host[DPP_MAX_RESOLVER_LEN + 1];   /**< lower case */
    char prefix[DPP_MAX_RESOLVER_LEN + 1]; /**< path before the primary key, "" or "/a/b" */
    char gtin[15];
    bool has_cpv, has_batch, has_serial;
    char cpv[21], batch[21], serial[21];
} dpp_link_view;

/** What the transport found, for the checks that follow. */
typedef struct dpp_transport_info {
    dpp_form form;
    bool compressed;
    dpp_link_view link; /**< form == DPP_FORM_LINK only */
} dpp_transport_info;

/** Where a link points: the signed resolver and the passport's identifiers. */
typedef struct dpp_link_target {
    const char *resolver; /**< normalised, as in claim -265 */
    const char *gtin;     /**< 14 digits */
    const char *batch;    /**< "" for none */
    const char *serial;   /**< "" for none */
} dpp_link_target;

/**
 * Recognises the form, undoes it, and leaves the COSE message in out
 * (>= DPP_MAX_COSE_LEN bytes). Marks the transport checks in report (prefix,
 * base45, inflate; link for the URI's syntax and payload digits).
 */
dpp_err dpp_transport_unwrap(const char *text, size_t text_len, uint8_t *out, size_t out_cap, size_t *out_len,
                             dpp_transport_info *info, dpp_report *report, dpp_diag *diag);

/** Form, prefix and Base45 or link digits, without inflating: the body bytes
 *  (a zlib stream or the COSE message) into raw. */
dpp_err dpp_transport_decode(const char *text, size_t text_len, uint8_t *raw, size_t raw_cap, size_t *raw_len,
                             dpp_transport_info *info, dpp_report *report, dpp_diag *diag);

/** Body bytes -> text (link == NULL) or link; out == NULL gives the length. */
dpp_err dpp_transport_spell(const uint8_t *body, size_t body_len, const dpp_link_target *link, char *out,
                            size_t out_cap, size_t *out_len, dpp_diag *diag);

/**
 * COSE message -> text (link == NULL) or link. out == NULL with out_cap == 0
 * gives the length only. sizes (may be NULL) gets compressed, used_zlib, text.
 */
dpp_err dpp_transport_wrap(const uint8_t *cose, size_t cose_len, dpp_compress mode, const dpp_link_target *link,
                           char *out, size_t out_cap, size_t *out_len, dpp_encode_sizes *sizes, dpp_diag *diag);

/**
 * A parsed link against what was signed: the resolver claim (NULL when the
 * passport has none) and the passport's GTIN, batch and serial.
 */
dpp_err dpp_link_check_binding(const dpp_link_view *link, const char *resolver, const dpp_passport *p,
                               dpp_diag *diag);

/** Decimal digits of the link payload <-> bytes (7 bytes per 17 digits). */
size_t dpp_link_digits_len(size_t nbytes);
void dpp_link_digits_encode(const uint8_t *in, size_t n, char *out);
dpp_err dpp_link_digits_decode(const char *in, size_t n, uint8_t *out, size_t out_cap, size_t *out_len,
                               dpp_diag *diag);

#endif
