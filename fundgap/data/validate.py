"""Validation of the curated files: every problem at once, each with file, line, column, value and message.

Column rules and cross-file references are pandera checks run lazily, so one pass collects every failure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from fundgap.common.safety import is_https_url, looks_like_formula
from fundgap.data import schema
from fundgap.data.curated import CuratedFile, split_ids
from fundgap.data.dates import last_day, parse_partial_date

HEADER_LINE = 1
SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
CONFLICT_SLUG = re.compile(r"^C[0-9]{2}$")
# Row-level checks name the column they report on before this separator in their error text.
_COLUMN_SEP = "|"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        detail = (f" column {self.column}" if self.column else "") + (
            f" value {self.value!r}" if self.value != "" else ""
        )
        return (
            f"{self.file}:{self.line}:{detail}: {self.message}"
            if detail
            else f"{self.file}:{self.line}: {self.message}"
        )


class CuratedDataError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the curated data")


# -- cell rules ---------------------------------------------------------------------------------------------


def parse_amount(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _cell_check(rule: Callable[[str], bool], message: str) -> pa.Check:
    return pa.Check(lambda value: value == "" or rule(value), element_wise=True, error=message)


NOT_FORMULA = pa.Check(
    lambda value: not looks_like_formula(value),
    element_wise=True,
    error="text starts like a spreadsheet formula (=, +, -, @, tab, CR or a full-width form)",
)
REQUIRED = pa.Check(lambda value: value.strip() != "", element_wise=True, error="value is required")
NUMBER = _cell_check(
    lambda v: parse_amount(v) is not None, "not a plain non-negative number (write 15000000000, not $15B)"
)
DATE = _cell_check(
    lambda v: parse_partial_date(v) is not None, "not a date: use YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"
)
HTTPS = _cell_check(is_https_url, "only https:// URLs with a host are accepted")


def _allowed(values: tuple[str, ...]) -> pa.Check:
    return _cell_check(lambda v: v in values, f"not an allowed value; allowed: {', '.join(values)}")


def _refers_to(known: set[str], what: str, many: bool = False) -> pa.Check:
    if many:
        return _cell_check(lambda v: all(part in known for part in split_ids(v)), f"names an unknown {what}")
    return _cell_check(lambda v: v in known, f"names an unknown {what}")


def _row_check(column: str, message: str, rule: Callable[[pd.Series], bool]) -> pa.Check:
    return pa.Check(lambda frame: frame.apply(rule, axis=1), error=f"{column}{_COLUMN_SEP}{message}")


# -- schemas
# --------------------------------------------------------------------------------------------------


def _column_checks(file: str, column: str, refs: dict[str, pa.Check]) -> list[pa.Check]:
    checks = [NOT_FORMULA]
    if column in schema.REQUIRED_BY_FILE[file]:
        checks.append(REQUIRED)
    if column in schema.NUMERIC_COLUMNS.get(file, ()):
        checks.append(NUMBER)
    if column in schema.DATE_COLUMNS.get(file, ()):
        checks.append(DATE)
    if column in schema.ALLOWED_VALUES.get(file, {}):
        checks.append(_allowed(schema.ALLOWED_VALUES[file][column]))
    if column == schema.ID_COLUMN[file]:
        slug = CONFLICT_SLUG if file == schema.CONFLICTS_FILE else SLUG
        checks.append(_cell_check(lambda v: bool(slug.match(v)), f"id must match {slug.pattern}"))
    if column == "url":
        checks.append(HTTPS)
    if column in refs:
        checks.append(refs[column])
    return checks


def _file_schema(file: str, refs: dict[str, pa.Check], row_checks: list[pa.Check]) -> pa.DataFrameSchema:
    id_column = schema.ID_COLUMN[file]
    columns = {
        column: pa.Column(
            str,
            _column_checks(file, column, refs),
            unique=column == id_column,
            report_duplicates="all",
            nullable=False,
        )
        for column in schema.COLUMNS_BY_FILE[file]
    }
    return pa.DataFrameSchema(columns, checks=row_checks, strict=True, ordered=True)


@dataclass(frozen=True)
class AmountColumns:
    """The names of one file's amount columns: figures and deals say amount_*, participations ticket_*."""

    value: str = "amount_usd"
    low: str = "amount_low_usd"
    high: str = "amount_high_usd"
    kind: str = "amount_kind"
    original: str = "amount_original"


