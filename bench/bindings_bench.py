#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Verification throughput: C library vs the Python and Java bindings, in one run.

    python3 bench/bindings_bench.py --build BUILD [--rounds 5] [--seconds 1] [--alg ES256] [--threads N]

BUILD is a CMake build directory configured with the bindings
(-DDPP_BINDINGS=ON or -DDPP_EXTRA_SUBDIRS=bindings), preferably Release or
RelWithDebInfo. The same passport text (examples/passport.json signed once)
is verified by:
  C       dpp_verify() in a loop (bench/bindings_bench_c.c, linked with BUILD/libdpp.a)
  Python  dpp.verify(text, trust, now) plus reading result.passport.name
  Java    new Verifier(trust).verify(text, now).passport().name()
single-threaded, and Python/Java also with --threads threads. Each harness
warms up, then runs --rounds rounds; the best round counts (robust against a
busy machine). "verify/s" is wall-clock throughput, "per CPU-s" is calls per
second of process CPU time (what one verification costs). Not part of ctest.
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


def best(lines):
    """(best calls per wall second, best calls per CPU second) over the rounds."""
    rows = [tuple(float(x) for x in line.split()) for line in lines if line.strip()]
    return max(c / w for c, w, _ in rows), max(c / cpu for c, _, cpu in rows)


def c_bench(build, tmp, pub, text, secs, rounds):
    exe = tmp / "bindings_bench_c"
    deps = subprocess.run(["pkg-config", "--libs", "libcrypto", "zlib", "libpng", "libcbor", "qrcodegen",
                           "jansson"], check=True, capture_output=True, text=True).stdout
    cmd = ["cc", "-O2", "-std=c11", "-DDPP_STATIC_DEFINE", str(ROOT / "bench" / "bindings_bench_c.c"),
           f"-I{ROOT / 'libdpp' / 'include'}", f"-I{build / 'include'}", str(build / "libdpp.a"),
           *shlex.split(deps), "-o", str(exe)]
    subprocess.run(cmd, check=True)
    out = subprocess.run([str(exe), str(pub), str(text), str(secs), str(NOW), str(rounds)], check=True,
                         capture_output=True, text=True).stdout
    return best(out.splitlines())


def py_bench(dpp, trust, text, secs, rounds, threads):
    def loop(counter, idx, duration):
        n = 0
        end = time.perf_counter() + duration
        while time.perf_counter() < end:
            for _ in range(50):
                dpp.verify(text, trust, NOW).passport.name
            n += 50
        counter[idx] = n

    loop([0], 0, 0.5)  # warm-up
    lines = []
    for _ in range(rounds):
        counter = [0] * threads
        ts = [threading.Thread(target=loop, args=(counter, i, secs)) for i in range(threads)]
        w0, c0 = time.perf_counter(), time.process_time()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        lines.append(f"{sum(counter)} {time.perf_counter() - w0} {time.process_time() - c0}")
    return best(lines)


def java_bench(build, pub, text, secs, rounds, threads):
    jar = build / "bindings" / "java" / "dpp.jar"
    out = subprocess.run(["java", "-cp", str(jar), str(ROOT / "bench" / "BindingsBench.java"), str(pub), str(text),
                          str(secs), str(NOW), str(rounds), str(threads)], check=True, capture_output=True,
                         text=True).stdout
    return best(out.splitlines())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, type=pathlib.Path, help="CMake build directory with the bindings")
    ap.add_argument("--seconds", type=float, default=1.0, help="length of one round")
    ap.add_argument("--rounds", type=int, default=5, help="rounds per measurement; the best one counts")
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
        pub, txt = tmp / "pub.pem", tmp / "text.txt"
        pub.write_text(key.public_pem())
        txt.write_text(text + "\n")
        rows = [("C (dpp_verify)", 1, c_bench(build, tmp, pub, txt, a.seconds, a.rounds)),
                ("Python (dpp.verify)", 1, py_bench(dpp, trust, text, a.seconds, a.rounds, 1)),
                ("Java (Verifier.verify)", 1, java_bench(build, pub, txt, a.seconds, a.rounds, 1))]
        if a.threads > 1:
            rows.append(("Python (dpp.verify)", a.threads, py_bench(dpp, trust, text, a.seconds, a.rounds, a.threads)))
            rows.append(("Java (Verifier.verify)", a.threads, java_bench(build, pub, txt, a.seconds, a.rounds,
                                                                          a.threads)))
    wall_c, cpu_c = rows[0][2]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{a.alg}, {len(text)}-character text, best of {a.rounds} rounds of {a.seconds:g} s, "
          f"libdpp {dpp.library_version()}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {load:.1f}")
    print(f"{'':24} {'threads':>7} {'verify/s':>9} {'vs C':>6} {'per CPU-s':>10} {'vs C':>6}")
    for name, threads, (wall, cpu) in rows:
        print(f"{name:24} {threads:>7} {wall:>9.0f} {wall / wall_c:>6.0%} {cpu:>10.0f} {cpu / cpu_c:>6.0%}")


if __name__ == "__main__":
    main()
