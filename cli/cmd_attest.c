/* SPDX-License-Identifier: Apache-2.0 */
/* dpp attest: a certification body's attestation of named claims of a
 * passport, to be carried by 'dpp encode --attestation'; dpp attest show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "help.h"
#include "common.h"
#include "timeparse.h"
#include "util.h"


enum { O_HELP = 1, O_KEY, O_CLAIMS, O_BINDING, O_OUT, O_PASSPORT, O_JSON, O_FORCE, O_SIGNED_AT };
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP},     {"key", 'k', true, O_KEY},       {"claims", 0, true, O_CLAIMS},
    {"binding", 0, true, O_BINDING},  {"out", 'o', true, O_OUT}, {"force", 0, false, O_FORCE},       {"passport", 0, true, O_PASSPORT},
    {"json", 0, false, O_JSON},       {"signed-at", 0, true, O_SIGNED_AT}, {NULL, 0, false, 0},
};

/* Largest attestation file read by show (an attestation is at most 640 bytes). */
#define ATT_MAX_FILE (64u * 1024u)

static int parse_claims(const char *s, uint32_t *mask)
{
    *mask = 0;
    while (*s != '\0') {
        const char *c = strchr(s, ',');
        size_t n = c != NULL ? (size_t)(c - s) : strlen(s);
        char name[32];
        unsigned claim;
        if (n == 0 || n >= sizeof name)
            return cli_usage_err("attest", "--claims: an empty or unknown claim name in the list");
        memcpy(name, s, n);
        name[n] = '\0';
        if (dpp_claim_from_name(name, &claim) != DPP_OK)
            return cli_usage_err("attest", "--claims: '%s' is not a claim (footprint, cbam, certifications, "
                                           "certifications[N], materials, facility, manufacturer, identity, "
                                           "extensions)",
                                 name);
        *mask |= DPP_CLAIM_BIT(claim);
        s += n;
        if (c != NULL) {
            s++;
            if (*s == '\0') return cli_usage_err("attest", "--claims: the list ends with a comma");
        }
    }
    if (*mask == 0) return cli_usage_err("attest", "--claims: name at least one claim");
    return 0;
}

/* Reads and validates a passport JSON file; returns an exit code. */
static int load_passport(const char *path, dpp_passport *p)
{
    uint8_t *json = NULL;
    size_t len = 0;
    dpp_diag d;
    dpp_err err;
    int rc = cli_read_file(path, CLI_MAX_JSON_FILE, &json, &len);
    if (rc != CLI_EX_OK) return rc;
    err = dpp_passport_from_json((const char *)json, len, p, &d);
    if (err != DPP_OK) {
        cli_print_json_diag(path, (const char *)json, len, &d);
        rc = cli_exit_for(err);
    }
    free(json);
    return rc;
}

