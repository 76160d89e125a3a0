"""Totals under the counting rules, ranges, the undisclosed count, part_of de-duplication and the Gulf gap."""

from __future__ import annotations

import pytest

from fundgap import aggregate
from fundgap.filters import CountingRules, Filters
from fundgap.load import read_dataset


@pytest.fixture(scope="module")
def data(fixture_data_dir):
    return read_dataset(fixture_data_dir)


def test_default_rules_add_verified_deals_and_count_undisclosed_ones(data):
    total = aggregate.total(data.figures, CountingRules())
    assert (total.amount, total.low, total.high) == (1_152_600_000, 1_152_600_000, 1_156_000_000)
    assert (total.n_counted, total.n_undisclosed) == (4, 1)
    assert total.figure_ids == ("adia_minimax", "baichuan_a", "kingdom_xai_b", "qia_anthropic_f")


@pytest.mark.parametrize(
    ("rules", "amount", "high"),
    [(CountingRules(secondary=True), 2_652_600_000, 2_656_000_000),  # the up-to-$1.5B tender: low end 0
     (CountingRules(cornerstone=False), 1_087_600_000, 1_091_000_000),
     (CountingRules(unverified=True), 1_152_600_000, 1_156_000_000)],  # the seed aggregate is a claim, never a deal
)
def test_each_rule_changes_the_total(data, rules, amount, high):
    total = aggregate.total(data.figures, rules)
    assert (total.amount, total.high) == (amount, high)


def test_a_part_is_not_added_again_when_its_whole_is_counted(data):
    figures = data.figures.copy()
    figures.loc[figures["figure_id"] == "kingdom_xai_b", "part_of"] = "baichuan_a"
    assert "kingdom_xai_b" not in aggregate.total(figures, CountingRules()).figure_ids
    gulf_only = Filters(investor_region=("Gulf",)).apply(figures)
    assert "kingdom_xai_b" in aggregate.total(gulf_only, CountingRules()).figure_ids


def test_gulf_gap_sets_the_seed_claim_against_documented_deals(data):
    gap = aggregate.gulf_gap(data.figures, data.claims, CountingRules())
    assert (gap.china.claimed, gap.china.claimed_low, gap.china.claimed_high) == (100e6, 80e6, 120e6)
    assert gap.china.documented.amount == 65e6
    assert (gap.us.documented.amount, gap.us.documented.n_undisclosed) == (400e6, 1)
    assert gap.documented_ratio.value == pytest.approx(400 / 65)
    assert gap.claimed_ratio.value is None  # the fixture has no US-side claim


def test_without_cornerstone_orders_the_china_side_has_no_disclosed_amount(data):
    gap = aggregate.gulf_gap(data.figures, data.claims, CountingRules(cornerstone=False))
    assert gap.china.documented.has_amount is False
    assert gap.documented_ratio.value is None


def test_ratio_range_pairs_the_extremes():
    r = aggregate.ratio((15e9, 12e9, 18e9), (100e6, 80e6, 120e6))
    assert (r.value, r.low, r.high) == (150.0, 100.0, 225.0)


def test_flow_links_keep_undisclosed_deals_visible(data):
    links = aggregate.flow_links(data.figures, CountingRules())
    gulf_us = links[(links["source"] == "Gulf") & (links["target"] == "United States")].iloc[0]
    assert (gulf_us["amount"], gulf_us["n_figures"], gulf_us["n_undisclosed"]) == (400e6, 2, 1)
    anthropic = links[links["target"] == "Anthropic"].iloc[0]
    assert (anthropic["amount"], anthropic["n_undisclosed"]) == (0.0, 1)


def test_softbank_cumulative_runs_in_date_order(data):
    rows = aggregate.softbank_openai(data.figures, CountingRules(secondary=True))
    assert rows["figure_id"].tolist() == ["sb_tender"]
    assert (rows.loc[0, "cumulative"], rows.loc[0, "cumulative_low"], rows.loc[0, "cumulative_high"]) == (1.5e9, 0, 1.5e9)


def test_the_sensitivity_table_shows_each_rule_change(data):
    from fundgap.overview import gap_sensitivity

    rows = gap_sensitivity(data.figures, data.claims, CountingRules())
    by_rule = {row["Counting rules"]: row for row in rows}
    assert by_rule["Rules in use"] == {"Counting rules": "Rules in use", "Gulf → Chinese labs": "$65M",
                                       "Gulf → US labs": "$400M + 1 undisclosed", "US ÷ China": "6.2×"}
    assert by_rule["− IPO cornerstone orders"]["Gulf → Chinese labs"] == "no disclosed amount"
    assert by_rule["− IPO cornerstone orders"]["US ÷ China"] == "not computable"
