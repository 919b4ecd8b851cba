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
#include "common.h"
#include "encode_opts.h"
#include "util.h"

static const char help[] =
    "Usage: dpp encode --key KEY.pem [--format text|svg|png|term|cose] [-o OUT]\n"
    "                  [--iat TIME] [--exp TIME | --valid-for DURATION] [--iss ISSUER]\n"
    "                  [--ecc L|M|Q|H] [--compress auto|never|always]\n"
    "                  [--link-base URL [--form link|text]] PASSPORT.json\n"
    "       dpp encode --key KEY.pem --batch PASSPORTS.jsonl --out DIR\n"
    "                  [--format ...] [--link-base URL] [--jobs N] [--resume] [--quiet]\n"
    "\n"
    "Signs a passport (JSON, see 'dpp schema'; '-' reads standard input) and\n"
    "writes the passport text \"DPP1:...\" (default), a QR code of it as SVG, PNG\n"
    "or terminal text, or the raw COSE_Sign1 bytes. Output goes to standard\n"
    "output, or to OUT (written to a temporary file, then renamed).\n"
    "\n"
    "With --link-base the passport is signed for a resolver and written as a\n"
    "GS1 Digital Link (the hybrid form): one URI that is both the product's web\n"
    "address and its signed offline passport, e.g.\n"
    "  HTTPS://ID.EXAMPLE.COM/01/09506000134352/10/AB12#10123456789...\n"
    "A phone camera opens the resolver page; 'dpp verify' checks the passport\n"
    "in the fragment (after '#', never sent to the server) offline, and that\n"
    "the link's domain, GTIN, batch and serial are the signed ones.\n"
    "\n"
    "Options:\n"
    "  -k, --key FILE        private signing key (PEM or DER; see 'dpp keygen')\n"
    "  -f, --format FMT      text (default), svg, png, term, cose\n"
    "  -o, --out FILE        output file (batch: output directory); an existing\n"
    "                        file is kept unless --force\n"
    "  --force               replace existing output files\n"
    "  --iat TIME            issued-at time (default now)\n"
    "  --exp TIME            expiry time (ISO 8601, \"@SECONDS\")\n"
    "  --valid-for DURATION  expiry relative to iat: 90d, 12h, 2w, 1y, ...\n"
    "  --iss ISSUER          issuer claim, 1..64 bytes\n"
    "  --ecc LEVEL           QR error correction: L, M (default), Q, H\n"
    "  --compress MODE       zlib with the format's preset dictionary (v1):\n"
    "                        auto (only when shorter, default), never, always\n"
    "  --module-px N         SVG/PNG pixels per QR module (default 8)\n"
    "  --border N            quiet zone in modules (default 4)\n"
    "  --attestation FILE    carry a third-party attestation of this passport\n"
    "                        (made by a certification body; up to 4)\n"
    "  --link-base URL       sign the resolver URL (https://host[/prefix], claim\n"
    "                        -265) and write the passport as a GS1 Digital Link\n"
    "                        on it; the QR formats encode that link\n"
    "  --form FORM           link (default with --link-base) or text: a passport\n"
    "                        signed with --link-base can still be written as\n"
    "                        \"DPP1:\" text ('dpp convert' turns one into the other)\n"
    "  --link URI            a link to the full online passport document, signed\n"
    "                        inside the passport (claim -264); unlike --link-base\n"
    "                        it does not change what the QR code holds\n"
    "  --link-doc FILE       the full passport document: its SHA-256 is signed\n"
    "                        with --link ('dpp verify --document' checks it)\n"
    "  --sizes               print the size of each layer on standard error\n"
    "  -h, --help            show this help\n";

/* The second half (C99 guarantees only 4095-byte string literals). */
static const char help_batch[] =
    "\n"
    "Batch (one passport JSON per line):\n"
    "  --batch FILE          JSON Lines input ('-' = standard input)\n"
    "  --out DIR             results go to DIR/results.jsonl, one line per input\n"
    "                        line, in input order: {\"line\":N,\"ok\":true,\"id\":...,\n"
    "                        \"form\":\"text\"|\"link\",\"text\":...} (the passport in\n"
    "                        that form) or {\"line\":N,\"ok\":false,\"error\":...,\n"
    "                        \"message\":...}; with --format svg/png/term/cose\n"
    "                        each passport also goes to DIR/passport-N.EXT;\n"
    "                        existing result files are kept unless --force\n"
    "                        (or --resume)\n"
    "  --jobs N              worker threads (default: number of online CPUs)\n"
    "  --resume              keep the records already in DIR/results.jsonl and\n"
    "                        continue after them (its line count is the restart\n"
    "                        point; a partial last line is dropped)\n"
    "  -q, --quiet           no progress bar and no summary\n"
    "\n"
    "TIME is ISO 8601 (2026-01-31, 2026-01-31T12:00:00Z, ...+01:00; no zone = UTC),\n"
    "\"now\", or \"@SECONDS\" since the epoch.\n"
    "\n"
    "Examples:\n"
    "  dpp encode --key signer.pem passport.json > passport.txt\n"
    "  dpp encode --key signer.pem --format svg -o qr.svg --valid-for 2y passport.json\n"
    "  dpp encode --key signer.pem --format term passport.json\n"
    "  dpp encode --key signer.pem --link-base https://id.example.com passport.json\n"
    "  dpp encode --key signer.pem --link-base https://id.example.com --format png \\\n"
    "      -o qr.png passport.json\n"
    "  dpp encode --key signer.pem --batch passports.jsonl --out out/ --jobs 4\n"
    "\n"
    "Exit codes: 0 done, 1 passport content invalid (or a batch record failed),\n"
    "4 JSON syntax, 64 usage, 65 key unusable, 66 input unreadable, 73 output,\n"
    "130 batch interrupted. See 'dpp --help' for the full table.\n";

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

/* ---- Shared by encode and label ---- */

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
        uint8_t *png = NULL;
        err = dpp_qr_to_png(qr, j->eo->module_px, j->eo->border, &png, &n);
        if (err == DPP_OK) {
            *out = cli_xmalloc(n);
            memcpy(*out, png, n);
            *out_len = n;
        }
        dpp_free(png);
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
        case O_HELP: fputs(help, stdout); fputs(help_batch, stdout); return CLI_EX_OK;
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
