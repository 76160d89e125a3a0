"""Model estimates of undisclosed tickets, drawn with a mark of their own (a hollow diamond with whiskers for
its 80% interval), never as a bar or a dot that a source's figure would get; and the back-test's calibration
chart for Sources & method."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from fundgap.analysis.estimate import METHOD
from fundgap.analysis.estimate_totals import EstimateBook, usd
from fundgap.common import fmt, i18n
from fundgap.common.i18n import EN, N_, tr
from fundgap.views import palette
from fundgap.views import words as page_words
from fundgap.views.charts import spec
from fundgap.views.charts.base import ChartText, esc, frame_figure, publishers, short

ESTIMATE_COLOR = palette.color(7)
ESTIMATE_NAME = N_(
    "Model estimate of an undisclosed ticket (hollow diamond), 80% interval: no source's figure"
)
ESTIMATE_HOVER = (
    "<b>%{customdata[0]}</b><br>Model estimate: %{customdata[1]}<br>"
    "No source states this: %{customdata[2]}<extra></extra>"
)
ESTIMATE_HOVER_WORDS = N_("Model estimate: {estimate}<br>No source states this: {method}")


def estimated(book: EstimateBook | None, ids: pd.Series) -> pd.DataFrame:
    """For these figure ids, in their order: the estimate, its interval and whether there is one (`has`);
    nothing is estimated without a book or for a figure that is not an undisclosed participation."""
    columns = ["ticket_estimate_usd", "ticket_estimate_low_usd", "ticket_estimate_high_usd"]
    if book is None:
        found = pd.DataFrame(np.nan, index=range(len(ids)), columns=columns)
    else:
        found = book.tickets.reindex(pd.Index(ids.astype(str).to_numpy(), dtype=object))[columns]
        found = found.reset_index(drop=True)
    found.columns = ["point", "low", "high"]
    found["has"] = found["point"].notna().to_numpy()
    if book is not None and not book.has_interval:
        found[["low", "high"]] = found[["point", "point"]].to_numpy()
    return found


def estimate_trace(
    positions: np.ndarray | list,
    labels: list[str],
    values: pd.DataFrame,
    horizontal: bool,
    count: int | None = None,
    name: str = ESTIMATE_NAME,
    lang: str = EN,
) -> dict:
    """A scatter trace of hollow diamonds at each estimate, whiskers spanning its 80% interval: on the value
    axis x (`horizontal`, rows as categories) or y (a time axis). `count` (the estimates in view, drawn or
    not) goes in the legend. In Chinese: "约1.82亿美元（80%：0.9亿–3.6亿美元）"."""
    point = values["point"].to_numpy(dtype=float)
    whiskers = {
        "type": "data",
        "symmetric": False,
        "array": np.maximum(values["high"].to_numpy(dtype=float) - point, 0.0),
        "arrayminus": np.maximum(point - values["low"].to_numpy(dtype=float), 0.0),
        "color": ESTIMATE_COLOR,
        "thickness": 1,
        "width": 5,
    }
    texts = [
        [esc(label), esc(_estimate_text(p, lo, hi, lang)), esc(tr(lang, METHOD))]
        for label, p, lo, hi in zip(labels, point, values["low"], values["high"], strict=True)
    ]
    counted = "" if count is None else f" ({count:,})" if lang == EN else f"（{count:,}）"
    trace = {
        "type": "scatter",
        "mode": "markers",
        "name": tr(lang, name) + counted,
        "marker": {
            "symbol": "diamond-open",
            "size": 12,
            "color": ESTIMATE_COLOR,
            "line": {"width": 2, "color": ESTIMATE_COLOR},
        },
        "customdata": np.array(texts, dtype=object) if texts else np.empty((0, 3), dtype=object),
        "hovertemplate": ESTIMATE_HOVER
        if lang == EN
        else "<b>%{customdata[0]}</b><br>"
        + tr(lang, ESTIMATE_HOVER_WORDS).format(estimate="%{customdata[1]}", method="%{customdata[2]}")
        + "<extra></extra>",
    }
    if horizontal:
        trace.update(x=point, y=positions, error_x=whiskers)
    else:
        trace.update(x=positions, y=point, error_y=whiskers)
    return trace


def _estimate_text(point: float, low: float, high: float, lang: str = EN) -> str:
    """ "about $182M (80%: $90M–$360M)"; in Chinese "约1.82亿美元（80%：9000万–3.6亿美元）"."""
    if lang == EN:
        return f"about {usd(point)} (80%: {usd(low)}–{usd(high)})"
    return tr(lang, "about {amount} (80%: {interval})").format(
        amount=usd(point, lang), interval=i18n.usd_span(_three(low), _three(high), lang)
    )


def _three(amount: float) -> float:
    # Three significant digits, as estimate_totals.usd writes an estimate.
    amount = float(amount)
    return (
        round(amount, 2 - math.floor(math.log10(abs(amount)))) if math.isfinite(amount) and amount else amount
    )


# --- the back-test's calibration chart


def calibration_chart(tickets: pd.DataFrame, rows: pd.DataFrame, subtitle: str, lang: str = EN) -> go.Figure:
    """Each held-out ticket of the back-test (BacktestResult.tickets): the model's estimate of it (x, made
    without it) against the value its source states (y), both on log axes, with the ticket's 80% interval as a
    vertical line at its estimate. A dot on the dashed diagonal was estimated exactly; a dot on its line was
    covered by its interval. `rows` are the tickets' rows in the figures table (names and sources)."""
    info = rows.drop_duplicates("figure_id").set_index("figure_id") if len(rows) else None
    labels = [
        _ticket_label(info, str(i), lang) if info is not None else str(i) for i in tickets["participation_id"]
    ]
    estimate = tickets["estimate_usd"].to_numpy(dtype=float)
    actual = tickets["actual_usd"].to_numpy(dtype=float)
    low, high = tickets["low_usd"].to_numpy(dtype=float), tickets["high_usd"].to_numpy(dtype=float)
    inside = tickets["inside_interval"].to_numpy(dtype=bool)
    hover = np.array(
        [
            [
                esc(label),
                esc(str(role)),
                esc(_stated_text(a, e, lo, hi, lang)),
                esc(_error_text(factor, ok, lang)),
            ]
            for label, role, a, e, lo, hi, factor, ok in zip(
                labels,
                tickets["role"],
                actual,
                estimate,
                low,
                high,
                tickets["error_factor"],
                inside,
                strict=True,
            )
        ],
        dtype=object,
    ).reshape(-1, 4)
    hovertemplate = (
        "<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"
        if lang == EN
        else "<b>%{customdata[0]}</b>（%{customdata[1]}）<br>%{customdata[2]}<br>%{customdata[3]}"
        "<extra></extra>"
    )
    finite = [v for v in (*estimate, *actual, *low, *high) if math.isfinite(v) and v > 0]
    edge_low, edge_high = (min(finite) / 2, max(finite) * 2) if finite else (1e7, 1e11)
    segments_x = [v for e in estimate for v in (e, e, None)]
    segments_y = [v for lo, hi in zip(low, high, strict=True) for v in (lo, hi, None)]
    data: list[dict] = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": [edge_low, edge_high],
            "y": [edge_low, edge_high],
            "name": N_("Estimate = stated value"),
            "line": {"color": "#999", "dash": "dash", "width": 1},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "x": segments_x,
            "y": segments_y,
            "name": N_("80% interval of the estimate (from the other tickets' errors)"),
            "line": {"color": ESTIMATE_COLOR, "width": 1.5},
            "opacity": 0.5,
            "hoverinfo": "skip",
        },
    ]
    for pick, name, symbol, colour in (
        (inside, N_("Stated ticket inside its interval"), "circle", palette.color(0)),
        (~inside, N_("Stated ticket outside its interval"), "x", palette.color(5)),
    ):
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": estimate[pick],
                "y": actual[pick],
                "name": f"{name} ({int(pick.sum())})"
                if lang == EN
                else f"{tr(lang, name)}（{int(pick.sum())}）",
                "marker": {"symbol": symbol, "size": 9, "color": colour},
                "customdata": hover[pick],
                "hovertemplate": hovertemplate,
            }
        )
    layout = {
        "xaxis": spec.usd_axis(edge_low, edge_high, True, N_("Estimate without the ticket (log)")),
        "yaxis": spec.usd_axis(edge_low, edge_high, True, N_("Ticket as its source states it (log scale)")),
        "showlegend": True,
    }
    fig = spec.figure(data, layout)
    words = page_words.chart("sources", "calibration_chart", lang)
    text = ChartText(words.title, subtitle, words.unit, publishers(rows), words.alt, lang=lang)
    return frame_figure(fig, text, height=520, bottom=110)


