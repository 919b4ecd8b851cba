/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The zlib layer's compression and its preset-dictionary and arena parts
 * (libdpp/src/compress.c):
 *  - dpp_zlib_compress() writes exactly the bytes of zlib's deflate with the
 *    settings spec/README.md section 4.3 recommends for reproducible texts
 *    (level 9, window bits 12, memory level 6), over empty, tiny,
 *    CBOR-like, text-like, random, run-length and periodic inputs up to the
 *    4096-byte cap; every stream inflates back (zlib and dpp_zlib_inflate);
 *    the seed is printed (DPP_TEST_SEED replays);
 *  - the exact size bound (one byte less is DPP_ERR_BUFFER_TOO_SMALL,
 *    partial output wiped);
 *  - preset dictionaries: FDICT and DICTID in the header, round trips
 *    through dpp_zlib_inflate_dict() and zlib, every rejection;
 *  - inflate's arena: a truncated stream with a 32 KiB window (beyond the
 *    arena) still reports truncation; a dictionary stream needs its window;
 *  - preset dictionary v1 (libdpp/src/dict_v1.c): 1277 bytes, DPP_DICT_V1_ID
 *    is its Adler-32, its SHA-256 is the one the spec publishes, and the hex
 *    in spec/README.md Appendix C and spec/dictionary.md section 6 is
 *    exactly these bytes; dpp_zlib_compress_dict() with it writes the
 *    section 4.3 reference stream over the same shapes of input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include <openssl/evp.h>

#include "compress.h"
#include "fixtures.h"
#include "dict_v1.h"

static uint64_t g_rng;

static uint32_t rnd(void)
{
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return (uint32_t)((g_rng * UINT64_C(2685821657736338717)) >> 32);
}

static int seed_setup(void **state)
{
    const char *env = getenv("DPP_TEST_SEED");
    uint64_t seed = env != NULL ? strtoull(env, NULL, 0) : (uint64_t)time(NULL);
    (void)state;
    if (seed == 0) seed = 1;
    g_rng = seed;
    printf("test_deflate: seed %llu (replay with DPP_TEST_SEED=%llu)\n", (unsigned long long)seed,
           (unsigned long long)seed);
    return 0;
}

/* zlib's stream for in with (level 9, window 12, memLevel 6), dictionary
 * dict (NULL: none) set first: section 4.3. */
static size_t zlib_spec_dict(const uint8_t *in, size_t n, const uint8_t *dict, size_t dict_len, uint8_t *out,
                             size_t cap)
{
    return fx_deflate(in, n, 9, 12, 6, dict, dict_len, out, cap);
}

static size_t zlib_spec(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    return zlib_spec_dict(in, n, NULL, 0, out, cap);
}

/* Compresses, compares with zlib's section 4.3 stream byte for byte, and
 * inflates back with zlib and with dpp_zlib_inflate. */
static void round_trip(const uint8_t *in, size_t n)
{
    static uint8_t z[DPP_MAX_COSE_LEN + 64], ref[DPP_MAX_COSE_LEN + 64], back[DPP_MAX_COSE_LEN + 1];
    size_t zlen = 0, blen = 0, rlen;
    uLongf ulen = sizeof back;
    dpp_diag d;
    assert_int_equal(dpp_zlib_compress(in, n, z, sizeof z, &zlen), DPP_OK);
    rlen = zlib_spec(in, n, ref, sizeof ref);
    if (zlen != rlen || memcmp(z, ref, zlen) != 0) fail_msg("%zu bytes: not the section 4.3 zlib stream", n);
    assert_true(dpp_zlib_looks_like(z, zlen));
    assert_int_equal(uncompress(back, &ulen, z, (uLong)zlen), Z_OK);
    assert_int_equal(ulen, n);
    if (n > 0) assert_memory_equal(back, in, n);
    assert_int_equal(dpp_zlib_inflate(z, zlen, back, sizeof back, &blen, &d), DPP_OK);
    assert_int_equal(blen, n);
    if (n > 0) assert_memory_equal(back, in, n);
    /* the same with dictionary v1, as the encoder writes it */
    assert_int_equal(dpp_zlib_compress_dict(in, n, dpp_dict_v1, dpp_dict_v1_len, z, sizeof z, &zlen), DPP_OK);
    rlen = zlib_spec_dict(in, n, dpp_dict_v1, dpp_dict_v1_len, ref, sizeof ref);
    if (zlen != rlen || memcmp(z, ref, zlen) != 0) fail_msg("%zu bytes: not the section 4.3 stream with dict v1", n);
    assert_int_equal(z[1] & 0x20, 0x20);
    assert_int_equal(dpp_zlib_inflate_dict(z, zlen, dpp_dict_v1, dpp_dict_v1_len, back, sizeof back, &blen, &d),
                     DPP_OK);
    assert_int_equal(blen, n);
    if (n > 0) assert_memory_equal(back, in, n);
}

