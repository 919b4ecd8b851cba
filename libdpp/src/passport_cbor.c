/* SPDX-License-Identifier: Apache-2.0 */
/* placeholder: being written */
typedef int dpp_placeholder_passport_cbor;
