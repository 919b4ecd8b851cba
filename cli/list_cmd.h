/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: one implementation of the signed-list commands
 * ('dpp trust' and 'dpp revoke': init, add, remove, sign, show). The
 * envelope work (open, verify with the pins, sign the next header, write
 * atomically, show the header) is here; each kind supplies a table of
 * typed operations on its entries (cmd_trust.c, cmd_revoke.c). */
#ifndef DPP_CLI_LIST_CMD_H
#define DPP_CLI_LIST_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <dpp/dpp.h>

#include "args.h"

/** Option ids common to both list commands (a kind's own ids start at
 *  LIST_O_OWN and stay below 64). */
enum {
    LIST_O_HELP = 1, LIST_O_OPKEY, LIST_O_OUT, LIST_O_SEQUENCE, LIST_O_VALID_FOR, LIST_O_ISSUED, LIST_O_FORCE,
    LIST_O_PIN, LIST_O_AT, LIST_O_GRACE, LIST_O_MIN_SEQ, LIST_O_JSON, LIST_O_OWN
};

/** The common options as cli_opt rows (a kind's table starts with these:
 *  LIST_COMMON_OPTS, then its own rows, then the {NULL} row). */
#define LIST_COMMON_OPTS                                                                                   \
    {"help", 'h', false, LIST_O_HELP}, {"operator-key", 'k', true, LIST_O_OPKEY},                          \
        {"out", 'o', true, LIST_O_OUT}, {"sequence", 0, true, LIST_O_SEQUENCE},                            \
        {"valid-for", 0, true, LIST_O_VALID_FOR}, {"issued", 0, true, LIST_O_ISSUED},                      \
        {"force", 0, false, LIST_O_FORCE}, {"pin", 0, true, LIST_O_PIN}, {"at", 0, true, LIST_O_AT},       \
        {"grace", 0, true, LIST_O_GRACE}, {"min-sequence", 0, true, LIST_O_MIN_SEQ},                       \
        {"json", 0, false, LIST_O_JSON}

/** Bit of option id in the masks of list_ops.own_allowed. */
#define LIST_BIT(id) ((uint64_t)1u << (unsigned)(id))

#define LIST_MAX_PINS 16

/** The subcommands. */
typedef enum list_sub { LIST_SUB_INIT, LIST_SUB_ADD, LIST_SUB_REMOVE, LIST_SUB_SIGN, LIST_SUB_SHOW, LIST_N_SUBS } list_sub;

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

/** A signed list in memory: kind says which member is set. */
typedef struct list_doc {
    dpp_list_kind kind;
    union {
        dpp_trustlist *trust;
        dpp_revlist *rev;
    } u;
    bool rev_compact;                           /* revocation list: sign in the compact form with rev_salt */
    uint8_t rev_salt[DPP_REVLIST_SALT_LEN];
} list_doc;

/** What 'dpp trust add|remove' was given (cmd_trust.c). */
typedef struct list_trust_args {
    const char *key, *kid, *role, *name, *country, *id, *from, *until;
    const char *rollover_from;  /* sign --rollover-from OLD.pem: hand over from OLD to --operator-key */
    bool replace;
    dpp_scope scope;            /* from --scope, in option order */
    dpp_trustlist_entry *entry; /* add: built before the list is read */
    dpp_role remove_role;       /* remove: --role, else DPP_ROLE_ANY */
    uint8_t remove_kid[DPP_KID_LEN];
    size_t removed;             /* entries removed (remove, add --replace) */
} list_trust_args;

/** What 'dpp revoke add|remove' was given (cmd_revoke.c). */
typedef struct list_rev_args {
    int *what_id;          /* the WHAT options in command-line order */
    const char **what_arg;
    size_t n_what;
    dpp_revocation *items; /* from them: kind and subject; reason and date filled at the end */
    size_t n_items;
    const char *reason, *date;
    dpp_revocation_reason reason_v;
    dpp_date date_v;
    size_t n_new, n_updated;
    bool compact;          /* sign --compact */
} list_rev_args;

/** One run of a list command. */
typedef struct list_cmd {
    list_opts lo;
    list_sub sub;
    union {
        list_trust_args trust;
        list_rev_args rev;
    } k;
} list_cmd;

/** The operations of one list kind. */
typedef struct list_ops {
    dpp_list_kind kind;
    const char *name;      /* "trust", "revoke" */
    const char *title;     /* "trust list", "revocation list" */
    const char *file;      /* "LIST.cbor", "REVOKED.cbor" (messages) */
    const char *entries;   /* show --json: the member holding the entries */
    const char *subs_hint; /* "init, add, remove, sign, show" (unknown subcommand) */
    const cli_opt *opts;   /* LIST_COMMON_OPTS, the kind's own options, {NULL} */
    uint64_t own_allowed[LIST_N_SUBS]; /* LIST_BITs of the own options each subcommand takes */
    void (*help)(FILE *f);
    /** Another subcommand of this kind ('trust keygen'): its exit code, or
     *  -1 when sub is not one. May be NULL. */
    int (*other_sub)(const char *sub, int argc, char **argv);
    /** Sets up and frees c->k for argc arguments. */
    void (*args_init)(list_cmd *c, int argc);
    void (*args_free)(list_cmd *c);
    /** An own option, when it is read; 0 or an exit code. */
    int (*opt)(list_cmd *c, int id, const char *arg);
    /** After every option fits, before anything is read; 0 or an exit code. */
    int (*prepare)(list_cmd *c);
    /** add/remove: checks the command line (files may be read, never the
     *  list); 0 or an exit code. */
    int (*edit_check)(list_cmd *c);
    /** add/remove on the opened list; 0 or an exit code. */
    int (*edit)(list_cmd *c, list_doc *doc);
    /** sign: changes to the list besides the header (may be NULL), with
     *  the key that will sign it; 0 or an exit code. */
    int (*sign_edit)(list_cmd *c, list_doc *doc, const dpp_key *op);
    /** After the edited list is written: what changed. */
    void (*edit_report)(const list_cmd *c);
    /** show: the entries as a JSON array / printed for people. */
    json_t *(*entries_json)(const list_doc *doc);
    void (*entries_print)(const list_doc *doc);
} list_ops;

/** Runs 'dpp NAME SUB [OPTIONS] [LIST]' for the kind; returns the exit code. */
int list_cmd_run(const list_ops *ops, int argc, char **argv);

/** Number of entries (trust list) or revocations (revocation list). */
size_t list_doc_count(const list_doc *doc);
/** 16 hex digits into a kid; 0 on success. */
int list_parse_kid(const char *s, uint8_t kid[DPP_KID_LEN]);
/** The kid of the key or certificate in FILE; returns an exit code. */
int list_kid_of_file(const char *path, uint8_t kid[DPP_KID_LEN]);

#endif
