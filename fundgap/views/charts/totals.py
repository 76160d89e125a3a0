"""Country totals: the Stanford AI Index series and every other provider in its own panel."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from fundgap.common import fmt
from fundgap.views import palette
from fundgap.views.charts.base import (
    HOVER,
    ChartText,
    esc,
    frame_figure,
    hover_data,
    publishers,
    status_opacity,
    usd_axis,
    wrapped,
)


def ai_index_chart(series: pd.DataFrame, subtitle: str, releases: pd.DataFrame | None = None) -> go.Figure:
    fig = go.Figure()
    for country, rows in series.groupby("country", sort=False):
        fig.add_bar(
            x=rows["year"].astype(str),
            y=rows["amount_usd"],
            name=esc(country),
            marker={"color": palette.region_color(str(country)), "opacity": status_opacity(rows["status"])},
            text=[fmt.usd(v) for v in rows["amount_usd"]],
            textposition="outside",
            customdata=hover_data(rows, "recipient"),
            hovertemplate=HOVER,
        )
    top = float(series["amount_usd"].max()) if len(series) else 1e9
    usd_axis(fig, "y", 0, top * 1.2, False, "Private AI investment, US dollars")
    fig.update_xaxes(
        title="Data year (report year is one later)", type="category", categoryorder="category ascending"
    )
    fig.update_layout(barmode="group")
    if releases is not None and len(releases):
        # The data year's model releases of the covered labs, as a count above each group of bars
        # (?releases=1).
        for year, rows in releases.groupby("year"):
            if str(year) in set(series["year"].astype(str)):
                open_ = int((rows["openness"] == "open_weights").sum())
                fig.add_annotation(
                    x=str(year),
                    y=top * 1.15,
                    text=f"{len(rows)} releases · {open_} open weights",
                    showarrow=False,
                    font={"size": 11, "color": palette.color(3)},
                    name="releases_note",
                )
    text = ChartText(
        "Private AI investment by country: Stanford AI Index",
        subtitle,
        "US dollars, nominal",
        publishers(series),
        "Grouped bars: Stanford AI Index private AI investment in the US, China and the UK by data year.",
    )
    return frame_figure(fig, text)


def provider_panels(panels: dict[str, pd.DataFrame], subtitle: str) -> go.Figure:
    names = list(panels)
    fig = make_subplots(
        rows=max(len(names), 1),
        cols=1,
        subplot_titles=[wrapped(n, 40) for n in names] or ["No figures"],
        vertical_spacing=min(0.12, 0.45 / max(len(names), 1)),
    )
    sources: list = []
    for row, name in enumerate(names, start=1):
        frame = panels[name]
        sources += publishers(frame)
        for country, rows in frame.groupby("country", sort=False):
            fig.add_bar(
                x=rows["year_label"],
                y=rows["amount_usd"],
                name=esc(country),
                legendgroup=esc(country),
                showlegend=row == 1 or country not in _countries_before(panels, names[: row - 1]),
                marker={
                    "color": palette.region_color(str(country)),
                    "opacity": status_opacity(rows["status"]),
                },
                text=[fmt.usd(v) for v in rows["amount_usd"]],
                textposition="outside",
                customdata=hover_data(rows, "recipient"),
                hovertemplate=HOVER,
                row=row,
                col=1,
            )
        usd_axis(fig, "y", 0, float(frame["amount_usd"].max()) * 1.3, False, "US dollars", row=row, col=1)
        fig.update_xaxes(type="category", categoryorder="category ascending", row=row, col=1)
    text = ChartText(
        "Other providers, each in its own panel (different definitions: do not compare across panels)",
        subtitle,
        "US dollars, nominal",
        tuple(sources),
        "One bar panel per data provider (OECD.AI/Preqin, GlobalData, PitchBook, ...) with country "
        "totals by year.",
    )
    return frame_figure(fig, text, height=230 * max(len(names), 1) + 120)


def _countries_before(panels: dict[str, pd.DataFrame], names: list[str]) -> set:
    return {c for n in names for c in panels[n]["country"]}
