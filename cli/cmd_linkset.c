/* SPDX-License-Identifier: Apache-2.0 */
/* dpp linkset: the RFC 9264 linkset (application/linkset+json) a GS1
 * conformant resolver serves for the passports of the hybrid form: one
 * context object per passport, anchored at its canonical GS1 Digital Link
 * URI, with the DPP link types pointing to a target URL template. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "help.h"
#include "common.h"
#include "util.h"


enum { O_HELP = 1, O_TARGET, O_LINK_BASE, O_DEFAULT, O_TITLE, O_TYPE, O_LANG, O_OUT, O_FORCE };
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP},   {"target", 0, true, O_TARGET},   {"link-base", 0, true, O_LINK_BASE},
    {"default-target", 0, true, O_DEFAULT}, {"title", 0, true, O_TITLE}, {"type", 0, true, O_TYPE},
    {"lang", 0, true, O_LANG},      {"out", 'o', true, O_OUT},       {"force", 0, false, O_FORCE},
    {NULL, 0, false, 0},
};

/* Link relation types (RFC 9264 section 4.2.2: extension relation types as
 * absolute IRIs). GS1 Web Vocabulary as the GS1 resolver writes it; UNTP's
 * link types as its DPP data model names them (linkTypes/dcc, ...). */
#define REL_GS1_DPP "https://gs1.org/voc/dpp"
#define REL_GS1_DEFAULT "https://gs1.org/voc/defaultLink"
#define REL_UNTP_DPP "https://test.uncefact.org/vocabulary/linkTypes/dpp"

#define LS_MAX_INPUT (64u * 1024u * 1024u)
#define LS_MAX_URL 2048u

typedef struct ls_cfg {
    const char *target, *deflt, *title, *type, *lang;
    const char *link_base;
    char resolver[DPP_MAX_RESOLVER_LEN + 1]; /* normalised --link-base */
} ls_cfg;

/* One passport to list. */
typedef struct ls_item {
    const dpp_passport *p;
    const char *resolver; /* signed resolver, or "" */
    const char *text;     /* the signed passport, or NULL (JSON input) */
    size_t text_len;
} ls_item;

static bool is_unreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

/* Appends s percent-encoded as a GS1 Digital Link path value: unreserved
 * characters literally, the rest as %XX (upper case); "." and ".." whole
 * as %2E (they would be dot-segments). 0, or -1 if it would exceed cap. */
static int put_enc(char *out, size_t cap, size_t *o, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    bool dots = strcmp(s, ".") == 0 || strcmp(s, "..") == 0;
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (*o + 4 > cap) return -1;
        if (is_unreserved((char)c) && !dots) {
            out[(*o)++] = (char)c;
        } else {
            out[(*o)++] = '%';
            out[(*o)++] = hex[c >> 4];
            out[(*o)++] = hex[c & 15];
        }
    }
    out[*o] = '\0';
    return 0;
}

static int put_raw(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
    if (*o + n + 1 > cap) return -1;
    memcpy(out + *o, s, n);
    *o += n;
    out[*o] = '\0';
    return 0;
}

static void gtin14(const char *gtin, char out[15])
{
    size_t n = strlen(gtin), pad = n < 14 ? 14 - n : 0;
    memset(out, '0', pad);
    (void)snprintf(out + pad, 15 - pad, "%s", gtin);
}

/* GS1 AI 10 and 21 values: 1..20 characters of the 82-character set (GS1
 * General Specifications 7.11, "X"). */
static bool gs1_x20(const char *s)
{
    static const char set82[] = "!\"%&'()*+,-./:;<=>?_";
    size_t n = strlen(s);
    if (n == 0 || n > 20) return false;
    for (; *s != '\0'; s++) {
        char c = *s;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr(set82, c)))
            return false;
    }
    return true;
}

