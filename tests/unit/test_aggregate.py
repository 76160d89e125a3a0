"""Totals under the counting rules, ranges, the undisclosed count, part_of de-duplication and the Gulf gap."""

from __future__ import annotations

import pytest

from fundgap.analysis import aggregate, softbank
from fundgap.analysis.filters import Filters
from fundgap.analysis.rules import CountingRules
from fundgap.data.load import read_dataset


@pytest.fixture(scope="module")
def data(fixture_data_dir):
    return read_dataset(fixture_data_dir)


def test_default_rules_add_verified_deals_once_each(data):
    total = aggregate.total(data.figures, CountingRules())
    assert (total.amount, total.low, total.high) == (26_637_600_000, 26_637_600_000, 26_641_000_000)
    assert (total.n_counted, total.n_undisclosed) == (5, 0)
    # Deals count; the participations inside them are never added on top.
    assert total.figure_ids == ("anthropic_f", "baichuan_a", "minimax_cornerstones", "openai_2024", "xai_b")


@pytest.mark.parametrize(
    ("rules", "amount", "high"),
    [
        (CountingRules(secondary=True), 28_137_600_000, 28_141_000_000),  # the up-to-$1.5B tender: low end 0
        (CountingRules(cornerstone=False), 26_287_600_000, 26_291_000_000),
        (CountingRules(unverified=True), 26_637_600_000, 26_641_000_000),
    ],  # the seed aggregate is a claim, never a deal
)
def test_each_rule_changes_the_total(data, rules, amount, high):
    total = aggregate.total(data.figures, rules)
    assert (total.amount, total.high) == (amount, high)


def test_a_part_is_not_added_again_when_its_whole_is_counted(data):
    assert "kingdom_xai_b" not in aggregate.total(data.figures, CountingRules()).figure_ids
    gulf_only = Filters(investor_region=("Gulf",)).apply(data.figures)
    assert aggregate.total(gulf_only, CountingRules()).figure_ids == (
        "adia_minimax",
        "kingdom_xai_b",
        "mgx_openai",
        "qia_anthropic_f",
    )


def test_gulf_bounds_run_from_disclosed_tickets_to_the_rounds_joined(data):
    gulf = Filters(investor_region=("Gulf",)).apply(data.figures)
    total = aggregate.total(gulf, CountingRules())
    # $65M + $400M disclosed; MGX's and QIA's tickets are undisclosed, so their whole rounds ($6.6B, $13B)
    # bound them.
    assert (total.low, total.high, total.n_undisclosed) == (465e6, 465e6 + 6.6e9 + 13e9, 2)


def test_an_undisclosed_ticket_in_a_deal_of_unknown_size_leaves_the_upper_bound_open(data):
    figures = data.figures.copy()
    figures.loc[figures["figure_id"] == "mgx_openai", ["deal_amount_usd", "deal_amount_high_usd"]] = float(
        "nan"
    )
    total = aggregate.total(Filters(investor=("mgx",)).apply(figures), CountingRules())
    assert (total.low, total.open_ended) == (0.0, True)


def test_an_open_lower_bound_has_no_upper_end():
    import pandas as pd

    rows = pd.DataFrame(
        {
            "amount_usd": [30e9, 2e9],
            "amount_high_usd": [float("nan"), float("nan")],
            "amount_kind": ["lower_bound", "exact"],
        }
    )
    assert aggregate.upper_ends(rows).tolist() == [float("inf"), 2e9]


def test_gulf_gap_compares_the_named_labs_and_keeps_the_others_beside(data):
    gap = aggregate.gulf_gap(data.figures, data.claims, CountingRules())
    assert (gap.china.claimed, gap.china.claimed_low, gap.china.claimed_high) == (100e6, 80e6, 120e6)
    assert (gap.china.documented.low, gap.china.documented.high) == (65e6, 65e6)
    assert gap.us.labs == ("anthropic", "openai")
    assert (gap.us.documented.low, gap.us.documented.high, gap.us.documented.n_undisclosed) == (
        0.0,
        19.6e9,
        2,
    )
    assert gap.us.others.figure_ids == ("kingdom_xai_b",)  # xAI is beside the seed's labs, never in them
    assert gap.documented_ratio.low == 0.0
    assert gap.documented_ratio.high == pytest.approx(19.6e9 / 65e6)
    # The fixture's US-side claim (about $15B, $12B–$18B) against the China side's (about $100M, $80M–$120M).
    assert gap.claimed_ratio.value == pytest.approx(150)
    assert (gap.claimed_ratio.low, gap.claimed_ratio.high) == (pytest.approx(100), pytest.approx(225))


