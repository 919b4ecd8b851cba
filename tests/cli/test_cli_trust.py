"""dpp verify with the trust layer: signed trust lists (--operator, --trust
LIST), revocation lists, attestations carried by a passport, the link to
the full document, and the X.509 options."""
import json
import os
import shutil
import subprocess
import time
import unittest

from clitest import (CliTestCase, EX_INVALID, EX_KEY, EX_OK, EX_UNTRUSTED, EX_USAGE, minimal, passport, read, run, write)

MKLIST = os.environ.get("DPP_MKLIST", "")
EX_REVOKED = 5


@unittest.skipUnless(MKLIST and os.path.exists(MKLIST), "needs the dpp_cli_mklist helper (DPP_MKLIST)")
class TestTrustLayer(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("op", "EdDSA")
        self.keygen("m")
        self.keygen("c", "EdDSA")
        self.now = int(time.time())

    def mk(self, *args):
        r = subprocess.run([MKLIST] + [str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())

    def trust_list(self, *entries, seq=None, name="tl.cose"):
        # Every new list gets a higher sequence (3, 4, ...): dpp remembers the
        # newest list seen and refuses a different list with an old number.
        if seq is None:
            self.seq = getattr(self, "seq", 2) + 1
            seq = self.seq
        if not entries:
            entries = ("%s,manufacturer,Acme Steel GmbH,DE" % self.path("m.pub.pem"),
                       "%s,certifier,TÜV SÜD,DE" % self.path("c.pub.pem"))
        self.mk("trust", self.path("op.pem"), self.path(name), seq, self.now - 3600, self.now + 86400, *entries)
        return self.path(name)

    def verify(self, text, *extra):
        return run("verify", "--operator", self.path("op.pub.pem"), "--trust", self.path("tl.cose"), "--json",
                   *extra, text)

    def test_trust_list_signer(self):
        self.trust_list()
        text = self.encode(passport(), "m")
        r = self.verify(text)
        self.assertEqual(r.rc, EX_OK, r)
        j = r.json()
        self.assertEqual(j["signer"]["source"], "trust-list")
        self.assertEqual(j["signer"]["role"], "manufacturer")
        self.assertEqual(j["signer"]["party"]["name"], "Acme Steel GmbH")
        self.assertEqual(j["checks"]["role"], "pass")
        self.assertIn(j["checks"]["signer_window"], ("pass", "skipped"))  # the entry has no window
        self.assertIn(j["checks"]["scope"], ("pass", "skipped"))  # nor a scope
        self.assertEqual(j["checks"]["revocation"], "skipped")
        r = run("verify", "--operator", self.path("op.pub.pem"), "--trust", self.path("tl.cose"), text)
        self.assertEqual(r.rc, 0, r)
        self.assertIn("\n  Signer         Acme Steel GmbH (DE), manufacturer from trust-list, kid ", r.text)
        self.assertEqual(r.text.splitlines()[-1], "VERIFIED")
        # A pinned key still works next to the list, and reports itself as pinned.
        r = run("verify", "--trust", self.path("m.pub.pem"), "--json", text)
        self.assertEqual(r.json()["signer"]["source"], "pinned")

    def test_trust_list_schemes(self):
        # Mutual recognition: two schemes, each list with its own operator pin.
        self.keygen("op2", "EdDSA")
        eu = self.path("eu.cose")
        cn = self.path("cn.cose")
        self.mk("trust", self.path("op.pem"), eu, 3, self.now - 3600, self.now + 86400,
                "%s,certifier,TUV,DE" % self.path("c.pub.pem"))
        self.mk("trust", self.path("op2.pem"), cn, 3, self.now - 3600, self.now + 86400,
                "%s,manufacturer,Jinding Steel,CN" % self.path("m.pub.pem"))
        text = self.encode(passport(), "m")
        op, op2 = self.path("op.pub.pem"), self.path("op2.pub.pem")
        r = run("verify", "--trust-list", "eu-ab=%s,%s" % (eu, op), "--json", text)
        self.assertEqual(r.rc, EX_UNTRUSTED, r)
        r = run("verify", "--trust-list", "eu-ab=%s,%s" % (eu, op), "--trust-list", "%s,%s" % (cn, op2),
                "--json", text)
        self.assertEqual(r.rc, EX_OK, r)
        j = r.json()
        self.assertEqual(j["signer"]["scheme"], "cn.cose")
        self.assertEqual(j["signer"]["party"]["name"], "Jinding Steel")
        self.assertEqual(len(j["signer"]["scheme_operator"]), 16)
        r = run("verify", "--trust-list", "eu-ab=%s,%s" % (eu, op), "--trust-list", "china=%s,%s" % (cn, op2), text)
        self.assertEqual(r.rc, EX_OK, r)
        self.assertIn("manufacturer from trust-list of scheme china, kid ", r.text)
        # each list is checked against its own pin only
        r = run("verify", "--trust-list", "eu=%s,%s" % (eu, op), "--trust-list", "cn=%s,%s" % (cn, op), text)
        self.assertOneLineError(r, EX_UNTRUSTED, "cn.cose: ", "not a pinned operator key")
        r = run("verify", "--trust-list", "eu=%s,%s" % (eu, op), "--trust-list", "cn=%s,%s" % (eu, op2), text)
        self.assertOneLineError(r, EX_UNTRUSTED, "eu.cose: ", "operator key of scheme \"eu\", not of scheme \"cn\"")
        r = run("verify", "--trust-list", eu, text)
        self.assertEqual(r.rc, EX_USAGE, r)
        # a revocation in any scheme wins: scheme eu-ab revokes the passport scheme china recognises
        rl = self.path("eu-rl.cose")
        self.mk("revoke", self.path("op.pem"), rl, 1, self.now - 3600, self.now + 86400,
                "passport,0b5c3a8e9d6f4e21a7b35f2e8c1d4a90,recall,2025-06-01")
        both = ("verify", "--trust-list", "eu-ab=%s,%s" % (eu, op), "--trust-list", "china=%s,%s" % (cn, op2))
        r = run(*both, "--scheme-revocations", "eu-ab=" + rl, "--json", text)
        self.assertEqual(r.rc, EX_REVOKED, r)
        self.assertEqual(r.json()["error"], "DPP_ERR_REVOKED")
        self.assertEqual(r.json()["revoked_by_scheme"], "eu-ab")
        # the list is checked against its own scheme's operator key
        r = run(*both, "--scheme-revocations", "china=" + rl, text)
        self.assertEqual(r.rc, EX_UNTRUSTED, r)
        r = run(*both, "--scheme-revocations", rl, text)
        self.assertEqual(r.rc, EX_USAGE, r)

    def test_status_list(self):
        # A passport with a status index (made with the mklist helper: dpp encode has no option for it yet)
        # and a signed status list: the bit decides.
        list_id = "0011223344556677"
        src = self.json_file(passport())
        self.mk("encode-status", self.path("m.pem"), src, self.now - 60, list_id, 5, self.path("p5.txt"))
        self.mk("encode-status", self.path("m.pem"), src, self.now - 60, list_id, 6, self.path("p6.txt"))
        self.mk("status", self.path("op.pem"), self.path("st.cose"), 1, self.now - 3600, self.now + 86400, 1000,
                list_id, 5, 999)
        p5, p6 = read(self.path("p5.txt")).strip(), read(self.path("p6.txt")).strip()
        base = ("verify", "--trust", self.path("m.pub.pem"), "--pin", self.path("op.pub.pem"), "--status",
                self.path("st.cose"), "--json")
        r = run(*base, p6)
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.json()["checks"]["revocation"], "pass")
        self.assertEqual(r.json()["claims"]["status"], {"list_id": list_id, "index": 6})
        r = run(*base, p5)
        self.assertEqual(r.rc, EX_REVOKED, r)
        self.assertEqual(r.json()["error"], "DPP_ERR_STATUS_REVOKED")
        self.assertIn("bit 5 of status list 0011223344556677", r.json()["message"])
        # without the list the index is not checked
        r = run("verify", "--trust", self.path("m.pub.pem"), p5)
        self.assertEqual(r.rc, EX_OK, r)
        # the list needs its operator's key, and must be signed by it
        r = run("verify", "--trust", self.path("m.pub.pem"), "--status", self.path("st.cose"), p6)
        self.assertOneLineError(r, EX_USAGE, "--status needs the list operator's key")
        self.keygen("other", "EdDSA")
        r = run("verify", "--trust", self.path("m.pub.pem"), "--pin", self.path("other.pub.pem"), "--status",
                self.path("st.cose"), p6)
        self.assertOneLineError(r, EX_UNTRUSTED, "st.cose: ", "not a pinned operator key")

    def test_list_needs_a_pinned_operator(self):
        self.trust_list()
        text = self.encode(minimal(), "m")
        r = run("verify", "--trust", self.path("tl.cose"), text)
        self.assertOneLineError(r, EX_USAGE, "tl.cose is a signed trust list: give its operator's key with --operator")
        self.keygen("other", "EdDSA")
        r = run("verify", "--operator", self.path("other.pub.pem"), "--trust", self.path("tl.cose"), text)
        self.assertOneLineError(r, EX_UNTRUSTED, "tl.cose: ")

    def test_stale_and_rollback(self):
        self.trust_list(seq=3)
        text = self.encode(minimal(), "m")
        later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.now + 86400 + 8 * 86400))
        r = run("verify", "--operator", self.path("op.pub.pem"), "--trust", self.path("tl.cose"), "--at", later,
                text)
        self.assertOneLineError(r, EX_UNTRUSTED, "tl.cose: ")
        r = run("verify", "--operator", self.path("op.pub.pem"), "--trust", self.path("tl.cose"), "--at", later,
                "--grace", "30d", "--json", text)
        self.assertEqual(r.rc, EX_OK, r)
        self.assertIn("past its next update", r.errtext)
        r = run("verify", "--operator", self.path("op.pub.pem"), "--trust", self.path("tl.cose"), "--min-sequence",
                "4", text)
        self.assertOneLineError(r, EX_UNTRUSTED, "tl.cose: ")

    def test_signer_window_and_scope(self):
        m = self.path("m.pub.pem")
        self.trust_list("%s,manufacturer,Acme,DE,%d,%d" % (m, self.now - 86400 * 30, self.now - 86400), name="tl.cose")
        text = self.encode(minimal(), "m")
        r = self.verify(text)
        self.assertEqual(r.rc, EX_UNTRUSTED, r)
        self.assertEqual(r.json()["failed_check"], "signer_window")
        self.trust_list("%s,manufacturer,Acme,DE,-,-,999" % m, name="tl.cose")
        r = self.verify(text)
        self.assertEqual(r.rc, EX_UNTRUSTED, r)
        self.assertEqual(r.json()["failed_check"], "scope")
        self.trust_list("%s,certifier,Acme,DE" % m, name="tl.cose")
        r = self.verify(text)
        self.assertEqual(r.rc, EX_UNTRUSTED, r)
        self.assertEqual(r.json()["failed_check"], "role")

    def test_revoked_passport(self):
        self.trust_list()
        text = self.encode(passport(), "m")
        self.mk("revoke", self.path("op.pem"), self.path("rl.cose"), 1, self.now - 3600, self.now + 86400,
                "passport,0b5c3a8e9d6f4e21a7b35f2e8c1d4a90,recall,2025-06-01")
        r = self.verify(text, "--revocations", self.path("rl.cose"))
        self.assertEqual(r.rc, EX_REVOKED, r)
        j = r.json()
        self.assertEqual(j["error"], "DPP_ERR_REVOKED")
        self.assertEqual(j["failed_check"], "revocation")
        self.assertEqual(j["revocation"], {"kind": "passport", "reason": "recall", "date": "2025-06-01"})
        r = run("verify", "--operator", self.path("op.pub.pem"), "--trust", self.path("tl.cose"), "--revocations",
                self.path("rl.cose"), text)
        self.assertEqual(r.rc, EX_REVOKED, r)
        self.assertIn("\n  Revoked        passport revoked: recall, effective 2025-06-01\n", r.text)
        # Another passport is not revoked.
        other = self.encode(minimal(), "m")
        r = self.verify(other, "--revocations", self.path("rl.cose"))
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.json()["checks"]["revocation"], "pass")
        # A revocation list needs the operator too; a trust list is not a revocation list.
        r = run("verify", "--trust", self.path("m.pub.pem"), "--revocations", self.path("rl.cose"), other)
        self.assertOneLineError(r, EX_USAGE, "--revocations needs the list operator's key")
        r = self.verify(other, "--revocations", self.path("tl.cose"))
        self.assertEqual(r.rc, 65, r)

    def test_attestation(self):
        self.trust_list()
        src = self.json_file(passport())
        self.mk("attest", self.path("c.pem"), src, "footprint", "batch", self.path("att.bin"))
        r = run("encode", "--key", self.path("m.pem"), "--attestation", self.path("att.bin"), src)
        self.assertEqual(r.rc, 0, r)
        text = r.text.strip()
        r = self.verify(text)
        self.assertEqual(r.rc, EX_OK, r)
        j = r.json()
        self.assertEqual(j["checks"]["attestation"], "pass")
        self.assertEqual(len(j["attestations"]), 1)
        a = j["attestations"][0]
        self.assertEqual((a["claims"], a["binding"], a["alg"]), (["footprint"], "batch", "EdDSA"))
        self.assertEqual(a["attester"]["role"], "certifier")
        self.assertEqual(a["attester"]["party"]["name"], "TÜV SÜD")
        self.assertIn("footprint", j["claims_attested"])
        self.assertNotIn("footprint", j["claims_self_declared"])
        self.assertIn("cbam", j["claims_self_declared"])
        r = run("verify", "--operator", self.path("op.pub.pem"), "--trust", self.path("tl.cose"), text)
        self.assertIn("\n  Attested       footprint (per batch) by TÜV SÜD (DE), certifier from trust-list", r.text)
        # Without the certifier in the trust store the attester is unknown.
        r = run("verify", "--trust", self.path("m.pub.pem"), "--json", text)
        self.assertEqual(r.rc, EX_UNTRUSTED, r)
        self.assertEqual(r.json()["failed_check"], "attestation")
        self.assertEqual(r.json()["failed_attestation"], 0)
        # An attestation for another product is refused when encoding.
        other = self.json_file(passport(gtin="4012345000009"), "other.json")
        r = run("encode", "--key", self.path("m.pem"), "--attestation", self.path("att.bin"), other)
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertEqual(len(r.errtext.splitlines()), 1, r)

    def test_attestation_signed_at(self):
        # The certifier's entry ended an hour ago; the passport is signed now.
        self.mk("trust", self.path("op.pem"), self.path("tl.cose"), 3, self.now - 3600, self.now + 86400,
                "%s,manufacturer,Acme Steel GmbH,DE" % self.path("m.pub.pem"),
                "%s,certifier,TÜV SÜD,DE,%d,%d" % (self.path("c.pub.pem"), self.now - 86400, self.now - 3600))
        src = self.json_file(passport())
        plain, dated, late = self.path("a0.cbor"), self.path("a1.cbor"), self.path("a2.cbor")
        for out, extra in ((plain, ()), (dated, ("--signed-at", "@%d" % (self.now - 7200))),
                           (late, ("--signed-at", "@%d" % (self.now - 60)))):
            r = run("attest", "--key", self.path("c.pem"), "--claims", "footprint", "--binding", "batch", "-o", out,
                    *extra, src)
            self.assertEqual(r.rc, 0, r)
        r = run("attest", "show", "--json", dated)
        self.assertEqual(r.json()["signed_at"], self.now - 7200)
        self.assertIsNone(run("attest", "show", "--json", plain).json()["signed_at"])
        results = []
        for att in (plain, dated, late):
            r = run("encode", "--key", self.path("m.pem"), "--attestation", att, src)
            self.assertEqual(r.rc, 0, r)
            results.append(self.verify(r.text.strip()))
        self.assertEqual(results[0].json()["error"], "DPP_ERR_SIGNER_NOT_VALID", results[0])
        self.assertEqual(results[1].rc, EX_OK, results[1])
        self.assertEqual(results[1].json()["attestations"][0]["signed_at"], self.now - 7200)
        self.assertEqual(results[2].json()["error"], "DPP_ERR_ATTESTATION_TIME", results[2])
        r = run("attest", "--key", self.path("c.pem"), "--claims", "footprint", "--signed-at", "yesterday", "-o",
                self.path("x.cbor"), src)
        self.assertOneLineError(r, EX_USAGE, "--signed-at")

    def test_operator_rollover(self):
        # 'dpp trust sign --rollover-from': a verifier pinning only the old key follows the hand-over.
        self.trust_list(seq=3)
        self.keygen("op2", "EdDSA")
        text = self.encode(minimal(), "m")
        r = run("trust", "sign", self.path("tl.cose"), "--operator-key", self.path("op2.pem"), "--pin",
                self.path("op.pub.pem"), "--rollover-from", self.path("op.pem"), "-o", self.path("tl2.cose"))
        self.assertEqual(r.rc, 0, r)
        r = run("verify", "--operator", self.path("op.pub.pem"), "--trust", self.path("tl2.cose"), "--json", text)
        self.assertEqual(r.rc, EX_OK, r)
        # without the statement the new key is not pinned
        r = run("trust", "sign", self.path("tl.cose"), "--operator-key", self.path("op2.pem"), "--pin",
                self.path("op.pub.pem"), "-o", self.path("tl3.cose"))
        self.assertEqual(r.rc, 0, r)
        r = run("verify", "--operator", self.path("op.pub.pem"), "--trust", self.path("tl3.cose"), text)
        self.assertOneLineError(r, EX_UNTRUSTED, "tl3.cose: ", "not a pinned operator key")
        # --rollover-from is an option of sign only
        r = run("trust", "remove", self.path("tl.cose"), "--operator-key", self.path("op.pem"), "--kid",
                "0011223344556677", "--rollover-from", self.path("op.pem"))
        self.assertEqual(r.rc, EX_USAGE, r)

    def test_full_document_link(self):
        doc = self.path("full.json")
        write(doc, json.dumps({"full": "passport", "pages": 12}))
        r = run("encode", "--key", self.path("m.pem"), "--link", "https://dpp.example/p/0b5c3a8e", "--link-doc", doc,
                self.json_file(minimal()))
        self.assertEqual(r.rc, 0, r)
        text = r.text.strip()
        r = run("verify", "--trust", self.path("m.pub.pem"), "--document", doc, "--json", text)
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.json()["checks"]["document"], "pass")
        self.assertEqual(r.json()["claims"]["link_uri"], "https://dpp.example/p/0b5c3a8e")
        self.assertRegex(r.json()["claims"]["link_sha256"], r"^[0-9a-f]{64}$")
        r = run("inspect", text)
        self.assertIn("UNVERIFIED  Full passport  https://dpp.example/p/0b5c3a8e, SHA-256 ", r.text)
        write(self.path("changed.json"), read(doc).replace("12", "13"))
        r = run("verify", "--trust", self.path("m.pub.pem"), "--document", self.path("changed.json"), text)
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertRegex(r.text, r"\n  document      FAIL ")
        self.assertTrue(r.text.splitlines()[-1].startswith("NOT VERIFIED: document check failed"))
        self.assertTrue(r.text.splitlines()[-1].endswith("(DPP_ERR_DOCUMENT_MISMATCH)"))
        r = run("encode", "--key", self.path("m.pem"), "--link-doc", doc, self.json_file(minimal()))
        self.assertOneLineError(r, EX_USAGE, "--link-doc needs --link URI")

    def test_x509_options(self):
        self.keygen("ca", "ES256", "--cert")
        text = self.encode(minimal(), "ca")
        r = run("verify", "--cert", self.path("ca.crt.pem"), text)
        self.assertOneLineError(r, EX_USAGE, "--cert needs the pinned CA: --ca FILE")
        # A self-signed certificate carries no libdpp role policy: not a signer certificate.
        r = run("verify", "--ca", self.path("ca.crt.pem"), "--cert", self.path("ca.crt.pem"), text)
        self.assertEqual(r.rc, EX_UNTRUSTED, r)
        self.assertEqual(len(r.errtext.splitlines()), 1, r)
        self.assertIn("ca.crt.pem: ", r.errtext)


