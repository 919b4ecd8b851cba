/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: where passport text comes from. */
#ifndef DPP_CLI_SOURCE_H
#define DPP_CLI_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <dpp/dpp.h>

/** Where passport text comes from. */
typedef struct cli_source {
    const char *text_arg; /* positional TEXT ("-" = stdin) */
    const char *in_file;  /* --in FILE */
    const char *image;    /* --image IMAGE */
} cli_source;

/** Reads passport text from the one source given (or standard input),
 *  trimmed. *name gets a printable name for messages. Returns an exit code. */
int cli_source_read(const char *cmd, const cli_source *src, char **text, size_t *len, const char **name);

#endif
