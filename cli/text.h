/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: text shown to people, hex, JSON field locations. */
#ifndef DPP_CLI_TEXT_H
#define DPP_CLI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <dpp/dpp.h>
#include <jansson.h>

/* ---- Text from the input, shown to people ---- */
/** Every string that comes from a passport, a list, a certificate, a file
 *  name or a library message goes through this before it reaches a
 *  terminal: C0 controls (ESC included), DEL and bytes that are not valid
 *  UTF-8 become "\xHH"; C1 controls (U+0080..U+009F) and bidi controls
 *  (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) become "\uHHHH";
 *  everything else is kept. The same escapes as libdpp's diag messages, so
 *  escaping an escaped text changes nothing. */
/** Escapes s[0, n) into out[cap] (NUL-terminated; a cut ends with "..."
 *  at a character boundary). Returns out. */
const char *cli_escape(char *out, size_t cap, const char *s, size_t n);
/** cli_escape of a C string into one of 8 rotating per-thread buffers of
 *  1 KiB, for printf arguments: valid until 8 more calls on the thread.
 *  NULL gives "". */
const char *cli_safe(const char *s);
/** Writes s escaped to f, without a length limit. */
void cli_put_safe(FILE *f, const char *s);
/** A JSON string of s: s itself when it is valid UTF-8 (JSON escaping
 *  handles control characters), else its cli_escape form, so a field is
 *  never lost to json_string() returning NULL. NULL gives JSON null. */
json_t *cli_json_text(const char *s);

/* ---- Text ---- */
/** Trims ASCII whitespace at both ends in place; returns the new length. */
size_t cli_trim(char *s, size_t len);
/** Lower-case hex of n bytes into out (2n+1 bytes). */
void cli_hex(const uint8_t *p, size_t n, char *out);
/** Parses hex text (whitespace ignored) into a malloc'd buffer. 0 on success. */
int cli_unhex(const char *s, size_t len, uint8_t **out, size_t *out_len);
/** 1-based line number of byte offset off in text. */
unsigned long cli_line_of(const char *text, size_t len, size_t off);
/** Byte offset in json of the member addressed by a libdpp field path such
 *  as "materials[2].recycled_share" (or its deepest existing parent);
 *  SIZE_MAX if nothing matches. */
size_t cli_json_locate(const char *json, size_t len, const char *path);
/** Prints the error of a failed dpp_passport_from_json for FILE:
 *  "dpp: FILE:LINE: field: problem". */
void cli_print_json_diag(const char *file, const char *json, size_t len, const dpp_diag *d);
/** The line (1-based) that a dpp_passport_from_json diag points at, or 0. */
unsigned long cli_json_diag_line(const char *json, size_t len, const dpp_diag *d);


#endif
