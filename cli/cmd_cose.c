/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cose sign|verify: the generic COSE_Sign1 layer, for any payload. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "help.h"
#include "common.h"
#include "util.h"


enum {
    O_HELP = 1, O_KEY, O_AT, O_HEX, O_AAD, O_ALLOW_UNPROT, O_STRICT, O_PAYLOAD_OUT, O_JSON, O_UNTAGGED, O_NO_KID,
    O_OUT, O_FORCE
};
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP},
    {"key", 'k', true, O_KEY},
    {"at", 0, true, O_AT},
    {"hex", 0, false, O_HEX},
    {"aad", 0, true, O_AAD},
    {"allow-unprotected-alg", 0, false, O_ALLOW_UNPROT},
    {"strict", 0, false, O_STRICT},
    {"payload-out", 0, true, O_PAYLOAD_OUT},
    {"json", 0, false, O_JSON},
    {"untagged", 0, false, O_UNTAGGED},
    {"no-kid", 0, false, O_NO_KID},
    {"out", 'o', true, O_OUT},
    {"force", 0, false, O_FORCE},
    {NULL, 0, false, 0},
};

typedef struct cose_args {
    bool sign;
    const char *key, *at, *aad_hex, *payload_out, *out, *in;
    bool hex, allow_unprot, strict, json, untagged, no_kid, force;
} cose_args;

static void hex_preview(const uint8_t *p, size_t n, char *out, size_t cap)
{
    size_t show = n > 32 ? 32 : n;
    if (cap < 2 * show + 4) show = (cap - 4) / 2;
    cli_hex(p, show, out);
    if (show < n) strcat(out, "...");
}

