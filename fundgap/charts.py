"""Chart builders: data in, plotly Figure out, never Streamlit.

Every figure has a title with the active view in words, amount axes in $M/$B, hover text naming each figure's
source, date and status, and a source line. Dataset text is HTML-escaped because plotly renders a subset of HTML
in titles, labels and hover text.
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from fundgap import aggregate, fmt, palette

FONT = "Source Sans, sans-serif"
SUBTITLE_WIDTH = 120
SOURCE_WIDTH = 140
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
    return html.escape("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value), quote=False)


def short(text, limit: int = LABEL_CHARS) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def distinct_sources(sources) -> list[str]:
    return sorted({str(s) for s in sources if s is not None and str(s) != "nan"})


def publishers(*frames: pd.DataFrame) -> tuple[str, ...]:
    """The distinct publishers behind some figures, for a chart's source line (one entry per source, not per row)."""
    return tuple(distinct_sources(name for frame in frames for name in frame["source_publisher"].unique()))


def source_line(sources) -> str:
    names = distinct_sources(sources)
    return "Source: " + ("; ".join(names) if names else "no figures in this view")


def hover_data(frame: pd.DataFrame, label_column: str = "recipient") -> np.ndarray:
    """One row of escaped hover fields per figure, in HOVER_FIELDS order."""
    if frame.empty:
        return np.empty((0, len(HOVER_FIELDS)), dtype=object)
    labels = frame["investor"].astype(str) + " → " + frame[label_column].astype(str)
    amounts = [
        fmt.amount_label(a, lo, hi, k)
        for a, lo, hi, k in zip(frame["amount_usd"], frame["amount_low_usd"], frame["amount_high_usd"], frame["amount_kind"].astype(str))
    ]
    dates = frame["period_start"].astype(str) + np.where(frame["period_end"].notna(), " to " + frame["period_end"].astype(str), "")
    columns = [frame["figure_id"], labels, amounts, frame["source_publisher"], dates, frame["status"].astype(str), frame["source_url"].astype(object).fillna("no https link")]
    return np.array([[esc(v) for v in row] for row in zip(*columns)], dtype=object)


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
    update(type="log" if log else "linear", tickvals=values, ticktext=labels, range=axis_range, title=title, **where)


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def frame_figure(fig: go.Figure, text: ChartText, height: int = 460, bottom: int = 90, left: int = 10) -> go.Figure:
    """Title, subtitle, unit, source line and layout shared by every chart; long lines wrap instead of clipping."""
    sub_lines = textwrap.wrap(text.subtitle, SUBTITLE_WIDTH) or [""]
    subtitle = "<br>".join(f"<sup>{esc(line)}</sup>" for line in sub_lines)
    source_lines = textwrap.wrap(source_line(text.sources) + f" · Unit: {text.unit}", SOURCE_WIDTH) or [""]
    extra_bottom = 15 * (len(source_lines) - 1)
    fig.update_layout(
        title={"text": f"{esc(text.title)}<br>{subtitle}", "x": 0, "xanchor": "left",
               "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
        font={"family": FONT, "size": 13},
        height=height + 18 * len(sub_lines) + extra_bottom,
        # Room for the title, its subtitle lines and one legend row above the plot, so nothing overlaps.
        margin={"l": left, "r": 20, "t": 75 + 18 * len(sub_lines), "b": bottom + extra_bottom},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0},
        hoverlabel={"align": "left"},
        meta={"alt": text.alt, "sources": distinct_sources(text.sources), "unit": text.unit},
    )
    if not any(_has_points(trace) for trace in fig.data):
        fig.add_annotation(text="No figures match the filters and counting rules in this view", xref="paper", yref="paper",
                           x=0.5, y=0.5, showarrow=False, font={"size": 15, "color": "#555"}, name="empty_note")
    fig.add_annotation(
        text="<br>".join(esc(line) for line in source_lines),
        xref="paper", yref="paper", x=0, y=0, xshift=-(left - 10), yshift=-(bottom + extra_bottom) + 8, xanchor="left", yanchor="bottom",
        showarrow=False, font={"size": 11, "color": "#555"}, align="left", name="source_line",
    )
    return fig


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


def _status_opacity(status: pd.Series) -> list[float]:
    return [1.0 if s == "VERIFIED" else UNVERIFIED_OPACITY for s in status.astype(str)]


