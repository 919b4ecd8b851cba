/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam import: a filled CBAM communication template (v2.1.1) to one
 * passport JSON per product line of its Summary_Communication sheet. The
 * workbook is read by libdpp_cbam (dpp_cbam_import_xlsx()); this file
 * writes its passports and prints its notes (cells that could not be used,
 * cells with no passport field) as SHEET!CELL messages. Mapping and
 * rounding: spec/cbam-template.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dpp/dpp_cbam.h>

#include "args.h"
#include "cbam_xlsx.h"
#include "io.h"
#include "util.h"

#define IMPORT_JSON_CAP (64u * 1024u)

static void usage_import(FILE *f)
{
    (void)fprintf(f,
                  "usage: dpp cbam import TEMPLATE.xlsx [--out DIR] [--gtin GTIN]... [--manufacturer NAME]\n"
                  "                       [--qr] [--quiet] [--force]\n"
                  "Reads a filled CBAM communication template (v2.1.1) and writes one passport JSON per\n"
                  "product line of its Summary_Communication sheet into DIR (default: the current\n"
                  "directory), named LINE-CNCODE.json. The template has no GTIN: --gtin gives them in line\n"
                  "order (else the placeholder 00000000000000, with a warning). Cells that cannot be read\n"
                  "are reported as SHEET!CELL; filled cells without a passport field are listed as\n"
                  "'not mapped' (--quiet: counted only). --qr also writes LINE-CNCODE.qr.json, the\n"
                  "label's passport: the CBAM fields that belong in the QR code (the full document goes\n"
                  "behind 'dpp encode --link URI --link-doc FULL.json'). Exit 0, 1 if a line was skipped, 4 for a\n"
                  "workbook that cannot be read. Mapping and rounding: spec/cbam-template.md.\n");
}

/* Prints one note of the library as the tool always has. */
static void print_note(const dpp_cbam_note *n, const char *in_path, bool quiet)
{
    switch (n->kind) {
    case DPP_CBAM_NOTE_UNMAPPED:
        if (!quiet)
            (void)fprintf(stderr, "dpp: cbam import: %s!%s: not mapped (%s: '%s%s')\n", n->sheet, n->cell, n->reason,
                          n->value, n->value_cut ? "..." : "");
        break;
    case DPP_CBAM_NOTE_PROBLEM: cli_err("cbam import: %s!%s: %s", n->sheet, n->cell, n->reason); break;
    case DPP_CBAM_NOTE_SKIPPED: cli_err("cbam import: %s row %u: %s", n->sheet, n->row, n->reason); break;
    case DPP_CBAM_NOTE_NOTICE:
        if (quiet) break;
        if (strcmp(n->field, "gtin") == 0)
            cli_warn("cbam import: row %u: no --gtin for this line: placeholder GTIN %s", n->row,
                     DPP_CBAM_PLACEHOLDER_GTIN);
        else
            (void)fprintf(stderr, "dpp: cbam import: %s!%s: %s\n", n->sheet, n->cell, n->reason);
        break;
    case DPP_CBAM_NOTE_WARNING: cli_warn("cbam import: %s: %s", cli_path_shown(in_path), n->reason); break;
    }
}

/* Writes passport i of the import (and its label passport with --qr). */
static int write_passport(const dpp_cbam_import *res, size_t i, const char *out_dir, bool force, bool qr, bool quiet,
                          char *json, dpp_passport *p)
{
    char path[4096];
    dpp_diag d;
    size_t jl;
    unsigned row = dpp_cbam_import_passport_row(res, i);
    *p = *dpp_cbam_import_passport(res, i);
    if (dpp_passport_to_json(p, json, IMPORT_JSON_CAP, &jl, &d) != DPP_OK) {
        cli_err("cbam import: %s row %u: the passport is not valid: %s", CBT_SHEET_SUMMARY, row, d.msg);
        return CLI_EX_INVALID;
    }
    json[jl++] = '\n';
    if ((size_t)snprintf(path, sizeof path, "%s/%03u-%s.json", out_dir, dpp_cbam_import_passport_line(res, i),
                         p->cbam.cn_code) >= sizeof path)
        return cli_usage_err("cbam import", "--out: path too long");
    if (cli_write_atomic(path, json, jl, 0, force ? CLI_W_FORCE : 0u) != CLI_EX_OK) return CLI_EX_CANTCREAT;
    if (!quiet) (void)printf("%s\n", path);
    if (qr) {
        /* the label's passport (dpp_passport_cbam_qr): NNN-CN.qr.json */
        size_t pl = strlen(path);
        if (dpp_passport_cbam_qr(p, p) != DPP_OK || dpp_passport_to_json(p, json, IMPORT_JSON_CAP, &jl, &d) != DPP_OK ||
            pl + 3 >= sizeof path) {
            cli_err("cbam import: %s row %u: cannot make the label passport", CBT_SHEET_SUMMARY, row);
            return CLI_EX_SOFTWARE;
        }
        json[jl++] = '\n';
        memcpy(path + pl - 5, ".qr.json", 9);
        if (cli_write_atomic(path, json, jl, 0, force ? CLI_W_FORCE : 0u) != CLI_EX_OK) return CLI_EX_CANTCREAT;
        if (!quiet) (void)printf("%s\n", path);
    }
    return CLI_EX_OK;
}

