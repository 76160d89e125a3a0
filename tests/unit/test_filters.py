"""Filters and counting rules: URL parameters in, a view out; unknown values ignored and reported."""

from __future__ import annotations

import pytest

from fundgap.filters import CountingRules, FilterOptions, Filters, View, parse_query
from fundgap.load import read_dataset


@pytest.fixture(scope="module")
def figures(fixture_data_dir):
    return read_dataset(fixture_data_dir).figures


@pytest.fixture(scope="module")
def options(figures):
    return FilterOptions.from_figures(figures)


def test_options_come_from_the_data(options):
    assert options.values["investor_region"] == ("China", "Gulf", "Japan")
    assert (options.year_min, options.year_max) == (2024, 2026)


def test_url_parameters_become_filters_and_rules(options):
    view = parse_query({"investor_region": ["Gulf"], "recipient_region": ["China", "United States"], "year_from": ["2025"],
                        "secondary": ["1"], "undisclosed": ["zero"]}, options)
    assert view.filters == Filters(investor_region=("Gulf",), recipient_region=("China", "United States"), year_from=2025)
    assert view.rules == CountingRules(secondary=True, undisclosed="zero")
    assert view.ignored == ()


def test_unknown_names_values_and_bad_years_fall_back_to_defaults_and_are_reported(options):
    view = parse_query({"investor_region": ["Mars", "Gulf", "Gulf"], "colour": ["red"], "year_from": ["20x5"],
                        "year_to": ["1999"], "unverified": ["maybe"]}, options)
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
    view = View(Filters(investor=("Kingdom Holding",), kind=("ipo_cornerstone", "round_total"), year_from=2024, year_to=2025),
                CountingRules(commitments=False, unverified=True))
    assert view.to_query() == {"investor": ["Kingdom Holding"], "kind": ["ipo_cornerstone", "round_total"], "year_from": ["2024"],
                               "year_to": ["2025"], "commitments": ["0"], "unverified": ["1"]}
    assert parse_query(view.to_query(), options) == view


def test_defaults_leave_the_url_empty():
    assert View().to_query() == {}


@pytest.mark.parametrize(
    ("filters", "text"),
    [(Filters(), "All investors → all recipients, all years"),
     (Filters(investor_region=("Gulf",), recipient_region=("China",), year_from=2024, year_to=2026), "Gulf investors → China, 2024–2026"),
     (Filters(investor=("SoftBank Group",), recipient=("OpenAI", "Alibaba"), year_from=2025), "SoftBank Group → OpenAI and Alibaba, from 2025"),
     (Filters(status=("VERIFIED",), kind=("round_total",)), "All investors → all recipients, all years, round total, status VERIFIED")],
)
def test_filters_describe_themselves(filters, text):
    assert filters.describe() == text


def test_rules_describe_themselves():
    assert CountingRules().describe() == (
        "Counting unpaid commitments and IPO cornerstone subscriptions; excluding secondary purchases, infrastructure "
        "commitments and unverified figures; undisclosed amounts reported as a count."
    )


def test_apply_keeps_figures_whose_period_overlaps_the_years(figures):
    kept = Filters(year_from=2025, year_to=2026).apply(figures)
    assert sorted(kept["figure_id"]) == ["adia_minimax", "qia_anthropic_f", "seed_gulf_china"]
    assert len(figures) == 6  # apply does not mutate its input
