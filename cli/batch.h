/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: batch work over JSON Lines / text lines with a
 * worker pool, results written in input order. */
#ifndef DPP_CLI_BATCH_H
#define DPP_CLI_BATCH_H

#include <stdbool.h>
#include <stddef.h>

/** One input line and its result. */
typedef struct batch_rec {
    unsigned long line; /**< 1-based input line number */
    char *in;           /**< the line without its newline (and '\r'), NUL-terminated */
    size_t in_len;
    bool too_long;      /**< the line exceeded the cap; in is empty */
    char *out;          /**< set by the worker: one JSON object (malloc'd, no newline) */
    bool ok;            /**< set by the worker */
    void *aux;          /**< set by the worker for cfg->emit (optional) */
} batch_rec;

/** Processes one record; must set r->out (and r->ok). Runs on worker
 *  threads, several at once: ctx must be read-only. */
typedef void (*batch_fn)(void *ctx, batch_rec *r);

typedef struct batch_cfg {
    const char *cmd;      /**< for messages */
    const char *in_path;  /**< "-" = standard input */
    const char *out_path; /**< results (JSON Lines); "-" = standard output */
    bool resume;          /**< skip the records already in out_path, append the rest */
    bool force;           /**< out_path may exist (it is replaced); see cli_output_open */
    unsigned jobs;        /**< worker threads, >= 1 */
    bool quiet;           /**< no progress bar, no summary */
    size_t max_line;      /**< longest accepted line in bytes */
    /** When not NULL: the records are these n_items strings (each record's
     *  in is a copy) instead of the lines of in_path, which then only names
     *  the input in messages and is not opened. */
    char *const *items;
    unsigned long n_items;
    /** When not NULL: called on the main thread for every finished record,
     *  in input order, just before its line is written (output that must
     *  be in input order, e.g. the pages of one PDF); it may replace r->out
     *  (malloc'd) and r->ok, and owns r->aux. */
    void (*emit)(void *ctx, batch_rec *r);
} batch_cfg;

typedef struct batch_stats {
    unsigned long done;    /**< records written in this run */
    unsigned long ok;
    unsigned long failed;
    unsigned long skipped; /**< records found done by --resume */
    bool interrupted;
} batch_stats;

/**
 * Runs fn over every line of cfg->in_path with cfg->jobs threads and writes
 * each result, in input order, as one line of cfg->out_path. SIGINT stops
 * taking new records, finishes and writes the ones in progress, and
 * returns CLI_EX_INTERRUPTED. Prints the summary "N ok, M failed" on stderr.
 * Returns CLI_EX_OK when every record was ok, CLI_EX_INVALID when some
 * failed, or the exit code of an I/O or usage problem.
 */
int batch_run(const batch_cfg *cfg, batch_fn fn, void *ctx, batch_stats *st);

/** A JSON Lines error record {"line": N, <okkey>: false, "error": NAME,
 *  "message": MSG} (malloc'd). */
char *batch_error_record(unsigned long line, const char *okkey, const char *err_name, const char *msg);

#endif
