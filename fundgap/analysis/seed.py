"""The seed's comparisons, read from the claims table: which claim a headline sets against the documented
deals, and whose money into which labs. Curated data (claims.csv), not code, so a data update updates the
pages' words and numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from fundgap.common.fmt import present


@dataclass(frozen=True)
class Comparison:
    """One seed claim's comparison: its claimed amount against the documented money of these investors (by
    id, with their vehicles, or by region) in these labs."""

    claim_id: str
    label: str  # "Gulf → MiniMax and Zhipu": the headline in words, as cards and charts name it
    investor_ids: tuple[str, ...]
    investor_region: str | None
    lab_ids: tuple[str, ...]
    claimed: float | None
    claimed_low: float | None
    claimed_high: float | None


def comparison(claims: pd.DataFrame, headline: str) -> Comparison | None:
    """The claim the data marks as `headline` (schema.HEADLINES); None when the dataset has none."""
    if "headline" not in claims:
        return None
    hit = claims[claims["headline"] == headline]
    if hit.empty:
        return None
    row = hit.iloc[0]
    return Comparison(
        str(row["claim_id"]),
        str(row["headline_label"]) if present(row.get("headline_label")) else str(row["subject"]),
        _ids(row.get("compared_investor_ids")),
        str(row["compared_investor_region"]) if present(row.get("compared_investor_region")) else None,
        _ids(row.get("compared_lab_ids")),
        _number(row.get("claimed_amount_usd")),
        _number(row.get("claimed_low_usd")),
        _number(row.get("claimed_high_usd")),
    )


def _ids(values: Any) -> tuple[str, ...]:
    if values is None or isinstance(values, float):
        return ()
    return tuple(str(v) for v in values)


def _number(value: Any) -> float | None:
    return float(value) if present(value) else None
