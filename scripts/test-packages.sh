#!/usr/bin/env bash
# Packaging stage (issue 20; the last stage of scripts/test-all.sh). Builds
# and checks what users install, each in a clean place outside the tree:
#
#   1. Debian packages: the working tree (tracked and new files, as
#      `git ls-files` lists them) is copied to $WORK/src and built with
#      `dpkg-buildpackage -us -uc -b` (DEB_BUILD_OPTIONS=nocheck: the tests
#      already ran in the earlier stages); lintian must report no error
#   2. ABI: scripts/abi-check.sh on that build's libdpp.so/.a (baseline abi/)
#   3. the packages installed with apt and used: the README demo with the
#      installed `dpp` and its man page, `import dpp` (Debian's python3),
#      a Java verify against /usr/share/java/dpp.jar, C programs built with
#      pkg-config and with find_package(dpp) (also with pkg-config hidden,
#      for the shared library); then removed (also when a step fails)
#   4. Python: the sdist built from bindings/python, `pip install`ed from
#      the tarball into a fresh venv, its metadata checked and its own tests
#      run from the venv against the installed module
#   5. Java: dpp.jar of a CMake build (JNI library inside) copied alone into
#      an empty directory and used with `java -cp`; sources and javadoc jars
#      and the pom (target dpp_java_dist)
#   6. CPack: the TGZ of the same build unpacked and its dpp run
#
# Exit 77 (skipped, with the reason) when dpkg-buildpackage or another
# required tool is missing, or when not root and sudo cannot run apt-get
# without a password. Environment:
#   DPP_PKG_WORK=DIR   scratch directory (default: a new one under /tmp,
#                      removed at the end unless DPP_PKG_KEEP=1)
#   DPP_PKG_BUILD=DIR  CMake build with the Java bindings for steps 5 and 6
#                      (default: build, the tree scripts/test-all.sh stage 1
#                      makes; configured there if it has no dpp.jar)
#   DPP_TEST_JOBS=N    parallel jobs (default: number of CPUs)
#   DPP_PKG_REUSE=1    with DPP_PKG_WORK: reuse the packages built there before
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${DPP_TEST_JOBS:-$(nproc)}
BUILD=${DPP_PKG_BUILD:-build}
PY=/usr/bin/python3

skip() { echo "SKIPPED: packaging stage: $*"; exit 77; }
for t in dpkg-buildpackage dh lintian abidw apt-get rsync unzip cmake cpack pkg-config java javac "$PY"; do
  command -v "$t" >/dev/null || skip "$t not found (scripts/install-deps.sh installs it)"
done
"$PY" -c 'import build, venv' 2>/dev/null || skip "$PY has no 'build' or 'venv' module (python3-build, python3-venv)"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    skip "installing the packages needs root or password-less sudo"
  fi
fi

