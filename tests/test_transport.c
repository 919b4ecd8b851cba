/* The transport layer (spec/README.md sections 4 and 13): the link payload
 * digits, resolvers, both forms of one signed passport, the link's binding to
 * the signature (every DL error code), conversion, and the QR symbol of a
 * link. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dpp/dpp.h"
#include "fixtures.h"
#include "trustfx.h"
#include "transport.h"

#define NOW 1790000000LL /* 2026-09-21 */
#define LINK_CAP (DPP_MAX_LINK_LEN + 1)

typedef struct fx {
    dpp_key *key;
    dpp_trust *trust;
    dpp_passport p;
    char link[LINK_CAP];
    size_t link_len;
    char text[LINK_CAP];
    size_t text_len;
    char buf[LINK_CAP];
    dpp_verified v;
    dpp_report rep;
} fx;

static dpp_err encode_form(const dpp_passport *p, const dpp_key *key, const char *resolver, dpp_form form,
                           char *out, size_t *len, dpp_diag *d)
{
    dpp_encode_ex_opts o;
    memset(&o, 0, sizeof o);
    o.base.iat = NOW - 60;
    o.base.compress = DPP_COMPRESS_AUTO;
    o.resolver = resolver;
    o.form = form;
    return dpp_encode_ex(p, key, &o, out, LINK_CAP, len, NULL, d);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    dpp_diag d;
    if (f == NULL) return -1;
    f->key = fx_key(DPP_ALG_ES256);
    f->trust = fx_trust(f->key);
    fx_example_passport(&f->p);
    strcpy(f->p.batch, "B2026-07");
    strcpy(f->p.serial, "SN0042/7"); /* slash: percent-encoded */
    assert_int_equal(encode_form(&f->p, f->key, "https://ID.Example.com/", DPP_FORM_LINK, f->link, &f->link_len, &d),
                     DPP_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    dpp_trust_free(f->trust);
    dpp_key_free(f->key);
    free(f);
    return 0;
}

/* ---- the digits ---- */

static void digits_round_trip_every_length(void **state)
{
    uint8_t in[64], back[64];
    char digits[200];
    /* a known value: 1 byte 0x01 -> "001"; 2 bytes 0x0102 -> "00258" */
    dpp_link_digits_encode((const uint8_t *)"\x01\x02", 2, digits);
    assert_memory_equal(digits, "00258", 5);
    uint32_t x = 12345u;
    (void)state;
    for (size_t n = 1; n <= sizeof in; n++) {
        size_t got = 0, dl = dpp_link_digits_len(n);
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            in[i] = (uint8_t)(x >> 16);
        }
        if (n % 3 == 0) memset(in, 0xff, n); /* the largest value of each group */
        dpp_link_digits_encode(in, n, digits);
        for (size_t i = 0; i < dl; i++) assert_true(digits[i] >= '0' && digits[i] <= '9');
        assert_int_equal(dpp_link_digits_decode(digits, dl, back, sizeof back, &got, NULL), DPP_OK);
        assert_int_equal(got, n);
        assert_memory_equal(in, back, n);
    }
    /* 12 bytes per 29 digits; a last group of k bytes takes the fewest digits holding 256^k */
    assert_int_equal(dpp_link_digits_len(7), 17);
    assert_int_equal(dpp_link_digits_len(12), 29);
    assert_int_equal(dpp_link_digits_len(13), 32);
    assert_int_equal(dpp_link_digits_len(23), 29 + 27);
    assert_int_equal(dpp_link_digits_len(300), 25 * 29);
}

