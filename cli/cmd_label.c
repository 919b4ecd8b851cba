/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp label: a printable passport label, SVG, PNG, PDF and/or ZPL II,
 * laid out once with cairo + pango so every output has the same layout
 * (label_layout.c: the scannability rule); --batch for many (label_batch.c):
 *
 *   product name (large, up to two lines)
 *   GTIN, batch, serial (bold, never smaller than 8 pt)
 *   QR code of the passport text (whole dots per module, >= 0.33 mm)
 *   the human-readable link (hybrid form), caption with the ECC level
 *   summary: passport id, manufacturer, carbon footprint with unit, CBAM,
 *            certifications, issuer and signing key
 *   the fallback for people (id and fingerprint; optional)
 *
 * With --link-base (or a link given with --in/--text) the QR holds the GS1
 * Digital Link, and its human-readable form (the URI before '#', host in
 * lower case) is printed right under the symbol, broken only at '/'.
 *
 * Landscape stock (wider than tall) puts the QR on the left. Fonts come
 * from fontconfig (Debian: fonts-dejavu, fonts-noto-cjk for Chinese,
 * Japanese and Korean); glyphs that no installed font has are reported.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmds.h"
#include "help.h"
#include "common.h"
#include "sign_opts.h"
#include "util.h"


enum {
    O_HELP = 1, O_KEY, O_IN, O_TEXT, O_OUT, O_SVG, O_PNG, O_PDF, O_ZPL, O_SIZE, O_DPI, O_ECC, O_IAT, O_EXP,
    O_VALID_FOR, O_ISS, O_COMPRESS, O_ATTESTATION, O_LINK, O_LINK_DOC, O_FORCE, O_LINK_BASE, O_FORM, O_MIN_MODULE,
    O_FALLBACK, O_SHEET, O_GRID, O_MARGIN, O_GAP, O_BATCH, O_FORMAT, O_JOBS, O_RESUME, O_QUIET, O_LAYOUT_JSON
};
static const cli_opt k_opts[] = {
    {"help", 'h', false, O_HELP},  {"key", 'k', true, O_KEY},     {"in", 'i', true, O_IN},
    {"text", 0, true, O_TEXT},     {"out", 'o', true, O_OUT},     {"svg", 0, true, O_SVG},
    {"png", 0, true, O_PNG},       {"pdf", 0, true, O_PDF},       {"zpl", 0, true, O_ZPL},
    {"size", 0, true, O_SIZE},     {"dpi", 0, true, O_DPI},
    {"ecc", 0, true, O_ECC},       {"iat", 0, true, O_IAT},       {"exp", 0, true, O_EXP},
    {"valid-for", 0, true, O_VALID_FOR}, {"iss", 0, true, O_ISS}, {"compress", 0, true, O_COMPRESS},
    {"attestation", 0, true, O_ATTESTATION}, {"link", 0, true, O_LINK}, {"link-doc", 0, true, O_LINK_DOC},
    {"force", 0, false, O_FORCE}, {"link-base", 0, true, O_LINK_BASE}, {"form", 0, true, O_FORM},
    {"min-module", 0, true, O_MIN_MODULE}, {"fallback", 0, true, O_FALLBACK}, {"sheet", 0, true, O_SHEET},
    {"grid", 0, true, O_GRID}, {"margin", 0, true, O_MARGIN}, {"gap", 0, true, O_GAP},
    {"batch", 0, true, O_BATCH}, {"format", 'f', true, O_FORMAT}, {"jobs", 'j', true, O_JOBS},
    {"resume", 0, false, O_RESUME}, {"quiet", 'q', false, O_QUIET}, {"layout-json", 0, true, O_LAYOUT_JSON},
    {NULL, 0, false, 0},
};

#ifdef DPP_CLI_HAVE_LABEL

#include "label.h"

#endif /* DPP_CLI_HAVE_LABEL */

enum { F_SVG = 1, F_PNG = 2, F_PDF = 4, F_ZPL = 8 }; /* = LABEL_F_* */

