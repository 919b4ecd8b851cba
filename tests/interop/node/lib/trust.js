// SPDX-License-Identifier: Apache-2.0
//
// The trust layer of spec/trust.md (with spec/trust.cddl), written from the
// spec: the signed-list envelope (section 3.2, 3.3), trust lists (3.1) with
// entries, windows, roles and scopes (3.4), named schemes and their
// disagreement rule (3.8), the operator key rollover chain (3.9), revocation
// lists (6.1, 6.3) with the compact hashed set of key 9 (6.5: strict reader,
// lookup, writer), status lists whole and delta with partitions (6.4), and
// the role policy identifiers under 2.25 derived from UUIDs (4.1, X.667) and
// a certificate's role from its certificatePolicies (section 4 step 3).
// Verification steps 13..16 (section 8) run from dpp.verify() with a
// TrustStore in place of the list of trusted keys. Not implemented here:
// attestations (step 17, claim -263), the X.509 chain verification (section
// 4 steps 1, 2, 4), the rollback state file.
'use strict';

const crypto = require('crypto');
const zlib = require('zlib');
const cbor = require('cbor');
const { CborError, checkDeterministic } = require('./strict_cbor');

const AAD = {
  1: Buffer.from('dpp-trust-list-v1'),
  2: Buffer.from('dpp-revocation-list-v1'),
  3: Buffer.from('dpp-status-list-v1'),
};
const AAD_ROLLOVER = Buffer.from('dpp-operator-rollover-v1');
const LIST_TRUST = 1;
const LIST_REVOCATION = 2;
const LIST_STATUS = 3;
const TYPE_NAME = { 1: 'trust', 2: 'revocation', 3: 'status' };
const MAX_LIST = 32 * 1024 * 1024;
const MAX_ENTRIES = 65536;
const MAX_ENTRY_KEY = 4096;
const MAX_ROLLOVERS = 16;
const MAX_ROLLOVER_LEN = 2048;
const MAX_RETIRED = 64;
const MAX_STATUS_BITS = 16777216;
const MAX_STATUS_PARTS = 4096;
const MAX_REV_RECORDS = 1000000;
const MAX_SCHEMES = 16;
const SKEW = 300;
const ALGS = { '-7': 'ES256', '-35': 'ES384', '-8': 'EdDSA', '-37': 'PS256' };
const ALG_IDS = { ES256: -7, ES384: -35, EdDSA: -8, PS256: -37 };

const ROLES = { any: 0, manufacturer: 1, certifier: 2, 'cbam-verifier': 3, operator: 4 };
const ROLE_NAMES = ['any', 'manufacturer', 'certifier', 'cbam-verifier', 'operator'];
const CLAIMS = { identity: 1, manufacturer: 9, facility: 10, materials: 11, footprint: 12, certifications: 13,
  cbam: 14, extensions: 15 };
const REASONS = ['unspecified', 'key-compromise', 'superseded', 'cessation', 'recall', 'fraud', 'withdrawn'];
const CLAIM_ALL = (1 << 1) | (0x7fff << 9); // ids 1, 9..23

// dpp.js is required lazily (it requires this file for the verifier hook).
let D = null;
function dpp() {
  if (D === null) D = require('./dpp');
  return D;
}

function err(name, msg) {
  throw new (dpp().DppError)(name, msg);
}

function hex(b) {
  return Buffer.from(b).toString('hex');
}

function cborStep(buf) {
  try {
    checkDeterministic(buf);
  } catch (e) {
    if (e instanceof CborError) err(e.name, e.message);
    throw e;
  }
  return cbor.decodeFirstSync(buf, { preferMap: true, tags: TAG_KEEP });
}
const TAG_KEEP = {};
for (let t = 0; t < 64; t++) TAG_KEEP[t] = (v) => new cbor.Tagged(t, v);

function encodeDet(v) {
  const b = cbor.encodeCanonical(v);
  checkDeterministic(b);
  return b;
}

const isInt = (v) => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
const isUint = (v) => isInt(v) && BigInt(v) >= 0n;

// ---------------------------------------------------------------- COSE_Sign1 with external AAD (RFC 9052 4.4)

function sigStructure(prot, aad, payload) {
  return encodeDet(['Signature1', prot, aad, payload]);
}

function rawSign(signer, tbs) {
  switch (signer.alg) {
    case 'EdDSA': return crypto.sign(null, tbs, signer.priv);
    case 'ES256': return crypto.sign('sha256', tbs, { key: signer.priv, dsaEncoding: 'ieee-p1363' });
    case 'ES384': return crypto.sign('sha384', tbs, { key: signer.priv, dsaEncoding: 'ieee-p1363' });
    case 'PS256': return crypto.sign('sha256', tbs, { key: signer.priv, padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32 });
    default: return err('DPP_ERR_KEY_TYPE', `alg ${signer.alg}`);
  }
}

function rawVerify(alg, key, tbs, sig) {
  try {
    switch (alg) {
      case 'EdDSA': return crypto.verify(null, tbs, key, sig);
      case 'ES256': return sig.length === 64 && crypto.verify('sha256', tbs, { key, dsaEncoding: 'ieee-p1363' }, sig);
      case 'ES384': return sig.length === 96 && crypto.verify('sha384', tbs, { key, dsaEncoding: 'ieee-p1363' }, sig);
      case 'PS256': return crypto.verify('sha256', tbs, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32 }, sig);
      default: return false;
    }
  } catch (e) {
    return false;
  }
}

// A tagged COSE_Sign1 by signer ({priv, alg, kid}) with protected {1: alg, 4: kid}.
function sign1(signer, payload, aad) {
  const prot = encodeDet(new Map([[1, ALG_IDS[signer.alg]], [4, signer.kid]]));
  const sig = rawSign(signer, sigStructure(prot, aad, payload));
  return encodeDet(new cbor.Tagged(18, [prot, new Map(), payload, sig]));
}

// Parses a signed list or statement (steps 3..5 of section 3.3): {prot, payload, sig, alg, kid}.
function openSign1(bytes, what) {
  const top = cborStep(bytes);
  if (!(top instanceof cbor.Tagged) || top.tag !== 18) err('DPP_ERR_COSE_TAG', `${what}: not a COSE_Sign1 (tag 18)`);
  const a = top.value;
  if (!Array.isArray(a) || a.length !== 4 || !Buffer.isBuffer(a[0]) || !(a[1] instanceof Map) ||
      !(Buffer.isBuffer(a[2]) || a[2] === null) || !Buffer.isBuffer(a[3])) {
    err('DPP_ERR_COSE_STRUCTURE', `${what}: not [bstr, map, bstr, bstr]`);
  }
  let prot = new Map();
  if (a[0].length > 0) {
    prot = cborStep(a[0]);
    if (!(prot instanceof Map)) err('DPP_ERR_COSE_STRUCTURE', `${what}: protected header is not a map`);
  }
  const unprot = a[1];
  if (prot.has(2) || unprot.has(2)) err('DPP_ERR_CRIT_UNSUPPORTED', `${what}: crit header`);
  for (const k of prot.keys()) if (unprot.has(k)) err('DPP_ERR_COSE_STRUCTURE', `${what}: label ${k} in both headers`);
  for (const h of [prot, unprot]) if (h.has(4) && !Buffer.isBuffer(h.get(4))) err('DPP_ERR_COSE_STRUCTURE', `${what}: kid not a bstr`);
  for (const k of prot.keys()) if (k !== 1 && k !== 4) err('DPP_ERR_COSE_STRUCTURE', `${what}: protected label ${String(k)}`);
  if (a[2] === null) err('DPP_ERR_COSE_STRUCTURE', `${what}: payload is nil`);
  if (a[3].length === 0) err('DPP_ERR_LIST_UNSIGNED', `${what}: the signature is empty`);
  if (unprot.has(1) && !prot.has(1)) err('DPP_ERR_ALG_UNPROTECTED', `${what}: alg only in the unprotected header`);
  if (!prot.has(1)) err('DPP_ERR_ALG_MISSING', `${what}: protected header has no alg`);
  const algId = prot.get(1);
  if (!isInt(algId) || !(String(algId) in ALGS)) err('DPP_ERR_ALG_UNSUPPORTED', `${what}: alg ${String(algId)}`);
  if (!prot.has(4) || prot.get(4).length !== 8) err('DPP_ERR_KID_MISSING', `${what}: protected header has no 8-byte kid`);
  if (unprot.size !== 0) err('DPP_ERR_COSE_STRUCTURE', `${what}: unprotected header not empty`);
  return { prot: a[0], payload: a[2], sig: a[3], alg: ALGS[String(algId)], kid: prot.get(4) };
}

function verifySign1(m, key, aad) {
  return key.alg === m.alg && rawVerify(m.alg, key.key, sigStructure(m.prot, aad, m.payload), m.sig);
}

// ---------------------------------------------------------------- keys

