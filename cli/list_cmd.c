/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: the signed-list commands, one implementation for
 * trust lists and revocation lists (see list_cmd.h). */
#include "list_cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "util.h"

/* ---- The list in memory, by kind ---- */

static dpp_err doc_parse(list_doc *doc, const uint8_t *data, size_t len, const dpp_key *key,
                         const dpp_list_policy *pol, dpp_list_info *info, dpp_diag *d)
{
    if (doc->kind == DPP_LIST_KIND_TRUST) return dpp_trustlist_parse(data, len, key, pol, &doc->u.trust, info, d);
    return dpp_revlist_parse(data, len, key, pol, &doc->u.rev, info, d);
}

static dpp_err doc_inspect(list_doc *doc, const uint8_t *data, size_t len, dpp_list_info *info, dpp_diag *d)
{
    if (doc->kind == DPP_LIST_KIND_TRUST) return dpp_trustlist_inspect(data, len, &doc->u.trust, info, d);
    return dpp_revlist_inspect(data, len, &doc->u.rev, info, d);
}

static dpp_err doc_sign(const list_doc *doc, const dpp_key *op, const dpp_list_header *h, uint8_t *out, size_t cap,
                        size_t *out_len, dpp_diag *d)
{
    if (doc->kind == DPP_LIST_KIND_TRUST) return dpp_trustlist_sign(doc->u.trust, op, h, out, cap, out_len, d);
    if (doc->rev_compact) return dpp_revlist_sign_compact(doc->u.rev, op, h, doc->rev_salt, out, cap, out_len, d);
    return dpp_revlist_sign(doc->u.rev, op, h, out, cap, out_len, d);
}

static dpp_err doc_new(list_doc *doc, dpp_list_kind kind)
{
    doc->kind = kind;
    doc->rev_compact = false;
    doc->u.trust = NULL;
    doc->u.rev = NULL;
    if (kind == DPP_LIST_KIND_TRUST) return dpp_trustlist_new(&doc->u.trust);
    return dpp_revlist_new(&doc->u.rev);
}

static void doc_free(list_doc *doc)
{
    if (doc->kind == DPP_LIST_KIND_TRUST) dpp_trustlist_free(doc->u.trust);
    else dpp_revlist_free(doc->u.rev);
    doc->u.trust = NULL;
    doc->u.rev = NULL;
}

size_t list_doc_count(const list_doc *doc)
{
    if (doc->kind == DPP_LIST_KIND_TRUST) return doc->u.trust != NULL ? dpp_trustlist_count(doc->u.trust) : 0;
    return doc->u.rev != NULL ? dpp_revlist_count(doc->u.rev) : 0;
}

/* ---- Options, files, signing ---- */

#define LIST_DEFAULT_PERIOD ((int64_t)30 * 86400)

static void list_opts_init(list_opts *lo, const char *cmd)
{
    memset(lo, 0, sizeof *lo);
    lo->cmd = cmd;
    lo->now = (int64_t)time(NULL);
    lo->at = lo->now;
    lo->grace = DPP_LIST_DEFAULT_GRACE_SECONDS;
}

static int parse_u63(const char *s, uint64_t *out)
{
    char *end = NULL;
    unsigned long long v;
    if (s[0] < '0' || s[0] > '9') return -1;
    v = strtoull(s, &end, 10);
    if (*end != '\0' || v > (unsigned long long)INT64_MAX) return -1;
    *out = (uint64_t)v;
    return 0;
}