FIGURE_AMOUNT = AmountColumns()
TICKET_AMOUNT = AmountColumns(
    "ticket_usd", "ticket_low_usd", "ticket_high_usd", "ticket_kind", "ticket_original"
)
# A VERIFIED row carries the quote that states it. The exception is written out, never implied: notes that
# start with this marker say why the archived evidence holds no quote (the figure is verified across several
# sources).
NO_QUOTE_MARKER = "No quote:"


def _bounds_hold(row: pd.Series, cols: AmountColumns) -> bool:
    amount, low, high = (parse_amount(row[c]) for c in (cols.value, cols.low, cols.high))
    if low is not None and amount is not None and low > amount:
        return False
    if high is not None and amount is not None and amount > high:
        return False
    return not (low is not None and high is not None and low > high)


def _bounds_match_kind(row: pd.Series, cols: AmountColumns) -> bool:
    # Bounds are in USD: a figure the source gave only in another currency keeps its qualifier in notes.
    kind, low, high = row[cols.kind], row[cols.low], row[cols.high]
    if row[cols.value] == "" or kind not in schema.BOUNDED_AMOUNT_KINDS:
        return True
    if kind == "lower_bound":  # "more than $30B": an open upper bound, never low = high
        return low != "" and high == ""
    return low != "" and high != ""


def amount_row_checks(cols: AmountColumns, what: str) -> list[pa.Check]:
    return [
        _row_check(cols.low, "bounds must satisfy low ≤ amount ≤ high", lambda r: _bounds_hold(r, cols)),
        _row_check(
            cols.kind,
            f"approximate, range and upper_bound need both {cols.low} and {cols.high}; lower_bound "
            f"({'more than'!r}) "
            f"needs {cols.low} and an empty {cols.high} (its upper end is open)",
            lambda r: _bounds_match_kind(r, cols),
        ),
        _row_check(
            cols.value,
            f"an undisclosed or not-applicable {what} has no amount",
            lambda r: r[cols.kind] not in ("undisclosed", "not_applicable") or r[cols.value] == "",
        ),
        _row_check(
            cols.value,
            f"a disclosed {what} needs {cols.value} or {cols.original}",
            lambda r: (
                r[cols.kind] in ("undisclosed", "not_applicable")
                or r[cols.value] != ""
                or r[cols.original] != ""
            ),
        ),
        _row_check(
            "currency_original",
            f"{cols.original} and currency_original go together",
            lambda r: (r[cols.original] == "") == (r["currency_original"] == ""),
        ),
    ]


def _quote_check(what: str) -> pa.Check:
    return _row_check(
        "quote",
        f"a VERIFIED {what} needs the quote that states it, or notes starting {NO_QUOTE_MARKER!r} that "
        "say why the "
        "evidence gives none",
        lambda r: (
            r["status"] != "VERIFIED"
            or r["quote"].strip() != ""
            or r["notes"].strip().startswith(NO_QUOTE_MARKER)
        ),
    )


def _figure_row_checks() -> list[pa.Check]:
    return [
        *amount_row_checks(FIGURE_AMOUNT, "figure"),
        _quote_check("figure"),
        _row_check(
            "period_end",
            "period_end is before period_start",
            lambda r: _in_order(r["period_start"], r["period_end"]),
        ),
        _row_check("part_of", "a figure cannot be part of itself", lambda r: r["part_of"] != r["figure_id"]),
    ]


def _deal_row_checks() -> list[pa.Check]:
    return [
        *amount_row_checks(FIGURE_AMOUNT, "deal"),
        _quote_check("deal"),
        _row_check(
            "date_end", "date_end is before date_start", lambda r: _in_order(r["date_start"], r["date_end"])
        ),
        _row_check("part_of", "a deal cannot be part of itself", lambda r: r["part_of"] != r["deal_id"]),
        _row_check(
            "part_of",
            "a tranche needs the commitment or round it belongs to (part_of), or notes saying none is "
            "recorded",
            lambda r: r["deal_kind"] != "tranche" or r["part_of"] != "" or r["notes"].strip() != "",
        ),
    ]


