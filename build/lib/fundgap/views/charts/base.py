"""What every chart shares: the title, subtitle, unit and source line; amount axes in $M/$B; hover text that
names each figure's source, date and status; and escaping, because plotly renders a subset of HTML in text."""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fundgap.common import fmt

FONT = "Source Sans, sans-serif"
SOURCE_WIDTH = 48  # characters of 11 px text that fit a 390 px phone screen beside a y axis
LABEL_CHARS = 46
UNVERIFIED_OPACITY = 0.45
HOVER_FIELDS = ("figure_id", "label", "amount_text", "source", "date", "status", "url")
HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>"
    "Source: %{customdata[3]}<br>Date: %{customdata[4]} · Status: %{customdata[5]}<br>"
    "%{customdata[6]}<extra></extra>"
)


@dataclass(frozen=True)
class ChartText:
    title: str
    subtitle: str  # the active view in words
    unit: str
    sources: tuple[str, ...]
    alt: str


def esc(value) -> str:
    # plotly reads tags (<b>, <a href>) and a few entities in text; escaping < > & makes dataset text inert.
    # Quotes stay as they are: plotly does not decode &quot; and they cannot open a tag.
    return html.escape(
        "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value), quote=False
    )


def short(text, limit: int = LABEL_CHARS) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def distinct_sources(sources) -> list[str]:
    return sorted({str(s) for s in sources if s is not None and str(s) != "nan"})


def publishers(*frames: pd.DataFrame) -> tuple[str, ...]:
    """The distinct publishers behind some figures, for a chart's source line (one entry per source, not per
    row)."""
    return tuple(distinct_sources(name for frame in frames for name in frame["source_publisher"].unique()))


# Beyond this many publishers a source line is a wall of names: it gives the count and where each one is
# named.
MAX_NAMED_SOURCES = 14


def source_line(sources) -> str:
    names = distinct_sources(sources)
    if len(names) > MAX_NAMED_SOURCES:
        return (
            f"Sources: {len(names)} publishers, each named in the hover text and in the tables under this "
            "chart"
        )
    return "Source: " + ("; ".join(names) if names else "no figures in this view")


def hover_data(frame: pd.DataFrame, label_column: str = "recipient") -> np.ndarray:
    """One row of escaped hover fields per figure, in HOVER_FIELDS order."""
    if frame.empty:
        return np.empty((0, len(HOVER_FIELDS)), dtype=object)
    labels = frame["investor"].astype(str) + " → " + frame[label_column].astype(str)
    amounts = [
        fmt.amount_label(a, lo, hi, k)
        for a, lo, hi, k in zip(
            frame["amount_usd"],
            frame["amount_low_usd"],
            frame["amount_high_usd"],
            frame["amount_kind"].astype(str),
            strict=True,
        )
    ]
    caveats = frame["caveat"] if "caveat" in frame else [None] * len(frame)
    statuses = [fmt.status_text(st, cv) for st, cv in zip(frame["status"], caveats, strict=True)]
    dates = frame["period_start"].astype(str) + np.where(
        frame["period_end"].notna(), " to " + frame["period_end"].astype(str), ""
    )
    columns = [
        frame["figure_id"],
        labels,
        amounts,
        frame["source_publisher"],
        dates,
        statuses,
        frame["source_url"].astype(object).fillna("no https link"),
    ]
    return np.array([[esc(v) for v in row] for row in zip(*columns, strict=True)], dtype=object)


def usd_ticks(low: float, high: float, log: bool) -> tuple[list[float], list[str]]:
    """Tick positions and "$100M"-style labels covering [low, high]."""
    if log:
        start, stop = math.floor(math.log10(max(low, 1.0))), math.ceil(math.log10(max(high, 10.0)))
        values = [10.0**p for p in range(start, stop + 1)]
    else:
        step = _nice_step(max(high - min(low, 0), 1.0) / 5)
        values = list(np.arange(0, high + step, step))
    return values, [fmt.usd(v) for v in values]


