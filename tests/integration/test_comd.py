"""The CoMD-like proxy (kernels/comd/): the standard cases against CoMD 1.1's printed energies
(../shared/reference/proxies.md §6.2, tolerances of §9), thread and rank invariance, a perturbed run
that must fail, and the comd suite through the harness."""
import json
import subprocess

import pytest

from conftest import BIN, records, schema_problems, vcbench

# step -> (total, potential, kinetic per atom in eV, temperature in K), CoMD-openmp 1 thread.
REFERENCE = {
    "lj": [(-1.166063303457, -1.243619295057, 0.077555991600, 600.0000),
           (-1.166059622057, -1.233147893487, 0.067088271429, 519.0181),
           (-1.166048357205, -1.208155342136, 0.042106984931, 325.7542),
           (-1.166037484395, -1.186569167982, 0.020531683586, 158.8402),
           (-1.166042037652, -1.183657586707, 0.017615549056, 136.2800),
           (-1.166051645149, -1.193765243379, 0.027713598229, 214.4020),
           (-1.166054560408, -1.202659094233, 0.036604533825, 283.1853),
           (-1.166052020451, -1.204819516138, 0.038767495687, 299.9188),
           (-1.166048627213, -1.203509900934, 0.037461273722, 289.8134),
           (-1.166047863889, -1.203781018358, 0.037733154469, 291.9167),
           (-1.166049767266, -1.206959996208, 0.040910228943, 316.4957)],
    "eam-funcfl": [(-3.460523233083, -3.538079224683, 0.077555991600, 600.0000),
                   (-3.460522628669, -3.529924145272, 0.069401516604, 536.9142),
                   (-3.460524222847, -3.509723629972, 0.049199407125, 380.6236),
                   (-3.460527822716, -3.488515886518, 0.027988063802, 216.5254),
                   (-3.460532239206, -3.477544783370, 0.017012544164, 131.6149),
                   (-3.460536532882, -3.479840373840, 0.019303840958, 149.3412),
                   (-3.460538189658, -3.489029232159, 0.028491042501, 220.4166),
                   (-3.460536813191, -3.496675507912, 0.036138694722, 279.5815),
                   (-3.460534025578, -3.498883909176, 0.038349883598, 296.6880),
                   (-3.460531450538, -3.497211335348, 0.036679884810, 283.7683),
                   (-3.460530084716, -3.495731722627, 0.035201637911, 272.3321)],
    "eam-setfl": [(-3.462443977571, -3.539999969171, 0.077555991600, 600.0000),
                  (-3.462441429469, -3.531748854378, 0.069307424909, 536.1862),
                  (-3.462434240934, -3.511248993038, 0.048814752104, 377.6478),
                  (-3.462426337985, -3.489846784201, 0.027420446215, 212.1341),
                  (-3.462424612189, -3.479369158372, 0.016944546182, 131.0889),
                  (-3.462429748136, -3.482514467131, 0.020084718995, 155.3823),
                  (-3.462435347451, -3.491934105150, 0.029498757699, 228.2126),
                  (-3.462437152863, -3.499020178643, 0.036583025780, 283.0190),
                  (-3.462435482868, -3.500580436656, 0.038144953788, 295.1026),
                  (-3.462432718427, -3.498872465250, 0.036439746823, 281.9105),
                  (-3.462431276362, -3.498039918823, 0.035608642461, 275.4808)],
}
SMALL = ["-x", "8", "-y", "8", "-z", "8", "-N", "20", "-n", "10", "-r", "0.05"]


def run_comd(*args, mpi_ranks=0, timeout=300):
    cmd = [str(BIN / "vcb-comd"), "--samples", "1", "--warmup", "0", *map(str, args)]
    if mpi_ranks:
        cmd = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", str(mpi_ranks), *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def table(stdout):
    """The loop table: step -> (time, total, potential, kinetic, temperature)."""
    rows = {}
    for line in stdout.splitlines():
        parts = line.split()
        if line.startswith("@@vcb ") or line.startswith("#") or len(parts) < 6:
            continue
        rows[int(parts[0])] = tuple(float(x) for x in parts[1:6])
    return rows


