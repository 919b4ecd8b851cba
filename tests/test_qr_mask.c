/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fast mask choice (libdpp/src/qr_mask.c) against QR-Code-generator:
 *  - over thousands of random payloads (all 40 versions, all ECC levels,
 *    alphanumeric and byte mode), the mask chosen from a symbol drawn with
 *    any fixed mask is Mask_AUTO's, and the symbol drawn with it is
 *    Mask_AUTO's symbol byte for byte; dpp_qr_encode() gives the same modules;
 *  - each of the eight penalty scores equals an independent, run-list
 *    reference implementation of the ISO/IEC 18004 rules as
 *    QR-Code-generator 1.8.0 applies them, scored on QR-Code-generator's own
 *    drawing with that mask;
 *  - on arbitrary module matrices with planted finder-like patterns
 *    (n = 1..8, at the borders, with short and long light sides) the score
 *    of the symbol as drawn equals the reference;
 *  - the mask-pattern tables equal the formulas; bad arguments give -1.
 * The random seed is printed; set DPP_TEST_SEED to replay a run. Under
 * valgrind the random identity run is 200 payloads instead of 2500.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <qrcodegen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dpp/dpp_qr.h"
#include "qr_mask.h"

/* Under valgrind (20-50 times slower) the random part is shortened. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifdef RUNNING_ON_VALGRIND
#define UNDER_VALGRIND (RUNNING_ON_VALGRIND != 0)
#else
#define UNDER_VALGRIND 0
#endif

static const char k_alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* ---- deterministic random numbers (xorshift64*) ---- */

static uint64_t g_rng;

static uint32_t rnd(void)
{
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return (uint32_t)((g_rng * UINT64_C(2685821657736338717)) >> 32);
}

static uint32_t rnd_below(uint32_t n) { return rnd() % n; }

static int seed_setup(void **state)
{
    const char *env = getenv("DPP_TEST_SEED");
    uint64_t seed = env != NULL ? strtoull(env, NULL, 0) : (uint64_t)time(NULL);
    (void)state;
    if (seed == 0) seed = 1;
    g_rng = seed;
    printf("test_qr_mask: seed %llu (replay with DPP_TEST_SEED=%llu)\n", (unsigned long long)seed,
           (unsigned long long)seed);
    return 0;
}

/* ---- reference penalty: run lists, module by module ---- */

typedef struct ref_sym {
    int size;
    bool m[DPP_QR_MAX_SIZE][DPP_QR_MAX_SIZE]; /* [y][x], true = dark */
} ref_sym;

static void ref_from_qrcodegen(ref_sym *r, const uint8_t *qr)
{
    r->size = qrcodegen_getSize(qr);
    for (int y = 0; y < r->size; y++)
        for (int x = 0; x < r->size; x++) r->m[y][x] = qrcodegen_getModule(qr, x, y);
}

/* N1 + N3 of one line given as modules. */
static long ref_line(const bool *line, int s)
{
    int len[DPP_QR_MAX_SIZE + 2];
    bool dark[DPP_QR_MAX_SIZE + 2];
    int n = 0;
    long pen = 0;

    /* Runs, with the outside as a light run of s modules at each end
     * (merged into a light run that touches the edge). */
    dark[n] = false;
    len[n++] = s;
    for (int i = 0; i < s; i++) {
        if (line[i] == dark[n - 1]) {
            len[n - 1]++;
        } else {
            dark[n] = line[i];
            len[n++] = 1;
        }
    }
    if (dark[n - 1]) {
        dark[n] = false;
        len[n++] = s;
    } else {
        len[n - 1] += s;
    }
    /* N1: runs inside the symbol (the border part excluded). */
    for (int j = 0; j < n; j++) {
        int inside = len[j] - (j == 0 ? s : 0) - (j == n - 1 ? s : 0);
        if (inside >= 5) pen += 3 + (inside - 5);
    }
    /* N3: light, dark n, light n, dark 3n, light n, dark n, light. */
    for (int j = 1; j + 5 < n; j++) {
        int k = len[j];
        if (!dark[j] || len[j + 1] != k || len[j + 2] != 3 * k || len[j + 3] != k || len[j + 4] != k) continue;
        pen += 40L * ((len[j + 5] >= 4 * k && len[j - 1] >= k) + (len[j - 1] >= 4 * k && len[j + 5] >= k));
    }
    return pen;
}

