"""vcb-cloverleaf: the field summary of clover_bm_short against CloverLeaf 1.3's own values
(../shared/reference/proxies.md §3.3, tolerances of §9), invariance across threads and MPI ranks,
deck errors, a perturbed run failing its check, and the cloverleaf suite's records."""
import json
import subprocess

import pytest

from conftest import BIN, SOURCE, records, schema_problems, vcbench

KERNEL = BIN / "vcb-cloverleaf"
MARK = "@@vcb "

# step: (Time, Volume, Mass, Density, Pressure, Internal energy, Kinetic energy, Total energy), 1 thread
BM_SHORT = {
    0: (0.0, 9.9999999998802721E+01, 2.7999999999763943E+01, 2.8000000000099179E-01, 1.7200000000656576E-01,
        4.2999999999712500E+01, 0.0, 4.2999999999712500E+01),
    10: (5.4054230746582305E-002, 9.9999999998802721E+01, 2.7999999999764988E+01, 2.8000000000100228E-01,
         1.7145168338619121E-01, 4.2862920844633464E+01, 1.2718377849682352E-01, 4.2990104623130286E+01),
    20: (0.11200041577533880, 9.9999999998802721E+01, 2.7999999999765127E+01, 2.8000000000100367E-01,
         1.7087624508703708E-01, 4.2719061269859935E+01, 2.6961509110859272E-01, 4.2988676360968526E+01),
    30: (0.17019802332004386, 9.9999999998802721E+01, 2.7999999999765283E+01, 2.8000000000100522E-01,
         1.7030569049374605E-01, 4.2576422621557228E+01, 4.1078107092182492E-01, 4.2987203692479056E+01),
    40: (0.22847442549522459, 9.9999999998802721E+01, 2.7999999999767908E+01, 2.8000000000103148E-01,
         1.6973917074331130E-01, 4.2434792683960765E+01, 5.5088911975372523E-01, 4.2985681803714492E+01),
    50: (0.28680234066587584, 9.9999999998802721E+01, 2.7999999999768136E+01, 2.8000000000103376E-01,
         1.6917737936204863E-01, 4.2294344838655690E+01, 6.8983985697410266E-01, 4.2984184695629793E+01),
    60: (0.34517805847536881, 9.9999999998802721E+01, 2.7999999999764693E+01, 2.8000000000099934E-01,
         1.6862042911637276E-01, 4.2155107277268677E+01, 8.2758726909611213E-01, 4.2982694546364790E+01),
    70: (0.40359323425419447, 9.9999999998802721E+01, 2.7999999999769852E+01, 2.8000000000105091E-01,
         1.6806837741116862E-01, 4.2017094350962736E+01, 9.6410058795454012E-01, 4.2981194938917277E+01),
    80: (0.46203954637309896, 9.9999999998802721E+01, 2.7999999999770235E+01, 2.8000000000105474E-01,
         1.6752129017400411E-01, 4.1880322541683483E+01, 1.0993635050108062E+00, 4.2979686046694290E+01),
    87: (0.50297235683269470, 9.9999999998802721E+01, 2.7999999999773273E+01, 2.8000000000108510E-01,
         1.6714127383179969E-01, 4.1785318456137155E+01, 1.1931689875630687E+00, 4.2978487443700224E+01),
}
# §9: Time 1e-15 (exact in the strict build), KE 1e-12, the other sums 1e-11 relative.
TOLERANCE = (1e-15, 1e-11, 1e-11, 1e-11, 1e-11, 1e-11, 1e-12, 1e-11)
NAMES = ("time", "volume", "mass", "density", "pressure", "internal", "kinetic", "total")


def run(*args, ranks=1, timeout=300):
    cmd = [str(KERNEL), *map(str, args)]
    if ranks > 1:
        cmd = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", str(ranks), *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def summaries(stdout):
    """step -> (Time, 7 sums) from the ` Time` and ` step:` lines."""
    out, time = {}, None
    for line in stdout.splitlines():
        assert not line.startswith(MARK) or line.startswith(MARK + "{"), line
        words = line.split()
        if words[:1] == ["Time"]:
            time = float(words[1])
        elif words[:1] == ["step:"]:
            out[int(words[1])] = (time, *map(float, words[2:9]))
    return out


def kernel_records(stdout):
    return [json.loads(line[len(MARK):]) for line in stdout.splitlines() if line.startswith(MARK)]


