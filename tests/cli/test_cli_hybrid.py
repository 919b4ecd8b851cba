"""Tests of the hybrid form in the dpp tool: one QR code that is both the
product's GS1 Digital Link and its signed offline passport.

encode --link-base / --form, verify and inspect of links (argument, stdin,
--in, --image, --batch), every GS1 Digital Link error with its exit code,
the QR of the link read back by two independent decoders (zbarimg and
ZXing-C++), the label's human-readable URI, convert, linkset (compared with
the GS1 resolver's example linkset, tests/data/gs1-resolver-ce) and the
CBAM receipt check with link scans.
"""
import json
import os
import re
import shutil
import subprocess
import unittest

from clitest import (EX_INVALID, EX_MALFORMED, EX_OK, EX_USAGE, HAVE_IMAGE, HAVE_LABEL, SOURCE_DIR, CliTestCase,
                     minimal, passport, read, run, write)

ZBARIMG = shutil.which("zbarimg")
ZXING = shutil.which("ZXingReader")  # Debian zxing-cpp-tools
BASE = "https://ID.Example.com"
AT = "2026-03-01T00:00:00Z"
IAT = "2026-01-15T08:00:00Z"
GS1_LINKSET = os.path.join(SOURCE_DIR, "tests", "data", "gs1-resolver-ce", "linkset.json")
REL_GS1_DPP = "https://gs1.org/voc/dpp"
REL_GS1_DEFAULT = "https://gs1.org/voc/defaultLink"
REL_UNTP_DPP = "https://test.uncefact.org/vocabulary/linkTypes/dpp"
# The check a malformed link fails: the library reports URI syntax and
# payload failures early, under prefix, base45 or link; the binding
# (domain, GTIN, qualifiers) is always the check "link".
EARLY = ("prefix", "base45", "link")


