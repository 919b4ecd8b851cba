/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: keys, trust stores, passport text sources, and
 * the JSON/human rendering of passports shared by several commands. */
#ifndef DPP_CLI_COMMON_H
#define DPP_CLI_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include <dpp/dpp.h>
#include <dpp/dpp_attest.h>
#include <dpp/dpp_liststate.h>
#include <dpp/dpp_revocation.h>
#include <dpp/dpp_roles.h>
#include <dpp/dpp_trustlist.h>

/* Size caps of files the tool reads. */
#define CLI_MAX_KEY_FILE (1024u * 1024u)
#define CLI_MAX_JSON_FILE (256u * 1024u) /* libdpp reads at most 256 KiB of JSON */
#define CLI_MAX_TEXT_FILE (64u * 1024u)
#define CLI_MAX_COSE_FILE (1024u * 1024u)
#define CLI_MAX_IMAGE_FILE (64u * 1024u * 1024u)

/** Loads a key file (PEM/DER key or certificate). need_private: signing.
 *  Prints "dpp: FILE: problem"; returns an exit code. */
int cli_load_key(const char *path, bool need_private, dpp_key **out);

/** Loads a key that must be public (a pinned operator key): a private key
 *  is refused, "dpp: signer.pem: a private key was given where a public key
 *  belongs; use signer.pub.pem" (exit 65). Returns an exit code. */
int cli_load_public_key(const char *path, dpp_key **out);

/** Adds every key or certificate of a PEM bundle (or one DER object) to
 *  trust. Prints "dpp: FILE[:LINE]: problem"; returns an exit code. */
int cli_trust_add_file(dpp_trust *trust, const char *path);

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
    const char *revocations;                    /* --revocations: signed revocation list */
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
int cli_list_state_finish(cli_list_state *ls, bool save);

/** Adds the option (one of "trust", "operator", "ca", "cert", "chain",
 *  "revocations", "min-sequence", "grace", "state", "no-state" (arg
 *  ignored)) to ta; returns 0 or an exit code. */
int cli_trust_opt(cli_trust_args *ta, const char *cmd, const char *name, const char *arg);
/** Builds the trust store from ta at validation time at (list freshness).
 *  Prints "dpp: FILE[:LINE]: problem"; returns an exit code. */
int cli_trust_build(const cli_trust_args *ta, const char *cmd, int64_t at, dpp_trust **out);
/** The signer (or attester) as a JSON object. */
json_t *cli_signer_json(const dpp_signer_info *s);
/** Names of the claims in a DPP_CLAIM_BIT() mask, as a JSON array. */
json_t *cli_claims_mask_json(uint32_t mask);
/** The same, comma-separated, into out. */
void cli_claims_mask_text(uint32_t mask, char *out, size_t cap);

/** Where passport text comes from. */
typedef struct cli_source {
    const char *text_arg; /* positional TEXT ("-" = stdin) */
    const char *in_file;  /* --in FILE */
    const char *image;    /* --image IMAGE */
} cli_source;

/** Reads passport text from the one source given (or standard input),
 *  trimmed. *name gets a printable name for messages. Returns an exit code. */
int cli_source_read(const char *cmd, const cli_source *src, char **text, size_t *len, const char **name);

/** The passport as a JSON value (via dpp_passport_to_json), or NULL. */
json_t *cli_passport_json(const dpp_passport *p);
/** CWT claims and signing details as a JSON object. */
json_t *cli_claims_json(const dpp_claims *c);
/** Canonical lowercase UUID text of a passport id (37 bytes). */
void cli_uuid_text(const uint8_t id[16], char out[37]);

/** Prints the key facts of a passport, one "label value" per line, each
 *  line starting with prefix. pj from cli_passport_json. */
void cli_print_facts(FILE *f, const char *prefix, const json_t *pj, const dpp_claims *c);
/** The same for a verified passport: the footprint, CBAM block and each
 *  certification say who vouches for them (cli_claim_provenance()); the
 *  footprint's "verification" value is shown as what the passport says. */
void cli_print_facts_ex(FILE *f, const char *prefix, const json_t *pj, const dpp_claims *c, const dpp_verified *v);
/** "NAME (CC)" of a signer or attester, else "<source> key <kid hex>". */
void cli_party_text(const dpp_signer_info *si, char *out, size_t cap);
/** "attested by NAME (CC)" when a verified attestation of v covers claim (a
 *  DPP_CLAIM_* value), else "self-declared by the manufacturer, no
 *  attestation"; v NULL (not verified): "declared by the manufacturer, not
 *  verified". */
void cli_claim_provenance(const dpp_verified *v, unsigned claim, char *out, size_t cap);
/** Sets "self_declared" (bool) and "attested_by" ([signer JSON]) in o. */
void cli_claim_provenance_json(json_t *o, const dpp_verified *v, unsigned claim);
/** Adds those two members to the footprint, the CBAM block and each
 *  certification of pj (cli_passport_json() of v->passport). */
void cli_passport_json_provenance(json_t *pj, const dpp_verified *v);

/** Writes a JSON value to f, 2-space indented (compact when indent is
 *  false), followed by a newline. */
int cli_json_print(FILE *f, const json_t *v, bool indent);

/** "text" or "link" (JSON and messages). */
const char *cli_form_name(dpp_form form);
/** The human-readable form of a GS1 Digital Link (GS1 DL: text under the
 *  symbol): the part before '#', without "https://", host in lower case
 *  ("id.example.com/01/09506000134352/10/AB12"); the path is kept as is.
 *  out gets at most cap - 1 bytes and a NUL. */
void cli_link_hri(const char *link, size_t len, char *out, size_t cap);

/** Status name for humans: "PASS", "FAIL", "SKIPPED", "NOT RUN". */
const char *cli_status_human(dpp_check_status s);
/** Status name for JSON: "pass", "fail", "skipped", "not_run". */
const char *cli_status_json(dpp_check_status s);

#endif
