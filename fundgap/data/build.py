"""curated CSV -> validated, typed Parquet + manifest.json, written atomically and deterministically.

Stages (after OWID's etl): read the curated files faithfully, validate them, tidy them into typed tables with
the source fields joined onto each figure, then write every output through a temporary file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from fundgap.data import schema
from fundgap.data.curated import CuratedFile, read_curated, split_ids
from fundgap.data.dates import parse_partial_date
from fundgap.data.ledger import flatten
from fundgap.data.validate import CuratedDataError, parse_amount, validate

# Re-exported: the app reads these names without importing the build (and pandera) at start-up.
MANIFEST, VERSION_KEY, OUTPUT_TABLES = schema.MANIFEST, schema.VERSION_KEY, schema.OUTPUT_TABLES
SOURCE_FIELDS = {
    "publisher": "source_publisher",
    "title": "source_title",
    "url": "source_url",
    "date_published": "source_date_published",
    "grade": "source_grade",
    "citation": "source_citation",
}


@dataclass(frozen=True)
class BuiltDataset:
    tables: dict[str, pd.DataFrame]
    version: str


def dataset_version(files: dict[str, CuratedFile]) -> str:
    """A hash of the normalised curated inputs, so the version changes exactly when the curated data does."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(files[name].raw_bytes.replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:12]


