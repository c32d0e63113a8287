"""vcb-osu: OSU-style latency, bandwidth and collective tests. Correctness only, never timing:
the ladder of sizes, the data checks on every rank, the records' shape and the usage errors."""
import pytest

from conftest import mpirun, passed

PROGRAM = "vcb-osu"
FAST = ("--iters", 10, "--samples", 2, "--warmup", 0)


def ladder(lo, hi):
    sizes, s = [], lo
    while s <= hi:
        sizes.append(s)
        s = s * 2 if s else 1
    return sizes


def sizes_of(run):
    return [r["benchmark"]["params"]["size_bytes"] for r in run.records]


def kernel_lines(run):
    return [line for line in run.stderr.splitlines() if line.startswith("vcb-osu:")]


def test_latency_two_ranks_one_record_per_size():
    run = mpirun(2, PROGRAM, "--op", "latency", "--max-size", 65536, *FAST)
    assert passed(run), run
    assert sizes_of(run) == ladder(0, 65536)
    for r in run.records:
        size = r["benchmark"]["params"]["size_bytes"]
        assert r["calibration"]["point"] == str(size)
        assert r["calibration"]["iterations"] == 10
        assert r["metric"]["name"] == "latency" and r["metric"]["unit"] == "us"
        assert r["metric"]["value"] > 0 and all(v > 0 for v in r["samples"]["values"])
        assert len(r["samples"]["interval_s"]) == 2
    assert "# Size          Latency (us)" in run.stdout


def test_bandwidth_is_monotone_sane():
    run = mpirun(2, PROGRAM, "--op", "bw", "--max-size", 1 << 20, "--iters", 10, "--samples", 3, "--warmup", 0)
    assert passed(run), run
    assert sizes_of(run) == ladder(1, 1 << 20)
    bw = {r["benchmark"]["params"]["size_bytes"]: r["metric"]["value"] for r in run.records}
    assert all(r["metric"]["unit"] == "MB/s" and r["metric"]["better"] == "higher" for r in run.records)
    assert bw[1 << 20] > bw[1], bw


def test_bibw_checks_both_directions():
    run = mpirun(2, PROGRAM, "--op", "bibw", "--max-size", 65536, *FAST)
    assert passed(run), run
    assert sizes_of(run) == ladder(1, 65536)
    assert all(r["detail"]["window_size"] == 64 for r in run.records)


@pytest.mark.parametrize("ranks", [2, 3])
@pytest.mark.parametrize("op", ["allreduce", "alltoall", "bcast"])
def test_collectives_pass_their_data_checks(op, ranks):
    run = mpirun(ranks, PROGRAM, "--op", op, "--max-size", 16384, *FAST)
    assert passed(run), run
    assert sizes_of(run) == ladder(4 if op == "allreduce" else 1, 16384)
    for r in run.records:
        assert r["benchmark"]["params"]["ranks"] == ranks
        assert r["metric"]["unit"] == "us"
        d = r["detail"]
        for lo, avg, hi in zip(d["min_us"], r["samples"]["values"], d["max_us"]):
            assert lo <= avg * (1 + 1e-9) and avg <= hi * (1 + 1e-9)


def test_calibration_reports_osu_counts_across_the_8192_switch():
    run = mpirun(2, PROGRAM, "--op", "bw", "--min-size", 8192, "--max-size", 16384, "--calibrate",
                 "--samples", 1, "--warmup", 0)
    assert passed(run), run
    counts = [(r["calibration"]["iterations"], r["detail"]["skip"]) for r in run.records]
    assert counts == [(100, 10), (20, 2)]
    assert all(r["calibration"]["source"] == "kernel" for r in run.records)


@pytest.mark.parametrize("op,ranks", [("latency", 2), ("bw", 2), ("allreduce", 3), ("alltoall", 3)])
def test_perturbed_data_fails_the_check(op, ranks):
    run = mpirun(ranks, PROGRAM, "--op", op, "--min-size", 4, "--max-size", 8, "--perturb", 1, *FAST)
    assert run.returncode == 1, run
    assert run.records and not any(r["validation"]["passed"] for r in run.records)
    assert "FAILED" in run.records[0]["validation"]["detail"]


@pytest.mark.parametrize("args,ranks", [
    (("--op", "latency"), 3),
    (("--op", "bibw"), 3),
    (("--op", "nonsense"), 2),
    (("--op", "bw", "--min-size", 0), 2),
    (("--op", "allreduce", "--min-size", 6), 2),
    (("--op", "bcast", "--min-size", 64, "--max-size", 32), 2),
])
def test_usage_errors_exit_2_with_one_line(args, ranks):
    run = mpirun(ranks, PROGRAM, *args)
    assert run.returncode == 2, run
    assert len(kernel_lines(run)) == 1, run
    assert not run.records
