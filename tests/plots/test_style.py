"""Emulated (TCG) guests look and read differently from real KVM guests, everywhere."""
from matplotlib.colors import to_rgba

from vcbench_plots import style


def test_only_tcg_is_emulated():
    assert style.is_emulated("tcg")
    assert not style.is_emulated("kvm") and not style.is_emulated(None)


def test_tcg_bars_are_hatched_and_kvm_bars_are_not():
    assert style.bar_style("#1f77b4", "tcg")["hatch"] == style.EMULATED_HATCH
    assert style.bar_style("#1f77b4", "kvm")["hatch"] is None
    assert style.bar_style("#1f77b4", None)["hatch"] is None


def test_tcg_bands_and_lines_are_marked():
    assert style.band_style("#1f77b4", "tcg")["hatch"] == style.EMULATED_HATCH
    assert "hatch" not in style.band_style("#1f77b4", "kvm")
    assert style.line_style("#1f77b4", "tcg")["linestyle"] == "--"
    assert style.line_style("#1f77b4", "kvm")["linestyle"] == "-"


def test_emulated_label_says_so():
    assert style.env_label("kvm/tuned", True) == "kvm/tuned (TCG emulation, not KVM)"
    assert style.env_label("kvm/tuned", False) == "kvm/tuned"


def test_legend_patch_of_emulated_environment_is_hatched():
    colours = style.env_colours(["native", "kvm/tuned"], "native")
    handles = style.env_handles(["native", "kvm/tuned"], colours, {"kvm/tuned"})
    assert [h.get_label() for h in handles] == ["native", "kvm/tuned (TCG emulation, not KVM)"]
    assert handles[0].get_hatch() is None and handles[1].get_hatch() == style.EMULATED_HATCH


def test_not_significant_bars_are_faded():
    full = style.bar_style("#1f77b4", None, significant=True)["facecolor"]
    faded = style.bar_style("#1f77b4", None, significant=False)["facecolor"]
    assert full[3] == 1.0 and faded[3] < 0.5 and full[:3] == faded[:3]


def test_colours_are_distinct_and_baseline_is_grey():
    envs = ["native", "docker", "podman", "kvm/naive", "kvm/tuned"]
    colours = style.env_colours(envs, "native")
    assert colours["native"] == style.BASELINE_COLOUR
    assert len({to_rgba(c) for c in colours.values()}) == len(envs)


def test_fixture_emulated_environment_is_found(frame):
    assert style.emulated_environments(frame) == {"kvm/tuned"}