function pemOf(der, label) {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

// A DER SubjectPublicKeyInfo -> key as dpp.loadKey returns it (weak keys: DPP_ERR_KEY_WEAK).
function keyFromSpki(der) {
  return dpp().loadKey(pemOf(der, 'PUBLIC KEY'));
}

function spkiOf(k) {
  return k.key.export({ type: 'spki', format: 'der' });
}

// ---------------------------------------------------------------- the envelope (sections 3.2, 3.3)

// Steps 1..5: {m, type-independent}; no pins consulted yet.
function openList(bytes, type) {
  const what = `${TYPE_NAME[type]} list`;
  if (bytes.length > MAX_LIST) err('DPP_ERR_TOO_LARGE', `${what}: ${bytes.length} bytes; the limit is ${MAX_LIST}`);
  if (bytes.length > 0 && (bytes[0] >> 5) === 5) err('DPP_ERR_LIST_UNSIGNED', `${what}: a bare CBOR map: not signed`);
  return openSign1(bytes, what);
}

// Step 7 with the candidates of the kid among pins.
function verifyList(m, type, pins) {
  const what = `${TYPE_NAME[type]} list`;
  const cands = pins.filter((k) => k.kid.equals(m.kid));
  if (cands.length === 0) return false;
  for (const k of cands) if (verifySign1(m, k, AAD[type])) return k;
  for (const other of [LIST_TRUST, LIST_REVOCATION, LIST_STATUS]) {
    if (other === type) continue;
    for (const k of cands) {
      if (verifySign1(m, k, AAD[other])) err('DPP_ERR_LIST_FORMAT', `this is a ${TYPE_NAME[other]} list, not a ${what}`);
    }
  }
  if (cands.every((k) => k.alg !== m.alg)) err('DPP_ERR_ALG_KEY_MISMATCH', `${what}: alg ${m.alg} is not the operator key's`);
  return err('DPP_ERR_SIGNATURE', `${what} signature does not verify with the pinned operator key ${hex(m.kid)}`);
}

// Steps 8..11: the header and the policy; returns {payload map, header}.
function readHeader(m, type, policy) {
  const what = `${TYPE_NAME[type]} list`;
  const p = cborStep(m.payload);
  if (!(p instanceof Map)) err('DPP_ERR_LIST_FORMAT', `${what}: payload is not a map`);
  const keys = [...p.keys()];
  for (let i = 0; i < 5; i++) {
    if (keys[i] !== i + 1) err('DPP_ERR_LIST_FORMAT', `${what}: key ${i + 1} missing`);
    const v = p.get(i + 1);
    if (!isUint(v) || BigInt(v) > (1n << 63n) - 1n) err('DPP_ERR_LIST_FORMAT', `${what}: key ${i + 1} is not an unsigned integer`);
  }
  if (p.get(1) !== 1) err('DPP_ERR_LIST_FORMAT', `${what}: version ${p.get(1)}`);
  const t = p.get(2);
  if (t !== type) {
    if (TYPE_NAME[t]) err('DPP_ERR_LIST_FORMAT', `this is a ${TYPE_NAME[t]} list, not a ${what}`);
    err('DPP_ERR_LIST_FORMAT', `${what}: unknown type ${t}`);
  }
  const seq = Number(p.get(3));
  const issuedAt = Number(p.get(4));
  const nextUpdate = Number(p.get(5));
  if (seq < 1 || issuedAt < 1 || nextUpdate <= issuedAt) {
    err('DPP_ERR_LIST_FORMAT', `${what}: sequence must be >= 1 and 0 < issued_at < next_update`);
  }
  const hdr = { sequence: seq, issuedAt, nextUpdate, signerKid: m.kid, pastNextUpdate: false };
  if (policy) {
    const grace = policy.grace_seconds || 0;
    if (grace < 0) err('DPP_ERR_INVALID_ARG', 'grace_seconds < 0');
    if (seq < (policy.min_sequence || 0)) err('DPP_ERR_LIST_ROLLBACK', `${what} sequence ${seq} is older than ${policy.min_sequence}`);
    if (issuedAt > policy.now + SKEW) err('DPP_ERR_NOT_YET_VALID', `${what} issued at ${issuedAt}, after now + ${SKEW} s`);
    if (policy.now > nextUpdate && policy.now - nextUpdate > grace) err('DPP_ERR_LIST_STALE', `${what} next update was due at ${nextUpdate}`);
    hdr.pastNextUpdate = policy.now > nextUpdate;
  }
  return { p, hdr, rest: keys.slice(5) };
}

// ---------------------------------------------------------------- trust list body (section 3.1)

function fieldErr(path, fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof dpp().DppError && e.name.startsWith('DPP_ERR_SCHEMA')) err('DPP_ERR_LIST_FORMAT', `${path}: ${e.message}`);
    throw e;
  }
}

function scopeListSorted(a, path) {
  for (let i = 1; i < a.length; i++) {
    const x = Buffer.from(a[i - 1]);
    const y = Buffer.from(a[i]);
    if (x.length > y.length || (x.length === y.length && Buffer.compare(x, y) >= 0)) {
      err('DPP_ERR_LIST_FORMAT', `${path}: not sorted (shorter first, then bytewise) or repeated`);
    }
  }
}

function readScope(s, path) {
  if (!(s instanceof Map) || s.size === 0 || s.size > 4) err('DPP_ERR_LIST_FORMAT', `${path}: a map of 1..4 entries expected`);
  const out = { claims: 0, gtinPrefixes: [], categories: [], resolvers: [] };
  const T = dpp().internals;
  for (const [k, v] of s) {
    if (k === 1) {
      if (!isUint(v) || v === 0 || v > 0xffffffff || (v & ~CLAIM_ALL) !== 0) {
        err('DPP_ERR_LIST_FORMAT', `${path}.claims: a nonzero mask of the claim ids of section 2.2 expected`);
      }
      out.claims = v;
      continue;
    }
    const spec = { 2: ['gtin_prefixes', 16, 14], 3: ['categories', 8, 48], 4: ['resolvers', 4, 128] }[k];
    if (!spec) err('DPP_ERR_LIST_FORMAT', `${path}: unknown key ${String(k)}`);
    const [name, maxItems, maxLen] = spec;
    if (!Array.isArray(v) || v.length === 0 || v.length > maxItems) {
      err('DPP_ERR_LIST_FORMAT', `${path}.${name}: an array of 1..${maxItems} texts expected`);
    }
    v.forEach((x, i) => {
      fieldErr(`${path}.${name}[${i}]`, () => T.text(x, `${path}.${name}[${i}]`, maxLen));
      if (k === 2 && !/^[0-9]{1,14}$/.test(x)) err('DPP_ERR_LIST_FORMAT', `${path}.${name}[${i}]: 1..14 digits expected`);
      if (k === 4 && (Buffer.byteLength(x) < 4 || !T.resolverNormalised(x))) {
        err('DPP_ERR_LIST_FORMAT', `${path}.${name}[${i}]: not a resolver in the form of spec/link.md section 2`);
      }
    });
    scopeListSorted(v, `${path}.${name}`);
    out[{ 2: 'gtinPrefixes', 3: 'categories', 4: 'resolvers' }[k]] = v;
  }
  return out;
}

function readParty(v, path) {
  const T = dpp().internals;
  if (!(v instanceof Map)) err('DPP_ERR_LIST_FORMAT', `${path}: not a map`);
  for (const k of v.keys()) if (![1, 2, 3].includes(k)) err('DPP_ERR_LIST_FORMAT', `${path}: unknown key ${String(k)}`);
  if (!v.has(1) || !v.has(2)) err('DPP_ERR_LIST_FORMAT', `${path}: name (1) and country (2) are required`);
  return fieldErr(path, () => {
    const p = { name: T.text(v.get(1), `${path}.name`, 96), country: T.country(v.get(2), `${path}.country`) };
    if (v.has(3)) p.identifier = T.identifier(v.get(3), `${path}.identifier`);
    return p;
  });
}

function readEntry(e, i) {
  const path = `entries[${i}]`;
  if (!(e instanceof Map) || e.size < 4 || e.size > 7) err('DPP_ERR_LIST_FORMAT', `${path}: a map of 4..7 entries expected`);
  for (const k of e.keys()) if (!isInt(k) || k < 1 || k > 8) err('DPP_ERR_LIST_FORMAT', `${path}: unknown key ${String(k)}`);
  if (e.has(2) && e.has(3)) err('DPP_ERR_LIST_FORMAT', `${path}: both a key (2) and a certificate (3)`);
  if (!e.has(1) || !(e.has(2) || e.has(3)) || !e.has(4) || !e.has(5)) {
    err('DPP_ERR_LIST_FORMAT', `${path}: kid, key or certificate, party and role are required`);
  }
  const kid = e.get(1);
  if (!Buffer.isBuffer(kid) || kid.length !== 8) err('DPP_ERR_LIST_FORMAT', `${path}.kid: 8 bytes expected`);
  const isCert = e.has(3);
  const der = e.get(isCert ? 3 : 2);
  if (!Buffer.isBuffer(der) || der.length === 0 || der.length > MAX_ENTRY_KEY) {
    err('DPP_ERR_LIST_FORMAT', `${path}.key: 1..${MAX_ENTRY_KEY} bytes expected`);
  }
  let key;
  try {
    if (isCert) key = dpp().loadKey(pemOf(der, 'CERTIFICATE'));
    else key = keyFromSpki(der);
  } catch (x) {
    if (x instanceof dpp().DppError && x.name === 'DPP_ERR_KEY_WEAK') err('DPP_ERR_KEY_WEAK', `${path}.key: ${x.message}`);
    err('DPP_ERR_LIST_FORMAT', `${path}.key: not a DER ${isCert ? 'certificate' : 'SubjectPublicKeyInfo'} of a supported type`);
  }
  if (!isCert && !spkiOf(key).equals(der)) err('DPP_ERR_LIST_FORMAT', `${path}.key: not a canonical SubjectPublicKeyInfo`);
  if (!key.kid.equals(kid)) err('DPP_ERR_LIST_FORMAT', `${path}.kid: does not match the key's kid`);
  const party = readParty(e.get(4), `${path}.party`);
  const role = e.get(5);
  if (!isInt(role) || role < 1 || role > 4) err('DPP_ERR_LIST_FORMAT', `${path}.role: 1..4 expected`);
  const out = { kid, key, spki: spkiOf(key), party, role, notBefore: null, notAfter: null, scope: null };
  for (const [k, f] of [[6, 'notBefore'], [7, 'notAfter']]) {
    if (!e.has(k)) continue;
    const v = e.get(k);
    if (!isUint(v) || BigInt(v) > (1n << 63n) - 1n) err('DPP_ERR_LIST_FORMAT', `${path}.${f}: an unsigned integer expected`);
    out[f] = Number(v);
  }
  if (out.notBefore !== null && out.notAfter !== null && out.notBefore >= out.notAfter) {
    err('DPP_ERR_LIST_FORMAT', `${path}: not_before must be before not_after`);
  }
  if (e.has(8)) out.scope = readScope(e.get(8), `${path}.scope`);
  return out;
}

