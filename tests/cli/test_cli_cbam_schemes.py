"""Tests of 'dpp cbam' with several trust schemes at once (mutual
recognition, spec/trust.md 3.8; spec/cbam.md section 2).

Two list operators are made inside the test with the CLI itself (dpp keygen,
dpp trust init/add, dpp revoke init/add): scheme A (an EU accreditation body)
recognises only the CBAM verifier, scheme B (a Chinese one) only the
manufacturer; A's revocation list revokes one passport that B's manufacturer
signed. The report must name, per line, the scheme that recognised the
signature and the attestation, and the scheme that revoked.
"""
import csv
import io
import json
import os
import unittest

from clitest import EX_INVALID, EX_OK, EX_USAGE, SOURCE_DIR, CliTestCase, passport, read, run, write

IAT = "2026-01-15T08:00:00Z"
CBAM_DATA = os.path.join(SOURCE_DIR, "data", "cbam")
ID_STEEL = "0b1c2d3e-4f50-4617-8a9b-0c0d0e0f2001"
ID_CEMENT = "0b1c2d3e-4f50-4617-8a9b-0c0d0e0f2002"
ID_UREA = "0b1c2d3e-4f50-4617-8a9b-0c0d0e0f2003"
A = "eu-ab"
B = 'cn-"cnas"<b>&'  # quotes and markup: CSV quoting and HTML escaping


