/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_GLUE_H
#define DPP_GLUE_H

/**
 * @file dpp_glue.h
 * @brief The flat, language-neutral layer that SWIG wraps for Python and Java.
 *
 * Why a glue layer instead of wrapping the public headers directly: the C API
 * hands results back through caller buffers sized by a first "size only"
 * call, fills large plain structs (dpp_passport is ~12 KiB) and reports errors
 * through a dpp_err plus a dpp_diag. Target languages want none of that. Every
 * function here therefore has one of these simple shapes:
 *
 *  - returns an owned handle (dpp_key, dpp_trust, dpp_passport, dpp_qr,
 *    dppb_result, dppb_cose, dppb_list_info): SWIG marks these %newobject and
 *    the proxy frees them with the matching destructor; a small struct of
 *    results (dppb_list_info) is wrapped with read-only fields, so no result
 *    is ever joined into text that the binding splits again;
 *  - returns a read-only view into a handle (const dpp_party *), valid while
 *    that handle lives;
 *  - returns a dppb_buf (malloc'd bytes): the typemap copies it into a Python
 *    bytes/str or a Java byte[] and frees it;
 *  - returns a scalar;
 *  - returns void.
 *
 * Errors: every fallible function takes a trailing `dpp_diag *status`. The
 * language typemap hides that argument, passes a zeroed dpp_diag, and after
 * the call raises the language's exception when status->err != DPP_OK (with
 * the library's code and message). A function that fails returns NULL / an
 * empty buffer / 0, never a half-built object.
 *
 * Byte inputs are always (pointer, length) pairs; a NULL pointer with a zero
 * length is accepted as "empty". Text inputs are UTF-8 bytes with a length;
 * functions that need a C string copy and NUL-terminate them and reject an
 * embedded NUL with DPP_ERR_INVALID_ARG.
 *
 * Threads: no global state. Functions only touch their arguments, so they
 * can run without Python's GIL; handles follow the C library's rules (a key
 * or trust store may be read by many threads at once).
 *
 * Adding a new C API function: add a dppb_* function here (and in
 * dpp_glue.c) with one of the shapes above, list it in common/dpp_core.i, and
 * call it from the Python package and the Java classes (see bindings/README.md).
 */

#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp.h"
#ifdef DPPB_HAVE_SCAN
#include "dpp/dpp_scan.h"
#endif
#ifdef DPPB_HAVE_CBAM
#include "dpp/dpp_cbam.h"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Owned bytes returned to the binding (malloc'd; the typemap frees them). */
typedef struct dppb_buf {
    uint8_t *ptr;
    size_t len;
} dppb_buf;

/* Two names for the same struct so the typemaps can tell binary output
 * (Python bytes) from UTF-8 text (Python str). Java gets byte[] for both and
 * decodes text as UTF-8 in Java. */
typedef dppb_buf dppb_bytes_out;
typedef dppb_buf dppb_text_out;

#ifndef SWIG /* SWIG sees these types through common/dpp_core.i */
/** Sizes of an encoded passport (copy of dpp_encode_sizes with plain ints). */
typedef struct dppb_sizes {
    size_t payload;
    size_t claims;
    size_t cose;
    size_t compressed;
    int used_zlib;
    size_t text;
} dppb_sizes;

/** What a loaded trust or revocation list says about itself (dpp_list_info, owned by the proxy). */
typedef struct dppb_list_info {
    uint64_t sequence;
    int64_t issued_at;
    int64_t next_update;
    size_t entries;          /**< trust list: entries; revocation list: all revocations */
    int past_next_update;    /**< 1: accepted only thanks to the grace period */
    uint8_t signer_kid[DPP_KID_LEN];
} dppb_list_info;

