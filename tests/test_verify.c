/* dpp_verify / dpp_inspect: every check, every error code, tampering; the
 * transport forms of spec/README.md section 4.3 (no zlib, zlib without a
 * dictionary, zlib with preset dictionary v1) and their rejections. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cbor_write.h"
#include <zlib.h>
#include "dict_v1.h"
#include "fixtures.h"
#include "passport_cbor.h"

#define NOW 1790000000LL /* 2026-09-21 */

typedef struct fx {
    dpp_key *ed;         /* Ed25519 signer of the evil messages */
    dpp_trust *trust;    /* trusts ed only */
    dpp_passport p;
    uint8_t pcbor[2048]; /* the example passport's CBOR */
    size_t pcbor_len;
    uint8_t prot[16];    /* {1: -8, 4: kid(ed)} */
    size_t prot_len;
    dpp_verified v;
    dpp_report rep;
    char text[DPP_MAX_TEXT_LEN + 1];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    uint8_t kid[DPP_KID_LEN];
    cw_writer w;
    if (f == NULL) return -1;
    f->ed = fx_key(DPP_ALG_EDDSA);
    f->trust = fx_trust(f->ed);
    fx_example_passport(&f->p);
    assert_int_equal(dpp_passport_to_cbor(&f->p, f->pcbor, sizeof f->pcbor, &f->pcbor_len, NULL), DPP_OK);
    dpp_key_kid(f->ed, kid);
    dpp_cw_init(&w, f->prot, sizeof f->prot);
    dpp_cw_map(&w, 2);
    dpp_cw_uint(&w, 1);
    dpp_cw_int(&w, DPP_ALG_EDDSA);
    dpp_cw_uint(&w, 4);
    dpp_cw_bstr(&w, kid, sizeof kid);
    f->prot_len = w.len;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    dpp_trust_free(f->trust);
    dpp_key_free(f->ed);
    free(f);
    return 0;
}

/* Claims {6: iat, -262: passport} (plus exp when exp > 0). */
static size_t claims(const fx *f, int64_t iat, int64_t exp, uint8_t *out, size_t cap)
{
    cw_writer w;
    dpp_cw_init(&w, out, cap);
    dpp_cw_map(&w, exp > 0 ? 3 : 2);
    if (exp > 0) {
        dpp_cw_uint(&w, 4);
        dpp_cw_uint(&w, (uint64_t)exp);
    }
    dpp_cw_uint(&w, 6);
    dpp_cw_uint(&w, (uint64_t)iat);
    dpp_cw_int(&w, -262);
    dpp_cw_raw(&w, f->pcbor, f->pcbor_len);
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    return w.len;
}

/* Signs a message with the given headers/claims and verifies its text. */
static dpp_err evil(fx *f, uint64_t tag, const uint8_t *prot, size_t prot_len, const uint8_t *unprot,
                    size_t unprot_len, const uint8_t *payload, size_t payload_len)
{
    uint8_t cose[DPP_MAX_COSE_LEN];
    size_t n = fx_evil_cose(f->ed, tag, prot, prot_len, unprot, unprot_len, payload, payload_len, cose, sizeof cose);
    fx_text(cose, n, f->text, sizeof f->text);
    return dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep);
}

static dpp_err evil_claims(fx *f, const uint8_t *payload, size_t len)
{
    return evil(f, 18, f->prot, f->prot_len, (const uint8_t *)"\xa0", 1, payload, len);
}

static void assert_failed_at(const fx *f, dpp_check c, dpp_err err)
{
    assert_int_equal(f->rep.err, err);
    assert_int_equal(f->rep.failed, c);
    assert_int_equal(f->rep.status[c], DPP_CHECK_FAIL);
    assert_int_equal(f->rep.diag.err, err);
    assert_true(strlen(f->rep.diag.msg) > 0);
    for (int i = (int)c + 1; i < DPP_CHECK_COUNT; i++) {
        if (f->rep.status[i] != DPP_CHECK_NOT_RUN) fail_msg("check %s ran after %s failed", dpp_check_name((dpp_check)i), dpp_check_name(c));
    }
    /* a failed verification leaves no passport behind */
    assert_int_equal(f->v.passport.name[0], 0);
    assert_int_equal(f->v.claims.iat, 0);
}

