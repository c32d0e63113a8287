#!/usr/bin/env bash
# Installs, from Debian's packages only, whatever vcbench needs and this host lacks.
#   scripts/install-deps.sh           everything the build and every test need
#   scripts/install-deps.sh compare   what the default comparison needs (no Slurm)
# Idempotent: a host that already has everything is left untouched (no apt-get update).
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libfmt-dev nlohmann-json3-dev libcli11-dev libtomlplusplus-dev
  libhwloc-dev hwloc libnuma-dev libbenchmark-dev libgtest-dev
  openmpi-bin libopenmpi-dev
  python3-matplotlib python3-pandas python3-jsonschema python3-pytest
  docker.io podman runc catatonit tini charliecloud criu
)
# MPI scale-out through a scheduler: Slurm (slurmctld + slurmd on this host) authenticated by munge.
[ "${1:-}" = compare ] || packages+=(slurm-wlm munge)
# VMs: QEMU and a guest kernel (the default comparison runs a slice on kvm/naive and kvm/tuned).
packages+=(qemu-system-x86 linux-image-amd64)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "vcbench: missing Debian packages: ${missing[*]}; run this script as root or: sudo apt-get install ${missing[*]}" >&2
  exit 2
fi
echo "vcbench: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