/** Result of dppb_verify() / dppb_inspect(). */
typedef struct dppb_result {
    int verified;            /**< 1: from dppb_verify(); 0: from dppb_inspect() */
    dpp_err err;             /**< DPP_OK or the failing check's error */
    dpp_report report;       /**< checks (all NOT_RUN for inspect) and diag */
    dpp_passport passport;   /**< zeroed unless err == DPP_OK */
    dpp_claims claims;       /**< zeroed unless err == DPP_OK */
    /* Trust layer (zeroed unless err == DPP_OK): who signed and attested. */
    dpp_signer_info signer;
    dpp_signer_info attesters[DPP_MAX_ATTESTATIONS];
    uint32_t claims_present;
    uint32_t claims_attested;
    signed char attested_by[DPP_CLAIM_MAX + 1]; /**< dpp_claim_attested_by() per claim */
    /* For the UNTP export (dpp_untp.h): the library's own result and a copy of
     * the text it came from (NULL unless err == DPP_OK). */
    dpp_verified *full;        /**< dppb_verify() */
    dpp_unverified *full_unverified; /**< dppb_inspect() */
    char *text;
    size_t text_len;
} dppb_result;

/** A UNTP credential read into a passport (dpp_untp_import()). */
typedef struct dppb_untp {
    dpp_passport passport;
    dpp_diag_list dropped;                /**< items point into dropped_items */
    dpp_diag dropped_items[DPP_UNTP_MAX_ARRAY];
} dppb_untp;

/** A trust-list entry being filled (heap copy of dpp_trustlist_entry). */
typedef struct dppb_entry {
    dpp_trustlist_entry e;
} dppb_entry;

/** A passport read from a photo (dpp_scan.h; empty without libdpp_scan). */
typedef struct dppb_scan {
#ifdef DPPB_HAVE_SCAN
    dpp_scan_result r;
#else
    int unused;
#endif
} dppb_scan;

/** A CBAM communication template read into passports (dpp_cbam.h; empty without libdpp_cbam). */
typedef struct dppb_cbam {
#ifdef DPPB_HAVE_CBAM
    dpp_cbam_import *im;
#else
    int unused;
#endif
} dppb_cbam;

/** A parsed (and maybe verified) COSE_Sign1 message with its own copy of the bytes. */
typedef struct dppb_cose {
    int verified;
    dpp_cose_sign1 msg; /**< views point into buf */
    uint8_t *buf;
    size_t buf_len;
} dppb_cose;
#endif /* SWIG */

/* ---- library facts ---- */
const char *dppb_version(void);
const char *dppb_err_name(int code);
const char *dppb_err_str(int code);
const char *dppb_check_name(int check);
int dppb_check_count(void);
const char *dppb_alg_name(int alg);
int dppb_alg_from_name(const char *name, size_t name_len, dpp_diag *status);
size_t dppb_max_text_len(void);
/** Longest link (DPP_MAX_LINK_LEN, spec/link.md): verify, inspect and convert accept this much. */
size_t dppb_max_link_len(void);
size_t dppb_max_cose_len(void);
size_t dppb_kid_len(void);

/* ---- keys ---- */
dpp_key *dppb_key_generate(int alg, dpp_diag *status);
dpp_key *dppb_key_load(const void *data, size_t len, dpp_diag *status);
dpp_key *dppb_key_public(const dpp_key *key, dpp_diag *status);
/** A second handle to the same key (reference counted; keeps certificate validity). */
dpp_key *dppb_key_ref(const dpp_key *key, dpp_diag *status);
int dppb_key_alg(const dpp_key *key, dpp_diag *status);
int dppb_key_is_private(const dpp_key *key, dpp_diag *status);
dppb_bytes_out dppb_key_kid(const dpp_key *key, dpp_diag *status);
int dppb_key_has_validity(const dpp_key *key, dpp_diag *status);
int64_t dppb_key_not_before(const dpp_key *key, dpp_diag *status);
int64_t dppb_key_not_after(const dpp_key *key, dpp_diag *status);
dppb_text_out dppb_key_public_pem(const dpp_key *key, dpp_diag *status);
dppb_text_out dppb_key_private_pem(const dpp_key *key, dpp_diag *status);
dppb_bytes_out dppb_key_public_der(const dpp_key *key, dpp_diag *status);
dppb_text_out dppb_key_self_signed_cert(const dpp_key *key, const char *text, size_t text_len, int64_t not_before,
                                        int64_t not_after, dpp_diag *status);

/* ---- trust store ---- */
dpp_trust *dppb_trust_new(dpp_diag *status);
void dppb_trust_add_key(dpp_trust *trust, const dpp_key *key, dpp_diag *status);
void dppb_trust_add_bytes(dpp_trust *trust, const void *data, size_t len, dpp_diag *status);
size_t dppb_trust_count(const dpp_trust *trust);

