/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_ROLES_H
#define DPP_ROLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_passport.h"
#include "dpp/dpp_transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_roles.h
 * @brief The trust layer's vocabulary (spec/trust.md): roles, claim
 *        identifiers, attestation bindings, scopes, and what a verifier
 *        learns about a signer. Shared by dpp_trust.h, dpp_trustlist.h,
 *        dpp_revocation.h, dpp_attest.h, dpp_encode.h and dpp_verify.h.
 *
 * Threads: every function here is pure.
 */

/** What a trusted party may do (spec/trust.md section 3). */
typedef enum dpp_role {
    DPP_ROLE_ANY = 0,           /**< a pinned key (dpp_trust_add_key): any act, any scope, no window;
                                     never appears in a trust list */
    DPP_ROLE_MANUFACTURER = 1,  /**< signs passports */
    DPP_ROLE_CERTIFIER = 2,     /**< certification body / third-party verifier: attests claims (not cbam) */
    DPP_ROLE_CBAM_VERIFIER = 3, /**< accredited CBAM verifier: attests the cbam claim */
    DPP_ROLE_OPERATOR = 4       /**< trust-list operator: signs trust and revocation lists only */
} dpp_role;

/** "any", "manufacturer", "certifier", "cbam-verifier", "operator"; NULL for other values. */
DPP_API const char *dpp_role_name(dpp_role role);
/** Parses a name printed by dpp_role_name() ("certification-body" is accepted for certifier). */
DPP_API DPP_NODISCARD dpp_err dpp_role_from_name(const char *name, dpp_role *out);

/**
 * Claim identifiers: the parts of a passport that can be attested, and the
 * bits of a scope's claim mask (DPP_CLAIM_BIT). Values are the passport
 * CBOR keys of the blocks (payload.cddl), plus identity (keys 2..8 as one
 * claim) and single certifications (16 + index).
 */
typedef enum dpp_claim {
    DPP_CLAIM_IDENTITY = 1,        /**< id, gtin, batch, serial, name, category, production date */
    DPP_CLAIM_MANUFACTURER = 9,
    DPP_CLAIM_FACILITY = 10,
    DPP_CLAIM_MATERIALS = 11,
    DPP_CLAIM_FOOTPRINT = 12,
    DPP_CLAIM_CERTIFICATIONS = 13, /**< the whole certification list */
    DPP_CLAIM_CBAM = 14,
    DPP_CLAIM_EXTENSIONS = 15,
    DPP_CLAIM_CERTIFICATION_0 = 16 /**< certifications[i] is 16 + i, i < DPP_MAX_CERTIFICATIONS */
} dpp_claim;

/** Largest claim identifier (certifications[7]). */
#define DPP_CLAIM_MAX 23
/** Bit of claim c in a claim mask. */
#define DPP_CLAIM_BIT(c) ((uint32_t)1u << (unsigned)(c))
/** Every claim identifier that exists. */
#define DPP_CLAIM_ALL_MASK                                                                                      \
    (DPP_CLAIM_BIT(1) | ((uint32_t)0xffu << 9) | ((uint32_t)0xffu << 16))

/** "identity", "footprint", ..., "certifications[3]"; NULL for an unknown identifier. */
DPP_API const char *dpp_claim_name(unsigned claim);
/** Parses a name printed by dpp_claim_name(). */
DPP_API DPP_NODISCARD dpp_err dpp_claim_from_name(const char *name, unsigned *out);
/** Mask of the claims present in p (identity and manufacturer always). */
DPP_API uint32_t dpp_passport_claim_mask(const dpp_passport *p);

/** What an attestation is bound to, besides the attested claims (spec/trust.md 5.2). */
typedef enum dpp_binding {
    DPP_BINDING_PRODUCT = 0,  /**< the GTIN: every passport of the product */
    DPP_BINDING_BATCH = 1,    /**< GTIN + batch */
    DPP_BINDING_ITEM = 2,     /**< GTIN + serial */
    DPP_BINDING_PASSPORT = 3  /**< GTIN + passport id: this passport only */
} dpp_binding;

