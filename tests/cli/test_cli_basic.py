"""dpp keygen / encode / verify / inspect / schema / --help / --version."""
import json
import os
import re
import stat
import time
import unittest
import zlib

from clitest import (CliTestCase, DPP, EX_CANTCREAT, EX_EXPIRED, EX_INVALID, EX_MALFORMED, EX_OK, EX_UNTRUSTED,
                     EX_USAGE, SOURCE_DIR, minimal, passport, read, run, write)

CHECKS = ["prefix", "base45", "inflate", "cose", "alg", "kid", "signature", "key_validity", "claims", "iat", "exp",
          "schema", "signer_window", "role", "scope", "revocation", "attestation", "link"]


class TestGeneral(CliTestCase):
    def test_version(self):
        r = run("--version")
        self.assertEqual(r.rc, 0, r)
        self.assertRegex(r.text, r"^dpp \d+\.\d+\.\d+ \(libdpp \d+\.\d+\.\d+\)\n$")
        self.assertEqual(run("-V").out, r.out)

    def test_main_help_lists_commands_and_exit_codes(self):
        r = run("--help")
        self.assertEqual(r.rc, 0, r)
        for cmd in ["keygen", "encode", "label", "verify", "inspect", "cose", "schema"]:
            self.assertRegex(r.text, r"\n  %s " % cmd)
        for code in ["0", "1", "2", "3", "4", "5", "64", "65", "66", "70", "73", "130"]:
            self.assertRegex(r.text, r"\n +%s  \S" % code)

    def test_every_command_has_help_with_examples(self):
        for cmd in ["keygen", "encode", "label", "verify", "inspect", "cose", "schema"]:
            for flag in ["--help", "-h"]:
                r = run(cmd, flag)
                self.assertEqual(r.rc, 0, (cmd, r))
                self.assertTrue(r.text.startswith("Usage: dpp %s" % cmd), (cmd, r))
                self.assertIn("Example", r.text, cmd)
                self.assertEqual(r.err, b"")
            self.assertEqual(run("help", cmd).out, run(cmd, "--help").out)

    def test_man_page_is_made_from_the_help_texts(self):
        """'dpp --man' writes dpp(1) from the same table as the help texts:
        each command's section is its help, line for line; cli/dpp.1 is
        that output (refresh it with the dpp_man build target)."""
        r = run("--man")
        self.assertEqual(r.rc, 0, r)
        page = r.text
        with open(os.path.join(SOURCE_DIR, "cli", "dpp.1"), encoding="utf-8") as f:
            self.assertEqual(f.read(), page, "cli/dpp.1 is out of date: build the dpp_man target")
        commands = re.findall(r"^  (\w+) {2,}", run("--help").text.split("Commands:\n")[1].split("\n\n")[0], re.M)
        self.assertIn("trust", commands)
        for cmd in commands:
            if cmd == "help":
                continue
            m = re.search(r"^\.SS dpp %s\n\.nf\n(.*?)^\.fi\n" % cmd, page, re.M | re.S)
            self.assertIsNotNone(m, cmd)
            text = re.sub(r"^\\&", "", m.group(1), flags=re.M).replace("\\-", "-")
            text = re.sub(r"\\\[u([0-9A-F]{4,6})\]", lambda u: chr(int(u.group(1), 16)), text).replace("\\e", "\\")
            self.assertEqual(text, run(cmd, "--help").text, cmd)
            self.assertIn("\n.B %s\n" % cmd, page)

    def test_no_arguments_is_usage_error(self):
        r = run()
        self.assertEqual(r.rc, EX_USAGE)
        self.assertIn("Usage: dpp COMMAND", r.errtext)

    def test_unknown_command(self):
        self.assertOneLineError(run("frobnicate"), EX_USAGE, "unknown command 'frobnicate'")
        self.assertOneLineError(run("help", "frobnicate"), EX_USAGE, "unknown command 'frobnicate'")


