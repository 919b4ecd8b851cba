/* SPDX-License-Identifier: Apache-2.0 */
/* dpp import --from untp: a UNTP Digital Product Passport credential as
 * passport JSON (dpp_untp.h). Every member that cannot be carried is named
 * on standard error ("dpp: FILE: PATH: not carried: why"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "help.h"
#include "common.h"
#include "util.h"

/* Most not-carried members listed one per line; the rest are counted. */
#define IMPORT_MAX_LISTED 200

enum { O_HELP = 1, O_FROM, O_OUT, O_FORCE, O_COUNTRY, O_QUIET };
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP}, {"from", 0, true, O_FROM},        {"out", 'o', true, O_OUT},
    {"force", 0, false, O_FORCE}, {"country", 0, true, O_COUNTRY}, {"quiet", 'q', false, O_QUIET},
    {NULL, 0, false, 0},
};

int cmd_import(int argc, char **argv)
{
    cli_args a;
    const char *arg, *out = NULL, *file = NULL, *country = NULL;
    bool force = false, quiet = false, have_from = false;
    uint8_t *data = NULL;
    size_t n = 0, json_len = 0;
    dpp_passport *p = NULL;
    dpp_diag *items = NULL;
    dpp_diag_list dropped;
    dpp_diag d;
    dpp_err err;
    char *json = NULL;
    int id, rc;

    cli_args_init(&a, "import", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "import"); return CLI_EX_OK;
        case O_FROM:
            if (strcmp(arg, "untp") != 0) return cli_usage_err("import", "--from: '%s' is not untp", arg);
            have_from = true;
            break;
        case O_OUT: out = arg; break;
        case O_FORCE: force = true; break;
        case O_COUNTRY: country = arg; break;
        case O_QUIET: quiet = true; break;
        case 0:
            if (file != NULL) return cli_usage_err("import", "unexpected argument '%s' (one FILE only)", arg);
            file = arg;
            break;
        default: return -id;
        }
    }
    if (!have_from) return cli_usage_err("import", "--from untp is required");
    if (file == NULL) return cli_usage_err("import", "FILE is required (a UNTP credential, \"-\" for standard input)");
    if (country != NULL && (strlen(country) != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' ||
                            country[1] > 'Z'))
        return cli_usage_err("import", "--country: '%s' is not an ISO 3166-1 alpha-2 code", country);
    rc = cli_read_file(file, DPP_UNTP_MAX_INPUT, &data, &n);
    if (rc != CLI_EX_OK) return rc;
    p = cli_xmalloc(sizeof *p);
    items = cli_xmalloc(IMPORT_MAX_LISTED * sizeof *items);
    memset(&dropped, 0, sizeof dropped);
    dropped.items = items;
    dropped.cap = IMPORT_MAX_LISTED;
    err = dpp_untp_import((const char *)data, n, country, p, &dropped, &d);
    if (err != DPP_OK) {
        cli_err_at(file, d.line, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
        rc = err == DPP_ERR_INVALID_ARG ? CLI_EX_USAGE : cli_exit_for(err);
        goto done;
    }
    if (!quiet) {
        for (size_t i = 0; i < dropped.count; i++) cli_err_at(file, 0, "%s", dropped.items[i].msg);
        if (dropped.total > dropped.count)
            cli_err_at(file, 0, "and %zu more members not carried", dropped.total - dropped.count);
    }
    err = dpp_passport_to_json(p, NULL, 0, &json_len, &d);
    if (err == DPP_OK) {
        json = cli_xmalloc(json_len + 2);
        err = dpp_passport_to_json(p, json, json_len + 1, &json_len, &d);
    }
    if (err != DPP_OK) {
        cli_err_at(file, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
        rc = cli_exit_for(err);
        goto done;
    }
    json[json_len] = '\n';
    rc = cli_write_atomic(out != NULL ? out : "-", json, json_len + 1, 0, force ? CLI_W_FORCE : 0);
done:
    free(data);
    free(p);
    free(items);
    free(json);
    return rc;
}
