#!/usr/bin/env bash
# Long fuzzing session: every harness for an hour (DPP_FUZZ_SECONDS to
# change), two at a time, keeping the corpus each run finds in
# build-fuzz/fuzz-corpus/<harness> so successive runs build on each other.
#
#   bash scripts/fuzz-long.sh                       # 1 h per harness
#   DPP_FUZZ_SECONDS=14400 bash scripts/fuzz-long.sh   # 4 h per harness
#
# Afterwards, fold the new coverage into the committed seeds (small):
#   build-fuzz/fuzz/fuzz_verify -merge=1 fuzz/corpus/verify build-fuzz/fuzz-corpus/verify
# A crash is left in build-fuzz/fuzz-artifacts/<harness>/: copy it to
# fuzz/corpus/<harness>/regress-<name> and describe it in fuzz/README.md.
set -euo pipefail
export DPP_FUZZ_SECONDS=${DPP_FUZZ_SECONDS:-3600}
export DPP_FUZZ_PARALLEL=${DPP_FUZZ_PARALLEL:-2}
export DPP_FUZZ_KEEP_CORPUS=1
exec bash "$(dirname "$0")/fuzz-ci.sh"
