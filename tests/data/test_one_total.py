"""Issue 17: every total a page or a verdict quotes comes from one function, so the same rules give the same
number on the SoftBank page, the Overview and the Claims audit."""

from __future__ import annotations

import pytest

from fundgap.analysis import aggregate, softbank
from fundgap.analysis.filters import Filters
from fundgap.analysis.overview import bounds_text
from fundgap.analysis.rules import CountingRules
from fundgap.analysis.view import View
from fundgap.data import paths
from fundgap.data.load import read_dataset
from fundgap.views.bundles import claims_page, overview_page, softbank_page

RULE_SETS = [
    CountingRules(),
    CountingRules(infrastructure=True),
    CountingRules(commitments=False),
    CountingRules(secondary=True, unverified=True),
    CountingRules(cornerstone=False),
]


@pytest.fixture(scope="module")
def data():
    return read_dataset(paths.DEFAULT_DATA_DIR)


def _facts(page) -> dict[str, str]:
    return {fact.label: fact.value for fact in page.facts}


def _documented(data, view) -> dict[str, str]:
    return {
        entry.card.claim["claim_id"]: bounds_text(entry.card.documented.total)
        for entry in claims_page(data, view)
        if entry.card.documented is not None
    }


@pytest.mark.parametrize("rules", RULE_SETS, ids=lambda r: r.describe())
def test_softbank_page_and_claims_verdict_quote_the_same_total(data, rules):
    view = View(rules=rules)
    money = softbank.softbank_openai(data.figures, data.claims, rules)
    assert _facts(softbank_page(data, view))["OpenAI: all counted"] == bounds_text(money.openai)
    assert _documented(data, view)["claim_softbank_openai_nearly_100b"] == bounds_text(money.openai)


@pytest.mark.parametrize("rules", RULE_SETS, ids=lambda r: r.describe())
def test_overview_cards_and_claims_verdicts_quote_the_same_gulf_totals(data, rules):
    view = View(rules=rules)
    facts = _facts(overview_page(data, view))
    documented = _documented(data, view)
    assert facts["Documented: Gulf → MiniMax and Zhipu"] == documented["claim_gulf_to_china_100m"]
    assert facts["Documented: Gulf → Anthropic and OpenAI"] == documented["claim_gulf_to_us_15b"]


def test_softbank_money_is_split_into_paid_committed_and_stargate(data):
    money = softbank.softbank_openai(data.figures, data.claims, CountingRules())
    # around $500M (±10%) in 2024, $7.5B + $22.5B in 2025, $10B paid in April 2026. The July 2026 tranche rests
    # only on pages that link SoftBank's release without its text, so it is UNVERIFIED (issue 22), as is the
    # third tranche, reported by a weak source only.
    assert (money.paid.low, money.paid.high) == (40.45e9, 40.55e9)
    assert money.committed.n_counted == 0  # the 2026 commitment counts through its paid tranches
    assert bounds_text(money.unverified) == "$20B"
    assert sorted(money.unverified.figure_ids) == [
        "softbank_openai_2026_tranche2__svf2",
        "softbank_openai_2026_tranche3__softbank",
    ]
    assert money.infrastructure.n_counted == 0  # Stargate only with infrastructure switched on
    assert bounds_text(money.openai) == "$40.45B–$40.55B"
    with_stargate = softbank.softbank_openai(data.figures, data.claims, CountingRules(infrastructure=True))
    assert bounds_text(with_stargate.infrastructure) == "$18B"
    assert bounds_text(with_stargate.everything) == "$58.45B–$58.55B"
    assert with_stargate.openai == money.openai  # the switch adds Stargate beside OpenAI, never into it
    with_weak = softbank.softbank_openai(data.figures, data.claims, CountingRules(unverified=True))
    assert bounds_text(with_weak.openai) == "$60.45B–$60.55B" and with_weak.unverified.n_counted == 0
    no_promises = softbank.softbank_openai(data.figures, data.claims, CountingRules(commitments=False))
    assert bounds_text(no_promises.paid) == "$40.45B–$40.55B"

