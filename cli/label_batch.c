/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp label --batch: one label per input line (passport JSON signed with
 * --key, or a signed text), on the worker pool of cli/batch.c: progress,
 * --resume and one JSON result per line in DIR/results.jsonl, in input
 * order. The key, the options and the fonts (one pango font map per
 * worker thread) are prepared once per run.
 *
 * SVG and PNG: one file per label (DIR/label-LINE.svg/.png), written by the
 * worker. PDF and ZPL: one document per run, in input order: the workers
 * record each PDF label (a cairo recording surface) or make its ZPL, and
 * the pool's emit hook (main thread, input order) adds it to
 * DIR/labels.pdf / DIR/labels.zpl, or labels-from-LINE.* for a run that
 * resumed at LINE. Until the run ends these are *.part files: after a
 * crash, --resume finds the part file, cuts results.jsonl back to the line
 * before it and does those labels again.
 */
#include "label.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "common.h"
#include "sign_opts.h"
#include "util.h"

dpp_err label_item_sign(label_item *it, const dpp_passport *p, const dpp_key *key, const enc_opts *eo, dpp_diag *d)
{
    dpp_encode_ex_opts ex;
    dpp_err err;
    memset(it, 0, sizeof *it);
    it->text = cli_xmalloc(ENC_MAX_OUT);
    it->p = cli_xmalloc(sizeof *it->p);
    it->qr = cli_xmalloc(sizeof *it->qr);
    *it->p = *p;
    enc_opts_ex(eo, &ex);
    err = dpp_encode_ex(p, key, &ex, it->text, ENC_MAX_OUT, &it->text_len, NULL, d);
    if (err != DPP_OK) return err;
    it->in.claims.iat = eo->opts.iat;
    it->in.claims.has_exp = eo->opts.has_exp;
    it->in.claims.exp = eo->opts.exp;
    if (eo->opts.iss != NULL) (void)snprintf(it->in.claims.iss, sizeof it->in.claims.iss, "%s", eo->opts.iss);
    it->in.claims.alg = dpp_key_alg(key);
    dpp_key_kid(key, it->in.claims.kid);
    /* The attestations carried (what they claim; not verified here). */
    for (size_t i = 0; i < ex.n_attestations && it->in.claims.n_attestations < DPP_MAX_ATTESTATIONS; i++) {
        dpp_diag dd;
        if (dpp_attestation_peek(ex.attestations[i].ptr, ex.attestations[i].len,
                                 &it->in.claims.attestations[it->in.claims.n_attestations], &dd) == DPP_OK)
            it->in.claims.n_attestations++;
    }
    if (eo->link_uri != NULL) {
        it->in.claims.has_link = true;
        (void)snprintf(it->in.claims.link_uri, sizeof it->in.claims.link_uri, "%s", eo->link_uri);
    }
    if (eo->link_base != NULL)
        (void)snprintf(it->in.claims.resolver, sizeof it->in.claims.resolver, "%s", eo->resolver);
    it->in.claims.form = eo->form;
    err = dpp_qr_encode(it->text, it->text_len, eo->ecc, it->qr, d);
    if (err != DPP_OK) return err;
    it->in.text = it->text;
    it->in.text_len = it->text_len;
    it->in.qr = it->qr;
    it->in.passport = it->p;
    label_in_prepare(&it->in);
    return DPP_OK;
}

