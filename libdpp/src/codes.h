/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: code lists and shape checks shared by the passport validator and
 * the CBOR and JSON codecs.
 *
 * Every function takes a pointer plus a length (the text need not be
 * NUL-terminated), reads only [s, s+n), keeps no state and never allocates.
 * A NULL pointer is accepted only with n == 0 (and then fails the check,
 * except where an empty input is valid).
 */
#ifndef DPP_SRC_CODES_H
#define DPP_SRC_CODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_passport.h"

/** Number of officially assigned ISO 3166-1 alpha-2 codes in the built-in list (249). */
#define DPP_COUNTRY_COUNT 249

/** True if s is an officially assigned ISO 3166-1 alpha-2 code ("DE", "CN";
 *  not "XK", "EU", "UK", lower case or user-assigned codes). */
bool dpp_code_country(const char *s, size_t n);

/** True if s has the ISO 4217 currency shape [A-Z]{3}. */
bool dpp_code_currency(const char *s, size_t n);

/** True if s has the UN/CEFACT Recommendation 20 code shape [A-Z0-9]{2,3}. */
bool dpp_code_unit(const char *s, size_t n);

/** True if s is an identifier scheme: [A-Z0-9-]{1,16}. */
bool dpp_code_scheme(const char *s, size_t n);

/** True if every byte of s is in the GS1 AI encodable character set 82
 *  (digits, letters, and ! " % & ' ( ) * + , - . / : ; < = > ? _).
 *  An empty string passes; length limits are the caller's. */
bool dpp_code_gs1_ai82(const char *s, size_t n);

/** True if s is a CN (Combined Nomenclature) code: exactly 8 ASCII digits. */
bool dpp_code_cn(const char *s, size_t n);

/** True if s is valid UTF-8 without control characters (U+0000..U+001F,
 *  U+007F..U+009F) or bidi controls (U+200E, U+200F, U+202A..U+202E,
 *  U+2066..U+2069): the text rule T of spec/README.md. */
bool dpp_text_valid(const char *s, size_t n);

/** What breaks rule T in a text (dpp_text_check). */
typedef enum { DPP_TEXT_OK, DPP_TEXT_UTF8, DPP_TEXT_CONTROL, DPP_TEXT_BIDI } dpp_text_fault;
/** dpp_text_valid with the first fault: *at (may be NULL) gets its byte
 *  offset, *cp (may be NULL) the offending code point (CONTROL, BIDI). */
dpp_text_fault dpp_text_check(const char *s, size_t n, size_t *at, uint32_t *cp);
/** The message for a fault: "contains a control character", "contains the
 *  bidirectional control character U+202E at byte 5", ... into buf. */
const char *dpp_text_fault_msg(dpp_text_fault f, size_t at, uint32_t cp, char *buf, size_t cap);

/**
 * GS1 check digit (mod 10, weights 3,1,3,... from the right) of the n data
 * digits in s (the check digit itself excluded). s must hold ASCII digits.
 * Returns 0..9, or -1 if n == 0 or a byte is not a digit.
 */
int dpp_gtin_check_digit(const char *s, size_t n);

/**
 * Normalises a GTIN-8, -12, -13 or -14 to 14 digits (left-padded with '0')
 * in out[15] (NUL-terminated) and checks its check digit.
 * Returns DPP_OK; DPP_ERR_SCHEMA_FORMAT if s is not 8, 12, 13 or 14 ASCII
 * digits (out is then empty); DPP_ERR_SCHEMA_CHECK_DIGIT if the last digit is
 * wrong (out then holds the normalised digits, *got the last digit and
 * *expected the right one; both pointers may be NULL).
 */
dpp_err dpp_gtin_normalize(const char *s, size_t n, char out[15], int *got, int *expected);

/** CAS check digit of v, the CAS RN digits without their check digit:
 *  sum of each digit times its position from the right (1, 2, ...), mod 10. */
int dpp_cas_check_digit(uint64_t v);

/**
 * Parses a CAS Registry Number "NNNNNNN-NN-N" (first group 2..7 digits,
 * no leading zero) into *value, its digits without hyphens (e.g.
 * "7439-89-6" -> 7439896), and checks the check digit.
 * Returns DPP_OK; DPP_ERR_SCHEMA_FORMAT (bad shape, *value = 0);
 * DPP_ERR_SCHEMA_CHECK_DIGIT (*value set; *got and *expected as for GTINs).
 */
dpp_err dpp_cas_parse(const char *s, size_t n, uint64_t *value, int *got, int *expected);

/**
 * Formats CAS digits (5..10 digits, i.e. 10000..9999999999) as
 * "NNNNNNN-NN-N" into out (NUL-terminated; 13 bytes always suffice).
 * The check digit is not checked. Returns the length, or 0 if value is out
 * of range or out_cap is too small.
 */
size_t dpp_cas_format(uint64_t value, char *out, size_t out_cap);

/** Parses a canonical UUID "8-4-4-4-12" (hex digits in either case) into 16 bytes. */
bool dpp_uuid_parse(const char *s, size_t n, uint8_t out[16]);

/** Formats 16 bytes as a canonical lowercase UUID into out[37] (NUL-terminated). */
void dpp_uuid_format(const uint8_t id[16], char out[37]);

/* ---- Enumeration names (the JSON form's strings, spec/passport.schema.json) ---- */

/** One name of an enumeration; tables end with {NULL, 0}. */
typedef struct dpp_code_name {
    const char *name;
    int value;
} dpp_code_name;

/* In value order; the public dpp_<enum>_name() / _from_name() read these,
 * and so does the JSON codec, so each name is written once. */
extern const dpp_code_name dpp_boundary_names[];
extern const dpp_code_name dpp_method_names[];
extern const dpp_code_name dpp_stage_kind_names[];
extern const dpp_code_name dpp_verification_names[];
extern const dpp_code_name dpp_cbam_method_names[];
extern const dpp_code_name dpp_price_instrument_names[];

/* ---- Decimals and dates (implemented in decimal.c) ---- */

/** Largest dpp_date: 9999-12-31. */
#define DPP_DATE_MAX 2932896

/** True if d.exponent is in -18..0 and |d.mantissa| <= 10^18 - 1. */
bool dpp_decimal_valid(dpp_decimal d);

/** True if d is in 0..DPP_DATE_MAX. */
bool dpp_date_valid(dpp_date d);

#endif
