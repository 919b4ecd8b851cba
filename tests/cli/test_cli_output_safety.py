"""dpp CLI: nothing from the input drives the terminal, and outputs never
destroy inputs (issue 14, points 2 and 4).

Input-derived text (a COSE alg, an extension key, a file name, library
messages) is shown escaped: no raw ESC, C1 or bidi control reaches stdout
or stderr, and JSON output never loses a field to invalid UTF-8. Every
writing command refuses to overwrite an existing file without --force, to
write onto one of its own inputs (by any name, hard links included), and
to write through a symbolic link.
"""
import json
import os
import unittest

from clitest import (CliTestCase, EX_CANTCREAT, EX_INVALID, EX_OK, EX_USAGE, HAVE_LABEL, minimal, passport, read,
                     run, write)

B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
ESC_ATTACK = "\x1b[2J\x1b[1;32mVERIFIED\x1b[0m"
RLO = "\u202e"


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


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    if n < 256:
        return bytes([major << 5 | 24, n])
    return bytes([major << 5 | 25, n >> 8, n & 255])


def bstr(b):
    return head(2, len(b)) + b


def tstr(s):
    b = s.encode("utf-8")
    return head(3, len(b)) + b


def text_alg_passport(alg):
    """Passport text whose COSE protected header is {1: alg} with a text alg."""
    protected = b"\xa1\x01" + tstr(alg)
    cose = b"\xd2\x84" + bstr(protected) + b"\xa0" + bstr(b"\xa0") + bstr(bytes(64))
    return "DPP1:" + b45encode(cose)


