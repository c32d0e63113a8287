#!/usr/bin/env bash
# Installs what is missing, then configures and builds everything into build/ (idempotent).
#   scripts/build.sh [compare]   (compare: skip the VM packages, see install-deps.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh "${1:-}"
[ -f build/CMakeCache.txt ] || cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
