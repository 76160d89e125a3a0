"""Figures built from plain dicts in one step (issue 16: a new view must be drawn quickly).

plotly's add_trace, add_annotation, update_*axes and make_subplots validate and copy the whole figure on every
call:
a chart of forty rows or twenty panels spent most of a second there. The charts here describe traces, axes and
annotations as dicts and make the Figure once, without plotly's per-property validation. That validation is
not
lost: tests/unit/test_fast_paths.py rebuilds every such figure through the validating constructor and asserts
the
JSON is the same, and compares each chart with the call-by-call code it replaced."""

from __future__ import annotations

import plotly.graph_objects as go

from fundgap.views.charts.base import axis_range, usd_ticks


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A Figure of these traces (dicts with a "type") and this layout, with plotly's default template as
    go.Figure() gives it. The dicts are taken as they are: build them fresh for each figure."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def axis_suffix(row: int) -> str:
    """plotly's axis numbering: "" for the first subplot, then "2", "3"…"""
    return "" if row == 1 else str(row)


def stacked_rows(rows: int, vertical_spacing: float, titles: list[str]) -> dict:
    """The layout make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=…,
    subplot_titles=titles) gives: one x and one y axis per row, the upper x axes matching the bottom one with
    their tick labels hidden, and a title annotation above each panel. The arithmetic is plotly's own
    (plotly/_subplots.py), step for step, so the domains are the same floats; a test compares the two for
    every row count a page can show."""
    heights = [(1.0 - vertical_spacing * (rows - 1)) / rows] * rows
    starts = [sum(heights[:r]) + r * vertical_spacing for r in range(rows)[::-1]]  # the top row first
    layout: dict = {}
    annotations = []
    for r in range(rows):  # r = 0 is the top panel
        y_start = _clamp(starts[r] + 0.0)
        y_end = _clamp(starts[r] + heights[-1 - r] - 0.0)
        suffix = axis_suffix(r + 1)
        layout[f"xaxis{suffix}"] = {"domain": [0.0, 1.0], "anchor": f"y{suffix}"}
        layout[f"yaxis{suffix}"] = {"domain": [max(0.0, y_start), min(1.0, y_end)], "anchor": f"x{suffix}"}
        if r < len(titles) and titles[r]:
            annotations.append(
                {
                    "y": y_end,
                    "xref": "paper",
                    "x": 0.5,
                    "yref": "paper",
                    "text": titles[r],
                    "showarrow": False,
                    "font": {"size": 16},
                    "xanchor": "center",
                    "yanchor": "bottom",
                }
            )
    bottom = axis_suffix(rows)
    for r in range(rows - 1):
        layout[f"xaxis{axis_suffix(r + 1)}"].update(matches=f"x{bottom}", showticklabels=False)
    layout["annotations"] = annotations
    return layout


def _clamp(value: float) -> float:
    # make_subplots rounds a domain end just outside [0, 1] (floating-point error) onto the edge.
    if value < 0.0 and value > -0.01:
        return 0.0
    if value > 1.0 and value < 1.01:
        return 1.0
    return value


def usd_axis(low: float, high: float, log: bool, title: str) -> dict:
    """base.usd_axis as an axis dict: ticks labelled $10M / $1B covering [low, high]."""
    values, labels = usd_ticks(low, high, log)
    return {
        "type": "log" if log else "linear",
        "tickvals": values,
        "ticktext": labels,
        "range": axis_range(values, log) if log else [0, high],
        "title": {"text": title},
    }


def row_labels(data: list[dict]) -> list[dict]:
    """The annotations base.labels_above_rows adds: each row's category written above it from the plot's left
    edge (the y axis then hides its tick labels: showticklabels and automargin off)."""
    labels = list(dict.fromkeys(y for trace in data if trace.get("y") is not None for y in trace["y"]))
    return [
        {
            "x": 0,
            "xref": "x domain",
            "y": label,
            "yref": "y",
            "text": label,
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "bottom",
            "yshift": 7,
            "font": {"size": 11, "color": "#333"},
            "name": "row_label",
        }
        for label in labels
    ]