WORK=${DPP_PKG_WORK:-$(mktemp -d /tmp/dpp-pkg.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
case "$WORK/" in "$ROOT"/*) echo "test-packages: DPP_PKG_WORK must be outside the source tree" >&2; exit 64 ;; esac
PKGS=(libdpp0 libdpp-scan0 libdpp-cbam0 libdpp-dev dpp python3-dpp libdpp-java libdpp-jni)
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    echo "-- removing the packages"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -o DPkg::Lock::Timeout=600 --purge "${PKGS[@]}" >/dev/null || true
  fi
  [ "${DPP_PKG_KEEP:-0}" = 1 ] || [ -n "${DPP_PKG_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
T0=$(date +%s)
step() { echo; echo "-- [$(( $(date +%s) - T0 )) s] $*"; }
VERSION=$(sed -n 's/^project(dpp VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

# ---------------------------------------------------------------- 1. build
step "1. Debian packages: dpkg-buildpackage -us -uc -b in $WORK/src"
if [ "${DPP_PKG_REUSE:-0}" = 1 ] && ls "$WORK"/libdpp_*.changes >/dev/null 2>&1; then
  echo "  (DPP_PKG_REUSE=1: the packages already in $WORK)"
else
mkdir -p "$WORK/src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # tracked and untracked-but-not-ignored files, as they are now
  git ls-files -z --cached --others --exclude-standard |
    rsync -a --from0 --files-from=- --ignore-missing-args ./ "$WORK/src/"
else
  rsync -a --exclude '/build*/' --exclude '/demo-out/' --exclude node_modules --exclude __pycache__ ./ "$WORK/src/"
fi
(cd "$WORK/src" && DEB_BUILD_OPTIONS="nocheck parallel=$JOBS" dpkg-buildpackage -us -uc -b >"$WORK/build.log" 2>&1) || {
  tail -n 60 "$WORK/build.log"; echo "FAIL: dpkg-buildpackage (log: $WORK/build.log)"; DPP_PKG_KEEP=1; exit 1; }
fi
changes=$(ls "$WORK"/libdpp_*.changes)
ls -1 "$WORK"/*.deb | sed "s|$WORK/|   |"
for p in "${PKGS[@]}"; do
  deb=$(ls "$WORK"/${p}_*.deb)
  echo "== $p: $(dpkg-deb -f "$deb" Depends | cut -c1-150)"
  dpkg-deb -c "$deb" | awk '$6 !~ /\/$/ {print "   " $6 ($7 ? " " $7 " " $8 : "")}' | sed 's|^   \./|   /|' | head -n 25
done

# Step 4's build half (sdist, venv, pip install: one compiler process) runs
# in the background while lintian and the package tests run.
sdist="$WORK/py/dpp-$VERSION.tar.gz"
py_build() {
  "$PY" -m build --sdist --no-isolation --outdir "$WORK/py" bindings/python >"$WORK/py-build.log" 2>&1 || {
    cat "$WORK/py-build.log"; echo "FAIL: sdist"; return 1; }
  tar tzf "$sdist" > "$WORK/sdist.txt"
  for f in build_backend.py dpp_python.i LICENSE NOTICE README.md csrc/bindings/common/dpp_glue.c csrc/libdpp/src/verify.c \
           csrc/libdpp/include/dpp/dpp.h csrc/CMakeLists.txt tests/conftest.py; do
    grep -qx "dpp-$VERSION/$f" "$WORK/sdist.txt" || { echo "FAIL: the sdist lacks $f"; return 1; }
  done
  echo "  $(basename "$sdist"): $(wc -l < "$WORK/sdist.txt") files, $(du -k "$sdist" | cut -f1) KiB"
  # --system-site-packages: Debian's setuptools, wheel and pytest (offline)
  "$PY" -m venv --system-site-packages "$WORK/venv"
  (cd "$WORK" && env -u PYTHONPATH -u PIP_FIND_LINKS "$WORK/venv/bin/pip" install -q --no-build-isolation --no-index "$sdist") \
    >"$WORK/pip.log" 2>&1 || { cat "$WORK/pip.log"; echo "FAIL: pip install $(basename "$sdist")"; return 1; }
}

py_build > "$WORK/py-bg.log" 2>&1 &
PY_PID=$!

step "lintian, in the background (fails on errors; warnings shown at step 3's end)"
lintian --fail-on error --display-level '>=warning' "$changes" > "$WORK/lintian.txt" 2>&1 &
LINTIAN_PID=$!

# ---------------------------------------------------------------- 2. ABI
step "2. ABI check of the packaged library"
bash scripts/abi-check.sh "$WORK/src/obj-$(dpkg-architecture -qDEB_HOST_GNU_TYPE)"

# ---------------------------------------------------------------- 3. install and use
step "3. apt install of the packages"
debs=()
for p in "${PKGS[@]}"; do debs+=("$(ls "$WORK"/${p}_*.deb)"); done
installed=1
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${debs[@]}" >"$WORK/apt.log" 2>&1 || {
  cat "$WORK/apt.log"; echo "FAIL: apt-get install"; exit 1; }
[ "$(command -v dpp)" = /usr/bin/dpp ] || { echo "FAIL: dpp is $(command -v dpp), not /usr/bin/dpp"; exit 1; }

echo "- the README demo with the installed dpp"
mkdir -p "$WORK/inst/cli" && ln -sf /usr/bin/dpp "$WORK/inst/cli/dpp"
DPP_DEMO_OUT="$WORK/demo" bash scripts/demo.sh "$WORK/inst" > "$WORK/demo.txt"
n=$(grep -c 'VERIFIED' "$WORK/demo.txt" || true)
[ "$n" -ge 3 ] || { cat "$WORK/demo.txt"; echo "FAIL: demo: $n VERIFIED lines, 3 expected"; exit 1; }
echo "  demo: $n verdicts VERIFIED"
man -w dpp >/dev/null && MANWIDTH=80 man dpp 2>/dev/null | grep -c 'verify' >/dev/null ||
  { echo "FAIL: man dpp"; exit 1; }
echo "  man dpp: $(man -w dpp)"

echo "- Python: import dpp (python3-dpp)"
(cd "$WORK" && "$PY" - "$ROOT" <<'EOF'
import pathlib, re, sys
import dpp
root = pathlib.Path(sys.argv[1])
assert dpp.__file__.startswith("/usr/lib/python3/dist-packages/dpp/"), dpp.__file__
label = re.search(r'"(DPP1:RRQT[^"]+)"', (root / "README.md").read_text(encoding="utf-8")).group(1)
trust = dpp.TrustStore([(root / "examples/keys/example-ed25519.pub.pem").read_text()])
r = dpp.verify(label, trust)
print("  python3:", dpp.__file__, "->", r.passport.name, r.passport.gtin, r.claims.kid.hex())
EOF
)

echo "- Java: verify the demo's passport with /usr/share/java/dpp.jar"
mkdir -p "$WORK/java"
cat > "$WORK/java/VerifyText.java" <<'EOF'
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.libdpp.TrustStore;
import org.libdpp.Verifier;
import org.libdpp.VerifyResult;

/** VerifyText KEY.pem TEXT_FILE: prints VERIFIED and the passport's name. */
public class VerifyText {
    public static void main(String[] args) throws Exception {
        String text = new String(Files.readAllBytes(Path.of(args[1])), StandardCharsets.UTF_8).trim();
        try (TrustStore trust = new TrustStore()) {
            trust.addFile(Path.of(args[0]));
            VerifyResult r = new Verifier(trust).verify(text);
            System.out.println("VERIFIED " + r.passport().name() + " " + r.claims().kidHex());
        }
    }
}
EOF
javac -d "$WORK/java" -cp /usr/share/java/dpp.jar "$WORK/java/VerifyText.java"
out=$(java -cp /usr/share/java/dpp.jar:"$WORK/java" VerifyText "$WORK/demo/signer.pub.pem" "$WORK/demo/passport.txt")
case $out in VERIFIED*) echo "  java (Debian jar, JNI from libdpp-jni): $out" ;; *) echo "FAIL: java: $out"; exit 1 ;; esac

