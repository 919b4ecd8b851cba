/* SPDX-License-Identifier: Apache-2.0 */
/* The passport's validation rules (dpp_passport.h and spec/payload.cddl). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cbor_read.h"
#include "codes.h"
#include "diag.h"
#include "dpp/dpp_passport.h"
#include "ext.h"

void dpp_passport_init(dpp_passport *p)
{
    if (p != NULL) memset(p, 0, sizeof *p);
}

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
static dpp_err check_text(dpp_diag *diag, dpp_path path, const char *s, size_t size, bool required,
                          size_t *len_out)
{
    size_t n = field_len(s, size);
    if (len_out != NULL) *len_out = n;
    if (n == size)
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, path, "longer than %zu bytes (no NUL terminator)", size - 1);
    if (n == 0) return required ? dpp_diag_set_at(diag, DPP_ERR_SCHEMA_MISSING, SIZE_MAX, path, "missing") : DPP_OK;
    if (!cb_utf8_valid((const uint8_t *)s, n))
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, path, "not valid UTF-8");
    {
        size_t at = 0;
        uint32_t cp = 0;
        char why[96];
        dpp_text_fault f = dpp_text_check(s, n, &at, &cp);
        if (f != DPP_TEXT_OK)
            return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, path, "%s",
                                   dpp_text_fault_msg(f, at, cp, why, sizeof why));
    }
    return DPP_OK;
}

static dpp_err check_country(dpp_diag *diag, dpp_path path, const char cc[3], bool required)
{
    char q[40];
    size_t n;
    dpp_err err = check_text(diag, path, cc, 3, required, &n);
    if (err != DPP_OK || n == 0) return err;
    if (!dpp_code_country(cc, n))
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, path, "%s is not an ISO 3166-1 alpha-2 code",
                            show(cc, n, q));
    return DPP_OK;
}

static dpp_err check_unit(dpp_diag *diag, dpp_path path, const char u[DPP_MAX_UNIT + 1], bool required)
{
    char q[40];
    size_t n;
    dpp_err err = check_text(diag, path, u, DPP_MAX_UNIT + 1, required, &n);
    if (err != DPP_OK || n == 0) return err;
    if (!dpp_code_unit(u, n))
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, path,
                            "%s is not a UN/CEFACT Rec 20 unit code ([A-Z0-9]{2,3})", show(u, n, q));
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

static dpp_err check_dec(dpp_diag *diag, dpp_path path, dpp_decimal d, dec_rule rule)
{
    static const dpp_decimal zero = {0, 0};
    static const dpp_decimal one = {1, 0};
    char t[24];
    if (!dpp_decimal_valid(d))
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, path,
                               "not a valid decimal (mantissa %" PRId64 ", exponent %d; |mantissa| <= 10^18-1, "
                               "exponent -18..0)",
                               d.mantissa, (int)d.exponent);
    switch (rule) {
    case DEC_ANY: break;
    case DEC_SHARE:
        if (dpp_decimal_cmp(d, zero) < 0 || dpp_decimal_cmp(d, one) > 0)
            return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, path, "%s is out of range 0..1", dec_str(d, t));
        break;
    case DEC_NONNEG:
    case DEC_CBAM:
        if (d.mantissa < 0)
            return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, path, "%s is negative, must be >= 0", dec_str(d, t));
        if (rule == DEC_CBAM && d.exponent < -5)
            return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, path, "%s has more than 5 decimal places",
                                   dec_str(d, t));
        break;
    case DEC_POS:
        if (d.mantissa <= 0)
            return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, path, "%s must be greater than 0", dec_str(d, t));
        break;
    }
    return DPP_OK;
}

static dpp_err check_date(dpp_diag *diag, dpp_path path, dpp_date d)
{
    if (!dpp_date_valid(d))
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, path,
                            "day %ld is out of range 0..%d (1970-01-01..9999-12-31)", (long)d,
                            DPP_DATE_MAX);
    return DPP_OK;
}

/* An enum field: 0 means unset (MISSING when missing_if_zero), else 1..max. */
static dpp_err check_enum(dpp_diag *diag, dpp_path path, int v, int max, bool missing_if_zero)
{
    if (v == 0 && missing_if_zero) return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_MISSING, SIZE_MAX, path, "missing");
    if (v < 1 || v > max)
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, path, "%d is out of range 1..%d", v, max);
    return DPP_OK;
}

