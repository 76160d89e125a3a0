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


# -- what charts write (issue 24) ---------------------------------------------------------------------------


def test_a_log_axis_labels_at_least_two_ticks_inside_its_range():
    from fundgap.views.charts.base import axis_range, usd_ticks

    # Alibaba's market value: every value within one decade still gets both ends labelled.
    assert usd_ticks(1.25e11, 7.8e11, True) == ([1e11, 1e12], ["$100B", "$1T"])
    assert usd_ticks(2e11, 2e11, True) == ([1e11, 1e12], ["$100B", "$1T"])
    # The ticks sit inside the range, 8% of the span from each edge, so plotly never drops an end label.
    assert axis_range([1e8, 1e9, 1e10], True) == pytest.approx([7.84, 10.16])
    assert axis_range([0.0, 5e10, 1e11], False) == [0.0, 1e11]


def test_a_source_line_puts_the_best_level_first_and_names_each_level():
    from fundgap.views.charts.base import ranked_sources, source_line

    sources = [("a blog", 4), ("Reuters", 2), ("SoftBank Group", 1), ("Reuters", 3), "seed article", None]
    assert ranked_sources(sources) == [
        ("SoftBank Group", 1),
        ("Reuters", 2),
        ("a blog", 4),
        ("seed article", 9),
    ]
    assert source_line(sources) == (
        "Source: SoftBank Group (level 1, primary); Reuters (level 2, wire); a blog (level 4, secondary); "
        "seed article"
    )
    many = [(f"blog {i:02d}", 4) for i in range(15)] + [("Bloomberg", 2)]
    assert source_line(many) == (
        "Source: 16 publishers, best first: Bloomberg (level 2, wire); blog 00 (level 4, secondary); "
        "blog 01 (level 4, secondary); the others are named in the hover text and in the tables under this "
        "chart"
    )


def test_publishers_keep_each_publishers_best_level():
    frame = pd.DataFrame(
        {"source_publisher": ["Blog", "Bloomberg", "Bloomberg", None], "source_level": [4, 3, 2, None]}
    )
    assert charts.publishers(frame) == (("Bloomberg", 2), ("Blog", 4))
    assert charts.publishers(frame[["source_publisher"]]) == (("Blog", 9), ("Bloomberg", 9))


def test_row_labels_use_short_names_and_never_print_nan():
    from fundgap.views.charts.base import row_label

    names = {"Zhipu AI (Knowledge Atlas / Z.ai)": "Zhipu"}
    assert (
        row_label(
            "Round investors: Prosperity7 (lead)", "Zhipu AI (Knowledge Atlas / Z.ai)", float("nan"), names
        )
        == "Whole round → Zhipu (undated)"
    )
    assert (
        row_label("The Walt Disney Company", "OpenAI", "2025-12-11")
        == "The Walt Disney Company → OpenAI (2025-12-11)"
    )
    assert row_label("A <b>", "B", "2023-Q1") == "A &lt;b&gt; → B (2023-Q1)"
    long = row_label("Beijing Artificial Intelligence Industry Investment Fund", "Zhipu AI", "2025")
    assert long == "Beijing Artificial Intelligence Indus… → Zhipu AI (2025)"
    assert len(long) == 56  # ROW_LABEL_CHARS


def test_flow_labels_say_amount_undisclosed_tickets_or_none():
    from fundgap.views.charts.flows import flow_text, label_lines

    assert flow_text(65e6, 1) == "$65M + 1 undisclosed"
    assert flow_text(3.8e9, 0) == "$3.8B"
    assert flow_text(0.0, 3) == "3 undisclosed"
    assert flow_text(0.0, 0) == "no disclosed amount"
    assert label_lines("→ China labs:", "$65M", "+ 1 undisclosed") == [
        "→ China labs: $65M",
        "+ 1 undisclosed",
    ]
    assert label_lines("Zhipu AI (Knowledge Atlas / Z.ai)") == ["Zhipu AI (Knowledge Atlas", "/ Z.ai)"]


GULF_LINKS = pd.DataFrame(
    {
        "source": ["Gulf", "Gulf", "China", "China", "United States"],
        "target": ["China", "United States", "China", "Zhipu", "OpenAI"],
        "amount": [65e6, 3.8e9, 0.0, 65e6, 3.8e9],
        "n_figures": [2, 16, 3, 5, 16],
        "n_undisclosed": [1, 13, 3, 4, 13],
        "stage": [0, 0, 0, 1, 1],
    }
)


