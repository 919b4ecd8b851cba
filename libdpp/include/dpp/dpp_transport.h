/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_TRANSPORT_H
#define DPP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_transport.h
 * @brief The two transport forms of one signed passport (spec/README.md
 *        section 4 and section 13):
 *
 *  - text:  "DPP1:" + Base45(zlib-or-COSE bytes), for QR alphanumeric mode;
 *  - link:  a GS1 Digital Link URI on the issuer's resolver domain, with the
 *           same bytes as decimal digits in the fragment, which browsers do
 *           not send to servers:
 *
 *      HTTPS://ID.EXAMPLE.COM/01/09506000134352/10/AB12#10123456789...
 *
 * (fragment: the format version digit "1", then the digits)
 *
 * Both forms carry the identical COSE_Sign1 message. A passport can travel
 * as a link only if it was signed with a resolver claim (CWT claim -265,
 * dpp_encode_ex_opts.resolver): the verifier then checks that the link's
 * domain, GTIN and qualifiers are the signed ones (check "link").
 */

/** Which transport form a text is in. */
typedef enum dpp_form {
    DPP_FORM_TEXT = 0, /**< "DPP1:" + Base45 */
    DPP_FORM_LINK = 1  /**< https GS1 Digital Link with "#1" + digits */
} dpp_form;

/** Longest accepted link (QR version 40-L numeric capacity; no longer
 *  link fits one symbol). Output buffers for links need this + 1. */
#define DPP_MAX_LINK_LEN 7089
/** Longest resolver (host and optional path prefix, without "https://"). */
#define DPP_MAX_RESOLVER_LEN 128
/** The fragment start of a link's payload: '#' and format version 1. */
#define DPP_LINK_MARKER "#1"
#define DPP_LINK_MARKER_LEN 2

DPP_API size_t dpp_max_link_len(void);

/**
 * The form a text is in, judged from its first characters only
 * ("https:" in any letter case is a link); DPP_FORM_TEXT for anything else,
 * which dpp_verify() then checks as text.
 */
DPP_API dpp_form dpp_form_of(const char *text, size_t len);

/**
 * Normalises a resolver as given by a user ("https://ID.Example.com/dpp/")
 * to the form signed in claim -265: lower-case host, optional path prefix,
 * no scheme, no trailing slash ("id.example.com/dpp"). Host: DNS labels of
 * letters, digits and hyphens, at least two labels, no IP literal, port,
 * user info, query or fragment; prefix segments: RFC 3986 unreserved
 * characters, not all digits (they would read as a GS1 AI). out needs
 * DPP_MAX_RESOLVER_LEN + 1 bytes. DPP_ERR_DL_SYNTAX names the part.
 */
DPP_API DPP_NODISCARD dpp_err dpp_resolver_normalize(const char *in, size_t in_len, char *out, size_t out_cap,
                                                     dpp_diag *diag);

/**
 * Converts a signed passport between the forms without verifying it (the
 * signature is untouched; the link's domain and identifiers come from the
 * passport's own signed claims, so converting to DPP_FORM_LINK needs a
 * passport signed with a resolver: DPP_ERR_DL_DOMAIN otherwise). The output
 * is NUL-terminated; out_cap >= DPP_MAX_LINK_LEN + 1 always suffices.
 */
DPP_API DPP_NODISCARD dpp_err dpp_transport_convert(const char *in, size_t in_len, dpp_form to, char *out,
                                                    size_t out_cap, size_t *out_len, dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_TRANSPORT_H */
