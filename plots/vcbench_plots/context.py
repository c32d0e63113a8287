"""What every figure of one run shares: host, baseline, environment colours, provenance.

Built once per run so that an environment has the same colour and the same label in every
figure, and every figure carries the same provenance footer.
"""
from dataclasses import dataclass

from . import style


@dataclass(frozen=True)
class Context:
    host: str
    baseline: str
    environments: list      # run order, baseline included
    colours: dict
    emulated: set           # environments with TCG rows
    caches: list            # [(label, size_bytes)], data/unified caches of the host
    provenance: str


def make_context(results):
    frame, run, host = results.frame, results.run, results.host
    order = (frame.sort_values("env_order")["environment"].unique().tolist())
    return Context(
        host=host.get("name") or results.report.get("run", {}).get("host") or "unknown host",
        baseline=results.baseline, environments=order,
        colours=style.env_colours(order, results.baseline),
        emulated=style.emulated_environments(frame), caches=cache_marks(host.get("caches")),
        provenance=provenance(run))


def cache_marks(caches):
    """[('L1d', 32768), ('L2', 524288), ...]: data and unified caches, each level once.

    Instruction caches are left out: lat_mem_rd walks data, so only data-side steps show.
    """
    marks = {}
    for cache in caches or []:
        kind, size = cache.get("type"), cache.get("size_bytes")
        if kind == "instruction" or not isinstance(size, (int, float)) or size <= 0:
            continue
        label = f"L{cache.get('level', '?')}" + ("d" if kind == "data" else "")
        marks.setdefault(label, size)
    return sorted(marks.items(), key=lambda m: m[1])


def provenance(run):
    """One footer line: which run, how many repetitions, on what machine, with which build."""
    host, build = run.get("host") or {}, run.get("build") or {}
    parts = [f"run {run.get('id', '?')}"]
    parts.append(("quick, " if run.get("quick") else "") + f"{run.get('reps', '?')} reps")
    if host.get("cpu"):
        parts.append(f"{host['cpu']}, {host.get('cores', '?')} cores")
    if host.get("kernel"):
        parts.append(f"kernel {host['kernel']}")
    if host.get("hypervisor"):
        parts.append("host is itself a VM")
    if build.get("version"):
        parts.append(f"vcbench {build['version']} ({build.get('git_sha', '?')})")
    return " · ".join(parts)
