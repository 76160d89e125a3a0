"""Snapshots a reader can trust: formula-safe CSV, typed Parquet, and a ZIP that carries its own provenance.

The CSV, Parquet and ZIP for one view are built here and nowhere else, so the dashboard's buttons and `python
-m fundgap export` give the same bytes."""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from fundgap.analysis import urls
from fundgap.analysis.aggregate import counted_mask, not_counted_reasons, parent_positions
from fundgap.analysis.estimate_totals import EstimateBook, estimate_book, ticket_estimates
from fundgap.analysis.view import View
from fundgap.common.fmt import amount_label, date_text, present
from fundgap.common.i18n import EN, N_, tr
from fundgap.common.safety import neutralise_formula
from fundgap.data import schema

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
DASHBOARD_CITATION = N_("fundgap: AI funding-gap dashboard (figures from the sources cited on every row)")
CSV_NAME = "data.csv"
# (column, frictionless type, description): the order of the CSV and of the data package schema, kept as plain
# data in fields.meta.yml beside this module.
_FIELDS_FILE = Path(__file__).with_name("fields.meta.yml")
EXPORT_FIELDS: tuple[tuple[str, str, str], ...] = tuple(
    (field["name"], field["type"], field["description"])
    for field in yaml.safe_load(_FIELDS_FILE.read_text(encoding="utf-8"))["fields"]
)
COLUMNS = tuple(name for name, _, _ in EXPORT_FIELDS)
NUMERIC = tuple(name for name, kind, _ in EXPORT_FIELDS if kind == "number")


@dataclass(frozen=True)
class Snapshot:
    """What one download holds: the rows in view, the view that chose them and the dataset they came from."""

    rows: pd.DataFrame
    view: View
    version: str
    ledger: Ledger | None = None  # the entities, deals and participations behind the rows (ZIP snapshot)


@dataclass(frozen=True)
class Ledger:
    entities: pd.DataFrame
    deals: pd.DataFrame
    participations: pd.DataFrame
    releases: pd.DataFrame | None = None  # model releases; the ZIP holds those of the labs in view


def snapshot(
    figures: pd.DataFrame,
    view: View,
    version: str,
    ledger: Ledger | None = None,
    estimates: EstimateBook | None = None,
) -> Snapshot:
    """Rows matching the filters, in figure_id order, each marked with whether the counting rules count it,
    each undisclosed participation with its model estimate in columns of its own. `figures` is the whole row
    table; the estimates are made from it when not given."""
    book = estimates if estimates is not None else estimate_book(figures)
    return snapshot_of_rows(view.filters.apply(figures), view, version, ledger, book)


def snapshot_of_rows(
    in_view: pd.DataFrame,
    view: View,
    version: str,
    ledger: Ledger | None = None,
    estimates: EstimateBook | None = None,
) -> Snapshot:
    """The snapshot of rows the caller has already filtered by `view` (a page's own rows): no filter is
    applied again, and `view` describes them. `estimates` (made from the whole row table, never from these
    rows) fills the estimate columns; without it they stay empty."""
    parent = parent_positions(in_view)
    rows = in_view.assign(
        counted_in_totals=counted_mask(in_view, view.rules, parent),
        not_counted_reason=not_counted_reasons(in_view, view.rules, parent),
    )
    rows = rows.sort_values("figure_id").reset_index(drop=True)
    rows["amount_text"] = [
        amount_label(a, lo, hi, str(k))
        for a, lo, hi, k in zip(
            rows["amount_usd"],
            rows["amount_low_usd"],
            rows["amount_high_usd"],
            rows["amount_kind"],
            strict=True,
        )
    ]
    if estimates is not None:
        rows = pd.concat([rows, ticket_estimates(estimates, rows["figure_id"].tolist())], axis=1)
    out = pd.DataFrame({column: rows.get(column) for column in COLUMNS})
    out["permalink"] = _default_permalinks(out["figure_id"], version, view.lang)
    for column in COLUMNS:
        if column not in NUMERIC and column != "counted_in_totals":
            out[column] = pd.Series(
                [str(v) if present(v) else None for v in out[column]], index=out.index, dtype=object
            )
    if ledger is None:
        return Snapshot(out, view, version, None)
    tables = ledger_for(out, ledger)
    if ledger.releases is not None:
        releases = releases_for(ledger.releases, view)
        tables = replace(
            tables, releases=releases[releases["lab_id"].isin(set(out["recipient_id"].dropna()))]
        )
    return Snapshot(out, view, version, tables)


