/* SPDX-License-Identifier: Apache-2.0 */
/* The trust policy: what dpp_verify() asks of the trust store
 * (spec/trust.md section 8). The signer (kid and signature over the
 * candidates of a kid), its certificate's validity, the signer's trust-list
 * window, role and scope, the revocation list, and every attestation
 * (known attester, product binding, signature, window, role, scope,
 * revocation). Allocation-free: lookups are binary searches. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "attest_internal.h"
#include "cose_internal.h"
#include "diag.h"
#include "dpp/dpp_cose.h"
#include "report.h"
#include "revocation_internal.h"
#include "timeutil.h"
#include "trust_internal.h"
#include "trust_policy.h"

static void hex8(const uint8_t *p, size_t n, char *out)
{
    static const char k[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n && i < 32; i++) {
        out[2 * i] = k[p[i] >> 4];
        out[2 * i + 1] = k[p[i] & 15];
    }
    out[2 * i] = '\0';
}

/* ---- signer ---- */

/* The candidates are found by binary search. */
dpp_err dpp_policy_find_signer(const dpp_trust *trust, const dpp_cose_sign1 *m, const dpp_trust_entry **signer,
                               dpp_report *rep, dpp_diag *diag)
{
    dpp_cose_opts opts = {DPP_COSE_TAGGED | DPP_COSE_STRICT, {NULL, 0}};
    size_t candidates = 0, mismatched = 0;
    char kidhex[65];

    hex8(m->kid.ptr, m->kid.len, kidhex);
    if (m->kid.len == DPP_KID_LEN) {
        for (size_t i = dpp_trust_lower_bound(trust, m->kid.ptr);
             i < trust->n && memcmp(m->kid.ptr, trust->keys[i].kid, DPP_KID_LEN) == 0; i++) {
            const dpp_key *k = trust->keys[i].key;
            candidates++;
            if ((int64_t)dpp_key_alg(k) != m->alg) {
                mismatched++;
                continue;
            }
            if (dpp_cose_sign1_verify_parsed(m, k, &opts, NULL) == DPP_OK) {
                *signer = &trust->keys[i];
                report_mark(rep, DPP_CHECK_KID, DPP_CHECK_PASS);
                report_mark(rep, DPP_CHECK_SIGNATURE, DPP_CHECK_PASS);
                return DPP_OK;
            }
        }
    }
    if (candidates == 0) {
        dpp_diag_set(diag, DPP_ERR_KID_UNKNOWN, SIZE_MAX, "no trusted key has kid %s", kidhex);
        return report_fail(rep, DPP_CHECK_KID, DPP_ERR_KID_UNKNOWN);
    }
    report_mark(rep, DPP_CHECK_KID, DPP_CHECK_PASS);
    if (mismatched == candidates) {
        dpp_diag_set(diag, DPP_ERR_ALG_KEY_MISMATCH, SIZE_MAX, "alg %s does not match the trusted key with kid %s",
                     dpp_alg_name((dpp_alg)m->alg), kidhex);
        return report_fail(rep, DPP_CHECK_ALG, DPP_ERR_ALG_KEY_MISMATCH);
    }
    dpp_diag_set(diag, DPP_ERR_SIGNATURE, SIZE_MAX, "signature does not verify with the trusted key(s) of kid %s",
                 kidhex);
    return report_fail(rep, DPP_CHECK_SIGNATURE, DPP_ERR_SIGNATURE);
}

/* Steps shared by dpp_verify and dpp_inspect up to the parsed COSE message. */

dpp_err dpp_policy_key_validity(const dpp_trust_entry *signer, int64_t now, dpp_report *rep, dpp_diag *diag)
{
    int64_t nb = signer->chain_nb, na = signer->chain_na;
    bool has = signer->has_chain_window;
    if (!has) has = dpp_key_validity(signer->key, &nb, &na);
    if (!has) {
        report_mark(rep, DPP_CHECK_KEY_VALIDITY, DPP_CHECK_SKIPPED);
        return DPP_OK;
    }
    if (now < nb || now > na) {
        char t_nb[DPP_TIME_ISO_LEN], t_na[DPP_TIME_ISO_LEN], t_now[DPP_TIME_ISO_LEN];
        dpp_diag_set(diag, DPP_ERR_KEY_NOT_VALID, SIZE_MAX, "signer certificate%s is valid from %s to %s, not at %s",
                     signer->has_chain_window ? " chain" : "", dpp_time_iso(nb, t_nb), dpp_time_iso(na, t_na),
                     dpp_time_iso(now, t_now));
        return report_fail(rep, DPP_CHECK_KEY_VALIDITY, DPP_ERR_KEY_NOT_VALID);
    }
    report_mark(rep, DPP_CHECK_KEY_VALIDITY, DPP_CHECK_PASS);
    return DPP_OK;
}

