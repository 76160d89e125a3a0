"""Reading the human-edited CSV files under data/curated/ faithfully: every cell a string, every row its
line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from fundgap.data import schema


@dataclass(frozen=True)
class CuratedFile:
    """One curated CSV: its rows as strings indexed by their line in the file, plus its raw header."""

    name: str
    header: tuple[str, ...]
    rows: pd.DataFrame
    malformed_lines: tuple[
        tuple[int, int], ...
    ]  # (line, field count) of rows whose width differs from the header
    raw_bytes: bytes


def read_curated_file(path: Path) -> CuratedFile:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = tuple(next(reader, []))
    records, lines, malformed = [], [], []
    start_line = reader.line_num + 1
    for row in reader:
        if row and len(row) != len(header):
            malformed.append((start_line, len(row)))
        elif row:
            records.append(row)
            lines.append(start_line)
        start_line = reader.line_num + 1
    frame = pd.DataFrame(records, columns=list(header), index=pd.Index(lines, name="line"), dtype=object)
    return CuratedFile(path.name, header, frame, tuple(malformed), raw)


def read_curated(curated_dir: Path) -> dict[str, CuratedFile]:
    """All curated files that exist; a missing file is reported by validation, not raised here."""
    return {
        name: read_curated_file(curated_dir / name)
        for name in schema.CURATED_FILES
        if (curated_dir / name).is_file()
    }


def split_ids(cell: str) -> list[str]:
    """ "a;b" -> ["a", "b"]; "" -> []."""
    return [part.strip() for part in cell.split(";") if part.strip()]
