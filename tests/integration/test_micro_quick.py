"""The quick micro suite, run once on native, docker and podman, interleaved: every record valid,
validated and sane, one appliance digest for all, report and plots work."""
import json
import math

import pytest

from conftest import assert_one_complete_set_per_measurement, records, schema_problems, vcbench


ENVS = ["native", "docker", "podman"]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory, docker_engine):
    out = tmp_path_factory.mktemp("micro") / "run"
    result = vcbench("run", "--suite", "micro", "--quick", *sum((["--env", e] for e in ENVS), []), "--out", out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return out


def by_name(folder, name):
    return [r for r in records(folder) if r["benchmark"]["name"] == name]


def test_every_record_matches_the_schema(quick_run):
    assert schema_problems(quick_run) == []


def test_one_complete_set_per_planned_measurement(quick_run):
    assert_one_complete_set_per_measurement(quick_run)


def test_every_kernel_validated_and_gave_positive_finite_values(quick_run):
    names = set()
    for r in records(quick_run):
        names.add(r["benchmark"]["name"])
        assert r["validation"]["passed"], (r["benchmark"], r["validation"])
        assert r["failure"] is None
        v = r["metric"]["value"]
        assert math.isfinite(v) and v > 0, r["benchmark"]
        assert all(math.isfinite(s) and s > 0 for s in r["samples"]["values"])
        assert len(r["samples"]["values"]) == len(r["samples"]["interval_s"]) >= 3
        assert r["calibration"]["source"] == "harness" and r["calibration"]["iterations"] > 0
    assert names == {"lat_syscall", "lat_sig", "lat_proc", "lat_ctx", "lat_fs", "lat_pagefault", "lat_mmap",
                     "bw_file_rd", "bw_mem", "lat_mem_rd", "bw_pipe", "bw_unix", "lat_pipe", "lat_unix"}


def test_calibration_is_the_same_for_every_repetition(quick_run):
    counts = {}
    for r in records(quick_run):
        key = (r["benchmark"]["instance"], json.dumps(r["benchmark"]["params"], sort_keys=True))
        counts.setdefault(key, set()).add(r["calibration"]["iterations"])
    assert all(len(c) == 1 for c in counts.values())


def test_pointer_chase_visits_every_element(quick_run):
    rs = by_name(quick_run, "lat_mem_rd")
    assert {r["benchmark"]["params"]["pattern"] for r in rs} == {"sequential", "random"}
    for r in rs:
        p = r["benchmark"]["params"]
        assert r["detail"]["elements"] == p["size_bytes"] // p["stride"]
        assert f"all {r['detail']['elements']} elements" in r["validation"]["detail"]
    sizes = {r["benchmark"]["params"]["size_bytes"] for r in rs}
    assert min(sizes) == 512 and max(sizes) == 32 << 20


def test_random_walk_is_slower_than_cache_beyond_the_last_level_cache(quick_run):
    latency = {(r["benchmark"]["params"]["pattern"], r["benchmark"]["params"]["size_bytes"]): r["metric"]["value"]
               for r in by_name(quick_run, "lat_mem_rd") if r["benchmark"]["params"]["stride"] == 64}
    assert latency[("random", 32 << 20)] > 3 * latency[("random", 4096)]


def test_two_party_kernels_ran_where_they_were_placed(quick_run):
    for name, parties in [("bw_pipe", ("reader", "writer")), ("bw_unix", ("reader", "writer")),
                          ("lat_pipe", ("parent", "peer")), ("lat_unix", ("parent", "peer"))]:
        for r in by_name(quick_run, name):
            a, b = (r["detail"][p] for p in parties)
            assert a["stayed"] and b["stayed"]
            same = a["cpu_start"] == b["cpu_start"]
            assert same == (r["benchmark"]["params"]["placement"] == "same"), r["detail"]


def test_file_kernels_record_their_file_system(quick_run):
    for name in ["lat_fs", "lat_pagefault", "lat_mmap", "bw_file_rd"]:
        for r in by_name(quick_run, name):
            if r["benchmark"]["params"].get("op") == "anon":
                continue  # anonymous memory: no file involved
            fs = r["detail"]["filesystem"]
            assert fs["type"] and fs["path"].endswith("/scratch")


def test_process_creation_forks_from_a_small_helper(quick_run):
    for r in by_name(quick_run, "lat_proc"):
        assert r["detail"]["forker"] == "vcb-proc-helper"
        assert r["detail"]["forker_footprint"]["rss_kb"] < 8192


def test_records_say_what_really_ran(quick_run):
    rs = records(quick_run)
    assert {r["environment"]["name"] for r in rs} == set(ENVS)
    assert len({r["environment"]["appliance"] for r in rs}) == 1, "every environment ran the same bits"
    for r in rs:
        env = r["environment"]
        assert env["accel"] is None
        assert env["binding"]["cpus_in_effect"] == env["binding"]["cpus"]
        assert r["context"]["seccomp"] == (0 if env["name"] == "native" else 2)
        assert r["trust"]["wall_s"] > 0


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_report_formats(quick_run, fmt):
    result = vcbench("report", quick_run, "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert "lat_syscall" in result.stdout
    if fmt == "json":
        report = json.loads(result.stdout)
        assert all(row["n"] == 5 for row in report["rows"])
        for row in report["rows"]:
            if row["environment"] == "native":
                assert row["verdict"] == "baseline"
            else:
                assert row["ratio"]["level"] > 0.95 and row["verdict"]


def test_plots(quick_run):
    result = vcbench("plot", quick_run)
    assert result.returncode == 0, result.stderr
    pngs = list((quick_run / "plots").glob("*.png"))
    assert any("lat_mem_rd" in p.name for p in pngs) and any("overhead" in p.name for p in pngs)
    assert all(p.stat().st_size > 10_000 for p in pngs)
    assert (quick_run / "report.json").exists()
