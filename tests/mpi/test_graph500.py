"""vcb-graph500: Graph500-style BFS under MPI - every BFS tree validates, the generated graph is the same
for any rank count, a corrupted tree fails validation, and bad input exits 2 with one line."""
import functools

import pytest

from conftest import mpirun, passed

PROGRAM = "vcb-graph500"


@functools.lru_cache(maxsize=None)
def run(ranks, *args):
    """One run per distinct (ranks, args): several tests read the same run."""
    return mpirun(ranks, PROGRAM, *args)


def record(r, metric):
    found = [x for x in r.records if x["metric"]["name"] == metric]
    assert len(found) == 1, r
    return found[0]


def summary(r):
    """The rank-0 'key: value' lines."""
    out = {}
    for line in r.stdout.splitlines():
        if ": " in line and not line.startswith("@@vcb"):
            key, value = line.split(": ", 1)
            out[key] = value
    return out


def check_valid(r, scale, roots):
    assert passed(r), r
    teps = record(r, "harmonic_mean_teps")
    assert teps["metric"]["unit"] == "TEPS" and teps["metric"]["better"] == "higher"
    assert teps["calibration"]["iterations"] == roots
    d = teps["detail"]
    assert d["scale"] == scale and d["edgefactor"] == 16 and d["searches_failed"] == 0
    assert len(d["roots"]) == roots == len(set(d["roots"]))
    assert d["teps_edge_count"].startswith("graph500 v3")
    assert all(0 < m <= 16 << scale for m in d["nedge"])
    assert d["harmonic_stddev_teps"] >= 0 and teps["metric"]["value"] > 0
    build = record(r, "construction_time")
    assert build["metric"]["unit"] == "s" and build["metric"]["better"] == "lower"
    assert build["calibration"]["iterations"] == 1
    s = summary(r)
    assert s["SCALE"] == str(scale) and s["NBFS"] == str(roots)
    for key in ("construction_time", "bfs_median_time", "bfs_harmonic_mean_TEPS", "bfs_harmonic_stddev_TEPS"):
        assert float(s[key]) >= 0, key
    assert f"{roots}/{roots} BFS trees valid" in s["validation"]


# The runs every correctness test reads, by scale: the arguments and the number of searches.
CASES = {10: (("--scale", 10), 64), 14: (("--scale", 14, "--roots", 16), 16), 12: (("--scale", 12), 64)}


@pytest.mark.parametrize("scale,ranks", [(10, 1), (10, 2), (14, 1), (14, 2), (12, 3)])
def test_every_bfs_tree_validates(scale, ranks):
    args, roots = CASES[scale]
    check_valid(run(ranks, *args), scale, roots)


@pytest.mark.parametrize("scale,ranks", [(10, 2), (14, 2), (12, 3)])
def test_same_graph_for_any_rank_count(scale, ranks):
    args, _ = CASES[scale]
    one = record(run(1, *args), "harmonic_mean_teps")["detail"]
    many = record(run(ranks, *args), "harmonic_mean_teps")["detail"]
    for key in ("edge_list_digest", "self_loops", "nvertices_found", "roots", "nedge", "reached", "levels"):
        assert one[key] == many[key], key


def test_broken_tree_fails_validation():
    r = run(2, "--scale", 10, "--roots", 4, "--break-tree", 1)
    assert r.returncode == 1, r
    assert r.records and not any(x["validation"]["passed"] for x in r.records), r
    teps = record(r, "harmonic_mean_teps")
    assert teps["detail"]["searches_failed"] == 1 and teps["detail"]["break_tree_vertex"] >= 0
    assert "1 of 4 BFS trees invalid" in teps["validation"]["detail"]


@pytest.mark.parametrize("args", [("--scale", 0), ("--scale", -2), ("--ranks", 3)])
def test_bad_input_exits_2_with_one_line(args):
    r = mpirun(2, PROGRAM, *args)
    assert r.returncode == 2, r
    assert not r.records
    lines = [line for line in r.stderr.splitlines() if line.startswith(PROGRAM + ":")]
    assert len(lines) == 1, r
