/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam: CSV files as spreadsheet programs and customs brokers write
 * them, read with libcsv (Debian libcsv-dev). Rules: spec/cbam.md 1.1. */
#ifndef DPP_CLI_CBAM_CSV_H
#define DPP_CLI_CBAM_CSV_H

#include <stddef.h>

#define CBAM_CSV_MAX_FIELDS 64u  /* per record */
#define CBAM_CSV_MAX_FIELD 256u  /* bytes per field */

typedef struct cbam_csv_rec {
    unsigned long line; /* line of the file where the record starts (1-based) */
    size_t n;
    char **f;           /* n fields, NUL-terminated, trimmed */
} cbam_csv_rec;

typedef struct cbam_csv {
    cbam_csv_rec *recs;
    size_t n, cap;
    char sep;           /* ',', ';' or '\t' */
    char dec;           /* decimal mark of numbers: '.' (sep ',') or ',' (sep ';' or tab) */
    char *store;        /* field text */
    size_t store_len, store_cap;
} cbam_csv;

/** Reads path (at most max_bytes, at most max_recs records): UTF-8 with or
 *  without BOM, LF or CRLF, quoted fields, separator ',', ';' or tab (the
 *  one the first record uses most), '#' comment lines and blank lines
 *  skipped. Returns an exit code; on error prints "path:line: reason". */
int cbam_csv_read(const char *path, size_t max_bytes, size_t max_recs, cbam_csv *out);
void cbam_csv_free(cbam_csv *c);

/** A non-negative decimal number with the file's decimal mark (no sign, no
 *  digit grouping, at most 15 digits); NULL on success, else why not. */
const char *cbam_csv_number(const char *s, char dec, double *out);
/** Index of the header field named name, or -1. */
int cbam_csv_col(const cbam_csv_rec *hdr, const char *name);

#endif
