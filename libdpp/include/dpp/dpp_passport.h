/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_PASSPORT_H
#define DPP_PASSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_passport.h
 * @brief The passport data model, its validation, and its CBOR and JSON forms.
 *
 * A dpp_passport is a plain struct with fixed-capacity fields: no heap, no
 * hidden pointers; copy it with `=`, allocate it anywhere (it is about 12 KiB,
 * so prefer the heap or static storage over small thread stacks).
 * Text fields are NUL-terminated UTF-8; an empty string means "absent" for
 * optional text. Every capacity below is in bytes, excluding the NUL.
 * Optional numbers carry a `has_*` flag.
 *
 * Amounts are dpp_decimal: an exact base-10 value mantissa * 10^exponent,
 * never a binary float, so they round-trip bit for bit through CBOR and JSON.
 *
 * Threads: all functions here are reentrant; none keeps state.
 */

/* ---- Capacities (bytes, excluding NUL) and list limits ---- */
#define DPP_PASSPORT_VERSION 1
#define DPP_MAX_NAME 96        /**< product, manufacturer, material, body names */
#define DPP_MAX_CATEGORY 48
#define DPP_MAX_BATCH 20       /**< GS1 AI 10 */
#define DPP_MAX_SERIAL 20      /**< GS1 AI 21 */
#define DPP_MAX_ID 48          /**< operator/facility/installation/certificate ids */
#define DPP_MAX_SCHEME 16      /**< identifier scheme, e.g. "EORI", "GLN", "LEI" */
#define DPP_MAX_ROUTE 32       /**< CBAM production route */
#define DPP_MAX_SOURCE 64      /**< emission factor source */
#define DPP_MAX_SCOPE 96       /**< certification scope */
#define DPP_MAX_UNIT 3         /**< UN/CEFACT Rec 20 code */
#define DPP_MAX_MATERIALS 16
#define DPP_MAX_STAGES 5 /**< one entry per stage kind */
#define DPP_MAX_CERTIFICATIONS 8
#define DPP_MAX_EXT_LEN 1024   /**< extension map, encoded CBOR bytes */
#define DPP_MAX_ADDRESS 96     /**< CBAM installation street or city */
#define DPP_MAX_POSTCODE 16    /**< CBAM installation post code */
#define DPP_MAX_ACTIVITY 64    /**< CBAM installation economic activity */
#define DPP_MAX_PROCESS 64     /**< CBAM production process name */
#define DPP_MAX_SEE_UNIT 9     /**< CBAM SEE unit: "tCO2e/t" or "tCO2e/MWh" */
#define DPP_MAX_REBATE_TYPE 48 /**< CBAM carbon price rebate type */
#define DPP_MAX_PRECURSORS 6   /**< CBAM relevant precursors per good */
#define DPP_DECIMAL_MAX_MANTISSA 999999999999999999LL /**< |mantissa| limit (10^18 - 1) */
#define DPP_DECIMAL_MIN_EXPONENT (-18)

/** Exact decimal: value = mantissa * 10^exponent, exponent in [-18, 0].
 *  Trailing zeros are kept ("12.50" is {1250, -2}), so the written form
 *  survives a round trip. */
typedef struct dpp_decimal {
    int64_t mantissa; /**< |mantissa| <= DPP_DECIMAL_MAX_MANTISSA */
    int8_t exponent;  /**< DPP_DECIMAL_MIN_EXPONENT..0 */
} dpp_decimal;

/** Parses "-12.50" style text (no exponent, no '+', no leading '.').
 *  Returns DPP_ERR_SCHEMA_FORMAT or DPP_ERR_SCHEMA_RANGE on bad input. */
DPP_API dpp_err dpp_decimal_parse(const char *text, size_t len, dpp_decimal *out);
/** Formats into out (NUL-terminated); needs at most 22 bytes. Returns the
 *  length written, or 0 if out_cap is too small or d is out of range. */