def emitted(stdout):
    return [json.loads(line[len("@@vcb "):]) for line in stdout.splitlines() if line.startswith("@@vcb ")]


@pytest.mark.parametrize("potential", ["lj", "eam-funcfl", "eam-setfl"])
def test_standard_case_matches_reference_at_every_printed_step(potential):
    out = run_comd("--potential", potential, "--threads", 2)
    assert out.returncode == 0, out.stderr + out.stdout[-2000:]
    rows = table(out.stdout)
    assert sorted(rows) == list(range(0, 101, 10))
    for step, (total, pe, ke, temp) in zip(range(0, 101, 10), REFERENCE[potential]):
        tol = 5e-11 if step == 0 else 5e-12
        _, got_total, got_pe, got_ke, got_temp = rows[step]
        assert abs(got_total - total) <= tol, (step, got_total, total)
        assert abs(got_pe - pe) <= tol, (step, got_pe, pe)
        assert abs(got_ke - ke) <= tol, (step, got_ke, ke)
        assert abs(got_temp - temp) <= 5.0001e-5, (step, got_temp, temp)
    recs = emitted(out.stdout)
    assert [r["metric"]["name"] for r in recs] == ["atom_updates_per_us", "time_per_atom_update"]
    assert all(r["validation"]["passed"] for r in recs)
    assert recs[0]["metric"]["value"] > 0 and recs[0]["benchmark"]["params"]["potential"] == potential


def test_comd_short_flags_are_accepted_and_recorded():
    out = run_comd(*SMALL, "-T", "300", "-e")
    assert out.returncode == 0, out.stderr
    params = emitted(out.stdout)[0]["benchmark"]["params"]
    assert params["nx"] == 8 and params["steps"] == 20 and params["temp"] == "300"
    assert params["potential"] == "eam-funcfl"


def test_one_and_two_threads_agree():
    one = table(run_comd(*SMALL, "--threads", 1).stdout)
    two = table(run_comd(*SMALL, "--threads", 2).stdout)
    assert one and one == two  # forces and sums are summed in a thread-independent order


@pytest.mark.parametrize("potential", ["lj", "eam-funcfl"])
def test_one_and_two_ranks_agree(potential):
    one = run_comd(*SMALL, "--potential", potential, "--threads", 1)
    two = run_comd(*SMALL, "--potential", potential, "--threads", 1, "-i", 2, mpi_ranks=2)
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    recs = emitted(two.stdout)
    assert recs[0]["benchmark"]["params"].get("ranks") == 2, "vcb-comd was built without MPI (the setup installs it)"
    assert len(recs) == 2, "only rank 0 emits records"
    a, b = table(one.stdout), table(two.stdout)
    assert sorted(a) == sorted(b) == [0, 10, 20]
    for step in a:
        for x, y in zip(a[step], b[step]):
            assert abs(x - y) <= 1e-12 * max(1.0, abs(x)), (step, a[step], b[step])


def test_perturbed_timestep_fails_validation():
    out = run_comd("--threads", 2, "--perturb-dt", "1.01")
    assert out.returncode == 1
    recs = emitted(out.stdout)
    assert recs and not any(r["validation"]["passed"] for r in recs)
    assert "vs CoMD reference" in recs[0]["validation"]["detail"]


@pytest.mark.parametrize("args", [["--potential", "morse"], ["-e", "--pot-file", "/nonexistent/table.eam"],
                                  ["-x", "1"], ["-q", "3"]])
def test_bad_input_exits_2(args):
    out = run_comd(*args)
    assert out.returncode == 2 and out.stderr.strip(), out.stderr
    assert not emitted(out.stdout)


def test_comd_suite_gives_valid_passing_records(tmp_path):
    out = vcbench("run", "--suite", "comd", "--reps", "1", "--out", tmp_path / "run")
    assert out.returncode == 0, out.stderr[-2000:]
    assert schema_problems(tmp_path / "run") == []
    recs = records(tmp_path / "run")
    assert recs and all(r["validation"]["passed"] for r in recs)
    assert {r["benchmark"]["params"]["potential"] for r in recs} == {"lj", "eam-funcfl", "eam-setfl"}
