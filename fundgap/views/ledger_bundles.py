"""What the Investors and Labs pages show: one investor's deals, one lab's rounds and who took part in them.

Pure builders over the dataset and the view (no Streamlit): the rows come from the flat table, so the counting
rules, filters and sources are the same as on every other page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from fundgap.analysis import aggregate
from fundgap.analysis.overview import Fact, bounds_detail, bounds_text
from fundgap.analysis.view import View
from fundgap.common import fmt
from fundgap.data.load import Dataset
from fundgap.views import charts
from fundgap.views.bundles import Chart, Table, arrow, chart, positions, short_names, table_of
from fundgap.views.charts.base import display_name, month


def _own_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """Participations, each with an investor of its own."""
    return figures[(figures["record_type"] == "participation") & figures["investor_id"].notna()]


def _order(rows: pd.DataFrame) -> pd.DataFrame:
    return (
        rows.assign(_undated=rows["period_start"].isna())
        .sort_values(["_undated", "period_start", "figure_id"])
        .drop(columns="_undated")
    )


@dataclass(frozen=True)
class IndexPage:
    """The list to pick from when the view names no investor (or no lab)."""

    table: pa.Table
    n_rows: int


@dataclass(frozen=True)
class InvestorPage:
    chosen: tuple[str, ...]
    facts: list[Fact]
    timeline: Chart | None
    table: Table
    positions: object
    index: IndexPage | None
    undated: int


INDEX_COLUMNS = ["figure_id", "investor_id", "recipient_id", "amount_usd", "record_type", "status"]


def investors_page(data: Dataset, view: View) -> InvestorPage:
    in_view = view.filters.apply(data.figures)
    if not view.filters.investor:
        listed = _own_rows(in_view[INDEX_COLUMNS])  # the list needs four columns, not every one
        return InvestorPage(
            (),
            [],
            None,
            table_of(in_view.iloc[0:0]),
            positions(data.figures, in_view.iloc[0:0]),
            investor_index(listed, data.entities),
            0,
        )
    rows = _order(_own_rows(in_view))
    total = aggregate.total(rows, view.rules)
    labs = rows["recipient_id"].nunique()
    deals = rows["deal_id"].nunique()
    facts = [
        Fact(
            "Deals joined",
            f"{deals:,}",
            fmt.count(len(rows), "participation"),
            "Deals in view with a participation of the chosen investor or its vehicles.",
        ),
        Fact(
            "Labs backed",
            f"{labs:,}",
            ", ".join(sorted(rows["recipient"].astype(str).unique())[:4]) + (" …" if labs > 4 else ""),
            "",
        ),
        Fact(
            "Counted money",
            bounds_text(total),
            bounds_detail(total),
            "Lower bound: disclosed tickets. Upper bound: the full size of each round joined where a "
            "ticket is undisclosed.",
        ),
    ]
    figure = charts.investor_timeline(rows, view.filters.describe(), short_names(data.entities))
    return InvestorPage(
        view.filters.investor,
        facts,
        chart(figure, rows, "investor_timeline", data.figures),
        table_of(rows),
        positions(data.figures, rows),
        None,
        int(rows["period_start"].isna().sum()),
    )


def investor_index(rows: pd.DataFrame, entities: pd.DataFrame) -> IndexPage:
    """Every investor in view with its participations, labs and disclosed tickets, most active first."""
    if rows.empty:
        return IndexPage(
            arrow(
                pd.DataFrame(
                    columns=["Investor", "Kind", "Region", "Participations", "Labs", "Disclosed tickets"]
                )
            ),
            0,
        )
    grouped = rows.groupby("investor_id", observed=True).agg(
        participations=("figure_id", "size"),
        labs=("recipient_id", "nunique"),
        disclosed=("amount_usd", "sum"),
    )
    info = entities.set_index("entity_id")
    frame = pd.DataFrame(
        {
            "Investor": [str(info.loc[i, "name"]) for i in grouped.index],
            "Kind": [str(info.loc[i, "kind"]).replace("_", " ") for i in grouped.index],
            "Region": [str(info.loc[i, "region"]) for i in grouped.index],
            "Participations": grouped["participations"].astype(int).to_numpy(),
            "Labs": grouped["labs"].astype(int).to_numpy(),
            "Disclosed tickets": [fmt.usd(v) if v else "none disclosed" for v in grouped["disclosed"]],
        }
    ).sort_values(["Participations", "Investor"], ascending=[False, True])
    return IndexPage(arrow(frame.reset_index(drop=True)), len(frame))


@dataclass(frozen=True)
class LabPage:
    chosen: tuple[str, ...]
    facts: list[Fact]
    rounds: Chart | None
    participants: Chart | None
    table: Table
    positions: object
    index: IndexPage | None


LAB_INDEX_COLUMNS = [
    "figure_id",
    "part_of",
    "flow_kind",
    "status",
    "amount_usd",
    "amount_low_usd",
    "amount_high_usd",
    "amount_kind",
    "record_type",
    "recipient",
    "recipient_id",
    "recipient_region",
]


def labs_page(data: Dataset, view: View) -> LabPage:
    in_view = view.filters.apply(data.figures)
    if not view.filters.recipient:
        empty = in_view.iloc[0:0]
        return LabPage(
            (),
            [],
            None,
            None,
            table_of(empty),
            positions(data.figures, empty),
            lab_index(in_view[LAB_INDEX_COLUMNS], view),
        )
    deals = in_view[in_view["record_type"] == "deal"] if not view.filters.by_investor else in_view.iloc[0:0]
    parts = _order(_own_rows(in_view))
    counted_deals = in_view[aggregate.counted_mask(in_view, view.rules)]
    total = aggregate.total(in_view, view.rules)
    names = short_names(data.entities)
    facts = [
        Fact(
            "Deals", f"{deals['deal_id'].nunique():,}", f"{len(counted_deals):,} counted under the rules", ""
        ),
        Fact(
            "Money counted",
            bounds_text(total),
            bounds_detail(total, "counted deal"),
            "Under the counting rules in the sidebar.",
        ),
        *valuation_facts(in_view, names),
        Fact(
            "Participants named",
            f"{parts['investor_id'].nunique():,}",
            fmt.count(len(parts), "participation"),
            "",
        ),
    ]
    subtitle = view.filters.describe()
    rounds = charts.lab_rounds(_order(deals), subtitle, names)
    members = charts.lab_participants(parts, subtitle)
    return LabPage(
        view.filters.recipient,
        facts,
        chart(rounds, deals, "lab_rounds", data.figures),
        chart(members, parts, "lab_participants", data.figures),
        table_of(parts),
        positions(data.figures, parts),
        None,
    )


VALUATION_HELP = (
    "The latest value a source states for the whole company: at a round (the deal's source), or as a market "
    "value; fundgap converts no currencies, so a value stated only in yuan or Hong Kong dollars is not here."
)
MAX_VALUATION_CARDS = 4


def valuation_facts(rows: pd.DataFrame, names: dict[str, str] | None = None) -> list[Fact]:
    """The latest dated valuation of each lab in `rows`, with its date and kind: a round's valuation (a deal
    whose source states one) or a market value (a figure valuing the whole company, not a stake in it). A
    listing after it with no value of its own is said, so an old round's value is not read as today's. With
    several labs, one card each, named."""
    labs = list(dict.fromkeys(rows["recipient_id"].dropna().astype(str)))[:MAX_VALUATION_CARDS] or [""]
    facts = []
    for lab in labs:
        own = rows[rows["recipient_id"].astype(str) == lab] if lab else rows
        stated = []
        live = own["status"].astype(str) != "REJECT"
        rounds = own[live & (own["record_type"] == "deal") & own["valuation_usd"].notna()]
        stated += [
            (month(p), v, f"{note} · at its round" if fmt.present(note) else "at its round", p)
            for p, v, note in zip(
                rounds["period_start"], rounds["valuation_usd"], rounds["valuation_note"], strict=True
            )
            if fmt.present(p)
        ]
        market = own[
            live
            & (own["flow_kind"] == "market_value")
            & own["investor_id"].isna()
            & own["amount_usd"].notna()
        ]
        stated += [
            (month(p), v, f"market value · {st}" if st != "VERIFIED" else "market value", p)
            for p, v, st in zip(
                market["period_start"], market["amount_usd"], market["status"].astype(str), strict=True
            )
            if fmt.present(p)
        ]
        name = display_name(own["recipient"].iloc[0], names) if len(own) and lab else ""
        label = f"Latest valuation: {name}" if len(labs) > 1 else "Latest valuation"
        if not stated:
            facts.append(Fact(label, "none stated", "none stated by a source", VALUATION_HELP))
            continue
        when, value, kind, period = max(stated, key=lambda item: item[0])
        detail = f"{kind} · {period}"
        listings = own[live & (own["flow_kind"] == "ipo_total") & (own["record_type"] == "deal")]
        later = sorted(str(p) for p in listings["period_start"] if fmt.present(p) and month(p) > when)
        if later:
            detail += f"; listed {later[-1]}, with no valuation at or since listing in the data"
        facts.append(Fact(label, fmt.usd(value), detail, VALUATION_HELP))
    return facts


def lab_index(in_view: pd.DataFrame, view: View) -> IndexPage:
    """Every recipient in view with its deals and the money counted under the rules: one counting pass, then
    sums per recipient (deal rows only, so each is one deal's whole amount)."""
    deals = in_view[(in_view["record_type"] == "deal")]
    if deals.empty:
        return IndexPage(arrow(pd.DataFrame(columns=["Lab", "Region", "Deals", "Money counted"])), 0)
    counted = aggregate.counted_mask(deals, view.rules).to_numpy()
    amount = deals["amount_usd"]
    per_deal = pd.DataFrame(
        {
            "recipient_id": deals["recipient_id"].astype(str).to_numpy(),
            "counted": counted,
            "low": np.where(counted & amount.notna(), deals["amount_low_usd"].fillna(amount), 0.0),
            # An amount stated only in another currency is listed, not summed (as in aggregate.total).
            "high": np.where(counted & amount.notna().to_numpy(), aggregate.upper_ends(deals), 0.0),
            "open": counted & (deals["amount_kind"].astype(str) == "undisclosed").to_numpy(),
        }
    )
    per_deal["high"] = np.where(per_deal["open"], np.inf, per_deal["high"])
    sums = per_deal.groupby("recipient_id", sort=False).agg(
        deals=("counted", "size"), n=("counted", "sum"), low=("low", "sum"), high=("high", "sum")
    )
    first = deals.drop_duplicates("recipient_id").set_index(
        deals.drop_duplicates("recipient_id")["recipient_id"].astype(str)
    )
    frame = (
        pd.DataFrame(
            {
                "Lab": [str(first.loc[r, "recipient"]) for r in sums.index],
                "Region": [str(first.loc[r, "recipient_region"]) for r in sums.index],
                "Deals": sums["deals"].astype(int).to_numpy(),
                "Money counted": [
                    "none documented"
                    if n == 0
                    else "undisclosed"
                    if lo == 0 and np.isinf(hi)
                    else fmt.usd_bounds(lo, hi)
                    for n, lo, hi in zip(sums["n"], sums["low"], sums["high"], strict=True)
                ],
            }
        )
        .sort_values(["Region", "Lab"])
        .reset_index(drop=True)
    )
    return IndexPage(arrow(frame), len(frame))
