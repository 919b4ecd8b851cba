#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Extracts the CBAM data `dpp cbam` computes with from the European
Commission's informational workbooks into plain CSV (data/cbam/):

  benchmarks.csv      <- benchmarks.xlsx, sheet "Benchmarks" (Implementing
                         Regulation (EU) 2025/2620, Annex): one row per CN code,
                         column (A or B) and production route indicator
  default_values.csv  <- default_values.xlsx, one sheet per country
                         (Implementing Regulation (EU) 2025/2621, Annex I):
                         one row per country and CN code (or CN prefix)

    python3 data/cbam/extract.py [--src DIR]          # rewrite the CSVs
    python3 data/cbam/extract.py [--src DIR] --check  # exit 1 if they differ,
                                                      # 77 if DIR is missing

DIR (default: tests/data/cbam-defaults, the vendored copies, or
$DPP_CBAM_SRC) holds benchmarks.xlsx and default_values.xlsx; their SHA-256
are in SOURCE.md. Reading uses python3-openpyxl (Debian). Figures are written
as the shortest decimal that reads back as the workbook's binary float
(repr), rounded to 6 decimals: the workbooks state benchmarks with 3 and
default values with at most 9 decimals, so nothing is lost. The per-year
columns with mark-up are not copied: `dpp cbam` recomputes them from
factors.csv, and this script checks that total * (1 + mark-up) equals the
workbook's 2026 column for every row (to 1e-9), so the 2026 mark-ups in
factors.csv are the workbook's. The 2027 and 2028 columns are compared too
and the sheets that differ are listed (a few compound the mark-up: 2027 =
2026 value * 1.1); they are not an error, the Regulation's percentages rule.
"""
import argparse
import csv
import hashlib
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_SRC = os.path.join(REPO, "tests", "data", "cbam-defaults")

# Sheet names of default_values.xlsx -> ISO 3166-1 alpha-2 ("*": every
# country without a sheet of its own, "Other Countries and Territories").
COUNTRIES = {
    "Albania": "AL", "Algeria": "DZ", "Angola": "AO", "Argentina": "AR", "Armenia": "AM", "Australia": "AU",
    "Azerbaijan": "AZ", "Bangladesh": "BD", "Bahrain": "BH", "Belarus": "BY", "Benin": "BJ", "Bolivia": "BO",
    "Bosnia and Herzegovina": "BA", "Brazil": "BR", "Brunei": "BN", "Cambodia": "KH", "Cameroon": "CM",
    "Canada": "CA", "Chile": "CL", "China": "CN", "Colombia": "CO", "Congo": "CG", "Costa Rica": "CR",
    "Côte d'Ivoire": "CI", "Cuba": "CU", "Curaçao": "CW", "Democratic Republic of the Cong": "CD",
    "Dominican Republic": "DO", "Ecuador": "EC", "Egypt": "EG", "El Salvador": "SV", "Equatorial Guinea": "GQ",
    "Eritrea": "ER", "Eswatini": "SZ", "Ethiopia": "ET", "Gabon": "GA", "Georgia": "GE", "Ghana": "GH",
    "Guatemala": "GT", "Haiti": "HT", "Honduras": "HN", "Hong Kong": "HK", "India": "IN", "Indonesia": "ID",
    "Iran": "IR", "Iraq": "IQ", "Israel": "IL", "Jamaica": "JM", "Japan": "JP", "Jordan": "JO",
    "Kazakhstan": "KZ", "Kenya": "KE", "Kuwait": "KW", "Kyrgyzstan": "KG", "Laos": "LA", "Lebanon": "LB",
    "Libya": "LY", "Madagascar": "MG", "Malaysia": "MY", "Mali": "ML", "Mauritius": "MU", "Mauritania": "MR",
    "Mexico": "MX", "Moldova": "MD", "Mongolia": "MN", "Montenegro": "ME", "Morocco": "MA", "Mozambique": "MZ",
    "Myanmar_Burma": "MM", "Namibia": "NA", "Nepal": "NP", "New Zealand": "NZ", "Nicaragua": "NI",
    "Niger": "NE", "Nigeria": "NG", "North Korea": "KP", "North Macedonia": "MK", "Oman": "OM",
    "Pakistan": "PK", "Papua New Guinea": "PG", "Panama": "PA", "Paraguay": "PY", "Peru": "PE",
    "Philippines": "PH", "Qatar": "QA", "Russia": "RU", "Rwanda": "RW", "Saudi Arabia": "SA", "Senegal": "SN",
    "Serbia": "RS", "Sierra Leone": "SL", "Singapore": "SG", "South Africa": "ZA", "South Korea": "KR",
    "Sri Lanka": "LK", "Sudan": "SD", "Suriname": "SR", "Syria": "SY", "Taiwan": "TW", "Tajikistan": "TJ",
    "Tanzania": "TZ", "Thailand": "TH", "Togo": "TG", "Trinidad and Tobago": "TT", "Tunisia": "TN",
    "Türkiye": "TR", "Turkmenistan": "TM", "Uganda": "UG", "Ukraine": "UA", "United Arab Emirates": "AE",
    "United Kingdom": "GB", "United States": "US", "Uruguay": "UY", "Uzbekistan": "UZ", "Venezuela": "VE",
    "Vietnam": "VN", "Yemen": "YE", "Zambia": "ZM", "Zimbabwe": "ZW", "_Other Countries and Territorie": "*",
}
# Sector headings of the default-value sheets -> dpp cbam sector and the
# mark-up per year (checked against the workbook's columns, see above).
SECTORS = {"Cement": "cement", "Fertilisers": "fertilisers", "Aluminium": "aluminium", "Hydrogen": "hydrogen",
           "Iron and steel": "iron_steel", "Electricity": "electricity"}
BM_SECTORS = {"Cement": "cement", "Hydrogen": "hydrogen", "Fertilisers": "fertilisers",
              "Iron & Steel": "iron_steel", "Aluminium": "aluminium"}


class ExtractError(Exception):
    pass


# Sheets whose 2027/2028 columns are not total * (1 + the legal mark-up)
# (some compound the 2026 mark-up instead); reported, not copied.
DEVIATIONS = {}


def num(x):
    v = round(float(x), 6)
    s = repr(v)
    if s.endswith(".0"):
        s = s[:-2]
    if "e" in s:
        s = "%.6f" % v
    return s


def cn_digits(x, where):
    s = str(x).replace(" ", "").replace("\xa0", "")
    if not s.isdigit() or len(s) not in (4, 6, 8):
        raise ExtractError("%s: CN code %r is not 4, 6 or 8 digits" % (where, x))
    return s


def route(x):
    s = (x or "").replace("\xa0", "").strip()
    return s


def read_markups(path):
    rows = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.reader(f):
            if not r or r[0].startswith("#") or r[0] == "kind":
                continue
            if r[0] == "markup":
                rows[(r[1], int(r[2]))] = float(r[3])
    return rows


def benchmarks(path):
    import openpyxl
    ws = openpyxl.load_workbook(path, read_only=True, data_only=True)["Benchmarks"]
    out = []
    sector = None
    cn = None
    for i, r in enumerate(ws.iter_rows(values_only=True), start=1):
        if i == 1:
            if not str(r[2]).startswith("Column A") or not str(r[4]).startswith("Column B"):
                raise ExtractError("Benchmarks!A1: unexpected header %r" % (r,))
            continue
        if isinstance(r[0], str) and r[2] is None and r[4] is None:
            if r[0] not in BM_SECTORS:
                raise ExtractError("Benchmarks!A%d: unknown sector %r" % (i, r[0]))
            sector = BM_SECTORS[r[0]]
            continue
        if r[0] is not None:
            cn = cn_digits(r[0], "Benchmarks!A%d" % i)
        if cn is None:
            raise ExtractError("Benchmarks!A%d: value before the first CN code" % i)
        for col, vi, ri in (("A", 2, 3), ("B", 4, 5)):
            if r[vi] is None:
                continue
            if not isinstance(r[vi], (int, float)):
                raise ExtractError("Benchmarks!%s%d: %r is not a number" % ("CE"[vi // 4], i, r[vi]))
            out.append([cn, sector, col, route(r[ri]), num(r[vi]), str(i)])
    return out


def default_values(path, markups):
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = []
    for name in wb.sheetnames[2:]:
        if name not in COUNTRIES:
            raise ExtractError("default_values.xlsx: sheet %r has no country code here" % name)
        cc = COUNTRIES[name]
        sector = None
        for i, r in enumerate(wb[name].iter_rows(values_only=True), start=1):
            if i <= 2 or r[0] is None:
                continue
            if isinstance(r[0], str) and r[1] is None:
                if r[0] not in SECTORS:
                    raise ExtractError("%s!A%d: unknown sector %r" % (name, i, r[0]))
                sector = SECTORS[r[0]]
                continue
            if not isinstance(r[4], (int, float)):
                continue  # "–" (no value for this country) or "see below"
            cn = cn_digits(r[0], "%s!A%d" % (name, i))
            d = r[2] if isinstance(r[2], (int, float)) else None
            ind = r[3] if isinstance(r[3], (int, float)) else None
            for k, y in enumerate((2026, 2027, 2028)):
                m = markups.get((sector, y))
                if m is None:
                    raise ExtractError("factors.csv: no mark-up for %s %d" % (sector, y))
                if not isinstance(r[5 + k], (int, float)) or abs(r[4] * (1 + m) - r[5 + k]) > 1e-9:
                    if y == 2026 and isinstance(r[5 + k], (int, float)):
                        raise ExtractError("%s!%s%d: %r is not total %r with a %g mark-up" %
                                           (name, "FGH"[k], i, r[5 + k], r[4], m))
                    DEVIATIONS.setdefault(name, set()).add(y)
            variant = ""
            desc = str(r[1] or "")
            if cn in ("25231000", "25239000", "25232100", "25232900"):
                variant = "white" if desc.lower().startswith("white") else "grey"
            out.append([cc, cn, sector, variant, "" if d is None else num(d), "" if ind is None else num(ind),
                        num(r[4]), route(r[8]), "%s!%d" % (name, i)])
    return out


def render(header, rows, note):
    b = io.StringIO()
    b.write(note)
    w = csv.writer(b, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return b.getvalue()


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=os.environ.get("DPP_CBAM_SRC", DEFAULT_SRC))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    bm_x = os.path.join(a.src, "benchmarks.xlsx")
    dv_x = os.path.join(a.src, "default_values.xlsx")
    if not (os.path.exists(bm_x) and os.path.exists(dv_x)):
        print("extract.py: %s has no benchmarks.xlsx/default_values.xlsx: skipped" % a.src)
        return 77 if a.check else 1
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        print("extract.py: python3-openpyxl is not installed: skipped")
        return 77 if a.check else 1
    try:
        markups = read_markups(os.path.join(HERE, "factors.csv"))
        files = {
            "benchmarks.csv": render(
                ["cn_code", "sector", "column", "route", "bmg_tco2e_per_t", "source_row"], benchmarks(bm_x),
                "# CBAM benchmarks (BMg, tCO2e/t), Implementing Regulation (EU) 2025/2620, Annex.\n"
                "# Extracted by data/cbam/extract.py from benchmarks.xlsx sha256 %s;\n"
                "# source_row: row of its sheet Benchmarks. Do not edit.\n" % sha256(bm_x)),
            "default_values.csv": render(
                ["country", "cn_code", "sector", "variant", "direct", "indirect", "total", "route", "source"],
                default_values(dv_x, markups),
                "# CBAM default values (tCO2e/t, before mark-up), Implementing Regulation (EU) 2025/2621, Annex I.\n"
                "# Extracted by data/cbam/extract.py from default_values.xlsx sha256 %s;\n"
                "# country '*': Other Countries and Territories; source: sheet!row. Do not edit.\n" % sha256(dv_x)),
        }
    except ExtractError as e:
        print("extract.py: %s" % e, file=sys.stderr)
        return 1
    if DEVIATIONS:
        print("extract.py: note: %d sheets state 2027/2028 values that are not total * (1 + mark-up of "
              "factors.csv), e.g. %s; dpp cbam uses the Regulation's mark-up" %
              (len(DEVIATIONS), ", ".join(sorted(DEVIATIONS)[:5])))
    bad = 0
    for name, text in files.items():
        path = os.path.join(HERE, name)
        if a.check:
            try:
                with open(path, encoding="utf-8") as f:
                    cur = f.read()
            except OSError:
                cur = None
            if cur != text:
                print("extract.py: %s is not what the workbook gives; run data/cbam/extract.py" % name)
                bad = 1
        else:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
    return bad


if __name__ == "__main__":
    sys.exit(main())
