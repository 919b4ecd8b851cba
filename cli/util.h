/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: exit codes, messages, memory; includes the other
 * shared pieces (args.h, io.h, text.h, timeparse.h). */
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
/** path, or "<stdin>" for "-". */
const char *cli_path_shown(const char *path);

#include "args.h"
#include "io.h"
#include "text.h"
#include "timeparse.h"

/* ---- Misc ---- */
/** malloc that exits with CLI_EX_SOFTWARE on failure. */
void *cli_xmalloc(size_t n);
char *cli_xstrdup(const char *s);
/** Overwrites n bytes with zeros in a way the compiler keeps (secrets). */
void cli_wipe(void *p, size_t n);
/** Number of online CPUs, at least 1. */
unsigned cli_ncpus(void);

#endif
