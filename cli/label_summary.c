/* SPDX-License-Identifier: Apache-2.0 */
/* dpp label: the summary text under the code, from the typed passport. */
#include "label.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "common.h"
#include "util.h"

static const char *unit_name(const char *code)
{
    static const char *const map[][2] = {
        {"KGM", "kg"}, {"TNE", "t"},  {"GRM", "g"},   {"KWH", "kWh"}, {"MWH", "MWh"}, {"H87", "piece"},
        {"LTR", "l"},  {"MTK", "m²"}, {"MTQ", "m³"},  {"MTR", "m"},   {"C62", "unit"}, {NULL, NULL}};
    for (int i = 0; map[i][0] != NULL; i++)
        if (code != NULL && strcmp(code, map[i][0]) == 0) return map[i][1];
    return code != NULL ? code : "?";
}

void label_sb_add(label_sb *b, const char *t)
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

static void sb_esc(label_sb *b, const char *t)
{
    char *e = g_markup_escape_text(t != NULL ? t : "?", -1);
    label_sb_add(b, e);
    g_free(e);
}

/* An identifier: U+2060 WORD JOINER between its characters (not inside
 * a UTF-8 sequence), so that no line is ever broken inside it. */
void label_sb_id(label_sb *b, const char *t)
{
    char *e;
    label_sb o = {NULL, 0, 0};
    char one[5];
    if (t == NULL || t[0] == '\0') t = "?";
    for (const unsigned char *q = (const unsigned char *)t; *q != '\0';) {
        size_t k = *q < 0x80 ? 1 : *q < 0xe0 ? 2 : *q < 0xf0 ? 3 : 4;
        size_t i;
        for (i = 0; i < k && q[i] != '\0'; i++) one[i] = (char)q[i];
        one[i] = '\0';
        if (o.n > 0) label_sb_add(&o, "\xe2\x81\xa0");
        label_sb_add(&o, one);
        q += i;
    }
    e = g_markup_escape_text(o.s, -1);
    label_sb_add(b, e);
    g_free(e);
    free(o.s);
}

static void sb_line(label_sb *b, const char *label)
{
    if (b->n > 0) label_sb_add(b, "\n");
    label_sb_add(b, "<b>");
    sb_esc(b, label);
    label_sb_add(b, "</b>  ");
}

/* Who vouches for a claim, as far as the label can tell: it does not verify
 * (no trust store), so an attestation the passport carries is named by its
 * key and left to the scan; without one the figure is the manufacturer's own
 * word, whatever its "verification" member says. */
static void claim_note(label_sb *b, const dpp_claims *c, unsigned claim, const char *declared)
{
    for (size_t i = 0; i < c->n_attestations && i < DPP_MAX_ATTESTATIONS; i++) {
        uint32_t m = c->attestations[i].claims;
        if ((m & DPP_CLAIM_BIT(claim)) != 0 ||
            (claim >= DPP_CLAIM_CERTIFICATION_0 && (m & DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATIONS)) != 0)) {
            char kid[2 * DPP_KID_LEN + 1];
            cli_hex(c->attestations[i].kid, DPP_KID_LEN, kid);
            label_sb_add(b, " — attestation by key ");
            sb_esc(b, kid);
            label_sb_add(b, " carried; scan to verify");
            return;
        }
    }
    label_sb_add(b, " — <i>self-declared by the manufacturer</i>");
    if (declared != NULL && strcmp(declared, "self-declared") != 0) {
        label_sb_add(b, " (stated as ");
        sb_esc(b, declared);
        label_sb_add(b, ", no attestation)");
    }
}

/* Text or NULL when empty (absent). */
static const char *opt(const char *s) { return s[0] != '\0' ? s : NULL; }

static const char *dec(dpp_decimal d, char *out, size_t cap)
{
    return dpp_decimal_format(d, out, cap) > 0 ? out : NULL;
}

static void summary_footprint(label_sb *b, const dpp_footprint *fp, const dpp_claims *c)
{
    char x[32];
    sb_line(b, "Carbon footprint");
    sb_esc(b, dec(fp->total, x, sizeof x));
    label_sb_add(b, " kg CO₂e per ");
    sb_esc(b, unit_name(opt(fp->declared_unit)));
    label_sb_add(b, " (");
    sb_esc(b, dpp_boundary_name(fp->boundary));
    label_sb_add(b, ", ");
    sb_esc(b, dpp_method_name(fp->method));
    label_sb_add(b, ")");
    claim_note(b, c, DPP_CLAIM_FOOTPRINT, dpp_verification_name(fp->verification));
}

static void summary_cbam(label_sb *b, const dpp_cbam *cb, const dpp_claims *c)
{
    char x[32];
    sb_line(b, "CBAM");
    label_sb_add(b, "CN ");
    sb_esc(b, opt(cb->cn_code));
    label_sb_add(b, ", origin ");
    sb_esc(b, opt(cb->origin));
    label_sb_add(b, ", SEE ");
    sb_esc(b, dec(cb->see_direct, x, sizeof x));
    label_sb_add(b, " t CO₂e/t direct");
    if (cb->has_see_indirect) {
        label_sb_add(b, ", ");
        sb_esc(b, dec(cb->see_indirect, x, sizeof x));
        label_sb_add(b, " indirect");
    }
    claim_note(b, c, DPP_CLAIM_CBAM, NULL);
}

