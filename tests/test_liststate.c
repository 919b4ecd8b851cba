/* SPDX-License-Identifier: Apache-2.0 */
/* Rollback protection state (libdpp/src/liststate.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "dpp/dpp.h"
#include "dpp/dpp_liststate.h"

static const uint8_t KID_A[DPP_KID_LEN] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
static const uint8_t KID_B[DPP_KID_LEN] = {0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
#define T7 1793613600 /* 2026-11-02T10:00:00Z */

static void digest(uint8_t out[32], uint8_t fill) { memset(out, fill, 32); }

static void rollback_refused(void **state)
{
    dpp_liststate *st = NULL;
    uint8_t d7[32], d8[32];
    dpp_diag d;
    bool changed = false;
    (void)state;
    digest(d7, 7);
    digest(d8, 8);
    assert_int_equal(dpp_liststate_new(&st), DPP_OK);
    /* nothing seen: anything goes */
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, KID_A, 4, T7 - 86400, d7, &d), DPP_OK);
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_TRUST, KID_A, 7, T7, d7, &changed, &d), DPP_OK);
    assert_true(changed);
    /* older: refused, with the documented message */
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, KID_A, 4, T7 - 86400, d8, &d),
                     DPP_ERR_LIST_ROLLBACK);
    assert_int_equal(d.err, DPP_ERR_LIST_ROLLBACK);
    assert_string_equal(d.msg, "trust list sequence 4 from operator 0123456789abcdef is older than sequence 7 "
                               "seen 2026-11-02T10:00:00Z");
    /* update refuses too, and leaves the state alone */
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_TRUST, KID_A, 4, T7 - 86400, d8, &changed, &d),
                     DPP_ERR_LIST_ROLLBACK);
    assert_false(changed);
    /* the same list again: fine, nothing changes */
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_TRUST, KID_A, 7, T7, d7, &changed, &d), DPP_OK);
    assert_false(changed);
    /* same sequence, other content or other issue time: equivocation */
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, KID_A, 7, T7, d8, &d), DPP_ERR_LIST_ROLLBACK);
    assert_string_equal(d.msg, "trust list sequence 7 from operator 0123456789abcdef differs from the sequence 7 "
                               "seen 2026-11-02T10:00:00Z (issued 2026-11-02T10:00:00Z): two different lists "
                               "with one sequence number");
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, KID_A, 7, T7 + 1, d7, &d), DPP_ERR_LIST_ROLLBACK);
    /* other kind, other operator: independent */
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_REVOCATION, KID_A, 1, T7, d8, &d), DPP_OK);
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, KID_B, 1, T7, d8, &d), DPP_OK);
    /* newer: accepted even with an earlier issued_at (the sequence orders lists) */
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_TRUST, KID_A, 8, T7 - 5, d8, &changed, &d), DPP_OK);
    assert_true(changed);
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, KID_A, 7, T7, d7, &d), DPP_ERR_LIST_ROLLBACK);
    assert_int_equal(dpp_liststate_count(st), 1);
    dpp_liststate_free(st);
}

