/*
 * dpp_encode / dpp_encode_cose / transport helpers, and the compression
 * rule of spec/README.md section 4.3: the encoder writes zlib with preset
 * dictionary v1 (FDICT, DICTID a9549d2d) when that is strictly shorter
 * (AUTO), always (ALWAYS) or never (NEVER); never a stream without the
 * dictionary.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <zlib.h>

#include "compress.h"
#include "dict_v1.h"
#include "fixtures.h"

#define NOW 1790000000LL
#define WORKED_IAT 1767225600LL /* spec/README.md "Worked example" */

/* The body of a text: the bytes of the Base45 after "DPP1:". */
static size_t text_body(const char *text, size_t n, uint8_t *out, size_t cap)
{
    size_t len = 0;
    dpp_diag d;
    assert_true(n > DPP_PREFIX_LEN);
    assert_memory_equal(text, DPP_PREFIX, DPP_PREFIX_LEN);
    if (dpp_base45_decode(text + DPP_PREFIX_LEN, n - DPP_PREFIX_LEN, out, cap, &len, &d) != DPP_OK)
        fail_msg("Base45: %s", d.msg);
    return len;
}

/* zlib's deflate of in with the settings section 4.3 recommends: level 9,
 * window bits 12, memory level 6, default strategy, dictionary v1 set first. */
#define deflate_v1_reference(in, n, out, cap) fx_deflate((in), (n), 9, 12, 6, dpp_dict_v1, dpp_dict_v1_len, (out), (cap))

/* Asserts that z[0:zlen] is a zlib stream with FDICT = 1 and DICTID
 * A9 54 9D 2D, and inflates it with zlib itself (not libdpp) and
 * dictionary v1; returns the inflated size. */
static size_t inflate_v1_with_zlib(const uint8_t *z, size_t zlen, uint8_t *out, size_t cap)
{
    static const uint8_t dictid[4] = {0xA9, 0x54, 0x9D, 0x2D};
    z_stream zs;
    size_t n;
    assert_true(zlen > 6);
    assert_int_equal(z[0], 0x48);                                /* CM 8 (deflate), CINFO 4 (window bits 12) */
    assert_int_equal((((unsigned)z[0] << 8) | z[1]) % 31u, 0); /* FCHECK */
    assert_int_equal(z[1] & 0x20, 0x20);                         /* FDICT */
    assert_memory_equal(z + 2, dictid, 4);
    memset(&zs, 0, sizeof zs);
    assert_int_equal(inflateInit(&zs), Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)z;
    zs.avail_in = (uInt)zlen;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(inflate(&zs, Z_FINISH), Z_NEED_DICT); /* it cannot be read without the dictionary */
    assert_int_equal(zs.adler, DPP_DICT_V1_ID);
    assert_int_equal(inflateSetDictionary(&zs, dpp_dict_v1, (uInt)dpp_dict_v1_len), Z_OK);
    assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
    assert_int_equal(zs.avail_in, 0); /* the stream is the whole body */
    n = (size_t)zs.total_out;
    assert_int_equal(inflateEnd(&zs), Z_OK);
    return n;
}

/* The published example key (Ed25519: deterministic signatures). */
static dpp_key *example_key(void)
{
    size_t len = 0;
    dpp_key *k = NULL;
    char *pem = fx_read_file("examples/keys/example-ed25519.pem", &len);
    assert_int_equal(dpp_key_load((const uint8_t *)pem, len, &k, NULL), DPP_OK);
    free(pem);
    return k;
}

static void minimal_passport(dpp_passport *p)
{
    size_t len = 0;
    dpp_diag d;
    char *json = fx_read_file("examples/passport-minimal.json", &len);
    if (dpp_passport_from_json(json, len, p, &d) != DPP_OK) fail_msg("passport-minimal.json: %s", d.msg);
    free(json);
}

