"""Open or closed: one panel per lab on a shared time axis, its deals as bars and its releases as markers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fundgap.analysis.openness import openness_text
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.views import palette
from fundgap.views import words as page_words
from fundgap.views.charts import spec
from fundgap.views.charts.base import (
    HOVER,
    NO_LINK,
    ChartText,
    esc,
    frame_figure,
    hover_data,
    month,
    publishers,
    status_opacity,
    wrapped,
)

# Filled for open weights, hollow for API only, a ring with a dot for partly open (plotly has no half-filled
# marker).
RELEASE_STYLE = {
    "open_weights": ("circle", N_("Release: open weights (filled)")),
    "partly_open": ("circle-open-dot", N_("Release: partly open (ring with dot)")),
    "api_only": ("circle-open", N_("Release: API or hosted only (hollow)")),
}
RELEASE_Y = (
    1e11  # releases sit in a lane above the deals, at no dollar value (the labelled ticks end below it)
)
AXIS_TOP = 1.2e11
PANEL_HEIGHT = 150
RELEASE_HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Released: %{customdata[2]}<br>"
    "Source: %{customdata[3]} · Status: %{customdata[4]}<br>%{customdata[5]}<extra></extra>"
)
RELEASE_HOVER_WORDS = N_("Released: {date}<br>Source: {source} · Status: {status}")
NO_LAB = N_("No lab in view")
NOTHING_IN_VIEW = N_("no counted deal and no release in view")


def release_template(lang: str = EN) -> str:
    """A release's hover: its model, openness, date, source and status, and its link."""
    if lang == EN:
        return RELEASE_HOVER
    words = tr(lang, RELEASE_HOVER_WORDS).format(
        date="%{customdata[2]}", source="%{customdata[3]}", status="%{customdata[4]}"
    )
    return f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}<br>{words}<br>%{{customdata[5]}}<extra></extra>"


def openness_timeline(
    labs: dict[str, str],
    deals: pd.DataFrame,
    releases: pd.DataFrame,
    subtitle: str,
    lang: str = EN,
) -> go.Figure:
    names = list(labs.values()) or [tr(lang, NO_LAB)]
    layout = spec.stacked_rows(len(names), min(0.06, 0.5 / len(names)), [wrapped(n, 40) for n in names])
    data: list[dict] = []
    notes: list[dict] = []
    shown: set[str] = set()
    # Every row's hover text, date and style worked out once; each panel then picks its rows by position.
    priced = deals[deals["amount_usd"].notna()]
    deal_lab = priced["recipient_id"].astype(object).to_numpy()
    deal_x = np.array([pd.Timestamp(month(p)) for p in priced["period_start"]] + [None], dtype=object)[:-1]
    deal_y = priced["amount_usd"].to_numpy()
    deal_hover = hover_data(priced, lang=lang)
    deal_opacity = np.array(status_opacity(priced["status"]) + [0.0])[:-1]
    release_lab = releases["lab_id"].astype(object).to_numpy()
    release_kind = releases["openness"].astype(object).to_numpy()
    release_x = np.array([pd.Timestamp(month(d)) for d in releases["date"]] + [None], dtype=object)[:-1]
    release_text = release_hover(releases, lang) if len(releases) else None
    for row, lab in enumerate(labs, start=1):
        axes = {"xaxis": f"x{spec.axis_suffix(row)}", "yaxis": f"y{spec.axis_suffix(row)}"}
        own = np.flatnonzero(deal_lab == lab)
        if len(own):
            data.append(
                {
                    "type": "bar",
                    "x": deal_x[own].tolist(),
                    "y": deal_y[own],
                    "width": 1000 * 3600 * 24 * 25,
                    "name": N_("Deal counted (amount, log scale)"),
                    "legendgroup": "deal",
                    "showlegend": "deal" not in shown,
                    "marker": {"color": palette.color(0), "opacity": deal_opacity[own].tolist()},
                    "customdata": deal_hover[own],
                    "hovertemplate": HOVER,
                    **axes,
                }
            )
            shown.add("deal")
        mine = release_lab == lab
        for openness, (symbol, label) in RELEASE_STYLE.items():
            picked = np.flatnonzero(mine & (release_kind == openness))
            if release_text is None or not len(picked):
                continue
            data.append(
                {
                    "type": "scatter",
                    "x": release_x[picked].tolist(),
                    "y": [RELEASE_Y] * len(picked),
                    "mode": "markers",
                    "name": label,
                    "legendgroup": openness,
                    "showlegend": openness not in shown,
                    "marker": {
                        "symbol": symbol,
                        "size": 11,
                        "color": palette.color(3),
                        "line": {"width": 2, "color": palette.color(3)},
                    },
                    "customdata": release_text[picked],
                    "hovertemplate": release_template(lang),
                    **axes,
                }
            )
            shown.add(openness)
        if not len(own) and not mine.any():
            notes.append(
                {
                    "text": tr(lang, NOTHING_IN_VIEW),
                    "x": 0.5,
                    "y": 0.5,
                    "xref": f"x{row if row > 1 else ''} domain",
                    "yref": f"y{row if row > 1 else ''} domain",
                    "showarrow": False,
                    "font": {"size": 11, "color": "#777"},
                }
            )
        layout[f"yaxis{spec.axis_suffix(row)}"].update(
            type="log",
            range=[math.log10(1e7), math.log10(1e12)],
            tickvals=[1e8, 1e10],
            ticktext=["$100M", "$10B"],
        )
    for key in [k for k in layout if k.startswith("xaxis")]:
        layout[key].update(
            range=[pd.Timestamp("2023-01-01"), pd.Timestamp("2026-12-31")],
            showticklabels=True,
            tickfont={"size": 10},
        )
    layout["annotations"] += notes
    for title in layout["annotations"][
        : len(names)
    ]:  # each lab's name at the left of its panel, clear of the markers
        title.update(x=0, xanchor="left")
        title["font"] = {**title.get("font", {}), "size": 13, "color": "#333"}
    layout["showlegend"] = True
    fig = spec.figure(data, layout)
    words = page_words.chart("openness", "openness_timeline", lang)
    text = ChartText(
        words.title,
        subtitle,
        words.unit,
        publishers(deals, releases),
        words.alt,
        lang=lang,
    )
    return frame_figure(fig, text, height=PANEL_HEIGHT * len(names) + 80)


