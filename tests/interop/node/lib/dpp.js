// SPDX-License-Identifier: Apache-2.0
//
// An independent encoder and verifier of libdpp passports, written from
// spec/README.md, spec/payload.cddl and spec/link.md only: both transport
// forms, "DPP1:" + Base45 text and the link form (a GS1 Digital Link URI whose
// fragment carries the body as decimal digits; URI structure from the WHATWG
// URL parser plus the profile's own checks, AI formats from the GS1 Barcode
// Syntax Dictionary file in the repository, libdpp/gs1/). The trust layer of
// spec/trust.md (lists, schemes, rollover, status lists, steps 13..16) is
// lib/trust.js; verify() takes its TrustStore in place of the trusted keys.
//
// Libraries: `cbor` (decoding items and canonical encoding), `@auth0/cose`
// (COSE_Sign1 signing and verification: EdDSA, ES256, ES384, PS256 through
// Node's crypto), `base45` (RFC 9285), Node's zlib. The profile's own rules
// (strict deterministic CBOR with its error names, the closed headers, the
// claims set, the passport schema) are implemented here: no library knows them.
'use strict';

const crypto = require('crypto');
const zlib = require('zlib');
const cbor = require('cbor');
const base45 = require('base45');
const { Sign1 } = require('@auth0/cose');
const { CborError, checkDeterministic } = require('./strict_cbor');
const { DICT_V1, DICT_V1_ID } = require('./dict_v1');
const trust = require('./trust');

const PREFIX = 'DPP1:';
const MAX_TEXT = 4296;
const MAX_COSE = 4096;
const SKEW = 300;
const CLAIM_ISS = 1;
const CLAIM_EXP = 4;
const CLAIM_IAT = 6;
const CLAIM_PASSPORT = -262;
const CLAIM_RESOLVER = -265; // spec/link.md section 2
const CLAIM_STATUS = -266; // spec/trust.md section 6.4: [list id, index]
const STATUS_MAX_BITS = 16777216;
const ALGS = { '-7': 'ES256', '-35': 'ES384', '-8': 'EdDSA', '-37': 'PS256' };
const ALG_IDS = { ES256: -7, ES384: -35, EdDSA: -8, PS256: -37 };
const U63 = (1n << 63n) - 1n;

class DppError extends Error {
  constructor(name, msg) {
    super(msg);
    this.name = name;
  }
}

function err(name, msg) {
  throw new DppError(name, msg);
}

// ---------------------------------------------------------------- keys

// ---------------------------------------------------------------- weak keys
// Spec section 5.2: a key that is a small-order Ed25519 point, an EC point at
// infinity or off its curve, or RSA with e = 1, an even e or fewer than 2048
// bits verifies forgeries; it is refused with DPP_ERR_KEY_WEAK.