@unittest.skipUnless(shutil.which("openssl"), "needs the openssl command")
class TestCrl(CliTestCase):
    """dpp verify --crl: a signer certificate revoked by its CA's CRL, made with the openssl command."""

    def ossl(self, *args):
        r = subprocess.run(["openssl"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())

    def setUp(self):
        super().setUp()
        self.keygen("m")  # the signer's key (ES256)
        d = self.path("ca")
        os.mkdir(d)
        write(os.path.join(d, "index.txt"), "")
        write(os.path.join(d, "crlnumber"), "01\n")
        write(self.path("ca.cnf"),
              "[ca]\ndefault_ca = d\n[d]\ndatabase = %s/index.txt\ncrlnumber = %s/crlnumber\n"
              "default_md = sha256\ndefault_crl_days = 7\ncrl_extensions = crl_ext\n"
              "[crl_ext]\nauthorityKeyIdentifier = keyid:always\n"
              "[leaf]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\n"
              "certificatePolicies = %s\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n"
              % (d, d, "2.999.4711.1.1"))
        self.ossl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", self.path("root.key"))
        self.ossl("req", "-x509", "-new", "-key", self.path("root.key"), "-subj", "/C=DE/CN=CLI CRL Root",
                  "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                  "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", self.path("root.pem"))
        self.ossl("req", "-new", "-key", self.path("m.pem"), "-subj", "/C=DE/CN=Acme Steel GmbH",
                  "-out", self.path("leaf.csr"))
        self.ossl("x509", "-req", "-in", self.path("leaf.csr"), "-CA", self.path("root.pem"), "-CAkey",
                  self.path("root.key"), "-set_serial", "4711", "-days", "30", "-extfile", self.path("ca.cnf"),
                  "-extensions", "leaf", "-out", self.path("leaf.pem"))
        self.text = self.encode(minimal(), "m")

    def gencrl(self, name):
        self.ossl("ca", "-batch", "-config", self.path("ca.cnf"), "-gencrl", "-keyfile", self.path("root.key"),
                  "-cert", self.path("root.pem"), "-out", self.path(name))
        return self.path(name)

    def verify(self, *extra):
        return run("verify", "--ca", self.path("root.pem"), "--cert", self.path("leaf.pem"), *extra, self.text)

    def test_crl(self):
        self.assertEqual(self.verify().rc, EX_OK)
        empty = self.gencrl("empty.crl.pem")
        r = self.verify("--crl", empty, "--json")
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.json()["signer"]["source"], "x509")
        self.ossl("ca", "-batch", "-config", self.path("ca.cnf"), "-revoke", self.path("leaf.pem"), "-keyfile",
                  self.path("root.key"), "-cert", self.path("root.pem"))
        revoking = self.gencrl("revoking.crl.pem")
        r = self.verify("--crl", revoking)
        self.assertOneLineError(r, EX_REVOKED, "leaf.pem: ", "signer certificate is revoked")
        # DER works too; the file order does not matter
        der = self.path("revoking.crl.der")
        self.ossl("crl", "-in", revoking, "-outform", "DER", "-out", der)
        r = self.verify("--crl", der)
        self.assertEqual(r.rc, EX_REVOKED, r)
        # judged at --at: a week and a day later the CRL is past its nextUpdate
        later = "@%d" % (int(time.time()) + 8 * 86400)
        r = self.verify("--crl", empty, "--at", later)
        self.assertOneLineError(r, EX_UNTRUSTED, "empty.crl.pem: ", "expired", "nextUpdate")
        # garbage, and --crl without --cert
        bad = self.path("bad.crl")
        write(bad, "not a CRL")
        r = self.verify("--crl", bad)
        self.assertOneLineError(r, EX_KEY, "bad.crl: ", "no X.509 CRL")
        r = run("verify", "--trust", self.path("m.pub.pem"), "--crl", empty, self.text)
        self.assertOneLineError(r, EX_USAGE, "--crl is for --cert")


if __name__ == "__main__":
    unittest.main()
