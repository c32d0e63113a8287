#!/usr/bin/env bash
# Starts a Docker engine when none answers (idempotent). No default bridge network: containers run
# with --network none unless a suite names a network. The engine's log goes to /var/log/vcbench-dockerd.log.
set -euo pipefail
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && exit 0
if ! command -v dockerd >/dev/null; then
  echo "vcbench: dockerd is missing; install it with scripts/install-deps.sh (Debian package docker.io)" >&2
  exit 2
fi
nohup dockerd --bridge=none >/var/log/vcbench-dockerd.log 2>&1 &
for _ in $(seq 1 100); do
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && exit 0
  sleep 0.2
done
echo "vcbench: dockerd did not answer within 20 s; see /var/log/vcbench-dockerd.log" >&2
exit 1