static void summary_certifications(label_sb *b, const dpp_passport *p, const dpp_claims *c)
{
    sb_line(b, p->n_certifications > 1 ? "Certifications" : "Certification");
    for (size_t i = 0; i < p->n_certifications && i < DPP_MAX_CERTIFICATIONS; i++) {
        const dpp_certification *ce = &p->certifications[i];
        if (i > 0) label_sb_add(b, "; ");
        sb_esc(b, opt(ce->scheme));
        label_sb_add(b, " ");
        sb_esc(b, opt(ce->certificate_id));
        label_sb_add(b, " (");
        sb_esc(b, opt(ce->issuer));
        if (ce->has_valid_until) {
            char d[16];
            label_sb_add(b, ", until ");
            sb_esc(b, dpp_date_format(ce->valid_until, d, sizeof d) > 0 ? d : NULL);
        }
        label_sb_add(b, ")");
        claim_note(b, c, DPP_CLAIM_CERTIFICATION_0 + (unsigned)i, NULL);
    }
}

char *label_summary(const dpp_passport *p, const dpp_claims *c, bool short_form)
{
    label_sb b = {NULL, 0, 0};
    char kid[2 * DPP_KID_LEN + 1], t[40];

    sb_line(&b, "Passport");
    cli_uuid_text(p->id, t);
    label_sb_id(&b, t);
    sb_line(&b, "Manufacturer");
    sb_esc(&b, opt(p->manufacturer.name));
    label_sb_add(&b, ", ");
    sb_esc(&b, opt(p->manufacturer.country));
    if (!short_form) {
        if (p->has_footprint) summary_footprint(&b, &p->footprint, c);
        if (p->has_cbam) summary_cbam(&b, &p->cbam, c);
        if (p->n_certifications > 0) summary_certifications(&b, p, c);
        sb_line(&b, "Issuer");
        if (c->iss[0] != '\0') sb_esc(&b, c->iss);
        else sb_esc(&b, opt(p->manufacturer.name));
        cli_hex(c->kid, DPP_KID_LEN, kid);
        label_sb_add(&b, " · key ");
        label_sb_id(&b, kid);
        label_sb_add(&b, " (");
        sb_esc(&b, dpp_alg_name(c->alg));
        label_sb_add(&b, ")");
        if (c->has_link && c->link_uri[0] != '\0') {
            sb_line(&b, "Full passport");
            label_sb_id(&b, c->link_uri);
        }
    }
    sb_line(&b, "Signed");
    cli_format_time(c->iat, t, sizeof t);
    t[10] = '\0';
    sb_esc(&b, t);
    if (c->has_exp) {
        label_sb_add(&b, ", valid until ");
        cli_format_time(c->exp, t, sizeof t);
        t[10] = '\0';
        sb_esc(&b, t);
    }
    return b.s;
}

char *label_ids(const dpp_passport *p)
{
    label_sb b = {NULL, 0, 0};
    label_sb_add(&b, "GTIN <b>");
    label_sb_id(&b, opt(p->gtin));
    label_sb_add(&b, "</b>");
    if (p->batch[0] != '\0') {
        label_sb_add(&b, "\nBatch <b>");
        label_sb_id(&b, p->batch);
        label_sb_add(&b, "</b>");
    }
    if (p->serial[0] != '\0') {
        label_sb_add(&b, "\nSerial <b>");
        label_sb_id(&b, p->serial);
        label_sb_add(&b, "</b>");
    }
    return b.s;
}

/* What a person can use when the code cannot be scanned: the passport id
 * to look it up, and a fingerprint to check that what a lookup returns is
 * the passport of this label (the first 64 bits of the SHA-256 of the
 * text, in groups of four hex digits). The whole text (600 characters and
 * more) is only printed with --fallback full. */
char *label_fallback_short(const label_in *in)
{
    uint8_t h[32];
    char uuid[37], hex[65], out[160];
    cli_uuid_text(in->passport->id, uuid);
    if (dpp_sha256((const uint8_t *)in->text, in->text_len, h) != DPP_OK) memset(h, 0, sizeof h);
    cli_hex(h, 8, hex);
    (void)snprintf(out, sizeof out, "ID %s\nSHA-256 %.4s %.4s %.4s %.4s (%zu chars)", uuid, hex, hex + 4, hex + 8,
                   hex + 12, in->text_len);
    return strcpy(cli_xmalloc(strlen(out) + 1), out);
}

void label_in_prepare(label_in *in)
{
    in->ids = label_ids(in->passport);
    in->summary = label_summary(in->passport, &in->claims, false);
    in->summary_short = label_summary(in->passport, &in->claims, true);
    in->fb_short = label_fallback_short(in);
    in->is_link = in->claims.form == DPP_FORM_LINK;
    in->hri[0] = '\0';
    if (in->is_link) cli_link_hri(in->text, in->text_len, in->hri, sizeof in->hri);
}

void label_in_release(label_in *in)
{
    free(in->ids);
    free(in->summary);
    free(in->summary_short);
    free(in->fb_short);
    in->ids = in->summary = in->summary_short = in->fb_short = NULL;
}
