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
#ifndef DPP_CLI_XLSX_READ_H
#define DPP_CLI_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XLSX_MAX_FILE (64u * 1024u * 1024u)       /**< the .xlsx file */
#define XLSX_MAX_ENTRIES 4096u                    /**< ZIP entries */
#define XLSX_MAX_PART (32u * 1024u * 1024u)       /**< one XML part, inflated */
#define XLSX_MAX_RATIO 100u                       /**< inflated / compressed size of a part */
#define XLSX_MAX_SHEETS 256u                      /**< sheets in the workbook */
#define XLSX_MAX_NAME 64u                         /**< sheet name, bytes (Excel: 31 characters) */
#define XLSX_MAX_STRINGS 262144u                  /**< shared strings */
#define XLSX_MAX_STRING_BYTES (16u * 1024u * 1024u) /**< all shared strings together */
#define XLSX_MAX_CELL_TEXT 4096u                  /**< one cell's value, bytes */
#define XLSX_MAX_XML_DEPTH 64                     /**< element nesting */
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
xlsx_err xlsx_open_mem(const uint8_t *data, size_t len, xlsx_book **out, xlsx_diag *diag);
void xlsx_close(xlsx_book *b);

/** Number of sheets, and the name of sheet i (workbook order). */
size_t xlsx_sheet_count(const xlsx_book *b);
const char *xlsx_sheet_name(const xlsx_book *b, size_t i);

/** Loads the cells of the sheet called name (exact, case-sensitive) within
 *  the window XLSX_WIN_ROWS x XLSX_WIN_COLS. */
xlsx_err xlsx_load_sheet(xlsx_book *b, const char *name, xlsx_sheet **out, xlsx_diag *diag);
void xlsx_sheet_free(xlsx_sheet *s);
const char *xlsx_sheet_title(const xlsx_sheet *s);

/** The cell at 1-based row and column (empty outside the window). */
const xlsx_cell *xlsx_cell_at(const xlsx_sheet *s, unsigned row, unsigned col);
/** The cell at an A1 reference ("G12"); NULL if ref is not one. */
const xlsx_cell *xlsx_cell_ref(const xlsx_sheet *s, const char *ref);

/** Parses an A1 reference ("AB12", no '$'): 1-based column and row. Returns
 *  false unless it is letters (A..XFD) then digits (1..1048576). */
bool xlsx_parse_ref(const char *ref, size_t n, unsigned *col, unsigned *row);
/** Writes the A1 reference of (col, row) into out (at least 12 bytes). */
void xlsx_format_ref(unsigned col, unsigned row, char *out, size_t cap);

#endif
