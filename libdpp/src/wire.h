/* SPDX-License-Identifier: Apache-2.0 */
/* Internal: CWT claim keys of the wire format (the transport is transport.h). */
#ifndef DPP_SRC_WIRE_H
#define DPP_SRC_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

#define DPP_CWT_ISS 1
#define DPP_CWT_EXP 4
#define DPP_CWT_IAT 6
#define DPP_CWT_PASSPORT (-262)

#endif
