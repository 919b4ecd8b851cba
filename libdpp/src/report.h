/* SPDX-License-Identifier: Apache-2.0 */
/* Internal: recording check outcomes in a dpp_report (which may be NULL); the checks' names are report.c. */
#ifndef DPP_SRC_REPORT_H
#define DPP_SRC_REPORT_H

#include <stddef.h>

#include "dpp/dpp_verify.h"

static inline void report_mark(dpp_report *rep, dpp_check c, dpp_check_status s)
{
    if (rep != NULL) rep->status[c] = s;
}

/* Records a failed check; returns err. The diag was filled by the caller. */
static inline dpp_err report_fail(dpp_report *rep, dpp_check c, dpp_err err)
{
    if (rep != NULL) {
        rep->status[c] = DPP_CHECK_FAIL;
        rep->err = err;
        rep->failed = c;
    }
    return err;
}

#endif
