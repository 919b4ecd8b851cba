"""The trust layer entirely through the CLI: 'dpp trust', 'dpp revoke' and
'dpp attest' make the lists and attestations that 'dpp encode --attestation'
and 'dpp verify --trust LIST --pin KEY' use (issue 4's end-to-end flow),
and every rejection the CLI reports for them."""
import json
import os
import time
import unittest

from clitest import (CliTestCase, EX_CANTCREAT, EX_INVALID, EX_KEY, EX_NOINPUT, EX_OK, EX_UNTRUSTED, EX_USAGE,
                     minimal, passport, read, run, write)

EX_REVOKED = 5
DAY = 86400


def utc(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class TrustCmdCase(CliTestCase):
    """An operator (EdDSA), a manufacturer (ES256) and a certification body
    (EdDSA) key pair, made with 'dpp keygen'."""

    def setUp(self):
        super().setUp()
        self.op_kid = self.keygen("op", "EdDSA")
        self.m_kid = self.keygen("m")
        self.c_kid = self.keygen("c", "EdDSA")
        self.now = int(time.time())
        self.tl = self.path("trust.cbor")

    def ok(self, *args):
        r = run(*args)
        self.assertEqual(r.rc, EX_OK, r)
        return r

    def trust(self, sub, *args):
        return run("trust", sub, *args)

    def make_list(self, valid_for="1d"):
        """trust init + add manufacturer + add certification body."""
        op = self.path("op.pem")
        self.ok("trust", "init", "--operator-key", op, "-o", self.tl, "--valid-for", valid_for)
        r = self.ok("trust", "add", self.tl, "--operator-key", op, "--key", self.path("m.pub.pem"),
                    "--role", "manufacturer", "--name", "Acme Steel GmbH", "--country", "DE",
                    "--id", "EORI:DE123456789012345", "--scope", "gtin-prefix=0400638")
        self.assertEqual(r.text, self.m_kid + "\n")
        r = self.ok("trust", "add", self.tl, "--operator-key", op, "--key", self.path("c.pub.pem"),
                    "--role", "certification-body", "--name", "TÜV SÜD", "--country", "DE",
                    "--scope", "claims=footprint,certifications")
        self.assertEqual(r.text, self.c_kid + "\n")
        self.assertIn("sequence 3, 2 entries", r.errtext)

    def verify(self, text, *extra, lst=None):
        return run("verify", "--trust", lst or self.tl, "--pin", self.path("op.pub.pem"), *extra, text)


class TestEndToEnd(TrustCmdCase):
    def test_issue_flow(self):
        # The operator's list: one manufacturer, one certification body.
        self.make_list()
        r = self.ok("trust", "show", self.tl, "--pin", self.path("op.pub.pem"), "--json")
        j = r.json()
        self.assertTrue(j["verified"])
        self.assertEqual((j["sequence"], j["n_entries"], j["signer_kid"]), (3, 2, self.op_kid))
        by_kid = {e["kid"]: e for e in j["entries"]}
        self.assertEqual(by_kid[self.m_kid]["role"], "manufacturer")
        self.assertEqual(by_kid[self.m_kid]["party"],
                         {"name": "Acme Steel GmbH", "country": "DE",
                          "operator_id": {"scheme": "EORI", "value": "DE123456789012345"}})
        self.assertEqual(by_kid[self.m_kid]["scope"], {"claims": None, "gtin_prefixes": ["0400638"], "categories": [],
                                                            "resolvers": []})
        self.assertEqual(by_kid[self.c_kid]["role"], "certifier")
        self.assertEqual(by_kid[self.c_kid]["scope"]["claims"], ["footprint", "certifications"])
        self.assertEqual(by_kid[self.c_kid]["alg"], "EdDSA")
        self.assertEqual(by_kid[self.c_kid]["public_key_pem"], read(self.path("c.pub.pem")))

        # The body attests the footprint of the manufacturer's passport.
        src = self.json_file(passport())
        att = self.path("footprint.att")
        r = self.ok("attest", "--key", self.path("c.pem"), "--claims", "footprint", "--binding", "batch", "-o", att,
                    src)
        self.assertRegex(r.errtext, r"^dpp: wrote .*footprint\.att \(attestation, \d+ bytes\): footprint per batch, "
                                    r"attester kid %s\n$" % self.c_kid)
        r = self.ok("attest", "show", "--passport", src, "--json", att)
        self.assertEqual({k: r.json()[k] for k in ("kid", "alg", "binding", "claims", "fits_passport")},
                         {"kid": self.c_kid, "alg": "EdDSA", "binding": "batch", "claims": ["footprint"],
                          "fits_passport": True})

        # The manufacturer signs the passport with the attestation inside.
        r = self.ok("encode", "--key", self.path("m.pem"), "--attestation", att, src)
        text = r.text.strip()

        # The verifier pins only the operator key.
        r = self.verify(text)
        self.assertEqual(r.rc, EX_OK, r)
        lines = r.text.splitlines()
        self.assertEqual(lines[-1], "VERIFIED")
        self.assertIn("  Signer         Acme Steel GmbH (DE), manufacturer from trust-list, kid %s" % self.m_kid, lines)
        self.assertIn("  Attested       footprint (per batch) by TÜV SÜD (DE), certifier from trust-list, kid %s"
                      % self.c_kid, lines)
        selfdecl = [l for l in lines if l.startswith("  Self-declared  ")]
        self.assertEqual(len(selfdecl), 1, r)
        self.assertNotIn("footprint", selfdecl[0])
        for claim in ("identity", "manufacturer", "materials", "cbam", "certifications"):
            self.assertIn(claim, selfdecl[0])
        j = self.verify(text, "--json").json()
        self.assertTrue(j["verified"])
        self.assertEqual(j["checks"]["attestation"], "pass")
        self.assertEqual(j["checks"]["role"], "pass")
        self.assertEqual(j["checks"]["scope"], "pass")
        self.assertEqual(j["claims_attested"], ["footprint"])
        self.assertNotIn("footprint", j["claims_self_declared"])
        self.assertIn("cbam", j["claims_self_declared"])
        self.assertEqual(j["attestations"][0]["attester"]["party"]["name"], "TÜV SÜD")
        self.assertEqual(j["signer"]["party"]["operator_id"]["value"], "DE123456789012345")
        # --operator is still the same option as --pin.
        r = run("verify", "--trust", self.tl, "--operator", self.path("op.pub.pem"), text)
        self.assertEqual(r.rc, EX_OK, r)

        # An attested figure changed after attestation: the attestation breaks.
        changed = passport()
        changed["footprint"]["total"] = "1.20"
        r = self.ok("encode", "--key", self.path("m.pem"), "--attestation", att, self.json_file(changed, "c.json"))
        r = self.verify(r.text.strip(), "--json")
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertEqual((r.json()["failed_check"], r.json()["error"]), ("attestation", "DPP_ERR_ATTESTATION_SIGNATURE"))

        # The operator revokes the manufacturer's key: REVOKED, exit 5.
        rl = self.path("revoked.cbor")
        self.ok("revoke", "init", "--operator-key", self.path("op.pem"), "-o", rl, "--valid-for", "1d")
        r = self.verify(text, "--revocations", rl)
        self.assertEqual(r.rc, EX_OK, r)  # an empty revocation list revokes nothing
        r = self.ok("revoke", "add", rl, "--operator-key", self.path("op.pem"), "--kid", self.m_kid,
                    "--reason", "key-compromise", "--date", "2026-01-15")
        self.assertIn("revoked 1 (1 new, 0 updated): key-compromise, effective 2026-01-15", r.errtext)
        r = self.verify(text, "--revocations", rl)
        self.assertEqual(r.rc, EX_REVOKED, r)
        self.assertIn("\n  Revoked        key revoked: key-compromise, effective 2026-01-15\n", r.text)
        self.assertTrue(r.text.splitlines()[-1].startswith("NOT VERIFIED: revocation check failed"), r)
        self.assertTrue(r.text.splitlines()[-1].endswith("(DPP_ERR_REVOKED)"), r)
        j = self.verify(text, "--revocations", rl, "--json").json()
        self.assertEqual(j["revocation"], {"kind": "key", "reason": "key-compromise", "date": "2026-01-15"})
        self.assertEqual(j["exit_code"], EX_REVOKED)
        # Lifted again: verified.
        self.ok("revoke", "remove", rl, "--operator-key", self.path("op.pem"), "--kid", self.m_kid)
        self.assertEqual(self.verify(text, "--revocations", rl).rc, EX_OK)

        # The body leaves the list: its attestation is no longer trusted.
        before = read(self.tl, "rb")
        r = self.ok("trust", "remove", self.tl, "--operator-key", self.path("op.pem"), "--kid", self.c_kid)
        self.assertIn("removed 1 entry of kid %s" % self.c_kid, r.errtext)
        self.assertIn("sequence 4, 1 entry", r.errtext)
        r = self.verify(text, "--json")
        self.assertEqual(r.rc, EX_UNTRUSTED, r)
        self.assertEqual((r.json()["failed_check"], r.json()["error"], r.json()["failed_attestation"]),
                         ("attestation", "DPP_ERR_ATTESTER_UNKNOWN", 0))
        # Without the attestation the passport verifies, all self-declared.
        r = self.verify(self.encode(passport(), "m"), "--json")
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.json()["claims_attested"], [])
        self.assertIn("footprint", r.json()["claims_self_declared"])
        # The older list (sequence 3, body still listed) is a rollback once
        # the verifier has seen sequence 4.
        write(self.path("old.cbor"), before)
        r = self.verify(text, "--min-sequence", "4", lst=self.path("old.cbor"))
        self.assertOneLineError(r, EX_UNTRUSTED, "old.cbor: ", "sequence 3 is older than 4")

        # A tampered list is rejected, by verify and by trust show --pin.
        data = bytearray(read(self.tl, "rb"))
        i = data.find(b"Acme Steel")
        data[i] ^= 0x20
        write(self.path("tampered.cbor"), bytes(data))
        r = self.verify(text, lst=self.path("tampered.cbor"))
        self.assertOneLineError(r, EX_INVALID, "tampered.cbor: ", "changed after signing")
        r = self.trust("show", self.path("tampered.cbor"), "--pin", self.path("op.pub.pem"))
        self.assertOneLineError(r, EX_INVALID, "tampered.cbor: ", "changed after signing")
        self.assertEqual(r.text, "")

        # A stale list (past next update + the 7-day grace) is rejected.
        stale = utc(self.now + DAY + 8 * DAY)
        plain = self.encode(passport(), "m")
        r = self.verify(plain, "--at", stale)
        self.assertOneLineError(r, EX_UNTRUSTED, "trust.cbor: ", "next update was due")
        r = self.trust("show", self.tl, "--pin", self.path("op.pub.pem"), "--at", stale)
        self.assertOneLineError(r, EX_UNTRUSTED, "trust.cbor: ", "next update was due")
        # Within the grace period: accepted with a warning.
        r = self.verify(plain, "--at", utc(self.now + 2 * DAY))
        self.assertEqual(r.rc, EX_OK, r)
        self.assertIn("past its next update", r.errtext)
        # The operator refreshes it: fresh again at that time.
        r = self.ok("trust", "sign", self.tl, "--operator-key", self.path("op.pem"), "--valid-for", "30d")
        self.assertIn("sequence 5, 1 entry", r.errtext)
        self.assertEqual(self.verify(plain, "--at", stale).rc, EX_OK)