/* CBOR-like passport: heads, short texts from a vocabulary, numbers, 64
 * random signature bytes. */
static size_t make_passportish(uint8_t *buf, size_t cap)
{
    static const char *const words[] = {"Fe", "7439-89-6", "Scrap", "Mn", "steel", "ISO 14067", "cradle-to-gate",
                                        "TNE", "KGM", "EN 10025", "CBAM", "CN", "DE", "raw-materials",
                                        "manufacturing", "transport", "end-of-life", "recycled", "HR coil",
                                        "Jinding Steel", "ResponsibleSteel", "2026-01-01", "0.82", "1.9"};
    size_t n = 0, items = 10 + rnd() % 40;
    buf[n++] = 0xD2;
    buf[n++] = 0x84;
    for (size_t i = 0; i < items && n + 40 < cap - 70; i++) {
        const char *w = words[rnd() % (sizeof words / sizeof words[0])];
        size_t l = strlen(w);
        buf[n++] = (uint8_t)(rnd() % 24);
        buf[n++] = (uint8_t)(0x60 + l);
        memcpy(buf + n, w, l);
        n += l;
    }
    buf[n++] = 0x58;
    buf[n++] = 64;
    for (int i = 0; i < 64; i++) buf[n++] = (uint8_t)rnd();
    return n;
}

static void known_streams(void **state)
{
    /* zlib.compressobj(9, DEFLATED, 12, 6) of b"hello" */
    static const uint8_t hello[] = {0x48, 0xC7, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00, 0x06, 0x2C, 0x02, 0x15};
    /* empty input: header, final fixed block with only end-of-block, Adler-32 1 */
    static const uint8_t empty[] = {0x48, 0xC7, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01};
    uint8_t z[64];
    size_t len = 0;
    (void)state;
    assert_int_equal(dpp_zlib_compress((const uint8_t *)"hello", 5, z, sizeof z, &len), DPP_OK);
    assert_int_equal(len, sizeof hello);
    assert_memory_equal(z, hello, sizeof hello);
    assert_int_equal(dpp_zlib_compress(NULL, 0, z, sizeof z, &len), DPP_OK);
    assert_int_equal(len, sizeof empty);
    assert_memory_equal(z, empty, sizeof empty);
    {
        uint8_t a[300];
        memset(a, 'a', sizeof a);
        round_trip(a, sizeof a);
    }
}

static void round_trips_random_shapes(void **state)
{
    static uint8_t in[DPP_MAX_COSE_LEN];
    (void)state;
    for (int i = 0; i < 600; i++) {
        size_t n;
        switch (i % 6) {
        case 0: /* passport-like */
            n = make_passportish(in, sizeof in);
            break;
        case 1: /* random bytes: stored blocks; up to the cap, where the
                 * literal buffer (2^(memLevel+6) symbols) fills and the
                 * memory level shows in the output */
            n = i % 12 == 1 ? DPP_MAX_COSE_LEN - rnd() % 8 : rnd() % 1100;
            for (size_t k = 0; k < n; k++) in[k] = (uint8_t)rnd();
            break;
        case 2: { /* runs of random lengths: long matches, length 258 */
            size_t k = 0;
            n = 1 + rnd() % DPP_MAX_COSE_LEN;
            while (k < n) {
                size_t run = 1 + rnd() % 600;
                uint8_t b = (uint8_t)(rnd() % 3);
                while (run-- > 0 && k < n) in[k++] = b;
            }
            break;
        }
        case 3: { /* periodic with random period: every distance code up to 4095 */
            size_t period = 1 + rnd() % 2048;
            n = period + rnd() % (DPP_MAX_COSE_LEN - period + 1);
            for (size_t k = 0; k < period; k++) in[k] = (uint8_t)rnd();
            for (size_t k = period; k < n; k++) in[k] = in[k - period];
            break;
        }
        case 4: /* small alphabet text */
            n = rnd() % 2000;
            for (size_t k = 0; k < n; k++) in[k] = (uint8_t)("ACGT "[rnd() % 5]);
            break;
        default: /* tiny */
            n = rnd() % 8;
            for (size_t k = 0; k < n; k++) in[k] = (uint8_t)rnd();
            break;
        }
        round_trip(in, n);
    }
}

