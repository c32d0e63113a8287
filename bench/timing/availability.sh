#!/usr/bin/env bash
# Times the availability suite and a year-long trace of a large site (issue 7: "a year of a large
# site's log simulates in seconds"). The year is generated on the fly by vcbench-swfgen (preset
# "year": 4096 nodes, 300,000 batch jobs and 30,000 on-demand leases over ~365 days; see
# sim/README.md) into a temporary SWF file, then streamed through vcb-availability's SWF reader.
#
#   bench/timing/availability.sh [BUILD_DIR]     # default: build
#   STRESS=1 bench/timing/availability.sh         # also an overloaded year (queue of thousands)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
bin=$build/bin
for tool in vcbench vcb-availability vcbench-swfgen; do
  [[ -x $bin/$tool ]] || { echo "error: $bin/$tool missing; build first: scripts/build.sh" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
since() { /usr/bin/python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }

# The simulation's own wall time (the records' timed interval), one value per process.
sim_seconds() {
  /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    if "@@vcb " in line:
        record = json.loads(line.split("@@vcb ", 1)[1])
        print("%.2f" % record["samples"]["interval_s"][0])
        break'
}

echo "== the availability suite (vcbench run --suite availability)"
start=$(now)
"$bin/vcbench" run --suite availability --out "$tmp/run" > "$tmp/run.log"
echo "suite: $(grep -c . "$tmp/run/records.jsonl") records in $(since "$start") s (every process: calibration + measurement)"

echo "== a year of a large site, as SWF"
start=$(now)
"$bin/vcbench-swfgen" --preset year --stream batch --seed 1 --out "$tmp/year-batch.swf"
"$bin/vcbench-swfgen" --preset year --stream od --seed 1 --out "$tmp/year-od.swf"
echo "generated $(grep -vc '^;' "$tmp/year-batch.swf") batch jobs ($(du -h "$tmp/year-batch.swf" | cut -f1))" \
     "and $(grep -vc '^;' "$tmp/year-od.swf") leases in $(since "$start") s"

year() {  # label, then vcb-availability flags
  local label=$1; shift
  start=$(now)
  local sim
  sim=$(/usr/bin/time -f "%M" -o "$tmp/rss" "$bin/vcb-availability" --nodes 4096 --workload "$tmp/year-batch.swf" \
        --od "$tmp/year-od.swf" --samples 1 --warmup 0 "$@" | sim_seconds)
  printf "%-34s simulation %6s s, process %6s s, peak RSS %s MB\n" "$label" "$sim" "$(since "$start")" \
         "$(( $(cat "$tmp/rss") / 1024 ))"
}
year "dynamic R=64 w=30 s" --policy dynamic --reserve 64 --wait_s 30
year "static 75/25 w=30 s" --policy static --batch_share 75 --wait_s 30
year "fill the gaps" --policy fill
if [[ ${STRESS:-0} == 1 ]]; then
  # 3300 nodes: batch work offers ~107% of the 90% partition, the queue grows to tens of thousands
  # and every completion re-scans it (pure EASY, no backfill depth limit).
  start=$(now)
  sim=$("$bin/vcb-availability" --nodes 3300 --policy static --batch_share 90 --workload "$tmp/year-batch.swf" \
        --od "$tmp/year-od.swf" --samples 1 --warmup 0 | sim_seconds)
  printf "%-34s simulation %6s s\n" "overloaded: 3300 nodes, static 90%" "$sim"
fi
