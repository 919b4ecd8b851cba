#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/) with clang and runs each one for a
# bounded time. Any crash, leak, timeout or sanitizer report fails the run
# (exit 1) and leaves the input under $BUILD/fuzz-artifacts/<harness>/.
#
# The total time is bounded whatever the number of harnesses: a budget of
# DPP_FUZZ_BUDGET seconds of fuzzing is split evenly across them (at least
# DPP_FUZZ_MIN_SECONDS each), and they run DPP_FUZZ_PARALLEL at a time, so
# the wall time is about budget / parallel (plus the build).
#
#   bash scripts/fuzz-ci.sh                       # 300 s split across all harnesses
#   DPP_FUZZ_BUDGET=1800 bash scripts/fuzz-ci.sh  # longer, same split
#   DPP_FUZZ_SECONDS=300 bash scripts/fuzz-ci.sh  # 300 s for each harness (no budget)
#   DPP_FUZZ_HARNESSES="verify cose" bash scripts/fuzz-ci.sh
#
# Environment:
#   DPP_FUZZ_BUDGET     total fuzzing seconds, split across the harnesses (default 300)
#   DPP_FUZZ_MIN_SECONDS  floor per harness when splitting the budget (default 10)
#   DPP_FUZZ_SECONDS    seconds per harness; overrides the budget when set
#   DPP_FUZZ_HARNESSES  harness names (default: every fuzz_* binary built:
#                       verify, verify_signed, base45, inflate, cose,
#                       passport_cbor, passport_json, trustlist, revlist,
#                       gs1dl (GS1 Digital Link URIs),
#                       image (the CLI's PNG/JPEG decoders),
#                       keyload (key and certificate loading),
#                       attest (attestation files),
#                       untp (UNTP DPP import))
#   DPP_FUZZ_BUILD_DIR  build directory (default build-fuzz)
#   DPP_FUZZ_PARALLEL   harnesses run at the same time (default 1)
#   DPP_FUZZ_KEEP_CORPUS=1  keep what the fuzzer finds in $BUILD/fuzz-corpus/<h>
#                       across runs (default: a fresh temporary directory; the
#                       committed seeds in fuzz/corpus/<h> are read, never written)
# Needs clang 14 with libFuzzer (Debian: clang, libclang-rt-14-dev, llvm).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUDGET=${DPP_FUZZ_BUDGET:-300}
MIN_SECS=${DPP_FUZZ_MIN_SECONDS:-10}
BUILD=${DPP_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
PAR=${DPP_FUZZ_PARALLEL:-1}
CC_FUZZ=${DPP_FUZZ_CC:-clang}

if ! command -v "$CC_FUZZ" >/dev/null; then
    echo "fuzz-ci: $CC_FUZZ not found (install clang)" >&2
    exit 1
fi

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_C_COMPILER="$CC_FUZZ" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDPP_BUILD_FUZZERS=ON -DDPP_BUILD_TESTS=OFF -DDPP_BUILD_CLI=OFF -DDPP_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$BUILD" --target fuzzers -j"$(nproc)" >/dev/null
if [ -z "${DPP_FUZZ_HARNESSES:-}" ]; then
    HARNESSES=$(cd "$BUILD/fuzz" && ls fuzz_* | sed 's/^fuzz_//' | sort | tr '\n' ' ')
else
    HARNESSES=$DPP_FUZZ_HARNESSES
fi
n_harness=$(echo $HARNESSES | wc -w)
if [ "$n_harness" -eq 0 ]; then
    echo "fuzz-ci: no harness built in $BUILD/fuzz" >&2
    exit 1
fi
if [ -n "${DPP_FUZZ_SECONDS:-}" ]; then
    SECS=$DPP_FUZZ_SECONDS
else
    SECS=$((BUDGET / n_harness))
    if [ "$SECS" -lt "$MIN_SECS" ]; then SECS=$MIN_SECS; fi
fi
echo "fuzz-ci: $n_harness harnesses, ${SECS} s each, $PAR at a time" \
     "(about $(( (n_harness + PAR - 1) / PAR * SECS )) s): $HARNESSES"

run_one() {
    local h=$1 corpus art log dict=()
    art="$BUILD/fuzz-artifacts/$h"
    log="$BUILD/fuzz-logs/$h.log"
    mkdir -p "$art" "$BUILD/fuzz-logs"
    if [ "${DPP_FUZZ_KEEP_CORPUS:-0}" = 1 ]; then
        corpus="$BUILD/fuzz-corpus/$h"
        mkdir -p "$corpus"
    else
        corpus=$(mktemp -d "${TMPDIR:-/tmp}/dpp-fuzz-$h.XXXXXX")
    fi
    if [ -f "$ROOT/fuzz/dict/$h.dict" ]; then
        dict=(-dict="$ROOT/fuzz/dict/$h.dict")
    fi
    local rc=0
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        "$BUILD/fuzz/fuzz_$h" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$art/" "${dict[@]}" "$corpus" "$ROOT/fuzz/corpus/$h" \
        >"$log" 2>&1 || rc=$?
    if [ "${DPP_FUZZ_KEEP_CORPUS:-0}" != 1 ]; then
        rm -rf "$corpus"
    fi
    local stats
    stats=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 || true)
    local execs
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ $rc -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|property violated' "$log"; then
        echo "FAIL fuzz_$h (exit $rc): see $log and $art/"
        grep -E 'ERROR:|runtime error:|property violated|Test unit written' "$log" | head -20
        return 1
    fi
    echo "ok   fuzz_$h  ${SECS}s  execs=${execs:-?}  ${stats}"
}

fails=0
total=0
pids=()
names=()
for h in $HARNESSES; do
    total=$((total + 1))
    if [ "$PAR" -le 1 ]; then
        run_one "$h" || fails=$((fails + 1))
    else
        run_one "$h" &
        pids+=($!)
        names+=("$h")
        if [ "${#pids[@]}" -ge "$PAR" ]; then
            wait "${pids[0]}" || fails=$((fails + 1))
            pids=("${pids[@]:1}")
            names=("${names[@]:1}")
        fi
    fi
done
for p in "${pids[@]}"; do
    wait "$p" || fails=$((fails + 1))
done
echo "fuzz: $((total - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