static void digits_reject_truncation_range_and_letters(void **state)
{
    uint8_t out[64];
    size_t n = 0;
    dpp_diag d;
    (void)state;
    /* counts that are no whole group: 1, 2, 4, 6, 7, 9, 11, 12, 14, 16, 18, 19, 21, 23, 24, 26, 28 (+29k) */
    static const size_t bad[] = {1, 2, 4, 6, 7, 9, 11, 12, 14, 16, 18, 19, 21, 23, 24, 26, 28, 30, 31, 33};
    char digits[40];
    memset(digits, '0', sizeof digits);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(dpp_link_digits_decode(digits, bad[i], out, sizeof out, &n, &d), DPP_ERR_DL_PAYLOAD);
        assert_non_null(strstr(d.msg, "truncated"));
    }
    assert_int_equal(dpp_link_digits_decode(digits, 0, out, sizeof out, &n, &d), DPP_ERR_DL_PAYLOAD);
    /* 256 in a one-byte group; 2^56 in a full group */
    assert_int_equal(dpp_link_digits_decode("256", 3, out, sizeof out, &n, &d), DPP_ERR_DL_PAYLOAD);
    assert_non_null(strstr(d.msg, "exceed 1 bytes"));
    /* a letter anywhere, even where the count is no whole group, is named as such */
    assert_int_equal(dpp_link_digits_decode("0000X", 5, out, sizeof out, &n, &d), DPP_ERR_DL_PAYLOAD);
    assert_non_null(strstr(d.msg, "character 5 of the payload digits is not a decimal digit"));
    assert_int_equal(d.offset, 4);
    assert_int_equal(dpp_link_digits_decode("255", 3, out, sizeof out, &n, &d), DPP_OK);
    assert_int_equal(out[0], 255);
    /* 2^56 in a 7-byte group, 2^96 in a full group */
    assert_int_equal(dpp_link_digits_decode("72057594037927936", 17, out, sizeof out, &n, &d), DPP_ERR_DL_PAYLOAD);
    assert_int_equal(dpp_link_digits_decode("72057594037927935", 17, out, sizeof out, &n, &d), DPP_OK);
    assert_int_equal(n, 7);
    assert_int_equal(out[0], 0xff);
    assert_int_equal(out[6], 0xff);
    assert_int_equal(dpp_link_digits_decode("79228162514264337593543950336", 29, out, sizeof out, &n, &d),
                     DPP_ERR_DL_PAYLOAD);
    assert_int_equal(dpp_link_digits_decode("79228162514264337593543950335", 29, out, sizeof out, &n, &d), DPP_OK);
    assert_int_equal(n, 12);
    for (size_t i = 0; i < 12; i++) assert_int_equal(out[i], 0xff);
    assert_int_equal(dpp_link_digits_decode("99999999999999999999999999999", 29, out, sizeof out, &n, &d),
                     DPP_ERR_DL_PAYLOAD);
    assert_int_equal(dpp_link_digits_decode("12a", 3, out, sizeof out, &n, &d), DPP_ERR_DL_PAYLOAD);
    assert_int_equal(d.offset, 2);
    /* output bound */
    assert_int_equal(dpp_link_digits_decode("00000000000000000", 17, out, 6, &n, &d), DPP_ERR_TOO_LARGE);
    assert_int_equal(dpp_link_digits_decode("00000000000000000", 17, out, 7, &n, &d), DPP_OK);
}

/* ---- resolvers ---- */

static void resolver_normalised_or_refused(void **state)
{
    char out[DPP_MAX_RESOLVER_LEN + 1];
    dpp_diag d;
    static const struct {
        const char *in, *want;
    } good[] = {{"https://ID.Example.com/", "id.example.com"},
                {"HTTPS://id.example.com", "id.example.com"},
                {"id.example.com", "id.example.com"},
                {"https://example.com/dpp/v1", "example.com/dpp/v1"},
                {"https://xn--bcher-kva.example/p_1~x", "xn--bcher-kva.example/p_1~x"}};
    static const char *const bad[] = {"http://id.example.com", "https://id.example.com:8443", "https://user@example.com",
                                      "https://localhost", "https://192.168.0.1", "https://-a.example.com",
                                      "https://a..example.com", "https://example.com/01", "https://example.com//x",
                                      "a.b",
                                      "https://example.com/a%20b", "https://exa mple.com", "ftp://example.com",
                                      "https://example.com/a?b", "https://example.com#x", ""};
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(dpp_resolver_normalize(good[i].in, strlen(good[i].in), out, sizeof out, &d), DPP_OK);
        assert_string_equal(out, good[i].want);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dpp_err e = dpp_resolver_normalize(bad[i], strlen(bad[i]), out, sizeof out, &d);
        if (e != DPP_ERR_DL_SYNTAX) fail_msg("%s: %s (%s)", bad[i], dpp_err_name(e), d.msg);
        assert_non_null(strstr(d.msg, "resolver"));
    }
    assert_int_equal(dpp_resolver_normalize("a.b", 3, out, 10, &d), DPP_ERR_INVALID_ARG);
}

