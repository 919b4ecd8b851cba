/* SPDX-License-Identifier: Apache-2.0 */
/* dpp verify: passport text (argument, file, stdin or photo) against trusted
 * keys; a report of every check; --batch for one scan per line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "cmds.h"
#include "common.h"
#include "util.h"

static const char help[] =
    "Usage: dpp verify --trust FILE [--trust FILE ...] [--at TIME] [--json]\n"
    "                  [TEXT | --in FILE | --image IMAGE]\n"
    "       dpp verify --trust FILE ... --batch SCANS.txt [--out RESULTS.jsonl]\n"
    "                  [--jobs N] [--resume] [--quiet]\n"
    "\n"
    "Verifies a signed passport: the text given as TEXT, read from FILE or\n"
    "standard input, or decoded from a PNG/JPEG photo of its QR code. Prints\n"
    "each check (PASS, FAIL, SKIPPED, NOT RUN), the passport's key facts, and\n"
    "a last line \"VERIFIED\" only when every check passed, otherwise\n"
    "\"NOT VERIFIED: <reason>\".\n"
    "\n"
    "Options:\n"
    "  -t, --trust FILE   trusted public key or X.509 certificate, PEM or DER;\n"
    "                     a PEM file may hold several (repeatable, required)\n"
    "  --at TIME          validation time (default now): ISO 8601, \"@SECONDS\"\n"
    "  --in FILE          read the passport text from FILE ('-' = stdin)\n"
    "  --image IMAGE      decode the QR code in a PNG or JPEG picture (zbar)\n"
    "  --json             machine-readable result on standard output:\n"
    "                     {\"verified\", \"error\", \"message\", \"failed_check\",\n"
    "                      \"checks\", \"claims\", \"passport\", ...}\n"
    "  -q, --quiet        print nothing; only the exit code tells\n"
    "  -h, --help         show this help\n"
    "\n"
    "Batch (one passport text per line):\n"
    "  --batch FILE       scans, one per line ('-' = standard input)\n"
    "  -o, --out FILE     results as JSON Lines (default standard output), one\n"
    "                     line per input line, in input order:\n"
    "                     {\"line\":N,\"verified\":true,\"id\":...} or\n"
    "                     {\"line\":N,\"verified\":false,\"error\":...,\"message\":...}\n"
    "  --jobs N           worker threads (default: number of online CPUs)\n"
    "  --resume           continue after the records already in --out\n"
    "\n"
    "Examples:\n"
    "  dpp verify --trust signer.pub.pem --in passport.txt\n"
    "  dpp verify --trust signer.crt.pem --image label-photo.jpg\n"
    "  dpp verify --trust keys.pem --json 'DPP1:6BF...'\n"
    "  dpp verify --trust keys.pem --batch scans.txt --out results.jsonl\n"
    "\n";

enum { O_HELP = 1, O_TRUST, O_AT, O_IN, O_IMAGE, O_JSON, O_QUIET, O_BATCH, O_OUT, O_JOBS, O_RESUME };
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP}, {"trust", 't', true, O_TRUST}, {"at", 0, true, O_AT},
    {"in", 'i', true, O_IN},      {"image", 0, true, O_IMAGE},   {"json", 0, false, O_JSON},
    {"quiet", 'q', false, O_QUIET}, {"batch", 0, true, O_BATCH}, {"out", 'o', true, O_OUT},
    {"jobs", 'j', true, O_JOBS},  {"resume", 0, false, O_RESUME}, {NULL, 0, false, 0},
};

#define MAX_TRUST 64

typedef struct verify_ctx {
    const dpp_trust *trust;
    int64_t at;
} verify_ctx;

static const char *str_or_null(const char *s) { return (s != NULL && s[0] != '\0') ? s : NULL; }

static void set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v != NULL ? json_string(v) : json_null());
}

/* One line of --batch. */
static void verify_record(void *ctxp, batch_rec *r)
{
    const verify_ctx *ctx = ctxp;
    dpp_verified *v = cli_xmalloc(sizeof *v);
    dpp_report rep;
    dpp_err err;
    json_t *o;
    char kid[2 * DPP_KID_LEN + 1], uuid[37];

    r->ok = false;
    if (r->too_long) {
        char msg[96];
        (void)snprintf(msg, sizeof msg, "line is longer than %u bytes", CLI_MAX_TEXT_FILE);
        r->out = batch_error_record(r->line, "verified", dpp_err_name(DPP_ERR_TOO_LARGE), msg);
        free(v);
        return;
    }
    r->in_len = cli_trim(r->in, r->in_len);
    err = dpp_verify(r->in, r->in_len, ctx->trust, ctx->at, v, &rep);
    o = json_object();
    json_object_set_new(o, "line", json_integer((json_int_t)r->line));
    json_object_set_new(o, "verified", json_boolean(err == DPP_OK));
    if (err != DPP_OK) {
        set_str(o, "error", dpp_err_name(err));
        set_str(o, "failed_check", dpp_check_name(rep.failed));
        set_str(o, "message", rep.diag.msg[0] ? rep.diag.msg : dpp_err_str(err));
        json_object_set_new(o, "exit_code", json_integer(cli_exit_for(err)));
    } else {
        cli_uuid_text(v->passport.id, uuid);
        set_str(o, "id", uuid);
        set_str(o, "gtin", v->passport.gtin);
        set_str(o, "name", v->passport.name);
        set_str(o, "batch", str_or_null(v->passport.batch));
        set_str(o, "serial", str_or_null(v->passport.serial));
        cli_hex(v->claims.kid, DPP_KID_LEN, kid);
        set_str(o, "kid", kid);
        set_str(o, "iss", str_or_null(v->claims.iss));
        json_object_set_new(o, "iat", json_integer((json_int_t)v->claims.iat));
        json_object_set_new(o, "exp", v->claims.has_exp ? json_integer((json_int_t)v->claims.exp) : json_null());
    }
    r->out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    r->ok = err == DPP_OK;
    json_decref(o);
    free(v);
}