DPP_API size_t dpp_decimal_format(dpp_decimal d, char *out, size_t out_cap);
/** Compares two decimals by value: <0, 0, >0 ("1.50" equals "1.5"). */
DPP_API int dpp_decimal_cmp(dpp_decimal a, dpp_decimal b);

/** A date as days since 1970-01-01 (proleptic Gregorian), 0..2932896 (9999-12-31). */
typedef int32_t dpp_date;
/** Parses "YYYY-MM-DD" (a real calendar date, years 1970..9999). */
DPP_API dpp_err dpp_date_parse(const char *text, size_t len, dpp_date *out);
/** Formats as "YYYY-MM-DD" into out (needs 11 bytes). Returns 10, or 0 on error. */
DPP_API size_t dpp_date_format(dpp_date d, char *out, size_t out_cap);

/** An identifier with its scheme, e.g. {"EORI", "DE123456789012345"}. */
typedef struct dpp_identifier {
    char scheme[DPP_MAX_SCHEME + 1]; /**< [A-Z0-9-]{1,16}, e.g. EORI, GLN, LEI, USCC, DUNS */
    char value[DPP_MAX_ID + 1];      /**< printable, no control characters */
} dpp_identifier;

typedef struct dpp_party {
    char name[DPP_MAX_NAME + 1]; /**< required */
    char country[3];             /**< ISO 3166-1 alpha-2, required */
    dpp_identifier operator_id;  /**< optional (empty scheme and value = absent) */
} dpp_party;

typedef struct dpp_facility {
    dpp_identifier id;           /**< required when the facility is present */
    char name[DPP_MAX_NAME + 1]; /**< optional */
} dpp_facility;

typedef struct dpp_material {
    char name[DPP_MAX_NAME + 1]; /**< required */
    char cas[13];                /**< optional CAS RN "NNNNNNN-NN-N", check digit validated */
    bool has_mass_fraction;
    dpp_decimal mass_fraction;   /**< 0..1 */
    bool has_mass;
    dpp_decimal mass;            /**< > 0, in mass_unit */
    char mass_unit[DPP_MAX_UNIT + 1]; /**< Rec 20, required with mass (KGM, GRM, TNE) */
    bool has_recycled_share;
    dpp_decimal recycled_share;  /**< 0..1 */
    bool has_renewable_share;
    dpp_decimal renewable_share; /**< 0..1 */
    char origin[3];              /**< optional ISO 3166-1 alpha-2 */
    bool hazardous;
} dpp_material;

typedef enum dpp_boundary {
    DPP_BOUNDARY_CRADLE_TO_GATE = 1,
    DPP_BOUNDARY_CRADLE_TO_GRAVE = 2,
    DPP_BOUNDARY_GATE_TO_GATE = 3,
    DPP_BOUNDARY_CRADLE_TO_CRADLE = 4
} dpp_boundary;

typedef enum dpp_method {
    DPP_METHOD_ISO_14067 = 1,
    DPP_METHOD_GHG_PROTOCOL = 2,
    DPP_METHOD_PEF = 3,
    DPP_METHOD_PAS_2050 = 4,
    DPP_METHOD_GBT_24067 = 5,
    DPP_METHOD_PACT = 6,
    DPP_METHOD_EU_BATTERY = 7
} dpp_method;

typedef enum dpp_stage_kind {
    DPP_STAGE_RAW_MATERIALS = 1,
    DPP_STAGE_PRODUCTION = 2,
    DPP_STAGE_DISTRIBUTION = 3,
    DPP_STAGE_USE = 4,
    DPP_STAGE_END_OF_LIFE = 5
} dpp_stage_kind;

typedef enum dpp_verification {
    DPP_VERIFICATION_SELF_DECLARED = 1,
    DPP_VERIFICATION_THIRD_PARTY = 2
} dpp_verification;

typedef struct dpp_stage {
    dpp_stage_kind stage;
    dpp_decimal value; /**< kgCO2e per declared unit */
} dpp_stage;