def usd_axis(fig: go.Figure, axis: str, low: float, high: float, log: bool, title: str, **where) -> None:
    """An amount axis labelled $10M / $1B, never in exponent notation, covering [low, high]."""
    values, labels = usd_ticks(low, high, log)
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    axis_range = [math.log10(values[0]), math.log10(values[-1])] if log else [0, high]
    update(
        type="log" if log else "linear",
        tickvals=values,
        ticktext=labels,
        range=axis_range,
        title=title,
        **where,
    )


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def frame_figure(
    fig: go.Figure, text: ChartText, height: int = 460, bottom: int = 90, left: int = 10
) -> go.Figure:
    """Layout, unit and source line shared by every chart. The title and the subtitle (the view in words) are
    not drawn by plotly, whose text never wraps: the page writes them above the chart as text that wraps at
    any width (layout.meta holds them). The source line stays in the figure, wrapped for a phone, so a PNG
    export still cites."""
    source_lines = list_lines([*source_line(text.sources).split("; "), f"Unit: {text.unit}"], SOURCE_WIDTH)
    extra_bottom = 15 * (len(source_lines) - 1)
    for (
        trace
    ) in fig.data:  # a legend entry is never wrapped by plotly: break long ones so a phone shows them whole
        name = getattr(trace, "name", None)
        if name and len(name) > LEGEND_ROW_CHARS and "<br>" not in name:
            trace.name = "<br>".join(textwrap.wrap(name, LEGEND_ROW_CHARS))
    legend_rows = _legend_rows(fig)
    fig.update_layout(
        font={"family": FONT, "size": 13},
        height=height + extra_bottom + LEGEND_ROW * legend_rows,
        # Room for the legend above the plot: a phone wraps it into more rows than a desktop, so leave room
        # for those.
        margin={"l": left, "r": 20, "t": 16 + LEGEND_ROW * legend_rows, "b": bottom + extra_bottom},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0},
        hoverlabel={"align": "left"},
        meta={
            "alt": text.alt,
            "title": text.title,
            "subtitle": text.subtitle,
            "sources": distinct_sources(text.sources),
            "unit": text.unit,
        },
    )
    if not any(_has_points(trace) for trace in fig.data):
        fig.add_annotation(
            text="No figures match the filters<br>and counting rules in this view",
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 14, "color": "#555"},
            name="empty_note",
        )
    fig.add_annotation(
        text="<br>".join(esc(line) for line in source_lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xshift=-(left - 10),
        yshift=-(bottom + extra_bottom) + 8,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font={"size": 11, "color": "#555"},
        align="left",
        name="source_line",
    )
    return fig


LEGEND_ROW = 22
# Characters of legend text that fit one row of a 390 px phone screen: the rows a legend may need there.
LEGEND_ROW_CHARS = 40


def _legend_rows(fig: go.Figure) -> int:
    names = [
        trace.name
        for trace in fig.data
        if getattr(trace, "name", None) and getattr(trace, "showlegend", None) is not False
    ]
    if not names:
        return 0
    return max(
        1, min(8, sum(math.ceil((len(name.replace("<br>", " ")) + 4) / LEGEND_ROW_CHARS) for name in names))
    )


ROW_HEIGHT = 38  # a label line above each bar or dot, and the mark itself
ROW_LABEL_MARGIN = 10


def labels_above_rows(fig: go.Figure) -> None:
    """Each row's category written above it from the plot's left edge, instead of as a tick label in a wide
    left margin: the plot keeps the full width of a phone screen and no label is cut. Categories are escaped
    already."""
    fig.update_yaxes(showticklabels=False, automargin=False)
    labels = list(dict.fromkeys(y for trace in fig.data if trace.y is not None for y in trace.y))
    for label in labels:
        fig.add_annotation(
            x=0,
            xref="x domain",
            y=label,
            yref="y",
            text=label,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            yshift=7,
            font={"size": 11, "color": "#333"},
            name="row_label",
        )


def list_lines(items: list[str], width: int) -> list[str]:
    """Items joined by "; " into lines of at most `width` characters, breaking between items where possible,
    so a publisher's name stays on one line; an item longer than a line wraps by words."""
    lines: list[str] = []
    for item in items:
        candidate = f"{lines[-1]}; {item}" if lines else item
        if lines and len(candidate) <= width:
            lines[-1] = candidate
        else:
            if lines:
                lines[-1] += ";"
            lines += textwrap.wrap(item, width) or [item]
    return lines or [""]


def wrapped(text: str, width: int) -> str:
    """Plotly text (axis titles, labels) broken into lines of at most `width` characters, escaped."""
    return "<br>".join(esc(line) for line in textwrap.wrap(text, width)) or ""


def _has_points(trace) -> bool:
    for field in ("x", "y", "value"):
        values = getattr(trace, field, None)
        if values is not None and len(values):
            return True
    link = getattr(trace, "link", None)
    return bool(link is not None and link.value is not None and len(link.value))


def plotly_config(filename: str) -> dict:
    """Client-side PNG export from the toolbar, named after the chart."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}


def status_opacity(status: pd.Series) -> list[float]:
    return [1.0 if s == "VERIFIED" else UNVERIFIED_OPACITY for s in status.astype(str)]


def errors(values, lows, highs) -> dict:
    minus = [max(v - lo, 0) if lo is not None and v else 0 for v, lo in zip(values, lows, strict=True)]
    plus = [max(hi - v, 0) if hi is not None and v else 0 for v, hi in zip(values, highs, strict=True)]
    return {
        "type": "data",
        "symmetric": False,
        "array": plus,
        "arrayminus": minus,
        "color": "#333",
        "thickness": 1.5,
    }


def unique_labels(labels: list[str]) -> list[str]:
    """Plotly merges bars that share a category label: number the repeats."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return out


def month(text: str) -> str:
    """A date a chart axis can place: "2024" -> "2024-01", "2024-Q3" -> "2024-07" (the period's first
    month)."""
    text = str(text)
    if len(text) == 7 and text[5] == "Q" and text[6] in "1234":
        return f"{text[:4]}-{(int(text[6]) - 1) * 3 + 1:02d}"
    return text if len(text) > 4 else f"{text}-01"
