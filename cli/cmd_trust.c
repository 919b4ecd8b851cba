/* SPDX-License-Identifier: Apache-2.0 */
/* dpp trust init|add|remove|sign|show|keygen: signed trust lists; and the
 * signed-list helpers shared with dpp revoke (declared in cmds.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "common.h"
#include "util.h"

static const char help[] =
    "Usage: dpp trust init --operator-key OP.pem -o LIST.cbor [--valid-for DURATION]\n"
    "                      [--sequence N] [--issued TIME] [--force]\n"
    "       dpp trust add LIST.cbor --operator-key OP.pem --key FILE --role ROLE\n"
    "                      --name NAME --country CC [--id SCHEME:VALUE]\n"
    "                      [--from TIME] [--until TIME] [--scope KEY=VALUE ...]\n"
    "                      [--replace] [EDIT OPTIONS]\n"
    "       dpp trust remove LIST.cbor --operator-key OP.pem (--kid HEX|--key FILE)\n"
    "                      [--role ROLE] [EDIT OPTIONS]\n"
    "       dpp trust sign LIST.cbor --operator-key OP.pem [EDIT OPTIONS]\n"
    "       dpp trust show LIST.cbor [--pin OP.pub.pem] [--at TIME] [--json]\n"
    "       dpp trust keygen --out OP.pem [--alg ALG]       (runs 'dpp keygen')\n"
    "\n"
    "A trust list tells verifiers whose keys to trust, and for what: each entry\n"
    "binds a public key (or X.509 certificate) to a party (name, country,\n"
    "identifier), a role, a validity window and a scope. The list is signed\n"
    "(COSE_Sign1) by a trust-list operator whose public key verifiers pin:\n"
    "'dpp verify --trust LIST.cbor --pin OP.pub.pem'. Every change re-signs the\n"
    "list with the next sequence number (verifiers can refuse older copies with\n"
    "--min-sequence) and a next-update time after which the list is stale.\n"
    "An operator key is an ordinary key pair: 'dpp keygen --out OP.pem' (or\n"
    "'dpp trust keygen'); keep OP.pem offline and hand out OP.pub.pem.\n"
    "\n"
    "Subcommands:\n"
    "  init     create an empty signed list (sequence 1 unless --sequence)\n"
    "  add      add an entry; re-signs with sequence + 1; prints the entry's kid\n"
    "  remove   remove the entries of a kid (only those of --role, if given);\n"
    "           re-signs with sequence + 1\n"
    "  sign     re-sign the same entries with sequence + 1 and a new next update\n"
    "           (refresh before the list goes stale; with a new --operator-key\n"
    "           and --pin OLD.pub.pem: move the list to a new operator key)\n"
    "  show     print the list; with --pin also verify its signature and that it\n"
    "           is fresh at --at (not stale, not older than --min-sequence)\n"
    "  keygen   create an operator key pair (the same as 'dpp keygen')\n"
    "\n"
    "Edit options (init, add, remove, sign):\n"
    "  -k, --operator-key FILE  the operator's private key, which signs the new\n"
    "                           list; the existing list must verify with its\n"
    "                           public part (or with --pin)\n"
    "  --pin FILE               verify the existing list with this operator public\n"
    "                           key instead (key rotation); repeatable\n"
    "  -o, --out FILE           write the new list to FILE (init: required; else\n"
    "                           the default is LIST itself, replaced atomically)\n"
    "  --sequence N             sequence number of the new list (default: 1 for\n"
    "                           init, else the list's sequence + 1; must be higher)\n"
    "  --valid-for DURATION     next update = issue time + DURATION (30d, 12h, 2w;\n"
    "                           default: 30d for init, else the list's current\n"
    "                           period from issue to next update)\n"
    "  --issued TIME            issue time (default now)\n"
    "  --force                  replace an existing -o file (never an input;\n"
    "                           LIST itself is always replaced by an edit)\n"
    "\n";

static const char help2[] =
    "Entry options (add):\n"
    "  --key FILE            the party's public key or X.509 certificate, PEM or\n"
    "                        DER (of a private key only the public part is kept)\n"
    "  --role ROLE           manufacturer (signs passports), certification-body\n"
    "                        (or certifier: attests any claim but cbam),\n"
    "                        cbam-verifier (attests cbam), operator (informative)\n"
    "  --name NAME           the party's name, 1..96 bytes\n"
    "  --country CC          ISO 3166-1 alpha-2 country code, e.g. DE\n"
    "  --id SCHEME:VALUE     the party's identifier, e.g. EORI:DE123456789012345\n"
    "  --from TIME           trusted for passports signed at or after TIME\n"
    "  --until TIME          trusted for passports signed up to TIME\n"
    "  --scope claims=C1,C2  claims the party may attest (bodies) or declare\n"
    "                        (manufacturers): identity, manufacturer, facility,\n"
    "                        materials, footprint, certifications, cbam,\n"
    "                        extensions, certifications[0] .. certifications[7]\n"
    "  --scope gtin-prefix=P1,P2  only GTINs starting with one of these 1..14\n"
    "                        digit prefixes (up to 16), matched against the GTIN\n"
    "                        as 14 digits: GTIN-13 company prefix 400638 is\n"
    "                        gtin-prefix=0400638\n"
    "  --scope category=TEXT only this product category (repeat for up to 8)\n"
    "  --scope resolver=URL  only passports signed for this link resolver\n"
    "                        (https://host[/path], repeat for up to 4; a path\n"
    "                        below it is allowed too)\n"
    "                        (no --scope: anything the role allows)\n"
    "  --replace             replace the entry with the same key and role\n"
    "\n"
    "Remove options:\n"
    "  --kid HEX             key identifier, 16 hex digits (as 'dpp keygen' and\n"
    "                        'dpp trust show' print it)\n"
    "  --key FILE            ... or the key or certificate whose kid it is\n"
    "  --role ROLE           remove only the entry with this role\n"
    "\n"
    "Show options:\n"
    "  --pin FILE            pinned operator public key (repeatable): verify the\n"
    "                        signature and freshness; without it the list is only\n"
    "                        decoded and marked UNVERIFIED\n"
    "  --at TIME             check freshness at TIME (default now)\n"
    "  --grace DURATION      accept a list this long past its next update\n"
    "                        (default 7d, as 'dpp verify')\n"
    "  --min-sequence N      refuse a list older than sequence N (rollback)\n"
    "  --json                machine-readable output\n"
    "\n"
    "TIME is ISO 8601 (2026-01-31, 2026-01-31T12:00:00Z), \"now\" or \"@SECONDS\".\n"
    "\n"
    "Examples:\n"
    "  dpp keygen --alg EdDSA --out operator.pem\n"
    "  dpp trust init --operator-key operator.pem -o trust.cbor --valid-for 7d\n"
    "  dpp trust add trust.cbor --operator-key operator.pem --key acme.pub.pem \\\n"
    "      --role manufacturer --name \"Acme Steel GmbH\" --country DE \\\n"
    "      --id EORI:DE123456789012345 --scope gtin-prefix=0400638\n"
    "  dpp trust add trust.cbor --operator-key operator.pem --key body.pub.pem \\\n"
    "      --role certification-body --name \"Example Cert GmbH\" --country DE \\\n"
    "      --scope claims=footprint,certifications\n"
    "  dpp trust show trust.cbor --pin operator.pub.pem\n"
    "  dpp trust remove trust.cbor -k operator.pem --kid 1f2e3d4c5b6a7988\n"
    "  dpp trust sign trust.cbor --operator-key operator.pem --valid-for 7d\n"
    "  dpp verify --trust trust.cbor --pin operator.pub.pem --in passport.txt\n"
    "\n"
    "Exit codes: 0 done (show --pin: verified), 1 the list's signature does not\n"
    "verify (changed after signing) or remove found no entry, 2 the list is\n"
    "signed by a key not pinned, stale or older than --min-sequence, 64 usage or\n"
    "a bad entry field, 65 key unusable or not a signed trust list, 66 input\n"
    "unreadable, 73 output cannot be written. See 'dpp --help'.\n";

static void print_help(FILE *f)
{
    fputs(help, f);
    fputs(help2, f);
}

/* ======================================================================== */
/* Shared signed-list helpers (cmds.h)                                      */
/* ======================================================================== */

