/* SPDX-License-Identifier: Apache-2.0 */
/* The passport's validation rules (dpp_passport.h and spec/payload.cddl).
 *
 * Every rule reports through a sink (passport_check.h) and validation goes
 * on after a problem, field by field, so that callers can list every
 * problem; dpp_passport_validate() keeps the first. A field gets at most one
 * problem (its first), and a rule that needs a field already found wrong
 * (the mass fractions' sum, date order) is skipped. */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cbor_read.h"
#include "codes.h"
#include "diag.h"
#include "dpp/dpp_passport.h"
#include "ext.h"
#include "passport_check.h"

void dpp_passport_init(dpp_passport *p)
{
    if (p != NULL) memset(p, 0, sizeof *p);
}

/* Where problems go. */
typedef struct vctx {
    dpp_check_sink sink;
    void *ctx;
    dpp_err first; /* first problem's code */
} vctx;

#define NO_PATH ((dpp_path){NULL, DPP_PATH_NO_INDEX, NULL})

DPP_PRINTF(5, 0) static void vreport(vctx *v, dpp_err err, dpp_path path, dpp_path other, const char *fmt, va_list ap)
{
    char text[DPP_DIAG_MSG_LEN];
    dpp_diag d;
    /* text is cut by the message's own limit below, at a character boundary:
     * the path and ": " come first, so a cut inside text's last character
     * never reaches the message. */
    (void)vsnprintf(text, sizeof text, fmt, ap);
    (void)dpp_diag_set_at(&d, err, SIZE_MAX, path, "%s", text);
    if (v->first == DPP_OK) v->first = err;
    v->sink(v->ctx, &d, path, other);
}

/* Reports "<path>: <fmt...>" and returns err. */
static dpp_err vfail(vctx *v, dpp_err err, dpp_path path, const char *fmt, ...) DPP_PRINTF(4, 5);
static dpp_err vfail(vctx *v, dpp_err err, dpp_path path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(v, err, path, NO_PATH, fmt, ap);
    va_end(ap);
    return err;
}

/* vfail() for a rule comparing path with the field other. */
static dpp_err vfail2(vctx *v, dpp_err err, dpp_path path, dpp_path other, const char *fmt, ...) DPP_PRINTF(5, 6);
static dpp_err vfail2(vctx *v, dpp_err err, dpp_path path, dpp_path other, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(v, err, path, other, fmt, ap);
    va_end(ap);
    return err;
}

/* The first of two results that is a problem. */
static dpp_err first_of(dpp_err a, dpp_err b) { return a != DPP_OK ? a : b; }

/* Length of the NUL-terminated text in a char[size] field; size if the field
 * holds no NUL. */
static size_t field_len(const char *s, size_t size)
{
    const char *z = memchr(s, '\0', size);
    return z == NULL ? size : (size_t)(z - s);
}

/* For messages: the value quoted when it is short printable ASCII, else a
 * neutral word (never echo control bytes or invalid UTF-8 into messages). */
static const char *show(const char *s, size_t n, char buf[40])
{
    if (n > 32) return "value";
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '"' || s[i] == '\\') return "value";
    (void)snprintf(buf, 40, "\"%.*s\"", (int)n, s);
    return buf;
}

/* A text field: NUL within capacity, required or optional, UTF-8, no
 * control characters. *len_out (may be NULL) gets the length. */
static dpp_err check_text(vctx *v, dpp_path path, const char *s, size_t size, bool required, size_t *len_out)
{
    size_t n = field_len(s, size);
    if (len_out != NULL) *len_out = n;
    if (n == size)
        return vfail(v, DPP_ERR_SCHEMA_RANGE, path, "longer than %zu bytes (no NUL terminator)", size - 1);
    if (n == 0) return required ? vfail(v, DPP_ERR_SCHEMA_MISSING, path, "missing") : DPP_OK;
    if (!dpp_cb_utf8_valid((const uint8_t *)s, n)) return vfail(v, DPP_ERR_SCHEMA_FORMAT, path, "not valid UTF-8");
    {
        size_t at = 0;
        uint32_t cp = 0;
        char why[96];
        dpp_text_fault f = dpp_text_check(s, n, &at, &cp);
        if (f != DPP_TEXT_OK)
            return vfail(v, DPP_ERR_SCHEMA_FORMAT, path, "%s", dpp_text_fault_msg(f, at, cp, why, sizeof why));
    }
    return DPP_OK;
}

static dpp_err check_country(vctx *v, dpp_path path, const char cc[3], bool required)
{
    char q[40];
    size_t n;
    dpp_err err = check_text(v, path, cc, 3, required, &n);
    if (err != DPP_OK || n == 0) return err;
    if (!dpp_code_country(cc, n))
        return vfail(v, DPP_ERR_SCHEMA_FORMAT, path, "%s is not an ISO 3166-1 alpha-2 code", show(cc, n, q));
    return DPP_OK;
}