def _default_permalinks(ids: pd.Series, version: str, lang: str = EN) -> list[str]:
    return [urls.figure(i, version, urls.DEFAULT_ORIGIN, lang) for i in ids]


def ledger_for(rows: pd.DataFrame, ledger: Ledger) -> Ledger:
    """The deals the rows belong to, every participation in those deals, and every entity they name (owners
    included), so each foreign key of the snapshot resolves inside it."""
    deal_ids = set(rows["deal_id"].dropna())
    parent = dict(zip(ledger.deals["deal_id"], ledger.deals["part_of"], strict=True))
    frontier = list(deal_ids)
    while (
        frontier
    ):  # the deals these sit in (a tranche's commitment, a first close's round), so part_of resolves too
        up = parent.get(frontier.pop())
        if isinstance(up, str) and up not in deal_ids:
            deal_ids.add(up)
            frontier.append(up)
    deals = ledger.deals[ledger.deals["deal_id"].isin(deal_ids)]
    participations = ledger.participations[ledger.participations["deal_id"].isin(deal_ids)]
    named = set(rows["investor_id"].dropna()) | set(rows["recipient_id"].dropna())
    named |= set(deals["recipient_id"].dropna()) | set(participations["investor_id"].dropna())
    owners = {
        row.entity_id: list(row.owner_ids if row.owner_ids is not None else [])
        for row in ledger.entities.itertuples(index=False)
    }
    frontier = list(named)
    while frontier:
        for owner in owners.get(frontier.pop(), []):
            if owner not in named:
                named.add(owner)
                frontier.append(owner)
    entities = ledger.entities[ledger.entities["entity_id"].isin(named)]
    return Ledger(
        *(
            frame.sort_values(frame.columns[0]).reset_index(drop=True)
            for frame in (entities, deals, participations)
        )
    )


def file_name(kind: str, version: str, day: str) -> str:
    return f"fundgap-{day}-{version}.{kind}"


# -- CSV
# -----------------------------------------------------------------------------------------------------------


def _csv_text(value: str) -> str:
    return '"' + neutralise_formula(value).replace('"', '""') + '"'


