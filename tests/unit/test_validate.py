"""Each validation rule rejects its bad fixture with an exact file:line message; all problems come at once."""

from __future__ import annotations

import pytest

from fundgap.curated import read_curated
from fundgap.validate import validate
from tests.conftest import edit_cell, read_rows, write_rows

# Lines in the fixture's figures.csv (header is line 1, rows sorted by figure_id).
LINE = {"adia_minimax": 2, "baichuan_a": 3, "kingdom_xai_b": 4, "qia_anthropic_f": 5, "sb_tender": 6, "seed_gulf_china": 7}


def problems(folder) -> list[str]:
    return [str(p) for p in validate(read_curated(folder))]


def test_the_fixture_is_valid(curated_copy):
    assert problems(curated_copy) == []


FORMULA = "text starts like a spreadsheet formula (=, +, -, @, tab, CR or a full-width form)"


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        ("kingdom_xai_b", "investor", "=HYPERLINK(\"https://example.invalid\")", FORMULA),
        ("kingdom_xai_b", "investor", "+1", FORMULA),
        ("kingdom_xai_b", "investor", "-1+1", FORMULA),
        ("kingdom_xai_b", "investor", "@SUM(1,1)", FORMULA),
        ("kingdom_xai_b", "investor", "\t=1", FORMULA),
        ("kingdom_xai_b", "investor", "＝1+1", FORMULA),
        ("kingdom_xai_b", "notes", "  =1+1", FORMULA),
        ("kingdom_xai_b", "amount_usd", "$400M", "not a plain non-negative number (write 15000000000, not $15B)"),
        ("kingdom_xai_b", "amount_usd", "-400000000", "not a plain non-negative number (write 15000000000, not $15B)"),
        ("kingdom_xai_b", "period_start", "2024-13", "not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("kingdom_xai_b", "period_start", "May 2024", "not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("kingdom_xai_b", "flow_kind", "gift", "not an allowed value; allowed: equity_investment, equity_round_participation, "
         "equity_tranche, round_total, commitment, infrastructure_commitment, secondary_purchase, ipo_cornerstone, ipo_total, "
         "cumulative_investment, aggregate_claim, country_total, market_value, negative_finding, statement"),
        ("kingdom_xai_b", "status", "verified", "not an allowed value; allowed: VERIFIED, UNVERIFIED, REJECT"),
        ("kingdom_xai_b", "investor_region", "Middle East", "not an allowed value; allowed: Gulf, United States, China, Japan, "
         "Singapore, Europe, United Kingdom, Canada, Rest of world, World, Mixed"),
        ("kingdom_xai_b", "source_id", "nowhere", "names an unknown source (not in sources.csv)"),
        ("kingdom_xai_b", "part_of", "no_such_round", "names an unknown figure (not in figures.csv)"),
        ("kingdom_xai_b", "recipient", "", "value is required"),
        ("kingdom_xai_b", "quote", "", "a VERIFIED figure needs the quote that states it, or notes saying why the evidence gives none"),
        ("kingdom_xai_b", "figure_id", "Kingdom XAI", "id must match ^[a-z0-9][a-z0-9_]*$"),
        ("seed_gulf_china", "amount_low_usd", "110000000", "bounds must satisfy low ≤ amount ≤ high"),
        ("seed_gulf_china", "amount_high_usd", "90000000", "bounds must satisfy low ≤ amount ≤ high"),
        ("seed_gulf_china", "amount_high_usd", "", "kinds approximate, range, upper_bound, lower_bound need both amount_low_usd and amount_high_usd"),
        ("qia_anthropic_f", "amount_usd", "5", "an undisclosed or not-applicable figure has no amount"),
        ("baichuan_a", "currency_original", "", "amount_original and currency_original go together"),
        ("sb_tender", "period_end", "2024-01", "period_end is before period_start"),
    ],
)
def test_bad_figure_cell_is_reported_with_file_line_column_and_value(curated_copy, row, column, value, message):
    edit_cell(curated_copy, "figures.csv", row, column, value)
    reported_column = "amount_low_usd" if message.startswith("bounds") else column
    reported_column = "quote" if message.startswith("a VERIFIED figure") else reported_column
    if message.startswith("kinds approximate"):
        reported_column = "amount_kind"
    shown = value if reported_column == column else None
    found = problems(curated_copy)
    expected_prefix = f"figures.csv:{LINE[row]}: column {reported_column}"
    matching = [p for p in found if p.startswith(expected_prefix) and p.endswith(": " + message)]
    assert len(matching) == 1, found
    if shown:
        assert f"value {shown!r}" in matching[0]


