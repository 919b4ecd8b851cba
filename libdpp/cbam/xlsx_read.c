/* SPDX-License-Identifier: Apache-2.0 */
/* A bounded reader of .xlsx cells (xlsx_read.h): the ZIP package through
 * minizip (memory callbacks below, no file of our own is parsed), the XML
 * parts through libxml2's xmlTextReader. Part of libdpp_cbam. */
#include "xlsx_read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <unzip.h>

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
/* A part may inflate up to this much before the ratio applies (small parts
 * of repetitive XML legitimately compress well). */
#define XLSX_RATIO_FLOOR (64u * 1024u)

typedef struct mem_stream {
    const uint8_t *data;
    size_t len, pos;
    int err;
} mem_stream;

typedef struct sheet_ref {
    char name[XLSX_MAX_NAME + 1];
    char part[160]; /* e.g. "xl/worksheets/sheet14.xml" */
} sheet_ref;

struct xlsx_book {
    mem_stream ms;
    unzFile zf;
    sheet_ref sheets[XLSX_MAX_SHEETS];
    size_t n_sheets;
    char **strings;
    size_t n_strings, string_bytes;
};

struct xlsx_sheet {
    char title[XLSX_MAX_NAME + 1];
    xlsx_cell cells[XLSX_WIN_ROWS * XLSX_WIN_COLS];
};

static xlsx_err fail(xlsx_diag *d, xlsx_err e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static xlsx_err fail(xlsx_diag *d, xlsx_err e, const char *fmt, ...)
{
    va_list ap;
    if (d != NULL) {
        d->err = e;
        va_start(ap, fmt);
        (void)vsnprintf(d->msg, sizeof d->msg, fmt, ap);
        va_end(ap);
    }
    return e;
}

/* ---- minizip over a memory buffer ---- */

static voidpf ZCALLBACK ms_open(voidpf opaque, const void *filename, int mode)
{
    mem_stream *m = opaque;
    (void)filename;
    if ((mode & ZLIB_FILEFUNC_MODE_WRITE) != 0) return NULL;
    m->pos = 0;
    return m;
}

static uLong ZCALLBACK ms_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    mem_stream *m = stream;
    size_t n = size;
    (void)opaque;
    if (m->pos >= m->len) return 0;
    if (n > m->len - m->pos) n = m->len - m->pos;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (uLong)n;
}

static uLong ZCALLBACK ms_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)buf;
    (void)size;
    ((mem_stream *)stream)->err = EBADF;
    return 0;
}

static ZPOS64_T ZCALLBACK ms_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return (ZPOS64_T)((mem_stream *)stream)->pos;
}

static long ZCALLBACK ms_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    mem_stream *m = stream;
    ZPOS64_T base;
    (void)opaque;
    switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = m->pos; break;
    case ZLIB_FILEFUNC_SEEK_END: base = m->len; break;
    default: return -1;
    }
    if (offset > (ZPOS64_T)m->len - base) return -1;
    m->pos = (size_t)(base + offset);
    return 0;
}

static int ZCALLBACK ms_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK ms_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((mem_stream *)stream)->err;
}

/* Reads the part called name (e.g. "xl/workbook.xml") into a malloc'd,
 * NUL-terminated buffer. */