function modPow(b, e, m) {
  let r = 1n;
  b %= m;
  if (b < 0n) b += m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

const mod = (a, m) => ((a % m) + m) % m;
const ED_P = (1n << 255n) - 19n;
const ED_D = mod(-121665n * modPow(121666n, ED_P - 2n, ED_P), ED_P);

function leBig(buf) {
  let v = 0n;
  for (let i = buf.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[i]);
  return v;
}

function beBig(buf) {
  return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`);
}

// x for y on edwards25519, or null when y is not on the curve
function edX(y) {
  const u = mod(y * y - 1n, ED_P);
  const v = mod(ED_D * y * y + 1n, ED_P);
  const x2 = mod(u * modPow(v, ED_P - 2n, ED_P), ED_P);
  let x = modPow(x2, (ED_P + 3n) / 8n, ED_P);
  if (mod(x * x, ED_P) !== x2) x = mod(x * modPow(2n, (ED_P - 1n) / 4n, ED_P), ED_P);
  return mod(x * x, ED_P) === x2 ? x : null;
}

function checkEd25519(raw) {
  const y = leBig(raw) & ((1n << 255n) - 1n);
  const yr = mod(y, ED_P);
  const x = edX(yr);
  if (x === null) err('DPP_ERR_KEY_WEAK', 'Ed25519 public key is not a point on the curve');
  // doubling a point of order 1, 2, 4 or 8 reaches (0, 1) within three steps
  let px = x;
  let py = yr;
  for (const order of [1, 2, 4, 8]) {
    if (px === 0n && py === 1n) err('DPP_ERR_KEY_WEAK', `Ed25519 public key is a small-order point (order ${order})`);
    const t = mod(ED_D * px * px * py * py, ED_P);
    const nx = mod(2n * px * py * modPow(mod(1n + t, ED_P), ED_P - 2n, ED_P), ED_P);
    const ny = mod((py * py + px * px) * modPow(mod(1n - t, ED_P), ED_P - 2n, ED_P), ED_P);
    px = nx;
    py = ny;
  }
  if (y >= ED_P) err('DPP_ERR_KEY_WEAK', 'Ed25519 public key is not canonically encoded');
}

const EC_CURVES = {
  '2a8648ce3d030107': ['P-256', (1n << 256n) - (1n << 224n) + (1n << 192n) + (1n << 96n) - 1n,
    0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn],
  '2b81040022': ['P-384', (1n << 384n) - (1n << 128n) - (1n << 96n) + (1n << 32n) - 1n,
    0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn],
};

// [tag, start, end] of the DER item at b[i]
function derItem(b, i) {
  if (i + 2 > b.length) throw new Error('truncated');
  const tag = b[i];
  let n = b[i + 1];
  let j = i + 2;
  if (n & 0x80) {
    const k = n & 0x7f;
    if (k === 0 || k > 4 || j + k > b.length) throw new Error('length');
    n = 0;
    for (let q = 0; q < k; q++) n = n * 256 + b[j + q];
    j += k;
  }
  if (j + n > b.length) throw new Error('truncated');
  return [tag, j, j + n];
}

// An EC SubjectPublicKeyInfo on P-256 / P-384: the point at infinity and
// points off the curve are refused (OpenSSL would not even load the latter).
function checkEcSpki(der) {
  let curve;
  let pt;
  try {
    const [t0, s0, e0] = derItem(der, 0);
    if (t0 !== 0x30 || e0 !== der.length) return;
    const [t1, s1, e1] = derItem(der, s0);
    if (t1 !== 0x30) return;
    const [t2, s2, e2] = derItem(der, s1);
    if (t2 !== 0x06 || der.subarray(s2, e2).toString('hex') !== '2a8648ce3d0201') return;
    const [t3, s3, e3] = derItem(der, e2);
    curve = t3 === 0x06 ? EC_CURVES[der.subarray(s3, e3).toString('hex')] : undefined;
    if (!curve) return;
    const [t4, s4, e4] = derItem(der, e1);
    if (t4 !== 0x03 || e4 - s4 < 2 || der[s4] !== 0) return;
    pt = der.subarray(s4 + 1, e4);
  } catch (e) {
    return;
  }
  const [name, p, b] = curve;
  const fl = (p.toString(2).length + 7) >> 3;
  if (pt.length === 1 && pt[0] === 0) err('DPP_ERR_KEY_WEAK', `${name} public key is the point at infinity`);
  let on;
  if (pt.length === 1 + 2 * fl && pt[0] === 4) {
    const x = beBig(pt.subarray(1, 1 + fl));
    const y = beBig(pt.subarray(1 + fl));
    on = x < p && y < p && mod(y * y - (x * x * x - 3n * x + b), p) === 0n;
  } else if (pt.length === 1 + fl && (pt[0] === 2 || pt[0] === 3)) {
    const x = beBig(pt.subarray(1));
    const rhs = mod(x * x * x - 3n * x + b, p);
    on = x < p && (rhs === 0n || modPow(rhs, (p - 1n) / 2n, p) === 1n);
  } else {
    return;
  }
  if (!on) err('DPP_ERR_KEY_WEAK', `${name} public key is not a point on the curve`);
}

function checkRsa(jwk) {
  const n = beBig(Buffer.from(jwk.n, 'base64url'));
  const e = beBig(Buffer.from(jwk.e, 'base64url'));
  const bits = n.toString(2).length;
  if (bits < 2048) err('DPP_ERR_KEY_WEAK', `RSA modulus of ${bits} bits: need >= 2048`);
  if (e < 3n || (e & 1n) === 0n) err('DPP_ERR_KEY_WEAK', `RSA public exponent ${e}: need an odd exponent >= 3`);
}

// A trusted or signing key: {key (KeyObject), alg, kid (Buffer), notBefore, notAfter, priv}.
function loadKey(pem) {
  const text = Buffer.isBuffer(pem) ? pem.toString('utf8') : pem;
  const block = /-----BEGIN PUBLIC KEY-----([^-]*)-----END PUBLIC KEY-----/.exec(text);
  if (block) checkEcSpki(Buffer.from(block[1].replace(/\s+/g, ''), 'base64'));
  let pub;
  let priv = null;
  let notBefore = null;
  let notAfter = null;
  if (text.includes('BEGIN CERTIFICATE')) {
    const cert = new crypto.X509Certificate(text);
    pub = cert.publicKey;
    notBefore = Math.floor(Date.parse(cert.validFrom) / 1000);
    notAfter = Math.floor(Date.parse(cert.validTo) / 1000);
  } else if (text.includes('PRIVATE KEY')) {
    priv = crypto.createPrivateKey(text);
    pub = crypto.createPublicKey(priv);
  } else {
    pub = crypto.createPublicKey(text);
  }
  let alg;
  const t = pub.asymmetricKeyType;
  const d = pub.asymmetricKeyDetails || {};
  if (t === 'ed25519') {
    checkEd25519(Buffer.from(pub.export({ format: 'jwk' }).x, 'base64url'));
    alg = 'EdDSA';
  } else if (t === 'ec' && d.namedCurve === 'prime256v1') alg = 'ES256';
  else if (t === 'ec' && d.namedCurve === 'secp384r1') alg = 'ES384';
  else if (t === 'rsa') {
    checkRsa(pub.export({ format: 'jwk' }));
    alg = 'PS256';
  } else err('DPP_ERR_KEY_TYPE', `key type ${t} not supported`);
  const spki = pub.export({ type: 'spki', format: 'der' });
  const kid = crypto.createHash('sha256').update(spki).digest().subarray(0, 8);
  return { key: pub, priv, alg, kid, notBefore, notAfter };
}

// ---------------------------------------------------------------- transport

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

// Strict Base45 (spec section 4.2) on top of the base45 package's decoder.
function base45Strict(body) {
  if (body.length === 0) err('DPP_ERR_BASE45', 'empty body');
  for (let i = 0; i < body.length; i++) {
    if (B45.indexOf(body[i]) < 0) err('DPP_ERR_BASE45', `character ${JSON.stringify(body[i])} at offset ${i}`);
  }
  if (body.length % 3 === 1) err('DPP_ERR_BASE45', `length ${body.length} is 1 mod 3`);
  for (let i = 0; i < body.length; i += 3) {
    const g = body.slice(i, i + 3);
    let v = 0;
    for (let j = g.length - 1; j >= 0; j--) v = v * 45 + B45.indexOf(g[j]);
    if ((g.length === 3 && v > 0xffff) || (g.length === 2 && v > 0xff)) {
      err('DPP_ERR_BASE45', `group ${g} at offset ${i} overflows`);
    }
  }
  return Buffer.from(base45.decode(body));
}

function looksLikeZlib(b) {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && b[0] >> 4 <= 7 && ((b[0] << 8) | b[1]) % 31 === 0;
}

const FDICT = 0x20; // FLG bit 5: a 4-byte DICTID follows the 2-byte header

// Spec section 4.3: FDICT 0, or FDICT 1 with the DICTID of dictionary v1
// (checked before inflating); exact end; at most 4096 bytes, the cap
// enforced while inflating (maxOutputLength).
function inflateStrict(body) {
  const opts = { info: true, maxOutputLength: MAX_COSE };
  if (body[1] & FDICT) {
    if (body.length < 6) err('DPP_ERR_INFLATE', `stream of ${body.length} bytes too short for its 4-byte DICTID`);
    const id = body.readUInt32BE(2);
    if (id !== DICT_V1_ID) {
      err('DPP_ERR_INFLATE', `preset dictionary DICTID ${id.toString(16).padStart(8, '0')} unknown`);
    }
    // zlib asks for it (Z_NEED_DICT) after reading the DICTID; Node hands it over
    opts.dictionary = DICT_V1;
  }
  let res;
  try {
    res = zlib.inflateSync(body, opts);
  } catch (e) {
    if (e instanceof RangeError || e.code === 'ERR_BUFFER_TOO_LARGE') {
      err('DPP_ERR_TOO_LARGE', `inflates to more than ${MAX_COSE} bytes`);
    }
    err('DPP_ERR_INFLATE', `zlib: ${e.message}`);
  }
  if (res.engine.bytesWritten !== body.length) {
    err('DPP_ERR_INFLATE', `${body.length - res.engine.bytesWritten} bytes after the zlib stream`);
  }
  return res.buffer;
}

// Spec section 4.3 encoder settings: preset dictionary v1, level 9, window
// 4 KiB, memLevel 6, default strategy.
const DEFLATE_OPTS = { level: 9, windowBits: 12, memLevel: 6, strategy: zlib.constants.Z_DEFAULT_STRATEGY };

function deflate(cose) {
  return zlib.deflateSync(cose, { ...DEFLATE_OPTS, dictionary: DICT_V1 });
}

// A stream without a dictionary (FDICT 0), as encoders wrote before dictionary
// v1: verifiers still accept it, encoders no longer write it. For tests.
function deflateLegacy(cose) {
  return zlib.deflateSync(cose, DEFLATE_OPTS);
}

// ---------------------------------------------------------------- the link form (spec/link.md)

const MAX_LINK = 7089; // the whole link
const MAX_LINK_URI = 4296; // the part before '#'
const MAX_RESOLVER = 128;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const WHITE = /^[ \t\r\n]+|[ \t\r\n]+$/g; // spec section 4.1: dropped at both ends, nothing else

// digits of a group of k bytes: the fewest that hold 256^k values (link.md section 3)
const GROUP_DIGITS = [];
for (let k = 0; k <= 12; k++) GROUP_DIGITS.push(k === 0 ? 0 : ((1n << BigInt(8 * k)) - 1n).toString().length);
const BYTES_OF_DIGITS = new Map(GROUP_DIGITS.map((d, k) => [d, k]).filter(([, k]) => k > 0));

let gs1Dict = null;
// {ai: {format: [...], pk: bool}} from libdpp/gs1/gs1-syntax-dictionary.txt (the
// GS1 Barcode Syntax Dictionary, a data file of the repository)
function gs1Dictionary() {
  if (gs1Dict) return gs1Dict;
  const fs = require('fs');
  const path = require('path');
  const file = path.join(__dirname, '..', '..', '..', '..', 'libdpp', 'gs1', 'gs1-syntax-dictionary.txt');
  gs1Dict = new Map();
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const words = line.split(/\s+/);
    let i = 1;
    if (i < words.length && /^[*?]+$/.test(words[i])) i++;
    const format = [];
    while (i < words.length && !words[i].includes('=') && words[i] !== 'dlpkey') format.push(words[i++]);
    const pk = words.slice(i).some((w) => w === 'dlpkey' || w.startsWith('dlpkey='));
    const [lo, hi] = words[0].split('-');
    for (let n = Number(lo); n <= Number(hi || lo); n++) gs1Dict.set(String(n).padStart(lo.length, '0'), { format, pk });
  }
  return gs1Dict;
}

function gs1Check(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length - 1; i++) {
    const d = digits.charCodeAt(digits.length - 2 - i) - 48;
    sum += i % 2 === 0 ? 3 * d : d;
  }
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(digits.length - 1) - 48;
}

// why an AI value breaks its dictionary format, or null (N<n>,csum and X..<n> only)
function gs1ValueProblem(ai, v) {
  const comp = gs1Dictionary().get(ai).format[0].split(',');
  let m = /^N(\d+)$/.exec(comp[0]);
  if (m) {
    if (v.length !== Number(m[1]) || !/^[0-9]+$/.test(v)) return `length ${v.length} or not ${m[1]} digits`;
    if (comp.includes('csum') && !gs1Check(v)) return 'check digit wrong';
    return null;
  }
  m = /^X\.\.(\d+)$/.exec(comp[0]);
  if (!m) throw new Error(`AI ${ai}: format ${comp[0]} not used by the link form`);
  if (v.length < 1 || v.length > Number(m[1])) return `length ${v.length} outside 1..${m[1]}`;
  if (!GS1_82.test(v)) return 'a character outside GS1 set 82';
  return null;
}

// link.md section 2: the normalised resolver (lower-case host of >= 2 labels, the
// last not all digits; optional "/" segments of unreserved characters, not all digits)
function resolverNormalised(v) {
  const [host, ...segs] = v.split('/');
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels[labels.length - 1])) return false;
  return segs.every((g) => g.length > 0 && g !== '.' && g !== '..' && !/^[0-9]+$/.test(g) &&
    [...g].every((c) => UNRESERVED.test(c)));
}

function isLink(t) {
  return t.slice(0, 6).toLowerCase() === 'https:';
}

// a path value: unreserved literal, the rest %XX in upper-case hex; no %00 and no needless escape
function pctDecode(seg, ai) {
  const out = [];
  for (let i = 0; i < seg.length;) {
    const c = seg[i];
    if (c === '%') {
      const hx = seg.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hx)) err('DPP_ERR_DL_PERCENT', `AI ${ai}: '%' not followed by two hex digits`);
      if (hx !== hx.toUpperCase()) err('DPP_ERR_DL_PERCENT', `AI ${ai}: lower-case hex %${hx}`);
      const b = parseInt(hx, 16);
      if (b === 0) err('DPP_ERR_DL_PERCENT', `AI ${ai}: %00`);
      if (UNRESERVED.test(String.fromCharCode(b))) err('DPP_ERR_DL_PERCENT', `AI ${ai}: needless %${hx}`);
      out.push(b);
      i += 3;
    } else if (UNRESERVED.test(c)) {
      out.push(c.charCodeAt(0));
      i++;
    } else {
      err('DPP_ERR_DL_PERCENT', `AI ${ai}: ${JSON.stringify(c)} must be percent-encoded`);
    }
  }
  if (out.some((b) => b > 0x7f)) err('DPP_ERR_DL_AI_VALUE', `AI ${ai}: not ASCII`);
  return Buffer.from(out).toString('latin1');
}

// The URI part of a link (link.md section 1), check "prefix":
// {resolver, gtin, qualifiers: Map(ai -> value)}
function parseLinkUri(uri) {
  if (uri.length > MAX_LINK_URI) err('DPP_ERR_DL_SYNTAX', `the part before '#' is ${uri.length} characters`);
  for (let i = 0; i < uri.length; i++) {
    const c = uri.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) err('DPP_ERR_DL_SYNTAX', `character 0x${c.toString(16)} at ${i}: printable ASCII only`);
  }
  if (uri.slice(0, 8).toLowerCase() !== 'https://') err('DPP_ERR_DL_SYNTAX', 'the link must start with https://');
  if (uri.includes('?')) err('DPP_ERR_DL_QUERY', 'a query string is not allowed');
  const rest = uri.slice(8);
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const rawPath = slash < 0 ? '' : rest.slice(slash);
  let url;
  try {
    url = new URL(uri);
  } catch (e) {
    err('DPP_ERR_DL_SYNTAX', `not a URL: ${e.message}`);
  }
  if (url.protocol !== 'https:') err('DPP_ERR_DL_SYNTAX', `scheme ${url.protocol}`);
  if (url.username || url.password || authority.includes('@')) err('DPP_ERR_DL_SYNTAX', 'user information');
  if (url.hostname.startsWith('[')) err('DPP_ERR_DL_SYNTAX', 'IP literal host');
  if (url.port || authority.includes(':')) err('DPP_ERR_DL_SYNTAX', 'port');
  if (url.search) err('DPP_ERR_DL_QUERY', 'query string');
  const host = authority.toLowerCase();
  // the WHATWG parser reads an all-numeric last label as an IPv4 address
  if (/^[0-9.]+$/.test(url.hostname) || /^[0-9]+$/.test(host.split('.').pop())) err('DPP_ERR_DL_SYNTAX', 'IP address host');
  const labels = host.split('.');
  if (url.hostname !== host || labels.length < 2 || !labels.every((l) => LABEL.test(l))) {
    err('DPP_ERR_DL_SYNTAX', `host ${authority}: two or more DNS labels of letters, digits and '-'`);
  }
  if (!rawPath.startsWith('/')) err('DPP_ERR_DL_SYNTAX', 'no path');
  const segs = rawPath.slice(1).split('/');
  for (const g of segs) {
    if (g === '') err('DPP_ERR_DL_SYNTAX', "empty path segment (double or trailing '/')");
    if (g === '.' || g === '..') err('DPP_ERR_DL_SYNTAX', "'.' or '..' path segment");
  }
  // AI/value pairs from the end of the path back to the primary key
  const dict = gs1Dictionary();
  let pk = -1;
  for (let i = segs.length; i >= 2 && /^[0-9]+$/.test(segs[i - 2]); i -= 2) {
    const e = dict.get(segs[i - 2]);
    if (e && e.pk) {
      pk = i - 2;
      break;
    }
  }
  if (pk < 0) err('DPP_ERR_DL_AI', 'no GS1 Digital Link primary key (AI 01) in the path');
  if (segs[pk] !== '01') err('DPP_ERR_DL_AI', `primary key AI ${segs[pk]}: this form needs AI 01`);
  const order = ['22', '10', '21'];
  let last = -1;
  const quals = [];
  for (let q = pk + 2; q < segs.length; q += 2) {
    const at = order.indexOf(segs[q]);
    if (at < 0) err('DPP_ERR_DL_AI', `AI ${segs[q]} is not a qualifier of AI 01`);
    if (at <= last) err('DPP_ERR_DL_QUALIFIER_ORDER', `qualifier AI ${segs[q]} repeated or out of order`);
    last = at;
    quals.push([segs[q], segs[q + 1]]);
  }
  for (const g of segs.slice(0, pk)) {
    if (/^[0-9]+$/.test(g) || ![...g].every((c) => UNRESERVED.test(c))) err('DPP_ERR_DL_SYNTAX', `path prefix segment ${g}`);
  }
  const gtin = pctDecode(segs[pk + 1], '01');
  let bad = gs1ValueProblem('01', gtin);
  if (bad) err('DPP_ERR_DL_AI_VALUE', `AI 01 ${gtin}: ${bad} (a GTIN of 14 digits)`);
  const qualifiers = new Map();
  for (const [ai, raw] of quals) {
    const v = pctDecode(raw, ai);
    bad = gs1ValueProblem(ai, v);
    if (bad) err('DPP_ERR_DL_AI_VALUE', `AI ${ai} ${JSON.stringify(v)}: ${bad}`);
    qualifiers.set(ai, v);
  }
  const resolver = [host, ...segs.slice(0, pk)].join('/');
  if (resolver.length > MAX_RESOLVER) err('DPP_ERR_DL_SYNTAX', 'host and prefix over 128 characters');
  return { resolver, gtin, qualifiers };
}

// check "prefix" on the fragment (after the first '#'; null when there is none)
function linkVersion(frag) {
  if (frag === null) err('DPP_ERR_DL_PAYLOAD', "no '#' fragment: a plain product link");
  if (frag === '') err('DPP_ERR_DL_PAYLOAD', 'empty fragment');
  if (!/^[0-9]/.test(frag)) err('DPP_ERR_DL_PAYLOAD', 'the fragment does not start with the version digit');
  if (frag[0] !== '1') err('DPP_ERR_PREFIX_VERSION', `format version ${frag[0]}`);
  if (frag.includes('#')) err('DPP_ERR_DL_SYNTAX', "a second '#'");
}

// check "base45" on the fragment after the version digit: 4-digit length, then the digit groups
function linkDigitsDecode(d) {
  if (!/^[0-9]{4}/.test(d)) err('DPP_ERR_DL_PAYLOAD', 'no 4-digit length after the version digit');
  const announced = Number(d.slice(0, 4));
  const digits = d.slice(4);
  const nd = /[^0-9]/.exec(digits);
  if (nd) err('DPP_ERR_DL_PAYLOAD', `${JSON.stringify(nd[0])} at digit ${nd.index} is not a decimal digit`);
  if (digits.length === 0) err('DPP_ERR_DL_PAYLOAD', 'no digits');
  const rem = digits.length % 29;
  if (rem !== 0 && !BYTES_OF_DIGITS.has(rem)) err('DPP_ERR_DL_PAYLOAD', `${digits.length} digits: no whole number of groups`);
  const out = [];
  for (let i = 0; i < digits.length; i += 29) {
    const g = digits.slice(i, i + 29);
    const k = BYTES_OF_DIGITS.get(g.length);
    let v = BigInt(g);
    if (v >= 1n << BigInt(8 * k)) err('DPP_ERR_DL_PAYLOAD', `the group at digit ${i} exceeds ${k} bytes`);
    const bytes = [];
    for (let j = 0; j < k; j++) {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    }
    out.push(...bytes);
  }
  if (announced < 1 || announced > MAX_COSE || announced !== out.length) {
    err('DPP_ERR_DL_PAYLOAD', `truncated: ${announced} bytes announced, the digits hold ${out.length}`);
  }
  return Buffer.from(out);
}

function linkDigitsEncode(body) {
  let s = '';
  for (let i = 0; i < body.length; i += 12) {
    const g = body.subarray(i, i + 12);
    s += BigInt(`0x${g.toString('hex')}`).toString().padStart(GROUP_DIGITS[g.length], '0');
  }
  return s;
}

function pctEncode(v) {
  let s = '';
  for (const b of Buffer.from(v, 'utf8')) {
    const c = String.fromCharCode(b);
    s += UNRESERVED.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return s;
}

// the link an encoder writes (link.md section 5); passport in its JSON form
function linkFromBody(body, resolver, pj) {
  const [host, ...prefix] = resolver.split('/');
  let uri = `HTTPS://${host.toUpperCase()}${prefix.map((p) => `/${p}`).join('')}/01/${pj.gtin.padStart(14, '0')}`;
  if (pj.batch !== undefined) uri += `/10/${pctEncode(pj.batch)}`;
  if (pj.serial !== undefined) uri += `/21/${pctEncode(pj.serial)}`;
  const out = `${uri}#1${String(body.length).padStart(4, '0')}${linkDigitsEncode(body)}`;
  if (out.length > MAX_LINK) err('DPP_ERR_TOO_LARGE', `link of ${out.length} characters`);
  return out;
}

// check "link" (link.md section 4); passport in its JSON form
function linkBinding(link, resolver, pj) {
  if (resolver === null) err('DPP_ERR_DL_DOMAIN', 'signed without a resolver: valid only as DPP1: text');
  if (link.resolver !== resolver) err('DPP_ERR_DL_DOMAIN', `link resolver ${link.resolver}, signed ${resolver}`);
  if (link.gtin !== pj.gtin) err('DPP_ERR_DL_PRIMARY_KEY', `link GTIN ${link.gtin}, signed ${pj.gtin}`);
  if (link.qualifiers.has('22')) err('DPP_ERR_DL_QUALIFIER', 'a consumer product variant (AI 22)');
  for (const [ai, name] of [['10', 'batch'], ['21', 'serial']]) {
    if (link.qualifiers.get(ai) !== pj[name]) err('DPP_ERR_DL_QUALIFIER', `link ${name} differs from the signed one`);
  }
}

// Prefix, Base45/digits and inflate of either form on the trimmed text:
// {cose, compressed, link (or null)}; a DppError carries the failed check in .check.
function unwrap(textIn) {
  let step = 'prefix';
  try {
    const t = textIn.replace(WHITE, '');
    let body;
    let link = null;
    if (isLink(t)) {
      if (Buffer.byteLength(t, 'utf8') > MAX_LINK) err('DPP_ERR_TOO_LARGE', `link over ${MAX_LINK} characters`);
      const h = t.indexOf('#');
      link = parseLinkUri(h < 0 ? t : t.slice(0, h));
      const frag = h < 0 ? null : t.slice(h + 1);
      linkVersion(frag);
      step = 'base45';
      body = linkDigitsDecode(frag.slice(1));
    } else {
      if (Buffer.byteLength(t, 'utf8') > MAX_TEXT) err('DPP_ERR_TOO_LARGE', 'text over 4296 bytes');
      if (!t.startsWith(PREFIX)) {
        if (/^DPP[0-9]+:/.test(t)) err('DPP_ERR_PREFIX_VERSION', 'unsupported version');
        err('DPP_ERR_PREFIX', 'no DPP1: prefix');
      }
      step = 'base45';
      body = base45Strict(t.slice(PREFIX.length));
    }
    step = 'inflate';
    if (!looksLikeZlib(body)) {
      if (body.length > MAX_COSE) err('DPP_ERR_TOO_LARGE', 'COSE message over 4096 bytes');
      return { cose: body, compressed: false, link };
    }
    try {
      return { cose: inflateStrict(body), compressed: true, link };
    } catch (e) {
      // link.md section 3: a body that ends early is a cut link, DPP_ERR_DL_PAYLOAD
      if (link && e.name === 'DPP_ERR_INFLATE' && /unexpected end|too short/.test(e.message)) {
        err('DPP_ERR_DL_PAYLOAD', `the zlib stream ends early (${e.message})`);
      }
      throw e;
    }
  } catch (e) {
    if (e instanceof DppError) e.check = step;
    throw e;
  }
}

// ---------------------------------------------------------------- CBOR helpers

const TAG_KEEP = {};
for (let t = 0; t < 64; t++) TAG_KEEP[t] = (v) => new cbor.Tagged(t, v);

// Decodes one item that passed checkDeterministic; maps are Maps, tags stay Tagged.
function decodeItem(buf) {
  return cbor.decodeFirstSync(buf, { preferMap: true, tags: TAG_KEEP });
}

function isInt(v) {
  return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
}

function big(v) {
  return typeof v === 'bigint' ? v : BigInt(v);
}

function isUint(v) {
  return isInt(v) && big(v) >= 0n;
}

// ---------------------------------------------------------------- passport schema (spec sections 7-9)

const COUNTRIES = new Set((
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR ' +
  'BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ ' +
  'EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW ' +
  'GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY ' +
  'KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV ' +
  'MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY ' +
  'QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG ' +
  'TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' '));
const BOUNDARY = ['cradle-to-gate', 'cradle-to-grave', 'gate-to-gate', 'cradle-to-cradle'];
const METHOD = ['ISO 14067', 'GHG Protocol', 'PEF', 'PAS 2050', 'GB/T 24067', 'PACT', 'EU 2023/1542'];
const STAGE = ['raw-materials', 'production', 'distribution', 'use', 'end-of-life'];
const VERIFICATION = ['self-declared', 'third-party-verified'];
const CBAM_METHOD = ['actual', 'default', 'mixed'];
const INSTRUMENT = ['ets', 'carbon-tax', 'levy', 'fee', 'other'];
const GS1_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;
const MAX_DATE = 2932896;
const MAX_MANT = 10n ** 18n - 1n;

function checkMap(v, path, allowed) {
  if (!(v instanceof Map)) err('DPP_ERR_SCHEMA_TYPE', `${path}: not a map`);
  for (const k of v.keys()) {
    if (!isInt(k) || !allowed.includes(Number(k))) err('DPP_ERR_SCHEMA_UNKNOWN_FIELD', `${path}: key ${String(k)}`);
  }
  return v;
}

function need(m, k, path) {
  if (!m.has(k)) err('DPP_ERR_SCHEMA_MISSING', `${path}: missing`);
  return m.get(k);
}

function text(v, path, max, opts = {}) {
  if (typeof v !== 'string') err('DPP_ERR_SCHEMA_TYPE', `${path}: not text`);
  const n = Buffer.byteLength(v, 'utf8');
  if (n === 0 || n > max) err('DPP_ERR_SCHEMA_RANGE', `${path}: ${n} bytes, not 1..${max}`);
  const bad = ruleT(v);
  if (bad) err('DPP_ERR_SCHEMA_FORMAT', `${path}: ${bad}`);
  if (opts.re && !opts.re.test(v)) err('DPP_ERR_SCHEMA_FORMAT', `${path}: ${JSON.stringify(v)} has the wrong shape`);
  return v;
}

// Spec section 9.1 rule T: no C0, DEL or C1 control character and no bidi
// formatting control (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069).
function ruleT(v) {
  const m = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.exec(v);
  if (!m) return null;
  const cp = m[0].codePointAt(0);
  const what = cp >= 0x200e ? 'bidirectional control character' : 'control character';
  return `contains the ${what} U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function country(v, path) {
  if (typeof v !== 'string') err('DPP_ERR_SCHEMA_TYPE', `${path}: not text`);
  if (!/^[A-Z]{2}$/.test(v) || !COUNTRIES.has(v)) err('DPP_ERR_SCHEMA_FORMAT', `${path}: ${v} is not an assigned code`);
  return v;
}

function unit(v, path) {
  if (typeof v !== 'string') err('DPP_ERR_SCHEMA_TYPE', `${path}: not text`);
  if (!/^[A-Z0-9]{2,3}$/.test(v)) err('DPP_ERR_SCHEMA_FORMAT', `${path}: ${v} is not a Rec 20 code`);
  return v;
}

function uint(v, path, max) {
  if (!isUint(v)) err('DPP_ERR_SCHEMA_TYPE', `${path}: not an unsigned integer`);
  if (max !== undefined && big(v) > big(max)) err('DPP_ERR_SCHEMA_RANGE', `${path}: ${v} > ${max}`);
  return big(v);
}

function enumOf(v, path, names) {
  const n = uint(v, path);
  if (n < 1n || n > BigInt(names.length)) err('DPP_ERR_SCHEMA_RANGE', `${path}: ${n} not in 1..${names.length}`);
  return names[Number(n) - 1];
}

function dateText(v, path) {
  const n = uint(v, path, MAX_DATE);
  return new Date(Number(n) * 86400000).toISOString().slice(0, 10);
}

// decimal -> {m, e, text}
function decimal(v, path, rule = {}) {
  let m;
  let e;
  if (isInt(v)) {
    m = big(v);
    e = 0;
  } else if (v instanceof cbor.Tagged) {
    if (v.tag !== 4) err('DPP_ERR_SCHEMA_TYPE', `${path}: tag ${v.tag}, expected a decimal`);
    const a = v.value;
    if (!Array.isArray(a) || a.length !== 2 || !isInt(a[0]) || !isInt(a[1])) {
      err('DPP_ERR_SCHEMA_TYPE', `${path}: tag 4 content is not [int, int]`);
    }
    e = Number(a[0]);
    m = big(a[1]);
    if (e < -18 || e > -1) err('DPP_ERR_SCHEMA_RANGE', `${path}: exponent ${e} outside -18..-1`);
  } else {
    err('DPP_ERR_SCHEMA_TYPE', `${path}: not a decimal`);
  }
  if (m > MAX_MANT || m < -MAX_MANT) err('DPP_ERR_SCHEMA_RANGE', `${path}: mantissa out of range`);
  if (rule.minExp !== undefined && e < rule.minExp) err('DPP_ERR_SCHEMA_RANGE', `${path}: more than ${-rule.minExp} decimals`);
  const scale = 10n ** BigInt(-e);
  if (rule.min0 && m < 0n) err('DPP_ERR_SCHEMA_RANGE', `${path}: negative`);
  if (rule.pos && m <= 0n) err('DPP_ERR_SCHEMA_RANGE', `${path}: not > 0`);
  if (rule.share && (m < 0n || m > scale)) err('DPP_ERR_SCHEMA_RANGE', `${path}: outside 0..1`);
  const neg = m < 0n;
  let digits = (neg ? -m : m).toString();
  let t;
  if (e === 0) {
    t = digits;
  } else {
    digits = digits.padStart(-e + 1, '0');
    t = digits.slice(0, digits.length + e) + '.' + digits.slice(digits.length + e);
  }
  return { m, e, text: (neg ? '-' : '') + t };
}

function identifier(v, path) {
  if (!Array.isArray(v) || v.length !== 2) err('DPP_ERR_SCHEMA_TYPE', `${path}: not [scheme, value]`);
  if (typeof v[0] !== 'string') err('DPP_ERR_SCHEMA_TYPE', `${path}.scheme: not text`);
  if (!/^[A-Z0-9-]{1,16}$/.test(v[0])) err('DPP_ERR_SCHEMA_FORMAT', `${path}.scheme: wrong shape`);
  return { scheme: v[0], value: text(v[1], `${path}.value`, 48) };
}

function gtinCheck(d14) {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(d14[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(d14[13]);
}

function casCheck(digits) {
  let sum = 0;
  const body = digits.slice(0, -1);
  for (let i = 0; i < body.length; i++) sum += (i + 1) * Number(body[body.length - 1 - i]);
  return sum % 10 === Number(digits[digits.length - 1]);
}

function list(v, path, max) {
  if (!Array.isArray(v)) err('DPP_ERR_SCHEMA_TYPE', `${path}: not an array`);
  if (v.length < 1 || v.length > max) err('DPP_ERR_SCHEMA_RANGE', `${path}: ${v.length} entries, not 1..${max}`);
  return v;
}

function extValue(v, path, level) {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (isInt(v)) {
    if (big(v) > U63 || big(v) < -(U63 + 1n)) err('DPP_ERR_SCHEMA_RANGE', `${path}: integer out of range`);
    return typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  if (Array.isArray(v) || v instanceof Map) {
    if (level >= 4) err('DPP_ERR_SCHEMA_RANGE', `${path}: nested deeper than 4 levels`);
    if (Array.isArray(v)) return v.map((x, i) => extValue(x, `${path}[${i}]`, level + 1));
    return extMap(v, path, level + 1, 255);
  }
  err('DPP_ERR_SCHEMA_TYPE', `${path}: not an allowed extension value`);
  return null;
}

function extMap(m, path, level, keyMax) {
  const out = {};
  for (const [k, x] of m) {
    if (typeof k !== 'string') err('DPP_ERR_SCHEMA_TYPE', `${path}: key is not text`);
    const n = Buffer.byteLength(k, 'utf8');
    if (n < 1 || n > keyMax) err('DPP_ERR_SCHEMA_RANGE', `${path}: key of ${n} bytes`);
    out[k] = extValue(x, `${path}.${k}`, level);
  }
  return out;
}

// The CBAM block's communication template data, keys 9..19 (spec section 7.2).
const SEE_UNITS = ['tCO2e/t', 'tCO2e/MWh'];
function cbamTemplateFromCbor(c, o) {
  const P = 'cbam';
  if (c.has(9)) {
    const pp = `${P}.installation`;
    const m = checkMap(c.get(9), pp, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const i = { name: text(need(m, 1, `${pp}.name`), `${pp}.name`, 96) };
    if (m.has(2)) i.street = text(m.get(2), `${pp}.street`, 96);
    if (m.has(3)) i.city = text(m.get(3), `${pp}.city`, 96);
    if (m.has(4)) i.postcode = text(m.get(4), `${pp}.postcode`, 16);
    i.country = country(need(m, 5, `${pp}.country`), `${pp}.country`);
    if (m.has(6)) {
      i.unlocode = text(m.get(6), `${pp}.unlocode`, 5, { re: /^[A-Z]{2}[A-Z2-9]{3}$/ });
      country(i.unlocode.slice(0, 2), `${pp}.unlocode`);
      if (i.unlocode.slice(0, 2) !== i.country) err('DPP_ERR_SCHEMA_RANGE', `${pp}.unlocode: another country`);
    }
    if (m.has(7)) {
      const a = m.get(7);
      if (!Array.isArray(a) || a.length !== 2) err('DPP_ERR_SCHEMA_TYPE', `${pp}.coordinates: not [lat, lon]`);
      const lat = decimal(a[0], `${pp}.coordinates.latitude`);
      const lon = decimal(a[1], `${pp}.coordinates.longitude`);
      const inRange = (d, lim) => d.m >= -BigInt(lim) * 10n ** BigInt(-d.e) && d.m <= BigInt(lim) * 10n ** BigInt(-d.e);
      if (!inRange(lat, 90)) err('DPP_ERR_SCHEMA_RANGE', `${pp}.coordinates.latitude: outside -90..90`);
      if (!inRange(lon, 180)) err('DPP_ERR_SCHEMA_RANGE', `${pp}.coordinates.longitude: outside -180..180`);
      i.coordinates = { latitude: lat.text, longitude: lon.text };
    }
    if (m.has(8)) i.activity = text(m.get(8), `${pp}.activity`, 64);
    if (m.has(9)) i.operator_id = identifier(m.get(9), `${pp}.operator_id`);
    o.installation = i;
  }
  if (c.has(10)) {
    const a = c.get(10);
    if (!Array.isArray(a) || a.length !== 2) err('DPP_ERR_SCHEMA_TYPE', `${P}.period: not [start, end]`);
    o.period = { start: dateText(a[0], `${P}.period.start`), end: dateText(a[1], `${P}.period.end`) };
    if (big(a[1]) < big(a[0])) err('DPP_ERR_SCHEMA_RANGE', `${P}.period.end: before start`);
  }
  if (c.has(11)) o.process = text(c.get(11), `${P}.process`, 64);
  if (c.has(12)) o.goods_category = text(c.get(12), `${P}.goods_category`, 48);
  if (c.has(13)) o.see_total = decimal(c.get(13), `${P}.see_total`, { min0: true, minExp: -5 }).text;
  if (c.has(14)) o.see_unit = enumOf(c.get(14), `${P}.see_unit`, SEE_UNITS);
  if (c.has(15)) o.default_share = decimal(c.get(15), `${P}.default_share`, { share: true }).text;
  if (c.has(16)) {
    const pp = `${P}.electricity`;
    const m = checkMap(c.get(16), pp, [1, 2, 3]);
    const e = { consumed: decimal(need(m, 1, `${pp}.consumed`), `${pp}.consumed`, { min0: true }).text };
    if (m.has(2)) e.emission_factor = decimal(m.get(2), `${pp}.emission_factor`, { min0: true }).text;
    if (m.has(3)) e.source = text(m.get(3), `${pp}.source`, 64);
    o.electricity = e;
  }
  if (c.has(17)) {
    o.precursors = list(c.get(17), `${P}.precursors`, 6).map((x, k) => {
      const pp = `${P}.precursors[${k}]`;
      const m = checkMap(x, pp, [1, 2, 3, 4]);
      const r = { cn_code: uint(need(m, 1, `${pp}.cn_code`), `${pp}.cn_code`, 99999999n).toString().padStart(8, '0') };
      if (m.has(2)) r.quantity = decimal(m.get(2), `${pp}.quantity`, { pos: true }).text;
      r.see_direct = decimal(need(m, 3, `${pp}.see_direct`), `${pp}.see_direct`, { min0: true, minExp: -5 }).text;
      if (m.has(4)) r.see_indirect = decimal(m.get(4), `${pp}.see_indirect`, { min0: true, minExp: -5 }).text;
      return r;
    });
  }
  if (c.has(18)) {
    const pp = `${P}.carbon_price`;
    const m = checkMap(c.get(18), pp, [1, 2, 3, 4, 5]);
    if (m.size === 0) err('DPP_ERR_SCHEMA_RANGE', `${pp}: empty price details map`);
    if (!o.carbon_price) err('DPP_ERR_SCHEMA_MISSING', `${pp}.amount: missing (required with the price details)`);
    if (m.has(1)) o.carbon_price.covered = decimal(m.get(1), `${pp}.covered`, { min0: true }).text;
    if (m.has(2)) o.carbon_price.rebate = decimal(m.get(2), `${pp}.rebate`, { min0: true }).text;
    if (m.has(3)) {
      o.carbon_price.rebate_type = text(m.get(3), `${pp}.rebate_type`, 48);
      if (!m.has(2)) err('DPP_ERR_SCHEMA_MISSING', `${pp}.rebate: missing (required with rebate_type)`);
    }
    if (m.has(4)) o.carbon_price.rebate_covered = decimal(m.get(4), `${pp}.rebate_covered`, { min0: true }).text;
    if (m.has(5)) o.carbon_price.effective = decimal(m.get(5), `${pp}.effective`, { min0: true }).text;
  }
  if (c.has(19)) {
    const pp = `${P}.verifier`;
    const m = checkMap(c.get(19), pp, [1, 2, 3, 4, 5]);
    const v = { name: text(need(m, 1, `${pp}.name`), `${pp}.name`, 96) };
    if (m.has(2)) v.country = country(m.get(2), `${pp}.country`);
    if (m.has(3)) v.accreditation_state = country(m.get(3), `${pp}.accreditation_state`);
    if (m.has(4)) v.accreditation_body = text(m.get(4), `${pp}.accreditation_body`, 96);
    if (m.has(5)) v.accreditation_id = text(m.get(5), `${pp}.accreditation_id`, 48);
    o.verifier = v;
  }
}

function cbamTemplateToCbor(c, o) {
  const put = (m, k, v, f) => { if (v !== undefined) m.set(k, f ? f(v) : v); };
  if (c.installation) {
    const i = c.installation;
    const m = new Map([[1, i.name]]);
    put(m, 2, i.street);
    put(m, 3, i.city);
    put(m, 4, i.postcode);
    m.set(5, i.country);
    put(m, 6, i.unlocode);
    if (i.coordinates) m.set(7, [decModel(i.coordinates.latitude), decModel(i.coordinates.longitude)]);
    put(m, 8, i.activity);
    if (i.operator_id) m.set(9, [i.operator_id.scheme, i.operator_id.value]);
    o.set(9, m);
  }
  if (c.period) o.set(10, [days(c.period.start), days(c.period.end)]);
  put(o, 11, c.process);
  put(o, 12, c.goods_category);
  put(o, 13, c.see_total, decModel);
  put(o, 14, c.see_unit, (u) => SEE_UNITS.indexOf(u) + 1);
  put(o, 15, c.default_share, decModel);
  if (c.electricity) {
    const m = new Map([[1, decModel(c.electricity.consumed)]]);
    put(m, 2, c.electricity.emission_factor, decModel);
    put(m, 3, c.electricity.source);
    o.set(16, m);
  }
  if (c.precursors) {
    o.set(17, c.precursors.map((x) => {
      const m = new Map([[1, Number(x.cn_code)]]);
      put(m, 2, x.quantity, decModel);
      m.set(3, decModel(x.see_direct));
      put(m, 4, x.see_indirect, decModel);
      return m;
    }));
  }
  const cp = c.carbon_price || {};
  const d = new Map();
  put(d, 1, cp.covered, decModel);
  put(d, 2, cp.rebate, decModel);
  put(d, 3, cp.rebate_type);
  put(d, 4, cp.rebate_covered, decModel);
  put(d, 5, cp.effective, decModel);
  if (d.size > 0) o.set(18, d);
  if (c.verifier) {
    const v = c.verifier;
    const m = new Map([[1, v.name]]);
    put(m, 2, v.country);
    put(m, 3, v.accreditation_state);
    put(m, 4, v.accreditation_body);
    put(m, 5, v.accreditation_id);
    o.set(19, m);
  }
}

// The passport map (claim -262) -> JSON form (spec section 8.4), or DppError.
function passportFromCbor(p, encodedExt) {
  if (!(p instanceof Map)) err('DPP_ERR_SCHEMA_TYPE', 'passport: not a map');
  if (!p.has(1)) err('DPP_ERR_SCHEMA_MISSING', 'version: missing');
  if (!isInt(p.get(1)) || big(p.get(1)) !== 1n) err('DPP_ERR_PAYLOAD_VERSION', 'version is not 1');
  checkMap(p, 'passport', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  const j = {};
  const id = need(p, 2, 'id');
  if (!Buffer.isBuffer(id)) err('DPP_ERR_SCHEMA_TYPE', 'id: not a byte string');
  if (id.length !== 16) err('DPP_ERR_SCHEMA_RANGE', 'id: not 16 bytes');
  if (id.every((x) => x === 0)) err('DPP_ERR_SCHEMA_MISSING', 'id: all zero');
  const h = id.toString('hex');
  j.id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  const g = uint(need(p, 3, 'gtin'), 'gtin', 99999999999999n).toString().padStart(14, '0');
  if (!gtinCheck(g)) err('DPP_ERR_SCHEMA_CHECK_DIGIT', `gtin ${g}: check digit`);
  j.gtin = g;
  if (p.has(4)) j.batch = text(p.get(4), 'batch', 20, { re: GS1_82 });
  if (p.has(5)) j.serial = text(p.get(5), 'serial', 20, { re: GS1_82 });
  j.name = text(need(p, 6, 'name'), 'name', 96);
  if (p.has(7)) j.category = text(p.get(7), 'category', 48);
  if (p.has(8)) j.production_date = dateText(p.get(8), 'production_date');
  const mf = checkMap(need(p, 9, 'manufacturer'), 'manufacturer', [1, 2, 3]);
  j.manufacturer = { name: text(need(mf, 1, 'manufacturer.name'), 'manufacturer.name', 96),
    country: country(need(mf, 2, 'manufacturer.country'), 'manufacturer.country') };
  if (mf.has(3)) j.manufacturer.operator_id = identifier(mf.get(3), 'manufacturer.operator_id');
  if (p.has(10)) {
    const f = checkMap(p.get(10), 'facility', [1, 2]);
    j.facility = { id: identifier(need(f, 1, 'facility.id'), 'facility.id') };
    if (f.has(2)) j.facility.name = text(f.get(2), 'facility.name', 96);
  }
  if (p.has(11)) {
    let sum = { m: 0n, e: 0 };
    j.materials = list(p.get(11), 'materials', 16).map((x, i) => {
      const path = `materials[${i}]`;
      const m = checkMap(x, path, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const o = { name: text(need(m, 1, `${path}.name`), `${path}.name`, 96) };
      if (m.has(2)) {
        const c = uint(m.get(2), `${path}.cas`);
        if (c < 10000n || c > 9999999999n) err('DPP_ERR_SCHEMA_RANGE', `${path}.cas: not 5..10 digits`);
        const s = c.toString();
        if (!casCheck(s)) err('DPP_ERR_SCHEMA_CHECK_DIGIT', `${path}.cas: check digit`);
        o.cas = `${s.slice(0, -3)}-${s.slice(-3, -1)}-${s.slice(-1)}`;
      }
      if (m.has(3)) {
        const d = decimal(m.get(3), `${path}.mass_fraction`, { share: true });
        o.mass_fraction = d.text;
        const e = Math.min(sum.e, d.e);
        sum = { m: sum.m * 10n ** BigInt(sum.e - e) + d.m * 10n ** BigInt(d.e - e), e };
      }
      if (m.has(4)) o.mass = decimal(m.get(4), `${path}.mass`, { pos: true }).text;
      if (m.has(5)) o.mass_unit = unit(m.get(5), `${path}.mass_unit`);
      if (m.has(6)) o.recycled_share = decimal(m.get(6), `${path}.recycled_share`, { share: true }).text;
      if (m.has(7)) o.renewable_share = decimal(m.get(7), `${path}.renewable_share`, { share: true }).text;
      if (m.has(8)) o.origin = country(m.get(8), `${path}.origin`);
      if (m.has(9)) {
        if (m.get(9) !== true) err('DPP_ERR_SCHEMA_TYPE', `${path}.hazardous: only true is allowed`);
        o.hazardous = true;
      }
      if (!m.has(3) && !m.has(4)) err('DPP_ERR_SCHEMA_MISSING', `${path}: neither mass_fraction nor mass`);
      if (m.has(4) !== m.has(5)) err('DPP_ERR_SCHEMA_MISSING', `${path}: mass and mass_unit go together`);
      return o;
    });
    if (sum.m > 10n ** BigInt(-sum.e)) err('DPP_ERR_SCHEMA_RANGE', 'materials: mass fractions sum to more than 1');
  }
  if (p.has(12)) {
    const f = checkMap(p.get(12), 'footprint', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const o = {};
    o.total = decimal(need(f, 1, 'footprint.total'), 'footprint.total', { min0: true }).text;
    o.declared_unit = unit(need(f, 2, 'footprint.declared_unit'), 'footprint.declared_unit');
    o.boundary = enumOf(need(f, 3, 'footprint.boundary'), 'footprint.boundary', BOUNDARY);
    o.method = enumOf(need(f, 4, 'footprint.method'), 'footprint.method', METHOD);
    if (f.has(5)) {
      let prev = 0;
      o.stages = list(f.get(5), 'footprint.stages', 5).map((s, i) => {
        const path = `footprint.stages[${i}]`;
        if (!Array.isArray(s) || s.length !== 2) err('DPP_ERR_SCHEMA_TYPE', `${path}: not [stage, value]`);
        const name = enumOf(s[0], `${path}.stage`, STAGE);
        const n = STAGE.indexOf(name) + 1;
        if (n <= prev) err('DPP_ERR_SCHEMA_RANGE', `${path}: stages not strictly increasing`);
        prev = n;
        return { stage: name, value: decimal(s[1], `${path}.value`).text };
      });
    }
    const per = need(f, 6, 'footprint.period');
    if (!Array.isArray(per) || per.length !== 2) err('DPP_ERR_SCHEMA_TYPE', 'footprint.period: not [start, end]');
    o.period_start = dateText(per[0], 'footprint.period_start');
    o.period_end = dateText(per[1], 'footprint.period_end');
    if (big(per[0]) > big(per[1])) err('DPP_ERR_SCHEMA_RANGE', 'footprint.period: start after end');
    if (f.has(7)) o.primary_share = decimal(f.get(7), 'footprint.primary_share', { share: true }).text;
    if (f.has(8)) o.electricity_ef = decimal(f.get(8), 'footprint.electricity_ef', { min0: true }).text;
    if (f.has(9)) o.electricity_ef_source = text(f.get(9), 'footprint.electricity_ef_source', 64);
    o.verification = enumOf(need(f, 10, 'footprint.verification'), 'footprint.verification', VERIFICATION);
    j.footprint = o;
  }
  if (p.has(13)) {
    j.certifications = list(p.get(13), 'certifications', 8).map((x, i) => {
      const path = `certifications[${i}]`;
      const c = checkMap(x, path, [1, 2, 3, 4, 5, 6]);
      const o = { scheme: text(need(c, 1, `${path}.scheme`), `${path}.scheme`, 48),
        certificate_id: text(need(c, 2, `${path}.certificate_id`), `${path}.certificate_id`, 48),
        issuer: text(need(c, 3, `${path}.issuer`), `${path}.issuer`, 96) };
      if (c.has(4)) o.valid_from = dateText(c.get(4), `${path}.valid_from`);
      if (c.has(5)) o.valid_until = dateText(c.get(5), `${path}.valid_until`);
      if (c.has(4) && c.has(5) && big(c.get(5)) < big(c.get(4))) err('DPP_ERR_SCHEMA_RANGE', `${path}: valid_until < valid_from`);
      if (c.has(6)) o.scope = text(c.get(6), `${path}.scope`, 96);
      return o;
    });
  }
  if (p.has(14)) {
    const c = checkMap(p.get(14), 'cbam', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const o = { cn_code: uint(need(c, 1, 'cbam.cn_code'), 'cbam.cn_code', 99999999n).toString().padStart(8, '0'),
      origin: country(need(c, 2, 'cbam.origin'), 'cbam.origin') };
    if (c.has(3)) o.installation_id = text(c.get(3), 'cbam.installation_id', 48);
    if (c.has(4)) o.route = text(c.get(4), 'cbam.route', 32);
    o.see_direct = decimal(need(c, 5, 'cbam.see_direct'), 'cbam.see_direct', { min0: true, minExp: -5 }).text;
    if (c.has(6)) o.see_indirect = decimal(c.get(6), 'cbam.see_indirect', { min0: true, minExp: -5 }).text;
    o.method = enumOf(need(c, 7, 'cbam.method'), 'cbam.method', CBAM_METHOD);
    if (c.has(8)) {
      const cp = c.get(8);
      if (!Array.isArray(cp) || cp.length !== 3) err('DPP_ERR_SCHEMA_TYPE', 'cbam.carbon_price: not an array of 3');
      const cur = cp[1];
      if (typeof cur !== 'string') err('DPP_ERR_SCHEMA_TYPE', 'cbam.carbon_price.currency: not text');
      if (!/^[A-Z]{3}$/.test(cur)) err('DPP_ERR_SCHEMA_FORMAT', 'cbam.carbon_price.currency: wrong shape');
      o.carbon_price = { amount: decimal(cp[0], 'cbam.carbon_price.amount', { min0: true }).text, currency: cur,
        instrument: enumOf(cp[2], 'cbam.carbon_price.instrument', INSTRUMENT) };
    }
    cbamTemplateFromCbor(c, o);
    j.cbam = o;
  }
  if (p.has(15)) {
    const x = p.get(15);
    if (!(x instanceof Map)) err('DPP_ERR_SCHEMA_TYPE', 'extensions: not a map');
    if (x.size < 1 || x.size > 32) err('DPP_ERR_SCHEMA_RANGE', `extensions: ${x.size} entries`);
    if (encodedExt !== undefined && encodedExt > 1024) err('DPP_ERR_SCHEMA_RANGE', 'extensions: over 1024 bytes');
    j.extensions = extMap(x, 'extensions', 0, 64);
  }
  return j;
}

// ---------------------------------------------------------------- JSON form -> CBOR model (encoder side)

function decModel(t) {
  if (typeof t !== 'string' || !/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(t)) err('DPP_ERR_SCHEMA_FORMAT', `decimal ${t}`);
  const neg = t.startsWith('-');
  const body = neg ? t.slice(1) : t;
  const [ip, fp] = body.split('.');
  let m = BigInt(ip + (fp || ''));
  if (neg) m = -m;
  const small = (x) => (x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x);
  return fp ? new cbor.Tagged(4, [-fp.length, small(m)]) : small(m);
}

function days(t) {
  return Math.round(Date.parse(`${t}T00:00:00Z`) / 86400000);
}

function extModel(v) {
  if (Array.isArray(v)) return v.map(extModel);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, extModel(x)]));
  return v;
}

function passportModel(j) {
  const p = new Map();
  p.set(1, 1);
  p.set(2, Buffer.from(j.id.replace(/-/g, ''), 'hex'));
  p.set(3, Number(j.gtin));
  if (j.batch !== undefined) p.set(4, j.batch);
  if (j.serial !== undefined) p.set(5, j.serial);
  p.set(6, j.name);
  if (j.category !== undefined) p.set(7, j.category);
  if (j.production_date !== undefined) p.set(8, days(j.production_date));
  const m = new Map([[1, j.manufacturer.name], [2, j.manufacturer.country]]);
  if (j.manufacturer.operator_id) m.set(3, [j.manufacturer.operator_id.scheme, j.manufacturer.operator_id.value]);
  p.set(9, m);
  if (j.facility) {
    const f = new Map([[1, [j.facility.id.scheme, j.facility.id.value]]]);
    if (j.facility.name !== undefined) f.set(2, j.facility.name);
    p.set(10, f);
  }
  if (j.materials) {
    p.set(11, j.materials.map((x) => {
      const mm = new Map([[1, x.name]]);
      if (x.cas !== undefined) mm.set(2, Number(x.cas.replace(/-/g, '')));
      if (x.mass_fraction !== undefined) mm.set(3, decModel(x.mass_fraction));
      if (x.mass !== undefined) mm.set(4, decModel(x.mass));
      if (x.mass_unit !== undefined) mm.set(5, x.mass_unit);
      if (x.recycled_share !== undefined) mm.set(6, decModel(x.recycled_share));
      if (x.renewable_share !== undefined) mm.set(7, decModel(x.renewable_share));
      if (x.origin !== undefined) mm.set(8, x.origin);
      if (x.hazardous === true) mm.set(9, true);
      return mm;
    }));
  }
  if (j.footprint) {
    const f = j.footprint;
    const o = new Map([[1, decModel(f.total)], [2, f.declared_unit], [3, BOUNDARY.indexOf(f.boundary) + 1],
      [4, METHOD.indexOf(f.method) + 1]]);
    if (f.stages) o.set(5, f.stages.map((s) => [STAGE.indexOf(s.stage) + 1, decModel(s.value)]));
    o.set(6, [days(f.period_start), days(f.period_end)]);
    if (f.primary_share !== undefined) o.set(7, decModel(f.primary_share));
    if (f.electricity_ef !== undefined) o.set(8, decModel(f.electricity_ef));
    if (f.electricity_ef_source !== undefined) o.set(9, f.electricity_ef_source);
    o.set(10, VERIFICATION.indexOf(f.verification) + 1);
    p.set(12, o);
  }
  if (j.certifications) {
    p.set(13, j.certifications.map((c) => {
      const o = new Map([[1, c.scheme], [2, c.certificate_id], [3, c.issuer]]);
      if (c.valid_from !== undefined) o.set(4, days(c.valid_from));
      if (c.valid_until !== undefined) o.set(5, days(c.valid_until));
      if (c.scope !== undefined) o.set(6, c.scope);
      return o;
    }));
  }
  if (j.cbam) {
    const c = j.cbam;
    const o = new Map([[1, Number(c.cn_code)], [2, c.origin]]);
    if (c.installation_id !== undefined) o.set(3, c.installation_id);
    if (c.route !== undefined) o.set(4, c.route);
    o.set(5, decModel(c.see_direct));
    if (c.see_indirect !== undefined) o.set(6, decModel(c.see_indirect));
    o.set(7, CBAM_METHOD.indexOf(c.method) + 1);
    if (c.carbon_price) {
      o.set(8, [decModel(c.carbon_price.amount), c.carbon_price.currency,
        INSTRUMENT.indexOf(c.carbon_price.instrument) + 1]);
    }
    cbamTemplateToCbor(c, o);
    p.set(14, o);
  }
  if (j.extensions) p.set(15, extModel(j.extensions));
  return p;
}

// Canonical encoding: for the maps of this format (integer keys, or only text
// keys) the `cbor` package's length-first order equals the bytewise order the
// spec requires; checkDeterministic() below confirms it on every output.
function encodeDet(v) {
  const b = cbor.encodeCanonical(v);
  checkDeterministic(b);
  return b;
}

// ---------------------------------------------------------------- encoder

// passport JSON (object) -> "DPP1:..." text or link. opts: {iat, exp, iss, compress: auto|never|always,
// resolver (the signed resolver claim, normalised), form: text|link,
// legacyZlib: true for a stream without the dictionary (tests only)}
async function encode(passportJson, signer, opts) {
  const model = passportModel(passportJson);
  const pbytes = encodeDet(model);
  const extLen = model.has(15) ? encodeDet(model.get(15)).length : undefined;
  passportFromCbor(decodeItem(pbytes), extLen); // validate what we are about to sign
  const claims = new Map();
  if (opts.iss !== undefined && opts.iss !== null) claims.set(CLAIM_ISS, opts.iss);
  if (opts.exp !== undefined && opts.exp !== null) claims.set(CLAIM_EXP, opts.exp);
  claims.set(CLAIM_IAT, opts.iat);
  claims.set(CLAIM_PASSPORT, model);
  const resolver = opts.resolver === undefined ? null : opts.resolver;
  if (resolver !== null) {
    if (!resolverNormalised(resolver) || resolver.length < 4 || resolver.length > MAX_RESOLVER) {
      err('DPP_ERR_DL_SYNTAX', `resolver ${resolver} not in the normalised form (e.g. id.example.com)`);
    }
    claims.set(CLAIM_RESOLVER, resolver);
  }
  if (opts.form === 'link' && resolver === null) err('DPP_ERR_DL_DOMAIN', 'the link form needs a resolver');
  if (opts.status) {
    const id = Buffer.from(opts.status.list_id);
    if (id.length !== 8 || !Number.isInteger(opts.status.index) || opts.status.index < 0 ||
        opts.status.index >= STATUS_MAX_BITS) {
      err('DPP_ERR_INVALID_ARG', 'status: an 8-byte list id and an index < 2^24 expected');
    }
    claims.set(CLAIM_STATUS, [id, opts.status.index]);
  }
  const payload = encodeDet(claims);
  const prot = new Map([[1, ALG_IDS[signer.alg]], [4, signer.kid]]);
  const s1 = await Sign1.sign(prot, new Map(), payload, signer.priv);
  const cose = Buffer.from(s1.encode());
  checkDeterministic(cose);
  if (cose.length > MAX_COSE) err('DPP_ERR_TOO_LARGE', 'COSE message over 4096 bytes');
  return textFromCose(cose, opts.compress || 'auto', { legacyZlib: opts.legacyZlib, deflateFn: opts.deflateFn,
    link: opts.form === 'link' ? { resolver, passport: passportJson } : null });
}

// COSE message -> text. mode auto: the zlib stream only if strictly shorter.
// deflateFn replaces the compressor (tests of the auto rule).
function textFromCose(cose, mode, o = {}) {
  if (!['auto', 'always', 'never'].includes(mode)) err('DPP_ERR_INVALID_ARG', `compress mode ${mode}`);
  let body = cose;
  if (mode !== 'never') {
    const z = (o.deflateFn || (o.legacyZlib ? deflateLegacy : deflate))(cose);
    if (mode === 'always' || z.length < cose.length) body = z;
  }
  if (o.link) return linkFromBody(body, o.link.resolver, o.link.passport);
  const out = PREFIX + base45.encode(body);
  if (out.length > MAX_TEXT) err('DPP_ERR_TOO_LARGE', 'text over 4296 characters');
  return out;
}

// ---------------------------------------------------------------- verifier

function cborStep(buf) {
  try {
    checkDeterministic(buf);
  } catch (e) {
    if (e instanceof CborError) err(e.name, e.message);
    throw e;
  }
  return decodeItem(buf);
}

// Returns {ok, error, check, message, passport, claims}; spec section 12.
// trusted: an array of keys (pinned keys only) or a trust.TrustStore (lists, steps 13..16).
async function verify(textIn, trustedIn, now) {
  const res = { ok: false, error: null, check: null, message: '', passport: null, claims: null, signer: null };
  const store = trustedIn instanceof trust.TrustStore ? trustedIn : null;
  const trusted = store ? store.candidates() : trustedIn;
  let step = 'prefix';
  try {
    let tr;
    try {
      tr = unwrap(textIn);
    } catch (e) {
      if (e instanceof DppError) step = e.check;
      throw e;
    }
    const { cose, compressed, link } = tr;
    step = 'cose';
    const top = cborStep(cose);
    if (!(top instanceof cbor.Tagged) || top.tag !== 18) err('DPP_ERR_COSE_TAG', 'not tag 18');
    const a = top.value;
    if (!Array.isArray(a) || a.length !== 4 || !Buffer.isBuffer(a[0]) || !(a[1] instanceof Map) ||
        !Buffer.isBuffer(a[2]) || !Buffer.isBuffer(a[3])) {
      err('DPP_ERR_COSE_STRUCTURE', 'not [bstr, map, bstr, bstr]');
    }
    let prot = new Map();
    if (a[0].length > 0) {
      prot = cborStep(a[0]);
      if (!(prot instanceof Map)) err('DPP_ERR_COSE_STRUCTURE', 'protected header is not a map');
    }
    const unprot = a[1];
    if (prot.has(2) || unprot.has(2)) err('DPP_ERR_CRIT_UNSUPPORTED', 'crit header');
    for (const k of prot.keys()) if (unprot.has(k)) err('DPP_ERR_COSE_STRUCTURE', `label ${k} in both headers`);
    for (const h of [prot, unprot]) if (h.has(4) && !Buffer.isBuffer(h.get(4))) err('DPP_ERR_COSE_STRUCTURE', 'kid not a bstr');
    for (const k of prot.keys()) if (k !== 1 && k !== 4) err('DPP_ERR_COSE_STRUCTURE', `protected label ${String(k)}`);
    step = 'alg';
    if (unprot.has(1)) err('DPP_ERR_ALG_UNPROTECTED', 'alg in the unprotected header');
    if (!prot.has(1)) err('DPP_ERR_ALG_MISSING', 'no alg');
    const algId = prot.get(1);
    if (!isInt(algId) || !(String(algId) in ALGS)) err('DPP_ERR_ALG_UNSUPPORTED', `alg ${String(algId)}`);
    const alg = ALGS[String(algId)];
    step = 'kid';
    if (!prot.has(4)) err('DPP_ERR_KID_MISSING', 'no kid in the protected header');
    if (unprot.size !== 0) {
      step = 'cose';
      err('DPP_ERR_COSE_STRUCTURE', 'unprotected header not empty');
    }
    const kid = prot.get(4);
    const withKid = trusted.filter((k) => k.kid.equals(kid));
    if (withKid.length === 0) err('DPP_ERR_KID_UNKNOWN', `kid ${kid.toString('hex')}`);
    step = 'alg';
    const cands = withKid.filter((k) => k.alg === alg);
    if (cands.length === 0) err('DPP_ERR_ALG_KEY_MISMATCH', `no trusted ${alg} key with this kid`);
    step = 'signature';
    const msg = Sign1.decode(cose);
    let signer = null;
    for (const k of cands) {
      try {
        await msg.verify(k.key);
        signer = k;
        break;
      } catch (e) {
        // does not verify with this key; try the next
      }
    }
    if (!signer) err('DPP_ERR_SIGNATURE', 'signature does not verify');
    step = 'key_validity';
    if (signer.notBefore !== null && (now < signer.notBefore || now > signer.notAfter)) {
      err('DPP_ERR_KEY_NOT_VALID', 'certificate not valid at the validation time');
    }
    step = 'claims';
    const c = cborStep(a[2]);
    if (!(c instanceof Map)) err('DPP_ERR_CWT_CLAIMS', 'claims set not a map');
    for (const k of c.keys()) {
      if (![CLAIM_ISS, CLAIM_EXP, CLAIM_IAT, CLAIM_PASSPORT, CLAIM_RESOLVER, CLAIM_STATUS].includes(k)) err('DPP_ERR_CWT_CLAIMS', `claim ${String(k)}`);
    }
    let status = null;
    if (c.has(CLAIM_STATUS)) {
      const st = c.get(CLAIM_STATUS);
      if (!Array.isArray(st) || st.length !== 2) err('DPP_ERR_CWT_CLAIMS', 'status (-266) must be [list id, index]');
      if (!Buffer.isBuffer(st[0]) || st[0].length !== 8) err('DPP_ERR_CWT_CLAIMS', 'status (-266) list id must be 8 bytes');
      if (!isUint(st[1]) || big(st[1]) >= BigInt(STATUS_MAX_BITS)) err('DPP_ERR_CWT_CLAIMS', `status (-266) index must be < ${STATUS_MAX_BITS}`);
      status = { list_id: st[0], index: Number(st[1]) };
    }
    if (c.has(CLAIM_ISS)) {
      const iss = c.get(CLAIM_ISS);
      const n = typeof iss === 'string' ? Buffer.byteLength(iss, 'utf8') : -1;
      if (n < 1 || n > 64) err('DPP_ERR_CWT_CLAIMS', 'iss not text of 1..64 bytes');
      const bad = ruleT(iss);
      if (bad) err('DPP_ERR_CWT_CLAIMS', `iss ${bad}`);
    }
    if (c.has(CLAIM_RESOLVER)) {
      const r = c.get(CLAIM_RESOLVER);
      const n = typeof r === 'string' ? Buffer.byteLength(r, 'utf8') : -1;
      if (n < 4 || n > MAX_RESOLVER || !resolverNormalised(r)) {
        err('DPP_ERR_CWT_CLAIMS', `resolver (-265) ${JSON.stringify(r)} is not a lower-case host with optional prefix`);
      }
    }
    for (const k of [CLAIM_EXP, CLAIM_IAT]) {
      if (c.has(k) && (!isUint(c.get(k)) || big(c.get(k)) > U63)) err('DPP_ERR_CWT_CLAIMS', `claim ${k} not a uint`);
    }
    if (!c.has(CLAIM_IAT)) err('DPP_ERR_CWT_CLAIMS', 'no iat');
    if (!c.has(CLAIM_PASSPORT)) err('DPP_ERR_CWT_CLAIMS', 'no passport');
    step = 'iat';
    if (big(c.get(CLAIM_IAT)) > BigInt(now) + BigInt(SKEW)) err('DPP_ERR_NOT_YET_VALID', 'iat in the future');
    step = 'exp';
    if (c.has(CLAIM_EXP) && big(c.get(CLAIM_EXP)) <= BigInt(now)) err('DPP_ERR_EXPIRED', 'expired');
    step = 'schema';
    const pm = c.get(CLAIM_PASSPORT);
    const extLen = pm instanceof Map && pm.get(15) instanceof Map ? encodeDet(pm.get(15)).length : undefined;
    res.passport = passportFromCbor(pm, extLen);
    const resolver = c.has(CLAIM_RESOLVER) ? c.get(CLAIM_RESOLVER) : null;
    // 13..16: the trust layer (lib/trust.js), with a trust store; 17 (attestations) not implemented here
    if (store) {
      try {
        res.signer = trust.checkSigner(store, signer, Number(c.get(CLAIM_IAT)), pm, resolver);
        step = 'revocation';
        trust.checkRevocation(store, kid, Number(c.get(CLAIM_IAT)), pm, status);
      } catch (e) {
        if (e instanceof trust.CheckError) {
          step = e.check;
          err(e.name, e.message);
        }
        throw e;
      }
    }
    step = 'link';
    if (link) linkBinding(link, resolver, res.passport);
    res.claims = { iat: Number(c.get(CLAIM_IAT)), exp: c.has(CLAIM_EXP) ? Number(c.get(CLAIM_EXP)) : null,
      iss: c.has(CLAIM_ISS) ? c.get(CLAIM_ISS) : null, alg, kid: kid.toString('hex'), compressed, resolver,
      form: link ? 'link' : 'text' };
    if (status) res.claims.status = { list_id: status.list_id.toString('hex'), index: status.index };
    res.ok = true;
  } catch (e) {
    if (!(e instanceof DppError)) throw e;
    res.error = e.name;
    res.message = e.message;
    res.check = step;
    res.passport = null;
    res.claims = null;
    res.signer = null;
  }
  return res;
}

// Transport only (prefix, Base45 or digits, inflate): the COSE message bytes of a text in either form.
function coseFromText(t) {
  return unwrap(t).cose;
}

// Helpers lib/trust.js reuses (the passport schema's text rules for trust-list parties and scopes).
const internals = { text, country, identifier, gtinCheck, GS1_82, resolverNormalised };

module.exports = {
  internals, TrustStore: trust.TrustStore, trust,
  verify, encode, textFromCose, coseFromText, inflateStrict, looksLikeZlib, loadKey, passportFromCbor, passportModel,
  DppError, deflate, deflateLegacy, base45Strict, unwrap, isLink, linkFromBody, linkDigitsEncode, GROUP_DIGITS,
};
