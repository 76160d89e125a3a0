"""A total is stated once (issue 22): for every scope a reader can ask for (each Gulf investor, SoftBank,
SVF2, Amazon, Nvidia, Microsoft, each covered lab, SoftBank into OpenAI, the Gulf into the seed's labs), the
page's card, the index table's row, the engine's total and the export's counted rows agree to the dollar."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import pytest

from fundgap.analysis import aggregate
from fundgap.analysis.claims import documented_totals
from fundgap.analysis.coverage import covered_labs
from fundgap.analysis.entities import EntityIndex
from fundgap.analysis.filters import Filters
from fundgap.analysis.overview import bounds_text
from fundgap.analysis.rules import CountingRules
from fundgap.analysis.softbank import softbank_openai
from fundgap.analysis.view import View, with_entity_words
from fundgap.data import paths
from fundgap.data.load import read_dataset
from fundgap.export import snapshot as export
from fundgap.views.bundles import overview_page, softbank_page
from fundgap.views.ledger_bundles import investors_page, labs_page

INVESTORS = [
    *("qia", "mubadala", "mgx", "adia", "adq", "pif", "humain", "prosperity7", "kia", "oia", "atic"),
    *("kingdom_holding", "g42", "softbank", "svf2", "amazon", "nvidia", "microsoft"),
]
RULE_SETS = [CountingRules(), CountingRules(unverified=True, secondary=True, infrastructure=True)]


@pytest.fixture(scope="module")
def data():
    return read_dataset(paths.DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def index(data):
    return EntityIndex.from_frame(data.entities)


_INDEXES: dict[CountingRules, pd.DataFrame] = {}


def investor_index(data, rules: CountingRules) -> pd.DataFrame:
    """The Investors page's list under these rules, built once per rule set for the whole module."""
    if rules not in _INDEXES:
        page = investors_page(data, View(Filters(), rules))
        _INDEXES[rules] = page.index.table.to_pandas().set_index("Investor")
    return _INDEXES[rules]


def exported_counted(data, view: View) -> tuple[float, int]:
    """The low end the CSV's counted rows add up to, and how many rows it counts: what a reader who sums the
    download gets."""
    csv = export.to_csv(export.snapshot(data.figures, view, data.version))
    rows = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    counted = rows[rows["counted_in_totals"].astype(str) == "True"]
    low = counted["amount_low_usd"].fillna(counted["amount_usd"]).fillna(0)
    return float(low.sum()), len(counted)


def agrees_with_export(data, view: View, total: aggregate.Total) -> None:
    low, n_counted = exported_counted(data, view)
    assert (round(low), n_counted) == (round(total.low), total.n_counted)


@pytest.mark.parametrize("rules", RULE_SETS, ids=["default", "all-switches-on"])
@pytest.mark.parametrize("investor", INVESTORS)
def test_an_investors_page_its_index_row_and_its_export_state_one_total(data, index, investor, rules):
    view = View(with_entity_words(Filters(investor=(investor,)), index), rules)
    total = aggregate.view_total(data.figures, view)
    card = {fact.label: fact.value for fact in investors_page(data, view).facts}["Counted money"]
    assert card == bounds_text(total)
    listed = investor_index(data, rules)
    if index.names[investor] in listed.index:
        assert listed.loc[index.names[investor], "Counted money"].split(" (")[0] == card
    else:  # the index lists investors with a row of their own; one without any has nothing to count
        assert (card, total.n_counted) == ("none documented", 0)
    agrees_with_export(data, view, total)


def test_an_owners_total_includes_its_vehicles_and_a_vehicle_says_it_is_part_of_its_owners(data, index):
    owner = aggregate.view_total(data.figures, View(with_entity_words(Filters(investor=("softbank",)), index)))
    vehicle = aggregate.view_total(data.figures, View(with_entity_words(Filters(investor=("svf2",)), index)))
    assert vehicle.low <= owner.low and set(vehicle.figure_ids) <= set(owner.figure_ids)
    facts = investors_page(data, View(with_entity_words(Filters(investor=("svf2",)), index))).facts
    assert facts[2].detail.endswith("part of SoftBank Group's total")


