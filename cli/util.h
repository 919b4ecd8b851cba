/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: shared helpers (errors, exit codes, files, time, options). */
#ifndef DPP_CLI_UTIL_H
#define DPP_CLI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <signal.h>
#include <sys/types.h>

#include <dpp/dpp.h>
#include <jansson.h>

#if defined(__GNUC__) || defined(__clang__)
#define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CLI_PRINTF(a, b)
#endif

/* ---- Exit codes (documented in --help, dpp.1 and spec/cli-exit-codes.md) ---- */
enum {
    CLI_EX_OK = 0,          /* verified / done */
    CLI_EX_INVALID = 1,     /* well-formed but fails a check (signature, alg, schema); batch with failures */
    CLI_EX_UNTRUSTED = 2,   /* unknown kid or attester, signer not valid at the validation time or outside
                               its trust-list window, role or scope; certificate chain or policy; a trust
                               list unpinned, rolled back or stale */
    CLI_EX_EXPIRED = 3,     /* exp reached, or iat in the future */
    CLI_EX_MALFORMED = 4,   /* prefix/Base45/inflate/CBOR/COSE/CWT, JSON syntax, too large */
    CLI_EX_REVOKED = 5,     /* signer key, passport or batch on the revocation list */
    CLI_EX_USAGE = 64,      /* bad command line */
    CLI_EX_KEY = 65,        /* key, certificate or list file unusable (format, type, not private) */
    CLI_EX_NOINPUT = 66,    /* input file missing/unreadable/too big, image unreadable or without QR */
    CLI_EX_SOFTWARE = 70,   /* internal error */
    CLI_EX_CANTCREAT = 73,  /* an output file cannot be created */
    CLI_EX_INTERRUPTED = 130 /* SIGINT during a batch */
};

/** Exit code for a library error (see the table above). */
int cli_exit_for(dpp_err err);

/* ---- Messages ---- */
/** "dpp: " + message + newline on stderr. Returns nothing; callers return the code. */
void cli_err(const char *fmt, ...) CLI_PRINTF(1, 2);
/** "dpp: FILE[:LINE]: message". line 0 = no line. */
void cli_err_at(const char *file, unsigned long line, const char *fmt, ...) CLI_PRINTF(3, 4);
/** "dpp: warning: ..." */
void cli_warn(const char *fmt, ...) CLI_PRINTF(1, 2);
/** Prints a usage error with a hint to `dpp CMD --help`; returns CLI_EX_USAGE. */
int cli_usage_err(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);

/* ---- Text from the input, shown to people ---- */
/** Every string that comes from a passport, a list, a certificate, a file
 *  name or a library message goes through this before it reaches a
 *  terminal: C0 controls (ESC included), DEL and bytes that are not valid
 *  UTF-8 become "\xHH"; C1 controls (U+0080..U+009F) and bidi controls
 *  (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) become "\uHHHH";
 *  everything else is kept. The same escapes as libdpp's diag messages, so
 *  escaping an escaped text changes nothing. */
/** Escapes s[0, n) into out[cap] (NUL-terminated; a cut ends with "..."
 *  at a character boundary). Returns out. */
const char *cli_escape(char *out, size_t cap, const char *s, size_t n);
/** cli_escape of a C string into one of 8 rotating per-thread buffers of
 *  1 KiB, for printf arguments: valid until 8 more calls on the thread.
 *  NULL gives "". */
const char *cli_safe(const char *s);
/** Writes s escaped to f, without a length limit. */
void cli_put_safe(FILE *f, const char *s);
/** A JSON string of s: s itself when it is valid UTF-8 (JSON escaping
 *  handles control characters), else its cli_escape form, so a field is
 *  never lost to json_string() returning NULL. NULL gives JSON null. */
json_t *cli_json_text(const char *s);

/* ---- Outputs never destroy inputs ----
 * Every file the tool reads is recorded (device and inode); every output
 * path is checked before anything is written: it must not be a symbolic
 * link or anything but a regular file, must not be one of the inputs (also
 * by another name or a hard link), and must not exist unless --force. */
enum {
    CLI_W_FORCE = 1u,   /* --force: an existing regular file may be replaced */
    CLI_W_IN_PLACE = 2u /* the path is the file being edited (trust add LIST): it may exist and be an input */
};
/** Records the regular file open on fd (read as path) as an input. */
void cli_input_note_fd(int fd, const char *path);
/** Records the file at path (following links) as an input if it exists. */
void cli_input_note_path(const char *path);
/** Checks that path may be written with flags (see above). Prints
 *  "dpp: refusing to overwrite P: it already exists (use --force)",
 *  "dpp: refusing to write to P: it is also an input[ (Q)]",
 *  "dpp: refusing to write to P: it is a symbolic link" or
 *  "dpp: refusing to write to P: it is not a regular file" and returns
 *  CLI_EX_CANTCREAT; CLI_EX_OK if it may be written. "-" is always fine. */
