/* SPDX-License-Identifier: Apache-2.0 */
/*
 * QR symbols through nayuki's QR-Code-generator (libqrcodegen 1.8.0).
 *
 * QR-Code-generator checks its preconditions only with assert(), so every
 * argument is validated here first, including the length against the exact
 * version-40 capacity of the chosen mode: the library is then only ever asked
 * for something it can do, and its own bit-length asserts cannot fire.
 *
 * Choices:
 *  - Mode: alphanumeric when every character is in the QR alphanumeric set
 *    (0-9 A-Z space $ % * + - . / :), which is always the case for "DPP1:" +
 *    Base45 text; byte mode otherwise (any bytes, NUL included).
 *  - Version: the smallest of 1..40 that holds the text at the requested ECC
 *    level. The level is never raised (boostEcl = false).
 *  - Mask: the one QR-Code-generator's automatic selection (Mask_AUTO) would
 *    choose, found about 35 times faster: QR-Code-generator draws the symbol
 *    once with mask 2 (the most frequent winner for "DPP1:" + Base45 text:
 *    31% of 1,000 random texts of 450..650 characters at ECC M, against
 *    5..16% for each other mask), qr_mask.c scores all eight masks on that
 *    drawing with the same penalty rules, bit-parallel, and
 *    QR-Code-generator draws the winner when it is another mask. The symbol
 *    is identical to Mask_AUTO's (tests/test_qr_mask.c). The mask is read
 *    back from the symbol's own format information (below).
 *  - Empty text is rejected (DPP_ERR_INVALID_ARG): a passport text is never
 *    empty, and an empty symbol only confuses scanners.
 *
 * Stack use of dpp_qr_encode(): about 11 KiB of scratch (text copy, segment
 * bits and QR-Code-generator's temporary buffer) plus 26 KiB in the mask
 * choice; a passport link adds 36 KiB for its segment plan. No allocation, no global mutable state.
 */
#include "dpp/dpp_qr.h"
#include "dpp/dpp_transport.h"

#include <qrcodegen.h>
#include <stdbool.h>
#include <string.h>

#include "diag.h"
#include "qr_mask.h"

_Static_assert(DPP_QR_BUFFER_LEN == qrcodegen_BUFFER_LEN_MAX, "dpp_qr.modules must hold any QR-Code-generator symbol");
_Static_assert(DPP_QR_MAX_SIZE == qrcodegen_VERSION_MAX * 4 + 17, "largest symbol side");
_Static_assert((int)DPP_ECC_L == (int)qrcodegen_Ecc_LOW && (int)DPP_ECC_M == (int)qrcodegen_Ecc_MEDIUM &&
                   (int)DPP_ECC_Q == (int)qrcodegen_Ecc_QUARTILE && (int)DPP_ECC_H == (int)qrcodegen_Ecc_HIGH,
               "dpp_ecc values are qrcodegen_Ecc values");
_Static_assert(DPP_MAX_TEXT_LEN == 4296, "DPP_MAX_TEXT_LEN is the version 40-L alphanumeric capacity");

/*
 * Data codewords of a version-40 symbol per ECC level (ISO/IEC 18004 table 9):
 * 3706 codewords in all, minus the error-correction codewords
 * (L: 25 blocks x 30, M: 49 x 28, Q: 68 x 30, H: 81 x 30).
 */
static const unsigned k_v40_data_codewords[4] = {2956u, 2334u, 1666u, 1276u};

/* Largest number of characters a version-40 symbol holds, per mode and level:
 * 4 mode bits, then a 13-bit (alphanumeric) or 16-bit (byte) count, then 11 bits
 * per pair of alphanumeric characters plus 6 for an odd one, or 8 bits a byte.
 * Gives alphanumeric 4296/3391/2420/1852 and byte 2953/2331/1663/1273. */
static size_t v40_capacity(dpp_ecc ecc, bool alnum)
{
    unsigned bits = k_v40_data_codewords[ecc] * 8u - 4u;
    if (alnum) {
        unsigned left = bits - 13u;
        return (size_t)((left / 11u) * 2u + (left % 11u >= 6u ? 1u : 0u));
    }
    return (size_t)((bits - 16u) / 8u);
}

static bool is_alnum_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '$' || c == '%' || c == '*' ||
           c == '+' || c == '-' || c == '.' || c == '/' || c == ':';
}

/* The mask of the first drawing (see the file comment). */
#define FIRST_MASK qrcodegen_Mask_2

