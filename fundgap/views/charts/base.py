"""What every chart shares: the title, subtitle, unit and source line; amount axes in $M/$B; hover text that
names each figure's source, date and status; and escaping, because plotly renders a subset of HTML in text."""

from __future__ import annotations

import datetime
import html
import math
import re
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fundgap.common import fmt, i18n
from fundgap.common.i18n import EN, N_, tr

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
HOVER_WORDS = N_("Source: {source}<br>Date: {date} · Status: {status}")


@dataclass(frozen=True)
class ChartText:
    title: str
    subtitle: str  # the active view in words
    unit: str
    sources: tuple  # publishers as Source pairs (name, level), or bare names listed after the graded ones
    alt: str
    lang: str = EN  # the reader's language: frame_figure writes the chart's own words in it


def esc(value) -> str:
    # plotly reads tags (<b>, <a href>) and a few entities in text; escaping < > & makes dataset text inert.
    # Quotes stay as they are: plotly does not decode &quot; and they cannot open a tag.
    return html.escape(
        "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value), quote=False
    )


def short(text, limit: int = LABEL_CHARS) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# A publisher and its level in the source order (1: the producer's own text … 4: anything else), for a chart's
# source line. A name given without a level (a string) is listed after every graded one.
Source = tuple[str, int]
UNGRADED = 9
LEVEL_WORDS = {1: N_("primary"), 2: N_("wire"), 3: N_("wire copy"), 4: N_("secondary")}


# Rows that stand for a group, not one investor, are named by what they are; the names are in the hover.
GROUP_PARTIES = (
    ("Round investors", N_("Whole round")),
    ("IPO investors", N_("Whole IPO")),
    ("Cornerstone investors", N_("IPO cornerstones")),
    ("Buyers", N_("Secondary buyers")),
)
ROW_LABEL_CHARS = 56  # a row's label above its bar: 11 px text across a phone's plot


def display_name(name, names: dict[str, str] | None = None, lang: str = EN) -> str:
    """An entity as a chart writes it: its short name where the ledger gives one ("Zhipu AI (Knowledge Atlas /
    Z.ai)" -> "Zhipu"), a group row by what it is ("Whole round", in Chinese "整轮融资"), otherwise its name.
    The full name stays in the hover text and the tables."""
    text = str(name)
    for prefix, word in GROUP_PARTIES:
        if text.startswith(prefix):
            return tr(lang, word)
    return (names or {}).get(text) or text


def period_text(period, lang: str = EN) -> str:
    """A row's date as precise as its source gives it ("2024-10-02", "2024-05", "2023-Q1", "2023"):
    two deals of one month stay apart. "undated", never "nan". In Chinese, fmt.date_text's words at the
    same precision: "2024年10月2日", "2024年5月"."""
    if lang != EN:
        return fmt.date_text(str(period)[:10] if fmt.present(period) else None, lang)
    return str(period)[:10] if fmt.present(period) else "undated"


def row_label(
    investor, recipient, period, names: dict[str, str] | None = None, note: str = "", lang: str = EN
) -> str:
    """ "Whole round → Zhipu (2024-05)" and a `note` (its amount), escaped for plotly; past ROW_LABEL_CHARS
    the investor's name is cut (with an ellipsis; the hover has it whole). In Chinese: "整轮融资 → 智谱
    （2024年5月）"."""
    when = period_text(period, lang)
    rest = f" → {display_name(recipient, names, lang)}" + (f" ({when})" if lang == EN else f"（{when}）")
    rest += f" · {note}" if note else ""
    # The investor gives way first: the recipient and the date are what a reader matches against the table.
    room = max(ROW_LABEL_CHARS - (len(rest) if lang == EN else text_width(rest)), 12)
    return esc(short(display_name(investor, names, lang), room) + rest)


def distinct_sources(sources) -> list[str]:
    return sorted({_name(s) for s in sources if _name(s) not in ("", "None", "nan")})


