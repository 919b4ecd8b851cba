/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A passport from a photo of its label: the picture decoded to gray
 * (image_decode.c), then read by ZXing-C++ and zbar in passes that stop at
 * the first passport found; the codes found are told apart (the passport,
 * other codes, two different passports) and described for people.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dpp/dpp_transport.h"
#include "image_internal.h"
#include "scan_readers.h"

/* The QR codes found so far (distinct texts), and how each was read. */
typedef struct found {
    scan_sym sym[SCAN_MAX_SYMS];
    const char *how[SCAN_MAX_SYMS];
    unsigned pw[SCAN_MAX_SYMS], ph[SCAN_MAX_SYMS]; /* size of the picture it was read in */
    size_t n;
    bool nomem; /* out of memory in a pass */
} found;

static bool is_passport(const char *t, size_t n)
{
    if (n >= 3 && memcmp(t, "DPP", 3) == 0) return true;
    /* the link form: the passport is in the fragment ("https:...#1...") */
    return dpp_form_of(t, n) == DPP_FORM_LINK && strstr(t, DPP_LINK_MARKER) != NULL;
}

/* Keeps sym (taking its text) unless the same text is already there. */
static void add(found *f, scan_sym *sym, const char *how, unsigned w, unsigned h)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->sym[i].len == sym->len && memcmp(f->sym[i].text, sym->text, sym->len) == 0) {
            free(sym->text);
            return;
        }
    if (f->n == SCAN_MAX_SYMS) {
        free(sym->text);
        return;
    }
    f->sym[f->n] = *sym;
    f->how[f->n] = how;
    f->pw[f->n] = w;
    f->ph[f->n] = h;
    f->n++;
}

static bool has_passport(const found *f)
{
    for (size_t i = 0; i < f->n; i++)
        if (is_passport(f->sym[i].text, f->sym[i].len)) return true;
    return false;
}

static void free_found(found *f)
{
    for (size_t i = 0; i < f->n; i++) free(f->sym[i].text);
    f->n = 0;
}

#ifdef DPP_SCAN_HAVE_ZXING
/* ZXing on g; mirrored: g is the photo mirrored (positions are turned back). */
static void pass_zxing(found *f, const uint8_t *g, unsigned w, unsigned h, const scan_zx_opts *o, bool mirrored,
                       const char *how)
{
    scan_sym s[SCAN_MAX_SYMS];
    int n = scan_zxing(g, w, h, o, s, SCAN_MAX_SYMS, NULL);
    for (int i = 0; mirrored && i < n; i++) s[i].x = (int)w - 1 - s[i].x;
    /* n < 0: ZXing failed (an exception); the other passes still run */
    for (int i = 0; i < n; i++) add(f, &s[i], how, w, h);
}
#endif

#ifdef DPP_SCAN_HAVE_ZBAR
static void zbar_once(found *f, const uint8_t *g, unsigned w, unsigned h)
{
    scan_sym s[SCAN_MAX_SYMS];
    int n = scan_zbar(g, w, h, s, SCAN_MAX_SYMS);
    if (n < 0) f->nomem = true;
    for (int i = 0; i < n; i++) add(f, &s[i], "zbar", w, h);
}

#endif

/* Mirrors a picture in place (left to right). */
static void mirror(uint8_t *g, unsigned w, unsigned h)
{
    for (unsigned y = 0; y < h; y++)
        for (uint8_t *a = g + (size_t)y * w, *b = a + w - 1; a < b; a++, b--) {
            uint8_t t = *a;
            *a = *b;
            *b = t;
        }
}

/* Inverts a picture in place (light-on-dark codes read as dark-on-light). */
static void invert(uint8_t *g, unsigned w, unsigned h)
{
    size_t n = (size_t)w * h;
    for (size_t i = 0; i < n; i++) g[i] = (uint8_t)(255u - g[i]);
}

/* Where a symbol is, for people: "top left", "centre", ... */
static const char *where(const found *f, size_t i)
{
    static const char *const names[3][3] = {
        {"top left", "top", "top right"}, {"left", "centre", "right"}, {"bottom left", "bottom", "bottom right"}};
    unsigned cx = f->pw[i] > 0 ? (unsigned)(f->sym[i].x < 0 ? 0 : f->sym[i].x) * 3u / f->pw[i] : 1u;
    unsigned cy = f->ph[i] > 0 ? (unsigned)(f->sym[i].y < 0 ? 0 : f->sym[i].y) * 3u / f->ph[i] : 1u;
    return names[cy > 2 ? 2 : cy][cx > 2 ? 2 : cx];
}

/* Bytes of a QR code quoted for a message: at most max input bytes (and
 * what fits cap), "..." when cut; every control character (C0, DEL, C1),
 * bidi control and byte that is not UTF-8 escaped ("\xHH", "\uHHHH"), so
 * that no message carries terminal controls. */