echo "- C: programs built against the installed libdpp-dev"
cc -Wall -Werror -o "$WORK/c-pc" tests/consumer/main.c $(pkg-config --cflags --libs dpp)
ldd "$WORK/c-pc" | grep -cE "libdpp.so.0 => (/usr)?/lib/$(gcc -print-multiarch)/libdpp.so.0" >/dev/null || { ldd "$WORK/c-pc"; echo "FAIL: not linked to the installed libdpp.so.0"; exit 1; }
echo "  pkg-config: $("$WORK/c-pc")"
cmake -S tests/consumer -B "$WORK/c-cmake" >/dev/null && cmake --build "$WORK/c-cmake" >/dev/null
echo "  find_package(dpp): $("$WORK/c-cmake/consumer_shared") / static: $("$WORK/c-cmake/consumer_static")"
# shared-only consumer where pkg-config (and so libcbor/jansson/qrcodegen's
# .pc files) cannot be found: find_package(dpp) must still give dpp::dpp
mkdir -p "$WORK/c-shared-src"
cat > "$WORK/c-shared-src/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.21)
project(dpp_shared_only LANGUAGES C)
find_package(dpp 0.1 REQUIRED COMPONENTS shared)
add_executable(consumer_shared ${CONSUMER_MAIN})
target_link_libraries(consumer_shared PRIVATE dpp::dpp)
EOF
cmake -S "$WORK/c-shared-src" -B "$WORK/c-shared" -DCONSUMER_MAIN="$ROOT/tests/consumer/main.c" \
  -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON >/dev/null
cmake --build "$WORK/c-shared" >/dev/null
echo "  find_package(dpp COMPONENTS shared) without pkg-config or OpenSSL's CMake module: $("$WORK/c-shared/consumer_shared")"

step "removing the packages"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -o DPkg::Lock::Timeout=600 --purge "${PKGS[@]}" >/dev/null
installed=0
for p in "${PKGS[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok"; then echo "FAIL: $p still installed"; exit 1; fi
done
[ ! -e /usr/bin/dpp ] || { echo "FAIL: /usr/bin/dpp left behind"; exit 1; }
echo "  removed: ${PKGS[*]}"