// Body of a trust list: entries (key 6) and the optional operator chain (key 7).
function readTrustBody(p, rest) {
  if (!(rest.length === 1 && rest[0] === 6) && !(rest.length === 2 && rest[0] === 6 && rest[1] === 7)) {
    err('DPP_ERR_LIST_FORMAT', 'trust list: keys 1..6 (and 7) expected');
  }
  const es = p.get(6);
  if (!Array.isArray(es)) err('DPP_ERR_LIST_FORMAT', 'trust list: key 6 (entries) must be an array');
  if (es.length > MAX_ENTRIES) err('DPP_ERR_TOO_LARGE', `trust list: ${es.length} entries; the limit is ${MAX_ENTRIES}`);
  const entries = es.map(readEntry);
  for (let i = 1; i < entries.length; i++) {
    const c = Buffer.compare(entries[i - 1].kid, entries[i].kid);
    if (c > 0 || (c === 0 && entries[i - 1].role >= entries[i].role)) {
      err('DPP_ERR_LIST_FORMAT', `entries[${i}]: not sorted by (kid, role), or repeated`);
    }
  }
  let chain = [];
  if (p.has(7)) {
    const c = p.get(7);
    if (!Array.isArray(c) || c.length === 0) err('DPP_ERR_LIST_FORMAT', 'trust list: key 7 (operator chain) must be a non-empty array');
    if (c.length > MAX_ROLLOVERS) err('DPP_ERR_TOO_LARGE', `trust list: ${c.length} rollovers; the limit is ${MAX_ROLLOVERS}`);
    chain = c.map((s, i) => {
      if (!Buffer.isBuffer(s)) err('DPP_ERR_LIST_FORMAT', `operator_chain[${i}]: not a bstr`);
      return openRollover(s, i);
    });
  }
  return { entries, chain };
}

// ---------------------------------------------------------------- rollover statements (section 3.9)

// Structure only: {m, kid, successor key}; signature checked by the walk.
function openRollover(bytes, i) {
  const what = `operator_chain[${i}]`;
  if (bytes.length > MAX_ROLLOVER_LEN) err('DPP_ERR_TOO_LARGE', `${what}: ${bytes.length} bytes; the limit is ${MAX_ROLLOVER_LEN}`);
  let m;
  try {
    m = openSign1(bytes, what);
  } catch (x) {
    if (x instanceof dpp().DppError) err('DPP_ERR_LIST_FORMAT', `${what}: not a well-formed rollover (${x.message})`);
    throw x;
  }
  let body;
  try {
    body = cborStep(m.payload);
  } catch (x) {
    if (x instanceof dpp().DppError) err('DPP_ERR_LIST_FORMAT', `${what}: payload: ${x.message}`);
    throw x;
  }
  if (!(body instanceof Map) || body.size !== 1 || !Buffer.isBuffer(body.get(1))) {
    err('DPP_ERR_LIST_FORMAT', `${what}: payload is not {1: successor key}`);
  }
  let successor;
  try {
    successor = keyFromSpki(body.get(1));
  } catch (x) {
    if (x instanceof dpp().DppError && x.name === 'DPP_ERR_KEY_WEAK') throw x;
    err('DPP_ERR_LIST_FORMAT', `${what}: the successor key does not load`);
  }
  if (successor.kid.equals(m.kid)) err('DPP_ERR_LIST_FORMAT', `${what}: the successor is the current key`);
  return { m, kid: m.kid, successor, bytes };
}

// A rollover statement: the current key `old` ({priv, alg, kid}) names `next` (a public key).
function rolloverSign(old, next) {
  if (old.kid.equals(next.kid)) err('DPP_ERR_INVALID_ARG', 'the successor is the current key');
  return sign1(old, encodeDet(new Map([[1, spkiOf(next)]])), AAD_ROLLOVER);
}

// The walk of section 3.9 step 2 from pins to the list's signer: {successor, retired: [kid]}.
function followChain(chain, pins, signerKid) {
  let cur = null;
  const retired = [];
  chain.forEach((st, i) => {
    if (cur === null) {
      const pin = pins.find((k) => k.kid.equals(st.kid));
      if (!pin) return; // history before the first pinned key
      cur = pin;
    } else if (!cur.kid.equals(st.kid)) {
      err('DPP_ERR_ROLLOVER_GAP', `operator chain[${i}] is signed by ${hex(st.kid)}, but the key before it handed over to ${hex(cur.kid)}: a step is missing`);
    }
    if (!verifySign1(st.m, cur, AAD_ROLLOVER)) err('DPP_ERR_SIGNATURE', `operator chain[${i}]: the signature does not verify with ${hex(cur.kid)}`);
    retired.push(cur.kid);
    cur = st.successor;
  });
  if (cur === null) err('DPP_ERR_LIST_UNPINNED', `trust list is signed by ${hex(signerKid)}, not a pinned operator key, and its operator chain starts from no pinned key`);
  if (!cur.kid.equals(signerKid)) err('DPP_ERR_ROLLOVER_GAP', `trust list is signed by ${hex(signerKid)}, but its operator chain ends at ${hex(cur.kid)}: a step is missing`);
  return { successor: cur, retired };
}

// ---------------------------------------------------------------- revocation lists (section 6)

function readRecords(b, size, keyLen, what) {
  if (!Buffer.isBuffer(b) || b.length === 0 || b.length % size !== 0) err('DPP_ERR_LIST_FORMAT', `${what}: n x ${size}-byte records expected`);
  const n = b.length / size;
  if (n > MAX_REV_RECORDS) err('DPP_ERR_TOO_LARGE', `${what}: ${n} records`);
  const out = new Map();
  let prev = null;
  for (let i = 0; i < n; i++) {
    const r = b.subarray(i * size, (i + 1) * size);
    const k = r.subarray(0, keyLen);
    if (prev && Buffer.compare(prev, k) >= 0) err('DPP_ERR_LIST_FORMAT', `${what}[${i}]: not sorted or repeated`);
    if (r[keyLen] > 6) err('DPP_ERR_LIST_FORMAT', `${what}[${i}]: reason ${r[keyLen]}`);
    out.set(hex(k), { reason: r[keyLen], date: r.readUInt16BE(keyLen + 1) });
    prev = k;
  }
  return out;
}

// payload: the COSE payload bytes (offsets in the messages of key 9).
function readRevocationBody(p, rest, payload) {
  const T = dpp().internals;
  const rv = { kids: new Map(), ids: new Map(), batches: new Map(), hashed: null };
  for (const k of rest) if (![6, 7, 8, 9].includes(k)) err('DPP_ERR_LIST_FORMAT', `revocation list: unknown key ${String(k)}`);
  if (p.has(6)) rv.kids = readRecords(p.get(6), 11, 8, 'revoked kids');
  if (p.has(7)) rv.ids = readRecords(p.get(7), 19, 16, 'revoked passports');
  if (p.has(8)) {
    const a = p.get(8);
    if (!Array.isArray(a) || a.length === 0) err('DPP_ERR_LIST_FORMAT', 'revoked batches: a non-empty array expected');
    if (a.length > MAX_REV_RECORDS) err('DPP_ERR_TOO_LARGE', `revoked batches: ${a.length} records`);
    let prev = null;
    a.forEach((r, i) => {
      const what = `revoked batches[${i}]`;
      if (!Array.isArray(r) || r.length !== 4 || !isUint(r[0]) || typeof r[1] !== 'string' || !isUint(r[2]) || !isUint(r[3])) {
        err('DPP_ERR_LIST_FORMAT', `${what}: [gtin, batch, reason, date] expected`);
      }
      const g = BigInt(r[0]);
      const gs = g.toString().padStart(14, '0');
      if (g > 99999999999999n || !T.gtinCheck(gs)) err('DPP_ERR_LIST_FORMAT', `${what}: GTIN check digit`);
      const bl = Buffer.byteLength(r[1]);
      if (bl < 1 || bl > 20 || !T.GS1_82.test(r[1])) err('DPP_ERR_LIST_FORMAT', `${what}: batch`);
      if (r[2] > 6 || r[3] > 65535) err('DPP_ERR_LIST_FORMAT', `${what}: reason or date`);
      const cur = [g, bl, Buffer.from(r[1])];
      if (prev && (prev[0] > g || (prev[0] === g && (prev[1] > bl || (prev[1] === bl && Buffer.compare(prev[2], cur[2]) >= 0))))) {
        err('DPP_ERR_LIST_FORMAT', `${what}: not sorted or repeated`);
      }
      prev = cur;
      rv.batches.set(`${gs}/${r[1]}`, { reason: r[2], date: r[3] });
    });
  }
  if (p.has(9)) rv.hashed = readRevset(p.get(9), payload);
  return rv;
}

