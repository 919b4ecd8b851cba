"""Tests of 'dpp cbam': an importer's receipt check and CBAM report.

A realistic shipment is made inside the test with the CLI itself (dpp keygen,
dpp trust, dpp attest, dpp encode with a fixed --iat), so nothing signed is
committed stale. The expected figures are computed by hand below (see
spec/cbam.md section 8 for the same rules).
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import unittest
import zlib

from clitest import (DPP, EX_INVALID, EX_NOINPUT, EX_OK, EX_USAGE, HAVE_IMAGE, SOURCE_DIR, CliTestCase, passport,
                     read, run, write)

IAT = "2026-01-15T08:00:00Z"
B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

# Passport ids of the shipment.
ID_STEEL = "0b1c2d3e-4f50-4617-8a9b-0c0d0e0f1001"
ID_ALU = "0b1c2d3e-4f50-4617-8a9b-0c0d0e0f1002"
ID_CEMENT = "0b1c2d3e-4f50-4617-8a9b-0c0d0e0f1003"
ID_UREA = "0b1c2d3e-4f50-4617-8a9b-0c0d0e0f1004"
ID_SCREWS = "0b1c2d3e-4f50-4617-8a9b-0c0d0e0f1005"
ID_PROFILES = "0b1c2d3e-4f50-4617-8a9b-0c0d0e0f1006"


def b45decode(s):
    out = bytearray()
    for i in range(0, len(s), 3):
        c = [B45.index(ch) for ch in s[i:i + 3]]
        n = c[0] + 45 * c[1] + (2025 * c[2] if len(c) == 3 else 0)
        out += bytes([n >> 8, n & 0xFF]) if len(c) == 3 else bytes([n])
    return bytes(out)


def b45encode(b):
    out = []
    for i in range(0, len(b), 2):
        if i + 1 < len(b):
            n = (b[i] << 8) | b[i + 1]
            out += [B45[n % 45], B45[(n // 45) % 45], B45[n // 2025]]
        else:
            out += [B45[b[i] % 45], B45[b[i] // 45]]
    return "".join(out)


def dict_v1():
    """Preset deflate dictionary v1, read from spec/README.md Appendix C (the
    normative bytes); its Adler-32 is the DICTID a9549d2d."""
    with open(os.path.join(SOURCE_DIR, "spec", "README.md"), encoding="utf-8") as f:
        spec = f.read()
    block = re.search(r"```\n([0-9a-f\n]+)```", spec[spec.index("## Appendix C."):])
    d = bytes.fromhex("".join(block.group(1).split()))
    assert len(d) == 1277 and zlib.adler32(d) == 0xA9549D2D
    return d


def tamper(text, old, new):
    """Changes bytes inside the signed payload (the signature no longer fits),
    keeping the transport form: raw COSE stays raw, a zlib stream (preset
    dictionary v1, spec 4.3) is inflated and deflated again the same way."""
    assert text.startswith("DPP1:")
    body = b45decode(text[5:])
    if body[:1] == b"\xd2":
        raw = body
    else:
        assert body[0] == 0x48 and body[1] & 0x20 and body[2:6] == bytes.fromhex("a9549d2d"), body[:6].hex()
        d = zlib.decompressobj(zdict=dict_v1())
        raw = d.decompress(body)
        assert d.eof and not d.unused_data
    assert raw[:1] == b"\xd2" and raw.count(old) == 1, (old, raw)
    raw = raw.replace(old, new)
    if body[:1] != b"\xd2":
        c = zlib.compressobj(9, zlib.DEFLATED, 12, 8, zdict=dict_v1())
        raw = c.compress(raw) + c.flush()
    return "DPP1:" + b45encode(raw)


CBAM_DATA = os.path.join(SOURCE_DIR, "data", "cbam")


def data_rows(name):
    """The rows of a data/cbam CSV file (comments skipped), read with Python's csv module."""
    with open(os.path.join(CBAM_DATA, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(l for l in f if not l.startswith("#")))


def factor(kind, key, year):
    rows = [r for r in data_rows("factors.csv") if r["kind"] == kind and r["key"] == key and int(r["year"]) <= year]
    return float(max(rows, key=lambda r: int(r["year"]))["value"])


def benchmark(cn, route):
    """Column B benchmark of cn for the route indicator (the only row when there is one)."""
    rows = [r for r in data_rows("benchmarks.csv") if r["cn_code"] == cn and r["column"] == "B"]
    if len(rows) > 1:
        rows = [r for r in rows if r["route"] == route]
    return float(rows[0]["bmg_tco2e_per_t"]) if rows else 0.0


def default_value(country, cn):
    """(total, route) of the longest CN prefix of country's sheet."""
    rows = [r for r in data_rows("default_values.csv") if r["country"] == country and cn.startswith(r["cn_code"])]
    best = max(rows, key=lambda r: len(r["cn_code"]))
    return float(best["total"]), best["route"]


def good(pid, gtin, name, cbam):
    p = passport(id=pid, gtin=gtin, name=name, cbam=cbam)
    return p


class CbamCase(CliTestCase):
    def setUp(self):
        super().setUp()
        for name, alg in (("op", "EdDSA"), ("m", "ES256"), ("v", "EdDSA")):
            self.keygen(name, alg)
        self.tl = self.path("trust.cbor")
        op = self.path("op.pem")
        self.ok("trust", "init", "--operator-key", op, "-o", self.tl, "--valid-for", "30d")
        self.ok("trust", "add", self.tl, "--operator-key", op, "--key", self.path("m.pub.pem"),
                "--role", "manufacturer", "--name", "Anatolia Steel A.S.", "--country", "TR")
        self.ok("trust", "add", self.tl, "--operator-key", op, "--key", self.path("v.pub.pem"),
                "--role", "cbam-verifier", "--name", "Verifica CBAM GmbH", "--country", "DE",
                "--scope", "claims=cbam")

    def ok(self, *args):
        r = run(*args)
        self.assertEqual(r.rc, EX_OK, r)
        return r

    def sign(self, p, *extra, attest=False):
        src = self.json_file(p, p["id"] + ".json")
        args = ["encode", "--key", self.path("m.pem"), "--iat", IAT]
        if attest:
            att = self.path(p["id"] + ".att")
            self.ok("attest", "--key", self.path("v.pem"), "--claims", "cbam", "--binding", "batch", "-o", att, src)
            args += ["--attestation", att]
        if not any(e.startswith("--exp") for e in extra):
            args += ["--valid-for", "20y"]
        return self.ok(*args, *extra, src).text.strip()

    def cbam(self, *args):
        return run("cbam", "--trust", self.tl, "--pin", self.path("op.pub.pem"), "--cbam-data", CBAM_DATA, *args)

    def shipment(self):
        """Six passports, eight declaration lines; returns (lines, scans, rates) paths."""
        steel = self.sign(good(ID_STEEL, "04006381333931", "Hot-rolled coil S235JR", {
            "cn_code": "72083900", "origin": "TR", "installation_id": "TR-ISK-0042", "route": "BF-BOF",
            "see_direct": "1.85", "see_indirect": "0.25", "method": "actual",
            "carbon_price": {"amount": "4.00", "currency": "USD", "instrument": "ets"}}), attest=True)
        alu = self.sign(good(ID_ALU, "04012345000009", "Aluminium ingot P1020", {
            "cn_code": "76011000", "origin": "IN", "see_direct": "1.6", "see_indirect": "6.5",
            "method": "default"}))
        cement = self.sign(good(ID_CEMENT, "04012345000016", "Portland cement CEM I", {
            "cn_code": "25232900", "origin": "EG", "installation_id": "EG-SUEZ-7", "see_direct": "0.81",
            "see_indirect": "0.04", "method": "actual"}))
        urea = self.sign(good(ID_UREA, "04012345000023", "Urea 46% N", {
            "cn_code": "31021010", "origin": "EG", "installation_id": "EG-ABQ-1", "see_direct": "1.9",
            "see_indirect": "0.1", "method": "mixed",
            "carbon_price": {"amount": "3.00", "currency": "EUR", "instrument": "carbon-tax"}}))
        screws = self.sign(good(ID_SCREWS, "04012345000030", "Hex screws M12", {
            "cn_code": "73181500", "origin": "CN", "see_direct": "2.1", "method": "default"}),
            "--exp", "2026-06-30T00:00:00Z")
        profiles = tamper(self.sign(good(ID_PROFILES, "04012345000047", "Aluminium profile 6063", {
            "cn_code": "76042910", "origin": "CN", "see_direct": "1.7", "method": "actual"})),
            b"Aluminium profile 6063", b"Aluminium profile 6082")
        scans = self.path("scans.txt")
        write(scans, "\n".join([steel, alu, cement, urea, screws, profiles]) + "\n")
        lines = self.path("decl.csv")
        write(lines, "\n".join([
            "# customs declaration MRN 26DE123456789012A1",
            "cn_code,quantity,origin,passport_id,gtin",
            "7208 39 00,120.5,TR,%s," % ID_STEEL,          # 3: by passport id, actual, attested
            "76011000,40,IN,,4012345000009",               # 4: by GTIN, default values
            "25232900,1000,EG,,",                          # 5: by CN + origin, actual, unattested
            "31021010,250,EG,,",                           # 6: mixed, carbon price in EUR
            "73181500,5,CN,%s," % ID_SCREWS,               # 7: expired
            "76042910,12,CN,%s," % ID_PROFILES,            # 8: tampered
            "25231000,300,MA,,",                           # 9: no passport
            "72083900,10,TR,%s," % ID_CEMENT,              # 10: CN mismatch
        ]) + "\n")
        rates = self.path("rates.csv")
        write(rates, "currency,eur_per_unit\nUSD,0.92\nTRY,0.027\n")
        return lines, scans, rates


class TestShipment(CbamCase):
    def test_report(self):
        lines, scans, rates = self.shipment()
        out_json, out_csv, out_html = self.path("r.json"), self.path("r.csv"), self.path("r.html")
        r = self.cbam("--lines", lines, "--scans", scans, "--period", "2026", "--rates", rates,
                      "--certificate-price", "75", "--json", out_json, "--csv", out_csv, "-o", out_html)
        self.assertEqual(r.rc, EX_INVALID, r)  # exceptions listed
        j = json.loads(read(out_json))
        by_line = {l["line"]: l for l in j["lines"]}
        self.assertEqual([by_line[n]["status"] for n in range(3, 11)],
                         ["ok", "ok", "ok", "ok", "not_verified", "not_verified", "no_passport", "cn_mismatch"])
        self.assertEqual([by_line[n]["matched_by"] for n in range(3, 11)],
                         ["passport_id", "gtin", "cn_origin", "cn_origin", "passport_id", "passport_id",
                          "cn_origin", "passport_id"])
        self.assertEqual([by_line[n]["method"] for n in range(3, 7)], ["actual", "default", "actual", "mixed"])
        self.assertEqual([by_line[n]["attested"] for n in range(3, 7)], [True, False, False, False])
        self.assertEqual(by_line[3]["attester"], "Verifica CBAM GmbH")
        self.assertEqual(by_line[7]["error"], "DPP_ERR_EXPIRED")
        self.assertIn("exp check failed", by_line[7]["reason"])
        self.assertEqual(by_line[8]["error"], "DPP_ERR_SIGNATURE")
        self.assertEqual(by_line[8]["passport_id"], ID_PROFILES)
        self.assertIn("no scan with CBAM data for CN 25231000 from MA", by_line[9]["reason"])
        self.assertIn("declares CN 25232900, the line CN 72083900", by_line[10]["reason"])

        # Hand-computed, sector rule (spec/cbam.md 3):
        # steel   120.5 t x 1.85 (direct only)            = 222.925
        #         price 120.5 x 4.00 USD x 0.92           = 443.44 EUR -> 443.44/75 = 5.912533 t covered
        # alu      40 t x 1.6 (direct only; 6.5 ignored)  =  64.0
        # cement 1000 t x (0.81 + 0.04)                   = 850.0
        # urea    250 t x (1.9 + 0.1)                     = 500.0, price 250 x 3.00 = 750 EUR -> 10 t covered
        e = {3: 222.925, 4: 64.0, 5: 850.0, 6: 500.0}
        for n, v in e.items():
            self.assertAlmostEqual(by_line[n]["embedded_tco2e"], v, places=6)
        self.assertAlmostEqual(by_line[3]["carbon_price_paid_eur"], 443.44, places=6)
        # Free allocation adjustment (spec/cbam.md 5.2): q x BMg (column B,
        # the passport's route BF-BOF = indicator (C)) x CBAM factor 2026 x CSCF.
        f = factor("cbam_factor", "", 2026) * factor("cscf", "", 2026)
        faa = {3: 120.5 * benchmark("72083900", "(C)") * f, 4: 0.0, 5: 1000 * benchmark("25232900", "") * f,
               6: 0.0}  # 76011000 and 31021010 are not in the benchmark annex (CN 2026 split them)
        self.assertAlmostEqual(faa[3], 120.5 * 1.37 * 0.975, places=9)
        cert = {3: 222.925 - faa[3] - 443.44 / 75, 4: 64.0, 5: 850.0 - faa[5], 6: 500.0 - 750 / 75}
        for n in range(3, 7):
            self.assertAlmostEqual(by_line[n]["free_allocation"]["adjustment_tco2e"], faa[n], places=6)
            self.assertAlmostEqual(by_line[n]["certificates_tco2e"], cert[n], places=6)
            self.assertAlmostEqual(by_line[n]["certificates_eur"], cert[n] * 75, places=4)
        self.assertEqual([by_line[n]["basis"] for n in range(3, 7)],
                         ["attested", "default", "self_declared", "self_declared"])
        self.assertAlmostEqual(by_line[4]["indirect_tco2e"], 260.0, places=6)  # reported, not embedded

        t = j["totals"]["without_exceptions"]
        self.assertEqual(t["lines"], 4)
        self.assertAlmostEqual(t["quantity"], 1410.5, places=6)
        self.assertAlmostEqual(t["embedded_tco2e"], 1636.925, places=6)
        self.assertAlmostEqual(t["actual_verified_tco2e"], 222.925, places=6)
        self.assertAlmostEqual(t["carbon_price_paid_eur"], 1193.44, places=6)
        self.assertAlmostEqual(t["certificates_tco2e"], sum(cert.values()), places=6)
        self.assertAlmostEqual(t["free_allocation_adjustment_tco2e"], sum(faa.values()), places=6)
        self.assertEqual((t["attested_lines"], t["self_declared_basis_lines"], t["default_lines"]), (1, 2, 1))
        # With exceptions: + screws 5 x 2.1, profiles 12 x 1.7 (unverified),
        # line 10 as steel with the cement passport's 0.81 direct; line 9 has no figures.
        w = j["totals"]["with_exceptions"]
        self.assertEqual((w["lines"], w["lines_without_figures"]), (8, 1))
        self.assertAlmostEqual(w["quantity"], 1410.5 + 5 + 12 + 300 + 10, places=6)
        self.assertAlmostEqual(w["embedded_tco2e"], 1636.925 + 10.5 + 20.4 + 8.1, places=6)
        self.assertAlmostEqual(w["quantity_without_figures"], 300.0, places=6)
        self.assertEqual(j["unmatched_scans"], [])
        self.assertEqual([x["kind"] for x in j["exceptions"]],
                         ["not_verified", "not_verified", "no_passport", "cn_mismatch"])

        groups = {(g["cn_code"], g["origin"]): g for g in j["groups"]}
        self.assertEqual(sorted(groups), [("25232900", "EG"), ("31021010", "EG"), ("72083900", "TR"),
                                          ("76011000", "IN")])
        self.assertEqual(groups[("72083900", "TR")]["installation"], "TR-ISK-0042")
        self.assertEqual(groups[("72083900", "TR")]["rule"], "direct")
        self.assertEqual(groups[("25232900", "EG")]["rule"], "direct+indirect")
        self.assertAlmostEqual(groups[("72083900", "TR")]["actual_verified_share"], 1.0)
        self.assertAlmostEqual(groups[("25232900", "EG")]["actual_verified_share"], 0.0)

        # CSV: the same groups and totals.
        rows = list(csv.DictReader(io.StringIO(read(out_csv))))
        self.assertEqual([r_["cn_code"] for r_ in rows], ["25232900", "31021010", "72083900", "76011000",
                                                          "TOTAL", "TOTAL"])
        self.assertEqual(rows[2]["embedded_tco2e"], "222.925")
        self.assertEqual(rows[2]["carbon_price_paid_eur"], "443.44")
        self.assertEqual(rows[4]["installation"], "without exceptions")
        self.assertEqual(rows[4]["embedded_tco2e"], "1636.925")
        self.assertEqual(rows[4]["certificates_tco2e"], "%.3f" % sum(cert.values()))

        # Human summary and HTML report.
        self.assertIn("Total without exceptions: 1636.925 tCO2e embedded, %.3f free allocation adjustment, %.3f tCO2e "
                      "needing certificates" % (sum(faa.values()), sum(cert.values())), r.text)
        self.assertIn("Total with exceptions:    1675.925 tCO2e embedded (unverified figures included), "
                      "300.000 t without any figures (1 line)", r.text)
        self.assertIn("EXCEPTION line 9 (CN 25231000, MA): no_passport: no scan with CBAM data for CN 25231000 "
                      "from MA", r.text)
        self.assertIn("EXCEPTIONS: 4", r.text)
        html = read(out_html)
        self.assertIn("<h1>CBAM receipt check, period 2026</h1>", html)
        self.assertIn("<td>1636.925</td>", html)
        self.assertIn("no_passport", html)
        self.assertEqual(html.count("<svg"), 1)

    @unittest.skipUnless(shutil.which("rsvg-convert"), "rsvg-convert missing (Debian librsvg2-bin)")
    def test_chart_renders(self):
        lines, scans, rates = self.shipment()
        out_html = self.path("r.html")
        r = self.cbam("--lines", lines, "--scans", scans, "--period", "2026", "--rates", rates, "-q", "-o", out_html)
        self.assertEqual(r.rc, EX_INVALID, r)
        html = read(out_html)
        svg = html[html.index("<svg"):html.index("</svg>") + 6]
        self.assertIn(">850.000</text>", svg)
        self.assertIn(">72083900 TR</text>", svg)
        write(self.path("chart.svg"), svg)
        png = self.path("chart.png")
        cp = subprocess.run(["rsvg-convert", "-o", png, self.path("chart.svg")], capture_output=True)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        data = read(png, "rb")
        self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
        w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        self.assertEqual((w, h), (680, 50 + 28 * 4))
        # Non-trivial content: the decoded pixels are not all one colour.
        try:
            from PIL import Image  # python3-pil, if present
        except ImportError:
            Image = None
        if Image is not None:
            img = Image.open(png).convert("RGB")
            colours = img.getcolors(maxcolors=1 << 20)
            self.assertGreater(len(colours), 10)
            self.assertIn((0x1f, 0x5f, 0xa8), [c for _, c in colours])
        else:
            raw = zlib.decompress(b"".join(self._idat(data)))
            self.assertGreater(len(set(raw)), 10)

    @staticmethod
    def _idat(png):
        i = 8
        while i < len(png):
            n = int.from_bytes(png[i:i + 4], "big")
            if png[i + 4:i + 8] == b"IDAT":
                yield png[i + 8:i + 8 + n]
            i += 12 + n

    def test_all_backed_exit_ok(self):
        steel = self.sign(good(ID_STEEL, "04006381333931", "Hot-rolled coil", {
            "cn_code": "72083900", "origin": "TR", "see_direct": "1.85", "method": "actual"}), attest=True)
        write(self.path("s.txt"), steel + "\n")
        write(self.path("l.csv"), "cn_code,quantity,origin\n72083900,2,TR\n84713000,1,CN\n")
        r = self.cbam("--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2026-Q1",
                      "--json", "-")
        self.assertEqual(r.rc, EX_OK, r)
        j = r.json()
        self.assertEqual([l["status"] for l in j["lines"]], ["ok", "out_of_scope"])
        self.assertEqual(j["exceptions"], [])
        self.assertEqual(j["rules"]["de_minimis_exempt"], True)  # 2 t of goods in the year
        self.assertAlmostEqual(j["totals"]["without_exceptions"]["certificates_tco2e"], 0.0)
        self.assertIsNone(j["certificate_price_eur"])

    def test_no_cbam_data_and_origin_mismatch(self):
        plain = good(ID_ALU, "04012345000009", "Ingot", None)
        del plain["cbam"]
        plain = self.sign(plain)
        steel = self.sign(good(ID_STEEL, "04006381333931", "Coil", {
            "cn_code": "72083900", "origin": "TR", "see_direct": "1.85", "method": "actual"}))
        write(self.path("s.txt"), plain + "\n\n# a comment\n" + steel + "\nDPP1:garbage\n")
        write(self.path("l.csv"), "cn_code,quantity,origin,passport_id\n76011000,1,IN,%s\n72083900,1,UA,%s\n"
              % (ID_ALU, ID_STEEL))
        r = self.cbam("--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2026",
                      "--json", "-")
        self.assertEqual(r.rc, EX_INVALID, r)
        j = r.json()
        self.assertEqual([(l["status"], l["reason"]) for l in j["lines"]], [
            ("no_cbam_data", "passport %s has no CBAM data for in-scope CN 76011000" % ID_ALU),
            ("origin_mismatch", "passport %s declares origin TR, the line origin UA" % ID_STEEL)])
        self.assertEqual(j["lines"][1]["scan"], self.path("s.txt")[-60:] + ":4")
        self.assertEqual(j["totals"]["without_exceptions"]["lines"], 0)
        self.assertEqual(j["unmatched_scans"], [{"scan": self.path("s.txt")[-60:] + ":5", "passport_id": None,
                                                 "verified": False, "error": "DPP_ERR_BASE45",
                                                 "message": j["unmatched_scans"][0]["message"]}])
        self.assertIn("  UNMATCHED SCAN %s:5: not verified: " % self.path("s.txt")[-60:],
                      self.cbam("--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2026").text)
        self.assertAlmostEqual(j["totals"]["with_exceptions"]["embedded_tco2e"], 1.85)
        self.assertEqual(j["totals"]["with_exceptions"]["lines_without_figures"], 1)

    def test_hostile_installation_id_is_escaped(self):
        inst = '=SUM(A1,"<b>x</b>")'
        p = good(ID_STEEL, "04006381333931", "Coil", {"cn_code": "72083900", "origin": "TR", "see_direct": "1",
                                                     "method": "actual", "installation_id": inst})
        write(self.path("s.txt"), self.sign(p) + "\n")
        write(self.path("l.csv"), "cn_code,quantity,origin\n72083900,3,TR\n")
        r = self.cbam("--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2026", "-q",
                      "--csv", self.path("o.csv"), "-o", self.path("o.html"))
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.out, b"")
        self.assertIn('72083900,TR,"\'=SUM(A1,""<b>x</b>"")",iron_steel,direct,1,3.000,t,', read(self.path("o.csv")))
        rows = list(csv.DictReader(io.StringIO(read(self.path("o.csv")))))
        self.assertEqual(rows[0]["installation"], "'" + inst)
        html = read(self.path("o.html"))
        self.assertIn("=SUM(A1,&quot;&lt;b&gt;x&lt;/b&gt;&quot;)", html)
        self.assertNotIn("<b>", html)

    @unittest.skipUnless(HAVE_IMAGE, "dpp built without zbar/libjpeg")
    def test_label_photo(self):
        p = good(ID_UREA, "04012345000023", "Urea", {"cn_code": "31021010", "origin": "EG", "see_direct": "1.9",
                                                    "see_indirect": "0.1", "method": "actual"})
        src = self.json_file(p, "u.json")
        self.ok("encode", "--key", self.path("m.pem"), "--iat", IAT, "--valid-for", "20y", "--format", "png",
                "-o", self.path("u.png"), src)
        write(self.path("l.csv"), "cn_code,quantity,origin,gtin\n31021010,4,EG,04012345000023\n")
        r = self.cbam("--lines", self.path("l.csv"), "--image", self.path("u.png"), "--period", "2026",
                      "--json", "-")
        self.assertEqual(r.rc, EX_OK, r)
        line = r.json()["lines"][0]
        self.assertEqual((line["status"], line["matched_by"], line["scan"]), ("ok", "gtin", self.path("u.png")[-79:]))
        self.assertAlmostEqual(line["embedded_tco2e"], 8.0)

    def test_no_rate_is_reported(self):
        p = good(ID_STEEL, "04006381333931", "Coil", {"cn_code": "72083900", "origin": "TR", "see_direct": "2",
                                                     "method": "default",
                                                     "carbon_price": {"amount": "100", "currency": "TRY",
                                                                      "instrument": "ets"}})
        write(self.path("s.txt"), self.sign(p) + "\n")
        write(self.path("l.csv"), "cn_code,quantity,origin\n72083900,1,TR\n")
        r = self.cbam("--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2026",
                      "--certificate-price", "80", "--json", "-")
        self.assertEqual(r.rc, EX_OK, r)
        line = r.json()["lines"][0]
        self.assertIsNone(line["carbon_price_paid_eur"])
        self.assertEqual(line["reason"], "no exchange rate for TRY: carbon price paid not deducted")
        self.assertAlmostEqual(line["certificates_tco2e"], 0.0)  # 1 t: de minimis