static void verifies_every_algorithm_and_compression(void **state)
{
    fx *f = *state;
    const dpp_alg algs[] = {DPP_ALG_ES256, DPP_ALG_ES384, DPP_ALG_EDDSA, DPP_ALG_PS256};
    const dpp_compress modes[] = {DPP_COMPRESS_AUTO, DPP_COMPRESS_NEVER, DPP_COMPRESS_ALWAYS};
    for (size_t a = 0; a < 4; a++) {
        dpp_key *k = fx_key(algs[a]);
        dpp_trust *t = fx_trust(k);
        for (size_t m = 0; m < 3; m++) {
            dpp_encode_opts o = {NOW - 10, true, NOW + 3600, "test-issuer", modes[m]};
            dpp_encode_sizes sz;
            size_t n = 0;
            dpp_diag d;
            uint8_t kid[DPP_KID_LEN];
            assert_int_equal(dpp_encode(&f->p, k, &o, f->text, sizeof f->text, &n, &sz, &d), DPP_OK);
            assert_int_equal(dpp_verify(f->text, n, t, NOW, &f->v, &f->rep), DPP_OK);
            assert_int_equal(f->rep.err, DPP_OK);
            assert_memory_equal(&f->v.passport, &f->p, sizeof f->p);
            assert_int_equal(f->v.claims.iat, NOW - 10);
            assert_true(f->v.claims.has_exp);
            assert_int_equal(f->v.claims.exp, NOW + 3600);
            assert_string_equal(f->v.claims.iss, "test-issuer");
            assert_int_equal(f->v.claims.alg, algs[a]);
            dpp_key_kid(k, kid);
            assert_memory_equal(f->v.claims.kid, kid, DPP_KID_LEN);
            assert_int_equal(f->v.claims.compressed, sz.used_zlib);
            if (modes[m] == DPP_COMPRESS_ALWAYS) assert_true(sz.used_zlib);
            if (modes[m] == DPP_COMPRESS_NEVER) assert_false(sz.used_zlib);
            if (modes[m] == DPP_COMPRESS_AUTO) assert_int_equal(sz.used_zlib, sz.compressed > 0 && sz.compressed < sz.cose);
            for (int c = 0; c < DPP_CHECK_COUNT; c++) {
                dpp_check_status want = DPP_CHECK_PASS;
                if (c == DPP_CHECK_KEY_VALIDITY) want = DPP_CHECK_SKIPPED;
                if (c > DPP_CHECK_SCHEMA) want = DPP_CHECK_SKIPPED; /* trust checks: pinned-key mode */
                if (c == DPP_CHECK_INFLATE && !f->v.claims.compressed) want = DPP_CHECK_SKIPPED;
                assert_int_equal(f->rep.status[c], want);
            }
        }
        dpp_trust_free(t);
        dpp_key_free(k);
    }
}

static void prefix_errors(void **state)
{
    fx *f = *state;
    assert_int_equal(dpp_verify("HC1:ABC", 7, f->trust, NOW, &f->v, &f->rep), DPP_ERR_PREFIX);
    assert_failed_at(f, DPP_CHECK_PREFIX, DPP_ERR_PREFIX);
    assert_int_equal(dpp_verify("", 0, f->trust, NOW, &f->v, &f->rep), DPP_ERR_PREFIX);
    assert_int_equal(dpp_verify("dpp1:AB", 7, f->trust, NOW, &f->v, &f->rep), DPP_ERR_PREFIX);
    assert_int_equal(dpp_verify("DPP2:ABC", 8, f->trust, NOW, &f->v, &f->rep), DPP_ERR_PREFIX_VERSION);
    assert_failed_at(f, DPP_CHECK_PREFIX, DPP_ERR_PREFIX_VERSION);
    assert_non_null(strstr(f->rep.diag.msg, "DPP2:"));
    assert_int_equal(dpp_verify("DPP10:ABC", 9, f->trust, NOW, &f->v, &f->rep), DPP_ERR_PREFIX_VERSION);
    {
        char *big = malloc(DPP_MAX_TEXT_LEN + 2);
        memcpy(big, "DPP1:", 5);
        memset(big + 5, 'A', DPP_MAX_TEXT_LEN - 4);
        big[DPP_MAX_TEXT_LEN + 1] = '\0';
        assert_int_equal(dpp_verify(big, DPP_MAX_TEXT_LEN + 1, f->trust, NOW, &f->v, &f->rep), DPP_ERR_TOO_LARGE);
        assert_failed_at(f, DPP_CHECK_PREFIX, DPP_ERR_TOO_LARGE);
        free(big);
    }
}

static void base45_and_inflate_errors(void **state)
{
    fx *f = *state;
    uint8_t z[64];
    size_t n;
    assert_int_equal(dpp_verify("DPP1:abc", 8, f->trust, NOW, &f->v, &f->rep), DPP_ERR_BASE45);
    assert_failed_at(f, DPP_CHECK_BASE45, DPP_ERR_BASE45);
    assert_int_equal(f->rep.diag.offset, 5); /* offset counts from the start of the text */
    assert_int_equal(dpp_verify("DPP1:ABCD", 9, f->trust, NOW, &f->v, &f->rep), DPP_ERR_BASE45);
    assert_int_equal(dpp_verify("DPP1:", 5, f->trust, NOW, &f->v, &f->rep), DPP_ERR_BASE45);
    /* a zlib header followed by garbage */
    z[0] = 0x78;
    z[1] = 0xda;
    memset(z + 2, 0xff, 10);
    {
        char text[64];
        memcpy(text, "DPP1:", 5);
        assert_int_equal(dpp_base45_encode(z, 12, text + 5, sizeof text - 5, &n), DPP_OK);
        assert_int_equal(dpp_verify(text, 5 + n, f->trust, NOW, &f->v, &f->rep), DPP_ERR_INFLATE);
        assert_failed_at(f, DPP_CHECK_INFLATE, DPP_ERR_INFLATE);
    }
}

static void inflate_bomb_stops_at_the_cap(void **state)
{
    fx *f = *state;
    /* 1 MiB of zeros compresses to ~1 KiB; inflating must stop at the cap. */
    uint8_t *zeros = calloc(1, 1u << 20), z[4096];
    size_t zlen = 0, n = 0;
    char text[DPP_MAX_TEXT_LEN + 1];
    uLongf zl = sizeof z;
    assert_non_null(zeros);
    assert_int_equal(compress2(z, &zl, zeros, 1u << 20, 9), Z_OK);
    zlen = zl;
    free(zeros);
    memcpy(text, "DPP1:", 5);
    assert_int_equal(dpp_base45_encode(z, zlen, text + 5, sizeof text - 5, &n), DPP_OK);
    assert_int_equal(dpp_verify(text, 5 + n, f->trust, NOW, &f->v, &f->rep), DPP_ERR_TOO_LARGE);
    assert_failed_at(f, DPP_CHECK_INFLATE, DPP_ERR_TOO_LARGE);
}

