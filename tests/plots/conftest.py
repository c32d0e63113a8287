"""Shared fixtures for the plot tests: the synthetic results folder, loaded and plotted once.

Run from the repository root:  /usr/bin/python3 -m pytest -q tests/plots
"""
import pathlib
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
PLOTS = HERE.parents[1] / "plots"
FIXTURE = HERE / "fixtures" / "micro-run"
# MPI scale-out folders, written by fixtures/make_mpi_fixtures.py.
OSU_FIXTURE = HERE / "fixtures" / "osu-run"
NPB_FIXTURE = HERE / "fixtures" / "npb-run"
# Debian's interpreter: the one with matplotlib and pandas (see shared/reference/machine.md).
PYTHON = "/usr/bin/python3"

sys.path.insert(0, str(PLOTS))

from vcbench_plots import load_results  # noqa: E402
from vcbench_plots.context import make_context  # noqa: E402


def run_plot(*args):
    """plot.py as the C++ CLI calls it: a separate process, text output captured."""
    return subprocess.run([PYTHON, str(PLOTS / "plot.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="session")
def results():
    return load_results(FIXTURE)


@pytest.fixture(scope="session")
def frame(results):
    return results.frame


@pytest.fixture(scope="session")
def ctx(results):
    return make_context(results)


@pytest.fixture(scope="session")
def plotted(tmp_path_factory):
    """(completed process, output folder) of one plot.py run on the fixture."""
    out = tmp_path_factory.mktemp("figures")
    return run_plot(FIXTURE, "--out", out), out


@pytest.fixture(scope="session")
def osu_run():
    """(frame, context) of the OSU fixture: message-size ladders, allreduce on 2 and 4 nodes."""
    loaded = load_results(OSU_FIXTURE)
    return loaded.frame, make_context(loaded)


@pytest.fixture(scope="session")
def npb_run():
    """(frame, context) of the NPB fixture: three instances on 1, 2 and 4 nodes."""
    loaded = load_results(NPB_FIXTURE)
    return loaded.frame, make_context(loaded)
