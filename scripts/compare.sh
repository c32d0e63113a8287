#!/usr/bin/env bash
# The default comparison, end to end: install what is missing, build, start a Docker engine if none
# answers, check the host, run the micro and startup suites on native (the baseline) and every
# container environment this host can run, then a VM slice on native, kvm/naive and kvm/tuned
# (start-up with a fresh guest per launch and system calls; under TCG emulation, where
# KVM does not work, the quick micro suite alone would add about half an hour), then report and
# plot both.
#   scripts/compare.sh              quick comparison (a few minutes)
#   scripts/compare.sh --thorough   the thorough one (longer intervals, full grids)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=(--quick)
case "${1:-}" in
  "") ;;
  --thorough) mode=() ;;
  *) echo "usage: scripts/compare.sh [--thorough]" >&2; exit 2 ;;
esac

scripts/build.sh compare
scripts/start-docker.sh
bin=build/bin/vcbench
echo "== environments on this host (vcbench doctor checks more, KVM included)"
"$bin" list envs
envs=($("$bin" list envs | awk '$2 == "available" && $1 !~ /\// {print "--env"; print $1}'))
run_id="$(date -u +%Y-%m-%dT%H-%M-%SZ)-compare"
out="results/runs/$run_id"
echo "== running the micro and startup suites: ${envs[*]} ${mode[*]}"
status=0
"$bin" run --suite micro --suite startup "${envs[@]}" "${mode[@]}" --out "$out" || status=$?
[ "$status" -le 1 ] || exit "$status"
vm_out="$out-vm"
vm_reps=(--reps 4)  # the fewest that give the report an overhead verdict
[ ${#mode[@]} -eq 0 ] && vm_reps=()
echo "== the VM slice: startup, lat_syscall on native, kvm/naive, kvm/tuned ${mode[*]} ${vm_reps[*]}"
vm_status=0
"$bin" run --suite micro --suite startup --benchmark startup,lat_syscall \
  --env native --env kvm/naive --env kvm/tuned "${mode[@]}" "${vm_reps[@]}" --out "$vm_out" || vm_status=$?
[ "$vm_status" -le 1 ] || exit "$vm_status"
[ "$vm_status" -eq 0 ] || status=$vm_status
for dir in "$out" "$vm_out"; do
  "$bin" report "$dir" --format markdown > "$dir/report.md"
  "$bin" report "$dir" --format csv > "$dir/report.csv"
  "$bin" plot "$dir" > /dev/null
  echo "== report: $dir"
  "$bin" report "$dir"
  echo
done
echo "results: $out/records.jsonl and $vm_out/records.jsonl (manifests: run.json in each)"
echo "reports: $out/report.md, $vm_out/report.md (also report.csv, features.json)"
echo "plots:   $out/plots/ (start with micro-overhead.png), $vm_out/plots/"
exit "$status"