class TestKeygen(CliTestCase):
    def test_default_es256_files_permissions_and_kid(self):
        kid = self.keygen("signer")
        self.assertRegex(kid, r"^[0-9a-f]{16}$")
        self.assertEqual(self.listdir(), ["signer.pem", "signer.pub.pem"])
        mode = stat.S_IMODE(os.stat(self.path("signer.pem")).st_mode)
        self.assertEqual(mode, 0o600)
        self.assertIn("-----BEGIN PRIVATE KEY-----", read(self.path("signer.pem")))
        self.assertIn("-----BEGIN PUBLIC KEY-----", read(self.path("signer.pub.pem")))
        pub_mode = stat.S_IMODE(os.stat(self.path("signer.pub.pem")).st_mode)
        self.assertEqual(pub_mode & 0o022, 0)  # never writable by others

    def test_private_key_is_0600_even_with_a_permissive_umask(self):
        old = os.umask(0)
        try:
            self.keygen("k")
        finally:
            os.umask(old)
        self.assertEqual(stat.S_IMODE(os.stat(self.path("k.pem")).st_mode), 0o600)

    def test_all_algorithms_sign_and_verify(self):
        for alg in ["ES256", "ES384", "EdDSA", "PS256"]:
            with self.subTest(alg=alg):
                kid = self.keygen(alg, alg)
                text = self.encode(minimal(), alg)
                r = run("verify", "--trust", self.path(alg + ".pub.pem"), "--json", text)
                self.assertEqual(r.rc, 0, r)
                self.assertEqual(r.json()["claims"]["alg"], alg)
                self.assertEqual(r.json()["claims"]["kid"], kid)

    def test_cert_is_written_and_trusted(self):
        self.keygen("c", "EdDSA", "--cert", "--cn", "Acme DPP signer", "--days", "10")
        self.assertEqual(self.listdir(), ["c.crt.pem", "c.pem", "c.pub.pem"])
        self.assertIn("-----BEGIN CERTIFICATE-----", read(self.path("c.crt.pem")))
        text = self.encode(minimal(), "c")
        r = run("verify", "--trust", self.path("c.crt.pem"), text)
        self.assertEqual(r.rc, 0, r)
        self.assertRegex(r.text, r"\n  key_validity  PASS\n")
        # The certificate is valid for 10 days only.
        later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 20 * 86400))
        r = run("verify", "--trust", self.path("c.crt.pem"), "--at", later, text)
        self.assertEqual(r.rc, EX_UNTRUSTED, r)
        self.assertRegex(r.text, r"\n  key_validity  FAIL ")
        self.assertTrue(r.text.endswith("(DPP_ERR_KEY_NOT_VALID)\n"), r)

    def test_never_overwrites_without_force(self):
        self.keygen("k")
        before = read(self.path("k.pem"))
        r = run("keygen", "--out", self.path("k.pem"))
        self.assertOneLineError(r, EX_CANTCREAT, "refusing to overwrite", "k.pem: it already exists (use --force)")
        self.assertEqual(read(self.path("k.pem")), before)
        # The public key alone existing also blocks, and nothing is written.
        os.remove(self.path("k.pem"))
        r = run("keygen", "--out", self.path("k.pem"))
        self.assertOneLineError(r, EX_CANTCREAT, "k.pub.pem: it already exists")
        self.assertEqual(self.listdir(), ["k.pub.pem"])
        r = run("keygen", "--out", self.path("k.pem"), "--force")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(self.listdir(), ["k.pem", "k.pub.pem"])

    def test_unknown_alg_and_missing_out(self):
        self.assertOneLineError(run("keygen", "--alg", "RS1", "--out", self.path("x.pem")), EX_USAGE,
                                "unknown algorithm 'RS1'")
        self.assertOneLineError(run("keygen"), EX_USAGE, "--out KEY.pem is required")
        self.assertEqual(self.listdir(), [])

    def test_unwritable_directory_leaves_nothing(self):
        r = run("keygen", "--out", self.path("missing", "k.pem"))
        self.assertOneLineError(r, EX_CANTCREAT, "cannot create")
        self.assertEqual(self.listdir(), [])


