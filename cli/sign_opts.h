/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: signing options shared by encode and label
 * (implemented in sign_opts.c). */
#ifndef DPP_CLI_SIGN_OPTS_H
#define DPP_CLI_SIGN_OPTS_H

#include <stdbool.h>
#include <stdint.h>

#include <dpp/dpp.h>
#include <dpp/dpp_attest.h>

typedef struct enc_opts {
    int64_t now;
    dpp_encode_opts opts;
    bool iat_given;
    bool exp_abs;       /* --exp given */
    int64_t valid_for;  /* --valid-for, seconds; 0 = not given */
    dpp_ecc ecc;
    int module_px;
    int border;
    /* Trust layer: attestations carried and the full-passport link. */
    size_t n_att;
    const char *att_path[DPP_MAX_ATTESTATIONS];
    uint8_t *att[DPP_MAX_ATTESTATIONS]; /* loaded by enc_opts_finish */
    size_t att_len[DPP_MAX_ATTESTATIONS];
    const char *link_uri;
    const char *link_doc;
    bool has_sha;
    uint8_t sha[32];
    /* Hybrid form: the resolver signed as claim -265 and the output form. */
    const char *link_base;              /* --link-base URL, as given */
    char resolver[DPP_MAX_RESOLVER_LEN + 1]; /* its normalised form */
    dpp_form form;                      /* --form; default link with --link-base */
    bool form_given;
} enc_opts;

enum {
    ENC_O_IAT = 1, ENC_O_EXP, ENC_O_VALID_FOR, ENC_O_ISS, ENC_O_ECC, ENC_O_COMPRESS, ENC_O_MODULE_PX, ENC_O_BORDER,
    ENC_O_ATTESTATION, ENC_O_LINK, ENC_O_LINK_DOC, ENC_O_LINK_BASE, ENC_O_FORM
};

/** Output buffer size for a signed passport in either form. */
#define ENC_MAX_OUT (DPP_MAX_LINK_LEN + 1)

void enc_opts_init(enc_opts *eo);
/** Applies one option; 0 on success, else the exit code (usage). */
int enc_opts_parse(enc_opts *eo, const char *cmd, int id, const char *arg);
/** Checks the combination (exp after iat, --form link needs --link-base,
 *  ...), settles the form, and reads the attestation and document files;
 *  returns an exit code. */
int enc_opts_finish(enc_opts *eo, const char *cmd);
/** The dpp_encode_ex() options (borrowing from eo). */
void enc_opts_ex(const enc_opts *eo, dpp_encode_ex_opts *ex);
void enc_opts_free(enc_opts *eo);

#endif
