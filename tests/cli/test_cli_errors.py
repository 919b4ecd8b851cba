"""Bad input: every case gets one line on stderr naming the file, the line or
field and the problem (a passport JSON with several problems: one line each,
in document order, then their number), a specific exit code, and leaves no
output behind."""
import json
import os
import shutil
import struct
import subprocess
import unittest
import zlib

from clitest import (CliTestCase, EX_CANTCREAT, EX_INVALID, EX_KEY, EX_MALFORMED, EX_NOINPUT, EX_USAGE, HAVE_IMAGE,
                     passport, read, run, write)


def png_gray(width, height, value=255):
    """A minimal 8-bit grayscale PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    raw = b"".join(b"\x00" + bytes([value]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class TestBadPassportJson(CliTestCase):
    """Distinct malformed or invalid passport JSON files: FILE:LINE: field: problem."""

    def setUp(self):
        super().setUp()
        self.keygen("k")

    def encode_bad(self, text, rc, *needles):
        src = self.path("bad.json")
        write(src, text)
        out = self.path("out.txt")
        r = run("encode", "--key", self.path("k.pem"), "-o", out, src)
        line = self.assertOneLineError(r, rc, *needles)
        # Nothing half-written: no output, no temporary file.
        self.assertEqual(self.listdir(), ["bad.json", "k.pem", "k.pub.pem"])
        return line

    def variant(self, change):
        d = passport()
        change(d)
        return json.dumps(d, indent=2, ensure_ascii=False)

    def test_01_json_syntax(self):
        self.encode_bad('{"id": "x",\n "gtin": 5,,}', EX_MALFORMED, "bad.json:2:", "JSON syntax error")

    def test_02_empty_file(self):
        self.encode_bad("", EX_MALFORMED, "bad.json:1:", "JSON syntax error")

    def test_03_not_an_object(self):
        self.encode_bad("[1, 2]\n", EX_INVALID, "bad.json:1: passport: expected an object")

    def test_04_unknown_field(self):
        def ch(d):
            d["manufacturer"]["website"] = "https://acme.example"
        self.encode_bad(self.variant(ch), EX_INVALID, "bad.json:", "manufacturer.website: unknown field")

    def test_05_wrong_type(self):
        def ch(d):
            d["gtin"] = 4006381333931
        self.encode_bad(self.variant(ch), EX_INVALID, "bad.json:3: gtin: expected a string of digits")

    def test_06_out_of_range(self):
        def ch(d):
            d["materials"][0]["recycled_share"] = "1.35"
        line = self.encode_bad(self.variant(ch), EX_INVALID, "materials[0].recycled_share: 1.35 is out of range 0..1")
        # The line is the one holding the member.
        text = self.variant(ch).splitlines()
        n = int(line.split(":")[2])
        self.assertIn('"recycled_share": "1.35"', text[n - 1])

    def test_07_missing_required(self):
        def ch(d):
            del d["name"]
        self.encode_bad(self.variant(ch), EX_INVALID, "bad.json:1: name: missing")

    def test_08_check_digit(self):
        def ch(d):
            d["gtin"] = "4006381333932"
        self.encode_bad(self.variant(ch), EX_INVALID, "bad.json:3: gtin: check digit is 2, expected 1")

    def test_09_bad_date(self):
        def ch(d):
            d["production_date"] = "2025-02-30"
        self.encode_bad(self.variant(ch), EX_INVALID, "production_date: \"2025-02-30\" is not a valid date")

    def test_10_bad_enum(self):
        def ch(d):
            d["footprint"]["boundary"] = "cradle-to-moon"
        self.encode_bad(self.variant(ch), EX_INVALID, "footprint.boundary: \"cradle-to-moon\" is not one of")

    def test_11_too_long_text(self):
        def ch(d):
            d["name"] = "x" * 200
        self.encode_bad(self.variant(ch), EX_INVALID, "name: 200 bytes is longer than the limit of 96 bytes")

    def test_12_bad_country_code(self):
        def ch(d):
            d["manufacturer"]["country"] = "XX"
        self.encode_bad(self.variant(ch), EX_INVALID, "manufacturer.country: \"XX\" is not an ISO 3166-1 alpha-2")

    def test_13_bad_cas_check_digit(self):
        def ch(d):
            d["materials"][1]["cas"] = "7439-96-4"
        self.encode_bad(self.variant(ch), EX_INVALID, "materials[1].cas: check digit")

    def test_14_too_many_entries(self):
        def ch(d):
            d["materials"] = [d["materials"][1]] * 17
        self.encode_bad(self.variant(ch), EX_INVALID, "materials: 17 entries; the limit is 16")

    def test_15_file_too_large(self):
        self.encode_bad(" " * (256 * 1024 + 1), EX_NOINPUT, "bad.json: file is 262145 bytes, larger than")

    def test_16_bad_uuid(self):
        def ch(d):
            d["id"] = "not-a-uuid"
        self.encode_bad(self.variant(ch), EX_INVALID, "bad.json:2: id: \"not-a-uuid\" is not a UUID")

    FIVE = ('{\n'
            '  "id": "3f6c2a9e-8b1d-4c57-9e2a-71d04b5f8c13",\n'
            '  "gtin": "06948251000019",\n'
            '  "colour": "red",\n'
            '  "name": "Hot-rolled coil",\n'
            '  "production_date": 20250314,\n'
            '  "manufacturer": {"name": "Jinding Steel", "country": "CN"},\n'
            '  "materials": [\n'
            '    {"name": "Pig iron", "mass_fraction": "0.82"},\n'
            '    {"name": "Steel scrap", "mass_fraction": "0.16", "recycled_share": "1.5"},\n'
            '    {"mass_fraction": "0.01"}\n'
            '  ]\n'
            '}\n')

    def test_17_every_problem_in_document_order(self):
        """Several problems: one line each, in document order, then the count."""
        src = self.path("bad.json")
        write(src, self.FIVE)
        r = run("encode", "--key", self.path("k.pem"), "-o", self.path("out.txt"), src)
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertEqual(r.errtext.splitlines(), [
            "dpp: %s:3: gtin: check digit is 9, expected 8" % src,
            "dpp: %s:4: colour: unknown field" % src,
            "dpp: %s:6: production_date: expected a date string \"YYYY-MM-DD\"" % src,
            "dpp: %s:10: materials[1].recycled_share: 1.5 is out of range 0..1" % src,
            "dpp: %s:11: materials[2].name: missing" % src,
            "dpp: %s: 5 errors" % src,
        ], r)
        self.assertEqual(self.listdir(), ["bad.json", "k.pem", "k.pub.pem"])

    def test_18_problem_list_is_capped(self):
        """More problems than the tool lists: the first 64, and how many there are."""
        d = passport()
        for i in range(70):
            d["x%02d" % i] = i
        src = self.path("bad.json")
        write(src, json.dumps(d, indent=2))
        r = run("encode", "--key", self.path("k.pem"), "-o", self.path("out.txt"), src)
        self.assertEqual(r.rc, EX_INVALID, r)
        lines = r.errtext.splitlines()
        self.assertEqual(len(lines), 65, r)
        for i in range(64):
            self.assertRegex(lines[i], r"^dpp: .*bad\.json:\d+: x%02d: unknown field$" % i)
        self.assertEqual(lines[64], "dpp: %s: 70 errors (the first 64 shown)" % src)

    def test_19_batch_record_counts_the_rest(self):
        """A batch record keeps the first problem and says how many more there are."""
        src = self.path("in.jsonl")
        write(src, json.dumps(json.loads(self.FIVE)) + "\n")
        r = run("encode", "--key", self.path("k.pem"), "--batch", src, "--out", self.path("out"), "--quiet")
        self.assertNotEqual(r.rc, 0, r)
        rec = json.loads(read(self.path("out", "results.jsonl")))
        self.assertEqual(rec["error"], "DPP_ERR_SCHEMA_CHECK_DIGIT")
        self.assertEqual(rec["message"], "gtin: check digit is 9, expected 8 (and 4 more)")

    def test_existing_output_is_kept_on_failure(self):
        out = self.path("out.txt")
        write(out, "previous\n")
        write(self.path("bad.json"), "{")
        r = run("encode", "--key", self.path("k.pem"), "-o", out, self.path("bad.json"))
        self.assertEqual(r.rc, EX_MALFORMED, r)
        self.assertEqual(read(out), "previous\n")
        self.assertEqual(self.listdir(), ["bad.json", "k.pem", "k.pub.pem", "out.txt"])


class TestBadFiles(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")
        self.src = self.json_file(passport())

    def test_missing_key_file(self):
        r = run("encode", "--key", self.path("nokey.pem"), self.src)
        self.assertOneLineError(r, EX_NOINPUT, "nokey.pem: cannot open: No such file or directory")

    def test_key_file_is_not_a_key(self):
        write(self.path("junk.pem"), "hello\n")
        r = run("encode", "--key", self.path("junk.pem"), self.src)
        self.assertOneLineError(r, EX_KEY, "junk.pem: ")

    def test_public_key_cannot_sign(self):
        r = run("encode", "--key", self.path("k.pub.pem"), self.src)
        self.assertOneLineError(r, EX_KEY, "k.pub.pem: is a public key or certificate; signing needs the private key")

    @unittest.skipUnless(shutil.which("openssl"), "openssl missing")
    def test_unsupported_key_type(self):
        subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521", "-out",
                        self.path("p521.pem")], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60)
        r = run("encode", "--key", self.path("p521.pem"), self.src)
        self.assertOneLineError(r, EX_KEY, "p521.pem: ", "not supported")

    def test_trust_file_is_not_a_key(self):
        r = run("verify", "--trust", self.src, "DPP1:X")
        self.assertOneLineError(r, EX_KEY, "p.json")

    def test_missing_trust_file(self):
        r = run("verify", "--trust", self.path("none.pem"), "DPP1:X")
        self.assertOneLineError(r, EX_NOINPUT, "none.pem: cannot open: No such file or directory")

    def test_missing_input_file(self):
        r = run("encode", "--key", self.path("k.pem"), self.path("none.json"))
        self.assertOneLineError(r, EX_NOINPUT, "none.json: cannot open: No such file or directory")

    def test_input_is_a_directory(self):
        r = run("encode", "--key", self.path("k.pem"), self.dir)
        self.assertOneLineError(r, EX_NOINPUT, "is a directory")

    def test_output_directory_missing(self):
        r = run("encode", "--key", self.path("k.pem"), "-o", self.path("no", "such", "dir.txt"), self.src)
        self.assertOneLineError(r, EX_CANTCREAT, "dir.txt: cannot create: No such file or directory")

    @unittest.skipUnless(HAVE_IMAGE, "built without zbar")
    def test_image_not_an_image(self):
        r = run("verify", "--trust", self.path("k.pub.pem"), "--image", self.src)
        self.assertOneLineError(r, EX_NOINPUT, "p.json: not a supported image (PNG, JPEG, WebP, TIFF, BMP, GIF or HEIF/HEIC)")

    @unittest.skipUnless(HAVE_IMAGE, "built without zbar")
    def test_image_without_qr(self):
        write(self.path("blank.png"), png_gray(200, 120))
        r = run("verify", "--trust", self.path("k.pub.pem"), "--image", self.path("blank.png"))
        self.assertOneLineError(r, EX_NOINPUT, "blank.png: no QR code found in the image")
        r = run("inspect", "--image", self.path("blank.png"))
        self.assertOneLineError(r, EX_NOINPUT, "blank.png: no QR code found in the image")

    @unittest.skipUnless(HAVE_IMAGE, "built without zbar")
    def test_truncated_png(self):
        write(self.path("cut.png"), png_gray(200, 120)[:60])
        r = run("verify", "--trust", self.path("k.pub.pem"), "--image", self.path("cut.png"))
        self.assertOneLineError(r, EX_NOINPUT, "cut.png: not a readable PNG image")

    @unittest.skipUnless(HAVE_IMAGE, "built without zbar")
    def test_truncated_jpeg(self):
        write(self.path("cut.jpg"), b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        r = run("verify", "--trust", self.path("k.pub.pem"), "--image", self.path("cut.jpg"))
        self.assertOneLineError(r, EX_NOINPUT, "cut.jpg: not a readable JPEG image")

    def test_huge_image_dimensions(self):
        if not HAVE_IMAGE:
            self.skipTest("built without zbar")
        # The header claims 30000 x 30000 pixels: refused before decoding.
        data = png_gray(1, 1)
        data = data[:16] + struct.pack(">II", 30000, 30000) + data[24:]
        write(self.path("big.png"), data)
        r = run("verify", "--trust", self.path("k.pub.pem"), "--image", self.path("big.png"))
        self.assertEqual(r.rc, EX_NOINPUT, r)
        self.assertEqual(len(r.errtext.splitlines()), 1, r)


class TestBadUsage(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")
        self.src = self.json_file(passport())

    def test_bad_time(self):
        r = run("verify", "--trust", self.path("k.pub.pem"), "--at", "yesterday", "DPP1:X")
        self.assertOneLineError(r, EX_USAGE, "verify: --at: 'yesterday' is not an ISO 8601 time")
        r = run("verify", "--trust", self.path("k.pub.pem"), "--at", "2025-02-29", "DPP1:X")
        self.assertOneLineError(r, EX_USAGE, "'2025-02-29' is not an ISO 8601 time")

    def test_exp_not_after_iat(self):
        r = run("encode", "--key", self.path("k.pem"), "--iat", "2025-06-01", "--exp", "2025-05-01", self.src)
        self.assertOneLineError(r, EX_USAGE, "--exp 2025-05-01T00:00:00Z is not after the issue time")

    def test_unknown_option(self):
        self.assertOneLineError(run("encode", "--frob", self.src), EX_USAGE, "encode: unknown option '--frob'")
        self.assertOneLineError(run("verify", "-x"), EX_USAGE, "verify: unknown option '-x'")

    def test_missing_option_value(self):
        self.assertOneLineError(run("encode", self.src, "--key"), EX_USAGE, "option --key needs a value")

    def test_flag_with_value(self):
        self.assertOneLineError(run("verify", "--json=yes"), EX_USAGE, "option --json takes no value")

    def test_bad_format_and_ecc(self):
        self.assertOneLineError(run("encode", "--key", self.path("k.pem"), "--format", "gif", self.src), EX_USAGE,
                                "--format: 'gif' is not text, svg, png, term or cose")
        self.assertOneLineError(run("encode", "--key", self.path("k.pem"), "--ecc", "X", self.src), EX_USAGE,
                                "--ecc: 'X' is not L, M, Q or H")

    def test_trust_required(self):
        self.assertOneLineError(run("verify", "DPP1:X"), EX_USAGE, "--trust FILE is required")

    def test_two_sources(self):
        r = run("verify", "--trust", self.path("k.pub.pem"), "--in", self.src, "DPP1:X")
        self.assertOneLineError(r, EX_USAGE, "give only one of TEXT, --in FILE and --image IMAGE")

    def test_valid_for_and_exp(self):
        r = run("encode", "--key", self.path("k.pem"), "--exp", "2030-01-01", "--valid-for", "1y", self.src)
        self.assertOneLineError(r, EX_USAGE, "give --exp or --valid-for, not both")
        r = run("encode", "--key", self.path("k.pem"), "--valid-for", "10 days", self.src)
        self.assertOneLineError(r, EX_USAGE, "--valid-for: '10 days' is not a duration")


B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def b45(data):
    out = []
    for i in range(0, len(data), 2):
        c = data[i:i + 2]
        n = c[0] * 256 + c[1] if len(c) == 2 else c[0]
        out += [B45[n % 45], B45[(n // 45) % 45]] + ([B45[n // 2025]] if len(c) == 2 else [])
    return "".join(out)


class TestBadZlib(CliTestCase):
    """Texts whose zlib stream breaks spec 4.3's dictionary rules: one line,
    exit code 4 (malformed), naming the inflate check and the DICTID."""

    def setUp(self):
        super().setUp()
        self.keygen("k")

    def verify(self, body):
        return run("verify", "--trust", self.path("k.pub.pem"), "DPP1:" + b45(body))

    def test_unknown_dictid(self):
        c = zlib.compressobj(9, zlib.DEFLATED, 12, 8, zdict=b"not the dictionary")
        z = c.compress(b"\xd2\x84" * 40) + c.flush()
        dictid = zlib.adler32(b"not the dictionary")
        self.assertEqual(z[2:6], dictid.to_bytes(4, "big"))
        r = self.verify(z)
        self.assertOneLineError(r, EX_MALFORMED, "<argument>: inflate: ",
                                "DICTID 0x%08x is not the known dictionary's 0xa9549d2d" % dictid)
        self.assertTrue(r.text.splitlines()[-1].endswith("(DPP_ERR_INFLATE)"), r)

    def test_truncated_dictid(self):
        # 78 F9 (FLEVEL 3, FDICT 1) then 2 of the 4 DICTID bytes
        self.assertEqual((0x78 * 256 + 0xF9) % 31, 0)
        r = self.verify(b"\x78\xf9\xa9\x54")
        self.assertOneLineError(r, EX_MALFORMED, "<argument>: inflate: ", "4 bytes, no DICTID")

    def test_known_dictid_bad_data(self):
        r = self.verify(b"\x78\xf9\xa9\x54\x9d\x2d" + b"\xff" * 8)
        line = self.assertOneLineError(r, EX_MALFORMED, "<argument>: inflate: ")
        self.assertNotIn("DICTID", line)


if __name__ == "__main__":
    unittest.main()