/* Checks that a list count fits its limit. */
static dpp_err check_count(dpp_diag *diag, dpp_path path, size_t n, size_t max)
{
    if (n > max)
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, path, "%zu entries, at most %zu", n, max);
    return DPP_OK;
}

/* An identifier at prefix (e.g. "manufacturer.operator_id"): both parts, or
 * (when optional) neither. */
static dpp_err check_identifier(dpp_diag *diag, dpp_path prefix, const dpp_identifier *id, bool required)
{
    char q[40];
    size_t ns, nv;
    dpp_err err;
    ns = field_len(id->scheme, sizeof id->scheme);
    nv = field_len(id->value, sizeof id->value);
    if (!required && ns == 0 && nv == 0) return DPP_OK;
    err = check_text(diag, dpp_path_field(prefix, "scheme"), id->scheme, sizeof id->scheme, true, &ns);
    if (err != DPP_OK) return err;
    if (!dpp_code_scheme(id->scheme, ns))
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, dpp_path_field(prefix, "scheme"),
                            "%s is not an identifier scheme ([A-Z0-9-]{1,16})", show(id->scheme, ns, q));
    return check_text(diag, dpp_path_field(prefix, "value"), id->value, sizeof id->value, true, NULL);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static dpp_err check_header(const dpp_passport *p, dpp_diag *diag)
{
    static const uint8_t zero_id[16] = {0};
    char q[40];
    size_t n;
    int got, want;
    dpp_err err;

    if (memcmp(p->id, zero_id, sizeof zero_id) == 0)
        return dpp_diag_set(diag, DPP_ERR_SCHEMA_MISSING, SIZE_MAX, "id: missing (all-zero UUID)");

    err = check_text(diag, DPP_PATH("gtin"), p->gtin, sizeof p->gtin, true, &n);
    if (err != DPP_OK) return err;
    if (n != 14 || !all_digits(p->gtin, n))
        return dpp_diag_set(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX,
                            "gtin: %s must be 14 digits (left-pad GTIN-8/12/13 with zeros)", show(p->gtin, n, q));
    got = p->gtin[13] - '0';
    want = dpp_gtin_check_digit(p->gtin, 13);
    if (got != want)
        return dpp_diag_set(diag, DPP_ERR_SCHEMA_CHECK_DIGIT, SIZE_MAX, "gtin: check digit is %d, expected %d", got,
                            want);

    err = check_text(diag, DPP_PATH("batch"), p->batch, sizeof p->batch, false, &n);
    if (err != DPP_OK) return err;
    if (!dpp_code_gs1_ai82(p->batch, n))
        return dpp_diag_set(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, "batch: character outside the GS1 AI 82 set");
    err = check_text(diag, DPP_PATH("serial"), p->serial, sizeof p->serial, false, &n);
    if (err != DPP_OK) return err;
    if (!dpp_code_gs1_ai82(p->serial, n))
        return dpp_diag_set(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, "serial: character outside the GS1 AI 82 set");

    err = check_text(diag, DPP_PATH("name"), p->name, sizeof p->name, true, NULL);
    if (err != DPP_OK) return err;
    err = check_text(diag, DPP_PATH("category"), p->category, sizeof p->category, false, NULL);
    if (err != DPP_OK) return err;
    if (p->has_production_date) {
        err = check_date(diag, DPP_PATH("production_date"), p->production_date);
        if (err != DPP_OK) return err;
    }

    err = check_text(diag, DPP_PATH("manufacturer.name"), p->manufacturer.name, sizeof p->manufacturer.name, true, NULL);
    if (err != DPP_OK) return err;
    err = check_country(diag, DPP_PATH("manufacturer.country"), p->manufacturer.country, true);
    if (err != DPP_OK) return err;
    err = check_identifier(diag, DPP_PATH("manufacturer.operator_id"), &p->manufacturer.operator_id, false);
    if (err != DPP_OK) return err;

    if (p->has_facility) {
        err = check_identifier(diag, DPP_PATH("facility.id"), &p->facility.id, true);
        if (err != DPP_OK) return err;
        err = check_text(diag, DPP_PATH("facility.name"), p->facility.name, sizeof p->facility.name, false, NULL);
        if (err != DPP_OK) return err;
    }
    return DPP_OK;
}

