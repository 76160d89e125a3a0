"""Each validation rule rejects its bad fixture with an exact Problem (file, line, column, value, message);
all problems come at once, across files and across the ledger (entities, deals, participations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundgap.data import schema
from fundgap.data.curated import read_curated
from fundgap.data.validate import Problem, validate
from tests.conftest import FIXTURE_CURATED, edit_cell, read_rows, write_rows

FIGURES, SOURCES, CLAIMS = schema.FIGURES_FILE, schema.SOURCES_FILE, schema.CLAIMS_FILE
CONFLICTS, ENTITIES = schema.CONFLICTS_FILE, schema.ENTITIES_FILE
DEALS, PARTICIPATIONS = schema.DEALS_FILE, schema.PARTICIPATIONS_FILE

FORMULA = "text starts like a spreadsheet formula (=, +, -, @, tab, CR or a full-width form)"
NUMBER = "not a plain non-negative number (write 15000000000, not $15B)"
DATE = "not a date: use YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"
REQUIRED = "value is required"
BOUNDS = "bounds must satisfy low ≤ amount ≤ high"
UNKNOWN_SOURCE = "names an unknown source (not in sources.csv)"
UNKNOWN_DEAL = "names an unknown deal (not in deals.csv)"
UNKNOWN_ENTITY = "names an unknown entity (not in entities.csv)"
UNKNOWN_CLAIM = "names an unknown claim (not in claims.csv)"
HTTPS_ONLY = "only https:// URLs with a host are accepted"
UNKNOWN_ROW = (
    "names an unknown figure, deal or participation (not in figures.csv, deals.csv or participations.csv)"
)
NEEDS_QUOTE = {
    FIGURES: "a VERIFIED figure needs the quote that states it, or notes starting 'No quote:' that say why "
    "the evidence gives none",
    DEALS: "a VERIFIED deal needs the quote that states it, or notes starting 'No quote:' that say why "
    "the evidence gives none",
    PARTICIPATIONS: "a VERIFIED participation with its own source needs the quote that states it, or notes "
    "starting 'No quote:'",
}
DUPLICATE_NAME = "name or alias already used by entity {!r}: a typed name must find one entity"


def bounds_for_kind(prefix: str) -> str:
    low, high = f"{prefix}_low_usd", f"{prefix}_high_usd"
    return (
        f"approximate, range and upper_bound need both {low} and {high}; "
        f"lower_bound ('more than') needs {low} and an empty {high} (its upper end is open)"
    )


def allowed(*values: str) -> str:
    return f"not an allowed value; allowed: {', '.join(values)}"


# -- helpers -------------------------------------------------------------------------------------------------


def found(folder: Path) -> list[Problem]:
    return validate(read_curated(folder))


def line(file: str, row_id: str) -> int:
    """The line of a fixture row (the header is line 1), found by its id in the first column."""
    return [row[0] for row in read_rows(FIXTURE_CURATED / file)].index(row_id) + 1


def edit(folder: Path, file: str, row_id: str, **cells: str) -> None:
    for column, value in cells.items():
        edit_cell(folder, file, row_id, column, value)


# Required cells of a row added by a test; each test names the cells it is about.
ROW_DEFAULTS = {
    DEALS: {
        "deal_kind": "round",
        "recipient_id": "openai",
        "amount_kind": "exact",
        "status": "VERIFIED",
        "source_id": "fixture_wire",  # a VERIFIED row needs a level 1–3 source with an https link
        "quote": "A fixture quote.",
    },
    PARTICIPATIONS: {"role": "participant", "ticket_kind": "undisclosed", "status": "VERIFIED"},
}


def add_row(folder: Path, file: str, **cells: str) -> int:
    """Append a row (the file's defaults, then the given cells, every other cell empty); return its line."""
    rows = read_rows(folder / file)
    header = rows[0]
    cells = {**ROW_DEFAULTS.get(file, {}), **cells}
    assert set(cells) <= set(header), set(cells) - set(header)
    write_rows(folder / file, [*rows, [cells.get(column, "") for column in header]])
    return len(rows) + 1


def case(
    file: str,
    row_id: str,
    column: str,
    value: str,
    *messages: str,
    at: str | None = None,
    shown: str | None = None,
):
    """Set one cell; expect one problem per message on that row, in column `at` (default: the edited column)
    with value `shown` (default: the value written)."""
    expected = [(at or column, value if shown is None else shown, message) for message in messages]
    return pytest.param(file, row_id, column, value, expected, id=f"{file}:{row_id}.{column}={value!r}")


# -- the fixture and cell rules ------------------------------------------------------------------------------


def test_the_fixture_is_valid(curated_copy):
    assert found(curated_copy) == []


def test_a_problem_reads_as_file_line_column_value_and_message():
    shown = f"deals.csv:7: column amount_usd value '$4B': {NUMBER}"
    assert str(Problem(DEALS, 7, "amount_usd", "$4B", NUMBER)) == shown
    assert str(Problem(CLAIMS, 0, "", "", "file is missing")) == "claims.csv:0: file is missing"


@pytest.mark.parametrize(
    ("file", "row_id", "column", "value", "expected"),
    [
        # formulas, in every file
        case(PARTICIPATIONS, "kingdom_xai_b", "notes", '=HYPERLINK("https://example.invalid")', FORMULA),
        case(PARTICIPATIONS, "kingdom_xai_b", "notes", "+1", FORMULA),
        case(PARTICIPATIONS, "kingdom_xai_b", "notes", "-1+1", FORMULA),
        case(PARTICIPATIONS, "kingdom_xai_b", "notes", "@SUM(1,1)", FORMULA),
        case(PARTICIPATIONS, "kingdom_xai_b", "notes", "\t=1", FORMULA),
        case(PARTICIPATIONS, "kingdom_xai_b", "notes", "＝1+1", FORMULA),
        case(PARTICIPATIONS, "kingdom_xai_b", "notes", "  =1+1", FORMULA),
        case(DEALS, "xai_b", "date_note", "=1+1", FORMULA),
        case(FIGURES, "seed_gulf_china", "investor", "=cmd", FORMULA),
        case(ENTITIES, "mgx", "notes", "@cmd", FORMULA),
        case(SOURCES, "aawsat_xai", "citation", "=cmd", FORMULA),
        # numbers
        case(DEALS, "xai_b", "amount_usd", "$400M", NUMBER),
        case(DEALS, "xai_b", "amount_usd", "-400000000", NUMBER, FORMULA),
        case(DEALS, "xai_b", "valuation_usd", "24B", NUMBER),
        case(PARTICIPATIONS, "kingdom_xai_b", "ticket_usd", "$400M", NUMBER),
        case(FIGURES, "seed_gulf_china", "amount_usd", "1e999", NUMBER),
        # dates
        case(DEALS, "xai_b", "date_start", "2024-13", DATE),
        case(DEALS, "xai_b", "date_start", "May 2024", DATE),
        case(DEALS, "sb_tender", "date_end", "2024-12-32", DATE),
        case(FIGURES, "seed_gulf_china", "period_start", "2026-4", DATE),
        case(SOURCES, "aipressa_seed", "date_published", "April 2026", DATE),
        # allowed values
        case(
            FIGURES,
            "seed_gulf_china",
            "flow_kind",
            "gift",
            allowed(
                "equity_investment",
                "equity_round_participation",
                "equity_tranche",
                "round_total",
                "commitment",
                "infrastructure_commitment",
                "secondary_purchase",
                "ipo_cornerstone",
                "ipo_total",
                "cumulative_investment",
                "aggregate_claim",
                "country_total",
                "market_value",
                "negative_finding",
                "statement",
            ),
        ),
        case(
            FIGURES,
            "seed_gulf_china",
            "investor_region",
            "Middle East",
            allowed(
                "Gulf",
                "United States",
                "China",
                "Japan",
                "Singapore",
                "Europe",
                "United Kingdom",
                "Canada",
                "Rest of world",
                "World",
                "Mixed",
            ),
        ),
        case(
            DEALS,
            "xai_b",
            "deal_kind",
            "gift",
            allowed(
                "round",
                "investment",
                "tranche",
                "commitment",
                "infrastructure_commitment",
                "secondary",
                "ipo",
                "ipo_cornerstone_book",
            ),
        ),
        case(
            PARTICIPATIONS, "kingdom_xai_b", "status", "verified", allowed("VERIFIED", "UNVERIFIED", "REJECT")
        ),
        case(
            PARTICIPATIONS,
            "kingdom_xai_b",
            "role",
            "investor",
            allowed("lead", "co-lead", "participant", "cornerstone", "seller", "buyer"),
        ),
        case(
            PARTICIPATIONS,
            "kingdom_xai_b",
            "ticket_kind",
            "gift",
            allowed(
                "exact", "approximate", "range", "upper_bound", "lower_bound", "undisclosed", "not_applicable"
            ),
        ),
        case(
            ENTITIES,
            "mgx",
            "kind",
            "fund",
            allowed(
                "lab",
                "sovereign_fund",
                "state_fund",
                "state_investment_company",
                "state_owned_enterprise",
                "corporate",
                "corporate_venture",
                "venture",
                "private_equity",
                "asset_manager",
                "holding_company",
                "person",
                "investor_group",
                "project",
                "public_market",
            ),
        ),
        # references
        case(PARTICIPATIONS, "kingdom_xai_b", "source_id", "nowhere", UNKNOWN_SOURCE),
        case(DEALS, "xai_b", "other_source_ids", "aipressa_seed;nowhere", UNKNOWN_SOURCE),
        case(PARTICIPATIONS, "kingdom_xai_b", "deal_id", "no_such_round", UNKNOWN_DEAL),
        case(DEALS, "xai_b", "part_of", "no_such_round", UNKNOWN_DEAL),
        case(
            FIGURES,
            "seed_gulf_china",
            "part_of",
            "no_such_figure",
            "names an unknown figure (not in figures.csv)",
        ),
        case(PARTICIPATIONS, "kingdom_xai_b", "claim_id", "no_such_claim", UNKNOWN_CLAIM),
        # required cells and ids
        case(FIGURES, "seed_gulf_china", "recipient", "", REQUIRED),
        case(DEALS, "xai_b", "recipient_id", "", REQUIRED),
        case(PARTICIPATIONS, "kingdom_xai_b", "role", "", REQUIRED),
        case(
            PARTICIPATIONS,
            "kingdom_xai_b",
            "participation_id",
            "Kingdom XAI",
            "id must match ^[a-z0-9][a-z0-9_]*$",
        ),
        # quotes
        case(DEALS, "xai_b", "quote", "", NEEDS_QUOTE[DEALS]),
        case(PARTICIPATIONS, "kingdom_xai_b", "quote", "", NEEDS_QUOTE[PARTICIPATIONS]),
        # bounds and amount kinds
        case(FIGURES, "seed_gulf_china", "amount_low_usd", "110000000", BOUNDS),
        case(
            FIGURES,
            "seed_gulf_china",
            "amount_high_usd",
            "90000000",
            BOUNDS,
            at="amount_low_usd",
            shown="80000000",
        ),
        case(
            FIGURES,
            "seed_gulf_china",
            "amount_high_usd",
            "",
            bounds_for_kind("amount"),
            at="amount_kind",
            shown="approximate",
        ),
        case(DEALS, "baichuan_a", "amount_low_usd", "700000000", BOUNDS),
        case(
            PARTICIPATIONS,
            "sb_tender__svf2",
            "ticket_high_usd",
            "",
            bounds_for_kind("ticket"),
            at="ticket_kind",
            shown="upper_bound",
        ),
        case(
            PARTICIPATIONS,
            "qia_anthropic_f",
            "ticket_usd",
            "5",
            "an undisclosed or not-applicable ticket has no amount",
        ),
        case(DEALS, "xai_b", "amount_usd", "", "a disclosed deal needs amount_usd or amount_original"),
        case(
            DEALS, "baichuan_a", "currency_original", "", "amount_original and currency_original go together"
        ),
        case(
            PARTICIPATIONS,
            "kingdom_xai_b",
            "ticket_original",
            "400000000",
            "ticket_original and currency_original go together",
            at="currency_original",
            shown="",
        ),
        # order, self-reference and tranches
        case(DEALS, "sb_tender", "date_end", "2024-01", "date_end is before date_start"),
        case(FIGURES, "seed_gulf_china", "period_end", "2025", "period_end is before period_start"),
        case(DEALS, "xai_b", "part_of", "xai_b", "a deal cannot be part of itself", "part_of forms a cycle"),
        case(
            FIGURES,
            "seed_gulf_china",
            "part_of",
            "seed_gulf_china",
            "a figure cannot be part of itself",
            "part_of forms a cycle",
        ),
        case(
            ENTITIES,
            "mubadala",
            "owner_ids",
            "mubadala",
            "an entity cannot own itself",
            "ownership forms a cycle",
        ),
        case(
            DEALS,
            "xai_b",
            "deal_kind",
            "tranche",
            "a tranche needs the commitment or round it belongs to (part_of), "
            "or notes saying none is recorded",
            at="part_of",
            shown="",
        ),
    ],
)
def test_a_bad_cell_is_reported_with_file_line_column_and_value(
    curated_copy, file, row_id, column, value, expected
):
    edit_cell(curated_copy, file, row_id, column, value)
    assert found(curated_copy) == sorted(Problem(file, line(file, row_id), *problem) for problem in expected)


def test_duplicate_ids_are_reported_on_every_line(curated_copy):
    edit(curated_copy, PARTICIPATIONS, "kingdom_xai_b", participation_id="adia_minimax")
    assert found(curated_copy) == [
        Problem(
            PARTICIPATIONS, line(PARTICIPATIONS, row_id), "participation_id", "adia_minimax", "duplicate id"
        )
        for row_id in ("adia_minimax", "kingdom_xai_b")
    ]


@pytest.mark.parametrize(
    ("file", "row_id", "column", "value"),
    [
        (DEALS, "xai_b", "date_start", "2025-Q3"),
        (DEALS, "sb_tender", "date_end", "2025-Q1"),
        (FIGURES, "seed_gulf_china", "period_start", "2025-Q1"),
        (SOURCES, "aawsat_xai", "date_published", "2024-Q2"),
    ],
)
def test_quarter_dates_are_accepted(curated_copy, file, row_id, column, value):
    edit_cell(curated_copy, file, row_id, column, value)
    assert found(curated_copy) == []


@pytest.mark.parametrize("value", ["2025-Q5", "2025-Q0", "2025-q3", "2025Q3", "2025-Q03"])
def test_a_malformed_quarter_is_not_a_date(curated_copy, value):
    edit(curated_copy, DEALS, "xai_b", date_start=value)
    assert found(curated_copy) == [Problem(DEALS, line(DEALS, "xai_b"), "date_start", value, DATE)]


@pytest.mark.parametrize(
    ("high", "expected"),
    [
        ("120000000", [("amount_kind", "lower_bound", bounds_for_kind("amount"))]),
        ("", []),
    ],
)
def test_a_lower_bound_needs_a_low_bound_and_an_open_upper_end(curated_copy, high, expected):
    edit(curated_copy, FIGURES, "seed_gulf_china", amount_kind="lower_bound", amount_high_usd=high)
    assert found(curated_copy) == [Problem(FIGURES, line(FIGURES, "seed_gulf_china"), *p) for p in expected]


def test_a_lower_bound_without_its_low_bound_is_reported(curated_copy):
    edit(
        curated_copy,
        FIGURES,
        "seed_gulf_china",
        amount_kind="lower_bound",
        amount_low_usd="",
        amount_high_usd="",
    )
    assert found(curated_copy) == [
        Problem(
            FIGURES, line(FIGURES, "seed_gulf_china"), "amount_kind", "lower_bound", bounds_for_kind("amount")
        )
    ]


@pytest.mark.parametrize(
    ("file", "row_id"),
    [(DEALS, "xai_b"), (FIGURES, "seed_gulf_china"), (PARTICIPATIONS, "kingdom_xai_b")],
)
@pytest.mark.parametrize(
    ("notes", "reported"),
    [
        ("", True),
        ("Verified across two filings.", True),
        ("See notes. No quote: the filing is a table.", True),
        ("No quote: the filing states it in a table, without a sentence to quote.", False),
    ],
)
def test_a_verified_row_needs_a_quote_or_notes_starting_no_quote(curated_copy, file, row_id, notes, reported):
    # The row also cites a level 2 source, so that only the quote rule is at stake here.
    edit(
        curated_copy, file, row_id, status="VERIFIED", quote="", notes=notes, other_source_ids="fixture_wire"
    )
    expected = [Problem(file, line(file, row_id), "quote", "", NEEDS_QUOTE[file])] if reported else []
    assert found(curated_copy) == expected


def test_a_participation_resting_on_its_deals_source_needs_no_quote_of_its_own(curated_copy):
    edit(curated_copy, PARTICIPATIONS, "kingdom_xai_b", source_id="", quote="", notes="")
    assert found(curated_copy) == []


# -- sources and files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://aipressa.com/?p=32007",
        "javascript:alert(1)",
        "data:text/html,hi",
        "https://",
        "//aipressa.com/x",
    ],
)
def test_only_https_urls_with_a_host_are_accepted(curated_copy, url):
    edit(curated_copy, SOURCES, "aipressa_seed", url=url)
    assert found(curated_copy) == [Problem(SOURCES, line(SOURCES, "aipressa_seed"), "url", url, HTTPS_ONLY)]