class TestSchemes(CliTestCase):
    def setUp(self):
        super().setUp()
        for name, alg in (("opa", "EdDSA"), ("opb", "EdDSA"), ("m", "ES256"), ("v", "EdDSA")):
            self.keygen(name, alg)
        self.tla, self.tlb = self.path("a.cbor"), self.path("b.cbor")
        self.ok("trust", "init", "--operator-key", self.path("opa.pem"), "-o", self.tla, "--valid-for", "30d")
        self.ok("trust", "add", self.tla, "--operator-key", self.path("opa.pem"), "--key", self.path("v.pub.pem"),
                "--role", "cbam-verifier", "--name", "ACME Verification", "--country", "DE", "--scope", "claims=cbam")
        self.ok("trust", "init", "--operator-key", self.path("opb.pem"), "-o", self.tlb, "--valid-for", "30d")
        self.ok("trust", "add", self.tlb, "--operator-key", self.path("opb.pem"), "--key", self.path("m.pub.pem"),
                "--role", "manufacturer", "--name", "Jinding Steel", "--country", "CN")
        # A's revocation list revokes the cement passport (signed by B's manufacturer).
        self.rla = self.path("a-revoked.cbor")
        self.ok("revoke", "init", "--operator-key", self.path("opa.pem"), "-o", self.rla, "--valid-for", "1d")
        self.ok("revoke", "add", self.rla, "--operator-key", self.path("opa.pem"), "--passport", ID_CEMENT,
                "--reason", "fraud", "--date", "2026-01-20")

    def ok(self, *args):
        r = run(*args)
        self.assertEqual(r.rc, EX_OK, r)
        return r

    def sign(self, p, attest=False):
        src = self.json_file(p, p["id"] + ".json")
        args = ["encode", "--key", self.path("m.pem"), "--iat", IAT, "--valid-for", "20y"]
        if attest:
            att = self.path(p["id"] + ".att")
            self.ok("attest", "--key", self.path("v.pem"), "--claims", "cbam", "--binding", "batch", "-o", att, src)
            args += ["--attestation", att]
        return self.ok(*args, src).text.strip()

    def shipment(self):
        steel = self.sign(passport(id=ID_STEEL, gtin="04006381333931", name="Hot-rolled coil", cbam={
            "cn_code": "72083900", "origin": "CN", "installation_id": "CN-JD-1", "route": "BF-BOF",
            "see_direct": "1.85", "see_indirect": "0.25", "method": "actual"}), attest=True)
        cement = self.sign(passport(id=ID_CEMENT, gtin="04012345000016", name="Portland cement", cbam={
            "cn_code": "25232900", "origin": "CN", "installation_id": "CN-JD-2", "see_direct": "0.81",
            "see_indirect": "0.04", "method": "actual"}))
        urea = self.sign(passport(id=ID_UREA, gtin="04012345000023", name="Urea 46% N", cbam={
            "cn_code": "31021010", "origin": "CN", "installation_id": "CN-JD-3", "see_direct": "1.9",
            "see_indirect": "0.1", "method": "actual"}))
        scans = self.path("scans.txt")
        write(scans, "\n".join([steel, cement, urea]) + "\n")
        lines = self.path("decl.csv")
        write(lines, "\n".join([
            "cn_code,quantity,origin,passport_id",
            "72083900,100,CN,%s" % ID_STEEL,    # 2: signer B, attester A
            "25232900,1000,CN,%s" % ID_CEMENT,  # 3: revoked by A
            "31021010,200,CN,%s" % ID_UREA,     # 4: signer B, self-declared
        ]) + "\n")
        return lines, scans

    def schemes(self, *extra):
        return ("--trust-list", "%s=%s,%s" % (A, self.tla, self.path("opa.pub.pem")),
                "--trust-list", "%s=%s,%s" % (B, self.tlb, self.path("opb.pub.pem"))) + extra

    def cbam(self, *args):
        return run("cbam", "--cbam-data", CBAM_DATA, "--period", "2026", *args)

    def test_report_names_schemes(self):
        lines, scans = self.shipment()
        out_json, out_csv, out_html = self.path("r.json"), self.path("r.csv"), self.path("r.html")
        r = self.cbam(*self.schemes("--scheme-revocations", "%s=%s" % (A, self.rla)), "--lines", lines,
                      "--scans", scans, "--json", out_json, "--csv", out_csv, "-o", out_html)
        self.assertEqual(r.rc, EX_INVALID, r)  # the revoked line is an exception
        j = json.loads(read(out_json))
        by_line = {l["line"]: l for l in j["lines"]}
        self.assertEqual([by_line[n]["status"] for n in (2, 3, 4)], ["ok", "not_verified", "ok"])

        # Line 2: the manufacturer's signature recognised by B, the CBAM verifier by A.
        steel = by_line[2]
        self.assertEqual(steel["signer"]["scheme"], B)
        self.assertEqual(steel["signer"]["role"], "manufacturer")
        self.assertEqual(steel["signer"]["party"]["name"], "Jinding Steel")
        self.assertEqual(steel["cbam_attester"]["scheme"], A)
        self.assertEqual(steel["cbam_attester"]["role"], "cbam-verifier")
        self.assertEqual(steel["cbam_attester"]["party"]["name"], "ACME Verification")
        self.assertNotEqual(steel["signer"]["scheme_operator"], steel["cbam_attester"]["scheme_operator"])
        for k in ("signer", "cbam_attester"):
            self.assertRegex(steel[k]["scheme_operator"], "^[0-9a-f]{16}$")
        self.assertEqual(steel["attester"], "ACME Verification")
        self.assertEqual(steel["basis"], "attested")
        # Line 4: signed (B), no attestation.
        self.assertEqual(by_line[4]["signer"]["scheme"], B)
        self.assertIsNone(by_line[4]["cbam_attester"])
        self.assertTrue(by_line[4]["self_declared"])

        # Line 3: B recognises the signer, A's revocation list revokes the passport: revoked, naming A.
        cement = by_line[3]
        self.assertEqual(cement["error"], "DPP_ERR_REVOKED")
        self.assertEqual(cement["revoked_by_scheme"], A)
        self.assertIsNone(cement["signer"])
        self.assertIn("scheme %s" % A, cement["reason"])
        exc = {e["line"]: e for e in j["exceptions"]}
        self.assertEqual(sorted(exc), [3])
        self.assertEqual(exc[3]["revoked_by_scheme"], A)
        self.assertIn("revoked", exc[3]["reason"])
        self.assertIn("scheme %s" % A, exc[3]["reason"])
        # Totals as with one scheme: lines 2 and 4 counted, 100 x 1.85 + 200 x 2.0.
        t = j["totals"]["without_exceptions"]
        self.assertEqual((t["lines"], t["attested_lines"], t["self_declared_basis_lines"]), (2, 1, 1))
        self.assertAlmostEqual(t["embedded_tco2e"], 185.0 + 400.0, places=6)

        # CSV: a column naming the schemes per group, quoted as CSV needs.
        text = read(out_csv)
        rows = list(csv.DictReader(io.StringIO(text)))
        by_cn = {row["cn_code"]: row for row in rows if row["cn_code"] != "TOTAL"}
        self.assertEqual(sorted(by_cn), ["31021010", "72083900"])
        self.assertEqual(by_cn["72083900"]["schemes"], "signer: %s; attester: %s" % (B, A))
        self.assertEqual(by_cn["31021010"]["schemes"], "signer: %s" % B)
        self.assertEqual([row["schemes"] for row in rows if row["cn_code"] == "TOTAL"], ["", ""])
        self.assertIn('"signer: cn-""cnas""<b>&; attester: eu-ab"', text)

        # HTML: who signed and who attested, with their schemes, escaped.
        html = read(out_html)
        self.assertIn("<th>Jinding Steel (CN) (scheme cn-&quot;cnas&quot;&lt;b&gt;&amp;)</th>"
                      "<th>ACME Verification (scheme eu-ab)</th>", html)
        self.assertNotIn(B, html)
        self.assertRegex(html, r"<tr class=\"exc\"><td>3</td>.*revoked.*scheme eu-ab.*</th></tr>")
        # Human summary: the exception names A.
        self.assertIn("EXCEPTION line 3 (CN 25232900, CN): not_verified: ", r.text)
        self.assertRegex(r.text, r"EXCEPTION line 3 .*revoked.*scheme eu-ab")

    def test_each_scheme_needed(self):
        lines, scans = self.shipment()
        out_json = self.path("r.json")
        # Without B nobody recognises the manufacturer: no line verifies.
        r = self.cbam("--trust-list", "%s=%s,%s" % (A, self.tla, self.path("opa.pub.pem")), "--lines", lines,
                      "--scans", scans, "--json", out_json, "-q")
        self.assertEqual(r.rc, EX_INVALID, r)
        j = json.loads(read(out_json))
        self.assertEqual([l["status"] for l in j["lines"]], ["not_verified"] * 3)
        # Without A nobody recognises the CBAM verifier: the steel passport's attestation fails;
        # without A's revocation list the cement line verifies.
        r = self.cbam("--trust-list", "%s=%s,%s" % (B, self.tlb, self.path("opb.pub.pem")), "--lines", lines,
                      "--scans", scans, "--json", out_json, "--force", "-q")
        self.assertEqual(r.rc, EX_INVALID, r)
        j = json.loads(read(out_json))
        self.assertEqual([l["status"] for l in j["lines"]], ["not_verified", "ok", "ok"])
        self.assertEqual(j["lines"][0]["error"], "DPP_ERR_ATTESTER_UNKNOWN")
        self.assertEqual([l["signer"]["scheme"] for l in j["lines"][1:]], [B] * 2)
        self.assertNotIn("revoked_by_scheme", j["lines"][1])
        # Both schemes, no revocation list: every line backed.
        r = self.cbam(*self.schemes(), "--lines", lines, "--scans", scans, "--json", out_json, "--force", "-q")
        self.assertEqual(r.rc, EX_OK, r)
        j = json.loads(read(out_json))
        self.assertEqual([l["status"] for l in j["lines"]], ["ok"] * 3)
        self.assertEqual([l["basis"] for l in j["lines"]], ["attested", "self_declared", "self_declared"])

    def test_default_scheme_unnamed(self):
        # --trust LIST --pin KEY is the default scheme: no scheme fields (as dpp verify --json).
        lines, scans = self.shipment()
        tl = self.path("both.cbor")
        self.ok("trust", "init", "--operator-key", self.path("opa.pem"), "-o", tl, "--valid-for", "30d")
        self.ok("trust", "add", tl, "--operator-key", self.path("opa.pem"), "--key", self.path("m.pub.pem"),
                "--role", "manufacturer", "--name", "Jinding Steel", "--country", "CN")
        self.ok("trust", "add", tl, "--operator-key", self.path("opa.pem"), "--key", self.path("v.pub.pem"),
                "--role", "cbam-verifier", "--name", "ACME Verification", "--country", "DE", "--scope", "claims=cbam")
        out_json, out_csv = self.path("r.json"), self.path("r.csv")
        r = self.cbam("--trust", tl, "--pin", self.path("opa.pub.pem"), "--lines", lines, "--scans", scans,
                      "--json", out_json, "--csv", out_csv, "-q")
        self.assertEqual(r.rc, EX_OK, r)
        steel = json.loads(read(out_json))["lines"][0]
        self.assertEqual(steel["signer"]["source"], "trust-list")
        self.assertNotIn("scheme", steel["signer"])
        self.assertNotIn("scheme", steel["cbam_attester"])
        self.assertEqual([row["schemes"] for row in csv.DictReader(io.StringIO(read(out_csv)))], [""] * 5)

    def test_usage_errors(self):
        lines, scans = self.shipment()
        base = ("--lines", lines, "--scans", scans)
        r = self.cbam("--trust-list", self.tla, *base)  # no operator key
        self.assertOneLineError(r, EX_USAGE, "--trust-list", "[NAME=]LIST,KEY")
        r = self.cbam("--trust-list", "%s=,%s" % (A, self.path("opa.pub.pem")), *base)  # no list
        self.assertEqual(r.rc, EX_USAGE, r)
        self.assertIn("[NAME=]LIST,KEY", r.errtext)
        r = self.cbam(*self.schemes("--scheme-revocations", self.rla), *base)  # no scheme name
        self.assertOneLineError(r, EX_USAGE, "--scheme-revocations", "NAME=FILE")
        r = self.cbam(*base)
        self.assertOneLineError(r, EX_USAGE, "--trust FILE or --trust-list")
        # A's revocation list given as B's: refused (signed by another scheme's operator).
        r = self.cbam(*self.schemes("--scheme-revocations", "%s=%s" % (B, self.rla)), *base)
        self.assertNotIn(r.rc, (EX_OK, EX_INVALID), r)
        self.assertIn("a-revoked.cbor", r.errtext)

    def test_help(self):
        r = self.ok("cbam", "--help")
        self.assertIn("--trust-list [NAME=]LIST,KEY", r.text)
        self.assertIn("--scheme-revocations NAME=FILE", r.text)


if __name__ == "__main__":
    unittest.main()
