/* dpp_encode / dpp_encode_cose / transport helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"

#define NOW 1790000000LL

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_are_consistent),
        cmocka_unit_test(eddsa_is_deterministic_and_layers_agree),
        cmocka_unit_test(auto_compression_only_when_shorter),
        cmocka_unit_test(argument_and_option_errors),
    };
    return cmocka_run_group_tests_name("dpp_encode", tests, NULL, NULL);
}