static int parse_wxh(const char *s, double lo, double hi, double *w_mm, double *h_mm)
{
    char *end = NULL;
    double w, h;
    w = strtod(s, &end);
    if (end == s || (*end != 'x' && *end != 'X')) return -1;
    s = end + 1;
    h = strtod(s, &end);
    if (end == s || *end != '\0') return -1;
    if (!(w >= lo && w <= hi && h >= lo && h <= hi)) return -1;
    *w_mm = w;
    *h_mm = h;
    return 0;
}

static int parse_size(const char *s, double *w_mm, double *h_mm)
{
    if (strcmp(s, "a6") == 0 || strcmp(s, "A6") == 0) s = "105x148";
    if (strcmp(s, "4x6in") == 0) s = "101.6x152.4";
    return parse_wxh(s, 30, 500, w_mm, h_mm);
}

static int parse_mm(const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !(v >= lo && v <= hi)) return -1;
    *out = v;
    return 0;
}

static int parse_formats(const char *s, unsigned *out)
{
    static const char *const names[] = {"svg", "png", "pdf", "zpl"};
    *out = 0;
    while (*s != '\0') {
        size_t k = strcspn(s, ",");
        unsigned f = 0;
        for (unsigned i = 0; i < 4; i++)
            if (strlen(names[i]) == k && strncmp(s, names[i], k) == 0) f = 1u << i;
        if (f == 0) return -1;
        *out |= f;
        s += k;
        if (*s == ',') s++;
    }
    return *out != 0 ? 0 : -1;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

#ifdef DPP_CLI_HAVE_LABEL
/* The layout as JSON (millimetres): every box, the QR and its module. */
static int write_layout_json(const char *path, const label_layout *L, const label_spec *sp, bool force)
{
    json_t *o = json_object(), *boxes = json_array();
    char *s;
    int rc;
    json_object_set_new(o, "width_mm", json_real(sp->w_mm));
    json_object_set_new(o, "height_mm", json_real(sp->h_mm));
    if (sp->dpi > 0) json_object_set_new(o, "dpi", json_integer(sp->dpi));
    label_facts_json(o, L, sp);
    json_object_set_new(o, "quiet_zone_modules", json_integer(QR_BORDER));
    for (int i = 0; i < L->nb; i++) {
        json_t *b = json_object();
        json_object_set_new(b, "what", json_string(L->b[i].what));
        json_object_set_new(b, "x", json_real(L->b[i].x / MM));
        json_object_set_new(b, "y", json_real(L->b[i].y / MM));
        json_object_set_new(b, "w", json_real(L->b[i].w / MM));
        json_object_set_new(b, "h", json_real(L->b[i].h / MM));
        if (L->b[i].pl != NULL) {
            const char *t = pango_layout_get_text(L->b[i].pl);
            json_object_set_new(b, "lines", json_integer(pango_layout_get_line_count(L->b[i].pl)));
            /* as printed: without the WORD JOINERs that keep identifiers whole */
            label_sb plain = {NULL, 0, 0};
            char one[2] = {0, 0};
            for (; *t != '\0'; t++) {
                if (strncmp(t, "\xe2\x81\xa0", 3) == 0) {
                    t += 2;
                    continue;
                }
                one[0] = *t;
                label_sb_add(&plain, one);
            }
            json_object_set_new(b, "text", cli_json_text(plain.s != NULL ? plain.s : ""));
            free(plain.s);
        }
        json_array_append_new(boxes, b);
    }
    if (L->sep) {
        /* the rule above the fallback text (0.5 pt) */
        json_t *b = json_object();
        json_object_set_new(b, "what", json_string("rule"));
        json_object_set_new(b, "x", json_real(L->sep_x0 / MM));
        json_object_set_new(b, "y", json_real((L->sep_y - 0.25) / MM));
        json_object_set_new(b, "w", json_real((L->sep_x1 - L->sep_x0) / MM));
        json_object_set_new(b, "h", json_real(0.5 / MM));
        json_array_append_new(boxes, b);
    }
    json_object_set_new(o, "boxes", boxes);
    s = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (s == NULL) return CLI_EX_SOFTWARE;
    {
        size_t n = strlen(s);
        s[n] = '\n';
        rc = cli_write_atomic(path, s, n + 1, 0, force ? CLI_W_FORCE : 0);
    }
    free(s);
    return rc;
}
#endif

int cmd_label(int argc, char **argv)
{
    cli_args a;
    const char *arg, *key_path = NULL, *in_file = NULL, *text_arg = NULL, *json_path = NULL, *batch = NULL,
                     *layout_json = NULL;
    const char *outs[4] = {NULL, NULL, NULL, NULL}; /* svg, png, pdf, zpl */
    const char *out_dir = NULL;
    enc_opts eo;
    double w_mm = 100, h_mm = 150, min_module = 0.33, margin = 10, gap = 3, sheet_w = 0, sheet_h = 0;
    unsigned long dpi = 0, jobs = 0, cols = 0, rows = 0;
    unsigned formats = 0;
    int fallback = 0;
    bool force = false, resume = false, quiet = false, grid_given = false, spacing_given = false;
    int id, rc = CLI_EX_OK;

    enc_opts_init(&eo);
    eo.ecc = DPP_ECC_Q;
    cli_args_init(&a, "label", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        int slot = -1;
        switch (id) {
        case O_HELP: cli_help(stdout, "label"); return CLI_EX_OK;
        case O_KEY: key_path = arg; break;
        case O_IN: in_file = arg; break;
        case O_TEXT: text_arg = arg; break;
        case O_OUT:
            if (out_dir != NULL) return cli_usage_err("label", "-o/--out given twice with --batch");
            if (ends_with(arg, ".svg")) slot = 0;
            else if (ends_with(arg, ".png")) slot = 1;
            else if (ends_with(arg, ".pdf")) slot = 2;
            else if (ends_with(arg, ".zpl")) slot = 3;
            else {
                out_dir = arg; /* a directory (checked below: only with --batch) */
                break;
            }
            break;
        case O_SVG: slot = 0; break;
        case O_PNG: slot = 1; break;
        case O_PDF: slot = 2; break;
        case O_ZPL: slot = 3; break;
        case O_SIZE:
            if (parse_size(arg, &w_mm, &h_mm) != 0)
                return cli_usage_err("label", "--size: '%s' is not WxH in millimetres, each 30..500 (e.g. 100x150, "
                                              "62x100, a6, 4x6in)",
                                     arg);
            break;
        case O_DPI:
            if (cli_parse_uint(arg, 72, 1200, &dpi) != 0) return cli_usage_err("label", "--dpi: '%s' is not in 72..1200", arg);
            break;
        case O_MIN_MODULE:
            if (parse_mm(arg, 0.25, 5.0, &min_module) != 0)
                return cli_usage_err("label", "--min-module: '%s' is not a size in millimetres in 0.25..5 (QR modules "
                                              "below 0.25 mm do not scan reliably)",
                                     arg);
            break;
        case O_FALLBACK:
            if (strcmp(arg, "auto") == 0) fallback = 0;
            else if (strcmp(arg, "off") == 0) fallback = 1;
            else if (strcmp(arg, "short") == 0) fallback = 2;
            else if (strcmp(arg, "full") == 0) fallback = 3;
            else return cli_usage_err("label", "--fallback: '%s' is not auto, off, short or full", arg);
            break;
        case O_SHEET:
            if (strcasecmp(arg, "a4") == 0) sheet_w = 210, sheet_h = 297;
            else if (strcasecmp(arg, "letter") == 0) sheet_w = 215.9, sheet_h = 279.4;
            else if (parse_wxh(arg, 50, 1000, &sheet_w, &sheet_h) != 0)
                return cli_usage_err("label", "--sheet: '%s' is not a4, letter or WxH in millimetres (50..1000)", arg);
            break;
        case O_GRID: {
            char *end = NULL;
            cols = strtoul(arg, &end, 10);
            if (end == arg || (*end != 'x' && *end != 'X') || cols < 1 || cols > 50)
                return cli_usage_err("label", "--grid: '%s' is not COLSxROWS (each 1..50, e.g. 2x4)", arg);
            {
                const char *r0 = end + 1;
                rows = strtoul(r0, &end, 10);
                if (end == r0 || *end != '\0' || rows < 1 || rows > 50)
                    return cli_usage_err("label", "--grid: '%s' is not COLSxROWS (each 1..50, e.g. 2x4)", arg);
            }
            grid_given = true;
            break;
        }
        case O_MARGIN:
            if (parse_mm(arg, 0, 100, &margin) != 0) return cli_usage_err("label", "--margin: '%s' is not 0..100 mm", arg);
            spacing_given = true;
            break;
        case O_GAP:
            if (parse_mm(arg, 0, 100, &gap) != 0) return cli_usage_err("label", "--gap: '%s' is not 0..100 mm", arg);
            spacing_given = true;
            break;
        case O_BATCH: batch = arg; break;
        case O_FORMAT:
            if (parse_formats(arg, &formats) != 0)
                return cli_usage_err("label", "--format: '%s' is not a list of svg, png, pdf, zpl (e.g. pdf,zpl)", arg);
            break;
        case O_JOBS:
            if (cli_parse_uint(arg, 1, 256, &jobs) != 0) return cli_usage_err("label", "--jobs: '%s' is not in 1..256", arg);
            break;
        case O_RESUME: resume = true; break;
        case O_QUIET: quiet = true; break;
        case O_LAYOUT_JSON: layout_json = arg; break;
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
        if (slot >= 0) {
            static const char *const names[] = {"SVG", "PNG", "PDF", "ZPL"};
            if (outs[slot] != NULL) return cli_usage_err("label", "more than one %s output", names[slot]);
            if (strcmp(arg, "-") == 0) return cli_usage_err("label", "label outputs must be files");
            outs[slot] = arg;
        }
    }
    if (batch != NULL) {
        if (json_path != NULL || in_file != NULL || text_arg != NULL)
            return cli_usage_err("label", "give either --batch FILE or one passport (PASSPORT.json, --in, --text)");
        if (out_dir == NULL) return cli_usage_err("label", "--batch needs --out DIR (the labels and results.jsonl)");
        if (outs[0] || outs[1] || outs[2] || outs[3])
            return cli_usage_err("label", "with --batch the formats are chosen with --format (e.g. --format pdf,zpl)");
        if (layout_json != NULL) return cli_usage_err("label", "--layout-json is for one label, not --batch");
        if (formats == 0) formats = F_PDF;
        if (key_path == NULL && (eo.link_base != NULL || eo.form_given))
            return cli_usage_err("label", "--link-base and --form are for signing (--batch with --key)");
    } else {
        if (out_dir != NULL)
            return cli_usage_err("label", "-o %s: the name must end in .svg, .png, .pdf or .zpl (or use --svg, --png, "
                                          "--pdf, --zpl; a directory only with --batch)",
                                 out_dir);
        if (formats != 0) return cli_usage_err("label", "--format is for --batch; name the outputs with -o");
        if (resume || jobs != 0) return cli_usage_err("label", "--resume and --jobs need --batch");
        if ((json_path != NULL) + (in_file != NULL) + (text_arg != NULL) != 1)
            return cli_usage_err("label", "give exactly one of PASSPORT.json, --in FILE, --text TEXT and --batch FILE");
        if (json_path != NULL && key_path == NULL)
            return cli_usage_err("label", "--key KEY.pem is required with PASSPORT.json");
        if (json_path == NULL && key_path != NULL)
            return cli_usage_err("label", "--key is only for signing PASSPORT.json; --in/--text are already signed");
        if (json_path == NULL && (eo.link_base != NULL || eo.form_given))
            return cli_usage_err("label", "--link-base and --form are for signing PASSPORT.json; 'dpp convert --to "
                                          "link' changes the form of a signed passport");
        for (int i = 0; i < 4; i++)
            if (outs[i] != NULL) formats |= 1u << i;
        if (formats == 0)
            return cli_usage_err("label", "no output: give -o LABEL.svg, .png, .pdf and/or .zpl");
    }
    if ((formats & F_ZPL) != 0 && dpi != 0 && dpi != 203 && dpi != 300 && dpi != 600)
        return cli_usage_err("label", "--dpi %lu: ZPL printers print at 203, 300 or 600 dpi", dpi);
    if ((grid_given || spacing_given) && sheet_w == 0)
        return cli_usage_err("label", "--grid, --margin and --gap place labels on a --sheet (a4, letter)");
    if (sheet_w != 0 && (formats & F_PDF) == 0) return cli_usage_err("label", "--sheet is for PDF output");
    if (dpi == 0) dpi = (formats & F_ZPL) != 0 ? 203 : 300;
    rc = enc_opts_finish(&eo, "label");
    if (rc != CLI_EX_OK) {
        enc_opts_free(&eo);
        return rc;
    }

#ifndef DPP_CLI_HAVE_LABEL
    enc_opts_free(&eo);
    (void)force, (void)w_mm, (void)h_mm, (void)min_module, (void)margin, (void)gap, (void)quiet, (void)cols,
        (void)rows, (void)fallback, (void)sheet_h;
    cli_err("label: this dpp was built without cairo/pango (Debian: libcairo2-dev libpango1.0-dev)");
    return CLI_EX_SOFTWARE;
#else
    {
        label_spec spec;
        label_sheet sheet;
        dpp_key *key = NULL;
        label_item it;
        label_layout L;
        char why[1024];
        dpp_diag d;
        dpp_err err;
        const char *src_name = json_path;
        unsigned char *data[4] = {NULL, NULL, NULL, NULL};
        size_t data_len[4] = {0, 0, 0, 0};
        bool have_layout = false;

        memset(&it, 0, sizeof it);
        memset(&spec, 0, sizeof spec);
        spec.w_mm = w_mm;
        spec.h_mm = h_mm;
        spec.dpi = (formats & (F_PNG | F_ZPL)) != 0 ? (unsigned)dpi : 0;
        spec.printer_dots = (formats & F_ZPL) != 0;
        spec.min_module_mm = min_module;
        spec.fallback = (label_fallback)fallback;
        spec.ecc = eo.ecc;
        memset(&sheet, 0, sizeof sheet);
        sheet.w_mm = sheet_w;
        sheet.h_mm = sheet_h;
        sheet.cols = (int)cols;
        sheet.rows = (int)rows;
        sheet.margin_mm = margin;
        sheet.gap_mm = gap;
        if (sheet_w != 0) {
            int fc, fr;
            label_sheet_grid(&spec, &sheet, &fc, &fr);
            if (fc < 1 || fr < 1 || (int)cols > fc || (int)rows > fr) {
                cli_usage_err("label", "%lu x %lu labels of %gx%g mm do not fit a %gx%g mm sheet with %g mm margins "
                                       "and %g mm gaps (at most %d x %d)",
                              cols ? cols : 1, rows ? rows : 1, w_mm, h_mm, sheet_w, sheet_h, margin, gap, fc, fr);
                enc_opts_free(&eo);
                return CLI_EX_USAGE;
            }
        }
        if (key_path != NULL) {
            rc = cli_load_key(key_path, true, &key);
            if (rc != CLI_EX_OK) goto done;
        }
        if (batch != NULL) {
            label_batch_opts bo;
            memset(&bo, 0, sizeof bo);
            bo.in_path = batch;
            bo.dir = out_dir;
            bo.key = key;
            bo.eo = &eo;
            bo.spec = spec;
            bo.sheet = sheet;
            bo.formats = formats;
            bo.jobs = (unsigned)jobs;
            bo.resume = resume;
            bo.force = force;
            bo.quiet = quiet;
            rc = label_batch(&bo);
            goto done;
        }
        if (json_path != NULL) {
            uint8_t *json = NULL;
            size_t json_len = 0;
            dpp_passport *p = cli_xmalloc(sizeof *p);
            rc = cli_read_file(json_path, CLI_MAX_JSON_FILE, &json, &json_len);
            if (rc != CLI_EX_OK) {
                free(p);
                goto done;
            }
            err = dpp_passport_from_json((const char *)json, json_len, p, &d);
            if (err != DPP_OK) {
                cli_print_json_diag(json_path, (const char *)json, json_len, &d);
                rc = cli_exit_for(err);
            } else {
                err = label_item_sign(&it, p, key, &eo, &d);
                if (err != DPP_OK) {
                    cli_err_at(json_path, 0, "%s", d.msg);
                    rc = err == DPP_ERR_TOO_LARGE || dpp_err_is_dl(err) ? CLI_EX_INVALID : cli_exit_for(err);
                }
            }
            free(json);
            free(p);
            if (rc != CLI_EX_OK) goto done;
        } else {
            cli_source src = {text_arg, in_file, NULL};
            char *src_text = NULL;
            size_t text_len = 0;
            rc = cli_source_read("label", &src, &src_text, &text_len, &src_name);
            if (rc != CLI_EX_OK) goto done;
            err = label_item_text(&it, src_text, text_len, eo.ecc, &d);
            free(src_text);
            if (err != DPP_OK) {
                cli_err_at(src_name, 0, "%s", d.msg);
                rc = err == DPP_ERR_TOO_LARGE ? CLI_EX_MALFORMED : cli_exit_for(err);
                goto done;
            }
        }
        if (label_layout_make(&it.in, &spec, &L, why, sizeof why) != 0) {
            cli_err_at(src_name, 0, "%s", why);
            rc = CLI_EX_INVALID;
            goto done;
        }
        have_layout = true;
        for (int i = 0; i < L.n_notes; i++) cli_warn("label: %s (to keep the QR modules at %.2f mm or more)", L.notes[i], min_module);
        if (L.unknown > 0)
            cli_warn("label: %d character(s) have no glyph in the installed fonts and print as boxes "
                     "(Debian: install fonts-noto-cjk for Chinese, Japanese and Korean)",
                     L.unknown);
        {
            int r = 0;
            if (outs[0] != NULL && r == 0) r = label_render_svg(&it.in, &L, &data[0], &data_len[0]);
            if (outs[1] != NULL && r == 0) r = label_render_png(&it.in, &L, &data[1], &data_len[1]);
            if (outs[3] != NULL && r == 0) r = label_render_zpl(&it.in, &L, &data[3], &data_len[3]);
            if (outs[2] != NULL && r == 0) {
                /* PDF into memory through a temporary stream */
                char *mem = NULL;
                size_t mem_len = 0;
                FILE *f = open_memstream(&mem, &mem_len);
                label_pdf *pdf = f != NULL ? label_pdf_open(f, &spec, sheet_w != 0 ? &sheet : NULL, why, sizeof why) : NULL;
                if (pdf != NULL) {
                    label_pdf_add(pdf, &L, &it.in, NULL, NULL);
                    r = label_pdf_close(pdf);
                } else {
                    r = -2;
                }
                if (f != NULL) fclose(f);
                data[2] = (unsigned char *)mem;
                data_len[2] = mem_len;
            }
            if (r != 0) {
                cli_err_at(src_name, 0, "rendering failed (cairo)");
                rc = CLI_EX_SOFTWARE;
                goto done;
            }
        }
        /* Every output is checked before any is written. */
        for (int i = 0; i < 4; i++)
            if (outs[i] != NULL && (rc = cli_output_check(outs[i], force ? CLI_W_FORCE : 0)) != CLI_EX_OK) goto done;
        if (layout_json != NULL && strcmp(layout_json, "-") != 0 &&
            (rc = cli_output_check(layout_json, force ? CLI_W_FORCE : 0)) != CLI_EX_OK)
            goto done;
        for (int i = 0; i < 4; i++)
            if (outs[i] != NULL && (rc = cli_write_atomic(outs[i], data[i], data_len[i], 0, force ? CLI_W_FORCE : 0)) != CLI_EX_OK)
                goto done;
        if (layout_json != NULL) rc = write_layout_json(layout_json, &L, &spec, force);
    done:
        for (int i = 0; i < 4; i++) free(data[i]);
        if (have_layout) label_layout_free(&L);
        label_item_free(&it);
        dpp_key_free(key);
        enc_opts_free(&eo);
        label_cleanup();
        return rc;
    }
#endif
}
