/* SPDX-License-Identifier: Apache-2.0 */
/* GS1 Digital Link URIs (libdpp/src/gs1dl.c): the generated syntax table,
 * the dictionary's value checks, strict parsing (every error code, offsets,
 * bounds), canonical building, round trips, and GS1's own digital-link.js
 * test cases (tests/data/gs1-digital-link/). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gs1dl.h"

#define GTIN "09506000134352"
#define BASE "https://id.example.com/01/" GTIN

/* ------------------------------------------------------------- helpers */

static dpp_err parse_f(const char *uri, unsigned flags, dpp_dl *dl, dpp_diag *diag)
{
    return dpp_dl_parse(uri, strlen(uri), flags, dl, diag);
}

static void expect_ok(const char *uri, unsigned flags, dpp_dl *dl)
{
    dpp_diag diag;
    dpp_err e = parse_f(uri, flags, dl, &diag);
    if (e != DPP_OK) fail_msg("%s: %s: %s", uri, dpp_err_name(e), diag.msg);
    assert_int_equal(diag.err, DPP_OK);
    assert_string_equal(diag.msg, "");
}

/* The error, its offset (SIZE_MAX: don't care) and a message fragment. */
static void expect_err(const char *uri, unsigned flags, dpp_err want, size_t off, const char *frag)
{
    dpp_dl dl;
    dpp_diag diag;
    dpp_err e = parse_f(uri, flags, &dl, &diag);
    if (e != want) fail_msg("%s: got %s (%s), want %s", uri, dpp_err_name(e), diag.msg, dpp_err_name(want));
    assert_int_equal(diag.err, want);
    if (off != SIZE_MAX && diag.offset != off)
        fail_msg("%s: offset %zu, want %zu (%s)", uri, diag.offset, off, diag.msg);
    if (frag != NULL && strstr(diag.msg, frag) == NULL) fail_msg("%s: message '%s' lacks '%s'", uri, diag.msg, frag);
    /* out zeroed on failure */
    assert_int_equal(dl.host[0], 0);
    assert_int_equal(dl.nqual, 0);
    assert_int_equal(dl.key.ai[0], 0);
}

static const gs1_ai_def *ai(const char *s) { return dpp_gs1_ai_lookup(s, strlen(s)); }

static dpp_err check(const char *a, const char *v, char *why, size_t cap)
{
    const gs1_ai_def *d = ai(a);
    assert_non_null(d);
    return dpp_gs1_check_value(d, v, strlen(v), why, cap, NULL);
}

/* ---------------------------------------------------------- the table */

static void table_matches_dictionary(void **state)
{
    FILE *f = fopen(DPP_SOURCE_DIR "/libdpp/gs1/gs1-syntax-dictionary.txt", "r");
    char line[512];
    size_t entries = 0;
    (void)state;
    assert_non_null(f);
    while (fgets(line, sizeof line, f) != NULL)
        if (line[0] >= '0' && line[0] <= '9') entries++;
    fclose(f);
    assert_int_equal(dpp_gs1_ai_table_len, entries);
    assert_true(dpp_gs1_ai_table_len > 200);
    assert_non_null(strstr(dpp_gs1_syntax_source, "ff2eb4bfc8f647aa3244626bdb875165d067a3e6"));
}

static void table_lookup(void **state)
{
    const gs1_ai_def *d;
    const gs1_dlpkey_def *k;
    (void)state;
    d = ai("01");
    assert_non_null(d);
    assert_string_equal(d->title, "GTIN");
    assert_int_equal(d->flags, GS1_F_PREDEF | GS1_F_DLATTR);
    assert_int_equal(d->ncomp, 1);
    assert_int_equal(d->comp[0].cset, GS1_CSET_N);
    assert_int_equal(d->comp[0].min, 14);
    assert_int_equal(d->comp[0].lint[0], GS1_LINT_CSUM);
    assert_true(d->dlpkey >= 0);
    k = &dpp_gs1_dlpkey_table[d->dlpkey];
    assert_int_equal(k->nseq, 2);
    assert_int_equal(k->seq[0].n, 3);
    assert_string_equal(k->seq[0].ai[0], "22");
    assert_string_equal(k->seq[0].ai[1], "10");
    assert_string_equal(k->seq[0].ai[2], "21");
    assert_int_equal(k->seq[1].n, 1);
    assert_string_equal(k->seq[1].ai[0], "235");
    /* 10: X..20, no key, a DL attribute */
    d = ai("10");
    assert_non_null(d);
    assert_int_equal(d->comp[0].cset, GS1_CSET_X);
    assert_int_equal(d->comp[0].min, 1);
    assert_int_equal(d->comp[0].max, 20);
    assert_int_equal(d->dlpkey, -1);
    assert_true(d->flags & GS1_F_DLATTR);
    assert_false(ai("21")->flags & GS1_F_DLATTR);
    /* ranges */
    assert_string_equal(ai("3103")->lo, "3100");
    assert_string_equal(ai("97")->lo, "91");
    assert_null(ai("3106"));
    assert_null(ai("0"));
    assert_null(ai("01234"));
    assert_null(ai("0a"));
    assert_null(ai("23"));
    assert_null(dpp_gs1_ai_lookup(NULL, 2));
    /* optional components: 8003 = N1,zero N13,csum,gcppos1 [X..16] */
    d = ai("8003");
    assert_int_equal(d->ncomp, 3);
    assert_int_equal(d->comp[2].optional, 1);
    assert_int_equal(dpp_gs1_linter_name(GS1_LINT_POSINSEQSLASH)[0], 'p');
}