static long ref_penalty(const ref_sym *r)
{
    int s = r->size;
    long pen = 0, dark = 0, total = (long)s * s, k;
    bool line[DPP_QR_MAX_SIZE];

    for (int y = 0; y < s; y++) pen += ref_line(r->m[y], s);
    for (int x = 0; x < s; x++) {
        for (int y = 0; y < s; y++) line[y] = r->m[y][x];
        pen += ref_line(line, s);
    }
    for (int y = 0; y + 1 < s; y++)
        for (int x = 0; x + 1 < s; x++) {
            bool c = r->m[y][x];
            if (r->m[y][x + 1] == c && r->m[y + 1][x] == c && r->m[y + 1][x + 1] == c) pen += 3;
        }
    for (int y = 0; y < s; y++)
        for (int x = 0; x < s; x++) dark += r->m[y][x];
    k = (labs(dark * 20L - total * 10L) + total - 1) / total - 1;
    return pen + k * 10;
}

/* Writes a module matrix into a QR-Code-generator-layout buffer. */
static void ref_to_buffer(const ref_sym *r, uint8_t *qr)
{
    int s = r->size;
    memset(qr, 0, qrcodegen_BUFFER_LEN_MAX);
    qr[0] = (uint8_t)s;
    for (int y = 0; y < s; y++)
        for (int x = 0; x < s; x++)
            if (r->m[y][x]) {
                int i = y * s + x;
                qr[(i >> 3) + 1] |= (uint8_t)(1u << (i & 7));
            }
}

/* ---- payloads ---- */

typedef struct payload {
    bool alnum;
    size_t len;
    uint8_t bytes[3000];
    char text[4300];
} payload;

/* A random payload; lengths mostly small (fast symbols: versions 1..15),
 * a few up to the version-40 capacity. */
static void random_payload(payload *p, dpp_ecc ecc)
{
    static const size_t max_alnum[4] = {4296, 3391, 2420, 1852};
    static const size_t max_bytes[4] = {2953, 2331, 1663, 1273};
    uint32_t r = rnd_below(100);
    size_t cap;
    p->alnum = rnd_below(2) == 0;
    cap = p->alnum ? max_alnum[ecc] : max_bytes[ecc];
    if (r < 85) p->len = 1 + rnd_below(60);
    else if (r < 99) p->len = 1 + rnd_below(300);
    else p->len = 1 + rnd_below((uint32_t)cap);
    if (p->len > cap) p->len = cap;
    for (size_t i = 0; i < p->len; i++) {
        if (p->alnum) p->text[i] = k_alnum[rnd_below(45)];
        else p->bytes[i] = (uint8_t)rnd();
    }
    p->text[p->alnum ? p->len : 0] = '\0';
}

/* Draws p with QR-Code-generator: versions [vmin, vmax], the given mask
 * (qrcodegen_Mask_AUTO or 0..7), ECC never boosted. */
static bool draw(const payload *p, dpp_ecc ecc, int vmin, int vmax, int mask, uint8_t *qr)
{
    static uint8_t segbuf[qrcodegen_BUFFER_LEN_MAX];
    uint8_t temp[qrcodegen_BUFFER_LEN_MAX];
    struct qrcodegen_Segment seg;
    if (p->alnum) seg = qrcodegen_makeAlphanumeric(p->text, segbuf);
    else seg = qrcodegen_makeBytes(p->bytes, p->len, segbuf);
    return qrcodegen_encodeSegmentsAdvanced(&seg, 1, (enum qrcodegen_Ecc)ecc, vmin, vmax, (enum qrcodegen_Mask)mask,
                                            false, temp, qr);
}

