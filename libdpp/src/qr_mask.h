/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: fast choice of the QR mask pattern.
 *
 * QR-Code-generator's automatic mask selection (qrcodegen_Mask_AUTO) draws
 * the symbol eight times and scores each with the ISO/IEC 18004 section
 * 7.8.3 penalty rules, module by module; that is most of the time it takes
 * to make a label. dpp_qr_mask_choose() computes the same eight scores from
 * one symbol drawn with any fixed mask, with every row and column held as a
 * bitset, so that dpp_qr_encode() can let QR-Code-generator draw only the
 * winning mask. The scores are exactly QR-Code-generator 1.8.0's:
 *   N1  a run of k >= 5 same-colour modules in a row or column: k - 2;
 *   N2  each 2x2 block of one colour: 3;
 *   N3  each dark-light-dark-light-dark run pattern 1:1:3:1:1 (all runs
 *       exactly n, 3n, n modules) with at least 4n light modules on one side
 *       and at least n on the other: 40, twice when both sides have 4n
 *       (the area outside the symbol counts as light);
 *   N4  10 * k for the smallest k >= 0 with dark/total within
 *       (45 - 5k) % .. (55 + 5k) %;
 * and the lowest-numbered mask wins a tie. tests/test_qr_mask.c checks the
 * choice and every module against Mask_AUTO over thousands of symbols.
 *
 * No allocation, no global mutable state; about 26 KiB of stack.
 */
#ifndef DPP_SRC_QR_MASK_H
#define DPP_SRC_QR_MASK_H

#include <stdint.h>

#include "dpp/dpp_qr.h"

/**
 * Returns the mask (0..7) QR-Code-generator's automatic selection picks for
 * the symbol in `qrcode`, a QR-Code-generator buffer (qrcode[0] is the side
 * length, then the modules row-major, least significant bit first) drawn
 * with mask `used_mask` and the format information of (ecc, used_mask).
 * penalties, if not NULL, receives the eight penalty scores.
 * Returns -1 (penalties untouched) if qrcode is NULL, its side is not
 * 4v + 17 for a version v of 1..40, used_mask is outside 0..7 or ecc outside
 * DPP_ECC_L..DPP_ECC_H.
 */
int dpp_qr_mask_choose(const uint8_t *qrcode, int used_mask, dpp_ecc ecc, long penalties[8]);

/** The stored mask pattern, for the test that checks the tables: 1 when
 *  mask `mask` inverts module (x, y), 0 when not (0 <= x, y < 177), -1 for
 *  arguments outside, -2 if the row and column tables disagree. */
int dpp_qr_mask_pattern_bit(int mask, int x, int y);

#endif