// ---------------------------------------------------------------- compact revocation set (section 6.5)
//
// Revocation-list body key 9 = [salt (16 bytes), n, meta, codes, metaidx]:
// passport ids and batches as h = uint64_be(SHA-256("dpp-revset-v1" || salt ||
// kind || key)[0..8]), sorted, unique; the gaps Golomb-Rice coded with
// k = 64 - bitlen(n); meta the distinct (reason, date) records; metaidx one
// index into meta per entry in bitlen(m - 1) bits. 64-bit values are BigInt.

const REVSET_TAG = Buffer.from('dpp-revset-v1');
const REVSET_SALT_LEN = 16;
const REVSET_PASSPORT = 2;
const REVSET_BATCH = 3;
const MASK64 = (1n << 64n) - 1n;

function bitlen(x) {
  let v = BigInt(x);
  let b = 0;
  while (v > 0n) {
    v >>= 1n;
    b++;
  }
  return b;
}

// The key bytes of a passport id (16 bytes) or of a batch (GTIN as uint64 BE || length || batch bytes).
function revsetPassportKey(id) {
  const b = Buffer.isBuffer(id) ? id : Buffer.from(String(id).replace(/-/g, ''), 'hex');
  if (b.length !== 16) err('DPP_ERR_INVALID_ARG', 'a passport id has 16 bytes');
  return b;
}

function revsetBatchKey(gtin, batch) {
  const b = Buffer.from(batch, 'utf8');
  if (b.length < 1 || b.length > 20) err('DPP_ERR_INVALID_ARG', `batch ${JSON.stringify(batch)}: 1..20 bytes`);
  const g = Buffer.alloc(8);
  g.writeBigUInt64BE(BigInt(gtin));
  return Buffer.concat([g, Buffer.from([b.length]), b]);
}

function revsetHash(salt, kind, key) {
  const d = crypto.createHash('sha256').update(Buffer.concat([REVSET_TAG, salt, Buffer.from([kind]), key])).digest();
  return d.readBigUInt64BE(0);
}

// MSB-first bit writer: bit j of the stream is bit 7 - j % 8 of byte j / 8.
class BitWriter {
  constructor() {
    this.bytes = [];
    this.nbits = 0;
  }

  bit(v) {
    if ((this.nbits & 7) === 0) this.bytes.push(0);
    if (v) this.bytes[this.bytes.length - 1] |= 0x80 >> (this.nbits & 7);
    this.nbits++;
  }

  // the low `width` bits of v (BigInt or number), most significant first
  put(v, width) {
    const x = BigInt(v);
    for (let j = width - 1; j >= 0; j--) this.bit((x >> BigInt(j)) & 1n);
  }

  ones(q) {
    for (let i = 0n; i < q; i++) this.bit(1);
  }

  buffer() {
    return Buffer.from(this.bytes);
  }
}

// Codes the items as given, in order (no sorting, no dedupe, gaps mod 2^64):
// items [{h: BigInt, meta: 3-byte Buffer}], extraMeta further 3-byte records.
// Returns [salt, n, meta, codes, metaidx]. The writer below gives it sorted,
// unique hashes; the vector tests give it the defects of test-vectors/.
function revsetFromHashes(salt, items, extraMeta = []) {
  const n = items.length;
  const metas = [...new Set([...items.map((x) => hex(x.meta)), ...extraMeta.map(hex)])].sort()
    .map((x) => Buffer.from(x, 'hex'));
  const m = metas.length;
  const k = 64 - bitlen(n);
  const w = bitlen(Math.max(m - 1, 0));
  const kb = BigInt(k);
  const codes = new BitWriter();
  const idx = new BitWriter();
  let prev = null;
  for (const it of items) {
    const g = (prev === null ? it.h : it.h - prev) & MASK64;
    prev = it.h;
    codes.ones(g >> kb);
    codes.bit(0);
    codes.put(g & ((1n << kb) - 1n), k);
    idx.put(metas.findIndex((x) => x.equals(it.meta)), w);
  }
  return [Buffer.from(salt), n, Buffer.concat(metas), codes.buffer(), idx.buffer()];
}

function metaRecord(reason, date) {
  const r = typeof reason === 'string' ? REASONS.indexOf(reason) : reason;
  if (!Number.isInteger(r) || r < 0 || r > 6) err('DPP_ERR_INVALID_ARG', `reason ${reason}`);
  if (!Number.isInteger(date) || date < 0 || date > 65535) err('DPP_ERR_INVALID_ARG', `date ${date}`);
  return Buffer.from([r, date >> 8, date & 255]);
}