def relative(a, b):
    return abs(a - b) / abs(b) if b else abs(a)


def small_deck(tmp_path, body="", name="small.in"):
    text = (SOURCE / "kernels/cloverleaf/decks/clover_default.in").read_text()
    deck = tmp_path / name
    text = text.replace("x_cells=240", "x_cells=120").replace("y_cells=240", "y_cells=120")  # keep CI short
    deck.write_text(text.replace("*endclover", body + "*endclover"))
    return deck


def test_bm_short_matches_the_reference_at_every_summary_step():
    p = run("--deck", "clover_bm_short")
    assert p.returncode == 0, p.stderr
    got = summaries(p.stdout)
    assert sorted(got) == sorted(BM_SHORT)
    for step, want in BM_SHORT.items():
        for name, g, w, tol in zip(NAMES, got[step], want, TOLERANCE):
            assert relative(g, w) <= tol, f"step {step} {name}: {g!r} vs reference {w!r}"
    recs = kernel_records(p.stdout)
    assert {r["metric"]["name"] for r in recs} == {"cell_updates_per_s", "grind_time"}
    assert all(r["validation"]["passed"] for r in recs)
    assert "test problem 2" in recs[0]["validation"]["detail"]
    assert recs[0]["benchmark"]["params"] == {"deck": "clover_bm_short", "threads": 1, "ranks": 1}


def assert_same_answer(a, b):
    assert sorted(a) == sorted(b)
    for step in a:
        assert a[step][0] == b[step][0], f"step {step}: Time differs"
        for name, x, y in zip(NAMES[1:], a[step][1:], b[step][1:]):
            assert relative(x, y) <= 1e-11, f"step {step} {name}: {x!r} vs {y!r}"


def test_threads_agree(tmp_path):
    deck = small_deck(tmp_path)
    one, two = run("--in", deck, "--threads", 1), run("--in", deck, "--threads", 2)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert_same_answer(summaries(one.stdout), summaries(two.stdout))
    assert "no reference value for this deck" in kernel_records(one.stdout)[0]["validation"]["detail"]


def test_mpi_ranks_agree_and_only_rank_0_reports(tmp_path):
    deck = small_deck(tmp_path)
    one, two = run("--in", deck), run("--in", deck, ranks=2)
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert_same_answer(summaries(one.stdout), summaries(two.stdout))
    recs = kernel_records(two.stdout)
    assert len(recs) == 2 and recs[0]["benchmark"]["params"]["ranks"] == 2


@pytest.mark.parametrize("line,body,what", [
    (3, " state 1 density=0.2 energy=1.0\n x_cels=10\n", "x_cels"),
    (3, " state 1 density=0.2 energy=1.0\n x_cells=-5\n", "x_cells=-5"),
    (3, " x_cells=10\n", "state 1"),  # missing states: the line closing the block
    (4, " state 1 density=0.2 energy=1.0\n state 3 density=1.0 energy=1.0\n", "state 2"),
])
def test_bad_deck_exits_2_naming_the_line(tmp_path, line, body, what):
    deck = tmp_path / "bad.in"
    deck.write_text("*clover\n" + body + "*endclover\n")
    p = run("--in", deck)
    assert p.returncode == 2
    assert MARK not in p.stdout
    assert f"line {line}:" in p.stderr, p.stderr
    assert what in p.stderr


def test_perturbed_timestep_fails_validation(tmp_path):
    p = run("--deck", "clover_bm_short", "--perturb-dt", "1.01")
    assert p.returncode != 0
    recs = kernel_records(p.stdout)
    assert recs and not any(r["validation"]["passed"] for r in recs)
    assert all(r["metric"]["value"] is None for r in recs)
    assert "NOT PASSED" in recs[0]["validation"]["detail"]


def test_cloverleaf_suite_gives_valid_passing_records(tmp_path):
    out = tmp_path / "run"
    p = vcbench("run", "--suite", "cloverleaf", "--quick", "--reps", 1, "--out", out)
    assert p.returncode == 0, p.stdout + p.stderr
    assert schema_problems(out) == []
    recs = records(out)
    assert recs and all(r["validation"]["passed"] for r in recs)
    assert {r["metric"]["name"] for r in recs} == {"cell_updates_per_s", "grind_time"}
