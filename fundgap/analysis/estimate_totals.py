"""Model estimates beside the hard totals (issue 22, part 2): the estimates of one dataset version, a
total's estimate with a seeded 80% interval, a ratio of two, and the words that keep "model estimate" next to
every such number.

An estimate is never added to a hard total and never shown as money a source states: a card keeps its bounds
(what the sources state) and says, on a line of its own, what the allocation model (analysis/estimate.py) puts
the undisclosed tickets at. The estimates are made once per dataset version from the whole row table (a
remainder needs every participation of its deal), then looked up for the rows in view. Pure functions of
frames: no Streamlit, no files."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fundgap.analysis.aggregate import Total, upper_ends
from fundgap.analysis.estimate import (
    INTERVAL,
    METHOD,
    NO_INTERVAL,
    NO_SIZE,
    BacktestResult,
    Model,
    backtest,
    estimate_tickets,
    simulate_draws,
)
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr

SIMULATIONS = 10_000
# One seed per side of a comparison: two sides drawn with one seed would share their errors.
SEED_CHINA, SEED_US, SEED_TOTAL = 1, 2, 3
ESTIMATE_WORD = "model estimate"
ESTIMATE_HELP = N_(
    "Model estimate (allocation model v1): each undisclosed ticket in a deal of known size gets a share of "
    "what the deal leaves after its disclosed tickets; the 80% interval comes from the back-test on "
    "disclosed tickets (Sources & method). It is no source's figure, is not added to the bounds, and "
    "tends to overstate the tickets of named investors in rounds where few are named."
)


@dataclass(frozen=True)
class EstimateBook:
    """The estimates of one dataset version: the back-test (and the model fitted in it) and, per undisclosed
    participation (indexed by participation_id), the columns of estimate_tickets and `cap_usd`, the most the
    ticket can be (what its deal leaves after its disclosed tickets and sub-deals, at their low ends; inf
    when the deal has no upper end). The interval's high end is cut to the cap: no estimate exceeds a hard
    bound."""

    backtest: BacktestResult
    tickets: pd.DataFrame

    @property
    def model(self) -> Model:
        return self.backtest.model

    @property
    def has_interval(self) -> bool:
        """Whether the back-test measured errors to make an interval from (two held-out tickets at least)."""
        return math.isfinite(self.model.low_factor) and math.isfinite(self.model.high_factor)


def estimate_book(figures: pd.DataFrame) -> EstimateBook:
    """Fit, back-test and estimate on the whole row table (never a filtered view)."""
    return book_from(figures, backtest(figures))


def book_from(figures: pd.DataFrame, result: BacktestResult) -> EstimateBook:
    """The estimates of every undisclosed ticket under the model of `result` (a back-test of the same rows),
    the interval's high end cut to each ticket's cap."""
    tickets = estimate_tickets(figures, result.model).set_index("participation_id")
    caps = deal_caps(figures).reindex(tickets["deal_id"]).to_numpy(dtype=float)
    tickets["cap_usd"] = np.where(np.isnan(caps), math.inf, caps)
    tickets["ticket_estimate_high_usd"] = np.minimum(tickets["ticket_estimate_high_usd"], tickets["cap_usd"])
    return EstimateBook(result, tickets)


def deal_caps(figures: pd.DataFrame) -> pd.Series:
    """Per deal id, the most its undisclosed tickets can add up to: its upper end (inf when open or unknown)
    minus its disclosed tickets and its sub-deals at their low ends. Rejected rows are left out."""
    live = figures[figures["status"].astype(str) != "REJECT"]
    record = live["record_type"].astype(str)
    deals = live[record == "deal"].drop_duplicates("figure_id")
    upper = pd.Series(upper_ends(deals).to_numpy(dtype=float), index=deals["figure_id"].astype(str))
    parts = live[record == "participation"]
    tickets = _low_ends(parts).groupby(parts["deal_id"].astype(str).to_numpy()).sum()
    subs = deals[deals["part_of"].notna()]
    sub_deals = _low_ends(subs).groupby(subs["part_of"].astype(str).to_numpy()).sum()
    taken = tickets.reindex(upper.index, fill_value=0.0) + sub_deals.reindex(upper.index, fill_value=0.0)
    return (upper - taken).clip(lower=0.0)


def _low_ends(rows: pd.DataFrame) -> pd.Series:
    amount = pd.to_numeric(rows["amount_usd"], errors="coerce").astype(float)
    low = pd.to_numeric(rows["amount_low_usd"], errors="coerce").astype(float)
    return low.fillna(amount).fillna(0.0).reset_index(drop=True)


EXPORT_COLUMNS = (
    "ticket_estimate_usd",
    "ticket_estimate_low_usd",
    "ticket_estimate_high_usd",
    "estimate_method",
)


def ticket_estimates(book: EstimateBook, ids: Sequence[str]) -> pd.DataFrame:
    """The export's estimate columns (EXPORT_COLUMNS) for these figure ids, in their order. An undisclosed
    participation gets its estimate and interval in whole dollars and its method, or "no estimate: <reason>"
    as its method; any other row gets nothing (NaN and None)."""
    found = book.tickets.reindex(pd.Index([str(i) for i in ids], dtype=object))
    method = found["estimate_method"].fillna("").astype(str)
    reason = "no estimate: " + found["estimate_reason"].fillna("").astype(str)
    # Whole dollars: a model whose median error is a factor of about 2 has no cents to give.
    out = found[list(EXPORT_COLUMNS[:3])].astype(float).round(0)
    text = method.where(method != "", reason)
    out["estimate_method"] = text.astype(object).where(found["deal_id"].notna(), None)
    return out.reset_index(drop=True)


# --- one ticket


def ticket_text(book: EstimateBook, participation_id: str, with_method: bool = False, lang: str = EN) -> str:
    """ "model estimate: about $580M (80%: $170M–$2.99B)", "no model estimate: deal size unknown", or "" for a
    figure that is not an undisclosed participation; `with_method` names the model after an estimate."""
    if participation_id not in book.tickets.index:
        return ""
    ticket = book.tickets.loc[participation_id]
    point = float(ticket["ticket_estimate_usd"])
    if lang != EN:
        if math.isnan(point):
            return tr(lang, "no model estimate: {reason}").format(
                reason=tr(lang, str(ticket["estimate_reason"]))
            )
        text = tr(lang, "model estimate: about {amount} {interval}").format(
            amount=usd(point, lang),
            interval=_interval_text(
                float(ticket["ticket_estimate_low_usd"]),
                float(ticket["ticket_estimate_high_usd"]),
                book.has_interval,
                lang=lang,
            ),
        )
        return f"{text} · {tr(lang, METHOD)}" if with_method else text
    if math.isnan(point):
        return f"no {ESTIMATE_WORD}: {ticket['estimate_reason']}"
    text = f"{ESTIMATE_WORD}: about {usd(point)} " + _interval_text(
        float(ticket["ticket_estimate_low_usd"]), float(ticket["ticket_estimate_high_usd"]), book.has_interval
    )
    return f"{text} · {METHOD}" if with_method else text


def _interval_text(low: float, high: float, has_interval: bool, ratio: bool = False, lang: str = EN) -> str:
    if not has_interval or math.isnan(low) or math.isnan(high):
        return f"({NO_INTERVAL})" if lang == EN else f"（{tr(lang, NO_INTERVAL)}）"
    shown = (
        f"{fmt.ratio(low, lang)}–{fmt.ratio(high, lang)}" if ratio else f"{usd(low, lang)}–{usd(high, lang)}"
    )
    return f"(80%: {shown})" if lang == EN else f"（80%：{shown}）"


def usd(amount: float, lang: str = EN) -> str:
    """An estimate in dollars to three significant digits ("$182M", "$11.4B"): a model whose median error is
    a factor of about 2 has no fourth digit to give."""
    if not math.isfinite(amount) or amount == 0:
        return fmt.usd(amount, lang=lang)
    digits = 2 - math.floor(math.log10(abs(amount)))
    return fmt.usd(round(amount, digits), lang=lang)


# --- a total


@dataclass(frozen=True)
class EstimatedTotal:
    """A hard total's disclosed money (`known`, as stated) plus the model's estimates of its undisclosed
    tickets: `point` adds the estimates, `low`–`high` is the 80% interval of the seeded simulation (NaN when
    the back-test has no errors to draw from). `missing` counts the undisclosed tickets with no estimate, by
    reason."""

    known: float
    n_undisclosed: int
    n_estimated: int
    point: float
    low: float
    high: float
    missing: tuple[tuple[str, int], ...]
    has_interval: bool
    draws: np.ndarray = field(compare=False, repr=False)

    @property
    def n_missing(self) -> int:
        return sum(n for _, n in self.missing)


def estimate_total(total: Total, book: EstimateBook, seed: int = SEED_TOTAL) -> EstimatedTotal:
    """The disclosed money of a counted total plus a model estimate of each of its undisclosed tickets. The
    interval of one ticket is the model's own (as the Data table gives it); of several, the 10th to 90th
    percentile of `SIMULATIONS` seeded draws of every estimate's error from the back-test's errors, each
    drawn ticket cut to what its deal leaves."""
    ids = [i for i in total.figure_ids if i in book.tickets.index]
    tickets = book.tickets.loc[ids] if ids else book.tickets.iloc[0:0]
    estimated = tickets[tickets["ticket_estimate_usd"].notna()]
    reasons = tickets.loc[tickets["ticket_estimate_usd"].isna(), "estimate_reason"].value_counts(sort=False)
    missing = {str(reason): int(n) for reason, n in reasons.items()}
    # An undisclosed deal (or figure) of its own is a deal of unknown size: nothing to share.
    unsized = total.n_undisclosed - len(ids)
    if unsized > 0:
        missing[NO_SIZE] = missing.get(NO_SIZE, 0) + unsized
    values = estimated["ticket_estimate_usd"].to_numpy(dtype=float)
    caps = estimated["cap_usd"].to_numpy(dtype=float)
    known = float(total.amount)
    point = known + float(values.sum())
    if not len(values) or not book.has_interval:
        draws = np.full(SIMULATIONS, point)
        low = high = point if not len(values) else math.nan
    else:
        draws = known + simulate_draws(values, book.model.errors, n=SIMULATIONS, seed=seed, caps=caps)
        if len(values) == 1:
            low = known + float(estimated["ticket_estimate_low_usd"].iloc[0])
            high = known + float(estimated["ticket_estimate_high_usd"].iloc[0])
        else:
            low, high = (float(q) for q in np.quantile(draws, INTERVAL))
    return EstimatedTotal(
        known,
        int(total.n_undisclosed),
        len(values),
        point,
        low,
        high,
        tuple(sorted(missing.items(), key=lambda item: (-item[1], item[0]))),
        book.has_interval,
        draws,
    )


def total_text(estimated: EstimatedTotal, lang: str = EN) -> str:
    """A card's estimate line: "model estimate of 4 undisclosed tickets: about $11.4B (80%: $6.91B–$46.6B);
    no estimate for 2: deal size unknown", "model estimate of disclosed $65M + 1 undisclosed ticket: about
    $465M (80%: …)". The word "estimate" is never far from the number."""
    if lang != EN:
        return _total_text_in(estimated, lang)
    if estimated.n_undisclosed == 0:
        return f"every amount disclosed: no {ESTIMATE_WORD} needed"
    if len(estimated.missing) == 1:
        why = estimated.missing[0][0]
    else:
        why = "; ".join(f"{n} {reason}" for reason, n in estimated.missing)
    if estimated.n_estimated == 0:
        return f"no {ESTIMATE_WORD} for {fmt.count(estimated.n_missing, 'undisclosed ticket')}: {why}"
    tickets = fmt.count(estimated.n_estimated, "undisclosed ticket")
    counted = f"disclosed {usd(estimated.known)} + {tickets}" if estimated.known else tickets
    text = f"{ESTIMATE_WORD} of {counted}: about {usd(estimated.point)} " + _interval_text(
        estimated.low, estimated.high, estimated.has_interval
    )
    if estimated.n_missing:
        text += f"; no estimate for {estimated.n_missing}: {why}"
    return text


