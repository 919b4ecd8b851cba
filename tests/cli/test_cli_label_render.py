"""dpp label: every output format rendered back to pixels by a renderer that
is not dpp's (SVG: rsvg-convert, PDF: pdftoppm, ZPL: zpl-renderer-js under
Node; PNG is read as it is), then decoded by zbar and ZXing to the exact
passport text, with the QR module measured in the rendered pixels (at least
the minimum after rounding) and the 4-module quiet zone checked empty.

The default run samples the stock x dpi matrix (every offered stock in
every format, every dpi in PNG and ZPL); DPP_TEST_LONG=1 runs all of it."""
import json
import os
import sys
import unittest

from clitest import CliTestCase, EX_OK, HAVE_LABEL, minimal, passport, run, write

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "label"))
import label_check as lc  # noqa: E402

MIN_MM = 0.33
RENDER_DPI = 300  # for the vector outputs

if lc.LONG:
    PNG_CASES = [(s, d) for s in lc.STOCKS for d in lc.DPIS]
    ZPL_CASES = [(s, d) for s in lc.STOCKS for d in lc.DPIS]
else:
    PNG_CASES = [("62x100", 203), ("100x62", 300), ("100x150", 600), ("102x152", 300), ("a6", 203)]
    ZPL_CASES = [("62x100", 203), ("100x62", 600), ("100x150", 300), ("102x152", 203), ("a6", 300)]


