/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The GS1 Barcode Syntax Dictionary as C data: the types of the generated
 * table (gs1_syntax_table.c, from scripts/gen_gs1_syntax.py) and the checks
 * of an AI's value against it (gs1dl.c). Internal to libdpp.
 */
#ifndef DPP_GS1_SYNTAX_H
#define DPP_GS1_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"

/* ---- The syntax table (libdpp/src/gs1_syntax_table.c, generated) ---- */

/** Character sets of a component. */
typedef enum gs1_cset {
    GS1_CSET_N = 1, /**< digits */
    GS1_CSET_X = 2, /**< GS1 AI encodable character set 82 */
    GS1_CSET_Y = 3, /**< GS1 AI encodable character set 39 */
    GS1_CSET_Z = 4  /**< base64url (RFC 4648 section 5), "=" only as trailing padding */
} gs1_cset;

/** Linters named by the dictionary (the generator reads these names). */
typedef enum gs1_linter {
    GS1_LINT_NONE = 0,
    GS1_LINT_CSUM,           /**< GS1 mod-10 check digit (last digit) */
    GS1_LINT_CSUMALPHA,      /**< GS1 alphanumeric check character pair (last two) */
    GS1_LINT_GCPPOS1,        /**< starts with 4 digits (shortest GS1 Company Prefix) */
    GS1_LINT_GCPPOS2,        /**< the same from the second character */
    GS1_LINT_YYMMD0,         /**< date YYMMDD, DD may be 00 */
    GS1_LINT_YYMMDD,         /**< date YYMMDD */
    GS1_LINT_YYYYMMDD,       /**< date YYYYMMDD */
    GS1_LINT_HH,             /**< hour 00..23 */
    GS1_LINT_MI,             /**< minute 00..59 */
    GS1_LINT_SS,             /**< second 00..59 */
    GS1_LINT_HHMI,           /**< HHMI */
    GS1_LINT_YESNO,          /**< "0" or "1" */
    GS1_LINT_ZERO,           /**< "0" */
    GS1_LINT_NONZERO,        /**< not all zeros */
    GS1_LINT_WINDING,        /**< "0", "1" or "9" */
    GS1_LINT_HYPHEN,         /**< "-" */
    GS1_LINT_ISO5218,        /**< "0", "1", "2" or "9" */
    GS1_LINT_NOZEROPREFIX,   /**< no leading "0" unless the value is "0" */
    GS1_LINT_HASNONDIGIT,    /**< at least one non-digit */
    GS1_LINT_PIECEOFTOTAL,   /**< NNNN: piece (first half) 1..total (second half) */
    GS1_LINT_PCENC,          /**< "%" only as "%" + two hex digits */
    GS1_LINT_LATITUDE,       /**< 0..1800000000 */
    GS1_LINT_LONGITUDE,      /**< 0..3600000000 */
    GS1_LINT_POSINSEQSLASH,  /**< "P/T", 1 <= P <= T <= 9 */
    GS1_LINT_IMPORTERIDX,    /**< one of 0-9 A-Z a-z "-" "_" */
    GS1_LINT_IBAN,           /**< 2 letters, 2 digits, up to 30 letters/digits, ISO 7064 mod 97 == 1
                                  (country-specific lengths not checked) */
    GS1_LINT_ISO3166,        /**< NOT ENFORCED: needs the ISO 3166 numeric list (shape N3 only) */
    GS1_LINT_ISO3166999,     /**< NOT ENFORCED: as ISO3166, or 999 */
    GS1_LINT_ISO3166ALPHA2,  /**< NOT ENFORCED: needs the ISO 3166 alpha-2 list (shape X2) */
    GS1_LINT_ISO4217,        /**< NOT ENFORCED: needs the ISO 4217 numeric list (shape N3) */
    GS1_LINT_PACKAGETYPE,    /**< NOT ENFORCED: needs UN/ECE Recommendation 21 */
    GS1_LINT_MEDIATYPE,      /**< NOT ENFORCED: needs GS1's AIDC media type list */
    GS1_LINT_COUPONCODE,     /**< NOT ENFORCED: North American coupon structure */
    GS1_LINT_COUPONPOSOFFER  /**< NOT ENFORCED: positive offer file coupon structure */
} gs1_linter;

/** Most components in one AI, most linters on one component. */
#define GS1_MAX_COMPONENTS 5
#define GS1_MAX_LINTERS 3

/** One component of an AI's format: "[N3],iso3166" = {N, 3, 3, optional, {ISO3166}}. */
typedef struct gs1_component {
    uint8_t cset;     /**< gs1_cset */
    uint8_t min, max; /**< length bounds; equal for a fixed length */
    uint8_t optional; /**< 1 if written in brackets */
    uint8_t lint[GS1_MAX_LINTERS]; /**< gs1_linter values, GS1_LINT_NONE-terminated */
} gs1_component;

/** Flags from the dictionary. */
#define GS1_F_PREDEF 0x01u /**< "*": predefined length, no FNC1 separator */
#define GS1_F_DLATTR 0x02u /**< "?": permitted as a Digital Link data attribute */

/** A dictionary entry: one AI or a range of AIs of equal length ("3100"-"3105"). */
typedef struct gs1_ai_def {
    char lo[5], hi[5];  /**< first and last AI of the range, NUL-terminated */
    uint8_t flags;      /**< GS1_F_* */
    uint8_t ncomp;      /**< number of components, 1..GS1_MAX_COMPONENTS */
    gs1_component comp[GS1_MAX_COMPONENTS];
    int16_t dlpkey;     /**< index in dpp_gs1_dlpkey_table, or -1 if not a primary key */
    const char *title;  /**< e.g. "GTIN" */
} gs1_ai_def;

/** Most alternative qualifier sequences of one key, most AIs in one sequence. */
#define GS1_DL_MAX_SEQS 2
#define GS1_DL_MAX_SEQ_LEN 3

/** A primary key's qualifier paths: "dlpkey=22,10,21|235" is
 *  {2, {{3, {"22","10","21"}}, {1, {"235"}}}}; plain "dlpkey" has nseq 0. */
typedef struct gs1_dlpkey_def {
    uint8_t nseq;
    struct {
        uint8_t n;
        char ai[GS1_DL_MAX_SEQ_LEN][5];
    } seq[GS1_DL_MAX_SEQS];
} gs1_dlpkey_def;

extern const gs1_ai_def dpp_gs1_ai_table[];
extern const size_t dpp_gs1_ai_table_len;
extern const gs1_dlpkey_def dpp_gs1_dlpkey_table[];
extern const size_t dpp_gs1_dlpkey_table_len;
/** "repository@commit, Release: ..." of the dictionary the table was generated from. */
extern const char dpp_gs1_syntax_source[];

/** The dictionary's name of a linter ("csum"); "?" for an unknown value. */
const char *dpp_gs1_linter_name(gs1_linter l);

/** The entry for the AI ai[0..n) (2..4 ASCII digits), or NULL if unknown. */
const gs1_ai_def *dpp_gs1_ai_lookup(const char *ai, size_t n);

/**
 * Checks value[0..n) (already percent-decoded) against def's components and
 * linters. Returns DPP_OK, or DPP_ERR_DL_AI_VALUE with a message such as
 * "character 0x01 at value position 2 not allowed in GS1 set 82"
 * in why[why_cap] (may be NULL) and the position in the value in *pos (may
 * be NULL).
 */
dpp_err dpp_gs1_check_value(const gs1_ai_def *def, const char *value, size_t n, char *why, size_t why_cap,
                        size_t *pos);

#endif
