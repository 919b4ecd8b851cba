/* SPDX-License-Identifier: Apache-2.0 */
/* dpp revoke init|add|remove|sign|show: signed revocation lists (revoked
 * keys, passports and batches): the revocation-list operations of
 * list_cmd.c. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "cmds.h"
#include "help.h"
#include "list_cmd.h"
#include "common.h"
#include "util.h"


static void print_help(FILE *f) { cli_help(f, "revoke"); }

enum { O_KID = LIST_O_OWN, O_KEY, O_PASSPORT, O_BATCH, O_REASON, O_DATE, O_COMPACT };
static const cli_opt k_opts[] = {
    LIST_COMMON_OPTS,
    {"kid", 0, true, O_KID},
    {"key", 0, true, O_KEY},
    {"passport", 0, true, O_PASSPORT},
    {"batch", 0, true, O_BATCH},
    {"reason", 0, true, O_REASON},
    {"date", 0, true, O_DATE},
    {"compact", 0, false, O_COMPACT},
    {NULL, 0, false, 0},
};
#define WHAT_OPTS (LIST_BIT(O_KID) | LIST_BIT(O_KEY) | LIST_BIT(O_PASSPORT) | LIST_BIT(O_BATCH))

/* A passport id: canonical UUID text or 32 hex digits. */
static int parse_uuid(const char *s, uint8_t id[16])
{
    char hex[33];
    size_t n = strlen(s), o = 0;
    uint8_t *b = NULL;
    size_t bl = 0;
    if (n == 36) {
        for (size_t i = 0; i < 36; i++) {
            bool dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash != (s[i] == '-')) return -1;
            if (!dash) hex[o++] = s[i];
        }
    } else if (n == 32) {
        memcpy(hex, s, 32);
        o = 32;
    } else {
        return -1;
    }
    hex[o] = '\0';
    if (cli_unhex(hex, o, &b, &bl) != 0) return -1;
    if (bl != 16) {
        free(b);
        return -1;
    }
    memcpy(id, b, 16);
    free(b);
    return 0;
}

/* One WHAT option; returns 0 or an exit code. */
static int add_what(list_cmd *c, int id, const char *arg)
{
    list_rev_args *ra = &c->k.rev;
    const char *cmd = c->lo.cmd;
    dpp_revocation *r = &ra->items[ra->n_items++];
    memset(r, 0, sizeof *r);
    r->kind = id == O_PASSPORT ? DPP_REVOKED_PASSPORT : id == O_BATCH ? DPP_REVOKED_BATCH : DPP_REVOKED_KEY;
    switch (id) {
    case O_KID:
        if (list_parse_kid(arg, r->kid) != 0)
            return cli_usage_err(cmd, "--kid: '%s' is not %d hex digits", arg, 2 * DPP_KID_LEN);
        return 0;
    case O_KEY: return list_kid_of_file(arg, r->kid);
    case O_PASSPORT:
        if (parse_uuid(arg, r->passport_id) != 0)
            return cli_usage_err(cmd, "--passport: '%s' is not a passport id (UUID)", arg);
        return 0;
    default: {
        const char *colon = strchr(arg, ':');
        size_t gn = colon != NULL ? (size_t)(colon - arg) : 0;
        if (colon == NULL || gn == 0 || gn > 14 || strspn(arg, "0123456789") != gn || colon[1] == '\0' ||
            strlen(colon + 1) > DPP_MAX_BATCH)
            return cli_usage_err(cmd, "--batch: '%s' is not GTIN:BATCH (GTIN of 8..14 digits, batch 1..%d bytes)",
                                 arg, DPP_MAX_BATCH);
        memcpy(r->gtin, arg, gn);
        r->gtin[gn] = '\0';
        memcpy(r->batch, colon + 1, strlen(colon + 1) + 1);
        return 0;
    }
    }
}

/* "key 0123456789abcdef", "passport <uuid>", "batch 04006381333931/L2025-06". */
static void subject_text(const dpp_revocation *r, char *out, size_t cap)
{
    char b[40];
    switch (r->kind) {
    case DPP_REVOKED_KEY:
        cli_hex(r->kid, DPP_KID_LEN, b);
        (void)snprintf(out, cap, "key %s", b);
        break;
    case DPP_REVOKED_PASSPORT:
        cli_uuid_text(r->passport_id, b);
        (void)snprintf(out, cap, "passport %s", b);
        break;
    case DPP_REVOKED_HASHED: /* compact list: a passport id or batch known by its hash */
        cli_hex(r->passport_id, 8, b);
        (void)snprintf(out, cap, "hashed passport or batch %s", b);
        break;
    default: (void)snprintf(out, cap, "batch %s of GTIN %s", r->batch, r->gtin); break;
    }
}

