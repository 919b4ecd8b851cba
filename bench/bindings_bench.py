#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Verification throughput: C library vs the Python and Java bindings, in one run.

    PYTHONPATH=BUILD/bindings/python python3 bench/bindings_bench.py --build BUILD [--seconds 3] [--alg ES256]

BUILD is a CMake build directory configured with the bindings
(-DDPP_BINDINGS=ON or -DDPP_EXTRA_SUBDIRS=bindings), preferably Release or
RelWithDebInfo. The same passport text (examples/passport.json signed once)
is verified by:
  C       dpp_verify() in a loop (bench/bindings_bench_c.c, linked with BUILD/libdpp.a)
  Python  dpp.verify(text, trust, now) plus reading result.passport.name
  Java    new Verifier(trust).verify(text, now).passport().name()
single-threaded, and Python/Java also with --threads threads. Not part of ctest.
"""
import argparse
import os
import pathlib
import shlex
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOW = 1_750_000_000


def rate(calls, secs):
    return calls / secs


def c_bench(build, tmp, pub, text, secs):
    exe = tmp / "bindings_bench_c"
    deps = subprocess.run(["pkg-config", "--libs", "libcrypto", "zlib", "libpng", "libcbor", "qrcodegen",
                           "jansson"], check=True, capture_output=True, text=True).stdout
    cmd = ["cc", "-O2", "-std=c11", "-DDPP_STATIC_DEFINE", str(ROOT / "bench" / "bindings_bench_c.c"),
           f"-I{ROOT / 'libdpp' / 'include'}", f"-I{build / 'include'}", str(build / "libdpp.a"),
           *shlex.split(deps), "-o", str(exe)]
    subprocess.run(cmd, check=True)
    out = subprocess.run([str(exe), str(pub), str(text), str(secs), str(NOW)], check=True,
                         capture_output=True, text=True).stdout.split()
    return rate(int(out[0]), float(out[1]))


def py_bench(dpp, trust, text, secs, threads):
    def loop(counter, idx):
        n = 0
        end = time.perf_counter() + secs
        while time.perf_counter() < end:
            for _ in range(50):
                dpp.verify(text, trust, NOW).passport.name
            n += 50
        counter[idx] = n

    loop([0], 0)  # warm-up (also 1 s minimum below)
    counter = [0] * threads
    ts = [threading.Thread(target=loop, args=(counter, i)) for i in range(threads)]
    start = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return rate(sum(counter), time.perf_counter() - start)


def java_bench(build, pub, text, secs, threads):
    jar = build / "bindings" / "java" / "dpp.jar"
    out = subprocess.run(["java", "-cp", str(jar), str(ROOT / "bench" / "BindingsBench.java"), str(pub), str(text),
                          str(secs), str(NOW), str(threads)], check=True, capture_output=True, text=True).stdout.split()
    return rate(int(out[0]), float(out[1]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, type=pathlib.Path, help="CMake build directory with the bindings")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--alg", default="ES256")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    build = a.build.resolve()
    sys.path.insert(0, str(build / "bindings" / "python"))
    import dpp

    key = dpp.Key.generate(a.alg)
    passport = dpp.Passport.from_file(ROOT / "examples" / "passport.json")
    text = dpp.encode(passport, key, iat=NOW - 60)
    trust = dpp.TrustStore([key.public_key()])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / "pub.pem").write_text(key.public_pem())
        (tmp / "text.txt").write_text(text + "\n")
        rows = [("C (dpp_verify)", 1, c_bench(build, tmp, tmp / "pub.pem", tmp / "text.txt", a.seconds))]
        rows.append(("Python (dpp.verify)", 1, py_bench(dpp, trust, text, a.seconds, 1)))
        rows.append(("Java (Verifier.verify)", 1, java_bench(build, tmp / "pub.pem", tmp / "text.txt", a.seconds, 1)))
        if a.threads > 1:
            rows.append(("Python (dpp.verify)", a.threads, py_bench(dpp, trust, text, a.seconds, a.threads)))
            rows.append(("Java (Verifier.verify)", a.threads,
                         java_bench(build, tmp / "pub.pem", tmp / "text.txt", a.seconds, a.threads)))
    base = rows[0][2]
    print(f"{a.alg}, {len(text)}-character passport text, {a.seconds:g} s per run, "
          f"libdpp {dpp.library_version()}, Python {sys.version.split()[0]}")
    print(f"{'':26} {'threads':>7} {'verify/s':>10} {'vs C':>7}")
    for name, threads, r in rows:
        print(f"{name:26} {threads:>7} {r:>10.0f} {r / base:>6.0%}")


if __name__ == "__main__":
    main()