/** "product", "batch", "item", "passport"; NULL for other values. */
DPP_API const char *dpp_binding_name(dpp_binding binding);
DPP_API DPP_NODISCARD dpp_err dpp_binding_from_name(const char *name, dpp_binding *out);

/** Scope limits (each has a function twin; a test checks them). */
#define DPP_SCOPE_MAX_PREFIXES 16
#define DPP_SCOPE_MAX_CATEGORIES 8
/** Most resolvers in one scope. */
#define DPP_SCOPE_MAX_RESOLVERS 4
DPP_API size_t dpp_scope_max_prefixes(void);
DPP_API size_t dpp_scope_max_categories(void);

/**
 * What a trust-list entry may sign or attest. Empty lists and a zero mask
 * mean "no restriction beyond the role".
 */
typedef struct dpp_scope {
    uint32_t claims;        /**< DPP_CLAIM_BIT()s the party may attest (attesters) or declare
                                 (manufacturers; identity and manufacturer always allowed); 0 = any */
    size_t n_gtin_prefixes;
    char gtin_prefixes[DPP_SCOPE_MAX_PREFIXES][15]; /**< 1..14 digits, matched against the 14-digit GTIN */
    size_t n_categories;
    char categories[DPP_SCOPE_MAX_CATEGORIES][DPP_MAX_CATEGORY + 1]; /**< exact product categories */
    /** Resolvers the party may sign into its passports (claim -265), in
     *  dpp_resolver_normalize() form ("id.example.com", "example.com/dpp");
     *  a signed resolver matches an entry equal to it or an entry followed by
     *  "/" and more path. None listed: any resolver. */
    size_t n_resolvers;
    char resolvers[DPP_SCOPE_MAX_RESOLVERS][DPP_MAX_RESOLVER_LEN + 1];
} dpp_scope;

/** Where the verifier's trust in a key comes from. */
typedef enum dpp_key_source {
    DPP_SOURCE_NONE = 0,
    DPP_SOURCE_PINNED = 1, /**< dpp_trust_add_key / dpp_trust_add_bytes (pinned-key mode) */
    DPP_SOURCE_LIST = 2,   /**< an entry of a signed trust list */
    DPP_SOURCE_X509 = 3    /**< a certificate chained to a pinned CA */
} dpp_key_source;

/** "none", "pinned", "trust-list", "x509". */
DPP_API const char *dpp_key_source_name(dpp_key_source source);

/** Longest name of a trust scheme (dpp_trust_scheme_load_list, dpp_trust.h). */
#define DPP_SCHEME_NAME_MAX 63

/** Who signed or attested, as the trust store knows them. */
typedef struct dpp_signer_info {
    dpp_key_source source;
    dpp_role role;         /**< DPP_ROLE_ANY for a pinned key */
    dpp_party party;       /**< name, country, identifier; empty for a pinned key;
                                from the subject (CN, C) for a certificate */
    uint8_t kid[DPP_KID_LEN];
    /** Trust-list entries: the scheme whose list recognised the key ("" the
     *  default scheme of dpp_trust_load_list) and the kid of the operator
     *  key that signed that list. Empty / zero for pinned keys and certificates. */
    char scheme[DPP_SCHEME_NAME_MAX + 1];
    uint8_t scheme_operator[DPP_KID_LEN];
} dpp_signer_info;

/** Most attestations one passport carries. */
#define DPP_MAX_ATTESTATIONS 4
DPP_API size_t dpp_max_attestations(void);

/** An attestation as carried in a passport (what it claims, not yet who). */
typedef struct dpp_attestation_ref {
    uint8_t kid[DPP_KID_LEN]; /**< the attester's key identifier */
    dpp_alg alg;
    dpp_binding binding;
    uint32_t claims;          /**< DPP_CLAIM_BIT()s of the attested claims */
    bool has_signed_at;       /**< the attestation carries its own signing time */
    int64_t signed_at;        /**< seconds since the epoch (spec/trust.md 5.7) */
} dpp_attestation_ref;

/** Longest full-passport URI (bytes). */
#define DPP_MAX_LINK_URI 255
DPP_API size_t dpp_max_link_uri(void);

#ifdef __cplusplus
}
#endif

#endif /* DPP_ROLES_H */
