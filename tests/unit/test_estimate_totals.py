"""Model estimates beside the hard totals: each ticket's cap, a total's estimate and interval (one ticket: the
model's own interval; several: seeded draws of the back-test's errors), a ratio of two, the words a card and a
table show, the export's columns, and the counting rule that asks for them. Small hand-made deals, exact
values."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from fundgap.analysis import estimate
from fundgap.analysis import estimate_totals as et
from fundgap.analysis.aggregate import Total
from fundgap.analysis.estimate import Model
from fundgap.analysis.rules import UNDISCLOSED, CountingRules, from_settings, method_rows, parse_rule
from tests.unit.test_estimate import deal, frame, part


def rows() -> pd.DataFrame:
    """Deal a ($100: a lead and a participant undisclosed, $20 disclosed), deal b ("about $50", $45–$55, one
    undisclosed participant) and deal u (size unknown, one undisclosed participant)."""
    out = frame(
        deal("a", 100.0),
        part("a_lead", "a", role="lead"),
        part("a_p", "a"),
        part("a_known", "a", amount=20.0),
        deal("b", 50.0, kind="approximate"),
        part("b_p", "b"),
        deal("u", None),
        part("u_p", "u"),
    )
    out["amount_low_usd"] = np.nan
    out["amount_high_usd"] = np.nan
    out.loc[out["figure_id"] == "b", ["amount_low_usd", "amount_high_usd"]] = [45.0, 55.0]
    return out


def book(errors: tuple[float, ...] = (math.log(0.5), math.log(4.0)), unnamed: float = 0.2) -> et.EstimateBook:
    """The book under a hand-set model: lead weight 3, unnamed share 20%; two errors put the 80% interval at
    x0.5 to x4 (with m = 2 the 10th and 90th percentiles fall on the smallest and the largest)."""
    data = rows()
    return et.book_from(data, replace(estimate.backtest(data), model=Model(3.0, 1.0, unnamed, errors=errors)))


def total(ids: tuple[str, ...], amount: float = 0.0, undisclosed: int | None = None) -> Total:
    """A counted total over these figure ids (the bounds do not matter to an estimate)."""
    n_undisclosed = sum(i != "a_known" for i in ids) if undisclosed is None else undisclosed
    return Total(amount, amount, math.inf, len(ids), n_undisclosed, 0, ids)


# --- each ticket and its cap


def test_a_deals_cap_is_its_upper_end_less_its_disclosed_tickets():
    caps = et.deal_caps(rows())
    assert caps.to_dict() == {"a": 80.0, "b": 55.0, "u": math.inf}


def test_the_book_cuts_each_interval_at_what_its_deal_leaves():
    tickets = book().tickets
    # (100 - 20) x 0.8 = 64 shared 3 : 1 between the lead and the participant; b's one participant gets
    # 50 x 0.8 = 40. The high ends x4 (192, 64, 160) are cut to the caps 80, -, 55.
    assert tickets.loc["a_lead", ["ticket_estimate_usd", "ticket_estimate_low_usd"]].tolist() == [48.0, 24.0]
    assert tickets.loc["a_lead", "ticket_estimate_high_usd"] == 80.0
    assert tickets.loc["a_p", ["ticket_estimate_usd", "ticket_estimate_high_usd"]].tolist() == [16.0, 64.0]
    assert tickets.loc["b_p", ["ticket_estimate_usd", "ticket_estimate_high_usd"]].tolist() == [40.0, 55.0]
    assert math.isnan(tickets.loc["u_p", "ticket_estimate_usd"])
    assert tickets.loc["u_p", "estimate_reason"] == "deal size unknown"
    assert "a_known" not in tickets.index  # a disclosed ticket is data, never estimated


def test_a_ticket_reads_as_a_model_estimate_with_its_interval():
    shelf = book()
    assert et.ticket_text(shelf, "a_lead") == "model estimate: about $48 (80%: $24–$80)"
    assert et.ticket_text(shelf, "u_p") == "no model estimate: deal size unknown"
    assert et.ticket_text(shelf, "a_p", with_method=True) == (
        "model estimate: about $16 (80%: $8–$64) · allocation model v1"
    )
    assert et.ticket_text(shelf, "a_known") == ""  # disclosed: nothing to estimate
    assert et.ticket_text(shelf, "a") == ""  # a deal row
    no_backtest = book(errors=())
    assert et.ticket_text(no_backtest, "b_p") == (
        "model estimate: about $40 (no 80% interval: the back-test has no held-out ticket)"
    )
    assert no_backtest.tickets.loc["b_p", "estimate_method"].endswith(
        "x participant weight 1 of 1; no 80% interval: the back-test has no held-out ticket"
    )


def test_the_export_columns_fill_only_undisclosed_participations():
    out = et.ticket_estimates(book(), ["a_known", "a_lead", "u_p", "a"])
    assert list(out.columns) == list(et.EXPORT_COLUMNS)
    assert out["ticket_estimate_usd"].tolist()[1] == 48.0
    assert out.loc[1, ["ticket_estimate_low_usd", "ticket_estimate_high_usd"]].tolist() == [24.0, 80.0]
    assert out["estimate_method"].tolist() == [
        None,
        "allocation model v1: ($100 deal - $20 disclosed) x 80% to named investors x lead weight 3 of 4; "
        "80% interval x0.50 to x4.00 from the back-test",
        "no estimate: deal size unknown",
        None,
    ]
    for row in (0, 2, 3):
        assert math.isnan(out.loc[row, "ticket_estimate_usd"])


def test_estimates_round_to_three_significant_digits():
    assert et.usd(182_201_390.4) == "$182M"
    assert et.usd(11_430_793_650.8) == "$11.4B"
    assert et.usd(6_600_000_000.0) == "$6.6B"
    assert et.usd(46_621_247_274.8) == "$46.6B"
    assert et.usd(0.0) == "$0"


# --- a total


def test_one_ticket_keeps_its_own_interval_and_the_disclosed_money_is_added_as_known():
    estimated = et.estimate_total(total(("a_known", "a_p"), amount=20.0), book())
    assert (estimated.point, estimated.low, estimated.high) == (36.0, 28.0, 84.0)  # 20 + 16 (8–64)
    assert (estimated.n_undisclosed, estimated.n_estimated, estimated.missing) == (1, 1, ())
    assert et.total_text(estimated) == (
        "model estimate of disclosed $20 + 1 undisclosed ticket: about $36 (80%: $28–$84)"
    )


def test_several_tickets_draw_their_errors_and_each_draw_is_cut_at_its_cap():
    # One error, x2, in the pool: every draw doubles every estimate, then cuts it to its cap:
    # a_lead 96 -> 80, a_p 32, b_p 80 -> 55: 167 in every draw.
    doubled = book(errors=(math.log(2.0),))
    estimated = et.estimate_total(total(("a_lead", "a_p", "b_p", "u_p")), doubled)
    assert estimated.point == 104.0  # 48 + 16 + 40: the model's own estimates
    assert (estimated.low, estimated.high) == pytest.approx((167.0, 167.0), rel=1e-12)
    assert estimated.missing == (("deal size unknown", 1),)
    assert et.total_text(estimated) == (
        "model estimate of 3 undisclosed tickets: about $104 (80%: $167–$167); no estimate for 1: deal size "
        "unknown"
    )


def test_the_interval_of_a_sum_is_the_seeded_simulation_of_the_back_tests_errors():
    shelf = book()
    estimated = et.estimate_total(total(("a_lead", "a_p", "b_p")), shelf, seed=11)
    draws = estimate.simulate_draws(
        [48.0, 16.0, 40.0], shelf.model.errors, n=et.SIMULATIONS, seed=11, caps=[80.0, 80.0, 55.0]
    )
    assert (estimated.low, estimated.high) == tuple(np.quantile(draws, [0.1, 0.9]))
    assert estimated == et.estimate_total(total(("a_lead", "a_p", "b_p")), shelf, seed=11)
    assert estimated.low < estimated.point < estimated.high


def test_a_total_without_an_estimable_ticket_says_why():
    # An undisclosed deal row of its own ("u") is a deal of unknown size too.
    estimated = et.estimate_total(total(("u", "u_p"), undisclosed=2), book())
    assert (estimated.n_estimated, estimated.missing) == (0, (("deal size unknown", 2),))
    assert et.total_text(estimated) == "no model estimate for 2 undisclosed tickets: deal size unknown"
    nothing = et.estimate_total(total(("a_known",), amount=20.0), book())
    assert et.total_text(nothing) == "every amount disclosed: no model estimate needed"
    assert (nothing.point, nothing.low, nothing.high) == (20.0, 20.0, 20.0)


def test_simulated_tickets_are_cut_to_their_caps_without_changing_the_draws():
    errors = [-0.7, 0.0, 0.4, 1.1]
    free = estimate.simulate_draws([10.0, 20.0], errors, n=500, seed=4)
    assert np.array_equal(free, estimate.simulate_draws([10.0, 20.0], errors, n=500, seed=4, caps=[1e9, 1e9]))
    capped = estimate.simulate_draws([10.0, 20.0], [math.log(3.0)], n=5, seed=4, caps=[25.0, 100.0])
    assert capped.tolist() == pytest.approx([85.0] * 5, rel=1e-12)  # min(30, 25) + 60
    assert estimate.simulate_sum([10.0], [math.log(3.0)], n=5, caps=[25.0], known=1.0) == pytest.approx(
        (26.0, 26.0, 26.0), rel=1e-12
    )


# --- a ratio


def test_a_ratio_of_two_estimated_totals_takes_its_interval_from_both_sides_draws():
    exact = book(errors=(0.0,))  # no error in the pool: every draw is the estimate itself
    gap = et.gap_estimate(total(("a_known", "b_p"), amount=20.0), total(("a_lead", "a_p")), exact)
    assert (gap.china.point, gap.us.point) == (60.0, 64.0)
    assert gap.ratio is not None
    assert (gap.ratio.point, gap.ratio.low, gap.ratio.high) == pytest.approx((64 / 60,) * 3, rel=1e-12)
    assert et.ratio_text(gap.ratio) == "model estimate: about 1.1× (80%: 1.1×–1.1×)"
    drawn = et.gap_estimate(total(("a_known", "b_p"), amount=20.0), total(("a_lead", "a_p", "u_p")), book())
    errors = book().model.errors
    us = estimate.simulate_draws([48.0, 16.0], errors, n=et.SIMULATIONS, seed=et.SEED_US, caps=[80.0, 80.0])
    china = 20.0 + estimate.simulate_draws([40.0], errors, n=et.SIMULATIONS, seed=et.SEED_CHINA, caps=[55.0])
    assert drawn.ratio is not None
    assert (drawn.ratio.low, drawn.ratio.high) == tuple(np.quantile(us / china, [0.1, 0.9]))
    assert drawn.ratio.n_missing == 1
    assert et.ratio_text(drawn.ratio).endswith("; leaves out 1 undisclosed ticket with no estimate")


def test_a_ratio_over_nothing_is_not_estimated():
    assert (
        et.estimate_ratio(
            et.estimate_total(total(("a_lead",)), book()), et.estimate_total(total(("u_p",)), book())
        )
        is None
    )
    assert et.ratio_text(None) == "no model estimate: the lower side has no money and no estimate"


# --- the counting rule


def test_estimate_is_a_third_undisclosed_mode_and_count_stays_the_default():
    assert tuple(UNDISCLOSED.choices) == ("count", "zero", "estimate")
    assert UNDISCLOSED.default == "count"
    rules = CountingRules(undisclosed="estimate")
    assert rules.estimates and not CountingRules().estimates
    assert rules.to_query() == {"undisclosed": ["estimate"]}
    assert parse_rule("undisclosed", [" Estimate "], []) == "estimate"
    assert from_settings({"undisclosed": "estimate"}) == rules
    assert rules.describe().endswith(
        "undisclosed amounts reported as a count, with a model estimate beside the totals."
    )
    row = method_rows()[-1]
    assert row["URL parameter"] == "undisclosed=count / undisclosed=zero / undisclosed=estimate"
    assert row["Default"] == "Report as “n undisclosed”"
    assert "not the default because disclosed tickets are not a random sample" in row["Why"]
