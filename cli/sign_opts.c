/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: the signing options shared by encode and label
 * (times, issuer, QR, attestations, full-passport link, resolver, form). */
#include "sign_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "util.h"

int enc_opts_parse(enc_opts *eo, const char *cmd, int id, const char *arg)
{
    unsigned long v;
    switch (id) {
    case ENC_O_IAT:
        if (cli_parse_time(arg, eo->now, &eo->opts.iat) != 0)
            return cli_usage_err(cmd, "--iat: '%s' is not an ISO 8601 time", arg);
        eo->iat_given = true;
        return 0;
    case ENC_O_EXP:
        if (cli_parse_time(arg, eo->now, &eo->opts.exp) != 0)
            return cli_usage_err(cmd, "--exp: '%s' is not an ISO 8601 time", arg);
        eo->opts.has_exp = true;
        eo->exp_abs = true;
        return 0;
    case ENC_O_VALID_FOR:
        if (cli_parse_duration(arg, &eo->valid_for) != 0)
            return cli_usage_err(cmd, "--valid-for: '%s' is not a duration such as 90d, 12h, 2w or 1y", arg);
        return 0;
    case ENC_O_ISS:
        if (arg[0] == '\0' || strlen(arg) > 64) return cli_usage_err(cmd, "--iss: must be 1..64 bytes");
        eo->opts.iss = arg;
        return 0;
    case ENC_O_ECC:
        if (strcmp(arg, "L") == 0 || strcmp(arg, "l") == 0) eo->ecc = DPP_ECC_L;
        else if (strcmp(arg, "M") == 0 || strcmp(arg, "m") == 0) eo->ecc = DPP_ECC_M;
        else if (strcmp(arg, "Q") == 0 || strcmp(arg, "q") == 0) eo->ecc = DPP_ECC_Q;
        else if (strcmp(arg, "H") == 0 || strcmp(arg, "h") == 0) eo->ecc = DPP_ECC_H;
        else return cli_usage_err(cmd, "--ecc: '%s' is not L, M, Q or H", arg);
        return 0;
    case ENC_O_COMPRESS:
        if (strcmp(arg, "auto") == 0) eo->opts.compress = DPP_COMPRESS_AUTO;
        else if (strcmp(arg, "never") == 0) eo->opts.compress = DPP_COMPRESS_NEVER;
        else if (strcmp(arg, "always") == 0) eo->opts.compress = DPP_COMPRESS_ALWAYS;
        else return cli_usage_err(cmd, "--compress: '%s' is not auto, never or always", arg);
        return 0;
    case ENC_O_MODULE_PX:
        if (cli_parse_uint(arg, 1, 100, &v) != 0) return cli_usage_err(cmd, "--module-px: '%s' is not in 1..100", arg);
        eo->module_px = (int)v;
        return 0;
    case ENC_O_BORDER:
        if (cli_parse_uint(arg, 0, 40, &v) != 0) return cli_usage_err(cmd, "--border: '%s' is not in 0..40", arg);
        eo->border = (int)v;
        return 0;
    case ENC_O_ATTESTATION:
        if (eo->n_att == DPP_MAX_ATTESTATIONS)
            return cli_usage_err(cmd, "at most %d --attestation files", DPP_MAX_ATTESTATIONS);
        eo->att_path[eo->n_att++] = arg;
        return 0;
    case ENC_O_LINK:
        if (arg[0] == '\0' || strlen(arg) > DPP_MAX_LINK_URI)
            return cli_usage_err(cmd, "--link: the URI must be 1..%d bytes", DPP_MAX_LINK_URI);
        eo->link_uri = arg;
        return 0;
    case ENC_O_LINK_DOC: eo->link_doc = arg; return 0;
    case ENC_O_LINK_BASE: {
        dpp_diag d;
        if (dpp_resolver_normalize(arg, strlen(arg), eo->resolver, sizeof eo->resolver, &d) != DPP_OK)
            return cli_usage_err(cmd, "--link-base: %s", cli_safe(d.msg));
        eo->link_base = arg;
        return 0;
    }
    case ENC_O_FORM:
        if (strcmp(arg, "text") == 0) eo->form = DPP_FORM_TEXT;
        else if (strcmp(arg, "link") == 0) eo->form = DPP_FORM_LINK;
        else return cli_usage_err(cmd, "--form: '%s' is not text or link", arg);
        eo->form_given = true;
        return 0;
    default: return -1;
    }
}

