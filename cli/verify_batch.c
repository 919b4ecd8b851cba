/* SPDX-License-Identifier: Apache-2.0 */
/* dpp verify --batch and --batch-images: the records (verify_batch.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "image.h"
#include "util.h"
#include "verify_batch.h"


static const char *str_or_null(const char *s) { return (s != NULL && s[0] != '\0') ? s : NULL; }

static void set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, cli_json_text(v));
}

static void result_fields(json_t *o, dpp_err err, const dpp_report *rep, const dpp_verified *v);

/* One line of --batch. */
void verify_batch_record(void *ctxp, batch_rec *r)
{
    const verify_ctx *ctx = ctxp;
    dpp_verified *v = cli_xmalloc(sizeof *v);
    dpp_report rep;
    dpp_err err;
    json_t *o;

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
    set_str(o, "form", cli_form_name(dpp_form_of(r->in, r->in_len)));
    result_fields(o, err, &rep, v);
    r->out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    r->ok = err == DPP_OK;
    json_decref(o);
    free(v);
}

/* The result of dpp_verify() in a batch record. */
static void result_fields(json_t *o, dpp_err err, const dpp_report *rep, const dpp_verified *v)
{
    char kid[2 * DPP_KID_LEN + 1], uuid[37];
    if (err != DPP_OK) {
        set_str(o, "error", dpp_err_name(err));
        set_str(o, "failed_check", dpp_check_name(rep->failed));
        set_str(o, "message", rep->diag.msg[0] ? rep->diag.msg : dpp_err_str(err));
        json_object_set_new(o, "exit_code", json_integer(cli_exit_for(err)));
        if (rep->revoked) json_object_set_new(o, "revocation", cli_revocation_json(&rep->revocation, false));
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
        set_str(o, "resolver", str_or_null(v->claims.resolver));
        json_object_set_new(o, "iat", json_integer((json_int_t)v->claims.iat));
        json_object_set_new(o, "exp", v->claims.has_exp ? json_integer((json_int_t)v->claims.exp) : json_null());
        json_object_set_new(o, "signer", cli_signer_json(&v->signer));
    }
}

/* A --batch-images record for a file without a passport to verify. */
static char *image_error_record(const batch_rec *r, const char *file, const char *err_name, const char *msg,
                                int exit_code)
{
    json_t *o = json_object();
    char *s;
    json_object_set_new(o, "line", json_integer((json_int_t)r->line));
    json_object_set_new(o, "file", cli_json_text(file));
    json_object_set_new(o, "ok", json_false());
    json_object_set_new(o, "text", json_null());
    set_str(o, "error", err_name);
    set_str(o, "message", msg);
    json_object_set_new(o, "exit_code", json_integer(exit_code));
    s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}

/* Why cli_read_file() refused path (it printed the same on stderr). */
static void read_problem(const char *path, char *msg, size_t cap)
{
    struct stat st;
    if (stat(path, &st) != 0) (void)snprintf(msg, cap, "cannot open: %s", strerror(errno));
    else if (S_ISDIR(st.st_mode)) (void)snprintf(msg, cap, "is a directory, not a file");
    else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)CLI_MAX_IMAGE_FILE)
        (void)snprintf(msg, cap, "file is %jd bytes, larger than the %u-byte limit", (intmax_t)st.st_size,
                       CLI_MAX_IMAGE_FILE);
    else (void)snprintf(msg, cap, "cannot read the file");
}

/* One photo of --batch-images: r->in is its path. */
void verify_image_record(void *ctxp, batch_rec *r)
{
    const verify_ctx *ctx = ctxp;
    const char *file = r->in_len > ctx->strip ? r->in + ctx->strip : r->in;
    uint8_t *data = NULL;
    size_t n = 0;
    cli_image_result res;
    dpp_verified *v;
    dpp_report rep;
    dpp_err err;
    json_t *o;
    int rc;
    char msg[512];

    r->ok = false;
    if (r->in_len == 0) {
        r->out = image_error_record(r, "", "DPP_CLI_NOINPUT", "empty line: no file name", CLI_EX_NOINPUT);
        return;
    }
    if (cli_read_file(r->in, CLI_MAX_IMAGE_FILE, &data, &n) != CLI_EX_OK) {
        read_problem(r->in, msg, sizeof msg);
        r->out = image_error_record(r, file, "DPP_CLI_NOINPUT", msg, CLI_EX_NOINPUT);
        return;
    }
    rc = cli_image_scan(data, n, &res);
    free(data);
    if (rc != CLI_EX_OK) {
        r->out = image_error_record(r, file,
                                    rc == CLI_EX_NOINPUT     ? "DPP_CLI_NOINPUT"
                                    : rc == CLI_EX_MALFORMED ? "DPP_CLI_MALFORMED"
                                                             : "DPP_CLI_SOFTWARE",
                                    res.msg, rc);
        cli_image_result_free(&res);
        return;
    }
    v = cli_xmalloc(sizeof *v);
    err = dpp_verify(res.text, res.len, ctx->trust, ctx->at, v, &rep);
    o = json_object();
    json_object_set_new(o, "line", json_integer((json_int_t)r->line));
    json_object_set_new(o, "file", cli_json_text(file));
    json_object_set_new(o, "ok", json_boolean(err == DPP_OK));
    json_object_set_new(o, "text", cli_json_text(res.text));
    set_str(o, "form", cli_form_name(dpp_form_of(res.text, res.len)));
    json_object_set_new(o, "codes", json_integer((json_int_t)res.codes));
    set_str(o, "how", res.how);
    set_str(o, "note", res.note[0] != '\0' ? res.note : NULL);
    result_fields(o, err, &rep, v);
    r->out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    r->ok = err == DPP_OK;
    json_decref(o);
    free(v);
    cli_image_result_free(&res);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void verify_free_items(char **items, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++) free(items[i]);
    free(items);
}