static size_t symbol_bytes(const uint8_t *qr)
{
    int v = (qr[0] - 17) / 4;
    return (size_t)qrcodegen_BUFFER_LEN_FOR_VERSION(v);
}

/* Mask number from the format information QR-Code-generator drew. */
static int drawn_mask(const uint8_t *qr)
{
    unsigned w = 0;
    for (int i = 0; i <= 5; i++) w |= (unsigned)qrcodegen_getModule(qr, 8, i) << i;
    w |= (unsigned)qrcodegen_getModule(qr, 8, 7) << 6;
    w |= (unsigned)qrcodegen_getModule(qr, 8, 8) << 7;
    w |= (unsigned)qrcodegen_getModule(qr, 7, 8) << 8;
    for (int i = 9; i < 15; i++) w |= (unsigned)qrcodegen_getModule(qr, 14 - i, 8) << i;
    return (int)(((w ^ 0x5412u) >> 10) & 7u);
}

/* One payload: the choice from a drawing with a random mask is Mask_AUTO's
 * and redrawing with it gives Mask_AUTO's exact buffer. Returns the mask. */
static int check_identity(const payload *p, dpp_ecc ecc, int vmin, int vmax)
{
    static uint8_t autoqr[qrcodegen_BUFFER_LEN_MAX], drawn[qrcodegen_BUFFER_LEN_MAX], redrawn[qrcodegen_BUFFER_LEN_MAX];
    int m0 = (int)rnd_below(8);
    int chosen;

    assert_true(draw(p, ecc, vmin, vmax, qrcodegen_Mask_AUTO, autoqr));
    assert_true(draw(p, ecc, vmin, vmax, m0, drawn));
    chosen = dpp_qr_mask_choose(drawn, m0, ecc, NULL);
    if (chosen != drawn_mask(autoqr))
        fail_msg("version %d ecc %d len %zu %s, drawn with mask %d: chose %d, Mask_AUTO chose %d", (autoqr[0] - 17) / 4,
                 (int)ecc, p->len, p->alnum ? "alnum" : "bytes", m0, chosen, drawn_mask(autoqr));
    assert_true(draw(p, ecc, vmin, vmax, chosen, redrawn));
    assert_memory_equal(redrawn, autoqr, symbol_bytes(autoqr));
    return chosen;
}

/* ---- tests ---- */

static void tables_match_formulas(void **state)
{
    (void)state;
    for (int m = 0; m < 8; m++) {
        for (int y = 0; y < DPP_QR_MAX_SIZE; y++) {
            for (int x = 0; x < DPP_QR_MAX_SIZE; x++) {
                bool inv = false;
                switch (m) {
                case 0: inv = (x + y) % 2 == 0; break;
                case 1: inv = y % 2 == 0; break;
                case 2: inv = x % 3 == 0; break;
                case 3: inv = (x + y) % 3 == 0; break;
                case 4: inv = (x / 3 + y / 2) % 2 == 0; break;
                case 5: inv = x * y % 2 + x * y % 3 == 0; break;
                case 6: inv = (x * y % 2 + x * y % 3) % 2 == 0; break;
                default: inv = ((x + y) % 2 + x * y % 3) % 2 == 0; break;
                }
                if (dpp_qr_mask_pattern_bit(m, x, y) != (int)inv)
                    fail_msg("mask %d at (%d, %d): table %d, formula %d", m, x, y, dpp_qr_mask_pattern_bit(m, x, y),
                             (int)inv);
            }
        }
    }
    assert_int_equal(dpp_qr_mask_pattern_bit(-1, 0, 0), -1);
    assert_int_equal(dpp_qr_mask_pattern_bit(8, 0, 0), -1);
    assert_int_equal(dpp_qr_mask_pattern_bit(0, -1, 0), -1);
    assert_int_equal(dpp_qr_mask_pattern_bit(0, 0, -1), -1);
    assert_int_equal(dpp_qr_mask_pattern_bit(0, 177, 0), -1);
    assert_int_equal(dpp_qr_mask_pattern_bit(0, 0, 177), -1);
}