class TestEncode(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")

    def test_text_to_stdout_and_file(self):
        text = self.encode()
        self.assertTrue(text.startswith("DPP1:"))
        self.assertRegex(text, r"^DPP1:[0-9A-Z $%*+\-./:]+$")
        out = self.path("out.txt")
        r = run("encode", "--key", self.path("k.pem"), "-o", out, self.json_file(passport()))
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.out, b"")
        self.assertRegex(read(out), r"^DPP1:[^\n]+\n$")
        self.assertEqual(sorted(os.listdir(self.dir)), ["k.pem", "k.pub.pem", "out.txt", "p.json"])

    def test_stdin_input(self):
        r = run("encode", "--key", self.path("k.pem"), "-", stdin=json.dumps(minimal()))
        self.assertEqual(r.rc, 0, r)
        self.assertTrue(r.text.startswith("DPP1:"))

    def test_formats(self):
        src = self.json_file(passport())
        k = self.path("k.pem")
        r = run("encode", "--key", k, "--format", "svg", src)
        self.assertEqual(r.rc, 0, r)
        self.assertIn("<svg", r.text)
        r = run("encode", "--key", k, "--format", "png", "-o", self.path("q.png"), src)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(read(self.path("q.png"), "rb")[:8], b"\x89PNG\r\n\x1a\n")
        r = run("encode", "--key", k, "--format", "term", src)
        self.assertEqual(r.rc, 0, r)
        self.assertIn("\u2580", r.text + "\u2580")  # half blocks (or at least text)
        self.assertGreater(len(r.text.splitlines()), 20)
        r = run("encode", "--key", k, "--format", "cose", "-o", self.path("m.cose"), src)
        self.assertEqual(r.rc, 0, r)
        cose = read(self.path("m.cose"), "rb")
        self.assertEqual(cose[0], 0xD2)  # tag 18
        r = run("cose", "verify", "--key", self.path("k.pub.pem"), self.path("m.cose"))
        self.assertEqual(r.rc, 0, r)

    def test_exp_and_iat_options(self):
        text = self.encode(minimal(), "k", "--iat", "2025-01-01T00:00:00Z", "--exp", "2025-07-01",
                           "--iss", "did:web:acme.example")
        pub = self.path("k.pub.pem")
        r = run("verify", "--trust", pub, "--at", "2025-03-01T12:00:00+01:00", "--json", text)
        self.assertEqual(r.rc, 0, r)
        c = r.json()["claims"]
        self.assertEqual(c["iat"], 1735689600)
        self.assertEqual(c["exp"], 1751328000)
        self.assertEqual(c["exp_utc"], "2025-07-01T00:00:00Z")
        self.assertEqual(c["iss"], "did:web:acme.example")
        r = run("verify", "--trust", pub, "--at", "2025-07-01", text)
        self.assertEqual(r.rc, EX_EXPIRED, r)
        self.assertRegex(r.text, r"\n  exp           FAIL ")
        self.assertIn("NOT VERIFIED: exp check failed", r.text)
        r = run("verify", "--trust", pub, "--at", "2024-12-31T23:00:00Z", text)
        self.assertEqual(r.rc, EX_EXPIRED, r)
        self.assertIn("(DPP_ERR_NOT_YET_VALID)", r.text)

    def test_valid_for(self):
        text = self.encode(minimal(), "k", "--iat", "@1700000000", "--valid-for", "2w")
        r = run("inspect", "--json", text)
        self.assertEqual(r.json()["claims"]["exp"], 1700000000 + 14 * 86400)

    def test_compress_and_sizes(self):
        src = self.json_file(passport())
        r = run("encode", "--key", self.path("k.pem"), "--compress", "never", "--sizes", src)
        self.assertEqual(r.rc, 0, r)
        self.assertRegex(r.errtext, r"^dpp: sizes: passport CBOR \d+, CWT claims \d+, COSE \d+, zlib 0 \(not used\), "
                                    r"text \d+ characters\n$")
        r2 = run("inspect", "--json", r.text.strip())
        self.assertFalse(r2.json()["claims"]["compressed"])
        r = run("encode", "--key", self.path("k.pem"), "--compress", "always", src)
        self.assertTrue(run("inspect", "--json", r.text.strip()).json()["claims"]["compressed"])

    def test_ecc_changes_symbol(self):
        src = self.json_file(minimal())
        sizes = []
        for ecc in ["L", "H"]:
            r = run("encode", "--key", self.path("k.pem"), "--format", "svg", "--ecc", ecc, "--iat", "@1700000000",
                    "--module-px", "1", "--border", "0", src)
            self.assertEqual(r.rc, 0, r)
            sizes.append(int(re.search(r'viewBox="0 0 (\d+) ', r.text).group(1)))
        self.assertLess(sizes[0], sizes[1])

    def test_refuses_binary_on_terminal_only(self):
        # Not a terminal here: PNG to a pipe is fine.
        r = run("encode", "--key", self.path("k.pem"), "--format", "png", self.json_file(minimal()))
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.out[:4], b"\x89PNG")