def test_without_cornerstone_orders_the_china_side_has_nothing_to_divide_by(data):
    gap = aggregate.gulf_gap(data.figures, data.claims, CountingRules(cornerstone=False))
    assert gap.china.documented.n_counted == 0
    assert (gap.documented_ratio.low, gap.documented_ratio.high) == (None, None)


def test_ratio_range_pairs_the_extremes():
    r = aggregate.ratio((15e9, 12e9, 18e9), (100e6, 80e6, 120e6))
    assert (r.value, r.low, r.high) == (150.0, 100.0, 225.0)


def test_flow_links_split_each_round_between_its_named_tickets_and_the_rest(data):
    links = aggregate.flow_links(data.figures, CountingRules())
    first = links[links["stage"] == 0].set_index(["source", "target"])
    assert first.loc[("Gulf", "United States"), ["amount", "n_figures", "n_undisclosed"]].tolist() == [
        400e6,
        3,
        2,
    ]
    assert first.loc[("Gulf", "China"), ["amount", "n_undisclosed"]].tolist() == [65e6, 0]
    assert first.loc[("China", "China"), ["amount", "n_undisclosed"]].tolist() == [
        0.0,
        1,
    ]  # Alibaba's undisclosed lead
    assert first.loc[(aggregate.UNATTRIBUTED, "United States"), "amount"] == 13e9 + 6.6e9 + 5.6e9
    assert first.loc[(aggregate.UNATTRIBUTED, "China"), "amount"] == pytest.approx(687.6e6 + 285e6)
    # Every counted dollar is drawn once: the links add up to the total.
    assert first["amount"].sum() == pytest.approx(aggregate.total(data.figures, CountingRules()).amount)
    anthropic = links[links["target"] == "Anthropic"].iloc[0]
    assert (anthropic["amount"], anthropic["n_undisclosed"]) == (13e9, 1)


def test_softbank_cumulative_runs_in_date_order(data):
    rows = softbank.softbank_openai(data.figures, data.claims, CountingRules(secondary=True)).deals
    assert rows["figure_id"].tolist() == ["sb_tender__svf2"]
    assert rows["stage"].tolist() == [softbank.PAID]
    assert (rows.loc[0, "cumulative"], rows.loc[0, "cumulative_low"], rows.loc[0, "cumulative_high"]) == (
        1.5e9,
        0,
        1.5e9,
    )


def test_the_sensitivity_table_shows_each_rule_change(data):
    from fundgap.analysis.overview import gap_sensitivity

    rows = gap_sensitivity(data.figures, data.claims, CountingRules())
    by_rule = {row["Counting rules"]: row for row in rows}
    assert by_rule["Rules in use"] == {
        "Counting rules": "Rules in use",
        "Gulf → MiniMax and Zhipu": "$65M",
        "Gulf → Anthropic and OpenAI": "$0–$19.6B (2 undisclosed)",
        "US ÷ China (range)": "0×–302×",
        "What the change moves": "—",
    }
    assert by_rule["− IPO cornerstone subscriptions"]["What the change moves"] == "the bounds"
    assert by_rule["+ infrastructure commitments"]["What the change moves"] == "nothing in these two columns"
    assert by_rule["− IPO cornerstone subscriptions"]["Gulf → MiniMax and Zhipu"] == "none documented"
    assert by_rule["− IPO cornerstone subscriptions"]["US ÷ China (range)"] == "not computable"


def test_a_rule_that_only_adds_undisclosed_tickets_is_said_to_move_only_the_count(data):
    from dataclasses import replace

    from fundgap.analysis.overview import what_moves

    before = aggregate.gulf_gap(data.figures, data.claims, CountingRules())
    more = replace(before.us.documented, n_undisclosed=3, n_counted=3)
    after = replace(before, us=replace(before.us, documented=more))
    assert what_moves(before, after) == "only the count of undisclosed tickets"
    assert what_moves(before, before) == "nothing in these two columns"