static void sizes_are_consistent(void **state)
{
    dpp_passport *p = calloc(1, sizeof *p);
    dpp_key *k = fx_key(DPP_ALG_ES256);
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t n = 0, cbor_len = 0;
    uint8_t cbor[2048];
    dpp_encode_sizes s;
    dpp_encode_opts o = {NOW, true, NOW + 86400, NULL, DPP_COMPRESS_AUTO};
    (void)state;
    fx_example_passport(p);
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, &s, NULL), DPP_OK);
    assert_int_equal(strlen(text), n);
    assert_int_equal(s.text, n);
    assert_true(strncmp(text, "DPP1:", 5) == 0);
    assert_int_equal(dpp_passport_to_cbor(p, cbor, sizeof cbor, &cbor_len, NULL), DPP_OK);
    assert_int_equal(s.payload, cbor_len);
    assert_true(s.claims > s.payload);
    /* ES256: 64-byte signature, 8-byte kid, plus framing */
    assert_true(s.cose > s.claims + 64 + 8);
    if (s.used_zlib) {
        assert_true(s.compressed < s.cose);
        assert_int_equal(n, 5 + DPP_BASE45_ENCODED_LEN(s.compressed));
    } else {
        assert_int_equal(n, 5 + DPP_BASE45_ENCODED_LEN(s.cose));
    }
    dpp_key_free(k);
    free(p);
}

