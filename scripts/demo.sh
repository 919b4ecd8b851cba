#!/usr/bin/env bash
# The main job: sign the bundled example passport with a fresh ES256 key,
# render it as a QR code (PNG and terminal), and verify it offline, from the
# photo of the QR as well as from the text; then the same as one QR code that
# is also the product's GS1 Digital Link (spec/link.md).
# Usage: scripts/demo.sh [BUILD_DIR]   (outputs in demo-out/, replaced on each run)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
dpp="$build/cli/dpp"
out=${DPP_DEMO_OUT:-demo-out}
mkdir -p "$out"
[ -x "$dpp" ] || { echo "demo: $dpp not built; run: cmake -S . -B $build && cmake --build $build -j" >&2; exit 1; }

"$dpp" keygen --alg ES256 --out "$out/signer.pem" --force
"$dpp" encode --key "$out/signer.pem" --force examples/passport.json -o "$out/passport.txt"
"$dpp" encode --key "$out/signer.pem" --force --format png -o "$out/passport.png" examples/passport.json
echo "passport text: $(wc -c < "$out/passport.txt") bytes in $out/passport.txt; QR code in $out/passport.png"
"$dpp" verify --trust "$out/signer.pub.pem" --in "$out/passport.txt"
echo
"$dpp" verify --trust "$out/signer.pub.pem" --image "$out/passport.png" | tail -n 1
echo
"$dpp" encode --key "$out/signer.pem" --force --link-base https://id.example.com --format png \
  -o "$out/passport-link.png" examples/passport.json
echo "the same passport as a GS1 Digital Link QR code (a phone opens https://id.example.com/01/...): $out/passport-link.png"
"$dpp" verify --trust "$out/signer.pub.pem" --image "$out/passport-link.png" | tail -n 1
