/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: the pieces shared by the commands (keys, trust
 * options, passport text sources, reports, passport facts). */
#ifndef DPP_CLI_COMMON_H
#define DPP_CLI_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include <dpp/dpp.h>
#include <dpp/dpp_attest.h>
#include <dpp/dpp_liststate.h>
#include <dpp/dpp_revocation.h>
#include <dpp/dpp_roles.h>
#include <dpp/dpp_trustlist.h>

#include "facts.h"
#include "keys.h"
#include "report.h"
#include "source.h"
#include "trust_opts.h"

#endif