typedef struct dpp_footprint {
    dpp_decimal total;                  /**< kgCO2e per declared unit, >= 0, required */
    char declared_unit[DPP_MAX_UNIT + 1]; /**< Rec 20 code, required, e.g. KGM, TNE, KWH, H87 */
    dpp_boundary boundary;              /**< required */
    dpp_method method;                  /**< required */
    size_t n_stages;
    dpp_stage stages[DPP_MAX_STAGES];   /**< strictly increasing stage kinds */
    dpp_date period_start;              /**< reference period, required, start <= end */
    dpp_date period_end;
    bool has_primary_share;
    dpp_decimal primary_share;          /**< 0..1 */
    bool has_electricity_ef;
    dpp_decimal electricity_ef;         /**< kgCO2e/kWh, >= 0 */
    char electricity_ef_source[DPP_MAX_SOURCE + 1]; /**< optional */
    dpp_verification verification;      /**< required */
} dpp_footprint;

typedef struct dpp_certification {
    char scheme[DPP_MAX_ID + 1];         /**< required, e.g. "ISO 14001" */
    char certificate_id[DPP_MAX_ID + 1]; /**< required */
    char issuer[DPP_MAX_NAME + 1];       /**< issuing body, required */
    bool has_valid_from;
    dpp_date valid_from;
    bool has_valid_until;
    dpp_date valid_until;                /**< >= valid_from when both are set */
    char scope[DPP_MAX_SCOPE + 1];       /**< optional */
} dpp_certification;

typedef enum dpp_cbam_method {
    DPP_CBAM_ACTUAL = 1,
    DPP_CBAM_DEFAULT = 2,
    DPP_CBAM_MIXED = 3
} dpp_cbam_method;

typedef enum dpp_price_instrument {
    DPP_PRICE_ETS = 1,
    DPP_PRICE_CARBON_TAX = 2,
    DPP_PRICE_LEVY = 3,
    DPP_PRICE_FEE = 4,
    DPP_PRICE_OTHER = 5
} dpp_price_instrument;

/** The installation a CBAM good comes from (communication template v2.1.1,
 *  sheet A_InstData section 2 / Summary_Communication section 1). */
typedef struct dpp_cbam_installation {
    char name[DPP_MAX_NAME + 1];         /**< English name, required */
    char street[DPP_MAX_ADDRESS + 1];    /**< street and number, optional */
    char city[DPP_MAX_ADDRESS + 1];      /**< optional */
    char postcode[DPP_MAX_POSTCODE + 1]; /**< optional */
    char country[3];                     /**< ISO 3166-1 alpha-2, required */
    char unlocode[6];                    /**< UN/LOCODE without the space, [A-Z]{2}[A-Z2-9]{3}, optional;
                                              its first two letters equal country */
    bool has_coordinates;
    dpp_decimal latitude;                /**< main emission source, degrees -90..90 */
    dpp_decimal longitude;               /**< degrees -180..180 */
    char activity[DPP_MAX_ACTIVITY + 1]; /**< economic activity, optional */
    dpp_identifier operator_id;          /**< operator identifier, optional (empty = absent) */
} dpp_cbam_installation;

/** A relevant precursor of a CBAM good and its specific embedded emissions. */
typedef struct dpp_cbam_precursor {
    char cn_code[9];          /**< 8 digits, required */
    bool has_quantity;
    dpp_decimal quantity;     /**< tonnes of precursor per tonne of good, > 0 */
    dpp_decimal see_direct;   /**< tCO2e per tonne of precursor, required, CBAM rule */
    bool has_see_indirect;
    dpp_decimal see_indirect; /**< CBAM rule */
} dpp_cbam_precursor;

/** The accredited verifier of the installation's emissions data. */
typedef struct dpp_cbam_verifier {
    char name[DPP_MAX_NAME + 1];               /**< company name, required */
    char country[3];                           /**< optional */
    char accreditation_state[3];               /**< accreditation Member State, optional */
    char accreditation_body[DPP_MAX_NAME + 1]; /**< national accreditation body, optional */
    char accreditation_id[DPP_MAX_ID + 1];     /**< registration number from that body, optional */
} dpp_cbam_verifier;