static dpp_err check_material(const dpp_material *m, dpp_path pfx, dpp_diag *diag)
{
    char q[40];
    size_t n;
    dpp_err err;

    err = check_text(diag, dpp_path_field(pfx, "name"), m->name, sizeof m->name, true, NULL);
    if (err != DPP_OK) return err;
    err = check_text(diag, dpp_path_field(pfx, "cas"), m->cas, sizeof m->cas, false, &n);
    if (err != DPP_OK) return err;
    if (n > 0) {
        uint64_t v;
        int got, want;
        err = dpp_cas_parse(m->cas, n, &v, &got, &want);
        if (err == DPP_ERR_SCHEMA_FORMAT)
            return dpp_diag_set_at(diag, err, SIZE_MAX, dpp_path_field(pfx, "cas"), "%s is not a CAS Registry Number (NNNNNNN-NN-N)",
                                show(m->cas, n, q));
        if (err == DPP_ERR_SCHEMA_CHECK_DIGIT)
            return dpp_diag_set_at(diag, err, SIZE_MAX, dpp_path_field(pfx, "cas"), "check digit is %d, expected %d", got, want);
    }
    if (!m->has_mass_fraction && !m->has_mass)
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_MISSING, SIZE_MAX, dpp_path_field(pfx, "mass_fraction"),
                               "missing (mass_fraction or mass is required)");
    if (m->has_mass_fraction) {
        err = check_dec(diag, dpp_path_field(pfx, "mass_fraction"), m->mass_fraction, DEC_SHARE);
        if (err != DPP_OK) return err;
    }
    if (m->has_mass) {
        err = check_dec(diag, dpp_path_field(pfx, "mass"), m->mass, DEC_POS);
        if (err != DPP_OK) return err;
    }
    n = field_len(m->mass_unit, sizeof m->mass_unit);
    if (m->has_mass && n == 0)
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_MISSING, SIZE_MAX, dpp_path_field(pfx, "mass_unit"),
                               "missing (required with mass)");
    if (!m->has_mass && n > 0 && n < sizeof m->mass_unit)
        return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_MISSING, SIZE_MAX, dpp_path_field(pfx, "mass"),
                               "missing (required with mass_unit)");
    err = check_unit(diag, dpp_path_field(pfx, "mass_unit"), m->mass_unit, false);
    if (err != DPP_OK) return err;
    if (m->has_recycled_share) {
        err = check_dec(diag, dpp_path_field(pfx, "recycled_share"), m->recycled_share, DEC_SHARE);
        if (err != DPP_OK) return err;
    }
    if (m->has_renewable_share) {
        err = check_dec(diag, dpp_path_field(pfx, "renewable_share"), m->renewable_share, DEC_SHARE);
        if (err != DPP_OK) return err;
    }
    return check_country(diag, dpp_path_field(pfx, "origin"), m->origin, false);
}

/* Sum of the mass fractions (each already checked to be in 0..1) in units of
 * 10^-18: at most 16 * 10^18, which fits uint64_t. */
static dpp_err check_fraction_sum(const dpp_passport *p, dpp_diag *diag)
{
    static const uint64_t one = 1000000000000000000u;
    uint64_t sum = 0;
    for (size_t i = 0; i < p->n_materials; i++) {
        const dpp_material *m = &p->materials[i];
        uint64_t v;
        if (!m->has_mass_fraction) continue;
        v = (uint64_t)m->mass_fraction.mantissa; /* 0 <= mantissa <= 10^-exponent */
        for (int e = m->mass_fraction.exponent; e > DPP_DECIMAL_MIN_EXPONENT; e--) v *= 10u;
        sum += v;
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
        return dpp_diag_set(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX,
                            "materials: mass fractions sum to %" PRIu64 "%s%s, more than 1", sum / one,
                            k > 0 ? "." : "", frac);
    }
    return DPP_OK;
}

