"""dpp encode --batch / dpp verify --batch: counts, order, bad records,
progress bar only on a terminal, SIGINT and --resume."""
import json
import os
import pty
import select
import signal
import subprocess
import time
import unittest
import uuid

from clitest import (CliTestCase, DPP, WRAPPER, EX_INTERRUPTED, EX_INVALID, EX_OK, EX_USAGE, minimal, passport, read, run,
                     write)


def lines_of(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class TestBatch(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")

    def make_jsonl(self, n, name="in.jsonl"):
        base = passport()
        with open(self.path(name), "w", encoding="utf-8") as f:
            for i in range(n):
                base["id"] = str(uuid.UUID(int=i + 1, version=4))
                base["serial"] = "SN%08d" % i
                f.write(json.dumps(base, ensure_ascii=False) + "\n")
        return self.path(name)

    def encode_batch(self, src, *extra):
        r = run("encode", "--key", self.path("k.pem"), "--batch", src, "--out", self.path("out"), *extra,
                timeout=170)
        return r, self.path("out", "results.jsonl")

    def test_10000_passports_encode_and_verify(self):
        n = 10000 if not WRAPPER else 400  # a memory checker is ~50x slower
        r, res = self.encode_batch(self.make_jsonl(n))
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.errtext, "dpp: encode: %d ok, 0 failed\n" % n)  # no progress bar: not a terminal
        recs = lines_of(res)
        self.assertEqual(len(recs), n)
        self.assertEqual([x["line"] for x in recs], list(range(1, n + 1)))
        self.assertTrue(all(x["ok"] for x in recs))
        self.assertEqual(recs[n // 2 - 1]["id"], str(uuid.UUID(int=n // 2, version=4)))
        texts = [x["text"] for x in recs]
        self.assertEqual(len(set(texts)), n)
        # One corrupted scan, reported by its line number.
        bad = 4242 if n > 4242 else n // 2
        t = texts[bad - 1]
        texts[bad - 1] = t[:120] + ("A" if t[120] != "A" else "B") + t[121:]
        write(self.path("scans.txt"), "\n".join(texts) + "\n")
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("scans.txt"), "--out",
                self.path("verified.jsonl"), timeout=170)
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertEqual(r.errtext, "dpp: verify: %d ok, 1 failed\n" % (n - 1))
        out = lines_of(self.path("verified.jsonl"))
        self.assertEqual(len(out), n)
        self.assertEqual([x["line"] for x in out], list(range(1, n + 1)))
        failed = [x for x in out if not x["verified"]]
        self.assertEqual(len(failed), 1)
        self.assertEqual(failed[0]["line"], bad)
        self.assertTrue(failed[0]["error"].startswith("DPP_ERR_"))
        self.assertTrue(failed[0]["message"])
        self.assertEqual(out[n - 1]["serial"], "SN%08d" % (n - 1))

    def test_bad_records_keep_the_count(self):
        good = json.dumps(minimal())
        unknown = json.dumps(minimal(colour="red"))
        content = "\n".join([good, "{not json", "", unknown, good + "\r", "x" * (300 * 1024), good]) + "\n" + good
        write(self.path("mixed.jsonl"), content)  # 8 lines, the last without a newline
        r, res = self.encode_batch(self.path("mixed.jsonl"), "--format", "svg", "--jobs", "3")
        self.assertEqual(r.rc, EX_INVALID, r)
        self.assertEqual(r.errtext, "dpp: encode: 4 ok, 4 failed\n")
        recs = lines_of(res)
        self.assertEqual([x["line"] for x in recs], list(range(1, 9)))
        self.assertEqual([x["ok"] for x in recs], [True, False, False, False, True, False, True, True])
        self.assertEqual(recs[1]["error"], "DPP_ERR_JSON_SYNTAX")
        self.assertEqual(recs[2]["message"], "empty line")
        self.assertEqual(recs[3]["error"], "DPP_ERR_SCHEMA_UNKNOWN_FIELD")
        self.assertIn("colour", recs[3]["message"])
        self.assertEqual(recs[5]["error"], "DPP_ERR_TOO_LARGE")
        for x in recs:
            self.assertEqual(list(x.keys())[:2], ["line", "ok"])
            if x["ok"]:
                self.assertEqual(x["file"], self.path("out", "passport-%d.svg" % x["line"]))
                self.assertIn("<svg", read(x["file"]))
        self.assertEqual(sorted(os.listdir(self.path("out"))),
                         ["passport-1.svg", "passport-5.svg", "passport-7.svg", "passport-8.svg", "results.jsonl"])

    def test_order_with_many_jobs_and_stdout(self):
        src = self.make_jsonl(300)
        self.encode_batch(src, "--jobs", "7")
        texts = [x["text"] for x in lines_of(self.path("out", "results.jsonl"))]
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", "-", "--jobs", "5",
                stdin="\n".join(texts) + "\n")
        self.assertEqual(r.rc, EX_OK, r)
        out = [json.loads(line) for line in r.text.splitlines()]
        self.assertEqual([x["line"] for x in out], list(range(1, 301)))
        self.assertEqual([x["serial"] for x in out], ["SN%08d" % i for i in range(300)])

    def test_usage(self):
        r = run("encode", "--key", self.path("k.pem"), "--batch", "x.jsonl")
        self.assertOneLineError(r, EX_USAGE, "--batch needs --out DIR")
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", "x.txt", "--resume")
        self.assertOneLineError(r, EX_USAGE, "--resume needs a results file")
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", "x.txt", "--json")
        self.assertOneLineError(r, EX_USAGE, "--batch always writes JSON Lines")
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("none.txt"))
        self.assertEqual(r.rc, 66, r)

    def scans(self, n):
        src = self.make_jsonl(n)
        r, res = self.encode_batch(src)
        self.assertEqual(r.rc, 0, r)
        texts = [x["text"] for x in lines_of(res)]
        write(self.path("scans.txt"), "\n".join(texts) + "\n")
        return texts

    def test_sigint_then_resume(self):
        texts = self.scans(1000)
        res = self.path("res.jsonl")
        p = subprocess.Popen(WRAPPER + [DPP, "verify", "--trust", self.path("k.pub.pem"), "--batch", "-", "--out", res,
                              "--jobs", "2"], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdin.write(("\n".join(texts[:300]) + "\n").encode())
        p.stdin.flush()
        # SIGINT only once all 300 results are written (dpp then waits for
        # line 301 on the open stdin), so what the interrupt reports does not
        # depend on how fast this machine is. The deadline is a safety net
        # for a hung dpp, far above any loaded machine's need.
        deadline = time.monotonic() + 250
        while not (os.path.exists(res) and read(res).count("\n") == 300):
            self.assertIsNone(p.poll(), "dpp exited before SIGINT")
            self.assertLess(time.monotonic(), deadline, "dpp did not write 300 results")
            time.sleep(0.05)
        p.send_signal(signal.SIGINT)
        p.wait(timeout=250)  # stdin stays open: the stop is the signal's doing
        err = p.stderr.read().decode()
        p.stdin.close()
        p.stderr.close()
        self.assertEqual(p.returncode, EX_INTERRUPTED, err)
        self.assertIn("interrupted: results for input lines 1..300 are complete in " + res, err)
        self.assertIn("--resume", err)
        done = lines_of(res)
        self.assertEqual([x["line"] for x in done], list(range(1, 301)))
        # Simulate a crash in the middle of a write: the partial line is dropped.
        with open(res, "a") as f:
            f.write('{"line":301,"veri')
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("scans.txt"), "--out", res,
                "--resume")
        self.assertEqual(r.rc, EX_OK, r)
        self.assertIn("dropped a partial last record", r.errtext)
        self.assertIn("dpp: verify: resumed after line 300\n", r.errtext)
        self.assertIn("dpp: verify: 700 ok, 0 failed\n", r.errtext)
        out = lines_of(res)
        self.assertEqual([x["line"] for x in out], list(range(1, 1001)))
        self.assertTrue(all(x["verified"] for x in out))
        # Nothing left: resuming again does nothing.
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("scans.txt"), "--out", res,
                "--resume")
        self.assertEqual(r.rc, EX_OK, r)
        self.assertIn("0 ok, 0 failed", r.errtext)
        self.assertEqual(len(lines_of(res)), 1000)

    def test_resume_refuses_a_foreign_results_file(self):
        self.scans(20)
        write(self.path("res.jsonl"), '{"line":7,"verified":true}\n')
        r = run("verify", "--trust", self.path("k.pub.pem"), "--batch", self.path("scans.txt"), "--out",
                self.path("res.jsonl"), "--resume")
        self.assertOneLineError(r, EX_USAGE, "does not continue the input")

    def test_encode_resume(self):
        src = self.make_jsonl(50)
        r, res = self.encode_batch(src)
        self.assertEqual(r.rc, 0, r)
        first = read(res).splitlines()
        write(res, "\n".join(first[:20]) + "\n")
        r, res = self.encode_batch(src, "--resume")
        self.assertEqual(r.rc, 0, r)
        now = read(res).splitlines()
        self.assertEqual(now[:20], first[:20])
        self.assertEqual([json.loads(x)["line"] for x in now], list(range(1, 51)))

    def test_progress_bar_on_a_terminal_only(self):
        src = self.make_jsonl(400)
        master, slave = pty.openpty()
        # --jobs 2: a read window of 256 records (cli/batch.c), fewer than the
        # 400 here, so the bar is drawn before the end on any machine, however
        # the threads are scheduled.
        p = subprocess.Popen(WRAPPER + [DPP, "encode", "--key", self.path("k.pem"), "--batch", src, "--out",
                              self.path("tty"), "--jobs", "2"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=slave)
        os.close(slave)
        got = b""
        while True:
            # No read timeout: dpp may be slow on a loaded machine; the pty
            # reports EOF/EIO once it exits (ctest's TIMEOUT covers a hang).
            select.select([master], [], [])
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
        p.wait(timeout=250)
        os.close(master)
        self.assertEqual(p.returncode, 0)
        self.assertIn(b"\r[", got)
        self.assertIn(b"/400", got)
        self.assertIn(b"dpp: encode: 400 ok, 0 failed", got)
        # Not a terminal: no bar at all.
        r, _ = self.encode_batch(src)
        self.assertNotIn("\r", r.errtext)


if __name__ == "__main__":
    unittest.main()