typedef struct dpp_cbam {
    char cn_code[9];                 /**< 8 digits, required */
    char origin[3];                  /**< ISO 3166-1 alpha-2, required */
    char installation_id[DPP_MAX_ID + 1]; /**< optional; the installation's CBAM registry identifier */
    char route[DPP_MAX_ROUTE + 1];   /**< optional, e.g. "BF-BOF", "EAF" */
    dpp_decimal see_direct;          /**< tCO2e per tonne (per MWh for electricity), >= 0, <= 5 decimals, required */
    bool has_see_indirect;
    dpp_decimal see_indirect;        /**< same unit and rules */
    dpp_cbam_method method;          /**< required */
    bool has_carbon_price;
    dpp_decimal carbon_price;        /**< amount due per tonne of good, >= 0 */
    char carbon_price_currency[4];   /**< ISO 4217, required with the price */
    dpp_price_instrument carbon_price_instrument; /**< required with the price */
    /* ---- communication template data (all optional; absent in passports
     *      written before them, so those encode byte for byte as before) ---- */
    bool has_installation;
    dpp_cbam_installation installation;
    bool has_period;
    dpp_date period_start;           /**< reporting period, start <= end */
    dpp_date period_end;
    char process[DPP_MAX_PROCESS + 1]; /**< production process, e.g. "Bubble approach" */
    char goods_category[DPP_MAX_CATEGORY + 1]; /**< aggregated goods category, e.g. "Iron or steel products" */
    bool has_see_total;
    dpp_decimal see_total;           /**< direct + indirect, CBAM rule */
    char see_unit[DPP_MAX_SEE_UNIT + 1]; /**< "tCO2e/t" or "tCO2e/MWh"; absent = tCO2e/t */
    bool has_default_share;
    dpp_decimal default_share;       /**< share of the SEE based on default values, 0..1 */
    bool has_electricity;
    dpp_decimal electricity;         /**< electricity consumed, MWh per tonne of good, >= 0 (required
                                          with has_electricity) */
    bool has_electricity_ef;
    dpp_decimal electricity_ef;      /**< its emission factor, tCO2e/MWh, >= 0 (needs has_electricity) */
    char electricity_ef_source[DPP_MAX_SOURCE + 1]; /**< source of the factor (needs has_electricity) */
    size_t n_precursors;
    dpp_cbam_precursor precursors[DPP_MAX_PRECURSORS];
    /* carbon price details: only with has_carbon_price */
    bool has_price_covered;
    dpp_decimal price_covered;       /**< embedded emissions covered by the price, tCO2e/t, >= 0 */
    bool has_rebate;
    dpp_decimal rebate;              /**< rebate amount per tonne, >= 0, in carbon_price_currency */
    char rebate_type[DPP_MAX_REBATE_TYPE + 1]; /**< e.g. "Tax deduction" (needs has_rebate) */
    bool has_rebate_covered;
    dpp_decimal rebate_covered;      /**< embedded emissions covered by the rebate, tCO2e/t, >= 0 */
    bool has_effective_price;
    dpp_decimal effective_price;     /**< effective carbon price due per tonne, >= 0 */
    bool has_verifier;
    dpp_cbam_verifier verifier;
} dpp_cbam;

/** The passport. Zero-initialise it (`dpp_passport p = {0};` or
 *  dpp_passport_init()), then fill it. */
