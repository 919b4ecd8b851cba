/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Base45 (RFC 9285).
 *
 * Every two input bytes [a, b] form n = a*256 + b, written as three characters
 * c, d, e with n = c + d*45 + e*45*45 (least significant first); a final odd
 * byte becomes two characters. Decoding is strict: only the 45 characters of
 * the alphabet, no length of 1 mod 3, no triple above 65535 and no final pair
 * above 255 (RFC 9285 section 4.2 requires rejecting these).
 *
 * Pure functions: no allocation, no global mutable state.
 */
#include "dpp/dpp_base45.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"

static const char k_alphabet[45] = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E',
    'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T',
    'U', 'V', 'W', 'X', 'Y', 'Z', ' ', '$', '%', '*', '+', '-', '.', '/', ':'};

/* Value + 1 of each alphabet character; 0 for every other byte. */
static const uint8_t k_value1[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9,
    ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16, ['G'] = 17,
    ['H'] = 18, ['I'] = 19, ['J'] = 20, ['K'] = 21, ['L'] = 22, ['M'] = 23, ['N'] = 24, ['O'] = 25,
    ['P'] = 26, ['Q'] = 27, ['R'] = 28, ['S'] = 29, ['T'] = 30, ['U'] = 31, ['V'] = 32, ['W'] = 33,
    ['X'] = 34, ['Y'] = 35, ['Z'] = 36, [' '] = 37, ['$'] = 38, ['%'] = 39, ['*'] = 40, ['+'] = 41,
    ['-'] = 42, ['.'] = 43, ['/'] = 44, [':'] = 45,
};

/* Value of a character, or -1 when it is outside the alphabet. */
static int b45_value(unsigned char c) { return (int)k_value1[c] - 1; }

dpp_err dpp_base45_encode(const uint8_t *in, size_t in_len, char *out, size_t out_cap, size_t *out_len)
{
    size_t need;
    size_t i;
    size_t o = 0;

    if (out_len != NULL) {
        *out_len = 0;
    }
    if (out_len == NULL || (in == NULL && in_len != 0)) {
        return DPP_ERR_INVALID_ARG;
    }
    /* 3*(n/2) + 2*(n%2) must not wrap. */
    if (in_len / 2u > (SIZE_MAX - 2u) / 3u) {
        return DPP_ERR_INVALID_ARG;
    }
    need = DPP_BASE45_ENCODED_LEN(in_len);
    if (out == NULL) {
        *out_len = need;
        return DPP_OK;
    }
    if (out_cap < need) {
        return DPP_ERR_BUFFER_TOO_SMALL;
    }
    for (i = 0; i + 1u < in_len; i += 2u) {
        unsigned n = ((unsigned)in[i] << 8) | in[i + 1u];
        out[o++] = k_alphabet[n % 45u];
        n /= 45u;
        out[o++] = k_alphabet[n % 45u];
        out[o++] = k_alphabet[n / 45u];
    }
    if (i < in_len) {
        unsigned n = in[i];
        out[o++] = k_alphabet[n % 45u];
        out[o++] = k_alphabet[n / 45u];
    }
    *out_len = o;
    return DPP_OK;
}

dpp_err dpp_base45_decode(const char *in, size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len,
                          dpp_diag *diag)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t need;
    size_t i;
    size_t o = 0;
    bool write;
    dpp_err err = DPP_OK;

    dpp_diag_clear(diag);
    if (out_len != NULL) {
        *out_len = 0;
    }
    if (out_len == NULL) {
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "out_len is NULL");
    }
    if (in == NULL && in_len != 0) {
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "in is NULL with in_len %zu", in_len);
    }
    if (in_len % 3u == 1u) {
        return dpp_diag_set(diag, DPP_ERR_BASE45, in_len - 1u,
                            "length %zu is 1 mod 3: a trailing single character cannot be decoded", in_len);
    }
    need = (in_len / 3u) * 2u + (in_len % 3u == 2u ? 1u : 0u);
    /* Write only when everything fits, so a Base45 error is reported in
     * preference to a small buffer and nothing is written past out_cap. */
    write = out != NULL && out_cap >= need;

    /* Fast path over whole triples while they are good; the loop below
     * re-reads from the first bad or final group and reports it. */
    i = 0;
    if (write) {
        for (; in_len - i >= 3u; i += 3u) {
            unsigned a = k_value1[s[i]], b = k_value1[s[i + 1u]], c = k_value1[s[i + 2u]];
            unsigned long n;
            if (a == 0u || b == 0u || c == 0u) break;
            n = (a - 1u) + (b - 1u) * 45u + (unsigned long)(c - 1u) * 2025u;
            if (n > 65535u) break;
            out[o] = (uint8_t)(n >> 8);
            out[o + 1u] = (uint8_t)(n & 0xFFu);
            o += 2u;
        }
    }
    for (; i < in_len; i += 3u) {
        size_t group = in_len - i >= 3u ? 3u : 2u;
        unsigned long n = 0;
        unsigned long scale = 1;
        size_t k;
        for (k = 0; k < group; k++) {
            int v = b45_value(s[i + k]);
            if (v < 0) {
                err = dpp_diag_set(diag, DPP_ERR_BASE45, i + k,
                                   "invalid Base45 character 0x%02x at offset %zu", (unsigned)s[i + k], i + k);
                goto done;
            }
            n += (unsigned long)v * scale;
            scale *= 45u;
        }
        if (group == 3u) {
            if (n > 65535u) {
                err = dpp_diag_set(diag, DPP_ERR_BASE45, i,
                                   "triple at offset %zu has value %lu, more than 65535", i, n);
                goto done;
            }
            if (write) {
                out[o] = (uint8_t)(n >> 8);
                out[o + 1u] = (uint8_t)(n & 0xFFu);
            }
            o += 2u;
        } else {
            if (n > 255u) {
                err = dpp_diag_set(diag, DPP_ERR_BASE45, i,
                                   "final pair at offset %zu has value %lu, more than 255", i, n);
                goto done;
            }
            if (write) {
                out[o] = (uint8_t)n;
            }
            o += 1u;
        }
    }
    if (out != NULL && !write) {
        err = dpp_diag_set(diag, DPP_ERR_BUFFER_TOO_SMALL, SIZE_MAX,
                           "decoded length %zu exceeds out_cap %zu", need, out_cap);
        goto done;
    }
    *out_len = o;

done:
    if (err != DPP_OK && write && o != 0) {
        memset(out, 0, o); /* no partial output on failure */
    }
    return err;
}
