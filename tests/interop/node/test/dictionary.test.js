// SPDX-License-Identifier: Apache-2.0
// Spec section 4.3 and Appendix C on their own (no libdpp needed): the preset
// deflate dictionary v1, the verifier's FDICT/DICTID rules and the encoder's
// "only if strictly shorter" choice.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const base45 = require('base45');
const dpp = require('../lib/dpp');
const { DICT_V1, DICT_V1_ID, DICT_V1_LEN, adler32 } = require('../lib/dict_v1');

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const PASSPORT = JSON.parse(fs.readFileSync(path.join(ROOT, 'test-vectors', 'passports', 'full.json'), 'utf8'));
const IAT = 1767225600;

function specAppendixC() {
  const spec = fs.readFileSync(path.join(ROOT, 'spec', 'README.md'), 'utf8');
  const sec = spec.slice(spec.indexOf('## Appendix C.'));
  const block = /```\n([0-9a-f\n]+)```/.exec(sec);
  const sha = /SHA-256\s+`([0-9a-f]{64})`/.exec(sec);
  const id = /DICTID\s+\(Adler-32\)\s+`0x([0-9a-f]{8})`/.exec(sec);
  assert.ok(block && sha && id, 'spec Appendix C lost its hex block, SHA-256 or DICTID');
  return { bytes: Buffer.from(block[1].replace(/\s+/g, ''), 'hex'), sha: sha[1], id: parseInt(id[1], 16) };
}

function expectErr(fn, name, re) {
  assert.throws(fn, (e) => {
    assert.equal(e.name, name, e.message);
    if (re) assert.match(e.message, re);
    return true;
  });
}

// A message that refers back into the dictionary (the COSE frame is in it).
function cose() {
  return Buffer.concat([Buffer.from('d2844da201270448', 'hex'), crypto.randomBytes(8), Buffer.from('a0', 'hex'),
    DICT_V1.subarray(300, 700), crypto.randomBytes(64)]);
}

test('DICT_V1 equals spec Appendix C (bytes, length, Adler-32, SHA-256)', () => {
  const s = specAppendixC();
  assert.ok(s.bytes.equals(DICT_V1));
  assert.equal(DICT_V1.length, 1277);
  assert.equal(DICT_V1_LEN, 1277);
  assert.equal(s.id, 0xa9549d2d);
  assert.equal(DICT_V1_ID, 0xa9549d2d);
  assert.equal(adler32(DICT_V1), 0xa9549d2d);
  assert.equal(adler32(Buffer.from('Wikipedia')), 0x11e60398); // RFC 1950 Adler-32 check value
  assert.equal(crypto.createHash('sha256').update(DICT_V1).digest('hex'), s.sha);
});

test('the encoder writes FDICT 1 with DICTID a9549d2d, window bits 12', () => {
  const m = cose();
  const z = dpp.deflate(m);
  assert.equal(z[0], 0x48);
  assert.equal(z[1] & 0x20, 0x20);
  assert.equal(((z[0] << 8) | z[1]) % 31, 0);
  assert.equal(z.subarray(2, 6).toString('hex'), 'a9549d2d');
  assert.ok(dpp.inflateStrict(z).equals(m));
  assert.throws(() => zlib.inflateSync(z), /Missing dictionary/); // the stream needs the dictionary
  assert.ok(z.length < dpp.deflateLegacy(m).length);
});

test('round trips with the dictionary, other settings included', () => {
  for (const data of [Buffer.from([0xd2]), cose(), Buffer.alloc(4096, 0xd2), DICT_V1.subarray(0, 1000)]) {
    assert.ok(dpp.inflateStrict(dpp.deflate(data)).equals(data));
    for (const [windowBits, level] of [[15, 9], [9, 1], [12, 0]]) {
      const z = zlib.deflateSync(data, { windowBits, level, dictionary: DICT_V1 });
      assert.ok(dpp.inflateStrict(z).equals(data), `windowBits ${windowBits} level ${level}`);
    }
  }
});