static void eddsa_is_deterministic_and_layers_agree(void **state)
{
    dpp_passport *p = calloc(1, sizeof *p);
    dpp_key *k = fx_key(DPP_ALG_EDDSA);
    char t1[DPP_MAX_TEXT_LEN + 1], t2[DPP_MAX_TEXT_LEN + 1];
    uint8_t cose[DPP_MAX_COSE_LEN], back[DPP_MAX_COSE_LEN];
    size_t n1, n2, cn, bn;
    dpp_encode_opts o = {NOW, false, 0, NULL, DPP_COMPRESS_NEVER};
    (void)state;
    fx_example_passport(p);
    assert_int_equal(dpp_encode(p, k, &o, t1, sizeof t1, &n1, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_encode(p, k, &o, t2, sizeof t2, &n2, NULL, NULL), DPP_OK);
    assert_string_equal(t1, t2);
    assert_int_equal(dpp_encode_cose(p, k, &o, cose, sizeof cose, &cn, NULL), DPP_OK);
    assert_int_equal(cose[0], 0xd2); /* tag 18 */
    assert_int_equal(dpp_cose_from_text(t1, n1, back, sizeof back, &bn, NULL), DPP_OK);
    assert_int_equal(bn, cn);
    assert_memory_equal(back, cose, cn);
    /* the same message through the transport helper gives the same text */
    assert_int_equal(dpp_text_from_cose(cose, cn, DPP_COMPRESS_NEVER, t2, sizeof t2, &n2, NULL), DPP_OK);
    assert_string_equal(t1, t2);
    /* compressed text unwraps to the same COSE bytes */
    assert_int_equal(dpp_text_from_cose(cose, cn, DPP_COMPRESS_ALWAYS, t2, sizeof t2, &n2, NULL), DPP_OK);
    assert_int_equal(dpp_cose_from_text(t2, n2, back, sizeof back, &bn, NULL), DPP_OK);
    assert_int_equal(bn, cn);
    assert_memory_equal(back, cose, cn);
    dpp_key_free(k);
    free(p);
}

static void auto_compression_only_when_shorter(void **state)
{
    /* A highly repetitive message compresses; random bytes do not. */
    uint8_t msg[600];
    char t[DPP_MAX_TEXT_LEN + 1];
    size_t n_auto, n_never;
    (void)state;
    memset(msg, 'A', sizeof msg);
    msg[0] = 0xd2;
    assert_int_equal(dpp_text_from_cose(msg, sizeof msg, DPP_COMPRESS_AUTO, t, sizeof t, &n_auto, NULL), DPP_OK);
    assert_int_equal(dpp_text_from_cose(msg, sizeof msg, DPP_COMPRESS_NEVER, t, sizeof t, &n_never, NULL), DPP_OK);
    assert_true(n_auto < n_never / 4);
    srand(12345);
    for (size_t i = 1; i < sizeof msg; i++) msg[i] = (uint8_t)(rand() & 0xff);
    assert_int_equal(dpp_text_from_cose(msg, sizeof msg, DPP_COMPRESS_AUTO, t, sizeof t, &n_auto, NULL), DPP_OK);
    assert_int_equal(n_auto, n_never);
}

static void argument_and_option_errors(void **state)
{
    dpp_passport *p = calloc(1, sizeof *p);
    dpp_key *k = fx_key(DPP_ALG_ES256);
    dpp_key *pub = NULL;
    char text[DPP_MAX_TEXT_LEN + 1], pem[1024];
    size_t n = 0;
    dpp_diag d;
    dpp_encode_opts o = {NOW, false, 0, NULL, DPP_COMPRESS_AUTO};
    (void)state;
    fx_example_passport(p);
    assert_int_equal(dpp_encode(NULL, k, &o, text, sizeof text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_encode(p, NULL, &o, text, sizeof text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_encode(p, k, NULL, text, sizeof text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    o.iat = 0;
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "iat"));
    o.iat = NOW;
    o.has_exp = true;
    o.exp = NOW;
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "exp"));
    o.has_exp = false;
    o.iss = "";
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    o.iss = "\xff\xfe";
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    o.iss = NULL;
    o.compress = (dpp_compress)7;
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, NULL, &d), DPP_ERR_INVALID_ARG);
    o.compress = DPP_COMPRESS_AUTO;
    /* a public key cannot sign */
    assert_int_equal(dpp_key_public_pem(k, pem, sizeof pem, &n), DPP_OK);
    assert_int_equal(dpp_key_load((const uint8_t *)pem, n, &pub, NULL), DPP_OK);
    assert_int_equal(dpp_encode(p, pub, &o, text, sizeof text, &n, NULL, &d), DPP_ERR_KEY_NOT_PRIVATE);
    /* an output buffer one byte too small (no compression: the size of an
     * ES256 message is fixed, while its zlib size varies with the signature) */
    o.compress = DPP_COMPRESS_NEVER;
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, NULL, &d), DPP_OK);
    {
        size_t need = n;
        assert_int_equal(dpp_encode(p, k, &o, text, need, &n, NULL, &d), DPP_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(n, 0);
        assert_int_equal(text[0], '\0');
    }
    /* an invalid passport is refused before signing, naming the field */
    p->manufacturer.country[0] = 'x';
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, NULL, &d), DPP_ERR_SCHEMA_FORMAT);
    assert_non_null(strstr(d.msg, "manufacturer.country"));
    /* transport helpers */
    assert_int_equal(dpp_text_from_cose(NULL, 1, DPP_COMPRESS_AUTO, text, sizeof text, &n, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_text_from_cose((const uint8_t *)"\xd2", 0, DPP_COMPRESS_AUTO, text, sizeof text, &n, &d),
                     DPP_ERR_INVALID_ARG);
    {
        uint8_t big[DPP_MAX_COSE_LEN + 1] = {0};
        assert_int_equal(dpp_text_from_cose(big, sizeof big, DPP_COMPRESS_NEVER, text, sizeof text, &n, &d),
                         DPP_ERR_TOO_LARGE);
        /* 4096 random-ish bytes do not fit the 4296-character text limit */
        for (size_t i = 0; i < DPP_MAX_COSE_LEN; i++) big[i] = (uint8_t)(i * 131u + 7u);
        assert_int_equal(dpp_text_from_cose(big, DPP_MAX_COSE_LEN, DPP_COMPRESS_NEVER, text, sizeof text, &n, &d),
                         DPP_ERR_TOO_LARGE);
        assert_non_null(strstr(d.msg, "4296"));
    }
    dpp_key_free(pub);
    dpp_key_free(k);
    free(p);
}

