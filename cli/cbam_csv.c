/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: CSV files read with libcsv (records, line numbers, separator,
 * BOM, decimal mark). Rules: spec/cbam.md 1.1. */
#include "cbam_csv.h"

#include <csv.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "util.h"

typedef struct rd {
    cbam_csv *c;
    const char *path;
    unsigned long line;   /* line being fed */
    size_t max_recs;
    size_t *offs;         /* field offsets into store of the current record */
    size_t nf;
    unsigned long rec_line;
    bool records_this_line;
    int err;              /* exit code of the first problem */
} rd;

static void rd_fail(rd *r, const char *msg)
{
    if (r->err != CLI_EX_OK) return;
    r->err = CLI_EX_NOINPUT;
    cli_err_at(r->path, r->line, "%s", msg);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (q == NULL) {
        cli_err("out of memory");
        exit(CLI_EX_SOFTWARE);
    }
    return q;
}

static bool store_put(cbam_csv *c, const char *s, size_t len)
{
    if (c->store_len + len + 1 > c->store_cap) {
        size_t cap = c->store_cap ? c->store_cap : 4096;
        while (cap < c->store_len + len + 1) cap *= 2;
        c->store = xrealloc(c->store, cap);
        c->store_cap = cap;
    }
    memcpy(c->store + c->store_len, s, len);
    c->store[c->store_len + len] = '\0';
    c->store_len += len + 1;
    return true;
}

static void on_field(void *s, size_t len, void *data)
{
    rd *r = data;
    if (r->err != CLI_EX_OK) return;
    if (r->nf == 0) r->rec_line = r->line;
    if (r->nf == CBAM_CSV_MAX_FIELDS) {
        rd_fail(r, "more than 64 fields in a record");
        return;
    }
    if (len > CBAM_CSV_MAX_FIELD) {
        char m[64];
        (void)snprintf(m, sizeof m, "field %zu is longer than %u bytes", r->nf + 1, CBAM_CSV_MAX_FIELD);
        rd_fail(r, m);
        return;
    }
    if (s != NULL && memchr(s, '\0', len) != NULL) {
        rd_fail(r, "a field holds a NUL byte (not UTF-8 text)");
        return;
    }
    r->offs[r->nf++] = r->c->store_len;
    (void)store_put(r->c, s != NULL ? s : "", s != NULL ? len : 0);
}

static void on_record(int ch, void *data)
{
    rd *r = data;
    cbam_csv *c = r->c;
    bool empty = true;
    (void)ch;
    r->records_this_line = true;
    if (r->err != CLI_EX_OK) return;
    for (size_t i = 0; i < r->nf; i++)
        if (c->store[r->offs[i]] != '\0') empty = false;
    if (empty || c->store[r->offs[0]] == '#') { /* blank or comment */
        r->nf = 0;
        return;
    }
    if (c->n == r->max_recs) {
        char m[64];
        (void)snprintf(m, sizeof m, "more than %zu records", r->max_recs);
        rd_fail(r, m);
        return;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->recs = xrealloc(c->recs, c->cap * sizeof *c->recs);
    }
    c->recs[c->n].line = r->rec_line;
    c->recs[c->n].n = r->nf;
    /* Offsets for now: store may move; resolved to pointers at the end. */
    c->recs[c->n].f = cli_xmalloc(r->nf * sizeof(char *));
    for (size_t i = 0; i < r->nf; i++) c->recs[c->n].f[i] = (char *)(uintptr_t)r->offs[i];
    c->n++;
    r->nf = 0;
}

/* The separator: the one of ',', ';', tab the first record line uses most
 * outside quotes (',' on a tie). */
static char detect_sep(const char *s, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool q = false, at_line = true;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (at_line && !q) {
            size_t j = i;
            while (j < len && (s[j] == ' ' || s[j] == '\t')) j++;
            if (j < len && (s[j] == '#' || s[j] == '\n' || s[j] == '\r')) { /* comment or blank line */
                while (i < len && s[i] != '\n') i++;
                continue;
            }
            at_line = false;
        }
        if (ch == '"') q = !q;
        else if (!q && ch == '\n') break;
        else if (!q && ch == ',') comma++;
        else if (!q && ch == ';') semi++;
        else if (!q && ch == '\t') tab++;
    }
    if (semi > comma && semi >= tab) return ';';
    if (tab > comma && tab > semi) return '\t';
    return ',';
}