dpp_err label_item_text(label_item *it, const char *text, size_t len, dpp_ecc ecc, dpp_diag *d)
{
    dpp_unverified *u;
    dpp_err err;
    memset(it, 0, sizeof *it);
    it->text = cli_xmalloc(ENC_MAX_OUT);
    it->p = cli_xmalloc(sizeof *it->p);
    it->qr = cli_xmalloc(sizeof *it->qr);
    u = cli_xmalloc(sizeof *u);
    err = dpp_inspect(text, len, u, d);
    if (err == DPP_OK && len >= ENC_MAX_OUT) {
        /* dpp_inspect() accepted it: at most DPP_MAX_LINK_LEN characters */
        err = DPP_ERR_TOO_LARGE;
        d->err = err;
        (void)snprintf(d->msg, sizeof d->msg, "passport is %zu characters; at most %d", len, DPP_MAX_LINK_LEN);
    }
    if (err == DPP_OK) {
        memcpy(it->text, text, len);
        it->text[len] = '\0';
        it->text_len = len;
        *it->p = u->passport_unverified;
        it->in.claims = u->claims_unverified;
        err = dpp_qr_encode(it->text, it->text_len, ecc, it->qr, d);
    }
    free(u);
    if (err != DPP_OK) return err;
    it->in.text = it->text;
    it->in.text_len = it->text_len;
    it->in.qr = it->qr;
    it->in.passport = it->p;
    label_in_prepare(&it->in);
    return DPP_OK;
}

void label_item_free(label_item *it)
{
    label_in_release(&it->in);
    free(it->text);
    free(it->p);
    free(it->qr);
    memset(it, 0, sizeof *it);
}

void label_facts_json(json_t *o, const label_layout *L, const label_spec *spec)
{
    char e[2] = {"LMQH"[spec->ecc - DPP_ECC_L], 0};
    json_t *notes = json_array();
    json_object_set_new(o, "ecc", json_string(e));
    json_object_set_new(o, "modules", json_integer(L->modules - 2 * QR_BORDER));
    json_object_set_new(o, "module_mm", json_real((double)lround(L->module_mm * 1000) / 1000.0));
    if (L->mod_dots > 0) json_object_set_new(o, "module_dots", json_integer(L->mod_dots));
    for (int i = 0; i < L->n_notes; i++) json_array_append_new(notes, cli_json_text(L->notes[i]));
    json_object_set_new(o, "notes", notes);
    if (L->unknown > 0) json_object_set_new(o, "missing_glyphs", json_integer(L->unknown));
}

/* ---- the batch ---- */

typedef struct doc {
    const char *ext;  /* "pdf" or "zpl" */
    char *part, *final, *shown; /* paths; shown = final's name in records */
    FILE *f;
    label_pdf *pdf;
    unsigned long first, n;
    bool failed;
} doc;

typedef struct bjob {
    const label_batch_opts *o;
    unsigned wflags;
    doc pdf, zpl;
    int rc;           /* document errors */
} bjob;

/* Worker -> emit: what goes into the documents. */
typedef struct aux {
    json_t *rec;
    cairo_surface_t *pdf;
    unsigned char *zpl;
    size_t zpl_len;
} aux;

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = cli_xmalloc(n);
    (void)snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static char *fail(batch_rec *r, const char *err, const char *msg)
{
    r->ok = false;
    return batch_error_record(r->line, "ok", err, msg);
}

static bool write_file(const bjob *j, batch_rec *r, json_t *files, const char *ext, const unsigned char *data,
                       size_t n)
{
    char name[64], *path;
    bool ok;
    (void)snprintf(name, sizeof name, "label-%lu.%s", r->line, ext);
    path = path_in(j->o->dir, name);
    ok = cli_write_atomic(path, data, n, 0, j->wflags) == CLI_EX_OK;
    if (ok) json_array_append_new(files, cli_json_text(path));
    free(path);
    return ok;
}

