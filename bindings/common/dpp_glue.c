/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Implementation of the binding glue (see dpp_glue.h). Pure C: no Python or
 * JNI calls here, so every function may run with Python's GIL released.
 */
#include "dpp_glue.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest C string the glue copies for the library (issuer, common name, alg name). */
#define DPPB_MAX_CSTR 1024

static const dppb_buf k_empty = {NULL, 0};

#if defined(__GNUC__) || defined(__clang__)
#define DPPB_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DPPB_PRINTF(a, b)
#endif

static void st_set(dpp_diag *st, dpp_err err, const char *fmt, ...) DPPB_PRINTF(3, 4);

static void st_set(dpp_diag *st, dpp_err err, const char *fmt, ...)
{
    va_list ap;
    if (st == NULL) return;
    st->err = err;
    st->offset = SIZE_MAX;
    va_start(ap, fmt);
    vsnprintf(st->msg, sizeof st->msg, fmt, ap);
    va_end(ap);
}

/* After a library call that returned err and may have filled diag: make sure the
 * status carries the code and a message (functions without a diag get the
 * generic sentence for the code). */
static void st_from(dpp_diag *st, dpp_err err, const dpp_diag *d)
{
    if (st == NULL || err == DPP_OK) return;
    if (d != NULL && d != st) *st = *d;
    st->err = err;
    if (st->line > 0) { /* a syntax error's place (dpp_diag.line/column) belongs in the exception's text */
        size_t n = strnlen(st->msg, sizeof st->msg);
        (void)snprintf(st->msg + n, sizeof st->msg - n, " (line %zu, column %zu)", st->line, st->column);
    }
    if (st->msg[0] == '\0') {
        snprintf(st->msg, sizeof st->msg, "%s", dpp_err_str(err));
        st->offset = SIZE_MAX;
    }
}

static int null_arg(dpp_diag *st, const void *p, const char *what)
{
    if (p != NULL) return 0;
    st_set(st, DPP_ERR_INVALID_ARG, "%s is NULL (closed or never created)", what);
    return 1;
}

/* Byte/text inputs: a NULL pointer is fine only with length 0. */
static int bad_input(dpp_diag *st, const void *p, size_t len, const char *what)
{
    if (p != NULL || len == 0) return 0;
    st_set(st, DPP_ERR_INVALID_ARG, "%s is NULL", what);
    return 1;
}

static const uint8_t *nz(const void *p) { return p != NULL ? (const uint8_t *)p : (const uint8_t *)""; }

/* Copies (text, len) into a NUL-terminated malloc'd string; rejects embedded NUL. */
static char *cstr(const char *text, size_t len, const char *what, dpp_diag *st)
{
    char *s;
    if (bad_input(st, text, len, what)) return NULL;
    if (len > DPPB_MAX_CSTR) {
        st_set(st, DPP_ERR_INVALID_ARG, "%s is %zu bytes long, the limit is %d", what, len, DPPB_MAX_CSTR);
        return NULL;
    }
    if (len != 0 && memchr(text, '\0', len) != NULL) {
        st_set(st, DPP_ERR_INVALID_ARG, "%s contains a NUL character", what);
        return NULL;
    }
    s = malloc(len + 1);
    if (s == NULL) {
        st_set(st, DPP_ERR_NO_MEMORY, "out of memory");
        return NULL;
    }
    if (len != 0) memcpy(s, text, len);
    s[len] = '\0';
    return s;
}

static uint8_t *alloc_buf(size_t n, dpp_diag *st)
{
    uint8_t *p = malloc(n == 0 ? 1 : n);
    if (p == NULL) st_set(st, DPP_ERR_NO_MEMORY, "out of memory (%zu bytes)", n);
    return p;
}

/* Wraps (p, len) as the result, or frees p and returns empty on error. */
static dppb_buf take(uint8_t *p, size_t len, dpp_err err)
{
    dppb_buf b;
    if (err != DPP_OK) {
        free(p);
        return k_empty;
    }
    b.ptr = p;
    b.len = len;
    return b;
}

static dppb_buf copy_out(const void *src, size_t len, dpp_diag *st)
{
    uint8_t *p = alloc_buf(len, st);
    if (p == NULL) return k_empty;
    if (len != 0) memcpy(p, src, len);
    return take(p, len, DPP_OK);
}

/* ------------------------------------------------------------------------ */
/* library facts                                                            */
/* ------------------------------------------------------------------------ */

const char *dppb_version(void) { return dpp_version_string(); }
const char *dppb_err_name(int code) { return dpp_err_name((dpp_err)code); }
const char *dppb_err_str(int code) { return dpp_err_str((dpp_err)code); }
const char *dppb_check_name(int check)
{
    if (check < 0 || check >= DPP_CHECK_COUNT) return "unknown";
    return dpp_check_name((dpp_check)check);
}
int dppb_check_count(void) { return DPP_CHECK_COUNT; }
const char *dppb_alg_name(int alg)
{
    const char *n = dpp_alg_name((dpp_alg)alg);
    return n != NULL ? n : "";
}

int dppb_alg_from_name(const char *name, size_t name_len, dpp_diag *status)
{
    dpp_alg alg = DPP_ALG_ES256;
    dpp_err err;
    char *s = cstr(name, name_len, "algorithm name", status);
    if (s == NULL) return 0;
    err = dpp_alg_from_name(s, &alg);
    if (err != DPP_OK) st_set(status, err, "unknown algorithm \"%.40s\" (expected ES256, ES384, EdDSA or PS256)", s);
    free(s);
    return err == DPP_OK ? (int)alg : 0;
}

size_t dppb_max_text_len(void) { return dpp_max_text_len(); }
size_t dppb_max_link_len(void) { return dpp_max_link_len(); }
size_t dppb_max_cose_len(void) { return dpp_max_cose_len(); }
size_t dppb_kid_len(void) { return dpp_kid_len(); }

/* ------------------------------------------------------------------------ */
/* keys                                                                     */
/* ------------------------------------------------------------------------ */

dpp_key *dppb_key_generate(int alg, dpp_diag *status)
{
    dpp_key *k = NULL;
    dpp_diag d;
    dpp_err err;
    memset(&d, 0, sizeof d);
    err = dpp_key_generate((dpp_alg)alg, &k, &d);
    if (err != DPP_OK) {
        dpp_key_free(k);
        st_from(status, err, &d);
        return NULL;
    }
    return k;
}

dpp_key *dppb_key_load(const void *data, size_t len, dpp_diag *status)
{
    dpp_key *k = NULL;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, data, len, "key data")) return NULL;
    memset(&d, 0, sizeof d);
    err = dpp_key_load(nz(data), len, &k, &d);
    if (err != DPP_OK) {
        dpp_key_free(k);
        st_from(status, err, &d);
        return NULL;
    }
    return k;
}

dpp_key *dppb_key_public(const dpp_key *key, dpp_diag *status)
{
    dppb_buf der = dppb_key_public_der(key, status);
    dpp_key *pub;
    if (der.ptr == NULL) return NULL;
    pub = dppb_key_load(der.ptr, der.len, status);
    free(der.ptr);
    return pub;
}

dpp_key *dppb_key_ref(const dpp_key *key, dpp_diag *status)
{
    dpp_key *k;
    if (null_arg(status, key, "key")) return NULL;
    k = dpp_key_ref(key);
    if (k == NULL) st_set(status, DPP_ERR_NO_MEMORY, "cannot take a reference to the key");
    return k;
}

int dppb_key_alg(const dpp_key *key, dpp_diag *status)
{
    if (null_arg(status, key, "key")) return 0;
    return (int)dpp_key_alg(key);
}

int dppb_key_is_private(const dpp_key *key, dpp_diag *status)
{
    if (null_arg(status, key, "key")) return 0;
    return dpp_key_is_private(key) ? 1 : 0;
}

dppb_bytes_out dppb_key_kid(const dpp_key *key, dpp_diag *status)
{
    uint8_t kid[DPP_KID_LEN];
    if (null_arg(status, key, "key")) return k_empty;
    dpp_key_kid(key, kid);
    return copy_out(kid, sizeof kid, status);
}

int dppb_key_has_validity(const dpp_key *key, dpp_diag *status)
{
    int64_t a, b;
    if (null_arg(status, key, "key")) return 0;
    return dpp_key_validity(key, &a, &b) ? 1 : 0;
}

int64_t dppb_key_not_before(const dpp_key *key, dpp_diag *status)
{
    int64_t a = 0, b = 0;
    if (null_arg(status, key, "key")) return 0;
    return dpp_key_validity(key, &a, &b) ? a : 0;
}

int64_t dppb_key_not_after(const dpp_key *key, dpp_diag *status)
{
    int64_t a = 0, b = 0;
    if (null_arg(status, key, "key")) return 0;
    return dpp_key_validity(key, &a, &b) ? b : 0;
}

typedef dpp_err (*pem_fn)(const dpp_key *, char *, size_t, size_t *);

static dppb_buf key_text(const dpp_key *key, pem_fn fn, dpp_diag *status)
{
    size_t need = 0, len = 0;
    uint8_t *p;
    dpp_err err;
    if (null_arg(status, key, "key")) return k_empty;
    err = fn(key, NULL, 0, &need);
    if (err != DPP_OK) {
        st_from(status, err, NULL);
        return k_empty;
    }
    p = alloc_buf(need + 1, status);
    if (p == NULL) return k_empty;
    err = fn(key, (char *)p, need + 1, &len);
    st_from(status, err, NULL);
    return take(p, len, err);
}

dppb_text_out dppb_key_public_pem(const dpp_key *key, dpp_diag *status)
{
    return key_text(key, dpp_key_public_pem, status);
}

dppb_text_out dppb_key_private_pem(const dpp_key *key, dpp_diag *status)
{
    return key_text(key, dpp_key_private_pem, status);
}

dppb_bytes_out dppb_key_public_der(const dpp_key *key, dpp_diag *status)
{
    size_t need = 0, len = 0;
    uint8_t *p;
    dpp_err err;
    if (null_arg(status, key, "key")) return k_empty;
    err = dpp_key_public_der(key, NULL, 0, &need);
    if (err != DPP_OK) {
        st_from(status, err, NULL);
        return k_empty;
    }
    p = alloc_buf(need, status);
    if (p == NULL) return k_empty;
    err = dpp_key_public_der(key, p, need, &len);
    st_from(status, err, NULL);
    return take(p, len, err);
}

