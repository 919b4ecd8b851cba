/* SPDX-License-Identifier: Apache-2.0 */
/* dpp encode: passport JSON -> signed passport text, QR (SVG/PNG/terminal)
 * or COSE bytes; --batch for JSON Lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "cmds.h"
#include "help.h"
#include "common.h"
#include "sign_opts.h"
#include "util.h"



enum {
    O_HELP = 1, O_KEY, O_FORMAT, O_OUT, O_IAT, O_EXP, O_VALID_FOR, O_ISS, O_ECC, O_COMPRESS,
    O_MODULE_PX, O_BORDER, O_SIZES, O_BATCH, O_JOBS, O_RESUME, O_QUIET, O_ATTESTATION, O_LINK, O_LINK_DOC, O_FORCE,
    O_LINK_BASE, O_FORM
};
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP},       {"key", 'k', true, O_KEY},          {"format", 'f', true, O_FORMAT},
    {"out", 'o', true, O_OUT},          {"iat", 0, true, O_IAT},            {"exp", 0, true, O_EXP},
    {"valid-for", 0, true, O_VALID_FOR}, {"iss", 0, true, O_ISS},           {"ecc", 0, true, O_ECC},
    {"compress", 0, true, O_COMPRESS},  {"module-px", 0, true, O_MODULE_PX}, {"border", 0, true, O_BORDER},
    {"sizes", 0, false, O_SIZES},       {"batch", 0, true, O_BATCH},        {"jobs", 'j', true, O_JOBS},
    {"resume", 0, false, O_RESUME},     {"quiet", 'q', false, O_QUIET},     {"attestation", 0, true, O_ATTESTATION},
    {"link", 0, true, O_LINK},          {"link-doc", 0, true, O_LINK_DOC},  {"force", 0, false, O_FORCE},
    {"link-base", 0, true, O_LINK_BASE}, {"form", 0, true, O_FORM},
    {NULL, 0, false, 0},
};

/* ---- encode ---- */

enum { FMT_TEXT, FMT_SVG, FMT_PNG, FMT_TERM, FMT_COSE };
static const char *const k_fmt_ext[] = {"txt", "svg", "png", "txt", "cose"};

typedef struct enc_job {
    const dpp_key *key;
    const enc_opts *eo;
    int format;
    const char *dir; /* batch output directory */
    unsigned wflags; /* cli_write_atomic flags of the per-record files */
} enc_job;

/* Signs p; fills text (ENC_MAX_OUT: the passport in the chosen form) and,
 * for FMT_COSE, cose. */
static dpp_err sign_passport(const enc_job *j, const dpp_passport *p, char *text, size_t *text_len, uint8_t *cose,
                             size_t *cose_len, dpp_encode_sizes *sizes, dpp_diag *d)
{
    dpp_err err;
    dpp_encode_ex_opts ex;
    char *t;
    size_t tl = 0;
    enc_opts_ex(j->eo, &ex);
    if (j->format != FMT_COSE) return dpp_encode_ex(p, j->key, &ex, text, ENC_MAX_OUT, text_len, sizes, d);
    err = dpp_encode_cose_ex(p, j->key, &ex, cose, DPP_MAX_COSE_LEN, cose_len, d);
    if (err != DPP_OK) return err;
    if (ex.form == DPP_FORM_TEXT)
        return dpp_text_from_cose(cose, *cose_len, j->eo->opts.compress, text, ENC_MAX_OUT, text_len, d);
    /* The link of the same COSE message: spelled from its text form. */
    t = cli_xmalloc(DPP_MAX_TEXT_LEN + 1);
    err = dpp_text_from_cose(cose, *cose_len, j->eo->opts.compress, t, DPP_MAX_TEXT_LEN + 1, &tl, d);
    if (err == DPP_OK) err = dpp_transport_convert(t, tl, DPP_FORM_LINK, text, ENC_MAX_OUT, text_len, d);
    free(t);
    return err;
}

