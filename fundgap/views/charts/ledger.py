"""Investors and Labs: one investor's tickets against its rounds, one lab's rounds, valuations and
participants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fundgap.analysis import aggregate
from fundgap.analysis.estimate_totals import EstimateBook
from fundgap.common import fmt
from fundgap.views import palette
from fundgap.views import words as page_words
from fundgap.views.charts.base import (
    HOVER,
    ChartText,
    esc,
    frame_figure,
    hover_data,
    month,
    publishers,
    short,
    status_opacity,
    usd_axis,
)
from fundgap.views.charts.estimates import estimate_trace, estimated


def _dates(frame: pd.DataFrame) -> list[pd.Timestamp]:
    return [pd.Timestamp(month(str(p))) for p in frame["period_start"]]


def investor_timeline(rows: pd.DataFrame, subtitle: str, estimates: EstimateBook | None = None) -> go.Figure:
    """One investor's participations on a time axis: each round's full size as an open circle, the investor's
    own ticket as a filled dot under it when disclosed; an undisclosed ticket shows only its round, in its own
    colour, and with `estimates` (the reader asked for them) its model estimate as a hollow diamond with its
    80% interval."""
    dated = rows[rows["period_start"].notna()]
    fig = go.Figure()
    round_upper = (
        aggregate.upper_ends(dated, "deal_amount_usd", "deal_amount_high_usd", "deal_amount_kind").to_numpy()
        if len(dated)
        else np.array([])
    )
    sized = np.isfinite(round_upper)
    hidden = dated["amount_usd"].isna().to_numpy()
    labels = [esc(short(r, 24)) for r in dated["recipient"]]
    for mask, name, colour in (
        (sized & ~hidden, "Whole round (ticket disclosed)", "#777"),
        (sized & hidden, "Whole round (ticket undisclosed: at most this)", palette.color(5)),
    ):
        if mask.any():
            fig.add_scatter(
                x=np.array(_dates(dated), dtype=object)[mask],
                y=round_upper[mask],
                mode="markers+text",
                name=name,
                text=np.array(labels, dtype=object)[mask],
                textposition="top center",
                textfont={"size": 10, "color": "#555"},
                marker={"symbol": "circle-open", "size": 16, "color": colour, "line": {"width": 2}},
                customdata=hover_data(dated[mask]),
                hovertemplate=HOVER,
            )
    shown = ~hidden
    if shown.any():
        minus, plus = aggregate.bounds(dated[shown])
        fig.add_scatter(
            x=np.array(_dates(dated), dtype=object)[shown],
            y=dated["amount_usd"].to_numpy()[shown],
            mode="markers",
            name="Disclosed ticket",
            marker={"size": 11, "color": palette.color(0)},
            error_y={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "color": "#333"},
            customdata=hover_data(dated[shown]),
            hovertemplate=HOVER,
        )
    guesses = estimated(estimates, dated["figure_id"])
    has = guesses["has"].to_numpy(dtype=bool)
    if has.any():
        trace = estimate_trace(
            np.array(_dates(dated), dtype=object)[has],
            [f"{i} → {r}" for i, r in zip(dated["investor"][has], dated["recipient"][has], strict=True)],
            guesses[has],
            horizontal=False,
            count=int(estimated(estimates, rows["figure_id"])["has"].sum()),
        )
        fig.add_trace(go.Scatter({k: v for k, v in trace.items() if k != "type"}))
    guessed = [*guesses.loc[has, "low"], *guesses.loc[has, "high"]]
    values = [v for v in [*round_upper[sized], *dated["amount_usd"].dropna(), *guessed] if v and v > 0]
    low, high = (min(values) / 3, max(values) * 4) if values else (1e7, 1e11)
    usd_axis(fig, "y", low, high, True, "US dollars (log scale)")
    fig.update_xaxes(title="Date of the deal (as precise as the source)")
    fig.update_layout(showlegend=True)
    undated = len(rows) - len(dated)
    words = page_words.chart("investors", "investor_timeline")
    text = ChartText(
        words.title,
        subtitle
        + (
            f"; {undated:,} undated participation(s) listed in the table, not placed on the time axis"
            if undated
            else ""
        ),
        words.unit,
        publishers(rows),
        words.alt,
    )
    return frame_figure(fig, text, height=460)


def lab_rounds(deals: pd.DataFrame, subtitle: str) -> go.Figure:
    """A lab's deals on a time axis, each at its stated amount with its range, and its valuation where a
    source gives one."""
    dated = deals[deals["period_start"].notna() & deals["amount_usd"].notna()]
    fig = go.Figure()
    if len(dated):
        minus, plus = aggregate.bounds(dated)
        kinds = dated["flow_kind"].astype(str).str.replace("_", " ")
        fig.add_scatter(
            x=_dates(dated),
            y=dated["amount_usd"],
            mode="markers",
            name="Deal amount (whiskers: range)",
            marker={
                "size": 13,
                "color": palette.color(0),
                "symbol": "square",
                "opacity": status_opacity(dated["status"]),
            },
            error_y={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "color": "#333"},
            text=kinds,
            customdata=hover_data(dated),
            hovertemplate=HOVER,
        )
    valued = deals[deals["period_start"].notna() & deals["valuation_usd"].notna()]
    if len(valued):
        fig.add_scatter(
            x=_dates(valued),
            y=valued["valuation_usd"],
            mode="markers+lines",
            name="Valuation stated by the deal's source",
            marker={"size": 11, "color": palette.color(1), "symbol": "diamond"},
            line={"dash": "dot", "color": palette.color(1)},
            customdata=[
                [esc(fmt.usd(v)), esc(str(n or "")), esc(str(s))]
                for v, n, s in zip(
                    valued["valuation_usd"], valued["valuation_note"], valued["source_publisher"], strict=True
                )
            ],
            hovertemplate="Valuation: %{customdata[0]} (%{customdata[1]})<br>Source: "
            "%{customdata[2]}<extra></extra>",
        )
    values = [*dated["amount_usd"], *valued["valuation_usd"]]
    low, high = (min(values) / 3, max(values) * 4) if values else (1e7, 1e12)
    usd_axis(fig, "y", low, high, True, "US dollars (log scale)")
    fig.update_xaxes(title="Date of the deal")
    fig.update_layout(showlegend=True)
    words = page_words.chart("labs", "lab_rounds")
    text = ChartText(words.title, subtitle, words.unit, publishers(deals), words.alt)
    return frame_figure(fig, text, height=420)


def lab_participants(parts: pd.DataFrame, subtitle: str) -> go.Figure:
    """Who took part in a lab's deals, one row per investor, coloured by the investor's region: filled when
    the ticket is disclosed, open when it is not."""
    dated = parts[parts["period_start"].notna()]
    order = dated.sort_values(["investor_region", "investor"])
    fig = go.Figure()
    for region, rows in order.groupby("investor_region", sort=True, observed=True):
        disclosed = rows["amount_usd"].notna().to_numpy()
        fig.add_scatter(
            x=_dates(rows),
            y=[esc(short(i, 30)) for i in rows["investor"]],
            mode="markers",
            name=esc(region),
            marker={
                "size": 12,
                "color": palette.region_color(str(region)),
                "symbol": np.where(disclosed, "circle", "circle-open"),
                "line": {"width": 2, "color": palette.region_color(str(region))},
            },
            customdata=hover_data(rows),
            hovertemplate=HOVER,
        )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[esc(short(i, 30)) for i in order["investor"].unique()],
        autorange="reversed",
        tickfont={"size": 11},
    )
    fig.update_xaxes(title="Date of the deal")
    fig.update_layout(showlegend=True)
    words = page_words.chart("labs", "lab_participants")
    text = ChartText(
        words.title,
        subtitle + "; filled: ticket disclosed, open: undisclosed",
        words.unit,
        publishers(parts),
        words.alt,
    )
    return frame_figure(fig, text, height=max(320, 22 * order["investor"].nunique() + 200), left=10)