// The entries of the compact set of revocations [{kind: passport | batch, passport_id | gtin + batch,
// reason, date}]: [{h, meta}] sorted by hash; of two entries with one hash, the smaller meta record is kept.
function revsetItems(salt, revocations) {
  if (!Buffer.isBuffer(salt) || salt.length !== REVSET_SALT_LEN) err('DPP_ERR_INVALID_ARG', `the salt has ${REVSET_SALT_LEN} bytes`);
  const best = new Map();
  for (const r of revocations) {
    let h;
    if (r.kind === 'passport') h = revsetHash(salt, REVSET_PASSPORT, revsetPassportKey(r.passport_id));
    else if (r.kind === 'batch') h = revsetHash(salt, REVSET_BATCH, revsetBatchKey(r.gtin, r.batch));
    else err('DPP_ERR_INVALID_ARG', `kind ${r.kind} does not go into the compact set`);
    const meta = metaRecord(r.reason, r.date);
    const held = best.get(h);
    if (!held || Buffer.compare(meta, held) < 0) best.set(h, meta);
  }
  if (best.size === 0) err('DPP_ERR_INVALID_ARG', 'the compact set needs at least one passport or batch');
  if (best.size > MAX_REV_RECORDS) err('DPP_ERR_TOO_LARGE', `${best.size} entries; the limit is ${MAX_REV_RECORDS}`);
  const hs = [...best.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return hs.map((h) => ({ h, meta: best.get(h) }));
}

// The compact set (key 9) of revocations (passports and batches).
function revsetEncode(salt, revocations) {
  return revsetFromHashes(salt, revsetItems(salt, revocations));
}

function cborHeadLen(len) {
  if (len < 24) return 1;
  if (len < 256) return 2;
  if (len < 65536) return 3;
  if (len < 2 ** 32) return 5;
  return 9;
}

// MSB-first bit reader over codes for the strict walk. The walk reads every
// bit once; quotients are counted a byte at a time.
class BitReader {
  constructor(buf) {
    this.buf = buf;
    this.pos = 0; // bit position
    this.total = buf.length * 8;
  }

  // Counts one-bits up to the terminating zero; null when the stream ends first.
  // Stops early (returns limit + 1) once the count exceeds limit (an overlong quotient).
  unary(limit) {
    let q = 0n;
    for (;;) {
      if (this.pos >= this.total) return null;
      if ((this.pos & 7) === 0 && this.buf[this.pos >> 3] === 0xff) {
        q += 8n;
        this.pos += 8;
      } else if (this.buf[this.pos >> 3] & (0x80 >> (this.pos & 7))) {
        q += 1n;
        this.pos += 1;
      } else {
        this.pos += 1;
        return q;
      }
      if (q > limit) return q;
    }
  }

  // The next width bits as a BigInt; null when the stream ends first.
  bits(width) {
    if (this.pos + width > this.total) return null;
    let v = 0n;
    let left = width;
    while (left > 0) {
      const sh = this.pos & 7;
      const take = Math.min(8 - sh, left);
      const byte = this.buf[this.pos >> 3];
      const x = (byte >> (8 - sh - take)) & ((1 << take) - 1);
      v = (v << BigInt(take)) | BigInt(x);
      this.pos += take;
      left -= take;
    }
    return v;
  }
}

// Strict reading of key 9 (section 6.5 "Strict decoding"). `a` is the decoded
// item, `payload` the COSE payload bytes (for offsets; key 9 is the payload's
// last key, so its last item ends the payload). Returns {salt, n, meta,
// hashes (BigUint64Array, ascending), metaIdx (Uint32Array)}.
function readRevset(a, payload) {
  const what = 'revocation list: hashed entries';
  if (!Array.isArray(a) || a.length !== 5 || !Buffer.isBuffer(a[0]) || !isUint(a[1]) || !Buffer.isBuffer(a[2]) ||
      !Buffer.isBuffer(a[3]) || !Buffer.isBuffer(a[4])) {
    err('DPP_ERR_LIST_FORMAT', `${what}: not [salt bstr, n uint, meta bstr, codes bstr, metaidx bstr]`);
  }
  const [salt, nRaw, meta, codes, metaidx] = a;
  if (salt.length !== REVSET_SALT_LEN) err('DPP_ERR_LIST_FORMAT', `${what}: the salt has ${salt.length} bytes, not ${REVSET_SALT_LEN}`);
  if (BigInt(nRaw) === 0n) err('DPP_ERR_LIST_FORMAT', `${what}: n = 0`);
  if (BigInt(nRaw) > BigInt(MAX_REV_RECORDS)) err('DPP_ERR_TOO_LARGE', `${what}: n = ${nRaw}; the limit is ${MAX_REV_RECORDS}`);
  const n = Number(nRaw);
  if (meta.length === 0 || meta.length % 3 !== 0) err('DPP_ERR_LIST_FORMAT', `${what}: meta has ${meta.length} bytes, not m x 3 with m >= 1`);
  const m = meta.length / 3;
  if (m > n) err('DPP_ERR_LIST_FORMAT', `${what}: m = ${m} (reason, date) records for n = ${n} entries`);
  for (let j = 0; j < m; j++) {
    if (meta[3 * j] > 6) err('DPP_ERR_LIST_FORMAT', `${what}: meta[${j}] has reason ${meta[3 * j]}`);
    if (j > 0 && Buffer.compare(meta.subarray(3 * j - 3, 3 * j), meta.subarray(3 * j, 3 * j + 3)) >= 0) {
      err('DPP_ERR_LIST_FORMAT', `${what}: meta[${j}] is not above meta[${j - 1}] (sorted, no repeats)`);
    }
  }
  const k = 64 - bitlen(n);
  const kb = BigInt(k);
  const w = bitlen(m - 1);
  const idxLen = Math.ceil((n * w) / 8);
  // offsets in the payload (without it: in the bstrs)
  const idxOff = payload ? payload.length - metaidx.length : 0;
  const codesOff = payload ? idxOff - cborHeadLen(metaidx.length) - codes.length : 0;
  // the codes: n gaps, each >= 1 after the first, the running value <= 2^64 - 1
  const hashes = new BigUint64Array(n);
  const r = new BitReader(codes);
  const qMax = MASK64 >> kb; // a larger quotient passes 2^64 - 1 alone
  let v = 0n;
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const where = `(bit ${at}, offset ${codesOff + (at >> 3)})`;
    const q = r.unary(qMax);
    if (q !== null && q > qMax) err('DPP_ERR_REVSET_CODE', `${what}: code ${i} ${where} is overlong: the value passes 2^64 - 1`);
    const low = q === null ? null : r.bits(k);
    if (low === null) err('DPP_ERR_REVSET_CODE', `${what}: code ${i} of ${n} ${where} runs past the end of the ${codes.length}-byte codes`);
    const g = (q << kb) | low;
    if (i > 0 && g === 0n) err('DPP_ERR_REVSET_ORDER', `${what}: hash ${i} ${where} is not above hash ${i - 1} (a gap of 0)`);
    v += g;
    if (v > MASK64) err('DPP_ERR_REVSET_CODE', `${what}: code ${i} ${where} is overlong: the value passes 2^64 - 1`);
    hashes[i] = v;
  }
  const used = Math.ceil(r.pos / 8);
  if (codes.length > used) {
    err('DPP_ERR_REVSET_TRAILING', `${what}: ${codes.length - used} byte(s) after the last code (offset ${codesOff + used})`);
  }
  if (r.pos & 7 && (codes[used - 1] & (0xff >> (r.pos & 7)))) {
    err('DPP_ERR_REVSET_TRAILING', `${what}: a padding bit after the last code is set (offset ${codesOff + used - 1})`);
  }
  // metaidx: exactly ceil(n * w / 8) bytes, each index < m, padding zero, every record used
  if (metaidx.length !== idxLen) {
    err('DPP_ERR_LIST_FORMAT', `${what}: metaidx has ${metaidx.length} bytes, not ceil(${n} x ${w} / 8) = ${idxLen}`);
  }
  const metaIdx = new Uint32Array(n);
  const ir = new BitReader(metaidx);
  const usedMeta = new Uint8Array(m);
  for (let i = 0; i < n; i++) {
    const x = w === 0 ? 0 : Number(ir.bits(w));
    if (x >= m) err('DPP_ERR_LIST_FORMAT', `${what}: metaidx[${i}] = ${x} is not below m = ${m}`);
    metaIdx[i] = x;
    usedMeta[x] = 1;
  }
  if (ir.pos & 7 && (metaidx[idxLen - 1] & (0xff >> (ir.pos & 7)))) {
    err('DPP_ERR_REVSET_TRAILING', `${what}: a padding bit after the last index is set (offset ${idxOff + idxLen - 1})`);
  }
  const unused = usedMeta.indexOf(0);
  if (unused >= 0) err('DPP_ERR_LIST_FORMAT', `${what}: meta[${unused}] is used by no entry`);
  return { salt, n, m, meta, hashes, metaIdx };
}

