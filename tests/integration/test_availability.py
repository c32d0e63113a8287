"""The availability suite end to end (issue 7): the real vcbench running the real simulator.

Checks the records against the schema, determinism (two runs, identical values and details),
the seed study's ordering on the shipped workload, the report's seed-layout table, the plots,
and that a bad SWF trace given to vcb-availability exits 2 naming the line.
"""
import json
import subprocess

import pytest

from conftest import BIN, records, schema_problems, vcbench

SEED_STATIC_SHARES = (75, 50, 25)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two complete runs of the suite, in two folders."""
    folders = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp("availability") / name
        result = vcbench("run", "--suite", "availability", "--out", out, timeout=300)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        folders.append(out)
    return folders


def values(folder):
    """(instance, metric) -> (value, detail) of every record."""
    return {(r["benchmark"]["instance"], r["metric"]["name"]): (r["metric"]["value"], r.get("detail"))
            for r in records(folder)}


def metrics_of(folder, **params):
    """metric -> value for the one configuration whose params include `params`."""
    found = {}
    for r in records(folder):
        p = r["benchmark"]["params"]
        if all(p.get(k) == v for k, v in params.items()):
            found.setdefault(r["benchmark"]["instance"], {})[r["metric"]["name"]] = r["metric"]["value"]
    assert len(found) == 1, f"{params}: {len(found)} configurations match"
    return next(iter(found.values()))


def test_records_are_valid_and_pass_conservation(runs):
    folder = runs[0]
    assert schema_problems(folder) == []
    rs = records(folder)
    assert len(rs) > 100
    for r in rs:
        assert r["validation"]["passed"], r["validation"]["detail"]
        assert "== N x span" in r["validation"]["detail"]
        assert r["benchmark"]["suite"] == "availability"


def test_utilization_records_carry_a_small_timeline(runs):
    for r in records(runs[0]):
        if r["metric"]["name"] == "utilization_overall":
            points = r["detail"]["timeline"]["points"]
            assert 10 < len(points) <= 500
            assert all(abs(sum(p[1:]) - 1) < 1e-3 for p in points)


def test_two_runs_give_identical_values(runs):
    first, second = values(runs[0]), values(runs[1])
    assert first.keys() == second.keys()
    assert first == second


def test_seed_ordering(runs):
    folder = runs[0]
    dynamic = metrics_of(folder, policy="dynamic", reserve=0, wait_s=30)
    static = [metrics_of(folder, policy="static", batch_share=s, wait_s=30) for s in SEED_STATIC_SHARES]
    # Overall utilization is highest when the whole machine is shared.
    assert all(dynamic["utilization_overall"] > s["utilization_overall"] for s in static)
    # Batch slowdown and makespan grow as the batch share shrinks (100% dynamic first).
    for metric in ("batch_slowdown", "makespan"):
        series = [dynamic[metric]] + [s[metric] for s in static]
        assert series == sorted(series) and len(set(series)) == len(series), (metric, series)
    # Fill the gaps raises utilization well above on-demand alone, and preempts to do it.
    alone = metrics_of(folder, policy="od_only")
    filled = metrics_of(folder, policy="fill")
    assert filled["utilization_overall"] > 2 * alone["utilization_overall"]
    assert filled["utilization_overall"] - alone["utilization_overall"] > 30
    assert filled["preemptions"] > 0
    assert filled["od_rejected"] == 0


def test_report_prints_the_seed_layout(runs):
    result = vcbench("report", runs[0])
    assert result.returncode == 0, result.stderr
    table = result.stdout.split("availability: the seed study's layout", 1)[1]
    assert "| configuration" in table and "| on-demand rejected" in table
    assert "100% dynamic (R=0, w=30 s)" in table
    assert "25% batch / 75% on-demand (w=30 s)" in table
    assert "fill the gaps" in table and "preemptions" in table
    csv = vcbench("report", runs[0], "--format", "csv")
    assert "seed study" not in csv.stdout


def test_plots_draw_the_sweeps_and_timelines(runs):
    result = vcbench("plot", runs[0], timeout=600)  # into RESULTS_DIR/plots, next to records.jsonl
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (runs[0] / "plots").iterdir()}
    for stem in ("availability-vs-reserve", "availability-vs-wait_s", "availability-vs-batch_share",
                 "availability-utilization-timeline-1of4"):
        assert f"{stem}.png" in names
    assert not any("overhead" in n for n in names)  # native only: nothing to compare against


def kernel(*args):
    return subprocess.run([str(BIN / "vcb-availability"), *map(str, args)], capture_output=True, text=True,
                          timeout=60)


GOOD = "1 0 0 100 4 -1 -1 4 200 -1 1 -1 -1 -1 -1 -1 -1 -1\n"


@pytest.mark.parametrize("bad, says", [
    ("2 10 0 100 4 -1 -1 4 200 -1 1 -1 -1 -1 -1 -1\n", "expected 18 fields, found 16"),
    ("2 10 0 1e2x 4 -1 -1 4 200 -1 1 -1 -1 -1 -1 -1 -1 -1\n", "field 4 is '1e2x'"),
    ("2 10 0 100 -8 -1 -1 4 200 -1 1 -1 -1 -1 -1 -1 -1 -1\n", "negative size -8"),
])
def test_bad_swf_line_exits_2_naming_the_line(tmp_path, bad, says):
    trace = tmp_path / "trace.swf"
    trace.write_text("; Version: 2.2\n; MaxNodes: 8\n" + GOOD + bad + GOOD.replace("1 0 0", "3 20 0", 1))
    result = kernel("--policy", "batch", "--nodes", 8, "--workload", trace, "--samples", 1, "--warmup", 0)
    assert result.returncode == 2
    assert f"{trace}:4: {says}" in result.stderr
    assert "@@vcb" not in result.stdout  # no record from a half-read trace


def test_a_good_swf_trace_simulates(tmp_path):
    trace = tmp_path / "trace.swf"
    trace.write_text(GOOD + GOOD.replace("1 0 0", "2 5 0", 1))  # 4 + 4 nodes of 8: both run at once
    result = kernel("--policy", "batch", "--nodes", 8, "--workload", trace, "--samples", 1, "--warmup", 0)
    assert result.returncode == 0, result.stderr
    emitted = {r["metric"]["name"]: r["metric"]["value"] for r in map(json.loads, (
        line.split("@@vcb ", 1)[1] for line in result.stdout.splitlines() if "@@vcb " in line))}
    assert emitted["makespan"] == 105
    assert emitted["batch_wait"] == 0  # a zero is a value, not a failure
    assert emitted["utilization_overall"] == pytest.approx(100 * 800 / (8 * 105))


def test_knobs_of_another_policy_are_refused():
    result = kernel("--policy", "dynamic", "--batch_share", 50)
    assert result.returncode == 2
    assert "--batch_share applies to --policy static only" in result.stderr
