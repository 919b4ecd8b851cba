/* SPDX-License-Identifier: Apache-2.0 */
/* dpp convert: re-spells a signed passport in the other transport form
 * ("DPP1:" text <-> GS1 Digital Link) without re-signing it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "help.h"
#include "common.h"
#include "util.h"


enum { O_HELP = 1, O_TO, O_IN, O_IMAGE, O_OUT, O_FORCE };
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP}, {"to", 0, true, O_TO},       {"in", 'i', true, O_IN}, {"image", 0, true, O_IMAGE},
    {"out", 'o', true, O_OUT},    {"force", 0, false, O_FORCE}, {NULL, 0, false, 0},
};

int cmd_convert(int argc, char **argv)
{
    cli_args a;
    cli_source src;
    const char *arg, *out = NULL, *source = NULL;
    bool force = false, have_to = false;
    dpp_form to = DPP_FORM_TEXT;
    char *text = NULL, *res = NULL;
    size_t text_len = 0, res_len = 0;
    dpp_diag d;
    dpp_err err;
    int id, rc;

    memset(&src, 0, sizeof src);
    cli_args_init(&a, "convert", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "convert"); return CLI_EX_OK;
        case O_TO:
            if (strcmp(arg, "text") == 0) to = DPP_FORM_TEXT;
            else if (strcmp(arg, "link") == 0) to = DPP_FORM_LINK;
            else return cli_usage_err("convert", "--to: '%s' is not text or link", arg);
            have_to = true;
            break;
        case O_IN: src.in_file = arg; break;
        case O_IMAGE: src.image = arg; break;
        case O_OUT: out = arg; break;
        case O_FORCE: force = true; break;
        case 0:
            if (src.text_arg != NULL) return cli_usage_err("convert", "unexpected argument '%s' (one TEXT only)", arg);
            src.text_arg = arg;
            break;
        default: return -id;
        }
    }
    if (!have_to) return cli_usage_err("convert", "--to text|link is required");
    rc = cli_source_read("convert", &src, &text, &text_len, &source);
    if (rc != CLI_EX_OK) return rc;
    res = cli_xmalloc(DPP_MAX_LINK_LEN + 2);
    err = dpp_transport_convert(text, text_len, to, res, DPP_MAX_LINK_LEN + 1, &res_len, &d);
    if (err != DPP_OK) {
        cli_err_at(source, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
        rc = cli_exit_for(err);
        goto done;
    }
    res[res_len] = '\n';
    rc = cli_write_atomic(out != NULL ? out : "-", res, res_len + 1, 0, force ? CLI_W_FORCE : 0);
done:
    free(text);
    free(res);
    return rc;
}
