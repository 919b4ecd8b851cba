/* libdpp_cbam (libdpp/cbam): the CBAM communication template import,
 * dpp_cbam_import_xlsx(). The Commission's four filled examples
 * (tests/data/cbam-template) import to one passport per product line with
 * the workbooks' figures (the expected SEE values are the cells' cached
 * values as python3-openpyxl reads them, rounded as spec/cbam-template.md
 * says: shortest round-trip decimal, half away from zero to 5 places; the
 * CLI test tests/cli/test_cli_cbam_xlsx.py compares them the same way);
 * unmapped cells are listed with sheet and cell; bad workbooks, made here
 * with a small ZIP writer, get their own code and a message naming the
 * part, sheet or cell. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "dpp/dpp.h"
#include "dpp/dpp_cbam.h"

#define SUMMARY "Summary_Communication"

static uint8_t *read_all(const char *rel, size_t *len)
{
    char path[1024];
    FILE *f;
    uint8_t *buf;
    long n;
    (void)snprintf(path, sizeof path, "%s/%s", DPP_TEST_DATA_DIR, rel);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* ---- a small ZIP writer (stored or deflated entries) ---- */

typedef struct zbuf {
    uint8_t *p;
    size_t n, cap;
} zbuf;

static void zput(zbuf *z, const void *d, size_t n)
{
    if (z->n + n > z->cap) {
        z->cap = (z->n + n) * 2u + 1024u;
        z->p = realloc(z->p, z->cap);
        assert_non_null(z->p);
    }
    memcpy(z->p + z->n, d, n);
    z->n += n;
}

static void zput16(zbuf *z, unsigned v)
{
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    zput(z, b, 2);
}

static void zput32(zbuf *z, unsigned long v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    zput(z, b, 4);
}

typedef struct zent {
    const char *name;
    const char *data; /* NUL-terminated unless len is set */
    size_t len;
    bool deflate;
} zent;

