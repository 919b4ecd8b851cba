/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: files read and written (outputs never destroy inputs). */
#ifndef DPP_CLI_IO_H
#define DPP_CLI_IO_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* Size caps of files the tool reads. */
#define CLI_MAX_KEY_FILE (1024u * 1024u)
#define CLI_MAX_JSON_FILE (256u * 1024u) /* libdpp reads at most 256 KiB of JSON */
#define CLI_MAX_TEXT_FILE (64u * 1024u)
#define CLI_MAX_COSE_FILE (1024u * 1024u)
#define CLI_MAX_IMAGE_FILE (64u * 1024u * 1024u)

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


#endif