/* ---- both forms ---- */

static void link_has_the_documented_shape_and_verifies(void **state)
{
    fx *f = *state;
    const char *want = "HTTPS://ID.EXAMPLE.COM/01/";
    char expect[128];
    (void)snprintf(expect, sizeof expect, "%s%s/10/B2026-07/21/SN0042%%2F7#1", want, f->p.gtin);
    assert_int_equal(strncmp(f->link, expect, strlen(expect)), 0);
    assert_int_equal(f->link_len, strlen(f->link));
    for (size_t i = strlen(expect); i < f->link_len; i++) assert_true(f->link[i] >= '0' && f->link[i] <= '9');
    assert_int_equal(dpp_form_of(f->link, f->link_len), DPP_FORM_LINK);

    assert_int_equal(dpp_verify(f->link, f->link_len, f->trust, NOW, &f->v, &f->rep), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_LINK], DPP_CHECK_PASS);
    assert_int_equal(f->rep.status[DPP_CHECK_BASE45], DPP_CHECK_PASS); /* the digits */
    assert_int_equal(f->v.claims.form, DPP_FORM_LINK);
    assert_string_equal(f->v.claims.resolver, "id.example.com");
    assert_string_equal(f->v.passport.serial, "SN0042/7");
}

static void the_same_signature_travels_as_text(void **state)
{
    fx *f = *state;
    char back[LINK_CAP];
    size_t n = 0, m = 0;
    dpp_diag d;
    assert_int_equal(dpp_transport_convert(f->link, f->link_len, DPP_FORM_TEXT, f->text, sizeof f->text, &n, &d),
                     DPP_OK);
    assert_int_equal(strncmp(f->text, "DPP1:", 5), 0);
    assert_int_equal(dpp_verify(f->text, n, f->trust, NOW, &f->v, &f->rep), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_LINK], DPP_CHECK_SKIPPED);
    assert_int_equal(f->v.claims.form, DPP_FORM_TEXT);
    assert_string_equal(f->v.claims.resolver, "id.example.com"); /* signed, shown in both forms */
    /* and back: byte for byte the same link */
    assert_int_equal(dpp_transport_convert(f->text, n, DPP_FORM_LINK, back, sizeof back, &m, &d), DPP_OK);
    assert_int_equal(m, f->link_len);
    assert_string_equal(back, f->link);
    /* the text form of dpp_encode_ex has the same length as the converted one */
    assert_int_equal(encode_form(&f->p, f->key, "id.example.com", DPP_FORM_TEXT, back, &m, &d), DPP_OK);
    assert_int_equal(dpp_verify(back, m, f->trust, NOW, &f->v, &f->rep), DPP_OK);
}