def _total_text_in(estimated: EstimatedTotal, lang: str) -> str:
    if estimated.n_undisclosed == 0:
        return tr(lang, "every amount disclosed: no model estimate needed")
    why = "; ".join(
        tr(lang, reason) if len(estimated.missing) == 1 else f"{n} {tr(lang, reason)}"
        for reason, n in estimated.missing
    )
    if estimated.n_estimated == 0:
        return tr(lang, "no model estimate for {tickets}: {why}").format(
            tickets=fmt.count(estimated.n_missing, "undisclosed ticket", lang), why=why
        )
    tickets = fmt.count(estimated.n_estimated, "undisclosed ticket", lang)
    counted = (
        tr(lang, "disclosed {amount} + {tickets}").format(amount=usd(estimated.known, lang), tickets=tickets)
        if estimated.known
        else tickets
    )
    text = tr(lang, "model estimate of {counted}: about {amount} {interval}").format(
        counted=counted,
        amount=usd(estimated.point, lang),
        interval=_interval_text(estimated.low, estimated.high, estimated.has_interval, lang=lang),
    )
    if estimated.n_missing:
        text += tr(lang, "; no estimate for {n}: {why}").format(n=estimated.n_missing, why=why)
    return text


# --- a ratio of two totals


@dataclass(frozen=True)
class EstimatedRatio:
    """top ÷ bottom of two estimated totals, with the 80% interval of their draws' quotients."""

    point: float
    low: float
    high: float
    has_interval: bool
    n_estimated: int
    n_missing: int


