import math

import pandas as pd
import pytest

from fundgap.common import fmt


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (15e9, "$15B"),
        (1.2e8, "$120M"),
        (100e6, "$100M"),
        (64.6e9, "$64.6B"),
        (687.6e6, "$687.6M"),
        (2.98e9, "$2.98B"),
        (950_000, "$950K"),
        (20e6, "$20M"),
        (285.9e9, "$285.9B"),
        (1.5e12, "$1.5T"),
        (0, "$0"),
        (None, "—"),
        (math.nan, "—"),
    ],
)
def test_usd_reads_like_a_newspaper(amount, text):
    assert fmt.usd(amount) == text


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((100e6, 80e6, 120e6, "approximate"), "about $100M ($80M–$120M)"),
        ((65e6, None, None, "exact"), "$65M"),
        ((1.5e9, 0, 1.5e9, "upper_bound"), "up to $1.5B"),
        ((1e9, 1e9, 1e9, "lower_bound"), "at least $1B"),
        ((687.6e6, 687.6e6, 691e6, "range"), "$687.6M ($687.6M–$691M)"),
        ((None, None, None, "undisclosed"), "undisclosed"),
        ((None, None, None, "not_applicable"), "—"),
    ],
)
def test_amount_label_keeps_the_source_qualifier_and_range(args, text):
    assert fmt.amount_label(*args) == text


@pytest.mark.parametrize(
    ("value", "text"), [(150.0, "150×"), (12.307, "12.3×"), (6.0, "6×"), (None, "—"), (math.inf, "—")]
)
def test_ratio(value, text):
    assert fmt.ratio(value) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, False), (math.nan, False), (pd.NA, False), ("", False), ("x", True), (0.0, True)],
)
def test_present(value, expected):
    assert fmt.present(value) is expected


def test_count_pluralises():
    assert (fmt.count(1, "deal"), fmt.count(3, "deal"), fmt.count(1200, "deal")) == (
        "1 deal",
        "3 deals",
        "1,200 deals",
    )


def test_bounds_that_would_print_alike_keep_two_decimals():
    from fundgap.common.fmt import usd_bounds

    assert usd_bounds(60.45e9, 60.55e9) == "$60.45B–$60.55B"
    assert usd_bounds(65e6, 515e6) == "$65M–$515M"
    assert usd_bounds(8e8, float("inf")) == "at least $800M"
