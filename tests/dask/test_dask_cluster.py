"""A Dask cluster of separate processes, as on several machines
(examples/dask/README.md, "On several machines"): `dask-scheduler` and two
`dask-worker` processes started with Debian 12's command-line flags, each in
its own working directory. One worker runs with the build's dpp module on
PYTHONPATH; the other with another HOME, no PYTHONPATH and no user site, as
a machine without dpp: it gets dpp only from the wheel that verify_scans.py
--wheel ships through the DppWheel worker plugin. The wheel is the build
tree's dpp package (its extension links libdpp statically) packed as a wheel
here. verify_scans.py runs against the scheduler with --revocations and an
ISO 8601 --at: the revoked passport is reported DPP_ERR_REVOKED, an
untrusted one DPP_ERR_KID_UNKNOWN, the others verified, and the isolated
worker must have verified scans with the wheel's dpp. Every process is
stopped at the end (its whole process group), also when the test fails.

Skipped (exit 77 through tests/support/unittest_main.py) without
dask-scheduler / dask-worker, python3-distributed or the dpp module.
"""
import base64
import csv
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import unittest
import uuid
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("DPP_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))
SCRIPT = os.path.join(SOURCE_DIR, "examples", "dask", "verify_scans.py")
IAT = 1767225600           # 2026-01-01T00:00:00Z
AT_ISO = "2027-01-01T01:00:00+01:00"
AT = 1798761600            # the same instant
DEADLINE = 60              # upper bound of each wait, never a condition of the result

MISSING = None
try:
    import dpp
except ImportError as e:  # pragma: no cover
    dpp = None
    MISSING = "the dpp Python module is not importable (%s): this build has no Python binding" % e
try:
    import distributed
except ImportError as e:  # pragma: no cover
    distributed = None
    MISSING = MISSING or "python3-distributed is not installed (%s)" % e
MISSING_TOOL = MISSING
for tool in ("dask-scheduler", "dask-worker"):
    if MISSING_TOOL is None and shutil.which(tool) is None:
        MISSING_TOOL = "%s is not on PATH (Debian package python3-distributed installs it)" % tool


def pack_wheel(pkg_dir, out_dir):
    """The dpp package directory pkg_dir as a wheel in out_dir (dist-info with
    METADATA, WHEEL and RECORD); returns its path."""
    version = dpp.__version__
    tag = "cp%d%d" % sys.version_info[:2]
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    dist = "dpp-%s.dist-info" % version
    files = {}
    for root, dirs, names in os.walk(pkg_dir):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for n in names:
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                files["dpp/" + os.path.relpath(p, pkg_dir).replace(os.sep, "/")] = f.read()
    files[dist + "/METADATA"] = ("Metadata-Version: 2.1\nName: dpp\nVersion: %s\n" % version).encode()
    files[dist + "/WHEEL"] = ("Wheel-Version: 1.0\nGenerator: libdpp tests/dask\nRoot-Is-Purelib: false\n"
                              "Tag: %s-%s-%s\n" % (tag, tag, plat)).encode()
    rec = io.StringIO()
    w = csv.writer(rec, lineterminator="\n")
    for name, data in sorted(files.items()):
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        w.writerow([name, "sha256=" + digest, len(data)])
    w.writerow([dist + "/RECORD", "", ""])
    files[dist + "/RECORD"] = rec.getvalue().encode()
    path = os.path.join(out_dir, "dpp-%s-%s-%s-%s.whl" % (version, tag, tag, plat))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


@unittest.skipIf(MISSING_TOOL is not None, MISSING_TOOL)
class TestDaskCluster(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dpp-dask-cluster-")
        self.procs = []
        self.client = None
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.addCleanup(self.stop_all)

    def sub(self, name):
        d = os.path.join(self.dir, name)
        os.makedirs(d, exist_ok=True)
        return d

    def start(self, name, argv, env):
        """Starts argv in its own directory and process group (its worker
        children included), logging to <dir>/<name>.log."""
        log = open(os.path.join(self.dir, name + ".log"), "wb")
        self.addCleanup(log.close)
        p = subprocess.Popen(argv, cwd=self.sub(name), env=env, stdout=log, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs.append((name, p))
        return p

    def stop_all(self):
        if self.client is not None:
            self.client.close()
        for _, p in reversed(self.procs):  # workers first, the scheduler last
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        end = time.monotonic() + 20
        for _, p in self.procs:
            try:
                p.wait(max(0.1, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        def alive(pg):
            try:
                os.killpg(pg, 0)
                return True
            except ProcessLookupError:
                return False
        # A nanny's worker process may close a moment after its nanny.
        while any(alive(p.pid) for _, p in self.procs) and time.monotonic() < end:
            time.sleep(0.1)
        stray = []
        for name, p in self.procs:
            if alive(p.pid):
                os.killpg(p.pid, signal.SIGKILL)
                stray.append(name)
            if p.poll() is None:
                p.wait(10)
        self.assertEqual(stray, [], "processes left 20 s after SIGTERM (killed): %s" % stray)

    def logs(self):
        out = []
        for name, _ in self.procs:
            with open(os.path.join(self.dir, name + ".log"), encoding="utf-8", errors="replace") as f:
                out.append("--- %s\n%s" % (name, f.read()[-3000:]))
        return "\n".join(out)

    def test_scheduler_and_workers_as_processes(self):
        t0 = time.monotonic()
        build_env = dict(os.environ)
        build_env.pop("DASK_DISTRIBUTED__WORKER__DAEMON", None)
        bare_home = self.sub("bare-home")
        bare_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONUSERBASE")}
        bare_env.update(HOME=bare_home, PYTHONNOUSERSITE="1", XDG_CONFIG_HOME=os.path.join(bare_home, ".config"))
        # Does the bare environment find a dpp anyway (python3-dpp installed)?
        with open(shutil.which("dask-worker"), encoding="utf-8") as f:
            worker_python = f.readline()[2:].strip()  # '#!/usr/bin/python3'

        cp = subprocess.run([worker_python, "-c", "import importlib.util as u; print(u.find_spec('dpp') is not None)"],
                            env=bare_env, cwd=bare_home, capture_output=True, text=True)
        system_dpp = cp.stdout.strip() == "True"

        # Trust material: signer key, list operator key, a revocation list.
        d = self.sub("client")
        signer, other, op = dpp.Key.generate("EdDSA"), dpp.Key.generate("EdDSA"), dpp.Key.generate("EdDSA")
        paths = {}
        for name, data in (("k.pub.pem", signer.public_pem()), ("op.pub.pem", op.public_pem())):
            paths[name] = os.path.join(d, name)
            with open(paths[name], "w") as f:
                f.write(data)
        base = {"gtin": "4006381333931", "name": "Bolt", "manufacturer": {"name": "Acme", "country": "DE"}}
        ids = [str(uuid.UUID(int=i + 1, version=4)) for i in range(24)]
        scans = [dpp.encode(dict(base, id=i), signer, iat=IAT, resolver="https://id.example.com" if n % 2 else None)
                 for n, i in enumerate(ids)]
        revoked = {3, 17}
        untrusted = 9
        scans[untrusted] = dpp.encode(dict(base, id=ids[untrusted]), other, iat=IAT)
        rl = dpp.RevocationList()
        for n in sorted(revoked):
            rl.add_passport(ids[n], reason="recall", date="2026-06-01")
        paths["rl"] = os.path.join(d, "revoked.cbor")
        with open(paths["rl"], "wb") as f:
            f.write(rl.sign(op, sequence=1, next_update=AT + 30 * 86400, issued_at=IAT))
        paths["scans"] = os.path.join(d, "scans.txt")
        with open(paths["scans"], "w") as f:
            f.write("\n".join(scans) + "\n")
        wheel = pack_wheel(os.path.dirname(dpp.__file__), d)

        # The cluster: Debian 12's dask-scheduler and dask-worker flags.
        sched_file = os.path.join(self.dir, "scheduler.json")
        self.start("scheduler", ["dask-scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                 "--no-show", "--scheduler-file", sched_file], build_env)
        common = ["--scheduler-file", sched_file, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                  "--no-dashboard", "--death-timeout", str(DEADLINE)]
        end = time.monotonic() + DEADLINE
        while not os.path.exists(sched_file) and time.monotonic() < end:
            self.assertIsNone(self.procs[0][1].poll(), self.logs())
            time.sleep(0.1)
        self.assertTrue(os.path.exists(sched_file), "no scheduler file\n" + self.logs())
        self.start("worker-build", ["dask-worker", *common, "--name", "build",
                                    "--local-directory", self.sub("worker-build")], build_env)
        self.start("worker-bare", ["dask-worker", *common, "--name", "bare",
                                   "--local-directory", self.sub("worker-bare")], bare_env)
        from distributed import Client
        self.client = Client(scheduler_file=sched_file, timeout=DEADLINE)
        self.client.wait_for_workers(2, timeout=DEADLINE)
        by_name = {w["name"]: a for a, w in self.client.scheduler_info()["workers"].items()}
        self.assertEqual(sorted(by_name), ["bare-0", "build-0"] if "bare-0" in by_name else ["bare", "build"])
        bare = by_name.get("bare-0", by_name.get("bare"))

        def finds_dpp():
            import importlib.util
            spec = importlib.util.find_spec("dpp")
            return None if spec is None else spec.origin

        before = self.client.run(finds_dpp, workers=[bare])[bare]
        if not system_dpp:
            self.assertIsNone(before, "the bare worker must not see the build's dpp")

        out = os.path.join(d, "results.jsonl")
        cp = subprocess.run([sys.executable, SCRIPT, "--scheduler", self.client.scheduler.address,
                             "--wheel", wheel, "--trust", paths["k.pub.pem"], "--pin", paths["op.pub.pem"],
                             "--revocations", paths["rl"], "--at", AT_ISO, "--chunk-lines", "2",
                             paths["scans"], "-o", out], cwd=d, env=build_env, capture_output=True, text=True,
                            timeout=DEADLINE)
        self.assertEqual(cp.returncode, 1, cp.stderr + self.logs())  # some scans fail
        lines = [l for l in cp.stderr.splitlines() if l.startswith('{"scans"')]
        self.assertEqual(len(lines), 1, cp.stderr)  # the totals (distributed may log after them)
        totals = json.loads(lines[0])
        with open(out, encoding="utf-8") as f:
            got = [json.loads(l) for l in f]
        self.assertEqual([r["line"] for r in got], list(range(1, len(scans) + 1)))
        self.assertEqual(totals["scans"], len(scans))
        self.assertEqual(totals["failed"], len(revoked) + 1)
        for n, r in enumerate(got):
            if n in revoked:
                self.assertEqual((r["verified"], r["error"]), (False, "DPP_ERR_REVOKED"), r)
            elif n == untrusted:
                self.assertEqual((r["verified"], r["error"]), (False, "DPP_ERR_KID_UNKNOWN"), r)
            else:
                self.assertEqual((r["verified"], r["id"]), (True, ids[n]), r)

        def wheel_state(dask_worker):
            import sys as s
            m = s.modules.get("dpp")
            return (getattr(dask_worker, "_dpp_wheel", None), m.__file__ if m else None,
                    len(getattr(dask_worker, "_dpp_trust_stores", {})), dask_worker.local_directory)

        plugin_wheel, dpp_file, stores, local = self.client.run(wheel_state, workers=[bare])[bare]
        self.assertEqual(plugin_wheel[0], os.path.basename(wheel))
        self.assertTrue(dpp_file.startswith(os.path.join(local, "dpp-wheel-")), dpp_file)
        self.assertTrue(os.path.realpath(local).startswith(os.path.realpath(self.sub("worker-bare"))), local)
        self.assertEqual(stores, 1, "the bare worker verified no scan")  # its tasks used the wheel's dpp
        self.client.close()
        self.client = None
        sys.stderr.write("cluster test: %.1f s\n" % (time.monotonic() - t0))


@unittest.skipIf(MISSING is not None, MISSING)
class TestOptions(unittest.TestCase):
    """verify_scans.py's --at (ISO 8601 with a zone only) and option checks."""

    def test_parse_at(self):
        sys.path.insert(0, os.path.dirname(SCRIPT))
        import verify_scans
        self.assertEqual(verify_scans.parse_at("2026-12-06T10:00:00Z"), 1796551200)
        self.assertEqual(verify_scans.parse_at(AT_ISO), AT)
        self.assertEqual(verify_scans.parse_at("2027-01-01T00:00Z"), AT)
        self.assertEqual(verify_scans.parse_at("2026-12-31T19:00:00.75-0500"), AT)
        for bad in ("1798761600", "@1798761600", "2027-01-01", "2027-01-01T00:00:00", "2027-02-29T00:00:00Z",
                    "2027-01-01T24:00:00Z", "2027-01-01T00:00:00+25:00", "27-01-01T00:00:00Z", "now", ""):
            with self.assertRaises(ValueError, msg=bad):
                verify_scans.parse_at(bad)

    def test_cli_rejects(self):
        env = dict(os.environ)
        for args, msg in ((["--at", "@1798761600"], "--at: '@1798761600' is not an ISO 8601 time with a zone"),
                          (["--revocations", "x.cbor"], "--revocations needs --pin"),
                          (["--wheel", "x.whl"], "--wheel needs --scheduler")):
            cp = subprocess.run([sys.executable, SCRIPT, "--trust", "k.pem", "scans.txt", *args], env=env,
                                capture_output=True, text=True)
            self.assertEqual(cp.returncode, 2, cp.stderr)
            self.assertIn(msg, cp.stderr)


if __name__ == "__main__":
    unittest.main()