# -- Overview: the seed's headline next to the documented deals ---------------------------------------------------


def gap_chart(gap: aggregate.GapComparison, subtitle: str, rules_text: str, sources: tuple[str, ...]) -> go.Figure:
    """Each seed claim as a point with its range, and the documented Gulf participations in the same labs as a band
    from the disclosed tickets (lower bound) to the full rounds joined (upper bound); the labs the seed does not
    name get their own rows below, never added in."""
    rows = [
        (gap.china.label, gap.china, gap.china.documented),
        ("Gulf → other Chinese labs", None, gap.china.others),
        (gap.us.label, gap.us, gap.us.documented),
        ("Gulf → xAI and other US labs", None, gap.us.others),
    ]
    rows = [(label, side, total) for label, side, total in rows if total is not None]
    labels = [esc(label) for label, _, _ in rows]
    finite = [v for _, side, t in rows for v in (t.low, t.high, side.claimed_low if side else None, side.claimed_high if side else None)
              if v is not None and v > 0 and not math.isinf(v)]
    # Decade edges, so that a band starting at the left edge ($0 lower bound) starts exactly at the axis.
    floor = 10 ** math.floor(math.log10(min(finite) / 3)) if finite else 1e6
    ceiling = 10 ** math.ceil(math.log10(max(finite) * 3)) if finite else 1e11
    fig = go.Figure()
    xs, ys, marks, hover = [], [], [], []
    for label, (_, _, total) in zip(labels, rows):
        if total.n_counted == 0:
            fig.add_annotation(x=math.log10(floor), y=label, text="none documented under these rules", showarrow=False,
                               xanchor="left", font={"size": 12, "color": "#555"}, name="bounds_label")
            continue
        low = max(total.low, floor)
        high = ceiling if total.open_ended else max(total.high, low)
        xs += [low, high, None]
        ys += [label, label, None]
        note = f"{fmt.usd_bounds(total.low, total.high)}" + (f" · {total.n_undisclosed} undisclosed" if total.n_undisclosed else "")
        marks.append((label, high, note, total.open_ended))
        hover += [[esc(note), esc(", ".join(total.figure_ids[:12]) + (" …" if len(total.figure_ids) > 12 else ""))]] * 2 + [[None, None]]
    fig.add_scatter(
        x=xs, y=ys, mode="lines+markers", name="Documented Gulf participations: disclosed tickets (left) to full rounds joined (right)",
        line={"color": palette.color(0), "width": 12}, marker={"color": palette.color(0), "size": 12, "symbol": "line-ns-open"},
        customdata=hover, hovertemplate="Documented: %{customdata[0]}<br>Rows: %{customdata[1]}<extra></extra>", connectgaps=False,
    )
    for label, high, note, open_ended in marks:
        fig.add_annotation(x=math.log10(high), y=label, text=esc(note + (" (no upper bound)" if open_ended else "")),
                           showarrow=False, xanchor="left", xshift=8, font={"size": 12}, name="bounds_label")
    seeds = [(label, side) for label, (_, side, _) in zip(labels, rows) if side is not None and side.claimed is not None]
    fig.add_scatter(
        x=[side.claimed for _, side in seeds], y=[label for label, _ in seeds], mode="markers", name="Seed claim (UNVERIFIED), with its range",
        marker={"color": palette.color(1), "size": 13, "symbol": "diamond", "line": {"color": "#333", "width": 1}},
        error_x=_errors([s.claimed for _, s in seeds], [s.claimed_low for _, s in seeds], [s.claimed_high for _, s in seeds]),
        customdata=[[esc(fmt.amount_label(s.claimed, s.claimed_low, s.claimed_high, "approximate")), esc(s.claim_id)] for _, s in seeds],
        hovertemplate="Seed claim: %{customdata[0]}<br>Status: UNVERIFIED (AIPressa, no source given)<br>Claim: %{customdata[1]}<extra></extra>",
    )
    usd_axis(fig, "x", floor, ceiling, True, "US dollars (log scale). A band reaching the right edge has no upper bound; "
             "a lower bound of $0 starts at the left edge")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    text = ChartText(
        "The seed's Gulf comparison vs the documented Gulf participations in the same labs", f"{subtitle}. {rules_text}",
        "US dollars", ("AIPressa (seed claim)", *sources),
        "Ranges: the seed's claimed Gulf money in MiniMax and Zhipu and in Anthropic and OpenAI, next to bands from the "
        "disclosed Gulf tickets to the full rounds Gulf entities joined, with xAI and other labs on their own rows.",
    )
    return frame_figure(fig, text, height=400, left=10)


