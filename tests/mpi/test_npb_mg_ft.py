"""NAS-style MG and FT under real MPI: official verification on 1, 2 and 4 ranks (class S) and on 2
ranks (class W), results independent of the decomposition, rank-count and class errors, and a
perturbed problem that must fail its verification.

FT class S passing to 1e-12 on every step also proves the initial field (2 * 64^3 randoms from
vcb::npb, each rank jumping ahead to its planes) and the slab transpose exact; MG's +-1 charges
landing on the same points for every rank count proves its per-rank jump-ahead the same way.
"""
import functools

import pytest

from conftest import mpirun, passed, usage_error_line
# Shared from the sibling file until it can move to conftest.py.

PROGRAMS = {"mg": "vcb-npb_mg", "ft": "vcb-npb_ft"}
SIZES = {("mg", "S"): "32x32x32", ("mg", "W"): "128x128x128",
         ("ft", "S"): "64x64x64", ("ft", "W"): "128x128x32"}


@functools.lru_cache(maxsize=None)
def official_run(kernel, cls, ranks):
    """One run per (kernel, class, ranks), shared by the tests that read it."""
    return mpirun(ranks, PROGRAMS[kernel], "--class", cls)


def check_verified(run, kernel, cls, ranks):
    assert passed(run), run
    assert len(run.records) == 1, run
    rec = run.records[0]
    assert rec["benchmark"]["name"] == f"npb_{kernel}"
    params = rec["benchmark"]["params"]
    assert params["class"] == cls and params["ranks"] == ranks and params["size"] == SIZES[kernel, cls]
    assert rec["metric"]["name"] == "mops" and rec["metric"]["unit"] == "Mop/s"
    assert rec["metric"]["better"] == "higher" and rec["metric"]["value"] > 0
    assert rec["detail"]["time_s"] > 0 and "perturb" not in rec["detail"]
    assert rec["samples"]["interval_s"] == [rec["detail"]["time_s"]]
    assert "Verification = SUCCESSFUL" in run.stdout
    return rec


@pytest.mark.parametrize("kernel", ["mg", "ft"])
@pytest.mark.parametrize("cls,ranks", [("S", 1), ("S", 2), ("S", 4), ("W", 2)])
def test_official_verification(kernel, cls, ranks):
    run = official_run(kernel, cls, ranks)
    d = check_verified(run, kernel, cls, ranks)["detail"]
    if kernel == "mg":
        assert d["tolerance"] == 1e-8 and d["relative_error"] <= 1e-8
        assert d["iterations"] == 4
        assert len(d["charges_plus"]) == len(d["charges_minus"]) == 10
    else:
        assert d["tolerance"] == 1e-12 and d["iterations"] == 6
        assert [c["iteration"] for c in d["checksums"]] == [1, 2, 3, 4, 5, 6]
        assert all(c["relative_error"] <= 1e-12 for c in d["checksums"])
        assert run.stdout.count("Checksum =") == 6


@pytest.mark.parametrize("kernel", ["mg", "ft"])
def test_results_do_not_depend_on_rank_count(kernel):
    details = [official_run(kernel, "S", ranks).records[0]["detail"] for ranks in (1, 2, 4)]
    if kernel == "mg":
        # The right-hand side is drawn per slab: the charges must land on the same points.
        assert all(d["charges_plus"] == details[0]["charges_plus"] for d in details)
        assert all(d["charges_minus"] == details[0]["charges_minus"] for d in details)
        rnm2 = [d["rnm2"] for d in details]
        assert max(rnm2) - min(rnm2) <= 1e-12 * rnm2[0]
    else:
        for step in range(6):
            values = [complex(*d["checksums"][step]["computed"]) for d in details]
            assert all(abs(v - values[0]) <= 1e-13 * abs(values[0]) for v in values)


def test_default_class_is_s():
    run = mpirun(1, PROGRAMS["mg"])
    check_verified(run, "mg", "S", 1)


@pytest.mark.parametrize("kernel", ["mg", "ft"])
def test_non_power_of_two_ranks_rejected(kernel):
    line = usage_error_line(mpirun(3, PROGRAMS[kernel], "--class", "S"), f"vcb-npb_{kernel}")
    assert "power-of-two rank count" in line and "got 3" in line and "(1, 2, 4, 8, 16, 32" in line
    if kernel == "ft":
        assert "divides ny=64 and nz=64" in line


@pytest.mark.parametrize("kernel", ["mg", "ft"])
def test_unknown_class_rejected(kernel):
    line = usage_error_line(mpirun(1, PROGRAMS[kernel], "--class", "C"), f"vcb-npb_{kernel}")
    assert "unknown --class 'C'; valid classes: S, W, A, B" in line


@pytest.mark.parametrize("kernel,example", [("mg", "1e-6"), ("ft", "1e-9")])
def test_malformed_perturbation_rejected(kernel, example):
    line = usage_error_line(mpirun(1, PROGRAMS[kernel], "--perturb", "1e-6x"), f"vcb-npb_{kernel}")
    assert f"--perturb wants a relative change such as {example}, got '1e-6x'" in line


@pytest.mark.parametrize("kernel,perturb", [("mg", "1e-6"), ("ft", "1e-9")])
def test_perturbed_problem_fails_verification(kernel, perturb):
    run = mpirun(2, PROGRAMS[kernel], "--class", "S", "--perturb", perturb)
    assert run.returncode == 1, run
    assert len(run.records) == 1, run
    rec = run.records[0]
    assert rec["validation"]["passed"] is False
    assert rec["metric"]["value"] is None
    assert rec["detail"]["perturb"] == float(perturb)
    # The problem is linear in the perturbed input: the error is the perturbation itself.
    error = rec["detail"]["relative_error"] if kernel == "mg" else rec["detail"]["max_relative_error"]
    assert error == pytest.approx(float(perturb), rel=1e-3)
    assert "Verification = UNSUCCESSFUL" in run.stdout
