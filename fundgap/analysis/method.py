"""Tables for the Sources & method page."""

from __future__ import annotations

from collections.abc import Sized

import pandas as pd

from fundgap.common.fmt import present
from fundgap.common.safety import markdown_literal
from fundgap.data import schema


def sources_with_counts(sources: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Every source with the number of figures citing it (as main or corroborating source), grade first."""
    main = figures["source_id"].value_counts()
    other = figures["other_source_ids"].explode().value_counts()
    counts = main.add(other, fill_value=0)
    out = sources.assign(
        figures=sources["source_id"].map(counts).fillna(0).astype(int),
        # An empty cell, not "None": the reason for a missing link is in url_missing_reason.
        url=sources["url"].astype(object).where(sources["url"].notna(), ""),
        date_published=sources["date_published"]
        .astype(object)
        .where(sources["date_published"].notna(), "undated"),
    )
    return (
        out.assign(_g=out["grade"].map(schema.SOURCE_LEVEL))
        .sort_values(["_g", "publisher"])
        .drop(columns="_g")
        .reset_index(drop=True)
    )


def conflicts_markdown(conflicts: pd.DataFrame) -> str:
    """Each conflict with its full resolution, as one markdown list (dataset text escaped, never
    interpreted)."""
    items = []
    for conflict in conflicts.itertuples(index=False):
        details = [
            f"Trusted: {', '.join(conflict.trusted_figure_ids)}" if _ids(conflict.trusted_figure_ids) else "",
            f"Rejected: {', '.join(conflict.rejected_figure_ids)}"
            if _ids(conflict.rejected_figure_ids)
            else "",
            f"Other rejected reports: {conflict.rejected_reports}"
            if present(conflict.rejected_reports)
            else "",
        ]
        detail = " · ".join(d for d in details if d)
        items.append(
            f"- **{markdown_literal(conflict.conflict_id)}** · {markdown_literal(conflict.topic)}  \n"
            f"  {markdown_literal(conflict.resolution)}"
            + (f"  \n  *{markdown_literal(detail)}*" if detail else "")
        )
    return "\n".join(items)


def _ids(values: Sized | None) -> bool:
    return values is not None and len(values) > 0


def coverage_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """The coverage matrix as a reader reads it: one row per lab, one column per year, "3 deals · 7 named ·
    67%"."""
    if matrix.empty:
        return pd.DataFrame({"Lab": []})
    cells = matrix.assign(cell=[_coverage_cell(r) for r in matrix.itertuples(index=False)])
    wide = cells.pivot_table(
        index=["region", "lab"], columns="year", values="cell", aggfunc="first", sort=False
    )
    wide = wide.reset_index().rename(columns={"lab": "Lab", "region": "Region"})
    return wide.fillna("").astype(str)


def _coverage_cell(row: pd.Series) -> str:
    if row.deals == 0:
        text = "no deal found"
    else:
        share = (
            ""
            if row.disclosed_share is None or pd.isna(row.disclosed_share)
            else f" · {row.disclosed_share:.0%} disclosed"
        )
        text = f"{row.deals} deal{'s' if row.deals != 1 else ''} · {row.participants} named{share}"
    return text + (f" · {row.gaps} gap{'s' if row.gaps != 1 else ''}" if row.gaps else "")


def gaps_table(gaps: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    return pd.DataFrame(
        {
            "About": [names.get(e, "") if present(e) else "" for e in gaps["entity_id"]],
            "Year": [str(y) if present(y) else "" for y in gaps["year"]],
            "What is missing": gaps["missing"].astype(str),
            "Where we looked": gaps["looked"].astype(str),
            "Meanwhile": gaps["notes"].fillna("").astype(str),
        }
    )
