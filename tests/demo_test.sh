#!/usr/bin/env bash
# The README's main job (scripts/demo.sh) in a temporary directory, twice (it
# must replace its own outputs): each run ends with three VERIFIED verdicts
# (text, QR picture, GS1 Digital Link picture).  Usage: demo_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
export DPP_DEMO_OUT
DPP_DEMO_OUT=$(mktemp -d)
trap 'rm -rf "$DPP_DEMO_OUT"' EXIT
for run in 1 2; do
  log=$(bash scripts/demo.sh "$build" 2>&1) || { echo "$log"; echo "demo run $run failed"; exit 1; }
  n=$(grep -c '^VERIFIED$' <<<"$log" || true)
  if [ "$n" != 3 ]; then echo "$log"; echo "demo run $run: $n VERIFIED lines, want 3"; exit 1; fi
done
[ -s "$DPP_DEMO_OUT/passport-link.png" ] || { echo "no link QR picture"; exit 1; }
echo "demo: 2 runs, 3 verdicts each"
