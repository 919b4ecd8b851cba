#!/usr/bin/env python3
"""Scanning benchmark: dpp verify --image against zbarimg and ZXingReader.

On the photo corpus of tests/scan/gen_corpus.py (default: the full set, 120
pictures of 12 MP, a few of them WebP and HEIC; made in CORPUS_DIR when it
is not there yet), each picture goes through the three readers in one run;
printed: pictures read, median and 95th-percentile CPU time per picture
(user + system of the reader's process, so the image decoding counts), the
same for pictures at 15 % perspective or more, pictures read per format,
dpp's time per picture by the scale that read it (the reduced-scale first
pass, or the full-scale passes after it) and which pass read each one.

ZXingReader reads neither WebP nor HEIC: for those pictures zbarimg and
ZXingReader read the corpus's reference copy (the decoded picture as a JPEG
of quality 95, so their decoding costs about what a JPEG's does); dpp reads
the WebP or HEIC file itself.

    DPP_BIN=build/cli/dpp python3 bench/scan_bench.py [CORPUS_DIR] [--set full|ci] [--limit N] [--json OUT]

--limit N: only the first N pictures (quicker iterations; the full set for
the numbers that count).
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
    ap.add_argument("--limit", type=int, default=0)
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
    images = m["images"][:args.limit] if args.limit > 0 else m["images"]
    rows = []
    for im in images:
        path = os.path.join(args.corpus, im["file"])
        other = os.path.join(args.corpus, im.get("ref", im["file"]))
        ok, cpu, err = scan_tools.dpp_reads(dpp, path, trust, m["at"], env=env)
        how = ""
        for line in err.splitlines():
            if ": read with " in line:
                how = line.split(": read with ", 1)[1]
        zb, zbc = scan_tools.zbar_reads(other, im["expect"])
        zx, zxc = scan_tools.zxing_reads(other, im["expect"])
        fmt = im["params"].get("format", "png" if im["params"].get("png") else "jpg")
        rows.append({"file": im["file"], "format": fmt, "params": im["params"], "dpp": ok, "dpp_cpu": cpu,
                     "dpp_pass": how, "zbarimg": zb, "zbarimg_cpu": zbc, "zxingreader": zx, "zxingreader_cpu": zxc})
        print("%-14s dpp %d %5.0f ms  zbarimg %d %5.0f ms  ZXingReader %d %5.0f ms  %s" % (
            im["file"], ok, cpu * 1e3, zb, zbc * 1e3, zx, zxc * 1e3, how), file=sys.stderr)
    n = len(rows)
    names = {"dpp": "dpp", "zbarimg": "zbarimg", "zxingreader": "ZXingReader"}
    print("%d pictures (%s set), %s" % (n, m["set"], args.corpus))
    print("%-12s %8s %12s %12s %14s" % ("reader", "read", "median CPU", "p95 CPU", "read at >=15%"))
    steep = [r for r in rows if r["params"]["perspective"] >= 0.15]
    for name in names:
        cpu = [r[name + "_cpu"] * 1e3 for r in rows]
        print("%-12s %4d/%-3d %9.0f ms %9.0f ms %8d/%-3d" % (
            names[name], sum(r[name] for r in rows), n, pct(cpu, 50), pct(cpu, 95), sum(r[name] for r in steep),
            len(steep)))
    print("read per format (dpp / zbarimg / ZXingReader; WebP and HEIC: the others read the JPEG reference copy):")
    for fmt in ("jpg", "png", "webp", "heic"):
        sel = [r for r in rows if r["format"] == fmt]
        if sel:
            print("  %-5s %3d pictures: %s" % (fmt, len(sel), " / ".join(str(sum(r[k] for r in sel)) for k in names)))
    print("dpp CPU per picture by the scale that read it:")
    groups = (("reduced scale (first pass)", lambda r: r["dpp"] and "reduced scale" in r["dpp_pass"]),
              ("full scale (later passes)", lambda r: r["dpp"] and "reduced scale" not in r["dpp_pass"]),
              ("not read (every pass that runs)", lambda r: not r["dpp"]))
    for label, sel in groups:
        cpu = [r["dpp_cpu"] * 1e3 for r in rows if sel(r)]
        print("  %-32s %3d pictures, median %4.0f ms, p95 %4.0f ms" % (label, len(cpu), pct(cpu, 50), pct(cpu, 95)))
    missed = [r["file"] for r in rows if (r["zbarimg"] or r["zxingreader"]) and not r["dpp"]]
    print("read by zbarimg or ZXingReader but not dpp: %s" % (", ".join(missed) or "none"))
    print("dpp, pass that read the passport: %s" % dict(collections.Counter(r["dpp_pass"] for r in rows if r["dpp"])))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