typedef struct dpp_passport {
    uint8_t id[16];                  /**< passport id, a UUID (JSON: canonical lowercase text) */
    char gtin[15];                   /**< 14 digits (GTIN-8/12/13 are left-padded with 0), check digit validated */
    char batch[DPP_MAX_BATCH + 1];   /**< optional, GS1 AI 82-character set */
    char serial[DPP_MAX_SERIAL + 1]; /**< optional, GS1 AI 82-character set */
    char name[DPP_MAX_NAME + 1];     /**< product name, required */
    char category[DPP_MAX_CATEGORY + 1]; /**< optional */
    bool has_production_date;
    dpp_date production_date;
    dpp_party manufacturer;          /**< required */
    bool has_facility;
    dpp_facility facility;
    size_t n_materials;
    dpp_material materials[DPP_MAX_MATERIALS];
    bool has_footprint;
    dpp_footprint footprint;
    size_t n_certifications;
    dpp_certification certifications[DPP_MAX_CERTIFICATIONS];
    bool has_cbam;
    dpp_cbam cbam;
    size_t ext_len;                  /**< 0: no extensions */
    uint8_t ext[DPP_MAX_EXT_LEN];    /**< extension map, deterministic CBOR: {+ tstr => value} */
} dpp_passport;

/* ---- Enumeration names ----
 * Each enumeration of the passport has a name per value: the string its JSON
 * form uses (spec/passport.schema.json), e.g. DPP_BOUNDARY_CRADLE_TO_GATE is
 * "cradle-to-gate", DPP_METHOD_GHG_PROTOCOL is "GHG Protocol". Callers print
 * a passport with these, without going through JSON.
 *   dpp_<enum>_name(v): the name (static storage), or NULL for a value
 *     outside the enumeration (0, "unset", included).
 *   dpp_<enum>_from_name(name, len, out): the value of the exact,
 *     case-sensitive name name[0, len) (no NUL needed) in *out. Returns
 *     DPP_OK; DPP_ERR_SCHEMA_RANGE if it is not one of the names (*out
 *     untouched; the code dpp_passport_from_json() gives for it);
 *     DPP_ERR_INVALID_ARG if out is NULL, or name is NULL with len > 0.
 * (Units are not an enumeration: they are UN/CEFACT Rec 20 codes kept as
 * text, e.g. "KGM".) */
DPP_API const char *dpp_boundary_name(dpp_boundary v);
DPP_API DPP_NODISCARD dpp_err dpp_boundary_from_name(const char *name, size_t len, dpp_boundary *out);
DPP_API const char *dpp_method_name(dpp_method v);
DPP_API DPP_NODISCARD dpp_err dpp_method_from_name(const char *name, size_t len, dpp_method *out);
DPP_API const char *dpp_stage_kind_name(dpp_stage_kind v);
DPP_API DPP_NODISCARD dpp_err dpp_stage_kind_from_name(const char *name, size_t len, dpp_stage_kind *out);
DPP_API const char *dpp_verification_name(dpp_verification v);
DPP_API DPP_NODISCARD dpp_err dpp_verification_from_name(const char *name, size_t len, dpp_verification *out);
DPP_API const char *dpp_cbam_method_name(dpp_cbam_method v);
DPP_API DPP_NODISCARD dpp_err dpp_cbam_method_from_name(const char *name, size_t len, dpp_cbam_method *out);
DPP_API const char *dpp_price_instrument_name(dpp_price_instrument v);
DPP_API DPP_NODISCARD dpp_err dpp_price_instrument_from_name(const char *name, size_t len,
                                                             dpp_price_instrument *out);

/** Zero-fills p. */
DPP_API void dpp_passport_init(dpp_passport *p);

/**
 * Validates every field: required fields, ranges, code shapes, check digits,
 * list limits, the extension map's encoding. On failure diag->msg names the
 * field path, e.g. "materials[2].recycled_share: 1.2 is out of range 0..1".
 */
DPP_API DPP_NODISCARD dpp_err dpp_passport_validate(const dpp_passport *p, dpp_diag *diag);

/**
 * dpp_passport_validate() reporting every problem instead of the first: at
 * most one per field, in schema order (the member order of
 * spec/passport.schema.json), the first errs->cap of them in errs (see
 * dpp_diag_list). Returns the first problem's code (the one
 * dpp_passport_validate() returns), or DPP_OK. errs may be NULL.
 */
