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
from fundgap.method import conflicts_markdown, sources_with_counts
from fundgap.overview import Fact, gap_facts, gap_sensitivity
from fundgap.softbank import SEED_CLAIM, SOFTBANK_ALIBABA, SOFTBANK_EXPECTED, softbank_facts


# A browser table of more rows than this helps no one and costs seconds to send; the downloads hold every row.
MAX_TABLE_ROWS = 1000


@dataclass(frozen=True)
class Table:
    """The first MAX_TABLE_ROWS figures formatted for reading, and how many there are in all."""

    shown: pd.DataFrame
    n_rows: int


def table_of(rows: pd.DataFrame) -> Table:
    return Table(table_frame(rows.head(MAX_TABLE_ROWS)), len(rows))


def table_frame(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "figure": rows["investor"].astype(str) + " → " + rows["recipient"].astype(str),
        "amount": [fmt.amount_label(a, lo, hi, str(k)) for a, lo, hi, k in
                   zip(rows["amount_usd"], rows["amount_low_usd"], rows["amount_high_usd"], rows["amount_kind"])],
        "flow_kind": rows["flow_kind"].astype(str).str.replace("_", " "),
        "date": rows["period_start"].astype(str),
        "status": rows["status"].astype(str),
        "source_url": rows["source_url"],
        "source_publisher": rows["source_publisher"],
        "quote": rows["quote"].fillna(""),
    }).reset_index(drop=True)



@dataclass(frozen=True)
class Chart:
    """A chart and the figures behind it (for its table and its CSV)."""

    figure: go.Figure
    rows: pd.DataFrame
    key: str
    table: Table


def chart(figure: go.Figure, rows: pd.DataFrame, key: str) -> Chart:
    return Chart(figure, rows, key, table_of(rows))


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
        gap=chart(gap_figure, gap_rows, "gap"),
        sensitivity=gap_sensitivity(in_view, data.claims, view.rules),
        ai_index=chart(charts.ai_index_chart(series, view.filters.describe()), series, "ai_index"),
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
        sankey=chart(charts.flow_sankey(flows.links, subtitle, charts.publishers(flows.counted)), flows.counted, "sankey"),
        ranked=chart(charts.ranked_bars(flows.top, flows.undisclosed, flows.remainder, subtitle), flows.counted, "ranked"),
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
    return SoftBankPage(softbank_facts(tranches, alibaba, expected, claim), chart(figure, rows, "softbank"))


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
        ai_index=chart(charts.ai_index_chart(series, subtitle), series, "ai_index_totals"),
        providers=chart(charts.provider_panels(aggregate.other_provider_series(in_view), subtitle), panel_rows, "providers"),
    )


@dataclass(frozen=True)
class ClaimEntry:
    card: ClaimCard
    chart: Chart | None  # None when the claim has no amount to draw: its evidence is shown as a table
    table: Table


def claims_page(data: Dataset, view: View) -> list[ClaimEntry]:
    in_view = view.filters.apply(data.figures)
    subtitle = view.filters.describe()
    return [
        ClaimEntry(card, chart(charts.claim_chart(card.claim, card.evidence, subtitle), card.evidence,
                               f"claim_{card.claim['claim_id']}") if card.has_amount else None, table_of(card.evidence))
        for card in claim_cards(data.claims, data.figures, in_view, data.conflicts)
    ]


@dataclass(frozen=True)
class DataPage:
    rows: pd.DataFrame
    table: Table


def data_page(data: Dataset, view: View) -> DataPage:
    rows = view.filters.apply(data.figures)  # already in figure_id order from the build
    return DataPage(rows, table_of(rows))



@dataclass(frozen=True)
class SourcesPage:
    sources: pd.DataFrame
    conflicts: str  # markdown, dataset text escaped


def sources_page(data: Dataset, view: View) -> SourcesPage:
    return SourcesPage(sources_with_counts(data.sources, data.figures), conflicts_markdown(data.conflicts))
