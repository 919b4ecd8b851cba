#!/bin/sh
# A realistic CBAM receipt check, end to end, with the dpp CLI only.
#   examples/cbam/run.sh [OUTDIR]      (dpp on PATH, or DPP=/path/to/dpp;
#                                      default OUTDIR: a new directory in /tmp)
# Makes the keys and the trust list (operator, manufacturer, accredited CBAM
# verifier), signs the shipment's passports with a fixed issue time, then
# runs 'dpp cbam' on the declaration lines. See README.md.
set -eu
DPP=${DPP:-dpp}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$(mktemp -d /tmp/dpp-cbam-example.XXXXXX)}
IAT=2026-01-15T08:00:00Z
mkdir -p "$OUT"
cd "$OUT"
rm -f trust.cbor scans.txt ./*.pem ./*.att

"$DPP" keygen --alg EdDSA --out op.pem >/dev/null            # trust-list operator
"$DPP" keygen --alg ES256 --out maker.pem >/dev/null         # the manufacturers' signing key
"$DPP" keygen --alg EdDSA --out verifier.pem >/dev/null      # accredited CBAM verifier
"$DPP" keygen --alg ES256 --out unknown.pem >/dev/null       # a key nobody trusts

"$DPP" trust init --operator-key op.pem -o trust.cbor --valid-for 30d
"$DPP" trust add trust.cbor --operator-key op.pem --key maker.pub.pem --role manufacturer \
    --name "Anatolia Steel A.S." --country TR >/dev/null
"$DPP" trust add trust.cbor --operator-key op.pem --key verifier.pub.pem --role cbam-verifier \
    --name "Verifica CBAM GmbH" --country DE --scope claims=cbam >/dev/null

P="$HERE/passports"
# The verifier attests the CBAM data of the steel coil.
"$DPP" attest --key verifier.pem --claims cbam --binding batch -o steel.att "$P/steel-coil.json"
{
  "$DPP" encode --key maker.pem --iat $IAT --valid-for 20y --attestation steel.att "$P/steel-coil.json"
  "$DPP" encode --key maker.pem --iat $IAT --valid-for 20y "$P/aluminium-ingot.json"
  "$DPP" encode --key maker.pem --iat $IAT --valid-for 20y "$P/cement.json"
  "$DPP" encode --key maker.pem --iat $IAT --valid-for 20y "$P/urea.json"
  # Expired before the goods arrived.
  "$DPP" encode --key maker.pem --iat $IAT --exp 2026-06-30T00:00:00Z "$P/screws.json"
  # Signed by a key that is not on the trust list.
  "$DPP" encode --key unknown.pem --iat $IAT --valid-for 20y "$P/profiles.json"
} > scans.txt

# Exit status 1: the report lists exceptions (expired, untrusted, no passport).
rc=0
"$DPP" cbam --trust trust.cbor --pin op.pub.pem --lines "$HERE/decl.csv" --scans scans.txt \
    --period 2026 --rates "$HERE/rates.csv" --certificate-price 75 --cbam-data "${DPP_CBAM_DATA:-$HERE/../../data/cbam}" \
    -o report.html --csv report.csv --json report.json || rc=$?
echo "exit status $rc; wrote $OUT/report.html, report.csv, report.json"
