/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libdpp in JavaScript: the C library's verification core compiled to
 * WebAssembly (dpp-core.js + dpp-core.wasm, built by web/build.sh).
 *
 *   const dpp = await DppVerifier.load();            // browser: <script src="dpp-core.js"> first
 *   const trust = dpp.trust();
 *   trust.addKey(pemText);                            // a trusted signer key or certificate
 *   trust.pinOperator(operatorPem);                   // who signs the lists
 *   await trust.loadList(bytes, {now});               // signed trust list (COSE bytes)
 *   await trust.loadRevocations(bytes, {now});        // signed revocation list
 *   const report = await dpp.verify(text, trust, now);
 *
 * report: {ok, error, check, message, path, checks: [{name, status}],
 * passport, claims, signer, attestations, claims_present, claims_attested,
 * claims_self_declared, revocation?} -- error, check and the names inside
 * are the C library's (dpp_err_name, dpp_check_name, ...). Trust-store
 * calls that fail throw a DppError whose .code is the dpp_err_name.
 *
 * Calls run one at a time (Web Crypto is awaited inside the WebAssembly
 * stack, see libdpp/src/crypto_webcrypto.c); the API queues them.
 */
(function (root) {
    'use strict';

    class DppError extends Error {
        constructor(r) {
            super(r.message || r.error);
            this.name = 'DppError';
            this.code = r.error;
            this.path = r.path || '';
        }
    }

    const enc = new TextEncoder();

    function bytesOf(x) {
        if (typeof x === 'string') return enc.encode(x);
        if (x instanceof Uint8Array) return x;
        if (x instanceof ArrayBuffer) return new Uint8Array(x);
        if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
        throw new TypeError('expected a string, Uint8Array or ArrayBuffer');
    }

    function wrap(M) {
        let queue = Promise.resolve();
        // Runs fn after every call queued before it.
        function serial(fn) {
            const p = queue.then(fn, fn);
            queue = p.catch(() => undefined);
            return p;
        }
        async function call(name, types, args, bufs) {
            const ptrs = [];
            try {
                const full = [];
                const fullTypes = [];
                let bi = 0;
                for (let i = 0; i < types.length; i++) {
                    if (types[i] === 'bytes') {
                        const b = bufs[bi++];
                        const p = M._malloc(Math.max(1, b.length));
                        if (!p) throw new DppError({error: 'DPP_ERR_NO_MEMORY', message: 'out of memory'});
                        M.HEAPU8.set(b, p);
                        ptrs.push(p);
                        full.push(p, b.length);
                        fullTypes.push('number', 'number');
                    } else {
                        full.push(args[i]);
                        fullTypes.push('number');
                    }
                }
                const out = await M.ccall(name, 'string', fullTypes, full, {async: true});
                return JSON.parse(out);
            } finally {
                for (const p of ptrs) M._free(p);
            }
        }

        class Trust {
            constructor() {
                this.ptr = M._dpp_wasm_trust_new();
                if (!this.ptr) throw new DppError({error: 'DPP_ERR_NO_MEMORY', message: 'out of memory'});
                this.lists = {};
            }
            free() {
                if (this.ptr) M._dpp_wasm_trust_free(this.ptr);
                this.ptr = 0;
            }
            /** A trusted key or certificate (PEM text or DER bytes). */
            addKey(key) {
                return serial(async () => {
                    const r = await call('dpp_wasm_add_key', ['number', 'bytes'], [this.ptr], [bytesOf(key)]);
                    if (r.error) throw new DppError(r);
                    return r;
                });
            }
            /** An operator key the signed lists must carry a signature of; with scheme, pinned
             *  for that named scheme only (spec/trust.md 3.8). */
            pinOperator(key, scheme) {
                return serial(async () => {
                    const r = scheme
                        ? await call('dpp_wasm_scheme_pin_operator', ['number', 'bytes', 'bytes'], [this.ptr],
                            [enc.encode(scheme), bytesOf(key)])
                        : await call('dpp_wasm_pin_operator', ['number', 'bytes'], [this.ptr], [bytesOf(key)]);
                    if (r.error) throw new DppError(r);
                    return r;
                });
            }
            /** A pinned CA certificate (PEM text or DER bytes; spec/trust.md 4). */
            addCa(cert) {
                return serial(async () => {
                    const r = await call('dpp_wasm_add_ca', ['number', 'bytes'], [this.ptr], [bytesOf(cert)]);
                    if (r.error) throw new DppError(r);
                    return r;
                });
            }
            /** A signer certificate (PEM or DER) that must chain to a pinned CA, through the
             *  intermediates in chain (PEM, optional); its role comes from its policy OID. */
            addCert(cert, chain) {
                return serial(async () => {
                    const r = await call('dpp_wasm_add_cert_chain', ['number', 'bytes', 'bytes'], [this.ptr],
                        [bytesOf(cert), bytesOf(chain || new Uint8Array(0))]);
                    if (r.error) throw new DppError(r);
                    return r;
                });
            }
            /** CRLs (PEM or DER), judged at now (seconds; default the clock). */
            addCrl(crl, now) {
                const t = now !== undefined ? now : Math.floor(Date.now() / 1000);
                return serial(async () => {
                    const r = await call('dpp_wasm_add_crl', ['number', 'bytes', 'number'], [this.ptr, 0, t],
                        [bytesOf(crl)]);
                    if (r.error) throw new DppError(r);
                    return r;
                });
            }
            _load(bytes, revocations, opts) {
                const o = opts || {};
                const now = o.now !== undefined ? o.now : Math.floor(Date.now() / 1000);
                if (o.scheme) return this._loadEx(bytes, revocations ? 1 : 0, o);
                return serial(async () => {
                    const r = await call('dpp_wasm_load_list',
                        ['number', 'bytes', 'number', 'number', 'number', 'number'],
                        [this.ptr, 0, revocations ? 1 : 0, now, o.minSequence || 0, o.grace || 0],
                        [bytesOf(bytes)]);
                    if (r.error) throw new DppError(r);
                    this.lists[revocations ? 'revocations' : 'trust'] = r;
                    return r;
                });
            }
            _loadEx(bytes, kind, o) {
                const now = o.now !== undefined ? o.now : Math.floor(Date.now() / 1000);
                return serial(async () => {
                    const r = await call('dpp_wasm_load_list_ex',
                        ['number', 'bytes', 'number', 'bytes', 'number', 'number', 'number'],
                        [this.ptr, 0, kind, 0, now, o.minSequence || 0, o.grace || 0],
                        [bytesOf(bytes), enc.encode(o.scheme || '')]);
                    if (r.error) throw new DppError(r);
                    return r;
                });
            }
            /** A signed trust list: {sequence, issued_at, next_update, entries, past_next_update};
             *  opts.scheme: for that named scheme (spec/trust.md 3.8). */
            loadList(bytes, opts) { return this._load(bytes, false, opts); }
            /** A signed revocation list (opts.scheme as loadList). */
            loadRevocations(bytes, opts) { return this._load(bytes, true, opts); }
            /** A signed status list, whole or delta (spec/trust.md 6.4), checked against the
             *  operator keys of every scheme: {sequence, issued_at, next_update, past_next_update}. */
            loadStatus(bytes, opts) { return this._loadEx(bytes, 2, opts || {}); }
        }

        return {
            version: M.UTF8ToString(M._dpp_wasm_version()),
            DppError,
            trust() { return new Trust(); },
            /** Verifies a passport (DPP1: text or hybrid link) at now (seconds). */
            verify(text, trust, now) {
                const t = now !== undefined ? now : Math.floor(Date.now() / 1000);
                return serial(async () => {
                    const r = await call('dpp_wasm_verify', ['number', 'bytes', 'number'],
                        [trust.ptr, 0, t], [bytesOf(text)]);
                    r.ok = r.error === null;
                    return r;
                });
            },
        };
    }

    /** Loads the WebAssembly module. opts go to emscripten's factory
     *  (wasmBinary, locateFile). */
    async function load(opts) {
        let factory = root.createDppCore;
        if (!factory && typeof require === 'function') factory = require('./dpp-core.js');
        if (!factory) throw new Error('dpp-core.js is not loaded');
        const M = await factory(opts || {});
        return wrap(M);
    }

    const api = {load, DppError};
    if (typeof module === 'object' && module.exports) module.exports = api;
    else root.DppVerifier = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
