"""Command line: `python -m fundgap build [--check]`, `python -m fundgap export` and `python -m fundgap coverage`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fundgap.data import paths
from fundgap.export.cli import add_export_command
from fundgap.data.build import build_dataset, render_outputs, stale_outputs, write_atomically
from fundgap.data.validate import CuratedDataError

REBUILD_HINT = "run `python -m fundgap build` and commit data/"


def _build(args: argparse.Namespace) -> int:
    try:
        dataset = build_dataset(args.curated)
    except CuratedDataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"build failed: {len(error.problems)} problem(s); nothing was written", file=sys.stderr)
        return 1
    outputs = render_outputs(dataset)
    if args.check:
        stale = stale_outputs(outputs, args.out)
        if stale:
            print(f"stale: {', '.join(stale)} in {args.out} differ from the curated data; {REBUILD_HINT}", file=sys.stderr)
            return 1
        print(f"up to date: dataset version {dataset.version}")
        return 0
    write_atomically(outputs, args.out)
    counts = ", ".join(f"{len(frame)} {name}" for name, frame in dataset.tables.items())
    print(f"built dataset version {dataset.version}: {counts} -> {args.out}")
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from fundgap.analysis.coverage import coverage_matrix, coverage_text, sources_by_level
    from fundgap.data.load import DataError, read_dataset

    try:
        data = read_dataset(args.data)
    except DataError as error:
        print(f"cannot read the dataset: {error}", file=sys.stderr)
        return 1
    matrix = coverage_matrix(data.entities, data.figures, data.gaps, args.last_year)
    print(coverage_text(matrix))
    levels = sources_by_level(data.sources)
    print(f"\nSources by level: " + ", ".join(f"{level}: {count}" for level, count in levels.items())
          + f" · gaps recorded: {len(data.gaps)} · dataset version {data.version}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m fundgap", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="validate data/curated/ and write the Parquet files and manifest")
    build.add_argument("--check", action="store_true", help="exit 1 when the committed outputs are stale")
    build.add_argument("--curated", type=Path, default=paths.CURATED_DIR, help="curated folder (default data/curated)")
    build.add_argument("--out", type=Path, default=paths.DEFAULT_DATA_DIR, help="output folder (default data/)")
    build.set_defaults(run=_build)
    coverage = commands.add_parser("coverage", help="print the coverage matrix: deals, named participants, disclosed "
                                   "share and gaps per covered lab and year")
    coverage.add_argument("--data", type=Path, default=paths.data_dir(), help="built data folder (default data/)")
    coverage.add_argument("--last-year", type=int, default=2026, help="last year of the matrix (default 2026)")
    coverage.set_defaults(run=_coverage)
    add_export_command(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
