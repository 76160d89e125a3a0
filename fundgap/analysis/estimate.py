"""An estimate, with an 80% interval, for every undisclosed ticket in a deal of known size (issue 22).

Allocation model v1. For a deal of size A whose disclosed tickets add up to D and whose sub-deals (tranches, a
commitment's closings, an IPO's cornerstone book) add up to C, the remainder R = A - D - C is what the
undisclosed participants and the investors no source names put in together. A share u of R goes to the unnamed
investors; the rest is shared among the undisclosed participants in proportion to a weight per role:

    estimate_i = R * (1 - u) * w(role_i) / sum of w(role_j) over the deal's undisclosed participants j

w(participant) = w(cornerstone) = w(buyer) = 1; w(lead), w(co-lead) and u are fitted on the disclosed tickets
by hiding each one in turn and minimising the squared log error of its estimate (a grid search, so the fit is
exact and repeatable). The 80% interval multiplies the estimate by the 10th and 90th percentiles of the
back-test's errors exp(log(actual / estimate)), each error coming from a model fitted without that ticket.

Input rows are the built row table (`figures.parquet`): its deal rows and participation rows; other rows are
ignored. Pure functions of frames: no Streamlit, no files."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any, Final

import numpy as np
import pandas as pd

from fundgap.common.fmt import usd
from fundgap.common.i18n import N_

METHOD = N_("allocation model v1")
# A deal's size is known when its source states one; "up to" caps a commitment without saying what was paid. A
# "more than" size is used at its floor, which makes the remainder, and so the estimates, low.
SIZE_KINDS = ("exact", "approximate", "range", "lower_bound")
# The tickets the back-test holds out: every stated value but a cap. An "up to" ticket may be anything down to
# 0, so it is subtracted from its deal like any disclosed ticket but never scored; an "at least" ticket is
# scored at its floor, as the ledger counts it (which, if anything, flatters estimates that come out low).
HELD_OUT_KINDS = ("exact", "approximate", "range", "lower_bound")
FITTED_ROLES = ("lead", "co-lead")
# A lead or co-lead is assumed to put in no less than a participant: its weight is searched from 1 up.
WEIGHT_GRID = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)
UNNAMED_GRID = tuple(round(0.05 * step, 2) for step in range(19))  # 0 to 0.9
INTERVAL = (0.10, 0.90)
# Percentiles of the errors use the plotting position k / (m + 1): a new ticket whose error is exchangeable
# with the m held-out ones falls below the p-th percentile with probability p, so the interval covers 80% on
# average (numpy's default, (k - 1) / (m - 1), gives intervals that cover less on a few dozen tickets).
QUANTILE_METHOD: Final = "weibull"
SIZE_BANDS = ((1e9, "under $1B"), (10e9, "$1B to $10B"), (math.inf, "$10B and more"))
NO_SIZE = N_("deal size unknown")
CAPPED_SIZE = N_("deal size only capped (up to)")
EXHAUSTED = N_("disclosed tickets and sub-deals account for the whole deal")
ONE_PARTICIPANT = "one participant: its ticket is the deal"
UNCONVERTED = "a ticket is stated only in a currency without a USD rate"
REJECTED_DEAL = "deal rejected"
NO_INTERVAL = N_("no 80% interval: the back-test has no held-out ticket")
ESTIMATE_COLUMNS = (
    "participation_id",
    "deal_id",
    "role",
    "ticket_estimate_usd",
    "ticket_estimate_low_usd",
    "ticket_estimate_high_usd",
    "estimate_method",
    "estimate_reason",
)


@dataclass(frozen=True)
class Model:
    """The fitted allocation model: role weights, the unnamed share and the back-test's errors for the
    interval."""

    lead_weight: float
    colead_weight: float
    unnamed_share: float
    # log(actual / estimate) of every held-out ticket, each estimated by a model fitted without it.
    errors: tuple[float, ...] = ()

    def weight(self, role: str) -> float:
        return {"lead": self.lead_weight, "co-lead": self.colead_weight}.get(role, 1.0)

    @property
    def low_factor(self) -> float:
        return float(np.exp(_quantile(self.errors, INTERVAL[0]))) if self.errors else math.nan

    @property
    def high_factor(self) -> float:
        return float(np.exp(_quantile(self.errors, INTERVAL[1]))) if self.errors else math.nan


@dataclass(frozen=True)
class BacktestResult:
    """One row per held-out ticket (`tickets`), the candidates that could not be scored (`excluded`, with a
    reason), summaries by role and by deal-size band, and the model fitted on every held-out ticket."""

    tickets: pd.DataFrame
    excluded: pd.DataFrame
    by_role: pd.DataFrame
    by_size: pd.DataFrame
    model: Model = field(repr=False)

    @property
    def n(self) -> int:
        return len(self.tickets)

    @property
    def median_factor(self) -> float:
        return float(self.tickets["error_factor"].median()) if self.n else math.nan

    @property
    def within_x2(self) -> float:
        return float(self.tickets["within_x2"].mean()) if self.n else math.nan

    @property
    def coverage(self) -> float:
        return float(self.tickets["inside_interval"].mean()) if self.n else math.nan

    def summary_line(self) -> str:
        return (
            f"back-test: {self.n} held-out tickets, median error {_factor(self.median_factor)}, "
            f"within x2: {_percent(self.within_x2)}%, 80% interval coverage: {_percent(self.coverage)}%"
        )


# --- the ledger as the model sees it


def ledger_deals(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per deal, indexed by deal_id: its size in USD (or NaN with the reason it has none), the USD
    value of one unit of its own currency (to read tickets given only in that currency), and the sum of its
    sub-deals."""
    deals = _plain(rows[rows["record_type"].astype(str) == "deal"])
    deals = deals.drop_duplicates("figure_id").set_index("figure_id")
    kind = deals["amount_kind"].fillna("undisclosed")
    rejected = deals["status"] == "REJECT"
    known = kind.isin(SIZE_KINDS) & deals["amount_usd"].notna()
    out = pd.DataFrame(index=deals.index)
    out["size_usd"] = deals["amount_usd"].where(known & ~rejected)
    out["size_reason"] = np.select(
        [rejected, known, kind.eq("upper_bound")], [REJECTED_DEAL, "", CAPPED_SIZE], default=NO_SIZE
    )
    # The source's own conversion (amount_usd / amount_original) reads a ticket given only in the deal's
    # currency.
    rate = deals["amount_usd"] / deals["amount_original"]
    out["currency"] = deals["currency_original"]
    out["usd_per_unit"] = rate.where(np.isfinite(rate) & (rate > 0))
    live_children = deals[~rejected & deals["part_of"].notna() & deals["amount_usd"].notna()]
    out["sub_deals_usd"] = live_children.groupby("part_of")["amount_usd"].sum().reindex(out.index).fillna(0.0)
    return out


