// SPDX-License-Identifier: Apache-2.0
// The WebAssembly build (web/build.sh) against every test vector, in Node:
// the same outcome as the C library -- error name and failing check for a
// rejected vector; the passport and claims for a verified one. When
// DPP_VECTOR_TOOL names tests/vectors/vector_tool (native libdpp), each
// vector is also run there and the two results compared directly.
//   DPP_WEB_DIR=build/web node tests/web/wasm_vectors.test.mjs   (exit 77: no bundle)
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const TV = path.join(ROOT, 'test-vectors');
const WEB = process.env.DPP_WEB_DIR && path.resolve(process.env.DPP_WEB_DIR);

if (!WEB || !fs.existsSync(path.join(WEB, 'dpp-core.wasm'))) {
    console.log(`web_wasm_vectors: SKIPPED: no WebAssembly bundle in ${WEB || '(DPP_WEB_DIR not set)'} ` +
                '(emscripten missing? cmake --build BUILD --target web)');
    process.exit(77);
}

// Vectors this build cannot run, and why (web/README.md "Not supported").
const UNSUPPORTED = {};

export async function loadDpp(dir) {
    const require = createRequire(import.meta.url);
    const api = require(path.join(dir, 'dpp.js'));
    return api.load({wasmBinary: fs.readFileSync(path.join(dir, 'dpp-core.wasm'))});
}

// Sets up trust as tests/vectors/check_vectors.py + vector_tool verify do.
export async function trustFor(dpp, v) {
    const inp = v.inputs;
    const t = dpp.trust();
    for (const k of inp.operator_keys || []) await t.pinOperator(fs.readFileSync(path.join(TV, k.file)));
    for (const name of Object.keys(inp.scheme_operator_keys || {}).sort())
        for (const k of inp.scheme_operator_keys[name]) await t.pinOperator(fs.readFileSync(path.join(TV, k.file)), name);
    const pol = {now: inp.validation_time};
    if (inp.list_policy) {
        pol.minSequence = inp.list_policy.min_sequence;
        pol.grace = inp.list_policy.grace_seconds;
    }
    let failed = null, which = '';
    try {
        which = 'ca_certificates';
        for (const c of inp.ca_certificates || []) await t.addCa(fs.readFileSync(path.join(TV, c.file)));
        which = 'signer_certificates';
        for (const c of inp.signer_certificates || []) await t.addCert(fs.readFileSync(path.join(TV, c.file)));
        which = 'trusted_keys';
        for (const k of inp.trusted_keys) await t.addKey(fs.readFileSync(path.join(TV, k.file)));
    } catch (e) {
        if (!(e instanceof dpp.DppError)) throw e;
        failed = {error: e.code, check: which, message: e.message};
    }
    if (failed === null) {
        try {
            which = 'trust_list';
            if (inp.trust_list) await t.loadList(Buffer.from(inp.trust_list.cose, 'hex'), pol);
            which = 'revocation_list';
            if (inp.revocation_list) await t.loadRevocations(Buffer.from(inp.revocation_list.cose, 'hex'), pol);
            for (const l of inp.lists || []) { // in order (test-vectors/README.md)
                which = l.kind + '_list';
                const o = Object.assign({}, pol, l.scheme ? {scheme: l.scheme} : {});
                const b = Buffer.from(l.cose, 'hex');
                if (l.kind === 'trust') await t.loadList(b, o);
                else if (l.kind === 'revocation') await t.loadRevocations(b, o);
                else await t.loadStatus(b, o);
            }
        } catch (e) {
            if (!(e instanceof dpp.DppError)) throw e;
            failed = {error: e.code, check: which, message: e.message};
        }
    }
    return {trust: t, failed};
}

