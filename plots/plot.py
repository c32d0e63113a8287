#!/usr/bin/python3
"""Draw the figures of one vcbench results folder (called by `vcbench plot DIR [--out DIR]`).

    /usr/bin/python3 plots/plot.py results/runs/<run-id> --out results/runs/<run-id>/plots

Reads RESULTS_DIR/report.json and RESULTS_DIR/run.json, writes a PNG and an SVG of every
figure into OUT_DIR and prints the paths written, one per line. Exit 0 on success; exit 2
with one line on stderr when an input is missing or malformed; exit 1 with one line when
OUT_DIR cannot be written.
"""
import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from vcbench_plots import InputError, load_results  # noqa: E402

EXIT_INPUT = 2     # report.json / run.json missing or malformed
EXIT_OUTPUT = 1    # the figures could not be written


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="plot.py", description=__doc__.split("\n\n")[0],
        epilog="example: /usr/bin/python3 plots/plot.py results/runs/2026-11-25T00-40-00Z-3f2a"
               " --out /tmp/figures")
    parser.add_argument("results_dir", metavar="RESULTS_DIR", type=pathlib.Path,
                        help="a run's folder holding report.json and run.json")
    parser.add_argument("--out", metavar="OUT_DIR", type=pathlib.Path,
                        help="where to write the figures (default: RESULTS_DIR/plots)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        results = load_results(args.results_dir)
    except InputError as err:
        print(str(err), file=sys.stderr)
        return EXIT_INPUT
    from vcbench_plots.render import render_all   # matplotlib only once the inputs are good

    out = args.out or args.results_dir / "plots"
    try:
        paths = render_all(results, out, args.results_dir)
    except OSError as err:
        print(f"error: cannot write figures to {out} ({err.strerror or err}); "
              f"pass --out a writable folder", file=sys.stderr)
        return EXIT_OUTPUT
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
