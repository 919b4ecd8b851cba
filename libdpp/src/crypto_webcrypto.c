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
 * ECDSA P-256/P-384, Ed25519, RSA-PSS), EC point validation and
 * decompression (BigInt arithmetic, synchronous), randomness
 * (crypto.getRandomValues).
 *
 * Web Crypto is asynchronous; dpp_crypto_verify() suspends the WebAssembly
 * stack with emscripten's ASYNCIFY (EM_ASYNC_JS) until the promise settles,
 * so the portable code above stays synchronous. Consequence: one
 * verification at a time per module instance (the JavaScript API queues).
 *
 * Not supported (a verifier needs none of them; documented in web/README.md):
 * private keys (parse reports FOUND_NONE), key generation, signing,
 * self-signed certificates (DPP_ERR_UNSUPPORTED), and X.509 chain
 * verification (DPP_ERR_CERT_CHAIN naming this port): a passport signed
 * with a certificate chain (x5chain) to a pinned CA does not verify in the
 * browser; a certificate given directly as a trusted key does.
 */
#include "crypto.h"
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
 * (algorithm not available, key refused). */
EM_ASYNC_JS(int, dpp_wc_verify,
            (int id, int alg, const uint8_t *spki, int spki_len, const uint8_t *msg, int msg_len, const uint8_t *sig,
             int sig_len),
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
                } else {
                    return -1;
                }
                if (!Module.dppKeys) Module.dppKeys = new Map();
                var kp = Module.dppKeys.get(id);
                if (!kp) {
                    kp = subtle.importKey('spki', HEAPU8.slice(spki, spki + spki_len), imp, false, ['verify']);
                    Module.dppKeys.set(id, kp);
                }
                try {
                    var key = await kp;
                    return (await subtle.verify(ver, key, s, m)) ? 1 : 0;
                } catch (e) {
                    Module.dppKeys.delete(id);
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
    r = dpp_wc_verify(key->id, (int)key->alg, key->spki, (int)key->spki_len, msg, (int)msg_len, sig, (int)sig_len);
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

/* ---- X.509: certificates as DER and their validity; no chains ---- */

struct dpp_crypto_cert {
    uint8_t *der;
    size_t len;
};

struct dpp_crypto_cas {
    size_t n;
};

void dpp_crypto_certs_free(dpp_crypto_cert **certs, size_t n)
{
    if (certs == NULL) return;
    for (size_t i = 0; i < n; i++) {
        if (certs[i] != NULL) free(certs[i]->der);
        free(certs[i]);
    }
    free(certs);
}

static dpp_err certs_push(dpp_crypto_cert ***certs, size_t *n, size_t max, const uint8_t *d, size_t len)
{
    dpp_crypto_cert **grown, *c;
    if (*n >= max) return DPP_ERR_TOO_LARGE;
    grown = realloc(*certs, (*n + 1) * sizeof *grown);
    if (grown == NULL) return DPP_ERR_NO_MEMORY;
    *certs = grown;
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

dpp_err dpp_crypto_certs_read(const uint8_t *data, size_t len, bool pem, size_t max, dpp_crypto_cert ***certs,
                              size_t *n)
{
    dpp_err rc = DPP_OK;
    der el;
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

void dpp_crypto_cert_facts_get(const dpp_crypto_cert *cert, dpp_crypto_cert_facts *out)
{
    dpp_crypto_parsed p;
    der el;
    memset(out, 0, sizeof *out);
    out->cn_len = out->o_len = out->c_len = -1;
    if (cert == NULL || !der_whole(cert->der, cert->len, &el) || cert_read(&el, &p) != DPP_OK) return;
    out->validity_ok = p.validity_ok;
    out->not_before = p.not_before;
    out->not_after = p.not_after;
    dpp_crypto_key_free(p.key);
}

bool dpp_crypto_cert_policy(const dpp_crypto_cert *cert, size_t i, char *oid, size_t cap)
{
    (void)cert, (void)i;
    if (oid != NULL && cap > 0) oid[0] = '\0';
    return false;
}

dpp_err dpp_crypto_cert_key(const dpp_crypto_cert *cert, dpp_crypto_parsed *out)
{
    der el;
    memset(out, 0, sizeof *out);
    if (cert == NULL || !der_whole(cert->der, cert->len, &el)) {
        out->found = DPP_CRYPTO_FOUND_CERT_BAD_KEY;
        return DPP_OK;
    }
    dpp_err rc = cert_read(&el, out);
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

dpp_err dpp_crypto_cas_new(dpp_crypto_cas **out)
{
    *out = calloc(1, sizeof **out);
    return *out == NULL ? DPP_ERR_NO_MEMORY : DPP_OK;
}

void dpp_crypto_cas_free(dpp_crypto_cas *cas) { free(cas); }

dpp_err dpp_crypto_cas_add(dpp_crypto_cas *cas, const dpp_crypto_cert *ca, bool *added)
{
    (void)ca;
    if (cas == NULL || added == NULL) return DPP_ERR_CRYPTO_BACKEND;
    cas->n++;
    *added = true;
    return DPP_OK;
}

dpp_err dpp_crypto_chain_verify(dpp_crypto_cas *cas, const dpp_crypto_cert *leaf, dpp_crypto_cert *const *untrusted,
                                size_t n_untrusted, dpp_crypto_chain *out)
{
    (void)cas, (void)leaf, (void)untrusted, (void)n_untrusted;
    memset(out, 0, sizeof *out);
    out->error = "X.509 chain verification is not available in the browser build (Web Crypto port)";
    out->depth = 0;
    return DPP_ERR_CERT_CHAIN;
}
