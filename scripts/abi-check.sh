#!/usr/bin/env bash
# ABI check of libdpp (docs/ABI.md). Needs Debian's abigail-tools (abidw,
# abidiff) and binutils (nm, readelf).
#
#   scripts/abi-check.sh [--update] [DIR]
#
# DIR holds a built libdpp.so.N (with debug information) and libdpp.a, e.g.
# the obj-<triplet> directory of dpkg-buildpackage; without it the library
# is built (RelWithDebInfo, library only) in build-abi/.
#
# Checks, each failing the script:
#   1. libdpp.a defines only dpp_-prefixed global symbols;
#   2. libdpp.so exports only dpp_ names, each with a version node
#      (libdpp/dpp.map);
#   3. abidiff against the committed baseline abi/libdpp.abi: an
#      incompatible change (a function or variable removed or changed, a
#      symbol removed) with the baseline's SONAME is an unannounced break.
#      With a new SONAME (DPP_SOVERSION bumped) it is announced: reported,
#      not failed. Additions pass. abi/suppressions.abignore (if present)
#      holds reviewed exceptions.
# --update rewrites abi/libdpp.abi from this library (after a release, an
# announced break, or an addition to measure later changes against).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
update=0
dir=
for a in "$@"; do
  case $a in
    --update) update=1 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    -*) echo "abi-check: unknown option $a" >&2; exit 64 ;;
    *) dir=$a ;;
  esac
done
for t in abidw abidiff nm readelf; do
  command -v "$t" >/dev/null || { echo "abi-check: $t not found (Debian: abigail-tools, binutils)" >&2; exit 2; }
done
BASE=abi/libdpp.abi
SUPP=abi/suppressions.abignore

if [ -z "$dir" ]; then
  dir=build-abi
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDPP_BUILD_TESTS=OFF -DDPP_BUILD_CLI=OFF \
    -DDPP_BINDINGS=OFF -DDPP_BUILD_EXAMPLES=OFF -DDPP_BUILD_BENCH=OFF -DDPP_BUILD_SCAN=OFF >/dev/null
  cmake --build "$dir" -j"${DPP_TEST_JOBS:-$(nproc)}" --target dpp dpp_static >/dev/null
fi
so=$(find "$dir" -maxdepth 1 -name 'libdpp.so.*.*' -type f | sort | tail -n 1)
ar="$dir/libdpp.a"
[ -n "$so" ] && [ -f "$ar" ] || { echo "abi-check: no libdpp.so.N.M.P and libdpp.a in $dir" >&2; exit 2; }
soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
echo "abi-check: $so (SONAME $soname), $ar"
fail=0

# 1. static library: every defined global symbol is dpp_-prefixed
bad=$(nm -g --defined-only "$ar" 2>/dev/null | awk 'NF == 3 {print $3}' | grep -v '^dpp_' | sort -u || true)
if [ -n "$bad" ]; then
  echo "FAIL: libdpp.a defines $(echo "$bad" | wc -l) global symbols without the dpp_ prefix (they can clash in a program that links it):"
  echo "$bad" | sed 's/^/   /'
  fail=1
else
  echo "ok: libdpp.a defines only dpp_ global symbols ($(nm -g --defined-only "$ar" | awk 'NF == 3' | wc -l))"
fi

# 2. shared library: only versioned dpp_ exports (the node itself is an
#    absolute symbol, type A)
exports=$(nm -D --defined-only "$so" | awk '$2 != "A" {print $3}')
bad=$(echo "$exports" | sed 's/@.*//' | grep -v '^dpp_' || true)
unversioned=$(echo "$exports" | grep -v '@' || true)
if [ -n "$bad" ] || [ -n "$unversioned" ]; then
  [ -z "$bad" ] || { echo "FAIL: libdpp.so exports names without the dpp_ prefix:"; echo "$bad" | sed 's/^/   /'; }
  [ -z "$unversioned" ] || { echo "FAIL: libdpp.so exports symbols without a version node (libdpp/dpp.map):"; echo "$unversioned" | sed 's/^/   /'; }
  fail=1
else
  nodes=$(echo "$exports" | sed 's/.*@@*//' | sort | uniq -c | awk '{printf "%s%s: %s", sep, $2, $1; sep=", "}')
  echo "ok: libdpp.so exports $(echo "$exports" | wc -l) dpp_ symbols, all versioned ($nodes)"
fi

# 3. ABI against the baseline (public headers only; no paths in the dump,
#    so that it does not depend on where the tree was built)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hdrs=(--headers-dir "$ROOT/libdpp/include/dpp")
[ -d "$dir/include/dpp" ] && hdrs+=(--headers-dir "$dir/include/dpp")
abidw "${hdrs[@]}" --no-corpus-path --no-comp-dir-path --no-show-locs --out-file "$tmp/raw.abi" "$so"
# translation units by their path in the tree, wherever it was built
sed -e "s|path='$ROOT/|path='|" -e "s|path='\./|path='|" "$tmp/raw.abi" > "$tmp/new.abi"
if [ "$update" = 1 ]; then
  mkdir -p abi
  cp "$tmp/new.abi" "$BASE"
  echo "abi-check: wrote $BASE ($(grep -c '<elf-symbol ' "$BASE") symbols, SONAME $soname); commit it"
  exit $fail
fi
if [ ! -f "$BASE" ]; then
  echo "FAIL: no baseline $BASE (create it with: bash scripts/abi-check.sh --update)"
  exit 1
fi
base_soname=$(sed -n "s/.*<abi-corpus [^>]*soname='\([^']*\)'.*/\1/p" "$BASE" | head -n 1)
supp=()
[ -f "$SUPP" ] && supp=(--suppressions "$SUPP")
set +e
abidiff "${supp[@]}" --no-show-locs "$BASE" "$tmp/new.abi" > "$tmp/diff.txt" 2>&1
rc=$?
set -e
if [ $((rc & 3)) -ne 0 ]; then
  echo "FAIL: abidiff could not compare (exit $rc):"; cat "$tmp/diff.txt"; exit 1
fi
# Removed or changed (not filtered as harmless) functions and variables,
# removed symbols: anything but additions.
breaks=$( { grep -E 'changes summary:' "$tmp/diff.txt" || true; } |
  { grep -oE '[0-9]+ (Removed|Changed)' || true; } | awk '{s += $1} END {print s + 0}')
if [ "$rc" = 0 ]; then
  echo "ok: ABI identical to $BASE (SONAME $soname)"
elif [ "$breaks" = 0 ]; then
  echo "ok: ABI compatible with $BASE (additions only; 'bash scripts/abi-check.sh --update' to record them):"
  sed 's/^/   /' "$tmp/diff.txt"
elif [ "$soname" != "$base_soname" ]; then
  echo "ok: incompatible ABI change, announced by the new SONAME $soname (baseline: $base_soname);"
  echo "    regenerate the baseline: bash scripts/abi-check.sh --update"
  sed 's/^/   /' "$tmp/diff.txt"
else
  echo "FAIL: incompatible ABI change with the same SONAME $soname (unannounced break). Either keep the"
  echo "      ABI, or bump DPP_SOVERSION in CMakeLists.txt and say so in CHANGELOG.md (docs/ABI.md):"
  sed 's/^/   /' "$tmp/diff.txt"
  fail=1
fi
exit $fail