static void bad_arguments(void **state)
{
    static uint8_t qr[qrcodegen_BUFFER_LEN_MAX];
    long pen[8];
    payload *p = calloc(1, sizeof *p);
    (void)state;
    assert_non_null(p);
    memcpy(p->text, "DPP1:TEST", 10);
    p->alnum = true;
    p->len = 9;
    assert_true(draw(p, DPP_ECC_M, 1, 40, 0, qr));
    for (int i = 0; i < 8; i++) pen[i] = -7;

    assert_int_equal(dpp_qr_mask_choose(NULL, 0, DPP_ECC_M, pen), -1);
    assert_int_equal(dpp_qr_mask_choose(qr, -1, DPP_ECC_M, pen), -1);
    assert_int_equal(dpp_qr_mask_choose(qr, 8, DPP_ECC_M, pen), -1);
    assert_int_equal(dpp_qr_mask_choose(qr, 0, (dpp_ecc)-1, pen), -1);
    assert_int_equal(dpp_qr_mask_choose(qr, 0, (dpp_ecc)4, pen), -1);
    qr[0] = 20; /* below version 1 */
    assert_int_equal(dpp_qr_mask_choose(qr, 0, DPP_ECC_M, pen), -1);
    qr[0] = 22; /* not 4v + 17 */
    assert_int_equal(dpp_qr_mask_choose(qr, 0, DPP_ECC_M, pen), -1);
    qr[0] = 181; /* version 41 */
    assert_int_equal(dpp_qr_mask_choose(qr, 0, DPP_ECC_M, pen), -1);
    for (int i = 0; i < 8; i++) assert_int_equal(pen[i], -7); /* untouched */

    qr[0] = 21;
    assert_in_range(dpp_qr_mask_choose(qr, 0, DPP_ECC_M, NULL), 0, 7); /* penalties may be NULL */
    free(p);
}

/* Every version and ECC level once, then random payloads. */
static void choice_equals_mask_auto(void **state)
{
    payload *p = calloc(1, sizeof *p);
    unsigned seen = 0;
    int versions[41] = {0};
    int n = 0;
    (void)state;
    assert_non_null(p);

    /* Each version, forced (min = max = v), at a rotating ECC level. */
    for (int v = 1; v <= 40; v++) {
        static uint8_t qr[qrcodegen_BUFFER_LEN_MAX];
        dpp_ecc ecc = (dpp_ecc)(v % 4);
        random_payload(p, ecc);
        while (!draw(p, ecc, v, v, 0, qr)) { /* too long for v: shorten */
            p->len /= 2;
            p->text[p->alnum ? p->len : 0] = '\0';
        }
        seen |= 1u << check_identity(p, ecc, v, v);
        versions[v]++;
        n++;
    }
    /* Random payloads, smallest version that fits. */
    for (int i = 0; i < (UNDER_VALGRIND ? 200 : 2500); i++) {
        static uint8_t qr[qrcodegen_BUFFER_LEN_MAX];
        dpp_ecc ecc = (dpp_ecc)rnd_below(4);
        random_payload(p, ecc);
        seen |= 1u << check_identity(p, ecc, 1, 40);
        assert_true(draw(p, ecc, 1, 40, 0, qr));
        versions[(qr[0] - 17) / 4]++;
        n++;
    }
    {
        int distinct = 0;
        for (int v = 1; v <= 40; v++) distinct += versions[v] > 0;
        printf("test_qr_mask: %d symbols, %d versions, masks chosen 0x%02x\n", n, distinct, seen);
        assert_int_equal(distinct, 40);
    }
    assert_int_equal(seen, 0xFF); /* every mask won somewhere */
    free(p);
}