static void rev_args_init(list_cmd *c, int argc)
{
    list_rev_args *ra = &c->k.rev;
    ra->what_id = cli_xmalloc((size_t)argc * sizeof *ra->what_id);
    ra->what_arg = cli_xmalloc((size_t)argc * sizeof *ra->what_arg);
    ra->items = cli_xmalloc((size_t)argc * sizeof *ra->items);
    ra->reason_v = DPP_REASON_UNSPECIFIED;
}

static void rev_args_free(list_cmd *c)
{
    free(c->k.rev.items);
    free(c->k.rev.what_id);
    free(c->k.rev.what_arg);
}

static int rev_opt(list_cmd *c, int id, const char *arg)
{
    list_rev_args *ra = &c->k.rev;
    switch (id) {
    case O_KID:
    case O_KEY:
    case O_PASSPORT:
    case O_BATCH:
        /* Kept for later: --key reads a file, only once the options fit. */
        ra->what_id[ra->n_what] = id;
        ra->what_arg[ra->n_what++] = arg;
        return 0;
    case O_REASON: ra->reason = arg; return 0;
    case O_DATE: ra->date = arg; return 0;
    case O_COMPACT: ra->compact = true; return 0;
    default: return CLI_EX_SOFTWARE;
    }
}

/* The subjects (--key reads its file), once every option fits. */
static int rev_prepare(list_cmd *c)
{
    int rc;
    for (size_t i = 0; i < c->k.rev.n_what; i++)
        if ((rc = add_what(c, c->k.rev.what_id[i], c->k.rev.what_arg[i])) != 0) return rc;
    return 0;
}

static int rev_edit_check(list_cmd *c)
{
    list_rev_args *ra = &c->k.rev;
    const char *cmd = c->lo.cmd;
    bool add = c->sub == LIST_SUB_ADD;
    if (ra->n_items == 0)
        return cli_usage_err(cmd, "name what to %s: --kid HEX, --key FILE, --passport UUID or --batch GTIN:BATCH",
                             add ? "revoke" : "un-revoke");
    if (!add) return 0;
    if (ra->reason == NULL)
        return cli_usage_err(cmd, "--reason is required (key-compromise, superseded, cessation, recall, fraud, "
                                  "withdrawn or unspecified)");
    if (dpp_revocation_reason_from_name(ra->reason, &ra->reason_v) != DPP_OK)
        return cli_usage_err(cmd, "--reason: '%s' is not key-compromise, superseded, cessation, recall, "
                                  "fraud, withdrawn or unspecified",
                             ra->reason);
    if (ra->date != NULL) {
        if (dpp_date_parse(ra->date, strlen(ra->date), &ra->date_v) != DPP_OK)
            return cli_usage_err(cmd, "--date: '%s' is not a date YYYY-MM-DD", ra->date);
    } else {
        ra->date_v = (dpp_date)(c->lo.now / 86400);
    }
    return 0;
}