static xlsx_err read_part(xlsx_book *b, const char *name, char **out, size_t *out_len, xlsx_diag *d)
{
    unz_file_info64 info;
    char *buf;
    size_t got = 0;
    int rc;
    char extra;

    *out = NULL;
    *out_len = 0;
    if (unzLocateFile(b->zf, name, 1) != UNZ_OK) return fail(d, XLSX_E_PART, "%s: part missing from the package", name);
    if (unzGetCurrentFileInfo64(b->zf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        return fail(d, XLSX_E_ZIP, "%s: damaged ZIP directory entry", name);
    if (info.uncompressed_size > XLSX_MAX_PART)
        return fail(d, XLSX_E_TOO_LARGE, "%s: declares %llu bytes inflated, at most %u", name,
                    (unsigned long long)info.uncompressed_size, XLSX_MAX_PART);
    if (info.uncompressed_size > XLSX_RATIO_FLOOR &&
        info.uncompressed_size / XLSX_MAX_RATIO > info.compressed_size)
        return fail(d, XLSX_E_BOMB, "%s: %llu bytes inflate to %llu, more than %u times (zip bomb)", name,
                    (unsigned long long)info.compressed_size, (unsigned long long)info.uncompressed_size,
                    XLSX_MAX_RATIO);
    if ((info.flag & 1u) != 0) return fail(d, XLSX_E_ZIP, "%s: encrypted entry", name);
    if (unzOpenCurrentFile(b->zf) != UNZ_OK) return fail(d, XLSX_E_ZIP, "%s: cannot open entry (method %lu)", name, info.compression_method);
    buf = malloc((size_t)info.uncompressed_size + 1u);
    if (buf == NULL) {
        (void)unzCloseCurrentFile(b->zf);
        return fail(d, XLSX_E_MEMORY, "%s: out of memory", name);
    }
    while (got < (size_t)info.uncompressed_size) {
        size_t want = (size_t)info.uncompressed_size - got;
        if (want > 65536u) want = 65536u;
        rc = unzReadCurrentFile(b->zf, buf + got, (unsigned)want);
        if (rc < 0) {
            free(buf);
            (void)unzCloseCurrentFile(b->zf);
            return fail(d, XLSX_E_ZIP, "%s: damaged compressed data (minizip error %d)", name, rc);
        }
        if (rc == 0) break;
        got += (size_t)rc;
    }
    /* The declared size is the file's word: more data is a bomb, less a lie. */
    rc = unzReadCurrentFile(b->zf, &extra, 1);
    if (rc > 0) {
        free(buf);
        (void)unzCloseCurrentFile(b->zf);
        return fail(d, XLSX_E_BOMB, "%s: inflates past its declared %llu bytes (zip bomb)", name,
                    (unsigned long long)info.uncompressed_size);
    }
    if (unzCloseCurrentFile(b->zf) != UNZ_OK || got != (size_t)info.uncompressed_size) {
        free(buf);
        return fail(d, XLSX_E_ZIP, "%s: CRC or size mismatch", name);
    }
    buf[got] = '\0';
    *out = buf;
    *out_len = got;
    return XLSX_OK;
}

/* ---- XML ---- */

typedef struct xml_in {
    xmlTextReaderPtr r;
    const char *part;
    xlsx_diag *d;
} xml_in;

static void xml_quiet(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
    (void)arg;
    (void)msg;
    (void)sev;
    (void)loc;
}

static xlsx_err xml_open(xml_in *x, const char *buf, size_t len, const char *part, xlsx_diag *d)
{
    x->part = part;
    x->d = d;
    x->r = NULL;
    if (len > (size_t)INT32_MAX) return fail(d, XLSX_E_TOO_LARGE, "%s: too large", part);
    x->r = xmlReaderForMemory(buf, (int)len, part, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (x->r == NULL) return fail(d, XLSX_E_MEMORY, "%s: cannot start the XML reader", part);
    xmlTextReaderSetErrorHandler(x->r, xml_quiet, NULL);
    return XLSX_OK;
}

/* Next node: 1, 0 at the end, or -1 with diag set (malformed, DOCTYPE, depth). */
static int xml_next(xml_in *x)
{
    int rc = xmlTextReaderRead(x->r);
    if (rc < 0) {
        (void)fail(x->d, XLSX_E_XML, "%s: malformed XML near line %d", x->part, xmlTextReaderGetParserLineNumber(x->r));
        return -1;
    }
    if (rc == 0) return 0;
    if (xmlTextReaderNodeType(x->r) == XML_READER_TYPE_DOCUMENT_TYPE) {
        (void)fail(x->d, XLSX_E_XML, "%s: a DOCTYPE is not allowed in a workbook part", x->part);
        return -1;
    }
    if (xmlTextReaderDepth(x->r) > XLSX_MAX_XML_DEPTH) {
        (void)fail(x->d, XLSX_E_XML, "%s: elements nested deeper than %d", x->part, XLSX_MAX_XML_DEPTH);
        return -1;
    }
    return 1;
}

static bool is_elem(xml_in *x, const char *local)
{
    const xmlChar *n;
    if (xmlTextReaderNodeType(x->r) != XML_READER_TYPE_ELEMENT) return false;
    n = xmlTextReaderConstLocalName(x->r);
    return n != NULL && strcmp((const char *)n, local) == 0;
}

static bool is_end(xml_in *x, const char *local)
{
    const xmlChar *n;
    if (xmlTextReaderNodeType(x->r) != XML_READER_TYPE_END_ELEMENT) return false;
    n = xmlTextReaderConstLocalName(x->r);
    return n != NULL && strcmp((const char *)n, local) == 0;
}

/* The text content of the current element, malloc'd; NULL with diag on error. */
static char *xml_text(xml_in *x, size_t cap, const char *where)
{
    xmlChar *s = xmlTextReaderReadString(x->r);
    char *out;
    size_t n;
    if (s == NULL) {
        out = strdup("");
        if (out == NULL) (void)fail(x->d, XLSX_E_MEMORY, "%s: out of memory", x->part);
        return out;
    }
    n = strlen((const char *)s);
    if (n > cap) {
        xmlFree(s);
        (void)fail(x->d, XLSX_E_TOO_LARGE, "%s: text of %zu bytes, at most %zu", where, n, cap);
        return NULL;
    }
    out = strdup((const char *)s);
    xmlFree(s);
    if (out == NULL) (void)fail(x->d, XLSX_E_MEMORY, "%s: out of memory", x->part);
    return out;
}

static char *xml_attr(xml_in *x, const char *name, const char *ns)
{
    xmlChar *v = ns != NULL ? xmlTextReaderGetAttributeNs(x->r, (const xmlChar *)name, (const xmlChar *)ns)
                            : xmlTextReaderGetAttribute(x->r, (const xmlChar *)name);
    char *out;
    if (v == NULL) return NULL;
    out = strdup((const char *)v);
    xmlFree(v);
    return out;
}

/* ---- A1 references ---- */

bool dpp_cbam_cell_parse(const char *ref, size_t n, unsigned *col, unsigned *row)
{
    size_t i = 0;
    unsigned long c = 0, r = 0;
    if (ref == NULL || col == NULL || row == NULL) return false;
    while (i < n && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3) c = c * 26u + (unsigned long)(ref[i++] - 'A' + 1);
    if (i == 0 || c > 16384u || i == n || ref[i] < '1' || ref[i] > '9') return false;
    for (; i < n; i++) {
        if (ref[i] < '0' || ref[i] > '9') return false;
        r = r * 10u + (unsigned long)(ref[i] - '0');
        if (r > 1048576u) return false;
    }
    *col = (unsigned)c;
    *row = (unsigned)r;
    return true;
}

void dpp_cbam_cell_format(unsigned col, unsigned row, char *out, size_t cap)
{
    char letters[4];
    int n = 0, k = 0;
    if (out == NULL || cap == 0) return;
    while (col > 0 && n < 3) {
        letters[n++] = (char)('A' + (col - 1u) % 26u);
        col = (col - 1u) / 26u;
    }
    {
        char rev[4];
        for (int i = n - 1; i >= 0; i--) rev[k++] = letters[i];
        rev[k] = '\0';
        (void)snprintf(out, cap, "%s%u", rev, row);
    }
}

/* ---- workbook ---- */

static xlsx_err read_rels(xlsx_book *b, char *const *ids, char **targets, size_t n, xlsx_diag *d)
{
    char *buf;
    size_t len;
    xml_in x;
    int rc;
    xlsx_err e = read_part(b, "xl/_rels/workbook.xml.rels", &buf, &len, d);
    if (e != XLSX_OK) return e;
    e = xml_open(&x, buf, len, "xl/_rels/workbook.xml.rels", d);
    while (e == XLSX_OK && (rc = xml_next(&x)) == 1) {
        char *id, *target;
        if (!is_elem(&x, "Relationship")) continue;
        id = xml_attr(&x, "Id", NULL);
        target = xml_attr(&x, "Target", NULL);
        for (size_t i = 0; id != NULL && target != NULL && i < n; i++) {
            if (ids[i] != NULL && targets[i] == NULL && strcmp(ids[i], id) == 0) {
                targets[i] = target;
                target = NULL;
                break;
            }
        }
        free(id);
        free(target);
    }
    if (e == XLSX_OK && rc < 0) e = d->err;
    if (x.r != NULL) xmlFreeTextReader(x.r);
    free(buf);
    return e;
}

static xlsx_err read_workbook(xlsx_book *b, xlsx_diag *d)
{
    char *buf, *ids[XLSX_MAX_SHEETS] = {0}, *targets[XLSX_MAX_SHEETS] = {0};
    size_t len;
    xml_in x;
    int rc = 0;
    xlsx_err e = read_part(b, "xl/workbook.xml", &buf, &len, d);
    if (e != XLSX_OK) return e;
    e = xml_open(&x, buf, len, "xl/workbook.xml", d);
    while (e == XLSX_OK && (rc = xml_next(&x)) == 1) {
        char *name;
        if (!is_elem(&x, "sheet")) continue;
        if (b->n_sheets == XLSX_MAX_SHEETS) {
            e = fail(d, XLSX_E_TOO_LARGE, "xl/workbook.xml: more than %u sheets", XLSX_MAX_SHEETS);
            break;
        }
        name = xml_attr(&x, "name", NULL);
        ids[b->n_sheets] = xml_attr(&x, "id", NS_REL);
        if (name == NULL || ids[b->n_sheets] == NULL || strlen(name) > XLSX_MAX_NAME) {
            free(name);
            e = fail(d, XLSX_E_XML, "xl/workbook.xml: sheet %zu has no name, a name over %u bytes or no r:id",
                     b->n_sheets + 1, XLSX_MAX_NAME);
            break;
        }
        (void)snprintf(b->sheets[b->n_sheets].name, sizeof b->sheets[0].name, "%s", name);
        free(name);
        b->n_sheets++;
    }
    if (e == XLSX_OK && rc < 0) e = d->err;
    if (x.r != NULL) xmlFreeTextReader(x.r);
    free(buf);
    if (e == XLSX_OK) e = read_rels(b, ids, targets, b->n_sheets, d);
    for (size_t i = 0; i < b->n_sheets; i++) {
        const char *t = targets[i];
        if (e == XLSX_OK && t == NULL)
            e = fail(d, XLSX_E_PART, "xl/_rels/workbook.xml.rels: no target for sheet '%s'", b->sheets[i].name);
        if (e == XLSX_OK) {
            /* "worksheets/sheet1.xml" is relative to xl/; "/xl/..." absolute. */
            int n = t[0] == '/' ? snprintf(b->sheets[i].part, sizeof b->sheets[i].part, "%s", t + 1)
                                : snprintf(b->sheets[i].part, sizeof b->sheets[i].part, "xl/%s", t);
            if (n < 0 || (size_t)n >= sizeof b->sheets[i].part || strstr(t, "..") != NULL)
                e = fail(d, XLSX_E_XML, "xl/_rels/workbook.xml.rels: unusable target for sheet '%s'",
                         b->sheets[i].name);
        }
        free(ids[i]);
        free(targets[i]);
    }
    return e;
}

static xlsx_err add_string(xlsx_book *b, char *s, xlsx_diag *d)
{
    size_t n = strlen(s);
    if (b->n_strings == XLSX_MAX_STRINGS || n > XLSX_MAX_STRING_BYTES - b->string_bytes) {
        free(s);
        return fail(d, XLSX_E_TOO_LARGE, "xl/sharedStrings.xml: more than %u strings or %u bytes", XLSX_MAX_STRINGS,
                    XLSX_MAX_STRING_BYTES);
    }
    if (b->n_strings % 1024u == 0) {
        char **grown = realloc(b->strings, (b->n_strings + 1024u) * sizeof *grown);
        if (grown == NULL) {
            free(s);
            return fail(d, XLSX_E_MEMORY, "xl/sharedStrings.xml: out of memory");
        }
        b->strings = grown;
    }
    b->strings[b->n_strings++] = s;
    b->string_bytes += n;
    return XLSX_OK;
}

/* Appends t to *acc (malloc'd), capped at XLSX_MAX_CELL_TEXT. */
static xlsx_err append_text(char **acc, const char *t, const char *where, xlsx_diag *d)
{
    size_t a = *acc != NULL ? strlen(*acc) : 0, n = strlen(t);
    char *grown;
    if (n > XLSX_MAX_CELL_TEXT - a)
        return fail(d, XLSX_E_TOO_LARGE, "%s: text over %u bytes", where, XLSX_MAX_CELL_TEXT);
    grown = realloc(*acc, a + n + 1u);
    if (grown == NULL) return fail(d, XLSX_E_MEMORY, "%s: out of memory", where);
    memcpy(grown + a, t, n + 1u);
    *acc = grown;
    return XLSX_OK;
}

/* Rich text: the <t> elements of a <si> or <is>, except phonetic runs
 * (<rPh>). The reader is on the start of the container (not empty). */
static xlsx_err read_rich(xml_in *x, const char *container, const char *where, char **out)
{
    int depth = xmlTextReaderDepth(x->r), rc, in_rph = 0;
    char *acc = NULL;
    xlsx_err e = XLSX_OK;
    while ((rc = xml_next(x)) == 1) {
        if (xmlTextReaderDepth(x->r) == depth && is_end(x, container)) break;
        if (is_elem(x, "rPh") && !xmlTextReaderIsEmptyElement(x->r)) in_rph++;
        else if (is_end(x, "rPh") && in_rph > 0) in_rph--;
        else if (is_elem(x, "t") && in_rph == 0 && !xmlTextReaderIsEmptyElement(x->r)) {
            char *t = xml_text(x, XLSX_MAX_CELL_TEXT, where);
            if (t == NULL) {
                e = x->d->err;
                break;
            }
            e = append_text(&acc, t, where, x->d);
            free(t);
            if (e != XLSX_OK) break;
        }
    }
    if (e == XLSX_OK && rc < 0) e = x->d->err;
    if (e == XLSX_OK && rc == 0) e = fail(x->d, XLSX_E_XML, "%s: unterminated <%s>", where, container);
    if (e == XLSX_OK && acc == NULL) {
        acc = strdup("");
        if (acc == NULL) e = fail(x->d, XLSX_E_MEMORY, "%s: out of memory", where);
    }
    if (e != XLSX_OK) {
        free(acc);
        return e;
    }
    *out = acc;
    return XLSX_OK;
}

static xlsx_err read_shared_strings(xlsx_book *b, xlsx_diag *d)
{
    char *buf;
    size_t len;
    xml_in x;
    int rc = 0;
    xlsx_err e = read_part(b, "xl/sharedStrings.xml", &buf, &len, d);
    if (e == XLSX_E_PART) return XLSX_OK; /* a workbook without text */
    if (e != XLSX_OK) return e;
    e = xml_open(&x, buf, len, "xl/sharedStrings.xml", d);
    while (e == XLSX_OK && (rc = xml_next(&x)) == 1) {
        char *s = NULL;
        if (!is_elem(&x, "si")) continue;
        if (xmlTextReaderIsEmptyElement(x.r)) {
            s = strdup("");
            e = s == NULL ? fail(d, XLSX_E_MEMORY, "xl/sharedStrings.xml: out of memory") : XLSX_OK;
        } else {
            e = read_rich(&x, "si", "xl/sharedStrings.xml", &s);
        }
        if (e == XLSX_OK) e = add_string(b, s, d);
    }
    if (e == XLSX_OK && rc < 0) e = d->err;
    if (x.r != NULL) xmlFreeTextReader(x.r);
    free(buf);
    return e;
}

xlsx_err dpp_xlsx_open_mem(const uint8_t *data, size_t len, xlsx_book **out, xlsx_diag *d)
{
    zlib_filefunc64_def ff;
    unz_global_info64 gi;
    xlsx_book *b;
    xlsx_err e;

    if (d != NULL) {
        d->err = XLSX_OK;
        d->msg[0] = '\0';
    }
    *out = NULL;
    if (len > XLSX_MAX_FILE) return fail(d, XLSX_E_TOO_LARGE, "workbook of %zu bytes, at most %u", len, XLSX_MAX_FILE);
    if (len < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
        return fail(d, XLSX_E_NOT_ZIP, "not an .xlsx workbook (no ZIP signature; an .xls or CSV file?)");
    b = calloc(1, sizeof *b);
    if (b == NULL) return fail(d, XLSX_E_MEMORY, "out of memory");
    b->ms.data = data;
    b->ms.len = len;
    memset(&ff, 0, sizeof ff);
    ff.zopen64_file = ms_open;
    ff.zread_file = ms_read;
    ff.zwrite_file = ms_write;
    ff.ztell64_file = ms_tell;
    ff.zseek64_file = ms_seek;
    ff.zclose_file = ms_close;
    ff.zerror_file = ms_error;
    ff.opaque = &b->ms;
    b->zf = unzOpen2_64("workbook.xlsx", &ff);
    if (b->zf == NULL) {
        free(b);
        return fail(d, XLSX_E_NOT_ZIP, "not a readable ZIP package (damaged or truncated central directory)");
    }
    if (unzGetGlobalInfo64(b->zf, &gi) != UNZ_OK) {
        e = fail(d, XLSX_E_NOT_ZIP, "damaged ZIP directory");
        goto bad;
    }
    if (gi.number_entry > XLSX_MAX_ENTRIES) {
        e = fail(d, XLSX_E_TOO_LARGE, "%llu ZIP entries, at most %u", (unsigned long long)gi.number_entry,
                 XLSX_MAX_ENTRIES);
        goto bad;
    }
    e = read_workbook(b, d);
    if (e == XLSX_OK) e = read_shared_strings(b, d);
    if (e != XLSX_OK) goto bad;
    *out = b;
    return XLSX_OK;
bad:
    dpp_xlsx_close(b);
    return e;
}

void dpp_xlsx_close(xlsx_book *b)
{
    if (b == NULL) return;
    if (b->zf != NULL) (void)unzClose(b->zf);
    for (size_t i = 0; i < b->n_strings; i++) free(b->strings[i]);
    free(b->strings);
    free(b);
}

size_t dpp_xlsx_sheet_count(const xlsx_book *b) { return b->n_sheets; }
const char *dpp_xlsx_sheet_name(const xlsx_book *b, size_t i) { return i < b->n_sheets ? b->sheets[i].name : NULL; }

/* ---- sheets ---- */

static xlsx_err set_cell(xlsx_sheet *s, unsigned col, unsigned row, xlsx_type t, char *text)
{
    xlsx_cell *c;
    if (row == 0 || col == 0 || row > XLSX_WIN_ROWS || col > XLSX_WIN_COLS) {
        free(text);
        return XLSX_OK;
    }
    c = &s->cells[(row - 1u) * XLSX_WIN_COLS + (col - 1u)];
    free(c->text);
    c->type = text != NULL ? t : XLSX_EMPTY;
    c->text = text;
    return XLSX_OK;
}

/* One <c> element; the reader is on its start tag. */
static xlsx_err read_cell(xml_in *x, xlsx_book *b, xlsx_sheet *s, unsigned row, unsigned *col)
{
    char *ref = xml_attr(x, "r", NULL), *t = xml_attr(x, "t", NULL), *v = NULL;
    char where[XLSX_MAX_NAME + 24];
    unsigned c = *col + 1u, r = row;
    int depth = xmlTextReaderDepth(x->r), rc = 1;
    xlsx_err e = XLSX_OK;
    xlsx_type type = XLSX_NUMBER;

    if (ref != NULL && !dpp_cbam_cell_parse(ref, strlen(ref), &c, &r)) {
        (void)snprintf(where, sizeof where, "%s", ref);
        free(ref);
        free(t);
        return fail(x->d, XLSX_E_CELL, "%s: cell reference '%.16s' is not in A1 form", s->title, where);
    }
    free(ref);
    *col = c;
    {
        char a1[16];
        dpp_cbam_cell_format(c, r, a1, sizeof a1);
        (void)snprintf(where, sizeof where, "%s!%s", s->title, a1);
    }
    if (t == NULL || strcmp(t, "n") == 0) type = XLSX_NUMBER;
    else if (strcmp(t, "s") == 0 || strcmp(t, "str") == 0 || strcmp(t, "inlineStr") == 0 || strcmp(t, "d") == 0)
        type = XLSX_STRING;
    else if (strcmp(t, "b") == 0) type = XLSX_BOOL;
    else if (strcmp(t, "e") == 0) type = XLSX_ERROR;
    else {
        free(t);
        return fail(x->d, XLSX_E_CELL, "%s: unknown cell type", where);
    }
    if (!xmlTextReaderIsEmptyElement(x->r)) {
        while ((rc = xml_next(x)) == 1) {
            if (xmlTextReaderDepth(x->r) == depth && is_end(x, "c")) break;
            if (is_elem(x, "v") && !xmlTextReaderIsEmptyElement(x->r)) {
                free(v);
                v = xml_text(x, XLSX_MAX_CELL_TEXT, where);
                if (v == NULL) {
                    e = x->d->err;
                    break;
                }
            } else if (is_elem(x, "is") && !xmlTextReaderIsEmptyElement(x->r)) {
                free(v);
                v = NULL;
                e = read_rich(x, "is", where, &v);
                if (e != XLSX_OK) break;
            }
        }
        if (e == XLSX_OK && rc < 0) e = x->d->err;
        if (e == XLSX_OK && rc == 0) e = fail(x->d, XLSX_E_XML, "%s: unterminated cell", where);
    }
    if (e == XLSX_OK && v != NULL && t != NULL && strcmp(t, "s") == 0) {
        char *end;
        unsigned long idx;
        errno = 0;
        idx = strtoul(v, &end, 10);
        if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 || idx >= b->n_strings) {
            e = fail(x->d, XLSX_E_CELL, "%s: shared string index '%.20s' is not one of the %zu strings", where, v,
                     b->n_strings);
        } else {
            free(v);
            v = strdup(b->strings[idx]);
            if (v == NULL) e = fail(x->d, XLSX_E_MEMORY, "%s: out of memory", where);
        }
    }
    free(t);
    if (e != XLSX_OK) {
        free(v);
        return e;
    }
    return set_cell(s, c, r, type, v);
}

xlsx_err dpp_xlsx_load_sheet(xlsx_book *b, const char *name, xlsx_sheet **out, xlsx_diag *d)
{
    const sheet_ref *ref = NULL;
    char *buf;
    size_t len;
    xml_in x;
    xlsx_sheet *s;
    unsigned row = 0, col = 0;
    int rc = 0;
    xlsx_err e;

    *out = NULL;
    for (size_t i = 0; i < b->n_sheets; i++)
        if (strcmp(b->sheets[i].name, name) == 0) ref = &b->sheets[i];
    if (ref == NULL) return fail(d, XLSX_E_SHEET, "%s: no sheet of this name in the workbook", name);
    s = calloc(1, sizeof *s);
    if (s == NULL) return fail(d, XLSX_E_MEMORY, "%s: out of memory", name);
    (void)snprintf(s->title, sizeof s->title, "%s", name);
    e = read_part(b, ref->part, &buf, &len, d);
    if (e != XLSX_OK) {
        dpp_xlsx_sheet_free(s);
        return e;
    }
    e = xml_open(&x, buf, len, ref->part, d);
    while (e == XLSX_OK && (rc = xml_next(&x)) == 1) {
        if (is_elem(&x, "row")) {
            char *r = xml_attr(&x, "r", NULL);
            unsigned long rv = row + 1u;
            if (r != NULL) {
                char *end;
                errno = 0;
                rv = strtoul(r, &end, 10);
                if (r[0] < '1' || r[0] > '9' || *end != '\0' || errno != 0 || rv > 1048576u)
                    e = fail(d, XLSX_E_CELL, "%s: row number '%.16s' out of range 1..1048576", name, r);
                free(r);
            }
            row = (unsigned)rv;
            col = 0;
        } else if (is_elem(&x, "c")) {
            e = read_cell(&x, b, s, row, &col);
        }
    }
    if (e == XLSX_OK && rc < 0) e = d->err;
    if (x.r != NULL) xmlFreeTextReader(x.r);
    free(buf);
    if (e != XLSX_OK) {
        dpp_xlsx_sheet_free(s);
        return e;
    }
    *out = s;
    return XLSX_OK;
}

void dpp_xlsx_sheet_free(xlsx_sheet *s)
{
    if (s == NULL) return;
    for (size_t i = 0; i < sizeof s->cells / sizeof s->cells[0]; i++) free(s->cells[i].text);
    free(s);
}

const char *dpp_xlsx_sheet_title(const xlsx_sheet *s) { return s->title; }

const xlsx_cell *dpp_xlsx_cell_at(const xlsx_sheet *s, unsigned row, unsigned col)
{
    static const xlsx_cell empty = {XLSX_EMPTY, NULL};
    if (row == 0 || col == 0 || row > XLSX_WIN_ROWS || col > XLSX_WIN_COLS) return &empty;
    return &s->cells[(row - 1u) * XLSX_WIN_COLS + (col - 1u)];
}

const xlsx_cell *dpp_xlsx_cell_ref(const xlsx_sheet *s, const char *ref)
{
    unsigned c, r;
    if (!dpp_cbam_cell_parse(ref, strlen(ref), &c, &r)) return NULL;
    return dpp_xlsx_cell_at(s, r, c);
}