/* All eight scores against the reference, each scored on
 * QR-Code-generator's own drawing with that mask. */
static void scores_equal_reference(void **state)
{
    static uint8_t drawn[qrcodegen_BUFFER_LEN_MAX], withm[qrcodegen_BUFFER_LEN_MAX];
    payload *p = calloc(1, sizeof *p);
    ref_sym *r = calloc(1, sizeof *r);
    (void)state;
    assert_non_null(p);
    assert_non_null(r);
    for (int i = 0; i < 120; i++) {
        dpp_ecc ecc = (dpp_ecc)rnd_below(4);
        long pen[8];
        int m0 = (int)rnd_below(8), best = 0;
        random_payload(p, ecc);
        if (i < 40) { /* versions 1..40 once each */
            while (!draw(p, ecc, i + 1, i + 1, 0, drawn)) {
                p->len /= 2;
                p->text[p->alnum ? p->len : 0] = '\0';
            }
        }
        assert_true(draw(p, ecc, i < 40 ? i + 1 : 1, i < 40 ? i + 1 : 40, m0, drawn));
        best = dpp_qr_mask_choose(drawn, m0, ecc, pen);
        for (int m = 0; m < 8; m++) {
            long ref;
            assert_true(draw(p, ecc, i < 40 ? i + 1 : 1, i < 40 ? i + 1 : 40, m, withm));
            ref_from_qrcodegen(r, withm);
            ref = ref_penalty(r);
            if (pen[m] != ref)
                fail_msg("version %d ecc %d mask %d (drawn with %d): score %ld, reference %ld", (drawn[0] - 17) / 4,
                         (int)ecc, m, m0, pen[m], ref);
            if (pen[m] < pen[best]) fail_msg("mask %d scores lower than the chosen %d", m, best);
            if (m < best) assert_true(pen[m] > pen[best]); /* ties go to the lowest mask */
        }
    }
    free(r);
    free(p);
}

/* Plants L^a D^n L^n D^3n L^n D^n L^b (a, b of light, or the border) in
 * line `line` of r (a row, or a column if col) starting at module `at`. */
static void plant(ref_sym *r, bool col, int line, int at, int n, int a, int b)
{
    static const int runs[5] = {1, 1, 3, 1, 1};
    int pos = at;
#define SET(i, v)                                                                                                     \
    do {                                                                                                              \
        if ((i) >= 0 && (i) < r->size) {                                                                              \
            if (col) r->m[(i)][line] = (v);                                                                           \
            else r->m[line][(i)] = (v);                                                                               \
        }                                                                                                             \
    } while (0)
    for (int i = 0; i < a; i++) SET(pos - a + i, false);
    SET(pos - a - 1, true);
    for (int k = 0; k < 5; k++)
        for (int i = 0; i < runs[k] * n; i++, pos++) SET(pos, k % 2 == 0);
    for (int i = 0; i < b; i++, pos++) SET(pos, false);
    SET(pos, true);
#undef SET
}

/* Arbitrary matrices: with used_mask = m, score m is the penalty of the
 * buffer exactly as it is, whatever it holds. */
