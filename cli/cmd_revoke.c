/* SPDX-License-Identifier: Apache-2.0 */
/* dpp revoke init|add|remove|sign|show: signed revocation lists (revoked
 * keys, passports and batches), with the helpers of cmd_trust.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "common.h"
#include "util.h"

static const char help[] =
    "Usage: dpp revoke init --operator-key OP.pem -o REVOKED.cbor\n"
    "                       [--valid-for DURATION] [--sequence N] [--issued TIME]\n"
    "                       [--force]\n"
    "       dpp revoke add REVOKED.cbor --operator-key OP.pem --reason REASON\n"
    "                       [--date YYYY-MM-DD] WHAT... [EDIT OPTIONS]\n"
    "       dpp revoke remove REVOKED.cbor --operator-key OP.pem WHAT...\n"
    "                       [EDIT OPTIONS]\n"
    "       dpp revoke sign REVOKED.cbor --operator-key OP.pem [EDIT OPTIONS]\n"
    "       dpp revoke show REVOKED.cbor [--pin OP.pub.pem] [--at TIME] [--json]\n"
    "\n"
    "A revocation list names revoked signing keys (by kid), revoked passports (by\n"
    "passport id) and revoked batches (GTIN and batch), each with a reason and an\n"
    "effective date. Like a trust list it is signed by the trust-list operator\n"
    "and carries a sequence number and a next-update time; verifiers load it\n"
    "with 'dpp verify --trust LIST --pin OP.pub.pem --revocations REVOKED.cbor'\n"
    "and then reject a matching passport with exit code 5 (REVOKED).\n"
    "\n"
    "Subcommands:\n"
    "  init     create an empty signed list (sequence 1 unless --sequence)\n"
    "  add      revoke keys, passports or batches; re-signs with sequence + 1\n"
    "           (revoking one again replaces its reason and date)\n"
    "  remove   lift revocations (all named must be listed); re-signs\n"
    "  sign     re-sign the same revocations with sequence + 1 and a new next\n"
    "           update (refresh before the list goes stale)\n"
    "  show     print the list; with --pin also verify its signature and that it\n"
    "           is fresh at --at\n"
    "\n"
    "WHAT (add, remove; each repeatable, mixed freely):\n"
    "  --kid HEX             a signing key, by its 16-hex-digit kid: the passports\n"
    "                        and attestations it signed are rejected\n"
    "  --key FILE            ... the same, by the key or certificate file\n"
    "  --passport UUID       one passport, by its id (\"Passport id\" in the output\n"
    "                        of 'dpp verify' and 'dpp inspect')\n"
    "  --batch GTIN:BATCH    a product batch, e.g. 4006381333931:L2025-06\n"
    "\n"
    "Add options:\n"
    "  --reason REASON       required: key-compromise (every signature of the\n"
    "                        key is rejected, whatever its date), superseded or\n"
    "                        cessation (keys: only signatures made on or after\n"
    "                        --date), recall, fraud, withdrawn, unspecified\n"
    "  --date YYYY-MM-DD     effective date (default today, UTC)\n"
    "\n"
    "Edit options (init, add, remove, sign) and show options: as for\n"
    "'dpp trust' (-k/--operator-key, --pin, -o/--out, --sequence, --valid-for,\n"
    "--issued, --force; show: --pin, --at, --grace, --min-sequence, --json).\n"
    "\n"
    "Examples:\n"
    "  dpp revoke init --operator-key operator.pem -o revoked.cbor --valid-for 1d\n"
    "  dpp revoke add revoked.cbor --operator-key operator.pem \\\n"
    "      --kid 1f2e3d4c5b6a7988 --reason key-compromise\n"
    "  dpp revoke add revoked.cbor --operator-key operator.pem \\\n"
    "      --batch 4006381333931:L2025-06 --reason recall --date 2026-03-01\n"
    "  dpp revoke show revoked.cbor --pin operator.pub.pem\n"
    "  dpp verify --trust trust.cbor --pin operator.pub.pem \\\n"
    "      --revocations revoked.cbor --in passport.txt\n"
    "\n"
    "Exit codes: 0 done (show --pin: verified), 1 the list's signature does not\n"
    "verify or remove found no such revocation, 2 the list is signed by a key\n"
    "not pinned, stale or older than --min-sequence, 64 usage or a bad value,\n"
    "65 key unusable or not a signed revocation list, 66 input unreadable,\n"
    "73 output cannot be written. See 'dpp --help'.\n";

LIST_KIND(k_rev_kind, "revocation list", dpp_revlist, dpp_revlist);

enum { O_KID = LIST_O_OWN, O_KEY, O_PASSPORT, O_BATCH, O_REASON, O_DATE };
static const cli_opt k_opts[] = {
    {"help", 'h', false, LIST_O_HELP},
    {"operator-key", 'k', true, LIST_O_OPKEY},
    {"out", 'o', true, LIST_O_OUT},
    {"sequence", 0, true, LIST_O_SEQUENCE},
    {"valid-for", 0, true, LIST_O_VALID_FOR},
    {"issued", 0, true, LIST_O_ISSUED},
    {"force", 0, false, LIST_O_FORCE},
    {"pin", 0, true, LIST_O_PIN},
    {"at", 0, true, LIST_O_AT},
    {"grace", 0, true, LIST_O_GRACE},
    {"min-sequence", 0, true, LIST_O_MIN_SEQ},
    {"json", 0, false, LIST_O_JSON},
    {"kid", 0, true, O_KID},
    {"key", 0, true, O_KEY},
    {"passport", 0, true, O_PASSPORT},
    {"batch", 0, true, O_BATCH},
    {"reason", 0, true, O_REASON},
    {"date", 0, true, O_DATE},
    {NULL, 0, false, 0},
};

#define EDIT_OPTS                                                                                              \
    (LIST_BIT(LIST_O_OPKEY) | LIST_BIT(LIST_O_OUT) | LIST_BIT(LIST_O_SEQUENCE) | LIST_BIT(LIST_O_VALID_FOR) |   \
     LIST_BIT(LIST_O_ISSUED) | LIST_BIT(LIST_O_PIN) | LIST_BIT(LIST_O_FORCE))
#define WHAT_OPTS (LIST_BIT(O_KID) | LIST_BIT(O_KEY) | LIST_BIT(O_PASSPORT) | LIST_BIT(O_BATCH))
#define SHOW_OPTS                                                                                              \
    (LIST_BIT(LIST_O_PIN) | LIST_BIT(LIST_O_AT) | LIST_BIT(LIST_O_GRACE) | LIST_BIT(LIST_O_MIN_SEQ) |           \
     LIST_BIT(LIST_O_JSON))

typedef struct rev_args {
    list_opts lo;
    int *what_id;          /* the WHAT options in command-line order */
    const char **what_arg;
    size_t n_what;
    dpp_revocation *items; /* from them: kind and subject; reason and date filled at the end */
    size_t n_items;
    const char *reason;
    const char *date;
} rev_args;

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
static int add_what(rev_args *ra, int id, const char *arg)
{
    const char *cmd = ra->lo.cmd;
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
    default: (void)snprintf(out, cap, "batch %s of GTIN %s", r->batch, r->gtin); break;
    }
}

