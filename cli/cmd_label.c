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
#include "help.h"
#include "common.h"
#include "sign_opts.h"
#include "util.h"


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

#include "label.h"

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
        case O_HELP: cli_help(stdout, "label"); return CLI_EX_OK;
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
        in.passport = p;
        in.summary = label_summary(p, &in.claims);

        r = 0;
        if (svg_out != NULL) r = label_render_svg(&in, w_mm * MM, h_mm * MM, &svg, &svg_len, &unknown);
        if (r == 0 && png_out != NULL) r = label_render_png(&in, w_mm * MM, h_mm * MM, (unsigned)dpi, &png, &png_len, &unknown);
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