static int list_opt(list_opts *lo, int id, const char *arg)
{
    switch (id) {
    case LIST_O_OPKEY: lo->op_key = arg; return 0;
    case LIST_O_OUT: lo->out = arg; return 0;
    case LIST_O_SEQUENCE:
        if (parse_u63(arg, &lo->sequence) != 0 || lo->sequence == 0)
            return cli_usage_err(lo->cmd, "--sequence: '%s' is not a number in 1..2^63-1", arg);
        lo->has_sequence = true;
        return 0;
    case LIST_O_VALID_FOR:
        if (cli_parse_duration(arg, &lo->valid_for) != 0)
            return cli_usage_err(lo->cmd, "--valid-for: '%s' is not a duration such as 7d, 12h or 2w", arg);
        lo->has_valid_for = true;
        return 0;
    case LIST_O_ISSUED:
        if (cli_parse_time(arg, lo->now, &lo->issued) != 0 || lo->issued <= 0)
            return cli_usage_err(lo->cmd, "--issued: '%s' is not an ISO 8601 time after 1970", arg);
        lo->has_issued = true;
        return 0;
    case LIST_O_FORCE: lo->force = true; return 0;
    case LIST_O_PIN:
        if (lo->n_pins == LIST_MAX_PINS) return cli_usage_err(lo->cmd, "at most %d --pin keys", LIST_MAX_PINS);
        lo->pins[lo->n_pins++] = arg;
        return 0;
    case LIST_O_AT:
        if (cli_parse_time(arg, lo->now, &lo->at) != 0)
            return cli_usage_err(lo->cmd, "--at: '%s' is not an ISO 8601 time", arg);
        return 0;
    case LIST_O_GRACE:
        if (strcmp(arg, "0") == 0) lo->grace = 0;
        else if (cli_parse_duration(arg, &lo->grace) != 0)
            return cli_usage_err(lo->cmd, "--grace: '%s' is not a duration such as 7d or 12h", arg);
        return 0;
    case LIST_O_MIN_SEQ:
        if (parse_u63(arg, &lo->min_sequence) != 0)
            return cli_usage_err(lo->cmd, "--min-sequence: '%s' is not a number", arg);
        return 0;
    case LIST_O_JSON: lo->json = true; return 0;
    default: break;
    }
    return cli_usage_err(lo->cmd, "internal: option %d is not a list option", id);
}

static int list_opts_allowed(const list_opts *lo, const cli_opt *opts, uint64_t seen, uint64_t allowed)
{
    uint64_t bad = seen & ~allowed;
    if (bad == 0) return 0;
    for (const cli_opt *o = opts; o->name != NULL; o++)
        if (o->id >= 0 && o->id < 64 && (bad & LIST_BIT(o->id)) != 0)
            return cli_usage_err(lo->cmd, "--%s is not an option of 'dpp %s'", o->name, lo->cmd);
    return cli_usage_err(lo->cmd, "an option does not apply here");
}

/* Verifies a signed list with the first of keys whose kid signed it. A key
 * whose kid is not the list's (DPP_ERR_LIST_UNPINNED) is skipped; any other
 * failure is final. Prints "dpp: LIST: problem". */
