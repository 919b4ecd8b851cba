"""dpp verify --batch-images DIR|LIST: one JSON Lines record per photo, in
name order, per-file failures as records, --resume, outputs never onto
inputs, exit codes as for verify --batch."""
import json
import os
import struct
import unittest
import zlib

from clitest import (EX_CANTCREAT, EX_INVALID, EX_NOINPUT, EX_OK, EX_UNTRUSTED, EX_USAGE, HAVE_IMAGE, CliTestCase,
                     passport, read, run, write)


def lines_of(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def blank_png(w=64, h=64):
    """A valid white grayscale PNG: an image without any QR code."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + b"\xff" * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@unittest.skipUnless(HAVE_IMAGE, "built without image support")
class TestBatchImages(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")
        self.keygen("other")  # signs the forged label: not trusted
        os.mkdir(self.path("photos"))
        src = self.json_file(passport())
        self.texts = {}  # photo name -> the key that signed it
        self.id = passport()["id"]

        def png(name, key="k", *extra):
            r = run("encode", "--key", self.path(key + ".pem"), "--format", "png", "-o",
                    self.path("photos", name), *extra, src)
            self.assertEqual(r.rc, EX_OK, r)
            self.texts[name] = key

        # Names chosen so that name order differs from creation order.
        png("c-label.png")
        png("a-label.png")
        png("b-link.png", "k", "--link-base", "https://id.example.com")
        write(self.path("photos", "d-notes.txt"), "this is not an image\n")
        with open(self.path("photos", "e-blank.png"), "wb") as f:
            f.write(blank_png())
        png("f-forged.png", "other")
        os.symlink("a-label.png", self.path("photos", "g-link-to-a.png"))  # not followed
        os.mkdir(self.path("photos", "h-subdir"))  # not recursed into
        self.files = ["a-label.png", "b-link.png", "c-label.png", "d-notes.txt", "e-blank.png", "f-forged.png"]

    def verify(self, src, *extra):
        return run("verify", "--trust", self.path("k.pub.pem"), "--batch-images", src, *extra)

    def assertDecoded(self, rec, name):
        """rec["text"] is the signed passport of the photo: it verifies on its
        own with the key that signed it (signatures are randomized, so the
        text is not known in advance)."""
        r = run("verify", "--trust", self.path(self.texts[name] + ".pub.pem"), "--json", rec["text"])
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.json()["passport"]["id"], self.id)

    def check_records(self, recs, files=None):
        files = files or self.files
        self.assertEqual([x["file"] for x in recs], files)
        self.assertEqual([x["line"] for x in recs], list(range(1, len(files) + 1)))
        by = {x["file"].rsplit("/", 1)[-1]: x for x in recs}
        for name in ("a-label.png", "b-link.png", "c-label.png"):
            x = by[name]
            self.assertIs(x["ok"], True, x)
            self.assertDecoded(x, name)
            self.assertEqual(x["id"], self.id)
            self.assertEqual(x["codes"], 1)
            self.assertIsNone(x["note"])
            self.assertNotIn("error", x)
        self.assertEqual(by["a-label.png"]["form"], "text")
        self.assertEqual(by["b-link.png"]["form"], "link")
        self.assertTrue(by["b-link.png"]["text"].upper().startswith("HTTPS://ID.EXAMPLE.COM/01/"))
        x = by["d-notes.txt"]
        self.assertEqual((x["ok"], x["text"], x["error"], x["exit_code"]), (False, None, "DPP_CLI_NOINPUT", EX_NOINPUT))
        self.assertRegex(x["message"], r"^not a (PNG or JPEG|supported) image")
        x = by["e-blank.png"]
        self.assertEqual((x["ok"], x["text"], x["error"], x["exit_code"]), (False, None, "DPP_CLI_NOINPUT", EX_NOINPUT))
        self.assertIn("no QR code", x["message"])
        x = by["f-forged.png"]
        self.assertIs(x["ok"], False)
        self.assertDecoded(x, "f-forged.png")  # decoded, but not verified
        self.assertEqual((x["error"], x["failed_check"], x["exit_code"]), ("DPP_ERR_KID_UNKNOWN", "kid", EX_UNTRUSTED))

    def test_directory_records_in_name_order(self):
        r = self.verify(self.path("photos"), "--out", self.path("res.jsonl"), "--jobs", "3")
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertEqual(r.errtext, "dpp: verify: 3 ok, 3 failed\n")
        self.check_records(lines_of(self.path("res.jsonl")))

    def test_directory_to_stdout(self):
        r = self.verify(self.path("photos") + "/")
        self.assertEqual(r.rc, EX_INVALID, r)
        self.check_records([json.loads(line) for line in r.text.splitlines()])

    def test_all_ok_exits_0(self):
        os.mkdir(self.path("good"))
        for name in ("a-label.png", "b-link.png"):
            os.rename(self.path("photos", name), self.path("good", name))
        r = self.verify(self.path("good"), "--out", self.path("res.jsonl"))
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual([x["ok"] for x in lines_of(self.path("res.jsonl"))], [True, True])

    def test_list_file(self):
        names = ["f-forged.png", "a-label.png", "missing.png", "", "h-subdir", "b-link.png"]
        write(self.path("queue.txt"), "".join(("photos/" + n if n else "") + "\r\n" for n in names))
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch-images", "queue.txt", "-o", "res.jsonl",
                cwd=self.dir)
        self.assertEqual(r.rc, EX_INVALID, r)
        recs = lines_of(self.path("res.jsonl"))
        self.assertEqual([x["file"] for x in recs], [("photos/" + n if n else "") for n in names])
        self.assertEqual([x["ok"] for x in recs], [False, True, False, False, False, True])
        self.assertEqual(recs[0]["error"], "DPP_ERR_KID_UNKNOWN")
        self.assertDecoded(recs[1], "a-label.png")
        self.assertEqual(recs[2]["error"], "DPP_CLI_NOINPUT")
        self.assertIn("No such file", recs[2]["message"])
        self.assertIn("empty line", recs[3]["message"])
        self.assertIn("directory", recs[4]["message"])

    def test_file_name_is_escaped(self):
        write(self.path("photos", "x\x1b[31m.txt"), "not an image")
        r = self.verify(self.path("photos"))
        recs = [json.loads(line) for line in r.text.splitlines()]
        self.assertEqual(recs[-1]["file"], "x\x1b[31m.txt")  # JSON escapes it
        self.assertNotIn("\x1b", r.text)

    def test_resume_skips_finished_files(self):
        out = self.path("res.jsonl")
        r = self.verify(self.path("photos"), "--out", out)
        full = read(out)
        # As after an interruption: two records done, a third cut short.
        lines = full.splitlines(keepends=True)
        write(out, lines[0] + lines[1] + lines[2][:20])
        # The finished ones are not redone: make them unreadable to show it.
        os.chmod(self.path("photos", "a-label.png"), 0)
        os.chmod(self.path("photos", "b-link.png"), 0)
        r = self.verify(self.path("photos"), "--out", out, "--resume")
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertIn("resumed after line 2", r.errtext)
        self.assertIn("1 ok, 3 failed", r.errtext)
        self.assertEqual(read(out), full)

    def test_out_onto_an_input_is_refused(self):
        before = read(self.path("photos", "a-label.png"), "rb")
        r = self.verify(self.path("photos"), "--out", self.path("photos", "a-label.png"), "--force")
        self.assertOneLineError(r, EX_CANTCREAT, "refusing to write to", "also an input")
        self.assertEqual(read(self.path("photos", "a-label.png"), "rb"), before)
        # A file named in a LIST, by another name (a hard link), too.
        os.link(self.path("photos", "c-label.png"), self.path("hard.png"))
        write(self.path("queue.txt"), self.path("photos", "c-label.png") + "\n")
        before = read(self.path("hard.png"), "rb")
        r = self.verify(self.path("queue.txt"), "--out", self.path("hard.png"), "--force")
        self.assertOneLineError(r, EX_CANTCREAT, "also an input")
        self.assertEqual(read(self.path("hard.png"), "rb"), before)
        # and the LIST itself
        r = self.verify(self.path("queue.txt"), "--out", self.path("queue.txt"), "--force")
        self.assertOneLineError(r, EX_CANTCREAT, "also an input")

    def test_usage(self):
        r = self.verify(self.path("photos"), "--batch", self.path("x"))
        self.assertOneLineError(r, EX_USAGE, "--batch-images")
        r = self.verify(self.path("photos"), "--json")
        self.assertOneLineError(r, EX_USAGE, "--batch-images", "--json")
        r = self.verify(self.path("nothing-here"))
        self.assertOneLineError(r, EX_NOINPUT, "nothing-here")


if __name__ == "__main__":
    unittest.main()