/* AUTO on a passport that compresses well: the body is the zlib stream
 * with dictionary v1, exactly the section 4.3 reference bytes, and it
 * inflates to the message dpp_encode_cose() signs. */
static void auto_writes_dictionary_v1_stream(void **state)
{
    dpp_passport *p = calloc(1, sizeof *p);
    dpp_key *k = fx_key(DPP_ALG_EDDSA);
    char text[DPP_MAX_TEXT_LEN + 1], again[DPP_MAX_TEXT_LEN + 1];
    uint8_t cose[DPP_MAX_COSE_LEN], body[DPP_MAX_TEXT_LEN], back[DPP_MAX_COSE_LEN], ref[DPP_MAX_COSE_LEN + 64];
    size_t n = 0, cn = 0, bn, rn, an = 0;
    uLongf plain = sizeof ref;
    dpp_encode_sizes s;
    dpp_encode_opts o = {NOW, false, 0, NULL, DPP_COMPRESS_AUTO};
    (void)state;
    fx_example_passport(p);
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, &s, NULL), DPP_OK);
    assert_int_equal(dpp_encode_cose(p, k, &o, cose, sizeof cose, &cn, NULL), DPP_OK);
    bn = text_body(text, n, body, sizeof body);
    /* sizes describe the body that was sent */
    assert_true(s.used_zlib);
    assert_int_equal(s.cose, cn);
    assert_int_equal(s.compressed, bn);
    assert_true(bn < cn);
    assert_int_equal(s.text, n);
    /* FDICT, DICTID a9549d2d; zlib + dictionary v1 gives the COSE message back */
    assert_int_equal(inflate_v1_with_zlib(body, bn, back, sizeof back), cn);
    assert_memory_equal(back, cose, cn);
    /* byte for byte the stream of section 4.3's recommended settings */
    rn = deflate_v1_reference(cose, cn, ref, sizeof ref);
    assert_int_equal(bn, rn);
    assert_memory_equal(body, ref, rn);
    /* the dictionary is what makes it short: zlib alone does much worse */
    assert_int_equal(compress2(ref, &plain, cose, (uLong)cn, 9), Z_OK);
    assert_true(bn + 64 < (size_t)plain);
    /* the transport helper writes the same text for the same message */
    assert_int_equal(dpp_text_from_cose(cose, cn, DPP_COMPRESS_AUTO, again, sizeof again, &an, NULL), DPP_OK);
    assert_int_equal(an, n);
    assert_string_equal(again, text);
    dpp_key_free(k);
    free(p);
}

/* The spec's worked example (passport-minimal.json, the published Ed25519
 * key, iat 1767225600): its 173-byte message gives a 177-byte dictionary
 * stream. AUTO sends the message; ALWAYS sends the longer stream anyway;
 * NEVER sends the message even where the stream would be shorter. */