def _blank_to_none(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.replace({"": None})


def _numbers(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for column in columns:
        frame[column] = [parse_amount(v) if v else None for v in frame[column]]
        frame[column] = frame[column].astype("float64")
    return frame


def _lists(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for column in columns:
        frame[column] = [split_ids(v) for v in frame[column]]
    return frame


def _year(text: str | None) -> int | None:
    parsed = parse_partial_date(text) if isinstance(text, str) and text else None
    return parsed.year if parsed else None


def _typed(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    out = _numbers(frame.copy(), schema.NUMERIC_COLUMNS.get(file, ()))
    out = _lists(out, schema.LIST_COLUMNS.get(file, ()))
    return _blank_to_none(out.sort_values(schema.ID_COLUMN[file]).reset_index(drop=True))


def tidy_rows(rows: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The flat table the app reads: figures, deals and participations as rows, with years and source
    fields."""
    out = flatten(
        *(
            _typed(rows[name], name)
            for name in (
                schema.FIGURES_FILE,
                schema.DEALS_FILE,
                schema.PARTICIPATIONS_FILE,
                schema.ENTITIES_FILE,
            )
        )
    )
    # An undated row has no year: it is listed as undated, never placed in a stand-in year.
    out["year_start"] = pd.array([_year(v) for v in out["period_start"]], dtype="Int64")
    out["year_end"] = pd.array(
        [_year(v) or _year(s) for v, s in zip(out["period_end"], out["period_start"], strict=True)],
        dtype="Int64",
    )
    out = _join_sources(out, rows[schema.SOURCES_FILE])
    out["caveat"] = evidence_caveats(out, rows[schema.SOURCES_FILE])
    out["source_level"] = pd.array([schema.SOURCE_LEVEL.get(g) for g in out["source_grade"]], dtype="Int64")
    out = _blank_to_none(out.sort_values("figure_id").reset_index(drop=True))
    # Text as Python objects throughout, so every text column is Arrow `string` (not `large_string`).
    text = [c for c in out.columns if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype)]
    return out.astype({c: object for c in text})


def evidence_caveats(frame: pd.DataFrame, sources: pd.DataFrame) -> list:
    """The curated caveat of each row, else "single secondary source" when all its sources are secondary."""
    grade = dict(zip(sources["source_id"], sources["grade"], strict=True))
    caveats = []
    for caveat, own, others in zip(
        frame["caveat"], frame["source_id"], frame["other_source_ids"], strict=True
    ):
        ids = [i for i in [own, *(others if isinstance(others, list) else [])] if i]
        if caveat:
            caveats.append(caveat)
        elif ids and all(grade.get(i) == "secondary" for i in ids):
            caveats.append(schema.SINGLE_SECONDARY)
        else:
            caveats.append(None)
    return caveats


def with_levels(sources: pd.DataFrame) -> pd.DataFrame:
    return sources.assign(
        level=pd.array([schema.SOURCE_LEVEL.get(g) for g in sources["grade"]], dtype="Int64")
    )


def _join_sources(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    joined = sources.set_index("source_id")[list(SOURCE_FIELDS)].rename(columns=SOURCE_FIELDS)
    return frame.join(joined, on="source_id")


def tidy_claims(claims: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    out = _numbers(_join_sources(claims.copy(), sources), schema.NUMERIC_COLUMNS[schema.CLAIMS_FILE])
    out = _lists(out, schema.LIST_COLUMNS[schema.CLAIMS_FILE])
    bearing = (
        figures[figures["claim_id"].notna()]
        .sort_values("figure_id")
        .groupby("claim_id")["figure_id"]
        .agg(list)
    )
    out["evidence_figure_ids"] = [bearing.get(claim_id, []) for claim_id in out["claim_id"]]
    return _blank_to_none(out.sort_values("claim_id").reset_index(drop=True))


def tidy(files: dict[str, CuratedFile]) -> dict[str, pd.DataFrame]:
    rows = {name: curated.rows for name, curated in files.items()}
    flat = tidy_rows(rows)
    return {
        "figures": flat,
        "sources": with_levels(_typed(rows[schema.SOURCES_FILE], schema.SOURCES_FILE)),
        "claims": tidy_claims(rows[schema.CLAIMS_FILE], flat, rows[schema.SOURCES_FILE]),
        "conflicts": _typed(rows[schema.CONFLICTS_FILE], schema.CONFLICTS_FILE),
        "entities": _typed(rows[schema.ENTITIES_FILE], schema.ENTITIES_FILE),
        "deals": _join_sources(_typed(rows[schema.DEALS_FILE], schema.DEALS_FILE), rows[schema.SOURCES_FILE]),
        "participations": _typed(rows[schema.PARTICIPATIONS_FILE], schema.PARTICIPATIONS_FILE),
        "gaps": _typed(rows[schema.GAPS_FILE], schema.GAPS_FILE),
        "releases": tidy_releases(
            rows[schema.RELEASES_FILE], rows[schema.ENTITIES_FILE], rows[schema.SOURCES_FILE]
        ),
    }


def tidy_releases(releases: pd.DataFrame, entities: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Each release with its lab's name and region and its source's fields, so a page needs no join."""
    out = _join_sources(_typed(releases, schema.RELEASES_FILE), sources)
    lab = entities.set_index("entity_id")
    out["lab"] = [str(lab.at[i, "name"]) for i in out["lab_id"]]
    out["lab_region"] = [str(lab.at[i, "region"]) for i in out["lab_id"]]
    out["source_level"] = pd.array([schema.SOURCE_LEVEL.get(g) for g in out["source_grade"]], dtype="Int64")
    out["year"] = pd.array([_year(v) for v in out["date"]], dtype="Int64")
    return _blank_to_none(out)


def build_dataset(curated_dir: Path) -> BuiltDataset:
    """Read and validate the curated folder; raise CuratedDataError listing every problem."""
    files = read_curated(curated_dir)
    problems = validate(files)
    if problems:
        raise CuratedDataError(problems)
    return BuiltDataset(tidy(files), dataset_version(files))


# -- writing
# --------------------------------------------------------------------------------------------------


def arrow_table(frame: pd.DataFrame, version: str) -> pa.Table:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    # A text column with no value in any row (no legacy ids yet, say) is still text, not Arrow's null type; a
    # list column whose lists are all empty is still a list of ids.
    for i, field in enumerate(table.schema):
        if pa.types.is_null(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.string()))
        elif pa.types.is_list(field.type) and pa.types.is_null(field.type.value_type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.list_(pa.string())))
    # Drop pandas' own metadata so the bytes depend on the data, not on library bookkeeping.
    return table.replace_schema_metadata({VERSION_KEY: version.encode()})


def parquet_bytes(frame: pd.DataFrame, version: str) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(arrow_table(frame, version), sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def render_outputs(dataset: BuiltDataset) -> dict[str, bytes]:
    """Every output file's name and bytes; identical inputs give identical bytes."""
    outputs = {
        f"{name}.parquet": parquet_bytes(dataset.tables[name], dataset.version) for name in OUTPUT_TABLES
    }
    manifest = {
        "dataset_version": dataset.version,
        "row_counts": {name: len(dataset.tables[name]) for name in OUTPUT_TABLES},
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(outputs.items())},
    }
    outputs[MANIFEST] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    return outputs


def write_atomically(outputs: dict[str, bytes], out_dir: Path) -> None:
    """Write every file to a temporary sibling first; only when all are written do they replace the old
    ones."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: dict[str, str] = {}
    try:
        for name, data in outputs.items():
            handle, temp_path = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            staged[name] = temp_path
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        for temp_path in staged.values():
            Path(temp_path).unlink(missing_ok=True)
        raise
    # The manifest goes last: a reader that sees the new manifest also sees the new tables.
    for name in sorted(staged, key=lambda n: n == MANIFEST):
        os.replace(staged[name], out_dir / name)


def stale_outputs(outputs: dict[str, bytes], out_dir: Path) -> list[str]:
    """Names of committed outputs that differ from a fresh build (missing ones included)."""
    return [
        name
        for name, data in outputs.items()
        if not (out_dir / name).is_file() or (out_dir / name).read_bytes() != data
    ]