/* ---- passports ---- */
dpp_passport *dppb_passport_from_json(const char *text, size_t text_len, dpp_diag *status);
dpp_passport *dppb_passport_from_cbor(const void *data, size_t len, dpp_diag *status);
dpp_passport *dppb_passport_copy(const dpp_passport *p, dpp_diag *status);
dppb_text_out dppb_passport_to_json(const dpp_passport *p, dpp_diag *status);
dppb_bytes_out dppb_passport_to_cbor(const dpp_passport *p, dpp_diag *status);
void dppb_passport_validate(const dpp_passport *p, dpp_diag *status);
/** The label passport: the CBAM block cut to what the QR code carries (dpp_passport_cbam_qr()). */
dpp_passport *dppb_passport_cbam_qr(const dpp_passport *p, dpp_diag *status);

/* ---- encoding ---- */
/** iss: (text, text_len) used only when has_iss. sizes may be NULL. */
dppb_text_out dppb_encode(const dpp_passport *p, const dpp_key *key, int64_t iat, int has_exp, int64_t exp,
                          int has_iss, const char *text, size_t text_len, int compress, dppb_sizes *sizes,
                          dpp_diag *status);
dppb_bytes_out dppb_encode_cose(const dpp_passport *p, const dpp_key *key, int64_t iat, int has_exp, int64_t exp,
                                int has_iss, const char *text, size_t text_len, dpp_diag *status);
dppb_text_out dppb_text_from_cose(const void *data, size_t len, int compress, dpp_diag *status);
dppb_bytes_out dppb_cose_from_text(const char *text, size_t text_len, dpp_diag *status);

/* ---- verification ---- */
/** Never fails except for memory (then NULL and status set); the outcome is in the result. */
dppb_result *dppb_verify(const char *text, size_t text_len, const dpp_trust *trust, int64_t now, dpp_diag *status);
/** Decodes WITHOUT verifying; failures raise through status. */
dppb_result *dppb_inspect(const char *text, size_t text_len, dpp_diag *status);
int dppb_result_verified(const dppb_result *r);
int dppb_result_err(const dppb_result *r);
int dppb_result_failed_check(const dppb_result *r);
int dppb_result_check_status(const dppb_result *r, int check);
/** All check statuses at once: dppb_check_count() bytes, one dpp_check_status each. */
dppb_bytes_out dppb_result_statuses(const dppb_result *r);
dppb_text_out dppb_result_message(const dppb_result *r);
/** The passport field the failure is about ("materials[2].name"), "" for none (dpp_diag.path). */
dppb_text_out dppb_result_path(const dppb_result *r);
int64_t dppb_result_offset(const dppb_result *r);
int64_t dppb_result_iat(const dppb_result *r);
int dppb_result_has_exp(const dppb_result *r);
int64_t dppb_result_exp(const dppb_result *r);
dppb_text_out dppb_result_iss(const dppb_result *r);
int dppb_result_alg(const dppb_result *r);
dppb_bytes_out dppb_result_kid(const dppb_result *r);
int dppb_result_compressed(const dppb_result *r);
dpp_passport *dppb_result_passport(const dppb_result *r, dpp_diag *status);

/* ---- trust layer: vocabulary (spec/trust.md) ---- */
/** Names of the trust layer's enumerations; NULL (None/null) for values that do not exist. */
const char *dppb_role_name(int role);
const char *dppb_claim_name(int claim);
const char *dppb_binding_name(int binding);
const char *dppb_key_source_name(int source);
const char *dppb_revocation_reason_name(int reason);
const char *dppb_revocation_kind_name(int kind);
int dppb_claim_max(void);

/* ---- trust lists (dpp_trustlist.h) ---- */
/** A new entry for the key or certificate in (data, len) (PEM or DER) with a role. */
dppb_entry *dppb_entry_new(const void *data, size_t len, int role, dpp_diag *status);
/** field 0: party name, 1: country, 2: identifier scheme, 3: identifier value. */
void dppb_entry_set_party(dppb_entry *e, int field, const char *text, size_t text_len, dpp_diag *status);
void dppb_entry_set_window(dppb_entry *e, int has_not_before, int64_t not_before, int has_not_after,
                           int64_t not_after);
