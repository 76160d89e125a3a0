"""Tables for the Sources & method page."""

from __future__ import annotations

import pandas as pd


def sources_with_counts(sources: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Every source with the number of figures citing it (as main or corroborating source), grade first."""
    main = figures["source_id"].value_counts()
    other = figures["other_source_ids"].explode().value_counts()
    counts = main.add(other, fill_value=0)
    out = sources.assign(figures=sources["source_id"].map(counts).fillna(0).astype(int))
    order = {"primary": 0, "wire_copy": 1, "secondary": 2}
    return out.assign(_g=out["grade"].map(order)).sort_values(["_g", "publisher"]).drop(columns="_g").reset_index(drop=True)