def _stated_text(actual: float, estimate: float, low: float, high: float, lang: str = EN) -> str:
    """ "$500M stated; model estimate $182M (80%: $90M–$360M)"; in Chinese
    "来源所述5亿美元；模型估算1.82亿美元（80%：9000万–3.6亿美元）"."""
    if lang == EN:
        return f"{usd(actual)} stated; model estimate {usd(estimate)} (80%: {usd(low)}–{usd(high)})"
    return tr(lang, "{actual} stated; model estimate {estimate} (80%: {interval})").format(
        actual=usd(actual, lang),
        estimate=usd(estimate, lang),
        interval=i18n.usd_span(_three(low), _three(high), lang),
    )


def _error_text(factor: float, inside: bool, lang: str = EN) -> str:
    """ "error ×2.3", "error ×9.1; outside its interval"; in Chinese "误差×2.3", "误差×9.1；在其区间之外"."""
    if lang == EN:
        return f"error ×{factor:.1f}" + ("" if inside else "; outside its interval")
    word = N_("error ×{factor}") if inside else N_("error ×{factor}; outside its interval")
    return tr(lang, word).format(factor=f"{factor:.1f}")


def _ticket_label(info: pd.DataFrame, participation_id: str, lang: str = EN) -> str:
    if participation_id not in info.index:
        return participation_id
    row = info.loc[participation_id]
    when = str(row["period_start"])[:7]
    if lang != EN:
        return f"{short(row['investor'], 28)} → {short(row['recipient'], 18)}（{fmt.date_text(when, lang)}）"
    return f"{short(row['investor'], 28)} → {short(row['recipient'], 18)} ({when})"