static void size_bound(void **state)
{
    static uint8_t in[2000], z[2100];
    size_t n = 0, len = 0, need = 0;
    (void)state;
    for (int round = 0; round < 2; round++) {
        if (round == 0) { /* incompressible: grows */
            n = 500;
            for (size_t k = 0; k < n; k++) in[k] = (uint8_t)rnd();
        } else { /* compressible */
            n = 0;
            while (n + 600 < sizeof in) n += make_passportish(in + n, sizeof in - n);
        }
        assert_int_equal(dpp_zlib_compress(in, n, z, sizeof z, &need), DPP_OK);
        if (round == 0) assert_true(need > n);
        else assert_true(need < n);
        assert_int_equal(dpp_zlib_compress(in, n, z, need, &len), DPP_OK);
        assert_int_equal(len, need);
        memset(z, 0xAA, sizeof z);
        assert_int_equal(dpp_zlib_compress(in, n, z, need - 1, &len), DPP_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, 0);
        for (size_t k = 0; k < need - 1; k++) assert_int_equal(z[k], 0); /* partial stream wiped */
        assert_int_equal(z[need - 1], 0xAA);
    }
}

static const char k_dict[] = "materialsmass_fractionrecycled_sharecradle-to-gateISO 14067ISO 14064-1EN 15804"
                             "ResponsibleSteelCBAMTNEKGMraw-materialsmanufacturingtransportend-of-life";

static void dictionary_round_trips(void **state)
{
    static uint8_t in[DPP_MAX_COSE_LEN], z[DPP_MAX_COSE_LEN + 64], back[DPP_MAX_COSE_LEN];
    static uint8_t bigdict[DPP_ZLIB_MAX_DICT_LEN];
    const uint8_t *dict = (const uint8_t *)k_dict;
    size_t dlen = sizeof k_dict - 1, zlen = 0, plain = 0, blen = 0;
    uint32_t id = (uint32_t)adler32(adler32(0L, Z_NULL, 0), dict, (uInt)dlen);
    dpp_diag d;
    (void)state;

    memcpy(in, "ISO 14067 cradle-to-gate TNE CBAM ResponsibleSteel", 50);
    assert_int_equal(dpp_zlib_compress_dict(in, 50, dict, dlen, z, sizeof z, &zlen), DPP_OK);
    assert_int_equal(dpp_zlib_compress(in, 50, back, sizeof back, &plain), DPP_OK);
    assert_true(zlen + 20 < plain); /* the words come from the dictionary */
    assert_int_equal(z[0], 0x48);
    assert_int_equal(z[1] & 0x20, 0x20); /* FDICT */
    assert_int_equal(((unsigned)z[0] << 8 | z[1]) % 31, 0);
    assert_int_equal((uint32_t)z[2] << 24 | (uint32_t)z[3] << 16 | (uint32_t)z[4] << 8 | z[5], id);
    assert_int_equal(dpp_zlib_inflate_dict(z, zlen, dict, dlen, back, sizeof back, &blen, &d), DPP_OK);
    assert_int_equal(blen, 50);
    assert_memory_equal(back, in, 50);
    {
        /* zlib reads it with the same dictionary */
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        assert_int_equal(inflateInit(&zs), Z_OK);
        zs.next_in = z;
        zs.avail_in = (uInt)zlen;
        zs.next_out = back;
        zs.avail_out = sizeof back;
        assert_int_equal(inflate(&zs, Z_FINISH), Z_NEED_DICT);
        assert_int_equal(zs.adler, id);
        assert_int_equal(inflateSetDictionary(&zs, dict, (uInt)dlen), Z_OK);
        assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
        assert_int_equal(zs.total_out, 50);
        inflateEnd(&zs);
    }
    /* without the dictionary: rejected */
    assert_int_equal(dpp_zlib_inflate(z, zlen, back, sizeof back, &blen, &d), DPP_ERR_INFLATE);
    assert_non_null(strstr(d.msg, "preset dictionary not supported"));
    /* another dictionary: rejected, both DICTIDs named */
    assert_int_equal(dpp_zlib_inflate_dict(z, zlen, (const uint8_t *)"other", 5, back, sizeof back, &blen, &d),
                     DPP_ERR_INFLATE);
    assert_int_equal(blen, 0);
    assert_int_equal(d.offset, 2);
    assert_non_null(strstr(d.msg, "DICTID"));
    {
        char want[16];
        snprintf(want, sizeof want, "0x%08x", (unsigned)id);
        assert_non_null(strstr(d.msg, want));
    }
    /* FDICT stream cut inside the DICTID */
    assert_int_equal(dpp_zlib_inflate_dict(z, 5, dict, dlen, back, sizeof back, &blen, &d), DPP_ERR_INFLATE);
    assert_non_null(strstr(d.msg, "no DICTID"));
    /* a plain stream is read by the dictionary variant too */
    {
        uint8_t p[64];
        size_t plen = 0;
        assert_int_equal(dpp_zlib_compress((const uint8_t *)"hello", 5, p, sizeof p, &plen), DPP_OK);
        assert_int_equal(dpp_zlib_inflate_dict(p, plen, dict, dlen, back, sizeof back, &blen, &d), DPP_OK);
        assert_int_equal(blen, 5);
    }
    /* a 4096-byte dictionary (its tail in the 4 KiB window) and 3000 bytes */
    for (size_t k = 0; k < sizeof bigdict; k++) bigdict[k] = (uint8_t)((unsigned)"steelcoil"[k % 9] + (unsigned)(k / 512));
    for (size_t k = 0; k < 3000; k++) in[k] = bigdict[(k * 7) % sizeof bigdict];
    assert_int_equal(dpp_zlib_compress_dict(in, 3000, bigdict, sizeof bigdict, z, sizeof z, &zlen), DPP_OK);
    assert_int_equal(z[0], 0x48);
    assert_true(zlen < 1000);
    assert_int_equal(dpp_zlib_inflate_dict(z, zlen, bigdict, sizeof bigdict, back, sizeof back, &blen, &d), DPP_OK);
    assert_int_equal(blen, 3000);
    assert_memory_equal(back, in, 3000);
}

