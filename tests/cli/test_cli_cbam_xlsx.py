"""Tests of 'dpp cbam import' and 'dpp cbam export': the Commission's CBAM
communication template (v2.1.1 layout).

The four filled examples of the Commission (tests/data/cbam-template/) are
imported; every SEE figure must equal the workbook's cached value, read
here with an independent reader (python3-openpyxl), rounded as
spec/cbam-template.md documents: the shortest decimal that reads back as
the same double (Python's repr), then half away from zero to 5 places.
The imported passports are signed and verified, exported again, and the
exported workbook is read back with openpyxl. Malformed workbooks are made
here with zipfile.
"""
import decimal
import glob
import io
import json
import os
import re
import unittest
import warnings
import zipfile

from clitest import EX_INVALID, EX_MALFORMED, EX_OK, SOURCE_DIR, CliTestCase, read, run

try:
    import openpyxl
except ImportError:  # pragma: no cover - Debian: python3-openpyxl
    openpyxl = None

TEMPLATES = os.path.join(SOURCE_DIR, "tests", "data", "cbam-template")
EXAMPLES = ["cement", "steel-blast-furnace", "fertilizer", "aluminium"]
SUMMARY = "Summary_Communication"
Q5 = decimal.Decimal("0.00001")


def rounded(value, q=Q5):
    """The documented rounding of an Excel number: repr (shortest round trip), then half-up to q."""
    d = decimal.Decimal(repr(float(value))).quantize(q, rounding=decimal.ROUND_HALF_UP)
    return d.normalize() if d != 0 else decimal.Decimal(0)


def load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=True, read_only=True)


def sheet_cells(path, sheet):
    """{(row, col): value} of a sheet (rows 1..200), read with openpyxl."""
    wb = load(path)
    ws = wb[sheet]
    cells = {}
    for row in ws.iter_rows(min_row=1, max_row=200):
        for c in row:
            if getattr(c, "value", None) is not None:
                cells[(c.row, c.column)] = c.value
    wb.close()
    return cells


