#!/usr/bin/env bash
# ctest "interop_node": installs the locked npm packages when node_modules is
# missing (npm ci), then runs the Node test suite (node:test).
#   VECTOR_TOOL=build/tests/vectors/vector_tool bash tests/interop/node/run.sh
set -euo pipefail
cd "$(dirname "$0")"
NODE=${DPP_NODE:-node}
NPM=${DPP_NPM:-npm}
if ! command -v "$NODE" >/dev/null; then
    echo "interop_node: node not found" >&2
    exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    "$NPM" ci --no-audit --no-fund --loglevel=error
fi
exec "$NODE" --test test/
