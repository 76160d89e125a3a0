"""How complete the ledger is, lab by lab and year by year: the deals found, the participants named, the share
of deals whose amount is disclosed, and the gaps recorded (what was looked for and not found)."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pandas as pd

from fundgap.analysis import aggregate
from fundgap.analysis.rules import CountingRules
from fundgap.analysis.softbank import softbank_openai
from fundgap.common.i18n import EN, N_, tr
from fundgap.data import schema

FIRST_YEAR = 2023
UNDATED = "undated"
COVERAGE_COLUMNS = ["lab", "lab_id", "region", "year", "deals", "participants", "disclosed_share", "gaps"]


def covered_labs(entities: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Labs that raise outside money: entities of kind lab that receive a deal or a figure, or have a gap
    recorded. In-house teams (Alibaba's Qwen, ByteDance's Seed) have an owner and no outside round: they are
    not listed."""
    labs = entities[(entities["kind"] == "lab")]
    owned = labs["owner_ids"].map(lambda owners: owners is not None and len(owners) > 0)
    recipients = set(figures["recipient_id"].dropna())
    return (
        labs[~owned & labs["entity_id"].isin(recipients)]
        .sort_values(["region", "name"])
        .reset_index(drop=True)
    )


def coverage_matrix(
    entities: pd.DataFrame, figures: pd.DataFrame, gaps: pd.DataFrame, last_year: int
) -> pd.DataFrame:
    """One row per covered lab and year (FIRST_YEAR..last_year, then undated rows). Rejected reports are left
    out:
    they are not deals that happened. Counted in one pass over the rows, not one filter per lab and year."""
    labs = covered_labs(entities, figures)
    kept = figures[(figures["status"] != "REJECT").to_numpy(dtype=bool)]
    record = kept["record_type"].astype(object).to_numpy()
    disclosed = (kept["amount_usd"].notna() | (kept["amount_kind"] == "lower_bound")).to_numpy(dtype=bool)
    deals: dict[tuple, list[int]] = {}  # (lab, year) -> [deals, deals disclosed]
    named: dict[tuple, set] = {}  # (lab, year) -> the participants' investor ids
    for lab, year, kind, investor, shown in zip(
        kept["recipient_id"].astype(object),
        kept["year_start"].astype(object),
        record,
        kept["investor_id"].astype(object),
        disclosed,
        strict=True,
    ):
        key = (lab, UNDATED if year is None or year is pd.NA else year)
        if kind == "deal":
            cell = deals.setdefault(key, [0, 0])
            cell[0] += 1
            cell[1] += bool(shown)
        elif kind == "participation" and isinstance(investor, str):
            named.setdefault(key, set()).add(investor)
    gap_years = gaps["year"].fillna("").astype(str).str[:4]
    gap_counts = Counter(zip(gaps["entity_id"], gap_years, strict=True))
    rows = []
    for lab in labs.itertuples(index=False):
        for year in [*range(FIRST_YEAR, last_year + 1), UNDATED]:
            n, disclosed_n = deals.get((lab.entity_id, year), (0, 0))
            gap_count = gap_counts.get((lab.entity_id, "" if year == UNDATED else str(year)), 0)
            if year == UNDATED and n == 0 and gap_count == 0:
                continue
            rows.append(
                {
                    "lab": lab.name,
                    "lab_id": lab.entity_id,
                    "region": lab.region,
                    "year": str(year),
                    "deals": n,
                    "participants": len(named.get((lab.entity_id, year), ())),
                    "disclosed_share": (disclosed_n / n) if n else None,
                    "gaps": gap_count,
                }
            )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def sources_by_level(sources: pd.DataFrame) -> dict[int, int]:
    """How many sources sit at each level of the source order (1 = the producer's own text ... 4 = anything
    else)."""
    levels = sources["grade"].map(schema.SOURCE_LEVEL)
    return {level: int((levels == level).sum()) for level in (1, 2, 3, 4)}


def coverage_text(matrix: pd.DataFrame, lang: str = EN, names: dict[str, str] | None = None) -> str:
    """The matrix as a plain-text table for the command line; in Chinese, labs under their `names` (name_zh)
    as the Sources & method page lists them."""
    if lang != EN:
        return _coverage_text_in(matrix, lang, names or {})
    header = f"{'Lab':<34} {'Year':<8} {'Deals':>5} {'Named':>6} {'Disclosed':>10} {'Gaps':>5}"
    lines = [header, "-" * len(header)]
    for row in matrix.itertuples(index=False):
        share = _share_text(row.disclosed_share)
        lines.append(
            f"{row.lab[:34]:<34} {row.year:<8} {row.deals:>5} {row.participants:>6} {share:>10} {row.gaps:>5}"
        )
    return "\n".join(lines)


def _share_text(share: float | None) -> str:
    """The disclosed share as a printed cell: "50%", or "—" where no deal has an amount to disclose."""
    return "—" if share is None or pd.isna(share) else f"{share:.0%}"


def _width(text: str) -> int:
    """Columns a terminal gives `text`: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def _coverage_text_in(matrix: pd.DataFrame, lang: str, names: dict[str, str]) -> str:
    """coverage_text in `lang`: the same columns, headed in `lang`, padded by display width."""
    heads = [tr(lang, w) for w in ("Lab", "Year", "Deals", "Named", "Disclosed", "Gaps")]
    widths, right = (34, 8, 5, 6, 10, 5), (False, False, True, True, True, True)

    def line(cells: list[str]) -> str:
        return " ".join(_pad(c, w, r) for c, w, r in zip(cells, widths, right, strict=True)).rstrip()

    header = line(heads)
    lines = [header, "-" * _width(header)]
    for row in matrix.itertuples(index=False):
        share = _share_text(row.disclosed_share)
        year = tr(lang, UNDATED) if row.year == UNDATED else row.year
        lab = names.get(row.lab_id, row.lab)[:34]
        cells = [lab, year, str(row.deals), str(row.participants), share, str(row.gaps)]
        lines.append(line(cells))
    return "\n".join(lines)


# The command line's coverage headers, translated where shown (_coverage_text_in).
COVERAGE_WORDS = (N_("Lab"), N_("Year"), N_("Deals"), N_("Named"), N_("Disclosed"), N_("Gaps"))


def headline_rows(figures: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The rows behind the Overview's and the SoftBank page's headline numbers under the default rules: the
    Gulf totals of the seed's labs, SoftBank's OpenAI money, and the AI Index series."""
    rules = CountingRules()
    gap = aggregate.gulf_gap(aggregate.gulf_rows(figures), claims, rules)
    ids = {
        *gap.china.documented.figure_ids,
        *gap.us.documented.figure_ids,
        *softbank_openai(figures, claims, rules).openai.figure_ids,
    }
    series = aggregate.ai_index_series(figures[figures["flow_kind"] == "country_total"])
    return figures[figures["figure_id"].isin(ids | set(series["figure_id"]))]


def level_shares(rows: pd.DataFrame) -> dict[str, float]:
    """Share of rows whose best source is level 1 or 2, and level 1 to 3."""
    levels = rows["source_level"]
    n = max(len(rows), 1)
    return {
        "level 1-2": float((levels <= 2).sum()) / n,
        "level 1-3": float((levels <= 3).sum()) / n,
        "rows": len(rows),
    }