/* ---- signer window, role, scope ---- */

/* How far one trust entry gets for an act: 0 failed its window, 1 its role,
 * 2 its scope, 3 passed all. */
enum { STAGE_WINDOW = 0, STAGE_ROLE = 1, STAGE_SCOPE = 2, STAGE_PASS = 3 };

typedef struct entry_eval {
    int stage;
    dpp_err err;
    dpp_check_status window, role, scope; /* statuses when it passed */
} entry_eval;

/* The party's name for messages, quoted safely into q (names come from a
 * trust list or a certificate). */
static const char *party_label(const dpp_trust_entry *e, char q[DPP_DIAG_QUOTE_CAP])
{
    if (e->party.name[0] != '\0') return dpp_diag_quote(q, DPP_DIAG_QUOTE_CAP, e->party.name, strlen(e->party.name));
    return dpp_key_source_name(e->source);
}

static bool gtin_in_scope(const dpp_scope *s, const char *gtin)
{
    if (s->n_gtin_prefixes == 0) return true;
    for (size_t i = 0; i < s->n_gtin_prefixes; i++) {
        size_t n = strlen(s->gtin_prefixes[i]);
        if (strncmp(gtin, s->gtin_prefixes[i], n) == 0) return true;
    }
    return false;
}

static bool category_in_scope(const dpp_scope *s, const char *category)
{
    if (s->n_categories == 0) return true;
    for (size_t i = 0; i < s->n_categories; i++)
        if (strcmp(category, s->categories[i]) == 0) return true;
    return false;
}

/* Claims a role may attest (attesters) at most. */
static uint32_t role_attest_mask(dpp_role role)
{
    switch (role) {
    case DPP_ROLE_ANY: return DPP_CLAIM_ALL_MASK;
    case DPP_ROLE_CERTIFIER: return DPP_CLAIM_ALL_MASK & ~DPP_CLAIM_BIT(DPP_CLAIM_CBAM);
    case DPP_ROLE_CBAM_VERIFIER: return DPP_CLAIM_BIT(DPP_CLAIM_CBAM);
    case DPP_ROLE_MANUFACTURER:
    case DPP_ROLE_OPERATOR: break;
    }
    return 0;
}

/* A scope's claim bits, with "the certification list" covering single ones. */
static uint32_t expand_claims(uint32_t m)
{
    if (m & DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATIONS)) m |= (uint32_t)0xffu << DPP_CLAIM_CERTIFICATION_0;
    return m;
}

static void claims_list(uint32_t m, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (unsigned c = 0; c <= DPP_CLAIM_MAX && n < cap; c++) {
        int k;
        if ((m & DPP_CLAIM_BIT(c)) == 0) continue;
        k = snprintf(out + n, cap - n, "%s%s", n > 0 ? ", " : "", dpp_claim_name(c));
        if (k < 0) break;
        n += (size_t)k;
    }
}

/*
 * Evaluates one entry for an act at signing time iat: signing passport p
 * (attest_claims == 0) or attesting attest_claims of p. what names the act
 * in messages ("passport signer", "attestation 0").
 */
static bool resolver_in_scope(const dpp_scope *s, const char *resolver)
{
    if (s->n_resolvers == 0 || resolver == NULL || resolver[0] == '\0') return true;
    for (size_t i = 0; i < s->n_resolvers; i++) {
        size_t n = strlen(s->resolvers[i]);
        if (strncmp(resolver, s->resolvers[i], n) == 0 && (resolver[n] == '\0' || resolver[n] == '/')) return true;
    }
    return false;
}