def _csv_number(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e18 else repr(number)


def _csv_cell(column: str, value) -> str:
    if column in NUMERIC:
        return _csv_number(value)
    if column == "counted_in_totals":
        return "true" if value else "false"
    return "" if value is None else _csv_text(str(value))


def to_csv(snap: Snapshot) -> bytes:
    """UTF-8 with a BOM (so spreadsheets read the Chinese quotes correctly), CRLF rows, RFC 4180 quoting.

    Every text cell is quoted and neutralised; numbers stay bare so spreadsheets keep them numeric."""
    lines = [",".join(_csv_text(c) for c in COLUMNS)]
    for row in snap.rows.itertuples(index=False):
        lines.append(",".join(_csv_cell(column, value) for column, value in zip(COLUMNS, row, strict=True)))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


# -- Parquet
# -----------------------------------------------------------------------------------------------------


def arrow_schema() -> pa.Schema:
    types = {"string": pa.string(), "number": pa.float64(), "boolean": pa.bool_()}
    return pa.schema(
        [pa.field(name, types[kind], metadata={"description": text}) for name, kind, text in EXPORT_FIELDS]
    )


def to_parquet(snap: Snapshot) -> bytes:
    table = pa.Table.from_pandas(snap.rows, schema=arrow_schema(), preserve_index=False)
    table = table.replace_schema_metadata(
        {
            b"fundgap.dataset_version": snap.version.encode(),
            b"fundgap.view": json.dumps(snap.view.to_query(), sort_keys=True).encode(),
            b"fundgap.citation": DASHBOARD_CITATION.encode(),
        }
    )
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


# -- ZIP: CSV + datapackage.json + README.md
# -------------------------------------------------------------------


def _sources(rows: pd.DataFrame) -> list[dict]:
    cited = rows.drop_duplicates("source_citation").sort_values("source_citation")
    sources = []
    for row in cited.itertuples(index=False):
        entry = {"title": row.source_title or row.source_citation}
        if row.source_url:
            entry["path"] = row.source_url
        sources.append(entry)
    return sources


def datapackage(snap: Snapshot, created: datetime, base_url: str) -> dict:
    return {
        "name": f"fundgap-snapshot-{snap.version}",
        "title": "fundgap snapshot: AI investment figures with their sources",
        "description": tr(snap.view.lang, "Figures in view: {filters}. {rules}").format(
            filters=snap.view.filters.describe(snap.view.lang), rules=snap.view.rules.describe(snap.view.lang)
        ),
        "version": snap.version,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "homepage": urls.with_view(base_url, snap.view),
        "licenses": [LICENSE],
        "sources": _sources(snap.rows),
        "resources": [
            {
                "name": "figures",
                "path": CSV_NAME,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": CSV_DIALECT,
                "schema": {
                    "fields": [{"name": n, "type": k, "description": d} for n, k, d in EXPORT_FIELDS],
                    "missingValues": [""],
                    "primaryKey": ["figure_id"],
                    **(
                        {
                            "foreignKeys": [
                                {
                                    "fields": "deal_id",
                                    "reference": {"resource": "deals", "fields": "deal_id"},
                                },
                                {
                                    "fields": "investor_id",
                                    "reference": {"resource": "entities", "fields": "entity_id"},
                                },
                                {
                                    "fields": "recipient_id",
                                    "reference": {"resource": "entities", "fields": "entity_id"},
                                },
                            ]
                        }
                        if snap.ledger is not None
                        else {}
                    ),
                },
            },
            *(_ledger_resources() if snap.ledger is not None else []),
            *([_releases_resource()] if snap.ledger is not None and snap.ledger.releases is not None else []),
        ],
    }


CSV_DIALECT = {
    "delimiter": ",",
    "quoteChar": '"',
    "doubleQuote": True,
    "lineTerminator": "\r\n",
    "header": True,
}


def readme(snap: Snapshot, created: datetime, base_url: str) -> str:
    cited = snap.rows.drop_duplicates("source_citation").sort_values("source_citation")
    if snap.view.lang != EN:
        return _readme_in(snap.view.lang, snap, created, base_url, cited)
    lines = [
        "# fundgap snapshot: AI investment figures with their sources",
        "",
        f"- Filters: {snap.view.filters.describe()}",
        f"- Counting rules: {snap.view.rules.describe()}",
        f"- Rows: {len(snap.rows)}",
        f"- Dataset version: {snap.version}",
        f"- Downloaded: {created.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- This view in the dashboard: <{urls.with_view(base_url, snap.view)}>",
        "",
        "`data.csv` holds one row per cited figure, with the source title, link, quote and status on "
        "every row.",
        "Text cells that a spreadsheet would run as a formula start with a single quote (`'`); numbers "
        "are plain.",
        "`datapackage.json` describes every column (Frictionless Data Package).",
        *(
            [
                "`entities.csv`, `deals.csv` and `participations.csv` hold the ledger behind these "
                "rows: the deals they",
                "belong to (and the deals those sit in), every participation in those deals and every "
                "entity they name;",
                "`datapackage.json` declares their keys.",
            ]
            if snap.ledger is not None
            else []
        ),
        "",
        "## How to cite",
        "",
        f"{DASHBOARD_CITATION}, dataset version {snap.version}, downloaded {created.strftime('%Y-%m-%d')}, "
        f"<{urls.with_view(base_url, snap.view)}>. Cite the original sources below for each figure.",
        "",
        "## Sources",
        "",
    ]
    lines += [f"- {_markdown_text(c)}" for c in cited["source_citation"] if c]
    return "\n".join(lines) + "\n"


def _readme_in(lang: str, snap: Snapshot, created: datetime, base_url: str, cited: pd.DataFrame) -> str:
    """The README in the reader's language; the column names, file names and the sources' own citations stay
    as they are."""
    link = urls.with_view(base_url, snap.view)
    words = tr(
        lang,
        "# fundgap snapshot: AI investment figures with their sources\n\n"
        "- Filters: {filters}\n"
        "- Counting rules: {rules}\n"
        "- Rows: {rows}\n"
        "- Dataset version: {version}\n"
        "- Downloaded: {downloaded}\n"
        "- This view in the dashboard: <{link}>\n\n"
        "`data.csv` holds one row per cited figure, with the source title, link, quote and status on every "
        "row. Text cells that a spreadsheet would run as a formula start with a single quote (`'`); numbers "
        "are plain. `datapackage.json` describes every column (Frictionless Data Package).",
    ).format(
        filters=snap.view.filters.describe(lang),
        rules=snap.view.rules.describe(lang),
        rows=len(snap.rows),
        version=snap.version,
        # The day as Chinese writes it ("2026年2月18日"), the time as it is; the zone stays UTC.
        downloaded=f"{date_text(created.strftime('%Y-%m-%d'), lang)} {created.strftime('%H:%M')} UTC",
        link=link,
    )
    ledger = (
        tr(
            lang,
            "`entities.csv`, `deals.csv` and `participations.csv` hold the ledger behind these rows: the "
            "deals they belong to (and the deals those sit in), every participation in those deals and every "
            "entity they name; `datapackage.json` declares their keys.",
        )
        if snap.ledger is not None
        else ""
    )
    cite = tr(
        lang,
        "## How to cite\n\n{dashboard}, dataset version {version}, downloaded {day}, <{link}>. Cite the "
        "original sources below for each figure.\n\n## Sources",
    ).format(
        dashboard=tr(lang, DASHBOARD_CITATION),
        version=snap.version,
        day=date_text(created.strftime("%Y-%m-%d"), lang),
        link=link,
    )
    sources = [f"- {_markdown_text(c)}" for c in cited["source_citation"] if c]
    return "\n\n".join(part for part in (words, ledger, cite) if part) + "\n\n" + "\n".join(sources) + "\n"


# An address inside a citation, up to a space or an angle bracket; punctuation that ends the sentence around
# it is not part of it.
_URL = re.compile(r"https?://[^\s<>]+")
_URL_TAIL = ".,;:!?'\")"


def _markdown_text(text: str) -> str:
    """Sources are cited as text: brackets and angle brackets are escaped so no markdown link or HTML forms.
    An address is left whole as an autolink (<https://…>), whose characters markdown shows as they are: a
    backslash before the "_" of "utm_medium" would have been printed, and copied, inside the URL."""
    out, start = [], 0
    for match in _URL.finditer(text):
        url = match.group(0)
        while url and url[-1] in _URL_TAIL and not (url[-1] == ")" and url.count("(") >= url.count(")")):
            url = url[:-1]
        out += [_escape(text[start : match.start()]), f"<{url}>"]
        start = match.start() + len(url)
    out.append(_escape(text[start:]))
    return "".join(out)


def _escape(text: str) -> str:
    for char in "\\[]<>`*_":
        text = text.replace(char, "\\" + char)
    return text


# -- the ledger tables of a ZIP snapshot
# ---------------------------------------------------------------------------

LEDGER_TABLES = {
    # resource name -> (file, columns, primary key, foreign keys as (fields, resource, reference fields))
    "entities": (
        "entities.csv",
        schema.ENTITY_COLUMNS,
        "entity_id",
        [("owner_ids", "entities", "entity_id")],
    ),
    "deals": (
        "deals.csv",
        schema.DEAL_COLUMNS,
        "deal_id",
        [("recipient_id", "entities", "entity_id"), ("part_of", "deals", "deal_id")],
    ),
    "participations": (
        "participations.csv",
        schema.PARTICIPATION_COLUMNS,
        "participation_id",
        [("deal_id", "deals", "deal_id"), ("investor_id", "entities", "entity_id")],
    ),
}
RELEASES_CSV = ("releases.csv", schema.RELEASE_COLUMNS, "release_id", [("lab_id", "entities", "entity_id")])
LEDGER_NUMERIC = set(schema.NUMERIC_COLUMNS[schema.DEALS_FILE]) | set(
    schema.NUMERIC_COLUMNS[schema.PARTICIPATIONS_FILE]
)


def _ledger_cell(column: str, value) -> str:
    if column in LEDGER_NUMERIC:
        return _csv_number(value)
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, str):
        value = ";".join(str(v) for v in list(value))
    return _csv_text(str(value)) if present(value) else ""