def test_the_sankey_layout_labels_every_node_and_flow_and_stacks_them_apart():
    from fundgap.views.charts.flows import BARS_PX, sankey_layout

    nodes, bands, height = sankey_layout(GULF_LINKS)
    assert [(n.stage, n.name) for n in nodes] == [
        (0, "Gulf"),
        (0, "China"),
        (1, "United States"),
        (1, "China"),
        (2, "OpenAI"),
        (2, "Zhipu"),
    ]
    assert nodes[0].lines == (
        "Gulf investors",
        "$3.87B + 14 undisclosed",
        "→ China labs: $65M",
        "+ 1 undisclosed",
        "→ US labs: $3.8B",
        "+ 13 undisclosed",
    )
    assert nodes[1].lines == ("China investors", "→ China labs:", "3 undisclosed")
    assert nodes[3].lines == ("China labs:", "$65M + 4 undisclosed")
    assert nodes[5].lines == ("Zhipu", "$65M + 4 undisclosed")
    # The Gulf's bar is the tallest column's whole height; China's investors, with nothing disclosed, a 2 px
    # line centred in its 3-line label block, 8 px under the Gulf's bar.
    assert (nodes[0].y0, nodes[0].y1) == (0.0, BARS_PX)
    assert (nodes[1].y0, nodes[1].y1, nodes[1].label_y) == (329.5, 331.5, 330.5)
    # Each band leaves its source where the one above it ends and enters its target likewise.
    gulf_us, gulf_china = bands[1], bands[0]
    assert gulf_us.source_y[0] == 0.0 and gulf_us.source_y[1] == gulf_china.source_y[0]
    assert gulf_china.source_y[1] == BARS_PX
    # No two label blocks of a column overlap.
    for stage in (0, 2):
        blocks = sorted(
            (n.label_y - 7.5 * len(n.lines), n.label_y + 7.5 * len(n.lines))
            for n in nodes
            if n.stage == stage
        )
        assert all(upper[1] <= lower[0] for upper, lower in zip(blocks, blocks[1:], strict=False))
    assert height == pytest.approx(max(n.label_y + 7.5 * len(n.lines) for n in nodes), abs=0.01)


def test_the_flow_totals_table_holds_every_number_the_sankey_writes():
    from fundgap.views.charts.flows import flow_totals

    table = flow_totals(GULF_LINKS)
    assert table.to_dict("list") == {
        "Flow": [
            "Gulf investors, all flows",
            "Gulf investors → China labs",
            "Gulf investors → United States labs",
            "China investors → China labs",
            "United States labs → OpenAI",
            "China labs → Zhipu",
        ],
        "Disclosed money": ["$3.87B", "$65M", "$3.8B", "none disclosed", "$3.8B", "$65M"],
        "Undisclosed tickets": [14, 1, 13, 3, 13, 4],
        "Figures": [18, 2, 16, 3, 16, 5],
    }
    assert flow_totals(GULF_LINKS.iloc[0:0]).empty


def test_a_label_is_lifted_clear_of_the_labels_before_it_and_of_neighbouring_bars():
    from fundgap.views.charts.softbank import LABEL_PX, lifts

    # Two $10B deals 21 px apart on a phone: the second label rises above the first (15 px tall) by 1 px.
    assert lifts([(0.0, 25.0, 100.0), (21.0, 25.0, 100.0)], []) == [0.0, LABEL_PX + 1]
    # Far apart, neither moves; a label over a taller neighbouring bar goes above that bar's top.
    assert lifts([(0.0, 25.0, 100.0), (100.0, 25.0, 100.0)], []) == [0.0, 0.0]
    assert lifts([(0.0, 70.0, 50.0)], [(10.0, 16.0, 200.0)]) == [151.0]


def test_every_participation_of_an_investor_has_its_own_row(data):
    figures = data.figures
    rows = figures[figures["record_type"] == "participation"].head(4)
    same_day = rows.assign(period_start="2024-10-02", recipient="OpenAI", investor="MGX")
    fig = charts.investor_timeline(same_day, "MGX")
    labels = [a.text for a in fig.layout.annotations if a.name == "row_label"]
    # Each row says its ticket against its round, as the round is stated ("about").
    assert labels == [
        "MGX → OpenAI (2024-10-02) · $65M of $350M",
        "MGX → OpenAI (2024-10-02) · undisclosed of about $687.6M",
        "MGX → OpenAI (2024-10-02) · $400M of $6B",
        "MGX → OpenAI (2024-10-02) · undisclosed of $6.6B",
    ]
    drawn = sorted(y for trace in fig.data if trace.mode != "text" for y in trace.y)
    written = sorted(y for trace in fig.data if trace.mode == "text" for y in trace.y)
    # Every row has a mark: a round circle, a ticket dot, or the words for a size no source gives.
    assert set(drawn) | set(written) == set(labels)
    # Two rows alike in every word still get a row each.
    twice = charts.investor_timeline(same_day.iloc[[0, 0]], "MGX")
    assert [a.text for a in twice.layout.annotations if a.name == "row_label"] == [
        "MGX → OpenAI (2024-10-02) · $65M of $350M",
        "MGX → OpenAI (2024-10-02) · $65M of $350M #2",
    ]


def test_a_ticket_is_written_against_its_round():
    from fundgap.views.charts.ledger import ticket_note

    assert ticket_note(5e8, 6.6e9) == "$500M of $6.6B"
    assert ticket_note(float("nan"), 7.5e9, "approximate") == "undisclosed of about $7.5B"
    assert ticket_note(1e10, 1e10) == "$10B"
    assert ticket_note(float("nan"), float("nan"), "undisclosed") == "undisclosed"