// Looks a hash up: {reason, date} or null (binary search over the sorted hashes).
function revsetFind(set, h) {
  let lo = 0;
  let hi = set.n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = set.hashes[mid];
    if (x === h) {
      const j = set.metaIdx[mid] * 3;
      return { reason: set.meta[j], date: set.meta.readUInt16BE(j + 1) };
    }
    if (x < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

// A passport id (16 bytes or hex / UUID text) in the compact set.
function revsetFindPassport(set, id) {
  return revsetFind(set, revsetHash(set.salt, REVSET_PASSPORT, revsetPassportKey(id)));
}

// A batch (GTIN digits or number, batch text) in the compact set.
function revsetFindBatch(set, gtin, batch) {
  return revsetFind(set, revsetHash(set.salt, REVSET_BATCH, revsetBatchKey(gtin, batch)));
}

// ---------------------------------------------------------------- status lists (section 6.4)

// dpp_status_list_id(kid, period) = SHA-256("dpp-status-v1" || kid || period as uint32 BE)[0..8]
function statusListId(kid, period) {
  const p = Buffer.alloc(4);
  p.writeUInt32BE(period);
  return crypto.createHash('sha256').update(Buffer.concat([Buffer.from('dpp-status-v1'), kid, p])).digest().subarray(0, 8);
}

function lebGaps(indexes) {
  const out = [];
  let prev = -1;
  for (const i of indexes) {
    let g = i - prev - 1;
    prev = i;
    do {
      let b = g & 0x7f;
      g = Math.floor(g / 128);
      if (g) b |= 0x80;
      out.push(b);
    } while (g);
  }
  return Buffer.from(out);
}

function readGaps(b, nBits, what) {
  if (!Buffer.isBuffer(b)) err('DPP_ERR_LIST_FORMAT', `status list: ${what}: not a bstr`);
  if (b.length === 0 || (b[b.length - 1] & 0x80)) err('DPP_ERR_LIST_FORMAT', `status list: ${what}: empty or truncated`);
  const out = [];
  let i = 0;
  while (i < b.length) {
    const start = i;
    let v = 0;
    let mul = 1;
    for (;;) {
      const x = b[i++];
      if (mul > 2 ** 28 || (i - 1 > start && x === 0)) err('DPP_ERR_LIST_FORMAT', `status list: ${what}: bad gap at byte ${start} (not shortest LEB128)`);
      v += (x & 0x7f) * mul;
      mul *= 128;
      if (!(x & 0x80)) break;
    }
    const idx = out.length === 0 ? v : out[out.length - 1] + 1 + v;
    if (idx >= nBits) err('DPP_ERR_STATUS_INDEX', `status list: ${what}: index ${idx} is past the list's ${nBits} bits`);
    out.push(idx);
  }
  return out;
}

function readStatusBody(p, rest) {
  const key = rest.join(',');
  if (!['6,7,8', '6,7,9,10', '6,7,9,11', '6,7,9,10,11'].includes(key)) {
    err('DPP_ERR_LIST_FORMAT', `status list: keys 6, 7 and 8 (or 9 with 10/11) expected, got ${key}`);
  }
  const id = p.get(6);
  if (!Buffer.isBuffer(id) || id.length !== 8) err('DPP_ERR_LIST_FORMAT', 'status list: id must be 8 bytes');
  const nBits = p.get(7);
  if (!isUint(nBits)) err('DPP_ERR_LIST_FORMAT', 'status list: key 7 (size in bits) not a uint');
  if (nBits < 1 || nBits > MAX_STATUS_BITS) err('DPP_ERR_TOO_LARGE', `status list: ${nBits} bits; must be 1..${MAX_STATUS_BITS}`);
  const nb = Math.ceil(nBits / 8);
  if (p.has(8)) {
    const z = p.get(8);
    if (!Buffer.isBuffer(z)) err('DPP_ERR_LIST_FORMAT', 'status list: key 8 not a bstr');
    let bits;
    try {
      const r = zlib.inflateSync(z, { maxOutputLength: nb + 1, info: true });
      bits = r.buffer;
      if (r.engine.bytesWritten !== z.length) throw new Error('trailing bytes');
    } catch (x) {
      err('DPP_ERR_LIST_FORMAT', `status list: key 8 is not one zlib stream of exactly ${nb} bytes (${x.message})`);
    }
    if (bits.length !== nb) err('DPP_ERR_LIST_FORMAT', `status list: key 8 inflates to ${bits.length} bytes, not ${nb}`);
    if (nBits % 8 && (bits[nb - 1] & (0xff >> (nBits % 8)))) err('DPP_ERR_LIST_FORMAT', `status list: bits past index ${nBits - 1} are set`);
    return { id, nBits, delta: false, bits };
  }
  const base = p.get(9);
  if (!isUint(base)) err('DPP_ERR_LIST_FORMAT', 'status list: key 9 (delta base) not a uint');
  const set = p.has(10) ? readGaps(p.get(10), nBits, 'set') : [];
  const cleared = p.has(11) ? readGaps(p.get(11), nBits, 'cleared') : [];
  return { id, nBits, delta: true, base: Number(base), set, cleared };
}

function statusBits(nBits, setIndexes) {
  const b = Buffer.alloc(Math.ceil(nBits / 8));
  for (const i of setIndexes) b[i >> 3] |= 0x80 >> (i & 7);
  return b;
}

function bitSet(bits, i) {
  return (bits[i >> 3] & (0x80 >> (i & 7))) !== 0;
}

function headerMap(type, h) {
  return [[1, 1], [2, type], [3, h.sequence], [4, h.issued_at], [5, h.next_update]];
}

// Writers. h: {sequence, issued_at, next_update}; operator: {priv, alg, kid}.
function signStatusWhole(operator, h, id, nBits, setIndexes, level = 9) {
  const z = zlib.deflateSync(statusBits(nBits, setIndexes), { level });
  const p = new Map([...headerMap(LIST_STATUS, h), [6, id], [7, nBits], [8, z]]);
  return sign1(operator, encodeDet(p), AAD[LIST_STATUS]);
}

function signStatusDelta(operator, h, id, nBits, base, setIdx, clearedIdx) {
  const p = new Map([...headerMap(LIST_STATUS, h), [6, id], [7, nBits], [9, base]]);
  if (setIdx.length) p.set(10, lebGaps([...setIdx].sort((a, b) => a - b)));
  if (clearedIdx.length) p.set(11, lebGaps([...clearedIdx].sort((a, b) => a - b)));
  return sign1(operator, encodeDet(p), AAD[LIST_STATUS]);
}

function sortedScopeList(xs) {
  return [...xs].sort((a, b) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length - y.length || Buffer.compare(x, y);
  });
}

// entries: [{key (public, from loadKey), role name, party {name, country, identifier?}, not_before?, not_after?,
// scope? {claims: [names], gtin_prefixes, categories, resolvers}}]; chain: statements (bytes), oldest first.
function signTrustList(operator, h, entries, chain = []) {
  const es = entries.map((e) => {
    const m = new Map([[1, e.key.kid], [2, spkiOf(e.key)]]);
    const party = new Map([[1, e.party.name], [2, e.party.country]]);
    if (e.party.identifier) party.set(3, [e.party.identifier.scheme, e.party.identifier.value]);
    m.set(4, party);
    m.set(5, ROLES[e.role]);
    if (e.not_before !== undefined) m.set(6, e.not_before);
    if (e.not_after !== undefined) m.set(7, e.not_after);
    if (e.scope) {
      const s = new Map();
      if (e.scope.claims) s.set(1, e.scope.claims.reduce((a, c) => a | (1 << CLAIMS[c]), 0) >>> 0);
      if (e.scope.gtin_prefixes) s.set(2, sortedScopeList(e.scope.gtin_prefixes));
      if (e.scope.categories) s.set(3, sortedScopeList(e.scope.categories));
      if (e.scope.resolvers) s.set(4, sortedScopeList(e.scope.resolvers));
      m.set(8, s);
    }
    return { kid: e.key.kid, role: ROLES[e.role], m };
  }).sort((a, b) => Buffer.compare(a.kid, b.kid) || a.role - b.role).map((x) => x.m);
  const p = new Map([...headerMap(LIST_TRUST, h), [6, es]]);
  if (chain.length) p.set(7, chain);
  return sign1(operator, encodeDet(p), AAD[LIST_TRUST]);
}

// revocations: [{kind: key|passport|batch, kid hex | passport_id hex | gtin + batch, reason name, date}].
// opts.salt (16 bytes): the compact form (section 6.5): passports and batches
// in the hashed set, key 9; kids stay exact in key 6. opts.hashed: a key 9
// array as it is (revsetFromHashes, for defect lists).
function signRevocationList(operator, h, revocations, opts = {}) {
  const rec = (k, r) => Buffer.concat([Buffer.from(k, 'hex'), Buffer.from([REASONS.indexOf(r.reason)]),
    Buffer.from([r.date >> 8, r.date & 255])]);
  const kids = revocations.filter((r) => r.kind === 'key').map((r) => rec(r.kid, r)).sort(Buffer.compare);
  const ids = revocations.filter((r) => r.kind === 'passport').map((r) => rec(r.passport_id, r)).sort(Buffer.compare);
  const bs = revocations.filter((r) => r.kind === 'batch').map((r) => [Number(r.gtin), r.batch, REASONS.indexOf(r.reason), r.date])
    .sort((a, b) => a[0] - b[0] || Buffer.byteLength(a[1]) - Buffer.byteLength(b[1]) || Buffer.compare(Buffer.from(a[1]), Buffer.from(b[1])));
  const p = new Map(headerMap(LIST_REVOCATION, h));
  if (kids.length) p.set(6, Buffer.concat(kids));
  if (opts.salt || opts.hashed) {
    p.set(9, opts.hashed || revsetEncode(opts.salt, revocations.filter((r) => r.kind !== 'key')));
    return sign1(operator, encodeDet(p), AAD[LIST_REVOCATION]);
  }
  if (ids.length) p.set(7, Buffer.concat(ids));
  if (bs.length) p.set(8, bs);
  return sign1(operator, encodeDet(p), AAD[LIST_REVOCATION]);
}

// ---------------------------------------------------------------- the store

class TrustStore {
  constructor() {
    this.pinned = []; // keys with any role, any scope, no window (section 3.6)
    // schemes in the order the verifier first named them; '' is the default scheme
    this.schemes = [this.newScheme('')];
    this.status = new Map(); // list id hex -> part
  }

  newScheme(name) {
    return { name, operators: [], retired: [], entries: [], revocations: null, listKid: null };
  }

  scheme(name, create) {
    const n = name === null || name === undefined ? '' : name;
    let s = this.schemes.find((x) => x.name === n);
    if (!s && create) {
      if (!/^[\x20-\x7e]{1,63}$/.test(n)) err('DPP_ERR_INVALID_ARG', `scheme name ${JSON.stringify(n)}`);
      if (this.schemes.length > MAX_SCHEMES) err('DPP_ERR_TOO_LARGE', `at most ${MAX_SCHEMES} schemes`);
      s = this.newScheme(n);
      this.schemes.push(s);
    }
    return s;
  }

  addKey(k) {
    this.pinned.push(k);
  }

  // An explicit pin also lifts a retirement of that key (section 3.9).
  pinOperator(k, name = '') {
    const s = this.scheme(name, true);
    if (!s.operators.some((o) => o.kid.equals(k.kid) && o.alg === k.alg)) s.operators.push({ ...k, priv: null });
    s.retired = s.retired.filter((r) => !r.equals(k.kid));
  }

  // Section 3.8: a list signed by a key pinned for another scheme.
  wrongScheme(s, kid, e) {
    for (const o of this.schemes) {
      if (o === s) continue;
      if (o.operators.some((k) => k.kid.equals(kid))) {
        err('DPP_ERR_LIST_WRONG_SCHEME', `list is signed by an operator key of scheme ${o.name || '(default)'}, not of scheme ${s.name || '(default)'}`);
      }
    }
    throw e;
  }

  operatorRetired(s, kid, kind = 'trust') {
    if (s.retired.some((r) => r.equals(kid))) {
      err('DPP_ERR_OPERATOR_RETIRED', `${kind} list is signed by operator key ${hex(kid)}, which handed over to its successor in an accepted rollover`);
    }
    if (s.revocations && s.revocations.kids.has(hex(kid))) {
      err('DPP_ERR_OPERATOR_RETIRED', `${kind} list is signed by operator key ${hex(kid)}, which the scheme's revocation list revokes`);
    }
  }

  loadList(bytes, policy, name = '') {
    const s = this.scheme(name, name !== '' && name !== null && name !== undefined);
    const m = openList(bytes, LIST_TRUST);
    let signer = null;
    let walk = null;
    const pinnedHere = s.operators.some((k) => k.kid.equals(m.kid));
    if (pinnedHere) {
      signer = verifyList(m, LIST_TRUST, s.operators);
    } else {
      // Not pinned: retired? else follow the operator chain (key 7, read before the
      // list is verified; a statement that is not a well-formed rollover is
      // DPP_ERR_LIST_FORMAT, section 3.9; the rest of the body waits for step 12).
      this.operatorRetired(s, m.kid);
      let rd = null;
      try {
        rd = cborStep(m.payload);
      } catch (x) {
        if (!(x instanceof dpp().DppError)) throw x;
      }
      let chain = [];
      if (rd instanceof Map && Array.isArray(rd.get(7)) && rd.get(7).length <= MAX_ROLLOVERS) {
        chain = rd.get(7).map((st, i) => {
          if (!Buffer.isBuffer(st)) err('DPP_ERR_LIST_FORMAT', `operator_chain[${i}]: not a bstr`);
          return openRollover(st, i);
        });
      }
      // Section 3.3 step 6 against this scheme's pins: none pinned is DPP_ERR_INVALID_ARG,
      // else DPP_ERR_LIST_UNPINNED; a key pinned for another scheme DPP_ERR_LIST_WRONG_SCHEME.
      const unpinned = s.operators.length === 0
        ? new (dpp().DppError)('DPP_ERR_INVALID_ARG', `no operator key is pinned for scheme ${s.name || '(default)'}`)
        : new (dpp().DppError)('DPP_ERR_LIST_UNPINNED', `trust list is signed by kid ${hex(m.kid)}, which is not a pinned operator key`);
      if (chain.length === 0 || s.operators.length === 0) this.wrongScheme(s, m.kid, unpinned);
      try {
        walk = followChain(chain, s.operators, m.kid);
      } catch (x) {
        if (x instanceof dpp().DppError && x.name === 'DPP_ERR_LIST_UNPINNED') this.wrongScheme(s, m.kid, x);
        throw x;
      }
      signer = verifyList(m, LIST_TRUST, [walk.successor]);
    }
    if (!signer) err('DPP_ERR_LIST_UNPINNED', `trust list is signed by kid ${hex(m.kid)}, which is not a pinned operator key`);
    const { p, hdr, rest } = readHeader(m, LIST_TRUST, policy);
    const body = readTrustBody(p, rest);
    this.operatorRetired(s, m.kid);
    if (!walk && body.chain.length) {
      // Signed by a pinned key: a chain from another pinned key to it still retires that key.
      try {
        walk = followChain(body.chain, s.operators, m.kid);
      } catch (x) {
        if (!(x instanceof dpp().DppError)) throw x;
      }
    }
    s.entries = body.entries.map((e) => ({ ...e, scheme: s.name, source: 'trust-list' }));
    if (walk) {
      this.pinOperatorInternal(s, walk.successor);
      for (const r of walk.retired) if (!r.equals(m.kid)) this.retire(s, r);
    }
    s.listKid = m.kid;
    return { ...hdr, entries: body.entries.length, chain: body.chain.length };
  }

  pinOperatorInternal(s, k) {
    if (!s.operators.some((o) => o.kid.equals(k.kid) && o.alg === k.alg)) s.operators.push(k);
  }

  retire(s, kid) {
    s.operators = s.operators.filter((o) => !o.kid.equals(kid));
    if (!s.retired.some((r) => r.equals(kid)) && s.retired.length < MAX_RETIRED) s.retired.push(kid);
  }

  loadRevocations(bytes, policy, name = '') {
    const s = this.scheme(name, name !== '' && name !== null && name !== undefined);
    const m = openList(bytes, LIST_REVOCATION);
    if (!s.operators.some((k) => k.kid.equals(m.kid))) {
      // section 3.9: "a later list signed by a retired key is DPP_ERR_OPERATOR_RETIRED"
      this.operatorRetired(s, m.kid, 'revocation');
      this.wrongScheme(s, m.kid, s.operators.length === 0
        ? new (dpp().DppError)('DPP_ERR_INVALID_ARG', `no operator key is pinned for scheme ${s.name || '(default)'}`)
        : new (dpp().DppError)('DPP_ERR_LIST_UNPINNED', `revocation list is signed by kid ${hex(m.kid)}, which is not a pinned operator key`));
    }
    verifyList(m, LIST_REVOCATION, s.operators);
    const { p, hdr, rest } = readHeader(m, LIST_REVOCATION, policy);
    const rv = readRevocationBody(p, rest, m.payload);
    // section 3.9: "a list signed by an operator key that the scheme's revocation list revokes"
    this.operatorRetired(s, m.kid, 'revocation');
    s.revocations = rv;
    return hdr;
  }

  // Section 6.4: pins of any scheme.
  loadStatus(bytes, policy) {
    const pins = this.schemes.flatMap((s) => s.operators);
    const m = openList(bytes, LIST_STATUS);
    if (pins.length === 0) err('DPP_ERR_INVALID_ARG', 'no operator key is pinned');
    if (!pins.some((k) => k.kid.equals(m.kid))) {
      // section 3.9: a key a rollover retired in some scheme (and pinned in none)
      for (const s of this.schemes) this.operatorRetired(s, m.kid, 'status');
    }
    if (!verifyList(m, LIST_STATUS, pins)) err('DPP_ERR_LIST_UNPINNED', `status list is signed by kid ${hex(m.kid)}, which is not a pinned operator key`);
    const { p, hdr, rest } = readHeader(m, LIST_STATUS, policy);
    const doc = readStatusBody(p, rest);
    // section 3.9: revoked by the revocation list of a scheme that pins it
    for (const s of this.schemes) if (s.operators.some((k) => k.kid.equals(m.kid))) this.operatorRetired(s, m.kid, 'status');
    const idh = hex(doc.id);
    const held = this.status.get(idh);
    if (held && hdr.sequence < held.sequence) {
      err('DPP_ERR_LIST_ROLLBACK', `status list sequence ${hdr.sequence} is older than ${held.sequence}, the one held`);
    }
    let bits;
    if (!doc.delta) {
      if (!held && this.status.size >= MAX_STATUS_PARTS) err('DPP_ERR_TOO_LARGE', `at most ${MAX_STATUS_PARTS} status lists`);
      bits = doc.bits;
    } else {
      if (!held) err('DPP_ERR_STATUS_DELTA_BASE', `status delta on sequence ${doc.base}, but no list with this id is held`);
      if (doc.base !== held.sequence || doc.nBits !== held.nBits || hdr.sequence <= doc.base) {
        err('DPP_ERR_STATUS_DELTA_BASE', `status delta from sequence ${doc.base} (${doc.nBits} bits) to ${hdr.sequence}, but the list held is sequence ${held.sequence} (${held.nBits} bits)`);
      }
      bits = Buffer.from(held.bits);
      for (const i of doc.set) bits[i >> 3] |= 0x80 >> (i & 7);
      for (const i of doc.cleared) bits[i >> 3] &= ~(0x80 >> (i & 7));
    }
    this.status.set(idh, { id: doc.id, nBits: doc.nBits, bits, sequence: hdr.sequence, issuedAt: hdr.issuedAt,
      nextUpdate: hdr.nextUpdate });
    return { ...hdr, delta: doc.delta, id: idh, nBits: doc.nBits };
  }

  statusInfo(idHex, now) {
    const p = this.status.get(idHex);
    if (!p) return null;
    let nSet = 0;
    for (let i = 0; i < p.nBits; i++) if (bitSet(p.bits, i)) nSet++;
    return { nBits: p.nBits, nSet, sequence: p.sequence, stale: now > p.nextUpdate };
  }

  // Every key that may have signed: pinned keys, then list entries by scheme.
  candidates() {
    const out = this.pinned.map((k) => ({ ...k, entry: { role: 0, scheme: '', source: k.notBefore !== null ? 'x509' : 'pinned',
      spki: spkiOf(k), notBefore: null, notAfter: null, scope: null, party: null } }));
    this.schemes.forEach((s, si) => {
      for (const e of s.entries) out.push({ ...e.key, entry: { ...e, schemeIndex: si } });
    });
    return out;
  }
}

// ---------------------------------------------------------------- steps 13..16 (sections 3.4, 3.8, 6.3, 6.4)

function claimMask(pm) {
  let m = (1 << 1) | (1 << 9);
  for (const k of [10, 11, 12, 13, 14, 15]) if (pm.has(k)) m |= 1 << k;
  if (pm.has(13)) pm.get(13).forEach((_, i) => { if (i < 8) m |= 1 << (16 + i); });
  return m >>> 0;
}

function expand(m) {
  return (m & (1 << 13)) ? (m | (0xff << 16)) >>> 0 : m;
}

function claimNames(m) {
  const names = Object.fromEntries(Object.entries(CLAIMS).map(([k, v]) => [v, k]));
  const out = [];
  for (let c = 0; c < 24; c++) if (m & (1 << c)) out.push(names[c] || `certifications[${c - 16}]`);
  return out.join(', ');
}

// One entry for signing passport (iat, pm, resolver): {stage 0..3, error, message}.
function evalEntry(e, iat, pm, resolver) {
  if (e.notBefore !== null || e.notAfter !== null) {
    if ((e.notBefore !== null && iat < e.notBefore) || (e.notAfter !== null && iat > e.notAfter)) {
      return { stage: 0, error: 'DPP_ERR_SIGNER_NOT_VALID', message: `passport signer: signed at ${iat}, outside its trust-list window` };
    }
  }
  if (e.role !== 0 && e.role !== 1) {
    return { stage: 1, error: 'DPP_ERR_ROLE', message: `passport signer has the role ${ROLE_NAMES[e.role]}; only a manufacturer signs passports` };
  }
  if (e.scope) {
    const s = e.scope;
    const gtin = String(pm.get(3)).padStart(14, '0');
    if (s.gtinPrefixes.length && !s.gtinPrefixes.some((g) => gtin.startsWith(g))) {
      return { stage: 2, error: 'DPP_ERR_SCOPE', message: `GTIN ${gtin} matches none of its GTIN prefixes` };
    }
    if (s.categories.length && !s.categories.includes(pm.get(7))) {
      return { stage: 2, error: 'DPP_ERR_SCOPE', message: `category ${JSON.stringify(pm.get(7) || '')} is not in its scope` };
    }
    if (s.resolvers.length && resolver !== null &&
        !s.resolvers.some((r) => resolver === r || resolver.startsWith(`${r}/`))) {
      return { stage: 2, error: 'DPP_ERR_DL_DOMAIN_SCOPE', message: `resolver ${resolver} is not among its allowed resolvers` };
    }
    if (s.claims) {
      const used = claimMask(pm) & ~((1 << 1) | (1 << 9));
      const out = used & ~expand(s.claims);
      if (out) return { stage: 2, error: 'DPP_ERR_SCOPE', message: `${claimNames(out)} outside its scope` };
    }
  }
  return { stage: 3 };
}

const STAGE_CHECK = ['signer_window', 'role', 'scope'];

// Steps 13..15 for the key that verified (same kid and SPKI): the entry that
// passes, preferring the scheme the verifier named first; else the furthest failure.
function checkSigner(store, signer, iat, pm, resolver) {
  const spki = spkiOf(signer);
  const all = store.candidates().filter((c) => c.kid.equals(signer.kid) && c.entry.spki.equals(spki));
  let best = null;
  for (const c of all) {
    const ev = evalEntry(c.entry, iat, pm, resolver);
    const si = c.entry.schemeIndex === undefined ? -1 : c.entry.schemeIndex;
    if (best === null || ev.stage > best.ev.stage || (ev.stage === 3 && si < best.si)) best = { ev, si, e: c.entry };
  }
  if (best.ev.stage < 3) err2(STAGE_CHECK[best.ev.stage], best.ev.error, best.ev.message);
  const e = best.e;
  return { source: e.source, role: ROLE_NAMES[e.role], scheme: e.source === 'trust-list' ? e.scheme : '',
    scheme_operator: e.source === 'trust-list' ? hex(store.scheme(e.scheme).listKid) : null, party: e.party };
}

class CheckError extends Error {
  constructor(check, name, msg) {
    super(msg);
    this.check = check;
    this.name = name;
  }
}

function err2(check, name, msg) {
  throw new CheckError(check, name, msg);
}

// Step 16: kid, passport id, batch in every scheme's revocation list, then the status bit.
function checkRevocation(store, kid, iat, pm, status) {
  const schemes = store.schemes.filter((s) => s.revocations);
  const haveStatus = status !== null && store.status.size > 0;
  if (schemes.length === 0 && !haveStatus) return { skipped: true };
  const label = (s) => (s.name ? ` (revocation list of scheme ${s.name})` : '');
  for (const s of schemes) {
    const r = s.revocations.kids.get(hex(kid));
    if (!r) continue;
    if ((r.reason === 2 || r.reason === 3) && iat < r.date * 86400) continue;
    err2('revocation', 'DPP_ERR_REVOKED', `signer key ${hex(kid)} revoked, reason: ${REASONS[r.reason]}${label(s)}`);
  }
  const gtin = String(pm.get(3)).padStart(14, '0');
  for (const s of schemes) {
    const r = s.revocations.ids.get(hex(pm.get(2)));
    if (r) err2('revocation', 'DPP_ERR_REVOKED', `passport revoked, reason: ${REASONS[r.reason]}${label(s)}`);
    if (pm.has(4)) {
      const b = s.revocations.batches.get(`${gtin}/${pm.get(4)}`);
      if (b) err2('revocation', 'DPP_ERR_REVOKED', `batch ${pm.get(4)} of GTIN ${gtin} revoked, reason: ${REASONS[b.reason]}${label(s)}`);
    }
    // section 6.5: key 9 after keys 7 and 8
    const hs = s.revocations.hashed;
    if (hs) {
      const hp = revsetFindPassport(hs, pm.get(2));
      if (hp) err2('revocation', 'DPP_ERR_REVOKED', `passport revoked on ${dayText(hp.date)}, reason: ${REASONS[hp.reason]} (compact list)${label(s)}`);
      if (pm.has(4)) {
        const hb = revsetFindBatch(hs, gtin, pm.get(4));
        if (hb) err2('revocation', 'DPP_ERR_REVOKED', `batch ${pm.get(4)} of GTIN ${gtin} revoked on ${dayText(hb.date)}, reason: ${REASONS[hb.reason]} (compact list)${label(s)}`);
      }
    }
  }
  if (haveStatus) {
    const idh = hex(status.list_id);
    const part = store.status.get(idh);
    if (!part) err2('revocation', 'DPP_ERR_STATUS_LIST_MISSING', `passport's status list ${idh} is not loaded`);
    if (status.index >= part.nBits) err2('revocation', 'DPP_ERR_STATUS_INDEX', `status index ${status.index} is past the end of status list ${idh} (${part.nBits} entries)`);
    if (bitSet(part.bits, status.index)) err2('revocation', 'DPP_ERR_STATUS_REVOKED', `passport revoked: bit ${status.index} of status list ${idh} (sequence ${part.sequence}) is set`);
  }
  return { skipped: false };
}

function dayText(d) {
  return new Date(d * 86400000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- 2.25 OIDs from UUIDs (section 4.1, X.667)

function oidFromUuid(uuid) {
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(uuid)) {
    err('DPP_ERR_INVALID_ARG', `not a UUID: ${uuid}`);
  }
  return `2.25.${BigInt(`0x${uuid.replace(/-/g, '')}`).toString(10)}`;
}

const ROLE_POLICY_UUIDS = {
  manufacturer: '20a70004-e4d3-48cc-8d07-42453741e3e1',
  certifier: 'a55ab0a9-ecf3-4840-95b9-85624fd08482',
  'cbam-verifier': '27d417dd-ac20-4cc4-8651-38e8a7750962',
};
const ROLE_POLICY_PLACEHOLDERS = { manufacturer: '2.999.4711.1.1', certifier: '2.999.4711.1.2', 'cbam-verifier': '2.999.4711.1.3' };

// The libdpp role of a certificate's policy OID (either arc), or null.
function roleOfPolicy(oid) {
  for (const [role, u] of Object.entries(ROLE_POLICY_UUIDS)) if (oidFromUuid(u) === oid) return role;
  for (const [role, o] of Object.entries(ROLE_POLICY_PLACEHOLDERS)) if (o === oid) return role;
  return null;
}

// The policy OIDs of a certificate's certificatePolicies extension (RFC 5280
// 4.2.1.4, OID 2.5.29.32), read from the DER: a small walker, since Node's
// X509Certificate does not expose extensions.
function derItem(b, i) {
  const tag = b[i];
  let len = b[i + 1];
  let start = i + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) err('DPP_ERR_CERT_POLICY', 'certificate: bad DER length');
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[start + k];
    start += n;
  }
  if (start + len > b.length) err('DPP_ERR_CERT_POLICY', 'certificate: DER item past the end');
  return { tag, start, end: start + len };
}

