/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the bounded .xlsx reader of 'dpp cbam import'
 * (cli/xlsx_read.c: minizip over memory, libxml2's xmlTextReader).
 * Properties: any input is accepted or refused with a code and a message,
 * never a crash, leak or unbounded allocation; every sheet of an opened
 * book loads or is refused the same way; the cells inside the window are
 * typed, NUL-terminated and at most XLSX_MAX_CELL_TEXT bytes; an A1
 * reference formats and parses back to the same cell.
 */
#include "fuzz_common.h"

#include <libxml/parser.h>

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
            const xlsx_cell *cell = xlsx_cell_at(s, r, c);
            char ref[16];
            unsigned c2, r2;
            if (cell->type == XLSX_EMPTY) {
                FUZZ_ASSERT(cell->text == NULL);
                continue;
            }
            FUZZ_ASSERT(cell->type <= XLSX_ERROR && cell->text != NULL);
            FUZZ_ASSERT(strlen(cell->text) <= XLSX_MAX_CELL_TEXT);
            xlsx_format_ref(c, r, ref, sizeof ref);
            FUZZ_ASSERT(xlsx_parse_ref(ref, strlen(ref), &c2, &r2) && c2 == c && r2 == r);
            FUZZ_ASSERT(xlsx_cell_ref(s, ref) == cell);
        }
    }
    FUZZ_ASSERT(xlsx_cell_at(s, XLSX_WIN_ROWS + 1u, 1)->type == XLSX_EMPTY);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xlsx_book *b = NULL;
    xlsx_diag d;
    xlsx_err e = xlsx_open_mem(data, size, &b, &d);
    if (e != XLSX_OK) {
        FUZZ_ASSERT(b == NULL && d.err == e && d.msg[0] != '\0');
        return 0;
    }
    FUZZ_ASSERT(b != NULL && xlsx_sheet_count(b) <= XLSX_MAX_SHEETS);
    for (size_t i = 0; i < xlsx_sheet_count(b) && i < 8; i++) {
        xlsx_sheet *s = NULL;
        const char *name = xlsx_sheet_name(b, i);
        FUZZ_ASSERT(name != NULL && strlen(name) <= XLSX_MAX_NAME);
        e = xlsx_load_sheet(b, name, &s, &d);
        if (e != XLSX_OK) {
            FUZZ_ASSERT(s == NULL && d.err == e && d.msg[0] != '\0');
            continue;
        }
        FUZZ_ASSERT(strcmp(xlsx_sheet_title(s), name) == 0);
        check_sheet(s);
        xlsx_sheet_free(s);
    }
    FUZZ_ASSERT(xlsx_load_sheet(b, "no such sheet \x01", &(xlsx_sheet *){NULL}, &d) == XLSX_E_SHEET);
    xlsx_close(b);
    return 0;
}
