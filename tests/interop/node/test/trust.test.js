// SPDX-License-Identifier: Apache-2.0
// The trust layer of lib/trust.js (spec/trust.md): status lists (whole, delta,
// partitions), the operator rollover chain, named schemes, 2.25 policy OIDs.
// Part A: Node alone, against the spec's own numbers. Part B: against libdpp
// in both directions, through node_peer (NODE_PEER, libdpp's public API) and
// the dpp tool (DPP_CLI); skipped without them.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');
const dpp = require('../lib/dpp');

const t = dpp.trust;
const ROOT = path.join(__dirname, '..', '..', '..', '..');
const TV = path.join(ROOT, 'test-vectors');
const NOW = 1767225600; // 2026-01-01
const IAT = 1764547200;
const H = { issued_at: 1764460800, next_update: 1769817600 };
const POLICY = { now: NOW, min_sequence: 0, grace_seconds: 0 };
const PASSPORT = JSON.parse(fs.readFileSync(path.join(TV, 'vectors', 'valid-trust-list-manufacturer.json'), 'utf8')).inputs.passport;
const PARTY = PASSPORT.manufacturer;
const tvKey = (f) => dpp.loadKey(fs.readFileSync(path.join(TV, 'keys', f)));
const MAKER = tvKey('ed25519.pem');
const OP = tvKey('operator.pem');
const OP2 = tvKey('operator-other.pem');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpp-node-trust-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

// A fresh Ed25519 key: {key (dpp.loadKey), priv path, pub path}.
function freshKey(name) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const priv = path.join(tmp, `${name}.pem`);
  const pub = path.join(tmp, `${name}.pub.pem`);
  fs.writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  fs.writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { key: dpp.loadKey(fs.readFileSync(priv)), priv, pub };
}

function write(name, bytes) {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, bytes);
  return f;
}

function trustList(op, seq, entries, chain) {
  return t.signTrustList(op, { ...H, sequence: seq },
    entries || [{ key: MAKER, role: 'manufacturer', party: PARTY }], chain || []);
}

function expectErr(fn, name) {
  assert.throws(fn, (e) => {
    assert.equal(e.name, name, e.message);
    return true;
  });
}

// ---------------------------------------------------------------- part A: Node alone

test('2.25 OIDs from UUIDs: X.667 example and the role table of trust.md 4.1', () => {
  // ITU-T X.667 | ISO/IEC 9834-8, clause 6.3 example
  assert.equal(t.oidFromUuid('f81d4fae-7dec-11d0-a765-00a0c91e6bf6'), '2.25.329800735698586629295641978511506172918');
  const spec = fs.readFileSync(path.join(ROOT, 'spec', 'trust.md'), 'utf8');
  const rows = [...spec.matchAll(/^\| ([a-z-]+) \| `([0-9a-f-]{36})` \| `(2\.25\.[0-9]+)` \|$/gm)];
  assert.equal(rows.length, 3, 'the three role rows of trust.md 4.1');
  for (const [, role, uuid, oid] of rows) {
    assert.equal(t.oidFromUuid(uuid), oid, role);
    assert.equal(t.ROLE_POLICY_UUIDS[role], uuid);
    assert.equal(t.roleOfPolicy(oid), role);
  }
  assert.equal(t.roleOfPolicy('2.999.4711.1.2'), 'certifier');
  assert.equal(t.roleOfPolicy('2.25.1'), null);
  assert.equal(t.oidFromUuid('00000000-0000-0000-0000-000000000000'), '2.25.0');
  expectErr(() => t.oidFromUuid('f81d4fae7dec11d0a76500a0c91e6bf6'), 'DPP_ERR_INVALID_ARG');
});

test('status list id: SHA-256("dpp-status-v1" || kid || period BE)[0..8], one per issuer and period', () => {
  const kid = MAKER.kid;
  const want = crypto.createHash('sha256').update(Buffer.concat([Buffer.from('dpp-status-v1'), kid,
    Buffer.from([0, 0, 0x07, 0xea])])).digest().subarray(0, 8);
  assert.deepEqual(t.statusListId(kid, 2026), want);
  assert.notDeepEqual(t.statusListId(kid, 2027), want);
  assert.notDeepEqual(t.statusListId(OP.kid, 2026), want);
});

test('LEB128 gaps (trust.md 6.4): coding, shortest form, order, range', () => {
  assert.deepEqual(t.lebGaps([0, 1, 5, 200]), Buffer.from([0, 0, 3, 0xc2, 0x01]));
  assert.deepEqual(t.readGaps(Buffer.from([0, 0, 3, 0xc2, 0x01]), 201, 'set'), [0, 1, 5, 200]);
  const many = [3, 127, 128, 16511, 16777215];
  assert.deepEqual(t.readGaps(t.lebGaps(many), 16777216, 'set'), many);
  expectErr(() => t.readGaps(Buffer.from([0x80, 0x00]), 100, 'set'), 'DPP_ERR_LIST_FORMAT'); // not shortest
  expectErr(() => t.readGaps(Buffer.from([0x85]), 100, 'set'), 'DPP_ERR_LIST_FORMAT'); // truncated
  expectErr(() => t.readGaps(Buffer.alloc(0), 100, 'set'), 'DPP_ERR_LIST_FORMAT');
  expectErr(() => t.readGaps(Buffer.from([99, 0]), 100, 'set'), 'DPP_ERR_STATUS_INDEX'); // 99, 100
});

test('status lists in a store: whole, delta, partitions, rollback, bad bodies', async () => {
  const s = new dpp.TrustStore();
  s.pinOperator(OP);
  const idA = t.statusListId(MAKER.kid, 2025);
  const idB = t.statusListId(MAKER.kid, 2026);
  const hdr = (sequence) => ({ ...H, sequence });
  s.loadStatus(t.signStatusWhole(OP, hdr(3), idA, 20, [1, 19]), POLICY);
  s.loadStatus(t.signStatusWhole(OP, hdr(1), idB, 8, []), POLICY);
  assert.equal(s.status.size, 2);
  assert.deepEqual(s.statusInfo(idA.toString('hex'), NOW), { nBits: 20, nSet: 2, sequence: 3, stale: false });
  // delta on the held sequence: set 4, clear 19
  s.loadStatus(t.signStatusDelta(OP, hdr(4), idA, 20, 3, [4], [19]), POLICY);
  assert.deepEqual(s.statusInfo(idA.toString('hex'), NOW), { nBits: 20, nSet: 2, sequence: 4, stale: false });
  assert.ok(t.bitSet(s.status.get(idA.toString('hex')).bits, 4));
  assert.ok(!t.bitSet(s.status.get(idA.toString('hex')).bits, 19));
  expectErr(() => s.loadStatus(t.signStatusDelta(OP, hdr(6), idA, 20, 5, [2], []), POLICY), 'DPP_ERR_STATUS_DELTA_BASE');
  expectErr(() => s.loadStatus(t.signStatusDelta(OP, hdr(5), idA, 21, 4, [2], []), POLICY), 'DPP_ERR_STATUS_DELTA_BASE');
  const idC = t.statusListId(OP.kid, 2026);
  expectErr(() => s.loadStatus(t.signStatusDelta(OP, hdr(2), idC, 8, 1, [2], []), POLICY), 'DPP_ERR_STATUS_DELTA_BASE');
  expectErr(() => s.loadStatus(t.signStatusWhole(OP, hdr(2), idA, 20, []), POLICY), 'DPP_ERR_LIST_ROLLBACK');
  expectErr(() => s.loadStatus(t.signStatusDelta(OP, hdr(5), idA, 20, 4, [20], []), POLICY), 'DPP_ERR_STATUS_INDEX');
  expectErr(() => s.loadStatus(t.signStatusWhole(OP2, hdr(9), idA, 20, []), POLICY), 'DPP_ERR_LIST_UNPINNED');
  // bodies: padding bits, wrong length, trailing bytes, n_bits 0
  const body = (m) => t.sign1(OP, t.encodeDet(new Map([[1, 1], [2, 3], [3, 7], [4, H.issued_at], [5, H.next_update], ...m])),
    t.AAD[3]);
  expectErr(() => s.loadStatus(body([[6, idA], [7, 20], [8, zlib.deflateSync(Buffer.from([0, 0, 0x01]))]]), POLICY),
    'DPP_ERR_LIST_FORMAT');
  expectErr(() => s.loadStatus(body([[6, idA], [7, 20], [8, zlib.deflateSync(Buffer.alloc(4))]]), POLICY), 'DPP_ERR_LIST_FORMAT');
  expectErr(() => s.loadStatus(body([[6, idA], [7, 20], [8, Buffer.concat([zlib.deflateSync(Buffer.alloc(3)), Buffer.from([0])])]]), POLICY),
    'DPP_ERR_LIST_FORMAT');
  expectErr(() => s.loadStatus(body([[6, idA], [7, 0], [8, zlib.deflateSync(Buffer.alloc(0))]]), POLICY), 'DPP_ERR_TOO_LARGE');
  expectErr(() => s.loadStatus(body([[6, idA], [7, 20], [9, 7]]), POLICY), 'DPP_ERR_LIST_FORMAT'); // neither 10 nor 11
  // a trust list given as a status list: the other type's AAD
  expectErr(() => s.loadStatus(trustList(OP, 1), POLICY), 'DPP_ERR_LIST_FORMAT');
  // verification: bit, index, missing part, no claim
  s.loadList(trustList(OP, 1), POLICY);
  const enc = (list_id, index) => dpp.encode(PASSPORT, MAKER, { iat: IAT, compress: 'never', status: { list_id, index } });
  const cases = [[idA, 0, null], [idA, 4, 'DPP_ERR_STATUS_REVOKED'], [idA, 20, 'DPP_ERR_STATUS_INDEX'],
    [idC, 0, 'DPP_ERR_STATUS_LIST_MISSING']];
  for (const [id, ix, want] of cases) {
    const r = await dpp.verify(await enc(id, ix), s, NOW);
    assert.equal(r.error, want, `${id.toString('hex')}[${ix}]: ${r.message}`);
    if (want) assert.equal(r.check, 'revocation');
    else assert.deepEqual(r.claims.status, { list_id: id.toString('hex'), index: ix });
  }
  const plain = await dpp.encode(PASSPORT, MAKER, { iat: IAT, compress: 'never' });
  assert.equal((await dpp.verify(plain, s, NOW)).error, null);
});

