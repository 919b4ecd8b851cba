#include "fixtures.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <zlib.h>

#include "cbor_write.h"

size_t fx_deflate(const uint8_t *in, size_t n, int level, int wbits, int mem_level, const uint8_t *dict,
                  size_t dict_len, uint8_t *out, size_t cap)
{
    z_stream zs;
    size_t len;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, level, Z_DEFLATED, wbits, mem_level, Z_DEFAULT_STRATEGY), Z_OK);
    if (dict != NULL) assert_int_equal(deflateSetDictionary(&zs, dict, (uInt)dict_len), Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)n;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    len = (size_t)zs.total_out;
    assert_int_equal(deflateEnd(&zs), Z_OK);
    return len;
}

char *fx_read_file(const char *relpath, size_t *len)
{
    char path[1024];
    FILE *f;
    char *buf;
    long n;
    snprintf(path, sizeof path, "%s/%s", DPP_SOURCE_DIR, relpath);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len != NULL) *len = (size_t)n;
    return buf;
}

void fx_example_passport(dpp_passport *p)
{
    size_t len;
    dpp_diag d;
    char *json = fx_read_file("examples/passport-full.json", &len);
    dpp_err err = dpp_passport_from_json(json, len, p, &d);
    free(json);
    if (err == DPP_ERR_UNSUPPORTED) {
        /* libdpp built without JSON (DPP_WITH_JSON=OFF): the same passport
         * in CBOR (test_passport_json checks that it is the same) */
        char *cbor = fx_read_file("tests/data/passport-full.cbor", &len);
        err = dpp_passport_from_cbor((const uint8_t *)cbor, len, p, &d);
        free(cbor);
    }
    if (err != DPP_OK) fail_msg("examples/passport-full.json: %s", d.msg);
}

dpp_key *fx_key(dpp_alg alg)
{
    dpp_key *k = NULL;
    assert_int_equal(dpp_key_generate(alg, &k, NULL), DPP_OK);
    assert_non_null(k);
    return k;
}

dpp_trust *fx_trust(const dpp_key *key)
{
    dpp_trust *t = NULL;
    char pem[4096];
    size_t n = 0;
    assert_int_equal(dpp_trust_new(&t), DPP_OK);
    /* Trust only the public half, as a verifier would. */
    assert_int_equal(dpp_key_public_pem(key, pem, sizeof pem, &n), DPP_OK);
    assert_int_equal(dpp_trust_add_bytes(t, (const uint8_t *)pem, n, NULL), DPP_OK);
    return t;
}

static EVP_PKEY *to_evp(const dpp_key *k)
{
    char pem[4096];
    size_t n = 0;
    BIO *bio;
    EVP_PKEY *pk;
    assert_int_equal(dpp_key_private_pem(k, pem, sizeof pem, &n), DPP_OK);
    bio = BIO_new_mem_buf(pem, (int)n);
    assert_non_null(bio);
    pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    assert_non_null(pk);
    return pk;
}

size_t fx_evil_cose(const dpp_key *ed25519, uint64_t tag, const uint8_t *protected_hdr, size_t prot_len,
                    const uint8_t *unprotected, size_t unprot_len, const uint8_t *payload, size_t payload_len,
                    uint8_t *out, size_t out_cap)
{
    uint8_t tbs[8192], sig[64];
    size_t siglen = sizeof sig;
    cw_writer w;
    EVP_PKEY *pk = to_evp(ed25519);
    EVP_MD_CTX *md = EVP_MD_CTX_new();

    dpp_cw_init(&w, tbs, sizeof tbs);
    dpp_cw_array(&w, 4);
    dpp_cw_cstr(&w, "Signature1");
    dpp_cw_bstr(&w, protected_hdr, prot_len);
    dpp_cw_bstr(&w, "", 0);
    dpp_cw_bstr(&w, payload, payload_len);
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    assert_int_equal(EVP_DigestSignInit(md, NULL, NULL, NULL, pk), 1);
    assert_int_equal(EVP_DigestSign(md, sig, &siglen, tbs, w.len), 1);
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(pk);

    dpp_cw_init(&w, out, out_cap);
    if (tag != 0) dpp_cw_tag(&w, tag);
    dpp_cw_array(&w, 4);
    dpp_cw_bstr(&w, protected_hdr, prot_len);
    dpp_cw_raw(&w, unprotected, unprot_len);
    dpp_cw_bstr(&w, payload, payload_len);
    dpp_cw_bstr(&w, sig, siglen);
    assert_int_equal(dpp_cw_err(&w), DPP_OK);
    return w.len;
}

void fx_text(const uint8_t *cose, size_t cose_len, char *out, size_t out_cap)
{
    size_t n = 0;
    dpp_diag d;
    dpp_err err = dpp_text_from_cose(cose, cose_len, DPP_COMPRESS_NEVER, out, out_cap, &n, &d);
    if (err != DPP_OK) fail_msg("dpp_text_from_cose: %s", d.msg);
}