def ledger_csv(frame: pd.DataFrame, columns: tuple[str, ...]) -> bytes:
    """A ledger table as the curated CSV has it (lists `;`-separated), formula-safe like every export."""
    lines = [",".join(_csv_text(c) for c in columns)]
    for row in frame[list(columns)].itertuples(index=False):
        lines.append(
            ",".join(_ledger_cell(column, value) for column, value in zip(columns, row, strict=True))
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _csv_resource(name: str, path: str, fields: list[dict], key: str, foreign: list[dict]) -> dict:
    """One CSV table of the ZIP as a Frictionless tabular data resource."""
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": CSV_DIALECT,
        "schema": {"fields": fields, "missingValues": [""], "primaryKey": [key], "foreignKeys": foreign},
    }


def _foreign_keys(foreign: Iterable[tuple[str, str, str]]) -> list[dict]:
    return [{"fields": f, "reference": {"resource": r, "fields": rf}} for f, r, rf in foreign]


def _ledger_resources() -> list[dict]:
    # owner_ids and part_of point into their own table, as lists or optional links: no foreign key for them.
    return [
        _csv_resource(
            name,
            path,
            [{"name": c, "type": "number" if c in LEDGER_NUMERIC else "string"} for c in columns],
            key,
            _foreign_keys(k for k in foreign if k[0] not in ("owner_ids", "part_of")),
        )
        for name, (path, columns, key, foreign) in LEDGER_TABLES.items()
    ]