int cli_output_check(const char *path, unsigned flags);
/** Opens path for streaming output (batch results) under the same rules,
 *  never following a symbolic link: a new file, or with CLI_W_FORCE an
 *  existing one truncated, or with append (--resume) an existing one kept
 *  and appended to. Returns an exit code; *out gets the stream. */
int cli_output_open(const char *path, unsigned flags, bool append, FILE **out);

/* ---- Files ---- */
/** Reads a whole file ("-" = standard input) into a malloc'd, NUL-terminated
 *  buffer. Larger than cap: error. On error prints "dpp: PATH: problem" and
 *  returns CLI_EX_NOINPUT; *out is NULL. */
int cli_read_file(const char *path, size_t cap, uint8_t **out, size_t *len);
/** Writes data to path atomically: checks path with cli_output_check(path,
 *  flags), writes a temporary file in the same directory (created with
 *  O_EXCL, so never through a link), fsync, then link() it to path (no
 *  CLI_W_FORCE: fails if path appeared meanwhile) or rename() it over path
 *  (replaces the directory entry; never writes through a link). mode is
 *  applied exactly (0600 for private keys); pass 0 for 0666 & ~umask.
 *  Prints and returns CLI_EX_CANTCREAT on failure, leaving no temporary
 *  file behind. path "-" writes to standard output. */
int cli_write_atomic(const char *path, const void *data, size_t len, mode_t mode, unsigned flags);
/** Blocks SIGINT, SIGTERM, SIGHUP and SIGQUIT for the calling thread
 *  (they stay pending) so that a group of file operations completes. */
typedef struct cli_sigstate {
    sigset_t mask;
} cli_sigstate;
void cli_signals_block(cli_sigstate *old);
void cli_signals_restore(const cli_sigstate *old);
/** 1 if path exists (any type). */
bool cli_path_exists(const char *path);
/** The process umask, read once at start-up (cli_init). */
mode_t cli_umask(void);
void cli_init(void);

/* ---- Text ---- */
/** Trims ASCII whitespace at both ends in place; returns the new length. */
size_t cli_trim(char *s, size_t len);
/** Lower-case hex of n bytes into out (2n+1 bytes). */
void cli_hex(const uint8_t *p, size_t n, char *out);
/** Parses hex text (whitespace ignored) into a malloc'd buffer. 0 on success. */
int cli_unhex(const char *s, size_t len, uint8_t **out, size_t *out_len);
/** 1-based line number of byte offset off in text. */
unsigned long cli_line_of(const char *text, size_t len, size_t off);
/** Byte offset in json of the member addressed by a libdpp field path such
 *  as "materials[2].recycled_share" (or its deepest existing parent);
 *  SIZE_MAX if nothing matches. */
size_t cli_json_locate(const char *json, size_t len, const char *path);
/** Prints the error of a failed dpp_passport_from_json for FILE:
 *  "dpp: FILE:LINE: field: problem". */
void cli_print_json_diag(const char *file, const char *json, size_t len, const dpp_diag *d);
/** The line (1-based) that a dpp_passport_from_json diag points at, or 0. */
unsigned long cli_json_diag_line(const char *json, size_t len, const dpp_diag *d);

/* ---- Time ---- */
/** Parses ISO 8601 ("2025-06-01", "2025-06-01T12:00:00Z", "...+02:00",
 *  fractions ignored), "now", or "@SECONDS". 0 on success. */
int cli_parse_time(const char *s, int64_t now, int64_t *out);
/** Parses a duration "30d", "12h", "90m", "45s", "2w", "1y" (365 days). */
int cli_parse_duration(const char *s, int64_t *out);
/** "2025-06-01T12:00:00Z" into out (at least 32 bytes). */
void cli_format_time(int64_t t, char *out, size_t cap);

/* ---- Option parsing ---- */
typedef struct cli_opt {
    const char *name;  /* long name without "--" */
    char short_name;   /* 0 for none */
    bool has_arg;
    int id;
} cli_opt;

typedef struct cli_args {
    int argc;
    char **argv;
    int i;             /* next argv index */
    const char *cmd;   /* for messages */
    bool only_pos;     /* after "--" */
    char shortbuf[3];
} cli_args;

void cli_args_init(cli_args *a, const char *cmd, int argc, char **argv);
/** Next option: returns its id and sets *arg; 0 for a positional argument
 *  (in *arg); -1 at the end; CLI_EX_USAGE negated (-64) after printing an
 *  error for an unknown option or a missing value. */
int cli_args_next(cli_args *a, const cli_opt *opts, const char **arg);

/** Parses a non-negative integer in [lo, hi]; 0 on success. */
int cli_parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out);

/* ---- Misc ---- */
/** malloc that exits with CLI_EX_SOFTWARE on failure. */
void *cli_xmalloc(size_t n);
char *cli_xstrdup(const char *s);
/** Overwrites n bytes with zeros in a way the compiler keeps (secrets). */
void cli_wipe(void *p, size_t n);
/** Number of online CPUs, at least 1. */
unsigned cli_ncpus(void);

#endif
