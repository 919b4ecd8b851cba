#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds libdpp in Release with the benchmarks (and the Python/Java bindings
# when SWIG and a JDK are present), runs every benchmark and writes
# bench/RESULTS.md (raw outputs in BUILD/bench-out/).
#
#   scripts/bench.sh [--quick] [BUILD_DIR]        (default BUILD_DIR: build-bench)
#
# --quick: fewer rounds, 100,000 instead of 1,000,000 verifications for the
# growth check, smaller batches: a smoke run, not for quoting.
# Needs: cmake, a C compiler, the libdpp build dependencies, /usr/bin/python3
# with python3-cbor2 and python3-cryptography; optional: swig + a JDK
# (bindings), valgrind (callgrind profile), perf (cycles profile).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QUICK=0
if [ "${1:-}" = "--quick" ]; then QUICK=1; shift; fi
BUILD="${1:-$ROOT/build-bench}"
OUT="$BUILD/bench-out"
PY=/usr/bin/python3

ROUNDS=9; SLICE=250; GROWTH=1000000; BATCH_N=20000; BATCH_ROUNDS=3; PROFILE_N=1000
if [ "$QUICK" = 1 ]; then ROUNDS=3; SLICE=150; GROWTH=100000; BATCH_N=4000; BATCH_ROUNDS=2; PROFILE_N=300; fi

BINDINGS=OFF
PYINC="$($PY -c 'import sysconfig; print(sysconfig.get_paths()["include"])' 2>/dev/null || true)"
if command -v swig >/dev/null && command -v javac >/dev/null && [ -f "$PYINC/Python.h" ]; then
  BINDINGS=ON
fi

echo "== configure and build (Release, bindings $BINDINGS) in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DDPP_BUILD_BENCH=ON -DDPP_BUILD_TESTS=OFF \
  -DDPP_BUILD_EXAMPLES=OFF -DDPP_WERROR=OFF -DDPP_BINDINGS="$BINDINGS" ${DPP_BENCH_CMAKE_ARGS:-} >/dev/null
TARGETS=(dpp_bench dpp_bench_mem dpp_sizes dpp_cli)
if [ "$BINDINGS" = ON ]; then TARGETS+=(dpp_python dpp_java); fi
cmake --build "$BUILD" -j"$(nproc)" --target "${TARGETS[@]}" >/dev/null

rm -rf "$OUT"
mkdir -p "$OUT/java-classes" "$OUT/tmp"
cd "$ROOT"

# machine and versions
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(uname -srm)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) online CPUs"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "compiler: $(cc --version | head -1)"
  echo "openssl: $(openssl version 2>/dev/null || echo unknown)"
  echo "zlib: $(dpkg-query -W -f='${Version}' zlib1g 2>/dev/null || echo unknown)"
  echo "qrcodegen: $(dpkg-query -W -f='${Version}' libqrcodegen-dev 2>/dev/null || echo unknown)"
  echo "python: $($PY --version 2>&1), cbor2 $(dpkg-query -W -f='${Version}' python3-cbor2 2>/dev/null || echo '?'), cryptography $(dpkg-query -W -f='${Version}' python3-cryptography 2>/dev/null || echo '?')"
  echo "java: $(java -version 2>&1 | head -1 || echo none)"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "loadavg_start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "quick: $QUICK"
  echo "profile_n: $PROFILE_N"
  echo "bindings: $BINDINGS"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

JAVA_ARGS=()
if [ "$BINDINGS" = ON ]; then
  javac -cp "$BUILD/bindings/java/dpp.jar" -d "$OUT/java-classes" bench/JavaVerifyBench.java
  JAVA_ARGS=(--python-path "$BUILD/bindings/python" --jar "$BUILD/bindings/java/dpp.jar" --java-classes "$OUT/java-classes")
fi

echo "== speed (dpp_bench)"
"$BUILD/bench/dpp_bench" --rounds "$ROUNDS" --slice-ms "$SLICE" --json "$OUT/bench.json" \
  --cli "$BUILD/cli/dpp" --batch-n "$BATCH_N" --batch-rounds "$BATCH_ROUNDS" --tmp "$OUT/tmp" \
  --bench-dir "$ROOT/bench" --python "$PY" "${JAVA_ARGS[@]}" | tee "$OUT/bench.txt"

echo "== heap (dpp_bench_mem)"
"$BUILD/bench/dpp_bench_mem" --growth "$GROWTH" --json "$OUT/mem.json" | tee "$OUT/mem.txt"

echo "== sizes (dpp_sizes)"
$PY bench/gen_passports.py --count 400 --seed 7 > "$OUT/corpus.jsonl"
"$BUILD/bench/dpp_sizes" --json "$OUT/sizes-examples.json" examples/passport.json examples/passport-minimal.json \
  examples/passport-full.json | tee "$OUT/sizes-examples.txt"
"$BUILD/bench/dpp_sizes" --quiet --json "$OUT/sizes-corpus.json" "$OUT/corpus.jsonl" | tee "$OUT/sizes-corpus.txt"

echo "== profile"
if command -v valgrind >/dev/null; then
  for op in verify encode verify_link encode_link; do
    valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$op.out" \
      "$BUILD/bench/dpp_bench" --profile "$op" --profile-n "$PROFILE_N" >/dev/null 2>&1
    callgrind_annotate --inclusive=yes "$OUT/callgrind.$op.out" > "$OUT/callgrind.$op.txt" 2>/dev/null || true
  done
fi
if command -v perf >/dev/null && perf record -q -o "$OUT/perf.verify.data" "$BUILD/bench/dpp_bench" --profile verify \
     --profile-n $((PROFILE_N * 5)) >/dev/null 2>&1; then
  perf report -q -i "$OUT/perf.verify.data" --no-children --sort dso 2>/dev/null | head -12 > "$OUT/perf.verify.dso.txt" || true
  perf report -q -i "$OUT/perf.verify.data" --no-children --sort sym \
    --dsos dpp_bench,libc.so.6,libcbor.so.0.8.0,libz.so.1.2.13 2>/dev/null | head -25 > "$OUT/perf.verify.txt" || true
fi
echo "loadavg_end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"

echo "== bench/RESULTS.md"
$PY bench/make_results.py "$OUT" > bench/RESULTS.md
echo "written: bench/RESULTS.md (raw outputs in $OUT)"