static void bad_arguments(void **state)
{
    dpp_liststate *st = NULL;
    uint8_t d0[32] = {0};
    dpp_liststate_entry e;
    (void)state;
    assert_int_equal(dpp_liststate_new(&st), DPP_OK);
    assert_int_equal(dpp_liststate_check(NULL, DPP_LIST_KIND_TRUST, KID_A, 1, 1, d0, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_liststate_check(st, (dpp_list_kind)4, KID_A, 1, 1, d0, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_liststate_check(st, (dpp_list_kind)0, KID_A, 1, 1, d0, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, KID_A, 0, 1, d0, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, KID_A, (uint64_t)INT64_MAX + 1, 1, d0, NULL),
                     DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, KID_A, 1, 0, d0, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, NULL, 1, 1, d0, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, KID_A, 1, 1, NULL, NULL), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_liststate_get(st, 0, &e), DPP_ERR_INVALID_ARG);
    assert_int_equal(dpp_liststate_count(NULL), 0);
    dpp_liststate_free(st);
    dpp_liststate_free(NULL);
}

static void round_trip(void **state)
{
    dpp_liststate *st = NULL, *back = NULL;
    uint8_t d1[32], buf[1024], buf2[1024];
    size_t len = 0, len2 = 0, need = 0;
    dpp_liststate_entry e;
    (void)state;
    digest(d1, 0xab);
    assert_int_equal(dpp_liststate_new(&st), DPP_OK);
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_REVOCATION, KID_B, 3, T7, d1, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_TRUST, KID_B, (uint64_t)INT64_MAX, INT64_MAX, d1, NULL,
                                          NULL),
                     DPP_OK);
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_TRUST, KID_A, 7, T7, d1, NULL, NULL), DPP_OK);
    assert_int_equal(dpp_liststate_serialize(st, NULL, 0, &need), DPP_OK);
    assert_int_equal(dpp_liststate_serialize(st, buf, need - 1, &len), DPP_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, need);
    assert_int_equal(dpp_liststate_serialize(st, buf, sizeof buf, &len), DPP_OK);
    assert_int_equal(len, need);
    {
        const char *want = "dpp-liststate 1\n"
                           "trust 0123456789abcdef 7 1793613600 "
                           "abababababababababababababababababababababababababababababababab\n"
                           "trust fedcba9876543210 9223372036854775807 9223372036854775807 "
                           "abababababababababababababababababababababababababababababababab\n"
                           "revocation fedcba9876543210 3 1793613600 "
                           "abababababababababababababababababababababababababababababababab\n";
        assert_int_equal(len, strlen(want));
        assert_memory_equal(buf, want, len);
    }
    assert_int_equal(dpp_liststate_parse(buf, len, &back, NULL), DPP_OK);
    assert_int_equal(dpp_liststate_count(back), 3);
    assert_int_equal(dpp_liststate_get(back, 0, &e), DPP_OK);
    assert_int_equal(e.kind, DPP_LIST_KIND_TRUST);
    assert_memory_equal(e.operator_kid, KID_A, DPP_KID_LEN);
    assert_int_equal(e.sequence, 7);
    assert_int_equal(e.issued_at, T7);
    assert_memory_equal(e.digest, d1, 32);
    assert_int_equal(dpp_liststate_serialize(back, buf2, sizeof buf2, &len2), DPP_OK);
    assert_int_equal(len2, len);
    assert_memory_equal(buf2, buf, len);
    dpp_liststate_free(back);
    /* empty input is an empty state */
    assert_int_equal(dpp_liststate_parse(NULL, 0, &back, NULL), DPP_OK);
    assert_int_equal(dpp_liststate_count(back), 0);
    dpp_liststate_free(back);
    dpp_liststate_free(st);
}