dppb_text_out dppb_key_self_signed_cert(const dpp_key *key, const char *text, size_t text_len, int64_t not_before,
                                        int64_t not_after, dpp_diag *status)
{
    /* The serial is random, so a size query could differ from the real call
     * by a byte or two: use a generous buffer and grow once if needed. */
    size_t cap = 16384, len = 0;
    uint8_t *p = NULL;
    char *cn;
    dpp_diag d;
    dpp_err err = DPP_ERR_BUFFER_TOO_SMALL;
    if (null_arg(status, key, "key")) return k_empty;
    cn = cstr(text, text_len, "common name", status);
    if (cn == NULL) return k_empty;
    for (int attempt = 0; attempt < 2 && err == DPP_ERR_BUFFER_TOO_SMALL; attempt++, cap *= 4) {
        free(p);
        p = alloc_buf(cap, status);
        if (p == NULL) {
            free(cn);
            return k_empty;
        }
        memset(&d, 0, sizeof d);
        err = dpp_key_self_signed_cert(key, cn, not_before, not_after, (char *)p, cap, &len, &d);
    }
    free(cn);
    st_from(status, err, &d);
    return take(p, len, err);
}

/* ------------------------------------------------------------------------ */
/* trust store                                                              */
/* ------------------------------------------------------------------------ */

dpp_trust *dppb_trust_new(dpp_diag *status)
{
    dpp_trust *t = NULL;
    dpp_err err = dpp_trust_new(&t);
    if (err != DPP_OK) {
        st_from(status, err, NULL);
        return NULL;
    }
    return t;
}

void dppb_trust_add_key(dpp_trust *trust, const dpp_key *key, dpp_diag *status)
{
    dpp_err err;
    if (null_arg(status, trust, "trust store") || null_arg(status, key, "key")) return;
    err = dpp_trust_add_key(trust, key);
    if (err != DPP_OK)
        st_set(status, err, "cannot add the key to the trust store: %s (%s)", dpp_err_str(err), dpp_err_name(err));
}

void dppb_trust_add_bytes(dpp_trust *trust, const void *data, size_t len, dpp_diag *status)
{
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, trust, "trust store") || bad_input(status, data, len, "key data")) return;
    memset(&d, 0, sizeof d);
    err = dpp_trust_add_bytes(trust, nz(data), len, &d);
    st_from(status, err, &d);
}

size_t dppb_trust_count(const dpp_trust *trust) { return dpp_trust_count(trust); }

/* ------------------------------------------------------------------------ */
/* passports                                                                */
/* ------------------------------------------------------------------------ */

static dpp_passport *passport_alloc(dpp_diag *status)
{
    dpp_passport *p = malloc(sizeof *p);
    if (p == NULL) {
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory (passport)");
        return NULL;
    }
    dpp_passport_init(p);
    return p;
}

void dppb_passport_free(dpp_passport *p) { free(p); }

dpp_passport *dppb_passport_from_json(const char *text, size_t text_len, dpp_diag *status)
{
    dpp_passport *p;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, text, text_len, "JSON text")) return NULL;
    p = passport_alloc(status);
    if (p == NULL) return NULL;
    memset(&d, 0, sizeof d);
    err = dpp_passport_from_json((const char *)nz(text), text_len, p, &d);
    if (err != DPP_OK) {
        free(p);
        st_from(status, err, &d);
        return NULL;
    }
    return p;
}

dpp_passport *dppb_passport_from_cbor(const void *data, size_t len, dpp_diag *status)
{
    dpp_passport *p;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, data, len, "CBOR data")) return NULL;
    p = passport_alloc(status);
    if (p == NULL) return NULL;
    memset(&d, 0, sizeof d);
    err = dpp_passport_from_cbor(nz(data), len, p, &d);
    if (err != DPP_OK) {
        free(p);
        st_from(status, err, &d);
        return NULL;
    }
    return p;
}

dpp_passport *dppb_passport_copy(const dpp_passport *p, dpp_diag *status)
{
    dpp_passport *c;
    if (null_arg(status, p, "passport")) return NULL;
    c = passport_alloc(status);
    if (c != NULL) *c = *p;
    return c;
}

dppb_text_out dppb_passport_to_json(const dpp_passport *p, dpp_diag *status)
{
    /* to_json validates and builds the document on every call, so avoid the
     * size query: try a buffer that fits typical passports first. */
    size_t cap = 16384, len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, p, "passport")) return k_empty;
    memset(&d, 0, sizeof d);
    out = alloc_buf(cap, status);
    if (out == NULL) return k_empty;
    err = dpp_passport_to_json(p, (char *)out, cap, &len, &d);
    if (err == DPP_ERR_BUFFER_TOO_SMALL) {
        size_t need = 0;
        free(out);
        out = NULL;
        memset(&d, 0, sizeof d);
        err = dpp_passport_to_json(p, NULL, 0, &need, &d);
        if (err == DPP_OK) {
            out = alloc_buf(need + 1, status);
            if (out == NULL) return k_empty;
            err = dpp_passport_to_json(p, (char *)out, need + 1, &len, &d);
        }
    }
    st_from(status, err, &d);
    return take(out, len, err);
}

dppb_bytes_out dppb_passport_to_cbor(const dpp_passport *p, dpp_diag *status)
{
    size_t len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, p, "passport")) return k_empty;
    out = alloc_buf(DPP_MAX_COSE_LEN, status); /* the documented upper bound */
    if (out == NULL) return k_empty;
    memset(&d, 0, sizeof d);
    err = dpp_passport_to_cbor(p, out, DPP_MAX_COSE_LEN, &len, &d);
    st_from(status, err, &d);
    return take(out, len, err);
}

void dppb_passport_validate(const dpp_passport *p, dpp_diag *status)
{
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, p, "passport")) return;
    memset(&d, 0, sizeof d);
    err = dpp_passport_validate(p, &d);
    st_from(status, err, &d);
}

dpp_passport *dppb_passport_cbam_qr(const dpp_passport *p, dpp_diag *status)
{
    dpp_passport *q;
    dpp_err err;
    if (null_arg(status, p, "passport")) return NULL;
    q = passport_alloc(status);
    if (q == NULL) return NULL;
    err = dpp_passport_cbam_qr(p, q);
    if (err != DPP_OK) {
        free(q);
        st_from(status, err, NULL);
        return NULL;
    }
    return q;
}

/* ------------------------------------------------------------------------ */
/* UNTP credentials                                                         */
/* ------------------------------------------------------------------------ */

static dpp_err untp_export_into(const dppb_result *r, const char *issuer, char *out, size_t cap, size_t *len,
                                dpp_diag *d)
{
    if (r->verified)
        return dpp_untp_export(r->full, r->text, r->text_len, issuer, out, cap, len, d);
    return dpp_untp_export_unverified(r->full_unverified, r->text, r->text_len, issuer, out, cap, len, d);
}

dppb_text_out dppb_untp_export(const dppb_result *r, const char *name, size_t name_len, dpp_diag *status)
{
    /* Most credentials fit the first buffer; else ask for the size (the library caps it). */
    size_t cap = 32768, len = 0;
    char *issuer = NULL;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, r, "verification result")) return k_empty;
    if (r->err != DPP_OK || r->text == NULL || (r->verified ? r->full == NULL : r->full_unverified == NULL)) {
        st_set(status, DPP_ERR_INVALID_ARG, "the passport was not verified (%s): nothing to export",
               dpp_err_name(r->err != DPP_OK ? r->err : DPP_ERR_INVALID_ARG));
        return k_empty;
    }
    if (name_len != 0) {
        issuer = cstr(name, name_len, "issuer", status);
        if (issuer == NULL) return k_empty;
    }
    out = alloc_buf(cap, status);
    if (out == NULL) {
        free(issuer);
        return k_empty;
    }
    memset(&d, 0, sizeof d);
    err = untp_export_into(r, issuer, (char *)out, cap, &len, &d);
    if (err == DPP_ERR_BUFFER_TOO_SMALL) {
        size_t need = 0;
        free(out);
        out = NULL;
        memset(&d, 0, sizeof d);
        err = untp_export_into(r, issuer, NULL, 0, &need, &d);
        if (err == DPP_OK) {
            out = alloc_buf(need + 1, status);
            if (out == NULL) {
                free(issuer);
                return k_empty;
            }
            err = untp_export_into(r, issuer, (char *)out, need + 1, &len, &d);
        }
    }
    free(issuer);
    st_from(status, err, &d);
    return take(out, len, err);
}

dppb_untp *dppb_untp_import(const char *text, size_t text_len, const char *name, size_t name_len,
                            dpp_diag *status)
{
    char *country = NULL;
    dppb_untp *u;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, text, text_len, "UNTP JSON")) return NULL;
    if (name_len != 0) {
        country = cstr(name, name_len, "country", status);
        if (country == NULL) return NULL;
    }
    u = malloc(sizeof *u);
    if (u == NULL) {
        free(country);
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory (UNTP import)");
        return NULL;
    }
    memset(&u->dropped, 0, sizeof u->dropped);
    u->dropped.items = u->dropped_items;
    u->dropped.cap = DPP_UNTP_MAX_ARRAY;
    memset(&d, 0, sizeof d);
    err = dpp_untp_import((const char *)nz(text), text_len, country, &u->passport, &u->dropped, &d);
    free(country);
    if (err != DPP_OK) {
        free(u);
        st_from(status, err, &d);
        return NULL;
    }
    return u;
}

dpp_passport *dppb_untp_passport(const dppb_untp *u, dpp_diag *status)
{
    if (null_arg(status, u, "UNTP import")) return NULL;
    return dppb_passport_copy(&u->passport, status);
}

size_t dppb_untp_dropped_count(const dppb_untp *u) { return u == NULL ? 0 : u->dropped.count; }
size_t dppb_untp_dropped_total(const dppb_untp *u) { return u == NULL ? 0 : u->dropped.total; }

dppb_text_out dppb_untp_dropped_path(const dppb_untp *u, size_t i)
{
    if (u == NULL || i >= u->dropped.count) return k_empty;
    return copy_out(u->dropped_items[i].path, strnlen(u->dropped_items[i].path, DPP_DIAG_PATH_LEN), NULL);
}

dppb_text_out dppb_untp_dropped_message(const dppb_untp *u, size_t i)
{
    if (u == NULL || i >= u->dropped.count) return k_empty;
    return copy_out(u->dropped_items[i].msg, strnlen(u->dropped_items[i].msg, DPP_DIAG_MSG_LEN), NULL);
}

void dppb_untp_free(dppb_untp *u) { free(u); }

/* ------------------------------------------------------------------------ */
/* encoding                                                                 */
/* ------------------------------------------------------------------------ */

static int make_opts(dpp_encode_opts *o, int64_t iat, int has_exp, int64_t exp, int has_iss, const char *text,
                     size_t text_len, int compress, char **iss, dpp_diag *status)
{
    memset(o, 0, sizeof *o);
    *iss = NULL;
    o->iat = iat;
    o->has_exp = has_exp != 0;
    o->exp = exp;
    o->compress = (dpp_compress)compress;
    if (has_iss) {
        *iss = cstr(text, text_len, "issuer", status);
        if (*iss == NULL) return 0;
        o->iss = *iss;
    }
    return 1;
}

