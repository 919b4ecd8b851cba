/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp label: a printable passport label, SVG and/or PNG, drawn once with
 * cairo + pango so both outputs have the same layout:
 *
 *   product name (large, up to two lines)
 *   QR code of the passport text (square, as large as the space allows)
 *   caption
 *   summary: ids, manufacturer, carbon footprint with unit, CBAM,
 *            certifications, issuer and signing key
 *   the passport text in small monospace, as a fallback for people
 *
 * With --link-base (or a link given with --in/--text) the QR holds the GS1
 * Digital Link, and its human-readable form (the URI before '#', host in
 * lower case) is printed right under the symbol, broken only at '/', in
 * place of the monospace fallback.
 *
 * Landscape stock (wider than tall) puts the QR on the left. Fonts come
 * from fontconfig (Debian: fonts-dejavu, fonts-noto-cjk for Chinese,
 * Japanese and Korean); glyphs that no installed font has are reported.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds.h"
#include "common.h"
#include "encode_opts.h"
#include "util.h"

static const char help[] =
    "Usage: dpp label --key KEY.pem [signing options] PASSPORT.json\n"
    "                 (-o LABEL.svg|LABEL.png | --svg FILE | --png FILE ...)\n"
    "                 [--size WxH] [--dpi N]\n"
    "       dpp label (--in TEXT_FILE | --text TEXT) -o LABEL.svg ...\n"
    "\n"
    "Renders a printable label: the QR code of the signed passport, a\n"
    "human-readable summary (product name, GTIN, batch/serial, passport id,\n"
    "manufacturer, carbon footprint with its unit, CBAM data, certifications,\n"
    "issuer and signing key) and the passport text itself in small monospace\n"
    "type as a fallback when the code cannot be scanned (spaces in it are\n"
    "shown as \"\xe2\x90\xa3\"). Non-Latin text (e.g. Chinese) is rendered with the\n"
    "installed fonts (Debian: fonts-noto-cjk); missing glyphs are reported.\n"
    "The SVG keeps the passport text in its <desc> element as well, and the\n"
    "summary as plain text in <metadata id=\"dpp-summary\">. Figures are shown\n"
    "as self-declared by the manufacturer unless an attestation covers them.\n"
    "\n"
    "With PASSPORT.json the passport is signed first (as 'dpp encode'); with\n"
    "--in/--text an already signed passport, text or link, is drawn (it is\n"
    "decoded, not verified).\n"
    "\n"
    "With --link-base the QR code holds the passport as a GS1 Digital Link on\n"
    "that resolver (see 'dpp encode'), and the link's human-readable form, e.g.\n"
    "\"id.example.com/01/09506000134352/10/AB12\", is printed under the code\n"
    "(broken only at '/', never inside an identifier) instead of the passport\n"
    "text; the SVG keeps the full link in <desc>.\n"
    "\n"
    "Options:\n"
    "  -k, --key FILE        private signing key (with PASSPORT.json)\n"
    "  --in FILE             signed passport text from FILE ('-' = stdin)\n"
    "  --text TEXT           signed passport text\n"
    "  -o, --out FILE        output; the format follows the extension (.svg,\n"
    "                        .png); may be given twice\n"
    "  --svg FILE            SVG output\n"
    "  --png FILE            PNG output\n"
    "  --force               replace existing output files\n"
    "  --size WxH            label stock in millimetres (default 100x150;\n"
    "                        e.g. 62x100, 105x148 (A6), 100x62 landscape);\n"
    "                        each side 30..500\n"
    "  --dpi N               PNG resolution (default 300, 72..1200)\n"
    "  --ecc LEVEL           QR error correction L, M, Q (default), H\n"
    "  --iat, --exp, --valid-for, --iss, --compress, --attestation, --link,\n"
    "  --link-doc, --link-base, --form\n"
    "                        signing options, as for 'dpp encode'\n"
    "  -h, --help            show this help\n"
    "\n"
    "Examples:\n"
    "  dpp label --key signer.pem -o label.svg --png label.png passport.json\n"
    "  dpp label --key signer.pem --size 62x100 --dpi 600 -o small.png passport.json\n"
    "  dpp label --in passport.txt -o label.svg\n"
    "  dpp label --key signer.pem --link-base https://id.example.com -o label.png \\\n"
    "      passport.json\n"
    "\n"
    "Exit codes: 0 done, 1 passport invalid or too large for the label,\n"
    "4 JSON syntax or malformed text, 64 usage, 65 key unusable,\n"
    "66 input unreadable, 73 output. See 'dpp --help'.\n";

enum {
    O_HELP = 1, O_KEY, O_IN, O_TEXT, O_OUT, O_SVG, O_PNG, O_SIZE, O_DPI, O_ECC, O_IAT, O_EXP, O_VALID_FOR, O_ISS,
    O_COMPRESS, O_ATTESTATION, O_LINK, O_LINK_DOC, O_FORCE, O_LINK_BASE, O_FORM
};
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP},  {"key", 'k', true, O_KEY},     {"in", 'i', true, O_IN},
    {"text", 0, true, O_TEXT},     {"out", 'o', true, O_OUT},     {"svg", 0, true, O_SVG},
    {"png", 0, true, O_PNG},       {"size", 0, true, O_SIZE},     {"dpi", 0, true, O_DPI},
    {"ecc", 0, true, O_ECC},       {"iat", 0, true, O_IAT},       {"exp", 0, true, O_EXP},
    {"valid-for", 0, true, O_VALID_FOR}, {"iss", 0, true, O_ISS}, {"compress", 0, true, O_COMPRESS},
    {"attestation", 0, true, O_ATTESTATION}, {"link", 0, true, O_LINK}, {"link-doc", 0, true, O_LINK_DOC},
    {"force", 0, false, O_FORCE}, {"link-base", 0, true, O_LINK_BASE}, {"form", 0, true, O_FORM},
    {NULL, 0, false, 0},
};

#ifdef DPP_CLI_HAVE_LABEL

#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#define MM (72.0 / 25.4) /* points per millimetre */
#define QR_BORDER 4      /* quiet zone, modules */
#define MIN_MODULE_MM 0.30

