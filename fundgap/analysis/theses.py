"""The seed's theses on the state's money, the labs' valuations, the Hong Kong listings and Alibaba's market
value: the frames their charts on the Claims page draw. Pure functions: frames in, new frames out.

Investor classes are read from the entities (kind, region and owners, at any depth), from the side of the
lab that received the money: for a Chinese lab a Gulf fund is a foreign investor, for a US lab SoftBank is.
Where a round's tickets are undisclosed (most are) the money of one kind of investor is given as bounds, as
the Overview does for Gulf money: its disclosed tickets (the least) and the full size of every round it
joined (the most)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from fundgap.analysis import aggregate
from fundgap.analysis.rules import CountingRules
from fundgap.common.i18n import N_

STATE_CLAIM = "claim_state_support_only_recent"
VALUATION_CLAIM = "claim_underwhelming_valuations"
IPO_CLAIM = "claim_rushed_ipos"
ALIBABA_CLAIM = "claim_alibaba_market_value_300b"

# Each class and basis is its own English words; charts write them in the reader's language (tr).
STATE_FUNDS = N_("State funds and guidance funds")
STATE_COMPANIES = N_("State-owned companies")
PRIVATE_COMPANIES = N_("Private companies")
FUNDS = N_("Venture and investment funds")
FOREIGN = N_("Foreign investors")
OTHER = N_("Individuals and unclassified")
INVESTOR_CLASSES = (STATE_FUNDS, STATE_COMPANIES, PRIVATE_COMPANIES, FUNDS, FOREIGN, OTHER)
STATE_CLASSES = (STATE_FUNDS, STATE_COMPANIES)

STATE_FUND_KINDS = frozenset({"sovereign_fund", "state_fund", "state_investment_company"})
STATE_COMPANY_KINDS = frozenset({"state_owned_enterprise"})
COMPANY_KINDS = frozenset({"corporate", "corporate_venture", "holding_company"})
FUND_KINDS = frozenset({"venture", "private_equity", "asset_manager"})
# Regions that say nothing about where an investor is from: unnamed investors, a fund of unknown domicile.
UNPLACED_REGIONS = frozenset({"Mixed", "World", ""})
MAX_OWNER_DEPTH = 6

# The Hong Kong dollar is pegged to the US dollar within this band (the Linked Exchange Rate System). A value
# a source gives only in HK$ is drawn on a US dollar axis across the band, and marked as fundgap's conversion.
HKD_PER_USD = 7.8
HKD_PER_USD_BAND = (7.75, 7.85)
APPROXIMATE_SPREAD = 0.10  # the data's convention for "about" (data/README.md)
LISTING_NOTE = "at the offer price"  # a market_value row whose date_note starts so is a listing value


# -- investor classes ---------------------------------------------------------------------------------


def investor_classes(entities: pd.DataFrame, home_region: str) -> dict[str, str]:
    """Entity id -> its investor class, seen from a lab in `home_region`."""
    kinds = dict(zip(entities["entity_id"], entities["kind"].fillna(""), strict=True))
    regions = dict(zip(entities["entity_id"], entities["region"].fillna(""), strict=True))
    owners = {
        e: [o for o in (list(v) if v is not None and not _na(v) else []) if o]
        for e, v in zip(entities["entity_id"], entities["owner_ids"], strict=True)
    }
    return {e: classify(kinds[e], regions[e], _owner_kinds(e, kinds, owners), home_region) for e in kinds}


def classify(kind: str, region: str, owner_kinds: frozenset[str], home_region: str) -> str:
    """One investor's class: foreign before anything else, then what it is, then who owns it."""
    if region in UNPLACED_REGIONS:
        return OTHER
    if region != home_region:
        return FOREIGN
    if kind in STATE_FUND_KINDS:
        return STATE_FUNDS
    if kind in STATE_COMPANY_KINDS:
        return STATE_COMPANIES
    # A company or fund the state owns (an SOE's investment arm, a state fund's vehicle) is the state's money.
    if owner_kinds & (STATE_FUND_KINDS | STATE_COMPANY_KINDS) and kind in COMPANY_KINDS | FUND_KINDS:
        return STATE_COMPANIES
    if kind in COMPANY_KINDS:
        return PRIVATE_COMPANIES
    if kind in FUND_KINDS:
        return FUNDS
    return OTHER