function nativeResult(tool, v, tmp) {
    const inp = v.inputs;
    const tf = path.join(tmp, 'text');
    fs.writeFileSync(tf, v.text);
    const args = ['verify', tf, String(inp.validation_time)];
    for (const k of inp.operator_keys || []) args.push('--operator', path.join(TV, k.file));
    for (const [name, opt] of [['trust_list', '--trust-list'], ['revocation_list', '--revocation-list']]) {
        if (inp[name]) {
            const f = path.join(tmp, name + '.cose');
            fs.writeFileSync(f, Buffer.from(inp[name].cose, 'hex'));
            args.push(opt, f);
        }
    }
    for (const name of Object.keys(inp.scheme_operator_keys || {}).sort())
        for (const k of inp.scheme_operator_keys[name]) args.push('--scheme-operator', name, path.join(TV, k.file));
    for (const c of inp.ca_certificates || []) args.push('--ca', path.join(TV, c.file));
    for (const c of inp.signer_certificates || []) args.push('--cert', path.join(TV, c.file));
    (inp.lists || []).forEach((l, i) => {
        const f = path.join(tmp, `list${i}.cose`);
        fs.writeFileSync(f, Buffer.from(l.cose, 'hex'));
        args.push('--list', l.kind, l.scheme || '-', f);
    });
    if (inp.list_policy) args.push('--min-sequence', String(inp.list_policy.min_sequence), '--grace', String(inp.list_policy.grace_seconds));
    for (const k of inp.trusted_keys) args.push(path.join(TV, k.file));
    return JSON.parse(execFileSync(tool, args, {encoding: 'utf8'}));
}

test('wasm build verifies every test vector as the C library does', async () => {
    const dpp = await loadDpp(WEB);
    const index = JSON.parse(fs.readFileSync(path.join(TV, 'index.json'), 'utf8'));
    const tool = process.env.DPP_VECTOR_TOOL;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpp-wasm-'));
    const failures = [];
    let verified = 0, rejected = 0, skipped = 0, native = 0;
    for (const e of index.vectors) {
        if (UNSUPPORTED[e.id]) {
            skipped++;
            continue;
        }
        const v = JSON.parse(fs.readFileSync(path.join(TV, 'vectors', e.id + '.json'), 'utf8'));
        const {trust, failed} = await trustFor(dpp, v);
        let got;
        if (failed) {
            got = failed;
        } else {
            got = await dpp.verify(v.text, trust, v.inputs.validation_time);
        }
        trust.free();
        const exp = v.expected;
        if (exp.outcome === 'verified') {
            if (got.error) failures.push(`${e.id}: expected verified, got ${got.error} at ${got.check}: ${got.message}`);
            else if (JSON.stringify(got.passport) !== JSON.stringify(exp.passport)) failures.push(`${e.id}: passport differs`);
            else if (exp.claims) {
                const c = {iat: got.claims.iat, exp: got.claims.exp, iss: got.claims.iss, alg: got.claims.alg, kid: got.claims.kid,
                           compressed: got.claims.compressed, resolver: got.claims.resolver, form: got.claims.form};
                try { assert.deepStrictEqual(c, exp.claims); } catch (err) { failures.push(`${e.id}: claims differ: ${JSON.stringify(c)}`); }
            }
            verified++;
        } else {
            if (got.error !== exp.error || got.check !== exp.check)
                failures.push(`${e.id}: expected ${exp.error} at ${exp.check}, got ${got.error} at ${got.check}: ${got.message}`);
            rejected++;
        }
        if (tool) {
            const n = nativeResult(tool, v, tmp);
            if (n.error !== (got.error || null) || n.check !== (got.check || null))
                failures.push(`${e.id}: native ${n.error} at ${n.check}, wasm ${got.error} at ${got.check}`);
            else if (n.error === null && JSON.stringify(n.passport) !== JSON.stringify(got.passport))
                failures.push(`${e.id}: native and wasm passports differ`);
            native++;
        }
    }
    fs.rmSync(tmp, {recursive: true, force: true});
    console.log(`wasm vectors: ${verified} verified, ${rejected} rejected as expected, ${skipped} skipped, ${native} compared with native`);
    assert.deepStrictEqual(failures, []);
    assert.ok(verified > 40 && rejected > 200, 'the vector set was read');
});
