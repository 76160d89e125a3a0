"""The seed's theses (issue 23): investor classes, money by kind of investor, valuations over time, the Hong
Kong listings and the charts' text helpers, on small frames built here with exact expected values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from fundgap.analysis import theses
from fundgap.analysis.rules import CountingRules
from fundgap.views.charts import theses as thesis_charts

# -- investor classes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "region", "owners", "expected"),
    [
        ("sovereign_fund", "Gulf", frozenset(), theses.FOREIGN),
        ("state_fund", "China", frozenset(), theses.STATE_FUNDS),
        ("state_investment_company", "China", frozenset(), theses.STATE_FUNDS),
        ("state_owned_enterprise", "China", frozenset(), theses.STATE_COMPANIES),
        ("private_equity", "China", frozenset({"state_owned_enterprise"}), theses.STATE_COMPANIES),
        ("corporate", "China", frozenset({"state_fund"}), theses.STATE_COMPANIES),
        ("corporate", "China", frozenset({"corporate"}), theses.PRIVATE_COMPANIES),
        ("corporate_venture", "China", frozenset(), theses.PRIVATE_COMPANIES),
        ("venture", "China", frozenset(), theses.FUNDS),
        ("asset_manager", "China", frozenset(), theses.FUNDS),
        ("person", "China", frozenset(), theses.OTHER),
        ("venture", "Mixed", frozenset(), theses.OTHER),
        ("venture", "", frozenset(), theses.OTHER),
        ("corporate", "Japan", frozenset(), theses.FOREIGN),
    ],
)
def test_an_investor_is_classed_from_the_labs_side(kind, region, owners, expected):
    assert theses.classify(kind, region, owners, "China") == expected


def test_state_ownership_is_followed_through_every_owner():
    entities = pd.DataFrame(
        {
            "entity_id": ["arm", "parent", "soe", "us_vc", "plain"],
            "kind": ["private_equity", "corporate", "state_owned_enterprise", "venture", "corporate"],
            "region": ["China", "China", "China", "United States", "China"],
            "owner_ids": [["parent"], ["soe"], None, None, None],
        }
    )
    assert theses.investor_classes(entities, "China") == {
        "arm": theses.STATE_COMPANIES,
        "parent": theses.STATE_COMPANIES,
        "soe": theses.STATE_COMPANIES,
        "us_vc": theses.FOREIGN,
        "plain": theses.PRIVATE_COMPANIES,
    }
    assert theses.investor_classes(entities, "United States")["us_vc"] == theses.FUNDS


# -- money by kind of investor ------------------------------------------------------------------------

ENTITIES = pd.DataFrame(
    {
        "entity_id": ["lab_cn", "state", "tech", "vc", "gulf", "lab_us"],
        "kind": ["lab", "state_fund", "corporate", "venture", "sovereign_fund", "lab"],
        "region": ["China", "China", "China", "China", "Gulf", "United States"],
        "owner_ids": [None] * 6,
        "short_name": ["CN lab", None, None, None, None, "US lab"],
        "name": ["CN lab", "State fund", "Tech", "VC", "Gulf fund", "US lab"],
    }
)


def _row(
    figure_id, record_type, deal_id, amount, year, investor=None, part_of=None, kind="round_total", **extra
):
    return {
        "figure_id": figure_id,
        "record_type": record_type,
        "deal_id": deal_id,
        "part_of": part_of,
        "flow_kind": kind,
        "status": extra.pop("status", "VERIFIED"),
        "amount_usd": amount,
        "amount_low_usd": None,
        "amount_high_usd": None,
        "amount_kind": "exact" if amount is not None else "undisclosed",
        "investor_id": investor,
        "recipient": extra.pop("recipient", "CN lab"),
        "recipient_id": extra.pop("recipient_id", "lab_cn"),
        "period_start": str(year) if year else None,
        "year_start": float(year) if year else float("nan"),
        "deal_amount_usd": None,
        **extra,
    }


def _ledger() -> pd.DataFrame:
    rows = [
        # 2024: a $100M round joined by a state fund ($30M ticket) and a tech company (ticket undisclosed)
        _row("r1", "deal", "r1", 100e6, 2024),
        _row("r1__state", "participation", "r1", 30e6, 2024, "state", "r1", "equity_round_participation"),
        _row("r1__tech", "participation", "r1", None, 2024, "tech", "r1", "equity_round_participation"),
        # 2024: a $50M round with a venture fund only
        _row("r2", "deal", "r2", 50e6, 2024),
        _row("r2__vc", "participation", "r2", None, 2024, "vc", "r2", "equity_round_participation"),
        # 2025: a commitment paid through one $20M tranche; the Gulf fund is named on the commitment only
        _row("c1", "deal", "c1", 80e6, 2025, kind="commitment"),
        _row("c1__gulf", "participation", "c1", 80e6, 2025, "gulf", "c1", "commitment"),
        _row("t1", "deal", "t1", 20e6, 2025, part_of="c1", kind="equity_tranche"),
        # 2025: a round that names nobody
        _row("r3", "deal", "r3", 10e6, 2025),
        # a rejected report names an investor that must not count
        _row(
            "r1__rejected",
            "participation",
            "r1",
            None,
            2024,
            "gulf",
            "r1",
            "equity_round_participation",
            status="REJECT",
        ),
        # a US lab's round is not a Chinese lab's
        _row("u1", "deal", "u1", 999e6, 2024, recipient="US lab", recipient_id="lab_us"),
    ]
    return pd.DataFrame(rows)


def test_money_is_given_by_kind_of_investor_as_bounds():
    money = theses.money_by_investor_class(_ledger(), ENTITIES, CountingRules(), "China")
    cells = {
        (row.year, row.investor_class): (row.joined_usd, row.disclosed_usd, row.n_deals, row.n_investors)
        for row in money.by_class.itertuples()
    }
    assert cells == {
        (2024, theses.STATE_FUNDS): (100e6, 30e6, 1, 1),
        (2024, theses.PRIVATE_COMPANIES): (100e6, 0.0, 1, 1),
        (2024, theses.FUNDS): (50e6, 0.0, 1, 1),
        # the tranche is paid by whoever made the commitment; the commitment's ticket is not the tranche's
        (2025, theses.FOREIGN): (20e6, 0.0, 1, 1),
    }
    assert money.years.to_dict("records") == [
        {"year": 2024, "total_usd": 150e6, "unnamed_usd": 0.0, "n_deals": 2},
        {"year": 2025, "total_usd": 30e6, "unnamed_usd": 10e6, "n_deals": 2},
    ]
    assert list(money.joined_by(theses.STATE_CLASSES)["figure_id"]) == ["r1"]
    assert money.undated_usd == 0.0


def test_an_investor_filter_counts_each_ticket_by_itself():
    ledger = _ledger()
    participations = ledger[ledger["record_type"] == "participation"]
    money = theses.money_by_investor_class(participations, ENTITIES, CountingRules(), "China")
    # Without the deals in view each ticket stands alone: undisclosed ones add nothing, a commitment its all.
    assert list(money.deals["figure_id"]) == ["r1__state", "r1__tech", "r2__vc", "c1__gulf"]
    assert money.years["total_usd"].tolist() == [30e6, 80e6]
    assert money.by_class.loc[money.by_class["year"] == 2025, "investor_class"].tolist() == [theses.FOREIGN]


def test_a_tranches_participation_is_not_counted_beside_the_tranche():
    ledger = _ledger()
    tranche_part = _row("t1__gulf", "participation", "t1", 20e6, 2025, "gulf", "c1__gulf", "equity_tranche")
    money = theses.money_by_investor_class(
        pd.concat([ledger, pd.DataFrame([tranche_part])], ignore_index=True),
        ENTITIES,
        CountingRules(),
        "China",
    )
    assert money.years.loc[money.years["year"] == 2025, "total_usd"].tolist() == [30e6]
    foreign = money.by_class[money.by_class["investor_class"] == theses.FOREIGN].iloc[0]
    assert (foreign["joined_usd"], foreign["disclosed_usd"]) == (20e6, 20e6)


# -- valuations ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("post-money", theses.POST_MONEY),
        ("post-money ($350B pre-money)", theses.POST_MONEY),
        ("post-money; more than (the quote)", theses.POST_MONEY),
        ("pre-money", theses.PRE_MONEY),
        ("as stated (the Series G's pre-money)", theses.PRE_MONEY),
        ("about; secondary sources give US$1.16B post-money", theses.AS_REPORTED),
        ("valuation", theses.AS_REPORTED),
        (None, theses.AS_REPORTED),
    ],
)
def test_a_valuation_basis_is_read_from_its_note(note, expected):
    assert theses.valuation_basis(note) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025", pd.Timestamp("2025-07-01")),
        ("2024-Q3", pd.Timestamp("2024-08-01")),
        ("2024-05", pd.Timestamp("2024-05-01")),
        ("2026-01-09", pd.Timestamp("2026-01-09")),
        ("", None),
        (None, None),
    ],
)
def test_a_period_has_one_place_on_a_time_axis(period, expected):
    assert theses.period_date(period) == expected


def test_hong_kong_dollars_are_drawn_across_the_peg_band():
    assert theses.hkd_in_usd(78e9, "exact") == (10e9, 78e9 / 7.85, 78e9 / 7.75)
    value, low, high = theses.hkd_in_usd(78e9, "approximate")
    assert (value, low, high) == (10e9, 78e9 / 7.85 * 0.9, 78e9 / 7.75 * 1.1)
    assert math.isinf(theses.hkd_in_usd(3e12, "lower_bound")[2])


def _values_frame() -> pd.DataFrame:
    def row(figure_id, recipient_id, usd, kind, period, note=None, original=None, currency=None, **extra):
        return {
            "figure_id": figure_id,
            "record_type": extra.pop("record_type", "figure"),
            "flow_kind": extra.pop("flow_kind", "market_value"),
            "recipient": "CN lab",
            "recipient_id": recipient_id,
            "recipient_region": "China",
            "investor_id": extra.pop("investor_id", None),
            "investor_type": extra.pop("investor_type", "not_applicable"),
            "status": extra.pop("status", "VERIFIED"),
            "amount_usd": usd,
            "amount_low_usd": usd if kind == "lower_bound" else None,
            "amount_high_usd": None,
            "amount_kind": kind,
            "amount_original": original,
            "currency_original": currency,
            "period_start": period,
            "date_note": note,
            "valuation_usd": extra.pop("valuation_usd", None),
            "valuation_note": extra.pop("valuation_note", None),
        }

    return pd.DataFrame(
        [
            row("listing", "lab_cn", 6.5e9, "exact", "2026-01-09", "at the offer price (HK$165)"),
            row("later", "lab_cn", None, "lower_bound", "2026-03-26", "as of the page's date", 330e9, "HKD"),
            row("yuan", "lab_cn", None, "exact", "2025-12-19", None, 24e9, "CNY"),
            row("stake", "lab_cn", 1e9, "exact", "2026-02", investor_id="tech", investor_type="corporate"),
            row("rejected", "lab_cn", 9e9, "exact", "2026-02", status="REJECT"),
            row(
                "round",
                "lab_cn",
                3e8,
                "exact",
                "2025",
                record_type="deal",
                flow_kind="round_total",
                valuation_usd=4e9,
                valuation_note="post-money; more than",
            ),
        ]
    )


def test_company_values_keep_whole_company_values_in_dollars_or_hong_kong_dollars():
    values = theses.company_values(_values_frame(), ["lab_cn"])
    assert values["figure_id"].tolist() == ["listing", "later"]
    assert values["basis"].tolist() == [theses.LISTING, theses.MARKET]
    later = values.iloc[1]
    assert (later["value_usd"], later["low_usd"], later["converted"], later["open_ended"]) == (
        330e9 / 7.8,
        330e9 / 7.85,
        True,
        True,
    )


def test_lab_valuations_put_rounds_and_listings_on_one_time_line():
    values = theses.lab_valuations(_values_frame(), ENTITIES, ("China",))
    assert values[["figure_id", "lab", "basis", "value_usd"]].to_dict("records") == [
        {"figure_id": "round", "lab": "CN lab", "basis": theses.POST_MONEY, "value_usd": 4e9},
        {"figure_id": "listing", "lab": "CN lab", "basis": theses.LISTING, "value_usd": 6.5e9},
        {"figure_id": "later", "lab": "CN lab", "basis": theses.MARKET, "value_usd": 330e9 / 7.8},
    ]
    last = theses.latest_private_values(values, pd.Timestamp("2026-01-09"))
    assert last["figure_id"].tolist() == ["round"]
    assert theses.multiple(6.5e9, 4e9) == 1.625
    assert theses.multiple(6.5e9, None) is None


def test_a_listing_reads_its_ipo_book_and_values():
    frame = _values_frame()
    ipo = {
        "figure_id": "ipo",
        "record_type": "deal",
        "flow_kind": "ipo_total",
        "recipient": "CN lab (HK)",
        "recipient_id": "lab_cn",
        "recipient_region": "China",
        "status": "VERIFIED",
        "amount_usd": 619e6,
        "amount_low_usd": 557.1e6,
        "amount_high_usd": 680.9e6,
        "amount_kind": "approximate",
        "amount_original": 4.8e9,
        "currency_original": "HKD",
        "period_start": "2026-01-09",
        "part_of": None,
    }
    book = {**ipo, "figure_id": "book", "flow_kind": "ipo_cornerstone", "part_of": "ipo", "amount_usd": 350e6}
    book.update(amount_low_usd=315e6, amount_high_usd=385e6, amount_original=None, currency_original=None)
    frame = pd.concat(
        [frame.assign(part_of=None, claim_id=None), pd.DataFrame([ipo, book])], ignore_index=True
    )
    frame.loc[frame["figure_id"] == "yuan", ["flow_kind", "claim_id"]] = ["statement", theses.IPO_CLAIM]
    (listing,) = theses.listings(frame, ENTITIES, ("lab_cn",))
    assert listing.date == pd.Timestamp("2026-01-09")
    assert listing.cornerstone["figure_id"] == "book"
    assert listing.last_private["figure_id"] == "round"
    assert listing.other_private["figure_id"].tolist() == ["yuan"]
    assert listing.latest["figure_id"] == "later"
    assert thesis_charts.listing_facts(listing) == [
        "Raised about $619M (HK$4.8B)",
        "Cornerstone book: about $350M",
        "Listing value at the offer price: $6.5B",
        "Last private valuation in US$: $4B (2025, post-money)",
        "Last private round, post-money: ¥24B (prospectus, 2025-12; not drawn)",
        "Latest market value: more than HK$330B (more than $42.3B at the HK$ peg) (2026-03-26)",
    ]


# -- chart text helpers -------------------------------------------------------------------------------


def test_sources_are_named_best_level_first_and_the_rest_counted():
    rows = pd.DataFrame(
        {
            "source_level": [4, 1, 2, 2, 3, 4],
            "source_publisher": [
                "Blog",
                "Stanford AI Index",
                "Reuters",
                "Reuters",
                "SCMP copy",
                "Aggregator",
            ],
        }
    )
    assert thesis_charts.ranked_sources(rows, limit=3) == (
        "level 1 · Stanford AI Index",
        "level 2 · Reuters",
        "level 3 · SCMP copy",
        "other sources: 2 more (level 4), named in the hover text",
    )
    # The base source line sorts its entries: the level order survives it, the count stays last.
    assert sorted(thesis_charts.ranked_sources(rows, limit=3)) == list(
        thesis_charts.ranked_sources(rows, limit=3)
    )


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [(51e9, "HKD", "HK$51B"), (24.377e9, "CNY", "¥24.38B"), (2.98e9, "HKD", "HK$2.98B"), (None, "HKD", "")],
)
def test_an_amount_in_its_own_currency(amount, currency, expected):
    assert thesis_charts.original_text(amount, currency) == expected
