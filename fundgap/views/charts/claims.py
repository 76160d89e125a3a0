"""Claims: each seed claim's amount against the figures that bear on it."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from fundgap.analysis import aggregate
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.data.schema import SOURCE_LEVEL
from fundgap.views import palette
from fundgap.views import words as page_words
from fundgap.views.charts import spec
from fundgap.views.charts.base import (
    GROUP_PARTIES,
    HOVER,
    ROW_HEIGHT,
    ROW_LABEL_MARGIN,
    UNGRADED,
    ChartText,
    Source,
    esc,
    frame_figure,
    hover_data,
    publishers,
    row_label,
    status_opacity,
    unique_labels,
)


def claim_chart(
    claim: pd.Series,
    evidence: pd.DataFrame,
    subtitle: str,
    names: dict[str, str] | None = None,
    lang: str = EN,
) -> go.Figure:
    """One claim's amount (with its honest range) next to every evidence figure that has a USD amount."""
    claimed = claim["claimed_amount_usd"]
    data: list[dict] = [
        {
            "type": "scatter",
            "x": [claimed],
            "y": [esc(tr(lang, SEED_ROW).format(amount=_amount(claimed, "approximate", lang)))],
            "mode": "markers",
            "name": N_("Seed claim (UNVERIFIED)"),
            "marker": {"symbol": "diamond", "size": 14, "color": palette.color(1)},
            "error_x": {
                "type": "data",
                "symmetric": False,
                "array": [claim["claimed_high_usd"] - claimed],
                "arrayminus": [claimed - claim["claimed_low_usd"]],
            },
            "hovertemplate": esc(
                tr(lang, SEED_HOVER).format(
                    amount=fmt.amount_label(
                        claimed, claim["claimed_low_usd"], claim["claimed_high_usd"], "approximate", lang=lang
                    )
                )
            )
            + "<extra></extra>",
        }
    ]
    priced = evidence[evidence["amount_usd"].notna() & (evidence["figure_id"] != claim.get("seed_figure_id"))]
    if lang != EN:
        priced = _regions_in(priced, lang)
    relations = priced["claim_relation"].fillna("context").to_numpy(dtype=object)
    for relation, colour in (
        ("supports", palette.color(2)),
        ("contradicts", palette.color(5)),
        ("context", "#777777"),
    ):
        rows = priced[relations == relation]
        if rows.empty:
            continue
        minus, plus = aggregate.bounds(rows)
        data.append(
            {
                "type": "scatter",
                "x": rows["amount_usd"].to_numpy(),
                "y": _evidence_labels(rows, names, lang),
                "mode": "markers",
                "name": EVIDENCE_NAMES[relation],
                "marker": {
                    "size": 11,
                    "color": colour,
                    "opacity": status_opacity(rows["status"]),
                    "symbol": [
                        "circle" if s == "VERIFIED" else "circle-open" for s in rows["status"].astype(str)
                    ],
                },
                "error_x": {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus},
                "customdata": hover_data(rows, lang=lang),
                "hovertemplate": HOVER,
            }
        )
    values = [
        v
        for v in [
            claimed,
            claim["claimed_low_usd"],
            claim["claimed_high_usd"],
            *priced["amount_usd"],
            *priced["amount_high_usd"].dropna(),
        ]
        if v and not math.isnan(v)
    ]
    # Built in one step (see charts.spec): each row's label written above it, as base.labels_above_rows does.
    fig = spec.figure(
        data,
        {
            "xaxis": spec.usd_axis(
                min(values) / 2,
                max(values) * 2,
                True,
                AXIS_TITLE,
            ),
            "yaxis": {"autorange": "reversed", "showticklabels": False, "automargin": False},
            "annotations": spec.row_labels(data),
        },
    )
    words = page_words.chart("claims", "claim_chart", lang, subject=str(claim["subject"]))
    text = ChartText(
        words.title,
        subtitle,
        words.unit,
        (seed_source(claim, lang=lang), *publishers(priced)),
        words.alt,
        lang=lang,
    )
    return frame_figure(
        fig, text, height=max(300, ROW_HEIGHT * (len(priced) + 1) + 160), left=ROW_LABEL_MARGIN
    )


SEED_ROW = N_("Seed claim · {amount}")
SEED_HOVER = N_("Seed claim: {amount}")
AXIS_TITLE = N_("US dollars (log scale);<br>open circles are not VERIFIED")
EVIDENCE_NAMES = {
    "supports": N_("Evidence: supports"),
    "contradicts": N_("Evidence: contradicts"),
    "context": N_("Evidence: context"),
}
# A row that stands for a group (base.GROUP_PARTIES) by what it is, in the catalogue's words.
GROUP_WORDS = (N_("Whole round"), N_("Whole IPO"), N_("IPO cornerstones"), N_("Secondary buyers"))


def _amount(amount: float, kind, lang: str = EN) -> str:
    # The amount as a row's label writes it; the range is in the whiskers and the hover.
    if lang != EN:
        text = fmt.usd(amount, lang=lang)
        return (
            tr(lang, "about {amount}").format(amount=text) if str(kind) in ("approximate", "range") else text
        )
    return ("about " if str(kind) in ("approximate", "range") else "") + fmt.usd(amount)


def seed_source(claim: pd.Series, role: str = "", lang: str = EN) -> Source:
    """The seed article a claim comes from, at its level in the source order; `role` ("seed claim") is added
    in brackets."""
    name = str(claim.get("source_publisher") or tr(lang, "seed article"))
    bracketed = (f"（{role}）" if lang != EN else f" ({role})") if role else ""
    return (
        name + bracketed,
        SOURCE_LEVEL.get(str(claim.get("source_grade")), UNGRADED),
    )


def _regions_in(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A country total's recipient is a region ("United States"): written in `lang` in its label and hover.
    Entities keep their names (the data's name_zh where it has one)."""
    if not (frame["flow_kind"].astype(str) == "country_total").any():
        return frame
    recipients = [
        tr(lang, r) if k == "country_total" and isinstance(r, str) else r
        for r, k in zip(frame["recipient"], frame["flow_kind"].astype(str), strict=True)
    ]
    return frame.assign(recipient=recipients)


def _group_word(name, lang: str):
    # "Round investors (lead: …)" reads "Whole round" (base.display_name); in Chinese, its catalogue words.
    if lang == EN or not isinstance(name, str):
        return name
    for prefix, word in GROUP_PARTIES:
        if name.startswith(prefix):
            return tr(lang, word)
    return name


def _evidence_labels(frame: pd.DataFrame, names: dict[str, str] | None, lang: str = EN) -> list[str]:
    # Country totals read best by who compiled them; deals by who paid.
    who = [
        prov if kind == "country_total" and fmt.present(prov) else inv
        for inv, prov, kind in zip(
            frame["investor"], frame["provider"], frame["flow_kind"].astype(str), strict=True
        )
    ]
    labels = [
        row_label(_group_word(w, lang), r, p, names, _amount(a, k, lang))
        for w, r, p, a, k in zip(
            who,
            frame["recipient"],
            frame["period_start"],
            frame["amount_usd"],
            frame["amount_kind"],
            strict=True,
        )
    ]
    return unique_labels(labels)