static void print_human(const char *source, size_t text_len, const dpp_report *rep, const dpp_verified *v,
                        int64_t at)
{
    char t[40];
    cli_format_time(at, t, sizeof t);
    printf("Passport text from %s (%zu characters), checked at %s\n", source, text_len, t);
    for (int c = 0; c < DPP_CHECK_COUNT; c++) {
        dpp_check_status s = rep->status[c];
        if (s == DPP_CHECK_FAIL)
            printf("  %-13s %-8s %s\n", dpp_check_name((dpp_check)c), cli_status_human(s), rep->diag.msg);
        else
            printf("  %-13s %s\n", dpp_check_name((dpp_check)c), cli_status_human(s));
    }
    if (rep->err == DPP_OK) {
        json_t *pj = cli_passport_json(&v->passport);
        printf("\n");
        cli_print_facts(stdout, "  ", pj, &v->claims);
        json_decref(pj);
        printf("VERIFIED\n");
    } else {
        printf("\n  (contents not shown: the passport did not verify; 'dpp inspect' shows them UNVERIFIED)\n");
        printf("NOT VERIFIED: %s check failed: %s (%s)\n", dpp_check_name(rep->failed),
               rep->diag.msg[0] ? rep->diag.msg : dpp_err_str(rep->err), dpp_err_name(rep->err));
    }
}

static void print_json(const char *source, const dpp_report *rep, const dpp_verified *v, int64_t at, dpp_err err)
{
    json_t *o = json_object(), *checks = json_object();
    char t[40];
    json_object_set_new(o, "verified", json_boolean(err == DPP_OK));
    set_str(o, "error", err == DPP_OK ? NULL : dpp_err_name(err));
    set_str(o, "message", err == DPP_OK ? NULL : (rep->diag.msg[0] ? rep->diag.msg : dpp_err_str(err)));
    set_str(o, "failed_check", err == DPP_OK ? NULL : dpp_check_name(rep->failed));
    json_object_set_new(o, "exit_code", json_integer(cli_exit_for(err)));
    set_str(o, "source", source);
    json_object_set_new(o, "at", json_integer((json_int_t)at));
    cli_format_time(at, t, sizeof t);
    set_str(o, "at_utc", t);
    for (int c = 0; c < DPP_CHECK_COUNT; c++)
        json_object_set_new(checks, dpp_check_name((dpp_check)c), json_string(cli_status_json(rep->status[c])));
    json_object_set_new(o, "checks", checks);
    if (err == DPP_OK) {
        json_t *pj = cli_passport_json(&v->passport);
        json_object_set_new(o, "claims", cli_claims_json(&v->claims));
        json_object_set_new(o, "passport", pj != NULL ? pj : json_null());
    } else {
        json_object_set_new(o, "claims", json_null());
        json_object_set_new(o, "passport", json_null());
    }
    (void)cli_json_print(stdout, o, true);
    json_decref(o);
}

