/* SPDX-License-Identifier: Apache-2.0 */
/* dpp: the libdpp command-line tool. Dispatches to one command per file. */
#include <stdio.h>
#include <string.h>

#include <dpp/dpp.h>

#include "cmds.h"
#include "help.h"
#include "util.h"

#ifndef DPP_CLI_VERSION
#define DPP_CLI_VERSION DPP_VERSION_STRING
#endif

typedef struct cli_cmd {
    const char *name;
    int (*run)(int argc, char **argv);
} cli_cmd;

static const cli_cmd k_cmds[] = {
    {"keygen", cmd_keygen}, {"encode", cmd_encode}, {"label", cmd_label},   {"verify", cmd_verify},
    {"inspect", cmd_inspect}, {"cose", cmd_cose},   {"schema", cmd_schema}, {"trust", cmd_trust},
    {"revoke", cmd_revoke},   {"attest", cmd_attest}, {"cbam", cmd_cbam}, {"convert", cmd_convert},
    {"linkset", cmd_linkset}, {"export", cmd_export}, {"import", cmd_import}, {NULL, NULL},
};

static const cli_cmd *find_cmd(const char *name)
{
    for (const cli_cmd *c = k_cmds; c->name != NULL; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

int main(int argc, char **argv)
{
    const cli_cmd *c;
    cli_init();
    if (argc < 2) {
        cli_main_help(stderr);
        return CLI_EX_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        cli_main_help(stdout);
        return CLI_EX_OK;
    }
    /* Hidden: the manual page, made from the same texts (cli/CMakeLists.txt
     * writes dpp.1 with it). */
    if (strcmp(argv[1], "--man") == 0) return cli_man_page(stdout, DPP_CLI_VERSION) == 0 ? CLI_EX_OK : CLI_EX_CANTCREAT;
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("dpp %s (libdpp %s)\n", DPP_CLI_VERSION, dpp_version_string());
        return CLI_EX_OK;
    }
    if (strcmp(argv[1], "help") == 0) {
        char help_flag[] = "--help";
        char *hv[2];
        if (argc < 3) {
            cli_main_help(stdout);
            return CLI_EX_OK;
        }
        c = find_cmd(argv[2]);
        if (c == NULL) return cli_usage_err(NULL, "unknown command '%s'", argv[2]);
        hv[0] = help_flag;
        hv[1] = NULL;
        return c->run(1, hv);
    }
    if (argv[1][0] == '-') return cli_usage_err(NULL, "unknown option '%s'", argv[1]);
    c = find_cmd(argv[1]);
    if (c == NULL) return cli_usage_err(NULL, "unknown command '%s'", argv[1]);
    return c->run(argc - 2, argv + 2);
}