class TestVerifyAndInspect(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")
        self.text = self.encode()
        write(self.path("t.txt"), self.text + "\n")

    def test_human_report(self):
        r = run("verify", "--trust", self.path("k.pub.pem"), "--in", self.path("t.txt"))
        self.assertEqual(r.rc, EX_OK, r)
        lines = r.text.splitlines()
        self.assertEqual(lines[-1], "VERIFIED")
        for name in CHECKS:
            self.assertRegex(r.text, r"\n  %-13s (PASS|SKIPPED)\n" % name)
        for fact in ["Product        Hot-rolled steel coil S235JR", "GTIN           04006381333931",
                     "Batch          L2025-06", "Serial         SN000123",
                     "Passport id    0b5c3a8e-9d6f-4e21-a7b3-5f2e8c1d4a90",
                     "Manufacturer   Acme Steel GmbH (DE), EORI DE123456789012345",
                     "Footprint      1.85 kgCO2e per TNE (cradle-to-gate, ISO 14067",
                     "CBAM           CN 72083900, origin DE, SEE direct 1.72 tCO2e/t, indirect 0.13",
                     "Certification  ISO 14001 EMS-2024-0042 by TÜV SÜD"]:
            self.assertIn("\n  " + fact, r.text)
        self.assertEqual(r.err, b"")

    def test_sources_agree(self):
        pub = self.path("k.pub.pem")
        for args, stdin in [((self.text,), None), (("--in", self.path("t.txt")), None), (("-",), self.text),
                            (("--in", "-"), self.text + "\r\n"), ((), self.text)]:
            r = run("verify", "--trust", pub, "--json", *args, stdin=stdin)
            self.assertEqual(r.rc, 0, (args, r))
            self.assertTrue(r.json()["verified"])

    def test_json_shape(self):
        r = run("verify", "--trust", self.path("k.pub.pem"), "--json", "--at", "2030-01-01", self.text)
        self.assertEqual(r.rc, 0, r)
        j = r.json()
        self.assertEqual(list(j.keys()), ["verified", "error", "message", "failed_check", "exit_code", "source", "form",
                                          "resolver", "at", "at_utc", "checks", "claims", "passport", "signer",
                                          "attestations", "claims_attested", "claims_self_declared"])
        self.assertEqual((j["form"], j["resolver"]), ("text", None))
        self.assertEqual(j["signer"]["source"], "pinned")
        self.assertEqual(j["attestations"], [])
        self.assertIs(j["verified"], True)
        self.assertIsNone(j["error"])
        self.assertIsNone(j["message"])
        self.assertEqual(j["exit_code"], 0)
        self.assertEqual(j["at_utc"], "2030-01-01T00:00:00Z")
        self.assertEqual(list(j["checks"].keys()), CHECKS)
        self.assertEqual(set(j["checks"].values()), {"pass", "skipped"})
        self.assertEqual(j["checks"]["exp"], "skipped")
        self.assertEqual(list(j["claims"].keys()), ["iss", "iat", "iat_utc", "exp", "exp_utc", "alg", "kid",
                                                   "compressed", "link_uri", "link_sha256", "n_attestations", "form",
                                                   "resolver"])
        expected = passport()
        expected["gtin"] = "04006381333931"
        self.assertEqual(j["passport"]["name"], expected["name"])
        self.assertEqual(j["passport"]["footprint"]["total"], "1.85")
        self.assertEqual(j["passport"]["cbam"]["see_direct"], "1.72")
        self.assertEqual(j["passport"]["materials"][0]["cas"], "7439-89-6")

    def test_untrusted_key(self):
        self.keygen("other")
        r = run("verify", "--trust", self.path("other.pub.pem"), "--json", self.text)
        self.assertEqual(r.rc, EX_UNTRUSTED, r)
        j = r.json()
        self.assertIs(j["verified"], False)
        self.assertEqual(j["error"], "DPP_ERR_KID_UNKNOWN")
        self.assertEqual(j["failed_check"], "kid")
        self.assertEqual(j["exit_code"], EX_UNTRUSTED)
        self.assertIsNone(j["passport"])
        self.assertEqual(j["checks"]["signature"], "not_run")
        # Several trust files: one matching key is enough; a PEM bundle works too.
        r = run("verify", "--trust", self.path("other.pub.pem"), "--trust", self.path("k.pub.pem"), self.text)
        self.assertEqual(r.rc, 0, r)
        write(self.path("bundle.pem"), read(self.path("other.pub.pem")) + read(self.path("k.pub.pem")))
        r = run("verify", "--trust", self.path("bundle.pem"), self.text)
        self.assertEqual(r.rc, 0, r)

    def test_invalid_signature(self):
        # Re-sign the same COSE payload with another key that has the same kid? Not possible;
        # instead flip one signature byte inside the COSE message and re-wrap it as text.
        r = run("encode", "--key", self.path("k.pem"), "--format", "cose", "-o", self.path("m.cose"),
                "--compress", "never", self.json_file(minimal()))
        self.assertEqual(r.rc, 0, r)
        cose = bytearray(read(self.path("m.cose"), "rb"))
        cose[-5] ^= 0x01
        text = "DPP1:" + b45encode(bytes(cose))
        r = run("verify", "--trust", self.path("k.pub.pem"), text)
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertRegex(r.text, r"\n  signature     FAIL ")
        self.assertTrue(r.text.splitlines()[-1].startswith("NOT VERIFIED: signature check failed"), r)
        self.assertTrue(r.text.splitlines()[-1].endswith("(DPP_ERR_SIGNATURE)"), r)
        self.assertNotIn("\nVERIFIED", r.text)
        self.assertOneLineError(r, EX_INVALID, "<argument>: signature: ")

    def test_malformed(self):
        pub = self.path("k.pub.pem")
        for text, err, check in [("HC1:6BFOXN", "DPP_ERR_PREFIX", "prefix"),
                                 ("DPP2:6BFOXN", "DPP_ERR_PREFIX_VERSION", "prefix"),
                                 ("DPP1:abc", "DPP_ERR_BASE45", "base45"),
                                 (self.text[:-7], None, None)]:
            r = run("verify", "--trust", pub, "--json", text)
            self.assertEqual(r.rc, EX_MALFORMED, (text, r))
            j = r.json()
            self.assertIs(j["verified"], False)
            if err:
                self.assertEqual(j["error"], err)
                self.assertEqual(j["failed_check"], check)
                self.assertEqual(j["checks"][check], "fail")

    def test_quiet(self):
        r = run("verify", "--trust", self.path("k.pub.pem"), "-q", self.text)
        self.assertEqual((r.rc, r.out, r.err), (0, b"", b""))
        r = run("verify", "--trust", self.path("k.pub.pem"), "-q", "DPP1:abc")
        self.assertEqual((r.rc, r.out, r.err), (EX_MALFORMED, b"", b""))

    def test_file_name_given_as_text_gets_a_hint(self):
        r = run("verify", "--trust", self.path("k.pub.pem"), self.path("t.txt"))
        self.assertOneLineError(r, EX_USAGE, "is a file name, not passport text; use --in")

    def test_inspect_every_line_unverified(self):
        r = run("inspect", "--in", self.path("t.txt"))
        self.assertEqual(r.rc, 0, r)
        lines = r.text.splitlines()
        self.assertGreater(len(lines), 30)
        for line in lines:
            self.assertTrue(line.startswith("UNVERIFIED"), line)
        self.assertNotIn("VERIFIED\n", r.text.replace("UNVERIFIED", ""))
        self.assertIn("Hot-rolled steel coil S235JR", r.text)

    def test_inspect_json(self):
        r = run("inspect", "--json", self.text)
        self.assertEqual(r.rc, 0, r)
        j = r.json()
        self.assertIs(j["verified"], False)
        self.assertIs(j["unverified"], True)
        self.assertEqual(j["passport"]["id"], "0b5c3a8e-9d6f-4e21-a7b3-5f2e8c1d4a90")
        self.assertEqual(j["claims"]["alg"], "ES256")

    def test_inspect_needs_no_trust_but_still_checks_structure(self):
        r = run("inspect", "DPP1:abc")
        self.assertOneLineError(r, EX_MALFORMED, "<argument>: ")
        self.assertEqual(r.out, b"")


class TestSchema(CliTestCase):
    def test_schema_is_the_committed_file(self):
        spec = os.path.join(SOURCE_DIR, "spec", "passport.schema.json")
        if not os.path.exists(spec):
            self.skipTest("spec/passport.schema.json not present")
        r = run("schema")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.out, read(spec, "rb"))
        schema = json.loads(r.out)
        self.assertIn("properties", schema)
        r = run("schema", "-o", self.path("s.json"))
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(read(self.path("s.json"), "rb"), read(spec, "rb"))


