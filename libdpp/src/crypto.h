/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal: the crypto port. Everything libdpp needs from a crypto library,
 * and nothing else: digest, randomness, keys (load, generate, export,
 * sign, verify, the facts the weak-key checks judge) and X.509
 * (certificates as facts, chain verification against pinned CAs).
 *
 * One port is one file: crypto_ossl.c (OpenSSL 3) is the only file of
 * libdpp/src that includes a crypto library's headers. A second port (say
 * Web Crypto for the browser) is one new .c implementing every function
 * below, chosen in CMakeLists.txt instead of crypto_ossl.c. The port decides
 * nothing: what is weak, which algorithm a key gets, kids, roles and
 * validity windows are decided by the portable code above it (key.c,
 * key_check.c, x509.c) from the facts the port reports. The port calls
 * nothing of libdpp (it gets what it needs as parameters) and never writes
 * a dpp_diag: it returns a dpp_err, the caller writes the message.
 *
 * Signatures are in COSE form (RFC 9053 / RFC 8230):
 *  - ES256 / ES384: r || s, each left-padded to 32 / 48 bytes; SHA-256 / SHA-384;
 *  - EdDSA (Ed25519): the 64-byte signature (PureEdDSA, no prehash);
 *  - PS256: RSASSA-PSS, SHA-256, MGF1 with SHA-256, salt length 32; the
 *    signature is as long as the modulus.
 *
 * Port rules: every function leaves no error state behind in the backend
 * (OpenSSL: the error queue is cleared); handles are freed by their _free
 * function, NULL being fine; a dpp_crypto_key is immutable after
 * dpp_crypto_key_bind() and may then be used from several threads at once.
 */
#ifndef DPP_SRC_CRYPTO_H
#define DPP_SRC_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"

/** Longest signature any accepted key produces (RSA-4096). */
#define DPP_CRYPTO_MAX_SIG_LEN 512
#define DPP_SHA256_LEN 32
/** Length of a raw Ed25519 public key. */
#define DPP_CRYPTO_ED25519_LEN 32

/* ---- digest and randomness ---- */

/** SHA-256 of data (data may be NULL when len is 0). */
dpp_err dpp_crypto_sha256(const uint8_t *data, size_t len, uint8_t out[DPP_SHA256_LEN]);

/** len bytes from a cryptographically secure generator. DPP_ERR_CRYPTO_BACKEND. */
dpp_err dpp_crypto_random(uint8_t *out, size_t len);

/* ---- keys ---- */

typedef struct dpp_crypto_key dpp_crypto_key;

/** Key types as the backend sees them. */
typedef enum dpp_crypto_kty {
    DPP_CRYPTO_KTY_OTHER = 0, /* anything else (DSA, X25519, Ed448, ...) */
    DPP_CRYPTO_KTY_EC,        /* a prime-curve EC key */
    DPP_CRYPTO_KTY_ED25519,
    DPP_CRYPTO_KTY_RSA,       /* rsaEncryption */
    DPP_CRYPTO_KTY_RSA_PSS    /* id-RSASSA-PSS (restricted RSA key) */
} dpp_crypto_kty;

typedef enum dpp_crypto_curve {
    DPP_CRYPTO_CURVE_NONE = 0, /* not an EC key, or no named curve */
    DPP_CRYPTO_CURVE_P256,
    DPP_CRYPTO_CURVE_P384,
    DPP_CRYPTO_CURVE_OTHER     /* a named curve libdpp does not use */
} dpp_crypto_curve;

/** What the weak-key checks and the algorithm choice look at. */
typedef struct dpp_crypto_key_facts {
    dpp_crypto_kty kty;
    char type_name[32];      /* the backend's name of the key type ("" if none) */
    bool has_private;        /* private key material present */
    /* EC */
    bool ec_explicit;        /* explicit curve parameters instead of a name */
    bool ec_named;           /* the curve has a name (then curve_name is set) */
    dpp_crypto_curve curve;
    char curve_name[64];     /* the backend's curve name, e.g. "prime256v1" */
    /* RSA */
    int rsa_bits;            /* modulus length in bits (0 if unknown) */
    int rsa_size;            /* modulus length in bytes = signature length */
    bool rsa_e_ok;           /* the public exponent was readable */
    int rsa_e_bits;          /* bit length of e (0 for e = 0) */
    bool rsa_e_odd;
    uint64_t rsa_e_word;     /* e when rsa_e_bits <= 64 */
    /* Ed25519 */
    bool ed25519_ok;         /* the raw public key was readable */
    uint8_t ed25519_pub[DPP_CRYPTO_ED25519_LEN];
} dpp_crypto_key_facts;

