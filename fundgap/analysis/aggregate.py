"""Totals, ratios and series from the figures in view. Pure functions: frames in, new frames or values out."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fundgap.analysis import seed
from fundgap.analysis.rules import SWITCHES, UNVERIFIED, CountingRules
from fundgap.analysis.view import View
from fundgap.common.i18n import EN, N_, tr
from fundgap.data import schema

MAX_PART_OF_DEPTH = 6
# The labs each seed sentence names: its figure is compared with Gulf money into these labs only, and the
# other labs of the same country are shown beside it, never mixed in.
AI_INDEX_PREFIX = "Stanford AI Index"
AI_INDEX_COUNTRIES = ("United States", "China", "United Kingdom")


def counted_mask(
    figures: pd.DataFrame,
    rules: CountingRules,
    parent: np.ndarray | None = None,
    deal: np.ndarray | None = None,
) -> pd.Series:
    """Deal flows that the counting rules admit, minus figures already inside a counted figure (part_of, or
    a participation's own deal). `parent` (from parent_positions) and `deal` (from deal_positions) may be
    passed in when the caller needs them too."""
    parent = parent_positions(figures) if parent is None else parent
    deal = deal_positions(figures) if deal is None else deal
    admitted = _admitted(figures, rules)
    admitted &= ~_paid_through_tranches(figures["flow_kind"], parent, admitted)
    covered = _inside_counted(parent, admitted)
    covered |= _in_a_counted_deal(deal, admitted, covered)
    return pd.Series(admitted & ~covered, index=figures.index)


def _admitted(figures: pd.DataFrame, rules: CountingRules) -> np.ndarray:
    kind, status = figures["flow_kind"], figures["status"]
    admitted = _isin(kind, schema.DEAL_FLOW_KINDS) & ~_isin(status, ("REJECT",))
    if not rules.on(UNVERIFIED):
        admitted &= _isin(status, ("VERIFIED",))
    # Flow kinds no switch governs always count when they are deal flows.
    excluded = rules.excluded_kinds()
    if excluded:
        admitted &= ~_isin(kind, excluded)
    return admitted


def _isin(column: pd.Series, values: Iterable[object]) -> np.ndarray:
    """column.isin(values) as a new numpy array; a categorical is decided once per category, not once per
    row."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        hit = np.append(column.cat.categories.isin(list(values)), False)  # code -1 (missing) is in no list
        return hit[column.cat.codes.to_numpy()]
    return column.isin(list(values)).to_numpy(dtype=bool, copy=True)


CONTEXT_REASON = N_("context figure, never added to deal totals")
REJECTED_REASON = N_("rejected report, never counted")
TRANCHES_REASON = N_("counted through its paid tranches")
INSIDE_REASON = N_("inside a counted deal: the whole deal is counted once")


def reason_text(reason: str, lang: str = EN) -> str:
    """A not-counted reason (from not_counted_reasons) in `lang`."""
    if lang == EN or not reason:
        return reason
    for switch in SWITCHES:
        if reason == switch.not_counted:
            return tr(lang, "{rule} switched off").format(rule=tr(lang, switch.label))
    return tr(lang, reason)


def not_counted_reasons(
    figures: pd.DataFrame, rules: CountingRules, parent: np.ndarray | None = None
) -> pd.Series:
    """Why each row is left out of the totals under `rules`, in words; "" for a row that is counted. The first
    reason that applies is given, in the order counted_mask applies them."""
    parent = parent_positions(figures) if parent is None else parent
    counted = counted_mask(figures, rules, parent).to_numpy(dtype=bool)
    kind = figures["flow_kind"].astype(str)
    status = figures["status"].astype(str)
    is_deal = kind.isin(schema.DEAL_FLOW_KINDS).to_numpy(dtype=bool)
    conditions = [
        ~is_deal,
        (status == "REJECT").to_numpy(dtype=bool),
        ((status != "VERIFIED") & (not rules.on(UNVERIFIED))).to_numpy(dtype=bool),
    ]
    choices = [
        CONTEXT_REASON,
        REJECTED_REASON,
        UNVERIFIED.not_counted,
    ]
    for switch in SWITCHES:
        if switch.flow_kinds:
            conditions.append((kind.isin(switch.flow_kinds) & (not rules.on(switch))).to_numpy(dtype=bool))
            choices.append(switch.not_counted)
    admitted = _admitted(figures, rules)
    conditions.append(_paid_through_tranches(figures["flow_kind"], parent, admitted))
    choices.append(TRANCHES_REASON)
    reasons = np.select(conditions, choices, default=INSIDE_REASON)
    return pd.Series(np.where(counted, "", reasons), index=figures.index, dtype=object)


def parent_positions(figures: pd.DataFrame) -> np.ndarray:
    """For each row, the position of its part_of figure in this frame, or -1 when it has none in view."""
    parent = np.full(len(figures), -1, dtype=np.int64)
    has_parent = figures["part_of"].notna().to_numpy(dtype=bool)
    if has_parent.any():
        ids = pd.Index(figures["figure_id"].to_numpy(dtype=object))
        parent[has_parent] = ids.get_indexer(figures["part_of"].to_numpy(dtype=object)[has_parent])
    return parent


def _paid_through_tranches(kind: pd.Series, parent: np.ndarray, admitted: np.ndarray) -> np.ndarray:
    # A commitment whose paid tranches are in view counts through them: what was paid, when it was paid.
    tranche_parents = parent[admitted & (kind == "equity_tranche").to_numpy(dtype=bool) & (parent >= 0)]
    paid = np.zeros(len(parent), dtype=bool)
    paid[tranche_parents] = True
    return paid & (kind == "commitment").to_numpy(dtype=bool)


def deal_positions(figures: pd.DataFrame) -> np.ndarray:
    """For each participation, the position of its own deal's row in this frame; -1 for other rows and for
    a deal not in view (an investor filter keeps participations, never whole deals)."""
    deal = np.full(len(figures), -1, dtype=np.int64)
    if "deal_id" not in figures or "record_type" not in figures:
        return deal
    is_part = (figures["record_type"] == "participation").to_numpy(dtype=bool)
    if is_part.any():
        ids = pd.Index(figures["figure_id"].to_numpy(dtype=object))
        deal[is_part] = ids.get_indexer(figures["deal_id"].to_numpy(dtype=object)[is_part])
    return deal


def _in_a_counted_deal(deal: np.ndarray, admitted: np.ndarray, covered: np.ndarray) -> np.ndarray:
    """Participations whose own deal is counted, or inside a counted deal. A tranche's ticket hangs (part_of)
    under its investor's commitment, not under the tranche deal, so the part_of chain alone would count the
    tranche deal and its ticket both."""
    present = deal >= 0
    at = np.maximum(deal, 0)
    return present & (admitted[at] | covered[at])


def _inside_counted(parent: np.ndarray, admitted: np.ndarray) -> np.ndarray:
    # A participation inside a round that is itself counted would be added twice: drop the part, keep the
    # whole.
    covered = np.zeros(len(parent), dtype=bool)
    ancestor = parent
    for _ in range(MAX_PART_OF_DEPTH):
        present = ancestor >= 0
        if not present.any():
            break
        covered |= present & admitted[np.maximum(ancestor, 0)]
        ancestor = np.where(present, parent[np.maximum(ancestor, 0)], -1)
    return covered


@dataclass(frozen=True)
class Total:
    """A sum of counted figures as honest bounds, and what could not be summed.

    `low` adds the disclosed amounts at their low ends. `high` is the most the counted rows can add up to:
    disclosed amounts at their high ends, and for a participation whose ticket is undisclosed the full size of
    its deal (counted once per deal). It is infinite when a row's upper end is open ("more than $30B", a deal
    of unknown size). `amount` adds the disclosed amounts as stated."""

    amount: float
    low: float
    high: float
    n_counted: int
    n_undisclosed: int
    n_other_currency: int
    figure_ids: tuple[str, ...]

    @property
    def has_amount(self) -> bool:
        return self.n_counted - self.n_undisclosed - self.n_other_currency > 0

    @property
    def open_ended(self) -> bool:
        return math.isinf(self.high)

    @property
    def exact(self) -> bool:
        return self.low == self.high


def upper_ends(
    frame: pd.DataFrame, amount: str = "amount_usd", high: str = "amount_high_usd", kind: str = "amount_kind"
) -> pd.Series:
    """Each row's largest possible amount: its high bound, else its amount; infinite when open ("more than")
    or not disclosed."""
    upper = frame[high].fillna(frame[amount]).astype("float64")
    upper = upper.mask((frame[kind] == "lower_bound").fillna(False).astype(bool), math.inf)
    return upper.fillna(math.inf)


def total(figures: pd.DataFrame, rules: CountingRules, parent: np.ndarray | None = None) -> Total:
    return _Amounts.of(figures).total(
        np.flatnonzero(counted_mask(figures, rules, parent).to_numpy(dtype=bool))
    )


def view_total(figures: pd.DataFrame, view: View) -> Total:
    """The one counting engine: the total of a scope is the total of the rows the view's filters keep,
    counted under the view's rules. Cards, index tables, chart labels, verdicts, the CLI and the CSV's counted
    rows all come from it; an investor filter keeps participations, never whole rounds, so its total is
    bounds."""
    return total(view.filters.apply(figures), view.rules)


def totals_by(
    figures: pd.DataFrame,
    rules: CountingRules,
    group: np.ndarray,
    n_groups: int,
    parent: np.ndarray | None = None,
) -> list[Total]:
    """[total(figures[group == g], rules) for g in range(n_groups)] in one counting pass instead of one per
    group (rows of group -1 belong to none). Each group is counted as if alone: a part_of link to a row of
    another group is not followed, exactly as when the group's rows are counted by themselves."""
    group = np.asarray(group, dtype=np.int64)
    parent = parent_positions(figures) if parent is None else parent
    inside = group >= 0
    same_group = (parent >= 0) & inside & (group[np.maximum(parent, 0)] == group)
    deal = deal_positions(figures)
    deal_in_group = (deal >= 0) & inside & (group[np.maximum(deal, 0)] == group)
    counted = inside & counted_mask(
        figures, rules, np.where(same_group, parent, -1), np.where(deal_in_group, deal, -1)
    ).to_numpy(dtype=bool)
    rows = np.flatnonzero(counted)
    rows = rows[np.argsort(group[rows], kind="stable")]  # each group's rows together, in frame order
    starts = np.searchsorted(group[rows], np.arange(n_groups + 1))
    amounts = _Amounts.of(figures)
    return [amounts.total(rows[starts[g] : starts[g + 1]]) for g in range(n_groups)]


def summed(counted: pd.DataFrame) -> Total:
    """The Total of rows already counted (see counted_mask): every total the pages quote goes through here."""
    return _Amounts.of(counted).total(np.arange(len(counted)))


@dataclass(frozen=True)
class _Amounts:
    """The columns a Total reads, as numpy arrays: summing any subset of rows is then a few array operations,
    not a copy of the rows. `total(rows)` gives exactly what the row-by-row definition does (see upper_bound):
    the same sums in the same order, the per-deal sums through pandas' groupby as before."""

    ids: np.ndarray
    amount: np.ndarray
    low: np.ndarray
    upper: np.ndarray  # upper_ends of each row
    undisclosed: np.ndarray
    is_part: np.ndarray
    deal: np.ndarray | None  # deal codes (-1: none), participations only
    deal_upper: np.ndarray | None

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Amounts:
        amount = frame["amount_usd"].to_numpy(dtype=float, na_value=np.nan)
        low = frame["amount_low_usd"].to_numpy(dtype=float, na_value=np.nan)
        is_part = (
            (frame["record_type"] == "participation").to_numpy(dtype=bool)
            if "record_type" in frame
            else np.zeros(len(frame), bool)
        )
        deal = deal_upper = None
        if is_part.any():
            deal = pd.factorize(frame["deal_id"].to_numpy(dtype=object))[0]
            deal_upper = _upper_ends(frame, "deal_amount_usd", "deal_amount_high_usd", "deal_amount_kind")
        return cls(
            ids=frame["figure_id"].to_numpy(dtype=object),
            amount=amount,
            low=np.where(np.isnan(low), amount, low),
            upper=_upper_ends(frame),
            undisclosed=_equals(frame["amount_kind"], "undisclosed"),
            is_part=is_part,
            deal=deal,
            deal_upper=deal_upper,
        )

    def total(self, rows: np.ndarray) -> Total:
        amount = self.amount[rows]
        disclosed = ~np.isnan(amount)
        undisclosed = self.undisclosed[rows]
        other_currency = ~disclosed & ~undisclosed
        return Total(
            amount=float(amount[disclosed].sum()),
            low=float(self.low[rows][disclosed].sum()),
            high=self._upper_bound(rows[~other_currency]),
            n_counted=int(len(rows)),
            n_undisclosed=int(undisclosed.sum()),
            n_other_currency=int(other_currency.sum()),
            figure_ids=tuple(self.ids[rows].tolist()),
        )

    def _upper_bound(self, rows: np.ndarray) -> float:
        if not len(rows):
            return 0.0
        is_part = self.is_part[rows]
        result = float(self.upper[rows[~is_part]].sum())
        parts = rows[is_part]
        if len(parts):
            # Rows with is_part set exist only when the deal columns were read.
            assert self.deal is not None and self.deal_upper is not None
            deal = self.deal[parts]
            # A participation without a deal has no group (groupby drops a missing key); deals are numbered
            # in order of first appearance, as groupby(sort=False) numbers them.
            parts = parts[deal >= 0]
            local = pd.factorize(deal[deal >= 0])[0]
            if len(parts):
                own = _group_sums(self.upper[parts], local, int(local.max()) + 1)
                hidden = np.bincount(local, weights=np.isnan(self.amount[parts])) > 0
                deal_upper = self.deal_upper[parts][np.unique(local, return_index=True)[1]]
                result += float(np.where(hidden, deal_upper, np.minimum(own, deal_upper)).sum())
        return result


def _group_sums(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Per-group sums as pandas' groupby().sum() adds them (Kahan-compensated, in row order), for the handful
    of tickets a total holds: the same floats without building a groupby."""
    sums = [0.0] * n_groups
    compensation = [0.0] * n_groups
    for value, g in zip(values.tolist(), group.tolist(), strict=True):
        if value != value:
            continue
        y = value - compensation[g]
        t = sums[g] + y
        c = t - sums[g] - y
        compensation[g] = (
            0.0 if c != c else c
        )  # an infinite ticket: the compensation is NaN, reset as pandas does
        sums[g] = t
    return np.array(sums, dtype=float)


def _equals(column: pd.Series, value: str) -> np.ndarray:
    return (column == value).fillna(False).to_numpy(dtype=bool)


def _upper_ends(
    frame: pd.DataFrame, amount: str = "amount_usd", high: str = "amount_high_usd", kind: str = "amount_kind"
) -> np.ndarray:
    """upper_ends as a numpy array."""
    point = frame[amount].to_numpy(dtype=float, na_value=np.nan)
    upper = frame[high].to_numpy(dtype=float, na_value=np.nan)
    upper = np.where(np.isnan(upper), point, upper)
    upper = np.where(_equals(frame[kind], "lower_bound"), math.inf, upper)
    return np.where(np.isnan(upper), math.inf, upper)


def upper_bound(counted: pd.DataFrame) -> float:
    """The most these counted rows can add up to. Participations of one deal together are at most the deal:
    when any of their tickets is undisclosed, the deal's size stands for all of them."""
    return _Amounts.of(counted)._upper_bound(np.arange(len(counted)))


@dataclass(frozen=True)
class Side:
    label: str
    investor_region: str
    recipient_region: str
    documented: Total  # Gulf money into the labs the seed names
    claimed: float | None
    claimed_low: float | None
    claimed_high: float | None
    claim_id: str
    labs: tuple[str, ...] = ()
    # Gulf money into the other labs of the same country, shown beside, never added.
    others: Total | None = None


@dataclass(frozen=True)
class Ratio:
    value: float | None
    low: float | None
    high: float | None


def ratio(numerator: tuple[float, float, float], denominator: tuple[float, float, float]) -> Ratio:
    """(point, low, high) / (point, low, high): the range pairs the extremes, so it is as wide as the
    evidence. A range whose denominator can be 0 has no upper end (inf)."""
    value = _divide(numerator[0], denominator[0])
    return Ratio(
        value, _divide(numerator[1], denominator[2]), _divide(numerator[2], denominator[1], open_ended=True)
    )


def _divide(a: float | None, b: float | None, open_ended: bool = False) -> float | None:
    if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
        return None
    if math.isinf(b):
        return 0.0 if not math.isinf(a) else None
    if b == 0:
        return math.inf if open_ended and a > 0 else None
    return a / b


@dataclass(frozen=True)
class GapComparison:
    china: Side
    us: Side
    claimed_ratio: Ratio
    documented_ratio: Ratio


@dataclass(frozen=True)
class Counting:
    """Rows prepared for counting under several rule sets: the frame and its part_of positions, found once."""

    rows: pd.DataFrame
    parent: np.ndarray
    # rules -> Total, each rule set counted once; "amounts": the rows' amount arrays, read once
    _totals: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, rows: pd.DataFrame) -> Counting:
        return cls(rows, parent_positions(rows))

    def total(self, rules: CountingRules) -> Total:
        if rules not in self._totals:
            if "amounts" not in self._totals:
                self._totals["amounts"] = _Amounts.of(self.rows)
            counted = counted_mask(self.rows, rules, self.parent).to_numpy(dtype=bool)
            self._totals[rules] = self._totals["amounts"].total(np.flatnonzero(counted))
        return self._totals[rules]


# The Overview's two seed comparisons and the recipient region each is about; the claims table says which
# claim each is and which labs it names.
GAP_HEADLINES = {"gulf_china": "China", "gulf_us": "United States"}


def gap_rows(figures: pd.DataFrame, claims: pd.DataFrame) -> dict[str, Counting]:
    """The four groups of Gulf rows the comparison counts: the labs each seed sentence names, and the
    others."""
    gulf = gulf_rows(figures)
    groups = {}
    for headline, region in GAP_HEADLINES.items():
        compared = seed.comparison(claims, headline)
        labs = compared.lab_ids if compared is not None else ()
        side = gulf[gulf["recipient_region"] == region]
        named = side["recipient_id"].isin(labs).to_numpy(dtype=bool)
        groups[region] = Counting.of(side[named])
        groups[f"{region} others"] = Counting.of(side[~named])
    return groups


def gulf_gap(
    figures: pd.DataFrame,
    claims: pd.DataFrame,
    rules: CountingRules,
    groups: dict[str, Counting] | None = None,
) -> GapComparison:
    """The seed's headline (Gulf money into MiniMax and Zhipu vs Anthropic and OpenAI) next to what the
    documented participations of Gulf entities add up to in the same labs, as bounds. `groups` (from gap_rows)
    may be passed when the same rows are counted under several rule sets."""
    groups = groups or gap_rows(figures, claims)
    china, us = (_side(headline, region, groups, claims, rules) for headline, region in GAP_HEADLINES.items())
    claimed = ratio(
        _triple(us.claimed, us.claimed_low, us.claimed_high),
        _triple(china.claimed, china.claimed_low, china.claimed_high),
    )
    documented = ratio(_bounds3(us.documented), _bounds3(china.documented))
    return GapComparison(china, us, claimed, documented)


def _bounds3(documented: Total) -> tuple:
    if documented.n_counted == 0:
        return _none3()
    return (documented.amount if documented.has_amount else None, documented.low, documented.high)


def _triple(point: float | None, low: float | None, high: float | None) -> tuple:
    return (point, low if low is not None else point, high if high is not None else point)


def _none3() -> tuple:
    return (None, None, None)


def gulf_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """Rows with a Gulf investor of their own: participations and single-investor figures, never whole
    rounds."""
    own_investor = figures["record_type"] != "deal" if "record_type" in figures else True
    return figures[(figures["investor_region"] == "Gulf") & own_investor]


def _side(
    headline: str,
    recipient_region: str,
    groups: dict[str, Counting],
    claims: pd.DataFrame,
    rules: CountingRules,
) -> Side:
    compared = seed.comparison(claims, headline)
    if compared is None:  # a dataset without this seed claim: its side documents nothing
        compared = seed.Comparison("", f"Gulf → {recipient_region}", (), "Gulf", (), None, None, None)
    return Side(
        compared.label,
        "Gulf",
        recipient_region,
        groups[recipient_region].total(rules),
        compared.claimed,
        compared.claimed_low,
        compared.claimed_high,
        compared.claim_id,
        compared.lab_ids,
        groups[f"{recipient_region} others"].total(rules),
    )


# -- series --------------------------------------------------------------------------------------------------


def country_totals(figures: pd.DataFrame) -> pd.DataFrame:
    """Single-year country totals (no cumulative spans), one row per provider, country and year."""
    rows = figures[
        (figures["flow_kind"] == "country_total")
        & (figures["year_start"] == figures["year_end"])
        & figures["amount_usd"].notna()
        & (figures["status"] != "REJECT")
    ].copy()
    rows["year"] = rows["year_start"].astype(int)
    predicted = rows["date_note"].fillna("").str.contains("prediction")
    rows["year_label"] = (
        rows["year"].astype(str).where(~predicted, rows["year"].astype(str) + " (prediction)")
    )
    rows["country"] = rows["recipient_region"].astype(str)
    return rows.sort_values(["provider", "country", "year"]).reset_index(drop=True)


def ai_index_series(figures: pd.DataFrame) -> pd.DataFrame:
    """The Stanford AI Index private-investment totals of the US, China and UK by data year."""
    rows = country_totals(figures)
    # A generative-AI share sits inside its country's total (part_of): it is a part, never a second bar.
    rows = rows[
        rows["provider"].fillna("").str.startswith(AI_INDEX_PREFIX)
        & rows["country"].isin(AI_INDEX_COUNTRIES)
        & rows["part_of"].isna()
    ]
    return rows.reset_index(drop=True)


def other_provider_series(figures: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Country totals of every provider except the AI Index, kept apart: their definitions differ."""
    rows = country_totals(figures)
    rows = rows[~rows["provider"].fillna("").str.startswith(AI_INDEX_PREFIX)]
    return {
        str(provider): group.reset_index(drop=True) for provider, group in rows.groupby("provider", sort=True)
    }


def ranked_flows(figures: pd.DataFrame, rules: CountingRules, limit: int = 40) -> tuple[pd.DataFrame, int]:
    """Counted deals with a USD amount, largest first (at most `limit`), and how many more there are."""
    return _ranked(figures[counted_mask(figures, rules)], limit)


def undisclosed_flows(figures: pd.DataFrame, rules: CountingRules) -> pd.DataFrame:
    return _undisclosed(figures[counted_mask(figures, rules)])


def flow_links(figures: pd.DataFrame, rules: CountingRules) -> pd.DataFrame:
    """Investor region → recipient region → recipient: summed USD and the count of undisclosed amounts per
    link."""
    return _flow_links(attribution(figures, counted_mask(figures, rules).to_numpy()))


@dataclass(frozen=True)
class Flows:
    """Everything the Flows page draws, from one pass of the counting rules."""

    counted: pd.DataFrame
    links: pd.DataFrame
    top: pd.DataFrame
    remainder: int
    undisclosed: pd.DataFrame


UNATTRIBUTED = "Unnamed or undisclosed"


def flows(figures: pd.DataFrame, rules: CountingRules, limit: int = 40) -> Flows:
    parent = parent_positions(figures)
    mask = counted_mask(figures, rules, parent)
    counted = figures[mask]
    top, remainder = _ranked(counted, limit)
    links = _flow_links(attribution(figures, mask.to_numpy(), parent))
    return Flows(counted, links, top, remainder, _undisclosed(counted))


def attribution(figures: pd.DataFrame, counted: np.ndarray, parent: np.ndarray | None = None) -> pd.DataFrame:
    """Counted money by investor region, through participations. A counted participation is its investor's. A
    counted deal is split: each disclosed top-level ticket inside it goes to its investor's region, and what
    the tickets leave of the deal goes to UNATTRIBUTED; an undisclosed ticket is counted on its region's link,
    never drawn as money. Rows: investor_region, recipient_region, recipient, amount, undisclosed (0/1)."""
    columns = ["investor_region", "recipient_region", "recipient", "amount", "undisclosed"]
    if not counted.any():
        return pd.DataFrame(columns=columns)
    parent = parent_positions(figures) if parent is None else parent
    record = (
        figures["record_type"].astype(str).to_numpy()
        if "record_type" in figures
        else np.full(len(figures), "figure")
    )
    top = _counted_ancestor(parent, counted)
    is_part = record == "participation"
    parent_is_part = np.zeros(len(parent), bool)
    parent_is_part[parent >= 0] = is_part[parent[parent >= 0]]
    parent_is_part &= parent >= 0
    # The innermost participations inside a counted deal: a commitment paid in tranches counts through its
    # tranches, as in counted_mask, so "up to $40B" promised and $30B paid are not both attributed.
    has_part_inside = np.zeros(len(parent), bool)
    has_part_inside[parent[is_part & parent_is_part]] = True
    inside = is_part & ~counted & (top >= 0) & ~has_part_inside & (record[np.maximum(top, 0)] == "deal")
    amount = figures["amount_usd"].to_numpy(dtype=float)
    undisclosed = (figures["amount_kind"].astype(str) == "undisclosed").to_numpy()
    regions = _text(figures["investor_region"])
    recipient_region = _text(figures["recipient_region"])
    recipient = _text(figures["recipient"])
    attributed = np.zeros(len(figures))
    np.add.at(attributed, top[inside], np.nan_to_num(amount[inside]))
    frames = []
    own = counted & (
        (record != "deal") | (regions != "Mixed")
    )  # a participation, a figure or a one-investor deal
    frames.append(
        pd.DataFrame(
            {
                "investor_region": regions[own],
                "recipient_region": recipient_region[own],
                "recipient": recipient[own],
                "amount": np.nan_to_num(amount[own]),
                "undisclosed": undisclosed[own].astype(int),
            }
        )
    )
    pick = inside & ~own[np.maximum(top, 0)]
    frames.append(
        pd.DataFrame(
            {
                "investor_region": regions[pick],
                "recipient_region": recipient_region[pick],
                "recipient": recipient[pick],
                "amount": np.nan_to_num(amount[pick]),
                "undisclosed": undisclosed[pick].astype(int),
            }
        )
    )
    rest = counted & ~own
    left = np.maximum(np.nan_to_num(amount[rest]) - attributed[rest], 0.0)
    frames.append(
        pd.DataFrame(
            {
                "investor_region": UNATTRIBUTED,
                "recipient_region": recipient_region[rest],
                "recipient": recipient[rest],
                "amount": left,
                "undisclosed": (undisclosed[rest] & (attributed[rest] == 0)).astype(int),
            }
        )
    )
    return pd.concat(frames, ignore_index=True)[columns]


def _text(column: pd.Series) -> np.ndarray:
    """A text column as a numpy array of str, cheaply for categoricals (each category converted once)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        names = np.array([str(c) for c in column.cat.categories] + ["nan"], dtype=object)
        return names[column.cat.codes.to_numpy()]  # code -1 (missing) picks "nan"
    return column.astype(str).to_numpy()


def _counted_ancestor(parent: np.ndarray, counted: np.ndarray) -> np.ndarray:
    """For each row, the nearest counted row up its part_of chain (itself excluded), or -1."""
    found = np.full(len(parent), -1, dtype=np.int64)
    ancestor = parent.copy()
    for _ in range(MAX_PART_OF_DEPTH):
        present = (ancestor >= 0) & (found < 0)
        if not present.any():
            break
        hit = present & counted[np.maximum(ancestor, 0)]
        found[hit] = ancestor[hit]
        ancestor = np.where(present & ~hit, parent[np.maximum(ancestor, 0)], -1)
    return found


def _ranked(counted: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, int]:
    priced = counted[counted["amount_usd"].notna()]
    top = priced.nlargest(limit, "amount_usd")
    return top.reset_index(drop=True), max(len(priced) - len(top), 0)


def _undisclosed(counted: pd.DataFrame) -> pd.DataFrame:
    return counted[counted["amount_kind"] == "undisclosed"].reset_index(drop=True)


# A Sankey with thousands of lab nodes is unreadable and slow: the largest labs keep their node, the rest of
# each region's labs share one.
MAX_SANKEY_LABS = 30
OTHER_LABS = "Other labs"


def _flow_links(frame: pd.DataFrame) -> pd.DataFrame:
    """Links from an attribution frame (see `attribution`)."""
    columns = ["source", "target", "amount", "n_figures", "n_undisclosed", "stage"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    first = _links(frame, "investor_region", "recipient_region", stage=0)
    second = _links(frame, "recipient_region", "recipient", stage=1)
    return pd.concat([first, _fold_small_labs(second)], ignore_index=True)[columns]


def _fold_small_labs(links: pd.DataFrame) -> pd.DataFrame:
    by_lab = links.groupby("target", sort=False).agg(amount=("amount", "sum"), n_figures=("n_figures", "sum"))
    if len(by_lab) <= MAX_SANKEY_LABS:
        return links
    keep = set(by_lab.sort_values(["amount", "n_figures"], ascending=False).index[:MAX_SANKEY_LABS])
    folded = links.assign(target=links["target"].where(links["target"].isin(keep), OTHER_LABS))
    return folded.groupby(["source", "target", "stage"], sort=True, as_index=False)[
        ["amount", "n_figures", "n_undisclosed"]
    ].sum()


def _links(frame: pd.DataFrame, source: str, target: str, stage: int) -> pd.DataFrame:
    grouped = (
        frame.groupby([source, target], observed=True, sort=True)
        .agg(amount=("amount", "sum"), n_figures=("amount", "size"), n_undisclosed=("undisclosed", "sum"))
        .reset_index()
    )
    grouped = grouped.rename(columns={source: "source", target: "target"})
    grouped["stage"] = stage
    return grouped


def first_figure(figures: pd.DataFrame, figure_id: str) -> pd.Series | None:
    match = figures[figures["figure_id"] == figure_id]
    return match.iloc[0] if len(match) else None


def bounds(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Error-bar lengths below and above each amount (zero for exact figures)."""
    amount = frame["amount_usd"].to_numpy(dtype=float)
    low = frame["amount_low_usd"].fillna(frame["amount_usd"]).to_numpy(dtype=float)
    high = frame["amount_high_usd"].fillna(frame["amount_usd"]).to_numpy(dtype=float)
    return amount - low, high - amount


def latest_us_china_ratio(series: pd.DataFrame) -> float | None:
    """US ÷ China in the latest data year that has both; None when no year has both."""
    if series.empty:
        return None
    wide = series.pivot_table(index="year", columns="country", values="amount_usd", aggfunc="first")
    if not {"United States", "China"} <= set(wide.columns):
        return None
    both = wide.dropna(subset=["United States", "China"])
    if both.empty:
        return None
    last = both.iloc[-1]
    return float(last["United States"] / last["China"])