static void a_passport_without_resolver_is_no_link(void **state)
{
    fx *f = *state;
    size_t n = 0, m = 0;
    dpp_diag d;
    char *hash;
    assert_int_equal(encode_form(&f->p, f->key, NULL, DPP_FORM_TEXT, f->text, &n, &d), DPP_OK);
    assert_int_equal(dpp_transport_convert(f->text, n, DPP_FORM_LINK, f->buf, sizeof f->buf, &m, &d), DPP_ERR_DL_DOMAIN);
    assert_int_equal(encode_form(&f->p, f->key, NULL, DPP_FORM_LINK, f->buf, &m, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "resolver"));
    /* graft its body onto a link: refused at the binding */
    hash = strchr(f->link, '#');
    assert_non_null(hash);
    {
        uint8_t raw[DPP_MAX_TEXT_LEN];
        size_t raw_len = 0, pre = (size_t)(hash - f->link);
        dpp_transport_info info;
        assert_int_equal(dpp_transport_decode(f->text, n, raw, sizeof raw, &raw_len, &info, NULL, &d), DPP_OK);
        memcpy(f->buf, f->link, pre);
        (void)snprintf(f->buf + pre, 7, "#1%04zu", raw_len);
        dpp_link_digits_encode(raw, raw_len, f->buf + pre + 6);
        m = pre + 6 + dpp_link_digits_len(raw_len);
        f->buf[m] = '\0';
    }
    assert_int_equal(dpp_verify(f->buf, m, f->trust, NOW, &f->v, &f->rep), DPP_ERR_DL_DOMAIN);
    assert_int_equal(f->rep.failed, DPP_CHECK_LINK);
    assert_non_null(strstr(f->rep.diag.msg, "claim -265"));
}

/* Replaces the first occurrence of from with to in the link, into f->buf. */
static size_t edit(fx *f, const char *from, const char *to)
{
    char *at = strstr(f->link, from);
    size_t pre, n;
    assert_non_null(at);
    pre = (size_t)(at - f->link);
    n = (size_t)snprintf(f->buf, sizeof f->buf, "%.*s%s%s", (int)pre, f->link, to, at + strlen(from));
    return n;
}

static void expect_fail(fx *f, size_t n, dpp_err err, dpp_check check, const char *msg_part)
{
    dpp_err got = dpp_verify(f->buf, n, f->trust, NOW, &f->v, &f->rep);
    if (got != err) fail_msg("got %s, want %s: %s", dpp_err_name(got), dpp_err_name(err), f->rep.diag.msg);
    assert_int_equal(f->rep.failed, check);
    if (msg_part != NULL && strstr(f->rep.diag.msg, msg_part) == NULL)
        fail_msg("message \"%s\" lacks \"%s\"", f->rep.diag.msg, msg_part);
    assert_int_equal(f->v.passport.gtin[0], '\0'); /* nothing handed out */
}

static void every_binding_change_has_its_code(void **state)
{
    fx *f = *state;
    char gtin2[15], path[64];
    (void)state;
    /* domain */
    expect_fail(f, edit(f, "ID.EXAMPLE.COM", "ID.EXAMPLE.ORG"), DPP_ERR_DL_DOMAIN, DPP_CHECK_LINK, "id.example.org");
    expect_fail(f, edit(f, "ID.EXAMPLE.COM/", "ID.EXAMPLE.COM/X/"), DPP_ERR_DL_DOMAIN, DPP_CHECK_LINK, NULL);
    /* a letter-case change of the host is the same host */
    assert_int_equal(dpp_verify(f->buf, edit(f, "ID.EXAMPLE.COM", "id.Example.COM"), f->trust, NOW, &f->v, &f->rep),
                     DPP_OK);
    /* primary key: another valid GTIN */
    memcpy(gtin2, f->p.gtin, sizeof gtin2);
    gtin2[12] = gtin2[12] == '9' ? '0' : (char)(gtin2[12] + 1);
    {
        int sum = 0;
        for (int i = 0; i < 13; i++) sum += (gtin2[i] - '0') * ((i % 2 == 0) ? 3 : 1);
        gtin2[13] = (char)('0' + (10 - sum % 10) % 10);
    }
    (void)snprintf(path, sizeof path, "/01/%s/", gtin2);
    {
        char from[32];
        (void)snprintf(from, sizeof from, "/01/%s/", f->p.gtin);
        expect_fail(f, edit(f, from, path), DPP_ERR_DL_PRIMARY_KEY, DPP_CHECK_LINK, gtin2);
    }
    /* qualifiers: changed, missing, added */
    expect_fail(f, edit(f, "/10/B2026-07/", "/10/B2026-08/"), DPP_ERR_DL_QUALIFIER, DPP_CHECK_LINK, "B2026-08");
    expect_fail(f, edit(f, "/10/B2026-07/", "/"), DPP_ERR_DL_QUALIFIER, DPP_CHECK_LINK, "no /10/");
    expect_fail(f, edit(f, "/21/SN0042%2F7", ""), DPP_ERR_DL_QUALIFIER, DPP_CHECK_LINK, "no /21/");
    expect_fail(f, edit(f, "/10/B2026-07/", "/22/V1/10/B2026-07/"), DPP_ERR_DL_QUALIFIER, DPP_CHECK_LINK, "AI 22");
}