class Escaping(CliTestCase):
    """Text from the input is shown escaped in human output."""

    def setUp(self):
        super().setUp()
        self.keygen()

    def assertNoRawControls(self, r):
        for stream in (r.out, r.err):
            self.assertNotIn(b"\x1b", stream, r)
            self.assertNotIn(b"\xc2\x9b", stream, r)
            self.assertNotIn(RLO.encode("utf-8"), stream, r)

    def test_text_alg_is_escaped(self):
        text = text_alg_passport(ESC_ATTACK)
        r = run("verify", "--trust", self.path("k.pub.pem"), text)
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertNoRawControls(r)
        self.assertIn(b'alg is the text "\\x1b[2J\\x1b[1;32mVERIFIED', r.out, r)
        self.assertIn(b"\\x1b[2J", r.err, r)
        self.assertTrue(r.text.splitlines()[-1].startswith("NOT VERIFIED"), r)
        r = run("inspect", text)
        self.assertNoRawControls(r)
        self.assertIn(b"\\x1b[2J", r.err, r)

    def test_text_alg_c1_and_bidi_are_escaped(self):
        r = run("verify", "--trust", self.path("k.pub.pem"), text_alg_passport("a\u009b2J" + RLO + "b"))
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertNoRawControls(r)
        self.assertIn(b"a\\u009b2J\\u202eb", r.out, r)

    def test_long_multibyte_alg_keeps_json_message(self):
        # The quoted alg is cut to a bound: never inside a character, so the
        # message stays UTF-8 and --json / batch lines keep their "message".
        text = text_alg_passport("a" + "\u20ac" * 30)
        r = run("verify", "--json", "--trust", self.path("k.pub.pem"), text)
        self.assertEqual(r.rc, EX_INVALID, r)
        j = r.json()
        self.assertIn("message", j, r)
        self.assertIn("alg is the text", j["message"])
        self.assertIn("\u20ac\u20ac", j["message"])
        write(self.path("scans.txt"), text + "\n")
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("scans.txt"), "--quiet")
        self.assertEqual(r.rc, EX_INVALID, r)
        line = json.loads(r.out.decode("utf-8").splitlines()[0])
        self.assertIn("message", line, r)
        self.assertIn("alg is the text", line["message"])

    def test_extension_key_out_of_order_is_escaped(self):
        p = minimal(extensions={"\x1bA": 1, "\x1bB": 2})
        r = run("encode", "--key", self.path("k.pem"), "--format", "cose", "--compress", "never", "-o",
                self.path("m.cose"), self.json_file(p))
        self.assertEqual(r.rc, EX_OK, r)
        cose = read(self.path("m.cose"), "rb")
        a, b = cose.find(b"\x62\x1bA"), cose.find(b"\x62\x1bB")
        self.assertTrue(0 < a < b, cose)
        bad = bytearray(cose)
        bad[a + 2], bad[b + 2] = ord("B"), ord("A")  # keys now out of order
        r = run("inspect", "DPP1:" + b45encode(bytes(bad)))
        self.assertNotEqual(r.rc, EX_OK, r)
        self.assertNoRawControls(r)
        self.assertIn(b'extensions: key "\\x1bA" is out of order', r.err, r)

    def test_file_name_is_escaped(self):
        name = self.path("scan\x1b]0;owned\x07\u202e.txt")
        write(name, "DPP1:garbage\n")
        r = run("verify", "--trust", self.path("k.pub.pem"), "--in", name)
        self.assertNotEqual(r.rc, EX_OK, r)
        self.assertNoRawControls(r)
        self.assertNotIn(b"\x07", r.out + r.err, r)
        self.assertIn(b"scan\\x1b]0;owned\\x07\\u202e.txt", r.out, r)
        self.assertIn(b"scan\\x1b]0;owned\\x07\\u202e.txt", r.err, r)

    def test_json_keeps_a_source_that_is_not_utf8(self):
        name = os.path.join(self.dir.encode(), b"scan-\xff.txt")
        with open(name, "wb") as f:
            f.write(b"DPP1:garbage\n")
        r = run("verify", "--json", "--trust", self.path("k.pub.pem"), "--in", name.decode("utf-8", "surrogateescape"))
        self.assertNotEqual(r.rc, EX_OK, r)
        j = r.json()
        self.assertIn("source", j, r)
        self.assertTrue(j["source"].endswith("scan-\\xff.txt"), j)
        self.assertIn("message", j, r)

    def test_bidi_in_passport_text_is_rejected(self):
        # Rule T: no bidi controls in names, facility, ... (DPP_ERR_SCHEMA_FORMAT, exit 1).
        cases = [
            ("name", minimal(name="Bolt " + RLO + "8M")),
            ("manufacturer.name", minimal(manufacturer={"name": "Acme\u2066 GmbH", "country": "DE"})),
            ("facility.name", passport(facility=dict(passport()["facility"], name="Plant\u200f 1"))),
        ]
        for field, p in cases:
            with self.subTest(field=field):
                r = run("encode", "--key", self.path("k.pem"), self.json_file(p))
                self.assertEqual(r.rc, EX_INVALID, r)
                self.assertIn(field + ": contains the bidirectional control character U+", r.errtext)
                self.assertNoRawControls(r)

    def test_bidi_in_iss_and_link_is_rejected(self):
        p = self.json_file(minimal())
        r = run("encode", "--key", self.path("k.pem"), "--iss", "Acme" + RLO + "GmbH", p)
        self.assertEqual(r.rc, EX_USAGE, r)
        self.assertIn("opts.iss", r.errtext)
        self.assertNoRawControls(r)
        r = run("encode", "--key", self.path("k.pem"), "--link", "https://example.com/" + RLO + "x", p)
        self.assertEqual(r.rc, EX_USAGE, r)
        self.assertIn("opts.link_uri", r.errtext)

    def test_bidi_in_trust_list_party_name_is_rejected(self):
        self.keygen("op")
        r = run("trust", "init", "--operator-key", self.path("op.pem"), "-o", self.path("t.cbor"))
        self.assertEqual(r.rc, EX_OK, r)
        r = run("trust", "add", self.path("t.cbor"), "--operator-key", self.path("op.pem"), "--key",
                self.path("k.pub.pem"), "--role", "manufacturer", "--name", "Acme" + RLO + "HbmG", "--country", "DE")
        self.assertNotEqual(r.rc, EX_OK, r)
        self.assertIn("party.name", r.errtext)
        self.assertNoRawControls(r)


