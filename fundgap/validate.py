"""Validation of the curated files: every problem at once, each with file, line, column, value and message.

Column rules and cross-file references are pandera checks run lazily, so one pass collects every failure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from fundgap import schema
from fundgap.curated import CuratedFile, split_ids
from fundgap.safety import is_https_url, looks_like_formula

HEADER_LINE = 1
SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
CONFLICT_SLUG = re.compile(r"^C[0-9]{2}$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
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
        detail = (f" column {self.column}" if self.column else "") + (f" value {self.value!r}" if self.value != "" else "")
        return f"{self.file}:{self.line}:{detail}: {self.message}" if detail else f"{self.file}:{self.line}: {self.message}"


class CuratedDataError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the curated data")


# -- cell rules ---------------------------------------------------------------------------------------------


def parse_partial_date(text: str) -> date | None:
    """"2024", "2024-05", "2024-05-31" -> the first day they name; None when it does not parse."""
    match = PARTIAL_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_amount(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _cell_check(rule, message: str) -> pa.Check:
    return pa.Check(lambda value: value == "" or rule(value), element_wise=True, error=message)


NOT_FORMULA = pa.Check(
    lambda value: not looks_like_formula(value),
    element_wise=True,
    error="text starts like a spreadsheet formula (=, +, -, @, tab, CR or a full-width form)",
)
REQUIRED = pa.Check(lambda value: value.strip() != "", element_wise=True, error="value is required")
NUMBER = _cell_check(lambda v: parse_amount(v) is not None, "not a plain non-negative number (write 15000000000, not $15B)")
DATE = _cell_check(lambda v: parse_partial_date(v) is not None, "not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
HTTPS = _cell_check(is_https_url, "only https:// URLs with a host are accepted")


def _allowed(values: tuple[str, ...]) -> pa.Check:
    return _cell_check(lambda v: v in values, f"not an allowed value; allowed: {', '.join(values)}")


def _refers_to(known: set[str], what: str, many: bool = False) -> pa.Check:
    if many:
        return _cell_check(lambda v: all(part in known for part in split_ids(v)), f"names an unknown {what}")
    return _cell_check(lambda v: v in known, f"names an unknown {what}")


def _row_check(column: str, message: str, rule) -> pa.Check:
    return pa.Check(lambda frame: frame.apply(rule, axis=1), error=f"{column}{_COLUMN_SEP}{message}")


# -- schemas --------------------------------------------------------------------------------------------------


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


def _bounds_hold(row: pd.Series) -> bool:
    amount, low, high = (parse_amount(row[c]) for c in ("amount_usd", "amount_low_usd", "amount_high_usd"))
    if low is not None and amount is not None and low > amount:
        return False
    if high is not None and amount is not None and amount > high:
        return False
    return not (low is not None and high is not None and low > high)


def _figure_row_checks() -> list[pa.Check]:
    bounded = schema.BOUNDED_AMOUNT_KINDS
    return [
        _row_check("amount_low_usd", "bounds must satisfy low ≤ amount ≤ high", _bounds_hold),
        _row_check(
            "amount_kind",
            f"kinds {', '.join(bounded)} need both amount_low_usd and amount_high_usd",
            # Bounds are in USD: a figure the source gave only in another currency keeps its qualifier in notes.
            lambda r: r["amount_kind"] not in bounded or r["amount_usd"] == ""
            or (r["amount_low_usd"] != "" and r["amount_high_usd"] != ""),
        ),
        _row_check(
            "amount_usd",
            "an undisclosed or not-applicable figure has no amount",
            lambda r: r["amount_kind"] not in ("undisclosed", "not_applicable") or r["amount_usd"] == "",
        ),
        _row_check(
            "amount_usd",
            "a disclosed figure needs amount_usd or amount_original",
            lambda r: r["amount_kind"] in ("undisclosed", "not_applicable")
            or r["amount_usd"] != ""
            or r["amount_original"] != "",
        ),
        _row_check(
            "currency_original",
            "amount_original and currency_original go together",
            lambda r: (r["amount_original"] == "") == (r["currency_original"] == ""),
        ),
        _row_check(
            "quote",
            "a VERIFIED figure needs the quote that states it, or notes saying why the evidence gives none",
            lambda r: r["status"] != "VERIFIED" or r["quote"].strip() != "" or r["notes"].strip() != "",
        ),
        _row_check("period_end", "period_end is before period_start", _period_in_order),
        _row_check("part_of", "a figure cannot be part of itself", lambda r: r["part_of"] != r["figure_id"]),
    ]


def _period_in_order(row: pd.Series) -> bool:
    start, end = parse_partial_date(row["period_start"]), parse_partial_date(row["period_end"])
    return start is None or end is None or start <= end


def _ids(files: dict[str, CuratedFile], file: str) -> set[str]:
    if file not in files or schema.ID_COLUMN[file] not in files[file].rows:
        return set()
    return set(files[file].rows[schema.ID_COLUMN[file]])


def _used_sources(files: dict[str, CuratedFile]) -> set[str]:
    used: set[str] = set()
    figures = files.get(schema.FIGURES_FILE)
    if figures is not None:
        for column in ("source_id", "other_source_ids"):
            if column in figures.rows:
                used.update(part for cell in figures.rows[column] for part in split_ids(cell))
    claims = files.get(schema.CLAIMS_FILE)
    if claims is not None and "source_id" in claims.rows:
        used.update(claims.rows["source_id"])
    return used


def build_schemas(files: dict[str, CuratedFile]) -> dict[str, pa.DataFrameSchema]:
    figure_ids, source_ids = _ids(files, schema.FIGURES_FILE), _ids(files, schema.SOURCES_FILE)
    claim_ids, conflict_ids = _ids(files, schema.CLAIMS_FILE), _ids(files, schema.CONFLICTS_FILE)
    figure_refs = {
        "source_id": _refers_to(source_ids, "source (not in sources.csv)"),
        "other_source_ids": _refers_to(source_ids, "source (not in sources.csv)", many=True),
        "part_of": _refers_to(figure_ids, "figure (not in figures.csv)"),
        "claim_id": _refers_to(claim_ids, "claim (not in claims.csv)"),
    }
    source_refs = {
        "source_id": pa.Check(
            lambda v, used=_used_sources(files): v in used,
            element_wise=True,
            error="source is not used by any figure or claim",
        )
    }
    claim_refs = {
        "source_id": _refers_to(source_ids, "source (not in sources.csv)"),
        "seed_figure_id": _refers_to(figure_ids, "figure (not in figures.csv)"),
        "conflict_ids": _refers_to(conflict_ids, "conflict (not in conflicts.csv)", many=True),
    }
    conflict_refs = {
        "trusted_figure_ids": _refers_to(figure_ids, "figure (not in figures.csv)", many=True),
        "rejected_figure_ids": _refers_to(figure_ids, "figure (not in figures.csv)", many=True),
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
    }


# -- running and reporting ----------------------------------------------------------------------------------


def validate(files: dict[str, CuratedFile]) -> list[Problem]:
    """Every problem in the curated files, sorted by file and line; an empty list means valid."""
    problems = [Problem(name, 0, "", "", "file is missing") for name in schema.CURATED_FILES if name not in files]
    schemas = build_schemas(files)
    for name, curated in files.items():
        problems += [
            Problem(name, line, "", "", f"row has {count} fields; the header has {len(curated.header)}")
            for line, count in curated.malformed_lines
        ]
        problems += _schema_problems(name, curated, schemas[name])
    problems += _part_of_cycles(files)
    return sorted(set(problems))


def _schema_problems(name: str, curated: CuratedFile, file_schema: pa.DataFrameSchema) -> list[Problem]:
    header_problems = _header_problems(name, curated)
    if header_problems:
        # Cell checks on a frame with missing or unknown columns would only repeat the header problem.
        return header_problems
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
            Problem(name, HEADER_LINE, "", ",".join(curated.header), f"columns must be in this order: {','.join(expected)}")
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


def _part_of_cycles(files: dict[str, CuratedFile]) -> list[Problem]:
    figures = files.get(schema.FIGURES_FILE)
    if figures is None or not {"figure_id", "part_of"} <= set(figures.rows):
        return []
    parent = dict(zip(figures.rows["figure_id"], figures.rows["part_of"]))
    line_of = dict(zip(figures.rows["figure_id"], figures.rows.index))
    problems = []
    for figure_id in parent:
        seen, current = {figure_id}, parent.get(figure_id, "")
        while current and current in parent:
            if current == figure_id:
                problems.append(
                    Problem(schema.FIGURES_FILE, int(line_of[figure_id]), "part_of", parent[figure_id], "part_of forms a cycle")
                )
                break
            if current in seen:
                break
            seen.add(current)
            current = parent[current]
    return problems
