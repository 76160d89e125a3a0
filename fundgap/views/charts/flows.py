"""Flows: who paid whom as a Sankey, and every counted deal ranked with its range and its undisclosed
tickets."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fundgap.analysis import aggregate
from fundgap.analysis.estimate_totals import EstimateBook
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
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
    row_label,
    text_width,
    unique_labels,
    wrap,
)
from fundgap.views.charts.estimates import estimate_trace, estimated

# The Sankey is drawn here rather than by plotly's Sankey trace, which writes only node names and places them
# itself: at a phone's width they landed on each other, and a link's amount showed only on hover. Every label
# has a place computed below, in pixels down the chart (the y axis runs in pixels), so none can meet another
# at any width: investor regions are written right of their bars at the left edge, labs left of theirs at the
# right edge, each in at most half a phone's plot (LABEL_CHARS), and each recipient region heads its labs.
LABEL_CHARS = 25  # about 140 px of 11 px text: half the plot of a 390 px phone, less the bars
LINE_PX = 15  # one line of 11 px text
GAP_PX = 8  # between two nodes' label blocks in a column
BAR_PX = 10  # a node's bar, in pixels at any width
BARS_PX = 300  # the height of the tallest column's bars together, before the gaps
MIN_LINK_PX = 2.0  # a link with no disclosed amount is a thin line, not nothing
REGION_SHORT = {"United States": "US", "United Kingdom": "UK"}
# The region aggregate.flows gives investors no source names (aggregate.UNATTRIBUTED), for the catalogue; the
# other regions are the data's closed list, in filters.VALUE_WORDS.
REGION_WORDS = (N_("Unnamed or undisclosed"),)


@dataclass(frozen=True)
class SankeyNode:
    stage: int  # 0 investor region, 1 recipient region, 2 lab
    name: str
    region: str  # its own name, or a lab's recipient region
    amount: float
    n_undisclosed: int
    n_figures: int
    y0: float  # the bar, in pixels from the top of the plot
    y1: float
    label_y: float  # the centre of its label block (recipient regions: the top of their heading)
    lines: tuple[str, ...]  # the label, line by line, not yet escaped


@dataclass(frozen=True)
class SankeyBand:
    source: int  # node positions in the layout's node list
    target: int
    stage: int
    amount: float
    n_undisclosed: int
    n_figures: int
    source_y: tuple[float, float]  # where the band leaves its source's bar and enters its target's
    target_y: tuple[float, float]


def flow_text(amount: float, n_undisclosed: int, lang: str = EN) -> str:
    """A flow's money in words: "$65M + 1 undisclosed", "$3.8B", "2 undisclosed", "no disclosed amount"; in
    Chinese "6500万美元 + 1笔未披露", "2笔未披露", "无已披露金额"."""
    if lang != EN:
        undisclosed = tr(lang, "{n} undisclosed").format(n=f"{n_undisclosed:,}")
        if amount > 0:
            return fmt.usd(amount, lang=lang) + (f" + {undisclosed}" if n_undisclosed else "")
        return undisclosed if n_undisclosed else tr(lang, "no disclosed amount")
    if amount > 0:
        return fmt.usd(amount) + (f" + {n_undisclosed:,} undisclosed" if n_undisclosed else "")
    return f"{n_undisclosed:,} undisclosed" if n_undisclosed else "no disclosed amount"


def node_name(stage: int, name: str, lang: str = EN) -> str:
    """A node as the diagram names it: "Gulf investors", "China labs", a lab by its name; in Chinese
    "海湾地区投资方", "中国实验室" (a region is one of the data's closed list of words)."""
    if lang != EN and stage in (0, 1):
        word = N_("{region} investors") if stage == 0 else N_("{region} labs")
        return tr(lang, word).format(region=tr(lang, name))
    return f"{name} investors" if stage == 0 else f"{name} labs" if stage == 1 else name


def _width(lang: str) -> Callable[[str], int]:
    return len if lang == EN else text_width


def _wrap(text: str, lang: str, width: int = LABEL_CHARS) -> list[str]:
    return textwrap.wrap(text, width) if lang == EN else wrap(text, width)


def label_lines(*pieces: str, width: int = LABEL_CHARS, lang: str = EN) -> list[str]:
    """Pieces joined on one line while they fit in `width` characters, else each on its own line (a piece
    longer than a line wraps by words): "→ US labs: $3.8B" and "+ 13 undisclosed" stay whole. In Chinese a
    CJK character takes two of `width`."""
    measure = _width(lang)
    lines: list[str] = []
    for piece in pieces:
        joint = "" if lines and lines[-1].endswith("：") else " "  # no space after a full-width colon
        if lines and measure(lines[-1]) + len(joint) + measure(piece) <= width:
            lines[-1] += joint + piece
        else:
            lines += _wrap(piece, lang, width) or [piece]
    return lines


def _money_pieces(amount: float, n_undisclosed: int, lang: str = EN) -> list[str]:
    text = flow_text(amount, n_undisclosed, lang)
    head, plus, tail = text.partition(" + ")
    return [head, plus.strip() + " " + tail] if plus else [text]


def sankey_layout(links: pd.DataFrame, lang: str = EN) -> tuple[list[SankeyNode], list[SankeyBand], float]:
    """Nodes, bands and the plot's height in pixels for the links of aggregate.flows (stage 0: investor
    region → recipient region, stage 1: recipient region → lab); labels in `lang`."""
    if links.empty:
        return [], [], 0.0
    rows = list(
        zip(
            links["stage"].astype(int),
            links["source"].astype(str),
            links["target"].astype(str),
            links["amount"].astype(float),
            links["n_undisclosed"].astype(int),
            links["n_figures"].astype(int),
            strict=True,
        )
    )
    totals: dict[tuple[int, str], list] = {}  # (stage, name) -> [amount, undisclosed, figures]
    for stage, source, target, amount, undisclosed, figures in rows:
        # A node's money is what leaves it (investor regions, recipient regions) or reaches it (labs).
        key = (2, target) if stage == 1 else (0, source)
        entry = totals.setdefault(key, [0.0, 0, 0])
        entry[0], entry[1], entry[2] = entry[0] + amount, entry[1] + undisclosed, entry[2] + figures
        if stage == 1:
            entry = totals.setdefault((1, source), [0.0, 0, 0])
            entry[0], entry[1], entry[2] = entry[0] + amount, entry[1] + undisclosed, entry[2] + figures
    for stage, _source, target, _, _, _ in rows:  # a recipient region with no lab link still gets a node
        if stage == 0:
            totals.setdefault((1, target), [0.0, 0, 0])

    def rank(key: tuple[int, str]) -> tuple:
        amount, undisclosed, _ = totals[key]
        return (-amount, -undisclosed, key[1])

    regions = sorted((k for k in totals if k[0] == 1), key=rank)
    investors = sorted((k for k in totals if k[0] == 0), key=rank)
    lab_region = {(2, target): source for stage, source, target, *_ in rows if stage == 1}
    labs = sorted(
        (k for k in totals if k[0] == 2),
        key=lambda k: ([r[1] for r in regions].index(lab_region[k]), *rank(k)),
    )
    # Both columns of links carry the same money; the scale fits the larger sum into BARS_PX.
    scale = BARS_PX / max(max(sum(r[3] for r in rows if r[0] == stage) for stage in (0, 1)), 1.0)

    def thickness(amount: float) -> float:
        return max(amount * scale, MIN_LINK_PX)

    outgoing: dict[tuple[int, str], list[int]] = {}
    incoming: dict[tuple[int, str], list[int]] = {}
    for i, (stage, source, target, *_) in enumerate(rows):
        outgoing.setdefault((stage, source), []).append(i)
        incoming.setdefault((stage + 1, target), []).append(i)

    def bar_height(key: tuple[int, str]) -> float:
        # The taller side: thin bands of undisclosed tickets can make one side taller than its money.
        return max(sum(thickness(rows[i][3]) for i in side.get(key, [])) for side in (outgoing, incoming))

    place: dict[tuple[int, str], tuple[float, float, float, tuple[str, ...]]] = {}
    cursor = 0.0
    for key in investors:  # the left column: each region, its money, then each of its links
        amount, undisclosed, _ = totals[key]
        lines = _wrap(node_name(0, key[1], lang), lang)
        targets = outgoing[key]
        if len(targets) > 1:
            lines += label_lines(*_money_pieces(amount, undisclosed, lang), lang=lang)
        for i in targets:
            target = REGION_SHORT.get(rows[i][2], rows[i][2])
            to = f"→ {target} labs:" if lang == EN else "→ " + _heading(rows[i][2], lang)
            lines += label_lines(to, *_money_pieces(rows[i][3], rows[i][4], lang), lang=lang)
        cursor = _stack(place, key, bar_height(key), lines, cursor)
    cursor = 0.0
    spans: dict[str, tuple[float, float]] = {}
    for region in regions:  # the right column: each recipient region's heading, then its labs
        amount, undisclosed, _ = totals[region]
        heading = [
            *_wrap(_heading(region[1], lang), lang),
            *label_lines(*_money_pieces(amount, undisclosed, lang), lang=lang),
        ]
        top = cursor
        place[region] = (0.0, 0.0, top, tuple(heading))
        cursor += LINE_PX * len(heading) + GAP_PX / 2
        for key in [k for k in labs if lab_region[k] == region[1]]:
            lines = [
                *_wrap(key[1], lang),
                *label_lines(*_money_pieces(totals[key][0], totals[key][1], lang), lang=lang),
            ]
            cursor = _stack(place, key, bar_height(key), lines, cursor)
        spans[region[1]] = (top, cursor)
        cursor += GAP_PX
    # Each recipient region's bar in the middle, level with its labs (never above the previous one).
    floor = 0.0
    for region in regions:
        height = bar_height(region)
        top, bottom = spans[region[1]]
        y0 = max(floor, (top + bottom) / 2 - height / 2)
        place[region] = (y0, y0 + height, place[region][2], place[region][3])
        floor = y0 + height + GAP_PX
    order = [*investors, *regions, *labs]
    index = {key: n for n, key in enumerate(order)}
    nodes = [
        SankeyNode(
            key[0],
            key[1],
            lab_region.get(key, key[1]),
            float(totals[key][0]),
            int(totals[key][1]),
            int(totals[key][2]),
            *place[key],
        )
        for key in order
    ]
    # Bands leave a bar in the order of their targets and enter one in the order of their sources, top
    # first, so that no two bands cross inside a bar.
    leaving = {
        k: sorted(ids, key=lambda i: index[(rows[i][0] + 1, rows[i][2])]) for k, ids in outgoing.items()
    }
    entering = {k: sorted(ids, key=lambda i: index[(rows[i][0], rows[i][1])]) for k, ids in incoming.items()}
    ends: dict[tuple[int, bool], tuple[float, float]] = {}  # (link, leaving its source) -> top and bottom
    for side in (leaving, entering):
        for key, ids in side.items():
            y = place[key][0]
            for i in ids:
                ends[(i, side is leaving)] = (y, y + thickness(rows[i][3]))
                y += thickness(rows[i][3])
    bands = [
        SankeyBand(
            index[(stage, source)],
            index[(stage + 1, target)],
            stage,
            amount,
            undisclosed,
            figures,
            ends[(i, True)],
            ends[(i, False)],
        )
        for i, (stage, source, target, amount, undisclosed, figures) in enumerate(rows)
    ]
    # The plot ends where the lowest bar or label block does.
    height = max(
        max(n.y1, n.label_y + LINE_PX * len(n.lines) * (1.0 if n.stage == 1 else 0.5)) for n in nodes
    )
    return nodes, bands, height


def _heading(region: str, lang: str = EN) -> str:
    """A recipient region heading its labs: "China labs:", "中国实验室："."""
    name = node_name(1, region, lang)
    return f"{name}:" if lang == EN else tr(lang, N_("{name}:")).format(name=name)


def _stack(place: dict, key: tuple[int, str], height: float, lines: list[str], cursor: float) -> float:
    """A node and its label block placed at `cursor`, each centred in the taller of the two; the next
    cursor."""
    slot = max(height, LINE_PX * len(lines))
    place[key] = (cursor + (slot - height) / 2, cursor + (slot + height) / 2, cursor + slot / 2, tuple(lines))
    return cursor + slot + GAP_PX


TOTALS_COLUMNS = (
    N_("Flow"),
    N_("Disclosed money"),
    N_("Undisclosed tickets"),
    N_("Figures"),
)


def flow_totals(links: pd.DataFrame, lang: str = EN) -> pd.DataFrame:
    """Every number the Sankey writes, as a table in the chart's order: each investor region's money and its
    flows to each recipient region, then each recipient region's and its flows to each lab. In Chinese, its
    headers and words too ("海湾地区投资方 → 中国实验室", "无已披露金额")."""
    nodes, bands, _ = sankey_layout(links, lang)
    rows: list[tuple[str, float, int, int]] = []
    for position, node in enumerate(nodes):
        if node.stage == 2:
            continue
        mine = [b for b in bands if b.source == position]
        name = node_name(node.stage, node.name, lang)
        if len(mine) > 1:  # a node of one flow writes the same amount as its flow: one row says it
            every = f"{name}, all flows" if lang == EN else tr(lang, "{name}, all flows").format(name=name)
            rows.append((every, node.amount, node.n_undisclosed, node.n_figures))
        rows += [
            (
                f"{name} → {node_name(nodes[b.target].stage, nodes[b.target].name, lang)}",
                b.amount,
                b.n_undisclosed,
                b.n_figures,
            )
            for b in mine
        ]
    none = tr(lang, "none disclosed")
    flow, money, undisclosed, figures = (tr(lang, c) for c in TOTALS_COLUMNS)
    return pd.DataFrame(
        {
            flow: [r[0] for r in rows],
            money: [fmt.usd(r[1], lang=lang) if r[1] > 0 else none for r in rows],
            undisclosed: [r[2] for r in rows],
            figures: [r[3] for r in rows],
        }
    )


def _figures_note(name: str, money: str, n_figures: int, lang: str = EN) -> str:
    """A node's or a band's hover: "Gulf investors: $3.87B + 12 undisclosed (40 figures)"; in Chinese
    "海湾地区投资方：38.7亿美元 + 12笔未披露（40个数据项）"."""
    if lang == EN:
        return f"{name}: {money} ({n_figures:,} figures)"
    return tr(lang, "{name}: {money} ({n} figures)").format(name=name, money=money, n=f"{n_figures:,}")


def flow_sankey(links: pd.DataFrame, subtitle: str, sources: tuple, lang: str = EN) -> go.Figure:
    """Who paid whom: investor region → recipient region → lab, each band as wide as its disclosed money
    (a thin grey line when it has none), every node and every band labelled with its amount."""
    nodes, bands, height = sankey_layout(links, lang)
    data = [_band_trace(band, nodes, lang) for band in bands]
    shapes, annotations = [], []
    for node in nodes:
        colour = _region_colour(node.region)
        anchor_x, side = {0: (0, 1), 1: (0.5, 0), 2: (1, -1)}[node.stage]
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "y",
                "xsizemode": "pixel",
                "xanchor": anchor_x,
                "x0": {1: 0, 0: -BAR_PX / 2, -1: -BAR_PX}[side],
                "x1": {1: BAR_PX, 0: BAR_PX / 2, -1: 0}[side],
                "y0": node.y0,
                "y1": max(node.y1, node.y0 + 1),
                "fillcolor": colour,
                "line": {"width": 0},
                "layer": "above",
            }
        )
        label = "<br>".join(
            f"<b>{esc(line)}</b>" if n < _name_lines(node, lang) else esc(line)
            for n, line in enumerate(node.lines)
        )
        hover = esc(
            _figures_note(
                node_name(node.stage, node.name, lang),
                flow_text(node.amount, node.n_undisclosed, lang),
                node.n_figures,
                lang,
            )
        )
        if node.stage == 1:  # a recipient region heads its labs in the right column, in its bar's colour
            annotations.append(_label(label, 1, node.label_y, "right", "top", -(BAR_PX + 4), colour, hover))
        else:
            annotations.append(
                _label(
                    label,
                    anchor_x,
                    node.label_y,
                    "left" if side > 0 else "right",
                    "middle",
                    side * (BAR_PX + 4),
                    "#333",
                    hover,
                )
            )
    fig = spec.figure(
        data,
        {
            "xaxis": {"range": [0, 1], "visible": False, "fixedrange": True},
            "yaxis": {"range": [max(height, 1.0), 0], "visible": False, "fixedrange": True},
            "shapes": shapes,
            "annotations": annotations,
            "showlegend": False,
            "hovermode": "closest",
            "plot_bgcolor": "white",
        },
    )
    words = page_words.chart("flows", "flow_sankey", lang)
    text = ChartText(words.title, subtitle, words.unit, sources, words.alt, lang=lang)
    # The y axis counts pixels: the plot is exactly as tall as the layout (frame_figure keeps 16 px above it).
    bottom = 60
    return frame_figure(fig, text, height=int(max(height, 120)) + 16 + bottom, bottom=bottom)


