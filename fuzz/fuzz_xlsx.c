/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: libdpp_cbam's template import, dpp_cbam_import_xlsx()
 * (dpp_cbam.h), and under it the bounded .xlsx reader (libdpp/cbam/
 * xlsx_read.c: minizip over memory, libxml2's xmlTextReader).
 * Properties: any input is accepted or refused with a code of the workbook
 * range (or a limit) and a message, never a crash, leak or unbounded
 * allocation; an import gives at most DPP_CBAM_MAX_LINES passports, each
 * valid, and notes that name a sheet and are NUL-terminated; strict mode
 * fails exactly when the lenient import reports a problem or skips a line;
 * every sheet of an opened book loads or is refused the same way; the cells
 * inside the window are typed, NUL-terminated and at most
 * XLSX_MAX_CELL_TEXT bytes; an A1 reference formats and parses back to the
 * same cell.
 */
#include "fuzz_common.h"

#include <libxml/parser.h>

#include "dpp/dpp_cbam.h"
#include "xlsx_read.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlInitParser();
    return 0;
}

static void check_sheet(const xlsx_sheet *s)
{
    for (unsigned r = 1; r <= XLSX_WIN_ROWS; r++) {
        for (unsigned c = 1; c <= XLSX_WIN_COLS; c++) {
            const xlsx_cell *cell = dpp_xlsx_cell_at(s, r, c);
            char ref[16];
            unsigned c2, r2;
            if (cell->type == XLSX_EMPTY) {
                FUZZ_ASSERT(cell->text == NULL);
                continue;
            }
            FUZZ_ASSERT(cell->type <= XLSX_ERROR && cell->text != NULL);
            FUZZ_ASSERT(strlen(cell->text) <= XLSX_MAX_CELL_TEXT);
            dpp_cbam_cell_format(c, r, ref, sizeof ref);
            FUZZ_ASSERT(dpp_cbam_cell_parse(ref, strlen(ref), &c2, &r2) && c2 == c && r2 == r);
            FUZZ_ASSERT(dpp_xlsx_cell_ref(s, ref) == cell);
        }
    }
    FUZZ_ASSERT(dpp_xlsx_cell_at(s, XLSX_WIN_ROWS + 1u, 1)->type == XLSX_EMPTY);
}

static void check_import(const uint8_t *data, size_t size)
{
    static const char *const gtins[] = {"4006381333931"};
    dpp_cbam_import_opts o = {gtins, 1, NULL, false};
    dpp_cbam_import *im = NULL, *strict = NULL;
    dpp_diag d, ds;
    size_t n, bad = 0;
    dpp_err e = dpp_cbam_import_xlsx(data, size, &o, &im, &d), es;
    if (e != DPP_OK) {
        FUZZ_ASSERT_MSG(im == NULL && d.err == e && d.msg[0] != '\0', e, &d);
        FUZZ_ASSERT_MSG(dpp_err_is_workbook(e) || e == DPP_ERR_TOO_LARGE || e == DPP_ERR_NO_MEMORY, e, &d);
        return;
    }
    n = dpp_cbam_import_passport_count(im);
    FUZZ_ASSERT(n <= DPP_CBAM_MAX_LINES && n <= dpp_cbam_import_lines(im));
    for (size_t i = 0; i < n; i++) {
        const dpp_passport *p = dpp_cbam_import_passport(im, i);
        dpp_diag pd;
        FUZZ_ASSERT(p != NULL && p->has_cbam);
        FUZZ_ASSERT_MSG(dpp_passport_validate(p, &pd) == DPP_OK, pd.err, &pd);
        FUZZ_ASSERT(dpp_cbam_import_passport_row(im, i) >= 26 && dpp_cbam_import_passport_row(im, i) <= 125);
    }
    FUZZ_ASSERT(dpp_cbam_import_passport(im, n) == NULL);
    for (size_t i = 0; i < dpp_cbam_import_note_count(im); i++) {
        const dpp_cbam_note *nt = dpp_cbam_import_note(im, i);
        FUZZ_ASSERT(nt != NULL && nt->kind >= DPP_CBAM_NOTE_UNMAPPED && nt->kind <= DPP_CBAM_NOTE_WARNING);
        FUZZ_ASSERT(memchr(nt->sheet, 0, sizeof nt->sheet) != NULL && memchr(nt->cell, 0, sizeof nt->cell) != NULL);
        FUZZ_ASSERT(memchr(nt->reason, 0, sizeof nt->reason) != NULL && nt->reason[0] != '\0');
        FUZZ_ASSERT(memchr(nt->value, 0, sizeof nt->value) != NULL);
        if (nt->kind == DPP_CBAM_NOTE_PROBLEM || nt->kind == DPP_CBAM_NOTE_SKIPPED) bad++;
    }
    o.strict = true;
    es = dpp_cbam_import_xlsx(data, size, &o, &strict, &ds);
    FUZZ_ASSERT_MSG((es == DPP_OK) == (bad == 0 && dpp_cbam_import_lines(im) > 0), es, &ds);
    if (es == DPP_OK) FUZZ_ASSERT(dpp_cbam_import_passport_count(strict) == n);
    dpp_cbam_import_free(strict);
    dpp_cbam_import_free(im);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xlsx_book *b = NULL;
    xlsx_diag d;
    xlsx_err e;
    check_import(data, size);
    e = dpp_xlsx_open_mem(data, size, &b, &d);
    if (e != XLSX_OK) {
        FUZZ_ASSERT(b == NULL && d.err == e && d.msg[0] != '\0');
        return 0;
    }
    FUZZ_ASSERT(b != NULL && dpp_xlsx_sheet_count(b) <= XLSX_MAX_SHEETS);
    for (size_t i = 0; i < dpp_xlsx_sheet_count(b) && i < 8; i++) {
        xlsx_sheet *s = NULL;
        const char *name = dpp_xlsx_sheet_name(b, i);
        FUZZ_ASSERT(name != NULL && strlen(name) <= XLSX_MAX_NAME);
        e = dpp_xlsx_load_sheet(b, name, &s, &d);
        if (e != XLSX_OK) {
            FUZZ_ASSERT(s == NULL && d.err == e && d.msg[0] != '\0');
            continue;
        }
        FUZZ_ASSERT(strcmp(dpp_xlsx_sheet_title(s), name) == 0);
        check_sheet(s);
        dpp_xlsx_sheet_free(s);
    }
    FUZZ_ASSERT(dpp_xlsx_load_sheet(b, "no such sheet \x01", &(xlsx_sheet *){NULL}, &d) == XLSX_E_SHEET);
    dpp_xlsx_close(b);
    return 0;
}
