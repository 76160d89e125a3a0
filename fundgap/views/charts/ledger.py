"""Investors and Labs: one investor's tickets against its rounds, one lab's rounds, valuations and
participants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fundgap.analysis import aggregate
from fundgap.analysis.estimate_totals import EstimateBook
from fundgap.analysis.filters import value_text
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.views import palette
from fundgap.views import words as page_words
from fundgap.views.charts import spec
from fundgap.views.charts.base import (
    HOVER,
    ROW_HEIGHT,
    ROW_LABEL_MARGIN,
    ChartText,
    display_name,
    esc,
    frame_figure,
    hover_data,
    month,
    publishers,
    row_label,
    short,
    status_opacity,
    tick_label_margin,
    unique_labels,
    usd_axis,
)
from fundgap.views.charts.estimates import estimate_trace, estimated


def _dates(frame: pd.DataFrame) -> list[pd.Timestamp]:
    return [pd.Timestamp(month(str(p))) for p in frame["period_start"]]


def investor_timeline(
    rows: pd.DataFrame,
    subtitle: str,
    estimates: EstimateBook | None = None,
    names: dict[str, str] | None = None,
    lang: str = EN,
) -> go.Figure:
    """One investor's participations, one row each in date order (undated last): the whole round as an open
    circle, the investor's own ticket as a filled dot when disclosed. A row each, so deals on the same day
    (or in the same month, as precise as the source) never hide each other; a deal whose size no source
    gives says so in words at the left of its row. With `estimates` (the reader asked for them), each
    undisclosed ticket's model estimate is a hollow diamond with its 80% interval on its row."""
    round_upper = (
        aggregate.upper_ends(rows, "deal_amount_usd", "deal_amount_high_usd", "deal_amount_kind").to_numpy()
        if len(rows)
        else np.array([])
    )
    labels = unique_labels(
        [
            row_label(i, r, p, names, ticket_note(a, d, k, lang), lang)
            for i, r, p, a, d, k in zip(
                rows["investor"],
                rows["recipient"],
                rows["period_start"],
                rows["amount_usd"],
                rows["deal_amount_usd"],
                rows["deal_amount_kind"].astype(str),
                strict=True,
            )
        ]
    )
    label_of = np.array(labels, dtype=object)
    sized = np.isfinite(round_upper)
    hidden = rows["amount_usd"].isna().to_numpy()
    hover = hover_data(rows, lang=lang)
    values = [v for v in [*round_upper[sized], *rows["amount_usd"].dropna()] if v and v > 0]
    low, high = (min(values) / 3, max(values) * 4) if values else (1e7, 1e11)
    x_axis = spec.usd_axis(low, high, True, N_("US dollars (log scale)"))
    data: list[dict] = []
    for mask, name, colour in (
        (sized & ~hidden, N_("Whole round (ticket disclosed)"), "#777"),
        (sized & hidden, N_("Whole round (ticket undisclosed: at most this)"), palette.color(5)),
    ):
        if mask.any():
            data.append(
                {
                    "type": "scatter",
                    "x": round_upper[mask],
                    "y": label_of[mask],
                    "mode": "markers",
                    "name": name,
                    "marker": {"symbol": "circle-open", "size": 16, "color": colour, "line": {"width": 2}},
                    "customdata": hover[mask],
                    "hovertemplate": HOVER,
                }
            )
    shown = ~hidden
    if shown.any():
        minus, plus = aggregate.bounds(rows[shown])
        data.append(
            {
                "type": "scatter",
                "x": rows["amount_usd"].to_numpy()[shown],
                "y": label_of[shown],
                "mode": "markers",
                "name": N_("Disclosed ticket"),
                "marker": {"size": 11, "color": palette.color(0)},
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": plus,
                    "arrayminus": minus,
                    "color": "#333",
                },
                "customdata": hover[shown],
                "hovertemplate": HOVER,
            }
        )
    unknown = ~sized & hidden
    if unknown.any():
        data.append(
            {
                "type": "scatter",
                "x": [10 ** x_axis["range"][0]] * int(unknown.sum()),
                "y": label_of[unknown],
                "mode": "text",
                "text": [tr(lang, "ticket and round size undisclosed")] * int(unknown.sum()),
                "textposition": "middle right",
                "textfont": {"color": palette.color(5), "size": 11},
                "name": N_("Ticket and round size undisclosed"),
                "customdata": hover[unknown],
                "hovertemplate": HOVER,
            }
        )
    guesses = estimated(estimates, rows["figure_id"])
    has = guesses["has"].to_numpy(dtype=bool)
    if has.any():
        data.append(
            estimate_trace(list(label_of[has]), list(label_of[has]), guesses[has], horizontal=True, lang=lang)
        )
    fig = spec.figure(
        data,
        {
            "xaxis": x_axis,
            "yaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": labels,
                "autorange": "reversed",
                "showticklabels": False,
                "automargin": False,
            },
            "annotations": spec.row_labels([{"y": labels}]),
            "showlegend": True,
        },
    )
    undated = int(rows["period_start"].isna().sum())
    words = page_words.chart("investors", "investor_timeline", lang)
    text = ChartText(
        words.title,
        subtitle + (undated_note(undated, lang) if undated else ""),
        words.unit,
        publishers(rows),
        words.alt,
        lang=lang,
    )
    return frame_figure(fig, text, height=max(300, ROW_HEIGHT * len(rows) + 160), left=ROW_LABEL_MARGIN)


