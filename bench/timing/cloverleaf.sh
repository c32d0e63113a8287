#!/bin/sh
# Times clover_bm_short (960x960, 87 steps) with vcb-cloverleaf at 1 and 2 OpenMP threads and on
# 2 MPI ranks x 1 thread, pinned as the reference timings in ../shared/reference/proxies.md §4 were
# (OMP_PROC_BIND=true OMP_PLACES=cores; mpirun --bind-to core). Prints one line per run: the
# configuration, the hydro-loop wall time, grind time and M cell-updates/s, whether it validated,
# its own cpu_s (user+system) and others_cpu_s = CPU seconds other processes used meanwhile (the
# host is shared: only runs with others_cpu_s near 0 show the code's speed; compare versions
# interleaved in one session).
#   bench/timing/cloverleaf.sh [BIN_DIR] [REPEATS]      (defaults: build/bin, 3)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/build/bin}
repeats=${2:-3}
kernel=$bin/vcb-cloverleaf
[ -x "$kernel" ] || { echo "cloverleaf.sh: $kernel not found; build first (scripts/build.sh)" >&2; exit 2; }

# Runs "$@" and reports it under label $1: busy jiffies of the whole machine (/proc/stat) minus
# the run's own user+system CPU (its reaped children) give the other processes' share.
run() {
  /usr/bin/python3 - "$@" <<'PY'
import json, os, resource, subprocess, sys

def busy_s():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / os.sysconf("SC_CLK_TCK")

label, cmd = sys.argv[1], sys.argv[2:]
b0, r0 = busy_s(), resource.getrusage(resource.RUSAGE_CHILDREN)
out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True).stdout
b1, r1 = busy_s(), resource.getrusage(resource.RUSAGE_CHILDREN)
own = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
for line in out.splitlines():
    if line.startswith("@@vcb ") and "cell_updates_per_s" in line:
        r = json.loads(line[6:])
        d = r["detail"]
        wall, updates = d["wall_s"], d["cells"] * d["steps"]
        ok = "validated" if r["validation"]["passed"] else "FAILED: " + r["validation"]["detail"]
        print("%-24s wall %7.3f s  grind %6.1f ns  %6.1f M cell-updates/s  %s  cpu_s %.2f  others_cpu_s %.2f"
              % (label, wall, wall / updates * 1e9, updates / wall / 1e6, ok, own, max(0.0, b1 - b0 - own)))
PY
}

export OMP_PROC_BIND=true OMP_PLACES=cores
for i in $(seq "$repeats"); do
  run "1 thread" "$kernel" --deck clover_bm_short --threads 1
  run "2 threads" "$kernel" --deck clover_bm_short --threads 2
  if command -v mpirun >/dev/null 2>&1; then
    run "2 MPI ranks x 1 thread" mpirun --allow-run-as-root --bind-to core -np 2 -x OMP_PROC_BIND -x OMP_PLACES \
      "$kernel" --deck clover_bm_short --threads 1
  fi
done