static void malformed(void **state)
{
#define HDR "dpp-liststate 1\n"
#define DG "abababababababababababababababababababababababababababababababab"
    const struct {
        const char *text;
        const char *msg;
    } cases[] = {
        {"dpp-liststate 2\n", "line 1 (offset 0): expected the header"},
        {"dpp-liststate 1", "line 1 (offset 0): expected the header"},
        {HDR "trust 0123456789abcdef 7 1793613600 " DG, "line 2 (offset 52): digest"},
        {HDR "trusted 0123456789abcdef 7 1793613600 " DG "\n", "line 2 (offset 16): kind"},
        {HDR "trust 0123456789ABCDEF 7 1793613600 " DG "\n", "line 2 (offset 22): operator kid"},
        {HDR "trust 0123456789abcde 7 1793613600 " DG "\n", "line 2 (offset 22): operator kid"},
        {HDR "trust 0123456789abcdef 07 1793613600 " DG "\n", "line 2 (offset 39): sequence"},
        {HDR "trust 0123456789abcdef 0 1793613600 " DG "\n", "line 2 (offset 39): sequence"},
        {HDR "trust 0123456789abcdef 9223372036854775808 1 " DG "\n", "line 2 (offset 39): sequence"},
        {HDR "trust 0123456789abcdef -1 1 " DG "\n", "line 2 (offset 39): sequence"},
        {HDR "trust 0123456789abcdef 7  1793613600 " DG "\n", "line 2 (offset 41): issued_at"},
        {HDR "trust 0123456789abcdef 7 1793613600 " DG " \n", "line 2 (offset 52): digest"},
        {HDR "trust 0123456789abcdef 7 1793613600 " DG "\r\n", "line 2 (offset 52): digest"},
        {HDR "trust 0123456789abcdef 7 1793613600\n", "line 2 (offset 41): issued_at"},
        {HDR "\n", "line 2 (offset 16): kind"},
        {HDR "trust 0123456789abcdef 7 1793613600 " DG "\ntrust 0123456789abcdef 8 1793613600 " DG "\n",
         "line 3 (offset 117): a second record"},
        /* status-list parts (issue 22) */
        {HDR "status 00112233445566 7 1793613600 " DG "\n", "line 2 (offset 23): status list id"},
        {HDR "statuses 0011223344556677 7 1793613600 " DG "\n", "line 2 (offset 16): kind: expected \"trust\", "
                                                                 "\"revocation\" or \"status\""},
        {HDR "status 0011223344556677 0 1793613600 " DG "\n", "line 2 (offset 40): sequence"},
        {HDR "status 0011223344556677 7 1793613600 " DG "\nstatus 0011223344556677 8 1793613600 " DG "\n",
         "line 3 (offset 118): a second record for the same status list id"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dpp_liststate *st = (dpp_liststate *)&st; /* must become NULL */
        dpp_diag d;
        dpp_err rc = dpp_liststate_parse((const uint8_t *)cases[i].text, strlen(cases[i].text), &st, &d);
        if (rc != DPP_ERR_STATE_FILE || strstr(d.msg, cases[i].msg) == NULL)
            fail_msg("case %zu: %s %s", i, dpp_err_name(rc), d.msg);
        assert_null(st);
        assert_int_equal(d.err, DPP_ERR_STATE_FILE);
        assert_true(strncmp(d.msg, "list state: line ", 17) == 0);
    }
#undef HDR
#undef DG
}


static const uint8_t LIST_A[DPP_KID_LEN] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};