def undated_note(n: int, lang: str = EN) -> str:
    if lang == EN:
        return f"; {n:,} undated participation(s) at the end"
    return tr(lang, "; {n} undated participation(s) at the end").format(n=f"{n:,}")


ROUND_WORDS = {
    "approximate": "about ",
    "range": "about ",
    "upper_bound": "up to ",
    "lower_bound": "at least ",
}
ROUND_QUALIFIERS = {
    "approximate": N_("about {amount}"),
    "range": N_("about {amount}"),
    "upper_bound": N_("up to {amount}"),
    "lower_bound": N_("at least {amount}"),
}


def ticket_note(ticket: float, round_amount: float, round_kind: str = "exact", lang: str = EN) -> str:
    """A participation in words for its row: "$500M of $6.6B", "undisclosed of about $7.5B", "$10B" (the
    whole deal), "undisclosed" (and no round size either). In Chinese: "65亿美元中的5亿美元",
    "约75亿美元中的未披露部分"."""
    if lang != EN:
        own = fmt.usd(ticket, lang=lang) if ticket == ticket else tr(lang, "undisclosed")
        if round_amount != round_amount or (ticket == ticket and ticket >= round_amount):
            return own
        whole = tr(lang, ROUND_QUALIFIERS.get(str(round_kind), "{amount}")).format(
            amount=fmt.usd(round_amount, lang=lang)
        )
        word = N_("{ticket} of {round}") if ticket == ticket else N_("undisclosed of {round}")
        return tr(lang, word).format(ticket=own, round=whole)
    own = fmt.usd(ticket) if ticket == ticket else "undisclosed"
    if round_amount != round_amount or (ticket == ticket and ticket >= round_amount):
        return own
    return f"{own} of {ROUND_WORDS.get(str(round_kind), '')}{fmt.usd(round_amount)}"


