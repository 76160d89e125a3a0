"""The Overview's comparison: each seed claim against the documented Gulf participations in the same labs."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from fundgap.analysis import aggregate
from fundgap.analysis.estimate_totals import GapEstimate
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.views import palette
from fundgap.views import words as page_words
from fundgap.views.charts.base import ChartText, Source, errors, esc, frame_figure, usd_axis, wrapped
from fundgap.views.charts.estimates import estimate_trace

TOTAL_ESTIMATE_NAME = N_(
    "Model estimate of the documented total (hollow diamond), 80% interval: no source's figure"
)
SEED_HOVER = (
    "Seed claim: %{customdata[0]}<br>Status: UNVERIFIED (AIPressa, no source "
    "given)<br>Claim: %{customdata[1]}<extra></extra>"
)
SEED_HOVER_WORDS = N_(
    "Seed claim: {amount}<br>Status: UNVERIFIED (AIPressa, no source given)<br>Claim: {claim}"
)


def gap_chart(
    gap: aggregate.GapComparison,
    subtitle: str,
    rules_text: str,
    sources: tuple,
    seed: Source,
    estimated: GapEstimate | None = None,
    lang: str = EN,
) -> go.Figure:
    """Each seed claim as a point with its range, and the documented Gulf participations in the same labs as a
    band from the disclosed tickets (lower bound) to the full rounds joined (upper bound); the labs the seed
    does not name get their own rows below, never added in. With `estimated` (the reader asked for the
    estimates), the model's estimate of each compared total as a hollow diamond with its 80% interval on the
    band."""
    candidates = [
        (tr(lang, gap.china.label), gap.china, gap.china.documented),
        (tr(lang, N_("Gulf → other Chinese labs")), None, gap.china.others),
        (tr(lang, gap.us.label), gap.us, gap.us.documented),
        (tr(lang, N_("Gulf → xAI and other US labs")), None, gap.us.others),
    ]
    rows = [(label, side, total) for label, side, total in candidates if total is not None]
    labels = [esc(label) for label, _, _ in rows]
    finite = [
        v
        for _, side, t in rows
        for v in (t.low, t.high, side.claimed_low if side else None, side.claimed_high if side else None)
        if v is not None and v > 0 and not math.isinf(v)
    ]
    fig = go.Figure()
    # The axis first: a band with a $0 lower bound starts at its left edge, one with no upper bound reaches
    # its right edge.
    floor, ceiling = usd_axis(
        fig,
        "x",
        min(finite) / 3 if finite else 1e6,
        max(finite) * 3 if finite else 1e11,
        True,
        wrapped(
            tr(
                lang,
                "US dollars (log scale). A band reaching the right edge has no upper "
                "bound; a lower bound of $0 starts at the left edge",
            ),
            50,
        ),
    )
    xs, ys, marks, hover = [], [], [], []
    for label, (_, _, total) in zip(labels, rows, strict=True):
        if total.n_counted == 0:
            fig.add_annotation(
                x=0,
                xref="x domain",
                y=label,
                text=f"<b>{label}</b>" + tr(lang, ": none documented under these rules"),
                showarrow=False,
                xanchor="left",
                # Above the row's line, as every row's label: a seed claim's diamond sits on the line itself.
                yanchor="bottom",
                yshift=8,
                font={"size": 12, "color": "#555"},
                name="bounds_label",
            )
            continue
        low = max(total.low, floor)
        high = ceiling if total.open_ended else max(total.high, low)
        xs += [low, high, None]
        ys += [label, label, None]
        note = f"{fmt.usd_bounds(total.low, total.high, lang=lang)}" + (
            tr(lang, " · {n} undisclosed").format(n=total.n_undisclosed) if total.n_undisclosed else ""
        )
        marks.append((label, high, note, total.open_ended))
        hover += [
            [esc(note), esc(", ".join(total.figure_ids[:12]) + (" …" if len(total.figure_ids) > 12 else ""))]
        ] * 2 + [[None, None]]
    fig.add_scatter(
        x=xs,
        y=ys,
        mode="lines+markers",
        name=N_("Documented Gulf participations: disclosed tickets (left) to full rounds joined (right)"),
        line={"color": palette.color(0), "width": 12},
        marker={"color": palette.color(0), "size": 12, "symbol": "line-ns-open"},
        customdata=hover,
        hovertemplate=tr(lang, "Documented: {amount}<br>Rows: {rows}").format(
            amount="%{customdata[0]}", rows="%{customdata[1]}"
        )
        + "<extra></extra>",
        connectgaps=False,
    )
    for label, _high, note, open_ended in marks:
        # Above the band from the plot's left edge: inside the plot at any width, never past its right edge.
        fig.add_annotation(
            x=0,
            xref="x domain",
            y=label,
            text=f"<b>{label}</b>"
            + tr(lang, ": ")
            + esc(note + (tr(lang, " (no upper bound)") if open_ended else "")),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            yshift=8,
            font={"size": 12},
            name="bounds_label",
            bgcolor="rgba(255,255,255,0.8)",
        )
    seeds = [
        (label, side)
        for label, (_, side, _) in zip(labels, rows, strict=True)
        if side is not None and side.claimed is not None
    ]
    fig.add_scatter(
        x=[side.claimed for _, side in seeds],
        y=[label for label, _ in seeds],
        mode="markers",
        name=N_("Seed claim (UNVERIFIED), with its range"),
        marker={
            "color": palette.color(1),
            "size": 13,
            "symbol": "diamond",
            "line": {"color": "#333", "width": 1},
        },
        error_x=errors(
            [s.claimed for _, s in seeds],
            [s.claimed_low for _, s in seeds],
            [s.claimed_high for _, s in seeds],
        ),
        customdata=[
            [
                esc(fmt.amount_label(s.claimed, s.claimed_low, s.claimed_high, "approximate", lang=lang)),
                esc(s.claim_id),
            ]
            for _, s in seeds
        ],
        hovertemplate=SEED_HOVER
        if lang == EN
        else tr(lang, SEED_HOVER_WORDS).format(amount="%{customdata[0]}", claim="%{customdata[1]}")
        + "<extra></extra>",
    )
    guessed = (
        [
            (esc(tr(lang, side.label)), total)
            for side, total in ((gap.china, estimated.china), (gap.us, estimated.us))
            if total.n_estimated and side.documented.n_counted
        ]
        if estimated is not None
        else []
    )
    if guessed:
        values = pd.DataFrame(
            {
                "point": [t.point for _, t in guessed],
                "low": [t.low if t.has_interval else t.point for _, t in guessed],
                "high": [t.high if t.has_interval else t.point for _, t in guessed],
            }
        )
        trace = estimate_trace(
            [label for label, _ in guessed],
            [label for label, _ in guessed],
            values,
            horizontal=True,
            name=TOTAL_ESTIMATE_NAME,
            lang=lang,
        )
        fig.add_trace(go.Scatter({k: v for k, v in trace.items() if k != "type"}))
    # Each row's name is written above its band (bounds_label), so the plot keeps the full width of a phone.
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels, showticklabels=False)
    words = page_words.chart("overview", "gap_chart", lang)
    text = ChartText(
        words.title,
        f"{subtitle}. {rules_text}" if lang == EN else f"{subtitle}。{rules_text}",
        words.unit,
        (*sources, seed),
        words.alt,
        lang=lang,
    )
    return frame_figure(fig, text, height=420, bottom=110, left=10)
