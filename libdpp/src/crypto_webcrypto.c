/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto port for the browser (WebAssembly, emscripten): crypto.h on
 * top of the browser's Web Crypto API. Built only by web/build.sh, instead
 * of crypto_ossl.c + crypto_ossl_x509.c.
 *
 * What it does itself, in portable C: PEM and DER reading (SubjectPublicKeyInfo,
 * the key and validity of an X.509 certificate), the key facts the
 * weak-key checks judge, SPKI export (EC points re-encoded uncompressed, as
 * the OpenSSL port does, so kids agree), SHA-256.
 * What it asks the browser for: signature verification (crypto.subtle.verify:
 * ECDSA P-256/P-384, Ed25519, RSA-PSS; for certificates and CRLs also
 * RSASSA-PKCS1-v1_5), EC point validation and
 * decompression (BigInt arithmetic, synchronous), randomness
 * (crypto.getRandomValues).
 *
 * Web Crypto is asynchronous; dpp_crypto_verify() suspends the WebAssembly
 * stack with emscripten's ASYNCIFY (EM_ASYNC_JS) until the promise settles,
 * so the portable code above stays synchronous. Consequence: one
 * verification at a time per module instance (the JavaScript API queues).
 *
 * X.509 chains to pinned CAs, with policy processing and CRLs, are
 * verified here in portable C (the signatures by crypto.subtle.verify):
 * see the X.509 section below and spec/trust.md 4.3.
 *
 * Not supported (a verifier needs none of them; documented in web/README.md):
 * private keys (parse reports FOUND_NONE), key generation, signing,
 * self-signed certificates (DPP_ERR_UNSUPPORTED).
 */
#include "crypto.h"
#include "dpp/dpp_trust.h"
#include "timeutil.h"

#include <emscripten.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- SHA-256 (FIPS 180-4) ---- */

static const uint32_t k_sha_k[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u};

static uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32u - n)); }