static entry_eval eval_entry(const dpp_trust_entry *e, int64_t iat, const dpp_passport *p, uint32_t attest_claims,
                             const char *resolver, const char *what, dpp_diag *diag)
{
    entry_eval ev;
    bool attest = attest_claims != 0;
    char q[DPP_DIAG_QUOTE_CAP], q2[DPP_DIAG_QUOTE_CAP];
    memset(&ev, 0, sizeof ev);
    ev.stage = STAGE_WINDOW;

    if (e->has_nb || e->has_na) {
        if ((e->has_nb && iat < e->nb) || (e->has_na && iat > e->na)) {
            char t_at[DPP_TIME_ISO_LEN], t_nb[DPP_TIME_ISO_LEN], t_na[DPP_TIME_ISO_LEN];
            ev.err = dpp_diag_set(diag, DPP_ERR_SIGNER_NOT_VALID, SIZE_MAX,
                                  "%s %s: signed at %s, outside its trust-list validity window %s..%s", what,
                                  party_label(e, q), dpp_time_iso(iat, t_at), e->has_nb ? dpp_time_iso(e->nb, t_nb) : "",
                                  e->has_na ? dpp_time_iso(e->na, t_na) : "");
            return ev;
        }
        ev.window = DPP_CHECK_PASS;
    } else {
        ev.window = DPP_CHECK_SKIPPED;
    }
    ev.stage = STAGE_ROLE;
    if (e->role == DPP_ROLE_ANY) {
        ev.role = DPP_CHECK_SKIPPED;
    } else if (!attest && e->role != DPP_ROLE_MANUFACTURER) {
        ev.err = dpp_diag_set(diag, DPP_ERR_ROLE, SIZE_MAX, "%s %s has the role %s; only a manufacturer signs passports",
                              what, party_label(e, q), dpp_role_name(e->role));
        return ev;
    } else if (attest && (attest_claims & ~expand_claims(role_attest_mask(e->role))) != 0) {
        char list[128];
        claims_list(attest_claims & ~expand_claims(role_attest_mask(e->role)), list, sizeof list);
        ev.err = dpp_diag_set(diag, DPP_ERR_ROLE, SIZE_MAX, "%s by %s: the role %s may not attest %s", what,
                              party_label(e, q), dpp_role_name(e->role), list);
        return ev;
    } else {
        ev.role = DPP_CHECK_PASS;
    }
    ev.stage = STAGE_SCOPE;
    if (e->scope == NULL) {
        ev.scope = DPP_CHECK_SKIPPED;
    } else {
        const dpp_scope *sc = e->scope;
        uint32_t allowed = expand_claims(sc->claims);
        if (!gtin_in_scope(sc, p->gtin)) {
            ev.err = dpp_diag_set(diag, DPP_ERR_SCOPE, SIZE_MAX, "%s %s: GTIN %s matches none of its %zu GTIN prefixes",
                                  what, party_label(e, q), dpp_diag_quote(q2, sizeof q2, p->gtin, strnlen(p->gtin, sizeof p->gtin)),
                                  sc->n_gtin_prefixes);
            return ev;
        }
        if (!category_in_scope(sc, p->category)) {
            ev.err = dpp_diag_set(diag, DPP_ERR_SCOPE, SIZE_MAX, "%s %s: category \"%s\" is not in its scope", what,
                                  party_label(e, q), dpp_diag_quote(q2, sizeof q2, p->category, strnlen(p->category, sizeof p->category)));
            return ev;
        }
        if (!resolver_in_scope(sc, resolver)) {
            ev.err = dpp_diag_set(diag, DPP_ERR_DL_DOMAIN_SCOPE, SIZE_MAX,
                                  "%s %s: resolver \"%s\" is not among its %zu allowed resolvers", what,
                                  party_label(e, q), resolver, sc->n_resolvers);
            return ev;
        }
        if (sc->claims != 0) {
            /* A manufacturer always declares identity and itself. */
            uint32_t used = attest ? attest_claims
                                   : dpp_passport_claim_mask(p) & ~(DPP_CLAIM_BIT(DPP_CLAIM_IDENTITY) |
                                                                    DPP_CLAIM_BIT(DPP_CLAIM_MANUFACTURER));
            if ((used & ~allowed) != 0) {
                char list[128];
                claims_list(used & ~allowed, list, sizeof list);
                ev.err = dpp_diag_set(diag, DPP_ERR_SCOPE, SIZE_MAX, "%s %s: %s outside its scope", what,
                                      party_label(e, q), list);
                return ev;
            }
        }
        ev.scope = DPP_CHECK_PASS;
    }
    ev.stage = STAGE_PASS;
    return ev;
}