static void label_record(void *ctx, batch_rec *r)
{
    const bjob *j = ctx;
    const label_batch_opts *o = j->o;
    label_item it;
    label_layout L;
    dpp_diag d;
    dpp_err err;
    char why[1024], uuid[37];
    json_t *rec, *files;
    aux *a;

    memset(&d, 0, sizeof d);
    memset(&it, 0, sizeof it);
    r->ok = false;
    if (r->too_long) {
        char msg[96];
        (void)snprintf(msg, sizeof msg, "line is longer than %u bytes", CLI_MAX_JSON_FILE);
        r->out = fail(r, dpp_err_name(DPP_ERR_TOO_LARGE), msg);
        return;
    }
    if (r->in_len == 0) {
        r->out = fail(r, dpp_err_name(o->key != NULL ? DPP_ERR_JSON_SYNTAX : DPP_ERR_PREFIX), "empty line");
        return;
    }
    if (o->key != NULL) {
        dpp_passport *p = cli_xmalloc(sizeof *p);
        dpp_diag_list errs = {&d, 1, 0, 0};
        err = dpp_passport_from_json_all(r->in, r->in_len, p, &errs);
        if (err != DPP_OK && errs.total > 1) {
            char msg[DPP_DIAG_MSG_LEN + 32];
            (void)snprintf(msg, sizeof msg, "%s (and %zu more)", d.msg, errs.total - 1);
            r->out = fail(r, dpp_err_name(err), msg);
            free(p);
            return;
        }
        if (err == DPP_OK) err = label_item_sign(&it, p, o->key, o->eo, &d);
        free(p);
    } else {
        if (r->in[0] == '{') {
            r->out = fail(r, dpp_err_name(DPP_ERR_PREFIX),
                          "the line is passport JSON: give --key to sign passports (without --key every line is "
                          "a signed passport text or link)");
            return;
        }
        err = label_item_text(&it, r->in, r->in_len, o->spec.ecc, &d);
    }
    if (err != DPP_OK) {
        r->out = fail(r, dpp_err_name(err), d.msg[0] ? d.msg : dpp_err_str(err));
        label_item_free(&it);
        return;
    }
    if (label_layout_make(&it.in, &o->spec, &L, why, sizeof why) != 0) {
        r->out = fail(r, dpp_err_name(DPP_ERR_TOO_LARGE), why);
        label_item_free(&it);
        return;
    }
    rec = json_object();
    files = json_array();
    json_object_set_new(rec, "line", json_integer((json_int_t)r->line));
    json_object_set_new(rec, "ok", json_true());
    cli_uuid_text(it.p->id, uuid);
    json_object_set_new(rec, "id", json_string(uuid));
    json_object_set_new(rec, "form", json_string(it.in.is_link ? "link" : "text"));
    json_object_set_new(rec, "text", json_stringn(it.text, it.text_len));
    label_facts_json(rec, &L, &o->spec);
    a = cli_xmalloc(sizeof *a);
    memset(a, 0, sizeof *a);
    {
        unsigned char *data = NULL;
        size_t n = 0;
        const char *bad = NULL;
        if ((o->formats & LABEL_F_SVG) != 0 && bad == NULL) {
            if (label_render_svg(&it.in, &L, &data, &n) != 0) bad = "SVG rendering failed (cairo)";
            else if (!write_file(j, r, files, "svg", data, n)) bad = "cannot write the SVG file";
            free(data);
            data = NULL;
        }
        if ((o->formats & LABEL_F_PNG) != 0 && bad == NULL) {
            if (label_render_png(&it.in, &L, &data, &n) != 0) bad = "PNG rendering failed";
            else if (!write_file(j, r, files, "png", data, n)) bad = "cannot write the PNG file";
            free(data);
            data = NULL;
        }
        if ((o->formats & LABEL_F_ZPL) != 0 && bad == NULL && label_render_zpl(&it.in, &L, &a->zpl, &a->zpl_len) != 0)
            bad = "ZPL rendering failed";
        if ((o->formats & LABEL_F_PDF) != 0 && bad == NULL) a->pdf = label_pdf_record(&L, &it.in);
        if (bad != NULL) {
            json_decref(rec);
            json_decref(files);
            free(a->zpl);
            if (a->pdf != NULL) cairo_surface_destroy(a->pdf);
            free(a);
            label_layout_free(&L);
            label_item_free(&it);
            r->out = fail(r, "DPP_CLI_WRITE", bad);
            return;
        }
    }
    json_object_set_new(rec, "files", files);
    label_layout_free(&L);
    label_item_free(&it);
    a->rec = rec;
    r->aux = a;
    r->ok = true;
    r->out = cli_xmalloc(1);
    r->out[0] = '\0';
}

