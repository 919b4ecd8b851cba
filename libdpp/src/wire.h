/* SPDX-License-Identifier: Apache-2.0 */
/* Internal: constants of the wire format and the shared transport unwrap. */
#ifndef DPP_SRC_WIRE_H
#define DPP_SRC_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_verify.h"

#define DPP_CWT_ISS 1
#define DPP_CWT_EXP 4
#define DPP_CWT_IAT 6
#define DPP_CWT_PASSPORT (-262)

/**
 * Prefix check, Base45 decode and (if the body starts with a zlib header)
 * inflate, into out (>= DPP_MAX_COSE_LEN bytes). Records each transport
 * check in report->status when report is not NULL.
 */
dpp_err dpp_wire_unwrap(const char *text, size_t text_len, uint8_t *out, size_t out_cap, size_t *out_len,
                        bool *compressed, dpp_report *report, dpp_diag *diag);

#endif
