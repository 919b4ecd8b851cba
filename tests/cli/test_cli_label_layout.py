"""dpp label: the layout. No two boxes overlap and nothing leaves the label
(from --layout-json, and checked against the rendered pixels: no ink
outside the reported boxes); identifiers are never broken; the fallback
text is off on small stock and short on large; shrinking is reported; the
scannability rule refuses with a stock size or dpi that works (and it
does); text spacing in SVG and PDF is the font's own."""
import html
import json
import os
import re
import subprocess
import sys
import unittest

from clitest import CliTestCase, EX_INVALID, EX_OK, EX_USAGE, HAVE_LABEL, minimal, passport, read, run, write

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "label"))
import label_check as lc  # noqa: E402

WJ = "\u2060"


@unittest.skipUnless(HAVE_LABEL, "built without cairo/pango")
class TestLayout(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")
        self.src = self.json_file(passport())

    def layout(self, *args, src=None, rc=EX_OK):
        lay = self.path("lay.json")
        if os.path.exists(lay):
            os.remove(lay)
        r = run("label", "--key", self.path("k.pem"), "--layout-json", lay, *args, src or self.src)
        self.assertEqual(r.rc, rc, r)
        return (json.load(open(lay, encoding="utf-8")) if rc == EX_OK else None), r

    def check_boxes(self, lay, what):
        W, H = lay["width_mm"], lay["height_mm"]
        boxes = lay["boxes"]
        eps = 1e-6
        for b in boxes:
            self.assertGreaterEqual(b["x"], -eps, (what, b))
            self.assertGreaterEqual(b["y"], -eps, (what, b))
            self.assertLessEqual(b["x"] + b["w"], W + eps, (what, b))
            self.assertLessEqual(b["y"] + b["h"], H + eps, (what, b))
        for i, a in enumerate(boxes):
            for b in boxes[:i]:
                overlap = (a["x"] < b["x"] + b["w"] - eps and b["x"] < a["x"] + a["w"] - eps and
                           a["y"] < b["y"] + b["h"] - eps and b["y"] < a["y"] + a["h"] - eps)
                self.assertFalse(overlap, (what, a["what"], b["what"]))
        qr = [b for b in boxes if b["what"] == "qr"][0]
        self.assertAlmostEqual(qr["w"], qr["h"])
        # (module_mm is given to 0.001 mm)
        self.assertAlmostEqual(qr["w"], (lay["modules"] + 8) * lay["module_mm"], delta=(lay["modules"] + 8) * 0.0006)
        self.assertGreaterEqual(lay["module_mm"], 0.33)

    def test_boxes_every_stock_both_forms(self):
        link_src = self.json_file(passport(), "l.json")
        for stock in lc.STOCKS:
            for form in ("text", "link"):
                with self.subTest(stock=stock, form=form):
                    extra = ["--link-base", "https://id.example.com"] if form == "link" else []
                    png = self.path("l-%s-%s.png" % (stock, form))
                    lay, _ = self.layout("--size", stock, "-o", png, *extra, src=link_src)
                    self.check_boxes(lay, (stock, form))
                    whats = [b["what"] for b in lay["boxes"]]
                    self.assertEqual(whats.count("link"), 1 if form == "link" else 0)
                    for needed in ("title", "ids", "qr", "caption"):
                        self.assertIn(needed, whats)
                    # the pixels agree with the report: no ink outside the boxes
                    if lc.Image is not None:
                        k = lay["dpi"] / 25.4
                        px = [(b["x"] * k, b["y"] * k, b["w"] * k, b["h"] * k) for b in lay["boxes"]]
                        self.assertEqual(lc.ink_outside(png, px), 0, (stock, form))

    def test_identifiers_never_broken(self):
        # Long batch and serial on narrow stock: each field on one line,
        # fields wrap between each other only.
        p = passport(batch="H25-03147-XYZ", serial="SN-2025-ABCDEFGHIJ12")
        src = self.json_file(p, "p2.json")
        lay, _ = self.layout("--size", "62x100", "-o", self.path("i.svg"), src=src)
        ids = [b for b in lay["boxes"] if b["what"] == "ids"][0]["text"].split("\n")
        joined = [ln.replace("\u2003", "|") for ln in ids]
        fields = [f for ln in joined for f in ln.split("|")]
        self.assertEqual(fields, ["GTIN 04006381333931", "Batch H25-03147-XYZ", "Serial SN-2025-ABCDEFGHIJ12"])
        # the summary's identifiers (passport id, key id) are whole on one line
        summary = [b for b in lay["boxes"] if b["what"] == "summary"][0]["text"]
        self.assertTrue(any(p["id"] in ln for ln in summary.split("\n")), summary)
        # too long to fit whole at a readable size: refused, not broken
        src = self.json_file(passport(serial="W" * 20), "p3.json")
        _, r = self.layout("--size", "45x80", "-o", self.path("x.svg"), src=src, rc=EX_INVALID)
        self.assertIn("identifiers are not broken across lines", r.errtext)

    def test_fallback_default_and_options(self):
        lay, _ = self.layout("--size", "62x100", "-o", self.path("a.svg"))
        self.assertNotIn("fallback", [b["what"] for b in lay["boxes"]])
        lay, _ = self.layout("--size", "100x150", "-o", self.path("b.svg"))
        fb = [b for b in lay["boxes"] if b["what"] == "fallback"]
        self.assertEqual(len(fb), 1)
        self.assertRegex(fb[0]["text"], r"^ID [0-9a-f-]{36}\nSHA-256 [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} "
                                        r"[0-9a-f]{4} \(\d+ chars\)$")
        self.assertEqual(lay["notes"], [])
        # the fingerprint is the SHA-256 of the signed text
        text = re.search(r"<desc>([^<]*)</desc>", read(self.path("b.svg"))).group(1)
        import hashlib
        import html
        digest = hashlib.sha256(html.unescape(text).encode()).hexdigest()[:16]
        self.assertIn(" ".join(digest[i:i + 4] for i in range(0, 16, 4)), fb[0]["text"])
        # full: the whole text, in groups, when it fits
        lay, _ = self.layout("--size", "150x200", "--fallback", "full", "-o", self.path("c.svg"))
        fb = [b for b in lay["boxes"] if b["what"] == "fallback"][0]["text"]
        text = re.search(r"<desc>([^<]*)</desc>", read(self.path("c.svg"))).group(1)
        self.assertEqual(fb.replace(" ", "").replace("\n", "").replace("\u2423", " "), html.unescape(text))
        # off
        lay, _ = self.layout("--size", "100x150", "--fallback", "off", "-o", self.path("d.svg"))
        self.assertNotIn("fallback", [b["what"] for b in lay["boxes"]])

    def test_shrinking_is_reported(self):
        # 62x80 at 203 dpi: the full summary would leave 2-dot (0.25 mm)
        # modules; the summary gives way, and says so.
        lay, r = self.layout("--size", "62x80", "--dpi", "203", "-o", self.path("s.png"))
        self.assertGreaterEqual(lay["module_mm"], 0.33)
        self.assertTrue(lay["notes"], lay)
        for n in lay["notes"]:
            self.assertIn("dpp: warning: label: %s (to keep the QR modules at 0.33 mm or more)" % n, r.errtext)
        # the same passport at 300 dpi needs nothing to give way
        lay, r = self.layout("--size", "62x100", "--dpi", "300", "-o", self.path("t.png"))
        self.assertEqual(lay["notes"], [])
        self.assertEqual(r.err, b"")

    def test_refusal_names_what_works(self):
        _, r = self.layout("--size", "62x100", "--dpi", "203", "--min-module", "0.6", "-o", self.path("x.png"),
                           rc=EX_INVALID)
        msg = r.errtext
        self.assertRegex(msg, r"the QR code \(\d+x\d+ modules, ECC Q, quiet zone 4 modules\) cannot get modules of "
                              r"at least 0\.60 mm on 62x100 mm at 203 dpi")
        self.assertIn("after rounding to whole dots", msg)
        sugg = re.findall(r"(--(?:dpi|size|ecc) \S+) \(module ([0-9.]+) mm", msg)
        self.assertTrue(sugg, msg)
        self.assertFalse(os.path.exists(self.path("x.png")))
        for opt, mm in sugg:
            with self.subTest(opt):
                k, v = opt.split(" ")
                args = ["--size", "62x100", "--dpi", "203", "--min-module", "0.6", k, v, "-o", self.path("ok.png"),
                        "--force"]
                lay, _ = self.layout(*args)
                self.assertGreaterEqual(lay["module_mm"], 0.6)
                self.assertAlmostEqual(lay["module_mm"], float(mm), delta=0.001)

    def test_min_module_option(self):
        for bad in ("0.2", "0.249", "x", "6"):
            r = run("label", "--key", self.path("k.pem"), "--min-module", bad, "-o", self.path("x.svg"), self.src)
            self.assertOneLineError(r, EX_USAGE, "--min-module")
        lay, _ = self.layout("--min-module", "0.25", "--size", "62x80", "--dpi", "203", "-o", self.path("m.png"))
        self.assertEqual(lay["notes"], [])  # 2 dots (0.25 mm) allowed now: nothing gives way
        self.assertAlmostEqual(lay["module_mm"], 0.25, delta=0.001)

    @unittest.skipUnless(lc.PDFTOTEXT, "pdftotext (poppler-utils) missing")
    def test_pdf_text_spacing(self):
        pdf = self.path("s.pdf")
        self.layout("--size", "100x150", "-o", pdf)
        out = subprocess.run([lc.PDFTOTEXT, "-raw", pdf, "-"], stdout=subprocess.PIPE, check=True,
                             timeout=60).stdout.decode("utf-8").replace(WJ, "")
        for phrase in ("Hot-rolled steel coil S235JR", "Scan to verify · QR ECC Q", "Manufacturer Acme Steel GmbH, DE",
                       "GTIN 04006381333931", "If the code does not scan, look up:"):
            self.assertIn(phrase, out)

    @unittest.skipUnless(lc.PDFTOTEXT, "pdftotext (poppler-utils) missing")
    def test_pdf_glyph_positions_not_rounded(self):
        # The monospace block of the full fallback, groups of 4 characters
        # and a space: where each glyph is placed (the pitch of the groups,
        # 5 advances) must agree with the font's own advance, which
        # pdftotext takes from the font's widths for the group's last glyph
        # (its width, 4 advances). Pango's rounding of glyph positions to
        # whole points (PDF units) moved the glyphs by the rounded advance:
        # 6 pt DejaVu Sans Mono then groups 20.0 pt apart and 15.6 pt wide
        # instead of 18.06 and 14.45. The phrases test above passes either
        # way.
        pdf = self.path("m.pdf")
        self.layout("--size", "150x200", "--fallback", "full", "-o", pdf)
        out = subprocess.run([lc.PDFTOTEXT, "-bbox", pdf, "-"], stdout=subprocess.PIPE, check=True,
                             timeout=60).stdout.decode("utf-8")
        lines = {}
        for x0, y0, x1, word in re.findall(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" '
                                           r'yMax="[0-9.]+">([^<]*)</word>', out):
            lines.setdefault(y0, []).append((float(x0), float(x1), html.unescape(word)))
        mono = [ws for ws in lines.values() if len(ws) >= 10 and all(len(w) == 4 for _, _, w in ws[:-1])]
        self.assertGreaterEqual(len(mono), 3, lines)
        checked = 0
        for ws in mono:
            ws.sort()
            for (a0, a1, _), (b0, _, _) in zip(ws, ws[1:]):
                pitch, width = b0 - a0, a1 - a0
                self.assertAlmostEqual(width, 0.8 * pitch, delta=0.02, msg=(width, pitch))
                checked += 1
        self.assertGreater(checked, 40)

    def test_svg_glyph_positions_not_rounded(self):
        # The monospace block of the full fallback: every glyph advance the
        # same (Pango's rounding to whole points made them alternate and
        # run words together).
        svg = self.path("m.svg")
        self.layout("--size", "150x200", "--fallback", "full", "-o", svg)
        doc = read(svg)
        rows = {}
        for x, y in re.findall(r'<use xlink:href="#glyph[0-9-]+" x="([0-9.]+)" y="([0-9.]+)"', doc):
            rows.setdefault(y, []).append(float(x))
        longest = max(rows.values(), key=len)
        self.assertGreater(len(longest), 40)
        steps = [b - a for a, b in zip(longest, longest[1:])]
        adv = min(steps)
        for s in steps:  # a whole number of advances (groups of 4 have a space between)
            self.assertAlmostEqual(s / adv, round(s / adv), delta=0.01, msg=steps)
        self.assertNotAlmostEqual(adv, round(adv), delta=0.01)  # not rounded to whole points


if __name__ == "__main__":
    unittest.main()