test('rollover chain (trust.md 3.9): follow, retire, gap, forged statement, history', () => {
  const A = freshKey('roll-a').key;
  const B = freshKey('roll-b').key;
  const C = freshKey('roll-c').key;
  const ab = t.rolloverSign(A, B);
  const bc = t.rolloverSign(B, C);
  const s = new dpp.TrustStore();
  s.pinOperator(A);
  // no chain: unpinned
  expectErr(() => s.loadList(trustList(B, 2), POLICY), 'DPP_ERR_LIST_UNPINNED');
  // a skipped step: A->B, list by C
  expectErr(() => s.loadList(trustList(C, 2, null, [ab]), POLICY), 'DPP_ERR_ROLLOVER_GAP');
  expectErr(() => s.loadList(trustList(C, 2, null, [ab, t.rolloverSign(A, C)]), POLICY), 'DPP_ERR_ROLLOVER_GAP');
  // a forged statement: names A's kid, signed by B
  const forged = t.sign1({ ...B, kid: A.kid }, t.encodeDet(new Map([[1, t.spkiOf(C)]])), t.AAD_ROLLOVER);
  expectErr(() => s.loadList(trustList(C, 2, null, [forged]), POLICY), 'DPP_ERR_SIGNATURE');
  // the other AAD: a statement is not a list, nor the reverse
  const asList = t.sign1(A, t.encodeDet(new Map([[1, t.spkiOf(C)]])), t.AAD[1]);
  expectErr(() => s.loadList(trustList(C, 2, null, [asList]), POLICY), 'DPP_ERR_SIGNATURE');
  assert.deepEqual(s.scheme('').operators.map((k) => k.kid), [A.kid], 'a failed walk changes nothing');
  // A -> B -> C: followed; A and B retired, C pinned
  const info = s.loadList(trustList(C, 3, null, [ab, bc]), POLICY);
  assert.equal(info.chain, 2);
  assert.deepEqual(s.scheme('').operators.map((k) => k.kid), [C.kid]);
  expectErr(() => s.loadList(trustList(A, 4), POLICY), 'DPP_ERR_OPERATOR_RETIRED');
  expectErr(() => s.loadList(trustList(B, 4), POLICY), 'DPP_ERR_OPERATOR_RETIRED');
  s.loadList(trustList(C, 4), POLICY);
  // pinning A again explicitly lifts its retirement
  s.pinOperator(A);
  s.loadList(trustList(A, 5), POLICY);
  // history: a verifier pinning B skips the statement by A
  const s2 = new dpp.TrustStore();
  s2.pinOperator(B);
  s2.loadList(trustList(C, 3, null, [ab, bc]), POLICY);
  assert.deepEqual(s2.scheme('').operators.map((k) => k.kid), [C.kid]);
  // signed by a pinned key: a chain from another pinned key still retires it
  const s3 = new dpp.TrustStore();
  s3.pinOperator(A);
  s3.pinOperator(B);
  s3.loadList(trustList(B, 3, null, [ab]), POLICY);
  expectErr(() => s3.loadList(trustList(A, 4), POLICY), 'DPP_ERR_OPERATOR_RETIRED');
  // an operator key revoked by the scheme's revocation list
  const s4 = new dpp.TrustStore();
  s4.pinOperator(A);
  s4.pinOperator(B);
  s4.loadRevocations(t.signRevocationList(B, { ...H, sequence: 1 },
    [{ kind: 'key', kid: A.kid.toString('hex'), reason: 'key-compromise', date: 20000 }]), POLICY);
  expectErr(() => s4.loadList(trustList(A, 2), POLICY), 'DPP_ERR_OPERATOR_RETIRED');
  // malformed statements
  expectErr(() => s.loadList(trustList(C, 9, null, [Buffer.from('a0', 'hex')]), POLICY), 'DPP_ERR_LIST_FORMAT');
  expectErr(() => t.rolloverSign(A, A), 'DPP_ERR_INVALID_ARG');
});

test('schemes (trust.md 3.8): per-entry recognition, first-named scheme reported, revocation anywhere wins', async () => {
  const text = await dpp.encode(PASSPORT, MAKER, { iat: IAT, compress: 'never' });
  const certifier = [{ key: MAKER, role: 'certifier', party: PARTY }];
  const scoped = [{ key: MAKER, role: 'manufacturer', party: PARTY, scope: { gtin_prefixes: ['0400'] } }];
  const maker = [{ key: MAKER, role: 'manufacturer', party: PARTY }];
  const s = new dpp.TrustStore();
  s.pinOperator(OP, 'eu');
  s.pinOperator(OP2, 'cn');
  s.loadList(trustList(OP, 1, certifier), POLICY, 'eu');
  let r = await dpp.verify(text, s, NOW);
  assert.equal(r.error, 'DPP_ERR_ROLE');
  s.loadList(trustList(OP2, 1, scoped), POLICY, 'cn');
  r = await dpp.verify(text, s, NOW);
  assert.deepEqual([r.error, r.check], ['DPP_ERR_SCOPE', 'scope'], 'the entry that got furthest; entries never combine');
  s.loadList(trustList(OP2, 2, maker), POLICY, 'cn');
  r = await dpp.verify(text, s, NOW);
  assert.equal(r.error, null);
  assert.equal(r.signer.scheme, 'cn');
  assert.equal(r.signer.scheme_operator, OP2.kid.toString('hex'));
  s.loadList(trustList(OP, 2, maker), POLICY, 'eu');
  r = await dpp.verify(text, s, NOW);
  assert.equal(r.signer.scheme, 'eu', 'eu was named (pinned) first');
  expectErr(() => s.loadList(trustList(OP, 3, maker), POLICY, 'cn'), 'DPP_ERR_LIST_WRONG_SCHEME');
  expectErr(() => s.loadList(trustList(freshKey('nobody').key, 3, maker), POLICY, 'cn'), 'DPP_ERR_LIST_UNPINNED');
  s.loadRevocations(t.signRevocationList(OP2, { ...H, sequence: 1 },
    [{ kind: 'key', kid: MAKER.kid.toString('hex'), reason: 'fraud', date: 20000 }]), POLICY, 'cn');
  r = await dpp.verify(text, s, NOW);
  assert.deepEqual([r.error, r.check], ['DPP_ERR_REVOKED', 'revocation']);
  assert.match(r.message, /scheme cn/);
});

