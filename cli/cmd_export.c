/* SPDX-License-Identifier: Apache-2.0 */
/* dpp export --to untp: a verified passport as a UNTP Digital Product
 * Passport credential (dpp_untp.h). The passport is verified first with the
 * same trust options as dpp verify; --unverified exports without verifying
 * and marks every claim NOT VERIFIED. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds.h"
#include "help.h"
#include "common.h"
#include "timeparse.h"
#include "util.h"

enum {
    O_HELP = 1, O_TO, O_TRUST, O_OPERATOR, O_CA, O_CERT, O_CHAIN, O_REVOCATIONS, O_MIN_SEQ, O_GRACE, O_STATE,
    O_NO_STATE, O_AT, O_IN, O_IMAGE, O_OUT, O_FORCE, O_UNVERIFIED, O_ISSUER
};
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP},         {"to", 0, true, O_TO},
    {"trust", 't', true, O_TRUST},        {"operator", 0, true, O_OPERATOR},
    {"pin", 0, true, O_OPERATOR},         {"ca", 0, true, O_CA},
    {"cert", 0, true, O_CERT},            {"chain", 0, true, O_CHAIN},
    {"revocations", 0, true, O_REVOCATIONS}, {"min-sequence", 0, true, O_MIN_SEQ},
    {"grace", 0, true, O_GRACE},          {"state", 0, true, O_STATE},
    {"no-state", 0, false, O_NO_STATE},   {"at", 0, true, O_AT},
    {"in", 'i', true, O_IN},              {"image", 0, true, O_IMAGE},
    {"out", 'o', true, O_OUT},            {"force", 0, false, O_FORCE},
    {"unverified", 0, false, O_UNVERIFIED}, {"issuer", 0, true, O_ISSUER},
    {NULL, 0, false, 0},
};

static const char *const k_trust_opt[] = {
    [O_TRUST] = "trust", [O_OPERATOR] = "operator", [O_CA] = "ca", [O_CERT] = "cert",
    [O_CHAIN] = "chain", [O_REVOCATIONS] = "revocations", [O_MIN_SEQ] = "min-sequence",
    [O_GRACE] = "grace", [O_STATE] = "state", [O_NO_STATE] = "no-state",
};

int cmd_export(int argc, char **argv)
{
    cli_args a;
    cli_source src;
    cli_trust_args ta;
    const char *arg, *out = NULL, *source = NULL, *at_s = NULL, *issuer = NULL;
    bool force = false, unverified = false, have_to = false, trust_given = false;
    int64_t at = (int64_t)time(NULL);
    dpp_trust *trust = NULL;
    dpp_verified *v = NULL;
    dpp_unverified *u = NULL;
    dpp_report rep;
    dpp_diag d;
    dpp_err err;
    char *text = NULL, *res = NULL;
    size_t text_len = 0, res_len = 0;
    int id, rc = CLI_EX_OK;

    memset(&src, 0, sizeof src);
    memset(&ta, 0, sizeof ta);
    ta.grace = DPP_LIST_DEFAULT_GRACE_SECONDS;
    cli_args_init(&a, "export", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "export"); return CLI_EX_OK;
        case O_TO:
            if (strcmp(arg, "untp") != 0) return cli_usage_err("export", "--to: '%s' is not untp", arg);
            have_to = true;
            break;
        case O_TRUST: case O_OPERATOR: case O_CA: case O_CERT: case O_CHAIN: case O_REVOCATIONS: case O_MIN_SEQ:
        case O_GRACE: case O_STATE: case O_NO_STATE:
            rc = cli_trust_opt(&ta, "export", k_trust_opt[id], id == O_NO_STATE ? "" : arg);
            if (rc) return rc;
            if (id != O_STATE && id != O_NO_STATE) trust_given = true;
            break;
        case O_AT: at_s = arg; break;
        case O_IN: src.in_file = arg; break;
        case O_IMAGE: src.image = arg; break;
        case O_OUT: out = arg; break;
        case O_FORCE: force = true; break;
        case O_UNVERIFIED: unverified = true; break;
        case O_ISSUER: issuer = arg; break;
        case 0:
            if (src.text_arg != NULL) return cli_usage_err("export", "unexpected argument '%s' (one TEXT only)", arg);
            src.text_arg = arg;
            break;
        default: return -id;
        }
    }
    if (!have_to) return cli_usage_err("export", "--to untp is required");
    if (at_s != NULL && cli_parse_time(at_s, at, &at) != 0)
        return cli_usage_err("export", "--at: '%s' is not an ISO 8601 time", at_s);
    if (unverified && trust_given)
        return cli_usage_err("export", "--unverified exports without verifying: drop the trust options");
    if (!unverified && ta.n_trust + ta.n_certs == 0)
        return cli_usage_err("export", "--trust FILE is required (the passport is verified first), "
                                       "or --unverified to export it marked NOT VERIFIED");
    if (!unverified) {
        rc = cli_trust_build(&ta, "export", at, &trust);
        if (rc != CLI_EX_OK) goto done;
    }
    rc = cli_source_read("export", &src, &text, &text_len, &source);
    if (rc != CLI_EX_OK) goto done;
    if (unverified) {
        u = cli_xmalloc(sizeof *u);
        err = dpp_inspect(text, text_len, u, &d);
        if (err != DPP_OK) {
            cli_err_at(source, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
            rc = cli_exit_for(err);
            goto done;
        }
        cli_warn("export: %s: NOT VERIFIED; every claim of the credential says so", cli_path_shown(source));
        err = dpp_untp_export_unverified(u, text, text_len, issuer, NULL, 0, &res_len, &d);
        if (err == DPP_OK) {
            res = cli_xmalloc(res_len + 2);
            err = dpp_untp_export_unverified(u, text, text_len, issuer, res, res_len + 1, &res_len, &d);
        }
    } else {
        v = cli_xmalloc(sizeof *v);
        err = dpp_verify(text, text_len, trust, at, v, &rep);
        if (err != DPP_OK) {
            cli_err_at(source, 0, "not exported, it does not verify: %s: %s", dpp_check_name(rep.failed),
                       rep.diag.msg[0] ? rep.diag.msg : dpp_err_str(err));
            rc = cli_exit_for(err);
            goto done;
        }
        err = dpp_untp_export(v, text, text_len, issuer, NULL, 0, &res_len, &d);
        if (err == DPP_OK) {
            res = cli_xmalloc(res_len + 2);
            err = dpp_untp_export(v, text, text_len, issuer, res, res_len + 1, &res_len, &d);
        }
    }
    if (err != DPP_OK) {
        cli_err_at(source, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
        rc = err == DPP_ERR_INVALID_ARG ? CLI_EX_USAGE : cli_exit_for(err);
        goto done;
    }
    res[res_len] = '\n';
    rc = cli_write_atomic(out != NULL ? out : "-", res, res_len + 1, 0, force ? CLI_W_FORCE : 0);
done:
    free(text);
    free(res);
    free(v);
    free(u);
    dpp_trust_free(trust);
    return rc;
}