/* Checks a URL template: http(s), known placeholders only. */
static int check_template(const char *opt, const char *t)
{
    const char *s;
    if (strncmp(t, "https://", 8) != 0 && strncmp(t, "http://", 7) != 0)
        return cli_usage_err("linkset", "%s: '%s' is not an http(s) URL", opt, t);
    if (strlen(t) > LS_MAX_URL) return cli_usage_err("linkset", "%s: longer than %u characters", opt, LS_MAX_URL);
    for (s = t; *s != '\0'; s++) {
        if ((unsigned char)*s <= ' ' || *s == 0x7f)
            return cli_usage_err("linkset", "%s: a space or control character at offset %zu", opt, (size_t)(s - t));
        if (*s == '}') return cli_usage_err("linkset", "%s: '}' without '{' at offset %zu", opt, (size_t)(s - t));
        if (*s == '{') {
            const char *e = strchr(s, '}');
            size_t n = e != NULL ? (size_t)(e - s - 1) : 0;
            if (e == NULL || !((n == 4 && strncmp(s + 1, "gtin", 4) == 0) || (n == 3 && strncmp(s + 1, "lot", 3) == 0) ||
                               (n == 6 && strncmp(s + 1, "serial", 6) == 0) || (n == 2 && strncmp(s + 1, "id", 2) == 0)))
                return cli_usage_err("linkset", "%s: unknown placeholder at offset %zu (use {gtin}, {lot}, {serial}, {id})",
                                     opt, (size_t)(s - t));
            s = e;
        }
    }
    return CLI_EX_OK;
}

/* Fills template t for p into out; NULL on success, else what is missing. */
static const char *fill(const char *t, const dpp_passport *p, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    while (*t != '\0') {
        if (*t == '{') {
            const char *e = strchr(t, '}');
            size_t n = (size_t)(e - t - 1);
            char g[15], uuid[37];
            int r;
            if (n == 4) {
                gtin14(p->gtin, g);
                r = put_enc(out, cap, &o, g);
            } else if (n == 3) {
                if (p->batch[0] == '\0') return "{lot}, but the passport has no batch";
                r = put_enc(out, cap, &o, p->batch);
            } else if (n == 6) {
                if (p->serial[0] == '\0') return "{serial}, but the passport has no serial";
                r = put_enc(out, cap, &o, p->serial);
            } else {
                cli_uuid_text(p->id, uuid);
                r = put_enc(out, cap, &o, uuid);
            }
            if (r != 0) return "a URL that is too long";
            t = e + 1;
        } else {
            if (put_raw(out, cap, &o, t, 1) != 0) return "a URL that is too long";
            t++;
        }
    }
    return NULL;
}

/* The canonical GS1 Digital Link URI (no fragment) of it into out. Returns
 * an exit code after printing "dpp: WHERE: problem". */
