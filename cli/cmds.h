/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: the commands. Each takes the arguments after its
 * name and returns the process exit code. */
#ifndef DPP_CLI_CMDS_H
#define DPP_CLI_CMDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "util.h"

int cmd_keygen(int argc, char **argv);
int cmd_encode(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_cose(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_label(int argc, char **argv);
int cmd_trust(int argc, char **argv);
int cmd_revoke(int argc, char **argv);
int cmd_attest(int argc, char **argv);
int cmd_cbam(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_linkset(int argc, char **argv);

/** The exit-code table, as printed by --help texts. */
extern const char cli_exit_codes_help[];

/* ---- Signed lists: shared by 'dpp trust' and 'dpp revoke' (cmd_trust.c) ---- */

/** Option ids common to both list commands (each command's own ids start
 *  at LIST_O_OWN). */
enum {
    LIST_O_HELP = 1, LIST_O_OPKEY, LIST_O_OUT, LIST_O_SEQUENCE, LIST_O_VALID_FOR, LIST_O_ISSUED, LIST_O_FORCE,
    LIST_O_PIN, LIST_O_AT, LIST_O_GRACE, LIST_O_MIN_SEQ, LIST_O_JSON, LIST_O_OWN
};

#define LIST_MAX_PINS 16

/** The options common to the list subcommands. */
typedef struct list_opts {
    const char *cmd;       /* "trust add", for messages */
    const char *list;      /* LIST (positional) */
    const char *out;       /* -o: output file (init: required; edits: default LIST) */
    const char *op_key;    /* --operator-key: private key that signs */
    const char *pins[LIST_MAX_PINS]; /* --pin: operator public keys that verify */
    size_t n_pins;
    bool has_sequence;
    uint64_t sequence;
    bool has_valid_for;
    int64_t valid_for;
    bool has_issued;
    int64_t issued;
    bool force;
    int64_t now;           /* the clock, read once */
    int64_t at;            /* show: freshness at this time */
    uint64_t min_sequence; /* show: rollback check */
    int64_t grace;         /* show: accepted past next update */
    bool json;
} list_opts;

/** Signed-list operations of one kind, with the document as void *. */
typedef struct list_kind {
    const char *title; /* "trust list", "revocation list" */
    dpp_err (*parse)(const uint8_t *data, size_t len, const dpp_key *key, const dpp_list_policy *pol, void **out,
                     dpp_list_info *info, dpp_diag *d);
    dpp_err (*inspect)(const uint8_t *data, size_t len, void **out, dpp_list_info *info, dpp_diag *d);
    dpp_err (*sign)(const void *doc, const dpp_key *key, const dpp_list_header *h, uint8_t *out, size_t cap,
                    size_t *out_len, dpp_diag *d);
    void (*free_doc)(void *doc);
} list_kind;

/* Defines `static const list_kind NAME` for a list type whose API has the
 * shape dpp_<prefix>_parse / _inspect / _sign / _free (trust lists and
 * revocation lists do): the adapters only convert the list pointer. */
#define LIST_KIND(NAME, TITLE, TYPE, PREFIX)                                                                      \
    static dpp_err NAME##_parse(const uint8_t *data, size_t len, const dpp_key *key, const dpp_list_policy *pol, \
                                void **out, dpp_list_info *info, dpp_diag *d)                                    \
    {                                                                                                            \
        TYPE *doc = NULL;                                                                                        \
        dpp_err err = PREFIX##_parse(data, len, key, pol, &doc, info, d);                                        \
        *out = doc;                                                                                              \
        return err;                                                                                              \
    }                                                                                                            \
    static dpp_err NAME##_inspect(const uint8_t *data, size_t len, void **out, dpp_list_info *info, dpp_diag *d) \
    {                                                                                                            \
        TYPE *doc = NULL;                                                                                        \
        dpp_err err = PREFIX##_inspect(data, len, &doc, info, d);                                                \
        *out = doc;                                                                                              \
        return err;                                                                                              \
    }                                                                                                            \
    static dpp_err NAME##_sign(const void *doc, const dpp_key *key, const dpp_list_header *h, uint8_t *out,      \
                               size_t cap, size_t *out_len, dpp_diag *d)                                         \
    {                                                                                                            \
        return PREFIX##_sign(doc, key, h, out, cap, out_len, d);                                                 \
    }                                                                                                            \
    static void NAME##_free(void *doc) { PREFIX##_free(doc); }                                                   \
    static const list_kind NAME = {TITLE, NAME##_parse, NAME##_inspect, NAME##_sign, NAME##_free}

void list_opts_init(list_opts *lo, const char *cmd);
/** Applies a common option (LIST_O_*); 0 on success, else an exit code. */
int list_opt(list_opts *lo, int id, const char *arg);
/** Bit of option id in the masks of list_opts_allowed. */
#define LIST_BIT(id) ((uint64_t)1u << (unsigned)(id))
/** Rejects an option the subcommand does not take: seen and allowed are
 *  masks of LIST_BIT(id); names come from opts. Returns 0 or 64. */
int list_opts_allowed(const list_opts *lo, const cli_opt *opts, uint64_t seen, uint64_t allowed);
/** Opens LIST for editing: loads the operator's private key and verifies
 *  LIST with the --pin keys, or with the operator key's public part. */
int list_open_edit(const list_opts *lo, const list_kind *k, dpp_key **op, void **doc, dpp_list_info *info);
/** Opens LIST for display: verified (signature and freshness at --at) when
 *  --pin is given, otherwise only decoded. */
int list_open_show(const list_opts *lo, const list_kind *k, void **doc, dpp_list_info *info, bool *verified);
/** Signs doc with the next header (prev == NULL: a new list) and writes it
 *  atomically; *h gets the header used. creating: a new list (init); else
 *  an edit, which replaces LIST in place unless -o names another file. */
int list_sign_write(const list_opts *lo, const list_kind *k, const void *doc, const dpp_key *op,
                    const dpp_list_info *prev, bool creating, dpp_list_header *h);
/** Creates a new list file (-o, refused if it exists unless --force) from
 *  an empty document; edit_cmd is named in the "exists" message. */
int list_init_write(list_opts *lo, const list_kind *k, const void *empty, const char *edit_cmd);
/** "dpp: wrote FILE (trust list, sequence N, M entries, next update T)". */
void list_report_written(const list_opts *lo, const list_kind *k, const dpp_list_header *h, size_t n_entries);
/** The list header for humans (show). */
void list_print_info(const list_opts *lo, const list_kind *k, const dpp_list_info *info, bool verified);
/** The list header as members of a JSON object (show --json). */
void list_info_json(json_t *o, const list_opts *lo, const list_kind *k, const dpp_list_info *info, bool verified);
/** 16 hex digits into a kid; 0 on success. */
int list_parse_kid(const char *s, uint8_t kid[DPP_KID_LEN]);
/** The kid of the key or certificate in FILE; returns an exit code. */
int list_kid_of_file(const char *path, uint8_t kid[DPP_KID_LEN]);

#endif