def zbar(png):
    r = subprocess.run([ZBARIMG, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", png], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    assert r.returncode == 0, r
    return r.stdout.decode("utf-8").rstrip("\n")


def zxing(png):
    """The symbol's exact bytes as ZXing-C++ reads them (its "Bytes:" line)."""
    r = subprocess.run([ZXING, png], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert r.returncode == 0, r
    m = re.search(rb"^Bytes:\s+([0-9A-F ]+)$", r.stdout, re.M)
    assert m is not None, r.stdout[:500]
    fmt = re.search(rb"^Format:\s+(\S+)", r.stdout, re.M)
    assert fmt is not None and fmt.group(1) == b"QRCode", r.stdout[:500]
    return bytes.fromhex(m.group(1).decode()).decode("ascii")


def hri(link):
    """The human-readable form: before '#', no scheme, host in lower case."""
    uri = link.split("#")[0]
    rest = uri[len("https://"):]
    host, _, path = rest.partition("/")
    return host.lower() + "/" + path


class HybridCase(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen()
        self.pub = self.path("k.pub.pem")

    def link(self, p=None, *extra, base=BASE):
        return self.encode(p if p is not None else passport(), "k", "--iat", IAT, "--link-base", base, *extra)

    def verify(self, *args, **kw):
        return run("verify", "--trust", self.pub, "--at", AT, *args, **kw)


class TestEncodeVerify(HybridCase):
    def test_link_verifies_from_every_source(self):
        link = self.link()
        self.assertTrue(link.startswith("HTTPS://ID.EXAMPLE.COM/01/04006381333931/10/L2025-06/21/SN000123#1"), link)
        self.assertRegex(link.split("#")[1], r"^1[0-9]{4}[0-9]+$")
        write(self.path("l.txt"), link + "\n")
        for args, stdin in ((["--in", self.path("l.txt")], None), ([link], None), ([], link + "\r\n"),
                            (["--in", "-"], link)):
            r = self.verify(*args, stdin=stdin)
            self.assertEqual(r.rc, EX_OK, (args, r))
            lines = r.text.splitlines()
            self.assertEqual(lines[-1], "VERIFIED", r)
            self.assertRegex(lines[0], r"^Passport link \(GS1 Digital Link, hybrid form\) from .* \(%d characters\)"
                             % len(link))
            self.assertIn("  link          PASS", lines)
            self.assertIn("  Form           link (GS1 Digital Link), signed resolver id.example.com", lines)
        j = self.verify("--json", link).json()
        self.assertTrue(j["verified"])
        self.assertEqual((j["form"], j["resolver"], j["checks"]["link"]), ("link", "id.example.com", "pass"))
        self.assertEqual((j["claims"]["form"], j["claims"]["resolver"]), ("link", "id.example.com"))
        self.assertEqual(j["exit_code"], 0)

    def test_text_form_with_resolver_and_convert(self):
        text = self.link(None, "--form", "text")
        self.assertTrue(text.startswith("DPP1:"), text)
        j = self.verify("--json", text).json()
        self.assertTrue(j["verified"], j)
        self.assertEqual((j["form"], j["resolver"], j["checks"]["link"]), ("text", "id.example.com", "skipped"))
        r = self.verify(text)
        self.assertIn("  Form           text (DPP1:), signed resolver id.example.com ('dpp convert --to link')",
                      r.text.splitlines())
        # the same signature in the other form, and back
        link = run("convert", "--to", "link", text)
        self.assertEqual(link.rc, EX_OK, link)
        link = link.text.strip()
        self.assertTrue(link.startswith("HTTPS://ID.EXAMPLE.COM/01/04006381333931/10/L2025-06/21/SN000123#1"))
        self.assertEqual(self.verify("--json", link).json()["form"], "link")
        self.assertEqual(self.verify(link).rc, EX_OK)
        back = run("convert", "--to", "text", link)
        self.assertEqual((back.rc, back.text.strip()), (EX_OK, text), back)
        # a passport signed without a resolver cannot become a link
        plain = self.encode(passport(), "k", "--iat", IAT)
        r = run("convert", "--to", "link", plain)
        self.assertOneLineError(r, EX_INVALID, "without a resolver")
        self.assertOneLineError(run("convert", plain), EX_USAGE, "--to text|link is required")

    def test_options(self):
        src = self.json_file(passport())
        key = self.path("k.pem")
        self.assertOneLineError(run("encode", "--key", key, "--form", "link", src), EX_USAGE,
                                "--form link needs --link-base")
        self.assertOneLineError(run("encode", "--key", key, "--form", "qr", src), EX_USAGE, "--form")
        for bad in ("http://id.example.com", "https://127.0.0.1", "https://id.example.com:8443", "https://localhost",
                    "https://id.example.com/01"):
            self.assertOneLineError(run("encode", "--key", key, "--link-base", bad, src), EX_USAGE, "--link-base")
        # --link (claim -264, the full document) stays a separate thing: the
        # QR holds text, the link is a signed claim
        r = run("encode", "--key", key, "--link", "https://example.com/full.json", src)
        self.assertTrue(r.text.startswith("DPP1:"), r)
        both = self.link(None, "--link", "https://example.com/full.json")
        j = self.verify("--json", both).json()
        self.assertEqual((j["form"], j["claims"]["link_uri"]), ("link", "https://example.com/full.json"))
        for cmd in ("encode", "label"):
            h = run(cmd, "--help").text
            self.assertIn("--link-base", h)
            self.assertIn("--form", h)
        h = run("encode", "--help").text
        self.assertIn("does not change what the QR code holds", h)
        sz = run("encode", "--key", key, "--link-base", BASE, "--sizes", src)
        self.assertRegex(sz.errtext, r"link %d characters" % len(sz.text.strip()))

    def test_inspect(self):
        link = self.link()
        r = run("inspect", link)
        self.assertEqual(r.rc, EX_OK, r)
        self.assertIn("UNVERIFIED  Form           link (GS1 Digital Link), signed resolver id.example.com",
                      r.text.splitlines())
        self.assertIn("UNVERIFIED  Source: <argument> (GS1 Digital Link, %d characters)" % len(link), r.text)
        j = run("inspect", "--json", link).json()
        self.assertEqual((j["form"], j["resolver"], j["verified"]), ("link", "id.example.com", False))
        j = run("inspect", "--json", self.encode(passport(), "k")).json()
        self.assertEqual((j["form"], j["resolver"]), ("text", None))


class TestLinkErrors(HybridCase):
    """Every GS1 Digital Link failure, by the CLI: error, failed check, exit code."""

    def check(self, text, err, rc, checks=("link",)):
        j = self.verify("--json", text).json()
        self.assertFalse(j["verified"], (text[:120], j))
        self.assertEqual((j["error"], j["exit_code"]), (err, rc), (text[:120], j))
        self.assertIn(j["failed_check"], checks, j)
        check = j["failed_check"]
        self.assertEqual(j["form"], "link")
        self.assertIsNone(j["resolver"])
        r = self.verify(text)
        self.assertEqual(r.rc, rc, r)
        self.assertTrue(r.text.splitlines()[-1].startswith("NOT VERIFIED: %s check failed: " % check), r)
        self.assertTrue(r.text.splitlines()[-1].endswith("(%s)" % err), r)
        return j

    def test_each_error(self):
        link = self.link()
        uri, frag = link.split("#")
        self.assertEqual(self.verify(link).rc, EX_OK)
        # bound to the signed domain, GTIN and qualifiers: exit 1 (invalid)
        j = self.check(link.replace("ID.EXAMPLE.COM", "ID.EXAMPLE.ORG"), "DPP_ERR_DL_DOMAIN", EX_INVALID)
        self.assertIn("id.example.com", j["message"])
        self.check(link.replace("/01/04006381333931/", "/01/04012345000009/"), "DPP_ERR_DL_PRIMARY_KEY", EX_INVALID)
        self.check(link.replace("/10/L2025-06/", "/10/L2025-07/"), "DPP_ERR_DL_QUALIFIER", EX_INVALID)
        self.check(link.replace("/21/SN000123", ""), "DPP_ERR_DL_QUALIFIER", EX_INVALID)
        # not a hybrid link at all: exit 4 (malformed)
        for cut in (uri, uri + "#", link[:-40], link[:len(uri) + 4]):
            self.check(cut, "DPP_ERR_DL_PAYLOAD", EX_MALFORMED, EARLY)
        self.check(uri + "?linkType=gs1:dpp#" + frag, "DPP_ERR_DL_QUERY", EX_MALFORMED, EARLY)
        self.check(link.replace("/01/04006381333931/", "/01/04006381333932/"), "DPP_ERR_DL_AI_VALUE", EX_MALFORMED,
                   EARLY)
        self.check(link.replace("/10/L2025-06", "/10/L2025%2D06"), "DPP_ERR_DL_PERCENT", EX_MALFORMED, EARLY)
        # a batch line with the same failures: same errors, and the form
        write(self.path("scans.txt"), "\n".join([link, link.replace("ID.EXAMPLE.COM", "ID.EXAMPLE.ORG"), uri,
                                                 self.link(None, "--form", "text")]) + "\n")
        r = self.verify("--batch", self.path("scans.txt"), "--quiet")
        self.assertEqual(r.rc, EX_INVALID, r)
        recs = [json.loads(l) for l in r.text.splitlines()]
        self.assertEqual([(x["verified"], x["form"], x.get("error")) for x in recs],
                         [(True, "link", None), (False, "link", "DPP_ERR_DL_DOMAIN"),
                          (False, "link", "DPP_ERR_DL_PAYLOAD"), (True, "text", None)])
        self.assertEqual(recs[0]["resolver"], "id.example.com")

    def test_long_links_are_not_cut(self):
        # a passport whose link is longer than the longest DPP1: text
        # (4296 characters): no length cap of the tool's own may cut it
        # (a PS256 signature and 16 long material names, uncompressed)
        self.keygen("ps", "PS256")
        p = passport(materials=[{"name": "m%02d-%s" % (i, "x" * 60), "mass_fraction": "0.01"} for i in range(16)])
        link = self.encode(p, "ps", "--iat", IAT, "--link-base", BASE, "--compress", "never")
        self.pub = self.path("ps.pub.pem")
        self.assertGreater(len(link), 4296)
        write(self.path("long.txt"), link + "\n")
        self.assertEqual(self.verify("--in", self.path("long.txt")).rc, EX_OK)
        self.assertEqual(self.verify(link).rc, EX_OK)
        write(self.path("b.txt"), link + "\n")
        r = self.verify("--batch", self.path("b.txt"), "--quiet")
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(run("inspect", "--in", self.path("long.txt")).rc, EX_OK)
        # past DPP_MAX_LINK_LEN (7089): refused with the limit named
        j = self.verify("--json", link + "0" * (7090 - len(link))).json()
        self.assertEqual(j["error"], "DPP_ERR_TOO_LARGE", j)
        self.assertIn("7089", j["message"])


@unittest.skipUnless(ZBARIMG and ZXING, "zbarimg (zbar-tools) or ZXingReader (zxing-cpp-tools) missing")
class TestQrDecoders(HybridCase):
    """The QR of a link (upper-case scheme and host, lower-case prefix, a
    percent-encoded batch: alphanumeric, byte and numeric segments) reads
    back as exactly the link with two independent decoders."""

    def png_link(self):
        p = passport(batch="L/25%06")
        src = self.json_file(p)
        png = self.path("qr.png")
        r = run("encode", "--key", self.path("k.pem"), "--iat", IAT, "--link-base", "https://ID.Example.com/dpp",
                "--format", "png", "-o", png, src)
        self.assertEqual(r.rc, EX_OK, r)
        text = run("encode", "--key", self.path("k.pem"), "--iat", IAT, "--link-base", "https://ID.Example.com/dpp",
                   src)
        return png, text.text.strip()

    def test_encode_png(self):
        png, _ = self.png_link()
        link = zbar(png)
        self.assertTrue(link.startswith("HTTPS://ID.EXAMPLE.COM/dpp/01/04006381333931/10/L%2F25%2506/21/SN000123#1"),
                        link)
        self.assertEqual(zxing(png), link)
        self.assertEqual(self.verify(link).rc, EX_OK)
        if HAVE_IMAGE:
            r = self.verify("--image", png)
            self.assertEqual(r.rc, EX_OK, r)
            self.assertEqual(r.text.splitlines()[-1], "VERIFIED")
            self.assertIn("  link          PASS", r.text.splitlines())
            r = run("convert", "--to", "text", "--image", png)
            self.assertEqual(r.rc, EX_OK, r)
            self.assertEqual(run("convert", "--to", "link", r.text.strip()).text.strip(), link)

    @unittest.skipUnless(HAVE_LABEL, "built without cairo/pango")
    def test_label_png_and_hri(self):
        p = passport(batch="L/25%06", serial="SN-2025-ABCDEFGHIJ12")
        src = self.json_file(p)
        png, svg = self.path("label.png"), self.path("label.svg")
        r = run("label", "--key", self.path("k.pem"), "--iat", IAT, "--link-base", BASE, "-o", png, "-o", svg, src)
        self.assertEqual(r.rc, EX_OK, r)
        link = zbar(png)
        self.assertEqual(zxing(png), link)
        self.assertTrue(link.startswith("HTTPS://ID.EXAMPLE.COM/01/04006381333931/10/L%2F25%2506/21/"), link)
        doc = read(svg)
        self.assertIn("<desc>" + link + "</desc>", doc)  # the same link in the SVG as in the symbol
        m = re.search(r'<metadata id="dpp-link-text">(.*?)</metadata>', doc, re.S)
        self.assertIsNotNone(m, doc[:2000])
        self.assertEqual(m.group(1).replace("\n", ""),
                         "id.example.com/01/04006381333931/10/L%2F25%2506/21/SN-2025-ABCDEFGHIJ12")
        if HAVE_IMAGE:
            r = self.verify("--image", png)
            self.assertEqual(r.rc, EX_OK, r)
            self.assertEqual(r.text.splitlines()[-1], "VERIFIED")
        # a narrow label: the human-readable link is wrapped, only at '/',
        # keeping each AI with its value
        narrow = self.path("narrow.svg")
        # (62 mm: on 40 mm stock the serial no longer fits whole at a readable size and the label is refused)
        r = run("label", "--key", self.path("k.pem"), "--iat", IAT, "--link-base", BASE, "--size", "62x100",
                "-o", narrow, src)
        self.assertEqual(r.rc, EX_OK, r)
        lines = re.search(r'<metadata id="dpp-link-text">(.*?)</metadata>', read(narrow), re.S).group(1).split("\n")
        self.assertGreater(len(lines), 1, lines)
        self.assertEqual("".join(lines), hri(link))
        for ln in lines[1:]:
            self.assertRegex(ln, r"^/(01|10|21)/[^/]+(/(01|10|21)/[^/]+)*$", lines)
        # --in of a link draws the same code
        write(self.path("l.txt"), link + "\n")
        again = self.path("again.png")
        self.assertEqual(run("label", "--in", self.path("l.txt"), "-o", again).rc, EX_OK)
        self.assertEqual(zbar(again), link)
        self.assertOneLineError(run("label", "--in", self.path("l.txt"), "--link-base", BASE, "-o", self.path("x.svg")),
                                EX_USAGE, "--link-base")


class TestBatch(HybridCase):
    def test_encode_batch_both_forms_then_verify(self):
        ps = [minimal(id="6f1c2d3e-4a5b-4c6d-8e7f-1011121314%02d" % i, batch="B%d" % i) for i in range(6)]
        write(self.path("in.jsonl"), "".join(json.dumps(p) + "\n" for p in ps))
        key = self.path("k.pem")
        outs = {}
        for form in ("link", "text"):
            d = self.path("out-" + form)
            r = run("encode", "--key", key, "--iat", IAT, "--link-base", BASE, "--form", form, "--batch",
                    self.path("in.jsonl"), "--out", d, "--quiet", "--jobs", "2")
            self.assertEqual(r.rc, EX_OK, r)
            recs = [json.loads(l) for l in read(os.path.join(d, "results.jsonl")).splitlines()]
            self.assertEqual([x["form"] for x in recs], [form] * 6)
            for x, p in zip(recs, ps):
                if form == "link":
                    self.assertTrue(x["text"].startswith("HTTPS://ID.EXAMPLE.COM/01/04006381333931/10/%s#1" %
                                                         p["batch"]), x)
                else:
                    self.assertTrue(x["text"].startswith("DPP1:"), x)
            outs[form] = [x["text"] for x in recs]
        # --format png in a batch writes the link's QR
        d = self.path("out-png")
        r = run("encode", "--key", key, "--link-base", BASE, "--format", "png", "--batch", self.path("in.jsonl"),
                "--out", d, "--quiet")
        self.assertEqual(r.rc, EX_OK, r)
        if ZBARIMG:
            recs = [json.loads(l) for l in read(os.path.join(d, "results.jsonl")).splitlines()]
            self.assertEqual(zbar(recs[2]["file"]), recs[2]["text"])
        # COSE output with --link-base: the record's text is the link
        d = self.path("out-cose")
        r = run("encode", "--key", key, "--iat", IAT, "--link-base", BASE, "--format", "cose", "--batch",
                self.path("in.jsonl"),
                "--out", d, "--quiet")
        self.assertEqual(r.rc, EX_OK, r)
        rec = json.loads(read(os.path.join(d, "results.jsonl")).splitlines()[0])
        self.assertTrue(rec["text"].startswith("HTTPS://"), rec)
        self.assertEqual(self.verify(rec["text"]).rc, EX_OK)
        # one scan file with both forms
        write(self.path("scans.txt"), "".join(a + "\n" + b + "\n" for a, b in zip(outs["link"], outs["text"])))
        r = self.verify("--batch", self.path("scans.txt"), "--quiet", "--jobs", "2")
        self.assertEqual(r.rc, EX_OK, r)
        recs = [json.loads(l) for l in r.text.splitlines()]
        self.assertEqual([x["form"] for x in recs], ["link", "text"] * 6)
        self.assertTrue(all(x["verified"] and x["resolver"] == "id.example.com" for x in recs), recs)
        self.assertEqual([x["id"] for x in recs[::2]], [p["id"] for p in ps])


class TestLinkset(HybridCase):
    def linkset(self, *args, rc=EX_OK):
        r = run("linkset", *args)
        self.assertEqual(r.rc, rc, r)
        return r.json() if rc == EX_OK else r

    def assertShapeLikeGs1(self, ls):
        """The structure of the GS1 resolver's example linkset (RFC 9264 JSON):
        {"linkset": [context objects]}, each with a string "anchor" and link
        relations (absolute IRIs) holding lists of target objects with a
        string "href" and optional "title", "type" and "hreflang" (a list)."""
        ref = json.loads(read(GS1_LINKSET))
        for doc in (ref, ls):
            self.assertIsInstance(doc["linkset"], list)
            for ctx in doc["linkset"]:
                self.assertIsInstance(ctx["anchor"], str)
                for rel, targets in ctx.items():
                    if rel in ("anchor", "itemDescription"):
                        continue
                    self.assertRegex(rel, r"^https://[a-z0-9.]+/[\w/.-]+$")
                    self.assertIsInstance(targets, list)
                    for t in targets:
                        self.assertIsInstance(t["href"], str)
                        self.assertRegex(t["href"], r"^https?://")
                        self.assertLessEqual(set(t), {"href", "title", "type", "hreflang", "context"})
                        if "hreflang" in t:
                            self.assertIsInstance(t["hreflang"], list)
        # the GS1 link types are spelled as in the GS1 resolver
        self.assertIn(REL_GS1_DEFAULT, ref["linkset"][0])
        self.assertEqual(list(ls), ["linkset"])

    def test_from_links_and_json(self):
        p1 = passport(batch="L/25%06")
        p2 = passport(id="0b5c3a8e-9d6f-4e21-a7b3-5f2e8c1d4a91", serial="SN000124")
        l1, l2 = self.link(p1), self.link(p2)
        write(self.path("links.txt"), l1 + "\n\n" + l2 + "\n" + l1 + "\n")  # l1 twice: listed once
        tpl = "https://dpp.example.com/p/{gtin}/{lot}/{serial}?id={id}"
        ls = self.linkset("--target", tpl, "--lang", "en", self.path("links.txt"))
        self.assertShapeLikeGs1(ls)
        ctxs = ls["linkset"]
        self.assertEqual([c["anchor"] for c in ctxs], ["https://" + hri(l1), "https://" + hri(l2)])
        self.assertEqual(ctxs[0]["anchor"],
                         "https://id.example.com/01/04006381333931/10/L%2F25%2506/21/SN000123")
        c = ctxs[0]
        self.assertEqual(c["itemDescription"], p1["name"])
        href = "https://dpp.example.com/p/04006381333931/L%2F25%2506/SN000123?id=" + p1["id"]
        want = [{"href": href, "title": "Digital product passport", "type": "text/html", "hreflang": ["en"]}]
        self.assertEqual(c[REL_GS1_DPP], want)
        self.assertEqual(c[REL_UNTP_DPP], want)
        self.assertEqual(c[REL_GS1_DEFAULT], want)
        # the anchor is the link without its fragment: anchor + fragment verifies
        self.assertEqual(self.verify(c["anchor"] + "#" + l1.split("#")[1]).rc, EX_OK)
        # passport JSON (JSON Lines and one pretty-printed document) with
        # --link-base: the same anchors as the signed links
        write(self.path("ps.jsonl"), json.dumps(p1) + "\n" + json.dumps(p2) + "\n")
        self.json_file(p2, "p2.json")
        ls2 = self.linkset("--target", tpl, "--link-base", BASE, "--default-target", "https://example.com/",
                           self.path("ps.jsonl"), self.path("p2.json"))
        self.assertShapeLikeGs1(ls2)
        self.assertEqual([c["anchor"] for c in ls2["linkset"]], [c["anchor"] for c in ctxs])
        self.assertEqual(ls2["linkset"][0][REL_GS1_DEFAULT][0]["href"], "https://example.com/")
        # from standard input, to a file
        r = run("linkset", "--target", "https://v.example.com/", "-o", self.path("ls.json"), stdin=l2 + "\n")
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(json.loads(read(self.path("ls.json")))["linkset"][0]["anchor"], "https://" + hri(l2))

    def test_errors(self):
        l1 = self.link()
        write(self.path("l.txt"), l1 + "\n")
        text = self.encode(passport(), "k")
        write(self.path("t.txt"), text + "\n")
        self.assertOneLineError(self.linkset(self.path("l.txt"), rc=EX_USAGE), EX_USAGE, "--target URL is required")
        self.assertOneLineError(self.linkset("--target", "https://x.example/{batch}", self.path("l.txt"), rc=EX_USAGE),
                                EX_USAGE, "unknown placeholder")
        self.assertOneLineError(self.linkset("--target", "ftp://x.example/", self.path("l.txt"), rc=EX_USAGE),
                                EX_USAGE, "not an http(s) URL")
        # a signed resolver that is not --link-base
        self.assertOneLineError(self.linkset("--target", "https://v.example/", "--link-base", "https://other.example",
                                             self.path("l.txt"), rc=EX_INVALID), EX_INVALID, "l.txt:1",
                                "id.example.com", "DPP_ERR_DL_DOMAIN")
        # no resolver at all
        self.assertOneLineError(self.linkset("--target", "https://v.example/", self.path("t.txt"), rc=EX_USAGE),
                                EX_USAGE, "t.txt:1", "--link-base")
        self.assertEqual(self.linkset("--target", "https://v.example/", "--link-base", BASE,
                                      self.path("t.txt"))["linkset"][0]["anchor"],
                         "https://id.example.com/01/04006381333931/10/L2025-06/21/SN000123")
        # the template needs a qualifier the passport lacks
        write(self.path("m.jsonl"), json.dumps(minimal()) + "\n")
        self.assertOneLineError(self.linkset("--target", "https://v.example/{serial}", "--link-base", BASE,
                                             self.path("m.jsonl"), rc=EX_INVALID), EX_INVALID, "{serial}")
        # two passports, one anchor
        other = minimal(id="6f1c2d3e-4a5b-4c6d-8e7f-101112131499")
        write(self.path("dup.jsonl"), json.dumps(minimal()) + "\n" + json.dumps(other) + "\n")
        self.assertOneLineError(self.linkset("--target", "https://v.example/", "--link-base", BASE,
                                             self.path("dup.jsonl"), rc=EX_INVALID), EX_INVALID, "dup.jsonl:2",
                                "anchor")
        # malformed lines
        write(self.path("bad.txt"), l1 + "\n" + l1.split("#")[0] + "\n")
        self.assertOneLineError(self.linkset("--target", "https://v.example/", self.path("bad.txt"),
                                             rc=EX_MALFORMED), EX_MALFORMED, "bad.txt:2")

    def test_help_and_main(self):
        r = run("linkset", "--help")
        self.assertTrue(r.text.startswith("Usage: dpp linkset"), r)
        self.assertIn(REL_UNTP_DPP, r.text)
        self.assertIn(REL_GS1_DPP, r.text)
        self.assertTrue(run("convert", "--help").text.startswith("Usage: dpp convert"))
        main = run("--help").text
        self.assertRegex(main, r"\n  convert ")
        self.assertRegex(main, r"\n  linkset ")


class TestCbamLinks(CliTestCase):
    def test_link_scans(self):
        from test_cli_cbam import CbamCase, ID_STEEL, good

        class Case(CbamCase):
            def runTest(self):
                pass

        c = Case()
        c.setUp()
        try:
            steel = c.sign(good(ID_STEEL, "04006381333931", "Hot-rolled coil", {
                "cn_code": "72083900", "origin": "TR", "see_direct": "1.85", "method": "actual"}),
                "--link-base", BASE, attest=True)
            self.assertTrue(steel.startswith("HTTPS://ID.EXAMPLE.COM/01/04006381333931/"), steel)
            write(c.path("s.txt"), steel + "\n")
            write(c.path("l.csv"), "cn_code,quantity,origin,passport_id\n72083900,2,TR,%s\n" % ID_STEEL)
            r = c.cbam("--lines", c.path("l.csv"), "--scans", c.path("s.txt"), "--period", "2026-Q1", "--json", "-")
            self.assertEqual(r.rc, EX_OK, r)
            j = r.json()
            self.assertEqual([l["status"] for l in j["lines"]], ["ok"])
            self.assertEqual(j["exceptions"], [])
            # a link moved to another domain is an exception, not a backed line
            write(c.path("s2.txt"), steel.replace("ID.EXAMPLE.COM", "ID.EXAMPLE.ORG") + "\n")
            r = c.cbam("--lines", c.path("l.csv"), "--scans", c.path("s2.txt"), "--period", "2026-Q1", "--json", "-")
            self.assertNotEqual(r.rc, EX_OK, r)
            line = r.json()["lines"][0]
            self.assertEqual((line["verified"], line["error"]), (False, "DPP_ERR_DL_DOMAIN"), line)
            self.assertNotEqual(line["status"], "ok")
            if HAVE_IMAGE:
                # a photo of the link's QR code
                png = c.path("steel.png")
                src = c.path(ID_STEEL + ".json")
                r = run("encode", "--key", c.path("m.pem"), "--iat", IAT, "--valid-for", "20y", "--link-base", BASE,
                        "--format", "png", "-o", png, src)
                self.assertEqual(r.rc, EX_OK, r)
                r = c.cbam("--lines", c.path("l.csv"), "--image", png, "--period", "2026-Q1", "--json", "-")
                line = r.json()["lines"][0]
                # matched and verified; signed without the attestation, so self-declared
                self.assertEqual((line["scan"], line["passport_id"], line["verified"], line["self_declared"]),
                                 (png, ID_STEEL, True, True), line)
        finally:
            c.doCleanups()


if __name__ == "__main__":
    unittest.main()