static int attest_create(const char *key_path, const char *claims_s, const char *binding_s, const char *out,
                         const char *in, bool force, int64_t signed_at)
{
    dpp_passport *p = NULL;
    dpp_key *key = NULL;
    dpp_binding binding = DPP_BINDING_PASSPORT;
    uint32_t claims = 0;
    uint8_t att[DPP_MAX_ATTESTATION_LEN];
    size_t n = 0;
    dpp_diag d;
    dpp_err err;
    char kid[2 * DPP_KID_LEN + 1], names[256];
    uint8_t kidb[DPP_KID_LEN];
    int rc;

    if (key_path == NULL) return cli_usage_err("attest", "--key BODY.pem is required (the attester's private key)");
    if (claims_s == NULL) return cli_usage_err("attest", "--claims is required, e.g. --claims footprint");
    if (in == NULL) return cli_usage_err("attest", "missing PASSPORT.json (the passport whose claims are attested)");
    if ((rc = parse_claims(claims_s, &claims)) != 0) return rc;
    if (binding_s != NULL && dpp_binding_from_name(binding_s, &binding) != DPP_OK)
        return cli_usage_err("attest", "--binding: '%s' is not passport, batch, item or product", binding_s);
    if (out == NULL) out = "-";
    if (strcmp(out, "-") == 0 && isatty(STDOUT_FILENO))
        return cli_usage_err("attest", "refusing to write a binary attestation to a terminal; use -o FILE");

    p = cli_xmalloc(sizeof *p);
    rc = load_passport(in, p);
    if (rc != CLI_EX_OK) goto done;
    rc = cli_load_key(key_path, true, &key);
    if (rc != CLI_EX_OK) goto done;
    err = dpp_attest_at(p, key, claims, binding, signed_at, att, sizeof att, &n, &d);
    if (err != DPP_OK) {
        if (err == DPP_ERR_INVALID_ARG) {
            rc = cli_usage_err("attest", "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        } else {
            cli_err_at(in, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
            rc = cli_exit_for(err);
        }
        goto done;
    }
    rc = cli_write_atomic(out, att, n, 0, force ? CLI_W_FORCE : 0);
    if (rc != CLI_EX_OK) goto done;
    dpp_key_kid(key, kidb);
    cli_hex(kidb, DPP_KID_LEN, kid);
    cli_claims_mask_text(claims, names, sizeof names);
    fprintf(stderr, "dpp: wrote %s (attestation, %zu bytes): %s per %s, attester kid %s\n",
            strcmp(out, "-") == 0 ? "<stdout>" : cli_safe(out), n, names, dpp_binding_name(binding), kid);
done:
    free(p);
    dpp_key_free(key);
    return rc;
}

static int attest_show(const char *path, const char *passport, bool json)
{
    uint8_t *att = NULL;
    size_t len = 0;
    dpp_attestation_ref ref;
    dpp_passport *p = NULL;
    dpp_diag d, md;
    dpp_err err, merr = DPP_OK;
    char kid[2 * DPP_KID_LEN + 1], names[256];
    const char *alg, *binding;
    int rc;

    if (path == NULL) return cli_usage_err("attest show", "missing ATT.cbor (the attestation to show)");
    rc = cli_read_file(path, ATT_MAX_FILE, &att, &len);
    if (rc != CLI_EX_OK) return rc;
    err = dpp_attestation_peek(att, len, &ref, &d);
    if (err != DPP_OK) {
        cli_err_at(path, 0, "%s", d.msg[0] != '\0' ? d.msg : dpp_err_str(err));
        rc = cli_exit_for(err);
        goto done;
    }
    if (passport != NULL) {
        p = cli_xmalloc(sizeof *p);
        rc = load_passport(passport, p);
        if (rc != CLI_EX_OK) goto done;
        memset(&md, 0, sizeof md);
        merr = dpp_attestation_match(att, len, p, &md);
    }
    cli_hex(ref.kid, DPP_KID_LEN, kid);
    alg = dpp_alg_name(ref.alg);
    binding = dpp_binding_name(ref.binding);
    cli_claims_mask_text(ref.claims, names, sizeof names);
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "verified", json_false());
        json_object_set_new(o, "file", cli_json_text(path));
        json_object_set_new(o, "size", json_integer((json_int_t)len));
        json_object_set_new(o, "kid", json_string(kid));
        json_object_set_new(o, "alg", alg != NULL ? json_string(alg) : json_null());
        json_object_set_new(o, "binding", binding != NULL ? json_string(binding) : json_null());
        json_object_set_new(o, "claims", cli_claims_mask_json(ref.claims));
        json_object_set_new(o, "signed_at", ref.has_signed_at ? json_integer((json_int_t)ref.signed_at) : json_null());
        if (passport != NULL) {
            json_object_set_new(o, "fits_passport", json_boolean(merr == DPP_OK));
            json_object_set_new(o, "error", merr != DPP_OK ? json_string(dpp_err_name(merr)) : json_null());
            json_object_set_new(o, "message", merr != DPP_OK ? cli_json_text(md.msg[0] ? md.msg : dpp_err_str(merr))
                                                             : json_null());
        } else {
            json_object_set_new(o, "fits_passport", json_null());
        }
        (void)cli_json_print(stdout, o, true);
        json_decref(o);
    } else {
        printf("Attestation %s (%zu bytes), signature NOT checked ('dpp verify' checks it)\n", cli_safe(path), len);
        printf("  %-14s %s\n", "Attester kid", kid);
        printf("  %-14s %s\n", "Algorithm", alg != NULL ? alg : "?");
        printf("  %-14s %s\n", "Claims", names);
        printf("  %-14s %s\n", "Binding", binding != NULL ? binding : "?");
        if (ref.has_signed_at) {
            char t[40];
            cli_format_time(ref.signed_at, t, sizeof t);
            printf("  %-14s %s\n", "Signed at", t);
        }
        if (passport != NULL)
            printf("  %-14s %s%s%s\n", "Passport", merr == DPP_OK ? "fits " : "does NOT fit ", cli_safe(passport),
                   merr == DPP_OK ? " (claims present, same product)" : "");
    }
    if (merr != DPP_OK) {
        cli_err_at(passport, 0, "%s", md.msg[0] != '\0' ? md.msg : dpp_err_str(merr));
        rc = cli_exit_for(merr);
    }
done:
    free(att);
    free(p);
    return rc;
}

int cmd_attest(int argc, char **argv)
{
    cli_args a;
    const char *arg, *key = NULL, *claims = NULL, *binding = NULL, *out = NULL, *passport = NULL, *pos = NULL;
    const char *signed_at_s = NULL;
    int64_t signed_at = 0;
    bool json = false, show = false, force = false;
    int id;

    if (argc >= 1 && strcmp(argv[0], "show") == 0) {
        show = true;
        argc--;
        argv++;
    }
    cli_args_init(&a, show ? "attest show" : "attest", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "attest"); return CLI_EX_OK;
        case O_KEY: key = arg; break;
        case O_CLAIMS: claims = arg; break;
        case O_BINDING: binding = arg; break;
        case O_OUT: out = arg; break;
        case O_PASSPORT: passport = arg; break;
        case O_JSON: json = true; break;
        case O_FORCE: force = true; break;
        case O_SIGNED_AT: signed_at_s = arg; break;
        case 0:
            if (pos != NULL)
                return cli_usage_err(a.cmd, "unexpected argument '%s' (one %s only)", arg,
                                     show ? "ATT.cbor" : "PASSPORT.json");
            pos = arg;
            break;
        default: return -id;
        }
    }
    if (show) {
        if (key != NULL || claims != NULL || binding != NULL || out != NULL || force || signed_at_s != NULL)
            return cli_usage_err("attest show", "--key, --claims, --binding, --signed-at, --out and --force are for "
                                                "creating an attestation");
        return attest_show(pos, passport, json);
    }
    if (passport != NULL || json)
        return cli_usage_err("attest", "--passport and --json are options of 'dpp attest show'");
    if (signed_at_s != NULL && (cli_parse_time(signed_at_s, (int64_t)time(NULL), &signed_at) != 0 || signed_at <= 0))
        return cli_usage_err("attest", "--signed-at: '%s' is not an ISO 8601 time after 1970 (or 'now')",
                             signed_at_s);
    return attest_create(key, claims, binding, out, pos, force, signed_at);
}