def release_hover(releases: pd.DataFrame, lang: str = EN) -> np.ndarray:
    if lang == EN:
        dates = [
            f"{d}" + (f" (weights {w})" if isinstance(w, str) and w else "")
            for d, w in zip(releases["date"], releases["weights_date"], strict=True)
        ]
        statuses = releases["status"].astype(str)
    else:  # "2025年1月20日（权重2025年2月3日）": as the releases table writes them
        dates = [
            fmt.date_text(d, lang)
            + (
                tr(lang, " (weights {date})").format(date=fmt.date_text(w, lang))
                if isinstance(w, str) and w
                else ""
            )
            for d, w in zip(releases["date"], releases["weights_date"], strict=True)
        ]
        statuses = [fmt.status_text(st, lang=lang) for st in releases["status"]]
    columns = [
        releases["model"].astype(str),
        [
            openness_text(o, lc, r, lang)
            for o, lc, r in zip(
                releases["openness"], releases["licence"], releases["licence_restriction"], strict=True
            )
        ],
        dates,
        releases["source_publisher"].astype(str),
        statuses,
        releases["source_url"].astype(object).fillna(tr(lang, NO_LINK)),
    ]
    return np.array([[esc(v) for v in row] for row in zip(*columns, strict=True)], dtype=object)


def add_release_markers(fig: go.Figure, releases: pd.DataFrame, lane: float, lang: str = EN, **where) -> None:
    """Model releases as markers in a lane at height `lane` of a time chart (Overview and SoftBank,
    ?releases=1): filled open weights, hollow API only, a ring with a dot partly open; each with its source in
    the hover."""
    for openness, (symbol, label) in RELEASE_STYLE.items():
        picked = releases[releases["openness"] == openness]
        if picked.empty:
            continue
        fig.add_scatter(
            x=[pd.Timestamp(month(d)) for d in picked["date"]],
            y=[lane] * len(picked),
            mode="markers",
            name=label,
            marker={
                "symbol": symbol,
                "size": 10,
                "color": palette.color(3),
                "line": {"width": 2, "color": palette.color(3)},
            },
            customdata=release_hover(picked, lang),
            hovertemplate=release_template(lang),
            **where,
        )