def estimate_ratio(top: EstimatedTotal, bottom: EstimatedTotal) -> EstimatedRatio | None:
    """top ÷ bottom with its 80% interval from the two sides' draws (drawn with different seeds); None when
    the bottom has neither money nor an estimate."""
    if not bottom.point > 0:
        return None
    n_estimated = top.n_estimated + bottom.n_estimated
    has_interval = top.has_interval and bottom.has_interval and n_estimated > 0
    low = high = math.nan
    if has_interval:
        with np.errstate(divide="ignore", invalid="ignore"):
            low, high = (float(q) for q in np.quantile(top.draws / bottom.draws, INTERVAL))
    return EstimatedRatio(
        top.point / bottom.point, low, high, has_interval, n_estimated, top.n_missing + bottom.n_missing
    )


def ratio_text(ratio: EstimatedRatio | None, lang: str = EN) -> str:
    if lang != EN:
        return _ratio_text_in(ratio, lang)
    if ratio is None:
        return f"no {ESTIMATE_WORD}: the lower side has no money and no estimate"
    if ratio.n_estimated == 0:
        return f"no {ESTIMATE_WORD}: no undisclosed ticket on either side has one"
    text = f"{ESTIMATE_WORD}: about {fmt.ratio(ratio.point)} " + _interval_text(
        ratio.low, ratio.high, ratio.has_interval, ratio=True
    )
    if ratio.n_missing:
        text += f"; leaves out {fmt.count(ratio.n_missing, 'undisclosed ticket')} with no estimate"
    return text