def test_a_source_without_url_must_say_why(curated_copy):
    edit(curated_copy, SOURCES, "mirror_minimax", url_missing_reason="")
    assert found(curated_copy) == [
        Problem(
            SOURCES,
            line(SOURCES, "mirror_minimax"),
            "url_missing_reason",
            "",
            "a source without an https URL must say why in url_missing_reason",
        )
    ]


def test_an_unused_source_is_reported(curated_copy):
    new_line = add_row(
        curated_copy,
        SOURCES,
        source_id="zz_unused",
        publisher="Nobody",
        title="Never cited",
        url="https://example.org/x",
        date_published="2024",
        grade="secondary",
        citation="Nobody, n.d.",
    )
    assert found(curated_copy) == [
        Problem(SOURCES, new_line, "source_id", "zz_unused", "source is not used by any figure or claim")
    ]


def test_a_source_used_only_by_a_participation_is_used(curated_copy):
    add_row(
        curated_copy,
        SOURCES,
        source_id="zz_participation",
        publisher="Somebody",
        title="Cited once",
        url="https://example.org/y",
        date_published="2024",
        grade="wire",
        citation="Somebody, 2024.",
        text_held="yes",
    )
    edit(curated_copy, PARTICIPATIONS, "kingdom_xai_b", source_id="zz_participation")
    assert found(curated_copy) == []


