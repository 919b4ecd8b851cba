/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "util.h"

int cli_load_key(const char *path, bool need_private, dpp_key **out)
{
    uint8_t *data = NULL;
    size_t len = 0;
    dpp_diag d;
    dpp_err err;
    int rc;

    *out = NULL;
    rc = cli_read_file(path, CLI_MAX_KEY_FILE, &data, &len);
    if (rc != CLI_EX_OK) return rc;
    err = dpp_key_load(data, len, out, &d);
    free(data);
    if (err != DPP_OK) {
        cli_err_at(path, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        return cli_exit_for(err);
    }
    if (need_private && !dpp_key_is_private(*out)) {
        cli_err_at(path, 0, "is a public key or certificate; signing needs the private key file");
        dpp_key_free(*out);
        *out = NULL;
        return CLI_EX_KEY;
    }
    return CLI_EX_OK;
}

/* "a private key was given where a public key belongs; use signer.pub.pem"
 * for path signer.pem (the name dpp keygen gives the public part). */
static int not_public_err(const char *path, unsigned long line)
{
    size_t n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".pem") == 0 && (n < 8 || strcmp(path + n - 8, ".pub.pem") != 0))
        cli_err_at(path, line, "a private key was given where a public key belongs; use %.*s.pub.pem", (int)(n - 4),
                   path);
    else
        cli_err_at(path, line, "a private key was given where a public key belongs; give its public part");
    return cli_exit_for(DPP_ERR_KEY_NOT_PUBLIC);
}