static dpp_err check_footprint(const dpp_footprint *f, dpp_diag *diag)
{
    char t1[12], t2[12];
    dpp_err err;

    err = check_dec(diag, DPP_PATH("footprint.total"), f->total, DEC_NONNEG);
    if (err != DPP_OK) return err;
    err = check_unit(diag, DPP_PATH("footprint.declared_unit"), f->declared_unit, true);
    if (err != DPP_OK) return err;
    err = check_enum(diag, DPP_PATH("footprint.boundary"), (int)f->boundary, 4, true);
    if (err != DPP_OK) return err;
    err = check_enum(diag, DPP_PATH("footprint.method"), (int)f->method, 7, true);
    if (err != DPP_OK) return err;
    err = check_count(diag, DPP_PATH("footprint.stages"), f->n_stages, DPP_MAX_STAGES);
    if (err != DPP_OK) return err;
    for (size_t i = 0; i < f->n_stages; i++) {
        dpp_path pfx = {"footprint.stages", i, NULL};
        err = check_enum(diag, dpp_path_field(pfx, "stage"), (int)f->stages[i].stage, 5, false);
        if (err != DPP_OK) return err;
        if (i > 0 && (int)f->stages[i].stage <= (int)f->stages[i - 1].stage)
            return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, dpp_path_field(pfx, "stage"),
                                "%d after %d (stages must be strictly increasing)", (int)f->stages[i].stage,
                                (int)f->stages[i - 1].stage);
        err = check_dec(diag, dpp_path_field(pfx, "value"), f->stages[i].value, DEC_ANY);
        if (err != DPP_OK) return err;
    }
    err = check_date(diag, DPP_PATH("footprint.period_start"), f->period_start);
    if (err != DPP_OK) return err;
    err = check_date(diag, DPP_PATH("footprint.period_end"), f->period_end);
    if (err != DPP_OK) return err;
    if (f->period_end < f->period_start) {
        (void)dpp_date_format(f->period_start, t1, sizeof t1);
        (void)dpp_date_format(f->period_end, t2, sizeof t2);
        return dpp_diag_set(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, "footprint.period_end: %s is before period_start %s",
                            t2, t1);
    }
    if (f->has_primary_share) {
        err = check_dec(diag, DPP_PATH("footprint.primary_share"), f->primary_share, DEC_SHARE);
        if (err != DPP_OK) return err;
    }
    if (f->has_electricity_ef) {
        err = check_dec(diag, DPP_PATH("footprint.electricity_ef"), f->electricity_ef, DEC_NONNEG);
        if (err != DPP_OK) return err;
    }
    err = check_text(diag, DPP_PATH("footprint.electricity_ef_source"), f->electricity_ef_source,
                     sizeof f->electricity_ef_source, false, NULL);
    if (err != DPP_OK) return err;
    return check_enum(diag, DPP_PATH("footprint.verification"), (int)f->verification, 2, true);
}

static dpp_err check_certification(const dpp_certification *c, dpp_path pfx, dpp_diag *diag)
{
    char t1[12], t2[12];
    dpp_err err;

    err = check_text(diag, dpp_path_field(pfx, "scheme"), c->scheme, sizeof c->scheme, true, NULL);
    if (err != DPP_OK) return err;
    err = check_text(diag, dpp_path_field(pfx, "certificate_id"), c->certificate_id, sizeof c->certificate_id, true, NULL);
    if (err != DPP_OK) return err;
    err = check_text(diag, dpp_path_field(pfx, "issuer"), c->issuer, sizeof c->issuer, true, NULL);
    if (err != DPP_OK) return err;
    if (c->has_valid_from) {
        err = check_date(diag, dpp_path_field(pfx, "valid_from"), c->valid_from);
        if (err != DPP_OK) return err;
    }
    if (c->has_valid_until) {
        err = check_date(diag, dpp_path_field(pfx, "valid_until"), c->valid_until);
        if (err != DPP_OK) return err;
        if (c->has_valid_from && c->valid_until < c->valid_from) {
            (void)dpp_date_format(c->valid_from, t1, sizeof t1);
            (void)dpp_date_format(c->valid_until, t2, sizeof t2);
            return dpp_diag_set_at(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, dpp_path_field(pfx, "valid_until"), "%s is before valid_from %s", t2, t1);
        }
    }
    return check_text(diag, dpp_path_field(pfx, "scope"), c->scope, sizeof c->scope, false, NULL);
}

