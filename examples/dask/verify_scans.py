#!/usr/bin/env python3
"""Verify a large scan file (or a directory of them) on a Dask cluster.

Each scan file holds one scan per line, in either transport form: "DPP1:"
text or a GS1 Digital Link ("HTTPS://ID.EXAMPLE.COM/01/...#1...", the link
form of spec/link.md, told apart by its "https:" start), mixed freely. The
file is cut into chunks of lines; every chunk is one Dask task that verifies
its lines with the libdpp Python binding. The trust material
(pinned keys, or a signed trust list plus its operator key) is shipped to
each worker once (scattered with broadcast) and the native trust store is
built once per worker process. Results are written in input order as JSON
Lines, one per scan, with the fields of 'dpp verify --batch'
({"line", "verified", "form", "id", "resolver"} or {"line", "verified",
"form", "error", "failed_check", "message"}; with a directory, "file" too),
followed by totals on stderr (with the links among them).

With --images the input is photos of labels instead: a directory of
pictures (JPEG, PNG, ... as libdpp_scan reads them), a list file (one path
per line) or several paths. The driver ships each batch of --chunk-images
pictures (their bytes: workers need no shared file system) as one task, and
the worker reads and verifies each with dpp.verify_image(). One record per
photo, in input order: {"file", "verified", "text", "form", "codes", "how",
"id", "resolver"} or {"file", "verified", "text", "error", "failed_check",
"message"} (an ImageError such as DPP_ERR_IMAGE_NO_CODE has no text).

A task whose worker dies is re-run by the scheduler on another worker; the
driver keeps one result per chunk index, so nothing is lost or duplicated.

  verify_scans.py --trust signer.pub.pem scans.txt -o results.jsonl
  verify_scans.py --images --trust signer.pub.pem uploads/ -o photos.jsonl
  verify_scans.py --trust-list trust.cbor --pin op.pub.pem --workers 4 scans/
  verify_scans.py --scheduler tcp://scheduler:8786 --trust k.pem scans.txt
  verify_scans.py --scheduler tcp://scheduler:8786 --wheel dpp-0.1.0-cp311-cp311-linux_x86_64.whl \
      --trust-list trust.cbor --pin op.pub.pem --revocations revoked.cbor --at 2026-12-06T10:00:00Z scans/

--revocations loads a signed revocation list (verified with the --pin keys,
as 'dpp verify --revocations' does) into every worker's trust store: a
revoked key, passport or batch is reported DPP_ERR_REVOKED. --at is an ISO
8601 time with its zone (2026-12-06T10:00:00Z, 2026-12-06T11:00:00+01:00).
--wheel ships a dpp wheel to the workers of --scheduler (worker plugin
DppWheel): workers of other machines need no dpp installed beforehand.

Needs: Debian python3-distributed, and the dpp module on PYTHONPATH (here;
on the workers too unless --wheel is given).
"""
import argparse
import calendar
import hashlib
import json
import os
import re
import sys
import time
import zipfile

import dpp
from distributed.diagnostics.plugin import WorkerPlugin

_STORES = {}  # per worker process: trust token -> dpp.TrustStore
# What 'dpp verify --batch' trims from each line before verifying it (the
# library itself ignores space, tab, CR and LF around a passport).
_LINE_WS = " \t\r\n\v\f"


def _store(trust):
    """The worker's trust store for the shipped trust material (built once)."""
    token = trust["token"]
    try:  # one cache per worker process, also when this module was pickled by value
        from distributed import get_worker
        w = get_worker()
        cache = getattr(w, "_dpp_trust_stores", None)
        if cache is None:
            cache = {}
            setattr(w, "_dpp_trust_stores", cache)
    except (ImportError, ValueError, AttributeError):
        cache = _STORES
    st = cache.get(token)
    if st is None:
        st = cache[token] = build_store(trust)
    return st


def build_store(trust):
    """A native trust store from the shipped trust material (DppError when a
    key or a list is refused: unsigned, stale, rolled back, ...)."""
    st = dpp.TrustStore([k for k in trust["keys"]])
    for op in trust["operators"]:
        st.pin_operator(dpp.Key.load(op))
    if trust["list"] is not None:
        st.load_list(trust["list"], now=trust["at"])
    if trust.get("revocations") is not None:
        st.load_revocations(trust["revocations"], now=trust["at"])
    return st