/** The facts of an SPKI the backend could not turn into a key: enough to
 *  tell an EC point off its curve from a malformed structure. */
typedef struct dpp_crypto_spki {
    dpp_crypto_curve curve;  /* id-ecPublicKey with a named curve, else NONE */
    size_t point_len;        /* length of the subjectPublicKey bits, in bytes */
    uint8_t point_first;     /* its first byte (when point_len > 0) */
} dpp_crypto_spki;

/** What dpp_crypto_key_parse() found. */
typedef enum dpp_crypto_found {
    DPP_CRYPTO_FOUND_NONE = 0,     /* nothing usable (spki may still be filled) */
    DPP_CRYPTO_FOUND_ENCRYPTED,    /* DER EncryptedPrivateKeyInfo (never decrypted) */
    DPP_CRYPTO_FOUND_PRIVATE,      /* a private key: key set */
    DPP_CRYPTO_FOUND_PUBLIC,       /* a SubjectPublicKeyInfo: key set */
    DPP_CRYPTO_FOUND_CERT,         /* an X.509 certificate: key and validity set */
    DPP_CRYPTO_FOUND_CERT_BAD_KEY  /* a certificate whose key is unreadable: spki set */
} dpp_crypto_found;

typedef struct dpp_crypto_parsed {
    dpp_crypto_found found;
    dpp_crypto_key *key;           /* owned by the caller (dpp_crypto_key_free) */
    bool validity_ok;              /* CERT: notBefore/notAfter were readable */
    int64_t not_before, not_after; /* CERT: seconds since the epoch */
    dpp_crypto_spki spki;
} dpp_crypto_parsed;

/**
 * Reads one key from data, trying in this order:
 *  pem:  a private key (never prompting for a passphrase), a PUBLIC KEY
 *        block, a CERTIFICATE block, then a PUBLIC KEY block whose key is
 *        unreadable (FOUND_NONE with spki);
 *  DER:  EncryptedPrivateKeyInfo, a private key (PKCS#8 or traditional), a
 *        SubjectPublicKeyInfo, an SPKI whose key is unreadable (FOUND_NONE
 *        with spki), a certificate; each must consume data exactly.
 * DPP_OK (out->found says what) or DPP_ERR_NO_MEMORY.
 */
dpp_err dpp_crypto_key_parse(const uint8_t *data, size_t len, bool pem, dpp_crypto_parsed *out);

/** A new private key: P-256 (ES256), P-384 (ES384), Ed25519 (EdDSA) or RSA
 *  of rsa_bits with e = 65537 (PS256). DPP_ERR_INVALID_ARG, DPP_ERR_CRYPTO_BACKEND. */
dpp_err dpp_crypto_key_generate(dpp_alg alg, unsigned rsa_bits, dpp_crypto_key **out);

void dpp_crypto_key_free(dpp_crypto_key *key);

/** The facts of key (never fails: unreadable parts are left zero / false). */
void dpp_crypto_key_facts_get(const dpp_crypto_key *key, dpp_crypto_key_facts *out);

typedef enum dpp_crypto_check {
    DPP_CRYPTO_CHECK_OK = 0,
    DPP_CRYPTO_CHECK_NO_MEMORY,
    DPP_CRYPTO_CHECK_INFINITY,     /* EC point at infinity */
    DPP_CRYPTO_CHECK_NOT_ON_CURVE, /* EC point not on its curve */
    DPP_CRYPTO_CHECK_FAILED        /* any other refusal; reason says why */
} dpp_crypto_check;

/** The backend's own public-key validation (EC: on the curve, not infinity,
 *  in the subgroup; RSA: sane modulus and exponent). reason (cap bytes)
 *  receives the backend's words for a FAILED result. */
dpp_crypto_check dpp_crypto_key_public_check(const dpp_crypto_key *key, char *reason, size_t cap);

/**
 * Fixes the key for signing and verification with alg (the portable code
 * chose it from the facts), with signatures of sig_len bytes, private or
 * not. EC keys are also set to export uncompressed points, so a kid does
 * not depend on how a key was stored. Call once, before sharing the key.
 * DPP_ERR_CRYPTO_BACKEND.
 */
dpp_err dpp_crypto_key_bind(dpp_crypto_key *key, dpp_alg alg, size_t sig_len, bool is_private);

typedef enum dpp_crypto_form {
    DPP_CRYPTO_FORM_SPKI_DER = 0, /* DER SubjectPublicKeyInfo */
    DPP_CRYPTO_FORM_SPKI_PEM,     /* "-----BEGIN PUBLIC KEY-----" */
    DPP_CRYPTO_FORM_PKCS8_PEM     /* "-----BEGIN PRIVATE KEY-----", unencrypted */
} dpp_crypto_form;

