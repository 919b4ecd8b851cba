"""dpp verify: claims are shown for what they are. A passport's footprint says
"verification": "third-party-verified", but without an attestation that is
the manufacturer's own statement: the human report and --json say who
vouches for the footprint, the CBAM block and each certification."""
import os
import subprocess
import time
import unittest

from clitest import EX_OK, CliTestCase, passport, run

MKLIST = os.environ.get("DPP_MKLIST", "")
SELF = "self-declared by the manufacturer, no attestation"


class TestSelfDeclaredClaims(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")

    def test_human_report_without_attestation(self):
        self.assertEqual(passport()["footprint"]["verification"], "third-party-verified")
        text = self.encode()
        r = run("verify", "--trust", self.path("k.pub.pem"), text)
        self.assertEqual(r.rc, EX_OK, r)
        lines = r.text.splitlines()
        self.assertIn("  Footprint      1.85 kgCO2e per TNE (cradle-to-gate, ISO 14067, 2024-01-01 to 2024-12-31; "
                      + SELF + "; the passport says 'third-party-verified')", lines)
        self.assertIn("  CBAM           CN 72083900, origin DE, SEE direct 1.72 tCO2e/t, indirect 0.13 (actual "
                      "values); " + SELF, lines)
        self.assertIn("  Certification  ISO 14001 EMS-2024-0042 by TÜV SÜD, until 2027-03-31; " + SELF, lines)
        # Printed even when the passport carries no attestation at all.
        self.assertIn("  Self-declared  identity, manufacturer, facility, materials, footprint, certifications, cbam, "
                      "certifications[0]", lines)
        self.assertNotIn("verified by", r.text)
        self.assertNotIn("attested by", r.text)

    def test_json_without_attestation(self):
        text = self.encode()
        r = run("verify", "--trust", self.path("k.pub.pem"), "--json", text)
        self.assertEqual(r.rc, EX_OK, r)
        p = r.json()["passport"]
        self.assertEqual(p["footprint"]["verification"], "third-party-verified")  # the data, unchanged
        self.assertIs(p["footprint"]["self_declared"], True)
        self.assertEqual(p["footprint"]["attested_by"], [])
        self.assertIs(p["cbam"]["self_declared"], True)
        self.assertEqual(p["cbam"]["attested_by"], [])
        self.assertEqual([(c["self_declared"], c["attested_by"]) for c in p["certifications"]], [(True, [])])

    @unittest.skipUnless(MKLIST and os.path.exists(MKLIST), "needs the dpp_cli_mklist helper (DPP_MKLIST)")
    def test_attested_footprint_names_the_attester(self):
        self.keygen("op", "EdDSA")
        self.keygen("m")
        self.keygen("c", "EdDSA")
        now = int(time.time())
        tl = self.path("tl.cose")
        subprocess.run([MKLIST, "trust", self.path("op.pem"), tl, "3", str(now - 3600), str(now + 86400),
                        "%s,manufacturer,Acme Steel GmbH,DE" % self.path("m.pub.pem"),
                        "%s,certifier,TÜV SÜD,DE" % self.path("c.pub.pem")], check=True, timeout=60)
        src = self.json_file(passport())
        subprocess.run([MKLIST, "attest", self.path("c.pem"), src, "footprint", "batch", self.path("att.bin")],
                       check=True, timeout=60)
        r = run("encode", "--key", self.path("m.pem"), "--attestation", self.path("att.bin"), src)
        self.assertEqual(r.rc, EX_OK, r)
        text = r.text.strip()
        args = ["verify", "--operator", self.path("op.pub.pem"), "--trust", tl, "--no-state"]
        r = run(*args, text)
        if r.rc != EX_OK and "--no-state" in r.errtext:
            args.remove("--no-state")
            r = run(*args, text)
        self.assertEqual(r.rc, EX_OK, r)
        lines = r.text.splitlines()
        self.assertIn("  Footprint      1.85 kgCO2e per TNE (cradle-to-gate, ISO 14067, 2024-01-01 to 2024-12-31; "
                      "attested by TÜV SÜD (DE); the passport says 'third-party-verified')", lines)
        self.assertIn("  Certification  ISO 14001 EMS-2024-0042 by TÜV SÜD, until 2027-03-31; " + SELF, lines)
        p = run(*args, "--json", text).json()["passport"]
        self.assertIs(p["footprint"]["self_declared"], False)
        self.assertEqual([(a["role"], a["party"]["name"]) for a in p["footprint"]["attested_by"]],
                         [("certifier", "TÜV SÜD")])
        self.assertIs(p["cbam"]["self_declared"], True)


if __name__ == "__main__":
    unittest.main()