// ---------------------------------------------------------------- the compact revocation set (trust.md 6.5)

// The worked example of issue 22's format note for the compact set (the same
// key 9 came from libdpp's `dpp revoke sign --compact` and from an independent
// Python encoder): four entries, two (reason, date) records.
const REVSET_EXAMPLE = {
  salt: '14aa515484a9d27f64e0ddfbf840d73e',
  revocations: [
    { kind: 'passport', passport_id: '0b5c3a8e-9d6f-4e21-a7b3-5f2e8c1d4a90', reason: 'recall', date: 20300 },
    { kind: 'passport', passport_id: '00000000-0000-4000-8000-000000000001', reason: 'recall', date: 20300 },
    { kind: 'batch', gtin: '04006381333931', batch: 'L2025-06', reason: 'recall', date: 20300 },
    { kind: 'passport', passport_id: '00000000-0000-4000-8000-000000000002', reason: 'fraud', date: 20332 },
  ],
  key9: ['14aa515484a9d27f64e0ddfbf840d73e', 4, '044f4c054f6c',
    'c1f2b124d67608a8829c891faa9672399c0cab428a259aef7c1405cb1c0e24d4', '20'],
};

const hexify = (a) => a.map((x) => (Buffer.isBuffer(x) ? x.toString('hex') : x));
const B = (h) => Buffer.from(h, 'hex');
const rid = () => crypto.randomBytes(16).toString('hex');

// MSB-first bits ('1110...') -> bytes, zero padding.
function bitsHex(bits) {
  const s = bits.replace(/ /g, '');
  const out = Buffer.alloc(Math.ceil(s.length / 8));
  for (let j = 0; j < s.length; j++) if (s[j] === '1') out[j >> 3] |= 0x80 >> (j & 7);
  return out;
}

// Defective key 9 arrays, one defect each, with the error of trust.md 6.5's table.
// The base: two entries and two records (k = 62, w = 1): codes 126 bits in
// 16 bytes, metaidx 2 bits in 1 byte.
function revsetDefects() {
  const salt = B('00112233445566778899aabbccddeeff');
  const m1 = t.metaRecord('recall', 20423);
  const m2 = t.metaRecord('fraud', 20422);
  const good = t.revsetFromHashes(salt, [{ h: 0x1234n, meta: m1 }, { h: 0x1000000000000000n, meta: m2 }]);
  const ch = (i, v) => good.map((x, j) => (j === i ? v : x));
  const lastOr = (b, bit) => Buffer.concat([b.subarray(0, -1), Buffer.from([b[b.length - 1] | bit])]);
  const one = t.metaRecord('withdrawn', 20000);
  const k44 = (codes) => [salt, 1000000, one, codes, Buffer.alloc(0)];
  const three = t.revsetFromHashes(salt, [1n, 2n, 3n].map((h, i) => ({ h, meta: t.metaRecord(i, 20000) })));
  return [
    ['the base set is good', good, null],
    ['not an array', new Map([[1, salt]]), 'DPP_ERR_LIST_FORMAT'],
    ['four items', good.slice(0, 4), 'DPP_ERR_LIST_FORMAT'],
    ['six items', [...good, Buffer.alloc(0)], 'DPP_ERR_LIST_FORMAT'],
    ['a 15-byte salt', ch(0, salt.subarray(0, 15)), 'DPP_ERR_LIST_FORMAT'],
    ['a 17-byte salt', ch(0, Buffer.concat([salt, B('00')])), 'DPP_ERR_LIST_FORMAT'],
    ['salt not a bstr', ch(0, salt.toString('hex')), 'DPP_ERR_LIST_FORMAT'],
    ['n a text', ch(1, '2'), 'DPP_ERR_LIST_FORMAT'],
    ['n negative', ch(1, -2), 'DPP_ERR_LIST_FORMAT'],
    ['n = 0', ch(1, 0), 'DPP_ERR_LIST_FORMAT'],
    ['n = 1000001', ch(1, 1000001), 'DPP_ERR_TOO_LARGE'],
    ['n = 2^64 - 1', ch(1, 18446744073709551615n), 'DPP_ERR_TOO_LARGE'],
    ['meta empty', ch(2, Buffer.alloc(0)), 'DPP_ERR_LIST_FORMAT'],
    ['meta of 4 bytes', ch(2, Buffer.concat([good[2].subarray(0, 3), B('00')])), 'DPP_ERR_LIST_FORMAT'],
    ['meta m > n', ch(2, Buffer.concat([good[2], t.metaRecord('withdrawn', 20423)])), 'DPP_ERR_LIST_FORMAT'],
    ['meta reason 7', ch(2, Buffer.concat([good[2].subarray(0, 3), B('074fc7')])), 'DPP_ERR_LIST_FORMAT'],
    ['meta unsorted', ch(2, Buffer.concat([good[2].subarray(3), good[2].subarray(0, 3)])), 'DPP_ERR_LIST_FORMAT'],
    ['meta repeated', ch(2, Buffer.concat([good[2].subarray(0, 3), good[2].subarray(0, 3)])), 'DPP_ERR_LIST_FORMAT'],
    ['a meta record no entry uses', t.revsetFromHashes(salt, [{ h: 5n, meta: m1 }, { h: 9n, meta: m1 }], [m2]), 'DPP_ERR_LIST_FORMAT'],
    ['codes not a bstr', ch(3, [1]), 'DPP_ERR_LIST_FORMAT'],
    ['metaidx one byte short', ch(4, Buffer.alloc(0)), 'DPP_ERR_LIST_FORMAT'],
    ['metaidx index >= m', [three[0], 3, three[2], three[3], bitsHex('00 01 11')], 'DPP_ERR_LIST_FORMAT'],
    ['a gap of 0', t.revsetFromHashes(salt, [{ h: 7n, meta: m1 }, { h: 7n, meta: m2 }]), 'DPP_ERR_REVSET_ORDER'],
    ['a hash below the one before', t.revsetFromHashes(salt, [{ h: 7n, meta: m1 }, { h: 6n, meta: m2 }]), 'DPP_ERR_REVSET_CODE'],
    ['the running value past 2^64 - 1', t.revsetFromHashes(salt, [{ h: (1n << 64n) - 2n, meta: m1 }, { h: (1n << 64n) + 5n, meta: m2 }]),
      'DPP_ERR_REVSET_CODE'],
    ['a quotient past 2^64 - 1 (n = 1, k = 63, q = 3)', [salt, 1, one, bitsHex(`1110${'0'.repeat(63)}`), Buffer.alloc(0)],
      'DPP_ERR_REVSET_CODE'],
    ['codes end inside a quotient', k44(B('ffff')), 'DPP_ERR_REVSET_CODE'],
    ['codes end inside a remainder', ch(3, good[3].subarray(0, 15)), 'DPP_ERR_REVSET_CODE'],
    ['codes empty', ch(3, Buffer.alloc(0)), 'DPP_ERR_REVSET_CODE'],
    ['a byte after the last code', ch(3, Buffer.concat([good[3], B('00')])), 'DPP_ERR_REVSET_TRAILING'],
    ['a padding bit of codes set', ch(3, lastOr(good[3], 1)), 'DPP_ERR_REVSET_TRAILING'],
    ['the first padding bit of codes set', ch(3, lastOr(good[3], 2)), 'DPP_ERR_REVSET_TRAILING'],
    ['a padding bit of metaidx set', ch(4, lastOr(good[4], 1)), 'DPP_ERR_REVSET_TRAILING'],
    // trust.md 6.5 names both "metaidx of the wrong length" (LIST_FORMAT) and "bytes after
    // the last code (codes or metaidx)" (REVSET_TRAILING): for a byte after metaidx libdpp
    // gives LIST_FORMAT (its length is checked first), and so does Node (README, "Differences found")
    ['a one-record set with a metaidx byte', [salt, 1, one, t.revsetFromHashes(salt, [{ h: 3n, meta: one }])[3], B('00')],
      'DPP_ERR_LIST_FORMAT'],
    ['a byte after metaidx', ch(4, Buffer.concat([good[4], B('00')])), 'DPP_ERR_LIST_FORMAT'],
  ];
}