class TestSelfDeclared(CbamCase):
    def test_unattested_figures_are_shown_as_self_declared(self):
        # A verified passport proves who declared the CBAM figures, not that a
        # verifier checked them: every output says which ones nobody attested.
        lines, scans, rates = self.shipment()
        out_json, out_html = self.path("r.json"), self.path("r.html")
        r = self.cbam("--lines", lines, "--scans", scans, "--period", "2026", "--rates", rates,
                      "--certificate-price", "75", "--json", out_json, "-o", out_html)
        self.assertEqual(r.rc, EX_INVALID, r)
        j = json.loads(read(out_json))
        by_line = {l["line"]: l for l in j["lines"]}
        self.assertEqual([by_line[n]["self_declared"] for n in range(3, 11)],
                         [False, True, True, True, False, False, False, False])
        self.assertEqual([by_line[n]["attested_by"] for n in range(3, 7)],
                         [["Verifica CBAM GmbH"], [], [], []])
        # alu 64 + cement 850 + urea 500 are the manufacturers' word only.
        self.assertEqual(j["totals"]["without_exceptions"]["self_declared_lines"], 3)
        self.assertAlmostEqual(j["totals"]["without_exceptions"]["self_declared_tco2e"], 1414.0, places=6)
        self.assertIn("  Self-declared:            1414.000 of 1636.925 tCO2e counted (3 lines) are the "
                      "manufacturer's figures, no CBAM verifier attestation\n", r.text)
        html = read(out_html)
        self.assertIn("1414.000 of 1636.925 tCO2e counted (3 lines) are self-declared", html)
        self.assertEqual(html.count("<th>nobody: self-declared by the manufacturer</th>"), 3)