def lab_rounds(
    deals: pd.DataFrame, subtitle: str, names: dict[str, str] | None = None, lang: str = EN
) -> go.Figure:
    """A lab's deals on a time axis, each at its stated amount with its range, and its valuation where a
    source gives one. With several labs chosen, each lab has its own colour and its name in the legend: one
    lab's valuations are never joined to another's by a line."""
    fig = go.Figure()
    labs = list(dict.fromkeys(deals["recipient_id"].astype(str))) if len(deals) else []
    several = len(labs) > 1
    values: list[float] = []
    for n, lab in enumerate(labs):
        own = deals[deals["recipient_id"].astype(str) == lab]
        name = display_name(own["recipient"].iloc[0], names, lang) if several else ""
        deal_colour, value_colour = (
            (palette.color(n), palette.color(n)) if several else (palette.color(0), palette.color(1))
        )
        dated = own[own["period_start"].notna() & own["amount_usd"].notna()]
        if len(dated):
            minus, plus = aggregate.bounds(dated)
            fig.add_scatter(
                x=_dates(dated),
                y=dated["amount_usd"],
                mode="markers",
                name=tr(lang, N_("Deal amount (whiskers: range)")) + (_of(name, lang) if several else ""),
                marker={
                    "size": 13,
                    "color": deal_colour,
                    "symbol": "square",
                    "opacity": status_opacity(dated["status"]),
                },
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": plus,
                    "arrayminus": minus,
                    "color": "#333",
                },
                text=[value_text(k, lang) for k in dated["flow_kind"].astype(str)],
                customdata=hover_data(dated, lang=lang),
                hovertemplate=HOVER,
            )
        valued = own[own["period_start"].notna() & own["valuation_usd"].notna()]
        if len(valued):
            fig.add_scatter(
                x=_dates(valued),
                y=valued["valuation_usd"],
                mode="markers+lines",
                name=tr(lang, N_("Valuation stated by the deal's source"))
                + (_of(name, lang) if several else ""),
                marker={"size": 11, "color": value_colour, "symbol": "diamond"},
                line={"dash": "dot", "color": value_colour},
                customdata=[
                    [esc(fmt.usd(v, lang=lang)), esc(str(n or "")), esc(str(s)), esc(r)]
                    for v, n, s, r in zip(
                        valued["valuation_usd"],
                        valued["valuation_note"],
                        valued["source_publisher"],
                        valued["recipient"].astype(str),
                        strict=True,
                    )
                ],
                hovertemplate=VALUATION_HOVER
                if lang == EN
                else tr(lang, VALUATION_HOVER_WORDS).format(
                    lab="%{customdata[3]}",
                    amount="%{customdata[0]}",
                    note="%{customdata[1]}",
                    source="%{customdata[2]}",
                )
                + "<extra></extra>",
            )
        values += [*dated["amount_usd"], *valued["valuation_usd"]]
    low, high = (min(values) / 3, max(values) * 4) if values else (1e7, 1e12)
    usd_axis(fig, "y", low, high, True, N_("US dollars (log scale)"))
    fig.update_xaxes(title=N_("Date of the deal"))
    fig.update_layout(showlegend=True)
    words = page_words.chart("labs", "lab_rounds", lang)
    text = ChartText(words.title, subtitle, words.unit, publishers(deals), words.alt, lang=lang)
    return frame_figure(fig, text, height=420)


VALUATION_HOVER = (
    "%{customdata[3]}: valuation %{customdata[0]} (%{customdata[1]})<br>Source: "
    "%{customdata[2]}<extra></extra>"
)
VALUATION_HOVER_WORDS = N_("{lab}: valuation {amount} ({note})<br>Source: {source}")


def _of(name: str, lang: str = EN) -> str:
    # A legend entry's lab when several labs share the chart: ": Zhipu", in Chinese "：智谱".
    return f": {esc(name)}" if lang == EN else f"：{esc(name)}"


def lab_participants(parts: pd.DataFrame, subtitle: str, lang: str = EN) -> go.Figure:
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
            customdata=hover_data(rows, lang=lang),
            hovertemplate=HOVER,
        )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[esc(short(i, 30)) for i in order["investor"].unique()],
        autorange="reversed",
        tickfont={"size": 11},
    )
    fig.update_xaxes(title=N_("Date of the deal"))
    fig.update_layout(showlegend=True)
    words = page_words.chart("labs", "lab_participants", lang)
    text = ChartText(
        words.title,
        subtitle + tr(lang, "; filled: ticket disclosed, open: undisclosed"),
        words.unit,
        publishers(parts),
        words.alt,
        lang=lang,
    )
    labels = [esc(short(i, 30)) for i in order["investor"].unique()]
    return frame_figure(
        fig, text, height=max(320, 22 * order["investor"].nunique() + 200), left=tick_label_margin(labels)
    )