/* "DPP1:" + Base45 of any body bytes, NUL-terminated. */
static void body_text(const uint8_t *body, size_t n, char *text, size_t cap)
{
    size_t b = 0;
    assert_true(cap > DPP_PREFIX_LEN + DPP_BASE45_ENCODED_LEN(n));
    memcpy(text, DPP_PREFIX, DPP_PREFIX_LEN);
    assert_int_equal(dpp_base45_encode(body, n, text + DPP_PREFIX_LEN, cap - DPP_PREFIX_LEN, &b), DPP_OK);
    assert_int_equal(b, DPP_BASE45_ENCODED_LEN(n));
    text[DPP_PREFIX_LEN + b] = '\0';
}

/* zlib's deflate with any settings, optionally with a preset dictionary. */
static void assert_verified_compressed(const fx *f)
{
    assert_int_equal(f->rep.err, DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_INFLATE], DPP_CHECK_PASS);
    assert_true(f->v.claims.compressed);
    assert_memory_equal(&f->v.passport, &f->p, sizeof f->p);
}

/* Section 4.3: FDICT = 0 streams (written before the dictionary was
 * adopted) stay valid, and a dictionary stream need not use the
 * recommended settings. */
static void legacy_and_other_streams_verify(void **state)
{
    fx *f = *state;
    dpp_encode_opts o = {NOW, false, 0, NULL, DPP_COMPRESS_NEVER};
    uint8_t cose[DPP_MAX_COSE_LEN], z[DPP_MAX_COSE_LEN + 64];
    size_t cn = 0, zn;
    uLongf zl = sizeof z;
    assert_int_equal(dpp_encode_cose(&f->p, f->ed, &o, cose, sizeof cose, &cn, NULL), DPP_OK);
    /* legacy: zlib's compress2(), level 9, 32 KiB window, no dictionary */
    assert_int_equal(compress2(z, &zl, cose, (uLong)cn, 9), Z_OK);
    assert_int_equal(z[0], 0x78);
    assert_int_equal(z[1] & 0x20, 0); /* FDICT = 0 */
    body_text(z, (size_t)zl, f->text, sizeof f->text);
    assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_OK);
    assert_verified_compressed(f);
    /* dictionary v1 with level 1 and a 32 KiB window */
    zn = fx_deflate(cose, cn, 1, 15, 8, dpp_dict_v1, dpp_dict_v1_len, z, sizeof z);
    assert_int_equal(z[0], 0x78);
    assert_int_equal(z[1] & 0x20, 0x20);
    body_text(z, zn, f->text, sizeof f->text);
    assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_OK);
    assert_verified_compressed(f);
    /* and what the encoder writes */
    o.compress = DPP_COMPRESS_ALWAYS;
    assert_int_equal(dpp_encode(&f->p, f->ed, &o, f->text, sizeof f->text, &zn, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_verify(f->text, zn, f->trust, NOW, &f->v, &f->rep), DPP_OK);
    assert_verified_compressed(f);
}

/* FDICT = 1 with a DICTID other than a9549d2d: DPP_ERR_INFLATE at the
 * inflate check, naming both DICTIDs; also when the stream was made with
 * another dictionary but claims to be v1's. */
static void unknown_dictid_is_rejected(void **state)
{
    fx *f = *state;
    dpp_encode_opts o = {NOW, false, 0, NULL, DPP_COMPRESS_NEVER};
    static uint8_t other[1277];
    uint8_t cose[DPP_MAX_COSE_LEN], z[DPP_MAX_COSE_LEN + 64];
    size_t cn = 0, zn;
    assert_int_equal(dpp_encode_cose(&f->p, f->ed, &o, cose, sizeof cose, &cn, NULL), DPP_OK);
    zn = fx_deflate(cose, cn, 9, 12, 8, dpp_dict_v1, dpp_dict_v1_len, z, sizeof z);
    assert_int_equal(z[2], 0xA9);
    /* DICTID 01 02 03 04 (FCHECK covers only the first two bytes) */
    z[2] = 0x01;
    z[3] = 0x02;
    z[4] = 0x03;
    z[5] = 0x04;
    body_text(z, zn, f->text, sizeof f->text);
    assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_ERR_INFLATE);
    assert_failed_at(f, DPP_CHECK_INFLATE, DPP_ERR_INFLATE);
    assert_non_null(strstr(f->rep.diag.msg, "DICTID"));
    assert_non_null(strstr(f->rep.diag.msg, "0x01020304"));
    assert_non_null(strstr(f->rep.diag.msg, "0xa9549d2d"));
    /* dpp_inspect reads the transport the same way */
    {
        dpp_unverified *u = calloc(1, sizeof *u);
        dpp_diag d;
        assert_non_null(u);
        assert_int_equal(dpp_inspect(f->text, strlen(f->text), u, &d), DPP_ERR_INFLATE);
        free(u);
    }
    /* made with another dictionary, DICTID set to v1's: the data does not check */
    for (size_t i = 0; i < sizeof other; i++) other[i] = (uint8_t)(dpp_dict_v1[i] ^ 0x20u);
    zn = fx_deflate(cose, cn, 9, 12, 8, other, sizeof other, z, sizeof z);
    z[2] = 0xA9;
    z[3] = 0x54;
    z[4] = 0x9D;
    z[5] = 0x2D;
    body_text(z, zn, f->text, sizeof f->text);
    assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_ERR_INFLATE);
    assert_failed_at(f, DPP_CHECK_INFLATE, DPP_ERR_INFLATE);
}

