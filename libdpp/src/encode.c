/* SPDX-License-Identifier: Apache-2.0 */
/* dpp_encode*(): the encoding pipeline as an orchestrator. Claims checked
 * and written (cwt.c, passport CBOR in passport_cbor.c), COSE_Sign1
 * (cose.c), transport (transport.c: zlib, Base45, prefix or link). */
#include <stdio.h>
#include <string.h>

#include "cbor_write.h"
#include "cwt.h"
#include "diag.h"
#include "dpp/dpp_cose.h"
#include "dpp/dpp_encode.h"
#include "dpp/dpp_verify.h"
#include "passport_cbor.h"
#include "transport.h"

static dpp_err encode_cose_sized(const dpp_passport *p, const dpp_key *key, const dpp_encode_opts *opts,
                                 const dpp_encode_ex_opts *x, uint8_t *out, size_t out_cap, size_t *out_len,
                                 dpp_encode_sizes *sizes, char resolver[DPP_MAX_RESOLVER_LEN + 1],
                                 dpp_diag *diag)
{
    uint8_t claims[DPP_MAX_COSE_LEN];
    cw_writer w;
    dpp_cose_opts copts;
    dpp_err err;

    if (p == NULL || key == NULL || opts == NULL || out_len == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "passport, key, opts and out_len must not be NULL");
    *out_len = 0;
    if (out == NULL && out_cap != 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out is NULL but out_cap is not 0");
    if (!dpp_key_is_private(key))
        return dpp_diag_set(diag, DPP_ERR_KEY_NOT_PRIVATE, SIZE_MAX, "signing needs a private key");
    err = dpp_cwt_check_opts(opts, x, p, resolver, diag);
    if (err != DPP_OK) return err;

    if (sizes != NULL) {
        dpp_cw_init(&w, NULL, 0);
        dpp_passport_write(&w, p);
        sizes->payload = w.len;
    }
    dpp_cw_init(&w, claims, sizeof claims);
    dpp_cwt_write(&w, p, opts, resolver, x);
    if (dpp_cw_err(&w) == DPP_ERR_BUFFER_TOO_SMALL)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "CWT claims exceed %d bytes", DPP_MAX_COSE_LEN);
    if (dpp_cw_err(&w) != DPP_OK) return dpp_diag_set(diag, dpp_cw_err(&w), SIZE_MAX, "cannot encode CWT claims");
    if (sizes != NULL) sizes->claims = w.len;

    copts.flags = DPP_COSE_TAGGED | DPP_COSE_INCLUDE_KID;
    copts.aad.ptr = NULL;
    copts.aad.len = 0;
    err = dpp_cose_sign1_sign(claims, w.len, key, &copts, out, out_cap, out_len, diag);
    if (err != DPP_OK) return err;
    if (*out_len > DPP_MAX_COSE_LEN) {
        *out_len = 0;
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "COSE message is larger than %d bytes", DPP_MAX_COSE_LEN);
    }
    if (sizes != NULL) sizes->cose = *out_len;
    return DPP_OK;
}

dpp_err dpp_encode_cose(const dpp_passport *p, const dpp_key *key, const dpp_encode_opts *opts, uint8_t *out,
                        size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    char resolver[DPP_MAX_RESOLVER_LEN + 1];
    dpp_diag_clear(diag);
    return encode_cose_sized(p, key, opts, NULL, out, out_cap, out_len, NULL, resolver, diag);
}

dpp_err dpp_text_from_cose(const uint8_t *cose, size_t cose_len, dpp_compress mode, char *out, size_t out_cap,
                           size_t *out_len, dpp_diag *diag)
{
    dpp_diag_clear(diag);
    return dpp_transport_wrap(cose, cose_len, mode, NULL, out, out_cap, out_len, NULL, diag);
}