def _participation_row_checks() -> list[pa.Check]:
    # A participation without its own source rests on its deal's source and quote; with its own source, the
    # quote rule applies to it as to any figure.
    return [
        *amount_row_checks(TICKET_AMOUNT, "ticket"),
        _row_check(
            "quote",
            "a VERIFIED participation with its own source needs the quote that states it, or notes "
            f"starting {NO_QUOTE_MARKER!r}",
            lambda r: (
                r["status"] != "VERIFIED"
                or r["source_id"] == ""
                or r["quote"].strip() != ""
                or r["notes"].strip().startswith(NO_QUOTE_MARKER)
            ),
        ),
    ]


def _entity_row_checks() -> list[pa.Check]:
    return [
        _row_check(
            "owner_ids",
            "an entity cannot own itself",
            lambda r: r["entity_id"] not in split_ids(r["owner_ids"]),
        ),
        _row_check(
            "name_zh_source_id",
            "a Chinese name (name_zh) needs the source whose text shows it (name_zh_source_id)",
            lambda r: r["name_zh"].strip() == "" or r["name_zh_source_id"].strip() != "",
        ),
        _row_check(
            "name_zh_source_id",
            "a name_zh_source_id without a name_zh: the source shows no name here",
            lambda r: r["name_zh_source_id"].strip() == "" or r["name_zh"].strip() != "",
        ),
    ]


def _in_order(start_text: str, end_text: str) -> bool:
    # An end month or quarter that contains the start day is in order: compare with the end period's last day.
    start, end = parse_partial_date(start_text), last_day(end_text)
    return start is None or end is None or start <= end


def _ids(files: dict[str, CuratedFile], file: str) -> set[str]:
    if file not in files or schema.ID_COLUMN[file] not in files[file].rows:
        return set()
    return set(files[file].rows[schema.ID_COLUMN[file]])


def _used_sources(files: dict[str, CuratedFile]) -> set[str]:
    used: set[str] = set()
    for name in (schema.FIGURES_FILE, schema.DEALS_FILE, schema.PARTICIPATIONS_FILE, schema.RELEASES_FILE):
        curated = files.get(name)
        if curated is None:
            continue
        for column in ("source_id", "other_source_ids"):
            if column in curated.rows:
                used.update(part for cell in curated.rows[column] for part in split_ids(cell))
    claims = files.get(schema.CLAIMS_FILE)
    if claims is not None and "source_id" in claims.rows:
        used.update(claims.rows["source_id"])
    # A source may show only an entity's Chinese name.
    entities = files.get(schema.ENTITIES_FILE)
    if entities is not None and "name_zh_source_id" in entities.rows:
        used.update(v for v in entities.rows["name_zh_source_id"] if v)
    return used


