"""Cluster-scale verification (examples/dask/verify_scans.py) on a local Dask
cluster with two worker processes: 100,000 generated scans, some invalid,
in both transport forms ("DPP1:" text and GS1 Digital Links, spec/link.md,
mixed line by line, some with the CR of a CRLF file or blanks around them),
must give the same results, line for line, as 'dpp verify --batch' in one
process, also when a worker is killed mid-run.

Needs Debian python3-distributed and the dpp Python module (PYTHONPATH, set
by ctest to the build's bindings/python). Without them the test is skipped
with the reason, and ctest reports it as Skipped (exit 77 through
tests/support/unittest_main.py): sanitizer builds and builds with
DPP_BINDINGS=OFF have no dpp module.

Nothing here depends on timing: the worker is killed at a fixed point of the
run (when a quarter of the chunks are done), the results are compared line
for line, and the only waits are for conditions (the nanny's new worker),
with deadlines far above what a loaded machine needs.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("DPP_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))
EXAMPLE_DIR = os.path.join(SOURCE_DIR, "examples", "dask")
DPP = os.environ.get("DPP_BIN", "dpp")
N_SCANS = int(os.environ.get("DPP_DASK_SCANS", "100000"))
AT = 1798761600  # 2027-01-01T00:00:00Z
IAT = 1767225600  # 2026-01-01T00:00:00Z

MISSING = None
try:
    import dpp
except ImportError as e:  # pragma: no cover
    dpp = None
    MISSING = ("the dpp Python module is not importable (%s): this build has no Python binding "
               "(DPP_BINDINGS=OFF, or a sanitizer build, which never builds it)" % e)
try:
    import dask
    import distributed
except ImportError as e:  # pragma: no cover
    distributed = None
    MISSING = MISSING or "python3-distributed is not installed (%s)" % e
# Generous deadlines: on a loaded 2-core machine a worker can take many
# seconds to start or to connect; a deadline is an upper bound, never a
# condition of the result.
DEADLINE = 600
if distributed is not None:
    dask.config.set({"distributed.comm.timeouts.connect": "%ds" % DEADLINE,
                     "distributed.comm.timeouts.tcp": "%ds" % DEADLINE})

RESOLVER = "https://id.example.com"
# Fields both 'dpp verify --batch' and verify_scans.py write.
FIELDS = ("line", "verified", "form", "id", "resolver", "error", "failed_check", "message")


def project(path):
    with open(path, encoding="utf-8") as f:
        return [tuple(json.loads(l).get(k) for k in FIELDS) for l in f]


def scan_file_lines(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read().split("\n")[:-1]


@unittest.skipIf(MISSING is not None, MISSING)
class TestDaskVerify(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="dpp-dask-test-")
        k = dpp.Key.generate("EdDSA")
        other = dpp.Key.generate("EdDSA")
        cls.pub = os.path.join(cls.dir, "k.pub.pem")
        with open(cls.pub, "w") as f:
            f.write(k.public_pem())
        rnd = random.Random(8)

        def passport(i, key, **extra):
            p = {"id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)), "gtin": "4006381333931",
                 "name": "Bolt M%d" % (i % 40 + 3), "manufacturer": {"name": "Acme", "country": "DE"}}
            return dpp.encode(p, key, iat=IAT, **extra)

        # Half of the good scans are links: the same kind of passport signed
        # with a resolver, which may travel in either form.
        good = [passport(i, k) for i in range(500)] + [passport(i, k, resolver=RESOLVER) for i in range(500, 1000)]
        good += [dpp.convert(good[i], "text") for i in range(500, 600)]  # resolver-signed, as text
        link = good[700]
        bad = [passport(0, other),                         # untrusted signer
               passport(1, k, exp=IAT + 3600),             # expired
               good[5][:-6] + ("AAAAAA" if not good[5].endswith("AAAAAA") else "BBBBBB"),  # tampered
               "DPP1:", "DPP2:ABC", "not a passport",      # malformed
               passport(2, other, resolver=RESOLVER),      # link, untrusted signer
               link.replace("HTTPS://ID.EXAMPLE.COM/", "HTTPS://EVIL.EXAMPLE.NET/", 1),  # link moved to another domain
               link[:-7],                                   # link cut short
               link.replace("#1", "?q=1#1", 1)]             # link with a query
        cls.scans = os.path.join(cls.dir, "scans.txt")
        cls.n_bad = 0
        with open(cls.scans, "w") as f:
            for i in range(N_SCANS):
                if rnd.random() < 0.02:
                    f.write(bad[rnd.randrange(len(bad))] + "\n")
                    cls.n_bad += 1
                else:
                    # blanks around a scan or a CRLF line end change nothing
                    f.write(rnd.choice(("", "", "", " ", "\t")) + good[rnd.randrange(len(good))]
                            + rnd.choice(("\n", "\n", "\n", "\r\n", " \n")))
        cls.cli_out = os.path.join(cls.dir, "cli.jsonl")
        cp = subprocess.run([DPP, "verify", "--trust", cls.pub, "--at", "@%d" % AT, "--batch", cls.scans,
                             "--out", cls.cli_out, "--quiet", "--jobs", "1"], capture_output=True)
        assert cp.returncode == 1, cp.stderr  # some records failed
        cls.expected = project(cls.cli_out)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_two_workers_one_killed(self):
        # Workers import verify_scans and dpp: give them the path.
        os.environ["PYTHONPATH"] = os.pathsep.join([EXAMPLE_DIR] + sys.path)
        sys.path.insert(0, EXAMPLE_DIR)
        import verify_scans
        from distributed import Client, LocalCluster

        self.assertEqual(len(self.expected), N_SCANS)
        self.assertEqual(sum(1 for r in self.expected if not r[1]), self.n_bad)
        self.assertGreater(self.n_bad, 0)
        trust = verify_scans.read_trust([self.pub], None, [], AT)
        out = os.path.join(self.dir, "dask.jsonl")
        killed = []
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            pids = client.run(os.getpid)
            self.assertEqual(len(pids), 2)

            def progress(done, total):
                if done == total // 4 and not killed:
                    addr, pid = sorted(pids.items())[0]
                    os.kill(pid, signal.SIGKILL)  # mid-run: its tasks are re-run elsewhere
                    killed.append(pid)

            with open(out, "w", encoding="utf-8") as f:
                totals = verify_scans.run(client, [self.scans], trust, f, chunk_lines=1000, on_progress=progress)
            # Wait for the nanny's replacement: two workers, the killed one
            # gone (the scheduler may list it until it notices the death).
            end = time.monotonic() + DEADLINE
            while True:
                client.wait_for_workers(2, timeout=DEADLINE)
                try:
                    after = client.run(os.getpid)
                except Exception:  # noqa: BLE001 - the dead worker may still be listed
                    after = {}
                if (len(after) == 2 and killed[0] not in after.values()) or time.monotonic() > end:
                    break
                time.sleep(0.2)
        self.assertEqual(len(killed), 1)
        self.assertNotIn(killed[0], after.values())  # the nanny started a new worker process
        self.assertEqual(totals["scans"], N_SCANS)
        self.assertEqual(totals["chunks"], (N_SCANS + 999) // 1000)
        self.assertEqual(totals["failed"], self.n_bad)
        self.assertEqual(totals["links"], sum(1 for r in self.expected if r[2] == "link"))
        got = project(out)
        self.assertEqual(len(got), len(self.expected))
        for a, b in zip(got, self.expected):
            if a != b:
                self.assertEqual(a, b)  # the first difference, readable
        self.assertEqual([r[0] for r in got], list(range(1, N_SCANS + 1)))  # none lost or duplicated
        errors = {r[5] for r in got if not r[1]}
        self.assertLessEqual(errors, {"DPP_ERR_KID_UNKNOWN", "DPP_ERR_EXPIRED", "DPP_ERR_SIGNATURE",
                                      "DPP_ERR_BASE45", "DPP_ERR_INFLATE", "DPP_ERR_COSE_STRUCTURE",
                                      "DPP_ERR_PREFIX", "DPP_ERR_PREFIX_VERSION", "DPP_ERR_DL_DOMAIN",
                                      "DPP_ERR_DL_PAYLOAD", "DPP_ERR_DL_QUERY"})
        for e in ("DPP_ERR_KID_UNKNOWN", "DPP_ERR_EXPIRED", "DPP_ERR_DL_DOMAIN", "DPP_ERR_DL_PAYLOAD",
                  "DPP_ERR_DL_QUERY"):
            self.assertIn(e, errors)
        # Both forms verified, each reported with its form; links carry the signed resolver.
        ok = [r for r in got if r[1]]
        self.assertEqual({r[2] for r in ok}, {"text", "link"})
        self.assertEqual({r[4] for r in ok if r[2] == "link"}, {"id.example.com"})
        self.assertIn("id.example.com", {r[4] for r in ok if r[2] == "text"})  # resolver-signed texts
        lines = scan_file_lines(self.scans)
        for r in got[:2000]:
            self.assertEqual(r[2], dpp.form_of(lines[r[0] - 1].strip(" \t\r")))


@unittest.skipIf(MISSING is not None, MISSING)
@unittest.skipIf(dpp is not None and not dpp.HAVE_SCAN,
                 "the dpp module was built without libdpp_scan (dpp.HAVE_SCAN is False): no photos")
class TestDaskPhotos(unittest.TestCase):
    """verify_scans.py --images: a few generated photos verified on two workers
    give, photo by photo, the verdict of 'dpp verify --batch-images'."""

    def test_photos_on_two_workers(self):
        import io
        os.environ["PYTHONPATH"] = os.pathsep.join([EXAMPLE_DIR] + sys.path)
        sys.path.insert(0, EXAMPLE_DIR)
        import verify_scans
        from distributed import Client, LocalCluster

        d = tempfile.mkdtemp(prefix="dpp-dask-photos-")
        self.addCleanup(shutil.rmtree, d, True)
        k, other = dpp.Key.generate("EdDSA"), dpp.Key.generate("EdDSA")
        pub = os.path.join(d, "k.pub.pem")
        with open(pub, "w") as f:
            f.write(k.public_pem())
        base = {"gtin": "4006381333931", "name": "Bolt", "manufacturer": {"name": "Acme", "country": "DE"}}

        def label(i, key, **extra):
            p = dict(base, id=str(uuid.UUID(int=i, version=4)))
            return dpp.QrCode.encode(dpp.encode(p, key, iat=IAT, **extra)).to_png(4, 4)

        photos = {"a-ok.png": label(1, k), "b-link.png": label(2, k, resolver=RESOLVER),
                  "c-untrusted.png": label(3, other), "d-expired.png": label(4, k, exp=IAT + 60),
                  "e-not-a-picture.png": b"DPP1:not a picture", "f-ok.png": label(5, k)}
        try:
            from PIL import Image
            jpg = io.BytesIO()
            Image.open(io.BytesIO(label(6, k))).convert("L").save(jpg, "JPEG", quality=80)
            photos["g-ok.jpg"] = jpg.getvalue()
            blank = io.BytesIO()
            Image.new("L", (100, 80), 255).save(blank, "PNG")
            photos["h-no-code.png"] = blank.getvalue()
        except ImportError:  # pragma: no cover - python3-pil is a CI dependency
            pass
        pics = os.path.join(d, "photos")
        os.mkdir(pics)
        for name, data in photos.items():
            with open(os.path.join(pics, name), "wb") as f:
                f.write(data)

        trust = verify_scans.read_trust([pub], None, [], AT)
        out = io.StringIO()
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            totals = verify_scans.run_images(client, verify_scans.image_paths([pics]), trust, out, chunk_images=3)
        got = {os.path.basename(r["file"]): r for r in map(json.loads, out.getvalue().splitlines())}
        self.assertEqual(sorted(got), sorted(photos))             # every photo once, in input order
        self.assertEqual([os.path.basename(json.loads(l)["file"]) for l in out.getvalue().splitlines()],
                         sorted(photos))
        self.assertEqual(totals["photos"], len(photos))
        self.assertEqual(totals["chunks"], (len(photos) + 2) // 3)
        ok = {n for n, r in got.items() if r["verified"]}
        self.assertEqual(ok, {n for n in photos if "-ok" in n or "-link" in n})
        self.assertEqual(got["b-link.png"]["form"], "link")
        self.assertEqual(got["b-link.png"]["resolver"], "id.example.com")
        self.assertEqual(got["c-untrusted.png"]["error"], "DPP_ERR_KID_UNKNOWN")
        self.assertEqual(got["d-expired.png"]["error"], "DPP_ERR_EXPIRED")
        self.assertEqual(got["e-not-a-picture.png"]["error"], "DPP_ERR_IMAGE_FORMAT")
        self.assertIsNone(got["e-not-a-picture.png"]["text"])
        if "h-no-code.png" in got:
            self.assertEqual(got["h-no-code.png"]["error"], "DPP_ERR_IMAGE_NO_CODE")

        # The CLI's verdict on the same photos, when the dpp tool reads pictures.
        cli_out = os.path.join(d, "cli.jsonl")
        cp = subprocess.run([DPP, "verify", "--trust", pub, "--at", "@%d" % AT, "--batch-images", pics,
                             "--out", cli_out, "--quiet", "--jobs", "1"], capture_output=True, text=True)
        if cp.returncode not in (0, 1) or not os.path.exists(cli_out):
            return  # the dpp tool reads no pictures here: the Dask results above are checked
        with open(cli_out, encoding="utf-8") as f:
            cli = {os.path.basename(r["file"]): r for r in map(json.loads, f)}
        self.assertEqual({n: r["ok"] for n, r in cli.items()}, {n: r["verified"] for n, r in got.items()})
        for n, r in got.items():
            if r["text"] is not None:
                self.assertEqual(cli[n]["text"], r["text"], n)


if __name__ == "__main__":
    unittest.main()