dppb_text_out dppb_encode(const dpp_passport *p, const dpp_key *key, int64_t iat, int has_exp, int64_t exp,
                          int has_iss, const char *text, size_t text_len, int compress, dppb_sizes *sizes,
                          dpp_diag *status)
{
    dpp_encode_opts o;
    dpp_encode_sizes sz;
    char *iss = NULL;
    size_t len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, p, "passport") || null_arg(status, key, "key")) return k_empty;
    if (!make_opts(&o, iat, has_exp, exp, has_iss, text, text_len, compress, &iss, status)) return k_empty;
    out = alloc_buf(DPP_MAX_TEXT_LEN + 1, status);
    if (out == NULL) {
        free(iss);
        return k_empty;
    }
    memset(&d, 0, sizeof d);
    memset(&sz, 0, sizeof sz);
    err = dpp_encode(p, key, &o, (char *)out, DPP_MAX_TEXT_LEN + 1, &len, &sz, &d);
    free(iss);
    st_from(status, err, &d);
    if (err == DPP_OK && sizes != NULL) {
        sizes->payload = sz.payload;
        sizes->claims = sz.claims;
        sizes->cose = sz.cose;
        sizes->compressed = sz.compressed;
        sizes->used_zlib = sz.used_zlib ? 1 : 0;
        sizes->text = sz.text;
    }
    return take(out, len, err);
}

dppb_bytes_out dppb_encode_cose(const dpp_passport *p, const dpp_key *key, int64_t iat, int has_exp, int64_t exp,
                                int has_iss, const char *text, size_t text_len, dpp_diag *status)
{
    dpp_encode_opts o;
    char *iss = NULL;
    size_t len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, p, "passport") || null_arg(status, key, "key")) return k_empty;
    if (!make_opts(&o, iat, has_exp, exp, has_iss, text, text_len, DPP_COMPRESS_AUTO, &iss, status)) return k_empty;
    out = alloc_buf(DPP_MAX_COSE_LEN, status);
    if (out == NULL) {
        free(iss);
        return k_empty;
    }
    memset(&d, 0, sizeof d);
    err = dpp_encode_cose(p, key, &o, out, DPP_MAX_COSE_LEN, &len, &d);
    free(iss);
    st_from(status, err, &d);
    return take(out, len, err);
}

dppb_text_out dppb_text_from_cose(const void *data, size_t len, int compress, dpp_diag *status)
{
    /* zlib can grow incompressible input by a few bytes; Base45 is 3/2. */
    size_t cap, out_len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, data, len, "COSE message")) return k_empty;
    if (len > DPP_MAX_COSE_LEN) {
        st_set(status, DPP_ERR_TOO_LARGE, "COSE message is %zu bytes, the limit is %d", len, DPP_MAX_COSE_LEN);
        return k_empty;
    }
    cap = DPP_PREFIX_LEN + DPP_BASE45_ENCODED_LEN(len + 64u) + 1u;
    out = alloc_buf(cap, status);
    if (out == NULL) return k_empty;
    memset(&d, 0, sizeof d);
    err = dpp_text_from_cose(nz(data), len, (dpp_compress)compress, (char *)out, cap, &out_len, &d);
    st_from(status, err, &d);
    return take(out, out_len, err);
}

dppb_bytes_out dppb_cose_from_text(const char *text, size_t text_len, dpp_diag *status)
{
    size_t len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, text, text_len, "text")) return k_empty;
    out = alloc_buf(DPP_MAX_COSE_LEN, status);
    if (out == NULL) return k_empty;
    memset(&d, 0, sizeof d);
    err = dpp_cose_from_text((const char *)nz(text), text_len, out, DPP_MAX_COSE_LEN, &len, &d);
    st_from(status, err, &d);
    return take(out, len, err);
}

/* ------------------------------------------------------------------------ */
/* verification                                                             */
/* ------------------------------------------------------------------------ */

static dppb_result *result_alloc(int verified, dpp_diag *status)
{
    dppb_result *r = calloc(1, sizeof *r);
    if (r == NULL) {
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory (verification result)");
        return NULL;
    }
    r->verified = verified;
    return r;
}

void dppb_result_free(dppb_result *r)
{
    if (r == NULL) return;
    free(r->full);
    free(r->full_unverified);
    free(r->text);
    free(r);
}

/* Keeps the text a successful result was made from (the UNTP export's original). */
static int result_keep_text(dppb_result *r, const char *text, size_t text_len, dpp_diag *status)
{
    r->text = (char *)alloc_buf(text_len, status);
    if (r->text == NULL) return 0;
    if (text_len != 0) memcpy(r->text, text, text_len);
    r->text_len = text_len;
    return 1;
}

dppb_result *dppb_verify(const char *text, size_t text_len, const dpp_trust *trust, int64_t now, dpp_diag *status)
{
    dpp_verified *v;
    dppb_result *r;
    if (bad_input(status, text, text_len, "text") || null_arg(status, trust, "trust store")) return NULL;
    r = result_alloc(1, status);
    if (r == NULL) return NULL;
    v = malloc(sizeof *v);
    if (v == NULL) {
        free(r);
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory (verification result)");
        return NULL;
    }
    r->err = dpp_verify((const char *)nz(text), text_len, trust, now, v, &r->report);
    if (r->err == DPP_OK) {
        unsigned c;
        r->passport = v->passport;
        r->claims = v->claims;
        r->signer = v->signer;
        memcpy(r->attesters, v->attesters, sizeof r->attesters);
        r->claims_present = v->claims_present;
        r->claims_attested = v->claims_attested;
        for (c = 0; c <= DPP_CLAIM_MAX; c++) r->attested_by[c] = (signed char)dpp_claim_attested_by(v, c);
        if (!result_keep_text(r, text, text_len, status)) {
            free(v);
            dppb_result_free(r);
            return NULL;
        }
        r->full = v;
        v = NULL;
    }
    free(v);
    if (r->err != DPP_OK && r->report.diag.msg[0] == '\0')
        snprintf(r->report.diag.msg, sizeof r->report.diag.msg, "%s", dpp_err_str(r->err));
    return r;
}

dppb_result *dppb_inspect(const char *text, size_t text_len, dpp_diag *status)
{
    dpp_unverified *u;
    dppb_result *r;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, text, text_len, "text")) return NULL;
    u = malloc(sizeof *u);
    if (u == NULL) {
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory (inspection result)");
        return NULL;
    }
    memset(&d, 0, sizeof d);
    err = dpp_inspect((const char *)nz(text), text_len, u, &d);
    if (err != DPP_OK) {
        free(u);
        st_from(status, err, &d);
        return NULL;
    }
    r = result_alloc(0, status);
    if (r == NULL) {
        free(u);
        return NULL;
    }
    r->passport = u->passport_unverified;
    r->claims = u->claims_unverified;
    if (!result_keep_text(r, text, text_len, status)) {
        free(u);
        dppb_result_free(r);
        return NULL;
    }
    r->full_unverified = u;
    return r;
}

int dppb_result_verified(const dppb_result *r) { return r != NULL && r->verified; }
int dppb_result_err(const dppb_result *r) { return r == NULL ? (int)DPP_ERR_INVALID_ARG : (int)r->err; }
int dppb_result_failed_check(const dppb_result *r)
{
    return (r == NULL || r->err == DPP_OK || !r->verified) ? -1 : (int)r->report.failed;
}
int dppb_result_check_status(const dppb_result *r, int check)
{
    if (r == NULL || check < 0 || check >= DPP_CHECK_COUNT) return DPP_CHECK_NOT_RUN;
    return (int)r->report.status[check];
}
dppb_bytes_out dppb_result_statuses(const dppb_result *r)
{
    uint8_t st[DPP_CHECK_COUNT];
    for (int i = 0; i < DPP_CHECK_COUNT; i++) st[i] = r == NULL ? 0 : (uint8_t)r->report.status[i];
    return copy_out(st, sizeof st, NULL);
}

dppb_text_out dppb_result_message(const dppb_result *r)
{
    if (r == NULL) return k_empty;
    return copy_out(r->report.diag.msg, strlen(r->report.diag.msg), NULL);
}
dppb_text_out dppb_result_path(const dppb_result *r)
{
    if (r == NULL) return k_empty;
    return copy_out(r->report.diag.path, strnlen(r->report.diag.path, sizeof r->report.diag.path), NULL);
}
int64_t dppb_result_offset(const dppb_result *r)
{
    if (r == NULL || r->report.diag.offset == SIZE_MAX) return -1;
    return (int64_t)r->report.diag.offset;
}
int64_t dppb_result_iat(const dppb_result *r) { return r == NULL ? 0 : r->claims.iat; }
int dppb_result_has_exp(const dppb_result *r) { return r != NULL && r->claims.has_exp; }
int64_t dppb_result_exp(const dppb_result *r) { return r == NULL ? 0 : r->claims.exp; }
dppb_text_out dppb_result_iss(const dppb_result *r)
{
    if (r == NULL) return k_empty;
    return copy_out(r->claims.iss, strnlen(r->claims.iss, sizeof r->claims.iss), NULL);
}
int dppb_result_alg(const dppb_result *r) { return r == NULL ? 0 : (int)r->claims.alg; }
dppb_bytes_out dppb_result_kid(const dppb_result *r)
{
    if (r == NULL) return k_empty;
    return copy_out(r->claims.kid, sizeof r->claims.kid, NULL);
}
int dppb_result_compressed(const dppb_result *r) { return r != NULL && r->claims.compressed; }

static int result_ok(const dppb_result *r, dpp_diag *status)
{
    if (null_arg(status, r, "result")) return 0;
    if (r->err != DPP_OK) {
        st_set(status, DPP_ERR_INVALID_ARG, "the verification failed; there is no passport");
        return 0;
    }
    return 1;
}

dpp_passport *dppb_result_passport(const dppb_result *r, dpp_diag *status)
{
    if (!result_ok(r, status)) return NULL;
    return dppb_passport_copy(&r->passport, status);
}

/* ------------------------------------------------------------------------ */
/* generic COSE_Sign1                                                       */
/* ------------------------------------------------------------------------ */

void dppb_cose_free(dppb_cose *c)
{
    if (c == NULL) return;
    free(c->buf);
    free(c);
}

dppb_bytes_out dppb_cose_sign(const void *data, size_t len, const dpp_key *key, unsigned flags, const void *aad,
                              size_t aad_len, dpp_diag *status)
{
    dpp_cose_opts o;
    size_t need = 0, out_len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, data, len, "payload") || null_arg(status, key, "key") ||
        bad_input(status, aad, aad_len, "aad"))
        return k_empty;
    o.flags = flags;
    o.aad.ptr = aad_len != 0 ? aad : NULL;
    o.aad.len = aad_len;
    memset(&d, 0, sizeof d);
    err = dpp_cose_sign1_sign(nz(data), len, key, &o, NULL, 0, &need, &d);
    if (err != DPP_OK) {
        st_from(status, err, &d);
        return k_empty;
    }
    out = alloc_buf(need, status);
    if (out == NULL) return k_empty;
    err = dpp_cose_sign1_sign(nz(data), len, key, &o, out, need, &out_len, &d);
    st_from(status, err, &d);
    return take(out, out_len, err);
}