class TestRegulation(CbamCase):
    def steel_scan(self, method="actual", attest=True, route="BF-BOF"):
        c = {"cn_code": "72083900", "origin": "TR", "see_direct": "1.85", "method": method}
        if route:
            c["route"] = route
        return self.sign(good(ID_STEEL, "04006381333931", "Hot-rolled coil", c), attest=attest)

    def test_line_recomputed_by_hand(self):
        # One line, recomputed from the benchmark and default-value data
        # (spec/cbam.md 5 and the worked example in section 8).
        write(self.path("s.txt"), self.steel_scan() + "\n")
        write(self.path("l.csv"), "cn_code,quantity,origin\n72083900,120.5,TR\n")
        r = self.cbam("--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2027",
                      "--certificate-price", "80", "--json", "-")
        self.assertEqual(r.rc, EX_OK, r)
        j = r.json()
        line = j["lines"][0]
        y = 2027
        f = factor("cbam_factor", "", y) * factor("cscf", "", y)
        self.assertEqual(factor("cbam_factor", "", y), 0.95)
        bm = benchmark("72083900", "(C)")
        self.assertEqual(bm, 1.37)
        dv, dv_route = default_value("TR", "72083900")
        mk = factor("markup", "iron_steel", y)
        self.assertEqual((dv_route, mk), ("(C)", 0.2))
        actual = 120.5 * 1.85 - 120.5 * bm * f
        default = 120.5 * dv * (1 + mk) - 120.5 * benchmark("72083900", dv_route) * f
        self.assertEqual(line["basis"], "attested")
        self.assertEqual(line["free_allocation"]["route"], "(C)")
        self.assertAlmostEqual(line["certificates_tco2e"], actual, places=6)
        d = line["on_default_values"]
        self.assertEqual((d["country"], d["cn_code"]), ("TR", "7208"))
        self.assertAlmostEqual(d["see_with_markup"], dv * 1.2, places=6)
        self.assertAlmostEqual(d["certificates_tco2e"], default, places=6)
        self.assertAlmostEqual(d["saving_certificates"], default - actual, places=6)
        t = j["totals"]["without_exceptions"]
        self.assertAlmostEqual(t["saving_eur"], (default - actual) * 80, places=4)
        self.assertEqual(j["rules"]["year"], 2027)
        self.assertIn("10a(1a)", j["rules"]["cbam_factor_source"])
        self.assertIn("2025/2083", j["rules"]["de_minimis_source"])

    def test_unknown_route(self):
        write(self.path("s.txt"), self.steel_scan(route="") + "\n")
        write(self.path("l.csv"), "cn_code,quantity,origin\n72083900,100,TR\n")
        j = self.cbam("--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2026",
                      "--json", "-").json()
        # No route in the passport: the route the default value rests on.
        self.assertEqual(j["lines"][0]["free_allocation"]["route"], default_value("TR", "72083900")[1])
        c = {"cn_code": "72083900", "origin": "TR", "see_direct": "1.85", "method": "actual", "route": "Corex"}
        write(self.path("s.txt"), self.sign(good(ID_STEEL, "04006381333931", "Coil", c)) + "\n")
        j = self.cbam("--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2026",
                      "--json", "-").json()
        fa = j["lines"][0]["free_allocation"]
        # A route the data do not know ("Corex"): the default value's route too.
        self.assertEqual((fa["route"], fa["bmg_tco2e_per_t"]), ("(C)", benchmark("72083900", "(C)")))
        self.assertIn("route of the default value", fa["rule"])
        self.assertEqual(j["lines"][0]["basis"], "self_declared")

    def test_de_minimis(self):
        write(self.path("s.txt"), self.steel_scan() + "\n")
        write(self.path("l.csv"), "cn_code,quantity,origin\n72083900,50,TR\n")
        base = ["--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2026", "--json", "-"]
        j = self.cbam(*base).json()
        self.assertEqual((j["rules"]["de_minimis_mass_t"], j["rules"]["de_minimis_exempt"]), (50.0, True))
        self.assertEqual(j["lines"][0]["certificates_tco2e"], 0.0)
        # The importer's other imports of the year count too (Art. 2a: per year).
        j = self.cbam(*base, "--annual-mass", "50.5").json()
        self.assertEqual(j["rules"]["de_minimis_exempt"], False)
        self.assertGreater(j["lines"][0]["certificates_tco2e"], 0.0)

    def test_spreadsheet_csv(self):
        # Excel (de-DE locale) "CSV UTF-8": BOM, ';', CRLF, decimal commas,
        # quoted fields with the separator inside, a quoted header.
        write(self.path("s.txt"), self.steel_scan() + "\n")
        text = ('\ufeff"cn_code";"quantity";"origin";"note"\r\n'
                '# broker comment; with "quotes"\r\n'
                '"7208 39 00";"120,5";"TR";"Lieferung 1; Teil ""A"""\r\n\r\n')
        write(self.path("l.csv"), text.encode("utf-8"))
        j = self.cbam("--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2026",
                      "--json", "-").json()
        self.assertEqual((j["rules"]["lines_separator"], j["rules"]["lines_decimal_mark"]), (";", ","))
        self.assertEqual([(l["line"], l["cn_code"], l["quantity"]) for l in j["lines"]], [(3, "72083900", 120.5)])
        # The same with ',' and a quoted decimal point; rates with ';' too.
        write(self.path("l.csv"), 'cn_code,quantity,origin\r\n"72083900","120.5",TR\r\n')
        write(self.path("r.csv"), "currency;eur_per_unit\nUSD;0,92\n")
        j = self.cbam("--lines", self.path("l.csv"), "--scans", self.path("s.txt"), "--period", "2026",
                      "--rates", self.path("r.csv"), "--json", "-").json()
        self.assertEqual(j["lines"][0]["quantity"], 120.5)


