#!/usr/bin/env bash
# Runs every test: C unit tests, CLI, interop (Python, Node), test vectors,
# Python and Java bindings on a gcc build; the unit tests and fuzz corpora
# again under valgrind; everything but the bindings under AddressSanitizer +
# UBSan (clang); then each libFuzzer harness for a bounded time.
#
#   scripts/test-all.sh                 # all of it
#   DPP_FUZZ_SECONDS=0 scripts/test-all.sh   # skip the timed fuzzing step
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=$(nproc)
FUZZ_SECONDS=${DPP_FUZZ_SECONDS:-60}

echo "== 1/4 gcc build (RelWithDebInfo), full test suite"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDPP_VALGRIND_TESTS=ON -DDPP_BINDINGS=ON >/dev/null
cmake --build build -j"$JOBS"
ctest --test-dir build --output-on-failure -j"$JOBS" -LE memcheck

echo "== 2/4 valgrind memcheck (unit tests and fuzz corpus replays; any error or leak fails)"
ctest --test-dir build --output-on-failure -j"$JOBS" -L memcheck

echo "== 3/4 clang build with AddressSanitizer + UBSan, every C test"
CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDPP_SANITIZE=ON -DDPP_BINDINGS=OFF \
  -DDPP_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$JOBS" -LE "memcheck|python|java"

if [ "$FUZZ_SECONDS" != "0" ]; then
  echo "== 4/4 libFuzzer harnesses, ${FUZZ_SECONDS} s each"
  DPP_FUZZ_SECONDS=$FUZZ_SECONDS bash scripts/fuzz-ci.sh
fi
echo "all test stages passed"
