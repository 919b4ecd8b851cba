# SPDX-License-Identifier: Apache-2.0
"""The CBAM communication template import (libdpp_cbam, dpp_cbam.h): dpp.cbam_import.

The Commission's four filled examples (tests/data/cbam-template) are imported
from bytes and from a path; the passports equal what ``dpp cbam import`` writes
for the same workbook (a second path through the same library), and their SEE
figures equal the workbooks' cached values as python3-openpyxl reads them,
rounded as spec/cbam-template.md documents (shortest round-trip decimal, then
half away from zero to 5 places). An imported passport is signed and verified.
"""
import decimal
import io
import json
import os
import pathlib
import re
import subprocess
import warnings
import zipfile

import pytest

import dpp
from conftest import FIXED_IAT, ROOT

TEMPLATES = ROOT / "tests" / "data" / "cbam-template"
EXAMPLES = ["cement", "steel-blast-furnace", "fertilizer", "aluminium"]
SUMMARY = "Summary_Communication"

needs_cbam = pytest.mark.skipif(not dpp.HAVE_CBAM, reason="built without libdpp_cbam (dpp.HAVE_CBAM is False)")


def rounded(value):
    d = decimal.Decimal(repr(float(value))).quantize(decimal.Decimal("0.00001"), rounding=decimal.ROUND_HALF_UP)
    return d.normalize() if d != 0 else decimal.Decimal(0)


def summary_cells(path):
    """{(row, col): value} of Summary_Communication rows 1..130, read with openpyxl."""
    openpyxl = pytest.importorskip("openpyxl", reason="needs python3-openpyxl")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    cells = {}
    for row in wb[SUMMARY].iter_rows(min_row=1, max_row=130):
        for c in row:
            if getattr(c, "value", None) is not None:
                cells[(c.row, c.column)] = c.value
    wb.close()
    return cells


def cli_import(path, out):
    cli = os.environ.get("DPP_CLI")
    if not cli:
        pytest.skip("DPP_CLI is not set (the CLI is not built)")
    r = subprocess.run([cli, "cbam", "import", str(path), "--out", str(out), "--quiet"], capture_output=True,
                       text=True, check=False)
    assert r.returncode == 0, r.stderr
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))]