def _errors(values, lows, highs) -> dict:
    minus = [max(v - lo, 0) if lo is not None and v else 0 for v, lo in zip(values, lows)]
    plus = [max(hi - v, 0) if hi is not None and v else 0 for v, hi in zip(values, highs)]
    return {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "color": "#333", "thickness": 1.5}


# -- Country totals ------------------------------------------------------------------------------------------------


def ai_index_chart(series: pd.DataFrame, subtitle: str) -> go.Figure:
    fig = go.Figure()
    for country, rows in series.groupby("country", sort=False):
        fig.add_bar(
            x=rows["year"].astype(str), y=rows["amount_usd"], name=esc(country),
            marker={"color": palette.region_color(str(country)), "opacity": _status_opacity(rows["status"])},
            text=[fmt.usd(v) for v in rows["amount_usd"]], textposition="outside",
            customdata=hover_data(rows, "recipient"), hovertemplate=HOVER,
        )
    top = float(series["amount_usd"].max()) if len(series) else 1e9
    usd_axis(fig, "y", 0, top * 1.2, False, "Private AI investment, US dollars")
    fig.update_xaxes(title="Data year (report year is one later)", type="category", categoryorder="category ascending")
    fig.update_layout(barmode="group")
    text = ChartText(
        "Private AI investment by country: Stanford AI Index", subtitle, "US dollars, nominal",
        publishers(series),
        "Grouped bars: Stanford AI Index private AI investment in the US, China and the UK by data year.",
    )
    return frame_figure(fig, text)


def provider_panels(panels: dict[str, pd.DataFrame], subtitle: str) -> go.Figure:
    names = list(panels)
    fig = make_subplots(rows=max(len(names), 1), cols=1, subplot_titles=[esc(n) for n in names] or ["No figures"],
                        vertical_spacing=min(0.12, 0.45 / max(len(names), 1)))
    sources: list[str] = []
    for row, name in enumerate(names, start=1):
        frame = panels[name]
        sources += publishers(frame)
        for country, rows in frame.groupby("country", sort=False):
            fig.add_bar(
                x=rows["year_label"], y=rows["amount_usd"], name=esc(country), legendgroup=esc(country),
                showlegend=row == 1 or country not in _countries_before(panels, names[: row - 1]),
                marker={"color": palette.region_color(str(country)), "opacity": _status_opacity(rows["status"])},
                text=[fmt.usd(v) for v in rows["amount_usd"]], textposition="outside",
                customdata=hover_data(rows, "recipient"), hovertemplate=HOVER, row=row, col=1,
            )
        usd_axis(fig, "y", 0, float(frame["amount_usd"].max()) * 1.3, False, "US dollars", row=row, col=1)
        fig.update_xaxes(type="category", categoryorder="category ascending", row=row, col=1)
    text = ChartText(
        "Other providers, each in its own panel (different definitions: do not compare across panels)", subtitle,
        "US dollars, nominal", tuple(sources),
        "One bar panel per data provider (OECD.AI/Preqin, GlobalData, PitchBook, ...) with country totals by year.",
    )
    return frame_figure(fig, text, height=230 * max(len(names), 1) + 120)


def _countries_before(panels: dict[str, pd.DataFrame], names: list[str]) -> set:
    return {c for n in names for c in panels[n]["country"]}


# -- Flows -------------------------------------------------------------------------------------------------------------