def test_a_source_cell_links_only_a_safe_https_address_and_escapes_its_text():
    from fundgap.views.tables import link, source_cell

    assert (
        source_cell("https://www.scmp.com/a_b?x=1", "SCMP", 2)
        == "[SCMP · level 2, wire](<https://www.scmp.com/a_b?x=1>)"
    )
    assert source_cell("", "Blog", 4) == "Blog · level 4, secondary · no link archived"
    assert source_cell(None, "Blog", None) == "Blog · no link archived"
    # Markdown in a publisher's name is shown, not obeyed; an address that could leave its brackets is not
    # linked.
    assert source_cell("https://x.org/", "[evil](javascript:x)", 3) == (
        "[\\[evil\\]\\(javascript\\:x\\) · level 3, wire copy](<https://x.org/>)"
    )
    assert link("text", "https://x.org/a>b") == "text"
    assert link("text", "javascript:alert(1)") == "text"
    assert link("text", "http://x.org/") == "text"


def test_a_card_link_keeps_the_view_it_was_opened_from():
    from fundgap.views.tables import card_href

    query = {"investor_region": ["Gulf"], "status": ["VERIFIED", "UNVERIFIED"], "figure": ["old"]}
    assert card_href("g_1", query) == "?investor_region=Gulf&status=VERIFIED&status=UNVERIFIED&figure=g_1"
    assert card_href("a&b", {}) == "?figure=a%26b"


def test_figure_rows_put_amount_and_source_first_and_link_each_card(data):
    from fundgap.views.tables import figure_rows

    frame = views.table_frame(data.figures.iloc[[1, 2]])
    rows = figure_rows(frame, {"recipient_region": ["China"]})
    assert list(rows.columns)[:5] == ["Amount (USD)", "Source", "Date", "Figure", "Card"]
    assert rows["Card"].tolist() == [
        f"[open](<?recipient_region=China&figure={i}>)" for i in data.figures["figure_id"].iloc[[1, 2]]
    ]
    assert all(cell.startswith("\\$") or cell in ("undisclosed", "—") for cell in rows["Amount (USD)"])


def _lab_rows(rows: list[dict]) -> pd.DataFrame:
    base = {
        "recipient_id": "zhipu",
        "recipient": "Zhipu AI (Knowledge Atlas / Z.ai)",
        "record_type": "deal",
        "flow_kind": "round_total",
        "status": "VERIFIED",
        "valuation_usd": float("nan"),
        "valuation_note": None,
        "investor_id": None,
        "amount_usd": float("nan"),
    }
    return pd.DataFrame([{**base, **row} for row in rows])


def test_a_labs_latest_valuation_says_its_date_kind_and_a_later_listing():
    from fundgap.views.ledger_bundles import valuation_facts

    rows = _lab_rows(
        [
            {"period_start": "2023", "valuation_usd": 1e9, "valuation_note": "by mid-September 2023"},
            {"period_start": "2024-05", "valuation_usd": 3e9, "valuation_note": "about"},
            {"period_start": "2026-01-08", "flow_kind": "ipo_total", "amount_usd": 558e6},
            # A stake's value (it has an investor) and a rejected report are no valuation of the lab.
            {"period_start": "2025-10", "flow_kind": "market_value", "investor_id": "x", "amount_usd": 1e11},
            {"period_start": "2025-11", "valuation_usd": 9e9, "status": "REJECT"},
        ]
    )
    (fact,) = valuation_facts(rows, {"Zhipu AI (Knowledge Atlas / Z.ai)": "Zhipu"})
    assert (fact.label, fact.value, fact.detail) == (
        "Latest valuation",
        "$3B",
        "about · at its round · 2024-05; listed 2026-01-08, with no valuation at or since listing in the "
        "data",
    )
    market = _lab_rows(
        [{"period_start": "2026-03", "flow_kind": "market_value", "amount_usd": 3e11, "status": "UNVERIFIED"}]
    )
    assert valuation_facts(market)[0].detail == "market value · UNVERIFIED · 2026-03"


def test_with_two_labs_each_valuation_card_names_its_lab():
    from fundgap.views.ledger_bundles import valuation_facts

    rows = pd.concat(
        [
            _lab_rows([{"period_start": "2024-05", "valuation_usd": 3e9, "valuation_note": "about"}]),
            _lab_rows(
                [{"period_start": "2026-03-31", "valuation_usd": 852e9, "valuation_note": "post-money"}]
            ).assign(recipient_id="openai", recipient="OpenAI"),
        ]
    )
    facts = valuation_facts(rows, {"Zhipu AI (Knowledge Atlas / Z.ai)": "Zhipu"})
    assert [(f.label, f.value) for f in facts] == [
        ("Latest valuation: Zhipu", "$3B"),
        ("Latest valuation: OpenAI", "$852B"),
    ]
    assert valuation_facts(rows.iloc[0:0])[0].value == "none stated"