DPP_API DPP_NODISCARD dpp_err dpp_passport_validate_all(const dpp_passport *p, dpp_diag_list *errs);

/**
 * Encodes the passport as deterministic CBOR (the payload claim value; see
 * spec/). Validates first. out == NULL gives size-calculation mode (the
 * needed size in *out_len). Output is at most DPP_MAX_COSE_LEN bytes.
 */
DPP_API DPP_NODISCARD dpp_err dpp_passport_to_cbor(const dpp_passport *p, uint8_t *out, size_t out_cap,
                                                   size_t *out_len, dpp_diag *diag);

/**
 * Decodes deterministic CBOR into *out (zeroed first, and zeroed again on
 * failure), then validates. Strict: non-deterministic encodings, duplicate or
 * unknown keys, trailing bytes and out-of-range values are rejected.
 */
DPP_API DPP_NODISCARD dpp_err dpp_passport_from_cbor(const uint8_t *cbor, size_t cbor_len, dpp_passport *out,
                                                     dpp_diag *diag);

/**
 * Parses the documented JSON form (spec/passport.schema.json) into *out
 * (zeroed first and on failure) and validates it. Unknown members are
 * rejected. Decimals may be JSON strings ("12.50") or JSON numbers.
 * When the text has several problems, diag gets the first in document
 * order (see dpp_passport_from_json_all()).
 */
DPP_API DPP_NODISCARD dpp_err dpp_passport_from_json(const char *json, size_t json_len, dpp_passport *out,
                                                     dpp_diag *diag);

/**
 * dpp_passport_from_json() reporting every problem, as a schema validator
 * does: unknown members, wrong types and shapes, missing members and every
 * validation rule of dpp_passport_validate(), at most one per value, in
 * document order (by the position of the value each names; a missing
 * member at the end of its object; a rule comparing two members at the one
 * it names). A problem that only follows from another (the members of a
 * value of the wrong type, a rule needing a rejected value) is not listed.
 * errs (may be NULL) gets the first errs->cap problems and their total; a
 * JSON syntax error, an oversized text or a bad argument is the only
 * problem listed, with its byte offset where one applies (schema problems
 * have offset SIZE_MAX; their message starts with the member's path).
 * Returns the first problem's code, the same as dpp_passport_from_json(),
 * or DPP_OK.
 */
DPP_API DPP_NODISCARD dpp_err dpp_passport_from_json_all(const char *json, size_t json_len, dpp_passport *out,
                                                         dpp_diag_list *errs);

/**
 * Writes the JSON form (UTF-8, NUL-terminated, 2-space indented, decimals as
 * strings, keys in schema order). out == NULL gives size-calculation mode;
 * *out_len excludes the NUL, out_cap must include it.
 */
DPP_API DPP_NODISCARD dpp_err dpp_passport_to_json(const dpp_passport *p, char *out, size_t out_cap,
                                                   size_t *out_len, dpp_diag *diag);

/**
 * The label's passport of a passport with a full CBAM block: *out is a copy
 * of *in whose CBAM block keeps only the fields that belong in the QR code
 * (spec/README.md section 7.2, "CBAM fields in the QR code"): CN code,
 * origin, installation id, route, SEE direct / indirect / total and unit,
 * method, default-value share, reporting period, and the carbon price
 * (amount, currency, instrument, effective price). The installation's
 * address, coordinates and operator, the process, goods category,
 * electricity, precursors, the price's coverage and rebate details and the
 * verifier are dropped: they travel in the full passport document the label
 * links to (CWT claim -264, dpp_encode_ex_opts.link_uri / link_sha256).
 * An encoder never drops them itself: dpp_encode() signs what it is given.
 * in and out may be the same. Returns DPP_ERR_INVALID_ARG for NULL.
 */
DPP_API DPP_NODISCARD dpp_err dpp_passport_cbam_qr(const dpp_passport *in, dpp_passport *out);

#ifdef __cplusplus
}
#endif

#endif /* DPP_PASSPORT_H */