def build_schemas(files: dict[str, CuratedFile]) -> dict[str, pa.DataFrameSchema]:
    figure_ids, source_ids = _ids(files, schema.FIGURES_FILE), _ids(files, schema.SOURCES_FILE)
    claim_ids, conflict_ids = _ids(files, schema.CLAIMS_FILE), _ids(files, schema.CONFLICTS_FILE)
    entity_ids, deal_ids = _ids(files, schema.ENTITIES_FILE), _ids(files, schema.DEALS_FILE)
    # Conflicts and claims may name any row of the ledger: a figure, a deal or a participation.
    row_ids = figure_ids | deal_ids | _ids(files, schema.PARTICIPATIONS_FILE)
    unknown_row = "figure, deal or participation (not in figures.csv, deals.csv or participations.csv)"
    figure_refs = {
        "source_id": _refers_to(source_ids, "source (not in sources.csv)"),
        "other_source_ids": _refers_to(source_ids, "source (not in sources.csv)", many=True),
        "part_of": _refers_to(figure_ids, "figure (not in figures.csv)"),
        "claim_id": _refers_to(claim_ids, "claim (not in claims.csv)"),
        "investor_id": _refers_to(entity_ids, "entity (not in entities.csv)"),
        "recipient_id": _refers_to(entity_ids, "entity (not in entities.csv)"),
    }
    entity_refs = {
        "owner_ids": _refers_to(entity_ids, "owner entity (not in entities.csv)", many=True),
        "name_zh_source_id": _refers_to(source_ids, "source (not in sources.csv)"),
    }
    deal_refs = {
        "recipient_id": _refers_to(entity_ids, "entity (not in entities.csv)"),
        "part_of": _refers_to(deal_ids, "deal (not in deals.csv)"),
        "source_id": _refers_to(source_ids, "source (not in sources.csv)"),
        "other_source_ids": _refers_to(source_ids, "source (not in sources.csv)", many=True),
        "claim_id": _refers_to(claim_ids, "claim (not in claims.csv)"),
    }
    participation_refs = {
        "deal_id": _refers_to(deal_ids, "deal (not in deals.csv)"),
        "investor_id": _refers_to(entity_ids, "entity (not in entities.csv)"),
        "source_id": _refers_to(source_ids, "source (not in sources.csv)"),
        "other_source_ids": _refers_to(source_ids, "source (not in sources.csv)", many=True),
        "claim_id": _refers_to(claim_ids, "claim (not in claims.csv)"),
    }
    used_sources = _used_sources(files)
    source_refs = {
        "source_id": pa.Check(
            lambda v: v in used_sources,
            element_wise=True,
            error="source is not used by any figure or claim",
        )
    }
    claim_refs = {
        "source_id": _refers_to(source_ids, "source (not in sources.csv)"),
        "seed_figure_id": _refers_to(row_ids, unknown_row),
        "conflict_ids": _refers_to(conflict_ids, "conflict (not in conflicts.csv)", many=True),
        "compared_investor_ids": _refers_to(entity_ids, "entity (not in entities.csv)", many=True),
        "compared_lab_ids": _refers_to(entity_ids, "entity (not in entities.csv)", many=True),
    }
    conflict_refs = {
        "trusted_figure_ids": _refers_to(row_ids, unknown_row, many=True),
        "rejected_figure_ids": _refers_to(row_ids, unknown_row, many=True),
    }
    source_rows = [
        _row_check(
            "url_missing_reason",
            "a source without an https URL must say why in url_missing_reason",
            lambda r: r["url"] != "" or r["url_missing_reason"].strip() != "",
        )
    ]
    return {
        schema.FIGURES_FILE: _file_schema(schema.FIGURES_FILE, figure_refs, _figure_row_checks()),
        schema.SOURCES_FILE: _file_schema(schema.SOURCES_FILE, source_refs, source_rows),
        schema.CLAIMS_FILE: _file_schema(schema.CLAIMS_FILE, claim_refs, []),
        schema.CONFLICTS_FILE: _file_schema(schema.CONFLICTS_FILE, conflict_refs, []),
        schema.ENTITIES_FILE: _file_schema(schema.ENTITIES_FILE, entity_refs, _entity_row_checks()),
        schema.DEALS_FILE: _file_schema(schema.DEALS_FILE, deal_refs, _deal_row_checks()),
        schema.PARTICIPATIONS_FILE: _file_schema(
            schema.PARTICIPATIONS_FILE, participation_refs, _participation_row_checks()
        ),
        schema.GAPS_FILE: _file_schema(
            schema.GAPS_FILE, {"entity_id": _refers_to(entity_ids, "entity (not in entities.csv)")}, []
        ),
        schema.RELEASES_FILE: _file_schema(
            schema.RELEASES_FILE,
            {
                "lab_id": _refers_to(_lab_ids(files), "lab (not an entity of kind lab in entities.csv)"),
                "source_id": _refers_to(source_ids, "source (not in sources.csv)"),
                "other_source_ids": _refers_to(source_ids, "source (not in sources.csv)", many=True),
                "claim_id": _refers_to(claim_ids, "claim (not in claims.csv)"),
            },
            _release_row_checks(),
        ),
    }


def _lab_ids(files: dict[str, CuratedFile]) -> set[str]:
    entities = files.get(schema.ENTITIES_FILE)
    if entities is None or not {"entity_id", "kind"} <= set(entities.rows.columns):
        return set()
    return set(entities.rows.loc[entities.rows["kind"] == "lab", "entity_id"])


def _release_row_checks() -> list[pa.Check]:
    return [
        _row_check(
            "licence",
            "a licence name needs open weights (openness open_weights or partly_open)",
            lambda r: r["licence"] == "" or r["openness"] in ("open_weights", "partly_open"),
        ),
        _row_check(
            "weights_date",
            "weights cannot be released before the model itself (date)",
            lambda r: r["weights_date"] == "" or _in_order(r["date"], r["weights_date"]),
        ),
        _row_check(
            "quote",
            "a VERIFIED release needs the quote that states its openness, or notes starting "
            f"{NO_QUOTE_MARKER!r}",
            lambda r: (
                r["status"] != "VERIFIED"
                or r["quote"].strip() != ""
                or r["notes"].strip().startswith(NO_QUOTE_MARKER)
            ),
        ),
    ]


