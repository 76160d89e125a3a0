"""Filters and counting rules: URL parameters in, a view out; unknown values ignored and reported."""

from __future__ import annotations

import pytest

from fundgap.analysis.filters import FilterOptions, Filters
from fundgap.analysis.rules import CountingRules
from fundgap.analysis.view import View, parse_query, with_entity_words
from fundgap.data.load import read_dataset


@pytest.fixture(scope="module")
def data(fixture_data_dir):
    return read_dataset(fixture_data_dir)


@pytest.fixture(scope="module")
def figures(data):
    return data.figures


@pytest.fixture(scope="module")
def options(data):
    return FilterOptions.from_data(data.figures, data.entities)


def test_options_come_from_the_data(options):
    # Investor regions come from rows with an investor of their own: a round's "Mixed" is no choice.
    assert options.values["investor_region"] == ("China", "Gulf", "Japan")
    # Entities sort by display name; owners are choices too (Mubadala and G42 through MGX, SoftBank through
    # SVF2).
    assert options.values["investor"] == (
        "adia",
        "alibaba",
        "g42",
        "kingdom_holding",
        "mgx",
        "mubadala",
        "qia",
        "softbank",
        "svf2",
    )
    assert (options.year_min, options.year_max) == (2024, 2026)


@pytest.mark.parametrize(
    "typed", ["QIA", "qia", "Qatar Investment Authority", "  qatar   investment authority "]
)
def test_an_investor_is_found_by_any_name_in_any_case(options, typed):
    view = parse_query({"investor": [typed]}, options)
    assert (view.filters.investor, view.ignored) == (("qia",), ())


@pytest.mark.parametrize(
    ("typed", "entity_ids", "scope"),
    [
        ("卡塔尔投资局", ("qia",), ("qia",)),
        ("穆巴达拉", ("mubadala",), ("mubadala", "mgx")),
        ("软银集团", ("softbank",), ("softbank", "svf2")),
    ],
)
def test_an_entity_is_found_by_its_chinese_name(options, typed, entity_ids, scope):
    # Searches accept both scripts: name_zh finds the entity like its English names, owners bring their
    # vehicles.
    view = parse_query({"investor": [typed]}, options)
    assert (view.filters.investor, view.filters.investor_scope, view.ignored) == (entity_ids, scope, ())


def test_a_recipient_is_found_by_its_chinese_name(options):
    view = parse_query({"recipient": ["稀宇科技"]}, options)
    assert (view.filters.recipient, view.ignored) == (("minimax",), ())


def test_an_entity_table_built_before_name_zh_still_resolves_every_other_name(data):
    from fundgap.analysis.entities import EntityIndex

    old = EntityIndex.from_frame(data.entities.drop(columns=["name_zh", "name_zh_source_id"]))
    found = (old.resolve("QIA"), old.resolve("卡塔尔投资局"), old.resolve("百川智能"))
    assert found == ("qia", None, "baichuan")


def test_choosing_an_owner_includes_its_vehicles_and_says_so(options, figures):
    view = parse_query({"investor": ["Mubadala"]}, options)
    assert view.filters.investor_scope == ("mubadala", "mgx")
    assert view.filters.describe().startswith(
        "Mubadala Investment Company, incl. MGX (co-owned) → all recipients"
    )
    assert view.filters.apply(figures)["figure_id"].tolist() == ["mgx_openai"]


def test_an_unknown_investor_is_ignored_with_its_closest_names(options):
    view = parse_query({"investor": ["Qatar Investment Authorty"]}, options)
    assert view.filters.investor == ()
    assert view.ignored == (
        "investor='Qatar Investment Authorty' (no entity has this name or alias; closest: "
        "Qatar Investment Authority, Abu Dhabi Investment Authority, Mubadala Investment Company)",
    )


def test_an_investor_filter_selects_participations_never_whole_rounds(options, figures):
    kept = parse_query({"investor_region": ["Gulf"]}, options).filters.apply(figures)
    assert set(kept["record_type"]) == {"participation", "figure"}
    assert "xai_b" not in set(kept["figure_id"])


def test_url_parameters_become_filters_and_rules(options):
    view = parse_query(
        {
            "investor_region": ["Gulf"],
            "recipient_region": ["China", "United States"],
            "year_from": ["2025"],
            "secondary": ["1"],
            "undisclosed": ["zero"],
        },
        options,
    )
    assert view.filters == Filters(
        investor_region=("Gulf",), recipient_region=("China", "United States"), year_from=2025
    )
    assert view.rules == CountingRules(secondary=True, undisclosed="zero")
    assert view.ignored == ()