static void sha_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, hh;
    for (unsigned i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (unsigned i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (unsigned i = 0; i < 64; i++) {
        uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k_sha_k[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

dpp_err dpp_crypto_sha256(const uint8_t *data, size_t len, uint8_t out[DPP_SHA256_LEN])
{
    uint32_t h[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                     0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    uint8_t tail[128];
    size_t full = len / 64, rest = len % 64, tl;
    uint64_t bits = (uint64_t)len * 8u;

    if (out == NULL || (data == NULL && len != 0)) return DPP_ERR_INVALID_ARG;
    for (size_t i = 0; i < full; i++) sha_block(h, data + 64 * i);
    memset(tail, 0, sizeof tail);
    if (rest > 0) memcpy(tail, data + 64 * full, rest);
    tail[rest] = 0x80;
    tl = rest + 1 + 8 <= 64 ? 64 : 128;
    for (unsigned i = 0; i < 8; i++) tail[tl - 1 - i] = (uint8_t)(bits >> (8 * i));
    sha_block(h, tail);
    if (tl == 128) sha_block(h, tail + 64);
    for (unsigned i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(h[i] >> 8);
        out[4 * i + 3] = (uint8_t)h[i];
    }
    return DPP_OK;
}

/* ---- the browser ---- */

EM_JS(int, dpp_wc_random, (uint8_t *out, int len), {
    try {
        var c = (typeof globalThis !== 'undefined' && globalThis.crypto) ? globalThis.crypto : null;
        if (!c || !c.getRandomValues) return 0;
        for (var off = 0; off < len; off += 65536) {
            var n = Math.min(65536, len - off);
            c.getRandomValues(HEAPU8.subarray(out + off, out + off + n));
        }
        return 1;
    } catch (e) {
        return 0;
    }
})

/* curve 1 = P-256, 2 = P-384. point (1 + 2 * fl bytes, 0x04 X Y, or 1 + fl
 * bytes 0x02/0x03 X): checks the point (coordinates below p, on the curve)
 * and writes the uncompressed form to out (1 + 2 * fl bytes). 1 = valid,
 * 0 = not a point of the curve. */
EM_JS(int, dpp_wc_ec_point, (int curve, const uint8_t *pt, int len, uint8_t *out), {
    var P256 = {
        p : BigInt('0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
        b : BigInt('0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b'),
        fl : 32
    };
    var P384 = {
        p : BigInt('0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff'),
        b : BigInt('0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef'),
        fl : 48
    };
    var c = curve == 1 ? P256 : P384;
    var fl = c.fl;
    function num(off, n) {
        var v = BigInt(0);
        for (var i = 0; i < n; i++) v = (v << BigInt(8)) | BigInt(HEAPU8[pt + off + i]);
        return v;
    }
    function md(a) {
        a %= c.p;
        return a < BigInt(0) ? a + c.p : a;
    }
    function pw(b, e) {
        var r = BigInt(1);
        b = md(b);
        while (e > BigInt(0)) {
            if (e & BigInt(1)) r = (r * b) % c.p;
            b = (b * b) % c.p;
            e >>= BigInt(1);
        }
        return r;
    }
    function put(off, v) {
        for (var i = fl - 1; i >= 0; i--) {
            HEAPU8[out + off + i] = Number(v & BigInt('0xff'));
            v >>= BigInt(8);
        }
    }
    var x = num(1, fl), y;
    if (x >= c.p) return 0;
    var rhs = md(x * x % c.p * x - BigInt(3) * x + c.b);
    if (len == 1 + 2 * fl && HEAPU8[pt] == 4) {
        y = num(1 + fl, fl);
        if (y >= c.p || md(y * y) != rhs) return 0;
    } else if (len == 1 + fl && (HEAPU8[pt] == 2 || HEAPU8[pt] == 3)) {
        y = pw(rhs, (c.p + BigInt(1)) / BigInt(4)); /* p = 3 mod 4 for both curves */
        if (md(y * y) != rhs) return 0;
        if (Number(y & BigInt(1)) != (HEAPU8[pt] & 1)) y = c.p - y;
        if (y == c.p) return 0;
    } else {
        return 0;
    }
    HEAPU8[out] = 4;
    put(1, x);
    put(1 + fl, y);
    return 1;
})

EM_JS(void, dpp_wc_forget, (int id), {
    if (Module.dppKeys) Module.dppKeys.delete(id);
})

/* 1 = valid, 0 = invalid signature, -1 = the browser could not do it
 * (algorithm not available, key refused). id 0: the imported key is not
 * kept. alg: a COSE alg (passports), or for X.509 signatures (salt for
 * RSA-PSS): 1..4 ECDSA P-256/SHA-256, P-256/SHA-384, P-384/SHA-256,
 * P-384/SHA-384 (sig as r || s); 5 Ed25519; 6, 7 RSASSA-PKCS1-v1_5 with
 * SHA-256, SHA-384; 8, 9 RSA-PSS with SHA-256, SHA-384 (MGF1 same hash). */
EM_ASYNC_JS(int, dpp_wc_verify,
            (int id, int alg, const uint8_t *spki, int spki_len, const uint8_t *msg, int msg_len, const uint8_t *sig,
             int sig_len, int salt),
            {
                var subtle = globalThis.crypto && globalThis.crypto.subtle;
                if (!subtle) return -1;
                var m = HEAPU8.slice(msg, msg + msg_len);
                var s = HEAPU8.slice(sig, sig + sig_len);
                var imp, ver;
                /* dpp_alg (COSE numbers): -7 ES256, -35 ES384, -8 EdDSA, -37 PS256 */
                if (alg == -7) {
                    imp = {name : 'ECDSA', namedCurve : 'P-256'};
                    ver = {name : 'ECDSA', hash : 'SHA-256'};
                } else if (alg == -35) {
                    imp = {name : 'ECDSA', namedCurve : 'P-384'};
                    ver = {name : 'ECDSA', hash : 'SHA-384'};
                } else if (alg == -8) {
                    imp = {name : 'Ed25519'};
                    ver = {name : 'Ed25519'};
                } else if (alg == -37) {
                    imp = {name : 'RSA-PSS', hash : 'SHA-256'};
                    ver = {name : 'RSA-PSS', saltLength : 32};
                } else if (alg >= 1 && alg <= 4) {
                    imp = {name : 'ECDSA', namedCurve : alg <= 2 ? 'P-256' : 'P-384'};
                    ver = {name : 'ECDSA', hash : (alg % 2) ? 'SHA-256' : 'SHA-384'};
                } else if (alg == 5) {
                    imp = {name : 'Ed25519'};
                    ver = {name : 'Ed25519'};
                } else if (alg == 6 || alg == 7) {
                    imp = {name : 'RSASSA-PKCS1-v1_5', hash : alg == 6 ? 'SHA-256' : 'SHA-384'};
                    ver = {name : 'RSASSA-PKCS1-v1_5'};
                } else if (alg == 8 || alg == 9) {
                    imp = {name : 'RSA-PSS', hash : alg == 8 ? 'SHA-256' : 'SHA-384'};
                    ver = {name : 'RSA-PSS', saltLength : salt};
                } else {
                    return -1;
                }
                if (!Module.dppKeys) Module.dppKeys = new Map();
                var kp = id ? Module.dppKeys.get(id) : null;
                if (!kp) {
                    kp = subtle.importKey('spki', HEAPU8.slice(spki, spki + spki_len), imp, false, ['verify']);
                    if (id) Module.dppKeys.set(id, kp);
                }
                try {
                    var key = await kp;
                    return (await subtle.verify(ver, key, s, m)) ? 1 : 0;
                } catch (e) {
                    if (id) Module.dppKeys.delete(id);
                    return -1;
                }
            })

dpp_err dpp_crypto_random(uint8_t *out, size_t len)
{
    if (out == NULL && len != 0) return DPP_ERR_INVALID_ARG;
    if (len == 0) return DPP_OK;
    if (len > INT32_MAX || dpp_wc_random(out, (int)len) != 1) return DPP_ERR_CRYPTO_BACKEND;
    return DPP_OK;
}

/* ---- DER ---- */

typedef struct der {
    const uint8_t *p; /* the content */
    size_t len;
    uint8_t tag;
    size_t total; /* header + content */
} der;

/* Reads one DER element at the start of in (strict: definite, shortest
 * length). false when malformed or longer than in. */
static bool der_get(const uint8_t *in, size_t in_len, der *out)
{
    size_t len, hl = 2;
    if (in_len < 2 || (in[0] & 0x1f) == 0x1f) return false;
    len = in[1];
    if (len & 0x80) {
        size_t nb = len & 0x7f;
        if (nb == 0 || nb > 3 || in_len < 2 + nb || in[2] == 0) return false;
        len = 0;
        for (size_t i = 0; i < nb; i++) len = len << 8 | in[2 + i];
        if (len < 0x80) return false;
        hl += nb;
    }
    if (len > in_len - hl) return false;
    out->tag = in[0];
    out->p = in + hl;
    out->len = len;
    out->total = hl + len;
    return true;
}

/* The i-th element of a constructed element's content. */
static bool der_child(const der *parent, size_t idx, der *out)
{
    const uint8_t *p = parent->p;
    size_t left = parent->len;
    for (size_t i = 0;; i++) {
        if (!der_get(p, left, out)) return false;
        if (i == idx) return true;
        p += out->total;
        left -= out->total;
    }
}

static size_t der_count(const der *parent)
{
    const uint8_t *p = parent->p;
    size_t left = parent->len, n = 0;
    der e;
    while (left > 0) {
        if (!der_get(p, left, &e)) return SIZE_MAX;
        p += e.total;
        left -= e.total;
        n++;
    }
    return n;
}

static bool oid_is(const der *e, const uint8_t *oid, size_t len)
{
    return e->tag == 0x06 && e->len == len && memcmp(e->p, oid, len) == 0;
}

static const uint8_t k_oid_ec[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
static const uint8_t k_oid_p256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
static const uint8_t k_oid_p384[] = {0x2b, 0x81, 0x04, 0x00, 0x22};
static const uint8_t k_oid_ed25519[] = {0x2b, 0x65, 0x70};
static const uint8_t k_oid_rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
static const uint8_t k_oid_rsa_pss[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};

/* Dotted form of an OID (for the curve name of a curve libdpp does not use). */
static void oid_text(const der *e, char *out, size_t cap)
{
    size_t o = 0;
    uint64_t v = 0;
    int first = 1;
    out[0] = '\0';
    for (size_t i = 0; i < e->len && o + 24 < cap; i++) {
        v = v << 7 | (e->p[i] & 0x7fu);
        if (e->p[i] & 0x80) continue;
        if (first) {
            unsigned a = v < 40 ? 0u : v < 80 ? 1u : 2u;
            o += (size_t)snprintf(out + o, cap - o, "%u.%llu", a, (unsigned long long)(v - 40u * a));
            first = 0;
        } else {
            o += (size_t)snprintf(out + o, cap - o, ".%llu", (unsigned long long)v);
        }
        v = 0;
    }
}

/* ---- keys ---- */

struct dpp_crypto_key {
    dpp_crypto_key_facts facts;
    uint8_t *spki; /* DER SubjectPublicKeyInfo as exported */
    size_t spki_len;
    int id;        /* the JavaScript side's cache of the imported CryptoKey */
    dpp_alg alg;
    size_t sig_len;
    bool bound;
};

static int g_next_id = 1;

void dpp_crypto_key_free(dpp_crypto_key *key)
{
    if (key == NULL) return;
    dpp_wc_forget(key->id);
    free(key->spki);
    free(key);
}

/* Writes a DER header for tag + len at out (returns its length). */
static size_t der_head(uint8_t *out, uint8_t tag, size_t len)
{
    out[0] = tag;
    if (len < 0x80) {
        out[1] = (uint8_t)len;
        return 2;
    }
    if (len < 0x100) {
        out[1] = 0x81;
        out[2] = (uint8_t)len;
        return 3;
    }
    out[1] = 0x82;
    out[2] = (uint8_t)(len >> 8);
    out[3] = (uint8_t)len;
    return 4;
}

/* The canonical SPKI of an EC point (uncompressed, named curve). */
static bool ec_spki(dpp_crypto_key *k, const uint8_t *curve_oid, size_t curve_oid_len, const uint8_t *pt, size_t pt_len)
{
    size_t alg_len = 2 + sizeof k_oid_ec + 2 + curve_oid_len;
    size_t bit_len = 1 + pt_len;
    size_t body = (alg_len < 0x80 ? 2 : 3) + alg_len + (bit_len < 0x80 ? 2 : bit_len < 0x100 ? 3 : 4) + bit_len;
    size_t total = body + (body < 0x80 ? 2 : body < 0x100 ? 3 : 4), o = 0;
    uint8_t *s = malloc(total);
    if (s == NULL) return false;
    o += der_head(s + o, 0x30, body);
    o += der_head(s + o, 0x30, alg_len);
    o += der_head(s + o, 0x06, sizeof k_oid_ec);
    memcpy(s + o, k_oid_ec, sizeof k_oid_ec);
    o += sizeof k_oid_ec;
    o += der_head(s + o, 0x06, curve_oid_len);
    memcpy(s + o, curve_oid, curve_oid_len);
    o += curve_oid_len;
    o += der_head(s + o, 0x03, bit_len);
    s[o++] = 0;
    memcpy(s + o, pt, pt_len);
    k->spki = s;
    k->spki_len = o + pt_len;
    return true;
}

static unsigned bit_length(const uint8_t *p, size_t n, size_t *skip)
{
    size_t i = 0;
    while (i < n && p[i] == 0) i++;
    *skip = i;
    if (i == n) return 0;
    unsigned bits = (unsigned)(n - i - 1) * 8u, b = p[i];
    while (b != 0) {
        bits++;
        b >>= 1;
    }
    return bits;
}

/* Reads a SubjectPublicKeyInfo (the whole of spki_el). DPP_OK with
 * out->found = PUBLIC and key set, or FOUND_NONE (spki facts filled for an
 * EC key whose point is bad); DPP_ERR_NO_MEMORY. */
static dpp_err spki_read(const der *spki_el, dpp_crypto_parsed *out)
{
    der alg, bits, oid, par;
    dpp_crypto_key *k;

    out->found = DPP_CRYPTO_FOUND_NONE;
    if (spki_el->tag != 0x30 || der_count(spki_el) != 2 || !der_child(spki_el, 0, &alg) ||
        !der_child(spki_el, 1, &bits) || alg.tag != 0x30 || bits.tag != 0x03 || bits.len < 1 || bits.p[0] != 0 ||
        !der_child(&alg, 0, &oid) || oid.tag != 0x06)
        return DPP_OK;
    k = calloc(1, sizeof *k);
    if (k == NULL) return DPP_ERR_NO_MEMORY;
    k->id = g_next_id++;
    const uint8_t *key_bytes = bits.p + 1;
    size_t key_len = bits.len - 1;
    size_t nparams = der_count(&alg);

    if (oid_is(&oid, k_oid_ec, sizeof k_oid_ec)) {
        uint8_t pt[1 + 2 * 48];
        int curve = 0;
        size_t fl = 0;
        k->facts.kty = DPP_CRYPTO_KTY_EC;
        snprintf(k->facts.type_name, sizeof k->facts.type_name, "EC");
        if (nparams != 2 || !der_child(&alg, 1, &par)) goto none;
        if (par.tag == 0x30) {
            k->facts.ec_explicit = true;
        } else if (par.tag == 0x06) {
            k->facts.ec_named = true;
            if (oid_is(&par, k_oid_p256, sizeof k_oid_p256)) {
                k->facts.curve = DPP_CRYPTO_CURVE_P256;
                snprintf(k->facts.curve_name, sizeof k->facts.curve_name, "prime256v1");
                curve = 1;
                fl = 32;
            } else if (oid_is(&par, k_oid_p384, sizeof k_oid_p384)) {
                k->facts.curve = DPP_CRYPTO_CURVE_P384;
                snprintf(k->facts.curve_name, sizeof k->facts.curve_name, "secp384r1");
                curve = 2;
                fl = 48;
            } else {
                k->facts.curve = DPP_CRYPTO_CURVE_OTHER;
                oid_text(&par, k->facts.curve_name, sizeof k->facts.curve_name);
            }
        } else {
            goto none;
        }
        if (curve != 0) {
            /* A point the curve does not hold is reported as the OpenSSL
             * port does: not a key, with the SPKI's facts. */
            if (key_len < 1 || key_len > 1 + 2 * fl || dpp_wc_ec_point(curve, key_bytes, (int)key_len, pt) != 1) {
                out->spki.curve = curve == 1 ? DPP_CRYPTO_CURVE_P256 : DPP_CRYPTO_CURVE_P384;
                out->spki.point_len = key_len;
                out->spki.point_first = key_len > 0 ? key_bytes[0] : 0;
                goto none;
            }
            if (!ec_spki(k, curve == 1 ? k_oid_p256 : k_oid_p384, curve == 1 ? sizeof k_oid_p256 : sizeof k_oid_p384,
                         pt, 1 + 2 * fl)) {
                dpp_crypto_key_free(k);
                return DPP_ERR_NO_MEMORY;
            }
            goto found;
        }
        /* explicit parameters or another curve: facts only; classify refuses it */
    } else if (oid_is(&oid, k_oid_ed25519, sizeof k_oid_ed25519)) {
        if (nparams != 1 || key_len != DPP_CRYPTO_ED25519_LEN) goto none;
        k->facts.kty = DPP_CRYPTO_KTY_ED25519;
        snprintf(k->facts.type_name, sizeof k->facts.type_name, "ED25519");
        k->facts.ed25519_ok = true;
        memcpy(k->facts.ed25519_pub, key_bytes, DPP_CRYPTO_ED25519_LEN);
    } else if (oid_is(&oid, k_oid_rsa, sizeof k_oid_rsa) || oid_is(&oid, k_oid_rsa_pss, sizeof k_oid_rsa_pss)) {
        der rk = {0}, n, e;
        size_t skip;
        bool pss = oid_is(&oid, k_oid_rsa_pss, sizeof k_oid_rsa_pss);
        if (!der_get(key_bytes, key_len, &rk) || rk.total != key_len || rk.tag != 0x30 || der_count(&rk) != 2 ||
            !der_child(&rk, 0, &n) || !der_child(&rk, 1, &e) || n.tag != 0x02 || e.tag != 0x02 || n.len == 0 ||
            e.len == 0 || (n.p[0] & 0x80) || (e.p[0] & 0x80))
            goto none;
        k->facts.kty = pss ? DPP_CRYPTO_KTY_RSA_PSS : DPP_CRYPTO_KTY_RSA;
        snprintf(k->facts.type_name, sizeof k->facts.type_name, pss ? "RSA-PSS" : "RSA");
        k->facts.rsa_bits = (int)bit_length(n.p, n.len, &skip);
        k->facts.rsa_size = (k->facts.rsa_bits + 7) / 8;
        k->facts.rsa_e_ok = true;
        k->facts.rsa_e_bits = (int)bit_length(e.p, e.len, &skip);
        k->facts.rsa_e_odd = (e.p[e.len - 1] & 1u) != 0;
        if (k->facts.rsa_e_bits <= 64)
            for (size_t i = skip; i < e.len; i++) k->facts.rsa_e_word = k->facts.rsa_e_word << 8 | e.p[i];
    } else {
        k->facts.kty = DPP_CRYPTO_KTY_OTHER;
        oid_text(&oid, k->facts.type_name, sizeof k->facts.type_name);
    }
    k->spki = malloc(spki_el->total);
    if (k->spki == NULL) {
        dpp_crypto_key_free(k);
        return DPP_ERR_NO_MEMORY;
    }
    memcpy(k->spki, spki_el->p - (spki_el->total - spki_el->len), spki_el->total);
    k->spki_len = spki_el->total;
found:
    out->found = DPP_CRYPTO_FOUND_PUBLIC;
    out->key = k;
    return DPP_OK;
none:
    dpp_crypto_key_free(k);
    return DPP_OK;
}

/* UTCTime / GeneralizedTime (YY|YYYY MMDDHHMMSS Z) to seconds. */
static bool x509_time(const der *t, int64_t *out)
{
    size_t yl = t->tag == 0x17 ? 2 : t->tag == 0x18 ? 4 : 0, i;
    int v[6];
    if (yl == 0 || t->len != yl + 11 || t->p[t->len - 1] != 'Z') return false;
    for (i = 0; i < t->len - 1; i++)
        if (t->p[i] < '0' || t->p[i] > '9') return false;
    v[0] = 0;
    for (i = 0; i < yl; i++) v[0] = v[0] * 10 + (t->p[i] - '0');
    if (yl == 2) v[0] += v[0] < 50 ? 2000 : 1900;
    for (int f = 1; f < 6; f++) v[f] = (t->p[yl + 2 * (size_t)(f - 1)] - '0') * 10 + (t->p[yl + 2 * (size_t)(f - 1) + 1] - '0');
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60) return false;
    *out = dpp_days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
    return true;
}

/* A DER certificate's validity and key (the whole of cert_el). */
static dpp_err cert_read(const der *cert_el, dpp_crypto_parsed *out)
{
    der tbs, val, nb, na, spki;
    size_t i = 0;
    dpp_err rc;

    out->found = DPP_CRYPTO_FOUND_NONE;
    if (cert_el->tag != 0x30 || der_count(cert_el) != 3 || !der_child(cert_el, 0, &tbs) || tbs.tag != 0x30)
        return DPP_OK;
    if (der_child(&tbs, 0, &val) && val.tag == 0xa0) i = 1; /* [0] version */
    if (!der_child(&tbs, i + 3, &val) || val.tag != 0x30 || !der_child(&tbs, i + 5, &spki) ||
        !der_child(&val, 0, &nb) || !der_child(&val, 1, &na))
        return DPP_OK;
    out->validity_ok = x509_time(&nb, &out->not_before) && x509_time(&na, &out->not_after);
    rc = spki_read(&spki, out);
    if (rc != DPP_OK) return rc;
    out->found = out->found == DPP_CRYPTO_FOUND_PUBLIC ? DPP_CRYPTO_FOUND_CERT : DPP_CRYPTO_FOUND_CERT_BAD_KEY;
    return DPP_OK;
}

/* ---- PEM ---- */

static int b64v(uint8_t c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

static const uint8_t *mem_find(const uint8_t *h, size_t hl, const char *n)
{
    size_t nl = strlen(n);
    for (size_t i = 0; i + nl <= hl; i++)
        if (memcmp(h + i, n, nl) == 0) return h + i;
    return NULL;
}

/* The next PEM block from *pos: its label (copied, cap bytes) and its
 * decoded body (malloc'ed). false when there is none (or it is malformed,
 * or out of memory: *nomem). */
static bool pem_next(const uint8_t *data, size_t len, size_t *pos, char *label, size_t cap, uint8_t **body,
                     size_t *body_len, bool *nomem)
{
    const uint8_t *b = mem_find(data + *pos, len - *pos, "-----BEGIN ");
    const uint8_t *le, *end;
    size_t ll, n = 0;
    unsigned acc = 0;
    int nb = 0, pad = 0;
    uint8_t *out;

    *nomem = false;
    if (b == NULL) return false;
    b += 11;
    le = mem_find(b, (size_t)(data + len - b), "-----");
    if (le == NULL || (ll = (size_t)(le - b)) + 1 > cap) return false;
    memcpy(label, b, ll);
    label[ll] = '\0';
    end = mem_find(le + 5, (size_t)(data + len - le - 5), "-----END ");
    if (end == NULL) return false;
    out = malloc((size_t)(end - le) / 4 * 3 + 3);
    if (out == NULL) {
        *nomem = true;
        return false;
    }
    for (const uint8_t *p = le + 5; p < end; p++) {
        int v;
        if (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t') continue;
        if (*p == '=') {
            pad++;
            continue;
        }
        v = b64v(*p);
        if (v < 0 || pad > 0) {
            free(out);
            return false;
        }
        acc = acc << 6 | (unsigned)v;
        if (++nb == 4) {
            out[n++] = (uint8_t)(acc >> 16);
            out[n++] = (uint8_t)(acc >> 8);
            out[n++] = (uint8_t)acc;
            nb = 0;
            acc = 0;
        }
    }
    if (nb == 2) {
        out[n++] = (uint8_t)(acc >> 4);
    } else if (nb == 3) {
        out[n++] = (uint8_t)(acc >> 10);
        out[n++] = (uint8_t)(acc >> 2);
    } else if (nb == 1) {
        free(out);
        return false;
    }
    {
        const uint8_t *after = mem_find(end, (size_t)(data + len - end), "\n");
        *pos = after != NULL ? (size_t)(after - data) : len;
    }
    *body = out;
    *body_len = n;
    return true;
}

/* The one element of data, which it must fill exactly. */
static bool der_whole(const uint8_t *data, size_t len, der *out)
{
    return der_get(data, len, out) && out->total == len;
}

dpp_err dpp_crypto_key_parse(const uint8_t *data, size_t len, bool pem, dpp_crypto_parsed *out)
{
    der el;
    dpp_err rc = DPP_OK;

    memset(out, 0, sizeof *out);
    if (data == NULL) return DPP_OK;
    if (pem) {
        /* PUBLIC KEY first, then CERTIFICATE (private keys are not read: a
         * verifier in a browser holds none) */
        static const char *const order[] = {"PUBLIC KEY", "CERTIFICATE"};
        for (size_t o = 0; o < 2 && out->found == DPP_CRYPTO_FOUND_NONE; o++) {
            size_t pos = 0, bl;
            char label[64];
            uint8_t *body;
            bool nomem;
            while (pem_next(data, len, &pos, label, sizeof label, &body, &bl, &nomem)) {
                if (strcmp(label, order[o]) == 0 && der_whole(body, bl, &el)) {
                    dpp_crypto_spki keep = out->spki;
                    rc = o == 0 ? spki_read(&el, out) : cert_read(&el, out);
                    if (out->found == DPP_CRYPTO_FOUND_NONE && keep.curve != DPP_CRYPTO_CURVE_NONE) out->spki = keep;
                }
                free(body);
                if (rc != DPP_OK || out->found != DPP_CRYPTO_FOUND_NONE) break;
            }
            if (nomem) rc = DPP_ERR_NO_MEMORY;
            if (rc != DPP_OK) return rc;
        }
        return DPP_OK;
    }
    if (!der_whole(data, len, &el) || el.tag != 0x30) return DPP_OK;
    {
        der first;
        if (!der_child(&el, 0, &first)) return DPP_OK;
        if (first.tag == 0x02) return DPP_OK; /* a private key (PKCS#8 / traditional): not read */
        if (first.tag == 0x30 && der_count(&el) == 2) {
            der second;
            if (der_child(&el, 1, &second) && second.tag == 0x04) {
                out->found = DPP_CRYPTO_FOUND_ENCRYPTED;
                return DPP_OK;
            }
            if (der_child(&el, 1, &second) && second.tag == 0x03) return spki_read(&el, out);
        }
    }
    return cert_read(&el, out);
}

dpp_err dpp_crypto_key_generate(dpp_alg alg, unsigned rsa_bits, dpp_crypto_key **out)
{
    (void)alg;
    (void)rsa_bits;
    if (out != NULL) *out = NULL;
    return DPP_ERR_UNSUPPORTED;
}

void dpp_crypto_key_facts_get(const dpp_crypto_key *key, dpp_crypto_key_facts *out)
{
    memset(out, 0, sizeof *out);
    if (key != NULL) *out = key->facts;
}

dpp_crypto_check dpp_crypto_key_public_check(const dpp_crypto_key *key, char *reason, size_t cap)
{
    if (reason != NULL && cap > 0) reason[0] = '\0';
    /* EC points were checked when read (on the curve, coordinates < p; both
     * curves have cofactor 1); RSA's weak cases are judged by key_check.c. */
    if (key == NULL) {
        if (reason != NULL && cap > 0) snprintf(reason, cap, "no key");
        return DPP_CRYPTO_CHECK_FAILED;
    }
    return DPP_CRYPTO_CHECK_OK;
}

dpp_err dpp_crypto_key_bind(dpp_crypto_key *key, dpp_alg alg, size_t sig_len, bool is_private)
{
    if (key == NULL || is_private) return DPP_ERR_CRYPTO_BACKEND;
    key->alg = alg;
    key->sig_len = sig_len;
    key->bound = true;
    return DPP_OK;
}

dpp_err dpp_crypto_key_export(const dpp_crypto_key *key, dpp_crypto_form form, uint8_t *out, size_t out_cap,
                              size_t *out_len)
{
    static const char k_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static const char k_head[] = "-----BEGIN PUBLIC KEY-----\n", k_foot[] = "-----END PUBLIC KEY-----\n";
    size_t n, b64, o = 0;

    if (out_len != NULL) *out_len = 0;
    if (key == NULL || out_len == NULL) return DPP_ERR_INVALID_ARG;
    if (form == DPP_CRYPTO_FORM_PKCS8_PEM) return DPP_ERR_KEY_NOT_PRIVATE;
    if (form == DPP_CRYPTO_FORM_SPKI_DER) {
        *out_len = key->spki_len;
        if (out == NULL) return DPP_OK;
        if (out_cap < key->spki_len) return DPP_ERR_BUFFER_TOO_SMALL;
        memcpy(out, key->spki, key->spki_len);
        return DPP_OK;
    }
    b64 = (key->spki_len + 2) / 3 * 4;
    n = sizeof k_head - 1 + b64 + (b64 + 63) / 64 + sizeof k_foot - 1;
    *out_len = n;
    if (out == NULL) return DPP_OK;
    if (out_cap < n + 1) return DPP_ERR_BUFFER_TOO_SMALL;
    memcpy(out, k_head, sizeof k_head - 1);
    o = sizeof k_head - 1;
    for (size_t i = 0, col = 0; i < key->spki_len; i += 3) {
        uint32_t v = (uint32_t)key->spki[i] << 16;
        size_t left = key->spki_len - i;
        if (left > 1) v |= (uint32_t)key->spki[i + 1] << 8;
        if (left > 2) v |= key->spki[i + 2];
        out[o++] = (uint8_t)k_b64[v >> 18 & 63];
        out[o++] = (uint8_t)k_b64[v >> 12 & 63];
        out[o++] = left > 1 ? (uint8_t)k_b64[v >> 6 & 63] : '=';
        out[o++] = left > 2 ? (uint8_t)k_b64[v & 63] : '=';
        col += 4;
        if (col == 64 || i + 3 >= key->spki_len) {
            out[o++] = '\n';
            col = 0;
        }
    }
    memcpy(out + o, k_foot, sizeof k_foot - 1);
    o += sizeof k_foot - 1;
    out[o] = '\0';
    *out_len = o;
    return DPP_OK;
}

dpp_err dpp_crypto_sign(const dpp_crypto_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig, size_t sig_cap,
                        size_t *sig_len)
{
    (void)key;
    (void)msg;
    (void)msg_len;
    if (sig != NULL && sig_cap > 0) memset(sig, 0, sig_cap);
    if (sig_len != NULL) *sig_len = 0;
    return DPP_ERR_KEY_NOT_PRIVATE;
}

dpp_err dpp_crypto_verify(const dpp_crypto_key *key, const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                          size_t sig_len)
{
    int r;
    if (key == NULL || !key->bound || (msg == NULL && msg_len != 0) || (sig == NULL && sig_len != 0))
        return DPP_ERR_INVALID_ARG;
    if (sig_len != key->sig_len) return DPP_ERR_SIGNATURE;
    if (msg_len > INT32_MAX || key->spki_len > INT32_MAX) return DPP_ERR_INVALID_ARG;
    r = dpp_wc_verify(key->id, (int)key->alg, key->spki, (int)key->spki_len, msg, (int)msg_len, sig, (int)sig_len, 0);
    if (r == 1) return DPP_OK;
    if (r == 0) return DPP_ERR_SIGNATURE;
    return DPP_ERR_CRYPTO_BACKEND;
}

dpp_err dpp_crypto_self_signed_cert(const dpp_crypto_key *key, const char *cn, size_t cn_len, const uint8_t *serial,
                                    size_t serial_len, int64_t not_before, int64_t not_after, char *out,
                                    size_t out_cap, size_t *out_len)
{
    (void)key, (void)cn, (void)cn_len, (void)serial, (void)serial_len, (void)not_before, (void)not_after;
    (void)out, (void)out_cap;
    if (out_len != NULL) *out_len = 0;
    return DPP_ERR_UNSUPPORTED;
}

/* ---- X.509: certificates, CRLs, chains to pinned CAs ----
 *
 * Certificates are kept as DER and read on demand, strictly: every element
 * is definite-length DER inside its parent (der_get checks each length
 * against the bytes left), the fields in the order RFC 5280 4.1 gives, an
 * extension at most once. Chains are built and judged as the OpenSSL port
 * does (RFC 5280 6.1): issuer/subject by DER comparison, pinned CAs first,
 * each signature checked with Web Crypto, basicConstraints (CA, pathLen),
 * keyUsage keyCertSign, unknown critical extensions refused, policy
 * processing with libdpp's role policies as the initial set (no policy
 * mappings: a certificate carrying them is refused), CRLs when the set holds
 * any. No time check (the caller checks the validity windows). */

struct dpp_crypto_cert {
    uint8_t *der;
    size_t len;
};

struct dpp_crypto_crl {
    uint8_t *der;
    size_t len;
};

/* Most CAs and CRLs one set holds (x509.c caps them lower). */
#define WC_MAX_CAS 256
#define WC_MAX_CRLS 64
/* Longest path: signer, 16 chain certificates, the pinned CA. */
#define WC_MAX_DEPTH 18
/* Room for a policy OID in dotted form (2.25 OIDs have 39-digit arcs). */
#define WC_OID_TEXT 96
#define WC_MAX_POLICIES 32

struct dpp_crypto_cas {
    dpp_crypto_cert *cas[WC_MAX_CAS];
    size_t n;
    dpp_crypto_crl *crls[WC_MAX_CRLS];
    size_t n_crls;
};

/* Sequential reading of a constructed element's content. */
typedef struct rd {
    const uint8_t *p;
    size_t left;
} rd;

static rd rd_of(const der *e)
{
    rd r = {e->p, e->len};
    return r;
}

static bool rd_next(rd *r, der *e)
{
    if (!der_get(r->p, r->left, e)) return false;
    r->p += e->total;
    r->left -= e->total;
    return true;
}

static bool rd_at(const rd *r, uint8_t tag) { return r->left > 0 && r->p[0] == tag; }

/* Start of an element's header. */
static const uint8_t *der_raw(const der *e) { return e->p - (e->total - e->len); }

/* A non-negative DER INTEGER content of at most 4 bytes (minimal encoding). */
static bool der_uint(const der *e, long *out)
{
    long v = 0;
    if (e->len == 0 || e->len > 4 || (e->p[0] & 0x80) || (e->len > 1 && e->p[0] == 0 && !(e->p[1] & 0x80)))
        return false;
    for (size_t i = 0; i < e->len; i++) v = v << 8 | e->p[i];
    *out = v;
    return true;
}

/* Dotted form of an OID of any arc size (2.25 arcs are 128-bit). */
static bool oid_dotted(const der *e, char *out, size_t cap)
{
    size_t i = 0, o = 0;
    bool first = true;
    if (cap == 0) return false;
    out[0] = '\0';
    if (e->tag != 0x06 || e->len == 0) return false;
    while (i < e->len) {
        uint8_t d[24];
        size_t start = i, ng, nd = 0;
        char dec[64];
        bool zero;
        while (i < e->len && (e->p[i] & 0x80)) i++;
        if (i >= e->len || e->p[start] == 0x80) return false; /* cut, or not minimal */
        ng = ++i - start;
        if (ng > sizeof d) return false;
        for (size_t k = 0; k < ng; k++) d[k] = e->p[start + k] & 0x7f;
        if (first) {
            uint64_t v = 0;
            unsigned a;
            if (ng > 8) return false;
            for (size_t k = 0; k < ng; k++) v = v << 7 | d[k];
            a = v < 40 ? 0u : v < 80 ? 1u : 2u;
            o = (size_t)snprintf(out, cap, "%u.%llu", a, (unsigned long long)(v - 40u * a));
            first = false;
            if (o >= cap) return false;
            continue;
        }
        do { /* the base-128 number in d, divided by 10 until zero */
            unsigned rem = 0;
            zero = true;
            for (size_t k = 0; k < ng; k++) {
                unsigned cur = rem * 128u + d[k];
                d[k] = (uint8_t)(cur / 10u);
                rem = cur % 10u;
                if (d[k] != 0) zero = false;
            }
            dec[nd++] = (char)('0' + rem);
        } while (!zero && nd < sizeof dec);
        if (!zero || o + 1 + nd + 1 > cap) return false;
        out[o++] = '.';
        while (nd > 0) out[o++] = dec[--nd];
        out[o] = '\0';
    }
    return true;
}

static bool der_same(const der *a, const der *b)
{
    return a->total == b->total && memcmp(der_raw(a), der_raw(b), a->total) == 0;
}

/* OIDs (content bytes). */
static const uint8_t k_oid_ecdsa_sha256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
static const uint8_t k_oid_ecdsa_sha384[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03};
static const uint8_t k_oid_rsa_sha256[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};
static const uint8_t k_oid_rsa_sha384[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c};
static const uint8_t k_oid_mgf1[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08};
static const uint8_t k_oid_sha256[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};
static const uint8_t k_oid_sha384[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02};
static const uint8_t k_oid_cn[] = {0x55, 0x04, 0x03};
static const uint8_t k_oid_o[] = {0x55, 0x04, 0x0a};
static const uint8_t k_oid_c[] = {0x55, 0x04, 0x06};
static const uint8_t k_oid_aia[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01};

/* keyUsage bits (RFC 5280 4.2.1.3) as they sit in the first content byte. */
#define KU_DIGITAL_SIGNATURE 0x80u
#define KU_KEY_CERT_SIGN 0x04u
#define KU_CRL_SIGN 0x02u

/* A certificate as read. */
typedef struct xcert {
    der tbs, sig_alg, tbs_sig_alg, serial, issuer, subject, spki;
    const uint8_t *sig;
    size_t sig_len;
    bool validity_ok;
    int64_t nb, na;
    bool has_bc, ca;
    long path_len;            /* -1: no pathLenConstraint */
    bool has_ku;
    unsigned ku;              /* KU_* bits of the first byte */
    bool has_policies;
    der policies;             /* SEQUENCE OF PolicyInformation */
    bool has_pc;
    long require_explicit, inhibit_mapping; /* -1: absent */
    bool has_inhibit_any;
    long inhibit_any;
    bool has_mappings;
    const char *bad;          /* why the certificate cannot be used ("": none) */
} xcert;

/* Reads one extension into x. false: malformed. */
static bool ext_read(const der *oid, bool critical, const der *val, xcert *x)
{
    der v, e;
    rd r;
    if (!der_whole(val->p, val->len, &v)) return false;
    if (oid->len == 3 && oid->p[0] == 0x55 && oid->p[1] == 0x1d) {
        switch (oid->p[2]) {
        case 19: /* basicConstraints */
            if (x->has_bc || v.tag != 0x30) return false;
            x->has_bc = true;
            r = rd_of(&v);
            if (rd_at(&r, 0x01)) {
                if (!rd_next(&r, &e) || e.len != 1 || (e.p[0] != 0xff && e.p[0] != 0x00)) return false;
                if (e.p[0] == 0x00) return false; /* DER: DEFAULT FALSE is omitted */
                x->ca = true;
            }
            if (rd_at(&r, 0x02)) {
                if (!rd_next(&r, &e) || !der_uint(&e, &x->path_len)) return false;
            }
            return r.left == 0;
        case 15: /* keyUsage */
            if (x->has_ku || v.tag != 0x03 || v.len < 2 || v.p[0] > 7) return false;
            x->has_ku = true;
            x->ku = v.p[1];
            return true;
        case 32: /* certificatePolicies */
            if (x->has_policies || v.tag != 0x30 || v.len == 0) return false;
            r = rd_of(&v);
            while (r.left > 0) {
                der pi, id;
                rd pr;
                if (!rd_next(&r, &pi) || pi.tag != 0x30) return false;
                pr = rd_of(&pi);
                if (!rd_next(&pr, &id) || id.tag != 0x06) return false;
            }
            x->has_policies = true;
            x->policies = v;
            return true;
        case 36: /* policyConstraints */
            if (x->has_pc || v.tag != 0x30 || v.len == 0) return false;
            x->has_pc = true;
            r = rd_of(&v);
            if (rd_at(&r, 0x80)) {
                if (!rd_next(&r, &e) || !der_uint(&e, &x->require_explicit)) return false;
            }
            if (rd_at(&r, 0x81)) {
                if (!rd_next(&r, &e) || !der_uint(&e, &x->inhibit_mapping)) return false;
            }
            return r.left == 0;
        case 54: /* inhibitAnyPolicy */
            if (x->has_inhibit_any || v.tag != 0x02 || !der_uint(&v, &x->inhibit_any)) return false;
            x->has_inhibit_any = true;
            return true;
        case 33: /* policyMappings: not processed here */
            x->has_mappings = true;
            if (x->bad == NULL) x->bad = "policy mappings are not supported in the browser build";
            return true;
        case 14: case 35: case 17: case 37: case 31: case 18: case 46:
            return true; /* SKI, AKI, SAN, EKU, CRL DP, IAN, freshest CRL: nothing to enforce here */
        default:
            break;
        }
    } else if (oid->len == sizeof k_oid_aia && memcmp(oid->p, k_oid_aia, sizeof k_oid_aia) == 0) {
        return true;
    }
    if (critical && x->bad == NULL) x->bad = "unhandled critical extension";
    return true;
}

/* The envelope a certificate and a CRL share (RFC 5280 4.1, 5.1):
 * SEQUENCE { tbs SEQUENCE, signatureAlgorithm SEQUENCE, signature BIT STRING
 * without unused bits }, nothing after it. */
static bool signed_der_read(const uint8_t *d, size_t len, der *tbs, der *sig_alg, const uint8_t **sig, size_t *sig_len)
{
    der c, e;
    rd r;
    if (!der_whole(d, len, &c) || c.tag != 0x30) return false;
    r = rd_of(&c);
    if (!rd_next(&r, tbs) || tbs->tag != 0x30 || !rd_next(&r, sig_alg) || sig_alg->tag != 0x30 ||
        !rd_next(&r, &e) || e.tag != 0x03 || e.len < 1 || e.p[0] != 0 || r.left != 0)
        return false;
    *sig = e.p + 1;
    *sig_len = e.len - 1;
    return true;
}

/* Reads a DER certificate. false: malformed (x->bad may say more). */
static bool xcert_read(const uint8_t *d, size_t len, xcert *x)
{
    der e, val, nb, na;
    rd t;
    memset(x, 0, sizeof *x);
    x->path_len = x->require_explicit = x->inhibit_mapping = x->inhibit_any = -1;
    if (!signed_der_read(d, len, &x->tbs, &x->sig_alg, &x->sig, &x->sig_len)) return false;
    t = rd_of(&x->tbs);
    if (rd_at(&t, 0xa0)) { /* [0] EXPLICIT version */
        der ver;
        long vn;
        if (!rd_next(&t, &e) || !der_whole(e.p, e.len, &ver) || ver.tag != 0x02 || !der_uint(&ver, &vn) || vn > 2)
            return false;
    }
    if (!rd_next(&t, &x->serial) || x->serial.tag != 0x02 || x->serial.len == 0 || x->serial.len > 20 + 1 ||
        !rd_next(&t, &x->tbs_sig_alg) || x->tbs_sig_alg.tag != 0x30 || !rd_next(&t, &x->issuer) ||
        x->issuer.tag != 0x30 || !rd_next(&t, &val) || val.tag != 0x30 || !rd_next(&t, &x->subject) ||
        x->subject.tag != 0x30 || !rd_next(&t, &x->spki) || x->spki.tag != 0x30)
        return false;
    {
        rd vr = rd_of(&val);
        if (!rd_next(&vr, &nb) || !rd_next(&vr, &na) || vr.left != 0) return false;
        x->validity_ok = x509_time(&nb, &x->nb) && x509_time(&na, &x->na);
    }
    if (rd_at(&t, 0x81) && !rd_next(&t, &e)) return false; /* issuerUniqueID */
    if (rd_at(&t, 0x82) && !rd_next(&t, &e)) return false; /* subjectUniqueID */
    if (rd_at(&t, 0xa3)) {
        der exts;
        rd xr;
        if (!rd_next(&t, &e) || !der_whole(e.p, e.len, &exts) || exts.tag != 0x30 || exts.len == 0) return false;
        xr = rd_of(&exts);
        while (xr.left > 0) {
            der ext, oid, crit, v;
            rd er;
            bool critical = false;
            if (!rd_next(&xr, &ext) || ext.tag != 0x30) return false;
            er = rd_of(&ext);
            if (!rd_next(&er, &oid) || oid.tag != 0x06) return false;
            if (rd_at(&er, 0x01)) {
                if (!rd_next(&er, &crit) || crit.len != 1 || crit.p[0] != 0xff) return false;
                critical = true;
            }
            if (!rd_next(&er, &v) || v.tag != 0x04 || er.left != 0) return false;
            /* the same extension twice (RFC 5280 4.2) */
            for (rd scan = rd_of(&exts); scan.p < ext.p - (ext.total - ext.len);) {
                der o2, x2;
                rd sr;
                if (!rd_next(&scan, &x2)) return false;
                sr = rd_of(&x2);
                if (rd_next(&sr, &o2) && o2.len == oid.len && memcmp(o2.p, oid.p, oid.len) == 0) return false;
            }
            if (!ext_read(&oid, critical, &v, x)) return false;
        }
    }
    return t.left == 0;
}

/* ---- certificates: reading and facts ---- */

void dpp_crypto_certs_free(dpp_crypto_cert **certs, size_t n)
{
    if (certs == NULL) return;
    for (size_t i = 0; i < n; i++) {
        if (certs[i] != NULL) free(certs[i]->der);
        free(certs[i]);
    }
    free(certs);
}

static dpp_crypto_cert *cert_new(const uint8_t *d, size_t len)
{
    dpp_crypto_cert *c = calloc(1, sizeof *c);
    if (c == NULL || (c->der = malloc(len)) == NULL) {
        free(c);
        return NULL;
    }
    memcpy(c->der, d, len);
    c->len = len;
    return c;
}

static dpp_err certs_push(dpp_crypto_cert ***certs, size_t *n, size_t max, const uint8_t *d, size_t len)
{
    dpp_crypto_cert **grown, *c;
    if (*n >= max) return DPP_ERR_TOO_LARGE;
    grown = realloc(*certs, (*n + 1) * sizeof *grown);
    if (grown == NULL) return DPP_ERR_NO_MEMORY;
    *certs = grown;
    c = cert_new(d, len);
    if (c == NULL) return DPP_ERR_NO_MEMORY;
    grown[(*n)++] = c;
    return DPP_OK;
}

dpp_err dpp_crypto_certs_read(const uint8_t *data, size_t len, bool pem, size_t max, dpp_crypto_cert ***certs,
                              size_t *n)
{
    dpp_err rc = DPP_OK;
    der el;
    if (certs == NULL || n == NULL) return DPP_ERR_INVALID_ARG;
    *certs = NULL;
    *n = 0;
    if (data == NULL) return DPP_OK;
    if (pem) {
        size_t pos = 0, bl;
        char label[64];
        uint8_t *body;
        bool nomem;
        while (rc == DPP_OK && pem_next(data, len, &pos, label, sizeof label, &body, &bl, &nomem)) {
            bool ok = strcmp(label, "CERTIFICATE") == 0 && der_whole(body, bl, &el) && el.tag == 0x30;
            if (ok) rc = certs_push(certs, n, max, body, bl);
            free(body);
            if (!ok) break;
        }
        if (nomem && rc == DPP_OK) rc = DPP_ERR_NO_MEMORY;
    } else if (der_whole(data, len, &el) && el.tag == 0x30) {
        rc = certs_push(certs, n, max, data, len);
    }
    if (rc != DPP_OK) {
        dpp_crypto_certs_free(*certs, *n);
        *certs = NULL;
        *n = 0;
    }
    return rc;
}

/* The first value of attribute oid in a Name, as text (raw string bytes,
 * as the OpenSSL port prints them); -1 when absent. */
static int name_text(const der *name, const uint8_t *oid, size_t oid_len, char *out, size_t cap)
{
    rd r = rd_of(name);
    der set;
    out[0] = '\0';
    while (rd_next(&r, &set)) {
        rd sr = rd_of(&set);
        der atv;
        while (rd_next(&sr, &atv)) {
            rd ar = rd_of(&atv);
            der id, v;
            if (!rd_next(&ar, &id) || !rd_next(&ar, &v)) return -1;
            if (id.tag == 0x06 && id.len == oid_len && memcmp(id.p, oid, oid_len) == 0) {
                size_t n = v.len < cap - 1 ? v.len : cap - 1;
                memcpy(out, v.p, n);
                out[n] = '\0';
                return (int)n;
            }
        }
    }
    return -1;
}

void dpp_crypto_cert_facts_get(const dpp_crypto_cert *cert, dpp_crypto_cert_facts *out)
{
    xcert x;
    memset(out, 0, sizeof *out);
    out->cn_len = out->o_len = out->c_len = -1;
    if (cert == NULL || !xcert_read(cert->der, cert->len, &x)) return;
    out->is_ca = x.has_bc && x.ca && (!x.has_ku || (x.ku & KU_KEY_CERT_SIGN) != 0);
    out->has_key_usage = x.has_ku;
    out->ku_digital_signature = x.has_ku && (x.ku & KU_DIGITAL_SIGNATURE) != 0;
    out->validity_ok = x.validity_ok;
    out->not_before = x.nb;
    out->not_after = x.na;
    out->cn_len = name_text(&x.subject, k_oid_cn, sizeof k_oid_cn, out->cn, sizeof out->cn);
    out->o_len = name_text(&x.subject, k_oid_o, sizeof k_oid_o, out->o, sizeof out->o);
    out->c_len = name_text(&x.subject, k_oid_c, sizeof k_oid_c, out->c, sizeof out->c);
}

/* The i-th policy OID of x (dotted); false past the last. */
static bool xcert_policy(const xcert *x, size_t i, char *oid, size_t cap)
{
    rd r;
    der pi, id;
    if (!x->has_policies) return false;
    r = rd_of(&x->policies);
    for (size_t k = 0; k <= i; k++)
        if (!rd_next(&r, &pi)) return false;
    {
        rd pr = rd_of(&pi);
        if (!rd_next(&pr, &id) || !oid_dotted(&id, oid, cap)) oid[0] = '\0';
    }
    return true;
}

bool dpp_crypto_cert_policy(const dpp_crypto_cert *cert, size_t i, char *oid, size_t cap)
{
    xcert x;
    if (oid == NULL || cap == 0) return false;
    oid[0] = '\0';
    if (cert == NULL || !xcert_read(cert->der, cert->len, &x)) return false;
    return xcert_policy(&x, i, oid, cap);
}

dpp_err dpp_crypto_cert_key(const dpp_crypto_cert *cert, dpp_crypto_parsed *out)
{
    der el;
    dpp_err rc;
    if (out == NULL) return DPP_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (cert == NULL || !der_whole(cert->der, cert->len, &el)) {
        out->found = DPP_CRYPTO_FOUND_CERT_BAD_KEY;
        return DPP_OK;
    }
    rc = cert_read(&el, out);
    if (rc == DPP_OK && out->found == DPP_CRYPTO_FOUND_NONE) out->found = DPP_CRYPTO_FOUND_CERT_BAD_KEY;
    return rc;
}

dpp_err dpp_crypto_cert_der(const dpp_crypto_cert *cert, uint8_t *out, size_t out_cap, size_t *out_len)
{
    if (cert == NULL || out_len == NULL) return DPP_ERR_KEY_FORMAT;
    *out_len = cert->len;
    if (out == NULL || out_cap < cert->len) return DPP_ERR_BUFFER_TOO_SMALL;
    memcpy(out, cert->der, cert->len);
    return DPP_OK;
}

/* ---- signatures of certificates and CRLs ---- */

/* Verifies sig over tbs (the signed DER) with the key in spki (a whole
 * SubjectPublicKeyInfo element), for the AlgorithmIdentifier alg. DPP_OK,
 * DPP_ERR_SIGNATURE (also: algorithm and key do not fit, or the algorithm
 * is not one libdpp accepts), DPP_ERR_NO_MEMORY, DPP_ERR_CRYPTO_BACKEND. */
static dpp_err x509_sig_verify(const der *spki, const der *alg, const uint8_t *tbs, size_t tbs_len,
                               const uint8_t *sig, size_t sig_len)
{
    dpp_crypto_parsed kp;
    dpp_crypto_key *k;
    rd r = rd_of(alg);
    der oid, par;
    bool has_par;
    int code = 0, salt = 0;
    uint8_t raw[96];
    const uint8_t *s = sig;
    size_t s_len = sig_len;
    dpp_err rc;
    int v;

    memset(&kp, 0, sizeof kp);
    if (!rd_next(&r, &oid) || oid.tag != 0x06) return DPP_ERR_SIGNATURE;
    has_par = r.left > 0;
    if (has_par && (!rd_next(&r, &par) || r.left != 0)) return DPP_ERR_SIGNATURE;
    rc = spki_read(spki, &kp);
    if (rc != DPP_OK) return rc;
    k = kp.key;
    if (kp.found != DPP_CRYPTO_FOUND_PUBLIC || k == NULL) {
        dpp_crypto_key_free(k);
        return DPP_ERR_SIGNATURE;
    }
    if (oid_is(&oid, k_oid_ecdsa_sha256, sizeof k_oid_ecdsa_sha256) ||
        oid_is(&oid, k_oid_ecdsa_sha384, sizeof k_oid_ecdsa_sha384)) {
        /* ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } to r || s */
        bool h384 = oid_is(&oid, k_oid_ecdsa_sha384, sizeof k_oid_ecdsa_sha384);
        size_t fl = k->facts.curve == DPP_CRYPTO_CURVE_P256 ? 32 : k->facts.curve == DPP_CRYPTO_CURVE_P384 ? 48 : 0;
        der seq, ri, si;
        rd sr;
        if (has_par || k->facts.kty != DPP_CRYPTO_KTY_EC || fl == 0 || !der_whole(sig, sig_len, &seq) ||
            seq.tag != 0x30)
            goto refuse;
        sr = rd_of(&seq);
        if (!rd_next(&sr, &ri) || !rd_next(&sr, &si) || sr.left != 0) goto refuse;
        memset(raw, 0, sizeof raw);
        for (int h = 0; h < 2; h++) {
            const der *iv = h == 0 ? &ri : &si;
            const uint8_t *p = iv->p;
            size_t n = iv->len;
            if (iv->tag != 0x02 || n == 0 || (p[0] & 0x80) || (n > 1 && p[0] == 0 && !(p[1] & 0x80))) goto refuse;
            if (p[0] == 0) p++, n--;
            if (n > fl) goto refuse;
            memcpy(raw + (size_t)h * fl + (fl - n), p, n);
        }
        s = raw;
        s_len = 2 * fl;
        code = (fl == 32 ? 1 : 3) + (h384 ? 1 : 0);
    } else if (oid_is(&oid, k_oid_ed25519, sizeof k_oid_ed25519)) {
        if (has_par || k->facts.kty != DPP_CRYPTO_KTY_ED25519 || sig_len != 64) goto refuse;
        code = 5;
    } else if (oid_is(&oid, k_oid_rsa_sha256, sizeof k_oid_rsa_sha256) ||
               oid_is(&oid, k_oid_rsa_sha384, sizeof k_oid_rsa_sha384)) {
        if ((has_par && (par.tag != 0x05 || par.len != 0)) || k->facts.kty != DPP_CRYPTO_KTY_RSA) goto refuse;
        code = oid_is(&oid, k_oid_rsa_sha256, sizeof k_oid_rsa_sha256) ? 6 : 7;
    } else if (oid_is(&oid, k_oid_rsa_pss, sizeof k_oid_rsa_pss)) {
        /* RSASSA-PSS-params: hash and MGF1 hash SHA-256 or SHA-384 (the
         * SHA-1 defaults are refused), salt length, trailer 1 */
        rd pr;
        der f, h, m, mh, mo;
        bool h384 = false, got_hash = false, got_mgf = false;
        long sl = 20;
        if (!has_par || par.tag != 0x30 || k->facts.kty != DPP_CRYPTO_KTY_RSA) goto refuse;
        pr = rd_of(&par);
        if (rd_at(&pr, 0xa0)) {
            rd hr;
            if (!rd_next(&pr, &f) || !der_whole(f.p, f.len, &h) || h.tag != 0x30) goto refuse;
            hr = rd_of(&h);
            if (!rd_next(&hr, &mo)) goto refuse;
            if (oid_is(&mo, k_oid_sha384, sizeof k_oid_sha384)) h384 = true;
            else if (!oid_is(&mo, k_oid_sha256, sizeof k_oid_sha256)) goto refuse;
            got_hash = true;
        }
        if (rd_at(&pr, 0xa1)) {
            rd mr, hr;
            if (!rd_next(&pr, &f) || !der_whole(f.p, f.len, &m) || m.tag != 0x30) goto refuse;
            mr = rd_of(&m);
            if (!rd_next(&mr, &mo) || !oid_is(&mo, k_oid_mgf1, sizeof k_oid_mgf1) || !rd_next(&mr, &mh) ||
                mh.tag != 0x30)
                goto refuse;
            hr = rd_of(&mh);
            if (!rd_next(&hr, &mo) ||
                !oid_is(&mo, h384 ? k_oid_sha384 : k_oid_sha256, h384 ? sizeof k_oid_sha384 : sizeof k_oid_sha256))
                goto refuse;
            got_mgf = true;
        }
        if (rd_at(&pr, 0xa2)) {
            der si;
            if (!rd_next(&pr, &f) || !der_whole(f.p, f.len, &si) || si.tag != 0x02 || !der_uint(&si, &sl) ||
                sl > 512)
                goto refuse;
        }
        if (rd_at(&pr, 0xa3)) {
            der ti;
            long tv;
            if (!rd_next(&pr, &f) || !der_whole(f.p, f.len, &ti) || ti.tag != 0x02 || !der_uint(&ti, &tv) || tv != 1)
                goto refuse;
        }
        if (pr.left != 0 || !got_hash || !got_mgf) goto refuse;
        code = h384 ? 9 : 8;
        salt = (int)sl;
    } else {
        goto refuse;
    }
    if (tbs_len > INT32_MAX || s_len > INT32_MAX || k->spki_len > INT32_MAX) goto refuse;
    /* the key as given (an EC point uncompressed as exported) */
    v = dpp_wc_verify(0, code, k->spki, (int)k->spki_len, tbs, (int)tbs_len, s, (int)s_len, salt);
    dpp_crypto_key_free(k);
    return v == 1 ? DPP_OK : v == 0 ? DPP_ERR_SIGNATURE : DPP_ERR_CRYPTO_BACKEND;
refuse:
    dpp_crypto_key_free(k);
    return DPP_ERR_SIGNATURE;
}

/* x's signature by the key of issuer (the algorithms of the TBS and the
 * outer AlgorithmIdentifier must be the same). */
static dpp_err xcert_signed_by(const xcert *x, const xcert *issuer)
{
    if (!der_same(&x->sig_alg, &x->tbs_sig_alg)) return DPP_ERR_SIGNATURE;
    return x509_sig_verify(&issuer->spki, &x->sig_alg, der_raw(&x->tbs), x->tbs.total, x->sig, x->sig_len);
}

/* ---- CRLs ---- */

typedef struct xcrl {
    der tbs, sig_alg, tbs_sig_alg, issuer, revoked;
    bool has_revoked;
    const uint8_t *sig;
    size_t sig_len;
    bool this_ok, has_next;
    int64_t this_update, next_update;
    bool bad_critical;        /* an unhandled critical CRL extension */
} xcrl;

/* Reads a DER CertificateList (RFC 5280 5.1). */
static bool xcrl_read(const uint8_t *d, size_t len, xcrl *x)
{
    der e;
    rd t;
    memset(x, 0, sizeof *x);
    if (!signed_der_read(d, len, &x->tbs, &x->sig_alg, &x->sig, &x->sig_len)) return false;
    t = rd_of(&x->tbs);
    if (rd_at(&t, 0x02)) {
        long vn;
        if (!rd_next(&t, &e) || !der_uint(&e, &vn) || vn != 1) return false;
    }
    if (!rd_next(&t, &x->tbs_sig_alg) || x->tbs_sig_alg.tag != 0x30 || !rd_next(&t, &x->issuer) ||
        x->issuer.tag != 0x30 || !rd_next(&t, &e))
        return false;
    x->this_ok = x509_time(&e, &x->this_update);
    if (rd_at(&t, 0x17) || rd_at(&t, 0x18)) {
        if (!rd_next(&t, &e)) return false;
        x->has_next = x509_time(&e, &x->next_update);
    }
    if (rd_at(&t, 0x30)) {
        rd rr;
        der ent;
        if (!rd_next(&t, &x->revoked)) return false;
        rr = rd_of(&x->revoked);
        while (rr.left > 0) { /* each entry: serial, date, extensions */
            rd er;
            der sn, dt;
            if (!rd_next(&rr, &ent) || ent.tag != 0x30) return false;
            er = rd_of(&ent);
            if (!rd_next(&er, &sn) || sn.tag != 0x02 || !rd_next(&er, &dt)) return false;
        }
        x->has_revoked = true;
    }
    if (rd_at(&t, 0xa0)) {
        der exts, ext;
        rd xr;
        if (!rd_next(&t, &e) || !der_whole(e.p, e.len, &exts) || exts.tag != 0x30) return false;
        xr = rd_of(&exts);
        while (xr.left > 0) {
            rd er;
            der oid, crit;
            if (!rd_next(&xr, &ext) || ext.tag != 0x30) return false;
            er = rd_of(&ext);
            if (!rd_next(&er, &oid) || oid.tag != 0x06) return false;
            if (rd_at(&er, 0x01)) {
                if (!rd_next(&er, &crit) || crit.len != 1 || crit.p[0] != 0xff) return false;
                /* known: AKI (35), CRL number (20); anything else critical is refused */
                if (!(oid.len == 3 && oid.p[0] == 0x55 && oid.p[1] == 0x1d && (oid.p[2] == 35 || oid.p[2] == 20)))
                    x->bad_critical = true;
            }
        }
    }
    return t.left == 0;
}

static size_t xcrl_count(const xcrl *x)
{
    rd r;
    der e;
    size_t n = 0;
    if (!x->has_revoked) return 0;
    r = rd_of(&x->revoked);
    while (rd_next(&r, &e)) n++;
    return n;
}

/* Is serial (INTEGER element) on x? */
static bool xcrl_lists(const xcrl *x, const der *serial)
{
    rd r;
    der ent;
    if (!x->has_revoked) return false;
    r = rd_of(&x->revoked);
    while (rd_next(&r, &ent)) {
        rd er = rd_of(&ent);
        der sn;
        if (rd_next(&er, &sn) && der_same(&sn, serial)) return true;
    }
    return false;
}

void dpp_crypto_crls_free(dpp_crypto_crl **crls, size_t n)
{
    if (crls == NULL) return;
    for (size_t i = 0; i < n; i++) {
        if (crls[i] != NULL) free(crls[i]->der);
        free(crls[i]);
    }
    free(crls);
}

static dpp_err crls_push(dpp_crypto_crl ***crls, size_t *n, size_t max, size_t max_entries, const uint8_t *d,
                         size_t len)
{
    dpp_crypto_crl **grown, *c;
    xcrl x;
    if (*n >= max) return DPP_ERR_TOO_LARGE;
    if (xcrl_read(d, len, &x) && xcrl_count(&x) > max_entries) return DPP_ERR_TOO_LARGE;
    grown = realloc(*crls, (*n + 1) * sizeof *grown);
    if (grown == NULL) return DPP_ERR_NO_MEMORY;
    *crls = grown;
    c = calloc(1, sizeof *c);
    if (c == NULL || (c->der = malloc(len)) == NULL) {
        free(c);
        return DPP_ERR_NO_MEMORY;
    }
    memcpy(c->der, d, len);
    c->len = len;
    grown[(*n)++] = c;
    return DPP_OK;
}

dpp_err dpp_crypto_crls_read(const uint8_t *data, size_t len, bool pem, size_t max, size_t max_entries,
                             dpp_crypto_crl ***crls, size_t *n)
{
    dpp_err rc = DPP_OK;
    xcrl x;
    if (crls == NULL || n == NULL) return DPP_ERR_INVALID_ARG;
    *crls = NULL;
    *n = 0;
    if (data == NULL || max == 0) return DPP_ERR_INVALID_ARG;
    if (pem) {
        size_t pos = 0, bl;
        char label[64];
        uint8_t *body;
        bool nomem;
        while (rc == DPP_OK && pem_next(data, len, &pos, label, sizeof label, &body, &bl, &nomem)) {
            bool ok = strcmp(label, "X509 CRL") == 0 && xcrl_read(body, bl, &x);
            if (ok) rc = crls_push(crls, n, max, max_entries, body, bl);
            free(body);
            if (!ok) break;
        }
        if (nomem && rc == DPP_OK) rc = DPP_ERR_NO_MEMORY;
    } else if (xcrl_read(data, len, &x)) {
        rc = crls_push(crls, n, max, max_entries, data, len);
    }
    if (rc != DPP_OK) {
        dpp_crypto_crls_free(*crls, *n);
        *crls = NULL;
        *n = 0;
    }
    return rc;
}

/* An RFC 2253-like one-line issuer for messages: /C=../CN=.. as the OpenSSL
 * port's X509_NAME_oneline prints the usual attributes. */
static void name_line(const der *name, char *out, size_t cap)
{
    static const struct {
        const uint8_t *oid;
        size_t len;
        const char *sn;
    } k_attrs[] = {{k_oid_c, sizeof k_oid_c, "C"}, {k_oid_o, sizeof k_oid_o, "O"}, {k_oid_cn, sizeof k_oid_cn, "CN"}};
    rd r = rd_of(name);
    der set;
    size_t o = 0;
    out[0] = '\0';
    while (rd_next(&r, &set)) {
        rd sr = rd_of(&set);
        der atv;
        while (rd_next(&sr, &atv)) {
            rd ar = rd_of(&atv);
            der id, v;
            if (!rd_next(&ar, &id) || !rd_next(&ar, &v)) return;
            for (size_t k = 0; k < sizeof k_attrs / sizeof k_attrs[0]; k++) {
                if (id.len == k_attrs[k].len && memcmp(id.p, k_attrs[k].oid, id.len) == 0) {
                    int w = snprintf(out + o, cap - o, "/%s=%.*s", k_attrs[k].sn, (int)(v.len < 200 ? v.len : 200),
                                     (const char *)v.p);
                    if (w < 0 || (size_t)w >= cap - o) return;
                    o += (size_t)w;
                }
            }
        }
    }
}

void dpp_crypto_crl_facts_get(const dpp_crypto_crl *crl, dpp_crypto_crl_facts *f)
{
    xcrl x;
    memset(f, 0, sizeof *f);
    if (crl == NULL || !xcrl_read(crl->der, crl->len, &x)) return;
    f->this_update_ok = x.this_ok;
    f->this_update = x.this_update;
    f->has_next_update = x.has_next;
    f->next_update = x.next_update;
    f->n_revoked = xcrl_count(&x);
    name_line(&x.issuer, f->issuer, sizeof f->issuer);
}

/* crl's signature by the key of issuer (cRLSign when keyUsage is present). */
static dpp_err xcrl_signed_by(const xcrl *c, const xcert *issuer)
{
    if (issuer->has_ku && !(issuer->ku & KU_CRL_SIGN)) return DPP_ERR_SIGNATURE;
    if (!der_same(&c->sig_alg, &c->tbs_sig_alg)) return DPP_ERR_SIGNATURE;
    return x509_sig_verify(&issuer->spki, &c->sig_alg, der_raw(&c->tbs), c->tbs.total, c->sig, c->sig_len);
}

/* ---- the pinned-CA set ---- */

dpp_err dpp_crypto_cas_new(dpp_crypto_cas **out)
{
    if (out == NULL) return DPP_ERR_INVALID_ARG;
    *out = calloc(1, sizeof **out);
    return *out == NULL ? DPP_ERR_NO_MEMORY : DPP_OK;
}

void dpp_crypto_cas_free(dpp_crypto_cas *cas)
{
    if (cas == NULL) return;
    for (size_t i = 0; i < cas->n; i++) {
        free(cas->cas[i]->der);
        free(cas->cas[i]);
    }
    for (size_t i = 0; i < cas->n_crls; i++) {
        free(cas->crls[i]->der);
        free(cas->crls[i]);
    }
    free(cas);
}

dpp_err dpp_crypto_cas_add(dpp_crypto_cas *cas, const dpp_crypto_cert *ca, bool *added)
{
    if (added != NULL) *added = false;
    if (cas == NULL || ca == NULL || added == NULL) return DPP_ERR_INVALID_ARG;
    for (size_t i = 0; i < cas->n; i++)
        if (cas->cas[i]->len == ca->len && memcmp(cas->cas[i]->der, ca->der, ca->len) == 0) return DPP_OK;
    if (cas->n >= WC_MAX_CAS) return DPP_ERR_CRYPTO_BACKEND;
    if ((cas->cas[cas->n] = cert_new(ca->der, ca->len)) == NULL) return DPP_ERR_CRYPTO_BACKEND;
    cas->n++;
    *added = true;
    return DPP_OK;
}

dpp_err dpp_crypto_cas_crl_check(dpp_crypto_cas *cas, const dpp_crypto_crl *crl)
{
    xcrl c;
    dpp_err rc = DPP_ERR_NOT_FOUND;
    if (cas == NULL || crl == NULL) return DPP_ERR_INVALID_ARG;
    if (!xcrl_read(crl->der, crl->len, &c)) return DPP_ERR_SIGNATURE;
    for (size_t i = 0; i < cas->n; i++) {
        xcert ca;
        if (!xcert_read(cas->cas[i]->der, cas->cas[i]->len, &ca) || !der_same(&ca.subject, &c.issuer)) continue;
        rc = xcrl_signed_by(&c, &ca);
        if (rc == DPP_OK) return DPP_OK;
        if (rc != DPP_ERR_SIGNATURE) return rc;
    }
    return rc;
}

dpp_err dpp_crypto_cas_add_crl(dpp_crypto_cas *cas, const dpp_crypto_crl *crl, bool *added)
{
    if (added != NULL) *added = false;
    if (cas == NULL || crl == NULL || added == NULL) return DPP_ERR_INVALID_ARG;
    for (size_t i = 0; i < cas->n_crls; i++)
        if (cas->crls[i]->len == crl->len && memcmp(cas->crls[i]->der, crl->der, crl->len) == 0) return DPP_OK;
    if (cas->n_crls >= WC_MAX_CRLS) return DPP_ERR_CRYPTO_BACKEND;
    cas->crls[cas->n_crls] = calloc(1, sizeof *cas->crls[0]);
    if (cas->crls[cas->n_crls] == NULL || (cas->crls[cas->n_crls]->der = malloc(crl->len)) == NULL) {
        free(cas->crls[cas->n_crls]);
        return DPP_ERR_CRYPTO_BACKEND;
    }
    memcpy(cas->crls[cas->n_crls]->der, crl->der, crl->len);
    cas->crls[cas->n_crls]->len = crl->len;
    cas->n_crls++;
    *added = true;
    return DPP_OK;
}

/* ---- chain verification ---- */

static bool self_issued(const xcert *x) { return der_same(&x->subject, &x->issuer); }

/* RFC 5280 6.1 policy processing, without policy mappings (certificates
 * carrying them are refused before), for path[0..n-1] (leaf first; the
 * pinned CA path[n-1] is the trust anchor and not processed), user-initial
 * policy set = the role policies, initial-explicit-policy false. With no
 * mappings, the valid policy tree at each depth is a set of policy OIDs.
 * true: accepted; false: *depth set. */
static bool policy_check(const xcert *path, size_t n, int *depth)
{
    static const char *const k_roles[] = {DPP_OID_POLICY_MANUFACTURER, DPP_OID_POLICY_CERTIFIER,
                                          DPP_OID_POLICY_CBAM_VERIFIER, DPP_OID_POLICY_MANUFACTURER_UUID,
                                          DPP_OID_POLICY_CERTIFIER_UUID, DPP_OID_POLICY_CBAM_VERIFIER_UUID};
    static const char k_any[] = "2.5.29.32.0";
    char set[WC_MAX_POLICIES][WC_OID_TEXT], next[WC_MAX_POLICIES][WC_OID_TEXT];
    size_t ns = 1, certs = n - 1; /* the certificates processed */
    bool tree = true;
    long explicit_policy = (long)certs + 1, inhibit_any = (long)certs + 1;

    snprintf(set[0], sizeof set[0], "%s", k_any);
    for (size_t step = 1; step <= certs; step++) {
        const xcert *x = &path[certs - step]; /* from the top down to the leaf */
        bool last = step == certs;
        if (tree && x->has_policies) {
            size_t nn = 0;
            bool has_any = false, any_in_set = false;
            char oid[WC_OID_TEXT];
            for (size_t k = 0; k < ns; k++)
                if (strcmp(set[k], k_any) == 0) any_in_set = true;
            for (size_t i = 0; xcert_policy(x, i, oid, sizeof oid); i++) {
                bool in = any_in_set;
                if (strcmp(oid, k_any) == 0) {
                    has_any = true;
                    continue;
                }
                for (size_t k = 0; k < ns && !in; k++) in = strcmp(set[k], oid) == 0;
                if (in && nn < WC_MAX_POLICIES) snprintf(next[nn++], sizeof next[0], "%s", oid);
            }
            /* anyPolicy in the certificate keeps every policy of the set not
             * matched yet (anyPolicy itself included) */
            if (has_any && (inhibit_any > 0 || (!last && self_issued(x)))) {
                for (size_t k = 0; k < ns; k++) {
                    bool matched = false;
                    for (size_t j = 0; j < nn && !matched; j++) matched = strcmp(next[j], set[k]) == 0;
                    if (!matched && nn < WC_MAX_POLICIES) snprintf(next[nn++], sizeof next[0], "%s", set[k]);
                }
            }
            memcpy(set, next, sizeof set[0] * nn);
            ns = nn;
            if (ns == 0) tree = false;
        } else {
            tree = false;
        }
        if (!tree && explicit_policy <= 0) {
            *depth = (int)(certs - step);
            return false;
        }
        if (!last) {
            if (!self_issued(x)) {
                if (explicit_policy > 0) explicit_policy--;
                if (inhibit_any > 0) inhibit_any--;
            }
            if (x->require_explicit >= 0 && x->require_explicit < explicit_policy)
                explicit_policy = x->require_explicit;
            if (x->inhibit_any >= 0 && x->inhibit_any < inhibit_any) inhibit_any = x->inhibit_any;
        } else {
            if (explicit_policy > 0) explicit_policy--;
            if (x->require_explicit == 0) explicit_policy = 0;
        }
    }
    if (explicit_policy > 0) return true;
    /* the intersection with the role policies must not be empty */
    for (size_t k = 0; tree && k < ns; k++) {
        if (strcmp(set[k], k_any) == 0) return true;
        for (size_t r = 0; r < sizeof k_roles / sizeof k_roles[0]; r++)
            if (strcmp(set[k], k_roles[r]) == 0) return true;
    }
    *depth = 0;
    return false;
}

/* Revocation of path[0..n-2] by the set's CRLs: each certificate needs a
 * CRL of its issuer, signed by it. */
static dpp_err crl_check_path(const dpp_crypto_cas *cas, const xcert *path, size_t n, dpp_crypto_chain *out)
{
    for (size_t i = 0; i + 1 < n; i++) {
        bool have = false, sig_bad = false;
        for (size_t k = 0; k < cas->n_crls; k++) {
            xcrl c;
            dpp_err rc;
            if (!xcrl_read(cas->crls[k]->der, cas->crls[k]->len, &c) || !der_same(&c.issuer, &path[i].issuer))
                continue;
            rc = xcrl_signed_by(&c, &path[i + 1]);
            if (rc == DPP_ERR_SIGNATURE) {
                sig_bad = true;
                continue;
            }
            if (rc != DPP_OK) return rc;
            if (c.bad_critical) {
                out->error = "unhandled critical CRL extension";
                out->depth = (int)i;
                return DPP_ERR_CERT_CHAIN;
            }
            have = true;
            if (xcrl_lists(&c, &path[i].serial)) {
                out->error = "certificate revoked";
                out->depth = (int)i;
                return DPP_ERR_CERT_REVOKED;
            }
        }
        if (!have) {
            out->error = sig_bad ? "CRL signature failure" : "unable to get certificate CRL";
            out->depth = (int)i;
            return DPP_ERR_CERT_CHAIN;
        }
    }
    return DPP_OK;
}

static dpp_err chain_fail(dpp_crypto_chain *out, const char *why, size_t depth)
{
    out->error = why;
    out->depth = (int)depth;
    return DPP_ERR_CERT_CHAIN;
}

dpp_err dpp_crypto_chain_verify(dpp_crypto_cas *cas, const dpp_crypto_cert *leaf, dpp_crypto_cert *const *untrusted,
                                size_t n_untrusted, dpp_crypto_chain *out)
{
    const dpp_crypto_cert *chosen[WC_MAX_DEPTH];
    xcert *path = NULL;
    size_t n = 1;
    bool anchored = false;
    dpp_err rc;

    if (out == NULL) return DPP_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (cas == NULL || leaf == NULL || (untrusted == NULL && n_untrusted != 0) || n_untrusted > 4096)
        return DPP_ERR_INVALID_ARG;
    path = calloc(WC_MAX_DEPTH, sizeof *path);
    if (path == NULL) return DPP_ERR_NO_MEMORY;
    /* As the OpenSSL port: a certificate that constrains policies but
     * asserts none is refused, wherever it is in the input. */
    for (size_t i = 0; i <= n_untrusted; i++) {
        const dpp_crypto_cert *c = i == 0 ? leaf : untrusted[i - 1];
        xcert x;
        if (xcert_read(c->der, c->len, &x) && x.has_pc && !x.has_policies) {
            rc = chain_fail(out, "policy constraints without certificate policies", i);
            goto done;
        }
    }
    if (!xcert_read(leaf->der, leaf->len, &path[0])) {
        rc = chain_fail(out, "unable to decode the certificate", 0);
        goto done;
    }
    chosen[0] = leaf;
    /* Path building: the issuer of the last certificate, a pinned CA first
     * (its signature verifying), else a chain certificate not used yet. */
    while (!anchored) {
        const xcert *cur = &path[n - 1];
        bool found = false, sig_failed = false;
        if (n >= WC_MAX_DEPTH) {
            rc = chain_fail(out, "certificate chain too long", n - 1);
            goto done;
        }
        for (size_t pass = 0; pass < 2 && !found; pass++) {
            size_t count = pass == 0 ? cas->n : n_untrusted;
            for (size_t i = 0; i < count && !found; i++) {
                const dpp_crypto_cert *cand = pass == 0 ? cas->cas[i] : untrusted[i];
                bool used = false;
                for (size_t k = 0; k < n; k++) used = used || chosen[k] == cand;
                if (used || !xcert_read(cand->der, cand->len, &path[n]) || !der_same(&path[n].subject, &cur->issuer))
                    continue;
                rc = xcert_signed_by(cur, &path[n]);
                if (rc == DPP_ERR_SIGNATURE) {
                    sig_failed = true;
                    continue;
                }
                if (rc != DPP_OK) goto done;
                chosen[n++] = cand;
                found = true;
                anchored = pass == 0;
            }
        }
        if (!found) {
            rc = chain_fail(out, sig_failed ? "certificate signature failure" : "unable to get local issuer certificate",
                            n - 1);
            goto done;
        }
    }
    /* Each certificate: usable extensions; each issuer: a CA allowed to sign
     * certificates, its pathLen respected. */
    {
        long below = 0; /* non-self-issued intermediates below the current CA */
        for (size_t i = 0; i < n; i++) {
            const xcert *x = &path[i];
            if (x->bad != NULL) {
                rc = chain_fail(out, x->bad, i);
                goto done;
            }
            if (i == 0) continue;
            if (!x->has_bc || !x->ca) {
                rc = chain_fail(out, "invalid CA certificate", i);
                goto done;
            }
            if (x->has_ku && !(x->ku & KU_KEY_CERT_SIGN)) {
                rc = chain_fail(out, "key usage does not include certificate signing", i);
                goto done;
            }
            if (x->path_len >= 0 && below > x->path_len) {
                rc = chain_fail(out, "path length constraint exceeded", i);
                goto done;
            }
            if (!self_issued(x)) below++;
        }
    }
    {
        int depth = 0;
        if (!policy_check(path, n, &depth)) {
            rc = chain_fail(out, "no explicit policy", (size_t)depth);
            goto done;
        }
    }
    if (cas->n_crls > 0) {
        rc = crl_check_path(cas, path, n, out);
        if (rc != DPP_OK) goto done;
    }
    out->path = calloc(n, sizeof *out->path);
    if (out->path == NULL) {
        rc = DPP_ERR_NO_MEMORY;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        out->path[i] = cert_new(chosen[i]->der, chosen[i]->len);
        if (out->path[i] == NULL) {
            dpp_crypto_certs_free(out->path, i);
            out->path = NULL;
            rc = DPP_ERR_NO_MEMORY;
            goto done;
        }
    }
    out->n = n;
    rc = DPP_OK;
done:
    free(path);
    return rc;
}
