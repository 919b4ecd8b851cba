/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: text shown to people (escaping), hex, and where a
 * libdpp field path sits in the JSON text the user gave (FILE:LINE). */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ------------------------------------------------------------------------ */
/* Escaping text from the input                                             */
/* ------------------------------------------------------------------------ */

/* One character of p[i, n): its length and code point; 0 if the bytes at i
 * are not valid UTF-8 (bad lead, cut, overlong, surrogate, > U+10FFFF). */
static size_t utf8_char(const unsigned char *p, size_t n, size_t i, uint32_t *cp)
{
    unsigned c = p[i];
    size_t k;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) k = 2, v = c & 0x1fu;
    else if (c >= 0xe0 && c <= 0xef) k = 3, v = c & 0x0fu;
    else if (c >= 0xf0 && c <= 0xf4) k = 4, v = c & 0x07u;
    else return 0;
    if (n - i < k) return 0;
    for (size_t j = 1; j < k; j++) {
        if ((p[i + j] & 0xc0u) != 0x80u) return 0;
        v = (v << 6) | (p[i + j] & 0x3fu);
    }
    if ((k == 3 && v < 0x800) || (k == 4 && (v < 0x10000 || v > 0x10ffff)) || (v >= 0xd800 && v <= 0xdfff)) return 0;
    *cp = v;
    return k;
}