def ledger_tickets(rows: pd.DataFrame, deals: pd.DataFrame) -> pd.DataFrame:
    """One row per participation that is not rejected: its deal, role, ticket value in USD (NaN when
    undisclosed) and ticket kind."""
    parts = _plain(rows[rows["record_type"].astype(str) == "participation"])
    parts = parts[parts["status"] != "REJECT"].drop_duplicates("figure_id")
    deal = deals.reindex(parts["deal_id"])
    converted = parts["amount_original"].to_numpy() * deal["usd_per_unit"].to_numpy()
    same_currency = parts["currency_original"].to_numpy() == deal["currency"].to_numpy()
    value = np.where(
        parts["amount_usd"].notna(), parts["amount_usd"], np.where(same_currency, converted, np.nan)
    )
    kind = parts["amount_kind"].fillna("undisclosed")
    stated = (kind != "undisclosed").to_numpy()
    return pd.DataFrame(
        {
            "participation_id": parts["figure_id"].to_numpy(),
            "deal_id": parts["deal_id"].to_numpy(),
            "role": parts["role"].fillna("participant").to_numpy(),
            "value_usd": np.where(stated, value, np.nan),
            "kind": kind.to_numpy(),
            "disclosed": stated & np.isfinite(value),
            # Stated in a currency the deal gives no USD rate for: the remainder cannot be known.
            "unconverted": stated & ~np.isfinite(value),
        }
    )


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    # The app loads filter columns as categoricals; comparisons and groupby below want plain values.
    columns = [
        "figure_id",
        "record_type",
        "deal_id",
        "part_of",
        "role",
        "status",
        "amount_usd",
        "amount_kind",
        "amount_original",
        "currency_original",
    ]
    out = frame.reindex(columns=columns).copy()
    for column in ("figure_id", "deal_id", "part_of", "role", "status", "amount_kind", "currency_original"):
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    for column in ("amount_usd", "amount_original"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    return out


# --- cases: one per ticket to estimate


def _cases(tickets: pd.DataFrame, deals: pd.DataFrame, hold_out: bool) -> pd.DataFrame:
    """One case per ticket to estimate: the deal's remainder and the roles it is shared among. With
    `hold_out`, each disclosed ticket (not a cap) in a deal of two or more participants is hidden in turn (its
    value goes back into the remainder); otherwise every undisclosed ticket is a case."""
    per_deal = tickets.groupby("deal_id").agg(
        participants=("participation_id", "size"),
        disclosed_usd=("value_usd", "sum"),
        unconverted=("unconverted", "sum"),
    )
    undisclosed = tickets[tickets["kind"] == "undisclosed"]
    counts = pd.crosstab(undisclosed["deal_id"], _role_class(undisclosed["role"]))
    counts = counts.reindex(columns=["lead", "co-lead", "other"], fill_value=0)
    held_out = tickets[tickets["disclosed"] & tickets["kind"].isin(HELD_OUT_KINDS)]
    chosen = held_out if hold_out else undisclosed
    deal = deals.reindex(chosen["deal_id"])
    context = per_deal.reindex(chosen["deal_id"])
    roles = counts.reindex(chosen["deal_id"]).fillna(0).to_numpy(dtype=float)
    own = chosen["value_usd"].fillna(0.0).to_numpy() if hold_out else np.zeros(len(chosen))
    if hold_out:  # the hidden ticket joins the undisclosed ones it is shared with
        roles = roles + _role_matrix(chosen["role"])
    remainder = (
        deal["size_usd"].to_numpy()
        - context["disclosed_usd"].to_numpy()
        + own
        - deal["sub_deals_usd"].fillna(0.0).to_numpy()
    )
    out = pd.DataFrame(
        {
            "participation_id": chosen["participation_id"].to_numpy(),
            "deal_id": chosen["deal_id"].to_numpy(),
            "role": chosen["role"].to_numpy(),
            "actual_usd": chosen["value_usd"].to_numpy() if hold_out else np.nan,
            "deal_size_usd": deal["size_usd"].to_numpy(),
            "disclosed_usd": context["disclosed_usd"].to_numpy() - own,
            "sub_deals_usd": deal["sub_deals_usd"].fillna(0.0).to_numpy(),
            "remainder_usd": remainder,
            "participants": context["participants"].to_numpy(),
            "n_lead": roles[:, 0],
            "n_colead": roles[:, 1],
            "n_other": roles[:, 2],
        }
    )
    # A participation whose deal is not in the rows has a deal of unknown size.
    size_reason = deal["size_reason"].fillna(NO_SIZE).to_numpy()
    out["reason"] = np.select(
        [
            size_reason != "",
            hold_out & (out["participants"].to_numpy() < 2),
            context["unconverted"].to_numpy() > 0,
            ~(remainder > 0),
        ],
        [size_reason, ONE_PARTICIPANT, UNCONVERTED, EXHAUSTED],
        default="",
    )
    return out


def _role_class(roles: pd.Series) -> pd.Series:
    return roles.where(roles.isin(FITTED_ROLES), "other").rename("role_class")


def _role_matrix(roles: pd.Series) -> np.ndarray:
    classes = _role_class(roles).to_numpy()
    return np.column_stack([classes == "lead", classes == "co-lead", classes == "other"]).astype(float)


def allocate(cases: pd.DataFrame, lead: float, colead: float, unnamed: float) -> np.ndarray:
    """The allocation formula for each case: remainder x (1 - unnamed) x own weight / total undisclosed
    weight."""
    own = np.select([cases["role"] == "lead", cases["role"] == "co-lead"], [lead, colead], default=1.0)
    total = cases["n_lead"] * lead + cases["n_colead"] * colead + cases["n_other"]
    return (cases["remainder_usd"] * (1.0 - unnamed) * own / total).to_numpy(dtype=float)


# --- fitting


def _grid() -> np.ndarray:
    return np.array(list(product(WEIGHT_GRID, WEIGHT_GRID, UNNAMED_GRID)), dtype=float)


def _log_errors(cases: pd.DataFrame, grid: np.ndarray) -> np.ndarray:
    """log(actual / estimate) for every (parameter set, case): shape (len(grid), len(cases))."""
    lead, colead, unnamed = (grid[:, k : k + 1] for k in range(3))
    role = cases["role"].to_numpy()
    own = np.where(role == "lead", lead, np.where(role == "co-lead", colead, 1.0))
    total = (
        cases["n_lead"].to_numpy() * lead
        + cases["n_colead"].to_numpy() * colead
        + cases["n_other"].to_numpy()
    )
    estimate = cases["remainder_usd"].to_numpy() * (1.0 - unnamed) * own / total
    return np.log(cases["actual_usd"].to_numpy() / estimate)


def _best(squared: np.ndarray, grid: np.ndarray) -> tuple[float, float, float]:
    # The first minimum in grid order: ties resolve the same way on every run.
    best = grid[int(np.argmin(squared))]
    return float(best[0]), float(best[1]), float(best[2])


def fit(rows: pd.DataFrame) -> Model:
    """Fit the role weights and the unnamed share on every disclosed ticket (hidden in turn), and keep the
    leave-one-out errors that give the interval."""
    cases = _scorable(holdout_cases(rows))
    return _fit_cases(cases, _leave_one_out(cases))


def holdout_cases(rows: pd.DataFrame) -> pd.DataFrame:
    """Every disclosed ticket but a cap, hidden in turn, with `reason` saying why a case cannot be scored (""
    when it can)."""
    deals = ledger_deals(rows)
    return _cases(ledger_tickets(rows, deals), deals, hold_out=True)


def _scorable(cases: pd.DataFrame) -> pd.DataFrame:
    return cases[cases["reason"] == ""].reset_index(drop=True)


def _fit_cases(cases: pd.DataFrame, errors: np.ndarray) -> Model:
    if cases.empty:
        return Model(lead_weight=1.0, colead_weight=1.0, unnamed_share=0.0, errors=())
    grid = _grid()
    lead, colead, unnamed = _best((_log_errors(cases, grid) ** 2).sum(axis=1), grid)
    return Model(lead, colead, unnamed, errors=tuple(float(e) for e in errors))


def _leave_one_out(cases: pd.DataFrame) -> np.ndarray:
    """Each case's log error under parameters fitted on all the other cases (never on itself)."""
    if len(cases) < 2:
        return np.full(len(cases), np.nan)
    grid = _grid()
    squared = _log_errors(cases, grid) ** 2
    total = squared.sum(axis=1)
    errors = np.empty(len(cases))
    for i in range(len(cases)):
        params = np.array([_best(total - squared[:, i], grid)])
        errors[i] = _log_errors(cases.iloc[[i]], params)[0, 0]
    return errors


# --- estimates


def estimate_tickets(rows: pd.DataFrame, model: Model) -> pd.DataFrame:
    """One row per undisclosed participation (not rejected): its estimate and 80% interval in USD and the
    method in words, or NaN and `estimate_reason` saying why there is none (e.g. "deal size unknown"). Pass
    the whole row table, not a filtered view: a deal's remainder needs all its participations and sub-deals;
    filter the result instead."""
    deals = ledger_deals(rows)
    cases = _cases(ledger_tickets(rows, deals), deals, hold_out=False)
    ok = (cases["reason"] == "").to_numpy()
    estimate = np.where(
        ok, allocate(cases, model.lead_weight, model.colead_weight, model.unnamed_share), np.nan
    )
    out = cases[["participation_id", "deal_id", "role"]].copy()
    out["ticket_estimate_usd"] = estimate
    out["ticket_estimate_low_usd"] = estimate * model.low_factor
    out["ticket_estimate_high_usd"] = estimate * model.high_factor
    out["estimate_method"] = [
        _method_text(case, model) if good else "" for case, good in zip(cases.itertuples(), ok, strict=True)
    ]
    out["estimate_reason"] = cases["reason"].to_numpy()
    return out.reset_index(drop=True)[list(ESTIMATE_COLUMNS)]


def _method_text(case: Any, model: Model) -> str:
    total = case.n_lead * model.lead_weight + case.n_colead * model.colead_weight + case.n_other
    minus_subdeals = f" - {usd(case.sub_deals_usd)} sub-deals" if case.sub_deals_usd else ""
    interval = (
        f"80% interval x{model.low_factor:.2f} to x{model.high_factor:.2f} from the back-test"
        if math.isfinite(model.low_factor) and math.isfinite(model.high_factor)
        else NO_INTERVAL
    )
    return (
        f"{METHOD}: ({usd(case.deal_size_usd)} deal - {usd(case.disclosed_usd)} disclosed{minus_subdeals}) "
        f"x {1 - model.unnamed_share:.0%} to named investors x {case.role} weight "
        f"{model.weight(case.role):g} of {total:g}; {interval}"
    )


# --- back-test


def backtest(rows: pd.DataFrame) -> BacktestResult:
    """Hide each disclosed ticket (not a cap) in a deal of known size with two or more participants, estimate
    it from the rest of its deal with parameters fitted without it, and score the estimate and its 80%
    interval (built from the other tickets' errors only)."""
    cases = holdout_cases(rows)
    scored = _scorable(cases)
    errors = _leave_one_out(scored)
    model = _fit_cases(scored, errors)
    tickets = _score(scored, errors)
    excluded = cases[cases["reason"] != ""][["participation_id", "deal_id", "role", "actual_usd", "reason"]]
    return BacktestResult(
        tickets=tickets,
        excluded=excluded.reset_index(drop=True),
        by_role=summarise(tickets, "role"),
        by_size=summarise(tickets, "size_band"),
        model=model,
    )


def _score(cases: pd.DataFrame, errors: np.ndarray) -> pd.DataFrame:
    out = cases[["participation_id", "deal_id", "role", "deal_size_usd", "actual_usd"]].copy()
    out["size_band"] = [size_band(size) for size in out["deal_size_usd"]]
    out["estimate_usd"] = out["actual_usd"] / np.exp(errors)
    low, high = _interval_without_self(errors)
    out["low_usd"] = out["estimate_usd"] * np.exp(low)
    out["high_usd"] = out["estimate_usd"] * np.exp(high)
    out["log_error"] = errors
    out["error_factor"] = np.exp(np.abs(errors))
    out["within_x2"] = out["error_factor"] <= 2.0
    out["inside_interval"] = (errors >= low) & (errors <= high)
    return out.reset_index(drop=True)


def _interval_without_self(errors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each ticket, the 10th and 90th percentiles of the other tickets' errors: its own error never sets
    its interval."""
    if len(errors) < 2:
        return np.full(len(errors), np.nan), np.full(len(errors), np.nan)
    others = [np.delete(errors, i) for i in range(len(errors))]
    low = np.array([_quantile(rest, INTERVAL[0]) for rest in others])
    high = np.array([_quantile(rest, INTERVAL[1]) for rest in others])
    return low, high


def _quantile(values: Sequence[float] | np.ndarray, share: float) -> float:
    return float(np.quantile(np.asarray(values, dtype=float), share, method=QUANTILE_METHOD))


def size_band(size: float) -> str:
    return next(label for limit, label in SIZE_BANDS if size < limit)


ROLE_ORDER = ("lead", "co-lead", "participant", "cornerstone", "buyer", "seller")


def summarise(tickets: pd.DataFrame, by: str) -> pd.DataFrame:
    """Held-out tickets, median error factor, share within x2 and interval coverage per group (roles in
    ROLE_ORDER, size bands from small to large), plus an "all" row."""
    order = [label for _, label in SIZE_BANDS] if by == "size_band" else list(ROLE_ORDER)
    keys = sorted(
        tickets[by].unique(), key=lambda key: (order.index(key) if key in order else len(order), key)
    )
    groups = [(str(key), tickets[tickets[by] == key]) for key in keys]
    rows = [_summary_row(key, part) for key, part in [*groups, ("all", tickets)]]
    return pd.DataFrame(rows, columns=[by, "tickets", "median_error", "within_x2", "coverage"])


def _summary_row(key: str, part: pd.DataFrame) -> tuple:
    if part.empty:
        return (key, 0, math.nan, math.nan, math.nan)
    return (
        key,
        len(part),
        float(part["error_factor"].median()),
        float(part["within_x2"].mean()),
        float(part["inside_interval"].mean()),
    )


def _percent(share: float) -> str:
    return "n/a" if math.isnan(share) else f"{round(100 * share)}"


def backtest_text(result: BacktestResult) -> str:
    """The fitted model, the back-test as tables (by role, by deal size) and the summary line last."""
    model = result.model
    lines = [
        f"{METHOD}: weights lead {model.lead_weight:g}, co-lead {model.colead_weight:g}, other roles 1; "
        f"unnamed investors' share {model.unnamed_share:.0%}; 80% interval x{model.low_factor:.2f} to "
        f"x{model.high_factor:.2f}",
        "",
        _table(result.by_role, "role"),
        "",
        _table(result.by_size, "deal size"),
    ]
    if len(result.excluded):
        reasons = result.excluded["reason"].value_counts()
        lines += ["", "not scored: " + "; ".join(f"{count} ({reason})" for reason, count in reasons.items())]
    lines += ["", result.summary_line()]
    return "\n".join(lines)


def _table(summary: pd.DataFrame, label: str) -> str:
    header = f"{label:<16} {'tickets':>7} {'median error':>13} {'within x2':>10} {'coverage':>9}"
    body = [
        f"{str(row.iloc[0]):<16} {row['tickets']:>7} {_factor(row['median_error']):>13} "
        f"{_percent(row['within_x2']) + '%':>10} {_percent(row['coverage']) + '%':>9}"
        for _, row in summary.iterrows()
    ]
    return "\n".join([header, *body])


def _factor(value: float) -> str:
    return "n/a" if math.isnan(value) else f"x{value:.1f}"


# --- sums of estimates


def simulate_sum(
    estimates: Sequence[float],
    errors: Sequence[float],
    n: int = 10_000,
    seed: int = 0,
    known: float = 0.0,
    caps: Sequence[float] | None = None,
) -> tuple[float, float, float]:
    """Median and 80% interval of `known` plus the sum of the estimates, each multiplied by an error drawn
    (with replacement, independently) from the back-test's log errors. The same seed gives the same answer."""
    sums = simulate_draws(estimates, errors, n=n, seed=seed, caps=caps) + known
    low, median, high = np.quantile(sums, [INTERVAL[0], 0.5, INTERVAL[1]])
    return float(median), float(low), float(high)


def simulate_draws(
    estimates: Sequence[float],
    errors: Sequence[float],
    n: int = 10_000,
    seed: int = 0,
    caps: Sequence[float] | None = None,
) -> np.ndarray:
    """`n` simulated sums of the estimates; ratios of two sums take their draws with two different seeds.
    `caps` (one per estimate, inf for none) is the most each ticket can be, what its deal leaves after the
    disclosed tickets: a drawn ticket above it is cut to it. The draws are the same with or without caps."""
    values = np.asarray(estimates, dtype=float)
    pool = np.asarray(errors, dtype=float)
    if not len(pool):
        raise ValueError("simulate_sum needs the back-test's errors; none were given")
    if not np.isfinite(values).all():
        raise ValueError("every estimate must be a finite number; leave tickets without an estimate out")
    draws = np.random.default_rng(seed).choice(pool, size=(n, len(values)), replace=True)
    tickets = values * np.exp(draws)
    if caps is not None:
        tickets = np.minimum(tickets, np.asarray(caps, dtype=float))
    return tickets.sum(axis=1)
