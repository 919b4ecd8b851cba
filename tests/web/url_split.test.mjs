// SPDX-License-Identifier: Apache-2.0
// ctest "web_url_node" (label web): Node's WHATWG URL (the browsers' URL
// standard) splits a hybrid passport link as spec/README.md section 13 says,
// and Node's HTTP clients (http.request, fetch) never send the fragment.
//
//   DPP_WEB_MKLINK=build/tests/web/dpp_web_mklink DPP_WEB_PASSPORT=examples/passport.json \
//     node --test tests/web/url_split.test.mjs
//
// The link is made by libdpp (dpp_web_mklink: dpp_encode_ex, DPP_FORM_LINK);
// the expected parts are computed here from the passport. No npm packages.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MKLINK = process.env.DPP_WEB_MKLINK;
const PASSPORT = process.env.DPP_WEB_PASSPORT;
const BATCH = 'H25/03?147%';
const SERIAL = 'S-1&2+3!(4)';

// GS1 Digital Link path value: unreserved characters as they are, every
// other byte %XX in upper-case hex (encodeURIComponent would leave !'()*).
function dlEncode(value) {
  let out = '';
  for (const b of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

let link, gtin, path, fragment;

before(() => {
  assert.ok(MKLINK && PASSPORT, 'set DPP_WEB_MKLINK and DPP_WEB_PASSPORT');
  gtin = JSON.parse(readFileSync(PASSPORT, 'utf8')).gtin;
  const dir = mkdtempSync(join(tmpdir(), 'dpp-url-'));
  try {
    execFileSync(MKLINK, ['make', PASSPORT, 'https://id.example.com', dir, '--batch', BATCH, '--serial', SERIAL],
      { stdio: ['ignore', 'ignore', 'inherit'] });
    link = readFileSync(join(dir, 'link.txt'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  path = `/01/${gtin}/10/${dlEncode(BATCH)}/21/${dlEncode(SERIAL)}`;
  fragment = link.slice(link.indexOf('#') + 1);
});

// A local HTTP server that records each request's raw head.
async function withServer(fn) {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url, host: req.headers.host, raw: req.rawHeaders.join('\n') });
    res.writeHead(204);
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(server.address().port, seen);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return seen;
}

test('link as written: upper-case scheme and host, path, #1 + digits', () => {
  assert.equal(link, `HTTPS://ID.EXAMPLE.COM${path}#${fragment}`);
  assert.match(fragment, /^1[0-9]{4,}$/);
});

test('WHATWG URL splits the link', () => {
  const u = new URL(link);
  assert.equal(u.protocol, 'https:');
  assert.equal(u.hostname, 'id.example.com');
  assert.equal(u.host, 'id.example.com');
  assert.equal(u.port, '');
  assert.equal(u.origin, 'https://id.example.com');
  assert.equal(u.pathname, path); // percent-encoding preserved, upper-case hex
  assert.equal(u.search, '');
  assert.equal(u.hash, '#' + fragment);
  assert.equal(u.href, `https://id.example.com${path}#${fragment}`);
  assert.equal(u.username + u.password, '');
});

test('path values decode to the batch and serial', () => {
  const segs = new URL(link).pathname.split('/');
  assert.deepEqual(segs, ['', '01', gtin, '10', dlEncode(BATCH), '21', dlEncode(SERIAL)]);
  assert.equal(decodeURIComponent(segs[4]), BATCH);
  assert.equal(decodeURIComponent(segs[6]), SERIAL);
});

test('URL re-parsed from its href is the same (idempotent)', () => {
  const u = new URL(link);
  assert.equal(new URL(u.href).href, u.href);
});

test('http.request sends the path without the fragment', async () => {
  const asked = [];
  const seen = await withServer(async (port) => {
    const u = new URL(link);
    u.protocol = 'http:'; // the resolver's TLS is the browser test's business
    u.port = String(port);
    const lookup = (host, opts, cb) => {
      asked.push(host);
      if (opts && opts.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    };
    await new Promise((resolve, reject) => {
      const req = http.request(u, { lookup, agent: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
  });
  assert.deepEqual(asked, ['id.example.com']);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, path);
  assert.match(seen[0].host, /^id\.example\.com:[0-9]+$/);
  assert.ok(!seen[0].raw.includes('#') && !seen[0].raw.includes(fragment.slice(1, 30)));
});

test('fetch sends the path without the fragment', async () => {
  const seen = await withServer(async (port) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}#${fragment}`);
    assert.equal(res.status, 204);
  });
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, path);
  assert.ok(!seen[0].raw.includes('#') && !seen[0].raw.includes(fragment.slice(1, 30)));
});
