"""Read a results folder (report.json + run.json) into one pandas frame.

The C++ side computes every statistic; this module only checks that the two files are what
the plots expect and flattens the rows. A bad folder fails here, with one line that names
the fix, instead of as a KeyError deep inside a figure.
"""
import json
import math
import pathlib
from dataclasses import dataclass

import pandas as pd

REPORT_SCHEMA = "vcbench/report/1"
RUN_SCHEMA = "vcbench/run/1"
ROW_KEYS = ("suite", "benchmark", "params", "metric", "unit", "better", "environment",
            "n", "median", "ci", "ratio", "overhead_pct")


class InputError(Exception):
    """A results folder the plots cannot use; str(error) is the one-line message for the user."""


@dataclass(frozen=True)
class Results:
    """Everything the figures need: the flattened rows and the run's provenance."""
    frame: pd.DataFrame
    run: dict
    report: dict

    @property
    def baseline(self):
        return self.report.get("baseline") or self.run.get("baseline") or "native"

    @property
    def host(self):
        return self.run.get("host") or {}


def load_results(folder):
    """Load and check a results folder; raises InputError with an actionable message."""
    folder = pathlib.Path(folder)
    if not folder.is_dir():
        raise InputError(f"error: {folder} is not a folder; pass a results folder "
                         f"(results/runs/<run-id>) written by `vcbench run`")
    run = read_json(folder / "run.json", RUN_SCHEMA, run_fix(folder))
    report = read_json(folder / "report.json", REPORT_SCHEMA, report_fix(folder))
    rows = check_rows(report.get("rows"), folder / "report.json", report_fix(folder))
    frame = build_frame(rows, environment_order(run, rows))
    return Results(frame=frame, run=run, report=report)


def run_fix(folder):
    """run.json is the run's own record: only `vcbench run` writes it, nothing regenerates it."""
    return "pass the folder of one run (results/runs/<run-id>), where `vcbench run` writes run.json"


def report_fix(folder):
    """report.json is derived from records.jsonl, so it can always be written again."""
    return f"run `vcbench plot {folder}`, which writes report.json before plotting"


def read_json(path, schema, fix):
    """One JSON document with the expected schema tag, or InputError naming the fix."""
    if not path.is_file():
        raise InputError(f"error: {path} is missing; {fix}")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"error: cannot read {path} ({one_line(err)}); {fix}") from None
    except json.JSONDecodeError as err:
        raise InputError(f"error: {path} is not valid JSON ({err.msg} at line {err.lineno} "
                         f"column {err.colno}); {fix}") from None
    if not isinstance(doc, dict) or doc.get("schema") != schema:
        got = doc.get("schema") if isinstance(doc, dict) else type(doc).__name__
        raise InputError(f"error: {path} has schema {got!r}, expected {schema!r}; {fix}")
    return doc


def check_rows(rows, path, fix):
    """The rows must be objects carrying every key the figures read."""
    if not isinstance(rows, list):
        raise InputError(f"error: {path} has no 'rows' list; {fix}")
    if not rows:
        raise InputError(f"error: {path} has no rows, so there is nothing to plot; "
                         f"check that the run produced records.jsonl, then {fix}")
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise InputError(f"error: {path} row {index} is not an object; {fix}")
        missing = [key for key in ROW_KEYS if key not in row]
        if missing:
            raise InputError(f"error: {path} row {index} lacks {', '.join(missing)}; {fix}")
        check_numbers(row, index, path, fix)
    return rows


def check_numbers(row, index, path, fix):
    """Types the figures rely on: n an integer, intervals pairs, the ratio an object."""
    pairs_ok = all(row.get(k) is None or (isinstance(row[k], list) and len(row[k]) == 2)
                   for k in ("ci", "overhead_ci_pct"))
    ratio_ok = row["ratio"] is None or isinstance(row["ratio"], dict)
    n_ok = isinstance(row["n"], int) and not isinstance(row["n"], bool)
    if not (pairs_ok and ratio_ok and n_ok and isinstance(row["params"], dict)):
        raise InputError(f"error: {path} row {index} has a field of the wrong type "
                         f"(n, params, ci, ratio or overhead_ci_pct); {fix}")