void enc_opts_init(enc_opts *eo)
{
    memset(eo, 0, sizeof *eo);
    eo->now = (int64_t)time(NULL);
    eo->opts.iat = eo->now;
    eo->opts.compress = DPP_COMPRESS_AUTO;
    eo->ecc = DPP_ECC_M;
    eo->module_px = 8;
    eo->border = 4;
}

int enc_opts_finish(enc_opts *eo, const char *cmd)
{
    if (eo->valid_for > 0 && eo->exp_abs) return cli_usage_err(cmd, "give --exp or --valid-for, not both");
    if (eo->valid_for > 0) {
        if (eo->opts.iat > INT64_MAX - eo->valid_for) return cli_usage_err(cmd, "--iat plus --valid-for is too late");
        eo->opts.has_exp = true;
        eo->opts.exp = eo->opts.iat + eo->valid_for;
    }
    if (eo->opts.iat <= 0) return cli_usage_err(cmd, "--iat must be after 1970-01-01T00:00:00Z");
    if (eo->link_doc != NULL && eo->link_uri == NULL) return cli_usage_err(cmd, "--link-doc needs --link URI");
    if (eo->form_given && eo->form == DPP_FORM_LINK && eo->link_base == NULL)
        return cli_usage_err(cmd, "--form link needs --link-base URL (the resolver the link points to)");
    if (!eo->form_given) eo->form = eo->link_base != NULL ? DPP_FORM_LINK : DPP_FORM_TEXT;
    for (size_t i = 0; i < eo->n_att; i++) {
        int rc = cli_read_file(eo->att_path[i], 64u * 1024u, &eo->att[i], &eo->att_len[i]);
        if (rc != CLI_EX_OK) return rc;
    }
    if (eo->link_doc != NULL) {
        uint8_t *doc = NULL;
        size_t n = 0;
        int rc = cli_read_file(eo->link_doc, CLI_MAX_IMAGE_FILE, &doc, &n);
        if (rc != CLI_EX_OK) return rc;
        if (dpp_sha256(doc, n, eo->sha) != DPP_OK) {
            free(doc);
            cli_err_at(eo->link_doc, 0, "cannot hash the document");
            return CLI_EX_SOFTWARE;
        }
        free(doc);
        eo->has_sha = true;
    }
    if (eo->opts.has_exp && eo->opts.exp <= eo->opts.iat) {
        char a[40], b[40];
        cli_format_time(eo->opts.exp, a, sizeof a);
        cli_format_time(eo->opts.iat, b, sizeof b);
        return cli_usage_err(cmd, "--exp %s is not after the issue time %s", a, b);
    }
    return CLI_EX_OK;
}

void enc_opts_ex(const enc_opts *eo, dpp_encode_ex_opts *ex)
{
    memset(ex, 0, sizeof *ex);
    ex->base = eo->opts;
    ex->n_attestations = eo->n_att;
    for (size_t i = 0; i < eo->n_att; i++) {
        ex->attestations[i].ptr = eo->att[i];
        ex->attestations[i].len = eo->att_len[i];
    }
    ex->link_uri = eo->link_uri;
    ex->resolver = eo->link_base != NULL ? eo->resolver : NULL;
    ex->form = eo->form;
    ex->has_link_sha256 = eo->has_sha;
    if (eo->has_sha) memcpy(ex->link_sha256, eo->sha, 32);
}

void enc_opts_free(enc_opts *eo)
{
    for (size_t i = 0; i < eo->n_att; i++) free(eo->att[i]);
    eo->n_att = 0;
}