def flow_sankey(links: pd.DataFrame, subtitle: str, sources: tuple[str, ...]) -> go.Figure:
    # The same region appears as investors (left) and as recipients (middle): separate nodes, or China → China
    # would draw a loop.
    source_keys = [(stage, name) for stage, name in zip(links["stage"], links["source"])]
    target_keys = [(stage + 1, name) for stage, name in zip(links["stage"], links["target"])]
    keys = list(dict.fromkeys([*source_keys, *target_keys]))
    index = {key: i for i, key in enumerate(keys)}
    node_labels = [f"{name} investors" if stage == 0 else f"{name} labs" if stage == 1 else name for stage, name in keys]
    # A link needs a width: undisclosed-only links are drawn thin and labelled instead of silently vanishing.
    floor = max(float(links["amount"].max()) * 0.004, 1.0) if len(links) else 1.0
    widths = [max(a, floor) for a in links["amount"]]
    labels = [
        f"{esc(s)} → {esc(t)}: {fmt.usd(a) if a else 'no disclosed amount'}" + (f" + {u} undisclosed" if u else "") + f" ({n} figures)"
        for s, t, a, u, n in zip(links["source"], links["target"], links["amount"], links["n_undisclosed"], links["n_figures"])
    ]
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": [esc(short(n, 36)) for n in node_labels], "pad": 14, "thickness": 16,
              "color": [palette.region_color(name) for _, name in keys]},
        link={"source": [index[k] for k in source_keys], "target": [index[k] for k in target_keys],
              "value": widths, "customdata": labels, "hovertemplate": "%{customdata}<extra></extra>",
              "color": ["rgba(0,114,178,0.25)" if a else "rgba(120,120,120,0.25)" for a in links["amount"]]},
    ))
    text = ChartText(
        "Who paid whom: investor region → recipient region → lab", subtitle, "US dollars (link width); grey links carry only undisclosed amounts",
        sources, "Sankey diagram of counted deals from investor regions to recipient regions and labs.",
    )
    return frame_figure(fig, text, height=560)


def ranked_bars(top: pd.DataFrame, undisclosed: pd.DataFrame, remainder: int, subtitle: str) -> go.Figure:
    labels = _deal_labels(top)
    fig = go.Figure()
    minus, plus = aggregate.bounds(top)
    verified = (top["status"] == "VERIFIED").to_numpy()
    for is_verified, name, colour in ((True, "VERIFIED", palette.color(0)), (False, "UNVERIFIED (lighter, hatched)", palette.color(1))):
        pick = verified == is_verified
        if not pick.any():
            continue
        fig.add_bar(
            y=np.array(labels, dtype=object)[pick], x=top["amount_usd"].to_numpy()[pick], orientation="h", name=name,
            marker={"color": colour, "opacity": 1.0 if is_verified else UNVERIFIED_OPACITY, "pattern": {"shape": "" if is_verified else "/"}},
            error_x={"type": "data", "symmetric": False, "array": plus[pick], "arrayminus": minus[pick], "color": "#333"},
            customdata=hover_data(top[pick]), hovertemplate=HOVER,
        )
    shown_undisclosed = undisclosed.head(MAX_UNDISCLOSED_MARKERS)
    # An undisclosed ticket has no value to draw. Where the round it belongs to has a size, an outline reaches that
    # size (the most the ticket can be); otherwise the row says "amount undisclosed" in words, at no dollar value.
    ceiling = aggregate.upper_ends(shown_undisclosed, "deal_amount_usd", "deal_amount_high_usd", "deal_amount_kind").to_numpy() \
        if len(shown_undisclosed) and "deal_amount_usd" in shown_undisclosed else np.full(len(shown_undisclosed), np.inf)
    known = np.isfinite(ceiling)
    # The legend counts every undisclosed ticket in view, drawn or not.
    known_in_all = int(np.isfinite(aggregate.upper_ends(undisclosed, "deal_amount_usd", "deal_amount_high_usd", "deal_amount_kind")).sum()) \
        if len(undisclosed) and "deal_amount_usd" in undisclosed else 0
    finite_values = [*top["amount_usd"].to_numpy(), *ceiling[known]]
    values = np.array(finite_values if finite_values else [1e8], dtype=float)
    low_edge = max(float(values.min()) / 3, 1e6)
    undisclosed_labels = np.array(_deal_labels(shown_undisclosed), dtype=object)
    if known.any():
        fig.add_bar(
            y=undisclosed_labels[known], x=ceiling[known], orientation="h",
            name=f"Ticket undisclosed: outline = the whole round it is part of, its upper bound ({known_in_all:,})",
            marker={"color": "rgba(0,0,0,0)", "line": {"color": palette.color(5), "width": 1.5}, "pattern": {"shape": ".", "fgcolor": palette.color(5)}},
            customdata=hover_data(shown_undisclosed[known]), hovertemplate=HOVER,
        )
    if (~known).any():
        fig.add_scatter(
            y=undisclosed_labels[~known], x=[low_edge] * int((~known).sum()), mode="text", text=["amount undisclosed"] * int((~known).sum()),
            textposition="middle right", name=f"Amount undisclosed, size of the deal unknown ({len(undisclosed) - known_in_all:,})",
            textfont={"color": palette.color(5), "size": 11}, customdata=hover_data(shown_undisclosed[~known]), hovertemplate=HOVER,
        )
    usd_axis(fig, "x", low_edge / 1.5, float(values.max()) * 2, True, "US dollars (log scale); whiskers show the source's range")
    fig.update_yaxes(autorange="reversed", automargin=False, tickfont={"size": 11})
    fig.update_layout(showlegend=True, barmode="overlay")
    rows = len(top) + len(shown_undisclosed)
    note = f"; {remainder:,} smaller deals not shown" if remainder else ""
    if len(undisclosed) > len(shown_undisclosed):
        note += f"; {len(undisclosed) - len(shown_undisclosed):,} more undisclosed deals not drawn (all are in the table and CSV)"
    text = ChartText(
        "Deals ranked by disclosed amount; undisclosed tickets as outlines of their round", subtitle + note, "US dollars",
        publishers(top, shown_undisclosed),
        "Horizontal bar chart of counted deals by amount with error bars for ranges; undisclosed tickets are outlines "
        "reaching the size of the round they belong to, or the words 'amount undisclosed' when that size is unknown.",
    )
    return frame_figure(fig, text, height=max(360, 24 * rows + 200), left=RANKED_LEFT_MARGIN)