static dppb_cose *cose_common(const void *data, size_t len, const dpp_key *key, int verify, unsigned flags,
                              const void *aad, size_t aad_len, dpp_diag *status)
{
    dpp_cose_opts o;
    dppb_cose *c;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, data, len, "COSE message") || bad_input(status, aad, aad_len, "aad")) return NULL;
    if (verify && null_arg(status, key, "key")) return NULL;
    if (len > DPP_MAX_COSE_LEN) {
        st_set(status, DPP_ERR_TOO_LARGE, "COSE message is %zu bytes, the limit is %d", len, DPP_MAX_COSE_LEN);
        return NULL;
    }
    c = calloc(1, sizeof *c);
    if (c == NULL) {
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory (COSE message)");
        return NULL;
    }
    c->buf = alloc_buf(len, status);
    if (c->buf == NULL) {
        free(c);
        return NULL;
    }
    if (len != 0) memcpy(c->buf, data, len);
    c->buf_len = len;
    c->verified = verify;
    o.flags = flags;
    o.aad.ptr = aad_len != 0 ? aad : NULL;
    o.aad.len = aad_len;
    memset(&d, 0, sizeof d);
    if (verify)
        err = dpp_cose_sign1_verify(c->buf, len, key, &o, &c->msg, &d);
    else
        err = dpp_cose_sign1_parse(c->buf, len, &o, &c->msg, &d);
    if (err != DPP_OK) {
        dppb_cose_free(c);
        st_from(status, err, &d);
        return NULL;
    }
    return c;
}

dppb_cose *dppb_cose_verify(const void *data, size_t len, const dpp_key *key, unsigned flags, const void *aad,
                            size_t aad_len, dpp_diag *status)
{
    return cose_common(data, len, key, 1, flags, aad, aad_len, status);
}

dppb_cose *dppb_cose_parse(const void *data, size_t len, unsigned flags, dpp_diag *status)
{
    return cose_common(data, len, NULL, 0, flags, NULL, 0, status);
}

static dppb_buf view_out(const dppb_cose *c, const dpp_bytes *v)
{
    if (c == NULL || v->ptr == NULL) return copy_out("", 0, NULL);
    return copy_out(v->ptr, v->len, NULL);
}

int dppb_cose_verified(const dppb_cose *c) { return c != NULL && c->verified; }
int dppb_cose_tagged(const dppb_cose *c) { return c != NULL && c->msg.tagged; }
int dppb_cose_cwt_tagged(const dppb_cose *c) { return c != NULL && c->msg.cwt_tagged; }
int dppb_cose_has_alg(const dppb_cose *c) { return c != NULL && c->msg.has_alg; }
int dppb_cose_alg_protected(const dppb_cose *c) { return c != NULL && c->msg.alg_protected; }
int64_t dppb_cose_alg(const dppb_cose *c) { return c == NULL ? 0 : c->msg.alg; }
int dppb_cose_has_kid(const dppb_cose *c) { return c != NULL && c->msg.kid.ptr != NULL; }
int dppb_cose_kid_protected(const dppb_cose *c) { return c != NULL && c->msg.kid_protected; }
dppb_bytes_out dppb_cose_kid(const dppb_cose *c) { return view_out(c, c == NULL ? NULL : &c->msg.kid); }
int dppb_cose_unprotected_empty(const dppb_cose *c) { return c != NULL && c->msg.unprotected_empty; }
dppb_bytes_out dppb_cose_protected(const dppb_cose *c)
{
    return view_out(c, c == NULL ? NULL : &c->msg.protected_hdr);
}
int dppb_cose_detached(const dppb_cose *c) { return c != NULL && c->msg.detached; }
dppb_bytes_out dppb_cose_payload(const dppb_cose *c) { return view_out(c, c == NULL ? NULL : &c->msg.payload); }
dppb_bytes_out dppb_cose_signature(const dppb_cose *c)
{
    return view_out(c, c == NULL ? NULL : &c->msg.signature);
}

/* ------------------------------------------------------------------------ */
/* Base45                                                                   */
/* ------------------------------------------------------------------------ */

dppb_text_out dppb_base45_encode(const void *data, size_t len, dpp_diag *status)
{
    size_t need = 0, out_len = 0;
    uint8_t *out;
    dpp_err err;
    if (bad_input(status, data, len, "data")) return k_empty;
    err = dpp_base45_encode(nz(data), len, NULL, 0, &need);
    if (err != DPP_OK) {
        st_from(status, err, NULL);
        return k_empty;
    }
    out = alloc_buf(need, status);
    if (out == NULL) return k_empty;
    err = dpp_base45_encode(nz(data), len, (char *)out, need, &out_len);
    st_from(status, err, NULL);
    return take(out, out_len, err);
}

dppb_bytes_out dppb_base45_decode(const char *text, size_t text_len, dpp_diag *status)
{
    size_t need = 0, out_len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, text, text_len, "text")) return k_empty;
    memset(&d, 0, sizeof d);
    err = dpp_base45_decode((const char *)nz(text), text_len, NULL, 0, &need, &d);
    if (err != DPP_OK) {
        st_from(status, err, &d);
        return k_empty;
    }
    out = alloc_buf(need, status);
    if (out == NULL) return k_empty;
    err = dpp_base45_decode((const char *)nz(text), text_len, out, need, &out_len, &d);
    st_from(status, err, &d);
    return take(out, out_len, err);
}

/* ------------------------------------------------------------------------ */
/* QR                                                                       */
/* ------------------------------------------------------------------------ */

void dppb_qr_free(dpp_qr *q) { free(q); }

dpp_qr *dppb_qr_encode(const char *text, size_t text_len, int ecc, dpp_diag *status)
{
    dpp_qr *q;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, text, text_len, "text")) return NULL;
    q = calloc(1, sizeof *q);
    if (q == NULL) {
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory (QR symbol)");
        return NULL;
    }
    memset(&d, 0, sizeof d);
    err = dpp_qr_encode((const char *)nz(text), text_len, (dpp_ecc)ecc, q, &d);
    if (err != DPP_OK) {
        free(q);
        st_from(status, err, &d);
        return NULL;
    }
    return q;
}

int dppb_qr_version(const dpp_qr *q) { return q == NULL ? 0 : q->version; }
int dppb_qr_size(const dpp_qr *q) { return q == NULL ? 0 : q->size; }
int dppb_qr_ecc(const dpp_qr *q) { return q == NULL ? 0 : (int)q->ecc; }
int dppb_qr_mask(const dpp_qr *q) { return q == NULL ? 0 : q->mask; }
int dppb_qr_module(const dpp_qr *q, int x, int y) { return q == NULL ? 0 : dpp_qr_module(q, x, y); }

dppb_bytes_out dppb_qr_modules(const dpp_qr *q, dpp_diag *status)
{
    uint8_t *out;
    size_t n;
    if (null_arg(status, q, "QR symbol")) return k_empty;
    if (q->size <= 0 || q->size > DPP_QR_MAX_SIZE) {
        st_set(status, DPP_ERR_INVALID_ARG, "QR symbol has an invalid size %d", q->size);
        return k_empty;
    }
    n = (size_t)q->size * (size_t)q->size;
    out = alloc_buf(n, status);
    if (out == NULL) return k_empty;
    for (int y = 0; y < q->size; y++)
        for (int x = 0; x < q->size; x++) out[(size_t)y * (size_t)q->size + (size_t)x] = (uint8_t)dpp_qr_module(q, x, y);
    return take(out, n, DPP_OK);
}

typedef dpp_err (*render_fn)(const dpp_qr *, int, int, char *, size_t, size_t *);

static dpp_err term_adapter(const dpp_qr *q, int unused, int border, char *out, size_t cap, size_t *len)
{
    (void)unused;
    return dpp_qr_to_term(q, border, out, cap, len);
}

static dppb_buf render_text(const dpp_qr *q, render_fn fn, int module_px, int border, dpp_diag *status)
{
    size_t need = 0, len = 0;
    uint8_t *out;
    dpp_err err;
    if (null_arg(status, q, "QR symbol")) return k_empty;
    err = fn(q, module_px, border, NULL, 0, &need);
    if (err != DPP_OK) {
        st_from(status, err, NULL);
        return k_empty;
    }
    out = alloc_buf(need + 1, status);
    if (out == NULL) return k_empty;
    err = fn(q, module_px, border, (char *)out, need + 1, &len);
    st_from(status, err, NULL);
    return take(out, len, err);
}

dppb_text_out dppb_qr_to_svg(const dpp_qr *q, int module_px, int border, dpp_diag *status)
{
    return render_text(q, dpp_qr_to_svg, module_px, border, status);
}

dppb_text_out dppb_qr_to_term(const dpp_qr *q, int border, dpp_diag *status)
{
    return render_text(q, term_adapter, 0, border, status);
}

dppb_bytes_out dppb_qr_to_png(const dpp_qr *q, int module_px, int border, dpp_diag *status)
{
    /* The library's size query compresses the image to count it: render into
     * a buffer that fits a label first, and query only when it does not. */
    size_t cap = 65536, len = 0;
    uint8_t *out;
    dpp_err err;
    if (null_arg(status, q, "QR symbol")) return k_empty;
    out = alloc_buf(cap, status);
    if (out == NULL) return k_empty;
    err = dpp_qr_to_png(q, module_px, border, out, cap, &len);
    if (err == DPP_ERR_BUFFER_TOO_SMALL) {
        free(out);
        out = NULL;
        err = dpp_qr_to_png(q, module_px, border, NULL, 0, &cap);
        if (err == DPP_OK) {
            out = alloc_buf(cap, status);
            if (out == NULL) return k_empty;
            err = dpp_qr_to_png(q, module_px, border, out, cap, &len);
        }
    }
    st_from(status, err, NULL);
    return take(out, len, err);
}

dppb_sizes *dppb_sizes_new(void) { return calloc(1, sizeof(dppb_sizes)); }
void dppb_sizes_free(dppb_sizes *s) { free(s); }

/* ------------------------------------------------------------------------ */
/* trust layer: vocabulary                                                  */
/* ------------------------------------------------------------------------ */