def test_duplicate_ids_are_reported_on_every_line(curated_copy):
    edit_cell(curated_copy, "figures.csv", "kingdom_xai_b", "figure_id", "adia_minimax")
    assert [p for p in problems(curated_copy) if "duplicate" in p] == [
        "figures.csv:2: column figure_id value 'adia_minimax': duplicate id",
        "figures.csv:4: column figure_id value 'adia_minimax': duplicate id",
    ]


@pytest.mark.parametrize("url", ["http://aipressa.com/?p=32007", "javascript:alert(1)", "data:text/html,hi", "https://", "//aipressa.com/x"])
def test_only_https_urls_with_a_host_are_accepted(curated_copy, url):
    edit_cell(curated_copy, "sources.csv", "aipressa_seed", "url", url)
    assert problems(curated_copy) == [f"sources.csv:3: column url value {url!r}: only https:// URLs with a host are accepted"]


def test_a_source_without_url_must_say_why(curated_copy):
    edit_cell(curated_copy, "sources.csv", "mirror_minimax", "url_missing_reason", "")
    assert problems(curated_copy) == [
        "sources.csv:4: column url_missing_reason: a source without an https URL must say why in url_missing_reason"
    ]


def test_an_unused_source_is_reported(curated_copy):
    rows = read_rows(curated_copy / "sources.csv")
    rows.append(["zz_unused", "Nobody", "Never cited", "https://example.org/x", "", "2024", "secondary", "Nobody, n.d."])
    write_rows(curated_copy / "sources.csv", rows)
    assert problems(curated_copy) == ["sources.csv:5: column source_id value 'zz_unused': source is not used by any figure or claim"]


def test_unknown_and_missing_columns_are_reported_in_the_header(curated_copy):
    rows = read_rows(curated_copy / "conflicts.csv")
    rows[0][rows[0].index("topic")] = "subject"
    write_rows(curated_copy / "conflicts.csv", rows)
    assert problems(curated_copy) == [
        "conflicts.csv:1: column subject value 'subject': unknown column",
        "conflicts.csv:1: column topic: required column is missing",
    ]


def test_a_missing_file_is_reported(curated_copy):
    (curated_copy / "claims.csv").unlink()
    found = problems(curated_copy)
    assert found[0] == "claims.csv:0: file is missing"


def test_a_row_with_the_wrong_number_of_fields_is_reported(curated_copy):
    rows = read_rows(curated_copy / "conflicts.csv")
    rows.append(["C02", "too short"])
    write_rows(curated_copy / "conflicts.csv", rows)
    assert problems(curated_copy) == ["conflicts.csv:3: row has 2 fields; the header has 6"]


def test_every_problem_is_reported_at_once_across_files(curated_copy):
    edit_cell(curated_copy, "figures.csv", "adia_minimax", "amount_usd", "abc")
    edit_cell(curated_copy, "figures.csv", "kingdom_xai_b", "investor", "=cmd")
    edit_cell(curated_copy, "sources.csv", "aawsat_xai", "url", "javascript:alert(1)")
    edit_cell(curated_copy, "claims.csv", "claim_gulf_to_china_100m", "verdict", "true")
    assert problems(curated_copy) == [
        "claims.csv:2: column verdict value 'true': not an allowed value; allowed: supported, partly_supported, contradicted, cannot_be_reconstructed",
        "figures.csv:2: column amount_usd value 'abc': not a plain non-negative number (write 15000000000, not $15B)",
        "figures.csv:4: column investor value '=cmd': text starts like a spreadsheet formula (=, +, -, @, tab, CR or a full-width form)",
        "sources.csv:2: column url value 'javascript:alert(1)': only https:// URLs with a host are accepted",
    ]


def test_part_of_cycles_are_reported(curated_copy):
    edit_cell(curated_copy, "figures.csv", "adia_minimax", "part_of", "kingdom_xai_b")
    edit_cell(curated_copy, "figures.csv", "kingdom_xai_b", "part_of", "adia_minimax")
    assert problems(curated_copy) == [
        "figures.csv:2: column part_of value 'kingdom_xai_b': part_of forms a cycle",
        "figures.csv:4: column part_of value 'adia_minimax': part_of forms a cycle",
    ]


def test_references_across_files_are_checked(curated_copy):
    edit_cell(curated_copy, "claims.csv", "claim_gulf_to_china_100m", "seed_figure_id", "ghost")
    edit_cell(curated_copy, "conflicts.csv", "C01", "trusted_figure_ids", "adia_minimax;ghost")
    assert problems(curated_copy) == [
        "claims.csv:2: column seed_figure_id value 'ghost': names an unknown figure (not in figures.csv)",
        "conflicts.csv:2: column trusted_figure_ids value 'adia_minimax;ghost': names an unknown figure (not in figures.csv)",
    ]
