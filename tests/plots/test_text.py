"""Words on the figures: sizes, interval levels as reached, file names that never collide."""
from vcbench_plots import render, text


def test_sizes_in_binary_units():
    assert text.human_bytes(512) == "512 B"
    assert text.human_bytes(32768) == "32 KiB"
    assert text.human_bytes(33554432) == "32 MiB"
    assert text.human_bytes(1536) == "1.5 KiB"


def test_interval_phrase_gives_the_level_reached():
    phrase = text.interval_phrase("median's", [0.9375, 0.9375], ["order statistics"])
    assert phrase == "the median's 93.8% interval (order statistics)"
    assert "93.8–96.8%" in text.interval_phrase("ratio's", [0.9375, 0.968], ["m"])
    assert text.interval_phrase("ratio's", [None, float("nan")], []).startswith("none")


def test_units_and_percentages():
    assert text.quantity("latency", "us") == "latency (µs)"
    assert text.signed_percent(12.34) == "+12.3%"
    assert text.signed_percent(-4.0) == "-4.0%"
    assert text.signed_percent(987.6) == "+988%"


def test_file_names():
    assert text.slug("MB/s") == "mb_s"
    assert text.slug("stride=64 pattern=random") == "stride_64_pattern_random"
    used = set()
    assert [render.unique("a", used) for _ in range(3)] == ["a", "a-2", "a-3"]