static void quote(const char *t, size_t n, size_t max, char *out, size_t cap)
{
    size_t o = 0, i = 0;
    const unsigned char *s = (const unsigned char *)t;
    if (cap == 0) return;
    while (i < n && i < max) {
        unsigned c = s[i], len = 1;
        uint32_t cp = c;
        char tmp[16];
        size_t k;
        if (c >= 0xc2 && c <= 0xf4) { /* a UTF-8 sequence: decoded and checked */
            len = c < 0xe0 ? 2u : c < 0xf0 ? 3u : 4u;
            cp = c & (len == 2 ? 0x1fu : len == 3 ? 0x0fu : 0x07u);
            for (unsigned j = 1; j < len; j++) {
                if (i + j >= n || (s[i + j] & 0xc0) != 0x80) {
                    len = 0;
                    break;
                }
                cp = cp << 6 | (s[i + j] & 0x3fu);
            }
            if (len != 0 && ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
                             (cp >= 0xd800 && cp <= 0xdfff)))
                len = 0;
        } else if (c >= 0x80) {
            len = 0;
        }
        if (len == 0) {
            (void)snprintf(tmp, sizeof tmp, "\\x%02x", c);
            len = 1;
        } else if (cp < 0x20 || cp == 0x7f) {
            (void)snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)cp);
        } else if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
                   (cp >= 0x2066 && cp <= 0x2069)) {
            (void)snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)cp);
        } else {
            memcpy(tmp, s + i, len);
            tmp[len] = '\0';
        }
        k = strlen(tmp);
        if (o + k + 1 > cap) break;
        memcpy(out + o, tmp, k);
        o += k;
        i += len;
    }
    out[o] = '\0';
    if (i < n && o + 4 <= cap) memcpy(out + o, "...", 4);
}

/* What a symbol that is not a passport holds, for people. */
static void describe(const scan_sym *s, char *out, size_t cap)
{
    bool text = true;
    char q[420];
    for (size_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->text[i];
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) text = false;
    }
    if (text) quote(s->text, s->len, 300, q, sizeof q);
    if (s->len == 0)
        (void)snprintf(out, cap, "nothing (it is empty)");
    else if (text && (strncasecmp(s->text, "https://", 8) == 0 || strncasecmp(s->text, "http://", 7) == 0))
        (void)snprintf(out, cap, "a URL that is not a passport link: %s", q);
    else if (text)
        (void)snprintf(out, cap, "text that is not a passport: \"%s\"", q);
    else
        (void)snprintf(out, cap, "%zu bytes of binary data, not a passport", s->len);
}

/* Two passport texts are the same passport when they are equal, or when
 * one is the other converted to the other form. */
static bool same_passport(const scan_sym *a, const scan_sym *b)
{
    char *buf, *buf2;
    size_t n = 0, n2 = 0;
    bool same = false;
    if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0) return true;
    buf = malloc(DPP_MAX_LINK_LEN + 1);
    buf2 = malloc(DPP_MAX_LINK_LEN + 1);
    if (buf != NULL && buf2 != NULL &&
        dpp_transport_convert(a->text, a->len, DPP_FORM_TEXT, buf, DPP_MAX_LINK_LEN + 1, &n, NULL) == DPP_OK &&
        dpp_transport_convert(b->text, b->len, DPP_FORM_TEXT, buf2, DPP_MAX_LINK_LEN + 1, &n2, NULL) == DPP_OK)
        same = n == n2 && memcmp(buf, buf2, n) == 0;
    free(buf);
    free(buf2);
    return same;
}

/* Sets the failure: note holds the message in full, diag a cut copy. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 4, 5)))
#endif
static dpp_err
scan_result_fail(dpp_scan_result *res, dpp_diag *d, dpp_err err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(res->note, sizeof res->note, fmt, ap);
    va_end(ap);
    (void)scan_fail(d, err, SIZE_MAX, "%s", res->note);
    return err;
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/* Where and how each pass reads; each runs only while no passport is found.
 * Chosen by measurement on bench/scan_bench.py's corpus (120 photos of
 * 12 MP; the order that gives the lowest median CPU time):
 *  - ZXing needs its harder search: without it it reads a fifth as many;
 *  - its own downscaled passes add nothing to our reduced-scale pass
 *    (<= DPP_SCAN_FIRST) followed by the full scale without them, and cost
 *    a third more; it needs no rotated passes for QR codes;
 *  - a global (histogram) threshold reads 3 photos of 120 the local one
 *    misses (fine modules under noise), among them every 12 MP photo zbar
 *    read that ZXing's local threshold did not;
 *  - inverted pictures (light-on-dark codes: laser-marked metal, negative
 *    prints) are read at full scale with the local threshold; at the
 *    reduced scale, or with the global threshold, they read no more;
 *  - ZXing 1.4 reads mirror images of codes of versions 1-6 only (the
 *    version blocks of larger ones come out transposed): a pass on the
 *    mirrored reduced picture reads the others (photographed through glass,
 *    from the back of a transparent label) for a tenth of a zbar pass. */