const char *dppb_role_name(int role) { return role < 0 ? NULL : dpp_role_name((dpp_role)role); }
const char *dppb_claim_name(int claim) { return claim < 0 ? NULL : dpp_claim_name((unsigned)claim); }
const char *dppb_binding_name(int binding) { return binding < 0 ? NULL : dpp_binding_name((dpp_binding)binding); }
const char *dppb_key_source_name(int source) { return dpp_key_source_name((dpp_key_source)source); }
const char *dppb_revocation_reason_name(int reason)
{
    return reason < 0 || reason > DPP_REASON_WITHDRAWN ? NULL : dpp_revocation_reason_name((dpp_revocation_reason)reason);
}
const char *dppb_revocation_kind_name(int kind)
{
    return kind < DPP_REVOKED_KEY || kind > DPP_REVOKED_HASHED ? NULL : dpp_revocation_kind_name((dpp_revocation_kind)kind);
}
int dppb_claim_max(void) { return DPP_CLAIM_MAX; }

/* ------------------------------------------------------------------------ */
/* trust lists                                                              */
/* ------------------------------------------------------------------------ */

void dppb_entry_free(dppb_entry *e) { free(e); }

dppb_entry *dppb_entry_new(const void *data, size_t len, int role, dpp_diag *status)
{
    dppb_entry *e;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, data, len, "key")) return NULL;
    e = calloc(1, sizeof *e);
    if (e == NULL) {
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory (trust-list entry)");
        return NULL;
    }
    memset(&d, 0, sizeof d);
    err = dpp_trustlist_entry_set_key(&e->e, nz(data), len, &d);
    if (err != DPP_OK) {
        st_from(status, err, &d);
        free(e);
        return NULL;
    }
    e->e.role = (dpp_role)role;
    return e;
}

/* Copies (text, len) into a fixed field of cap bytes (with its NUL). */
static int copy_field(char *dst, size_t cap, const char *text, size_t text_len, const char *what, dpp_diag *st)
{
    if (bad_input(st, text, text_len, what)) return 0;
    if (text_len >= cap) {
        st_set(st, DPP_ERR_INVALID_ARG, "%s is %zu bytes long, the limit is %zu", what, text_len, cap - 1);
        return 0;
    }
    if (text_len != 0 && memchr(text, '\0', text_len) != NULL) {
        st_set(st, DPP_ERR_INVALID_ARG, "%s contains a NUL character", what);
        return 0;
    }
    if (text_len != 0) memcpy(dst, text, text_len);
    dst[text_len] = '\0';
    return 1;
}

void dppb_entry_set_party(dppb_entry *e, int field, const char *text, size_t text_len, dpp_diag *status)
{
    if (null_arg(status, e, "entry")) return;
    switch (field) {
    case 0: copy_field(e->e.party.name, sizeof e->e.party.name, text, text_len, "party name", status); break;
    case 1: copy_field(e->e.party.country, sizeof e->e.party.country, text, text_len, "party country", status); break;
    case 2:
        copy_field(e->e.party.operator_id.scheme, sizeof e->e.party.operator_id.scheme, text, text_len,
                   "party identifier scheme", status);
        break;
    case 3:
        copy_field(e->e.party.operator_id.value, sizeof e->e.party.operator_id.value, text, text_len,
                   "party identifier value", status);
        break;
    default: st_set(status, DPP_ERR_INVALID_ARG, "party field %d does not exist", field); break;
    }
}

void dppb_entry_set_window(dppb_entry *e, int has_not_before, int64_t not_before, int has_not_after,
                           int64_t not_after)
{
    if (e == NULL) return;
    e->e.has_not_before = has_not_before != 0;
    e->e.not_before = has_not_before ? not_before : 0;
    e->e.has_not_after = has_not_after != 0;
    e->e.not_after = has_not_after ? not_after : 0;
}

void dppb_entry_set_claims(dppb_entry *e, int64_t claims, dpp_diag *status)
{
    if (null_arg(status, e, "entry")) return;
    if (claims < 0 || claims > (int64_t)UINT32_MAX) {
        st_set(status, DPP_ERR_INVALID_ARG, "claim mask 0x%llx is out of range", (unsigned long long)claims);
        return;
    }
    e->e.scope.claims = (uint32_t)claims;
}

void dppb_entry_add_gtin_prefix(dppb_entry *e, const char *text, size_t text_len, dpp_diag *status)
{
    dpp_scope *s;
    if (null_arg(status, e, "entry")) return;
    s = &e->e.scope;
    if (s->n_gtin_prefixes >= DPP_SCOPE_MAX_PREFIXES) {
        st_set(status, DPP_ERR_TOO_LARGE, "scope has more than %d GTIN prefixes", DPP_SCOPE_MAX_PREFIXES);
        return;
    }
    if (copy_field(s->gtin_prefixes[s->n_gtin_prefixes], sizeof s->gtin_prefixes[0], text, text_len, "GTIN prefix",
                   status))
        s->n_gtin_prefixes++;
}

void dppb_entry_add_category(dppb_entry *e, const char *text, size_t text_len, dpp_diag *status)
{
    dpp_scope *s;
    if (null_arg(status, e, "entry")) return;
    s = &e->e.scope;
    if (s->n_categories >= DPP_SCOPE_MAX_CATEGORIES) {
        st_set(status, DPP_ERR_TOO_LARGE, "scope has more than %d categories", DPP_SCOPE_MAX_CATEGORIES);
        return;
    }
    if (copy_field(s->categories[s->n_categories], sizeof s->categories[0], text, text_len, "category", status))
        s->n_categories++;
}

void dppb_entry_add_resolver(dppb_entry *e, const char *text, size_t text_len, dpp_diag *status)
{
    dpp_scope *s;
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, e, "entry") || bad_input(status, text, text_len, "resolver")) return;
    s = &e->e.scope;
    if (s->n_resolvers >= DPP_SCOPE_MAX_RESOLVERS) {
        st_set(status, DPP_ERR_TOO_LARGE, "scope has more than %d resolvers", DPP_SCOPE_MAX_RESOLVERS);
        return;
    }
    memset(&d, 0, sizeof d);
    err = dpp_resolver_normalize((const char *)nz(text), text_len, s->resolvers[s->n_resolvers],
                                 sizeof s->resolvers[0], &d);
    if (err != DPP_OK) {
        s->resolvers[s->n_resolvers][0] = '\0';
        st_from(status, err, &d);
        return;
    }
    s->n_resolvers++;
}

dppb_bytes_out dppb_entry_kid(const dppb_entry *e)
{
    if (e == NULL) return k_empty;
    return copy_out(e->e.kid, DPP_KID_LEN, NULL);
}

dpp_trustlist *dppb_trustlist_new(dpp_diag *status)
{
    dpp_trustlist *tl = NULL;
    dpp_err err = dpp_trustlist_new(&tl);
    st_from(status, err, NULL);
    return err == DPP_OK ? tl : NULL;
}

void dppb_trustlist_add(dpp_trustlist *tl, const dppb_entry *e, dpp_diag *status)
{
    dpp_diag d;
    if (null_arg(status, tl, "trust list") || null_arg(status, e, "entry")) return;
    memset(&d, 0, sizeof d);
    st_from(status, dpp_trustlist_add(tl, &e->e, &d), &d);
}

size_t dppb_trustlist_count(const dpp_trustlist *tl) { return tl == NULL ? 0 : dpp_trustlist_count(tl); }

dpp_trustlist *dppb_trustlist_parse(const void *data, size_t len, const dpp_key *operator_key, dpp_diag *status)
{
    dpp_trustlist *tl = NULL;
    dpp_list_info info;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, data, len, "list") || null_arg(status, operator_key, "operator key")) return NULL;
    memset(&d, 0, sizeof d);
    err = dpp_trustlist_parse(nz(data), len, operator_key, NULL, &tl, &info, &d);
    if (err != DPP_OK) {
        st_from(status, err, &d);
        dpp_trustlist_free(tl);
        return NULL;
    }
    return tl;
}

size_t dppb_trustlist_remove(dpp_trustlist *tl, const void *data, size_t len, int role, dpp_diag *status)
{
    size_t removed = 0;
    dpp_err err;
    if (null_arg(status, tl, "trust list") || bad_input(status, data, len, "kid")) return 0;
    if (len != DPP_KID_LEN) {
        st_set(status, DPP_ERR_INVALID_ARG, "kid is %zu bytes, expected %d", len, DPP_KID_LEN);
        return 0;
    }
    err = dpp_trustlist_remove(tl, (const uint8_t *)data, (dpp_role)role, &removed);
    st_from(status, err, NULL);
    return err == DPP_OK ? removed : 0;
}

static int make_header(dpp_list_header *h, int64_t sequence, int64_t issued_at, int64_t next_update,
                       dpp_diag *status)
{
    if (sequence < 1) {
        st_set(status, DPP_ERR_INVALID_ARG, "sequence %lld must be >= 1", (long long)sequence);
        return 0;
    }
    h->sequence = (uint64_t)sequence;
    h->issued_at = issued_at;
    h->next_update = next_update;
    return 1;
}

typedef dpp_err (*list_sign_fn)(const void *list, const dpp_key *key, const dpp_list_header *hdr, uint8_t *out,
                                size_t out_cap, size_t *out_len, dpp_diag *diag);

static dpp_err tl_sign(const void *list, const dpp_key *key, const dpp_list_header *hdr, uint8_t *out,
                       size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    return dpp_trustlist_sign((const dpp_trustlist *)list, key, hdr, out, out_cap, out_len, diag);
}

static dpp_err rl_sign(const void *list, const dpp_key *key, const dpp_list_header *hdr, uint8_t *out,
                       size_t out_cap, size_t *out_len, dpp_diag *diag)
{
    return dpp_revlist_sign((const dpp_revlist *)list, key, hdr, out, out_cap, out_len, diag);
}

static dppb_buf list_sign(list_sign_fn fn, const void *list, const dpp_key *key, int64_t sequence,
                          int64_t issued_at, int64_t next_update, dpp_diag *status)
{
    dpp_list_header h;
    size_t need = 0, len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, list, "list") || null_arg(status, key, "operator key")) return k_empty;
    if (!make_header(&h, sequence, issued_at, next_update, status)) return k_empty;
    memset(&d, 0, sizeof d);
    err = fn(list, key, &h, NULL, 0, &need, &d);
    if (err != DPP_OK) {
        st_from(status, err, &d);
        return k_empty;
    }
    out = alloc_buf(need, status);
    if (out == NULL) return k_empty;
    err = fn(list, key, &h, out, need, &len, &d);
    st_from(status, err, &d);
    return take(out, len, err);
}

dppb_bytes_out dppb_trustlist_sign(const dpp_trustlist *tl, const dpp_key *operator_key, int64_t sequence,
                                   int64_t issued_at, int64_t next_update, dpp_diag *status)
{
    return list_sign(tl_sign, tl, operator_key, sequence, issued_at, next_update, status);
}