def environment_order(run, rows):
    """run.json's order (baseline first as the runner lists it), then any stragglers."""
    order = [e for e in run.get("environments") or [] if isinstance(e, str)]
    for row in rows:
        if row["environment"] not in order:
            order.append(row["environment"])
    return order


def build_frame(rows, env_order):
    """One frame row per report row, intervals split into _lo/_hi, nulls as NaN."""
    frame = pd.DataFrame([flatten(row) for row in rows])
    frame["env_order"] = frame["environment"].map({e: i for i, e in enumerate(env_order)})
    frame["key"] = frame.apply(instance_key, axis=1)
    frame["order"] = frame["key"].map({k: i for i, k in enumerate(frame["key"].unique())})
    frame["instance"] = instance_names(frame)
    return frame


def flatten(row):
    """The report row as flat columns; a missing number becomes NaN, never 0."""
    ratio = row.get("ratio") or {}
    ci, ratio_ci = pair(row.get("ci")), pair(ratio.get("ci"))
    overhead_ci = pair(row.get("overhead_ci_pct"))
    return {
        "suite": row["suite"], "benchmark": row["benchmark"], "params": row["params"],
        "label": row.get("label") or default_label(row), "metric": row["metric"],
        "unit": row["unit"] or "", "better": row["better"], "environment": row["environment"],
        "accel": row.get("accel"), "n": row["n"], "failed": row.get("failed") or 0,
        "disturbed": row.get("disturbed") or 0, "median": number(row["median"]),
        "ci_lo": ci[0], "ci_hi": ci[1], "ci_level": number(row.get("ci_level")),
        "ci_method": row.get("ci_method"), "ratio": number(ratio.get("value")),
        "ratio_lo": ratio_ci[0], "ratio_hi": ratio_ci[1],
        "ratio_level": number(ratio.get("level")), "ratio_method": ratio.get("method"),
        "significant": bool(ratio.get("significant", False)),
        "overhead_pct": number(row["overhead_pct"]),
        "overhead_lo": overhead_ci[0], "overhead_hi": overhead_ci[1],
        "verdict": row.get("verdict"), "warnings": row.get("warnings") or [],
    }


def number(value):
    """A finite float, or NaN for null/missing/non-numeric (a null must never plot as 0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.nan
    return float(value) if math.isfinite(value) else math.nan


def pair(values):
    return (number(values[0]), number(values[1])) if values else (math.nan, math.nan)


def default_label(row):
    params = " ".join(f"{k}={v}" for k, v in (row.get("params") or {}).items())
    return f"{row['benchmark']} {params}".strip()


def instance_key(row):
    """(benchmark, params, metric): what 'the same measurement in another environment' means."""
    params = json.dumps(row["params"], sort_keys=True)
    return f"{row['suite']}|{row['benchmark']}|{params}|{row['metric']}"


def instance_names(frame):
    """The label, plus the metric where two measurements of one label would look alike."""
    keys_per_label = frame.groupby("label")["key"].transform("nunique")
    return frame["label"].where(keys_per_label == 1,
                                frame["label"] + " (" + frame["metric"] + ")")


def run_records(folder, run_id):
    """The records of run `run_id` in folder/records.jsonl, in file order; none when the file is
    missing. Torn or foreign lines (a killed run may leave one) are skipped, not errors: the
    figures that read records (timelines) draw what is there."""
    path = pathlib.Path(folder) / "records.jsonl"
    if not path.is_file():
        return []
    found = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and (record.get("run") or {}).get("id") == run_id:
            found.append(record)
    return found


def one_line(err):
    return " ".join(str(err).split())