def test_the_infrastructure_switch_changes_what_the_softbank_lead_says(data):
    off = softbank_page(data, View(rules=CountingRules()))
    on = softbank_page(data, View(rules=CountingRules(infrastructure=True)))
    assert "switch on *infrastructure commitments*" in off.lead
    assert "Infrastructure commitments are switched on" in on.lead
    assert "Stargate infrastructure" in _facts(on) and "Stargate infrastructure" not in _facts(off)


def test_filters_that_leave_no_softbank_deal_say_so(data):
    page = softbank_page(data, View(filters=Filters(recipient=("zhipu",))))
    assert _facts(page)["OpenAI: all counted"] == "none counted"
    assert "No SoftBank deal into OpenAI is counted" in page.lead


@pytest.mark.parametrize(
    ("figure_id", "reason"),
    [
        ("reject_c03_arageek_mgx_openai", "rejected report, never counted"),
        ("softbank_openai_2025_commitment__softbank", "counted through its paid tranches"),
        ("softbank_stargate_commitment__softbank", "infrastructure commitments switched off"),
        ("softbank_openai_2024_tender__svf2", "secondary purchases switched off"),
        ("softbank_openai_2024_10_round", "inside a counted deal: the whole deal is counted once"),
        ("aiindex2025_us_2024", "context figure, never added to deal totals"),
        ("openai_2025_03", ""),  # the round counts; SoftBank's tranches are inside it
    ],
)
def test_every_row_says_why_the_default_rules_leave_it_out(data, figure_id, reason):
    reasons = aggregate.not_counted_reasons(data.figures, CountingRules())
    assert reasons[data.figures["figure_id"] == figure_id].tolist() == [reason]


def test_the_data_table_says_row_by_row_whether_the_rules_count_it(data):
    from fundgap.views.bundles import data_page

    table = data_page(data, View(filters=Filters(rejected=True))).table.shown.to_pandas()
    assert table.columns.tolist().index("counted") == table.columns.tolist().index("status") + 1
    by_figure = dict(
        zip(
            data.figures["figure_id"].iloc[data_page(data, View(filters=Filters(rejected=True))).positions],
            table["counted"],
            strict=True,
        )
    )
    assert by_figure["openai_2025_03"] == "✓ counted"
    assert by_figure["reject_c03_arageek_mgx_openai"] == "✗ rejected report, never counted"
    assert by_figure["softbank_stargate_commitment__softbank"] == "✗ infrastructure commitments switched off"


def test_the_ai_index_series_has_one_bar_per_country_and_year(data):
    series = aggregate.ai_index_series(data.figures[data.figures["flow_kind"] == "country_total"])
    assert not series.duplicated(
        ["country", "year"]
    ).any()  # a GenAI share is inside its total, not beside it
    us = series[series["country"] == "United States"].set_index("year")["amount_usd"]
    assert us.to_dict() == {2021: 52.9e9, 2022: 47.4e9, 2023: 67.2e9, 2024: 109.1e9, 2025: 285.9e9}


def test_releases_appear_on_the_time_charts_only_when_the_url_asks(data):
    from fundgap.analysis.filters import FilterOptions
    from fundgap.analysis.view import parse_query

    options = FilterOptions.from_data(data.figures, data.entities)
    plain, with_releases = (parse_query(q, options) for q in ({}, {"releases": ["1"]}))
    assert with_releases.to_query() == {"releases": ["1"]}

    def names(fig):
        return {trace.name.replace("<br>", " ") for trace in fig.data if trace.name}

    assert "Release: API or hosted only (hollow)" not in names(softbank_page(data, plain).timeline.figure)
    assert "Release: API or hosted only (hollow)" in names(softbank_page(data, with_releases).timeline.figure)
    # Each year's label, written above its row of bars, carries that year's releases when the URL asks.
    def notes(view):
        labels = overview_page(data, view).ai_index.figure.layout.annotations
        return [a.text for a in labels if a.name == "year_label" and " releases · " in a.text]

    assert notes(with_releases) and all(" open weights" in text for text in notes(with_releases))
    assert notes(plain) == []