test('compact revocation set (trust.md 6.5): the worked example, Rice parameter, writer rules, lookups', () => {
  const salt = B(REVSET_EXAMPLE.salt);
  const a = t.revsetEncode(salt, REVSET_EXAMPLE.revocations);
  assert.deepEqual(hexify(a), REVSET_EXAMPLE.key9);
  // the entry hash, from the spec's formula here: SHA-256("dpp-revset-v1" || salt || kind || key)[0..8]
  const batchKey = Buffer.concat([B('000003a4ceefadab'), Buffer.from([8]), Buffer.from('L2025-06')]); // 4006381333931
  assert.deepEqual(t.revsetBatchKey('04006381333931', 'L2025-06'), batchKey);
  const h = crypto.createHash('sha256').update(Buffer.concat([Buffer.from('dpp-revset-v1'), salt, B('03'), batchKey])).digest();
  const s = t.readRevset(a, null);
  assert.equal(s.hashes[1], h.readBigUInt64BE(0), 'the batch is the second hash');
  assert.deepEqual([...s.metaIdx], [0, 0, 1, 0]);
  assert.deepEqual(t.revsetFindBatch(s, '4006381333931', 'L2025-06'), { reason: 4, date: 20300 });
  assert.deepEqual(t.revsetFindPassport(s, '00000000-0000-4000-8000-000000000002'), { reason: 5, date: 20332 });
  assert.equal(t.revsetFindPassport(s, '00000000-0000-4000-8000-000000000003'), null);
  assert.equal(t.revsetFindBatch(s, '04006381333931', 'L2025-07'), null);
  // the batch and the passport kinds do not mix: the id's bytes as a batch key are another hash
  assert.equal(t.revsetFind(s, t.revsetHash(salt, t.REVSET_BATCH, t.revsetPassportKey('00000000-0000-4000-8000-000000000002'))), null);
  // k = 64 - bitlen(n): 63 for n = 1, 44 for n = 10^6 (trust.md 6.5)
  assert.deepEqual([1, 2, 3, 4, 1000000].map((n) => 64 - t.bitlen(n)), [63, 62, 62, 61, 44]);
  // one entry: k = 63, no metaidx
  const one = t.revsetEncode(salt, [REVSET_EXAMPLE.revocations[0]]);
  assert.equal(one[4].length, 0);
  // 0b5c3a8e... is the example's last hash (>= 2^63): q = 1, so '1' '0' and its low 63 bits: 65 bits in 9 bytes
  assert.equal(s.hashes[3] >> 63n, 1n);
  assert.equal(one[3].length, 9);
  assert.equal(one[3][0] >> 6, 2);
  assert.equal(t.readRevset(one, null).hashes[0], s.hashes[3]);
  // the same passport twice: one entry, the smaller meta record kept
  const twice = t.revsetEncode(salt, [{ ...REVSET_EXAMPLE.revocations[3], reason: 'withdrawn' }, REVSET_EXAMPLE.revocations[3]]);
  assert.equal(twice[1], 1);
  assert.equal(twice[2].toString('hex'), '054f6c');
  // round trips: sizes around the restart block of libdpp (16), several records
  for (const [n, nMeta] of [[1, 1], [2, 2], [15, 3], [16, 1], [17, 5], [1000, 40]]) {
    const salt2 = crypto.randomBytes(16);
    const revs = [];
    for (let i = 0; i < n; i++) {
      const r = { reason: ['unspecified', 'recall', 'fraud', 'withdrawn'][i % 4], date: 20000 + (i % nMeta) };
      revs.push(i % 3 === 2 ? { kind: 'batch', gtin: '06901234567892', batch: `B-${i}`, ...r } : { kind: 'passport', passport_id: rid(), ...r });
    }
    const set = t.readRevset(t.revsetEncode(salt2, revs), null);
    assert.equal(set.n, n);
    assert.equal(set.m, new Set(revs.map((r) => `${r.reason}/${r.date}`)).size);
    for (let i = 1; i < n; i++) assert.ok(set.hashes[i] > set.hashes[i - 1]);
    for (const r of revs) {
      const got = r.kind === 'batch' ? t.revsetFindBatch(set, r.gtin, r.batch) : t.revsetFindPassport(set, r.passport_id);
      assert.deepEqual(got, { reason: ['unspecified', 'key-compromise', 'superseded', 'cessation', 'recall', 'fraud', 'withdrawn'].indexOf(r.reason), date: r.date });
    }
    for (let i = 0; i < 50; i++) assert.equal(t.revsetFindPassport(set, rid()), null);
  }
  expectErr(() => t.revsetEncode(salt.subarray(0, 15), REVSET_EXAMPLE.revocations), 'DPP_ERR_INVALID_ARG');
  expectErr(() => t.revsetEncode(salt, []), 'DPP_ERR_INVALID_ARG');
});

test('compact revocation set: strict reading, one defect at a time (trust.md 6.5 table)', () => {
  for (const [name, a, want] of revsetDefects()) {
    if (want === null) {
      assert.equal(t.readRevset(a, null).n, 2, name);
      continue;
    }
    assert.throws(() => t.readRevset(a, null), (e) => {
      assert.equal(e.name, want, `${name}: ${e.message}`);
      return true;
    }, name);
  }
  // the error message names the entry, the bit and the payload offset
  const s = new dpp.TrustStore();
  s.pinOperator(OP);
  const d = revsetDefects().find((x) => x[0] === 'a gap of 0')[1];
  const list = t.signRevocationList(OP, { ...H, sequence: 1 }, [], { hashed: d });
  assert.throws(() => s.loadRevocations(list, POLICY), (e) => e.name === 'DPP_ERR_REVSET_ORDER' &&
    /hash 1 \(bit 63, offset \d+\) is not above hash 0/.test(e.message));
  // a list with keys 6 and 9 in the store; the verifier looks in key 9 for the id and the batch
  s.loadList(trustList(OP, 1), POLICY);
  s.loadRevocations(t.signRevocationList(OP, { ...H, sequence: 2 }, [
    { kind: 'key', kid: OP2.kid.toString('hex'), reason: 'key-compromise', date: 20000 },
    { kind: 'passport', passport_id: rid(), reason: 'recall', date: 20000 }], { salt: crypto.randomBytes(16) }), POLICY);
  const rv = s.scheme('').revocations;
  assert.equal(rv.kids.size, 1);
  assert.equal(rv.ids.size, 0);
  assert.equal(rv.hashed.n, 1);
});

// ---------------------------------------------------------------- part B: against libdpp

const PEER = process.env.NODE_PEER;
const CLI = process.env.DPP_CLI;
const noPeer = PEER && fs.existsSync(PEER) ? false : 'NODE_PEER (build/tests/interop/node/node_peer) not set';
const noCli = CLI && fs.existsSync(CLI) ? false : 'DPP_CLI (the dpp tool) not set';

function peer(...args) {
  return execFileSync(PEER, args.map(String), { encoding: 'utf8' }).trim();
}

function peerVerify(text, ...actions) {
  const f = write(`text-${crypto.randomBytes(4).toString('hex')}.txt`, text);
  return JSON.parse(peer('verify', f, NOW, ...actions));
}

const KEYS = (f) => path.join(TV, 'keys', f);
const PASSPORT_FILE = write('passport.json', JSON.stringify(PASSPORT));