void dppb_entry_set_claims(dppb_entry *e, int64_t claims, dpp_diag *status);
void dppb_entry_add_gtin_prefix(dppb_entry *e, const char *text, size_t text_len, dpp_diag *status);
void dppb_entry_add_category(dppb_entry *e, const char *text, size_t text_len, dpp_diag *status);
/** Adds a resolver the party may sign (normalised like the encoder does; at most DPP_SCOPE_MAX_RESOLVERS). */
void dppb_entry_add_resolver(dppb_entry *e, const char *text, size_t text_len, dpp_diag *status);
dppb_bytes_out dppb_entry_kid(const dppb_entry *e);
dpp_trustlist *dppb_trustlist_new(dpp_diag *status);
void dppb_trustlist_add(dpp_trustlist *tl, const dppb_entry *e, dpp_diag *status);
size_t dppb_trustlist_count(const dpp_trustlist *tl);
/** Verifies a signed list with the operator's key (no freshness check) and decodes it for editing. */
dpp_trustlist *dppb_trustlist_parse(const void *data, size_t len, const dpp_key *operator_key, dpp_diag *status);
/** Removes the entries with this kid and role (0: every role); returns how many. */
size_t dppb_trustlist_remove(dpp_trustlist *tl, const void *data, size_t len, int role, dpp_diag *status);
dppb_bytes_out dppb_trustlist_sign(const dpp_trustlist *tl, const dpp_key *operator_key, int64_t sequence,
                                   int64_t issued_at, int64_t next_update, dpp_diag *status);
void dppb_trust_pin_operator(dpp_trust *trust, const dpp_key *operator_key, dpp_diag *status);
/** Loads a signed trust list. Returns the list's info (NULL on error). */
dppb_list_info *dppb_trust_load_list(dpp_trust *trust, const void *data, size_t len, int64_t now,
                                     int64_t min_sequence, int64_t grace_seconds, dpp_diag *status);
void dppb_trust_add_ca(dpp_trust *trust, const void *data, size_t len, dpp_diag *status);
/** (aad, aad_len): the intermediate certificates (PEM bundle), may be empty. */
void dppb_trust_add_cert(dpp_trust *trust, const void *data, size_t len, const void *aad, size_t aad_len,
                         dpp_diag *status);

/* ---- several trust schemes at once (mutual recognition, dpp_trust.h, spec/trust.md 3.8) ---- */
/** (name, name_len): the scheme, 1..DPP_SCHEME_NAME_MAX printable ASCII bytes. */
void dppb_trust_scheme_pin_operator(dpp_trust *trust, const char *name, size_t name_len, const dpp_key *operator_key,
                                    dpp_diag *status);
/** As dppb_trust_load_list() for the named scheme (its own pins; DPP_ERR_LIST_WRONG_SCHEME for another's). */
dppb_list_info *dppb_trust_scheme_load_list(dpp_trust *trust, const char *name, size_t name_len,
                                            const void *data, size_t len, int64_t now, int64_t min_sequence,
                                            int64_t grace_seconds, dpp_diag *status);
dppb_list_info *dppb_trust_scheme_load_revocations(dpp_trust *trust, const char *name, size_t name_len,
                                                   const void *data, size_t len, int64_t now, int64_t min_sequence,
                                                   int64_t grace_seconds, dpp_diag *status);
size_t dppb_trust_scheme_count(const dpp_trust *trust);

/* ---- revocation lists (dpp_revocation.h) ---- */
dpp_revlist *dppb_revlist_new(dpp_diag *status);
/**
 * Adds a revocation. kind 1 (key): (data, len) is the 8-byte kid; 2
 * (passport): the 16-byte passport id; 3 (batch): (name, name_len) is the
 * GTIN and (text, text_len) the batch. date: days since 1970-01-01.
 */
void dppb_revlist_add(dpp_revlist *rl, int kind, const void *data, size_t len, const char *name, size_t name_len,
                      const char *text, size_t text_len, int reason, int64_t date, dpp_diag *status);
size_t dppb_revlist_count(const dpp_revlist *rl);
dppb_bytes_out dppb_revlist_sign(const dpp_revlist *rl, const dpp_key *operator_key, int64_t sequence,
                                 int64_t issued_at, int64_t next_update, dpp_diag *status);
