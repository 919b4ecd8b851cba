#!/usr/bin/env bash
# Installs the Debian 12 packages libdpp needs to build and to run every test
# stage of scripts/test-all.sh. Works as root (apt-get directly) and as a user
# with sudo (escalates only when something is missing).
#
# Packages are installed with --no-install-recommends, so every package a
# stage needs is named here, including those that other packages only
# recommend (clang's sanitizer/libFuzzer runtime, the LLVM symbolizer).
set -euo pipefail
PKGS=(
  # build: compilers, CMake, the library's dependencies
  build-essential cmake pkg-config
  libssl-dev libcbor-dev libqrcodegen-dev libjansson-dev zlib1g-dev libpng-dev
  # the dpp CLI: image decoding (verify --image) and label rendering
  libzbar-dev libjpeg62-turbo-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk
  # further picture formats for verify --image (heif-enc makes the HEIC test)
  libwebp-dev libtiff-dev libgif-dev libheif-dev libheif-examples
  # the dpp CLI: ZXing-C++ (the QR reader tried first); numpy and PIL draw
  # the photo corpus (tests/scan)
  libzxing-dev python3-numpy python3-pil
  # unit tests (cmocka) and the valgrind stage
  libcmocka-dev valgrind
  # dpp cbam (declaration CSVs: libcsv), CBAM data extracts and UNTP schema
  # validation in the CLI tests (openpyxl, jsonschema)
  libcsv-dev python3-openpyxl python3-jsonschema
  # dpp cbam import/export: the communication template (xlsx) read with
  # minizip + libxml2's xmlReader, written with libxlsxwriter
  libminizip-dev libxml2-dev libxlsxwriter-dev
  # clang stages: AddressSanitizer + UBSan build and the libFuzzer harnesses
  # need clang's runtime libraries (libclang-rt-14-dev, only a recommendation
  # of clang) and llvm-symbolizer for readable reports (llvm)
  clang libclang-rt-14-dev llvm
  # CLI, interop and vector tests: Python with cryptography and cbor2, zbarimg
  # and ZXingReader (two independent QR decoders), ImageMagick, rsvg-convert,
  # the openssl tool, groff (man page check), man
  python3 python3-cbor2 python3-cryptography python3-pytest
  zbar-tools zxing-cpp-tools imagemagick librsvg2-bin openssl groff-base man-db
  # label tests: pdftoppm, pdftotext, pdfinfo render and read the PDF labels
  poppler-utils
  # bindings: SWIG, Python extension and packaging tests, Java and JUnit 5,
  # mypy for the type-stub test
  swig python3-dev python3-setuptools python3-wheel python3-venv python3-mypy
  default-jdk-headless junit5
  # cluster-scale verification test (tests/dask)
  python3-distributed
  # packaging stage (scripts/test-packages.sh): Debian packages (debhelper,
  # dh-python), lintian, the ABI check (abigail-tools), the Python sdist
  # (python3-build), copying the tree and looking into jars (rsync, unzip)
  debhelper dh-python lintian abigail-tools python3-build rsync unzip
  # browser test of hybrid links (tests/web, ctest web_browser_link; about
  # 115 MB download, 370 MB installed; the test skips without it)
  chromium
  # the browser verifier (web/, ctest web_build/web_wasm_vectors/web_pwa):
  # WebAssembly compiler; the tests skip without it
  emscripten
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm for the Node interop test (tests/interop/node): the machine
# image may bring its own node; install Debian's only when there is none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  # root: apt-get directly; otherwise through sudo (only now that something
  # is missing: with everything installed no privilege is needed).
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "install-deps: missing ${missing[*]}; not root and sudo is not installed: run this script as root" >&2
      exit 1
    fi
    SUDO=(sudo)
  fi
  echo "install-deps: installing ${missing[*]}"
  "${SUDO[@]}" apt-get update -q
  # (env: sudo drops the caller's environment)
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all build and test dependencies are installed"
fi
# The ZPL renderer of the label tests (tests/label: zpl-renderer-js, locked
# in package-lock.json; the tests skip without it). Like tests/interop/node,
# installed from the lock file; works offline afterwards.
if [ ! -d "$(dirname "$0")/../tests/label/node_modules" ] && command -v npm >/dev/null; then
  (cd "$(dirname "$0")/../tests/label" && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "install-deps: npm ci in tests/label failed: the ZPL label tests will be skipped" >&2
fi