// Loads the same lists into a Node store (in the same order) and verifies.
async function nodeVerify(text, actions) {
  const s = new dpp.TrustStore();
  for (let i = 0; i < actions.length; i += 2) {
    const [flag, arg] = [actions[i], actions[i + 1]];
    const [name, file] = arg.includes('=') ? arg.split('=') : [null, arg];
    const check = { '--trust': 'trust_list', '--revocations': 'revocation_list', '--status': 'status_list' }[flag];
    try {
      if (flag === '--pin') s.pinOperator(dpp.loadKey(fs.readFileSync(file)), name || '');
      else if (flag === '--key') s.addKey(dpp.loadKey(fs.readFileSync(file)));
      else if (flag === '--trust') s.loadList(fs.readFileSync(file), POLICY, name);
      else if (flag === '--revocations') s.loadRevocations(fs.readFileSync(file), POLICY, name);
      else if (flag === '--status') s.loadStatus(fs.readFileSync(file), POLICY);
    } catch (e) {
      if (!(e instanceof dpp.DppError)) throw e;
      return { error: e.name, check, scheme: null };
    }
  }
  const r = await dpp.verify(text, s, NOW);
  return { error: r.error, check: r.check, scheme: r.error ? null : r.signer.scheme };
}

async function agree(text, actions, want) {
  const l = peerVerify(text, ...actions);
  const n = await nodeVerify(text, actions);
  assert.deepEqual({ error: n.error, check: n.check, scheme: n.scheme }, { error: l.error, check: l.check, scheme: l.scheme },
    `Node and libdpp differ (libdpp: ${l.message})`);
  if (want !== undefined) assert.deepEqual([l.error, l.check], want, l.message);
  return l;
}

test('libdpp: oid and status list id equal Node\'s', { skip: noPeer }, () => {
  for (const u of ['f81d4fae-7dec-11d0-a765-00a0c91e6bf6', ...Object.values(t.ROLE_POLICY_UUIDS),
    '00000000-0000-0000-0000-000000000001', 'ffffffff-ffff-ffff-ffff-ffffffffffff']) {
    assert.equal(peer('oid', u), t.oidFromUuid(u), u);
  }
  for (const [kid, period] of [[MAKER.kid, 2026], [OP.kid, 202601], [Buffer.alloc(8, 0xff), 4294967295], [Buffer.alloc(8), 0]]) {
    assert.equal(peer('status-id', kid.toString('hex'), period), t.statusListId(kid, period).toString('hex'));
  }
});

test('libdpp writes status lists and passports with a status claim -> Node reads them', { skip: noPeer }, async () => {
  const id = t.statusListId(MAKER.kid, 2026);
  const idh = id.toString('hex');
  const whole = path.join(tmp, 'l-whole.cose');
  const delta = path.join(tmp, 'l-delta.cose');
  peer('status-sign', KEYS('operator.pem'), idh, 1000, '3,500,999', 7, H.issued_at, H.next_update, whole);
  peer('status-delta', KEYS('operator.pem'), idh, 1000, '3,500,999', '3,10,999', 7, 8, H.issued_at, H.next_update, delta);
  const s = new dpp.TrustStore();
  s.pinOperator(OP);
  s.loadList(trustList(OP, 1), POLICY);
  assert.equal(s.loadStatus(fs.readFileSync(whole), POLICY).delta, false);
  assert.deepEqual(s.statusInfo(idh, NOW), { nBits: 1000, nSet: 3, sequence: 7, stale: false });
  assert.equal(s.loadStatus(fs.readFileSync(delta), POLICY).delta, true);
  const bits = s.status.get(idh).bits;
  assert.deepEqual([3, 10, 500, 999].map((i) => t.bitSet(bits, i)), [true, true, false, true]);
  // the delta has no zlib in it: Node's writer gives the same bytes (Ed25519)
  assert.deepEqual(t.signStatusDelta(OP, { ...H, sequence: 8 }, id, 1000, 7, [10], [500]), fs.readFileSync(delta));
  // libdpp's passports with a status claim
  for (const [ix, want] of [[500, null], [10, 'DPP_ERR_STATUS_REVOKED'], [1000, 'DPP_ERR_STATUS_INDEX']]) {
    const text = peer('encode', KEYS('ed25519.pem'), PASSPORT_FILE, IAT, idh, ix);
    const r = await dpp.verify(text, s, NOW);
    assert.equal(r.error, want, r.message);
    if (!want) assert.deepEqual(r.claims.status, { list_id: idh, index: ix });
    // Node's encoder writes the same COSE message (Ed25519)
    const mine = await dpp.encode(PASSPORT, MAKER, { iat: IAT, compress: 'auto', status: { list_id: id, index: ix } });
    assert.deepEqual(dpp.coseFromText(mine), dpp.coseFromText(text));
  }
});

test('Node writes status lists (whole, delta) and passports -> libdpp accepts, same outcomes', { skip: noPeer }, async () => {
  const id = t.statusListId(MAKER.kid, 202601);
  const other = t.statusListId(MAKER.kid, 202602);
  const tl = write('n-tl.cose', trustList(OP, 1));
  const whole = write('n-whole.cose', t.signStatusWhole(OP, { ...H, sequence: 2 }, id, 300, [0, 7, 8, 299]));
  const d1 = write('n-d1.cose', t.signStatusDelta(OP, { ...H, sequence: 3 }, id, 300, 2, [100, 101, 250], [7, 299]));
  const d2 = write('n-d2.cose', t.signStatusDelta(OP, { ...H, sequence: 4 }, id, 300, 3, [], [100]));
  const wrongBase = write('n-d9.cose', t.signStatusDelta(OP, { ...H, sequence: 9 }, id, 300, 8, [1], []));
  const older = write('n-old.cose', t.signStatusWhole(OP, { ...H, sequence: 1 }, id, 300, []));
  const other1 = write('n-other.cose', t.signStatusWhole(OP, { ...H, sequence: 1 }, other, 8, [1]));
  const base = ['--pin', KEYS('operator.pub.pem'), '--trust', tl];
  const enc = async (list, ix) => dpp.encode(PASSPORT, MAKER, { iat: IAT, compress: 'auto', status: { list_id: list, index: ix } });
  // whole only
  for (const [ix, want] of [[1, [null, null]], [7, ['DPP_ERR_STATUS_REVOKED', 'revocation']], [299, ['DPP_ERR_STATUS_REVOKED', 'revocation']],
    [300, ['DPP_ERR_STATUS_INDEX', 'revocation']]]) {
    await agree(await enc(id, ix), [...base, '--status', whole], want);
  }
  // whole + deltas
  const all = [...base, '--status', whole, '--status', d1, '--status', d2];
  for (const [ix, want] of [[7, [null, null]], [100, [null, null]], [101, ['DPP_ERR_STATUS_REVOKED', 'revocation']],
    [250, ['DPP_ERR_STATUS_REVOKED', 'revocation']], [0, ['DPP_ERR_STATUS_REVOKED', 'revocation']], [299, [null, null]]]) {
    await agree(await enc(id, ix), all, want);
  }
  const text = await enc(id, 3);
  await agree(text, [...base, '--status', d1], ['DPP_ERR_STATUS_DELTA_BASE', 'status_list']);
  await agree(text, [...base, '--status', whole, '--status', wrongBase], ['DPP_ERR_STATUS_DELTA_BASE', 'status_list']);
  await agree(text, [...base, '--status', whole, '--status', older], ['DPP_ERR_LIST_ROLLBACK', 'status_list']);
  await agree(text, [...base, '--status', other1], ['DPP_ERR_STATUS_LIST_MISSING', 'revocation']);
  await agree(await enc(other, 1), [...base, '--status', other1, '--status', whole], ['DPP_ERR_STATUS_REVOKED', 'revocation']);
  await agree(text, [...base, '--status', tl], ['DPP_ERR_LIST_FORMAT', 'status_list']);
  await agree(text, ['--pin', KEYS('operator-other.pub.pem'), '--key', KEYS('ed25519.pub.pem'), '--status', whole],
    ['DPP_ERR_LIST_UNPINNED', 'status_list']);
  // no status list loaded: the claim is not checked
  await agree(text, base, [null, null]);
  // the dpp tool reads Node's lists too
  const tf = write('n-text.txt', await enc(id, 101));
  const cli = (...more) => {
    try {
      execFileSync(CLI, ['verify', '--no-state', '--at', `@${NOW}`, '--json', ...base, ...more, '--in', tf], { encoding: 'utf8' });
      return null;
    } catch (e) {
      return JSON.parse(e.stdout).error;
    }
  };
  if (!noCli) {
    assert.equal(cli('--status', whole), null);
    assert.equal(cli('--status', whole, '--status', d1), 'DPP_ERR_STATUS_REVOKED');
  }
});

