// SPDX-License-Identifier: Apache-2.0
//
// The deterministic-CBOR profile of spec/README.md section 2.1 (rules D1-D9),
// as a validator that walks the bytes and names the rule broken with libdpp's
// error names. General-purpose CBOR packages decode leniently (non-shortest
// heads, any key order, floats), so this file checks the encoding first and
// the `cbor` package then decodes what passed (see dpp.js).
'use strict';

const MAX_DEPTH = 16;

class CborError extends Error {
  constructor(name, msg) {
    super(msg);
    this.name = name;
  }
}

function fail(name, msg) {
  throw new CborError(name, msg);
}

// Reads one head at pos: {major, ai, arg (BigInt), end}.
function readHead(b, pos) {
  if (pos >= b.length) fail('DPP_ERR_CBOR_MALFORMED', `truncated at offset ${pos}`);
  const ib = b[pos];
  const major = ib >> 5;
  const ai = ib & 0x1f;
  let arg;
  let end = pos + 1;
  if (ai < 24) {
    arg = BigInt(ai);
  } else if (ai <= 27) {
    const n = 1 << (ai - 24);
    if (pos + 1 + n > b.length) fail('DPP_ERR_CBOR_MALFORMED', `truncated head at offset ${pos}`);
    arg = 0n;
    for (let i = 0; i < n; i++) arg = (arg << 8n) | BigInt(b[pos + 1 + i]);
    end = pos + 1 + n;
    if (major === 7) {
      if (ai >= 25) fail('DPP_ERR_CBOR_MALFORMED', `floating-point value at offset ${pos}`);
      fail('DPP_ERR_CBOR_MALFORMED', `simple value f8 at offset ${pos}`);
    }
    const min = [24n, 256n, 65536n, 4294967296n][ai - 24];
    if (arg < min) fail('DPP_ERR_CBOR_NOT_DETERMINISTIC', `non-shortest head at offset ${pos}`);
  } else if (ai === 31) {
    fail('DPP_ERR_CBOR_MALFORMED', `indefinite length or break at offset ${pos}`);
  } else {
    fail('DPP_ERR_CBOR_MALFORMED', `reserved additional information ${ai} at offset ${pos}`);
  }
  return { major, ai, arg, end };
}

function validUtf8(buf) {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch (e) {
    return false;
  }
}

// Walks one item at pos (depth = its level); returns the offset after it.
function walk(b, pos, depth) {
  const h = readHead(b, pos);
  const left = BigInt(b.length - h.end);
  switch (h.major) {
    case 0:
    case 1:
      return h.end;
    case 2:
    case 3: {
      if (h.arg > left) fail('DPP_ERR_CBOR_MALFORMED', `string at offset ${pos} runs past the end`);
      const end = h.end + Number(h.arg);
      if (h.major === 3 && !validUtf8(b.subarray(h.end, end))) {
        fail('DPP_ERR_CBOR_MALFORMED', `invalid UTF-8 in text at offset ${pos}`);
      }
      return end;
    }
    case 4:
    case 5: {
      if (depth > MAX_DEPTH) fail('DPP_ERR_CBOR_DEPTH', `nesting deeper than ${MAX_DEPTH} at offset ${pos}`);
      const n = h.arg;
      if ((h.major === 4 ? n : 2n * n) > left) {
        fail('DPP_ERR_CBOR_MALFORMED', `count ${n} at offset ${pos} exceeds the bytes left`);
      }
      let p = h.end;
      if (h.major === 4) {
        for (let i = 0n; i < n; i++) p = walk(b, p, depth + 1);
        return p;
      }
      let prev = null;
      for (let i = 0n; i < n; i++) {
        const ks = p;
        p = walk(b, p, depth + 1);
        const key = b.subarray(ks, p);
        if (prev !== null) {
          const c = Buffer.compare(prev, key);
          if (c === 0) fail('DPP_ERR_CBOR_DUPLICATE_KEY', `duplicate map key at offset ${ks}`);
          if (c > 0) fail('DPP_ERR_CBOR_NOT_DETERMINISTIC', `map keys out of order at offset ${ks}`);
        }
        prev = key;
        p = walk(b, p, depth + 1);
      }
      return p;
    }
    case 6:
      if (depth > MAX_DEPTH) fail('DPP_ERR_CBOR_DEPTH', `nesting deeper than ${MAX_DEPTH} at offset ${pos}`);
      return walk(b, h.end, depth + 1);
    default: // 7, ai < 24
      if (h.ai >= 20 && h.ai <= 22) return h.end; // false, true, null
      fail('DPP_ERR_CBOR_MALFORMED', `simple value ${h.ai} at offset ${pos}`);
  }
  return h.end; // not reached
}

// Checks that buf holds exactly one item encoded per D1-D9.
function checkDeterministic(buf) {
  const b = Buffer.from(buf);
  if (b.length === 0) fail('DPP_ERR_CBOR_MALFORMED', 'empty input');
  const end = walk(b, 0, 1);
  if (end !== b.length) fail('DPP_ERR_CBOR_TRAILING', `${b.length - end} bytes after the item`);
}

module.exports = { CborError, checkDeterministic, MAX_DEPTH };
