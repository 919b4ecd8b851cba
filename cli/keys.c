/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: key, certificate and PEM bundle files. */
#include "keys.h"

#include <stdlib.h>
#include <string.h>

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