/** As dppb_trust_load_list() for a revocation list. */
dppb_list_info *dppb_trust_load_revocations(dpp_trust *trust, const void *data, size_t len, int64_t now,
                                            int64_t min_sequence, int64_t grace_seconds, dpp_diag *status);

/**
 * Loads a signed status list, whole or delta (dpp_trust_load_status, spec/trust.md 6.4), checked against the
 * operator keys of every scheme. Returns the list's info (NULL on error: DPP_ERR_STATUS_DELTA_BASE,
 * DPP_ERR_STATUS_INDEX, the list errors of dppb_trust_load_list()).
 */
dppb_list_info *dppb_trust_load_status(dpp_trust *trust, const void *data, size_t len, int64_t now,
                                       int64_t min_sequence, int64_t grace_seconds, dpp_diag *status);

/* ---- attestation (dpp_attest.h) ---- */
dppb_bytes_out dppb_attest(const dpp_passport *p, const dpp_key *key, int64_t claims, int binding,
                           dpp_diag *status);
/**
 * dppb_encode() plus attestations, a full-passport link and a resolver.
 * (data, len): the attestations, each as a 2-byte big-endian length then its
 * bytes; (name, name_len): the link URI (empty: no link); (aad, aad_len): the
 * link's SHA-256 (32 bytes) or empty; (resolver, resolver_len): the resolver
 * signed as CWT claim -265 ("https://id.example.com", normalised by the
 * library; empty: none); form: 0 writes "DPP1:" text, 1 the GS1 Digital
 * Link (needs a resolver). The output holds up to DPP_MAX_LINK_LEN characters.
 */
dppb_text_out dppb_encode_ex(const dpp_passport *p, const dpp_key *key, int64_t iat, int has_exp, int64_t exp,
                             int has_iss, const char *text, size_t text_len, int compress, const void *data,
                             size_t len, const char *name, size_t name_len, const void *aad, size_t aad_len,
                             const char *resolver, size_t resolver_len, int form, dppb_sizes *sizes,
                             dpp_diag *status);

/* ---- transport forms (dpp_transport.h, spec/link.md) ---- */
/** 0 (DPP_FORM_TEXT) or 1 (DPP_FORM_LINK), judged from the first characters only. */
int dppb_form_of(const char *text, size_t text_len);
/** The resolver as signed in claim -265 ("https://ID.Example.com/" -> "id.example.com"). */
dppb_text_out dppb_resolver_normalize(const char *text, size_t text_len, dpp_diag *status);
/**
 * Re-spells a signed passport (either form) in form 0 (text) or 1 (link)
 * without verifying or re-signing it (dpp_transport_convert()).
 */
dppb_text_out dppb_transport_convert(const char *text, size_t text_len, int form, dpp_diag *status);

/* ---- trust-layer results of dppb_verify() ---- */
/** who -1: the passport's signer; 0..n-1: the attester of attestation who. */
int dppb_result_signer_source(const dppb_result *r, int who);
int dppb_result_signer_role(const dppb_result *r, int who);
dppb_bytes_out dppb_result_signer_kid(const dppb_result *r, int who);
/** The party as the trust store knows it: a view into r (valid while r lives); NULL for a bad who. */
const dpp_party *dppb_result_signer_party(const dppb_result *r, int who);
int dppb_result_n_attestations(const dppb_result *r);
dppb_bytes_out dppb_result_attestation_kid(const dppb_result *r, int i);
int dppb_result_attestation_alg(const dppb_result *r, int i);
int dppb_result_attestation_binding(const dppb_result *r, int i);
int64_t dppb_result_attestation_claims(const dppb_result *r, int i);
int64_t dppb_result_claims_present(const dppb_result *r);
int64_t dppb_result_claims_attested(const dppb_result *r);
/** Index of the attestation covering claim, or -1. */
int dppb_result_claim_attested_by(const dppb_result *r, int claim);
dppb_text_out dppb_result_link_uri(const dppb_result *r);
/** The transport form the verified or inspected text was in: 0 text, 1 link. */
int dppb_result_form(const dppb_result *r);
/** The signed resolver (claim -265), empty when the passport has none. */
dppb_text_out dppb_result_resolver(const dppb_result *r);
dppb_bytes_out dppb_result_link_sha256(const dppb_result *r);
/** Revocation that rejected the passport: kind 0 if none. */
int dppb_result_revocation_kind(const dppb_result *r);
int dppb_result_revocation_reason(const dppb_result *r);
int dppb_result_revocation_date(const dppb_result *r);
/** The revoked kid (kind key) or passport id (kind passport); empty otherwise. */
dppb_bytes_out dppb_result_revocation_subject(const dppb_result *r);
/** The revoked batch's GTIN and batch (kind batch); empty otherwise. */
dppb_text_out dppb_result_revocation_gtin(const dppb_result *r);
dppb_text_out dppb_result_revocation_batch(const dppb_result *r);
int dppb_result_failed_attestation(const dppb_result *r);
/** The scheme whose trust list recognised the signer (who -1) or attester who; "" the default scheme or none. */
dppb_text_out dppb_result_signer_scheme(const dppb_result *r, int who);
/** The kid of the operator key that signed that list (empty for pinned keys and certificates). */
dppb_bytes_out dppb_result_signer_scheme_operator(const dppb_result *r, int who);
/** A revoked passport: the scheme whose revocation list matched ("" the default one). */
dppb_text_out dppb_result_revoked_by(const dppb_result *r);

