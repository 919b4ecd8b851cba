/* SPDX-License-Identifier: Apache-2.0 */
/* The result of a template import (dpp_cbam.h): the passports made and
 * the notes, in workbook order, with their accessors. */
#include <stdlib.h>
#include <string.h>

#include "cbam_internal.h"

struct dpp_cbam_import {
    dpp_passport *passports; /* n_passports, at most DPP_CBAM_MAX_LINES */
    unsigned *rows, *line_nos;
    size_t n_passports, cap_passports;
    dpp_cbam_note *notes;
    size_t n_notes, cap_notes;
    size_t n_lines;
};

dpp_cbam_import *dpp_cbam_result_new(void) { return calloc(1, sizeof(dpp_cbam_import)); }

void dpp_cbam_import_free(dpp_cbam_import *im)
{
    if (im == NULL) return;
    free(im->passports);
    free(im->rows);
    free(im->line_nos);
    free(im->notes);
    free(im);
}

dpp_err dpp_cbam_result_add_note(dpp_cbam_import *im, const dpp_cbam_note *note)
{
    if (im->n_notes == im->cap_notes) {
        size_t cap = im->cap_notes == 0 ? 32u : im->cap_notes * 2u;
        dpp_cbam_note *grown = realloc(im->notes, cap * sizeof *grown);
        if (grown == NULL) return DPP_ERR_NO_MEMORY;
        im->notes = grown;
        im->cap_notes = cap;
    }
    im->notes[im->n_notes++] = *note;
    return DPP_OK;
}

dpp_err dpp_cbam_result_add_passport(dpp_cbam_import *im, const dpp_passport *p, unsigned row, unsigned line)
{
    if (im->n_passports == DPP_CBAM_MAX_LINES) return DPP_ERR_TOO_LARGE;
    if (im->n_passports == im->cap_passports) {
        size_t cap = im->cap_passports == 0 ? 4u : im->cap_passports * 2u;
        dpp_passport *ps;
        unsigned *rows, *lines;
        if (cap > DPP_CBAM_MAX_LINES) cap = DPP_CBAM_MAX_LINES;
        ps = realloc(im->passports, cap * sizeof *ps);
        if (ps == NULL) return DPP_ERR_NO_MEMORY;
        im->passports = ps;
        rows = realloc(im->rows, cap * sizeof *rows);
        if (rows == NULL) return DPP_ERR_NO_MEMORY;
        im->rows = rows;
        lines = realloc(im->line_nos, cap * sizeof *lines);
        if (lines == NULL) return DPP_ERR_NO_MEMORY;
        im->line_nos = lines;
        im->cap_passports = cap;
    }
    im->passports[im->n_passports] = *p;
    im->rows[im->n_passports] = row;
    im->line_nos[im->n_passports] = line;
    im->n_passports++;
    return DPP_OK;
}

void dpp_cbam_result_count_line(dpp_cbam_import *im) { im->n_lines++; }

size_t dpp_cbam_import_lines(const dpp_cbam_import *im) { return im != NULL ? im->n_lines : 0; }

size_t dpp_cbam_import_passport_count(const dpp_cbam_import *im) { return im != NULL ? im->n_passports : 0; }

const dpp_passport *dpp_cbam_import_passport(const dpp_cbam_import *im, size_t i)
{
    return im != NULL && i < im->n_passports ? &im->passports[i] : NULL;
}

unsigned dpp_cbam_import_passport_row(const dpp_cbam_import *im, size_t i)
{
    return im != NULL && i < im->n_passports ? im->rows[i] : 0u;
}

unsigned dpp_cbam_import_passport_line(const dpp_cbam_import *im, size_t i)
{
    return im != NULL && i < im->n_passports ? im->line_nos[i] : 0u;
}

size_t dpp_cbam_import_note_count(const dpp_cbam_import *im) { return im != NULL ? im->n_notes : 0; }

const dpp_cbam_note *dpp_cbam_import_note(const dpp_cbam_import *im, size_t i)
{
    return im != NULL && i < im->n_notes ? &im->notes[i] : NULL;
}

size_t dpp_cbam_import_count(const dpp_cbam_import *im, dpp_cbam_note_kind kind)
{
    size_t n = 0;
    if (im == NULL) return 0;
    for (size_t i = 0; i < im->n_notes; i++)
        if (im->notes[i].kind == kind) n++;
    return n;
}