# -- running and reporting ----------------------------------------------------------------------------------


def validate(files: dict[str, CuratedFile]) -> list[Problem]:
    """Every problem in the curated files, sorted by file and line; an empty list means valid."""
    problems = [
        Problem(name, 0, "", "", "file is missing") for name in schema.CURATED_FILES if name not in files
    ]
    schemas = build_schemas(files)
    for name, curated in files.items():
        problems += [
            Problem(name, line, "", "", f"row has {count} fields; the header has {len(curated.header)}")
            for line, count in curated.malformed_lines
        ]
        problems += _schema_problems(name, curated, schemas[name])
    problems += _part_of_cycles(files, schema.FIGURES_FILE, "part_of")
    problems += _part_of_cycles(files, schema.DEALS_FILE, "part_of")
    problems += _part_of_cycles(files, schema.ENTITIES_FILE, "owner_ids")
    problems += ledger_problems(files)
    return sorted(set(problems))


def _schema_problems(name: str, curated: CuratedFile, file_schema: pa.DataFrameSchema) -> list[Problem]:
    header_problems = _header_problems(name, curated)
    if header_problems:
        # Cell checks on a frame with missing or unknown columns would only repeat the header problem.
        return header_problems
    if curated.rows.empty:
        # A header and no rows has no cell to check (pandera would only complain about empty dtypes).
        return []
    try:
        file_schema.validate(curated.rows, lazy=True)
    except SchemaErrors as errors:
        return _to_problems(name, errors.failure_cases)
    return []


def _header_problems(name: str, curated: CuratedFile) -> list[Problem]:
    expected = schema.COLUMNS_BY_FILE[name]
    problems = [
        Problem(name, HEADER_LINE, column, column, "unknown column")
        for column in curated.header
        if column not in expected
    ]
    problems += [
        Problem(name, HEADER_LINE, column, "", "required column is missing")
        for column in expected
        if column not in curated.header
    ]
    if not problems and tuple(curated.header) != expected:
        problems.append(
            Problem(
                name,
                HEADER_LINE,
                "",
                ",".join(curated.header),
                f"columns must be in this order: {','.join(expected)}",
            )
        )
    return problems


def _to_problems(name: str, failures: pd.DataFrame) -> list[Problem]:
    problems = []
    for failure in failures.itertuples(index=False):
        message = str(failure.check)
        column = failure.column or ""
        if failure.schema_context == "DataFrameSchema" and _COLUMN_SEP in message:
            target, message = message.split(_COLUMN_SEP, 1)
            if column != target:
                continue
        elif message == "field_uniqueness":
            message = "duplicate id"
        line = int(failure.index) if failure.index is not None and not pd.isna(failure.index) else HEADER_LINE
        value = "" if failure.failure_case is None else str(failure.failure_case)
        problems.append(Problem(name, line, column, value, message))
    return problems


def _part_of_cycles(files: dict[str, CuratedFile], file: str, column: str) -> list[Problem]:
    """Rows whose chain of parents (part_of, or owners) comes back to them."""
    curated = files.get(file)
    id_column = schema.ID_COLUMN[file]
    if curated is None or not {id_column, column} <= set(curated.rows):
        return []
    parents = {
        row_id: split_ids(cell)
        for row_id, cell in zip(curated.rows[id_column], curated.rows[column], strict=True)
    }
    line_of = dict(zip(curated.rows[id_column], curated.rows.index, strict=True))
    message = "ownership forms a cycle" if column == "owner_ids" else f"{column} forms a cycle"
    problems = []
    for row_id in parents:
        seen, frontier = set(), list(parents[row_id])
        while frontier:
            current = frontier.pop()
            if current == row_id:
                problems.append(
                    Problem(file, int(line_of[row_id]), column, ";".join(parents[row_id]), message)
                )
                break
            if current in seen or current not in parents:
                continue
            seen.add(current)
            frontier.extend(parents[current])
    return problems


# -- checks across the ledger's files ------------------------------------------------------------------------