test('rollover: libdpp\'s statements and chains -> Node, Node\'s -> libdpp, byte-identical statements', { skip: noPeer }, async () => {
  const A = freshKey('p-a');
  const B = freshKey('p-b');
  const C = freshKey('p-c');
  const text = await dpp.encode(PASSPORT, MAKER, { iat: IAT, compress: 'never' });
  // statements: libdpp's bytes equal Node's (Ed25519)
  const abFile = path.join(tmp, 'ab.cose');
  peer('rollover', A.priv, B.pub, abFile);
  const ab = t.rolloverSign(A.key, B.key);
  assert.deepEqual(fs.readFileSync(abFile), ab);
  const bc = t.rolloverSign(B.key, C.key);
  // Node's chains -> libdpp and Node, the same outcome
  const l = (name, op, seq, chain) => write(name, trustList(op, seq, null, chain));
  const ok = l('r-ok.cose', C.key, 3, [ab, bc]);
  await agree(text, ['--pin', A.pub, '--trust', ok], [null, null]);
  await agree(text, ['--pin', B.pub, '--trust', ok], [null, null]);
  await agree(text, ['--pin', A.pub, '--trust', ok, '--trust', l('r-old.cose', A.key, 4)], ['DPP_ERR_OPERATOR_RETIRED', 'trust_list']);
  await agree(text, ['--pin', A.pub, '--trust', ok, '--trust', l('r-new.cose', C.key, 4)], [null, null]);
  await agree(text, ['--pin', A.pub, '--trust', l('r-gap.cose', C.key, 3, [ab])], ['DPP_ERR_ROLLOVER_GAP', 'trust_list']);
  await agree(text, ['--pin', A.pub, '--trust', l('r-gap2.cose', C.key, 3, [ab, t.rolloverSign(A.key, C.key)])],
    ['DPP_ERR_ROLLOVER_GAP', 'trust_list']);
  const forged = t.sign1({ ...B.key, kid: A.key.kid }, t.encodeDet(new Map([[1, t.spkiOf(C.key)]])), t.AAD_ROLLOVER);
  await agree(text, ['--pin', A.pub, '--trust', l('r-forged.cose', C.key, 3, [forged])], ['DPP_ERR_SIGNATURE', 'trust_list']);
  await agree(text, ['--pin', C.pub, '--trust', l('r-none.cose', B.key, 3, [ab])], ['DPP_ERR_LIST_UNPINNED', 'trust_list']);
  await agree(text, ['--pin', A.pub, '--pin', B.pub, '--trust', l('r-both.cose', B.key, 3, [ab]), '--trust', l('r-a.cose', A.key, 4)],
    ['DPP_ERR_OPERATOR_RETIRED', 'trust_list']);
  // A malformed statement in the chain of a list whose signer is not pinned:
  // trust.md 3.9 says DPP_ERR_LIST_FORMAT (libdpp said LIST_UNPINNED until this
  // test found it); with a pinned signer too.
  await agree(text, ['--pin', A.pub, '--trust', l('r-junk.cose', C.key, 3, [Buffer.from('d2', 'hex')])],
    ['DPP_ERR_LIST_FORMAT', 'trust_list']);
  await agree(text, ['--pin', C.pub, '--trust', l('r-junk2.cose', C.key, 3, [Buffer.from('d2', 'hex')])],
    ['DPP_ERR_LIST_FORMAT', 'trust_list']);
  // Revocation and status lists signed by a retired or a revoked operator key.
  // trust.md 3.9: "A later list signed by a retired key is DPP_ERR_OPERATOR_RETIRED
  // ... A list signed by an operator key that the scheme's revocation list revokes
  // (any reason) is refused with the same code." libdpp checked trust lists only
  // until this test found it (a revoked operator key's revocation list replaced
  // the list that revoked it); now both follow the spec.
  const sid = t.statusListId(MAKER.kid, 1);
  const revByA = write('r-revA.cose', t.signRevocationList(A.key, { ...H, sequence: 5 }, []));
  const stByA = write('r-stA.cose', t.signStatusWhole(A.key, { ...H, sequence: 5 }, sid, 8, []));
  await agree(text, ['--pin', A.pub, '--trust', ok, '--revocations', revByA],
    ['DPP_ERR_OPERATOR_RETIRED', 'revocation_list']);
  await agree(text, ['--pin', A.pub, '--trust', ok, '--status', stByA],
    ['DPP_ERR_OPERATOR_RETIRED', 'status_list']);
  const revokesA = write('r-revB.cose', t.signRevocationList(B.key, { ...H, sequence: 1 },
    [{ kind: 'key', kid: A.key.kid.toString('hex'), reason: 'key-compromise', date: 20000 }]));
  const byB = l('r-byB.cose', B.key, 2);
  await agree(text, ['--pin', A.pub, '--pin', B.pub, '--revocations', revokesA, '--trust', l('r-byA.cose', A.key, 2)],
    ['DPP_ERR_OPERATOR_RETIRED', 'trust_list']);
  await agree(text, ['--pin', A.pub, '--pin', B.pub, '--revocations', revokesA, '--trust', byB, '--revocations', revByA],
    ['DPP_ERR_OPERATOR_RETIRED', 'revocation_list']);
  await agree(text, ['--pin', A.pub, '--pin', B.pub, '--revocations', revokesA, '--trust', byB, '--status', stByA],
    ['DPP_ERR_OPERATOR_RETIRED', 'status_list']);
  // the dpp tool's rollover (dpp trust sign --rollover-from OLD.pem) -> Node
  const listA = path.join(tmp, 'cli-list.cbor');
  const run = (...a) => execFileSync(CLI, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (!noCli) {
    run('trust', 'init', '--operator-key', A.priv, '-o', listA, '--issued', `@${H.issued_at}`, '--valid-for', '60d');
    run('trust', 'add', listA, '--operator-key', A.priv, '--key', KEYS('ed25519.pub.pem'), '--role', 'manufacturer',
      '--name', PARTY.name, '--country', PARTY.country, '--issued', `@${H.issued_at}`);
    const listB = path.join(tmp, 'cli-list-b.cbor');
    run('trust', 'sign', listA, '--operator-key', B.priv, '--pin', A.pub, '--rollover-from', A.priv, '-o', listB,
      '--issued', `@${H.issued_at}`);
    const n = await nodeVerify(text, ['--pin', A.pub, '--trust', listB]);
    assert.deepEqual(n, { error: null, check: null, scheme: '' });
    const s = new dpp.TrustStore();
    s.pinOperator(A.key);
    assert.equal(s.loadList(fs.readFileSync(listB), POLICY).chain, 1);
    assert.deepEqual(s.scheme('').operators.map((k) => k.kid), [B.key.kid]);
    // its statement is the one node_peer and Node write
    const st = dpp.trust.cborStep(dpp.trust.openSign1(fs.readFileSync(listB), 'list').payload).get(7)[0];
    assert.deepEqual(st, ab);
    expectErr(() => s.loadList(fs.readFileSync(listA), POLICY), 'DPP_ERR_OPERATOR_RETIRED');
    await agree(text, ['--pin', A.pub, '--trust', listB, '--trust', listA], ['DPP_ERR_OPERATOR_RETIRED', 'trust_list']);
  }
});

test('schemes: Node\'s lists in two schemes -> libdpp, same recognition, scheme and errors', { skip: noPeer }, async () => {
  const text = await dpp.encode(PASSPORT, MAKER, { iat: IAT, compress: 'never' });
  const L = (name, op, seq, entries) => write(name, trustList(op, seq, entries));
  const maker = [{ key: MAKER, role: 'manufacturer', party: PARTY }];
  const cert = L('s-cert.cose', OP, 1, [{ key: MAKER, role: 'certifier', party: PARTY }]);
  const scoped = L('s-scope.cose', OP2, 1, [{ key: MAKER, role: 'manufacturer', party: PARTY, scope: { categories: ['Textiles'] } }]);
  const window = L('s-win.cose', OP2, 1, [{ key: MAKER, role: 'manufacturer', party: PARTY, not_before: IAT + 10 }]);
  const euOk = L('s-eu.cose', OP, 2, maker);
  const cnOk = L('s-cn.cose', OP2, 2, maker);
  const eu = `eu=${KEYS('operator.pub.pem')}`;
  const cn = `cn=${KEYS('operator-other.pub.pem')}`;
  await agree(text, ['--pin', eu, '--pin', cn, '--trust', `eu=${cert}`, '--trust', `cn=${scoped}`], ['DPP_ERR_SCOPE', 'scope']);
  await agree(text, ['--pin', eu, '--pin', cn, '--trust', `eu=${cert}`, '--trust', `cn=${window}`], ['DPP_ERR_ROLE', 'role']);
  assert.equal((await agree(text, ['--pin', eu, '--pin', cn, '--trust', `eu=${cert}`, '--trust', `cn=${cnOk}`], [null, null])).scheme, 'cn');
  assert.equal((await agree(text, ['--pin', eu, '--pin', cn, '--trust', `cn=${cnOk}`, '--trust', `eu=${euOk}`], [null, null])).scheme, 'eu');
  await agree(text, ['--pin', eu, '--pin', cn, '--trust', `cn=${euOk}`], ['DPP_ERR_LIST_WRONG_SCHEME', 'trust_list']);
  await agree(text, ['--pin', KEYS('operator.pub.pem'), '--pin', cn, '--trust', `cn=${euOk}`], ['DPP_ERR_LIST_WRONG_SCHEME', 'trust_list']);
  const rev = write('s-rev.cose', t.signRevocationList(OP2, { ...H, sequence: 1 },
    [{ kind: 'batch', gtin: PASSPORT.gtin, batch: 'B-1', reason: 'recall', date: 20000 },
      { kind: 'key', kid: MAKER.kid.toString('hex'), reason: 'superseded', date: Math.floor(IAT / 86400) + 1 }]));
  await agree(text, ['--pin', eu, '--pin', cn, '--trust', `eu=${euOk}`, '--revocations', `cn=${rev}`], [null, null]);
  // "the scheme named first wins": the scheme the verifier named (pinned) first, not the first by name
  const zz = `zz=${KEYS('operator.pub.pem')}`;
  const aa = `aa=${KEYS('operator-other.pub.pem')}`;
  assert.equal((await agree(text, ['--pin', zz, '--pin', aa, '--trust', `aa=${cnOk}`, '--trust', `zz=${euOk}`], [null, null])).scheme, 'zz');
  assert.equal((await agree(text, ['--pin', aa, '--pin', zz, '--trust', `zz=${euOk}`, '--trust', `aa=${cnOk}`], [null, null])).scheme, 'aa');
  // a scheme with no pins of its own: DPP_ERR_INVALID_ARG (trust.md 3.3 step 6), unless another scheme pins the signer
  await agree(text, ['--pin', eu, '--trust', `cn=${cnOk}`], ['DPP_ERR_INVALID_ARG', 'trust_list']);
  await agree(text, ['--pin', eu, '--trust', `cn=${euOk}`], ['DPP_ERR_LIST_WRONG_SCHEME', 'trust_list']);
  await agree(text, ['--pin', eu, '--revocations', `cn=${rev}`], ['DPP_ERR_INVALID_ARG', 'revocation_list']);
  const rev2 = write('s-rev2.cose', t.signRevocationList(OP2, { ...H, sequence: 2 },
    [{ kind: 'key', kid: MAKER.kid.toString('hex'), reason: 'superseded', date: Math.floor(IAT / 86400) }]));
  await agree(text, ['--pin', eu, '--pin', cn, '--trust', `eu=${euOk}`, '--revocations', `cn=${rev2}`], ['DPP_ERR_REVOKED', 'revocation']);
});

// Certificates with role policies under 2.25 (trust.md 4, 4.1), made by the
// openssl tool: Node's reading of certificatePolicies (certRole) against
// libdpp's X.509 mode (dpp verify --ca CA --cert SIGNER). Node has no chain
// verification (section 4 is not implemented): this checks the policy mapping.
let openssl = null;
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' });
  openssl = 'openssl';
} catch (e) {
  openssl = null;
}