/*
 * Evaluates every entry holding the same key as chosen (same kid and SPKI):
 * a key listed twice (two roles) may act in either. Returns the best
 * evaluation; *best is the entry it came from. diag gets the best failure.
 */
static entry_eval eval_key(const dpp_trust *trust, const dpp_trust_entry *chosen, int64_t iat, const dpp_passport *p,
                           uint32_t attest_claims, const char *resolver, const char *what,
                           const dpp_trust_entry **best, dpp_diag *diag)
{
    entry_eval top;
    dpp_diag tmp;
    bool have = false;
    *best = chosen;
    memset(&top, 0, sizeof top);
    for (size_t i = dpp_trust_lower_bound(trust, chosen->kid);
         i < trust->n && memcmp(trust->keys[i].kid, chosen->kid, DPP_KID_LEN) == 0; i++) {
        const dpp_trust_entry *e = &trust->keys[i];
        entry_eval ev;
        if (e->spki_len != chosen->spki_len || memcmp(e->spki, chosen->spki, e->spki_len) != 0) continue;
        ev = eval_entry(e, iat, p, attest_claims, resolver, what, &tmp);
        /* Recognised by several schemes: the first one named wins (spec/trust.md 3.8). */
        if (!have || ev.stage > top.stage || (ev.stage == STAGE_PASS && e->scheme < (*best)->scheme)) {
            top = ev;
            *best = e;
            have = true;
            if (diag != NULL && ev.stage != STAGE_PASS) *diag = tmp;
        }
    }
    return top;
}

static void signer_info(const dpp_trust *trust, const dpp_trust_entry *e, dpp_signer_info *out)
{
    memset(out, 0, sizeof *out);
    out->source = e->source;
    out->role = e->role;
    out->party = e->party;
    memcpy(out->kid, e->kid, DPP_KID_LEN);
    if (e->source == DPP_SOURCE_LIST && e->scheme <= trust->n_schemes) {
        const dpp_trust_scheme *sc = &trust->schemes[e->scheme];
        memcpy(out->scheme, sc->name, sizeof out->scheme);
        memcpy(out->scheme_operator, sc->list_kid, DPP_KID_LEN);
    }
}

static dpp_err check_signer_entry(const dpp_trust *trust, const dpp_trust_entry *signer, const dpp_verified *v,
                                  const dpp_trust_entry **best, dpp_report *rep, dpp_diag *diag)
{
    entry_eval ev = eval_key(trust, signer, v->claims.iat, &v->passport, 0, v->claims.resolver, "passport signer",
                              best, diag);
    static const dpp_check order[] = {DPP_CHECK_SIGNER_WINDOW, DPP_CHECK_ROLE, DPP_CHECK_SCOPE};
    if (ev.stage == STAGE_PASS) {
        report_mark(rep, DPP_CHECK_SIGNER_WINDOW, ev.window);
        report_mark(rep, DPP_CHECK_ROLE, ev.role);
        report_mark(rep, DPP_CHECK_SCOPE, ev.scope);
        return DPP_OK;
    }
    if (ev.stage > STAGE_WINDOW) report_mark(rep, DPP_CHECK_SIGNER_WINDOW, ev.window);
    if (ev.stage > STAGE_ROLE) report_mark(rep, DPP_CHECK_ROLE, ev.role);
    return report_fail(rep, order[ev.stage], ev.err);
}

static void rev_from_record(dpp_revocation_kind kind, const uint8_t *key, size_t klen, const uint8_t *meta,
                            dpp_revocation *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    if (kind == DPP_REVOKED_KEY) memcpy(out->kid, key, klen);
    else memcpy(out->passport_id, key, klen);
    out->reason = (dpp_revocation_reason)meta[0];
    out->date = (dpp_date)(((unsigned)meta[1] << 8) | meta[2]);
}