/* FDICT = 1 in a body too short to hold the four DICTID bytes; with the
 * DICTID but nothing after it, the stream is truncated. */
static void fdict_with_truncated_dictid(void **state)
{
    fx *f = *state;
    static const uint8_t head[] = {0x48, 0xE6, 0xA9, 0x54, 0x9D, 0x2D}; /* FDICT, DICTID of v1 */
    assert_int_equal(((head[0] << 8) | head[1]) % 31, 0);
    for (size_t n = 2; n < sizeof head; n++) {
        body_text(head, n, f->text, sizeof f->text);
        assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_ERR_INFLATE);
        assert_failed_at(f, DPP_CHECK_INFLATE, DPP_ERR_INFLATE);
        assert_non_null(strstr(f->rep.diag.msg, "no DICTID"));
    }
    body_text(head, sizeof head, f->text, sizeof f->text);
    assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_ERR_INFLATE);
    assert_failed_at(f, DPP_CHECK_INFLATE, DPP_ERR_INFLATE);
    assert_non_null(strstr(f->rep.diag.msg, "truncated"));
}

/* The 4096-byte cap holds for dictionary streams too. */
static void dictionary_bomb_stops_at_the_cap(void **state)
{
    fx *f = *state;
    uint8_t *zeros = calloc(1, 1u << 20), z[4096];
    size_t zn;
    assert_non_null(zeros);
    zn = fx_deflate(zeros, 1u << 20, 9, 12, 8, dpp_dict_v1, dpp_dict_v1_len, z, sizeof z);
    free(zeros);
    assert_int_equal(z[1] & 0x20, 0x20);
    body_text(z, zn, f->text, sizeof f->text);
    assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_ERR_TOO_LARGE);
    assert_failed_at(f, DPP_CHECK_INFLATE, DPP_ERR_TOO_LARGE);
}

static void cose_structure_errors(void **state)
{
    fx *f = *state;
    uint8_t pl[2048], cose[DPP_MAX_COSE_LEN];
    size_t n = claims(f, NOW, 0, pl, sizeof pl), m;
    /* baseline: the evil signer's honest message verifies */
    assert_int_equal(evil_claims(f, pl, n), DPP_OK);
    /* untagged */
    assert_int_equal(evil(f, 0, f->prot, f->prot_len, (const uint8_t *)"\xa0", 1, pl, n), DPP_ERR_COSE_TAG);
    assert_failed_at(f, DPP_CHECK_COSE, DPP_ERR_COSE_TAG);
    /* wrong tag */
    assert_int_equal(evil(f, 998, f->prot, f->prot_len, (const uint8_t *)"\xa0", 1, pl, n), DPP_ERR_COSE_TAG);
    /* unprotected header not empty (a content type) */
    assert_int_equal(evil(f, 18, f->prot, f->prot_len, (const uint8_t *)"\xa1\x03\x00", 3, pl, n),
                     DPP_ERR_COSE_STRUCTURE);
    assert_failed_at(f, DPP_CHECK_COSE, DPP_ERR_COSE_STRUCTURE);
    /* trailing byte after the message */
    m = fx_evil_cose(f->ed, 18, f->prot, f->prot_len, (const uint8_t *)"\xa0", 1, pl, n, cose, sizeof cose);
    cose[m] = 0x00;
    fx_text(cose, m + 1, f->text, sizeof f->text);
    assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_ERR_CBOR_TRAILING);
    assert_failed_at(f, DPP_CHECK_COSE, DPP_ERR_CBOR_TRAILING);
    /* array of 3 */
    cose[1] = 0x83;
    fx_text(cose, m, f->text, sizeof f->text);
    assert_int_not_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_OK);
    assert_int_equal(f->rep.failed, DPP_CHECK_COSE);
}

