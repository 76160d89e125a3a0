"""Tables for the Sources & method page."""

from __future__ import annotations

import pandas as pd

from fundgap.common.fmt import present
from fundgap.common.safety import markdown_literal


def sources_with_counts(sources: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Every source with the number of figures citing it (as main or corroborating source), grade first."""
    main = figures["source_id"].value_counts()
    other = figures["other_source_ids"].explode().value_counts()
    counts = main.add(other, fill_value=0)
    out = sources.assign(figures=sources["source_id"].map(counts).fillna(0).astype(int))
    order = {"primary": 0, "wire_copy": 1, "secondary": 2}
    return out.assign(_g=out["grade"].map(order)).sort_values(["_g", "publisher"]).drop(columns="_g").reset_index(drop=True)


def conflicts_markdown(conflicts: pd.DataFrame) -> str:
    """Each conflict with its full resolution, as one markdown list (dataset text escaped, never interpreted)."""
    items = []
    for conflict in conflicts.itertuples(index=False):
        details = [
            f"Trusted: {', '.join(conflict.trusted_figure_ids)}" if _ids(conflict.trusted_figure_ids) else "",
            f"Rejected: {', '.join(conflict.rejected_figure_ids)}" if _ids(conflict.rejected_figure_ids) else "",
            f"Other rejected reports: {conflict.rejected_reports}" if present(conflict.rejected_reports) else "",
        ]
        detail = " · ".join(d for d in details if d)
        items.append(f"- **{markdown_literal(conflict.conflict_id)}** · {markdown_literal(conflict.topic)}  \n"
                     f"  {markdown_literal(conflict.resolution)}" + (f"  \n  *{markdown_literal(detail)}*" if detail else ""))
    return "\n".join(items)


def _ids(values) -> bool:
    return values is not None and len(values) > 0
