#!/usr/bin/env bash
# Installs the built libdpp into a scratch prefix, then builds and runs a
# downstream project with find_package(dpp) and another with pkg-config.
# Usage: run.sh BUILD_DIR SOURCE_DIR [SHARED]   (SHARED=OFF: the build has
# BUILD_SHARED_LIBS=OFF, so dpp::dpp and -ldpp are the static library)
set -euo pipefail
build=$1 src=$2 shared=${3:-ON}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/tests/consumer" -B "$work/cm" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cm" >/dev/null
pcpath="$work/prefix/lib/pkgconfig:$work/prefix/lib/$(gcc -print-multiarch)/pkgconfig"
if [ "$shared" = OFF ]; then
    # BUILD_SHARED_LIBS=OFF: dpp::dpp forwards to the static library, and
    # -ldpp finds libdpp.a (pkg-config --static adds its dependencies).
    "$work/cm/consumer_shared"
    "$work/cm/consumer_static"
    cc -o "$work/pc" "$src/tests/consumer/main.c" $(PKG_CONFIG_PATH="$pcpath" pkg-config --static --cflags --libs dpp)
    "$work/pc"
    echo "consumer: static-only build: find_package and pkg-config --static passed"
    exit 0
fi
LD_LIBRARY_PATH="$work/prefix/lib:$work/prefix/lib/$(gcc -print-multiarch)" "$work/cm/consumer_shared"
"$work/cm/consumer_static"
# pkg-config route, shared library
export PKG_CONFIG="pkg-config"
export PKG_CONFIG_PATH="$pcpath"
cc -o "$work/pc" "$src/tests/consumer/main.c" $($PKG_CONFIG --cflags --libs dpp)
LD_LIBRARY_PATH="$($PKG_CONFIG --variable=libdir dpp)" "$work/pc"
# the public headers compile as C++ too
printf '#include <dpp/dpp.h>\nint main(){return dpp_version_number()==0;}\n' > "$work/cxx.cpp"
if command -v g++ >/dev/null; then g++ -std=c++11 -Wall -Werror -c "$work/cxx.cpp" $($PKG_CONFIG --cflags dpp) -o "$work/cxx.o"; fi
# only dpp_ symbols are exported
lib=$($PKG_CONFIG --variable=libdir dpp)/libdpp.so
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' | grep -v '^dpp_' || true)
if [ -n "$bad" ]; then echo "non-dpp symbols exported: $bad"; exit 1; fi
echo "consumer: find_package, pkg-config, C++ and symbol checks passed"