static const char *reason_label(dpp_revocation_reason r)
{
    const char *s = dpp_revocation_reason_name(r);
    return s != NULL ? s : "unknown";
}

/* Is this kid revoked for a signature made at iat? (superseded and
 * cessation revoke from their date on; every other reason always) */
/* Is this kid revoked for a signature made at iat, by any scheme's list?
 * (superseded and cessation revoke from their date on; every other reason
 * always) *by gets the scheme. */
static bool kid_revoked(const dpp_trust *trust, const uint8_t kid[DPP_KID_LEN], int64_t iat, dpp_revocation *hit,
                        size_t *by)
{
    for (size_t s = 0; s <= trust->n_schemes; s++) {
        const uint8_t *rec;
        if (!trust->schemes[s].has_revocations) continue;
        rec = dpp_rev_find_kid(&trust->schemes[s].rev, kid);
        if (rec == NULL) continue;
        rev_from_record(DPP_REVOKED_KEY, rec, DPP_KID_LEN, rec + DPP_KID_LEN, hit);
        if ((hit->reason == DPP_REASON_SUPERSEDED || hit->reason == DPP_REASON_CESSATION) &&
            iat < (int64_t)hit->date * 86400)
            continue;
        *by = s;
        return true;
    }
    return false;
}

static dpp_err revoked(const dpp_trust *trust, size_t by, dpp_report *rep, const dpp_revocation *hit,
                       dpp_diag *diag, const char *what)
{
    char date[11] = "?";
    const char *name = trust->schemes[by].name;
    (void)dpp_date_format(hit->date, date, sizeof date);
    if (name[0] != '\0')
        dpp_diag_set(diag, DPP_ERR_REVOKED, SIZE_MAX, "%s revoked on %s, reason: %s (revocation list of scheme %s)",
                     what, date, reason_label(hit->reason), name);
    else
        dpp_diag_set(diag, DPP_ERR_REVOKED, SIZE_MAX, "%s revoked on %s, reason: %s", what, date,
                     reason_label(hit->reason));
    if (rep != NULL) {
        rep->revoked = true;
        rep->revocation = *hit;
        memcpy(rep->revoked_by, name, sizeof rep->revoked_by);
    }
    return DPP_ERR_REVOKED;
}