def _name(source) -> str:
    return str(source[0] if isinstance(source, tuple) else source)


def ranked_sources(sources) -> list[Source]:
    """Each publisher once, at the best level it has among `sources`, best level first and then by name: a
    source line never starts with a blog when a wire or the producer's own text stands behind the chart."""
    best: dict[str, int] = {}
    for source in sources:
        name = _name(source)
        if name in ("", "None", "nan"):
            continue
        level = source[1] if isinstance(source, tuple) and source[1] in LEVEL_WORDS else UNGRADED
        best[name] = min(best.get(name, UNGRADED), level)
    return sorted(best.items(), key=lambda item: (item[1], item[0]))


def publishers(*frames: pd.DataFrame) -> tuple[Source, ...]:
    """The distinct publishers behind some figures (or releases), each with the best level it has among them,
    for a chart's source line (one entry per source, not per row)."""
    pairs: list = []
    for frame in frames:
        names = frame["source_publisher"].astype(object).to_numpy()
        levels = (
            frame["source_level"].to_numpy(dtype=float)
            if "source_level" in frame
            else np.full(len(frame), np.nan)
        )
        pairs += [(n, int(v) if v == v else UNGRADED) for n, v in zip(names, levels, strict=True)]
    return tuple(ranked_sources(pairs))


# Beyond this many publishers a source line is a wall of names: it gives the count, the best few, and where
# each one is named.
MAX_NAMED_SOURCES = 14
BEST_NAMED = 3


def source_text(source: Source, lang: str = EN) -> str:
    name, level = source
    if level not in LEVEL_WORDS:
        return name
    if lang != EN:
        return tr(lang, "{name} (level {level}, {words})").format(
            name=name, level=level, words=tr(lang, LEVEL_WORDS[level])
        )
    return f"{name} (level {level}, {LEVEL_WORDS[level]})"


def source_line(sources, lang: str = EN) -> str:
    """ "Source: " and the publishers, best level first, each with its level (see ranked_sources)."""
    ranked = ranked_sources(sources)
    if lang != EN:
        return "; ".join(source_items(sources, lang))
    if len(ranked) > MAX_NAMED_SOURCES:
        best = "; ".join(source_text(s) for s in ranked[:BEST_NAMED])
        return (
            f"Source: {len(ranked)} publishers, best first: {best}; the others are named in the hover text "
            "and in the tables under this chart"
        )
    return "Source: " + ("; ".join(source_text(s) for s in ranked) if ranked else "no figures in this view")


def source_items(sources, lang: str) -> list[str]:
    """The Chinese source line as the pieces it is wrapped between: "来源：" with the first publisher, then
    each publisher whole (a publisher's own "; " is dataset text and is not a place to break)."""
    ranked = ranked_sources(sources)
    if len(ranked) > MAX_NAMED_SOURCES:
        best = [source_text(s, lang) for s in ranked[:BEST_NAMED]]
        head, tail = (
            tr(
                lang,
                "Source: {n} publishers, best first: {best}; the others are named in the hover text and in "
                "the tables under this chart",
            )
            .format(n=len(ranked), best="\0")
            .split("\0")
        )
        return [head + best[0], *best[1:-1], best[-1] + tail] if len(best) > 1 else [head + best[0] + tail]
    if not ranked:
        return [tr(lang, "Source: no figures in this view")]
    items = [source_text(s, lang) for s in ranked]
    return [tr(lang, "Source: {sources}").format(sources=items[0]), *items[1:]]