typedef struct label_in {
    const char *text; /* passport text */
    size_t text_len;
    const dpp_qr *qr;
    json_t *pj;       /* passport JSON */
    dpp_claims claims;
    char *summary;    /* pango markup */
    char *fallback;   /* passport text with visible spaces, pre-broken later */
    bool is_link;     /* text is a GS1 Digital Link */
    char hri[DPP_MAX_LINK_LEN + 1]; /* its human-readable form (cli_link_hri) */
    char *hri_lines;  /* out: the form as drawn, one line per printed line (2 * sizeof hri) */
} label_in;

typedef struct buf {
    unsigned char *p;
    size_t n, cap;
} buf;

static cairo_status_t buf_write(void *closure, const unsigned char *data, unsigned int len)
{
    buf *b = closure;
    if (b->n + len > b->cap) {
        size_t nc = b->cap == 0 ? 65536 : b->cap;
        unsigned char *np;
        while (nc < b->n + len) nc *= 2;
        np = realloc(b->p, nc);
        if (np == NULL) return CAIRO_STATUS_NO_MEMORY;
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
    return CAIRO_STATUS_SUCCESS;
}

/* ---- Summary text ---- */

static const char *jstr(const json_t *o, const char *k)
{
    const json_t *v = json_is_object(o) ? json_object_get(o, k) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *unit_name(const char *code)
{
    static const char *const map[][2] = {
        {"KGM", "kg"}, {"TNE", "t"},  {"GRM", "g"},   {"KWH", "kWh"}, {"MWH", "MWh"}, {"H87", "piece"},
        {"LTR", "l"},  {"MTK", "m²"}, {"MTQ", "m³"},  {"MTR", "m"},   {"C62", "unit"}, {NULL, NULL}};
    for (int i = 0; map[i][0] != NULL; i++)
        if (code != NULL && strcmp(code, map[i][0]) == 0) return map[i][1];
    return code != NULL ? code : "?";
}

/* Appends markup to a growing string; values are escaped. */
typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *t)
{
    size_t k = strlen(t);
    if (b->n + k + 1 > b->cap) {
        size_t nc = b->cap == 0 ? 1024 : b->cap;
        while (nc < b->n + k + 1) nc *= 2;
        b->s = realloc(b->s, nc);
        if (b->s == NULL) {
            cli_err("out of memory");
            exit(CLI_EX_SOFTWARE);
        }
        b->cap = nc;
    }
    memcpy(b->s + b->n, t, k + 1);
    b->n += k;
}

static void sb_esc(sbuf *b, const char *t)
{
    char *e = g_markup_escape_text(t != NULL ? t : "?", -1);
    sb_add(b, e);
    g_free(e);
}

static void sb_line(sbuf *b, const char *label)
{
    if (b->n > 0) sb_add(b, "\n");
    sb_add(b, "<b>");
    sb_esc(b, label);
    sb_add(b, "</b>  ");
}

/* Who vouches for a claim, as far as the label can tell: it does not verify
 * (no trust store), so an attestation the passport carries is named by its
 * key and left to the scan; without one the figure is the manufacturer's own
 * word, whatever its "verification" member says. */
static void claim_note(sbuf *b, const dpp_claims *c, unsigned claim, const char *declared)
{
    for (size_t i = 0; i < c->n_attestations && i < DPP_MAX_ATTESTATIONS; i++) {
        uint32_t m = c->attestations[i].claims;
        if ((m & DPP_CLAIM_BIT(claim)) != 0 ||
            (claim >= DPP_CLAIM_CERTIFICATION_0 && (m & DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATIONS)) != 0)) {
            char kid[2 * DPP_KID_LEN + 1];
            cli_hex(c->attestations[i].kid, DPP_KID_LEN, kid);
            sb_add(b, " — attestation by key ");
            sb_esc(b, kid);
            sb_add(b, " carried; scan to verify");
            return;
        }
    }
    sb_add(b, " — <i>self-declared by the manufacturer</i>");
    if (declared != NULL && strcmp(declared, "self-declared") != 0) {
        sb_add(b, " (stated as ");
        sb_esc(b, declared);
        sb_add(b, ", no attestation)");
    }
}