static int do_verify(const cose_args *ca, const uint8_t *aad, size_t aad_len)
{
    uint8_t *raw = NULL, *msg = NULL;
    size_t raw_len = 0, msg_len = 0;
    dpp_key *key = NULL;
    dpp_cose_opts opts;
    dpp_cose_sign1 m;
    dpp_diag d;
    dpp_err perr, verr = DPP_ERR_SIGNATURE;
    int64_t now = (int64_t)time(NULL), at = now, nb = 0, na = 0;
    bool is_cert = false, key_ok = true;
    const char *name = strcmp(ca->in, "-") == 0 ? "<stdin>" : ca->in;
    char kid[128], kkid[2 * DPP_KID_LEN + 1], t1[40], t2[40], t3[40], prev[80];
    uint8_t kidb[DPP_KID_LEN];
    int rc;

    if (ca->at != NULL && cli_parse_time(ca->at, now, &at) != 0)
        return cli_usage_err("cose", "--at: '%s' is not an ISO 8601 time", ca->at);
    rc = cli_load_key(ca->key, false, &key);
    if (rc != CLI_EX_OK) return rc;
    rc = cli_read_file(ca->in, CLI_MAX_COSE_FILE, &raw, &raw_len);
    if (rc != CLI_EX_OK) goto done;
    if (ca->hex) {
        if (cli_unhex((const char *)raw, raw_len, &msg, &msg_len) != 0) {
            cli_err_at(ca->in, 0, "not hex text (--hex): an odd number of digits or a non-hex character");
            rc = CLI_EX_MALFORMED;
            goto done;
        }
    } else {
        msg = raw;
        msg_len = raw_len;
        raw = NULL;
    }
    memset(&opts, 0, sizeof opts);
    if (ca->allow_unprot) opts.flags |= DPP_COSE_ALLOW_UNPROTECTED_ALG;
    if (ca->strict) opts.flags |= DPP_COSE_STRICT | DPP_COSE_TAGGED;
    opts.aad.ptr = aad;
    opts.aad.len = aad_len;

    perr = dpp_cose_sign1_parse(msg, msg_len, &opts, &m, &d);
    if (perr != DPP_OK) {
        if (ca->json) {
            json_t *o = json_object();
            json_object_set_new(o, "verified", json_false());
            json_object_set_new(o, "error", json_string(dpp_err_name(perr)));
            json_object_set_new(o, "message", cli_json_text(d.msg));
            (void)cli_json_print(stdout, o, true);
            json_decref(o);
        } else {
            printf("NOT VERIFIED: not a COSE_Sign1 message: %s (%s)\n", cli_safe(d.msg), dpp_err_name(perr));
        }
        cli_err_at(ca->in, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(perr));
        rc = cli_exit_for(perr);
        goto done;
    }
    verr = dpp_cose_sign1_verify_parsed(&m, key, &opts, &d);
    is_cert = dpp_key_validity(key, &nb, &na);
    if (is_cert) key_ok = at >= nb && at <= na;
    dpp_key_kid(key, kidb);
    cli_hex(kidb, DPP_KID_LEN, kkid);
    if (m.kid.len > 0 && m.kid.len <= 60) cli_hex(m.kid.ptr, m.kid.len, kid);
    else if (m.kid.len > 60) strcpy(kid, "(longer than 60 bytes)");
    else kid[0] = '\0';
    cli_format_time(at, t3, sizeof t3);

    if (ca->json) {
        json_t *o = json_object();
        bool ok = verr == DPP_OK && key_ok;
        json_object_set_new(o, "verified", json_boolean(ok));
        json_object_set_new(o, "error", verr != DPP_OK ? json_string(dpp_err_name(verr))
                                        : !key_ok      ? json_string(dpp_err_name(DPP_ERR_KEY_NOT_VALID))
                                                       : json_null());
        json_object_set_new(o, "message", verr != DPP_OK ? cli_json_text(d.msg) : json_null());
        json_object_set_new(o, "tagged", json_boolean(m.tagged));
        json_object_set_new(o, "cwt_tagged", json_boolean(m.cwt_tagged));
        json_object_set_new(o, "alg", m.has_alg ? json_integer((json_int_t)m.alg) : json_null());
        json_object_set_new(o, "alg_name",
                            m.has_alg && dpp_alg_name((dpp_alg)m.alg) ? json_string(dpp_alg_name((dpp_alg)m.alg))
                                                                      : json_null());
        json_object_set_new(o, "alg_protected", json_boolean(m.alg_protected));
        json_object_set_new(o, "kid", m.kid.len > 0 ? json_string(kid) : json_null());
        json_object_set_new(o, "payload_len", json_integer((json_int_t)m.payload.len));
        json_object_set_new(o, "detached", json_boolean(m.detached));
        json_object_set_new(o, "signature", json_string(verr == DPP_OK ? "pass" : "fail"));
        json_object_set_new(o, "key_kid", json_string(kkid));
        json_object_set_new(o, "key_validity", json_string(!is_cert ? "skipped" : key_ok ? "pass" : "fail"));
        if (is_cert) {
            json_object_set_new(o, "key_not_before", json_integer((json_int_t)nb));
            json_object_set_new(o, "key_not_after", json_integer((json_int_t)na));
        }
        json_object_set_new(o, "at", json_integer((json_int_t)at));
        (void)cli_json_print(stdout, o, true);
        json_decref(o);
    } else {
        printf("COSE_Sign1 message from %s (%zu bytes)\n", cli_safe(name), msg_len);
        printf("  %-13s %s\n", "tag",
               m.cwt_tagged ? (m.tagged ? "61 (CWT) + 18 (COSE_Sign1)" : "61 (CWT)")
               : m.tagged   ? "18 (COSE_Sign1)"
                            : "none (untagged)");
        if (m.has_alg)
            printf("  %-13s %s (%lld), %s header\n", "alg",
                   dpp_alg_name((dpp_alg)m.alg) ? dpp_alg_name((dpp_alg)m.alg) : "unknown", (long long)m.alg,
                   m.alg_protected ? "protected" : "UNPROTECTED");
        else
            printf("  %-13s none (taken from the key: %s)\n", "alg", dpp_alg_name(dpp_key_alg(key)));
        printf("  %-13s %s%s\n", "kid", m.kid.len > 0 ? kid : "none",
               m.kid.len > 0 ? (m.kid_protected ? " (protected)" : " (unprotected)") : "");
        hex_preview(m.payload.ptr, m.payload.len, prev, sizeof prev);
        if (m.detached) printf("  %-13s detached (nil)\n", "payload");
        else printf("  %-13s %zu bytes: %s\n", "payload", m.payload.len, prev);
        printf("  %-13s %s, kid %s\n", "key", dpp_alg_name(dpp_key_alg(key)), kkid);
        if (verr == DPP_OK) printf("  %-13s PASS\n", "signature");
        else printf("  %-13s FAIL     %s\n", "signature", cli_safe(d.msg));
        if (is_cert) {
            cli_format_time(nb, t1, sizeof t1);
            cli_format_time(na, t2, sizeof t2);
            printf("  %-13s %-8s certificate valid %s to %s, checked at %s\n", "key_validity", key_ok ? "PASS" : "FAIL",
                   t1, t2, t3);
        } else {
            printf("  %-13s %-8s not a certificate\n", "key_validity", "SKIPPED");
        }
        if (verr == DPP_OK && key_ok) printf("VERIFIED\n");
        else if (verr != DPP_OK)
            printf("NOT VERIFIED: signature check failed: %s (%s)\n", cli_safe(d.msg), dpp_err_name(verr));
        else printf("NOT VERIFIED: the certificate is not valid at %s (DPP_ERR_KEY_NOT_VALID)\n", t3);
    }
    if (verr != DPP_OK) {
        cli_err_at(ca->in, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(verr));
        rc = cli_exit_for(verr);
    } else if (!key_ok) {
        cli_err_at(ca->key, 0, "certificate is not valid at %s", t3);
        rc = CLI_EX_UNTRUSTED;
    } else {
        rc = CLI_EX_OK;
        if (ca->payload_out != NULL && !m.detached)
            rc = cli_write_atomic(ca->payload_out, m.payload.ptr, m.payload.len, 0, ca->force ? CLI_W_FORCE : 0);
    }
done:
    free(raw);
    free(msg);
    dpp_key_free(key);
    return rc;
}

