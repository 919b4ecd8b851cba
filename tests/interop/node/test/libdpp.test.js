// SPDX-License-Identifier: Apache-2.0
// Both directions against fresh libdpp output (through tests/vectors/vector_tool):
// libdpp encodes -> Node verifies; Node encodes -> libdpp verifies; libdpp's QR
// PNG -> jsQR + pngjs -> Node verifies. Needs VECTOR_TOOL (set by ctest).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const zlib = require('zlib');
const { PNG } = require('pngjs');
const jsQR = require('jsqr');
const base45 = require('base45');
const dpp = require('../lib/dpp');
const { DICT_V1 } = require('../lib/dict_v1');

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const TOOL = process.env.VECTOR_TOOL;
const skip = TOOL ? false : 'VECTOR_TOOL is not set (run through ctest -R interop_node)';
const ALGS = ['EdDSA', 'ES256', 'ES384', 'PS256'];
const PASSPORTS = ['minimal', 'full', 'maximal'].map((n) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'test-vectors', 'passports', `${n}.json`), 'utf8')));
const NOW = Math.floor(Date.now() / 1000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpp-node-'));

function tool(args) {
  return execFileSync(TOOL, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
}

function libdppVerify(text, pubFile, now) {
  const tf = path.join(tmp, 'text');
  fs.writeFileSync(tf, text);
  return JSON.parse(tool(['verify', tf, String(now), pubFile]));
}

function bodyOf(text) {
  return Buffer.from(base45.decode(text.slice(5)));
}

function textOf(body) {
  return 'DPP1:' + base45.encode(body);
}

function nodeKey(alg) {
  const opts = { ES256: ['ec', { namedCurve: 'P-256' }], ES384: ['ec', { namedCurve: 'P-384' }],
    EdDSA: ['ed25519', {}], PS256: ['rsa', { modulusLength: 2048 }] }[alg];
  const { privateKey } = crypto.generateKeyPairSync(opts[0], opts[1]);
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  return dpp.loadKey(pem);
}

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

for (const alg of ALGS) {
  test(`libdpp ${alg} -> Node`, { skip }, async () => {
    const priv = path.join(tmp, `${alg}.pem`);
    const pub = path.join(tmp, `${alg}.pub.pem`);
    tool(['keygen', alg, priv, pub]);
    const trusted = [dpp.loadKey(fs.readFileSync(pub))];
    for (const [i, p] of PASSPORTS.entries()) {
      const pf = path.join(tmp, 'p.json');
      fs.writeFileSync(pf, JSON.stringify(p));
      for (const mode of ['never', 'always', 'auto']) {
        const text = tool(['encode', priv, pf, String(NOW - 60), String(NOW + 86400), 'did:web:example.org', mode]);
        assert.match(text, /^DPP1:/, text);
        const r = await dpp.verify(text, trusted, NOW);
        assert.equal(r.error, null, `passport ${i} ${mode}: ${r.error} at ${r.check}: ${r.message}`);
        const lib = libdppVerify(text, pub, NOW);
        assert.equal(lib.error, null);
        assert.deepEqual(r.passport, lib.passport);
        assert.deepEqual(r.claims, lib.claims);
        // libdpp's zlib streams use preset dictionary v1 (spec 4.3)
        const b = bodyOf(text);
        assert.equal(dpp.looksLikeZlib(b), r.claims.compressed);
        if (r.claims.compressed) {
          assert.equal(b[0], 0x48);
          assert.equal(b[1] & 0x20, 0x20);
          assert.equal(b.subarray(2, 6).toString('hex'), 'a9549d2d');
        }
        if (mode === 'always') assert.ok(r.claims.compressed);
        if (mode === 'never') assert.ok(!r.claims.compressed);
      }
    }
  });

  test(`Node ${alg} -> libdpp`, { skip }, async () => {
    const k = nodeKey(alg);
    const pub = path.join(tmp, `node-${alg}.pub.pem`);
    fs.writeFileSync(pub, k.key.export({ type: 'spki', format: 'pem' }));
    for (const [i, p] of PASSPORTS.entries()) {
      // 'legacy': zlib without the dictionary (FDICT 0), as written before dictionary v1
      for (const mode of ['never', 'always', 'auto', 'legacy']) {
        const opts = mode === 'legacy' ? { compress: 'always', legacyZlib: true } : { compress: mode };
        const text = await dpp.encode(p, k, { iat: NOW - 60, ...opts });
        const lib = libdppVerify(text, pub, NOW);
        assert.equal(lib.error, null, `passport ${i} ${mode}: libdpp says ${lib.error} at ${lib.check}: ${lib.message}`);
        const r = await dpp.verify(text, [k], NOW);
        assert.deepEqual(lib.passport, r.passport);
        assert.deepEqual(lib.claims, r.claims);
        const wantZ = mode === 'always' || mode === 'legacy' || (mode === 'auto' && r.claims.compressed);
        assert.equal(lib.claims.compressed, wantZ);
        if (lib.claims.compressed) assert.equal(bodyOf(text)[1] & 0x20, mode === 'legacy' ? 0 : 0x20);
      }
    }
  });
}

test('EdDSA: libdpp and Node write the same COSE message in every mode', { skip }, async () => {
  // Node bundles its own zlib, whose deflate bytes may differ from reference
  // zlib's (spec 4.3): compressed texts are compared by their COSE message,
  // and each side verifies the other's.
  const priv = path.join(ROOT, 'test-vectors', 'keys', 'ed25519.pem');
  const pub = path.join(ROOT, 'test-vectors', 'keys', 'ed25519.pub.pem');
  const k = dpp.loadKey(fs.readFileSync(priv));
  for (const [i, p] of PASSPORTS.entries()) {
    const pf = path.join(tmp, 'same.json');
    fs.writeFileSync(pf, JSON.stringify(p));
    for (const mode of ['always', 'auto', 'never']) {
      const lt = tool(['encode', priv, pf, String(NOW - 60), '-', '-', mode]);
      const nt = await dpp.encode(p, k, { iat: NOW - 60, compress: mode });
      assert.equal(dpp.coseFromText(nt).toString('hex'), dpp.coseFromText(lt).toString('hex'), `passport ${i} ${mode}`);
      if (mode === 'never') assert.equal(nt, lt);
      if (mode === 'always') {
        // both streams carry dictionary v1 and inflate with it
        for (const t of [lt, nt]) {
          const b = bodyOf(t);
          assert.equal(b.subarray(2, 6).toString('hex'), 'a9549d2d');
          assert.ok(zlib.inflateSync(b, { dictionary: DICT_V1 }).equals(dpp.coseFromText(lt)));
        }
      }
      assert.equal(libdppVerify(nt, pub, NOW).error, null);
      assert.equal((await dpp.verify(lt, [k], NOW)).error, null);
    }
  }
});

test('Node and libdpp agree on the zlib dictionary rules (spec 4.3)', { skip }, async () => {
  const priv = path.join(ROOT, 'test-vectors', 'keys', 'ed25519.pem');
  const pub = path.join(ROOT, 'test-vectors', 'keys', 'ed25519.pub.pem');
  const trusted = [dpp.loadKey(fs.readFileSync(pub))];
  const pf = path.join(tmp, 'z.json');
  fs.writeFileSync(pf, JSON.stringify(PASSPORTS[1]));
  const text = tool(['encode', priv, pf, String(NOW - 60), '-', '-', 'always']);
  const z = bodyOf(text);
  const cose = dpp.coseFromText(text);
  const fdict0 = Buffer.concat([Buffer.from([z[0], z[1] & 0xc0]), z.subarray(6)]);
  fdict0[1] |= (31 - (((fdict0[0] << 8) | fdict0[1]) % 31)) % 31;
  const bomb = dpp.deflate(Buffer.concat([Buffer.from([0xd2]), Buffer.alloc(6000)]));
  const cases = [
    ['libdpp dictionary stream', z, null],
    ['Node dictionary stream', dpp.deflate(cose), null],
    ['legacy FDICT 0 stream', zlib.deflateSync(cose, { level: 9 }), null],
    ['other settings, dictionary v1', zlib.deflateSync(cose, { level: 6, windowBits: 15, dictionary: DICT_V1 }), null],
    ['unknown dictionary', zlib.deflateSync(cose, { windowBits: 12, dictionary: Buffer.from('not v1') }),
      'DPP_ERR_INFLATE'],
    ['DICTID changed', Buffer.concat([z.subarray(0, 5), Buffer.from([z[5] ^ 0x10]), z.subarray(6)]), 'DPP_ERR_INFLATE'],
    ['DICTID truncated (3 of 4)', z.subarray(0, 5), 'DPP_ERR_INFLATE'],
    ['header only', z.subarray(0, 2), 'DPP_ERR_INFLATE'],
    ['no deflate data', z.subarray(0, 6), 'DPP_ERR_INFLATE'],
    ['trailing byte', Buffer.concat([z, Buffer.from([0])]), 'DPP_ERR_INFLATE'],
    ['dictionary data under FDICT 0', fdict0, 'DPP_ERR_INFLATE'],
    ['bomb', bomb, 'DPP_ERR_TOO_LARGE'],
    ['bomb, unknown DICTID', Buffer.concat([bomb.subarray(0, 2), Buffer.from('01020304', 'hex'), bomb.subarray(6)]),
      'DPP_ERR_INFLATE'],
  ];
  for (const [name, body, want] of cases) {
    const t = textOf(body);
    const r = await dpp.verify(t, trusted, NOW);
    const lib = libdppVerify(t, pub, NOW);
    assert.equal(r.error, want, `${name}: Node ${r.error} ${r.message}`);
    assert.equal(lib.error, want, `${name}: libdpp ${lib.error} ${lib.message}`);
    if (want) {
      assert.equal(r.check, 'inflate', name);
      assert.equal(lib.check, 'inflate', name);
    } else {
      assert.equal(r.claims.compressed, true, name);
      assert.deepEqual(r.passport, lib.passport, name);
    }
  }
});

test('libdpp QR PNG -> jsQR -> Node verifies', { skip }, async () => {
  const priv = path.join(ROOT, 'test-vectors', 'keys', 'es256.pem');
  const trusted = [dpp.loadKey(fs.readFileSync(path.join(ROOT, 'test-vectors', 'keys', 'es256.pub.pem')))];
  for (const p of PASSPORTS) {
    const pf = path.join(tmp, 'qr.json');
    fs.writeFileSync(pf, JSON.stringify(p));
    const text = tool(['encode', priv, pf, String(NOW - 60), '-', '-', 'auto']);
    const tf = path.join(tmp, 'qr.txt');
    const png = path.join(tmp, 'qr.png');
    fs.writeFileSync(tf, text);
    tool(['png', tf, png]);
    const img = PNG.sync.read(fs.readFileSync(png));
    const code = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
    assert.ok(code, 'jsQR found no QR code');
    assert.equal(code.data, text);
    const r = await dpp.verify(code.data, trusted, NOW);
    assert.equal(r.error, null, `${r.error} at ${r.check}`);
  }
});

test('Node rejects what libdpp rejects: one changed character in libdpp texts', { skip }, async () => {
  const priv = path.join(ROOT, 'test-vectors', 'keys', 'ed25519.pem');
  const pub = path.join(ROOT, 'test-vectors', 'keys', 'ed25519.pub.pem');
  const trusted = [dpp.loadKey(fs.readFileSync(pub))];
  const pf = path.join(tmp, 'm.json');
  fs.writeFileSync(pf, JSON.stringify(PASSPORTS[1]));
  const text = tool(['encode', priv, pf, String(NOW - 60), '-', '-', 'auto']);
  const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  for (let i = 5; i < text.length; i += Math.max(1, Math.floor(text.length / 40))) {
    const c = B45[(B45.indexOf(text[i]) + 1) % 45];
    const bad = text.slice(0, i) + c + text.slice(i + 1);
    const r = await dpp.verify(bad, trusted, NOW);
    const lib = libdppVerify(bad, pub, NOW);
    assert.notEqual(r.error, null, `offset ${i}: Node accepted a changed text`);
    // Same failing check; when a changed text breaks several rules of one check
    // the spec leaves open which error is named (section 12), so only the check
    // must agree (the error names too, when they do, which is the usual case).
    assert.equal(r.check, lib.check, `offset ${i}: Node ${r.error} at ${r.check}, libdpp ${lib.error} at ${lib.check}`);
  }
});

// ---------------------------------------------------------------- the link form (spec/link.md)

for (const alg of ALGS) {
  test(`libdpp ${alg} link -> Node, Node ${alg} link -> libdpp`, { skip }, async () => {
    const priv = path.join(tmp, `l${alg}.pem`);
    const pub = path.join(tmp, `l${alg}.pub.pem`);
    tool(['keygen', alg, priv, pub]);
    const trusted = [dpp.loadKey(fs.readFileSync(pub))];
    const signer = dpp.loadKey(fs.readFileSync(priv));
    for (const p of PASSPORTS) {
      const pf = path.join(tmp, 'lp.json');
      fs.writeFileSync(pf, JSON.stringify(p));
      for (const [given, resolver, mode] of [['https://ID.Example.com/', 'id.example.com', 'never'],
        ['example.com/dpp', 'example.com/dpp', 'auto']]) {
        const link = tool(['encode', priv, pf, String(NOW - 60), '-', '-', mode, given, 'link']);
        assert.ok(dpp.isLink(link), link);
        const r = await dpp.verify(link, trusted, NOW);
        assert.equal(r.error, null, `${r.error} at ${r.check}: ${r.message}`);
        assert.deepEqual([r.claims.resolver, r.claims.form], [resolver, 'link']);
        // the same signature in both forms
        const text = tool(['encode', priv, pf, String(NOW - 60), '-', '-', mode, given, 'text']);
        const rt = await dpp.verify(text, trusted, NOW);
        assert.deepEqual([rt.error, rt.claims.resolver, rt.claims.form], [null, resolver, 'text']);
        if (alg === 'EdDSA') assert.equal(dpp.coseFromText(link).toString('hex'), dpp.coseFromText(text).toString('hex'));
        // Node's link -> libdpp
        const mine = await dpp.encode(p, signer, { iat: NOW - 60, compress: mode, resolver, form: 'link' });
        const lib = libdppVerify(mine, pub, NOW);
        assert.equal(lib.error, null, `${lib.error} at ${lib.check}: ${lib.message}`);
        assert.deepEqual([lib.claims.resolver, lib.claims.form], [resolver, 'link']);
        if (alg === 'EdDSA' && mode === 'never') assert.equal(mine, link);
      }
    }
  });
}

test('Node and libdpp agree on changed links (spec/link.md sections 1, 3, 4)', { skip }, async () => {
  const priv = path.join(ROOT, 'test-vectors', 'keys', 'ed25519.pem');
  const pub = path.join(ROOT, 'test-vectors', 'keys', 'ed25519.pub.pem');
  const trusted = [dpp.loadKey(fs.readFileSync(pub))];
  const pf = path.join(tmp, 'lm.json');
  fs.writeFileSync(pf, JSON.stringify(PASSPORTS[2])); // maximal: batch and a serial full of escapes
  const link = tool(['encode', priv, pf, String(NOW - 60), '-', '-', 'auto', 'id.example.com', 'link']);
  const [uri, frag] = link.split('#');
  const cases = [
    link.replace('ID.EXAMPLE.COM', 'ID.EXAMPLE.ORG'), link.replace('%2F', '%2f'), link.replace('/10/', '/22/A/10/'),
    `${uri}?q=1#${frag}`, `${uri}/#${frag}`, uri, `${uri}#`, `${uri}#0${frag.slice(1)}`, `${uri}#2${frag.slice(1)}`,
    link.slice(0, -1), link.slice(0, -29), link.replace('HTTPS://ID', 'HTTPS://U@ID'), link.replace('.COM/', '.COM:1/'),
    link.replace('04006381333931', '04006381333932'), ` ${link}\r\n`, link.replace('https', 'http'),
    link.replace('HTTPS://ID.EXAMPLE.COM', 'https://id.example.com'),
  ];
  // and one changed character all along the link
  const alphabet = '0A%/.#?~';
  for (let i = 0; i < link.length; i += Math.max(1, Math.floor(link.length / 80))) {
    const c = alphabet[i % alphabet.length] === link[i] ? 'Z' : alphabet[i % alphabet.length];
    cases.push(link.slice(0, i) + c + link.slice(i + 1));
  }
  for (const bad of cases) {
    const r = await dpp.verify(bad, trusted, NOW);
    const lib = libdppVerify(bad, pub, NOW);
    assert.equal(r.check, lib.check, `${bad.slice(0, 90)}: Node ${r.error} at ${r.check}, libdpp ${lib.error} at ${lib.check}`);
    if (lib.check !== 'base45') { // inside the digits several rules may break at once (section 12 leaves the choice)
      assert.equal(r.error, lib.error, `${bad.slice(0, 90)}: Node ${r.error} (${r.message}), libdpp ${lib.error}`);
    }
  }
});

test('Node and libdpp agree on white space (spec 4.1) and bidi controls (rule T)', { skip }, async () => {
  const priv = path.join(ROOT, 'test-vectors', 'keys', 'ed25519.pem');
  const pub = path.join(ROOT, 'test-vectors', 'keys', 'ed25519.pub.pem');
  const trusted = [dpp.loadKey(fs.readFileSync(pub))];
  const pf = path.join(tmp, 'ws.json');
  fs.writeFileSync(pf, JSON.stringify(PASSPORTS[0]));
  const text = tool(['encode', priv, pf, String(NOW - 60), '-', '-', 'never']);
  for (const t of [`${text}\n`, `\t ${text}\r\n`, `${text}\v`, `\f${text}`, `\u00a0${text}`, `${text}\u00a0`,
    `\ufeff${text}`, `${text.slice(0, 30)}\n${text.slice(30)}`, ' \r\n']) {
    const r = await dpp.verify(t, trusted, NOW);
    const lib = libdppVerify(t, pub, NOW);
    assert.deepEqual([r.error, r.check], [lib.error, lib.check], JSON.stringify(t.slice(0, 8)));
  }
  for (const ch of ['\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069']) {
    const iss = tool(['encode', priv, pf, String(NOW - 60), '-', `did:web:a${ch}b`, 'never']);
    assert.match(iss, /^ERR DPP_ERR_/); // libdpp's encoder refuses it; sign it here to check the verifiers
    const signer = dpp.loadKey(fs.readFileSync(priv));
    await assert.rejects(dpp.encode(dict(PASSPORTS[0], { name: `a${ch}b` }), signer, { iat: NOW - 60 }),
      (e) => e.name === 'DPP_ERR_SCHEMA_FORMAT');
  }
});

function dict(base, extra) {
  return Object.assign(JSON.parse(JSON.stringify(base)), extra);
}