static void scores_of_arbitrary_matrices(void **state)
{
    static uint8_t qr[qrcodegen_BUFFER_LEN_MAX];
    ref_sym *r = calloc(1, sizeof *r);
    (void)state;
    assert_non_null(r);
    for (int i = 0; i < 400; i++) {
        int v = i < 40 ? i + 1 : 1 + (int)rnd_below(40);
        int s = 4 * v + 17, m = (int)rnd_below(8);
        dpp_ecc ecc = (dpp_ecc)rnd_below(4);
        uint32_t density = rnd_below(5); /* dark probability 2/16 .. 14/16 */
        long pen[8], ref;
        r->size = s;
        for (int y = 0; y < s; y++)
            for (int x = 0; x < s; x++) r->m[y][x] = rnd_below(16) < 2 + 3 * density;
        /* finder-like patterns of every size, anywhere, edges included */
        for (int k = 0; k < 12; k++) {
            int n = 1 + (int)rnd_below((uint32_t)(s / 7 < 8 ? s / 7 : 8));
            int at = (int)rnd_below((uint32_t)s) - 2 * n;
            plant(r, rnd_below(2) != 0, (int)rnd_below((uint32_t)s), at, n, (int)rnd_below((uint32_t)(5 * n)),
                  (int)rnd_below((uint32_t)(5 * n)));
        }
        if (i % 7 == 0) { /* a long pattern flush with both edges */
            int n = s / 7;
            plant(r, false, 0, 0, n, 0, 0);
            plant(r, true, s - 1, s - 7 * n, n, 0, 0);
        }
        ref_to_buffer(r, qr);
        assert_in_range(dpp_qr_mask_choose(qr, m, ecc, pen), 0, 7);
        ref = ref_penalty(r);
        if (pen[m] != ref) fail_msg("case %d: version %d, score %ld, reference %ld", i, v, pen[m], ref);
    }
    free(r);
}

/* The reference itself on hand-made lines: a bare finder row and the
 * examples of the rules. */
static void reference_known_lines(void **state)
{
    bool line[21] = {false};
    (void)state;
    /* 1:1:3:1:1 with the border on both sides: counted twice; no N1 */
    {
        static const bool f[7] = {true, false, true, true, true, false, true};
        memcpy(line, f, sizeof f);
        assert_int_equal(ref_line(line, 21), 80 + 3 + 9); /* N3 twice; N1 of the light run of 14 */
    }
    /* 5 dark then light: 3; 6 dark: 4 */
    memset(line, 0, sizeof line);
    for (int i = 0; i < 5; i++) line[i] = true;
    assert_int_equal(ref_line(line, 21), 3 + (16 - 2));
    line[5] = true;
    assert_int_equal(ref_line(line, 21), 4 + (15 - 2));
}

/* dpp_qr_encode() makes Mask_AUTO's symbol (it uses the fast choice). */
static void encode_equals_mask_auto(void **state)
{
    static uint8_t autoqr[qrcodegen_BUFFER_LEN_MAX];
    payload *p = calloc(1, sizeof *p);
    dpp_qr *qr = calloc(1, sizeof *qr);
    dpp_diag d;
    (void)state;
    assert_non_null(p);
    assert_non_null(qr);
    for (int i = 0; i < 300; i++) {
        dpp_ecc ecc = (dpp_ecc)rnd_below(4);
        random_payload(p, ecc);
        if (!p->alnum) { /* printable non-alphanumeric text: byte mode */
            for (size_t k = 0; k < p->len; k++) p->bytes[k] = (uint8_t)('a' + p->bytes[k] % 26);
            memcpy(p->text, p->bytes, p->len);
            p->text[p->len] = '\0';
        }
        assert_int_equal(dpp_qr_encode(p->text, p->len, ecc, qr, &d), DPP_OK);
        assert_true(draw(p, ecc, 1, 40, qrcodegen_Mask_AUTO, autoqr));
        assert_int_equal(qr->size, qrcodegen_getSize(autoqr));
        assert_int_equal(qr->mask, drawn_mask(autoqr));
        for (int y = 0; y < qr->size; y++)
            for (int x = 0; x < qr->size; x++)
                if (dpp_qr_module(qr, x, y) != (int)qrcodegen_getModule(autoqr, x, y))
                    fail_msg("payload %d: module (%d, %d) differs from Mask_AUTO's", i, x, y);
    }
    free(qr);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_match_formulas),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(reference_known_lines),
        cmocka_unit_test(scores_of_arbitrary_matrices),
        cmocka_unit_test(scores_equal_reference),
        cmocka_unit_test(choice_equals_mask_auto),
        cmocka_unit_test(encode_equals_mask_auto),
    };
    return cmocka_run_group_tests_name("qr_mask", tests, seed_setup, NULL);
}