static char *make_summary(const json_t *pj, const dpp_claims *c)
{
    sbuf b = {NULL, 0, 0};
    const json_t *m = json_object_get(pj, "manufacturer"), *fp = json_object_get(pj, "footprint"),
                 *cb = json_object_get(pj, "cbam"), *certs = json_object_get(pj, "certifications");
    char kid[2 * DPP_KID_LEN + 1], t[40];

    sb_line(&b, "GTIN");
    sb_esc(&b, jstr(pj, "gtin"));
    if (jstr(pj, "batch") != NULL) {
        sb_add(&b, "   <b>Batch</b> ");
        sb_esc(&b, jstr(pj, "batch"));
    }
    if (jstr(pj, "serial") != NULL) {
        sb_add(&b, "   <b>Serial</b> ");
        sb_esc(&b, jstr(pj, "serial"));
    }
    sb_line(&b, "Passport");
    sb_esc(&b, jstr(pj, "id"));
    if (json_is_object(m)) {
        sb_line(&b, "Manufacturer");
        sb_esc(&b, jstr(m, "name"));
        sb_add(&b, ", ");
        sb_esc(&b, jstr(m, "country"));
    }
    if (json_is_object(fp)) {
        sb_line(&b, "Carbon footprint");
        sb_esc(&b, jstr(fp, "total"));
        sb_add(&b, " kg CO₂e per ");
        sb_esc(&b, unit_name(jstr(fp, "declared_unit")));
        sb_add(&b, " (");
        sb_esc(&b, jstr(fp, "boundary"));
        sb_add(&b, ", ");
        sb_esc(&b, jstr(fp, "method"));
        sb_add(&b, ")");
        claim_note(&b, c, DPP_CLAIM_FOOTPRINT, jstr(fp, "verification"));
    }
    if (json_is_object(cb)) {
        sb_line(&b, "CBAM");
        sb_add(&b, "CN ");
        sb_esc(&b, jstr(cb, "cn_code"));
        sb_add(&b, ", origin ");
        sb_esc(&b, jstr(cb, "origin"));
        sb_add(&b, ", SEE ");
        sb_esc(&b, jstr(cb, "see_direct"));
        sb_add(&b, " t CO₂e/t direct");
        if (jstr(cb, "see_indirect") != NULL) {
            sb_add(&b, ", ");
            sb_esc(&b, jstr(cb, "see_indirect"));
            sb_add(&b, " indirect");
        }
        claim_note(&b, c, DPP_CLAIM_CBAM, NULL);
    }
    if (json_is_array(certs) && json_array_size(certs) > 0) {
        size_t i;
        const json_t *ce;
        sb_line(&b, json_array_size(certs) > 1 ? "Certifications" : "Certification");
        json_array_foreach(certs, i, ce) {
            if (i > 0) sb_add(&b, "; ");
            sb_esc(&b, jstr(ce, "scheme"));
            sb_add(&b, " ");
            sb_esc(&b, jstr(ce, "certificate_id"));
            sb_add(&b, " (");
            sb_esc(&b, jstr(ce, "issuer"));
            if (jstr(ce, "valid_until") != NULL) {
                sb_add(&b, ", until ");
                sb_esc(&b, jstr(ce, "valid_until"));
            }
            sb_add(&b, ")");
            claim_note(&b, c, DPP_CLAIM_CERTIFICATION_0 + (unsigned)i, NULL);
        }
    }
    sb_line(&b, "Issuer");
    if (c->iss[0] != '\0') sb_esc(&b, c->iss);
    else if (json_is_object(m)) sb_esc(&b, jstr(m, "name"));
    cli_hex(c->kid, DPP_KID_LEN, kid);
    sb_add(&b, " · key ");
    sb_esc(&b, kid);
    sb_add(&b, " (");
    sb_esc(&b, dpp_alg_name(c->alg));
    sb_add(&b, ")");
    if (c->has_link && c->link_uri[0] != '\0') {
        sb_line(&b, "Full passport");
        sb_esc(&b, c->link_uri);
    }
    sb_line(&b, "Signed");
    cli_format_time(c->iat, t, sizeof t);
    t[10] = '\0';
    sb_esc(&b, t);
    if (c->has_exp) {
        sb_add(&b, ", valid until ");
        cli_format_time(c->exp, t, sizeof t);
        t[10] = '\0';
        sb_esc(&b, t);
    }
    return b.s;
}

/* ---- Layout and drawing ---- */

typedef struct lay {
    double W, H, m;            /* points */
    bool landscape;
    bool raster;
    double title_pt, body_pt, mono_pt;
    double qr_x, qr_y, qr_side;
    PangoLayout *title, *caption, *summary, *fb_head, *fb_text, *hri;
    double title_y, caption_y, summary_y, fb_head_y, fb_text_y, col_x, col_w;
    double hri_y, hri_w;
    double sep_y;
} lay;

static PangoLayout *mk_layout(cairo_t *cr, bool raster, const char *family, double pt, bool bold, double width, const char *markup,
                              bool plain)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(family);
    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (!raster) {
        /* Vector output: exact (unhinted) metrics. Raster output keeps
         * hinted metrics, so glyphs sit on whole pixels and spacing is even. */
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(pango_layout_get_context(l), fo);
        cairo_font_options_destroy(fo);
        pango_layout_context_changed(l);
    }
    pango_layout_set_width(l, width < 0 ? -1 : (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    if (plain) pango_layout_set_text(l, markup, -1);
    else pango_layout_set_markup(l, markup, -1);
    return l;
}

static double lh(PangoLayout *l)
{
    int w, h;
    if (l == NULL) return 0;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void lay_free(lay *L)
{
    if (L->title) g_object_unref(L->title);
    if (L->caption) g_object_unref(L->caption);
    if (L->summary) g_object_unref(L->summary);
    if (L->fb_head) g_object_unref(L->fb_head);
    if (L->fb_text) g_object_unref(L->fb_text);
    if (L->hri) g_object_unref(L->hri);
    L->title = L->caption = L->summary = L->fb_head = L->fb_text = L->hri = NULL;
}

#define SANS "DejaVu Sans, Noto Sans CJK SC, Sans"
#define MONO "DejaVu Sans Mono, Noto Sans Mono, Monospace"

/* The fallback text broken into lines of `per` characters, spaces made
 * visible (U+2423), so a line end never hides a space. */
static char *break_text(const char *t, size_t n, size_t per)
{
    size_t cap = n * 3 + n / (per ? per : 1) + 2, o = 0;
    char *s = cli_xmalloc(cap);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && i % per == 0) s[o++] = '\n';
        if (t[i] == ' ') {
            memcpy(s + o, "\xe2\x90\xa3", 3);
            o += 3;
        } else {
            s[o++] = t[i];
        }
    }
    s[o] = '\0';
    return s;
}

/* Width in points of text laid out on one line with l's font. */
static double text_width(PangoLayout *l, const char *t, size_t n)
{
    int w, h;
    pango_layout_set_text(l, t, (int)n);
    pango_layout_get_size(l, &w, &h);
    return (double)w / PANGO_SCALE;
}

/* The human-readable link for a column maxw points wide, centred, broken
 * into lines only before a '/': preferably before a path prefix segment or
 * an AI, so that "/10/H25-03147" stays on one line; between an AI and its
 * value only when the pair alone is too wide. Each line is as full as
 * fits. NULL if one segment ("/H25-03147", the host) alone is wider than
 * maxw (the caller then tries a smaller type). */
