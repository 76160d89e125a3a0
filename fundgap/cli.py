"""Command line (`fundgap …` once installed, or `python -m fundgap …`): build [--check], export, coverage,
diff and backtest."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from fundgap.common import i18n
from fundgap.common.i18n import EN, N_, tr
from fundgap.data import paths, versions
from fundgap.data.build import build_dataset, render_outputs, stale_outputs, write_atomically
from fundgap.data.validate import CuratedDataError
from fundgap.export.cli import add_export_command

REBUILD_HINT = "run `python -m fundgap build` and commit data/"
DATA_HELP = f"built data folder (default: ${paths.DATA_DIR_ENV}, else the checkout's data/)"
LANG_HELP = (
    "language of the printed text (default en; zh: simplified Chinese, money and dates as CLDR writes them)"
)


def add_lang_flag(command: argparse.ArgumentParser) -> None:
    """--lang {en,zh}: the language the command prints in (English, byte for byte as before, by default)."""
    command.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT, help=LANG_HELP)


def _build(args: argparse.Namespace) -> int:
    try:
        dataset = build_dataset(args.curated)
    except CuratedDataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"build failed: {len(error.problems)} problem(s); nothing was written", file=sys.stderr)
        return 1
    outputs = render_outputs(dataset)
    try:
        return _write_version(args, dataset, outputs)
    except versions.VersionError as error:
        print(f"build failed: {error}; nothing was written", file=sys.stderr)
        return 1


def _write_version(args: argparse.Namespace, dataset, outputs: dict[str, bytes]) -> int:
    """--check: are the outputs current and archived? Otherwise write them, archive the version and log its
    changes."""
    if args.check:
        stale = stale_outputs(outputs, args.out)
        if (
            dataset.version not in versions.known_versions(args.out)
            or not versions.archive_dir(args.out, dataset.version).is_dir()
        ):
            stale.append(f"versions/{dataset.version} (not archived or not in {versions.CHANGELOG_JSON})")
        if stale:
            print(
                f"stale: {', '.join(stale)} in {args.out} differ from the curated data; {REBUILD_HINT}",
                file=sys.stderr,
            )
            return 1
        print(f"up to date: dataset version {dataset.version}")
        return 0
    changelog = versions.read_changelog(args.out)
    new_entry = None
    if dataset.version not in versions.known_versions(args.out):
        previous = changelog[-1]["version"] if changelog else None
        diff = None
        reasons = versions.read_reasons(args.curated)
        if previous and versions.archive_dir(args.out, previous).is_dir():
            diff = versions.diff_figures(
                versions.read_archived_figures(args.out, previous), dataset.tables["figures"]
            )
            missing = versions.missing_reasons(diff, reasons)
            if missing:
                for figure_id in missing:
                    print(
                        f"{versions.REASONS_FILE}: figure {figure_id} was published in {previous} and "
                        "changes now; "
                        "add a row (figure_id,reason) saying why",
                        file=sys.stderr,
                    )
                print(
                    f"build failed: {len(missing)} published figure(s) changed without a reason; "
                    "nothing was written",
                    file=sys.stderr,
                )
                return 1
        today = datetime.now(UTC).strftime("%Y-%m-%d")
        new_entry = versions.entry(dataset.version, today, diff, reasons, previous)
    write_atomically(outputs, args.out)
    archived = versions.archive_dir(args.out, dataset.version)
    if not archived.is_dir():
        write_atomically({name: data for name, data in outputs.items()}, archived)
    if new_entry is not None:
        changelog.append(new_entry)
        write_atomically(
            {
                versions.CHANGELOG_JSON: (
                    json.dumps(changelog, indent=1, ensure_ascii=False, default=str) + "\n"
                ).encode(),
                versions.CHANGELOG_MD: versions.changelog_markdown(changelog).encode(),
            },
            args.out,
        )
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
    lang = getattr(args, "lang", EN)
    levels = sources_by_level(data.sources)
    if lang != EN:
        from fundgap.analysis.entities import EntityIndex

        print(coverage_text(matrix, lang, dict(EntityIndex.from_frame(data.entities).names_zh)))
        print(
            "\n"
            + tr(
                lang, "Sources by level: {levels} · gaps recorded: {gaps} · dataset version {version}"
            ).format(
                levels="，".join(
                    tr(lang, "level {level}: {count}").format(level=level, count=count)
                    for level, count in levels.items()
                ),
                gaps=len(data.gaps),
                version=data.version,
            )
        )
        return 0
    print(coverage_text(matrix))
    print(
        "\nSources by level: "
        + ", ".join(f"{level}: {count}" for level, count in levels.items())
        + f" · gaps recorded: {len(data.gaps)} · dataset version {data.version}"
    )
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from fundgap.analysis.estimate import backtest, backtest_text
    from fundgap.data.load import DataError, read_dataset

    try:
        data = read_dataset(args.data)
    except DataError as error:
        print(f"cannot read the dataset: {error}", file=sys.stderr)
        return 1
    # The summary line is the output's last line, so scripts can read it with `tail -1`.
    lang = getattr(args, "lang", EN)
    result = backtest(data.figures)
    print(backtest_text(result) if lang == EN else backtest_text_in(result, lang))
    return 0


# Why a disclosed ticket is not scored (fundgap.analysis.estimate), translated where printed.
NOT_SCORED_WORDS = (
    N_("one participant: its ticket is the deal"),
    N_("a ticket is stated only in a currency without a USD rate"),
)


def backtest_text_in(result, lang: str) -> str:
    """backtest_text in `lang`: the model, the two tables (views.bundles.backtest_table, as Sources & method
    shows them), the cases not scored and the summary line last."""
    from fundgap.analysis.estimate import METHOD
    from fundgap.views.bundles import backtest_table

    model = result.model
    lines = [
        tr(
            lang,
            "{method}: weights lead {lead}, co-lead {colead}, other roles 1; unnamed investors' share "
            "{unnamed}; 80% interval ×{low} to ×{high}",
        ).format(
            method=tr(lang, METHOD),
            lead=f"{model.lead_weight:g}",
            colead=f"{model.colead_weight:g}",
            unnamed=f"{model.unnamed_share:.0%}",
            low=tr(lang, "n/a") if model.low_factor != model.low_factor else f"{model.low_factor:.2f}",
            high=tr(lang, "n/a") if model.high_factor != model.high_factor else f"{model.high_factor:.2f}",
        ),
    ]
    for summary, label in ((result.by_role, "Role"), (result.by_size, "Deal size")):
        table = backtest_table(summary, label, lang)
        lines += ["", "\t".join(table.columns)]
        lines += ["\t".join(str(v) for v in row) for row in table.itertuples(index=False)]
    if len(result.excluded):
        reasons = result.excluded["reason"].value_counts()
        lines += [
            "",
            tr(lang, "not scored: {reasons}").format(
                reasons="；".join(
                    tr(lang, "{count} ({reason})").format(count=count, reason=tr(lang, reason))
                    for reason, count in reasons.items()
                )
            ),
        ]
    lines += [
        "",
        tr(
            lang,
            "back-test: {n} held-out tickets, median error {median}, within ×2: {within}, 80% interval "
            "coverage: {coverage}",
        ).format(
            n=result.n,
            median=_times(result.median_factor, lang),
            within=_percent(result.within_x2, lang),
            coverage=_percent(result.coverage, lang),
        ),
    ]
    return "\n".join(lines)


def _times(value: float, lang: str) -> str:
    """An error factor, "×1.8", or "n/a" in `lang` when there is none (no held-out ticket)."""
    return tr(lang, "n/a") if value != value else f"×{value:.1f}"


def _percent(value: float, lang: str) -> str:
    return tr(lang, "n/a") if value != value else f"{round(100 * value)}%"


def _diff(args: argparse.Namespace) -> int:
    try:
        known = versions.known_versions(args.data)
    except versions.VersionError as error:
        print(f"diff failed: {error}", file=sys.stderr)
        return 1
    unknown = [v for v in (args.first, args.second) if v not in known]
    if unknown:
        print(
            f"diff failed: unknown version(s) {', '.join(unknown)}; known: {', '.join(known) or 'none'}",
            file=sys.stderr,
        )
        return 2
    diff = versions.diff_versions(args.data, args.first, args.second)
    reasons = {
        c["figure_id"]: c.get("reason", "") for e in versions.read_changelog(args.data) for c in e["changed"]
    }
    print(
        f"{args.first} -> {args.second}: {len(diff.added)} added, {len(diff.removed)} removed, "
        f"{len(diff.changed_ids)} changed ({len(diff.changed)} fields)"
    )
    for change in diff.changed:
        print(
            f"  {change['figure_id']} {change['field']}: {change['old']!r} -> {change['new']!r}"
            + (f"  [{reasons[change['figure_id']]}]" if reasons.get(change["figure_id"]) else "")
        )
    for figure_id in diff.removed:
        print(f"  removed {figure_id}")
    for figure_id in diff.added:
        print(f"  added {figure_id}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="fundgap", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build", help="validate data/curated/ and write the Parquet files and manifest"
    )
    build.add_argument("--check", action="store_true", help="exit 1 when the committed outputs are stale")
    build.add_argument(
        "--curated", type=Path, default=paths.CURATED_DIR, help="curated folder (default data/curated)"
    )
    build.add_argument(
        "--out", type=Path, default=paths.DEFAULT_DATA_DIR, help="output folder (default data/)"
    )
    build.set_defaults(run=_build)
    coverage = commands.add_parser(
        "coverage",
        help="print the coverage matrix: deals, named participants, disclosed "
        "share and gaps per covered lab and year",
    )
    coverage.add_argument("--data", type=Path, default=None, help=DATA_HELP)
    coverage.add_argument(
        "--last-year", type=int, default=2026, help="last year of the matrix (default 2026)"
    )
    add_lang_flag(coverage)
    coverage.set_defaults(run=_coverage)
    backtest = commands.add_parser(
        "backtest",
        help="hide each disclosed ticket in turn, estimate it with the allocation model and print the errors "
        "by role and by deal size",
    )
    backtest.add_argument("--data", type=Path, default=None, help=DATA_HELP)
    add_lang_flag(backtest)
    backtest.set_defaults(run=_backtest)
    diff = commands.add_parser(
        "diff", help="print what changed between two archived dataset versions, field by field"
    )
    diff.add_argument("first")
    diff.add_argument("second")
    diff.add_argument("--data", type=Path, default=None, help=DATA_HELP)
    diff.set_defaults(run=_diff)
    messages = commands.add_parser(
        "messages",
        help="extract every message (babel.cfg) into the .po of each language and compile its .mo (Babel)",
    )
    messages.set_defaults(run=_messages)
    add_export_command(commands)
    return root


def _messages(args: argparse.Namespace) -> int:
    from fundgap.common.messages import update_all

    for lang, missing in update_all().items():
        print(f"{lang}: {missing} untranslated message(s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if getattr(args, "data", "unused") is None:
            args.data = paths.data_dir()
        return int(args.run(args))
    except paths.DataDirMissing as error:
        print(f"fundgap: {error}", file=sys.stderr)
        return 2
