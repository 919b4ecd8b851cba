#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The embedded-verifier build: libdpp with the optional parts left out
# (DPP_WITH_JSON=OFF: no jansson, DPP_WITH_PNG=OFF: no libpng), checked to
#  1. configure and build (libdpp.so, libdpp.a, test_verify, test_cose),
#  2. link neither jansson nor libpng (libdpp.so's DT_NEEDED, libdpp.a's
#     undefined symbols),
#  3. serve a verify-only consumer: a small program linked against libdpp.a
#     with only OpenSSL, zlib, libcbor and QR-Code-generator, which decodes
#     a passport from CBOR and gets DPP_ERR_UNSUPPORTED from the JSON and
#     PNG functions,
#  4. pass test_verify and test_cose.
# Prints the size of libdpp.so. Usage: scripts/check-minimal-build.sh [BUILD_DIR]
# (default build-minimal under the source tree). Exit status 0 = all good.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$src/build-minimal}
jobs=${JOBS:-2}

fail() { echo "check-minimal-build: FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S "$src" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
  -DDPP_WITH_JSON=OFF -DDPP_WITH_PNG=OFF \
  -DDPP_BUILD_CLI=OFF -DDPP_BINDINGS=OFF -DDPP_BUILD_EXAMPLES=OFF -DDPP_BUILD_BENCH=OFF \
  -DDPP_BUILD_SCAN=OFF -DDPP_BUILD_FUZZERS=OFF -DDPP_BUILD_TESTS=ON >"$work/configure.log" 2>&1 \
  || { cat "$work/configure.log" >&2; fail "configure"; }
cmake --build "$dir" -j"$jobs" --target dpp dpp_static test_verify test_cose

so=$(readlink -f "$dir/libdpp.so")
a="$dir/libdpp.a"

# 2. no jansson, no libpng
needed=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "libdpp.so needs: $(echo $needed)"
if echo "$needed" | grep -Eq 'jansson|png'; then fail "libdpp.so links jansson or libpng"; fi
if grep -Eq ' (json_|png_)' <<<"$(nm -u "$a" 2>/dev/null)"; then
  nm -A -u "$a" | grep -E ' (json_|png_)' >&2
  fail "libdpp.a refers to jansson or libpng"
fi

# 3. a verify-only consumer, linked statically without jansson and libpng
cat >"$work/consumer.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include "dpp/dpp.h"
int main(int argc, char **argv)
{
    static uint8_t cbor[DPP_MAX_COSE_LEN], png[64];
    static dpp_passport p;
    static dpp_qr qr;
    dpp_diag d;
    size_t n, len = 0;
    FILE *f = fopen(argv[argc - 1], "rb");
    if (f == NULL) return 2;
    n = fread(cbor, 1, sizeof cbor, f);
    fclose(f);
    if (dpp_passport_from_cbor(cbor, n, &p, &d) != DPP_OK) { fprintf(stderr, "from_cbor: %s\n", d.msg); return 1; }
    printf("consumer: passport \"%s\" read from CBOR\n", p.name);
    if (dpp_passport_from_json("{}", 2, &p, &d) != DPP_ERR_UNSUPPORTED) return 1;
    if (dpp_qr_encode("DPP1:BB8", 8, DPP_ECC_M, &qr, &d) != DPP_OK) return 1;
    if (dpp_qr_to_png(&qr, 4, 4, png, sizeof png, &len) != DPP_ERR_UNSUPPORTED) return 1;
    printf("consumer: JSON and PNG: %s\n", dpp_err_str(DPP_ERR_UNSUPPORTED));
    return 0;
}
EOF
cc -std=c11 -DDPP_STATIC_DEFINE -I"$src/libdpp/include" -I"$dir/include" "$work/consumer.c" "$a" \
  $(pkg-config --libs libcrypto zlib libcbor qrcodegen) -o "$work/consumer" || fail "static verify-only consumer does not link"
"$work/consumer" "$src/tests/data/passport-full.cbor" || fail "consumer"
if grep -Eq 'jansson|png' <<<"$(ldd "$work/consumer")"; then fail "consumer pulled in jansson or libpng"; fi

# 4. the verification tests
ctest --test-dir "$dir" -R '^(test_verify|test_cose)$' --output-on-failure || fail "test_verify / test_cose"

echo "check-minimal-build: OK; libdpp.so $(stat -c %s "$so") bytes ($(basename "$so"))"
