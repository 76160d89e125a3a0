"""Flows: who paid whom as a Sankey, and every counted deal ranked with its range and its undisclosed
tickets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fundgap.analysis import aggregate
from fundgap.analysis.estimate_totals import EstimateBook
from fundgap.common import fmt
from fundgap.views import palette
from fundgap.views import words as page_words
from fundgap.views.charts import spec
from fundgap.views.charts.base import (
    HOVER,
    ROW_HEIGHT,
    ROW_LABEL_MARGIN,
    UNVERIFIED_OPACITY,
    ChartText,
    esc,
    frame_figure,
    hover_data,
    publishers,
    short,
    unique_labels,
)
from fundgap.views.charts.estimates import estimate_trace, estimated


def flow_sankey(links: pd.DataFrame, subtitle: str, sources: tuple[str, ...]) -> go.Figure:
    # The same region appears as investors (left) and as recipients (middle): separate nodes, or China → China
    # would draw a loop.
    source_keys = [(stage, name) for stage, name in zip(links["stage"], links["source"], strict=True)]
    target_keys = [(stage + 1, name) for stage, name in zip(links["stage"], links["target"], strict=True)]
    keys = list(dict.fromkeys([*source_keys, *target_keys]))
    index = {key: i for i, key in enumerate(keys)}
    node_labels = [
        f"{name} investors" if stage == 0 else f"{name} labs" if stage == 1 else name for stage, name in keys
    ]
    # A link needs a width: undisclosed-only links are drawn thin and labelled instead of silently vanishing.
    floor = max(float(links["amount"].max()) * 0.004, 1.0) if len(links) else 1.0
    widths = [max(a, floor) for a in links["amount"]]
    labels = [
        f"{esc(s)} → {esc(t)}: {fmt.usd(a) if a else 'no disclosed amount'}"
        + (f" + {u} undisclosed" if u else "")
        + f" ({n} figures)"
        for s, t, a, u, n in zip(
            links["source"],
            links["target"],
            links["amount"],
            links["n_undisclosed"],
            links["n_figures"],
            strict=True,
        )
    ]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": [esc(short(n, 36)) for n in node_labels],
                "pad": 14,
                "thickness": 16,
                "color": [palette.region_color(name) for _, name in keys],
            },
            link={
                "source": [index[k] for k in source_keys],
                "target": [index[k] for k in target_keys],
                "value": widths,
                "customdata": labels,
                "hovertemplate": "%{customdata}<extra></extra>",
                "color": ["rgba(0,114,178,0.25)" if a else "rgba(120,120,120,0.25)" for a in links["amount"]],
            },
        )
    )
    words = page_words.chart("flows", "flow_sankey")
    text = ChartText(words.title, subtitle, words.unit, sources, words.alt)
    return frame_figure(fig, text, height=560)


def ranked_bars(
    top: pd.DataFrame,
    undisclosed: pd.DataFrame,
    remainder: int,
    subtitle: str,
    estimates: EstimateBook | None = None,
) -> go.Figure:
    """Counted deals with an amount, largest first, and the undisclosed tickets as outlines of their rounds;
    with `estimates` (the reader asked for them), each undisclosed ticket's model estimate as a hollow diamond
    with its 80% interval on the ticket's row."""
    labels = _deal_labels(top)
    data: list[dict] = []
    minus, plus = aggregate.bounds(top)
    verified = (top["status"] == "VERIFIED").to_numpy()
    hover = hover_data(top)
    for is_verified, name, colour in (
        (True, "VERIFIED", palette.color(0)),
        (False, "UNVERIFIED (lighter, hatched)", palette.color(1)),
    ):
        pick = verified == is_verified
        if not pick.any():
            continue
        data.append(
            {
                "type": "bar",
                "y": np.array(labels, dtype=object)[pick],
                "x": top["amount_usd"].to_numpy()[pick],
                "orientation": "h",
                "name": name,
                "marker": {
                    "color": colour,
                    "opacity": 1.0 if is_verified else UNVERIFIED_OPACITY,
                    "pattern": {"shape": "" if is_verified else "/"},
                },
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": plus[pick],
                    "arrayminus": minus[pick],
                    "color": "#333",
                },
                "customdata": hover[pick],
                "hovertemplate": HOVER,
            }
        )
    shown_undisclosed = undisclosed.head(MAX_UNDISCLOSED_MARKERS)
    # An undisclosed ticket has no value to draw. Where the round it belongs to has a size, an outline reaches
    # that size (the most the ticket can be); otherwise the row says "amount undisclosed" in words, at no
    # dollar value.
    ceiling = (
        aggregate.upper_ends(
            shown_undisclosed, "deal_amount_usd", "deal_amount_high_usd", "deal_amount_kind"
        ).to_numpy()
        if len(shown_undisclosed) and "deal_amount_usd" in shown_undisclosed
        else np.full(len(shown_undisclosed), np.inf)
    )
    known = np.isfinite(ceiling)
    # The legend counts every undisclosed ticket in view, drawn or not.
    known_in_all = (
        int(
            np.isfinite(
                aggregate.upper_ends(
                    undisclosed, "deal_amount_usd", "deal_amount_high_usd", "deal_amount_kind"
                )
            ).sum()
        )
        if len(undisclosed) and "deal_amount_usd" in undisclosed
        else 0
    )
    guesses = estimated(estimates, shown_undisclosed["figure_id"])
    has = guesses["has"].to_numpy(dtype=bool)
    finite_values = [
        *top["amount_usd"].to_numpy(),
        *ceiling[known],
        *guesses.loc[has, "low"].to_numpy(dtype=float),
        *guesses.loc[has, "high"].to_numpy(dtype=float),
    ]
    values = np.array(finite_values if finite_values else [1e8], dtype=float)
    low_edge = max(float(values.min()) / 3, 1e6)
    undisclosed_labels = np.array(_deal_labels(shown_undisclosed), dtype=object)
    undisclosed_hover = hover_data(shown_undisclosed)
    if known.any():
        data.append(
            {
                "type": "bar",
                "y": undisclosed_labels[known],
                "x": ceiling[known],
                "orientation": "h",
                "name": "Ticket undisclosed: outline = the whole round it is part of, its upper bound "
                f"({known_in_all:,})",
                "marker": {
                    "color": "rgba(0,0,0,0)",
                    "line": {"color": palette.color(5), "width": 1.5},
                    "pattern": {"shape": ".", "fgcolor": palette.color(5)},
                },
                "customdata": undisclosed_hover[known],
                "hovertemplate": HOVER,
            }
        )
    if (~known).any():
        data.append(
            {
                "type": "scatter",
                "y": undisclosed_labels[~known],
                "x": [low_edge] * int((~known).sum()),
                "mode": "text",
                "text": ["amount undisclosed"] * int((~known).sum()),
                "textposition": "middle right",
                "name": f"Amount undisclosed, size of the deal unknown ({len(undisclosed) - known_in_all:,})",
                "textfont": {"color": palette.color(5), "size": 11},
                "customdata": undisclosed_hover[~known],
                "hovertemplate": HOVER,
            }
        )
    if has.any():
        in_view = int(estimated(estimates, undisclosed["figure_id"])["has"].sum())
        plain = [
            f"{i} → {r}"
            for i, r in zip(shown_undisclosed["investor"], shown_undisclosed["recipient"], strict=True)
        ]
        data.append(
            estimate_trace(
                undisclosed_labels[has],
                list(np.array(plain, dtype=object)[has]),
                guesses[has],
                horizontal=True,
                count=in_view,
            )
        )
    # Built in one step (see charts.spec): each row's label written above it, as base.labels_above_rows does.
    fig = spec.figure(
        data,
        {
            "xaxis": spec.usd_axis(
                low_edge / 1.5,
                float(values.max()) * 2,
                True,
                "US dollars (log scale);<br>whiskers show the source's range",
            ),
            "yaxis": {"autorange": "reversed", "showticklabels": False, "automargin": False},
            "annotations": spec.row_labels(data),
            "showlegend": True,
            "barmode": "overlay",
            "bargap": 0.5,
        },
    )
    rows = len(top) + len(shown_undisclosed)
    note = f"; {remainder:,} smaller deals not shown" if remainder else ""
    if len(undisclosed) > len(shown_undisclosed):
        note += (
            f"; {len(undisclosed) - len(shown_undisclosed):,} more undisclosed deals not drawn (all "
            "are in the table and CSV)"
        )
    words = page_words.chart("flows", "ranked_bars")
    text = ChartText(words.title, subtitle + note, words.unit, publishers(top, shown_undisclosed), words.alt)
    return frame_figure(fig, text, height=max(360, ROW_HEIGHT * rows + 160), left=ROW_LABEL_MARGIN)


# More diamonds than this would make the chart taller than a screen; the count in the legend stays exact.
MAX_UNDISCLOSED_MARKERS = 40


def _deal_labels(frame: pd.DataFrame) -> list[str]:
    # "Round investors (lead: …)" is the whole round: say "Whole round" and leave the names to the hover.
    def party(investor: str) -> str:
        for prefix, word in (("Round investors", "Whole round"), ("IPO investors", "Whole IPO")):
            if investor.startswith(prefix):
                return word
        return short(investor, 22)

    labels = [
        f"{esc(party(str(i)))} → {esc(short(r, 18))} ({esc(str(p)[:7])})"
        for i, r, p in zip(frame["investor"], frame["recipient"], frame["period_start"], strict=True)
    ]
    return unique_labels(labels)
