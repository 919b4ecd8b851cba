/* SPDX-License-Identifier: Apache-2.0 */
/* The trust store's X.509 entries (spec/trust.md section 4): pinned CAs and
 * signer certificates, checked by x509.c, kept here. */
#include <string.h>

#include "diag.h"
#include "dpp/dpp_trust.h"
#include "trust_internal.h"
#include "x509_internal.h"

dpp_err dpp_trust_add_ca(dpp_trust *trust, const uint8_t *data, size_t len, dpp_diag *diag)
{
    size_t added = 0;
    dpp_err err;

    dpp_diag_clear(diag);
    if (trust == NULL || data == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust or data is NULL");
    err = dpp_x509_pin_cas(&trust->cas, trust->n_cas, data, len, &added, diag);
    trust->n_cas += added;
    return err;
}

dpp_err dpp_trust_add_crl(dpp_trust *trust, const uint8_t *data, size_t len, int64_t now, dpp_diag *diag)
{
    size_t added = 0;
    dpp_err err;

    dpp_diag_clear(diag);
    if (trust == NULL || data == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust or data is NULL");
    err = dpp_x509_add_crls(&trust->cas, trust->n_crls, data, len, now, &added, diag);
    trust->n_crls += added;
    return err;
}

dpp_err dpp_trust_add_cert(dpp_trust *trust, const uint8_t *cert, size_t cert_len, const uint8_t *chain,
                           size_t chain_len, dpp_diag *diag)
{
    dpp_x509_signer s;
    dpp_trust_entry e;
    dpp_err err;

    memset(&e, 0, sizeof e);
    dpp_diag_clear(diag);
    if (trust == NULL || cert == NULL || (chain == NULL && chain_len != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust or cert is NULL");
    if (trust->cas == NULL || trust->n_cas == 0)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "no CA certificate is pinned (dpp_trust_add_ca)");
    err = dpp_x509_signer_read(trust->cas, cert, cert_len, chain, chain_len, &s, diag);
    if (err != DPP_OK) return err;
    err = dpp_trust_entry_init(&e, s.key, DPP_SOURCE_X509);
    if (err != DPP_OK) {
        dpp_diag_set(diag, err, SIZE_MAX, "cannot add the certificate: %s", dpp_err_str(err));
        goto done;
    }
    e.role = s.role;
    e.has_chain_window = true;
    e.chain_nb = s.chain_nb;
    e.chain_na = s.chain_na;
    e.party = s.party;
    /* The same certificate added twice: keep one. */
    for (size_t i = dpp_trust_lower_bound(trust, e.kid);
         i < trust->n && memcmp(trust->keys[i].kid, e.kid, DPP_KID_LEN) == 0; i++) {
        const dpp_trust_entry *o = &trust->keys[i];
        if (o->source == DPP_SOURCE_X509 && o->role == e.role && o->chain_nb == e.chain_nb &&
            o->chain_na == e.chain_na && o->spki_len == e.spki_len && memcmp(o->spki, e.spki, e.spki_len) == 0)
            goto done;
    }
    err = dpp_trust_insert(trust, &e);
    if (err != DPP_OK) dpp_diag_set(diag, err, SIZE_MAX, "cannot add the certificate: %s", dpp_err_str(err));
done:
    dpp_trust_entry_clear(&e);
    dpp_key_free(s.key);
    return err;
}
