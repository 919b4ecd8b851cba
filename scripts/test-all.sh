#!/usr/bin/env bash
# Runs every test stage; the README's test command and CI's (.ci/run).
#
#   1. gcc build (RelWithDebInfo, -Werror): C unit tests, CLI, interop
#      (Python, Node), test vectors, consumer and subproject builds, Python
#      and Java bindings, Dask, the browser build; then the embedded-verifier
#      build without JSON and PNG (scripts/check-minimal-build.sh)
#   2. valgrind memcheck of the unit tests and fuzz-corpus replays (any error
#      or leak fails); by default the five slow ones (key generation, COSE
#      with RSA keys, trust lists, attestations, 10^6-call growth checks) are
#      left out: they run natively in stage 1 and under AddressSanitizer +
#      LeakSanitizer in stage 3
#   3. clang build with AddressSanitizer + UBSan (Debug, -Werror): every C and
#      CLI test (the bindings need an uninstrumented interpreter)
#   4. libFuzzer harnesses (scripts/fuzz-ci.sh): a fixed total budget split
#      across however many harnesses there are
#   5. packages (scripts/test-packages.sh): Debian packages built, linted,
#      installed, used and removed; the ABI check; the Python sdist in a
#      fresh venv; the jar alone on a class path; the CPack tarball.
#      Reported as SKIPPED (with the reason) when not root and no
#      password-less sudo, or when dpkg-buildpackage or another tool is missing
#
# About 13-14 minutes on a 2-core machine (README, "Testing"). Options:
#   DPP_TEST_LONG=1     valgrind on every test of stage 2, 60 s per fuzz
#                       harness, 100,000 scans in the Dask test (about 45
#                       minutes on 2 cores)
#   DPP_FUZZ_BUDGET=N   total seconds of fuzzing in stage 4 (default 180;
#                       0 skips the stage); DPP_FUZZ_SECONDS=N sets it per harness
#   DPP_TEST_JOBS=N     parallel tests (default: number of CPUs)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${DPP_TEST_JOBS:-$(nproc)}
LONG=${DPP_TEST_LONG:-0}
if [ "$LONG" = 1 ]; then
  FUZZ_BUDGET=${DPP_FUZZ_BUDGET:-0}
  FUZZ_SECONDS=${DPP_FUZZ_SECONDS:-60}
else
  FUZZ_BUDGET=${DPP_FUZZ_BUDGET:-180}
  FUZZ_SECONDS=${DPP_FUZZ_SECONDS:-}
  # tests/dask: 30,000 scans (30 chunks, a worker killed after 7) instead of
  # the test's own 100,000; the long run keeps 100,000.
  export DPP_DASK_SCANS=${DPP_DASK_SCANS:-30000}
fi
# Left out of the default valgrind stage (each takes minutes under valgrind;
# all of them run natively in stage 1 and under ASan in stage 3).
# Measured under valgrind on 2 cores: test_key 850 s (RSA key generation),
# test_cose 240 s, test_attest 127 s, test_trustlist 118 s, test_mem_growth
# 105 s; all the others together about 300 s of CPU.
SLOW_MEMCHECK='^memcheck_(test_key|test_cose|test_attest|test_trustlist|test_mem_growth)$'

T_START=$(date +%s)
STAGE_TIMES=()
stage() {  # stage NAME: prints a header and starts its clock
  STAGE_NAME=$1
  STAGE_T0=$(date +%s)
  echo
  echo "== $STAGE_NAME"
}
stage_done() {
  local t=$(( $(date +%s) - STAGE_T0 ))
  STAGE_TIMES+=("$(printf '%5d s  %s' "$t" "$STAGE_NAME")")
  echo "== done in $t s: $STAGE_NAME"
}
# Skips are never silent: list every skipped test and its reason from the
# ctest log (ctest itself shows whole tests that exited 77 as "Skipped").
report_skips() {
  local log=$1/Testing/Temporary/LastTest.log
  [ -f "$log" ] || return 0
  local lines
  lines=$(grep -E '^  SKIPPED |^SKIPPED \[|^SKIP |tests aborted|^# SKIP|# SKIP ' "$log" | grep -v ' 0 tests aborted' || true)
  if [ -n "$lines" ]; then
    echo "-- skipped inside tests that passed (reason after the colon):"
    echo "$lines" | sed 's/^/   /'
  fi
}

stage "1/5 gcc build (RelWithDebInfo, -Werror), full test suite, minimal build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDPP_WERROR=ON -DDPP_VALGRIND_TESTS=ON -DDPP_BINDINGS=ON >/dev/null
cmake --build build -j"$JOBS"
ctest --test-dir build --output-on-failure -j"$JOBS" -LE memcheck
report_skips build
JOBS=$JOBS bash scripts/check-minimal-build.sh build-minimal
stage_done

if [ "$LONG" = 1 ]; then
  stage "2/5 valgrind memcheck, every unit test and fuzz corpus replay (DPP_TEST_LONG=1)"
  ctest --test-dir build --output-on-failure -j"$JOBS" -L memcheck
else
  stage "2/5 valgrind memcheck, unit tests and fuzz corpus replays (slow ones: DPP_TEST_LONG=1)"
  ctest --test-dir build --output-on-failure -j"$JOBS" -L memcheck -E "$SLOW_MEMCHECK"
fi
stage_done

# scan_corpus (24 generated 3.1 MP photos through dpp and two other readers)
# runs natively in stage 1; under the sanitizers the same decoders and readers
# run in cli_image (label pictures in every format) and in fuzz_image (stage 4).
stage "3/5 clang build with AddressSanitizer + UBSan (Debug, -Werror), every C and CLI test (not the browser, Python, Java or Dask ones, nor the photo corpus: stage 1 runs them)"
CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDPP_SANITIZE=ON -DDPP_WERROR=ON -DDPP_BINDINGS=OFF \
  -DDPP_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$JOBS" -LE "memcheck|python|java|web|dask" -E "^scan_corpus$"
report_skips build-asan
stage_done

if [ -n "$FUZZ_SECONDS" ] || [ "$FUZZ_BUDGET" != 0 ]; then
  if [ -n "$FUZZ_SECONDS" ]; then
    stage "4/5 libFuzzer harnesses, $FUZZ_SECONDS s each"
    DPP_FUZZ_SECONDS=$FUZZ_SECONDS DPP_FUZZ_PARALLEL=$JOBS bash scripts/fuzz-ci.sh
  else
    stage "4/5 libFuzzer harnesses, $FUZZ_BUDGET s of fuzzing split across them"
    DPP_FUZZ_BUDGET=$FUZZ_BUDGET DPP_FUZZ_PARALLEL=$JOBS bash scripts/fuzz-ci.sh
  fi
  stage_done
fi

stage "5/5 packages: Debian packages, ABI check, Python sdist, self-contained jar, tarball"
pkg_rc=0
DPP_TEST_JOBS=$JOBS DPP_PKG_BUILD=build bash scripts/test-packages.sh || pkg_rc=$?
if [ "$pkg_rc" = 77 ]; then
  STAGE_NAME="$STAGE_NAME: SKIPPED (reason above)"
elif [ "$pkg_rc" != 0 ]; then
  exit "$pkg_rc"
fi
stage_done

echo
echo "== stage times"
printf '%s\n' "${STAGE_TIMES[@]}"
echo "$(printf '%5d' $(( $(date +%s) - T_START ))) s  total"
echo "all test stages passed"
