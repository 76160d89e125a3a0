"""The allocation model for undisclosed tickets: its arithmetic on small hand-made deals, the leave-one-out
back-test, the interval, the seeded simulation, and the back-test on the real built data."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from fundgap.analysis import estimate
from fundgap.analysis.estimate import Model

COLUMNS = (
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
)


def deal(
    deal_id: str,
    amount: float | None,
    kind: str = "exact",
    part_of: str | None = None,
    status: str = "VERIFIED",
    original: float | None = None,
    currency: str | None = None,
) -> dict:
    return {
        "figure_id": deal_id,
        "record_type": "deal",
        "deal_id": deal_id,
        "part_of": part_of,
        "role": None,
        "status": status,
        "amount_usd": amount,
        "amount_kind": kind if amount is not None or original is not None else "undisclosed",
        "amount_original": original,
        "currency_original": currency,
    }


def part(
    part_id: str,
    deal_id: str,
    role: str = "participant",
    amount: float | None = None,
    kind: str | None = None,
    status: str = "VERIFIED",
    original: float | None = None,
    currency: str | None = None,
) -> dict:
    stated = amount is not None or original is not None
    return {
        "figure_id": part_id,
        "record_type": "participation",
        "deal_id": deal_id,
        "part_of": deal_id,
        "role": role,
        "status": status,
        "amount_usd": amount,
        "amount_kind": kind or ("exact" if stated else "undisclosed"),
        "amount_original": original,
        "currency_original": currency,
    }


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(COLUMNS))


def estimates_by_id(rows: pd.DataFrame, model: Model) -> pd.DataFrame:
    return estimate.estimate_tickets(rows, model).set_index("participation_id")


# --- the allocation arithmetic


def test_the_remainder_is_shared_by_role_after_the_unnamed_share():
    rows = frame(
        deal("d", 100.0),
        part("d_lead", "d", role="lead"),
        part("d_p1", "d"),
        part("d_known", "d", amount=20.0),
    )
    out = estimates_by_id(rows, Model(lead_weight=2.0, colead_weight=1.0, unnamed_share=0.2))
    # (100 - 20) x 0.8 = 64 to named investors; the lead weighs 2 of 3, the participant 1 of 3.
    assert out.loc["d_lead", "ticket_estimate_usd"] == pytest.approx(128 / 3, rel=1e-12)
    assert out.loc["d_p1", "ticket_estimate_usd"] == pytest.approx(64 / 3, rel=1e-12)
    assert "d_known" not in out.index  # a disclosed ticket is data, never estimated
    assert out.loc["d_lead", "estimate_method"].startswith("allocation model v1: ($100 deal - $20 disclosed)")
    assert list(estimate.estimate_tickets(rows, Model(1.0, 1.0, 0.0)).columns) == list(
        estimate.ESTIMATE_COLUMNS
    )


def test_sub_deals_are_taken_out_of_the_remainder_unless_rejected():
    rows = frame(
        deal("round", 100.0),
        deal("tranche", 30.0, part_of="round"),
        deal("rejected_tranche", 25.0, part_of="round", status="REJECT"),
        part("round_p1", "round"),
        part("round_p2", "round", amount=10.0),
        part("round_gone", "round", status="REJECT"),
        part("tranche_p", "tranche"),
    )
    out = estimates_by_id(rows, Model(1.0, 1.0, 0.0))
    assert out.loc["round_p1", "ticket_estimate_usd"] == 60.0  # 100 - 10 disclosed - 30 in the tranche
    assert out.loc["tranche_p", "ticket_estimate_usd"] == 30.0
    assert "round_gone" not in out.index  # a rejected participation is neither estimated nor counted


def test_a_deal_of_unknown_or_capped_size_gets_no_estimate_and_says_why():
    rows = frame(
        deal("unknown", None),
        deal("capped", 50.0, kind="upper_bound"),
        deal("spent", 100.0),
        deal("more_than", 40.0, kind="lower_bound"),
        part("unknown_p", "unknown"),
        part("capped_p", "capped"),
        part("spent_known", "spent", amount=100.0),
        part("spent_p", "spent"),
        part("more_than_p", "more_than"),
    )
    out = estimates_by_id(rows, Model(1.0, 1.0, 0.0))
    assert out.loc["unknown_p", "estimate_reason"] == "deal size unknown"
    assert out.loc["capped_p", "estimate_reason"] == "deal size only capped (up to)"
    assert out.loc["spent_p", "estimate_reason"] == estimate.EXHAUSTED
    for missing in ("unknown_p", "capped_p", "spent_p"):
        assert math.isnan(out.loc[missing, "ticket_estimate_usd"])
        assert out.loc[missing, "estimate_method"] == ""
    # "More than $40M" is used at its floor.
    assert out.loc["more_than_p", "ticket_estimate_usd"] == 40.0
    assert out.loc["more_than_p", "estimate_reason"] == ""


def test_a_ticket_stated_only_in_the_deals_currency_is_read_at_the_deals_own_rate():
    rows = frame(
        deal("yuan", 70.0, kind="lower_bound", original=500.0, currency="CNY"),
        part("yuan_known", "yuan", original=100.0, currency="CNY"),
        part("yuan_p", "yuan"),
        deal("euro", 70.0, original=500.0, currency="CNY"),
        part("euro_known", "euro", original=100.0, currency="EUR"),
        part("euro_p", "euro"),
    )
    out = estimates_by_id(rows, Model(1.0, 1.0, 0.0))
    assert out.loc["yuan_p", "ticket_estimate_usd"] == pytest.approx(56.0, rel=1e-12)  # 70 - 100 x 70/500
    assert out.loc["euro_p", "estimate_reason"] == estimate.UNCONVERTED


def test_categorical_columns_as_the_app_loads_them_give_the_same_estimates():
    rows = frame(
        deal("d", 90.0), part("d_a", "d", role="co-lead"), part("d_b", "d"), part("d_c", "d", amount=30.0)
    )
    as_app = rows.astype({c: "category" for c in ("record_type", "role", "status", "amount_kind", "deal_id")})
    model = Model(1.0, 2.0, 0.5)
    pd.testing.assert_frame_equal(
        estimate.estimate_tickets(as_app, model), estimate.estimate_tickets(rows, model)
    )
    assert estimates_by_id(rows, model).loc["d_a", "ticket_estimate_usd"] == 20.0  # 60 x 0.5 x 2/3


# --- the back-test


def backtest_rows() -> pd.DataFrame:
    """Two deals that want a lead weight of 2 and of 3 (no unnamed share), two that pin the unnamed share at
    0, and a one-investor deal."""
    return frame(
        deal("y1", 100.0),
        part("y1_lead", "y1", role="lead", amount=50.0),
        part("y1_a", "y1"),
        part("y1_b", "y1"),
        deal("y2", 100.0),
        part("y2_lead", "y2", role="lead", amount=60.0),
        part("y2_a", "y2"),
        part("y2_b", "y2"),
        deal("x", 100.0),
        part("x_known", "x", amount=25.0),
        part("x_a", "x"),
        part("x_b", "x"),
        part("x_c", "x"),
        deal("z", 100.0),
        part("z_known", "z", amount=50.0),
        part("z_a", "z"),
        deal("solo", 40.0),
        part("solo_only", "solo", amount=40.0),
    )


def test_a_hidden_ticket_goes_back_into_its_deals_remainder():
    cases = estimate.holdout_cases(backtest_rows()).set_index("participation_id")
    y1 = cases.loc["y1_lead"]
    assert (y1["remainder_usd"], y1["n_lead"], y1["n_other"]) == (100.0, 1.0, 2.0)
    assert estimate.allocate(cases.loc[["y1_lead"]], lead=2.0, colead=1.0, unnamed=0.0)[0] == 50.0
    assert cases.loc["x_known", "remainder_usd"] == 100.0 and cases.loc["x_known", "n_other"] == 4.0


def test_a_one_investor_deal_is_left_out_of_the_back_test():
    result = estimate.backtest(backtest_rows())
    assert "solo_only" not in set(result.tickets["participation_id"])
    excluded = result.excluded.set_index("participation_id")
    assert excluded.loc["solo_only", "reason"] == "one participant: its ticket is the deal"


def test_each_ticket_is_estimated_by_a_model_fitted_without_it():
    result = estimate.backtest(backtest_rows())
    tickets = result.tickets.set_index("participation_id")
    # Without y1 the other deals fit lead 3 exactly, so y1's lead is estimated at 100 x 3/5 = 60; and the
    # reverse. A model fitted on all four (lead 2.5) would give 55.6 for both.
    assert tickets.loc["y1_lead", "estimate_usd"] == pytest.approx(60.0, rel=1e-12)
    assert tickets.loc["y2_lead", "estimate_usd"] == pytest.approx(50.0, rel=1e-12)
    assert tickets.loc["x_known", "estimate_usd"] == pytest.approx(25.0, rel=1e-12)
    assert tickets.loc["z_known", "estimate_usd"] == pytest.approx(50.0, rel=1e-12)
    assert (result.model.lead_weight, result.model.unnamed_share) == (2.5, 0.0)


def test_the_interval_of_a_ticket_comes_from_the_other_tickets_errors_only():
    result = estimate.backtest(backtest_rows())
    tickets = result.tickets.set_index("participation_id")
    # y1's error is log(50/60), below every other ticket's (0, 0, log(60/50)): outside its interval, which
    # runs from the others' smallest (0) to their largest; with its own error counted it would be inside.
    assert tickets.loc["y1_lead", "low_usd"] == pytest.approx(60.0, rel=1e-12)
    assert tickets.loc["y1_lead", "high_usd"] == pytest.approx(72.0, rel=1e-12)
    assert not tickets.loc["y1_lead", "inside_interval"]
    assert tickets.loc["x_known", "inside_interval"]
    assert result.summary_line() == (
        "back-test: 4 held-out tickets, median error x1.1, within x2: 100%, 80% interval coverage: 50%"
    )


def test_the_fitted_interval_is_the_10th_to_90th_percentile_of_the_errors():
    model = Model(1.0, 1.0, 0.0, errors=tuple(math.log(v) for v in range(1, 10)))
    # Nine errors: the plotting position k / 10 puts the 10th percentile on the smallest, the 90th on the
    # largest.
    assert model.low_factor == pytest.approx(1.0, rel=1e-12)
    assert model.high_factor == pytest.approx(9.0, rel=1e-12)
    rows = frame(deal("d", 10.0), part("d_a", "d"))
    out = estimates_by_id(rows, model)
    assert (
        out.loc["d_a", "ticket_estimate_low_usd"],
        out.loc["d_a", "ticket_estimate_high_usd"],
    ) == pytest.approx((10.0, 90.0), rel=1e-12)


def test_the_fit_recovers_weights_that_explain_the_tickets_exactly():
    rows = frame(
        deal("y", 100.0),
        part("y_lead", "y", role="lead", amount=50.0),
        part("y_a", "y"),
        part("y_b", "y"),
        deal("x", 100.0),
        part("x_known", "x", amount=25.0),
        part("x_a", "x"),
        part("x_b", "x"),
        part("x_c", "x"),
    )
    model = estimate.fit(rows)
    # Lead 2 and no unnamed share explain both tickets with no error; no co-lead is seen, so its weight stays
    # 1.
    assert (model.lead_weight, model.colead_weight, model.unnamed_share) == (2.0, 1.0, 0.0)
    assert len(model.errors) == 2


# --- sums of estimates


def test_the_simulated_sum_is_seeded_and_exact_when_the_errors_are():
    estimates, errors = [10.0, 20.0, 70.0], [-0.7, 0.0, 0.4, 1.1]
    first = estimate.simulate_sum(estimates, errors, n=2_000, seed=7)
    assert first == estimate.simulate_sum(estimates, errors, n=2_000, seed=7)
    same, other = (estimate.simulate_draws(estimates, errors, n=200, seed=s) for s in (7, 8))
    assert not np.array_equal(same, other)  # the seed, not a fixed table, decides the draws
    low_to_high = first[1] < first[0] < first[2]
    assert low_to_high
    # Every draw doubles every estimate: the sum is exactly twice the total, plus what is known.
    assert estimate.simulate_sum(estimates, [math.log(2.0)], n=50, seed=1, known=5.0) == pytest.approx(
        (205.0, 205.0, 205.0), rel=1e-12
    )
    with pytest.raises(ValueError):
        estimate.simulate_sum(estimates, [], n=10)
    with pytest.raises(ValueError):
        estimate.simulate_sum([1.0, float("nan")], errors, n=10)


def test_simulated_draws_of_two_sums_give_a_ratio_interval():
    us = estimate.simulate_draws([100.0, 50.0], [-0.5, 0.5], n=1_000, seed=1)
    china = estimate.simulate_draws([10.0], [-0.5, 0.5], n=1_000, seed=2)
    ratio = np.quantile(us / china, [0.1, 0.5, 0.9])
    assert ratio[0] < 15.0 < ratio[2]  # the point ratio 150/10 lies inside
    assert us.shape == (1_000,)


# --- the real data


@pytest.fixture(scope="module")
def real_backtest():
    from fundgap.data import paths
    from fundgap.data.load import read_dataset

    return estimate.backtest(read_dataset(paths.DEFAULT_DATA_DIR).figures)


def test_the_real_back_test_rests_on_thirty_tickets_and_its_interval_is_calibrated(real_backtest):
    assert real_backtest.n >= 30
    assert 0.70 <= real_backtest.coverage <= 0.90
    # Every held-out ticket sits in a deal of two or more participants, scored against its stated value.
    assert real_backtest.tickets["actual_usd"].gt(0).all()
    assert set(real_backtest.by_role["role"]) >= {"lead", "participant", "all"}


def test_the_backtest_command_ends_with_the_summary_line(capsys, real_backtest):
    from fundgap.cli import main

    assert main(["backtest"]) == 0
    last = capsys.readouterr().out.rstrip("\n").splitlines()[-1]
    pattern = r"back-test: \d+ held-out tickets, median error x\d+\.\d, within x2: \d+%, "
    assert re.fullmatch(pattern + r"80% interval coverage: \d+%", last)
    assert last == real_backtest.summary_line()


def test_a_participation_whose_deal_is_not_in_the_rows_has_a_deal_of_unknown_size():
    rows = frame(part("orphan", "missing_deal"), deal("d", 10.0), part("d_a", "d"))
    out = estimates_by_id(rows, Model(1.0, 1.0, 0.0))
    assert out.loc["orphan", "estimate_reason"] == "deal size unknown"
    assert math.isnan(out.loc["orphan", "ticket_estimate_usd"])
    assert out.loc["d_a", "ticket_estimate_usd"] == 10.0
    # A model without back-test errors says so in the method instead of printing "xnan".
    assert out.loc["d_a", "estimate_method"].endswith(
        "; no 80% interval: the back-test has no held-out ticket"
    )