class TestDictionaryTransport(CliTestCase):
    """Spec 4.3: zlib with preset dictionary v1 (DICTID a9549d2d); streams
    without a dictionary (FDICT 0) still verify; any other DICTID is
    DPP_ERR_INFLATE at check 'inflate'."""

    IAT = "@1767225600"

    def setUp(self):
        super().setUp()
        self.keygen("k", "EdDSA")     # deterministic signatures: same COSE for every mode
        self.src = self.json_file(passport())
        r = run("encode", "--key", self.path("k.pem"), "--iat", self.IAT, "--format", "cose",
                "-o", self.path("m.cose"), self.src)
        self.assertEqual(r.rc, 0, r)
        self.cose = read(self.path("m.cose"), "rb")

    def text(self, *extra):
        r = run("encode", "--key", self.path("k.pem"), "--iat", self.IAT, *extra, self.src)
        self.assertEqual(r.rc, 0, r)
        return r

    def verify_json(self, body):
        r = run("verify", "--trust", self.path("k.pub.pem"), "--at", "2026-06-01", "--json",
                "DPP1:" + b45encode(body))
        return r, r.json()

    def test_encoder_writes_dictionary_stream(self):
        for extra in ((), ("--compress", "auto"), ("--compress", "always")):
            body = b45decode(self.text(*extra).text.strip()[5:])
            # CMF 48 (deflate, window bits 12), FLG with FDICT, DICTID of dictionary v1
            self.assertEqual(body[0], 0x48, extra)
            self.assertTrue(body[1] & 0x20, extra)
            self.assertEqual((body[0] * 256 + body[1]) % 31, 0)
            self.assertEqual(body[2:6], bytes.fromhex("a9549d2d"), extra)
            with self.assertRaises(zlib.error):
                zlib.decompress(body)                  # needs the dictionary
            d = zlib.decompressobj(zdict=dict_v1())
            self.assertEqual(d.decompress(body), self.cose)
            self.assertTrue(d.eof and not d.unused_data)
        body = b45decode(self.text("--compress", "never").text.strip()[5:])
        self.assertEqual(body, self.cose)

    def test_sizes_report_the_dictionary_stream(self):
        r = self.text("--sizes")
        m = re.search(r"COSE (\d+), zlib (\d+) \(used\), text (\d+) characters\n$", r.errtext)
        self.assertIsNotNone(m, r)
        cose_len, z_len, text_len = (int(g) for g in m.groups())
        text = r.text.strip()
        self.assertEqual(cose_len, len(self.cose))
        self.assertEqual(z_len, len(b45decode(text[5:])))
        self.assertEqual(text_len, len(text))
        # the dictionary pays: shorter than the same message compressed without it
        c = zlib.compressobj(9, zlib.DEFLATED, 12, 6)
        self.assertLess(z_len, len(c.compress(self.cose) + c.flush()))
        self.assertLess(z_len, cose_len)

    def test_legacy_fdict0_text_verifies(self):
        for z in (zlib.compress(self.cose, 9), zlib.compress(self.cose, 1)):
            self.assertFalse(z[1] & 0x20)
            r, j = self.verify_json(z)
            self.assertEqual(r.rc, EX_OK, r)
            self.assertTrue(j["verified"])
            self.assertTrue(j["claims"]["compressed"])
            self.assertEqual(j["checks"]["inflate"], "pass")

    def test_inflate_errors(self):
        body = b45decode(self.text().text.strip()[5:])
        other = zlib.compressobj(9, zlib.DEFLATED, 12, 8, zdict=b"another dictionary")
        fdict0 = bytearray(body[:2]) + body[6:]          # the DICTID dropped, FDICT cleared
        fdict0[1] &= ~0x3F
        fdict0[1] |= (31 - (fdict0[0] * 256 + fdict0[1]) % 31) % 31
        for name, bad, needle in [
                ("unknown DICTID", other.compress(self.cose) + other.flush(), "DICTID 0x"),
                ("DICTID changed", body[:2] + b"\xa9\x54\x9d\x2e" + body[6:], "DICTID 0xa9549d2e"),
                ("DICTID truncated", body[:4], "no DICTID"),
                ("header only", body[:2], "no DICTID"),
                ("no deflate data", body[:6], ""),
                ("trailing byte", body + b"\x00", ""),
                ("dictionary data under FDICT 0", bytes(fdict0), "")]:
            r, j = self.verify_json(bad)
            self.assertEqual(r.rc, EX_MALFORMED, (name, r))
            self.assertEqual((j["error"], j["failed_check"]), ("DPP_ERR_INFLATE", "inflate"), name)
            self.assertEqual(j["checks"]["inflate"], "fail", name)
            self.assertIn(needle, j["message"], name)