RANKED_LEFT_MARGIN = 330
# More diamonds than this would make the chart taller than a screen; the count in the legend stays exact.
MAX_UNDISCLOSED_MARKERS = 40


def _deal_labels(frame: pd.DataFrame) -> list[str]:
    # "Round investors (lead: …)" is the whole round: say "Whole round" and leave the names to the hover.
    def party(investor: str) -> str:
        for prefix, word in (("Round investors", "Whole round"), ("IPO investors", "Whole IPO")):
            if investor.startswith(prefix):
                return word
        return short(investor, 22)
    labels = [f"{esc(party(str(i)))} → {esc(short(r, 18))} ({esc(str(p)[:7])})"
              for i, r, p in zip(frame["investor"], frame["recipient"], frame["period_start"])]
    return unique_labels(labels)


def unique_labels(labels: list[str]) -> list[str]:
    """Plotly merges bars that share a category label: number the repeats."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return out


# -- SoftBank -----------------------------------------------------------------------------------------------------------


def softbank_chart(tranches: pd.DataFrame, alibaba: pd.Series | None, expected: pd.Series | None,
                   seed_claim: pd.Series | None, subtitle: str) -> go.Figure:
    # Two panels on one log scale: 2000 on the left, 2024–2026 on the right, so the OpenAI deals are not
    # squeezed into the last pixels of a 26-year axis.
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.14, 0.86], horizontal_spacing=0.03)
    sources: list[str] = list(publishers(tranches))
    if alibaba is not None:
        sources.append(alibaba["source_publisher"])
        fig.add_bar(
            x=["2000"], y=[alibaba["amount_usd"]], name="SoftBank → Alibaba", marker={"color": palette.region_color("China")},
            text=[fmt.usd(alibaba["amount_usd"])], textposition="outside",
            customdata=hover_data(alibaba.to_frame().T), hovertemplate=HOVER, row=1, col=1,
        )
    if len(tranches):
        dates = [pd.Timestamp(_month(p)) for p in tranches["period_start"]]
        fig.add_bar(
            x=dates, y=tranches["amount_usd"], name="Each OpenAI deal", width=1000 * 3600 * 24 * 20,
            marker={"color": palette.color(0), "opacity": _status_opacity(tranches["status"])},
            customdata=hover_data(tranches), hovertemplate=HOVER, row=1, col=2,
        )
        fig.add_scatter(
            x=dates, y=tranches["cumulative"], mode="lines+markers+text", line={"shape": "hv", "color": palette.color(2), "width": 3},
            name="Cumulative into OpenAI", text=[fmt.usd(v) for v in tranches["cumulative"]], textposition="top left",
            error_y={"type": "data", "symmetric": False, "array": tranches["cumulative_high"] - tranches["cumulative"],
                     "arrayminus": tranches["cumulative"] - tranches["cumulative_low"], "color": palette.color(2)},
            customdata=hover_data(tranches), hovertemplate="Cumulative after this deal: %{y:$.3s}<br>" + HOVER, row=1, col=2,
        )
    if expected is not None:
        sources.append(expected["source_publisher"])
        _reference(fig, expected["amount_usd"], f"SoftBank's own expected total: {fmt.usd(expected['amount_usd'])} "
                   f"({expected['source_publisher']})", palette.color(2), "dash", "top")
    if seed_claim is not None:
        sources.append("AIPressa (seed claim)")
        fig.add_hrect(y0=seed_claim["claimed_low_usd"], y1=seed_claim["claimed_high_usd"], fillcolor=palette.color(1),
                      opacity=0.2, line_width=0, row=1, col=2)
        _reference(fig, seed_claim["claimed_amount_usd"], f"Seed: \"nearly {fmt.usd(seed_claim['claimed_amount_usd'])}\" "
                   "(UNVERIFIED; band = $90B–$100B)", palette.color(5), "dot", "bottom")
    usd_axis(fig, "y", 1e7, 2e11, True, "US dollars (log scale)", row=1, col=1)
    fig.update_yaxes(type="log", row=1, col=2)
    fig.update_xaxes(type="category", title="Alibaba", row=1, col=1)
    fig.update_xaxes(title="OpenAI: date of deal", range=[pd.Timestamp("2024-07-01"), pd.Timestamp("2026-12-31")], row=1, col=2)
    text = ChartText(
        "Masayoshi Son's SoftBank: $20M into Alibaba (2000) vs OpenAI, deal by deal", subtitle, "US dollars",
        tuple(sources), "Two panels on one log scale: SoftBank's 2000 Alibaba investment, and each OpenAI deal 2024–2026 "
        "as bars with the cumulative step line, SoftBank's expected total and the seed's nearly-$100B claim as reference lines.",
    )
    return frame_figure(fig, text, height=520)


def _reference(fig: go.Figure, value: float, label: str, colour: str, dash: str, side: str) -> None:
    # Annotations on a log axis take log10 positions; add_hline's own label would land off the chart.
    fig.add_hline(y=value, line_dash=dash, line_color=colour, row=1, col="all")
    fig.add_annotation(x=0.01, xref="x2 domain", y=math.log10(value), yref="y2", text=esc(label), showarrow=False,
                       xanchor="left", yanchor=side, yshift=4 if side == "bottom" else -4, font={"size": 11, "color": colour},
                       bgcolor="rgba(255,255,255,0.85)")


def _month(text: str) -> str:
    return text if len(text) > 4 else f"{text}-01"


# -- Claims ----------------------------------------------------------------------------------------------------------------


def claim_chart(claim: pd.Series, evidence: pd.DataFrame, subtitle: str) -> go.Figure:
    """One claim's amount (with its honest range) next to every evidence figure that has a USD amount."""
    fig = go.Figure()
    claimed = claim["claimed_amount_usd"]
    fig.add_scatter(
        x=[claimed], y=["Seed claim"], mode="markers", name="Seed claim (UNVERIFIED)",
        marker={"symbol": "diamond", "size": 14, "color": palette.color(1)},
        error_x={"type": "data", "symmetric": False, "array": [claim["claimed_high_usd"] - claimed], "arrayminus": [claimed - claim["claimed_low_usd"]]},
        hovertemplate=f"Seed claim: {esc(fmt.amount_label(claimed, claim['claimed_low_usd'], claim['claimed_high_usd'], 'approximate'))}<extra></extra>",
    )
    priced = evidence[evidence["amount_usd"].notna() & (evidence["figure_id"] != claim.get("seed_figure_id"))]
    for relation, colour in (("supports", palette.color(2)), ("contradicts", palette.color(5)), ("context", "#777777")):
        rows = priced[priced["claim_relation"].fillna("context") == relation]
        if rows.empty:
            continue
        minus, plus = aggregate.bounds(rows)
        fig.add_scatter(
            x=rows["amount_usd"], y=_evidence_labels(rows), mode="markers", name=f"Evidence: {relation}",
            marker={"size": 11, "color": colour, "opacity": _status_opacity(rows["status"]),
                    "symbol": ["circle" if s == "VERIFIED" else "circle-open" for s in rows["status"].astype(str)]},
            error_x={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus},
            customdata=hover_data(rows), hovertemplate=HOVER,
        )
    values = [v for v in [claimed, claim["claimed_low_usd"], claim["claimed_high_usd"], *priced["amount_usd"], *priced["amount_high_usd"].dropna()]
              if v and not math.isnan(v)]
    usd_axis(fig, "x", min(values) / 2, max(values) * 2, True, "US dollars (log scale); open circles are not VERIFIED")
    fig.update_yaxes(automargin=False, autorange="reversed", tickfont={"size": 11})
    text = ChartText(
        f"Claim: {claim['subject']}", subtitle, "US dollars",
        (claim.get("source_publisher") or "seed article", *publishers(priced)),
        f"Dot plot: the seed's claimed amount for {claim['subject']} with its range, next to the evidence figures.",
    )
    return frame_figure(fig, text, height=max(300, 30 * (len(priced) + 1) + 200), left=RANKED_LEFT_MARGIN)