static void dictionary_arguments(void **state)
{
    uint8_t z[64], back[16];
    size_t len = 99;
    dpp_diag d;
    static uint8_t big[DPP_ZLIB_MAX_DICT_LEN + 1];
    (void)state;
    assert_int_equal(dpp_zlib_compress_dict((const uint8_t *)"x", 1, NULL, 3, z, sizeof z, &len), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_int_equal(dpp_zlib_compress_dict((const uint8_t *)"x", 1, (const uint8_t *)"d", 0, z, sizeof z, &len),
                     DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_zlib_compress_dict((const uint8_t *)"x", 1, big, sizeof big, z, sizeof z, &len),
                     DPP_ERR_TOO_LARGE);
    assert_int_equal(dpp_zlib_compress_dict((const uint8_t *)"x", 1, NULL, 0, z, sizeof z, &len), DPP_OK);
    len = 99;
    assert_int_equal(dpp_zlib_inflate_dict(z, 9, NULL, 0, back, sizeof back, &len, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(len, 0);
    assert_non_null(strstr(d.msg, "dictionary must be 1..4096 bytes"));
    assert_int_equal(dpp_zlib_inflate_dict(z, 9, big, sizeof big, back, sizeof back, &len, &d), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_zlib_inflate_dict(z, 9, big, 0, back, sizeof back, &len, NULL), DPP_ERR_INVALID_ARG);
}

/* A truncated stream makes inflate ask for its window (32 KiB here, more
 * than the arena): it comes from the heap, and the error is truncation. */
static void truncated_stream_with_large_window(void **state)
{
    static uint8_t src[3000], z[4000], back[4000];
    uLongf zlen = sizeof z;
    size_t blen = 99;
    dpp_diag d;
    (void)state;
    for (size_t k = 0; k < sizeof src; k++) src[k] = (uint8_t)((unsigned)"passport"[k % 8] ^ (unsigned)(k / 97));
    assert_int_equal(compress2(z, &zlen, src, sizeof src, 9), Z_OK);
    assert_int_equal(z[0] >> 4, 7); /* 32 KiB window */
    assert_int_equal(dpp_zlib_inflate(z, (size_t)zlen / 2, back, sizeof back, &blen, &d), DPP_ERR_INFLATE);
    assert_int_equal(blen, 0);
    assert_non_null(strstr(d.msg, "truncated"));
    assert_int_equal(dpp_zlib_inflate(z, (size_t)zlen, back, sizeof back, &blen, &d), DPP_OK);
    assert_int_equal(blen, sizeof src);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The bytes of the first ``` block after the line `heading` in a Markdown
 * file (hex digits and white space only); returns their number. */
static size_t hex_block_after(const char *relpath, const char *heading, uint8_t *out, size_t cap)
{
    char *md = fx_read_file(relpath, NULL);
    const char *h = strstr(md, heading), *p, *end;
    size_t n = 0;
    if (h == NULL) fail_msg("%s: no heading \"%s\"", relpath, heading);
    p = strstr(h, "```");
    assert_non_null(p);
    p = strchr(p, '\n');
    assert_non_null(p);
    end = strstr(p, "```");
    assert_non_null(end);
    for (; p < end; p++) {
        int hi, lo;
        if (*p == '\n' || *p == ' ') continue;
        hi = hexval(p[0]);
        lo = p + 1 < end ? hexval(p[1]) : -1;
        if (hi < 0 || lo < 0) fail_msg("%s: not hex at byte %zu of the block", relpath, n);
        assert_true(n < cap);
        out[n++] = (uint8_t)(hi << 4 | lo);
        p++;
    }
    free(md);
    return n;
}

static void dictionary_v1_identity(void **state)
{
    static const uint8_t sha256[32] = {0xd8, 0xd1, 0x29, 0x73, 0x0f, 0xe4, 0x4c, 0x53, 0x8e, 0x2d, 0xc7,
                                       0x8d, 0xdb, 0x14, 0x44, 0x41, 0x16, 0x8e, 0xb7, 0x02, 0x16, 0x64,
                                       0x1e, 0x65, 0x1c, 0xa6, 0xba, 0x73, 0x1f, 0xc2, 0xac, 0xa8};
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    (void)state;
    assert_int_equal(dpp_dict_v1_len, 1277);
    assert_int_equal(DPP_DICT_V1_ID, 0xa9549d2du);
    assert_int_equal((uint32_t)adler32(adler32(0L, Z_NULL, 0), dpp_dict_v1, (uInt)dpp_dict_v1_len), DPP_DICT_V1_ID);
    assert_int_equal(EVP_Digest(dpp_dict_v1, dpp_dict_v1_len, md, &mdlen, EVP_sha256(), NULL), 1);
    assert_int_equal(mdlen, 32);
    assert_memory_equal(md, sha256, 32);
    /* within what dpp_zlib_compress_dict() and dpp_zlib_inflate_dict() accept */
    assert_true(dpp_dict_v1_len <= DPP_ZLIB_MAX_DICT_LEN);
}

static void dictionary_v1_is_the_published_hex(void **state)
{
    static uint8_t buf[DPP_ZLIB_MAX_DICT_LEN];
    size_t n;
    (void)state;
    n = hex_block_after("spec/README.md", "## Appendix C. Preset deflate dictionary, version 1", buf, sizeof buf);
    assert_int_equal(n, dpp_dict_v1_len);
    assert_memory_equal(buf, dpp_dict_v1, dpp_dict_v1_len);
    n = hex_block_after("spec/dictionary.md", "## 6. The bytes", buf, sizeof buf);
    assert_int_equal(n, dpp_dict_v1_len);
    assert_memory_equal(buf, dpp_dict_v1, dpp_dict_v1_len);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_streams),
        cmocka_unit_test(round_trips_random_shapes),
        cmocka_unit_test(size_bound),
        cmocka_unit_test(dictionary_round_trips),
        cmocka_unit_test(dictionary_arguments),
        cmocka_unit_test(truncated_stream_with_large_window),
        cmocka_unit_test(dictionary_v1_identity),
        cmocka_unit_test(dictionary_v1_is_the_published_hex),
    };
    return cmocka_run_group_tests_name("deflate", tests, seed_setup, NULL);
}