enum { AT_SMALL, AT_FULL };
typedef struct pass {
    int at;          /* AT_SMALL: the reduced picture (the only one when the photo is small) */
    bool inverted;   /* light-on-dark codes */
    bool histogram;  /* ZXing's global threshold */
    bool mirror;     /* the picture mirrored (ZXing 1.4 reads mirrored codes of versions 1-6 only) */
    bool zbar;       /* zbar instead of ZXing */
    bool one_scale;  /* only for photos of at most DPP_SCAN_FIRST pixels (read at one scale) */
    const char *how; /* for res->how */
} pass;

static const pass k_passes[] = {
#ifdef DPP_SCAN_HAVE_ZXING
    {AT_SMALL, false, false, false, false, false, "ZXing, reduced scale"},
    {AT_FULL, false, false, false, false, false, "ZXing"},
    {AT_FULL, false, true, false, false, false, "ZXing, global threshold"},
    {AT_FULL, true, false, false, false, false, "ZXing, inverted"},
    {AT_SMALL, false, false, true, false, false, "ZXing, reduced scale, mirrored"},
#ifdef DPP_SCAN_HAVE_ZBAR
    {AT_FULL, false, false, false, true, true, "zbar"},
#endif
#else
    {AT_SMALL, false, false, false, true, false, "zbar"},
    {AT_FULL, false, false, false, true, false, "zbar"},
#endif
};

/* The reduced picture: f's pixels box-filtered to at most DPP_SCAN_FIRST. */
static int reduce(const scan_pic *f, scan_pic *small)
{
    scan_shrink s;
    if (scan_shrink_init(&s, f->w, f->h, DPP_SCAN_FIRST) != 0) return -1;
    for (unsigned y = 0; y < f->h; y++) scan_shrink_row(&s, f->gray + (size_t)y * f->w);
    scan_shrink_take(&s, small);
    small->orientation = f->orientation;
    return 0;
}

static dpp_err run_passes(const uint8_t *data, size_t len, found *f, dpp_scan_result *res, dpp_diag *d)
{
    scan_pic full, small;
    bool flipped[2] = {false, false};  /* picture inverted in place */
    bool mirrored[2] = {false, false}; /* picture mirrored in place */
    bool two;
    unsigned ran = 0;
    dpp_err err;
#ifdef DPP_SCAN_HAVE_ZXING
    /* harder search (more finder-pattern candidates), no rotation (QR
     * detection does not need it), no downscaled passes of its own */
    static const scan_zx_opts zx_local = {1, 0, 0, 0}, zx_histogram = {1, 0, 0, 1};
#endif

    memset(&small, 0, sizeof small);
    /* One decode (at most DPP_SCAN_MAX_DECODED pixels; a JPEG's DCT scaling
     * reduces larger photos while decoding): a second, reduced-scale decode
     * would cost nearly as much again (PNG, WebP, HEIF: as much). */
    err = scan_decode(data, len, DPP_SCAN_MAX_DECODED, &full, d);
    if (err != DPP_OK) {
        (void)snprintf(res->note, sizeof res->note, "%s", d->msg);
        return err;
    }
    two = (uint64_t)full.w * full.h > DPP_SCAN_FIRST;
    if (two && reduce(&full, &small) != 0) goto nomem;
    if (!two) small = full;
    res->width = small.w;
    res->height = small.h;
    res->orientation = full.orientation;
    for (size_t i = 0; i < sizeof k_passes / sizeof k_passes[0] && !has_passport(f); i++) {
        const pass *ps = &k_passes[i];
        const scan_pic *pic = ps->at == AT_SMALL && two ? &small : &full;
        int at = pic == &small ? AT_SMALL : AT_FULL;
        const uint8_t *g = pic->gray;
        const char *how = ps->how;
        if (ps->one_scale && two) continue;
        if (!two) { /* one picture: each kind of pass once */
            unsigned kind =
                1u << ((ps->inverted ? 1 : 0) | (ps->zbar ? 2 : 0) | (ps->histogram ? 4 : 0) | (ps->mirror ? 8 : 0));
            if ((ran & kind) != 0) continue;
            ran |= kind;
        }
        if (ps->inverted != flipped[at]) { /* in place: no second copy of a 16 MP picture */
            invert(pic->gray, pic->w, pic->h);
            flipped[at] = ps->inverted;
        }
        if (ps->mirror != mirrored[at]) {
            mirror(pic->gray, pic->w, pic->h);
            mirrored[at] = ps->mirror;
        }
        if (!two && ps->at == AT_SMALL && !ps->zbar) how = ps->mirror ? "ZXing, mirrored" : "ZXing";
        if (ps->zbar) {
#ifdef DPP_SCAN_HAVE_ZBAR
            zbar_once(f, g, pic->w, pic->h);
#endif
        } else {
#ifdef DPP_SCAN_HAVE_ZXING
            pass_zxing(f, g, pic->w, pic->h, ps->histogram ? &zx_histogram : &zx_local, ps->mirror, how);
#else
            (void)how;
#endif
        }
    }
    if (f->nomem && f->n == 0) goto nomem;
    err = DPP_OK;
    goto done;
nomem:
    err = scan_result_fail(res, d, DPP_ERR_NO_MEMORY, "out of memory");
done:
    if (two) free(small.gray);
    free(full.gray);
    return err;
}

