"""What each chart page shows for one dataset and one view: pure builders, no Streamlit.

Every builder takes (Dataset, View) and returns a frozen bundle of figures, rows and facts. The result depends on
nothing else, so ui.memo computes it once per dataset version, filters and counting rules, and every reader with
the same view (and every return to it) reuses it instead of re-aggregating and rebuilding the plotly figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from fundgap import aggregate, charts, fmt
from fundgap.claims import ClaimCard, claim_cards
from fundgap.filters import View
from fundgap.load import Dataset
from fundgap.overview import Fact, gap_facts, gap_sensitivity
from fundgap.softbank import SEED_CLAIM, SOFTBANK_ALIBABA, SOFTBANK_EXPECTED, softbank_facts


@dataclass(frozen=True)
class Chart:
    """A chart and the figures behind it (for its table and its CSV)."""

    figure: go.Figure
    rows: pd.DataFrame
    key: str


@dataclass(frozen=True)
class OverviewPage:
    facts: list[Fact]
    gap: Chart
    sensitivity: list[dict[str, str]]
    ai_index: Chart
    latest_ratio: str


def overview_page(data: Dataset, view: View) -> OverviewPage:
    in_view = view.filters.apply(data.figures)
    gap = aggregate.gulf_gap(in_view, data.claims, view.rules)
    gap_rows = in_view[in_view["figure_id"].isin(gap.china.documented.figure_ids + gap.us.documented.figure_ids)]
    gap_figure = charts.gap_chart(gap, view.filters.describe(), view.rules.describe(), charts.publishers(gap_rows))
    series = aggregate.ai_index_series(in_view)
    return OverviewPage(
        facts=gap_facts(gap),
        gap=Chart(gap_figure, gap_rows, "gap"),
        sensitivity=gap_sensitivity(in_view, data.claims, view.rules),
        ai_index=Chart(charts.ai_index_chart(series, view.filters.describe()), series, "ai_index"),
        latest_ratio=fmt.ratio(aggregate.latest_us_china_ratio(series)),
    )


@dataclass(frozen=True)
class FlowsPage:
    sankey: Chart
    ranked: Chart


def flows_page(data: Dataset, view: View) -> FlowsPage:
    flows = aggregate.flows(view.filters.apply(data.figures), view.rules)
    subtitle = view.filters.describe()
    return FlowsPage(
        sankey=Chart(charts.flow_sankey(flows.links, subtitle, charts.publishers(flows.counted)), flows.counted, "sankey"),
        ranked=Chart(charts.ranked_bars(flows.top, flows.undisclosed, flows.remainder, subtitle), flows.counted, "ranked"),
    )


@dataclass(frozen=True)
class SoftBankPage:
    facts: list[Fact]
    timeline: Chart


def softbank_page(data: Dataset, view: View) -> SoftBankPage:
    in_view = view.filters.apply(data.figures)
    tranches = aggregate.softbank_openai(in_view, view.rules)
    alibaba = aggregate.first_figure(in_view, SOFTBANK_ALIBABA)
    expected = aggregate.first_figure(in_view, SOFTBANK_EXPECTED)
    claim = aggregate.first_figure(data.claims.rename(columns={"claim_id": "figure_id"}), SEED_CLAIM)
    rows = in_view[in_view["figure_id"].isin([*tranches["figure_id"], SOFTBANK_ALIBABA, SOFTBANK_EXPECTED])]
    figure = charts.softbank_chart(tranches, alibaba, expected, claim, view.filters.describe())
    return SoftBankPage(softbank_facts(tranches, alibaba, expected, claim), Chart(figure, rows, "softbank"))


@dataclass(frozen=True)
class CountryTotalsPage:
    ai_index: Chart
    providers: Chart


def country_totals_page(data: Dataset, view: View) -> CountryTotalsPage:
    in_view = view.filters.apply(data.figures)
    subtitle = view.filters.describe()
    series = aggregate.ai_index_series(in_view)
    panel_rows = aggregate.country_totals(in_view)
    panel_rows = panel_rows[~panel_rows["figure_id"].isin(series["figure_id"])]
    return CountryTotalsPage(
        ai_index=Chart(charts.ai_index_chart(series, subtitle), series, "ai_index_totals"),
        providers=Chart(charts.provider_panels(aggregate.other_provider_series(in_view), subtitle), panel_rows, "providers"),
    )


@dataclass(frozen=True)
class ClaimEntry:
    card: ClaimCard
    chart: Chart | None  # None when the claim has no amount to draw: its evidence is shown as a table


def claims_page(data: Dataset, view: View) -> list[ClaimEntry]:
    in_view = view.filters.apply(data.figures)
    subtitle = view.filters.describe()
    return [
        ClaimEntry(card, Chart(charts.claim_chart(card.claim, card.evidence, subtitle), card.evidence,
                               f"claim_{card.claim['claim_id']}") if card.has_amount else None)
        for card in claim_cards(data.claims, data.figures, in_view, data.conflicts)
    ]
