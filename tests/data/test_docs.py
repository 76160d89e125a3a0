"""data/README.md documents every column of every curated file and every built-only column."""

import re

import pytest

from fundgap.data import paths, schema
from fundgap.data.build import SOURCE_FIELDS

README = (paths.DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"^\| `([a-z_]+)` \|", README, flags=re.MULTILINE)) | set(
    re.findall(r"`([a-z_]+)`", README)
)
BUILT_ONLY = ("year_start", "year_end", "evidence_figure_ids", *SOURCE_FIELDS.values())


@pytest.mark.parametrize(
    "column", sorted({c for cols in schema.COLUMNS_BY_FILE.values() for c in cols} | set(BUILT_ONLY))
)
def test_every_column_is_documented(column):
    assert column in DOCUMENTED


@pytest.mark.parametrize("file", schema.CURATED_FILES)
def test_every_column_has_a_table_row_in_its_section(file):
    section = README.split(f"## `curated/{file}`", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))
    assert set(schema.COLUMNS_BY_FILE[file]) <= rows