dpp_err dpp_scan_image(const uint8_t *data, size_t len, dpp_scan_result *res, dpp_diag *diag)
{
    dpp_diag local;
    dpp_diag *d = diag != NULL ? diag : &local;
    found f;
    size_t pick = SIZE_MAX, passports = 0;
    dpp_err err;

    scan_diag_clear(d);
    if (res == NULL) return scan_fail(d, DPP_ERR_INVALID_ARG, SIZE_MAX, "res must not be NULL"), DPP_ERR_INVALID_ARG;
    memset(res, 0, sizeof *res);
    res->orientation = 1;
    memset(&f, 0, sizeof f);
    err = run_passes(data, len, &f, res, d);
    if (err != DPP_OK) goto done;
    res->codes = f.n;
    for (size_t i = 0; i < f.n; i++) {
        if (!is_passport(f.sym[i].text, f.sym[i].len)) continue;
        if (pick == SIZE_MAX) {
            pick = i;
            passports = 1;
        } else if (!same_passport(&f.sym[pick], &f.sym[i])) {
            passports++;
        }
    }
    if (f.n == 0) {
        err = scan_result_fail(res, d, DPP_ERR_IMAGE_NO_CODE, "no QR code found in the image");
    } else if (pick == SIZE_MAX) {
        char what[480];
        describe(&f.sym[0], what, sizeof what);
        if (f.n == 1)
            err = scan_result_fail(res, d, DPP_ERR_IMAGE_NOT_PASSPORT, "the QR code holds %s", what);
        else
            err = scan_result_fail(res, d, DPP_ERR_IMAGE_NOT_PASSPORT,
                                   "none of the %zu QR codes holds a passport; the one at the %s holds %s", f.n,
                                   where(&f, 0), what);
    } else if (passports > 1) {
        size_t other = pick + 1;
        while (other < f.n &&
               (!is_passport(f.sym[other].text, f.sym[other].len) || same_passport(&f.sym[pick], &f.sym[other])))
            other++;
        err = scan_result_fail(res, d, DPP_ERR_IMAGE_AMBIGUOUS,
                               "the image holds %zu different passports (QR codes at the %s and at the %s); "
                               "photograph or crop one label at a time",
                               passports, where(&f, pick), other < f.n ? where(&f, other) : "?");
    } else {
        char *t = f.sym[pick].text;
        size_t a = 0, n = f.sym[pick].len;
        f.sym[pick].text = NULL;
        f.sym[pick].len = 0;
        (void)snprintf(res->how, sizeof res->how, "%s%s", f.how[pick], f.sym[pick].mirrored ? ", mirrored" : "");
        if (f.n > 1) {
            char what[480];
            size_t other = pick == 0 ? 1 : 0;
            describe(&f.sym[other], what, sizeof what);
            (void)snprintf(res->note, sizeof res->note,
                           "%zu QR codes found; using the passport at the %s of the picture (another, at the %s, "
                           "holds %s)",
                           f.n, where(&f, pick), where(&f, other),
                           is_passport(f.sym[other].text, f.sym[other].len) ? "the same passport in the other form"
                                                                            : what);
        }
        /* surrounding white space removed */
        while (a < n && is_ws(t[a])) a++;
        while (n > a && is_ws(t[n - 1])) n--;
        if (a > 0) memmove(t, t + a, n - a);
        t[n - a] = '\0';
        res->text = t;
        res->len = n - a;
    }
done:
    free_found(&f);
    return err;
}

void dpp_scan_result_free(dpp_scan_result *res)
{
    if (res == NULL) return;
    free(res->text);
    res->text = NULL;
    res->len = 0;
}