def _evidence_labels(frame: pd.DataFrame) -> list[str]:
    # Country totals read best by who compiled them; deals by who paid.
    who = [prov if kind == "country_total" and fmt.present(prov) else inv
           for inv, prov, kind in zip(frame["investor"], frame["provider"], frame["flow_kind"].astype(str))]
    labels = [f"{esc(short(w, 24))} → {esc(short(r, 16))} ({esc(str(p)[:7])})"
              for w, r, p in zip(who, frame["recipient"], frame["period_start"])]
    return unique_labels(labels)


# -- Investors and Labs ----------------------------------------------------------------------------------------------


def _dates(frame: pd.DataFrame) -> list[pd.Timestamp]:
    return [pd.Timestamp(_month(str(p))) for p in frame["period_start"]]


def investor_timeline(rows: pd.DataFrame, subtitle: str) -> go.Figure:
    """One investor's participations on a time axis: each round's full size as an open circle, the investor's own
    ticket as a filled dot under it when disclosed; an undisclosed ticket shows only its round, in its own colour."""
    dated = rows[rows["period_start"].notna()]
    fig = go.Figure()
    round_upper = aggregate.upper_ends(dated, "deal_amount_usd", "deal_amount_high_usd", "deal_amount_kind").to_numpy() if len(dated) else np.array([])
    sized = np.isfinite(round_upper)
    hidden = dated["amount_usd"].isna().to_numpy()
    labels = [esc(short(r, 24)) for r in dated["recipient"]]
    for mask, name, colour in ((sized & ~hidden, "Whole round (ticket disclosed)", "#777"),
                               (sized & hidden, "Whole round (ticket undisclosed: at most this)", palette.color(5))):
        if mask.any():
            fig.add_scatter(
                x=np.array(_dates(dated), dtype=object)[mask], y=round_upper[mask], mode="markers+text", name=name,
                text=np.array(labels, dtype=object)[mask], textposition="top center", textfont={"size": 10, "color": "#555"},
                marker={"symbol": "circle-open", "size": 16, "color": colour, "line": {"width": 2}},
                customdata=hover_data(dated[mask]), hovertemplate=HOVER,
            )
    shown = ~hidden
    if shown.any():
        minus, plus = aggregate.bounds(dated[shown])
        fig.add_scatter(
            x=np.array(_dates(dated), dtype=object)[shown], y=dated["amount_usd"].to_numpy()[shown], mode="markers",
            name="Disclosed ticket", marker={"size": 11, "color": palette.color(0)},
            error_y={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "color": "#333"},
            customdata=hover_data(dated[shown]), hovertemplate=HOVER,
        )
    values = [v for v in [*round_upper[sized], *dated["amount_usd"].dropna()] if v and v > 0]
    low, high = (min(values) / 3, max(values) * 4) if values else (1e7, 1e11)
    usd_axis(fig, "y", low, high, True, "US dollars (log scale)")
    fig.update_xaxes(title="Date of the deal (as precise as the source)")
    fig.update_layout(showlegend=True)
    undated = len(rows) - len(dated)
    text = ChartText(
        "Every deal this investor joined: its ticket against the whole round",
        subtitle + (f"; {undated:,} undated participation(s) listed in the table, not placed on the time axis" if undated else ""),
        "US dollars", publishers(rows),
        "Timeline of one investor's participations: open circles mark the size of each round, filled dots the investor's own ticket where disclosed.",
    )
    return frame_figure(fig, text, height=460)


