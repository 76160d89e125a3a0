"""The fast paths give exactly what the straightforward code gave (issue 16: a new view must be computed
quickly).

Each fast function is checked against a reference: the plain row-by-row version it replaced, kept here, run
over the real data under many filters and every combination of the counting rules. Equal means equal: the same
floats, the same figure ids in the same order, the same figure JSON."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from fundgap.analysis import aggregate
from fundgap.analysis.filters import Filters
from fundgap.analysis.rules import CountingRules
from fundgap.data import paths
from fundgap.data.load import read_dataset


@pytest.fixture(scope="module")
def data():
    return read_dataset(paths.DEFAULT_DATA_DIR)


RULES = [
    CountingRules(secondary=s, commitments=c, infrastructure=i, cornerstone=k, unverified=u)
    for s, c, i, k, u in itertools.product((False, True), repeat=5)
]
FILTERS = [
    Filters(),
    Filters(investor_region=("Gulf",)),
    Filters(investor_region=("China",), year_from=2024),
    Filters(recipient=("openai",)),
    Filters(recipient_region=("China",)),
    Filters(rejected=True),
    Filters(investor=("softbank", "svf2")),
    Filters(year_to=2023),
    Filters(kind=("commitment", "equity_tranche")),
]


# -- the reference: aggregate.summed and aggregate.upper_bound as they were, pandas row by row
# --------------------


def reference_upper_bound(counted: pd.DataFrame) -> float:
    if counted.empty:
        return 0.0
    own = aggregate.upper_ends(counted)
    is_part = (
        (counted["record_type"] == "participation").to_numpy(dtype=bool)
        if "record_type" in counted
        else np.zeros(len(counted), bool)
    )
    result = float(own[~is_part].sum())
    parts = counted[is_part]
    if len(parts):
        by_deal = (
            pd.DataFrame(
                {
                    "deal": parts["deal_id"].to_numpy(dtype=object),
                    "own": own[is_part].to_numpy(),
                    "hidden": parts["amount_usd"].isna().to_numpy(),
                    "deal_upper": aggregate.upper_ends(
                        parts, "deal_amount_usd", "deal_amount_high_usd", "deal_amount_kind"
                    ).to_numpy(),
                }
            )
            .groupby("deal", sort=False)
            .agg(own=("own", "sum"), hidden=("hidden", "any"), deal_upper=("deal_upper", "first"))
        )
        result += float(
            np.where(
                by_deal["hidden"], by_deal["deal_upper"], np.minimum(by_deal["own"], by_deal["deal_upper"])
            ).sum()
        )
    return result


def reference_summed(counted: pd.DataFrame) -> aggregate.Total:
    amount = counted["amount_usd"]
    disclosed = amount.notna()
    undisclosed = counted["amount_kind"] == "undisclosed"
    other_currency = ~disclosed & ~undisclosed
    low = counted["amount_low_usd"].fillna(amount)
    return aggregate.Total(
        amount=float(amount[disclosed].sum()),
        low=float(low[disclosed].sum()),
        high=reference_upper_bound(counted[~other_currency]),
        n_counted=int(len(counted)),
        n_undisclosed=int(undisclosed.sum()),
        n_other_currency=int(other_currency.sum()),
        figure_ids=tuple(counted["figure_id"].tolist()),
    )


def reference_total(figures: pd.DataFrame, rules: CountingRules) -> aggregate.Total:
    return reference_summed(figures[aggregate.counted_mask(figures, rules)])


def same(a: aggregate.Total, b: aggregate.Total) -> bool:
    # NaN never occurs in a Total, inf does; == on the dataclass compares every field, floats exactly.
    return a == b and all(math.isinf(x) == math.isinf(y) for x, y in ((a.high, b.high), (a.low, b.low)))


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe())
def test_a_total_is_what_the_row_by_row_sum_gives(data, filters):
    rows = filters.apply(data.figures)
    for rules in RULES[::3]:
        assert same(aggregate.total(rows, rules), reference_total(rows, rules)), rules


def test_summed_and_upper_bound_agree_with_the_reference_on_any_rows(data):
    rng = np.random.default_rng(16)
    for _ in range(25):
        rows = data.figures.iloc[
            np.sort(rng.choice(len(data.figures), size=rng.integers(0, 120), replace=False))
        ]
        assert same(aggregate.summed(rows), reference_summed(rows))
        assert aggregate.upper_bound(rows) == reference_upper_bound(rows)


def test_fractional_amounts_sum_as_before(data):
    # Amounts converted from another currency need not be whole dollars: the order of additions must not
    # change.
    figures = data.figures.copy()
    for column in (
        "amount_usd",
        "amount_low_usd",
        "amount_high_usd",
        "deal_amount_usd",
        "deal_amount_high_usd",
    ):
        figures[column] = figures[column] * 1.0000001 + 0.37
    for filters in FILTERS[:4]:
        rows = filters.apply(figures)
        for rules in RULES[::9]:
            assert same(aggregate.total(rows, rules), reference_total(rows, rules))


@pytest.mark.parametrize("filters", FILTERS[:5], ids=lambda f: f.describe())
def test_totals_by_group_count_each_group_as_if_alone(data, filters):
    rows = filters.apply(data.figures)
    labs = [str(x) for x in rows["recipient_id"]]
    years = rows["year_start"].fillna(0).astype(int).to_numpy()
    keys = sorted(set(zip(labs, years, strict=True)))
    code = {key: i for i, key in enumerate(keys)}
    group = np.array([code[key] for key in zip(labs, years, strict=True)])
    group[::7] = -1  # rows outside every group
    for rules in RULES[::7]:
        fast = aggregate.totals_by(rows, rules, group, len(keys))
        for g, key in enumerate(keys):
            assert same(fast[g], reference_total(rows[group == g], rules)), (key, rules)


def reference_lab_years(figures, releases, rules, labs, years):
    from fundgap.analysis.openness import LabYear

    out = []
    for lab, name in labs.items():
        money_rows = figures[figures["recipient_id"] == lab]
        for year in years:
            in_year = money_rows[money_rows["year_start"] == year]
            rel = releases[(releases["lab_id"] == lab) & (releases["year"] == year)]
            out.append(
                LabYear(
                    lab,
                    name,
                    year,
                    reference_total(in_year, rules),
                    len(rel),
                    int((rel["openness"] == "open_weights").sum()),
                    int((rel["openness"] == "partly_open").sum()),
                )
            )
    return out


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe())
def test_lab_years_count_each_lab_and_year_as_before(data, filters):
    from fundgap.analysis.openness import YEARS, lab_years, labs_shown, releases_in_view

    releases = releases_in_view(data.releases, filters)
    labs = labs_shown(data.entities, data.figures, releases, filters)
    in_view = filters.apply(data.figures)
    for rules in RULES[::10]:
        assert lab_years(in_view, releases, rules, labs) == reference_lab_years(
            in_view, releases, rules, labs, YEARS
        )


# -- figures built from dicts: the same JSON as the call-by-call code, and valid to plotly's validators
# -----------


def figure_json(fig) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def assert_valid(fig) -> None:
    """The figure built without validation is one plotly's validating constructor accepts and leaves
    unchanged."""
    import plotly.graph_objects as go

    assert figure_json(go.Figure(fig.to_dict())) == figure_json(fig)


@pytest.mark.parametrize("rows", range(1, 31))
def test_stacked_rows_lay_out_panels_as_make_subplots_does(rows):
    from plotly.subplots import make_subplots

    from fundgap.views.charts import spec

    titles = [f"Lab {i}" for i in range(rows)]
    spacing = min(0.06, 0.5 / rows)
    expected = make_subplots(
        rows=rows, cols=1, shared_xaxes=True, vertical_spacing=spacing, subplot_titles=titles
    ).to_plotly_json()["layout"]
    expected.pop("template")
    from plotly.utils import PlotlyJSONEncoder

    assert json.loads(json.dumps(spec.stacked_rows(rows, spacing, titles))) == json.loads(
        json.dumps(expected, cls=PlotlyJSONEncoder)
    )


def reference_openness_timeline(labs, deals, releases, subtitle):
    """openness_timeline as it was: make_subplots, then one add_* or update_* call per trace, axis and
    note."""
    from plotly.subplots import make_subplots

    from fundgap.views import palette
    from fundgap.views.charts.base import (
        HOVER,
        ChartText,
        frame_figure,
        hover_data,
        month,
        publishers,
        status_opacity,
        wrapped,
    )
    from fundgap.views.charts.openness import (
        PANEL_HEIGHT,
        RELEASE_HOVER,
        RELEASE_STYLE,
        RELEASE_Y,
        release_hover,
    )

    names = list(labs.values()) or ["No lab in view"]
    fig = make_subplots(
        rows=len(names),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=min(0.06, 0.5 / len(names)),
        subplot_titles=[wrapped(n, 40) for n in names],
    )
    shown = set()
    for row, lab in enumerate(labs, start=1):
        own = deals[(deals["recipient_id"] == lab) & deals["amount_usd"].notna()]
        if len(own):
            fig.add_bar(
                x=[pd.Timestamp(month(p)) for p in own["period_start"]],
                y=own["amount_usd"],
                width=1000 * 3600 * 24 * 25,
                name="Deal counted (amount, log scale)",
                legendgroup="deal",
                showlegend="deal" not in shown,
                marker={"color": palette.color(0), "opacity": status_opacity(own["status"])},
                customdata=hover_data(own),
                hovertemplate=HOVER,
                row=row,
                col=1,
            )
            shown.add("deal")
        mine = releases[releases["lab_id"] == lab]
        for openness, (symbol, label) in RELEASE_STYLE.items():
            picked = mine[mine["openness"] == openness]
            if picked.empty:
                continue
            fig.add_scatter(
                x=[pd.Timestamp(month(d)) for d in picked["date"]],
                y=[RELEASE_Y] * len(picked),
                mode="markers",
                name=label,
                legendgroup=openness,
                showlegend=openness not in shown,
                marker={
                    "symbol": symbol,
                    "size": 11,
                    "color": palette.color(3),
                    "line": {"width": 2, "color": palette.color(3)},
                },
                customdata=release_hover(picked),
                hovertemplate=RELEASE_HOVER,
                row=row,
                col=1,
            )
            shown.add(openness)
        if not len(own) and mine.empty:
            fig.add_annotation(
                text="no counted deal and no release in view",
                x=0.5,
                y=0.5,
                xref=f"x{row if row > 1 else ''} domain",
                yref=f"y{row if row > 1 else ''} domain",
                showarrow=False,
                font={"size": 11, "color": "#777"},
            )
        fig.update_yaxes(
            type="log",
            range=[math.log10(1e7), math.log10(1e12)],
            tickvals=[1e8, 1e10],
            ticktext=["$100M", "$10B"],
            row=row,
            col=1,
        )
    fig.update_xaxes(
        range=[pd.Timestamp("2023-01-01"), pd.Timestamp("2026-12-31")],
        showticklabels=True,
        tickfont={"size": 10},
    )
    for title in fig.layout.annotations[: len(names)]:
        title.update(x=0, xanchor="left", font={"size": 13, "color": "#333"})
    fig.update_layout(showlegend=True)
    text = ChartText(
        "Money and model releases, lab by lab, 2023 to date",
        subtitle,
        "US dollars (bars); releases at no value",
        publishers(deals, releases),
        "One panel per lab on a shared time axis from 2023: each counted deal as a bar at its amount "
        "(log scale), each "
        "model release as a marker in a lane above the bars: filled for open weights, hollow for API "
        "only, a ring with "
        "a dot for partly open.",
    )
    return frame_figure(fig, text, height=PANEL_HEIGHT * len(names) + 80)


OPENNESS_FILTERS = [
    Filters(),
    Filters(recipient=("openai",)),
    Filters(recipient_region=("China",), year_from=2025),
    Filters(investor_region=("Gulf",), rejected=True),
    Filters(recipient=("zhipu", "minimax")),
    Filters(year_to=2023),
]


@pytest.mark.parametrize("filters", OPENNESS_FILTERS, ids=lambda f: f.describe())
def test_the_openness_timeline_is_the_figure_it_was(data, filters):
    from fundgap.analysis.openness import labs_shown, releases_in_view
    from fundgap.views.charts.openness import openness_timeline

    releases = releases_in_view(data.releases, filters)
    labs = labs_shown(data.entities, data.figures, releases, filters)
    releases = releases[releases["lab_id"].isin(labs)]
    in_view = filters.apply(data.figures)
    counted = in_view[
        aggregate.counted_mask(in_view, CountingRules()).to_numpy()
        & in_view["recipient_id"].isin(labs).to_numpy()
    ]
    fast = openness_timeline(labs, counted, releases, filters.describe())
    assert figure_json(fast) == figure_json(
        reference_openness_timeline(labs, counted, releases, filters.describe())
    )
    assert_valid(fast)


def test_an_openness_timeline_without_labs_is_the_figure_it_was(data):
    from fundgap.views.charts.openness import openness_timeline

    empty = data.figures.iloc[0:0]
    fast = openness_timeline({}, empty, data.releases.iloc[0:0], "nothing")
    assert figure_json(fast) == figure_json(
        reference_openness_timeline({}, empty, data.releases.iloc[0:0], "nothing")
    )
    assert_valid(fast)


@pytest.mark.parametrize("filters", FILTERS[:6], ids=lambda f: f.describe())
def test_ranked_bars_and_claim_charts_are_valid_figures_with_labels_above_rows(data, filters):
    import plotly.graph_objects as go

    from fundgap.analysis.view import View
    from fundgap.views import bundles
    from fundgap.views.charts.base import labels_above_rows
    from fundgap.views.thesis_bundles import BUILDERS

    view = View(filters, CountingRules(unverified=True))
    figures = [bundles.flows_page(data, view).ranked.figure]
    entries = [entry for entry in bundles.claims_page(data, view) if entry.chart is not None]
    # The theses' own charts (time series, grouped bars) have no rows to label; they are checked valid here.
    theses = [entry.chart.figure for entry in entries if entry.card.claim["claim_id"] in BUILDERS]
    assert len(theses) == len(BUILDERS)
    for fig in theses:
        assert_valid(fig)
    figures += [entry.chart.figure for entry in entries if entry.card.claim["claim_id"] not in BUILDERS]
    for fig in figures:
        assert_valid(fig)
        # The row labels are the annotations labels_above_rows gives for the same traces.
        plain = go.Figure(data=[trace.to_plotly_json() for trace in fig.data])
        labels_above_rows(plain)
        assert [
            a for a in figure_json(fig)["layout"]["annotations"] if a.get("name") == "row_label"
        ] == figure_json(plain)["layout"]["annotations"]