static json_t *revocation_json(const dpp_revocation *r)
{
    json_t *o = json_object();
    char b[40];
    const char *kind = dpp_revocation_kind_name(r->kind), *reason = dpp_revocation_reason_name(r->reason);
    json_object_set_new(o, "kind", kind != NULL ? json_string(kind) : json_null());
    switch (r->kind) {
    case DPP_REVOKED_KEY:
        cli_hex(r->kid, DPP_KID_LEN, b);
        json_object_set_new(o, "kid", json_string(b));
        break;
    case DPP_REVOKED_PASSPORT:
        cli_uuid_text(r->passport_id, b);
        json_object_set_new(o, "passport_id", json_string(b));
        break;
    default:
        json_object_set_new(o, "gtin", cli_json_text(r->gtin));
        json_object_set_new(o, "batch", cli_json_text(r->batch));
        break;
    }
    json_object_set_new(o, "reason", reason != NULL ? json_string(reason) : json_null());
    json_object_set_new(o, "date", dpp_date_format(r->date, b, sizeof b) == 10 ? json_string(b) : json_null());
    return o;
}

static int revoke_edit(rev_args *ra, bool add, bool remove)
{
    list_opts *lo = &ra->lo;
    void *doc = NULL;
    dpp_key *op = NULL;
    dpp_list_info info;
    dpp_list_header h;
    dpp_revocation_reason reason = DPP_REASON_UNSPECIFIED;
    dpp_date date = 0;
    size_t n_new = 0, n_updated = 0;
    dpp_diag d;
    dpp_err err;
    int rc;

    if (lo->list == NULL) return cli_usage_err(lo->cmd, "missing REVOKED.cbor (the revocation list to edit)");
    if ((add || remove) && ra->n_items == 0)
        return cli_usage_err(lo->cmd, "name what to %s: --kid HEX, --key FILE, --passport UUID or --batch GTIN:BATCH",
                             add ? "revoke" : "un-revoke");
    if (add) {
        if (ra->reason == NULL)
            return cli_usage_err(lo->cmd, "--reason is required (key-compromise, superseded, cessation, recall, fraud, "
                                          "withdrawn or unspecified)");
        if (dpp_revocation_reason_from_name(ra->reason, &reason) != DPP_OK)
            return cli_usage_err(lo->cmd, "--reason: '%s' is not key-compromise, superseded, cessation, recall, "
                                          "fraud, withdrawn or unspecified",
                                 ra->reason);
        if (ra->date != NULL) {
            if (dpp_date_parse(ra->date, strlen(ra->date), &date) != DPP_OK)
                return cli_usage_err(lo->cmd, "--date: '%s' is not a date YYYY-MM-DD", ra->date);
        } else {
            date = (dpp_date)(lo->now / 86400);
        }
    }
    rc = list_open_edit(lo, &k_rev_kind, &op, &doc, &info);
    if (rc != CLI_EX_OK) goto done;

    for (size_t i = 0; i < ra->n_items; i++) {
        dpp_revocation *r = &ra->items[i];
        char what[96];
        subject_text(r, what, sizeof what);
        if (add) {
            size_t before = dpp_revlist_count(doc);
            r->reason = reason;
            r->date = date;
            err = dpp_revlist_add(doc, r, &d);
            if (err == DPP_ERR_INVALID_ARG) {
                rc = cli_usage_err(lo->cmd, "%s: %s", what, d.msg);
                goto done;
            }
            if (err != DPP_OK) {
                cli_err_at(lo->list, 0, "%s: %s", what, d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
                rc = cli_exit_for(err);
                goto done;
            }
            if (dpp_revlist_count(doc) == before) n_updated++;
            else n_new++;
        } else if (remove) {
            err = dpp_revlist_remove(doc, r);
            if (err != DPP_OK) {
                if (err == DPP_ERR_NOT_FOUND) cli_err_at(lo->list, 0, "%s is not revoked in this list", what);
                else cli_err_at(lo->list, 0, "%s: %s", what, dpp_err_str(err));
                rc = cli_exit_for(err);
                goto done;
            }
        }
    }
    rc = list_sign_write(lo, &k_rev_kind, doc, op, &info, false, &h);
    if (rc != CLI_EX_OK) goto done;
    if (add) {
        char ds[16] = "?";
        (void)dpp_date_format(date, ds, sizeof ds);
        fprintf(stderr, "dpp: revoked %zu (%zu new, %zu updated): %s, effective %s\n", n_new + n_updated, n_new,
                n_updated, dpp_revocation_reason_name(reason), ds);
    } else if (remove) {
        fprintf(stderr, "dpp: lifted %zu revocation%s\n", ra->n_items, ra->n_items == 1 ? "" : "s");
    }
    list_report_written(lo, &k_rev_kind, &h, dpp_revlist_count(doc));
done:
    if (doc != NULL) dpp_revlist_free(doc);
    dpp_key_free(op);
    return rc;
}

static int revoke_show(rev_args *ra)
{
    list_opts *lo = &ra->lo;
    void *doc = NULL;
    dpp_list_info info;
    bool verified = false;
    size_t n;
    int rc;

    if (lo->list == NULL) return cli_usage_err(lo->cmd, "missing REVOKED.cbor (the revocation list to show)");
    rc = list_open_show(lo, &k_rev_kind, &doc, &info, &verified);
    if (rc != CLI_EX_OK) goto done;
    n = dpp_revlist_count(doc);
    if (lo->json) {
        json_t *o = json_object(), *arr = json_array();
        list_info_json(o, lo, &k_rev_kind, &info, verified);
        for (size_t i = 0; i < n; i++) {
            dpp_revocation r;
            if (dpp_revlist_get(doc, i, &r) == DPP_OK) json_array_append_new(arr, revocation_json(&r));
        }
        json_object_set_new(o, "n_entries", json_integer((json_int_t)n));
        json_object_set_new(o, "revocations", arr);
        (void)cli_json_print(stdout, o, true);
        json_decref(o);
    } else {
        list_print_info(lo, &k_rev_kind, &info, verified);
        if (n > 0) printf("\n");
        for (size_t i = 0; i < n; i++) {
            dpp_revocation r;
            char what[96], ds[16] = "?";
            const char *reason;
            if (dpp_revlist_get(doc, i, &r) != DPP_OK) continue;
            subject_text(&r, what, sizeof what);
            reason = dpp_revocation_reason_name(r.reason);
            (void)dpp_date_format(r.date, ds, sizeof ds);
            printf("  %s: %s, effective %s\n", cli_safe(what), reason != NULL ? reason : "?", ds);
        }
        printf("\n%s\n", verified ? "VERIFIED"
                                  : "UNVERIFIED: signature and freshness not checked (give --pin OPERATOR.pub.pem)");
    }
    if (verified && info.past_next_update)
        cli_warn("%s: the revocation list (sequence %" PRIu64 ") is past its next update; fetch or sign a new one",
                 lo->list, info.sequence);
done:
    if (doc != NULL) dpp_revlist_free(doc);
    return rc;
}

int cmd_revoke(int argc, char **argv)
{
    static const char *const subs[] = {"init", "add", "remove", "sign", "show", NULL};
    static const char *const cmds[] = {"revoke init", "revoke add", "revoke remove", "revoke sign", "revoke show"};
    rev_args ra;
    cli_args a;
    const char *arg, *sub;
    uint64_t seen = 0, allowed;
    int id, rc = CLI_EX_OK, which = -1;

    if (argc < 1) {
        fputs(help, stderr);
        return CLI_EX_USAGE;
    }
    sub = argv[0];
    if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0 || strcmp(sub, "help") == 0) {
        fputs(help, stdout);
        return CLI_EX_OK;
    }
    for (int i = 0; subs[i] != NULL; i++)
        if (strcmp(sub, subs[i]) == 0) which = i;
    if (which < 0) return cli_usage_err("revoke", "unknown subcommand '%s' (init, add, remove, sign, show)", sub);

    memset(&ra, 0, sizeof ra);
    list_opts_init(&ra.lo, cmds[which]);
    ra.what_id = cli_xmalloc((size_t)argc * sizeof *ra.what_id);
    ra.what_arg = cli_xmalloc((size_t)argc * sizeof *ra.what_arg);
    ra.items = cli_xmalloc((size_t)argc * sizeof *ra.items);
    cli_args_init(&a, cmds[which], argc - 1, argv + 1);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        if (id < 0) {
            rc = -id;
            goto done;
        }
        if (id == LIST_O_HELP) {
            fputs(help, stdout);
            goto done;
        }
        if (id > 0) seen |= LIST_BIT(id);
        if (id > 0 && id < LIST_O_OWN) {
            if ((rc = list_opt(&ra.lo, id, arg)) != 0) goto done;
            continue;
        }
        switch (id) {
        case O_KID:
        case O_KEY:
        case O_PASSPORT:
        case O_BATCH:
            /* Kept for later: --key reads a file, only once the options fit. */
            ra.what_id[ra.n_what] = id;
            ra.what_arg[ra.n_what++] = arg;
            break;
        case O_REASON: ra.reason = arg; break;
        case O_DATE: ra.date = arg; break;
        case 0:
            if (ra.lo.list != NULL) {
                rc = cli_usage_err(ra.lo.cmd, "unexpected argument '%s' (one LIST only)", arg);
                goto done;
            }
            ra.lo.list = arg;
            break;
        default: rc = CLI_EX_SOFTWARE; goto done;
        }
    }
    switch (which) {
    case 0: allowed = (EDIT_OPTS | LIST_BIT(LIST_O_FORCE)) & ~LIST_BIT(LIST_O_PIN); break;
    case 1: allowed = EDIT_OPTS | WHAT_OPTS | LIST_BIT(O_REASON) | LIST_BIT(O_DATE); break;
    case 2: allowed = EDIT_OPTS | WHAT_OPTS; break;
    case 3: allowed = EDIT_OPTS; break;
    default: allowed = SHOW_OPTS; break;
    }
    if ((rc = list_opts_allowed(&ra.lo, k_opts, seen, allowed)) != 0) goto done;
    for (size_t i = 0; i < ra.n_what; i++)
        if ((rc = add_what(&ra, ra.what_id[i], ra.what_arg[i])) != 0) goto done;
    switch (which) {
    case 0: {
        dpp_revlist *rl = NULL;
        if (dpp_revlist_new(&rl) != DPP_OK) {
            cli_err("out of memory");
            rc = CLI_EX_SOFTWARE;
            goto done;
        }
        rc = list_init_write(&ra.lo, &k_rev_kind, rl, "dpp revoke add");
        dpp_revlist_free(rl);
        break;
    }
    case 4: rc = revoke_show(&ra); break;
    default: rc = revoke_edit(&ra, which == 1, which == 2); break;
    }
done:
    free(ra.items);
    free(ra.what_id);
    free(ra.what_arg);
    return rc;
}