def test_unknown_and_missing_columns_are_reported_in_the_header(curated_copy):
    rows = read_rows(curated_copy / CONFLICTS)
    rows[0][rows[0].index("topic")] = "subject"
    write_rows(curated_copy / CONFLICTS, rows)
    assert found(curated_copy) == [
        Problem(CONFLICTS, 1, "subject", "subject", "unknown column"),
        Problem(CONFLICTS, 1, "topic", "", "required column is missing"),
    ]


def test_columns_out_of_order_are_reported_in_the_header(curated_copy):
    rows = [[row[1], row[0], *row[2:]] for row in read_rows(curated_copy / ENTITIES)]
    write_rows(curated_copy / ENTITIES, rows)
    order = f"columns must be in this order: {','.join(schema.ENTITY_COLUMNS)}"
    assert found(curated_copy) == [Problem(ENTITIES, 1, "", ",".join(rows[0]), order)]


def test_a_missing_file_is_reported(curated_copy):
    (curated_copy / CLAIMS).unlink()
    claim = "claim_gulf_to_china_100m"
    assert found(curated_copy) == [
        Problem(CLAIMS, 0, "", "", "file is missing"),
        Problem(FIGURES, line(FIGURES, "seed_gulf_china"), "claim_id", claim, UNKNOWN_CLAIM),
        Problem(PARTICIPATIONS, line(PARTICIPATIONS, "adia_minimax"), "claim_id", claim, UNKNOWN_CLAIM),
    ]


