#!/usr/bin/env bash
# Runs every test: the normal build (gcc), the unit tests again under
# valgrind, and the whole suite under AddressSanitizer+UBSan (clang).
# Usage: scripts/test-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=$(nproc)

echo "== gcc build, full test suite"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDPP_VALGRIND_TESTS=ON >/dev/null
cmake --build build -j"$JOBS"
ctest --test-dir build --output-on-failure -j"$JOBS" -LE memcheck

echo "== valgrind memcheck of the unit tests (any error or leak fails)"
ctest --test-dir build --output-on-failure -j"$JOBS" -L memcheck

echo "== clang build with AddressSanitizer + UBSan, full test suite"
CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDPP_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$JOBS"