/**
 * Writes key in form to out. *out_len gets the length (without the NUL the
 * PEM forms append, which must fit too). out == NULL: size only.
 * DPP_ERR_BUFFER_TOO_SMALL (out_len still set), DPP_ERR_KEY_NOT_PRIVATE,
 * DPP_ERR_NO_MEMORY, DPP_ERR_CRYPTO_BACKEND. Private material written to
 * temporary buffers is cleansed.
 */
dpp_err dpp_crypto_key_export(const dpp_crypto_key *key, dpp_crypto_form form, uint8_t *out, size_t out_cap,
                              size_t *out_len);

/**
 * Signs msg with a bound private key. sig must hold the bound sig_len
 * bytes; *sig_len receives exactly that. On failure sig is zeroed.
 * DPP_ERR_INVALID_ARG, DPP_ERR_KEY_NOT_PRIVATE, DPP_ERR_BUFFER_TOO_SMALL,
 * DPP_ERR_CRYPTO_BACKEND.
 */
dpp_err dpp_crypto_sign(const dpp_crypto_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t sig_cap,
                        size_t *sig_len);

/**
 * Verifies sig over msg with a bound key. DPP_OK or DPP_ERR_SIGNATURE (also
 * for a signature of the wrong length, decided before the backend is
 * called); DPP_ERR_INVALID_ARG, DPP_ERR_CRYPTO_BACKEND.
 */
dpp_err dpp_crypto_verify(const dpp_crypto_key *key, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                          size_t sig_len);

/**
 * A self-signed X.509 v3 certificate for a bound private key, as PEM:
 * subject = issuer = CN=cn (UTF-8, cn_len bytes), the given serial
 * (positive, big-endian), validity [not_before, not_after], keyUsage
 * critical digitalSignature; signed with SHA-256 (none for Ed25519).
 * out == NULL: *out_len is an upper bound for any call (ECDSA signatures
 * vary in length). DPP_ERR_BUFFER_TOO_SMALL (*out_len = the length needed,
 * NUL excluded), DPP_ERR_INVALID_ARG (cn not UTF-8), DPP_ERR_NO_MEMORY,
 * DPP_ERR_CRYPTO_BACKEND.
 */
dpp_err dpp_crypto_self_signed_cert(const dpp_crypto_key *key, const char *cn, size_t cn_len,
                                    const uint8_t *serial, size_t serial_len, int64_t not_before,
                                    int64_t not_after, char *out, size_t out_cap, size_t *out_len);

/* ---- X.509 ---- */

typedef struct dpp_crypto_cert dpp_crypto_cert;

/**
 * Reads certificates: with pem, every CERTIFICATE block up to the first
 * that does not read; else data must be exactly one DER certificate.
 * *certs (free with dpp_crypto_certs_free) holds *n of them; *n == 0 when
 * none was found. DPP_ERR_TOO_LARGE when there are more than max,
 * DPP_ERR_NO_MEMORY.
 */
dpp_err dpp_crypto_certs_read(const uint8_t *data, size_t len, bool pem, size_t max, dpp_crypto_cert ***certs,
                              size_t *n);

/** Frees n certificates and the array (NULL is fine). */
void dpp_crypto_certs_free(dpp_crypto_cert **certs, size_t n);

/** A certificate as plain facts. Subject attributes as the backend prints
 *  them: *_len is the text length (truncated to 255) or -1 when absent. */
typedef struct dpp_crypto_cert_facts {
    bool is_ca;                   /* may issue certificates (basicConstraints CA, keyCertSign) */
    bool has_key_usage;
    bool ku_digital_signature;
    bool validity_ok;             /* notBefore/notAfter readable */
    int64_t not_before, not_after;
    int cn_len, o_len, c_len;
    char cn[256], o[256], c[256]; /* commonName, organizationName, countryName */
} dpp_crypto_cert_facts;

void dpp_crypto_cert_facts_get(const dpp_crypto_cert *cert, dpp_crypto_cert_facts *out);

/**
 * The i-th certificate policy OID in dotted form into oid (cap bytes);
 * "" when it cannot be printed. false past the last policy (and when the
 * certificatePolicies extension is absent or malformed).
 */
bool dpp_crypto_cert_policy(const dpp_crypto_cert *cert, size_t i, char *oid, size_t cap);

/** The certificate's public key, as dpp_crypto_key_parse() reports one:
 *  FOUND_CERT with key (and validity), or FOUND_CERT_BAD_KEY with spki.
 *  DPP_OK or DPP_ERR_NO_MEMORY. */
dpp_err dpp_crypto_cert_key(const dpp_crypto_cert *cert, dpp_crypto_parsed *out);