def hover_data(frame: pd.DataFrame, label_column: str = "recipient", lang: str = EN) -> np.ndarray:
    """One row of escaped hover fields per figure, in HOVER_FIELDS order."""
    if frame.empty:
        return np.empty((0, len(HOVER_FIELDS)), dtype=object)
    labels = frame["investor"].astype(str) + " → " + frame[label_column].astype(str)
    amounts = [
        fmt.amount_label(a, lo, hi, k, lang)
        for a, lo, hi, k in zip(
            frame["amount_usd"],
            frame["amount_low_usd"],
            frame["amount_high_usd"],
            frame["amount_kind"].astype(str),
            strict=True,
        )
    ]
    caveats = frame["caveat"] if "caveat" in frame else [None] * len(frame)
    statuses = [fmt.status_text(st, cv, lang) for st, cv in zip(frame["status"], caveats, strict=True)]
    if lang == EN:
        dates = frame["period_start"].astype(str) + np.where(
            frame["period_end"].notna(), " to " + frame["period_end"].astype(str), ""
        )
    else:
        dates = [
            fmt.date_text(start, lang)
            + (tr(lang, " to {date}").format(date=fmt.date_text(end, lang)) if fmt.present(end) else "")
            for start, end in zip(frame["period_start"], frame["period_end"], strict=True)
        ]
    columns = [
        frame["figure_id"],
        labels,
        amounts,
        frame["source_publisher"],
        dates,
        statuses,
        frame["source_url"].astype(object).fillna(tr(lang, NO_LINK)),
    ]
    return np.array([[esc(v) for v in row] for row in zip(*columns, strict=True)], dtype=object)


NO_LINK = N_("no https link")


def usd_ticks(low: float, high: float, log: bool) -> tuple[list[float], list[str]]:
    """Tick positions and "$100M"-style labels covering [low, high]: at least two."""
    if log:
        start, stop = math.floor(math.log10(max(low, 1.0))), math.ceil(math.log10(max(high, 10.0)))
        values = [10.0**p for p in range(start, max(stop, start + 1) + 1)]
    else:
        step = _nice_step(max(high - min(low, 0), 1.0) / 5)
        values = list(np.arange(0, high + step, step))
    return values, [fmt.usd(v) for v in values]


# The share of an axis's span left beyond its first and last tick. A tick label is centred on its tick: at the
# very edge of the plot half of it lies outside, and plotly drops it, which left a chart with one labelled
# tick ("$1T" alone). 8% of a two-decade axis is 28 px on a phone, more than half of "$100M".
EDGE_PAD = 0.08


def axis_range(values: list[float], log: bool) -> list[float]:
    """The axis range in plotly's units (log10 for a log axis) from a little before the first tick to a little
    after the last one (EDGE_PAD); a linear axis starts at its first tick (a bar starts at $0)."""
    if log:
        low, high = math.log10(values[0]), math.log10(values[-1])
        pad = (high - low) * EDGE_PAD
        return [low - pad, high + pad]
    return [values[0], values[-1]]


