"""Built Parquet -> Dataset, failing closed with a message that says what is wrong and how to rebuild."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from fundgap.data import schema
from fundgap.data.schema import MANIFEST, OUTPUT_TABLES, VERSION_KEY

REBUILD = "Rebuild it with `python -m fundgap build` (or `make build`)."
# Columns the app depends on, with the pandas dtype kind each must have ('f' float, 'O' object/string, 'i'
# int).
REQUIRED_FIGURE_COLUMNS = {
    **{
        column: "O"
        for column in schema.FIGURE_COLUMNS
        if column not in schema.NUMERIC_COLUMNS[schema.FIGURES_FILE]
    },
    **{column: "f" for column in schema.NUMERIC_COLUMNS[schema.FIGURES_FILE]},
    "year_start": "n",  # nullable: an undated row has no year
    "year_end": "n",
    "record_type": "O",
    "deal_id": "O",
    "role": "O",
    "deal_amount_usd": "f",
    "deal_amount_high_usd": "f",
    "source_title": "O",
    "source_url": "O",
    "source_publisher": "O",
    "source_citation": "O",
}


class DataError(Exception):
    """The built data cannot be used; the message is meant for the reader, with the fix."""


@dataclass(frozen=True)
class Dataset:
    """Each row of `figures` is one cited figure, deal or participation: an amount, who paid whom, when, and
    the source that states it. `entities`, `deals` and `participations` are the ledger those rows were
    flattened from."""

    figures: pd.DataFrame
    sources: pd.DataFrame
    claims: pd.DataFrame
    conflicts: pd.DataFrame
    entities: pd.DataFrame
    gaps: pd.DataFrame
    releases: pd.DataFrame
    version: str
    manifest: dict
    data_dir: Path
    # deals and participations repeat what the row table holds; only a ZIP snapshot needs them as tables, so
    # they are read on first use (their files were checked at load), not held in every server's memory.
    _read_later: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def deals(self) -> pd.DataFrame:
        return self._ledger_table("deals")

    @property
    def participations(self) -> pd.DataFrame:
        return self._ledger_table("participations")

    def _ledger_table(self, name: str) -> pd.DataFrame:
        if name not in self._read_later:
            self._read_later[name] = read_table(self.data_dir, name, self.version)
        return self._read_later[name]


def read_manifest(data_dir: Path) -> dict:
    path = data_dir / MANIFEST
    if not data_dir.is_dir():
        raise DataError(f"The data folder {data_dir.name}/ does not exist. {REBUILD}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{MANIFEST} is missing from the data folder. {REBUILD}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise DataError(f"{MANIFEST} is not valid JSON ({error}). {REBUILD}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("dataset_version"), str):
        raise DataError(f"{MANIFEST} has no dataset_version. {REBUILD}")
    return manifest


def read_table(data_dir: Path, name: str, version: str) -> pd.DataFrame:
    path = data_dir / f"{name}.parquet"
    try:
        # Filter columns and the source fields joined onto every figure come out of Parquet as categoricals:
        # each distinct string is stored once, not once per row (at a million rows, hundreds of MB).
        names = pq.read_schema(path).names
        dictionary = [c for c in DICTIONARY_COLUMNS if c in names] if name == "figures" else None
        parquet = pq.ParquetFile(path, read_dictionary=dictionary)
        table = parquet.read()
    except FileNotFoundError:
        raise DataError(f"{path.name} is missing from the data folder. {REBUILD}") from None
    except Exception as error:  # pyarrow raises several types for truncated or corrupt files
        raise DataError(
            f"{path.name} cannot be read: it is truncated or corrupt ({type(error).__name__}). {REBUILD}"
        ) from None
    found = (table.schema.metadata or {}).get(VERSION_KEY, b"").decode()
    if found != version:
        raise DataError(
            f"{path.name} is dataset version {found or 'unknown'} but {MANIFEST} says {version}: "
            f"the files come from different builds. {REBUILD}"
        )
    # Lists stay in Arrow memory (a million small Python lists cost over 100 MB); Arrow's buffers are released
    # as the columns are converted, so the load does not hold two copies of the table at its peak.
    lists_in_arrow = (
        (lambda t: pd.ArrowDtype(t) if pa.types.is_list(t) else None) if name == "figures" else None
    )
    return table.to_pandas(self_destruct=True, split_blocks=True, types_mapper=lists_in_arrow)


def check_figure_columns(figures: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_FIGURE_COLUMNS if c not in figures]
    if missing:
        raise DataError(f"figures.parquet lacks column(s) {', '.join(missing)}. {REBUILD}")
    wrong = [c for c, kind in REQUIRED_FIGURE_COLUMNS.items() if figures[c].dtype.kind not in _KINDS[kind]]
    if wrong:
        detail = ", ".join(f"{c} is {figures[c].dtype}" for c in wrong)
        raise DataError(f"figures.parquet has columns of the wrong type ({detail}). {REBUILD}")


_KINDS = {"O": "OU", "f": "f", "i": "iu", "n": "iuf"}


# Tables and columns that later builds added. An archived version built before them reads them as empty, so a
# link to an old version still opens (issue 14); the latest build must have them all.
ADDED_LATER_TABLES = ("gaps", "releases")
ADDED_LATER_COLUMNS = {
    "figures": ("caveat", "source_level"),
    "entities": ("founded", "name_zh", "name_zh_source_id"),
}


def read_dataset(data_dir: Path, archived: bool = False) -> Dataset:
    """Load every built table; raise DataError (never a traceback for the reader) when anything is off. An
    `archived` version may predate tables and columns added later: those read as empty."""
    manifest = read_manifest(data_dir)
    version = manifest["dataset_version"]
    tables = {}
    for name in OUTPUT_TABLES:
        if name in READ_LATER:
            continue
        if archived and name in ADDED_LATER_TABLES and not (data_dir / f"{name}.parquet").is_file():
            tables[name] = _empty_table(name)
            continue
        tables[name] = read_table(data_dir, name, version)
    if archived:
        for name, columns in ADDED_LATER_COLUMNS.items():
            for column in columns:
                if column not in tables[name]:
                    tables[name][column] = None
    for name in READ_LATER:
        check_table(data_dir, name, version)
    check_figure_columns(tables["figures"])
    tables["figures"] = with_categories(tables["figures"])
    tables = {name: with_python_strings(table) for name, table in tables.items()}
    return Dataset(**tables, version=version, manifest=manifest, data_dir=data_dir)


READ_LATER = ("deals", "participations")


def _empty_table(name: str) -> pd.DataFrame:
    from fundgap.data import schema

    columns = {
        "gaps": schema.GAP_COLUMNS,
        "releases": (
            *schema.RELEASE_COLUMNS,
            "lab",
            "lab_region",
            "source_publisher",
            "source_title",
            "source_url",
            "source_date_published",
            "source_grade",
            "source_citation",
            "source_level",
            "year",
        ),
    }[name]
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})


def check_table(data_dir: Path, name: str, version: str) -> None:
    """A table read later must be there, readable and of this version now: the app fails closed at load."""
    path = data_dir / f"{name}.parquet"
    try:
        metadata = pq.ParquetFile(path).schema_arrow.metadata or {}
    except FileNotFoundError:
        raise DataError(f"{path.name} is missing from the data folder. {REBUILD}") from None
    except Exception as error:
        raise DataError(
            f"{path.name} cannot be read: it is truncated or corrupt ({type(error).__name__}). {REBUILD}"
        ) from None
    found = metadata.get(VERSION_KEY, b"").decode()
    if found != version:
        raise DataError(
            f"{path.name} is dataset version {found or 'unknown'} but {MANIFEST} says {version}: "
            f"the files come from different builds. {REBUILD}"
        )


# Filter columns become categoricals once at load time so that filtering a large table stays cheap.
CATEGORY_COLUMNS = (
    "investor",
    "investor_id",
    "investor_region",
    "investor_country",
    "recipient",
    "recipient_id",
    "recipient_region",
    "flow_kind",
    "status",
    "amount_kind",
    "record_type",
)


# The source fields repeat one value per source on every figure that cites it.
DICTIONARY_COLUMNS = (
    *CATEGORY_COLUMNS,
    "source_title",
    "source_url",
    "source_publisher",
    "source_citation",
    # and the ledger's short vocabularies, repeated on every row
    "investor_type",
    "recipient_country",
    "source_grade",
    "source_date_published",
    "deal_amount_kind",
    "role",
    "date_precision",
    "valuation_note",
    "currency_original",
)


# Up to this many rows the text columns of a table are held as Python strings, not Arrow strings. Every
# row selection of an Arrow string column goes through pyarrow, which lets go of the GIL and must take it back:
# about 3,000 such calls for one new view of the ten pages, each waiting for the GIL while other readers'
# scripts run (issue 25, py-spy under load). Above it, Arrow's compact storage matters more (the 1M-row
# benchmark's memory). FUNDGAP_PYTHON_STRINGS_UP_TO=0 keeps Arrow strings everywhere, for an A/B measurement.
PYTHON_STRINGS_DEFAULT = 200_000


def _python_strings_up_to(value: str | None) -> int:
    """The row limit from FUNDGAP_PYTHON_STRINGS_UP_TO; anything but a whole number >= 0 keeps the default."""
    try:
        limit = int(value) if value is not None else PYTHON_STRINGS_DEFAULT
    except ValueError:
        return PYTHON_STRINGS_DEFAULT
    return limit if limit >= 0 else PYTHON_STRINGS_DEFAULT


PYTHON_STRINGS_UP_TO = _python_strings_up_to(os.environ.get("FUNDGAP_PYTHON_STRINGS_UP_TO"))


def with_python_strings(table: pd.DataFrame) -> pd.DataFrame:
    if len(table) > PYTHON_STRINGS_UP_TO:
        return table
    out = table.copy(deep=False)
    python = pd.StringDtype("python", na_value=np.nan)
    for column in out.columns:
        kind = out[column].dtype
        if isinstance(kind, pd.StringDtype) and kind.storage == "pyarrow":
            out[column] = out[column].astype(python)
        elif isinstance(kind, pd.CategoricalDtype) and isinstance(kind.categories.dtype, pd.StringDtype):
            values = out[column].array
            categories = pd.Index(kind.categories.astype(python))
            out[column] = pd.Categorical.from_codes(values.codes, categories=categories, ordered=kind.ordered)
    return out


def with_categories(figures: pd.DataFrame) -> pd.DataFrame:
    # Assigning columns replaces them without touching the caller's frame (copy-on-write); no full copy is
    # made, which at a million rows would double the memory peak of loading.
    out = figures.copy(deep=False)
    for column in CATEGORY_COLUMNS:
        out[column] = out[column].astype("category")
    out["year_start"] = out["year_start"].astype("Int64")
    out["year_end"] = out["year_end"].astype("Int64")
    return out
