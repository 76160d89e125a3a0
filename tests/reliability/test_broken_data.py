"""Broken data fails closed: one clear banner that says what is wrong and how to rebuild, no traceback, no
half-drawn chart, and navigation still works."""

from __future__ import annotations

import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from fundgap.app.nav import PAGES
from fundgap.data import paths
from fundgap.data.build import VERSION_KEY


def _truncate(folder):
    path = folder / "figures.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _corrupt(folder):
    path = folder / "sources.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\x00" * 64
    data[-8:-4] = b"\xff\xff\xff\x7f"  # footer length that points nowhere
    path.write_bytes(bytes(data))


def _rewrite_figures(folder, change):
    path = folder / "figures.parquet"
    table = pq.read_table(path)
    version = table.schema.metadata[VERSION_KEY]
    table = change(table).replace_schema_metadata({VERSION_KEY: version})
    pq.write_table(table, path)


def _drop_column(folder):
    _rewrite_figures(folder, lambda t: t.drop_columns(["source_url"]))


def _wrong_type(folder):
    _rewrite_figures(
        folder,
        lambda t: t.set_column(
            t.schema.get_field_index("amount_usd"),
            "amount_usd",
            pa.array([str(v) for v in t.column("amount_usd").to_pylist()]),
        ),
    )


def _manifest_version(folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["dataset_version"] = "000000000000"
    (folder / "manifest.json").write_text(json.dumps(manifest))


FAULTS = {
    "data folder missing": (lambda folder: shutil.rmtree(folder), "does not exist"),
    "manifest missing": (lambda folder: (folder / "manifest.json").unlink(), "manifest.json is missing"),
    "manifest not json": (
        lambda folder: (folder / "manifest.json").write_text("{oops"),
        "manifest.json is not valid JSON",
    ),
    "manifest version mismatch": (_manifest_version, "the files come from different builds"),
    "parquet missing": (lambda folder: (folder / "claims.parquet").unlink(), "claims.parquet is missing"),
    "parquet truncated": (_truncate, "figures.parquet cannot be read: it is truncated or corrupt"),
    "parquet corrupted": (_corrupt, "sources.parquet cannot be read: it is truncated or corrupt"),
    "column missing": (_drop_column, "figures.parquet lacks column(s) source_url"),
    "column of the wrong type": (_wrong_type, "figures.parquet has columns of the wrong type (amount_usd is"),
}


@pytest.fixture(params=sorted(FAULTS), ids=sorted(FAULTS))
def broken(request, fixture_data_dir, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(fixture_data_dir, folder)
    damage, message = FAULTS[request.param]
    damage(folder)
    return folder, message


def test_every_page_shows_one_banner_and_navigation_still_works(broken, monkeypatch):
    folder, message = broken
    monkeypatch.setenv("FUNDGAP_DATA_DIR", str(folder))
    app = AppTest.from_file(str(paths.PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    for spec in PAGES:
        if not spec.default:
            app.switch_page(spec.path).run()
        assert [e.value for e in app.exception] == [], spec.slug
        assert len(app.error) == 1, spec.slug
        banner = app.error[0].value.replace("\\", "")
        assert message in banner, banner
        assert "Rebuild it with `python -m fundgap build`" in banner
        assert app.get("plotly_chart") == [], "no half-drawn chart"
        assert "dataset version unavailable" in app.caption[-1].value