@unittest.skipUnless(HAVE_LABEL, "built without cairo/pango")
@unittest.skipIf(lc.decoders_skip_reason(), lc.decoders_skip_reason())
class TestRenderBack(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")
        src = self.json_file(passport())
        r = run("encode", "--key", self.path("k.pem"), "--iat", "2025-06-01", src)
        self.assertEqual(r.rc, EX_OK, r)
        self.text = r.text.strip()
        write(self.path("t.txt"), self.text + "\n")

    def make(self, stock, out, *extra):
        lay = out + ".json"
        r = run("label", "--in", self.path("t.txt"), "--size", stock, "-o", out, "--layout-json", lay, *extra)
        self.assertEqual(r.rc, EX_OK, r)
        with open(lay, encoding="utf-8") as f:
            return json.load(f)

    def check_picture(self, png, lay, px_per_mm, what, text=None):
        text = text if text is not None else self.text
        self.assertEqual(lc.zbar(png), text, "zbar: " + what)
        self.assertEqual(lc.zxing(png), text, "ZXing: " + what)
        qr = [b for b in lay["boxes"] if b["what"] == "qr"][0]
        box = (qr["x"] * px_per_mm, qr["y"] * px_per_mm, qr["w"] * px_per_mm, qr["h"] * px_per_mm)
        module_px, quiet = lc.symbol_geometry(png, box, lay["modules"])
        module_mm = module_px / px_per_mm
        self.assertTrue(quiet, "quiet zone not empty: " + what)
        # measured in the rendered pixels, within one pixel's worth of the
        # symbol width (anti-aliased edges of vector output)
        slack = 1.0 / px_per_mm / lay["modules"]
        self.assertGreaterEqual(module_mm + slack, MIN_MM, what)
        self.assertAlmostEqual(module_mm, lay["module_mm"], delta=slack + 0.002, msg=what)
        return module_mm

    def test_svg_every_stock(self):
        for stock in lc.STOCKS:
            with self.subTest(stock):
                svg = self.path("l-%s.svg" % stock)
                lay = self.make(stock, svg)
                self.assertNotIn("dpi", lay)  # vector: the module is not rounded to dots
                png = lc.render_svg(svg, self.path("r-%s.png" % stock), RENDER_DPI)
                self.check_picture(png, lay, RENDER_DPI / 25.4, "SVG " + stock)

    def test_pdf_every_stock(self):
        for stock in lc.STOCKS:
            with self.subTest(stock):
                pdf = self.path("l-%s.pdf" % stock)
                lay = self.make(stock, pdf)
                self.assertEqual(lc.pdf_pages(pdf), 1)
                pages = lc.render_pdf(pdf, self.path("r-%s" % stock), RENDER_DPI)
                self.assertEqual(len(pages), 1)
                self.check_picture(pages[0], lay, RENDER_DPI / 25.4, "PDF " + stock)

    def test_png_stock_and_dpi(self):
        for stock, dpi in PNG_CASES:
            with self.subTest(stock=stock, dpi=dpi):
                png = self.path("l-%s-%d.png" % (stock, dpi))
                lay = self.make(stock, png, "--dpi", str(dpi))
                self.assertEqual(lay["dpi"], dpi)
                w, h, _ = lc.grey(png)
                self.assertEqual((w, h), (round(lc.STOCKS[stock][0] * dpi / 25.4),
                                          round(lc.STOCKS[stock][1] * dpi / 25.4)))
                mm = self.check_picture(png, lay, dpi / 25.4, "PNG %s %d dpi" % (stock, dpi))
                # whole pixels per module
                self.assertAlmostEqual(mm * dpi / 25.4, lay["module_dots"], delta=0.01)

    @unittest.skipIf(lc.zpl_skip_reason(), lc.zpl_skip_reason())
    def test_zpl_stock_and_dpi(self):
        for stock, dpi in ZPL_CASES:
            with self.subTest(stock=stock, dpi=dpi):
                zpl = self.path("l-%s-%d.zpl" % (stock, dpi))
                lay = self.make(stock, zpl, "--dpi", str(dpi))
                data = open(zpl, encoding="utf-8").read()
                self.assertTrue(data.startswith("^XA\n^CI28\n"), data[:40])
                self.assertEqual(data.count("^XA"), 1)
                dpmm = lc.DPMM[dpi]
                # the QR is one graphic field of exactly size x module dots
                n = lay["modules"] * lay["module_dots"]
                bpr = (n + 7) // 8
                self.assertTrue("^GFA,%d,%d,%d," % (bpr * n, bpr * n, bpr) in data, "QR graphic field")
                w, h = lc.STOCKS[stock]
                pngs = lc.render_zpl(zpl, w, h, dpmm, self.path("z-%s-%d" % (stock, dpi)))
                self.assertEqual(len(pngs), 1)
                mm = self.check_picture(pngs[0], lay, dpmm, "ZPL %s %d dpi" % (stock, dpi))
                self.assertAlmostEqual(mm * dpmm, lay["module_dots"], delta=0.01)

    @unittest.skipIf(lc.zpl_skip_reason(), lc.zpl_skip_reason())
    def test_link_form_every_format(self):
        # The hybrid form: the link in the code, its readable form under it.
        src = self.json_file(minimal(batch="L/25%06", serial="SN-1"), "m.json")
        r = run("encode", "--key", self.path("k.pem"), "--link-base", "https://id.example.com", src)
        self.assertEqual(r.rc, EX_OK, r)
        link = r.text.strip()
        write(self.path("link.txt"), link + "\n")
        outs = {"svg": self.path("k.svg"), "pdf": self.path("k.pdf"), "zpl": self.path("k.zpl")}
        for fmt, out in outs.items():
            with self.subTest(fmt):
                r = run("label", "--in", self.path("link.txt"), "--size", "62x100", "-o", out, "--layout-json",
                        out + ".json")
                self.assertEqual(r.rc, EX_OK, r)
                lay = json.load(open(out + ".json", encoding="utf-8"))
                hri = [b for b in lay["boxes"] if b["what"] == "link"]
                self.assertEqual(len(hri), 1)
                self.assertEqual(hri[0]["text"].replace("\n", ""), "id.example.com/" + link.split("#")[0].split(
                    "/", 3)[3])
                if fmt == "svg":
                    png, k = lc.render_svg(out, self.path("k-svg.png"), RENDER_DPI), RENDER_DPI / 25.4
                elif fmt == "pdf":
                    png, k = lc.render_pdf(out, self.path("k-pdf"), RENDER_DPI)[0], RENDER_DPI / 25.4
                else:
                    png, k = lc.render_zpl(out, 62, 100, 8, self.path("k-zpl"))[0], 8
                self.check_picture(png, lay, k, "link " + fmt, text=link)


if __name__ == "__main__":
    unittest.main()