/** The certificate's DER. out == NULL or too small: DPP_ERR_BUFFER_TOO_SMALL
 *  with *out_len = the length; DPP_ERR_KEY_FORMAT if it cannot be encoded. */
dpp_err dpp_crypto_cert_der(const dpp_crypto_cert *cert, uint8_t *out, size_t out_cap, size_t *out_len);

/** A set of pinned CA certificates. */
typedef struct dpp_crypto_cas dpp_crypto_cas;

dpp_err dpp_crypto_cas_new(dpp_crypto_cas **out);
void dpp_crypto_cas_free(dpp_crypto_cas *cas);

/** Pins ca; *added is false when it was pinned already (not an error).
 *  DPP_ERR_CRYPTO_BACKEND. */
dpp_err dpp_crypto_cas_add(dpp_crypto_cas *cas, const dpp_crypto_cert *ca, bool *added);

/* ---- certificate revocation lists (RFC 5280 section 5) ---- */

typedef struct dpp_crypto_crl dpp_crypto_crl;

/** A CRL as plain facts. */
typedef struct dpp_crypto_crl_facts {
    bool this_update_ok;           /* thisUpdate readable */
    int64_t this_update;
    bool has_next_update;          /* nextUpdate present and readable */
    int64_t next_update;
    size_t n_revoked;              /* revokedCertificates entries */
    char issuer[256];              /* the issuer name in one line, for messages ("" if unprintable) */
} dpp_crypto_crl_facts;

/**
 * Reads CRLs: with pem, every "X509 CRL" block up to the first that does
 * not read; else data must be exactly one DER CertificateList. *crls (free
 * with dpp_crypto_crls_free) holds *n of them; *n == 0 when none was found.
 * DPP_ERR_TOO_LARGE when there are more than max CRLs or one lists more
 * than max_entries revoked certificates, DPP_ERR_NO_MEMORY.
 */
dpp_err dpp_crypto_crls_read(const uint8_t *data, size_t len, bool pem, size_t max, size_t max_entries,
                             dpp_crypto_crl ***crls, size_t *n);

/** Frees n CRLs and the array (NULL is fine). */
void dpp_crypto_crls_free(dpp_crypto_crl **crls, size_t n);

void dpp_crypto_crl_facts_get(const dpp_crypto_crl *crl, dpp_crypto_crl_facts *out);

/**
 * Checks crl's signature against the pinned CAs whose subject is its
 * issuer. DPP_OK (one of them signed it), DPP_ERR_NOT_FOUND (no pinned CA
 * has that name: the issuer may be an intermediate, whose signature
 * dpp_crypto_chain_verify() checks), DPP_ERR_SIGNATURE (a pinned CA has the
 * name, none of them signed it).
 */
dpp_err dpp_crypto_cas_crl_check(dpp_crypto_cas *cas, const dpp_crypto_crl *crl);

/**
 * Adds crl to the set (the set keeps its own reference; *added is false for
 * a CRL held already). From then on dpp_crypto_chain_verify() checks every
 * certificate of a path against its issuer's CRL: each needs one (fail
 * closed), signed by that issuer. DPP_ERR_CRYPTO_BACKEND.
 */
dpp_err dpp_crypto_cas_add_crl(dpp_crypto_cas *cas, const dpp_crypto_crl *crl, bool *added);

/** The result of a chain verification. */
typedef struct dpp_crypto_chain {
    dpp_crypto_cert **path;  /* leaf first, the pinned CA last; free with dpp_crypto_certs_free */
    size_t n;
    const char *error;       /* DPP_ERR_CERT_CHAIN: the backend's reason (static text) */
    int depth;               /* DPP_ERR_CERT_CHAIN: where in the chain */
} dpp_crypto_chain;

/**
 * Builds and verifies the path from leaf to a pinned CA through untrusted
 * (in any order): signatures, basic constraints, strict RFC 5280 rules,
 * policy processing with the role policies as the initial set; no time
 * check (the caller checks validity windows, dpp_trust_add_crl() the CRLs'
 * windows). When the set holds CRLs (dpp_crypto_cas_add_crl), every
 * certificate of the path is checked against its issuer's CRL. DPP_OK
 * (out->path set), DPP_ERR_CERT_CHAIN (out->error, out->depth; also for a
 * missing CRL or a CRL whose signature fails), DPP_ERR_CERT_REVOKED (the
 * certificate at out->depth is on its issuer's CRL), DPP_ERR_NO_MEMORY.
 */
dpp_err dpp_crypto_chain_verify(dpp_crypto_cas *cas, const dpp_crypto_cert *leaf, dpp_crypto_cert *const *untrusted,
                                size_t n_untrusted, dpp_crypto_chain *out);

#endif