int cmd_cbam_import(int argc, char **argv)
{
    enum { O_HELP = 1, O_OUT, O_GTIN, O_QUIET, O_FORCE, O_MANUFACTURER, O_QR };
    static const cli_opt opts[] = {{"help", 'h', false, O_HELP}, {"out", 'o', true, O_OUT},
                                   {"gtin", 0, true, O_GTIN},    {"quiet", 'q', false, O_QUIET},
                                   {"force", 0, false, O_FORCE}, {"manufacturer", 0, true, O_MANUFACTURER},
                                   {"qr", 0, false, O_QR},       {NULL, 0, false, 0}};
    cli_args a;
    const char *arg, *in_path = NULL, *out_dir = ".", *gtins[DPP_CBAM_MAX_LINES];
    size_t n_gtins = 0, n_written = 0, n_lines, n_pass, next = 0;
    bool force = false, qr = false, quiet = false;
    int id, rc = CLI_EX_OK;
    uint8_t *data = NULL;
    size_t len = 0;
    dpp_cbam_import_opts io;
    dpp_cbam_import *res = NULL;
    dpp_diag d;
    dpp_passport *p = NULL;
    char *json = NULL;

    memset(&io, 0, sizeof io);
    cli_args_init(&a, "cbam import", argc, argv);
    while ((id = cli_args_next(&a, opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: usage_import(stdout); return CLI_EX_OK;
        case O_OUT: out_dir = arg; break;
        case O_GTIN:
            if (n_gtins == DPP_CBAM_MAX_LINES)
                return cli_usage_err("cbam import", "--gtin: at most %u", DPP_CBAM_MAX_LINES);
            gtins[n_gtins++] = arg;
            break;
        case O_QUIET: quiet = true; break;
        case O_FORCE: force = true; break;
        case O_MANUFACTURER: io.manufacturer = arg; break;
        case O_QR: qr = true; break;
        case 0:
            if (in_path != NULL) return cli_usage_err("cbam import", "one workbook at a time ('%s')", arg);
            in_path = arg;
            break;
        default: return -id;
        }
    }
    if (in_path == NULL) return cli_usage_err("cbam import", "TEMPLATE.xlsx is required");
    if (io.manufacturer != NULL && (strlen(io.manufacturer) == 0 || strlen(io.manufacturer) > DPP_MAX_NAME))
        return cli_usage_err("cbam import", "--manufacturer: 1 to %d bytes", DPP_MAX_NAME);
    io.gtins = gtins;
    io.n_gtins = n_gtins;

    rc = cli_read_file(in_path, DPP_CBAM_MAX_FILE, &data, &len);
    if (rc != CLI_EX_OK) return rc;
    switch (dpp_cbam_import_xlsx(data, len, &io, &res, &d)) {
    case DPP_OK: break;
    case DPP_ERR_SCHEMA_CHECK_DIGIT: /* a --gtin (d.msg: "gtin '...' is not a GTIN ...") */
        rc = cli_usage_err("cbam import", "--%s", d.msg);
        goto done;
    case DPP_ERR_CBAM_TEMPLATE: /* the message names the cell */
        cli_err("cbam import: %s", d.msg);
        rc = CLI_EX_MALFORMED;
        goto done;
    default:
        cli_err("cbam import: %s: %s", cli_path_shown(in_path), d.msg);
        rc = CLI_EX_MALFORMED;
        goto done;
    }
    p = cli_xmalloc(sizeof *p);
    json = cli_xmalloc(IMPORT_JSON_CAP);
    n_pass = dpp_cbam_import_passport_count(res);
    /* The notes in workbook order, each passport after the notes of its line. */
    for (size_t i = 0; i <= dpp_cbam_import_note_count(res); i++) {
        const dpp_cbam_note *n = dpp_cbam_import_note(res, i);
        while (next < n_pass && (n == NULL || n->row > dpp_cbam_import_passport_row(res, next))) {
            int w = write_passport(res, next++, out_dir, force, qr, quiet, json, p);
            if (w == CLI_EX_INVALID) {
                rc = w;
                continue;
            }
            if (w != CLI_EX_OK) {
                rc = w;
                goto done;
            }
            n_written++;
        }
        if (n == NULL) break;
        print_note(n, in_path, quiet);
        if (n->kind == DPP_CBAM_NOTE_SKIPPED) rc = CLI_EX_INVALID;
    }
    n_lines = dpp_cbam_import_lines(res);
    if (n_lines == 0) {
        cli_err("cbam import: %s: no product lines in rows %u..%u", CBT_SHEET_SUMMARY, CBT_PRODUCT_FIRST_ROW,
                CBT_PRODUCT_LAST_ROW);
        rc = CLI_EX_INVALID;
    }
    if (n_gtins > n_written && rc == CLI_EX_OK)
        cli_warn("cbam import: %zu --gtin given, %zu passports written", n_gtins, n_written);
    (void)fprintf(stderr, "dpp: cbam import: %zu of %zu product lines written, %zu cells not mapped, %zu problems\n",
                  n_written, n_lines, dpp_cbam_import_count(res, DPP_CBAM_NOTE_UNMAPPED),
                  dpp_cbam_import_count(res, DPP_CBAM_NOTE_PROBLEM));
done:
    free(json);
    free(p);
    dpp_cbam_import_free(res);
    free(data);
    return rc;
}