def test_a_row_with_the_wrong_number_of_fields_is_reported(curated_copy):
    rows = read_rows(curated_copy / CONFLICTS)
    write_rows(curated_copy / CONFLICTS, [*rows, ["C02", "too short"]])
    assert found(curated_copy) == [
        Problem(CONFLICTS, len(rows) + 1, "", "", "row has 2 fields; the header has 6")
    ]


# -- references across files ---------------------------------------------------------------------------------


def test_references_across_files_are_checked(curated_copy):
    edit(curated_copy, CLAIMS, "claim_gulf_to_china_100m", seed_figure_id="ghost")
    edit(curated_copy, CONFLICTS, "C01", trusted_figure_ids="adia_minimax;ghost")
    assert found(curated_copy) == [
        Problem(CLAIMS, line(CLAIMS, "claim_gulf_to_china_100m"), "seed_figure_id", "ghost", UNKNOWN_ROW),
        Problem(CONFLICTS, line(CONFLICTS, "C01"), "trusted_figure_ids", "adia_minimax;ghost", UNKNOWN_ROW),
    ]


def test_claims_and_conflicts_may_name_figures_deals_and_participations(curated_copy):
    edit(curated_copy, CLAIMS, "claim_gulf_to_china_100m", seed_figure_id="xai_b")
    edit(
        curated_copy,
        CONFLICTS,
        "C01",
        trusted_figure_ids="kingdom_xai_b;xai_b",
        rejected_figure_ids="seed_gulf_china",
    )
    assert found(curated_copy) == []


