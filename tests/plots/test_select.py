"""Which rows may be drawn: failed and unvalidated results never are, and are listed instead."""
import pandas as pd

from vcbench_plots import select


def names(rows):
    return sorted(f"{e}: {i}" for e, i in zip(rows["environment"], rows["instance"]))


def test_overhead_draws_only_non_baseline_rows_with_a_ratio(frame):
    drawn = select.drawable_overhead(select.bar_rows(frame), "native")
    assert set(drawn["environment"]) == {"docker", "kvm/tuned"}
    assert (drawn["n"] > 0).all() and drawn["ratio"].notna().all()
    assert "kvm/tuned: lat_syscall op=open" not in names(drawn)
    assert not (drawn["benchmark"] == "bw_unix").any()


def test_overhead_lists_what_it_left_out_and_why(frame):
    missing = select.not_drawn_overhead(select.bar_rows(frame), "native")
    reasons = dict(zip(names(missing), missing.sort_values(["environment", "instance"])["reason"]))
    assert reasons == {"docker: bw_unix": "baseline failed",
                       "kvm/tuned: bw_unix": "baseline failed",
                       "kvm/tuned: lat_syscall op=open": "failed"}


def test_absolute_never_draws_failed_rows(frame):
    drawn = select.drawable_absolute(frame)
    assert (drawn["n"] > 0).all() and drawn["median"].notna().all()
    failed = select.not_drawn_absolute(frame)
    assert len(drawn) + len(failed) == len(frame)
    assert set(names(failed)) == {"kvm/tuned: lat_syscall op=open", "native: bw_unix",
                                  "kvm/tuned: lat_mem_rd stride=64 pattern=random "
                                  "size_bytes=67108864"}


def test_row_with_value_but_no_ratio_is_not_drawn():
    rows = pd.DataFrame({
        "environment": ["native", "docker"], "n": [5, 5], "median": [1.0, 1.1],
        "ratio": [float("nan")] * 2, "overhead_pct": [float("nan")] * 2,
        "key": ["k", "k"], "instance": ["x", "x"]})
    assert select.drawable_overhead(rows, "native").empty
    assert list(select.not_drawn_overhead(rows, "native")["reason"]) == ["no ratio"]


def test_note_counts_and_names(frame):
    note = select.note_text(select.not_drawn_overhead(select.bar_rows(frame), "native"))
    assert note.startswith("not drawn: 1 failed (kvm/tuned: lat_syscall op=open)")
    assert "2 baseline failed (docker: bw_unix, kvm/tuned: bw_unix)" in note
    assert select.note_text(frame.iloc[0:0]) == ""


def test_sweeps_are_kept_out_of_bar_figures(frame):
    assert set(select.sweep_rows(frame)["benchmark"]) == {"lat_mem_rd"}
    assert "lat_mem_rd" not in set(select.bar_rows(frame)["benchmark"])


def test_chunks_are_even():
    assert [len(c) for c in select.chunks(range(60), 26)] == [20, 20, 20]
    assert [len(c) for c in select.chunks(range(7), 4)] == [4, 3]
    assert select.chunks([], 4) == []
    assert select.part_suffix(0, 1) == "" and select.part_suffix(1, 3) == "-2of3"


def test_figure_groups_name_only_the_params_that_differ():
    rows = pd.DataFrame({"params": [
        {"class": "A", "op": "x", "size_bytes": 1}, {"class": "A", "op": "x", "size_bytes": 2},
        {"class": "S", "op": "x", "size_bytes": 1}]})
    groups = select.figure_groups(rows, skip=("size_bytes",))
    assert [(desc, len(group)) for desc, group in groups] == [("class=A", 2), ("class=S", 1)]
    assert [desc for desc, _ in select.figure_groups(rows.iloc[:2], skip=("size_bytes",))] == [""]