class TestTrustCommands(TrustCmdCase):
    def test_show_without_pin_is_unverified(self):
        self.make_list()
        r = self.ok("trust", "show", self.tl)
        lines = r.text.splitlines()
        self.assertEqual(lines[0], "Trust list " + self.tl)
        self.assertEqual(lines[1], "  Signature      NOT CHECKED (no --pin): signed by kid " + self.op_kid)
        self.assertIn("  Sequence       3", lines)
        self.assertIn("  Entries        2", lines)
        self.assertIn("Entry 2: kid %s, manufacturer" % self.m_kid if self.m_kid > self.c_kid else
                      "Entry 1: kid %s, manufacturer" % self.m_kid, lines)
        self.assertIn("  Party          Acme Steel GmbH (DE), EORI DE123456789012345", lines)
        self.assertIn("  Key            ES256 public key", lines)
        self.assertIn("  Scope          GTIN prefixes 0400638", lines)
        self.assertIn("  Scope          claims footprint, certifications", lines)
        self.assertEqual(lines[-1], "UNVERIFIED: signature and freshness not checked (give --pin OPERATOR.pub.pem)")
        self.assertFalse(run("trust", "show", self.tl, "--json").json()["verified"])
        r = self.ok("trust", "show", self.tl, "--pin", self.path("op.pub.pem"))
        self.assertEqual(r.text.splitlines()[-1], "VERIFIED")
        # Another key is not the operator; among several pins the right one is used.
        r = self.trust("show", self.tl, "--pin", self.path("m.pub.pem"))
        self.assertOneLineError(r, EX_UNTRUSTED, "is signed by kid %s, which is not a pinned operator key" % self.op_kid)
        self.ok("trust", "show", self.tl, "--pin", self.path("m.pub.pem"), "--pin", self.path("op.pub.pem"))

    def test_window_and_roles(self):
        op = self.path("op.pem")
        self.ok("trust", "init", "--operator-key", op, "-o", self.tl)
        self.ok("trust", "add", self.tl, "-k", op, "--key", self.path("m.pem"), "--role", "manufacturer",
                "--name", "Acme", "--country", "DE", "--from", "2020-01-01", "--until", "2021-01-01")
        j = self.ok("trust", "show", self.tl, "--json").json()
        e = j["entries"][0]
        self.assertEqual((e["not_before_utc"], e["not_after_utc"]), ("2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"))
        self.assertNotIn("PRIVATE", e["public_key_pem"])
        text = self.encode(minimal(), "m")
        r = self.verify(text, "--json")
        self.assertEqual((r.rc, r.json()["failed_check"]), (EX_UNTRUSTED, "signer_window"))
        # A certification body cannot sign passports.
        self.ok("trust", "add", self.tl, "-k", op, "--key", self.path("c.pub.pem"), "--role", "certifier",
                "--name", "Body", "--country", "FR")
        r = self.verify(self.encode(minimal(), "c"), "--json")
        self.assertEqual((r.rc, r.json()["failed_check"]), (EX_UNTRUSTED, "role"))
        # --replace updates the manufacturer's entry (no window now).
        r = self.trust("add", self.tl, "-k", op, "--key", self.path("m.pub.pem"), "--role", "manufacturer",
                       "--name", "Acme", "--country", "DE")
        self.assertOneLineError(r, EX_USAGE, "already has an entry for kid %s as manufacturer" % self.m_kid,
                                "--replace")
        r = self.ok("trust", "add", self.tl, "-k", op, "--key", self.path("m.pub.pem"), "--role", "manufacturer",
                    "--name", "Acme", "--country", "DE", "--replace")
        self.assertIn("replaced kid %s as manufacturer" % self.m_kid, r.errtext)
        self.assertEqual(self.verify(text).rc, EX_OK)

    def test_private_key_gives_public_entry(self):
        self.ok("trust", "init", "--operator-key", self.path("op.pem"), "-o", self.tl)
        r = self.ok("trust", "add", self.tl, "-k", self.path("op.pem"), "--key", self.path("m.pem"),
                    "--role", "manufacturer", "--name", "Acme", "--country", "DE")
        self.assertIn("warning: %s: is a private key; only its public part goes into the list" % self.path("m.pem"),
                      r.errtext)
        self.assertNotIn(b"PRIVATE", read(self.tl, "rb"))
        self.assertEqual(r.text.strip(), self.m_kid)

    def test_certificate_entry(self):
        self.keygen("x", "ES256", "--cert", "--cn", "Acme signer")
        self.ok("trust", "init", "--operator-key", self.path("op.pem"), "-o", self.tl)
        self.ok("trust", "add", self.tl, "-k", self.path("op.pem"), "--key", self.path("x.crt.pem"),
                "--role", "manufacturer", "--name", "Acme", "--country", "DE")
        e = self.ok("trust", "show", self.tl, "--json").json()["entries"][0]
        self.assertEqual((e["key_type"], e["alg"]), ("certificate", "ES256"))
        self.assertIn("certificate_not_after", e)
        r = self.ok("trust", "show", self.tl)
        self.assertRegex(r.text, r"\n  Key            X\.509 certificate, ES256, valid \S+ to \S+\n")
        self.assertEqual(self.verify(self.encode(minimal(), "x")).rc, EX_OK)

    def test_key_rotation(self):
        self.make_list()
        self.keygen("op2", "EdDSA")
        # The new operator key alone cannot open the old list.
        r = self.trust("sign", self.tl, "--operator-key", self.path("op2.pem"))
        self.assertOneLineError(r, EX_UNTRUSTED, "not a pinned operator key", "--pin")
        r = self.ok("trust", "sign", self.tl, "--operator-key", self.path("op2.pem"), "--pin",
                    self.path("op.pub.pem"), "-o", self.path("new.cbor"))
        self.assertIn("sequence 4, 2 entries", r.errtext)
        text = self.encode(minimal(), "m")
        r = run("verify", "--trust", self.path("new.cbor"), "--pin", self.path("op2.pub.pem"), text)
        self.assertEqual(r.rc, EX_OK, r)
        r = run("verify", "--trust", self.path("new.cbor"), "--pin", self.path("op.pub.pem"), text)
        self.assertOneLineError(r, EX_UNTRUSTED, "new.cbor: ")
        # The original file was not touched (-o).
        self.assertEqual(self.ok("trust", "show", self.tl, "--json").json()["sequence"], 3)

    def test_sequence_and_validity(self):
        op = self.path("op.pem")
        self.ok("trust", "init", "--operator-key", op, "-o", self.tl, "--sequence", "10", "--valid-for", "2d",
                "--issued", "@%d" % (self.now - 100))
        j = self.ok("trust", "show", self.tl, "--json").json()
        self.assertEqual((j["sequence"], j["next_update"] - j["issued_at"], j["issued_at"]), (10, 2 * DAY,
                                                                                               self.now - 100))
        # Edits keep the period and count up.
        self.ok("trust", "sign", self.tl, "-k", op)
        j = self.ok("trust", "show", self.tl, "--json").json()
        self.assertEqual((j["sequence"], j["next_update"] - j["issued_at"]), (11, 2 * DAY))
        r = self.trust("sign", self.tl, "-k", op, "--sequence", "11")
        self.assertOneLineError(r, EX_USAGE, "--sequence 11 must be higher than the list's sequence 11")
        self.ok("trust", "sign", self.tl, "-k", op, "--sequence", "20")
        self.assertEqual(self.ok("trust", "show", self.tl, "--json").json()["sequence"], 20)

    def test_edit_errors_leave_the_list_alone(self):
        self.make_list()
        before = read(self.tl, "rb")
        op = self.path("op.pem")
        cases = [
            (("add", self.tl, "-k", op, "--key", self.path("m.pub.pem"), "--role", "manufacturer", "--name", "A",
              "--country", "XX"), EX_USAGE, "party.country: \"XX\" is not an assigned ISO 3166-1 code"),
            (("add", self.tl, "-k", op, "--key", self.path("m.pub.pem"), "--role", "boss", "--name", "A",
              "--country", "DE"), EX_USAGE, "--role: 'boss' is not manufacturer, certification-body"),
            (("add", self.tl, "-k", op, "--key", self.path("m.pub.pem"), "--role", "manufacturer", "--name", "A",
              "--country", "DE", "--scope", "claims=footprint,co2"), EX_USAGE, "--scope claims: 'co2' is not a claim"),
            (("add", self.tl, "-k", op, "--key", self.path("m.pub.pem"), "--role", "manufacturer", "--name", "A",
              "--country", "DE", "--scope", "gtin-prefix=40x"), EX_USAGE, "--scope gtin-prefix: '40x' is not 1..14"),
            (("add", self.tl, "-k", op, "--key", self.path("m.pub.pem"), "--role", "manufacturer", "--name", "A",
              "--country", "DE", "--scope", "color=red"), EX_USAGE, "--scope: unknown key 'color'"),
            (("add", self.tl, "-k", op, "--key", self.path("m.pub.pem"), "--role", "manufacturer", "--name", "A",
              "--country", "DE", "--from", "2026-02-01", "--until", "2026-01-01"), EX_USAGE,
             "--until must be after --from"),
            (("add", self.tl, "-k", op, "--key", self.path("m.pub.pem"), "--role", "manufacturer", "--name", "A",
              "--country", "DE", "--id", "EORI"), EX_USAGE, "--id: 'EORI' is not SCHEME:VALUE"),
            (("add", self.tl, "-k", op, "--key", self.path("m.pub.pem"), "--name", "A", "--country", "DE"),
             EX_USAGE, "--role ROLE is required"),
            (("add", self.tl, "-k", op, "--key", self.path("nope.pem"), "--role", "manufacturer", "--name", "A",
              "--country", "DE"), EX_NOINPUT, "nope.pem: cannot open"),
            (("add", self.tl, "-k", self.path("op.pub.pem"), "--key", self.path("m.pub.pem"), "--role",
              "manufacturer", "--name", "A", "--country", "DE", "--replace"), EX_KEY,
             "op.pub.pem: is a public key or certificate; signing needs the private key file"),
            (("add", self.tl, "-k", self.path("m.pem"), "--key", self.path("m.pub.pem"), "--role",
              "manufacturer", "--name", "A", "--country", "DE", "--replace"), EX_UNTRUSTED,
             "trust.cbor: trust list is signed by kid %s, which is not a pinned operator key" % self.op_kid),
            (("add", self.tl, "-k", op, "--kid", self.m_kid), EX_USAGE, "--kid is not an option of 'dpp trust add'"),
            (("remove", self.tl, "-k", op, "--kid", "00112233"), EX_USAGE, "--kid: '00112233' is not 16 hex digits"),
            (("remove", self.tl, "-k", op), EX_USAGE, "--kid HEX or --key FILE"),
            (("remove", self.tl, "-k", op, "--kid", "0011223344556677"), EX_INVALID,
             "trust.cbor: no entry has kid 0011223344556677"),
            (("remove", self.tl, "-k", op, "--kid", self.m_kid, "--role", "certifier"), EX_INVALID,
             "no entry has kid %s as certifier" % self.m_kid),
            (("remove", self.tl, "--kid", self.m_kid), EX_USAGE, "--operator-key OP.pem is required"),
            (("show", self.tl, "--operator-key", op), EX_USAGE, "--operator-key is not an option of 'dpp trust show'"),
            (("init", "-k", op, "-o", self.tl), EX_CANTCREAT, "already exists (use --force"),
            (("init", "-k", op), EX_USAGE, "-o LIST.cbor is required"),
            (("frobnicate",), EX_USAGE, "unknown subcommand 'frobnicate'"),
            (("sign", self.tl, "-k", op, "--valid-for", "soon"), EX_USAGE, "--valid-for: 'soon' is not a duration"),
        ]
        for args, rc, needle in cases:
            with self.subTest(args=args[:6]):
                self.assertOneLineError(run("trust", *args), rc, needle)
        self.assertEqual(read(self.tl, "rb"), before)
        self.assertEqual(sorted(f for f in self.listdir() if f.startswith(".")), [])  # no temporary files
        # Removing by key file instead of kid, one role only.
        r = self.ok("trust", "remove", self.tl, "-k", op, "--key", self.path("m.pem"), "--role", "manufacturer")
        self.assertIn("removed 1 entry of kid %s" % self.m_kid, r.errtext)
        # --force replaces an existing list with an empty one.
        self.ok("trust", "init", "-k", op, "-o", self.tl, "--force")
        self.assertEqual(self.ok("trust", "show", self.tl, "--json").json()["n_entries"], 0)

    def test_wrong_files(self):
        self.make_list()
        rl = self.path("rl.cbor")
        self.ok("revoke", "init", "-k", self.path("op.pem"), "-o", rl)
        r = self.trust("show", rl, "--pin", self.path("op.pub.pem"))
        self.assertOneLineError(r, EX_KEY, "rl.cbor: this is a revocation list, not a trust list")
        r = run("revoke", "show", self.tl)
        self.assertOneLineError(r, EX_KEY, "trust.cbor: this is a trust list, not a revocation list")
        src = self.json_file(minimal())
        r = self.trust("show", src)
        self.assertOneLineError(r, EX_KEY, "p.json: is not a signed trust list")
        r = self.trust("show", self.path("missing.cbor"))
        self.assertOneLineError(r, EX_NOINPUT, "missing.cbor: cannot open")

    def test_help(self):
        for args in (("trust", "--help"), ("help", "trust"), ("trust", "add", "--help")):
            r = self.ok(*args)
            self.assertTrue(r.text.startswith("Usage: dpp trust init"), r)
            self.assertIn("dpp keygen", r.text)
            self.assertIn("Examples:", r.text)
            self.assertIn("dpp verify --trust trust.cbor --pin operator.pub.pem", r.text)
        for cmd in ("revoke", "attest"):
            r = self.ok("help", cmd)
            self.assertTrue(r.text.startswith("Usage: dpp %s" % cmd), r)
            self.assertIn("Examples:", r.text)
        r = self.ok("--help")
        for cmd in ("trust", "revoke", "attest"):
            self.assertRegex(r.text, r"\n  %s +\S" % cmd)
        self.assertIn("--pin FILE", self.ok("verify", "--help").text)
        r = self.ok("trust", "keygen", "--alg", "EdDSA", "--out", self.path("op3.pem"))
        self.assertRegex(r.text, r"^[0-9a-f]{16}\n$")
        self.assertTrue(os.path.exists(self.path("op3.pub.pem")))
        r = run("trust")
        self.assertEqual(r.rc, EX_USAGE)
        self.assertTrue(r.errtext.startswith("Usage: dpp trust"))