def rewrite(src, part, fn):
    """The bytes of the zip src with part's text replaced by fn(text)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                data = fn(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info.filename, data)
    return buf.getvalue()


@needs_cbam
@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_from_bytes_and_path_equal_the_cli_and_openpyxl(name, tmp_path):
    path = TEMPLATES / f"{name}.xlsx"
    from_bytes = dpp.cbam_import(path.read_bytes())
    from_path = dpp.cbam_import(path)
    from_str = dpp.cbam_import(str(path))
    assert len(from_bytes.passports) == from_bytes.lines > 0
    assert [p.to_json() for p in from_bytes.passports] == [p.to_json() for p in from_path.passports]
    assert [p.to_json() for p in from_str.passports] == [p.to_json() for p in from_path.passports]
    assert all(isinstance(p, dpp.Passport) for p in from_bytes.passports)
    assert from_bytes.problems == []
    # the CLI's JSON, written from the same library
    cli = cli_import(path, tmp_path)
    assert [json.loads(p.to_json()) for p in from_bytes.passports] == cli
    # the SEE figures against an independent reader
    cells = summary_cells(path)
    rows = sorted(r for (r, c) in cells if 26 <= r <= 125 and c == 6 and cells[(r, c)])
    assert from_bytes.rows == rows
    for row, p in zip(rows, from_bytes.passports):
        c = p.cbam
        assert c.cn_code == str(cells[(row, 6)])
        assert c.see_direct == rounded(cells[(row, 9)])
        assert c.see_indirect == rounded(cells[(row, 10)])
        assert c.see_total == rounded(cells[(row, 11)])
        assert p["name"] == cells[(row, 8)]
        assert p["gtin"] == "00000000000000"
        assert c.installation.name == cells[(12, 7)]
    assert [n.kind for n in from_bytes.notes].count("notice") == len(rows)  # placeholder GTINs


@needs_cbam
def test_unmapped_cells_have_sheet_and_cell():
    r = dpp.cbam_import(TEMPLATES / "steel-blast-furnace.xlsx", gtin=["4006381333931", "96385074"])
    q = [u for u in r.unmapped if u.cell.startswith("Q")]
    assert [(u.sheet, u.cell, u.row) for u in q] == [(SUMMARY, f"Q{row}", row) for row in (26, 27, 28, 29)]
    assert all(u.reason == "qualifying parameter 'Steel mill identification number'" and u.value == "623108"
               for u in q)
    assert any(u.cell == "AH15" and u.reason == "total direct emissions" and u.row == 0 for u in r.unmapped)
    assert [p["gtin"] for p in r.passports] == ["04006381333931", "00000096385074", "00000000000000",
                                                "00000000000000"]
    assert r.passports[0]["manufacturer"]["name"] == "Example Blast Steelworks"
    other = dpp.cbam_import(TEMPLATES / "steel-blast-furnace.xlsx", gtin="4006381333931", manufacturer="Steel Ltd")
    assert other.passports[0]["manufacturer"]["name"] == "Steel Ltd"
    assert other.passports[0]["id"] == r.passports[0]["id"]  # ids follow the workbook and row


@needs_cbam
def test_an_imported_passport_signs_and_verifies():
    p = dpp.cbam_import(TEMPLATES / "cement.xlsx", gtin="4006381333931").passports[0]
    key = dpp.Key.generate("EdDSA")
    text = dpp.encode(p, key, iat=FIXED_IAT)
    v = dpp.verify(text, dpp.TrustStore([key.public_key()]), now=FIXED_IAT + 60)
    assert v.passport.to_json() == p.to_json()
    assert v.passport.cbam.see_direct == p.cbam.see_direct


@needs_cbam
def test_bad_workbooks_raise_with_code_and_cell():
    with pytest.raises(dpp.MalformedError) as e:
        dpp.cbam_import(b"cn;mass\n72081000;12\n")
    assert e.value.name == "DPP_ERR_XLSX_NOT_ZIP"
    assert "no ZIP signature" in str(e.value)
    data = (TEMPLATES / "cement.xlsx").read_bytes()
    with pytest.raises(dpp.MalformedError) as e:
        dpp.cbam_import(data[:200000])
    assert e.value.name == "DPP_ERR_XLSX_NOT_ZIP"
    with pytest.raises(dpp.SchemaError) as e:
        dpp.cbam_import(data, gtin="4006381333932")
    assert e.value.path == "gtin"
    with pytest.raises(TypeError):
        dpp.cbam_import(12345)
    # a number that is not one: strict raises naming the cell and field, lenient skips the line
    bad = rewrite(TEMPLATES / "steel-blast-furnace.xlsx", "xl/worksheets/sheet14.xml",
                  lambda s: re.sub(r'(<c r="I27"[^>]*>(?:<f>[^<]*</f>)?<v>)[^<]*(</v>)', r"\g<1>1.5x\g<2>", s, 1))
    with pytest.raises(dpp.MalformedError) as e:
        dpp.cbam_import(bad)
    assert e.value.name == "DPP_ERR_CBAM_VALUE"
    assert e.value.path == "cbam.see_direct"
    assert "Summary_Communication!I27: '1.5x' is not a number" in str(e.value)
    r = dpp.cbam_import(bad, strict=False)
    assert len(r.passports) == 3 and r.lines == 4 and r.rows == [26, 28, 29]
    assert dpp.error_class(177) is dpp.MalformedError  # DPP_ERR_CBAM_VALUE
    assert [(x.sheet, x.cell, x.code, x.field, x.reason) for x in r.problems] == [
        (SUMMARY, "I27", 177, "cbam.see_direct", "'1.5x' is not a number")]
    assert any(x.kind == "skipped" and x.row == 27 for x in r.notes)


@pytest.mark.skipif(dpp.HAVE_CBAM, reason="this build has libdpp_cbam")
def test_without_the_library_the_call_says_so():
    with pytest.raises(dpp.UsageError) as e:
        dpp.cbam_import(b"PK\x03\x04")
    assert e.value.name == "DPP_ERR_UNSUPPORTED"
    assert "libdpp_cbam" in str(e.value)