@pytest.mark.parametrize(
    ("file", "row_id", "column", "message"),
    [
        (PARTICIPATIONS, "kingdom_xai_b", "investor_id", UNKNOWN_ENTITY),
        (DEALS, "xai_b", "recipient_id", UNKNOWN_ENTITY),
        (FIGURES, "seed_gulf_china", "investor_id", UNKNOWN_ENTITY),
        (FIGURES, "seed_gulf_china", "recipient_id", UNKNOWN_ENTITY),
        (ENTITIES, "mgx", "owner_ids", "names an unknown owner entity (not in entities.csv)"),
    ],
)
def test_an_unknown_entity_is_reported(curated_copy, file, row_id, column, message):
    edit_cell(curated_copy, file, row_id, column, "ghost_fund")
    assert found(curated_copy) == [Problem(file, line(file, row_id), column, "ghost_fund", message)]


def test_part_of_cycles_between_deals_are_reported(curated_copy):
    edit(curated_copy, DEALS, "anthropic_f", part_of="xai_b")
    edit(curated_copy, DEALS, "xai_b", part_of="anthropic_f")
    assert found(curated_copy) == [
        Problem(DEALS, line(DEALS, "anthropic_f"), "part_of", "xai_b", "part_of forms a cycle"),
        Problem(DEALS, line(DEALS, "xai_b"), "part_of", "anthropic_f", "part_of forms a cycle"),
    ]


def test_an_ownership_cycle_is_reported_on_every_entity_in_it(curated_copy):
    edit(curated_copy, ENTITIES, "mubadala", owner_ids="mgx")  # mgx is owned by mubadala and g42
    assert found(curated_copy) == [
        Problem(ENTITIES, line(ENTITIES, "mgx"), "owner_ids", "mubadala;g42", "ownership forms a cycle"),
        Problem(ENTITIES, line(ENTITIES, "mubadala"), "owner_ids", "mgx", "ownership forms a cycle"),
    ]


# -- checks across the ledger --------------------------------------------------------------------------------


