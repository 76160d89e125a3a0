"""Country totals: the Stanford AI Index series and every other provider in its own panel."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.views import palette
from fundgap.views import words as page_words
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

# Bars lie down, one row of bars per year: a value written at the end of its bar needs only the bar's height,
# not its width. Standing up, fifteen bars shared a phone's width and plotly shrank their values to 4 px.
BAR_PX = 18  # a bar's height; its value, 11 px text, is written beside it at full size
VALUE_ROOM = 1.3  # the axis runs 30% past the longest bar, room for that bar's value


def ai_index_chart(
    series: pd.DataFrame, subtitle: str, releases: pd.DataFrame | None = None, lang: str = EN
) -> go.Figure:
    fig = go.Figure()
    years = sorted(series["year"].astype(str).unique()) if len(series) else []
    countries = list(dict.fromkeys(series["country"])) if len(series) else []
    for country, rows in series.groupby("country", sort=False):
        fig.add_bar(**_bars(rows, rows["year"].astype(str), country, lang=lang))
    top = float(series["amount_usd"].max()) if len(series) else 1e9
    usd_axis(fig, "x", 0, top * VALUE_ROOM, False, N_("Private AI investment, US dollars"))
    notes = {}
    if releases is not None and len(releases):
        # The data year's model releases of the covered labs, written with the year (?releases=1).
        for year, rows in releases.groupby("year"):
            open_ = int((rows["openness"] == "open_weights").sum())
            notes[str(year)] = (
                f"{len(rows)} releases · {open_} open weights"
                if lang == EN
                else tr(lang, "{n} releases · {k} open weights").format(n=len(rows), k=open_)
            )
    _year_rows(fig, years, len(countries), notes, lang=lang)
    words = page_words.chart("country_totals", "ai_index_chart", lang)
    text = ChartText(words.title, subtitle, words.unit, publishers(series), words.alt, lang=lang)
    return frame_figure(fig, text, height=_height(len(years), len(countries)) + 110)


def _bars(rows: pd.DataFrame, years, country, lang: str = EN, **where) -> dict:
    """One country's bars, each with its value written just past its end at full size."""
    return {
        "y": years,
        "x": rows["amount_usd"],
        "orientation": "h",
        "name": esc(country),
        "marker": {"color": palette.region_color(str(country)), "opacity": status_opacity(rows["status"])},
        "text": [fmt.usd(v, lang=lang) for v in rows["amount_usd"]],
        "textposition": "outside",
        "textfont": {"size": 11, "color": "#333"},
        # plotly would shrink a value to its bar's height or clip it at the axis: neither, at any width.
        "constraintext": "none",
        "cliponaxis": False,
        "customdata": hover_data(rows, "recipient", lang=lang),
        "hovertemplate": HOVER,
        **where,
    }


def _height(n_rows: int, n_bars: int) -> int:
    # Each row of bars, and the gap above it where its year is written.
    return max(n_rows, 1) * (BAR_PX * max(n_bars, 1) + 26)


PREDICTION = " (prediction)"  # aggregate.country_totals' year label of a provider's forecast


def year_text(label: str, lang: str = EN) -> str:
    """A row's year as the chart writes it: "2025", "2025 (prediction)"; in Chinese "2025年",
    "2025年（预测）"."""
    if lang == EN:
        return label
    if label.endswith(PREDICTION):
        year = label.removesuffix(PREDICTION)
        return tr(lang, "{year} (prediction)").format(year=fmt.date_text(year, lang))
    return fmt.date_text(label, lang)


def _year_rows(
    fig: go.Figure, years: list[str], n_bars: int, notes: dict[str, str], lang: str = EN, **where
) -> None:
    """Years top to bottom in order, each written above its row of bars (not as a tick label in a margin a
    phone cannot spare), with its note."""
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=years,
        autorange="reversed",
        showticklabels=False,
        **where,
    )
    fig.update_layout(barmode="group", bargap=26 / (BAR_PX * max(n_bars, 1) + 26), bargroupgap=0)
    yref = where.get("row", 1)
    for position, year in enumerate(years):
        fig.add_annotation(
            x=0,
            xref=f"x{'' if yref == 1 else yref} domain",
            # By position: plotly reads a category that looks like a number ("2021") as a position.
            y=position,
            yref=f"y{'' if yref == 1 else yref}",
            text=f"<b>{esc(year_text(year, lang))}</b>" + (f" · {esc(notes[year])}" if year in notes else ""),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            yshift=BAR_PX * max(n_bars, 1) / 2,
            font={"size": 11, "color": palette.color(3) if year in notes else "#333"},
            name="year_label",
        )


def provider_panels(panels: dict[str, pd.DataFrame], subtitle: str, lang: str = EN) -> go.Figure:
    names = list(panels)
    counts = [(panels[n]["year_label"].nunique(), panels[n]["country"].nunique()) for n in names] or [(1, 1)]
    heights = [_height(years, bars) for years, bars in counts]
    titles = [wrapped(n, 40) for n in names] or [tr(lang, "No figures")]
    # Pixels between two panels: the previous panel's tick labels and the next one's title, line by line.
    spacing = 44 + 20 * max(t.count("<br>") + 1 for t in titles)
    total = sum(heights) + spacing * (len(heights) - 1)
    fig = make_subplots(
        rows=max(len(names), 1),
        cols=1,
        subplot_titles=titles,
        row_heights=[h / total for h in heights],
        vertical_spacing=spacing / total if len(heights) > 1 else 0.0,
    )
    sources: list = []
    for row, name in enumerate(names, start=1):
        frame = panels[name]
        sources += publishers(frame)
        for country, rows in frame.groupby("country", sort=False):
            fig.add_bar(
                **_bars(
                    rows,
                    rows["year_label"],
                    country,
                    lang=lang,
                    legendgroup=esc(country),
                    showlegend=row == 1 or country not in _countries_before(panels, names[: row - 1]),
                ),
                row=row,
                col=1,
            )
        usd_axis(fig, "x", 0, float(frame["amount_usd"].max()) * VALUE_ROOM, False, "", row=row, col=1)
        _year_rows(
            fig,
            sorted(frame["year_label"].astype(str).unique()),
            counts[row - 1][1],
            {},
            lang=lang,
            row=row,
            col=1,
        )
    fig.update_xaxes(title=N_("US dollars"), row=max(len(names), 1), col=1)
    words = page_words.chart("country_totals", "provider_panels", lang)
    text = ChartText(words.title, subtitle, words.unit, tuple(sources), words.alt, lang=lang)
    return frame_figure(fig, text, height=total + 110)


def _countries_before(panels: dict[str, pd.DataFrame], names: list[str]) -> set:
    return {c for n in names for c in panels[n]["country"]}