static void alg_and_kid_errors(void **state)
{
    fx *f = *state;
    uint8_t pl[2048], kid[DPP_KID_LEN], prot[32];
    size_t n = claims(f, NOW, 0, pl, sizeof pl);
    cw_writer w;
    dpp_key_kid(f->ed, kid);

    /* alg missing: {4: kid} */
    dpp_cw_init(&w, prot, sizeof prot);
    dpp_cw_map(&w, 1);
    dpp_cw_uint(&w, 4);
    dpp_cw_bstr(&w, kid, sizeof kid);
    assert_int_equal(evil(f, 18, prot, w.len, (const uint8_t *)"\xa0", 1, pl, n), DPP_ERR_ALG_MISSING);
    assert_failed_at(f, DPP_CHECK_ALG, DPP_ERR_ALG_MISSING);
    /* alg only unprotected */
    assert_int_equal(evil(f, 18, prot, w.len, (const uint8_t *)"\xa1\x01\x27", 3, pl, n), DPP_ERR_ALG_UNPROTECTED);
    assert_failed_at(f, DPP_CHECK_ALG, DPP_ERR_ALG_UNPROTECTED);
    /* unknown alg -999 */
    dpp_cw_init(&w, prot, sizeof prot);
    dpp_cw_map(&w, 2);
    dpp_cw_uint(&w, 1);
    dpp_cw_int(&w, -999);
    dpp_cw_uint(&w, 4);
    dpp_cw_bstr(&w, kid, sizeof kid);
    assert_int_equal(evil(f, 18, prot, w.len, (const uint8_t *)"\xa0", 1, pl, n), DPP_ERR_ALG_UNSUPPORTED);
    assert_failed_at(f, DPP_CHECK_ALG, DPP_ERR_ALG_UNSUPPORTED);
    assert_int_equal(f->rep.status[DPP_CHECK_COSE], DPP_CHECK_PASS);
    /* a text alg is refused by the parser, still as an alg failure */
    dpp_cw_init(&w, prot, sizeof prot);
    dpp_cw_map(&w, 2);
    dpp_cw_uint(&w, 1);
    dpp_cw_cstr(&w, "EdDSA");
    dpp_cw_uint(&w, 4);
    dpp_cw_bstr(&w, kid, sizeof kid);
    assert_int_equal(evil(f, 18, prot, w.len, (const uint8_t *)"\xa0", 1, pl, n), DPP_ERR_ALG_UNSUPPORTED);
    assert_failed_at(f, DPP_CHECK_ALG, DPP_ERR_ALG_UNSUPPORTED);
    assert_int_equal(f->rep.status[DPP_CHECK_COSE], DPP_CHECK_PASS);
    /* ES256 claimed, but the kid belongs to an Ed25519 key: algorithm confusion */
    dpp_cw_init(&w, prot, sizeof prot);
    dpp_cw_map(&w, 2);
    dpp_cw_uint(&w, 1);
    dpp_cw_int(&w, DPP_ALG_ES256);
    dpp_cw_uint(&w, 4);
    dpp_cw_bstr(&w, kid, sizeof kid);
    assert_int_equal(evil(f, 18, prot, w.len, (const uint8_t *)"\xa0", 1, pl, n), DPP_ERR_ALG_KEY_MISMATCH);
    assert_int_equal(f->rep.err, DPP_ERR_ALG_KEY_MISMATCH);
    assert_int_equal(f->rep.failed, DPP_CHECK_ALG);
    assert_int_equal(f->rep.status[DPP_CHECK_SIGNATURE], DPP_CHECK_NOT_RUN);
    assert_int_equal(f->v.passport.name[0], 0);
    /* kid missing: {1: -8} */
    dpp_cw_init(&w, prot, sizeof prot);
    dpp_cw_map(&w, 1);
    dpp_cw_uint(&w, 1);
    dpp_cw_int(&w, DPP_ALG_EDDSA);
    assert_int_equal(evil(f, 18, prot, w.len, (const uint8_t *)"\xa0", 1, pl, n), DPP_ERR_KID_MISSING);
    assert_failed_at(f, DPP_CHECK_KID, DPP_ERR_KID_MISSING);
    /* kid only unprotected */
    assert_int_equal(evil(f, 18, prot, w.len, (const uint8_t *)"\xa1\x04\x48\x01\x02\x03\x04\x05\x06\x07\x08", 11,
                          pl, n),
                     DPP_ERR_KID_MISSING);
    /* kid unknown */
    kid[0] ^= 1;
    dpp_cw_init(&w, prot, sizeof prot);
    dpp_cw_map(&w, 2);
    dpp_cw_uint(&w, 1);
    dpp_cw_int(&w, DPP_ALG_EDDSA);
    dpp_cw_uint(&w, 4);
    dpp_cw_bstr(&w, kid, sizeof kid);
    assert_int_equal(evil(f, 18, prot, w.len, (const uint8_t *)"\xa0", 1, pl, n), DPP_ERR_KID_UNKNOWN);
    assert_failed_at(f, DPP_CHECK_KID, DPP_ERR_KID_UNKNOWN);
    /* crit header */
    dpp_cw_init(&w, prot, sizeof prot);
    dpp_key_kid(f->ed, kid);
    dpp_cw_map(&w, 3);
    dpp_cw_uint(&w, 1);
    dpp_cw_int(&w, DPP_ALG_EDDSA);
    dpp_cw_uint(&w, 2);
    dpp_cw_array(&w, 1);
    dpp_cw_uint(&w, 99);
    dpp_cw_uint(&w, 4);
    dpp_cw_bstr(&w, kid, sizeof kid);
    assert_int_equal(evil(f, 18, prot, w.len, (const uint8_t *)"\xa0", 1, pl, n), DPP_ERR_CRIT_UNSUPPORTED);
}

static void signature_and_trust_errors(void **state)
{
    fx *f = *state;
    dpp_key *other = fx_key(DPP_ALG_EDDSA);
    dpp_trust *t_other = fx_trust(other);
    dpp_encode_opts o = {NOW, false, 0, NULL, DPP_COMPRESS_NEVER};
    uint8_t cose[DPP_MAX_COSE_LEN];
    size_t n = 0;
    /* signed by a key the store does not hold */
    assert_int_equal(dpp_encode(&f->p, f->ed, &o, f->text, sizeof f->text, &n, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_verify(f->text, n, t_other, NOW, &f->v, &f->rep), DPP_ERR_KID_UNKNOWN);
    /* signature bytes changed */
    assert_int_equal(dpp_encode_cose(&f->p, f->ed, &o, cose, sizeof cose, &n, NULL), DPP_OK);
    cose[n - 1] ^= 0x01;
    fx_text(cose, n, f->text, sizeof f->text);
    assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_ERR_SIGNATURE);
    assert_failed_at(f, DPP_CHECK_SIGNATURE, DPP_ERR_SIGNATURE);
    assert_int_equal(f->rep.status[DPP_CHECK_KID], DPP_CHECK_PASS);
    dpp_trust_free(t_other);
    dpp_key_free(other);
}