def test_a_name_or_alias_used_by_two_entities_is_reported(curated_copy):
    edit(curated_copy, ENTITIES, "adia", aliases="QIA")
    edit(curated_copy, ENTITIES, "mubadala", aliases="Mubadala Capital;qia")
    # The first entity in the file to use "QIA" keeps it; every later use, in any case, is reported.
    assert found(curated_copy) == [
        Problem(ENTITIES, line(ENTITIES, "mubadala"), "aliases", "qia", DUPLICATE_NAME.format("adia")),
        Problem(ENTITIES, line(ENTITIES, "qia"), "short_name", "QIA", DUPLICATE_NAME.format("adia")),
    ]


def test_a_name_differing_only_in_case_and_spaces_is_a_duplicate(curated_copy):
    edit(curated_copy, ENTITIES, "svf2", aliases=" kingdom holding company ")
    assert found(curated_copy) == [
        Problem(
            ENTITIES,
            line(ENTITIES, "svf2"),
            "aliases",
            "kingdom holding company",
            DUPLICATE_NAME.format("kingdom_holding"),
        )
    ]


@pytest.mark.parametrize(("row_id", "other_file"), [("xai_b", DEALS), ("seed_gulf_china", FIGURES)])
def test_an_id_used_in_two_ledger_files_is_reported(curated_copy, row_id, other_file):
    edit(curated_copy, PARTICIPATIONS, "kingdom_xai_b", participation_id=row_id)
    assert found(curated_copy) == [
        Problem(
            PARTICIPATIONS,
            line(PARTICIPATIONS, "kingdom_xai_b"),
            "participation_id",
            row_id,
            f"id already used in {other_file}",
        )
    ]


def test_a_deal_id_used_by_a_figure_is_reported(curated_copy):
    new_line = add_row(curated_copy, DEALS, deal_id="seed_gulf_china", amount_usd="100000000")
    assert found(curated_copy) == [
        Problem(DEALS, new_line, "deal_id", "seed_gulf_china", f"id already used in {FIGURES}")
    ]


def test_a_ticket_larger_than_its_deal_is_reported(curated_copy):
    edit(curated_copy, PARTICIPATIONS, "kingdom_xai_b", ticket_usd="7000000000")  # in the $6B round xai_b
    assert found(curated_copy) == [
        Problem(
            PARTICIPATIONS,
            line(PARTICIPATIONS, "kingdom_xai_b"),
            "ticket_usd",
            "7000000000",
            "ticket is larger than its deal 'xai_b' (at most 6,000,000,000)",
        )
    ]


def test_a_ticket_is_measured_against_the_high_bound_of_a_range_deal(curated_copy):
    edit(curated_copy, PARTICIPATIONS, "baichuan_a__alibaba", ticket_kind="exact", ticket_usd="691000001")
    assert found(curated_copy) == [
        Problem(
            PARTICIPATIONS,
            line(PARTICIPATIONS, "baichuan_a__alibaba"),
            "ticket_usd",
            "691000001",
            "ticket is larger than its deal 'baichuan_a' (at most 691,000,000)",
        )
    ]


def test_an_open_lower_bound_deal_has_no_ceiling(curated_copy):
    edit(curated_copy, DEALS, "xai_b", amount_kind="lower_bound", amount_low_usd="6000000000")
    edit(curated_copy, PARTICIPATIONS, "kingdom_xai_b", ticket_usd="7000000000")
    assert found(curated_copy) == []


def test_a_rejected_ticket_is_not_measured_against_its_deal(curated_copy):
    edit(curated_copy, PARTICIPATIONS, "kingdom_xai_b", ticket_usd="7000000000", status="REJECT")
    assert found(curated_copy) == []


def add_commitment_with_tranches(folder: Path, *tranches: tuple[str, str]) -> int:
    """A $10B commitment to OpenAI and its tranches (amount, status); returns the commitment's line."""
    commitment_line = add_row(
        folder, DEALS, deal_id="zz_commitment", deal_kind="commitment", amount_usd="10000000000"
    )
    for number, (amount, status) in enumerate(tranches, start=1):
        add_row(
            folder,
            DEALS,
            deal_id=f"zz_tranche_{number}",
            deal_kind="tranche",
            amount_usd=amount,
            status=status,
            part_of="zz_commitment",
        )
    return commitment_line


def test_tranches_adding_up_to_more_than_their_commitment_are_reported(curated_copy):
    commitment_line = add_commitment_with_tranches(
        curated_copy, ("6000000000", "VERIFIED"), ("5000000000", "UNVERIFIED")
    )
    assert found(curated_copy) == [
        Problem(
            DEALS,
            commitment_line,
            "amount_usd",
            "10000000000",
            "its tranches add up to 11,000,000,000, more than the deal itself",
        )
    ]


def test_tranches_within_their_commitment_and_rejected_tranches_are_fine(curated_copy):
    add_commitment_with_tranches(
        curated_copy, ("6000000000", "VERIFIED"), ("4000000000", "VERIFIED"), ("5000000000", "REJECT")
    )
    assert found(curated_copy) == []