class TestExample(CliTestCase):
    def test_examples_cbam_run_sh(self):
        script = os.path.join(SOURCE_DIR, "examples", "cbam", "run.sh")
        cp = subprocess.run(["sh", script, self.dir], capture_output=True, timeout=120,
                            env=dict(os.environ, DPP=os.path.abspath(DPP) if os.sep in DPP else DPP,
                                     DPP_CBAM_DATA=CBAM_DATA))
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertIn(b"exit status 1;", cp.stdout)
        j = json.loads(read(self.path("report.json")))
        self.assertEqual([x["kind"] for x in j["exceptions"]], ["not_verified", "not_verified", "no_passport"])
        self.assertAlmostEqual(j["totals"]["without_exceptions"]["embedded_tco2e"], 1636.925, places=6)
        f = factor("cbam_factor", "", 2026) * factor("cscf", "", 2026)
        self.assertAlmostEqual(j["totals"]["without_exceptions"]["certificates_tco2e"],
                               1636.925 - 443.44 / 75 - 10 - (120.5 * benchmark("72083900", "(C)") +
                                                              1000 * benchmark("25232900", "")) * f, places=6)


class TestErrors(CbamCase):
    def test_usage_and_input(self):
        write(self.path("s.txt"), "")
        write(self.path("l.csv"), "cn_code,quantity,origin\n72083900,1,TR\n")
        base = ["--scans", self.path("s.txt"), "--period", "2026"]
        cases = [
            ([], EX_USAGE, "--lines DECL.csv is required"),
            (["--lines", self.path("l.csv"), "--scans", self.path("s.txt")], EX_USAGE, "--period"),
            (["--lines", self.path("l.csv")] + base + ["--certificate-price", "-3"], EX_USAGE,
             "--certificate-price: '-3'"),
            (["--lines", self.path("nope.csv")] + base, EX_NOINPUT, "nope.csv"),
        ]
        for args, rc, needle in cases:
            with self.subTest(args=args):
                self.assertOneLineError(self.cbam(*args), rc, needle)
        self.assertOneLineError(run("cbam", "--lines", self.path("l.csv"), *base), EX_USAGE, "--trust")
        bad = [
            ("cn,qty\n", "the header must name the columns cn_code, quantity and origin"),
            ("cn_code,quantity,origin\n7208,1,TR\n", "cn_code: '7208' is not an 8-digit CN code"),
            ("cn_code,quantity,origin\n72083900,1e3,TR\n", "b.csv:2: quantity: '1e3' is not a positive decimal number"),
            # Spreadsheet dialects (spec/cbam.md 1.1): each mistake names its line and field.
            ("cn_code;quantity;origin\r\n72083900;1.234;TR\r\n",
             "b.csv:2: quantity: '1.234' is not a positive decimal number: '.' in a ';'-separated file"),
            ("cn_code,quantity,origin\n72083900,\"120,5\",TR\n",
             "b.csv:2: quantity: '120,5' is not a positive decimal number: ',' in a ','-separated file"),
            ("cn_code,quantity,origin\n\n# note\n72083900,\"12\"x,TR\n", "b.csv:4: malformed CSV"),
            ("cn_code,quantity,origin\n72083900,\"12,TR\n", "unterminated quoted field"),
            ("\xff\xfec\x00n\x00", "b.csv:1: UTF-16 text"),
            ("cn_code,quantity,origin\n72083900,1,tr\n", "origin: 'tr' is not an ISO 3166-1 alpha-2 code"),
            ("cn_code,quantity,origin,passport_id\n72083900,1,TR,xyz\n", "passport_id: 'xyz' is not a UUID"),
        ]
        for text, needle in bad:
            with self.subTest(text=text):
                write(self.path("b.csv"), text.encode("latin-1") if text.startswith("\xff") else text)
                self.assertOneLineError(self.cbam("--lines", self.path("b.csv"), *base), EX_NOINPUT, needle)
        for args, rc, needle in [
                (["--lines", self.path("l.csv")] + base + ["--at", "yesterday"], EX_USAGE, "--at: 'yesterday'"),
                (["--lines", self.path("l.csv")] + base + ["extra"], EX_USAGE, "unexpected argument 'extra'"),
                (["--lines", self.path("l.csv"), "--period", "2026"], EX_USAGE, "--scans FILE or --image"),
                (["--lines", self.path("l.csv"), "--period", "2026", "--image", self.path("no.png")], EX_NOINPUT,
                 "no.png"),
                (["--lines", self.path("l.csv"), "--period", "2026", "--scans", self.path("no.txt")], EX_NOINPUT,
                 "no.txt")]:
            with self.subTest(args=args):
                self.assertOneLineError(self.cbam(*args), rc, needle)
        write(self.path("b.csv"), "# only a comment\n")
        self.assertOneLineError(self.cbam("--lines", self.path("b.csv"), *base), EX_NOINPUT, "no header line")
        write(self.path("r.csv"), "usd,1\n")
        self.assertOneLineError(self.cbam("--lines", self.path("l.csv"), *base, "--rates", self.path("r.csv")),
                                EX_NOINPUT, "r.csv:1: expected 'CUR,eur_per_unit'")
        write(self.path("r.csv"), "USD,abc\n")
        self.assertOneLineError(self.cbam("--lines", self.path("l.csv"), *base, "--rates", self.path("r.csv")),
                                EX_NOINPUT, "eur_per_unit: 'abc'")

    def test_data_and_period_errors(self):
        write(self.path("s.txt"), "")
        write(self.path("l.csv"), "cn_code,quantity,origin\n72083900,1,TR\n")
        base = ["--lines", self.path("l.csv"), "--scans", self.path("s.txt")]
        self.assertOneLineError(self.cbam(*base, "--period", "2025"), EX_USAGE,
                                "--period: 2025 is not a year of the definitive period")
        os.mkdir(self.path("d"))
        for n in ("benchmarks.csv", "default_values.csv", "factors.csv", "routes.csv"):
            shutil.copy(os.path.join(CBAM_DATA, n), self.path("d"))
        with open(self.path("d/factors.csv"), "a", encoding="utf-8") as f:
            f.write("cbam_factor,,2027,0.9x,nowhere\n")
        r = run("cbam", "--trust", self.tl, "--pin", self.path("op.pub.pem"), "--cbam-data", self.path("d"),
                *base, "--period", "2026")
        self.assertEqual(r.rc, EX_NOINPUT, r)
        self.assertIn("factors.csv:%d: value: '0.9x' is not a number" % (len(read(self.path("d/factors.csv"))
                                                                            .splitlines())), r.err.decode())
        r = run("cbam", "--trust", self.tl, "--pin", self.path("op.pub.pem"), "--cbam-data", self.path("nodir"),
                *base, "--period", "2026")
        self.assertEqual(r.rc, EX_NOINPUT, r)
        self.assertIn("nodir/benchmarks.csv", r.err.decode())

    def test_help(self):
        r = run("cbam", "--help")
        self.assertEqual(r.rc, EX_OK)
        self.assertTrue(r.text.startswith("Usage: dpp cbam"), r)
        self.assertIn("Example", r.text)
        self.assertEqual(r.err, b"")
        self.assertEqual(run("cbam", "-h").out, r.out)
        self.assertEqual(run("help", "cbam").out, r.out)
        self.assertRegex(run("--help").text, r"\n  cbam +importer receipt check")
        self.assertIn("--certificate-price EUR", r.text)
        self.assertIn("spec/cbam.md", r.text)


if __name__ == "__main__":
    unittest.main()
