#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Builds the browser verifier: libdpp's verification core compiled to
# WebAssembly with Debian's emscripten, plus the static page.
#
#   web/build.sh OUT_DIR [WORK_DIR]      (cmake --build BUILD --target web runs it)
#
# OUT_DIR receives the bundle to host as it is (index.html, app.js, dpp.js,
# dpp-core.js, dpp-core.wasm, sw.js, manifest.webmanifest, icons/).
# WORK_DIR (default OUT_DIR/../web-work) holds objects and the third-party
# sources. zlib and jansson are compiled from their Debian source packages:
# put zlib_*.orig.tar.* and jansson_*.orig.tar.* in DPP_WEB_SOURCES, or let
# this script fetch them with `apt-get source --download-only` from
# deb.debian.org (a private deb-src list; nothing is installed). libcbor is
# not needed: web/wasm/cbor_heads.c has the nine head encoders libdpp uses.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${1:?usage: web/build.sh OUT_DIR [WORK_DIR]}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=${2:-$OUT/../web-work}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
EMCC=${EMCC:-emcc}
command -v "$EMCC" >/dev/null 2>&1 || { echo "web/build.sh: emcc not found (Debian: apt-get install emscripten)" >&2; exit 77; }
# Debian's emscripten finds acorn in /usr/share/nodejs; a node from another
# source (nodesource) does not look there.
NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
export NODE_PATH
# (Debian's emscripten ships its system libraries prebuilt: FROZEN_CACHE.)

# ---- third-party sources ----
SRC=$WORK/src
mkdir -p "$SRC"
fetch_src() { # $1 = Debian source package, $2 = directory glob
  set -- "$1" "$2"
  if ls -d "$SRC"/$2 >/dev/null 2>&1; then return 0; fi
  tarball=""
  for d in ${DPP_WEB_SOURCES:-} "$WORK/apt/dl"; do
    [ -d "$d" ] || continue
    tarball=$(ls "$d"/"$1"_*.orig.tar.* 2>/dev/null | head -n 1 || true)
    [ -n "$tarball" ] && break
  done
  if [ -z "$tarball" ]; then
    echo "web/build.sh: fetching the Debian source package $1 (apt-get source --download-only)"
    mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/dl"
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    echo "deb-src http://deb.debian.org/debian $codename main" > "$WORK/apt/sources.list"
    APTO="-o Dir::Etc::SourceList=$WORK/apt/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$WORK/apt/lists -o APT::Sandbox::User=root"
    if ! { [ -f "$WORK/apt/lists/updated" ] || { apt-get $APTO update >/dev/null && touch "$WORK/apt/lists/updated"; }; } ||
       ! (cd "$WORK/apt/dl" && apt-get $APTO source --download-only "$1" >/dev/null) ||
       ! tarball=$(ls "$WORK/apt/dl"/"$1"_*.orig.tar.* 2>/dev/null | head -n 1) || [ -z "$tarball" ]; then
      echo "web/build.sh: cannot get the Debian source package $1 (no deb.debian.org?); set DPP_WEB_SOURCES to a directory with ${1}_*.orig.tar.*" >&2
      exit 77
    fi
  fi
  tar -xf "$tarball" -C "$SRC"
}
fetch_src zlib 'zlib-*'
fetch_src jansson 'jansson-*'
ZLIB=$(ls -d "$SRC"/zlib-* | head -n 1)
JANSSON=$(ls -d "$SRC"/jansson-* | head -n 1)

# jansson's configure outputs, for this target
sed -e 's/@json_inline@/inline/' -e 's/@json_have_long_long@/1/' -e 's/@json_have_localeconv@/0/' \
    -e 's/@json_have_atomic_builtins@/0/' -e 's/@json_have_sync_builtins@/0/' \
    "$JANSSON/src/jansson_config.h.in" > "$JANSSON/src/jansson_config.h"
cat > "$JANSSON/src/jansson_private_config.h" <<'CFG'
#define HAVE_STDINT_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_UNISTD_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_FCNTL_H 1
#define HAVE_GETTIMEOFDAY 1
#define HAVE_STRTOLL 1
#define INITIAL_HASHTABLE_ORDER 3
CFG

OPT=${DPP_WEB_OPT:--O2}
OBJ=$WORK/obj
mkdir -p "$OBJ"
objs=""
cc() { # $1 = source, rest = flags
  src=$1; shift
  o=$OBJ/$(echo "$src" | sed -e "s|^$ROOT/||" -e "s|^$SRC/||" -e 's|/|_|g').o
  if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find "$ROOT/libdpp/include" "$ROOT/libdpp/src" "$HERE/wasm" -newer "$o" -name '*.h' 2>/dev/null | head -n 1)" ]; then
    "$EMCC" $OPT "$@" -c "$src" -o "$o"
  fi
  objs="$objs $o"
}

for f in adler32 crc32 inflate inftrees inffast zutil deflate trees compress uncompr; do
  cc "$ZLIB/$f.c" -w
done
for f in dump error hashtable hashtable_seed load memory pack_unpack strbuffer strconv utf value version; do
  cc "$JANSSON/src/$f.c" -w -DHAVE_CONFIG_H -I"$HERE/wasm/jansson-config" -include "$JANSSON/src/jansson_private_config.h" -I"$JANSSON/src"
done