class TestRevokeCommands(TrustCmdCase):
    def test_compact(self):
        """sign --compact (spec/trust.md 6.5): passports and batches as salted
        hashes in -o OUT; verifiers find them; the compact list is not edited."""
        self.make_list()
        rl, cl = self.path("rl.cbor"), self.path("compact.cbor")
        op = self.path("op.pem")
        self.ok("revoke", "init", "-k", op, "-o", rl)
        full = self.encode(passport(), "m")
        other = self.encode(minimal(), "m")
        self.ok("revoke", "add", rl, "-k", op, "--batch", "4006381333931:L2025-06", "--reason", "recall",
                "--date", "2025-08-01")
        ids = ["%08x-0000-4000-8000-%012x" % (i, i) for i in range(200)]
        args = []
        for i in ids:
            args += ["--passport", i]
        self.ok("revoke", "add", rl, "-k", op, "--reason", "fraud", "--date", "2025-09-01", *args)
        self.ok("revoke", "add", rl, "-k", op, "--kid", self.c_kid, "--reason", "superseded", "--date", "2026-01-01")
        before = read(rl, "rb")
        r = self.ok("revoke", "sign", rl, "-k", op, "--compact", "-o", cl)
        self.assertEqual(read(rl, "rb"), before)  # the exact list stays
        exact, compact = os.path.getsize(rl), os.path.getsize(cl)
        self.assertLess(compact, exact * 6 // 10, (compact, exact))
        # Two signings differ (a fresh salt each time).
        self.ok("revoke", "sign", rl, "-k", op, "--compact", "-o", self.path("compact2.cbor"))
        self.assertNotEqual(read(cl, "rb")[-200:], read(self.path("compact2.cbor"), "rb")[-200:])
        r = self.verify(full, "--revocations", cl, "--json", "--no-state")
        self.assertEqual(r.rc, EX_REVOKED, r)
        self.assertEqual(r.json()["revocation"], {"kind": "batch", "reason": "recall", "date": "2025-08-01"})
        self.assertIn("(compact)", r.json()["message"] if "message" in r.json() else r.text)
        self.assertEqual(self.verify(other, "--revocations", cl, "--no-state").rc, EX_OK)
        j = self.ok("revoke", "show", cl, "--pin", self.path("op.pub.pem"), "--json").json()
        self.assertTrue(j["verified"])
        self.assertEqual(j["n_entries"], 202)
        kinds = [x["kind"] for x in j["revocations"]]
        self.assertEqual(kinds, ["key"] + ["hashed"] * 201)
        self.assertRegex(j["revocations"][1]["hash"], "^[0-9a-f]{16}$")
        self.assertEqual(sorted({x["reason"] for x in j["revocations"][1:]}), ["fraud", "recall"])
        # A compact list is not edited, and --compact never overwrites its input.
        kept = read(cl, "rb")
        self.assertOneLineError(run("revoke", "add", cl, "-k", op, "--kid", self.m_kid, "--reason", "recall"),
                                EX_KEY, "is a compact revocation list")
        self.assertOneLineError(run("revoke", "sign", cl, "-k", op, "--compact", "-o", self.path("c3.cbor")),
                                EX_KEY, "already a compact revocation list")
        self.assertEqual(read(cl, "rb"), kept)
        self.assertOneLineError(run("revoke", "sign", rl, "-k", op, "--compact"), EX_USAGE, "give -o OUT other than")
        self.assertOneLineError(run("revoke", "sign", rl, "-k", op, "--compact", "-o", rl), EX_USAGE,
                                "give -o OUT other than")
        self.assertOneLineError(run("revoke", "add", rl, "-k", op, "--compact", "--kid", self.m_kid, "--reason",
                                    "recall"), EX_USAGE, "--compact is not an option of 'dpp revoke add'")
        self.assertEqual(read(rl, "rb"), before)

    def test_passport_and_batch(self):
        self.make_list()
        rl = self.path("rl.cbor")
        op = self.path("op.pem")
        self.ok("revoke", "init", "-k", op, "-o", rl)
        full = self.encode(passport(), "m")
        other = self.encode(minimal(), "m")
        r = self.ok("revoke", "add", rl, "-k", op, "--passport", "0b5c3a8e-9d6f-4e21-a7b3-5f2e8c1d4a90",
                    "--reason", "recall", "--date", "2025-07-31")
        self.assertIn("sequence 2, 1 entry", r.errtext)
        r = self.verify(full, "--revocations", rl, "--json")
        self.assertEqual(r.rc, EX_REVOKED, r)
        self.assertEqual(r.json()["revocation"], {"kind": "passport", "reason": "recall", "date": "2025-07-31"})
        self.assertEqual(self.verify(other, "--revocations", rl).rc, EX_OK)
        # The batch instead (GTIN-13 as in the passport); revoking again updates.
        self.ok("revoke", "remove", rl, "-k", op, "--passport", "0b5c3a8e9d6f4e21a7b35f2e8c1d4a90")
        self.ok("revoke", "add", rl, "-k", op, "--batch", "4006381333931:L2025-06", "--reason", "fraud")
        r = self.ok("revoke", "add", rl, "-k", op, "--batch", "4006381333931:L2025-06", "--reason", "recall",
                    "--date", "2025-08-01")
        self.assertIn("revoked 1 (0 new, 1 updated): recall, effective 2025-08-01", r.errtext)
        r = self.verify(full, "--revocations", rl, "--json")
        self.assertEqual(r.rc, EX_REVOKED, r)
        self.assertEqual(r.json()["revocation"], {"kind": "batch", "reason": "recall", "date": "2025-08-01"})
        # Several at once, and show.
        self.keygen("old")
        self.ok("revoke", "add", rl, "-k", op, "--key", self.path("old.pub.pem"), "--kid", self.c_kid,
                "--reason", "superseded", "--date", "2026-01-01")
        r = self.ok("revoke", "show", rl, "--pin", self.path("op.pub.pem"))
        lines = r.text.splitlines()
        self.assertEqual(lines[0], "Revocation list " + rl)
        self.assertIn("  Entries        3", lines)
        self.assertIn("  key %s: superseded, effective 2026-01-01" % self.c_kid, lines)
        self.assertIn("  batch L2025-06 of GTIN 04006381333931: recall, effective 2025-08-01", lines)
        self.assertEqual(lines[-1], "VERIFIED")
        j = self.ok("revoke", "show", rl, "--json").json()
        self.assertFalse(j["verified"])
        self.assertEqual(j["sequence"], 6)
        self.assertEqual([x["kind"] for x in j["revocations"]], ["key", "key", "batch"])
        # Errors: one line each, the list unchanged.
        before = read(rl, "rb")
        cases = [
            (("add", rl, "-k", op, "--kid", self.m_kid), EX_USAGE, "--reason is required"),
            (("add", rl, "-k", op, "--kid", self.m_kid, "--reason", "lost"), EX_USAGE, "--reason: 'lost' is not"),
            (("add", rl, "-k", op, "--reason", "recall"), EX_USAGE, "name what to revoke"),
            (("add", rl, "-k", op, "--passport", "1234", "--reason", "recall"), EX_USAGE,
             "--passport: '1234' is not a passport id"),
            (("add", rl, "-k", op, "--batch", "4006381333931", "--reason", "recall"), EX_USAGE,
             "--batch: '4006381333931' is not GTIN:BATCH"),
            (("add", rl, "-k", op, "--batch", "4006381333932:L1", "--reason", "recall"), EX_USAGE,
             "is not a valid GTIN"),
            (("add", rl, "-k", op, "--kid", self.m_kid, "--reason", "recall", "--date", "2025-13-01"), EX_USAGE,
             "--date: '2025-13-01' is not a date"),
            (("remove", rl, "-k", op, "--kid", self.m_kid), EX_INVALID, "key %s is not revoked in this list" % self.m_kid),
            (("remove", rl, "-k", op, "--kid", self.c_kid, "--reason", "recall"), EX_USAGE,
             "--reason is not an option of 'dpp revoke remove'"),
            (("show", rl, "--kid", self.c_kid), EX_USAGE, "--kid is not an option of 'dpp revoke show'"),
            (("init", "-k", op, "-o", rl), EX_CANTCREAT, "already exists"),
        ]
        for args, rc, needle in cases:
            with self.subTest(args=args[:5]):
                self.assertOneLineError(run("revoke", *args), rc, needle)
        self.assertEqual(read(rl, "rb"), before)

    def test_stale_and_tampered_revocation_list(self):
        self.make_list(valid_for="30d")
        rl = self.path("rl.cbor")
        self.ok("revoke", "init", "-k", self.path("op.pem"), "-o", rl, "--valid-for", "1d")
        text = self.encode(minimal(), "m")
        r = self.verify(text, "--revocations", rl, "--at", utc(self.now + 9 * DAY))
        self.assertOneLineError(r, EX_UNTRUSTED, "rl.cbor: revocation list next update was due")
        r = run("revoke", "show", rl, "--pin", self.path("op.pub.pem"), "--at", utc(self.now + 9 * DAY))
        self.assertOneLineError(r, EX_UNTRUSTED, "rl.cbor: revocation list next update was due")
        data = bytearray(read(rl, "rb"))
        data[-1] ^= 1  # the signature's last byte
        write(self.path("bad.cbor"), bytes(data))
        r = self.verify(text, "--revocations", self.path("bad.cbor"))
        self.assertOneLineError(r, EX_INVALID, "bad.cbor: ", "changed after signing")


class TestAttestCommand(TrustCmdCase):
    def test_errors(self):
        src = self.json_file(passport())
        att = self.path("a.att")
        cases = [
            (("--key", self.path("c.pem"), "--claims", "footprint", "-o", att, self.json_file(minimal(), "m.json")),
             EX_INVALID, "m.json: ", "footprint"),
            (("--key", self.path("c.pem"), "--claims", "footprint", "--binding", "item", "-o", att,
              self.json_file(minimal(), "m.json")), EX_INVALID, "m.json: "),
            (("--key", self.path("c.pem"), "--claims", "footprint,co2", "-o", att, src), EX_USAGE,
             "--claims: 'co2' is not a claim"),
            (("--key", self.path("c.pem"), "--claims", "footprint", "--binding", "lot", "-o", att, src), EX_USAGE,
             "--binding: 'lot' is not passport, batch, item or product"),
            (("--key", self.path("c.pub.pem"), "--claims", "footprint", "-o", att, src), EX_KEY,
             "c.pub.pem: is a public key"),
            (("--claims", "footprint", "-o", att, src), EX_USAGE, "--key BODY.pem is required"),
            (("--key", self.path("c.pem"), "-o", att, src), EX_USAGE, "--claims is required"),
        ]
        for args, rc, *needles in cases:
            with self.subTest(args=args[:4]):
                self.assertOneLineError(run("attest", *args), rc, *needles)
        self.assertFalse(os.path.exists(att))
        # The default binding is this passport only: another id breaks it.
        self.ok("attest", "--key", self.path("c.pem"), "--claims", "footprint,cbam", "-o", att, src)
        r = self.ok("attest", "show", att)
        self.assertIn("  Claims         footprint, cbam", r.text.splitlines())
        self.assertIn("  Binding        passport", r.text.splitlines())
        other = passport(id="0b5c3a8e-9d6f-4e21-a7b3-5f2e8c1d4a91")
        r = run("attest", "show", "--passport", self.json_file(other, "o.json"), att)
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertIn("  Passport       does NOT fit ", r.text)
        self.assertEqual(len(r.errtext.splitlines()), 1, r)
        r = run("attest", "show", self.path("m.pub.pem"))
        self.assertEqual(len(r.errtext.splitlines()), 1, r)
        self.assertNotEqual(r.rc, EX_OK)


if __name__ == "__main__":
    unittest.main()
