/* Error codes: every code has a distinct name and a message; ranges hold;
 * limit macros equal their function twins. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "diag.h"
#include "dpp/dpp.h"

static const dpp_err k_all[] = {
    DPP_OK, DPP_ERR_INVALID_ARG, DPP_ERR_BUFFER_TOO_SMALL, DPP_ERR_NO_MEMORY, DPP_ERR_CRYPTO_BACKEND,
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
    DPP_ERR_DL_SYNTAX, DPP_ERR_DL_PERCENT, DPP_ERR_DL_AI, DPP_ERR_DL_AI_VALUE, DPP_ERR_DL_QUALIFIER_ORDER,
    DPP_ERR_DL_QUERY, DPP_ERR_DL_PAYLOAD, DPP_ERR_DL_DOMAIN, DPP_ERR_DL_PRIMARY_KEY, DPP_ERR_DL_QUALIFIER,
    DPP_ERR_DL_DOMAIN_SCOPE,
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
    for (size_t i = 1; i < N_ALL; i++) {
        int classes = dpp_err_is_usage(k_all[i]) + dpp_err_is_malformed(k_all[i]) +
                      dpp_err_is_invalid(k_all[i]) + dpp_err_is_schema(k_all[i]) + dpp_err_is_trust(k_all[i]) +
                      dpp_err_is_dl(k_all[i]);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_code_has_a_distinct_name_and_message),
        cmocka_unit_test(ranges_classify_codes),
        cmocka_unit_test(limits_match_function_twins),
        cmocka_unit_test(diag_set_formats_and_truncates),
    };
    return cmocka_run_group_tests_name("dpp_err", tests, NULL, NULL);
}