function children(b, it) {
  const out = [];
  for (let i = it.start; i < it.end;) {
    const c = derItem(b, i);
    out.push(c);
    i = c.end;
  }
  return out;
}

function oidText(b) {
  const arcs = [];
  let v = 0n;
  for (const x of b) {
    v = (v << 7n) | BigInt(x & 0x7f);
    if (!(x & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs.shift();
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

function certPolicyOids(certPemOrDer) {
  const der = Buffer.isBuffer(certPemOrDer) ? certPemOrDer : new crypto.X509Certificate(certPemOrDer).raw;
  const cert = derItem(der, 0);
  const tbs = children(der, cert)[0];
  const ext = children(der, tbs).find((c) => c.tag === 0xa3); // extensions [3] EXPLICIT
  const out = [];
  if (!ext) return out;
  for (const e of children(der, children(der, ext)[0])) {
    const parts = children(der, e); // extnID, critical?, extnValue
    if (oidText(der.subarray(parts[0].start, parts[0].end)) !== '2.5.29.32') continue;
    const octets = parts[parts.length - 1];
    for (const pi of children(der, derItem(der, octets.start))) {
      const id = children(der, pi)[0];
      out.push(oidText(der.subarray(id.start, id.end)));
    }
  }
  return out;
}

// Section 4 step 3: exactly one libdpp role among the policies (either arc).
function certRole(certPemOrDer) {
  const roles = new Set(certPolicyOids(certPemOrDer).map(roleOfPolicy).filter((r) => r !== null));
  if (roles.size !== 1) err('DPP_ERR_CERT_POLICY', `certificate has ${roles.size === 0 ? 'no' : 'several'} libdpp role policies`);
  return [...roles][0];
}

module.exports = {
  certPolicyOids, certRole,
  TrustStore, CheckError, checkSigner, checkRevocation, statusListId, lebGaps, readGaps, sign1, openSign1,
  rolloverSign, signStatusWhole, signStatusDelta, signTrustList, signRevocationList, oidFromUuid, roleOfPolicy,
  ROLE_POLICY_UUIDS, AAD, AAD_ROLLOVER, keyFromSpki, spkiOf, statusBits, bitSet, encodeDet, cborStep,
  revsetHash, revsetPassportKey, revsetBatchKey, revsetItems, revsetEncode, revsetFromHashes, readRevset, revsetFind,
  revsetFindPassport, revsetFindBatch, metaRecord, bitlen, REVSET_PASSPORT, REVSET_BATCH,
};
