#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""ctest "web_browser_link" (label web): a hybrid passport link opened in a
real browser (headless Chromium), as a user who scans the QR code meets it.

    browser_test.py --mklink build/tests/web/dpp_web_mklink [--passport examples/passport.json]

1. dpp_web_mklink signs the example passport with a fresh ES256 key as a
   GS1 Digital Link on the resolver id.example.com (batch and serial with
   characters that must be percent-encoded):
   HTTPS://ID.EXAMPLE.COM/01/<gtin>/10/<batch>/21/<serial>#1<digits>.
2. A local HTTPS server (Python http.server in TLS, a self-signed
   certificate made here for id.example.com and passport.example.org) plays
   the resolver: it answers the Digital Link path with a 307 redirect to a
   passport page, and serves that page, which reads location.hash and writes
   what it saw into the DOM. The server records every byte the browser sends
   (request lines, headers, bodies), after TLS.
3. Chromium opens the upper-case link with both host names mapped to the
   server (--host-resolver-rules) and only this certificate accepted
   (--ignore-certificate-errors-spki-list); --dump-dom prints the page.
   Twice: redirect to the same origin, and to another host.

Asserts: the browser accepts the upper-case scheme and host and normalises
them (Host header and location.href in lower case); the request target of
the Digital Link request is the link's path byte for byte (percent-encoding
preserved); the page sees the fragment byte-equal to the link's after the
redirect; the link rebuilt by the page (resolver URL + location.hash)
verifies with libdpp against the signer's key; and nothing the browser sent
contains any part of the payload: no '#', no run of 12 payload digits.

Exit 77 (ctest SKIP_RETURN_CODE) when Chromium is not installed
(Debian: chromium; set DPP_CHROMIUM to use another binary).
"""
import argparse
import base64
import datetime
import hashlib
import html
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RESOLVER_HOST = "id.example.com"
PAGE_HOST = "passport.example.org"
# Characters of GS1's AI character set 82 that a Digital Link must
# percent-encode: '/', '?', '%', '&', '+', '!' and '('.
BATCH = "H25/03?147%"
SERIAL = "S-1&2+3!(4)"
WINDOW = 12  # digits: a run this long of the payload anywhere in the log fails

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>passport</title></head>
<body><h1>Digital product passport</h1><pre id="seen"></pre>
<script>
  // What a passport page gets after the resolver's redirect: its own URL,
  // with the fragment the browser carried over. The resolver passed its own
  // URL (no fragment: the server never sees it) in the query as dl.
  var q = new URLSearchParams(location.search);
  var seen = {href: location.href, protocol: location.protocol, host: location.host,
              pathname: location.pathname, search: location.search, hash: location.hash,
              dl: q.get("dl"), link: (q.get("dl") || "") + location.hash};
  document.getElementById("seen").textContent = "SEEN:" + JSON.stringify(seen) + ":SEEN";
</script></body></html>
"""


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def find_chromium():
    env = os.environ.get("DPP_CHROMIUM")
    if env:
        return env if shutil.which(env) else None
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def make_cert(tmp):
    """Self-signed P-256 certificate for both host names; returns the cert
    and key paths and the base64 SHA-256 of its SubjectPublicKeyInfo."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, RESOLVER_HOST)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(RESOLVER_HOST), x509.DNSName(PAGE_HOST)]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(tmp, "tls-cert.pem"), os.path.join(tmp, "tls-key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    return cert_path, key_path, base64.b64encode(hashlib.sha256(spki).digest()).decode()


class Tee:
    """Reads through to the connection and appends every byte, as it is
    read, to the server's log."""

    def __init__(self, f, server):
        self.f, self.server = f, server

    def log(self, b):
        with self.server.lock:
            self.server.raw.append(b)
        return b

    def readline(self, *a):
        return self.log(self.f.readline(*a))

    def read(self, *a):
        return self.log(self.f.read(*a))

    def __getattr__(self, name):
        return getattr(self.f, name)


