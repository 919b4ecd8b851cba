// SPDX-License-Identifier: Apache-2.0
// X.509 chains to a pinned CA in the WebAssembly build (issue 21): the Web
// Crypto port's path building, signatures, CA constraints, policy
// processing and CRLs against the OpenSSL port. tests/test_x509 (native
// libdpp, OpenSSL) makes the certificates and CRLs at test time and records
// the error name the native library gives each case (test_x509 --write
// DIR); every case runs again here through the WebAssembly build and must
// end with the same error name.
//   DPP_WEB_DIR=build/web DPP_TEST_X509=build/tests/test_x509 node tests/web/wasm_x509.test.mjs
// Exit 77 (skipped): no bundle, or no test_x509.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {createRequire} from 'node:module';

const WEB = process.env.DPP_WEB_DIR && path.resolve(process.env.DPP_WEB_DIR);
const TOOL = process.env.DPP_TEST_X509;

if (!WEB || !fs.existsSync(path.join(WEB, 'dpp-core.wasm'))) {
    console.log(`web_wasm_x509: SKIPPED: no WebAssembly bundle in ${WEB || '(DPP_WEB_DIR not set)'} ` +
                '(emscripten missing? cmake --build BUILD --target web)');
    process.exit(77);
}
if (!TOOL || !fs.existsSync(TOOL)) {
    console.log(`web_wasm_x509: SKIPPED: native tests/test_x509 not found (${TOOL || 'DPP_TEST_X509 not set'})`);
    process.exit(77);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpp-x509-'));
execFileSync(TOOL, ['--write', dir], {stdio: ['ignore', 'ignore', 'inherit']});
const spec = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8'));
const read = (f) => fs.readFileSync(path.join(dir, f));

const require = createRequire(import.meta.url);
const api = require(path.join(WEB, 'dpp.js'));
const dpp = await api.load({wasmBinary: fs.readFileSync(path.join(WEB, 'dpp-core.wasm'))});

// Runs one case as test_x509's run_case does: the error name of the first call that fails.
async function run(c) {
    const t = dpp.trust();
    try {
        await t.addCa(read(spec.ca));
        for (const f of c.crls) await t.addCrl(read(f), spec.now);
        await t.addCert(read(c.cert), read(c.chain));
        return {error: 'DPP_OK', message: ''};
    } catch (e) {
        if (!(e instanceof dpp.DppError)) throw e;
        return {error: e.code, message: e.message};
    } finally {
        t.free();
    }
}

test('the cases cover chains, policies and CRLs', () => {
    assert.ok(spec.cases.length >= 15);
    const names = new Set(spec.cases.map((c) => c.native));
    for (const n of ['DPP_OK', 'DPP_ERR_CERT_REVOKED', 'DPP_ERR_CRL_EXPIRED', 'DPP_ERR_CERT_CHAIN',
                     'DPP_ERR_SIGNATURE', 'DPP_ERR_KEY_FORMAT'])
        assert.ok(names.has(n), `no case where the native library says ${n}`);
});

for (const c of spec.cases) {
    test(`${c.name}: ${c.native}`, async () => {
        const r = await run(c);
        assert.equal(r.error, c.native, `${c.name}: wasm ${r.error} (${r.message}), native ${c.native}`);
    });
}

test('the browser build no longer refuses chains outright', async () => {
    const r = await run(spec.cases.find((c) => c.native === 'DPP_OK'));
    assert.equal(r.error, 'DPP_OK');
    assert.doesNotMatch(r.message, /not available in the\s+browser build/);
});

process.on('exit', () => fs.rmSync(dir, {recursive: true, force: true}));
