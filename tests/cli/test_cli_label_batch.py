"""dpp label --batch: JSON Lines of passports (signed with --key) or signed
texts, on the worker pool of 'encode --batch': one result per line in
DIR/results.jsonl, per-label SVG/PNG files, one multi-page PDF (one label
a page, or N-up on a sheet) and one ZPL stream per run, --resume (also
after a crash that left a part file)."""
import json
import os
import shutil
import sys
import unittest

from clitest import CliTestCase, EX_INVALID, EX_OK, EX_USAGE, HAVE_LABEL, minimal, read, run, write

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "label"))
import label_check as lc  # noqa: E402

N = 8


def passports():
    return [minimal(id="6f1c2d3e-4a5b-4c6d-8e7f-1011121314%02d" % i, batch="B-%d" % i, serial="S%03d" % i)
            for i in range(N)]


@unittest.skipUnless(HAVE_LABEL, "built without cairo/pango")
class TestLabelBatch(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")
        lines = [json.dumps(p) for p in passports()]
        lines.insert(4, '{"id": "nope"')  # line 5: broken JSON
        write(self.path("in.jsonl"), "\n".join(lines) + "\n")

    def results(self, d):
        return [json.loads(l) for l in read(os.path.join(d, "results.jsonl")).splitlines()]

    def batch(self, d, *extra, rc=EX_INVALID, key=True, src=None):
        args = ["label", "--batch", src or self.path("in.jsonl"), "--out", d, "--quiet", "--iat", "2025-06-01"]
        if key:
            args += ["--key", self.path("k.pem")]
        r = run(*args, *extra)
        self.assertEqual(r.rc, rc, r)
        return r

    def test_every_format_in_input_order(self):
        d = self.path("out")
        self.batch(d, "--format", "svg,png,pdf,zpl", "--size", "62x100", "--dpi", "203", "--jobs", "2")
        recs = self.results(d)
        self.assertEqual([x["line"] for x in recs], list(range(1, N + 2)))
        self.assertEqual(recs[4]["ok"], False)
        self.assertEqual(recs[4]["error"], "DPP_ERR_JSON_SYNTAX")
        ok = [x for x in recs if x["ok"]]
        self.assertEqual(len(ok), N)
        for i, x in enumerate(ok):
            self.assertEqual(x["ecc"], "Q")
            self.assertGreaterEqual(x["module_mm"], 0.33)
            # ZPL in the run: whole printer dots (8 a millimetre at 203 dpi)
            self.assertAlmostEqual(x["module_mm"], x["module_dots"] / 8.0, delta=0.0005)
            self.assertEqual(sorted(os.path.basename(f) for f in x["files"]),
                             ["label-%d.png" % x["line"], "label-%d.svg" % x["line"]])
            self.assertEqual(x["pdf"], {"file": os.path.join(d, "labels.pdf"), "page": i + 1, "slot": 1})
            self.assertEqual(x["zpl"], {"file": os.path.join(d, "labels.zpl"), "label": i + 1})
        self.assertEqual(sorted(os.listdir(d)), sorted(
            ["labels.pdf", "labels.zpl", "results.jsonl"] + ["label-%d.%s" % (x["line"], e) for x in ok
                                                            for e in ("png", "svg")]))
        # ZPL: one ^XA..^XZ per label, in input order
        zpl = read(os.path.join(d, "labels.zpl"))
        self.assertEqual(zpl.count("^XA"), N)
        self.assertEqual(zpl.count("^XZ"), N)
        if lc.decoders_skip_reason() is None:
            self.assertEqual(lc.zbar(os.path.join(d, "label-1.png")), ok[0]["text"])
            self.assertEqual(lc.zbar(os.path.join(d, "label-%d.png" % ok[-1]["line"])), ok[-1]["text"])
            if lc.PDFTOPPM:
                self.assertEqual(lc.pdf_pages(os.path.join(d, "labels.pdf")), N)
                pages = lc.render_pdf(os.path.join(d, "labels.pdf"), self.path("p"), 200, 7, 7)
                self.assertEqual(lc.zbar(pages[0]), ok[6]["text"])
            if lc.zpl_skip_reason() is None:
                pngs = lc.render_zpl(os.path.join(d, "labels.zpl"), 62, 100, 8, self.path("z"))
                self.assertEqual(len(pngs), N)
                self.assertEqual([lc.zbar(p) for p in (pngs[0], pngs[-1])], [ok[0]["text"], ok[-1]["text"]])

    def test_sheet_n_up(self):
        d = self.path("sheet")
        self.batch(d, "--format", "pdf", "--size", "62x100", "--sheet", "a4", "--grid", "3x2", "--margin", "8",
                   "--gap", "4")
        ok = [x for x in self.results(d) if x["ok"]]
        self.assertEqual([(x["pdf"]["page"], x["pdf"]["slot"]) for x in ok],
                         [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (2, 1), (2, 2)])
        if lc.PDFTOPPM and lc.decoders_skip_reason() is None:
            pdf = os.path.join(d, "labels.pdf")
            self.assertEqual(lc.pdf_pages(pdf), 2)
            pages = lc.render_pdf(pdf, self.path("s"), 150)
            self.assertEqual(sorted(lc.zbar_all(pages[0])), sorted(x["text"] for x in ok[:6]))
            self.assertEqual(sorted(lc.zbar_all(pages[1])), sorted(x["text"] for x in ok[6:]))
        # more than fit: refused with the most that do
        r = run("label", "--batch", self.path("in.jsonl"), "--out", self.path("x"), "--key", self.path("k.pem"),
                "--size", "62x100", "--sheet", "a4", "--grid", "4x2")
        self.assertOneLineError(r, EX_USAGE, "4 x 2 labels of 62x100 mm do not fit a 210x297 mm sheet with 10 mm "
                                             "margins and 3 mm gaps (at most 2 x 2)")

    def test_signed_texts(self):
        d = self.path("first")
        self.batch(d, "--format", "pdf")
        texts = [x["text"] for x in self.results(d) if x["ok"]]
        write(self.path("texts.txt"), "\n".join(texts) + "\n" + json.dumps(minimal()) + "\n")
        d2 = self.path("again")
        self.batch(d2, "--format", "png", key=False, src=self.path("texts.txt"))
        recs = self.results(d2)
        self.assertEqual([x["text"] for x in recs[:N]], texts)
        self.assertFalse(recs[N]["ok"])
        self.assertIn("the line is passport JSON: give --key to sign passports", recs[N]["message"])
        if lc.decoders_skip_reason() is None:
            self.assertEqual(lc.zbar(os.path.join(d2, "label-3.png")), texts[2])
        # Each worker reuses its raster from label to label: every label
        # is the one 'dpp label' makes alone, byte for byte (nothing of the
        # label before it left behind).
        for i, t in enumerate(texts):
            one = self.path("one-%d.png" % i)
            r = run("label", "--text", t, "-o", one)
            self.assertEqual(r.rc, EX_OK, r)
            self.assertEqual(read(one, "rb"), read(os.path.join(d2, "label-%d.png" % (i + 1)), "rb"), i)

    def test_resume(self):
        d = self.path("r")
        self.batch(d, "--format", "pdf,zpl")
        full = read(os.path.join(d, "results.jsonl")).splitlines()
        # an interrupted run: 3 results written, its documents finished
        shutil.rmtree(d)
        os.mkdir(d)
        write(os.path.join(d, "results.jsonl"), "\n".join(full[:3]) + "\n")
        r = self.batch(d, "--format", "pdf,zpl", "--resume")
        recs = self.results(d)
        self.assertEqual([x["line"] for x in recs], list(range(1, N + 2)))
        self.assertEqual(recs[3]["pdf"], {"file": os.path.join(d, "labels-from-4.pdf"), "page": 1, "slot": 1})
        self.assertEqual(recs[:3], [json.loads(l) for l in full[:3]])
        if lc.PDFINFO:
            self.assertEqual(lc.pdf_pages(os.path.join(d, "labels-from-4.pdf")), N - 3)
        self.assertEqual(read(os.path.join(d, "labels-from-4.zpl")).count("^XA"), N - 3)
        # a crash: results up to line 6 written, but the run's documents
        # (begun at line 4) were never finished: --resume redoes from 4
        shutil.rmtree(d)
        os.mkdir(d)
        write(os.path.join(d, "results.jsonl"), "\n".join(full[:6]) + "\n")
        write(os.path.join(d, "labels-from-4.pdf.part"), "%PDF-1.5 cut short")
        r = self.batch(d, "--format", "pdf,zpl", "--resume")
        self.assertIn("the run that started at line 4 did not finish its PDF/ZPL document; its labels are done "
                      "again", r.errtext)
        self.assertEqual([x["line"] for x in self.results(d)][:4], [1, 2, 3, 4])
        self.assertEqual(self.results(d)[3]["pdf"]["file"], os.path.join(d, "labels-from-4.pdf"))
        self.assertFalse(os.path.exists(os.path.join(d, "labels-from-4.pdf.part")))
        self.assertEqual(len(self.results(d)), N + 1)
        if lc.PDFINFO:
            self.assertEqual(lc.pdf_pages(os.path.join(d, "labels-from-4.pdf")), N - 3)

    def test_refused_label_is_a_failed_record(self):
        write(self.path("one.jsonl"), json.dumps(minimal()) + "\n")
        d = self.path("small")
        self.batch(d, "--format", "png", "--size", "62x100", "--dpi", "203", "--min-module", "1.2",
                   src=self.path("one.jsonl"))
        rec = self.results(d)[0]
        self.assertEqual((rec["ok"], rec["error"]), (False, "DPP_ERR_TOO_LARGE"))
        self.assertIn("cannot get modules of at least 1.20 mm on 62x100 mm at 203 dpi", rec["message"])
        self.assertIn("would work: --size", rec["message"])

    def test_usage(self):
        k = self.path("k.pem")
        src = self.path("in.jsonl")
        self.assertOneLineError(run("label", "--batch", src, "--key", k), EX_USAGE, "--batch needs --out DIR")
        self.assertOneLineError(run("label", "--batch", src, "--key", k, "--out", self.path("d"), "--format", "gif"),
                                EX_USAGE, "--format: 'gif'")
        self.assertOneLineError(run("label", "--batch", src, "--key", k, "--out", self.path("d"), "-o",
                                    self.path("x.svg")), EX_USAGE, "-o/--out given twice")
        self.assertOneLineError(run("label", "--key", k, "--jobs", "2", "-o", self.path("x.svg"), src), EX_USAGE,
                                "--resume and --jobs need --batch")
        self.assertOneLineError(run("label", "--batch", src, "--key", k, "--out", self.path("d"), "--format", "zpl",
                                    "--dpi", "250"), EX_USAGE, "ZPL printers print at 203, 300 or 600 dpi")
        self.assertOneLineError(run("label", "--key", k, "--grid", "2x2", "-o", self.path("x.pdf"),
                                    self.json_file(minimal(), "m.json")), EX_USAGE, "--grid, --margin and --gap")


if __name__ == "__main__":
    unittest.main()