/* ---- UNTP DPP credentials (dpp_untp.h, spec/untp.md) ---- */
/**
 * The UNTP credential (JSON text) of a passport from dppb_verify()
 * (dpp_untp_export()) or from dppb_inspect() (dpp_untp_export_unverified():
 * every claim "NOT VERIFIED"), using the text the result was made from as
 * the original. (name, name_len): the issuer id ("did:web:..."); empty: the
 * library's default ("urn:dpp:kid:<hex>"). A failed verification:
 * DPP_ERR_INVALID_ARG.
 */
dppb_text_out dppb_untp_export(const dppb_result *r, const char *name, size_t name_len, dpp_diag *status);
/**
 * Reads a UNTP DPP credential (dpp_untp_import()). (name, name_len): the
 * manufacturer's country when the credential has none (empty: none).
 */
dppb_untp *dppb_untp_import(const char *text, size_t text_len, const char *name, size_t name_len,
                            dpp_diag *status);
dpp_passport *dppb_untp_passport(const dppb_untp *u, dpp_diag *status);
/** Members of the credential that cannot be carried: listed (count) and found (total >= count). */
size_t dppb_untp_dropped_count(const dppb_untp *u);
size_t dppb_untp_dropped_total(const dppb_untp *u);
/** The UNTP member ("credentialSubject.product.dimensions") and the message of dropped entry i. */
dppb_text_out dppb_untp_dropped_path(const dppb_untp *u, size_t i);
dppb_text_out dppb_untp_dropped_message(const dppb_untp *u, size_t i);

/* ---- generic COSE_Sign1 ---- */
dppb_bytes_out dppb_cose_sign(const void *data, size_t len, const dpp_key *key, unsigned flags, const void *aad,
                              size_t aad_len, dpp_diag *status);
dppb_cose *dppb_cose_verify(const void *data, size_t len, const dpp_key *key, unsigned flags, const void *aad,
                            size_t aad_len, dpp_diag *status);
dppb_cose *dppb_cose_parse(const void *data, size_t len, unsigned flags, dpp_diag *status);
int dppb_cose_verified(const dppb_cose *c);
int dppb_cose_tagged(const dppb_cose *c);
int dppb_cose_cwt_tagged(const dppb_cose *c);
int dppb_cose_has_alg(const dppb_cose *c);
int dppb_cose_alg_protected(const dppb_cose *c);
int64_t dppb_cose_alg(const dppb_cose *c);
int dppb_cose_has_kid(const dppb_cose *c);
int dppb_cose_kid_protected(const dppb_cose *c);
dppb_bytes_out dppb_cose_kid(const dppb_cose *c);
int dppb_cose_unprotected_empty(const dppb_cose *c);
dppb_bytes_out dppb_cose_protected(const dppb_cose *c);
int dppb_cose_detached(const dppb_cose *c);
dppb_bytes_out dppb_cose_payload(const dppb_cose *c);
dppb_bytes_out dppb_cose_signature(const dppb_cose *c);

/* ---- Base45 ---- */
dppb_text_out dppb_base45_encode(const void *data, size_t len, dpp_diag *status);
dppb_bytes_out dppb_base45_decode(const char *text, size_t text_len, dpp_diag *status);

