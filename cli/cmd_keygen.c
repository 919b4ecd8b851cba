/* SPDX-License-Identifier: Apache-2.0 */
/* dpp keygen: a new signing key pair, optionally a self-signed certificate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "help.h"
#include "common.h"
#include "util.h"


enum { O_HELP = 1, O_ALG, O_OUT, O_CERT, O_CN, O_DAYS, O_FORCE };
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP}, {"alg", 0, true, O_ALG},     {"out", 'o', true, O_OUT},
    {"cert", 0, false, O_CERT},   {"cn", 0, true, O_CN},       {"days", 0, true, O_DAYS},
    {"force", 0, false, O_FORCE}, {NULL, 0, false, 0},
};

/* path with ".pem" (if present) replaced by suffix. */
static char *sibling(const char *path, const char *suffix)
{
    size_t n = strlen(path), sn = strlen(suffix);
    char *s;
    if (n > 4 && strcmp(path + n - 4, ".pem") == 0) n -= 4;
    s = cli_xmalloc(n + sn + 1);
    memcpy(s, path, n);
    memcpy(s + n, suffix, sn + 1);
    return s;
}

int cmd_keygen(int argc, char **argv)
{
    cli_args a;
    const char *arg, *out = NULL, *cn = "dpp signer", *alg_name = "ES256";
    bool want_cert = false, force = false;
    unsigned long days = 730;
    dpp_alg alg;
    dpp_key *key = NULL;
    dpp_diag d;
    dpp_err err;
    char *pub_path = NULL, *crt_path = NULL, *priv = NULL, *pub = NULL, *crt = NULL;
    size_t priv_len = 0, pub_len = 0, crt_len = 0;
    uint8_t kid[DPP_KID_LEN];
    char kidhex[2 * DPP_KID_LEN + 1];
    bool wrote_priv = false, wrote_pub = false, blocked = false;
    cli_sigstate sigs;
    int id, rc = CLI_EX_OK;

    cli_args_init(&a, "keygen", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: cli_help(stdout, "keygen"); return CLI_EX_OK;
        case O_ALG: alg_name = arg; break;
        case O_OUT: out = arg; break;
        case O_CERT: want_cert = true; break;
        case O_CN: cn = arg; break;
        case O_DAYS:
            if (cli_parse_uint(arg, 1, 36500, &days) != 0)
                return cli_usage_err("keygen", "--days: '%s' is not a number of days in 1..36500", arg);
            break;
        case O_FORCE: force = true; break;
        case 0: return cli_usage_err("keygen", "unexpected argument '%s'", arg);
        default: return -id;
        }
    }
    if (dpp_alg_from_name(alg_name, &alg) != DPP_OK)
        return cli_usage_err("keygen", "--alg: unknown algorithm '%s' (ES256, ES384, EdDSA or PS256)", alg_name);
    if (out == NULL) return cli_usage_err("keygen", "--out KEY.pem is required");
    if (strcmp(out, "-") == 0) return cli_usage_err("keygen", "--out must name a file, not standard output");
    if (cn[0] == '\0' || strlen(cn) > 64) return cli_usage_err("keygen", "--cn must be 1..64 bytes");

    pub_path = sibling(out, ".pub.pem");
    crt_path = sibling(out, ".crt.pem");
    {
        /* Every file of the set is checked before any is written. */
        const char *paths[3] = {out, pub_path, want_cert ? crt_path : NULL};
        for (int i = 0; i < 3; i++)
            if (paths[i] != NULL && (rc = cli_output_check(paths[i], force ? CLI_W_FORCE : 0)) != CLI_EX_OK)
                goto done;
    }

    err = dpp_key_generate(alg, &key, &d);
    if (err != DPP_OK) {
        cli_err("cannot generate a %s key: %s", alg_name, d.msg);
        rc = cli_exit_for(err);
        goto done;
    }
    if (dpp_key_private_pem(key, NULL, 0, &priv_len) != DPP_OK || dpp_key_public_pem(key, NULL, 0, &pub_len) != DPP_OK) {
        cli_err("cannot export the key");
        rc = CLI_EX_SOFTWARE;
        goto done;
    }
    priv = cli_xmalloc(priv_len + 1);
    pub = cli_xmalloc(pub_len + 1);
    if (dpp_key_private_pem(key, priv, priv_len + 1, &priv_len) != DPP_OK ||
        dpp_key_public_pem(key, pub, pub_len + 1, &pub_len) != DPP_OK) {
        cli_err("cannot export the key");
        rc = CLI_EX_SOFTWARE;
        goto done;
    }
    if (want_cert) {
        int64_t now = (int64_t)time(NULL);
        crt = cli_xmalloc(16384);
        err = dpp_key_self_signed_cert(key, cn, now - 300, now + (int64_t)days * 86400, crt, 16384, &crt_len, &d);
        if (err != DPP_OK) {
            cli_err("cannot create the certificate: %s", d.msg);
            rc = cli_exit_for(err);
            goto done;
        }
    }

    /* The key set is written whole or not at all, ^C included. */
    cli_signals_block(&sigs);
    blocked = true;
    rc = cli_write_atomic(out, priv, priv_len, 0600, force ? CLI_W_FORCE : 0);
    if (rc != CLI_EX_OK) goto done;
    wrote_priv = true;
    rc = cli_write_atomic(pub_path, pub, pub_len, 0, force ? CLI_W_FORCE : 0);
    if (rc != CLI_EX_OK) goto done;
    wrote_pub = true;
    if (want_cert) {
        rc = cli_write_atomic(crt_path, crt, crt_len, 0, force ? CLI_W_FORCE : 0);
        if (rc != CLI_EX_OK) goto done;
    }

    dpp_key_kid(key, kid);
    cli_hex(kid, DPP_KID_LEN, kidhex);
    printf("%s\n", kidhex);
    fprintf(stderr, "dpp: wrote %s (%s private key, mode 0600), %s%s%s\n", cli_safe(out), alg_name,
            cli_safe(pub_path), want_cert ? ", " : "", want_cert ? cli_safe(crt_path) : "");
done:
    if (rc != CLI_EX_OK) {
        /* Leave no half-made key set behind. */
        if (wrote_priv) (void)unlink(out);
        if (wrote_pub) (void)unlink(pub_path);
    }
    if (blocked) cli_signals_restore(&sigs);
    if (priv != NULL) cli_wipe(priv, priv_len);
    free(priv);
    free(pub);
    free(crt);
    free(pub_path);
    free(crt_path);
    dpp_key_free(key);
    return rc;
}
