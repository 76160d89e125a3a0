"""`python -m fundgap export`: the dashboard's downloads without a browser, for the same view."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from fundgap.analysis import urls
from fundgap.analysis.filters import MULTI_FILTERS, FilterOptions
from fundgap.analysis.rules import add_cli_flags, query_from_cli
from fundgap.analysis.view import parse_query
from fundgap.common import i18n
from fundgap.common.i18n import EN, tr
from fundgap.data import paths, versions
from fundgap.data.load import DataError, read_dataset
from fundgap.export import snapshot as export


def add_export_command(commands) -> None:
    command = commands.add_parser("export", help="write the CSV, ZIP or Parquet snapshot of a view")
    command.add_argument("--format", choices=export.FORMATS, required=True)
    command.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    for param in MULTI_FILTERS:
        command.add_argument(
            f"--{param.replace('_', '-')}",
            dest=param,
            action="append",
            default=[],
            help=f"repeatable, like ?{param}= in the URL",
        )
    command.add_argument("--year-from", dest="year_from")
    command.add_argument("--year-to", dest="year_to")
    add_cli_flags(command)
    command.add_argument("--rejected", action="store_true", help="include rejected reports, like ?rejected=1")
    command.add_argument(
        "--base-url", default=urls.DEFAULT_ORIGIN, help="dashboard address for the README link"
    )
    command.add_argument(
        "--data", type=Path, default=None, help="built data folder (default: $FUNDGAP_DATA_DIR, else data/)"
    )
    command.add_argument(
        "--version",
        dest="dataset_version",
        default=None,
        help="export an archived dataset version (see data/CHANGELOG.md) instead of the latest",
    )
    command.add_argument(
        "--table",
        choices=("figures", "releases"),
        default="figures",
        help="figures (default) or the model releases of the view (CSV only)",
    )
    command.add_argument(
        "--lang",
        choices=i18n.LANGS,
        default=i18n.DEFAULT,
        help="language of the README, the citation and the printed line (default en; zh: simplified "
        "Chinese); the CSV columns and file names stay English",
    )
    command.set_defaults(run=run_export)


def query_from_args(args: argparse.Namespace) -> dict[str, list[str]]:
    query: dict[str, list[str]] = {
        param: getattr(args, param) for param in MULTI_FILTERS if getattr(args, param)
    }
    for param in ("year_from", "year_to"):
        if getattr(args, param) is not None:
            query[param] = [getattr(args, param)]
    query.update(query_from_cli(args))
    if args.rejected:
        query["rejected"] = ["1"]
    if getattr(args, "lang", EN) != EN:
        query[i18n.LANG_PARAM] = [args.lang]
    return query


def run_export(args: argparse.Namespace) -> int:
    data_dir = args.data or paths.data_dir()
    try:
        if args.dataset_version and args.dataset_version not in versions.known_versions(data_dir):
            known = ", ".join(versions.known_versions(data_dir)) or "none"
            print(
                f"export failed: unknown dataset version {args.dataset_version!r}; known: {known}",
                file=sys.stderr,
            )
            return 2
        archived = bool(args.dataset_version)
        data = read_dataset(
            versions.archive_dir(data_dir, args.dataset_version) if archived else data_dir, archived=archived
        )
    except (DataError, versions.VersionError) as error:
        print(f"export failed: {error}", file=sys.stderr)
        return 1
    options = FilterOptions.from_data(data.figures, data.entities)
    view = parse_query(query_from_args(args), options)
    if view.ignored:
        # The browser quietly falls back; a script must not get a different view than it asked for.
        for item in view.ignored:
            print(f"export failed: {item}", file=sys.stderr)
        for param, values in options.values.items():
            print(f"  valid --{param.replace('_', '-')}: {', '.join(values)}", file=sys.stderr)
        print(f"  valid years: {options.year_min}–{options.year_max}", file=sys.stderr)
        return 2
    if args.table == "releases":
        if args.format != "csv":
            print(
                "export failed: --table releases is written as CSV only "
                "(the ZIP snapshot holds releases.csv)",
                file=sys.stderr,
            )
            return 2
        releases = export.releases_for(data.releases, view)
        payload = export.releases_csv(releases)
        write_file_atomically(args.output, payload)
        print(
            f"wrote {len(releases)} releases ({len(payload):,} bytes) to {args.output}"
            if view.lang == EN
            else tr(view.lang, "wrote {n} releases ({size} bytes) to {path}").format(
                n=len(releases), size=f"{len(payload):,}", path=args.output
            )
        )
        return 0
    snap = export.snapshot(
        data.figures,
        view,
        data.version,
        export.Ledger(data.entities, data.deals, data.participations, data.releases),
    )
    payload = export.render(args.format, snap, datetime.now(UTC).replace(microsecond=0), args.base_url)
    write_file_atomically(args.output, payload)
    print(
        f"wrote {len(snap.rows)} rows ({len(payload):,} bytes) to {args.output}"
        if view.lang == EN
        else tr(view.lang, "wrote {n} rows ({size} bytes) to {path}").format(
            n=len(snap.rows), size=f"{len(payload):,}", path=args.output
        )
    )
    return 0


def write_file_atomically(path: Path, payload: bytes) -> None:
    """Write beside the target and rename, so a failed export leaves no partial file and keeps any old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