def _name_lines(node: SankeyNode, lang: str = EN) -> int:
    """How many of a node's label lines are its name (written bold)."""
    name = _heading(node.name, lang) if node.stage == 1 else node_name(node.stage, node.name, lang)
    return len(_wrap(name, lang))


def _label(
    text: str, x: float, y: float, align: str, valign: str, shift: float, colour: str, hover: str
) -> dict:
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": "x",
        "yref": "y",
        "xanchor": align,
        "yanchor": valign,
        "xshift": shift,
        "align": align,
        "showarrow": False,
        "font": {"size": 11, "color": colour},
        "bgcolor": "rgba(255,255,255,0.85)",
        "borderpad": 1,
        "hovertext": hover,
        "name": "flow_label",
    }


def _region_colour(region: str) -> str:
    return palette.region_color(region)  # "Mixed" and "Unnamed or undisclosed" are neutral grey


def _band_trace(band: SankeyBand, nodes: list[SankeyNode], lang: str = EN) -> dict:
    """A band as a filled curve from its source's bar to its target's, with its flow in the hover."""
    source, target = nodes[band.source], nodes[band.target]
    x0, x1 = (0.0, 0.5) if band.stage == 0 else (0.5, 1.0)
    steps = np.linspace(0.0, 1.0, 24)
    ease = steps * steps * (3 - 2 * steps)  # flat where the band meets a bar, steepest half way
    xs = x0 + (x1 - x0) * steps
    top = band.source_y[0] + (band.target_y[0] - band.source_y[0]) * ease
    bottom = band.source_y[1] + (band.target_y[1] - band.source_y[1]) * ease
    colour = _region_colour(source.name)  # investor region, then recipient region
    fill = _rgba(colour, 0.35) if band.amount > 0 else "rgba(120,120,120,0.35)"
    hover = esc(
        _figures_note(
            f"{node_name(source.stage, source.name, lang)} → {node_name(target.stage, target.name, lang)}",
            flow_text(band.amount, band.n_undisclosed, lang),
            band.n_figures,
            lang,
        )
    )
    return {
        "type": "scatter",
        "x": [*xs, *xs[::-1], xs[0]],
        "y": [*top, *bottom[::-1], top[0]],
        "mode": "lines",
        "fill": "toself",
        "fillcolor": fill,
        "line": {"width": 0.5 if band.amount > 0 else 1, "color": fill},
        "hoveron": "fills",
        "hoverinfo": "text",
        "text": hover,
        "name": "",
        "showlegend": False,
    }


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def ranked_bars(
    top: pd.DataFrame,
    undisclosed: pd.DataFrame,
    remainder: int,
    subtitle: str,
    estimates: EstimateBook | None = None,
    names: dict[str, str] | None = None,
    lang: str = EN,
) -> go.Figure:
    """Every counted deal ranked by its disclosed amount, each row named above its bar (`names`: entities'
    short names, see base.display_name), and the undisclosed tickets as outlines of their rounds; with
    `estimates` (the reader asked for them), each undisclosed ticket's model estimate as a hollow diamond with
    its 80% interval on the ticket's row."""
    labels = _deal_labels(top, names, lang)
    about = ("about {amount}" if lang == EN else tr(lang, "about {amount}"), "{amount}")
    amounts = [
        about[str(k) not in ("approximate", "range")].format(amount=fmt.usd(a, lang=lang))
        for a, k in zip(top["amount_usd"], top["amount_kind"], strict=True)
    ]
    data: list[dict] = []
    minus, plus = aggregate.bounds(top)
    verified = (top["status"] == "VERIFIED").to_numpy()
    hover = hover_data(top, lang=lang)
    for is_verified, name, colour in (
        (True, "VERIFIED", palette.color(0)),
        (False, N_("UNVERIFIED (lighter, hatched)"), palette.color(1)),
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
                # Each bar's amount inside it, at its start (its end carries the range's whisker), in a
                # colour that reads on it: white on the dark blue, dark on the pale hatched orange; past the
                # end of a bar too short to hold it, in dark grey.
                "text": np.array(amounts, dtype=object)[pick],
                "textposition": "auto",
                "insidetextanchor": "start",
                "insidetextfont": {"size": 11, "color": "white" if is_verified else "#222"},
                "outsidetextfont": {"size": 11, "color": "#333"},
                "constraintext": "none",
                "cliponaxis": False,
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
    undisclosed_labels = np.array(_deal_labels(shown_undisclosed, names, lang), dtype=object)
    undisclosed_hover = hover_data(shown_undisclosed, lang=lang)
    if known.any():
        data.append(
            {
                "type": "bar",
                "y": undisclosed_labels[known],
                "x": ceiling[known],
                "orientation": "h",
                "name": _counted(OUTLINE_NAME, known_in_all, lang),
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
                "text": [tr(lang, "amount undisclosed")] * int((~known).sum()),
                "textposition": "middle right",
                "name": _counted(UNKNOWN_NAME, len(undisclosed) - known_in_all, lang),
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
                lang=lang,
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
                N_("US dollars (log scale);<br>whiskers show the source's range"),
            ),
            "yaxis": {"autorange": "reversed", "showticklabels": False, "automargin": False},
            "annotations": spec.row_labels(data),
            "showlegend": True,
            "barmode": "overlay",
            "bargap": 0.5,
        },
    )
    rows = len(top) + len(shown_undisclosed)
    note = _not_drawn(remainder, len(undisclosed) - len(shown_undisclosed), lang)
    words = page_words.chart("flows", "ranked_bars", lang)
    text = ChartText(
        words.title, subtitle + note, words.unit, publishers(top, shown_undisclosed), words.alt, lang=lang
    )
    return frame_figure(fig, text, height=max(360, ROW_HEIGHT * rows + 160), left=ROW_LABEL_MARGIN)