static void value_checks(void **state)
{
    char why[160];
    (void)state;
    /* csum */
    assert_int_equal(check("01", GTIN, why, sizeof why), DPP_OK);
    assert_int_equal(check("01", "09506000134353", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_string_equal(why, "check digit 3 wrong, expected 2");
    assert_int_equal(check("01", "0950600013435", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_string_equal(why, "length 13, GS1 requires 14");
    assert_int_equal(check("00", "106141412345678908", why, sizeof why), DPP_OK);
    /* set 82 */
    assert_int_equal(check("10", "!\"%&'()*+,-./:;<=>?_Az", why, sizeof why), DPP_ERR_DL_AI_VALUE); /* 22 > 20 */
    assert_int_equal(check("10", "!\"%&'()*+,-./:;<=>?_", why, sizeof why), DPP_OK);
    assert_int_equal(check("10", "AB\x01", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_string_equal(why, "character 0x01 at value position 3 not allowed in GS1 set 82");
    assert_int_equal(check("10", "A B", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("10", "", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_string_equal(why, "length 0, GS1 allows 1..20");
    /* set 39 (8010 CPID: Y..30, gcppos1) */
    assert_int_equal(check("8010", "9506000#-/AB", why, sizeof why), DPP_OK);
    assert_int_equal(check("8010", "9506000ab", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    /* base64url (8030 DIGSIG Z..90) */
    assert_int_equal(check("8030", "AbC-_9==", why, sizeof why), DPP_OK);
    assert_int_equal(check("8030", "Ab=C", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("8030", "Ab+/", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    /* csumalpha (8013 GMN), GS1 General Specifications examples */
    assert_int_equal(check("8013", "1987654Ad4X4bL5ttr2310c2K", why, sizeof why), DPP_OK);
    assert_int_equal(check("8013", "1987654Ad4X4bL5ttr2310cXK", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("8013", "12345_nopqrstuvwxyzP2", why, sizeof why), DPP_OK);
    /* dates: 15 is N6,yymmd0 (day 00 allowed); 7006 is N6,yymmdd */
    assert_int_equal(check("15", "230900", why, sizeof why), DPP_OK);
    assert_int_equal(check("15", "240229", why, sizeof why), DPP_OK);
    assert_int_equal(check("15", "230229", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_string_equal(why, "fails the GS1 'yymmd0' check");
    assert_int_equal(check("15", "231301", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("7006", "230900", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("7006", "230930", why, sizeof why), DPP_OK);
    assert_int_equal(check("7006", "230931", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    /* 7250: N8,yyyymmdd: 1900 is not a leap year, 2000 is */
    assert_int_equal(check("7250", "20000229", why, sizeof why), DPP_OK);
    assert_int_equal(check("7250", "19000229", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    /* multi-component: 4324 = N6,yymmd0 N4,hhmi */
    assert_int_equal(check("4324", "2309112359", why, sizeof why), DPP_OK);
    assert_int_equal(check("4324", "2309112460", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_string_equal(why, "component 2 (value positions 7..10): fails the GS1 'hhmi' check");
    /* optional components: 8008 = N6,yymmdd N2,hh [N2],mi [N2],ss */
    assert_int_equal(check("8008", "23091112", why, sizeof why), DPP_OK);
    assert_int_equal(check("8008", "2309111259", why, sizeof why), DPP_OK);
    assert_int_equal(check("8008", "230911125", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("8008", "23091124", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    /* yesno, zero, nonzero, winding, hyphen, iso5218, nozeroprefix, hasnondigit */
    assert_int_equal(check("4321", "1", why, sizeof why), DPP_OK);
    assert_int_equal(check("4321", "2", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("8003", "1950600013435" "2", why, sizeof why), DPP_ERR_DL_AI_VALUE); /* zero */
    assert_int_equal(check("8003", "0950600013435" "2" "AB", why, sizeof why), DPP_OK);
    /* 8001 = N4,nonzero N5,nonzero N3,nonzero N1,winding N1 */
    assert_int_equal(check("8001", "0001" "00001" "001" "9" "1", why, sizeof why), DPP_OK);
    assert_int_equal(check("8001", "0001" "00001" "001" "2" "1", why, sizeof why), DPP_ERR_DL_AI_VALUE); /* winding */
    assert_int_equal(check("8001", "0000" "00001" "001" "0" "1", why, sizeof why), DPP_ERR_DL_AI_VALUE); /* nonzero */
    assert_int_equal(check("4330", "000100-", why, sizeof why), DPP_OK);
    assert_int_equal(check("4330", "000100+", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("7252", "9", why, sizeof why), DPP_OK);
    assert_int_equal(check("7252", "3", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("8011", "0", why, sizeof why), DPP_OK);
    assert_int_equal(check("8011", "012", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("8014", "1987654Ad4X4bL5ttr2310c2K", why, sizeof why), DPP_OK);
    /* pieceoftotal (8006 = N14,csum,gcppos2 N4,pieceoftotal), latitude/longitude (4309) */
    assert_int_equal(check("8006", GTIN "0102", why, sizeof why), DPP_OK);
    assert_int_equal(check("8006", GTIN "0302", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("8006", GTIN "0002", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("4309", "18000000003600000000", why, sizeof why), DPP_OK);
    assert_int_equal(check("4309", "18000000013600000000", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("4309", "18000000003600000001", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    /* posinseqslash (7258), importeridx (7040), pcenc (4300), iban (8007), gcppos1 (8004) */
    assert_int_equal(check("7258", "1/2", why, sizeof why), DPP_OK);
    assert_int_equal(check("7258", "3/2", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("7040", "1A2_", why, sizeof why), DPP_OK);
    assert_int_equal(check("7040", "1A2!", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("4300", "A%20B", why, sizeof why), DPP_OK);
    assert_int_equal(check("4300", "A%2", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("8007", "GB82WEST12345698765432", why, sizeof why), DPP_OK);
    assert_int_equal(check("8007", "GB82WEST12345698765433", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_int_equal(check("8004", "0950ABC", why, sizeof why), DPP_OK);
    assert_int_equal(check("8004", "095ABC", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    assert_string_equal(why, "does not start with a GS1 Company Prefix (4 digits)");
    /* a code-list linter that is not enforced still has its shape checked */
    assert_int_equal(check("422", "276", why, sizeof why), DPP_OK);
    assert_int_equal(check("422", "27A", why, sizeof why), DPP_ERR_DL_AI_VALUE);
    /* NULL why and pos are accepted */
    assert_int_equal(dpp_gs1_check_value(ai("01"), "1", 1, NULL, 0, NULL), DPP_ERR_DL_AI_VALUE);
}

/* ------------------------------------------------------------- parsing */

static void parse_fields(void **state)
{
    dpp_dl dl;
    const char *uri = "https://ID.Example.COM/01/" GTIN "/22/2A/10/AB%2FC%21/21/XYZ?15=230911&linkType=gs1:pip#PAYLOAD-1";
    (void)state;
    expect_ok(uri, 0, &dl);
    assert_string_equal(dl.host, "id.example.com");
    assert_int_equal(dl.host_len, 14);
    assert_string_equal(dl.prefix, "");
    assert_string_equal(dl.key.ai, "01");
    assert_string_equal(dl.key.value, GTIN);
    assert_int_equal(dl.key.offset, 26);
    assert_int_equal(dl.nqual, 3);
    assert_string_equal(dl.qual[0].ai, "22");
    assert_string_equal(dl.qual[1].value, "AB/C!");
    assert_int_equal(dl.qual[1].value_len, 5);
    assert_string_equal(dl.qual[2].value, "XYZ");
    assert_string_equal(dpp_dl_qualifier(&dl, "10"), "AB/C!");
    assert_null(dpp_dl_qualifier(&dl, "235"));
    assert_true(dl.has_query);
    assert_int_equal(dl.query_len, strlen("15=230911&linkType=gs1:pip"));
    assert_memory_equal(uri + dl.query_off, "15=230911&linkType=gs1:pip", dl.query_len);
    assert_true(dl.has_fragment);
    assert_memory_equal(uri + dl.fragment_off, "PAYLOAD-1", 9);
    assert_int_equal(dl.fragment_len, 9);
    assert_int_equal(uri[dl.path_end], '?');

    /* upper-case scheme and host, as QR alphanumeric mode carries them */
    expect_ok("HTTPS://ID.EXAMPLE.COM/01/" GTIN "/10/ABC123#X", DPP_DL_HYBRID, &dl);
    assert_string_equal(dl.host, "id.example.com");
    assert_false(dl.has_query);
    assert_true(dl.has_fragment);
    assert_int_equal(dl.fragment_len, 1);

    /* empty fragment, no fragment */
    expect_ok(BASE "#", DPP_DL_HYBRID, &dl);
    assert_true(dl.has_fragment);
    assert_int_equal(dl.fragment_len, 0);
    expect_ok(BASE, DPP_DL_HYBRID, &dl);
    assert_false(dl.has_fragment);
    assert_int_equal(dl.path_end, strlen(BASE));

    /* GTIN-8/12/13 are padded to 14 digits (not with DPP_DL_GTIN14) */
    expect_ok("https://id.example.com/01/9506000134352", 0, &dl);
    assert_string_equal(dl.key.value, GTIN);
    expect_ok("https://id.example.com/01/01234565", 0, &dl);
    assert_string_equal(dl.key.value, "00000001234565");
    expect_ok("https://id.example.com/01/012345678905", 0, &dl);
    assert_string_equal(dl.key.value, "00012345678905");

    /* custom path prefix; the key is the rightmost AI pair */
    expect_ok("https://example.com/some/01/path/01/" GTIN "/21/7", 0, &dl);
    assert_string_equal(dl.prefix, "/some/01/path");
    assert_int_equal(dl.prefix_len, 13);
    assert_string_equal(dl.key.value, GTIN);
    assert_int_equal(dl.nqual, 1);

    /* the values "." and "..": written %2E, never as dot-segments */
    expect_ok(BASE "/10/%2E/21/%2E%2E", 0, &dl);
    assert_string_equal(dl.qual[0].value, ".");
    assert_string_equal(dl.qual[1].value, "..");

    /* the alternative qualifier sequence; other keys */
    expect_ok(BASE "/235/TPX-1", 0, &dl);
    assert_string_equal(dl.qual[0].ai, "235");
    expect_ok("https://example.com/414/9506000000008/254/ABC", 0, &dl);
    expect_ok("https://example.com/414/9506000000008/7040/1A2B", 0, &dl);
    expect_ok("https://example.com/8006/" GTIN "0102/22/A/21/B", 0, &dl);
    expect_ok("https://example.com/00/106141412345678908", 0, &dl);
    assert_int_equal(dl.nqual, 0);

    /* nothing past len is read: the same text cut before "/10/..." */
    {
        const char *t = BASE "/10/ABC";
        dpp_diag diag;
        assert_int_equal(dpp_dl_parse(t, strlen(BASE), DPP_DL_HYBRID, &dl, &diag), DPP_OK);
        assert_int_equal(dl.nqual, 0);
    }
}

static void parse_errors(void **state)
{
    char big[600];
    (void)state;
    /* DPP_ERR_DL_SYNTAX */
    expect_err("http://id.example.com/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 0, "link scheme");
    expect_err("https:/id.example.com/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 0, "link scheme");
    expect_err("", 0, DPP_ERR_DL_SYNTAX, 0, "empty");
    expect_err("https://u@id.example.com/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 9, "userinfo");
    expect_err("https://id.example.com:443/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 22, "port");
    expect_err("https://[::1]/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 8, "IP literal");
    expect_err("https://192.168.0.1/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 8, "all digits");
    expect_err("https://localhost/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 8, "two labels");
    expect_err("https://id.example.com./01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 22, "empty label");
    expect_err("https://id..example.com/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 11, "empty label");
    expect_err("https:///01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 8, "link host: empty");
    expect_err("https://-id.example.com/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 8, "'-'");
    expect_err("https://id_1.example.com/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 10, "'_'");
    memset(big, 0, sizeof big);
    strcpy(big, "https://");
    memset(big + 8, 'a', 64);
    strcat(big, ".com/01/" GTIN);
    expect_err(big, 0, DPP_ERR_DL_SYNTAX, 8, "label of 64 bytes");
    memset(big, 0, sizeof big);
    strcpy(big, "https://");
    for (int i = 0; i < 51; i++) strcat(big, "abcd."); /* 258 bytes */
    strcat(big, "com/01/" GTIN);
    expect_err(big, 0, DPP_ERR_DL_SYNTAX, 8, "at most 253");
    expect_err(BASE "/", 0, DPP_ERR_DL_SYNTAX, 41, "trailing");
    expect_err("https://id.example.com//01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 23, "empty segment");
    expect_err("https://id.example.com/../01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 23, "'..'");
    expect_err("https://id.example.com/./01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 23, "'.'");
    expect_err(BASE "/10/A B", 0, DPP_ERR_DL_SYNTAX, 45, "0x20");
    expect_err(BASE "/10/A\tB", 0, DPP_ERR_DL_SYNTAX, 45, "0x09");
    expect_err(BASE "/10/A\x7f", 0, DPP_ERR_DL_SYNTAX, 45, "0x7F");
    expect_err(BASE "/10/\xc3\xa9", 0, DPP_ERR_DL_SYNTAX, 44, "0xC3");
    expect_err(BASE "/10/A\\B", 0, DPP_ERR_DL_SYNTAX, 45, "'\\'");
    expect_err(BASE "/10/A<B", 0, DPP_ERR_DL_SYNTAX, 45, "'<'");
    expect_err(BASE "#AB#C", 0, DPP_ERR_DL_SYNTAX, 43, "'#'");
    expect_err(BASE "#A[B", 0, DPP_ERR_DL_SYNTAX, 42, "link fragment");
    expect_err("https://id.example.com/x/01/" GTIN, DPP_DL_NO_PREFIX, DPP_ERR_DL_SYNTAX, 22, "prefix");
    expect_err("https://id.example.com/a!b/01/" GTIN, 0, DPP_ERR_DL_SYNTAX, 24, "link path prefix");
    /* DPP_ERR_DL_PERCENT */
    expect_err(BASE "/10/AB%2", 0, DPP_ERR_DL_PERCENT, 46, "two hex digits");
    expect_err(BASE "/10/AB%G1", 0, DPP_ERR_DL_PERCENT, 46, "two hex digits");
    expect_err(BASE "/10/AB%2f", 0, DPP_ERR_DL_PERCENT, 46, "upper case");
    expect_err(BASE "/10/AB%41", 0, DPP_ERR_DL_PERCENT, 46, "needless");
    expect_err(BASE "/10/AB%00", 0, DPP_ERR_DL_PERCENT, 46, "'%00'");
    expect_err(BASE "/10/AB!", 0, DPP_ERR_DL_PERCENT, 46, "must be percent-encoded (%21)");
    expect_err(BASE "/10/A:B", 0, DPP_ERR_DL_PERCENT, 45, "must be percent-encoded");
    expect_err("https://id.example.com/a%41/01/" GTIN, 0, DPP_ERR_DL_PERCENT, 24, "link path prefix");
    expect_err(BASE "#AB%4", 0, DPP_ERR_DL_PERCENT, 43, "link fragment");
    expect_err(BASE "?linkType=a%zz", 0, DPP_ERR_DL_PERCENT, 51, "link query");
    expect_err(BASE "?15=23%30911", 0, DPP_ERR_DL_PERCENT, 46, "needless");
    expect_err(BASE "/10/A%2E", 0, DPP_ERR_DL_PERCENT, 45, "only the values '.' and '..'");
    expect_err(BASE "/10/%2E%2E%2E", 0, DPP_ERR_DL_PERCENT, 44, "needless");
    /* DPP_ERR_DL_AI */
    expect_err("https://id.example.com", 0, DPP_ERR_DL_AI, 22, "missing");
    expect_err("https://id.example.com/foo/bar", 0, DPP_ERR_DL_AI, 22, "no GS1 Digital Link primary key");
    expect_err("https://id.example.com/10/ABC", 0, DPP_ERR_DL_AI, 22, "no GS1 Digital Link primary key");
    expect_err(BASE "/23/x", 0, DPP_ERR_DL_AI, 41, "unknown AI '23'");
    expect_err(BASE "/lot/x", 0, DPP_ERR_DL_AI, 41, "is not an AI");
    expect_err(BASE "/17/230101", 0, DPP_ERR_DL_AI, 41, "not a qualifier of primary key 01 (GTIN); allowed: 22, 10, 21 | 235");
    expect_err(BASE "/17/x", 0, DPP_ERR_DL_AI, 41, "not a qualifier"); /* the AI is reported before its value */
    expect_err("https://id.example.com/00/106141412345678908", DPP_DL_ONLY_GTIN, DPP_ERR_DL_AI, 23, "needs AI 01");
    expect_err(BASE "?9999=1", 0, DPP_ERR_DL_AI, 41, "unknown AI");
    expect_err(BASE "?21=1", 0, DPP_ERR_DL_AI, 41, "not allowed as a Digital Link attribute");
    /* DPP_ERR_DL_AI_VALUE */
    expect_err("https://id.example.com/01/09506000134353", 0, DPP_ERR_DL_AI_VALUE, 26,
               "link path: AI 01 value '09506000134353' at offset 26: check digit 3 wrong, expected 2");
    expect_err("https://id.example.com/01/9506000134352", DPP_DL_GTIN14, DPP_ERR_DL_AI_VALUE, 26,
               "requires a GTIN of 14 digits");
    expect_err(BASE "/10/ABCDEFGHIJKLMNOPQRSTU", 0, DPP_ERR_DL_AI_VALUE, 44, "length 21, GS1 allows 1..20");
    expect_err(BASE "/10/AB%01", 0, DPP_ERR_DL_AI_VALUE, 44,
               "link path: AI 10 value 'AB%01' at offset 44: character 0x01 at value position 3 not allowed in GS1 set 82");
    expect_err(BASE "/10/%C3%A9", 0, DPP_ERR_DL_AI_VALUE, 44, "0xC3");
    expect_err(BASE "?4321=2", 0, DPP_ERR_DL_AI_VALUE, 46, "link query: AI 4321 value '2'");
    expect_err(BASE "?15=", 0, DPP_ERR_DL_AI_VALUE, 44, "length 0");
    memset(big, 0, sizeof big);
    strcpy(big, BASE "/10/");
    memset(big + strlen(big), 'A', 200);
    expect_err(big, 0, DPP_ERR_DL_AI_VALUE, 44, "longer than 90 characters");
    /* DPP_ERR_DL_QUALIFIER_ORDER */
    expect_err(BASE "/21/1/10/2", 0, DPP_ERR_DL_QUALIFIER_ORDER, 46, "AI 10 at offset 46 repeated or out of order");
    expect_err(BASE "/10/1/10/2", 0, DPP_ERR_DL_QUALIFIER_ORDER, 46, "AI 10");
    expect_err(BASE "/22/1/235/2", 0, DPP_ERR_DL_QUALIFIER_ORDER, 46, "AI 235");
    expect_err(BASE "/22/1/10/2/21/3/21/4", 0, DPP_ERR_DL_QUALIFIER_ORDER, 56, "more than 3 qualifiers");
    /* DPP_ERR_DL_QUERY */
    expect_err(BASE "?15=230911", DPP_DL_NO_QUERY, DPP_ERR_DL_QUERY, 40, "not allowed in this form");
    expect_err(BASE "?", DPP_DL_NO_QUERY, DPP_ERR_DL_QUERY, 40, NULL);
    expect_err(BASE "?", 0, DPP_ERR_DL_QUERY, 41, "empty after '?'");
    expect_err(BASE "?a=1&&b=2", 0, DPP_ERR_DL_QUERY, 45, "empty attribute");
    expect_err(BASE "?a", 0, DPP_ERR_DL_QUERY, 41, "no '='");
    expect_err(BASE "?=1", 0, DPP_ERR_DL_QUERY, 41, "no name");
    expect_err(BASE "?a=", 0, DPP_ERR_DL_QUERY, 42, "no value");
    expect_err(BASE "?a=1&a=2", 0, DPP_ERR_DL_QUERY, 45, "repeated");
    expect_err(BASE "/10/X?10=Y", 0, DPP_ERR_DL_QUERY, 46, "repeats an AI of the path");
    expect_err(BASE "?a!=1", 0, DPP_ERR_DL_QUERY, 42, "attribute name");
    expect_err(BASE "?a=[", 0, DPP_ERR_DL_QUERY, 43, "not allowed in a query");
    memset(big, 0, sizeof big);
    strcpy(big, BASE "?");
    for (int i = 0; i < 33; i++) {
        char kv[16];
        (void)snprintf(kv, sizeof kv, "%sk%d=v", i > 0 ? "&" : "", i);
        strcat(big, kv);
    }
    expect_err(big, 0, DPP_ERR_DL_QUERY, SIZE_MAX, "more than 32 attributes");
}

static void parse_args_and_bounds(void **state)
{
    dpp_dl dl;
    dpp_diag diag;
    const size_t huge = 100u * 1024u;
    char *buf;
    size_t base_len = strlen(BASE "#");
    (void)state;
    assert_int_equal(dpp_dl_parse(BASE, strlen(BASE), 0, NULL, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_dl_parse(NULL, 5, 0, &dl, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_dl_parse(BASE, strlen(BASE), 0x100, &dl, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_dl_parse(BASE, strlen(BASE), 0, &dl, NULL), DPP_OK);
    assert_int_equal(dpp_dl_parse("x", 1, 0, &dl, NULL), DPP_ERR_DL_SYNTAX);

    /* 100 kB: refused by its length alone (a buffer with no NUL: ASan and
     * valgrind see any read past it) */
    buf = malloc(huge);
    assert_non_null(buf);
    memcpy(buf, BASE "#", base_len);
    memset(buf + base_len, 'A', huge - base_len);
    assert_int_equal(dpp_dl_parse(buf, huge, 0, &dl, &diag), DPP_ERR_TOO_LARGE);
    assert_non_null(strstr(diag.msg, "at most 4296"));
    /* exactly the cap, then one more */
    assert_int_equal(dpp_dl_parse(buf, DPP_DL_MAX_URI_LEN, DPP_DL_HYBRID, &dl, &diag), DPP_OK);
    assert_int_equal(dl.fragment_len, DPP_DL_MAX_URI_LEN - base_len);
    assert_int_equal(dpp_dl_parse(buf, DPP_DL_MAX_URI_LEN + 1, DPP_DL_HYBRID, &dl, &diag), DPP_ERR_TOO_LARGE);
    free(buf);
    /* the URI at the very end of an exact-size heap buffer */
    buf = malloc(strlen(BASE));
    assert_non_null(buf);
    memcpy(buf, BASE, strlen(BASE));
    assert_int_equal(dpp_dl_parse(buf, strlen(BASE), DPP_DL_HYBRID, &dl, &diag), DPP_OK);
    free(buf);
    /* a path of many segments: bounded */
    buf = malloc(4000);
    assert_non_null(buf);
    strcpy(buf, "https://id.example.com");
    while (strlen(buf) < 3900) strcat(buf, "/a");
    strcat(buf, "/01/" GTIN);
    assert_int_equal(dpp_dl_parse(buf, strlen(buf), 0, &dl, &diag), DPP_ERR_DL_SYNTAX);
    assert_non_null(strstr(diag.msg, "segments"));
    free(buf);
}

/* ------------------------------------------------------------- building */

static void build_canonical(void **state)
{
    char out[512];
    size_t n = 0, need = 0;
    dpp_diag diag;
    dpp_dl_gtin_fields f = {"ID.Example.com", NULL, GTIN, "A/B", "ABC123", "X!Y"};
    const char *want = "https://id.example.com/01/" GTIN "/22/A%2FB/10/ABC123/21/X%21Y";
    (void)state;
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, sizeof out, &n, &diag), DPP_OK);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
    /* size query; exact fit; one byte short */
    assert_int_equal(dpp_dl_build_gtin(&f, 0, NULL, 0, &need, &diag), DPP_OK);
    assert_int_equal(need, n);
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, n + 1, &need, &diag), DPP_OK);
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, n, &need, &diag), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(need, n);
    assert_int_equal(out[0], '\0');
    /* upper-case scheme and host; a GTIN-13 is written with 14 digits; prefix */
    f.gtin = "9506000134352";
    f.prefix = "/dpp";
    f.cpv = NULL;
    f.serial = NULL;
    f.lot = "AB12";
    assert_int_equal(dpp_dl_build_gtin(&f, DPP_DL_BUILD_UPPER, out, sizeof out, &n, &diag), DPP_OK);
    assert_string_equal(out, "HTTPS://ID.EXAMPLE.COM/dpp/01/" GTIN "/10/AB12");
    f.prefix = NULL;
    assert_int_equal(dpp_dl_build_gtin(&f, DPP_DL_BUILD_UPPER, out, sizeof out, &n, &diag), DPP_OK);
    assert_string_equal(out, "HTTPS://ID.EXAMPLE.COM/01/" GTIN "/10/AB12");
    assert_true(dpp_dl_is_qr_alnum(out, n));
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, sizeof out, &n, &diag), DPP_OK);
    assert_false(dpp_dl_is_qr_alnum(out, n)); /* lower-case host */
    assert_false(dpp_dl_is_qr_alnum("A#", 2));
    assert_true(dpp_dl_is_qr_alnum("HTTPS://X.Y/01/%21 $*+-.", 24));
    assert_true(dpp_dl_is_qr_alnum(NULL, 0));
    /* bad fields: the same errors as parsing */
    f.gtin = "09506000134353";
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_AI_VALUE);
    assert_non_null(strstr(diag.msg, "check digit"));
    assert_int_equal(diag.offset, SIZE_MAX);
    assert_int_equal(n, 0);
    f.gtin = GTIN;
    f.lot = "ABCDEFGHIJKLMNOPQRSTU";
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_AI_VALUE);
    f.lot = "A\x01";
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_AI_VALUE);
    f.lot = "";
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_AI_VALUE);
    f.lot = "AB";
    f.host = "localhost";
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_SYNTAX);
    f.host = "id.example.com";
    f.prefix = "/a//b";
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_SYNTAX);
    f.prefix = "a";
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_SYNTAX);
    f.prefix = NULL;
    assert_int_equal(dpp_dl_build_gtin(NULL, 0, out, sizeof out, &n, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_dl_build_gtin(&f, 0x80, out, sizeof out, &n, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_dl_build_gtin(&f, 0, out, sizeof out, NULL, &diag), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_dl_build_gtin(&f, 0, NULL, 5, &n, &diag), DPP_ERR_INVALID_ARG);
}

static void build_generic_rules(void **state)
{
    dpp_dl dl;
    char out[512];
    size_t n;
    dpp_diag diag;
    (void)state;
    /* a key that is not a primary key; qualifiers out of order; not a qualifier */
    memset(&dl, 0, sizeof dl);
    strcpy(dl.host, "example.com");
    strcpy(dl.key.ai, "10");
    strcpy(dl.key.value, "ABC");
    dl.key.value_len = 3;
    assert_int_equal(dpp_dl_build(&dl, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_AI);
    strcpy(dl.key.ai, "01");
    strcpy(dl.key.value, GTIN);
    dl.key.value_len = 14;
    dl.nqual = 2;
    strcpy(dl.qual[0].ai, "21");
    strcpy(dl.qual[0].value, "1");
    dl.qual[0].value_len = 1;
    strcpy(dl.qual[1].ai, "10");
    strcpy(dl.qual[1].value, "2");
    dl.qual[1].value_len = 1;
    assert_int_equal(dpp_dl_build(&dl, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_QUALIFIER_ORDER);
    strcpy(dl.qual[1].ai, "17");
    assert_int_equal(dpp_dl_build(&dl, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_AI);
    strcpy(dl.qual[1].ai, "99");
    strcpy(dl.qual[0].ai, "22");
    assert_int_equal(dpp_dl_build(&dl, 0, out, sizeof out, &n, &diag), DPP_ERR_DL_AI);
    dl.nqual = 1;
    dl.qual[0].value_len = 7; /* inconsistent with the string */
    assert_int_equal(dpp_dl_build(&dl, 0, out, sizeof out, &n, &diag), DPP_ERR_INVALID_ARG);
    dl.qual[0].value_len = 1;
    assert_int_equal(dpp_dl_build(&dl, 0, out, sizeof out, &n, &diag), DPP_OK);
    assert_string_equal(out, "https://example.com/01/" GTIN "/22/1");
    dl.nqual = DPP_DL_MAX_QUALIFIERS + 1;
    assert_int_equal(dpp_dl_build(&dl, 0, out, sizeof out, &n, &diag), DPP_ERR_INVALID_ARG);
}

/* build -> parse -> same fields -> build gives the same text */
static void round_trip_one(const dpp_dl_gtin_fields *f, unsigned bflags)
{
    char out[1024], again[1024];
    size_t n = 0, m = 0;
    dpp_dl dl;
    dpp_diag diag;
    dpp_err e = dpp_dl_build_gtin(f, bflags, out, sizeof out, &n, &diag);
    if (e != DPP_OK) fail_msg("build: %s: %s", dpp_err_name(e), diag.msg);
    e = dpp_dl_parse(out, n, f->prefix != NULL && f->prefix[0] ? DPP_DL_ONLY_GTIN | DPP_DL_NO_QUERY : DPP_DL_HYBRID,
                     &dl, &diag);
    if (e != DPP_OK) fail_msg("parse %s: %s: %s", out, dpp_err_name(e), diag.msg);
    assert_string_equal(dl.key.value, f->gtin);
    if (f->cpv) assert_string_equal(dpp_dl_qualifier(&dl, "22"), f->cpv); else assert_null(dpp_dl_qualifier(&dl, "22"));
    if (f->lot) assert_string_equal(dpp_dl_qualifier(&dl, "10"), f->lot); else assert_null(dpp_dl_qualifier(&dl, "10"));
    if (f->serial) assert_string_equal(dpp_dl_qualifier(&dl, "21"), f->serial);
    else assert_null(dpp_dl_qualifier(&dl, "21"));
    assert_string_equal(dl.prefix, f->prefix ? f->prefix : "");
    assert_int_equal(dpp_dl_build(&dl, bflags, again, sizeof again, &m, &diag), DPP_OK);
    assert_int_equal(m, n);
    assert_string_equal(again, out);
}

static void round_trips(void **state)
{
    static const char k_cset82[] = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    static const char *const k_gtins[] = {GTIN, "00000001234565", "00012345678905", "04006381333931"};
    dpp_dl_gtin_fields f = {"id.example.com", NULL, GTIN, NULL, NULL, NULL};
    char v[3][21];
    unsigned seed = 20260101u;
    (void)state;
    round_trip_one(&f, 0);
    /* every set-82 character, in each qualifier */
    f.cpv = "!\"%&'()*+,-./";
    f.lot = "0189:;<=>?AZ_az";
    f.serial = "%%%///???";
    round_trip_one(&f, 0);
    f.cpv = ".";
    f.lot = "..";
    f.serial = "...";
    round_trip_one(&f, 0);
    f.cpv = "!\"%&'()*+,-./";
    f.lot = "0189:;<=>?AZ_az";
    round_trip_one(&f, DPP_DL_BUILD_UPPER);
    f.prefix = "/a.b/c-d_e~f";
    round_trip_one(&f, 0);
    /* seeded random values and subsets (an LCG: reproducible) */
    for (int it = 0; it < 3000; it++) {
        const char **slot[3] = {&f.cpv, &f.lot, &f.serial};
        f.gtin = k_gtins[it % 4];
        f.prefix = (it % 7 == 0) ? "/p" : NULL;
        for (int q = 0; q < 3; q++) {
            size_t len;
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 3 == 0) {
                *slot[q] = NULL;
                continue;
            }
            seed = seed * 1103515245u + 12345u;
            len = 1 + (seed >> 16) % 20;
            for (size_t i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                v[q][i] = k_cset82[(seed >> 16) % (sizeof k_cset82 - 1)];
            }
            v[q][len] = '\0';
            *slot[q] = v[q];
        }
        round_trip_one(&f, (it & 1) ? DPP_DL_BUILD_UPPER : 0);
    }
}

/* ------------------------------------------- GS1's digital-link.js cases */

static void gs1_suite_cases(void **state)
{
    json_error_t jerr;
    json_t *cases_doc = json_load_file(DPP_SOURCE_DIR "/tests/data/gs1-digital-link/cases.json", 0, &jerr);
    json_t *ex_doc = json_load_file(DPP_SOURCE_DIR "/tests/data/gs1-digital-link/exceptions.json", 0, &jerr);
    json_t *cases, *exs;
    size_t i, n_agree = 0, n_ex = 0, used = 0;
    (void)state;
    assert_non_null(cases_doc);
    assert_non_null(ex_doc);
    cases = json_object_get(cases_doc, "cases");
    exs = json_object_get(ex_doc, "exceptions");
    assert_true(json_is_array(cases) && json_array_size(cases) >= 80);
    assert_true(json_is_array(exs));
    for (i = 0; i < json_array_size(cases); i++) {
        json_t *c = json_array_get(cases, i);
        const char *id = json_string_value(json_object_get(c, "id"));
        const char *uri = json_string_value(json_object_get(c, "uri"));
        const char *suite = json_string_value(json_object_get(c, "suite"));
        json_t *exception = NULL;
        dpp_dl dl;
        dpp_diag diag;
        dpp_err e;
        assert_non_null(id);
        assert_non_null(uri);
        assert_non_null(suite);
        for (size_t k = 0; k < json_array_size(exs); k++) {
            json_t *x = json_array_get(exs, k);
            if (strcmp(json_string_value(json_object_get(x, "id")), id) == 0) exception = x;
        }
        e = dpp_dl_parse(uri, strlen(uri), 0, &dl, &diag);
        if (exception != NULL) {
            const char *ours = json_string_value(json_object_get(exception, "ours"));
            assert_string_equal(json_string_value(json_object_get(exception, "uri")), uri);
            assert_non_null(json_string_value(json_object_get(exception, "reason")));
            if (strcmp(dpp_err_name(e), ours) != 0)
                fail_msg("%s %s: got %s (%s), exceptions.json says %s", id, uri, dpp_err_name(e), diag.msg, ours);
            used++;
            n_ex++;
        } else if (strcmp(suite, "valid") == 0) {
            if (e != DPP_OK) fail_msg("%s %s: GS1 says valid, got %s: %s", id, uri, dpp_err_name(e), diag.msg);
            n_agree++;
        } else if (strcmp(suite, "invalid") == 0) {
            if (e == DPP_OK) fail_msg("%s %s: GS1 says invalid, parsed", id, uri);
            assert_true(dpp_err_is_dl(e));
            n_agree++;
        } else {
            fail_msg("%s %s: suite asserts '%s' and there is no entry in exceptions.json", id, uri, suite);
        }
    }
    /* every exception names a case */
    assert_int_equal(used, json_array_size(exs));
    print_message("GS1 digital-link.js: %zu cases agree, %zu accounted for in exceptions.json\n", n_agree, n_ex);
    json_decref(cases_doc);
    json_decref(ex_doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_matches_dictionary),
        cmocka_unit_test(table_lookup),
        cmocka_unit_test(value_checks),
        cmocka_unit_test(parse_fields),
        cmocka_unit_test(parse_errors),
        cmocka_unit_test(parse_args_and_bounds),
        cmocka_unit_test(build_canonical),
        cmocka_unit_test(build_generic_rules),
        cmocka_unit_test(round_trips),
        cmocka_unit_test(gs1_suite_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