static void every_syntax_fault_has_its_code(void **state)
{
    fx *f = *state;
    char *hash = strchr(f->link, '#');
    size_t pre = (size_t)(hash - f->link), n;
    expect_fail(f, edit(f, "HTTPS://", "HTTP://"), DPP_ERR_PREFIX, DPP_CHECK_PREFIX, NULL);
    expect_fail(f, edit(f, "HTTPS://", "HTTPS:/"), DPP_ERR_DL_SYNTAX, DPP_CHECK_PREFIX, NULL);
    expect_fail(f, edit(f, ".COM/", ".COM:443/"), DPP_ERR_DL_SYNTAX, DPP_CHECK_PREFIX, NULL);
    expect_fail(f, edit(f, "#1", "?x=1#1"), DPP_ERR_DL_QUERY, DPP_CHECK_PREFIX, NULL);
    expect_fail(f, edit(f, "/10/B2026-07/21/", "/21/"), DPP_ERR_DL_QUALIFIER, DPP_CHECK_LINK, NULL);
    expect_fail(f, edit(f, "/10/B2026-07/21/SN0042%2F7", "/21/SN0042%2F7/10/B2026-07"),
                DPP_ERR_DL_QUALIFIER_ORDER, DPP_CHECK_PREFIX, NULL);
    expect_fail(f, edit(f, "%2F7", "%2f7"), DPP_ERR_DL_PERCENT, DPP_CHECK_PREFIX, NULL);
    expect_fail(f, edit(f, "/01/", "/02/"), DPP_ERR_DL_AI, DPP_CHECK_PREFIX, NULL);
    {
        char from[32], to[32];
        (void)snprintf(from, sizeof from, "/01/%s/", f->p.gtin);
        (void)snprintf(to, sizeof to, "/01/%.13s%c/", f->p.gtin, f->p.gtin[13] == '9' ? '0' : f->p.gtin[13] + 1);
        expect_fail(f, edit(f, from, to), DPP_ERR_DL_AI_VALUE, DPP_CHECK_PREFIX, NULL);
    }
    /* payload: missing, wrong marker, truncated, changed digits */
    memcpy(f->buf, f->link, pre);
    f->buf[pre] = '\0';
    expect_fail(f, pre, DPP_ERR_DL_PAYLOAD, DPP_CHECK_PREFIX, "no '#'");
    f->buf[pre] = '#';
    f->buf[pre + 1] = '\0';
    expect_fail(f, pre + 1, DPP_ERR_DL_PAYLOAD, DPP_CHECK_PREFIX, "empty");
    expect_fail(f, edit(f, "#1", "#DPP1:1"), DPP_ERR_DL_PAYLOAD, DPP_CHECK_PREFIX, "version digit");
    expect_fail(f, edit(f, "#1", "#2"), DPP_ERR_PREFIX_VERSION, DPP_CHECK_PREFIX, "version 2");
    expect_fail(f, edit(f, "#1", "#0"), DPP_ERR_PREFIX_VERSION, DPP_CHECK_PREFIX, "version 0");
    expect_fail(f, edit(f, "#1", "#1#"), DPP_ERR_DL_SYNTAX, DPP_CHECK_PREFIX, "second '#'");
    expect_fail(f, edit(f, ".COM/01/", ".COM/123/01/"), DPP_ERR_DL_SYNTAX, DPP_CHECK_PREFIX, "digits only");
    for (size_t cut = 1; cut <= 80; cut++) {
        dpp_err e;
        n = f->link_len - cut;
        memcpy(f->buf, f->link, n);
        f->buf[n] = '\0';
        e = dpp_verify(f->buf, n, f->trust, NOW, &f->v, &f->rep);
        if (e != DPP_ERR_DL_PAYLOAD) fail_msg("cut %zu: %s %s", cut, dpp_err_name(e), f->rep.diag.msg);
        assert_int_equal(f->rep.failed, DPP_CHECK_BASE45);
        assert_non_null(strstr(f->rep.diag.msg, "truncated"));
    }
    n = f->link_len;
    memcpy(f->buf, f->link, n + 1);
    f->buf[n - 20] = f->buf[n - 20] == '1' ? '2' : '1';
    assert_int_not_equal(dpp_verify(f->buf, n, f->trust, NOW, &f->v, &f->rep), DPP_OK);
    /* over-long */
    {
        char *big = malloc(DPP_MAX_LINK_LEN + 2);
        assert_non_null(big);
        memset(big, '1', DPP_MAX_LINK_LEN + 1);
        memcpy(big, f->link, pre + 2);
        assert_int_equal(dpp_verify(big, DPP_MAX_LINK_LEN + 1, f->trust, NOW, &f->v, &f->rep), DPP_ERR_TOO_LARGE);
        free(big);
    }
}