def _owner_kinds(entity: str, kinds: dict[str, str], owners: dict[str, list[str]]) -> frozenset[str]:
    found: set[str] = set()
    frontier = list(owners.get(entity, []))
    for _ in range(MAX_OWNER_DEPTH):
        if not frontier:
            break
        found.update(kinds.get(o, "") for o in frontier)
        frontier = [p for o in frontier for p in owners.get(o, [])]
    return frozenset(found - {""})


def _na(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


# -- money by kind of investor and year ---------------------------------------------------------------

MONEY_COLUMNS = [
    "year",
    "investor_class",
    "joined_usd",
    "disclosed_usd",
    "n_deals",
    "n_investors",
    "deals",
    "figure_ids",
]
DEAL_COLUMNS = ["figure_id", "year", "amount_usd", "classes", "label"]
# What counting and attributing a deal read: taking these first keeps each row lookup to a few cells.
MONEY_INPUT_COLUMNS = [
    "figure_id",
    "record_type",
    "deal_id",
    "part_of",
    "flow_kind",
    "status",
    "amount_usd",
    "amount_low_usd",
    "amount_high_usd",
    "amount_kind",
    "investor_id",
    "recipient",
    "recipient_id",
    "period_start",
    "year_start",
    "deal_amount_usd",
]


@dataclass(frozen=True)
class ClassMoney:
    """Money into one country's covered labs, by year and kind of investor.

    `deals` has one row per counted deal (or participation counted alone) with the classes of the investors
    named in it. `by_class` has one row per year and class: `joined_usd` adds the full amount of every deal
    that class took part in (a round joined by three kinds counts in all three, so the rows do not add up),
    `disclosed_usd` its own disclosed tickets. `years` gives each year's counted total and the part that names
    no investor."""

    deals: pd.DataFrame
    by_class: pd.DataFrame
    years: pd.DataFrame

    @property
    def undated_usd(self) -> float:
        return float(self.deals.loc[self.deals["year"].isna(), "amount_usd"].sum())

    def joined_by(self, classes: tuple[str, ...]) -> pd.DataFrame:
        """The dated deals that any of `classes` took part in, each once."""
        hit = [bool(set(c) & set(classes)) for c in self.deals["classes"]]
        return self.deals[np.array(hit, dtype=bool) & self.deals["year"].notna().to_numpy(dtype=bool)]


def money_by_investor_class(
    figures: pd.DataFrame, entities: pd.DataFrame, rules: CountingRules, home_region: str
) -> ClassMoney:
    labs = set(entities.loc[(entities["kind"] == "lab") & (entities["region"] == home_region), "entity_id"])
    # A rejected report names no investor: shown on request elsewhere, it never puts a class into a deal here.
    keep = figures["recipient_id"].isin(labs).to_numpy(dtype=bool) & (figures["status"] != "REJECT").to_numpy(
        dtype=bool
    )
    rows = figures.loc[keep, [c for c in MONEY_INPUT_COLUMNS if c in figures]].reset_index(drop=True)
    classes = investor_classes(entities, home_region)
    tree = _DealTree.of(rows)
    admitted = aggregate.counted_mask(rows, rules).to_numpy(dtype=bool)
    counted = admitted & ~tree.covered(rows, admitted)
    deal_rows: list[dict] = []
    cells: dict[tuple[int, str], dict] = {}
    # Plain records, not rows.iloc[i]: a pandas row lookup costs a frame copy, and this loop runs on every new
    # view of the Claims page (issue 25).
    records = rows.to_dict("records")
    for i in np.flatnonzero(counted):
        row = records[i]
        amount = float(row["amount_usd"]) if pd.notna(row["amount_usd"]) else 0.0
        members, own = tree.participants(row, int(i))
        member_rows = [records[m] for m in members]
        kinds = [classes.get(str(member["investor_id"]), OTHER) for member in member_rows]
        year = int(row["year_start"]) if pd.notna(row["year_start"]) else None
        label = f"{row['recipient']} ({row['period_start']})" if year is not None else str(row["recipient"])
        deal_rows.append(
            {
                "figure_id": str(row["figure_id"]),
                "year": year,
                "amount_usd": amount,
                "classes": tuple(dict.fromkeys(kinds)),
                "label": label,
            }
        )
        if year is None:
            continue
        tickets = _tickets(member_rows, own, kinds)
        for kind in dict.fromkeys(kinds):
            cell = cells.setdefault(
                (year, kind),
                {"year": year, "investor_class": kind, "joined_usd": 0.0, "disclosed_usd": 0.0}
                | {"n_deals": 0, "n_investors": 0, "deals": [], "figure_ids": []},
            )
            cell["joined_usd"] += amount
            # A ticket larger than its counted part (a commitment's ticket beside a tranche) is capped.
            cell["disclosed_usd"] += min(tickets.get(kind, 0.0), amount)
            cell["n_deals"] += 1
            cell["n_investors"] += kinds.count(kind)
            cell["deals"].append(label)
            cell["figure_ids"].append(str(row["figure_id"]))
    deals = pd.DataFrame(deal_rows, columns=DEAL_COLUMNS)
    order = {kind: n for n, kind in enumerate(INVESTOR_CLASSES)}
    by_class = pd.DataFrame(
        [
            {**c, "deals": tuple(c["deals"]), "figure_ids": tuple(c["figure_ids"])}
            for c in sorted(cells.values(), key=lambda c: (c["year"], order[c["investor_class"]]))
        ],
        columns=MONEY_COLUMNS,
    )
    return ClassMoney(deals, by_class, _year_totals(deals))


def _year_totals(deals: pd.DataFrame) -> pd.DataFrame:
    dated = deals[deals["year"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=["year", "total_usd", "unnamed_usd", "n_deals"])
    unnamed = dated["amount_usd"].where(dated["classes"].map(len) == 0, 0.0)
    frame = dated.assign(unnamed_usd=unnamed, year=dated["year"].astype(int))
    return (
        frame.groupby("year", as_index=False)
        .agg(
            total_usd=("amount_usd", "sum"), unnamed_usd=("unnamed_usd", "sum"), n_deals=("figure_id", "size")
        )
        .sort_values("year", ignore_index=True)
    )


@dataclass(frozen=True)
class _DealTree:
    """Which participation rows belong to which deal, and which deal sits inside which (part_of)."""

    by_deal: dict[str, list[int]]
    children: dict[str, list[str]]
    parent_of: dict[str, str]

    @classmethod
    def of(cls, rows: pd.DataFrame) -> _DealTree:
        by_deal: dict[str, list[int]] = {}
        is_part = (rows["record_type"] == "participation").to_numpy(dtype=bool)
        for position, deal in zip(np.flatnonzero(is_part), rows.loc[is_part, "deal_id"], strict=True):
            by_deal.setdefault(str(deal), []).append(int(position))
        children: dict[str, list[str]] = {}
        parent_of: dict[str, str] = {}
        deals = rows[(rows["record_type"] == "deal").to_numpy(dtype=bool)]
        for deal, parent in zip(deals["deal_id"].astype(str), deals["part_of"], strict=True):
            if isinstance(parent, str) and parent:
                children.setdefault(parent, []).append(deal)
                parent_of[deal] = parent
        return cls(by_deal, children, parent_of)

    def covered(self, rows: pd.DataFrame, counted: np.ndarray) -> np.ndarray:
        """Participation rows whose deal is counted, or contains a counted deal (a commitment paid through a
        counted tranche): the deal carries their money already. counted_mask counts a tranche's participation
        beside the tranche itself when the participation hangs under its commitment's participation."""
        deals = rows["record_type"].to_numpy(dtype=object) == "deal"
        carried: set[str] = set()
        for deal in rows.loc[counted & deals, "deal_id"].astype(str):
            ancestor: str | None = deal
            for _ in range(aggregate.MAX_PART_OF_DEPTH + 1):
                if ancestor is None:
                    break
                carried.add(ancestor)
                ancestor = self.parent_of.get(ancestor)
        is_part = rows["record_type"].to_numpy(dtype=object) == "participation"
        return is_part & rows["deal_id"].astype(str).isin(carried).to_numpy(dtype=bool)

    def participants(self, row: Mapping[str, Any], position: int) -> tuple[list[int], bool]:
        """The participation rows of a counted row, and whether they are its own (inside it) or a parent's."""
        if row["record_type"] == "participation":
            return [position], True
        deal = str(row["deal_id"])
        inside = [p for d in self._subtree(deal) for p in self.by_deal.get(d, [])]
        if inside:
            return inside, True
        # A tranche with no participants of its own was paid by whoever made the commitment it belongs to.
        ancestor = self.parent_of.get(deal)
        for _ in range(aggregate.MAX_PART_OF_DEPTH):
            if ancestor is None:
                break
            if self.by_deal.get(ancestor):
                return self.by_deal[ancestor], False
            ancestor = self.parent_of.get(ancestor)
        return [], False

    def _subtree(self, deal: str) -> list[str]:
        found, frontier = [deal], [deal]
        for _ in range(aggregate.MAX_PART_OF_DEPTH):
            frontier = [c for d in frontier for c in self.children.get(d, [])]
            if not frontier:
                break
            found += frontier
        return found


def _tickets(members: list[dict], own: bool, kinds: list[str]) -> dict[str, float]:
    """Disclosed tickets by class. An investor named at two levels of one deal (a commitment and its tranche)
    counts once, at its largest ticket; a parent deal's tickets say nothing about this part of it."""
    if not own:
        return {}
    largest: dict[tuple[str, str], float] = {}
    for member, kind in zip(members, kinds, strict=True):
        investor, amount = str(member["investor_id"]), member["amount_usd"]
        if pd.notna(amount):
            largest[(kind, investor)] = max(largest.get((kind, investor), 0.0), float(amount))
    out: dict[str, float] = {}
    for (kind, _), amount in largest.items():
        out[kind] = out.get(kind, 0.0) + amount
    return out


def state_context(figures: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """The economy-wide state money bearing on the state claim, with a dollar amount, largest first: the AI
    Index guidance-fund estimate, the national AI fund, the state venture guidance fund (none into a lab)."""
    labs = entities.loc[entities["kind"] == "lab", "entity_id"]
    rows = figures[
        (figures["claim_id"] == STATE_CLAIM).to_numpy(dtype=bool)
        & figures["amount_usd"].notna().to_numpy(dtype=bool)
        & (figures["status"] != "REJECT").to_numpy(dtype=bool)
        & ~figures["recipient_id"].isin(labs).to_numpy(dtype=bool)
    ]
    return rows.sort_values("amount_usd", ascending=False)


# -- valuations and market values ---------------------------------------------------------------------

VALUE_COLUMNS = [
    "figure_id",
    "entity_id",
    "lab",
    "region",
    "date",
    "value_usd",
    "low_usd",
    "high_usd",
    "basis",
    "converted",
    "open_ended",
    "status",
    "period_start",
    "detail",
]
POST_MONEY = N_("Private round, post-money")
PRE_MONEY = N_("Private round, pre-money")
AS_REPORTED = N_("Private round, basis not stated")
LISTING = N_("Listing value at the offer price")
MARKET = N_("Market value, listed")
BASES = (POST_MONEY, PRE_MONEY, AS_REPORTED, LISTING, MARKET)


def valuation_basis(note: object) -> str:
    """What a deal's valuation is, read from its note: the note's first clause decides ("post-money ($350B
    pre-money)" is post-money); a note that only mentions a pre-money value is pre-money; anything else
    (about, more than, as reported) does not say."""
    text = str(note).lower() if isinstance(note, str) else ""
    first = text.split(";")[0].split("(")[0]
    if "post-money" in first:
        return POST_MONEY
    if "pre-money" in first or ("pre-money" in text and "post-money" not in text):
        return PRE_MONEY
    return AS_REPORTED


def period_date(period: object) -> pd.Timestamp | None:
    """Where a dated row sits on a time axis: a day or month as given, a quarter at its middle month, a bare
    year at mid-year (a year-only round drawn at January would look half a year early)."""
    text = str(period) if isinstance(period, str) else ""
    if len(text) == 4 and text.isdigit():
        return pd.Timestamp(f"{text}-07-01")
    if len(text) == 7 and text[5] == "Q" and text[6] in "1234":
        return pd.Timestamp(f"{text[:4]}-{(int(text[6]) - 1) * 3 + 2:02d}-01")
    if len(text) in (7, 10):
        try:
            return pd.Timestamp(text)
        except ValueError:
            return None
    return None


def hkd_in_usd(amount: float, kind: str) -> tuple[float, float, float]:
    """A Hong Kong dollar amount on a US dollar axis: the peg's central rate, and the band's ends widened by
    the amount's own qualifier ("about" ±10%; "more than" leaves the top open: inf)."""
    strong, weak = HKD_PER_USD_BAND
    low, high = amount / weak, amount / strong
    if kind == "approximate":
        low, high = low * (1 - APPROXIMATE_SPREAD), high * (1 + APPROXIMATE_SPREAD)
    if kind == "lower_bound":
        high = math.inf
    return amount / HKD_PER_USD, low, high


def company_values(figures: pd.DataFrame, entity_ids: Iterable[str]) -> pd.DataFrame:
    """Market values of whole companies (not of a stake) in US dollars, as stated or converted from HK$: the
    market_value rows with no investor of their own. Rows in other currencies (yuan, yen) are left out."""
    rows = figures[
        (figures["flow_kind"] == "market_value").to_numpy(dtype=bool)
        & figures["recipient_id"].isin(list(entity_ids)).to_numpy(dtype=bool)
        & figures["investor_id"].isna().to_numpy(dtype=bool)
        & (figures["investor_type"] == "not_applicable").to_numpy(dtype=bool)
        & (figures["status"] != "REJECT").to_numpy(dtype=bool)
    ]
    out = []
    for _, row in rows.iterrows():
        value = _usd_value(row)
        date = period_date(row["period_start"])
        if value is None or date is None:
            continue
        listing = (
            str(row["date_note"]).startswith(LISTING_NOTE) if isinstance(row["date_note"], str) else False
        )
        out.append(
            {
                "figure_id": row["figure_id"],
                "entity_id": row["recipient_id"],
                "lab": row["recipient"],
                "region": row["recipient_region"],
                "date": date,
                **value,
                "basis": LISTING if listing else MARKET,
                "status": row["status"],
                "period_start": row["period_start"],
                "detail": row["date_note"] if isinstance(row["date_note"], str) else "",
            }
        )
    return pd.DataFrame(out, columns=VALUE_COLUMNS)


def _usd_value(row: pd.Series) -> dict | None:
    kind = str(row["amount_kind"])
    if pd.notna(row["amount_usd"]):
        value = float(row["amount_usd"])
        low = float(row["amount_low_usd"]) if pd.notna(row["amount_low_usd"]) else value
        high = (
            math.inf
            if kind == "lower_bound"
            else (float(row["amount_high_usd"]) if pd.notna(row["amount_high_usd"]) else value)
        )
        return {
            "value_usd": value,
            "low_usd": low,
            "high_usd": high,
            "converted": False,
            "open_ended": kind == "lower_bound",
        }
    if row["currency_original"] == "HKD" and pd.notna(row["amount_original"]):
        value, low, high = hkd_in_usd(float(row["amount_original"]), kind)
        return {
            "value_usd": value,
            "low_usd": low,
            "high_usd": high,
            "converted": True,
            "open_ended": math.isinf(high),
        }
    return None


def lab_valuations(
    figures: pd.DataFrame, entities: pd.DataFrame, regions: tuple[str, ...] = ("China", "United States")
) -> pd.DataFrame:
    """Every valuation of a covered lab over time: each deal's stated valuation (post-money where its source
    says so) and, once listed, its listing value and market values. Sorted by region, lab and date."""
    labs = entities[(entities["kind"] == "lab") & entities["region"].isin(list(regions))]
    short = dict(zip(labs["entity_id"], labs["short_name"].fillna(labs["name"]), strict=True))
    region = dict(zip(labs["entity_id"], labs["region"], strict=True))
    deals = figures[
        (figures["record_type"] == "deal").to_numpy(dtype=bool)
        & figures["recipient_id"].isin(list(short)).to_numpy(dtype=bool)
        & figures["valuation_usd"].notna().to_numpy(dtype=bool)
        & (figures["status"] != "REJECT").to_numpy(dtype=bool)
    ]
    rows = [
        {
            "figure_id": d["figure_id"],
            "entity_id": d["recipient_id"],
            "lab": short[d["recipient_id"]],
            "region": region[d["recipient_id"]],
            "date": period_date(d["period_start"]),
            "value_usd": float(d["valuation_usd"]),
            "low_usd": float(d["valuation_usd"]),
            "high_usd": float(d["valuation_usd"]),
            "basis": valuation_basis(d["valuation_note"]),
            "converted": False,
            "open_ended": False,
            "status": d["status"],
            "period_start": d["period_start"],
            "detail": d["valuation_note"] if isinstance(d["valuation_note"], str) else "",
        }
        for _, d in deals.iterrows()
    ]
    listed = company_values(figures, short).assign(
        lab=lambda f: f["entity_id"].map(short), region=lambda f: f["entity_id"].map(region)
    )
    frame = pd.concat([pd.DataFrame(rows, columns=VALUE_COLUMNS), listed], ignore_index=True)
    frame = frame[frame["date"].notna()]
    return frame.sort_values(["region", "lab", "date", "figure_id"], ignore_index=True)


def latest_private_values(values: pd.DataFrame, before: pd.Timestamp) -> pd.DataFrame:
    """Each lab's last private-round valuation dated before `before` (post-money first on the same date)."""
    private = values[values["basis"].isin((POST_MONEY, PRE_MONEY, AS_REPORTED)) & (values["date"] < before)]
    rank = private["basis"].map({POST_MONEY: 0, AS_REPORTED: 1, PRE_MONEY: 2})
    ordered = private.assign(_rank=rank).sort_values(["lab", "date", "_rank"], ascending=[True, True, False])
    return ordered.groupby("lab").tail(1).drop(columns="_rank").reset_index(drop=True)


# -- the Hong Kong listings ---------------------------------------------------------------------------

IPO_LABS = ("zhipu", "minimax")


@dataclass(frozen=True)
class Listing:
    """One lab's Hong Kong listing as the ledger holds it: the IPO deal, its cornerstone book, the listing
    value, the last private round before it and the market values since."""

    lab_id: str
    lab: str
    ipo: pd.Series
    cornerstone: pd.Series | None
    values: pd.DataFrame  # lab_valuations rows of this lab
    last_private: pd.Series | None  # the last private valuation in US dollars
    other_private: pd.DataFrame  # private valuations a source gives only in another currency (not drawn)
    values_rows: pd.DataFrame  # the dataset rows behind `values`, for the amounts as their sources state them

    @property
    def date(self) -> pd.Timestamp | None:
        return period_date(self.ipo["period_start"])

    @property
    def listing_value(self) -> pd.Series | None:
        rows = self.values[self.values["basis"] == LISTING]
        return rows.iloc[0] if len(rows) else None

    @property
    def since(self) -> pd.DataFrame:
        return self.values[self.values["basis"] == MARKET]

    @property
    def latest(self) -> pd.Series | None:
        since = self.since
        return since.sort_values("date").iloc[-1] if len(since) else None


def listings(
    figures: pd.DataFrame, entities: pd.DataFrame, lab_ids: tuple[str, ...] = IPO_LABS
) -> list[Listing]:
    values = lab_valuations(figures, entities, ("China",))
    out = []
    for lab_id in lab_ids:
        ipos = figures[
            (figures["record_type"] == "deal").to_numpy(dtype=bool)
            & (figures["flow_kind"] == "ipo_total").to_numpy(dtype=bool)
            & (figures["recipient_id"] == lab_id).to_numpy(dtype=bool)
            & (figures["status"] != "REJECT").to_numpy(dtype=bool)
        ]
        if ipos.empty:
            continue
        ipo = ipos.iloc[0]
        books = figures[
            (figures["record_type"] == "deal").to_numpy(dtype=bool)
            & (figures["flow_kind"] == "ipo_cornerstone").to_numpy(dtype=bool)
            & (figures["part_of"] == ipo["figure_id"]).to_numpy(dtype=bool)
        ]
        own = values[values["entity_id"] == lab_id]
        other = figures[
            (figures["recipient_id"] == lab_id).to_numpy(dtype=bool)
            & (figures["claim_id"] == IPO_CLAIM).to_numpy(dtype=bool)
            & (figures["flow_kind"] == "statement").to_numpy(dtype=bool)
            & figures["amount_usd"].isna().to_numpy(dtype=bool)
            & figures["amount_original"].notna().to_numpy(dtype=bool)
        ]
        date = period_date(ipo["period_start"])
        last = latest_private_values(own, date) if date is not None else own.iloc[0:0]
        out.append(
            Listing(
                lab_id,
                str(ipo["recipient"]),
                ipo,
                books.iloc[0] if len(books) else None,
                own,
                last.iloc[0] if len(last) else None,
                other,
                figures[figures["figure_id"].isin(own["figure_id"])],
            )
        )
    return out


def multiple(value: float | None, base: float | None) -> float | None:
    """How many times `base` a value is; None when either is missing or the base is not positive."""
    if value is None or base is None or not base or math.isnan(value) or math.isnan(base):
        return None
    return value / base