/* ---- QR ---- */
dpp_qr *dppb_qr_encode(const char *text, size_t text_len, int ecc, dpp_diag *status);
int dppb_qr_version(const dpp_qr *q);
int dppb_qr_size(const dpp_qr *q);
int dppb_qr_ecc(const dpp_qr *q);
int dppb_qr_mask(const dpp_qr *q);
int dppb_qr_module(const dpp_qr *q, int x, int y);
/** size*size bytes, row-major, 1 = dark. */
dppb_bytes_out dppb_qr_modules(const dpp_qr *q, dpp_diag *status);
dppb_text_out dppb_qr_to_svg(const dpp_qr *q, int module_px, int border, dpp_diag *status);
dppb_bytes_out dppb_qr_to_png(const dpp_qr *q, int module_px, int border, dpp_diag *status);
dppb_text_out dppb_qr_to_term(const dpp_qr *q, int border, dpp_diag *status);

/* ---- photos of labels (dpp_scan.h, the optional libdpp_scan) ---- */
/** 1 if these bindings were built with libdpp_scan, else 0. */
int dppb_scan_available(void);
/**
 * Decodes the picture (data, len) and reads the passport's QR code
 * (dpp_scan_image()). Built without libdpp_scan: DPP_ERR_IMAGE_FORMAT
 * saying so. The fields of the result are read through the accessors.
 */
dppb_scan *dppb_scan_image(const void *data, size_t len, dpp_diag *status);
dppb_text_out dppb_scan_text(const dppb_scan *s);
/** 0: how the passport was read; 1: the note (which code of several was used). */
dppb_text_out dppb_scan_info(const dppb_scan *s, int which);
/** 0: distinct codes found; 1: width; 2: height (of the first picture scanned); 3: EXIF orientation. */
int64_t dppb_scan_number(const dppb_scan *s, int which);

/* ---- the CBAM communication template (dpp_cbam.h, the optional libdpp_cbam) ---- */
/** 1 if these bindings were built with libdpp_cbam, else 0. */
int dppb_cbam_available(void);
/**
 * Reads a filled CBAM communication template (dpp_cbam_import_xlsx()):
 * (data, len) the .xlsx bytes; (text, text_len) the GTINs in line order,
 * one per line ("\n"), or empty; (name, name_len) the manufacturer, or
 * empty for the installation's name; strict as dpp_cbam_import_opts.
 * Built without libdpp_cbam: DPP_ERR_UNSUPPORTED saying so.
 */
dppb_cbam *dppb_cbam_import(const void *data, size_t len, const char *text, size_t text_len, const char *name,
                            size_t name_len, int strict, dpp_diag *status);
/** 0: product lines found; 1: passports made; 2: notes. */
size_t dppb_cbam_count(const dppb_cbam *c, int which);
/** A copy of passport i (owned by the caller). */
dpp_passport *dppb_cbam_passport(const dppb_cbam *c, size_t i, dpp_diag *status);
/** Passport i's worksheet row (which 0) or line number (which 1); 0 out of range. */
unsigned dppb_cbam_passport_number(const dppb_cbam *c, size_t i, int which);
/** Note i: 0 kind (dpp_cbam_note_kind), 1 err, 2 row, 3 value_cut; 0 out of range. */
int dppb_cbam_note_number(const dppb_cbam *c, size_t i, int which);
/** Note i: 0 sheet, 1 cell, 2 field, 3 reason, 4 value; "" out of range. */
dppb_text_out dppb_cbam_note_text(const dppb_cbam *c, size_t i, int which);

/* ---- destructors used by the SWIG proxies ---- */
void dppb_passport_free(dpp_passport *p);
void dppb_result_free(dppb_result *r);
void dppb_cose_free(dppb_cose *c);
void dppb_qr_free(dpp_qr *q);
void dppb_sizes_free(dppb_sizes *s);
void dppb_entry_free(dppb_entry *e);
void dppb_scan_free(dppb_scan *s);
void dppb_untp_free(dppb_untp *u);
void dppb_cbam_free(dppb_cbam *c);
void dppb_list_info_free(dppb_list_info *info);
dppb_sizes *dppb_sizes_new(void);

#ifdef __cplusplus
}
#endif

#endif /* DPP_GLUE_H */