/* A changed byte anywhere (prefix, header, payload, signature) never verifies. */
static void tampering_any_byte_is_rejected(void **state)
{
    fx *f = *state;
    dpp_encode_opts o = {NOW, false, 0, NULL, DPP_COMPRESS_NEVER};
    uint8_t cose[DPP_MAX_COSE_LEN];
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t n = 0, tn;
    size_t rejected_sig = 0;
    assert_int_equal(dpp_encode_cose(&f->p, f->ed, &o, cose, sizeof cose, &n, NULL), DPP_OK);
    for (size_t i = 0; i < n; i++) {
        for (unsigned bit = 0; bit < 8; bit += 3) {
            cose[i] ^= (uint8_t)(1u << bit);
            assert_int_equal(dpp_text_from_cose(cose, n, DPP_COMPRESS_NEVER, text, sizeof text, &tn, NULL), DPP_OK);
            assert_int_not_equal(dpp_verify(text, tn, f->trust, NOW, &f->v, &f->rep), DPP_OK);
            if (f->rep.err == DPP_ERR_SIGNATURE) rejected_sig++;
            assert_int_equal(f->v.passport.name[0], 0);
            cose[i] ^= (uint8_t)(1u << bit);
        }
    }
    /* most single-bit changes in payload and signature are caught by the signature itself */
    assert_true(rejected_sig > n / 2);
    /* text-level: every character of the prefix */
    assert_int_equal(dpp_text_from_cose(cose, n, DPP_COMPRESS_NEVER, text, sizeof text, &tn, NULL), DPP_OK);
    for (size_t i = 0; i < 5; i++) {
        char saved = text[i];
        text[i] = saved == 'X' ? 'Y' : 'X';
        assert_int_not_equal(dpp_verify(text, tn, f->trust, NOW, &f->v, &f->rep), DPP_OK);
        assert_true(f->rep.err == DPP_ERR_PREFIX || f->rep.err == DPP_ERR_PREFIX_VERSION);
        text[i] = saved;
    }
    assert_int_equal(dpp_verify(text, tn, f->trust, NOW, &f->v, &f->rep), DPP_OK);
}