static dpp_err check_revocation(const dpp_trust *trust, const dpp_verified *v, dpp_report *rep, dpp_diag *diag)
{
    dpp_revocation hit;
    char what[64];
    size_t by = 0;
    uint64_t g = 0;
    bool status = v->claims.has_status && trust->n_status > 0;
    if (!trust->any_revocations && !status) {
        report_mark(rep, DPP_CHECK_REVOCATION, DPP_CHECK_SKIPPED);
        return DPP_OK;
    }
    /* Revocation in any scheme wins (spec/trust.md 3.8). */
    if (kid_revoked(trust, v->claims.kid, v->claims.iat, &hit, &by)) {
        char kh[17];
        hex8(v->claims.kid, DPP_KID_LEN, kh);
        (void)snprintf(what, sizeof what, "signer key %s", kh);
        return report_fail(rep, DPP_CHECK_REVOCATION, revoked(trust, by, rep, &hit, diag, what));
    }
    for (size_t i = 0; i < 14 && v->passport.gtin[i] != '\0'; i++) g = g * 10 + (uint64_t)(v->passport.gtin[i] - '0');
    for (by = 0; by <= trust->n_schemes; by++) {
        const dpp_rev_index *rx = &trust->schemes[by].rev;
        const uint8_t *rec;
        if (!trust->schemes[by].has_revocations) continue;
        rec = dpp_rev_find_id(rx, v->passport.id);
        if (rec != NULL) {
            rev_from_record(DPP_REVOKED_PASSPORT, rec, 16, rec + 16, &hit);
            return report_fail(rep, DPP_CHECK_REVOCATION, revoked(trust, by, rep, &hit, diag, "passport"));
        }
        if (rx->hashed.present) { /* compact list (spec/trust.md 6.5): by hash */
            dpp_revocation q;
            memset(&q, 0, sizeof q);
            q.kind = DPP_REVOKED_PASSPORT;
            memcpy(q.passport_id, v->passport.id, 16);
            if (dpp_rev_index_lookup(rx, &q, &hit) == DPP_OK)
                return report_fail(rep, DPP_CHECK_REVOCATION,
                                   revoked(trust, by, rep, &hit, diag, "passport (compact list)"));
            if (v->passport.batch[0] != '\0') {
                q.kind = DPP_REVOKED_BATCH;
                memcpy(q.gtin, v->passport.gtin, sizeof q.gtin);
                memcpy(q.batch, v->passport.batch, sizeof q.batch);
                if (dpp_rev_index_lookup(rx, &q, &hit) == DPP_OK) {
                    (void)snprintf(what, sizeof what, "batch %s of GTIN %s (compact)", v->passport.batch,
                                   v->passport.gtin);
                    return report_fail(rep, DPP_CHECK_REVOCATION, revoked(trust, by, rep, &hit, diag, what));
                }
            }
        }
        if (v->passport.batch[0] != '\0') {
            const dpp_rev_batch *b = dpp_rev_find_batch(rx, g, v->passport.batch, strlen(v->passport.batch));
            if (b != NULL) {
                memset(&hit, 0, sizeof hit);
                hit.kind = DPP_REVOKED_BATCH;
                memcpy(hit.gtin, v->passport.gtin, sizeof hit.gtin);
                memcpy(hit.batch, v->passport.batch, sizeof hit.batch);
                hit.reason = (dpp_revocation_reason)b->reason;
                hit.date = (dpp_date)b->date;
                (void)snprintf(what, sizeof what, "batch %s of GTIN %s", v->passport.batch, v->passport.gtin);
                return report_fail(rep, DPP_CHECK_REVOCATION, revoked(trust, by, rep, &hit, diag, what));
            }
        }
    }
    if (status) {
        /* Status list (spec/trust.md 6.4): one bit, O(1), no allocation. */
        const dpp_status_part *part = dpp_trust_status_find(trust, v->claims.status_list_id);
        char idh[2 * DPP_STATUS_LIST_ID_LEN + 1];
        hex8(v->claims.status_list_id, DPP_STATUS_LIST_ID_LEN, idh);
        if (part == NULL) {
            dpp_diag_set(diag, DPP_ERR_STATUS_LIST_MISSING, SIZE_MAX,
                         "passport's status list %s is not loaded (%zu other status lists are): fetch it", idh,
                         trust->n_status);
            return report_fail(rep, DPP_CHECK_REVOCATION, DPP_ERR_STATUS_LIST_MISSING);
        }
        if (v->claims.status_index >= part->n_bits) {
            dpp_diag_set(diag, DPP_ERR_STATUS_INDEX, SIZE_MAX,
                         "passport's status index %u is past the end of status list %s (%zu entries)",
                         (unsigned)v->claims.status_index, idh, part->n_bits);
            return report_fail(rep, DPP_CHECK_REVOCATION, DPP_ERR_STATUS_INDEX);
        }
        if (dpp_status_bit(part->bits, v->claims.status_index)) {
            dpp_diag_set(diag, DPP_ERR_STATUS_REVOKED, SIZE_MAX,
                         "passport revoked: bit %u of status list %s (sequence %llu) is set",
                         (unsigned)v->claims.status_index, idh, (unsigned long long)part->sequence);
            if (rep != NULL) {
                rep->revoked = true;
                memset(&rep->revocation, 0, sizeof rep->revocation);
                rep->revocation.kind = DPP_REVOKED_PASSPORT;
                memcpy(rep->revocation.passport_id, v->passport.id, sizeof rep->revocation.passport_id);
                rep->revocation.reason = DPP_REASON_UNSPECIFIED;
            }
            return report_fail(rep, DPP_CHECK_REVOCATION, DPP_ERR_STATUS_REVOKED);
        }
    }
    report_mark(rep, DPP_CHECK_REVOCATION, DPP_CHECK_PASS);
    return DPP_OK;
}