/* Status-list parts: keyed by list id, digest of the content, issue time informative. */
static void status_parts(void **state)
{
    dpp_liststate *st = NULL, *back = NULL;
    uint8_t d7[32], d8[32], buf[1024];
    size_t len = 0;
    dpp_liststate_entry e;
    dpp_diag d;
    bool changed = false;
    (void)state;
    digest(d7, 7);
    digest(d8, 8);
    assert_int_equal(dpp_liststate_new(&st), DPP_OK);
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_STATUS, LIST_A, 7, T7, d7, &changed, &d), DPP_OK);
    assert_true(changed);
    /* an older part: refused, naming the list id, both sequences and the time of the newer one */
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_STATUS, LIST_A, 4, T7 - 86400, d8, &d),
                     DPP_ERR_LIST_ROLLBACK);
    assert_string_equal(d.msg, "status list 0011223344556677 sequence 4 is older than sequence 7 seen "
                               "2026-11-02T10:00:00Z");
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_STATUS, LIST_A, 4, T7 - 86400, d8, &changed, &d),
                     DPP_ERR_LIST_ROLLBACK);
    assert_false(changed);
    /* the same content at the same sequence (reached by a delta: another issue time): accepted */
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_STATUS, LIST_A, 7, T7 + 60, d7, &changed, &d), DPP_OK);
    assert_false(changed);
    /* other content at the same sequence: equivocation */
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_STATUS, LIST_A, 7, T7, d8, &d), DPP_ERR_LIST_ROLLBACK);
    assert_string_equal(d.msg, "status list 0011223344556677 sequence 7 has other content than the sequence 7 "
                               "seen 2026-11-02T10:00:00Z: two different lists with one sequence number");
    /* the same 8 bytes as an operator kid of a trust list: another record */
    assert_int_equal(dpp_liststate_check(st, DPP_LIST_KIND_TRUST, LIST_A, 1, T7, d8, &d), DPP_OK);
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_TRUST, KID_B, 2, T7, d8, NULL, &d), DPP_OK);
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_STATUS, LIST_A, 9, T7 + 120, d8, NULL, &d), DPP_OK);
    /* text: trust before status; a round trip */
    assert_int_equal(dpp_liststate_serialize(st, buf, sizeof buf, &len), DPP_OK);
    assert_true(len < sizeof buf);
    buf[len] = '\0';
    assert_non_null(strstr((const char *)buf, "\ntrust fedcba9876543210 2 1793613600 "));
    assert_non_null(strstr((const char *)buf, "\nstatus 0011223344556677 9 1793613720 "
                                              "0808080808080808080808080808080808080808080808080808080808080808\n"));
    assert_true(strstr((const char *)buf, "\ntrust ") < strstr((const char *)buf, "\nstatus "));
    assert_int_equal(dpp_liststate_parse(buf, len, &back, &d), DPP_OK);
    assert_int_equal(dpp_liststate_count(back), 2);
    assert_int_equal(dpp_liststate_get(back, 1, &e), DPP_OK);
    assert_int_equal(e.kind, DPP_LIST_KIND_STATUS);
    assert_memory_equal(e.operator_kid, LIST_A, DPP_KID_LEN);
    assert_int_equal(e.sequence, 9);
    assert_int_equal(dpp_liststate_check(back, DPP_LIST_KIND_STATUS, LIST_A, 8, T7, d8, &d), DPP_ERR_LIST_ROLLBACK);
    dpp_liststate_free(back);
    dpp_liststate_free(st);
}

static void file_save_and_load(void **state)
{
    char dir[] = "/tmp/dpp-liststate-XXXXXX", path[256];
    dpp_liststate *st = NULL, *back = NULL;
    uint8_t d1[32];
    dpp_diag d;
    FILE *f;
    struct stat sb;
    (void)state;
    digest(d1, 1);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/lists.state", dir);
    /* missing file: empty state */
    assert_int_equal(dpp_liststate_load(path, &st, &d), DPP_OK);
    assert_int_equal(dpp_liststate_count(st), 0);
    assert_int_equal(dpp_liststate_update(st, DPP_LIST_KIND_TRUST, KID_A, 2, T7, d1, NULL, &d), DPP_OK);
    assert_int_equal(dpp_liststate_save(st, path, &d), DPP_OK);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(dpp_liststate_load(path, &back, &d), DPP_OK);
    assert_int_equal(dpp_liststate_check(back, DPP_LIST_KIND_TRUST, KID_A, 1, T7, d1, &d), DPP_ERR_LIST_ROLLBACK);
    dpp_liststate_free(back);
    /* malformed file: the message names the path and the line */
    f = fopen(path, "ab");
    assert_non_null(f);
    fputs("garbage\n", f);
    fclose(f);
    assert_int_equal(dpp_liststate_load(path, &back, &d), DPP_ERR_STATE_FILE);
    assert_null(back);
    assert_non_null(strstr(d.msg, path));
    assert_non_null(strstr(d.msg, "line 3"));
    /* a directory where the file should be: cannot save */
    {
        char sub[300];
        snprintf(sub, sizeof sub, "%s/nodir/lists.state", dir);
        assert_int_equal(dpp_liststate_save(st, sub, &d), DPP_ERR_STATE_FILE);
        assert_non_null(strstr(d.msg, "cannot create a temporary file"));
    }
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0); /* fails if a temporary file was left */
    dpp_liststate_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rollback_refused), cmocka_unit_test(bad_arguments),  cmocka_unit_test(round_trip),
        cmocka_unit_test(malformed),        cmocka_unit_test(file_save_and_load), cmocka_unit_test(status_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