static int verify_with(const list_opts *lo, const uint8_t *data, size_t len,
                       dpp_key *const *keys, size_t n_keys, const dpp_list_policy *pol, list_doc *doc,
                       dpp_list_info *info)
{
    dpp_diag d, unpinned;
    dpp_err err = DPP_ERR_LIST_UNPINNED;
    memset(&unpinned, 0, sizeof unpinned);
    for (size_t i = 0; i < n_keys; i++) {
        err = doc_parse(doc, data, len, keys[i], pol, info, &d);
        if (err == DPP_OK) return CLI_EX_OK;
        if (err != DPP_ERR_LIST_UNPINNED) {
            cli_err_at(lo->list, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
            return cli_exit_for(err);
        }
        if (unpinned.msg[0] == '\0') unpinned = d;
    }
    cli_err_at(lo->list, 0, "%s%s", unpinned.msg[0] != '\0' ? unpinned.msg : dpp_err_str(DPP_ERR_LIST_UNPINNED),
               lo->n_pins > 0 ? " (check --pin)" : " (check --operator-key, or give the old key with --pin)");
    return cli_exit_for(DPP_ERR_LIST_UNPINNED);
}

/* A signed list is a tagged COSE_Sign1 (d2 84); a bare CBOR map is left to
 * the library (DPP_ERR_LIST_UNSIGNED). Anything else is not a list at all:
 * prints "dpp: LIST: problem" and returns 65, else 0. */
static int check_is_list(const list_opts *lo, const list_ops *k, const uint8_t *data, size_t len)
{
    if (len >= 1 && (data[0] >> 5) == 5) return 0;
    if (len >= 2 && data[0] == 0xd2 && data[1] == 0x84) return 0;
    cli_err_at(lo->list, 0, "is not a signed %s (a tagged COSE_Sign1 starts with the bytes d2 84)", k->title);
    return CLI_EX_KEY;
}

/* Loads the --pin keys into keys[]; returns an exit code. */
static int load_pins(const list_opts *lo, dpp_key **keys)
{
    for (size_t i = 0; i < lo->n_pins; i++) {
        int rc = cli_load_public_key(lo->pins[i], &keys[i]);
        if (rc != CLI_EX_OK) return rc;
    }
    return CLI_EX_OK;
}

static void free_keys(dpp_key **keys, size_t n)
{
    for (size_t i = 0; i < n; i++) dpp_key_free(keys[i]);
}

static int list_open_edit(const list_opts *lo, const list_ops *k, dpp_key **op, list_doc *doc, dpp_list_info *info)
{
    dpp_key *pins[LIST_MAX_PINS] = {NULL};
    uint8_t *data = NULL;
    size_t len = 0;
    int rc;

    *op = NULL;
    doc->kind = k->kind;
    doc->u.trust = NULL;
    doc->u.rev = NULL;
    memset(info, 0, sizeof *info);
    if (lo->op_key == NULL) return cli_usage_err(lo->cmd, "--operator-key OP.pem is required (it signs the list)");
    rc = cli_load_key(lo->op_key, true, op);
    if (rc != CLI_EX_OK) return rc;
    rc = load_pins(lo, pins);
    if (rc != CLI_EX_OK) goto done;
    rc = cli_read_file(lo->list, DPP_LIST_MAX_LEN, &data, &len);
    if (rc != CLI_EX_OK) goto done;
    if ((rc = check_is_list(lo, k, data, len)) != 0) goto done;
    if (lo->n_pins > 0) rc = verify_with(lo, data, len, pins, lo->n_pins, NULL, doc, info);
    else rc = verify_with(lo, data, len, op, 1, NULL, doc, info);
done:
    free(data);
    free_keys(pins, lo->n_pins);
    if (rc != CLI_EX_OK) {
        dpp_key_free(*op);
        *op = NULL;
    }
    return rc;
}

static int list_open_show(const list_opts *lo, const list_ops *k, list_doc *doc, dpp_list_info *info, bool *verified)
{
    dpp_key *pins[LIST_MAX_PINS] = {NULL};
    uint8_t *data = NULL;
    size_t len = 0;
    dpp_diag d;
    dpp_err err;
    int rc;

    doc->kind = k->kind;
    doc->u.trust = NULL;
    doc->u.rev = NULL;
    *verified = false;
    memset(info, 0, sizeof *info);
    rc = load_pins(lo, pins);
    if (rc != CLI_EX_OK) goto done;
    rc = cli_read_file(lo->list, DPP_LIST_MAX_LEN, &data, &len);
    if (rc != CLI_EX_OK) goto done;
    if ((rc = check_is_list(lo, k, data, len)) != 0) goto done;
    if (lo->n_pins > 0) {
        dpp_list_policy pol;
        memset(&pol, 0, sizeof pol);
        pol.now = lo->at;
        pol.min_sequence = lo->min_sequence;
        pol.grace_seconds = lo->grace;
        rc = verify_with(lo, data, len, pins, lo->n_pins, &pol, doc, info);
        *verified = rc == CLI_EX_OK;
        goto done;
    }
    err = doc_inspect(doc, data, len, info, &d);
    if (err != DPP_OK) {
        cli_err_at(lo->list, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        rc = cli_exit_for(err);
    }
done:
    free(data);
    free_keys(pins, lo->n_pins);
    return rc;
}

static int list_sign_write(const list_opts *lo, const list_ops *k, const list_doc *doc, const dpp_key *op,
                    const dpp_list_info *prev, bool creating, dpp_list_header *h)
{
    const char *path = lo->out != NULL ? lo->out : lo->list;
    int64_t period;
    uint8_t *buf = NULL;
    size_t n = 0;
    dpp_diag d;
    dpp_err err;
    int rc;

    memset(h, 0, sizeof *h);
    if (lo->has_sequence) {
        h->sequence = lo->sequence;
    } else if (prev == NULL) {
        h->sequence = 1;
    } else {
        if (prev->sequence >= (uint64_t)INT64_MAX)
            return cli_usage_err(lo->cmd, "the list's sequence %" PRIu64 " cannot be increased", prev->sequence);
        h->sequence = prev->sequence + 1;
    }
    if (prev != NULL && h->sequence <= prev->sequence)
        return cli_usage_err(lo->cmd, "--sequence %" PRIu64 " must be higher than the list's sequence %" PRIu64,
                             h->sequence, prev->sequence);
    h->issued_at = lo->has_issued ? lo->issued : lo->now;
    if (lo->has_valid_for) period = lo->valid_for;
    else if (prev != NULL && prev->next_update > prev->issued_at) period = prev->next_update - prev->issued_at;
    else period = LIST_DEFAULT_PERIOD;
    if (h->issued_at > INT64_MAX - period) return cli_usage_err(lo->cmd, "--valid-for is too long");
    h->next_update = h->issued_at + period;
    if (strcmp(path, "-") == 0 && isatty(STDOUT_FILENO))
        return cli_usage_err(lo->cmd, "refusing to write a binary list to a terminal; use -o FILE");

    err = doc_sign(doc, op, h, NULL, 0, &n, &d);
    if (err == DPP_OK) {
        buf = cli_xmalloc(n);
        err = doc_sign(doc, op, h, buf, n, &n, &d);
    }
    if (err != DPP_OK) {
        cli_err_at(path, 0, "cannot sign the %s: %s", k->title, d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        free(buf);
        return cli_exit_for(err);
    }
    /* Editing LIST in place replaces LIST (an input by design); any other
     * output follows the usual rules (no input, --force to replace). */
    rc = cli_write_atomic(path, buf, n, 0,
                          !creating && (lo->out == NULL || strcmp(lo->out, lo->list) == 0) ? CLI_W_IN_PLACE
                          : lo->force                                                       ? CLI_W_FORCE
                                                                                            : 0);
    free(buf);
    if (rc == CLI_EX_OK && h->next_update <= lo->now) {
        char t[40];
        cli_format_time(h->next_update, t, sizeof t);
        cli_warn("%s: the new %s's next update (%s) has already passed; verifiers will find it stale",
                 strcmp(path, "-") == 0 ? "<stdout>" : path, k->title, t);
    }
    return rc;
}

static void list_report_written(const list_opts *lo, const list_ops *k, const dpp_list_header *h, size_t n_entries)
{
    char t[40];
    const char *path = lo->out != NULL ? lo->out : lo->list;
    cli_format_time(h->next_update, t, sizeof t);
    fprintf(stderr, "dpp: wrote %s (%s, sequence %" PRIu64 ", %zu entr%s, next update %s)\n",
            strcmp(path, "-") == 0 ? "<stdout>" : cli_safe(path), k->title, h->sequence, n_entries, n_entries == 1 ? "y" : "ies",
            t);
}

/* init: a new, empty list in -o (refused if it exists unless --force). */
static int list_init(list_opts *lo, const list_ops *k)
{
    dpp_key *op = NULL;
    dpp_list_header h;
    list_doc doc;
    int rc;

    if (lo->list != NULL && lo->out != NULL) return cli_usage_err(lo->cmd, "give the new list's file once: -o LIST.cbor");
    if (lo->out == NULL) lo->out = lo->list;
    if (lo->out == NULL) return cli_usage_err(lo->cmd, "-o LIST.cbor is required (the new list's file)");
    lo->list = lo->out;
    if (lo->op_key == NULL) return cli_usage_err(lo->cmd, "--operator-key OP.pem is required (it signs the list)");
    if (!lo->force && strcmp(lo->out, "-") != 0 && cli_path_exists(lo->out)) {
        cli_err("refusing to overwrite %s: it already exists (use --force to replace it, or 'dpp %s add' to edit it)",
                lo->out, k->name);
        return CLI_EX_CANTCREAT;
    }
    if (doc_new(&doc, k->kind) != DPP_OK) {
        cli_err("out of memory");
        return CLI_EX_SOFTWARE;
    }
    rc = cli_load_key(lo->op_key, true, &op);
    if (rc == CLI_EX_OK) rc = list_sign_write(lo, k, &doc, op, NULL, true, &h);
    if (rc == CLI_EX_OK) list_report_written(lo, k, &h, 0);
    dpp_key_free(op);
    doc_free(&doc);
    return rc;
}

static void list_print_info(const list_opts *lo, const list_ops *k, const dpp_list_info *info, bool verified)
{
    char t[40], kid[2 * DPP_KID_LEN + 1];
    bool past = info->next_update < lo->at;
    cli_hex(info->signer_kid, DPP_KID_LEN, kid);
    printf("%c%s %s\n", k->title[0] - ('a' - 'A'), k->title + 1, cli_safe(lo->list));
    if (verified) {
        cli_format_time(lo->at, t, sizeof t);
        printf("  %-14s verified with the pinned operator key %s at %s\n", "Signature", kid, t);
    } else {
        printf("  %-14s NOT CHECKED (no --pin): signed by kid %s\n", "Signature", kid);
    }
    printf("  %-14s %" PRIu64 "\n", "Sequence", info->sequence);
    cli_format_time(info->issued_at, t, sizeof t);
    printf("  %-14s %s\n", "Issued", t);
    cli_format_time(info->next_update, t, sizeof t);
    printf("  %-14s %s%s\n", "Next update", t,
           past ? (verified ? " (past: accepted within the grace period; fetch or sign a new list)" : " (past)") : "");
    printf("  %-14s %zu\n", "Entries", info->n_entries);
}

static void list_info_json(json_t *o, const list_opts *lo, const list_ops *k, const dpp_list_info *info, bool verified)
{
    char t[40], kid[2 * DPP_KID_LEN + 1];
    cli_hex(info->signer_kid, DPP_KID_LEN, kid);
    json_object_set_new(o, "verified", json_boolean(verified));
    json_object_set_new(o, "file", cli_json_text(lo->list));
    json_object_set_new(o, "kind", json_string(k->title));
    json_object_set_new(o, "signer_kid", json_string(kid));
    json_object_set_new(o, "sequence", json_integer((json_int_t)info->sequence));
    json_object_set_new(o, "issued_at", json_integer((json_int_t)info->issued_at));
    cli_format_time(info->issued_at, t, sizeof t);
    json_object_set_new(o, "issued_at_utc", json_string(t));
    json_object_set_new(o, "next_update", json_integer((json_int_t)info->next_update));
    cli_format_time(info->next_update, t, sizeof t);
    json_object_set_new(o, "next_update_utc", json_string(t));
    json_object_set_new(o, "at", json_integer((json_int_t)lo->at));
    json_object_set_new(o, "past_next_update", json_boolean(info->next_update < lo->at));
}

int list_parse_kid(const char *s, uint8_t kid[DPP_KID_LEN])
{
    uint8_t *b = NULL;
    size_t n = 0;
    if (strlen(s) != 2 * DPP_KID_LEN || cli_unhex(s, strlen(s), &b, &n) != 0) return -1;
    if (n != DPP_KID_LEN) {
        free(b);
        return -1;
    }
    memcpy(kid, b, DPP_KID_LEN);
    free(b);
    return 0;
}

int list_kid_of_file(const char *path, uint8_t kid[DPP_KID_LEN])
{
    dpp_key *k = NULL;
    int rc = cli_load_key(path, false, &k);
    if (rc != CLI_EX_OK) return rc;
    dpp_key_kid(k, kid);
    dpp_key_free(k);
    return CLI_EX_OK;
}


/* ---- The subcommands ---- */

/* add, remove, sign: open LIST (verified), apply the kind's edit, sign the
 * next header and write it back (or to -o). */
static int list_edit(list_cmd *c, const list_ops *k)
{
    list_opts *lo = &c->lo;
    list_doc doc = {k->kind, {NULL}, false, {0}};
    dpp_key *op = NULL;
    dpp_list_info info;
    dpp_list_header h;
    int rc;

    if (lo->list == NULL) return cli_usage_err(lo->cmd, "missing %s (the %s to edit)", k->file, k->title);
    /* The whole command line is checked before the list is read. */
    if (c->sub != LIST_SUB_SIGN && (rc = k->edit_check(c)) != CLI_EX_OK) return rc;
    rc = list_open_edit(lo, k, &op, &doc, &info);
    if (rc == CLI_EX_OK && c->sub != LIST_SUB_SIGN) rc = k->edit(c, &doc);
    if (rc == CLI_EX_OK && c->sub == LIST_SUB_SIGN && k->sign_edit != NULL) rc = k->sign_edit(c, &doc, op);
    if (rc == CLI_EX_OK) rc = list_sign_write(lo, k, &doc, op, &info, false, &h);
    if (rc == CLI_EX_OK) {
        if (c->sub != LIST_SUB_SIGN) k->edit_report(c);
        list_report_written(lo, k, &h, list_doc_count(&doc));
    }
    doc_free(&doc);
    dpp_key_free(op);
    return rc;
}

/* show: the header and the entries, verified with --pin or only decoded. */
static int list_show(list_cmd *c, const list_ops *k)
{
    list_opts *lo = &c->lo;
    list_doc doc = {k->kind, {NULL}, false, {0}};
    dpp_list_info info;
    bool verified = false;
    int rc;

    if (lo->list == NULL) return cli_usage_err(lo->cmd, "missing %s (the %s to show)", k->file, k->title);
    rc = list_open_show(lo, k, &doc, &info, &verified);
    if (rc != CLI_EX_OK) goto done;
    if (lo->json) {
        json_t *o = json_object();
        list_info_json(o, lo, k, &info, verified);
        json_object_set_new(o, "n_entries", json_integer((json_int_t)list_doc_count(&doc)));
        json_object_set_new(o, k->entries, k->entries_json(&doc));
        (void)cli_json_print(stdout, o, true);
        json_decref(o);
    } else {
        list_print_info(lo, k, &info, verified);
        k->entries_print(&doc);
        printf("\n%s\n", verified ? "VERIFIED"
                                  : "UNVERIFIED: signature and freshness not checked (give --pin OPERATOR.pub.pem)");
    }
    if (verified && info.past_next_update)
        cli_warn("%s: the %s (sequence %" PRIu64 ") is past its next update; fetch or sign a new one", lo->list, k->title,
                 info.sequence);
done:
    doc_free(&doc);
    return rc;
}

/* The common options each subcommand takes. */
#define EDIT_OPTS                                                                                              \
    (LIST_BIT(LIST_O_OPKEY) | LIST_BIT(LIST_O_OUT) | LIST_BIT(LIST_O_SEQUENCE) | LIST_BIT(LIST_O_VALID_FOR) |   \
     LIST_BIT(LIST_O_ISSUED) | LIST_BIT(LIST_O_PIN) | LIST_BIT(LIST_O_FORCE))
#define SHOW_OPTS                                                                                              \
    (LIST_BIT(LIST_O_PIN) | LIST_BIT(LIST_O_AT) | LIST_BIT(LIST_O_GRACE) | LIST_BIT(LIST_O_MIN_SEQ) |           \
     LIST_BIT(LIST_O_JSON))
static const uint64_t k_common_allowed[LIST_N_SUBS] = {EDIT_OPTS & ~LIST_BIT(LIST_O_PIN), EDIT_OPTS, EDIT_OPTS,
                                                       EDIT_OPTS, SHOW_OPTS};
static const char *const k_subs[LIST_N_SUBS] = {"init", "add", "remove", "sign", "show"};

int list_cmd_run(const list_ops *k, int argc, char **argv)
{
    list_cmd *c;
    cli_args a;
    const char *arg, *sub;
    char cmd[32];
    uint64_t seen = 0;
    int id, rc = CLI_EX_OK, which = -1;

    if (argc < 1) {
        k->help(stderr);
        return CLI_EX_USAGE;
    }
    sub = argv[0];
    if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0 || strcmp(sub, "help") == 0) {
        k->help(stdout);
        return CLI_EX_OK;
    }
    if (k->other_sub != NULL && (rc = k->other_sub(sub, argc - 1, argv + 1)) >= 0) return rc;
    for (int i = 0; i < LIST_N_SUBS; i++)
        if (strcmp(sub, k_subs[i]) == 0) which = i;
    if (which < 0) return cli_usage_err(k->name, "unknown subcommand '%s' (%s)", sub, k->subs_hint);

    (void)snprintf(cmd, sizeof cmd, "%s %s", k->name, k_subs[which]);
    c = cli_xmalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    c->sub = (list_sub)which;
    list_opts_init(&c->lo, cmd);
    k->args_init(c, argc);
    rc = CLI_EX_OK;
    cli_args_init(&a, cmd, argc - 1, argv + 1);
    while ((id = cli_args_next(&a, k->opts, &arg)) != -1) {
        if (id < 0) {
            rc = -id;
            goto done;
        }
        if (id == LIST_O_HELP) {
            k->help(stdout);
            goto done;
        }
        if (id > 0) seen |= LIST_BIT(id);
        if (id > 0 && id < LIST_O_OWN) {
            if ((rc = list_opt(&c->lo, id, arg)) != 0) goto done;
        } else if (id == 0) {
            if (c->lo.list != NULL) {
                rc = cli_usage_err(cmd, "unexpected argument '%s' (one LIST only)", arg);
                goto done;
            }
            c->lo.list = arg;
        } else if ((rc = k->opt(c, id, arg)) != 0) {
            goto done;
        }
    }
    if ((rc = list_opts_allowed(&c->lo, k->opts, seen, k_common_allowed[which] | k->own_allowed[which])) != 0)
        goto done;
    if ((rc = k->prepare(c)) != 0) goto done;
    switch (c->sub) {
    case LIST_SUB_INIT: rc = list_init(&c->lo, k); break;
    case LIST_SUB_SHOW: rc = list_show(c, k); break;
    default: rc = list_edit(c, k); break;
    }
done:
    k->args_free(c);
    free(c);
    return rc;
}