def usd_axis(
    fig: go.Figure, axis: str, low: float, high: float, log: bool, title: str, **where
) -> tuple[float, float]:
    """An amount axis labelled $10M / $1B, never in exponent notation, covering [low, high]. Returns the
    axis's ends in dollars, for a mark that must reach the edge."""
    values, labels = usd_ticks(low, high, log)
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    axis_range_ = axis_range(values, log) if log else [0, high]
    update(
        type="log" if log else "linear",
        tickvals=values,
        ticktext=labels,
        range=axis_range_,
        title=title,
        **where,
    )
    return (10 ** axis_range_[0], 10 ** axis_range_[1]) if log else (axis_range_[0], axis_range_[1])


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
    lang = text.lang
    if lang != EN:
        localize(fig, lang)
    unit = f"Unit: {text.unit}" if lang == EN else tr(lang, "Unit: {unit}").format(unit=tr(lang, text.unit))
    items = source_line(text.sources).split("; ") if lang == EN else source_items(text.sources, lang)
    source_lines = list_lines([*items, unit], SOURCE_WIDTH, wide=lang != EN)
    extra_bottom = 15 * (len(source_lines) - 1)
    for (
        trace
    ) in fig.data:  # a legend entry is never wrapped by plotly: break long ones so a phone shows them whole
        name = getattr(trace, "name", None)
        if name and len(name) > LEGEND_ROW_CHARS // (1 if lang == EN else 2) and "<br>" not in name:
            trace.name = "<br>".join(wrap(name, LEGEND_ROW_CHARS))
    legend_rows = _legend_rows(fig)
    bottom = max(bottom, _room_under_plot(fig))
    # A panel title over the top of the plot (a subplot's title) takes the room just above it: the legend goes
    # above that title, not over it.
    above = _title_height_above_plot(fig)
    top = 16 + LEGEND_ROW * legend_rows + above
    total = height + extra_bottom + LEGEND_ROW * legend_rows + above
    plot_height = max(total - top - bottom - extra_bottom, 1)
    fig.update_layout(
        font={"family": FONT, "size": 13},
        height=total,
        # Room for the legend above the plot: a phone wraps it into more rows than a desktop, so leave room
        # for those.
        margin={"l": left, "r": 20, "t": top, "b": bottom + extra_bottom},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1 + (above + 4) / plot_height,
            "xanchor": "left",
            "x": 0,
        },
        hoverlabel={"align": "left"},
        meta={
            "alt": tr(lang, text.alt),
            "title": tr(lang, text.title),
            "subtitle": text.subtitle,
            "sources": distinct_sources(text.sources),
            "unit": tr(lang, text.unit),
        },
    )
    if not any(_has_points(trace) for trace in fig.data):
        fig.add_annotation(
            text=tr(lang, "No figures match the filters<br>and counting rules in this view"),
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
TITLE_LINE = 18  # a line of 13 px text, as panel titles are drawn
AXIS_TITLE_LINE = 20  # a line of an axis title (plotly draws them at 14/12 of the font, about 15 px)
TICK_LABELS = 30  # the tick labels under an x axis and the gap to its title


def _title_height_above_plot(fig: go.Figure) -> int:
    """How far the titles anchored on the top edge of the plot (make_subplots' and stacked_rows' panel
    titles) rise above it."""
    lines = [
        str(a.get("text", "")).count("<br>") + 1
        for a in fig.layout.to_plotly_json().get("annotations", [])
        if a.get("yref") == "paper" and a.get("y", 0) >= 0.999 and a.get("yanchor") == "bottom"
    ]
    return TITLE_LINE * max(lines) if lines else 0


def _room_under_plot(fig: go.Figure) -> int:
    """The margin an x axis's tick labels and title need under the plot, and above the source line (23 px
    of the margin is the source line's first line and its gap)."""
    layout = fig.layout.to_plotly_json()
    titles = [
        axis["title"]["text"]
        for name, axis in layout.items()
        if name.startswith("xaxis") and isinstance(axis.get("title"), dict) and axis["title"].get("text")
    ]
    if not titles:
        return 0
    return TICK_LABELS + AXIS_TITLE_LINE * max(str(t).count("<br>") + 1 for t in titles) + 23


# Characters of legend text that fit one row of a 390 px phone screen: the rows a legend may need there.
LEGEND_ROW_CHARS = 40


def _legend_rows(fig: go.Figure) -> int:
    names = [
        trace.name
        for trace in fig.data
        if getattr(trace, "name", None) and getattr(trace, "showlegend", None) is not False
    ]
    if not names or fig.layout.showlegend is False:
        return 0
    # The entries packed into rows as plotly lays them out on a phone: each takes its longest line and about
    # seven characters for its symbol; a row is as tall as its tallest entry.
    rows, used, tallest = 0, LEGEND_ROW_CHARS, 1
    for name in names:
        lines = str(name).split("<br>")
        width = max(text_width(line) for line in lines) + 7  # a CJK character is two wide
        if used + width > LEGEND_ROW_CHARS:
            rows, used, tallest = rows + tallest, 0, 1
        used += width
        tallest = max(tallest, len(lines))
    return max(1, min(8, rows + tallest - 1))


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


def list_lines(items: list[str], width: int, wide: bool = False) -> list[str]:
    """Items joined by "; " into lines of at most `width` characters, breaking between items where possible,
    so a publisher's name stays on one line; an item longer than a line wraps by words (see wrap). `wide`
    (Chinese text): a CJK character counts as two characters, as it is drawn, and items are joined by "；"."""
    measure, joint = (text_width, "；") if wide else (len, "; ")
    lines: list[str] = []
    for item in items:
        candidate = f"{lines[-1]}{joint}{item}" if lines else item
        if lines and measure(candidate) <= width:
            lines[-1] = candidate
        else:
            if lines:
                lines[-1] += joint.strip()
            lines += wrap(item, width) or [item]
    return lines or [""]


def wrapped(text: str, width: int) -> str:
    """Plotly text (axis titles, labels) broken into lines of at most `width` characters, escaped."""
    return "<br>".join(esc(line) for line in wrap(text, width)) or ""


def _wide(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"


def tick_label_margin(labels, px_per_char: float = 6.5) -> int:
    """The left margin a y axis's tick labels take (11 px text, a CJK character as wide as two): given to
    frame_figure as `left`, the plot starts after the labels and the source line under it starts at the
    chart's left edge, not as far right as the plot, past the edge of a phone."""
    widest = max((text_width(str(label)) for label in labels), default=0)
    return 10 + math.ceil(widest * px_per_char)


def text_width(text: str) -> int:
    """How wide a text is drawn, in Latin characters: a CJK character (or full-width punctuation) is about as
    wide as two."""
    return sum(2 if _wide(c) else 1 for c in text)


# A line of Chinese breaks between any two CJK characters, at a space, or between a CJK character and a Latin
# word, never inside a Latin word ("Stanford") unless that word alone is longer than a line. Closing
# punctuation never starts a line and opening punctuation never ends one: each is kept with its neighbour.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"  # what _wide counts as wide
_PIECES = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")
_CLOSING = set("，。；：、）》」』】！？”’%,.;:)]")
_OPENING = set("（《「『【“‘([")


def _units(text: str) -> list[str]:
    """`text` as the pieces a line may break between: a run of spaces, one CJK character, or a Latin word
    (with the punctuation written against it); closing punctuation joins the piece before it, opening
    punctuation the piece after it."""
    units: list[str] = []
    opening = ""
    for piece in _PIECES.findall(text):
        if piece.isspace():
            if opening:
                continue
            units.append(" ")
        elif (
            units
            and not units[-1].isspace()
            and (piece in _CLOSING or (len(piece) == 1 and _wide(piece) and units[-1][-1].isdigit()))
        ):
            # Closing punctuation, and a CJK character right after a number ("2级", "40家"), stay with it.
            units[-1] += piece
        elif piece in _OPENING:
            opening += piece
        else:
            units.append(opening + piece)
            opening = ""
    if opening:
        units.append(opening)
    return _short_asides(units)


SHORT_ASIDE = 24  # half-widths: "（3级，通讯社转载）" is 20


def _short_asides(units: list[str]) -> list[str]:
    """A short aside in full-width brackets with no space in it ("（3级，通讯社转载）") as one piece: a line
    breaks before it, not inside it."""
    out: list[str] = []
    start: int | None = None
    for unit in units:
        out.append(unit)
        if unit.startswith("（"):
            start = len(out) - 1
        elif unit == " ":
            start = None
        if start is not None and "）" in unit:
            joined = "".join(out[start:])
            if text_width(joined) <= SHORT_ASIDE:
                out[start:] = [joined]
            start = None
    return out


def wrap(text: str, width: int) -> list[str]:
    """textwrap.wrap for English; a line with Chinese is filled piece by piece (see _units), each CJK
    character counted as two of `width`: it breaks between CJK characters or at a space, and a Latin word in
    it (a source's title) is never cut, unless it alone is longer than a line."""
    if not any(_wide(c) for c in text):
        return textwrap.wrap(text, width)
    lines: list[str] = []
    line, used, space = "", 0, False
    for unit in _units(text):
        if unit == " ":
            space = bool(line)
            continue
        size = text_width(unit)
        gap = 1 if space and line else 0
        space = False
        if line and used + gap + size > width:
            lines.append(line)
            line, used, gap = "", 0, 0
        if size > width:  # a word longer than a line: cut where the line is full
            for char in (" " if gap else "") + unit:
                if line and used + text_width(char) > width:
                    lines.append(line)
                    line, used = "", 0
                if line or not char.isspace():
                    line, used = line + char, used + text_width(char)
            continue
        line, used = line + (" " if gap else "") + unit, used + gap + size
    return [*lines, line] if line else lines


def localize(fig: go.Figure, lang: str) -> None:
    """The chart's own words in `lang`, as the catalogue has them: axis titles, legend entries, panel titles
    and notes (chart code marks them with N_), the hover's field names, and amount ticks in CLDR's compact
    form ("150亿"). Dataset text (names, sources) and words the catalogue does not hold stay as they are."""
    dated = _date_axes(fig)
    for name in fig.layout:
        if not (name.startswith("xaxis") or name.startswith("yaxis")):
            continue
        axis = fig.layout[name]
        if axis.title is not None and axis.title.text:
            axis.title.text = tr(lang, axis.title.text)
        if axis.tickformat == "%b %Y":  # the chart's own month ticks: "2025年1月"
            axis.tickformat = tr(lang, "%b %Y")
        elif not axis.tickformat and (
            axis.type == "date"
            or (
                axis.type in (None, "-")
                and (name in dated or any(isinstance(v, _DATES) for v in axis.range or ()))
            )
        ):
            # A time axis whose ticks plotly formats itself (by make_subplots, stacked_rows or go.Figure), in
            # English: "2023" for yearly ticks, "Jul 2023" for monthly ones. The same steps in Chinese.
            axis.tickformatstops = [
                {"dtickrange": [low, high], "value": tr(lang, form)} for low, high, form in DATE_TICKS
            ]
        if axis.tickvals is not None and axis.ticktext is not None:
            english = [fmt.usd(v) for v in axis.tickvals]
            if list(axis.ticktext) == english:
                axis.ticktext = [i18n.compact(v, lang) for v in axis.tickvals]
    hover = HOVER.replace(
        "Source: %{customdata[3]}<br>Date: %{customdata[4]} · Status: %{customdata[5]}",
        tr(lang, HOVER_WORDS).format(
            source="%{customdata[3]}", date="%{customdata[4]}", status="%{customdata[5]}"
        ),
    )
    for trace in fig.data:
        if getattr(trace, "name", None):
            trace.name = tr(lang, trace.name)
        template = getattr(trace, "hovertemplate", None)
        if isinstance(template, str) and HOVER in template:
            trace.hovertemplate = template.replace(HOVER, hover)
    for note in fig.layout.annotations:
        if note.text and note.name not in ("row_label", "source_line"):
            note.text = tr(lang, note.text)


_DATES = (datetime.date, np.datetime64, pd.Timestamp)
# d3 formats of a time axis's ticks by their spacing, the first that fits: a year or more apart, a month or
# more, less (plotly's own steps, whose English forms are "2023", "Jul 2023" and "3 Jul 2023").
DATE_TICKS = (("M12", None, N_("%Y")), ("M1", "M12", N_("%b %Y")), (None, "M1", N_("%d %b %Y")))


def _date_axes(fig: go.Figure) -> set[str]:
    """The layout names of the x axes ("xaxis", "xaxis3") whose traces place points at dates."""
    names = set()
    for trace in fig.data:
        values = getattr(trace, "x", None)
        if values is None or not len(values):
            continue
        first = next((v for v in values if v is not None), None)
        if isinstance(first, _DATES) or (isinstance(values, np.ndarray) and values.dtype.kind == "M"):
            anchor = getattr(trace, "xaxis", None) or "x"
            names.add("xaxis" + anchor[1:])
    return names


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