# The library: every source of DPP_SOURCES but the OpenSSL port, the QR
# encoder and the rollback-state file (no file system in a page).
WARN="-std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 ${DPP_WEB_WERROR:-}"
mkdir -p "$WORK/include/dpp"
cat > "$WORK/include/dpp/dpp_export.h" <<'HDR'
#ifndef DPP_EXPORT_H
#define DPP_EXPORT_H
#define DPP_API __attribute__((visibility("default")))
#define DPP_NO_EXPORT
#define DPP_DEPRECATED __attribute__((__deprecated__))
#endif
HDR
DPPINC="-I$ROOT/libdpp/include -I$WORK/include -I$HERE/wasm/include -I$ZLIB -I$JANSSON/src -D_POSIX_C_SOURCE=200809L"
# DPP_SOURCES is read from CMakeLists.txt, so a new source file is picked up.
srcs=$(sed -n '/^set(DPP_SOURCES/,/^)/p' "$ROOT/CMakeLists.txt" | grep -o 'libdpp/src/[a-z0-9_]*\.c' |
       grep -v -e crypto_ossl -e '/qr' -e liststate)
for f in $srcs libdpp/src/crypto_webcrypto.c libdpp/src/passport_json.c; do
  cc "$ROOT/$f" $WARN $DPPINC
done
cc "$HERE/wasm/cbor_heads.c" $WARN $DPPINC
cc "$HERE/wasm/dpp_wasm.c" $WARN $DPPINC

# ASYNCIFY: Web Crypto answers with promises; the calls that reach
# dpp_crypto_verify suspend until it settles.
"$EMCC" $OPT $objs -o "$OUT/dpp-core.js" \
  -sMODULARIZE=1 -sEXPORT_NAME=createDppCore -sENVIRONMENT=web,worker,node \
  -sASYNCIFY=1 -sASYNCIFY_IMPORTS='["__asyncjs__dpp_wc_verify"]' -sASYNCIFY_STACK_SIZE=65536 \
  -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 \
  -sEXPORTED_FUNCTIONS='["_malloc","_free","_dpp_wasm_trust_new","_dpp_wasm_trust_free","_dpp_wasm_version","_dpp_wasm_add_key","_dpp_wasm_pin_operator","_dpp_wasm_load_list","_dpp_wasm_verify","_dpp_wasm_scheme_pin_operator","_dpp_wasm_load_list_ex","_dpp_wasm_add_ca","_dpp_wasm_add_cert_chain","_dpp_wasm_add_crl"]' \
  -sEXPORTED_RUNTIME_METHODS='["ccall","UTF8ToString"]'

# The page
for f in index.html app.js dpp.js manifest.webmanifest style.css; do
  cp "$HERE/$f" "$OUT/$f"
done
mkdir -p "$OUT/icons"
cp "$HERE"/icons/* "$OUT/icons/"
# The QR reader for browsers without BarcodeDetector (desktop Linux, Firefox):
# the npm package barcode-detector (ZXing-C++ in WebAssembly), pinned by
# web/package-lock.json and installed with npm ci into WORK. Without npm or
# the registry the page is built without it (paste and links still work).
rm -rf "$OUT/vendor"
if [ -z "${DPP_WEB_NO_NPM:-}" ] && command -v npm >/dev/null 2>&1; then
  mkdir -p "$WORK/npm"
  if ! cmp -s "$HERE/package-lock.json" "$WORK/npm/package-lock.json" || [ ! -d "$WORK/npm/node_modules/barcode-detector" ]; then
    cp "$HERE/package.json" "$HERE/package-lock.json" "$WORK/npm/"
    (cd "$WORK/npm" && npm ci --omit=dev --no-audit --no-fund --ignore-scripts >/dev/null 2>&1) ||
      echo "web/build.sh: npm ci failed (no registry?): building without the WebAssembly QR reader" >&2
  fi
  NM=$WORK/npm/node_modules
  if [ -f "$NM/barcode-detector/dist/iife/polyfill.js" ] && [ -f "$NM/zxing-wasm/dist/reader/zxing_reader.wasm" ]; then
    mkdir -p "$OUT/vendor"
    cp "$NM/barcode-detector/dist/iife/polyfill.js" "$OUT/vendor/barcode-detector.js"
    cp "$NM/zxing-wasm/dist/reader/zxing_reader.wasm" "$OUT/vendor/zxing_reader.wasm"
    { echo "barcode-detector $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$NM/barcode-detector/package.json" | head -n 1) (MIT):"
      cat "$NM/barcode-detector/LICENSE"; echo
      echo "zxing-wasm $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$NM/zxing-wasm/package.json" | head -n 1) (MIT; contains ZXing-C++, Apache-2.0):"
      cat "$NM/zxing-wasm/LICENSE"; } > "$OUT/vendor/LICENSES.txt"
  fi
fi

# the service worker: what it caches, and a cache name that is a digest of it
files="'./', 'index.html', 'style.css', 'app.js', 'dpp.js', 'dpp-core.js', 'dpp-core.wasm', 'manifest.webmanifest', 'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png'"
[ -d "$OUT/vendor" ] && files="$files, 'vendor/barcode-detector.js', 'vendor/zxing_reader.wasm'"
ver=$(cd "$OUT" && cat index.html app.js dpp.js style.css manifest.webmanifest dpp-core.js dpp-core.wasm icons/* $(ls vendor/* 2>/dev/null) | sha256sum | cut -c1-16)
sed -e "s/@DPP_WEB_VERSION@/$ver/" -e "s|'@DPP_WEB_FILES@'|$files|" "$HERE/sw.js" > "$OUT/sw.js"
# an example trust configuration (replace with the operator's own)
[ -f "$OUT/trust.json" ] || cp "$HERE/trust.example.json" "$OUT/trust.json"
ls -l "$OUT"
