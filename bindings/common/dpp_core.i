/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Language-neutral part of the SWIG interface: which glue functions are
 * wrapped and who owns what. Each language file (python/dpp_python.i,
 * java/dpp_java.i) first defines the typemaps for
 *   dpp_diag *status                       (hidden; raises on error)
 *   (const void *data, size_t len)         (bytes in)
 *   (const void *aad, size_t aad_len)      (bytes in)
 *   (const char *text, size_t text_len)    (text in)
 *   (const char *name, size_t name_len)    (text in)
 *   (const char *resolver, size_t resolver_len) (text in)
 *   dppb_bytes_out / dppb_text_out         (bytes / text out, freed here)
 * and then includes this file.
 *
 * To wrap a new C API function: add a dppb_* function to dpp_glue.h/.c that
 * uses only those shapes (or a new opaque handle declared below), add
 * %newobject if it returns a handle, and it appears in both languages.
 */

%{
#include <string.h>
#include "dpp_glue.h"
%}

%include <stdint.i>

/* The glue header declares these as typedefs of the struct; SWIG only needs
 * to know each is a distinct class whose destructor calls the C free. */
%nodefaultctor;
%nodefaultdtor dppb_buf;
%ignore dppb_buf;

typedef struct dpp_key {} dpp_key;
typedef struct dpp_trust {} dpp_trust;
typedef struct dpp_qr {} dpp_qr;
typedef struct dppb_result {} dppb_result;
typedef struct dppb_cose {} dppb_cose;
typedef struct dppb_entry {} dppb_entry;
typedef struct dpp_trustlist {} dpp_trustlist;
typedef struct dpp_revlist {} dpp_revlist;
typedef struct dppb_scan {} dppb_scan;
typedef struct dppb_untp {} dppb_untp;
typedef struct dppb_cbam {} dppb_cbam;

%extend dpp_key { ~dpp_key() { dpp_key_free($self); } }
%extend dpp_trust { ~dpp_trust() { dpp_trust_free($self); } }
%extend dpp_qr { ~dpp_qr() { dppb_qr_free($self); } }
%extend dppb_result { ~dppb_result() { dppb_result_free($self); } }
%extend dppb_cose { ~dppb_cose() { dppb_cose_free($self); } }
%extend dppb_entry { ~dppb_entry() { dppb_entry_free($self); } }
%extend dpp_trustlist { ~dpp_trustlist() { dpp_trustlist_free($self); } }
%extend dpp_revlist { ~dpp_revlist() { dpp_revlist_free($self); } }
%extend dppb_scan { ~dppb_scan() { dppb_scan_free($self); } }
%extend dppb_untp { ~dppb_untp() { dppb_untp_free($self); } }
%extend dppb_cbam { ~dppb_cbam() { dppb_cbam_free($self); } }

/* The passport model, read-only, from the library's own header: the
 * bindings build their typed Passport objects from these members (text as
 * UTF-8, decimals as mantissa/exponent, dates as days since 1970-01-01, enums
 * as ints), so no glue function flattens a passport into strings. Each
 * language file maps char[N] members to text and uint8_t[N] to bytes. The
 * header's functions are not wrapped (the glue calls them). */
#define DPP_API
#define DPP_NODISCARD
%rename("$ignore", regextarget=1, %$isfunction) "^dpp_";
/* ... except the names of its enumerations (the JSON spellings). */
%rename("%s") dpp_boundary_name;
%rename("%s") dpp_method_name;
%rename("%s") dpp_stage_kind_name;
%rename("%s") dpp_verification_name;
%rename("%s") dpp_cbam_method_name;
%rename("%s") dpp_price_instrument_name;
%ignore dpp_passport::materials;
%ignore dpp_passport::certifications;
%ignore dpp_footprint::stages;
%ignore dpp_cbam::precursors;
%nodefaultdtor;
%immutable;
%include "dpp/dpp_passport.h"
%mutable;
%clearnodefaultdtor;
%extend dpp_passport {
    ~dpp_passport() { dppb_passport_free($self); }
    /* Views into this passport (valid while it lives); NULL past the end. */
    const dpp_material *material(size_t i) const { return i < $self->n_materials ? &$self->materials[i] : NULL; }
    const dpp_certification *certification(size_t i) const
    {
        return i < $self->n_certifications ? &$self->certifications[i] : NULL;
    }
}
%extend dpp_cbam {
    const dpp_cbam_precursor *precursor_at(size_t i) const
    {
        return i < $self->n_precursors ? &$self->precursors[i] : NULL;
    }
}
%extend dpp_footprint {
    const dpp_stage *stage_at(size_t i) const { return i < $self->n_stages ? &$self->stages[i] : NULL; }
}

/* Encode sizes: a small value struct with read-only fields. */
%immutable;
typedef struct dppb_sizes {
    size_t payload;
    size_t claims;
    size_t cose;
    size_t compressed;
    int used_zlib;
    size_t text;
} dppb_sizes;
%mutable;
%extend dppb_sizes {
    dppb_sizes() { return dppb_sizes_new(); }
    ~dppb_sizes() { dppb_sizes_free($self); }
}

/* What a loaded list says about itself: returned by the list loaders,
 * read-only fields (signer_kid as bytes). */
%immutable;
typedef struct dppb_list_info {
    uint64_t sequence;
    int64_t issued_at;
    int64_t next_update;
    size_t entries;
    int past_next_update;
    uint8_t signer_kid[DPP_KID_LEN];
} dppb_list_info;
%mutable;
%extend dppb_list_info { ~dppb_list_info() { dppb_list_info_free($self); } }
%clearnodefaultctor;

/* Functions that return an owned handle. */
%newobject dppb_key_generate;
%newobject dppb_key_load;
%newobject dppb_key_public;
%newobject dppb_key_ref;
%newobject dppb_trust_new;
%newobject dppb_passport_from_json;
%newobject dppb_passport_from_cbor;
%newobject dppb_passport_copy;
%newobject dppb_verify;
%newobject dppb_inspect;
%newobject dppb_result_passport;
%newobject dppb_cose_verify;
%newobject dppb_cose_parse;
%newobject dppb_qr_encode;
%newobject dppb_entry_new;
%newobject dppb_trustlist_new;
%newobject dppb_trustlist_parse;
%newobject dppb_revlist_new;
%newobject dppb_scan_image;
%newobject dppb_passport_cbam_qr;
%newobject dppb_untp_import;
%newobject dppb_untp_passport;
%newobject dppb_cbam_import;
%newobject dppb_cbam_passport;
%newobject dppb_trust_load_list;
%newobject dppb_trust_load_revocations;
%newobject dppb_trust_load_status;
%newobject dppb_trust_scheme_load_list;
%newobject dppb_trust_scheme_load_revocations;

/* Destructors are reached through the proxies only. */
%ignore dppb_passport_free;
%ignore dppb_result_free;
%ignore dppb_cose_free;
%ignore dppb_qr_free;
%ignore dppb_sizes_free;
%ignore dppb_sizes_new;
%ignore dppb_entry_free;
%ignore dppb_scan_free;
%ignore dppb_untp_free;
%ignore dppb_cbam_free;
%ignore dppb_list_info_free;

%include "dpp_glue.h"