static void always_forces_it_never_sends_the_message(void **state)
{
    dpp_passport *p = calloc(1, sizeof *p);
    dpp_key *k = example_key();
    char text[DPP_MAX_TEXT_LEN + 1];
    uint8_t cose[DPP_MAX_COSE_LEN], body[DPP_MAX_TEXT_LEN], back[DPP_MAX_COSE_LEN], ref[DPP_MAX_COSE_LEN + 64];
    size_t n = 0, cn = 0, bn, rn;
    dpp_encode_sizes s;
    dpp_encode_opts o = {WORKED_IAT, false, 0, NULL, DPP_COMPRESS_AUTO};
    (void)state;
    minimal_passport(p);
    assert_int_equal(dpp_encode_cose(p, k, &o, cose, sizeof cose, &cn, NULL), DPP_OK);
    assert_int_equal(cn, 173);
    rn = deflate_v1_reference(cose, cn, ref, sizeof ref);
    assert_int_equal(rn, 177); /* not shorter: the premise of this test */

    /* AUTO: the COSE message itself, the stream was not used */
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, &s, NULL), DPP_OK);
    bn = text_body(text, n, body, sizeof body);
    assert_int_equal(bn, cn);
    assert_memory_equal(body, cose, cn);
    assert_int_equal(body[0], 0xD2);
    assert_false(s.used_zlib);
    assert_int_equal(s.compressed, 0); /* attempted, not shorter */
    assert_int_equal(n, DPP_PREFIX_LEN + DPP_BASE45_ENCODED_LEN(cn));

    /* ALWAYS: the dictionary stream, although 4 bytes longer */
    o.compress = DPP_COMPRESS_ALWAYS;
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, &s, NULL), DPP_OK);
    bn = text_body(text, n, body, sizeof body);
    assert_true(s.used_zlib);
    assert_int_equal(s.compressed, bn);
    assert_int_equal(bn, rn);
    assert_memory_equal(body, ref, rn);
    assert_int_equal(inflate_v1_with_zlib(body, bn, back, sizeof back), cn);
    assert_memory_equal(back, cose, cn);

    /* NEVER: the message, even for a passport whose stream is much shorter */
    fx_example_passport(p);
    o.compress = DPP_COMPRESS_NEVER;
    assert_int_equal(dpp_encode_cose(p, k, &o, cose, sizeof cose, &cn, NULL), DPP_OK);
    assert_true(deflate_v1_reference(cose, cn, ref, sizeof ref) < cn);
    assert_int_equal(dpp_encode(p, k, &o, text, sizeof text, &n, &s, NULL), DPP_OK);
    bn = text_body(text, n, body, sizeof body);
    assert_int_equal(bn, cn);
    assert_memory_equal(body, cose, cn);
    assert_false(s.used_zlib);
    assert_int_equal(s.compressed, 0); /* not attempted */
    dpp_key_free(k);
    free(p);
}

/* AUTO uses the dictionary stream only when strictly shorter: messages made
 * of the dictionary's last k bytes and 200 pseudo-random bytes straddle
 * the boundary (stream one byte shorter, as long, longer). */
static void auto_boundary_is_strictly_shorter(void **state)
{
    static uint8_t msg[600], z[DPP_MAX_COSE_LEN + 64], body[DPP_MAX_TEXT_LEN];
    char text[DPP_MAX_TEXT_LEN + 1];
    uint32_t x = 2463534242u;
    size_t equal = 0, shorter = 0, longer = 0;
    (void)state;
    for (size_t k = 0; k <= 300; k++) {
        size_t n = k + 200, zlen = 0, tn = 0, bn;
        memcpy(msg, dpp_dict_v1 + dpp_dict_v1_len - k, k);
        for (size_t i = 0; i < 200; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            msg[k + i] = (uint8_t)(x >> 24);
        }
        assert_int_equal(dpp_zlib_compress_dict(msg, n, dpp_dict_v1, dpp_dict_v1_len, z, sizeof z, &zlen), DPP_OK);
        assert_int_equal(dpp_text_from_cose(msg, n, DPP_COMPRESS_AUTO, text, sizeof text, &tn, NULL), DPP_OK);
        bn = text_body(text, tn, body, sizeof body);
        if (zlen < n) {
            shorter++;
            assert_int_equal(bn, zlen);
            assert_memory_equal(body, z, zlen);
        } else {
            if (zlen == n) equal++;
            else longer++;
            assert_int_equal(bn, n);
            assert_memory_equal(body, msg, n);
        }
    }
    /* the boundary was met, from both sides */
    assert_true(equal > 0);
    assert_true(shorter > 0);
    assert_true(longer > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_are_consistent),
        cmocka_unit_test(eddsa_is_deterministic_and_layers_agree),
        cmocka_unit_test(auto_compression_only_when_shorter),
        cmocka_unit_test(argument_and_option_errors),
        cmocka_unit_test(auto_writes_dictionary_v1_stream),
        cmocka_unit_test(always_forces_it_never_sends_the_message),
        cmocka_unit_test(auto_boundary_is_strictly_shorter),
    };
    return cmocka_run_group_tests_name("dpp_encode", tests, NULL, NULL);
}
