"""Helpers for the MPI kernel tests: run a kernel under the real Open MPI and read its records."""
import json
import os
import pathlib
import subprocess

SOURCE = pathlib.Path(os.environ.get("VCBENCH_SOURCE", pathlib.Path(__file__).resolve().parents[2]))
BIN = pathlib.Path(os.environ.get("VCBENCH_BIN", SOURCE / "build" / "bin"))
MARKER = "@@vcb "

# Root may run mpirun only when it says so; --oversubscribe lets 4 ranks share this 2-core host, and
# yielding when idle keeps busy-polling ranks from starving each other there.
MPIRUN = ["mpirun", "--allow-run-as-root", "--oversubscribe", "--mca", "mpi_yield_when_idle", "1",
          "--bind-to", "none"]


class KernelRun:
    def __init__(self, completed):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.records = [json.loads(line[len(MARKER):]) for line in completed.stdout.splitlines()
                        if line.startswith(MARKER)]

    def __repr__(self):
        return f"exit {self.returncode}\nstdout:\n{self.stdout[-3000:]}\nstderr:\n{self.stderr[-3000:]}"


def mpirun(ranks, program, *args, timeout=300):
    """Runs build/bin/<program> with args on `ranks` ranks; returns a KernelRun."""
    completed = subprocess.run([*MPIRUN, "-np", str(ranks), str(BIN / program), *map(str, args)],
                               capture_output=True, text=True, timeout=timeout)
    return KernelRun(completed)


def passed(run):
    """True when the kernel exited 0 and every record it emitted validated."""
    return run.returncode == 0 and run.records and all(r["validation"]["passed"] for r in run.records)


def usage_error_line(run, program):
    """The one line a kernel says when it refuses its arguments: exit 2, no record. mpirun adds its
    own notice about the non-zero exit; the kernel's line comes first."""
    assert run.returncode == 2, run
    assert run.records == []
    lines = [line for line in run.stderr.splitlines() if line.startswith(f"{program}: ")]
    assert len(lines) == 1, run
    assert run.stderr.splitlines()[0] == lines[0]
    return lines[0]
