"""SoftBank: $20M into Alibaba against the OpenAI deals, on one log scale."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from fundgap.analysis.softbank import COMMITTED, INFRASTRUCTURE, PAID, SoftBankOpenAI
from fundgap.common import fmt
from fundgap.views import palette
from fundgap.views.charts.base import (
    HOVER,
    ChartText,
    esc,
    frame_figure,
    hover_data,
    month,
    publishers,
    status_opacity,
    usd_axis,
    wrapped,
)
from fundgap.views.charts.openness import add_release_markers

STAGE_STYLE = {
    PAID: {"color": palette.color(0), "pattern": ""},
    COMMITTED: {"color": palette.color(0), "pattern": "/"},
    INFRASTRUCTURE: {"color": palette.color(4), "pattern": "x"},
}
STAGES_DRAWN = (PAID, COMMITTED, INFRASTRUCTURE)


def softbank_chart(
    money: SoftBankOpenAI,
    alibaba: pd.Series | None,
    expected: pd.Series | None,
    seed_claim: pd.Series | None,
    subtitle: str,
    releases: pd.DataFrame | None = None,
) -> go.Figure:
    # Two panels on one log scale: 2000 on the left, 2024–2026 on the right, so the OpenAI deals are not
    # squeezed into the last pixels of a 26-year axis.
    fig = make_subplots(
        rows=1, cols=2, shared_yaxes=True, column_widths=[0.14, 0.86], horizontal_spacing=0.03
    )
    sources: list = list(publishers(money.deals))
    if alibaba is not None:
        sources.append(alibaba["source_publisher"])
        fig.add_bar(
            x=["2000"],
            y=[alibaba["amount_usd"]],
            name="SoftBank → Alibaba",
            marker={"color": palette.region_color("China")},
            text=[fmt.usd(alibaba["amount_usd"])],
            textposition="outside",
            customdata=hover_data(alibaba.to_frame().T),
            hovertemplate=HOVER,
            row=1,
            col=1,
        )
    deals = money.deals
    if len(deals):
        dates = [pd.Timestamp(month(p)) for p in deals["period_start"]]
        deals = deals.assign(date=dates)
        # One bar trace per kind of money, each bar labelled with its own amount: paid, promised and Stargate
        # must
        # never read as one sum.
        for stage in STAGES_DRAWN:
            rows = deals[deals["stage"] == stage]
            if rows.empty:
                continue
            style = STAGE_STYLE[stage]
            fig.add_bar(
                x=rows["date"],
                y=rows["amount_usd"],
                name=f"{stage} (each deal)",
                width=1000 * 3600 * 24 * 20,
                marker={
                    "color": style["color"],
                    "opacity": status_opacity(rows["status"]),
                    "pattern": {"shape": style["pattern"]},
                    "line": {"color": style["color"], "width": 1.5},
                },
                customdata=hover_data(rows),
                hovertemplate=f"{esc(stage)}<br>" + HOVER,
                row=1,
                col=2,
            )
            for date, amount, label in zip(
                rows["date"],
                rows["amount_usd"],
                [
                    fmt.amount_label(a, lo, hi, str(k))
                    for a, lo, hi, k in zip(
                        rows["amount_usd"],
                        rows["amount_low_usd"],
                        rows["amount_high_usd"],
                        rows["amount_kind"],
                        strict=True,
                    )
                ],
                strict=True,
            ):
                # Left of the bar's top: the running-total line rises at the bar itself and would cross a
                # label above it.
                fig.add_annotation(
                    x=date,
                    y=math.log10(amount),
                    xref="x2",
                    yref="y2",
                    text=esc(label),
                    showarrow=False,
                    xanchor="right",
                    xshift=-9,
                    yanchor="top",
                    font={"size": 11, "color": style["color"]},
                    bgcolor="rgba(255,255,255,0.85)",
                    name="deal_label",
                )
        last = len(deals) - 1
        # The running total is a line of its own; the legend says what it reaches.
        fig.add_scatter(
            x=deals["date"],
            y=deals["cumulative"],
            mode="lines+markers",
            line={"shape": "hv", "color": palette.color(2), "width": 3},
            name=f"Running total (line), reaching {fmt.usd(float(deals['cumulative'].iloc[last]))}",
            error_y={
                "type": "data",
                "symmetric": False,
                "array": deals["cumulative_high"] - deals["cumulative"],
                "arrayminus": deals["cumulative"] - deals["cumulative_low"],
                "color": palette.color(2),
            },
            customdata=hover_data(deals),
            hovertemplate="Running total after this deal: %{y:$.3s}<br>" + HOVER,
            row=1,
            col=2,
        )
    if expected is not None:
        sources.append(expected["source_publisher"])
        _reference(
            fig,
            expected["amount_usd"],
            f"SoftBank's own expected total: {fmt.usd(expected['amount_usd'])} "
            f"({expected['source_publisher']})",
            palette.color(2),
            "dash",
            "top",
        )
    if seed_claim is not None:
        sources.append("AIPressa (seed claim)")
        fig.add_hrect(
            y0=seed_claim["claimed_low_usd"],
            y1=seed_claim["claimed_high_usd"],
            fillcolor=palette.color(1),
            opacity=0.2,
            line_width=0,
            row=1,
            col=2,
        )
        _reference(
            fig,
            seed_claim["claimed_amount_usd"],
            f'Seed: "nearly {fmt.usd(seed_claim["claimed_amount_usd"])}" (UNVERIFIED; band = $90B–$100B)',
            palette.color(5),
            "dot",
            "bottom",
        )
    if releases is not None and len(releases):
        add_release_markers(fig, releases, 1.5e11, row=1, col=2)
        sources += list(releases["source_publisher"].dropna().astype(str))
    usd_axis(fig, "y", 1e7, 2e11, True, "US dollars (log scale)", row=1, col=1)
    fig.update_yaxes(type="log", row=1, col=2)
    fig.update_xaxes(type="category", title="Alibaba", row=1, col=1)
    fig.update_xaxes(
        title="OpenAI: date of deal",
        range=[pd.Timestamp("2024-07-01"), pd.Timestamp("2026-12-31")],
        row=1,
        col=2,
    )
    text = ChartText(
        "Masayoshi Son's SoftBank: $20M into Alibaba (2000) vs OpenAI, deal by deal",
        subtitle,
        "US dollars",
        tuple(sources),
        "Two panels on one log scale: SoftBank's 2000 Alibaba investment, and each OpenAI deal 2024–2026 "
        "as bars (solid: paid in; hatched: committed, not yet shown paid; crossed: Stargate "
        "infrastructure, when counted) with the running-total step line, SoftBank's expected total and "
        "the seed's nearly-$100B claim as reference lines.",
    )
    return frame_figure(fig, text, height=520)


def _reference(fig: go.Figure, value: float, label: str, colour: str, dash: str, side: str) -> None:
    # Annotations on a log axis take log10 positions; add_hline's own label would land off the chart.
    fig.add_hline(y=value, line_dash=dash, line_color=colour, row=1, col="all")
    fig.add_annotation(
        x=0.01,
        xref="x2 domain",
        y=math.log10(value),
        yref="y2",
        text=wrapped(label, 42),
        showarrow=False,
        xanchor="left",
        yanchor=side,
        yshift=4 if side == "bottom" else -4,
        font={"size": 11, "color": colour},
        align="left",
        bgcolor="rgba(255,255,255,0.85)",
    )
