/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"

#include <stdlib.h>
#include <string.h>
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
        *len = cli_trim(*text, n);
        *name = "<argument>";
        return CLI_EX_OK;
    }
    if (src->in_file != NULL) *name = strcmp(src->in_file, "-") == 0 ? "<stdin>" : src->in_file;
    if (src->in_file == NULL && src->text_arg == NULL && isatty(STDIN_FILENO))
        return cli_usage_err(cmd, "no input: give TEXT, --in FILE or --image IMAGE, or pipe the text in");
    rc = cli_read_file(src->in_file != NULL ? src->in_file : "-", CLI_MAX_TEXT_FILE, &buf, &n);
    if (rc != CLI_EX_OK) return rc;
    *len = cli_trim((char *)buf, n);
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
    json_object_set_new(o, "iss", c->iss[0] != '\0' ? json_string(c->iss) : json_null());
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
    return o;
}

static const char *jstr(const json_t *o, const char *key)
{
    const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void fact(FILE *f, const char *prefix, const char *label, const char *value)
{
    if (value == NULL || value[0] == '\0') return;
    fprintf(f, "%s%-14s %s\n", prefix, label, value);
}

void cli_print_facts(FILE *f, const char *prefix, const json_t *pj, const dpp_claims *c)
{
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
        (void)snprintf(buf, sizeof buf, "%s kgCO2e per %s (%s, %s, %s to %s, %s)",
                       jstr(fp, "total") ? jstr(fp, "total") : "?",
                       jstr(fp, "declared_unit") ? jstr(fp, "declared_unit") : "?",
                       jstr(fp, "boundary") ? jstr(fp, "boundary") : "?", jstr(fp, "method") ? jstr(fp, "method") : "?",
                       jstr(fp, "period_start") ? jstr(fp, "period_start") : "?",
                       jstr(fp, "period_end") ? jstr(fp, "period_end") : "?",
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
            (void)snprintf(buf + n, sizeof buf - (size_t)n, " (%s values)", jstr(cb, "method"));
        fact(f, prefix, "CBAM", buf);
    }
    if (json_is_array(certs)) {
        size_t i;
        const json_t *ce;
        json_array_foreach(certs, i, ce) {
            (void)snprintf(buf, sizeof buf, "%s %s by %s%s%s", jstr(ce, "scheme") ? jstr(ce, "scheme") : "?",
                           jstr(ce, "certificate_id") ? jstr(ce, "certificate_id") : "?",
                           jstr(ce, "issuer") ? jstr(ce, "issuer") : "?", jstr(ce, "valid_until") ? ", until " : "",
                           jstr(ce, "valid_until") ? jstr(ce, "valid_until") : "");
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
    }
}

int cli_json_print(FILE *f, const json_t *v, bool indent)
{
    size_t flags = JSON_PRESERVE_ORDER | (indent ? JSON_INDENT(2) : JSON_COMPACT);
    if (json_dumpf(v, f, flags) != 0) return -1;
    fputc('\n', f);
    return 0;
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
