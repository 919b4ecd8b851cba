/* SPDX-License-Identifier: Apache-2.0 */
/* A bounded reader of the cells of an Office Open XML workbook (.xlsx):
 * minizip opens the ZIP package, libxml2's xmlTextReader streams its XML
 * parts. Only what the CBAM communication template needs: sheet names, the
 * shared strings and the cached values of the cells in a window of each
 * sheet loaded (formulas are not evaluated; a filled template carries
 * every formula's last value). Every size read from the file is capped
 * (XLSX_MAX_*), an entry whose inflated size exceeds its declared size or
 * XLSX_MAX_RATIO times its compressed size is refused (zip bomb), and XML
 * with a DOCTYPE is refused (no entities, no external loads). */
#ifndef DPP_CBAM_XLSX_READ_H
#define DPP_CBAM_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_cbam.h"

/* The limits are the public DPP_CBAM_MAX_* (dpp_cbam.h). */
#define XLSX_MAX_FILE DPP_CBAM_MAX_FILE
#define XLSX_MAX_ENTRIES DPP_CBAM_MAX_ENTRIES
#define XLSX_MAX_PART DPP_CBAM_MAX_PART
#define XLSX_MAX_RATIO DPP_CBAM_MAX_RATIO
#define XLSX_MAX_SHEETS DPP_CBAM_MAX_SHEETS
#define XLSX_MAX_NAME DPP_CBAM_MAX_SHEET_NAME
#define XLSX_MAX_STRINGS DPP_CBAM_MAX_STRINGS
#define XLSX_MAX_STRING_BYTES DPP_CBAM_MAX_STRING_BYTES
#define XLSX_MAX_CELL_TEXT DPP_CBAM_MAX_CELL_TEXT
#define XLSX_MAX_XML_DEPTH DPP_CBAM_MAX_XML_DEPTH
#define XLSX_WIN_ROWS 200u                        /**< cells kept: rows 1..200 */
#define XLSX_WIN_COLS 78u                         /**< and columns A..BZ */

typedef enum xlsx_err {
    XLSX_OK = 0,
    XLSX_E_IO,        /**< file cannot be read */
    XLSX_E_TOO_LARGE, /**< a cap above */
    XLSX_E_NOT_ZIP,   /**< not a ZIP package */
    XLSX_E_ZIP,       /**< damaged or unsupported entry (encrypted, bad CRC, ...) */
    XLSX_E_BOMB,      /**< inflated size over the declared size or the ratio */
    XLSX_E_PART,      /**< a required part is missing */
    XLSX_E_XML,       /**< malformed XML or a DOCTYPE */
    XLSX_E_SHEET,     /**< no sheet of that name */
    XLSX_E_CELL,      /**< a cell reference or value that cannot be read */
    XLSX_E_MEMORY
} xlsx_err;

typedef enum xlsx_type {
    XLSX_EMPTY = 0,
    XLSX_NUMBER, /**< text is the value as written in the part, e.g. "1.5389760645578654" */
    XLSX_STRING, /**< shared, inline or formula string */
    XLSX_BOOL,   /**< text "0" or "1" */
    XLSX_ERROR   /**< text e.g. "#DIV/0!" */
} xlsx_type;

typedef struct xlsx_cell {
    xlsx_type type;
    char *text; /**< NUL-terminated, NULL when empty */
} xlsx_cell;

typedef struct xlsx_book xlsx_book;
typedef struct xlsx_sheet xlsx_sheet;

/** Problem report: a message naming the part, sheet or cell ("Summary_Communication!G16: ..."). */
typedef struct xlsx_diag {
    xlsx_err err;
    char msg[320];
} xlsx_diag;

/** Opens a workbook held in memory (the bytes must outlive the book): reads
 *  the package directory, the sheet list and the shared strings. */
xlsx_err dpp_xlsx_open_mem(const uint8_t *data, size_t len, xlsx_book **out, xlsx_diag *diag);
void dpp_xlsx_close(xlsx_book *b);

/** Number of sheets, and the name of sheet i (workbook order). */
size_t dpp_xlsx_sheet_count(const xlsx_book *b);
const char *dpp_xlsx_sheet_name(const xlsx_book *b, size_t i);

/** Loads the cells of the sheet called name (exact, case-sensitive) within
 *  the window XLSX_WIN_ROWS x XLSX_WIN_COLS. */
xlsx_err dpp_xlsx_load_sheet(xlsx_book *b, const char *name, xlsx_sheet **out, xlsx_diag *diag);
void dpp_xlsx_sheet_free(xlsx_sheet *s);
const char *dpp_xlsx_sheet_title(const xlsx_sheet *s);

/** The cell at 1-based row and column (empty outside the window). */
const xlsx_cell *dpp_xlsx_cell_at(const xlsx_sheet *s, unsigned row, unsigned col);
/** The cell at an A1 reference ("G12"); NULL if ref is not one. */
const xlsx_cell *dpp_xlsx_cell_ref(const xlsx_sheet *s, const char *ref);

/* A1 references: dpp_cbam_cell_parse() / dpp_cbam_cell_format() (dpp_cbam.h). */

#endif