int cmd_verify(int argc, char **argv)
{
    cli_args a;
    const char *arg, *trust_paths[MAX_TRUST], *batch = NULL, *out = NULL, *at_s = NULL, *source = NULL;
    size_t n_trust = 0, text_len = 0;
    cli_source src;
    bool json = false, quiet = false, resume = false;
    unsigned long jobs = 0;
    int64_t at = (int64_t)time(NULL);
    dpp_trust *trust = NULL;
    dpp_verified *v = NULL;
    dpp_report rep;
    dpp_err err;
    char *text = NULL;
    int id, rc = CLI_EX_OK;

    memset(&src, 0, sizeof src);
    cli_args_init(&a, "verify", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: fputs(help, stdout); fputs(cli_exit_codes_help, stdout); return CLI_EX_OK;
        case O_TRUST:
            if (n_trust == MAX_TRUST) return cli_usage_err("verify", "at most %d --trust files", MAX_TRUST);
            trust_paths[n_trust++] = arg;
            break;
        case O_AT: at_s = arg; break;
        case O_IN: src.in_file = arg; break;
        case O_IMAGE: src.image = arg; break;
        case O_JSON: json = true; break;
        case O_QUIET: quiet = true; break;
        case O_BATCH: batch = arg; break;
        case O_OUT: out = arg; break;
        case O_JOBS:
            if (cli_parse_uint(arg, 1, 256, &jobs) != 0)
                return cli_usage_err("verify", "--jobs: '%s' is not in 1..256", arg);
            break;
        case O_RESUME: resume = true; break;
        case 0:
            if (src.text_arg != NULL) return cli_usage_err("verify", "unexpected argument '%s' (one TEXT only)", arg);
            src.text_arg = arg;
            break;
        default: return -id;
        }
    }
    if (at_s != NULL && cli_parse_time(at_s, at, &at) != 0)
        return cli_usage_err("verify", "--at: '%s' is not an ISO 8601 time", at_s);
    if (n_trust == 0) return cli_usage_err("verify", "--trust FILE is required (a public key or certificate)");
    if (batch != NULL) {
        if (src.text_arg != NULL || src.in_file != NULL || src.image != NULL)
            return cli_usage_err("verify", "--batch cannot be combined with TEXT, --in or --image");
        if (json) return cli_usage_err("verify", "--batch always writes JSON Lines; drop --json");
    } else {
        if (out != NULL || resume || jobs != 0)
            return cli_usage_err("verify", "--out, --resume and --jobs need --batch");
    }

    if (dpp_trust_new(&trust) != DPP_OK) {
        cli_err("out of memory");
        return CLI_EX_SOFTWARE;
    }
    for (size_t i = 0; i < n_trust; i++) {
        rc = cli_trust_add_file(trust, trust_paths[i]);
        if (rc != CLI_EX_OK) goto done;
    }

    if (batch != NULL) {
        verify_ctx ctx = {trust, at};
        batch_cfg bc;
        batch_stats st;
        memset(&bc, 0, sizeof bc);
        bc.cmd = "verify";
        bc.in_path = batch;
        bc.out_path = out != NULL ? out : "-";
        bc.resume = resume;
        bc.jobs = jobs != 0 ? (unsigned)jobs : cli_ncpus();
        bc.quiet = quiet;
        bc.max_line = CLI_MAX_TEXT_FILE;
        rc = batch_run(&bc, verify_record, &ctx, &st);
        goto done;
    }

    rc = cli_source_read("verify", &src, &text, &text_len, &source);
    if (rc != CLI_EX_OK) goto done;
    v = cli_xmalloc(sizeof *v);
    err = dpp_verify(text, text_len, trust, at, v, &rep);
    rc = cli_exit_for(err);
    if (quiet) goto done;
    if (json) print_json(source, &rep, v, at, err);
    else print_human(source, text_len, &rep, v, at);
    if (err != DPP_OK && !json)
        cli_err_at(source, 0, "%s: %s", dpp_check_name(rep.failed), rep.diag.msg[0] ? rep.diag.msg : dpp_err_str(err));
done:
    free(text);
    free(v);
    dpp_trust_free(trust);
    return rc;
}