def _ratio_text_in(ratio: EstimatedRatio | None, lang: str) -> str:
    if ratio is None:
        return tr(lang, "no model estimate: the lower side has no money and no estimate")
    if ratio.n_estimated == 0:
        return tr(lang, "no model estimate: no undisclosed ticket on either side has one")
    text = tr(lang, "model estimate: about {amount} {interval}").format(
        amount=fmt.ratio(ratio.point, lang),
        interval=_interval_text(ratio.low, ratio.high, ratio.has_interval, ratio=True, lang=lang),
    )
    if ratio.n_missing:
        text += tr(lang, "; leaves out {tickets} with no estimate").format(
            tickets=fmt.count(ratio.n_missing, "undisclosed ticket", lang)
        )
    return text


@dataclass(frozen=True)
class GapEstimate:
    """The Overview's two documented Gulf sides and their ratio, each as a model estimate."""

    china: EstimatedTotal
    us: EstimatedTotal
    ratio: EstimatedRatio | None


def gap_estimate(china: Total, us: Total, book: EstimateBook) -> GapEstimate:
    china_estimate = estimate_total(china, book, SEED_CHINA)
    us_estimate = estimate_total(us, book, SEED_US)
    return GapEstimate(china_estimate, us_estimate, estimate_ratio(us_estimate, china_estimate))