class DppWheel(WorkerPlugin):
    """Worker plugin that installs the dpp module from a wheel on every worker
    of the cluster, those joining later and those a nanny restarts included.

    The wheel's bytes travel with the plugin through the scheduler (nothing
    is downloaded, no index, no shared file system). On each worker the
    wheel is checked against the worker's Python and platform tags, unpacked
    into <worker local directory>/dpp-wheel-<sha256> (what installing a
    platlib wheel without .data/ does) and that directory is put first on
    sys.path, so the wheel's dpp wins over any other on the worker. It goes
    away with the worker's local directory. Registered before any task runs:
    tasks import dpp when they are unpickled on the worker.
    """

    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = f.read()
        self.filename = os.path.basename(path)
        self.sha256 = hashlib.sha256(self.data).hexdigest()
        self.name = "dpp-wheel-" + self.sha256[:16]  # the same wheel registered twice: once
        self._check_names()

    def _check_names(self):
        """ValueError unless the wheel is a dpp wheel whose members all stay
        inside the target directory (no absolute paths, no '..', no .data/)."""
        import io
        if not self.filename.startswith("dpp-") or not self.filename.endswith(".whl"):
            raise ValueError("%s: not a dpp wheel (dpp-VERSION-TAGS.whl)" % self.filename)
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as z:
                names = z.namelist()
        except zipfile.BadZipFile as e:
            raise ValueError("%s: not a wheel (%s)" % (self.filename, e)) from None
        for n in names:
            parts = n.replace("\\", "/").split("/")
            if n.startswith("/") or ".." in parts or ":" in parts[0]:
                raise ValueError("%s: member '%s' would be written outside the install directory"
                                 % (self.filename, n))
            if parts[0].endswith(".data"):
                raise ValueError("%s: member '%s': wheels with a .data directory are not supported"
                                 % (self.filename, n))
        if "dpp/__init__.py" not in names:
            raise ValueError("%s: has no dpp/__init__.py" % self.filename)

    def _check_tags(self):
        """RuntimeError naming both tag sets when this worker cannot load the wheel."""
        from packaging.tags import sys_tags
        from packaging.utils import parse_wheel_filename
        _, _, _, tags = parse_wheel_filename(self.filename)
        if not tags & set(sys_tags()):
            here = next(iter(sys_tags()))
            raise RuntimeError("%s is for %s; this worker (Python %s) needs %s" % (
                self.filename, ", ".join(sorted(str(t) for t in tags)), sys.version.split()[0], here))

    def setup(self, worker):
        import importlib
        import io
        import shutil
        import tempfile
        self._check_tags()
        target = os.path.join(worker.local_directory, "dpp-wheel-" + self.sha256[:16])
        if not os.path.isdir(target):
            tmp = tempfile.mkdtemp(prefix=".dpp-wheel-", dir=worker.local_directory)
            try:
                with zipfile.ZipFile(io.BytesIO(self.data)) as z:
                    z.extractall(tmp)
                os.rename(tmp, target)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        if target not in sys.path:
            sys.path.insert(0, target)
        importlib.invalidate_caches()
        mod = sys.modules.get("dpp")
        if mod is not None and not os.path.abspath(mod.__file__).startswith(target + os.sep):
            raise RuntimeError("the worker imported dpp from %s before the plugin ran; start the "
                               "worker without it or restart it" % mod.__file__)
        import dpp as wheel_dpp  # noqa: F401 - fails here (with the reason) rather than in every task
        worker._dpp_wheel = (self.filename, os.path.dirname(wheel_dpp.__file__))


def verify_chunk(trust, first_line, lines):
    """Verifies lines (first one numbered first_line); returns JSON strings."""
    st = _store(trust)
    at = trust["at"]
    out = []
    for i, text in enumerate(lines):
        text = text.strip(_LINE_WS)
        rec = {"line": first_line + i, "verified": False, "form": dpp.form_of(text)}
        try:
            r = dpp.verify(text, st, at)  # "DPP1:" text or a link
            rec["verified"] = True
            rec["id"] = str(r.passport.id)
            rec["resolver"] = r.resolver or None
        except dpp.DppError as e:
            rec["error"] = e.name
            rec["failed_check"] = getattr(e, "check", None)
            rec["message"] = e.message
        out.append(json.dumps(rec, separators=(",", ":"), ensure_ascii=False))
    return out


def verify_images(trust, photos):
    """Verifies [(name, bytes)] photos; returns JSON strings (one per photo)."""
    st = _store(trust)
    out = []
    for name, data in photos:
        rec = {"file": name, "verified": False, "text": None}
        try:
            scan = dpp.scan_image(data)
            rec.update(text=scan.text, form=dpp.form_of(scan.text), codes=scan.codes, how=scan.how)
            r = dpp.verify(scan.text, st, trust["at"])
            rec["verified"] = True
            rec["id"] = str(r.passport.id)
            rec["resolver"] = r.resolver or None
        except dpp.DppError as e:
            rec["error"] = e.name
            rec["failed_check"] = getattr(e, "check", None)
            rec["message"] = e.message
        out.append(json.dumps(rec, separators=(",", ":"), ensure_ascii=False))
    return out