static int doc_open(bjob *j, doc *dc, unsigned long first)
{
    char name[64];
    dc->first = first;
    (void)snprintf(name, sizeof name, "labels-from-%lu.%s.part", first, dc->ext);
    dc->part = path_in(j->o->dir, name);
    if (first == 1) (void)snprintf(name, sizeof name, "labels.%s", dc->ext);
    else (void)snprintf(name, sizeof name, "labels-from-%lu.%s", first, dc->ext);
    dc->final = path_in(j->o->dir, name);
    dc->f = fopen(dc->part, "wb");
    if (dc->f == NULL) {
        cli_err_at(dc->part, 0, "cannot create: %s", strerror(errno));
        dc->failed = true;
        return -1;
    }
    if (strcmp(dc->ext, "pdf") == 0) {
        char why[256];
        dc->pdf = label_pdf_open(dc->f, &j->o->spec, &j->o->sheet, why, sizeof why);
        if (dc->pdf == NULL) {
            cli_err("label: %s", why);
            dc->failed = true;
            return -1;
        }
    }
    return 0;
}

/* Main thread, input order: the record's PDF page and ZPL label. */
static void label_emit(void *ctx, batch_rec *r)
{
    bjob *j = ctx;
    aux *a = r->aux;
    if (a == NULL) return;
    r->aux = NULL;
    if (a->pdf != NULL) {
        doc *dc = &j->pdf;
        if (dc->f == NULL && !dc->failed) (void)doc_open(j, dc, r->line);
        if (!dc->failed) {
            int page = 0, slot = 0;
            json_t *o = json_object();
            label_pdf_add_recorded(dc->pdf, a->pdf, &page, &slot);
            dc->n++;
            json_object_set_new(o, "file", cli_json_text(dc->final));
            json_object_set_new(o, "page", json_integer(page));
            json_object_set_new(o, "slot", json_integer(slot));
            json_object_set_new(a->rec, "pdf", o);
        }
        cairo_surface_destroy(a->pdf);
    }
    if (a->zpl != NULL) {
        doc *dc = &j->zpl;
        if (dc->f == NULL && !dc->failed) (void)doc_open(j, dc, r->line);
        if (!dc->failed) {
            json_t *o = json_object();
            if (fwrite(a->zpl, 1, a->zpl_len, dc->f) != a->zpl_len) dc->failed = true;
            dc->n++;
            json_object_set_new(o, "file", cli_json_text(dc->final));
            json_object_set_new(o, "label", json_integer((json_int_t)dc->n));
            json_object_set_new(a->rec, "zpl", o);
        }
        free(a->zpl);
    }
    if (j->pdf.failed || j->zpl.failed) {
        json_decref(a->rec);
        free(r->out);
        r->out = batch_error_record(r->line, "ok", "DPP_CLI_WRITE", "cannot write the PDF/ZPL document");
        r->ok = false;
    } else {
        free(r->out);
        r->out = json_dumps(a->rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(a->rec);
        if (r->out == NULL) {
            cli_err("out of memory");
            exit(CLI_EX_SOFTWARE);
        }
    }
    free(a);
}

static int doc_close(doc *dc, bool replace, bool quiet)
{
    int rc = CLI_EX_OK;
    if (dc->f == NULL) goto out;
    if (dc->pdf != NULL && label_pdf_close(dc->pdf) != 0) dc->failed = true;
    if (fclose(dc->f) != 0) dc->failed = true;
    if (dc->failed) {
        cli_err_at(dc->part, 0, "writing the %s document failed; it is left as this part file", dc->ext);
        rc = CLI_EX_CANTCREAT;
    } else if (!replace && access(dc->final, F_OK) == 0) {
        cli_err_at(dc->final, 0, "exists (use --force); this run's labels are in %s", dc->part);
        rc = CLI_EX_CANTCREAT;
    } else if (rename(dc->part, dc->final) != 0) {
        cli_err_at(dc->final, 0, "cannot rename %s to it: %s", dc->part, strerror(errno));
        rc = CLI_EX_CANTCREAT;
    } else if (!quiet) {
        fprintf(stderr, "dpp: label: %s: %lu label%s\n", cli_safe(dc->final), dc->n, dc->n == 1 ? "" : "s");
    }
out:
    free(dc->part);
    free(dc->final);
    return rc;
}

/* --resume after a crash: a part file of a document means that its run
 * did not finish: the results from its first line on are dropped (they
 * are done again). */
static int resume_repair(const char *dir, const char *results)
{
    DIR *dd = opendir(dir);
    struct dirent *e;
    unsigned long first = 0;
    if (dd == NULL) return CLI_EX_OK;
    while ((e = readdir(dd)) != NULL) {
        unsigned long f;
        char ext[8];
        int used = 0;
        if (sscanf(e->d_name, "labels-from-%lu.%3[a-z].part%n", &f, ext, &used) == 2 &&
            e->d_name[used] == '\0' && (strcmp(ext, "pdf") == 0 || strcmp(ext, "zpl") == 0) && f > 0) {
            char *p = path_in(dir, e->d_name);
            if (first == 0 || f < first) first = f;
            (void)unlink(p);
            free(p);
        }
    }
    closedir(dd);
    if (first > 0) {
        FILE *f = fopen(results, "rb");
        unsigned long line = 0;
        long keep = 0, pos = 0;
        int c;
        if (f != NULL) {
            while (line + 1 < first && (c = fgetc(f)) != EOF) {
                pos++;
                if (c == '\n') line++, keep = pos;
            }
            fclose(f);
            if (truncate(results, keep) != 0) {
                cli_err_at(results, 0, "cannot cut it back: %s", strerror(errno));
                return CLI_EX_CANTCREAT;
            }
        }
        cli_warn("label: the run that started at line %lu did not finish its PDF/ZPL document; its labels are "
                 "done again",
                 first);
    }
    return CLI_EX_OK;
}

int label_batch(const label_batch_opts *o)
{
    bjob j;
    batch_cfg bc;
    batch_stats st;
    struct stat sb;
    char *res;
    int rc, rc2;

    if (stat(o->dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode)) {
            cli_err_at(o->dir, 0, "exists and is not a directory");
            return CLI_EX_CANTCREAT;
        }
    } else if (mkdir(o->dir, 0777) != 0) {
        cli_err_at(o->dir, 0, "cannot create the directory: %s", strerror(errno));
        return CLI_EX_CANTCREAT;
    }
    res = path_in(o->dir, "results.jsonl");
    if (o->resume) {
        rc = resume_repair(o->dir, res);
        if (rc != CLI_EX_OK) {
            free(res);
            return rc;
        }
    }
    memset(&j, 0, sizeof j);
    j.o = o;
    /* Records redone after --resume replace their own earlier files. */
    j.wflags = o->force || o->resume ? CLI_W_FORCE : 0;
    j.pdf.ext = "pdf";
    j.zpl.ext = "zpl";
    memset(&bc, 0, sizeof bc);
    bc.cmd = "label";
    bc.in_path = o->in_path;
    bc.out_path = res;
    bc.resume = o->resume;
    bc.force = o->force;
    bc.jobs = o->jobs != 0 ? o->jobs : cli_ncpus();
    bc.quiet = o->quiet;
    bc.max_line = CLI_MAX_JSON_FILE;
    bc.emit = label_emit;
#ifdef __GLIBC__
    /* Each label allocates and frees a few megabytes (the raster, its
     * PNG): keep them in the heap instead of mapping and faulting them in
     * again for every label. */
    (void)mallopt(M_MMAP_THRESHOLD, 64 << 20);
    (void)mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    rc = batch_run(&bc, label_record, &j, &st);
    rc2 = doc_close(&j.pdf, o->force || o->resume, o->quiet);
    if (rc == CLI_EX_OK || rc == CLI_EX_INVALID) rc = rc2 != CLI_EX_OK ? rc2 : rc;
    rc2 = doc_close(&j.zpl, o->force || o->resume, o->quiet);
    if (rc == CLI_EX_OK || rc == CLI_EX_INVALID) rc = rc2 != CLI_EX_OK ? rc2 : rc;
    free(res);
    label_cleanup();
    return rc;
}
