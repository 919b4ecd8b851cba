#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Label throughput, ratios in one run (issue 19).

    python3 bench/label_bench.py [--dpp build/cli/dpp] [--n 300] [--loop 30]

Measures CPU time (user + system of the dpp processes, from getrusage), so
"labels/s per core" does not depend on what else the machine runs:

  loop   today's way: one 'dpp label --key K -o label-I.png P.json' process
         per label (PNG, 100x150 mm, 300 dpi), --loop labels
  batch  'dpp label --batch P.jsonl --out DIR --jobs 1' with --n labels:
         PNG at 300 dpi, PDF (one label a page), ZPL at 203 and 300 dpi
  jobs   batch PNG with --jobs 2 against --jobs 1: wall-clock labels/s
         (needs 2 free cores; on a shared machine it shows the contention)

Targets: batch PNG >= 10x the loop; PDF and ZPL >= 200 labels/s per core;
2 workers >= 1.8x one. Use a Release build."""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
FULL = os.path.join(HERE, "..", "tests", "cli", "data", "full.json")


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dpp", default=os.path.join(HERE, "..", "build", "cli", "dpp"))
    ap.add_argument("--n", type=int, default=300, help="labels per batch run")
    ap.add_argument("--loop", type=int, default=30, help="labels of the one-process-per-label loop")
    ap.add_argument("--json", help="also write the numbers as JSON to this file")
    a = ap.parse_args()
    dpp = os.path.abspath(a.dpp)
    tmp = tempfile.mkdtemp(prefix="label-bench-")
    try:
        key = os.path.join(tmp, "k.pem")
        run([dpp, "keygen", "--out", key])
        base = json.load(open(FULL, encoding="utf-8"))
        src = os.path.join(tmp, "p.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for i in range(a.n):
                p = dict(base)
                p["id"] = str(uuid.UUID(int=i + 1, version=4))
                p["serial"] = "SN%06d" % i
                f.write(json.dumps(p) + "\n")
        one = os.path.join(tmp, "one.json")
        json.dump(base, open(one, "w", encoding="utf-8"))

        res = {}
        c0, t0 = cpu(), time.monotonic()
        for i in range(a.loop):
            run([dpp, "label", "--key", key, "-o", os.path.join(tmp, "loop-%d.png" % i), one])
        res["loop_png"] = (a.loop / (cpu() - c0), a.loop / (time.monotonic() - t0))

        def batch(name, fmt, jobs, *extra):
            d = os.path.join(tmp, name)
            c, t = cpu(), time.monotonic()
            run([dpp, "label", "--batch", src, "--out", d, "--key", key, "--format", fmt, "--jobs", str(jobs),
                 "--quiet", *extra])
            res[name] = (a.n / (cpu() - c), a.n / (time.monotonic() - t))
            shutil.rmtree(d)

        batch("batch_png_300", "png", 1, "--dpi", "300")
        batch("batch_pdf", "pdf", 1)
        batch("batch_pdf_a4", "pdf", 1, "--size", "62x100", "--sheet", "a4")
        batch("batch_zpl_203", "zpl", 1, "--dpi", "203")
        batch("batch_zpl_300", "zpl", 1, "--dpi", "300")
        batch("batch_png_300_j1", "png", 1, "--dpi", "300")
        batch("batch_png_300_j2", "png", 2, "--dpi", "300")

        loop = res["loop_png"][0]
        print("| run | labels/s per core (CPU) | labels/s (wall) | vs loop | target |")
        print("|---|---:|---:|---:|---|")
        targets = {"batch_png_300": ">= 10x loop", "batch_pdf": ">= 200/s", "batch_pdf_a4": ">= 200/s",
                   "batch_zpl_203": ">= 200/s", "batch_zpl_300": ">= 200/s"}
        for k in ("loop_png", "batch_png_300", "batch_pdf", "batch_pdf_a4", "batch_zpl_203", "batch_zpl_300"):
            per_core, wall = res[k]
            print("| %s | %.1f | %.1f | %.1fx | %s |" % (k, per_core, wall, per_core / loop, targets.get(k, "")))
        j1, j2 = res["batch_png_300_j1"][1], res["batch_png_300_j2"][1]
        print("| batch PNG --jobs 2 vs 1 (wall) | | %.1f vs %.1f | %.2fx | >= 1.8x |" % (j2, j1, j2 / j1))
        if a.json:
            json.dump(res, open(a.json, "w"), indent=1)
    finally:
        shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