static const char *ecc_name(dpp_ecc ecc)
{
    static const char *const names[4] = {"L", "M", "Q", "H"};
    return names[ecc];
}

/*
 * The mask QR-Code-generator chose, read from the format information it drew.
 * The first copy of the 15-bit format word sits around the top-left finder:
 * bits 0..5 at (x=8, y=0..5), bit 6 at (8,7), bit 7 at (8,8), bit 8 at (7,8)
 * and bits 9..14 at (x=5..0, y=8). Unmasked with 0x5412, bits 14..13 are the
 * ECC level and bits 12..10 the mask number. Exact and cheap, unlike trying
 * all eight masks; tests/test_qr.c checks it against symbols re-encoded with
 * each fixed mask.
 */
static int read_mask(const uint8_t *symbol)
{
    unsigned word = 0;
    int i;
    for (i = 0; i <= 5; i++) {
        word |= (unsigned)qrcodegen_getModule(symbol, 8, i) << i;
    }
    word |= (unsigned)qrcodegen_getModule(symbol, 8, 7) << 6;
    word |= (unsigned)qrcodegen_getModule(symbol, 8, 8) << 7;
    word |= (unsigned)qrcodegen_getModule(symbol, 7, 8) << 8;
    for (i = 9; i < 15; i++) {
        word |= (unsigned)qrcodegen_getModule(symbol, 14 - i, 8) << i;
    }
    word ^= 0x5412u;
    return (int)((word >> 10) & 7u);
}

/*
 * Mixed segments for a passport link (dpp_form_of() says DPP_FORM_LINK): the
 * fewest bits over numeric, alphanumeric and byte segments, found per version
 * group (1-9, 10-26, 27-40: the character-count fields differ) by dynamic
 * programming over the characters in units of 1/6 bit (numeric 10/3 bits a
 * digit, alphanumeric 11/2 a character, byte 8), a segment header
 * (4 mode bits + count) charged at each mode change. A link is typically
 * "HTTPS://HOST/01/GTIN/10/LOT" (alphanumeric), "#" (byte) and the payload
 * digits (numeric). More than LINK_MAX_SEGS segments (only contrived texts)
 * fall back to one byte segment.
 */
#define LINK_MAX_SEGS 32
enum { M_NUM = 0, M_ALNUM = 1, M_BYTE = 2 };

static int count_bits(int mode, int group)
{
    static const int bits[3][3] = {{10, 12, 14}, {9, 11, 13}, {8, 16, 16}};
    return bits[mode][group];
}

static size_t plan_link(const char *t, size_t n, int group, uint8_t *modes /* n */, size_t *runs)
{
    static const unsigned char k_cost[3] = {20, 33, 48};
    uint64_t cur[3], next[3];
    uint8_t(*from)[3] = (uint8_t(*)[3])(void *)(modes + n); /* back pointers, after modes */
    size_t nseg = 0;
    int best = M_BYTE;
    const uint64_t inf = UINT64_MAX / 4;
    for (int m = 0; m < 3; m++) cur[m] = inf;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        bool ok[3] = {c >= '0' && c <= '9', is_alnum_char(c), true};
        for (int m = 0; m < 3; m++) {
            uint64_t head = (uint64_t)(4 + count_bits(m, group)) * 6u;
            uint64_t b = inf;
            uint8_t bm = (uint8_t)m;
            next[m] = inf;
            if (!ok[m]) {
                from[i][m] = (uint8_t)m;
                continue;
            }
            if (i == 0) {
                b = head;
            } else {
                for (int pm = 0; pm < 3; pm++) {
                    uint64_t v = cur[pm] + (pm == m ? 0u : head);
                    if (v < b) {
                        b = v;
                        bm = (uint8_t)pm;
                    }
                }
            }
            next[m] = b + k_cost[m];
            from[i][m] = bm;
        }
        memcpy(cur, next, sizeof cur);
    }
    for (int m = 0; m < 3; m++)
        if (cur[m] < cur[best]) best = m;
    for (size_t i = n; i > 0; i--) {
        modes[i - 1] = (uint8_t)best;
        best = from[i - 1][best];
    }
    for (size_t i = 0; i < n; i++)
        if (i == 0 || modes[i] != modes[i - 1]) nseg++;
    *runs = nseg;
    return nseg;
}

/* Builds the segments of a plan; buf holds their bits. false if more than
 * LINK_MAX_SEGS or buf too small. */