int cli_load_public_key(const char *path, dpp_key **out)
{
    uint8_t *data = NULL;
    size_t len = 0;
    dpp_diag d;
    dpp_err err;
    int rc;

    *out = NULL;
    rc = cli_read_file(path, CLI_MAX_KEY_FILE, &data, &len);
    if (rc != CLI_EX_OK) return rc;
    err = dpp_key_load_public(data, len, out, &d);
    cli_wipe(data, len);
    free(data);
    if (err == DPP_ERR_KEY_NOT_PUBLIC) return not_public_err(path, 0);
    if (err != DPP_OK) {
        cli_err_at(path, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        return cli_exit_for(err);
    }
    return CLI_EX_OK;
}

/* Refuses a private key among the --trust objects (DER or one PEM block). */
static int refuse_private(const char *path, unsigned long line, const uint8_t *p, size_t n)
{
    dpp_key *k = NULL;
    if (dpp_key_load_public(p, n, &k, NULL) == DPP_ERR_KEY_NOT_PUBLIC) return not_public_err(path, line);
    dpp_key_free(k);
    return CLI_EX_OK;
}

/* Finds the next "-----BEGIN " at or after from; returns its offset or len. */
static size_t next_begin(const uint8_t *p, size_t len, size_t from)
{
    static const char tag[] = "-----BEGIN ";
    for (size_t i = from; i + sizeof tag - 1 <= len; i++)
        if (memcmp(p + i, tag, sizeof tag - 1) == 0) return i;
    return len;
}

int cli_trust_add_file(dpp_trust *trust, const char *path)
{
    uint8_t *data = NULL;
    size_t len = 0, at, n_blocks = 0;
    dpp_diag d;
    dpp_err err;
    int rc = cli_read_file(path, CLI_MAX_KEY_FILE, &data, &len);
    if (rc != CLI_EX_OK) return rc;

    at = next_begin(data, len, 0);
    if (at == len) {
        /* DER, or not a key at all: one object. */
        rc = refuse_private(path, 0, data, len);
        if (rc != CLI_EX_OK) goto done;
        err = dpp_trust_add_bytes(trust, data, len, &d);
        if (err != DPP_OK) {
            cli_err_at(path, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
            rc = cli_exit_for(err);
        }
        goto done;
    }
    /* A PEM file may hold several keys or certificates: add each block. */
    while (at < len) {
        size_t end = next_begin(data, len, at + 1);
        n_blocks++;
        rc = refuse_private(path, n_blocks == 1 ? 0 : cli_line_of((const char *)data, len, at), data + at, end - at);
        if (rc != CLI_EX_OK) goto done;
        err = dpp_trust_add_bytes(trust, data + at, end - at, &d);
        if (err != DPP_OK) {
            cli_err_at(path, cli_line_of((const char *)data, len, at), "%s",
                       d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
            rc = cli_exit_for(err);
            goto done;
        }
        at = end;
    }
    (void)n_blocks;
done:
    free(data);
    return rc;
}

int cli_trust_opt(cli_trust_args *ta, const char *cmd, const char *name, const char *arg)
{
    const char **list = NULL;
    size_t *n = NULL;
    if (strcmp(name, "trust") == 0) list = ta->trust, n = &ta->n_trust;
    else if (strcmp(name, "operator") == 0) list = ta->operators, n = &ta->n_operators;
    else if (strcmp(name, "ca") == 0) list = ta->cas, n = &ta->n_cas;
    else if (strcmp(name, "cert") == 0) list = ta->certs, n = &ta->n_certs;
    if (list != NULL) {
        if (*n == CLI_MAX_TRUST_FILES) return cli_usage_err(cmd, "at most %d --%s files", CLI_MAX_TRUST_FILES, name);
        list[(*n)++] = arg;
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
    if (ls->st == NULL) {
        err = dpp_liststate_load(ls->path, &ls->st, &d);
        if (err != DPP_OK) {
            cli_err("%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
            return cli_exit_for(err);
        }
    }
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
    int rc = CLI_EX_OK;

    *out = NULL;
    rc = cli_list_state_init(&ls, cmd, ta->state, ta->no_state);
    if (rc != CLI_EX_OK) return rc;
    if (ta->n_trust + ta->n_certs == 0)
        return cli_usage_err(cmd, "--trust FILE is required (a public key, certificate or signed trust list)");
    if (ta->n_certs > 0 && ta->n_cas == 0) return cli_usage_err(cmd, "--cert needs the pinned CA: --ca FILE");
    if (ta->chain != NULL && ta->n_certs == 0) return cli_usage_err(cmd, "--chain is for --cert");
    if (ta->revocations != NULL && ta->n_operators == 0)
        return cli_usage_err(cmd, "--revocations needs the list operator's key: --operator FILE");
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

json_t *cli_signer_json(const dpp_signer_info *s)
{
    char kid[2 * DPP_KID_LEN + 1];
    json_t *o = json_object();
    const char *role = dpp_role_name(s->role), *src = dpp_key_source_name(s->source);
    cli_hex(s->kid, DPP_KID_LEN, kid);
    json_object_set_new(o, "source", src != NULL ? json_string(src) : json_null());
    json_object_set_new(o, "role", role != NULL ? json_string(role) : json_null());
    json_object_set_new(o, "kid", json_string(kid));
    if (s->party.name[0] != '\0') {
        json_t *p = json_object();
        json_object_set_new(p, "name", cli_json_text(s->party.name));
        json_object_set_new(p, "country", cli_json_text(s->party.country));
        if (s->party.operator_id.scheme[0] != '\0') {
            json_t *id = json_object();
            json_object_set_new(id, "scheme", cli_json_text(s->party.operator_id.scheme));
            json_object_set_new(id, "value", cli_json_text(s->party.operator_id.value));
            json_object_set_new(p, "operator_id", id);
        }
        json_object_set_new(o, "party", p);
    } else {
        json_object_set_new(o, "party", json_null());
    }
    return o;
}

json_t *cli_claims_mask_json(uint32_t mask)
{
    json_t *a = json_array();
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++)
        if ((mask & DPP_CLAIM_BIT(c)) != 0 && dpp_claim_name(c) != NULL) json_array_append_new(a, json_string(dpp_claim_name(c)));
    return a;
}

void cli_claims_mask_text(uint32_t mask, char *out, size_t cap)
{
    size_t o = 0;
    if (cap == 0) return;
    out[0] = '\0';
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++) {
        int n;
        if ((mask & DPP_CLAIM_BIT(c)) == 0 || dpp_claim_name(c) == NULL) continue;
        n = snprintf(out + o, cap - o, "%s%s", o == 0 ? "" : ", ", dpp_claim_name(c));
        if (n < 0 || (size_t)n >= cap - o) break;
        o += (size_t)n;
    }
}

/* The library's rule (dpp_text_trim: space, tab, CR, LF at either end), so
 * the tool accepts exactly what dpp_verify() accepts. */
static size_t source_trim(char *s, size_t n)
{
    size_t start = 0, len = dpp_text_trim(s, n, &start);
    memmove(s, s + start, len);
    s[len] = '\0';
    return len;
}

int cli_source_read(const char *cmd, const cli_source *src, char **text, size_t *len, const char **name)
{
    int given = (src->text_arg != NULL) + (src->in_file != NULL) + (src->image != NULL);
    uint8_t *buf = NULL;
    size_t n = 0;
    int rc;

    *text = NULL;
    *len = 0;
    *name = "<stdin>";
    if (given > 1) return cli_usage_err(cmd, "give only one of TEXT, --in FILE and --image IMAGE");
    if (src->image != NULL) {
        *name = src->image;
        return cli_image_qr(src->image, text, len);
    }
    if (src->text_arg != NULL && strcmp(src->text_arg, "-") != 0) {
        const char *t = src->text_arg;
        if (strncmp(t, "DPP", 3) != 0 && strchr(t, ':') == NULL && cli_path_exists(t))
            return cli_usage_err(cmd, "'%s' is a file name, not passport text; use --in %s (or --image for a picture)",
                                 t, t);
        n = strlen(t);
        if (n > CLI_MAX_TEXT_FILE) return cli_usage_err(cmd, "TEXT is longer than %u characters", CLI_MAX_TEXT_FILE);
        *text = cli_xstrdup(t);
        *len = source_trim(*text, n);
        *name = "<argument>";
        return CLI_EX_OK;
    }
    if (src->in_file != NULL) *name = strcmp(src->in_file, "-") == 0 ? "<stdin>" : src->in_file;
    if (src->in_file == NULL && src->text_arg == NULL && isatty(STDIN_FILENO))
        return cli_usage_err(cmd, "no input: give TEXT, --in FILE or --image IMAGE, or pipe the text in");
    rc = cli_read_file(src->in_file != NULL ? src->in_file : "-", CLI_MAX_TEXT_FILE, &buf, &n);
    if (rc != CLI_EX_OK) return rc;
    *len = source_trim((char *)buf, n);
    *text = (char *)buf;
    return CLI_EX_OK;
}

void cli_uuid_text(const uint8_t id[16], char out[37])
{
    char hex[33];
    cli_hex(id, 16, hex);
    (void)snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

json_t *cli_passport_json(const dpp_passport *p)
{
    size_t need = 0;
    char *buf;
    json_t *v;
    if (dpp_passport_to_json(p, NULL, 0, &need, NULL) != DPP_OK) return NULL;
    buf = cli_xmalloc(need + 1);
    if (dpp_passport_to_json(p, buf, need + 1, &need, NULL) != DPP_OK) {
        free(buf);
        return NULL;
    }
    v = json_loadb(buf, need, 0, NULL);
    free(buf);
    return v;
}

json_t *cli_claims_json(const dpp_claims *c)
{
    char t[40], kid[2 * DPP_KID_LEN + 1];
    const char *alg = dpp_alg_name(c->alg);
    json_t *o = json_object();
    json_object_set_new(o, "iss", c->iss[0] != '\0' ? cli_json_text(c->iss) : json_null());
    json_object_set_new(o, "iat", json_integer((json_int_t)c->iat));
    cli_format_time(c->iat, t, sizeof t);
    json_object_set_new(o, "iat_utc", json_string(t));
    if (c->has_exp) {
        json_object_set_new(o, "exp", json_integer((json_int_t)c->exp));
        cli_format_time(c->exp, t, sizeof t);
        json_object_set_new(o, "exp_utc", json_string(t));
    } else {
        json_object_set_new(o, "exp", json_null());
        json_object_set_new(o, "exp_utc", json_null());
    }
    json_object_set_new(o, "alg", alg != NULL ? json_string(alg) : json_null());
    cli_hex(c->kid, DPP_KID_LEN, kid);
    json_object_set_new(o, "kid", json_string(kid));
    json_object_set_new(o, "compressed", json_boolean(c->compressed));
    json_object_set_new(o, "link_uri", c->has_link && c->link_uri[0] != '\0' ? cli_json_text(c->link_uri) : json_null());
    if (c->has_link_sha256) {
        char h[65];
        cli_hex(c->link_sha256, 32, h);
        json_object_set_new(o, "link_sha256", json_string(h));
    } else {
        json_object_set_new(o, "link_sha256", json_null());
    }
    json_object_set_new(o, "n_attestations", json_integer((json_int_t)c->n_attestations));
    json_object_set_new(o, "form", json_string(cli_form_name(c->form)));
    json_object_set_new(o, "resolver", c->resolver[0] != '\0' ? cli_json_text(c->resolver) : json_null());
    return o;
}

static const char *jstr(const json_t *o, const char *key)
{
    const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Case-insensitive comparison of ASCII (no locale). */
static int strncasecmp_ascii(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y || x == 0) return x - y;
    }
    return 0;
}

/* Every fact is text from the passport or its signer: shown escaped. */
static void fact(FILE *f, const char *prefix, const char *label, const char *value)
{
    if (value == NULL || value[0] == '\0') return;
    fprintf(f, "%s%-14s ", prefix, label);
    cli_put_safe(f, value);
    fputc('\n', f);
}

void cli_party_text(const dpp_signer_info *si, char *out, size_t cap)
{
    char kid[2 * DPP_KID_LEN + 1];
    cli_hex(si->kid, DPP_KID_LEN, kid);
    if (si->party.name[0] == '\0')
        (void)snprintf(out, cap, "%s key %s", dpp_key_source_name(si->source), kid);
    else if (si->party.country[0] == '\0')
        (void)snprintf(out, cap, "%s", si->party.name);
    else
        (void)snprintf(out, cap, "%s (%s)", si->party.name, si->party.country);
}

void cli_claim_provenance(const dpp_verified *v, unsigned claim, char *out, size_t cap)
{
    int i = v != NULL ? dpp_claim_attested_by(v, claim) : -1;
    char who[DPP_MAX_NAME + 80];
    if (v == NULL) {
        (void)snprintf(out, cap, "declared by the manufacturer, not verified");
    } else if (i < 0 || i >= DPP_MAX_ATTESTATIONS) {
        (void)snprintf(out, cap, "self-declared by the manufacturer, no attestation");
    } else {
        cli_party_text(&v->attesters[i], who, sizeof who);
        (void)snprintf(out, cap, "attested by %s", who);
    }
}

void cli_claim_provenance_json(json_t *o, const dpp_verified *v, unsigned claim)
{
    int i = dpp_claim_attested_by(v, claim);
    json_t *by = json_array();
    if (i >= 0 && i < DPP_MAX_ATTESTATIONS) json_array_append_new(by, cli_signer_json(&v->attesters[i]));
    json_object_set_new(o, "self_declared", json_boolean(json_array_size(by) == 0));
    json_object_set_new(o, "attested_by", by);
}

void cli_passport_json_provenance(json_t *pj, const dpp_verified *v)
{
    json_t *fp = json_object_get(pj, "footprint"), *cb = json_object_get(pj, "cbam"),
           *certs = json_object_get(pj, "certifications"), *ce;
    size_t i;
    if (json_is_object(fp)) cli_claim_provenance_json(fp, v, DPP_CLAIM_FOOTPRINT);
    if (json_is_object(cb)) cli_claim_provenance_json(cb, v, DPP_CLAIM_CBAM);
    if (json_is_array(certs))
        json_array_foreach(certs, i, ce) {
            if (json_is_object(ce)) cli_claim_provenance_json(ce, v, DPP_CLAIM_CERTIFICATION_0 + (unsigned)i);
        }
}

void cli_print_facts(FILE *f, const char *prefix, const json_t *pj, const dpp_claims *c)
{
    cli_print_facts_ex(f, prefix, pj, c, NULL);
}

void cli_print_facts_ex(FILE *f, const char *prefix, const json_t *pj, const dpp_claims *c, const dpp_verified *v)
{
    char who[DPP_MAX_NAME + 120];
    char buf[1024], t[40], kid[2 * DPP_KID_LEN + 1];
    const json_t *m = json_object_get(pj, "manufacturer"), *fp = json_object_get(pj, "footprint"),
                 *cb = json_object_get(pj, "cbam"), *certs = json_object_get(pj, "certifications"),
                 *mats = json_object_get(pj, "materials"), *fac = json_object_get(pj, "facility");

    fact(f, prefix, "Product", jstr(pj, "name"));
    fact(f, prefix, "Category", jstr(pj, "category"));
    fact(f, prefix, "GTIN", jstr(pj, "gtin"));
    fact(f, prefix, "Batch", jstr(pj, "batch"));
    fact(f, prefix, "Serial", jstr(pj, "serial"));
    fact(f, prefix, "Passport id", jstr(pj, "id"));
    fact(f, prefix, "Produced", jstr(pj, "production_date"));
    if (json_is_object(m)) {
        const json_t *op = json_object_get(m, "operator_id");
        int n = snprintf(buf, sizeof buf, "%s (%s)", jstr(m, "name") ? jstr(m, "name") : "?",
                         jstr(m, "country") ? jstr(m, "country") : "?");
        if (json_is_object(op) && n > 0 && (size_t)n < sizeof buf)
            (void)snprintf(buf + n, sizeof buf - (size_t)n, ", %s %s", jstr(op, "scheme") ? jstr(op, "scheme") : "",
                           jstr(op, "value") ? jstr(op, "value") : "");
        fact(f, prefix, "Manufacturer", buf);
    }
    if (json_is_object(fac)) {
        const json_t *id = json_object_get(fac, "id");
        (void)snprintf(buf, sizeof buf, "%s%s%s %s", jstr(fac, "name") ? jstr(fac, "name") : "",
                       jstr(fac, "name") ? ", " : "", jstr(id, "scheme") ? jstr(id, "scheme") : "",
                       jstr(id, "value") ? jstr(id, "value") : "");
        fact(f, prefix, "Facility", buf);
    }
    if (json_is_array(mats) && json_array_size(mats) > 0) {
        size_t i, o = 0;
        const json_t *mt;
        json_array_foreach(mats, i, mt) {
            int n = snprintf(buf + o, sizeof buf - o, "%s%s", i == 0 ? "" : ", ",
                             jstr(mt, "name") ? jstr(mt, "name") : "?");
            if (n < 0 || (size_t)n >= sizeof buf - o) break;
            o += (size_t)n;
        }
        fact(f, prefix, "Materials", buf);
    }
    if (json_is_object(fp)) {
        /* "verification" is what the passport says, not a check: shown as
         * such, next to who actually vouches for the figure. */
        cli_claim_provenance(v, DPP_CLAIM_FOOTPRINT, who, sizeof who);
        (void)snprintf(buf, sizeof buf, "%s kgCO2e per %s (%s, %s, %s to %s; %s; the passport says '%s')",
                       jstr(fp, "total") ? jstr(fp, "total") : "?",
                       jstr(fp, "declared_unit") ? jstr(fp, "declared_unit") : "?",
                       jstr(fp, "boundary") ? jstr(fp, "boundary") : "?", jstr(fp, "method") ? jstr(fp, "method") : "?",
                       jstr(fp, "period_start") ? jstr(fp, "period_start") : "?",
                       jstr(fp, "period_end") ? jstr(fp, "period_end") : "?", who,
                       jstr(fp, "verification") ? jstr(fp, "verification") : "?");
        fact(f, prefix, "Footprint", buf);
    }
    if (json_is_object(cb)) {
        int n = snprintf(buf, sizeof buf, "CN %s, origin %s, SEE direct %s tCO2e/t",
                         jstr(cb, "cn_code") ? jstr(cb, "cn_code") : "?", jstr(cb, "origin") ? jstr(cb, "origin") : "?",
                         jstr(cb, "see_direct") ? jstr(cb, "see_direct") : "?");
        if (jstr(cb, "see_indirect") && n > 0 && (size_t)n < sizeof buf)
            n += snprintf(buf + n, sizeof buf - (size_t)n, ", indirect %s", jstr(cb, "see_indirect"));
        if (jstr(cb, "method") && n > 0 && (size_t)n < sizeof buf)
            n += snprintf(buf + n, sizeof buf - (size_t)n, " (%s values)", jstr(cb, "method"));
        cli_claim_provenance(v, DPP_CLAIM_CBAM, who, sizeof who);
        if (n > 0 && (size_t)n < sizeof buf) (void)snprintf(buf + n, sizeof buf - (size_t)n, "; %s", who);
        fact(f, prefix, "CBAM", buf);
    }
    if (json_is_array(certs)) {
        size_t i;
        const json_t *ce;
        json_array_foreach(certs, i, ce) {
            cli_claim_provenance(v, DPP_CLAIM_CERTIFICATION_0 + (unsigned)i, who, sizeof who);
            (void)snprintf(buf, sizeof buf, "%s %s by %s%s%s; %s", jstr(ce, "scheme") ? jstr(ce, "scheme") : "?",
                           jstr(ce, "certificate_id") ? jstr(ce, "certificate_id") : "?",
                           jstr(ce, "issuer") ? jstr(ce, "issuer") : "?", jstr(ce, "valid_until") ? ", until " : "",
                           jstr(ce, "valid_until") ? jstr(ce, "valid_until") : "", who);
            fact(f, prefix, i == 0 ? "Certification" : "", buf);
        }
    }
    if (c != NULL) {
        fact(f, prefix, "Issuer", c->iss);
        cli_format_time(c->iat, t, sizeof t);
        fact(f, prefix, "Issued", t);
        if (c->has_exp) cli_format_time(c->exp, t, sizeof t);
        fact(f, prefix, "Expires", c->has_exp ? t : "never (no exp claim)");
        cli_hex(c->kid, DPP_KID_LEN, kid);
        (void)snprintf(buf, sizeof buf, "%s, kid %s%s", dpp_alg_name(c->alg) ? dpp_alg_name(c->alg) : "?", kid,
                       c->compressed ? ", zlib-compressed" : "");
        fact(f, prefix, "Signature", buf);
        if (c->form == DPP_FORM_LINK)
            (void)snprintf(buf, sizeof buf, "link (GS1 Digital Link), signed resolver %s", c->resolver);
        else if (c->resolver[0] != '\0')
            (void)snprintf(buf, sizeof buf, "text (DPP1:), signed resolver %s ('dpp convert --to link')",
                           c->resolver);
        else
            (void)snprintf(buf, sizeof buf, "text (DPP1:), no resolver");
        fact(f, prefix, "Form", buf);
        if (c->has_link && c->link_uri[0] != '\0') {
            char h[65] = "";
            if (c->has_link_sha256) cli_hex(c->link_sha256, 32, h);
            (void)snprintf(buf, sizeof buf, "%s%s%s", c->link_uri, c->has_link_sha256 ? ", SHA-256 " : "", h);
            fact(f, prefix, "Full passport", buf);
        }
    }
}

int cli_json_print(FILE *f, const json_t *v, bool indent)
{
    size_t flags = JSON_PRESERVE_ORDER | (indent ? JSON_INDENT(2) : JSON_COMPACT);
    if (json_dumpf(v, f, flags) != 0) return -1;
    fputc('\n', f);
    return 0;
}

const char *cli_form_name(dpp_form form) { return form == DPP_FORM_LINK ? "link" : "text"; }

void cli_link_hri(const char *link, size_t len, char *out, size_t cap)
{
    const char *hash = memchr(link, '#', len);
    size_t n = hash != NULL ? (size_t)(hash - link) : len, i = 0, o = 0, slashes = 0;
    if (cap == 0) return;
    if (n >= 8 && strncasecmp_ascii(link, "https://", 8) == 0) i = 8;
    for (; i < n && o + 1 < cap; i++) {
        char c = link[i];
        if (c == '/') slashes++;
        /* the host (before the first '/' after the scheme): lower case */
        if (slashes == 0 && c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        out[o++] = c;
    }
    out[o] = '\0';
}

const char *cli_status_human(dpp_check_status s)
{
    switch (s) {
    case DPP_CHECK_PASS: return "PASS";
    case DPP_CHECK_FAIL: return "FAIL";
    case DPP_CHECK_SKIPPED: return "SKIPPED";
    case DPP_CHECK_NOT_RUN: return "NOT RUN";
    }
    return "?";
}

const char *cli_status_json(dpp_check_status s)
{
    switch (s) {
    case DPP_CHECK_PASS: return "pass";
    case DPP_CHECK_FAIL: return "fail";
    case DPP_CHECK_SKIPPED: return "skipped";
    case DPP_CHECK_NOT_RUN: return "not_run";
    }
    return "?";
}
