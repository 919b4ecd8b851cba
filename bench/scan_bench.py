#!/usr/bin/env python3
"""Scanning benchmark: dpp verify --image against zbarimg and ZXingReader.

On the photo corpus of tests/scan/gen_corpus.py (default: the full set, 120
pictures of 12 MP; made in CORPUS_DIR when it is not there yet), each
picture goes through the three readers in one run; printed: pictures read,
median and 95th-percentile CPU time per picture (user + system of the
reader's process, so the image decoding counts), the same for pictures at
15 % perspective or more, and which pass of dpp's scanner read each one.

    DPP_BIN=build/cli/dpp python3 bench/scan_bench.py [CORPUS_DIR] [--set full|ci] [--json OUT]
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCAN = os.path.join(os.path.dirname(HERE), "tests", "scan")
sys.path.insert(0, SCAN)
import scan_tools  # noqa: E402


def pct(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/tmp/dpp-scan-corpus")
    ap.add_argument("--set", default="full", choices=["full", "ci"])
    ap.add_argument("--json", help="write the per-picture results here")
    args = ap.parse_args()
    dpp = os.environ.get("DPP_BIN", "dpp")
    manifest_path = os.path.join(args.corpus, "manifest.json")
    if not os.path.exists(manifest_path):
        subprocess.run([sys.executable, os.path.join(SCAN, "gen_corpus.py"), args.corpus, "--set", args.set],
                       check=True, stderr=subprocess.DEVNULL)
    with open(manifest_path, encoding="utf-8") as f:
        m = json.load(f)
    trust = os.path.join(args.corpus, m["trust"])
    env = dict(os.environ, DPP_SCAN_TRACE="1", XDG_STATE_HOME=args.corpus)
    rows = []
    for im in m["images"]:
        path = os.path.join(args.corpus, im["file"])
        ok, cpu, err = scan_tools.dpp_reads(dpp, path, trust, m["at"], env=env)
        how = ""
        for line in err.splitlines():
            if ": read with " in line:
                how = line.split(": read with ", 1)[1]
        zb, zbc = scan_tools.zbar_reads(path, im["expect"])
        zx, zxc = scan_tools.zxing_reads(path, im["expect"])
        rows.append({"file": im["file"], "params": im["params"], "dpp": ok, "dpp_cpu": cpu, "dpp_pass": how,
                     "zbarimg": zb, "zbarimg_cpu": zbc, "zxingreader": zx, "zxingreader_cpu": zxc})
        print("%-14s dpp %d %5.0f ms  zbarimg %d %5.0f ms  ZXingReader %d %5.0f ms  %s" % (
            im["file"], ok, cpu * 1e3, zb, zbc * 1e3, zx, zxc * 1e3, how), file=sys.stderr)
    n = len(rows)
    print("%d pictures (%s set), %s" % (n, m["set"], args.corpus))
    print("%-12s %8s %12s %12s %14s" % ("reader", "read", "median CPU", "p95 CPU", "read at >=15%"))
    steep = [r for r in rows if r["params"]["perspective"] >= 0.15]
    for name in ("dpp", "zbarimg", "zxingreader"):
        cpu = [r[name + "_cpu"] * 1e3 for r in rows]
        print("%-12s %4d/%-3d %9.0f ms %9.0f ms %8d/%-3d" % (
            {"dpp": "dpp", "zbarimg": "zbarimg", "zxingreader": "ZXingReader"}[name], sum(r[name] for r in rows), n,
            pct(cpu, 50), pct(cpu, 95), sum(r[name] for r in steep), len(steep)))
    missed = [r["file"] for r in rows if (r["zbarimg"] or r["zxingreader"]) and not r["dpp"]]
    print("read by zbarimg or ZXingReader but not dpp: %s" % (", ".join(missed) or "none"))
    print("dpp, pass that read the passport: %s" % dict(collections.Counter(r["dpp_pass"] for r in rows if r["dpp"])))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
