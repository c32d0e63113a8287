#!/usr/bin/env bash
# Starts a one-host Slurm cluster (munged, slurmctld, slurmd) when no controller answers
# (idempotent), for MPI runs with --scheduler slurm and for the tests. On a real cluster node, where
# /etc/slurm/slurm.conf is the site's own, it changes nothing: vcbench then uses the site's Slurm.
# Logs: /var/log/vcbench-slurmctld.log, /var/log/vcbench-slurmd.log.
set -euo pipefail
conf=/etc/slurm/slurm.conf
marker="# written by vcbench scripts/start-slurm.sh"
host=$(hostname -s)

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "vcbench: Slurm or munge is missing; install them with scripts/install-deps.sh (Debian packages slurm-wlm munge)" >&2
  exit 2
fi
if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  scontrol ping >/dev/null 2>&1 && exit 0
  echo "vcbench: $conf is not vcbench's and no controller answers; start your site's Slurm (slurmctld, slurmd)" >&2
  exit 2
fi
node_ready() { sinfo -h -n "$host" -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; }
grep -qF "SlurmctldHost=$host" "$conf" 2>/dev/null && scontrol ping 2>/dev/null | grep -q UP && node_ready && exit 0

# munge: the package makes the key; the daemon runs as user munge with its socket in /run/munge.
[ -f /etc/munge/munge.key ] || { mungekey --create >/dev/null 2>&1 || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; }
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- munged
fi

state=/var/lib/vcbench-slurm
mkdir -p /etc/slurm "$state/ctld" "$state/spool" /run/vcbench-slurm
cat > "$conf" <<CONF
$marker: a one-host cluster.
ClusterName=vcbench
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=/run/vcbench-slurm/slurmctld.pid
SlurmdPidFile=/run/vcbench-slurm/slurmd.pid
SlurmctldLogFile=/var/log/vcbench-slurmctld.log
SlurmdLogFile=/var/log/vcbench-slurmd.log
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF

# A controller or node daemon of an earlier configuration (another hostname) is replaced.
pkill -x slurmctld 2>/dev/null || true
pkill -x slurmd 2>/dev/null || true
sleep 0.5
nohup slurmctld -D >/dev/null 2>&1 &
nohup slurmd -D >/dev/null 2>&1 &
for _ in $(seq 1 150); do
  node_ready && exit 0
  sleep 0.2
done
echo "vcbench: Slurm did not come up within 30 s; see /var/log/vcbench-slurmctld.log and /var/log/vcbench-slurmd.log" >&2
exit 1
