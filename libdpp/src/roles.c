/* SPDX-License-Identifier: Apache-2.0 */
/* The trust layer's vocabulary (dpp_roles.h): names of roles, claims,
 * bindings and key sources, the claim mask of a passport, and the limits'
 * function twins. Pure functions, no state. */
#include <string.h>

#include "dpp/dpp_list.h"
#include "dpp/dpp_revocation.h"
#include "dpp/dpp_roles.h"
#include "dpp/dpp_trustlist.h"

const char *dpp_role_name(dpp_role role)
{
    switch (role) {
    case DPP_ROLE_ANY: return "any";
    case DPP_ROLE_MANUFACTURER: return "manufacturer";
    case DPP_ROLE_CERTIFIER: return "certifier";
    case DPP_ROLE_CBAM_VERIFIER: return "cbam-verifier";
    case DPP_ROLE_OPERATOR: return "operator";
    }
    return NULL;
}

dpp_err dpp_role_from_name(const char *name, dpp_role *out)
{
    static const dpp_role all[] = {DPP_ROLE_ANY, DPP_ROLE_MANUFACTURER, DPP_ROLE_CERTIFIER, DPP_ROLE_CBAM_VERIFIER,
                                   DPP_ROLE_OPERATOR};
    if (name == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (strcmp(name, dpp_role_name(all[i])) == 0) {
            *out = all[i];
            return DPP_OK;
        }
    }
    if (strcmp(name, "certification-body") == 0) {
        *out = DPP_ROLE_CERTIFIER;
        return DPP_OK;
    }
    return DPP_ERR_INVALID_ARG;
}

const char *dpp_claim_name(unsigned claim)
{
    static const char *const certs[] = {"certifications[0]", "certifications[1]", "certifications[2]",
                                        "certifications[3]", "certifications[4]", "certifications[5]",
                                        "certifications[6]", "certifications[7]"};
    switch (claim) {
    case DPP_CLAIM_IDENTITY: return "identity";
    case DPP_CLAIM_MANUFACTURER: return "manufacturer";
    case DPP_CLAIM_FACILITY: return "facility";
    case DPP_CLAIM_MATERIALS: return "materials";
    case DPP_CLAIM_FOOTPRINT: return "footprint";
    case DPP_CLAIM_CERTIFICATIONS: return "certifications";
    case DPP_CLAIM_CBAM: return "cbam";
    case DPP_CLAIM_EXTENSIONS: return "extensions";
    default: break;
    }
    if (claim >= DPP_CLAIM_CERTIFICATION_0 && claim <= DPP_CLAIM_MAX) return certs[claim - DPP_CLAIM_CERTIFICATION_0];
    return NULL;
}

dpp_err dpp_claim_from_name(const char *name, unsigned *out)
{
    if (name == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    for (unsigned c = 0; c <= DPP_CLAIM_MAX; c++) {
        const char *n = dpp_claim_name(c);
        if (n != NULL && strcmp(n, name) == 0) {
            *out = c;
            return DPP_OK;
        }
    }
    return DPP_ERR_INVALID_ARG;
}

uint32_t dpp_passport_claim_mask(const dpp_passport *p)
{
    uint32_t m;
    if (p == NULL) return 0;
    m = DPP_CLAIM_BIT(DPP_CLAIM_IDENTITY) | DPP_CLAIM_BIT(DPP_CLAIM_MANUFACTURER);
    if (p->has_facility) m |= DPP_CLAIM_BIT(DPP_CLAIM_FACILITY);
    if (p->n_materials > 0) m |= DPP_CLAIM_BIT(DPP_CLAIM_MATERIALS);
    if (p->has_footprint) m |= DPP_CLAIM_BIT(DPP_CLAIM_FOOTPRINT);
    if (p->n_certifications > 0) m |= DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATIONS);
    for (size_t i = 0; i < p->n_certifications && i < DPP_MAX_CERTIFICATIONS; i++)
        m |= DPP_CLAIM_BIT(DPP_CLAIM_CERTIFICATION_0 + i);
    if (p->has_cbam) m |= DPP_CLAIM_BIT(DPP_CLAIM_CBAM);
    if (p->ext_len > 0) m |= DPP_CLAIM_BIT(DPP_CLAIM_EXTENSIONS);
    return m;
}

const char *dpp_binding_name(dpp_binding binding)
{
    switch (binding) {
    case DPP_BINDING_PRODUCT: return "product";
    case DPP_BINDING_BATCH: return "batch";
    case DPP_BINDING_ITEM: return "item";
    case DPP_BINDING_PASSPORT: return "passport";
    }
    return NULL;
}

dpp_err dpp_binding_from_name(const char *name, dpp_binding *out)
{
    if (name == NULL || out == NULL) return DPP_ERR_INVALID_ARG;
    for (int b = DPP_BINDING_PRODUCT; b <= DPP_BINDING_PASSPORT; b++) {
        if (strcmp(name, dpp_binding_name((dpp_binding)b)) == 0) {
            *out = (dpp_binding)b;
            return DPP_OK;
        }
    }
    return DPP_ERR_INVALID_ARG;
}

const char *dpp_key_source_name(dpp_key_source source)
{
    switch (source) {
    case DPP_SOURCE_NONE: return "none";
    case DPP_SOURCE_PINNED: return "pinned";
    case DPP_SOURCE_LIST: return "trust-list";
    case DPP_SOURCE_X509: return "x509";
    }
    return "unknown";
}

size_t dpp_scope_max_prefixes(void) { return DPP_SCOPE_MAX_PREFIXES; }
size_t dpp_scope_max_categories(void) { return DPP_SCOPE_MAX_CATEGORIES; }
size_t dpp_max_attestations(void) { return DPP_MAX_ATTESTATIONS; }
size_t dpp_max_link_uri(void) { return DPP_MAX_LINK_URI; }
size_t dpp_list_max_len(void) { return DPP_LIST_MAX_LEN; }
size_t dpp_trustlist_max_entries(void) { return DPP_TRUSTLIST_MAX_ENTRIES; }
size_t dpp_trustlist_max_key_len(void) { return DPP_TRUSTLIST_MAX_KEY_LEN; }
size_t dpp_revlist_max_entries(void) { return DPP_REVLIST_MAX_ENTRIES; }