def test_an_investor_listed_twice_in_one_deal_is_reported(curated_copy):
    new_line = add_row(
        curated_copy,
        PARTICIPATIONS,
        participation_id="xai_b__kingdom_again",
        deal_id="xai_b",
        investor_id="kingdom_holding",
    )
    assert found(curated_copy) == [
        Problem(
            PARTICIPATIONS,
            new_line,
            "investor_id",
            "kingdom_holding",
            "this investor already has a participation in deal 'xai_b'",
        )
    ]


def test_an_investor_may_join_several_deals(curated_copy):
    add_row(
        curated_copy,
        PARTICIPATIONS,
        participation_id="kingdom_anthropic_f",
        deal_id="anthropic_f",
        investor_id="kingdom_holding",
    )
    assert found(curated_copy) == []


# -- everything at once --------------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once_across_files(curated_copy):
    edit(curated_copy, FIGURES, "seed_gulf_china", amount_usd="abc")
    edit(curated_copy, DEALS, "xai_b", date_start="2025-Q5")
    edit(curated_copy, PARTICIPATIONS, "kingdom_xai_b", notes="=cmd")
    edit(curated_copy, PARTICIPATIONS, "adia_minimax", ticket_usd="400000000")  # in a $350M cornerstone book
    edit(curated_copy, ENTITIES, "mubadala", owner_ids="mgx")
    edit(curated_copy, SOURCES, "aawsat_xai", url="javascript:alert(1)")
    edit(curated_copy, CLAIMS, "claim_gulf_to_china_100m", verdict="true")
    assert found(curated_copy) == [
        Problem(
            CLAIMS,
            line(CLAIMS, "claim_gulf_to_china_100m"),
            "verdict",
            "true",
            allowed("supported", "partly_supported", "contradicted", "cannot_be_reconstructed"),
        ),
        Problem(DEALS, line(DEALS, "xai_b"), "date_start", "2025-Q5", DATE),
        Problem(ENTITIES, line(ENTITIES, "mgx"), "owner_ids", "mubadala;g42", "ownership forms a cycle"),
        Problem(ENTITIES, line(ENTITIES, "mubadala"), "owner_ids", "mgx", "ownership forms a cycle"),
        Problem(FIGURES, line(FIGURES, "seed_gulf_china"), "amount_usd", "abc", NUMBER),
        Problem(
            PARTICIPATIONS,
            line(PARTICIPATIONS, "adia_minimax"),
            "ticket_usd",
            "400000000",
            "ticket is larger than its deal 'minimax_cornerstones' (at most 350,000,000)",
        ),
        Problem(PARTICIPATIONS, line(PARTICIPATIONS, "kingdom_xai_b"), "notes", "=cmd", FORMULA),
        Problem(SOURCES, line(SOURCES, "aawsat_xai"), "url", "javascript:alert(1)", HTTPS_ONLY),
    ]


def test_fixes_found_in_review(curated_copy):
    # An unknown source in a participation's other_source_ids is reported like anywhere else.
    edit_cell(curated_copy, "participations.csv", "kingdom_xai_b", "other_source_ids", "ghost")
    # An end month that contains the start day is in order.
    edit_cell(curated_copy, "deals.csv", "sb_tender", "date_end", "2024-11")
    problems = validate(read_curated(curated_copy))
    assert [(p.file, p.column, p.value, p.message) for p in problems] == [
        ("participations.csv", "other_source_ids", "ghost", "names an unknown source (not in sources.csv)")
    ]


# -- releases (issue 13) -------------------------------------------------------------------------------------

RELEASES = schema.RELEASES_FILE


def test_a_release_of_an_entity_that_is_not_a_lab_is_rejected(curated_copy):
    edit(curated_copy, RELEASES, "openai_fixture_model", lab_id="mgx")
    assert found(curated_copy) == [
        Problem(
            RELEASES, 2, "lab_id", "mgx", "names an unknown lab (not an entity of kind lab in entities.csv)"
        )
    ]


def test_a_licence_name_without_open_weights_is_rejected(curated_copy):
    edit(curated_copy, RELEASES, "openai_fixture_model", licence="MIT")
    assert found(curated_copy) == [
        Problem(
            RELEASES,
            2,
            "licence",
            "MIT",
            "a licence name needs open weights (openness open_weights or partly_open)",
        )
    ]


def test_a_release_before_its_lab_existed_is_rejected(curated_copy):
    edit(curated_copy, schema.ENTITIES_FILE, "openai", founded="2015-12")
    edit(curated_copy, RELEASES, "openai_fixture_model", date="2015-11-30")
    assert found(curated_copy) == [
        Problem(RELEASES, 2, "date", "2015-11-30", "before the lab 'openai' existed (founded 2015-12)")
    ]
    edit(
        curated_copy, RELEASES, "openai_fixture_model", date="2015"
    )  # a year that contains the founding is fine
    assert found(curated_copy) == []


