/* SPDX-License-Identifier: Apache-2.0 */
/* Status lists in the trust store (spec/trust.md 6.4): loading whole lists
 * and deltas against the pinned operator keys, one part per list id,
 * sorted for a binary search; the verifier's one-bit lookup. */
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "diag.h"
#include "dpp/dpp_trust.h"
#include "status_internal.h"
#include "trust_internal.h"

static size_t lower(const dpp_trust *t, const uint8_t id[DPP_STATUS_LIST_ID_LEN])
{
    size_t lo = 0, hi = t->n_status;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(t->status[mid].id, id, DPP_STATUS_LIST_ID_LEN) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

const dpp_status_part *dpp_trust_status_find(const dpp_trust *t, const uint8_t id[DPP_STATUS_LIST_ID_LEN])
{
    size_t i = lower(t, id);
    if (i < t->n_status && memcmp(t->status[i].id, id, DPP_STATUS_LIST_ID_LEN) == 0) return &t->status[i];
    return NULL;
}

dpp_err dpp_trust_load_status(dpp_trust *trust, const uint8_t *data, size_t len, const dpp_list_policy *policy,
                              dpp_list_info *info, dpp_diag *diag)
{
    const dpp_trust_scheme *sc;
    dpp_status_list *doc = NULL;
    dpp_status_part part;
    dpp_list_info li;
    bool held;
    size_t at;
    dpp_err err;

    dpp_diag_clear(diag);
    if (info != NULL) memset(info, 0, sizeof *info);
    if (trust == NULL || policy == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "trust and policy must not be NULL");
    /* The issuer's status is a fact about its passports: a status list is
     * accepted from an operator key pinned in any scheme (spec/trust.md 6.4). */
    sc = &trust->schemes[0];
    if (trust->n_schemes == 0) {
        err = dpp_status_decode(data, len, true, (const dpp_key *const *)sc->operators, sc->n_ops, policy, &doc, &li,
                                diag);
    } else {
        size_t n = 0;
        const dpp_key **pins;
        for (size_t i = 0; i <= trust->n_schemes; i++) n += trust->schemes[i].n_ops;
        pins = malloc((n == 0 ? 1 : n) * sizeof *pins);
        if (pins == NULL) return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
        n = 0;
        for (size_t i = 0; i <= trust->n_schemes; i++)
            for (size_t j = 0; j < trust->schemes[i].n_ops; j++) pins[n++] = trust->schemes[i].operators[j];
        err = dpp_status_decode(data, len, true, pins, n, policy, &doc, &li, diag);
        free(pins);
    }
    if (err == DPP_ERR_LIST_UNPINNED) {
        /* Pinned nowhere: a key retired by a rollover in some scheme is
         * refused as such (spec/trust.md 3.9). */
        dpp_status_list *peek = NULL;
        dpp_list_info pl;
        if (dpp_status_decode(data, len, false, NULL, 0, NULL, &peek, &pl, NULL) == DPP_OK)
            for (size_t i = 0; i <= trust->n_schemes; i++) {
                dpp_err e2 = dpp_trust_operator_retired(&trust->schemes[i], "status", pl.signer_kid, diag);
                if (e2 != DPP_OK) {
                    err = e2;
                    break;
                }
            }
        dpp_status_list_free(peek);
    } else if (err == DPP_OK) {
        /* An operator key revoked by any scheme's revocation list signs no status list. */
        for (size_t i = 0; err == DPP_OK && i <= trust->n_schemes; i++)
            if (trust->schemes[i].has_revocations)
                err = dpp_trust_operator_retired(&trust->schemes[i], "status", li.signer_kid, diag);
        if (err != DPP_OK) dpp_status_list_free(doc);
    }
    if (err != DPP_OK) return err;
    at = lower(trust, doc->id);
    held = at < trust->n_status && memcmp(trust->status[at].id, doc->id, DPP_STATUS_LIST_ID_LEN) == 0;
    if (!held && !doc->delta) {
        if (trust->n_status >= DPP_STATUS_MAX_PARTS) {
            dpp_status_list_free(doc);
            return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "a store holds at most %u status lists",
                                DPP_STATUS_MAX_PARTS);
        }
        if (trust->n_status == trust->cap_status) {
            size_t ncap = trust->cap_status == 0 ? 4 : trust->cap_status * 2;
            dpp_status_part *np = realloc(trust->status, ncap * sizeof *np);
            if (np == NULL) {
                dpp_status_list_free(doc);
                return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "out of memory");
            }
            trust->status = np;
            trust->cap_status = ncap;
        }
    }
    if (held) part = trust->status[at];
    else memset(&part, 0, sizeof part);
    err = dpp_status_apply(&part, held, doc, &li, diag);
    dpp_status_list_free(doc);
    if (err != DPP_OK) return err;
    if (!held) {
        memmove(&trust->status[at + 1], &trust->status[at], (trust->n_status - at) * sizeof trust->status[0]);
        trust->n_status++;
    }
    trust->status[at] = part;
    if (info != NULL) *info = li;
    return DPP_OK;
}