class Resolver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, tls):
        super().__init__(("127.0.0.1", 0), Handler)
        self.tls = tls
        self.lock = threading.Lock()
        self.raw = []        # every byte received (after TLS), in pieces as read
        self.requests = []   # (request line, headers) as parsed
        self.redirect_host = RESOLVER_HOST
        self.errors = []

    def handle_error(self, request, client_address):
        self.errors.append(repr(sys.exc_info()[1]))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        self.request.settimeout(30)
        self.request = self.server.tls.wrap_socket(self.request, server_side=True)
        super().setup()
        self.rfile = Tee(self.rfile, self.server)

    def log_message(self, fmt, *args):
        pass

    def record(self):
        with self.server.lock:
            self.server.requests.append((self.requestline, [(k, v) for k, v in self.headers.items()]))

    def reply(self, code, body=b"", ctype="text/plain", location=None):
        self.send_response(code)
        if location is not None:
            self.send_header("Location", location)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.record()
        host = self.headers.get("Host", "")
        if self.path.startswith("/01/"):
            # The resolver: redirect to the passport page, passing its own URL
            # (it never has the fragment) in the query.
            dl = "https://" + host + self.path
            target = "https://%s/verify.html?dl=%s" % (self.server.redirect_host, urllib.parse.quote(dl, safe=""))
            self.reply(307, location=target)
        elif self.path.startswith("/verify.html"):
            self.reply(200, PAGE.encode(), "text/html; charset=utf-8")
        else:
            self.reply(404, b"not found")

    def do_POST(self):
        self.record()
        n = int(self.headers.get("Content-Length", "0") or 0)
        self.rfile.read(n)
        self.reply(404, b"not found")


def run_chromium(chromium, tmp, port, spki, url, name):
    profile = os.path.join(tmp, "profile-" + name)
    os.mkdir(profile)
    rules = "MAP %s 127.0.0.1:%d, MAP %s 127.0.0.1:%d" % (RESOLVER_HOST, port, PAGE_HOST, port)
    cmd = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", "--disable-default-apps", "--user-data-dir=" + profile,
           "--host-resolver-rules=" + rules, "--ignore-certificate-errors-spki-list=" + spki,
           "--virtual-time-budget=10000", "--dump-dom", url]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    dom = p.stdout.decode("utf-8", "replace")
    m = re.search(r"SEEN:(.*?):SEEN", dom, re.S)
    if p.returncode != 0 or m is None:
        raise Fail("%s: Chromium (exit %d) printed no page that saw the link\n--- stdout:\n%s\n--- stderr:\n%s"
                   % (name, p.returncode, dom[-2000:], p.stderr.decode("utf-8", "replace")[-3000:]))
    return json.loads(html.unescape(m.group(1)))


