"""dpp export --to untp / dpp import --from untp: UNTP Digital Product Passport
0.6.1 (spec/untp.md). Every export of the bundled examples is validated
against the UNTP JSON Schema with a real validator (python3-jsonschema,
Draft 2020-12, formats checked); the UNTP samples round-trip through import
and export; claims are marked attested only when a verified attestation
covers them."""
import glob
import hashlib
import json
import os
import subprocess
import time
import unittest
import urllib.parse

from clitest import EX_OK, CliTestCase, passport, read, run

try:
    import jsonschema
except ImportError:  # pragma: no cover - CI installs python3-jsonschema
    jsonschema = None

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
UNTP = os.path.join(ROOT, "tests", "data", "untp")
SCHEMA = os.path.join(UNTP, "untp-dpp-schema-0.6.1.json")
SAMPLES = {
    "instance": os.path.join(UNTP, "untp-dpp-instance-0.6.1.json"),
    "simple": os.path.join(UNTP, "product-passport-simple-0.6.1.json"),
}
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "*.json")))
MKLIST = os.environ.get("DPP_MKLIST", "")
SELF = "Self-declared by the signer of the passport; no third-party attestation."


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@unittest.skipIf(jsonschema is None, "needs python3-jsonschema")
class TestUntp(CliTestCase):
    @classmethod
    def setUpClass(cls):
        cls.validator = jsonschema.Draft202012Validator(
            load(SCHEMA), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    def setUp(self):
        super().setUp()
        self.keygen("k")

    def assertValid(self, doc):
        errors = ["%s: %s" % ("/".join(map(str, e.path)), e.message) for e in self.validator.iter_errors(doc)]
        self.assertEqual(errors, [])

    def export(self, text, *extra, trust=None):
        args = ["export", "--to", "untp"]
        if trust is not False:
            args += ["--trust", trust or self.path("k.pub.pem")]
        r = run(*args, *extra, text)
        self.assertEqual(r.rc, EX_OK, r)
        doc = r.json()
        self.assertValid(doc)
        return doc

    def sign_file(self, path, *extra):
        r = run("encode", "--key", self.path("k.pem"), *extra, path)
        self.assertEqual(r.rc, EX_OK, r)
        return r.text.strip()

    @staticmethod
    def claims(doc):
        return {c["id"].split("#", 1)[1]: c for c in doc["credentialSubject"]["conformityClaim"]}

    # ---- export ----

    def test_every_bundled_example_exports_valid_untp(self):
        self.assertGreaterEqual(len(EXAMPLES), 3)
        for ex in EXAMPLES:
            with self.subTest(example=os.path.basename(ex)):
                p = load(ex)
                text = self.sign_file(ex)
                doc = self.export(text)
                prod = doc["credentialSubject"]["product"]
                self.assertEqual(doc["id"], "urn:uuid:" + p["id"])
                self.assertEqual(prod["name"], p["name"])
                self.assertEqual(prod["registeredId"], p["gtin"].rjust(14, "0"))
                self.assertTrue(prod["id"].startswith("https://id.gs1.org/01/" + p["gtin"].rjust(14, "0")))
                self.assertEqual(prod["producedByParty"]["name"], p["manufacturer"]["name"])
                self.assertEqual(prod.get("batchNumber"), p.get("batch"))
                # The original: the signed text itself, recoverable from the credential.
                link = prod["furtherInformation"][0]
                self.assertEqual(link["linkType"], "urn:dpp:link-type:signed-passport")
                prefix = "data:text/plain;charset=utf-8,"
                self.assertTrue(link["linkURL"].startswith(prefix))
                self.assertEqual(urllib.parse.unquote(link["linkURL"][len(prefix):]), text)
                self.assertEqual(run("verify", "--trust", self.path("k.pub.pem"),
                                     urllib.parse.unquote(link["linkURL"][len(prefix):])).rc, EX_OK)
                # No attestation: every claim self-declared, none with evidence.
                for cid, c in self.claims(doc).items():
                    self.assertTrue(c["description"].endswith(SELF), (cid, c["description"]))
                    self.assertNotIn("conformityEvidence", c, cid)
                mats = doc["credentialSubject"].get("materialsProvenance", [])
                self.assertEqual([m["name"] for m in mats], [m["name"] for m in p.get("materials", [])])

    def test_link_form_references_the_hybrid_link(self):
        text = self.sign_file(EXAMPLES[0], "--link-base", "https://id.example.com")
        self.assertTrue(text.lower().startswith("https://"), text)
        doc = self.export(text)
        link = doc["credentialSubject"]["product"]["furtherInformation"][0]
        self.assertEqual(link["linkURL"], text)

    def test_footprint_figures_and_scorecard(self):
        p = load(os.path.join(ROOT, "examples", "passport.json"))
        doc = self.export(self.sign_file(os.path.join(ROOT, "examples", "passport.json")))
        fp = self.claims(doc)["footprint"]
        total = [m for m in fp["declaredValue"] if m["metricName"] == "Carbon footprint"][0]
        self.assertEqual(total["metricValue"]["value"], float(p["footprint"]["total"]))
        self.assertIn("the passport states 'third-party-verified'", fp["description"])
        self.assertTrue(fp["description"].endswith(SELF))  # a statement, not an attestation
        sc = doc["credentialSubject"]["emissionsScorecard"]
        self.assertEqual(sc["carbonFootprint"], float(p["footprint"]["total"]))
        self.assertEqual(sc["primarySourcedRatio"], float(p["footprint"]["primary_share"]))

    def test_refuses_a_passport_that_does_not_verify(self):
        text = self.sign_file(EXAMPLES[0])
        self.keygen("other")
        r = run("export", "--to", "untp", "--trust", self.path("other.pub.pem"), text)
        self.assertEqual(r.rc, 2, r)  # untrusted: verify's exit code
        self.assertEqual(r.text, "")
        self.assertIn("not exported, it does not verify", r.errtext)
        r = run("export", "--to", "untp", text)
        self.assertEqual(r.rc, 64, r)
        self.assertIn("--unverified", r.errtext)

    def test_unverified_marks_every_claim(self):
        text = self.sign_file(EXAMPLES[0])
        r = run("export", "--to", "untp", "--unverified", "--trust", self.path("k.pub.pem"), text)
        self.assertEqual(r.rc, 64, r)
        doc = self.export(text, "--unverified", trust=False)
        for cid, c in self.claims(doc).items():
            self.assertIn("NOT VERIFIED", c["description"], cid)
            self.assertNotIn("conformityEvidence", c, cid)
        self.assertIn("NOT VERIFIED", doc["credentialSubject"]["product"]["furtherInformation"][0]["linkName"])

    def test_issuer_option(self):
        text = self.sign_file(EXAMPLES[0])
        doc = self.export(text, "--issuer", "did:web:maker.example.com")
        self.assertEqual(doc["issuer"]["id"], "did:web:maker.example.com")
        r = run("export", "--to", "untp", "--trust", self.path("k.pub.pem"), "--issuer", "not a uri", text)
        self.assertEqual(r.rc, 64, r)
        self.assertIn("issuer_id", r.errtext)

    @unittest.skipUnless(MKLIST and os.path.exists(MKLIST), "needs the dpp_cli_mklist helper (DPP_MKLIST)")
    def test_attested_claim_has_evidence_and_the_rest_stay_self_declared(self):
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
        args = ["export", "--to", "untp", "--operator", self.path("op.pub.pem"), "--trust", tl, "--no-state", text]
        r = run(*args)
        self.assertEqual(r.rc, EX_OK, r)
        doc = r.json()
        self.assertValid(doc)
        self.assertEqual(doc["issuer"]["name"], "Acme Steel GmbH")  # the signer, from the trust list
        claims = self.claims(doc)
        fp = claims["footprint"]
        self.assertIn("Attested by TÜV SÜD (certifier, trust-list key", fp["description"])
        ev = fp["conformityEvidence"]
        self.assertEqual(ev["hashMethod"], "SHA-256")
        self.assertRegex(ev["hashDigest"], "^[0-9a-f]{64}$")
        self.assertIn(ev["hashDigest"], doc["credentialSubject"]["product"]["furtherInformation"][0]["linkName"])
        self.assertEqual(ev["linkURL"], doc["credentialSubject"]["product"]["furtherInformation"][0]["linkURL"])
        others = [cid for cid in claims if cid != "footprint"]
        self.assertIn("cbam", others)
        self.assertIn("certification-0", others)
        for cid in others:
            self.assertNotIn("conformityEvidence", claims[cid], cid)
            self.assertTrue(claims[cid]["description"].endswith(SELF), cid)

    # ---- import ----

    def test_import_requires_a_country_it_cannot_find(self):
        r = run("import", "--from", "untp", SAMPLES["simple"])
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.text, "")
        self.assertIn("manufacturer.country: missing", r.errtext)
        r = run("import", "--from", "untp", "--country", "AU", "-q", SAMPLES["simple"])
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.json()["manufacturer"], {"name": "Battery Company Pty Ltd", "country": "AU"})

    def test_import_names_what_is_not_carried(self):
        r = run("import", "--from", "untp", SAMPLES["instance"])
        self.assertEqual(r.rc, EX_OK, r)
        for path in ("credentialSubject.product.dimensions", "credentialSubject.emissionsScorecard",
                     "credentialSubject.conformityClaim", "credentialSubject.materialsProvenance[0].symbol",
                     "credentialSubject.product.producedAtFacility", "validFrom"):
            self.assertIn(": %s: not carried: " % path, r.errtext)

    def test_import_rejects_bad_input(self):
        bad = self.path("bad.json")
        for body, rc, needle in (
                ("{", 4, "UNTP credential"),
                ('{"type": ["VerifiableCredential"]}', 1, "not a UNTP DigitalProductPassport"),
                (read(os.path.join(UNTP, "untp-dpp-instance-0.6.1.json")).replace("dpp/0.6.1/", "dpp/0.5.0/"), 1,
                 "@context"),
                (read(SAMPLES["instance"]).replace("/01/09520123456788", "/01/09520123456789"), 1, "gtin: check digit"),
        ):
            with open(bad, "w", encoding="utf-8") as f:
                f.write(body)
            r = run("import", "--from", "untp", "-q", bad)
            self.assertEqual(r.rc, rc, (needle, r))
            self.assertIn(needle, r.errtext)

    def test_untp_samples_round_trip(self):
        """UNTP -> passport -> signed -> UNTP: every field that maps is equal."""
        for name, path in sorted(SAMPLES.items()):
            with self.subTest(sample=name):
                src = load(path)
                r = run("import", "--from", "untp", "--country", "AU", "-q", path, "-o",
                        self.path(name + ".json"))
                self.assertEqual(r.rc, EX_OK, r)
                doc = self.export(self.sign_file(self.path(name + ".json")))
                a, b = src["credentialSubject"], doc["credentialSubject"]
                pa, pb = a["product"], b["product"]
                self.assertEqual(pb["name"], pa["name"])
                gtin = pa["id"].split("/01/")[1][:14]
                self.assertEqual(pb["registeredId"], gtin)
                for k in ("batchNumber", "serialNumber", "productionDate"):
                    self.assertEqual(pb.get(k), pa.get(k, pb.get(k) if k == "serialNumber" else None), k)
                if "productCategory" in pa:
                    self.assertEqual(pb["productCategory"][0]["name"], pa["productCategory"][0]["name"])
                party = pa.get("producedByParty", {}).get("name", src["issuer"]["name"])
                self.assertEqual(pb["producedByParty"]["name"], party)
                keys = ("name", "originCountry", "massFraction", "recycledMassFraction", "mass")
                self.assertEqual([{k: m[k] for k in keys if k in m} for m in b.get("materialsProvenance", [])],
                                 [{k: m[k] for k in keys if k in m} for m in a.get("materialsProvenance", [])])
                self.assertEqual([m.get("hazardous", False) for m in b.get("materialsProvenance", [])],
                                 [m.get("hazardous", False) for m in a.get("materialsProvenance", [])])

    def test_passport_round_trip_through_untp(self):
        """passport -> UNTP -> passport: identity, manufacturer, facility, materials equal."""
        ex = os.path.join(ROOT, "examples", "passport-full.json")
        p = load(ex)
        doc = self.export(self.sign_file(ex))
        u = self.json_file(doc, "u.json")
        r = run("import", "--from", "untp", "-q", u)
        self.assertEqual(r.rc, EX_OK, r)
        q = r.json()
        for k in ("id", "batch", "serial", "name", "category", "production_date", "manufacturer", "facility"):
            self.assertEqual(q.get(k), p.get(k), k)
        self.assertEqual(q["gtin"], p["gtin"].rjust(14, "0"))
        keys = ("name", "cas", "mass_fraction", "mass", "mass_unit", "recycled_share", "origin", "hazardous")

        def norm(m):
            return {k: (str(float(v)) if k in ("mass_fraction", "mass", "recycled_share") else v)
                    for k, v in m.items() if k in keys}
        self.assertEqual([norm(m) for m in q.get("materials", [])], [norm(m) for m in p.get("materials", [])])
        self.assertNotIn("footprint", q)  # not carried back (spec/untp.md)


if __name__ == "__main__":
    unittest.main()
