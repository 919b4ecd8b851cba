/* Error codes: every code has a distinct name and a message; ranges hold;
 * limit macros equal their function twins. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cbor_read.h"
#include "codes.h"
#include "diag.h"
#include "dpp/dpp.h"

static const dpp_err k_all[] = {
    DPP_OK, DPP_ERR_INVALID_ARG, DPP_ERR_BUFFER_TOO_SMALL, DPP_ERR_NO_MEMORY, DPP_ERR_CRYPTO_BACKEND, DPP_ERR_UNSUPPORTED,
    DPP_ERR_PREFIX, DPP_ERR_PREFIX_VERSION, DPP_ERR_BASE45, DPP_ERR_INFLATE, DPP_ERR_TOO_LARGE,
    DPP_ERR_CBOR_MALFORMED, DPP_ERR_CBOR_NOT_DETERMINISTIC, DPP_ERR_CBOR_DUPLICATE_KEY, DPP_ERR_CBOR_TRAILING,
    DPP_ERR_CBOR_DEPTH, DPP_ERR_COSE_TAG, DPP_ERR_COSE_STRUCTURE, DPP_ERR_CWT_CLAIMS, DPP_ERR_ALG_MISSING,
    DPP_ERR_ALG_UNSUPPORTED, DPP_ERR_ALG_UNPROTECTED, DPP_ERR_ALG_KEY_MISMATCH, DPP_ERR_KID_MISSING,
    DPP_ERR_KID_UNKNOWN, DPP_ERR_SIGNATURE, DPP_ERR_NOT_YET_VALID, DPP_ERR_EXPIRED, DPP_ERR_KEY_NOT_VALID,
    DPP_ERR_CRIT_UNSUPPORTED, DPP_ERR_SCHEMA_MISSING, DPP_ERR_SCHEMA_TYPE, DPP_ERR_SCHEMA_RANGE,
    DPP_ERR_SCHEMA_FORMAT, DPP_ERR_SCHEMA_CHECK_DIGIT, DPP_ERR_SCHEMA_UNKNOWN_FIELD, DPP_ERR_JSON_SYNTAX,
    DPP_ERR_PAYLOAD_VERSION, DPP_ERR_KEY_FORMAT, DPP_ERR_KEY_TYPE, DPP_ERR_KEY_NOT_PRIVATE,
    DPP_ERR_QR_CAPACITY, DPP_ERR_LIST_UNSIGNED, DPP_ERR_LIST_UNPINNED, DPP_ERR_LIST_ROLLBACK,
    DPP_ERR_LIST_STALE, DPP_ERR_LIST_FORMAT, DPP_ERR_SIGNER_NOT_VALID, DPP_ERR_ROLE, DPP_ERR_SCOPE,
    DPP_ERR_REVOKED, DPP_ERR_ATTESTER_UNKNOWN, DPP_ERR_ATTESTATION_PRODUCT, DPP_ERR_ATTESTATION_SIGNATURE,
    DPP_ERR_ATTESTATION_CLAIM, DPP_ERR_CERT_CHAIN, DPP_ERR_CERT_POLICY, DPP_ERR_LINK_MISSING,
    DPP_ERR_DOCUMENT_MISMATCH, DPP_ERR_NOT_FOUND, DPP_ERR_KEY_WEAK, DPP_ERR_KEY_NOT_PUBLIC, DPP_ERR_STATE_FILE,
    DPP_ERR_LIST_WRONG_SCHEME, DPP_ERR_ROLLOVER_GAP, DPP_ERR_OPERATOR_RETIRED, DPP_ERR_STATUS_REVOKED, DPP_ERR_STATUS_LIST_MISSING, DPP_ERR_STATUS_INDEX, DPP_ERR_STATUS_DELTA_BASE, DPP_ERR_ATTESTATION_TIME,
    DPP_ERR_CERT_REVOKED, DPP_ERR_CRL_EXPIRED, DPP_ERR_REVSET_ORDER, DPP_ERR_REVSET_CODE, DPP_ERR_REVSET_TRAILING,
    DPP_ERR_DL_SYNTAX, DPP_ERR_DL_PERCENT, DPP_ERR_DL_AI, DPP_ERR_DL_AI_VALUE, DPP_ERR_DL_QUALIFIER_ORDER,
    DPP_ERR_DL_QUERY, DPP_ERR_DL_PAYLOAD, DPP_ERR_DL_DOMAIN, DPP_ERR_DL_PRIMARY_KEY, DPP_ERR_DL_QUALIFIER,
    DPP_ERR_DL_DOMAIN_SCOPE, DPP_ERR_IMAGE_FORMAT, DPP_ERR_IMAGE_TOO_LARGE, DPP_ERR_IMAGE_CORRUPT,
    DPP_ERR_IMAGE_NO_CODE, DPP_ERR_IMAGE_NOT_PASSPORT, DPP_ERR_IMAGE_AMBIGUOUS,
    DPP_ERR_XLSX_NOT_ZIP, DPP_ERR_XLSX_ZIP, DPP_ERR_XLSX_BOMB, DPP_ERR_XLSX_PART, DPP_ERR_XLSX_XML,
    DPP_ERR_XLSX_CELL, DPP_ERR_CBAM_TEMPLATE, DPP_ERR_CBAM_VALUE,
};
#define N_ALL (sizeof k_all / sizeof k_all[0])

static void every_code_has_a_distinct_name_and_message(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ALL; i++) {
        const char *name = dpp_err_name(k_all[i]);
        assert_string_not_equal(name, "DPP_ERR_UNKNOWN");
        assert_string_not_equal(dpp_err_str(k_all[i]), "unknown libdpp error");
        assert_true(strncmp(name, "DPP_", 4) == 0);
        for (size_t j = 0; j < i; j++) {
            assert_int_not_equal(k_all[i], k_all[j]);
            assert_string_not_equal(name, dpp_err_name(k_all[j]));
        }
    }
    assert_string_equal(dpp_err_name(DPP_ERR_SIGNATURE), "DPP_ERR_SIGNATURE");
    assert_string_equal(dpp_err_name((dpp_err)12345), "DPP_ERR_UNKNOWN");
    assert_string_equal(dpp_err_str((dpp_err)12345), "unknown libdpp error");
}

static void ranges_classify_codes(void **state)
{
    (void)state;
    assert_true(dpp_err_is_usage(DPP_ERR_INVALID_ARG));
    assert_true(dpp_err_is_usage(DPP_ERR_UNSUPPORTED));
    assert_int_equal(DPP_ERR_UNSUPPORTED, 5);
    assert_true(dpp_err_is_malformed(DPP_ERR_BASE45));
    assert_true(dpp_err_is_malformed(DPP_ERR_CWT_CLAIMS));
    assert_true(dpp_err_is_invalid(DPP_ERR_SIGNATURE));
    assert_true(dpp_err_is_invalid(DPP_ERR_EXPIRED));
    assert_true(dpp_err_is_schema(DPP_ERR_SCHEMA_CHECK_DIGIT));
    assert_false(dpp_err_is_malformed(DPP_OK));
    assert_false(dpp_err_is_invalid(DPP_ERR_BASE45));
    assert_true(dpp_err_is_trust(DPP_ERR_LIST_UNSIGNED));
    assert_true(dpp_err_is_trust(DPP_ERR_NOT_FOUND));
    assert_false(dpp_err_is_trust(DPP_ERR_QR_CAPACITY));
    assert_false(dpp_err_is_invalid(DPP_ERR_REVOKED));
    assert_true(dpp_err_is_dl(DPP_ERR_DL_SYNTAX));
    assert_true(dpp_err_is_dl(DPP_ERR_DL_DOMAIN_SCOPE));
    assert_false(dpp_err_is_dl(DPP_ERR_NOT_FOUND));
    assert_false(dpp_err_is_trust(DPP_ERR_DL_SYNTAX));
    assert_true(dpp_err_is_image(DPP_ERR_IMAGE_FORMAT));
    assert_true(dpp_err_is_image(DPP_ERR_IMAGE_AMBIGUOUS));
    assert_false(dpp_err_is_image(DPP_ERR_DL_DOMAIN_SCOPE));
    assert_false(dpp_err_is_dl(DPP_ERR_IMAGE_FORMAT));
    assert_true(dpp_err_is_workbook(DPP_ERR_XLSX_NOT_ZIP));
    assert_true(dpp_err_is_workbook(DPP_ERR_CBAM_VALUE));
    assert_false(dpp_err_is_workbook(DPP_ERR_IMAGE_AMBIGUOUS));
    assert_false(dpp_err_is_image(DPP_ERR_XLSX_NOT_ZIP));
    for (size_t i = 1; i < N_ALL; i++) {
        int classes = dpp_err_is_usage(k_all[i]) + dpp_err_is_malformed(k_all[i]) +
                      dpp_err_is_invalid(k_all[i]) + dpp_err_is_schema(k_all[i]) + dpp_err_is_trust(k_all[i]) +
                      dpp_err_is_dl(k_all[i]) + dpp_err_is_image(k_all[i]) + dpp_err_is_workbook(k_all[i]);
        assert_true(classes <= 1);
    }
}

static void limits_match_function_twins(void **state)
{
    (void)state;
    assert_int_equal(dpp_max_text_len(), DPP_MAX_TEXT_LEN);
    assert_int_equal(dpp_max_cose_len(), DPP_MAX_COSE_LEN);
    assert_int_equal(dpp_max_cbor_depth(), DPP_MAX_CBOR_DEPTH);
    assert_int_equal(dpp_iat_skew_seconds(), DPP_IAT_SKEW_SECONDS);
    assert_int_equal(dpp_kid_len(), DPP_KID_LEN);
    assert_int_equal(dpp_version_number(),
                     (DPP_VERSION_MAJOR << 16) | (DPP_VERSION_MINOR << 8) | DPP_VERSION_PATCH);
    assert_string_equal(dpp_version_string(), DPP_VERSION_STRING);
}

static void diag_set_formats_and_truncates(void **state)
{
    dpp_diag d;
    char big[600];
    (void)state;
    assert_int_equal(dpp_diag_set(&d, DPP_ERR_SCHEMA_RANGE, 7, "field %s: %d", "x", 3), DPP_ERR_SCHEMA_RANGE);
    assert_int_equal(d.err, DPP_ERR_SCHEMA_RANGE);
    assert_int_equal(d.offset, 7);
    assert_string_equal(d.msg, "field x: 3");
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    dpp_diag_set(&d, DPP_ERR_INVALID_ARG, SIZE_MAX, "%s", big);
    assert_int_equal(strlen(d.msg), DPP_DIAG_MSG_LEN - 1);
    dpp_diag_clear(&d);
    assert_int_equal(d.err, DPP_OK);
    assert_string_equal(d.msg, "");
    assert_int_equal(dpp_diag_set(NULL, DPP_ERR_BASE45, 0, "ignored"), DPP_ERR_BASE45);
}

/* A message cut at DPP_DIAG_MSG_LEN never ends in half a character: every
 * prefix length and every character width (2, 3, 4 bytes), through both
 * dpp_diag_set and dpp_diag_set_at. */
