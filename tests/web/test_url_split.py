#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""ctest "web_url_python" (label web): Python's own URL tools split a
hybrid passport link as spec/README.md section 13 says, and an HTTP client
built on them never sends the fragment (the payload).

    test_url_split.py --mklink build/tests/web/dpp_web_mklink [--passport examples/passport.json]

The link is made by libdpp (dpp_web_mklink: dpp_encode_ex, DPP_FORM_LINK)
with a batch and a serial that need percent-encoding; the expected parts
are computed here from the passport, independently of libdpp.
"""
import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.parse
import urllib.request

ARGS = None
BATCH = "H25/03?147%"
SERIAL = "S-1&2+3!(4)"
UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def dl_encode(value):
    """GS1 Digital Link path value: unreserved characters as they are,
    every other byte %XX with upper-case hex (written here, not taken from
    urllib, so that the test does not check urllib against itself)."""
    return "".join(chr(b) if b in UNRESERVED else "%%%02X" % b for b in value.encode())


def capture_one_request():
    """A one-shot plain HTTP server on 127.0.0.1: returns (port, result),
    where result["raw"] becomes every byte of the first request received."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    result = {}

    def serve():
        conn, _ = srv.accept()
        conn.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        result["raw"] = data
        conn.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
        conn.close()
        srv.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    result["thread"] = t
    return srv.getsockname()[1], result


class LinkSplit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(ARGS.passport) as f:
            cls.gtin = json.load(f)["gtin"]
        with tempfile.TemporaryDirectory(prefix="dpp-url-") as tmp:
            subprocess.run([ARGS.mklink, "make", ARGS.passport, "https://id.example.com", tmp, "--batch", BATCH,
                            "--serial", SERIAL], check=True, stdout=subprocess.DEVNULL)
            with open(os.path.join(tmp, "link.txt")) as f:
                cls.link = f.read()
        cls.path = "/01/%s/10/%s/21/%s" % (cls.gtin, dl_encode(BATCH), dl_encode(SERIAL))
        cls.fragment = cls.link.partition("#")[2]

    def test_link_as_written(self):
        # Upper-case scheme and host (QR alphanumeric mode), then the path.
        self.assertEqual(self.link, "HTTPS://ID.EXAMPLE.COM" + self.path + "#" + self.fragment)
        self.assertRegex(self.fragment, r"^1[0-9]{4,}$")

    def test_urlsplit(self):
        u = urllib.parse.urlsplit(self.link)
        self.assertEqual(u.scheme, "https")             # lower-cased by urlsplit
        self.assertEqual(u.hostname, "id.example.com")  # lower-cased
        self.assertEqual(u.netloc, "ID.EXAMPLE.COM")    # as written
        self.assertIsNone(u.port)
        self.assertEqual(u.path, self.path)             # percent-encoding kept
        self.assertEqual(u.query, "")
        self.assertEqual(u.fragment, self.fragment)
        self.assertTrue(u.fragment.startswith("1") and u.fragment.isdigit())

    def test_path_values_decode(self):
        segs = urllib.parse.urlsplit(self.link).path.split("/")
        self.assertEqual(segs[0], "")
        self.assertEqual(segs[1:], ["01", self.gtin, "10", dl_encode(BATCH), "21", dl_encode(SERIAL)])
        self.assertEqual(urllib.parse.unquote(segs[4]), BATCH)
        self.assertEqual(urllib.parse.unquote(segs[6]), SERIAL)
        # '?' and '/' inside the batch are encoded: they split nothing.
        self.assertNotIn("?", urllib.parse.urlsplit(self.link).path)

    def test_urldefrag(self):
        url, frag = urllib.parse.urldefrag(self.link)
        self.assertEqual(url, "https://ID.EXAMPLE.COM" + self.path)  # scheme lower-cased, host as written
        self.assertEqual(frag, self.fragment)

    def test_urllib_request_selector(self):
        r = urllib.request.Request(self.link)
        self.assertEqual(r.host, "ID.EXAMPLE.COM")
        self.assertEqual(r.selector, self.path)  # what goes on the request line
        self.assertEqual(r.fragment, self.fragment)

    def test_http_client_sends_no_fragment(self):
        u = urllib.parse.urlsplit(self.link)
        target = urllib.parse.urlunsplit(("", "", u.path, u.query, ""))
        port, res = capture_one_request()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", target, headers={"Host": u.hostname})
        self.assertEqual(conn.getresponse().status, 204)
        conn.close()
        res["thread"].join(10)
        raw = res["raw"].decode("latin-1")
        self.assertTrue(raw.startswith("GET %s HTTP/1.1\r\n" % self.path), raw[:200])
        self.assertIn("\r\nHost: id.example.com\r\n", raw)
        self.assertNotIn("#", raw)
        self.assertNotIn(self.fragment[1:30], raw)

    def test_urlopen_sends_no_fragment(self):
        # urllib.request itself, given the link's path and fragment on a local
        # http URL (the resolver host cannot be reached from a test).
        port, res = capture_one_request()
        url = "http://127.0.0.1:%d%s#%s" % (port, self.path, self.fragment)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy from the environment
        with opener.open(url, timeout=10) as r:
            self.assertEqual(r.status, 204)
        res["thread"].join(10)
        raw = res["raw"].decode("latin-1")
        self.assertTrue(raw.startswith("GET %s HTTP/1.1\r\n" % self.path), raw[:200])
        self.assertNotIn("#", raw)
        self.assertNotIn(self.fragment[1:30], raw)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--mklink", required=True)
    ap.add_argument("--passport", default=os.path.join(os.path.dirname(__file__), "..", "..", "examples",
                                                       "passport.json"))
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
