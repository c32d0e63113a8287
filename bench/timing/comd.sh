#!/usr/bin/env bash
# Times the CoMD-like proxy on CoMD's default problem (32,000 atoms, 100 steps): Lennard-Jones and
# EAM funcfl (Cu_u6.eam) at 1 and 2 OpenMP threads, REPS runs each, and prints the time-step loop's
# seconds and atom-updates per microsecond (CoMD's figure of merit) beside the reference figures of
# ../shared/reference/proxies.md §7 (CoMD-openmp 1.1, GCC 12, same 2-vCPU machine type).
# Also prints the CPU time other processes used during each run: a busy host spoils 2-thread numbers.
#
#   bench/timing/comd.sh [BUILD_DIR]     # default: build;  REPS=3 by default
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
bin=$build/bin/vcb-comd
reps=${REPS:-3}
[[ -x $bin ]] || { echo "error: $bin missing; build first: scripts/build.sh" >&2; exit 2; }

# Busy CPU seconds of the whole machine (user+nice+system+irq+softirq+steal), from /proc/stat.
busy() { awk '/^cpu /{printf "%.2f\n", ($2+$3+$4+$7+$8+$9)/100}' /proc/stat; }

# Runs one case; prints loop seconds, atom-updates/us, validation, and other processes' CPU seconds.
run_case() {
  local label=$1 ref=$2; shift 2
  for ((r = 1; r <= reps; r++)); do
    local before out after self
    before=$(busy)
    out=$(/usr/bin/time -f '@@time %U %S' "$bin" --samples 1 --warmup 0 "$@" 2>&1)
    after=$(busy)
    self=$(echo "$out" | awk '/^@@time /{print $2 + $3}')
    echo "$out" | /usr/bin/python3 -c '
import json, sys
label, ref, busy0, busy1, self_cpu = sys.argv[1:6]
for line in sys.stdin:
    if line.startswith("@@vcb "):
        r = json.loads(line[6:])
        if r["metric"]["name"] != "atom_updates_per_us":
            continue
        loop, rate, ok = r["detail"]["loop_s"], r["metric"]["value"], r["validation"]["passed"]
        others = max(0.0, float(busy1) - float(busy0) - float(self_cpu))
        print(f"{label:<24} loop {loop:6.2f} s  {rate:5.2f} atom-updates/us  (reference {ref})"
              f"  valid={ok}  others_cpu_s={others:.1f}")
' "$label" "$ref" "$before" "$after" "$self"
  done
}

echo "vcb-comd timing, $reps run(s) per case; reference = CoMD-openmp loop time, min / clean median (proxies.md §7)"
run_case "LJ, 1 thread" "3.66 / 3.74 s, 0.87" --threads 1
run_case "LJ, 2 threads" "1.93 / 1.99 s, 1.66" --threads 2
run_case "EAM funcfl, 1 thread" "6.70 / 7.02 s, 0.48" --potential eam-funcfl --threads 1
run_case "EAM funcfl, 2 threads" "3.53 / 3.58 s, 0.91" --potential eam-funcfl --threads 2