class NoOverwrite(CliTestCase):
    """Outputs never destroy inputs."""

    def setUp(self):
        super().setUp()
        self.keygen()
        self.pj = self.json_file(minimal())

    def assertRefused(self, r, path, why):
        self.assertEqual(r.rc, EX_CANTCREAT, r)
        self.assertIn(why, r.errtext)
        self.assertIn(os.path.basename(path), r.errtext)

    def scans(self, n=3):
        text = run("encode", "--key", self.path("k.pem"), self.pj).text.strip()
        write(self.path("scans.txt"), (text + "\n") * n)
        return read(self.path("scans.txt"))

    # ---- verify --batch --out ----
    def test_verify_batch_out_is_its_input(self):
        before = self.scans()
        for extra in ((), ("--force",), ("--resume",)):
            with self.subTest(extra=extra):
                r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("scans.txt"), "--out",
                        self.path("scans.txt"), *extra)
                self.assertRefused(r, "scans.txt", "it is also an input")
                self.assertEqual(read(self.path("scans.txt")), before)
        # The same file by another name, and through a hard link.
        os.link(self.path("scans.txt"), self.path("hard.txt"))
        for out in (self.path("hard.txt"), os.path.join(self.dir, ".", "scans.txt")):
            r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("scans.txt"), "--out", out,
                    "--force")
            self.assertRefused(r, out, "it is also an input")
            self.assertEqual(read(self.path("scans.txt")), before)

    def test_verify_batch_out_exists_needs_force(self):
        self.scans()
        write(self.path("res.jsonl"), "precious\n")
        args = ("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("scans.txt"), "--out",
                self.path("res.jsonl"), "--quiet")
        r = run(*args)
        self.assertRefused(r, "res.jsonl", "refusing to overwrite")
        self.assertIn("already exists (use --force)", r.errtext)
        self.assertEqual(read(self.path("res.jsonl")), "precious\n")
        r = run(*args, "--force")
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(len(read(self.path("res.jsonl")).splitlines()), 3)

    def test_verify_batch_out_symlink_is_refused(self):
        self.scans()
        write(self.path("victim.txt"), "precious\n")
        os.symlink(self.path("victim.txt"), self.path("res.jsonl"))
        for extra in ((), ("--force",), ("--resume",)):
            r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("scans.txt"), "--out",
                    self.path("res.jsonl"), *extra)
            self.assertRefused(r, "res.jsonl", "it is a symbolic link")
            self.assertEqual(read(self.path("victim.txt")), "precious\n")
        # A dangling link is not followed either.
        os.symlink(self.path("nowhere.txt"), self.path("dangling.jsonl"))
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("scans.txt"), "--out",
                self.path("dangling.jsonl"), "--force")
        self.assertRefused(r, "dangling.jsonl", "it is a symbolic link")
        self.assertFalse(os.path.exists(self.path("nowhere.txt")))

    # ---- encode ----
    def test_encode_out(self):
        write(self.path("p.txt"), "precious\n")
        r = run("encode", "--key", self.path("k.pem"), "-o", self.path("p.txt"), self.pj)
        self.assertRefused(r, "p.txt", "refusing to overwrite")
        self.assertEqual(read(self.path("p.txt")), "precious\n")
        r = run("encode", "--key", self.path("k.pem"), "-o", self.path("p.txt"), "--force", self.pj)
        self.assertEqual(r.rc, EX_OK, r)
        self.assertTrue(read(self.path("p.txt")).startswith("DPP1:"))
        # Its own inputs: the passport JSON and the key, even with --force.
        for target in (self.pj, self.path("k.pem")):
            before = read(target)
            r = run("encode", "--key", self.path("k.pem"), "-o", target, "--force", self.pj)
            self.assertRefused(r, target, "it is also an input")
            self.assertEqual(read(target), before)
        # A symbolic link is never written through, nor replaced.
        os.symlink(self.path("p.txt"), self.path("link.txt"))
        r = run("encode", "--key", self.path("k.pem"), "-o", self.path("link.txt"), "--force", self.pj)
        self.assertRefused(r, "link.txt", "it is a symbolic link")
        self.assertTrue(os.path.islink(self.path("link.txt")))

    def test_encode_batch_out_dir(self):
        write(self.path("in.jsonl"), json.dumps(minimal()) + "\n")
        os.mkdir(self.path("out"))
        write(self.path("out", "results.jsonl"), "precious\n")
        r = run("encode", "--key", self.path("k.pem"), "--batch", self.path("in.jsonl"), "--out", self.path("out"),
                "--quiet")
        self.assertRefused(r, "results.jsonl", "refusing to overwrite")
        self.assertEqual(read(self.path("out", "results.jsonl")), "precious\n")
        r = run("encode", "--key", self.path("k.pem"), "--batch", self.path("in.jsonl"), "--out", self.path("out"),
                "--quiet", "--force")
        self.assertEqual(r.rc, EX_OK, r)
        # The batch input inside the output directory, as results.jsonl.
        os.replace(self.path("in.jsonl"), self.path("out", "results.jsonl"))
        before = read(self.path("out", "results.jsonl"))
        r = run("encode", "--key", self.path("k.pem"), "--batch", self.path("out", "results.jsonl"), "--out",
                self.path("out"), "--force")
        self.assertRefused(r, "results.jsonl", "it is also an input")
        self.assertEqual(read(self.path("out", "results.jsonl")), before)

    def test_encode_batch_record_file_exists(self):
        write(self.path("in.jsonl"), json.dumps(minimal()) + "\n")
        os.mkdir(self.path("out"))
        write(self.path("out", "passport-1.svg"), "precious")
        r = run("encode", "--key", self.path("k.pem"), "--batch", self.path("in.jsonl"), "--out", self.path("out"),
                "--format", "svg", "--quiet")
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertEqual(read(self.path("out", "passport-1.svg")), "precious")
        rec = json.loads(read(self.path("out", "results.jsonl")).splitlines()[0])
        self.assertIs(rec["ok"], False)
        self.assertIn("passport-1.svg", rec["message"])

    # ---- the other writers ----
    def test_keygen_symlink(self):
        write(self.path("victim.pem"), "precious")
        os.symlink(self.path("victim.pem"), self.path("n.pem"))
        r = run("keygen", "--out", self.path("n.pem"), "--force")
        self.assertRefused(r, "n.pem", "it is a symbolic link")
        self.assertEqual(read(self.path("victim.pem")), "precious")
        self.assertFalse(os.path.exists(self.path("n.pub.pem")))

    def test_cose_sign(self):
        write(self.path("payload.bin"), "hello")
        write(self.path("m.cose"), "precious")
        r = run("cose", "sign", "--key", self.path("k.pem"), "-o", self.path("m.cose"), self.path("payload.bin"))
        self.assertRefused(r, "m.cose", "refusing to overwrite")
        r = run("cose", "sign", "--key", self.path("k.pem"), "-o", self.path("payload.bin"), "--force",
                self.path("payload.bin"))
        self.assertRefused(r, "payload.bin", "it is also an input")
        self.assertEqual(read(self.path("payload.bin")), "hello")
        r = run("cose", "sign", "--key", self.path("k.pem"), "-o", self.path("m.cose"), "--force",
                self.path("payload.bin"))
        self.assertEqual(r.rc, EX_OK, r)

    def test_schema(self):
        write(self.path("s.json"), "precious")
        r = run("schema", "-o", self.path("s.json"))
        self.assertRefused(r, "s.json", "refusing to overwrite")
        self.assertEqual(read(self.path("s.json")), "precious")
        self.assertEqual(run("schema", "-o", self.path("s.json"), "--force").rc, EX_OK)

    def test_attest(self):
        self.keygen("body")
        write(self.path("a.cbor"), "precious")
        base = ("attest", "--key", self.path("body.pem"), "--claims", "identity")
        r = run(*base, "-o", self.path("a.cbor"), self.pj)
        self.assertRefused(r, "a.cbor", "refusing to overwrite")
        r = run(*base, "-o", self.pj, "--force", self.pj)
        self.assertRefused(r, os.path.basename(self.pj), "it is also an input")
        self.assertEqual(json.loads(read(self.pj))["name"], "Bolt M8")

    def test_trust_lists(self):
        self.keygen("op")
        opk = ("--operator-key", self.path("op.pem"))
        self.assertEqual(run("trust", "init", *opk, "-o", self.path("t.cbor")).rc, EX_OK)
        before = read(self.path("t.cbor"), "rb")
        # init: a symbolic link is refused even with --force.
        os.symlink(self.path("t.cbor"), self.path("l.cbor"))
        r = run("trust", "init", *opk, "-o", self.path("l.cbor"), "--force")
        self.assertRefused(r, "l.cbor", "it is a symbolic link")
        self.assertEqual(read(self.path("t.cbor"), "rb"), before)
        add = ("trust", "add", self.path("t.cbor"), *opk, "--key", self.path("k.pub.pem"), "--role",
               "manufacturer", "--name", "Acme", "--country", "DE")
        # An edit may not write onto another input (the operator key) ...
        keybefore = read(self.path("op.pem"))
        r = run(*add, "-o", self.path("op.pem"), "--force")
        self.assertRefused(r, "op.pem", "it is also an input")
        self.assertEqual(read(self.path("op.pem")), keybefore)
        # ... nor replace an existing -o file without --force ...
        write(self.path("other.cbor"), "precious")
        r = run(*add, "-o", self.path("other.cbor"))
        self.assertRefused(r, "other.cbor", "refusing to overwrite")
        # ... but replaces LIST itself in place.
        self.assertEqual(run(*add).rc, EX_OK)
        self.assertNotEqual(read(self.path("t.cbor"), "rb"), before)
        # revoke init follows the same rules.
        write(self.path("r.cbor"), "precious")
        r = run("revoke", "init", *opk, "-o", self.path("r.cbor"))
        self.assertRefused(r, "r.cbor", "refusing to overwrite")

    @unittest.skipUnless(HAVE_LABEL, "dpp built without cairo/pango")
    def test_label(self):
        write(self.path("l.png"), "precious")
        r = run("label", "--key", self.path("k.pem"), "-o", self.path("l.svg"), "-o", self.path("l.png"), self.pj)
        self.assertRefused(r, "l.png", "refusing to overwrite")
        # Neither file is written when one is refused.
        self.assertFalse(os.path.exists(self.path("l.svg")))
        self.assertEqual(read(self.path("l.png")), "precious")


if __name__ == "__main__":
    unittest.main()