static dpp_err check_unit(vctx *v, dpp_path path, const char u[DPP_MAX_UNIT + 1], bool required)
{
    char q[40];
    size_t n;
    dpp_err err = check_text(v, path, u, DPP_MAX_UNIT + 1, required, &n);
    if (err != DPP_OK || n == 0) return err;
    if (!dpp_code_unit(u, n))
        return vfail(v, DPP_ERR_SCHEMA_FORMAT, path, "%s is not a UN/CEFACT Rec 20 unit code ([A-Z0-9]{2,3})",
                     show(u, n, q));
    return DPP_OK;
}

typedef enum dec_rule {
    DEC_ANY,    /* any valid decimal */
    DEC_SHARE,  /* 0..1 */
    DEC_NONNEG, /* >= 0 */
    DEC_POS,    /* > 0 */
    DEC_CBAM    /* >= 0, at most 5 fraction digits */
} dec_rule;

/* The decimal as text, for a message (formatted only when one is written). */
static const char *dec_str(dpp_decimal d, char t[24])
{
    (void)dpp_decimal_format(d, t, 24);
    return t;
}

static dpp_err check_dec(vctx *v, dpp_path path, dpp_decimal d, dec_rule rule)
{
    static const dpp_decimal zero = {0, 0};
    static const dpp_decimal one = {1, 0};
    char t[24];
    if (!dpp_decimal_valid(d))
        return vfail(v, DPP_ERR_SCHEMA_RANGE, path,
                     "not a valid decimal (mantissa %" PRId64 ", exponent %d; |mantissa| <= 10^18-1, "
                     "exponent -18..0)",
                     d.mantissa, (int)d.exponent);
    switch (rule) {
    case DEC_ANY: break;
    case DEC_SHARE:
        if (dpp_decimal_cmp(d, zero) < 0 || dpp_decimal_cmp(d, one) > 0)
            return vfail(v, DPP_ERR_SCHEMA_RANGE, path, "%s is out of range 0..1", dec_str(d, t));
        break;
    case DEC_NONNEG:
    case DEC_CBAM:
        if (d.mantissa < 0) return vfail(v, DPP_ERR_SCHEMA_RANGE, path, "%s is negative, must be >= 0", dec_str(d, t));
        if (rule == DEC_CBAM && d.exponent < -5)
            return vfail(v, DPP_ERR_SCHEMA_RANGE, path, "%s has more than 5 decimal places", dec_str(d, t));
        break;
    case DEC_POS:
        if (d.mantissa <= 0) return vfail(v, DPP_ERR_SCHEMA_RANGE, path, "%s must be greater than 0", dec_str(d, t));
        break;
    }
    return DPP_OK;
}

static dpp_err check_date(vctx *v, dpp_path path, dpp_date d)
{
    if (!dpp_date_valid(d))
        return vfail(v, DPP_ERR_SCHEMA_RANGE, path, "day %ld is out of range 0..%d (1970-01-01..9999-12-31)", (long)d,
                     DPP_DATE_MAX);
    return DPP_OK;
}

/* An enum field: 0 means unset (MISSING when missing_if_zero), else 1..max. */
static dpp_err check_enum(vctx *v, dpp_path path, int e, int max, bool missing_if_zero)
{
    if (e == 0 && missing_if_zero) return vfail(v, DPP_ERR_SCHEMA_MISSING, path, "missing");
    if (e < 1 || e > max) return vfail(v, DPP_ERR_SCHEMA_RANGE, path, "%d is out of range 1..%d", e, max);
    return DPP_OK;
}

/* Checks that a list count fits its limit. */
static dpp_err check_count(vctx *v, dpp_path path, size_t n, size_t max)
{
    if (n > max) return vfail(v, DPP_ERR_SCHEMA_RANGE, path, "%zu entries, at most %zu", n, max);
    return DPP_OK;
}

/* An identifier at prefix (e.g. "manufacturer.operator_id"): both parts, or
 * (when optional) neither. */
