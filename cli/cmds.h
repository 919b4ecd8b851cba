/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: the commands. Each takes the arguments after its
 * name and returns the process exit code. */
#ifndef DPP_CLI_CMDS_H
#define DPP_CLI_CMDS_H

int cmd_keygen(int argc, char **argv);
int cmd_encode(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_cose(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_label(int argc, char **argv);

/** The exit-code table, as printed by --help texts. */
extern const char cli_exit_codes_help[];

#endif