/* Verifies attestation i; on success fills out->attesters[i]. */
static dpp_err check_one_attestation(const dpp_trust *trust, const dpp_trust_entry *signer, int64_t now, size_t i,
                                     const dpp_att_view *a, const dpp_claim_ranges *ranges, dpp_verified *out,
                                     dpp_report *rep, dpp_diag *diag)
{
    uint8_t payload[DPP_ATT_PAYLOAD_MAX];
    size_t payload_len = 0, candidates = 0;
    dpp_bytes detached;
    dpp_cose_opts opts;
    const dpp_trust_entry *attester = NULL, *best = NULL;
    entry_eval ev;
    char kh[17], what[32];
    dpp_revocation hit;
    size_t by = 0;
    dpp_err err;

    hex8(a->sig.kid.ptr, DPP_KID_LEN, kh);
    (void)snprintf(what, sizeof what, "attestation %zu", i);
    for (size_t j = dpp_trust_lower_bound(trust, a->sig.kid.ptr);
         j < trust->n && memcmp(trust->keys[j].kid, a->sig.kid.ptr, DPP_KID_LEN) == 0; j++)
        candidates++;
    if (candidates == 0)
        return dpp_diag_set(diag, DPP_ERR_ATTESTER_UNKNOWN, SIZE_MAX, "attestation %zu: no trusted key has kid %s", i,
                            kh);
    err = dpp_att_payload(a, &out->passport, ranges, payload, sizeof payload, &payload_len, diag);
    if (err != DPP_OK) {
        if (diag != NULL) {
            char msg[DPP_DIAG_MSG_LEN];
            memcpy(msg, diag->msg, sizeof msg);
            dpp_diag_set(diag, err, SIZE_MAX, "attestation %zu: %s", i, msg);
        }
        return err;
    }
    detached.ptr = payload;
    detached.len = payload_len;
    opts.flags = DPP_COSE_STRICT;
    opts.aad = dpp_att_aad;
    for (size_t j = dpp_trust_lower_bound(trust, a->sig.kid.ptr);
         j < trust->n && memcmp(trust->keys[j].kid, a->sig.kid.ptr, DPP_KID_LEN) == 0; j++) {
        const dpp_key *k = trust->keys[j].key;
        if ((int64_t)dpp_key_alg(k) != a->sig.alg) continue;
        if (dpp_cose_sign1_verify_ex(&a->sig, &detached, k, &opts, NULL) == DPP_OK) {
            attester = &trust->keys[j];
            break;
        }
    }
    if (attester == NULL) {
        char list[128];
        claims_list(a->claims, list, sizeof list);
        return dpp_diag_set(diag, DPP_ERR_ATTESTATION_SIGNATURE, SIZE_MAX,
                            "attestation %zu by kid %s does not verify over %s: an attested claim was changed after "
                            "attestation, or the attestation is forged",
                            i, kh, list);
    }
    /* Third party means another key than the passport's signer, whatever the roles. */
    if (attester->spki_len == signer->spki_len && memcmp(attester->spki, signer->spki, signer->spki_len) == 0)
        return dpp_diag_set(diag, DPP_ERR_ROLE, SIZE_MAX,
                            "attestation %zu is signed with the passport signer's own key: not a third-party "
                            "attestation",
                            i);
    if (a->has_signed_at && dpp_time_after(a->signed_at, now, DPP_IAT_SKEW_SECONDS)) {
        char t_at[DPP_TIME_ISO_LEN], t_now[DPP_TIME_ISO_LEN];
        return dpp_diag_set(diag, DPP_ERR_ATTESTATION_TIME, SIZE_MAX,
                            "attestation %zu: signed at %s, later than the validation time %s", i,
                            dpp_time_iso(a->signed_at, t_at), dpp_time_iso(now, t_now));
    }
    /* An attestation with its own signing time is judged at that time (spec/trust.md 5.7). */
    ev = eval_key(trust, attester, a->has_signed_at ? a->signed_at : out->claims.iat, &out->passport, a->claims, NULL,
                  what, &best, diag);
    if (ev.stage == STAGE_WINDOW && a->has_signed_at) {
        if (diag != NULL) {
            char msg[DPP_DIAG_MSG_LEN];
            memcpy(msg, diag->msg, sizeof msg);
            dpp_diag_set(diag, DPP_ERR_ATTESTATION_TIME, SIZE_MAX, "%s", msg);
        }
        return DPP_ERR_ATTESTATION_TIME;
    }
    if (ev.stage != STAGE_PASS) return ev.err;
    {
        /* A certificate attester must be valid at the validation time, as a signer's is. */
        int64_t nb = best->chain_nb, na = best->chain_na;
        bool has = best->has_chain_window;
        if (!has) has = dpp_key_validity(best->key, &nb, &na);
        char t_nb[DPP_TIME_ISO_LEN], t_na[DPP_TIME_ISO_LEN], t_now[DPP_TIME_ISO_LEN];
        if (has && a->has_signed_at && (a->signed_at < nb || a->signed_at > na))
            return dpp_diag_set(diag, DPP_ERR_ATTESTATION_TIME, SIZE_MAX,
                                "attestation %zu: signed at %s, outside its certificate%s validity %s..%s", i,
                                dpp_time_iso(a->signed_at, t_now), best->has_chain_window ? " chain" : "",
                                dpp_time_iso(nb, t_nb), dpp_time_iso(na, t_na));
        if (has && (now < nb || now > na))
            return dpp_diag_set(diag, DPP_ERR_KEY_NOT_VALID, SIZE_MAX,
                                "attestation %zu: attester certificate%s is valid from %s to %s, not at %s", i,
                                best->has_chain_window ? " chain" : "", dpp_time_iso(nb, t_nb), dpp_time_iso(na, t_na),
                                dpp_time_iso(now, t_now));
    }
    if (trust->any_revocations && kid_revoked(trust, a->sig.kid.ptr, out->claims.iat, &hit, &by)) {
        char lbl[64];
        (void)snprintf(lbl, sizeof lbl, "attestation %zu: attester key %s", i, kh);
        return revoked(trust, by, rep, &hit, diag, lbl);
    }
    signer_info(trust, best, &out->attesters[i]);
    return DPP_OK;
}