def to_zip(snap: Snapshot, created: datetime, base_url: str = urls.DEFAULT_ORIGIN) -> bytes:
    members = {
        CSV_NAME: to_csv(snap),
        "datapackage.json": (
            json.dumps(datapackage(snap, created, base_url), indent=2, ensure_ascii=False) + "\n"
        ).encode(),
        "README.md": readme(snap, created, base_url).encode(),
    }
    if snap.ledger is not None:
        for name, (path, columns, _, _) in LEDGER_TABLES.items():
            members[path] = ledger_csv(getattr(snap.ledger, name), columns)
        if snap.ledger.releases is not None:
            members[RELEASES_CSV[0]] = releases_csv(snap.ledger.releases)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


FORMATS = ("csv", "zip", "parquet")


def with_permalinks(snap: Snapshot, base_url: str) -> Snapshot:
    """Each row's permalink on the dashboard the download came from (the default address outside a
    browser)."""
    links = [urls.figure(i, snap.version, base_url, snap.view.lang) for i in snap.rows["figure_id"]]
    rows = snap.rows.assign(permalink=links)
    return replace(snap, rows=rows)


def render(kind: str, snap: Snapshot, created: datetime, base_url: str = urls.DEFAULT_ORIGIN) -> bytes:
    snap = with_permalinks(snap, base_url)
    if kind == "csv":
        return to_csv(snap)
    if kind == "parquet":
        return to_parquet(snap)
    if kind == "zip":
        return to_zip(snap, created, base_url)
    raise ValueError(f"unknown export format {kind!r}; choose one of {', '.join(FORMATS)}")


def _releases_resource() -> dict:
    path, columns, key, foreign = RELEASES_CSV
    fields = [{"name": c, "type": "string"} for c in (*columns, "source_url", "source_citation")]
    return _csv_resource("releases", path, fields, key, _foreign_keys(foreign))


def releases_for(releases: pd.DataFrame, view: View) -> pd.DataFrame:
    """The releases a view selects (its recipient filters, recipient region and years; see
    releases_in_view)."""
    from fundgap.analysis.openness import releases_in_view

    return releases_in_view(releases, view.filters).sort_values("release_id").reset_index(drop=True)


def releases_csv(releases: pd.DataFrame) -> bytes:
    """Releases as the curated CSV has them, formula-safe, with the source's citation and link for each."""
    columns = (*schema.RELEASE_COLUMNS, "source_url", "source_citation")
    return ledger_csv(releases.reindex(columns=list(columns)), columns)
