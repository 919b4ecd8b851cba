/* SPDX-License-Identifier: Apache-2.0 */
/* dpp inspect: decode passport text WITHOUT verifying it; every line of
 * output says UNVERIFIED. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "help.h"
#include "common.h"
#include "util.h"


enum { O_HELP = 1, O_IN, O_IMAGE, O_JSON };
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP}, {"in", 'i', true, O_IN}, {"image", 0, true, O_IMAGE},
    {"json", 0, false, O_JSON},   {NULL, 0, false, 0},
};

#define MARK "UNVERIFIED  "

int cmd_inspect(int argc, char **argv)
{
    cli_args a;
    const char *arg, *source = NULL;
    cli_source src;
    bool json = false;
    char *text = NULL;
    size_t text_len = 0;
    dpp_unverified *u = NULL;
    dpp_diag d;
    dpp_err err;
    int id, rc;

    memset(&src, 0, sizeof src);
    cli_args_init(&a, "inspect", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "inspect"); return CLI_EX_OK;
        case O_IN: src.in_file = arg; break;
        case O_IMAGE: src.image = arg; break;
        case O_JSON: json = true; break;
        case 0:
            if (src.text_arg != NULL) return cli_usage_err("inspect", "unexpected argument '%s' (one TEXT only)", arg);
            src.text_arg = arg;
            break;
        default: return -id;
        }
    }
    rc = cli_source_read("inspect", &src, &text, &text_len, &source);
    if (rc != CLI_EX_OK) goto done;
    u = cli_xmalloc(sizeof *u);
    err = dpp_inspect(text, text_len, u, &d);
    rc = cli_exit_for(err);
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "verified", json_false());
        json_object_set_new(o, "unverified", json_true());
        json_object_set_new(o, "warning", json_string("decoded without checking the signature, signer or dates"));
        json_object_set_new(o, "source", cli_json_text(source));
        json_object_set_new(o, "form", json_string(cli_form_name(dpp_form_of(text, text_len))));
        json_object_set_new(o, "resolver", err == DPP_OK && u->claims_unverified.resolver[0] != '\0'
                                               ? cli_json_text(u->claims_unverified.resolver)
                                               : json_null());
        json_object_set_new(o, "error", err == DPP_OK ? json_null() : json_string(dpp_err_name(err)));
        json_object_set_new(o, "message", err == DPP_OK ? json_null() : cli_json_text(d.msg));
        if (err == DPP_OK) {
            json_t *pj = cli_passport_json(&u->passport_unverified);
            json_object_set_new(o, "claims", cli_claims_json(&u->claims_unverified));
            json_object_set_new(o, "passport", pj != NULL ? pj : json_null());
        } else {
            json_object_set_new(o, "claims", json_null());
            json_object_set_new(o, "passport", json_null());
        }
        (void)cli_json_print(stdout, o, true);
        json_decref(o);
    }
    if (err != DPP_OK) {
        cli_err_at(source, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
        goto done;
    }
    if (!json) {
        json_t *pj = cli_passport_json(&u->passport_unverified);
        char *dump = pj != NULL ? json_dumps(pj, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
        printf(MARK "Decoded WITHOUT checking the signature, the signer or the dates.\n");
        printf(MARK "Do not rely on this content; use 'dpp verify --trust KEY' to check it.\n");
        printf(MARK "Source: %s (%s, %zu characters)\n", cli_safe(source),
               u->claims_unverified.form == DPP_FORM_LINK ? "GS1 Digital Link" : "DPP1: text", text_len);
        cli_print_facts(stdout, MARK, &u->passport_unverified, &u->claims_unverified);
        if (dump != NULL) {
            char *line = dump, *nl;
            printf(MARK "Passport JSON:\n");
            for (;;) {
                nl = strchr(line, '\n');
                if (nl != NULL) *nl = '\0';
                fputs(MARK, stdout);
                cli_put_safe(stdout, line);
                fputc('\n', stdout);
                if (nl == NULL) break;
                line = nl + 1;
            }
        }
        free(dump);
        json_decref(pj);
    }
done:
    free(text);
    free(u);
    return rc;
}