static bool make_link_segments(const char *t, size_t n, const uint8_t *modes, struct qrcodegen_Segment *segs,
                               size_t *nseg, uint8_t *buf, size_t buf_cap, char *scratch)
{
    size_t used = 0, k = 0, i = 0;
    while (i < n) {
        size_t j = i;
        size_t need;
        while (j < n && modes[j] == modes[i]) j++;
        if (k == LINK_MAX_SEGS) return false;
        need = qrcodegen_calcSegmentBufferSize(modes[i] == M_NUM ? qrcodegen_Mode_NUMERIC
                                               : modes[i] == M_ALNUM ? qrcodegen_Mode_ALPHANUMERIC
                                                                     : qrcodegen_Mode_BYTE,
                                               j - i);
        if (need == SIZE_MAX || need > buf_cap - used) return false;
        memcpy(scratch, t + i, j - i);
        scratch[j - i] = '\0';
        if (modes[i] == M_NUM) segs[k] = qrcodegen_makeNumeric(scratch, buf + used);
        else if (modes[i] == M_ALNUM) segs[k] = qrcodegen_makeAlphanumeric(scratch, buf + used);
        else segs[k] = qrcodegen_makeBytes((const uint8_t *)scratch, j - i, buf + used);
        used += need;
        k++;
        i = j;
    }
    *nseg = k;
    return true;
}

static dpp_err encode_link(const char *text, size_t text_len, dpp_ecc ecc, dpp_qr *out, dpp_diag *diag)
{
    static const int lo[3] = {1, 10, 27}, hi[3] = {9, 26, 40};
    uint8_t plan[DPP_MAX_LINK_LEN * 4];
    char scratch[DPP_MAX_LINK_LEN + 1];
    uint8_t seg_buf[DPP_QR_BUFFER_LEN + LINK_MAX_SEGS];
    uint8_t temp[qrcodegen_BUFFER_LEN_MAX];
    struct qrcodegen_Segment segs[LINK_MAX_SEGS];
    size_t nseg = 0, runs = 0;
    int mask;

    if (text_len > DPP_MAX_LINK_LEN)
        return dpp_diag_set(diag, DPP_ERR_QR_CAPACITY, SIZE_MAX, "link is %zu characters; at most %d fit a QR symbol",
                            text_len, DPP_MAX_LINK_LEN);
    for (int g = 0; g < 3; g++) {
        bool ok;
        plan_link(text, text_len, g, plan, &runs);
        if (!make_link_segments(text, text_len, plan, segs, &nseg, seg_buf, sizeof seg_buf, scratch)) {
            /* contrived text: one byte segment */
            if (text_len > sizeof seg_buf) continue;
            memcpy(scratch, text, text_len);
            segs[0] = qrcodegen_makeBytes((const uint8_t *)scratch, text_len, seg_buf);
            nseg = 1;
        }
        ok = qrcodegen_encodeSegmentsAdvanced(segs, nseg, (enum qrcodegen_Ecc)ecc, lo[g], hi[g], FIRST_MASK, false,
                                              temp, out->modules);
        if (!ok) continue;
        mask = dpp_qr_mask_choose(out->modules, (int)FIRST_MASK, ecc, NULL);
        if (mask >= 0 && mask != (int)FIRST_MASK)
            ok = qrcodegen_encodeSegmentsAdvanced(segs, nseg, (enum qrcodegen_Ecc)ecc, lo[g], hi[g],
                                                  (enum qrcodegen_Mask)mask, false, temp, out->modules);
        if (!ok || mask < 0) break;
        out->size = qrcodegen_getSize(out->modules);
        out->version = (out->size - 17) / 4;
        out->ecc = ecc;
        out->mask = read_mask(out->modules);
        return DPP_OK;
    }
    memset(out, 0, sizeof *out);
    return dpp_diag_set(diag, DPP_ERR_QR_CAPACITY, SIZE_MAX,
                        "link is %zu characters; it does not fit QR version 40 at ECC %s in mixed segments", text_len,
                        ecc_name(ecc));
}

