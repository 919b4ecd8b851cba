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

Needs: Debian python3-distributed, and the dpp module on PYTHONPATH.
"""
import argparse
import json
import os
import sys
import time

import dpp

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
        st = dpp.TrustStore([k for k in trust["keys"]])
        for op in trust["operators"]:
            st.pin_operator(dpp.Key.load(op))
        if trust["list"] is not None:
            st.load_list(trust["list"], now=trust["at"])
        cache[token] = st
    return st


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


def read_trust(keys, trust_list, pins, at):
    def rd(p):
        with open(p, "rb") as f:
            return f.read()
    t = {"keys": [rd(p) for p in keys], "operators": [rd(p) for p in pins],
         "list": rd(trust_list) if trust_list else None, "at": at}
    t["token"] = "%d:%d" % (hash(tuple(t["keys"]) + tuple(t["operators"]) + (t["list"],)), at)
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
    ap.add_argument("--at", type=int, default=None, help="validation time, seconds since the epoch (default now)")
    ap.add_argument("-o", "--out", default="-", help="results, JSON Lines (default standard output)")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    ap.add_argument("--workers", type=int, default=2, help="local cluster: worker processes (default 2)")
    ap.add_argument("--chunk-lines", type=int, default=2000, help="scans per task (default 2000)")
    a = ap.parse_args(argv)
    if not a.trust and not a.trust_list:
        ap.error("--trust or --trust-list is required")
    if a.trust_list and not a.pin:
        ap.error("--trust-list needs --pin")
    at = a.at if a.at is not None else int(time.time())
    trust = read_trust(a.trust, a.trust_list, a.pin, at)
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