static void inspect_reads_links(void **state)
{
    fx *f = *state;
    dpp_unverified u;
    dpp_diag d;
    assert_int_equal(dpp_inspect(f->link, f->link_len, &u, &d), DPP_OK);
    assert_int_equal(u.claims_unverified.form, DPP_FORM_LINK);
    assert_string_equal(u.passport_unverified.batch, "B2026-07");
    assert_string_equal(u.claims_unverified.resolver, "id.example.com");
}

static void qr_of_a_link_uses_mixed_segments(void **state)
{
    fx *f = *state;
    dpp_qr *link_qr = malloc(sizeof *link_qr), *byte_qr = malloc(sizeof *byte_qr);
    size_t n = 0;
    dpp_diag d;
    assert_non_null(link_qr);
    assert_non_null(byte_qr);
    assert_int_equal(dpp_qr_encode(f->link, f->link_len, DPP_ECC_M, link_qr, &d), DPP_OK);
    /* the same characters without the link shape go to byte mode: larger */
    memcpy(f->buf, f->link, f->link_len + 1);
    f->buf[0] = 'X';
    assert_int_equal(dpp_qr_encode(f->buf, f->link_len, DPP_ECC_M, byte_qr, &d), DPP_OK);
    assert_true(link_qr->version + 3 <= byte_qr->version);
    /* within one version of the DPP1: text of the same signature */
    assert_int_equal(dpp_transport_convert(f->link, f->link_len, DPP_FORM_TEXT, f->text, sizeof f->text, &n, &d),
                     DPP_OK);
    assert_int_equal(dpp_qr_encode(f->text, n, DPP_ECC_M, byte_qr, &d), DPP_OK);
    assert_true(link_qr->version <= byte_qr->version + 1);
    free(link_qr);
    free(byte_qr);
}

