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

/* Size caps of files the tool reads. */
#define CLI_MAX_KEY_FILE (1024u * 1024u)
#define CLI_MAX_JSON_FILE (256u * 1024u) /* libdpp reads at most 256 KiB of JSON */
#define CLI_MAX_TEXT_FILE (64u * 1024u)
#define CLI_MAX_COSE_FILE (1024u * 1024u)
#define CLI_MAX_IMAGE_FILE (64u * 1024u * 1024u)

/** Loads a key file (PEM/DER key or certificate). need_private: signing.
 *  Prints "dpp: FILE: problem"; returns an exit code. */
int cli_load_key(const char *path, bool need_private, dpp_key **out);

/** Adds every key or certificate of a PEM bundle (or one DER object) to
 *  trust. Prints "dpp: FILE[:LINE]: problem"; returns an exit code. */
int cli_trust_add_file(dpp_trust *trust, const char *path);

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

/** Writes a JSON value to f, 2-space indented (compact when indent is
 *  false), followed by a newline. */
int cli_json_print(FILE *f, const json_t *v, bool indent);

/** Status name for humans: "PASS", "FAIL", "SKIPPED", "NOT RUN". */
const char *cli_status_human(dpp_check_status s);
/** Status name for JSON: "pass", "fail", "skipped", "not_run". */
const char *cli_status_json(dpp_check_status s);

#endif