static int rev_edit(list_cmd *c, list_doc *doc)
{
    list_rev_args *ra = &c->k.rev;
    dpp_revlist *rl = doc->u.rev;
    dpp_diag d;
    dpp_err err;

    if (dpp_revlist_is_compact(rl)) {
        cli_err_at(c->lo.list, 0,
                   "is a compact revocation list (passports and batches kept only as hashes): edit the exact list it "
                   "was made from, then 'dpp revoke sign EXACT --compact -o OUT'");
        return CLI_EX_KEY;
    }
    for (size_t i = 0; i < ra->n_items; i++) {
        dpp_revocation *r = &ra->items[i];
        char what[96];
        subject_text(r, what, sizeof what);
        if (c->sub == LIST_SUB_ADD) {
            size_t before = dpp_revlist_count(rl);
            r->reason = ra->reason_v;
            r->date = ra->date_v;
            err = dpp_revlist_add(rl, r, &d);
            if (err == DPP_ERR_INVALID_ARG) return cli_usage_err(c->lo.cmd, "%s: %s", what, d.msg);
            if (err != DPP_OK) {
                cli_err_at(c->lo.list, 0, "%s: %s", what, d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
                return cli_exit_for(err);
            }
            if (dpp_revlist_count(rl) == before) ra->n_updated++;
            else ra->n_new++;
        } else {
            err = dpp_revlist_remove(rl, r);
            if (err != DPP_OK) {
                if (err == DPP_ERR_NOT_FOUND) cli_err_at(c->lo.list, 0, "%s is not revoked in this list", what);
                else cli_err_at(c->lo.list, 0, "%s: %s", what, dpp_err_str(err));
                return cli_exit_for(err);
            }
        }
    }
    return 0;
}

static void rev_edit_report(const list_cmd *c)
{
    const list_rev_args *ra = &c->k.rev;
    if (c->sub == LIST_SUB_ADD) {
        char ds[16] = "?";
        (void)dpp_date_format(ra->date_v, ds, sizeof ds);
        fprintf(stderr, "dpp: revoked %zu (%zu new, %zu updated): %s, effective %s\n", ra->n_new + ra->n_updated,
                ra->n_new, ra->n_updated, dpp_revocation_reason_name(ra->reason_v), ds);
    } else {
        fprintf(stderr, "dpp: lifted %zu revocation%s\n", ra->n_items, ra->n_items == 1 ? "" : "s");
    }
}

/* sign --compact: the compact form (spec/trust.md 6.5) with a fresh salt, into
 * -o OUT: never over LIST, which stays the exact list to edit. */
static int rev_sign_edit(list_cmd *c, list_doc *doc, const dpp_key *op)
{
    const char *out = c->lo.out;
    struct stat a, b;
    size_t got = 0;
    (void)op;
    if (!c->k.rev.compact) return 0;
    if (out == NULL || strcmp(out, c->lo.list) == 0 ||
        (stat(out, &a) == 0 && stat(c->lo.list, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino))
        return cli_usage_err(c->lo.cmd, "--compact writes a list that cannot be edited: give -o OUT other than %s "
                                        "(%s stays the exact list to edit)",
                             c->lo.list, c->lo.list);
    if (dpp_revlist_is_compact(doc->u.rev)) {
        cli_err_at(c->lo.list, 0, "is already a compact revocation list: sign the exact list it was made from");
        return CLI_EX_KEY;
    }
    while (got < sizeof doc->rev_salt) {
        ssize_t n = getrandom(doc->rev_salt + got, sizeof doc->rev_salt - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            cli_err("cannot read random bytes for the salt: %s", strerror(errno));
            return CLI_EX_SOFTWARE;
        }
        got += (size_t)n;
    }
    doc->rev_compact = true;
    return 0;
}

/* ---- show ---- */

static json_t *rev_entries_json(const list_doc *doc)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < dpp_revlist_count(doc->u.rev); i++) {
        dpp_revocation r;
        if (dpp_revlist_get(doc->u.rev, i, &r) == DPP_OK) json_array_append_new(arr, cli_revocation_json(&r, true));
    }
    return arr;
}

static void rev_entries_print(const list_doc *doc)
{
    size_t n = dpp_revlist_count(doc->u.rev);
    if (n > 0) printf("\n");
    for (size_t i = 0; i < n; i++) {
        dpp_revocation r;
        char what[96], ds[16] = "?";
        const char *reason;
        if (dpp_revlist_get(doc->u.rev, i, &r) != DPP_OK) continue;
        subject_text(&r, what, sizeof what);
        reason = dpp_revocation_reason_name(r.reason);
        (void)dpp_date_format(r.date, ds, sizeof ds);
        printf("  %s: %s, effective %s\n", cli_safe(what), reason != NULL ? reason : "?", ds);
    }
}

static const list_ops k_rev_ops = {
    .kind = DPP_LIST_KIND_REVOCATION,
    .name = "revoke",
    .title = "revocation list",
    .file = "REVOKED.cbor",
    .entries = "revocations",
    .subs_hint = "init, add, remove, sign, show",
    .opts = k_opts,
    .own_allowed = {
        [LIST_SUB_ADD] = WHAT_OPTS | LIST_BIT(O_REASON) | LIST_BIT(O_DATE),
        [LIST_SUB_REMOVE] = WHAT_OPTS,
        [LIST_SUB_SIGN] = LIST_BIT(O_COMPACT),
    },
    .help = print_help,
    .other_sub = NULL,
    .args_init = rev_args_init,
    .args_free = rev_args_free,
    .opt = rev_opt,
    .prepare = rev_prepare,
    .edit_check = rev_edit_check,
    .edit = rev_edit,
    .sign_edit = rev_sign_edit,
    .edit_report = rev_edit_report,
    .entries_json = rev_entries_json,
    .entries_print = rev_entries_print,
};

int cmd_revoke(int argc, char **argv) { return list_cmd_run(&k_rev_ops, argc, argv); }