def image_paths(inputs):
    """The photos named by inputs: directories (their files, sorted), list files
    (*.txt / *.lst: one path per line, relative to the list) and pictures."""
    paths = []
    for p in inputs:
        if os.path.isdir(p):
            paths += sorted(os.path.join(p, n) for n in os.listdir(p) if os.path.isfile(os.path.join(p, n)))
        elif p.endswith((".txt", ".lst")):
            base = os.path.dirname(p)
            with open(p, encoding="utf-8") as f:
                paths += [os.path.join(base, l.strip()) for l in f if l.strip()]
        else:
            paths.append(p)
    return paths


def run_images(client, paths, trust, out, chunk_images=8, on_progress=None):
    """Verifies the photos at paths on client's cluster; writes JSON Lines to
    out in input order; returns totals."""
    [shipped] = client.scatter([trust], broadcast=True)
    futures = []
    for i in range(0, len(paths), chunk_images):
        batch = []
        for p in paths[i:i + chunk_images]:
            with open(p, "rb") as f:
                batch.append((p, f.read()))
        futures.append(client.submit(verify_images, shipped, batch, pure=False, retries=3))
    results = [None] * len(futures)
    index = {f.key: i for i, f in enumerate(futures)}
    from distributed import as_completed
    for done, fut in enumerate(as_completed(futures), 1):
        i = index[fut.key]
        if results[i] is None:
            results[i] = fut.result()
        if on_progress is not None:
            on_progress(done, len(futures))
    totals = {"photos": 0, "verified": 0, "failed": 0, "chunks": len(futures)}
    for recs in results:
        for r in recs:
            out.write(r + "\n")
            totals["photos"] += 1
            totals["verified" if '"verified":true' in r else "failed"] += 1
    return totals


def read_trust(keys, trust_list, pins, at, revocations=None):
    def rd(p):
        with open(p, "rb") as f:
            return f.read()
    t = {"keys": [rd(p) for p in keys], "operators": [rd(p) for p in pins],
         "list": rd(trust_list) if trust_list else None, "at": at,
         "revocations": rd(revocations) if revocations else None}
    h = hashlib.sha256()
    for part in t["keys"] + [b"|"] + t["operators"] + [b"|", t["list"] or b"", b"|", t["revocations"] or b""]:
        h.update(b"%d:" % len(part) + part)
    t["token"] = "%s:%d" % (h.hexdigest(), at)
    return t


# ISO 8601 date and time with its zone: 2026-12-06T10:00:00Z, 2026-12-06T10:00Z,
# 2026-12-06T11:00:00.5+01:00 (fractions dropped). A time without a zone is
# refused: the workers of a cluster may run in different zones.
_ISO_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
                       r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))")


def parse_at(text):
    """Seconds since the epoch of an ISO 8601 time with a zone; ValueError
    (naming what is wrong) for anything else."""
    m = _ISO_TIME.fullmatch(text.strip()) if isinstance(text, str) else None
    if m is None:
        raise ValueError("'%s' is not an ISO 8601 time with a zone, e.g. 2026-12-06T10:00:00Z "
                         "or 2026-12-06T11:00:00+01:00" % text)
    y, mo, d, h, mi = (int(m.group(i)) for i in range(1, 6))
    se = int(m.group(6) or 0)
    if not (1970 <= y <= 9999 and 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]):
        raise ValueError("'%s': no such calendar day" % text)
    if h > 23 or mi > 59 or se > 60:
        raise ValueError("'%s': hour, minute or second out of range" % text)
    off = 0
    if m.group(8):
        oh, om = int(m.group(9)), int(m.group(10))
        if oh > 23 or om > 59:
            raise ValueError("'%s': zone offset out of range" % text)
        off = (oh * 3600 + om * 60) * (1 if m.group(8) == "+" else -1)
    t = calendar.timegm((y, mo, d, h, mi, min(se, 59))) + (se == 60) - off
    if t < 0:
        raise ValueError("'%s' is before 1970-01-01T00:00:00Z" % text)
    return t


def chunks_of(path, chunk_lines):
    """(first_line, [lines]) of a scan file."""
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        buf, first = [], 1
        for n, line in enumerate(f, 1):
            buf.append(line.rstrip("\r\n"))
            if len(buf) == chunk_lines:
                yield first, buf
                buf, first = [], n + 1
        if buf:
            yield first, buf