def test_weights_released_before_the_model_are_rejected(curated_copy):
    edit(curated_copy, RELEASES, "openai_fixture_model", openness="open_weights", weights_date="2024-04")
    assert found(curated_copy) == [
        Problem(
            RELEASES,
            2,
            "weights_date",
            "2024-04",
            "weights cannot be released before the model itself (date)",
        )
    ]


VERIFIED_NEEDS = (
    "VERIFIED needs a level 1–3 source with an https link whose text we hold (cites {}); mark it UNVERIFIED "
    "or cite one"
)


def test_a_verified_row_resting_only_on_level_4_pages_is_reported(curated_copy):
    # kingdom_xai_b's source (Asharq Al-Awsat, a wire copy with an https link) made graded level 4.
    edit(curated_copy, SOURCES, "aawsat_xai", grade="secondary")
    reported = [p for p in found(curated_copy) if p.column == "status"]
    assert (
        Problem(
            PARTICIPATIONS,
            line(PARTICIPATIONS, "kingdom_xai_b"),
            "status",
            "VERIFIED",
            VERIFIED_NEEDS.format("aawsat_xai"),
        )
        in reported
    )


def test_a_source_found_only_as_an_address_does_not_make_a_row_verified(curated_copy):
    edit(curated_copy, SOURCES, "aawsat_xai", text_held="no")
    lines = {(p.file, p.line) for p in found(curated_copy) if p.column == "status"}
    assert (PARTICIPATIONS, line(PARTICIPATIONS, "kingdom_xai_b")) in lines


def test_a_level_2_corroborating_source_keeps_a_level_4_row_verified(curated_copy):
    edit(curated_copy, SOURCES, "aawsat_xai", grade="secondary")
    for row in ("kingdom_xai_b", "qia_anthropic_f"):
        edit(curated_copy, PARTICIPATIONS, row, other_source_ids="fixture_wire")
    for deal in ("anthropic_f", "xai_b"):
        edit(curated_copy, DEALS, deal, other_source_ids="fixture_wire")
    assert [p for p in found(curated_copy) if p.column == "status"] == []


# -- Chinese names (name_zh) ---------------------------------------------------------------------------------

NEEDS_ZH_SOURCE = "a Chinese name (name_zh) needs the source whose text shows it (name_zh_source_id)"
ZH_SOURCE_WITHOUT_NAME = "a name_zh_source_id without a name_zh: the source shows no name here"


def test_a_chinese_name_without_its_source_is_reported(curated_copy):
    edit(curated_copy, ENTITIES, "qia", name_zh_source_id="")
    assert found(curated_copy) == [
        Problem(ENTITIES, line(ENTITIES, "qia"), "name_zh_source_id", "", NEEDS_ZH_SOURCE)
    ]


def test_a_chinese_name_source_without_a_chinese_name_is_reported(curated_copy):
    edit(curated_copy, ENTITIES, "adia", name_zh_source_id="fixture_wire")
    assert found(curated_copy) == [
        Problem(ENTITIES, line(ENTITIES, "adia"), "name_zh_source_id", "fixture_wire", ZH_SOURCE_WITHOUT_NAME)
    ]


def test_a_chinese_name_citing_an_unknown_source_is_reported(curated_copy):
    edit(curated_copy, ENTITIES, "mubadala", name_zh_source_id="zz_nowhere")
    assert found(curated_copy) == [
        Problem(ENTITIES, line(ENTITIES, "mubadala"), "name_zh_source_id", "zz_nowhere", UNKNOWN_SOURCE)
    ]


def test_a_source_cited_only_for_a_chinese_name_is_used(curated_copy):
    add_row(
        curated_copy,
        SOURCES,
        source_id="zz_zh_name",
        publisher="Somebody",
        title="Shows 卡塔尔投资局",
        url="https://example.org/zh",
        grade="wire",
        citation="Somebody, n.d.",
        text_held="yes",
    )
    edit(curated_copy, ENTITIES, "qia", name_zh_source_id="zz_zh_name")
    assert found(curated_copy) == []


def test_a_chinese_name_another_entity_answers_to_is_reported(curated_copy):
    # Baichuan's own name_zh repeats its alias 百川智能 (allowed); ADIA may not take QIA's Chinese name.
    edit(curated_copy, ENTITIES, "adia", name_zh="卡塔尔投资局", name_zh_source_id="fixture_wire")
    assert found(curated_copy) == [
        Problem(ENTITIES, line(ENTITIES, "qia"), "name_zh", "卡塔尔投资局", DUPLICATE_NAME.format("adia"))
    ]


def test_a_chinese_name_in_a_formula_shape_is_rejected(curated_copy):
    edit(curated_copy, ENTITIES, "qia", name_zh="=卡塔尔投资局")
    assert found(curated_copy) == [
        Problem(ENTITIES, line(ENTITIES, "qia"), "name_zh", "=卡塔尔投资局", FORMULA)
    ]
