/* SPDX-License-Identifier: Apache-2.0 */
/* dpp schema: the JSON Schema of the passport JSON (spec/passport.schema.json,
 * embedded at build time so the binary is self-contained). */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "help.h"
#include "util.h"

extern const unsigned char cli_schema_json[];
extern const size_t cli_schema_json_len;


enum { O_HELP = 1, O_OUT, O_FORCE };
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP}, {"out", 'o', true, O_OUT}, {"force", 0, false, O_FORCE}, {NULL, 0, false, 0}};

int cmd_schema(int argc, char **argv)
{
    cli_args a;
    const char *arg, *out = "-";
    bool force = false;
    int id;
    cli_args_init(&a, "schema", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "schema"); return CLI_EX_OK;
        case O_OUT: out = arg; break;
        case O_FORCE: force = true; break;
        case 0: return cli_usage_err("schema", "unexpected argument '%s'", arg);
        default: return -id;
        }
    }
    if (cli_schema_json_len == 0) {
        cli_err("this dpp was built without spec/passport.schema.json");
        return CLI_EX_SOFTWARE;
    }
    return cli_write_atomic(out, cli_schema_json, cli_schema_json_len, 0, force ? CLI_W_FORCE : 0);
}
