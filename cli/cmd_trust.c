/* SPDX-License-Identifier: Apache-2.0 */
/* dpp trust init|add|remove|sign|show|keygen: signed trust lists (the
 * trust-list operations of list_cmd.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "help.h"
#include "list_cmd.h"
#include "common.h"
#include "util.h"



static void print_help(FILE *f) { cli_help(f, "trust"); }

/* ======================================================================== */
/* dpp trust                                                                */
/* ======================================================================== */

enum { O_KEY = LIST_O_OWN, O_KID, O_ROLE, O_NAME, O_COUNTRY, O_ID, O_FROM, O_UNTIL, O_SCOPE, O_REPLACE, O_ROLLOVER };
static const cli_opt k_opts[] = {
    LIST_COMMON_OPTS,
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
    {"rollover-from", 0, true, O_ROLLOVER},
    {NULL, 0, false, 0},
};

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
static int build_entry(const list_cmd *c, dpp_trustlist_entry *e)
{
    const list_trust_args *ta = &c->k.trust;
    const char *cmd = c->lo.cmd;
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
        if (cli_parse_time(ta->from, c->lo.now, &e->not_before) != 0)
            return cli_usage_err(cmd, "--from: '%s' is not an ISO 8601 time", ta->from);
        e->has_not_before = true;
    }
    if (ta->until != NULL) {
        if (cli_parse_time(ta->until, c->lo.now, &e->not_after) != 0)
            return cli_usage_err(cmd, "--until: '%s' is not an ISO 8601 time", ta->until);
        e->has_not_after = true;
    }
    if (e->has_not_before && e->has_not_after && e->not_after <= e->not_before)
        return cli_usage_err(cmd, "--until must be after --from");
    e->scope = ta->scope;

    rc = cli_read_file(ta->key, CLI_MAX_KEY_FILE, &data, &len);
    if (rc != CLI_EX_OK) return rc;
    err = dpp_trustlist_entry_set_key(e, data, len, &d);
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

/* ---- add, remove ---- */

static int trust_opt(list_cmd *c, int id, const char *arg)
{
    list_trust_args *ta = &c->k.trust;
    switch (id) {
    case O_KEY: ta->key = arg; return 0;
    case O_KID: ta->kid = arg; return 0;
    case O_ROLE: ta->role = arg; return 0;
    case O_NAME: ta->name = arg; return 0;
    case O_COUNTRY: ta->country = arg; return 0;
    case O_ID: ta->id = arg; return 0;
    case O_FROM: ta->from = arg; return 0;
    case O_UNTIL: ta->until = arg; return 0;
    case O_SCOPE: return parse_scope(c->lo.cmd, arg, &ta->scope);
    case O_REPLACE: ta->replace = true; return 0;
    case O_ROLLOVER: ta->rollover_from = arg; return 0;
    default: return CLI_EX_SOFTWARE;
    }
}

static void trust_args_init(list_cmd *c, int argc)
{
    (void)argc;
    c->k.trust.remove_role = DPP_ROLE_ANY;
}

static void trust_args_free(list_cmd *c)
{
    free(c->k.trust.entry);
    c->k.trust.entry = NULL;
}

static int trust_prepare(list_cmd *c)
{
    (void)c;
    return 0;
}

/* add: the entry; remove: the kid (and role) to remove. */
static int trust_edit_check(list_cmd *c)
{
    list_trust_args *ta = &c->k.trust;
    const char *cmd = c->lo.cmd;
    int rc;
    if (c->sub == LIST_SUB_ADD) {
        ta->entry = cli_xmalloc(sizeof *ta->entry);
        return build_entry(c, ta->entry);
    }
    if ((ta->kid != NULL) == (ta->key != NULL))
        return cli_usage_err(cmd, "give the entry to remove as --kid HEX or --key FILE (one of them)");
    if (ta->kid != NULL && list_parse_kid(ta->kid, ta->remove_kid) != 0)
        return cli_usage_err(cmd, "--kid: '%s' is not %d hex digits", ta->kid, 2 * DPP_KID_LEN);
    if (ta->role != NULL && (rc = parse_role(cmd, ta->role, &ta->remove_role)) != 0) return rc;
    if (ta->key != NULL && (rc = list_kid_of_file(ta->key, ta->remove_kid)) != CLI_EX_OK) return rc;
    return 0;
}

