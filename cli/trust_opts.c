/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: what a verifier trusts (--trust, --operator, --ca,
 * --cert, --chain, --revocations, ...) and the list rollback state. */
#include "trust_opts.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keys.h"
#include "util.h"

int cli_trust_opt(cli_trust_args *ta, const char *cmd, const char *name, const char *arg)
{
    const char **list = NULL;
    size_t *n = NULL;
    if (strcmp(name, "trust") == 0) list = ta->trust, n = &ta->n_trust;
    else if (strcmp(name, "operator") == 0) list = ta->operators, n = &ta->n_operators;
    else if (strcmp(name, "ca") == 0) list = ta->cas, n = &ta->n_cas;
    else if (strcmp(name, "cert") == 0) list = ta->certs, n = &ta->n_certs;
    else if (strcmp(name, "status") == 0) list = ta->status, n = &ta->n_status;
    else if (strcmp(name, "crl") == 0) list = ta->crls, n = &ta->n_crls;
    if (list != NULL) {
        if (*n == CLI_MAX_TRUST_FILES) return cli_usage_err(cmd, "at most %d --%s files", CLI_MAX_TRUST_FILES, name);
        list[(*n)++] = arg;
        return 0;
    }
    if (strcmp(name, "trust-list") == 0) {
        if (ta->n_trust_lists == CLI_MAX_TRUST_FILES)
            return cli_usage_err(cmd, "at most %d --trust-list options", CLI_MAX_TRUST_FILES);
        if (strchr(arg, ',') == NULL)
            return cli_usage_err(cmd, "--trust-list %s: give the list and its operator key: [NAME=]LIST,KEY", arg);
        ta->trust_lists[ta->n_trust_lists++] = arg;
        return 0;
    }
    if (strcmp(name, "scheme-revocations") == 0) {
        const char *eq = strchr(arg, '=');
        if (ta->n_scheme_revocations == CLI_MAX_TRUST_FILES)
            return cli_usage_err(cmd, "at most %d --scheme-revocations options", CLI_MAX_TRUST_FILES);
        if (eq == NULL || eq == arg || eq[1] == '\0' || (size_t)(eq - arg) > DPP_SCHEME_NAME_MAX)
            return cli_usage_err(cmd, "--scheme-revocations %s: give the scheme (1..%d bytes, as named by "
                                      "--trust-list) and its revocation list: NAME=FILE", arg, DPP_SCHEME_NAME_MAX);
        ta->scheme_revocations[ta->n_scheme_revocations++] = arg;
        return 0;
    }
    if (strcmp(name, "chain") == 0) {
        if (ta->chain != NULL) return cli_usage_err(cmd, "--chain given twice (put every intermediate in one PEM file)");
        ta->chain = arg;
        return 0;
    }
    if (strcmp(name, "revocations") == 0) {
        if (ta->revocations != NULL) return cli_usage_err(cmd, "--revocations given twice");
        ta->revocations = arg;
        return 0;
    }
    if (strcmp(name, "min-sequence") == 0) {
        char *end = NULL;
        unsigned long long v;
        if (arg[0] < '0' || arg[0] > '9') return cli_usage_err(cmd, "--min-sequence: '%s' is not a number", arg);
        v = strtoull(arg, &end, 10);
        if (*end != '\0') return cli_usage_err(cmd, "--min-sequence: '%s' is not a number", arg);
        ta->min_sequence = (uint64_t)v;
        return 0;
    }
    if (strcmp(name, "state") == 0) {
        if (ta->state != NULL) return cli_usage_err(cmd, "--state given twice");
        if (arg[0] == '\0') return cli_usage_err(cmd, "--state: empty file name");
        ta->state = arg;
        return 0;
    }
    if (strcmp(name, "no-state") == 0) {
        ta->no_state = true;
        return 0;
    }
    if (strcmp(name, "grace") == 0) {
        if (strcmp(arg, "0") == 0) ta->grace = 0;
        else if (cli_parse_duration(arg, &ta->grace) != 0)
            return cli_usage_err(cmd, "--grace: '%s' is not a duration such as 7d or 12h", arg);
        return 0;
    }
    return cli_usage_err(cmd, "internal: unknown trust option %s", name);
}

/* A signed (trust or revocation) list is a tagged COSE_Sign1: 0xD2 0x84. */
static bool is_signed_list(const uint8_t *p, size_t n) { return n >= 2 && p[0] == 0xd2 && p[1] == 0x84; }

static int list_err(const char *path, dpp_err err, const dpp_diag *d)
{
    cli_err_at(path, 0, "%s", d->msg[0] != '\0' ? d->msg : dpp_err_str(err));
    return cli_exit_for(err);
}