/* The output bytes for the format (malloc'd). */
static dpp_err render(const enc_job *j, const char *text, size_t text_len, const uint8_t *cose, size_t cose_len,
                      uint8_t **out, size_t *out_len, dpp_diag *d)
{
    dpp_qr *qr = NULL;
    dpp_err err = DPP_OK;
    size_t n = 0;
    *out = NULL;
    *out_len = 0;
    if (j->format == FMT_TEXT) {
        *out = cli_xmalloc(text_len + 1);
        memcpy(*out, text, text_len);
        (*out)[text_len] = '\n';
        *out_len = text_len + 1;
        return DPP_OK;
    }
    if (j->format == FMT_COSE) {
        *out = cli_xmalloc(cose_len);
        memcpy(*out, cose, cose_len);
        *out_len = cose_len;
        return DPP_OK;
    }
    qr = cli_xmalloc(sizeof *qr);
    err = dpp_qr_encode(text, text_len, j->eo->ecc, qr, d);
    if (err != DPP_OK) goto done;
    if (j->format == FMT_PNG) {
        err = dpp_qr_to_png(qr, j->eo->module_px, j->eo->border, NULL, 0, &n);
        if (err == DPP_OK) {
            *out = cli_xmalloc(n);
            err = dpp_qr_to_png(qr, j->eo->module_px, j->eo->border, *out, n, &n);
            *out_len = n;
        }
    } else if (j->format == FMT_SVG) {
        err = dpp_qr_to_svg(qr, j->eo->module_px, j->eo->border, NULL, 0, &n);
        if (err == DPP_OK) {
            *out = cli_xmalloc(n + 1);
            err = dpp_qr_to_svg(qr, j->eo->module_px, j->eo->border, (char *)*out, n + 1, &n);
            *out_len = n;
        }
    } else {
        err = dpp_qr_to_term(qr, j->eo->border, NULL, 0, &n);
        if (err == DPP_OK) {
            *out = cli_xmalloc(n + 1);
            err = dpp_qr_to_term(qr, j->eo->border, (char *)*out, n + 1, &n);
            *out_len = n;
        }
    }
    if (err != DPP_OK) {
        if (d->err == DPP_OK) {
            d->err = err;
            (void)snprintf(d->msg, sizeof d->msg, "QR rendering failed: %s", dpp_err_str(err));
        }
        free(*out);
        *out = NULL;
        *out_len = 0;
    }
done:
    free(qr);
    return err;
}

/* Reads the passport JSON of FILE, printing every problem in document order
 * (one "dpp: FILE:LINE: field: problem" line each, then a count if there
 * are several). */
static dpp_err load_passport(const char *file, const char *json, size_t len, dpp_passport *p)
{
    dpp_diag *items = cli_xmalloc(DPP_DIAG_LIST_CAP * sizeof *items);
    dpp_diag_list errs = {items, DPP_DIAG_LIST_CAP, 0, 0};
    dpp_err err = dpp_passport_from_json_all(json, len, p, &errs);
    for (size_t i = 0; i < errs.count; i++) cli_print_json_diag(file, json, len, &items[i]);
    if (errs.total > errs.count)
        cli_err_at(file, 0, "%zu errors (the first %zu shown)", errs.total, errs.count);
    else if (errs.total > 1)
        cli_err_at(file, 0, "%zu errors", errs.total);
    free(items);
    return err;
}

/* One JSON Lines record. */
static void encode_record(void *ctx, batch_rec *r)
{
    const enc_job *j = ctx;
    dpp_passport *p = cli_xmalloc(sizeof *p);
    char text[ENC_MAX_OUT];
    uint8_t cose[DPP_MAX_COSE_LEN];
    size_t text_len = 0, cose_len = 0;
    dpp_diag d;
    dpp_err err;
    json_t *o;
    char uuid[37];

    memset(&d, 0, sizeof d);
    r->ok = false;
    if (r->too_long) {
        char msg[96];
        (void)snprintf(msg, sizeof msg, "line is longer than %u bytes", CLI_MAX_JSON_FILE);
        r->out = batch_error_record(r->line, "ok", dpp_err_name(DPP_ERR_TOO_LARGE), msg);
        goto done;
    }
    if (r->in_len == 0) {
        r->out = batch_error_record(r->line, "ok", dpp_err_name(DPP_ERR_JSON_SYNTAX), "empty line");
        goto done;
    }
    {
        /* The first problem in document order, and how many more there are. */
        dpp_diag_list errs = {&d, 1, 0, 0};
        err = dpp_passport_from_json_all(r->in, r->in_len, p, &errs);
        if (err != DPP_OK && errs.total > 1) {
            char msg[DPP_DIAG_MSG_LEN + 32];
            (void)snprintf(msg, sizeof msg, "%s (and %zu more)", d.msg, errs.total - 1);
            r->out = batch_error_record(r->line, "ok", dpp_err_name(err), msg);
            goto done;
        }
    }
    if (err == DPP_OK) err = sign_passport(j, p, text, &text_len, cose, &cose_len, NULL, &d);
    if (err != DPP_OK) {
        r->out = batch_error_record(r->line, "ok", dpp_err_name(err), d.msg[0] ? d.msg : dpp_err_str(err));
        goto done;
    }
    o = json_object();
    json_object_set_new(o, "line", json_integer((json_int_t)r->line));
    json_object_set_new(o, "ok", json_true());
    cli_uuid_text(p->id, uuid);
    json_object_set_new(o, "id", json_string(uuid));
    json_object_set_new(o, "form", json_string(j->eo->form == DPP_FORM_LINK ? "link" : "text"));
    json_object_set_new(o, "text", json_stringn(text, text_len));
    if (j->format != FMT_TEXT) {
        uint8_t *bytes = NULL;
        size_t n = 0;
        char *path;
        size_t plen = strlen(j->dir) + 48;
        err = render(j, text, text_len, cose, cose_len, &bytes, &n, &d);
        if (err != DPP_OK) {
            json_decref(o);
            r->out = batch_error_record(r->line, "ok", dpp_err_name(err), d.msg);
            goto done;
        }
        path = cli_xmalloc(plen);
        (void)snprintf(path, plen, "%s/passport-%lu.%s", j->dir, r->line, k_fmt_ext[j->format]);
        if (cli_write_atomic(path, bytes, n, 0, j->wflags) != CLI_EX_OK) {
            char msg[96];
            (void)snprintf(msg, sizeof msg, "cannot write passport-%lu.%s (it exists, or see the error output)",
                           r->line, k_fmt_ext[j->format]);
            json_decref(o);
            r->out = batch_error_record(r->line, "ok", "DPP_CLI_WRITE", msg);
            free(bytes);
            free(path);
            goto done;
        }
        json_object_set_new(o, "file", cli_json_text(path));
        free(bytes);
        free(path);
    }
    r->out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    r->ok = r->out != NULL;
done:
    free(p);
}