static dpp_err check_attestations(const dpp_trust *trust, const dpp_trust_entry *signer, const dpp_att_view *att,
                                  size_t n_att, const dpp_bytes *passport_cbor, int64_t now, dpp_verified *out,
                                  dpp_report *rep, dpp_diag *diag)
{
    dpp_claim_ranges ranges;
    dpp_err err;
    if (n_att == 0) {
        report_mark(rep, DPP_CHECK_ATTESTATION, DPP_CHECK_SKIPPED);
        return DPP_OK;
    }
    err = dpp_claim_ranges_find(passport_cbor->ptr, passport_cbor->len, &ranges);
    if (err != DPP_OK) {
        dpp_diag_set(diag, err, SIZE_MAX, "attestation: cannot locate the claims in the passport");
        return report_fail(rep, DPP_CHECK_ATTESTATION, err);
    }
    for (size_t i = 0; i < n_att; i++) {
        err = check_one_attestation(trust, signer, now, i, &att[i], &ranges, out, rep, diag);
        if (err != DPP_OK) {
            if (rep != NULL) rep->failed_attestation = (int)i;
            return report_fail(rep, DPP_CHECK_ATTESTATION, err);
        }
        out->claims_attested |= expand_claims(att[i].claims);
    }
    out->claims_attested &= out->claims_present;
    report_mark(rep, DPP_CHECK_ATTESTATION, DPP_CHECK_PASS);
    return DPP_OK;
}


dpp_err dpp_policy_check(const dpp_trust *trust, const dpp_trust_entry *signer, const dpp_att_view *att, size_t n_att,
                         const dpp_bytes *passport_cbor, int64_t now, dpp_verified *out, dpp_report *rep,
                         dpp_diag *diag)
{
    const dpp_trust_entry *best = NULL;
    dpp_err err = check_signer_entry(trust, signer, out, &best, rep, diag);
    if (err == DPP_OK) err = check_revocation(trust, out, rep, diag);
    if (err == DPP_OK) err = check_attestations(trust, signer, att, n_att, passport_cbor, now, out, rep, diag);
    if (err == DPP_OK) signer_info(trust, best, &out->signer);
    return err;
}
