"""Open or closed: each lab's releases set against the money it raised, year by year (issue 13).

With about a dozen labs this is an illustration, not a statistical test: the page says so, and these functions
only count and add, they infer nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from fundgap.analysis import aggregate
from fundgap.analysis.coverage import covered_labs
from fundgap.analysis.filters import Filters
from fundgap.analysis.overview import bounds_text
from fundgap.analysis.rules import CountingRules
from fundgap.common.i18n import EN, N_, tr

YEARS = (2023, 2024, 2025, 2026)
OPENNESS_LABELS = {
    "open_weights": N_("open weights"),
    "api_only": N_("API or hosted only"),
    "partly_open": N_("partly open"),
}


def releases_in_view(releases: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The releases the recipient filters, the recipient region and the years select (investor filters do not
    apply:
    a release has no investor). Rejected releases only when rejected reports are shown."""
    keep = pd.Series(True, index=releases.index)
    if filters.recipient:
        keep &= releases["lab_id"].isin(filters.recipient)
    if filters.recipient_region:
        keep &= releases["lab_region"].isin(filters.recipient_region)
    if not filters.shows_rejected:
        keep &= releases["status"] != "REJECT"
    if filters.year_from is not None:
        keep &= (releases["year"] >= filters.year_from).fillna(False).astype(bool)
    if filters.year_to is not None:
        keep &= (releases["year"] <= filters.year_to).fillna(False).astype(bool)
    return releases[keep].sort_values(["lab", "date", "model"]).reset_index(drop=True)


@dataclass(frozen=True)
class LabYear:
    lab_id: str
    lab: str
    year: int
    money: aggregate.Total
    releases: int
    open_weights: int
    partly_open: int

    @property
    def open_share(self) -> float | None:
        """Releases with open weights (a partly open release counts half) over all releases; None without
        releases."""
        return (self.open_weights + 0.5 * self.partly_open) / self.releases if self.releases else None


def lab_years(
    figures: pd.DataFrame,
    releases: pd.DataFrame,
    rules: CountingRules,
    labs: dict[str, str],
    years: Iterable[int] = YEARS,
) -> list[LabYear]:
    """For each lab (id -> name) and year: the outside money counted under `rules` (the same Total as every
    other page, each lab-year counted on its own rows) and its releases by openness."""
    keys = [(lab, year) for lab in labs for year in years]
    index: dict[tuple[str, int | None], int] = {key: i for i, key in enumerate(keys)}
    lab_of = figures["recipient_id"].astype(object).to_numpy()
    year_of = figures["year_start"].astype(object).to_numpy()
    group = np.fromiter(
        (index.get((lab, _whole(year)), -1) for lab, year in zip(lab_of, year_of, strict=True)),
        dtype=np.int64,
        count=len(figures),
    )
    money = aggregate.totals_by(figures, rules, group, len(keys))
    counts: dict[tuple, list[int]] = {}
    for lab, year, openness in zip(releases["lab_id"], releases["year"], releases["openness"], strict=True):
        count = counts.setdefault((lab, _whole(year)), [0, 0, 0])
        count[0] += 1
        count[1] += openness == "open_weights"
        count[2] += openness == "partly_open"
    out = []
    for (lab, year), total in zip(keys, money, strict=True):
        n, open_weights, partly_open = counts.get((lab, year), (0, 0, 0))
        out.append(LabYear(lab, labs[lab], year, total, n, int(open_weights), int(partly_open)))
    return out


def _whole(year: Any) -> int | None:
    """A year as an int key when it is a whole number (2024, 2024.0), else None: an undated row is in no
    year."""
    try:
        return int(year) if float(year).is_integer() else None
    except (TypeError, ValueError):
        return None


def labs_shown(
    entities: pd.DataFrame, figures: pd.DataFrame, releases: pd.DataFrame, filters: Filters
) -> dict[str, str]:
    """The labs of the page, id -> name: every covered lab and every lab with a release, within the recipient
    filters."""
    ids = set(covered_labs(entities, figures)["entity_id"]) | set(releases["lab_id"])
    labs = entities[entities["entity_id"].isin(ids)]
    if filters.recipient:
        labs = labs[labs["entity_id"].isin(filters.recipient)]
    if filters.recipient_region:
        labs = labs[labs["region"].isin(filters.recipient_region)]
    labs = labs.sort_values(["region", "name"])
    return dict(zip(labs["entity_id"], labs["name"], strict=True))


def comparison_table(rows: list[LabYear]) -> pd.DataFrame:
    """One row per lab, and per year two cells: the money raised (bounds) and the open share of its
    releases."""
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        cells = table.setdefault(row.lab, {"Lab": row.lab})
        cells[f"{row.year} money"] = bounds_text(row.money) if row.money.n_counted else "none counted"
        cells[f"{row.year} open"] = (
            f"{row.open_share:.0%} of {row.releases}" if row.open_share is not None else "no release"
        )
    return pd.DataFrame(list(table.values()))


def openness_text(openness: str, licence: object, restriction: object, lang: str = EN) -> str:
    """ "open weights (Apache-2.0)": the licence and its restriction are the release's own text."""
    text = tr(lang, OPENNESS_LABELS.get(str(openness), str(openness)))
    if isinstance(licence, str) and licence:
        text += (
            f" ({licence}"
            + (f"; {restriction}" if isinstance(restriction, str) and restriction else "")
            + ")"
        )
    return text
