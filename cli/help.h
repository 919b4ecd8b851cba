/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: the help texts (help.c) and the manual page made
 * from them (man.c). */
#ifndef DPP_CLI_HELP_H
#define DPP_CLI_HELP_H

#include <stdio.h>

#define CLI_HELP_MAX_PARTS 4

/** One command's help: its name, its line in 'dpp --help', and its text
 *  (the parts printed one after the other; NULL ends them). */
typedef struct cli_help_cmd {
    const char *name;
    const char *summary;
    const char *parts[CLI_HELP_MAX_PARTS];
} cli_help_cmd;

/** Every command in the order of 'dpp --help', then {NULL}. */
extern const cli_help_cmd cli_help_cmds[];
/** The exit-code table, as printed by --help texts. */
extern const char cli_exit_codes_help[];

const cli_help_cmd *cli_help_find(const char *name);
/** Prints the help of command name ('dpp name --help'). */
void cli_help(FILE *f, const char *name);
/** Prints 'dpp --help' (the commands, then the exit codes). */
void cli_main_help(FILE *f);
/** Writes the manual page dpp(1) in roff from the same texts; version is
 *  the tool's. Returns 0, or -1 on a write error. */
int cli_man_page(FILE *f, const char *version);

#endif