step "lintian result"
lint_rc=0
wait "$LINTIAN_PID" || lint_rc=$?
grep -v '^running with root privileges' "$WORK/lintian.txt" || true
[ "$lint_rc" = 0 ] || { echo "FAIL: lintian reports errors (exit $lint_rc)"; exit 1; }
echo "lintian: $(grep -c '^E: ' "$WORK/lintian.txt" || true) errors, $(grep -c '^W: ' "$WORK/lintian.txt" || true) warnings"

# ---------------------------------------------------------------- 4. Python sdist
step "4. Python: sdist, pip install of the tarball into a fresh venv, its tests from there"
wait "$PY_PID" || { cat "$WORK/py-bg.log"; echo "FAIL: Python sdist or pip install"; exit 1; }
cat "$WORK/py-bg.log"
(cd "$WORK" && env -u PYTHONPATH "$WORK/venv/bin/python" - "$WORK/venv" <<'EOF'
import sys
import importlib.metadata as md
import dpp
assert dpp.__file__.startswith(sys.argv[1]), dpp.__file__
m = md.metadata("dpp")
need = {"Summary": m.get("Summary"), "License": m.get("License"), "Project-URL": m.get_all("Project-URL"),
        "Description-Content-Type": m.get("Description-Content-Type"), "Classifier": m.get_all("Classifier")}
missing = [k for k, v in need.items() if not v]
assert not missing, f"wheel metadata lacks {missing}"
assert "Apache" in " ".join(need["Classifier"]) and m.get_payload() and "dpp" in m.get_payload()
files = [str(f) for f in md.files("dpp")]
for lic in ("LICENSE", "NOTICE"):
    assert any(f.endswith(".dist-info/" + lic) or f.endswith("licenses/" + lic) for f in files), f"no {lic} in {files}"
print(f"  installed {m['Name']} {m['Version']} in the venv; metadata: License {m['License']}, "
      f"{len(need['Project-URL'])} URLs, README ({need['Description-Content-Type']}), LICENSE+NOTICE")
EOF
)
mkdir -p "$WORK/py-src" && tar xzf "$sdist" -C "$WORK/py-src"
# tests of the sdist, from a directory where only the venv's dpp is importable;
# the example data come from the repository (DPP_SOURCE_DIR); the pip test
# is this step itself
(cd "$WORK" && env -u PYTHONPATH DPP_SOURCE_DIR="$ROOT" DPP_SKIP_PIP_TEST=1 \
  "$WORK/venv/bin/python" -B -m pytest -q -p no:cacheprovider "$WORK/py-src/dpp-$VERSION/tests" \
  -k 'not leak and not threads' 2>&1 | tail -n 15) | tee "$WORK/pytest.txt"
grep -qE '^[0-9]+ passed' "$WORK/pytest.txt" && ! grep -qE '[0-9]+ (failed|error)' "$WORK/pytest.txt" || {
  echo "FAIL: the sdist's tests"; exit 1; }

# ---------------------------------------------------------------- 5. Java
step "5. Java: the self-contained jar alone on a class path; Maven artefacts"
if [ ! -f "$BUILD/bindings/java/dpp.jar" ] || [ ! -f "$BUILD/CMakeCache.txt" ]; then
  BUILD=build-pkg-jar
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DDPP_BUILD_TESTS=OFF -DDPP_BUILD_EXAMPLES=OFF \
    -DDPP_BUILD_BENCH=OFF -DDPP_BINDINGS=ON -DDPP_SWIG_PYTHON=OFF >/dev/null
fi
cmake --build "$BUILD" -j"$JOBS" --target dpp_java dpp_java_dist >"$WORK/java-build.log" 2>&1 || {
  tail -n 40 "$WORK/java-build.log"; echo "FAIL: dpp_java_dist"; exit 1; }
mkdir -p "$WORK/jar-alone"
cp "$BUILD/bindings/java/dpp.jar" "$WORK/jar-alone/"
unzip -p "$WORK/jar-alone/dpp.jar" META-INF/MANIFEST.MF | grep -c '^Automatic-Module-Name: org.libdpp' >/dev/null ||
  { echo "FAIL: no Automatic-Module-Name in dpp.jar"; exit 1; }