def test_unknown_names_values_and_bad_years_fall_back_to_defaults_and_are_reported(options):
    view = parse_query(
        {
            "investor_region": ["Mars", "Gulf", "Gulf"],
            "colour": ["red"],
            "year_from": ["20x5"],
            "year_to": ["1999"],
            "unverified": ["maybe"],
        },
        options,
    )
    assert view.filters == Filters(investor_region=("Gulf",))
    assert view.rules == CountingRules()
    assert view.ignored == (
        "investor_region='Mars' (no such value in the data)",
        "unknown parameter 'colour'",
        "year_from='20x5' (not a year between 2024 and 2026)",
        "year_to='1999' (not a year between 2024 and 2026)",
        "unverified='maybe' (not understood)",
    )


def test_reversed_years_are_dropped_with_a_notice(options):
    view = parse_query({"year_from": ["2026"], "year_to": ["2024"]}, options)
    assert (view.filters.year_from, view.filters.year_to) == (None, None)
    assert view.ignored == ("year_from=2026 is after year_to=2024; showing all years",)


def test_a_view_round_trips_through_its_query(options):
    view = View(
        with_entity_words(
            Filters(
                investor=("kingdom_holding",),
                kind=("ipo_cornerstone", "round_total"),
                year_from=2024,
                year_to=2025,
            ),
            options.entities,
        ),
        CountingRules(commitments=False, unverified=True),
    )
    assert view.to_query() == {
        "investor": ["kingdom_holding"],
        "kind": ["ipo_cornerstone", "round_total"],
        "year_from": ["2024"],
        "year_to": ["2025"],
        "commitments": ["0"],
        "unverified": ["1"],
    }
    assert parse_query(view.to_query(), options) == view


def test_defaults_leave_the_url_empty():
    assert View().to_query() == {}


@pytest.mark.parametrize(
    ("filters", "text"),
    [
        (Filters(), "All investors → all recipients, all years"),
        (
            Filters(investor_region=("Gulf",), recipient_region=("China",), year_from=2024, year_to=2026),
            "Gulf investors → China, 2024–2026",
        ),
        (
            Filters(investor=("SoftBank Group",), recipient=("OpenAI", "Alibaba"), year_from=2025),
            "SoftBank Group → OpenAI and Alibaba, from 2025",
        ),
        (
            Filters(investor_region=("Gulf",), investor_country=("Qatar",)),
            "Gulf investors (from Qatar) → all recipients, all years",
        ),
        (
            Filters(status=("VERIFIED",), kind=("round_total",)),
            "All investors → all recipients, all years, round total, status VERIFIED",
        ),
    ],
)
def test_filters_describe_themselves(filters, text):
    assert filters.describe() == text


def test_rules_describe_themselves():
    assert CountingRules().describe() == (
        "Counting unpaid commitments and IPO cornerstone subscriptions; excluding secondary purchases, "
        "infrastructure "
        "commitments and unverified figures; undisclosed amounts reported as a count."
    )


def test_apply_keeps_figures_whose_period_overlaps_the_years(figures):
    kept = Filters(year_from=2025, year_to=2026).apply(figures)
    assert sorted(kept["figure_id"]) == [
        "adia_minimax",
        "anthropic_f",
        "minimax_cornerstones",
        "qia_anthropic_f",
        "seed_gulf_china",
    ]
    assert len(figures) == 13  # apply does not mutate its input


def test_an_undated_row_is_in_no_year_but_in_the_full_view(figures):
    undated = figures.copy()
    undated.loc[undated["figure_id"] == "xai_b", ["year_start", "year_end"]] = None
    assert "xai_b" not in set(Filters(year_from=2024).apply(undated)["figure_id"])
    assert "xai_b" in set(Filters().apply(undated)["figure_id"])


def test_investor_country_filters_by_the_investors_own_country(options, figures):
    view = parse_query({"investor_country": ["Qatar"]}, options)
    assert view.filters.apply(figures)["figure_id"].tolist() == ["qia_anthropic_f"]


def test_rejected_reports_are_hidden_unless_asked_for(options, figures):
    rejected = figures.assign(status=figures["status"].astype(str))
    rejected.loc[rejected["figure_id"] == "kingdom_xai_b", "status"] = "REJECT"
    assert "kingdom_xai_b" not in set(Filters().apply(rejected)["figure_id"])
    shown = parse_query({"rejected": ["1"]}, options)
    assert shown.filters.rejected and shown.to_query() == {"rejected": ["1"]}
    assert "kingdom_xai_b" in set(shown.filters.apply(rejected)["figure_id"])
    assert "kingdom_xai_b" in set(Filters(status=("REJECT",)).apply(rejected)["figure_id"])
    assert shown.filters.describe() == "All investors → all recipients, all years, rejected reports shown"
