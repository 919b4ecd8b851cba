/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: option parsing. */
#ifndef DPP_CLI_ARGS_H
#define DPP_CLI_ARGS_H

#include <stdbool.h>

/* ---- Option parsing ---- */
typedef struct cli_opt {
    const char *name;  /* long name without "--" */
    char short_name;   /* 0 for none */
    bool has_arg;
    int id;
} cli_opt;

typedef struct cli_args {
    int argc;
    char **argv;
    int i;             /* next argv index */
    const char *cmd;   /* for messages */
    bool only_pos;     /* after "--" */
    char shortbuf[3];
} cli_args;

void cli_args_init(cli_args *a, const char *cmd, int argc, char **argv);
/** Next option: returns its id and sets *arg; 0 for a positional argument
 *  (in *arg); -1 at the end; CLI_EX_USAGE negated (-64) after printing an
 *  error for an unknown option or a missing value. */
int cli_args_next(cli_args *a, const cli_opt *opts, const char **arg);

/** Parses a non-negative integer in [lo, hi]; 0 on success. */
int cli_parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out);


#endif