static void diag_truncation_keeps_whole_characters(void **state)
{
    static const char *const chars[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"}; /* é € 😀 */
    (void)state;
    for (size_t c = 0; c < 3; c++) {
        size_t w = strlen(chars[c]);
        for (size_t pre = 0; pre < 4; pre++) {
            char text[700];
            size_t n = 0;
            dpp_diag d;
            memset(text, 'a', pre);
            n = pre;
            while (n + w < sizeof text - 1) {
                memcpy(text + n, chars[c], w);
                n += w;
            }
            text[n] = '\0';

            dpp_diag_set(&d, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, "%s", text);
            assert_true(strlen(d.msg) <= DPP_DIAG_MSG_LEN - 1);
            assert_true(strlen(d.msg) > DPP_DIAG_MSG_LEN - 1 - w);
            assert_true(dpp_cb_utf8_valid((const uint8_t *)d.msg, strlen(d.msg)));
            assert_memory_equal(d.msg, text, strlen(d.msg));

            dpp_diag_set_at(&d, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, DPP_PATH("name"), "%s", text);
            assert_true(strlen(d.msg) <= DPP_DIAG_MSG_LEN - 1);
            assert_true(strlen(d.msg) > DPP_DIAG_MSG_LEN - 1 - w);
            assert_true(dpp_cb_utf8_valid((const uint8_t *)d.msg, strlen(d.msg)));
            assert_memory_equal(d.msg, "name: ", 6);
            assert_memory_equal(d.msg + 6, text, strlen(d.msg) - 6);
        }
    }
}


/* dpp_diag.path: dpp_diag_set_at sets it from its dpp_path, dpp_diag_set
 * and dpp_diag_clear empty it, dpp_diag_set_path copies (whole characters). */
static void diag_path_field(void **state)
{
    dpp_diag d;
    char long_path[400];
    (void)state;
    memset(&d, 0x55, sizeof d);
    dpp_diag_set_at(&d, DPP_ERR_SCHEMA_MISSING, SIZE_MAX, ((dpp_path){"materials", 2, "name"}), "missing");
    assert_string_equal(d.msg, "materials[2].name: missing");
    assert_string_equal(d.path, "materials[2].name");
    dpp_diag_set_at(&d, DPP_ERR_SCHEMA_MISSING, SIZE_MAX, DPP_PATH("gtin"), "missing");
    assert_string_equal(d.path, "gtin");
    dpp_diag_set(&d, DPP_ERR_BASE45, 3, "bad base45");
    assert_string_equal(d.path, "");
    dpp_diag_set_path(&d, "footprint.total");
    assert_string_equal(d.path, "footprint.total");
    dpp_diag_clear(&d);
    assert_string_equal(d.path, "");
    dpp_diag_set_path(&d, "x");
    dpp_diag_set_path(&d, NULL);
    assert_string_equal(d.path, "");
    dpp_diag_set_path(NULL, "x");
    /* too long: cut to the buffer, never inside a character */
    memset(long_path, 'a', 2); /* an odd cut would split the 2-byte characters */
    for (size_t i = 2; i + 2 < sizeof long_path; i += 2) memcpy(long_path + i, "\xc3\xa9", 2);
    long_path[sizeof long_path - 1] = '\0';
    long_path[sizeof long_path - 2] = '\0';
    dpp_diag_set_path(&d, long_path);
    assert_true(strlen(d.path) <= DPP_DIAG_PATH_LEN - 1);
    assert_int_equal(strlen(d.path), DPP_DIAG_PATH_LEN - 2);
    assert_true(dpp_cb_utf8_valid((const uint8_t *)d.path, strlen(d.path)));
}

/* Input quoted in messages: controls, C1, bidi and bad bytes escaped. */
static void diag_quote_escapes_terminal_controls(void **state)
{
    char q[DPP_DIAG_QUOTE_CAP];
    static const char in[] = "A\x1b[2J\x7f\xc2\x9b\xe2\x80\xae\xe2\x81\xa6\xff\xc3\xa9\\";
    (void)state;
    assert_string_equal(dpp_diag_quote(q, sizeof q, in, sizeof in - 1),
                        "A\\x1b[2J\\x7f\\u009b\\u202e\\u2066\\xff\xc3\xa9\\");
    assert_string_equal(dpp_diag_quote(q, sizeof q, "ES256", 5), "ES256");
    assert_string_equal(dpp_diag_quote(q, sizeof q, "\xe2\x82", 2), "\\xe2\\x82"); /* cut character */
    assert_string_equal(dpp_diag_quote(q, sizeof q, "\xc0\x80", 2), "\\xc0\\x80");  /* overlong NUL */
    assert_string_equal(dpp_diag_quote(q, sizeof q, "", 0), "");
    /* Too long: cut at a character (or escape) boundary, marked "...". */
    assert_string_equal(dpp_diag_quote(q, 10, "abcdefghijkl", 12), "abcdef...");
    assert_string_equal(dpp_diag_quote(q, 10, "ab\x1b\x1b\x1b", 5), "ab\\x1b...");
    assert_string_equal(dpp_diag_quote(q, 9, "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 9), "\xe2\x82\xac...");
}

/* Rule T: bidi controls are not text (spec/README.md, rule T). */
static void rule_t_rejects_bidi_controls(void **state)
{
    static const char *const bidi[] = {"\xe2\x80\x8e", "\xe2\x80\x8f", "\xe2\x80\xaa", "\xe2\x80\xae",
                                       "\xe2\x81\xa6", "\xe2\x81\xa9"};
    (void)state;
    for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++) {
        char t[16];
        size_t at = 0;
        uint32_t cp = 0;
        (void)snprintf(t, sizeof t, "ab%sc", bidi[i]);
        assert_false(dpp_text_valid(t, strlen(t)));
        assert_int_equal(dpp_text_check(t, strlen(t), &at, &cp), DPP_TEXT_BIDI);
        assert_int_equal(at, 2);
        assert_true(dpp_char_is_bidi_control(cp));
    }
    /* Neighbours of the bidi ranges stay text. */
    assert_true(dpp_text_valid("\xe2\x80\x8d", 3));  /* U+200D ZWJ */
    assert_true(dpp_text_valid("\xe2\x80\xaf", 3));  /* U+202F */
    assert_true(dpp_text_valid("\xe2\x81\xaa", 3));  /* U+206A */
    assert_true(dpp_text_valid("Stra\xc3\x9f" "e", 7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_code_has_a_distinct_name_and_message),
        cmocka_unit_test(ranges_classify_codes),
        cmocka_unit_test(limits_match_function_twins),
        cmocka_unit_test(diag_set_formats_and_truncates),
        cmocka_unit_test(diag_truncation_keeps_whole_characters),
        cmocka_unit_test(diag_path_field),
        cmocka_unit_test(diag_quote_escapes_terminal_controls),
        cmocka_unit_test(rule_t_rejects_bidi_controls),
    };
    return cmocka_run_group_tests_name("dpp_err", tests, NULL, NULL);
}