static void add_item(char ***items, unsigned long *n, unsigned long *cap, char *s)
{
    if (*n == *cap) {
        char **grown;
        *cap = *cap ? *cap * 2 : 64;
        grown = realloc(*items, *cap * sizeof **items);
        if (grown == NULL) {
            cli_err("out of memory");
            exit(CLI_EX_SOFTWARE);
        }
        *items = grown;
    }
    (*items)[(*n)++] = s;
}

/* The files of --batch-images: the regular files in directory src (sorted
 * by name; symbolic links skipped) or the lines of the list file src. Each
 * is recorded as an input: --out may not be one (so a results file kept in
 * DIR cannot be resumed: it would be an input). */
int verify_image_items(const char *src, char ***items_out, unsigned long *n_out, size_t *strip)
{
    struct stat st;
    char **items = NULL;
    unsigned long n = 0, cap = 0;

    *items_out = NULL;
    *n_out = 0;
    *strip = 0;
    if (stat(src, &st) != 0) {
        cli_err_at(src, 0, "cannot open: %s", strerror(errno));
        return CLI_EX_NOINPUT;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(src);
        struct dirent *e;
        size_t dl = strlen(src);
        bool slash = dl > 0 && src[dl - 1] == '/';
        if (d == NULL) {
            cli_err_at(src, 0, "cannot open the directory: %s", strerror(errno));
            return CLI_EX_NOINPUT;
        }
        while ((errno = 0, e = readdir(d)) != NULL) {
            struct stat es;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            if (fstatat(dirfd(d), e->d_name, &es, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(es.st_mode)) continue;
            if (n >= VERIFY_MAX_IMAGES) {
                closedir(d);
                verify_free_items(items, n);
                cli_err_at(src, 0, "more than %lu files (the --batch-images limit); split the directory",
                           VERIFY_MAX_IMAGES);
                return CLI_EX_NOINPUT;
            }
            add_item(&items, &n, &cap, strdup(e->d_name));
            if (items[n - 1] == NULL) {
                cli_err("out of memory");
                exit(CLI_EX_SOFTWARE);
            }
        }
        if (errno != 0) {
            cli_err_at(src, 0, "cannot read the directory: %s", strerror(errno));
            closedir(d);
            verify_free_items(items, n);
            return CLI_EX_NOINPUT;
        }
        closedir(d);
        if (n > 0) qsort(items, n, sizeof *items, cmp_name);
        for (unsigned long i = 0; i < n; i++) {
            size_t nl = strlen(items[i]);
            char *full = cli_xmalloc(dl + 1 + nl + 1);
            memcpy(full, src, dl);
            if (!slash) full[dl] = '/';
            memcpy(full + dl + !slash, items[i], nl + 1);
            free(items[i]);
            items[i] = full;
            cli_input_note_path(full);
        }
        *strip = dl + !slash;
    } else {
        uint8_t *buf = NULL;
        size_t len = 0, pos = 0;
        int rc = cli_read_file(src, CLI_MAX_IMAGE_FILE, &buf, &len);
        if (rc != CLI_EX_OK) return rc;
        while (pos < len) {
            const char *line = (const char *)buf + pos;
            const char *nl = memchr(line, '\n', len - pos);
            size_t ll = nl != NULL ? (size_t)(nl - line) : len - pos;
            char *item;
            pos += ll + (nl != NULL);
            if (ll > 0 && line[ll - 1] == '\r') ll--;
            if (n >= VERIFY_MAX_IMAGES) {
                free(buf);
                verify_free_items(items, n);
                cli_err_at(src, VERIFY_MAX_IMAGES + 1, "more than %lu files (the --batch-images limit); split the list",
                           VERIFY_MAX_IMAGES);
                return CLI_EX_NOINPUT;
            }
            item = cli_xmalloc(ll + 1);
            memcpy(item, line, ll);
            item[ll] = '\0';
            if (ll > 0) cli_input_note_path(item);
            add_item(&items, &n, &cap, item);
        }
        free(buf);
    }
    *items_out = items;
    *n_out = n;
    return CLI_EX_OK;
}