/* A trust-list entry can restrict the resolvers its party signs (scope key 4). */
static void trust_list_scopes_resolvers(void **state)
{
    fx *f = *state;
    dpp_key *op = fx_key(DPP_ALG_EDDSA);
    dpp_trustlist *tl = NULL;
    dpp_trustlist_entry *e = tfx_entry(f->key, DPP_ROLE_MANUFACTURER, "Jinding Steel", "CN");
    dpp_trust *trust;
    uint8_t *list;
    size_t len = 0, n = 0;
    dpp_diag d;
    char *text = f->text;

    strcpy(e->scope.resolvers[0], "id.example.com");
    strcpy(e->scope.resolvers[1], "example.org/dpp");
    e->scope.n_resolvers = 2;
    assert_int_equal(dpp_trustlist_new(&tl), DPP_OK);
    assert_int_equal(dpp_trustlist_add(tl, e, &d), DPP_OK);
    list = tfx_sign_list(tl, op, 1, NOW - 100, NOW + 86400, &len);
    trust = tfx_trust_with_list(op, list, len); /* written and read back: the scope survives */

    /* the fixture's link: resolver id.example.com, allowed */
    assert_int_equal(dpp_verify(f->link, f->link_len, trust, NOW, &f->v, &f->rep), DPP_OK);
    assert_int_equal(f->rep.status[DPP_CHECK_SCOPE], DPP_CHECK_PASS);
    /* a path below an allowed prefix is allowed; another host is not, in either form */
    assert_int_equal(encode_form(&f->p, f->key, "https://example.org/dpp/eu", DPP_FORM_LINK, text, &n, &d), DPP_OK);
    assert_int_equal(dpp_verify(text, n, trust, NOW, &f->v, &f->rep), DPP_OK);
    assert_int_equal(encode_form(&f->p, f->key, "https://example.org/dppx", DPP_FORM_LINK, text, &n, &d), DPP_OK);
    assert_int_equal(dpp_verify(text, n, trust, NOW, &f->v, &f->rep), DPP_ERR_DL_DOMAIN_SCOPE);
    tfx_assert_failed(&f->rep, &f->v, DPP_CHECK_SCOPE, DPP_ERR_DL_DOMAIN_SCOPE);
    assert_int_equal(encode_form(&f->p, f->key, "https://evil.example.net", DPP_FORM_TEXT, text, &n, &d), DPP_OK);
    assert_int_equal(dpp_verify(text, n, trust, NOW, &f->v, &f->rep), DPP_ERR_DL_DOMAIN_SCOPE);
    assert_non_null(strstr(f->rep.diag.msg, "evil.example.net"));
    /* no resolver signed: nothing to restrict */
    assert_int_equal(encode_form(&f->p, f->key, NULL, DPP_FORM_TEXT, text, &n, &d), DPP_OK);
    assert_int_equal(dpp_verify(text, n, trust, NOW, &f->v, &f->rep), DPP_OK);

    /* an entry with a resolver not in normalised form is refused */
    strcpy(e->scope.resolvers[0], "ID.example.com");
    assert_int_equal(dpp_trustlist_add(tl, e, &d), DPP_ERR_INVALID_ARG);
    assert_non_null(strstr(d.msg, "scope.resolvers[0]"));

    dpp_trust_free(trust);
    free(list);
    dpp_trustlist_free(tl);
    free(e);
    dpp_key_free(op);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(digits_round_trip_every_length),
        cmocka_unit_test(digits_reject_truncation_range_and_letters),
        cmocka_unit_test(resolver_normalised_or_refused),
        cmocka_unit_test_setup_teardown(link_has_the_documented_shape_and_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(the_same_signature_travels_as_text, setup, teardown),
        cmocka_unit_test_setup_teardown(a_passport_without_resolver_is_no_link, setup, teardown),
        cmocka_unit_test_setup_teardown(every_binding_change_has_its_code, setup, teardown),
        cmocka_unit_test_setup_teardown(every_syntax_fault_has_its_code, setup, teardown),
        cmocka_unit_test_setup_teardown(inspect_reads_links, setup, teardown),
        cmocka_unit_test_setup_teardown(qr_of_a_link_uses_mixed_segments, setup, teardown),
        cmocka_unit_test_setup_teardown(trust_list_scopes_resolvers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