int cbam_csv_read(const char *path, size_t max_bytes, size_t max_recs, cbam_csv *out)
{
    uint8_t *data = NULL;
    size_t len = 0, pos = 0;
    struct csv_parser p;
    size_t offs[CBAM_CSV_MAX_FIELDS];
    rd r;
    int rc;
    memset(out, 0, sizeof *out);
    rc = cli_read_file(path, max_bytes, &data, &len);
    if (rc != CLI_EX_OK) return rc;
    memset(&r, 0, sizeof r);
    r.c = out;
    r.path = path;
    r.max_recs = max_recs;
    r.offs = offs;
    if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
        cli_err_at(path, 1, "UTF-16 text: save the file as CSV UTF-8");
        free(data);
        return CLI_EX_NOINPUT;
    }
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) pos = 3; /* UTF-8 BOM */
    out->sep = detect_sep((const char *)data + pos, len - pos);
    out->dec = out->sep == ',' ? '.' : ',';
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(data);
        cli_err("out of memory");
        return CLI_EX_SOFTWARE;
    }
    csv_set_delim(&p, (unsigned char)out->sep);
    /* Line by line, so that every record and error has its line number; a
     * '#' line at a record boundary is a comment (not fed). */
    {
        bool boundary = true;
        while (pos < len && r.err == CLI_EX_OK) {
            const uint8_t *nl = memchr(data + pos, '\n', len - pos);
            size_t n = nl != NULL ? (size_t)(nl - (data + pos)) + 1 : len - pos;
            const uint8_t *s = data + pos;
            size_t k = 0;
            r.line++;
            pos += n;
            while (k < n && (s[k] == ' ' || s[k] == '\t')) k++;
            if (boundary && k < n && s[k] == '#') continue;
            if (memchr(s, '\0', n) != NULL) {
                rd_fail(&r, "NUL byte in the text (not a CSV text file)");
                break;
            }
            r.records_this_line = false;
            if (csv_parse(&p, s, n, on_field, on_record, &r) != n) {
                rd_fail(&r, "malformed CSV: a quote inside an unquoted field, or text after a closing quote");
                break;
            }
            boundary = r.records_this_line || (n - k <= 2 && (k == n || s[k] == '\r' || s[k] == '\n'));
        }
    }
    if (r.err == CLI_EX_OK && csv_fini(&p, on_field, on_record, &r) != 0)
        rd_fail(&r, "unterminated quoted field at the end of the file");
    csv_free(&p);
    free(data);
    if (r.err != CLI_EX_OK) {
        for (size_t i = 0; i < out->n; i++) free(out->recs[i].f);
        free(out->recs);
        free(out->store);
        memset(out, 0, sizeof *out);
        return r.err;
    }
    for (size_t i = 0; i < out->n; i++)
        for (size_t k = 0; k < out->recs[i].n; k++) out->recs[i].f[k] = out->store + (uintptr_t)out->recs[i].f[k];
    return CLI_EX_OK;
}

void cbam_csv_free(cbam_csv *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->recs[i].f);
    free(c->recs);
    free(c->store);
    memset(c, 0, sizeof *c);
}

const char *cbam_csv_number(const char *s, char dec, double *out)
{
    char buf[40];
    size_t digits = 0, marks = 0, n = 0;
    char *end = NULL;
    if (*s == '\0') return "empty";
    if (*s == '-') return "negative";
    for (const char *p = s; *p != '\0'; p++) {
        if (isdigit((unsigned char)*p)) digits++;
        else if (*p == dec) marks++;
        else if (*p == '.' || *p == ',')
            return dec == ',' ? "'.' in a ';'-separated file: use a decimal comma (digit grouping is not allowed)"
                              : "',' in a ','-separated file: use a decimal point, or ';' as separator for decimal "
                                "commas (digit grouping is not allowed)";
        else return "not a decimal number";
        if (n + 1 < sizeof buf) buf[n++] = *p == dec ? '.' : *p;
    }
    buf[n] = '\0';
    if (digits == 0 || marks > 1 || digits > 15 || s[0] == dec || s[strlen(s) - 1] == dec)
        return "not a decimal number";
    *out = strtod(buf, &end);
    return (end != NULL && *end == '\0') ? NULL : "not a decimal number";
}

int cbam_csv_col(const cbam_csv_rec *hdr, const char *name)
{
    for (size_t i = 0; i < hdr->n; i++)
        if (strcmp(hdr->f[i], name) == 0) return (int)i;
    return -1;
}