static dpp_err check_identifier(vctx *v, dpp_path prefix, const dpp_identifier *id, bool required)
{
    char q[40];
    size_t ns, nv;
    dpp_err err;
    ns = field_len(id->scheme, sizeof id->scheme);
    nv = field_len(id->value, sizeof id->value);
    if (!required && ns == 0 && nv == 0) return DPP_OK;
    err = check_text(v, dpp_path_field(prefix, "scheme"), id->scheme, sizeof id->scheme, true, &ns);
    if (err == DPP_OK && !dpp_code_scheme(id->scheme, ns))
        err = vfail(v, DPP_ERR_SCHEMA_FORMAT, dpp_path_field(prefix, "scheme"),
                    "%s is not an identifier scheme ([A-Z0-9-]{1,16})", show(id->scheme, ns, q));
    return first_of(err, check_text(v, dpp_path_field(prefix, "value"), id->value, sizeof id->value, true, NULL));
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static void check_gtin(vctx *v, const char *gtin)
{
    char q[40];
    size_t n;
    int got, want;
    if (check_text(v, DPP_PATH("gtin"), gtin, 15, true, &n) != DPP_OK) return;
    if (n != 14 || !all_digits(gtin, n)) {
        (void)vfail(v, DPP_ERR_SCHEMA_FORMAT, DPP_PATH("gtin"),
                    "%s must be 14 digits (left-pad GTIN-8/12/13 with zeros)", show(gtin, n, q));
        return;
    }
    got = gtin[13] - '0';
    want = dpp_gtin_check_digit(gtin, 13);
    if (got != want)
        (void)vfail(v, DPP_ERR_SCHEMA_CHECK_DIGIT, DPP_PATH("gtin"), "check digit is %d, expected %d", got, want);
}

/* batch and serial: optional text in the GS1 AI 82 character set. */
static void check_ai82(vctx *v, dpp_path path, const char *s, size_t size)
{
    size_t n;
    if (check_text(v, path, s, size, false, &n) != DPP_OK) return;
    if (!dpp_code_gs1_ai82(s, n)) (void)vfail(v, DPP_ERR_SCHEMA_FORMAT, path, "character outside the GS1 AI 82 set");
}

static void check_header(const dpp_passport *p, vctx *v)
{
    static const uint8_t zero_id[16] = {0};

    if (memcmp(p->id, zero_id, sizeof zero_id) == 0)
        (void)vfail(v, DPP_ERR_SCHEMA_MISSING, DPP_PATH("id"), "missing (all-zero UUID)");
    check_gtin(v, p->gtin);
    check_ai82(v, DPP_PATH("batch"), p->batch, sizeof p->batch);
    check_ai82(v, DPP_PATH("serial"), p->serial, sizeof p->serial);
    (void)check_text(v, DPP_PATH("name"), p->name, sizeof p->name, true, NULL);
    (void)check_text(v, DPP_PATH("category"), p->category, sizeof p->category, false, NULL);
    if (p->has_production_date) (void)check_date(v, DPP_PATH("production_date"), p->production_date);

    (void)check_text(v, DPP_PATH("manufacturer.name"), p->manufacturer.name, sizeof p->manufacturer.name, true, NULL);
    (void)check_country(v, DPP_PATH("manufacturer.country"), p->manufacturer.country, true);
    (void)check_identifier(v, DPP_PATH("manufacturer.operator_id"), &p->manufacturer.operator_id, false);

    if (p->has_facility) {
        (void)check_identifier(v, DPP_PATH("facility.id"), &p->facility.id, true);
        (void)check_text(v, DPP_PATH("facility.name"), p->facility.name, sizeof p->facility.name, false, NULL);
    }
}

static void check_material(const dpp_material *m, dpp_path pfx, vctx *v)
{
    char q[40];
    size_t n;
    dpp_err err;
    const dpp_path p_fraction = dpp_path_field(pfx, "mass_fraction");
    const dpp_path p_mass = dpp_path_field(pfx, "mass");
    const dpp_path p_unit = dpp_path_field(pfx, "mass_unit");

    (void)check_text(v, dpp_path_field(pfx, "name"), m->name, sizeof m->name, true, NULL);
    err = check_text(v, dpp_path_field(pfx, "cas"), m->cas, sizeof m->cas, false, &n);
    if (err == DPP_OK && n > 0) {
        uint64_t val;
        int got, want;
        err = dpp_cas_parse(m->cas, n, &val, &got, &want);
        if (err == DPP_ERR_SCHEMA_FORMAT)
            (void)vfail(v, err, dpp_path_field(pfx, "cas"), "%s is not a CAS Registry Number (NNNNNNN-NN-N)",
                        show(m->cas, n, q));
        else if (err == DPP_ERR_SCHEMA_CHECK_DIGIT)
            (void)vfail(v, err, dpp_path_field(pfx, "cas"), "check digit is %d, expected %d", got, want);
    }
    if (!m->has_mass_fraction && !m->has_mass)
        (void)vfail2(v, DPP_ERR_SCHEMA_MISSING, p_fraction, p_mass, "missing (mass_fraction or mass is required)");
    if (m->has_mass_fraction) (void)check_dec(v, p_fraction, m->mass_fraction, DEC_SHARE);
    if (m->has_mass) (void)check_dec(v, p_mass, m->mass, DEC_POS);
    n = field_len(m->mass_unit, sizeof m->mass_unit);
    if (m->has_mass && n == 0)
        (void)vfail2(v, DPP_ERR_SCHEMA_MISSING, p_unit, p_mass, "missing (required with mass)");
    if (!m->has_mass && n > 0 && n < sizeof m->mass_unit)
        (void)vfail2(v, DPP_ERR_SCHEMA_MISSING, p_mass, p_unit, "missing (required with mass_unit)");
    (void)check_unit(v, p_unit, m->mass_unit, false);
    if (m->has_recycled_share)
        (void)check_dec(v, dpp_path_field(pfx, "recycled_share"), m->recycled_share, DEC_SHARE);
    if (m->has_renewable_share)
        (void)check_dec(v, dpp_path_field(pfx, "renewable_share"), m->renewable_share, DEC_SHARE);
    (void)check_country(v, dpp_path_field(pfx, "origin"), m->origin, false);
}

/* Sum of the mass fractions in units of 10^-18: at most 16 * 10^18, which
 * fits uint64_t. Skipped unless every fraction is a valid share (a wrong one
 * is reported on its own). */
static void check_fraction_sum(const dpp_passport *p, vctx *v)
{
    static const uint64_t one = 1000000000000000000u;
    static const dpp_decimal zero_d = {0, 0}, one_d = {1, 0};
    uint64_t sum = 0;
    for (size_t i = 0; i < p->n_materials; i++) {
        const dpp_material *m = &p->materials[i];
        uint64_t val;
        if (!m->has_mass_fraction) continue;
        if (!dpp_decimal_valid(m->mass_fraction) || dpp_decimal_cmp(m->mass_fraction, zero_d) < 0 ||
            dpp_decimal_cmp(m->mass_fraction, one_d) > 0)
            return;
        val = (uint64_t)m->mass_fraction.mantissa; /* 0 <= mantissa <= 10^-exponent */
        for (int e = m->mass_fraction.exponent; e > DPP_DECIMAL_MIN_EXPONENT; e--) val *= 10u;
        sum += val;
    }
    if (sum > one) {
        char frac[20];
        uint64_t f = sum % one;
        int k = 18;
        for (int i = 17; i >= 0; i--) {
            frac[i] = (char)('0' + (int)(f % 10u));
            f /= 10u;
        }
        while (k > 0 && frac[k - 1] == '0') k--;
        frac[k] = '\0';
        (void)vfail(v, DPP_ERR_SCHEMA_RANGE, DPP_PATH("materials"), "mass fractions sum to %" PRIu64 "%s%s, more than 1",
                    sum / one, k > 0 ? "." : "", frac);
    }
}

static void check_footprint(const dpp_footprint *f, vctx *v)
{
    char t1[12], t2[12];
    dpp_err e1, e2;

    (void)check_dec(v, DPP_PATH("footprint.total"), f->total, DEC_NONNEG);
    (void)check_unit(v, DPP_PATH("footprint.declared_unit"), f->declared_unit, true);
    (void)check_enum(v, DPP_PATH("footprint.boundary"), (int)f->boundary, 4, true);
    (void)check_enum(v, DPP_PATH("footprint.method"), (int)f->method, 7, true);
    if (check_count(v, DPP_PATH("footprint.stages"), f->n_stages, DPP_MAX_STAGES) == DPP_OK) {
        bool prev_ok = false;
        for (size_t i = 0; i < f->n_stages; i++) {
            dpp_path pfx = {"footprint.stages", i, NULL};
            bool ok = check_enum(v, dpp_path_field(pfx, "stage"), (int)f->stages[i].stage, 5, false) == DPP_OK;
            if (ok && prev_ok && (int)f->stages[i].stage <= (int)f->stages[i - 1].stage)
                (void)vfail2(v, DPP_ERR_SCHEMA_RANGE, dpp_path_field(pfx, "stage"),
                             (dpp_path){"footprint.stages", i - 1, "stage"},
                             "%d after %d (stages must be strictly increasing)", (int)f->stages[i].stage,
                             (int)f->stages[i - 1].stage);
            (void)check_dec(v, dpp_path_field(pfx, "value"), f->stages[i].value, DEC_ANY);
            prev_ok = ok;
        }
    }
    e1 = check_date(v, DPP_PATH("footprint.period_start"), f->period_start);
    e2 = check_date(v, DPP_PATH("footprint.period_end"), f->period_end);
    if (e1 == DPP_OK && e2 == DPP_OK && f->period_end < f->period_start) {
        (void)dpp_date_format(f->period_start, t1, sizeof t1);
        (void)dpp_date_format(f->period_end, t2, sizeof t2);
        (void)vfail2(v, DPP_ERR_SCHEMA_RANGE, DPP_PATH("footprint.period_end"), DPP_PATH("footprint.period_start"),
                     "%s is before period_start %s", t2, t1);
    }
    if (f->has_primary_share) (void)check_dec(v, DPP_PATH("footprint.primary_share"), f->primary_share, DEC_SHARE);
    if (f->has_electricity_ef)
        (void)check_dec(v, DPP_PATH("footprint.electricity_ef"), f->electricity_ef, DEC_NONNEG);
    (void)check_text(v, DPP_PATH("footprint.electricity_ef_source"), f->electricity_ef_source,
                     sizeof f->electricity_ef_source, false, NULL);
    (void)check_enum(v, DPP_PATH("footprint.verification"), (int)f->verification, 2, true);
}

static void check_certification(const dpp_certification *c, dpp_path pfx, vctx *v)
{
    char t1[12], t2[12];
    dpp_err e1 = DPP_OK, e2 = DPP_OK;

    (void)check_text(v, dpp_path_field(pfx, "scheme"), c->scheme, sizeof c->scheme, true, NULL);
    (void)check_text(v, dpp_path_field(pfx, "certificate_id"), c->certificate_id, sizeof c->certificate_id, true,
                     NULL);
    (void)check_text(v, dpp_path_field(pfx, "issuer"), c->issuer, sizeof c->issuer, true, NULL);
    if (c->has_valid_from) e1 = check_date(v, dpp_path_field(pfx, "valid_from"), c->valid_from);
    if (c->has_valid_until) {
        e2 = check_date(v, dpp_path_field(pfx, "valid_until"), c->valid_until);
        if (e1 == DPP_OK && e2 == DPP_OK && c->has_valid_from && c->valid_until < c->valid_from) {
            (void)dpp_date_format(c->valid_from, t1, sizeof t1);
            (void)dpp_date_format(c->valid_until, t2, sizeof t2);
            (void)vfail2(v, DPP_ERR_SCHEMA_RANGE, dpp_path_field(pfx, "valid_until"),
                         dpp_path_field(pfx, "valid_from"), "%s is before valid_from %s", t2, t1);
        }
    }
    (void)check_text(v, dpp_path_field(pfx, "scope"), c->scope, sizeof c->scope, false, NULL);
}

/* A decimal in lo..hi (both integers), e.g. a latitude. */
static dpp_err check_dec_between(vctx *v, dpp_path path, dpp_decimal d, int64_t lo, int64_t hi)
{
    char t[24];
    dpp_err err = check_dec(v, path, d, DEC_ANY);
    if (err != DPP_OK) return err;
    if (dpp_decimal_cmp(d, (dpp_decimal){lo, 0}) < 0 || dpp_decimal_cmp(d, (dpp_decimal){hi, 0}) > 0)
        return vfail(v, DPP_ERR_SCHEMA_RANGE, path, "%s is out of range %" PRId64 "..%" PRId64, dec_str(d, t), lo, hi);
    return DPP_OK;
}

/* A CN code field: required 8 digits. */
static void check_cn(vctx *v, dpp_path path, const char cn[9])
{
    char q[40];
    size_t n;
    if (check_text(v, path, cn, 9, true, &n) == DPP_OK && !dpp_code_cn(cn, n))
        (void)vfail(v, DPP_ERR_SCHEMA_FORMAT, path, "%s must be 8 digits", show(cn, n, q));
}

#define DPP_UNLOCODE_SIZE sizeof(((dpp_cbam_installation *)0)->unlocode)

/* UN/LOCODE: [A-Z]{2}[A-Z2-9]{3}, its country part equal to country (when
 * that is set). */
static void check_unlocode(vctx *v, dpp_path path, const char *loc, const char *country)
{
    char q[40];
    size_t n;
    bool ok;
    if (check_text(v, path, loc, DPP_UNLOCODE_SIZE, false, &n) != DPP_OK || n == 0) return;
    ok = n == 5 && dpp_code_country(loc, 2);
    for (size_t i = 2; ok && i < 5; i++)
        ok = (loc[i] >= 'A' && loc[i] <= 'Z') || (loc[i] >= '2' && loc[i] <= '9');
    if (!ok) {
        (void)vfail(v, DPP_ERR_SCHEMA_FORMAT, path,
                    "%s is not a UN/LOCODE (country code and 3 letters or digits 2-9, no space)", show(loc, n, q));
        return;
    }
    if (country != NULL && memcmp(loc, country, 2) != 0)
        (void)vfail(v, DPP_ERR_SCHEMA_RANGE, path, "%s is not in the installation's country %.2s", show(loc, n, q),
                    country);
}

static void check_cbam_installation(const dpp_cbam_installation *in, vctx *v)
{
    (void)check_text(v, DPP_PATH("cbam.installation.name"), in->name, sizeof in->name, true, NULL);
    (void)check_text(v, DPP_PATH("cbam.installation.street"), in->street, sizeof in->street, false, NULL);
    (void)check_text(v, DPP_PATH("cbam.installation.city"), in->city, sizeof in->city, false, NULL);
    (void)check_text(v, DPP_PATH("cbam.installation.postcode"), in->postcode, sizeof in->postcode, false, NULL);
    if (check_country(v, DPP_PATH("cbam.installation.country"), in->country, true) == DPP_OK)
        check_unlocode(v, DPP_PATH("cbam.installation.unlocode"), in->unlocode, in->country);
    else
        check_unlocode(v, DPP_PATH("cbam.installation.unlocode"), in->unlocode, NULL);
    if (in->has_coordinates) {
        (void)check_dec_between(v, DPP_PATH("cbam.installation.coordinates.latitude"), in->latitude, -90, 90);
        (void)check_dec_between(v, DPP_PATH("cbam.installation.coordinates.longitude"), in->longitude, -180, 180);
    }
    (void)check_text(v, DPP_PATH("cbam.installation.activity"), in->activity, sizeof in->activity, false, NULL);
    (void)check_identifier(v, DPP_PATH("cbam.installation.operator_id"), &in->operator_id, false);
}

static void check_cbam_verifier(const dpp_cbam_verifier *vf, vctx *v)
{
    (void)check_text(v, DPP_PATH("cbam.verifier.name"), vf->name, sizeof vf->name, true, NULL);
    (void)check_country(v, DPP_PATH("cbam.verifier.country"), vf->country, false);
    (void)check_country(v, DPP_PATH("cbam.verifier.accreditation_state"), vf->accreditation_state, false);
    (void)check_text(v, DPP_PATH("cbam.verifier.accreditation_body"), vf->accreditation_body,
                     sizeof vf->accreditation_body, false, NULL);
    (void)check_text(v, DPP_PATH("cbam.verifier.accreditation_id"), vf->accreditation_id,
                     sizeof vf->accreditation_id, false, NULL);
}

/* The communication template's fields of the CBAM block. */
static void check_cbam_template(const dpp_cbam *c, vctx *v)
{
    char q[40], t1[12], t2[12];
    size_t n;

    if (c->has_installation) check_cbam_installation(&c->installation, v);
    if (c->has_period) {
        dpp_err e1 = check_date(v, DPP_PATH("cbam.period.start"), c->period_start);
        dpp_err e2 = check_date(v, DPP_PATH("cbam.period.end"), c->period_end);
        if (e1 == DPP_OK && e2 == DPP_OK && c->period_end < c->period_start) {
            (void)dpp_date_format(c->period_start, t1, sizeof t1);
            (void)dpp_date_format(c->period_end, t2, sizeof t2);
            (void)vfail2(v, DPP_ERR_SCHEMA_RANGE, DPP_PATH("cbam.period.end"), DPP_PATH("cbam.period.start"),
                         "%s is before start %s", t2, t1);
        }
    }
    (void)check_text(v, DPP_PATH("cbam.process"), c->process, sizeof c->process, false, NULL);
    (void)check_text(v, DPP_PATH("cbam.goods_category"), c->goods_category, sizeof c->goods_category, false, NULL);
    if (c->has_see_total) (void)check_dec(v, DPP_PATH("cbam.see_total"), c->see_total, DEC_CBAM);
    if (check_text(v, DPP_PATH("cbam.see_unit"), c->see_unit, sizeof c->see_unit, false, &n) == DPP_OK && n > 0 &&
        strcmp(c->see_unit, "tCO2e/t") != 0 && strcmp(c->see_unit, "tCO2e/MWh") != 0)
        (void)vfail(v, DPP_ERR_SCHEMA_RANGE, DPP_PATH("cbam.see_unit"), "%s is not one of \"tCO2e/t\", \"tCO2e/MWh\"",
                    show(c->see_unit, n, q));
    if (c->has_default_share) (void)check_dec(v, DPP_PATH("cbam.default_share"), c->default_share, DEC_SHARE);
    if (c->has_electricity) {
        (void)check_dec(v, DPP_PATH("cbam.electricity.consumed"), c->electricity, DEC_NONNEG);
        if (c->has_electricity_ef)
            (void)check_dec(v, DPP_PATH("cbam.electricity.emission_factor"), c->electricity_ef, DEC_NONNEG);
        (void)check_text(v, DPP_PATH("cbam.electricity.source"), c->electricity_ef_source,
                         sizeof c->electricity_ef_source, false, NULL);
    } else if (c->has_electricity_ef || field_len(c->electricity_ef_source, sizeof c->electricity_ef_source) > 0) {
        (void)vfail2(v, DPP_ERR_SCHEMA_MISSING, DPP_PATH("cbam.electricity.consumed"),
                     c->has_electricity_ef ? DPP_PATH("cbam.electricity.emission_factor")
                                           : DPP_PATH("cbam.electricity.source"),
                     "missing (required with the emission factor and its source)");
    }
    if (check_count(v, DPP_PATH("cbam.precursors"), c->n_precursors, DPP_MAX_PRECURSORS) == DPP_OK) {
        for (size_t i = 0; i < c->n_precursors; i++) {
            const dpp_cbam_precursor *pc = &c->precursors[i];
            dpp_path pfx = {"cbam.precursors", i, NULL};
            check_cn(v, dpp_path_field(pfx, "cn_code"), pc->cn_code);
            if (pc->has_quantity) (void)check_dec(v, dpp_path_field(pfx, "quantity"), pc->quantity, DEC_POS);
            (void)check_dec(v, dpp_path_field(pfx, "see_direct"), pc->see_direct, DEC_CBAM);
            if (pc->has_see_indirect)
                (void)check_dec(v, dpp_path_field(pfx, "see_indirect"), pc->see_indirect, DEC_CBAM);
        }
    }
    {
        /* The price details live inside carbon_price (JSON) and need it. */
        static const struct {
            const char *path;
            size_t flag;
            size_t val;
        } details[] = {
            {"cbam.carbon_price.covered", offsetof(dpp_cbam, has_price_covered), offsetof(dpp_cbam, price_covered)},
            {"cbam.carbon_price.rebate", offsetof(dpp_cbam, has_rebate), offsetof(dpp_cbam, rebate)},
            {"cbam.carbon_price.rebate_covered", offsetof(dpp_cbam, has_rebate_covered),
             offsetof(dpp_cbam, rebate_covered)},
            {"cbam.carbon_price.effective", offsetof(dpp_cbam, has_effective_price),
             offsetof(dpp_cbam, effective_price)},
        };
        const unsigned char *base = (const unsigned char *)c;
        for (size_t i = 0; i < sizeof details / sizeof details[0]; i++) {
            bool has;
            dpp_decimal d;
            memcpy(&has, base + details[i].flag, sizeof has);
            if (!has) continue;
            memcpy(&d, base + details[i].val, sizeof d);
            if (!c->has_carbon_price)
                (void)vfail2(v, DPP_ERR_SCHEMA_MISSING, DPP_PATH("cbam.carbon_price.amount"),
                             DPP_PATH(details[i].path), "missing (required with %s)", details[i].path + 18);
            else
                (void)check_dec(v, DPP_PATH(details[i].path), d, DEC_NONNEG);
        }
        n = field_len(c->rebate_type, sizeof c->rebate_type);
        if (check_text(v, DPP_PATH("cbam.carbon_price.rebate_type"), c->rebate_type, sizeof c->rebate_type, false,
                       NULL) == DPP_OK &&
            n > 0 && !c->has_rebate)
            (void)vfail2(v, DPP_ERR_SCHEMA_MISSING, DPP_PATH("cbam.carbon_price.rebate"),
                         DPP_PATH("cbam.carbon_price.rebate_type"), "missing (required with rebate_type)");
    }
    if (c->has_verifier) check_cbam_verifier(&c->verifier, v);
}

static void check_cbam(const dpp_cbam *c, vctx *v)
{
    char q[40];
    size_t n;

    if (check_text(v, DPP_PATH("cbam.cn_code"), c->cn_code, sizeof c->cn_code, true, &n) == DPP_OK &&
        !dpp_code_cn(c->cn_code, n))
        (void)vfail(v, DPP_ERR_SCHEMA_FORMAT, DPP_PATH("cbam.cn_code"), "%s must be 8 digits", show(c->cn_code, n, q));
    (void)check_country(v, DPP_PATH("cbam.origin"), c->origin, true);
    (void)check_text(v, DPP_PATH("cbam.installation_id"), c->installation_id, sizeof c->installation_id, false,
                     NULL);
    (void)check_text(v, DPP_PATH("cbam.route"), c->route, sizeof c->route, false, NULL);
    (void)check_dec(v, DPP_PATH("cbam.see_direct"), c->see_direct, DEC_CBAM);
    if (c->has_see_indirect) (void)check_dec(v, DPP_PATH("cbam.see_indirect"), c->see_indirect, DEC_CBAM);
    (void)check_enum(v, DPP_PATH("cbam.method"), (int)c->method, 3, true);
    if (c->has_carbon_price) {
        (void)check_dec(v, DPP_PATH("cbam.carbon_price.amount"), c->carbon_price, DEC_NONNEG);
        if (check_text(v, DPP_PATH("cbam.carbon_price.currency"), c->carbon_price_currency,
                       sizeof c->carbon_price_currency, true, &n) == DPP_OK &&
            !dpp_code_currency(c->carbon_price_currency, n))
            (void)vfail(v, DPP_ERR_SCHEMA_FORMAT, DPP_PATH("cbam.carbon_price.currency"),
                        "%s is not an ISO 4217 code ([A-Z]{3})", show(c->carbon_price_currency, n, q));
        (void)check_enum(v, DPP_PATH("cbam.carbon_price.instrument"), (int)c->carbon_price_instrument, 5, true);
    }
    check_cbam_template(c, v);
}

dpp_err dpp_passport_check(const dpp_passport *p, dpp_check_sink sink, void *ctx)
{
    vctx v = {sink, ctx, DPP_OK};

    check_header(p, &v);
    if (check_count(&v, DPP_PATH("materials"), p->n_materials, DPP_MAX_MATERIALS) == DPP_OK) {
        for (size_t i = 0; i < p->n_materials; i++)
            check_material(&p->materials[i], (dpp_path){"materials", i, NULL}, &v);
        check_fraction_sum(p, &v);
    }
    if (p->has_footprint) check_footprint(&p->footprint, &v);
    if (check_count(&v, DPP_PATH("certifications"), p->n_certifications, DPP_MAX_CERTIFICATIONS) == DPP_OK) {
        for (size_t i = 0; i < p->n_certifications; i++)
            check_certification(&p->certifications[i], (dpp_path){"certifications", i, NULL}, &v);
    }
    if (p->has_cbam) check_cbam(&p->cbam, &v);

    if (p->ext_len > DPP_MAX_EXT_LEN) {
        (void)vfail(&v, DPP_ERR_SCHEMA_RANGE, DPP_PATH("extensions"), "%zu bytes, at most %d", p->ext_len,
                    DPP_MAX_EXT_LEN);
    } else if (p->ext_len > 0) {
        dpp_diag d; /* its message starts with "extensions"; offset is in p->ext */
        if (dpp_ext_check(p->ext, p->ext_len, &d) != DPP_OK) {
            if (v.first == DPP_OK) v.first = d.err;
            sink(ctx, &d, DPP_PATH("extensions"), NO_PATH);
        }
    }
    return v.first;
}

/* ---- the public entry points ---- */

static void keep_first(void *ctx, const dpp_diag *d, dpp_path path, dpp_path other)
{
    dpp_diag *out = ctx;
    (void)path;
    (void)other;
    if (out != NULL && out->err == DPP_OK) *out = *d;
}

dpp_err dpp_passport_validate(const dpp_passport *p, dpp_diag *diag)
{
    dpp_diag_clear(diag);
    if (p == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "passport must not be NULL");
    return dpp_passport_check(p, keep_first, diag);
}

static void append(void *ctx, const dpp_diag *d, dpp_path path, dpp_path other)
{
    dpp_diag_list *l = ctx;
    (void)path;
    (void)other;
    if (l == NULL) return;
    if (l->count < l->cap) l->items[l->count++] = *d;
    l->total++;
}

dpp_err dpp_passport_validate_all(const dpp_passport *p, dpp_diag_list *errs)
{
    if (errs != NULL) {
        errs->count = 0;
        errs->total = 0;
        if (errs->items == NULL && errs->cap > 0) return DPP_ERR_INVALID_ARG;
    }
    if (p == NULL) {
        if (errs != NULL) {
            if (errs->cap > 0)
                (void)dpp_diag_set(&errs->items[errs->count++], DPP_ERR_INVALID_ARG, SIZE_MAX,
                                   "passport must not be NULL");
            errs->total = 1;
        }
        return DPP_ERR_INVALID_ARG;
    }
    return dpp_passport_check(p, append, errs);
}

dpp_err dpp_passport_cbam_qr(const dpp_passport *in, dpp_passport *out)
{
    dpp_cbam *c;
    if (in == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    if (out != in) memcpy(out, in, sizeof *out);
    c = &out->cbam;
    c->has_installation = false;
    memset(&c->installation, 0, sizeof c->installation);
    memset(c->process, 0, sizeof c->process);
    memset(c->goods_category, 0, sizeof c->goods_category);
    c->has_electricity = false;
    c->electricity = (dpp_decimal){0, 0};
    c->has_electricity_ef = false;
    c->electricity_ef = (dpp_decimal){0, 0};
    memset(c->electricity_ef_source, 0, sizeof c->electricity_ef_source);
    c->n_precursors = 0;
    memset(c->precursors, 0, sizeof c->precursors);
    c->has_price_covered = false;
    c->price_covered = (dpp_decimal){0, 0};
    c->has_rebate = false;
    c->rebate = (dpp_decimal){0, 0};
    memset(c->rebate_type, 0, sizeof c->rebate_type);
    c->has_rebate_covered = false;
    c->rebate_covered = (dpp_decimal){0, 0};
    if (!c->has_carbon_price) {
        c->has_effective_price = false;
        c->effective_price = (dpp_decimal){0, 0};
    }
    c->has_verifier = false;
    memset(&c->verifier, 0, sizeof c->verifier);
    return DPP_OK;
}
