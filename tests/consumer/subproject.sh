#!/usr/bin/env bash
# Builds a tiny parent project that pulls libdpp in with add_subdirectory,
# once with the default (shared dpp::dpp) and once with
# BUILD_SHARED_LIBS=OFF (static dpp::dpp), and checks that no libdpp test,
# tool or benchmark is defined, that the parent's program links and runs,
# and that the static build really has no libdpp.so dependency.
# Usage: subproject.sh SOURCE_DIR
set -euo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gen=()
if [ -n "${CMAKE_GENERATOR:-}" ]; then gen=(-G "$CMAKE_GENERATOR"); fi
for mode in default static; do
    args=(-DDPP_SOURCE_DIR="$src" -DCMAKE_BUILD_TYPE=Release)
    if [ "$mode" = static ]; then args+=(-DBUILD_SHARED_LIBS=OFF); fi
    b="$work/$mode"
    cmake "${gen[@]}" -S "$src/tests/consumer/subproject" -B "$b" "${args[@]}" >"$work/$mode.cfg" 2>&1 ||
        { cat "$work/$mode.cfg"; exit 1; }
    cmake --build "$b" -j2 >"$work/$mode.build" 2>&1 || { tail -40 "$work/$mode.build"; exit 1; }
    # Only the parent's own test: libdpp registered none.
    names=$(ctest --test-dir "$b" -N | sed -n 's/^ *Test *#[0-9]*: //p' | tr '\n' ' ')
    if [ "$names" != "parent_app " ]; then
        echo "subproject ($mode): tests registered: $names"; exit 1
    fi
    # No libdpp test program was built either.
    if [ -n "$(find "$b" -type f -name 'test_*' -perm -u+x)" ]; then
        echo "subproject ($mode): test programs were built"; exit 1
    fi
    "$b/parent_app"
    if [ "$mode" = static ]; then
        # (ldd's whole output first: grep -q stopping early would break the
        # pipe, and pipefail would read that as a failed pipeline)
        deps=$(ldd "$b/parent_app")
        if grep -q 'libdpp\.so' <<<"$deps"; then
            echo "subproject (static): parent_app links libdpp.so"; exit 1
        fi
        [ -f "$b/dpp/libdpp.a" ] || { echo "subproject (static): libdpp.a not built"; exit 1; }
        [ ! -e "$b/dpp/libdpp.so" ] || { echo "subproject (static): libdpp.so was built"; exit 1; }
    else
        deps=$(ldd "$b/parent_app")
        grep -qF "$b/dpp/libdpp.so" <<<"$deps" ||
            { echo "subproject (default): parent_app does not link the built libdpp.so"; ldd "$b/parent_app"; exit 1; }
    fi
    echo "subproject ($mode): $(grep -o 'dpp::dpp is [A-Z_]*' "$work/$mode.cfg")"
done
echo "subproject: add_subdirectory builds only the library; dpp::dpp follows BUILD_SHARED_LIBS"