def lab_rounds(deals: pd.DataFrame, subtitle: str) -> go.Figure:
    """A lab's deals on a time axis, each at its stated amount with its range, and its valuation where a source gives one."""
    dated = deals[deals["period_start"].notna() & deals["amount_usd"].notna()]
    fig = go.Figure()
    if len(dated):
        minus, plus = aggregate.bounds(dated)
        kinds = dated["flow_kind"].astype(str).str.replace("_", " ")
        fig.add_scatter(
            x=_dates(dated), y=dated["amount_usd"], mode="markers", name="Deal amount (whiskers: range)",
            marker={"size": 13, "color": palette.color(0), "symbol": "square", "opacity": _status_opacity(dated["status"])},
            error_y={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "color": "#333"},
            text=kinds, customdata=hover_data(dated), hovertemplate=HOVER,
        )
    valued = deals[deals["period_start"].notna() & deals["valuation_usd"].notna()]
    if len(valued):
        fig.add_scatter(
            x=_dates(valued), y=valued["valuation_usd"], mode="markers+lines", name="Valuation stated by the deal's source",
            marker={"size": 11, "color": palette.color(1), "symbol": "diamond"}, line={"dash": "dot", "color": palette.color(1)},
            customdata=[[esc(fmt.usd(v)), esc(str(n or "")), esc(str(s))] for v, n, s in zip(valued["valuation_usd"], valued["valuation_note"], valued["source_publisher"])],
            hovertemplate="Valuation: %{customdata[0]} (%{customdata[1]})<br>Source: %{customdata[2]}<extra></extra>",
        )
    values = [*dated["amount_usd"], *valued["valuation_usd"]]
    low, high = (min(values) / 3, max(values) * 4) if values else (1e7, 1e12)
    usd_axis(fig, "y", low, high, True, "US dollars (log scale)")
    fig.update_xaxes(title="Date of the deal")
    fig.update_layout(showlegend=True)
    text = ChartText("Rounds and valuations", subtitle, "US dollars", publishers(deals),
                     "Timeline of a lab's deals with their amounts and ranges, and valuations where a source states one.")
    return frame_figure(fig, text, height=420)


