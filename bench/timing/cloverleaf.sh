#!/bin/sh
# Times clover_bm_short (960x960, 87 steps) with vcb-cloverleaf at 1 and 2 OpenMP threads and on
# 2 MPI ranks x 1 thread, pinned as the reference timings in ../shared/reference/proxies.md §4 were
# (OMP_PROC_BIND=true OMP_PLACES=cores; mpirun --bind-to core). Prints one line per run: the
# configuration, the hydro-loop wall time, grind time and M cell-updates/s, and whether it validated.
#   bench/timing/cloverleaf.sh [BIN_DIR] [REPEATS]      (defaults: build/bin, 3)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/build/bin}
repeats=${2:-3}
kernel=$bin/vcb-cloverleaf
[ -x "$kernel" ] || { echo "cloverleaf.sh: $kernel not found; build first (scripts/build.sh)" >&2; exit 2; }

report() {  # $1 = label; stdin = the kernel's stdout
  /usr/bin/python3 -c '
import json, sys
label = sys.argv[1]
for line in sys.stdin:
    if line.startswith("@@vcb ") and "cell_updates_per_s" in line:
        r = json.loads(line[6:])
        d = r["detail"]
        wall, updates = d["wall_s"], d["cells"] * d["steps"]
        ok = "validated" if r["validation"]["passed"] else "FAILED: " + r["validation"]["detail"]
        print("%-24s wall %7.3f s  grind %6.1f ns  %6.1f M cell-updates/s  %s"
              % (label, wall, wall / updates * 1e9, updates / wall / 1e6, ok))
' "$1"
}

export OMP_PROC_BIND=true OMP_PLACES=cores
for i in $(seq "$repeats"); do
  "$kernel" --deck clover_bm_short --threads 1 | report "1 thread"
  "$kernel" --deck clover_bm_short --threads 2 | report "2 threads"
  if command -v mpirun >/dev/null 2>&1; then
    mpirun --allow-run-as-root --bind-to core -np 2 -x OMP_PROC_BIND -x OMP_PLACES \
      "$kernel" --deck clover_bm_short --threads 1 | report "2 MPI ranks x 1 thread"
  fi
done