static int trust_add(list_cmd *c, dpp_trustlist *tl)
{
    list_trust_args *ta = &c->k.trust;
    const dpp_trustlist_entry *e = ta->entry;
    dpp_diag d;
    dpp_err err;
    if (ta->replace) {
        err = dpp_trustlist_remove(tl, e->kid, e->role, &ta->removed);
        if (err != DPP_OK && err != DPP_ERR_NOT_FOUND) {
            cli_err_at(c->lo.list, 0, "cannot replace the entry: %s", dpp_err_str(err));
            return cli_exit_for(err);
        }
    }
    err = dpp_trustlist_add(tl, e, &d);
    if (err == DPP_ERR_INVALID_ARG)
        return cli_usage_err(c->lo.cmd, "%s%s", d.msg, strstr(d.msg, "already has an entry") ? " (or use --replace)" : "");
    if (err != DPP_OK) {
        cli_err_at(c->lo.list, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        return cli_exit_for(err);
    }
    return 0;
}

static int trust_remove(list_cmd *c, dpp_trustlist *tl)
{
    list_trust_args *ta = &c->k.trust;
    char kidhex[2 * DPP_KID_LEN + 1];
    dpp_err err = dpp_trustlist_remove(tl, ta->remove_kid, ta->remove_role, &ta->removed);
    cli_hex(ta->remove_kid, DPP_KID_LEN, kidhex);
    if (err == DPP_ERR_NOT_FOUND) {
        cli_err_at(c->lo.list, 0, "no entry has kid %s%s%s", kidhex, ta->remove_role != DPP_ROLE_ANY ? " as " : "",
                   ta->remove_role != DPP_ROLE_ANY ? dpp_role_name(ta->remove_role) : "");
        return cli_exit_for(err);
    }
    if (err != DPP_OK) {
        cli_err_at(c->lo.list, 0, "cannot remove the entry: %s", dpp_err_str(err));
        return cli_exit_for(err);
    }
    return 0;
}

static int trust_edit(list_cmd *c, list_doc *doc)
{
    return c->sub == LIST_SUB_ADD ? trust_add(c, doc->u.trust) : trust_remove(c, doc->u.trust);
}

static void trust_edit_report(const list_cmd *c)
{
    const list_trust_args *ta = &c->k.trust;
    char kidhex[2 * DPP_KID_LEN + 1];
    if (c->sub == LIST_SUB_ADD) {
        const dpp_trustlist_entry *e = ta->entry;
        cli_hex(e->kid, DPP_KID_LEN, kidhex);
        printf("%s\n", kidhex);
        fprintf(stderr, "dpp: %s kid %s as %s (%s, %s)\n", ta->removed > 0 ? "replaced" : "added", kidhex,
                dpp_role_name(e->role), cli_safe(e->party.name), cli_safe(e->party.country));
    } else {
        cli_hex(ta->remove_kid, DPP_KID_LEN, kidhex);
        fprintf(stderr, "dpp: removed %zu entr%s of kid %s\n", ta->removed, ta->removed == 1 ? "y" : "ies", kidhex);
    }
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

static json_t *entry_json(const dpp_trustlist_entry *e)
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

static void entry_print(size_t i, const dpp_trustlist_entry *e)
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

static json_t *trust_entries_json(const list_doc *doc)
{
    json_t *arr = json_array();
    dpp_trustlist_entry *e = cli_xmalloc(sizeof *e);
    for (size_t i = 0; i < dpp_trustlist_count(doc->u.trust); i++)
        if (dpp_trustlist_get(doc->u.trust, i, e) == DPP_OK) json_array_append_new(arr, entry_json(e));
    free(e);
    return arr;
}

static void trust_entries_print(const list_doc *doc)
{
    dpp_trustlist_entry *e = cli_xmalloc(sizeof *e);
    for (size_t i = 0; i < dpp_trustlist_count(doc->u.trust); i++)
        if (dpp_trustlist_get(doc->u.trust, i, e) == DPP_OK) entry_print(i, e);
    free(e);
}

/* sign --rollover-from OLD.pem: OLD (which signed the list so far)
 * announces the --operator-key as its successor (spec/trust.md 3.9); the
 * statement joins the list's operator chain, and the new key signs. */
static int trust_sign_edit(list_cmd *c, list_doc *doc, const dpp_key *op)
{
    const char *from = c->k.trust.rollover_from;
    dpp_key *old = NULL;
    uint8_t st[DPP_ROLLOVER_MAX_LEN];
    size_t n = 0;
    dpp_diag d;
    dpp_err err;
    int rc;
    if (from == NULL) return CLI_EX_OK;
    rc = cli_load_key(from, true, &old);
    if (rc != CLI_EX_OK) return rc;
    err = dpp_rollover_sign(old, op, st, sizeof st, &n, &d);
    if (err == DPP_OK) err = dpp_trustlist_add_rollover(doc->u.trust, st, n, &d);
    dpp_key_free(old);
    if (err != DPP_OK) {
        cli_err_at(from, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        return err == DPP_ERR_INVALID_ARG ? CLI_EX_USAGE : cli_exit_for(err);
    }
    return CLI_EX_OK;
}

static int trust_other_sub(const char *sub, int argc, char **argv)
{
    return strcmp(sub, "keygen") == 0 ? cmd_keygen(argc, argv) : -1;
}

static const list_ops k_trust_ops = {
    .kind = DPP_LIST_KIND_TRUST,
    .name = "trust",
    .title = "trust list",
    .file = "LIST.cbor",
    .entries = "entries",
    .subs_hint = "init, add, remove, sign, show, keygen",
    .opts = k_opts,
    .own_allowed = {
        [LIST_SUB_ADD] = LIST_BIT(O_KEY) | LIST_BIT(O_ROLE) | LIST_BIT(O_NAME) | LIST_BIT(O_COUNTRY) | LIST_BIT(O_ID) |
                         LIST_BIT(O_FROM) | LIST_BIT(O_UNTIL) | LIST_BIT(O_SCOPE) | LIST_BIT(O_REPLACE),
        [LIST_SUB_REMOVE] = LIST_BIT(O_KID) | LIST_BIT(O_KEY) | LIST_BIT(O_ROLE),
        [LIST_SUB_SIGN] = LIST_BIT(O_ROLLOVER),
    },
    .help = print_help,
    .other_sub = trust_other_sub,
    .args_init = trust_args_init,
    .args_free = trust_args_free,
    .opt = trust_opt,
    .prepare = trust_prepare,
    .edit_check = trust_edit_check,
    .edit = trust_edit,
    .sign_edit = trust_sign_edit,
    .edit_report = trust_edit_report,
    .entries_json = trust_entries_json,
    .entries_print = trust_entries_print,
};

int cmd_trust(int argc, char **argv) { return list_cmd_run(&k_trust_ops, argc, argv); }