static int parse_format(const char *s, int *fmt)
{
    static const char *const names[] = {"text", "svg", "png", "term", "cose"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0) {
            *fmt = i;
            return 0;
        }
    return -1;
}

static int mkdir_p(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return CLI_EX_OK;
        cli_err_at(dir, 0, "exists and is not a directory");
        return CLI_EX_CANTCREAT;
    }
    if (mkdir(dir, 0777) != 0) {
        cli_err_at(dir, 0, "cannot create the directory: %s", strerror(errno));
        return CLI_EX_CANTCREAT;
    }
    return CLI_EX_OK;
}

int cmd_encode(int argc, char **argv)
{
    cli_args a;
    const char *arg, *key_path = NULL, *out = NULL, *in = NULL, *batch = NULL;
    enc_opts eo;
    enc_job job;
    bool sizes_flag = false, resume = false, quiet = false, force = false;
    unsigned long jobs = 0;
    dpp_key *key = NULL;
    uint8_t *json = NULL, *bytes = NULL;
    size_t json_len = 0, n = 0;
    dpp_passport *p = NULL;
    dpp_diag d;
    dpp_err err;
    dpp_encode_sizes sz;
    char text[ENC_MAX_OUT];
    uint8_t cose[DPP_MAX_COSE_LEN];
    size_t text_len = 0, cose_len = 0;
    int id, rc;

    memset(&job, 0, sizeof job);
    job.format = FMT_TEXT;
    enc_opts_init(&eo);
    cli_args_init(&a, "encode", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "encode"); return CLI_EX_OK;
        case O_KEY: key_path = arg; break;
        case O_FORMAT:
            if (parse_format(arg, &job.format) != 0)
                return cli_usage_err("encode", "--format: '%s' is not text, svg, png, term or cose", arg);
            break;
        case O_OUT: out = arg; break;
        case O_IAT: rc = enc_opts_parse(&eo, "encode", ENC_O_IAT, arg); if (rc) return rc; break;
        case O_EXP: rc = enc_opts_parse(&eo, "encode", ENC_O_EXP, arg); if (rc) return rc; break;
        case O_VALID_FOR: rc = enc_opts_parse(&eo, "encode", ENC_O_VALID_FOR, arg); if (rc) return rc; break;
        case O_ISS: rc = enc_opts_parse(&eo, "encode", ENC_O_ISS, arg); if (rc) return rc; break;
        case O_ECC: rc = enc_opts_parse(&eo, "encode", ENC_O_ECC, arg); if (rc) return rc; break;
        case O_COMPRESS: rc = enc_opts_parse(&eo, "encode", ENC_O_COMPRESS, arg); if (rc) return rc; break;
        case O_MODULE_PX: rc = enc_opts_parse(&eo, "encode", ENC_O_MODULE_PX, arg); if (rc) return rc; break;
        case O_BORDER: rc = enc_opts_parse(&eo, "encode", ENC_O_BORDER, arg); if (rc) return rc; break;
        case O_ATTESTATION: rc = enc_opts_parse(&eo, "encode", ENC_O_ATTESTATION, arg); if (rc) return rc; break;
        case O_LINK: rc = enc_opts_parse(&eo, "encode", ENC_O_LINK, arg); if (rc) return rc; break;
        case O_LINK_DOC: rc = enc_opts_parse(&eo, "encode", ENC_O_LINK_DOC, arg); if (rc) return rc; break;
        case O_LINK_BASE: rc = enc_opts_parse(&eo, "encode", ENC_O_LINK_BASE, arg); if (rc) return rc; break;
        case O_FORM: rc = enc_opts_parse(&eo, "encode", ENC_O_FORM, arg); if (rc) return rc; break;
        case O_SIZES: sizes_flag = true; break;
        case O_BATCH: batch = arg; break;
        case O_JOBS:
            if (cli_parse_uint(arg, 1, 256, &jobs) != 0)
                return cli_usage_err("encode", "--jobs: '%s' is not in 1..256", arg);
            break;
        case O_RESUME: resume = true; break;
        case O_QUIET: quiet = true; break;
        case O_FORCE: force = true; break;
        case 0:
            if (in != NULL) return cli_usage_err("encode", "unexpected argument '%s' (one PASSPORT.json only)", arg);
            in = arg;
            break;
        default: return -id;
        }
    }
    if (key_path == NULL) return cli_usage_err("encode", "--key KEY.pem is required");
    if (batch != NULL) {
        if (in != NULL) return cli_usage_err("encode", "give either --batch FILE or PASSPORT.json, not both");
        if (out == NULL || strcmp(out, "-") == 0) return cli_usage_err("encode", "--batch needs --out DIR");
        if (sizes_flag) return cli_usage_err("encode", "--sizes is not available with --batch");
    } else {
        if (in == NULL) return cli_usage_err("encode", "missing PASSPORT.json ('-' for standard input)");
        if (resume || jobs != 0) return cli_usage_err("encode", "--resume and --jobs need --batch");
        if ((out == NULL || strcmp(out, "-") == 0) && (job.format == FMT_PNG || job.format == FMT_COSE) &&
            isatty(STDOUT_FILENO))
            return cli_usage_err("encode", "refusing to write binary %s to a terminal; use -o FILE",
                                 job.format == FMT_PNG ? "PNG" : "COSE");
    }

    rc = enc_opts_finish(&eo, "encode");
    if (rc != CLI_EX_OK) goto done;

    rc = cli_load_key(key_path, true, &key);
    if (rc != CLI_EX_OK) goto done;
    job.key = key;
    job.eo = &eo;

    if (batch != NULL) {
        batch_cfg bc;
        batch_stats st;
        char *res;
        size_t rl = strlen(out) + 16;
        rc = mkdir_p(out);
        if (rc != CLI_EX_OK) goto done;
        res = cli_xmalloc(rl);
        (void)snprintf(res, rl, "%s/results.jsonl", out);
        job.dir = out;
        /* Records redone after --resume replace their own earlier files. */
        job.wflags = force || resume ? CLI_W_FORCE : 0;
        memset(&bc, 0, sizeof bc);
        bc.cmd = "encode";
        bc.in_path = batch;
        bc.out_path = res;
        bc.resume = resume;
        bc.force = force;
        bc.jobs = jobs != 0 ? (unsigned)jobs : cli_ncpus();
        bc.quiet = quiet;
        bc.max_line = CLI_MAX_JSON_FILE;
        rc = batch_run(&bc, encode_record, &job, &st);
        free(res);
        goto done;
    }

    rc = cli_read_file(in, CLI_MAX_JSON_FILE, &json, &json_len);
    if (rc != CLI_EX_OK) goto done;
    p = cli_xmalloc(sizeof *p);
    err = load_passport(in, (const char *)json, json_len, p);
    if (err != DPP_OK) {
        rc = cli_exit_for(err);
        goto done;
    }
    err = sign_passport(&job, p, text, &text_len, cose, &cose_len, &sz, &d);
    if (err != DPP_OK) {
        cli_err_at(in, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
        /* Too large to sign is the passport's fault, not malformed input. */
        rc = err == DPP_ERR_TOO_LARGE || dpp_err_is_dl(err) ? CLI_EX_INVALID : cli_exit_for(err);
        goto done;
    }
    err = render(&job, text, text_len, cose, cose_len, &bytes, &n, &d);
    if (err != DPP_OK) {
        cli_err_at(in, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
        rc = cli_exit_for(err);
        goto done;
    }
    if (sizes_flag) {
        if (job.format == FMT_COSE)
            fprintf(stderr, "dpp: sizes: COSE %zu bytes, %s %zu characters\n", cose_len,
                    eo.form == DPP_FORM_LINK ? "link" : "text", text_len);
        else
            fprintf(stderr,
                    "dpp: sizes: passport CBOR %zu, CWT claims %zu, COSE %zu, zlib %zu (%s), %s %zu characters\n",
                    sz.payload, sz.claims, sz.cose, sz.compressed, sz.used_zlib ? "used" : "not used",
                    eo.form == DPP_FORM_LINK ? "link" : "text", text_len);
    }
    rc = cli_write_atomic(out != NULL ? out : "-", bytes, n, 0, force ? CLI_W_FORCE : 0);
done:
    free(bytes);
    free(json);
    free(p);
    dpp_key_free(key);
    enc_opts_free(&eo);
    return rc;
}
