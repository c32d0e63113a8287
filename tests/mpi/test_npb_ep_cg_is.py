"""NAS-style EP, CG and IS under real MPI: official verification on 1, 2 and 4 ranks, rank-count
and class errors, and a perturbed problem that must fail its verification.

EP class S passing also proves vcb::npb::randlc/vranlc/skip_ahead bit-exact: its sums over 2^25
randoms match NPB's official values to 1e-8 only if every number of the stream is the reference's.
"""
import pytest

from conftest import mpirun, passed, usage_error_line

PROGRAMS = {"ep": "vcb-npb_ep", "cg": "vcb-npb_cg", "is": "vcb-npb_is"}


def check_verified(run, kernel, cls, ranks):
    assert passed(run), run
    assert len(run.records) == 1, run
    rec = run.records[0]
    assert rec["benchmark"]["name"] == f"npb_{kernel}"
    assert rec["benchmark"]["params"]["class"] == cls
    assert rec["benchmark"]["params"]["ranks"] == ranks
    assert rec["metric"]["name"] == "mops" and rec["metric"]["unit"] == "Mop/s"
    assert rec["metric"]["better"] == "higher" and rec["metric"]["value"] > 0
    assert rec["detail"]["time_s"] > 0 and rec["detail"]["perturbed"] is False
    assert "Verification              = SUCCESSFUL" in run.stdout
    return rec


@pytest.mark.parametrize("kernel", ["ep", "cg", "is"])
@pytest.mark.parametrize("cls,ranks", [("S", 1), ("S", 2), ("S", 4), ("W", 2)])
def test_official_verification(kernel, cls, ranks):
    rec = check_verified(mpirun(ranks, PROGRAMS[kernel], "--class", cls), kernel, cls, ranks)
    d = rec["detail"]
    if kernel == "ep":
        assert d["sx_rel_error"] <= 1e-8 and d["sy_rel_error"] <= 1e-8
        assert sum(d["annulus_counts"]) > 0
    elif kernel == "cg":
        assert d["zeta_rel_error"] <= 1e-10
    else:
        assert d["partial_checks_passed"] == d["partial_checks_needed"] == 50
        assert d["full_verify_ranks_passed"] == ranks
        assert d["test_ranks_last_pass"] == d["test_ranks_reference_last_pass"]


@pytest.mark.parametrize("kernel", ["ep", "cg"])
def test_class_a_two_ranks(kernel):
    check_verified(mpirun(2, PROGRAMS[kernel], "--class", "A"), kernel, "A", 2)


def test_default_class_is_s():
    run = mpirun(1, PROGRAMS["is"])
    assert passed(run), run
    assert run.records[0]["benchmark"]["params"]["class"] == "S"


@pytest.mark.parametrize("kernel", ["cg", "is"])
def test_non_power_of_two_ranks_rejected(kernel):
    line = usage_error_line(mpirun(3, PROGRAMS[kernel], "--class", "S"), f"vcb-npb_{kernel}")
    assert "power-of-two rank count (got 3); use 1, 2, 4, 8, ..." in line


def test_ep_takes_any_rank_count():
    check_verified(mpirun(3, PROGRAMS["ep"], "--class", "S"), "ep", "S", 3)


@pytest.mark.parametrize("kernel", ["ep", "cg", "is"])
def test_unknown_class_rejected(kernel):
    line = usage_error_line(mpirun(1, PROGRAMS[kernel], "--class", "Q"), f"vcb-npb_{kernel}")
    assert "unknown --class 'Q'; valid classes: S, W, A, B, C" in line


@pytest.mark.parametrize("kernel", ["ep", "cg", "is"])
def test_perturb_other_than_0_or_1_rejected(kernel):
    line = usage_error_line(mpirun(1, PROGRAMS[kernel], "--perturb", "2"), f"vcb-npb_{kernel}")
    assert "--perturb wants 0 or 1, got '2'" in line


@pytest.mark.parametrize("kernel", ["ep", "cg", "is"])
def test_perturbed_problem_fails_verification(kernel):
    run = mpirun(2, PROGRAMS[kernel], "--class", "S", "--perturb", "1")
    assert run.returncode == 1, run
    assert len(run.records) == 1, run
    rec = run.records[0]
    assert rec["validation"]["passed"] is False
    assert rec["metric"]["value"] is None
    assert rec["detail"]["perturbed"] is True
    assert "Verification              = UNSUCCESSFUL" in run.stdout
