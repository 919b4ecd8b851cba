"""Runs the three QR readers on one picture and measures each one's CPU time.

dpp verify --image (this project), zbarimg (zbar-tools) and ZXingReader
(zxing-cpp-tools); used by test_scan_corpus.py and bench/scan_bench.py.
"""
import os
import shutil
import subprocess
import tempfile
import threading

ZBARIMG = shutil.which("zbarimg")
ZXINGREADER = shutil.which("ZXingReader")


def run_cpu(argv, timeout=120, env=None):
    """(exit code, stdout bytes, stderr bytes, CPU seconds of the child: user + system)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        guard = threading.Timer(timeout, p.kill)  # a hang guard
        guard.start()
        _, status, ru = os.wait4(p.pid, 0)
        guard.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return p.returncode, out.read(), err.read(), ru.ru_utime + ru.ru_stime


def dpp_reads(dpp, path, trust, at, env=None):
    """(verified?, CPU seconds, stderr text)."""
    rc, out, err, cpu = run_cpu([dpp, "verify", "--trust", trust, "--at", at, "--image", path], env=env)
    ok = rc == 0 and out.decode("utf-8", "replace").strip().splitlines()[-1:] == ["VERIFIED"]
    return ok, cpu, err.decode("utf-8", "replace")


def zbar_reads(path, expect):
    """(expected text among zbarimg's symbols?, CPU seconds)."""
    rc, out, _, cpu = run_cpu([ZBARIMG, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", path])
    texts = out.decode("utf-8", "replace").splitlines()
    return rc == 0 and expect in texts, cpu


def zxing_reads(path, expect):
    """(expected text among ZXingReader's symbols?, CPU seconds); ZXingReader's defaults
    (try harder, rotations, downscaling)."""
    rc, out, _, cpu = run_cpu([ZXINGREADER, "-format", "QRCode", "-bytes", path])
    return rc == 0 and expect.encode() in out, cpu