#define LIST_DEFAULT_PERIOD ((int64_t)30 * 86400)

void list_opts_init(list_opts *lo, const char *cmd)
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

int list_opt(list_opts *lo, int id, const char *arg)
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

int list_opts_allowed(const list_opts *lo, const cli_opt *opts, uint64_t seen, uint64_t allowed)
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
static int verify_with(const list_opts *lo, const list_kind *k, const uint8_t *data, size_t len,
                       dpp_key *const *keys, size_t n_keys, const dpp_list_policy *pol, void **doc,
                       dpp_list_info *info)
{
    dpp_diag d, unpinned;
    dpp_err err = DPP_ERR_LIST_UNPINNED;
    memset(&unpinned, 0, sizeof unpinned);
    for (size_t i = 0; i < n_keys; i++) {
        err = k->parse(data, len, keys[i], pol, doc, info, &d);
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
static int check_is_list(const list_opts *lo, const list_kind *k, const uint8_t *data, size_t len)
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

int list_open_edit(const list_opts *lo, const list_kind *k, dpp_key **op, void **doc, dpp_list_info *info)
{
    dpp_key *pins[LIST_MAX_PINS] = {NULL};
    uint8_t *data = NULL;
    size_t len = 0;
    int rc;

    *op = NULL;
    *doc = NULL;
    memset(info, 0, sizeof *info);
    if (lo->op_key == NULL) return cli_usage_err(lo->cmd, "--operator-key OP.pem is required (it signs the list)");
    rc = cli_load_key(lo->op_key, true, op);
    if (rc != CLI_EX_OK) return rc;
    rc = load_pins(lo, pins);
    if (rc != CLI_EX_OK) goto done;
    rc = cli_read_file(lo->list, DPP_LIST_MAX_LEN, &data, &len);
    if (rc != CLI_EX_OK) goto done;
    if ((rc = check_is_list(lo, k, data, len)) != 0) goto done;
    if (lo->n_pins > 0) rc = verify_with(lo, k, data, len, pins, lo->n_pins, NULL, doc, info);
    else rc = verify_with(lo, k, data, len, op, 1, NULL, doc, info);
done:
    free(data);
    free_keys(pins, lo->n_pins);
    if (rc != CLI_EX_OK) {
        dpp_key_free(*op);
        *op = NULL;
    }
    return rc;
}

int list_open_show(const list_opts *lo, const list_kind *k, void **doc, dpp_list_info *info, bool *verified)
{
    dpp_key *pins[LIST_MAX_PINS] = {NULL};
    uint8_t *data = NULL;
    size_t len = 0;
    dpp_diag d;
    dpp_err err;
    int rc;

    *doc = NULL;
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
        rc = verify_with(lo, k, data, len, pins, lo->n_pins, &pol, doc, info);
        *verified = rc == CLI_EX_OK;
        goto done;
    }
    err = k->inspect(data, len, doc, info, &d);
    if (err != DPP_OK) {
        cli_err_at(lo->list, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        rc = cli_exit_for(err);
    }
done:
    free(data);
    free_keys(pins, lo->n_pins);
    return rc;
}

int list_sign_write(const list_opts *lo, const list_kind *k, const void *doc, const dpp_key *op,
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

    err = k->sign(doc, op, h, NULL, 0, &n, &d);
    if (err == DPP_OK) {
        buf = cli_xmalloc(n);
        err = k->sign(doc, op, h, buf, n, &n, &d);
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

void list_report_written(const list_opts *lo, const list_kind *k, const dpp_list_header *h, size_t n_entries)
{
    char t[40];
    const char *path = lo->out != NULL ? lo->out : lo->list;
    cli_format_time(h->next_update, t, sizeof t);
    fprintf(stderr, "dpp: wrote %s (%s, sequence %" PRIu64 ", %zu entr%s, next update %s)\n",
            strcmp(path, "-") == 0 ? "<stdout>" : cli_safe(path), k->title, h->sequence, n_entries, n_entries == 1 ? "y" : "ies",
            t);
}

int list_init_write(list_opts *lo, const list_kind *k, const void *empty, const char *edit_cmd)
{
    dpp_key *op = NULL;
    dpp_list_header h;
    int rc;

    if (lo->list != NULL && lo->out != NULL) return cli_usage_err(lo->cmd, "give the new list's file once: -o LIST.cbor");
    if (lo->out == NULL) lo->out = lo->list;
    if (lo->out == NULL) return cli_usage_err(lo->cmd, "-o LIST.cbor is required (the new list's file)");
    lo->list = lo->out;
    if (lo->op_key == NULL) return cli_usage_err(lo->cmd, "--operator-key OP.pem is required (it signs the list)");
    if (!lo->force && strcmp(lo->out, "-") != 0 && cli_path_exists(lo->out)) {
        cli_err("refusing to overwrite %s: it already exists (use --force to replace it, or '%s' to edit it)", lo->out,
                edit_cmd);
        return CLI_EX_CANTCREAT;
    }
    rc = cli_load_key(lo->op_key, true, &op);
    if (rc != CLI_EX_OK) return rc;
    rc = list_sign_write(lo, k, empty, op, NULL, true, &h);
    if (rc == CLI_EX_OK) list_report_written(lo, k, &h, 0);
    dpp_key_free(op);
    return rc;
}

void list_print_info(const list_opts *lo, const list_kind *k, const dpp_list_info *info, bool verified)
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

void list_info_json(json_t *o, const list_opts *lo, const list_kind *k, const dpp_list_info *info, bool verified)
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

/* ======================================================================== */
/* dpp trust                                                                */
/* ======================================================================== */

LIST_KIND(k_trust_kind, "trust list", dpp_trustlist, dpp_trustlist);

enum {
    O_KEY = LIST_O_OWN, O_KID, O_ROLE, O_NAME, O_COUNTRY, O_ID, O_FROM, O_UNTIL, O_SCOPE, O_REPLACE
};
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
    {"key", 0, true, O_KEY},
    {"kid", 0, true, O_KID},
    {"role", 0, true, O_ROLE},
    {"name", 0, true, O_NAME},
    {"country", 0, true, O_COUNTRY},
    {"id", 0, true, O_ID},
    {"from", 0, true, O_FROM},
    {"until", 0, true, O_UNTIL},
    {"scope", 0, true, O_SCOPE},
    {"replace", 0, false, O_REPLACE},
    {NULL, 0, false, 0},
};

#define EDIT_OPTS                                                                                              \
    (LIST_BIT(LIST_O_OPKEY) | LIST_BIT(LIST_O_OUT) | LIST_BIT(LIST_O_SEQUENCE) | LIST_BIT(LIST_O_VALID_FOR) |   \
     LIST_BIT(LIST_O_ISSUED) | LIST_BIT(LIST_O_PIN) | LIST_BIT(LIST_O_FORCE))
#define SHOW_OPTS                                                                                              \
    (LIST_BIT(LIST_O_PIN) | LIST_BIT(LIST_O_AT) | LIST_BIT(LIST_O_GRACE) | LIST_BIT(LIST_O_MIN_SEQ) |           \
     LIST_BIT(LIST_O_JSON))

/* Everything a trust subcommand was given. */
typedef struct trust_args {
    list_opts lo;
    const char *key;    /* --key */
    const char *kid;    /* --kid */
    const char *role;   /* --role */
    const char *name;   /* --name */
    const char *country;
    const char *id;     /* --id SCHEME:VALUE */
    const char *from, *until;
    bool replace;
    dpp_scope scope;    /* from --scope, in option order */
} trust_args;

static int parse_role(const char *cmd, const char *s, dpp_role *out)
{
    if (dpp_role_from_name(s, out) != DPP_OK || *out == DPP_ROLE_ANY)
        return cli_usage_err(cmd, "--role: '%s' is not manufacturer, certification-body, cbam-verifier or operator",
                             s);
    return 0;
}

/* One --scope KEY=VALUE into s. */
static int parse_scope(const char *cmd, const char *arg, dpp_scope *s)
{
    const char *eq = strchr(arg, '=');
    size_t kl = eq != NULL ? (size_t)(eq - arg) : 0;
    const char *v = eq != NULL ? eq + 1 : NULL;
    if (eq == NULL || v[0] == '\0')
        return cli_usage_err(cmd, "--scope: '%s' is not KEY=VALUE (claims=..., gtin-prefix=..., category=..., resolver=...)",
                             arg);
    if ((kl == 6 && memcmp(arg, "claims", 6) == 0) || (kl == 5 && memcmp(arg, "claim", 5) == 0)) {
        while (*v != '\0') {
            const char *c = strchr(v, ',');
            size_t n = c != NULL ? (size_t)(c - v) : strlen(v);
            char name[32];
            unsigned claim;
            if (n == 0 || n >= sizeof name)
                return cli_usage_err(cmd, "--scope claims: an empty or overlong claim name in '%s'", arg);
            memcpy(name, v, n);
            name[n] = '\0';
            if (dpp_claim_from_name(name, &claim) != DPP_OK)
                return cli_usage_err(cmd, "--scope claims: '%s' is not a claim (identity, manufacturer, facility, "
                                          "materials, footprint, certifications, cbam, extensions, certifications[N])",
                                     name);
            s->claims |= DPP_CLAIM_BIT(claim);
            v += n + (c != NULL ? 1 : 0);
            if (c != NULL && *v == '\0') return cli_usage_err(cmd, "--scope claims: '%s' ends with a comma", arg);
        }
        return 0;
    }
    if ((kl == 11 && memcmp(arg, "gtin-prefix", 11) == 0) || (kl == 13 && memcmp(arg, "gtin-prefixes", 13) == 0)) {
        while (*v != '\0') {
            const char *c = strchr(v, ',');
            size_t n = c != NULL ? (size_t)(c - v) : strlen(v);
            if (n == 0 || n > 14 || strspn(v, "0123456789") < n)
                return cli_usage_err(cmd, "--scope gtin-prefix: '%.*s' is not 1..14 digits", (int)n, v);
            if (s->n_gtin_prefixes == DPP_SCOPE_MAX_PREFIXES)
                return cli_usage_err(cmd, "--scope gtin-prefix: at most %d prefixes", DPP_SCOPE_MAX_PREFIXES);
            memcpy(s->gtin_prefixes[s->n_gtin_prefixes], v, n);
            s->gtin_prefixes[s->n_gtin_prefixes][n] = '\0';
            s->n_gtin_prefixes++;
            v += n + (c != NULL ? 1 : 0);
            if (c != NULL && *v == '\0') return cli_usage_err(cmd, "--scope gtin-prefix: '%s' ends with a comma", arg);
        }
        return 0;
    }
    if (kl == 8 && memcmp(arg, "category", 8) == 0) {
        size_t n = strlen(v);
        if (n > DPP_MAX_CATEGORY)
            return cli_usage_err(cmd, "--scope category: '%s' is longer than %d bytes", v, DPP_MAX_CATEGORY);
        if (s->n_categories == DPP_SCOPE_MAX_CATEGORIES)
            return cli_usage_err(cmd, "--scope category: at most %d categories", DPP_SCOPE_MAX_CATEGORIES);
        memcpy(s->categories[s->n_categories], v, n + 1);
        s->n_categories++;
        return 0;
    }
    if (kl == 8 && memcmp(arg, "resolver", 8) == 0) {
        dpp_diag d;
        if (s->n_resolvers == DPP_SCOPE_MAX_RESOLVERS)
            return cli_usage_err(cmd, "--scope resolver: at most %d resolvers", DPP_SCOPE_MAX_RESOLVERS);
        if (dpp_resolver_normalize(v, strlen(v), s->resolvers[s->n_resolvers], sizeof s->resolvers[0], &d) != DPP_OK)
            return cli_usage_err(cmd, "--scope %s", d.msg);
        s->n_resolvers++;
        return 0;
    }
    return cli_usage_err(cmd, "--scope: unknown key '%.*s' (claims, gtin-prefix, category or resolver)", (int)kl,
                         arg);
}

/* Copies text into a fixed field of capacity cap (including the NUL). */
static int set_text(const char *cmd, const char *opt, const char *v, char *dst, size_t cap)
{
    size_t n = strlen(v);
    if (n == 0 || n >= cap) return cli_usage_err(cmd, "--%s: '%s' must be 1..%zu bytes", opt, v, cap - 1);
    memcpy(dst, v, n + 1);
    return 0;
}

/* The entry from the add options; returns an exit code. */
static int build_entry(const trust_args *ta, dpp_tl_entry *e)
{
    const char *cmd = ta->lo.cmd;
    uint8_t *data = NULL;
    size_t len = 0;
    dpp_key *k = NULL;
    dpp_diag d;
    dpp_err err;
    int rc;

    if (ta->key == NULL) return cli_usage_err(cmd, "--key FILE is required (the party's public key or certificate)");
    if (ta->role == NULL) return cli_usage_err(cmd, "--role ROLE is required");
    if (ta->name == NULL) return cli_usage_err(cmd, "--name NAME is required");
    if (ta->country == NULL) return cli_usage_err(cmd, "--country CC is required");
    memset(e, 0, sizeof *e);
    if ((rc = parse_role(cmd, ta->role, &e->role)) != 0) return rc;
    if ((rc = set_text(cmd, "name", ta->name, e->party.name, sizeof e->party.name)) != 0) return rc;
    if (strlen(ta->country) != 2) return cli_usage_err(cmd, "--country: '%s' is not a 2-letter code", ta->country);
    memcpy(e->party.country, ta->country, 3);
    if (ta->id != NULL) {
        const char *colon = strchr(ta->id, ':');
        size_t sn = colon != NULL ? (size_t)(colon - ta->id) : 0;
        if (colon == NULL || sn == 0 || sn > DPP_MAX_SCHEME || colon[1] == '\0' || strlen(colon + 1) > DPP_MAX_ID)
            return cli_usage_err(cmd, "--id: '%s' is not SCHEME:VALUE (scheme 1..%d, value 1..%d bytes)", ta->id,
                                 DPP_MAX_SCHEME, DPP_MAX_ID);
        memcpy(e->party.operator_id.scheme, ta->id, sn);
        e->party.operator_id.scheme[sn] = '\0';
        memcpy(e->party.operator_id.value, colon + 1, strlen(colon + 1) + 1);
    }
    if (ta->from != NULL) {
        if (cli_parse_time(ta->from, ta->lo.now, &e->not_before) != 0)
            return cli_usage_err(cmd, "--from: '%s' is not an ISO 8601 time", ta->from);
        e->has_not_before = true;
    }
    if (ta->until != NULL) {
        if (cli_parse_time(ta->until, ta->lo.now, &e->not_after) != 0)
            return cli_usage_err(cmd, "--until: '%s' is not an ISO 8601 time", ta->until);
        e->has_not_after = true;
    }
    if (e->has_not_before && e->has_not_after && e->not_after <= e->not_before)
        return cli_usage_err(cmd, "--until must be after --from");
    e->scope = ta->scope;

    rc = cli_read_file(ta->key, CLI_MAX_KEY_FILE, &data, &len);
    if (rc != CLI_EX_OK) return rc;
    err = dpp_tl_entry_set_key(e, data, len, &d);
    if (err != DPP_OK) {
        cli_err_at(ta->key, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        rc = cli_exit_for(err);
        goto done;
    }
    if (dpp_key_load(data, len, &k, NULL) == DPP_OK && dpp_key_is_private(k))
        cli_warn("%s: is a private key; only its public part goes into the list (the operator needs only the "
                 ".pub.pem file)",
                 ta->key);
done:
    dpp_key_free(k);
    if (data != NULL) cli_wipe(data, len);
    free(data);
    return rc;
}

static int trust_init(trust_args *ta)
{
    dpp_trustlist *tl = NULL;
    int rc;
    if (dpp_trustlist_new(&tl) != DPP_OK) {
        cli_err("out of memory");
        return CLI_EX_SOFTWARE;
    }
    rc = list_init_write(&ta->lo, &k_trust_kind, tl, "dpp trust add");
    dpp_trustlist_free(tl);
    return rc;
}

static int trust_edit(trust_args *ta, const char *sub)
{
    list_opts *lo = &ta->lo;
    void *doc = NULL;
    dpp_trustlist *tl;
    dpp_key *op = NULL;
    dpp_list_info info;
    dpp_list_header h;
    dpp_tl_entry *e = NULL;
    dpp_diag d;
    dpp_err err;
    char kidhex[2 * DPP_KID_LEN + 1] = "";
    uint8_t kid[DPP_KID_LEN];
    dpp_role role = DPP_ROLE_ANY;
    bool is_remove = strcmp(sub, "remove") == 0;
    size_t removed = 0;
    int rc;

    if (lo->list == NULL) return cli_usage_err(lo->cmd, "missing LIST.cbor (the trust list to edit)");
    /* The whole command line is checked before any key or list is read. */
    if (strcmp(sub, "add") == 0) {
        e = cli_xmalloc(sizeof *e);
        rc = build_entry(ta, e);
        if (rc != CLI_EX_OK) goto done;
    } else if (is_remove) {
        if ((ta->kid != NULL) == (ta->key != NULL))
            return cli_usage_err(lo->cmd, "give the entry to remove as --kid HEX or --key FILE (one of them)");
        if (ta->kid != NULL && list_parse_kid(ta->kid, kid) != 0)
            return cli_usage_err(lo->cmd, "--kid: '%s' is not %d hex digits", ta->kid, 2 * DPP_KID_LEN);
        if (ta->role != NULL && (rc = parse_role(lo->cmd, ta->role, &role)) != 0) return rc;
        if (ta->key != NULL && (rc = list_kid_of_file(ta->key, kid)) != CLI_EX_OK) return rc;
    }
    rc = list_open_edit(lo, &k_trust_kind, &op, &doc, &info);
    if (rc != CLI_EX_OK) goto done;
    tl = doc;

    if (e != NULL) {
        cli_hex(e->kid, DPP_KID_LEN, kidhex);
        if (ta->replace) {
            err = dpp_trustlist_remove(tl, e->kid, e->role, &removed);
            if (err != DPP_OK && err != DPP_ERR_NOT_FOUND) {
                cli_err_at(lo->list, 0, "cannot replace the entry: %s", dpp_err_str(err));
                rc = cli_exit_for(err);
                goto done;
            }
        }
        err = dpp_trustlist_add(tl, e, &d);
        if (err == DPP_ERR_INVALID_ARG) {
            rc = cli_usage_err(lo->cmd, "%s%s", d.msg, strstr(d.msg, "already has an entry") ? " (or use --replace)" : "");
            goto done;
        }
        if (err != DPP_OK) {
            cli_err_at(lo->list, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
            rc = cli_exit_for(err);
            goto done;
        }
    } else if (is_remove) {
        cli_hex(kid, DPP_KID_LEN, kidhex);
        err = dpp_trustlist_remove(tl, kid, role, &removed);
        if (err == DPP_ERR_NOT_FOUND) {
            cli_err_at(lo->list, 0, "no entry has kid %s%s%s", kidhex, role != DPP_ROLE_ANY ? " as " : "",
                       role != DPP_ROLE_ANY ? dpp_role_name(role) : "");
            rc = cli_exit_for(err);
            goto done;
        }
        if (err != DPP_OK) {
            cli_err_at(lo->list, 0, "cannot remove the entry: %s", dpp_err_str(err));
            rc = cli_exit_for(err);
            goto done;
        }
    }

    rc = list_sign_write(lo, &k_trust_kind, tl, op, &info, false, &h);
    if (rc != CLI_EX_OK) goto done;
    if (e != NULL) {
        printf("%s\n", kidhex);
        fprintf(stderr, "dpp: %s kid %s as %s (%s, %s)\n", removed > 0 ? "replaced" : "added", kidhex,
                dpp_role_name(e->role), cli_safe(e->party.name), cli_safe(e->party.country));
    } else if (is_remove) {
        fprintf(stderr, "dpp: removed %zu entr%s of kid %s\n", removed, removed == 1 ? "y" : "ies", kidhex);
    }
    list_report_written(lo, &k_trust_kind, &h, dpp_trustlist_count(tl));
done:
    free(e);
    if (doc != NULL) dpp_trustlist_free(doc);
    dpp_key_free(op);
    return rc;
}

/* ---- show ---- */

static void scope_text(const dpp_scope *s, char *out, size_t cap)
{
    size_t o = 0;
    int n;
    out[0] = '\0';
    if (s->claims != 0) {
        char c[256];
        cli_claims_mask_text(s->claims, c, sizeof c);
        n = snprintf(out + o, cap - o, "claims %s", c);
        if (n > 0 && (size_t)n < cap - o) o += (size_t)n;
    }
    for (size_t i = 0; i < s->n_gtin_prefixes; i++) {
        n = snprintf(out + o, cap - o, "%s%s", i == 0 ? (o > 0 ? "; GTIN prefixes " : "GTIN prefixes ") : ", ",
                     s->gtin_prefixes[i]);
        if (n > 0 && (size_t)n < cap - o) o += (size_t)n;
    }
    for (size_t i = 0; i < s->n_categories; i++) {
        n = snprintf(out + o, cap - o, "%s\"%s\"", i == 0 ? (o > 0 ? "; categories " : "categories ") : ", ",
                     s->categories[i]);
        if (n > 0 && (size_t)n < cap - o) o += (size_t)n;
    }
    for (size_t i = 0; i < s->n_resolvers; i++) {
        n = snprintf(out + o, cap - o, "%s%s", i == 0 ? (o > 0 ? "; resolvers " : "resolvers ") : ", ",
                     s->resolvers[i]);
        if (n > 0 && (size_t)n < cap - o) o += (size_t)n;
    }
    if (o == 0) (void)snprintf(out, cap, "any (as the role allows)");
}

static json_t *scope_json(const dpp_scope *s)
{
    json_t *o, *a;
    if (s->claims == 0 && s->n_gtin_prefixes == 0 && s->n_categories == 0 && s->n_resolvers == 0) return json_null();
    o = json_object();
    json_object_set_new(o, "claims", s->claims != 0 ? cli_claims_mask_json(s->claims) : json_null());
    a = json_array();
    for (size_t i = 0; i < s->n_gtin_prefixes; i++) json_array_append_new(a, cli_json_text(s->gtin_prefixes[i]));
    json_object_set_new(o, "gtin_prefixes", a);
    a = json_array();
    for (size_t i = 0; i < s->n_categories; i++) json_array_append_new(a, cli_json_text(s->categories[i]));
    json_object_set_new(o, "categories", a);
    a = json_array();
    for (size_t i = 0; i < s->n_resolvers; i++) json_array_append_new(a, cli_json_text(s->resolvers[i]));
    json_object_set_new(o, "resolvers", a);
    return o;
}

static json_t *time_or_null(bool has, int64_t t) { return has ? json_integer((json_int_t)t) : json_null(); }

static json_t *utc_or_null(bool has, int64_t t)
{
    char b[40];
    if (!has) return json_null();
    cli_format_time(t, b, sizeof b);
    return json_string(b);
}

static json_t *entry_json(const dpp_tl_entry *e)
{
    json_t *o = json_object(), *p = json_object();
    char kid[2 * DPP_KID_LEN + 1];
    dpp_key *k = NULL;
    int64_t nb = 0, na = 0;
    cli_hex(e->kid, DPP_KID_LEN, kid);
    json_object_set_new(o, "kid", json_string(kid));
    json_object_set_new(o, "role", dpp_role_name(e->role) ? json_string(dpp_role_name(e->role)) : json_null());
    json_object_set_new(p, "name", cli_json_text(e->party.name));
    json_object_set_new(p, "country", cli_json_text(e->party.country));
    if (e->party.operator_id.scheme[0] != '\0') {
        json_t *id = json_object();
        json_object_set_new(id, "scheme", cli_json_text(e->party.operator_id.scheme));
        json_object_set_new(id, "value", cli_json_text(e->party.operator_id.value));
        json_object_set_new(p, "operator_id", id);
    }
    json_object_set_new(o, "party", p);
    json_object_set_new(o, "key_type", json_string(e->is_certificate ? "certificate" : "public-key"));
    if (dpp_key_load(e->key, e->key_len, &k, NULL) == DPP_OK) {
        size_t n = 0;
        const char *alg = dpp_alg_name(dpp_key_alg(k));
        json_object_set_new(o, "alg", alg != NULL ? json_string(alg) : json_null());
        if (dpp_key_public_pem(k, NULL, 0, &n) == DPP_OK) {
            char *pem = cli_xmalloc(n + 1);
            if (dpp_key_public_pem(k, pem, n + 1, &n) == DPP_OK) json_object_set_new(o, "public_key_pem", json_string(pem));
            free(pem);
        }
        if (e->is_certificate && dpp_key_validity(k, &nb, &na)) {
            json_object_set_new(o, "certificate_not_before", json_integer((json_int_t)nb));
            json_object_set_new(o, "certificate_not_after", json_integer((json_int_t)na));
        }
    }
    dpp_key_free(k);
    json_object_set_new(o, "not_before", time_or_null(e->has_not_before, e->not_before));
    json_object_set_new(o, "not_before_utc", utc_or_null(e->has_not_before, e->not_before));
    json_object_set_new(o, "not_after", time_or_null(e->has_not_after, e->not_after));
    json_object_set_new(o, "not_after_utc", utc_or_null(e->has_not_after, e->not_after));
    json_object_set_new(o, "scope", scope_json(&e->scope));
    return o;
}

static void entry_print(size_t i, const dpp_tl_entry *e)
{
    char kid[2 * DPP_KID_LEN + 1], buf[1024], t1[40], t2[40];
    dpp_key *k = NULL;
    int64_t nb = 0, na = 0;
    int n;
    cli_hex(e->kid, DPP_KID_LEN, kid);
    printf("\nEntry %zu: kid %s, %s\n", i + 1, kid, dpp_role_name(e->role) ? dpp_role_name(e->role) : "?");
    n = snprintf(buf, sizeof buf, "%s (%s)", e->party.name, e->party.country);
    if (e->party.operator_id.scheme[0] != '\0' && n > 0 && (size_t)n < sizeof buf)
        (void)snprintf(buf + n, sizeof buf - (size_t)n, ", %s %s", e->party.operator_id.scheme,
                       e->party.operator_id.value);
    printf("  %-14s %s\n", "Party", cli_safe(buf));
    if (dpp_key_load(e->key, e->key_len, &k, NULL) == DPP_OK) {
        const char *alg = dpp_alg_name(dpp_key_alg(k));
        if (e->is_certificate && dpp_key_validity(k, &nb, &na)) {
            cli_format_time(nb, t1, sizeof t1);
            cli_format_time(na, t2, sizeof t2);
            printf("  %-14s X.509 certificate, %s, valid %s to %s\n", "Key", alg ? alg : "?", t1, t2);
        } else {
            printf("  %-14s %s public key\n", "Key", alg ? alg : "?");
        }
    } else {
        printf("  %-14s %s (%zu bytes, not loadable here)\n", "Key", e->is_certificate ? "certificate" : "public key",
               e->key_len);
    }
    dpp_key_free(k);
    if (e->has_not_before) cli_format_time(e->not_before, t1, sizeof t1);
    if (e->has_not_after) cli_format_time(e->not_after, t2, sizeof t2);
    if (e->has_not_before && e->has_not_after) printf("  %-14s from %s until %s\n", "Window", t1, t2);
    else if (e->has_not_before) printf("  %-14s from %s\n", "Window", t1);
    else if (e->has_not_after) printf("  %-14s until %s\n", "Window", t2);
    else printf("  %-14s any signing time\n", "Window");
    scope_text(&e->scope, buf, sizeof buf);
    printf("  %-14s %s\n", "Scope", cli_safe(buf));
}

static int trust_show(trust_args *ta)
{
    list_opts *lo = &ta->lo;
    void *doc = NULL;
    dpp_list_info info;
    dpp_tl_entry *e = NULL;
    bool verified = false;
    size_t n;
    int rc;

    if (lo->list == NULL) return cli_usage_err(lo->cmd, "missing LIST.cbor (the trust list to show)");
    rc = list_open_show(lo, &k_trust_kind, &doc, &info, &verified);
    if (rc != CLI_EX_OK) goto done;
    n = dpp_trustlist_count(doc);
    e = cli_xmalloc(sizeof *e);
    if (lo->json) {
        json_t *o = json_object(), *arr = json_array();
        list_info_json(o, lo, &k_trust_kind, &info, verified);
        for (size_t i = 0; i < n; i++)
            if (dpp_trustlist_get(doc, i, e) == DPP_OK) json_array_append_new(arr, entry_json(e));
        json_object_set_new(o, "n_entries", json_integer((json_int_t)n));
        json_object_set_new(o, "entries", arr);
        (void)cli_json_print(stdout, o, true);
        json_decref(o);
    } else {
        list_print_info(lo, &k_trust_kind, &info, verified);
        for (size_t i = 0; i < n; i++)
            if (dpp_trustlist_get(doc, i, e) == DPP_OK) entry_print(i, e);
        printf("\n%s\n", verified ? "VERIFIED"
                                  : "UNVERIFIED: signature and freshness not checked (give --pin OPERATOR.pub.pem)");
    }
    if (verified && info.past_next_update)
        cli_warn("%s: the trust list (sequence %" PRIu64 ") is past its next update; fetch or sign a new one", lo->list,
                 info.sequence);
done:
    free(e);
    if (doc != NULL) dpp_trustlist_free(doc);
    return rc;
}

int cmd_trust(int argc, char **argv)
{
    static const char *const subs[] = {"init", "add", "remove", "sign", "show", NULL};
    static const char *const cmds[] = {"trust init", "trust add", "trust remove", "trust sign", "trust show"};
    trust_args *ta;
    cli_args a;
    const char *arg, *sub;
    uint64_t seen = 0, allowed;
    int id, rc = CLI_EX_OK, which = -1;

    if (argc < 1) {
        print_help(stderr);
        return CLI_EX_USAGE;
    }
    sub = argv[0];
    if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0 || strcmp(sub, "help") == 0) {
        print_help(stdout);
        return CLI_EX_OK;
    }
    if (strcmp(sub, "keygen") == 0) return cmd_keygen(argc - 1, argv + 1);
    for (int i = 0; subs[i] != NULL; i++)
        if (strcmp(sub, subs[i]) == 0) which = i;
    if (which < 0)
        return cli_usage_err("trust", "unknown subcommand '%s' (init, add, remove, sign, show, keygen)", sub);

    ta = cli_xmalloc(sizeof *ta);
    memset(ta, 0, sizeof *ta);
    list_opts_init(&ta->lo, cmds[which]);
    cli_args_init(&a, cmds[which], argc - 1, argv + 1);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        if (id < 0) {
            rc = -id;
            goto done;
        }
        if (id == LIST_O_HELP) {
            print_help(stdout);
            goto done;
        }
        if (id > 0) seen |= LIST_BIT(id);
        if (id > 0 && id < LIST_O_OWN) {
            if ((rc = list_opt(&ta->lo, id, arg)) != 0) goto done;
            continue;
        }
        switch (id) {
        case O_KEY: ta->key = arg; break;
        case O_KID: ta->kid = arg; break;
        case O_ROLE: ta->role = arg; break;
        case O_NAME: ta->name = arg; break;
        case O_COUNTRY: ta->country = arg; break;
        case O_ID: ta->id = arg; break;
        case O_FROM: ta->from = arg; break;
        case O_UNTIL: ta->until = arg; break;
        case O_SCOPE:
            if ((rc = parse_scope(ta->lo.cmd, arg, &ta->scope)) != 0) goto done;
            break;
        case O_REPLACE: ta->replace = true; break;
        case 0:
            if (ta->lo.list != NULL) {
                rc = cli_usage_err(ta->lo.cmd, "unexpected argument '%s' (one LIST only)", arg);
                goto done;
            }
            ta->lo.list = arg;
            break;
        default: rc = CLI_EX_SOFTWARE; goto done;
        }
    }
    switch (which) {
    case 0: allowed = EDIT_OPTS | LIST_BIT(LIST_O_FORCE); allowed &= ~LIST_BIT(LIST_O_PIN); break;
    case 1:
        allowed = EDIT_OPTS | LIST_BIT(O_KEY) | LIST_BIT(O_ROLE) | LIST_BIT(O_NAME) | LIST_BIT(O_COUNTRY) |
                  LIST_BIT(O_ID) | LIST_BIT(O_FROM) | LIST_BIT(O_UNTIL) | LIST_BIT(O_SCOPE) | LIST_BIT(O_REPLACE);
        break;
    case 2: allowed = EDIT_OPTS | LIST_BIT(O_KID) | LIST_BIT(O_KEY) | LIST_BIT(O_ROLE); break;
    case 3: allowed = EDIT_OPTS; break;
    default: allowed = SHOW_OPTS; break;
    }
    if ((rc = list_opts_allowed(&ta->lo, k_opts, seen, allowed)) != 0) goto done;
    if (which == 0) rc = trust_init(ta);
    else if (which == 4) rc = trust_show(ta);
    else rc = trust_edit(ta, subs[which]);
done:
    free(ta);
    return rc;
}
