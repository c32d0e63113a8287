"""`vcbench features` (issue 9): one row per environment, every cell measured, probed or explained;
startup cells equal the medians of the startup run's records they came from; nothing left running."""
import json
import os
import statistics
import subprocess

import pytest

from conftest import records, vcbench

COLUMNS = ["guest_os", "startup", "isolation", "checkpoint_restore", "live_migration", "snapshot"]


def feature_containers(engine):
    out = subprocess.run([engine, "ps", "-a", "--filter", "label=org.vcbench=1", "--format", "{{.Names}}"],
                         capture_output=True, text=True).stdout
    return [n for n in out.splitlines() if "features-" in n]


def assert_every_cell_filled_or_explained(table):
    for row in table["rows"]:
        for key in COLUMNS:
            cell = row["cells"][key]
            assert cell["value"] is not None or cell.get("reason"), f"{row['environment']} {key}: {cell}"


@pytest.fixture(scope="module")
def startup_run(tmp_path_factory, docker_engine):
    runs = tmp_path_factory.mktemp("runs")
    r = vcbench("run", "--suite", "startup", "--env", "native", "--env", "docker", "--reps", "3",
                "--out", runs / "startup", timeout=600)
    assert r.returncode == 0, r.stderr
    return runs


@pytest.fixture(scope="module")
def containers_table(startup_run, tmp_path_factory):
    out = tmp_path_factory.mktemp("features")
    r = vcbench("features", "--json", "--env", "native", "--env", "docker", "--env", "podman",
                "--results", startup_run, "--out", out, timeout=300)
    assert r.returncode == 0, r.stderr
    table = json.loads(r.stdout)
    written = list(out.glob("*.json"))
    assert len(written) == 1 and json.loads(written[0].read_text())["rows"] == table["rows"]
    return table


def test_every_cell_is_filled_or_explained(containers_table):
    assert [row["environment"] for row in containers_table["rows"]] == ["native", "docker", "podman"]
    assert_every_cell_filled_or_explained(containers_table)
    for engine in ("docker", "podman"):
        assert feature_containers(engine) == []


def test_startup_cells_agree_with_their_records(containers_table, startup_run):
    rows = {row["environment"]: row["cells"] for row in containers_table["rows"]}
    for env in ("native", "docker"):
        cell = rows[env]["startup"]
        assert cell["source"] == str((startup_run / "startup").resolve())
        values = [x["metric"]["value"] for x in records(startup_run / "startup")
                  if x["environment"]["name"] == env and x["benchmark"]["params"].get("launch") == "fresh"
                  and x["metric"]["name"] == cell["metric"] and x["validation"]["passed"]]
        assert cell["n"] == len(values) and cell["value"] == pytest.approx(statistics.median(values))
        assert cell["ci"][0] <= cell["value"] <= cell["ci"][1]
    assert rows["podman"]["startup"]["source"] == "measured now"  # not in the startup run


def test_isolation_and_guest_os_are_read_from_inside(containers_table):
    rows = {row["environment"]: row["cells"] for row in containers_table["rows"]}
    for env in ("native", "docker", "podman"):
        assert rows[env]["guest_os"]["kernel_release"] == os.uname().release
        assert rows[env]["guest_os"]["shares_host_kernel"] is True
    assert rows["native"]["isolation"]["namespaces_own"] == []
    for engine in ("docker", "podman"):
        iso = rows[engine]["isolation"]
        assert {"mnt", "pid", "net", "ipc", "uts"} <= set(iso["namespaces_own"])
        assert iso["seccomp"] == 2
        assert iso["syscalls_allowed"] < iso["syscalls_allowed_native"]
        assert iso["outside"]["Privileged"] is False
        assert rows[engine]["snapshot"]["value"] > 0


def test_checkpoint_cells_give_criu_reason_where_it_fails(containers_table):
    # The setup installs criu; where `criu check` passes, the cells must say checkpointing is supported.
    if subprocess.run(["criu", "check"], capture_output=True).returncode == 0:
        for row in containers_table["rows"]:
            if row["environment"] in ("docker", "podman"):
                assert row["cells"]["checkpoint_restore"].get("supported") is not False, row
        return
    for row in containers_table["rows"]:
        cell = row["cells"]["checkpoint_restore"]
        assert cell["value"] is None
        if row["environment"] in ("docker", "podman"):
            assert "criu check fails" in cell["reason"]


def test_markdown_of_a_vm_row(tmp_path):
    r = vcbench("features", "--markdown", "--env", "kvm/naive", "--results", tmp_path / "none", "--out", tmp_path,
                timeout=300)
    assert r.returncode == 0, r.stderr
    assert "| kvm/naive |" in r.stdout and "own kernel" in r.stdout
    assert "not measured yet: run the migration suite" in r.stdout
    table = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert_every_cell_filled_or_explained(table)
    assert "-sandbox" in table["rows"][0]["cells"]["isolation"]["text"]
    assert subprocess.run(["pgrep", "-f", "features-.*qemu|qemu.*features-"], capture_output=True).returncode == 1


def test_unknown_environment_is_bad_input(tmp_path):
    r = vcbench("features", "--env", "nosuch", "--out", tmp_path)
    assert r.returncode == 2 and "unknown environment" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_report_carries_the_feature_table_without_probing(startup_run):
    """`vcbench report` of the startup run: the table in Markdown, features.json beside the records,
    built from the run alone (no container started: it takes well under the probing's seconds)."""
    folder = startup_run / "startup"
    r = vcbench("report", folder, "--format", "markdown", timeout=60)
    assert r.returncode == 0, r.stderr
    section = r.stdout.split("## Features of these environments", 1)[1]
    assert "| native | host kernel" in section and "| docker | host kernel" in section
    table = json.loads((folder / "features.json").read_text())
    assert table["from"] == "run" and [row["environment"] for row in table["rows"]] == ["native", "docker"]
    assert_every_cell_filled_or_explained(table)
    startup = {row["environment"]: row["cells"]["startup"] for row in table["rows"]}
    assert startup["docker"]["source"] == str(folder.resolve()) and "this run" in startup["docker"]["text"]
    assert feature_containers("docker") == []
