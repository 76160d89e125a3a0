"""The charts of the seed's theses on the Claims page: which claim gets which chart, built from the dataset
and the view. Pure builders, no Streamlit: each returns the figure and the dataset rows behind it (what it
draws and every figure bearing on the claim), for the chart's table and CSV."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from fundgap.analysis import theses
from fundgap.analysis.claims import ClaimCard
from fundgap.analysis.view import View
from fundgap.common.i18n import EN
from fundgap.data.load import Dataset
from fundgap.views.charts import theses as thesis_charts

Built = tuple[go.Figure, pd.DataFrame]


def thesis_chart(
    card: ClaimCard, data: Dataset, view: View, in_view: pd.DataFrame, subtitle: str
) -> Built | None:
    """The chart of a thesis claim, or None for a claim drawn the usual way (its amount against evidence)."""
    builder = BUILDERS.get(str(card.claim["claim_id"]))
    if builder is None:
        return None
    figure, drawn = builder(card, data, view, in_view, subtitle)
    rows = pd.concat([drawn, card.evidence])
    return figure, rows[~rows["figure_id"].duplicated()]


def _state(card: ClaimCard, data: Dataset, view: View, in_view: pd.DataFrame, subtitle: str) -> Built:
    china = theses.money_by_investor_class(in_view, data.entities, view.rules, "China")
    us = theses.money_by_investor_class(in_view, data.entities, view.rules, "United States")
    context = theses.state_context(in_view, data.entities)
    figure = thesis_charts.state_money_chart(china, us, context, in_view, subtitle, lang=view.lang)
    ids = {*china.deals["figure_id"], *us.deals["figure_id"], *context["figure_id"]}
    return figure, in_view[in_view["figure_id"].isin(ids)]


def _named(entities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The entities with each lab's short name in `lang`: its name_zh where the ledger gives one, as the
    rows (loading.named_in) name it, so a lab reads the same in every chart and label. A name_zh that only
    repeats the English name ("Reflection AI") leaves the short name ("Reflection")."""
    if lang == EN or "name_zh" not in entities:
        return entities
    local = entities["name_zh"].astype(object)
    given = local.notna() & (local.astype(str) != "") & (local.astype(str) != entities["name"].astype(str))
    return entities.assign(short_name=local.where(given, entities["short_name"]))


def _valuations(card: ClaimCard, data: Dataset, view: View, in_view: pd.DataFrame, subtitle: str) -> Built:
    values = theses.lab_valuations(in_view, _named(data.entities, view.lang))
    figure = thesis_charts.valuations_chart(values, in_view, subtitle, lang=view.lang)
    return figure, in_view[in_view["figure_id"].isin(values["figure_id"])]


def _listings(card: ClaimCard, data: Dataset, view: View, in_view: pd.DataFrame, subtitle: str) -> Built:
    listed = theses.listings(in_view, _named(data.entities, view.lang))
    figure = thesis_charts.listings_chart(listed, in_view, subtitle, lang=view.lang)
    ids = {
        *(i for item in listed for i in item.values["figure_id"]),
        *(str(item.ipo["figure_id"]) for item in listed),
        *(str(item.cornerstone["figure_id"]) for item in listed if item.cornerstone is not None),
        *(i for item in listed for i in item.other_private["figure_id"]),
    }
    return figure, in_view[in_view["figure_id"].isin(ids)]


def _alibaba(card: ClaimCard, data: Dataset, view: View, in_view: pd.DataFrame, subtitle: str) -> Built:
    seed = card.claim.get("seed_figure_id")
    values = theses.company_values(in_view, ("alibaba",))
    values = values[values["figure_id"] != seed]
    figure = thesis_charts.alibaba_chart(values, card.claim, in_view, subtitle, lang=view.lang)
    return figure, in_view[in_view["figure_id"].isin(values["figure_id"])]


BUILDERS: dict[str, Callable[[ClaimCard, Dataset, View, pd.DataFrame, str], Built]] = {
    theses.STATE_CLAIM: _state,
    theses.VALUATION_CLAIM: _valuations,
    theses.IPO_CLAIM: _listings,
    theses.ALIBABA_CLAIM: _alibaba,
}