# More diamonds than this would make the chart taller than a screen; the count in the legend stays exact.
MAX_UNDISCLOSED_MARKERS = 40


OUTLINE_NAME = N_("Ticket undisclosed: outline = the whole round it is part of, its upper bound ({n})")
UNKNOWN_NAME = N_("Amount undisclosed, size of the deal unknown ({n})")


def _counted(name: str, n: int, lang: str = EN) -> str:
    return tr(lang, name).format(n=f"{n:,}")


def _not_drawn(remainder: int, more_undisclosed: int, lang: str = EN) -> str:
    """What the chart leaves out, after the view in its subtitle: "; 3 smaller deals not shown"."""
    note = tr(lang, "; {n} smaller deals not shown").format(n=f"{remainder:,}") if remainder else ""
    if more_undisclosed > 0:
        note += tr(lang, "; {n} more undisclosed deals not drawn (all are in the table and CSV)").format(
            n=f"{more_undisclosed:,}"
        )
    return note


def _deal_labels(frame: pd.DataFrame, names: dict[str, str] | None, lang: str = EN) -> list[str]:
    # "Round investors (lead: …)" is the whole round: "Whole round", with the names in the hover.
    labels = [
        row_label(i, r, p, names, lang=lang)
        for i, r, p in zip(frame["investor"], frame["recipient"], frame["period_start"], strict=True)
    ]
    return unique_labels(labels)