test('an unknown DICTID is DPP_ERR_INFLATE, checked before inflating', () => {
  const other = zlib.deflateSync(cose(), { windowBits: 12, dictionary: DICT_V1.subarray(1) });
  expectErr(() => dpp.inflateStrict(other), 'DPP_ERR_INFLATE',
    new RegExp(`DICTID ${other.subarray(2, 6).toString('hex')} unknown`));
  const good = dpp.deflate(cose());
  for (let i = 2; i < 6; i++) {
    const z = Buffer.from(good);
    z[i] ^= 1;
    expectErr(() => dpp.inflateStrict(z), 'DPP_ERR_INFLATE', /DICTID [0-9a-f]{8} unknown/);
  }
  // a bomb behind an unknown DICTID: INFLATE, never TOO_LARGE
  const bomb = dpp.deflate(Buffer.alloc(100000));
  const wrong = Buffer.concat([bomb.subarray(0, 2), Buffer.from('a9549d2e', 'hex'), bomb.subarray(6)]);
  expectErr(() => dpp.inflateStrict(wrong), 'DPP_ERR_INFLATE', /DICTID a9549d2e unknown/);
  // garbage deflate data: named by the DICTID check when the DICTID is wrong, by zlib otherwise
  const hdr = Buffer.from([0x48, 0xe0]); // CINFO 4, FLEVEL 3, FDICT; FCHECK below
  hdr[1] |= (31 - ((0x48 * 256 + 0xe0) % 31)) % 31;
  assert.equal(((hdr[0] << 8) | hdr[1]) % 31, 0);
  const junk = Buffer.alloc(20, 0xff);
  expectErr(() => dpp.inflateStrict(Buffer.concat([hdr, Buffer.from('00000001', 'hex'), junk])), 'DPP_ERR_INFLATE',
    /DICTID 00000001 unknown/);
  assert.throws(() => dpp.inflateStrict(Buffer.concat([hdr, Buffer.from('a9549d2d', 'hex'), junk])),
    (e) => e.name === 'DPP_ERR_INFLATE' && !/DICTID/.test(e.message));
});

test('a stream too short for its DICTID is DPP_ERR_INFLATE', () => {
  const z = dpp.deflate(cose());
  for (const n of [2, 3, 4, 5]) {
    expectErr(() => dpp.inflateStrict(z.subarray(0, n)), 'DPP_ERR_INFLATE',
      new RegExp(`^stream of ${n} bytes too short for its 4-byte DICTID$`));
  }
  for (const n of [6, 7, z.length - 1]) {
    assert.throws(() => dpp.inflateStrict(z.subarray(0, n)), (e) => e.name === 'DPP_ERR_INFLATE', `length ${n}`);
  }
});

test('FDICT 0 (legacy) streams are accepted and never lent the dictionary', () => {
  const m = cose();
  for (const z of [dpp.deflateLegacy(m), zlib.deflateSync(m), zlib.deflateSync(m, { level: 1 })]) {
    assert.equal(z[1] & 0x20, 0);
    assert.ok(dpp.inflateStrict(z).equals(m));
  }
  // dictionary-referencing deflate data under an FDICT 0 header
  const z = dpp.deflate(m);
  const h = Buffer.from([z[0], z[1] & 0xc0]);
  h[1] |= (31 - (((h[0] << 8) | h[1]) % 31)) % 31;
  const stripped = Buffer.concat([h, z.subarray(6)]);
  assert.ok(dpp.looksLikeZlib(stripped));
  expectErr(() => dpp.inflateStrict(stripped), 'DPP_ERR_INFLATE', /distance too far back/);
});

test('4096-byte cap, trailing bytes and Adler-32 with the dictionary', () => {
  assert.equal(dpp.inflateStrict(dpp.deflate(Buffer.alloc(4096))).length, 4096);
  for (const n of [4097, 1e7]) expectErr(() => dpp.inflateStrict(dpp.deflate(Buffer.alloc(n))), 'DPP_ERR_TOO_LARGE');
  const z = dpp.deflate(cose());
  expectErr(() => dpp.inflateStrict(Buffer.concat([z, Buffer.from([0])])), 'DPP_ERR_INFLATE', /1 bytes after/);
  const bad = Buffer.from(z);
  bad[bad.length - 1] ^= 1;
  expectErr(() => dpp.inflateStrict(bad), 'DPP_ERR_INFLATE');
});

test('auto compresses only when strictly shorter', () => {
  const m = cose();
  const body = (t) => Buffer.from(base45.decode(t.slice(5)));
  for (const [delta, useZ] of [[-1, true], [0, false], [1, false]]) {
    const fake = Buffer.alloc(m.length + delta, 0x48);
    const deflateFn = () => fake;
    assert.ok(body(dpp.textFromCose(m, 'auto', { deflateFn })).equals(useZ ? fake : m), `delta ${delta}`);
    assert.ok(body(dpp.textFromCose(m, 'always', { deflateFn })).equals(fake));
    assert.ok(body(dpp.textFromCose(m, 'never', { deflateFn })).equals(m));
  }
  expectErr(() => dpp.textFromCose(m, 'sometimes'), 'DPP_ERR_INVALID_ARG');
});

test('Node texts in every mode verify in Node; legacy texts too', async () => {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const k = dpp.loadKey(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const now = IAT + 60;
  for (const [mode, legacyZlib] of [['never', false], ['always', false], ['auto', false], ['always', true]]) {
    const text = await dpp.encode(PASSPORT, k, { iat: IAT, compress: mode, legacyZlib });
    const b = Buffer.from(base45.decode(text.slice(5)));
    if (mode === 'never') assert.equal(b[0], 0xd2);
    else assert.equal(b[1] & 0x20, legacyZlib ? 0 : 0x20, `${mode} ${legacyZlib}`);
    const r = await dpp.verify(text, [k], now);
    assert.equal(r.error, null, `${mode}: ${r.error} ${r.message}`);
    assert.equal(r.claims.compressed, mode !== 'never');
  }
});