static PangoLayout *hri_layout(cairo_t *cr, const lay *L, const char *hri, double pt, double maxw)
{
    PangoLayout *l = mk_layout(cr, L->raster, SANS, pt, false, -1, "", true);
    size_t n = strlen(hri), start = 0, o = 0, nb = 0, seg = 0;
    size_t *brk = cli_xmalloc((n + 1) * sizeof *brk); /* break offsets: before a '/', and n */
    bool *pref = cli_xmalloc((n + 1) * sizeof *pref);  /* a preferred break */
    char *out = cli_xmalloc(2 * n + 1);
    bool in_ais = false;
    /* Path segments after the host: prefix segments (never all digits),
     * then AI, value, AI, value... from the first all-digit one (01). */
    for (size_t i = 0; i < n; i++) {
        size_t j = i + 1;
        bool digits = true;
        if (hri[i] != '/') continue;
        while (j < n && hri[j] != '/') digits = digits && hri[j] >= '0' && hri[j] <= '9', j++;
        if (!in_ais && digits && j > i + 1) in_ais = true, seg = 0;
        brk[nb] = i;
        pref[nb++] = !in_ais || seg % 2 == 0;
        if (in_ais) seg++;
    }
    brk[nb] = n;
    pref[nb++] = true;
    /* one point of slack so that pango's own wrapping never applies */
    maxw -= 1.0;
    while (start < n) {
        size_t fit = 0;
        for (int pass = 0; pass < 2 && fit == 0; pass++)
            for (size_t k = 0; k < nb; k++) {
                if (brk[k] <= start || (pass == 0 && !pref[k])) continue;
                if (text_width(l, hri + start, brk[k] - start) > maxw) break;
                fit = brk[k];
            }
        if (fit == 0) {
            free(out);
            free(brk);
            free(pref);
            g_object_unref(l);
            return NULL;
        }
        if (o > 0) out[o++] = '\n';
        memcpy(out + o, hri + start, fit - start);
        o += fit - start;
        start = fit;
    }
    out[o] = '\0';
    pango_layout_set_width(l, (int)((maxw + 1.0) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, out, -1);
    free(out);
    free(brk);
    free(pref);
    return l;
}

/* Lays the label out at font scale s; 0 if the QR modules are large enough. */
static int layout(cairo_t *cr, const label_in *in, lay *L, double s, double *module_mm)
{
    double W_mm = L->W / MM, gap = 1.6 * MM, cw, avail, char_w, text_h, hri_h;
    int modules = in->qr->size + 2 * QR_BORDER;
    char *title_m, *fb;
    size_t per;
    PangoLayout *probe;
    int pw, ph;

    lay_free(L);
    L->m = 4 * MM;
    L->landscape = L->W > 1.2 * L->H;
    L->title_pt = fmin(fmax(W_mm * (L->landscape ? 0.08 : 0.13), 9.0), 20.0) * s;
    L->body_pt = fmax(5.5, W_mm * (L->landscape ? 0.045 : 0.072)) * s;
    L->mono_pt = fmax(4.5, W_mm * (L->landscape ? 0.034 : 0.052)) * s;

    if (L->landscape) {
        L->qr_side = fmin(L->H - 2 * L->m - 3 * MM, L->W * 0.45);
        L->col_x = L->m + L->qr_side + 2 * L->m;
        cw = L->W - L->col_x - L->m;
    } else {
        L->col_x = L->m;
        cw = L->W - 2 * L->m;
    }
    L->col_w = cw;

    title_m = g_markup_escape_text(jstr(in->pj, "name") ? jstr(in->pj, "name") : "?", -1);
    L->title = mk_layout(cr, L->raster, SANS, L->title_pt, true, cw, title_m, false);
    g_free(title_m);
    pango_layout_set_height(L->title, -2); /* at most two lines */
    pango_layout_set_ellipsize(L->title, PANGO_ELLIPSIZE_END);
    L->caption = mk_layout(cr, L->raster, SANS, L->body_pt * 0.85, false, L->landscape ? L->qr_side : cw,
                           "Digital product passport · scan to verify offline", true);
    pango_layout_set_alignment(L->caption, PANGO_ALIGN_CENTER);
    L->summary = mk_layout(cr, L->raster, SANS, L->body_pt, false, cw, in->summary, false);
    if (in->is_link) {
        /* GS1 Digital Link: its human-readable form under the symbol; no
         * fallback block (the full link is in the SVG's <desc>). */
        L->hri_w = L->landscape ? L->qr_side : cw;
        L->hri = hri_layout(cr, L, in->hri, L->body_pt * 0.9, L->hri_w);
        if (L->hri == NULL) return -1;
        goto placed_text;
    }
    L->fb_head = mk_layout(cr, L->raster, SANS, L->body_pt * 0.8, false, cw,
                           "Passport text (if the code cannot be scanned; \xe2\x90\xa3 = space):", true);

    /* Characters per line of the monospace block. */
    probe = mk_layout(cr, L->raster, MONO, L->mono_pt, false, -1, "0000000000", true);
    pango_layout_get_size(probe, &pw, &ph);
    g_object_unref(probe);
    char_w = (double)pw / PANGO_SCALE / 10.0;
    per = char_w > 0 ? (size_t)floor(cw / char_w) : 40;
    if (per < 8) per = 8;
    fb = break_text(in->text, in->text_len, per);
    L->fb_text = mk_layout(cr, L->raster, MONO, L->mono_pt, false, -1, fb, true);
    free(fb);

placed_text:
    hri_h = L->hri != NULL ? lh(L->hri) + 0.5 * gap : 0;
    if (L->hri != NULL) text_h = lh(L->title) + gap + lh(L->summary);
    else text_h = lh(L->title) + gap + lh(L->summary) + gap + lh(L->fb_head) + 0.5 * gap + lh(L->fb_text);
    if (L->landscape) {
        double cap_h = lh(L->caption);
        L->qr_side = fmin(L->qr_side, L->H - 2 * L->m - cap_h - hri_h - 0.5 * gap);
        L->qr_x = L->m;
        L->qr_y = L->m;
        L->hri_y = L->qr_y + L->qr_side + 0.5 * gap;
        L->caption_y = L->qr_y + L->qr_side + 0.5 * gap + hri_h;
        L->title_y = L->m;
        L->summary_y = L->title_y + lh(L->title) + gap;
        L->sep_y = L->summary_y + lh(L->summary) + 0.5 * gap;
        L->fb_head_y = L->sep_y + 0.5 * gap;
        L->fb_text_y = L->fb_head_y + lh(L->fb_head) + 0.5 * gap;
        if (text_h > L->H - 2 * L->m) return -1;
    } else {
        avail = L->H - 2 * L->m - text_h - lh(L->caption) - hri_h - 2.5 * gap;
        L->qr_side = fmin(cw, avail);
        if (L->qr_side <= 0) return -1;
        /* Title at the top, the text blocks at the bottom, the QR centred
         * in the space between them. */
        L->title_y = L->m;
        L->fb_text_y = L->H - L->m - lh(L->fb_text);
        L->fb_head_y = L->fb_text_y - 0.5 * gap - lh(L->fb_head);
        L->sep_y = L->fb_head_y - 0.5 * gap;
        L->summary_y = L->sep_y - 0.5 * gap - lh(L->summary);
        if (L->hri != NULL) L->summary_y = L->H - L->m - lh(L->summary);
        L->qr_x = (L->W - L->qr_side) / 2;
        L->qr_y = L->title_y + lh(L->title) + gap + (avail - L->qr_side) / 2;
        L->hri_y = L->qr_y + L->qr_side + 0.5 * gap;
        L->caption_y = L->qr_y + L->qr_side + 0.5 * gap + hri_h;
    }
    *module_mm = L->qr_side / MM / modules;
    return *module_mm >= MIN_MODULE_MM ? 0 : -1;
}

static void draw_qr(cairo_t *cr, const lay *L, const dpp_qr *qr, double px_per_pt)
{
    int modules = qr->size + 2 * QR_BORDER;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (px_per_pt > 0) {
        /* Raster: whole pixels per module, no antialiasing. */
        double side_px = L->qr_side * px_per_pt;
        int mpx = (int)floor(side_px / modules);
        double x0, y0;
        if (mpx < 1) mpx = 1;
        x0 = floor(L->qr_x * px_per_pt + (side_px - mpx * modules) / 2) + QR_BORDER * mpx;
        y0 = floor(L->qr_y * px_per_pt + (side_px - mpx * modules) / 2) + QR_BORDER * mpx;
        cairo_identity_matrix(cr);
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
        for (int y = 0; y < qr->size; y++)
            for (int x = 0; x < qr->size;) {
                int run = 0;
                while (x + run < qr->size && dpp_qr_module(qr, x + run, y)) run++;
                if (run > 0) {
                    cairo_rectangle(cr, x0 + x * mpx, y0 + y * mpx, run * mpx, mpx);
                    x += run;
                } else {
                    x++;
                }
            }
    } else {
        double mod = L->qr_side / modules;
        double x0 = L->qr_x + QR_BORDER * mod, y0 = L->qr_y + QR_BORDER * mod;
        for (int y = 0; y < qr->size; y++)
            for (int x = 0; x < qr->size;) {
                int run = 0;
                while (x + run < qr->size && dpp_qr_module(qr, x + run, y)) run++;
                if (run > 0) {
                    cairo_rectangle(cr, x0 + x * mod, y0 + y * mod, run * mod, mod);
                    x += run;
                } else {
                    x++;
                }
            }
    }
    cairo_fill(cr);
    cairo_restore(cr);
}

static void show(cairo_t *cr, PangoLayout *l, double x, double y)
{
    cairo_move_to(cr, x, y);
    pango_cairo_update_layout(cr, l);
    pango_cairo_show_layout(cr, l);
}

static int count_unknown(const lay *L)
{
    return pango_layout_get_unknown_glyphs_count(L->title) + pango_layout_get_unknown_glyphs_count(L->summary) +
           (L->fb_text != NULL ? pango_layout_get_unknown_glyphs_count(L->fb_text) : 0) +
           pango_layout_get_unknown_glyphs_count(L->caption) +
           (L->fb_head != NULL ? pango_layout_get_unknown_glyphs_count(L->fb_head) : 0) +
           (L->hri != NULL ? pango_layout_get_unknown_glyphs_count(L->hri) : 0);
}

/* Draws the whole label on cr (user space in points). px_per_pt > 0 for
 * raster output. Returns 0, or -1 if it does not fit (message printed). */
static int draw(cairo_t *cr, const label_in *in, double W, double H, double px_per_pt, int *unknown)
{
    lay L;
    double s = 1.0, module_mm = 0;
    int fit = -1;

    memset(&L, 0, sizeof L);
    L.W = W;
    L.H = H;
    L.raster = px_per_pt > 0;
    for (int tries = 0; tries < 8 && fit != 0; tries++, s *= 0.9) fit = layout(cr, in, &L, s, &module_mm);
    if (fit != 0) {
        lay_free(&L);
        return -1;
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    show(cr, L.title, L.col_x, L.title_y);
    draw_qr(cr, &L, in->qr, px_per_pt);
    show(cr, L.caption, L.landscape ? L.qr_x : L.col_x, L.caption_y);
    show(cr, L.summary, L.col_x, L.summary_y);
    if (L.hri != NULL) {
        (void)snprintf(in->hri_lines, 2 * sizeof in->hri, "%s", pango_layout_get_text(L.hri));
        /* centred under the symbol */
        show(cr, L.hri, L.landscape ? L.qr_x + (L.qr_side - L.hri_w) / 2 : L.col_x, L.hri_y);
    } else {
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, L.col_x, L.sep_y);
        cairo_line_to(cr, L.col_x + L.col_w, L.sep_y);
        cairo_stroke(cr);
        show(cr, L.fb_head, L.col_x, L.fb_head_y);
        show(cr, L.fb_text, L.col_x, L.fb_text_y);
    }
    *unknown = count_unknown(&L);
    lay_free(&L);
    return 0;
}

static void xml_escape(sbuf *b, const char *t)
{
    char one[2] = {0, 0};
    for (; *t != '\0'; t++) {
        if (*t == '<') sb_add(b, "&lt;");
        else if (*t == '>') sb_add(b, "&gt;");
        else if (*t == '&') sb_add(b, "&amp;");
        else if (*t == '"') sb_add(b, "&quot;");
        else {
            one[0] = *t;
            sb_add(b, one);
        }
    }
}

/* Inserts <title> and <desc> (the passport text) after the root <svg ...>. */
static char *svg_with_desc(const buf *svg, const label_in *in, size_t *out_len)
{
    sbuf b = {NULL, 0, 0};
    const char *root;
    char *doc = cli_xmalloc(svg->n + 1), *text = cli_xmalloc(in->text_len + 1);
    size_t at;
    memcpy(doc, svg->p, svg->n);
    doc[svg->n] = '\0';
    memcpy(text, in->text, in->text_len);
    text[in->text_len] = '\0';
    root = strstr(doc, "<svg");
    root = root != NULL ? strchr(root, '>') : NULL;
    if (root == NULL) {
        free(text);
        *out_len = svg->n;
        return doc;
    }
    at = (size_t)(root - doc) + 1;
    {
        char save = doc[at];
        doc[at] = '\0';
        sb_add(&b, doc);
        doc[at] = save;
    }
    sb_add(&b, "\n<title>Digital product passport: ");
    xml_escape(&b, jstr(in->pj, "name") ? jstr(in->pj, "name") : "");
    sb_add(&b, "</title>\n<desc>");
    xml_escape(&b, text);
    sb_add(&b, "</desc>");
    if (in->is_link && in->hri_lines[0] != '\0') {
        /* the human-readable link under the code, line by line as printed */
        sb_add(&b, "\n<metadata id=\"dpp-link-text\">");
        xml_escape(&b, in->hri_lines);
        sb_add(&b, "</metadata>");
    }
    {
        /* The summary as plain text (the drawing has glyph outlines only):
         * for search, screen readers and checks of what the label states. */
        char *plain = NULL;
        if (in->summary != NULL && pango_parse_markup(in->summary, -1, 0, NULL, &plain, NULL, NULL) && plain != NULL) {
            sb_add(&b, "\n<metadata id=\"dpp-summary\">");
            xml_escape(&b, plain);
            sb_add(&b, "</metadata>");
        }
        g_free(plain);
    }
    sb_add(&b, doc + at);
    free(doc);
    free(text);
    *out_len = b.n;
    return b.s;
}

/* Adds a pHYs chunk (dots per metre) after IHDR so the PNG prints at size. */
static unsigned char *png_with_dpi(const buf *png, unsigned dpi, size_t *out_len)
{
    static unsigned long crc_table[256];
    unsigned char chunk[21], *out;
    unsigned long ppm = (unsigned long)lround(dpi / 0.0254), crc = 0xffffffffUL;
    const size_t ihdr_end = 8 + 25;
    if (png->n < ihdr_end || memcmp(png->p + 12, "IHDR", 4) != 0) {
        out = cli_xmalloc(png->n);
        memcpy(out, png->p, png->n);
        *out_len = png->n;
        return out;
    }
    for (unsigned n = 0; n < 256; n++) {
        unsigned long c = n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320UL ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
    chunk[0] = 0, chunk[1] = 0, chunk[2] = 0, chunk[3] = 9;
    memcpy(chunk + 4, "pHYs", 4);
    for (int i = 0; i < 2; i++) {
        chunk[8 + 4 * i] = (unsigned char)(ppm >> 24);
        chunk[9 + 4 * i] = (unsigned char)(ppm >> 16);
        chunk[10 + 4 * i] = (unsigned char)(ppm >> 8);
        chunk[11 + 4 * i] = (unsigned char)ppm;
    }
    chunk[16] = 1; /* unit: metre */
    for (int i = 4; i < 17; i++) crc = crc_table[(crc ^ chunk[i]) & 0xff] ^ (crc >> 8);
    crc ^= 0xffffffffUL;
    chunk[17] = (unsigned char)(crc >> 24);
    chunk[18] = (unsigned char)(crc >> 16);
    chunk[19] = (unsigned char)(crc >> 8);
    chunk[20] = (unsigned char)crc;
    out = cli_xmalloc(png->n + 21);
    memcpy(out, png->p, ihdr_end);
    memcpy(out + ihdr_end, chunk, 21);
    memcpy(out + ihdr_end + 21, png->p + ihdr_end, png->n - ihdr_end);
    *out_len = png->n + 21;
    return out;
}

static int render_svg(const label_in *in, double W, double H, unsigned char **out, size_t *out_len, int *unknown)
{
    buf b = {NULL, 0, 0};
    cairo_surface_t *sf = cairo_svg_surface_create_for_stream(buf_write, &b, W, H);
    cairo_t *cr = cairo_create(sf);
    int rc = draw(cr, in, W, H, 0, unknown);
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    if (rc == 0 && cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) rc = -2;
    cairo_surface_destroy(sf);
    if (rc == 0) *out = (unsigned char *)svg_with_desc(&b, in, out_len);
    free(b.p);
    return rc;
}

static int render_png(const label_in *in, double W, double H, unsigned dpi, unsigned char **out, size_t *out_len,
                      int *unknown)
{
    buf b = {NULL, 0, 0};
    double k = dpi / 72.0;
    int wpx = (int)lround(W * k), hpx = (int)lround(H * k);
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, wpx, hpx);
    cairo_t *cr = cairo_create(sf);
    int rc;
    cairo_scale(cr, k, k);
    rc = draw(cr, in, W, H, k, unknown);
    cairo_destroy(cr);
    if (rc == 0 && cairo_surface_write_to_png_stream(sf, buf_write, &b) != CAIRO_STATUS_SUCCESS) rc = -2;
    cairo_surface_destroy(sf);
    if (rc == 0) *out = png_with_dpi(&b, dpi, out_len);
    free(b.p);
    return rc;
}

/* Drops the per-thread font map (fontconfig keeps its own caches). */
static void label_cleanup(void) { pango_cairo_font_map_set_default(NULL); }

#endif /* DPP_CLI_HAVE_LABEL */

static int parse_size(const char *s, double *w_mm, double *h_mm)
{
    char *end = NULL;
    double w, h;
    if (strcmp(s, "a6") == 0 || strcmp(s, "A6") == 0) s = "105x148";
    w = strtod(s, &end);
    if (end == s || (*end != 'x' && *end != 'X')) return -1;
    s = end + 1;
    h = strtod(s, &end);
    if (end == s || *end != '\0') return -1;
    if (!(w >= 30 && w <= 500 && h >= 30 && h <= 500)) return -1;
    *w_mm = w;
    *h_mm = h;
    return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int cmd_label(int argc, char **argv)
{
    cli_args a;
    const char *arg, *key_path = NULL, *in_file = NULL, *text_arg = NULL, *json_path = NULL, *svg_out = NULL,
                     *png_out = NULL;
    enc_opts eo;
    double w_mm = 100, h_mm = 150;
    unsigned long dpi = 300;
    bool force = false;
    int id, rc = CLI_EX_OK;

    enc_opts_init(&eo);
    eo.ecc = DPP_ECC_Q;
    cli_args_init(&a, "label", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP: fputs(help, stdout); return CLI_EX_OK;
        case O_KEY: key_path = arg; break;
        case O_IN: in_file = arg; break;
        case O_TEXT: text_arg = arg; break;
        case O_OUT:
            if (ends_with(arg, ".svg") || ends_with(arg, ".SVG")) {
                if (svg_out != NULL) return cli_usage_err("label", "more than one SVG output");
                svg_out = arg;
            } else if (ends_with(arg, ".png") || ends_with(arg, ".PNG")) {
                if (png_out != NULL) return cli_usage_err("label", "more than one PNG output");
                png_out = arg;
            } else {
                return cli_usage_err("label", "-o %s: the name must end in .svg or .png (or use --svg/--png)", arg);
            }
            break;
        case O_SVG:
            if (svg_out != NULL) return cli_usage_err("label", "more than one SVG output");
            svg_out = arg;
            break;
        case O_PNG:
            if (png_out != NULL) return cli_usage_err("label", "more than one PNG output");
            png_out = arg;
            break;
        case O_SIZE:
            if (parse_size(arg, &w_mm, &h_mm) != 0)
                return cli_usage_err("label", "--size: '%s' is not WxH in millimetres, each 30..500 (e.g. 100x150)",
                                     arg);
            break;
        case O_DPI:
            if (cli_parse_uint(arg, 72, 1200, &dpi) != 0) return cli_usage_err("label", "--dpi: '%s' is not in 72..1200", arg);
            break;
        case O_ECC: rc = enc_opts_parse(&eo, "label", ENC_O_ECC, arg); if (rc) return rc; break;
        case O_IAT: rc = enc_opts_parse(&eo, "label", ENC_O_IAT, arg); if (rc) return rc; break;
        case O_EXP: rc = enc_opts_parse(&eo, "label", ENC_O_EXP, arg); if (rc) return rc; break;
        case O_VALID_FOR: rc = enc_opts_parse(&eo, "label", ENC_O_VALID_FOR, arg); if (rc) return rc; break;
        case O_ISS: rc = enc_opts_parse(&eo, "label", ENC_O_ISS, arg); if (rc) return rc; break;
        case O_COMPRESS: rc = enc_opts_parse(&eo, "label", ENC_O_COMPRESS, arg); if (rc) return rc; break;
        case O_ATTESTATION: rc = enc_opts_parse(&eo, "label", ENC_O_ATTESTATION, arg); if (rc) return rc; break;
        case O_LINK: rc = enc_opts_parse(&eo, "label", ENC_O_LINK, arg); if (rc) return rc; break;
        case O_LINK_DOC: rc = enc_opts_parse(&eo, "label", ENC_O_LINK_DOC, arg); if (rc) return rc; break;
        case O_LINK_BASE: rc = enc_opts_parse(&eo, "label", ENC_O_LINK_BASE, arg); if (rc) return rc; break;
        case O_FORM: rc = enc_opts_parse(&eo, "label", ENC_O_FORM, arg); if (rc) return rc; break;
        case O_FORCE: force = true; break;
        case 0:
            if (json_path != NULL) return cli_usage_err("label", "unexpected argument '%s' (one PASSPORT.json only)", arg);
            json_path = arg;
            break;
        default: return -id;
        }
    }
    if ((json_path != NULL) + (in_file != NULL) + (text_arg != NULL) != 1)
        return cli_usage_err("label", "give exactly one of PASSPORT.json, --in FILE and --text TEXT");
    if (json_path != NULL && key_path == NULL) return cli_usage_err("label", "--key KEY.pem is required with PASSPORT.json");
    if (json_path == NULL && key_path != NULL)
        return cli_usage_err("label", "--key is only for signing PASSPORT.json; --in/--text are already signed");
    if (json_path == NULL && (eo.link_base != NULL || eo.form_given))
        return cli_usage_err("label", "--link-base and --form are for signing PASSPORT.json; 'dpp convert --to link' "
                                      "changes the form of a signed passport");
    if (svg_out == NULL && png_out == NULL) return cli_usage_err("label", "no output: give -o LABEL.svg and/or -o LABEL.png");
    if ((svg_out != NULL && strcmp(svg_out, "-") == 0) || (png_out != NULL && strcmp(png_out, "-") == 0))
        return cli_usage_err("label", "label outputs must be files");
    rc = enc_opts_finish(&eo, "label");
    if (rc != CLI_EX_OK) {
        enc_opts_free(&eo);
        return rc;
    }

#ifndef DPP_CLI_HAVE_LABEL
    enc_opts_free(&eo);
    (void)dpi;
    (void)force;
    (void)w_mm;
    (void)h_mm;
    cli_err("label: this dpp was built without cairo/pango (Debian: libcairo2-dev libpango1.0-dev)");
    return CLI_EX_SOFTWARE;
#else
    {
        dpp_key *key = NULL;
        dpp_passport *p = cli_xmalloc(sizeof *p);
        dpp_unverified *u = NULL;
        dpp_qr *qr = cli_xmalloc(sizeof *qr);
        char *text = cli_xmalloc(ENC_MAX_OUT), *src_text = NULL;
        size_t text_len = 0;
        uint8_t *json = NULL;
        size_t json_len = 0;
        unsigned char *svg = NULL, *png = NULL;
        size_t svg_len = 0, png_len = 0;
        label_in in;
        dpp_diag d;
        dpp_err err;
        int unknown = 0, r;
        const char *src_name = json_path;

        memset(&in, 0, sizeof in);
        if (json_path != NULL) {
            rc = cli_load_key(key_path, true, &key);
            if (rc != CLI_EX_OK) goto done;
            rc = cli_read_file(json_path, CLI_MAX_JSON_FILE, &json, &json_len);
            if (rc != CLI_EX_OK) goto done;
            err = dpp_passport_from_json((const char *)json, json_len, p, &d);
            if (err != DPP_OK) {
                cli_print_json_diag(json_path, (const char *)json, json_len, &d);
                rc = cli_exit_for(err);
                goto done;
            }
            dpp_encode_ex_opts ex;
            enc_opts_ex(&eo, &ex);
            err = dpp_encode_ex(p, key, &ex, text, ENC_MAX_OUT, &text_len, NULL, &d);
            if (err != DPP_OK) {
                cli_err_at(json_path, 0, "%s", d.msg);
                rc = err == DPP_ERR_TOO_LARGE || dpp_err_is_dl(err) ? CLI_EX_INVALID : cli_exit_for(err);
                goto done;
            }
            in.claims.iat = eo.opts.iat;
            in.claims.has_exp = eo.opts.has_exp;
            in.claims.exp = eo.opts.exp;
            if (eo.opts.iss != NULL) (void)snprintf(in.claims.iss, sizeof in.claims.iss, "%s", eo.opts.iss);
            in.claims.alg = dpp_key_alg(key);
            dpp_key_kid(key, in.claims.kid);
            /* The attestations carried (what they claim; not verified here). */
            for (size_t i = 0; i < ex.n_attestations && in.claims.n_attestations < DPP_MAX_ATTESTATIONS; i++)
                if (dpp_attestation_peek(ex.attestations[i].ptr, ex.attestations[i].len,
                                         &in.claims.attestations[in.claims.n_attestations], &d) == DPP_OK)
                    in.claims.n_attestations++;
            if (eo.link_uri != NULL) {
                in.claims.has_link = true;
                (void)snprintf(in.claims.link_uri, sizeof in.claims.link_uri, "%s", eo.link_uri);
            }
            if (eo.link_base != NULL) (void)snprintf(in.claims.resolver, sizeof in.claims.resolver, "%s", eo.resolver);
            in.claims.form = eo.form;
        } else {
            cli_source src = {text_arg, in_file, NULL};
            rc = cli_source_read("label", &src, &src_text, &text_len, &src_name);
            if (rc != CLI_EX_OK) goto done;
            u = cli_xmalloc(sizeof *u);
            err = dpp_inspect(src_text, text_len, u, &d);
            if (err != DPP_OK) {
                cli_err_at(src_name, 0, "%s", d.msg);
                rc = cli_exit_for(err);
                goto done;
            }
            /* dpp_inspect() accepted it: at most DPP_MAX_LINK_LEN characters */
            if (text_len >= ENC_MAX_OUT) {
                cli_err_at(src_name, 0, "passport is %zu characters; at most %d", text_len, DPP_MAX_LINK_LEN);
                rc = CLI_EX_MALFORMED;
                goto done;
            }
            memcpy(text, src_text, text_len);
            text[text_len] = '\0';
            *p = u->passport_unverified;
            in.claims = u->claims_unverified;
        }
        err = dpp_qr_encode(text, text_len, eo.ecc, qr, &d);
        if (err != DPP_OK) {
            cli_err_at(src_name, 0, "%s", d.msg);
            rc = cli_exit_for(err);
            goto done;
        }
        in.text = text;
        in.text_len = text_len;
        in.is_link = in.claims.form == DPP_FORM_LINK;
        in.hri_lines = cli_xmalloc(2 * sizeof in.hri);
        in.hri_lines[0] = '\0';
        if (in.is_link) cli_link_hri(text, text_len, in.hri, sizeof in.hri);
        in.qr = qr;
        in.pj = cli_passport_json(p);
        if (in.pj == NULL) {
            cli_err_at(src_name, 0, "cannot convert the passport to JSON");
            rc = CLI_EX_SOFTWARE;
            goto done;
        }
        in.summary = make_summary(in.pj, &in.claims);

        r = 0;
        if (svg_out != NULL) r = render_svg(&in, w_mm * MM, h_mm * MM, &svg, &svg_len, &unknown);
        if (r == 0 && png_out != NULL) r = render_png(&in, w_mm * MM, h_mm * MM, (unsigned)dpi, &png, &png_len, &unknown);
        if (r != 0) {
            if (r == -1)
                cli_err_at(src_name, 0,
                           "the passport (%zu characters, QR %dx%d modules) does not fit a %gx%g mm label with QR "
                           "modules of at least %.2f mm; use a larger --size, --ecc L/M, or less data",
                           text_len, qr->size, qr->size, w_mm, h_mm, MIN_MODULE_MM);
            else
                cli_err_at(src_name, 0, "rendering failed (cairo)");
            rc = r == -1 ? CLI_EX_INVALID : CLI_EX_SOFTWARE;
            goto done;
        }
        if (unknown > 0)
            cli_warn("label: %d character(s) have no glyph in the installed fonts and print as boxes "
                     "(Debian: install fonts-noto-cjk for Chinese, Japanese and Korean)",
                     unknown);
        /* Both outputs are checked before either is written. */
        if ((svg_out != NULL && (rc = cli_output_check(svg_out, force ? CLI_W_FORCE : 0)) != CLI_EX_OK) ||
            (png_out != NULL && (rc = cli_output_check(png_out, force ? CLI_W_FORCE : 0)) != CLI_EX_OK))
            goto done;
        if (svg_out != NULL) {
            rc = cli_write_atomic(svg_out, svg, svg_len, 0, force ? CLI_W_FORCE : 0);
            if (rc != CLI_EX_OK) goto done;
        }
        if (png_out != NULL) {
            rc = cli_write_atomic(png_out, png, png_len, 0, force ? CLI_W_FORCE : 0);
            if (rc != CLI_EX_OK) goto done;
        }
    done:
        free(svg);
        free(png);
        free(in.summary);
        free(in.hri_lines);
        json_decref(in.pj);
        free(text);
        free(src_text);
        free(json);
        free(qr);
        free(u);
        free(p);
        dpp_key_free(key);
        enc_opts_free(&eo);
        label_cleanup();
        return rc;
    }
#endif
}