static int do_sign(const cose_args *ca, const uint8_t *aad, size_t aad_len)
{
    uint8_t *payload = NULL, *out = NULL;
    size_t payload_len = 0, out_len = 0;
    dpp_key *key = NULL;
    dpp_cose_opts opts;
    dpp_diag d;
    dpp_err err;
    const char *dest = ca->out != NULL ? ca->out : "-";
    int rc;

    if (strcmp(dest, "-") == 0 && !ca->hex && isatty(STDOUT_FILENO))
        return cli_usage_err("cose", "refusing to write binary COSE to a terminal; use -o FILE or --hex");
    rc = cli_load_key(ca->key, true, &key);
    if (rc != CLI_EX_OK) return rc;
    rc = cli_read_file(ca->in, CLI_MAX_COSE_FILE, &payload, &payload_len);
    if (rc != CLI_EX_OK) goto done;
    memset(&opts, 0, sizeof opts);
    if (!ca->untagged) opts.flags |= DPP_COSE_TAGGED;
    if (!ca->no_kid) opts.flags |= DPP_COSE_INCLUDE_KID;
    opts.aad.ptr = aad;
    opts.aad.len = aad_len;
    err = dpp_cose_sign1_sign(payload, payload_len, key, &opts, NULL, 0, &out_len, &d);
    if (err == DPP_OK) {
        out = cli_xmalloc(out_len);
        err = dpp_cose_sign1_sign(payload, payload_len, key, &opts, out, out_len, &out_len, &d);
    }
    if (err != DPP_OK) {
        cli_err_at(ca->in, 0, "%s", d.msg[0] ? d.msg : dpp_err_str(err));
        rc = cli_exit_for(err);
        goto done;
    }
    if (ca->hex) {
        char *h = cli_xmalloc(2 * out_len + 2);
        cli_hex(out, out_len, h);
        h[2 * out_len] = '\n';
        rc = cli_write_atomic(dest, h, 2 * out_len + 1, 0, ca->force ? CLI_W_FORCE : 0);
        free(h);
    } else {
        rc = cli_write_atomic(dest, out, out_len, 0, ca->force ? CLI_W_FORCE : 0);
    }
done:
    free(payload);
    free(out);
    dpp_key_free(key);
    return rc;
}

int cmd_cose(int argc, char **argv)
{
    cli_args a;
    cose_args ca;
    const char *arg;
    uint8_t *aad = NULL;
    size_t aad_len = 0;
    int id, rc;

    memset(&ca, 0, sizeof ca);
    if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        cli_help(stdout, "cose");
        return CLI_EX_OK;
    }
    if (argc < 1) return cli_usage_err("cose", "missing subcommand: sign or verify");
    if (strcmp(argv[0], "sign") == 0) ca.sign = true;
    else if (strcmp(argv[0], "verify") != 0)
        return cli_usage_err("cose", "unknown subcommand '%s' (sign or verify)", argv[0]);
    cli_args_init(&a, "cose", argc - 1, argv + 1);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "cose"); return CLI_EX_OK;
        case O_KEY: ca.key = arg; break;
        case O_AT: ca.at = arg; break;
        case O_HEX: ca.hex = true; break;
        case O_AAD: ca.aad_hex = arg; break;
        case O_ALLOW_UNPROT: ca.allow_unprot = true; break;
        case O_STRICT: ca.strict = true; break;
        case O_PAYLOAD_OUT: ca.payload_out = arg; break;
        case O_JSON: ca.json = true; break;
        case O_UNTAGGED: ca.untagged = true; break;
        case O_NO_KID: ca.no_kid = true; break;
        case O_OUT: ca.out = arg; break;
        case O_FORCE: ca.force = true; break;
        case 0:
            if (ca.in != NULL) return cli_usage_err("cose", "unexpected argument '%s'", arg);
            ca.in = arg;
            break;
        default: return -id;
        }
    }
    if (ca.key == NULL) return cli_usage_err("cose", "--key FILE is required");
    if (ca.in == NULL)
        return cli_usage_err("cose", "missing %s ('-' for standard input)", ca.sign ? "PAYLOAD_FILE" : "MESSAGE_FILE");
    if (ca.sign && (ca.at || ca.allow_unprot || ca.strict || ca.payload_out || ca.json))
        return cli_usage_err("cose", "--at, --allow-unprotected-alg, --strict, --payload-out and --json are for "
                                     "'cose verify'");
    if (!ca.sign && (ca.untagged || ca.no_kid || ca.out))
        return cli_usage_err("cose", "--untagged, --no-kid and --out are for 'cose sign'");
    if (ca.aad_hex != NULL && cli_unhex(ca.aad_hex, strlen(ca.aad_hex), &aad, &aad_len) != 0)
        return cli_usage_err("cose", "--aad: '%s' is not hex", ca.aad_hex);
    rc = ca.sign ? do_sign(&ca, aad, aad_len) : do_verify(&ca, aad, aad_len);
    free(aad);
    return rc;
}