static void time_checks(void **state)
{
    fx *f = *state;
    dpp_encode_opts o = {NOW + DPP_IAT_SKEW_SECONDS, true, NOW + 1000, NULL, DPP_COMPRESS_AUTO};
    size_t n = 0;
    /* iat exactly at the skew limit passes, one second more fails */
    assert_int_equal(dpp_encode(&f->p, f->ed, &o, f->text, sizeof f->text, &n, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_verify(f->text, n, f->trust, NOW, &f->v, &f->rep), DPP_OK);
    o.iat = NOW + DPP_IAT_SKEW_SECONDS + 1;
    assert_int_equal(dpp_encode(&f->p, f->ed, &o, f->text, sizeof f->text, &n, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_verify(f->text, n, f->trust, NOW, &f->v, &f->rep), DPP_ERR_NOT_YET_VALID);
    assert_failed_at(f, DPP_CHECK_IAT, DPP_ERR_NOT_YET_VALID);
    /* exp == now is expired; exp == now + 1 is not */
    o.iat = NOW - 100;
    o.exp = NOW;
    assert_int_equal(dpp_encode(&f->p, f->ed, &o, f->text, sizeof f->text, &n, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_verify(f->text, n, f->trust, NOW, &f->v, &f->rep), DPP_ERR_EXPIRED);
    assert_failed_at(f, DPP_CHECK_EXP, DPP_ERR_EXPIRED);
    assert_int_equal(dpp_verify(f->text, n, f->trust, NOW - 1, &f->v, &f->rep), DPP_OK);
    /* no exp: the check is skipped */
    o.has_exp = false;
    assert_int_equal(dpp_encode(&f->p, f->ed, &o, f->text, sizeof f->text, &n, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_verify(f->text, n, f->trust, NOW + 100000000LL, &f->v, &f->rep), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_EXP], DPP_CHECK_SKIPPED);
}

static void certificate_validity(void **state)
{
    fx *f = *state;
    char pem[8192];
    size_t n = 0;
    dpp_trust *t = NULL;
    dpp_encode_opts o = {NOW, false, 0, NULL, DPP_COMPRESS_AUTO};
    assert_int_equal(dpp_key_self_signed_cert(f->ed, "Test Manufacturer", NOW - 1000, NOW + 1000, pem, sizeof pem,
                                              &n, NULL),
                     DPP_OK);
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    assert_int_equal(dpp_trust_add_bytes(t, (const uint8_t *)pem, n, NULL), DPP_OK);
    assert_int_equal(dpp_encode(&f->p, f->ed, &o, f->text, sizeof f->text, &n, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_verify(f->text, n, t, NOW, &f->v, &f->rep), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_KEY_VALIDITY], DPP_CHECK_PASS);
    assert_int_equal(dpp_verify(f->text, n, t, NOW + 1001, &f->v, &f->rep), DPP_ERR_KEY_NOT_VALID);
    assert_failed_at(f, DPP_CHECK_KEY_VALIDITY, DPP_ERR_KEY_NOT_VALID);
    assert_int_equal(dpp_verify(f->text, n, t, NOW - 1001, &f->v, &f->rep), DPP_ERR_KEY_NOT_VALID);
    dpp_trust_free(t);
}

static void claims_errors(void **state)
{
    fx *f = *state;
    uint8_t pl[2048];
    cw_writer w;
    /* iat missing */
    dpp_cw_init(&w, pl, sizeof pl);
    dpp_cw_map(&w, 1);
    dpp_cw_int(&w, -262);
    dpp_cw_raw(&w, f->pcbor, f->pcbor_len);
    assert_int_equal(evil_claims(f, pl, w.len), DPP_ERR_CWT_CLAIMS);
    assert_failed_at(f, DPP_CHECK_CLAIMS, DPP_ERR_CWT_CLAIMS);
    assert_non_null(strstr(f->rep.diag.msg, "iat"));
    /* passport missing */
    dpp_cw_init(&w, pl, sizeof pl);
    dpp_cw_map(&w, 1);
    dpp_cw_uint(&w, 6);
    dpp_cw_uint(&w, NOW);
    assert_int_equal(evil_claims(f, pl, w.len), DPP_ERR_CWT_CLAIMS);
    /* unknown claim 7 (cti) */
    dpp_cw_init(&w, pl, sizeof pl);
    dpp_cw_map(&w, 3);
    dpp_cw_uint(&w, 6);
    dpp_cw_uint(&w, NOW);
    dpp_cw_uint(&w, 7);
    dpp_cw_bstr(&w, "x", 1);
    dpp_cw_int(&w, -262);
    dpp_cw_raw(&w, f->pcbor, f->pcbor_len);
    assert_int_equal(evil_claims(f, pl, w.len), DPP_ERR_CWT_CLAIMS);
    /* iss with a NUL inside: would be truncated as a C string */
    dpp_cw_init(&w, pl, sizeof pl);
    dpp_cw_map(&w, 3);
    dpp_cw_uint(&w, 1);
    dpp_cw_tstr(&w, "did:web:a\0b", 11);
    dpp_cw_uint(&w, 6);
    dpp_cw_uint(&w, NOW);
    dpp_cw_int(&w, -262);
    dpp_cw_raw(&w, f->pcbor, f->pcbor_len);
    assert_int_equal(evil_claims(f, pl, w.len), DPP_ERR_CWT_CLAIMS);
    assert_non_null(strstr(f->rep.diag.msg, "control character"));
    /* iat as text */
    dpp_cw_init(&w, pl, sizeof pl);
    dpp_cw_map(&w, 2);
    dpp_cw_uint(&w, 6);
    dpp_cw_cstr(&w, "now");
    dpp_cw_int(&w, -262);
    dpp_cw_raw(&w, f->pcbor, f->pcbor_len);
    assert_int_equal(evil_claims(f, pl, w.len), DPP_ERR_CWT_CLAIMS);
    /* claims out of order: -262 before 6 */
    dpp_cw_init(&w, pl, sizeof pl);
    dpp_cw_map(&w, 2);
    dpp_cw_int(&w, -262);
    dpp_cw_raw(&w, f->pcbor, f->pcbor_len);
    dpp_cw_uint(&w, 6);
    dpp_cw_uint(&w, NOW);
    assert_int_equal(evil_claims(f, pl, w.len), DPP_ERR_CBOR_NOT_DETERMINISTIC);
    assert_failed_at(f, DPP_CHECK_CLAIMS, DPP_ERR_CBOR_NOT_DETERMINISTIC);
    /* duplicate claim */
    dpp_cw_init(&w, pl, sizeof pl);
    dpp_cw_map(&w, 3);
    dpp_cw_uint(&w, 6);
    dpp_cw_uint(&w, NOW);
    dpp_cw_uint(&w, 6);
    dpp_cw_uint(&w, NOW);
    dpp_cw_int(&w, -262);
    dpp_cw_raw(&w, f->pcbor, f->pcbor_len);
    assert_int_equal(evil_claims(f, pl, w.len), DPP_ERR_CBOR_DUPLICATE_KEY);
    /* non-minimal iat: 0x1b + 8 bytes */
    dpp_cw_init(&w, pl, sizeof pl);
    dpp_cw_map(&w, 2);
    dpp_cw_raw(&w, "\x06\x1b\x00\x00\x00\x00\x6a\xb0\x00\x00", 10);
    dpp_cw_int(&w, -262);
    dpp_cw_raw(&w, f->pcbor, f->pcbor_len);
    assert_int_equal(evil_claims(f, pl, w.len), DPP_ERR_CBOR_NOT_DETERMINISTIC);
    /* trailing byte after the claims map */
    {
        size_t n = claims(f, NOW, 0, pl, sizeof pl);
        pl[n] = 0x00;
        assert_int_equal(evil_claims(f, pl, n + 1), DPP_ERR_CBOR_TRAILING);
        assert_failed_at(f, DPP_CHECK_CLAIMS, DPP_ERR_CBOR_TRAILING);
    }
}

static void schema_errors_are_reported_last(void **state)
{
    fx *f = *state;
    dpp_passport bad = f->p;
    uint8_t pc[2048], pl[2048];
    cw_writer w;
    /* a wrong GTIN check digit, signed correctly */
    bad.gtin[13] = bad.gtin[13] == '0' ? '1' : '0';
    dpp_cw_init(&w, pc, sizeof pc);
    dpp_passport_write(&w, &bad);
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    {
        cw_writer c;
        dpp_cw_init(&c, pl, sizeof pl);
        dpp_cw_map(&c, 2);
        dpp_cw_uint(&c, 6);
        dpp_cw_uint(&c, NOW);
        dpp_cw_int(&c, -262);
        dpp_cw_raw(&c, pc, w.len);
        assert_int_equal(evil_claims(f, pl, c.len), DPP_ERR_SCHEMA_CHECK_DIGIT);
        assert_failed_at(f, DPP_CHECK_SCHEMA, DPP_ERR_SCHEMA_CHECK_DIGIT);
        assert_non_null(strstr(f->rep.diag.msg, "gtin"));
        assert_int_equal(f->rep.status[DPP_CHECK_EXP], DPP_CHECK_SKIPPED);
        assert_int_equal(f->rep.status[DPP_CHECK_SIGNATURE], DPP_CHECK_PASS);
    }
    /* payload version 2 */
    memcpy(pl, f->pcbor, f->pcbor_len);
    {
        cw_writer c;
        uint8_t msg[2048];
        assert_int_equal(pl[1], 0x01); /* {1: 1, ...}: map head, key 1 */
        assert_int_equal(pl[2], 0x01);
        pl[2] = 0x02;
        dpp_cw_init(&c, msg, sizeof msg);
        dpp_cw_map(&c, 2);
        dpp_cw_uint(&c, 6);
        dpp_cw_uint(&c, NOW);
        dpp_cw_int(&c, -262);
        dpp_cw_raw(&c, pl, f->pcbor_len);
        assert_int_equal(evil_claims(f, msg, c.len), DPP_ERR_PAYLOAD_VERSION);
        assert_failed_at(f, DPP_CHECK_SCHEMA, DPP_ERR_PAYLOAD_VERSION);
    }
}

static void inspect_decodes_without_verifying(void **state)
{
    fx *f = *state;
    dpp_encode_opts o = {NOW, false, 0, NULL, DPP_COMPRESS_NEVER};
    uint8_t cose[DPP_MAX_COSE_LEN];
    size_t n = 0;
    dpp_unverified *u = calloc(1, sizeof *u);
    dpp_diag d;
    assert_int_equal(dpp_encode_cose(&f->p, f->ed, &o, cose, sizeof cose, &n, NULL), DPP_OK);
    cose[n - 1] ^= 0x01; /* bad signature: inspect still shows the content */
    fx_text(cose, n, f->text, sizeof f->text);
    assert_int_equal(dpp_verify(f->text, strlen(f->text), f->trust, NOW, &f->v, &f->rep), DPP_ERR_SIGNATURE);
    assert_int_equal(dpp_inspect(f->text, strlen(f->text), u, &d), DPP_OK);
    assert_memory_equal(&u->passport_unverified, &f->p, sizeof f->p);
    assert_int_equal(u->claims_unverified.iat, NOW);
    assert_int_equal(u->claims_unverified.alg, DPP_ALG_EDDSA);
    /* structure is still checked */
    assert_int_equal(dpp_inspect("DPP1:abc", 8, u, &d), DPP_ERR_BASE45);
    assert_int_equal(u->passport_unverified.name[0], 0);
    free(u);
}

static void null_arguments(void **state)
{
    fx *f = *state;
    assert_int_equal(dpp_verify(NULL, 0, f->trust, NOW, &f->v, &f->rep), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_verify("DPP1:", 5, NULL, NOW, &f->v, &f->rep), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_verify("DPP1:", 5, f->trust, NOW, NULL, &f->rep), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_verify("HC1:", 4, f->trust, NOW, &f->v, NULL), DPP_ERR_PREFIX);
    assert_int_equal(dpp_inspect(NULL, 0, NULL, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trust_add_key(NULL, f->ed), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_trust_add_bytes(f->trust, (const uint8_t *)"junk", 4, NULL), DPP_ERR_KEY_FORMAT);
    /* adding the same key again does not grow the store */
    assert_int_equal(dpp_trust_count(f->trust), 1);
    assert_int_equal(dpp_trust_add_key(f->trust, f->ed), DPP_OK);
    assert_int_equal(dpp_trust_count(f->trust), 1);
    assert_string_equal(dpp_check_name(DPP_CHECK_SIGNATURE), "signature");
    assert_string_equal(dpp_check_name(DPP_CHECK_COUNT), "unknown");
}

/* Every 1- and 2-character text after the prefix: no crash, never OK. */
static void exhaustive_short_texts(void **state)
{
    fx *f = *state;
    static const char alpha[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:a\x01";
    char t[8] = "DPP1:";
    for (size_t i = 0; i < sizeof alpha - 1; i++) {
        t[5] = alpha[i];
        assert_int_not_equal(dpp_verify(t, 6, f->trust, NOW, &f->v, &f->rep), DPP_OK);
        for (size_t j = 0; j < sizeof alpha - 1; j++) {
            t[6] = alpha[j];
            assert_int_not_equal(dpp_verify(t, 7, f->trust, NOW, &f->v, &f->rep), DPP_OK);
            assert_true(f->rep.err >= 20 && f->rep.err < 60);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verifies_every_algorithm_and_compression),
        cmocka_unit_test(prefix_errors),
        cmocka_unit_test(base45_and_inflate_errors),
        cmocka_unit_test(inflate_bomb_stops_at_the_cap),
        cmocka_unit_test(legacy_and_other_streams_verify),
        cmocka_unit_test(unknown_dictid_is_rejected),
        cmocka_unit_test(fdict_with_truncated_dictid),
        cmocka_unit_test(dictionary_bomb_stops_at_the_cap),
        cmocka_unit_test(cose_structure_errors),
        cmocka_unit_test(alg_and_kid_errors),
        cmocka_unit_test(signature_and_trust_errors),
        cmocka_unit_test(tampering_any_byte_is_rejected),
        cmocka_unit_test(time_checks),
        cmocka_unit_test(certificate_validity),
        cmocka_unit_test(claims_errors),
        cmocka_unit_test(schema_errors_are_reported_last),
        cmocka_unit_test(inspect_decodes_without_verifying),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(exhaustive_short_texts),
    };
    return cmocka_run_group_tests_name("dpp_verify", tests, setup, teardown);
}
