/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: preset deflate dictionary version 1 (spec/dictionary.md), the
 * bytes a zlib stream with FDICT and DICTID DPP_DICT_V1_ID refers back into.
 * Generated into dict_v1.c by bench/build_dict.py.
 *
 * The encoder compresses with it; the verifier accepts streams without a
 * dictionary and streams naming this one (spec/README.md section 4.3,
 * Appendix C).
 */
#ifndef DPP_SRC_DICT_V1_H
#define DPP_SRC_DICT_V1_H

#include <stddef.h>
#include <stdint.h>

/** Adler-32 of the dictionary: the DICTID in a stream's header. */
#define DPP_DICT_V1_ID 0xa9549d2du

extern const uint8_t dpp_dict_v1[];
extern const size_t dpp_dict_v1_len;

#endif