static uint8_t *make_zip(const zent *e, size_t n, size_t *out_len)
{
    zbuf z = {0}, cd = {0};
    for (size_t i = 0; i < n; i++) {
        size_t len = e[i].len != 0 ? e[i].len : strlen(e[i].data);
        unsigned long crc = crc32(0L, (const Bytef *)e[i].data, (uInt)len);
        uint8_t *c = (uint8_t *)(uintptr_t)e[i].data;
        size_t clen = len;
        unsigned long off = (unsigned long)z.n;
        if (e[i].deflate) {
            z_stream s;
            memset(&s, 0, sizeof s);
            assert_int_equal(deflateInit2(&s, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
            clen = deflateBound(&s, (uLong)len);
            c = malloc(clen);
            assert_non_null(c);
            s.next_in = (Bytef *)(uintptr_t)e[i].data;
            s.avail_in = (uInt)len;
            s.next_out = c;
            s.avail_out = (uInt)clen;
            assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
            clen = s.total_out;
            deflateEnd(&s);
        }
        zput32(&z, 0x04034b50ul);
        zput16(&z, 20);
        zput16(&z, 0);
        zput16(&z, e[i].deflate ? 8 : 0);
        zput16(&z, 0);
        zput16(&z, 0x21);
        zput32(&z, crc);
        zput32(&z, (unsigned long)clen);
        zput32(&z, (unsigned long)len);
        zput16(&z, (unsigned)strlen(e[i].name));
        zput16(&z, 0);
        zput(&z, e[i].name, strlen(e[i].name));
        zput(&z, c, clen);
        zput32(&cd, 0x02014b50ul);
        zput16(&cd, 20);
        zput16(&cd, 20);
        zput16(&cd, 0);
        zput16(&cd, e[i].deflate ? 8 : 0);
        zput16(&cd, 0);
        zput16(&cd, 0x21);
        zput32(&cd, crc);
        zput32(&cd, (unsigned long)clen);
        zput32(&cd, (unsigned long)len);
        zput16(&cd, (unsigned)strlen(e[i].name));
        zput16(&cd, 0);
        zput16(&cd, 0);
        zput16(&cd, 0);
        zput16(&cd, 0);
        zput32(&cd, 0);
        zput32(&cd, off);
        zput(&cd, e[i].name, strlen(e[i].name));
        if (e[i].deflate) free(c);
    }
    {
        unsigned long cd_off = (unsigned long)z.n, cd_len = (unsigned long)cd.n;
        zput(&z, cd.p, cd.n);
        zput32(&z, 0x06054b50ul);
        zput16(&z, 0);
        zput16(&z, 0);
        zput16(&z, (unsigned)n);
        zput16(&z, (unsigned)n);
        zput32(&z, cd_len);
        zput32(&z, cd_off);
        zput16(&z, 0);
    }
    free(cd.p);
    *out_len = z.n;
    return z.p;
}

#define WB_NS                                                                                                     \
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "                                      \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RELS                                                                                                      \
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"             \
    "relationships\"><Relationship Id=\"rId1\" Type=\"x\" Target=\"worksheets/sheet1.xml\"/></Relationships>"

/* A workbook of one sheet called `sheet` whose <sheetData> is `rows`. */
static uint8_t *tiny_book(const char *sheet, const char *rows, size_t *len)
{
    char wb[512], ws[8192];
    (void)snprintf(wb, sizeof wb, "<workbook %s><sheets><sheet name=\"%s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                   WB_NS, sheet);
    (void)snprintf(ws, sizeof ws, "<worksheet %s><sheetData>%s</sheetData></worksheet>", WB_NS, rows);
    {
        const zent e[] = {{"xl/workbook.xml", wb, 0, true},
                          {"xl/_rels/workbook.xml.rels", RELS, 0, true},
                          {"xl/worksheets/sheet1.xml", ws, 0, true}};
        return make_zip(e, 3, len);
    }
}

#define IS(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
#define NUM(ref, v) "<c r=\"" ref "\"><v>" v "</v></c>"
#define INSTALLATION "<row r=\"12\">" IS("G12", "Test Works") "</row><row r=\"16\">" IS("G16", "DE") "</row>"
#define LINE26(see)                                                                                               \
    "<row r=\"26\">" NUM("C26", "1") IS("F26", "7208 1000") IS("H26", "Coil") NUM("I26", see) NUM("J26", "0.2")  \
    NUM("K26", "1.45") IS("L26", "tCO2e/t") "</row>"

static const dpp_cbam_note *find_note(const dpp_cbam_import *im, dpp_cbam_note_kind kind, const char *sheet,
                                      const char *cell)
{
    for (size_t i = 0; i < dpp_cbam_import_note_count(im); i++) {
        const dpp_cbam_note *n = dpp_cbam_import_note(im, i);
        if (n->kind == kind && strcmp(n->sheet, sheet) == 0 && strcmp(n->cell, cell) == 0) return n;
    }
    return NULL;
}

static void assert_dec(dpp_decimal got, int64_t mantissa, int8_t exponent)
{
    dpp_decimal want = {mantissa, exponent};
    if (dpp_decimal_cmp(got, want) != 0)
        fail_msg("decimal %lld e%d, expected %lld e%d", (long long)got.mantissa, got.exponent, (long long)mantissa,
                 exponent);
}

/* ---- the Commission's examples ---- */

typedef struct example {
    const char *file;
    size_t lines;
    const char *installation, *country, *cn0, *name0;
    int64_t see_direct0, see_indirect0, see_total0; /* x 10^-5 */
} example;

static const example k_examples[] = {
    {"cbam-template/cement.xlsx", 1, "Example Cement Producer", "TR", "25232900", "Portland Cement Art. Nr. 1",
     78521, 12224, 90746},
    {"cbam-template/steel-blast-furnace.xlsx", 4, "Example Blast Steelworks", "CN", "72081000", "Example name A",
     153898, 20355, 174253},
    {"cbam-template/fertilizer.xlsx", 1, "Example Fertiliser Producer", "VN", "31052010", "NPK 15-15-15", 30964,
     5388, 36351},
    {"cbam-template/aluminium.xlsx", 2, "Example Aluminium Producer", "US", "76011010", "Slabs, Example name A",
     155500, 615000, 770500},
};

static void examples_import_with_the_workbooks_figures(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof k_examples / sizeof k_examples[0]; k++) {
        const example *x = &k_examples[k];
        size_t len;
        uint8_t *data = read_all(x->file, &len);
        dpp_cbam_import *im = NULL;
        dpp_diag d;
        const dpp_passport *p;
        dpp_err e = dpp_cbam_import_xlsx(data, len, NULL, &im, &d);
        if (e != DPP_OK) fail_msg("%s: %s: %s", x->file, dpp_err_name(e), d.msg);
        assert_int_equal(dpp_cbam_import_lines(im), x->lines);
        assert_int_equal(dpp_cbam_import_passport_count(im), x->lines);
        assert_int_equal(dpp_cbam_import_count(im, DPP_CBAM_NOTE_PROBLEM), 0);
        assert_int_equal(dpp_cbam_import_count(im, DPP_CBAM_NOTE_SKIPPED), 0);
        /* no GTINs given: a placeholder and a notice per passport */
        assert_int_equal(dpp_cbam_import_count(im, DPP_CBAM_NOTE_NOTICE), x->lines);
        for (size_t i = 0; i < x->lines; i++) {
            dpp_diag vd;
            p = dpp_cbam_import_passport(im, i);
            assert_non_null(p);
            assert_int_equal(dpp_passport_validate(p, &vd), DPP_OK);
            assert_string_equal(p->gtin, DPP_CBAM_PLACEHOLDER_GTIN);
            assert_int_equal(dpp_cbam_import_passport_row(im, i), 26 + i);
            assert_int_equal(dpp_cbam_import_passport_line(im, i), 1 + i);
            assert_string_equal(p->cbam.origin, x->country);
            assert_string_equal(p->cbam.installation.name, x->installation);
            assert_string_equal(p->manufacturer.name, x->installation);
        }
        assert_null(dpp_cbam_import_passport(im, x->lines));
        p = dpp_cbam_import_passport(im, 0);
        assert_true(p->has_cbam);
        assert_string_equal(p->cbam.cn_code, x->cn0);
        assert_string_equal(p->name, x->name0);
        assert_dec(p->cbam.see_direct, x->see_direct0, -5);
        assert_true(p->cbam.has_see_indirect && p->cbam.has_see_total);
        assert_dec(p->cbam.see_indirect, x->see_indirect0, -5);
        assert_dec(p->cbam.see_total, x->see_total0, -5);
        assert_string_equal(p->cbam.see_unit, "tCO2e/t");
        assert_int_equal(p->cbam.method, DPP_CBAM_ACTUAL);
        assert_true(p->cbam.has_period);
        dpp_cbam_import_free(im);
        free(data);
    }
}

static void unmapped_cells_are_listed_with_sheet_and_cell(void **state)
{
    size_t len;
    uint8_t *data = read_all("cbam-template/steel-blast-furnace.xlsx", &len);
    dpp_cbam_import *im = NULL;
    dpp_diag d;
    const dpp_cbam_note *n;
    (void)state;
    assert_int_equal(dpp_cbam_import_xlsx(data, len, NULL, &im, &d), DPP_OK);
    for (unsigned row = 26; row <= 29; row++) {
        char cell[8];
        (void)snprintf(cell, sizeof cell, "Q%u", row);
        n = find_note(im, DPP_CBAM_NOTE_UNMAPPED, SUMMARY, cell);
        assert_non_null(n);
        assert_string_equal(n->reason, "qualifying parameter 'Steel mill identification number'");
        assert_string_equal(n->value, "623108");
        assert_false(n->value_cut);
        assert_int_equal(n->row, row);
        assert_int_equal(n->err, DPP_OK);
    }
    n = find_note(im, DPP_CBAM_NOTE_UNMAPPED, SUMMARY, "AH15");
    assert_non_null(n);
    assert_string_equal(n->reason, "total direct emissions");
    assert_int_equal(n->row, 0);
    /* the notes of a line come before the next line's */
    for (size_t i = 1; i < dpp_cbam_import_note_count(im); i++)
        assert_true(dpp_cbam_import_note(im, i - 1)->row <= dpp_cbam_import_note(im, i)->row);
    assert_null(dpp_cbam_import_note(im, dpp_cbam_import_note_count(im)));
    assert_true(dpp_cbam_import_count(im, DPP_CBAM_NOTE_UNMAPPED) > 4);
    dpp_cbam_import_free(im);
    free(data);
}

static void import_is_deterministic_and_takes_gtins(void **state)
{
    static const char *const gtins[] = {"4006381333931", "96385074"};
    static const char *const bad[] = {"4006381333932"};
    dpp_cbam_import_opts o = {gtins, 2, "Aluminium Trading Ltd", false};
    size_t len;
    uint8_t *data = read_all("cbam-template/aluminium.xlsx", &len);
    dpp_cbam_import *a = NULL, *b = NULL;
    dpp_diag d;
    (void)state;
    assert_int_equal(dpp_cbam_import_xlsx(data, len, &o, &a, &d), DPP_OK);
    assert_int_equal(dpp_cbam_import_xlsx(data, len, &o, &b, &d), DPP_OK);
    assert_int_equal(dpp_cbam_import_passport_count(a), 2);
    assert_string_equal(dpp_cbam_import_passport(a, 0)->gtin, "04006381333931");
    assert_string_equal(dpp_cbam_import_passport(a, 1)->gtin, "00000096385074");
    assert_string_equal(dpp_cbam_import_passport(a, 0)->manufacturer.name, "Aluminium Trading Ltd");
    assert_int_equal(dpp_cbam_import_count(a, DPP_CBAM_NOTE_NOTICE), 0);
    assert_memory_equal(dpp_cbam_import_passport(a, 0)->id, dpp_cbam_import_passport(b, 0)->id, 16);
    assert_memory_equal(dpp_cbam_import_passport(a, 1)->id, dpp_cbam_import_passport(b, 1)->id, 16);
    assert_memory_not_equal(dpp_cbam_import_passport(a, 0)->id, dpp_cbam_import_passport(a, 1)->id, 16);
    assert_int_equal(dpp_cbam_import_passport(a, 0)->id[6] >> 4, 8); /* UUID version 8 */
    dpp_cbam_import_free(a);
    dpp_cbam_import_free(b);
    o.gtins = bad;
    o.n_gtins = 1;
    b = (dpp_cbam_import *)&o; /* must be reset to NULL on failure */
    assert_int_equal(dpp_cbam_import_xlsx(data, len, &o, &b, &d), DPP_ERR_SCHEMA_CHECK_DIGIT);
    assert_null(b);
    assert_string_equal(d.path, "gtin");
    assert_non_null(strstr(d.msg, "'4006381333932' is not a GTIN"));
    o.gtins = gtins;
    o.manufacturer = "";
    assert_int_equal(dpp_cbam_import_xlsx(data, len, &o, &b, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "manufacturer: 1 to 96 bytes"));
    free(data);
}

/* ---- bad workbooks ---- */

static dpp_err import_err(const uint8_t *data, size_t len, bool strict, dpp_diag *d)
{
    dpp_cbam_import_opts o = {NULL, 0, NULL, strict};
    dpp_cbam_import *im = (dpp_cbam_import *)&o;
    dpp_err e = dpp_cbam_import_xlsx(data, len, &o, &im, d);
    if (e != DPP_OK) {
        assert_null(im);
        assert_int_equal(d->err, e);
    }
    dpp_cbam_import_free(im);
    return e;
}

static void not_a_zip(void **state)
{
    static const char csv[] = "cn;mass\n72081000;12\n";
    dpp_diag d;
    (void)state;
    assert_int_equal(import_err((const uint8_t *)csv, sizeof csv - 1, false, &d), DPP_ERR_XLSX_NOT_ZIP);
    assert_non_null(strstr(d.msg, "not an .xlsx workbook (no ZIP signature"));
    assert_int_equal(import_err(NULL, 0, false, &d), DPP_ERR_XLSX_NOT_ZIP);
}

static void truncated_zip(void **state)
{
    size_t len;
    uint8_t *data = read_all("cbam-template/cement.xlsx", &len);
    dpp_diag d;
    (void)state;
    assert_true(len > 200000);
    assert_int_equal(import_err(data, 200000, false, &d), DPP_ERR_XLSX_NOT_ZIP);
    assert_non_null(strstr(d.msg, "not a readable ZIP package"));
    free(data);
}

static void zip_bomb(void **state)
{
    size_t n = 8u * 1024u * 1024u, len;
    char *big = malloc(n + 3);
    uint8_t *z;
    dpp_diag d;
    (void)state;
    assert_non_null(big);
    big[0] = '<';
    memset(big + 1, ' ', n);
    memcpy(big + 1 + n - 2, "/>", 2);
    {
        const zent e[] = {{"xl/workbook.xml", big, n, true}};
        z = make_zip(e, 1, &len);
    }
    assert_true(len < n / 100u);
    assert_int_equal(import_err(z, len, false, &d), DPP_ERR_XLSX_BOMB);
    assert_non_null(strstr(d.msg, "xl/workbook.xml:"));
    assert_non_null(strstr(d.msg, "zip bomb"));
    free(z);
    free(big);
    /* a part declaring more than DPP_CBAM_MAX_PART (stored, so no ratio) */
    n = DPP_CBAM_MAX_PART + 1024u * 1024u;
    big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    {
        const zent e[] = {{"xl/workbook.xml", big, n, false}};
        z = make_zip(e, 1, &len);
    }
    assert_int_equal(import_err(z, len, false, &d), DPP_ERR_TOO_LARGE);
    assert_non_null(strstr(d.msg, "xl/workbook.xml: declares 34603008 bytes inflated, at most 33554432"));
    free(z);
    free(big);
}

static void doctype_refused(void **state)
{
    char wb[512];
    size_t len;
    uint8_t *z;
    dpp_diag d;
    (void)state;
    (void)snprintf(wb, sizeof wb,
                   "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><workbook %s><sheets>"
                   "<sheet name=\"&a;\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                   WB_NS);
    {
        const zent e[] = {{"xl/workbook.xml", wb, 0, false}, {"xl/_rels/workbook.xml.rels", RELS, 0, false}};
        z = make_zip(e, 2, &len);
    }
    assert_int_equal(import_err(z, len, false, &d), DPP_ERR_XLSX_XML);
    assert_non_null(strstr(d.msg, "xl/workbook.xml: a DOCTYPE is not allowed"));
    free(z);
}

static void bad_number_names_sheet_and_cell(void **state)
{
    size_t len;
    uint8_t *z = tiny_book(SUMMARY, INSTALLATION LINE26("1.5x"), &len);
    dpp_cbam_import *im = NULL;
    const dpp_cbam_note *n;
    dpp_diag d;
    (void)state;
    /* lenient: the line is skipped, the cell listed */
    assert_int_equal(dpp_cbam_import_xlsx(z, len, NULL, &im, &d), DPP_OK);
    assert_int_equal(dpp_cbam_import_lines(im), 1);
    assert_int_equal(dpp_cbam_import_passport_count(im), 0);
    n = find_note(im, DPP_CBAM_NOTE_PROBLEM, SUMMARY, "I26");
    assert_non_null(n);
    assert_int_equal(n->err, DPP_ERR_CBAM_VALUE);
    assert_string_equal(n->field, "cbam.see_direct");
    assert_string_equal(n->reason, "'1.5x' is not a number");
    assert_int_equal(n->row, 26);
    n = find_note(im, DPP_CBAM_NOTE_SKIPPED, SUMMARY, "");
    assert_non_null(n);
    assert_int_equal(n->row, 26);
    dpp_cbam_import_free(im);
    /* strict: the import fails with the cell's code, message and field */
    assert_int_equal(import_err(z, len, true, &d), DPP_ERR_CBAM_VALUE);
    assert_string_equal(d.msg, "Summary_Communication!I26: '1.5x' is not a number");
    assert_string_equal(d.path, "cbam.see_direct");
    free(z);
}

static void small_template_imports(void **state)
{
    size_t len;
    uint8_t *z = tiny_book(SUMMARY, INSTALLATION LINE26("1.25"), &len);
    dpp_cbam_import *im = NULL;
    const dpp_passport *p;
    const dpp_cbam_note *n;
    dpp_diag d;
    dpp_cbam_import_opts strict = {NULL, 0, NULL, true};
    (void)state;
    assert_int_equal(dpp_cbam_import_xlsx(z, len, &strict, &im, &d), DPP_OK);
    assert_int_equal(dpp_cbam_import_passport_count(im), 1);
    p = dpp_cbam_import_passport(im, 0);
    assert_string_equal(p->cbam.cn_code, "72081000");
    assert_string_equal(p->name, "Coil");
    assert_dec(p->cbam.see_direct, 125, -2);
    assert_dec(p->cbam.see_total, 145, -2);
    assert_false(p->cbam.has_period);
    /* no A_InstData sheet: a warning */
    n = find_note(im, DPP_CBAM_NOTE_WARNING, "A_InstData", "");
    assert_non_null(n);
    assert_string_equal(n->reason, "no sheet A_InstData: no post code or verifier");
    dpp_cbam_import_free(im);
    free(z);
}

static void not_a_template(void **state)
{
    size_t len;
    uint8_t *z;
    dpp_cbam_import *im = NULL;
    dpp_diag d;
    (void)state;
    /* no sheet Summary_Communication */
    z = tiny_book("Other", "", &len);
    assert_int_equal(import_err(z, len, false, &d), DPP_ERR_XLSX_PART);
    assert_string_equal(d.msg, "Summary_Communication: no sheet of this name in the workbook");
    free(z);
    /* no installation name */
    z = tiny_book(SUMMARY, "<row r=\"16\">" IS("G16", "DE") "</row>" LINE26("1.25"), &len);
    assert_int_equal(import_err(z, len, false, &d), DPP_ERR_CBAM_TEMPLATE);
    assert_non_null(strstr(d.msg, "Summary_Communication!G12: no installation name"));
    free(z);
    /* no product line: an empty result, or with strict an error */
    z = tiny_book(SUMMARY, INSTALLATION, &len);
    assert_int_equal(dpp_cbam_import_xlsx(z, len, NULL, &im, &d), DPP_OK);
    assert_int_equal(dpp_cbam_import_lines(im), 0);
    dpp_cbam_import_free(im);
    assert_int_equal(import_err(z, len, true, &d), DPP_ERR_CBAM_TEMPLATE);
    assert_string_equal(d.msg, "Summary_Communication: no product lines in rows 26..125");
    free(z);
    /* a shared string index without shared strings */
    z = tiny_book(SUMMARY, "<row r=\"11\"><c r=\"H11\" t=\"s\"><v>99999999</v></c></row>", &len);
    assert_int_equal(import_err(z, len, false, &d), DPP_ERR_XLSX_CELL);
    assert_non_null(strstr(d.msg, "Summary_Communication!H11: shared string index '99999999' is not one of the"));
    free(z);
    /* a cell reference not in A1 form */
    z = tiny_book(SUMMARY, "<row r=\"12\"><c r=\"G0\"><v>1</v></c></row>", &len);
    assert_int_equal(import_err(z, len, false, &d), DPP_ERR_XLSX_CELL);
    assert_non_null(strstr(d.msg, "cell reference 'G0' is not in A1 form"));
    free(z);
}

static void arguments_and_cell_references(void **state)
{
    static const char *const nulls[] = {NULL};
    dpp_cbam_import_opts o = {nulls, 1, NULL, false};
    dpp_cbam_import *im = NULL;
    dpp_diag d;
    char ref[16];
    unsigned c, r;
    (void)state;
    assert_int_equal(dpp_cbam_import_xlsx((const uint8_t *)"PK", 2, NULL, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cbam_import_xlsx(NULL, 5, NULL, &im, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cbam_import_xlsx((const uint8_t *)"PK", 2, &o, &im, &d), DPP_ERR_SCHEMA_CHECK_DIGIT);
    o.gtins = NULL;
    assert_int_equal(dpp_cbam_import_xlsx((const uint8_t *)"PK", 2, &o, &im, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_cbam_import_passport_count(NULL), 0);
    assert_null(dpp_cbam_import_note(NULL, 0));
    dpp_cbam_import_free(NULL);
    assert_true(dpp_cbam_cell_parse("AZ125", 5, &c, &r));
    assert_int_equal(c, 52);
    assert_int_equal(r, 125);
    dpp_cbam_cell_format(16384, 1048576, ref, sizeof ref);
    assert_string_equal(ref, "XFD1048576");
    assert_true(dpp_cbam_cell_parse(ref, strlen(ref), &c, &r) && c == 16384 && r == 1048576);
    assert_false(dpp_cbam_cell_parse("G0", 2, &c, &r));
    assert_false(dpp_cbam_cell_parse("$A1", 3, &c, &r));
    assert_false(dpp_cbam_cell_parse("A1048577", 8, &c, &r));
    assert_false(dpp_cbam_cell_parse(NULL, 0, &c, &r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(examples_import_with_the_workbooks_figures),
        cmocka_unit_test(unmapped_cells_are_listed_with_sheet_and_cell),
        cmocka_unit_test(import_is_deterministic_and_takes_gtins),
        cmocka_unit_test(not_a_zip),
        cmocka_unit_test(truncated_zip),
        cmocka_unit_test(zip_bomb),
        cmocka_unit_test(doctype_refused),
        cmocka_unit_test(bad_number_names_sheet_and_cell),
        cmocka_unit_test(small_template_imports),
        cmocka_unit_test(not_a_template),
        cmocka_unit_test(arguments_and_cell_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