@pytest.mark.parametrize("rules", RULE_SETS, ids=["default", "all-switches-on"])
def test_each_covered_labs_page_its_index_row_and_its_export_state_one_total(data, index, rules):
    listed = labs_page(data, View(Filters(), rules)).index.table.to_pandas().set_index("Lab")
    labs = covered_labs(data.entities, data.figures)["entity_id"]
    assert len(labs) >= 10
    for lab in labs:
        view = View(with_entity_words(Filters(recipient=(lab,)), index), rules)
        total = aggregate.view_total(data.figures, view)
        card = {fact.label: fact.value for fact in labs_page(data, view).facts}["Money counted"]
        assert card == bounds_text(total), lab
        if index.names[lab] in listed.index:
            assert listed.loc[index.names[lab], "Money counted"] == card, lab
        agrees_with_export(data, view, total)


@pytest.mark.parametrize("rules", RULE_SETS, ids=["default", "all-switches-on"])
def test_softbank_into_openai_reads_the_same_on_its_page_the_investors_page_the_claim_and_the_export(
    data, index, rules
):
    page = {fact.label: fact.value for fact in softbank_page(data, View(Filters(), rules)).facts}
    money = softbank_openai(data.figures, data.claims, rules)
    scope = View(with_entity_words(Filters(investor=("softbank",), recipient=("openai",)), index), rules)
    total = aggregate.view_total(data.figures, scope)
    assert page["OpenAI: paid in"] == bounds_text(money.paid)
    assert bounds_text(money.openai) == bounds_text(total)
    assert bounds_text(documented_totals(data.figures, data.claims, rules)[money_claim(data)].total) == (
        bounds_text(total)
    )
    agrees_with_export(data, scope, total)


def money_claim(data) -> str:
    return str(data.claims.loc[data.claims["headline"] == "softbank_openai", "claim_id"].iloc[0])


@pytest.mark.parametrize("rules", RULE_SETS, ids=["default", "all-switches-on"])
def test_the_gulf_into_the_seeds_labs_reads_the_same_on_the_overview_the_claims_and_the_export(
    data, index, rules
):
    cards = {fact.label: fact.value for fact in overview_page(data, View(Filters(), rules)).facts}
    claims = documented_totals(data.figures, data.claims, rules)
    for headline in ("gulf_china", "gulf_us"):
        claim = data.claims[data.claims["headline"] == headline].iloc[0]
        labs = tuple(claim["compared_lab_ids"])
        view = View(with_entity_words(Filters(investor_region=("Gulf",), recipient=labs), index), rules)
        total = aggregate.view_total(data.figures, view)
        assert cards[f"Documented: {claim['headline_label']}"] == bounds_text(total)
        assert bounds_text(claims[claim["claim_id"]].total) == bounds_text(total)
        agrees_with_export(data, view, total)


def test_a_commitment_and_the_tranches_that_fill_it_are_never_both_added(data):
    rules = CountingRules()
    counted = data.figures[aggregate.counted_mask(data.figures, rules)]
    tranche_deals = set(counted.loc[counted["flow_kind"] == "equity_tranche", "deal_id"])
    paid = counted[(counted["record_type"] == "participation") & counted["deal_id"].isin(tranche_deals)]
    assert paid.empty, list(paid["figure_id"])  # a counted tranche deal is never counted again by its ticket
    commitments = set(counted.loc[counted["flow_kind"] == "commitment", "figure_id"])
    parents = set(counted.loc[counted["flow_kind"] == "equity_tranche", "part_of"].dropna())
    assert not commitments & parents


def test_switching_a_rule_changes_every_statement_of_a_total_together(data, index):
    view = View(with_entity_words(Filters(investor=("svf2",)), index))
    with_secondary = replace(view, rules=view.rules.changed(secondary=True))
    assert aggregate.view_total(data.figures, with_secondary).low > aggregate.view_total(data.figures, view).low
    card = {f.label: f.value for f in investors_page(data, with_secondary).facts}["Counted money"]
    assert card == bounds_text(aggregate.view_total(data.figures, with_secondary))
