"""dpp label: SVG + PNG labels that zbar decodes to the exact passport text,
that 'dpp verify --image' verifies (also as a photo-like picture), and that
render Chinese text with real glyphs."""
import html
import os
import re
import shutil
import struct
import subprocess
import unittest

from clitest import (CliTestCase, EX_INVALID, EX_OK, EX_USAGE, HAVE_IMAGE, HAVE_LABEL, minimal, passport, read, run,
                     write)

ZBARIMG = shutil.which("zbarimg")
MAGICK = "/usr/bin/convert" if os.path.exists("/usr/bin/convert") else None
if MAGICK is not None:
    try:
        if b"ImageMagick" not in subprocess.run([MAGICK, "-version"], stdout=subprocess.PIPE, timeout=30).stdout:
            MAGICK = None
    except OSError:
        MAGICK = None


def png_info(data):
    """(width, height, pixels-per-metre or None) of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", data[16:24])
    ppm = None
    i = 8
    while i < len(data):
        n = struct.unpack(">I", data[i:i + 4])[0]
        kind = data[i + 4:i + 8]
        if kind == b"pHYs":
            ppm = struct.unpack(">I", data[i + 8:i + 12])[0]
        i += 12 + n
    return w, h, ppm


def zbar(path):
    r = subprocess.run([ZBARIMG, "--nodbus", "-q", "--raw", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    return r.returncode, r.stdout.decode("utf-8").rstrip("\n")


@unittest.skipUnless(HAVE_LABEL, "built without cairo/pango")
class TestLabel(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")

    def label(self, obj=None, *extra, rc=EX_OK):
        src = self.json_file(obj if obj is not None else passport())
        r = run("label", "--key", self.path("k.pem"), *extra, src)
        self.assertEqual(r.rc, rc, r)
        return r

    def desc_text(self, svg_path):
        m = re.search(r"<desc>([^<]*)</desc>", read(svg_path))
        self.assertIsNotNone(m)
        return html.unescape(m.group(1))

    def verify_image(self, path):
        r = run("verify", "--trust", self.path("k.pub.pem"), "--image", path)
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.text.splitlines()[-1], "VERIFIED")
        return r

    def test_svg_and_png_same_text(self):
        r = self.label(None, "-o", self.path("l.svg"), "-o", self.path("l.png"))
        self.assertEqual((r.out, r.err), (b"", b""))
        svg = read(self.path("l.svg"))
        self.assertIn('width="283.464567pt" height="425.19685pt"', svg)  # 100 x 150 mm
        self.assertIn("<title>Digital product passport: Hot-rolled steel coil S235JR</title>", svg)
        text = self.desc_text(self.path("l.svg"))
        self.assertTrue(text.startswith("DPP1:"))
        png = read(self.path("l.png"), "rb")
        self.assertEqual(png_info(png), (1181, 1772, 11811))  # 300 dpi
        self.assertEqual(png[24:26], b"\x01\x00")  # black and white (1-bit grey) from 300 dpi on
        # Both outputs carry the same signed text: the PNG verifies, and its
        # inspected content equals the SVG's text content.
        r = self.verify_image(self.path("l.png"))
        self.assertIn("Hot-rolled steel coil S235JR", r.text)
        r1 = run("inspect", "--json", "--image", self.path("l.png"))
        r2 = run("inspect", "--json", text)
        self.assertEqual(r1.json()["passport"], r2.json()["passport"])
        self.assertEqual(r1.json()["claims"], r2.json()["claims"])

    @unittest.skipUnless(ZBARIMG, "zbarimg (zbar-tools) missing")
    def test_zbar_decodes_exact_text(self):
        text = self.encode(passport(), "k", "--iat", "2025-06-01")
        write(self.path("t.txt"), text + "\n")
        r = run("label", "--in", self.path("t.txt"), "-o", self.path("l.png"), "--svg", self.path("l.svg"))
        self.assertEqual(r.rc, 0, r)
        rc, got = zbar(self.path("l.png"))
        self.assertEqual(rc, 0)
        self.assertEqual(got, text)
        self.assertEqual(self.desc_text(self.path("l.svg")), text)
        # --text is the same as --in.
        r = run("label", "--text", text, "-o", self.path("l2.png"))
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(zbar(self.path("l2.png"))[1], text)

    @unittest.skipUnless(MAGICK and HAVE_IMAGE, "needs ImageMagick and zbar")
    def test_photo_like_still_verifies(self):
        self.label(None, "-o", self.path("l.png"))
        for name in ["photo.jpg", "photo.png"]:
            out = self.path(name)
            subprocess.run([MAGICK, self.path("l.png"), "-rotate", "3", "-blur", "0x0.6", "-resize", "80%", out],
                           check=True, timeout=120)
            with self.subTest(name):
                self.verify_image(out)

    def test_chinese_renders_with_real_glyphs(self):
        zh = passport(name="热轧钢卷 S235JR")
        zh["manufacturer"]["name"] = "宁波钢铁有限公司"
        zh["manufacturer"]["country"] = "CN"
        r = self.label(zh, "-o", self.path("zh.png"), "-o", self.path("zh.svg"))
        self.assertNotIn("no glyph", r.errtext)
        self.assertEqual(r.err, b"")
        self.assertIn("<title>Digital product passport: 热轧钢卷 S235JR</title>", read(self.path("zh.svg")))
        if HAVE_IMAGE:
            r = self.verify_image(self.path("zh.png"))
            self.assertIn("热轧钢卷 S235JR", r.text)
            self.assertIn("宁波钢铁有限公司 (CN)", r.text)
        # Control: characters no font has are reported (so the check above means something).
        r = self.label(passport(name="Widget \U0010fffd\U0010fffd"), "-o", self.path("tofu.png"))
        self.assertRegex(r.errtext, r"^dpp: warning: label: 2 character\(s\) have no glyph")

    def summary_text(self, svg_path):
        m = re.search(r'<metadata id="dpp-summary">([^<]*)</metadata>', read(svg_path))
        self.assertIsNotNone(m)
        return html.unescape(m.group(1))

    def test_claims_shown_as_self_declared(self):
        # The passport says "third-party-verified" but carries no attestation:
        # the label must not print that as a fact.
        self.label(None, "-o", self.path("l.svg"))
        summary = self.summary_text(self.path("l.svg")).splitlines()
        self.assertIn("Carbon footprint  1.85 kg CO₂e per t (cradle-to-gate, ISO 14067) — self-declared by the "
                      "manufacturer (stated as third-party-verified, no attestation)", summary)
        self.assertIn("CBAM  CN 72083900, origin DE, SEE 1.72 t CO₂e/t direct, 0.13 indirect — self-declared by the "
                      "manufacturer", summary)
        self.assertIn("Certification  ISO 14001 EMS-2024-0042 (TÜV SÜD, until 2027-03-31) — self-declared by the "
                      "manufacturer", summary)
        self.assertNotIn("third-party verified", "\n".join(summary))
        # The same from already signed text (--in): decoded, not verified.
        text = self.desc_text(self.path("l.svg"))
        write(self.path("t.txt"), text)
        r = run("label", "--in", self.path("t.txt"), "-o", self.path("l2.svg"))
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(self.summary_text(self.path("l2.svg")), "\n".join(summary))

    def test_other_sizes_and_dpi(self):
        for size, dpi, wh in [("62x100", "300", (732, 1181)), ("100x62", "300", (1181, 732)),
                              ("105x148", "150", (620, 874))]:
            with self.subTest(size):
                out = self.path("l-%s.png" % size)
                self.label(None, "--size", size, "--dpi", dpi, "-o", out)
                png = read(out, "rb")
                self.assertEqual(png_info(png)[:2], wh)
                # grey depth (IHDR): 1 bit from 300 dpi on, 4 levels below
                self.assertEqual(png[24:26], b"\x01\x00" if dpi == "300" else b"\x02\x00")
                if HAVE_IMAGE:
                    self.verify_image(out)

    def test_too_small_label(self):
        r = self.label(None, "--size", "30x30", "-o", self.path("s.png"), "-o", self.path("s.svg"), rc=EX_INVALID)
        self.assertOneLineError(r, EX_INVALID, "do not fit 30x30 mm at 300 dpi at a readable size")
        # The refusal names a stock size that works, and it does.
        self.assertIn("would work: --size 62x100", r.errtext)
        self.label(None, "--size", "62x100", "-o", self.path("ok.png"))
        os.remove(self.path("ok.png"))
        self.assertEqual(self.listdir(), ["k.pem", "k.pub.pem", "p.json"])

    def test_expiry_is_shown_and_signed(self):
        self.label(minimal(), "--iat", "2025-01-01", "--exp", "2026-01-01", "-o", self.path("e.png"))
        if HAVE_IMAGE:
            r = run("verify", "--trust", self.path("k.pub.pem"), "--image", self.path("e.png"), "--at", "2025-06-01",
                    "--json")
            self.assertEqual(r.rc, 0, r)
            self.assertEqual(r.json()["claims"]["exp_utc"], "2026-01-01T00:00:00Z")

    def test_usage(self):
        src = self.json_file(passport())
        k = self.path("k.pem")
        self.assertOneLineError(run("label", "--key", k, src), EX_USAGE, "no output")
        self.assertOneLineError(run("label", "--key", k, "-o", self.path("x.gif"), src), EX_USAGE,
                                "must end in .svg, .png, .pdf or .zpl")
        self.assertOneLineError(run("label", "-o", self.path("x.svg"), src), EX_USAGE, "--key KEY.pem is required")
        self.assertOneLineError(run("label", "--key", k, "--text", "DPP1:X", "-o", self.path("x.svg")), EX_USAGE,
                                "--key is only for signing PASSPORT.json")
        self.assertOneLineError(run("label", "--in", src, "--text", "DPP1:X", "-o", self.path("x.svg")), EX_USAGE,
                                "give exactly one of PASSPORT.json, --in FILE, --text TEXT and --batch FILE")
        self.assertOneLineError(run("label", "--key", k, "--size", "10x10", "-o", self.path("x.svg"), src), EX_USAGE,
                                "--size: '10x10'")
        self.assertEqual(self.listdir(), ["k.pem", "k.pub.pem", "p.json"])


if __name__ == "__main__":
    unittest.main()
