"""The appliance: two builds of one build folder give one digest; the archive is canonical; the rootfs
holds every program, its whole library closure and /bin/sh (proved by running kernels in a chroot);
the container images carry the digest, are reused when current and replaced when stale."""
import hashlib
import json
import os
import pathlib
import re
import subprocess
import tarfile

import pytest

from conftest import BIN, vcbench

DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
LABEL = "org.vcbench.appliance"


def programs():
    return sorted(p.name for p in BIN.glob("vcb-*") if p.is_file() and os.access(p, os.X_OK))


def build(out):
    result = vcbench("appliance", "build", "--out", out, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return (pathlib.Path(out) / "digest").read_text().strip(), result.stdout


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    base = tmp_path_factory.mktemp("appliance")
    (d1, out1), (d2, _) = build(base / "a1"), build(base / "a2")
    return {"a1": base / "a1", "a2": base / "a2", "d1": d1, "d2": d2, "stdout": out1}


def resolve_in_root(root, path, depth=0):
    """Resolves `path` inside `root` the way the kernel would after chroot: absolute link targets
    start again at root, never at the host's /. Returns the host path of the result."""
    assert depth < 40, f"symlink loop at {path}"
    parts = [p for p in path.split("/") if p not in ("", ".")]
    current = ""
    for i, part in enumerate(parts):
        if part == "..":
            current = current.rsplit("/", 1)[0] if "/" in current else ""
            continue
        host = root / (current + "/" + part).lstrip("/")
        if host.is_symlink():
            target = os.readlink(host)
            base = "" if target.startswith("/") else current
            rest = "/".join(parts[i + 1:])
            return resolve_in_root(root, base + "/" + target + ("/" + rest if rest else ""), depth + 1)
        current = current + "/" + part
    return root / current.lstrip("/")


def ldd_paths(program):
    out = subprocess.run(["ldd", str(program)], capture_output=True, text=True, env={"LC_ALL": "C"}).stdout
    return re.findall(r"(?:=> )?(/\S+) \(0x", out)


def test_two_builds_give_one_digest(two):
    assert DIGEST.match(two["d1"]), two["d1"]
    assert two["d1"] == two["d2"]
    assert (two["a1"] / "appliance.tar").read_bytes() == (two["a2"] / "appliance.tar").read_bytes()
    assert two["d1"] in two["stdout"] and str(two["a1"] / "rootfs") in two["stdout"]


def test_digest_is_the_sha256_of_the_tarball(two):
    data = (two["a1"] / "appliance.tar").read_bytes()
    assert "sha256:" + hashlib.sha256(data).hexdigest() == two["d1"]


def test_archive_is_canonical_ustar(two):
    with tarfile.open(two["a1"] / "appliance.tar", format=tarfile.USTAR_FORMAT) as tar:
        members = tar.getmembers()
    names = [m.name.rstrip("/") for m in members]
    assert names == sorted(names) and len(set(names)) == len(names)
    for m in members:
        assert (m.mtime, m.uid, m.gid, m.uname, m.gname) == (0, 0, 0, "root", "root"), m.name
        assert not m.pax_headers, m.name
        assert m.isfile() or m.isdir() or m.issym(), m.name
        if m.isdir():
            assert m.mode == (0o1777 if m.name == "tmp" else 0o755), m.name
        elif m.isfile():
            assert m.mode in (0o755, 0o644), m.name
    expected = {"bin", "opt/vcbench/bin/vcb-null", "proc", "dev", "sys", "tmp", "scratch", "etc/passwd"}
    assert expected <= set(names)
    assert next(m for m in members if m.name == "bin").issym()  # Debian's merged /usr kept as a link


def test_rootfs_holds_every_program_unchanged(two):
    root = two["a1"] / "rootfs"
    shipped = sorted(p.name for p in (root / "opt/vcbench/bin").iterdir())
    assert shipped == programs() and shipped
    for name in shipped:
        assert (root / "opt/vcbench/bin" / name).read_bytes() == (BIN / name).read_bytes(), name


def test_rootfs_holds_the_library_closure_and_the_shell(two):
    root = two["a1"] / "rootfs"
    for name in programs() + ["/bin/sh"]:
        program = pathlib.Path(name) if name.startswith("/") else BIN / name
        for lib in ldd_paths(program):
            assert resolve_in_root(root, lib).is_file(), f"{name} needs {lib}, missing in the rootfs"
    assert resolve_in_root(root, "/bin/sh").is_file()
    assert resolve_in_root(root, "/lib64/ld-linux-x86-64.so.2").is_file()


def test_no_symlink_dangles_inside_the_rootfs(two):
    root = two["a1"] / "rootfs"
    for link in (p for p in root.rglob("*") if p.is_symlink()):
        rel = "/" + str(link.relative_to(root))
        assert resolve_in_root(root, rel).exists(), f"{rel} -> {os.readlink(link)} dangles"


def test_manifest_names_digest_source_and_files(two):
    manifest = json.loads((two["a1"] / "manifest.json").read_text())
    assert manifest["digest"] == two["d1"]
    assert pathlib.Path(manifest["source"]) == BIN.resolve()
    assert manifest["programs"] == programs()
    with tarfile.open(two["a1"] / "appliance.tar") as tar:
        members = {"/" + m.name.rstrip("/"): m for m in tar.getmembers()}
    assert [f["path"] for f in manifest["files"]] == sorted(members)
    assert manifest["file_count"] == len(members)
    for f in manifest["files"]:
        if f["type"] == "file":
            assert f["size"] == members[f["path"]].size, f["path"]


def test_a_program_runs_from_the_rootfs_in_a_chroot(two):
    root = two["a1"] / "rootfs"
    run = subprocess.run(["chroot", str(root), "/opt/vcbench/bin/vcb-null", "--samples", "1"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert any(line.startswith("@@vcb ") for line in run.stdout.splitlines()), run.stdout


def test_lat_proc_shell_runs_in_the_rootfs(two):
    """/bin/sh -c and both exec targets work inside: /proc and /dev mounted as a runtime would,
    in a private mount namespace that disappears with the command."""
    root = two["a1"] / "rootfs"
    for op in ("shell", "exec", "exec_static"):
        script = (f"mount -t proc proc {root}/proc && mount --rbind /dev {root}/dev && "
                  f"exec chroot {root} /opt/vcbench/bin/vcb-lat_proc --op {op} --samples 1")
        run = subprocess.run(["unshare", "--mount", "--pid", "--fork", "sh", "-c", script],
                             capture_output=True, text=True, timeout=120)
        recs = [json.loads(l[6:]) for l in run.stdout.splitlines() if l.startswith("@@vcb ")]
        assert recs and all(r["validation"]["passed"] for r in recs), (op, run.stdout, run.stderr)
    # The mounts went with the namespace: the rootfs is left as the build made it.
    assert list((root / "proc").iterdir()) == [] and list((root / "dev").iterdir()) == []


def test_rebuilding_in_place_gives_the_same_digest_and_leaves_nothing_behind(two):
    digest, _ = build(two["a1"])
    assert digest == two["d1"]
    assert sorted(p.name for p in two["a1"].iterdir()) == sorted(
        [".vcbench-appliance", "appliance.tar", "digest", "manifest.json", "rootfs"])


def test_unusable_out_folders_are_bad_input(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not an appliance")
    for out in (foreign, "/proc/vcbench-appliance"):
        result = vcbench("appliance", "build", "--out", out, timeout=60)
        assert result.returncode == 2, (out, result.stdout, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "--out" in result.stderr
    assert (foreign / "keep.txt").read_text() == "not an appliance"


# --- images ----------------------------------------------------------------------------------------

def inspect(engine, ref, fmt):
    r = subprocess.run([engine, "image", "inspect", "--format", fmt, ref], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def ensure(engine, out):
    result = vcbench("appliance", "image", "--engine", engine, "--out", out, timeout=600)
    # `vcbench appliance image --engine E [--out DIR]` is appliance_image_command (appliance_command.h).
    assert result.returncode == 0, result.stdout + result.stderr
    (ref,) = re.findall(r"^image:\s+(\S+)$", result.stdout, re.M)
    return ref, (pathlib.Path(out) / "digest").read_text().strip()


def dangling(engine):
    return subprocess.run([engine, "images", "-q", "--filter", "dangling=true"], capture_output=True,
                          text=True, check=True).stdout.split()


def check_image_lifecycle(engine, out, run_command):
    label_fmt = '{{ index .Config.Labels "%s" }}' % LABEL
    digest, _ = build(out)
    expected = ("localhost/" if engine == "podman" else "") + "vcbench/appliance:" + digest[7:19]
    existed = inspect(engine, expected, "{{.Id}}") is not None  # e.g. made by an earlier run: keep it
    dangling_before = dangling(engine)
    try:
        ref, _ = ensure(engine, out)
        assert ref == expected
        assert inspect(engine, ref, label_fmt) == digest
        assert inspect(engine, ref, "{{.Config.WorkingDir}}") == "/scratch"
        first_id = inspect(engine, ref, "{{.Id}}")

        assert ensure(engine, out)[0] == ref
        assert inspect(engine, ref, "{{.Id}}") == first_id, "a current image must be reused"

        # A stale image under the same tag (wrong label) is replaced, never used.
        subprocess.run([engine, "image", "rm", "--force", ref], check=True, capture_output=True)
        subprocess.run([engine, "import", "--change", f"LABEL {LABEL}=sha256:{'0' * 64}",
                        str(pathlib.Path(out) / "appliance.tar"), ref], check=True, capture_output=True)
        stale_id = inspect(engine, ref, "{{.Id}}")
        assert ensure(engine, out)[0] == ref
        assert inspect(engine, ref, label_fmt) == digest
        assert inspect(engine, ref, "{{.Id}}") != stale_id
        assert sorted(dangling(engine)) == sorted(dangling_before), "replacing left a dangling image"

        run = subprocess.run([*run_command, ref, "/opt/vcbench/bin/vcb-null", "--samples", "1"],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert any(line.startswith("@@vcb ") for line in run.stdout.splitlines()), run.stdout
    finally:
        if not existed:
            subprocess.run([engine, "image", "rm", "--force", expected], capture_output=True)


def test_docker_image_carries_the_digest_is_reused_and_replaced_when_stale(docker_engine, tmp_path):
    check_image_lifecycle(docker_engine, tmp_path / "app",
                          [docker_engine, "run", "--rm", "--network", "none"])


def test_podman_image_carries_the_digest_is_reused_and_replaced_when_stale(tmp_path):
    # Podman needs no daemon; it works with runc only here, and with rlimits root may set (machine.md).
    check_image_lifecycle("podman", tmp_path / "app",
                          ["podman", "--runtime", "runc", "run", "--rm", "--network", "none",
                           "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768"])