int cli_state_path(char *out, size_t cap)
{
    const char *x = getenv("XDG_STATE_HOME"), *h = getenv("HOME");
    int n;
    /* The XDG spec ignores a relative $XDG_STATE_HOME. */
    if (x != NULL && x[0] == '/') n = snprintf(out, cap, "%s/dpp/lists.state", x);
    else if (h != NULL && h[0] == '/') n = snprintf(out, cap, "%s/.local/state/dpp/lists.state", h);
    else return -1;
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

int cli_list_state_init(cli_list_state *ls, const char *cmd, const char *state, bool no_state)
{
    memset(ls, 0, sizeof *ls);
    if (no_state) {
        if (state != NULL) return cli_usage_err(cmd, "give --state FILE or --no-state, not both");
        return CLI_EX_OK;
    }
    ls->enabled = true;
    if (state != NULL) {
        ls->path = state;
    } else if (cli_state_path(ls->path_buf, sizeof ls->path_buf) == 0) {
        ls->path = ls->path_buf;
    }
    ls->cmd = cmd;
    return CLI_EX_OK;
}

/* Reads the state file once (a missing file is an empty state). */
static dpp_err state_open(cli_list_state *ls)
{
    dpp_diag d;
    dpp_err err;
    if (ls->st != NULL) return DPP_OK;
    err = dpp_liststate_load(ls->path, &ls->st, &d);
    if (err != DPP_OK) cli_err("%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
    return err;
}

int cli_list_state_see_status(cli_list_state *ls, const dpp_trust *trust, const char *const *files,
                              const uint8_t (*ids)[DPP_STATUS_LIST_ID_LEN], size_t n)
{
    dpp_err err;
    if (!ls->enabled || n == 0) return CLI_EX_OK;
    if (ls->path == NULL)
        return cli_usage_err(ls->cmd, "%s: a signed list needs a state file for rollback protection, and neither "
                                      "$XDG_STATE_HOME nor $HOME is an absolute directory: give --state FILE (or "
                                      "--no-state)",
                             files[0]);
    if ((err = state_open(ls)) != DPP_OK) return cli_exit_for(err);
    for (size_t i = 0; i < n; i++) {
        dpp_status_part_info pi;
        uint8_t digest[32];
        bool changed = false, later = false;
        dpp_diag d;
        for (size_t j = i + 1; j < n && !later; j++) later = memcmp(ids[i], ids[j], DPP_STATUS_LIST_ID_LEN) == 0;
        if (later) continue; /* the part once its last file is applied */
        if (dpp_trust_status_info(trust, ids[i], 0, &pi) != DPP_OK ||
            dpp_trust_status_digest(trust, ids[i], digest) != DPP_OK) {
            cli_err_at(files[i], 0, "cannot read back the status list just loaded");
            return CLI_EX_SOFTWARE;
        }
        err = dpp_liststate_update(ls->st, DPP_LIST_KIND_STATUS, ids[i], pi.sequence, pi.issued_at, digest, &changed,
                                   &d);
        if (err != DPP_OK) {
            if (err == DPP_ERR_LIST_ROLLBACK)
                cli_err_at(files[i], 0, "%s (state %s; --no-state to skip this check)", d.msg, ls->path);
            else
                cli_err_at(files[i], 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
            return cli_exit_for(err);
        }
        ls->changed = ls->changed || changed;
    }
    return CLI_EX_OK;
}

int cli_list_state_see(cli_list_state *ls, const char *list_path, dpp_list_kind kind, const uint8_t *data,
                       size_t len, const dpp_list_info *info)
{
    uint8_t digest[32];
    bool changed = false;
    dpp_diag d;
    dpp_err err;
    if (!ls->enabled) return CLI_EX_OK;
    if (ls->path == NULL)
        return cli_usage_err(ls->cmd, "%s: a signed list needs a state file for rollback protection, and neither "
                                      "$XDG_STATE_HOME nor $HOME is an absolute directory: give --state FILE (or "
                                      "--no-state)",
                             list_path);
    if ((err = state_open(ls)) != DPP_OK) return cli_exit_for(err);
    if (dpp_sha256(data, len, digest) != DPP_OK) {
        cli_err_at(list_path, 0, "cannot hash the list");
        return CLI_EX_SOFTWARE;
    }
    err = dpp_liststate_update(ls->st, kind, info->signer_kid, info->sequence, info->issued_at, digest, &changed, &d);
    if (err != DPP_OK) {
        if (err == DPP_ERR_LIST_ROLLBACK)
            cli_err_at(list_path, 0, "%s (state %s; --no-state to skip this check)", d.msg, ls->path);
        else
            cli_err_at(list_path, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        return cli_exit_for(err);
    }
    ls->changed = ls->changed || changed;
    return CLI_EX_OK;
}

/* mkdir -p of the directories above path (mode 0700). */
static void make_parents(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n >= sizeof buf) return;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i < n; i++) {
        if (buf[i] != '/') continue;
        buf[i] = '\0';
        (void)mkdir(buf, 0700);
        buf[i] = '/';
    }
}

int cli_list_state_finish(cli_list_state *ls, bool save)
{
    int rc = CLI_EX_OK;
    if (ls->st != NULL && save && ls->changed) {
        dpp_diag d;
        dpp_err err;
        make_parents(ls->path);
        err = dpp_liststate_save(ls->st, ls->path, &d);
        if (err != DPP_OK) {
            cli_err("%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
            rc = cli_exit_for(err);
        }
    }
    dpp_liststate_free(ls->st);
    ls->st = NULL;
    return rc;
}

/* Reads the signed list at path into scheme name (a trust list or a
 * revocation list, checked against that scheme's pins), records it in the
 * rollback state and warns when it is past its next update. */
static int load_scheme_file(dpp_trust *trust, const char *name, const char *path, dpp_list_kind kind,
                            const dpp_list_policy *pol, cli_list_state *ls)
{
    uint8_t *data = NULL;
    size_t len = 0;
    dpp_list_info info;
    dpp_diag d;
    dpp_err err;
    int rc = cli_read_file(path, DPP_LIST_MAX_LEN, &data, &len);
    if (rc != CLI_EX_OK) return rc;
    err = kind == DPP_LIST_KIND_TRUST ? dpp_trust_scheme_load_list(trust, name, data, len, pol, &info, &d)
                                      : dpp_trust_scheme_load_revocations(trust, name, data, len, pol, &info, &d);
    if (err == DPP_OK) rc = cli_list_state_see(ls, path, kind, data, len, &info);
    free(data);
    if (err != DPP_OK) return list_err(path, err, &d);
    if (rc != CLI_EX_OK) return rc;
    if (info.past_next_update)
        cli_warn("%s: the %s list of scheme %s (sequence %llu) is past its next update; fetch a new one", path,
                 kind == DPP_LIST_KIND_TRUST ? "trust" : "revocation", name, (unsigned long long)info.sequence);
    return CLI_EX_OK;
}

/* One --trust-list [NAME=]LIST,KEY: a named scheme with its own pin. */
static int load_scheme(dpp_trust *trust, const char *cmd, const char *arg, const dpp_list_policy *pol,
                       cli_list_state *ls)
{
    char name[DPP_SCHEME_NAME_MAX + 1], list[4096], key[4096];
    const char *comma = strrchr(arg, ','), *eq = strchr(arg, '='), *lp = arg;
    size_t n;
    dpp_key *k = NULL;
    dpp_err err;
    int rc;

    if (eq != NULL && eq < comma && memchr(arg, '/', (size_t)(eq - arg)) == NULL) {
        n = (size_t)(eq - arg);
        if (n == 0 || n > DPP_SCHEME_NAME_MAX)
            return cli_usage_err(cmd, "--trust-list %s: scheme name must be 1..%d bytes", arg, DPP_SCHEME_NAME_MAX);
        memcpy(name, arg, n);
        name[n] = '\0';
        lp = eq + 1;
    } else {
        name[0] = '\0';
    }
    n = (size_t)(comma - lp);
    if (n == 0 || n >= sizeof list || strlen(comma + 1) == 0 || strlen(comma + 1) >= sizeof key)
        return cli_usage_err(cmd, "--trust-list %s: give the list and its operator key: [NAME=]LIST,KEY", arg);
    memcpy(list, lp, n);
    list[n] = '\0';
    memcpy(key, comma + 1, strlen(comma + 1) + 1);
    if (name[0] == '\0') {
        const char *base = strrchr(list, '/');
        base = base != NULL ? base + 1 : list;
        n = strlen(base) < DPP_SCHEME_NAME_MAX ? strlen(base) : DPP_SCHEME_NAME_MAX;
        memcpy(name, base, n);
        name[n] = '\0';
    }
    rc = cli_load_public_key(key, &k);
    if (rc != CLI_EX_OK) return rc;
    err = dpp_trust_scheme_pin_operator(trust, name, k);
    dpp_key_free(k);
    if (err != DPP_OK) {
        cli_err_at(key, 0, "cannot pin the operator key of scheme %s: %s", name, dpp_err_str(err));
        return cli_exit_for(err);
    }
    return load_scheme_file(trust, name, list, DPP_LIST_KIND_TRUST, pol, ls);
}

/* One --scheme-revocations NAME=FILE: the revocation list of a named scheme,
 * checked against that scheme's pins (a revocation in any scheme wins). */
static int load_scheme_revocations(dpp_trust *trust, const char *arg, const dpp_list_policy *pol,
                                   cli_list_state *ls)
{
    char name[DPP_SCHEME_NAME_MAX + 1];
    const char *eq = strchr(arg, '='), *path;
    size_t n;
    if (eq == NULL) return CLI_EX_USAGE; /* checked by cli_trust_opt */
    n = (size_t)(eq - arg);
    if (n == 0 || n > DPP_SCHEME_NAME_MAX) return CLI_EX_USAGE;
    memcpy(name, arg, n);
    name[n] = '\0';
    path = eq + 1;
    return load_scheme_file(trust, name, path, DPP_LIST_KIND_REVOCATION, pol, ls);
}

int cli_trust_build(const cli_trust_args *ta, const char *cmd, int64_t at, dpp_trust **out)
{
    dpp_trust *trust = NULL;
    uint8_t *data = NULL, *chain = NULL;
    size_t len = 0, chain_len = 0, n_lists = 0;
    dpp_list_policy pol;
    dpp_list_info info;
    dpp_diag d;
    dpp_err err;
    cli_list_state ls;
    uint8_t status_ids[CLI_MAX_TRUST_FILES][DPP_STATUS_LIST_ID_LEN];
    int rc = CLI_EX_OK;

    *out = NULL;
    rc = cli_list_state_init(&ls, cmd, ta->state, ta->no_state);
    if (rc != CLI_EX_OK) return rc;
    if (ta->n_trust + ta->n_certs + ta->n_trust_lists == 0)
        return cli_usage_err(cmd, "--trust FILE is required (a public key, certificate or signed trust list)");
    if (ta->n_certs > 0 && ta->n_cas == 0) return cli_usage_err(cmd, "--cert needs the pinned CA: --ca FILE");
    if (ta->chain != NULL && ta->n_certs == 0) return cli_usage_err(cmd, "--chain is for --cert");
    if (ta->n_crls > 0 && ta->n_certs == 0) return cli_usage_err(cmd, "--crl is for --cert");
    if (ta->revocations != NULL && ta->n_operators == 0)
        return cli_usage_err(cmd, "--revocations needs the list operator's key: --operator FILE");
    if (ta->n_status > 0 && ta->n_operators + ta->n_trust_lists == 0)
        return cli_usage_err(cmd, "--status needs the list operator's key: --operator FILE");
    if (dpp_trust_new(&trust) != DPP_OK) {
        cli_err("out of memory");
        return CLI_EX_SOFTWARE;
    }
    memset(&pol, 0, sizeof pol);
    pol.now = at;
    pol.min_sequence = ta->min_sequence;
    pol.grace_seconds = ta->grace;

    for (size_t i = 0; i < ta->n_operators; i++) {
        dpp_key *k = NULL;
        rc = cli_load_public_key(ta->operators[i], &k);
        if (rc != CLI_EX_OK) goto done;
        err = dpp_trust_pin_operator(trust, k);
        dpp_key_free(k);
        if (err != DPP_OK) {
            cli_err_at(ta->operators[i], 0, "cannot pin the operator key: %s", dpp_err_str(err));
            rc = cli_exit_for(err);
            goto done;
        }
    }
    for (size_t i = 0; i < ta->n_cas; i++) {
        rc = cli_read_file(ta->cas[i], CLI_MAX_KEY_FILE, &data, &len);
        if (rc != CLI_EX_OK) goto done;
        err = dpp_trust_add_ca(trust, data, len, &d);
        free(data);
        data = NULL;
        if (err != DPP_OK) {
            rc = list_err(ta->cas[i], err, &d);
            goto done;
        }
    }
    /* CRLs before the certificates they judge, at the validation time */
    for (size_t i = 0; i < ta->n_crls; i++) {
        rc = cli_read_file(ta->crls[i], DPP_CRL_MAX_LEN, &data, &len);
        if (rc != CLI_EX_OK) goto done;
        err = dpp_trust_add_crl(trust, data, len, at, &d);
        free(data);
        data = NULL;
        if (err != DPP_OK) {
            rc = list_err(ta->crls[i], err, &d);
            goto done;
        }
    }
    if (ta->chain != NULL) {
        rc = cli_read_file(ta->chain, CLI_MAX_KEY_FILE, &chain, &chain_len);
        if (rc != CLI_EX_OK) goto done;
    }
    for (size_t i = 0; i < ta->n_certs; i++) {
        rc = cli_read_file(ta->certs[i], CLI_MAX_KEY_FILE, &data, &len);
        if (rc != CLI_EX_OK) goto done;
        err = dpp_trust_add_cert(trust, data, len, chain, chain_len, &d);
        free(data);
        data = NULL;
        if (err != DPP_OK) {
            rc = list_err(ta->certs[i], err, &d);
            goto done;
        }
    }
    for (size_t i = 0; i < ta->n_trust; i++) {
        rc = cli_read_file(ta->trust[i], DPP_LIST_MAX_LEN, &data, &len);
        if (rc != CLI_EX_OK) goto done;
        if (!is_signed_list(data, len)) {
            free(data);
            data = NULL;
            rc = cli_trust_add_file(trust, ta->trust[i]);
            if (rc != CLI_EX_OK) goto done;
            continue;
        }
        if (ta->n_operators == 0) {
            rc = cli_usage_err(cmd, "%s is a signed trust list: give its operator's key with --operator FILE",
                               ta->trust[i]);
            goto done;
        }
        if (++n_lists > 1) {
            rc = cli_usage_err(cmd, "only one signed trust list can be used at a time");
            goto done;
        }
        err = dpp_trust_load_list(trust, data, len, &pol, &info, &d);
        if (err == DPP_OK) rc = cli_list_state_see(&ls, ta->trust[i], DPP_LIST_KIND_TRUST, data, len, &info);
        free(data);
        data = NULL;
        if (err != DPP_OK) {
            rc = list_err(ta->trust[i], err, &d);
            goto done;
        }
        if (rc != CLI_EX_OK) goto done;
        if (info.past_next_update)
            cli_warn("%s: the trust list (sequence %llu) is past its next update; fetch a new one", ta->trust[i],
                     (unsigned long long)info.sequence);
    }
    for (size_t i = 0; i < ta->n_trust_lists; i++) {
        rc = load_scheme(trust, cmd, ta->trust_lists[i], &pol, &ls);
        if (rc != CLI_EX_OK) goto done;
    }
    for (size_t i = 0; i < ta->n_scheme_revocations; i++) {
        rc = load_scheme_revocations(trust, ta->scheme_revocations[i], &pol, &ls);
        if (rc != CLI_EX_OK) goto done;
    }
    if (ta->revocations != NULL) {
        rc = cli_read_file(ta->revocations, DPP_LIST_MAX_LEN, &data, &len);
        if (rc != CLI_EX_OK) goto done;
        err = dpp_trust_load_revocations(trust, data, len, &pol, &info, &d);
        if (err == DPP_OK) rc = cli_list_state_see(&ls, ta->revocations, DPP_LIST_KIND_REVOCATION, data, len, &info);
        free(data);
        data = NULL;
        if (err != DPP_OK) {
            rc = list_err(ta->revocations, err, &d);
            goto done;
        }
        if (rc != CLI_EX_OK) goto done;
        if (info.past_next_update)
            cli_warn("%s: the revocation list (sequence %llu) is past its next update; fetch a new one",
                     ta->revocations, (unsigned long long)info.sequence);
    }
    for (size_t i = 0; i < ta->n_status; i++) {
        rc = cli_read_file(ta->status[i], DPP_LIST_MAX_LEN, &data, &len);
        if (rc != CLI_EX_OK) goto done;
        err = dpp_trust_load_status(trust, data, len, &pol, &info, &d);
        if (err == DPP_OK) err = dpp_status_list_peek_id(data, len, status_ids[i], &d);
        free(data);
        data = NULL;
        if (err != DPP_OK) {
            rc = list_err(ta->status[i], err, &d);
            goto done;
        }
        if (info.past_next_update)
            cli_warn("%s: the status list (sequence %llu) is past its next update; fetch a new one", ta->status[i],
                     (unsigned long long)info.sequence);
    }
    /* Status parts once every file is applied (a delta needs its older base first). */
    rc = cli_list_state_see_status(&ls, trust, ta->status, (const uint8_t(*)[DPP_STATUS_LIST_ID_LEN])status_ids,
                                   ta->n_status);
    if (rc != CLI_EX_OK) goto done;
    /* Every list passed: remember them. */
    rc = cli_list_state_finish(&ls, true);
    if (rc != CLI_EX_OK) goto done;
    *out = trust;
    trust = NULL;
done:
    (void)cli_list_state_finish(&ls, false);
    free(data);
    free(chain);
    dpp_trust_free(trust);
    return rc;
}
