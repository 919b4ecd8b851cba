/* SPDX-License-Identifier: Apache-2.0 */
/** @file dpp.h  Umbrella header: includes every public libdpp header. */
#ifndef DPP_H
#define DPP_H
#include "dpp/dpp_common.h"
#include "dpp/dpp_base45.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_cose.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_encode.h"
#include "dpp/dpp_verify.h"
#include "dpp/dpp_qr.h"
#include "dpp/dpp_roles.h"
#include "dpp/dpp_list.h"
#include "dpp/dpp_trustlist.h"
#include "dpp/dpp_revocation.h"
#include "dpp/dpp_status.h"
#include "dpp/dpp_trust.h"
#include "dpp/dpp_digest.h"
#include "dpp/dpp_attest.h"
#include "dpp/dpp_liststate.h"
#include "dpp/dpp_transport.h"
#include "dpp/dpp_untp.h"
#endif