static int anchor_of(const ls_cfg *c, const ls_item *it, const char *where, char *out, size_t cap)
{
    const dpp_passport *p = it->p;
    const char *res = it->resolver[0] != '\0' ? it->resolver : c->link_base != NULL ? c->resolver : NULL;
    char g[15];
    size_t o = 0;
    if (it->resolver[0] != '\0' && c->link_base != NULL && strcmp(it->resolver, c->resolver) != 0) {
        cli_err_at(where, 0, "the passport is signed for the resolver %s, not --link-base %s (%s)", it->resolver,
                   c->resolver, dpp_err_name(DPP_ERR_DL_DOMAIN));
        return CLI_EX_INVALID;
    }
    if (res == NULL) {
        cli_err_at(where, 0, "the passport names no resolver (claim -265): give --link-base URL");
        return CLI_EX_USAGE;
    }
    if (it->text != NULL && it->resolver[0] != '\0') {
        /* signed for a resolver: the library spells the link; its part
         * before '#', with lower-case scheme and host, is the anchor */
        char *link = cli_xmalloc(DPP_MAX_LINK_LEN + 1), hri[DPP_MAX_LINK_LEN + 1];
        size_t n = 0;
        dpp_diag d;
        dpp_err err = dpp_transport_convert(it->text, it->text_len, DPP_FORM_LINK, link, DPP_MAX_LINK_LEN + 1, &n, &d);
        if (err != DPP_OK) {
            free(link);
            cli_err_at(where, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
            return cli_exit_for(err);
        }
        cli_link_hri(link, n, hri, sizeof hri);
        free(link);
        (void)snprintf(out, cap, "https://%s", hri);
        return CLI_EX_OK;
    }
    /* JSON, or a text signed without a resolver: built here, with the same
     * rules (GTIN as 14 digits, values percent-encoded) */
    if ((p->batch[0] != '\0' && !gs1_x20(p->batch)) || (p->serial[0] != '\0' && !gs1_x20(p->serial))) {
        cli_err_at(where, 0, "%s '%s' cannot be a GS1 Digital Link value (AI %s: 1..20 characters of the GS1 "
                             "82-character set) (%s)",
                   p->batch[0] != '\0' && !gs1_x20(p->batch) ? "batch" : "serial",
                   p->batch[0] != '\0' && !gs1_x20(p->batch) ? p->batch : p->serial,
                   p->batch[0] != '\0' && !gs1_x20(p->batch) ? "10" : "21", dpp_err_name(DPP_ERR_DL_AI_VALUE));
        return CLI_EX_INVALID;
    }
    gtin14(p->gtin, g);
    if (put_raw(out, cap, &o, "https://", 8) != 0 || put_raw(out, cap, &o, res, strlen(res)) != 0 ||
        put_raw(out, cap, &o, "/01/", 4) != 0 || put_raw(out, cap, &o, g, 14) != 0 ||
        (p->batch[0] != '\0' && (put_raw(out, cap, &o, "/10/", 4) != 0 || put_enc(out, cap, &o, p->batch) != 0)) ||
        (p->serial[0] != '\0' && (put_raw(out, cap, &o, "/21/", 4) != 0 || put_enc(out, cap, &o, p->serial) != 0))) {
        cli_err_at(where, 0, "the anchor URI is too long");
        return CLI_EX_INVALID;
    }
    return CLI_EX_OK;
}

static json_t *target_obj(const ls_cfg *c, const char *href, const char *title)
{
    json_t *o = json_object();
    json_object_set_new(o, "href", json_string(href));
    json_object_set_new(o, "title", cli_json_text(title));
    json_object_set_new(o, "type", cli_json_text(c->type));
    if (c->lang != NULL) {
        json_t *l = json_array();
        json_array_append_new(l, cli_json_text(c->lang));
        json_object_set_new(o, "hreflang", l);
    }
    return o;
}

/* Adds the context object of one passport to set (seen: anchor -> "where
 * id" of the first one). Returns an exit code. */
static int add_item(const ls_cfg *c, const ls_item *it, const char *where, json_t *set, json_t *seen)
{
    char *anchor = cli_xmalloc(LS_MAX_URL + DPP_MAX_LINK_LEN), *href = cli_xmalloc(LS_MAX_URL * 4),
         *dhref = cli_xmalloc(LS_MAX_URL * 4), uuid[37];
    const char *missing;
    const json_t *prev;
    json_t *o, *a;
    int rc = anchor_of(c, it, where, anchor, LS_MAX_URL + DPP_MAX_LINK_LEN);
    if (rc != CLI_EX_OK) goto done;
    cli_uuid_text(it->p->id, uuid);
    prev = json_object_get(seen, anchor);
    if (prev != NULL) {
        const char *pv = json_string_value(prev), *sp = strrchr(pv, ' ');
        if (sp != NULL && strcmp(sp + 1, uuid) == 0) goto done; /* the same passport again */
        cli_err_at(where, 0, "passport %s has the anchor %s of another passport (%.*s)", uuid, anchor,
                   sp != NULL ? (int)(sp - pv) : 0, pv);
        rc = CLI_EX_INVALID;
        goto done;
    }
    if ((missing = fill(c->target, it->p, href, LS_MAX_URL * 4)) != NULL ||
        (missing = fill(c->deflt, it->p, dhref, LS_MAX_URL * 4)) != NULL) {
        cli_err_at(where, 0, "the target URL template uses %s", missing);
        rc = CLI_EX_INVALID;
        goto done;
    }
    {
        size_t n = strlen(where) + 40;
        char *w = cli_xmalloc(n);
        (void)snprintf(w, n, "%s %s", where, uuid);
        json_object_set_new(seen, anchor, json_string(w));
        free(w);
    }
    o = json_object();
    json_object_set_new(o, "anchor", json_string(anchor));
    if (it->p->name[0] != '\0') json_object_set_new(o, "itemDescription", cli_json_text(it->p->name));
    a = json_array();
    json_array_append_new(a, target_obj(c, dhref, c->title));
    json_object_set_new(o, REL_GS1_DEFAULT, a);
    a = json_array();
    json_array_append_new(a, target_obj(c, href, c->title));
    json_object_set_new(o, REL_GS1_DPP, a);
    a = json_array();
    json_array_append_new(a, target_obj(c, href, c->title));
    json_object_set_new(o, REL_UNTP_DPP, a);
    json_array_append_new(set, o);
done:
    free(anchor);
    free(href);
    free(dhref);
    return rc;
}

/* One passport JSON document (or JSON Lines line). */
static int add_json(const ls_cfg *c, const char *json, size_t len, const char *where, json_t *set, json_t *seen)
{
    dpp_passport *p = cli_xmalloc(sizeof *p);
    dpp_diag d;
    ls_item it;
    int rc;
    dpp_err err = dpp_passport_from_json(json, len, p, &d);
    if (err != DPP_OK) {
        cli_err_at(where, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
        free(p);
        return cli_exit_for(err);
    }
    memset(&it, 0, sizeof it);
    it.p = p;
    it.resolver = "";
    rc = add_item(c, &it, where, set, seen);
    free(p);
    return rc;
}

/* One signed passport (text or link). */
static int add_signed(const ls_cfg *c, const char *text, size_t len, const char *where, json_t *set, json_t *seen)
{
    dpp_unverified *u = cli_xmalloc(sizeof *u);
    dpp_diag d;
    ls_item it;
    int rc;
    dpp_err err = dpp_inspect(text, len, u, &d);
    if (err != DPP_OK) {
        cli_err_at(where, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
        free(u);
        return cli_exit_for(err);
    }
    it.p = &u->passport_unverified;
    it.resolver = u->claims_unverified.resolver;
    it.text = text;
    it.text_len = len;
    rc = add_item(c, &it, where, set, seen);
    free(u);
    return rc;
}

static int add_file(const ls_cfg *c, const char *path, json_t *set, json_t *seen)
{
    uint8_t *data = NULL;
    size_t len = 0, start = 0, n;
    unsigned long lineno = 0;
    char *s, *where;
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    size_t wcap = strlen(name) + 24;
    int rc = cli_read_file(path, LS_MAX_INPUT, &data, &len);
    if (rc != CLI_EX_OK) return rc;
    s = (char *)data;
    where = cli_xmalloc(wcap);
    n = dpp_text_trim(s, len, &start);
    /* one JSON document (possibly over several lines) */
    if (n > 0 && s[start] == '{' && memchr(s + start, '\n', n) != NULL) {
        json_error_t je;
        json_t *doc = json_loadb(s + start, n, 0, &je);
        if (doc != NULL) {
            json_decref(doc);
            (void)snprintf(where, wcap, "%s", name);
            rc = add_json(c, s + start, n, where, set, seen);
            goto done;
        }
    }
    /* one passport per line */
    while (len > 0) {
        char *nl = memchr(s, '\n', len);
        size_t ll = nl != NULL ? (size_t)(nl - s) : len, t0 = 0, tl;
        lineno++;
        tl = dpp_text_trim(s, ll, &t0);
        (void)snprintf(where, wcap, "%s:%lu", name, lineno);
        if (tl > 0) {
            if (s[t0] == '{') rc = add_json(c, s + t0, tl, where, set, seen);
            else rc = add_signed(c, s + t0, tl, where, set, seen);
            if (rc != CLI_EX_OK) break;
        }
        if (nl == NULL) break;
        len -= ll + 1;
        s = nl + 1;
    }
done:
    free(where);
    free(data);
    return rc;
}

int cmd_linkset(int argc, char **argv)
{
    cli_args a;
    const char *arg, *out = NULL;
    const char *inputs[256];
    size_t n_in = 0;
    bool force = false;
    ls_cfg c;
    json_t *set = NULL, *seen = NULL, *doc = NULL;
    char *dump = NULL;
    int id, rc = CLI_EX_OK;

    memset(&c, 0, sizeof c);
    c.title = "Digital product passport";
    c.type = "text/html";
    cli_args_init(&a, "linkset", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "linkset"); return CLI_EX_OK;
        case O_TARGET: c.target = arg; break;
        case O_DEFAULT: c.deflt = arg; break;
        case O_LINK_BASE: {
            dpp_diag d;
            if (dpp_resolver_normalize(arg, strlen(arg), c.resolver, sizeof c.resolver, &d) != DPP_OK)
                return cli_usage_err("linkset", "--link-base: %s", cli_safe(d.msg));
            c.link_base = arg;
            break;
        }
        case O_TITLE:
            if (arg[0] == '\0' || strlen(arg) > 200) return cli_usage_err("linkset", "--title: must be 1..200 bytes");
            c.title = arg;
            break;
        case O_TYPE:
            if (arg[0] == '\0' || strlen(arg) > 100 || strchr(arg, '/') == NULL)
                return cli_usage_err("linkset", "--type: '%s' is not a media type such as text/html", arg);
            c.type = arg;
            break;
        case O_LANG:
            if (arg[0] == '\0' || strlen(arg) > 35 || strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                                    "0123456789-") != strlen(arg))
                return cli_usage_err("linkset", "--lang: '%s' is not a language tag such as en or de-CH", arg);
            c.lang = arg;
            break;
        case O_OUT: out = arg; break;
        case O_FORCE: force = true; break;
        case 0:
            if (n_in == sizeof inputs / sizeof inputs[0]) return cli_usage_err("linkset", "at most 256 INPUT files");
            inputs[n_in++] = arg;
            break;
        default: return -id;
        }
    }
    if (c.target == NULL) return cli_usage_err("linkset", "--target URL is required");
    if ((rc = check_template("--target", c.target)) != CLI_EX_OK) return rc;
    if (c.deflt == NULL) c.deflt = c.target;
    else if ((rc = check_template("--default-target", c.deflt)) != CLI_EX_OK) return rc;
    if (n_in == 0) inputs[n_in++] = "-";

    set = json_array();
    seen = json_object();
    for (size_t i = 0; i < n_in && rc == CLI_EX_OK; i++) rc = add_file(&c, inputs[i], set, seen);
    if (rc != CLI_EX_OK) goto done;
    if (json_array_size(set) == 0) {
        cli_err("linkset: no passports in the input");
        rc = CLI_EX_NOINPUT;
        goto done;
    }
    doc = json_object();
    json_object_set(doc, "linkset", set);
    dump = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (dump == NULL) {
        cli_err("linkset: out of memory");
        rc = CLI_EX_SOFTWARE;
        goto done;
    }
    {
        size_t n = strlen(dump);
        char *buf = cli_xmalloc(n + 1);
        memcpy(buf, dump, n);
        buf[n] = '\n';
        rc = cli_write_atomic(out != NULL ? out : "-", buf, n + 1, 0, force ? CLI_W_FORCE : 0);
        free(buf);
    }
done:
    free(dump);
    json_decref(doc);
    json_decref(set);
    json_decref(seen);
    return rc;
}