static bool is_bidi(uint32_t cp)
{
    return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The next character of p[*i, n) as it is shown: its bytes or escape into
 * e[8]; returns the length written, advances *i. */
static size_t esc_next(const unsigned char *p, size_t n, size_t *i, char e[8])
{
    static const char hex[] = "0123456789abcdef";
    uint32_t cp = 0;
    size_t k = utf8_char(p, n, *i, &cp);
    if (k == 0 || cp < 0x20 || cp == 0x7f) {
        e[0] = '\\';
        e[1] = 'x';
        e[2] = hex[p[*i] >> 4];
        e[3] = hex[p[*i] & 15u];
        *i += 1;
        return 4;
    }
    if ((cp >= 0x80 && cp <= 0x9f) || is_bidi(cp)) {
        e[0] = '\\';
        e[1] = 'u';
        for (int j = 0; j < 4; j++) e[2 + j] = hex[(cp >> (12 - 4 * j)) & 15u];
        *i += k;
        return 6;
    }
    memcpy(e, p + *i, k);
    *i += k;
    return k;
}

const char *cli_escape(char *out, size_t cap, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    if (cap == 0) return out;
    while (i < n) {
        char e[8];
        size_t at = i, el = esc_next(p, n, &i, e);
        if (o + el + (i < n ? 3 : 0) > cap - 1) {
            size_t dots = cap - 1 - o < 3 ? cap - 1 - o : 3;
            (void)at;
            memcpy(out + o, "...", dots);
            o += dots;
            break;
        }
        memcpy(out + o, e, el);
        o += el;
    }
    out[o] = '\0';
    return out;
}

const char *cli_safe(const char *s)
{
    static _Thread_local char ring[8][1024];
    static _Thread_local unsigned next;
    char *b = ring[next++ % 8];
    if (s == NULL) s = "";
    return cli_escape(b, sizeof ring[0], s, strlen(s));
}

void cli_put_safe(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = strlen(s);
    while (i < n) {
        char e[8];
        size_t el = esc_next(p, n, &i, e);
        (void)fwrite(e, 1, el, f);
    }
}

json_t *cli_json_text(const char *s)
{
    json_t *v;
    char *b;
    size_t n;
    if (s == NULL) return json_null();
    v = json_string(s);
    if (v != NULL) return v;
    /* Not UTF-8 (a file name, say): the escaped form, never nothing. */
    n = strlen(s);
    b = cli_xmalloc(4 * n + 1);
    (void)cli_escape(b, 4 * n + 1, s, n);
    v = json_string(b);
    free(b);
    return v != NULL ? v : json_string("");
}


/* ------------------------------------------------------------------------ */
/* Text                                                                     */
/* ------------------------------------------------------------------------ */

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

size_t cli_trim(char *s, size_t len)
{
    size_t a = 0;
    while (a < len && is_ws(s[a])) a++;
    while (len > a && is_ws(s[len - 1])) len--;
    if (a > 0) memmove(s, s + a, len - a);
    s[len - a] = '\0';
    return len - a;
}

void cli_hex(const uint8_t *p, size_t n, char *out)
{
    static const char k[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = k[p[i] >> 4];
        out[2 * i + 1] = k[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int cli_unhex(const char *s, size_t len, uint8_t **out, size_t *out_len)
{
    uint8_t *buf = cli_xmalloc(len / 2 + 1);
    size_t n = 0;
    int hi = -1;
    *out = NULL;
    *out_len = 0;
    for (size_t i = 0; i < len; i++) {
        int v;
        if (is_ws(s[i])) continue;
        v = hexval(s[i]);
        if (v < 0) {
            free(buf);
            return -1;
        }
        if (hi < 0) {
            hi = v;
        } else {
            buf[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0) {
        free(buf);
        return -1;
    }
    *out = buf;
    *out_len = n;
    return 0;
}

unsigned long cli_line_of(const char *text, size_t len, size_t off)
{
    unsigned long line = 1;
    if (off > len) off = len;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') line++;
    return line;
}

/* ---- Locating a field path in JSON text (for "FILE:LINE" in messages) ---- */

static size_t j_ws(const char *j, size_t n, size_t i)
{
    while (i < n && is_ws(j[i])) i++;
    return i;
}

/* i at '"'; returns the index after the closing quote (or n). */
static size_t j_string(const char *j, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (j[i] == '\\') i++;
        else if (j[i] == '"') return i + 1;
    }
    return n;
}

/* Skips one value starting at i; returns the index after it. Iterative. */
static size_t j_value(const char *j, size_t n, size_t i)
{
    size_t depth = 0;
    while (i < n) {
        char c = j[i];
        if (c == '"') {
            i = j_string(j, n, i);
        } else if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            if (depth == 0) return i;
            depth--;
            i++;
        } else if (c == ',' || is_ws(c)) {
            if (depth == 0) return i;
            i++;
        } else {
            i++;
        }
        if (depth == 0 && i < n && (j[i] == ',' || j[i] == '}' || j[i] == ']' || is_ws(j[i]))) return i;
    }
    return n;
}

/* Compares the JSON string at [ks, ke) (quotes included) with seg. Keys
 * with escapes compare by their simple one-character escapes only. */
static bool j_key_eq(const char *j, size_t ks, size_t ke, const char *seg, size_t seglen)
{
    size_t a = ks + 1, b = 0;
    if (ke < ks + 2) return false;
    ke--; /* closing quote */
    while (a < ke && b < seglen) {
        char c = j[a];
        if (c == '\\' && a + 1 < ke) {
            a++;
            c = j[a];
            if (c == 'n') c = '\n';
            else if (c == 't') c = '\t';
            else if (c == 'u') return false;
        }
        if (c != seg[b]) return false;
        a++;
        b++;
    }
    return a == ke && b == seglen;
}

size_t cli_json_locate(const char *json, size_t len, const char *path)
{
    size_t pos = j_ws(json, len, 0), best;
    const char *p = path;
    if (pos >= len) return SIZE_MAX;
    best = pos;
    while (*p != '\0') {
        if (*p == '.') p++;
        if (*p == '[') {
            unsigned long idx = 0, k = 0;
            size_t i;
            bool found = false;
            p++;
            while (*p >= '0' && *p <= '9') idx = idx * 10 + (unsigned long)(*p++ - '0');
            if (*p != ']') break;
            p++;
            if (pos >= len || json[pos] != '[') break;
            i = pos + 1;
            for (;;) {
                i = j_ws(json, len, i);
                if (i >= len || json[i] == ']') break;
                if (k == idx) {
                    found = true;
                    break;
                }
                i = j_ws(json, len, j_value(json, len, i));
                if (i >= len || json[i] != ',') break;
                i++;
                k++;
            }
            if (!found) break;
            pos = best = i;
        } else {
            const char *e = p;
            size_t seglen, i;
            bool found = false;
            while (*e != '\0' && *e != '.' && *e != '[') e++;
            seglen = (size_t)(e - p);
            if (pos >= len || json[pos] != '{') break;
            i = pos + 1;
            for (;;) {
                size_t ks, ke;
                i = j_ws(json, len, i);
                if (i >= len || json[i] != '"') break;
                ks = i;
                ke = j_string(json, len, i);
                i = j_ws(json, len, ke);
                if (i >= len || json[i] != ':') break;
                i = j_ws(json, len, i + 1);
                if (j_key_eq(json, ks, ke, p, seglen)) {
                    best = ks;
                    pos = i;
                    found = true;
                    break;
                }
                i = j_ws(json, len, j_value(json, len, i));
                if (i >= len || json[i] != ',') break;
                i++;
            }
            if (!found) break;
            p = e;
        }
    }
    return best;
}

unsigned long cli_json_diag_line(const char *json, size_t len, const dpp_diag *d)
{
    size_t off;
    if (d->offset != SIZE_MAX && d->offset <= len) return cli_line_of(json, len, d->offset);
    /* A content problem has a field path; an empty one is the whole
     * passport (its first line). Other problems have no place. */
    if (d->path[0] == '\0' && !dpp_err_is_schema(d->err)) return 0;
    off = cli_json_locate(json, len, d->path);
    return off == SIZE_MAX ? 0 : cli_line_of(json, len, off);
}

void cli_print_json_diag(const char *file, const char *json, size_t len, const dpp_diag *d)
{
    /* Syntax errors say where as data (jansson's line and column): print
     * them as FILE:L:C so editors can jump there. */
    if (d->line > 0) {
        fprintf(stderr, "dpp: %s:%zu:%zu: %s\n", cli_path_shown(file), d->line, d->column, d->msg);
        return;
    }
    cli_err_at(file, cli_json_diag_line(json, len, d), "%s", d->msg);
}
