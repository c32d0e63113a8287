#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: GoogleTest unit tests and the pytest
# integration and plot tests, all through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
scripts/start-docker.sh
ctest --test-dir build --output-on-failure -j1 --timeout 1500
