/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: times and durations (parsing and display). */
#ifndef DPP_CLI_TIMEPARSE_H
#define DPP_CLI_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

/* ---- Time ---- */
/** Parses ISO 8601 ("2025-06-01", "2025-06-01T12:00:00Z", "...+02:00",
 *  fractions ignored), "now", or "@SECONDS". 0 on success. */
int cli_parse_time(const char *s, int64_t now, int64_t *out);
/** Parses a duration "30d", "12h", "90m", "45s", "2w", "1y" (365 days). */
int cli_parse_duration(const char *s, int64_t *out);
/** "2025-06-01T12:00:00Z" into out (at least 32 bytes). */
void cli_format_time(int64_t t, char *out, size_t cap);


#endif