def run(client, inputs, trust, out, chunk_lines=2000, on_progress=None):
    """Verifies every file of inputs on client's cluster; writes JSON Lines
    to the file object out in input order; returns totals."""
    [shipped] = client.scatter([trust], broadcast=True)
    futures, order = [], []
    for path in inputs:
        for first, lines in chunks_of(path, chunk_lines):
            futures.append(client.submit(verify_chunk, shipped, first, lines, pure=False, retries=3))
            order.append(path)
    results = [None] * len(futures)
    index = {f.key: i for i, f in enumerate(futures)}
    from distributed import as_completed
    done = 0
    for fut in as_completed(futures):
        i = index[fut.key]
        if results[i] is None:  # one result per chunk, whatever the retries
            results[i] = fut.result()
        done += 1
        if on_progress is not None:
            on_progress(done, len(futures))
    totals = {"scans": 0, "verified": 0, "failed": 0, "links": 0, "chunks": len(futures)}
    multi = len(inputs) > 1
    for i, recs in enumerate(results):
        for r in recs:
            if multi:
                r = '{"file":%s,%s' % (json.dumps(order[i]), r[1:])
            out.write(r + "\n")
            totals["scans"] += 1
            if '"form":"link"' in r:
                totals["links"] += 1
            if '"verified":true' in r:
                totals["verified"] += 1
            else:
                totals["failed"] += 1
    return totals


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="+", help="scan file (one passport text or link per line) or a directory of "
                    "*.txt files; with --images: photos, directories of photos or lists of photo paths")
    ap.add_argument("--images", action="store_true", help="the input is photos of labels (dpp.verify_image)")
    ap.add_argument("--chunk-images", type=int, default=8, help="photos per task (default 8)")
    ap.add_argument("--trust", action="append", default=[], help="pinned public key or certificate (repeatable)")
    ap.add_argument("--trust-list", help="signed trust list (needs --pin)")
    ap.add_argument("--pin", action="append", default=[], help="trust-list operator public key (repeatable)")
    ap.add_argument("--revocations", help="signed revocation list (needs --pin), as 'dpp verify --revocations'")
    ap.add_argument("--at", default=None, help="validation time, ISO 8601 with a zone, e.g. 2026-12-06T10:00:00Z "
                    "(default now)")
    ap.add_argument("-o", "--out", default="-", help="results, JSON Lines (default standard output)")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    ap.add_argument("--wheel", help="with --scheduler: a dpp wheel installed on every worker by a worker plugin "
                    "(workers need no dpp of their own)")
    ap.add_argument("--workers", type=int, default=2, help="local cluster: worker processes (default 2)")
    ap.add_argument("--chunk-lines", type=int, default=2000, help="scans per task (default 2000)")
    a = ap.parse_args(argv)
    if not a.trust and not a.trust_list:
        ap.error("--trust or --trust-list is required")
    if a.trust_list and not a.pin:
        ap.error("--trust-list needs --pin")
    if a.revocations and not a.pin:
        ap.error("--revocations needs --pin (the operator key that signed the list)")
    if a.wheel and not a.scheduler:
        ap.error("--wheel needs --scheduler (a local cluster uses this machine's dpp)")
    try:
        at = parse_at(a.at) if a.at is not None else int(time.time())
    except ValueError as e:
        ap.error("--at: %s" % e)
    try:
        trust = read_trust(a.trust, a.trust_list, a.pin, at, a.revocations)
    except OSError as e:
        ap.error("%s: %s" % (e.filename, e.strerror))
    try:  # here first: a bad key or a stale, unsigned or rolled-back list stops the run before any task
        build_store(trust)
    except dpp.DppError as e:
        ap.error("trust material: %s: %s" % (e.name, e.message))
    plugin = None
    if a.wheel:
        try:
            plugin = DppWheel(a.wheel)
        except (OSError, ValueError) as e:
            ap.error("--wheel: %s" % e)
    if a.images:
        if not dpp.HAVE_SCAN:
            ap.error("--images: this dpp module was built without libdpp_scan (dpp.HAVE_SCAN is False)")
        inputs = image_paths(a.input)
    elif len(a.input) > 1:
        ap.error("give one scan file or directory (several inputs need --images)")
    elif os.path.isdir(a.input[0]):
        inputs = sorted(os.path.join(a.input[0], n) for n in os.listdir(a.input[0]) if n.endswith(".txt"))
    else:
        inputs = a.input

    from distributed import Client, LocalCluster
    if a.scheduler:
        client = Client(a.scheduler)
        cluster = None
        if plugin is not None:
            client.register_worker_plugin(plugin)  # raises the first worker's error, if any
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    t0 = time.monotonic()
    try:
        out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8")
        try:
            if a.images:
                totals = run_images(client, inputs, trust, out, a.chunk_images)
            else:
                totals = run(client, inputs, trust, out, a.chunk_lines)
        finally:
            if out is not sys.stdout:
                out.close()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    dt = time.monotonic() - t0
    totals["seconds"] = round(dt, 3)
    kind = "photos" if a.images else "scans"
    totals[kind + "_per_second"] = round(totals[kind] / dt, 1) if dt > 0 else None
    print(json.dumps(totals), file=sys.stderr)
    return 0 if totals["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