dpp_err dpp_qr_encode(const char *text, size_t text_len, dpp_ecc ecc, dpp_qr *out, dpp_diag *diag)
{
    /* The text copy doubles as the alphanumeric NUL-terminated string or the
     * byte segment's input; qrcodegen never sees the caller's memory. */
    char copy[DPP_MAX_TEXT_LEN + 1];
    uint8_t seg_buf[DPP_QR_BUFFER_LEN];
    uint8_t temp[qrcodegen_BUFFER_LEN_MAX];
    struct qrcodegen_Segment seg;
    bool alnum = true;
    bool ok;
    int mask;
    size_t cap;
    size_t i;

    dpp_diag_clear(diag);
    if (out != NULL) {
        memset(out, 0, sizeof *out);
    }
    if (out == NULL) {
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out is NULL");
    }
    if (text == NULL) {
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "text is NULL");
    }
    if ((int)ecc < (int)DPP_ECC_L || (int)ecc > (int)DPP_ECC_H) {
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "ecc %d is not DPP_ECC_L..DPP_ECC_H", (int)ecc);
    }
    if (text_len == 0) {
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "text is empty");
    }
    if (dpp_form_of(text, text_len) == DPP_FORM_LINK && memchr(text, '#', text_len) != NULL) {
        return encode_link(text, text_len, ecc, out, diag);
    }

    /* Mode first (it decides the capacity). A text longer than the largest
     * capacity of all (4296, alphanumeric at L) is not read at all, and its
     * message names the alphanumeric limit for the level. */
    if (text_len <= DPP_MAX_TEXT_LEN) {
        for (i = 0; i < text_len; i++) {
            if (!is_alnum_char((unsigned char)text[i])) {
                alnum = false;
                break;
            }
        }
    }
    cap = v40_capacity(ecc, alnum);
    if (text_len > cap) {
        return dpp_diag_set(diag, DPP_ERR_QR_CAPACITY, SIZE_MAX,
                            "text is %zu characters; QR version 40 at ECC %s holds at most %zu in %s mode", text_len,
                            ecc_name(ecc), cap, alnum ? "alphanumeric" : "byte");
    }

    memcpy(copy, text, text_len);
    copy[text_len] = '\0';
    if (alnum) {
        seg = qrcodegen_makeAlphanumeric(copy, seg_buf);
    } else {
        seg = qrcodegen_makeBytes((const uint8_t *)copy, text_len, seg_buf);
    }
    ok = qrcodegen_encodeSegmentsAdvanced(&seg, 1, (enum qrcodegen_Ecc)ecc, qrcodegen_VERSION_MIN,
                                          qrcodegen_VERSION_MAX, FIRST_MASK, false, temp, out->modules);
    if (ok) {
        mask = dpp_qr_mask_choose(out->modules, (int)FIRST_MASK, ecc, NULL);
        if (mask < 0) {
            /* Not reached: QR-Code-generator made a symbol of a valid version. */
            memset(out, 0, sizeof *out);
            return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "QR symbol of side %d: no mask chosen",
                                (int)out->modules[0]);
        }
        if (mask != (int)FIRST_MASK) {
            ok = qrcodegen_encodeSegmentsAdvanced(&seg, 1, (enum qrcodegen_Ecc)ecc, qrcodegen_VERSION_MIN,
                                                  qrcodegen_VERSION_MAX, (enum qrcodegen_Mask)mask, false, temp,
                                                  out->modules);
        }
    }
    if (!ok) {
        /* Not reached: the length was checked against the version-40 capacity. */
        memset(out, 0, sizeof *out);
        return dpp_diag_set(diag, DPP_ERR_QR_CAPACITY, SIZE_MAX,
                            "text is %zu characters; QR version 40 at ECC %s holds at most %zu in %s mode", text_len,
                            ecc_name(ecc), cap, alnum ? "alphanumeric" : "byte");
    }
    out->size = qrcodegen_getSize(out->modules);
    out->version = (out->size - 17) / 4;
    out->ecc = ecc;
    out->mask = read_mask(out->modules);
    return DPP_OK;
}

int dpp_qr_module(const dpp_qr *qr, int x, int y)
{
    /* A dpp_qr is plain data the caller may have altered: check that it is
     * self-consistent before QR-Code-generator (assert-only) reads it. */
    if (qr == NULL || qr->version < qrcodegen_VERSION_MIN || qr->version > qrcodegen_VERSION_MAX ||
        qr->size != qr->version * 4 + 17 || qr->modules[0] != (uint8_t)qr->size) {
        return 0;
    }
    if (x < 0 || y < 0 || x >= qr->size || y >= qr->size) {
        return 0;
    }
    return qrcodegen_getModule(qr->modules, x, y) ? 1 : 0;
}
