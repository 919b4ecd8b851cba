/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: what a verifier trusts, and the list rollback state. */
#ifndef DPP_CLI_TRUST_OPTS_H
#define DPP_CLI_TRUST_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <dpp/dpp.h>
#include <dpp/dpp_liststate.h>

/** What a verifier trusts (dpp verify options). */
#define CLI_MAX_TRUST_FILES 64
typedef struct cli_trust_args {
    const char *trust[CLI_MAX_TRUST_FILES];     /* --trust: key, certificate (pinned) or one signed trust list */
    size_t n_trust;
    const char *operators[CLI_MAX_TRUST_FILES]; /* --operator: pinned trust-list operator keys */
    size_t n_operators;
    const char *cas[CLI_MAX_TRUST_FILES];       /* --ca: pinned CA certificates */
    size_t n_cas;
    const char *certs[CLI_MAX_TRUST_FILES];     /* --cert: signer certificates chained to a --ca */
    size_t n_certs;
    const char *chain;                          /* --chain: intermediate certificates (PEM) */
    const char *crls[CLI_MAX_TRUST_FILES];      /* --crl: X.509 CRLs judging the --cert chains */
    size_t n_crls;
    const char *revocations;                    /* --revocations: signed revocation list */
    const char *trust_lists[CLI_MAX_TRUST_FILES]; /* --trust-list [NAME=]LIST,OPERATOR: one scheme each */
    size_t n_trust_lists;
    const char *scheme_revocations[CLI_MAX_TRUST_FILES]; /* --scheme-revocations NAME=FILE: a scheme's revocation list */
    size_t n_scheme_revocations;
    const char *status[CLI_MAX_TRUST_FILES];    /* --status: signed status lists (whole or delta, in order) */
    size_t n_status;
    uint64_t min_sequence;                      /* --min-sequence */
    int64_t grace;                              /* --grace, seconds */
    const char *state;                          /* --state FILE: list rollback state (default: cli_state_path) */
    bool no_state;                              /* --no-state */
} cli_trust_args;

/** The default list state file: $XDG_STATE_HOME/dpp/lists.state, or
 *  $HOME/.local/state/dpp/lists.state. Returns 0, or -1 if neither variable
 *  gives an absolute directory or out is too small. */
int cli_state_path(char *out, size_t cap);

/** Rollback protection for the signed lists one command loads. */
typedef struct cli_list_state {
    bool enabled;
    const char *cmd;
    const char *path;  /* the file (ta->state or the default); NULL: no default */
    char path_buf[4096];
    dpp_liststate *st; /* loaded on first use */
    bool changed;
} cli_list_state;

/** Sets ls up from --state / --no-state (nothing is read yet). */
int cli_list_state_init(cli_list_state *ls, const char *cmd, const char *state, bool no_state);
/** Checks a list just loaded (its bytes and info) against the state and
 *  records it; prints "dpp: LIST: problem" and returns an exit code. */
int cli_list_state_see(cli_list_state *ls, const char *list_path, dpp_list_kind kind, const uint8_t *data,
                       size_t len, const dpp_list_info *info);
/** Saves the state if it changed (creating the default directory); returns
 *  an exit code. Frees it either way. */
/* The status-list parts of trust as they stand after every --status file
 * (files[i] gave the part ids[i]): checked against and recorded in the
 * state (spec/trust.md 6.4); returns an exit code. */
int cli_list_state_see_status(cli_list_state *ls, const dpp_trust *trust, const char *const *files,
                              const uint8_t (*ids)[DPP_STATUS_LIST_ID_LEN], size_t n);
int cli_list_state_finish(cli_list_state *ls, bool save);

/** Adds the option (one of "trust", "trust-list", "scheme-revocations", "status", "operator", "ca", "cert", "chain",
 *  "revocations", "min-sequence", "grace", "state", "no-state" (arg
 *  ignored)) to ta; returns 0 or an exit code. */
int cli_trust_opt(cli_trust_args *ta, const char *cmd, const char *name, const char *arg);
/** Builds the trust store from ta at validation time at (list freshness).
 *  Prints "dpp: FILE[:LINE]: problem"; returns an exit code. */
int cli_trust_build(const cli_trust_args *ta, const char *cmd, int64_t at, dpp_trust **out);

#endif
