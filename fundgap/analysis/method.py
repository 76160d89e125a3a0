"""Tables for the Sources & method page."""

from __future__ import annotations

from collections.abc import Mapping, Sized

import pandas as pd

from fundgap.common.fmt import present
from fundgap.common.i18n import EN, tr
from fundgap.common.safety import markdown_literal
from fundgap.data import schema


def sources_with_counts(sources: pd.DataFrame, figures: pd.DataFrame, lang: str = EN) -> pd.DataFrame:
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
        .where(sources["date_published"].notna(), tr(lang, "undated")),
    )
    return (
        out.assign(_g=out["grade"].map(schema.SOURCE_LEVEL))
        .sort_values(["_g", "publisher"])
        .drop(columns="_g")
        .reset_index(drop=True)
    )


def conflicts_markdown(conflicts: pd.DataFrame, lang: str = EN) -> str:
    """Each conflict with its full resolution, as one markdown list (dataset text escaped, never
    interpreted). The words before the ids are the project's (in `lang`); the ids, topic, resolution and
    reports are dataset text and stay as written."""
    trusted = tr(lang, "Trusted: {ids}")
    rejected = tr(lang, "Rejected: {ids}")
    reports = tr(lang, "Other rejected reports: {reports}")
    items = []
    for conflict in conflicts.itertuples(index=False):
        details = [
            trusted.format(ids=", ".join(conflict.trusted_figure_ids))
            if _ids(conflict.trusted_figure_ids)
            else "",
            rejected.format(ids=", ".join(conflict.rejected_figure_ids))
            if _ids(conflict.rejected_figure_ids)
            else "",
            reports.format(reports=conflict.rejected_reports) if present(conflict.rejected_reports) else "",
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


def coverage_table(
    matrix: pd.DataFrame, lang: str = EN, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The coverage matrix as a reader reads it: one row per lab, one column per year, "3 deals · 7 named ·
    67%". `names`: each lab's name in `lang` by its id (its name_zh in Chinese), else the matrix's name."""
    lab, region = tr(lang, "Lab"), tr(lang, "Region")
    if matrix.empty:
        return pd.DataFrame({lab: []})
    cells = matrix.assign(cell=[_coverage_cell(r, lang) for r in matrix.itertuples(index=False)])
    if lang != EN:
        cells = cells.assign(
            lab=[(names or {}).get(i, n) for i, n in zip(cells["lab_id"], cells["lab"], strict=True)],
            region=[tr(lang, str(r)) for r in cells["region"]],
            year=[tr(lang, "undated") if y == "undated" else y for y in cells["year"]],
        )
    wide = cells.pivot_table(
        index=["region", "lab"], columns="year", values="cell", aggfunc="first", sort=False
    )
    wide = wide.reset_index().rename(columns={"lab": lab, "region": region})
    return wide.fillna("").astype(str)


def _coverage_cell(row: pd.Series, lang: str = EN) -> str:
    if lang != EN:
        return _coverage_cell_in(row, lang)
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


def _coverage_cell_in(row: pd.Series, lang: str) -> str:
    """A coverage cell in `lang`, the same parts as the English one."""
    if row.deals == 0:
        parts = [tr(lang, "no deal found")]
    else:
        parts = [
            tr(lang, "{n} deals").format(n=row.deals),
            tr(lang, "{n} named").format(n=row.participants),
        ]
        if row.disclosed_share is not None and not pd.isna(row.disclosed_share):
            parts.append(tr(lang, "{share} disclosed").format(share=f"{row.disclosed_share:.0%}"))
    if row.gaps:
        parts.append(tr(lang, "{n} gaps").format(n=row.gaps))
    return " · ".join(parts)


def gaps_table(gaps: pd.DataFrame, entities: pd.DataFrame, lang: str = EN) -> pd.DataFrame:
    """What was looked for and not found. The headers are the project's (in `lang`); what is missing, where
    we looked and the notes are dataset text and stay as written."""
    names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    if lang != EN and "name_zh" in entities:
        names |= {
            e: str(z) for e, z in zip(entities["entity_id"], entities["name_zh"], strict=True) if present(z)
        }
    return pd.DataFrame(
        {
            tr(lang, "About"): [names.get(e, "") if present(e) else "" for e in gaps["entity_id"]],
            tr(lang, "Year"): [str(y) if present(y) else "" for y in gaps["year"]],
            tr(lang, "What is missing"): gaps["missing"].astype(str),
            tr(lang, "Where we looked"): gaps["looked"].astype(str),
            tr(lang, "Meanwhile"): gaps["notes"].fillna("").astype(str),
        }
    )