def ledger_problems(files: dict[str, CuratedFile]) -> list[Problem]:
    """What no single row can show: duplicate names, ids shared between files, tickets larger than their deal,
    tranches adding up to more than their commitment, and an investor listed twice in one deal."""
    needed = (schema.ENTITIES_FILE, schema.DEALS_FILE, schema.PARTICIPATIONS_FILE, schema.FIGURES_FILE)
    if any(name not in files or _header_problems(name, files[name]) for name in needed):
        return []  # reported already as a missing file or a header problem
    entities, deals = files[schema.ENTITIES_FILE].rows, files[schema.DEALS_FILE].rows
    participations, figures = files[schema.PARTICIPATIONS_FILE].rows, files[schema.FIGURES_FILE].rows
    releases = (
        files[schema.RELEASES_FILE].rows
        if schema.RELEASES_FILE in files
        and not _header_problems(schema.RELEASES_FILE, files[schema.RELEASES_FILE])
        else None
    )
    sources = files[schema.SOURCES_FILE].rows if schema.SOURCES_FILE in files else None
    return (
        _duplicate_names(entities)
        + (_verified_rows_cite_a_source_we_hold(files, sources) if sources is not None else [])
        + _shared_ids(figures, deals, participations)
        + _tickets_within_deals(deals, participations)
        + _tranches_within_commitments(deals)
        + _repeated_participants(participations)
        + (_releases_after_founding(releases, entities) if releases is not None else [])
    )


def citable_sources(sources: pd.DataFrame) -> set[str]:
    """Sources a VERIFIED row may rest on: level 1–3, an https link, and text the project holds."""
    level = sources["grade"].map(schema.SOURCE_LEVEL)
    held = sources["text_held"] != "no" if "text_held" in sources else True
    # A link that is not https is reported on its own cell; counting it here too would only repeat that.
    citable = (level <= 3) & (sources["url"] != "") & held
    return set(sources.loc[citable, "source_id"])


def _verified_rows_cite_a_source_we_hold(
    files: dict[str, CuratedFile], sources: pd.DataFrame
) -> list[Problem]:
    """VERIFIED means the amount and parties stand in a level 1–3 source whose text we hold, with an https
    link: the row's own source or one of its corroborating sources (a participation without a source of its
    own rests on its deal's)."""
    citable = citable_sources(sources)
    known = set(sources["source_id"]) | {""}
    deals = files[schema.DEALS_FILE].rows
    # Every source of each deal: a participation without a source of its own rests on all of them.
    deal_sources = {
        deal_id: [own, *(s for s in others.split(";") if s)]
        for deal_id, own, others in zip(
            deals["deal_id"], deals["source_id"], deals["other_source_ids"], strict=True
        )
    }
    problems = []
    for name in (schema.FIGURES_FILE, schema.DEALS_FILE, schema.PARTICIPATIONS_FILE):
        for line, row in files[name].rows.iterrows():
            if row["status"] != "VERIFIED":
                continue
            own = [row["source_id"]] if row["source_id"] else deal_sources.get(row.get("deal_id", ""), [])
            cited = [*own, *(s for s in row["other_source_ids"].split(";") if s)]
            unknown = set(cited) - known  # reported on their own cells already
            if row["notes"].strip().startswith(NO_QUOTE_MARKER) or citable & set(cited) or unknown:
                continue
            problems.append(
                Problem(
                    name,
                    int(line),
                    "status",
                    "VERIFIED",
                    "VERIFIED needs a level 1–3 source with an https link whose text we hold "
                    f"(cites {', '.join(c for c in cited if c) or 'none'}); mark it UNVERIFIED or cite one",
                )
            )
    return problems


def _releases_after_founding(releases: pd.DataFrame, entities: pd.DataFrame) -> list[Problem]:
    founded = dict(zip(entities["entity_id"], entities["founded"], strict=True))
    problems = []
    for line, row in releases.iterrows():
        start, latest = parse_partial_date(founded.get(row["lab_id"], "")), last_day(row["date"])
        # The release period's last day before the founding: before the lab existed, whatever the precision.
        if start is not None and latest is not None and latest < start:
            problems.append(
                Problem(
                    schema.RELEASES_FILE,
                    int(line),
                    "date",
                    row["date"],
                    f"before the lab {row['lab_id']!r} existed (founded {founded[row['lab_id']]})",
                )
            )
    return problems


def name_keys(row: pd.Series) -> list[tuple[str, str]]:
    """(column, text) of every name an entity answers to: its name, short name, aliases and Chinese name."""
    keys = [("name", row["name"]), ("short_name", row["short_name"])]
    keys += [("aliases", alias) for alias in split_ids(row["aliases"])]
    return keys + ([("name_zh", row["name_zh"])] if row.get("name_zh", "") else [])