test('2.25 role policies in OpenSSL certificates: Node\'s certRole and libdpp agree', { skip: noCli || (openssl ? false : 'openssl not found') }, async () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'pki-'));
  const f = (n) => path.join(dir, n);
  const ossl = (...a) => execFileSync(openssl, a, { stdio: ['ignore', 'pipe', 'pipe'] });
  ossl('genpkey', '-algorithm', 'ed25519', '-out', f('ca.key'));
  ossl('req', '-x509', '-new', '-key', f('ca.key'), '-subj', '/CN=Node interop CA', '-days', '30',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign', '-out', f('ca.pem'));
  ossl('genpkey', '-algorithm', 'ed25519', '-out', f('m.key'));
  ossl('req', '-new', '-key', f('m.key'), '-subj', '/CN=Maker', '-out', f('m.csr'));
  const maker = t.oidFromUuid(t.ROLE_POLICY_UUIDS.manufacturer);
  const certifier = t.oidFromUuid(t.ROLE_POLICY_UUIDS.certifier);
  const signer = dpp.loadKey(fs.readFileSync(f('m.key')));
  const now = Math.floor(Date.now() / 1000);
  const text = write('pki-text.txt', await dpp.encode(PASSPORT, signer, { iat: now - 60, compress: 'auto' }));
  const cases = [
    [[maker], 'manufacturer', null],
    [[certifier], 'certifier', 'DPP_ERR_ROLE'],
    [[maker, '2.999.4711.1.1'], 'manufacturer', null],
    [[maker, '2.999.4711.1.2'], 'DPP_ERR_CERT_POLICY', 'DPP_ERR_CERT_POLICY'],
    [['2.25.329800735698586629295641978511506172918'], 'DPP_ERR_CERT_POLICY', 'DPP_ERR_CERT_POLICY'],
  ];
  for (const [i, [oids, nodeWant, libdppErr]] of cases.entries()) {
    fs.writeFileSync(f('ext'), `certificatePolicies=${oids.join(',')}\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n`);
    ossl('x509', '-req', '-in', f('m.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-set_serial', String(i + 2),
      '-days', '20', '-extfile', f('ext'), '-out', f(`m${i}.pem`));
    const pem = fs.readFileSync(f(`m${i}.pem`), 'utf8');
    assert.deepEqual(t.certPolicyOids(pem), oids);
    let role;
    try {
      role = t.certRole(pem);
    } catch (e) {
      role = e.name;
    }
    assert.equal(role, nodeWant, oids.join(' '));
    let out;
    try {
      out = JSON.parse(execFileSync(CLI, ['verify', '--no-state', '--json', '--ca', f('ca.pem'), '--cert', f(`m${i}.pem`), '--in', text],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    } catch (e) {
      // a refused signer certificate stops the tool before verifying: no JSON,
      // exit 2 and the DPP_ERR_CERT_POLICY message ("no libdpp role policy", "several ...")
      if (e.stdout) out = JSON.parse(e.stdout);
      else out = { error: /role polic/.test(String(e.stderr)) ? 'DPP_ERR_CERT_POLICY' : `unexpected: ${e.stderr}` };
    }
    assert.equal(out.error, libdppErr, `${oids.join(' ')}: ${JSON.stringify(out).slice(0, 300)}`);
    if (!libdppErr) assert.equal(out.signer.role, nodeWant);
  }
});

// The compact revocation set (trust.md 6.5) in both directions: Node's compact
// lists (key 9) loaded by libdpp (node_peer, the dpp tool), and the dpp tool's
// `dpp revoke sign --compact` lists read by Node, with the same outcomes; the
// defects of revsetDefects() refused by both with the same error.
const REVOKED_ID = '5f0a7c3e-1b2d-4e8f-9a6b-0c1d2e3f4a5b';
const REVOKED_BATCH = 'B-2025/11';

async function compactTexts() {
  const enc = (p) => dpp.encode({ ...PASSPORT, ...p }, MAKER, { iat: IAT, compress: 'never' });
  return [
    [await enc({ id: REVOKED_ID }), ['DPP_ERR_REVOKED', 'revocation'], 'the id revoked'],
    [await enc({ id: REVOKED_ID, batch: 'B-2025/12' }), ['DPP_ERR_REVOKED', 'revocation'], 'the id revoked, another batch'],
    [await enc({ batch: REVOKED_BATCH }), ['DPP_ERR_REVOKED', 'revocation'], 'the batch revoked'],
    [await enc({ batch: 'B-2025/12' }), [null, null], 'another batch'],
    [await enc({ batch: 'B-2025/1' }), [null, null], 'a batch one character shorter'],
    [await enc({}), [null, null], 'no batch, another id'],
    [await enc({ gtin: '04006381333931', batch: REVOKED_BATCH }), [null, null], 'the batch text under another GTIN'],
  ];
}

const compactRevocations = (others) => [
  ...others.map((id, i) => ({ kind: 'passport', passport_id: id, reason: ['recall', 'fraud', 'withdrawn'][i % 3], date: 20300 + (i % 5) })),
  { kind: 'passport', passport_id: REVOKED_ID, reason: 'recall', date: 20423 },
  { kind: 'batch', gtin: PASSPORT.gtin, batch: REVOKED_BATCH, reason: 'fraud', date: 20423 },
  { kind: 'batch', gtin: PASSPORT.gtin, batch: 'B-2025/10', reason: 'fraud', date: 20423 },
];

test('compact revocation lists: Node\'s -> libdpp (node_peer, dpp verify), same outcomes and errors', { skip: noPeer }, async () => {
  const tl = write('c-tl.cose', trustList(OP, 1));
  const others = Array.from({ length: 40 }, rid);
  const revs = [...compactRevocations(others), { kind: 'key', kid: OP2.kid.toString('hex'), reason: 'key-compromise', date: 20000 }];
  const list = t.signRevocationList(OP, { ...H, sequence: 2 }, revs, { salt: crypto.randomBytes(16) });
  const p = t.cborStep(t.openSign1(list, 'list').payload);
  assert.deepEqual([...p.keys()], [1, 2, 3, 4, 5, 6, 9], 'kids in key 6, passports and batches in key 9');
  assert.equal(p.get(9)[1], 43);
  const file = write('c-node.cose', list);
  const base = ['--pin', KEYS('operator.pub.pem'), '--trust', tl, '--revocations', file];
  for (const [text, want, what] of await compactTexts()) {
    const l = await agree(text, base, want);
    if (want[0]) assert.match(l.message, /compact/, what);
  }
  // one entry (k = 63), the revoked id only
  const single = write('c-single.cose', t.signRevocationList(OP, { ...H, sequence: 2 },
    [{ kind: 'passport', passport_id: REVOKED_ID, reason: 'withdrawn', date: 20423 }], { salt: crypto.randomBytes(16) }));
  const texts = await compactTexts();
  await agree(texts[0][0], [...base.slice(0, 4), '--revocations', single], ['DPP_ERR_REVOKED', 'revocation']);
  await agree(texts[2][0], [...base.slice(0, 4), '--revocations', single], [null, null]);
  // the defects: the same error in both, at check revocation_list
  for (const [name, a, want] of revsetDefects()) {
    const f = write(`c-bad-${name.replace(/[^a-z0-9]+/g, '-')}.cose`, t.signRevocationList(OP, { ...H, sequence: 2 }, [], { hashed: a }));
    const l = peerVerify(texts[5][0], ...base.slice(0, 4), '--revocations', f);
    const n = await nodeVerify(texts[5][0], [...base.slice(0, 4), '--revocations', f]);
    assert.deepEqual([n.error, n.check], [l.error, l.check], `${name}: libdpp says ${l.message}`);
    assert.deepEqual([l.error, l.check], want === null ? [null, null] : [want, 'revocation_list'], `${name}: ${l.message}`);
  }
  // the dpp tool: dpp verify --revocations with Node's compact list
  if (!noCli) {
    const verdict = (text) => {
      const tf = write(`c-text-${crypto.randomBytes(4).toString('hex')}.txt`, text);
      try {
        execFileSync(CLI, ['verify', '--no-state', '--at', `@${NOW}`, '--json', ...base, '--in', tf], { encoding: 'utf8' });
        return null;
      } catch (e) {
        return JSON.parse(e.stdout).error;
      }
    };
    for (const [text, want, what] of texts) assert.equal(verdict(text), want[0], what);
  }
});

test('compact revocation lists: libdpp\'s (dpp revoke sign --compact) -> Node, same key 9 and outcomes', { skip: noPeer || noCli }, async () => {
  const run = (...a) => execFileSync(CLI, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const exact = path.join(tmp, 'c-exact.cbor');
  const compact = path.join(tmp, 'c-compact.cbor');
  const opk = ['--operator-key', KEYS('operator.pem'), '--issued', `@${H.issued_at}`];
  run('revoke', 'init', ...opk, '-o', exact, '--valid-for', '60d');
  const others = Array.from({ length: 20 }, () => crypto.randomUUID());
  const revs = compactRevocations(others);
  const day = (d) => new Date(d * 86400000).toISOString().slice(0, 10);
  for (const r of revs) {
    const what = r.kind === 'passport' ? ['--passport', r.passport_id] : ['--batch', `${r.gtin}:${r.batch}`];
    run('revoke', 'add', exact, ...opk, '--reason', r.reason, '--date', day(r.date), ...what, '--valid-for', '60d');
  }
  run('revoke', 'add', exact, ...opk, '--reason', 'key-compromise', '--date', day(20000), '--kid', OP2.kid.toString('hex'),
    '--valid-for', '60d');
  run('revoke', 'sign', exact, ...opk, '--compact', '-o', compact, '--valid-for', '60d');
  const bytes = fs.readFileSync(compact);
  const p = t.cborStep(t.openSign1(bytes, 'list').payload);
  assert.deepEqual([...p.keys()], [1, 2, 3, 4, 5, 6, 9], 'kids in key 6, passports and batches in key 9');
  // Node's writer, given libdpp's salt, writes the same key 9
  const k9 = p.get(9);
  assert.deepEqual(hexify(t.revsetEncode(k9[0], revs)), hexify(k9));
  // and the same signed list (Ed25519: deterministic)
  const h = { sequence: p.get(3), issued_at: p.get(4), next_update: p.get(5) };
  const kid = { kind: 'key', kid: OP2.kid.toString('hex'), reason: 'key-compromise', date: 20000 };
  assert.deepEqual(t.signRevocationList(OP, h, [...revs, kid], { salt: k9[0] }), bytes);
  // Node's store reads it; the verifier agrees with libdpp's on every text
  const s = new dpp.TrustStore();
  s.pinOperator(OP);
  s.loadRevocations(bytes, POLICY);
  assert.equal(s.scheme('').revocations.hashed.n, revs.length);
  const tl = write('c-tl2.cose', trustList(OP, 1));
  for (const [text, want] of await compactTexts()) {
    await agree(text, ['--pin', KEYS('operator.pub.pem'), '--trust', tl, '--revocations', compact], want);
  }
  // two lists signed from the same exact list carry different salts (fresh per list), same verdicts
  const compact2 = path.join(tmp, 'c-compact2.cbor');
  run('revoke', 'sign', exact, ...opk, '--compact', '-o', compact2, '--valid-for', '60d');
  const k9b = t.cborStep(t.openSign1(fs.readFileSync(compact2), 'list').payload).get(9);
  assert.notDeepEqual(k9b[0], k9[0]);
  assert.deepEqual(hexify(t.revsetEncode(k9b[0], revs)), hexify(k9b));
});