def rewrite(src, dst, part, fn):
    """Copies the zip src to dst with part's text replaced by fn(text)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                data = fn(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info.filename, data)


def tiny_book(dst, workbook_xml, extra=None):
    """A minimal package: workbook.xml plus optional parts."""
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>')
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", workbook_xml)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        for name, data in (extra or {}).items():
            z.writestr(name, data)


WB_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


@unittest.skipIf(openpyxl is None, "python3-openpyxl is not installed")
class CbamTemplate(CliTestCase):
    def imp(self, name, *extra):
        out = self.path("out-" + name)
        os.makedirs(out, exist_ok=True)
        r = run("cbam", "import", os.path.join(TEMPLATES, name + ".xlsx"), "--out", out, *extra)
        return r, out

    def passports(self, out):
        return [json.loads(read(p)) for p in sorted(glob.glob(os.path.join(out, "*.json")))]

    def test_examples_import_with_the_workbooks_figures(self):
        for name in EXAMPLES:
            with self.subTest(name):
                r, out = self.imp(name)
                self.assertEqual(r.rc, EX_OK, r)
                cells = sheet_cells(os.path.join(TEMPLATES, name + ".xlsx"), SUMMARY)
                rows = sorted(rw for (rw, col) in cells if 26 <= rw <= 125 and col == 6 and cells[(rw, col)])
                ps = self.passports(out)
                self.assertEqual(len(ps), len(rows), r)
                self.assertGreater(len(ps), 0)
                for row, p in zip(rows, ps):
                    c = p["cbam"]
                    self.assertEqual(c["cn_code"], str(cells[(row, 6)]))
                    self.assertEqual(decimal.Decimal(c["see_direct"]), rounded(cells[(row, 9)]))
                    self.assertEqual(decimal.Decimal(c["see_indirect"]), rounded(cells[(row, 10)]))
                    self.assertEqual(decimal.Decimal(c["see_total"]), rounded(cells[(row, 11)]))
                    self.assertEqual(decimal.Decimal(c["electricity"]["consumed"]), rounded(cells[(row, 15)]))
                    self.assertEqual(c["see_unit"], cells[(row, 12)])
                    self.assertEqual(c["process"], cells[(row, 4)])
                    self.assertEqual(c["goods_category"], cells[(row, 5)])
                    self.assertEqual(c["method"], "actual")  # M = 0 in every example
                    self.assertEqual(p["name"], cells[(row, 8)])
                    inst = c["installation"]
                    self.assertEqual(inst["name"], cells[(12, 7)])
                    self.assertEqual(inst["country"], cells[(16, 7)])
                    self.assertEqual(c["origin"], cells[(16, 7)])
                    self.assertEqual(inst["unlocode"], cells[(17, 7)].replace(" ", ""))
                    self.assertEqual(inst["coordinates"]["latitude"], cells[(18, 7)].rstrip("\u00b0"))
                    self.assertEqual(c["period"], {"start": cells[(20, 7)].date().isoformat(),
                                                   "end": cells[(21, 7)].date().isoformat()})

    def test_unmapped_cells_are_listed_with_sheet_and_cell(self):
        r, out = self.imp("steel-blast-furnace")
        self.assertEqual(r.rc, EX_OK, r)
        err = r.errtext
        # the steel mill identification number (a qualifying parameter) of each line
        for row in (26, 27, 28, 29):
            self.assertIn("Summary_Communication!Q%d: not mapped (qualifying parameter 'Steel mill "
                          "identification number': '623108')" % row, err)
        self.assertIn("Summary_Communication!AH15: not mapped (total direct emissions", err)
        self.assertRegex(err, r"4 of 4 product lines written, \d+ cells not mapped, 0 problems")
        q = run("cbam", "import", os.path.join(TEMPLATES, "steel-blast-furnace.xlsx"), "--out", out, "--quiet",
                "--force")
        self.assertEqual(q.rc, EX_OK, q)
        self.assertNotIn("not mapped (", q.errtext)

    def test_import_is_deterministic_and_takes_gtins(self):
        r1, out1 = self.imp("aluminium", "--gtin", "4006381333931", "--gtin", "96385074")
        self.assertEqual(r1.rc, EX_OK, r1)
        ps = self.passports(out1)
        self.assertEqual([p["gtin"] for p in ps], ["04006381333931", "00000096385074"])
        r2, out2 = self.imp("aluminium", "--gtin", "4006381333931", "--gtin", "96385074")
        self.assertEqual([p["id"] for p in self.passports(out2)], [p["id"] for p in ps])
        bad = run("cbam", "import", os.path.join(TEMPLATES, "aluminium.xlsx"), "--out", self.path(), "--gtin",
                  "4006381333932")
        self.assertEqual(bad.rc, 64, bad)
        self.assertIn("--gtin '4006381333932' is not a GTIN", bad.errtext)

    def test_imported_passports_sign_verify_and_export_back(self):
        self.keygen("k", "EdDSA")
        r, out = self.imp("steel-blast-furnace")
        self.assertEqual(r.rc, EX_OK, r)
        texts = []
        for i, src in enumerate(sorted(glob.glob(os.path.join(out, "*.json")))):
            t = run("encode", "--key", self.path("k.pem"), src)
            self.assertEqual(t.rc, EX_OK, t)
            txt = self.path("p%d.txt" % i)
            with open(txt, "w") as f:
                f.write(t.text)
            v = run("verify", "--trust", self.path("k.pub.pem"), "--in", txt)
            self.assertEqual(v.rc, EX_OK, v)
            texts.append(txt)
        xlsx = self.path("summary.xlsx")
        e = run("cbam", "export", *texts, "--trust", self.path("k.pub.pem"), "--out", xlsx)
        self.assertEqual(e.rc, EX_OK, e)
        self.assertIn("4 product lines written", e.errtext)
        # read back with openpyxl: the template's sheet names and cells
        wb = load(xlsx)
        self.assertIn(SUMMARY, wb.sheetnames)
        self.assertIn("A_InstData", wb.sheetnames)
        wb.close()
        cells = sheet_cells(xlsx, SUMMARY)
        orig = sheet_cells(os.path.join(TEMPLATES, "steel-blast-furnace.xlsx"), SUMMARY)
        for ref in ((12, 7), (13, 7), (14, 7), (15, 7), (16, 7), (17, 7), (18, 7), (19, 7), (20, 7), (21, 7)):
            self.assertEqual(cells[ref], orig[ref], ref)
        for row in (26, 27, 28, 29):
            for col in (4, 5, 6, 8, 12, 14):  # texts: process, category, CN code, name, unit, EF source
                self.assertEqual(cells[(row, col)], orig[(row, col)], (row, col))
            for col in (9, 10, 11, 13, 15):  # SEE direct/indirect/total, default share, electricity
                self.assertEqual(rounded(cells[(row, col)]), rounded(orig[(row, col)]), (row, col))
        # and dpp reads its own export back to the same passports (ids aside)
        back = self.path("back")
        os.makedirs(back)
        r2 = run("cbam", "import", xlsx, "--out", back, "--quiet")
        self.assertEqual(r2.rc, EX_OK, r2)
        for a, b in zip(self.passports(out), self.passports(back)):
            a.pop("id")
            b.pop("id")
            self.assertEqual(a, b)

    def test_qr_form_keeps_the_qr_fields(self):
        r, out = self.imp("steel-blast-furnace", "--qr", "--quiet")
        self.assertEqual(r.rc, EX_OK, r)
        full = json.loads(read(os.path.join(out, "001-72081000.json")))
        qr = json.loads(read(os.path.join(out, "001-72081000.qr.json")))
        self.assertEqual(set(qr["cbam"]), {"cn_code", "origin", "see_direct", "see_indirect", "method", "period",
                                           "see_total", "see_unit", "default_share"})
        for k in qr["cbam"]:
            self.assertEqual(qr["cbam"][k], full["cbam"][k])
        self.assertIn("installation", full["cbam"])
        self.assertEqual(qr["id"], full["id"])

    def test_export_refuses_unverified_input(self):
        self.keygen("k", "EdDSA")
        self.keygen("other", "EdDSA")
        r, out = self.imp("cement")
        src = glob.glob(os.path.join(out, "*.json"))[0]
        t = run("encode", "--key", self.path("other.pem"), src)
        txt = self.path("p.txt")
        with open(txt, "w") as f:
            f.write(t.text)
        e = run("cbam", "export", txt, "--trust", self.path("k.pub.pem"), "--out", self.path("x.xlsx"))
        self.assertNotEqual(e.rc, EX_OK, e)
        self.assertIn("not verified", e.errtext)
        self.assertFalse(os.path.exists(self.path("x.xlsx")))
        j = run("cbam", "export", src, "--trust", self.path("k.pub.pem"), "--out", self.path("x.xlsx"))
        self.assertEqual(j.rc, EX_INVALID, j)
        self.assertIn("passport JSON is not signed", j.errtext)
        u = run("cbam", "export", src, "--unsigned", "--out", self.path("x.xlsx"))
        self.assertEqual(u.rc, EX_OK, u)

    # ---- malformed workbooks ----

    def bad(self, path, rc, *needles):
        r = run("cbam", "import", path, "--out", self.path())
        self.assertEqual(r.rc, rc, r)
        for n in needles:
            self.assertIn(n, r.errtext)
        self.assertEqual(glob.glob(self.path("*.json")), [])
        return r

    def test_not_a_zip(self):
        p = self.path("decl.xlsx")
        with open(p, "w") as f:
            f.write("cn;mass\n72081000;12\n")
        self.bad(p, EX_MALFORMED, "not an .xlsx workbook (no ZIP signature")

    def test_truncated_zip(self):
        p = self.path("cut.xlsx")
        with open(os.path.join(TEMPLATES, "cement.xlsx"), "rb") as f:
            data = f.read()
        with open(p, "wb") as f:
            f.write(data[:200000])
        self.bad(p, EX_MALFORMED, "not a readable ZIP package")

    def test_zip_bomb(self):
        p = self.path("bomb.xlsx")
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/workbook.xml", b"<" + b" " * (8 * 1024 * 1024) + b"/>")
        self.bad(p, EX_MALFORMED, "xl/workbook.xml:", "zip bomb")
        big = self.path("big.xlsx")
        with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as z:
            z.writestr("xl/workbook.xml", b" " * (33 * 1024 * 1024))
        self.bad(big, EX_MALFORMED, "xl/workbook.xml: declares 34603008 bytes inflated, at most 33554432")

    def test_missing_sheet(self):
        p = self.path("nosheet.xlsx")
        tiny_book(p, '<workbook %s><sheets><sheet name="Other" sheetId="1" r:id="rId1"/></sheets></workbook>'
                  % WB_NS, {"xl/worksheets/sheet1.xml": "<worksheet/>"})
        self.bad(p, EX_MALFORMED, "Summary_Communication: no sheet of this name in the workbook")

    def test_doctype_refused(self):
        p = self.path("dtd.xlsx")
        tiny_book(p, '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><workbook %s><sheets>'
                  '<sheet name="&a;" sheetId="1" r:id="rId1"/></sheets></workbook>' % WB_NS)
        self.bad(p, EX_MALFORMED, "xl/workbook.xml: a DOCTYPE is not allowed")

    def test_bad_cell_value_names_sheet_and_cell(self):
        p = self.path("badcell.xlsx")
        # sheet14.xml is Summary_Communication (xl/_rels/workbook.xml.rels rId14)
        rewrite(os.path.join(TEMPLATES, "steel-blast-furnace.xlsx"), p, "xl/worksheets/sheet14.xml",
                lambda s: re.sub(r'(<c r="I27"[^>]*>(?:<f>[^<]*</f>)?<v>)[^<]*(</v>)', r"\g<1>1.5x\g<2>", s, 1))
        r = run("cbam", "import", p, "--out", self.path())
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertIn("Summary_Communication!I27: '1.5x' is not a number", r.errtext)
        self.assertIn("row 27: line skipped", r.errtext)
        self.assertIn("3 of 4 product lines written", r.errtext)

    def test_bad_cell_reference(self):
        p = self.path("badref.xlsx")
        rewrite(os.path.join(TEMPLATES, "cement.xlsx"), p, "xl/worksheets/sheet14.xml",
                lambda s: s.replace('<c r="G12"', '<c r="G0"', 1))
        self.bad(p, EX_MALFORMED, "Summary_Communication: cell reference 'G0' is not in A1 form")

    def test_bad_shared_string_index(self):
        p = self.path("badsst.xlsx")
        rewrite(os.path.join(TEMPLATES, "cement.xlsx"), p, "xl/worksheets/sheet14.xml",
                lambda s: s.replace('<c r="H11" s="228" t="s"><v>135</v>', '<c r="H11" s="228" t="s"><v>99999999</v>', 1))
        self.bad(p, EX_MALFORMED, "Summary_Communication!H11: shared string index '99999999' is not one of the")


if __name__ == "__main__":
    unittest.main()