size_t dpp_trust_status_count(const dpp_trust *trust) { return trust == NULL ? 0 : trust->n_status; }

dpp_err dpp_trust_status_info(const dpp_trust *trust, const uint8_t id[DPP_STATUS_LIST_ID_LEN], int64_t now,
                              dpp_status_part_info *out)
{
    const dpp_status_part *p;
    if (out != NULL) memset(out, 0, sizeof *out);
    if (trust == NULL || id == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    p = dpp_trust_status_find(trust, id);
    if (p == NULL) return DPP_ERR_NOT_FOUND;
    memcpy(out->id, p->id, DPP_STATUS_LIST_ID_LEN);
    out->n_bits = p->n_bits;
    for (size_t i = 0; i < (p->n_bits + 7) / 8; i++) {
        unsigned b = p->bits[i];
        while (b != 0) {
            out->n_set += b & 1u;
            b >>= 1;
        }
    }
    out->sequence = p->sequence;
    out->issued_at = p->issued_at;
    out->next_update = p->next_update;
    out->stale = now > p->next_update;
    return DPP_OK;
}

dpp_err dpp_trust_status_get(const dpp_trust *trust, const uint8_t id[DPP_STATUS_LIST_ID_LEN], size_t index,
                             bool *revoked)
{
    const dpp_status_part *p;
    if (trust == NULL || id == NULL || revoked == NULL) return DPP_ERR_INVALID_ARG;
    p = dpp_trust_status_find(trust, id);
    if (p == NULL) return DPP_ERR_NOT_FOUND;
    if (index >= p->n_bits) return DPP_ERR_STATUS_INDEX;
    *revoked = dpp_status_bit(p->bits, index);
    return DPP_OK;
}

dpp_err dpp_trust_status_digest(const dpp_trust *trust, const uint8_t id[DPP_STATUS_LIST_ID_LEN],
                                uint8_t out[32])
{
    const dpp_status_part *p;
    size_t nb;
    uint8_t *buf;
    dpp_err err;
    if (trust == NULL || id == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    p = dpp_trust_status_find(trust, id);
    if (p == NULL) return DPP_ERR_NOT_FOUND;
    /* SHA-256 of n_bits (4 bytes, big-endian) || the bitstring */
    nb = (p->n_bits + 7) / 8;
    buf = malloc(4 + nb);
    if (buf == NULL) return DPP_ERR_NO_MEMORY;
    buf[0] = (uint8_t)(p->n_bits >> 24);
    buf[1] = (uint8_t)(p->n_bits >> 16);
    buf[2] = (uint8_t)(p->n_bits >> 8);
    buf[3] = (uint8_t)p->n_bits;
    memcpy(buf + 4, p->bits, nb);
    err = dpp_crypto_sha256(buf, 4 + nb, out);
    free(buf);
    return err;
}
