"""SoftBank: $20M into Alibaba against the OpenAI deals, on one log scale."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from fundgap.analysis.softbank import COMMITTED, INFRASTRUCTURE, PAID, SoftBankOpenAI
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.views import palette
from fundgap.views import words as page_words
from fundgap.views.charts.base import (
    HOVER,
    ChartText,
    axis_range,
    esc,
    frame_figure,
    hover_data,
    month,
    publishers,
    status_opacity,
    text_width,
    usd_axis,
    usd_ticks,
)
from fundgap.views.charts.claims import seed_source
from fundgap.views.charts.openness import add_release_markers

STAGE_STYLE = {
    PAID: {"color": palette.color(0), "pattern": ""},
    COMMITTED: {"color": palette.color(0), "pattern": "/"},
    INFRASTRUCTURE: {"color": palette.color(4), "pattern": "x"},
}
STAGES_DRAWN = (PAID, COMMITTED, INFRASTRUCTURE)
SEED_ROLE = N_("seed claim")


# Two rows on one time axis. Above, the running total against SoftBank's own expected total and the seed's
# "nearly $100B": totals against totals, their names in the legend, so no label crosses the line. Below, each
# deal as a bar with its amount written above it, and the $20M into Alibaba (2000) at the left on the same
# log scale. On a phone the OpenAI deals are a few pixels apart: an amount that would meet its neighbour's,
# or stand on a neighbouring bar, is lifted clear (lifts, below).
TOTALS_PX = 230  # the running-total panel
DEALS_PX = 300  # the deals panel
PANEL_GAP_PX = 70  # the deals panel's title and the totals panel's tick labels
OPENAI_START, OPENAI_END = pd.Timestamp("2024-07-01"), pd.Timestamp("2026-12-31")
BAR_DAYS = 20
# The narrowest plot the OpenAI panel gets: a 390 px phone, less the page's padding, the dollar axis's tick
# labels and title, and the Alibaba panel (210 px measured in Chromium), with some to spare.
PHONE_PANEL_PX = 200
CHAR_PX = 6.2  # 11 px digits and capitals, with the label's padding spread over them
LABEL_PX = 15  # a label's height


def lifts(labels: list[tuple[float, float, float]], bars: list[tuple[float, float, float]]) -> list[float]:
    """How far (px) to lift each label above its place so that it meets no label placed before it and stands
    on no bar. A label is (centre x, width, bottom y) and a bar (left x, right x, top y), all in pixels with y
    counted upwards; labels are placed in the order given."""
    placed: list[tuple[float, float, float, float]] = []  # left, right, bottom, top
    out = []
    for centre, width, bottom in labels:
        left, right = centre - width / 2, centre + width / 2
        lift = 0.0
        moved = True
        while moved:
            moved = False
            low, high = bottom + lift, bottom + lift + LABEL_PX
            for x0, x1, top in bars:
                if x0 < right and left < x1 and low < top:
                    lift, moved = top - bottom + 1, True
                    low, high = bottom + lift, bottom + lift + LABEL_PX
            for x0, x1, y0, y1 in placed:
                if x0 < right and left < x1 and low < y1 and y0 < high:
                    lift, moved = y1 - bottom + 1, True
                    low, high = bottom + lift, bottom + lift + LABEL_PX
        placed.append((left, right, bottom + lift, bottom + lift + LABEL_PX))
        out.append(lift)
    return out


def softbank_chart(
    money: SoftBankOpenAI,
    alibaba: pd.Series | None,
    expected: pd.Series | None,
    seed_claim: pd.Series | None,
    subtitle: str,
    releases: pd.DataFrame | None = None,
    lang: str = EN,
) -> go.Figure:
    fig = make_subplots(
        rows=2,
        cols=2,
        specs=[[None, {}], [{}, {}]],
        column_widths=[0.14, 0.86],
        row_heights=[TOTALS_PX / (TOTALS_PX + DEALS_PX), DEALS_PX / (TOTALS_PX + DEALS_PX)],
        horizontal_spacing=0.03,
        vertical_spacing=PANEL_GAP_PX / (TOTALS_PX + DEALS_PX + PANEL_GAP_PX),
        subplot_titles=[
            tr(lang, "Running total of the deals counted"),
            "",
            tr(lang, "Each deal: Alibaba (2000), then OpenAI"),
        ],
    )
    for title in fig.layout.annotations:  # on the left, above each row, as other charts' panel titles
        title.update(x=0, xanchor="left", font={"size": 13, "color": "#333"})
    totals, deals_left, deals_right = (1, 2), (2, 1), (2, 2)
    sources: list = list(publishers(money.deals))
    deals = money.deals
    deal_low, deal_high = 1e7, 1e11
    if alibaba is not None:
        sources += publishers(alibaba.to_frame().T)
        fig.add_bar(
            x=["2000"],
            y=[alibaba["amount_usd"]],
            name=N_("SoftBank → Alibaba"),
            marker={"color": palette.region_color("China")},
            text=[fmt.usd(alibaba["amount_usd"], lang=lang)],
            textposition="outside",
            textfont={"size": 11, "color": "#333"},
            constraintext="none",
            cliponaxis=False,
            customdata=hover_data(alibaba.to_frame().T, lang=lang),
            hovertemplate=HOVER,
            row=deals_left[0],
            col=deals_left[1],
        )
    if len(deals):
        deals = deals.assign(date=[pd.Timestamp(month(p)) for p in deals["period_start"]])
        deal_high = max(deal_high, float(deals["amount_usd"].max()) * 3)
        _deal_bars(fig, deals, deal_low, deal_high, deals_right, lang)
        last = len(deals) - 1
        running = hover_data(deals, lang=lang)
        if lang == EN:
            running_hover = "Running total after this deal: %{y:$.3s}<br>" + HOVER
        else:  # d3's "$.3s" writes "$64.6G": the total goes in the hover as the page writes money
            totals_text = [[esc(fmt.usd(v, lang=lang))] for v in deals["cumulative"]]
            running = np.hstack([running, np.array(totals_text, dtype=object).reshape(-1, 1)])
            running_hover = (
                tr(lang, "Running total after this deal: {amount}").format(amount="%{customdata[7]}")
                + "<br>"
                + HOVER
            )
        fig.add_scatter(
            x=deals["date"],
            y=deals["cumulative"],
            mode="lines+markers",
            line={"shape": "hv", "color": palette.color(2), "width": 3},
            name=tr(lang, "Running total (line), reaching {amount}").format(
                amount=fmt.usd(float(deals["cumulative"].iloc[last]), lang=lang)
            ),
            error_y={
                "type": "data",
                "symmetric": False,
                "array": deals["cumulative_high"] - deals["cumulative"],
                "arrayminus": deals["cumulative"] - deals["cumulative_low"],
                "color": palette.color(2),
            },
            customdata=running,
            hovertemplate=running_hover,
            row=totals[0],
            col=totals[1],
        )
    total_values = [*deals["cumulative_low"], *deals["cumulative_high"]] if len(deals) else [1e9]
    if expected is not None:
        sources += publishers(expected.to_frame().T)
        total_values.append(expected["amount_usd"])
        _reference(
            fig,
            expected["amount_usd"],
            tr(lang, "SoftBank's own expected total: {amount} ({source})").format(
                amount=fmt.usd(expected["amount_usd"], lang=lang), source=expected["source_publisher"]
            ),
            palette.color(2),
            "dash",
        )
    if seed_claim is not None:
        sources.append(seed_source(seed_claim, tr(lang, SEED_ROLE), lang))
        total_values.append(seed_claim["claimed_high_usd"])
        fig.add_hrect(
            y0=seed_claim["claimed_low_usd"],
            y1=seed_claim["claimed_high_usd"],
            fillcolor=palette.color(1),
            opacity=0.2,
            line_width=0,
            row=totals[0],
            col=totals[1],
        )
        _reference(
            fig,
            seed_claim["claimed_amount_usd"],
            tr(lang, "Seed: {amount} (UNVERIFIED; band {low}–{high})").format(
                amount=fmt.usd(seed_claim["claimed_amount_usd"], lang=lang),
                low=fmt.usd(seed_claim["claimed_low_usd"], lang=lang),
                high=fmt.usd(seed_claim["claimed_high_usd"], lang=lang),
            ),
            palette.color(5),
            "dot",
        )
    lane = max(total_values) * 3
    if releases is not None and len(releases):
        add_release_markers(fig, releases, lane, lang=lang, row=totals[0], col=totals[1])
        sources += publishers(releases)
        total_values.append(lane)
    usd_axis(fig, "y", min(total_values) / 2, max(total_values) * 2, True, "", row=totals[0], col=totals[1])
    usd_axis(
        fig, "y", deal_low, deal_high, True, "US dollars (log scale)", row=deals_left[0], col=deals_left[1]
    )
    usd_axis(fig, "y", deal_low, deal_high, True, "", row=deals_right[0], col=deals_right[1])
    fig.update_yaxes(showticklabels=False, row=deals_right[0], col=deals_right[1])
    fig.update_xaxes(type="category", title=N_("Alibaba"), row=deals_left[0], col=deals_left[1])
    for row, col in (totals, deals_right):
        fig.update_xaxes(
            range=[OPENAI_START, OPENAI_END],
            # A tick a year: on a phone, half-yearly labels met each other.
            dtick="M12",
            tick0="2025-01-01",
            tickformat="%b %Y",
            tickangle=0,
            row=row,
            col=col,
        )
    fig.update_xaxes(matches="x3", row=totals[0], col=totals[1])
    fig.update_xaxes(title=N_("OpenAI: date of deal"), row=deals_right[0], col=deals_right[1])
    words = page_words.chart("softbank", "softbank_chart", lang)
    text = ChartText(words.title, subtitle, words.unit, tuple(sources), words.alt, lang=lang)
    return frame_figure(fig, text, height=TOTALS_PX + DEALS_PX + PANEL_GAP_PX + 16 + 90)


def _deal_bars(
    fig: go.Figure, deals: pd.DataFrame, low: float, high: float, where: tuple[int, int], lang: str = EN
) -> None:
    """One bar trace per kind of money, each bar with its own amount above it: paid, promised and Stargate
    must never read as one sum."""
    per_day = PHONE_PANEL_PX / (OPENAI_END - OPENAI_START).days
    # The axis usd_axis draws for [low, high], in log10: its ticks' decades and their padding.
    bottom, top = axis_range(usd_ticks(low, high, True)[0], True)
    per_decade = DEALS_PX / (top - bottom)
    texts = [
        _short_amount(a, k, lang)
        for a, k in zip(deals["amount_usd"], deals["amount_kind"].astype(str), strict=True)
    ]
    days = [(d - OPENAI_START).days for d in deals["date"]]
    tops = [(math.log10(a) - bottom) * per_decade for a in deals["amount_usd"]]
    raised = lifts(
        # A CJK character is about as wide as two digits (text_width).
        [
            (day * per_day, text_width(t) * CHAR_PX, top)
            for day, t, top in zip(days, texts, tops, strict=True)
        ],
        [
            ((day - BAR_DAYS / 2) * per_day, (day + BAR_DAYS / 2) * per_day, top)
            for day, top in zip(days, tops, strict=True)
        ],
    )
    for stage in STAGES_DRAWN:
        pick = (deals["stage"] == stage).to_numpy()
        rows = deals[pick]
        if rows.empty:
            continue
        style = STAGE_STYLE[stage]
        fig.add_bar(
            x=rows["date"],
            y=rows["amount_usd"],
            name=tr(lang, "{stage} (each deal)").format(stage=tr(lang, stage)),
            width=1000 * 3600 * 24 * BAR_DAYS,
            marker={
                "color": style["color"],
                "opacity": status_opacity(rows["status"]),
                "pattern": {"shape": style["pattern"]},
                "line": {"color": style["color"], "width": 1.5},
            },
            customdata=hover_data(rows, lang=lang),
            hovertemplate=f"{esc(tr(lang, stage))}<br>" + HOVER,
            row=where[0],
            col=where[1],
        )
    for date, amount, label, lift, full in zip(
        deals["date"], deals["amount_usd"], texts, raised, _full_amounts(deals, lang), strict=True
    ):
        fig.add_annotation(
            x=date,
            y=math.log10(amount),
            xref="x3",
            yref="y3",
            text=esc(label),
            hovertext=esc(full),
            # A label lifted clear of its neighbours keeps a thin line down to its own bar's top.
            showarrow=lift > 0,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor="#999",
            ax=0,
            ay=-(2 + lift),
            yanchor="bottom",
            yshift=0 if lift > 0 else 2,
            font={"size": 11, "color": "#333"},
            name="deal_label",
        )


def _short_amount(amount: float, kind: str, lang: str = EN) -> str:
    # The amount as a bar's label: its range is in the hover, the table and the cards.
    if kind in ("approximate", "range"):
        return tr(lang, "about {amount}").format(amount=fmt.usd(amount, lang=lang))
    return fmt.usd(amount, lang=lang)


def _full_amounts(deals: pd.DataFrame, lang: str = EN) -> list[str]:
    return [
        fmt.amount_label(a, lo, hi, str(k), lang)
        for a, lo, hi, k in zip(
            deals["amount_usd"],
            deals["amount_low_usd"],
            deals["amount_high_usd"],
            deals["amount_kind"],
            strict=True,
        )
    ]


def _reference(fig: go.Figure, value: float, label: str, colour: str, dash: str) -> None:
    """A total to read the running total against: a line across its panel, named in the legend (a label
    beside the line lay over the running total on a phone)."""
    fig.add_hline(y=value, line_dash=dash, line_color=colour, line_width=2, row=1, col=2)
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="lines",
        name=esc(label),
        line={"color": colour, "dash": dash, "width": 2},
        hoverinfo="skip",
        row=1,
        col=2,
    )