void dppb_trust_pin_operator(dpp_trust *trust, const dpp_key *operator_key, dpp_diag *status)
{
    if (null_arg(status, trust, "trust store") || null_arg(status, operator_key, "operator key")) return;
    st_from(status, dpp_trust_pin_operator(trust, operator_key), NULL);
}

static dppb_list_info *info_out(const dpp_list_info *info, dpp_diag *status)
{
    dppb_list_info *out = malloc(sizeof *out);
    if (out == NULL) {
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory for the list info");
        return NULL;
    }
    out->sequence = info->sequence;
    out->issued_at = info->issued_at;
    out->next_update = info->next_update;
    out->entries = info->n_entries;
    out->past_next_update = info->past_next_update ? 1 : 0;
    memcpy(out->signer_kid, info->signer_kid, sizeof out->signer_kid);
    return out;
}

void dppb_list_info_free(dppb_list_info *info) { free(info); }

typedef dpp_err (*list_load_fn)(dpp_trust *trust, const uint8_t *data, size_t len, const dpp_list_policy *policy,
                                dpp_list_info *info, dpp_diag *diag);

static dppb_list_info *list_load(list_load_fn fn, dpp_trust *trust, const void *data, size_t len, int64_t now,
                                 int64_t min_sequence, int64_t grace_seconds, dpp_diag *status)
{
    dpp_list_policy pol;
    dpp_list_info info;
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, trust, "trust store") || bad_input(status, data, len, "list")) return NULL;
    if (min_sequence < 0) {
        st_set(status, DPP_ERR_INVALID_ARG, "min_sequence %lld must be >= 0", (long long)min_sequence);
        return NULL;
    }
    memset(&pol, 0, sizeof pol);
    memset(&info, 0, sizeof info);
    memset(&d, 0, sizeof d);
    pol.now = now;
    pol.min_sequence = (uint64_t)min_sequence;
    pol.grace_seconds = grace_seconds;
    err = fn(trust, nz(data), len, &pol, &info, &d);
    if (err != DPP_OK) {
        st_from(status, err, &d);
        return NULL;
    }
    return info_out(&info, status);
}

dppb_list_info *dppb_trust_load_list(dpp_trust *trust, const void *data, size_t len, int64_t now,
                                     int64_t min_sequence, int64_t grace_seconds, dpp_diag *status)
{
    return list_load(dpp_trust_load_list, trust, data, len, now, min_sequence, grace_seconds, status);
}

dppb_list_info *dppb_trust_load_status(dpp_trust *trust, const void *data, size_t len, int64_t now,
                                       int64_t min_sequence, int64_t grace_seconds, dpp_diag *status)
{
    return list_load(dpp_trust_load_status, trust, data, len, now, min_sequence, grace_seconds, status);
}

/* The scheme name as a C string (NULL with status set: bad length, embedded NUL, no memory). */
static char *scheme_name(const char *name, size_t name_len, dpp_diag *status)
{
    if (name_len == 0 || name_len > DPP_SCHEME_NAME_MAX) { /* (pin_operator has no diag to say so) */
        st_set(status, DPP_ERR_INVALID_ARG, "scheme name: %zu bytes, must be 1..%d", name_len, DPP_SCHEME_NAME_MAX);
        return NULL;
    }
    return cstr(name, name_len, "scheme name", status);
}

void dppb_trust_scheme_pin_operator(dpp_trust *trust, const char *name, size_t name_len, const dpp_key *operator_key,
                                    dpp_diag *status)
{
    char *scheme;
    dpp_err err;
    if (null_arg(status, trust, "trust store") || null_arg(status, operator_key, "operator key")) return;
    scheme = scheme_name(name, name_len, status);
    if (scheme == NULL) return;
    err = dpp_trust_scheme_pin_operator(trust, scheme, operator_key);
    free(scheme);
    st_from(status, err, NULL);
}

typedef dpp_err (*scheme_load_fn)(dpp_trust *, const char *, const uint8_t *, size_t, const dpp_list_policy *,
                                  dpp_list_info *, dpp_diag *);

static dppb_list_info *scheme_load(scheme_load_fn fn, dpp_trust *trust, const char *name, size_t name_len,
                                   const void *data, size_t len, int64_t now, int64_t min_sequence,
                                   int64_t grace_seconds, dpp_diag *status)
{
    dpp_list_policy pol;
    dpp_list_info info;
    dpp_diag d;
    dpp_err err;
    char *scheme;
    if (null_arg(status, trust, "trust store") || bad_input(status, data, len, "list")) return NULL;
    if (min_sequence < 0) {
        st_set(status, DPP_ERR_INVALID_ARG, "min_sequence %lld must be >= 0", (long long)min_sequence);
        return NULL;
    }
    scheme = scheme_name(name, name_len, status);
    if (scheme == NULL) return NULL;
    memset(&pol, 0, sizeof pol);
    memset(&info, 0, sizeof info);
    memset(&d, 0, sizeof d);
    pol.now = now;
    pol.min_sequence = (uint64_t)min_sequence;
    pol.grace_seconds = grace_seconds;
    err = fn(trust, scheme, nz(data), len, &pol, &info, &d);
    free(scheme);
    if (err != DPP_OK) {
        st_from(status, err, &d);
        return NULL;
    }
    return info_out(&info, status);
}

dppb_list_info *dppb_trust_scheme_load_list(dpp_trust *trust, const char *name, size_t name_len,
                                            const void *data, size_t len, int64_t now, int64_t min_sequence,
                                            int64_t grace_seconds, dpp_diag *status)
{
    return scheme_load(dpp_trust_scheme_load_list, trust, name, name_len, data, len, now, min_sequence,
                       grace_seconds, status);
}

dppb_list_info *dppb_trust_scheme_load_revocations(dpp_trust *trust, const char *name, size_t name_len,
                                                   const void *data, size_t len, int64_t now, int64_t min_sequence,
                                                   int64_t grace_seconds, dpp_diag *status)
{
    return scheme_load(dpp_trust_scheme_load_revocations, trust, name, name_len, data, len, now, min_sequence,
                       grace_seconds, status);
}

size_t dppb_trust_scheme_count(const dpp_trust *trust) { return trust == NULL ? 0 : dpp_trust_scheme_count(trust); }

void dppb_trust_add_ca(dpp_trust *trust, const void *data, size_t len, dpp_diag *status)
{
    dpp_diag d;
    if (null_arg(status, trust, "trust store") || bad_input(status, data, len, "CA certificate")) return;
    memset(&d, 0, sizeof d);
    st_from(status, dpp_trust_add_ca(trust, nz(data), len, &d), &d);
}

void dppb_trust_add_cert(dpp_trust *trust, const void *data, size_t len, const void *aad, size_t aad_len,
                         dpp_diag *status)
{
    dpp_diag d;
    if (null_arg(status, trust, "trust store") || bad_input(status, data, len, "certificate") ||
        bad_input(status, aad, aad_len, "chain"))
        return;
    memset(&d, 0, sizeof d);
    st_from(status, dpp_trust_add_cert(trust, nz(data), len, aad_len != 0 ? aad : NULL, aad_len, &d), &d);
}

/* ------------------------------------------------------------------------ */
/* revocation lists                                                         */
/* ------------------------------------------------------------------------ */

dpp_revlist *dppb_revlist_new(dpp_diag *status)
{
    dpp_revlist *rl = NULL;
    dpp_err err = dpp_revlist_new(&rl);
    st_from(status, err, NULL);
    return err == DPP_OK ? rl : NULL;
}

void dppb_revlist_add(dpp_revlist *rl, int kind, const void *data, size_t len, const char *name, size_t name_len,
                      const char *text, size_t text_len, int reason, int64_t date, dpp_diag *status)
{
    dpp_revocation r;
    dpp_diag d;
    if (null_arg(status, rl, "revocation list")) return;
    memset(&r, 0, sizeof r);
    r.kind = (dpp_revocation_kind)kind;
    if (kind == DPP_REVOKED_KEY || kind == DPP_REVOKED_PASSPORT) {
        size_t want = kind == DPP_REVOKED_KEY ? sizeof r.kid : sizeof r.passport_id;
        if (len != want) {
            st_set(status, DPP_ERR_INVALID_ARG, "%s is %zu bytes, expected %zu",
                   kind == DPP_REVOKED_KEY ? "kid" : "passport id", len, want);
            return;
        }
        memcpy(kind == DPP_REVOKED_KEY ? r.kid : r.passport_id, data, len);
    } else if (kind == DPP_REVOKED_BATCH) {
        if (!copy_field(r.gtin, sizeof r.gtin, name, name_len, "gtin", status) ||
            !copy_field(r.batch, sizeof r.batch, text, text_len, "batch", status))
            return;
    } else {
        st_set(status, DPP_ERR_INVALID_ARG, "revocation kind %d does not exist", kind);
        return;
    }
    if (date < 0 || date > 65535) {
        st_set(status, DPP_ERR_INVALID_ARG, "date %lld is out of range 0..65535 (days since 1970)", (long long)date);
        return;
    }
    r.reason = (dpp_revocation_reason)reason;
    r.date = (dpp_date)date;
    memset(&d, 0, sizeof d);
    st_from(status, dpp_revlist_add(rl, &r, &d), &d);
}

size_t dppb_revlist_count(const dpp_revlist *rl) { return rl == NULL ? 0 : dpp_revlist_count(rl); }

dppb_bytes_out dppb_revlist_sign(const dpp_revlist *rl, const dpp_key *operator_key, int64_t sequence,
                                 int64_t issued_at, int64_t next_update, dpp_diag *status)
{
    return list_sign(rl_sign, rl, operator_key, sequence, issued_at, next_update, status);
}

dppb_list_info *dppb_trust_load_revocations(dpp_trust *trust, const void *data, size_t len, int64_t now,
                                            int64_t min_sequence, int64_t grace_seconds, dpp_diag *status)
{
    return list_load(dpp_trust_load_revocations, trust, data, len, now, min_sequence, grace_seconds, status);
}

/* ------------------------------------------------------------------------ */
/* attestation                                                              */
/* ------------------------------------------------------------------------ */

dppb_bytes_out dppb_attest(const dpp_passport *p, const dpp_key *key, int64_t claims, int binding,
                           dpp_diag *status)
{
    size_t len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (null_arg(status, p, "passport") || null_arg(status, key, "key")) return k_empty;
    if (claims <= 0 || claims > (int64_t)UINT32_MAX) {
        st_set(status, DPP_ERR_INVALID_ARG, "claim mask 0x%llx is empty or out of range", (unsigned long long)claims);
        return k_empty;
    }
    out = alloc_buf(DPP_MAX_ATTESTATION_LEN, status);
    if (out == NULL) return k_empty;
    memset(&d, 0, sizeof d);
    err = dpp_attest(p, key, (uint32_t)claims, (dpp_binding)binding, out, DPP_MAX_ATTESTATION_LEN, &len, &d);
    st_from(status, err, &d);
    return take(out, len, err);
}

