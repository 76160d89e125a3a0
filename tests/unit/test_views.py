"""Page bundles (fundgap.views) and the pieces that keep them cheap at scale: one counting pass for the Flows
page, row positions instead of copies, capped markers and Sankey nodes, and the conflicts list as escaped
markdown."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fundgap.analysis import aggregate
from fundgap.analysis.filters import Filters
from fundgap.analysis.method import conflicts_markdown
from fundgap.analysis.rules import CountingRules
from fundgap.analysis.view import View
from fundgap.data.load import read_dataset
from fundgap.views import bundles as views
from fundgap.views import charts


@pytest.fixture(scope="module")
def data(fixture_data_dir):
    return read_dataset(fixture_data_dir)


def test_one_counting_pass_gives_what_the_separate_functions_give(data):
    rules = CountingRules()
    flows = aggregate.flows(data.figures, rules)
    pd.testing.assert_frame_equal(flows.links, aggregate.flow_links(data.figures, rules))
    top, remainder = aggregate.ranked_flows(data.figures, rules)
    pd.testing.assert_frame_equal(flows.top, top)
    assert flows.remainder == remainder == 0
    assert list(flows.undisclosed["figure_id"]) == []
    assert list(flows.counted["figure_id"]) == [
        "anthropic_f",
        "baichuan_a",
        "minimax_cornerstones",
        "openai_2024",
        "xai_b",
    ]
    gulf = aggregate.flows(Filters(investor_region=("Gulf",)).apply(data.figures), rules)
    assert list(gulf.undisclosed["figure_id"]) == ["mgx_openai", "qia_anthropic_f"]


def test_a_chain_of_parts_is_counted_once_through_its_top(data):
    figures = Filters(investor_region=("Gulf",)).apply(data.figures).copy()
    figures.loc[figures["figure_id"] == "kingdom_xai_b", "part_of"] = "qia_anthropic_f"
    figures.loc[figures["figure_id"] == "qia_anthropic_f", "part_of"] = "adia_minimax"
    counted = figures.loc[aggregate.counted_mask(figures, CountingRules()), "figure_id"]
    assert list(counted) == ["adia_minimax", "mgx_openai"]


def test_a_commitment_paid_in_tranches_counts_through_its_tranches():
    rows = pd.DataFrame(
        {
            "figure_id": ["commit", "t1", "t2"],
            "part_of": [None, "commit", "commit"],
            "flow_kind": ["commitment", "equity_tranche", "equity_tranche"],
            "status": "VERIFIED",
        }
    )
    assert aggregate.counted_mask(rows, CountingRules()).tolist() == [False, True, True]


def test_labs_beyond_the_sankey_limit_share_one_node():
    labs = [f"Lab {i:02d}" for i in range(aggregate.MAX_SANKEY_LABS + 5)]
    links = pd.DataFrame(
        {
            "source": "China",
            "target": labs,
            "amount": [float(100 - i) for i in range(len(labs))],
            "n_figures": 1,
            "n_undisclosed": 0,
            "stage": 1,
        }
    )
    folded = aggregate._fold_small_labs(links)
    assert len(folded) == aggregate.MAX_SANKEY_LABS + 1
    other = folded[folded["target"] == aggregate.OTHER_LABS].iloc[0]
    assert (other["amount"], other["n_figures"]) == (sum(float(100 - i) for i in range(30, 35)), 5)
    assert folded["amount"].sum() == links["amount"].sum()


def test_positions_point_back_at_the_rows(data):
    gulf = Filters(investor_region=("Gulf",)).apply(data.figures)
    assert list(views.positions(data.figures, gulf)) == [0, 4, 5, 8, 11]
    assert list(views.positions(data.figures, data.figures)) == list(range(len(data.figures)))
    assert list(data.figures.iloc[views.positions(data.figures, gulf)]["figure_id"]) == list(
        gulf["figure_id"]
    )


def test_the_data_bundle_keeps_positions_and_a_formatted_table(data):
    page = views.data_page(data, View(Filters(investor_region=("Gulf",))))
    assert page.table.n_rows == 5
    assert list(page.positions) == [0, 4, 5, 8, 11]
    assert page.table.shown["amount"].to_pylist() == [
        "$65M",
        "$400M",
        "undisclosed",
        "undisclosed",
        "about $100M ($80M–$120M)",
    ]


def test_a_flows_bundle_shares_its_rows_between_both_charts(data):
    page = views.flows_page(data, View())
    assert list(page.sankey.positions) == list(page.ranked.positions) == [1, 2, 6, 7, 12]
    assert page.sankey.table.n_rows == 5
    assert page.sankey.figure.layout.meta["sources"] == sorted(
        set(data.figures["source_publisher"].iloc[[1, 2, 6, 7, 12]].astype(str))
    )


def test_undisclosed_tickets_are_capped_but_counted_in_full(data):
    gulf = Filters(investor_region=("Gulf",)).apply(data.figures)
    one = aggregate.undisclosed_flows(gulf, CountingRules())
    many = pd.concat([one] * 25, ignore_index=True)  # 50 undisclosed tickets, all in rounds of known size
    many["figure_id"] = [f"u{i}" for i in range(50)]
    fig = charts.ranked_bars(aggregate.ranked_flows(gulf, CountingRules())[0], many, 0, "Gulf investors")
    outlines = next(trace for trace in fig.data if trace.name.startswith("Ticket undisclosed"))
    assert len(outlines.y) == charts.MAX_UNDISCLOSED_MARKERS == 40
    assert (
        outlines.name.replace("<br>", " ")
        == "Ticket undisclosed: outline = the whole round it is part of, its upper bound (50)"
    )
    # Drawn at the size of their round ($6.6B, $13B), never at a made-up small dollar value.
    assert sorted(set(outlines.x)) == [6.6e9, 13e9]
    assert "10 more undisclosed deals not drawn (all are in the table and CSV)" in fig.layout.meta["subtitle"]


def test_an_undisclosed_amount_in_a_deal_of_unknown_size_is_written_not_drawn(data):
    one = (
        aggregate.undisclosed_flows(Filters(investor_region=("Gulf",)).apply(data.figures), CountingRules())
        .head(1)
        .copy()
    )
    one[["deal_amount_usd", "deal_amount_high_usd"]] = float("nan")
    fig = charts.ranked_bars(one.iloc[0:0], one, 0, "x")
    words = next(trace for trace in fig.data if trace.mode == "text")
    assert (list(words.text), words.name.replace("<br>", " ")) == (
        ["amount undisclosed"],
        "Amount undisclosed, size of the deal unknown (1)",
    )


def test_conflicts_markdown_escapes_dataset_text():
    conflicts = pd.DataFrame(
        {
            "conflict_id": ["C01"],
            "topic": ["[click](javascript:alert(1))"],
            "trusted_figure_ids": [["a"]],
            "rejected_figure_ids": [[]],
            "rejected_reports": [None],
            "resolution": ["<b>bold</b> *x*"],
        }
    )
    assert conflicts_markdown(conflicts) == (
        "- **C01** · \\[click\\]\\(javascript\\:alert\\(1\\)\\)  \n"
        "  \\<b\\>bold\\</b\\> \\*x\\*  \n"
        "  *Trusted\\: a*"
    )


def test_positions_are_compact_integers(data):
    assert views.positions(data.figures, data.figures.head(2)).dtype == np.int64