def payload_leaks(digits, log):
    """Offsets i where digits[i:i+WINDOW] occurs in log (bytes)."""
    return [i for i in range(0, len(digits) - WINDOW + 1) if digits[i:i + WINDOW].encode() in log]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mklink", required=True)
    ap.add_argument("--passport", default=os.path.join(os.path.dirname(__file__), "..", "..", "examples",
                                                       "passport.json"))
    a = ap.parse_args()

    chromium = find_chromium()
    if chromium is None:
        print("web_browser_link: SKIPPED: Chromium is not installed (Debian package chromium, "
              "scripts/install-deps.sh; or set DPP_CHROMIUM)")
        return 77
    version = subprocess.run([chromium, "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             timeout=60).stdout.decode().strip()
    print("browser:", version)

    with tempfile.TemporaryDirectory(prefix="dpp-web-") as tmp:
        subprocess.run([a.mklink, "make", a.passport, "https://ID.Example.com/", tmp, "--batch", BATCH,
                        "--serial", SERIAL], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(tmp, "link.txt")) as f:
            link = f.read()
        key_pem = os.path.join(tmp, "key.pem")
        base, sep, fragment = link.partition("#")
        check(sep == "#" and re.fullmatch(r"1[0-9]+", fragment), "link has no '#1<digits>' fragment: " + link[:120])
        check(base.startswith("HTTPS://ID.EXAMPLE.COM/01/"), "link does not start with the upper-case resolver: "
              + base)
        path = base[len("HTTPS://ID.EXAMPLE.COM"):]
        check("%2F" in path and "%3F" in path and "%25" in path and "%26" in path,
              "batch/serial not percent-encoded in the link path: " + path)
        digits = fragment[1:]
        print("link: %d characters, path %s, fragment %d digits" % (len(link), path, len(fragment)))
        # The leak detector finds the payload where it is (not a hollow check).
        check(payload_leaks(digits, link.encode()) and payload_leaks(digits, ("x" + digits[100:140]).encode()),
              "payload detector finds nothing in the link itself")

        cert, tls_key, spki = make_cert(tmp)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert, tls_key)
        tls.set_alpn_protocols(["http/1.1"])
        server = Resolver(tls)
        port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            for name, redirect_host in (("same-origin", RESOLVER_HOST), ("other-host", PAGE_HOST)):
                server.redirect_host = redirect_host
                n_before = len(server.requests)
                seen = run_chromium(chromium, tmp, port, spki, link, name)
                reqs = server.requests[n_before:]
                lines = [r[0] for r in reqs]
                print("%s: requests %s" % (name, lines))

                # The Digital Link request: lower-case host, path byte for byte.
                dl_reqs = [r for r in reqs if r[0].split(" ")[1:2] == [path]]
                check(len(dl_reqs) == 1, "%s: no request with target %s (got %s)" % (name, path, lines))
                hosts = [v for k, v in dl_reqs[0][1] if k.lower() == "host"]
                check(hosts == [RESOLVER_HOST], "%s: Host header %s, expected %s" % (name, hosts, RESOLVER_HOST))
                check(any(r[0].startswith("GET /verify.html?dl=") for r in reqs),
                      "%s: the browser did not follow the redirect: %s" % (name, lines))

                # The page after the redirect.
                want = "#" + fragment
                diff = next((i for i, (x, y) in enumerate(zip(seen["hash"], want)) if x != y),
                            min(len(seen["hash"]), len(want)))
                check(seen["hash"] == want, "%s: location.hash differs from the link's fragment at offset %d "
                      "(%d vs %d characters): %r" % (name, diff, len(seen["hash"]), len(want), seen["hash"][:40]))
                check(seen["protocol"] == "https:" and seen["host"] == redirect_host,
                      "%s: page at %s//%s" % (name, seen["protocol"], seen["host"]))
                check(seen["href"].startswith("https://%s/verify.html?dl=" % redirect_host)
                      and seen["href"].endswith("#" + fragment), "%s: location.href %s" % (name, seen["href"][:120]))
                check(seen["dl"] == "https://" + RESOLVER_HOST + path,
                      "%s: resolver URL passed to the page: %s" % (name, seen["dl"]))
                # What the page rebuilt is the link with scheme and host in
                # lower case, and libdpp verifies it.
                check(seen["link"] == "https://" + RESOLVER_HOST + path + "#" + fragment,
                      "%s: rebuilt link differs" % name)
                v = subprocess.run([a.mklink, "verify", key_pem, seen["link"]], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
                check(v.returncode == 0, "%s: the link the page saw does not verify: %s" % (name, v.stdout.decode()))
                print("%s: page saw the fragment intact (%d digits) at %s; %s"
                      % (name, len(fragment), seen["href"][:60] + "...", v.stdout.decode().strip()))
        finally:
            server.shutdown()
            server.server_close()

        with server.lock:
            log = b"".join(server.raw)
        check(len(server.requests) >= 4 and len(log) > 0, "server log is empty")
        check(server.requests[0][0].startswith("GET "), "first request: " + server.requests[0][0])
        for line, headers in server.requests:
            check("#" not in line, "a request line holds a fragment: " + line)
            for k, v in headers:
                check("#" not in v, "header %s holds '#': %s" % (k, v))
        leaks = payload_leaks(digits, log)
        check(not leaks, "the browser sent payload digits to the server (at payload offsets %s)" % leaks[:5])
        check(fragment.encode() not in log and digits[:WINDOW].encode() not in log, "fragment in the log")
        print("server log: %d requests, %d bytes received, no part of the %d-digit payload in it"
              % (len(server.requests), len(log), len(digits)))
        if server.errors:
            print("server: connection errors (ignored): %s" % server.errors[:3])
    print("web_browser_link: passed")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Fail as e:
        print("web_browser_link: FAILED: %s" % e, file=sys.stderr)
        sys.exit(1)