static dpp_err encode_text(const dpp_passport *p, const dpp_key *key, const dpp_encode_opts *opts,
                           const dpp_encode_ex_opts *x, char *out, size_t out_cap, size_t *out_len,
                           dpp_encode_sizes *sizes, dpp_diag *diag)
{
    uint8_t cose[DPP_MAX_COSE_LEN];
    char resolver[DPP_MAX_RESOLVER_LEN + 1];
    size_t cose_len = 0;
    dpp_err err;

    dpp_diag_clear(diag);
    if (sizes != NULL) memset(sizes, 0, sizeof *sizes);
    if (out_len != NULL) *out_len = 0;
    if (out == NULL || out_len == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out and out_len must not be NULL");
    if (out_cap > 0) out[0] = '\0';
    err = encode_cose_sized(p, key, opts, x, cose, sizeof cose, &cose_len, sizes, resolver, diag);
    if (err == DPP_ERR_BUFFER_TOO_SMALL)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "COSE message is larger than %d bytes", DPP_MAX_COSE_LEN);
    if (err != DPP_OK) return err;
    if (x != NULL && x->form == DPP_FORM_LINK) {
        dpp_link_target t; /* resolver: normalised by dpp_cwt_check_opts(), required for this form */
        t.resolver = resolver;
        t.gtin = p->gtin;
        t.batch = p->batch;
        t.serial = p->serial;
        err = dpp_transport_wrap(cose, cose_len, opts->compress, &t, out, out_cap, out_len, sizes, diag);
    } else {
        err = dpp_transport_wrap(cose, cose_len, opts->compress, NULL, out, out_cap, out_len, sizes, diag);
    }
    if (err != DPP_OK && out_cap > 0) out[0] = '\0';
    return err;
}

dpp_err dpp_encode(const dpp_passport *p, const dpp_key *key, const dpp_encode_opts *opts, char *out,
                   size_t out_cap, size_t *out_len, dpp_encode_sizes *sizes, dpp_diag *diag)
{
    return encode_text(p, key, opts, NULL, out, out_cap, out_len, sizes, diag);
}

dpp_err dpp_encode_ex(const dpp_passport *p, const dpp_key *key, const dpp_encode_ex_opts *opts, char *out,
                      size_t out_cap, size_t *out_len, dpp_encode_sizes *sizes, dpp_diag *diag)
{
    if (opts == NULL) {
        dpp_diag_clear(diag);
        if (out_len != NULL) *out_len = 0;
        if (sizes != NULL) memset(sizes, 0, sizeof *sizes);
        if (out != NULL && out_cap > 0) out[0] = '\0';
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts must not be NULL");
    }
    return encode_text(p, key, &opts->base, opts, out, out_cap, out_len, sizes, diag);
}

dpp_err dpp_encode_cose_ex(const dpp_passport *p, const dpp_key *key, const dpp_encode_ex_opts *opts, uint8_t *out,
                           size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    dpp_diag_clear(diag);
    if (opts == NULL) {
        if (out_len != NULL) *out_len = 0;
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "opts must not be NULL");
    }
    {
        char resolver[DPP_MAX_RESOLVER_LEN + 1];
        return encode_cose_sized(p, key, &opts->base, opts, out, out_cap, out_len, NULL, resolver, diag);
    }
}

dpp_err dpp_cose_from_text(const char *text, size_t text_len, uint8_t *out, size_t out_cap, size_t *out_len,
                           dpp_diag *diag)
{
    dpp_transport_info info;
    dpp_diag_clear(diag);
    if (out_len == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out_len must not be NULL");
    return dpp_transport_unwrap(text, text_len, out, out_cap, out_len, &info, NULL, diag);
}

dpp_err dpp_transport_convert(const char *in, size_t in_len, dpp_form to, char *out, size_t out_cap, size_t *out_len,
                              dpp_diag *diag)
{
    uint8_t raw[DPP_MAX_TEXT_LEN];
    size_t raw_len = 0;
    dpp_transport_info info;
    dpp_unverified u;
    dpp_link_target t;
    dpp_err err;

    dpp_diag_clear(diag);
    if (out_len != NULL) *out_len = 0;
    if (in == NULL || out == NULL || out_len == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "in, out and out_len must not be NULL");
    if (out_cap > 0) out[0] = '\0';
    if (to != DPP_FORM_TEXT && to != DPP_FORM_LINK)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "unknown form %d", (int)to);
    /* The claims tell where a link points; the body is carried over byte for
     * byte (same compression, same signature). */
    err = dpp_inspect(in, in_len, &u, diag);
    if (err != DPP_OK) return err;
    err = dpp_transport_decode(in, in_len, raw, sizeof raw, &raw_len, &info, NULL, diag);
    if (err != DPP_OK) return err;
    if (to == DPP_FORM_TEXT) return dpp_transport_spell(raw, raw_len, NULL, out, out_cap, out_len, diag);
    if (u.claims_unverified.resolver[0] == '\0')
        return dpp_diag_set(diag, DPP_ERR_DL_DOMAIN, SIZE_MAX,
                            "the passport was signed without a resolver (claim -265): it cannot travel as a link");
    t.resolver = u.claims_unverified.resolver;
    t.gtin = u.passport_unverified.gtin;
    t.batch = u.passport_unverified.batch;
    t.serial = u.passport_unverified.serial;
    return dpp_transport_spell(raw, raw_len, &t, out, out_cap, out_len, diag);
}
