/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: the commands. Each takes the arguments after its
 * name and returns the process exit code. */
#ifndef DPP_CLI_CMDS_H
#define DPP_CLI_CMDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "util.h"

int cmd_keygen(int argc, char **argv);
int cmd_encode(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_cose(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_label(int argc, char **argv);
int cmd_trust(int argc, char **argv);
int cmd_revoke(int argc, char **argv);
int cmd_attest(int argc, char **argv);
int cmd_cbam(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_linkset(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);


#endif