dppb_text_out dppb_encode_ex(const dpp_passport *p, const dpp_key *key, int64_t iat, int has_exp, int64_t exp,
                             int has_iss, const char *text, size_t text_len, int compress, const void *data,
                             size_t len, const char *name, size_t name_len, const void *aad, size_t aad_len,
                             const char *resolver, size_t resolver_len, int form, dppb_sizes *sizes,
                             dpp_diag *status)
{
    dpp_encode_ex_opts *o = NULL;
    dpp_encode_sizes sz;
    char *iss = NULL, *uri = NULL, *res = NULL;
    const uint8_t *a = nz(data);
    size_t off = 0, out_len = 0;
    uint8_t *out = NULL;
    dpp_diag d;
    dpp_err err = DPP_ERR_INVALID_ARG;
    if (null_arg(status, p, "passport") || null_arg(status, key, "key") ||
        bad_input(status, data, len, "attestations") || bad_input(status, aad, aad_len, "link digest") ||
        bad_input(status, resolver, resolver_len, "resolver"))
        return k_empty;
    if (form != (int)DPP_FORM_TEXT && form != (int)DPP_FORM_LINK) {
        st_set(status, DPP_ERR_INVALID_ARG, "form %d does not exist (0: text, 1: link)", form);
        return k_empty;
    }
    o = calloc(1, sizeof *o);
    if (o == NULL) {
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory (encode options)");
        return k_empty;
    }
    if (!make_opts(&o->base, iat, has_exp, exp, has_iss, text, text_len, compress, &iss, status)) goto done;
    while (off < len) {
        size_t n;
        if (o->n_attestations >= DPP_MAX_ATTESTATIONS) {
            st_set(status, DPP_ERR_TOO_LARGE, "more than %d attestations", DPP_MAX_ATTESTATIONS);
            goto done;
        }
        if (len - off < 2) {
            st_set(status, DPP_ERR_INVALID_ARG, "attestation length truncated at offset %zu", off);
            goto done;
        }
        n = ((size_t)a[off] << 8) | a[off + 1];
        off += 2;
        if (n == 0 || n > len - off) {
            st_set(status, DPP_ERR_INVALID_ARG, "attestation %zu is empty or truncated", o->n_attestations);
            goto done;
        }
        o->attestations[o->n_attestations].ptr = a + off;
        o->attestations[o->n_attestations].len = n;
        o->n_attestations++;
        off += n;
    }
    if (name_len != 0) {
        uri = cstr(name, name_len, "link URI", status);
        if (uri == NULL) goto done;
        o->link_uri = uri;
    }
    if (aad_len != 0) {
        if (aad_len != 32 || uri == NULL) {
            st_set(status, DPP_ERR_INVALID_ARG, "link digest must be 32 bytes (got %zu) and needs a link URI",
                   aad_len);
            goto done;
        }
        o->has_link_sha256 = true;
        memcpy(o->link_sha256, aad, 32);
    }
    if (resolver_len != 0) {
        res = cstr(resolver, resolver_len, "resolver", status);
        if (res == NULL) goto done;
        o->resolver = res;
    }
    o->form = (dpp_form)form;
    /* A link is longer than any DPP1: text: size for the longer form. */
    out = alloc_buf(DPP_MAX_LINK_LEN + 1, status);
    if (out == NULL) goto done;
    memset(&d, 0, sizeof d);
    memset(&sz, 0, sizeof sz);
    err = dpp_encode_ex(p, key, o, (char *)out, DPP_MAX_LINK_LEN + 1, &out_len, &sz, &d);
    st_from(status, err, &d);
    if (err == DPP_OK && sizes != NULL) {
        sizes->payload = sz.payload;
        sizes->claims = sz.claims;
        sizes->cose = sz.cose;
        sizes->compressed = sz.compressed;
        sizes->used_zlib = sz.used_zlib ? 1 : 0;
        sizes->text = sz.text;
    }
done:
    free(iss);
    free(uri);
    free(res);
    free(o);
    return take(out, out_len, err);
}

/* ------------------------------------------------------------------------ */
/* transport forms                                                          */
/* ------------------------------------------------------------------------ */

int dppb_form_of(const char *text, size_t text_len)
{
    if (text == NULL) return (int)DPP_FORM_TEXT;
    return (int)dpp_form_of(text, text_len);
}

dppb_text_out dppb_resolver_normalize(const char *text, size_t text_len, dpp_diag *status)
{
    char out[DPP_MAX_RESOLVER_LEN + 1];
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, text, text_len, "resolver")) return k_empty;
    memset(&d, 0, sizeof d);
    err = dpp_resolver_normalize((const char *)nz(text), text_len, out, sizeof out, &d);
    if (err != DPP_OK) {
        st_from(status, err, &d);
        return k_empty;
    }
    return copy_out(out, strnlen(out, sizeof out), status);
}

dppb_text_out dppb_transport_convert(const char *text, size_t text_len, int form, dpp_diag *status)
{
    size_t out_len = 0;
    uint8_t *out;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, text, text_len, "text")) return k_empty;
    if (form != (int)DPP_FORM_TEXT && form != (int)DPP_FORM_LINK) {
        st_set(status, DPP_ERR_INVALID_ARG, "form %d does not exist (0: text, 1: link)", form);
        return k_empty;
    }
    out = alloc_buf(DPP_MAX_LINK_LEN + 1, status);
    if (out == NULL) return k_empty;
    memset(&d, 0, sizeof d);
    err = dpp_transport_convert((const char *)nz(text), text_len, (dpp_form)form, (char *)out, DPP_MAX_LINK_LEN + 1,
                                &out_len, &d);
    st_from(status, err, &d);
    return take(out, out_len, err);
}

/* ------------------------------------------------------------------------ */
/* trust-layer results                                                      */
/* ------------------------------------------------------------------------ */

static const dpp_signer_info *who_info(const dppb_result *r, int who)
{
    if (r == NULL || r->err != DPP_OK) return NULL;
    if (who == -1) return &r->signer;
    if (who < 0 || (size_t)who >= r->claims.n_attestations) return NULL;
    return &r->attesters[who];
}

static const dpp_attestation_ref *att_ref(const dppb_result *r, int i)
{
    if (r == NULL || i < 0 || (size_t)i >= r->claims.n_attestations) return NULL;
    return &r->claims.attestations[i];
}

int dppb_result_signer_source(const dppb_result *r, int who)
{
    const dpp_signer_info *s = who_info(r, who);
    return s == NULL ? 0 : (int)s->source;
}

int dppb_result_signer_role(const dppb_result *r, int who)
{
    const dpp_signer_info *s = who_info(r, who);
    return s == NULL ? -1 : (int)s->role;
}

dppb_bytes_out dppb_result_signer_kid(const dppb_result *r, int who)
{
    const dpp_signer_info *s = who_info(r, who);
    return s == NULL ? k_empty : copy_out(s->kid, DPP_KID_LEN, NULL);
}

const dpp_party *dppb_result_signer_party(const dppb_result *r, int who)
{
    const dpp_signer_info *s = who_info(r, who);
    return s == NULL ? NULL : &s->party;
}

int dppb_result_n_attestations(const dppb_result *r) { return r == NULL ? 0 : (int)r->claims.n_attestations; }

dppb_bytes_out dppb_result_attestation_kid(const dppb_result *r, int i)
{
    const dpp_attestation_ref *a = att_ref(r, i);
    return a == NULL ? k_empty : copy_out(a->kid, DPP_KID_LEN, NULL);
}

int dppb_result_attestation_alg(const dppb_result *r, int i)
{
    const dpp_attestation_ref *a = att_ref(r, i);
    return a == NULL ? 0 : (int)a->alg;
}

int dppb_result_attestation_binding(const dppb_result *r, int i)
{
    const dpp_attestation_ref *a = att_ref(r, i);
    return a == NULL ? -1 : (int)a->binding;
}

int64_t dppb_result_attestation_claims(const dppb_result *r, int i)
{
    const dpp_attestation_ref *a = att_ref(r, i);
    return a == NULL ? 0 : (int64_t)a->claims;
}

int64_t dppb_result_claims_present(const dppb_result *r) { return r == NULL ? 0 : (int64_t)r->claims_present; }
int64_t dppb_result_claims_attested(const dppb_result *r) { return r == NULL ? 0 : (int64_t)r->claims_attested; }

int dppb_result_claim_attested_by(const dppb_result *r, int claim)
{
    if (r == NULL || r->err != DPP_OK || claim < 0 || claim > DPP_CLAIM_MAX) return -1;
    return r->attested_by[claim];
}

dppb_text_out dppb_result_link_uri(const dppb_result *r)
{
    if (r == NULL || !r->claims.has_link) return k_empty;
    return copy_out(r->claims.link_uri, strnlen(r->claims.link_uri, sizeof r->claims.link_uri - 1), NULL);
}

int dppb_result_form(const dppb_result *r) { return r == NULL ? (int)DPP_FORM_TEXT : (int)r->claims.form; }

dppb_text_out dppb_result_signer_scheme(const dppb_result *r, int who)
{
    const dpp_signer_info *s = who_info(r, who);
    return s == NULL ? k_empty : copy_out(s->scheme, strnlen(s->scheme, sizeof s->scheme), NULL);
}

dppb_bytes_out dppb_result_signer_scheme_operator(const dppb_result *r, int who)
{
    static const uint8_t zero[DPP_KID_LEN];
    const dpp_signer_info *s = who_info(r, who);
    if (s == NULL || memcmp(s->scheme_operator, zero, sizeof zero) == 0) return k_empty;
    return copy_out(s->scheme_operator, DPP_KID_LEN, NULL);
}

dppb_text_out dppb_result_revoked_by(const dppb_result *r)
{
    if (r == NULL || !r->report.revoked) return k_empty;
    return copy_out(r->report.revoked_by, strnlen(r->report.revoked_by, sizeof r->report.revoked_by), NULL);
}

dppb_text_out dppb_result_resolver(const dppb_result *r)
{
    if (r == NULL) return k_empty;
    return copy_out(r->claims.resolver, strnlen(r->claims.resolver, sizeof r->claims.resolver - 1), NULL);
}

dppb_bytes_out dppb_result_link_sha256(const dppb_result *r)
{
    if (r == NULL || !r->claims.has_link_sha256) return k_empty;
    return copy_out(r->claims.link_sha256, sizeof r->claims.link_sha256, NULL);
}

int dppb_result_revocation_kind(const dppb_result *r)
{
    return r == NULL || !r->report.revoked ? 0 : (int)r->report.revocation.kind;
}

int dppb_result_revocation_reason(const dppb_result *r)
{
    return r == NULL || !r->report.revoked ? -1 : (int)r->report.revocation.reason;
}