def dict_v1():
    """Preset deflate dictionary v1 from spec/README.md Appendix C."""
    with open(os.path.join(SOURCE_DIR, "spec", "README.md"), encoding="utf-8") as f:
        spec = f.read()
    block = re.search(r"```\n([0-9a-f\n]+)```", spec[spec.index("## Appendix C."):])
    d = bytes.fromhex("".join(block.group(1).split()))
    assert len(d) == 1277 and zlib.adler32(d) == 0xA9549D2D
    return d


B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def b45decode(text):
    out = bytearray()
    for i in range(0, len(text), 3):
        c = [B45.index(ch) for ch in text[i:i + 3]]
        n = c[0] + 45 * c[1] + (2025 * c[2] if len(c) == 3 else 0)
        out += bytes([n >> 8, n & 0xFF]) if len(c) == 3 else bytes([n])
    return bytes(out)


def b45encode(data):
    out = []
    for i in range(0, len(data), 2):
        chunk = data[i:i + 2]
        if len(chunk) == 2:
            n = chunk[0] * 256 + chunk[1]
            out += [B45[n % 45], B45[(n // 45) % 45], B45[n // 2025]]
        else:
            n = chunk[0]
            out += [B45[n % 45], B45[n // 45]]
    return "".join(out)


if __name__ == "__main__":
    unittest.main()