static dpp_err check_cbam(const dpp_cbam *c, dpp_diag *diag)
{
    char q[40];
    size_t n;
    dpp_err err;

    err = check_text(diag, DPP_PATH("cbam.cn_code"), c->cn_code, sizeof c->cn_code, true, &n);
    if (err != DPP_OK) return err;
    if (!dpp_code_cn(c->cn_code, n))
        return dpp_diag_set(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX, "cbam.cn_code: %s must be 8 digits",
                            show(c->cn_code, n, q));
    err = check_country(diag, DPP_PATH("cbam.origin"), c->origin, true);
    if (err != DPP_OK) return err;
    err = check_text(diag, DPP_PATH("cbam.installation_id"), c->installation_id, sizeof c->installation_id, false, NULL);
    if (err != DPP_OK) return err;
    err = check_text(diag, DPP_PATH("cbam.route"), c->route, sizeof c->route, false, NULL);
    if (err != DPP_OK) return err;
    err = check_dec(diag, DPP_PATH("cbam.see_direct"), c->see_direct, DEC_CBAM);
    if (err != DPP_OK) return err;
    if (c->has_see_indirect) {
        err = check_dec(diag, DPP_PATH("cbam.see_indirect"), c->see_indirect, DEC_CBAM);
        if (err != DPP_OK) return err;
    }
    err = check_enum(diag, DPP_PATH("cbam.method"), (int)c->method, 3, true);
    if (err != DPP_OK) return err;
    if (c->has_carbon_price) {
        err = check_dec(diag, DPP_PATH("cbam.carbon_price.amount"), c->carbon_price, DEC_NONNEG);
        if (err != DPP_OK) return err;
        err = check_text(diag, DPP_PATH("cbam.carbon_price.currency"), c->carbon_price_currency, sizeof c->carbon_price_currency,
                         true, &n);
        if (err != DPP_OK) return err;
        if (!dpp_code_currency(c->carbon_price_currency, n))
            return dpp_diag_set(diag, DPP_ERR_SCHEMA_FORMAT, SIZE_MAX,
                                "cbam.carbon_price.currency: %s is not an ISO 4217 code ([A-Z]{3})",
                                show(c->carbon_price_currency, n, q));
        err = check_enum(diag, DPP_PATH("cbam.carbon_price.instrument"), (int)c->carbon_price_instrument, 5, true);
        if (err != DPP_OK) return err;
    }
    return DPP_OK;
}

dpp_err dpp_passport_validate(const dpp_passport *p, dpp_diag *diag)
{
    dpp_err err;

    dpp_diag_clear(diag);
    if (p == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "passport must not be NULL");

    err = check_header(p, diag);
    if (err != DPP_OK) return err;

    err = check_count(diag, DPP_PATH("materials"), p->n_materials, DPP_MAX_MATERIALS);
    if (err != DPP_OK) return err;
    for (size_t i = 0; i < p->n_materials; i++) {
        err = check_material(&p->materials[i], (dpp_path){"materials", i, NULL}, diag);
        if (err != DPP_OK) return err;
    }
    err = check_fraction_sum(p, diag);
    if (err != DPP_OK) return err;

    if (p->has_footprint) {
        err = check_footprint(&p->footprint, diag);
        if (err != DPP_OK) return err;
    }

    err = check_count(diag, DPP_PATH("certifications"), p->n_certifications, DPP_MAX_CERTIFICATIONS);
    if (err != DPP_OK) return err;
    for (size_t i = 0; i < p->n_certifications; i++) {
        err = check_certification(&p->certifications[i], (dpp_path){"certifications", i, NULL}, diag);
        if (err != DPP_OK) return err;
    }

    if (p->has_cbam) {
        err = check_cbam(&p->cbam, diag);
        if (err != DPP_OK) return err;
    }

    if (p->ext_len > DPP_MAX_EXT_LEN)
        return dpp_diag_set(diag, DPP_ERR_SCHEMA_RANGE, SIZE_MAX, "extensions: %zu bytes, at most %d", p->ext_len,
                            DPP_MAX_EXT_LEN);
    if (p->ext_len > 0) {
        err = dpp_ext_check(p->ext, p->ext_len, diag);
        if (err != DPP_OK) return err;
    }
    return DPP_OK;
}