int dppb_result_revocation_date(const dppb_result *r)
{
    return r == NULL || !r->report.revoked ? -1 : (int)r->report.revocation.date;
}

/* The revocation that rejected r's passport, if it is of this kind (NULL otherwise). */
static const dpp_revocation *revocation_of(const dppb_result *r, dpp_revocation_kind kind)
{
    if (r == NULL || !r->report.revoked || r->report.revocation.kind != kind) return NULL;
    return &r->report.revocation;
}

dppb_bytes_out dppb_result_revocation_subject(const dppb_result *r)
{
    const dpp_revocation *v = revocation_of(r, DPP_REVOKED_KEY);
    if (v != NULL) return copy_out(v->kid, sizeof v->kid, NULL);
    v = revocation_of(r, DPP_REVOKED_PASSPORT);
    return v == NULL ? k_empty : copy_out(v->passport_id, sizeof v->passport_id, NULL);
}

dppb_text_out dppb_result_revocation_gtin(const dppb_result *r)
{
    const dpp_revocation *v = revocation_of(r, DPP_REVOKED_BATCH);
    return v == NULL ? k_empty : copy_out(v->gtin, strnlen(v->gtin, sizeof v->gtin - 1), NULL);
}

dppb_text_out dppb_result_revocation_batch(const dppb_result *r)
{
    const dpp_revocation *v = revocation_of(r, DPP_REVOKED_BATCH);
    return v == NULL ? k_empty : copy_out(v->batch, strnlen(v->batch, sizeof v->batch - 1), NULL);
}

int dppb_result_failed_attestation(const dppb_result *r)
{
    return r == NULL || r->err == DPP_OK ? -1 : r->report.failed_attestation;
}

/* ------------------------------------------------------------------------ */
/* photos of labels (libdpp_scan)                                           */
/* ------------------------------------------------------------------------ */

#ifdef DPPB_HAVE_SCAN
int dppb_scan_available(void) { return 1; }

dppb_scan *dppb_scan_image(const void *data, size_t len, dpp_diag *status)
{
    dppb_scan *s;
    dpp_diag d;
    dpp_err err;
    if (bad_input(status, data, len, "picture")) return NULL;
    s = calloc(1, sizeof *s);
    if (s == NULL) {
        st_set(status, DPP_ERR_NO_MEMORY, "scan result");
        return NULL;
    }
    memset(&d, 0, sizeof d);
    err = dpp_scan_image(nz(data), len, &s->r, &d);
    if (err != DPP_OK) {
        dppb_scan_free(s);
        st_from(status, err, &d);
        return NULL;
    }
    return s;
}

dppb_text_out dppb_scan_text(const dppb_scan *s)
{
    return s == NULL || s->r.text == NULL ? k_empty : copy_out(s->r.text, s->r.len, NULL);
}

dppb_text_out dppb_scan_info(const dppb_scan *s, int which)
{
    const char *t = s == NULL ? "" : which == 0 ? s->r.how : which == 1 ? s->r.note : "";
    return copy_out(t, strnlen(t, sizeof s->r.note), NULL);
}

int64_t dppb_scan_number(const dppb_scan *s, int which)
{
    if (s == NULL) return 0;
    switch (which) {
    case 0: return (int64_t)s->r.codes;
    case 1: return (int64_t)s->r.width;
    case 2: return (int64_t)s->r.height;
    case 3: return (int64_t)s->r.orientation;
    default: return 0;
    }
}

void dppb_scan_free(dppb_scan *s)
{
    if (s == NULL) return;
    dpp_scan_result_free(&s->r);
    free(s);
}
#else
int dppb_scan_available(void) { return 0; }

dppb_scan *dppb_scan_image(const void *data, size_t len, dpp_diag *status)
{
    (void)data;
    (void)len;
    st_set(status, DPP_ERR_IMAGE_FORMAT, "this build has no libdpp_scan: pictures cannot be read");
    return NULL;
}

dppb_text_out dppb_scan_text(const dppb_scan *s) { (void)s; return k_empty; }
dppb_text_out dppb_scan_info(const dppb_scan *s, int which) { (void)s; (void)which; return k_empty; }
int64_t dppb_scan_number(const dppb_scan *s, int which) { (void)s; (void)which; return 0; }
void dppb_scan_free(dppb_scan *s) { free(s); }
#endif

/* ------------------------------------------------------------------------ */
/* the CBAM communication template (libdpp_cbam)                            */
/* ------------------------------------------------------------------------ */

#ifdef DPPB_HAVE_CBAM
int dppb_cbam_available(void) { return 1; }

dppb_cbam *dppb_cbam_import(const void *data, size_t len, const char *text, size_t text_len, const char *name,
                            size_t name_len, int strict, dpp_diag *status)
{
    const char *gtins[DPP_CBAM_MAX_LINES];
    dpp_cbam_import_opts o;
    char *list = NULL, *manufacturer = NULL;
    dppb_cbam *c = NULL;
    dpp_diag d;
    dpp_err err;

    if (bad_input(status, data, len, "workbook") || bad_input(status, text, text_len, "gtins")) return NULL;
    memset(&o, 0, sizeof o);
    o.strict = strict != 0;
    if (text_len > DPP_CBAM_MAX_LINES * 15u) {
        st_set(status, DPP_ERR_INVALID_ARG, "gtins: at most %u (one per product line)", DPP_CBAM_MAX_LINES);
        return NULL;
    }
    if (text_len != 0) {
        char *p;
        if (memchr(text, '\0', text_len) != NULL) {
            st_set(status, DPP_ERR_INVALID_ARG, "gtins contain a NUL character");
            return NULL;
        }
        list = malloc(text_len + 1);
        if (list == NULL) {
            st_set(status, DPP_ERR_NO_MEMORY, "out of memory");
            return NULL;
        }
        memcpy(list, text, text_len);
        list[text_len] = '\0';
        for (p = list; p != NULL;) {
            char *nl = strchr(p, '\n');
            if (nl != NULL) *nl = '\0';
            if (o.n_gtins == DPP_CBAM_MAX_LINES) {
                st_set(status, DPP_ERR_INVALID_ARG, "gtins: at most %u (one per product line)", DPP_CBAM_MAX_LINES);
                goto out;
            }
            gtins[o.n_gtins++] = p;
            p = nl != NULL ? nl + 1 : NULL;
        }
        o.gtins = gtins;
    }
    if (name_len != 0) {
        manufacturer = cstr(name, name_len, "manufacturer", status);
        if (manufacturer == NULL) goto out;
        o.manufacturer = manufacturer;
    }
    c = calloc(1, sizeof *c);
    if (c == NULL) {
        st_set(status, DPP_ERR_NO_MEMORY, "out of memory (CBAM import)");
        goto out;
    }
    memset(&d, 0, sizeof d);
    err = dpp_cbam_import_xlsx(nz(data), len, &o, &c->im, &d);
    if (err != DPP_OK) {
        free(c);
        c = NULL;
        st_from(status, err, &d);
    }
out:
    free(list);
    free(manufacturer);
    return c;
}

size_t dppb_cbam_count(const dppb_cbam *c, int which)
{
    if (c == NULL) return 0;
    switch (which) {
    case 0: return dpp_cbam_import_lines(c->im);
    case 1: return dpp_cbam_import_passport_count(c->im);
    case 2: return dpp_cbam_import_note_count(c->im);
    default: return 0;
    }
}

dpp_passport *dppb_cbam_passport(const dppb_cbam *c, size_t i, dpp_diag *status)
{
    const dpp_passport *p;
    if (null_arg(status, c, "CBAM import")) return NULL;
    p = dpp_cbam_import_passport(c->im, i);
    if (p == NULL) {
        st_set(status, DPP_ERR_INVALID_ARG, "passport %zu of %zu", i, dpp_cbam_import_passport_count(c->im));
        return NULL;
    }
    return dppb_passport_copy(p, status);
}

unsigned dppb_cbam_passport_number(const dppb_cbam *c, size_t i, int which)
{
    if (c == NULL) return 0;
    return which == 0 ? dpp_cbam_import_passport_row(c->im, i) : dpp_cbam_import_passport_line(c->im, i);
}

int dppb_cbam_note_number(const dppb_cbam *c, size_t i, int which)
{
    const dpp_cbam_note *n = c != NULL ? dpp_cbam_import_note(c->im, i) : NULL;
    if (n == NULL) return 0;
    switch (which) {
    case 0: return (int)n->kind;
    case 1: return (int)n->err;
    case 2: return (int)n->row;
    case 3: return n->value_cut ? 1 : 0;
    default: return 0;
    }
}

dppb_text_out dppb_cbam_note_text(const dppb_cbam *c, size_t i, int which)
{
    const dpp_cbam_note *n = c != NULL ? dpp_cbam_import_note(c->im, i) : NULL;
    const char *t;
    size_t cap;
    if (n == NULL) return k_empty;
    switch (which) {
    case 0: t = n->sheet; cap = sizeof n->sheet; break;
    case 1: t = n->cell; cap = sizeof n->cell; break;
    case 2: t = n->field; cap = sizeof n->field; break;
    case 3: t = n->reason; cap = sizeof n->reason; break;
    case 4: t = n->value; cap = sizeof n->value; break;
    default: return k_empty;
    }
    return copy_out(t, strnlen(t, cap), NULL);
}

void dppb_cbam_free(dppb_cbam *c)
{
    if (c == NULL) return;
    dpp_cbam_import_free(c->im);
    free(c);
}
#else
int dppb_cbam_available(void) { return 0; }

dppb_cbam *dppb_cbam_import(const void *data, size_t len, const char *text, size_t text_len, const char *name,
                            size_t name_len, int strict, dpp_diag *status)
{
    (void)data;
    (void)len;
    (void)text;
    (void)text_len;
    (void)name;
    (void)name_len;
    (void)strict;
    st_set(status, DPP_ERR_UNSUPPORTED, "this build has no libdpp_cbam: CBAM templates cannot be read");
    return NULL;
}

size_t dppb_cbam_count(const dppb_cbam *c, int which) { (void)c; (void)which; return 0; }
dpp_passport *dppb_cbam_passport(const dppb_cbam *c, size_t i, dpp_diag *status)
{
    (void)c;
    (void)i;
    st_set(status, DPP_ERR_UNSUPPORTED, "this build has no libdpp_cbam");
    return NULL;
}
unsigned dppb_cbam_passport_number(const dppb_cbam *c, size_t i, int which) { (void)c; (void)i; (void)which; return 0; }
int dppb_cbam_note_number(const dppb_cbam *c, size_t i, int which) { (void)c; (void)i; (void)which; return 0; }
dppb_text_out dppb_cbam_note_text(const dppb_cbam *c, size_t i, int which) { (void)c; (void)i; (void)which; return k_empty; }
void dppb_cbam_free(dppb_cbam *c) { free(c); }
#endif
