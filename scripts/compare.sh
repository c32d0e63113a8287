#!/usr/bin/env bash
# The default comparison, end to end: install what is missing, build, start a Docker engine if none
# answers, check the host, run the micro and startup suites on native (the baseline), docker and
# podman (those this host can run), then report and plot.
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
"$bin" report "$out" --format markdown > "$out/report.md"
"$bin" report "$out" --format csv > "$out/report.csv"
"$bin" plot "$out" > /dev/null
echo "== report"
"$bin" report "$out"
echo
echo "results: $out/records.jsonl (manifest: $out/run.json)"
echo "report:  $out/report.md (also report.csv, report.json)"
echo "plots:   $out/plots/ (start with micro-overhead.png)"
exit "$status"