def _duplicate_names(entities: pd.DataFrame) -> list[Problem]:
    owner_of: dict[str, str] = {}
    problems = []
    for line, row in entities.iterrows():
        for column, text in name_keys(row):
            key = text.strip().casefold()
            if not key:
                continue
            other = owner_of.setdefault(key, row["entity_id"])
            if other != row["entity_id"]:
                problems.append(
                    Problem(
                        schema.ENTITIES_FILE,
                        int(line),
                        column,
                        text,
                        f"name or alias already used by entity {other!r}: a typed name must find one entity",
                    )
                )
    return problems


def _shared_ids(figures: pd.DataFrame, deals: pd.DataFrame, participations: pd.DataFrame) -> list[Problem]:
    # One id names one row everywhere (permalinks, conflicts, old links): figures, deals and participations
    # share it.
    seen = {figure_id: schema.FIGURES_FILE for figure_id in figures["figure_id"]}
    problems = []
    for file, frame, column in (
        (schema.DEALS_FILE, deals, "deal_id"),
        (schema.PARTICIPATIONS_FILE, participations, "participation_id"),
    ):
        for line, row_id in frame[column].items():
            if row_id in seen and seen[row_id] != file:
                problems.append(
                    Problem(file, int(line), column, row_id, f"id already used in {seen[row_id]}")
                )
            seen.setdefault(row_id, file)
    return problems


def _tickets_within_deals(deals: pd.DataFrame, participations: pd.DataFrame) -> list[Problem]:
    ceiling_of = {deal["deal_id"]: _ceiling(deal) for _, deal in deals.iterrows()}
    problems = []
    for line, row in participations.iterrows():
        ticket = (
            parse_amount(row["ticket_low_usd"]) if row["ticket_low_usd"] else parse_amount(row["ticket_usd"])
        )
        ceiling = ceiling_of.get(row["deal_id"])
        if ticket is not None and ceiling is not None and ticket > ceiling and row["status"] != "REJECT":
            problems.append(
                Problem(
                    schema.PARTICIPATIONS_FILE,
                    int(line),
                    "ticket_usd",
                    row["ticket_usd"],
                    f"ticket is larger than its deal {row['deal_id']!r} (at most {ceiling:,.0f})",
                )
            )
    return problems


def _tranches_within_commitments(deals: pd.DataFrame) -> list[Problem]:
    counted = deals[
        (deals["deal_kind"] == "tranche") & (deals["part_of"] != "") & (deals["status"] != "REJECT")
    ]
    paid: dict[str, float] = {}
    for _, tranche in counted.iterrows():
        floor = (
            parse_amount(tranche["amount_low_usd"])
            if tranche["amount_low_usd"]
            else parse_amount(tranche["amount_usd"])
        )
        paid[tranche["part_of"]] = paid.get(tranche["part_of"], 0.0) + (floor or 0.0)
    problems = []
    for line, deal in deals.iterrows():
        ceiling = _ceiling(deal)
        if deal["deal_id"] in paid and ceiling is not None and paid[deal["deal_id"]] > ceiling:
            problems.append(
                Problem(
                    schema.DEALS_FILE,
                    int(line),
                    "amount_usd",
                    deal["amount_usd"],
                    f"its tranches add up to {paid[deal['deal_id']]:,.0f}, more than the deal itself",
                )
            )
    return problems


def _ceiling(deal: pd.Series) -> float | None:
    """The most a deal can be: its high bound, else its amount; None when open ("more than") or unknown."""
    if deal["amount_kind"] == "lower_bound":
        return None
    return (
        parse_amount(deal["amount_high_usd"]) if deal["amount_high_usd"] else parse_amount(deal["amount_usd"])
    )


def _repeated_participants(participations: pd.DataFrame) -> list[Problem]:
    # A rejected report may sit beside the corrected participation of the same investor.
    kept = participations[participations["status"] != "REJECT"]
    pairs = kept[["deal_id", "investor_id"]].apply(tuple, axis=1)
    repeated = kept[pairs.duplicated(keep="first")] if len(kept) else kept
    return [
        Problem(
            schema.PARTICIPATIONS_FILE,
            int(line),
            "investor_id",
            row["investor_id"],
            f"this investor already has a participation in deal {row['deal_id']!r}",
        )
        for line, row in repeated.iterrows()
    ]