native=$(unzip -l "$WORK/jar-alone/dpp.jar" | awk '/org\/libdpp\/native\/.*libdpp_jni/ {print $4}')
[ -n "$native" ] || { echo "FAIL: no JNI library inside dpp.jar"; exit 1; }
# its own java.io.tmpdir, to see that the extracted library does not stay
mkdir -p "$WORK/jar-tmp"
(cd "$WORK/jar-alone" && javac -d . -cp dpp.jar "$WORK/java/VerifyText.java")
[ "$(ls -A "$WORK/jar-alone" | sort | tr '\n' ' ')" = "VerifyText.class dpp.jar " ] || { ls -A "$WORK/jar-alone"; exit 1; }
out=$(cd "$WORK/jar-alone" && java -Djava.io.tmpdir="$WORK/jar-tmp" -cp dpp.jar:. VerifyText \
  "$WORK/demo/signer.pub.pem" "$WORK/demo/passport.txt" 2>&1) || true
case $out in VERIFIED*) echo "  dpp.jar alone in an empty directory ($native inside): $out" ;;
  *) echo "$out"; echo "FAIL: dpp.jar copied alone"; exit 1 ;; esac
[ -z "$(ls -A "$WORK/jar-tmp")" ] || { ls -la "$WORK/jar-tmp"; echo "FAIL: extracted JNI library left in java.io.tmpdir"; exit 1; }
echo "  the extracted JNI library was removed after loading"
for f in "dpp-$VERSION.jar" "dpp-$VERSION-sources.jar" "dpp-$VERSION-javadoc.jar" "dpp-$VERSION.pom"; do
  [ -s "$BUILD/bindings/java/$f" ] || { echo "FAIL: $f not built"; exit 1; }
done
unzip -l "$BUILD/bindings/java/dpp-$VERSION-sources.jar" | grep -c 'org/libdpp/NativeLoader.java' >/dev/null &&
  unzip -l "$BUILD/bindings/java/dpp-$VERSION-javadoc.jar" | grep -c 'org/libdpp/Verifier.html' >/dev/null ||
  { echo "FAIL: sources or javadoc jar incomplete"; exit 1; }
grep -q "<groupId>org.libdpp</groupId>" "$BUILD/bindings/java/dpp-$VERSION.pom"
echo "  Maven: org.libdpp:dpp:$VERSION (jar, -sources.jar, -javadoc.jar, pom) in $BUILD/bindings/java"

# ---------------------------------------------------------------- 6. CPack
step "6. CPack: the TGZ unpacked and used"
(cd "$BUILD" && cpack -G TGZ -B "$WORK/cpack" >"$WORK/cpack.log" 2>&1) || { cat "$WORK/cpack.log"; echo "FAIL: cpack"; exit 1; }
tgz=$(ls "$WORK"/cpack/libdpp-"$VERSION"-*.tar.gz)
mkdir -p "$WORK/tgz" && tar xzf "$tgz" -C "$WORK/tgz"
top=$(ls -d "$WORK"/tgz/*/)
for f in bin/dpp include/dpp/dpp.h share/doc/dpp/LICENSE share/java/dpp.jar; do
  [ -e "$top/$f" ] || { echo "FAIL: $(basename "$tgz") lacks $f"; exit 1; }
done
"$top/bin/dpp" keygen --alg EdDSA --out "$WORK/tgz/k.pem" >/dev/null
echo '{"id":"6f1c2d3e-4a5b-4c6d-8e7f-101112131415","gtin":"4006381333931","name":"Bolt M8","manufacturer":{"name":"Acme","country":"DE"}}' > "$WORK/tgz/p.json"
"$top/bin/dpp" encode --key "$WORK/tgz/k.pem" "$WORK/tgz/p.json" -o "$WORK/tgz/p.txt"
"$top/bin/dpp" verify --trust "$WORK/tgz/k.pub.pem" --in "$WORK/tgz/p.txt" | tail -n 1 | grep -q VERIFIED ||
  { echo "FAIL: dpp from the tarball"; exit 1; }
echo "  $(basename "$tgz"): $(tar tzf "$tgz" | wc -l) entries; its bin/dpp signs and verifies"

echo
echo "test-packages: all passed in $(( $(date +%s) - T0 )) s (lintian: $(grep -c '^W: ' "$WORK/lintian.txt" || true) warnings, 0 errors)"