def lab_participants(parts: pd.DataFrame, subtitle: str) -> go.Figure:
    """Who took part in a lab's deals, one row per investor, coloured by the investor's region: filled when the
    ticket is disclosed, open when it is not."""
    dated = parts[parts["period_start"].notna()]
    order = dated.sort_values(["investor_region", "investor"])
    fig = go.Figure()
    for region, rows in order.groupby("investor_region", sort=True, observed=True):
        disclosed = rows["amount_usd"].notna().to_numpy()
        fig.add_scatter(
            x=_dates(rows), y=[esc(short(i, 30)) for i in rows["investor"]], mode="markers", name=esc(region),
            marker={"size": 12, "color": palette.region_color(str(region)), "symbol": np.where(disclosed, "circle", "circle-open"),
                    "line": {"width": 2, "color": palette.region_color(str(region))}},
            customdata=hover_data(rows), hovertemplate=HOVER,
        )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=[esc(short(i, 30)) for i in order["investor"].unique()],
                     autorange="reversed", tickfont={"size": 11})
    fig.update_xaxes(title="Date of the deal")
    fig.update_layout(showlegend=True)
    text = ChartText("Who took part, coloured by investor region", subtitle + "; filled: ticket disclosed, open: undisclosed",
                     "participations (no dollar axis)", publishers(parts),
                     "Dot chart: each investor that took part in the lab's deals, by date, coloured by the investor's region.")
    return frame_figure(fig, text, height=max(320, 22 * order["investor"].nunique() + 200), left=10)
